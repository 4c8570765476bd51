//! One jump history for every kind of jump (entity picks, mention jumps,
//! relation hops), like vim's jump list with the stack option: going back
//! then jumping somewhere new drops the entries ahead.

use crate::model::{EntityId, MentionId};

use super::wrap::RowPos;

/// Where the reader was: the current entity, the mention under the cursor and
/// the top of the text pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub entity: Option<EntityId>,
    pub cursor: Option<MentionId>,
    pub top: RowPos,
}

#[derive(Debug, Default)]
pub struct JumpList {
    entries: Vec<Location>,
    /// Position in `entries`; `entries.len()` means "at the live location".
    index: usize,
}

/// Oldest entries are forgotten past this many.
const LIMIT: usize = 100;

impl JumpList {
    /// Rewrites every remembered place (after an edit renumbered entities
    /// and mentions).
    pub fn remap(&mut self, f: impl Fn(Location) -> Location) {
        for l in &mut self.entries {
            *l = f(*l);
        }
    }

    /// Records `here` as the place a jump leaves from.
    pub fn record(&mut self, here: Location) {
        self.entries.truncate(self.index);
        if self.entries.last() != Some(&here) {
            self.entries.push(here);
        }
        if self.entries.len() > LIMIT {
            self.entries.remove(0);
        }
        self.index = self.entries.len();
    }

    /// The location before this one; `here` is kept so forward can return.
    pub fn back(&mut self, here: Location) -> Option<Location> {
        if self.index >= self.entries.len() {
            if self.entries.last() != Some(&here) {
                self.entries.push(here);
            }
            self.index = self.entries.len() - 1;
        }
        if self.index == 0 {
            return None;
        }
        self.index -= 1;
        Some(self.entries[self.index])
    }

    /// The location after this one, if back was used.
    pub fn forward(&mut self) -> Option<Location> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.index += 1;
        Some(self.entries[self.index])
    }

    /// (position, length) for the status line; position counts from 1.
    pub fn position(&self) -> (usize, usize) {
        (self.index.min(self.entries.len()), self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(entity: usize) -> Location {
        Location {
            entity: Some(EntityId(entity)),
            cursor: None,
            top: RowPos::default(),
        }
    }

    #[test]
    fn back_and_forward_walk_the_history() {
        let mut jumps = JumpList::default();
        jumps.record(at(1));
        jumps.record(at(2));
        // now at 3
        assert_eq!(jumps.back(at(3)), Some(at(2)));
        assert_eq!(jumps.back(at(2)), Some(at(1)));
        assert_eq!(jumps.back(at(1)), None);
        assert_eq!(jumps.forward(), Some(at(2)));
        assert_eq!(jumps.forward(), Some(at(3)));
        assert_eq!(jumps.forward(), None);
    }

    #[test]
    fn a_new_jump_after_going_back_drops_the_entries_ahead() {
        let mut jumps = JumpList::default();
        jumps.record(at(1));
        jumps.record(at(2));
        assert_eq!(jumps.back(at(3)), Some(at(2)));
        jumps.record(at(2));
        // now at 4; 3 is gone
        assert_eq!(jumps.back(at(4)), Some(at(2)));
        assert_eq!(jumps.forward(), Some(at(4)));
        assert_eq!(jumps.forward(), None);
    }

    #[test]
    fn repeated_locations_are_kept_once() {
        let mut jumps = JumpList::default();
        jumps.record(at(1));
        jumps.record(at(1));
        assert_eq!(jumps.back(at(1)), None);
    }
}
