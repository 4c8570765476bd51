//! A curation written into entscope's JSON (a catalog, or a document's
//! annotations), as an edit of the file's tree: its order and every field
//! entscope does not own kept as written.

use std::collections::{HashMap, HashSet};

use serde_json::json;

use crate::formats::raw_json::RawObject;
use crate::link::Linker;
use crate::model::{Mention, Model, Relation};

/// The mentions a catalog lists, the spans it unlinks, and whether names
/// link by themselves, so that reading it gives the model's mentions.
fn mentions_to_list(model: &Model) -> (Vec<Mention>, Vec<Mention>, bool) {
    let linker = Linker::new(&model.entities);
    let text = model.text();
    let mentions = model.mentions();
    let found: HashSet<Mention> = linker.link_document(&text, &[]).into_iter().collect();
    let have: HashSet<Mention> = mentions.iter().copied().collect();
    let spans: HashSet<(usize, usize, usize)> = mentions
        .iter()
        .map(|m| (m.paragraph, m.start, m.end))
        .collect();
    let listed: Vec<Mention> = mentions
        .iter()
        .filter(|m| !found.contains(m))
        .copied()
        .collect();
    let mut unlinked: Vec<Mention> = found
        .iter()
        .filter(|m| !have.contains(m) && !spans.contains(&(m.paragraph, m.start, m.end)))
        .copied()
        .collect();
    unlinked.sort_unstable();
    // Read back as the reader would: linking around what is listed, less the unlinked.
    let unlinked_spans: HashSet<(usize, usize, usize)> = unlinked
        .iter()
        .map(|m| (m.paragraph, m.start, m.end))
        .collect();
    let mut again: Vec<Mention> = linker
        .link_document(&text, &listed)
        .into_iter()
        .filter(|m| listed.contains(m) || !unlinked_spans.contains(&(m.paragraph, m.start, m.end)))
        .collect();
    again.sort_unstable();
    again.dedup();
    if again[..] == mentions[..] {
        (listed, unlinked, true)
    } else {
        (mentions.to_vec(), Vec::new(), false)
    }
}

/// The existing objects of an array field, by a key of theirs.
fn by_key<K: std::hash::Hash + Eq>(
    root: &RawObject,
    field: &str,
    key: impl Fn(&RawObject) -> Option<K>,
) -> HashMap<K, RawObject> {
    root.objects(field)
        .into_iter()
        .filter_map(|o| key(&o).map(|k| (k, o)))
        .collect()
}

/// Sets a field, or leaves it out when it says nothing and was not there.
fn put(o: &mut RawObject, field: &str, value: &impl serde::Serialize, empty: bool) {
    if empty && !o.contains_key(field) {
        return;
    }
    o.insert(field, value);
}

/// The JSON of a catalog or document with the model's annotations, built
/// on the existing file's fields (their order and every field entscope does
/// not own kept as written).
pub(super) fn native_json(
    existing: Option<RawObject>,
    model: &Model,
    name: &str,
) -> Result<(String, String), String> {
    let mut root = existing.unwrap_or_default();
    put_entities(&mut root, model);
    let autolink = put_mentions(&mut root, model);
    put_relations(&mut root, model);
    let mut text = serde_json::to_string_pretty(&root).map_err(|e| format!("{name}: {e}"))?;
    text.push('\n');
    let note = if autolink {
        String::new()
    } else {
        " (every mention listed: linking by name would not give the same ones)".into()
    };
    Ok((text, note))
}

fn id_of(model: &Model, e: crate::model::EntityId) -> String {
    model.entities[e].id.clone()
}

/// The entities, each on its object in the file (unknown fields kept).
fn put_entities(root: &mut RawObject, model: &Model) {
    let mut old = by_key(root, "entities", |o| o.read::<String>("id"));
    let entities: Vec<RawObject> = model
        .entities
        .iter()
        .map(|e| {
            let mut o = old.remove(&e.id).unwrap_or_default();
            o.insert("id", &e.id);
            o.insert("name", &e.name);
            let kind_was_default = !o.contains_key("kind") && e.kind == "other";
            if !kind_was_default {
                o.insert("kind", &e.kind);
            }
            put(&mut o, "aliases", &e.aliases, e.aliases.is_empty());
            put(
                &mut o,
                "description",
                &e.description,
                e.description.is_empty(),
            );
            match e.confidence {
                Some(c) => o.insert("confidence", &c),
                None => o.remove("confidence"),
            }
            o
        })
        .collect();
    root.insert_objects("entities", entities);
}

/// The mentions to list and the spans to leave unlinked; whether names link by themselves.
fn put_mentions(root: &mut RawObject, model: &Model) -> bool {
    let (listed, unlinked, autolink) = mentions_to_list(model);
    let mut old = by_key(root, "mentions", |o| {
        Some((
            o.read::<String>("entity")?,
            o.read::<u64>("paragraph")?,
            o.read::<u64>("start")?,
            o.read::<u64>("end")?,
        ))
    });
    let mentions: Vec<RawObject> = listed
        .iter()
        .map(|m| {
            let key = (
                id_of(model, m.entity),
                (m.paragraph + 1) as u64,
                m.start as u64,
                m.end as u64,
            );
            old.remove(&key).unwrap_or_else(|| {
                let mut o = RawObject::new();
                o.insert("entity", &key.0);
                o.insert("paragraph", &key.1);
                o.insert("start", &m.start);
                o.insert("end", &m.end);
                o.insert("text", &model.mention_text(m));
                o
            })
        })
        .collect();
    if !listed.is_empty() || root.contains_key("mentions") {
        root.insert_objects("mentions", mentions);
    }
    let spans: Vec<serde_json::Value> = unlinked
        .iter()
        .map(|m| {
            json!({"paragraph": m.paragraph + 1, "start": m.start, "end": m.end,
                   "text": model.mention_text(m)})
        })
        .collect();
    if spans.is_empty() {
        root.remove("unlinked");
    } else {
        root.insert("unlinked", &spans);
    }
    if autolink {
        if root.read::<bool>("autolink") == Some(false) {
            root.remove("autolink");
        }
    } else {
        root.insert("autolink", &false);
    }
    autolink
}

/// The declared relations, each on its object in the file.
fn put_relations(root: &mut RawObject, model: &Model) {
    let declared: Vec<&Relation> = model.relations.iter().filter(|r| !r.derived).collect();
    let mut old = by_key(root, "relations", |o| {
        Some((
            o.read::<String>("source")?,
            o.read::<String>("target")?,
            o.read::<String>("label")?,
        ))
    });
    let relations: Vec<RawObject> = declared
        .iter()
        .map(|r| {
            let key = (
                id_of(model, r.source),
                id_of(model, r.target),
                r.label.clone(),
            );
            let mut o = old.remove(&key).unwrap_or_default();
            o.insert("source", &key.0);
            o.insert("target", &key.1);
            o.insert("label", &key.2);
            let evidence: Vec<usize> = r.evidence.iter().map(|p| p + 1).collect();
            put(&mut o, "evidence", &evidence, evidence.is_empty());
            put(&mut o, "notes", &r.notes, r.notes.is_empty());
            o
        })
        .collect();
    if !declared.is_empty() || root.contains_key("relations") {
        root.insert_objects("relations", relations);
    }
}
