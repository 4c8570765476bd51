//! Prodigy JSONL: `text`, `tokens`, `spans` (character offsets, `token_end`
//! inclusive) and `relations` whose `head` and `child` are the index of the
//! last token of each span (`head_span`/`child_span`, when present, are
//! used instead). Records answered `reject` or `ignore` are shown as such:
//! their entities are kept apart from the accepted ones.

use serde_json::Value;

use super::standoff::{Source, load};
use super::{Loaded, Place, Problem, Problems};
use crate::model::Record;

/// Reads a Prodigy JSONL file.
pub fn open(name: &str, contents: &str) -> Result<Loaded, Problems> {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let mut answers = Vec::new();
    for (i, line) in contents
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let n = i + 1;
        let place = Place::Line(n);
        let value = match super::jsonl_object(name, n, line) {
            Ok(object) => Value::Object(object),
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let Some(text) = value.get("text").and_then(Value::as_str) else {
            problems.push(Problem::error(name, place, "no \"text\" in this record"));
            continue;
        };
        let chars = text.chars().count();
        let answer = value
            .get("answer")
            .and_then(Value::as_str)
            .unwrap_or("accept")
            .to_string();
        let mut records = Vec::new();
        // (start, end, token_end) of each span, to resolve relations.
        let mut spans: Vec<(usize, usize, Option<u64>, String)> = Vec::new();
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
            let (Some(start), Some(end)) = (start, end) else {
                problems.push(Problem::error(
                    name,
                    place.clone(),
                    format!("spans[{k}]: needs start and end"),
                ));
                continue;
            };
            if start >= end {
                problems.push(Problem::error(
                    name,
                    place.clone(),
                    format!("spans[{k}]: reversed or empty span {start}..{end}"),
                ));
                continue;
            }
            if end > chars {
                problems.push(Problem::error(
                    name,
                    place.clone(),
                    format!("spans[{k}]: span {start}..{end} runs past the end of the text ({chars} characters)"),
                ));
                continue;
            }
            let id = format!("T{}", spans.len() + 1);
            records.push(Record::Span {
                id: id.clone(),
                label: label.to_string(),
                fragments: vec![(start, end)],
                text: text.chars().skip(start).take(end - start).collect(),
            });
            spans.push((start, end, s.get("token_end").and_then(Value::as_u64), id));
        }
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
                    format!("relations[{k}]: its head or child matches no span"),
                )),
            }
        }
        let lines = vec![n; records.len()];
        let title = match answer.as_str() {
            "accept" => format!("line {n}"),
            "reject" => format!("line {n} (rejected)"),
            "ignore" => format!("line {n} (ignored)"),
            other => format!("line {n} (answer: {other})"),
        };
        answers.push(answer);
        sources.push(Source {
            file: name.to_string(),
            text: text.to_string(),
            records,
            lines,
            title,
        });
    }
    if problems.iter().any(Problem::is_error) {
        return Err(Problems(problems));
    }
    let mut loaded = load(name, sources, "Prodigy")?;
    // Entities of rejected or ignored answers are not gold: keep them apart.
    let model = &mut loaded.model;
    let parts = model.document.parts.clone();
    let single_answer = answers.first().cloned().unwrap_or_default();
    for (e, entity) in model.entities.iter_mut().enumerate() {
        let first = model.index.mentions_of[e]
            .first()
            .map(|&m| model.mentions[m].paragraph);
        let answer =
            match first.and_then(|p| parts.iter().position(|part| part.paragraphs.contains(&p))) {
                Some(i) => answers.get(i).cloned().unwrap_or_default(),
                None => single_answer.clone(),
            };
        if answer != "accept" {
            entity.id = format!("{answer}/{}", entity.id);
            entity.description = format!(
                "from a record answered \"{answer}\": not gold; {}",
                entity.description
            );
        }
    }
    loaded.warnings.extend(problems);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &str = r#"{"text": "Luxon met Kishida in Tokyo.", "tokens": [{"text": "Luxon", "start": 0, "end": 5, "id": 0}, {"text": "met", "start": 6, "end": 9, "id": 1}, {"text": "Kishida", "start": 10, "end": 17, "id": 2}, {"text": "in", "start": 18, "end": 20, "id": 3}, {"text": "Tokyo", "start": 21, "end": 26, "id": 4}], "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_start": 0, "token_end": 0}, {"start": 10, "end": 17, "label": "PERSON", "token_start": 2, "token_end": 2}, {"start": 21, "end": 26, "label": "GPE", "token_start": 4, "token_end": 4}], "relations": [{"head": 0, "child": 2, "label": "MET"}, {"head": 2, "child": 4, "label": "IN", "head_span": {"start": 10, "end": 17}, "child_span": {"start": 21, "end": 26}}], "answer": "accept"}
{"text": "Tokyo is not a person.", "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_end": 0}], "answer": "reject"}
"#;

    #[test]
    fn spans_and_relations_by_token_or_by_span() {
        let loaded = open("p.jsonl", LINES).expect("loads");
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
    fn rejected_answers_are_kept_apart_from_gold() {
        let loaded = open("p.jsonl", LINES).expect("loads");
        let ids: Vec<&str> = loaded
            .model
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert!(ids.contains(&"GPE:tokyo"), "{ids:?}");
        assert!(ids.contains(&"reject/PERSON:tokyo"), "{ids:?}");
        assert_eq!(loaded.model.document.parts[1].title, "line 2 (rejected)");
    }
}
