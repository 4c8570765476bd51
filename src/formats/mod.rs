//! File syntax: each format in its own module reads a file's contents into
//! a [`Read`] (a model and the problems got past) and, where it can, writes
//! a model back. No file is opened here: loading (which files, which
//! catalog, discovery, corpora, the index) is [`crate::load`]'s.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod graph;
pub mod markdown;
pub mod native;
pub mod patterns;
pub mod prodigy;
pub mod raw_json;
pub mod standoff;
pub mod text;

use crate::model::Model;
use crate::problem::{Place, Problem};

/// What a reader made of a file: the model, where its entities come from,
/// the catalog they come from if any, and the problems it got past
/// (warnings, and errors whose line or record was skipped).
#[derive(Debug, Clone)]
pub struct Read {
    pub model: Model,
    /// Where the entities come from, for the status line ("brat: a.ann").
    pub annotation: String,
    /// The catalog the entities come from, if any.
    pub catalog: Option<String>,
    pub problems: Vec<Problem>,
}

impl Read {
    pub fn new(model: Model, annotation: impl Into<String>) -> Read {
        Read {
            model,
            annotation: annotation.into(),
            catalog: None,
            problems: Vec::new(),
        }
    }

    /// Puts problems found before building (while reading records) ahead
    /// of those the build found, so they read in file order.
    pub fn problems_first(&mut self, mut earlier: Vec<Problem>) {
        earlier.append(&mut self.problems);
        self.problems = earlier;
    }
}

/// The formats entscope reads, each with its name on the command line
/// (`--format NAME`) and what it is.
macro_rules! formats {
    ($($variant:ident = $name:literal, [$($ext:literal),*], $help:literal;)*) => {
        /// The formats entscope reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Format { $($variant),* }

        impl Format {
            /// Every format, in the order `--help` lists them.
            pub const ALL: &[Format] = &[$(Format::$variant),*];

            /// Its name on the command line.
            pub fn name(self) -> &'static str {
                match self { $(Format::$variant => $name),* }
            }

            /// What it is, for `--help`.
            pub fn help(self) -> &'static str {
                match self { $(Format::$variant => $help),* }
            }

            /// The file extensions (lower case) that name it; a `.jsonl`
            /// file's records, and a `.txt` file's `.ann` beside it, say
            /// more (the loader looks).
            pub fn extensions(self) -> &'static [&'static str] {
                match self { $(Format::$variant => &[$($ext),*]),* }
            }
        }
    };
}

formats! {
    Json = "json", ["json"], "entscope's JSON document";
    Markdown = "markdown", ["md", "markdown", "mdown", "mkd"], "Markdown";
    Text = "text", ["txt", "text", ""], "plain text";
    Brat = "brat", [], "brat standoff: NAME.txt with NAME.ann (or .a1/.a2) beside it";
    Doccano = "doccano", ["jsonl", "ndjson"], "doccano JSONL export (NER or relation)";
    Prodigy = "prodigy", [], "Prodigy JSONL";
    Conll = "conll",
        ["conll", "conll03", "iob", "iob1", "iob2", "bio", "bioes", "iobes", "bilou"],
        "CoNLL NER columns (IOB1, IOB2, IOBES/BILOU)";
}

impl Format {
    /// The format a file's extension (lower case) names, if any.
    pub fn by_extension(ext: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.extensions().contains(&ext))
    }
}

impl Format {
    /// doccano or Prodigy, by the keys of a JSONL file's first record;
    /// `None` for a patterns file (`pattern` and `label`), which is a catalog.
    pub fn of_jsonl_record(first: &serde_json::Value) -> Option<Format> {
        match first {
            v if v.get("pattern").is_some() && v.get("label").is_some() => None,
            v if v.get("tokens").is_some()
                || v.get("answer").is_some()
                || v.get("spans").is_some() =>
            {
                Some(Format::Prodigy)
            }
            _ => Some(Format::Doccano),
        }
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
