//! The arguments every subcommand shares: the documents to read, and the
//! reading options given anywhere on the command line (`--catalog`...).

use std::path::PathBuf;

use clap::Args;

use crate::formats::Format;
use crate::formats::doccano::OffsetUnit;
use crate::formats::prodigy::Answer;

/// Options that hold for every command, wherever they are written.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Catalog of entities and relations for a text file
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// What doccano offsets count (default: detected per file)
    #[arg(long, global = true, value_enum, value_name = "UNIT")]
    pub offsets: Option<OffsetUnit>,

    /// The text column of doccano records (default: "text", else "data")
    #[arg(long, global = true, value_name = "NAME")]
    pub text_field: Option<String>,

    /// The label column of doccano records (default: "label")
    #[arg(long, global = true, value_name = "NAME")]
    pub label_field: Option<String>,

    /// Which Prodigy answers to show
    #[arg(long, global = true, value_enum, default_value_t = Answer::Accept, value_name = "ANSWER")]
    pub answer: Answer,

    /// Follow symbolic links that lead out of the folders opened
    #[arg(long, global = true)]
    pub follow: bool,

    /// Keys and colours from this file instead of ~/.config/entscope/config.toml
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not read or write the link cache (in $`XDG_CACHE_HOME/entscope`)
    #[arg(long, global = true)]
    pub no_cache: bool,
}

impl Global {
    /// What to read for `input`, with the reading options every command shares.
    pub fn request(&self, input: Input) -> crate::load::Request {
        crate::load::Request {
            files: input.files,
            catalog: self.catalog.clone(),
            format: input.format,
            offsets: self.offsets,
            follow: self.follow,
            text_field: self.text_field.clone(),
            label_field: self.label_field.clone(),
            answer: self.answer,
        }
    }
}

/// The documents to read.
#[derive(Debug, Clone, Default, Args)]
pub struct Input {
    /// Documents or folders (default: the bundled article)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Read the files as this format instead of guessing from their names
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
}
