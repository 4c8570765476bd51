//! The user's settings, from a TOML file: `--config FILE`, else
//! `$XDG_CONFIG_HOME/entscope/config.toml` (by default
//! `~/.config/entscope/config.toml`) when it exists.
//!
//! ```toml
//! [keys.normal]          # also [keys.finder], [keys.documents], [keys.help]
//! "C-n" = "next_mention" # a key (one spelling: "j", "C-o", "A-left", "S-tab") = a command
//! "n" = "none"           # unbinds a default
//!
//! [theme]
//! name = "light"         # a built-in palette: dark (the default) or light
//! border = "blue"        # and any colour of it: a name, "#rrggbb" or 0–255
//!
//! [theme.kinds]
//! person = "#9a5b00"
//! ```
//!
//! The file is laid over the defaults. Anything wrong in it is an error
//! naming the file, the line and column, and what was expected: the
//! explorer never starts half-configured.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::app::keymap::Keymap;
use crate::app::keys::Key;
use crate::app::mode::Mode;
use crate::problem::{Place, Problem};
use crate::ui::theme::{PALETTES, Palette, color_name};

/// What the settings say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub keymap: Keymap,
    pub palette: Palette,
    pub view: View,
}

pub use crate::app::view::View;

/// The narrowest `max_width` allowed.
const NARROWEST: i64 = 20;

/// `[keys.MODE]` tables: a key to a command's name, each with its place.
type KeyTables = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    keys: KeyTables,
    #[serde(default)]
    theme: Option<ThemeFile>,
    #[serde(default)]
    view: Option<ViewFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewFile {
    max_width: Option<Spanned<i64>>,
    highlight: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<Spanned<String>>,
    current_text: Option<Spanned<String>>,
    cursor: Option<Spanned<String>>,
    border: Option<Spanned<String>>,
    dim: Option<Spanned<String>>,
    heading: Option<Spanned<String>>,
    matched: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    status_text: Option<Spanned<String>>,
    #[serde(default)]
    kinds: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// Where the config file is looked for when none is named.
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.config_dir().join("entscope").join("config.toml"))
}

/// The settings: the named file (which must exist), else the default file
/// when there is one, else the defaults.
pub fn load(named: Option<&Path>) -> Result<Config, Problem> {
    let path = match named {
        Some(path) => path.to_path_buf(),
        None => match default_path().filter(|p| p.is_file()) {
            Some(path) => path,
            None => return Ok(Config::default()),
        },
    };
    let text = crate::files::read_text_limited(&path, Some(crate::files::STATE_LIMIT))?;
    parse(&crate::files::display_name(&path), &text)
}

/// Reads a config file's text.
pub fn parse(name: &str, text: &str) -> Result<Config, Problem> {
    let at = |span: std::ops::Range<usize>| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Place::LineColumn(line, column)
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let place = e.span().map_or(Place::File, at);
        Problem::error(name, place, e.message().trim().to_string())
    })?;
    let mut config = Config {
        keymap: parse_keys(name, &file.keys, &at)?,
        ..Config::default()
    };
    if let Some(view) = &file.view {
        config.view = parse_view(name, view, &at)?;
    }
    if let Some(theme) = &file.theme {
        config.palette = parse_theme(name, theme, &at)?;
    }
    Ok(config)
}

/// Where a span of the file is, as a place in a problem.
type At<'a> = dyn Fn(std::ops::Range<usize>) -> Place + 'a;

/// The `[keys.MODE]` tables, laid over the default keymap.
fn parse_keys(name: &str, keys: &KeyTables, at: &At<'_>) -> Result<Keymap, Problem> {
    let mut keymap = Keymap::default();
    for (mode_name, table) in keys {
        let Some(mode) = Mode::ALL
            .into_iter()
            .find(|m| m.name() == mode_name.get_ref())
        else {
            let modes: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
            return Err(Problem::error(
                name,
                at(mode_name.span()),
                format!(
                    "unknown mode [keys.{}]: expected one of {}",
                    mode_name.get_ref(),
                    modes.join(", ")
                ),
            ));
        };
        for (key, command) in table {
            let parsed = Key::parse(key.get_ref())
                .map_err(|message| Problem::error(name, at(key.span()), message))?;
            keymap
                .bind(mode, parsed, command.get_ref())
                .map_err(|message| Problem::error(name, at(command.span()), message))?;
        }
    }
    if let Some(mode) = keymap.trap() {
        return Err(Problem::error(
            name,
            Place::File,
            format!(
                "no key leaves [keys.{}]: bind one to quit, or to close it (\"C-c\" = \"quit\")",
                mode.name()
            ),
        ));
    }
    Ok(keymap)
}

/// The `[theme]` table: a built-in palette by name, any colour of it over.
fn parse_theme(name: &str, theme: &ThemeFile, at: &At<'_>) -> Result<Palette, Problem> {
    let mut palette = Palette::default();
    if let Some(named) = &theme.name {
        palette = Palette::named(named.get_ref()).ok_or_else(|| {
            Problem::error(
                name,
                at(named.span()),
                format!(
                    "unknown theme \"{}\": the built-in ones are {}",
                    named.get_ref(),
                    PALETTES.join(", ")
                ),
            )
        })?;
    }
    let color = |value: &Spanned<String>| -> Result<Color, Problem> {
        value.get_ref().parse::<Color>().map_err(|_| {
            Problem::error(
                name,
                at(value.span()),
                format!(
                    "\"{}\" is not a colour: write a name (light-cyan, dark-gray…), \"#rrggbb\" or 0–255",
                    value.get_ref()
                ),
            )
        })
    };
    let p = &mut palette;
    let slots: [(&Option<Spanned<String>>, &mut Color); 8] = [
        (&theme.current_text, &mut p.current_text),
        (&theme.cursor, &mut p.cursor),
        (&theme.border, &mut p.border),
        (&theme.dim, &mut p.dim),
        (&theme.heading, &mut p.heading),
        (&theme.matched, &mut p.matched),
        (&theme.status, &mut p.status),
        (&theme.status_text, &mut p.status_text),
    ];
    for (value, slot) in slots {
        if let Some(value) = value {
            *slot = color(value)?;
        }
    }
    for (kind, value) in &theme.kinds {
        let c = color(value)?;
        palette.set_kind(kind.get_ref(), c);
    }
    Ok(palette)
}

/// The `[view]` table, over the defaults.
fn parse_view(name: &str, view: &ViewFile, at: &At<'_>) -> Result<View, Problem> {
    let mut out = View::default();
    if let Some(width) = &view.max_width {
        let w = *width.get_ref();
        if w < NARROWEST {
            return Err(Problem::error(
                name,
                at(width.span()),
                format!("max_width {w} is too narrow: {NARROWEST} columns at least"),
            ));
        }
        out.max_width = usize::try_from(w).unwrap_or(usize::MAX);
    }
    if let Some(highlight) = &view.highlight {
        out.highlight_all = match highlight.get_ref().as_str() {
            "all" => true,
            "current" => false,
            other => {
                return Err(Problem::error(
                    name,
                    at(highlight.span()),
                    format!("highlight \"{other}\": expected \"all\" or \"current\""),
                ));
            }
        };
    }
    Ok(out)
}

/// The keys of a keymap as Markdown tables, a table per part of the help:
/// the reading mode's sections, then every other mode, each command's keys
/// and what it does there. `docs/guide.md` holds the defaults' (a test
/// keeps it so); `entscope config --keys` prints the keymap in use.
pub fn keys_markdown(keymap: &Keymap) -> String {
    use crate::app::command::{COMMANDS, Section};
    let cell = |text: &str| text.replace('|', "\\|");
    let code = |label: String| {
        if label.contains('`') {
            format!("`` {label} ``")
        } else {
            format!("`{}`", cell(&label))
        }
    };
    let mut out = String::new();
    let mut table = |title: &str, rows: Vec<(String, &str)>| {
        if rows.is_empty() {
            return;
        }
        let _ = write!(
            out,
            "\n#### {title}\n\n| keys | what they do |\n|---|---|\n"
        );
        for (keys, doc) in rows {
            let _ = writeln!(out, "| {keys} | {} |", cell(doc));
        }
    };
    let keys = |mode: Mode, command| -> String {
        keymap
            .keys(mode, command)
            .iter()
            .map(|k| code(k.label()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (section, title) in Section::READING {
        let rows = COMMANDS
            .iter()
            .filter(|c| c.section == section)
            .map(|c| {
                (
                    keys(Mode::Normal, c.command),
                    c.command.doc_in(Mode::Normal),
                )
            })
            .filter(|(k, _)| !k.is_empty())
            .collect();
        table(title, rows);
    }
    for mode in Mode::ALL.into_iter().filter(|&m| m != Mode::Normal) {
        let rows = keymap
            .bindings(mode)
            .into_iter()
            .map(|(command, _)| (keys(mode, command), command.doc_in(mode)))
            .collect();
        table(mode.title(), rows);
    }
    out
}

/// The whole default configuration as a file: every mode's keys, every
/// command, every colour. Reading it back gives the defaults.
pub fn default_file() -> String {
    let defaults = Config::default();
    let mut out = String::from(
        "# entscope's configuration: every key and colour as they are by default.\n\
         # Save as ~/.config/entscope/config.toml (or pass --config FILE) and\n\
         # change what you like; what you leave out keeps its default.\n\
         # A key is written \"j\", \"G\", \"C-o\" (Ctrl), \"A-left\" (Alt), \"S-tab\",\n\
         # \"enter\", \"esc\", \"space\", \"pgdn\"…; \"none\" unbinds a key.\n",
    );
    for mode in Mode::ALL {
        let _ = writeln!(out, "\n[keys.{}]", mode.name());
        for (command, keys) in defaults.keymap.bindings(mode) {
            let _ = writeln!(out, "# {}", command.doc_in(mode));
            for key in keys {
                let _ = writeln!(
                    out,
                    "{} = \"{}\"",
                    toml_key(&key.spelling()),
                    command.name()
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\n[view]\n# the widest the text runs, however wide the pane (columns)\nmax_width = {}\n\
         # \"all\" mentions highlighted, or only the \"current\" entity's (v toggles)\nhighlight = \"{}\"",
        defaults.view.max_width,
        if defaults.view.highlight_all {
            "all"
        } else {
            "current"
        }
    );
    let p = &defaults.palette;
    let _ = writeln!(
        out,
        "\n[theme]\n# a built-in palette: {}\nname = \"dark\"",
        PALETTES.join(" or ")
    );
    for (field, color) in [
        ("current_text", p.current_text),
        ("cursor", p.cursor),
        ("border", p.border),
        ("dim", p.dim),
        ("heading", p.heading),
        ("matched", p.matched),
        ("status", p.status),
        ("status_text", p.status_text),
    ] {
        let _ = writeln!(out, "{field} = \"{}\"", color_name(color));
    }
    out.push_str("\n[theme.kinds]\n");
    for (kind, color) in &p.kinds {
        let _ = writeln!(out, "{} = \"{}\"", toml_key(kind), color_name(*color));
    }
    out
}

/// A TOML key, quoted unless bare.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        let text = default_file();
        assert_eq!(parse("default.toml", &text), Ok(Config::default()));
        assert!(text.contains("C-o = \"back\""), "{text}");
        assert!(text.contains("border = \"light-cyan\""), "{text}");
    }

    #[test]
    fn a_key_and_a_colour_are_laid_over_the_defaults() {
        let config = parse(
            "c.toml",
            "[keys.normal]\n\"C-n\" = \"next_mention\"\nn = \"none\"\n\n[theme]\nname = \"light\"\nborder = \"#123456\"\n[theme.kinds]\nPerson = \"red\"\n",
        )
        .expect("reads");
        let next: Vec<String> = config
            .keymap
            .keys(Mode::Normal, crate::app::Command::NextMention)
            .iter()
            .map(Key::spelling)
            .collect();
        assert_eq!(next, ["C-n"]);
        assert_eq!(config.palette.border, Color::Rgb(0x12, 0x34, 0x56));
        assert_eq!(config.palette.kind("person"), Some(Color::Red));
        assert_eq!(
            config.palette.status_text,
            Color::Black,
            "the light palette"
        );
    }

    #[test]
    fn bad_configs_say_where_and_what() {
        let cases = [
            (
                "[keys.normal]\nn = \"next_mentoin\"\n",
                "c.toml:2:5: unknown command \"next_mentoin\" (did you mean \"next_mention\"?)",
            ),
            (
                "[keys.normal]\n\"C-\" = \"quit\"\n",
                "c.toml:2:1: unknown key \"C-\"",
            ),
            (
                "[keys.norml]\nn = \"quit\"\n",
                "c.toml:1:7: unknown mode [keys.norml]: expected one of normal, finder, documents, help",
            ),
            (
                "[theme]\nborder = \"blurple\"\n",
                "c.toml:2:10: \"blurple\" is not a colour",
            ),
            (
                "[theme]\nname = \"solarized\"\n",
                "c.toml:2:8: unknown theme \"solarized\": the built-in ones are dark, light",
            ),
            (
                "[theme]\nborders = \"red\"\n",
                "c.toml:2:1: unknown field `borders`",
            ),
            ("[keys.normal\n", "c.toml:1:"),
            (
                "[view]\nmax_width = 8\n",
                "c.toml:2:13: max_width 8 is too narrow: 20 columns at least",
            ),
            (
                "[view]\nhighlight = \"some\"\n",
                "c.toml:2:13: highlight \"some\": expected \"all\" or \"current\"",
            ),
            (
                "[keys.normal]\nq = \"none\"\n\"C-c\" = \"none\"\n",
                "c.toml: no key leaves [keys.normal]: bind one to quit",
            ),
            (
                "[keys.finder]\nesc = \"none\"\n\"C-c\" = \"none\"\n",
                "c.toml: no key leaves [keys.finder]",
            ),
            (
                "[keys.normal]\n\"éx\" = \"quit\"\n",
                "c.toml:2:1: unknown key \"éx\"",
            ),
            (
                "[keys.normal]\n\"\u{202e}C-n\" = \"quit\"\n",
                "c.toml:2:1: unknown key",
            ),
        ];
        for (text, expected) in cases {
            let error = parse("c.toml", text).expect_err(text).to_string();
            assert!(
                error.starts_with(expected),
                "{text:?}\n  got: {error}\n want: {expected}"
            );
        }
    }
}
