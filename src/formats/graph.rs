//! Writers for other tools: Graphviz DOT (entities as nodes coloured by
//! kind, relations as labelled edges) and JSON Lines with one mention per
//! line, offsets in characters of the document as the brat writer writes it.

use std::fmt::Write as _;

use super::brat;
use crate::model::{EntityId, Model, SpanSlicer};

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
            model.mentions_of(EntityId(e)).len()
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

/// One JSON object per mention: `{"doc", "entity", "kind", "start",
/// "end", "text"}`. Written row by row into one buffer, with the entity's
/// id and kind escaped once, and the paragraph walked once for its mentions
/// rather than sliced from its start for each.
pub fn jsonl(model: &Model, stem: &str) -> String {
    let mut out = Vec::new();
    let _ = write_jsonl(model, stem, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`jsonl`], written to `w` as it goes (a line at a time), so a large
/// export never sits whole in memory.
pub fn write_jsonl(model: &Model, stem: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::with_capacity(256);
    let quoted: Vec<(String, String)> = model
        .entities
        .iter()
        .map(|e| (json_string(&e.id), json_string(&e.kind)))
        .collect();
    for unit in brat::units(model, stem) {
        let doc = json_string(&unit.name);
        for (k, p) in unit.paragraphs.clone().enumerate() {
            let origin = unit.origins[k];
            let paragraph = model.paragraph(p);
            let mut slicer = SpanSlicer::new(&paragraph.text);
            for m in model.mentions_in(p).iter() {
                let (id, kind) = &quoted[m.entity.index()];
                let _ = write!(
                    out,
                    "{{\"doc\":{doc},\"entity\":{id},\"kind\":{kind},\"start\":{},\"end\":{},\"text\":",
                    origin + m.start,
                    origin + m.end
                );
                push_json_string(&mut out, slicer.slice(m.span()));
                out.push_str("}\n");
                if out.len() >= 64 * 1024 {
                    w.write_all(out.as_bytes())?;
                    out.clear();
                }
            }
        }
    }
    w.write_all(out.as_bytes())?;
    w.flush()
}

/// A string as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_json_string(&mut out, text);
    out
}

/// Appends a JSON string literal; text with nothing to escape (most
/// mentions) is copied as it is. Besides what JSON requires, DEL, C1
/// controls and bidirectional overrides are escaped, so the output is safe
/// on a terminal (see [`crate::display::json_safe`]).
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
    } else {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 || crate::display::is_unsafe(c) => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}
