//! spaCy `EntityRuler` and Prodigy patterns files as a catalog: one JSON
//! object a line, `{"label": "GPE", "pattern": "New Zealand", "id": "nz"}`,
//! where the pattern is a phrase or a list of token patterns
//! (`[{"lower": "new"}, {"lower": "zealand"}]`; keys in either case). A
//! token pattern says its token with `lower`, `text` or `orth`; one that
//! needs anything else (part of speech, lemma, operators, regular
//! expressions) cannot be said as a name, and is reported and skipped.
//! Patterns sharing an `id` are one entity; without an id, one entity per
//! label and phrase.

use std::collections::HashMap;

use serde_json::Value;

use super::json_records;
use super::native::{EntityJson, NativeFile};
use crate::problem::{Place, Problem};

/// Whether a file's first record looks like a pattern. Only a short first
/// line is parsed: a catalog is one JSON value, often on one long line.
pub fn is_patterns(contents: &str) -> bool {
    contents
        .lines()
        .find(|l| !l.trim().is_empty())
        .filter(|l| l.len() <= 64 * 1024)
        .and_then(|l| serde_json::from_str::<Value>(l).ok())
        .is_some_and(|v| v.get("pattern").is_some() && v.get("label").is_some())
}

/// The catalog a patterns file says, and the patterns it skipped.
pub fn catalog(name: &str, contents: &str) -> Result<(NativeFile, Vec<Problem>), Problem> {
    let mut problems = Vec::new();
    let mut entities: Vec<EntityJson> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for record in json_records(name, contents)? {
        let (n, object) = match record {
            Ok(record) => record,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let (label, phrase) = match label_and_phrase(&object) {
            Ok(found) => found,
            Err(why) => {
                problems.push(Problem::error(
                    name,
                    Place::Line(n),
                    format!("{why}; pattern skipped"),
                ));
                continue;
            }
        };
        let id = object.get("id").map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let key = id
            .clone()
            .unwrap_or_else(|| format!("{label}:{}", phrase.to_lowercase()));
        if let Some(&e) = by_key.get(&key) {
            let entity = &mut entities[e];
            if entity.name != phrase && !entity.aliases.contains(&phrase) {
                entity.aliases.push(phrase);
            }
        } else {
            by_key.insert(key.clone(), entities.len());
            entities.push(EntityJson {
                id: key,
                name: phrase,
                kind: label.to_lowercase(),
                aliases: Vec::new(),
                description: format!("{label} pattern"),
                ..EntityJson::default()
            });
        }
    }
    if entities.is_empty() {
        let mut message = "no pattern here could be read as a name".to_string();
        if let Some(first) = problems.first() {
            message = format!("{message} (first: {})", first.message);
        }
        return Err(Problem::error(name, Place::File, message));
    }
    let file = NativeFile {
        entities,
        ..NativeFile::default()
    };
    Ok((file, problems))
}

/// A pattern's label and the phrase it matches, or why it is skipped.
fn label_and_phrase(object: &serde_json::Map<String, Value>) -> Result<(&str, String), String> {
    let label = object
        .get("label")
        .and_then(Value::as_str)
        .ok_or("no \"label\"")?;
    let phrase = match object.get("pattern") {
        Some(Value::String(phrase)) => phrase.trim().to_string(),
        Some(Value::Array(tokens)) => phrase_of_tokens(tokens)?,
        _ => return Err("no \"pattern\" (a phrase or a list of tokens)".into()),
    };
    if !phrase.chars().any(char::is_alphanumeric) {
        return Err(format!("\"{phrase}\" has no letter or digit"));
    }
    Ok((label, phrase))
}

/// The phrase a list of token patterns matches: each token's `lower`,
/// `text` or `orth`, joined by spaces, with no space around hyphens,
/// slashes and apostrophes ("indo - pacific" is "indo-pacific").
fn phrase_of_tokens(tokens: &[Value]) -> Result<String, String> {
    let mut phrase = String::new();
    let mut glue_next = true;
    for (i, token) in tokens.iter().enumerate() {
        let Some(object) = token.as_object() else {
            return Err(format!("token {} is not an object", i + 1));
        };
        let mut text = None;
        for (key, value) in object {
            match (key.to_lowercase().as_str(), value) {
                ("lower" | "text" | "orth", Value::String(s)) => text = Some(s.as_str()),
                (other, _) => {
                    return Err(format!(
                        "token {} uses {other}, which a catalog name cannot say",
                        i + 1
                    ));
                }
            }
        }
        let Some(text) = text else {
            return Err(format!(
                "token {} says no text (lower, text or orth)",
                i + 1
            ));
        };
        let glue = matches!(text, "-" | "/" | "'" | "’" | "'s" | "’s");
        if !phrase.is_empty() && !glue && !glue_next {
            phrase.push(' ');
        }
        phrase.push_str(text);
        glue_next = matches!(text, "-" | "/");
    }
    if phrase.is_empty() {
        return Err("an empty token list".into());
    }
    Ok(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_token_patterns_group_by_id() {
        let lines = r#"{"label": "GPE", "pattern": "New Zealand", "id": "nz"}
{"label": "GPE", "pattern": [{"LOWER": "aotearoa"}], "id": "nz"}
{"label": "GPE", "pattern": [{"lower": "indo"}, {"lower": "-"}, {"lower": "pacific"}]}
{"label": "ORG", "pattern": [{"POS": "PROPN"}, {"lower": "inc"}]}
"#;
        let (file, problems) = catalog("p.jsonl", lines).expect("reads");
        let names: Vec<(String, Vec<String>)> = file
            .entities
            .iter()
            .map(|e| (e.name.clone(), e.aliases.clone()))
            .collect();
        assert_eq!(
            names,
            [
                ("New Zealand".to_string(), vec!["aotearoa".to_string()]),
                ("indo-pacific".to_string(), vec![])
            ]
        );
        assert_eq!(
            problems[0].to_string(),
            "p.jsonl:4: token 1 uses pos, which a catalog name cannot say; pattern skipped"
        );
    }
}
