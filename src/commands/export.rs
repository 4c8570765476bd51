//! `entscope export`: the model in another format, never over an input.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::args::{Global, Input};
use super::{CommandError, Output, ok, to_json, with_model_read};
use crate::display::{dot_safe, json_safe, visible};
use crate::formats;
use crate::formats::Format;
use crate::load::Loaded;
use crate::load::Request;
use crate::model::Model;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// entscope's native JSON, readable back with every mention listed
    Json,
    /// brat standoff: NAME.txt and NAME.ann in the --output folder
    Brat,
    /// Graphviz: entities as nodes coloured by kind, relations as labelled edges
    Dot,
    /// one mention per line: {doc, entity, kind, start, end, text}
    Jsonl,
}

/// `entscope export`
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Documents or folders (default: the bundled article)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Read the files as this format instead of guessing from their names
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// Where to write: a file, or for brat a folder (needed for brat)
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace files that already exist at --output
    #[arg(long)]
    pub force: bool,
}

/// `entscope export`
pub fn export(global: &Global, args: &ExportArgs) -> Result<Output, CommandError> {
    let request = &global.request(Input {
        files: args.files.clone(),
        format: args.from,
    });
    let (format, output, force) = (args.format, args.output.as_deref(), args.force);
    with_model_read(request, crate::load::index::Reading::Whole, |loaded| {
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
            let (written, not_held) = write_brat(model, &stem, dir, &inputs, force)?;
            let mut output = ok(loaded, format!("wrote {}\n", visible(&written)));
            output.warnings.extend(
                not_held
                    .into_iter()
                    .map(|what| format!("not written, brat cannot hold it: {what}")),
            );
            Ok(output)
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
    if let Some(path) = output {
        guard_output(path, &inputs_of(loaded, request), force)?;
        // Written beside and renamed into place: an interrupted export
        // leaves no half file, and a link at the path is replaced, not
        // written through.
        let mut out = crate::files::Atomic::create(path).map_err(|e| write_error(path, &e))?;
        write(&mut out)
            .and_then(|()| out.commit())
            .map_err(|e| write_error(path, &e))?;
        crate::timing::phase("write the export");
        Ok(ok(
            loaded,
            format!("wrote {}\n", visible(&path.display().to_string())),
        ))
    } else {
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
        with_companions.extend(crate::load::detect::annotation_files(f));
        with_companions.extend(crate::load::file::catalog_sibling(f).filter(|p| p.is_file()));
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
) -> Result<(String, Vec<String>), CommandError> {
    let (documents, not_held) = formats::brat::export(model, stem);
    for written in &documents {
        for ext in ["txt", "ann"] {
            guard_output(&dir.join(format!("{}.{ext}", written.name)), inputs, force)?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))?;
    for written in &documents {
        let txt = dir.join(format!("{}.txt", written.name));
        crate::files::write(&txt, written.text.as_bytes()).map_err(|e| write_error(&txt, &e))?;
        let ann_path = dir.join(format!("{}.ann", written.name));
        crate::files::write(&ann_path, written.ann.as_bytes())
            .map_err(|e| write_error(&ann_path, &e))?;
    }
    Ok((
        format!(
            "{} to {}",
            crate::display::count(documents.len(), "brat document"),
            dir.display()
        ),
        not_held,
    ))
}
