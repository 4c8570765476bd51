//! doccano JSONL exports, one document per line: the NER export
//! (`"label": [[start, end, "TYPE"], ...]`) and the relation export
//! (`"entities": [{id, label, start_offset, end_offset}], "relations":
//! [{from_id, to_id, type}]`). Other keys are kept as the document's source
//! line.
//!
//! doccano counts offsets in UTF-16 code units by default, or in grapheme
//! clusters in one mode; entscope counts characters. The unit is detected
//! per file: each candidate reading is scored by how many spans it lines up
//! with the text (inside it, on word boundaries), the best wins and ties go
//! to characters. `--offsets` overrides the guess.

use std::collections::HashMap;

use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

use super::Read;
use super::standoff::{Source, load};
use crate::model::Record;
use crate::problem::{Place, Problem, Problems};

/// What doccano's offsets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Unicode code points (Python string indices)
    Chars,
    /// UTF-16 code units (JavaScript string indices; doccano's default)
    Utf16,
    /// Extended grapheme clusters
    Graphemes,
}

impl OffsetUnit {
    fn name(self) -> &'static str {
        match self {
            OffsetUnit::Chars => "characters",
            OffsetUnit::Utf16 => "UTF-16 code units",
            OffsetUnit::Graphemes => "grapheme clusters",
        }
    }
}

/// Offsets in `unit` to character offsets, for one text: `None` where an
/// offset falls inside a character (half a surrogate pair) or past the end.
struct Converter {
    table: Vec<Option<usize>>,
}

impl Converter {
    fn new(text: &str, unit: OffsetUnit) -> Self {
        let mut table = Vec::new();
        match unit {
            OffsetUnit::Chars => table.extend((0..=text.chars().count()).map(Some)),
            OffsetUnit::Utf16 => {
                for (i, c) in text.chars().enumerate() {
                    table.push(Some(i));
                    if c.len_utf16() == 2 {
                        table.push(None);
                    }
                }
                table.push(Some(text.chars().count()));
            }
            OffsetUnit::Graphemes => {
                let mut chars = 0;
                for g in text.graphemes(true) {
                    table.push(Some(chars));
                    chars += g.chars().count();
                }
                table.push(Some(chars));
            }
        }
        Converter { table }
    }

    fn get(&self, offset: usize) -> Option<usize> {
        self.table.get(offset).copied().flatten()
    }
}

/// A span as the file gives it, before its unit is known.
struct RawSpan {
    id: String,
    label: String,
    start: usize,
    end: usize,
}

struct RawDocument {
    line: usize,
    text: String,
    spans: Vec<RawSpan>,
    relations: Vec<(String, String, String, String)>,
    meta: String,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// How well spans read in `unit` fit the text: one point per span inside
/// the text whose ends fall on word boundaries.
fn score(documents: &[RawDocument], unit: OffsetUnit) -> usize {
    let mut points = 0;
    for d in documents {
        let convert = Converter::new(&d.text, unit);
        let chars: Vec<char> = d.text.chars().collect();
        for s in &d.spans {
            let (Some(a), Some(b)) = (convert.get(s.start), convert.get(s.end)) else {
                continue;
            };
            if a >= b {
                continue;
            }
            let starts_word = a == 0 || !is_word(chars[a - 1]) || !is_word(chars[a]);
            let ends_word = b == chars.len() || !is_word(chars[b]) || !is_word(chars[b - 1]);
            if starts_word && ends_word {
                points += 1;
            }
        }
    }
    points
}

/// One record of the file: the text, its spans and relations. `n` is the
/// line it starts on.
fn parse_record(
    name: &str,
    n: usize,
    object: &serde_json::Map<String, Value>,
    fields: &Fields<'_>,
    problems: &mut Vec<Problem>,
) -> Option<RawDocument> {
    let place = Place::Line(n);
    let text_keys: Vec<&str> = match &fields.text {
        Some(key) => vec![key],
        None => vec!["text", "data"],
    };
    let Some(text) = text_keys
        .iter()
        .find_map(|k| object.get(*k))
        .and_then(Value::as_str)
    else {
        let wanted = text_keys
            .iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(" or ");
        problems.push(Problem::error(
            name,
            place,
            format!("skipped: no {wanted} in this record (--text-field names another column)"),
        ));
        return None;
    };
    let label_key = fields.label.unwrap_or("label");
    let mut spans = parse_labels(name, &place, object.get(label_key), problems);
    spans.extend(parse_entities(
        name,
        &place,
        object.get("entities"),
        problems,
    ));
    let relations = parse_relations(name, &place, object, problems);
    let known = ["text", "data", "label", "entities", "relations", "id"];
    let meta: Vec<String> = object
        .iter()
        .filter(|(k, _)| {
            !known.contains(&k.as_str())
                && Some(k.as_str()) != fields.text
                && k.as_str() != label_key
        })
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    Some(RawDocument {
        line: n,
        text: text.to_string(),
        spans,
        relations,
        meta: meta.join(", "),
    })
}

/// An offset of a record, if it is one.
fn offset(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64).map(|n| n as usize)
}

/// The spans of doccano's `label` column: `[start, end, "TYPE"]` each.
fn parse_labels(
    name: &str,
    place: &Place,
    labels: Option<&Value>,
    problems: &mut Vec<Problem>,
) -> Vec<RawSpan> {
    let mut spans = Vec::new();
    for (i, l) in labels
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let parts = l.as_array();
        match parts.map(|p| {
            (
                offset(p.first()),
                offset(p.get(1)),
                p.get(2).and_then(Value::as_str),
            )
        }) {
            Some((Some(start), Some(end), Some(label))) => spans.push(RawSpan {
                id: format!("T{}", i + 1),
                label: label.to_string(),
                start,
                end,
            }),
            _ => problems.push(Problem::error(
                name,
                place.clone(),
                format!("label {}: expected [start, end, \"TYPE\"]", i + 1),
            )),
        }
    }
    spans
}

/// The spans of a relation export's `entities`: id, label and offsets each.
fn parse_entities(
    name: &str,
    place: &Place,
    entities: Option<&Value>,
    problems: &mut Vec<Problem>,
) -> Vec<RawSpan> {
    let mut spans = Vec::new();
    for (i, e) in entities
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let id = e
            .get("id")
            .map(|v| v.to_string().trim_matches('"').to_string());
        match (
            id,
            e.get("label").and_then(Value::as_str),
            offset(e.get("start_offset")),
            offset(e.get("end_offset")),
        ) {
            (Some(id), Some(label), Some(start), Some(end)) => spans.push(RawSpan {
                id: format!("T{id}"),
                label: label.to_string(),
                start,
                end,
            }),
            _ => problems.push(Problem::error(
                name,
                place.clone(),
                format!("entities[{i}]: expected id, label, start_offset and end_offset"),
            )),
        }
    }
    spans
}

/// The relations of a record (doccano's `relations`: `from_id`, `to_id`, `type`).
fn parse_relations(
    name: &str,
    place: &Place,
    object: &serde_json::Map<String, Value>,
    problems: &mut Vec<Problem>,
) -> Vec<(String, String, String, String)> {
    let mut relations = Vec::new();
    if let Some(list) = object.get("relations").and_then(Value::as_array) {
        for (i, r) in list.iter().enumerate() {
            let id_of = |k: &str| {
                r.get(k)
                    .map(|v| v.to_string().trim_matches('"').to_string())
            };
            let label = r
                .get("type")
                .or_else(|| r.get("label"))
                .and_then(Value::as_str);
            match (id_of("from_id"), id_of("to_id"), label) {
                (Some(from), Some(to), Some(label)) => {
                    let id = id_of("id").unwrap_or_else(|| (i + 1).to_string());
                    relations.push((
                        format!("R{id}"),
                        label.to_string(),
                        format!("T{from}"),
                        format!("T{to}"),
                    ));
                }
                _ => problems.push(Problem::error(
                    name,
                    place.clone(),
                    format!("relations[{i}]: expected from_id, to_id and type"),
                )),
            }
        }
    }
    relations
}

/// Column names a doccano project chose instead of `text` and `label`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fields<'a> {
    pub text: Option<&'a str>,
    pub label: Option<&'a str>,
}

/// Reads a doccano JSONL file (or one JSON array of records). A record that
/// cannot be read is reported and skipped; the others load.
pub fn read(
    name: &str,
    contents: &str,
    offsets: Option<OffsetUnit>,
    fields: &Fields<'_>,
) -> Result<Read, Problems> {
    let mut problems = Vec::new();
    let documents: Vec<RawDocument> = super::json_records(name, contents)?
        .into_iter()
        .filter_map(|record| match record {
            Ok((n, object)) => parse_record(name, n, &object, fields, &mut problems),
            Err(problem) => {
                problems.push(problem);
                None
            }
        })
        .collect();
    let unit = offsets.unwrap_or_else(|| {
        [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Graphemes]
            .into_iter()
            .max_by_key(|&u| (score(&documents, u), u == OffsetUnit::Chars))
            .unwrap_or(OffsetUnit::Chars)
    });
    let sources = documents
        .into_iter()
        .map(|d| source(name, d, unit, &mut problems))
        .collect();
    let mut loaded = load(
        name,
        sources,
        &format!("doccano, offsets in {}", unit.name()),
    )
    .map_err(|Problems(mut all)| {
        all.extend(problems.clone());
        Problems(all)
    })?;
    loaded.problems_first(problems);
    Ok(loaded)
}

/// One record as a standoff source: its spans in characters (those that
/// are reversed, outside the text or repeated reported and left out), and
/// its relations.
fn source(name: &str, d: RawDocument, unit: OffsetUnit, problems: &mut Vec<Problem>) -> Source {
    let convert = Converter::new(&d.text, unit);
    let chars = d.text.chars().count();
    let mut records = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut spans_seen: HashMap<(usize, usize, &str), &str> = HashMap::new();
    let problem = |message: String| Problem::error(name, Place::Line(d.line), message);
    for s in &d.spans {
        if s.start >= s.end {
            problems.push(problem(format!(
                "{}: reversed or empty span {}..{}",
                s.id, s.start, s.end
            )));
            continue;
        }
        let (Some(a), Some(b)) = (convert.get(s.start), convert.get(s.end)) else {
            problems.push(problem(format!(
                "{}: span {}..{} is outside the text ({chars} characters; offsets read as {})",
                s.id,
                s.start,
                s.end,
                unit.name()
            )));
            continue;
        };
        if seen.insert(s.id.clone(), d.line).is_some() {
            problems.push(problem(format!("duplicate entity id {}", &s.id[1..])));
            continue;
        }
        if let Some(first) = spans_seen.insert((a, b, s.label.as_str()), s.id.as_str()) {
            // The same span twice (a double click in the tool): one mention.
            spans_seen.insert((a, b, s.label.as_str()), first);
            problems.push(Problem::warning(
                name,
                Place::Line(d.line),
                format!(
                    "{}..{} {} is annotated twice; kept once",
                    s.start, s.end, s.label
                ),
            ));
            continue;
        }
        records.push(Record::Span {
            id: s.id.clone(),
            label: s.label.clone(),
            fragments: vec![(a, b)],
            text: d.text.chars().skip(a).take(b - a).collect(),
        });
    }
    for (id, label, from, to) in &d.relations {
        records.push(Record::Relation {
            id: id.clone(),
            label: label.clone(),
            args: vec![("Arg1".into(), from.clone()), ("Arg2".into(), to.clone())],
        });
    }
    let lines = vec![d.line; records.len()];
    Source {
        raw: Vec::new(),
        file: name.to_string(),
        title: if d.meta.is_empty() {
            format!("line {}", d.line)
        } else {
            format!("line {} ({})", d.line, d.meta)
        },
        text: d.text,
        records,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_are_detected_when_emoji_come_before_a_span() {
        // "🇯🇵" is 2 characters but 4 UTF-16 code units.
        let line = r#"{"text": "🇯🇵 Japan and 🇳🇿 New Zealand", "label": [[5, 10, "GPE"], [20, 31, "GPE"]]}"#;
        let loaded = read("x.jsonl", line, None, &Fields::default()).expect("loads");
        assert_eq!(loaded.annotation, "doccano, offsets in UTF-16 code units");
        let names: Vec<String> = loaded
            .model
            .entities
            .iter()
            .map(|e| e.name.clone())
            .collect();
        assert_eq!(names, ["Japan", "New Zealand"]);
    }

    #[test]
    fn character_offsets_win_when_they_fit() {
        let line = r#"{"text": "🇯🇵 Japan", "label": [[3, 8, "GPE"]]}"#;
        let loaded = read("x.jsonl", line, None, &Fields::default()).expect("loads");
        assert_eq!(loaded.annotation, "doccano, offsets in characters");
        assert_eq!(loaded.model.entities[0].name, "Japan");
    }

    #[test]
    fn grapheme_offsets_can_be_forced() {
        // "é" written as e + combining accent: 2 characters, 1 grapheme.
        let line = "{\"text\": \"Cafe\u{301} Tokyo\", \"label\": [[5, 10, \"LOC\"]]}";
        let loaded = read(
            "x.jsonl",
            line,
            Some(OffsetUnit::Graphemes),
            &Fields::default(),
        )
        .expect("loads");
        assert_eq!(loaded.model.entities[0].name, "Tokyo");
    }
}
