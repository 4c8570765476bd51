//! The keymap as data: every command has a name and a one-line doc; keys
//! are written one way (`"j"`, `"C-o"`, `"A-left"`, `"S-tab"`, `"pgdn"`);
//! each mode (normal, finder, document list, help) has its own table of
//! key to command, the defaults below laid under what the user's config
//! file binds. The event loop looks keys up here, and the help overlay and
//! the status-line hints are printed from the same tables, so they cannot
//! disagree.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::{Action, App};

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn ch(c: char) -> Key {
    Key(KeyCode::Char(c), NONE)
}

const fn key(code: KeyCode) -> Key {
    Key(code, NONE)
}

/// Named keys, as a config file writes them (any case) and as the help
/// shows them.
const NAMED: &[(&str, KeyCode, &str)] = &[
    ("enter", KeyCode::Enter, "Enter"),
    ("ret", KeyCode::Enter, "Enter"),
    ("esc", KeyCode::Esc, "Esc"),
    ("tab", KeyCode::Tab, "Tab"),
    ("backspace", KeyCode::Backspace, "Backspace"),
    ("bs", KeyCode::Backspace, "Backspace"),
    ("space", KeyCode::Char(' '), "Space"),
    ("up", KeyCode::Up, "↑"),
    ("down", KeyCode::Down, "↓"),
    ("left", KeyCode::Left, "←"),
    ("right", KeyCode::Right, "→"),
    ("pgup", KeyCode::PageUp, "PgUp"),
    ("pageup", KeyCode::PageUp, "PgUp"),
    ("pgdn", KeyCode::PageDown, "PgDn"),
    ("pagedown", KeyCode::PageDown, "PgDn"),
    ("home", KeyCode::Home, "Home"),
    ("end", KeyCode::End, "End"),
    ("del", KeyCode::Delete, "Del"),
    ("ins", KeyCode::Insert, "Ins"),
];

impl Key {
    /// Reads a key as a config file writes it: a character (`"j"`, `"G"`,
    /// `"/"`), a name (`"enter"`, `"pgdn"`, `"space"`), either after `C-`
    /// (Ctrl), `A-` (Alt) or, for Tab, `S-` (Shift).
    pub fn parse(spelling: &str) -> Result<Key, String> {
        let mut rest = spelling;
        let mut mods = NONE;
        let mut shift = false;
        // Prefixes are ASCII: compared and cut as bytes, never inside a
        // character ("éx", "日本" are refused, not sliced).
        while rest.chars().count() > 1 {
            let prefix = rest.get(..2).unwrap_or_default().to_ascii_lowercase();
            match prefix.as_str() {
                "c-" => mods |= CTRL,
                "a-" => mods |= ALT,
                "s-" => shift = true,
                _ => break,
            }
            rest = &rest[2..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if mods.contains(CTRL) => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) if shift => KeyCode::Char(c.to_ascii_uppercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => match NAMED
                .iter()
                .find(|(name, ..)| rest.eq_ignore_ascii_case(name))
            {
                Some((_, KeyCode::Tab, _)) if shift => return Ok(key(KeyCode::BackTab)),
                Some(&(_, code, _)) => code,
                None if rest.len() > 1 && rest.starts_with(['f', 'F']) => rest[1..]
                    .parse::<u8>()
                    .ok()
                    .filter(|n| (1..=12).contains(n))
                    .map(KeyCode::F)
                    .ok_or_else(|| unknown_key(spelling))?,
                None => return Err(unknown_key(spelling)),
            },
        };
        Ok(Key(code, mods))
    }

    /// How a config file writes the key: `"C-o"`, `"A-left"`, `"S-tab"`.
    pub fn spelling(&self) -> String {
        let name = match self.0 {
            KeyCode::BackTab => return "S-tab".into(),
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            code => NAMED.iter().find(|(_, c, _)| *c == code).map_or_else(
                || format!("{code:?}").to_lowercase(),
                |(n, ..)| n.to_string(),
            ),
        };
        let mut out = String::new();
        if self.1.contains(CTRL) {
            out.push_str("C-");
        }
        if self.1.contains(ALT) {
            out.push_str("A-");
        }
        out + &name
    }

    /// How the help shows the key: `Ctrl-o`, `Alt-←`, `Shift-Tab`, `PgDn`.
    pub fn label(&self) -> String {
        let name = match self.0 {
            KeyCode::BackTab => return "Shift-Tab".into(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => NAMED
                .iter()
                .find(|(_, c, _)| *c == code)
                .map_or_else(|| format!("{code:?}"), |(.., label)| label.to_string()),
        };
        match self.1 {
            m if m.contains(CTRL) => format!("Ctrl-{name}"),
            m if m.contains(ALT) => format!("Alt-{name}"),
            _ => name,
        }
    }
}

fn unknown_key(spelling: &str) -> String {
    format!(
        "unknown key \"{spelling}\": write a character (\"j\", \"G\"), a name (enter, esc, tab, space, backspace, up, down, left, right, pgup, pgdn, home, end, f1…f12), with C- (Ctrl), A- (Alt) or S-tab"
    )
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// Which keymap applies: the explorer's own, or an overlay's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Finder,
    Documents,
    Help,
    /// The `:` command line.
    Command,
    /// The concordance of an entity.
    Concordance,
    /// Choosing text to make a mention of.
    Select,
}

impl Mode {
    pub const ALL: [Mode; 7] = [
        Mode::Normal,
        Mode::Finder,
        Mode::Documents,
        Mode::Help,
        Mode::Command,
        Mode::Concordance,
        Mode::Select,
    ];

    /// The name of the mode's table in a config file (`[keys.normal]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Finder => "finder",
            Mode::Documents => "documents",
            Mode::Help => "help",
            Mode::Command => "command",
            Mode::Concordance => "concordance",
            Mode::Select => "select",
        }
    }

    /// The heading of the mode's keys in the help.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Normal => "Reading",
            Mode::Finder => "In the finder (/)",
            Mode::Documents => "In the document list (d)",
            Mode::Help => "In this help (?)",
            Mode::Command => "On the command line (:)",
            Mode::Concordance => "In the concordance (c)",
            Mode::Select => "Choosing text (V)",
        }
    }

    /// The mode the explorer is in.
    pub fn of(app: &App) -> Mode {
        if app.finder().is_some() {
            Mode::Finder
        } else if app.documents().is_some() {
            Mode::Documents
        } else if app.help().is_some() {
            Mode::Help
        } else if matches!(app.overlay, Some(crate::app::Overlay::CommandLine(_))) {
            Mode::Command
        } else if app.concordance().is_some() {
            Mode::Concordance
        } else if app.selection.is_some() {
            Mode::Select
        } else {
            Mode::Normal
        }
    }
}

/// A command a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    /// Its name in a config file.
    pub name: &'static str,
    pub action: Action,
    /// One line for the help.
    pub doc: &'static str,
}

const fn command(name: &'static str, action: Action, doc: &'static str) -> Command {
    Command { name, action, doc }
}

/// Every command, in the order the help lists them.
pub const COMMANDS: &[Command] = &[
    command(
        "find",
        Action::OpenFinder,
        "fuzzy-find an entity by name or alias",
    ),
    command(
        "next_mention",
        Action::NextMention,
        "next mention of the current entity",
    ),
    command(
        "prev_mention",
        Action::PrevMention,
        "previous mention of the current entity",
    ),
    command(
        "next_any_mention",
        Action::NextAnyMention,
        "next mention of any entity",
    ),
    command(
        "prev_any_mention",
        Action::PrevAnyMention,
        "previous mention of any entity",
    ),
    command(
        "select",
        Action::Select,
        "text: make the mention's entity current; list: go to it; details: follow the relation",
    ),
    command(
        "next_section",
        Action::NextSection,
        "next section heading (or document of a corpus)",
    ),
    command(
        "prev_section",
        Action::PrevSection,
        "previous section heading (or document)",
    ),
    command(
        "documents",
        Action::ToggleDocuments,
        "list the documents: what was opened, what was skipped",
    ),
    command(
        "evidence",
        Action::Evidence,
        "jump to the selected relation's evidence paragraph (again: the next)",
    ),
    command("back", Action::Back, "back through the jump history"),
    command(
        "forward",
        Action::Forward,
        "forward through the jump history (Ctrl-i is Tab in most terminals)",
    ),
    command("focus_next", Action::FocusNext, "focus the next pane"),
    command("focus_prev", Action::FocusPrev, "focus the previous pane"),
    command("down", Action::Down, "down in the focused pane"),
    command("up", Action::Up, "up in the focused pane"),
    command("page_down", Action::PageDown, "a page down"),
    command("page_up", Action::PageUp, "a page up"),
    command("half_page_down", Action::HalfPageDown, "half a page down"),
    command("half_page_up", Action::HalfPageUp, "half a page up"),
    command(
        "top",
        Action::Top,
        "to the top (after a count: that paragraph, 12g)",
    ),
    command(
        "bottom",
        Action::Bottom,
        "to the bottom (after a count: that paragraph, 12G)",
    ),
    command(
        "center",
        Action::Center,
        "scroll the cursor's line to the middle",
    ),
    command(
        "mark",
        Action::AwaitMark { jump: false },
        "m and a letter: mark this place",
    ),
    command(
        "jump_to_mark",
        Action::AwaitMark { jump: true },
        "' and a letter: go back to that mark",
    ),
    command(
        "filter",
        Action::ToggleFilter,
        "only the paragraphs naming the current entity, or all again (:filter a|b !c kind:x)",
    ),
    command(
        "concordance",
        Action::ToggleConcordance,
        "the current entity's mentions in context, one a line (s sorts, Enter jumps)",
    ),
    command(
        "copy",
        Action::CopyParagraph,
        "copy the paragraph with its reference (\"Title, ¶13: …\"), over SSH too",
    ),
    command(
        "copy_mention",
        Action::CopyMention,
        "copy the mention under the cursor with its reference",
    ),
    command(
        "command_line",
        Action::OpenCommandLine,
        ":123 goes to ¶123, :q quits, :NAME runs a command (Tab completes)",
    ),
    command(
        "sort",
        Action::CycleSort,
        "sort entities by count, name or first appearance",
    ),
    command(
        "kind_filter",
        Action::CycleKind,
        "show only one kind of entity (cycles; all at the end)",
    ),
    command(
        "unsure",
        Action::ToggleUnsure,
        "list discovered entities of low confidence too (or hide them)",
    ),
    command(
        "highlight",
        Action::ToggleHighlight,
        "highlight every mention, or only the current entity's",
    ),
    command(
        "mouse",
        Action::ToggleMouse,
        "mouse capture on/off (with it on, Shift-drag selects text)",
    ),
    command("undo", Action::Undo, "take back the last edit"),
    command("redo", Action::Redo, "make the last undone edit again"),
    command(
        "drop",
        Action::DropEntity,
        "drop the current entity, with its mentions (u undoes)",
    ),
    command(
        "rename",
        Action::RenameEntity,
        "rename the current entity (:rename NAME)",
    ),
    command(
        "set_kind",
        Action::SetKind,
        "change the current entity's kind (:kind KIND, Tab completes)",
    ),
    command(
        "merge",
        Action::MergeEntity,
        "merge the current entity into another (:merge NAME); :split ALIAS undoes an alias",
    ),
    command(
        "unlink",
        Action::Unlink,
        "the mention under the cursor is no longer a mention",
    ),
    command(
        "choose_text",
        Action::StartSelection,
        "choose text to make a mention of, from the cursor, a word at a time",
    ),
    command(
        "save",
        Action::Save,
        "write the edits to the catalog beside the text, or the .ann (:w)",
    ),
    command("choose_more", Action::SelectExtend, "a word more"),
    command("choose_less", Action::SelectShrink, "a word less"),
    command("choose_next", Action::SelectNext, "choose the next word"),
    command(
        "choose_prev",
        Action::SelectPrev,
        "choose the previous word",
    ),
    command(
        "choose_link",
        Action::SelectLink,
        "make the chosen text a mention of the current entity (:link NAME: of another)",
    ),
    command(
        "choose_new",
        Action::SelectNew,
        "make the chosen text a new entity (:new NAME as KIND)",
    ),
    command("help", Action::ToggleHelp, "this help"),
    command(
        "close",
        Action::Escape,
        "close the help or finder, clear the evidence mark",
    ),
    command("quit", Action::Quit, "quit"),
    command(
        "finder_accept",
        Action::FinderAccept,
        "make it current and jump to its first mention",
    ),
    command("finder_up", Action::FinderUp, "choose the one above"),
    command("finder_down", Action::FinderDown, "choose the one below"),
    command(
        "finder_text",
        Action::FinderText,
        "jump to the text hits, or back to the entities",
    ),
    command(
        "finder_backspace",
        Action::FinderBackspace,
        "delete the last letter",
    ),
    command("finder_clear", Action::FinderClear, "clear the query"),
    command("command_run", Action::CommandRun, "run the line"),
    command(
        "command_delete_word",
        Action::CommandDeleteWord,
        "delete the last word",
    ),
    command(
        "command_clear",
        Action::CommandClear,
        "delete all but the command's name",
    ),
    command(
        "command_complete",
        Action::CommandComplete,
        "complete the command's name",
    ),
    command(
        "command_backspace",
        Action::CommandBackspace,
        "delete the last letter (on an empty line: close)",
    ),
];

/// The sections of the normal mode's help, each a run of commands.
pub const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Find and follow",
        &[
            "find",
            "next_mention",
            "prev_mention",
            "next_any_mention",
            "prev_any_mention",
            "select",
            "next_section",
            "prev_section",
            "documents",
            "concordance",
            "filter",
            "evidence",
            "back",
            "forward",
        ],
    ),
    (
        "Move",
        &[
            "focus_next",
            "focus_prev",
            "down",
            "up",
            "page_down",
            "page_up",
            "half_page_down",
            "half_page_up",
            "top",
            "bottom",
            "center",
        ],
    ),
    (
        "Marks, copies and commands",
        &[
            "mark",
            "jump_to_mark",
            "copy",
            "copy_mention",
            "command_line",
        ],
    ),
    (
        "Curate",
        &[
            "drop",
            "rename",
            "set_kind",
            "merge",
            "unlink",
            "choose_text",
            "undo",
            "redo",
            "save",
        ],
    ),
    (
        "View",
        &[
            "sort",
            "kind_filter",
            "unsure",
            "highlight",
            "mouse",
            "help",
            "close",
            "quit",
        ],
    ),
];

/// The default bindings: mode, command, keys, and what the command does in
/// that mode when it says more than the command's own doc (a list's `Enter`
/// opens, a concordance's `s` sorts its lines).
const DEFAULTS: &[(Mode, &str, &[&str], Option<&str>)] = &[
    (Mode::Normal, "find", &["/"], None),
    (Mode::Normal, "next_mention", &["n"], None),
    (Mode::Normal, "prev_mention", &["N"], None),
    (Mode::Normal, "next_any_mention", &["]"], None),
    (Mode::Normal, "prev_any_mention", &["["], None),
    (Mode::Normal, "select", &["enter"], None),
    (Mode::Normal, "next_section", &["}"], None),
    (Mode::Normal, "prev_section", &["{"], None),
    (Mode::Normal, "documents", &["d"], None),
    (Mode::Normal, "evidence", &["e"], None),
    (Mode::Normal, "back", &["C-o", "H", "A-left"], None),
    (Mode::Normal, "forward", &["L", "A-right"], None),
    (Mode::Normal, "focus_next", &["tab"], None),
    (Mode::Normal, "focus_prev", &["S-tab"], None),
    (Mode::Normal, "down", &["j", "down"], None),
    (Mode::Normal, "up", &["k", "up"], None),
    (Mode::Normal, "page_down", &["pgdn", "C-f", "space"], None),
    (Mode::Normal, "page_up", &["pgup", "C-b"], None),
    (Mode::Normal, "half_page_down", &["C-d"], None),
    (Mode::Normal, "half_page_up", &["C-u"], None),
    (Mode::Normal, "top", &["g", "home"], None),
    (Mode::Normal, "bottom", &["G", "end"], None),
    (Mode::Normal, "center", &["z"], None),
    (Mode::Normal, "mark", &["m"], None),
    (Mode::Normal, "jump_to_mark", &["'", "`"], None),
    (Mode::Normal, "command_line", &[":"], None),
    (Mode::Normal, "concordance", &["c"], None),
    (Mode::Normal, "filter", &["&"], None),
    (Mode::Normal, "copy", &["y"], None),
    (Mode::Normal, "copy_mention", &["Y"], None),
    (Mode::Normal, "sort", &["s"], None),
    (Mode::Normal, "kind_filter", &["f"], None),
    (Mode::Normal, "highlight", &["v"], None),
    (Mode::Normal, "unsure", &["A"], None),
    (Mode::Normal, "mouse", &["M"], None),
    (Mode::Normal, "drop", &["D"], None),
    (Mode::Normal, "rename", &["R"], None),
    (Mode::Normal, "set_kind", &["K"], None),
    (Mode::Normal, "merge", &["="], None),
    (Mode::Normal, "unlink", &["x"], None),
    (Mode::Normal, "choose_text", &["V"], None),
    (Mode::Normal, "undo", &["u"], None),
    (Mode::Normal, "redo", &["C-r"], None),
    (Mode::Normal, "save", &["C-s"], None),
    (Mode::Normal, "help", &["?"], None),
    (Mode::Normal, "close", &["esc"], None),
    (Mode::Normal, "quit", &["q", "C-c"], None),
    (Mode::Finder, "finder_accept", &["enter"], None),
    (Mode::Finder, "finder_up", &["up", "S-tab", "C-p"], None),
    (Mode::Finder, "finder_down", &["down", "tab", "C-n"], None),
    (Mode::Finder, "finder_text", &["C-t"], None),
    (Mode::Finder, "finder_backspace", &["backspace"], None),
    (Mode::Finder, "finder_clear", &["C-u"], None),
    (Mode::Finder, "close", &["esc"], Some("close the finder")),
    (Mode::Finder, "quit", &["C-c"], None),
    (
        Mode::Documents,
        "select",
        &["enter"],
        Some("open the selected document"),
    ),
    (
        Mode::Documents,
        "down",
        &["j", "down"],
        Some("the next document"),
    ),
    (
        Mode::Documents,
        "up",
        &["k", "up"],
        Some("the previous document"),
    ),
    (
        Mode::Documents,
        "top",
        &["g", "home"],
        Some("the first document"),
    ),
    (
        Mode::Documents,
        "bottom",
        &["G", "end"],
        Some("the last document"),
    ),
    (
        Mode::Documents,
        "documents",
        &["d", "q"],
        Some("close the list"),
    ),
    (Mode::Documents, "close", &["esc"], Some("close the list")),
    (Mode::Documents, "quit", &["C-c"], None),
    (Mode::Help, "down", &["j", "down"], Some("scroll down")),
    (Mode::Help, "up", &["k", "up"], Some("scroll up")),
    (
        Mode::Help,
        "page_down",
        &["pgdn", "C-f", "space"],
        Some("a page down"),
    ),
    (Mode::Help, "page_up", &["pgup", "C-b"], Some("a page up")),
    (Mode::Help, "top", &["g", "home"], Some("to the top")),
    (Mode::Help, "bottom", &["G", "end"], Some("to the end")),
    (Mode::Help, "help", &["?", "q"], Some("close the help")),
    (Mode::Help, "close", &["esc"], Some("close the help")),
    (Mode::Help, "quit", &["C-c"], None),
    (
        Mode::Concordance,
        "select",
        &["enter"],
        Some("jump to the selected mention in the text"),
    ),
    (
        Mode::Concordance,
        "down",
        &["j", "down"],
        Some("the next line"),
    ),
    (
        Mode::Concordance,
        "up",
        &["k", "up"],
        Some("the previous line"),
    ),
    (
        Mode::Concordance,
        "page_down",
        &["pgdn", "C-f", "space", "C-d"],
        None,
    ),
    (Mode::Concordance, "page_up", &["pgup", "C-b", "C-u"], None),
    (
        Mode::Concordance,
        "top",
        &["g", "home"],
        Some("the first line"),
    ),
    (
        Mode::Concordance,
        "bottom",
        &["G", "end"],
        Some("the last line"),
    ),
    (
        Mode::Concordance,
        "sort",
        &["s"],
        Some("sort the lines by position, left context or right context"),
    ),
    (
        Mode::Concordance,
        "concordance",
        &["c", "q"],
        Some("close the concordance"),
    ),
    (
        Mode::Concordance,
        "close",
        &["esc"],
        Some("close the concordance"),
    ),
    (Mode::Concordance, "quit", &["C-c"], None),
    (Mode::Select, "choose_more", &["l", "right"], None),
    (Mode::Select, "choose_less", &["h", "left"], None),
    (Mode::Select, "choose_next", &["w"], None),
    (Mode::Select, "choose_prev", &["b"], None),
    (Mode::Select, "choose_link", &["enter"], None),
    (Mode::Select, "choose_new", &["e"], None),
    (
        Mode::Select,
        "command_line",
        &[":"],
        Some("type what to do with the chosen text (:link NAME, :new NAME as KIND)"),
    ),
    (Mode::Select, "close", &["esc"], Some("stop choosing")),
    (Mode::Select, "quit", &["C-c"], None),
    (Mode::Command, "command_run", &["enter"], None),
    (Mode::Command, "command_complete", &["tab"], None),
    (Mode::Command, "command_backspace", &["backspace"], None),
    (Mode::Command, "command_delete_word", &["C-w"], None),
    (Mode::Command, "command_clear", &["C-u"], None),
    (
        Mode::Command,
        "close",
        &["esc"],
        Some("close the command line"),
    ),
    (Mode::Command, "quit", &["C-c"], None),
];

/// The command called `name`, or what it might have meant.
pub fn command_named(name: &str) -> Result<&'static Command, String> {
    COMMANDS.iter().find(|c| c.name == name).ok_or_else(|| {
        let best = COMMANDS
            .iter()
            .map(|c| (strsim::jaro_winkler(name, c.name), c.name))
            .fold((0.0, ""), |a, b| if b.0 > a.0 { b } else { a });
        if best.0 > 0.8 {
            format!("unknown command \"{name}\" (did you mean \"{}\"?)", best.1)
        } else {
            format!("unknown command \"{name}\" (`entscope config --default` lists them all)")
        }
    })
}

/// What a command does in a mode, in one line: the mode's own words for
/// it, or the command's doc.
pub fn doc_in(mode: Mode, command: &Command) -> &'static str {
    DEFAULTS
        .iter()
        .find(|(m, name, _, _)| *m == mode && *name == command.name)
        .and_then(|(.., doc)| *doc)
        .unwrap_or(command.doc)
}

/// Key to command, for every mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: HashMap<Mode, Table>,
}

/// One mode's bindings: in the order they were bound (for the help), and
/// by key (a lookup per keypress, however many keys a config binds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    bound: Vec<(Key, Option<&'static Command>)>,
    at: HashMap<Key, usize>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Keymap {
            tables: HashMap::new(),
        };
        for &(mode, name, keys, _) in DEFAULTS {
            for k in keys {
                // Every default key parses and names a command: a test says so.
                if let Ok(key) = Key::parse(k) {
                    let _ = map.bind(mode, key, name);
                }
            }
        }
        map
    }
}

impl Keymap {
    /// Binds a key to a command in a mode, replacing what the key did
    /// there; the command `"none"` unbinds it.
    pub fn bind(&mut self, mode: Mode, key: Key, name: &str) -> Result<(), String> {
        let command = match name {
            "none" => None,
            _ => Some(command_named(name)?),
        };
        let table = self.tables.entry(mode).or_default();
        match table.at.get(&key) {
            // In place: a key bound again keeps its rank among its command's keys.
            Some(&i) => table.bound[i].1 = command,
            None if command.is_some() => {
                table.at.insert(key, table.bound.len());
                table.bound.push((key, command));
            }
            None => {}
        }
        Ok(())
    }

    /// The command a key runs in a mode.
    pub fn command(&self, mode: Mode, key: Key) -> Option<&'static Command> {
        let table = self.tables.get(&mode)?;
        table.bound[*table.at.get(&key)?].1
    }

    /// The keys bound to a command in a mode, in the order they were bound.
    pub fn keys(&self, mode: Mode, name: &str) -> Vec<Key> {
        self.tables
            .get(&mode)
            .map(|t| {
                t.bound
                    .iter()
                    .filter(|(_, c)| c.is_some_and(|c| c.name == name))
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A mode from which no key leads out (neither closing it nor
    /// quitting), if a config made one.
    pub fn trap(&self) -> Option<Mode> {
        Mode::ALL.into_iter().find(|&mode| {
            let ways_out: &[&str] = match mode {
                Mode::Normal => &["quit"],
                Mode::Documents => &["quit", "close", "documents"],
                Mode::Help => &["quit", "close", "help"],
                Mode::Concordance => &["quit", "close", "concordance"],
                Mode::Finder | Mode::Command | Mode::Select => &["quit", "close"],
            };
            ways_out.iter().all(|name| self.keys(mode, name).is_empty())
        })
    }

    /// Every binding of a mode, command by command in the help's order:
    /// (command, its keys).
    pub fn bindings(&self, mode: Mode) -> Vec<(&'static Command, Vec<Key>)> {
        COMMANDS
            .iter()
            .map(|c| (c, self.keys(mode, c.name)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }

    /// Translates a terminal event into an action, given the explorer's mode.
    pub fn action_for(&self, app: &App, event: &Event) -> Option<Action> {
        match event {
            Event::Key(k) if k.kind == KeyEventKind::Press => {
                let mode = Mode::of(app);
                let key = normalise(*k);
                let typed = match key {
                    Key(KeyCode::Char(c), m) if !m.intersects(CTRL | ALT) => Some(c),
                    _ => None,
                };
                // After m or ', a letter names the mark.
                if let (Some(jump), Mode::Normal) = (app.awaiting_mark, mode) {
                    return Some(match typed.filter(char::is_ascii_alphabetic) {
                        Some(c) if jump => Action::JumpToMark(c),
                        Some(c) => Action::SetMark(c),
                        None => Action::Escape,
                    });
                }
                match (self.command(mode, key), typed) {
                    (Some(c), _) => Some(c.action),
                    // In the finder and on the command line, what is not bound is typed.
                    (None, Some(c)) if mode == Mode::Finder => Some(Action::FinderInput(c)),
                    (None, Some(c)) if mode == Mode::Command => Some(Action::CommandInput(c)),
                    // Digits before a key count it (0 only once a count has begun).
                    (None, Some(c @ '0'..='9'))
                        if mode == Mode::Normal && (c != '0' || app.count.is_some()) =>
                    {
                        Some(Action::Count(c as u8 - b'0'))
                    }
                    (None, _) => None,
                }
            }
            Event::Mouse(m) => mouse_action(*m),
            Event::Resize(width, height) => Some(Action::Resize {
                width: *width,
                height: *height,
            }),
            _ => None,
        }
    }
}

/// Mouse actions, for the help.
pub const MOUSE_HELP: &[(&str, &str)] = &[
    ("click", "a mention, an entity or a relation selects it"),
    ("wheel", "scrolls the pane under the pointer"),
    (
        "Shift-drag",
        "selects text for copying while the mouse is captured",
    ),
];

fn normalise(event: KeyEvent) -> Key {
    let mut mods = event.modifiers & (CTRL | ALT);
    if let KeyCode::Char(c) = event.code {
        // Ctrl-letter arrives lower-case; Shift is already in the character.
        if mods.contains(CTRL) {
            return Key(KeyCode::Char(c.to_ascii_lowercase()), mods);
        }
    }
    if event.code == KeyCode::BackTab {
        mods = NONE;
    }
    Key(event.code, mods)
}

fn mouse_action(m: MouseEvent) -> Option<Action> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown => Some(Action::Scroll {
            column,
            row,
            lines: 3,
        }),
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            column,
            row,
            lines: -3,
        }),
        _ => None,
    }
}

/// Parses a key script such as `"/luxn<ret>n"` into key events, for tests:
/// `<ret>`, `<esc>`, `<tab>`, `<s-tab>`, `<bs>`, `<up>`, `<down>`, `<pgdn>`,
/// `<pgup>`, `<c-X>` (Ctrl-X) and `<a-left>`/`<a-right>`.
pub fn parse_keys(script: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        let (key, len) = if c == '<' {
            match rest.find('>') {
                Some(end) => {
                    let name = &rest[1..end];
                    let key = match name {
                        "ret" => key(KeyCode::Enter),
                        "esc" => key(KeyCode::Esc),
                        "tab" => key(KeyCode::Tab),
                        "s-tab" => key(KeyCode::BackTab),
                        "bs" => key(KeyCode::Backspace),
                        "up" => key(KeyCode::Up),
                        "down" => key(KeyCode::Down),
                        "pgdn" => key(KeyCode::PageDown),
                        "pgup" => key(KeyCode::PageUp),
                        "a-left" => Key(KeyCode::Left, ALT),
                        "a-right" => Key(KeyCode::Right, ALT),
                        n if n.starts_with("c-") && n.len() == 3 => {
                            Key(KeyCode::Char(n.chars().nth(2).unwrap_or('c')), CTRL)
                        }
                        _ => ch('<'),
                    };
                    (key, if key == ch('<') { 1 } else { end + 1 })
                }
                None => (ch('<'), 1),
            }
        } else {
            (ch(c), c.len_utf8())
        };
        events.push(Event::Key(KeyEvent::new(key.0, key.1)));
        rest = &rest[len..];
    }
    events
}

/// Feeds a key script to the app as the event loop would, through the
/// app's keymap.
pub fn run_script(app: &mut App, script: &str) {
    for event in parse_keys(script) {
        if let Some(action) = app.keymap.action_for(app, &event) {
            app.update(action);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_names_a_command() {
        for (mode, name, keys, _) in DEFAULTS {
            assert!(
                command_named(name).is_ok(),
                "{}: unknown command {name}",
                mode.name()
            );
            for k in *keys {
                let key = Key::parse(k).unwrap_or_else(|e| panic!("{}: {e}", mode.name()));
                assert_eq!(
                    Keymap::default().command(*mode, key).map(|c| c.name),
                    Some(*name),
                    "{k} in {} runs {name}",
                    mode.name()
                );
            }
        }
    }

    #[test]
    fn every_mode_has_keys_and_a_way_out() {
        let keymap = Keymap::default();
        for mode in Mode::ALL {
            let bound = keymap.bindings(mode);
            assert!(!bound.is_empty(), "{} has keys", mode.name());
            assert!(
                bound.iter().any(|(c, _)| c.name == "quit"),
                "{} can quit",
                mode.name()
            );
        }
    }

    #[test]
    fn a_mode_says_what_its_keys_do_there() {
        let sort = command_named("sort").expect("sort");
        assert_eq!(
            doc_in(Mode::Normal, sort),
            "sort entities by count, name or first appearance"
        );
        assert_eq!(
            doc_in(Mode::Concordance, sort),
            "sort the lines by position, left context or right context"
        );
        let select = command_named("select").expect("select");
        assert_eq!(
            doc_in(Mode::Documents, select),
            "open the selected document"
        );
    }

    #[test]
    fn keys_of_any_spelling_parse_or_are_refused_without_panic() {
        for spelling in [
            "",
            "é",
            "éx",
            "日本",
            "\u{202e}C-n",
            "C-",
            "C-é",
            "A-日",
            "S-",
            "f13",
            "F0",
            "c-c",
            "C-C",
            "a-left",
            "S-tab",
            "ff",
            "--",
        ] {
            let _ = Key::parse(spelling);
        }
        assert_eq!(Key::parse("é"), Ok(ch('é')));
        assert!(Key::parse("éx").is_err());
    }
}
