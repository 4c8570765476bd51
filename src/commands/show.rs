//! `entscope show`: one entity, its mentions and its relations both ways.

use std::fmt::Write as _;

use serde_json::json;

use super::args::{Global, Input};
use super::{CommandError, Output, json_lines, ok, with_model};
use crate::display::visible;
use crate::load::Loaded;
use crate::model::{EntityId, Mention, Model, RelationId};
use crate::query::names::EntitySearch;

/// `entscope show`
#[derive(Debug, Clone, clap::Args)]
pub struct ShowArgs {
    /// Entity id, name or alias (case-insensitive)
    pub entity: String,
    #[command(flatten)]
    pub input: Input,
    /// JSON Lines: the entity as one object, with its mentions and its relations both ways
    #[arg(long)]
    pub json: bool,
}

/// Resolves what the user typed to an entity: by id, name or alias; else
/// the fuzzy match when one is clearly best (with a note saying so for
/// standard error); else an error listing the closest.
/// The entity a query names: by id, name or alias, else a clear fuzzy
/// winner (with a note saying so), else an error listing the closest.
pub fn find_entity(
    loaded: &Loaded,
    query: &str,
) -> Result<(EntityId, Option<String>), CommandError> {
    let model = &loaded.model;
    if let Some(id) = model.lookup(query) {
        return Ok((id, None));
    }
    let hits = EntitySearch::new(model).search(query, 3);
    if let Some(best) = clear_winner(&hits) {
        let note = format!(
            "showing {} for \"{}\"",
            model.entities[best].name,
            query.trim()
        );
        return Ok((best, Some(note)));
    }
    let mut message = format!("{}: no entity is called \"{}\"", loaded.file, query);
    if !hits.is_empty() {
        let names: Vec<String> = hits
            .iter()
            .map(|h| {
                format!(
                    "{} ({})",
                    model.entities[h.entity].name, model.entities[h.entity].id
                )
            })
            .collect();
        let _ = write!(message, "; closest: {}", names.join(", "));
    }
    Err(CommandError::Message(visible(&message).into_owned()))
}

/// The best hit when nothing comes close to it: the only one, or one that
/// scores a third more than the next.
fn clear_winner(hits: &[crate::query::names::Hit]) -> Option<EntityId> {
    match hits {
        [only] => Some(only.entity),
        [first, second, ..] if first.score > 0 && first.score * 3 >= second.score * 4 => {
            Some(first.entity)
        }
        _ => None,
    }
}

/// Up to `width` characters either side of a mention, on one line.
pub fn context(model: &Model, mention: &Mention, width: usize) -> (String, String, String) {
    let paragraph = model.paragraph(mention.paragraph);
    let from = mention.start.saturating_sub(width);
    let to = (mention.end + width).min(paragraph.chars);
    let mut before = paragraph.slice(from..mention.start).to_string();
    let mut after = paragraph.slice(mention.end..to).to_string();
    if from > 0 {
        before.insert(0, '…');
    }
    if to < paragraph.chars {
        after.push('…');
    }
    let text = paragraph.slice(mention.span()).to_string();
    (
        visible(&before).into_owned(),
        visible(&text).into_owned(),
        visible(&after).into_owned(),
    )
}

fn paragraph_list(model: &Model, paragraphs: &[usize]) -> String {
    paragraphs
        .iter()
        .map(|&p| model.document.cite(p))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `entscope show`
pub fn show(global: &Global, args: &ShowArgs) -> Result<Output, CommandError> {
    let (entity, request, json) = (&args.entity, &global.request(args.input.clone()), args.json);
    with_model(request, |loaded| show_entity(loaded, entity, json))
}

fn show_entity(loaded: &Loaded, entity: &str, json: bool) -> Result<Output, CommandError> {
    let (id, note) = find_entity(loaded, entity)?;
    let text = if json {
        json_lines([entity_json(&loaded.model, id)])
    } else {
        entity_text(&loaded.model, id)
    };
    let mut output = ok(loaded, text);
    output.warnings.extend(note);
    Ok(output)
}

/// An entity's mentions, in reading order.
fn mentions_of(model: &Model, id: EntityId) -> Vec<Mention> {
    model
        .mentions_of(id)
        .iter()
        .map(|&m| model.mention(m))
        .collect()
}

/// An entity, its mentions in context and its relations, as JSON.
fn entity_json(model: &Model, id: EntityId) -> serde_json::Value {
    let e = &model.entities[id];
    let mentions = mentions_of(model, id);
    let relation_rows = |ids: &[RelationId], outgoing: bool| -> Vec<serde_json::Value> {
        ids.iter()
            .map(|&r| {
                let r = &model.relations[r];
                let other = &model.entities[if outgoing { r.target } else { r.source }];
                let key = if outgoing { "target" } else { "source" };
                json!({
                    "label": r.label,
                    key: other.id,
                    "name": other.name,
                    "evidence": r.evidence.iter().map(|&p| model.document.paragraph_number(p)).collect::<Vec<_>>(),
                    "derived": r.derived,
                    "notes": r.notes,
                })
            })
            .collect()
    };
    json!({
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": e.aliases,
        "description": e.description,
        "confidence": e.confidence,
        "mentions": mentions.iter().map(|m| {
            let (before, text, after) = context(model, m, 40);
            let mut row = json!({"paragraph": model.document.paragraph_number(m.paragraph), "start": m.start,
                   "end": m.end, "text": text, "context": format!("{before}{text}{after}")});
            if let Some(part) = model.document.part_of(m.paragraph) {
                row["document"] = json!(model.document.parts[part].file);
            }
            row
        }).collect::<Vec<_>>(),
        "outgoing": relation_rows(model.outgoing(id), true),
        "incoming": relation_rows(model.incoming(id), false),
        "co_mentioned": model.co_mentioned(id).iter().map(|&(other, paragraphs)| {
            json!({"id": model.entities[other].id, "name": model.entities[other].name, "paragraphs": paragraphs})
        }).collect::<Vec<_>>(),
    })
}

/// An entity as text: its mentions with context, then its relations (or,
/// with none declared, the entities sharing its paragraphs). Every line is
/// made safe for the terminal.
fn entity_text(model: &Model, id: EntityId) -> String {
    let e = &model.entities[id];
    let mentions = mentions_of(model, id);
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({}, id {})", e.name, e.kind, e.id);
    if !e.aliases.is_empty() {
        let _ = writeln!(out, "aliases: {}", e.aliases.join(", "));
    }
    if !e.description.is_empty() {
        let _ = writeln!(out, "{}", e.description);
    }
    if let Some(confidence) = e.confidence {
        let _ = writeln!(out, "confidence {confidence}% (discovered)");
    }
    let _ = writeln!(out, "\nMentions ({}):", mentions.len());
    for m in &mentions {
        let (before, text, after) = context(model, m, 30);
        let _ = writeln!(
            out,
            "  {:<5} {:>4}..{:<4}  {before}[{text}]{after}",
            model.document.cite(m.paragraph),
            m.start,
            m.end
        );
    }
    let outgoing = model.outgoing(id);
    let incoming = model.incoming(id);
    if model.derives_relations() {
        // No relation declared: the entities sharing its paragraphs stand in.
        let co = model.co_mentioned(id);
        let _ = writeln!(out, "\nRelations ({}):", co.len());
        for &(other, n) in co.iter() {
            let evidence = model.shared_paragraphs(id, other);
            let _ = writeln!(
                out,
                "  ≈ co-mentioned with {} ×{n} (derived)  {}",
                model.entities[other].name,
                paragraph_list(model, &evidence)
            );
        }
        return out.split('\n').map(visible).collect::<Vec<_>>().join("\n");
    }
    let _ = writeln!(out, "\nRelations ({}):", outgoing.len() + incoming.len());
    for (&r, outgoing) in outgoing
        .iter()
        .map(|r| (r, true))
        .chain(incoming.iter().map(|r| (r, false)))
    {
        let r = &model.relations[r];
        let other = &model.entities[if outgoing { r.target } else { r.source }].name;
        let evidence = paragraph_list(model, &r.evidence);
        let _ = match (r.derived, outgoing) {
            (true, _) => writeln!(
                out,
                "  ≈ co-mentioned with {other} ×{} (derived)  {evidence}",
                r.evidence.len()
            ),
            (false, true) => writeln!(out, "  → {} {other}  {evidence}", r.label),
            (false, false) => writeln!(out, "  ← {other} {}  {evidence}", r.label),
        };
        for note in &r.notes {
            let _ = writeln!(out, "      {note}");
        }
    }
    let co = model.co_mentioned(id);
    if !co.is_empty() {
        let names: Vec<String> = co
            .iter()
            .take(8)
            .map(|&(other, n)| format!("{} ({n})", model.entities[other].name))
            .collect();
        let _ = writeln!(out, "\nMentioned with: {}", names.join(", "));
    }
    out.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}
