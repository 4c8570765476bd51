//! The document model: a text made of paragraphs, the entities it talks
//! about, the mentions that tie spans of text to entities, and the relations
//! between entities. Plain data plus the indices derived once at load; no
//! I/O and no terminal here, so the explorer and the subcommands share it.

pub mod curate;
mod index;
pub mod standoff;
pub mod store;

pub use index::Index;
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
    /// Position of a mention in [`Model::mentions`] (reading order).
    MentionId for Mention
);
/// Position of a relation in [`Model::relations`].
pub type RelationId = usize;
/// Position of a paragraph in [`Document::paragraphs`] (zero-based; shown to
/// people one-based). Kept a plain number on purpose: paragraphs are counted,
/// offset and cut into ranges (a corpus's parts, ¶ numbers), which a newtype
/// would turn into conversions at every step. Entities and mentions, the ids
/// that could be mistaken for each other and for a paragraph, have types.
pub type ParagraphId = usize;

/// A document: its title, where it comes from, and its paragraphs. A corpus
/// is one document made of several parts, one per file, so that mentions,
/// jumps and entities work across files without special cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub title: String,
    pub source: String,
    pub paragraphs: Vec<Paragraph>,
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

impl Document {
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

/// The kinds entscope knows, in the order legends list them: each has a
/// colour and a style of its own.
pub const KNOWN_KINDS: &[&str] = &[
    "person",
    "country",
    "city",
    "place",
    "organisation",
    "alliance",
    "agreement",
    "event",
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

/// Everything known about one document, with its indices.
#[derive(Debug, Clone)]
pub struct Model {
    pub document: Document,
    pub entities: Vec<Entity>,
    /// Sorted in reading order (paragraph, start, end). Linking never makes
    /// overlapping mentions, but annotations may nest or overlap (brat's do).
    pub mentions: Vec<Mention>,
    pub relations: Vec<Relation>,
    /// Standoff annotations as their source wrote them, per source document
    /// (empty unless read from brat, doccano or Prodigy).
    pub standoff: Vec<Standoff>,
    /// Colours and labels for kinds, when the source gives them (brat's visual.conf).
    pub kind_styles: std::collections::HashMap<String, KindStyle>,
    pub index: Index,
    /// Per entity, the entities it shares paragraphs with, computed the
    /// first time they are asked for (the details pane, `show`), so loading
    /// never pays for every pair.
    co_mentions: Vec<OnceLock<Vec<(EntityId, usize)>>>,
    /// Names and ids to entities, for [`Model::lookup`], built on first use.
    by_key: OnceLock<rustc_hash::FxHashMap<String, EntityId>>,
    /// Where the paragraphs and mentions are when they are not in
    /// `document.paragraphs` and `mentions` (an on-disk index).
    store: Option<std::rc::Rc<dyn Store>>,
}

/// How a source asks for a kind to be shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindStyle {
    /// A short label for the kind.
    pub label: Option<String>,
    /// An RGB colour.
    pub color: Option<(u8, u8, u8)>,
}

impl Model {
    /// Builds the model and its indices. Mentions are sorted into reading order.
    pub fn new(
        document: Document,
        entities: Vec<Entity>,
        mut mentions: Vec<Mention>,
        relations: Vec<Relation>,
    ) -> Self {
        // A span outside its paragraph or naming no entity is never drawn
        // or counted, whichever reader made it.
        mentions.retain(|m| {
            m.entity.index() < entities.len()
                && m.start < m.end
                && document
                    .paragraphs
                    .get(m.paragraph)
                    .is_some_and(|p| m.end <= p.chars)
        });
        mentions.sort_unstable();
        mentions.dedup();
        let mut relations = relations;
        relations
            .retain(|r| r.source.index() < entities.len() && r.target.index() < entities.len());
        let index = Index::build(&document, &entities, &mentions, &relations);
        Model {
            co_mentions: (0..entities.len()).map(|_| OnceLock::new()).collect(),
            by_key: OnceLock::new(),
            document,
            entities,
            mentions,
            relations,
            standoff: Vec::new(),
            kind_styles: std::collections::HashMap::default(),
            index,
            store: None,
        }
    }

    /// A model whose paragraphs and mentions stay in a store, fetched as
    /// they are shown. `document` holds the title and parts only.
    pub fn stored(
        document: Document,
        entities: Vec<Entity>,
        relations: Vec<Relation>,
        store: std::rc::Rc<dyn Store>,
    ) -> Self {
        let mut model = Model::new(document, entities, Vec::new(), relations);
        model.store = Some(store);
        model
    }

    /// Whether the text is fetched from a store as it is shown.
    pub fn is_stored(&self) -> bool {
        self.store.is_some()
    }

    /// Whether the store the text comes from changed on disk since it was
    /// opened.
    pub fn is_stale(&self) -> bool {
        self.store.as_ref().is_some_and(|s| s.stale())
    }

    pub fn paragraph_count(&self) -> usize {
        match &self.store {
            Some(s) => s.paragraph_count(),
            None => self.document.paragraphs.len(),
        }
    }

    pub fn paragraph(&self, paragraph: ParagraphId) -> Shared<'_, Paragraph> {
        match &self.store {
            Some(s) => Shared::Owned(s.paragraph(paragraph)),
            None => Shared::Borrowed(&self.document.paragraphs[paragraph]),
        }
    }

    pub fn mention_count(&self) -> usize {
        match &self.store {
            Some(s) => s.mention_count(),
            None => self.mentions.len(),
        }
    }

    pub fn mention(&self, mention: MentionId) -> Mention {
        match &self.store {
            Some(s) => s.mention(mention),
            None => self.mentions[mention],
        }
    }

    /// The id of the first mention in a paragraph (or of the next one after
    /// it, when it has none).
    pub fn first_mention_in(&self, paragraph: ParagraphId) -> MentionId {
        match &self.store {
            Some(s) => s.mentions_in(paragraph).0,
            None => MentionId(self.index.paragraph_mentions[paragraph].start),
        }
    }

    /// How many mentions an entity has.
    pub fn mention_total(&self, entity: EntityId) -> usize {
        match &self.store {
            Some(s) => s.mention_total(entity),
            None => self.mentions_of(entity).len(),
        }
    }

    /// An entity's first mention in reading order.
    pub fn first_mention(&self, entity: EntityId) -> Option<MentionId> {
        match &self.store {
            Some(s) => s.first_mention(entity),
            None => self.index.mentions_of[entity.index()].first().copied(),
        }
    }

    /// Paragraphs that start a section (a heading) or a document.
    pub fn sections(&self) -> &[ParagraphId] {
        match &self.store {
            Some(s) => s.sections(),
            None => &self.index.sections,
        }
    }

    /// How many mentions a document of a corpus holds.
    pub fn mentions_in_part(&self, part: usize) -> usize {
        if let Some(s) = &self.store {
            return s.mentions_in_part(part);
        }
        let Some(p) = self.document.parts.get(part) else {
            return 0;
        };
        let end = self
            .mentions
            .partition_point(|m| m.paragraph < p.paragraphs.end);
        end - self
            .mentions
            .partition_point(|m| m.paragraph < p.paragraphs.start)
    }

    /// Per document of a corpus the entity appears in: (document, mentions).
    pub fn parts_of(&self, entity: EntityId) -> Vec<(usize, usize)> {
        match &self.store {
            Some(s) => s.parts_of(entity),
            None => self.index.parts_of[entity.index()].clone(),
        }
    }

    /// Searches the text through the store's index, when the model has one
    /// (else `None`: the caller searches the paragraphs in memory).
    pub fn find_text(&self, query: &str, keep: usize) -> Option<Result<store::TextHits, String>> {
        self.store.as_ref().map(|s| s.find_text(query, keep))
    }

    /// When co-mentions were counted over only some of an entity's
    /// documents (a store's large entity): how many, of how many.
    pub fn co_mention_sample(&self, entity: EntityId) -> Option<(usize, usize)> {
        self.store.as_ref().and_then(|s| s.co_mentioned(entity).1)
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
        for (paragraph, range) in self.index.paragraph_mentions.iter().enumerate() {
            for window in self.mentions[range.clone()].chunks(CO_MENTION_WINDOW) {
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

    /// The entities, mentions and relations, moved out (the model is left
    /// without them until [`Model::set_annotations`] gives them back).
    pub fn take_annotations(&mut self) -> curate::Annotations {
        curate::Annotations {
            entities: std::mem::take(&mut self.entities),
            mentions: std::mem::take(&mut self.mentions),
            relations: std::mem::take(&mut self.relations),
        }
    }

    /// A copy of the entities, mentions and relations.
    pub fn annotations(&self) -> curate::Annotations {
        curate::Annotations {
            entities: self.entities.clone(),
            mentions: self.mentions.clone(),
            relations: self.relations.clone(),
        }
    }

    /// New entities, mentions and relations for the same text; the indices
    /// are built again.
    pub fn set_annotations(&mut self, annotations: curate::Annotations) {
        let curate::Annotations {
            entities,
            mut mentions,
            relations,
        } = annotations;
        mentions.sort_unstable();
        mentions.dedup();
        self.index = Index::build(&self.document, &entities, &mentions, &relations);
        self.co_mentions = (0..entities.len()).map(|_| OnceLock::new()).collect();
        self.by_key = OnceLock::new();
        self.entities = entities;
        self.mentions = mentions;
        self.relations = relations;
    }

    /// The text a mention covers.
    pub fn mention_text(&self, mention: &Mention) -> &str {
        self.document.paragraphs[mention.paragraph].slice(mention.span())
    }

    /// Mentions of an entity in reading order.
    pub fn mentions_of(&self, entity: EntityId) -> Shared<'_, [MentionId]> {
        match &self.store {
            Some(s) => Shared::Owned(s.mentions_of(entity)),
            None => Shared::Borrowed(&self.index.mentions_of[entity.index()]),
        }
    }

    /// Mentions inside one paragraph, in reading order.
    pub fn mentions_in(&self, paragraph: ParagraphId) -> Shared<'_, [Mention]> {
        match &self.store {
            Some(s) => Shared::Owned(s.mentions_in(paragraph).1),
            None => {
                Shared::Borrowed(&self.mentions[self.index.paragraph_mentions[paragraph].clone()])
            }
        }
    }

    /// Relations leaving an entity.
    pub fn outgoing(&self, entity: EntityId) -> &[RelationId] {
        &self.index.outgoing[entity.index()]
    }

    /// Relations arriving at an entity.
    pub fn incoming(&self, entity: EntityId) -> &[RelationId] {
        &self.index.incoming[entity.index()]
    }

    /// Entities mentioned in the same paragraphs as `entity`, with the number
    /// of paragraphs shared, most shared first, then by first appearance.
    /// In a paragraph of more than [`CO_MENTION_WINDOW`] mentions, only those
    /// in the same window count, so the cost follows the entity's own
    /// mentions even in a paragraph naming thousands of entities.
    pub fn co_mentioned(&self, entity: EntityId) -> Shared<'_, [(EntityId, usize)]> {
        if let Some(s) = &self.store {
            return Shared::Owned(s.co_mentioned(entity).0);
        }
        Shared::Borrowed(self.co_mentions[entity.index()].get_or_init(|| {
            // other entity -> (paragraphs shared, last paragraph counted)
            let mut counts: std::collections::HashMap<EntityId, (usize, ParagraphId)> =
                std::collections::HashMap::new();
            let mut last_window = None;
            for &m in self.mentions_of(entity).iter() {
                let paragraph = self.mentions[m].paragraph;
                let range = &self.index.paragraph_mentions[paragraph];
                let window = (m.index() - range.start) / CO_MENTION_WINDOW;
                if last_window == Some((paragraph, window)) {
                    continue;
                }
                last_window = Some((paragraph, window));
                let from = range.start + window * CO_MENTION_WINDOW;
                let to = (from + CO_MENTION_WINDOW).min(range.end);
                for other in &self.mentions[from..to] {
                    if other.entity == entity {
                        continue;
                    }
                    let slot = counts.entry(other.entity).or_insert((0, usize::MAX));
                    if slot.1 != paragraph {
                        *slot = (slot.0 + 1, paragraph);
                    }
                }
            }
            let first_seen = |e: EntityId| self.mentions_of(e).first().copied();
            let mut list: Vec<(EntityId, usize)> =
                counts.into_iter().map(|(e, (n, _))| (e, n)).collect();
            list.sort_unstable_by_key(|&(e, n)| (std::cmp::Reverse(n), first_seen(e), e));
            list
        }))
    }

    /// The paragraphs both entities are mentioned in, in order.
    pub fn shared_paragraphs(&self, a: EntityId, b: EntityId) -> Vec<ParagraphId> {
        if let Some(s) = &self.store {
            return s.shared_paragraphs(a, b);
        }
        let theirs = self.paragraphs_of(b);
        self.paragraphs_of(a)
            .iter()
            .copied()
            .filter(|p| theirs.binary_search(p).is_ok())
            .collect()
    }

    /// Paragraphs in which an entity is mentioned, in order, without repeats.
    pub fn paragraphs_of(&self, entity: EntityId) -> Shared<'_, [ParagraphId]> {
        match &self.store {
            Some(s) => Shared::Owned(s.paragraphs_of(entity)),
            None => Shared::Borrowed(&self.index.paragraphs_of[entity.index()]),
        }
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
        if let Some(s) = &self.store {
            return s.mention_at_or_after(paragraph, char_pos);
        }
        let id = self
            .mentions
            .partition_point(|m| (m.paragraph, m.end) <= (paragraph, char_pos));
        (id < self.mentions.len()).then_some(MentionId(id))
    }

    /// How many mentions start before a character position: the id of the
    /// first mention starting at or after it.
    pub fn mentions_before(&self, paragraph: ParagraphId, char_pos: usize) -> MentionId {
        if let Some(s) = &self.store {
            return s.mentions_before(paragraph, char_pos);
        }
        MentionId(
            self.mentions
                .partition_point(|m| (m.paragraph, m.start) < (paragraph, char_pos)),
        )
    }

    /// The mention covering a character position, if any; where mentions
    /// nest (brat's may), the innermost.
    pub fn mention_covering(&self, paragraph: ParagraphId, char_pos: usize) -> Option<MentionId> {
        if paragraph >= self.paragraph_count() {
            return None;
        }
        let mentions = self.mentions_in(paragraph);
        let started = mentions.partition_point(|m| m.start <= char_pos);
        let (offset, _) = mentions[..started]
            .iter()
            .enumerate()
            .filter(|(_, m)| char_pos < m.end)
            .min_by_key(|(_, m)| m.end - m.start)?;
        Some(MentionId(self.first_mention_in(paragraph).index() + offset))
    }
}

#[cfg(test)]
mod tests;
