//! The keymap as data: which keys do what, in which mode. The event loop
//! looks keys up here and the help overlay is printed from the same table,
//! so the two cannot disagree.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::{Action, App};

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn ch(c: char) -> Key {
    Key(KeyCode::Char(c), NONE)
}

const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), CTRL)
}

const fn key(code: KeyCode) -> Key {
    Key(code, NONE)
}

/// One line of the keymap.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

/// A titled group of bindings, as the help shows them.
pub struct Section {
    pub title: &'static str,
    pub bindings: &'static [Binding],
}

/// Keys of the explorer, by section.
pub const SECTIONS: &[Section] = &[
    Section {
        title: "Find and follow",
        bindings: &[
            bind(
                &[ch('/')],
                Action::OpenFinder,
                "fuzzy-find an entity by name or alias",
            ),
            bind(
                &[ch('n')],
                Action::NextMention,
                "next mention of the current entity",
            ),
            bind(
                &[ch('N')],
                Action::PrevMention,
                "previous mention of the current entity",
            ),
            bind(
                &[ch(']')],
                Action::NextAnyMention,
                "next mention of any entity",
            ),
            bind(
                &[ch('[')],
                Action::PrevAnyMention,
                "previous mention of any entity",
            ),
            bind(
                &[key(KeyCode::Enter)],
                Action::Select,
                "text: make the mention's entity current; list: go to it; details: follow the relation",
            ),
            bind(
                &[ch('}')],
                Action::NextSection,
                "next section heading (or document of a corpus)",
            ),
            bind(
                &[ch('{')],
                Action::PrevSection,
                "previous section heading (or document)",
            ),
            bind(
                &[ch('d')],
                Action::ToggleDocuments,
                "list the documents: what was opened, what was skipped",
            ),
            bind(
                &[ch('e')],
                Action::Evidence,
                "jump to the selected relation's evidence paragraph (again: the next)",
            ),
            bind(
                &[ctrl('o'), ch('H'), Key(KeyCode::Left, ALT)],
                Action::Back,
                "back through the jump history",
            ),
            bind(
                &[ch('L'), Key(KeyCode::Right, ALT)],
                Action::Forward,
                "forward through the jump history (Ctrl-i is Tab in most terminals)",
            ),
        ],
    },
    Section {
        title: "Move",
        bindings: &[
            bind(
                &[key(KeyCode::Tab)],
                Action::FocusNext,
                "focus the next pane",
            ),
            bind(
                &[key(KeyCode::BackTab)],
                Action::FocusPrev,
                "focus the previous pane",
            ),
            bind(
                &[ch('j'), key(KeyCode::Down)],
                Action::Down,
                "down in the focused pane",
            ),
            bind(
                &[ch('k'), key(KeyCode::Up)],
                Action::Up,
                "up in the focused pane",
            ),
            bind(
                &[key(KeyCode::PageDown), ctrl('f'), ch(' ')],
                Action::PageDown,
                "a page down",
            ),
            bind(
                &[key(KeyCode::PageUp), ctrl('b')],
                Action::PageUp,
                "a page up",
            ),
            bind(&[ch('g'), key(KeyCode::Home)], Action::Top, "to the top"),
            bind(
                &[ch('G'), key(KeyCode::End)],
                Action::Bottom,
                "to the bottom",
            ),
        ],
    },
    Section {
        title: "View",
        bindings: &[
            bind(
                &[ch('s')],
                Action::CycleSort,
                "sort entities by count, name or first appearance",
            ),
            bind(
                &[ch('f')],
                Action::CycleKind,
                "show only one kind of entity (cycles; all at the end)",
            ),
            bind(
                &[ch('m')],
                Action::ToggleMouse,
                "mouse capture on/off (with it on, Shift-drag selects text)",
            ),
            bind(&[ch('?')], Action::ToggleHelp, "this help"),
            bind(
                &[key(KeyCode::Esc)],
                Action::Escape,
                "close the help or finder, clear the evidence mark",
            ),
            bind(&[ch('q'), ctrl('c')], Action::Quit, "quit"),
        ],
    },
];

/// Keys of the finder, for the help.
pub const FINDER_KEYS: &[(&str, &str)] = &[
    ("letters", "narrow the list; typos are tolerated"),
    ("↑ ↓  Ctrl-p Ctrl-n", "choose"),
    ("Enter", "make it current and jump to its first mention"),
    ("Esc", "cancel"),
    ("Ctrl-u", "clear the query"),
];

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

/// The action a key asks for in normal mode.
fn lookup(key: Key) -> Option<Action> {
    SECTIONS
        .iter()
        .flat_map(|s| s.bindings)
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

/// Translates a terminal event into an action, given the explorer's mode.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Press => key_action(app, normalise(*k)),
        Event::Mouse(m) => mouse_action(m),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

fn key_action(app: &App, key: Key) -> Option<Action> {
    if key == ctrl('c') {
        return Some(Action::Quit);
    }
    if app.finder.is_some() {
        return match key {
            Key(KeyCode::Esc, _) => Some(Action::Escape),
            Key(KeyCode::Enter, _) => Some(Action::FinderAccept),
            Key(KeyCode::Backspace, _) => Some(Action::FinderBackspace),
            Key(KeyCode::Up | KeyCode::BackTab, _) => Some(Action::FinderUp),
            Key(KeyCode::Down | KeyCode::Tab, _) => Some(Action::FinderDown),
            k if k == ctrl('p') => Some(Action::FinderUp),
            k if k == ctrl('n') => Some(Action::FinderDown),
            k if k == ctrl('u') => Some(Action::FinderClear),
            Key(KeyCode::Char(c), m) if !m.contains(CTRL) && !m.contains(ALT) => {
                Some(Action::FinderInput(c))
            }
            _ => None,
        };
    }
    if app.documents.is_some() {
        return match key {
            Key(KeyCode::Esc, _) => Some(Action::Escape),
            k if k == ch('q') || k == ch('d') => Some(Action::ToggleDocuments),
            _ => lookup(key).filter(|a| {
                matches!(
                    a,
                    Action::Up | Action::Down | Action::Top | Action::Bottom | Action::Select
                )
            }),
        };
    }
    if app.help.is_some() {
        return match key {
            Key(KeyCode::Esc, _) => Some(Action::Escape),
            k if k == ch('q') || k == ch('?') => Some(Action::ToggleHelp),
            _ => lookup(key).filter(|a| {
                matches!(
                    a,
                    Action::Up
                        | Action::Down
                        | Action::Top
                        | Action::Bottom
                        | Action::PageDown
                        | Action::PageUp
                )
            }),
        };
    }
    lookup(key)
}

fn mouse_action(m: &MouseEvent) -> Option<Action> {
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

/// How a key is written in the help.
pub fn key_name(key: &Key) -> String {
    let name = match key.0 {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    match key.1 {
        m if m.contains(CTRL) => format!("Ctrl-{name}"),
        m if m.contains(ALT) => format!("Alt-{name}"),
        _ => name,
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
                            ctrl(n.chars().nth(2).unwrap_or('c'))
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

/// Feeds a key script to the app as the event loop would.
pub fn run_script(app: &mut App, script: &str) {
    for event in parse_keys(script) {
        if let Some(action) = action_for(app, &event) {
            app.update(action);
        }
    }
}
