//! Drawing: a pure function of the explorer's state. Nothing here changes the
//! state; every string from a document passes through
//! [`crate::display::visible`] first.

mod concordance;
mod details;
mod documents;
mod entities;
mod finder;
pub mod help;
mod status;
mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType};

use crate::app::{App, Focus, Mode, Overlay};
use theme::Theme;

/// Draws the whole screen in the default colours.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_with(frame, app, &theme::Palette::default());
}

/// Draws the whole screen in a palette (the user's `[theme]`).
pub fn draw_with(frame: &mut Frame, app: &App, palette: &theme::Palette) {
    let theme = Theme {
        color: app.settings.color,
        styles: Some(&app.model.kind_styles),
        palette,
    };
    let areas = app.areas();
    let buf = frame.buffer_mut();
    text::draw(app, &theme, rect(areas.text), buf);
    entities::draw(app, &theme, rect(areas.entities), buf);
    details::draw(app, &theme, rect(areas.details), buf);
    status::draw(app, &theme, rect(areas.status), buf);
    let screen = frame.area();
    let buf = frame.buffer_mut();
    match &app.overlay {
        Some(Overlay::Finder(_)) => finder::draw(app, &theme, screen, buf),
        Some(Overlay::Documents(_)) => documents::draw(app, &theme, screen, buf),
        Some(Overlay::Concordance(_)) => concordance::draw(app, &theme, screen, buf),
        Some(Overlay::Help(_)) => help::draw(app, &theme, buf),
        Some(Overlay::CommandLine(_)) | None => {}
    }
}

/// The state's plain rectangle as the terminal library's.
fn rect(area: crate::app::geometry::Rect) -> Rect {
    Rect::new(area.x, area.y, area.width, area.height)
}

/// A pane's frame, highlighted when focused.
fn pane_block<'a>(title: impl Into<Span<'a>>, focused: bool, theme: &Theme<'_>) -> Block<'a> {
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title(title.into())
}

fn focused(app: &App, pane: Focus) -> bool {
    app.reader.focus == pane && app.overlay.is_none()
}

/// A rectangle of at most `width` x `height` centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// `text` cut to `width` display columns, with an ellipsis when cut.
fn truncate(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// An overlay's footer: its mode's keys from the keymap, as many as fit
/// the border (`width` columns), the last (close) always.
fn footer<'a>(app: &App, mode: Mode, width: u16) -> ratatui::text::Line<'a> {
    let hints: Vec<String> = status::hints_in(app, mode)
        .into_iter()
        .filter(|h| h != "type to filter")
        .collect();
    ratatui::text::Line::from(status::fit_hints(&hints, width.saturating_sub(2) as usize))
        .right_aligned()
}

#[cfg(test)]
mod tests {
    use ratatui::layout::{Constraint, Layout, Rect};

    use crate::app::Focus;
    use crate::app::layout::areas;

    /// The panes fall where the terminal library's own layout would put them,
    /// so the plain geometry and the widgets' borders agree at every size.
    #[test]
    fn plain_layout_matches_the_libraries_layout() {
        for width in 1..260u16 {
            for height in [3u16, 10, 14, 24, 50] {
                let screen = Rect::new(0, 0, width, height);
                let ours = areas(
                    crate::app::geometry::Rect::new(0, 0, width, height),
                    Focus::Text,
                );
                let [body, status] =
                    Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(screen);
                assert_eq!(super::rect(ours.status), status, "{width}x{height}");
                let theirs: Vec<Rect> = if width >= 120 && height >= 10 {
                    Layout::horizontal([
                        Constraint::Percentage(48),
                        Constraint::Percentage(24),
                        Constraint::Percentage(28),
                    ])
                    .split(body)
                    .to_vec()
                } else if width >= 70 && height >= 14 {
                    let [text, side] = Layout::horizontal([
                        Constraint::Percentage(58),
                        Constraint::Percentage(42),
                    ])
                    .areas(body);
                    let [entities, details] =
                        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)])
                            .areas(side);
                    vec![text, entities, details]
                } else {
                    vec![body, Rect::default(), Rect::default()]
                };
                let ours = [ours.text, ours.entities, ours.details].map(super::rect);
                for (a, b) in ours.iter().zip(&theirs) {
                    if !(a.is_empty() && b.is_empty()) {
                        assert_eq!(a, b, "{width}x{height}");
                    }
                }
            }
        }
    }
}
