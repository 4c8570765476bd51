//! Indices derived once from the model's plain data, so that every question
//! the explorer asks per keypress is a lookup rather than a scan.

use std::ops::Range;

use super::{
    Block, Document, Entity, EntityId, Mention, MentionId, ParagraphId, Relation, RelationId,
};

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Per entity: its mentions in reading order.
    pub mentions_of: Vec<Vec<MentionId>>,
    /// Per entity: the paragraphs it is mentioned in, in order, once each.
    pub paragraphs_of: Vec<Vec<ParagraphId>>,
    /// Per paragraph: the range of [`super::Model::mentions`] inside it.
    pub paragraph_mentions: Vec<Range<usize>>,
    /// Per entity: relations where it is the source.
    pub outgoing: Vec<Vec<RelationId>>,
    /// Per entity: relations where it is the target.
    pub incoming: Vec<Vec<RelationId>>,
    /// Paragraphs that open a section: headings, and each file of a corpus.
    pub sections: Vec<ParagraphId>,
    /// Per entity, in a corpus: the parts it is mentioned in, with counts.
    pub parts_of: Vec<Vec<(usize, usize)>>,
}

/// Lower-cased id, name and aliases to entity; the first entity wins (ids
/// before names). Built the first time a name is looked up.
pub fn keys(entities: &[Entity]) -> rustc_hash::FxHashMap<String, EntityId> {
    let mut by_key = rustc_hash::FxHashMap::default();
    for (id, e) in entities.iter().enumerate() {
        by_key.entry(e.id.to_lowercase()).or_insert(EntityId(id));
    }
    for (id, e) in entities.iter().enumerate() {
        for name in e.names() {
            by_key.entry(name.to_lowercase()).or_insert(EntityId(id));
        }
    }
    by_key
}

impl Index {
    /// `mentions` must be sorted in reading order.
    pub fn build(
        document: &Document,
        entities: &[Entity],
        mentions: &[Mention],
        relations: &[Relation],
    ) -> Self {
        let n = entities.len();
        let mut mentions_of = vec![Vec::new(); n];
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

        let mut paragraph_mentions = Vec::with_capacity(document.paragraphs.len());
        let mut cursor = 0;
        for p in 0..document.paragraphs.len() {
            let start = cursor;
            while cursor < mentions.len() && mentions[cursor].paragraph == p {
                cursor += 1;
            }
            paragraph_mentions.push(start..cursor);
        }

        let mut outgoing = vec![Vec::new(); n];
        let mut incoming = vec![Vec::new(); n];
        for (id, r) in relations.iter().enumerate() {
            outgoing[r.source.index()].push(id);
            incoming[r.target.index()].push(id);
        }

        let mut sections: Vec<ParagraphId> = document
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.block, Block::Heading(_)))
            .map(|(i, _)| i)
            .chain(document.parts.iter().map(|p| p.paragraphs.start))
            .collect();
        sections.sort_unstable();
        sections.dedup();

        let parts_of = if document.parts.len() > 1 {
            mentions_of
                .iter()
                .map(|ms| {
                    let mut counts: Vec<(usize, usize)> = Vec::new();
                    for &m in ms {
                        let part = document.part_of(mentions[m].paragraph).unwrap_or(0);
                        match counts.last_mut() {
                            Some((p, n)) if *p == part => *n += 1,
                            _ => counts.push((part, 1)),
                        }
                    }
                    counts
                })
                .collect()
        } else {
            vec![Vec::new(); n]
        };

        Index {
            mentions_of,
            paragraphs_of,
            paragraph_mentions,
            outgoing,
            incoming,
            sections,
            parts_of,
        }
    }
}
