//! Several models made one, as a corpus: paragraphs in order, one part
//! per document, entities with the same id one entity across documents
//! (discovered entities take their id from their name, so "Japan" found in
//! two texts is one entity). Where annotators gave one id different
//! labels, each label stays an entity of its own, and is said.

use std::collections::HashMap;

use super::{Document, Entity, EntityId, Model, Part, Relation};
use crate::problem::{Place, Problem};

/// A model to merge, with the file it came from and where its entities
/// come from (for the corpus's part).
pub struct Piece {
    pub model: Model,
    pub file: String,
    pub annotation: String,
}

/// One model from several: paragraphs in file order, one part per model
/// (a model of several parts keeps them), entities merged by id, identical
/// relations merged with their evidence joined.
pub fn merge(pieces: Vec<Piece>, name: &str) -> Model {
    let mut merged = Entities::default();
    let mut paragraphs = Vec::new();
    let mut parts = Vec::new();
    let mut mentions = Vec::new();
    let mut relations: Vec<Relation> = Vec::new();
    let mut relation_at: HashMap<(EntityId, EntityId, String, bool), usize> = HashMap::new();
    let mut standoff = Vec::new();
    let mut kind_styles = HashMap::new();
    for piece in pieces {
        let mut model = piece.model;
        let (text, found) = model.take_text();
        let annotated = !model.standoff.is_empty();
        let offset = paragraphs.len();
        for mut s in model.standoff {
            s.paragraphs = s.paragraphs.start + offset..s.paragraphs.end + offset;
            standoff.push(s);
        }
        for (kind, style) in model.kind_styles {
            kind_styles.entry(kind).or_insert(style);
        }
        let map: Vec<EntityId> = model
            .entities
            .into_iter()
            .map(|e| merged.add(e, annotated))
            .collect();
        let count = text.len();
        if model.document.parts.len() > 1 {
            // Already several documents (texts linked together): keep them.
            parts.extend(model.document.parts.into_iter().map(|p| Part {
                paragraphs: p.paragraphs.start + offset..p.paragraphs.end + offset,
                ..p
            }));
        } else {
            parts.push(Part {
                title: model.document.title,
                file: piece.file,
                annotation: piece.annotation,
                paragraphs: offset..offset + count,
            });
        }
        paragraphs.extend(text);
        mentions.extend(found.into_iter().map(|mut m| {
            m.entity = map[m.entity.index()];
            m.paragraph += offset;
            m
        }));
        for r in model.relations {
            let (source, target) = (map[r.source.index()], map[r.target.index()]);
            let evidence: Vec<usize> = r.evidence.iter().map(|p| p + offset).collect();
            let key = (source, target, r.label.clone(), r.derived);
            if let Some(&i) = relation_at.get(&key) {
                relations[i].evidence.extend(evidence);
            } else {
                relation_at.insert(key, relations.len());
                relations.push(Relation {
                    source,
                    target,
                    evidence,
                    ..r
                });
            }
        }
    }
    let document = Document {
        title: format!("{name}: {} documents", parts.len()),
        source: String::new(),
        paragraphs,
        parts,
    };
    let mut model = Model::new(document, merged.entities, mentions, relations);
    model.standoff = standoff;
    model.kind_styles = kind_styles;
    model
}

/// The entities of a corpus, merged by id.
#[derive(Default)]
pub struct Entities {
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityId>,
}

impl Entities {
    /// An entity of one document, as an entity of the corpus: the one of
    /// its id, which takes its names (and its kind, if it had none), or a
    /// new one. Annotators' labels are kept: an id they gave another label
    /// is another entity (discovered kinds are a guess, and merge).
    pub fn add(&mut self, e: Entity, annotated: bool) -> EntityId {
        let relabel = annotated
            && self.by_id.get(&e.id).is_some_and(|&id| {
                let kind = &self.entities[id.index()].kind;
                *kind != e.kind && kind != "other" && e.kind != "other"
            });
        let e = if relabel {
            Entity {
                id: relabelled(&e.id, &e.kind),
                ..e
            }
        } else {
            e
        };
        if let Some(&id) = self.by_id.get(&e.id) {
            let known = &mut self.entities[id];
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                if *name != known.name && !known.aliases.contains(name) {
                    known.aliases.push(name.clone());
                }
            }
            if known.kind == "other" {
                known.kind = e.kind;
            }
            id
        } else {
            self.by_id
                .insert(e.id.clone(), EntityId(self.entities.len()));
            self.entities.push(e);
            EntityId(self.entities.len() - 1)
        }
    }
}

/// The id of the entity of a key's spans that carry another label than its
/// first spans: `kb:Q95 (ORG)`.
pub fn relabelled(key: &str, label: &str) -> String {
    format!("{key} ({label})")
}

/// Where annotators gave spans of one id (a knowledge-base id, an
/// equivalence set) different labels, each label was kept as an entity of
/// its own ([`relabelled`]): a warning per id, and a line in the details of
/// each of its entities.
pub fn label_disagreements(model: &mut Model, file: &str) -> Vec<Problem> {
    // Each id's base entity and the entities of its other labels.
    let groups: std::collections::BTreeMap<String, Vec<usize>> = {
        let by_id: HashMap<&str, usize> = model
            .entities
            .iter()
            .enumerate()
            .map(|(e, entity)| (entity.id.as_str(), e))
            .collect();
        let mut groups = std::collections::BTreeMap::<String, Vec<usize>>::new();
        for (e, entity) in model.entities.iter().enumerate() {
            let base = entity
                .id
                .strip_suffix(&format!(" ({})", entity.kind))
                .and_then(|base| by_id.get(base).map(|&b| (base, b)));
            if let Some((base, b)) = base {
                groups
                    .entry(base.to_string())
                    .or_insert_with(|| vec![b])
                    .push(e);
            }
        }
        groups
    };
    let mut problems = Vec::new();
    for (base, members) in groups {
        let labels: Vec<String> = members
            .iter()
            .map(|&e| {
                format!(
                    "{} ({})",
                    model.entities[e].kind,
                    model.mention_total(EntityId(e))
                )
            })
            .collect();
        problems.push(Problem::warning(
            file,
            Place::File,
            format!(
                "{base}: its spans are labelled {}; each label is kept as an entity of its own",
                labels.join(", ")
            ),
        ));
        for &e in &members {
            let others: Vec<String> = members
                .iter()
                .filter(|&&o| o != e)
                .map(|&o| model.entities[o].kind.clone())
                .collect();
            let entity = &mut model.entities[e];
            if !entity.description.is_empty() {
                entity.description.push_str("; ");
            }
            entity.description.push_str(&format!(
                "{base} is also labelled {} elsewhere",
                others.join(", ")
            ));
        }
    }
    problems
}
