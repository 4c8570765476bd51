//! Reading documents and annotations from files. Each format lives in its own
//! module and reports problems with the file, the place and what is wrong;
//! nothing else in the crate knows file syntax.

pub mod native;
pub mod text;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Model;

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
    /// The document file as the user named it.
    pub file: String,
    /// The catalog in use, if any.
    pub catalog: Option<String>,
    pub warnings: Vec<Problem>,
}

/// What to open: a file (and maybe a catalog) or the bundled article.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub file: Option<PathBuf>,
    pub catalog: Option<PathBuf>,
}

/// Opens a document as the command line asked.
pub fn open(request: &Request) -> Result<Loaded, Problems> {
    let Some(path) = &request.file else {
        if let Some(catalog) = &request.catalog {
            return Err(Problem::error(
                display_name(catalog),
                Place::File,
                "--catalog needs a text file to go with it",
            )
            .into());
        }
        return open_bundled();
    };
    let name = display_name(path);
    let contents = read_text(path)?;
    if is_json(path) {
        if let Some(catalog) = &request.catalog {
            return Err(Problem::error(
                display_name(catalog),
                Place::File,
                format!("--catalog goes with a text file, but {name} is a JSON document"),
            )
            .into());
        }
        let file = native::parse(&name, &contents)?;
        return native::resolve_document(&name, file);
    }
    let document = text::parse(&contents, &title_from_path(path));
    match &request.catalog {
        Some(catalog_path) => {
            let catalog_name = display_name(catalog_path);
            let catalog = native::parse(&catalog_name, &read_text(catalog_path)?)?;
            native::resolve_with_catalog(&name, document, &catalog_name, catalog)
        }
        None => Ok(Loaded {
            model: Model::new(document, Vec::new(), Vec::new(), Vec::new()),
            file: name,
            catalog: None,
            warnings: Vec::new(),
        }),
    }
}

/// The bundled article with its curated annotation.
pub fn open_bundled() -> Result<Loaded, Problems> {
    let document = text::parse(BUNDLED_TEXT, "japan-nz-partnership");
    let catalog = native::parse(BUNDLED_CATALOG_NAME, BUNDLED_CATALOG)?;
    native::resolve_with_catalog(BUNDLED_TEXT_NAME, document, BUNDLED_CATALOG_NAME, catalog)
}

/// Validates files and returns every problem found in them, warnings included.
/// The second value summarises what each file held.
pub fn check(path: &Path) -> (Vec<Problem>, Option<String>) {
    let name = display_name(path);
    let result = (|| -> Result<Loaded, Problems> {
        let contents = read_text(path)?;
        if is_json(path) {
            let file = native::parse(&name, &contents)?;
            if file
                .document
                .as_ref()
                .is_some_and(|d| d.paragraphs.is_some())
            {
                return native::resolve_document(&name, file);
            }
            // A catalog: check it against its text when that sits beside it.
            let text_path = catalog_text_sibling(path);
            let document = match text_path.as_deref().filter(|p| p.is_file()) {
                Some(t) => text::parse(&read_text(t)?, &title_from_path(t)),
                None => return native::check_catalog_alone(&name, file),
            };
            let text_name = text_path.as_deref().map(display_name).unwrap_or_default();
            return native::resolve_with_catalog(&text_name, document, &name, file);
        }
        open(&Request {
            file: Some(path.to_path_buf()),
            catalog: None,
        })
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

/// "1 entity", "2 entities", "0 paragraphs".
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// `NAME.txt` for a catalog named `NAME.entities.json`.
fn catalog_text_sibling(path: &Path) -> Option<PathBuf> {
    let file_name = path.file_name()?.to_str()?;
    let stem = file_name.strip_suffix(".entities.json")?;
    Some(path.with_file_name(format!("{stem}.txt")))
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
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
/// say which file and, for bad encoding, where.
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
    decode_utf8(&name, bytes)
}

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
