//! Where a curation is saved, and how it was when it was read: the file a
//! save writes over only if it has not changed on disk since.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where a curated model is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The catalog of a text or Markdown file.
    Catalog(Stamped),
    /// An entscope JSON document, annotations inside.
    Document(Stamped),
    /// The `.ann` file of a brat document.
    Brat(Stamped),
    /// Nowhere, and why.
    Cannot(String),
}

/// A file and its modification time when it was read (`None`: it did not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    pub path: PathBuf,
    /// The file as it was read (none when there was none).
    pub seen: Option<Seen>,
}

/// What tells a file changed: its time, its size, and its bytes (a time can
/// stay the same across an edit on a coarse clock, or be set back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    modified: Option<SystemTime>,
    size: u64,
    hash: u64,
}

impl Stamped {
    pub fn now(path: PathBuf) -> Self {
        let seen = seen(&path);
        Stamped { path, seen }
    }
}

pub(super) fn seen(path: &Path) -> Option<Seen> {
    use std::hash::Hasher;
    let meta = std::fs::metadata(path).ok()?;
    let bytes = crate::files::read(path, None).ok()?;
    let mut h = rustc_hash::FxHasher::default();
    h.write(&bytes);
    Some(Seen {
        modified: meta.modified().ok(),
        size: meta.len(),
        hash: h.finish(),
    })
}

impl Default for Target {
    fn default() -> Self {
        Target::Cannot("this source cannot be saved".into())
    }
}

impl Target {
    /// The file it writes, if any.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Target::Catalog(s) | Target::Document(s) | Target::Brat(s) => Some(&s.path),
            Target::Cannot(_) => None,
        }
    }

    pub(super) fn stamped(&mut self) -> Option<&mut Stamped> {
        match self {
            Target::Catalog(s) | Target::Document(s) | Target::Brat(s) => Some(s),
            Target::Cannot(_) => None,
        }
    }
}
