//! What the model derives from its entities and relations once, so that
//! the questions asked per keypress are lookups: names to entities, and
//! each entity's relations. (The text's own indices are the store's.)

use super::{Entity, EntityId, Relation, RelationId};

/// Per entity, the relations leaving and arriving at it.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub outgoing: Vec<Vec<RelationId>>,
    pub incoming: Vec<Vec<RelationId>>,
}

impl Links {
    pub fn build(entities: usize, relations: &[Relation]) -> Links {
        let mut outgoing = vec![Vec::new(); entities];
        let mut incoming = vec![Vec::new(); entities];
        for (id, r) in relations.iter().enumerate() {
            outgoing[r.source.index()].push(id);
            incoming[r.target.index()].push(id);
        }
        Links { outgoing, incoming }
    }
}

/// Lower-cased id, name and aliases to entity; the first entity wins (ids
/// before names). Built the first time a name is looked up.
pub fn keys(entities: &[Entity]) -> rustc_hash::FxHashMap<String, EntityId> {
    let mut by_key = rustc_hash::FxHashMap::default();
    for (id, e) in entities.iter().enumerate() {
        by_key.entry(e.id.to_lowercase()).or_insert(EntityId(id));
    }
    for (id, e) in entities.iter().enumerate() {
        for name in e.names() {
            by_key.entry(name.to_lowercase()).or_insert(EntityId(id));
        }
    }
    by_key
}
