//! The help overlay: its lines are laid out by the app (from the keymap in
//! use, so it always tells the truth); here they are styled and drawn.

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::pane_block;
use super::theme::Theme;
use crate::app::overlay::help::{self, Line as HelpLine};
use crate::app::{App, Mode};
use crate::display::visible;

/// Every line of the help wrapped to `width` columns, styled.
pub fn lines<'a>(app: &App, theme: &Theme<'_>, width: usize) -> Vec<Line<'a>> {
    help::lines(&app.settings.keymap, &app.reader.kinds, width)
        .into_iter()
        .map(|line| styled(line, theme))
        .collect()
}

fn styled<'a>(line: HelpLine, theme: &Theme<'_>) -> Line<'a> {
    match line {
        HelpLine::Heading(text) => Line::styled(text, theme.heading()),
        HelpLine::Keys {
            keys,
            text,
            key_width,
        } => Line::from(vec![
            Span::styled(format!("  {keys:<key_width$} "), theme.heading()),
            Span::raw(text),
        ]),
        HelpLine::Prose(text) => Line::raw(format!("  {text}")),
        HelpLine::Kinds(kinds) => {
            let mut spans = vec![Span::raw("  ")];
            for kind in kinds {
                let style = theme.mention(&kind);
                spans.push(Span::styled(visible(&kind).into_owned(), style));
                spans.push(Span::raw(" "));
            }
            Line::from(spans)
        }
        HelpLine::Gap => Line::raw(""),
    }
}

/// Draws the help where the app reckons its scrolling: over the screen
/// the app was last told of.
pub fn draw(app: &App, theme: &Theme<'_>, buf: &mut Buffer) {
    let area = super::rect(help::area(app.screen)).intersection(buf.area);
    Clear.render(area, buf);
    let block = pane_block(" Help: keys ", true, theme).title_bottom(super::footer(
        app,
        Mode::Help,
        area.width,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = lines(app, theme, inner.width as usize);
    let end = lines.len().saturating_sub(inner.height as usize);
    let scroll = app.help().unwrap_or(0).min(end);
    Paragraph::new(lines)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(inner, buf);
}
