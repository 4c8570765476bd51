//! Colours and styles. With `NO_COLOR` set, kinds are told apart by text
//! attributes instead of colour.

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};

use crate::model::KindStyle;

/// Kinds with a colour of their own, in legend order.
pub const KNOWN_KINDS: &[&str] = &[
    "person",
    "country",
    "city",
    "place",
    "organisation",
    "alliance",
    "agreement",
    "event",
    "other",
];

const EXTRA_COLORS: &[Color] = &[
    Color::LightGreen,
    Color::LightYellow,
    Color::Blue,
    Color::Red,
    Color::LightRed,
    Color::Green,
];

#[derive(Debug, Clone, Copy)]
pub struct Theme<'a> {
    pub color: bool,
    /// Colours the document's source asks for (brat's visual.conf).
    pub styles: Option<&'a HashMap<String, KindStyle>>,
}

impl Theme<'_> {
    fn kind_color(&self, kind: &str) -> Color {
        if let Some((r, g, b)) = self.styles.and_then(|s| s.get(kind)).and_then(|s| s.color) {
            return Color::Rgb(r, g, b);
        }
        // Annotation tools write kinds in any case: "City", "PER", "org".
        match kind.to_lowercase().as_str() {
            "person" | "per" => Color::Yellow,
            "country" | "gpe" => Color::Cyan,
            "city" => Color::LightCyan,
            "place" | "loc" | "location" => Color::Green,
            "organisation" | "organization" | "org" => Color::Magenta,
            "alliance" => Color::LightMagenta,
            "agreement" => Color::LightBlue,
            "event" => Color::LightRed,
            "other" | "misc" => Color::Gray,
            other => {
                let hash = other
                    .bytes()
                    .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
                EXTRA_COLORS[hash % EXTRA_COLORS.len()]
            }
        }
    }

    fn kind_modifier(kind: &str) -> Modifier {
        match kind.to_lowercase().as_str() {
            "person" => Modifier::BOLD | Modifier::UNDERLINED,
            "country" => Modifier::UNDERLINED,
            "city" => Modifier::UNDERLINED | Modifier::ITALIC,
            "place" => Modifier::ITALIC,
            "organisation" => Modifier::BOLD,
            "alliance" => Modifier::BOLD | Modifier::ITALIC,
            "agreement" => Modifier::ITALIC | Modifier::CROSSED_OUT,
            "event" => Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED,
            _ => Modifier::UNDERLINED,
        }
    }

    /// The entity's kind as a foreground style (names, list rows, legend).
    pub fn kind(&self, kind: &str) -> Style {
        if self.color {
            Style::new().fg(self.kind_color(kind))
        } else {
            Style::new().add_modifier(Self::kind_modifier(kind))
        }
    }

    /// Any mention in the text.
    pub fn mention(&self, kind: &str) -> Style {
        if self.color {
            Style::new()
                .fg(self.kind_color(kind))
                .add_modifier(Modifier::UNDERLINED)
        } else {
            self.kind(kind)
        }
    }

    /// Mentions of the current entity.
    pub fn current_entity(&self, kind: &str) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(self.kind_color(kind))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The mention under the cursor.
    pub fn cursor(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn gutter(&self) -> Style {
        self.dim()
    }

    /// A selected row in a list; brighter when its pane has focus.
    pub fn selected(&self, focused: bool) -> Style {
        if focused || !self.color {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().bg(Color::DarkGray)
        }
    }

    /// A section heading in the text, by level.
    pub fn section(&self, level: u8) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match (level, self.color) {
            (1, true) => style
                .fg(Color::LightCyan)
                .add_modifier(Modifier::UNDERLINED),
            (1, false) => style.add_modifier(Modifier::UNDERLINED),
            (_, true) => style.fg(Color::LightCyan),
            (_, false) => style,
        }
    }

    /// Verbatim blocks (code) in the text.
    pub fn verbatim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Letters of a name that the finder matched.
    pub fn matched(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn status(&self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn marked_paragraph(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}
