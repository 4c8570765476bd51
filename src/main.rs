use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use entscope::cli::{Cli, Command};
use entscope::commands::{self, CommandError, Output};
use entscope::display::visible;
use entscope::formats::{self, Request};
use entscope::tui;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalog = cli.catalog.clone();
    let result = match cli.command {
        None => explore(
            &Request {
                files: cli.files,
                catalog,
            },
            !cli.no_mouse,
        ),
        Some(Command::Entities { files, json }) => commands::entities(files, catalog, json),
        Some(Command::Show {
            entity,
            files,
            json,
        }) => commands::show(&entity, files, catalog, json),
        Some(Command::Search {
            query,
            files,
            limit,
            json,
        }) => commands::search(&query, files, catalog, limit, json),
        Some(Command::Export { files, format }) => commands::export(files, catalog, format),
        Some(Command::Check { files }) => Ok(commands::check(&files)),
    };
    match result {
        Ok(output) => {
            for warning in &output.warnings {
                eprintln!("entscope: {warning}");
            }
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout
                .write_all(output.stdout.as_bytes())
                .and_then(|()| stdout.flush());
            if output.success {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            for line in error.to_string().lines() {
                eprintln!("entscope: {line}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Opens the explorer; when standard output is not a terminal, prints a
/// summary instead, so `entscope FILE | less` still says something useful.
fn explore(request: &Request, mouse: bool) -> Result<Output, CommandError> {
    let loaded = formats::open(request)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        let m = &loaded.model;
        return Ok(Output {
            warnings: loaded.warnings.iter().map(|w| w.to_string()).collect(),
            stdout: format!(
                "{}: {}, {}, {}, {} (run in a terminal to explore)\n",
                visible(&m.document.title),
                formats::count(m.document.paragraphs.len(), "paragraph"),
                formats::count(m.entities.len(), "entity"),
                formats::count(m.mentions.len(), "mention"),
                formats::count(m.relations.len(), "relation"),
            ),
            success: true,
        });
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tui::run(loaded, tui::Options { mouse, color })
        .map_err(|e| CommandError::Message(format!("terminal error: {e}")))?;
    Ok(Output {
        stdout: String::new(),
        success: true,
        warnings: Vec::new(),
    })
}
