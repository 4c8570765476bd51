//! Keys as a config file writes them (`"j"`, `"C-o"`, `"A-left"`,
//! `"S-tab"`, `"pgdn"`), as the help shows them (`Ctrl-o`, `Alt-←`), and as
//! the terminal sends them.

use std::fmt;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub KeyCode, pub KeyModifiers);

pub const NONE: KeyModifiers = KeyModifiers::NONE;
pub const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub const ALT: KeyModifiers = KeyModifiers::ALT;

pub const fn ch(c: char) -> Key {
    Key(KeyCode::Char(c), NONE)
}

pub const fn key(code: KeyCode) -> Key {
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

/// The key of a terminal event, as the keymaps know keys.
pub fn normalise(event: KeyEvent) -> Key {
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

#[cfg(test)]
mod tests {
    use super::*;

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
