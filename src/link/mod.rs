//! Turning entity names and aliases into mentions.
//!
//! One Aho-Corasick automaton over the aliases, ASCII-folded once, finds
//! every occurrence of every alias, overlapping ones included, in a single
//! pass over an ASCII-folded copy of each paragraph (the same bytes, so the
//! offsets hold). The candidates are then filtered:
//!
//! - a match must start and end at word boundaries, so "Japan" is found in
//!   "Japan-led" and "Japan’s" but not in "Japanology" (scripts written
//!   without spaces, such as Chinese and Japanese, have no such boundaries);
//! - all-caps acronyms ("US", "QUAD", "IP4") match case-sensitively so "us"
//!   is not the United States; other names ignore ASCII case;
//! - of overlapping candidates the longest in words wins (spaCy's
//!   `filter_spans`, which counts tokens), then the longer in characters,
//!   then the earlier: "Taiwan Strait" hides "Taiwan", and in "Governor
//!   Perez & Zesnam" the three-word "Perez & Zesnam" beats "Governor
//!   Perez". Keeping every
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

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::model::{Entity, EntityId, Mention, Paragraph, ParagraphId};

/// What linking a document found: the mentions, and the names two
/// entities share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub mentions: Vec<Mention>,
    pub ambiguities: Vec<Ambiguity>,
}

/// How a reader has a document's names linked: [`link`] finds them now;
/// the loader passes one that keeps them in the link cache.
pub type Link<'a> = &'a dyn Fn(&[Paragraph], &[Entity], &[Mention]) -> Linked;

/// The entities' names found in the paragraphs (around `explicit`
/// mentions, which are kept), with one automaton.
pub fn link(paragraphs: &[Paragraph], entities: &[Entity], explicit: &[Mention]) -> Linked {
    let linker = Linker::new(entities);
    crate::timing::phase("build the automaton");
    Linked {
        mentions: linker.link_document(paragraphs, explicit),
        ambiguities: linker.ambiguities().to_vec(),
    }
}

/// An alias written the same way for more than one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    pub alias: String,
    /// Every entity using the alias; the first is the one linked.
    pub entities: Vec<EntityId>,
}

/// Finds mentions of a fixed set of entities in text.
pub struct Linker {
    /// Over the ASCII-folded aliases; `None` when there are none.
    automaton: Option<AhoCorasick>,
    /// Per pattern of the automaton: who it links to, and in how many words.
    patterns: Vec<Pattern>,
    /// The targets of every pattern, pattern after pattern.
    targets: Vec<Target>,
    ambiguities: Vec<Ambiguity>,
}

/// One folded alias: its entities (`targets[start..end]`, in catalog
/// order) and its length in words.
#[derive(Clone, Copy)]
struct Pattern {
    start: u32,
    end: u32,
    /// spaCy-like token count (`\w+` runs and single punctuation marks).
    words: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Target {
    entity: u32,
    /// An acronym: it links only where the text writes it in capitals. An
    /// acronym has no lower-case letter, so that is where the text has no
    /// ASCII lower-case letter either (its other characters match as they are).
    exact: bool,
}

/// A name longer than this is not a name: refused by the catalog reader,
/// and never given to the automaton (whose build time grows with it).
pub const LONGEST_NAME: usize = 1_000;

/// Above this many bytes of patterns, a DFA costs more to build than it
/// saves in searching.
const DFA_PATTERN_BYTES: usize = 4_096;

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
    /// A linker for the names and aliases of `entities`.
    ///
    /// # Panics
    ///
    /// Never: aliases are plain strings, from which an automaton is always built.
    pub fn new(entities: &[Entity]) -> Self {
        // folded alias -> its slot; (slot, target) pairs; words per slot
        let mut by_folded: FxHashMap<String, u32> = FxHashMap::default();
        let mut found: Vec<(u32, Target)> = Vec::new();
        let mut words: Vec<u32> = Vec::new();
        for (id, entity) in entities.iter().enumerate() {
            for name in entity.names() {
                let name = name.trim();
                if name.is_empty() || name.len() > LONGEST_NAME {
                    continue;
                }
                let next = words.len() as u32;
                let slot = *by_folded.entry(name.to_ascii_lowercase()).or_insert(next);
                if slot == next {
                    words.push(word_count(name));
                }
                found.push((
                    slot,
                    Target {
                        entity: id as u32,
                        exact: is_acronym(name),
                    },
                ));
            }
        }
        // Targets grouped by pattern, catalog order kept within each.
        found.sort_by_key(|&(slot, _)| slot);
        found.dedup();
        let mut texts = vec![String::new(); words.len()];
        for (text, slot) in by_folded {
            texts[slot as usize] = text;
        }
        let targets: Vec<Target> = found.iter().map(|&(_, t)| t).collect();
        let mut patterns = Vec::with_capacity(words.len());
        let mut at = 0;
        for (slot, &w) in words.iter().enumerate() {
            let start = at;
            while at < found.len() && found[at].0 as usize == slot {
                at += 1;
            }
            patterns.push(Pattern {
                start: start as u32,
                end: at as u32,
                words: w,
            });
        }
        drop(found);
        let ambiguities = ambiguities(entities, &texts, &patterns, &targets);

        let bytes: usize = texts.iter().map(String::len).sum();
        let kind = if bytes <= DFA_PATTERN_BYTES {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let automaton = (!texts.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(kind))
                .build(&texts)
                .expect("aliases are plain strings; building their automaton cannot fail")
        });
        Linker {
            automaton,
            patterns,
            targets,
            ambiguities,
        }
    }

    /// Aliases shared by more than one entity, in catalog order.
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
        let mut folded = Vec::new();
        self.link_with(paragraph, text, reserved, out, &mut folded);
    }

    /// [`Self::link_paragraph`] with a buffer for the folded text, reused
    /// from paragraph to paragraph.
    fn link_with(
        &self,
        paragraph: ParagraphId,
        text: &str,
        reserved: &[Range<usize>],
        out: &mut Vec<Mention>,
        folded: &mut Vec<u8>,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        folded.clear();
        folded.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        // (words, start, end, entity), byte offsets
        let mut candidates: Vec<(u32, usize, usize, EntityId)> = Vec::new();
        for m in automaton.find_overlapping_iter(folded.as_slice()) {
            let (start, end) = (m.start(), m.end());
            if !at_word_boundaries(text, start, end) {
                continue;
            }
            let pattern = self.patterns[m.pattern().as_usize()];
            let capitals = || {
                !text.as_bytes()[start..end]
                    .iter()
                    .any(u8::is_ascii_lowercase)
            };
            let target = self.targets[pattern.start as usize..pattern.end as usize]
                .iter()
                .find(|t| !t.exact || capitals());
            if let Some(target) = target {
                candidates.push((pattern.words, start, end, EntityId(target.entity as usize)));
            }
        }
        if candidates.is_empty() {
            return;
        }
        let mut spans = candidates;
        if !text.is_ascii() {
            to_char_offsets(text, &mut spans);
        }
        if !reserved.is_empty() {
            spans.retain(|&(_, s, e, _)| !reserved.iter().any(|r| r.start < e && s < r.end));
        }
        // Most words first, then longest, then earliest: spaCy's filter_spans.
        spans.sort_unstable_by_key(|&(w, s, e, id)| {
            (std::cmp::Reverse(w), std::cmp::Reverse(e - s), s, id)
        });
        let mut accepted: BTreeMap<usize, usize> = BTreeMap::new();
        for (_, start, end, entity) in spans {
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
    /// are kept as they are and reserve their spans. A large document is
    /// linked on every core, in runs of consecutive paragraphs.
    pub fn link_document(&self, paragraphs: &[Paragraph], explicit: &[Mention]) -> Vec<Mention> {
        let mut reserved: Vec<Vec<Range<usize>>> = vec![Vec::new(); paragraphs.len()];
        for m in explicit {
            if let Some(list) = reserved.get_mut(m.paragraph) {
                list.push(m.span());
            }
        }
        let link_run = |run: Range<usize>| {
            let mut out = Vec::new();
            let mut folded = Vec::new();
            for id in run {
                let paragraph = &paragraphs[id];
                if paragraph.linkable() {
                    self.link_with(id, &paragraph.text, &reserved[id], &mut out, &mut folded);
                }
            }
            out
        };
        let runs = runs(paragraphs, PARALLEL_BYTES);
        let mut out = explicit.to_vec();
        if runs.len() <= 1 {
            out.extend(link_run(0..paragraphs.len()));
            return out;
        }
        let linked: Vec<Vec<Mention>> = std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .into_iter()
                .map(|run| scope.spawn(|| link_run(run)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for part in linked {
            out.extend(part);
        }
        out
    }
}

/// Below this much text, linking on one thread is quicker than starting more.
const PARALLEL_BYTES: usize = 256 * 1024;

/// The document's paragraphs cut into one run of about equal text per core
/// (a single run for a small document).
fn runs(paragraphs: &[Paragraph], minimum: usize) -> Vec<Range<usize>> {
    let total: usize = paragraphs.iter().map(|p| p.text.len()).sum();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if total < minimum || cores < 2 {
        return std::iter::once(0..paragraphs.len()).collect();
    }
    let share = total / cores + 1;
    let mut runs = Vec::with_capacity(cores);
    let (mut start, mut bytes) = (0, 0);
    for (i, p) in paragraphs.iter().enumerate() {
        bytes += p.text.len();
        if bytes >= share {
            runs.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < paragraphs.len() {
        runs.push(start..paragraphs.len());
    }
    runs
}

/// The aliases written the same way (the same case rule, the same key) for
/// more than one entity.
fn ambiguities(
    entities: &[Entity],
    texts: &[String],
    patterns: &[Pattern],
    targets: &[Target],
) -> Vec<Ambiguity> {
    let mut out = Vec::new();
    for (folded, pattern) in texts.iter().zip(patterns) {
        let targets = &targets[pattern.start as usize..pattern.end as usize];
        if targets.len() < 2 {
            continue;
        }
        // Names share the folded key; acronyms, too (all in capitals, two
        // that fold alike are spelt alike), but apart from names.
        for exact in [true, false] {
            let mut users: Vec<EntityId> = Vec::new();
            for t in targets.iter().filter(|t| t.exact == exact) {
                if !users.contains(&EntityId(t.entity as usize)) {
                    users.push(EntityId(t.entity as usize));
                }
            }
            if users.len() < 2 {
                continue;
            }
            let alias = entities[users[0]]
                .names()
                .map(str::trim)
                .find(|n| n.eq_ignore_ascii_case(folded) && is_acronym(n) == exact)
                .unwrap_or(folded)
                .to_string();
            out.push(Ambiguity {
                alias,
                entities: users,
            });
        }
    }
    out.sort_by(|a, b| a.entities.cmp(&b.entities).then(a.alias.cmp(&b.alias)));
    out
}

/// Words as spaCy's tokenizer roughly counts them: runs of letters, digits
/// and `_`, and each other non-space character on its own.
fn word_count(name: &str) -> u32 {
    let mut n = 0;
    let mut in_word = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
            if !c.is_whitespace() {
                n += 1;
            }
        }
    }
    n
}

fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    // Most candidates fail on an ASCII letter or digit right beside them
    // (an alias inside a longer word): settle those without decoding.
    let ascii_word = |b: u8| b.is_ascii_alphanumeric();
    let (first, last) = (bytes[start], bytes[end - 1]);
    if first.is_ascii() && last.is_ascii() {
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        let blocked_before =
            ascii_word(first) && before.is_some_and(|b| b.is_ascii() && ascii_word(b));
        let blocked_after =
            ascii_word(last) && after.is_some_and(|b| b.is_ascii() && ascii_word(b));
        if blocked_before || blocked_after {
            return false;
        }
        if before.is_none_or(|b| b.is_ascii()) && after.is_none_or(|b| b.is_ascii()) {
            return true;
        }
    }
    let matched = &text[start..end];
    let starts_word = matched.chars().next().is_some_and(is_word_char);
    let ends_word = matched.chars().next_back().is_some_and(is_word_char);
    let before_ok = !starts_word || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !ends_word || !text[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

/// Turns the byte offsets of candidates into character offsets, with one
/// walk through the text whatever the number of candidates.
fn to_char_offsets(text: &str, spans: &mut [(u32, usize, usize, EntityId)]) {
    let mut positions: Vec<usize> = spans.iter().flat_map(|&(_, s, e, _)| [s, e]).collect();
    positions.sort_unstable();
    positions.dedup();
    let mut chars = Vec::with_capacity(positions.len());
    let (mut byte, mut count) = (0, 0);
    for &p in &positions {
        count += text.as_bytes()[byte..p]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        byte = p;
        chars.push(count);
    }
    let of = |b: usize| chars[positions.partition_point(|&p| p < b)];
    for span in spans.iter_mut() {
        span.1 = of(span.1);
        span.2 = of(span.2);
    }
}

#[cfg(test)]
mod tests;
