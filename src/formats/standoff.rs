//! Turning standoff records (from brat, doccano, Prodigy) into the model.
//!
//! - **Paragraphs** are the lines of the exact source text (blank lines are
//!   left out of the view but keep their place in the offsets). A span that
//!   crosses a line becomes one mention per line piece.
//! - **Entities**: standoff formats annotate mentions, not identities, so
//!   mentions are grouped: by knowledge-base id where a normalisation gives
//!   one, by equivalence set, otherwise by type and normalised surface text.
//! - **Relations**: relation records connect the entities of their two
//!   arguments (labelled with the type, and the roles when they are not the
//!   plain Arg1/Arg2); an event connects its trigger to each argument,
//!   labelled with the role; a nested event stands for its trigger.
//! - Attributes, normalisations and notes are written into the details of
//!   the entity they concern.
//!
//! Problems name the file and the line of the record.

use std::collections::HashMap;

use super::{Loaded, Place, Problem, Problems};
use crate::model::{
    Document, Entity, EntityId, Mention, Model, Paragraph, Record, Relation, Standoff,
};

/// How many spans whose stored text differs are reported one by one.
const MISMATCHES_KEPT: usize = 100;

/// What an attribute, normalisation or note is about.
enum Annotated {
    Entity(usize),
    /// The relations an `R` record became (none when it was skipped).
    Relations(Vec<usize>),
}

/// Standoff records with where each came from, before building.
pub struct Source {
    /// The annotation file, for messages.
    pub file: String,
    pub text: String,
    pub records: Vec<Record>,
    /// The line (from 1) of each record in `file`.
    pub lines: Vec<usize>,
    /// Each record's line as written (see [`Standoff::raw`]), or empty.
    pub raw: Vec<String>,
    pub title: String,
}

/// What a standoff source becomes.
pub struct Built {
    pub document: Document,
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub relations: Vec<Relation>,
    pub standoff: Standoff,
    pub problems: Vec<Problem>,
}

/// Lines of `text` as (char start, text without its line ending), blank ones left out.
fn lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let count = line.chars().count();
        let content = line.strip_suffix('\r').unwrap_or(line);
        if !content.trim().is_empty() {
            out.push((start, content.to_string()));
        }
        start += count + 1;
    }
    out
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Builds the model's pieces from one standoff source.
pub fn build(source: Source) -> Built {
    let Source {
        file,
        text,
        records,
        lines: record_lines,
        raw,
        title,
    } = source;
    let mut problems = Vec::new();
    let text_chars = text.chars().count();
    // Byte offset of each character (and of the end), for slicing spans.
    let char_bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let slice = |s: usize, e: usize| &text[char_bytes[s]..char_bytes[e]];
    let paragraphs = lines(&text);
    let origins: Vec<usize> = paragraphs.iter().map(|(s, _)| *s).collect();
    // Each line's length in characters, counted once for every span.
    let lengths: Vec<usize> = paragraphs.iter().map(|(_, l)| l.chars().count()).collect();
    let document = Document {
        title,
        source: String::new(),
        paragraphs: paragraphs
            .iter()
            .map(|(_, t)| Paragraph::new(t.clone()))
            .collect(),
        parts: Vec::new(),
    };
    let at = |i: usize| Place::Line(record_lines.get(i).copied().unwrap_or(0));

    // Ids, and duplicates among them.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(id) = r.id() {
            if let Some(&first) = by_id.get(id) {
                problems.push(Problem::error(
                    &file,
                    at(i),
                    format!(
                        "duplicate id {id} (first on line {})",
                        record_lines.get(first).copied().unwrap_or(0)
                    ),
                ));
            } else {
                by_id.insert(id, i);
            }
        }
    }

    // Which span each annotation id stands for (an event for its trigger).
    let span_of = |id: &str| -> Option<usize> {
        let mut id = id.to_string();
        for _ in 0..16 {
            let &i = by_id.get(id.as_str())?;
            match &records[i] {
                Record::Span { .. } => return Some(i),
                Record::Event { trigger, .. } => id.clone_from(trigger),
                _ => return None,
            }
        }
        None
    };

    // Group spans into entities.
    let mut group_key: HashMap<usize, String> = HashMap::new();
    let mut names_of_key: HashMap<String, String> = HashMap::new();
    for r in &records {
        if let Record::Normalization {
            target,
            resource,
            key,
            text: label,
            ..
        } = r
            && let Some(span) = span_of(target)
        {
            let k = format!("{resource}:{key}");
            group_key.entry(span).or_insert_with(|| k.clone());
            if !label.is_empty() {
                names_of_key.entry(k).or_insert_with(|| label.clone());
            }
        }
    }
    for r in &records {
        if let Record::Equivalence { members, .. } = r {
            let spans: Vec<usize> = members.iter().filter_map(|m| span_of(m)).collect();
            if let Some(&first) = spans.first() {
                let k = group_key
                    .get(&first)
                    .cloned()
                    .unwrap_or_else(|| format!("equiv:{}", members.join("=")));
                for s in spans {
                    group_key.entry(s).or_insert_with(|| k.clone());
                }
            }
        }
    }

    // Text that differs from what the file stored: the first are reported
    // one by one, the rest counted (a shifted text can make every span differ).
    let mut mismatches = 0usize;
    let mut entities: Vec<Entity> = Vec::new();
    let mut entity_of_key: HashMap<String, usize> = HashMap::new();
    let mut entity_of_span: HashMap<usize, usize> = HashMap::new();
    let mut mentions = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let Record::Span {
            id,
            label,
            fragments,
            text: stored,
        } = r
        else {
            continue;
        };
        let mut pieces = Vec::new();
        let mut actual = Vec::new();
        let mut ok = true;
        for &(s, e) in fragments {
            if s >= e {
                problems.push(Problem::error(
                    &file,
                    at(i),
                    format!("{id}: reversed or empty span {s}..{e}"),
                ));
                ok = false;
            } else if e > text_chars {
                problems.push(Problem::error(
                    &file,
                    at(i),
                    format!("{id}: span {s}..{e} runs past the end of the text ({text_chars} characters)"),
                ));
                ok = false;
            } else {
                pieces.push((s, e));
                actual.push(slice(s, e));
            }
        }
        if !ok {
            continue;
        }
        let actual = actual.join(" ");
        if normalise(&actual) != normalise(stored) && !stored.is_empty() {
            mismatches += 1;
            if mismatches <= MISMATCHES_KEPT {
                problems.push(Problem::warning(
                    &file,
                    at(i),
                    format!("{id}: the file says \"{stored}\" but the text has \"{actual}\" there"),
                ));
            }
        }
        let key = group_key
            .get(&i)
            .cloned()
            .unwrap_or_else(|| format!("{label}:{}", normalise(&actual)));
        let entity = *entity_of_key.entry(key.clone()).or_insert_with(|| {
            let name = names_of_key
                .get(&key)
                .cloned()
                .unwrap_or_else(|| actual.clone());
            entities.push(Entity {
                id: key.clone(),
                name,
                kind: label.clone(),
                aliases: Vec::new(),
                description: String::new(),
            });
            entities.len() - 1
        });
        if entities[entity].name != actual && !entities[entity].aliases.contains(&actual) {
            entities[entity].aliases.push(actual.clone());
        }
        entity_of_span.insert(i, entity);
        // One mention per line piece of each fragment.
        for (s, e) in pieces {
            let first = origins.partition_point(|&o| o <= s).saturating_sub(1);
            for p in first..paragraphs.len() {
                let (origin, len) = (origins[p], lengths[p]);
                if origin >= e {
                    break;
                }
                let (from, to) = (s.max(origin), e.min(origin + len));
                if from < to {
                    mentions.push(Mention {
                        paragraph: p,
                        start: from - origin,
                        end: to - origin,
                        entity: EntityId(entity),
                    });
                }
            }
        }
    }

    if mismatches > MISMATCHES_KEPT {
        problems.push(Problem::warning(
            &file,
            Place::File,
            format!(
                "… and {} more spans whose stored text differs from the text at their offsets (the offsets are used)",
                mismatches - MISMATCHES_KEPT
            ),
        ));
    }
    let entity_of = |id: &str| span_of(id).and_then(|s| entity_of_span.get(&s).copied());
    let paragraph_of = |id: &str| -> Vec<usize> {
        span_of(id)
            .and_then(|s| match &records[s] {
                Record::Span { fragments, .. } => fragments.first().map(|&(start, _)| start),
                _ => None,
            })
            .map(|start| vec![origins.partition_point(|&o| o <= start).saturating_sub(1)])
            .unwrap_or_default()
    };
    let mut relations: Vec<Relation> = Vec::new();
    // The relations each `R` or `E` record became, for what annotates them.
    let mut relations_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let unknown = |problems: &mut Vec<Problem>, i: usize, what: &str, target: &str| {
        problems.push(Problem::error(
            &file,
            at(i),
            format!("{what} refers to unknown id {target}"),
        ));
    };
    for (i, r) in records.iter().enumerate() {
        match r {
            Record::Relation { id, label, args } => {
                let ends: Vec<Option<usize>> = args.iter().map(|(_, a)| entity_of(a)).collect();
                for ((_, a), e) in args.iter().zip(&ends) {
                    if e.is_none() {
                        unknown(&mut problems, i, id, a);
                    }
                }
                if let [Some(source), Some(target)] = ends[..] {
                    let roles: Vec<&str> = args.iter().map(|(r, _)| r.as_str()).collect();
                    let label = if roles == ["Arg1", "Arg2"] {
                        label.clone()
                    } else {
                        format!("{label} ({} → {})", roles[0], roles[1])
                    };
                    relations_of.entry(id).or_default().push(relations.len());
                    relations.push(Relation {
                        source: EntityId(source),
                        target: EntityId(target),
                        label,
                        evidence: paragraph_of(&args[0].1),
                        derived: false,
                        notes: Vec::new(),
                    });
                }
            }
            Record::Event {
                id,
                label,
                trigger,
                args,
            } => {
                let Some(source) = entity_of(trigger) else {
                    unknown(&mut problems, i, id, trigger);
                    continue;
                };
                for (role, arg) in args {
                    match entity_of(arg) {
                        Some(target) => {
                            relations_of.entry(id).or_default().push(relations.len());
                            relations.push(Relation {
                                source: EntityId(source),
                                target: EntityId(target),
                                label: format!("{label}: {role}"),
                                evidence: paragraph_of(trigger),
                                derived: false,
                                notes: Vec::new(),
                            });
                        }
                        None => unknown(&mut problems, i, id, arg),
                    }
                }
            }
            Record::Equivalence { members, .. } => {
                for m in members {
                    if entity_of(m).is_none() {
                        unknown(&mut problems, i, "equivalence", m);
                    }
                }
            }
            Record::Unparsed { line } if !line.trim().is_empty() => {
                problems.push(Problem::warning(
                    &file,
                    at(i),
                    format!("kept but not understood: {}", line.trim_end()),
                ));
            }
            _ => {}
        }
    }

    // What annotates another annotation: an attribute, normalisation or
    // note on a span or event describes its entity; on a relation, the
    // relation; on another attribute or note, whatever that one annotates.
    let annotated = |target: &str| -> Option<Annotated> {
        let mut id = target;
        for _ in 0..16 {
            let &i = by_id.get(id)?;
            match &records[i] {
                Record::Span { .. } | Record::Event { .. } => {
                    return entity_of(id).map(Annotated::Entity);
                }
                Record::Relation { .. } => {
                    return Some(Annotated::Relations(
                        relations_of.get(id).cloned().unwrap_or_default(),
                    ));
                }
                Record::Attribute { target, .. }
                | Record::Normalization { target, .. }
                | Record::Note { target, .. } => id = target,
                Record::Equivalence { .. } | Record::Unparsed { .. } => return None,
            }
        }
        None
    };
    let mut details: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let (id, target, text) = match r {
            Record::Attribute {
                id,
                name,
                target,
                value,
                ..
            } => (
                id,
                target,
                match value {
                    Some(v) => format!("{name}={v} ({target})"),
                    None => format!("{name} ({target})"),
                },
            ),
            Record::Normalization {
                id,
                target,
                resource,
                key,
                text,
                ..
            } => (
                id,
                target,
                format!("{resource}:{key} {text}").trim().to_string(),
            ),
            Record::Note {
                id, target, text, ..
            } => (id, target, format!("note: {text}")),
            _ => continue,
        };
        match annotated(target) {
            Some(Annotated::Entity(e)) => details.entry(e).or_default().push(text),
            Some(Annotated::Relations(list)) => {
                for r in list {
                    relations[r].notes.push(text.clone());
                }
            }
            None => unknown(&mut problems, i, id, target),
        }
    }
    for (e, entity) in entities.iter_mut().enumerate() {
        let mut description = format!("{} annotation", entity.kind);
        if let Some(extra) = details.get(&e) {
            let mut extra = extra.clone();
            extra.dedup();
            description.push_str("; ");
            description.push_str(&extra.join("; "));
        }
        entity.description = description;
    }
    let paragraph_count = document.paragraphs.len();
    Built {
        document,
        entities,
        mentions,
        relations,
        standoff: Standoff {
            text,
            records,
            raw,
            origins,
            paragraphs: 0..paragraph_count,
        },
        problems,
    }
}

/// Loads the documents of one standoff file (one per JSONL line or `CoNLL`
/// `-DOCSTART-`): one document, or a corpus of them. A bad record is
/// reported and skipped; the rest loads.
pub fn load(name: &str, sources: Vec<Source>, annotation: &str) -> Result<Loaded, Problems> {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let several = sources.len() > 1;
    for source in sources {
        let title = source.title.clone();
        let built = build(source);
        problems.extend(built.problems);
        let mut model = Model::new(
            built.document,
            built.entities,
            built.mentions,
            built.relations,
        );
        model.standoff.push(built.standoff);
        documents.push(Loaded::new(
            model,
            if several { title } else { name.to_string() },
            annotation,
        ));
    }
    let mut loaded = match documents.len() {
        0 => {
            let mut all = vec![Problem::error(
                name,
                Place::File,
                "no document in this file",
            )];
            all.extend(problems);
            return Err(Problems(all));
        }
        1 => documents.remove(0),
        _ => {
            let mut corpus = super::corpus::merge(documents, name);
            corpus.annotation = annotation.to_string();
            corpus.documents = 1;
            corpus
        }
    };
    loaded.problems = problems;
    Ok(loaded)
}
