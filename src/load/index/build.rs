//! Building and updating an index: the files that changed are read again
//! (on every core), the rest kept; the update is one transaction, or, from
//! scratch, a file written aside and renamed, so an interruption leaves the
//! previous index as it was.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use rusqlite::{Connection, Transaction, params};

use super::read::{FileRows, Outcome, Stamp, read};
use super::schema::{CREATE, INDEXES, SCHEMA_VERSION};
use super::{Unusable, check_version, meta, problem, quick_check};
use crate::formats;
use crate::formats::Format;
use crate::link::Linker;
use crate::load::Request;
use crate::load::corpus::{self, Candidate};
use crate::model::{Block, Document, Entity, Relation};
use crate::problem::{Place, Problem, Problems};

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

/// The signal that stopped the last build, if one did (0: none).
static STOPPED_BY: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The signal that interrupted an index build in this process, if one did:
/// the process should end as that signal would have ended it.
pub fn stopped_by() -> Option<i32> {
    match STOPPED_BY.load(Ordering::Relaxed) {
        0 => None,
        signal => Some(signal),
    }
}

/// A signal while indexing (Ctrl-c, the terminal closed, a kill): the work
/// stops between two files, a long SQL step is cut short, and the previous
/// index is left as it was, with no temporary file behind.
struct Interrupt {
    flag: Arc<AtomicBool>,
    sql: Arc<std::sync::Mutex<Vec<rusqlite::InterruptHandle>>>,
    signals: Option<signal_hook::iterator::Handle>,
}

impl Interrupt {
    fn start() -> Interrupt {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        let sql = Arc::new(std::sync::Mutex::new(
            Vec::<rusqlite::InterruptHandle>::new(),
        ));
        let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
            .ok()
            .and_then(|mut signals| {
                let handle = signals.handle();
                let (flag, sql) = (Arc::clone(&flag), Arc::clone(&sql));
                std::thread::Builder::new()
                    .name("interrupt".into())
                    .spawn(move || {
                        for signal in signals.forever() {
                            STOPPED_BY.store(signal, Ordering::Relaxed);
                            flag.store(true, Ordering::Relaxed);
                            if let Ok(sql) = sql.lock() {
                                for statement in sql.iter() {
                                    statement.interrupt();
                                }
                            }
                        }
                    })
                    .ok()
                    .map(|_| handle)
            });
        Interrupt { flag, sql, signals }
    }

    /// Cuts short what `conn` is doing when a signal comes.
    fn watch(&self, conn: &Connection) {
        if let Ok(mut sql) = self.sql.lock() {
            sql.push(conn.get_interrupt_handle());
        }
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        if let Some(signals) = &self.signals {
            signals.close();
        }
    }
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
    let loaded = formats::native::resolve_with_catalog(Document::default(), &name, &file)?;
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

/// Files passed over by the walk, kept with the index for the explorer's
/// document list. Written after the update, in a short transaction.
fn record_passed_over(output: &Path, passed_over: &[Problem]) -> Result<(), Problems> {
    let fail = |e: rusqlite::Error| Problems::from(problem(output, &e));
    let mut conn = Connection::open(output).map_err(fail)?;
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(fail)?;
    let tx = conn.transaction().map_err(fail)?;
    tx.execute("DELETE FROM problems WHERE kind = 'passed over'", [])
        .map_err(fail)?;
    for p in passed_over {
        insert_problem(&tx, "", "passed over", p).map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

fn place_text(place: &Place) -> String {
    match place {
        Place::File => String::new(),
        Place::Line(l) => format!("line {l}"),
        Place::LineColumn(l, c) => format!("line {l}:{c}"),
        Place::JsonPath(p) => format!("json {p}"),
    }
}

/// The place as [`place_text`] wrote it.
pub fn place_of(text: &str) -> Place {
    if let Some(rest) = text.strip_prefix("line ") {
        if let Some((l, c)) = rest.split_once(':') {
            if let (Ok(l), Ok(c)) = (l.parse(), c.parse()) {
                return Place::LineColumn(l, c);
            }
        } else if let Ok(l) = rest.parse() {
            return Place::Line(l);
        }
    }
    match text.strip_prefix("json ") {
        Some(p) => Place::JsonPath(p.to_string()),
        None => Place::File,
    }
}

fn insert_problem(tx: &Connection, path: &str, kind: &str, p: &Problem) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "INSERT INTO problems (path, file, kind, severity, place, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        path,
        p.file,
        kind,
        if p.is_error() { "error" } else { "warning" },
        place_text(&p.place),
        p.message
    ])
}

/// A count or position as SQLite stores integers.
pub(super) fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// An integer read back as a count or position (negative ones as 0).
pub(super) fn count_of(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn block_text(block: Block) -> String {
    match block {
        Block::Text => "text".into(),
        Block::Heading(level) => format!("heading {level}"),
        Block::Verbatim => "verbatim".into(),
    }
}

/// The block as [`block_text`] wrote it.
pub fn block_of(text: &str) -> Block {
    match text {
        "verbatim" => Block::Verbatim,
        _ => text
            .strip_prefix("heading ")
            .and_then(|l| l.parse().ok())
            .map_or(Block::Text, Block::Heading),
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Markdown => "markdown",
        Format::Text => "text",
        Format::Brat => "brat",
        Format::Doccano => "doccano",
        Format::Prodigy => "prodigy",
        Format::Conll => "conll",
    }
}

/// The path a file is known by in the index: absolute, so the index means
/// the same from any working folder.
/// How the index names a file: its folder made absolute and its own name
/// kept, so a link inside a folder to a file beside it is a file of its
/// own (as reading the folder in memory takes it), not a second copy of
/// the same key.
pub(super) fn key_of(path: &Path) -> String {
    let folder = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::canonicalize(p).ok());
    match (folder, path.file_name()) {
        (Some(folder), Some(name)) => folder.join(name),
        _ => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    }
    .to_string_lossy()
    .into_owned()
}

/// An entity as the index holds it, while writing.
struct Known {
    row: i64,
    name: String,
    kind: String,
    aliases: Vec<String>,
    /// Discovery's confidence; the surest file's, none once a catalog names it.
    confidence: Option<u8>,
    /// Names or a kind learnt from another file, to write at the end.
    changed: bool,
}

/// Writes into one transaction.
struct Writer<'t> {
    tx: &'t Transaction<'t>,
    /// Each entity, by key.
    entity_rows: HashMap<String, Known>,
    /// Entity row of each catalog entity, by position.
    catalog_rows: Vec<i64>,
    /// Mentions gained (or lost) per entity row.
    counts: HashMap<i64, i64>,
    first: super::first::FirstMentions,
    with_catalog: bool,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'t>, catalog: Option<&Catalog>) -> rusqlite::Result<Self> {
        let mut entity_rows = HashMap::new();
        {
            let mut rows =
                tx.prepare("SELECT key, id, name, kind, aliases, confidence FROM entities")?;
            let mut q = rows.query([])?;
            while let Some(r) = q.next()? {
                let aliases: String = r.get(4)?;
                entity_rows.insert(
                    r.get::<_, String>(0)?,
                    Known {
                        row: r.get(1)?,
                        name: r.get(2)?,
                        kind: r.get(3)?,
                        aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                        confidence: r.get(5)?,
                        changed: false,
                    },
                );
            }
        }
        let mut writer = Writer {
            tx,
            entity_rows,
            catalog_rows: Vec::new(),
            counts: HashMap::new(),
            first: super::first::FirstMentions::load(tx)?,
            with_catalog: catalog.is_some(),
        };
        if let Some(c) = catalog {
            writer.catalog_rows = c
                .entities
                .iter()
                .map(|e| writer.entity_row(e))
                .collect::<rusqlite::Result<_>>()?;
            let known: i64 = tx.query_row(
                "SELECT count(*) FROM relations WHERE document IS NULL",
                [],
                |r| r.get(0),
            )?;
            if known == 0 {
                for r in &c.relations {
                    let (s, t) = (
                        writer.catalog_rows[r.source.index()],
                        writer.catalog_rows[r.target.index()],
                    );
                    writer.insert_relation(None, s, t, r)?;
                }
            }
        }
        Ok(writer)
    }

    fn set_meta(&self, key: &str, value: &str) -> rusqlite::Result<usize> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
    }

    /// The row of an entity, added when new. An entity another file named
    /// already gains this file's names as aliases, and its kind when it had
    /// none ("other"), as when a corpus is read into memory.
    fn entity_row(&mut self, e: &Entity) -> rusqlite::Result<i64> {
        if let Some(known) = self.entity_rows.get_mut(&e.id) {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                if *name != known.name && !known.aliases.contains(name) {
                    known.aliases.push(name.clone());
                    known.changed = true;
                }
            }
            if known.kind == "other" && e.kind != "other" {
                known.kind.clone_from(&e.kind);
                known.changed = true;
            }
            let surer = match (known.confidence, e.confidence) {
                (Some(_), None) => None,
                (Some(a), Some(b)) => Some(a.max(b)),
                (None, _) => known.confidence,
            };
            if surer != known.confidence {
                known.confidence = surer;
                known.changed = true;
            }
            return Ok(known.row);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO entities (key, name, kind, aliases, description, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                e.id,
                e.name,
                e.kind,
                serde_json::to_string(&e.aliases).unwrap_or_default(),
                e.description,
                e.confidence
            ])?;
        let row = self.tx.last_insert_rowid();
        self.entity_rows.insert(
            e.id.clone(),
            Known {
                row,
                name: e.name.clone(),
                kind: e.kind.clone(),
                aliases: e.aliases.clone(),
                confidence: e.confidence,
                changed: false,
            },
        );
        Ok(row)
    }

    fn insert_relation(
        &self,
        document: Option<i64>,
        source: i64,
        target: i64,
        r: &Relation,
    ) -> rusqlite::Result<usize> {
        self.tx
            .prepare_cached(
                "INSERT INTO relations (document, source, target, label, derived, notes, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                document,
                source,
                target,
                r.label,
                r.derived,
                serde_json::to_string(&r.notes).unwrap_or_default(),
                serde_json::to_string(&r.evidence).unwrap_or_default()
            ])
    }

    /// Reads what changed on the worker threads and writes it here.
    fn run(
        &mut self,
        candidates: Vec<Candidate>,
        catalog: Option<&Catalog>,
        request: &Request,
        progress: bool,
        interrupted: &AtomicBool,
        output: &Path,
    ) -> Result<Built, Problems> {
        let fail = |e: rusqlite::Error| Problems::from(problem(output, &e));
        let known = self.known_files().map_err(fail)?;
        let mut built = Built::default();
        let mut seen = std::collections::HashSet::new();
        let mut to_read = Vec::new();
        for c in candidates {
            let key = key_of(&c.path);
            let stamp = Stamp::of(&c.path);
            match known.get(&key) {
                Some((known_stamp, _)) if Some(*known_stamp) == stamp => built.unchanged += 1,
                _ => to_read.push(c),
            }
            seen.insert(key);
        }
        for path in known.keys().filter(|k| !seen.contains(*k)) {
            self.remove_file(path).map_err(fail)?;
            built.removed += 1;
        }
        let total: u64 = to_read
            .iter()
            .filter_map(|c| Stamp::of(&c.path))
            .map(|s| s.size)
            .sum();
        let bar = progress_bar(progress, total, to_read.len());
        let options = request.options();
        let linker = catalog.map(|c| (&c.linker, c.annotation.as_str()));
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let mut outcome = Ok(());
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<(usize, FileRows)>(workers * 4);
            for _ in 0..workers {
                let send = send.clone();
                let (to_read, next) = (&to_read, &next);
                scope.spawn(move || {
                    loop {
                        if interrupted.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(c) = to_read.get(i) else { break };
                        if send.send((i, read(c.clone(), linker, options))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(send);
            // Written in the order of the walk, whichever worker finishes
            // first, so the same files always make the same index.
            let mut waiting = std::collections::BTreeMap::new();
            let mut due = 0;
            for (i, rows) in receive {
                waiting.insert(i, rows);
                while let Some(rows) = waiting.remove(&due) {
                    due += 1;
                    if interrupted.load(Ordering::Relaxed) {
                        break;
                    }
                    built.read += 1;
                    built.bytes += rows.stamp.size;
                    bar.inc(rows.stamp.size);
                    bar.set_message(format!("{}/{} files", built.read, to_read.len()));
                    if let Err(e) = self.write_file(rows, &known, &mut built) {
                        outcome = Err(fail(e));
                        interrupted.store(true, Ordering::Relaxed);
                    }
                }
                if interrupted.load(Ordering::Relaxed) {
                    break;
                }
            }
        });
        bar.finish_and_clear();
        outcome?;
        if interrupted.load(Ordering::Relaxed) {
            return Err(Problem::error(
                crate::files::display_name(output),
                Place::File,
                "interrupted: the index was left as it was before",
            )
            .into());
        }
        Ok(built)
    }

    /// The files indexed, by path: their stamp and content hash.
    fn known_files(&self) -> rusqlite::Result<HashMap<String, (Stamp, String)>> {
        let mut known = HashMap::new();
        let mut rows = self
            .tx
            .prepare("SELECT path, size, mtime_ns, hash FROM files")?;
        let mut q = rows.query([])?;
        while let Some(r) = q.next()? {
            let stamp = Stamp {
                size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                mtime_ns: r.get(2)?,
            };
            known.insert(r.get::<_, String>(0)?, (stamp, r.get::<_, String>(3)?));
        }
        Ok(known)
    }

    /// Drops everything of a file: its documents, their paragraphs (and
    /// their place in the text search), mentions, relations and problems.
    fn remove_file(&mut self, path: &str) -> rusqlite::Result<()> {
        let ids: Vec<i64> = {
            let mut s = self
                .tx
                .prepare_cached("SELECT id FROM documents WHERE path = ?1")?;
            s.query_map([path], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in ids {
            self.first.forget_document(id);
            {
                let mut s = self.tx.prepare_cached(
                    "SELECT entity, count(*) FROM mentions WHERE document = ?1 GROUP BY entity",
                )?;
                let mut q = s.query([id])?;
                while let Some(r) = q.next()? {
                    *self.counts.entry(r.get(0)?).or_default() -= r.get::<_, i64>(1)?;
                }
            }
            for sql in [
                "DELETE FROM mentions WHERE document = ?1",
                "DELETE FROM paragraphs WHERE document = ?1",
                "DELETE FROM relations WHERE document = ?1",
                "DELETE FROM documents WHERE id = ?1",
            ] {
                self.tx.prepare_cached(sql)?.execute([id])?;
            }
        }
        self.tx
            .prepare_cached("DELETE FROM problems WHERE path = ?1")?
            .execute([path])?;
        self.tx
            .prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([path])?;
        Ok(())
    }

    fn write_file(
        &mut self,
        rows: FileRows,
        known: &HashMap<String, (Stamp, String)>,
        built: &mut Built,
    ) -> rusqlite::Result<()> {
        let path = key_of(&rows.candidate.path);
        // Touched but not changed: only the stamp is new.
        if let Some((_, hash)) = known.get(&path)
            && *hash == rows.hash
            && !rows.hash.is_empty()
        {
            for table in ["documents", "files"] {
                self.tx
                    .prepare_cached(&format!(
                        "UPDATE {table} SET size = ?1, mtime_ns = ?2 WHERE path = ?3"
                    ))?
                    .execute(params![
                        i64::try_from(rows.stamp.size).unwrap_or(i64::MAX),
                        rows.stamp.mtime_ns,
                        path
                    ])?;
            }
            return Ok(());
        }
        if known.contains_key(&path) {
            self.remove_file(&path)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO files (path, size, mtime_ns, hash) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                path,
                i64::try_from(rows.stamp.size).unwrap_or(i64::MAX),
                rows.stamp.mtime_ns,
                rows.hash
            ])?;
        let FileRows {
            candidate,
            stamp,
            hash,
            outcome,
        } = rows;
        let file = (candidate, stamp, hash);
        match outcome {
            Outcome::Read {
                documents,
                entities,
                problems,
            } => {
                let rows_of: Vec<i64> = if entities.is_empty() {
                    self.catalog_rows.clone()
                } else {
                    entities
                        .iter()
                        .map(|e| self.entity_row(e))
                        .collect::<rusqlite::Result<_>>()?
                };
                for (part, document) in documents.iter().enumerate() {
                    self.write_document(&file, &path, part, document, &rows_of)?;
                }
                for p in &problems {
                    insert_problem(self.tx, &path, "problem", p)?;
                }
                built.problems.extend(problems);
            }
            Outcome::Refused(problems) => {
                for p in &problems {
                    insert_problem(self.tx, &path, "refused", p)?;
                }
                built.refused.extend(problems);
            }
            Outcome::Empty(p) => {
                insert_problem(self.tx, &path, "passed over", &p)?;
            }
        }
        Ok(())
    }

    fn write_document(
        &mut self,
        (candidate, stamp, hash): &(Candidate, Stamp, String),
        path: &str,
        part: usize,
        document: &super::read::DocumentRows,
        entity_rows: &[i64],
    ) -> rusqlite::Result<()> {
        let label = document
            .file
            .clone()
            .unwrap_or_else(|| candidate.label.clone());
        self.tx
            .prepare_cached(
                "INSERT INTO documents (path, part, label, size, mtime_ns, hash, format, title, annotation, paragraphs, mentions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                path,
                int(part),
                label,
                i64::try_from(stamp.size).unwrap_or(i64::MAX),
                stamp.mtime_ns,
                hash,
                format_name(candidate.format),
                document.title,
                document.annotation,
                int(document.paragraphs.len()),
                int(document.mentions.len())
            ])?;
        let id = self.tx.last_insert_rowid();
        {
            let mut insert = self.tx.prepare_cached(
                "INSERT INTO paragraphs (document, position, block, furniture, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut search = self
                .tx
                .prepare_cached("INSERT INTO paragraph_search (rowid, text) VALUES (?1, ?2)")?;
            for (position, p) in document.paragraphs.iter().enumerate() {
                insert.execute(params![
                    id,
                    int(position),
                    block_text(p.block),
                    p.furniture,
                    p.text
                ])?;
                search.execute(params![self.tx.last_insert_rowid(), p.text])?;
            }
        }
        {
            let mut insert = self.tx.prepare_cached(
                "INSERT INTO mentions (document, seq, paragraph, start, end, entity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (seq, m) in document.mentions.iter().enumerate() {
                let entity = entity_rows[m.entity.index()];
                insert.execute(params![
                    id,
                    int(seq),
                    int(m.paragraph),
                    int(m.start),
                    int(m.end),
                    entity
                ])?;
                *self.counts.entry(entity).or_default() += 1;
            }
        }
        self.first.offer(
            path,
            int(part),
            id,
            document
                .mentions
                .iter()
                .enumerate()
                .map(|(seq, m)| (int(seq), entity_rows[m.entity.index()])),
        );
        for r in &document.relations {
            let (s, t) = (entity_rows[r.source.index()], entity_rows[r.target.index()]);
            self.insert_relation(Some(id), s, t, r)?;
        }
        Ok(())
    }

    /// Mention counts brought up to date; entities no file mentions any more
    /// dropped (a catalog's are kept); the version recorded.
    fn finish(&mut self) -> rusqlite::Result<()> {
        {
            let mut update = self
                .tx
                .prepare_cached("UPDATE entities SET mentions = mentions + ?1 WHERE id = ?2")?;
            for (&entity, &delta) in &self.counts {
                if delta != 0 {
                    update.execute(params![delta, entity])?;
                }
            }
        }
        self.counts.clear();
        self.first.finish(self.tx)?;
        {
            let mut update = self.tx.prepare_cached(
                "UPDATE entities SET kind = ?1, aliases = ?2, confidence = ?3 WHERE id = ?4",
            )?;
            for known in self.entity_rows.values_mut().filter(|k| k.changed) {
                update.execute(params![
                    known.kind,
                    serde_json::to_string(&known.aliases).unwrap_or_default(),
                    known.confidence,
                    known.row
                ])?;
                known.changed = false;
            }
        }
        if !self.with_catalog {
            self.tx.execute(
                "DELETE FROM entities WHERE mentions <= 0
                 AND id NOT IN (SELECT source FROM relations UNION SELECT target FROM relations)",
                [],
            )?;
        }
        self.tx.execute_batch(INDEXES)?;
        self.set_meta("schema_version", &SCHEMA_VERSION.to_string())?;
        self.set_meta("entscope_version", env!("CARGO_PKG_VERSION"))?;
        Ok(())
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

/// The paragraphs of a model in an index held in memory, for searching the
/// text of what was not indexed on disk. Each part is a document.
pub fn in_memory(model: &crate::model::Model, file: &str) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch(CREATE)?;
    let tx = conn.transaction()?;
    {
        let document = &model.document;
        let text = model.text();
        let whole = [crate::model::Part {
            title: document.title.clone(),
            file: file.to_string(),
            annotation: String::new(),
            paragraphs: 0..text.len(),
        }];
        let parts = if document.parts.is_empty() {
            &whole[..]
        } else {
            &document.parts[..]
        };
        let mut add_document = tx.prepare(
            "INSERT INTO documents (path, part, label, size, mtime_ns, hash, format, title, annotation, paragraphs, mentions)
             VALUES (?1, ?4, ?1, 0, 0, '', '', ?2, '', ?3, 0)",
        )?;
        let mut add_paragraph = tx.prepare(
            "INSERT INTO paragraphs (document, position, block, furniture, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut search =
            tx.prepare("INSERT INTO paragraph_search (rowid, text) VALUES (?1, ?2)")?;
        for (i, part) in parts.iter().enumerate() {
            add_document.execute(params![
                part.file,
                part.title,
                int(part.paragraphs.len()),
                int(i)
            ])?;
            let id = tx.last_insert_rowid();
            for (position, p) in text[part.paragraphs.clone()].iter().enumerate() {
                add_paragraph.execute(params![
                    id,
                    int(position),
                    block_text(p.block),
                    p.furniture,
                    p.text
                ])?;
                search.execute(params![tx.last_insert_rowid(), p.text])?;
            }
        }
    }
    tx.commit()?;
    Ok(conn)
}
