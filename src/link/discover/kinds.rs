//! The kind of a name found: from the gazetteer, a title, a head word, or
//! the shape of a person's name.

use super::candidates::Candidate;
use super::lexicon::{
    COMMON_ACRONYMS, CONNECTORS, PARTICLES, gazetteer, head_in, is_given_name, is_stopword,
};
use super::lexicon::{Known, is_common_word};
use super::tokens::{is_acronym, is_capitalised, is_roman};

/// The kind a name's head word gives away. The head is the last word
/// before a connecting word ("University of Tokyo", "Strategy for the Blue
/// Pacific Continent"), or the last word ("Republic of Fiji Navy"), or, in
/// languages that put it first, the first ("Ministerio de Agricultura").
pub(super) fn head_kind(words: &[String]) -> Option<(&'static str, &'static str)> {
    let find = head_in;
    // "World War II", "Apollo 11": a numeral after the head.
    let numbered = words.len() > 1
        && words
            .last()
            .is_some_and(|w| is_roman(w) || w.chars().all(|c| c.is_ascii_digit()));
    let words = if numbered {
        &words[..words.len() - 1]
    } else {
        words
    };
    let end = words
        .iter()
        .position(|w| CONNECTORS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let last = words.last()?;
    words[..end]
        .last()
        .and_then(|w| find(w, false))
        .or_else(|| find(last, false))
        .or_else(|| {
            let first = words
                .iter()
                .position(|w| !is_stopword(w.to_lowercase().as_str()))?;
            (words.len() > first + 1)
                .then(|| find(&words[first], true))
                .flatten()
        })
        .or_else(|| {
            words
                .iter()
                .any(|w| w == "University")
                .then_some(("organisation", "University"))
        })
}

/// A given name, then one to three more capitalised names, particles
/// allowed between them.
pub(super) fn is_person_name(words: &[String]) -> bool {
    let names: Vec<&String> = words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.as_str()))
        .collect();
    (2..=4).contains(&names.len())
        && words
            .last()
            .is_some_and(|w| !PARTICLES.contains(&w.as_str()))
        && is_given_name(&words[0])
        && names
            .iter()
            .all(|w| is_capitalised(w) && w.chars().any(char::is_lowercase))
}

/// Whether a gazetteer entry found for `written` may give it its kind: a
/// person's given name never becomes a place by another spelling
/// ("Sophia" is not Sofia, "Sidney" not Sydney), and a city of the world
/// list named by an everyday word ("Enterprise", "Metro") needs context.
fn trusted(known: &Known, written: &str) -> bool {
    let one_word = !written.contains([' ', '-']);
    if !one_word || known.demonym {
        return true;
    }
    // The curated list's other names are chosen ("Washington" for
    // Washington, D.C.); the world list's are not.
    let curated = gazetteer().curated(written).is_some();
    if known.other_name && is_given_name(written) && !curated {
        return false;
    }
    curated || !is_common_word(written)
}

/// The gazetteer's entry for a name as written, or for the singular of a
/// plural demonym ("Americans").
fn known(written: &str) -> Option<(Known, String)> {
    let gaz = gazetteer();
    if let Some(k) = gaz.get(written).filter(|k| trusted(k, written)) {
        return Some((k, written.to_string()));
    }
    let singular = written.strip_suffix('s')?;
    gaz.curated(singular)
        .filter(|k| k.demonym)
        .map(|k| (k, singular.to_string()))
}

/// A name's canonical form, kind and the cue for the kind: the gazetteer's
/// entry, a title before the name, or a head word ("University").
/// Nationalities and languages ("Danish", "Americans") are entities of
/// their own, never another name of their country.
pub(super) fn kind_of(c: &Candidate, written: &str) -> (String, Option<&'static str>, String) {
    match known(written) {
        Some((known, singular)) if known.demonym => (
            singular,
            Some("nationality"),
            format!("the gazetteer, as the people or language of {}", known.name),
        ),
        Some((known, _)) => (
            known.name.to_string(),
            Some(known.kind),
            "the gazetteer".to_string(),
        ),
        None => match head_kind(&c.words) {
            _ if c.after_title => (
                written.to_string(),
                Some("person"),
                "a title before the name".to_string(),
            ),
            Some((kind, head)) => (
                written.to_string(),
                Some(kind),
                format!("the word \"{head}\""),
            ),
            // "Richard Stallman", "Juan Valero de Palma": a given name,
            // then one to three more names, particles between them.
            None if is_person_name(&c.words) => (
                written.to_string(),
                Some("person"),
                format!("the given name \"{}\"", c.words[0]),
            ),
            // "Sophia, our youngest": a known given name alone, which is
            // no place and no everyday word.
            None if c.words.len() == 1
                && written.chars().skip(1).any(char::is_lowercase)
                && is_given_name(written)
                && !is_common_word(written) =>
            {
                (
                    written.to_string(),
                    Some("person"),
                    format!("the given name \"{written}\""),
                )
            }
            // "WWF", "EFE": an acronym no list knows most often names a body.
            None if c.words.len() == 1
                && is_acronym(written)
                && written.chars().count() >= 3
                && written.chars().all(char::is_alphabetic)
                && !COMMON_ACRONYMS.contains(&written) =>
            {
                (
                    written.to_string(),
                    Some("organisation"),
                    "an acronym, as bodies are often named".to_string(),
                )
            }
            None => (written.to_string(), None, String::new()),
        },
    }
}
