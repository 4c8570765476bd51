//! The document list overlay: every file of a corpus (or the one document),
//! where its entities come from, and what was skipped and why.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::theme::Theme;
use super::{centered, pane_block, truncate};
use crate::app::App;
use crate::display::count;
use crate::display::visible;

pub fn draw(app: &App, theme: &Theme<'_>, screen: Rect, buf: &mut Buffer) {
    let Some(selected) = app.documents() else {
        return;
    };
    let area = centered(
        screen,
        screen.width.saturating_sub(4).clamp(1, 100),
        screen.height.saturating_sub(2).max(1),
    );
    Clear.render(area, buf);
    let block = pane_block(" Documents ", true, theme).title_bottom(super::footer(
        app,
        crate::app::Mode::Documents,
        area.width,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    let document = &app.model.document;
    let mut lines = documents(app, theme, selected, width);
    lines.extend(notes(app, theme, width));
    // Keep the selected document in view.
    let selected_line = if document.parts.is_empty() {
        0
    } else {
        selected * 2
    };
    let height = inner.height as usize;
    let scroll = selected_line.saturating_sub(height.saturating_sub(3));
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(inner, buf);
}

/// The documents: one with its file and counts, or a corpus's, two lines
/// each, the selected one marked.
fn documents<'a>(app: &App, theme: &Theme<'_>, selected: usize, width: usize) -> Vec<Line<'a>> {
    let model = &app.model;
    let document = &model.document;
    let mut lines: Vec<Line> = Vec::new();
    if document.parts.is_empty() {
        lines.push(Line::styled(
            truncate(&visible(&document.title), width),
            theme.heading(),
        ));
        lines.push(Line::raw(truncate(
            &format!(
                "{} · {} · {} · {}",
                visible(&app.source.file),
                count(model.paragraph_count(), "paragraph"),
                count(model.mention_count(), "mention"),
                visible(&app.source.annotation)
            ),
            width,
        )));
    }
    for (i, part) in document.parts.iter().enumerate() {
        let mentions = model.mentions_in_part(i);
        let head = format!(
            "{}{:>3}. {}",
            if i == selected { "▶" } else { " " },
            i + 1,
            visible(&part.title)
        );
        let line = Line::styled(truncate(&head, width), theme.heading());
        lines.push(if i == selected {
            line.style(theme.selected(true))
        } else {
            line
        });
        lines.push(Line::styled(
            truncate(
                &format!(
                    "      {} · {} · {} · {}",
                    visible(&part.file),
                    count(part.paragraphs.len(), "paragraph"),
                    count(mentions, "mention"),
                    visible(&part.annotation)
                ),
                width,
            ),
            theme.dim(),
        ));
    }
    lines
}

/// What the load had to say, section by section: refused, skipped, passed over.
fn notes<'a>(app: &App, theme: &Theme<'_>, width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for (heading, notes) in app.source.notes.sections() {
        if notes.is_empty() {
            continue;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{heading} ({})", notes.len()),
            theme.heading(),
        ));
        for note in notes {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::raw(truncate(&visible(note), width.saturating_sub(2))),
            ]));
        }
    }
    lines
}
