//! Finding entities in text that comes without a catalog, so the entity
//! list is useful at once. The rules, in order:
//!
//! - **proper-noun phrases**: runs of capitalised words (and words mixing
//!   letters and digits, such as "360info" or "IP4"), joined by hyphens or by
//!   connecting words inside names ("Strategy for the Blue Pacific
//!   Continent"), a number allowed at either end ("2050 Strategy…",
//!   "Noble Raven 24");
//! - **sentence starts**: a capital that only marks the start of a sentence
//!   is dropped: a leading function word ("The", "Both") or a word also
//!   written in lower case elsewhere is cut off, and a lone sentence-initial
//!   word is kept only if it is capitalised mid-sentence somewhere too, or
//!   known to the gazetteer;
//! - **titles** ("Dr", "PM", "Prime Minister", "President"…) split a run and
//!   mark the name after them as a person: "New Zealand Prime Minister
//!   Christopher Luxon" is New Zealand and Christopher Luxon;
//! - **acronyms with expansions** written together ("the Quadrilateral
//!   Security Dialogue, or QUAD", "Indo-Pacific Four (IP4)", "IP4
//!   (Indo-Pacific Four)") become one entity with both names;
//! - **short forms**: a lone word that ends an earlier multi-word name
//!   ("Luxon" after "Christopher Luxon") is that name's alias;
//! - **kinds** come from the gazetteer (`assets/gazetteer.tsv`: countries
//!   with demonyms, so "Japanese" is Japan; cities; seas and regions), from
//!   titles (person), and from head words (University, Council → organisation;
//!   Forum, Dialogue → alliance; Agreement, Strategy → agreement; Exercise,
//!   Summit → event; Sea, Strait → place). Anything else stays "other".
//!
//! The entities found are then linked like catalog entities, by
//! [`super::Linker`].

mod candidates;
mod kinds;
mod lexicon;
mod tokens;

use std::collections::{HashMap, HashSet};

use crate::model::{Block, Document, Entity};
use candidates::{Candidate, candidates, mark_context, opens_sentence, pair_acronyms};
use kinds::{head_kind, kind_of};
use lexicon::{
    COMMON_ACRONYMS, CONNECTORS, DERIVED, NEVER_ALONE, PLURAL_HEADS, gazetteer, head_in,
    is_common_word, is_given_name, is_stopword,
};
use tokens::{
    TokenKind, is_acronym, is_capitalised, is_contraction, is_heading_word, is_mixed, is_number,
    is_ordinal, is_roman, tokenize,
};

/// An entity being assembled from the candidates naming it.
#[derive(Debug, Clone)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent marks of evidence"
)]
struct Found {
    name: String,
    aliases: Vec<String>,
    kind: Option<&'static str>,
    /// How the kind was guessed, for the description.
    cue: String,
    /// How many times it was found written as a name.
    seen: usize,
    /// Whether it was once found inside a sentence, where its capital is its own.
    mid: bool,
    /// Whether "in" stood before it once ("stops in Levuka").
    after_in: bool,
    /// Whether a verb of saying or doing followed it once ("Reyes said").
    person_after: bool,
    /// Whether "the" stood before it once.
    the_before: bool,
    /// Whether it was found outside headings.
    in_text: bool,
}

/// Below this confidence (in percent) a discovered entity is hidden from
/// the entity list until asked for.
pub const LOW_CONFIDENCE: u8 = 50;

impl Found {
    /// How sure discovery is, in percent: the evidence for its kind (a
    /// gazetteer entry, a title, a head word, a given name), else its shape
    /// (several words beat one), and ten more for each time it was seen
    /// again, up to thirty.
    fn confidence(&self) -> u8 {
        let evidence: u8 = match (self.kind, self.cue.as_str()) {
            (Some(_), "the gazetteer") => 95,
            (Some(_), "a title before the name") => 90,
            (Some(_), cue) if cue.starts_with("the word") => 85,
            (Some(_), cue) if cue.starts_with("an acronym") => 55,
            (Some(_), cue) if cue.starts_with("\"in\"") || cue.starts_with("the names listed") => {
                60
            }
            (Some(_), _) => 80,
            (None, _) if self.name.split_whitespace().count() > 1 => 60,
            // One word: letters and digits are most often code or models
            // ("C99"); a capitalised word inside a sentence is a name unless
            // made from one ("Byronic"); an acronym, unless a common one.
            (None, _) if is_mixed(&self.name) || COMMON_ACRONYMS.contains(&self.name.as_str()) => {
                30
            }
            (None, _)
                if is_acronym(&self.name) && !COMMON_ACRONYMS.contains(&self.name.as_str()) =>
            {
                55
            }
            (None, _) if self.mid && !DERIVED.iter().any(|d| self.name.ends_with(d)) => 50,
            (None, _) => 40,
        };
        let again = u8::try_from(self.seen.saturating_sub(1).min(3) * 10).unwrap_or(30);
        evidence.saturating_add(again).min(100)
    }
}

impl Found {
    fn add_alias(&mut self, alias: &str) {
        if alias != self.name && !self.aliases.iter().any(|a| a == alias) {
            self.aliases.push(alias.to_string());
        }
    }
}

fn key(name: &str) -> String {
    name.to_lowercase()
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Entities named in a document, most useful first (in order of appearance).
pub fn discover(document: &Document) -> Vec<Entity> {
    let paragraphs: Vec<(&str, bool)> = document
        .paragraphs
        .iter()
        .filter(|p| p.linkable())
        .map(|p| (p.text.as_str(), matches!(p.block, Block::Heading(_))))
        .collect();
    let (seen, candidates) = scan(&paragraphs);
    let mut gathered = Gathered::default();
    let mut lists: HashMap<usize, Vec<usize>> = HashMap::new();
    for c in candidates {
        if let Some(c) = judge(c, &seen) {
            let list = c.list;
            let index = gathered.add(c);
            if let Some(list) = list {
                lists.entry(list).or_default().push(index);
            }
        }
    }
    gathered.kinds_from_context(&lists, seen.english());
    gathered.merge_short_forms();
    gathered.into_entities()
}

/// How words are written across the text.
#[derive(Default)]
struct Seen {
    /// Words seen in lower case.
    lower: rustc_hash::FxHashSet<String>,
    /// Capitalised words seen mid-sentence.
    mid_caps: rustc_hash::FxHashSet<String>,
    /// How many sentences each capitalised word opens.
    starts: rustc_hash::FxHashMap<String, usize>,
    /// Lower-case words read, and how many of them are common English words.
    lower_words: usize,
    english_words: usize,
}

impl Seen {
    /// Whether the text is English: most of its lower-case words are.
    fn english(&self) -> bool {
        self.english_words * 2 > self.lower_words
    }
}

/// The candidates of every paragraph, and how their words are written elsewhere.
fn scan(paragraphs: &[(&str, bool)]) -> (Seen, Vec<Candidate>) {
    let mut seen = Seen::default();
    let mut all: Vec<Candidate> = Vec::new();
    let mut lists = 0;
    for &(text, heading) in paragraphs {
        let tokens = tokenize(text);
        let mut sentence_start = true;
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Punct {
                sentence_start |= opens_sentence(&tokens, i);
                continue;
            }
            if sentence_start && is_heading_word(t.text) {
                // A label ("CONCLUSIONS") leaves the sentence to the next word.
                continue;
            }
            // Part of an address ("security@larkspur.example") is no word.
            let address = !t.spaced && i > 0 && matches!(tokens[i - 1].text, "@" | ".");
            if address {
                continue;
            }
            // Each set takes a word once; looking first spares a copy.
            if t.text.chars().next().is_some_and(char::is_lowercase) {
                // A sample is enough to tell the language: the first 256
                // words, then every eighth.
                seen.lower_words += 1;
                let weight = if seen.lower_words <= 256 {
                    1
                } else if seen.lower_words % 8 == 0 {
                    8
                } else {
                    0
                };
                if weight > 0 && is_common_word(t.text) {
                    seen.english_words += weight;
                }
                if !seen.lower.contains(t.text) {
                    seen.lower.insert(t.text.to_string());
                }
            } else if !sentence_start {
                if !seen.mid_caps.contains(t.text) {
                    seen.mid_caps.insert(t.text.to_string());
                }
            } else if let Some(n) = seen.starts.get_mut(t.text) {
                *n += 1;
            } else {
                seen.starts.insert(t.text.to_string(), 1);
            }
            sentence_start = tokens::stop_ends_sentence(&tokens, i);
        }
        let mut cands = candidates(&tokens);
        pair_acronyms(&tokens, &mut cands);
        mark_context(&tokens, &mut cands, &mut lists);
        // A short line without a full stop is a label ("Method 1",
        // "Learning Objectives"), read as a heading.
        let label = tokens.len() <= 8
            && !tokens
                .iter()
                .any(|t| t.kind == TokenKind::Punct && tokens::ends_sentence(t.text));
        for c in &mut cands {
            c.around.in_heading = heading || label;
        }
        all.extend(cands);
    }
    (seen, all)
}

/// A candidate as a name, or none when it is not one: a sentence's first
/// word capitalised only for being first, a date, a lone generic word.
fn judge(mut c: Candidate, seen: &Seen) -> Option<Candidate> {
    let gaz = gazetteer();
    if c.starts_sentence {
        // A first word whose capital only marks the sentence start is
        // cut off; what follows it stands mid-sentence and is judged so.
        let lc = c.words[0].to_lowercase();
        // "Portavoces de Greenpeace España", "Fuentes de Bruselas": a
        // sentence's first word, never written as a name elsewhere, then
        // "de" and a name, is a common noun before the name.
        let noun_of = c.words.len() > 2
            && CONNECTORS.contains(&c.words[1].as_str())
            && is_capitalised(&c.words[2])
            && !seen.mid_caps.contains(&c.words[0])
            && gaz.get(&c.words[0]).is_none()
            && head_kind(&c.words[..1]).is_none()
            && head_in(&c.words[0], true).is_none()
            && head_in(&c.words[0], false).is_none();
        let ordinary = is_stopword(lc.as_str())
            || noun_of
            || (seen.lower.contains(&lc) && gaz.get(&c.words[0]).is_none());
        if ordinary && c.words.len() > 1 {
            c.words.remove(0);
            while c
                .words
                .first()
                .is_some_and(|w| CONNECTORS.contains(&w.as_str()) || w == "-")
            {
                c.words.remove(0);
            }
        } else if c.words.len() == 1 {
            let w = &c.words[0];
            // A word that opens sentence after sentence and is never written
            // in lower case is the text's subject ("Larkspur is…").
            let subject = seen.starts.get(w).is_some_and(|&n| n >= 3) && !seen.lower.contains(&lc);
            // "Sophia, our youngest, …": a given name that is no common word.
            let given = is_given_name(w) && !is_common_word(w) && !seen.lower.contains(&lc);
            let keep = gaz.get(w).is_some()
                || given
                || seen.mid_caps.contains(w)
                || is_acronym(w)
                || is_mixed(w)
                || subject;
            if !keep {
                return None;
            }
        }
    }
    // A year before an acronym is a date, not part of a name ("In 1999 CNRI").
    while c.words.len() > 1 && is_number(&c.words[0]) && !c.words[1].chars().any(char::is_lowercase)
    {
        c.words.remove(0);
    }
    if c.words.is_empty() {
        return None;
    }
    // Dates and lone generic words: "June 2023", "North", "2nd of
    // October", "Chapter IV".
    // "May 2006 Hamid Karzai": a date before a name is no part of it.
    while c.words.len() > 2
        && NEVER_ALONE[..12].contains(&c.words[0].to_lowercase().as_str())
        && is_number(&c.words[1])
    {
        c.words.drain(..2);
        c.starts_sentence = false;
    }
    let generic = |w: &String| {
        let lc = w.to_lowercase();
        NEVER_ALONE.contains(&lc.as_str())
            || tokens::is_decade(&lc)
            || is_number(&lc)
            || is_ordinal(&lc)
            || is_roman(w)
            || CONNECTORS.contains(&lc.as_str())
    };
    if c.words.iter().all(generic) {
        return None;
    }
    if everyday_label(&c, seen) {
        return None;
    }
    // "I'm", "I've", "Don't": contractions are never names.
    if c.words.len() == 1 && is_contraction(&c.words[0]) {
        return None;
    }
    if c.words.len() == 1 && is_stopword(c.words[0].to_lowercase().as_str()) {
        return None;
    }
    Some(c)
}

/// Two capitalised words, neither an everyday word nor a place, no
/// connecting word: "Yankuba Minteh", "Enzo Maresca".
fn looks_like_a_persons_name(words: &[&str]) -> bool {
    words.len() == 2
        && words.iter().all(|w| {
            tokens::is_capitalised(w)
                && w.chars().skip(1).all(char::is_lowercase)
                && w.chars().count() > 2
                && !is_common_word(w)
                && gazetteer().get(w).is_none()
                && head_in(w, false).is_none()
                && head_in(w, true).is_none()
                && !NEVER_ALONE.contains(&w.to_lowercase().as_str())
        })
}

/// "Learning Objectives", "Method 1", "From Seeds": a heading or a label
/// made of everyday English words names nothing, unless a head word or the
/// gazetteer says it does.
fn everyday_label(c: &Candidate, seen: &Seen) -> bool {
    let everyday = |w: &String| {
        // The text's subject ("Larkspur is…") is kept.
        let subject =
            seen.starts.get(w).is_some_and(|&n| n >= 3) && !seen.lower.contains(&w.to_lowercase());
        is_number(w) || CONNECTORS.contains(&w.as_str()) || (is_common_word(w) && !subject)
    };
    c.around.in_heading
        && seen.english()
        && c.words.iter().all(everyday)
        && head_kind(&c.words).is_none()
        && gazetteer().get(&c.text()).is_none()
        && !c.after_title
}

/// The entities found so far, by key.
#[derive(Default)]
struct Gathered {
    found: Vec<Found>,
    by_key: HashMap<String, usize>,
    /// One-word names not in the gazetteer, which may be a longer name's short form.
    singles: Vec<String>,
    merged_away: HashSet<usize>,
}

impl Gathered {
    /// Kinds from where unknown names stand: after "in", a place; in a
    /// list with names of one known kind, that kind.
    fn kinds_from_context(&mut self, lists: &HashMap<usize, Vec<usize>>, english: bool) {
        for f in &mut self.found {
            if f.kind.is_some() {
                continue;
            }
            let words: Vec<&str> = f.name.split_whitespace().collect();
            if f.person_after && !f.the_before && words.len() <= 4 {
                f.kind = Some("person");
                f.cue = "what it says or does, as people do".into();
            } else if f.after_in {
                f.kind = Some("place");
                f.cue = "\"in\" before it".into();
            } else if english && looks_like_a_persons_name(&words) && !f.the_before {
                f.kind = Some("person");
                f.cue = "two names that are no common words, as people's are".into();
            }
        }
        let mut ids: Vec<&usize> = lists.keys().collect();
        ids.sort_unstable();
        for id in ids {
            let members = &lists[id];
            let known: Vec<(&'static str, &str)> = members
                .iter()
                .filter_map(|&m| self.found[m].kind.map(|k| (k, self.found[m].name.as_str())))
                .collect();
            let Some(&(kind, example)) = known.first() else {
                continue;
            };
            if known.iter().any(|(k, _)| *k != kind) {
                continue;
            }
            let cue = format!("the names listed with it (\"{example}\")");
            for &m in members {
                let derived = DERIVED.iter().any(|d| self.found[m].name.ends_with(d));
                if self.found[m].kind.is_none() && !derived {
                    self.found[m].kind = Some(kind);
                    self.found[m].cue.clone_from(&cue);
                }
            }
        }
    }

    /// Adds a name: to the entity it names, or as a new one; its index.
    fn add(&mut self, mut c: Candidate) -> usize {
        let gaz = gazetteer();
        // "South China Seas" names "South China Sea".
        let mut written = c.text();
        let mut alias_written = None;
        let plural = c
            .words
            .last()
            .and_then(|last| PLURAL_HEADS.iter().find(|(p, _)| p == last));
        if let Some((_, singular)) = plural {
            alias_written = Some(written.clone());
            if let Some(last) = c.words.last_mut() {
                *last = singular.to_string();
            }
            written = c.text();
        }
        let (name, kind, cue) = kind_of(&c, &written);
        let found = &mut self.found;
        let index = *self.by_key.entry(key(&name)).or_insert_with(|| {
            found.push(Found {
                name: name.clone(),
                aliases: Vec::new(),
                kind,
                cue: cue.clone(),
                seen: 0,
                mid: false,
                after_in: false,
                person_after: false,
                the_before: false,
                in_text: false,
            });
            found.len() - 1
        });
        let entity = &mut found[index];
        entity.seen += 1;
        entity.mid |= !c.starts_sentence;
        entity.after_in |= c.around.after_in;
        entity.person_after |= c.around.person_after;
        entity.the_before |= c.around.the_before;
        entity.in_text |= !c.around.in_heading;
        if entity.kind.is_none() && kind.is_some() {
            entity.kind = kind;
            entity.cue = cue;
        }
        entity.add_alias(&written);
        for alias in alias_written.iter().chain(c.alias.iter()) {
            entity.add_alias(alias);
        }
        if let Some(alias) = &c.alias {
            self.by_key.entry(key(alias)).or_insert(index);
        }
        // A lone word may be a longer name's short form, unless it is a
        // curated place or a nationality ("Obama" after "Barack Obama" is
        // no city in Japan).
        if c.words.len() == 1 && gaz.curated(&written).is_none() && kind != Some("nationality") {
            self.singles.push(written);
        }
        index
    }

    /// A lone word ending an earlier multi-word name is that name's short form.
    fn merge_short_forms(&mut self) {
        // Names of two to four words, by their last word, in order: looked
        // up once per lone word rather than scanning every name for each.
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in self.found.iter().enumerate() {
            let words: Vec<&str> = f.name.split_whitespace().collect();
            if (2..=4).contains(&words.len())
                && let Some(last) = words.last()
            {
                by_last.entry((*last).to_string()).or_default().push(i);
                by_first.entry(words[0].to_string()).or_default().push(i);
            }
        }
        let found = &mut self.found;
        for word in &self.singles {
            let Some(&single) = self.by_key.get(&key(word)) else {
                continue;
            };
            if found[single].aliases.len() > 1 || self.merged_away.contains(&single) {
                continue;
            }
            let person_like = |i: &usize| matches!(found[*i].kind, None | Some("person"));
            // "Kenji" after "Kenji Morita": a given name alone is the one
            // person of the text who bears it.
            let by_first = || {
                let mut people = by_first
                    .get(word.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|i| found[*i].kind == Some("person"));
                let one = people.next();
                one.filter(|_| people.next().is_none() && is_given_name(word))
            };
            let owner = by_last
                .get(word.as_str())
                .and_then(|names| names.iter().copied().find(person_like))
                .or_else(by_first);
            if let Some(owner) = owner.filter(|&o| o != single) {
                found[owner].add_alias(word);
                if found[owner].kind.is_none() {
                    found[owner].kind = Some("person");
                    found[owner].cue = format!("\"{word}\" used alone, as people are");
                }
                self.merged_away.insert(single);
            }
        }
    }

    /// The entities, each with a unique id and how its kind was guessed.
    fn into_entities(self) -> Vec<Entity> {
        let mut ids: HashSet<String> = HashSet::new();
        let merged_away = self.merged_away;
        self.found
            .into_iter()
            .enumerate()
            // A name only headings write stays when its kind has strong
            // evidence ("# Canberra"), not as a heading's words ("Security Notes").
            .filter(|(i, f)| {
                !merged_away.contains(i)
                    && (f.in_text || (f.kind.is_some() && f.confidence() >= 80))
            })
            .map(|(_, f)| {
                let base = crate::model::slug(&f.name);
                let mut id = base.clone();
                let mut n = 2;
                while !ids.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                let confidence = f.confidence();
                let description = match (&f.kind, f.cue.is_empty()) {
                    (Some(_), false) => format!("Found in the text; kind guessed from {}.", f.cue),
                    _ => "Found in the text; kind unknown: no gazetteer entry, title, head word, \
                          given name or context speaks for one."
                        .to_string(),
                };
                Entity {
                    id,
                    name: f.name.clone(),
                    kind: f.kind.unwrap_or("other").to_string(),
                    aliases: f.aliases.into_iter().filter(|a| *a != f.name).collect(),
                    description,
                    confidence: Some(confidence),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
