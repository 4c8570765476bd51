//! The `:` command line: `:123` goes to ¶123 of the document shown, `:q`
//! quits, `:nohl` clears the search's highlight, `:filter EXPR` filters,
//! the curation commands take a word (`:rename NAME`), and any command of
//! the table runs by its name (`:sort`, `:documents`), Tab completing it.

use super::{Context, Follow, Outcome};
use crate::app::Action;
use crate::app::command::{COMMANDS, Command};

/// Words the command line knows besides the table's command names.
const EXTRA: &[&str] = &["q", "quit", "nohl", "noh", "filter"];

/// The curation commands: saving, quitting without, and the edits that
/// take a word (the table's commands run the same edits without one).
pub const CURATE: &[&str] = &[
    "w", "w!", "write", "write!", "wq", "x", "q!", "quit!", "undo", "redo", "drop", "unlink",
    "rename", "kind", "merge", "split", "new", "link",
];

/// The `:` line being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub line: String,
}

impl CommandLine {
    /// The line opened with `text` typed.
    pub fn with(text: impl Into<String>) -> CommandLine {
        CommandLine { line: text.into() }
    }

    pub fn handle(&mut self, action: Action, cx: &Context<'_>) -> Outcome {
        let command = match action {
            Action::Type(c) => {
                self.line.push(c);
                return Outcome::Stay;
            }
            Action::Run(command) => command,
            _ => return Outcome::Pass,
        };
        match command {
            Command::CommandBackspace => {
                if self.line.pop().is_none() {
                    return Outcome::Close;
                }
            }
            Command::CommandDeleteWord => {
                let kept = self.line.trim_end().rfind(' ').map_or(0, |i| i + 1);
                self.line.truncate(kept);
            }
            Command::CommandClear => {
                let kept = self.line.find(' ').map_or(0, |i| i + 1);
                self.line.truncate(kept);
            }
            Command::CommandComplete => {
                let (completed, many) = complete_argument(&self.line, cx).unwrap_or_else(|| {
                    let (completed, many) = complete(&self.line);
                    (completed, many.iter().map(ToString::to_string).collect())
                });
                self.line = completed;
                if many.len() > 1 {
                    return Outcome::Say(many.join("  "));
                }
            }
            Command::CommandRun => {
                return Outcome::Then(Follow::Line(std::mem::take(&mut self.line)));
            }
            Command::Close => return Outcome::Close,
            Command::Quit => return Outcome::Then(Follow::Quit),
            _ => return Outcome::Pass,
        }
        Outcome::Stay
    }
}

/// What a line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Nothing typed.
    Nothing,
    /// `:123`: a paragraph of the document shown, numbered from 1.
    Paragraph(usize),
    Quit,
    /// `:nohl`: stop highlighting the search.
    NoHighlight,
    /// `:filter EXPR` (none: every paragraph again).
    Filter(String),
    /// A curation command (`rename NAME`, `merge NAME`, `w`...) and its argument.
    Curate(String, String),
    /// A command by name.
    Run(Command),
    /// Not a command: the message to show.
    Unknown(String),
}

/// Reads a command line (without its colon).
pub fn parse(line: &str) -> Request {
    let line = line.trim();
    if line.is_empty() {
        return Request::Nothing;
    }
    if let Ok(n) = line.parse::<usize>() {
        return Request::Paragraph(n);
    }
    if let Some(expression) = line.strip_prefix("filter")
        && (expression.is_empty() || expression.starts_with(' '))
    {
        return Request::Filter(expression.trim().to_string());
    }
    let (word, argument) = line.split_once(' ').unwrap_or((line, ""));
    if CURATE.contains(&word) {
        return Request::Curate(word.to_string(), argument.trim().to_string());
    }
    match line {
        "q" | "quit" | "qa" => return Request::Quit,
        "nohl" | "noh" | "nohlsearch" => return Request::NoHighlight,
        _ => {}
    }
    match crate::app::command::named(line) {
        Ok(command) if command.runnable() => Request::Run(command),
        Ok(_) => Request::Unknown(format!(
            "{line} works in its own mode, not from the command line"
        )),
        Err(message) => Request::Unknown(message),
    }
}

/// The names a prefix may complete to, in the table's order, each once (a
/// curation word such as `undo` is also a command of the table).
pub fn candidates(prefix: &str) -> Vec<&'static str> {
    let prefix = prefix.trim_start();
    let mut found: Vec<&'static str> = Vec::new();
    let names = COMMANDS
        .iter()
        .filter(|c| c.command.runnable())
        .map(|c| c.name)
        .chain(EXTRA.iter().copied())
        .chain(CURATE.iter().copied().filter(|w| w.len() > 2));
    for name in names.filter(|name| name.starts_with(prefix)) {
        if !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// Tab: the line completed as far as every candidate agrees, and the
/// candidates when there are several.
pub fn complete(line: &str) -> (String, Vec<&'static str>) {
    let found = candidates(line);
    match found.as_slice() {
        [] => (line.to_string(), Vec::new()),
        [one] => ((*one).to_string(), Vec::new()),
        many => {
            let mut common = many[0].to_string();
            for name in &many[1..] {
                let shared = common
                    .chars()
                    .zip(name.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                common = common.chars().take(shared).collect();
            }
            (common, many.to_vec())
        }
    }
}

/// Completes the argument of a curation command: entity names after
/// `merge` and `link`, kinds after `kind`, the aliases after `split`.
fn complete_argument(line: &str, cx: &Context<'_>) -> Option<(String, Vec<String>)> {
    let (word, typed) = line.split_once(' ')?;
    let choices: Vec<String> = match word {
        "merge" | "link" => cx.model.entities.iter().map(|e| e.name.clone()).collect(),
        "kind" => cx.kinds.to_vec(),
        "split" => cx
            .entity
            .map(|e| cx.model.entities[e].aliases.clone())
            .unwrap_or_default(),
        _ => return None,
    };
    let typed_lower = typed.to_lowercase();
    let mut found: Vec<String> = choices
        .into_iter()
        .filter(|c| c.to_lowercase().starts_with(&typed_lower))
        .collect();
    found.sort();
    found.dedup();
    let completed = match found.as_slice() {
        [] => typed.to_string(),
        [one] => one.clone(),
        many => shared_start(many, typed),
    };
    let many = if found.len() > 1 { found } else { Vec::new() };
    Some((format!("{word} {completed}"), many))
}

/// As much of the choices' start as they share (ignoring case), or what
/// was typed when that is no more.
fn shared_start(many: &[String], typed: &str) -> String {
    let first: Vec<char> = many[0].chars().collect();
    let shared = many[1..]
        .iter()
        .map(|m| {
            m.chars()
                .zip(&first)
                .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                .count()
        })
        .min()
        .unwrap_or(first.len());
    if shared > typed.chars().count() {
        first[..shared].iter().collect()
    } else {
        typed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_lists_each_name_once() {
        for prefix in ["", "u", "r", "d", "un", "re", "s", "w", "q", "f", "m"] {
            let found = candidates(prefix);
            let mut unique = found.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), found.len(), "{prefix}: {found:?}");
        }
        assert_eq!(complete("und"), ("undo".to_string(), Vec::new()));
    }

    #[test]
    fn lines_are_numbers_words_and_command_names() {
        assert_eq!(parse("  "), Request::Nothing);
        assert_eq!(parse("12"), Request::Paragraph(12));
        assert_eq!(parse("q"), Request::Quit);
        assert_eq!(parse("nohl"), Request::NoHighlight);
        assert_eq!(parse("sort"), Request::Run(Command::Sort));
        assert_eq!(
            parse("sotr"),
            Request::Unknown("unknown command \"sotr\" (did you mean \"sort\"?)".into())
        );
        assert!(matches!(parse("finder_accept"), Request::Unknown(_)));
    }

    #[test]
    fn tab_completes_as_far_as_the_names_agree() {
        assert_eq!(complete("so"), ("sort".to_string(), Vec::new()));
        let (line, many) = complete("next_");
        assert_eq!(line, "next_");
        assert!(many.contains(&"next_mention") && many.contains(&"next_section"));
        let (line, _) = complete("prev_m");
        assert_eq!(line, "prev_mention");
        assert_eq!(complete("zzz"), ("zzz".to_string(), Vec::new()));
    }
}
