//! The command line and the non-interactive subcommands, one file each
//! with its arguments: thin printers over the model. Each returns an [`Output`] (what to print, whether it succeeded);
//! `main` prints it.

pub mod args;
mod check;
pub mod cli;
mod completions;
mod config;
mod entities;
mod explore;
mod export;
mod grep;
pub mod index;
mod kwic;
mod paragraphs;
mod search;
mod show;

pub use check::check;
pub use completions::{completions, man};
pub use config::config;
pub use entities::entities;
pub use export::export;
pub use grep::grep;
pub use index::index;
pub use kwic::kwic;
pub use paragraphs::paragraphs;
pub use search::search;
pub use show::{context, find_entity, show};

use std::io::{IsTerminal, Write};

use clap::Parser;

use serde::Serialize;

pub use cli::{Cli, Command};

use crate::display::visible;
use crate::load::Loaded;
use crate::load::Request;
use crate::problem::Problems;

/// The whole program: parse the command line, run the command (or the
/// explorer), report; the exit code.
pub fn main(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    crate::timing::phase("start");
    let cli = Cli::parse_from(cli::plus_as_at(args));
    crate::cache::set_enabled(!cli.global.no_cache);
    let result = match &cli.command {
        None => explore::explore(&cli),
        Some(command) => run(&cli, command),
    };
    match result {
        Ok(output) => {
            let code = report(&output);
            // The process exits next: a large model is not freed piece by piece.
            std::mem::forget(output);
            code
        }
        Err(error) => {
            for line in error.to_string().lines() {
                say(line);
            }
            // An index build a signal cut short ends as the signal would have.
            crate::load::index::stopped_by().map_or(1, |signal| 128 + signal)
        }
    }
}

/// One line on standard error, escape sequences shown rather than obeyed.
/// A standard error that cannot be written (a terminal gone, a closed pipe)
/// is no reason to panic: the line is dropped.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "entscope: {}", visible(line));
}

/// Prints a command's output: notes on standard error, the output, then the
/// summary of what was lost; returns the exit code. A closed pipe (`| head`)
/// is not an error; any other failed write (a full disk) is.
fn report(output: &Output) -> i32 {
    for warning in &output.warnings {
        say(warning);
    }
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(output.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        say(&format!("cannot write to standard output: {e}"));
        return 1;
    }
    crate::timing::phase("write output");
    if let Some(summary) = &output.summary {
        say(summary);
    }
    i32::from(!output.success)
}

/// Runs a subcommand.
pub fn run(cli: &Cli, command: &Command) -> Result<Output, CommandError> {
    match command {
        Command::Entities(args) => entities(&cli.global, args),
        Command::Show(args) => show(&cli.global, args),
        Command::Search(args) => search(&cli.global, args),
        Command::Export(args) => export(&cli.global, args),
        Command::Check(args) => Ok(check(&cli.global, args)),
        Command::Config(args) => config(&cli.global, args),
        Command::Index(args) => index(&cli.global, args),
        Command::Grep(args) => grep(&cli.global, args),
        Command::Kwic(args) => kwic(&cli.global, args),
        Command::Paragraphs(args) => paragraphs(&cli.global, args),
        Command::Completions(args) => Ok(completions(args)),
        Command::Man(args) => man(args),
    }
}

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
pub(super) fn with_model(
    request: &Request,
    command: impl FnOnce(&Loaded) -> Result<Output, CommandError>,
) -> Result<Output, CommandError> {
    with_model_read(request, crate::load::index::Reading::AsShown, command)
}

/// [`with_model`], saying how much of an index to read (an export reads it all).
pub(super) fn with_model_read(
    request: &Request,
    reading: crate::load::index::Reading,
    command: impl FnOnce(&Loaded) -> Result<Output, CommandError>,
) -> Result<Output, CommandError> {
    let (loaded, notes) = crate::load::open(request, std::io::stderr().is_terminal(), reading)?;
    let mut output = command(&loaded)?;
    output.warnings.splice(0..0, notes);
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
    let mut lines: Vec<String> = loaded
        .refused
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
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
pub(super) fn capped(
    problems: &[crate::problem::Problem],
    shown: usize,
    hint: &str,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < problems.len() {
        let file = &problems[i].file;
        let run = problems[i..].iter().take_while(|p| &p.file == file).count();
        lines.extend(
            problems[i..i + run.min(shown)]
                .iter()
                .map(std::string::ToString::to_string),
        );
        if run > shown {
            lines.push(format!(
                "{}: … and {} ({hint})",
                visible(file),
                crate::display::count(run - shown, "more problem")
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

/// Every `--json` output is JSON Lines, as ripgrep's is: one compact JSON
/// object per line, whether the command lists many things or shows one, so
/// `jq`, a shell loop or a parser read every command the same way. Safe on
/// a terminal (see [`crate::display::json_safe`]).
pub(super) fn json_lines<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&crate::display::json_safe(
            serde_json::to_string(&row).unwrap_or_default(),
        ));
        out.push('\n');
    }
    out
}

pub(super) fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A command's output over a load: it fails when the load lost anything.
pub(super) fn ok(loaded: &Loaded, stdout: String) -> Output {
    Output {
        stdout,
        success: !loaded.lost_anything(),
        warnings: warnings(loaded),
        summary: loss_summary(loaded),
        model: None,
    }
}
