//! Several documents opened together: files named on the command line and
//! the readable files of folders, merged into one model whose document has
//! one part per file. Entities with the same id are one entity across files
//! (discovered entities take their id from their name, so "Japan" found in
//! two texts is one entity). What a folder holds that entscope cannot read is
//! skipped and reported, never fatal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Format, Loaded, Place, Problem, Problems, ReadOptions, display_name, open_file};
use crate::model::{Document, Entity, EntityId, Model, Part, Relation};

/// A file to open, and whether the user named it (its errors are then fatal).
struct Candidate {
    path: PathBuf,
    /// How the file is named in the corpus: relative to its folder.
    label: String,
    format: Format,
    named: bool,
}

/// Opens files and folders as one corpus.
pub fn open(paths: &[PathBuf], options: ReadOptions) -> Result<Loaded, Problems> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, path, &mut files, &mut skipped);
        } else {
            files.push(Candidate {
                path: path.clone(),
                label: display_name(path),
                format: options
                    .format
                    .or_else(|| Format::of(path))
                    .unwrap_or(Format::Text),
                named: true,
            });
        }
    }
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for file in &files {
        match open_file(&file.path, options, file.format) {
            Ok(mut l) => {
                l.file = file.label.clone();
                loaded.push(l);
            }
            Err(Problems(problems)) if file.named => errors.extend(problems),
            Err(Problems(problems)) => {
                let reason = problems
                    .first()
                    .map_or_else(String::new, |p| p.message.clone());
                skipped.push(Problem::warning(
                    display_name(&file.path),
                    Place::File,
                    format!("skipped: {reason}"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Problems(errors));
    }
    let name = match paths {
        [one] => display_name(one),
        _ => format!("{} paths", paths.len()),
    };
    if loaded.is_empty() {
        let message = if skipped.is_empty() {
            "no .txt, .md or .json file to open here".to_string()
        } else {
            format!("no document to open; {} skipped:", skipped.len())
        };
        let mut problems = vec![Problem::error(&name, Place::File, message)];
        problems.extend(skipped.into_iter().map(|p| Problem {
            severity: super::Severity::Error,
            ..p
        }));
        return Err(Problems(problems));
    }
    let mut corpus = merge(loaded, &name);
    corpus.warnings.extend(skipped);
    Ok(corpus)
}

/// The readable files of a folder and its subfolders, in name order.
fn collect(root: &Path, dir: &Path, files: &mut Vec<Candidate>, skipped: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            skipped.push(Problem::warning(
                display_name(dir),
                Place::File,
                format!("skipped: cannot read the folder: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files, skipped);
            continue;
        }
        let lower = path.to_string_lossy().to_lowercase();
        // Files read with another: catalogs, brat annotations and settings.
        let companion = [".entities.json", ".ann", ".a1", ".a2", ".conf"];
        if companion.iter().any(|c| lower.ends_with(c)) {
            continue;
        }
        match Format::of(&path) {
            Some(format) => files.push(Candidate {
                label: display_name(path.strip_prefix(root).unwrap_or(&path)),
                path,
                format,
                named: false,
            }),
            None => {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().into_owned())
                    .unwrap_or_default();
                skipped.push(Problem::warning(
                    display_name(&path),
                    Place::File,
                    format!("skipped: .{ext} files are not a format entscope reads"),
                ));
            }
        }
    }
}

/// The files `entscope check` looks at: named files as they are, and for
/// folders every file inside that entscope reads, catalogs included.
pub fn files_to_check(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            let mut skipped = Vec::new();
            collect(path, path, &mut files, &mut skipped);
            out.extend(files.into_iter().map(|c| c.path));
            let mut catalogs = Vec::new();
            collect_catalogs(path, &mut catalogs);
            out.extend(catalogs);
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn collect_catalogs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_catalogs(&path, out);
        } else if path
            .to_string_lossy()
            .to_lowercase()
            .ends_with(".entities.json")
        {
            out.push(path);
        }
    }
}

/// One model from several: paragraphs in file order, entities merged by id,
/// identical relations merged with their evidence joined.
pub fn merge(documents: Vec<Loaded>, name: &str) -> Loaded {
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_id: HashMap<String, EntityId> = HashMap::new();
    let mut paragraphs = Vec::new();
    let mut parts = Vec::new();
    let mut mentions = Vec::new();
    let mut relations: Vec<Relation> = Vec::new();
    let mut relation_at: HashMap<(EntityId, EntityId, String, bool), usize> = HashMap::new();
    let mut warnings = Vec::new();
    let mut standoff = Vec::new();
    let mut kind_styles = std::collections::HashMap::new();
    for loaded in documents {
        let model = loaded.model;
        let offset = paragraphs.len();
        for mut s in model.standoff {
            s.paragraphs = s.paragraphs.start + offset..s.paragraphs.end + offset;
            standoff.push(s);
        }
        for (kind, style) in model.kind_styles {
            kind_styles.entry(kind).or_insert(style);
        }
        let map: Vec<EntityId> = model
            .entities
            .into_iter()
            .map(|e| match by_id.get(&e.id) {
                Some(&id) => {
                    let known = &mut entities[id];
                    for name in std::iter::once(&e.name).chain(&e.aliases) {
                        if *name != known.name && !known.aliases.contains(name) {
                            known.aliases.push(name.clone());
                        }
                    }
                    if known.kind == "other" {
                        known.kind = e.kind;
                    }
                    id
                }
                None => {
                    by_id.insert(e.id.clone(), entities.len());
                    entities.push(e);
                    entities.len() - 1
                }
            })
            .collect();
        let count = model.document.paragraphs.len();
        parts.push(Part {
            title: model.document.title,
            file: loaded.file,
            annotation: loaded.annotation,
            paragraphs: offset..offset + count,
        });
        paragraphs.extend(model.document.paragraphs);
        mentions.extend(model.mentions.into_iter().map(|mut m| {
            m.entity = map[m.entity];
            m.paragraph += offset;
            m
        }));
        for r in model.relations {
            let (source, target) = (map[r.source], map[r.target]);
            let evidence: Vec<usize> = r.evidence.iter().map(|p| p + offset).collect();
            let key = (source, target, r.label.clone(), r.derived);
            match relation_at.get(&key) {
                Some(&i) => relations[i].evidence.extend(evidence),
                None => {
                    relation_at.insert(key, relations.len());
                    relations.push(Relation {
                        source,
                        target,
                        evidence,
                        ..r
                    });
                }
            }
        }
        warnings.extend(loaded.warnings);
    }
    let title = format!("{name}: {} documents", parts.len());
    let document = Document {
        title,
        source: String::new(),
        paragraphs,
        parts,
    };
    let mut model = Model::new(document, entities, mentions, relations);
    model.standoff = standoff;
    model.kind_styles = kind_styles;
    Loaded {
        model,
        file: name.to_string(),
        catalog: None,
        annotation: "a corpus".into(),
        warnings,
    }
}
