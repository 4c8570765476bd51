//! The help (`?`): every mode's keys in that mode's own words, from the
//! keymap in use, so it always tells the truth; the mouse; the kinds. Its
//! lines are laid out here, as data, so the app knows how far it scrolls;
//! the view only styles them.

use super::{Context, Outcome};
use crate::app::Action;
use crate::app::command::{COMMANDS, Command, Section};
use crate::app::geometry::Rect;
use crate::app::keymap::Keymap;
use crate::app::mode::Mode;

/// Mouse actions, for the help.
pub const MOUSE_HELP: &[(&str, &str)] = &[
    ("click", "a mention, an entity or a relation selects it"),
    ("wheel", "scrolls the pane under the pointer"),
    (
        "Shift-drag",
        "selects text for copying while the mouse is captured",
    ),
];

/// The help, scrolled this far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

/// One line of the help as laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Heading(String),
    /// A piece of a row: its keys (on its first line) and what they do.
    Keys {
        keys: String,
        text: String,
        key_width: usize,
    },
    Prose(String),
    /// Kind names, each shown in its own style.
    Kinds(Vec<String>),
    Gap,
}

/// The inside of the help's frame on a screen: what the view draws it in.
pub fn area(screen: Rect) -> Rect {
    let width = screen.width.min(96);
    let height = screen.height.saturating_sub(2).max(1).min(screen.height);
    Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height - height) / 2,
        width,
        height,
    )
}

impl Help {
    pub fn handle(&mut self, action: Action, cx: &Context<'_>) -> Outcome {
        let Action::Run(command) = action else {
            return Outcome::Pass;
        };
        let inside = area(cx.screen).inner();
        let end = lines(cx.keymap, cx.kinds, inside.width as usize)
            .len()
            .saturating_sub(inside.height as usize);
        let page = (cx.screen.height as usize).saturating_sub(6).max(1);
        let now = self.scroll.min(end);
        self.scroll = match command {
            Command::Up => now.saturating_sub(1),
            Command::Down => now.saturating_add(1).min(end),
            Command::PageUp => now.saturating_sub(page),
            Command::PageDown => now.saturating_add(page).min(end),
            Command::Top => 0,
            Command::Bottom => end,
            Command::Help => return Outcome::Close,
            _ => return Outcome::Pass,
        };
        Outcome::Stay
    }
}

/// Every line of the help laid out for `width` columns: keys and their
/// words each wrap in their own column.
pub fn lines(keymap: &Keymap, kinds: &[String], width: usize) -> Vec<Line> {
    let mut w = Writer {
        width,
        key_width: (width / 3).clamp(8, 22),
        out: Vec::new(),
    };
    keys(keymap, &mut w);
    w.heading("Mouse (M or --no-mouse turns capture off)");
    for (keys, text) in MOUSE_HELP {
        w.row(keys, text);
    }
    w.out.push(Line::Gap);
    w.heading("Kinds");
    let all: Vec<String> = crate::model::KNOWN_KINDS
        .iter()
        .map(ToString::to_string)
        .chain(
            kinds
                .iter()
                .filter(|k| !crate::model::KNOWN_KINDS.contains(&k.as_str()))
                .cloned(),
        )
        .collect();
    w.kinds(all);
    w.prose("mentions of the current entity are filled; ▶ marks the mention under the cursor");
    w.out.push(Line::Gap);
    w.heading("Your own files");
    w.prose("entscope FILE.json   ·   entscope FILE.txt --catalog CATALOG.json");
    w.out
}

/// The keys of every mode, from the keymap, each in its mode's own words.
fn keys(keymap: &Keymap, w: &mut Writer) {
    let labels = |keys: &[crate::app::keys::Key]| -> String {
        keys.iter()
            .map(crate::app::keys::Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (section, title) in Section::READING {
        w.heading(title);
        for info in COMMANDS.iter().filter(|c| c.section == section) {
            let keys = keymap.keys(Mode::Normal, info.command);
            if !keys.is_empty() {
                w.row(&labels(&keys), info.command.doc_in(Mode::Normal));
            }
        }
        w.out.push(Line::Gap);
    }
    for mode in Mode::ALL.into_iter().filter(|m| *m != Mode::Normal) {
        w.heading(mode.title());
        match mode {
            Mode::Finder => w.row("letters", "narrow the list; typos are tolerated"),
            Mode::Command => w.row(
                "letters",
                "the command and what it takes (:123, :rename NAME)",
            ),
            _ => {}
        }
        for (command, keys) in keymap.bindings(mode) {
            w.row(&labels(&keys), Command::doc_in(command, mode));
        }
        w.out.push(Line::Gap);
    }
}

/// The help's lines as they are written, wrapped to a width.
struct Writer {
    width: usize,
    /// The keys take a third of a narrow help, 22 columns of a wide one.
    key_width: usize,
    out: Vec<Line>,
}

impl Writer {
    fn heading(&mut self, text: &str) {
        for piece in textwrap::wrap(text, self.width.max(8)) {
            self.out.push(Line::Heading(piece.into_owned()));
        }
    }

    /// Keys and what they do, each wrapped in its own column.
    fn row(&mut self, keys: &str, text: &str) {
        let key_width = self.key_width;
        let text_width = self.width.saturating_sub(key_width + 3).max(8);
        let keys = textwrap::wrap(keys, key_width);
        let text = textwrap::wrap(text, text_width);
        for i in 0..keys.len().max(text.len()) {
            self.out.push(Line::Keys {
                keys: keys.get(i).map_or(String::new(), ToString::to_string),
                text: text.get(i).map_or(String::new(), ToString::to_string),
                key_width,
            });
        }
    }

    fn prose(&mut self, text: &str) {
        for piece in textwrap::wrap(text, self.width.saturating_sub(2).max(8)) {
            self.out.push(Line::Prose(piece.into_owned()));
        }
    }

    /// Kind names, as many to a line as fit.
    fn kinds(&mut self, names: Vec<String>) {
        let mut line = Vec::new();
        let mut used = 2;
        for name in names {
            let w = unicode_width::UnicodeWidthStr::width(name.as_str()) + 1;
            if used + w > self.width && !line.is_empty() {
                self.out.push(Line::Kinds(std::mem::take(&mut line)));
                used = 2;
            }
            used += w;
            line.push(name);
        }
        self.out.push(Line::Kinds(line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of every mode is in the help, with that mode's words for
    /// it: nothing bound is left out, in the reading mode or any other.
    #[test]
    fn the_help_lists_every_binding_of_every_mode() {
        let keymap = Keymap::default();
        // Wide enough that no description wraps; keys wrap in their column.
        let help = lines(&keymap, &[], 1000);
        // Each mode's part (the reading mode's several sections are one),
        // its key column and its descriptions apart.
        let mut parts: Vec<(String, String, String)> = Vec::new();
        for line in help {
            match line {
                Line::Heading(h) => parts.push((h, String::new(), String::new())),
                Line::Keys { keys, text, .. } => {
                    if let Some((_, k, t)) = parts.last_mut() {
                        k.push_str(&format!(" {keys}"));
                        t.push_str(&format!("\n{text}"));
                    }
                }
                _ => {}
            }
        }
        for mode in Mode::ALL {
            let own: Vec<&(String, String, String)> = parts
                .iter()
                .filter(|(h, _, _)| {
                    if mode == Mode::Normal {
                        Section::READING.iter().any(|(_, title)| title == h)
                    } else {
                        h == mode.title()
                    }
                })
                .collect();
            assert!(!own.is_empty(), "no part of the help for {}", mode.name());
            for (command, keys) in keymap.bindings(mode) {
                let doc = command.doc_in(mode);
                assert!(
                    own.iter().any(|(_, _, t)| t.lines().any(|l| l == doc)),
                    "{}: {doc:?} is not in its part of the help",
                    mode.name()
                );
                for key in keys {
                    let label = key.label();
                    assert!(
                        own.iter()
                            .any(|(_, k, _)| k.split_whitespace().any(|w| w == label)),
                        "{}: the key {label} of {} is not in its part of the help",
                        mode.name(),
                        command.name()
                    );
                }
            }
        }
    }
}
