//! The document model: a text made of paragraphs, the entities it talks
//! about, the mentions that tie spans of text to entities, and the relations
//! between entities. Plain data plus the indices derived once at load; no
//! I/O and no terminal here, so the explorer and the subcommands share it.

pub mod curate;
mod index;
mod memory;
pub mod merge;
pub mod standoff;
pub mod store;

pub use memory::Memory;
pub use standoff::{Record, Standoff};
pub use store::{Shared, Store};

use std::ops::Range;
use std::sync::OnceLock;

/// How many consecutive mentions of one paragraph count as mentioned
/// together. Paragraphs rarely hold more; a giant one (a book on one line)
/// is cut into windows so co-mentions stay linear in the text.
pub const CO_MENTION_WINDOW: usize = 64;

/// An id that is a position in one list, as its own type so that an
/// entity's position cannot be passed where a mention's is meant. Lists are
/// indexed by their id type.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident for $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub usize);

        impl $name {
            /// The position in its list.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::ops::Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl std::ops::Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $name) -> &$item {
                &self[id.0]
            }
        }

        impl std::ops::IndexMut<$name> for Vec<$item> {
            fn index_mut(&mut self, id: $name) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

id!(
    /// Position of an entity in [`Model::entities`].
    EntityId for Entity
);
id!(
    /// Position of a mention among a model's mentions (reading order).
    MentionId for Mention
);
/// Position of a relation in [`Model::relations`].
pub type RelationId = usize;
/// Position of a paragraph in its document (zero-based; shown to
/// people one-based). Kept a plain number on purpose: paragraphs are counted,
/// offset and cut into ranges (a corpus's parts, ¶ numbers), which a newtype
/// would turn into conversions at every step. Entities and mentions, the ids
/// that could be mistaken for each other and for a paragraph, have types.
pub type ParagraphId = usize;

/// A document as read: its title, where it comes from, its paragraphs.
/// A corpus is one document made of several parts, one per file, so that
/// mentions, jumps and entities work across files without special cases.
/// A [`Model`] keeps the [`Outline`] and hands the paragraphs to its store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub source: String,
    pub paragraphs: Vec<Paragraph>,
    /// The files of a corpus, in order; empty for a single document.
    pub parts: Vec<Part>,
}

impl Document {
    /// The outline and the paragraphs, apart.
    pub fn split(self) -> (Outline, Vec<Paragraph>) {
        (
            Outline {
                title: self.title,
                source: self.source,
                parts: self.parts,
            },
            self.paragraphs,
        )
    }
}

/// A document without its text: its title, where it comes from, and the
/// files of a corpus. The text is the model's store's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub title: String,
    pub source: String,
    /// The files of a corpus, in order; empty for a single document.
    pub parts: Vec<Part>,
}

/// One file of a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    pub title: String,
    /// The file as the user named it.
    pub file: String,
    /// Where its entities come from ("catalog x.json", "discovered in the text"...).
    pub annotation: String,
    pub paragraphs: Range<ParagraphId>,
}

impl Outline {
    /// The part holding a paragraph, in a corpus.
    pub fn part_of(&self, paragraph: ParagraphId) -> Option<usize> {
        let i = self
            .parts
            .partition_point(|p| p.paragraphs.end <= paragraph);
        (i < self.parts.len()).then_some(i)
    }

    /// How a reader cites a paragraph: "¶6", or "notes.md ¶6" in a corpus.
    pub fn cite(&self, paragraph: ParagraphId) -> String {
        match self.part_of(paragraph).filter(|_| self.parts.len() > 1) {
            Some(i) => format!(
                "{} ¶{}",
                self.parts[i].file,
                self.paragraph_number(paragraph)
            ),
            None => format!("¶{}", paragraph + 1),
        }
    }

    /// The paragraph's number as a reader cites it: from 1 within its part.
    pub fn paragraph_number(&self, paragraph: ParagraphId) -> usize {
        let start = self
            .part_of(paragraph)
            .map_or(0, |i| self.parts[i].paragraphs.start);
        paragraph - start + 1
    }
}

/// What kind of block a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Block {
    /// Running text, reflowed to the pane.
    #[default]
    Text,
    /// A section heading of the given level (1 is the highest).
    Heading(u8),
    /// Text kept verbatim, line breaks included (a code block).
    Verbatim,
}

/// One paragraph of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// Length of `text` in characters (Unicode scalar values).
    pub chars: usize,
    pub block: Block,
    /// `Some(note)` when the paragraph is page furniture (a share button, a
    /// repeated caption): shown, but not linked automatically.
    pub furniture: Option<String>,
}

impl Paragraph {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let chars = text.chars().count();
        Paragraph {
            text,
            chars,
            block: Block::Text,
            furniture: None,
        }
    }

    #[must_use]
    pub fn with_block(mut self, block: Block) -> Self {
        self.block = block;
        self
    }

    /// Whether names in this paragraph are linked automatically: not in
    /// page furniture, not in verbatim blocks such as code.
    pub fn linkable(&self) -> bool {
        self.furniture.is_none() && self.block != Block::Verbatim
    }

    /// The text of a character range of this paragraph. Out-of-range ends are
    /// clamped, so a bad range yields a shorter slice rather than a panic.
    pub fn slice(&self, chars: Range<usize>) -> &str {
        if self.chars == self.text.len() {
            // ASCII: characters are bytes.
            let end = chars.end.max(chars.start).min(self.text.len());
            return &self.text[chars.start.min(end)..end];
        }
        let start = byte_offset(&self.text, chars.start);
        let rest = &self.text[start..];
        let end = start + byte_offset(rest, chars.end.saturating_sub(chars.start));
        &self.text[start..end]
    }
}

/// Slices character ranges of one text in order of their starts, walking the
/// text once: each start is found from the last one, each end counted from
/// its own start. Ranges may nest, overlap or repeat (brat's nested spans);
/// a start before the last one is found again from the beginning.
pub struct SpanSlicer<'a> {
    text: &'a str,
    /// (characters, bytes) of the last start found.
    at: (usize, usize),
}

impl<'a> SpanSlicer<'a> {
    pub fn new(text: &'a str) -> Self {
        SpanSlicer { text, at: (0, 0) }
    }

    /// The text of a character range, clamped to the text.
    pub fn slice(&mut self, chars: Range<usize>) -> &'a str {
        if chars.start < self.at.0 {
            self.at = (0, 0);
        }
        let rest = &self.text[self.at.1..];
        let start = self.at.1 + byte_offset(rest, chars.start - self.at.0);
        self.at = (chars.start, start);
        let end = start + byte_offset(&self.text[start..], chars.end.saturating_sub(chars.start));
        &self.text[start..end]
    }
}

/// Byte offset of the `char_index`-th character of `text` (its length when past the end).
pub fn byte_offset(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(byte, _)| byte)
}

/// A stable id from a name: lower case, words joined by hyphens.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "entity".into() } else { out }
}

/// The kinds entscope knows, in the order legends list them: each has a
/// colour and a style of its own.
pub const KNOWN_KINDS: &[&str] = &[
    "person",
    "country",
    "city",
    "place",
    "facility",
    "organisation",
    "alliance",
    "nationality",
    "agreement",
    "event",
    "work",
    "product",
    "other",
];

/// Something the document talks about: a person, country, organisation...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable identifier, unique in the model (`"new-zealand"`).
    pub id: String,
    /// Canonical name (`"New Zealand"`).
    pub name: String,
    /// Free-form kind (`"person"`, `"country"`...); the UI colours known ones.
    pub kind: String,
    /// Other names as the text writes them.
    pub aliases: Vec<String>,
    /// One line saying who or what this is.
    pub description: String,
    /// How sure discovery is that this is an entity, in percent (none for
    /// an entity a catalog or an annotation names).
    pub confidence: Option<u8>,
}

impl Entity {
    /// The canonical name followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A span of a paragraph that names an entity. Offsets count characters and
/// the end is exclusive; the mention never copies the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    pub paragraph: ParagraphId,
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
}

impl Mention {
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// A mention from plain numbers, for tests.
    #[cfg(test)]
    pub(crate) fn at(paragraph: ParagraphId, start: usize, end: usize, entity: usize) -> Self {
        Mention {
            paragraph,
            start,
            end,
            entity: EntityId(entity),
        }
    }
}

/// A labelled, directed link between two entities, with the paragraphs that
/// support it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub source: EntityId,
    pub target: EntityId,
    pub label: String,
    pub evidence: Vec<ParagraphId>,
    /// True when entscope inferred the relation rather than reading it.
    pub derived: bool,
    /// What the source says about the relation itself: notes, attributes,
    /// normalisations (brat's `#1 AnnotatorNotes R1`, `A1 Negated R1`).
    pub notes: Vec<String>,
}

/// Everything known about one document, with its indices. The text and
/// the mentions are the store's, in memory or in an index: they are read
/// through the model's methods, the same whichever it is.
#[derive(Debug, Clone)]
pub struct Model {
    pub document: Outline,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    /// Standoff annotations as their source wrote them, per source document
    /// (empty unless read from brat, doccano or Prodigy).
    pub standoff: Vec<Standoff>,
    /// Colours and labels for kinds, when the source gives them (brat's visual.conf).
    pub kind_styles: std::collections::HashMap<String, KindStyle>,
    /// Per entity, its relations.
    links: index::Links,
    /// Names and ids to entities, for [`Model::lookup`], built on first use.
    by_key: OnceLock<rustc_hash::FxHashMap<String, EntityId>>,
    storage: Storage,
}

/// Where a model's text and mentions are.
#[derive(Debug, Clone)]
enum Storage {
    /// In memory, where curation can change the mentions.
    Memory(Memory),
    /// In an on-disk index, read as shown.
    Stored(std::rc::Rc<dyn Store>),
}

/// Why a model cannot be curated: its text is read from an index.
pub const READ_ONLY: &str =
    "an indexed corpus is read-only here: open one of its files to curate it";

/// How a source asks for a kind to be shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindStyle {
    /// A short label for the kind.
    pub label: Option<String>,
    /// An RGB colour.
    pub color: Option<(u8, u8, u8)>,
}

impl Model {
    /// Builds the model over its text in memory, and the indices. Mentions
    /// outside their paragraph or naming no entity, whichever reader made
    /// them, are dropped (never drawn or counted); the rest are sorted into
    /// reading order. Relations to no entity are dropped.
    pub fn new(
        document: Document,
        entities: Vec<Entity>,
        mentions: Vec<Mention>,
        relations: Vec<Relation>,
    ) -> Self {
        let (outline, paragraphs) = document.split();
        let memory = Memory::new(&outline, paragraphs, mentions, entities.len());
        Model::with_storage(outline, entities, relations, Storage::Memory(memory))
    }

    /// A model whose paragraphs and mentions stay in a store, fetched as
    /// they are shown.
    pub fn stored(
        outline: Outline,
        entities: Vec<Entity>,
        relations: Vec<Relation>,
        store: std::rc::Rc<dyn Store>,
    ) -> Self {
        Model::with_storage(outline, entities, relations, Storage::Stored(store))
    }

    fn with_storage(
        document: Outline,
        entities: Vec<Entity>,
        mut relations: Vec<Relation>,
        storage: Storage,
    ) -> Self {
        relations
            .retain(|r| r.source.index() < entities.len() && r.target.index() < entities.len());
        Model {
            links: index::Links::build(entities.len(), &relations),
            by_key: OnceLock::new(),
            document,
            entities,
            relations,
            standoff: Vec::new(),
            kind_styles: std::collections::HashMap::default(),
            storage,
        }
    }

    /// Where the text and mentions are read from.
    fn store(&self) -> &dyn Store {
        match &self.storage {
            Storage::Memory(memory) => memory,
            Storage::Stored(store) => store.as_ref(),
        }
    }

    /// Whether the text is fetched from an index as it is shown (and so
    /// cannot be curated here).
    pub fn is_stored(&self) -> bool {
        matches!(self.storage, Storage::Stored(_))
    }

    /// Whether the store the text comes from changed on disk since it was
    /// opened.
    pub fn is_stale(&self) -> bool {
        self.store().stale()
    }

    pub fn paragraph_count(&self) -> usize {
        self.store().paragraph_count()
    }

    pub fn paragraph(&self, paragraph: ParagraphId) -> Shared<'_, Paragraph> {
        self.store().paragraph(paragraph)
    }

    /// Every paragraph in order (from an index, read in full: for writers
    /// and the linker, not per keypress).
    pub fn text(&self) -> Shared<'_, [Paragraph]> {
        self.store().text()
    }

    pub fn mention_count(&self) -> usize {
        self.store().mention_count()
    }

    pub fn mention(&self, mention: MentionId) -> Mention {
        self.store().mention(mention)
    }

    /// Every mention in reading order (from an index, read in full: for
    /// writers and reports, not per keypress).
    pub fn mentions(&self) -> Shared<'_, [Mention]> {
        self.store().mentions()
    }

    /// The id of the first mention in a paragraph (or of the next one after
    /// it, when it has none).
    pub fn first_mention_in(&self, paragraph: ParagraphId) -> MentionId {
        self.store().mentions_in(paragraph).0
    }

    /// How many mentions an entity has.
    pub fn mention_total(&self, entity: EntityId) -> usize {
        self.store().mention_total(entity)
    }

    /// An entity's first mention in reading order.
    pub fn first_mention(&self, entity: EntityId) -> Option<MentionId> {
        self.store().first_mention(entity)
    }

    /// Paragraphs that start a section (a heading) or a document.
    pub fn sections(&self) -> &[ParagraphId] {
        self.store().sections()
    }

    /// How many mentions a document of a corpus holds.
    pub fn mentions_in_part(&self, part: usize) -> usize {
        self.store().mentions_in_part(part)
    }

    /// Per document of a corpus the entity appears in: (document, mentions).
    pub fn parts_of(&self, entity: EntityId) -> Shared<'_, [(usize, usize)]> {
        self.store().parts_of(entity)
    }

    /// Searches the text through the store's own index, when it has one
    /// (else `None`: the caller searches the paragraphs it lays out).
    pub fn find_text(&self, query: &str, keep: usize) -> Option<Result<store::TextHits, String>> {
        self.store().find_text(query, keep)
    }

    /// When co-mentions were counted over only some of an entity's
    /// documents (a store's large entity): how many, of how many.
    pub fn co_mention_sample(&self, entity: EntityId) -> Option<(usize, usize)> {
        self.store().co_mentioned(entity).1
    }

    /// Whether relations are derived from co-mention: the source declares
    /// none, so entities sharing a paragraph stand as related.
    pub fn derives_relations(&self) -> bool {
        self.relations.is_empty() && self.mention_count() > 0
    }

    /// The relations an export writes: the declared ones, or where there
    /// are none, the derived co-mention relations.
    pub fn relations_to_write(&self) -> std::borrow::Cow<'_, [Relation]> {
        if self.derives_relations() {
            std::borrow::Cow::Owned(self.derived_relations())
        } else {
            std::borrow::Cow::Borrowed(&self.relations)
        }
    }

    /// Co-mention relations between every pair of entities sharing a
    /// paragraph (or a window of one, see [`CO_MENTION_WINDOW`]), the shared
    /// paragraphs as evidence, most shared first: what exports write when
    /// the source declares no relation. Computed on each call.
    pub fn derived_relations(&self) -> Vec<Relation> {
        let mut pairs: std::collections::HashMap<(EntityId, EntityId), Vec<ParagraphId>> =
            std::collections::HashMap::new();
        let mut present: Vec<EntityId> = Vec::new();
        for paragraph in 0..self.paragraph_count() {
            let (_, mentions) = self.store().mentions_in(paragraph);
            for window in mentions.chunks(CO_MENTION_WINDOW) {
                present.clear();
                present.extend(window.iter().map(|m| m.entity));
                present.sort_unstable();
                present.dedup();
                for (x, &a) in present.iter().enumerate() {
                    for &b in &present[x + 1..] {
                        let evidence = pairs.entry((a, b)).or_default();
                        if evidence.last() != Some(&paragraph) {
                            evidence.push(paragraph);
                        }
                    }
                }
            }
        }
        let mut relations: Vec<Relation> = pairs
            .into_iter()
            .map(|((source, target), evidence)| Relation {
                source,
                target,
                label: "co-mentioned".into(),
                evidence,
                derived: true,
                notes: Vec::new(),
            })
            .collect();
        relations.sort_by_key(|r| (std::cmp::Reverse(r.evidence.len()), r.source, r.target));
        relations
    }

    /// The entities, mentions and relations, moved out: the model keeps
    /// its text, with no entity, until [`Model::set_annotations`] gives
    /// them back. An error for a model read from an index, which is
    /// curated one file at a time.
    pub fn take_annotations(&mut self) -> Result<curate::Annotations, String> {
        let Storage::Memory(memory) = &mut self.storage else {
            return Err(READ_ONLY.into());
        };
        let mentions = memory.take_mentions();
        self.links = index::Links::default();
        self.by_key = OnceLock::new();
        Ok(curate::Annotations {
            entities: std::mem::take(&mut self.entities),
            mentions,
            relations: std::mem::take(&mut self.relations),
        })
    }

    /// The paragraphs and the mentions, moved out (from an index, read in
    /// full), to build another model of them: this one is left empty.
    pub fn take_text(&mut self) -> (Vec<Paragraph>, Vec<Mention>) {
        let taken = match &mut self.storage {
            Storage::Memory(memory) => std::mem::take(memory).into_parts(),
            Storage::Stored(store) => (store.text().to_vec(), store.mentions().to_vec()),
        };
        self.storage = Storage::Memory(Memory::default());
        taken
    }

    /// A copy of the entities, mentions and relations.
    pub fn annotations(&self) -> curate::Annotations {
        curate::Annotations {
            entities: self.entities.clone(),
            mentions: self.mentions().to_vec(),
            relations: self.relations.clone(),
        }
    }

    /// New entities, mentions and relations for the same text; the indices
    /// are built again. An error for a model read from an index.
    pub fn set_annotations(&mut self, annotations: curate::Annotations) -> Result<(), String> {
        let curate::Annotations {
            entities,
            mentions,
            mut relations,
        } = annotations;
        let Storage::Memory(memory) = &mut self.storage else {
            return Err(READ_ONLY.into());
        };
        memory.reindex(&self.document, mentions, entities.len());
        relations
            .retain(|r| r.source.index() < entities.len() && r.target.index() < entities.len());
        self.links = index::Links::build(entities.len(), &relations);
        self.by_key = OnceLock::new();
        self.entities = entities;
        self.relations = relations;
        Ok(())
    }

    /// The text a mention covers.
    pub fn mention_text(&self, mention: &Mention) -> String {
        self.paragraph(mention.paragraph)
            .slice(mention.span())
            .to_string()
    }

    /// Mentions of an entity in reading order.
    pub fn mentions_of(&self, entity: EntityId) -> Shared<'_, [MentionId]> {
        self.store().mentions_of(entity)
    }

    /// Mentions inside one paragraph, in reading order.
    pub fn mentions_in(&self, paragraph: ParagraphId) -> Shared<'_, [Mention]> {
        self.store().mentions_in(paragraph).1
    }

    /// Relations leaving an entity.
    pub fn outgoing(&self, entity: EntityId) -> &[RelationId] {
        &self.links.outgoing[entity.index()]
    }

    /// Relations arriving at an entity.
    pub fn incoming(&self, entity: EntityId) -> &[RelationId] {
        &self.links.incoming[entity.index()]
    }

    /// Entities mentioned in the same paragraphs as `entity`, with the number
    /// of paragraphs shared, most shared first, then by first appearance.
    /// In a paragraph of more than [`CO_MENTION_WINDOW`] mentions, only those
    /// in the same window count.
    pub fn co_mentioned(&self, entity: EntityId) -> Shared<'_, [(EntityId, usize)]> {
        self.store().co_mentioned(entity).0
    }

    /// The paragraphs both entities are mentioned in, in order.
    pub fn shared_paragraphs(&self, a: EntityId, b: EntityId) -> Vec<ParagraphId> {
        self.store().shared_paragraphs(a, b)
    }

    /// Paragraphs in which an entity is mentioned, in order, without repeats.
    pub fn paragraphs_of(&self, entity: EntityId) -> Shared<'_, [ParagraphId]> {
        self.store().paragraphs_of(entity)
    }

    /// Finds an entity by id, name or alias, ignoring case.
    pub fn lookup(&self, key: &str) -> Option<EntityId> {
        self.by_key
            .get_or_init(|| index::keys(&self.entities))
            .get(&key.trim().to_lowercase())
            .copied()
    }

    /// The first mention at or after a character position, in reading order.
    pub fn mention_at_or_after(
        &self,
        paragraph: ParagraphId,
        char_pos: usize,
    ) -> Option<MentionId> {
        self.store().mention_at_or_after(paragraph, char_pos)
    }

    /// How many mentions start before a character position: the id of the
    /// first mention starting at or after it.
    pub fn mentions_before(&self, paragraph: ParagraphId, char_pos: usize) -> MentionId {
        self.store().mentions_before(paragraph, char_pos)
    }

    /// The mention covering a character position, if any; where mentions
    /// nest (brat's may), the innermost.
    pub fn mention_covering(&self, paragraph: ParagraphId, char_pos: usize) -> Option<MentionId> {
        if paragraph >= self.paragraph_count() {
            return None;
        }
        let (first, mentions) = self.store().mentions_in(paragraph);
        let started = mentions.partition_point(|m| m.start <= char_pos);
        let (offset, _) = mentions[..started]
            .iter()
            .enumerate()
            .filter(|(_, m)| char_pos < m.end)
            .min_by_key(|(_, m)| m.end - m.start)?;
        Some(MentionId(first.index() + offset))
    }
}

#[cfg(test)]
mod tests;
