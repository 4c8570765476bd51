//! Building and updating an index: the files that changed are read again
//! (on every core), the rest kept; the update is one transaction, or, from
//! scratch, a file written aside and renamed, so an interruption leaves the
//! previous index as it was.

mod interrupt;
mod memory;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use rusqlite::{Connection, Transaction};

use super::read::Stamp;
use super::schema::CREATE;
use super::{Unusable, check_version, meta, problem, quick_check};
use crate::formats;
use crate::link::Linker;
use crate::load::Request;
use crate::load::corpus::{self, Candidate};
use crate::model::{Document, Entity, Relation};
use crate::problem::{Place, Problem, Problems};
use interrupt::Interrupt;
pub use interrupt::stopped_by;
pub use memory::in_memory;
use writer::{Writer, record_passed_over};
pub use writer::{block_of, place_of};
pub(crate) use writer::{count_of, key_of};

/// What an update did.
#[derive(Debug, Default)]
pub struct Built {
    pub path: PathBuf,
    /// Why the index was built from scratch, when it was.
    pub rebuilt: Option<Unusable>,
    pub read: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub bytes: u64,
    pub seconds: f64,
    pub refused: Vec<Problem>,
    pub problems: Vec<Problem>,
    pub passed_over: Vec<Problem>,
}

impl Built {
    /// "indexed 3 files (1.2 MB) in 0.4 s, 17 unchanged, 1 removed".
    pub fn summary(&self) -> String {
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!(
            "{}: {} {} ({mb:.1} MB) in {:.2} s",
            crate::display::visible(&crate::files::display_name(&self.path)),
            if self.rebuilt.is_some() {
                "built from"
            } else {
                "updated from"
            },
            crate::display::count(self.read, "file"),
            self.seconds
        );
        if self.unchanged > 0 {
            line.push_str(&format!(", {} unchanged", self.unchanged));
        }
        if self.removed > 0 {
            line.push_str(&format!(", {} removed", self.removed));
        }
        if !self.refused.is_empty() {
            line.push_str(&format!(", {} refused", self.refused.len()));
        }
        line
    }
}

/// The catalog every text of the corpus is linked against.
struct Catalog {
    entities: Vec<Entity>,
    relations: Vec<Relation>,
    linker: Linker,
    hash: String,
    name: String,
    /// How texts linked against it say where their entities come from.
    annotation: String,
}

/// Builds or updates the index at `output` for the request's files and
/// folders. `progress` shows a progress bar on standard error.
pub fn update(request: &Request, output: &Path, progress: bool) -> Result<Built, Problems> {
    let started = Instant::now();
    let catalog = request.catalog.as_deref().map(read_catalog).transpose()?;
    let (candidates, passed_over) = corpus::documents(&request.files, request.options());
    let settings = settings(request, catalog.as_ref());
    let existing = std::fs::metadata(output).is_ok();
    let reuse = if existing {
        reusable(output, &settings)
    } else {
        Err(Unusable::Missing)
    };
    let interrupt = Interrupt::start();
    let built = match reuse {
        Ok(conn) => {
            interrupt.watch(&conn);
            incremental(
                conn,
                output,
                candidates,
                catalog.as_ref(),
                request,
                progress,
                &interrupt.flag,
            )
        }
        Err(why) => from_scratch(
            output,
            candidates,
            catalog.as_ref(),
            request,
            &settings,
            progress,
            &interrupt,
        )
        .map(|built| Built {
            rebuilt: Some(why),
            ..built
        }),
    };
    // Whatever step a signal cut short, it is said the same way.
    let mut built = built.map_err(|problems| {
        // (The flag is also raised to stop the workers on a write error,
        // which is said as it is.)
        if stopped_by().is_some() {
            Problems::from(Problem::error(
                crate::files::display_name(output),
                Place::File,
                "interrupted: the index was left as it was before",
            ))
        } else {
            problems
        }
    })?;
    built.passed_over = passed_over;
    record_passed_over(output, &built.passed_over)?;
    remember_stamp(output);
    built.seconds = started.elapsed().as_secs_f64();
    built.path = output.to_path_buf();
    Ok(built)
}

fn read_catalog(path: &Path) -> Result<Catalog, Problems> {
    let name = crate::files::display_name(path);
    let bytes = crate::files::read(path, None)
        .map_err(|e| Problem::error(&name, Place::File, format!("cannot read: {e}")))?;
    let (file, _skipped) = crate::load::file::read_catalog(path)?;
    if !file.mentions.is_empty() {
        return Err(Problem::error(
            &name,
            Place::File,
            "this catalog lists mentions in the paragraphs of one text; an index needs a catalog of names",
        )
        .into());
    }
    let loaded = formats::native::resolve_with_catalog(
        Document::default(),
        &name,
        &file,
        &crate::cache::link,
    )?;
    let entities = loaded.model.entities;
    let linker = Linker::new(&entities);
    Ok(Catalog {
        relations: loaded.model.relations,
        linker,
        hash: hash_bytes(&bytes),
        entities,
        annotation: format!("catalog: {name}"),
        name,
    })
}

fn hash_bytes(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    format!("{:016x}", h.finish())
}

/// The settings of a request with no catalog: how its files are read.
pub(super) fn settings_of(request: &Request) -> String {
    settings(request, None)
}

/// Everything besides the files that decides what the index holds: when
/// any of it changes, the index is rebuilt.
fn settings(request: &Request, catalog: Option<&Catalog>) -> String {
    format!(
        "catalog={};format={:?};offsets={:?};answer={:?};text_field={:?};label_field={:?};follow={}",
        catalog.map_or("", |c| c.hash.as_str()),
        request.format,
        request.offsets,
        request.answer,
        request.text_field,
        request.label_field,
        request.follow
    )
}

/// The file beside an index that records the index's size and time as the
/// last update left them.
fn stamp_file(index: &Path) -> PathBuf {
    let mut name = index.as_os_str().to_owned();
    name.push(".checked");
    PathBuf::from(name)
}

fn stamp_text(index: &Path) -> Option<String> {
    Stamp::of(index).map(|s| format!("{} {}\n", s.size, s.mtime_ns))
}

/// Records that the index is as this process left it.
fn remember_stamp(index: &Path) {
    if let Some(text) = stamp_text(index) {
        // Replaced, never written through: a stamp shipped as a link to
        // another file must not make entscope write that file.
        let _ = crate::files::write(&stamp_file(index), text.as_bytes());
    }
}

/// Whether the index is as the last update left it: then reading every page
/// back (seconds on a large index) can be skipped.
fn unchanged_since_written(index: &Path) -> bool {
    let journal = index.with_extension(format!("{}-journal", super::EXTENSION));
    !journal.exists()
        && stamp_text(index).is_some_and(|now| {
            crate::files::read_to_string(&stamp_file(index), Some(1024))
                .is_ok_and(|then| then == now)
        })
}

/// What the index was made from, so that opening it directly can bring it
/// up to date: the files and folders and the catalog, as absolute paths,
/// and whether any other option was given (then it is not redone alone).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Sources {
    pub files: Vec<PathBuf>,
    pub catalog: Option<PathBuf>,
    pub options: bool,
}

fn sources(request: &Request) -> String {
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let plain = Request {
        files: request.files.clone(),
        catalog: request.catalog.clone(),
        ..Request::default()
    };
    let sources = Sources {
        files: request.files.iter().map(|p| absolute(p)).collect(),
        catalog: request.catalog.as_deref().map(absolute),
        options: settings(request, None) != settings(&plain, None),
    };
    serde_json::to_string(&sources).unwrap_or_default()
}

/// The existing index, open for an update, if it can be updated. One that
/// changed since it was written (damaged, truncated, a writer killed) is
/// read back whole first.
fn reusable(output: &Path, settings: &str) -> Result<Connection, Unusable> {
    let checked = unchanged_since_written(output);
    let conn = Connection::open(output).map_err(|e| Unusable::Corrupt(e.to_string()))?;
    let corrupt = |e: rusqlite::Error| Unusable::Corrupt(e.to_string());
    // Nothing in the file runs until its tables are known to be entscope's;
    // then its own trigger (which keeps the text search in step) may.
    super::check::harden(&conn).map_err(corrupt)?;
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(corrupt)?;
    check_version(&conn)?;
    super::check::schema(&conn)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER,
        true,
    )
    .map_err(corrupt)?;
    if !checked {
        quick_check(&conn)?;
    }
    match meta(&conn, "settings") {
        Ok(Some(s)) if s == settings => Ok(conn),
        Ok(_) => Err(Unusable::Foreign(
            "other settings (another catalog, format or option)".into(),
        )),
        Err(e) => Err(Unusable::Corrupt(e.to_string())),
    }
}

/// A file written aside and renamed over the index when complete.
fn from_scratch(
    output: &Path,
    candidates: Vec<Candidate>,
    catalog: Option<&Catalog>,
    request: &Request,
    settings: &str,
    progress: bool,
    interrupt: &Interrupt,
) -> Result<Built, Problems> {
    if let Some(folder) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| {
            Problem::error(
                crate::files::display_name(folder),
                Place::File,
                format!("cannot create the index's folder: {e}"),
            )
        })?;
    }
    if let Some(folder) = output.parent() {
        super::remove_stale_temporaries(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        });
    }
    let aside = output.with_extension(format!("{}.tmp-{}", super::EXTENSION, std::process::id()));
    let _ = std::fs::remove_file(&aside);
    let _ = std::fs::remove_file(stamp_file(output));
    let result = (|| {
        let fail = |e: rusqlite::Error| Problems::from(problem(output, &e));
        let mut conn = Connection::open(&aside).map_err(fail)?;
        interrupt.watch(&conn);
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -32768; PRAGMA threads = 2;",
        )
        .map_err(fail)?;
        conn.execute_batch(CREATE).map_err(fail)?;
        conn.execute_batch(
            "INSERT INTO paragraph_search (paragraph_search, rank) VALUES ('automerge', 8);",
        )
        .map_err(fail)?;
        let tx = conn.transaction().map_err(fail)?;
        let job = Job {
            candidates,
            catalog,
            request,
            progress,
            interrupted: &interrupt.flag,
            output,
        };
        let built = job.write(&tx, Some(settings))?;
        tx.commit().map_err(fail)?;
        conn.close().map_err(|(_, e)| fail(e))?;
        std::fs::rename(&aside, output).map_err(|e| {
            Problem::error(
                crate::files::display_name(output),
                Place::File,
                format!("cannot put the index in place: {e}"),
            )
        })?;
        Ok(built)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&aside);
    }
    result
}

/// One transaction over the existing index: what changed is read again.
fn incremental(
    mut conn: Connection,
    output: &Path,
    candidates: Vec<Candidate>,
    catalog: Option<&Catalog>,
    request: &Request,
    progress: bool,
    interrupted: &AtomicBool,
) -> Result<Built, Problems> {
    let fail = |e: rusqlite::Error| Problems::from(problem(output, &e));
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(fail)?;
    let job = Job {
        candidates,
        catalog,
        request,
        progress,
        interrupted,
        output,
    };
    let built = job.write(&tx, None)?;
    tx.commit().map_err(fail)?;
    Ok(built)
}

/// What an update reads and where it writes.
struct Job<'a> {
    candidates: Vec<Candidate>,
    catalog: Option<&'a Catalog>,
    request: &'a Request,
    progress: bool,
    interrupted: &'a AtomicBool,
    output: &'a Path,
}

impl Job<'_> {
    /// Reads the files and writes them into `tx`, with the index's record of
    /// its settings (when new), catalog and sources.
    fn write(self, tx: &Transaction<'_>, settings: Option<&str>) -> Result<Built, Problems> {
        let fail = |e: rusqlite::Error| Problems::from(problem(self.output, &e));
        let mut writer = Writer::new(tx, self.catalog).map_err(fail)?;
        if let Some(settings) = settings {
            writer.set_meta("settings", settings).map_err(fail)?;
        }
        if let Some(c) = self.catalog {
            writer.set_meta("catalog", &c.name).map_err(fail)?;
        }
        let built = writer.run(
            self.candidates,
            self.catalog,
            self.request,
            self.progress,
            self.interrupted,
            self.output,
        )?;
        writer
            .set_meta("sources", &sources(self.request))
            .map_err(fail)?;
        writer.finish().map_err(fail)?;
        Ok(built)
    }
}

fn progress_bar(show: bool, bytes: u64, files: usize) -> indicatif::ProgressBar {
    if !show || files == 0 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(bytes),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "indexing {msg} [{bar:30}] {bytes}/{total_bytes} · {bytes_per_sec} · eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(format!("0/{files} files"));
    bar
}
