//! The explorer over an index without reading it all: the documents'
//! outline, the entities and their counts are read at open; a document's
//! paragraphs and mentions when it is shown (a few are kept); an entity's
//! mentions when it becomes current.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use rusqlite::Connection;

use super::build::{block_of, count_of};
use crate::load::Loaded;
use crate::model::store::{CoMentions, Shared};
use crate::model::{
    CO_MENTION_WINDOW, Entity, EntityId, Mention, MentionId, Model, Paragraph, ParagraphId, Part,
    Store,
};
use crate::problem::Problems;

/// Documents kept in memory once read (the screen shows one or two).
const DOCUMENTS_KEPT: usize = 32;
/// Entities whose mentions are kept once fetched.
const ENTITIES_KEPT: usize = 8;
/// Documents read to count an entity's co-mentions; past them, the count is
/// said to be over a sample, so a word in every document stays quick.
const CO_MENTION_DOCUMENTS: usize = 64;

/// A document: where its paragraphs and mentions fall among the corpus's.
#[derive(Debug, Clone)]
struct Extent {
    row: i64,
    paragraphs: std::ops::Range<usize>,
    first_mention: usize,
    mentions: usize,
}

/// A document read from the index.
#[derive(Debug)]
struct Read {
    paragraphs: Vec<Rc<Paragraph>>,
    /// With global paragraph numbers.
    mentions: Vec<Mention>,
    /// Where each paragraph's mentions start in `mentions` (one more at the end).
    starts: Vec<usize>,
}

/// A small cache, most recent first.
#[derive(Debug)]
struct Recent<K, V> {
    items: Vec<(K, V)>,
    capacity: usize,
}

impl<K: PartialEq + Copy, V: Clone> Recent<K, V> {
    fn new(capacity: usize) -> Self {
        Recent {
            items: Vec::new(),
            capacity,
        }
    }

    fn get_or(&mut self, key: K, make: impl FnOnce() -> V) -> V {
        if let Some(i) = self.items.iter().position(|(k, _)| *k == key) {
            let item = self.items.remove(i);
            self.items.insert(0, item);
            return self.items[0].1.clone();
        }
        let value = make();
        self.items.insert(0, (key, value.clone()));
        self.items.truncate(self.capacity);
        value
    }
}

/// An entity's mentions and the paragraphs they are in.
type OfEntity = (Rc<[MentionId]>, Rc<[ParagraphId]>);

/// An index answering for the model.
pub struct IndexStore {
    conn: Connection,
    documents: Vec<Extent>,
    document_of_row: HashMap<i64, usize>,
    entity_rows: Vec<i64>,
    totals: Vec<usize>,
    firsts: Vec<Option<MentionId>>,
    sections: Vec<ParagraphId>,
    paragraph_total: usize,
    mention_total: usize,
    read: RefCell<Recent<usize, Rc<Read>>>,
    /// The index file as it was opened, and whether it has changed since.
    opened: (std::path::PathBuf, Option<super::Stamp>),
    stale: std::cell::Cell<bool>,
    of_entity: RefCell<Recent<EntityId, OfEntity>>,
    co_mentions: RefCell<Recent<EntityId, Rc<Counted>>>,
}

/// An entity's co-mentions as counted: the list, the sample, and the
/// paragraphs shared with each.
#[derive(Debug)]
struct Counted {
    list: Rc<[(EntityId, usize)]>,
    /// Documents looked at, of how many, when not all.
    sample: Option<(usize, usize)>,
    shared: HashMap<EntityId, Vec<ParagraphId>>,
}

impl std::fmt::Debug for IndexStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexStore")
            .field("documents", &self.documents.len())
            .field("paragraphs", &self.paragraph_total)
            .field("mentions", &self.mention_total)
            .finish_non_exhaustive()
    }
}

/// Opens an index for the explorer: the outline now, the text as it is shown.
pub fn open(conn: Connection, index: &Path, name: &str) -> Result<Loaded, Problems> {
    let fail = |e: rusqlite::Error| Problems::from(super::problem(index, &e));
    let (outline, parts) = extents(&conn).map_err(fail)?;
    let (paragraph_at, mention_at) = outline
        .last()
        .map_or((0, 0), |o| (o.paragraphs.end, o.first_mention + o.mentions));
    plausible(&conn, index, paragraph_at, mention_at).map_err(fail)?;
    let document_of_row: HashMap<i64, usize> = outline
        .iter()
        .enumerate()
        .map(|(i, o)| (o.row, i))
        .collect();
    let (entities, entity_rows, totals, firsts) =
        entities(&conn, &outline, &document_of_row).map_err(fail)?;
    let sections = sections(&conn, &outline, &document_of_row).map_err(fail)?;
    let relations = {
        let entity_of: HashMap<i64, EntityId> = entity_rows
            .iter()
            .enumerate()
            .map(|(i, &r)| (r, EntityId(i)))
            .collect();
        super::load::relations(&conn, &entity_of, &outline_starts(&outline)).map_err(fail)?
    };
    let store = IndexStore {
        conn,
        paragraph_total: paragraph_at,
        mention_total: mention_at,
        documents: outline,
        document_of_row,
        entity_rows,
        totals,
        firsts,
        sections,
        read: RefCell::new(Recent::new(DOCUMENTS_KEPT)),
        opened: (index.to_path_buf(), super::Stamp::of(index)),
        stale: std::cell::Cell::new(false),
        of_entity: RefCell::new(Recent::new(ENTITIES_KEPT)),
        co_mentions: RefCell::new(Recent::new(ENTITIES_KEPT)),
    };
    let count = parts.len();
    let document = crate::model::Outline {
        title: format!("{name}: {count} documents"),
        source: String::new(),
        parts,
    };
    let model = Model::stored(document, entities, relations, Rc::new(store));
    let mut loaded = Loaded::new(model, name, "a corpus");
    loaded.target = crate::save::Target::Cannot(
        "a corpus is curated one document at a time: open one of its files to curate it".into(),
    );
    loaded.documents = count;
    Ok(loaded)
}

/// Where each document's paragraphs and mentions fall among the corpus's,
/// and the documents as parts of the model's outline.
fn extents(conn: &Connection) -> rusqlite::Result<(Vec<Extent>, Vec<Part>)> {
    let rows = super::load::documents(conn)?;
    let mut outline = Vec::with_capacity(rows.len());
    let mut parts = Vec::with_capacity(rows.len());
    let counts: HashMap<i64, (usize, usize)> = conn
        .prepare("SELECT id, paragraphs, mentions FROM documents")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (count_of(r.get(1)?), count_of(r.get(2)?)),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (mut paragraph_at, mut mention_at) = (0usize, 0usize);
    for row in &rows {
        let (paragraphs, mentions) = counts.get(&row.id).copied().unwrap_or_default();
        let (Some(p), Some(m)) = (
            paragraph_at.checked_add(paragraphs),
            mention_at.checked_add(mentions),
        ) else {
            return Err(super::load::inconsistent(
                "its documents claim more paragraphs or mentions than can be counted",
            ));
        };
        outline.push(Extent {
            row: row.id,
            paragraphs: paragraph_at..paragraph_at + paragraphs,
            first_mention: mention_at,
            mentions,
        });
        parts.push(Part {
            title: row.title.clone(),
            file: row.label.clone(),
            annotation: row.annotation.clone(),
            paragraphs: paragraph_at..paragraph_at + paragraphs,
        });
        (paragraph_at, mention_at) = (p, m);
    }
    Ok((outline, parts))
}

/// Each document's row, first paragraph and paragraph count, for moving
/// relation evidence.
fn outline_starts(outline: &[Extent]) -> HashMap<i64, (usize, usize)> {
    outline
        .iter()
        .map(|o| (o.row, (o.paragraphs.start, o.paragraphs.len())))
        .collect()
}

/// What the documents claim to hold is checked before anything is sized
/// by it: the paragraphs against the rows there are (one count), the
/// mentions against what a file of its size can hold. A document's own
/// rows are checked again as it is read.
fn plausible(
    conn: &Connection,
    index: &Path,
    paragraphs: usize,
    mentions: usize,
) -> rusqlite::Result<()> {
    let rows: i64 = conn.query_row("SELECT count(*) FROM paragraphs", [], |r| r.get(0))?;
    if usize::try_from(rows).ok() != Some(paragraphs) {
        return Err(super::load::inconsistent(&format!(
            "its documents claim {paragraphs} paragraphs, and it holds {rows}"
        )));
    }
    let bytes = std::fs::metadata(index).map_or(0, |m| m.len());
    if mentions as u64 > bytes {
        return Err(super::load::inconsistent(&format!(
            "its documents claim {mentions} mentions, more than a file of {bytes} bytes can hold"
        )));
    }
    Ok(())
}

type Entities = (Vec<Entity>, Vec<i64>, Vec<usize>, Vec<Option<MentionId>>);

/// Every entity, its row, its mention count and its first mention.
fn entities(
    conn: &Connection,
    outline: &[Extent],
    document_of_row: &HashMap<i64, usize>,
) -> rusqlite::Result<Entities> {
    let mut out: Entities = Default::default();
    let mut s = conn.prepare(
        "SELECT id, key, name, kind, aliases, description, mentions, first_document, first_seq,
                confidence
         FROM entities ORDER BY id",
    )?;
    let mut q = s.query([])?;
    while let Some(r) = q.next()? {
        out.0.push(super::load::entity_from_row(r)?);
        out.1.push(r.get(0)?);
        out.2.push(count_of(r.get(6)?));
        // A first mention the document does not hold is no first mention.
        let first = match (r.get::<_, Option<i64>>(7)?, r.get::<_, Option<i64>>(8)?) {
            (Some(d), Some(seq)) => document_of_row
                .get(&d)
                .map(|&i| &outline[i])
                .filter(|o| count_of(seq) < o.mentions)
                .map(|o| MentionId(o.first_mention + count_of(seq))),
            _ => None,
        };
        out.3.push(first);
    }
    Ok(out)
}

/// The first paragraph of each document and every heading, in order.
fn sections(
    conn: &Connection,
    outline: &[Extent],
    document_of_row: &HashMap<i64, usize>,
) -> rusqlite::Result<Vec<ParagraphId>> {
    let mut sections: Vec<ParagraphId> = if outline.len() > 1 {
        outline.iter().map(|o| o.paragraphs.start).collect()
    } else {
        Vec::new()
    };
    let mut s = conn.prepare(
        "SELECT document, position, block FROM paragraphs INDEXED BY headings WHERE block != 'text'",
    )?;
    let mut q = s.query([])?;
    while let Some(r) = q.next()? {
        let block: String = r.get(2)?;
        if !matches!(block_of(&block), crate::model::Block::Heading(_)) {
            continue;
        }
        if let Some(&i) = document_of_row.get(&r.get::<_, i64>(0)?) {
            let position = count_of(r.get(1)?);
            if position < outline[i].paragraphs.len() {
                sections.push(outline[i].paragraphs.start + position);
            }
        }
    }
    sections.sort_unstable();
    sections.dedup();
    Ok(sections)
}

impl IndexStore {
    /// The document holding a paragraph.
    fn document_of_paragraph(&self, paragraph: ParagraphId) -> usize {
        self.documents
            .partition_point(|o| o.paragraphs.end <= paragraph)
            .min(self.documents.len().saturating_sub(1))
    }

    /// The document holding a mention.
    fn document_of_mention(&self, mention: MentionId) -> usize {
        self.documents
            .partition_point(|o| o.first_mention + o.mentions <= mention.index())
            .min(self.documents.len().saturating_sub(1))
    }

    /// A document's paragraphs and mentions, read once while it is shown.
    fn read(&self, document: usize) -> Rc<Read> {
        self.read.borrow_mut().get_or(document, || {
            // A document read from the file now: is the file still the one
            // opened? (Once per document read, not per key.)
            if super::Stamp::of(&self.opened.0) != self.opened.1 {
                self.stale.set(true);
            }
            Rc::new(self.fetch(document))
        })
    }

    /// A document as its rows are, each checked: no more paragraphs than
    /// it claims (a missing one is said in its place), and only mentions
    /// inside their paragraph's text, within the count it claims.
    fn fetch(&self, document: usize) -> Read {
        let outline = &self.documents[document];
        let mut read = Read {
            paragraphs: Vec::new(),
            mentions: Vec::new(),
            starts: Vec::new(),
        };
        // A failed read shows as an empty paragraph rather than a crash;
        // the index was checked when it was opened.
        if let Ok(mut s) = self.conn.prepare_cached(
            "SELECT block, furniture, text FROM paragraphs WHERE document = ?1 ORDER BY position",
        ) && let Ok(rows) = s.query_map([outline.row], |r| {
            let block: String = r.get(0)?;
            let mut p = Paragraph::new(r.get::<_, String>(2)?).with_block(block_of(&block));
            p.furniture = r.get(1)?;
            Ok(p)
        }) {
            read.paragraphs.extend(
                rows.filter_map(Result::ok)
                    .take(outline.paragraphs.len())
                    .map(Rc::new),
            );
        }
        while read.paragraphs.len() < outline.paragraphs.len() {
            read.paragraphs.push(Rc::new(Paragraph::new(
                "(this paragraph is missing from the index: `entscope index --update` rebuilds it)",
            )));
        }
        if let Ok(mut s) = self.conn.prepare_cached(
            "SELECT paragraph, start, end, entity FROM mentions WHERE document = ?1 ORDER BY seq",
        ) && let Ok(rows) = s.query_map([outline.row], |r| {
            Ok((
                count_of(r.get(0)?),
                count_of(r.get(1)?),
                count_of(r.get(2)?),
                r.get::<_, i64>(3)?,
            ))
        }) {
            let entity_of = |row: i64| self.entity_rows.binary_search(&row).ok().map(EntityId);
            for (paragraph, start, end, entity) in rows.filter_map(Result::ok) {
                let inside = read
                    .paragraphs
                    .get(paragraph)
                    .is_some_and(|p| start < end && end <= p.chars);
                if let (Some(entity), true) = (entity_of(entity), inside) {
                    read.mentions.push(Mention {
                        paragraph: outline.paragraphs.start + paragraph,
                        start,
                        end,
                        entity,
                    });
                }
                if read.mentions.len() == outline.mentions {
                    break;
                }
            }
            // Rows out of order would break every search by position.
            read.mentions.sort_unstable();
        }
        let mut at = 0;
        for p in outline.paragraphs.clone() {
            read.starts.push(at);
            while read.mentions.get(at).is_some_and(|m| m.paragraph == p) {
                at += 1;
            }
        }
        read.starts.push(read.mentions.len());
        read
    }

    /// An entity's mentions and paragraphs, in reading order.
    fn of_entity(&self, entity: EntityId) -> OfEntity {
        self.of_entity.borrow_mut().get_or(entity, || {
            let mut found: Vec<(MentionId, ParagraphId)> = Vec::new();
            let row = self.entity_rows.get(entity.index()).copied().unwrap_or(-1);
            if let Ok(mut s) = self.conn.prepare_cached(
                "SELECT document, seq, paragraph FROM mentions INDEXED BY mentions_of_entity WHERE entity = ?1",
            ) && let Ok(rows) = s.query_map([row], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            }) {
                for (document, seq, paragraph) in rows.filter_map(Result::ok) {
                    let (seq, paragraph) = (count_of(seq), count_of(paragraph));
                    if let Some(&i) = self.document_of_row.get(&document) {
                        let o = &self.documents[i];
                        // Only a place the document holds.
                        if seq < o.mentions && paragraph < o.paragraphs.len() {
                            found.push((
                                MentionId(o.first_mention + seq),
                                o.paragraphs.start + paragraph,
                            ));
                        }
                    }
                }
            }
            found.sort_unstable();
            let mentions: Rc<[MentionId]> = found.iter().map(|&(m, _)| m).collect();
            let mut paragraphs: Vec<ParagraphId> = found.iter().map(|&(_, p)| p).collect();
            paragraphs.dedup();
            (mentions, paragraphs.into())
        })
    }
}

impl Store for IndexStore {
    fn paragraph_count(&self) -> usize {
        self.paragraph_total
    }

    fn paragraph(&self, paragraph: ParagraphId) -> Shared<'_, Paragraph> {
        let document = self.document_of_paragraph(paragraph);
        let read = self.read(document);
        let at = paragraph - self.documents[document].paragraphs.start;
        Shared::Owned(
            read.paragraphs
                .get(at)
                .cloned()
                .unwrap_or_else(|| Rc::new(Paragraph::new(""))),
        )
    }

    fn mention_count(&self) -> usize {
        self.mention_total
    }

    fn text(&self) -> Shared<'_, [Paragraph]> {
        let mut all = Vec::with_capacity(self.paragraph_total);
        for document in 0..self.documents.len() {
            all.extend(self.read(document).paragraphs.iter().map(|p| (**p).clone()));
        }
        Shared::Owned(all.into())
    }

    fn mentions(&self) -> Shared<'_, [Mention]> {
        let mut all = Vec::with_capacity(self.mention_total);
        for document in 0..self.documents.len() {
            all.extend_from_slice(&self.read(document).mentions);
        }
        Shared::Owned(all.into())
    }

    fn mentions_in(&self, paragraph: ParagraphId) -> (MentionId, Shared<'_, [Mention]>) {
        let document = self.document_of_paragraph(paragraph);
        let outline = &self.documents[document];
        let read = self.read(document);
        let at = paragraph.saturating_sub(outline.paragraphs.start);
        let (from, to) = (
            read.starts.get(at).copied().unwrap_or(read.mentions.len()),
            read.starts
                .get(at + 1)
                .copied()
                .unwrap_or(read.mentions.len()),
        );
        (
            MentionId(outline.first_mention + from),
            Shared::Owned(read.mentions[from..to].into()),
        )
    }

    fn mention(&self, mention: MentionId) -> Mention {
        let document = self.document_of_mention(mention);
        let read = self.read(document);
        let at = mention.index() - self.documents[document].first_mention;
        read.mentions.get(at).copied().unwrap_or(Mention {
            paragraph: self.documents[document].paragraphs.start,
            start: 0,
            end: 0,
            entity: EntityId(0),
        })
    }

    fn mentions_before(&self, paragraph: ParagraphId, char_pos: usize) -> MentionId {
        if self.documents.is_empty() {
            return MentionId(0);
        }
        let document = self.document_of_paragraph(paragraph);
        let read = self.read(document);
        let at = read
            .mentions
            .partition_point(|m| (m.paragraph, m.start) < (paragraph, char_pos));
        MentionId(self.documents[document].first_mention + at)
    }

    fn mention_at_or_after(&self, paragraph: ParagraphId, char_pos: usize) -> Option<MentionId> {
        if self.documents.is_empty() {
            return None;
        }
        let document = self.document_of_paragraph(paragraph);
        let read = self.read(document);
        let at = read
            .mentions
            .partition_point(|m| (m.paragraph, m.end) <= (paragraph, char_pos));
        if at < read.mentions.len() {
            return Some(MentionId(self.documents[document].first_mention + at));
        }
        self.documents[document + 1..]
            .iter()
            .find(|o| o.mentions > 0)
            .map(|o| MentionId(o.first_mention))
    }

    fn mentions_of(&self, entity: EntityId) -> Shared<'_, [MentionId]> {
        Shared::Owned(self.of_entity(entity).0)
    }

    fn paragraphs_of(&self, entity: EntityId) -> Shared<'_, [ParagraphId]> {
        Shared::Owned(self.of_entity(entity).1)
    }

    fn parts_of(&self, entity: EntityId) -> Shared<'_, [(usize, usize)]> {
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for &m in self.mentions_of(entity).iter() {
            let part = self.document_of_mention(m);
            match counts.last_mut() {
                Some((p, n)) if *p == part => *n += 1,
                _ => counts.push((part, 1)),
            }
        }
        Shared::Owned(counts.into())
    }

    fn mention_total(&self, entity: EntityId) -> usize {
        self.totals.get(entity.index()).copied().unwrap_or(0)
    }

    fn first_mention(&self, entity: EntityId) -> Option<MentionId> {
        self.firsts.get(entity.index()).copied().flatten()
    }

    fn sections(&self) -> &[ParagraphId] {
        &self.sections
    }

    fn mentions_in_part(&self, part: usize) -> usize {
        self.documents.get(part).map_or(0, |o| o.mentions)
    }

    fn co_mentioned(&self, entity: EntityId) -> CoMentions<'_> {
        let counted = self.counted(entity);
        (Shared::Owned(Rc::clone(&counted.list)), counted.sample)
    }

    fn find_text(
        &self,
        query: &str,
        keep: usize,
    ) -> Option<Result<crate::model::store::TextHits, String>> {
        Some(self.search_text(query, keep))
    }

    fn shared_paragraphs(&self, a: EntityId, b: EntityId) -> Vec<ParagraphId> {
        self.counted(a).shared.get(&b).cloned().unwrap_or_default()
    }

    fn stale(&self) -> bool {
        self.stale.get()
    }
}

impl IndexStore {
    /// Searches the paragraphs through the index's full-text table.
    fn search_text(
        &self,
        query: &str,
        keep: usize,
    ) -> Result<crate::model::store::TextHits, String> {
        let found = super::search::search_paragraphs(&self.conn, query, keep).map_err(|e| e.0)?;
        let hits = found
            .hits
            .into_iter()
            .filter_map(|(document, position, ranges)| {
                let o = &self.documents[*self.document_of_row.get(&document)?];
                let paragraph = o.paragraphs.start + position;
                Some(ranges.into_iter().map(move |r| (paragraph, r)))
            })
            .flatten()
            .collect::<Vec<_>>();
        let mut hits = hits;
        hits.sort_unstable_by_key(|(p, r)| (*p, r.start));
        Ok((hits, found.total))
    }

    /// Counts the entities sharing paragraphs with `entity`, over its first
    /// documents only when it is in many.
    fn counted(&self, entity: EntityId) -> Rc<Counted> {
        self.co_mentions.borrow_mut().get_or(entity, || {
            let mentions = self.mentions_of(entity);
            let mut documents: Vec<usize> = mentions
                .iter()
                .map(|&m| self.document_of_mention(m))
                .collect();
            documents.dedup();
            let total = documents.len();
            documents.truncate(CO_MENTION_DOCUMENTS);
            // other entity -> the paragraphs shared
            let mut shared: HashMap<EntityId, Vec<ParagraphId>> = HashMap::new();
            for &d in &documents {
                let read = self.read(d);
                for p in 0..read.starts.len().saturating_sub(1) {
                    let here = &read.mentions[read.starts[p]..read.starts[p + 1]];
                    for window in here.chunks(CO_MENTION_WINDOW) {
                        if !window.iter().any(|m| m.entity == entity) {
                            continue;
                        }
                        for other in window.iter().filter(|m| m.entity != entity) {
                            let paragraphs = shared.entry(other.entity).or_default();
                            if paragraphs.last() != Some(&other.paragraph) {
                                paragraphs.push(other.paragraph);
                            }
                        }
                    }
                }
            }
            let mut list: Vec<(EntityId, usize)> =
                shared.iter().map(|(&e, p)| (e, p.len())).collect();
            list.sort_unstable_by_key(|&(e, n)| {
                (
                    std::cmp::Reverse(n),
                    self.first_mention(e).unwrap_or(MentionId(usize::MAX)),
                    e,
                )
            });
            let sample = (total > documents.len()).then_some((documents.len(), total));
            Rc::new(Counted {
                list: list.into(),
                sample,
                shared,
            })
        })
    }
}
