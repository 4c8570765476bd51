//! From terminal events to actions: the key looked up in the keymap of
//! the mode the explorer is in, what is typed into the finder or the
//! command line, counts, marks, the mouse, a resize. And key scripts for
//! tests (`"/luxn<ret>n"`), fed through the same path.

use crossterm::event::{Event, KeyCode, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};

use super::keys::{ALT, CTRL, Key, normalise, parse_keys};
use super::{Action, App, Command, Effect, Mode};

impl App {
    /// The action a terminal event asks for, in the mode the explorer is in.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(k) if k.kind == KeyEventKind::Press => {
                let mode = self.mode();
                let key = normalise(*k);
                let typed = match key {
                    Key(KeyCode::Char(c), m) if !m.intersects(CTRL | ALT) => Some(c),
                    _ => None,
                };
                // After m or ', a letter names the mark; anything else cancels.
                if let (Some(_), Mode::Normal) = (self.awaiting_mark, mode) {
                    return Some(match typed.filter(char::is_ascii_alphabetic) {
                        Some(c) => Action::Mark(c),
                        None => Action::Run(Command::Close),
                    });
                }
                match (self.settings.keymap.command(mode, key), typed) {
                    (Some(command), _) => Some(Action::Run(command)),
                    // In the finder and on the command line, what is not bound is typed.
                    (None, Some(c)) if matches!(mode, Mode::Finder | Mode::Command) => {
                        Some(Action::Type(c))
                    }
                    // Digits before a key count it (0 only once a count has begun).
                    (None, Some(c @ '0'..='9'))
                        if mode == Mode::Normal && (c != '0' || self.count.is_some()) =>
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

/// Feeds a key script to the app as the event loop would, through the
/// app's keymap; returns what the actions asked of the terminal.
pub fn run_script(app: &mut App, script: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for event in parse_keys(script) {
        if let Some(action) = app.action_for(&event) {
            effects.extend(app.update(action));
        }
    }
    effects
}
