//! Colours and styles. With `NO_COLOR` set, kinds are told apart by text
//! attributes instead of colour.

use ratatui::style::{Color, Modifier, Style};

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
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn kind_color(kind: &str) -> Color {
        match kind {
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
        match kind {
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
            Style::new().fg(Self::kind_color(kind))
        } else {
            Style::new().add_modifier(Self::kind_modifier(kind))
        }
    }

    /// Any mention in the text.
    pub fn mention(&self, kind: &str) -> Style {
        if self.color {
            Style::new()
                .fg(Self::kind_color(kind))
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
                .bg(Self::kind_color(kind))
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
