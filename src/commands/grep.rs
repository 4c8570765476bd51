//! `entscope grep`: the text of a corpus searched through its full-text
//! index, printed as ripgrep prints lines: `FILE:¶N: text`.

use std::fmt::Write as _;
use std::io::IsTerminal;

use serde::Serialize;

use super::args::{Global, Input};
use super::{CommandError, Output};
use crate::display::{json_safe, visible};
use crate::load::index::search::{Order, TextHit, search};

/// `entscope grep`
#[derive(Debug, Clone, clap::Args)]
pub struct GrepArgs {
    /// What to search for, as SQLite FTS5 reads it (other text is searched as a phrase)
    pub query: String,
    #[command(flatten)]
    pub input: Input,
    /// How many paragraphs to print (0 prints all)
    #[arg(long, short = 'm', default_value_t = 100, value_name = "N")]
    pub max: usize,
    /// Best matches first (BM25), rather than in the corpus's order
    #[arg(long)]
    pub rank: bool,
    /// JSON Lines: one {document, paragraph, text, hits: [[start, end]...]} per paragraph
    #[arg(long)]
    pub json: bool,
}

/// Characters of context shown on each side of the first hit.
const CONTEXT: usize = 60;

pub fn grep(global: &Global, args: &GrepArgs) -> Result<Output, CommandError> {
    let (query, request) = (&args.query, &global.request(args.input.clone()));
    let (max, rank, json) = (args.max, args.rank, args.json);
    let (conn, notes) = crate::load::index::searchable(request, std::io::stderr().is_terminal())?;
    let order = if rank { Order::Rank } else { Order::Index };
    let found = search(&conn, query, max, order).map_err(|e| CommandError::Message(e.0))?;
    let colour = !json
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut stdout = String::new();
    for hit in &found.hits {
        if json {
            stdout.push_str(&json_line(hit));
        } else {
            let _ = writeln!(stdout, "{}", line(hit, colour));
        }
    }
    let mut warnings = notes;
    if found.hits.len() < found.total {
        warnings.push(format!(
            "{} more {} match (--max 0 prints all)",
            found.total - found.hits.len(),
            if found.total - found.hits.len() == 1 {
                "paragraph"
            } else {
                "paragraphs"
            }
        ));
    }
    Ok(Output {
        stdout,
        // As grep: no match is a failure, so scripts can test for one.
        success: found.total > 0,
        warnings,
        ..Output::default()
    })
}

#[derive(Serialize)]
struct JsonHit<'a> {
    document: &'a str,
    paragraph: usize,
    text: &'a str,
    /// Character ranges of `text`, as [start, end).
    hits: Vec<[usize; 2]>,
}

fn json_line(hit: &TextHit) -> String {
    let row = JsonHit {
        document: &hit.file,
        paragraph: hit.paragraph,
        text: &hit.text,
        hits: hit.hits.iter().map(|r| [r.start, r.end]).collect(),
    };
    let mut line = json_safe(serde_json::to_string(&row).unwrap_or_default());
    line.push('\n');
    line
}

/// `FILE:¶N: …context [hit] context…`, the hits bold red on a terminal and
/// in brackets elsewhere; cut to the text around the first hit.
fn line(hit: &TextHit, colour: bool) -> String {
    let chars: Vec<char> = hit.text.chars().collect();
    let first = hit.hits.first().map_or(0, |r| r.start);
    let last = hit.hits.first().map_or(0, |r| r.end);
    let from = first.saturating_sub(CONTEXT);
    let to = (last + CONTEXT).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for r in hit.hits.iter().filter(|r| r.start >= from && r.end <= to) {
        out.push_str(&visible(&chars[at..r.start].iter().collect::<String>()));
        let word = visible(&chars[r.start..r.end].iter().collect::<String>()).into_owned();
        if colour {
            let _ = write!(out, "\x1b[1;31m{word}\x1b[0m");
        } else {
            let _ = write!(out, "[{word}]");
        }
        at = r.end;
    }
    out.push_str(&visible(&chars[at..to].iter().collect::<String>()));
    if to < chars.len() {
        out.push('…');
    }
    format!("{}:¶{}: {out}", visible(&hit.file), hit.paragraph)
}
