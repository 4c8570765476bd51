//! Writing documents, entities, mentions and problems into the index, in
//! one transaction: rows for what changed, counts kept as they go.

use super::super::problem;
use super::super::read::{FileRows, Outcome, Stamp, read};
use super::super::schema::{INDEXES, SCHEMA_VERSION};
use super::{Built, Catalog, progress_bar};
use crate::formats::Format;
use crate::load::Request;
use crate::load::corpus::Candidate;
use crate::model::{Block, Entity, Relation};
use crate::problem::{Place, Problem, Problems};
use rusqlite::{Connection, Transaction, params};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Files passed over by the walk, kept with the index for the explorer's
/// document list. Written after the update, in a short transaction.
pub(super) fn record_passed_over(output: &Path, passed_over: &[Problem]) -> Result<(), Problems> {
    let fail = |e: rusqlite::Error| Problems::from(problem(output, &e));
    let mut conn = Connection::open(output).map_err(fail)?;
    conn.busy_timeout(super::super::BUSY_TIMEOUT)
        .map_err(fail)?;
    let tx = conn.transaction().map_err(fail)?;
    tx.execute("DELETE FROM problems WHERE kind = 'passed over'", [])
        .map_err(fail)?;
    for p in passed_over {
        insert_problem(&tx, "", "passed over", p).map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

pub(super) fn place_text(place: &Place) -> String {
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

pub(super) fn insert_problem(
    tx: &Connection,
    path: &str,
    kind: &str,
    p: &Problem,
) -> rusqlite::Result<usize> {
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
pub(crate) fn count_of(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

pub(super) fn block_text(block: Block) -> String {
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

pub(super) fn format_name(format: Format) -> &'static str {
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
pub(crate) fn key_of(path: &Path) -> String {
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
pub(super) struct Known {
    pub(super) row: i64,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) aliases: Vec<String>,
    /// Discovery's confidence; the surest file's, none once a catalog names it.
    pub(super) confidence: Option<u8>,
    /// Names or a kind learnt from another file, to write at the end.
    pub(super) changed: bool,
}

/// Writes into one transaction.
pub(super) struct Writer<'t> {
    pub(super) tx: &'t Transaction<'t>,
    /// Each entity, by key.
    pub(super) entity_rows: HashMap<String, Known>,
    /// Entity row of each catalog entity, by position.
    pub(super) catalog_rows: Vec<i64>,
    /// Mentions gained (or lost) per entity row.
    pub(super) counts: HashMap<i64, i64>,
    pub(super) first: super::super::first::FirstMentions,
    pub(super) with_catalog: bool,
}

impl<'t> Writer<'t> {
    pub(super) fn new(
        tx: &'t Transaction<'t>,
        catalog: Option<&Catalog>,
    ) -> rusqlite::Result<Self> {
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
            first: super::super::first::FirstMentions::load(tx)?,
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

    pub(super) fn set_meta(&self, key: &str, value: &str) -> rusqlite::Result<usize> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
    }

    /// The row of an entity, added when new. An entity another file named
    /// already gains this file's names as aliases, and its kind when it had
    /// none ("other"), as when a corpus is read into memory.
    pub(super) fn entity_row(&mut self, e: &Entity) -> rusqlite::Result<i64> {
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

    pub(super) fn insert_relation(
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
    pub(super) fn run(
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
        let to_read = self.changed(candidates, &known, &mut built).map_err(fail)?;
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

    /// The candidates new or changed since they were indexed, to read; the
    /// files indexed that are gone, removed.
    fn changed(
        &mut self,
        candidates: Vec<Candidate>,
        known: &HashMap<String, (Stamp, String)>,
        built: &mut Built,
    ) -> rusqlite::Result<Vec<Candidate>> {
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
            self.remove_file(path)?;
            built.removed += 1;
        }
        Ok(to_read)
    }

    /// The files indexed, by path: their stamp and content hash.
    pub(super) fn known_files(&self) -> rusqlite::Result<HashMap<String, (Stamp, String)>> {
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
    pub(super) fn remove_file(&mut self, path: &str) -> rusqlite::Result<()> {
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

    pub(super) fn write_file(
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

    pub(super) fn write_document(
        &mut self,
        (candidate, stamp, hash): &(Candidate, Stamp, String),
        path: &str,
        part: usize,
        document: &super::super::read::DocumentRows,
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
    pub(super) fn finish(&mut self) -> rusqlite::Result<()> {
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
