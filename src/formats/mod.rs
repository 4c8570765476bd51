//! Reading documents and annotations from files. Each format lives in its own
//! module and reports problems with the file, the place and what is wrong;
//! nothing else in the crate knows file syntax.

pub mod brat;
pub mod conll;
pub mod corpus;
pub mod doccano;
pub mod graph;
pub mod markdown;
pub mod native;
pub mod prodigy;
pub mod standoff;
pub mod text;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::link::{Linker, discover};
use crate::model::{Document, Model};

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
        match &self.place {
            Place::File => write!(f, "{}: ", self.file)?,
            Place::Line(line) => write!(f, "{}:{line}: ", self.file)?,
            Place::LineColumn(line, column) => write!(f, "{}:{line}:{column}: ", self.file)?,
            Place::JsonPath(path) => write!(f, "{}: {path}: ", self.file)?,
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
    pub warnings: Vec<Problem>,
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
}

/// How to read files: the request's choices, for one file at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    pub catalog: Option<&'a Path>,
    pub format: Option<Format>,
    pub offsets: Option<doccano::OffsetUnit>,
}

impl Request {
    pub fn options(&self) -> ReadOptions<'_> {
        ReadOptions {
            catalog: self.catalog.as_deref(),
            format: self.format,
            offsets: self.offsets,
        }
    }
}

/// The formats entscope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
    /// CoNLL NER columns (IOB1, IOB2, IOBES/BILOU)
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
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "json" => Some(Format::Json),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "jsonl" | "ndjson" => Some(jsonl_flavour(path)),
            "conll" | "conll03" | "iob" | "iob1" | "iob2" | "bio" | "bioes" | "iobes" | "bilou" => {
                Some(Format::Conll)
            }
            "txt" | "text" | "" if !brat::annotation_files(path).is_empty() => Some(Format::Brat),
            "txt" | "text" | "" => Some(Format::Text),
            _ => None,
        }
    }
}

/// doccano or Prodigy, by the keys of the first record.
fn jsonl_flavour(path: &Path) -> Format {
    use std::io::BufRead;
    // Only the first record is read here; the whole file is read once, later.
    let first = std::fs::File::open(path).ok().and_then(|f| {
        std::io::BufReader::new(f)
            .lines()
            .map_while(Result::ok)
            .find(|l| !l.trim().is_empty())
    });
    match first.and_then(|l| serde_json::from_str::<serde_json::Value>(&l).ok()) {
        Some(v)
            if v.get("tokens").is_some()
                || v.get("answer").is_some()
                || v.get("spans").is_some() =>
        {
            Format::Prodigy
        }
        _ => Format::Doccano,
    }
}

/// Opens what the command line names: one document, or several as a corpus.
pub fn open(request: &Request) -> Result<Loaded, Problems> {
    match request.files.as_slice() {
        [] => {
            if let Some(catalog) = &request.catalog {
                return Err(Problem::error(
                    display_name(catalog),
                    Place::File,
                    "--catalog needs a text file to go with it",
                )
                .into());
            }
            open_bundled()
        }
        [one] if !one.is_dir() => open_path(one, request.options()),
        many => corpus::open(many, request.options()),
    }
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

/// Opens one file. A text or Markdown file takes its catalog from
/// `--catalog`, else from `NAME.entities.json` beside it, else its entities
/// are discovered in the text.
pub fn open_file(path: &Path, options: ReadOptions, format: Format) -> Result<Loaded, Problems> {
    let name = display_name(path);
    let mut loaded = if format == Format::Brat {
        brat::open(path)?
    } else {
        let contents = read_text(path)?;
        if contents.trim().is_empty() {
            return Err(Problem::error(name, Place::File, "the file is empty").into());
        }
        read_contents(path, &contents, options, format)?
    };
    derive_relations(&mut loaded.model);
    Ok(loaded)
}

/// Reads the contents of a file in one of the formats read from one file.
fn read_contents(
    path: &Path,
    contents: &str,
    options: ReadOptions,
    format: Format,
) -> Result<Loaded, Problems> {
    let catalog = options.catalog;
    let name = display_name(path);
    Ok(match format {
        Format::Doccano => doccano::open(&name, contents, options.offsets)?,
        Format::Prodigy => prodigy::open(&name, contents)?,
        Format::Conll => conll::open(&name, contents)?,
        Format::Json => {
            if let Some(catalog) = catalog {
                return Err(Problem::error(
                    display_name(catalog),
                    Place::File,
                    format!("--catalog goes with a text file, but {name} is a JSON document"),
                )
                .into());
            }
            let file = native::parse(&name, contents)?;
            let mut loaded = native::resolve_document(&name, file)?;
            loaded.annotation = "annotated in the file".into();
            loaded
        }
        // Markdown and text (brat pairs are read from their files).
        _ => {
            let title = title_from_path(path);
            let document = if format == Format::Markdown {
                markdown::parse(contents, &title)
            } else {
                text::parse(contents, &title)
            };
            let sibling = catalog_sibling(path).filter(|p| p.is_file());
            match catalog.map(Path::to_path_buf).or(sibling) {
                Some(catalog_path) => {
                    let catalog_name = display_name(&catalog_path);
                    let catalog = native::parse(&catalog_name, &read_text(&catalog_path)?)?;
                    let mut loaded =
                        native::resolve_with_catalog(&name, document, &catalog_name, catalog)?;
                    loaded.annotation = format!("catalog: {catalog_name}");
                    loaded
                }
                None => discovered(&name, document),
            }
        }
    })
}

/// A document with no catalog: its entities found in the text.
fn discovered(name: &str, document: Document) -> Loaded {
    let entities = discover::discover(&document);
    let linker = Linker::new(&entities);
    let mentions = linker.link_document(&document, &[]);
    Loaded {
        model: Model::new(document, entities, mentions, Vec::new()),
        file: name.to_string(),
        catalog: None,
        annotation: "discovered entities (no catalog)".into(),
        warnings: Vec::new(),
    }
}

/// Where no relation is declared, entities sharing a paragraph are related
/// as "co-mentioned", marked as derived.
fn derive_relations(model: &mut Model) {
    if model.relations.is_empty() && !model.mentions.is_empty() {
        let relations = discover::co_mention_relations(&model.mentions);
        model.set_relations(relations);
    }
}

/// The bundled article with its curated annotation.
pub fn open_bundled() -> Result<Loaded, Problems> {
    let document = text::parse(BUNDLED_TEXT, "japan-nz-partnership");
    let catalog = native::parse(BUNDLED_CATALOG_NAME, BUNDLED_CATALOG)?;
    let mut loaded =
        native::resolve_with_catalog(BUNDLED_TEXT_NAME, document, BUNDLED_CATALOG_NAME, catalog)?;
    loaded.annotation = "curated catalog".into();
    Ok(loaded)
}

/// Validates one file and returns every problem found, warnings included,
/// with a summary of what it held when it loads.
pub fn check(path: &Path, format: Option<Format>) -> (Vec<Problem>, Option<String>) {
    let name = display_name(path);
    let result = (|| -> Result<Loaded, Problems> {
        let is_catalog = path
            .to_string_lossy()
            .to_lowercase()
            .ends_with(".entities.json");
        if !is_catalog {
            return open_path(
                path,
                ReadOptions {
                    format,
                    ..ReadOptions::default()
                },
            );
        }
        let contents = read_text(path)?;
        let file = native::parse(&name, &contents)?;
        // A catalog: checked against its text when that sits beside it.
        let text_path = catalog_text_sibling(path).filter(|p| p.is_file());
        match text_path {
            Some(t) => {
                let format = Format::of(&t).unwrap_or(Format::Text);
                let title = title_from_path(&t);
                let contents = read_text(&t)?;
                let document = if format == Format::Markdown {
                    markdown::parse(&contents, &title)
                } else {
                    text::parse(&contents, &title)
                };
                native::resolve_with_catalog(&display_name(&t), document, &name, file)
            }
            None => native::check_catalog_alone(&name, file),
        }
    })();
    match result {
        Ok(loaded) => {
            let m = &loaded.model;
            let summary = [
                count(m.document.paragraphs.len(), "paragraph"),
                count(m.entities.len(), "entity"),
                count(m.mentions.len(), "mention"),
                count(m.relations.len(), "relation"),
            ]
            .join(", ");
            (loaded.warnings, Some(summary))
        }
        Err(Problems(problems)) => (problems, None),
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

/// "1 entity", "2 entities", "0 paragraphs".
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
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

fn title_from_path(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| display_name(path))
}

/// Reads a whole file as UTF-8 text, with a byte-order mark removed. Errors
/// say which file and, for binary data or bad encoding, where.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let name = display_name(path);
    if path.is_dir() {
        return Err(Problem::error(
            name,
            Place::File,
            "is a directory, not a file",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
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
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
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
