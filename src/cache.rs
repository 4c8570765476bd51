//! The link cache: the mentions found for a text and a catalog, kept under
//! the XDG cache directory (`$XDG_CACHE_HOME/entscope`, by default
//! `~/.cache/entscope`) so that opening the same text with the same catalog
//! again skips building the automaton and linking.
//!
//! An entry is named by a hash of the entscope version, the paragraphs, the
//! names of every entity and the explicit spans, so any change to them is a
//! miss. What is read is never trusted: a file that is truncated, corrupt,
//! from another version or that does not fit the document is ignored (and
//! written anew). Entries are written to a temporary file and renamed, so
//! two processes writing the same entry at once never leave a broken one.
//! Only the binary turns the cache on (`--no-cache` keeps it off); the
//! library and its tests never touch the user's cache unless asked.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::link::{Ambiguity, Linked};
use crate::model::{Entity, Mention, Paragraph};
use crate::query::names::NameIndex;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Below this much work, linking is quicker than reading a cache entry.
const WORTH_CACHING_BYTES: usize = 256 * 1024;
const WORTH_CACHING_NAMES: usize = 2_000;

/// How many entries to keep; the oldest go first.
const MAX_ENTRIES: usize = 64;

const MAGIC: &[u8; 16] = b"entscope-links\x00\x01";

/// Turns the cache on or off for this process.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether the cache is on for this process.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Where entries live: `$XDG_CACHE_HOME/entscope`, else `~/.cache/entscope`.
pub fn dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.cache_dir().join("entscope"))
}

/// The mentions of the entities' names in the paragraphs, and the names
/// two entities share: from the cache when it holds this very text and
/// catalog, else found now (and cached).
pub fn link(paragraphs: &[Paragraph], entities: &[Entity], explicit: &[Mention]) -> Linked {
    let entry = entry(paragraphs, entities, explicit);
    if let Some(hit) = entry.as_ref().and_then(Entry::load) {
        crate::timing::phase("read the link cache");
        return hit;
    }
    let linked = crate::link::link(paragraphs, entities, explicit);
    if let Some(entry) = entry {
        entry.store(&linked);
    }
    linked
}

/// The entry for linking `paragraphs` against `entities`, when the cache
/// is on and the work is worth caching.
pub fn entry(paragraphs: &[Paragraph], entities: &[Entity], explicit: &[Mention]) -> Option<Entry> {
    if !ENABLED.load(Ordering::Relaxed) {
        return None;
    }
    let text: usize = paragraphs.iter().map(|p| p.text.len()).sum();
    let names: usize = entities.iter().map(|e| 1 + e.aliases.len()).sum();
    if text < WORTH_CACHING_BYTES && names < WORTH_CACHING_NAMES {
        return None;
    }
    Some(entry_of(paragraphs, entities, explicit))
}

/// The entry for a text and catalog, whatever the settings.
fn entry_of(paragraphs: &[Paragraph], entities: &[Entity], explicit: &[Mention]) -> Entry {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    for p in paragraphs {
        p.text.hash(&mut h);
        p.linkable().hash(&mut h);
    }
    for e in entities {
        e.name.hash(&mut h);
        e.aliases.hash(&mut h);
    }
    explicit.hash(&mut h);
    Entry {
        key: h.finish(),
        paragraphs: paragraphs.iter().map(|p| p.chars).collect(),
        entities: entities.len(),
    }
}

/// One cache entry: its key and what a valid one must fit.
pub struct Entry {
    key: u64,
    /// Characters in each paragraph.
    paragraphs: Vec<usize>,
    entities: usize,
}

impl Entry {
    fn path(&self) -> Option<PathBuf> {
        Some(dir()?.join(format!("{:016x}.links", self.key)))
    }

    /// The cached result, if there is a valid one.
    pub fn load(&self) -> Option<Linked> {
        let bytes = crate::files::read(&self.path()?, Some(crate::files::STATE_LIMIT)).ok()?;
        self.decode(&bytes)
    }

    /// Stores a result (silently not, on a read-only disk).
    pub fn store(&self, linked: &Linked) {
        if let Some(path) = self.path() {
            write_atomically(&path, &self.encode(linked));
        }
    }

    fn encode(&self, linked: &Linked) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + linked.mentions.len() * 16);
        out.extend_from_slice(MAGIC);
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        put(&mut out, version.len() as u64);
        out.extend_from_slice(version);
        put(&mut out, self.key);
        put(&mut out, self.paragraphs.len() as u64);
        put(&mut out, self.entities as u64);
        put(&mut out, linked.mentions.len() as u64);
        for m in &linked.mentions {
            for v in [m.paragraph, m.start, m.end, m.entity.index()] {
                out.extend_from_slice(&(v as u32).to_le_bytes());
            }
        }
        put(&mut out, linked.ambiguities.len() as u64);
        for a in &linked.ambiguities {
            put(&mut out, a.alias.len() as u64);
            out.extend_from_slice(a.alias.as_bytes());
            put(&mut out, a.entities.len() as u64);
            for &e in &a.entities {
                put(&mut out, e.index() as u64);
            }
        }
        let sum = checksum(&out);
        put(&mut out, sum);
        out
    }

    fn decode(&self, bytes: &[u8]) -> Option<Linked> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let mut r = Reader { bytes: body, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let version_len = r.number()?;
        if r.take(version_len)? != env!("CARGO_PKG_VERSION").as_bytes()
            || r.u64()? != self.key
            || r.number()? != self.paragraphs.len()
            || r.number()? != self.entities
        {
            return None;
        }
        let count = r.number()?;
        if count > body.len() / 16 {
            return None;
        }
        let mut mentions = Vec::with_capacity(count);
        for _ in 0..count {
            let m = Mention {
                paragraph: r.u32()?,
                start: r.u32()?,
                end: r.u32()?,
                entity: crate::model::EntityId(r.u32()?),
            };
            let fits = m.start < m.end
                && m.entity.index() < self.entities
                && self
                    .paragraphs
                    .get(m.paragraph)
                    .is_some_and(|&n| m.end <= n);
            if !fits {
                return None;
            }
            mentions.push(m);
        }
        let count = r.number()?;
        let mut ambiguities = Vec::new();
        for _ in 0..count.min(body.len()) {
            let len = r.number()?;
            let alias = String::from_utf8(r.take(len)?.to_vec()).ok()?;
            let n = r.number()?;
            let mut entities = Vec::new();
            for _ in 0..n.min(body.len()) {
                let e = r.number()?;
                if e >= self.entities {
                    return None;
                }
                entities.push(crate::model::EntityId(e));
            }
            ambiguities.push(Ambiguity { alias, entities });
        }
        (r.at == body.len()).then_some(Linked {
            mentions,
            ambiguities,
        })
    }
}

/// The names-index entry of a catalog file: named by the file's path,
/// size, modification time and the entscope version, so an edited catalog
/// is a miss. `None` when the cache is off or the catalog is small.
pub fn names_entry(catalog: &std::path::Path) -> Option<NamesEntry> {
    if !ENABLED.load(Ordering::Relaxed) {
        return None;
    }
    let path = std::fs::canonicalize(catalog).ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    if (meta.len() as usize) < WORTH_CACHING_BYTES {
        return None;
    }
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    path.hash(&mut h);
    meta.len().hash(&mut h);
    modified.as_nanos().hash(&mut h);
    Some(NamesEntry { key: h.finish() })
}

/// A cached [`NameIndex`]: what `search` needs of a large catalog.
pub struct NamesEntry {
    key: u64,
}

const NAMES_MAGIC: &[u8; 16] = b"entscope-names\x00\x01";

impl NamesEntry {
    fn path(&self) -> Option<PathBuf> {
        Some(dir()?.join(format!("{:016x}.names", self.key)))
    }

    pub fn load(&self) -> Option<NameIndex> {
        let mut bytes = crate::files::read(&self.path()?, Some(crate::files::STATE_LIMIT)).ok()?;
        let body_len = bytes.len().checked_sub(8)?;
        let (body, sum) = bytes.split_at(body_len);
        if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let mut r = Reader { bytes: body, at: 0 };
        if r.take(NAMES_MAGIC.len())? != NAMES_MAGIC || r.u64()? != self.key {
            return None;
        }
        let (names, entities, text_len) = (r.number()?, r.number()?, r.number()?);
        let base = r.at;
        let text_start = body_len.checked_sub(text_len)?;
        let text = String::from_utf8(bytes.get(text_start..body_len)?.to_vec()).ok()?;
        bytes.truncate(text_start);
        NameIndex::from_parts(text, bytes, base, names, entities)
    }

    pub fn store(&self, index: &NameIndex) {
        let (text, table, names, entities) = index.parts();
        let mut out = Vec::with_capacity(64 + table.len() + text.len());
        out.extend_from_slice(NAMES_MAGIC);
        put(&mut out, self.key);
        put(&mut out, names as u64);
        put(&mut out, entities as u64);
        put(&mut out, text.len() as u64);
        out.extend_from_slice(table);
        out.extend_from_slice(text.as_bytes());
        let sum = checksum(&out);
        put(&mut out, sum);
        if let Some(path) = self.path() {
            write_atomically(&path, &out);
        }
    }
}

/// Writes a cache file through a temporary one and a rename; silent on
/// failure (the cache only saves time).
fn write_atomically(path: &std::path::Path, bytes: &[u8]) {
    let Some(folder) = path.parent() else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() || crate::files::write(path, bytes).is_err() {
        return;
    }
    prune(folder);
}

fn put(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A quick checksum of an entry, to catch a truncated or damaged file.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn number(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }
}

/// Keeps the folder to [`MAX_ENTRIES`] entries, removing the oldest.
fn prune(folder: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".links") || name.ends_with(".names")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if files.len() <= MAX_ENTRIES {
        return;
    }
    files.sort();
    for (_, path) in &files[..files.len() - MAX_ENTRIES] {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paragraph;

    fn entry() -> Entry {
        Entry {
            key: 42,
            paragraphs: vec![10, 20],
            entities: 3,
        }
    }

    fn linked() -> Linked {
        Linked {
            mentions: vec![
                Mention {
                    paragraph: 0,
                    start: 0,
                    end: 5,
                    entity: crate::model::EntityId(2),
                },
                Mention {
                    paragraph: 1,
                    start: 3,
                    end: 20,
                    entity: crate::model::EntityId(0),
                },
            ],
            ambiguities: vec![Ambiguity {
                alias: "Tōkyō".into(),
                entities: vec![crate::model::EntityId(0), crate::model::EntityId(1)],
            }],
        }
    }

    #[test]
    fn an_entry_reads_back_what_was_written() {
        let bytes = entry().encode(&linked());
        assert_eq!(entry().decode(&bytes), Some(linked()));
    }

    #[test]
    fn truncated_corrupt_or_foreign_entries_are_never_trusted() {
        let bytes = entry().encode(&linked());
        for cut in [0, 1, 8, 16, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(entry().decode(&bytes[..cut]), None, "cut at {cut}");
        }
        for at in [0, 20, 40, bytes.len() - 3] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x40;
            assert_eq!(entry().decode(&flipped), None, "byte {at} flipped");
        }
        let other_key = Entry { key: 7, ..entry() };
        assert_eq!(other_key.decode(&bytes), None, "another document's entry");
        let shorter = Entry {
            paragraphs: vec![10, 19],
            ..entry()
        };
        assert_eq!(shorter.decode(&bytes), None, "a mention past its paragraph");
        assert_eq!(entry().decode(b"hello, world; not a cache file"), None);
    }

    #[test]
    fn the_key_follows_the_text_and_the_names() {
        let document = |text: &str| vec![Paragraph::new(text.repeat(300_000 / text.len()))];
        let entity = |name: &str| Entity {
            id: "x".into(),
            name: name.into(),
            kind: "other".into(),
            aliases: Vec::new(),
            description: String::new(),
            confidence: None,
        };
        let key = |text: &str, name: &str| entry_of(&document(text), &[entity(name)], &[]).key;
        let base = key("Japan and Tokyo. ", "Japan");
        assert_eq!(base, key("Japan and Tokyo. ", "Japan"));
        assert_ne!(base, key("Japan and Tokyo! ", "Japan"));
        assert_ne!(base, key("Japan and Tokyo. ", "Japan2"));
        assert!(
            super::entry(&document("Japan. "), &[entity("Japan")], &[]).is_none(),
            "off unless the binary turns it on"
        );
    }
}
