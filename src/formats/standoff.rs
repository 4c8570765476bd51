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

use super::Read;
use crate::model::merge::{Piece, label_disagreements, merge, relabelled};
use crate::model::{
    Document, Entity, EntityId, Mention, Model, Paragraph, Record, Relation, Standoff,
};
use crate::problem::{Place, Problem, Problems};

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

/// Builds the model's pieces from one standoff source, step by step: ids,
/// entities from spans, relations, then what annotates them.
pub fn build(source: Source) -> Built {
    let Source {
        file,
        text,
        records,
        lines: record_lines,
        raw,
        title,
    } = source;
    let paragraphs = lines(&text);
    let origins: Vec<usize> = paragraphs.iter().map(|(s, _)| *s).collect();
    let document = Document {
        title,
        source: String::new(),
        paragraphs: paragraphs
            .iter()
            .map(|(_, t)| Paragraph::new(t.clone()))
            .collect(),
        parts: Vec::new(),
    };
    let mut steps = Steps {
        file: &file,
        records: &records,
        record_lines: &record_lines,
        by_id: HashMap::new(),
        problems: Vec::new(),
    };
    steps.index_ids();
    let layout = Layout::of(&text, &paragraphs);
    let spans = steps.entities_from_spans(&text, &layout);
    let (mut relations, relations_of) = steps.relations(&spans, &origins);
    let mut entities = spans.entities;
    steps.annotations(&spans.of_span, &relations_of, &mut entities, &mut relations);
    let problems = steps.problems;
    let paragraph_count = document.paragraphs.len();
    Built {
        document,
        entities,
        mentions: spans.mentions,
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

/// Where the lines of the text start and how long they are, in characters,
/// counted once for every span.
struct Layout {
    origins: Vec<usize>,
    lengths: Vec<usize>,
    /// Byte offset of each character (and of the end), for slicing spans.
    char_bytes: Vec<usize>,
}

impl Layout {
    fn of(text: &str, paragraphs: &[(usize, String)]) -> Self {
        Layout {
            origins: paragraphs.iter().map(|(s, _)| *s).collect(),
            lengths: paragraphs.iter().map(|(_, l)| l.chars().count()).collect(),
            char_bytes: text
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect(),
        }
    }

    fn chars(&self) -> usize {
        self.char_bytes.len() - 1
    }

    /// One mention per line piece of a span.
    fn mentions(&self, (s, e): (usize, usize), entity: EntityId, out: &mut Vec<Mention>) {
        let first = self.origins.partition_point(|&o| o <= s).saturating_sub(1);
        for p in first..self.origins.len() {
            let (origin, len) = (self.origins[p], self.lengths[p]);
            if origin >= e {
                break;
            }
            let (from, to) = (s.max(origin), e.min(origin + len));
            if from < to {
                out.push(Mention {
                    paragraph: p,
                    start: from - origin,
                    end: to - origin,
                    entity,
                });
            }
        }
    }
}

/// The entities the spans became.
/// The entities of the keys spans are grouped by. A key's spans of one
/// label are one entity; of another label, one more: each mention keeps
/// the label its annotator gave it.
#[derive(Default)]
struct Keys<'r> {
    entity_of_key: HashMap<(String, &'r str), usize>,
    labels_of_key: HashMap<String, usize>,
}

impl<'r> Keys<'r> {
    /// The entity of a key and label, made (named `name`) the first time.
    fn entity(
        &mut self,
        key: &str,
        label: &'r str,
        name: &str,
        entities: &mut Vec<Entity>,
    ) -> usize {
        let of_key = self.labels_of_key.entry(key.to_string()).or_default();
        *self
            .entity_of_key
            .entry((key.to_string(), label))
            .or_insert_with(|| {
                let id = if *of_key == 0 {
                    key.to_string()
                } else {
                    relabelled(key, label)
                };
                *of_key += 1;
                entities.push(Entity {
                    id,
                    name: name.to_string(),
                    kind: label.to_string(),
                    aliases: Vec::new(),
                    description: String::new(),
                    confidence: None,
                });
                entities.len() - 1
            })
    }
}

struct Spans {
    entities: Vec<Entity>,
    mentions: Vec<Mention>,
    /// The entity of each span record.
    of_span: HashMap<usize, usize>,
}

/// The records being built, and the problems found so far.
struct Steps<'a> {
    file: &'a str,
    records: &'a [Record],
    record_lines: &'a [usize],
    /// Each id's record.
    by_id: HashMap<&'a str, usize>,
    problems: Vec<Problem>,
}

impl<'a> Steps<'a> {
    fn at(&self, i: usize) -> Place {
        Place::Line(self.record_lines.get(i).copied().unwrap_or(0))
    }

    fn error(&mut self, i: usize, message: String) {
        let problem = Problem::error(self.file, self.at(i), message);
        self.problems.push(problem);
    }

    fn unknown(&mut self, i: usize, what: &str, target: &str) {
        self.error(i, format!("{what} refers to unknown id {target}"));
    }

    /// Ids, and duplicates among them.
    fn index_ids(&mut self) {
        for (i, r) in self.records.iter().enumerate() {
            let Some(id) = r.id() else { continue };
            if let Some(&first) = self.by_id.get(id) {
                let line = self.record_lines.get(first).copied().unwrap_or(0);
                self.error(i, format!("duplicate id {id} (first on line {line})"));
            } else {
                self.by_id.insert(id, i);
            }
        }
    }

    /// Which span record an annotation id stands for (an event for its trigger).
    fn span_of(&self, id: &str) -> Option<usize> {
        let mut id = id;
        for _ in 0..16 {
            let &i = self.by_id.get(id)?;
            match &self.records[i] {
                Record::Span { .. } => return Some(i),
                Record::Event { trigger, .. } => id = trigger,
                _ => return None,
            }
        }
        None
    }

    /// How spans group into entities: a key per span (knowledge-base id or
    /// equivalence set), and the name a knowledge base gives each key.
    fn groups(&self) -> (HashMap<usize, String>, HashMap<String, String>) {
        let mut group_key: HashMap<usize, String> = HashMap::new();
        let mut names_of_key: HashMap<String, String> = HashMap::new();
        for r in self.records {
            if let Record::Normalization {
                target,
                resource,
                key,
                text: label,
                ..
            } = r
                && let Some(span) = self.span_of(target)
            {
                let k = format!("{resource}:{key}");
                group_key.entry(span).or_insert_with(|| k.clone());
                if !label.is_empty() {
                    names_of_key.entry(k).or_insert_with(|| label.clone());
                }
            }
        }
        for r in self.records {
            if let Record::Equivalence { members, .. } = r {
                let spans: Vec<usize> = members.iter().filter_map(|m| self.span_of(m)).collect();
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
        (group_key, names_of_key)
    }

    /// The fragments of a span that lie in the text, or none when one does
    /// not (reported).
    fn fragments(
        &mut self,
        i: usize,
        id: &str,
        fragments: &[(usize, usize)],
        chars: usize,
    ) -> Option<Vec<(usize, usize)>> {
        let mut ok = true;
        for &(s, e) in fragments {
            if s >= e {
                self.error(i, format!("{id}: reversed or empty span {s}..{e}"));
                ok = false;
            } else if e > chars {
                self.error(
                    i,
                    format!(
                        "{id}: span {s}..{e} runs past the end of the text ({chars} characters)"
                    ),
                );
                ok = false;
            }
        }
        ok.then(|| fragments.to_vec())
    }

    /// Entities from the spans, grouped, with a mention per line piece.
    /// Text that differs from what the file stored: the first are reported
    /// one by one, the rest counted (a shifted text can make every span differ).
    fn entities_from_spans(&mut self, text: &str, layout: &Layout) -> Spans {
        let (group_key, names_of_key) = self.groups();
        let slice = |(s, e): (usize, usize)| &text[layout.char_bytes[s]..layout.char_bytes[e]];
        let mut mismatches = 0usize;
        let mut spans = Spans {
            entities: Vec::new(),
            mentions: Vec::new(),
            of_span: HashMap::new(),
        };
        let mut keys = Keys::default();
        for (i, r) in self.records.iter().enumerate() {
            let Record::Span {
                id,
                label,
                fragments,
                text: stored,
            } = r
            else {
                continue;
            };
            let Some(pieces) = self.fragments(i, id, fragments, layout.chars()) else {
                continue;
            };
            let actual = pieces
                .iter()
                .map(|&p| slice(p))
                .collect::<Vec<_>>()
                .join(" ");
            if normalise(&actual) != normalise(stored) && !stored.is_empty() {
                mismatches += 1;
                if mismatches <= MISMATCHES_KEPT {
                    let problem = Problem::warning(
                        self.file,
                        self.at(i),
                        format!(
                            "{id}: the file says \"{stored}\" but the text has \"{actual}\" there"
                        ),
                    );
                    self.problems.push(problem);
                }
            }
            let key = group_key
                .get(&i)
                .cloned()
                .unwrap_or_else(|| format!("{label}:{}", normalise(&actual)));
            let name = names_of_key.get(&key).unwrap_or(&actual);
            let entities = &mut spans.entities;
            let entity = keys.entity(&key, label, name, entities);
            let known = &mut entities[entity];
            if known.name != actual && !known.aliases.contains(&actual) {
                known.aliases.push(actual.clone());
            }
            spans.of_span.insert(i, entity);
            for piece in pieces {
                layout.mentions(piece, EntityId(entity), &mut spans.mentions);
            }
        }
        if mismatches > MISMATCHES_KEPT {
            self.problems.push(Problem::warning(
                self.file,
                Place::File,
                format!(
                    "… and {} more spans whose stored text differs from the text at their offsets (the offsets are used)",
                    mismatches - MISMATCHES_KEPT
                ),
            ));
        }
        spans
    }

    fn entity_of(&self, of_span: &HashMap<usize, usize>, id: &str) -> Option<usize> {
        self.span_of(id).and_then(|s| of_span.get(&s).copied())
    }

    /// The paragraph where the span an id stands for starts, as evidence.
    fn paragraph_of(&self, origins: &[usize], id: &str) -> Vec<usize> {
        self.span_of(id)
            .and_then(|s| match &self.records[s] {
                Record::Span { fragments, .. } => fragments.first().map(|&(start, _)| start),
                _ => None,
            })
            .map(|start| vec![origins.partition_point(|&o| o <= start).saturating_sub(1)])
            .unwrap_or_default()
    }

    /// Relations from `R` and `E` records, with the relations each record
    /// became (for what annotates them).
    fn relations(
        &mut self,
        spans: &Spans,
        origins: &[usize],
    ) -> (Vec<Relation>, HashMap<&'a str, Vec<usize>>) {
        let mut relations: Vec<Relation> = Vec::new();
        let mut relations_of: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let entity_of = |steps: &Self, id: &str| steps.entity_of(&spans.of_span, id);
        let records = self.records;
        for (i, r) in records.iter().enumerate() {
            match r {
                Record::Relation { id, label, args } => {
                    let ends: Vec<Option<usize>> =
                        args.iter().map(|(_, a)| entity_of(self, a)).collect();
                    for ((_, a), e) in args.iter().zip(&ends) {
                        if e.is_none() {
                            self.unknown(i, id, a);
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
                            evidence: self.paragraph_of(origins, &args[0].1),
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
                    let Some(source) = entity_of(self, trigger) else {
                        self.unknown(i, id, trigger);
                        continue;
                    };
                    for (role, arg) in args {
                        let Some(target) = entity_of(self, arg) else {
                            self.unknown(i, id, arg);
                            continue;
                        };
                        relations_of.entry(id).or_default().push(relations.len());
                        relations.push(Relation {
                            source: EntityId(source),
                            target: EntityId(target),
                            label: format!("{label}: {role}"),
                            evidence: self.paragraph_of(origins, trigger),
                            derived: false,
                            notes: Vec::new(),
                        });
                    }
                }
                Record::Equivalence { members, .. } => {
                    for m in members {
                        if entity_of(self, m).is_none() {
                            self.unknown(i, "equivalence", m);
                        }
                    }
                }
                Record::Unparsed { line } if !line.trim().is_empty() => {
                    let problem = Problem::warning(
                        self.file,
                        self.at(i),
                        format!("kept but not understood: {}", line.trim_end()),
                    );
                    self.problems.push(problem);
                }
                _ => {}
            }
        }
        (relations, relations_of)
    }

    /// What annotates another annotation: an attribute, normalisation or
    /// note on a span or event describes its entity; on a relation, the
    /// relation; on another attribute or note, whatever that one annotates.
    fn annotated(
        &self,
        of_span: &HashMap<usize, usize>,
        relations_of: &HashMap<&str, Vec<usize>>,
        target: &str,
    ) -> Option<Annotated> {
        let mut id = target;
        for _ in 0..16 {
            let &i = self.by_id.get(id)?;
            match &self.records[i] {
                Record::Span { .. } | Record::Event { .. } => {
                    return self.entity_of(of_span, id).map(Annotated::Entity);
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
    }

    /// Attributes, normalisations and notes, into the details of the entity
    /// or beside the relation they concern.
    fn annotations(
        &mut self,
        of_span: &HashMap<usize, usize>,
        relations_of: &HashMap<&str, Vec<usize>>,
        entities: &mut [Entity],
        relations: &mut [Relation],
    ) {
        let mut details: HashMap<usize, Vec<String>> = HashMap::new();
        let records = self.records;
        for (i, r) in records.iter().enumerate() {
            let Some((id, target, text)) = describe(r) else {
                continue;
            };
            match self.annotated(of_span, relations_of, target) {
                Some(Annotated::Entity(e)) => details.entry(e).or_default().push(text),
                Some(Annotated::Relations(list)) => {
                    for r in list {
                        relations[r].notes.push(text.clone());
                    }
                }
                None => self.unknown(i, id, target),
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
    }
}

/// An attribute, normalisation or note as (its id, what it annotates, the
/// line for the details).
fn describe(r: &Record) -> Option<(&str, &str, String)> {
    Some(match r {
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
        _ => return None,
    })
}

/// Loads the documents of one standoff file (one per JSONL line or `CoNLL`
/// `-DOCSTART-`): one document, or a corpus of them. A bad record is
/// reported and skipped; the rest loads.
pub fn load(name: &str, sources: Vec<Source>, annotation: &str) -> Result<Read, Problems> {
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
        documents.push(Piece {
            model,
            file: if several { title } else { name.to_string() },
            annotation: annotation.to_string(),
        });
    }
    let mut model = match documents.len() {
        0 => {
            let mut all = vec![Problem::error(
                name,
                Place::File,
                "no document in this file",
            )];
            all.extend(problems);
            return Err(Problems(all));
        }
        1 => documents.remove(0).model,
        _ => merge(documents, name),
    };
    problems.extend(label_disagreements(&mut model, name));
    let mut read = Read::new(model, annotation);
    read.problems = problems;
    Ok(read)
}
