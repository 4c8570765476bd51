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
    let block = pane_block(" Find an entity, or text ", true, theme).title_bottom(super::footer(
        app,
        crate::app::Mode::Finder,
        area.width,
    ));
    let inner = block.inner(area);
    block.render(area, buf);

    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.heading()),
        Span::raw(visible(&finder.query).into_owned()),
        Span::styled("▏", theme.heading()),
    ])];
    // Every row that can be chosen, entities then text hits, with the
    // text's heading between them; the window follows the selection.
    let mut rows: Vec<(Option<usize>, Line<'static>)> = Vec::new();
    if finder.hits.is_empty() {
        rows.push((None, Line::styled("no entity matches", theme.dim())));
    }
    for (i, hit) in finder.hits.iter().enumerate() {
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
                "  {} · {}{}",
                visible(&entity.kind),
                crate::display::count(app.model.mention_total(hit.entity), "mention"),
                // Found by its kind or description, not its name.
                if hit.score == i64::MIN {
                    " · by kind or description"
                } else {
                    ""
                }
            ),
            theme.dim(),
        ));
        rows.push((Some(i), Line::from(spans)));
    }
    text_rows(app, finder, theme, inner.width as usize, &mut rows);
    let visible_rows = (inner.height as usize).saturating_sub(1).max(1);
    let at = rows
        .iter()
        .position(|(i, _)| *i == Some(finder.selected))
        .unwrap_or(0);
    let skip = (at + 1).saturating_sub(visible_rows);
    for (i, line) in rows.into_iter().skip(skip).take(visible_rows) {
        lines.push(if i == Some(finder.selected) {
            line.style(theme.selected(true))
        } else {
            line.style(Style::new())
        });
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The text's matches, under the entities: a heading with the counts, then
/// each hit in its context.
fn text_rows(
    app: &App,
    finder: &crate::app::overlay::Finder,
    theme: &Theme<'_>,
    width: usize,
    rows: &mut Vec<(Option<usize>, Line<'static>)>,
) {
    let found = match &finder.text {
        None => return,
        Some(Err(message)) => {
            rows.push((
                None,
                Line::styled(format!("text: {}", visible(message)), theme.dim()),
            ));
            return;
        }
        Some(Ok(found)) => found,
    };
    let heading = if found.total == 0 {
        "text: no match".to_string()
    } else if found.by_paragraph {
        format!("text: {}", crate::display::count(found.total, "paragraph"))
    } else {
        format!(
            "text: {} in {}",
            crate::display::count(found.total, "match"),
            crate::display::count(found.paragraphs, "paragraph")
        )
    };
    rows.push((None, Line::styled(heading, theme.heading())));
    for (k, hit) in found.hits.iter().enumerate() {
        let paragraph = app.model.paragraph(hit.paragraph);
        let chars: Vec<char> = paragraph.text.chars().collect();
        let cite = app.model.document.cite(hit.paragraph);
        let room = width.saturating_sub(cite.chars().count() + 6) / 2;
        let from = hit.chars.start.saturating_sub(room / 2);
        let to = (hit.chars.end + room).min(chars.len());
        let piece = |r: std::ops::Range<usize>| {
            visible(
                &chars[r.start.min(chars.len())..r.end.min(chars.len())]
                    .iter()
                    .collect::<String>(),
            )
            .into_owned()
        };
        let spans = vec![
            Span::raw(if finder.selected == finder.hits.len() + k {
                "▶ "
            } else {
                "  "
            }),
            Span::styled(format!("{cite} "), theme.dim()),
            Span::raw(format!(
                "{}{}",
                if from > 0 { "…" } else { "" },
                piece(from..hit.chars.start)
            )),
            Span::styled(piece(hit.chars.clone()), theme.matched()),
            Span::raw(piece(hit.chars.end..to)),
        ];
        rows.push((Some(finder.hits.len() + k), Line::from(spans)));
    }
}
