//! Several documents opened together: files named on the command line and
//! the readable files of folders, merged into one model whose document has
//! one part per file. Entities with the same id are one entity across files
//! (discovered entities take their id from their name, so "Japan" found in
//! two texts is one entity). What a folder holds that entscope cannot read is
//! skipped and reported, never fatal.

use std::path::{Path, PathBuf};

use super::file::{EMPTY_FILE, open_file, read_catalog};
use super::{Loaded, ReadOptions};
use crate::files::{display_name, read_text, title_from_path};
use crate::formats::Format;
use crate::formats::markdown;
use crate::formats::native;
use crate::formats::text;
use crate::model::merge::{Piece, label_disagreements, merge};
use crate::model::{Document, Part};
use crate::problem::{Place, Problem, Problems};
use crate::save::Target;

/// A file to open.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    /// How the file is named in the corpus: relative to its folder.
    pub label: String,
    pub format: Format,
}

/// What a walk of folders found: documents to read, and what it passed over.
#[derive(Default)]
struct Walk {
    files: Vec<Candidate>,
    /// Catalogs (`NAME.entities.json`), for `check`.
    catalogs: Vec<PathBuf>,
    passed_over: Vec<Problem>,
}

/// Opens files and folders as one corpus. A document that cannot be read
/// is refused with its reason and the others load; only when none loads is
/// it an error.
pub fn open(paths: &[PathBuf], options: ReadOptions) -> Result<Loaded, Problems> {
    let walk = walk(paths, options);
    let mut loaded = Vec::new();
    let mut refused = Vec::new();
    let mut passed_over = walk.passed_over;
    // Texts sharing the one --catalog are linked together: one automaton
    // for the corpus, not one per file.
    let shares_catalog = |f: &&Candidate| {
        options.catalog.is_some() && matches!(f.format, Format::Text | Format::Markdown)
    };
    let (shared, own): (Vec<&Candidate>, Vec<&Candidate>) =
        walk.files.iter().partition(shares_catalog);
    let mut own = own;
    if let (Some(catalog), false) = (options.catalog, shared.is_empty()) {
        match with_shared_catalog(&shared, catalog)? {
            Some(texts) => {
                refused.extend(texts.refused);
                passed_over.extend(texts.passed_over);
                loaded.extend(texts.loaded);
            }
            // A catalog that names paragraphs of one text: each its own.
            None => {
                own.splice(0..0, shared);
            }
        }
    }
    for file in own {
        match open_file(&file.path, options, file.format) {
            Ok(mut l) => {
                l.file.clone_from(&file.label);
                loaded.push(l);
            }
            // Nothing in it is nothing lost.
            Err(Problems(problems)) if is_empty_file(&problems) => passed_over.extend(
                problems
                    .into_iter()
                    .map(|p| Problem::warning(p.file, p.place, p.message)),
            ),
            Err(Problems(problems)) => refused.extend(refusal(&file.path, problems)),
        }
    }
    let name = match paths {
        [one] => display_name(one),
        _ => format!("{} paths", paths.len()),
    };
    if loaded.is_empty() {
        let message = match (refused.len(), passed_over.len()) {
            (0, 0) => {
                "no document here: entscope reads .txt, .md, .json, .jsonl, .conll and brat files"
                    .to_string()
            }
            (0, n) => format!(
                "no document here: {} passed over, none a format entscope reads",
                crate::display::count(n, "file")
            ),
            (_, _) => format!(
                "no document could be read; {} refused:",
                crate::display::count(walk.files.len(), "file")
            ),
        };
        let mut problems = vec![Problem::error(&name, Place::File, message)];
        problems.extend(refused);
        return Err(Problems(problems));
    }
    let mut corpus = merged(loaded, &name);
    let disagreements = label_disagreements(&mut corpus.model, &name);
    corpus.problems.extend(disagreements);
    corpus.refused = refused;
    corpus.passed_over = passed_over;
    Ok(corpus)
}

/// The documents of files and folders, walked as [`open`] walks them, and
/// what the walk passed over.
pub fn documents(paths: &[PathBuf], options: ReadOptions) -> (Vec<Candidate>, Vec<Problem>) {
    let walk = walk(paths, options);
    (walk.files, walk.passed_over)
}

/// True when the only problem is that the file is empty: nothing lost.
pub fn is_empty_file(problems: &[Problem]) -> bool {
    matches!(problems, [only] if only.message == EMPTY_FILE)
}

/// What reading texts with a shared catalog gave.
struct SharedCatalog {
    loaded: Option<Loaded>,
    refused: Vec<Problem>,
    passed_over: Vec<Problem>,
}

/// Reads every text, then links them all as one document of many parts
/// against the catalog, read and turned into an automaton once. `None` when
/// the catalog lists spans or furniture, which name paragraphs of a single
/// text; an unreadable catalog is an error for the whole corpus.
fn with_shared_catalog(
    files: &[&Candidate],
    catalog: &Path,
) -> Result<Option<SharedCatalog>, Problems> {
    let (file, skipped) = read_catalog(catalog)?;
    let per_text = !file.mentions.is_empty()
        || file
            .document
            .as_ref()
            .is_some_and(|d| !d.furniture.is_empty() || d.paragraphs.is_some());
    if per_text {
        return Ok(None);
    }
    let catalog_name = display_name(catalog);
    let annotation = format!("catalog: {catalog_name}");
    let mut shared = SharedCatalog {
        loaded: None,
        refused: Vec::new(),
        passed_over: Vec::new(),
    };
    let mut document = Document::default();
    for f in files {
        let contents = match read_text(&f.path) {
            Ok(c) if c.trim().is_empty() => {
                shared.passed_over.push(Problem::warning(
                    display_name(&f.path),
                    Place::File,
                    EMPTY_FILE,
                ));
                continue;
            }
            Ok(c) => c,
            Err(problem) => {
                shared.refused.extend(refusal(&f.path, vec![problem]));
                continue;
            }
        };
        let title = title_from_path(&f.path);
        let one = if f.format == Format::Markdown {
            markdown::parse(&contents, &title)
        } else {
            text::parse(&contents, &title)
        };
        let start = document.paragraphs.len();
        document.paragraphs.extend(one.paragraphs);
        document.parts.push(Part {
            title: one.title,
            file: f.label.clone(),
            annotation: annotation.clone(),
            paragraphs: start..document.paragraphs.len(),
        });
    }
    if document.parts.is_empty() {
        return Ok(Some(shared));
    }
    let texts = document.parts.len();
    document.title = format!("{texts} texts");
    let mut loaded = Loaded::of(
        native::resolve_with_catalog(document, &catalog_name, &file, &crate::cache::link)?,
        "texts",
    );
    loaded.problems_first(skipped);
    loaded.annotation = annotation;
    loaded.documents = texts;
    shared.loaded = Some(loaded);
    Ok(Some(shared))
}

/// The problems that kept a document out: every error is kept, so the user
/// sees each reason, but the first names the document as refused.
pub fn refusal(path: &Path, problems: Vec<Problem>) -> Vec<Problem> {
    let errors: Vec<Problem> = problems.into_iter().filter(Problem::is_error).collect();
    match errors.split_first() {
        Some((first, rest)) => {
            let mut out = vec![Problem {
                message: format!("refused: {}", first.message),
                ..first.clone()
            }];
            out.extend(rest.iter().cloned());
            out
        }
        None => vec![Problem::error(
            display_name(path),
            Place::File,
            "refused: it could not be read",
        )],
    }
}

/// Files named on the command line as they are; folders walked as ripgrep
/// walks them: hidden files, `.gitignore`d paths and cache folders skipped,
/// symbolic links not followed out of the folder (unless `--follow`), and
/// anything that is not a regular file passed over rather than read.
fn walk(paths: &[PathBuf], options: ReadOptions) -> Walk {
    let mut found = Walk::default();
    for path in paths {
        if path.is_dir() {
            walk_folder(path, options, &mut found);
        } else {
            found.files.push(Candidate {
                path: path.clone(),
                label: display_name(path),
                format: options
                    .format
                    .or_else(|| crate::load::detect::format_of(path))
                    .unwrap_or(Format::Text),
            });
        }
    }
    found
}

/// A folder walked: its regular files sorted into documents and catalogs,
/// everything else passed over with the reason.
fn walk_folder(root: &Path, options: ReadOptions, found: &mut Walk) {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(options.follow)
        .require_git(false)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(|e| !is_cache_folder(e.path()))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => match readable(&entry, &canonical_root) {
                Ok(true) => files.push(entry.path().to_path_buf()),
                Ok(false) => {}
                Err(why) => found.pass_over(entry.path(), why),
            },
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                found.pass_over(&path, format!("not read: {}", error_reason(&e)));
            }
        }
    }
    for path in files {
        sort_file(root, path, options, found);
    }
}

impl Walk {
    fn pass_over(&mut self, path: &Path, why: String) {
        self.passed_over
            .push(Problem::warning(display_name(path), Place::File, why));
    }
}

/// Whether an entry of the walk is a file to read (`false`: a folder, or a
/// link to one, walked already), or why it is passed over. Links are not
/// followed (that is `--follow`): a link to a file inside the folder is
/// read, one out of it passed over.
fn readable(entry: &ignore::DirEntry, canonical_root: &Path) -> Result<bool, String> {
    let Some(kind) = entry.file_type() else {
        return Ok(false);
    };
    if kind.is_dir() {
        return Ok(false);
    }
    if kind.is_symlink() {
        return match std::fs::canonicalize(entry.path()) {
            Ok(target) if target.starts_with(canonical_root) => Ok(target.is_file()),
            Ok(target) => Err(format!(
                "a link out of the folder (to {}), not followed without --follow",
                target.display()
            )),
            Err(e) => Err(format!("a broken link: {e}")),
        };
    }
    if kind.is_file() {
        Ok(true)
    } else {
        Err(format!("not a regular file ({})", special_kind(kind)))
    }
}

/// A file of a folder: a document to read, a catalog, a file read with
/// another (brat's annotations and settings), or one passed over.
fn sort_file(root: &Path, path: PathBuf, options: ReadOptions, found: &mut Walk) {
    let lower = path.to_string_lossy().to_lowercase();
    if lower.ends_with(".entities.json") {
        found.catalogs.push(path);
        return;
    }
    let companion = [".ann", ".a1", ".a2", ".conf"];
    if companion.iter().any(|c| lower.ends_with(c)) {
        return;
    }
    let format = options
        .format
        .or_else(|| crate::load::detect::format_of(&path));
    #[allow(clippy::case_sensitive_file_extension_comparisons)] // `lower` is lower-cased
    if format.is_none() && (lower.ends_with(".jsonl") || lower.ends_with(".ndjson")) {
        // A patterns file: a catalog.
        found.catalogs.push(path);
        return;
    }
    if let Some(format) = format {
        found.files.push(Candidate {
            label: display_name(path.strip_prefix(root).unwrap_or(&path)),
            path,
            format,
        });
    } else {
        let ext = path.extension().map_or_else(
            || "this is".into(),
            |e| format!(".{} files are", e.to_string_lossy()),
        );
        found.pass_over(&path, format!("{ext} not a format entscope reads"));
    }
}

/// Folders of generated files a document search never wants: anything
/// tagged with `CACHEDIR.TAG` (cargo's `target/`), `node_modules`, `__pycache__`.
fn is_cache_folder(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy());
    matches!(name.as_deref(), Some("node_modules" | "__pycache__"))
        || (path.is_dir() && path.join("CACHEDIR.TAG").is_file())
}

fn special_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = kind;
    "not a file or folder"
}

/// The path an error of the walk is about, where it says.
fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// What went wrong in the walk, without the path (the problem names it).
fn error_reason(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_reason(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!("a link back to {} (a loop)", ancestor.display())
        }
        other => other.to_string(),
    }
}

/// The files `entscope check` looks at: named files as they are, and for
/// folders every file inside that entscope reads, catalogs included.
pub fn files_to_check(paths: &[PathBuf], options: ReadOptions) -> (Vec<PathBuf>, Vec<Problem>) {
    let walk = walk(paths, options);
    let mut out: Vec<PathBuf> = walk.files.into_iter().map(|c| c.path).collect();
    out.extend(walk.catalogs);
    (out, walk.passed_over)
}

/// The documents read, as one corpus: their models merged, their problems
/// and counts added up.
fn merged(documents: Vec<Loaded>, name: &str) -> Loaded {
    let mut problems = Vec::new();
    let mut read = 0;
    let mut pieces = Vec::with_capacity(documents.len());
    for loaded in documents {
        problems.extend(loaded.problems);
        read += loaded.documents;
        pieces.push(Piece {
            model: loaded.model,
            file: loaded.file,
            annotation: loaded.annotation,
        });
    }
    let mut loaded = Loaded::new(merge(pieces, name), name, "a corpus");
    loaded.target = Target::Cannot(
        "a corpus is curated one document at a time: open one of its files to curate it".into(),
    );
    loaded.problems = problems;
    loaded.documents = read;
    loaded
}
