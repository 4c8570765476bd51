//! Where each pane goes for a given terminal size. The state needs it (to
//! scroll by a page, keep things in view and hit-test the mouse) and the view
//! draws into it, so both use this one function.

use ratatui::layout::{Constraint, Layout, Rect};

use super::Focus;

/// How the panes share the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// Text, entities and details side by side.
    Wide,
    /// Text on the left; entities above details on the right.
    Split,
    /// One pane at a time, the focused one.
    Single,
}

/// The rectangles of one frame. A pane that is not shown has an empty rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub text: Rect,
    pub entities: Rect,
    pub details: Rect,
    pub status: Rect,
}

impl Areas {
    /// The pane under a screen position.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Focus> {
        let hit = |r: Rect| r.contains(ratatui::layout::Position { x: column, y: row });
        [
            (self.text, Focus::Text),
            (self.entities, Focus::Entities),
            (self.details, Focus::Details),
        ]
        .into_iter()
        .find(|&(r, _)| hit(r))
        .map(|(_, f)| f)
    }
}

pub fn arrangement(width: u16, height: u16) -> Arrangement {
    if width >= 120 && height >= 10 {
        Arrangement::Wide
    } else if width >= 70 && height >= 14 {
        Arrangement::Split
    } else {
        Arrangement::Single
    }
}

/// Splits the screen for the given focus (which matters only when one pane is shown).
pub fn areas(screen: Rect, focus: Focus) -> Areas {
    let [body, status] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(screen);
    let mut areas = Areas {
        status,
        ..Areas::default()
    };
    match arrangement(screen.width, screen.height) {
        Arrangement::Wide => {
            let [text, entities, details] = Layout::horizontal([
                Constraint::Percentage(48),
                Constraint::Percentage(24),
                Constraint::Percentage(28),
            ])
            .areas(body);
            areas.text = text;
            areas.entities = entities;
            areas.details = details;
        }
        Arrangement::Split => {
            let [text, side] =
                Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                    .areas(body);
            let [entities, details] =
                Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)])
                    .areas(side);
            areas.text = text;
            areas.entities = entities;
            areas.details = details;
        }
        Arrangement::Single => match focus {
            Focus::Text => areas.text = body,
            Focus::Entities => areas.entities = body,
            Focus::Details => areas.details = body,
        },
    }
    areas
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    ratatui::widgets::Block::bordered().inner(area)
}
