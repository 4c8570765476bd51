//! Runs of name words read off the tokens: where a name starts and ends,
//! what splits it (a title, a role, a sentence start), acronyms paired
//! with their expansions, and the context each was written in.

use super::kinds::head_kind;
use super::lexicon::{
    CONNECTORS, LIST_JOINS, POSSESSIVE_HEADS, ROLES, TITLES, UNITS, gazetteer, head_in,
    is_given_name, is_stopword,
};
use super::tokens::{
    Token, TokenKind, ends_sentence, is_acronym, is_capitalised, is_code, is_heading_word,
    is_initial, is_mixed, is_name_word, is_number, stop_ends_sentence,
};
use std::collections::{HashMap, HashSet};

/// One name found in the text, before names are merged.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) words: Vec<String>,
    /// Token range in the paragraph.
    pub(super) tokens: (usize, usize),
    pub(super) starts_sentence: bool,
    pub(super) after_title: bool,
    /// An acronym written beside it.
    pub(super) alias: Option<String>,
    /// The list of names it stands in ("Levuka, Savusavu and Rotuma"), if any.
    pub(super) list: Option<usize>,
    pub(super) around: Around,
}

/// Where a candidate stands, beyond its sentence.
#[derive(Debug, Clone, Copy, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent marks of context"
)]
pub(super) struct Around {
    /// "in" (or "en", "à", "near") right before it.
    pub(super) after_in: bool,
    /// What people do right after it: a verb of saying or doing ("Reyes
    /// said", "Whitaker led us"), or ", who".
    pub(super) person_after: bool,
    /// "the" right before it: no person's name.
    pub(super) the_before: bool,
    /// In a heading, where every word may be capitalised.
    pub(super) in_heading: bool,
}

impl Candidate {
    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        // "A&M", "AT&T": an ampersand between capitals is written unspaced.
        let short_caps = |w: Option<&String>| {
            w.is_some_and(|w| w.chars().count() <= 3 && w.chars().all(char::is_uppercase))
        };
        let tight_amp = |k: usize| {
            self.words[k] == "&"
                && short_caps(k.checked_sub(1).and_then(|p| self.words.get(p)))
                && short_caps(self.words.get(k + 1))
        };
        for (i, w) in self.words.iter().enumerate() {
            let glued = matches!(w.as_str(), "-" | "." | "/")
                || w.starts_with(['\'', '’'])
                || matches!(self.words[i.saturating_sub(1)].as_str(), "-" | "/")
                || tight_amp(i)
                || (i > 0 && tight_amp(i - 1));
            if i > 0 && !glued {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }
}

/// Title at `words[i..]`: its length in words.
pub(super) fn title_at(words: &[&str], i: usize) -> usize {
    TITLES
        .iter()
        .find(|t| {
            words.len() >= i + t.len()
                && words[i..i + t.len()]
                    .iter()
                    .zip(t.iter())
                    .all(|(w, t)| w.strip_suffix('.').unwrap_or(w) == *t)
        })
        .map_or(0, |t| t.len())
}

/// Words at `i` that are no name however they are written, as (tokens to
/// skip, whether a sentence starts after them): code, a heading label
/// ("RESULTS The …"), a quantity ("10 KiB").
pub(super) fn not_a_name(tokens: &[Token], i: usize) -> Option<(usize, bool)> {
    let tok = tokens[i];
    if is_code(tokens, i) {
        return Some((1, false));
    }
    let next_word = tokens
        .get(i + 1)
        .filter(|n| n.kind == TokenKind::Word && n.spaced);
    // "RESULTS The…", and any capitalised word after a label opening a
    // paragraph ("CONCLUSIONS Heat-health…").
    let heading = is_heading_word(tok.text)
        && next_word.is_some_and(|n| {
            is_capitalised(n.text)
                && !n.text.chars().all(char::is_uppercase)
                && (i == 0 || is_stopword(n.text.to_lowercase().as_str()))
        });
    if heading {
        return Some((1, true));
    }
    if is_number(tok.text) && next_word.is_some_and(|n| UNITS.contains(&n.text)) {
        return Some((2, false));
    }
    None
}

/// After `words`, at token `j`: the full stop of an initial ("J. K.
/// Rowling"), when a word of the name follows it.
pub(super) fn initial_stop(tokens: &[Token], j: usize, words: &[&str]) -> bool {
    tokens[j].text == "."
        && !tokens[j].spaced
        && words.last().is_some_and(|w| is_initial(w))
        && tokens.get(j + 1).is_some_and(|a| {
            a.spaced
                && a.kind == TokenKind::Word
                && is_name_word(a.text)
                && !is_stopword(a.text.to_lowercase().as_str())
        })
}

/// At token `j`, a possessive ("'s") then a head word ("Inn", "Bench",
/// "Association"…) continuing the name: the two words to add.
pub(super) fn possessive_head<'a>(
    tokens: &[Token<'a>],
    j: usize,
    words: &[&str],
) -> Option<(&'a str, &'a str)> {
    let (apostrophe, s, head) = (tokens.get(j)?, tokens.get(j + 1)?, tokens.get(j + 2)?);
    let is_head = |w: &str| POSSESSIVE_HEADS.contains(&w) || head_in(w, false).is_some();
    let country = || {
        gazetteer()
            .get(&words.join(" "))
            .is_some_and(|k| k.kind == "country")
    };
    (matches!(apostrophe.text, "'" | "’")
        && !apostrophe.spaced
        && s.text == "s"
        && !s.spaced
        && head.spaced
        && head.kind == TokenKind::Word
        && is_head(head.text)
        && !country())
    .then_some((if apostrophe.text == "'" { "'s" } else { "’s" }, head.text))
}

/// Whether what someone does is written just before the run at `start`:
/// "opposition leader Inia Seruiratu", "the Debian maintainer, Guillem
/// Jover", "Secretary General, Baron Waqa".
pub(super) fn after_role(tokens: &[Token], start: usize) -> bool {
    let Some(mut k) = start.checked_sub(1) else {
        return false;
    };
    let comma = tokens[k].text == ",";
    if comma {
        let Some(before) = k.checked_sub(1) else {
            return false;
        };
        k = before;
    }
    let word = tokens[k];
    word.kind == TokenKind::Word
        && (ROLES.contains(&word.text)
            || (comma && TITLES.iter().any(|t| t.last() == Some(&word.text))))
}

/// Where the sentence starts again: after a full stop, and after the
/// dateline of a news story ("SUVA, Fiji — Leaders…").
pub(super) fn opens_sentence(tokens: &[Token], i: usize) -> bool {
    let t = tokens[i];
    // "PRIYA: Oh, we do.", "Q: How did…": a capital after a colon opens
    // an utterance.
    let colon = t.text == ":"
        && tokens
            .get(i + 1)
            .is_some_and(|n| n.spaced && n.kind == TokenKind::Word && is_capitalised(n.text));
    ends_sentence(t.text)
        || colon
        || (matches!(t.text, "—" | "–")
            && i < 8
            && tokens[0].text.chars().count() >= 3
            && tokens[0].text.chars().all(|c| !c.is_lowercase()))
}

/// The run of name words from token `i`: the words and the token after them.
pub(super) fn extend_run<'a>(tokens: &[Token<'a>], i: usize) -> (Vec<&'a str>, usize) {
    let mut words: Vec<&str> = vec![tokens[i].text];
    let mut j = i + 1;
    while let Some(next) = tokens.get(j) {
        if is_code(tokens, j) || stop_ends_sentence(tokens, j - 1) {
            break;
        }
        if initial_stop(tokens, j, &words) {
            words.push(".");
            j += 1;
            continue;
        }
        let step =
            if next.kind == TokenKind::Word && (is_name_word(next.text) || is_number(next.text)) {
                name_word(tokens, j, &words)
            } else if next.text == "-" && !next.spaced {
                hyphen(tokens, j, &words)
            } else if let Some((possessive, head)) = possessive_head(tokens, j, &words) {
                // "Lincoln's Inn", "Queen's Bench": a possessive inside the name
                // of a place or body (not a country's: "Japan's Navy").
                Some((vec![possessive, head], 3))
            } else if next.text == "/" && !next.spaced {
                slash(tokens, j)
            } else {
                connectors(tokens, j, &words)
            };
        let Some((more, taken)) = step else {
            break;
        };
        words.extend(more);
        j += taken;
    }
    (words, j)
}

/// Words a rule adds to a name, and how many tokens they take; `None`
/// when the rule does not go on with it.
type Step<'a> = Option<(Vec<&'a str>, usize)>;

/// A word or number going on with the name; `None` for a number that does
/// not (`CMake 3.20` is a version; a number only follows a word of the name).
fn name_word<'a>(tokens: &[Token<'a>], j: usize, words: &[&str]) -> Step<'a> {
    let next = tokens[j].text;
    // A number only follows a word of the name ("Noble Raven 24"),
    // and a version is no part of it ("CMake 3.20").
    let version = tokens
        .get(j + 1)
        .is_some_and(|t| t.text == "." && !t.spaced)
        && tokens
            .get(j + 2)
            .is_some_and(|t| !t.spaced && is_number(t.text));
    if is_number(next) && (!is_name_word(words[words.len() - 1]) || version) {
        return None;
    }
    Some((vec![next], 1))
}

/// A hyphen between capitalised words, unless what came before is a known
/// name on its own ("Japan-New Zealand").
fn hyphen<'a>(tokens: &[Token<'a>], j: usize, words: &[&str]) -> Step<'a> {
    let after = tokens
        .get(j + 1)
        .filter(|a| !a.spaced && a.kind == TokenKind::Word && is_name_word(a.text))?;
    gazetteer()
        .curated(&words.join(" "))
        .is_none()
        .then(|| (vec!["-", after.text], 2))
}

/// "SEO/BirdLife": a slash between two names.
fn slash<'a>(tokens: &[Token<'a>], j: usize) -> Step<'a> {
    let after = tokens
        .get(j + 1)
        .filter(|a| !a.spaced && a.kind == TokenKind::Word && is_capitalised(a.text))?;
    Some((vec!["/", after.text], 2))
}

/// Connecting words, when a capitalised word follows them: not after a
/// person's name ("Ahmed Benali of Cloudflare"), "for" only after the head
/// of a body or document ("Centre for…"), "and" (or "&") only where the
/// two sides do not each name something (see [`and_joins`]).
fn connectors<'a>(tokens: &[Token<'a>], j: usize, words: &[&str]) -> Step<'a> {
    let next = tokens[j];
    if next.kind == TokenKind::Punct && next.text == "&" {
        // "Texas A&M", "AT&T", "Marks & Spencer".
        let after = tokens
            .get(j + 1)
            .filter(|a| a.kind == TokenKind::Word && is_name_word(a.text))?;
        return Some((vec!["&", after.text], 2));
    }
    let person_so_far = (2..=3).contains(&words.len())
        && is_given_name(words[0])
        && words.iter().all(|w| is_capitalised(w));
    let stop_here = next.kind == TokenKind::Word
        && ((matches!(next.text, "of" | "for") && person_so_far)
            || (next.text == "for" && head_in(words[words.len() - 1], false).is_none()));
    let joins = |w: &str| CONNECTORS.contains(&w) || (w == "and" && and_joins(tokens, j, words));
    if next.kind != TokenKind::Word || !joins(next.text) || stop_here {
        return None;
    }
    let mut k = j;
    while tokens
        .get(k)
        .is_some_and(|t| t.kind == TokenKind::Word && joins(t.text))
    {
        k += 1;
    }
    tokens
        .get(k)
        .is_some_and(|t| t.kind == TokenKind::Word && is_capitalised(t.text))
        .then(|| (tokens[j..k].iter().map(|t| t.text).collect(), k - j))
}

/// Whether "and" at token `j` joins `words` and the capitalised words
/// after it into one name:
/// - the whole is a known place ("Trinidad and Tobago");
/// - a body's "of" goes on ("School of Hygiene and Tropical Medicine",
///   "Department of Environment and Natural Resources"), unless the words
///   after it name something of their own ("University of California and
///   Columbia University");
/// - the words before name nothing on their own and the words after end
///   with a head word ("National Air and Space Museum").
fn and_joins(tokens: &[Token], j: usize, words: &[&str]) -> bool {
    let after: Vec<String> = tokens[j + 1..]
        .iter()
        .take_while(|t| {
            t.kind == TokenKind::Word && (is_capitalised(t.text) || CONNECTORS.contains(&t.text))
        })
        .map(|t| t.text.to_string())
        .collect();
    if after.is_empty() {
        return false;
    }
    let before: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
    let whole = format!("{} and {}", words.join(" "), after.join(" "));
    if gazetteer().curated(&whole).is_some() {
        return true;
    }
    let known = |ws: &[String]| {
        head_kind(ws).is_some()
            || gazetteer().get(&ws.join(" ")).is_some()
            || super::kinds::is_person_name(ws)
    };
    let after_names = known(&after);
    let body_of =
        words.contains(&"of") && head_kind(&before).is_some_and(|(kind, _)| kind == "organisation");
    (body_of && !after_names)
        || (!known(&before) && head_kind(&after).is_some() && before.len() <= 3)
}

/// Proper-noun phrases of one paragraph, in order.
pub(super) fn candidates(tokens: &[Token]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        if tok.kind == TokenKind::Punct {
            if opens_sentence(tokens, i) {
                sentence_start = true;
            }
            i += 1;
            continue;
        }
        if let Some((skip, starts)) = not_a_name(tokens, i) {
            sentence_start = starts;
            i += skip;
            continue;
        }
        // A number opens a name after a space or an opening quote, not
        // after a full stop ("CCBY4.0 Japan"), and only before a word
        // written as a name ("2050 Strategy", not "1999 CNRI").
        let opens = tok.spaced
            || (i > 0 && tokens[i - 1].kind == TokenKind::Punct && tokens[i - 1].text != ".");
        let leading_number = is_number(tok.text)
            && opens
            && tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word
                    && is_capitalised(n.text)
                    && n.text.chars().any(char::is_lowercase)
                    && !is_code(tokens, i + 1)
            });
        if !is_name_word(tok.text) && !leading_number {
            sentence_start = stop_ends_sentence(tokens, i);
            i += 1;
            continue;
        }
        let start = i;
        let (mut words, mut j) = extend_run(tokens, i);
        // Trailing connectors and a trailing lone number never end a name.
        while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
            words.pop();
            j -= 1;
        }
        let person_shaped = (2..=3).contains(&words.len())
            && words.iter().all(|w| is_capitalised(w))
            && head_kind(&words.iter().map(|w| (*w).to_string()).collect::<Vec<_>>()).is_none();
        let role = person_shaped && after_role(tokens, start);
        split_by_titles(&words, start, sentence_start, role, &mut out);
        sentence_start = stop_ends_sentence(tokens, j - 1);
        i = j;
    }
    out
}

/// Splits a run at titles; the run after a title is a person's name.
pub(super) fn split_by_titles(
    words: &[&str],
    first_token: usize,
    starts_sentence: bool,
    after_role: bool,
    out: &mut Vec<Candidate>,
) {
    let mut segment: Vec<String> = Vec::new();
    let mut segment_start = 0;
    let mut after_title = after_role;
    let mut first = true;
    let mut i = 0;
    // Token positions: hyphens are tokens too, so words and tokens align.
    let mut push = |segment: &mut Vec<String>,
                    start: usize,
                    end: usize,
                    after_title: bool,
                    first: &mut bool| {
        if !segment.is_empty() {
            out.push(Candidate {
                words: std::mem::take(segment),
                tokens: (first_token + start, first_token + end),
                starts_sentence: starts_sentence && *first,
                after_title,
                alias: None,
                list: None,
                around: Around::default(),
            });
        }
        *first = false;
    };
    // "General Public License": a title word inside a name whose last word
    // gives its kind is not a title.
    let named_thing = words
        .last()
        .is_some_and(|last| head_in(last, false).is_some());
    while i < words.len() {
        // "Dr. Ellen Park": a personal title always stands before a person.
        let personal = matches!(
            words[i].trim_end_matches('.'),
            "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Prof" | "Sir" | "Dame"
        );
        let t = title_at(words, i);
        // "Secretary-General of the United Nations": a title of a body.
        let of_body = t > 0 && words.get(i + t).is_some_and(|w| *w == "of");
        let t = if named_thing && !personal && !of_body {
            0
        } else {
            t
        };
        if t > 0 {
            push(&mut segment, segment_start, i, after_title, &mut first);
            i += t;
            // "Prime Minister of Japan": what follows "of" is the title's
            // country, not a person.
            after_title = !words.get(i).is_some_and(|w| CONNECTORS.contains(w));
            while words.get(i).is_some_and(|w| CONNECTORS.contains(w)) {
                i += 1;
            }
            segment_start = i;
            continue;
        }
        segment.push(words[i].to_string());
        i += 1;
    }
    push(
        &mut segment,
        segment_start,
        words.len(),
        after_title,
        &mut first,
    );
}

/// Joins "PHRASE, or ACRONYM", "PHRASE (ACRONYM)" and "ACRONYM (PHRASE)".
pub(super) fn pair_acronyms(tokens: &[Token], cands: &mut Vec<Candidate>) {
    let mut i = 0;
    while i + 1 < cands.len() {
        let (a_end, b_start) = (cands[i].tokens.1, cands[i + 1].tokens.0);
        let between: Vec<&str> = tokens[a_end..b_start].iter().map(|t| t.text).collect();
        let paren = between == ["("]
            && tokens
                .get(cands[i + 1].tokens.1)
                .is_some_and(|t| t.text == ")");
        let or = between == [",", "or"];
        let core = |c: &Candidate| -> Vec<String> {
            c.words
                .iter()
                .skip_while(|w| is_stopword(w.to_lowercase().as_str()))
                .cloned()
                .collect()
        };
        let single_acronym = |c: &Candidate| {
            let words = core(c);
            words.len() == 1 && (is_acronym(&words[0]) || is_mixed(&words[0]))
        };
        let initials_agree = |long: &Candidate, short: &Candidate| {
            let first = long
                .words
                .iter()
                .find(|w| !is_stopword(w.to_lowercase().as_str()))
                .and_then(|w| w.chars().next());
            let short_first = core(short).first().and_then(|w| w.chars().next());
            first.map(|c| c.to_ascii_lowercase()) == short_first.map(|c| c.to_ascii_lowercase())
        };
        if (paren || or)
            && cands[i].words.len() > 1
            && single_acronym(&cands[i + 1])
            && initials_agree(&cands[i], &cands[i + 1])
        {
            let short = cands.remove(i + 1);
            cands[i].alias = core(&short).pop();
        } else if paren
            && single_acronym(&cands[i])
            && cands[i + 1].words.len() > 1
            && initials_agree(&cands[i + 1], &cands[i])
        {
            let short = cands.remove(i);
            cands[i].alias = core(&short).pop();
        }
        i += 1;
    }
}

/// Whether what follows token `end` is what people do: a verb of saying or
/// doing ("said", "told us", "grew up", "was born"), or ", who".
fn person_after(tokens: &[Token], end: usize) -> bool {
    let word = |k: usize| {
        tokens
            .get(k)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text)
    };
    if tokens.get(end).is_some_and(|t| t.text == ",") {
        // ", who …"; ", a curator there", ", an Armenian oil magnate", ", her husband".
        if word(end + 1) == Some("who") {
            return true;
        }
        let apposition = matches!(
            word(end + 1),
            Some("a" | "an" | "the" | "his" | "her" | "their" | "our" | "my")
        );
        return apposition
            && (end + 2..end + 6)
                .map_while(word)
                .any(|w| ROLES.contains(&w));
    }
    match word(end) {
        Some("was" | "is") => {
            matches!(word(end + 1), Some("born" | "killed" | "sworn" | "elected"))
        }
        Some(w) => PERSON_VERBS.contains(&w),
        None => false,
    }
}

/// Verbs that follow a person's name.
#[rustfmt::skip]
const PERSON_VERBS: &[&str] = &[
    "said", "says", "told", "asked", "added", "explained", "wrote", "writes", "argued", "argues",
    "recalled", "replied", "answered", "noted", "believes", "believed", "thinks", "thought",
    "studied", "grew", "died", "married", "smiled", "laughed", "spoke", "speaks", "wants",
    "wanted", "insisted", "admitted", "warned", "urged", "recalls", "remembers", "remembered",
    "counted", "scored", "kept", "gave", "showed", "tells", "told", "whispered", "shouted",
    "nodded", "shrugged", "sighed", "agreed", "disagreed", "hoped", "feared", "felt", "knew",
    "knows", "loved", "hated", "retired", "resigned", "testified", "tweeted", "posted",
];

/// Marks the candidates after "in" (a place is likely), and those standing
/// in one list ("Levuka, Savusavu and Rotuma", "Lleida y Logroño").
pub(super) fn mark_context(tokens: &[Token], cands: &mut [Candidate], lists: &mut usize) {
    for c in cands.iter_mut() {
        let before = c.tokens.0.checked_sub(1).map(|k| tokens[k].text);
        c.around.after_in = before.is_some_and(|w| {
            matches!(
                w,
                "in" | "near" | "en" | "à" | "across" | "throughout" | "outside" | "inside"
            )
        });
        c.around.the_before = before.is_some_and(|w| matches!(w, "the" | "The"));
        c.around.person_after = person_after(tokens, c.tokens.1);
    }
    let mut joined: HashSet<usize> = HashSet::new();
    for i in 1..cands.len() {
        let between: Vec<&str> = tokens[cands[i - 1].tokens.1..cands[i].tokens.0]
            .iter()
            .map(|t| t.text)
            .collect();
        let listed = match between.as_slice() {
            [","] => true,
            [w] | [",", w] => LIST_JOINS.contains(w),
            _ => false,
        };
        if listed {
            let id = *cands[i - 1].list.get_or_insert_with(|| {
                *lists += 1;
                *lists
            });
            cands[i].list = Some(id);
            if between.len() > 1 || between[0] != "," {
                joined.insert(id);
            }
        }
    }
    // Two names and a comma are as often a name and its apposition
    // ("Núria Puig (ISGlobal, Barcelona)"): a list has a joining word or
    // three names.
    if cands.iter().all(|c| c.list.is_none()) {
        return;
    }
    let mut members: HashMap<usize, usize> = HashMap::new();
    for id in cands.iter().filter_map(|c| c.list) {
        *members.entry(id).or_default() += 1;
    }
    for c in cands.iter_mut() {
        if let Some(id) = c.list
            && members[&id] < 3
            && !joined.contains(&id)
        {
            c.list = None;
        }
    }
}
