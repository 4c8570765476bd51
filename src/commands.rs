//! The non-interactive subcommands: thin printers over the model.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use crate::cli::ExportFormat;
use crate::display::visible;
use crate::formats::{self, Loaded, Problems, Request};
use crate::model::{EntityId, Mention, Model, RelationId};
use crate::search::EntitySearch;

/// Output of a subcommand: what to print and whether it succeeded.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub success: bool,
    /// Lines for standard error, each printed after "entscope: ".
    pub warnings: Vec<String>,
}

/// An error a subcommand reports in one line (or one line per problem).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Load(#[from] Problems),
    #[error("{0}")]
    Message(String),
}

fn load(request: &Request) -> Result<Loaded, CommandError> {
    Ok(formats::open(request)?)
}

/// Warnings of a load (skipped files, shared aliases), for standard error.
fn warnings(loaded: &Loaded) -> Vec<String> {
    loaded.warnings.iter().map(|w| w.to_string()).collect()
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn ok(loaded: &Loaded, stdout: String) -> Output {
    Output {
        stdout,
        success: true,
        warnings: warnings(loaded),
    }
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
pub fn entities(request: &Request, json: bool) -> Result<Output, CommandError> {
    let loaded = load(request)?;
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
            mentions: model.mentions_of(id).len(),
        })
        .collect();
    if json {
        return Ok(ok(&loaded, to_json(&rows)));
    }
    if rows.is_empty() {
        return Ok(ok(
            &loaded,
            format!("{}: no entities\n", visible(&loaded.file)),
        ));
    }
    let id_width = rows
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    let kind_width = rows
        .iter()
        .map(|r| r.kind.chars().count())
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
            "{:<id_width$}  {:<kind_width$}  {:>8}  {}{aliases}{description}",
            r.id, r.kind, r.mentions, r.name
        );
        let _ = writeln!(out, "{}", visible(&line));
    }
    let _ = writeln!(
        out,
        "{} entities, {} mentions, {} relations",
        rows.len(),
        model.mentions.len(),
        model.relations.len()
    );
    Ok(ok(&loaded, out))
}

/// Resolves what the user typed to an entity, or explains with suggestions.
fn find_entity(loaded: &Loaded, query: &str) -> Result<EntityId, CommandError> {
    let model = &loaded.model;
    if let Some(id) = model.lookup(query) {
        return Ok(id);
    }
    let hits = EntitySearch::new(model).search(query, 3);
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

/// Up to `width` characters either side of a mention, on one line.
pub fn context(model: &Model, mention: &Mention, width: usize) -> (String, String, String) {
    let paragraph = &model.document.paragraphs[mention.paragraph];
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
    let text = model.mention_text(mention).to_string();
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
pub fn show(entity: &str, request: &Request, json: bool) -> Result<Output, CommandError> {
    let loaded = load(request)?;
    let model = &loaded.model;
    let id = find_entity(&loaded, entity)?;
    let e = &model.entities[id];
    let mentions: Vec<&Mention> = model
        .mentions_of(id)
        .iter()
        .map(|&m| &model.mentions[m])
        .collect();
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
                })
            })
            .collect()
    };
    if json {
        let value = json!({
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "aliases": e.aliases,
            "description": e.description,
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
        });
        return Ok(ok(&loaded, to_json(&value)));
    }

    let mut out = String::new();
    let _ = writeln!(out, "{}  ({}, id {})", e.name, e.kind, e.id);
    if !e.aliases.is_empty() {
        let _ = writeln!(out, "aliases: {}", e.aliases.join(", "));
    }
    if !e.description.is_empty() {
        let _ = writeln!(out, "{}", e.description);
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
    let safe: Vec<_> = out.split('\n').map(visible).collect();
    Ok(ok(&loaded, safe.join("\n")))
}

/// `entscope search`
pub fn search(
    query: &str,
    request: &Request,
    limit: usize,
    json: bool,
) -> Result<Output, CommandError> {
    let loaded = load(request)?;
    let model = &loaded.model;
    let hits = EntitySearch::new(model).search(query, limit);
    if json {
        let rows: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                let e = &model.entities[h.entity];
                json!({"id": e.id, "name": e.name, "kind": e.kind, "matched": h.name, "score": h.score,
                       "mentions": model.mentions_of(h.entity).len()})
            })
            .collect();
        return Ok(ok(&loaded, to_json(&rows)));
    }
    let mut out = String::new();
    for h in &hits {
        let e = &model.entities[h.entity];
        let matched = if h.name == e.name {
            String::new()
        } else {
            format!("  (as \"{}\")", h.name)
        };
        let line = format!(
            "{:>5}  {:<12} {}{matched}  [{}]",
            h.score, e.kind, e.name, e.id
        );
        let _ = writeln!(out, "{}", visible(&line));
    }
    Ok(Output {
        warnings: warnings(&loaded),
        success: !hits.is_empty(),
        stdout: if hits.is_empty() {
            format!("no entity matches \"{}\"\n", visible(query))
        } else {
            out
        },
    })
}

/// `entscope export`
pub fn export(
    request: &Request,
    format: ExportFormat,
    output: Option<&Path>,
) -> Result<Output, CommandError> {
    let loaded = load(request)?;
    let model = &loaded.model;
    let stem = request
        .files
        .first()
        .and_then(|f| f.file_stem())
        .map_or_else(
            || "japan-nz-partnership".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    let text = match format {
        ExportFormat::Json => to_json(&formats::native::export(model)),
        ExportFormat::Dot => formats::graph::dot(model),
        ExportFormat::Jsonl => formats::graph::jsonl(model, &stem),
        ExportFormat::Brat => {
            let Some(dir) = output else {
                return Err(CommandError::Message(
                    "brat export writes a .txt and a .ann per document: give a folder with --output DIR".into(),
                ));
            };
            let written = write_brat(model, &stem, dir)?;
            return Ok(ok(&loaded, format!("wrote {written}\n")));
        }
    };
    match output {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| {
                CommandError::Message(format!("{}: cannot write: {e}", path.display()))
            })?;
            Ok(ok(&loaded, format!("wrote {}\n", path.display())))
        }
        None => Ok(ok(&loaded, text)),
    }
}

/// Writes brat pairs into `dir`, creating it; says what it wrote.
fn write_brat(model: &Model, stem: &str, dir: &Path) -> Result<String, CommandError> {
    let fail = |path: &Path, e: std::io::Error| {
        CommandError::Message(format!("{}: cannot write: {e}", path.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    let documents = formats::brat::export(model, stem);
    for (name, text, ann) in &documents {
        let txt = dir.join(format!("{name}.txt"));
        std::fs::write(&txt, text).map_err(|e| fail(&txt, e))?;
        let ann_path = dir.join(format!("{name}.ann"));
        std::fs::write(&ann_path, ann).map_err(|e| fail(&ann_path, e))?;
    }
    Ok(format!(
        "{} to {}",
        formats::count(documents.len(), "brat document"),
        dir.display()
    ))
}

/// `entscope check`: every problem of every file; fails if any is an error.
pub fn check(paths: &[PathBuf], format: Option<formats::Format>) -> Output {
    let mut out = String::new();
    let (mut errors, mut warnings, mut bad_files) = (0, 0, 0);
    let files = formats::corpus::files_to_check(paths);
    for path in &files {
        let (problems, summary) = formats::check(path, format);
        for p in &problems {
            let _ = writeln!(out, "{p}");
        }
        let file_errors = problems.iter().filter(|p| p.is_error()).count();
        errors += file_errors;
        warnings += problems.len() - file_errors;
        match summary {
            Some(summary) if file_errors == 0 => {
                let _ = writeln!(
                    out,
                    "{}: ok ({summary})",
                    visible(&formats::display_name(path))
                );
            }
            _ => bad_files += 1,
        }
    }
    let _ = writeln!(
        out,
        "checked {} file{}: {bad_files} with errors, {errors} error{}, {warnings} warning{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    Output {
        stdout: out,
        success: errors == 0,
        warnings: Vec::new(),
    }
}
