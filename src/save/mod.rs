//! Saving a curation: writing a curated model back where it came from: a text's catalog
//! (`NAME.entities.json`, or the `--catalog` named), the annotations inside
//! an entscope JSON document, or a brat `.ann` file.
//!
//! - JSON keeps the file's order and every field entscope does not read
//!   (the file is edited as a tree, not rewritten from the model); names
//!   still link by themselves, so only the mentions linking would not find
//!   are listed, and the spans it would find that a curator unlinked go
//!   under `unlinked`. What is written is read back before it replaces the
//!   file; if reading it back would not give the same mentions, every
//!   mention is listed and linking turned off.
//! - brat keeps every line the curation did not touch byte for byte: a span
//!   gone takes the records that hang on it, a kind changed rewrites its
//!   spans' lines, new mentions are new `T` lines, and spans that now name
//!   one entity are joined by an `Equiv` line.
//!
//! Files are replaced atomically (a temporary file beside, then a rename),
//! and never when they changed on disk since they were read, unless asked.

mod brat;
mod json;
mod target;

pub use target::{Seen, Stamped, Target};

use std::path::{Path, PathBuf};

use crate::files::display_name;
use crate::formats::raw_json::RawObject;
use crate::model::Model;
use brat::brat_ann;
use json::native_json;
use target::seen;

/// Writes the model to its target; `force` writes over a file changed on
/// disk since. Says what was written, or why not.
pub fn save(target: &mut Target, model: &Model, force: bool) -> Result<String, String> {
    if let Target::Cannot(why) = target {
        return Err(why.clone());
    }
    let brat = matches!(target, Target::Brat(_));
    let Some(stamped) = target.stamped() else {
        return Err("nowhere to save".into());
    };
    let name = display_name(&stamped.path);
    if !force && seen(&stamped.path) != stamped.seen {
        return Err(if stamped.seen.is_none() {
            format!("{name} appeared since the document was opened: :w! writes over it")
        } else {
            format!("{name} changed on disk since it was read: :w! writes over it")
        });
    }
    let (contents, note) = contents(&stamped.path, brat, model)?;
    crate::files::write_through(&stamped.path, contents.as_bytes())
        .map_err(|e| format!("{name}: {e}"))?;
    stamped.seen = seen(&stamped.path);
    Ok(format!("saved to {name}{note}"))
}

/// What saving would write to `path`, built on what it holds now, and a
/// note on what it could not hold.
fn contents(path: &Path, brat: bool, model: &Model) -> Result<(String, String), String> {
    let name = display_name(path);
    let existing = match crate::files::read_to_string(path, None) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{name}: {e}")),
    };
    if brat {
        brat_ann(existing.as_deref(), model)
    } else {
        let existing = existing
            .as_deref()
            .map(RawObject::parse)
            .transpose()
            .map_err(|e| format!("{name}: not a JSON object any more ({e}); not written"))?;
        native_json(existing, model, &name)
    }
}

/// When the explorer is stopped (the terminal closed, a signal) with edits
/// unsaved: what saving would have written goes to a new file beside the
/// target (`NAME.entities.json.unsaved`, numbered if that exists), never
/// over the target or any other file. Says where, or why not.
pub fn rescue(target: &Target, model: &Model) -> Result<PathBuf, String> {
    let (Target::Catalog(stamped) | Target::Document(stamped) | Target::Brat(stamped)) = target
    else {
        return Err("nowhere to keep them".into());
    };
    let brat = matches!(target, Target::Brat(_));
    // When what is on disk cannot take the edits (no longer JSON, say), the
    // model's own catalog is kept: the edits matter more than the merge.
    let (contents, _) = contents(&stamped.path, brat, model).or_else(|why| {
        if brat {
            Err(why)
        } else {
            native_json(None, model, &display_name(&stamped.path))
        }
    })?;
    let base = stamped.path.as_os_str().to_string_lossy().into_owned();
    for n in 0..100 {
        let path = PathBuf::from(if n == 0 {
            format!("{base}.unsaved")
        } else {
            format!("{base}.unsaved-{n}")
        });
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match created {
            Ok(mut file) => {
                use std::io::Write;
                let written = file
                    .write_all(contents.as_bytes())
                    .and_then(|()| file.sync_all());
                if let Err(e) = written {
                    // A full disk: no empty or half file left to mislead.
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Err(format!("{}: {e}", path.display()));
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Err(format!("{base}.unsaved and 99 more exist already"))
}

#[cfg(test)]
mod tests;
