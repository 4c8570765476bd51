//! `entscope entities`: every entity with its kind, aliases and counts.

use std::fmt::Write as _;

use serde::Serialize;

use super::args::{Global, Input};
use super::{CommandError, Output, json_lines, ok, with_model};
use crate::display::{pad, visible, width};
use crate::load::Loaded;

/// `entscope entities`
#[derive(Debug, Clone, clap::Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub input: Input,
    /// JSON Lines: one {id, name, kind, aliases, description, mentions} per entity
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct EntityRow<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    aliases: &'a [String],
    description: &'a str,
    mentions: usize,
}

/// `entscope entities`
pub fn entities(global: &Global, args: &EntitiesArgs) -> Result<Output, CommandError> {
    let (request, json) = (&global.request(args.input.clone()), args.json);
    with_model(request, |loaded| Ok(list_entities(loaded, json)))
}

fn list_entities(loaded: &Loaded, json: bool) -> Output {
    let model = &loaded.model;
    let rows: Vec<EntityRow> = model
        .entities
        .iter()
        .enumerate()
        .map(|(id, e)| EntityRow {
            id: &e.id,
            name: &e.name,
            kind: &e.kind,
            aliases: &e.aliases,
            description: &e.description,
            mentions: model.mention_total(crate::model::EntityId(id)),
        })
        .collect();
    if json {
        return ok(loaded, json_lines(&rows));
    }
    if rows.is_empty() {
        return ok(loaded, format!("{}: no entities\n", visible(&loaded.file)));
    }
    let id_width = rows
        .iter()
        .map(|r| width(&visible(r.id)))
        .max()
        .unwrap_or(2)
        .max(2);
    let kind_width = rows
        .iter()
        .map(|r| width(&visible(r.kind)))
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<id_width$}  {:<kind_width$}  MENTIONS  NAME [ALIASES]: DESCRIPTION",
        "ID", "KIND"
    );
    for r in &rows {
        let aliases = if r.aliases.is_empty() {
            String::new()
        } else {
            format!(" [{}]", r.aliases.join(", "))
        };
        let description = if r.description.is_empty() {
            String::new()
        } else {
            format!(": {}", r.description)
        };
        let line = format!(
            "{}  {}  {:>8}  {}{aliases}{description}",
            pad(&visible(r.id), id_width),
            pad(&visible(r.kind), kind_width),
            r.mentions,
            r.name
        );
        let _ = writeln!(out, "{}", visible(&line));
    }
    let _ = writeln!(
        out,
        "{} entities, {} mentions, {} relations",
        rows.len(),
        model.mention_count(),
        model.relations.len()
    );
    ok(loaded, out)
}
