//! `entscope config`: the default configuration, or a check of one.

use std::path::Path;

use super::{CommandError, Output};
use crate::display::visible;
use crate::problem::Problems;

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
