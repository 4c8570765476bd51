//! Prodigy JSONL: `text`, `tokens`, `spans` (character offsets, `token_end`
//! inclusive) and `relations` whose `head` and `child` are the index of the
//! last token of each span (`head_span`/`child_span`, when present, are
//! used instead). Only accepted records are shown (and records with no
//! answer yet); those answered `reject` or `ignore` are counted, and
//! `--answer reject` or `--answer ignore` shows them instead. Entity-linking
//! records (`options` with knowledge-base ids and an `accept` list) group
//! their spans by the accepted id.

use serde_json::Value;

use super::Read;
use super::standoff::{Source, load};
use crate::model::Record;
use crate::problem::{Place, Problem, Problems};

/// Which answers of a Prodigy file to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Answer {
    /// Accepted records, and records with no answer (the gold data)
    #[default]
    Accept,
    /// Records answered "reject"
    Reject,
    /// Records answered "ignore"
    Ignore,
}

impl Answer {
    fn name(self) -> &'static str {
        match self {
            Answer::Accept => "accept",
            Answer::Reject => "reject",
            Answer::Ignore => "ignore",
        }
    }

    /// The answer a record gives; a record with none is accepted data.
    fn of(record: &Value) -> Result<Answer, String> {
        match record.get("answer").and_then(Value::as_str) {
            None | Some("accept") => Ok(Answer::Accept),
            Some("reject") => Ok(Answer::Reject),
            Some("ignore") => Ok(Answer::Ignore),
            Some(other) => Err(other.to_string()),
        }
    }
}

/// Reads a Prodigy JSONL file, showing the records that gave `shown`.
pub fn read(name: &str, contents: &str, shown: Answer) -> Result<Read, Problems> {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let mut hidden = [0usize; 3];
    for record in super::json_records(name, contents)? {
        let (n, object) = match record {
            Ok(record) => record,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let place = Place::Line(n);
        let value = Value::Object(object);
        let answer = match Answer::of(&value) {
            Ok(answer) => answer,
            Err(other) => {
                problems.push(Problem::error(
                    name,
                    place,
                    format!(
                        "skipped: unknown answer \"{other}\" (expected accept, reject or ignore)"
                    ),
                ));
                continue;
            }
        };
        if answer != shown {
            hidden[answer as usize] += 1;
            continue;
        }
        let Some(text) = value.get("text").and_then(Value::as_str) else {
            problems.push(Problem::error(
                name,
                place,
                "skipped: no \"text\" in this record",
            ));
            continue;
        };
        let records = record_annotations(name, n, &value, text, &mut problems);
        let lines = vec![n; records.len()];
        let title = match shown {
            Answer::Accept => format!("line {n}"),
            other => format!("line {n} ({}ed)", other.name().trim_end_matches('e')),
        };
        sources.push(Source {
            raw: Vec::new(),
            file: name.to_string(),
            text: text.to_string(),
            records,
            lines,
            title,
        });
    }
    problems.extend(not_shown(name, &hidden, shown));
    if sources.is_empty() {
        let mut all = vec![Problem::error(
            name,
            Place::File,
            format!("no record answered {} to show", shown.name()),
        )];
        all.extend(problems);
        return Err(Problems(all));
    }
    let mut loaded = load(name, sources, "Prodigy")?;
    loaded.problems_first(problems);
    Ok(loaded)
}

/// A warning counting the records of each other answer, which are not
/// shown, and the option that shows them.
fn not_shown(name: &str, hidden: &[usize; 3], shown: Answer) -> Option<Problem> {
    let others: Vec<String> = [Answer::Accept, Answer::Reject, Answer::Ignore]
        .into_iter()
        .filter(|a| hidden[*a as usize] > 0)
        .map(|a| {
            format!(
                "{} answered {}",
                crate::display::count(hidden[a as usize], "record"),
                a.name()
            )
        })
        .collect();
    (!others.is_empty()).then(|| {
        Problem::warning(
            name,
            Place::File,
            format!(
                "not shown: {} (--answer {} shows them)",
                others.join(", "),
                [Answer::Reject, Answer::Ignore, Answer::Accept]
                    .into_iter()
                    .find(|a| *a != shown && hidden[*a as usize] > 0)
                    .map_or("reject", Answer::name)
            ),
        )
    })
}

/// The spans and relations of one record as standoff records.
fn record_annotations(
    name: &str,
    n: usize,
    value: &Value,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Record> {
    let place = Place::Line(n);
    let (mut records, spans) = span_records(name, n, value, text, problems);
    records.extend(linked_ids(value, &spans));
    let find = |r: &Value, key: &str| -> Option<String> {
        if let Some(span) = r.get(format!("{key}_span")) {
            let (s, e) = (
                span.get("start")?.as_u64()? as usize,
                span.get("end")?.as_u64()? as usize,
            );
            return spans
                .iter()
                .find(|x| x.0 == s && x.1 == e)
                .map(|x| x.3.clone());
        }
        let token = r.get(key)?.as_u64()?;
        spans
            .iter()
            .find(|x| x.2 == Some(token))
            .map(|x| x.3.clone())
    };
    for (k, r) in value
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let label = r.get("label").and_then(Value::as_str).unwrap_or("related");
        match (find(r, "head"), find(r, "child")) {
            (Some(head), Some(child)) => records.push(Record::Relation {
                id: format!("R{}", k + 1),
                label: label.to_string(),
                args: vec![("Arg1".into(), head), ("Arg2".into(), child)],
            }),
            _ => problems.push(Problem::error(
                name,
                place.clone(),
                format!("relations[{k}]: its head or child matches no span; skipped"),
            )),
        }
    }
    records
}

/// A span of a record: (start, end, `token_end`, id), to resolve relations.
type Span = (usize, usize, Option<u64>, String);

/// A `T` record per span of a record; spans reversed, empty or past the
/// text are reported and left out.
fn span_records(
    name: &str,
    n: usize,
    value: &Value,
    text: &str,
    problems: &mut Vec<Problem>,
) -> (Vec<Record>, Vec<Span>) {
    let chars = text.chars().count();
    let mut records = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (k, s) in value
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let start = s.get("start").and_then(Value::as_u64).map(|v| v as usize);
        let end = s.get("end").and_then(Value::as_u64).map(|v| v as usize);
        let label = s.get("label").and_then(Value::as_str).unwrap_or("SPAN");
        let problem = match (start, end) {
            (Some(start), Some(end)) if start >= end => {
                Some(format!("reversed or empty span {start}..{end}"))
            }
            (Some(start), Some(end)) if end > chars => Some(format!(
                "span {start}..{end} runs past the end of the text ({chars} characters)"
            )),
            (Some(_), Some(_)) => None,
            _ => Some("needs start and end".to_string()),
        };
        if let Some(problem) = problem {
            problems.push(Problem::error(
                name,
                Place::Line(n),
                format!("spans[{k}]: {problem}; skipped"),
            ));
            continue;
        }
        let (start, end) = (start.unwrap_or(0), end.unwrap_or(0));
        let id = format!("T{}", spans.len() + 1);
        records.push(Record::Span {
            id: id.clone(),
            label: label.to_string(),
            fragments: vec![(start, end)],
            text: text.chars().skip(start).take(end - start).collect(),
        });
        spans.push((start, end, s.get("token_end").and_then(Value::as_u64), id));
    }
    (records, spans)
}

/// An id as text, whether the file wrote it as a string or a number.
fn id_text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// An entity-linking record's choice: each span normalised to the accepted
/// knowledge-base id (`options[].id` named in `accept`), so mentions group
/// by what they were linked to rather than by label. "NIL" links nothing.
fn linked_ids(value: &Value, spans: &[Span]) -> Vec<Record> {
    let Some(options) = value.get("options").and_then(Value::as_array) else {
        return Vec::new();
    };
    let accepted: Vec<String> = value
        .get("accept")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(id_text)
        .filter(|id| id != "NIL")
        .collect();
    let [id] = accepted.as_slice() else {
        return Vec::new();
    };
    let option_text = options
        .iter()
        .find(|o| o.get("id").map(id_text).as_ref() == Some(id))
        .and_then(|o| o.get("text").and_then(Value::as_str))
        .unwrap_or("");
    spans
        .iter()
        .enumerate()
        .map(|(k, span)| Record::Normalization {
            id: format!("N{}", k + 1),
            label: "Reference".into(),
            target: span.3.clone(),
            resource: "kb".into(),
            key: id.clone(),
            text: option_text.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &str = r#"{"text": "Luxon met Kishida in Tokyo.", "tokens": [{"text": "Luxon", "start": 0, "end": 5, "id": 0}, {"text": "met", "start": 6, "end": 9, "id": 1}, {"text": "Kishida", "start": 10, "end": 17, "id": 2}, {"text": "in", "start": 18, "end": 20, "id": 3}, {"text": "Tokyo", "start": 21, "end": 26, "id": 4}], "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_start": 0, "token_end": 0}, {"start": 10, "end": 17, "label": "PERSON", "token_start": 2, "token_end": 2}, {"start": 21, "end": 26, "label": "GPE", "token_start": 4, "token_end": 4}], "relations": [{"head": 0, "child": 2, "label": "MET"}, {"head": 2, "child": 4, "label": "IN", "head_span": {"start": 10, "end": 17}, "child_span": {"start": 21, "end": 26}}], "answer": "accept"}
{"text": "Tokyo is not a person.", "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_end": 0}], "answer": "reject"}
"#;

    #[test]
    fn spans_and_relations_by_token_or_by_span() {
        let loaded = read("p.jsonl", LINES, Answer::Accept).expect("loads");
        let m = &loaded.model;
        let labels: Vec<String> = m
            .relations
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    m.entities[r.source].name, r.label, m.entities[r.target].name
                )
            })
            .collect();
        assert_eq!(labels, ["Luxon MET Kishida", "Kishida IN Tokyo"]);
    }

    #[test]
    fn rejected_answers_are_counted_and_shown_only_when_asked() {
        let loaded = read("p.jsonl", LINES, Answer::Accept).expect("loads");
        let ids: Vec<&str> = loaded
            .model
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["PERSON:luxon", "PERSON:kishida", "GPE:tokyo"]);
        assert_eq!(
            loaded.problems[0].to_string(),
            "p.jsonl: warning: not shown: 1 record answered reject (--answer reject shows them)"
        );
        let rejected = read("p.jsonl", LINES, Answer::Reject).expect("loads");
        let ids: Vec<&str> = rejected
            .model
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["PERSON:tokyo"]);
        assert_eq!(rejected.model.document.title, "line 2 (rejected)");
    }
}
