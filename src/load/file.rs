//! One file read into a model: its format forced or told by its name,
//! its entities from the catalog named, else the one beside it, else
//! discovered in the text; and `check`, which reads a file as opening it
//! would and keeps every problem.

use std::path::{Path, PathBuf};

use super::Loaded;
use super::ReadOptions;
use crate::display::count;
use crate::files::{display_name, read_text, title_from_path};
use crate::formats::Format;
use crate::formats::brat;
use crate::formats::conll;
use crate::formats::doccano;
use crate::formats::markdown;
use crate::formats::native;
use crate::formats::patterns;
use crate::formats::prodigy;
use crate::formats::text;
use crate::link::{Linker, discover};
use crate::model::{Document, EntityId, Model};
use crate::problem::{Place, Problem, Problems};
use crate::save::{Stamped, Target};

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
        "jsonl" | "ndjson" => crate::load::detect::format_of(path).is_none(),
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
        return Ok(Loaded::of(
            native::resolve_document(&name, file, &crate::cache::link)?,
            &name,
        ));
    }
    let mut loaded = Loaded::of(native::catalog_only(&name, file)?, &name);
    loaded.problems_first(skipped);
    Ok(loaded)
}

/// Opens one file, in the format forced or detected.
pub fn open_path(path: &Path, options: ReadOptions) -> Result<Loaded, Problems> {
    let format = options
        .format
        .or_else(|| crate::load::detect::format_of(path))
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
    matches!(ext.as_str(), "ann" | "a1" | "a2").then(|| crate::load::detect::text_of(path))
}

/// What an empty document is refused with.
pub const EMPTY_FILE: &str = "the file is empty";

/// Opens one file. A text or Markdown file takes its catalog from
/// `--catalog`, else from `NAME.entities.json` beside it, else its entities
/// are discovered in the text.
pub fn open_file(path: &Path, options: ReadOptions, format: Format) -> Result<Loaded, Problems> {
    if format == Format::Brat {
        return open_brat(path);
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
        Format::Doccano => Loaded::of(
            doccano::read(&name, &contents, options.offsets, &options.fields)?,
            &name,
        ),
        Format::Prodigy => Loaded::of(prodigy::read(&name, &contents, options.answer)?, &name),
        Format::Conll => Loaded::of(conll::read(&name, &contents)?, &name),
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
            let mut loaded = Loaded::of(
                native::resolve_document(&name, file, &crate::cache::link)?,
                &name,
            );
            loaded.target = Target::Document(Stamped::now(path.to_path_buf()));
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
        Format::Brat => open_brat(path)?,
    })
}

/// Reads a brat document: its text, its `.ann` (or `.a1` and `.a2`), and
/// the `visual.conf` of its folder if there is one. Curation saves to the
/// `.ann`, unless the annotations are in more than one file.
fn open_brat(text_path: &Path) -> Result<Loaded, Problems> {
    let name = display_name(text_path);
    let text = read_text(text_path).map_err(|p| {
        Problems(vec![Problem {
            message: format!("{} (the text of a brat document)", p.message),
            ..p
        }])
    })?;
    let mut annotations = Vec::new();
    for ann in crate::load::detect::annotation_files(text_path) {
        annotations.push((display_name(&ann), read_text(&ann)?));
    }
    let visual = text_path
        .parent()
        .map(|d| d.join("visual.conf"))
        .filter(|p| p.is_file())
        .and_then(|conf| read_text(&conf).ok());
    let title = text_path
        .file_stem()
        .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
    let read = brat::read(&name, title, text, &annotations, visual.as_deref())?;
    let mut loaded = Loaded::of(read, &name);
    loaded.target = match annotations.len() {
        0 | 1 => Target::Brat(Stamped::now(text_path.with_extension("ann"))),
        n => Target::Cannot(format!(
            "the annotations are in {n} files ({}): curation writes one .ann",
            annotations
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        )),
    };
    Ok(loaded)
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
            loaded.target = Target::Catalog(Stamped::now(sibling));
        }
        return Ok(loaded);
    };
    let catalog_name = display_name(&catalog_path);
    let (catalog, skipped) = read_catalog(&catalog_path)?;
    crate::timing::phase("read the catalog");
    let patterns = catalog_path
        .extension()
        .is_some_and(|e| !e.eq_ignore_ascii_case("json"));
    let mut loaded = Loaded::of(
        native::resolve_with_catalog(document, &catalog_name, &catalog, &crate::cache::link)?,
        name,
    );
    loaded.problems_first(skipped);
    // A patterns file stays as it is: the curated catalog goes beside the text.
    let save_to = if patterns {
        catalog_sibling(path).unwrap_or(catalog_path)
    } else {
        catalog_path
    };
    loaded.target = Target::Catalog(Stamped::now(save_to));
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
        "jsonl" | "ndjson" if crate::load::detect::format_of(path).is_none() => {
            Some(read_catalog(path))
        }
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
            let document = if crate::load::detect::format_of(&t) == Some(Format::Markdown) {
                markdown::parse(&contents, &title)
            } else {
                text::parse(&contents, &title)
            };
            let read = native::resolve_with_catalog(document, &name, &file, &crate::cache::link)?;
            Ok(Loaded::of(read, display_name(&t)))
        }
        None => Ok(Loaded::of(native::check_catalog_alone(&name, file)?, &name)),
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
