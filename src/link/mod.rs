//! Turning entity names and aliases into mentions.
//!
//! One Aho-Corasick automaton per case rule finds every occurrence of every
//! alias, overlapping ones included, in a single pass over each paragraph.
//! The candidates are then filtered:
//!
//! - a match must start and end at word boundaries, so "Japan" is found in
//!   "Japan-led" and "Japan’s" but not in "Japanology" (scripts written
//!   without spaces, such as Chinese and Japanese, have no such boundaries);
//! - all-caps acronyms ("US", "QUAD", "IP4") match case-sensitively so "us"
//!   is not the United States; other names ignore ASCII case;
//! - of overlapping candidates the longest wins, the earlier on ties (spaCy's
//!   `filter_spans`): "Taiwan Strait" hides "Taiwan". Keeping every
//!   overlapping candidate until this step is what lets "New Zealand" survive
//!   in "New Zealand Defence Forces" when "New Zealand Defence Force" is also
//!   an alias: a leftmost-longest search would find only the longer alias,
//!   reject it for running into the plural, and lose both;
//! - explicit spans given by the annotation win over any candidate they
//!   overlap.
//!
//! An alias shared by two entities links to the one listed first; `check`
//! reports such aliases.

pub mod discover;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{Document, Entity, EntityId, Mention, ParagraphId};

/// An alias written the same way for more than one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    pub alias: String,
    /// Every entity using the alias; the first is the one linked.
    pub entities: Vec<EntityId>,
}

/// Finds mentions of a fixed set of entities in text.
pub struct Linker {
    automata: Vec<(AhoCorasick, Vec<EntityId>)>,
    ambiguities: Vec<Ambiguity>,
}

/// True for all-caps acronyms such as "US", "UN", "IP4" and "QUAD".
pub fn is_acronym(name: &str) -> bool {
    name.chars().count() >= 2
        && name.chars().any(char::is_uppercase)
        && !name.chars().any(char::is_lowercase)
}

/// True for letters and digits of scripts that separate words with spaces.
/// Chinese, Japanese, Korean, Thai and their neighbours write words
/// together, so a name there is found wherever it stands.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced_script(c)
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF     // Thai, Lao
        | 0x1000..=0x109F   // Myanmar
        | 0x1780..=0x17FF   // Khmer
        | 0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF66..=0xFF9F   // half-width Katakana
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}

impl Linker {
    pub fn new(entities: &[Entity]) -> Self {
        // key -> (alias as first written, entities using it)
        let mut sensitive: Vec<(String, Vec<EntityId>)> = Vec::new();
        let mut insensitive: Vec<(String, Vec<EntityId>)> = Vec::new();
        let mut seen: HashMap<(bool, String), usize> = HashMap::new();
        for (id, entity) in entities.iter().enumerate() {
            for name in entity.names() {
                let name = name.trim();
                if name.is_empty() {
                    continue;
                }
                let exact = is_acronym(name);
                let key = if exact {
                    name.to_string()
                } else {
                    name.to_ascii_lowercase()
                };
                let list = if exact {
                    &mut sensitive
                } else {
                    &mut insensitive
                };
                match seen.get(&(exact, key.clone())) {
                    Some(&slot) => {
                        let users = &mut list[slot].1;
                        if !users.contains(&id) {
                            users.push(id);
                        }
                    }
                    None => {
                        seen.insert((exact, key), list.len());
                        list.push((name.to_string(), vec![id]));
                    }
                }
            }
        }

        let ambiguities = sensitive
            .iter()
            .chain(&insensitive)
            .filter(|(_, users)| users.len() > 1)
            .map(|(alias, users)| Ambiguity {
                alias: alias.clone(),
                entities: users.clone(),
            })
            .collect();

        let mut automata = Vec::new();
        for (patterns, case_insensitive) in [(sensitive, false), (insensitive, true)] {
            if patterns.is_empty() {
                continue;
            }
            let (names, targets): (Vec<String>, Vec<EntityId>) =
                patterns.into_iter().map(|(n, users)| (n, users[0])).unzip();
            let automaton = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(case_insensitive)
                .build(&names)
                .expect("aliases are plain strings; building their automaton cannot fail");
            automata.push((automaton, targets));
        }
        Linker {
            automata,
            ambiguities,
        }
    }

    /// Aliases shared by more than one entity.
    pub fn ambiguities(&self) -> &[Ambiguity] {
        &self.ambiguities
    }

    /// Appends to `out` the mentions found in one paragraph. `reserved` are
    /// character ranges already claimed by explicit spans.
    pub fn link_paragraph(
        &self,
        paragraph: ParagraphId,
        text: &str,
        reserved: &[Range<usize>],
        out: &mut Vec<Mention>,
    ) {
        let mut candidates: Vec<(usize, usize, EntityId)> = Vec::new();
        for (automaton, targets) in &self.automata {
            for m in automaton.find_overlapping_iter(text) {
                if at_word_boundaries(text, m.start(), m.end()) {
                    candidates.push((m.start(), m.end(), targets[m.pattern().as_usize()]));
                }
            }
        }
        if candidates.is_empty() {
            return;
        }
        let to_char = CharPositions::new(text);
        let mut spans: Vec<(usize, usize, EntityId)> = candidates
            .into_iter()
            .map(|(s, e, id)| (to_char.of(s), to_char.of(e), id))
            .filter(|&(s, e, _)| !reserved.iter().any(|r| r.start < e && s < r.end))
            .collect();
        // Longest first, then earliest: spaCy's filter_spans.
        spans.sort_unstable_by_key(|&(s, e, id)| (std::cmp::Reverse(e - s), s, id));
        let mut accepted: BTreeMap<usize, usize> = BTreeMap::new();
        for (start, end, entity) in spans {
            let overlaps = accepted
                .range(..end)
                .next_back()
                .is_some_and(|(_, &taken_end)| taken_end > start);
            if !overlaps {
                accepted.insert(start, end);
                out.push(Mention {
                    paragraph,
                    start,
                    end,
                    entity,
                });
            }
        }
    }

    /// Links every linkable paragraph of a document (not furniture or code); `explicit` mentions
    /// are kept as they are and reserve their spans.
    pub fn link_document(&self, document: &Document, explicit: &[Mention]) -> Vec<Mention> {
        let mut reserved: Vec<Vec<Range<usize>>> = vec![Vec::new(); document.paragraphs.len()];
        for m in explicit {
            if let Some(list) = reserved.get_mut(m.paragraph) {
                list.push(m.span());
            }
        }
        let mut out = explicit.to_vec();
        for (id, paragraph) in document.paragraphs.iter().enumerate() {
            if paragraph.linkable() {
                self.link_paragraph(id, &paragraph.text, &reserved[id], &mut out);
            }
        }
        out
    }
}

fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    let starts_word = matched.chars().next().is_some_and(is_word_char);
    let ends_word = matched.chars().next_back().is_some_and(is_word_char);
    let before_ok = !starts_word || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !ends_word || !text[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

/// Converts byte offsets at character boundaries to character offsets.
enum CharPositions {
    Ascii,
    Table(Vec<u32>),
}

impl CharPositions {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharPositions::Ascii;
        }
        let mut table = vec![0u32; text.len() + 1];
        let mut count = 0u32;
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            table[byte] = chars as u32;
            count = chars as u32 + 1;
        }
        table[text.len()] = count;
        CharPositions::Table(table)
    }

    fn of(&self, byte: usize) -> usize {
        match self {
            CharPositions::Ascii => byte,
            CharPositions::Table(table) => table[byte] as usize,
        }
    }
}

#[cfg(test)]
mod tests;
