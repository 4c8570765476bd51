//! `entscope completions` and `entscope man`, from the clap definitions.

use super::cli::{CompletionsArgs, ManArgs};
use super::{CommandError, Output};

/// `entscope completions SHELL`: a completion script from the clap definitions.
pub fn completions(args: &CompletionsArgs) -> Output {
    use clap::CommandFactory;
    let shell = args.shell;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::cli::Cli::command(), "entscope", &mut out);
    Output {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        success: true,
        ..Output::default()
    }
}

/// The manual pages: `entscope(1)` and one per subcommand,
/// `entscope-grep(1)`, which the main page's list of subcommands names.
fn pages() -> Vec<(String, clap::Command)> {
    use clap::CommandFactory;
    let mut main = super::cli::Cli::command();
    // Built, so that the global options (--catalog, --no-cache…) are on
    // each subcommand's page too.
    main.build();
    let mut pages = vec![("entscope".to_string(), main.clone())];
    for sub in main.get_subcommands() {
        let name = format!("entscope-{}", sub.get_name());
        let synopsis = format!("entscope {}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name).bin_name(synopsis)));
    }
    pages
}

fn render(command: clap::Command) -> Result<String, CommandError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| CommandError::Message(format!("cannot render the manual page: {e}")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `entscope man [SUBCOMMAND] [--dir DIR]`: the manual page, or a
/// subcommand's, from the clap definitions; or every page written to a
/// folder (never over a page there unless `--force`).
pub fn man(args: &ManArgs) -> Result<Output, CommandError> {
    let (subcommand, dir, force) = (args.subcommand.as_deref(), args.dir.as_deref(), args.force);
    let pages = pages();
    if let Some(dir) = dir {
        let fail = |e: std::io::Error| {
            CommandError::Message(format!(
                "{}: {e}",
                crate::display::visible(&dir.display().to_string())
            ))
        };
        std::fs::create_dir_all(dir).map_err(fail)?;
        for (name, _) in &pages {
            let path = dir.join(format!("{name}.1"));
            if !force && std::fs::symlink_metadata(&path).is_ok() {
                return Err(CommandError::Message(format!(
                    "{} exists: --force replaces it",
                    crate::display::visible(&path.display().to_string())
                )));
            }
        }
        for (name, command) in pages.iter().cloned() {
            let path = dir.join(format!("{name}.1"));
            crate::files::write(&path, render(command)?.as_bytes()).map_err(fail)?;
        }
        return Ok(Output {
            stdout: format!(
                "wrote {} to {}\n",
                crate::display::count(pages.len(), "manual page"),
                crate::display::visible(&dir.display().to_string())
            ),
            success: true,
            ..Output::default()
        });
    }
    let wanted = subcommand.map_or("entscope".to_string(), |s| format!("entscope-{s}"));
    let Some((_, command)) = pages.into_iter().find(|(name, _)| *name == wanted) else {
        return Err(CommandError::Message(format!(
            "no subcommand \"{}\" (entscope --help lists them)",
            crate::display::visible(subcommand.unwrap_or_default())
        )));
    };
    Ok(Output {
        stdout: render(command)?,
        success: true,
        ..Output::default()
    })
}
