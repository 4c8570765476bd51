//! `entscope index`: builds or brings up to date a corpus's on-disk index.

use std::io::IsTerminal;
use std::path::Path;

use super::args::{Global, Input};
use super::{CommandError, Output};
use crate::display::visible;
use crate::files::display_name;
use crate::load::Request;

/// `entscope index`
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArgs {
    /// Files and folders of the corpus
    #[arg(required_unless_present = "update", value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,
    /// Bring this index up to date from the paths it was made from, wherever they are
    #[arg(long, value_name = "INDEX", conflicts_with_all = ["paths", "output"])]
    pub update: Option<std::path::PathBuf>,
    /// Read the files as this format instead of guessing from their names
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<crate::formats::Format>,
    /// Where to write the index (default: the cache folder, one file per corpus)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

pub fn index(global: &Global, args: &IndexArgs) -> Result<Output, CommandError> {
    if let Some(named) = &args.update {
        return update_named(named);
    }
    let request = &global.request(Input {
        files: args.paths.clone(),
        format: args.format,
    });
    let output = args.output.as_deref();
    let path = match output {
        Some(path) => {
            refuse_to_overwrite(path, request)?;
            path.to_path_buf()
        }
        None => crate::load::index::default_path(&request.files, request.catalog.as_deref())
            .ok_or_else(|| {
                CommandError::Message(
                    "no cache folder to keep the index in: give --output FILE".into(),
                )
            })?,
    };
    let built = crate::load::index::update(request, &path, std::io::stderr().is_terminal())?;
    Ok(report(&built, &path, Vec::new()))
}

/// `entscope index --update INDEX`: the index brought up to date from what
/// it was made from, those paths said first.
pub fn update_named(index: &Path) -> Result<Output, CommandError> {
    let (built, paths) = crate::load::index::update_named(index, std::io::stderr().is_terminal())?;
    let from = paths
        .iter()
        .map(|p| visible(&p.to_string_lossy()).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    Ok(report(&built, index, vec![format!("updating from {from}")]))
}

fn report(built: &crate::load::index::Built, path: &Path, mut warnings: Vec<String>) -> Output {
    if let Some(why) = built
        .rebuilt
        .as_ref()
        .filter(|w| **w != crate::load::index::Unusable::Missing)
    {
        warnings.push(format!("rebuilt the index: {why}"));
    }
    warnings.extend(built.refused.iter().map(ToString::to_string));
    if !built.passed_over.is_empty() {
        warnings.push(format!(
            "passed over {} that are not documents entscope reads",
            crate::display::count(built.passed_over.len(), "file")
        ));
    }
    Output {
        stdout: format!(
            "{}\n{}\n",
            built.summary(),
            visible(&path.to_string_lossy())
        ),
        success: built.refused.is_empty(),
        warnings,
        ..Output::default()
    }
}

/// `--output` may name an index to update, or a new file; never a file of
/// the user's that is something else, nor one of the inputs.
fn refuse_to_overwrite(path: &Path, request: &Request) -> Result<(), CommandError> {
    let name = display_name(path);
    let canonical = std::fs::canonicalize(path).ok();
    let is_input = request
        .files
        .iter()
        .any(|f| std::fs::canonicalize(f).ok() == canonical && canonical.is_some());
    if is_input {
        return Err(CommandError::Message(format!(
            "{name}: --output names one of the inputs; choose another file"
        )));
    }
    if path.is_dir() {
        return Err(CommandError::Message(format!(
            "{name}: --output is a folder; give a file name, such as {name}/corpus.{}",
            crate::load::index::EXTENSION
        )));
    }
    if path.exists() && !crate::load::index::is_index(path) {
        {
            return Err(CommandError::Message(format!(
                "{name}: already exists and is not an entscope index; remove it or choose another --output"
            )));
        }
    }
    Ok(())
}
