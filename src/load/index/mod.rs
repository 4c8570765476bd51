//! An on-disk index of a corpus, in SQLite: its documents, paragraphs,
//! entities, mentions and relations, with a full-text index of the
//! paragraphs. `entscope index` builds it and brings it up to date (only
//! changed files are read again); opening a large folder uses it instead of
//! reading and linking every file; `entscope grep` searches it.
//!
//! The index is another source the model is read from: [`load`] turns it
//! back into a [`crate::model::Model`]. Nothing above the model knows it
//! exists.

mod build;
mod check;
mod first;
mod lazy;
mod load;
mod read;
mod schema;
pub mod search;

pub use build::{Built, stopped_by, update};
pub use load::load;
pub use read::Stamp;
pub use schema::SCHEMA_VERSION;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::problem::{Place, Problem};

/// Folders at or above either size are indexed when opened: below them,
/// reading everything into memory is about as quick. `ENTSCOPE_INDEX_ABOVE_MB`
/// sets the size (0: index every folder).
pub const LARGE_BYTES: u64 = 50 * 1024 * 1024;
pub const LARGE_FILES: usize = 2_000;

/// The size from which a folder is indexed, and the file count.
fn thresholds() -> (u64, usize) {
    match std::env::var("ENTSCOPE_INDEX_ABOVE_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        Some(0) => (0, 0),
        Some(mb) => (mb * 1024 * 1024, LARGE_FILES),
        None => (LARGE_BYTES, LARGE_FILES),
    }
}

/// The extension of index files, by which `entscope FILE` knows one.
pub const EXTENSION: &str = "entscope-index";

/// How long a second process waits for the one writing the index.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Where the index of a corpus lives by default: the cache folder, one file
/// per set of paths and catalog, so two corpora never share one. None when
/// the cache is off (`--no-cache`): then only `--output` writes an index.
pub fn default_path(paths: &[PathBuf], catalog: Option<&Path>) -> Option<PathBuf> {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for p in paths {
        let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        h.write(p.as_os_str().as_encoded_bytes());
        h.write_u8(0);
    }
    if let Some(c) = catalog {
        let c = std::fs::canonicalize(c).unwrap_or_else(|_| c.to_path_buf());
        h.write(b"catalog");
        h.write(c.as_os_str().as_encoded_bytes());
    }
    let stem = paths
        .first()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "corpus".into());
    let stem: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    if !crate::cache::enabled() {
        return None;
    }
    let folder = crate::cache::dir()?.join("index");
    remove_stale_temporaries(&folder);
    Some(folder.join(format!("{stem}-{:016x}.{EXTENSION}", h.finish())))
}

/// Removes what interrupted builds left in `folder`: the temporary files
/// (`NAME.entscope-index.tmp-PID`) of processes that are gone. One still
/// being written by another entscope is left alone.
pub(crate) fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let marker = format!(".{EXTENSION}.tmp-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.rsplit_once(marker.as_str()))
            .and_then(|(_, pid)| pid.parse::<i32>().ok())
        else {
            continue;
        };
        if process_gone(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process has this id (one of another user's still counts).
fn process_gone(pid: i32) -> bool {
    rustix::process::Pid::from_raw(pid).is_none_or(|pid| {
        matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    })
}

/// True for a path that names an index file: by its extension, or an
/// SQLite file whose tables say entscope wrote it.
pub fn is_index(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
        || has_sqlite_header(path)
            && !matches!(
                open_read(path),
                Err(Unusable::Foreign(ref why)) if why == NOT_OURS
            )
}

/// What a database entscope did not write is called.
const NOT_OURS: &str = "something other than entscope";

fn has_sqlite_header(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    crate::files::open_regular(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

/// Why an index file could not be used as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// There is no file.
    Missing,
    /// Written by another version of entscope or of the tables.
    Foreign(String),
    /// Damaged: SQLite's own words.
    Corrupt(String),
    /// Tables, indexes, triggers or views entscope does not make.
    Tampered(String),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Missing => f.write_str("there is no index yet"),
            Unusable::Foreign(why) => write!(f, "the index is from {why}"),
            Unusable::Corrupt(why) => write!(f, "the index is damaged ({why})"),
            Unusable::Tampered(why) => {
                write!(f, "its tables are not the ones entscope makes: {why}")
            }
        }
    }
}

/// Opens an index for reading, after checking it is one of ours, of this
/// version, with exactly the tables entscope makes. Read-only, and SQLite
/// told to run no trigger and expand no view: a file someone handed over
/// can be read, never act.
pub fn open_read(path: &Path) -> Result<Connection, Unusable> {
    if !path.is_file() {
        return Err(Unusable::Missing);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Unusable::Corrupt(e.to_string()))?;
    check::harden(&conn).map_err(|e| Unusable::Corrupt(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| Unusable::Corrupt(e.to_string()))?;
    check_version(&conn).map_err(unfinished)?;
    check::schema(&conn)?;
    Ok(conn)
}

/// A killed writer's journal cannot be rolled back by a reader: say how to
/// finish it.
fn unfinished(why: Unusable) -> Unusable {
    match why {
        Unusable::Corrupt(e) if e.contains("readonly") || e.contains("read-only") => {
            Unusable::Corrupt(format!(
                "an update was cut short (its -journal file is there): `entscope index --update` on it finishes it ({e})"
            ))
        }
        other => other,
    }
}

/// The index's own record of its schema and writer.
pub fn check_version(conn: &Connection) -> Result<(), Unusable> {
    let schema = meta(conn, "schema_version").map_err(corrupt)?;
    let version = meta(conn, "entscope_version").map_err(corrupt)?;
    match (schema, version) {
        (Some(s), Some(v)) if s == SCHEMA_VERSION.to_string() && v == env!("CARGO_PKG_VERSION") => {
            Ok(())
        }
        (Some(s), Some(v)) => Err(Unusable::Foreign(format!(
            "entscope {v} (schema {s}); this is entscope {} (schema {SCHEMA_VERSION})",
            env!("CARGO_PKG_VERSION")
        ))),
        _ => Err(Unusable::Foreign(NOT_OURS.into())),
    }
}

/// The slow, thorough check: every page of the file read back.
pub fn quick_check(conn: &Connection) -> Result<(), Unusable> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(corrupt)?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(Unusable::Corrupt(verdict))
    }
}

#[allow(clippy::needless_pass_by_value)] // the shape `map_err` wants
fn corrupt(e: rusqlite::Error) -> Unusable {
    let text = e.to_string();
    if text.contains("no such table") {
        Unusable::Foreign(NOT_OURS.into())
    } else {
        Unusable::Corrupt(text)
    }
}

/// A value of the `meta` table.
pub fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// An SQLite error while using the index at `path`, as a problem to report.
pub fn problem(path: &Path, e: &rusqlite::Error) -> Problem {
    let what = match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                "another entscope is writing this index; try again when it has finished".to_string()
            }
            rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen => {
                format!("cannot write the index here: {e}")
            }
            rusqlite::ErrorCode::DiskFull => "the disk is full: the index was not written".into(),
            _ => e.to_string(),
        },
        _ => e.to_string(),
    };
    Problem::error(crate::files::display_name(path), Place::File, what)
}

/// What opening through the index had to say (on standard error).
pub type Notes = Vec<String>;

/// Where a request is read from.
pub enum Source {
    /// An index file, current.
    Index(PathBuf, String),
    /// The files themselves, read into memory.
    Files,
}

/// Decides where to read the request from, bringing the index up to date
/// when there is one to use: an index file named directly; a folder that is
/// large, or was indexed before. The index is a speed-up: when it cannot be
/// written, the files are read as they are, with a note saying why.
pub fn source(
    request: &crate::load::Request,
    progress: bool,
    notes: &mut Notes,
) -> Result<Source, crate::problem::Problems> {
    if let [one] = request.files.as_slice()
        && one.is_file()
        && is_index(one)
    {
        refresh(one, progress, notes)?;
        return Ok(Source::Index(one.clone(), crate::files::display_name(one)));
    }
    let folders = request.files.iter().any(|p| p.is_dir());
    let Some(path) = folders
        .then(|| default_path(&request.files, request.catalog.as_deref()))
        .flatten()
    else {
        return Ok(Source::Files);
    };
    let name = match request.files.as_slice() {
        [one] => crate::files::display_name(one),
        many => format!("{} paths", many.len()),
    };
    let (candidates, _) = crate::load::corpus::documents(&request.files, request.options());
    if is_current(&path, &candidates) {
        return Ok(Source::Index(path, name));
    }
    if !path.is_file() {
        let bytes: u64 = candidates
            .iter()
            .filter_map(|c| Stamp::of(&c.path))
            .map(|s| s.size)
            .sum();
        let (min_bytes, min_files) = thresholds();
        if bytes < min_bytes && candidates.len() < min_files {
            return Ok(Source::Files);
        }
    }
    match update(request, &path, progress) {
        Ok(built) => {
            if built.read > 0 || built.removed > 0 {
                notes.push(built.summary());
            }
            if let Some(why) = built.rebuilt.filter(|why| *why != Unusable::Missing) {
                notes.push(format!("rebuilt the index: {why}"));
            }
            Ok(Source::Index(path, name))
        }
        // Stopped by a signal: nothing more is to be done.
        Err(problems) if stopped_by().is_some() => Err(problems),
        Err(problems) => {
            for p in &problems.0 {
                notes.push(format!("{p}; reading the files without an index"));
            }
            Ok(Source::Files)
        }
    }
}

/// Brings an index opened directly up to date with the files it was made
/// from, when they are still there and were indexed with no special option:
/// a file changed since is read again before it is shown.
fn refresh(
    index: &Path,
    progress: bool,
    notes: &mut Notes,
) -> Result<(), crate::problem::Problems> {
    let Ok(Some(sources)) = sources_of(index) else {
        return Ok(());
    };
    if sources.options {
        return Ok(());
    }
    // Only sources under the index's own folder are looked at: an index
    // handed over may name any path, and reading it would copy that file's
    // text into the index (or walk a system folder on every open).
    let paths: Vec<&PathBuf> = sources.files.iter().chain(&sources.catalog).collect();
    let home = index
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::canonicalize(p).ok());
    if let Some(outside) = paths
        .iter()
        .find(|p| home.as_ref().is_none_or(|home| !p.starts_with(home)))
    {
        notes.push(format!(
            "{}: not brought up to date from {} (outside the index's folder); `entscope index --update` on it does that",
            crate::display::visible(&crate::files::display_name(index)),
            crate::display::visible(&outside.display().to_string())
        ));
        return Ok(());
    }
    if let Some(gone) = paths.iter().find(|p| !p.exists()) {
        notes.push(format!(
            "{} is gone: showing the index as it was made",
            crate::display::visible(&gone.display().to_string())
        ));
        return Ok(());
    }
    let request = crate::load::Request {
        files: sources.files,
        catalog: sources.catalog,
        ..crate::load::Request::default()
    };
    let (candidates, _) = crate::load::corpus::documents(&request.files, request.options());
    if is_current(index, &candidates) {
        return Ok(());
    }
    match update(&request, index, progress) {
        Ok(built) => notes.push(built.summary()),
        Err(problems) if stopped_by().is_some() => return Err(problems),
        Err(problems) => {
            for p in &problems.0 {
                notes.push(format!("{p}; showing the index as it was"));
            }
        }
    }
    Ok(())
}

/// What an index was made from, as it records it.
fn sources_of(index: &Path) -> Result<Option<build::Sources>, Unusable> {
    let conn = open_read(index)?;
    Ok(meta(&conn, "sources")
        .ok()
        .flatten()
        .and_then(|s| serde_json::from_str::<build::Sources>(&s).ok()))
}

/// `entscope index --update INDEX`: brings an index up to date from the
/// paths it was made from, wherever they are (the user asked), and says
/// which they are.
pub fn update_named(
    index: &Path,
    progress: bool,
) -> Result<(Built, Vec<PathBuf>), crate::problem::Problems> {
    let name = crate::files::display_name(index);
    let refuse =
        |why: String| crate::problem::Problems::from(Problem::error(&name, Place::File, why));
    let sources = sources_of(index)
        .map_err(|why| refuse(format!("cannot update this index: {why}")))?
        .ok_or_else(|| refuse("this index does not say what it was made from".into()))?;
    if sources.options {
        return Err(refuse(
            "this index was made with options (--format, --offsets…): run entscope index with them again".into(),
        ));
    }
    let mut paths = sources.files.clone();
    paths.extend(sources.catalog.clone());
    let request = crate::load::Request {
        files: sources.files,
        catalog: sources.catalog,
        ..crate::load::Request::default()
    };
    Ok((update(&request, index, progress)?, paths))
}

/// An index in the cache of exactly the request's folders and files, read
/// with no special option and current, whatever catalog linked it.
fn any_current_index(request: &crate::load::Request) -> Option<PathBuf> {
    let plain = crate::load::Request {
        files: request.files.clone(),
        ..crate::load::Request::default()
    };
    if !request.files.iter().any(|p| p.is_dir())
        || build::settings_of(request) != build::settings_of(&plain)
        || !crate::cache::enabled()
    {
        return None;
    }
    let wanted: Vec<PathBuf> = request
        .files
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let folder = crate::cache::dir()?.join("index");
    let mut found = None;
    for entry in std::fs::read_dir(folder).ok()?.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != EXTENSION) {
            continue;
        }
        let sources = open_read(&path).ok().and_then(|conn| {
            meta(&conn, "sources")
                .ok()
                .flatten()
                .and_then(|s| serde_json::from_str::<build::Sources>(&s).ok())
        });
        if sources.is_some_and(|s| !s.options && s.files == wanted) {
            found = Some(path);
            break;
        }
    }
    let path = found?;
    let (candidates, _) = crate::load::corpus::documents(&request.files, request.options());
    is_current(&path, &candidates).then_some(path)
}

/// True when the index at `path` is of this version and holds exactly these
/// files, none changed since: then it is used without writing to it.
fn is_current(path: &Path, candidates: &[crate::load::corpus::Candidate]) -> bool {
    let Ok(conn) = open_read(path) else {
        return false;
    };
    let Ok(mut s) = conn.prepare("SELECT path, size, mtime_ns FROM files") else {
        return false;
    };
    let Ok(rows) = s.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    }) else {
        return false;
    };
    let mut known = std::collections::HashMap::new();
    for row in rows {
        let Ok((p, size, mtime)) = row else {
            return false;
        };
        known.insert(p, (size, mtime));
    }
    if known.len() != candidates.len() {
        return false;
    }
    candidates.iter().all(|c| {
        let key = build::key_of(&c.path);
        let Some(stamp) = Stamp::of(&c.path) else {
            return false;
        };
        known.get(&key).is_some_and(|&(size, mtime)| {
            u64::try_from(size).ok() == Some(stamp.size) && mtime == stamp.mtime_ns
        })
    })
}

/// The model of an index, read whole or as shown.
pub fn read_index(
    path: &Path,
    name: &str,
    reading: Reading,
) -> Result<crate::load::Loaded, crate::problem::Problems> {
    let conn = connect(path)?;
    match reading {
        Reading::Whole => load(&conn, path, name),
        Reading::AsShown => lazy::open(conn, path, name),
    }
}

/// Whether an index is one the cache keeps (entscope's to remake).
pub fn in_cache(path: &Path) -> bool {
    crate::cache::dir().is_some_and(|dir| path.starts_with(dir.join("index")))
}

/// Removes an index of the cache and what goes with it, to be made again.
pub fn forget(path: &Path) {
    for suffix in ["", ".checked", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// `entscope check INDEX`: the file checked as a reader would take it
/// (one of ours, entscope's tables only, every page readable, every row
/// consistent with the others), with a summary when it holds up.
pub fn check_file(path: &Path) -> (Vec<Problem>, Option<String>) {
    let name = crate::files::display_name(path);
    let result = open_read(path)
        .and_then(|conn| quick_check(&conn).map(|()| conn))
        .map_err(|why| {
            crate::problem::Problems::from(Problem::error(
                &name,
                Place::File,
                format!("cannot open this index: {why}"),
            ))
        })
        .and_then(|conn| load(&conn, path, &name));
    match result {
        Ok(loaded) => {
            let m = &loaded.model;
            let summary = [
                crate::display::count(m.document.parts.len(), "document"),
                crate::display::count(m.paragraph_count(), "paragraph"),
                crate::display::count(m.entities.len(), "entity"),
                crate::display::count(m.mention_count(), "mention"),
                crate::display::count(m.relations.len(), "relation"),
            ]
            .join(", ");
            (loaded.problems, Some(summary))
        }
        Err(problems) => (problems.0, None),
    }
}

/// How much of an index a model reads at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Everything, for commands that go through all of it (`export`).
    Whole,
    /// The outline and the entities; the text and mentions as they are
    /// shown (the explorer).
    AsShown,
}

/// An index opened for reading, or why it cannot be, as a problem naming it.
fn connect(path: &Path) -> Result<Connection, crate::problem::Problems> {
    open_read(path).map_err(|why| {
        Problem::error(
            crate::files::display_name(path),
            Place::File,
            format!("cannot open this index: {why}"),
        )
        .into()
    })
}

/// The explorer over an index, reading only what it shows.
pub fn open_lazy(path: &Path, name: &str) -> Result<crate::load::Loaded, crate::problem::Problems> {
    lazy::open(connect(path)?, path, name)
}

/// A connection to search the text of what the request names: its index,
/// or, for what is read in memory, its paragraphs put in a throwaway index.
pub fn searchable(
    request: &crate::load::Request,
    progress: bool,
) -> Result<(Connection, Notes), crate::problem::Problems> {
    let mut notes = Notes::new();
    // The text does not depend on the catalog: an index of the same paths
    // built with one serves as well (and saves reading and linking them).
    if request.catalog.is_none()
        && let Some(path) = any_current_index(request)
    {
        return Ok((connect(&path)?, notes));
    }
    match source(request, progress, &mut notes)? {
        Source::Index(path, _) => {
            let conn = connect(&path)?;
            Ok((conn, notes))
        }
        Source::Files => {
            let loaded = crate::load::read(request)?;
            let conn = build::in_memory(&loaded.model, &loaded.file)
                .map_err(|e| problem(Path::new(&loaded.file), &e))?;
            Ok((conn, notes))
        }
    }
}
