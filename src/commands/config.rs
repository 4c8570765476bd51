//! `entscope config`: the default configuration, or a check of one.

use std::path::Path;

use super::args::Global;
use super::{CommandError, Output};
use crate::display::visible;
use crate::problem::Problems;

/// `entscope config`
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Print the whole default configuration, to start a config file from
    #[arg(long)]
    pub default: bool,
    /// Print where the config file is looked for
    #[arg(long, conflicts_with = "default")]
    pub path: bool,
    /// Print the keys in use (the defaults, with the config file's laid
    /// over them) as Markdown tables, mode by mode
    #[arg(long, conflicts_with_all = ["default", "path"])]
    pub keys: bool,
}

/// `entscope config`: the default configuration, where the file is looked
/// for, or (with `--config FILE`) whether that file reads.
pub fn config(global: &Global, args: &ConfigArgs) -> Result<Output, CommandError> {
    let (default, path, file) = (args.default, args.path, global.config.as_deref());
    let stdout = if default {
        crate::config::default_file()
    } else if args.keys {
        let config = crate::config::load(file).map_err(Problems::from)?;
        crate::config::keys_markdown(&config.keymap)
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
