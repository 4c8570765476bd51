//! Writers for other tools: Graphviz DOT (entities as nodes coloured by
//! kind, relations as labelled edges) and JSON Lines with one mention per
//! line, offsets in characters of the document as the brat writer writes it.

use std::fmt::Write as _;

use serde_json::json;

use super::brat;
use crate::model::Model;

/// Colours for kinds in DOT, by name; others get a neutral one.
fn fill(model: &Model, kind: &str) -> String {
    if let Some((r, g, b)) = model.kind_styles.get(kind).and_then(|s| s.color) {
        return format!("#{r:02x}{g:02x}{b:02x}");
    }
    match kind {
        "person" | "per" | "PER" | "PERSON" => "#ffe082",
        "country" | "gpe" | "GPE" => "#80deea",
        "city" => "#b2ebf2",
        "place" | "loc" | "LOC" | "location" => "#a5d6a7",
        "organisation" | "organization" | "org" | "ORG" => "#ce93d8",
        "alliance" => "#f8bbd0",
        "agreement" => "#90caf9",
        "event" => "#ffab91",
        _ => "#e0e0e0",
    }
    .to_string()
}

/// Text safe inside a DOT string: quotes and backslashes escaped, control
/// characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// The entity graph in Graphviz DOT.
pub fn dot(model: &Model) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&model.document.title));
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
    for (e, entity) in model.entities.iter().enumerate() {
        // A DOT label's line break is the two characters \n.
        let label = format!(
            "{}\\n{} · {}",
            escape(&entity.name),
            escape(&entity.kind),
            model.mentions_of(e).len()
        );
        let _ = writeln!(
            out,
            "  {} [label=\"{label}\", fillcolor={}];",
            quote(&entity.id),
            quote(&fill(model, &entity.kind))
        );
    }
    for r in model.relations_to_write().iter() {
        let style = if r.derived { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(&model.entities[r.source].id),
            quote(&model.entities[r.target].id),
            quote(&r.label)
        );
    }
    out.push_str("}\n");
    out
}

/// One JSON object per mention.
pub fn jsonl(model: &Model, stem: &str) -> String {
    let mut out = String::new();
    for unit in brat::units(model, stem) {
        let first = model.mentions_before(unit.paragraphs.start, 0);
        let last = model.mentions_before(unit.paragraphs.end, 0);
        for m in &model.mentions[first..last] {
            let origin = unit.origins[m.paragraph - unit.paragraphs.start];
            let entity = &model.entities[m.entity];
            let row = json!({
                "doc": unit.name,
                "entity": entity.id,
                "kind": entity.kind,
                "start": origin + m.start,
                "end": origin + m.end,
                "text": model.mention_text(m),
            });
            let _ = writeln!(out, "{row}");
        }
    }
    out
}
