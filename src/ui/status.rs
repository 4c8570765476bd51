//! The status line: where the reader is and the keys that matter now.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use super::truncate;
use crate::app::layout::{Arrangement, arrangement};
use crate::app::{App, Focus};
use crate::display::visible;
use unicode_width::UnicodeWidthStr;

/// The keys worth showing in the current mode.
fn hints(app: &App) -> &'static str {
    if app.finder.is_some() {
        return "type to filter · ↑↓ choose · Enter go · Esc cancel";
    }
    if app.help.is_some() {
        return "j/k scroll · ? or Esc close";
    }
    if app.documents.is_some() {
        return "j/k choose · Enter go · Esc close";
    }
    match app.focus {
        Focus::Text => {
            "n/N mention · ]/[ any · Enter select · / find · Tab pane · Ctrl-o back · ? help · q quit"
        }
        Focus::Entities => {
            "j/k choose · Enter go · s sort · f kind · / find · Tab pane · ? help · q quit"
        }
        Focus::Details => {
            "j/k choose · Enter follow · e evidence · Ctrl-o back · Tab pane · ? help · q quit"
        }
    }
}

pub fn draw(app: &App, theme: &Theme<'_>, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let model = &app.model;
    let mut parts: Vec<String> = Vec::new();
    if arrangement(app.screen.width, app.screen.height) == Arrangement::Single {
        parts.push(
            match app.focus {
                Focus::Text => "[text]",
                Focus::Entities => "[entities]",
                Focus::Details => "[details]",
            }
            .into(),
        );
    }
    if let Some(e) = app.entity {
        let entity = &model.entities[e];
        let total = model.mentions_of(e).len();
        let position = match app.mention_index() {
            Some(i) => format!("mention {} of {total}", i + 1),
            None => crate::formats::count(total, "mention"),
        };
        parts.push(format!(
            "{} ({}) · {position}",
            visible(&entity.name),
            visible(&entity.kind)
        ));
    }
    if let Some(c) = app.cursor {
        let m = &model.mentions[c];
        if app.entity != Some(m.entity) {
            parts.push(format!(
                "cursor on {} · Enter selects",
                visible(&model.entities[m.entity].name)
            ));
        }
    }
    // Where the entities come from, then where the reader is.
    let annotation = app
        .current_part()
        .map_or(&app.annotation, |i| &model.document.parts[i].annotation);
    parts.push(visible(annotation).into_owned());
    match app.current_part() {
        Some(i) => parts.push(format!(
            "{}/{} {}",
            i + 1,
            model.document.parts.len(),
            visible(&model.document.parts[i].title)
        )),
        None => parts.push(visible(&model.document.title).into_owned()),
    }
    let left = format!(" {} ", parts.join(" │ "));
    let right = match &app.message {
        Some(message) => format!(" {} ", visible(message)),
        None => format!(" {} ", hints(app)),
    };
    // Where they compete, the position keeps at least two thirds of the line.
    let width = area.width as usize;
    let right_width = right.width().min(width / 3);
    let left = truncate(&left, width - right_width);
    let room = width.saturating_sub(left.width());
    let right = truncate(&right, room);
    let pad = room.saturating_sub(right.width());
    let style = if app.message.is_some() {
        theme.status().patch(theme.heading())
    } else {
        theme.status()
    };
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, style),
    ]);
    Paragraph::new(line).style(theme.status()).render(area, buf);
}
