//! The details pane: the current entity, its relations both ways and the
//! entities it is most often mentioned with.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use super::{focused, pane_block, truncate};
use crate::app::details::{Line as DetailLine, Role};
use crate::app::{App, Focus};
use crate::display::visible;

pub fn draw(app: &App, theme: &Theme<'_>, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let is_focused = focused(app, Focus::Details);
    let block = pane_block(" Details ", is_focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(entity) = app.reader.entity else {
        Paragraph::new("No entity selected: press / to find one.")
            .style(theme.dim())
            .render(inner, buf);
        return;
    };
    let model = &app.model;
    let width = inner.width as usize;
    let kind_style = theme.kind(&model.entities[entity].kind);
    let detail_lines = app.detail_lines();
    let lines: Vec<Line> = detail_lines
        .iter()
        .skip(app.reader.details.offset)
        .take(inner.height as usize)
        .map(|line| match line {
            DetailLine::Title(name) => Line::styled(
                truncate(&visible(name), width),
                kind_style.patch(theme.heading()),
            ),
            DetailLine::Meta(kind, id) => Line::from(vec![
                Span::styled(visible(kind).into_owned(), kind_style),
                Span::styled(format!(" · id {}", visible(id)), theme.dim()),
            ]),
            DetailLine::Prose(text) => Line::raw(visible(text).into_owned()),
            DetailLine::Heading(text) => Line::styled(text, theme.heading()),
            DetailLine::Blank => Line::raw(""),
            DetailLine::Item(n, _, pieces) => {
                let spans: Vec<Span> = pieces
                    .iter()
                    .map(|(text, role)| {
                        let style = match role {
                            Role::Plain => Style::new(),
                            Role::Name(e) => theme.kind(&model.entities[*e].kind),
                            Role::Dim => theme.dim(),
                        };
                        Span::styled(visible(text).into_owned(), style)
                    })
                    .collect();
                let line = Line::from(spans);
                if *n == app.reader.details.selected {
                    line.style(theme.selected(is_focused))
                } else {
                    line
                }
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
