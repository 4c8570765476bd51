use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use entscope::cli::{Cli, Command};
use entscope::commands::{self, CommandError, Output};
use entscope::formats::{self, Request};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalog = cli.catalog.clone();
    let result = match cli.command {
        None => summary(&Request {
            file: cli.file,
            catalog,
        }),
        Some(Command::Entities { file, json }) => commands::entities(file, catalog, json),
        Some(Command::Show { entity, file, json }) => commands::show(&entity, file, catalog, json),
        Some(Command::Search {
            query,
            file,
            limit,
            json,
        }) => commands::search(&query, file, catalog, limit, json),
        Some(Command::Export { file, format }) => commands::export(file, catalog, format),
        Some(Command::Check { files }) => Ok(commands::check(&files)),
    };
    match result {
        Ok(output) => {
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

fn summary(request: &Request) -> Result<Output, CommandError> {
    let loaded = formats::open(request)?;
    let m = &loaded.model;
    Ok(Output {
        stdout: format!(
            "{}: {} paragraphs, {} entities, {} mentions, {} relations\n",
            m.document.title,
            m.document.paragraphs.len(),
            m.entities.len(),
            m.mentions.len(),
            m.relations.len()
        ),
        success: true,
    })
}
