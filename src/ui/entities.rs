//! The entity list: kind, name and mention count, the current entity selected.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{focused, pane_block, truncate};
use crate::app::{App, Focus};
use crate::display::visible;
use crate::model::EntityId;

pub fn draw(app: &App, theme: &Theme<'_>, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let list = &app.reader.list;
    let filter = list
        .kind
        .as_deref()
        .map(|k| format!(" · {}", visible(k)))
        .unwrap_or_default();
    let title = format!(
        " Entities {} · {}{filter} ",
        list.order.len(),
        list.sort.label()
    );
    let is_focused = focused(app, Focus::Entities);
    let block = pane_block(title, is_focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if list.order.is_empty() {
        let note = if app.model.entities.is_empty() {
            "No entities: give a catalog with --catalog FILE."
        } else {
            "None of this kind: press f."
        };
        Paragraph::new(note).style(theme.dim()).render(inner, buf);
        return;
    }

    let width = inner.width as usize;
    let kind_width = app
        .reader
        .kinds
        .iter()
        .map(|k| k.width())
        .max()
        .unwrap_or(0)
        .min(12);
    // The last row says how many unsure entities are left out, and how to see them.
    let note = (list.unsure > 0 && !list.show_unsure).then(|| {
        let key = app
            .settings
            .keymap
            .keys(crate::app::Mode::Normal, crate::app::Command::Unsure)
            .first()
            .map_or_else(|| ":unsure".to_string(), crate::app::keys::Key::label);
        format!(" {} more, low confidence: {key} shows them", list.unsure)
    });
    let rows = (inner.height as usize).saturating_sub(usize::from(note.is_some()));
    let mut lines: Vec<Line> = list
        .order
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(rows)
        .map(|(i, &e)| {
            let line = row(app, theme, e, width, kind_width);
            if i == list.selected && app.reader.entity == Some(e) {
                line.style(theme.selected(is_focused))
            } else {
                line
            }
        })
        .collect();
    if let Some(note) = note {
        while lines.len() < rows {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(truncate(&note, width), theme.dim()));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// One entity's row: its name in its kind's colour (dim when it is not
/// mentioned), its kind where the pane has room, its mention count.
fn row<'a>(app: &App, theme: &Theme<'_>, e: EntityId, width: usize, kind_width: usize) -> Line<'a> {
    let entity = &app.model.entities[e];
    let total = app.model.mention_total(e);
    let count = total.to_string();
    // Drop the kind column when the pane is too narrow for it.
    let show_kind = width >= kind_width + 24;
    let fixed = count.len() + 3 + if show_kind { kind_width + 1 } else { 0 };
    let name_width = width.saturating_sub(fixed);
    let name = truncate(&visible(&entity.name), name_width);
    let pad = name_width.saturating_sub(name.width());
    let name_style = if total == 0 {
        theme.dim()
    } else {
        theme.kind(&entity.kind)
    };
    let mut spans = vec![Span::raw(" "), Span::styled(name, name_style)];
    spans.push(Span::raw(" ".repeat(pad + 1)));
    if show_kind {
        let kind = truncate(&visible(&entity.kind), kind_width);
        spans.push(Span::styled(format!("{kind:>kind_width$} "), theme.dim()));
    }
    spans.push(Span::raw(format!("{count} ")));
    Line::from(spans)
}
