//! The explorer, opened from the command line: the config read, the
//! document loaded (through its index when it has one), the terminal taken;
//! or, when output is not a terminal, a summary printed instead.

use std::io::IsTerminal;

use super::{Cli, CommandError, Output, say};
use crate::display::visible;
use crate::tui;

/// Opens the explorer; when standard output is not a terminal, prints a
/// summary instead, so `entscope FILE | less` still says something useful.
pub fn explore(cli: &Cli) -> Result<Output, CommandError> {
    let request = &cli.global.request(cli.input.clone());
    let config = cli.global.config.as_deref();
    // A bad config stops here: the explorer never starts half-configured.
    let config = crate::config::load(config).map_err(crate::problem::Problems::from)?;
    let (loaded, notes) = crate::load::open(
        request,
        std::io::stderr().is_terminal(),
        crate::load::index::Reading::AsShown,
    )?;
    for note in &notes {
        say(note);
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        let m = &loaded.model;
        let stdout = format!(
            "{}: {}, {}, {}, {} (run in a terminal to explore)\n",
            visible(&m.document.title),
            crate::display::count(m.paragraph_count(), "paragraph"),
            crate::display::count(m.entities.len(), "entity"),
            crate::display::count(m.mention_count(), "mention"),
            crate::display::count(m.relations.len(), "relation"),
        );
        return Ok(Output {
            warnings: super::warnings(&loaded),
            stdout,
            success: !loaded.lost_anything(),
            summary: super::loss_summary(&loaded),
            model: Some(loaded),
        });
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // What was lost is in the status line and the `d` list; quitting the
    // explorer is a success.
    let entity = match &cli.entity {
        Some(name) => {
            let (id, note) = super::find_entity(&loaded, name)?;
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
        remember: Some(crate::state::key(
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
