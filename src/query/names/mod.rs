//! Fuzzy ranking of entities by their names and aliases, with fzf's query
//! syntax.
//!
//! A query is terms separated by spaces, all of which must match (`\ ` is a
//! space inside a term): `term` fuzzy, `'term` exact (a substring),
//! `^term` a prefix, `term$` a suffix, `!term` must not match (with `'`,
//! `^` or `$` too), and `a | b` either. Smart case: a term with a capital
//! letter is matched case-sensitively. Fuzzy terms are scored by skim's
//! algorithm (as in fzf); when nothing contains a one-word query's letters
//! in order (a real typo such as "kisheda"), names are ranked by similarity
//! instead, so a misspelt query still finds its entity.
//!
//! The names are prepared once (concatenated, with an ASCII-folded copy for
//! a quick rejection that runs before any scoring), and while a query grows
//! (each key typed in the finder) only the previous query's matches are
//! scored again, as fzf does.

use std::cell::RefCell;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{EntityId, Model};

/// One ranked entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entity: EntityId,
    /// The name or alias that matched best.
    pub name: String,
    /// Higher is better; comparable only within one search.
    pub score: i64,
    /// Character positions of `name` that matched the query.
    pub positions: Vec<usize>,
}

/// How one term matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fuzzy,
    Exact,
    Prefix,
    Suffix,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    text: String,
    kind: Kind,
    negated: bool,
    /// Smart case: a capital letter in the term makes it case-sensitive.
    case_sensitive: bool,
}

/// A query: groups that must all match; a group matches when any of its
/// terms (alternatives joined by `|`) does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Query {
    groups: Vec<Vec<Term>>,
}

impl Query {
    fn parse(query: &str) -> Query {
        let mut words: Vec<String> = Vec::new();
        let mut word = String::new();
        let mut chars = query.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&' ') => {
                    word.push(' ');
                    chars.next();
                }
                ' ' => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut join = false;
        for w in words {
            if w == "|" {
                join = !groups.is_empty();
                continue;
            }
            let Some(term) = Term::parse(&w) else {
                continue;
            };
            match groups.last_mut() {
                Some(group) if join => group.push(term),
                _ => groups.push(vec![term]),
            }
            join = false;
        }
        Query { groups }
    }

    fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether every name matching `self` also matches `longer`, so the
    /// search for `longer` may start from this one's matches.
    fn narrows_to(&self, longer: &Query, old: &str, new: &str) -> bool {
        new.starts_with(old)
            && !old.contains(['!', '$', '\\', '|'])
            && !new.contains('|')
            && longer.groups.len() >= self.groups.len()
    }
}

impl Term {
    fn parse(word: &str) -> Option<Term> {
        let (negated, rest) = match word.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let (kind, text) = if let Some(t) = rest.strip_prefix('\'') {
            (Kind::Exact, t)
        } else if let Some(t) = rest.strip_prefix('^') {
            (Kind::Prefix, t)
        } else if let Some(t) = rest.strip_suffix('$').filter(|t| !t.is_empty()) {
            (Kind::Suffix, t)
        } else if negated {
            // fzf: a negated term is an exact one.
            (Kind::Exact, rest)
        } else {
            (Kind::Fuzzy, rest)
        };
        if text.is_empty() {
            return None;
        }
        Some(Term {
            text: text.to_string(),
            kind,
            negated,
            case_sensitive: text.chars().any(char::is_uppercase),
        })
    }
}

/// What a search needs of a model, packed: every entity's id, kind and
/// names in one string, and a table of spans into it (little-endian `u32`s:
/// per name its start, end and entity; then per entity the spans of its id
/// and kind and its mention count). Built from a model, or taken whole from
/// the cache for a large catalog, with no parsing and no allocation per
/// name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameIndex {
    text: String,
    table: Vec<u8>,
    /// Where the table starts in `table` (after a cache entry's header).
    base: usize,
    names: usize,
    entities: usize,
}

const NAME_ROW: usize = 3;
const ENTITY_ROW: usize = 5;

impl NameIndex {
    pub fn of(model: &Model) -> Self {
        let mut text = String::new();
        let mut names = Vec::new();
        let mut entities = Vec::new();
        let add = |text: &mut String, s: &str| {
            let start = text.len() as u32;
            text.push_str(s);
            (start, text.len() as u32)
        };
        for (id, e) in model.entities.iter().enumerate() {
            let (id_span, kind_span) = (add(&mut text, &e.id), add(&mut text, &e.kind));
            let weight = model.mention_total(EntityId(id)) as u32;
            entities.extend([id_span.0, id_span.1, kind_span.0, kind_span.1, weight]);
            for name in e.names() {
                let (s, end) = add(&mut text, name);
                names.extend([s, end, id as u32]);
            }
        }
        let table = names
            .iter()
            .chain(&entities)
            .flat_map(|v| v.to_le_bytes())
            .collect();
        NameIndex {
            text,
            table,
            base: 0,
            names: names.len() / NAME_ROW,
            entities: entities.len() / ENTITY_ROW,
        }
    }

    /// An index from its parts as a cache entry stores them; `None` unless
    /// every span lies in the text on character boundaries and every entity
    /// number is in range.
    pub fn from_parts(
        text: String,
        table: Vec<u8>,
        base: usize,
        names: usize,
        entities: usize,
    ) -> Option<Self> {
        let size = names
            .checked_mul(NAME_ROW)?
            .checked_add(entities.checked_mul(ENTITY_ROW)?)?
            .checked_mul(4)?;
        if table.len() != base.checked_add(size)? {
            return None;
        }
        let index = NameIndex {
            text,
            table,
            base,
            names,
            entities,
        };
        index.is_consistent().then_some(index)
    }

    /// The text and the table, as a cache entry stores them.
    pub fn parts(&self) -> (&str, &[u8], usize, usize) {
        (
            &self.text,
            &self.table[self.base..],
            self.names,
            self.entities,
        )
    }

    #[inline]
    fn at(&self, row: usize) -> u32 {
        let i = self.base + row * 4;
        u32::from_le_bytes([
            self.table[i],
            self.table[i + 1],
            self.table[i + 2],
            self.table[i + 3],
        ])
    }

    /// Name `i`: its span in the text and its entity.
    #[inline]
    fn name_row(&self, i: usize) -> (u32, u32, usize) {
        let r = i * NAME_ROW;
        (self.at(r), self.at(r + 1), self.at(r + 2) as usize)
    }

    fn entity_row(&self, e: usize, column: usize) -> u32 {
        self.at(self.names * NAME_ROW + e * ENTITY_ROW + column)
    }

    fn span(&self, s: u32, e: u32) -> &str {
        self.text.get(s as usize..e as usize).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.entities
    }

    pub fn is_empty(&self) -> bool {
        self.entities == 0
    }

    pub fn id(&self, entity: EntityId) -> &str {
        self.span(
            self.entity_row(entity.index(), 0),
            self.entity_row(entity.index(), 1),
        )
    }

    pub fn kind(&self, entity: EntityId) -> &str {
        self.span(
            self.entity_row(entity.index(), 2),
            self.entity_row(entity.index(), 3),
        )
    }

    pub fn mentions(&self, entity: EntityId) -> usize {
        self.entity_row(entity.index(), 4) as usize
    }

    /// The entity's canonical name (its first).
    pub fn name(&self, entity: EntityId) -> &str {
        // Names are in entity order: the first of this entity's.
        let (mut lo, mut hi) = (0, self.names);
        while lo < hi {
            let mid = usize::midpoint(lo, hi);
            if self.name_row(mid).2 < entity.index() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < self.names && self.name_row(lo).2 == entity.index() {
            let (s, e, _) = self.name_row(lo);
            self.span(s, e)
        } else {
            ""
        }
    }

    fn is_consistent(&self) -> bool {
        let ok = |s: u32, e: u32| {
            s <= e
                && (e as usize) <= self.text.len()
                && self.text.is_char_boundary(s as usize)
                && self.text.is_char_boundary(e as usize)
        };
        let mut last = 0;
        let names_ok = (0..self.names).all(|i| {
            let (s, e, n) = self.name_row(i);
            let in_order = n >= last && n < self.entities;
            last = n;
            in_order && ok(s, e)
        });
        names_ok
            && (0..self.entities).all(|e| {
                ok(self.entity_row(e, 0), self.entity_row(e, 1))
                    && ok(self.entity_row(e, 2), self.entity_row(e, 3))
            })
    }
}

/// Ranks the entities of one model. Built once; each search is one pass over
/// the names (or over the last search's matches while the query grows).
pub struct EntitySearch {
    matcher: SkimMatcherV2,
    matcher_exact_case: SkimMatcherV2,
    index: NameIndex,
    /// The last query and the names it matched.
    last: RefCell<Option<(String, Vec<u32>)>>,
}

impl EntitySearch {
    pub fn new(model: &Model) -> Self {
        Self::from_index(NameIndex::of(model))
    }

    pub fn from_index(index: NameIndex) -> Self {
        EntitySearch {
            matcher: SkimMatcherV2::default().ignore_case(),
            matcher_exact_case: SkimMatcherV2::default().respect_case(),
            index,
            last: RefCell::new(None),
        }
    }

    /// The names, ids and kinds searched.
    pub fn index(&self) -> &NameIndex {
        &self.index
    }

    fn name(&self, i: u32) -> &str {
        let (s, e, _) = self.index.name_row(i as usize);
        self.index.span(s, e)
    }

    fn entity_of(&self, i: u32) -> EntityId {
        EntityId(self.index.name_row(i as usize).2)
    }

    /// The best `limit` entities for `query`, best first, one hit per entity.
    /// An empty query lists entities by mention count.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query_text = query.trim();
        let parsed = Query::parse(query_text);
        let mut top = Top::new(limit);
        let mut typo = false;
        if parsed.is_empty() {
            let mut each = Best::default();
            for i in 0..self.index.names as u32 {
                each.offer(self, &mut top, 0, i);
            }
            each.finish(self, &mut top);
            self.last.replace(None);
        } else {
            // While the query grows, only the last matches can match.
            let previous = self.last.borrow_mut().take();
            let candidates: Vec<u32> = match previous {
                Some((old, matched))
                    if Query::parse(&old).narrows_to(&parsed, &old, query_text) =>
                {
                    matched
                }
                _ => (0..self.index.names as u32).collect(),
            };
            let mut matched = Vec::new();
            let mut each = Best::default();
            for i in candidates {
                if let Some(score) = self.score(&parsed, i) {
                    matched.push(i);
                    each.offer(self, &mut top, score, i);
                }
            }
            each.finish(self, &mut top);
            let nothing = matched.is_empty();
            self.last.replace(Some((query_text.to_string(), matched)));
            let single_word = parsed.groups.len() == 1
                && parsed.groups[0].len() == 1
                && parsed.groups[0][0].kind == Kind::Fuzzy
                && !parsed.groups[0][0].negated;
            if single_word && nothing {
                typo = true;
                let mut each = Best::default();
                for i in 0..self.index.names as u32 {
                    if let Some(score) = typo_score(query_text, self.name(i)) {
                        each.offer(self, &mut top, score, i);
                    }
                }
                each.finish(self, &mut top);
            }
        }
        let hits = top
            .into_sorted()
            .into_iter()
            .map(|key| (key.score, key.name));
        // Which characters matched, for the hits shown only.
        hits.map(|(score, i)| Hit {
            entity: self.entity_of(i),
            name: self.name(i).to_string(),
            score,
            positions: if typo {
                Vec::new()
            } else {
                self.positions(&parsed, self.name(i))
            },
        })
        .collect()
    }

    /// The score of name `i` for a query; `None` when it does not match.
    fn score(&self, query: &Query, i: u32) -> Option<i64> {
        let name = self.name(i);
        // Quick rejection first: every plain fuzzy term's letters must
        // appear in order, before any term is scored.
        let plain = |t: &Term| t.kind == Kind::Fuzzy && !t.negated && !t.case_sensitive;
        for group in query.groups.iter().filter(|g| g.len() == 1) {
            if plain(&group[0]) && !subsequence(group[0].text.as_bytes(), name.as_bytes()) {
                return None;
            }
        }
        let mut total = 0;
        for group in &query.groups {
            let mut matched = None;
            for term in group {
                let hit = match (self.term_score(term, name), term.negated) {
                    (Some(_), true) => None,
                    (None, true) => Some(0),
                    (hit, false) => hit,
                };
                if hit.is_some() {
                    matched = hit;
                    break;
                }
            }
            total += matched?;
        }
        Some(total)
    }

    /// The characters of `name` that a (matching) query's terms matched.
    fn positions(&self, query: &Query, name: &str) -> Vec<usize> {
        let mut positions = Vec::new();
        for term in query.groups.iter().flatten().filter(|t| !t.negated) {
            if term.kind == Kind::Fuzzy {
                if let Some((_, mut at)) = self.matcher_for(term).fuzzy_indices(name, &term.text) {
                    positions.append(&mut at);
                }
            } else if let Some(at) = exact_at(name, term) {
                positions.extend(at..at + term.text.chars().count());
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }

    fn matcher_for(&self, term: &Term) -> &SkimMatcherV2 {
        if term.case_sensitive {
            &self.matcher_exact_case
        } else {
            &self.matcher
        }
    }

    fn term_score(&self, term: &Term, name: &str) -> Option<i64> {
        let text = term.text.as_str();
        if term.kind == Kind::Fuzzy {
            if text.len() <= 2 && text.is_ascii() && name.is_ascii() {
                return short_score(name.as_bytes(), text.as_bytes(), term.case_sensitive);
            }
            if !term.case_sensitive && !subsequence(text.as_bytes(), name.as_bytes()) {
                return None;
            }
            return self.matcher_for(term).fuzzy_match(name, text);
        }
        exact_at(name, term)?;
        // As fzf scores an exact match: well above any fuzzy one of its length.
        Some(16 * text.chars().count() as i64 + 8)
    }
}

/// The character where an exact, prefix or suffix term starts in `name`.
fn exact_at(name: &str, term: &Term) -> Option<usize> {
    let found = if term.case_sensitive {
        find(name, &term.text, term.kind)
    } else {
        find(&name.to_lowercase(), &term.text.to_lowercase(), term.kind)
    }?;
    Some(name[..found.min(name.len())].chars().count())
}

/// The score of a one- or two-letter term in an ASCII name, without the
/// full fuzzy algorithm: the first keystrokes match nearly every name, so
/// this runs over all of them. It rates places as skim does: the start of
/// the name, then of a word, then a capital inside one, then anywhere,
/// earlier first; two letters together beat two apart.
fn short_score(name: &[u8], term: &[u8], case_sensitive: bool) -> Option<i64> {
    let bonus = |at: usize| -> i64 {
        match at.checked_sub(1).map(|p| name[p]) {
            None => 40,
            Some(p) if !p.is_ascii_alphanumeric() => 32,
            Some(p) if p.is_ascii_lowercase() && name[at].is_ascii_uppercase() => 24,
            _ => 8,
        }
    };
    // Where a letter is, from `from` on: either case unless the term has a capital.
    let find = |b: u8, from: usize| -> Option<usize> {
        let rest = name.get(from..)?;
        let at = if case_sensitive || !b.is_ascii_alphabetic() {
            memchr::memchr(b, rest)
        } else {
            memchr::memchr2(b.to_ascii_lowercase(), b.to_ascii_uppercase(), rest)
        };
        at.map(|i| from + i)
    };
    let mut best: Option<i64> = None;
    let mut from = 0;
    while let Some(at) = find(term[0], from) {
        from = at + 1;
        let mut score = 16 + bonus(at) - (at as i64).min(15);
        if let Some(&second) = term.get(1) {
            let Some(next) = find(second, at + 1) else {
                break;
            };
            score += if next == at + 1 {
                32
            } else {
                16 + bonus(next) / 4 - ((next - at - 1) as i64).min(8)
            };
        } else if at == 0 {
            return Some(score); // nothing rates higher than the very start
        }
        best = best.max(Some(score));
    }
    best
}

/// How hits are ordered: best score first, then the most mentioned entity,
/// the shorter name, the one listed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rank {
    score: i64,
    mentions: usize,
    length: u32,
    name: u32,
}

impl Ord for Rank {
    /// Greater is better.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.score, self.mentions)
            .cmp(&(other.score, other.mentions))
            .then(other.length.cmp(&self.length))
            .then(other.name.cmp(&self.name))
    }
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `limit` hits seen so far: a heap whose top is the worst kept.
struct Top {
    limit: usize,
    heap: std::collections::BinaryHeap<std::cmp::Reverse<Rank>>,
}

impl Top {
    fn new(limit: usize) -> Self {
        Top {
            limit,
            heap: std::collections::BinaryHeap::with_capacity(limit.min(1024) + 1),
        }
    }

    fn offer(&mut self, rank: Rank) {
        if self.heap.len() < self.limit {
            self.heap.push(std::cmp::Reverse(rank));
        } else if self.heap.peek().is_some_and(|worst| rank > worst.0) {
            self.heap.pop();
            self.heap.push(std::cmp::Reverse(rank));
        }
    }

    fn into_sorted(self) -> Vec<Rank> {
        let mut ranks: Vec<Rank> = self.heap.into_iter().map(|r| r.0).collect();
        ranks.sort_unstable_by(|a, b| b.cmp(a));
        ranks
    }
}

/// The best name of the entity being scanned: names come in entity order,
/// so each entity is offered to [`Top`] once, with its best name.
#[derive(Default)]
struct Best {
    current: Option<(EntityId, i64, u32)>,
}

impl Best {
    fn offer(&mut self, search: &EntitySearch, top: &mut Top, score: i64, name: u32) {
        let entity = search.entity_of(name);
        match self.current {
            Some((e, best, _)) if e == entity => {
                if score > best {
                    self.current = Some((e, score, name));
                }
            }
            _ => {
                self.finish(search, top);
                self.current = Some((entity, score, name));
            }
        }
    }

    fn finish(&mut self, search: &EntitySearch, top: &mut Top) {
        if let Some((entity, score, name)) = self.current.take() {
            let (s, e, _) = search.index.name_row(name as usize);
            top.offer(Rank {
                score,
                mentions: search.index.mentions(entity),
                length: e - s,
                name,
            });
        }
    }
}

/// Where `term` is in `name` for an exact, prefix or suffix term.
fn find(name: &str, term: &str, kind: Kind) -> Option<usize> {
    match kind {
        Kind::Prefix => name.starts_with(term).then_some(0),
        Kind::Suffix => name.ends_with(term).then(|| name.len() - term.len()),
        _ => name.find(term),
    }
}

/// Whether the ASCII bytes of `needle` (non-ASCII ones skipped) appear in
/// order in `haystack`, ignoring ASCII case.
fn subsequence(needle: &[u8], haystack: &[u8]) -> bool {
    let mut rest = haystack;
    for &b in needle {
        if !b.is_ascii() {
            continue;
        }
        let found = if b.is_ascii_alphabetic() {
            memchr::memchr2(b.to_ascii_lowercase(), b.to_ascii_uppercase(), rest)
        } else {
            memchr::memchr(b, rest)
        };
        match found {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// Similarity of a misspelt query to a name or to any word of it, scaled to
/// 0..=100; `None` when too different to be worth showing.
fn typo_score(query: &str, name: &str) -> Option<i64> {
    let query = query.to_lowercase();
    let name = name.to_lowercase();
    let best = std::iter::once(name.as_str())
        .chain(name.split_whitespace())
        .map(|word| {
            // Compare with the word's prefix too, for fragments ("kisheda" in "kishida's").
            let prefix: String = word.chars().take(query.chars().count()).collect();
            strsim::jaro_winkler(&query, word).max(strsim::jaro_winkler(&query, &prefix))
        })
        .fold(0.0, f64::max);
    (best >= 0.8).then(|| (best * 100.0).round() as i64)
}

#[cfg(test)]
mod tests;
