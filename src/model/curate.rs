//! Curating annotations: the edits a reader makes to a draft (drop, rename,
//! change the kind, merge, split off an alias, unlink a mention, link a span
//! to an entity or to a new one), and the history that undoes and redoes
//! them. Pure data: the explorer records edits here, the writers save the
//! result.
//!
//! Undo replays the edits kept from the state the curation began with, so
//! an edit never needs its own inverse and ids that shift when an entity
//! goes (entities are positions in a list) are always the ones the edit saw.

use super::{Entity, EntityId, Mention, Model, ParagraphId, Relation};

/// The entities, mentions and relations of a model: what curation changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Annotations {
    pub entities: Vec<Entity>,
    /// In reading order.
    pub mentions: Vec<Mention>,
    pub relations: Vec<Relation>,
}

/// One change to the annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The entity goes, with its mentions and relations.
    Drop(EntityId),
    /// A new canonical name (the old one stays as an alias while the text writes it).
    Rename {
        entity: EntityId,
        name: String,
    },
    Kind {
        entity: EntityId,
        kind: String,
    },
    /// `from` becomes part of `into`: its names become aliases, its
    /// mentions and relations move over.
    Merge {
        from: EntityId,
        into: EntityId,
    },
    /// An alias becomes an entity of its own, with the mentions that write it.
    Split {
        entity: EntityId,
        alias: String,
    },
    /// A mention is no longer a mention.
    Unlink(Mention),
    /// A span becomes a mention of an existing entity (replacing any it overlaps).
    Link(Mention),
    /// A span becomes the first mention of a new entity.
    Create {
        paragraph: ParagraphId,
        start: usize,
        end: usize,
        name: String,
        kind: String,
    },
}

/// What an edit did: the entity to show next and a line for the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub current: Option<EntityId>,
    pub message: String,
}

/// How names are compared: case and spacing do not count.
pub fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    fold(a) == fold(b)
}

/// An id for a new entity from its name, not used by any other.
pub fn fresh_id(entities: &[Entity], name: &str) -> String {
    let mut base = super::slug(name);
    if base.is_empty() {
        base = "entity".into();
    }
    let taken = |id: &str| entities.iter().any(|e| e.id == id);
    if !taken(&base) {
        return base;
    }
    // Among n + 2 candidates one is free.
    (2..=entities.len() + 2)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

impl Annotations {
    fn entity(&self, id: EntityId) -> Result<&Entity, String> {
        self.entities
            .get(id.index())
            .ok_or_else(|| format!("no entity number {id}"))
    }

    /// The entity another already called `name` (its name or an alias), if any.
    fn named(&self, name: &str, except: EntityId) -> Option<&Entity> {
        self.entities
            .iter()
            .enumerate()
            .find(|(i, e)| *i != except.index() && e.names().any(|n| same_name(n, name)))
            .map(|(_, e)| e)
    }

    /// Removes several entities with their mentions and relations; the
    /// others keep their order.
    pub fn without(&mut self, gone: &[EntityId]) {
        let mut gone = gone.to_vec();
        gone.sort_unstable();
        gone.dedup();
        for e in gone.into_iter().rev() {
            self.remove(e);
        }
    }

    /// Removes an entity with its mentions and relations; later ids move down one.
    fn remove(&mut self, gone: EntityId) {
        self.entities.remove(gone.index());
        self.mentions.retain(|m| m.entity != gone);
        self.relations
            .retain(|r| r.source != gone && r.target != gone);
        let shift = |e: &mut EntityId| {
            if e.0 > gone.0 {
                e.0 -= 1;
            }
        };
        for m in &mut self.mentions {
            shift(&mut m.entity);
        }
        for r in &mut self.relations {
            shift(&mut r.source);
            shift(&mut r.target);
        }
    }

    /// Puts a mention in, in reading order, in place of any it overlaps;
    /// returns how many it replaced.
    fn insert(&mut self, mention: Mention) -> usize {
        let before = self.mentions.len();
        self.mentions.retain(|m| {
            m.paragraph != mention.paragraph || m.end <= mention.start || mention.end <= m.start
        });
        let replaced = before - self.mentions.len();
        let at = self
            .mentions
            .partition_point(|m| (m.paragraph, m.start) < (mention.paragraph, mention.start));
        self.mentions.insert(at, mention);
        replaced
    }
}

impl Edit {
    /// The entity the edit is about, as numbered before it.
    pub fn subject(&self) -> Option<EntityId> {
        match self {
            Edit::Drop(e)
            | Edit::Rename { entity: e, .. }
            | Edit::Kind { entity: e, .. }
            | Edit::Merge { from: e, .. }
            | Edit::Split { entity: e, .. } => Some(*e),
            Edit::Unlink(m) | Edit::Link(m) => Some(m.entity),
            Edit::Create { .. } => None,
        }
    }

    /// Carries the edit out, or says why it cannot be (and changes nothing).
    /// `text` gives the text a mention covers.
    pub fn apply(
        &self,
        a: &mut Annotations,
        text: &dyn Fn(&Mention) -> String,
    ) -> Result<Applied, String> {
        match self {
            Edit::Drop(e) => {
                let name = a.entity(*e)?.name.clone();
                let mentions = a.mentions.iter().filter(|m| m.entity == *e).count();
                a.remove(*e);
                Ok(Applied {
                    current: None,
                    message: format!(
                        "dropped \"{name}\" and its {}",
                        crate::display::count(mentions, "mention")
                    ),
                })
            }
            Edit::Rename { entity, name } => rename(a, *entity, name, text),
            Edit::Kind { entity, kind } => {
                let kind = kind.trim().to_lowercase();
                if kind.is_empty() {
                    return Err("a kind needs a word: person, place, organisation…".into());
                }
                a.entity(*entity)?;
                let old = &mut a.entities[*entity];
                let message = format!("\"{}\": kind {kind} (was {})", old.name, old.kind);
                old.kind = kind;
                reviewed(old);
                if old.description.starts_with("Found in the text;") {
                    "Found in the text; kind set by hand.".clone_into(&mut old.description);
                }
                Ok(Applied {
                    current: Some(*entity),
                    message,
                })
            }
            Edit::Merge { from, into } => merge(a, *from, *into),
            Edit::Split { entity, alias } => split(a, *entity, alias, text),
            Edit::Unlink(mention) => {
                let at = a
                    .mentions
                    .iter()
                    .position(|m| m == mention)
                    .ok_or("that mention is no longer there")?;
                a.mentions.remove(at);
                let name = &a.entity(mention.entity)?.name;
                Ok(Applied {
                    current: Some(mention.entity),
                    message: format!("\"{}\" is no longer a mention of {name}", text(mention)),
                })
            }
            Edit::Link(mention) => link(a, *mention, text),
            Edit::Create {
                paragraph,
                start,
                end,
                name,
                kind,
            } => create(
                a,
                Mention {
                    paragraph: *paragraph,
                    start: *start,
                    end: *end,
                    entity: EntityId(usize::MAX),
                },
                name,
                kind,
            ),
        }
    }
}

fn link(
    a: &mut Annotations,
    mention: Mention,
    text: &dyn Fn(&Mention) -> String,
) -> Result<Applied, String> {
    let name = a.entity(mention.entity)?.name.clone();
    if a.mentions.contains(&mention) {
        return Err(format!("this is already a mention of {name}"));
    }
    if mention.start >= mention.end {
        return Err("nothing selected".into());
    }
    let replaced = a.insert(mention);
    reviewed(&mut a.entities[mention.entity]);
    let also = if replaced > 0 {
        format!(
            " (in place of {})",
            crate::display::count(replaced, "mention")
        )
    } else {
        String::new()
    };
    Ok(Applied {
        current: Some(mention.entity),
        message: format!("\"{}\" is now a mention of {name}{also}", text(&mention)),
    })
}

/// A new entity named `name`, with `span` (its entity ignored) as its first mention.
fn create(a: &mut Annotations, span: Mention, name: &str, kind: &str) -> Result<Applied, String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = kind.trim().to_lowercase();
    if name.is_empty() || span.start >= span.end {
        return Err("a new entity needs a name and a span of text".into());
    }
    if let Some(other) = a.named(&name, EntityId(usize::MAX)) {
        return Err(format!(
            "\"{}\" already names {}: link the span to it instead",
            name, other.name
        ));
    }
    let id = EntityId(a.entities.len());
    a.entities.push(Entity {
        id: fresh_id(&a.entities, &name),
        name: name.clone(),
        kind: if kind.is_empty() {
            "other".into()
        } else {
            kind.clone()
        },
        aliases: Vec::new(),
        description: String::new(),
        confidence: None,
    });
    a.insert(Mention { entity: id, ..span });
    Ok(Applied {
        current: Some(id),
        message: format!("new entity \"{name}\" ({})", a.entities[id].kind),
    })
}

/// A curator has looked at the entity: discovery's doubt no longer applies.
fn reviewed(entity: &mut Entity) {
    entity.confidence = None;
}

fn rename(
    a: &mut Annotations,
    entity: EntityId,
    name: &str,
    text: &dyn Fn(&Mention) -> String,
) -> Result<Applied, String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("a name cannot be empty".into());
    }
    if let Some(other) = a.named(&name, entity) {
        return Err(format!(
            "\"{name}\" already names {}: merge them instead (:merge)",
            other.name
        ));
    }
    let old = a.entity(entity)?.name.clone();
    if old == name {
        return Err(format!("it is already called \"{name}\""));
    }
    // The old name stays an alias while the text writes it, so its
    // mentions are still found when the catalog is read again.
    let written = a
        .mentions
        .iter()
        .any(|m| m.entity == entity && same_name(&text(m), &old));
    let e = &mut a.entities[entity];
    e.aliases.retain(|alias| !same_name(alias, &name));
    let kept = written && !e.aliases.iter().any(|alias| same_name(alias, &old));
    if kept {
        e.aliases.push(old.clone());
    }
    e.name.clone_from(&name);
    reviewed(e);
    Ok(Applied {
        current: Some(entity),
        message: if kept {
            format!(
                "renamed \"{old}\" to \"{name}\" (\"{old}\" kept as an alias: the text writes it)"
            )
        } else {
            format!("renamed \"{old}\" to \"{name}\"")
        },
    })
}

fn merge(a: &mut Annotations, from: EntityId, into: EntityId) -> Result<Applied, String> {
    if from == into {
        return Err("an entity cannot be merged into itself".into());
    }
    let gone = a.entity(from)?.clone();
    a.entity(into)?;
    let keeper = &mut a.entities[into];
    for name in gone.names() {
        if !keeper.names().any(|n| same_name(n, name)) {
            keeper.aliases.push(name.to_string());
        }
    }
    if keeper.description.is_empty() {
        keeper.description.clone_from(&gone.description);
    }
    reviewed(keeper);
    let keeper_name = keeper.name.clone();
    let moved = a.mentions.iter().filter(|m| m.entity == from).count();
    for m in &mut a.mentions {
        if m.entity == from {
            m.entity = into;
        }
    }
    for r in &mut a.relations {
        for end in [&mut r.source, &mut r.target] {
            if *end == from {
                *end = into;
            }
        }
    }
    a.relations.retain(|r| r.source != r.target);
    // Two relations that became the same one keep one, with both evidences.
    let mut kept: Vec<Relation> = Vec::with_capacity(a.relations.len());
    for r in std::mem::take(&mut a.relations) {
        match kept
            .iter_mut()
            .find(|k| (k.source, k.target, &k.label) == (r.source, r.target, &r.label))
        {
            Some(k) => {
                for p in r.evidence {
                    if !k.evidence.contains(&p) {
                        k.evidence.push(p);
                    }
                }
                k.evidence.sort_unstable();
            }
            None => kept.push(r),
        }
    }
    a.relations = kept;
    a.remove(from);
    let into = if into > from {
        EntityId(into.0 - 1)
    } else {
        into
    };
    Ok(Applied {
        current: Some(into),
        message: format!(
            "merged \"{}\" into \"{keeper_name}\" ({} moved; its name is an alias now)",
            gone.name,
            crate::display::count(moved, "mention")
        ),
    })
}

fn split(
    a: &mut Annotations,
    entity: EntityId,
    alias: &str,
    text: &dyn Fn(&Mention) -> String,
) -> Result<Applied, String> {
    let e = a.entity(entity)?;
    let Some(at) = e.aliases.iter().position(|x| same_name(x, alias)) else {
        return Err(if e.aliases.is_empty() {
            format!("{} has no alias to split off", e.name)
        } else {
            format!(
                "{} has no alias \"{alias}\"; its aliases: {}",
                e.name,
                e.aliases.join(", ")
            )
        });
    };
    let alias = e.aliases[at].clone();
    let kind = e.kind.clone();
    let from = e.name.clone();
    a.entities[entity].aliases.remove(at);
    let id = EntityId(a.entities.len());
    a.entities.push(Entity {
        id: fresh_id(&a.entities, &alias),
        name: alias.clone(),
        kind,
        aliases: Vec::new(),
        description: String::new(),
        confidence: None,
    });
    let mut moved = 0;
    for m in &mut a.mentions {
        if m.entity == entity && same_name(&text(m), &alias) {
            m.entity = id;
            moved += 1;
        }
    }
    Ok(Applied {
        current: Some(id),
        message: format!(
            "\"{alias}\" split off {from} as an entity of its own ({} moved)",
            crate::display::count(moved, "mention")
        ),
    })
}

/// The edits made since the curation began, to undo and redo, and how far
/// they were saved.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The annotations before the first edit (taken then).
    base: Option<Annotations>,
    done: Vec<Edit>,
    undone: Vec<Edit>,
    /// How many of `done` the saved file holds; `None` once it holds a
    /// state no longer in the history.
    saved: Option<usize>,
}

impl History {
    pub fn new() -> Self {
        History {
            saved: Some(0),
            ..History::default()
        }
    }

    /// Carries out an edit on the model and remembers it.
    pub fn record(&mut self, model: &mut Model, edit: Edit) -> Result<Applied, String> {
        let mut a = model.take_annotations()?;
        let before = a.clone();
        let applied = edit.apply(&mut a, &|m| model.mention_text(m));
        match applied {
            Ok(applied) => {
                self.base.get_or_insert(before);
                self.done.push(edit);
                self.undone.clear();
                if self.saved.is_some_and(|s| s >= self.done.len()) {
                    self.saved = None;
                }
                model.set_annotations(a)?;
                Ok(applied)
            }
            Err(message) => {
                model.set_annotations(before)?;
                Err(message)
            }
        }
    }

    /// Takes back the last edit; `None` when there is none.
    pub fn undo(&mut self, model: &mut Model) -> Option<Edit> {
        let (edit, kept) = self.done.split_last()?;
        let mut a = self.base.clone().unwrap_or_default();
        for e in kept {
            // Each applied once before, on the same state.
            let _ = e.apply(&mut a, &|m| model.mention_text(m));
        }
        let edit = edit.clone();
        model.set_annotations(a).ok()?;
        self.done.pop();
        self.undone.push(edit.clone());
        Some(edit)
    }

    /// Makes the last undone edit again.
    pub fn redo(&mut self, model: &mut Model) -> Option<Result<Applied, String>> {
        let edit = self.undone.pop()?;
        let undone = std::mem::take(&mut self.undone);
        let saved = self.saved;
        let result = self.record(model, edit);
        self.undone = undone;
        // Redoing towards the saved state is not a divergence from it.
        self.saved = saved;
        Some(result)
    }

    /// How many edits the saved file lacks (or has that the model does
    /// not); zero when they agree.
    pub fn unsaved(&self) -> usize {
        match self.saved {
            Some(s) => self.done.len().abs_diff(s),
            None => self.done.len().max(1),
        }
    }

    /// The model now is what the file holds.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.done.len());
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}

#[cfg(test)]
mod tests;
