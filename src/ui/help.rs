//! The help overlay, printed from the keymap so it always tells the truth.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::theme::{KNOWN_KINDS, Theme};
use super::{centered, pane_block};
use crate::app::App;
use crate::display::visible;
use crate::keymap::{MOUSE_HELP, Mode, SECTIONS, doc_in};

/// The help's lines as they are written, wrapped to a width.
struct Writer<'t, 'a> {
    theme: &'t Theme<'t>,
    width: usize,
    /// The keys take a third of a narrow help, 22 columns of a wide one;
    /// keys and text each wrap in their own column.
    key_width: usize,
    out: Vec<Line<'a>>,
}

impl Writer<'_, '_> {
    fn heading(&mut self, text: &str) {
        for piece in textwrap::wrap(text, self.width.max(8)) {
            self.out
                .push(Line::styled(piece.into_owned(), self.theme.heading()));
        }
    }

    /// Keys and what they do, each wrapped in its own column.
    fn row(&mut self, keys: &str, text: &str) {
        let key_width = self.key_width;
        let text_width = self.width.saturating_sub(key_width + 3).max(8);
        let keys = textwrap::wrap(keys, key_width);
        let text = textwrap::wrap(text, text_width);
        for i in 0..keys.len().max(text.len()) {
            let k = keys.get(i).map_or("", |k| k.as_ref());
            let t = text.get(i).map_or("", |t| t.as_ref()).to_string();
            self.out.push(Line::from(vec![
                Span::styled(format!("  {k:<key_width$} "), self.theme.heading()),
                Span::raw(t),
            ]));
        }
    }

    fn prose(&mut self, text: &str) {
        for piece in textwrap::wrap(text, self.width.saturating_sub(2).max(8)) {
            self.out.push(Line::raw(format!("  {piece}")));
        }
    }

    fn gap(&mut self) {
        self.out.push(Line::raw(""));
    }

    /// Names in their own styles, as many to a line as fit.
    fn legend(&mut self, names: impl Iterator<Item = (String, ratatui::style::Style)>) {
        let mut line = vec![Span::raw("  ")];
        let mut used = 2;
        for (name, style) in names {
            let w = unicode_width::UnicodeWidthStr::width(name.as_str()) + 1;
            if used + w > self.width && used > 2 {
                self.out.push(Line::from(std::mem::replace(
                    &mut line,
                    vec![Span::raw("  ")],
                )));
                used = 2;
            }
            used += w;
            line.push(Span::styled(name, style));
            line.push(Span::raw(" "));
        }
        self.out.push(Line::from(line));
    }
}

/// The keys of every mode, from the keymap, each in its mode's own words.
fn keys(app: &App, w: &mut Writer<'_, '_>) {
    let keymap = &app.keymap;
    let labels = |keys: &[crate::keymap::Key]| -> String {
        keys.iter()
            .map(crate::keymap::Key::label)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (title, names) in SECTIONS {
        w.heading(title);
        for name in *names {
            let keys = keymap.keys(Mode::Normal, name);
            if let (false, Ok(command)) = (keys.is_empty(), crate::keymap::command_named(name)) {
                w.row(&labels(&keys), doc_in(Mode::Normal, command));
            }
        }
        w.gap();
    }
    for mode in Mode::ALL.into_iter().filter(|m| *m != Mode::Normal) {
        w.heading(mode.title());
        match mode {
            Mode::Finder => w.row("letters", "narrow the list; typos are tolerated"),
            Mode::Command => w.row(
                "letters",
                "the command and what it takes (:123, :rename NAME)",
            ),
            _ => {}
        }
        for (command, keys) in keymap.bindings(mode) {
            w.row(&labels(&keys), doc_in(mode, command));
        }
        w.gap();
    }
}

/// Every line of the help wrapped to `width` columns, for the overlay and
/// for tests. A description too long for its row continues under itself.
pub fn lines<'a>(app: &App, theme: &Theme<'_>, width: usize) -> Vec<Line<'a>> {
    let mut w = Writer {
        theme,
        width,
        key_width: (width / 3).clamp(8, 22),
        out: Vec::new(),
    };
    keys(app, &mut w);
    w.heading("Mouse (M or --no-mouse turns capture off)");
    for (keys, text) in MOUSE_HELP {
        w.row(keys, text);
    }
    w.gap();
    w.heading("Kinds");
    let kinds = KNOWN_KINDS
        .iter()
        .map(std::string::ToString::to_string)
        .chain(
            app.kinds
                .iter()
                .filter(|k| !KNOWN_KINDS.contains(&k.as_str()))
                .cloned(),
        )
        .map(|kind| (visible(&kind).into_owned(), theme.mention(&kind)));
    w.legend(kinds);
    w.prose("mentions of the current entity are filled; ▶ marks the mention under the cursor");
    w.gap();
    w.heading("Your own files");
    w.prose("entscope FILE.json   ·   entscope FILE.txt --catalog CATALOG.json");
    w.out
}

pub fn draw(app: &App, theme: &Theme<'_>, screen: Rect, buf: &mut Buffer) {
    let area = centered(screen, 96, screen.height.saturating_sub(2).max(1));
    Clear.render(area, buf);
    let block = pane_block(" Help: keys ", true, theme).title_bottom(super::footer(
        app,
        crate::keymap::Mode::Help,
        area.width,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = lines(app, theme, inner.width as usize);
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    app.help_end.set(max_scroll);
    let scroll = app.help().unwrap_or(0).min(max_scroll);
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(inner, buf);
}
