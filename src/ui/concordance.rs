//! The concordance overlay: the current entity's mentions in context, the
//! mentions aligned in one column, as a keyword-in-context display.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{centered, pane_block, truncate};
use crate::app::App;
use crate::app::overlay::Concordance;
use crate::display::{count, visible};

pub fn draw(app: &App, theme: &Theme<'_>, screen: Rect, buf: &mut Buffer) {
    let Some(c) = app.concordance() else {
        return;
    };
    let area = centered(
        screen,
        screen.width.saturating_sub(4).max(1),
        screen.height.saturating_sub(2).max(1),
    );
    Clear.render(area, buf);
    let entity = &app.model.entities[c.entity];
    let listed = if c.total > c.lines.len() {
        format!(
            "the first {} of {}",
            c.lines.len(),
            count(c.total, "mention")
        )
    } else {
        count(c.total, "mention")
    };
    let title = format!(
        " Concordance: {} · {listed} · {} ",
        visible(&entity.name),
        c.order.label()
    );
    let block = pane_block(
        truncate(&title, area.width.saturating_sub(4) as usize),
        true,
        theme,
    )
    .title_bottom(super::footer(
        app,
        crate::app::Mode::Concordance,
        area.width,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = rows(
        c,
        theme,
        &entity.kind,
        inner.width as usize,
        inner.height as usize,
    );
    Paragraph::new(lines).render(inner, buf);
}

/// The concordance's lines in `rows` rows of `width` columns, scrolled to
/// the selected one: each its citation, the left context, the mention in
/// the entity's colour, aligned, and the right context.
fn rows<'a>(
    c: &Concordance,
    theme: &Theme<'_>,
    kind: &str,
    width: usize,
    rows: usize,
) -> Vec<Line<'a>> {
    let cite_width = c
        .lines
        .iter()
        .map(|l| l.cite.width())
        .max()
        .unwrap_or(0)
        .min(width / 4);
    // The mentions line up a little left of the middle; the contexts fill
    // what is left on each side.
    let hit_width = c
        .lines
        .iter()
        .map(|l| l.hit.width())
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let room = width.saturating_sub(cite_width + hit_width + 6);
    let left_width = room * 45 / 100;
    let right_width = room - left_width;
    let skip = c.selected.saturating_sub(rows.saturating_sub(1));
    let kind = theme.kind(kind);
    c.lines
        .iter()
        .enumerate()
        .skip(skip)
        .take(rows)
        .map(|(i, l)| {
            let left = tail(&l.left, left_width);
            let line = Line::from(vec![
                Span::raw(if i == c.selected { "▶ " } else { "  " }),
                Span::styled(
                    format!("{:>w$} ", truncate(&l.cite, cite_width), w = cite_width),
                    theme.dim(),
                ),
                Span::raw(format!("{left:>left_width$} ")),
                Span::styled(truncate(&l.hit, hit_width), kind),
                Span::raw(format!(" {}", truncate(&l.right, right_width))),
            ]);
            if i == c.selected {
                line.style(theme.selected(true))
            } else {
                line
            }
        })
        .collect()
}

/// The end of `text`, at most `width` columns, with an ellipsis when cut.
fn tail(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.iter().rev().collect()
}
