//! Where each pane goes for a given terminal size. The state needs it (to
//! scroll by a page, keep things in view and hit-test the mouse) and the view
//! draws into it, so both use this one function.

use crate::app::geometry::Rect;

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
        [
            (self.text, Focus::Text),
            (self.entities, Focus::Entities),
            (self.details, Focus::Details),
        ]
        .into_iter()
        .find(|&(r, _)| r.contains(column, row))
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
    let (body, status) = screen.split_bottom(1);
    let mut areas = Areas {
        status,
        ..Areas::default()
    };
    match arrangement(screen.width, screen.height) {
        Arrangement::Wide => {
            [areas.text, areas.entities, areas.details] = body.columns([48, 24, 28]);
        }
        Arrangement::Split => {
            let [text, side] = body.columns([58, 42]);
            areas.text = text;
            [areas.entities, areas.details] = side.rows([45, 55]);
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
    area.inner()
}
