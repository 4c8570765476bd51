//! The text and mentions held in memory, answering as a [`Store`]: the
//! paragraphs, the mentions in reading order, and the indices derived
//! from them once, so that every question the explorer asks per keypress
//! is a lookup rather than a scan. An on-disk index answers the same
//! questions through the same trait.

use std::ops::Range;
use std::sync::OnceLock;

use super::store::{CoMentions, Shared, Store, TextHits};
use super::{
    Block, CO_MENTION_WINDOW, EntityId, Mention, MentionId, Outline, Paragraph, ParagraphId,
};

/// A document's text and mentions, in memory.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    paragraphs: Vec<Paragraph>,
    /// Sorted in reading order (paragraph, start, end), without repeats.
    mentions: Vec<Mention>,
    /// Per entity: its mentions in reading order.
    mentions_of: Vec<Vec<MentionId>>,
    /// Per entity: the paragraphs it is mentioned in, in order, once each.
    paragraphs_of: Vec<Vec<ParagraphId>>,
    /// Per paragraph: the range of `mentions` inside it.
    paragraph_mentions: Vec<Range<usize>>,
    /// Paragraphs that open a section: headings, and each file of a corpus.
    sections: Vec<ParagraphId>,
    /// The paragraphs of each file of a corpus.
    parts: Vec<Range<ParagraphId>>,
    /// Per entity, in a corpus: the parts it is mentioned in, with counts.
    parts_of: Vec<Vec<(usize, usize)>>,
    /// Per entity, the entities it shares paragraphs with, computed the
    /// first time they are asked for, so loading never pays for every pair.
    co_mentions: Vec<OnceLock<Vec<(EntityId, usize)>>>,
}

impl Memory {
    /// The text and its mentions, indexed. Mentions outside their
    /// paragraph or naming no entity (of `entities`) are dropped, the rest
    /// sorted into reading order.
    pub fn new(
        outline: &Outline,
        paragraphs: Vec<Paragraph>,
        mut mentions: Vec<Mention>,
        entities: usize,
    ) -> Memory {
        mentions.retain(|m| {
            m.entity.index() < entities
                && m.start < m.end
                && paragraphs
                    .get(m.paragraph)
                    .is_some_and(|p| m.end <= p.chars)
        });
        mentions.sort_unstable();
        mentions.dedup();
        let mut mentions_of = vec![Vec::new(); entities];
        for (id, m) in mentions.iter().enumerate() {
            mentions_of[m.entity.index()].push(MentionId(id));
        }
        let paragraphs_of = mentions_of
            .iter()
            .map(|ms| {
                let mut ps: Vec<ParagraphId> = ms.iter().map(|&m| mentions[m].paragraph).collect();
                ps.dedup();
                ps
            })
            .collect();
        let mut paragraph_mentions = Vec::with_capacity(paragraphs.len());
        let mut cursor = 0;
        for p in 0..paragraphs.len() {
            let start = cursor;
            while cursor < mentions.len() && mentions[cursor].paragraph == p {
                cursor += 1;
            }
            paragraph_mentions.push(start..cursor);
        }
        let mut sections: Vec<ParagraphId> = paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.block, Block::Heading(_)))
            .map(|(i, _)| i)
            .chain(outline.parts.iter().map(|p| p.paragraphs.start))
            .collect();
        sections.sort_unstable();
        sections.dedup();
        let parts_of = parts_of(outline, &mentions, &mentions_of);
        Memory {
            co_mentions: (0..entities).map(|_| OnceLock::new()).collect(),
            parts: outline.parts.iter().map(|p| p.paragraphs.clone()).collect(),
            paragraphs,
            mentions,
            mentions_of,
            paragraphs_of,
            paragraph_mentions,
            sections,
            parts_of,
        }
    }

    /// The paragraphs and the mentions, moved out.
    pub fn into_parts(self) -> (Vec<Paragraph>, Vec<Mention>) {
        (self.paragraphs, self.mentions)
    }

    /// The mentions, moved out: the text stays, with no mention, until
    /// [`Memory::reindex`] gives it some.
    pub fn take_mentions(&mut self) -> Vec<Mention> {
        let mentions = std::mem::take(&mut self.mentions);
        self.paragraph_mentions.iter_mut().for_each(|r| *r = 0..0);
        self.mentions_of.iter_mut().for_each(Vec::clear);
        self.paragraphs_of.iter_mut().for_each(Vec::clear);
        self.parts_of.iter_mut().for_each(Vec::clear);
        self.co_mentions
            .iter_mut()
            .for_each(|c| *c = OnceLock::new());
        mentions
    }

    /// The same text with new mentions (of `entities` entities), indexed again.
    pub fn reindex(&mut self, outline: &Outline, mentions: Vec<Mention>, entities: usize) {
        let paragraphs = std::mem::take(&mut self.paragraphs);
        *self = Memory::new(outline, paragraphs, mentions, entities);
    }
}

/// Per entity, in a corpus of more than one part: the parts it is
/// mentioned in, with counts.
fn parts_of(
    outline: &Outline,
    mentions: &[Mention],
    mentions_of: &[Vec<MentionId>],
) -> Vec<Vec<(usize, usize)>> {
    if outline.parts.len() <= 1 {
        return vec![Vec::new(); mentions_of.len()];
    }
    mentions_of
        .iter()
        .map(|ms| {
            let mut counts: Vec<(usize, usize)> = Vec::new();
            for &m in ms {
                let part = outline.part_of(mentions[m].paragraph).unwrap_or(0);
                match counts.last_mut() {
                    Some((p, n)) if *p == part => *n += 1,
                    _ => counts.push((part, 1)),
                }
            }
            counts
        })
        .collect()
}

impl Store for Memory {
    fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    fn paragraph(&self, paragraph: ParagraphId) -> Shared<'_, Paragraph> {
        Shared::Borrowed(&self.paragraphs[paragraph])
    }

    fn text(&self) -> Shared<'_, [Paragraph]> {
        Shared::Borrowed(&self.paragraphs)
    }

    fn mention_count(&self) -> usize {
        self.mentions.len()
    }

    fn mentions(&self) -> Shared<'_, [Mention]> {
        Shared::Borrowed(&self.mentions)
    }

    fn mentions_in(&self, paragraph: ParagraphId) -> (MentionId, Shared<'_, [Mention]>) {
        let range = self.paragraph_mentions[paragraph].clone();
        (
            MentionId(range.start),
            Shared::Borrowed(&self.mentions[range]),
        )
    }

    fn mention(&self, mention: MentionId) -> Mention {
        self.mentions[mention]
    }

    fn mentions_before(&self, paragraph: ParagraphId, char_pos: usize) -> MentionId {
        MentionId(
            self.mentions
                .partition_point(|m| (m.paragraph, m.start) < (paragraph, char_pos)),
        )
    }

    fn mention_at_or_after(&self, paragraph: ParagraphId, char_pos: usize) -> Option<MentionId> {
        let id = self
            .mentions
            .partition_point(|m| (m.paragraph, m.end) <= (paragraph, char_pos));
        (id < self.mentions.len()).then_some(MentionId(id))
    }

    fn mentions_of(&self, entity: EntityId) -> Shared<'_, [MentionId]> {
        Shared::Borrowed(&self.mentions_of[entity.index()])
    }

    fn paragraphs_of(&self, entity: EntityId) -> Shared<'_, [ParagraphId]> {
        Shared::Borrowed(&self.paragraphs_of[entity.index()])
    }

    fn parts_of(&self, entity: EntityId) -> Shared<'_, [(usize, usize)]> {
        Shared::Borrowed(&self.parts_of[entity.index()])
    }

    fn mention_total(&self, entity: EntityId) -> usize {
        self.mentions_of[entity.index()].len()
    }

    fn first_mention(&self, entity: EntityId) -> Option<MentionId> {
        self.mentions_of[entity.index()].first().copied()
    }

    fn sections(&self) -> &[ParagraphId] {
        &self.sections
    }

    fn mentions_in_part(&self, part: usize) -> usize {
        let Some(p) = self.parts.get(part) else {
            return 0;
        };
        let end = self.mentions.partition_point(|m| m.paragraph < p.end);
        end - self.mentions.partition_point(|m| m.paragraph < p.start)
    }

    /// In a paragraph of more than [`CO_MENTION_WINDOW`] mentions, only
    /// those in the same window count, so the cost follows the entity's
    /// own mentions even in a paragraph naming thousands of entities.
    fn co_mentioned(&self, entity: EntityId) -> CoMentions<'_> {
        let list = self.co_mentions[entity.index()].get_or_init(|| self.count_co_mentions(entity));
        (Shared::Borrowed(list), None)
    }

    fn find_text(&self, _query: &str, _keep: usize) -> Option<Result<TextHits, String>> {
        None
    }

    fn shared_paragraphs(&self, a: EntityId, b: EntityId) -> Vec<ParagraphId> {
        let theirs = &self.paragraphs_of[b.index()];
        self.paragraphs_of[a.index()]
            .iter()
            .copied()
            .filter(|p| theirs.binary_search(p).is_ok())
            .collect()
    }

    fn stale(&self) -> bool {
        false
    }
}

impl Memory {
    /// The entities sharing paragraphs (windows of them) with `entity`,
    /// most shared first, then by first appearance.
    fn count_co_mentions(&self, entity: EntityId) -> Vec<(EntityId, usize)> {
        // other entity -> (paragraphs shared, last paragraph counted)
        let mut counts: std::collections::HashMap<EntityId, (usize, ParagraphId)> =
            std::collections::HashMap::new();
        let mut last_window = None;
        for &m in &self.mentions_of[entity.index()] {
            let paragraph = self.mentions[m].paragraph;
            let range = &self.paragraph_mentions[paragraph];
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
        let first_seen = |e: EntityId| self.mentions_of[e.index()].first().copied();
        let mut list: Vec<(EntityId, usize)> =
            counts.into_iter().map(|(e, (n, _))| (e, n)).collect();
        list.sort_unstable_by_key(|&(e, n)| (std::cmp::Reverse(n), first_seen(e), e));
        list
    }
}
