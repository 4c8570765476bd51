//! The kind of a name found: from the gazetteer, a title, a head word, or
//! the shape of a person's name.

use super::candidates::Candidate;
use super::lexicon::{
    COMMON_ACRONYMS, CONNECTORS, PARTICLES, gazetteer, head_in, is_given_name, is_stopword,
};
use super::tokens::{is_acronym, is_capitalised};

/// The kind a name's head word gives away. The head is the last word
/// before a connecting word ("University of Tokyo", "Strategy for the Blue
/// Pacific Continent"), or the last word ("Republic of Fiji Navy"), or, in
/// languages that put it first, the first ("Ministerio de Agricultura").
pub(super) fn head_kind(words: &[String]) -> Option<(&'static str, &'static str)> {
    let find = head_in;
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

/// A name's canonical form, kind and the cue for the kind: the gazetteer's
/// entry, a title before the name, or a head word ("University").
pub(super) fn kind_of(c: &Candidate, written: &str) -> (String, Option<&'static str>, String) {
    match gazetteer().get(written) {
        Some(known) => (
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
