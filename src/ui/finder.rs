//! The fuzzy finder overlay: the query, then ranked entities with the
//! matched letters picked out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::theme::Theme;
use super::{centered, pane_block};
use crate::app::App;
use crate::display::visible;

pub fn draw(app: &App, theme: &Theme<'_>, screen: Rect, buf: &mut Buffer) {
    let Some(finder) = app.finder() else {
        return;
    };
    let width = screen.width.saturating_sub(4).clamp(1, 72);
    let height = screen.height.saturating_sub(2).clamp(1, 20);
    let area = centered(screen, width, height);
    Clear.render(area, buf);
    let block = pane_block(" Find entity ", true, theme)
        .title_bottom(Line::from(" ↑↓ choose · Enter go · Esc cancel ").right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);

    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.heading()),
        Span::raw(visible(&finder.query).into_owned()),
        Span::styled("▏", theme.heading()),
    ])];
    if finder.hits.is_empty() {
        lines.push(Line::styled("no entity matches", theme.dim()));
    }
    let visible_rows = (inner.height as usize).saturating_sub(1).max(1);
    let skip = finder.selected.saturating_sub(visible_rows - 1);
    for (i, hit) in finder.hits.iter().enumerate().skip(skip).take(visible_rows) {
        let entity = &app.model.entities[hit.entity];
        let kind_style = theme.kind(&entity.kind);
        let mut spans = vec![Span::raw(if i == finder.selected { "▶ " } else { "  " })];
        // The matched name, with matched letters picked out.
        for (pos, c) in visible(&hit.name).chars().enumerate() {
            let style = if hit.positions.contains(&pos) {
                kind_style.patch(theme.matched())
            } else {
                kind_style
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        if hit.name != entity.name {
            spans.push(Span::styled(
                format!(" → {}", visible(&entity.name)),
                theme.dim(),
            ));
        }
        spans.push(Span::styled(
            format!(
                "  {} · {}",
                visible(&entity.kind),
                crate::display::count(app.model.mention_total(hit.entity), "mention")
            ),
            theme.dim(),
        ));
        let line = Line::from(spans);
        lines.push(if i == finder.selected {
            line.style(theme.selected(true))
        } else {
            line.style(Style::new())
        });
    }
    Paragraph::new(lines).render(inner, buf);
}
