//! `entscope check`: every problem of every file.

use std::fmt::Write as _;
use std::path::Path;

use super::Output;
use super::args::{Global, Input};
use crate::display::visible;
use crate::formats::Format;
use crate::load::Request;

/// `entscope check`
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (a catalog NAME.entities.json is checked against NAME.txt beside it)
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Read the files as this format instead of guessing from their names
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
}

/// Problems and files with errors, counted over the files checked.
#[derive(Default)]
struct Tally {
    errors: usize,
    warnings: usize,
    bad_files: usize,
}

/// One file checked: its problems, then `ok` with what it holds when it
/// has no error.
fn check_one(path: &Path, request: &Request, out: &mut String, tally: &mut Tally) {
    let (problems, summary) = if crate::load::index::is_index(path) {
        crate::load::index::check_file(path)
    } else {
        crate::load::file::check(path, request.options())
    };
    for p in &problems {
        let _ = writeln!(out, "{p}");
    }
    let file_errors = problems.iter().filter(|p| p.is_error()).count();
    tally.errors += file_errors;
    tally.warnings += problems.len() - file_errors;
    match summary {
        Some(summary) if file_errors == 0 => {
            let with = match (&request.catalog, crate::load::detect::format_of(path)) {
                (Some(c), Some(Format::Text | Format::Markdown)) => {
                    format!(" with {}", visible(&crate::files::display_name(c)))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{}{with}: ok ({summary})",
                visible(&crate::files::display_name(path))
            );
        }
        _ => tally.bad_files += 1,
    }
}

/// `entscope check`: every problem of every file; fails if any is an error
/// or if nothing could be checked.
pub fn check(global: &Global, args: &CheckArgs) -> Output {
    let request = &global.request(Input {
        files: args.files.clone(),
        format: args.format,
    });
    let mut out = String::new();
    let mut tally = Tally::default();
    let options = request.options();
    let (files, passed_over) = crate::load::corpus::files_to_check(&request.files, options);
    if let Some(catalog) = &request.catalog {
        let (problems, _) = crate::load::file::check(catalog, crate::load::ReadOptions::default());
        // The catalog is checked with each text; on its own only when it
        // cannot even be read.
        if problems.iter().any(crate::problem::Problem::is_error) && files.is_empty() {
            for p in &problems {
                let _ = writeln!(out, "{p}");
            }
        }
    }
    for path in &files {
        check_one(path, request, &mut out, &mut tally);
    }
    let Tally {
        errors,
        warnings,
        bad_files,
    } = tally;
    let mut stderr = Vec::new();
    if !passed_over.is_empty() {
        stderr.push(format!(
            "passed over {} that entscope does not read",
            crate::display::count(passed_over.len(), "file")
        ));
    }
    if files.is_empty() {
        let names: Vec<String> = request
            .files
            .iter()
            .map(|p| visible(&crate::files::display_name(p)).into_owned())
            .collect();
        let _ = writeln!(
            out,
            "{}: nothing to check: no file here is a format entscope reads",
            names.join(", ")
        );
        return Output {
            stdout: out,
            success: false,
            warnings: stderr,
            summary: None,
            model: None,
        };
    }
    let _ = writeln!(
        out,
        "checked {}: {bad_files} with errors, {}, {}",
        crate::display::count(files.len(), "file"),
        crate::display::count(errors, "error"),
        crate::display::count(warnings, "warning"),
    );
    Output {
        stdout: out,
        success: errors == 0,
        warnings: stderr,
        summary: None,
        model: None,
    }
}
