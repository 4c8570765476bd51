//! The non-interactive subcommands: thin printers over the model.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use crate::cli::ExportFormat;
use crate::display::{dot_safe, json_safe, pad, visible, width};
use crate::formats::{self, Format, Loaded, Problems, Request};
use crate::model::{EntityId, Mention, Model, RelationId};
use crate::search::EntitySearch;

/// Output of a subcommand: what to print and whether it succeeded.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub success: bool,
    /// Lines for standard error, each printed after "entscope: ".
    pub warnings: Vec<String>,
    /// A last line for standard error, after the output: what was lost.
    pub summary: Option<String>,
    /// The model the command ran over, kept alive until the process exits.
    pub model: Option<Loaded>,
}

/// An error a subcommand reports in one line (or one line per problem).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Load(#[from] Problems),
    #[error("{0}")]
    Message(String),
}

/// Loads what the request names and runs a command over it. The model is
/// handed back in the output, so a process that is about to exit need not
/// spend time freeing it.
fn with_model(
    request: &Request,
    command: impl FnOnce(&Loaded) -> Result<Output, CommandError>,
) -> Result<Output, CommandError> {
    let loaded = formats::open(request)?;
    let mut output = command(&loaded)?;
    output.model = Some(loaded);
    Ok(output)
}

/// How many problems of one file a command prints before it counts the
/// rest (`check` lists them all).
const PROBLEMS_SHOWN: usize = 10;

/// What a load has to say on standard error: each refused document, the
/// first problems of each file with their places (and a count of the rest),
/// then one line for the files passed over.
pub fn warnings(loaded: &Loaded) -> Vec<String> {
    let mut lines: Vec<String> = loaded.refused.iter().map(|w| w.to_string()).collect();
    lines.extend(capped(
        &loaded.problems,
        PROBLEMS_SHOWN,
        "entscope check lists them all",
    ));
    lines.extend(loaded.passed_over_summary());
    lines
}

/// Problems as lines, at most `shown` of each file, then one line counting
/// the rest of that file's.
fn capped(problems: &[formats::Problem], shown: usize, hint: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < problems.len() {
        let file = &problems[i].file;
        let run = problems[i..].iter().take_while(|p| &p.file == file).count();
        lines.extend(
            problems[i..i + run.min(shown)]
                .iter()
                .map(|p| p.to_string()),
        );
        if run > shown {
            lines.push(format!(
                "{}: … and {} ({hint})",
                visible(file),
                formats::count(run - shown, "more problem")
            ));
        }
        i += run;
    }
    lines
}

/// The closing line when a load lost anything.
pub fn loss_summary(loaded: &Loaded) -> Option<String> {
    loaded.loss().map(|l| format!("{l} — see above"))
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A command's output over a load: it fails when the load lost anything.
fn ok(loaded: &Loaded, stdout: String) -> Output {
    Output {
        stdout,
        success: !loaded.lost_anything(),
        warnings: warnings(loaded),
        summary: loss_summary(loaded),
        model: None,
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
    with_model(request, |loaded| list_entities(loaded, json))
}

fn list_entities(loaded: &Loaded, json: bool) -> Result<Output, CommandError> {
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
        return Ok(ok(loaded, json_safe(to_json(&rows))));
    }
    if rows.is_empty() {
        return Ok(ok(
            loaded,
            format!("{}: no entities\n", visible(&loaded.file)),
        ));
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
        model.mentions.len(),
        model.relations.len()
    );
    Ok(ok(loaded, out))
}

/// Resolves what the user typed to an entity: by id, name or alias; else
/// the fuzzy match when one is clearly best (with a note saying so for
/// standard error); else an error listing the closest.
fn find_entity(loaded: &Loaded, query: &str) -> Result<(EntityId, Option<String>), CommandError> {
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
fn clear_winner(hits: &[crate::search::Hit]) -> Option<EntityId> {
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
    with_model(request, |loaded| show_entity(loaded, entity, json))
}

fn show_entity(loaded: &Loaded, entity: &str, json: bool) -> Result<Output, CommandError> {
    let model = &loaded.model;
    let (id, note) = find_entity(loaded, entity)?;
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
                    "notes": r.notes,
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
        let mut output = ok(loaded, json_safe(to_json(&value)));
        output.warnings.extend(note);
        return Ok(output);
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
    if model.derives_relations() {
        // No relation declared: the entities sharing its paragraphs stand in.
        let co = model.co_mentioned(id);
        let _ = writeln!(out, "\nRelations ({}):", co.len());
        for &(other, n) in co {
            let evidence = model.shared_paragraphs(id, other);
            let _ = writeln!(
                out,
                "  ≈ co-mentioned with {} ×{n} (derived)  {}",
                model.entities[other].name,
                paragraph_list(model, &evidence)
            );
        }
        let safe: Vec<_> = out.split('\n').map(visible).collect();
        let mut output = ok(loaded, safe.join("\n"));
        output.warnings.extend(note);
        return Ok(output);
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
    let safe: Vec<_> = out.split('\n').map(visible).collect();
    let mut output = ok(loaded, safe.join("\n"));
    output.warnings.extend(note);
    Ok(output)
}

/// `entscope search`. Over a large catalog on its own, the names are read
/// from the cache when it holds them (and put there when it does not), so
/// no JSON is parsed and no model is built.
pub fn search(
    query: &str,
    request: &Request,
    limit: usize,
    json: bool,
) -> Result<Output, CommandError> {
    let entry = catalog_alone(request).and_then(crate::cache::names_entry);
    if let Some(index) = entry.as_ref().and_then(crate::cache::NamesEntry::load) {
        crate::timing::phase("read the names from the cache");
        return Ok(rank(&EntitySearch::from_index(index), query, limit, json));
    }
    with_model(request, |loaded| {
        let search = EntitySearch::new(&loaded.model);
        if let Some(entry) = &entry
            && !loaded.lost_anything()
        {
            entry.store(search.index());
        }
        let ranked = rank(&search, query, limit, json);
        Ok(Output {
            success: ranked.success && !loaded.lost_anything(),
            warnings: warnings(loaded),
            summary: loss_summary(loaded),
            ..ranked
        })
    })
}

/// The catalog a request names with no text: `search CATALOG` or `search
/// --catalog CATALOG`.
fn catalog_alone(request: &Request) -> Option<&Path> {
    match (request.files.as_slice(), &request.catalog) {
        ([], Some(catalog)) => Some(catalog),
        ([one], None) if formats::is_catalog(one) => Some(one),
        _ => None,
    }
}

/// The hits for a query, as lines or JSON.
fn rank(search: &EntitySearch, query: &str, limit: usize, json: bool) -> Output {
    let hits = search.search(query, limit);
    crate::timing::phase("search");
    let index = search.index();
    let found = !hits.is_empty();
    if json {
        let rows: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                let e = h.entity;
                json!({"id": index.id(e), "name": index.name(e), "kind": index.kind(e),
                       "matched": h.name, "score": h.score, "mentions": index.mentions(e)})
            })
            .collect();
        return Output {
            stdout: json_safe(to_json(&rows)),
            success: found,
            ..Output::default()
        };
    }
    let mut out = String::new();
    for h in &hits {
        let name = index.name(h.entity);
        let matched = if h.name == name {
            String::new()
        } else {
            format!("  (as \"{}\")", h.name)
        };
        let line = format!(
            "{:>5}  {} {name}{matched}  [{}]",
            h.score,
            pad(&visible(index.kind(h.entity)), 12),
            index.id(h.entity)
        );
        let _ = writeln!(out, "{}", visible(&line));
    }
    if !found {
        out = format!("no entity matches \"{}\"\n", visible(query));
    }
    Output {
        stdout: out,
        success: found,
        ..Output::default()
    }
}

/// `entscope export`
pub fn export(
    request: &Request,
    format: ExportFormat,
    output: Option<&Path>,
    force: bool,
) -> Result<Output, CommandError> {
    with_model(request, |loaded| {
        write_export(loaded, request, format, output, force)
    })
}

fn write_export(
    loaded: &Loaded,
    request: &Request,
    format: ExportFormat,
    output: Option<&Path>,
    force: bool,
) -> Result<Output, CommandError> {
    let model = &loaded.model;
    let stem = request
        .files
        .first()
        .and_then(|f| f.file_stem())
        .map_or_else(
            || "japan-nz-partnership".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
    crate::timing::phase("load");
    let whole = |text: String| move |w: &mut dyn std::io::Write| w.write_all(text.as_bytes());
    match format {
        // Streamed: a large corpus's mentions never sit whole in memory.
        ExportFormat::Jsonl => stream(loaded, request, output, force, |w| {
            formats::graph::write_jsonl(model, &stem, w)
        }),
        ExportFormat::Json => {
            let text = json_safe(to_json(&formats::native::export(model)));
            stream(loaded, request, output, force, whole(text))
        }
        ExportFormat::Dot => {
            let text = dot_safe(formats::graph::dot(model));
            stream(loaded, request, output, force, whole(text))
        }
        ExportFormat::Brat => {
            let Some(dir) = output else {
                return Err(CommandError::Message(
                    "brat export writes a .txt and a .ann per document: give a folder with --output DIR".into(),
                ));
            };
            let inputs = inputs_of(loaded, request);
            let written = write_brat(model, &stem, dir, &inputs, force)?;
            Ok(ok(loaded, format!("wrote {}\n", visible(&written))))
        }
    }
}

/// Writes an export as it is produced: to `--output` (guarded like any
/// output), or to standard output, where a closed pipe ends it quietly.
fn stream(
    loaded: &Loaded,
    request: &Request,
    output: Option<&Path>,
    force: bool,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<Output, CommandError> {
    match output {
        Some(path) => {
            guard_output(path, &inputs_of(loaded, request), force)?;
            let file = std::fs::File::create(path).map_err(|e| write_error(path, &e))?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| write_error(path, &e))?;
            crate::timing::phase("write the export");
            Ok(ok(
                loaded,
                format!("wrote {}\n", visible(&path.display().to_string())),
            ))
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            match write(&mut out).and_then(|()| std::io::Write::flush(&mut out)) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CommandError::Message(
                    format!("cannot write to standard output: {e}"),
                )),
                _ => {
                    crate::timing::phase("write the export");
                    Ok(ok(loaded, String::new()))
                }
            }
        }
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> CommandError {
    CommandError::Message(format!("{}: cannot write: {e}", path.display()))
}

/// Every file the model was read from: named files, the files of named
/// folders, their catalogs and annotation files.
fn inputs_of(loaded: &Loaded, request: &Request) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = request.files.clone();
    files.extend(request.catalog.clone());
    // The files of a folder are named relative to it in the corpus.
    for folder in request.files.iter().filter(|f| f.is_dir()) {
        for part in &loaded.model.document.parts {
            files.push(folder.join(&part.file));
        }
    }
    let mut with_companions = Vec::new();
    for f in &files {
        with_companions.extend(formats::brat::annotation_files(f));
        with_companions.extend(formats::catalog_sibling(f).filter(|p| p.is_file()));
    }
    files.extend(with_companions);
    files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect()
}

/// Refuses to write over an input at all, and over any other existing file
/// unless `--force` says so.
fn guard_output(path: &Path, inputs: &[PathBuf], force: bool) -> Result<(), CommandError> {
    let shown = visible(&path.display().to_string()).into_owned();
    if let Ok(target) = std::fs::canonicalize(path) {
        if inputs.contains(&target) {
            return Err(CommandError::Message(format!(
                "{shown}: refusing to write over a file this export reads; choose another --output"
            )));
        }
        if !force && target.is_file() {
            return Err(CommandError::Message(format!(
                "{shown}: already exists; add --force to replace it"
            )));
        }
    }
    Ok(())
}

/// Writes brat pairs into `dir`, creating it; says what it wrote. Inputs
/// are never written over; other existing files only with `--force`.
fn write_brat(
    model: &Model,
    stem: &str,
    dir: &Path,
    inputs: &[PathBuf],
    force: bool,
) -> Result<String, CommandError> {
    let documents = formats::brat::export(model, stem);
    for (name, _, _) in &documents {
        for ext in ["txt", "ann"] {
            guard_output(&dir.join(format!("{name}.{ext}")), inputs, force)?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))?;
    for (name, text, ann) in &documents {
        let txt = dir.join(format!("{name}.txt"));
        std::fs::write(&txt, text).map_err(|e| write_error(&txt, &e))?;
        let ann_path = dir.join(format!("{name}.ann"));
        std::fs::write(&ann_path, ann).map_err(|e| write_error(&ann_path, &e))?;
    }
    Ok(format!(
        "{} to {}",
        formats::count(documents.len(), "brat document"),
        dir.display()
    ))
}

/// `entscope completions SHELL`: a completion script from the clap definitions.
pub fn completions(shell: clap_complete::Shell) -> Output {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "entscope", &mut out);
    Output {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        success: true,
        ..Output::default()
    }
}

/// `entscope man`: the manual page, from the clap definitions.
pub fn man() -> Result<Output, CommandError> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command())
        .render(&mut out)
        .map_err(|e| CommandError::Message(format!("cannot render the manual page: {e}")))?;
    Ok(Output {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        success: true,
        ..Output::default()
    })
}

/// `entscope config`: the default configuration, where the file is looked
/// for, or (with `--config FILE`) whether that file reads.
pub fn config(default: bool, path: bool, file: Option<&Path>) -> Result<Output, CommandError> {
    let stdout = if default {
        crate::config::default_file()
    } else if path {
        match crate::config::default_path() {
            Some(p) => format!("{}\n", visible(&p.display().to_string())),
            None => "no home folder: pass --config FILE\n".to_string(),
        }
    } else {
        crate::config::load(file).map_err(Problems::from)?;
        let shown = file
            .map(Path::to_path_buf)
            .or_else(|| crate::config::default_path().filter(|p| p.is_file()));
        match shown {
            Some(p) => format!("{}: ok\n", visible(&p.display().to_string())),
            None => "no config file: the defaults apply (entscope config --default prints them)\n"
                .to_string(),
        }
    };
    Ok(Output {
        stdout,
        success: true,
        ..Output::default()
    })
}

/// `entscope check`: every problem of every file; fails if any is an error
/// or if nothing could be checked.
pub fn check(request: &Request) -> Output {
    let mut out = String::new();
    let (mut errors, mut warnings, mut bad_files) = (0, 0, 0);
    let options = request.options();
    let (files, passed_over) = formats::corpus::files_to_check(&request.files, options);
    if let Some(catalog) = &request.catalog {
        let (problems, _) = formats::check(catalog, formats::ReadOptions::default());
        // The catalog is checked with each text; on its own only when it
        // cannot even be read.
        if problems.iter().any(|p| p.is_error()) && files.is_empty() {
            for p in &problems {
                let _ = writeln!(out, "{p}");
            }
        }
    }
    for path in &files {
        let (problems, summary) = formats::check(path, options);
        for p in &problems {
            let _ = writeln!(out, "{p}");
        }
        let file_errors = problems.iter().filter(|p| p.is_error()).count();
        errors += file_errors;
        warnings += problems.len() - file_errors;
        match summary {
            Some(summary) if file_errors == 0 => {
                let with = match (&request.catalog, Format::of(path)) {
                    (Some(c), Some(Format::Text | Format::Markdown)) => {
                        format!(" with {}", visible(&formats::display_name(c)))
                    }
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{}{with}: ok ({summary})",
                    visible(&formats::display_name(path))
                );
            }
            _ => bad_files += 1,
        }
    }
    let mut stderr = Vec::new();
    if !passed_over.is_empty() {
        stderr.push(format!(
            "passed over {} that entscope does not read",
            formats::count(passed_over.len(), "file")
        ));
    }
    if files.is_empty() {
        let names: Vec<String> = request
            .files
            .iter()
            .map(|p| visible(&formats::display_name(p)).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "{}: nothing to check: no file here is a format entscope reads",
            names.join(", ")
        );
        return Output {
            stdout: out,
            success: false,
            warnings: stderr,
            summary: None,
            model: None,
        };
    }
    let _ = writeln!(
        out,
        "checked {}: {bad_files} with errors, {}, {}",
        formats::count(files.len(), "file"),
        formats::count(errors, "error"),
        formats::count(warnings, "warning"),
    );
    Output {
        stdout: out,
        success: errors == 0,
        warnings: stderr,
        summary: None,
        model: None,
    }
}
