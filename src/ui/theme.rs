//! Colours and styles. With `NO_COLOR` set, kinds are told apart by text
//! attributes instead of colour.

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};

use crate::model::KindStyle;

/// Kinds with a colour of their own, in legend order.
pub use crate::model::KNOWN_KINDS;

const EXTRA_COLORS: &[Color] = &[
    Color::LightGreen,
    Color::LightYellow,
    Color::Blue,
    Color::Red,
    Color::LightRed,
    Color::Green,
];

/// The colours of the explorer: per kind, and for what is not text. A
/// config file's `[theme]` picks a named palette and changes any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// Colours of kinds, by kind name (lower case), in the order set.
    pub kinds: Vec<(String, Color)>,
    /// Each kind's place in `kinds`: a lookup per mention drawn, and a
    /// config may name any number of kinds.
    positions: std::collections::HashMap<String, usize>,
    /// Text on the highlight of the current entity's mentions.
    pub current_text: Color,
    /// The mention under the cursor: its background.
    pub cursor: Color,
    /// The border of the focused pane.
    pub border: Color,
    /// Borders of other panes, dimmed text, gutters.
    pub dim: Color,
    /// Headings in the text, the evidence mark.
    pub heading: Color,
    /// Letters the finder matched.
    pub matched: Color,
    /// The status line: background and text.
    pub status: Color,
    pub status_text: Color,
}

/// The named palettes: for dark terminals (the default) and light ones.
pub const PALETTES: &[&str] = &["dark", "light"];

impl Default for Palette {
    fn default() -> Self {
        Palette::named("dark").unwrap_or_else(Palette::dark)
    }
}

impl Palette {
    fn dark() -> Palette {
        let kinds = [
            ("person", Color::Yellow),
            ("country", Color::Cyan),
            ("city", Color::LightCyan),
            ("place", Color::Green),
            ("facility", Color::LightGreen),
            ("organisation", Color::Magenta),
            ("alliance", Color::LightMagenta),
            ("nationality", Color::Rgb(0xd7, 0x87, 0x5f)),
            ("agreement", Color::LightBlue),
            ("event", Color::LightRed),
            ("work", Color::Rgb(0x87, 0xaf, 0xd7)),
            ("product", Color::Rgb(0xaf, 0xaf, 0x5f)),
            ("other", Color::Gray),
        ];
        Palette {
            positions: positions(&kinds),
            kinds: kinds.iter().map(|(k, c)| (k.to_string(), *c)).collect(),
            current_text: Color::Black,
            cursor: Color::White,
            border: Color::LightCyan,
            dim: Color::DarkGray,
            heading: Color::LightCyan,
            matched: Color::LightYellow,
            status: Color::DarkGray,
            status_text: Color::White,
        }
    }

    /// Darker colours that read on a light background.
    fn light() -> Palette {
        let kinds = [
            ("person", Color::Rgb(0x9a, 0x5b, 0x00)),
            ("country", Color::Blue),
            ("city", Color::Rgb(0x00, 0x6d, 0x7a)),
            ("place", Color::Green),
            ("facility", Color::Rgb(0x2e, 0x7d, 0x32)),
            ("organisation", Color::Magenta),
            ("alliance", Color::Rgb(0x8e, 0x24, 0xaa)),
            ("nationality", Color::Rgb(0x8d, 0x4e, 0x1f)),
            ("agreement", Color::Rgb(0x1e, 0x50, 0xa0)),
            ("event", Color::Red),
            ("work", Color::Rgb(0x1f, 0x5f, 0x8d)),
            ("product", Color::Rgb(0x6b, 0x6b, 0x00)),
            ("other", Color::DarkGray),
        ];
        Palette {
            positions: positions(&kinds),
            kinds: kinds.iter().map(|(k, c)| (k.to_string(), *c)).collect(),
            current_text: Color::White,
            cursor: Color::Black,
            border: Color::Blue,
            dim: Color::Gray,
            heading: Color::Blue,
            matched: Color::Red,
            status: Color::Gray,
            status_text: Color::Black,
        }
    }

    /// A palette by name.
    pub fn named(name: &str) -> Option<Palette> {
        match name {
            "dark" => Some(Palette::dark()),
            "light" => Some(Palette::light()),
            _ => None,
        }
    }

    /// The colour of a kind, when the palette names it.
    pub fn kind(&self, kind: &str) -> Option<Color> {
        self.positions.get(kind).map(|&i| self.kinds[i].1)
    }

    /// Sets a kind's colour.
    pub fn set_kind(&mut self, kind: &str, color: Color) {
        let kind = kind.to_lowercase();
        if let Some(&i) = self.positions.get(&kind) {
            self.kinds[i].1 = color;
        } else {
            self.positions.insert(kind.clone(), self.kinds.len());
            self.kinds.push((kind, color));
        }
    }
}

fn positions(kinds: &[(&str, Color)]) -> std::collections::HashMap<String, usize> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, (k, _))| ((*k).to_string(), i))
        .collect()
}

/// A colour as a config file writes it: `light-cyan`, `#9a5b00`, `208`.
pub fn color_name(color: Color) -> String {
    match color {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        named => {
            let mut out = String::new();
            for (i, c) in format!("{named}").chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Theme<'a> {
    pub color: bool,
    /// Colours the document's source asks for (brat's visual.conf).
    pub styles: Option<&'a HashMap<String, KindStyle>>,
    pub palette: &'a Palette,
}

impl Theme<'_> {
    fn kind_color(&self, kind: &str) -> Color {
        if let Some((r, g, b)) = self.styles.and_then(|s| s.get(kind)).and_then(|s| s.color) {
            return Color::Rgb(r, g, b);
        }
        // Annotation tools write kinds in any case: "City", "PER", "org".
        let kind = kind.to_lowercase();
        if let Some(color) = self.palette.kind(&kind) {
            return color;
        }
        let known = |k: &str| self.palette.kind(k).unwrap_or(Color::Gray);
        match kind.as_str() {
            "per" => known("person"),
            "gpe" => known("country"),
            "loc" | "location" => known("place"),
            "organization" | "org" => known("organisation"),
            "misc" => known("other"),
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
            "place" | "facility" => Modifier::ITALIC,
            "organisation" => Modifier::BOLD,
            "nationality" => Modifier::UNDERLINED | Modifier::DIM,
            "work" | "product" => Modifier::ITALIC | Modifier::DIM,
            "alliance" => Modifier::BOLD | Modifier::ITALIC,
            // No strike-through: it reads as deleted text.
            "agreement" => Modifier::DIM | Modifier::UNDERLINED,
            "event" => Modifier::BOLD | Modifier::ITALIC | Modifier::UNDERLINED,
            _ => Modifier::DIM,
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
                .fg(self.palette.current_text)
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
                .fg(self.palette.current_text)
                .bg(self.palette.cursor)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new()
                .fg(self.palette.border)
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, true) => Style::new().fg(self.palette.dim),
            (false, false) => Style::new(),
        }
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(self.palette.dim)
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
            Style::new().bg(self.palette.dim)
        }
    }

    /// A section heading in the text, by level.
    pub fn section(&self, level: u8) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        match (level, self.color) {
            (1, true) => style
                .fg(self.palette.heading)
                .add_modifier(Modifier::UNDERLINED),
            (1, false) => style.add_modifier(Modifier::UNDERLINED),
            (_, true) => style.fg(self.palette.heading),
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
    /// Text being chosen to make a mention of: reversed, as a terminal
    /// shows a selection, in colour or not.
    pub fn chosen(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
    }

    pub fn matched(&self) -> Style {
        if self.color {
            Style::new()
                .fg(self.palette.matched)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn status(&self) -> Style {
        if self.color {
            Style::new()
                .bg(self.palette.status)
                .fg(self.palette.status_text)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn marked_paragraph(&self) -> Style {
        if self.color {
            Style::new()
                .fg(self.palette.matched)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}
