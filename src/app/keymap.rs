//! The keymaps: one per mode, key to command. The defaults come from the
//! command table; a config file's `[keys.MODE]` tables are laid over them.
//! The help and the status-line hints are printed from the keymap in use,
//! so a rebinding shows there too.

use std::collections::HashMap;

use super::command::{COMMANDS, Command, named};
use super::keys::Key;
use super::mode::Mode;

/// Key to command, for every mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: HashMap<Mode, Table>,
}

/// One mode's bindings: in the order they were bound (for the help), and
/// by key (a lookup per keypress, however many keys a config binds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    bound: Vec<(Key, Option<Command>)>,
    at: HashMap<Key, usize>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Keymap {
            tables: HashMap::new(),
        };
        for info in COMMANDS {
            for &(mode, keys, _) in info.keys {
                for spelling in keys {
                    // Every default key parses: a test says so.
                    if let Ok(key) = Key::parse(spelling) {
                        map.set(mode, key, Some(info.command));
                    }
                }
            }
        }
        map
    }
}

impl Keymap {
    /// Binds a key to a command (by its name) in a mode, replacing what the
    /// key did there; the command `"none"` unbinds it.
    pub fn bind(&mut self, mode: Mode, key: Key, name: &str) -> Result<(), String> {
        let command = match name {
            "none" => None,
            _ => Some(named(name)?),
        };
        self.set(mode, key, command);
        Ok(())
    }

    fn set(&mut self, mode: Mode, key: Key, command: Option<Command>) {
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
    }

    /// The command a key runs in a mode.
    pub fn command(&self, mode: Mode, key: Key) -> Option<Command> {
        let table = self.tables.get(&mode)?;
        table.bound[*table.at.get(&key)?].1
    }

    /// The keys bound to a command in a mode, in the order they were bound.
    pub fn keys(&self, mode: Mode, command: Command) -> Vec<Key> {
        self.tables
            .get(&mode)
            .map(|t| {
                t.bound
                    .iter()
                    .filter(|(_, c)| *c == Some(command))
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every binding of a mode, command by command in the table's order,
    /// the ways out of the mode (its own key, close, quit) last.
    pub fn bindings(&self, mode: Mode) -> Vec<(Command, Vec<Key>)> {
        let ways_out = super::command::ways_out(mode);
        let mut bindings: Vec<(Command, Vec<Key>)> = COMMANDS
            .iter()
            .map(|c| (c.command, self.keys(mode, c.command)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect();
        if mode != Mode::Normal {
            bindings.sort_by_key(|(c, _)| {
                ways_out
                    .iter()
                    .position(|w| w == c)
                    .map_or(0, |i| ways_out.len() - i)
            });
        }
        bindings
    }

    /// A mode no key leads out of (neither closing it nor quitting), if a
    /// config made one.
    pub fn trap(&self) -> Option<Mode> {
        Mode::ALL.into_iter().find(|&mode| {
            super::command::ways_out(mode)
                .iter()
                .all(|&c| self.keys(mode, c).is_empty())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_parses_and_runs_its_command() {
        let keymap = Keymap::default();
        for info in COMMANDS {
            for &(mode, keys, _) in info.keys {
                for spelling in keys {
                    let key =
                        Key::parse(spelling).unwrap_or_else(|e| panic!("{}: {e}", mode.name()));
                    assert_eq!(
                        keymap.command(mode, key),
                        Some(info.command),
                        "{spelling} in {} runs {}",
                        mode.name(),
                        info.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_mode_has_keys_and_a_way_out() {
        let keymap = Keymap::default();
        for mode in Mode::ALL {
            assert!(
                !keymap.bindings(mode).is_empty(),
                "{} has keys",
                mode.name()
            );
        }
        assert_eq!(keymap.trap(), None);
    }

    #[test]
    fn a_mode_says_what_its_keys_do_there() {
        assert_eq!(
            Command::Sort.doc_in(Mode::Normal),
            "sort entities by count, name or first appearance"
        );
        assert_eq!(
            Command::Sort.doc_in(Mode::Concordance),
            "sort the lines by position, left context or right context"
        );
        assert_eq!(
            Command::Select.doc_in(Mode::Documents),
            "open the selected document"
        );
    }
}
