//! Reading one file for the index: its documents as rows to write. Runs on
//! the worker threads, so it holds nothing shared but the catalog's linker.

use std::path::Path;

use crate::formats;
use crate::formats::Format;
use crate::link::Linker;
use crate::load::ReadOptions;
use crate::load::corpus::{Candidate, is_empty_file, refusal};
use crate::model::{Entity, Mention, Outline, Paragraph, Relation};
use crate::problem::{Problem, Problems};

/// A file's size, modification time and content hash, to tell whether it
/// changed since it was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        Some(Stamp {
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// One document of a file, ready to write: mentions point into `entities`
/// (or, for texts linked against the index's catalog, into the catalog).
#[derive(Debug)]
pub struct DocumentRows {
    /// How the document names its file, when a file holds several.
    pub file: Option<String>,
    pub title: String,
    pub annotation: String,
    pub paragraphs: Vec<Paragraph>,
    pub mentions: Vec<Mention>,
    pub relations: Vec<Relation>,
}

/// What reading a file gave.
#[derive(Debug)]
pub struct FileRows {
    pub candidate: Candidate,
    pub stamp: Stamp,
    pub hash: String,
    /// Its documents, or why it was refused (an empty file is passed over).
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    Read {
        documents: Vec<DocumentRows>,
        /// The entities its own annotation names (empty for texts linked
        /// against the catalog).
        entities: Vec<Entity>,
        problems: Vec<Problem>,
    },
    Refused(Vec<Problem>),
    Empty(Problem),
}

/// Reads a file: a text or Markdown file against the catalog's linker when
/// there is one, anything else as the explorer would open it on its own.
pub fn read(
    candidate: Candidate,
    linker: Option<(&Linker, &str)>,
    options: ReadOptions,
) -> FileRows {
    let stamp = Stamp::of(&candidate.path).unwrap_or(Stamp {
        size: 0,
        mtime_ns: 0,
    });
    let hash = hash_file(&candidate.path);
    let outcome = match (linker, candidate.format) {
        (Some((linker, annotation)), Format::Text | Format::Markdown) => {
            with_linker(&candidate, linker, annotation)
        }
        _ => on_its_own(&candidate, options),
    };
    FileRows {
        candidate,
        stamp,
        hash,
        outcome,
    }
}

/// A content hash of the file (`FxHash` of its bytes), or empty when it
/// cannot be read (then reading it says why).
fn hash_file(path: &Path) -> String {
    use std::hash::Hasher;
    match crate::files::read(path, None) {
        Ok(bytes) => {
            let mut h = rustc_hash::FxHasher::default();
            h.write(&bytes);
            h.write_usize(bytes.len());
            format!("{:016x}", h.finish())
        }
        Err(_) => String::new(),
    }
}

fn with_linker(candidate: &Candidate, linker: &Linker, annotation: &str) -> Outcome {
    let contents = match crate::files::read_text(&candidate.path) {
        Ok(c) if c.trim().is_empty() => {
            return Outcome::Empty(Problem::warning(
                crate::files::display_name(&candidate.path),
                crate::problem::Place::File,
                crate::load::file::EMPTY_FILE,
            ));
        }
        Ok(c) => c,
        Err(problem) => return Outcome::Refused(refusal(&candidate.path, vec![problem])),
    };
    let title = crate::files::title_from_path(&candidate.path);
    let document = if candidate.format == Format::Markdown {
        formats::markdown::parse(&contents, &title)
    } else {
        formats::text::parse(&contents, &title)
    };
    drop(contents);
    // In reading order, as the model keeps them: a mention's number in its
    // document is its place in that order.
    let mut mentions = linker.link_document(&document.paragraphs, &[]);
    mentions.sort_unstable();
    mentions.dedup();
    Outcome::Read {
        documents: vec![DocumentRows {
            file: None,
            title: document.title,
            annotation: annotation.to_string(),
            paragraphs: document.paragraphs,
            mentions,
            relations: Vec::new(),
        }],
        entities: Vec::new(),
        problems: Vec::new(),
    }
}

fn on_its_own(candidate: &Candidate, options: ReadOptions) -> Outcome {
    let options = ReadOptions {
        catalog: None,
        ..options
    };
    match crate::load::file::open_file(&candidate.path, options, candidate.format) {
        Ok(loaded) => {
            let mut model = loaded.model;
            let (paragraphs, mentions) = model.take_text();
            Outcome::Read {
                documents: split(
                    &model.document,
                    paragraphs,
                    mentions,
                    model.relations,
                    &loaded.annotation,
                ),
                entities: model.entities,
                problems: loaded.problems,
            }
        }
        Err(Problems(problems)) if is_empty_file(&problems) => {
            Outcome::Empty(problems.into_iter().next().map_or_else(
                || {
                    Problem::warning(
                        "",
                        crate::problem::Place::File,
                        crate::load::file::EMPTY_FILE,
                    )
                },
                |p| Problem::warning(p.file, p.place, p.message),
            ))
        }
        Err(Problems(problems)) => Outcome::Refused(refusal(&candidate.path, problems)),
    }
}

/// A model's documents: one per part (JSONL records, `CoNLL` documents), or
/// the whole. Each relation goes with the document of its first evidence.
fn split(
    document: &Outline,
    paragraphs: Vec<Paragraph>,
    mentions: Vec<Mention>,
    relations: Vec<Relation>,
    annotation: &str,
) -> Vec<DocumentRows> {
    let several = document.parts.len() > 1;
    let ranges: Vec<(String, String, std::ops::Range<usize>)> = if several {
        document
            .parts
            .iter()
            .map(|p| (p.title.clone(), p.annotation.clone(), p.paragraphs.clone()))
            .collect()
    } else {
        vec![(
            document.title.clone(),
            annotation.to_string(),
            0..paragraphs.len(),
        )]
    };
    let files: Vec<Option<String>> = if several {
        document
            .parts
            .iter()
            .map(|p| Some(p.file.clone()))
            .collect()
    } else {
        vec![None]
    };
    let mut paragraphs = paragraphs.into_iter();
    let mut mentions = mentions.into_iter().peekable();
    let mut out: Vec<DocumentRows> = Vec::with_capacity(ranges.len());
    for ((title, annotation, range), file) in ranges.iter().zip(files) {
        let own: Vec<Paragraph> = paragraphs.by_ref().take(range.len()).collect();
        let mut own_mentions = Vec::new();
        while let Some(m) = mentions.next_if(|m| m.paragraph < range.end) {
            own_mentions.push(Mention {
                paragraph: m.paragraph - range.start,
                ..m
            });
        }
        out.push(DocumentRows {
            file,
            title: title.clone(),
            annotation: annotation.clone(),
            paragraphs: own,
            mentions: own_mentions,
            relations: Vec::new(),
        });
    }
    for r in relations.into_iter().filter(|r| !r.derived) {
        let first = r.evidence.first().copied().unwrap_or(0);
        let i = ranges
            .iter()
            .position(|(_, _, range)| range.contains(&first))
            .unwrap_or(0);
        let start = ranges[i].2.start;
        out[i].relations.push(Relation {
            evidence: r
                .evidence
                .iter()
                .filter(|&&p| ranges[i].2.contains(&p))
                .map(|p| p - start)
                .collect(),
            ..r
        });
    }
    out
}
