//! The help overlay, printed from the keymap so it always tells the truth.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::theme::{KNOWN_KINDS, Theme};
use super::{centered, pane_block};
use crate::app::App;
use crate::display::visible;
use crate::keymap::{MOUSE_HELP, Mode, SECTIONS};

/// Every line of the help wrapped to `width` columns, for the overlay and
/// for tests. A description too long for its row continues under itself.
pub fn lines<'a>(app: &App, theme: &Theme<'_>, width: usize) -> Vec<Line<'a>> {
    let key_width = 22;
    let text_width = width.saturating_sub(key_width + 2).max(16);
    let mut out = Vec::new();
    let row = |out: &mut Vec<Line<'a>>, keys: String, text: &str| {
        for (i, piece) in textwrap::wrap(text, text_width).into_iter().enumerate() {
            let keys = if i == 0 { keys.as_str() } else { "" };
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<key_width$}"), theme.heading()),
                Span::raw(piece.into_owned()),
            ]));
        }
    };
    let keymap = &app.keymap;
    let keys_of = |mode: Mode, name: &str| -> String {
        let keys: Vec<String> = keymap
            .keys(mode, name)
            .iter()
            .map(super::super::keymap::Key::label)
            .collect();
        keys.join(" ")
    };
    for (title, names) in SECTIONS {
        out.push(Line::styled(*title, theme.heading()));
        for name in *names {
            let keys = keys_of(Mode::Normal, name);
            if let (false, Ok(command)) = (keys.is_empty(), crate::keymap::command_named(name)) {
                row(&mut out, keys, command.doc);
            }
        }
        out.push(Line::raw(""));
    }
    // The overlays' own keys, from their keymaps.
    for (mode, title) in [
        (Mode::Finder, "In the finder (/)"),
        (Mode::Documents, "In the document list (d)"),
        (Mode::Command, "On the command line (:)"),
        (Mode::Concordance, "In the concordance (c)"),
    ] {
        out.push(Line::styled(title, theme.heading()));
        if mode == Mode::Finder {
            row(
                &mut out,
                "letters".into(),
                "narrow the list; typos are tolerated",
            );
        }
        for (command, keys) in keymap.bindings(mode) {
            let keys: Vec<String> = keys.iter().map(super::super::keymap::Key::label).collect();
            row(&mut out, keys.join(" "), command.doc);
        }
        out.push(Line::raw(""));
    }
    out.push(Line::styled(
        "Mouse (M or --no-mouse turns capture off)",
        theme.heading(),
    ));
    for (keys, text) in MOUSE_HELP {
        row(&mut out, keys.to_string(), text);
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Kinds", theme.heading()));
    let mut legend = vec![Span::raw("  ")];
    let kinds = KNOWN_KINDS
        .iter()
        .map(std::string::ToString::to_string)
        .chain(
            app.kinds
                .iter()
                .filter(|k| !KNOWN_KINDS.contains(&k.as_str()))
                .cloned(),
        );
    for kind in kinds {
        legend.push(Span::styled(
            visible(&kind).into_owned(),
            theme.mention(&kind),
        ));
        legend.push(Span::raw(" "));
    }
    out.push(Line::from(legend));
    let prose = |out: &mut Vec<Line<'a>>, text: &str| {
        for piece in textwrap::wrap(text, width.saturating_sub(2).max(16)) {
            out.push(Line::raw(format!("  {piece}")));
        }
    };
    prose(
        &mut out,
        "mentions of the current entity are filled; ▶ marks the mention under the cursor",
    );
    out.push(Line::raw(""));
    out.push(Line::styled("Your own files", theme.heading()));
    prose(
        &mut out,
        "entscope FILE.json   ·   entscope FILE.txt --catalog CATALOG.json",
    );
    out
}

pub fn draw(app: &App, theme: &Theme<'_>, screen: Rect, buf: &mut Buffer) {
    let area = centered(screen, 96, screen.height.saturating_sub(2).max(1));
    Clear.render(area, buf);
    let block = pane_block(" Help: keys ", true, theme)
        .title_bottom(Line::from(" j/k scroll · g/G top/end · ? or Esc close ").right_aligned());
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
