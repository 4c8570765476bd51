//! Reading documents and annotations from files. Each format lives in its own
//! module and reports problems with the file, the place and what is wrong;
//! nothing else in the crate knows file syntax.

pub mod brat;
pub mod conll;
pub mod corpus;
pub mod curated;
pub mod doccano;
pub mod graph;
pub mod markdown;
pub mod native;
pub mod patterns;
pub mod prodigy;
pub mod raw_json;
pub mod standoff;
pub mod text;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::display::count;
use crate::link::{Linker, discover};
use crate::model::{Document, EntityId, Model};

/// The article bundled with entscope, shown when no file is given.
pub const BUNDLED_TEXT: &str = include_str!("../../assets/japan-nz-partnership.txt");
/// The hand-curated annotation of [`BUNDLED_TEXT`].
pub const BUNDLED_CATALOG: &str = include_str!("../../assets/japan-nz-partnership.entities.json");
pub const BUNDLED_TEXT_NAME: &str = "japan-nz-partnership.txt (bundled)";
pub const BUNDLED_CATALOG_NAME: &str = "japan-nz-partnership.entities.json (bundled)";

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A line, one-based.
    Line(usize),
    /// A line and column, both one-based.
    LineColumn(usize, usize),
    /// A path into a JSON value, such as `entities[3].id`.
    JsonPath(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub place: Place,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(file: impl Into<String>, place: Place, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            place,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(file: impl Into<String>, place: Place, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, place, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File names and messages quote input: neither reaches a terminal raw.
        let file = crate::display::visible(&self.file);
        match &self.place {
            Place::File => write!(f, "{file}: ")?,
            Place::Line(line) => write!(f, "{file}:{line}: ")?,
            Place::LineColumn(line, column) => write!(f, "{file}:{line}:{column}: ")?,
            Place::JsonPath(path) => write!(f, "{file}: {}: ", crate::display::visible(path))?,
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        // Problems quote document text; keep it on one visible line.
        f.write_str(&crate::display::visible(&self.message))
    }
}

/// Problems found while loading; at least one is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        Problems(vec![p])
    }
}

/// A loaded document, with what it came from and anything worth a warning.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub model: Model,
    /// The document file (or folder) as the user named it.
    pub file: String,
    /// The catalog in use, if any.
    pub catalog: Option<String>,
    /// Where the entities come from, for the status line.
    pub annotation: String,
    /// Problems met and got past: warnings, and errors whose line or
    /// record was skipped while the rest of its document loaded.
    pub problems: Vec<Problem>,
    /// Documents that could not be read at all, one problem each saying why.
    pub refused: Vec<Problem>,
    /// Files in the folders opened that are not documents entscope reads
    /// (images, hidden or ignored files, FIFOs, links out of the folder).
    pub passed_over: Vec<Problem>,
    /// How many documents were read.
    pub documents: usize,
    /// Where a curation of it is saved.
    pub target: curated::Target,
}

impl Loaded {
    /// A freshly read document: no problems yet.
    pub fn new(model: Model, file: impl Into<String>, annotation: impl Into<String>) -> Self {
        let annotation: String = annotation.into();
        Loaded {
            model,
            file: file.into(),
            catalog: None,
            annotation: annotation.clone(),
            problems: Vec::new(),
            refused: Vec::new(),
            passed_over: Vec::new(),
            documents: 1,
            target: curated::Target::Cannot(format!(
                "{} cannot be saved: curation saves entscope catalogs and documents, and brat files",
                annotation_kind(&annotation)
            )),
        }
    }

    /// Puts problems found before building (while reading records) ahead
    /// of those the build found, so they read in file order.
    pub fn problems_first(&mut self, mut earlier: Vec<Problem>) {
        earlier.append(&mut self.problems);
        self.problems = earlier;
    }

    /// How many lines or records were skipped for errors.
    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    /// Whether anything the user asked for was left out: a refused
    /// document or a skipped line. Commands then exit with failure.
    pub fn lost_anything(&self) -> bool {
        !self.refused.is_empty() || self.skipped() > 0
    }

    /// "read 11 of 12 documents; 1 refused, 3 lines skipped", when anything
    /// was lost; `None` when everything was read.
    pub fn loss(&self) -> Option<String> {
        if !self.lost_anything() {
            return None;
        }
        let total = self.documents + self.refused.len();
        let mut lost = Vec::new();
        if !self.refused.is_empty() {
            lost.push(format!("{} refused", self.refused.len()));
        }
        // Line-based formats skip lines; JSON ones skip records, or read
        // them without a bad field or alias.
        let records = self
            .problems
            .iter()
            .filter(|p| p.is_error() && matches!(p.place, Place::JsonPath(_)))
            .count();
        let lines = self.skipped() - records;
        if lines > 0 {
            lost.push(format!("{} skipped", count(lines, "line")));
        }
        if records > 0 {
            lost.push(format!(
                "{} with errors (skipped or read in part)",
                count(records, "record")
            ));
        }
        Some(format!(
            "read {} of {}; {}",
            self.documents,
            count(total, "document"),
            lost.join(", ")
        ))
    }

    /// "passed over 12 files that are not documents", when any were.
    pub fn passed_over_summary(&self) -> Option<String> {
        (!self.passed_over.is_empty()).then(|| {
            format!(
                "passed over {} that are not documents entscope reads (the explorer's d lists them)",
                count(self.passed_over.len(), "file")
            )
        })
    }
}

/// What to open: files, folders, or (with none) the bundled article.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub files: Vec<PathBuf>,
    pub catalog: Option<PathBuf>,
    /// Read every file as this format, whatever its name says.
    pub format: Option<Format>,
    /// The offset unit of doccano files, instead of detecting it.
    pub offsets: Option<doccano::OffsetUnit>,
    /// Follow symbolic links out of the folders opened.
    pub follow: bool,
    /// The columns of doccano records, where a project renamed them.
    pub text_field: Option<String>,
    pub label_field: Option<String>,
    /// Which Prodigy answers to show (accepted ones by default).
    pub answer: prodigy::Answer,
}

/// How to read files: the request's choices, for one file at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    pub catalog: Option<&'a Path>,
    pub format: Option<Format>,
    pub offsets: Option<doccano::OffsetUnit>,
    pub follow: bool,
    pub fields: doccano::Fields<'a>,
    pub answer: prodigy::Answer,
}

impl Request {
    pub fn options(&self) -> ReadOptions<'_> {
        ReadOptions {
            catalog: self.catalog.as_deref(),
            format: self.format,
            offsets: self.offsets,
            follow: self.follow,
            fields: doccano::Fields {
                text: self.text_field.as_deref(),
                label: self.label_field.as_deref(),
            },
            answer: self.answer,
        }
    }
}

/// The formats entscope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// entscope's JSON document
    Json,
    Markdown,
    Text,
    /// brat standoff: NAME.txt with NAME.ann (or .a1/.a2) beside it
    Brat,
    /// doccano JSONL export (NER or relation)
    Doccano,
    /// Prodigy JSONL
    Prodigy,
    /// `CoNLL` NER columns (IOB1, IOB2, IOBES/BILOU)
    Conll,
}

impl Format {
    /// The format of a file by its name, what sits beside it and, for JSONL,
    /// its first record. `None` for files entscope does not read (images,
    /// archives...) and for files that go with another (catalogs, `.ann`,
    /// brat's `.conf`).
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".entities.json") {
            return None;
        }
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "json" => Some(Format::Json),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "jsonl" | "ndjson" => jsonl_flavour(path),
            "conll" | "conll03" | "iob" | "iob1" | "iob2" | "bio" | "bioes" | "iobes" | "bilou" => {
                Some(Format::Conll)
            }
            "txt" | "text" | "" if !brat::annotation_files(path).is_empty() => Some(Format::Brat),
            "txt" | "text" | "" => Some(Format::Text),
            _ => None,
        }
    }
}

/// doccano or Prodigy, by the keys of the first record; `None` for a
/// patterns file, which is a catalog.
fn jsonl_flavour(path: &Path) -> Option<Format> {
    use std::io::BufRead;
    // Only the first record is read here; the whole file is read once, later.
    // The first line of the first megabyte: a file of one enormous line is
    // not read whole just to be told apart.
    let first = crate::files::open_regular(path).ok().and_then(|f| {
        std::io::BufReader::new(std::io::Read::take(f, 1 << 20))
            .lines()
            .map_while(Result::ok)
            .find(|l| !l.trim().is_empty())
    });
    match first.and_then(|l| serde_json::from_str::<serde_json::Value>(&l).ok()) {
        Some(v) if v.get("pattern").is_some() && v.get("label").is_some() => None,
        Some(v)
            if v.get("tokens").is_some()
                || v.get("answer").is_some()
                || v.get("spans").is_some() =>
        {
            Some(Format::Prodigy)
        }
        _ => Some(Format::Doccano),
    }
}

/// Opens what the command line names: one document, or several as a corpus.
pub fn open(request: &Request) -> Result<Loaded, Problems> {
    match request.files.as_slice() {
        [] => match &request.catalog {
            // A catalog alone: its entities, to search and list.
            Some(catalog) => open_catalog(catalog),
            None => open_bundled(),
        },
        [one] if is_catalog(one) && request.catalog.is_none() => open_catalog(one),
        [one] if !one.is_dir() => open_path(one, request.options()),
        many => corpus::open(many, request.options()),
    }
}

/// Whether a file is a catalog rather than a document: `NAME.entities.json`,
/// a JSON file whose first key is `entities` (no document in it), or a
/// patterns file.
pub fn is_catalog(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".entities.json") {
        return true;
    }
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "json" => first_json_key(path).as_deref() == Some("entities"),
        "jsonl" | "ndjson" => Format::of(path).is_none(),
        _ => false,
    }
}

/// The first key of the JSON object a file holds, read from its first bytes.
fn first_json_key(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let n = crate::files::open_regular(path)
        .ok()?
        .read(&mut head)
        .ok()?;
    let head = std::str::from_utf8(&head[..n]).ok()?;
    let rest = head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .strip_prefix('{')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// A catalog opened on its own: its entities and relations, no text, no
/// linking (for `search`, `entities` and `show` over a catalog).
pub fn open_catalog(path: &Path) -> Result<Loaded, Problems> {
    let name = display_name(path);
    let (file, skipped) = read_catalog(path)?;
    crate::timing::phase("read the catalog");
    if file
        .document
        .as_ref()
        .is_some_and(|d| d.paragraphs.is_some())
    {
        // A document that lists its entities first: open it as one.
        let mut loaded = native::resolve_document(&name, file)?;
        loaded.annotation = "annotated in the file".into();
        return Ok(loaded);
    }
    let mut loaded = native::catalog_only(&name, file)?;
    loaded.problems_first(skipped);
    Ok(loaded)
}

/// Opens one file, in the format forced or detected.
pub fn open_path(path: &Path, options: ReadOptions) -> Result<Loaded, Problems> {
    let format = options
        .format
        .or_else(|| Format::of(path))
        .or_else(|| annotation_text(path).map(|_| Format::Brat))
        .unwrap_or(Format::Text);
    // An annotation file named on its own opens with its text.
    let path = match (format, annotation_text(path)) {
        (Format::Brat, Some(text)) => text,
        _ => path.to_path_buf(),
    };
    open_file(&path, options, format)
}

/// The `.txt` of a brat annotation file (`.ann`, `.a1`, `.a2`).
fn annotation_text(path: &Path) -> Option<PathBuf> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    matches!(ext.as_str(), "ann" | "a1" | "a2").then(|| brat::text_of(path))
}

/// What a source's annotations are, for a message ("a corpus", "this file").
fn annotation_kind(annotation: &str) -> String {
    if annotation.is_empty() {
        "this file".into()
    } else {
        format!("this ({annotation})")
    }
}

/// What an empty document is refused with.
pub const EMPTY_FILE: &str = "the file is empty";

/// Opens one file. A text or Markdown file takes its catalog from
/// `--catalog`, else from `NAME.entities.json` beside it, else its entities
/// are discovered in the text.
pub fn open_file(path: &Path, options: ReadOptions, format: Format) -> Result<Loaded, Problems> {
    if format == Format::Brat {
        return brat::open(path);
    }
    let contents = read_text(path)?;
    if contents.trim().is_empty() {
        return Err(Problem::error(display_name(path), Place::File, EMPTY_FILE).into());
    }
    read_contents(path, contents, options, format)
}

/// Reads the contents of a file in one of the formats read from one file.
fn read_contents(
    path: &Path,
    contents: String,
    options: ReadOptions,
    format: Format,
) -> Result<Loaded, Problems> {
    let catalog = options.catalog;
    let name = display_name(path);
    Ok(match format {
        Format::Doccano => doccano::open(&name, &contents, options.offsets, &options.fields)?,
        Format::Prodigy => prodigy::open(&name, &contents, options.answer)?,
        Format::Conll => conll::open(&name, &contents)?,
        Format::Json => {
            if let Some(catalog) = catalog {
                return Err(Problem::error(
                    display_name(catalog),
                    Place::File,
                    format!("--catalog goes with a text file, but {name} is a JSON document"),
                )
                .into());
            }
            let file = native::parse(&name, &contents)?;
            drop(contents);
            let mut loaded = native::resolve_document(&name, file)?;
            loaded.annotation = "annotated in the file".into();
            loaded.target = curated::Target::Document(curated::Stamped::now(path.to_path_buf()));
            loaded
        }
        Format::Markdown => {
            let document = markdown::parse(&contents, &title_from_path(path));
            drop(contents); // the paragraphs hold the text now
            no_paragraph_too_long(&name, &document)?;
            with_catalog(path, &name, document, catalog)?
        }
        Format::Text => {
            let document = text::parse(&contents, &title_from_path(path));
            drop(contents);
            no_paragraph_too_long(&name, &document)?;
            with_catalog(path, &name, document, catalog)?
        }
        // A brat pair is read from its two files.
        Format::Brat => brat::open(path)?,
    })
}

/// The longest paragraph entscope lays out and reads for names. Past it,
/// discovery and the explorer would need gigabytes for one paragraph (a
/// file with no blank line): such a file is refused with a message, never
/// left to exhaust memory.
pub const LONGEST_PARAGRAPH: usize = 64 * 1024 * 1024;

fn no_paragraph_too_long(name: &str, document: &Document) -> Result<(), Problem> {
    match document
        .paragraphs
        .iter()
        .position(|p| p.text.len() > LONGEST_PARAGRAPH)
    {
        Some(i) => Err(Problem::error(
            name,
            Place::File,
            format!(
                "paragraph {} is {}, more than the {} entscope reads as one paragraph: split it with blank lines",
                i + 1,
                crate::display::bytes(document.paragraphs[i].text.len() as u64),
                crate::display::bytes(LONGEST_PARAGRAPH as u64)
            ),
        )),
        None => Ok(()),
    }
}

/// A text's entities: from `--catalog`, else from `NAME.entities.json`
/// beside it, else discovered in the text.
fn with_catalog(
    path: &Path,
    name: &str,
    document: Document,
    catalog: Option<&Path>,
) -> Result<Loaded, Problems> {
    crate::timing::phase("read paragraphs");
    let sibling = catalog_sibling(path).filter(|p| p.is_file());
    let Some(catalog_path) = catalog.map(Path::to_path_buf).or(sibling) else {
        let mut loaded = discovered(name, document);
        if let Some(sibling) = catalog_sibling(path) {
            loaded.target = curated::Target::Catalog(curated::Stamped::now(sibling));
        }
        return Ok(loaded);
    };
    let catalog_name = display_name(&catalog_path);
    let (catalog, skipped) = read_catalog(&catalog_path)?;
    crate::timing::phase("read the catalog");
    let patterns = catalog_path
        .extension()
        .is_some_and(|e| !e.eq_ignore_ascii_case("json"));
    let mut loaded = native::resolve_with_catalog(name, document, &catalog_name, &catalog)?;
    loaded.annotation = format!("catalog: {catalog_name}");
    loaded.problems_first(skipped);
    // A patterns file stays as it is: the curated catalog goes beside the text.
    let save_to = if patterns {
        catalog_sibling(path).unwrap_or(catalog_path)
    } else {
        catalog_path
    };
    loaded.target = curated::Target::Catalog(curated::Stamped::now(save_to));
    Ok(loaded)
}

/// A catalog file: entscope's JSON, or a spaCy/Prodigy patterns file (with
/// the patterns it had to skip).
pub fn read_catalog(path: &Path) -> Result<(native::NativeFile, Vec<Problem>), Problems> {
    let name = display_name(path);
    let contents = read_text(path)?;
    if patterns::is_patterns(&contents) {
        return Ok(patterns::catalog(&name, &contents)?);
    }
    Ok((native::parse(&name, &contents)?, Vec::new()))
}

/// A document with no catalog: its entities found in the text.
fn discovered(name: &str, document: Document) -> Loaded {
    let entities = discover::discover(&document);
    crate::timing::phase("discover entities");
    let linker = Linker::new(&entities);
    crate::timing::phase("build the automaton");
    let mentions = linker.link_document(&document.paragraphs, &[]);
    crate::timing::phase("link");
    // A name found but then always inside a longer one is not an entity
    // of this text.
    let (entities, mentions) = without_unmentioned(entities, mentions);
    Loaded::new(
        Model::new(document, entities, mentions, Vec::new()),
        name,
        "discovered entities (no catalog)",
    )
}

/// The entities that have mentions, and the mentions renumbered to match.
fn without_unmentioned(
    entities: Vec<crate::model::Entity>,
    mut mentions: Vec<crate::model::Mention>,
) -> (Vec<crate::model::Entity>, Vec<crate::model::Mention>) {
    let mut mentioned = vec![false; entities.len()];
    for m in &mentions {
        mentioned[m.entity.index()] = true;
    }
    let mut new_id = vec![EntityId(usize::MAX); entities.len()];
    let mut kept = Vec::with_capacity(entities.len());
    for (id, entity) in entities.into_iter().enumerate() {
        if mentioned[id] {
            new_id[id] = EntityId(kept.len());
            kept.push(entity);
        }
    }
    for m in &mut mentions {
        m.entity = new_id[m.entity.index()];
    }
    (kept, mentions)
}

/// The bundled article with its curated annotation.
pub fn open_bundled() -> Result<Loaded, Problems> {
    let document = text::parse(BUNDLED_TEXT, "japan-nz-partnership");
    let catalog = native::parse(BUNDLED_CATALOG_NAME, BUNDLED_CATALOG)?;
    let mut loaded =
        native::resolve_with_catalog(BUNDLED_TEXT_NAME, document, BUNDLED_CATALOG_NAME, &catalog)?;
    loaded.annotation = "curated catalog".into();
    loaded.target = curated::Target::Cannot(
        "the bundled article has no file to save to: open a text file of your own to curate it"
            .into(),
    );
    Ok(loaded)
}

/// Validates one file and returns every problem found, warnings included,
/// with a summary of what it held when it loads. A JSON file with entities
/// but no paragraphs is a catalog, whatever its name: it is checked against
/// its text (`NAME.txt` beside `NAME.entities.json`) or on its own. A text
/// is checked with the catalog it would open with (`--catalog` or beside it).
pub fn check(path: &Path, options: ReadOptions) -> (Vec<Problem>, Option<String>) {
    let result = match catalog_file(path, options) {
        Some(Ok((file, skipped))) => check_catalog(path, file).map(|mut loaded| {
            loaded.problems_first(skipped);
            loaded
        }),
        Some(Err(problems)) => Err(problems),
        None => open_path(path, options),
    };
    match result {
        Ok(loaded) => {
            let m = &loaded.model;
            let summary = [
                count(m.paragraph_count(), "paragraph"),
                count(m.entities.len(), "entity"),
                count(m.mention_count(), "mention"),
                count(m.relations.len(), "relation"),
            ]
            .join(", ");
            (loaded.problems, Some(summary))
        }
        Err(Problems(problems)) => (problems, None),
    }
}

/// The parsed catalog when `path` is one: a `.json` file (not forced to
/// another format) whose JSON has no `document.paragraphs`.
fn catalog_file(
    path: &Path,
    options: ReadOptions,
) -> Option<Result<(native::NativeFile, Vec<Problem>), Problems>> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    if options.format.is_some_and(|f| f != Format::Json) {
        return None;
    }
    match ext.as_str() {
        "json" => match read_catalog(path) {
            Ok((file, _))
                if file
                    .document
                    .as_ref()
                    .is_some_and(|d| d.paragraphs.is_some()) =>
            {
                None
            }
            other => Some(other),
        },
        "jsonl" | "ndjson" if Format::of(path).is_none() => Some(read_catalog(path)),
        _ => None,
    }
}

/// A catalog checked against its text when one sits beside it, else alone.
fn check_catalog(path: &Path, file: native::NativeFile) -> Result<Loaded, Problems> {
    let name = display_name(path);
    match catalog_text_sibling(path) {
        Some(t) => {
            let contents = read_text(&t)?;
            let title = title_from_path(&t);
            let document = if Format::of(&t) == Some(Format::Markdown) {
                markdown::parse(&contents, &title)
            } else {
                text::parse(&contents, &title)
            };
            native::resolve_with_catalog(&display_name(&t), document, &name, &file)
        }
        None => native::check_catalog_alone(&name, file),
    }
}

/// The JSON object on line `n` of a JSONL file, or the problem with it.
pub fn jsonl_object(
    name: &str,
    n: usize,
    line: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Problem> {
    match serde_json::from_str(line) {
        Ok(serde_json::Value::Object(object)) => Ok(object),
        Ok(_) => Err(Problem::error(
            name,
            Place::Line(n),
            "expected a JSON object per line",
        )),
        Err(e) => Err(Problem::error(
            name,
            Place::LineColumn(n, e.column().max(1)),
            format!("invalid JSON: {e}"),
        )),
    }
}

/// A record of a JSON Lines file: the line it starts on and its object, or
/// the problem with that line.
pub type JsonRecord = Result<(usize, serde_json::Map<String, serde_json::Value>), Problem>;

/// The records of a JSON Lines file, one per line. A file that is instead
/// one JSON value over many lines (a pretty-printed array of records, as
/// some tools export) is read as that array, or that one object; any other
/// single value is refused in one line rather than one error per line.
pub fn json_records(name: &str, contents: &str) -> Result<Vec<JsonRecord>, Problem> {
    let first = contents
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first_is_a_record = serde_json::from_str::<serde_json::Value>(first).is_ok();
    if !first_is_a_record {
        match serde_json::from_str::<&serde_json::value::RawValue>(contents) {
            Ok(value) => return one_json_value(name, contents, value),
            // An opening bracket alone on its line: one value, broken.
            Err(e) if matches!(first, "[" | "{") => {
                return Err(Problem::error(
                    name,
                    Place::LineColumn(e.line(), e.column().max(1)),
                    format!(
                        "one JSON value over {} lines (not JSON Lines), and it does not parse: {}",
                        contents.lines().count(),
                        e.to_string()
                            .rsplit_once(" at line ")
                            .map_or(e.to_string(), |(head, _)| head.to_string())
                    ),
                ));
            }
            Err(_) => {}
        }
    }
    Ok(contents
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| jsonl_object(name, i + 1, l).map(|o| (i + 1, o)))
        .collect())
}

/// The records of a file holding one JSON value.
fn one_json_value(
    name: &str,
    contents: &str,
    value: &serde_json::value::RawValue,
) -> Result<Vec<JsonRecord>, Problem> {
    let line_of = |raw: &serde_json::value::RawValue| {
        let at = (raw.get().as_ptr() as usize).saturating_sub(contents.as_ptr() as usize);
        memchr::memchr_iter(b'\n', &contents.as_bytes()[..at.min(contents.len())]).count() + 1
    };
    let lines = contents.lines().count();
    let not_lines = |what: &str| {
        Problem::error(
            name,
            Place::File,
            format!(
                "this is one JSON {what} over {lines} lines, not JSON Lines (one record per line)"
            ),
        )
    };
    let text = value.get().trim_start();
    if text.starts_with('[') {
        let items: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(value.get()).map_err(|_| not_lines("array"))?;
        return Ok(items
            .into_iter()
            .map(|item| {
                let n = line_of(item);
                match serde_json::from_str(item.get()) {
                    Ok(serde_json::Value::Object(o)) => Ok((n, o)),
                    _ => Err(Problem::error(
                        name,
                        Place::Line(n),
                        "skipped: expected a JSON object for each record",
                    )),
                }
            })
            .collect());
    }
    match serde_json::from_str(value.get()) {
        Ok(serde_json::Value::Object(o)) => Ok(vec![Ok((line_of(value), o))]),
        _ => Err(not_lines("value")),
    }
}

/// The text (`NAME.txt` or `NAME.md`) for a catalog named `NAME.entities.json`.
fn catalog_text_sibling(path: &Path) -> Option<PathBuf> {
    let file_name = path.file_name()?.to_str()?;
    let stem = file_name.strip_suffix(".entities.json")?;
    ["txt", "md", "markdown"]
        .iter()
        .map(|ext| path.with_file_name(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

/// `NAME.entities.json` beside `NAME.txt` or `NAME.md`.
pub fn catalog_sibling(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    Some(path.with_file_name(format!("{stem}.entities.json")))
}

/// The file name as the user wrote it, for messages.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

pub(crate) fn title_from_path(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| display_name(path), |s| s.to_string_lossy().into_owned())
}

/// Reads a whole file as UTF-8 text, with a byte-order mark removed. Errors
/// say which file and, for binary data or bad encoding, where.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    read_text_limited(path, None)
}

/// [`read_text`] of at most `limit` bytes (a config file's cap).
pub fn read_text_limited(path: &Path, limit: Option<u64>) -> Result<String, Problem> {
    let name = display_name(path);
    let bytes = crate::files::read(path, limit).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::FileTooLarge => e.to_string(),
            _ => format!("cannot read: {e}"),
        };
        Problem::error(&name, Place::File, reason)
    })?;
    if let Some(at) = bytes.iter().take(BINARY_SNIFF).position(|&b| b == 0) {
        return Err(Problem::error(
            name,
            Place::File,
            format!("binary data (a NUL byte at offset {at}), not text"),
        ));
    }
    decode_utf8(&name, bytes)
}

/// How far into a file to look for NUL bytes, the mark of binary data.
const BINARY_SNIFF: usize = 8192;

/// Decodes UTF-8, dropping a leading byte-order mark.
pub fn decode_utf8(name: &str, mut bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Problem::error(
            name,
            Place::LineColumn(line, column),
            format!(
                "invalid UTF-8 (byte 0x{:02x}); entscope reads UTF-8 text",
                bytes[at]
            ),
        )
    })
}
