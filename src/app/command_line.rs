//! The `:` command line: `:123` goes to ¶123 of the document shown, `:q`
//! quits, `:nohl` clears the search's highlight, and any command of the
//! keymap runs by its name (`:sort`, `:documents`), Tab completing it.

use super::Action;
use crate::keymap::COMMANDS;

/// Words the command line knows besides the keymap's command names.
const EXTRA: &[&str] = &["q", "quit", "nohl", "noh", "filter"];

/// The curation commands: saving, quitting without, and the edits that
/// take a word (the keymap's commands run the same edits without one).
pub const CURATE: &[&str] = &[
    "w", "w!", "write", "write!", "wq", "x", "q!", "quit!", "undo", "redo", "drop", "unlink",
    "rename", "kind", "merge", "split", "new", "link",
];

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
    Run(Action),
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
    match crate::keymap::command_named(line) {
        Ok(command) if runnable(command.action) => Request::Run(command.action),
        Ok(_) => Request::Unknown(format!(
            "{line} works in its own mode, not from the command line"
        )),
        Err(message) => Request::Unknown(message),
    }
}

/// Commands that make sense typed: not the keys of the finder or of this line.
fn runnable(action: Action) -> bool {
    !matches!(
        action,
        Action::FinderInput(_)
            | Action::FinderBackspace
            | Action::FinderClear
            | Action::FinderUp
            | Action::FinderDown
            | Action::FinderText
            | Action::FinderAccept
            | Action::CommandInput(_)
            | Action::CommandBackspace
            | Action::CommandDeleteWord
            | Action::CommandClear
            | Action::CommandComplete
            | Action::CommandRun
            | Action::OpenCommandLine
    )
}

/// The names a prefix may complete to, in the help's order, each once (a
/// curation word such as `undo` is also a command of the keymap).
pub fn candidates(prefix: &str) -> Vec<&'static str> {
    let prefix = prefix.trim_start();
    let mut found: Vec<&'static str> = Vec::new();
    let names = COMMANDS
        .iter()
        .filter(|c| runnable(c.action))
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
        assert_eq!(parse("sort"), Request::Run(Action::CycleSort));
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
