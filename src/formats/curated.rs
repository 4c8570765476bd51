//! Writing a curated model back where it came from: a text's catalog
//! (`NAME.entities.json`, or the `--catalog` named), the annotations inside
//! an entscope JSON document, or a brat `.ann` file.
//!
//! - JSON keeps the file's order and every field entscope does not read
//!   (the file is edited as a tree, not rewritten from the model); names
//!   still link by themselves, so only the mentions linking would not find
//!   are listed, and the spans it would find that a curator unlinked go
//!   under `unlinked`. What is written is read back before it replaces the
//!   file; if reading it back would not give the same mentions, every
//!   mention is listed and linking turned off.
//! - brat keeps every line the curation did not touch byte for byte: a span
//!   gone takes the records that hang on it, a kind changed rewrites its
//!   spans' lines, new mentions are new `T` lines, and spans that now name
//!   one entity are joined by an `Equiv` line.
//!
//! Files are replaced atomically (a temporary file beside, then a rename),
//! and never when they changed on disk since they were read, unless asked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::json;

use super::raw_json::RawObject;

use crate::link::Linker;
use crate::model::{Mention, Model, Record, Relation};

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

fn seen(path: &Path) -> Option<Seen> {
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

    fn stamped(&mut self) -> Option<&mut Stamped> {
        match self {
            Target::Catalog(s) | Target::Document(s) | Target::Brat(s) => Some(s),
            Target::Cannot(_) => None,
        }
    }
}

/// Writes the model to its target; `force` writes over a file changed on
/// disk since. Says what was written, or why not.
pub fn save(target: &mut Target, model: &Model, force: bool) -> Result<String, String> {
    if let Target::Cannot(why) = target {
        return Err(why.clone());
    }
    let brat = matches!(target, Target::Brat(_));
    let Some(stamped) = target.stamped() else {
        return Err("nowhere to save".into());
    };
    let name = crate::formats::display_name(&stamped.path);
    if !force && seen(&stamped.path) != stamped.seen {
        return Err(if stamped.seen.is_none() {
            format!("{name} appeared since the document was opened: :w! writes over it")
        } else {
            format!("{name} changed on disk since it was read: :w! writes over it")
        });
    }
    let (contents, note) = contents(&stamped.path, brat, model)?;
    crate::files::write_through(&stamped.path, contents.as_bytes())
        .map_err(|e| format!("{name}: {e}"))?;
    stamped.seen = seen(&stamped.path);
    Ok(format!("saved to {name}{note}"))
}

/// What saving would write to `path`, built on what it holds now, and a
/// note on what it could not hold.
fn contents(path: &Path, brat: bool, model: &Model) -> Result<(String, String), String> {
    let name = crate::formats::display_name(path);
    let existing = match crate::files::read_to_string(path, None) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{name}: {e}")),
    };
    if brat {
        brat_ann(existing.as_deref(), model)
    } else {
        let existing = existing
            .as_deref()
            .map(RawObject::parse)
            .transpose()
            .map_err(|e| format!("{name}: not a JSON object any more ({e}); not written"))?;
        native_json(existing, model, &name)
    }
}

/// When the explorer is stopped (the terminal closed, a signal) with edits
/// unsaved: what saving would have written goes to a new file beside the
/// target (`NAME.entities.json.unsaved`, numbered if that exists), never
/// over the target or any other file. Says where, or why not.
pub fn rescue(target: &Target, model: &Model) -> Result<PathBuf, String> {
    let (Target::Catalog(stamped) | Target::Document(stamped) | Target::Brat(stamped)) = target
    else {
        return Err("nowhere to keep them".into());
    };
    let brat = matches!(target, Target::Brat(_));
    // When what is on disk cannot take the edits (no longer JSON, say), the
    // model's own catalog is kept: the edits matter more than the merge.
    let (contents, _) = contents(&stamped.path, brat, model).or_else(|why| {
        if brat {
            Err(why)
        } else {
            native_json(None, model, &crate::formats::display_name(&stamped.path))
        }
    })?;
    let base = stamped.path.as_os_str().to_string_lossy().into_owned();
    for n in 0..100 {
        let path = PathBuf::from(if n == 0 {
            format!("{base}.unsaved")
        } else {
            format!("{base}.unsaved-{n}")
        });
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match created {
            Ok(mut file) => {
                use std::io::Write;
                let written = file
                    .write_all(contents.as_bytes())
                    .and_then(|()| file.sync_all());
                if let Err(e) = written {
                    // A full disk: no empty or half file left to mislead.
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Err(format!("{}: {e}", path.display()));
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Err(format!("{base}.unsaved and 99 more exist already"))
}

/// The mentions a catalog lists, the spans it unlinks, and whether names
/// link by themselves, so that reading it gives the model's mentions.
fn mentions_to_list(model: &Model) -> (Vec<Mention>, Vec<Mention>, bool) {
    let linker = Linker::new(&model.entities);
    let text = model.text();
    let mentions = model.mentions();
    let found: HashSet<Mention> = linker.link_document(&text, &[]).into_iter().collect();
    let have: HashSet<Mention> = mentions.iter().copied().collect();
    let spans: HashSet<(usize, usize, usize)> = mentions
        .iter()
        .map(|m| (m.paragraph, m.start, m.end))
        .collect();
    let listed: Vec<Mention> = mentions
        .iter()
        .filter(|m| !found.contains(m))
        .copied()
        .collect();
    let mut unlinked: Vec<Mention> = found
        .iter()
        .filter(|m| !have.contains(m) && !spans.contains(&(m.paragraph, m.start, m.end)))
        .copied()
        .collect();
    unlinked.sort_unstable();
    // Read back as the reader would: linking around what is listed, less the unlinked.
    let unlinked_spans: HashSet<(usize, usize, usize)> = unlinked
        .iter()
        .map(|m| (m.paragraph, m.start, m.end))
        .collect();
    let mut again: Vec<Mention> = linker
        .link_document(&text, &listed)
        .into_iter()
        .filter(|m| listed.contains(m) || !unlinked_spans.contains(&(m.paragraph, m.start, m.end)))
        .collect();
    again.sort_unstable();
    again.dedup();
    if again[..] == mentions[..] {
        (listed, unlinked, true)
    } else {
        (mentions.to_vec(), Vec::new(), false)
    }
}

/// The existing objects of an array field, by a key of theirs.
fn by_key<K: std::hash::Hash + Eq>(
    root: &RawObject,
    field: &str,
    key: impl Fn(&RawObject) -> Option<K>,
) -> HashMap<K, RawObject> {
    root.objects(field)
        .into_iter()
        .filter_map(|o| key(&o).map(|k| (k, o)))
        .collect()
}

/// Sets a field, or leaves it out when it says nothing and was not there.
fn put(o: &mut RawObject, field: &str, value: &impl serde::Serialize, empty: bool) {
    if empty && !o.contains_key(field) {
        return;
    }
    o.insert(field, value);
}

/// The JSON of a catalog or document with the model's annotations, built
/// on the existing file's fields (their order and every field entscope does
/// not own kept as written).
fn native_json(
    existing: Option<RawObject>,
    model: &Model,
    name: &str,
) -> Result<(String, String), String> {
    let mut root = existing.unwrap_or_default();
    put_entities(&mut root, model);
    let autolink = put_mentions(&mut root, model);
    put_relations(&mut root, model);
    let mut text = serde_json::to_string_pretty(&root).map_err(|e| format!("{name}: {e}"))?;
    text.push('\n');
    let note = if autolink {
        String::new()
    } else {
        " (every mention listed: linking by name would not give the same ones)".into()
    };
    Ok((text, note))
}

fn id_of(model: &Model, e: crate::model::EntityId) -> String {
    model.entities[e].id.clone()
}

/// The entities, each on its object in the file (unknown fields kept).
fn put_entities(root: &mut RawObject, model: &Model) {
    let mut old = by_key(root, "entities", |o| o.read::<String>("id"));
    let entities: Vec<RawObject> = model
        .entities
        .iter()
        .map(|e| {
            let mut o = old.remove(&e.id).unwrap_or_default();
            o.insert("id", &e.id);
            o.insert("name", &e.name);
            let kind_was_default = !o.contains_key("kind") && e.kind == "other";
            if !kind_was_default {
                o.insert("kind", &e.kind);
            }
            put(&mut o, "aliases", &e.aliases, e.aliases.is_empty());
            put(
                &mut o,
                "description",
                &e.description,
                e.description.is_empty(),
            );
            match e.confidence {
                Some(c) => o.insert("confidence", &c),
                None => o.remove("confidence"),
            }
            o
        })
        .collect();
    root.insert_objects("entities", entities);
}

/// The mentions to list and the spans to leave unlinked; whether names link by themselves.
fn put_mentions(root: &mut RawObject, model: &Model) -> bool {
    let (listed, unlinked, autolink) = mentions_to_list(model);
    let mut old = by_key(root, "mentions", |o| {
        Some((
            o.read::<String>("entity")?,
            o.read::<u64>("paragraph")?,
            o.read::<u64>("start")?,
            o.read::<u64>("end")?,
        ))
    });
    let mentions: Vec<RawObject> = listed
        .iter()
        .map(|m| {
            let key = (
                id_of(model, m.entity),
                (m.paragraph + 1) as u64,
                m.start as u64,
                m.end as u64,
            );
            old.remove(&key).unwrap_or_else(|| {
                let mut o = RawObject::new();
                o.insert("entity", &key.0);
                o.insert("paragraph", &key.1);
                o.insert("start", &m.start);
                o.insert("end", &m.end);
                o.insert("text", &model.mention_text(m));
                o
            })
        })
        .collect();
    if !listed.is_empty() || root.contains_key("mentions") {
        root.insert_objects("mentions", mentions);
    }
    let spans: Vec<serde_json::Value> = unlinked
        .iter()
        .map(|m| {
            json!({"paragraph": m.paragraph + 1, "start": m.start, "end": m.end,
                   "text": model.mention_text(m)})
        })
        .collect();
    if spans.is_empty() {
        root.remove("unlinked");
    } else {
        root.insert("unlinked", &spans);
    }
    if autolink {
        if root.read::<bool>("autolink") == Some(false) {
            root.remove("autolink");
        }
    } else {
        root.insert("autolink", &false);
    }
    autolink
}

/// The declared relations, each on its object in the file.
fn put_relations(root: &mut RawObject, model: &Model) {
    let declared: Vec<&Relation> = model.relations.iter().filter(|r| !r.derived).collect();
    let mut old = by_key(root, "relations", |o| {
        Some((
            o.read::<String>("source")?,
            o.read::<String>("target")?,
            o.read::<String>("label")?,
        ))
    });
    let relations: Vec<RawObject> = declared
        .iter()
        .map(|r| {
            let key = (
                id_of(model, r.source),
                id_of(model, r.target),
                r.label.clone(),
            );
            let mut o = old.remove(&key).unwrap_or_default();
            o.insert("source", &key.0);
            o.insert("target", &key.1);
            o.insert("label", &key.2);
            let evidence: Vec<usize> = r.evidence.iter().map(|p| p + 1).collect();
            put(&mut o, "evidence", &evidence, evidence.is_empty());
            put(&mut o, "notes", &r.notes, r.notes.is_empty());
            o
        })
        .collect();
    if !declared.is_empty() || root.contains_key("relations") {
        root.insert_objects("relations", relations);
    }
}

/// The `.ann` text for the curated model, from the records as read.
fn brat_ann(existing: Option<&str>, model: &Model) -> Result<(String, String), String> {
    let [standoff] = model.standoff.as_slice() else {
        return Err("only a single brat document can be saved".into());
    };
    if existing.is_some_and(|text| crate::formats::brat::parse(text).records != standoff.records) {
        return Err("the .ann file no longer holds what was read: not written".into());
    }
    let brat = BratEdit::new(standoff, model);
    let (records, raw) = brat.records();
    let text = crate::formats::brat::write_ann(&records, &raw);
    let lost = brat.lost(&records);
    let note = if lost.is_empty() {
        String::new()
    } else {
        format!(" ({} brat cannot hold: {})", lost.len(), lost.join("; "))
    };
    Ok((text, note))
}

/// Takes out the records that hang on records gone (a relation, an
/// attribute, a note on them), until nothing more goes.
fn drop_dependants(records: &mut [Option<Record>], mut gone: HashSet<String>) {
    while !gone.is_empty() {
        let mut next = HashSet::new();
        for slot in records.iter_mut() {
            let Some(r) = slot else { continue };
            let refers = |x: &String| gone.contains(x);
            let drop = match r {
                Record::Relation { args, .. } => args.iter().any(|(_, a)| refers(a)),
                Record::Event { trigger, .. } => refers(trigger),
                Record::Attribute { target, .. }
                | Record::Normalization { target, .. }
                | Record::Note { target, .. } => refers(target),
                Record::Equivalence { members, .. } => {
                    members.retain(|m| !refers(m));
                    members.len() < 2
                }
                Record::Span { .. } | Record::Unparsed { .. } => false,
            };
            if let Record::Event { args, .. } = r {
                args.retain(|(_, a)| !refers(a));
            }
            if drop {
                if let Some(id) = r.id() {
                    next.insert(id.to_string());
                }
                *slot = None;
            }
        }
        gone = next;
    }
}

/// A brat document's records being brought in line with a curated model.
struct BratEdit<'a> {
    standoff: &'a crate::model::Standoff,
    model: &'a Model,
}

impl BratEdit<'_> {
    fn new<'a>(standoff: &'a crate::model::Standoff, model: &'a Model) -> BratEdit<'a> {
        BratEdit { standoff, model }
    }

    /// Where a text offset is in the model: (paragraph, offset in it).
    fn place(&self, offset: usize) -> (usize, usize) {
        let origins = &self.standoff.origins;
        let p = origins.partition_point(|&o| o <= offset).saturating_sub(1);
        (p, offset - origins.get(p).copied().unwrap_or(0))
    }

    /// The model mention a span's first fragment became, if it is still one.
    fn mention_of(&self, fragments: &[(usize, usize)]) -> Option<Mention> {
        let &(s, e) = fragments.first()?;
        let (paragraph, start) = self.place(s);
        let line_end = (paragraph < self.model.paragraph_count())
            .then(|| self.model.paragraph(paragraph).chars)?;
        let end = (start + (e - s)).min(line_end);
        let at = self
            .model
            .mentions()
            .partition_point(|m| (m.paragraph, m.start) < (paragraph, start));
        self.model
            .mentions()
            .get(at)
            .filter(|m| m.paragraph == paragraph && m.start == start && m.end == end)
            .copied()
    }

    /// The records and their raw lines (parallel; empty for new records).
    fn records(&self) -> (Vec<Record>, Vec<String>) {
        let standoff = self.standoff;
        let mut records: Vec<Option<Record>> = standoff.records.iter().cloned().map(Some).collect();
        let mut covered: HashSet<Mention> = HashSet::new();
        let mut gone: HashSet<String> = HashSet::new();
        let mut spans_of: HashMap<usize, Vec<String>> = HashMap::new();
        for slot in &mut records {
            let Some(Record::Span {
                id,
                label,
                fragments,
                ..
            }) = slot
            else {
                continue;
            };
            let Some(m) = self.mention_of(fragments) else {
                gone.insert(id.clone());
                *slot = None;
                continue;
            };
            // Every line piece of the span is this record's.
            for &(s, e) in fragments.iter() {
                let (from, to) = (self.place(s), self.place(e));
                let at = self
                    .model
                    .mentions()
                    .partition_point(|x| (x.paragraph, x.start) < from);
                covered.extend(
                    self.model.mentions()[at..]
                        .iter()
                        .take_while(|x| (x.paragraph, x.end) <= to)
                        .filter(|x| x.entity == m.entity),
                );
            }
            covered.insert(m);
            label.clone_from(&self.model.entities[m.entity].kind);
            spans_of
                .entry(m.entity.index())
                .or_default()
                .push(id.clone());
        }
        drop_dependants(&mut records, gone);
        // New mentions are new spans.
        let mut number = standoff
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Span { id, .. } => id.strip_prefix('T')?.parse::<usize>().ok(),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let mut added = Vec::new();
        for m in self.model.mentions().iter() {
            if covered.contains(m) {
                continue;
            }
            number += 1;
            let id = format!("T{number}");
            let origin = standoff.origins.get(m.paragraph).copied().unwrap_or(0);
            added.push(Record::Span {
                id: id.clone(),
                label: self.model.entities[m.entity].kind.clone(),
                fragments: vec![(origin + m.start, origin + m.end)],
                text: self.model.mention_text(m),
            });
            spans_of.entry(m.entity.index()).or_default().push(id);
        }
        let mut out: Vec<Record> = Vec::new();
        let mut raw: Vec<String> = Vec::new();
        for (i, slot) in records.into_iter().enumerate() {
            if let Some(r) = slot {
                raw.push(standoff.raw.get(i).cloned().unwrap_or_default());
                out.push(r);
            }
        }
        out.extend(added);
        self.join(&mut out, &spans_of);
        (out, raw)
    }

    /// Adds an `Equiv` line for each entity whose spans brat would read as
    /// several entities.
    fn join(&self, records: &mut Vec<Record>, spans_of: &HashMap<usize, Vec<String>>) {
        let groups = self.groups(records);
        let mut entities: Vec<&usize> = spans_of.keys().collect();
        entities.sort_unstable();
        for entity in entities {
            let mut heads: Vec<String> = Vec::new();
            let mut seen: HashSet<usize> = HashSet::new();
            for id in &spans_of[entity] {
                if let Some(&g) = groups.get(id)
                    && seen.insert(g)
                {
                    heads.push(id.clone());
                }
            }
            if heads.len() > 1 {
                records.push(Record::Equivalence {
                    label: "Equiv".into(),
                    members: heads,
                });
            }
        }
    }

    /// The entity brat would read each span as, by number.
    fn groups(&self, records: &[Record]) -> HashMap<String, usize> {
        let built = self.rebuild(records);
        let mut out = HashMap::new();
        for r in records {
            if let Record::Span { id, fragments, .. } = r
                && let Some(&(s, _)) = fragments.first()
            {
                let (paragraph, start) = self.place(s);
                if let Some(m) = built
                    .mentions
                    .iter()
                    .find(|m| m.paragraph == paragraph && m.start == start)
                {
                    out.insert(id.clone(), m.entity.index());
                }
            }
        }
        out
    }

    fn rebuild(&self, records: &[Record]) -> crate::formats::standoff::Built {
        crate::formats::standoff::build(crate::formats::standoff::Source {
            file: String::new(),
            text: self.standoff.text.clone(),
            records: records.to_vec(),
            lines: vec![0; records.len()],
            raw: Vec::new(),
            title: String::new(),
        })
    }

    /// What of the curation the records do not carry: names brat has no
    /// place for, mentions grouped otherwise.
    fn lost(&self, records: &[Record]) -> Vec<String> {
        let built = self.rebuild(records);
        let mut lost = Vec::new();
        let mut mentions = built.mentions.clone();
        mentions.sort_unstable();
        let entity_of = |m: &Mention| (m.paragraph, m.start, m.end);
        let mut pairs: HashMap<usize, usize> = HashMap::new();
        if mentions.len() != self.model.mentions().len() {
            lost.push("the mentions differ".to_string());
            return lost;
        }
        for (a, b) in self.model.mentions().iter().zip(&mentions) {
            if entity_of(a) != entity_of(b) {
                lost.push("the mentions differ".to_string());
                return lost;
            }
            if *pairs.entry(b.entity.index()).or_insert(a.entity.index()) != a.entity.index() {
                lost.push(format!(
                    "\"{}\" is grouped with another entity",
                    self.model.entities[a.entity].name
                ));
            }
        }
        for (b, a) in pairs {
            let (was, now) = (&self.model.entities[a], &built.entities[b]);
            if was.name != now.name {
                lost.push(format!(
                    "the name \"{}\" (brat reads \"{}\")",
                    was.name, now.name
                ));
            }
        }
        lost.sort();
        lost.dedup();
        lost
    }
}

#[cfg(test)]
mod tests;
