//! What reaches the explorer: a command (a key the keymap knows), a
//! character typed, a count, the mouse, a resize. Keys and mouse events
//! become actions through [`super::App::action_for`]; `update` carries
//! them out and returns what must happen outside the app.

use super::command::Command;

/// One request to change the explorer's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A command of the table.
    Run(Command),
    /// A digit of a count typed before a command (`5j`, `12G`).
    Count(u8),
    /// A character typed into the finder or the command line.
    Type(char),
    /// The letter after `m` or `'`: the mark to set or jump to.
    Mark(char),
    /// A left click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The wheel over a screen cell; negative is up.
    Scroll {
        column: u16,
        row: u16,
        lines: i16,
    },
    Resize {
        width: u16,
        height: u16,
    },
}

/// What the terminal must do because of an action: the app changes only
/// its own state, and hands these back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Turn mouse capture on or off.
    Mouse(bool),
    /// The reader quit.
    Quit,
}
