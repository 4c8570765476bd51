//! Loading: what is asked for (files, folders, an index, the bundled
//! article), read into a model, with what the load had to say. Which
//! files, which catalog, discovery when there is none, corpora, and the
//! index are decided here; the syntax of each file is [`crate::formats`]'s.
//!
//! - [`open`]: what the command line names, through an index when it is
//!   one or the folder is large (or indexed already), else in memory;
//! - [`read`]: in memory, file by file ([`file`]) or as a corpus ([`corpus`]);
//! - [`index`]: the on-disk index, built from the same per-file reading.

pub mod corpus;
pub mod detect;
pub mod file;
pub mod index;

use std::path::{Path, PathBuf};

use crate::display::count;
use crate::formats::{Format, Read, native};
use crate::model::Model;
use crate::problem::{Place, Problem, Problems};
use crate::save::Target;

/// The article bundled with entscope, shown when no file is given.
pub const BUNDLED_TEXT: &str = include_str!("../../assets/japan-nz-partnership.txt");
/// The hand-curated annotation of [`BUNDLED_TEXT`].
pub const BUNDLED_CATALOG: &str = include_str!("../../assets/japan-nz-partnership.entities.json");
pub const BUNDLED_TEXT_NAME: &str = "japan-nz-partnership.txt (bundled)";
pub const BUNDLED_CATALOG_NAME: &str = "japan-nz-partnership.entities.json (bundled)";

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
    pub target: Target,
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
            target: Target::Cannot(format!(
                "{} cannot be saved: curation saves entscope catalogs and documents, and brat files",
                annotation_kind(&annotation)
            )),
        }
    }

    /// What a reader made of `file`, as loaded.
    pub fn of(read: Read, file: impl Into<String>) -> Self {
        let mut loaded = Loaded::new(read.model, file, read.annotation);
        loaded.catalog = read.catalog;
        loaded.problems = read.problems;
        loaded
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

/// What a source's annotations are, for a message ("a corpus", "this file").
fn annotation_kind(annotation: &str) -> String {
    if annotation.is_empty() {
        "this file".into()
    } else {
        format!("this ({annotation})")
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
    pub offsets: Option<crate::formats::doccano::OffsetUnit>,
    /// Follow symbolic links out of the folders opened.
    pub follow: bool,
    /// The columns of doccano records, where a project renamed them.
    pub text_field: Option<String>,
    pub label_field: Option<String>,
    /// Which Prodigy answers to show (accepted ones by default).
    pub answer: crate::formats::prodigy::Answer,
}

/// How to read files: the request's choices, for one file at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    pub catalog: Option<&'a Path>,
    pub format: Option<Format>,
    pub offsets: Option<crate::formats::doccano::OffsetUnit>,
    pub follow: bool,
    pub fields: crate::formats::doccano::Fields<'a>,
    pub answer: crate::formats::prodigy::Answer,
}

impl Request {
    pub fn options(&self) -> ReadOptions<'_> {
        ReadOptions {
            catalog: self.catalog.as_deref(),
            format: self.format,
            offsets: self.offsets,
            follow: self.follow,
            fields: crate::formats::doccano::Fields {
                text: self.text_field.as_deref(),
                label: self.label_field.as_deref(),
            },
            answer: self.answer,
        }
    }
}

/// Opens what the request names: an index file directly; a large folder
/// (or one already indexed) through its index, built or brought up to date
/// first; anything else in memory. `progress` shows a bar while indexing.
pub fn open(
    request: &Request,
    progress: bool,
    reading: index::Reading,
) -> Result<(Loaded, index::Notes), Problems> {
    let mut notes = index::Notes::new();
    match index::source(request, progress, &mut notes)? {
        index::Source::Index(path, name) => match index::read_index(&path, &name, reading) {
            Ok(loaded) => Ok((loaded, notes)),
            // The cache's own index, damaged or lying: made again. One the
            // user named is theirs, and its fault is said.
            Err(problems) if index::in_cache(&path) => {
                index::forget(&path);
                notes.push(format!("rebuilt the index: {problems}"));
                match index::source(request, progress, &mut notes)? {
                    index::Source::Index(path, name) => {
                        Ok((index::read_index(&path, &name, reading)?, notes))
                    }
                    index::Source::Files => Ok((read(request)?, notes)),
                }
            }
            Err(problems) => Err(problems),
        },
        index::Source::Files => Ok((read(request)?, notes)),
    }
}

/// Reads what the request names into memory: one document, or several as
/// a corpus (no index).
pub fn read(request: &Request) -> Result<Loaded, Problems> {
    match request.files.as_slice() {
        [] => match &request.catalog {
            // A catalog alone: its entities, to search and list.
            Some(catalog) => file::open_catalog(catalog),
            None => open_bundled(),
        },
        [one] if file::is_catalog(one) && request.catalog.is_none() => file::open_catalog(one),
        [one] if !one.is_dir() => file::open_path(one, request.options()),
        many => corpus::open(many, request.options()),
    }
}

/// The bundled article with its curated annotation.
pub fn open_bundled() -> Result<Loaded, Problems> {
    let document = crate::formats::text::parse(BUNDLED_TEXT, "japan-nz-partnership");
    let catalog = crate::formats::native::parse(BUNDLED_CATALOG_NAME, BUNDLED_CATALOG)?;
    let read = native::resolve_with_catalog(
        document,
        BUNDLED_CATALOG_NAME,
        &catalog,
        &crate::cache::link,
    )?;
    let mut loaded = Loaded::of(read, BUNDLED_TEXT_NAME);
    loaded.annotation = "curated catalog".into();
    loaded.target = Target::Cannot(
        "the bundled article has no file to save to: open a text file of your own to curate it"
            .into(),
    );
    Ok(loaded)
}

/// What a load had to say, as lines for the document list: documents
/// refused, lines skipped, warnings, and files passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadNotes {
    /// "read 11 of 12 documents; 1 refused, 3 lines skipped", kept in the
    /// status line for the whole session when anything was lost.
    pub loss: Option<String>,
    pub refused: Vec<String>,
    /// Lines skipped for errors, and warnings.
    pub problems: Vec<String>,
    pub passed_over: Vec<String>,
}

impl LoadNotes {
    pub fn of(loaded: &Loaded) -> Self {
        let lines = |list: &[crate::problem::Problem]| {
            list.iter().map(std::string::ToString::to_string).collect()
        };
        LoadNotes {
            loss: loaded.loss(),
            refused: lines(&loaded.refused),
            problems: lines(&loaded.problems),
            passed_over: lines(&loaded.passed_over),
        }
    }

    pub fn len(&self) -> usize {
        self.refused.len() + self.problems.len() + self.passed_over.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sections of the document list: a heading and its lines.
    pub fn sections(&self) -> [(&'static str, &[String]); 3] {
        [
            ("Refused", &self.refused),
            ("Problems (lines skipped, warnings)", &self.problems),
            ("Passed over", &self.passed_over),
        ]
    }
}
