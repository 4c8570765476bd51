//! The command line: the options every command shares and the explorer's
//! own; each subcommand's arguments are declared in its module.

use clap::{Parser, Subcommand, ValueEnum};

use super::args::{Global, Input};
use crate::formats::Format;
use crate::formats::doccano::OffsetUnit;
use crate::formats::prodigy::Answer;

const AFTER_HELP: &str = "\
Without a FILE, entscope opens its bundled article (Japan and New Zealand's
security partnership, 360info, Creative Commons) with a curated annotation.

Files: NAME.json is an entscope document, NAME.md Markdown, NAME.txt text (or
brat standoff when NAME.ann sits beside it), .jsonl doccano or Prodigy, .conll
CoNLL; --format forces a reading. A text is annotated by --catalog FILE, or by
NAME.entities.json beside it; without either, entscope discovers its entities.
Several files or a folder open as a corpus.

--json prints JSON Lines, with every command: one JSON object per line (per
entity, hit, paragraph or mention; `show --json` is one line).

Examples:
  entscope                                 explore the bundled article
  entscope report.txt                      explore your own text
  entscope report.txt --catalog cat.json   ... with a catalog of its entities
  entscope notes/                          a folder of documents as one corpus
  entscope show luxon                      one entity, its mentions and relations
  entscope search 'kishda'                 fuzzy-find entities
  entscope check doc.json cat.json         validate files, listing every problem
  entscope export corpus/ --format brat -o out/   write brat standoff files
  entscope index corpus/ --catalog cat.json        index a large corpus (SQLite)
  entscope grep '\"security partnership\"' corpus/   search the text of a corpus";

#[derive(Debug, Parser)]
#[command(
    name = "entscope",
    version,
    about = "Explore documents whose text is linked to named entities and their relations",
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub input: Input,

    #[command(flatten)]
    pub global: Global,

    /// Open the explorer at this paragraph of the document (also `+N`, as for less and vim)
    #[arg(long, value_name = "N")]
    pub at: Option<usize>,

    /// Open the explorer on this entity (id, name or alias; a near miss is found)
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,

    /// Start the explorer without capturing the mouse (`M` toggles it)
    #[arg(long)]
    pub no_mouse: bool,
}

/// The arguments with `+N` (open at paragraph N, as `less +N` and `vim +N`
/// take it) written as `--at N`.
pub fn plus_as_at(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::new();
    for arg in args {
        match arg.to_str().and_then(|a| a.strip_prefix('+')) {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                out.push("--at".into());
                out.push(n.into());
            }
            _ => out.push(arg),
        }
    }
    out
}

/// The subcommands, each with the arguments its own module declares.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every entity with its kind, aliases, description and mention count
    Entities(super::entities::EntitiesArgs),
    /// Show one entity: details, every mention and its relations both ways
    Show(super::show::ShowArgs),
    /// Fuzzy-rank entities by name and alias
    Search(super::search::SearchArgs),
    /// Write the whole resolved model (to standard output, or --output)
    Export(super::export::ExportArgs),
    /// Build or update the on-disk index (SQLite) of a corpus: only changed files are read again
    Index(super::index::IndexArgs),
    /// Search the text: words, "a phrase", prefix*, AND, OR, NOT; prints `FILE:¶N: text` lines
    Grep(super::grep::GrepArgs),
    /// The paragraphs naming entities: `japan china` (both), `japan|china`, `!china`, `kind:alliance`
    Paragraphs(super::paragraphs::ParagraphsArgs),
    /// An entity's mentions in context, one per line, the mentions aligned (a concordance)
    Kwic(super::kwic::KwicArgs),
    /// Print the default configuration (every key, command and colour), or check a config file
    Config(super::config::ConfigArgs),
    /// Print a shell completion script (e.g. `entscope completions bash > /etc/bash_completion.d/entscope`)
    Completions(CompletionsArgs),
    /// Print a manual page (roff), e.g. `entscope man | man -l -`, or write them all
    Man(ManArgs),
    /// Validate documents, catalogs and annotation files, reporting every problem found
    Check(super::check::CheckArgs),
}

/// `entscope completions`
#[derive(Debug, Clone, clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `entscope man`
#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// A subcommand's own page (`entscope man grep` is entscope-grep(1))
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,
    /// Write entscope.1 and every entscope-SUBCOMMAND.1 into this folder
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    pub dir: Option<std::path::PathBuf>,
    /// With --dir: replace pages that already exist there
    #[arg(long, requires = "dir")]
    pub force: bool,
}

/// The command line's names for the formats' choices: the formats
/// themselves know nothing of clap.
macro_rules! value_enum {
    ($type:ty { $($variant:path => $name:literal, $help:literal;)* }) => {
        impl ValueEnum for $type {
            fn value_variants<'a>() -> &'a [Self] {
                &[$($variant),*]
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(match self {
                    $($variant => clap::builder::PossibleValue::new($name).help($help),)*
                })
            }
        }
    };
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.help()))
    }
}

value_enum!(OffsetUnit {
    OffsetUnit::Chars => "chars", "Unicode code points (Python string indices)";
    OffsetUnit::Utf16 => "utf16", "UTF-16 code units (JavaScript string indices; doccano's default)";
    OffsetUnit::Graphemes => "graphemes", "extended grapheme clusters";
});

value_enum!(Answer {
    Answer::Accept => "accept", "accepted records, and records with no answer (the gold data)";
    Answer::Reject => "reject", "records answered \"reject\"";
    Answer::Ignore => "ignore", "records answered \"ignore\"";
});
