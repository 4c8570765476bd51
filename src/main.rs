#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};

use clap::Parser;

use entscope::commands::cli::Cli;
use entscope::commands::{self, CommandError, Output};
use entscope::display::visible;
use entscope::tui;

/// Parse, run, report: everything else lives in the library.
fn main() {
    entscope::timing::phase("start");
    let cli = Cli::parse_from(entscope::commands::cli::plus_as_at(std::env::args_os()));
    entscope::cache::set_enabled(!cli.no_cache);
    let result = match &cli.command {
        None => explore(&cli),
        Some(command) => commands::run(&cli, command),
    };
    let code = match result {
        Ok(output) => report(&output),
        Err(error) => {
            for line in error.to_string().lines() {
                say(line);
            }
            // An index build a signal cut short ends as the signal would have.
            entscope::load::index::stopped_by().map_or(1, |signal| 128 + signal)
        }
    };
    // Everything is written and flushed: a large model need not be freed
    // piece by piece on the way out.
    std::process::exit(code)
}

/// One line on standard error, escape sequences shown rather than obeyed.
/// A standard error that cannot be written (a terminal gone, a closed pipe)
/// is no reason to panic: the line is dropped.
fn say(line: &str) {
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
    entscope::timing::phase("write output");
    if let Some(summary) = &output.summary {
        say(summary);
    }
    i32::from(!output.success)
}

/// Opens the explorer; when standard output is not a terminal, prints a
/// summary instead, so `entscope FILE | less` still says something useful.
fn explore(cli: &Cli) -> Result<Output, CommandError> {
    let request = &cli.request(cli.input.clone());
    let config = cli.config.as_deref();
    // A bad config stops here: the explorer never starts half-configured.
    let config = entscope::config::load(config).map_err(entscope::problem::Problems::from)?;
    let (loaded, notes) = entscope::load::open(
        request,
        std::io::stderr().is_terminal(),
        entscope::load::index::Reading::AsShown,
    )?;
    for note in &notes {
        say(note);
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        let m = &loaded.model;
        let stdout = format!(
            "{}: {}, {}, {}, {} (run in a terminal to explore)\n",
            visible(&m.document.title),
            entscope::display::count(m.paragraph_count(), "paragraph"),
            entscope::display::count(m.entities.len(), "entity"),
            entscope::display::count(m.mention_count(), "mention"),
            entscope::display::count(m.relations.len(), "relation"),
        );
        return Ok(Output {
            warnings: commands::warnings(&loaded),
            stdout,
            success: !loaded.lost_anything(),
            summary: commands::loss_summary(&loaded),
            model: Some(loaded),
        });
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // What was lost is in the status line and the `d` list; quitting the
    // explorer is a success.
    let entity = match &cli.entity {
        Some(name) => {
            let (id, note) = commands::find_entity(&loaded, name)?;
            if let Some(note) = note {
                say(&note);
            }
            Some(id)
        }
        None => None,
    };
    let options = tui::Options {
        mouse: !cli.no_mouse,
        color,
        at: cli.at,
        entity,
        remember: Some(entscope::state::key(
            &request.files,
            request.catalog.as_deref(),
        )),
    };
    let exit = tui::run(loaded, &options, config)
        .map_err(|e| CommandError::Message(format!("terminal error: {e}")))?;
    if let tui::Exit::Stopped(stopped) = exit {
        match &stopped.rescued {
            Some(Ok(path)) => say(&format!(
                "stopped with unsaved edits; they are kept in {} (rename it over the original to use them)",
                path.display()
            )),
            Some(Err(why)) => say(&format!(
                "stopped with unsaved edits, which could not be kept: {why}"
            )),
            None => {}
        }
        // As a shell reports a process a signal ended: 128 + its number.
        std::process::exit(stopped.code());
    }
    Ok(Output {
        success: true,
        ..Output::default()
    })
}
