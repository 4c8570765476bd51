//! The status line: where the reader is and the keys that matter now.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use super::truncate;
use crate::app::layout::{Arrangement, arrangement};
use crate::app::{App, Focus};
use crate::app::{Command, Mode};
use crate::display::visible;
use unicode_width::UnicodeWidthStr;

/// The hints of each mode and pane, most useful first: the commands (their
/// first keys joined by `/`) and what to call them. The last, `? help`
/// where the mode has it, is always shown.
fn hint_table(mode: Mode, focus: Focus) -> &'static [(&'static [Command], &'static str)] {
    use Command as C;
    match (mode, focus) {
        (Mode::Finder, _) => &[
            (&[C::FinderText], "text hits"),
            (&[C::FinderUp, C::FinderDown], "choose"),
            (&[C::FinderAccept], "go"),
            (&[C::Close], "cancel"),
        ],
        (Mode::Help, _) => &[
            (&[C::Down, C::Up], "scroll"),
            (&[C::Top, C::Bottom], "top/end"),
            (&[C::Close], "close"),
        ],
        (Mode::Concordance, _) => &[
            (&[C::Down, C::Up], "choose"),
            (&[C::Select], "go"),
            (&[C::Sort], "sort"),
            (&[C::Close], "close"),
        ],
        (Mode::Command, _) => &[
            (&[C::CommandComplete], "complete"),
            (&[C::CommandRun], "run"),
            (&[C::Close], "cancel"),
        ],
        (Mode::Select, _) => &[
            (&[C::ChooseMore, C::ChooseLess], "more/less"),
            (&[C::ChooseNext, C::ChoosePrev], "move"),
            (&[C::ChooseLink], "link to current"),
            (&[C::ChooseNew], "new entity"),
            (&[C::Close], "cancel"),
        ],
        (Mode::Documents, _) => &[
            (&[C::Down, C::Up], "choose"),
            (&[C::Select], "go"),
            (&[C::Close], "close"),
        ],
        (Mode::Normal, Focus::Text) => &[
            (&[C::NextMention, C::PrevMention], "mention"),
            (&[C::NextAnyMention, C::PrevAnyMention], "any"),
            (&[C::Select], "select"),
            (&[C::Find], "find"),
            (&[C::FocusNext], "pane"),
            (&[C::Back], "back"),
            (&[C::Quit], "quit"),
            (&[C::Help], "help"),
        ],
        (Mode::Normal, Focus::Entities) => &[
            (&[C::Down, C::Up], "choose"),
            (&[C::Select], "go"),
            (&[C::Find], "find"),
            (&[C::Sort], "sort"),
            (&[C::KindFilter], "kind"),
            (&[C::FocusNext], "pane"),
            (&[C::Quit], "quit"),
            (&[C::Help], "help"),
        ],
        (Mode::Normal, Focus::Details) => &[
            (&[C::Down, C::Up], "choose"),
            (&[C::Select], "follow"),
            (&[C::Evidence], "evidence"),
            (&[C::Back], "back"),
            (&[C::FocusNext], "pane"),
            (&[C::Quit], "quit"),
            (&[C::Help], "help"),
        ],
    }
}

/// The hints for the current mode, from the keymap: a user's rebinding
/// shows here too. Commands with no key are left out.
fn hints(app: &App) -> Vec<String> {
    hints_in(app, app.mode())
}

/// The hints of a mode, for the status line and an overlay's footer.
pub(super) fn hints_in(app: &App, mode: Mode) -> Vec<String> {
    let mut out = Vec::new();
    if mode == Mode::Finder {
        out.push("type to filter".to_string());
    }
    for (commands, label) in hint_table(mode, app.reader.focus) {
        let keys: Vec<String> = commands
            .iter()
            .filter_map(|&c| {
                app.settings
                    .keymap
                    .keys(mode, c)
                    .first()
                    .map(crate::app::keys::Key::label)
            })
            .collect();
        if keys.is_empty() {
            continue;
        }
        // Arrows read as a pair without a slash: "↑↓".
        let arrows = keys
            .iter()
            .all(|k| k.chars().all(|c| ('←'..='↓').contains(&c)));
        let joined = keys.join(if arrows { "" } else { "/" });
        out.push(format!("{joined} {label}"));
    }
    out
}

/// As many hints as fit in `width` columns, in order, keeping the last.
pub(super) fn fit_hints(hints: &[String], width: usize) -> String {
    let Some((last, rest)) = hints.split_last() else {
        return String::new();
    };
    let mut shown: Vec<&str> = Vec::new();
    let mut used = last.width() + 2;
    for h in rest {
        if used + h.width() + 3 > width {
            break;
        }
        used += h.width() + 3;
        shown.push(h);
    }
    shown.push(last.as_str());
    format!(" {} ", shown.join(" · "))
}

/// Where the reader is, most important first: the pane (when one is
/// shown), a count or mark being typed, the search, what was lost, the
/// current entity, the mention under the cursor.
fn whereabouts(app: &App) -> Vec<String> {
    let model = &app.model;
    // Where the reader is comes first; what the pane borders already say
    // (the title, where the entities come from) only where there is room.
    let mut parts: Vec<String> = Vec::new();
    if arrangement(app.screen.width, app.screen.height) == Arrangement::Single {
        parts.push(
            match app.reader.focus {
                Focus::Text => "[text]",
                Focus::Entities => "[entities]",
                Focus::Details => "[details]",
            }
            .into(),
        );
    }
    // Edits not yet saved, as an editor marks a modified buffer.
    let unsaved = app.curation.history.unsaved();
    if unsaved > 0 {
        parts.push(format!("[+] {unsaved} unsaved"));
    }
    if let Some(s) = &app.curation.selection {
        let text = model
            .paragraph(s.paragraph)
            .slice(s.start..s.end)
            .to_string();
        parts.push(format!("choosing \"{}\"", visible(&text)));
    }
    // A count or a mark being typed, as vim shows it.
    match (app.count, app.awaiting_mark) {
        (Some(n), _) => parts.push(n.to_string()),
        (None, Some(false)) => parts.push("m…".into()),
        (None, Some(true)) => parts.push("'…".into()),
        (None, None) => {}
    }
    if let Some((filter, shown)) = &app.reader.filter {
        parts.push(format!(
            "filtered ({}): {shown} of {} paragraphs",
            visible(&filter.text),
            model.paragraph_count()
        ));
    }
    if let Some(searching) = &app.reader.searching {
        parts.push(visible(&searching.status()).into_owned());
    }
    if app.model.is_stale() {
        parts.push("⚠ the index changed on disk: reopen to see it".into());
    }
    if let Some(loss) = &app.source.notes.loss {
        parts.push(format!("⚠ {} (d)", visible(loss)));
    }
    if let Some(e) = app.reader.entity {
        let entity = &model.entities[e];
        let total = model.mention_total(e);
        let position = match app.mention_index() {
            Some(i) => format!("mention {} of {total}", i + 1),
            None => crate::display::count(total, "mention"),
        };
        parts.push(format!(
            "{} ({}) · {position}",
            visible(&entity.name),
            visible(&entity.kind)
        ));
    }
    if let Some(c) = app.reader.cursor {
        let m = &model.mention(c);
        if app.reader.entity != Some(m.entity) {
            parts.push(format!(
                "cursor on {} · Enter selects",
                visible(&model.entities[m.entity].name)
            ));
        }
    }
    parts
}

pub fn draw(app: &App, theme: &Theme<'_>, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    if let Some(crate::app::Overlay::CommandLine(line)) = &app.overlay {
        draw_command_line(app, &line.line, theme, area, buf);
        return;
    }
    let model = &app.model;
    let mut parts = whereabouts(app);
    let width = area.width as usize;
    let essential = format!(" {} ", parts.join(" │ "));
    // Where the reader is keeps up to two thirds of the line; the hints
    // take what is left, dropping the least useful first but never `? help`.
    let reserved = essential.width().min(width * 2 / 3);
    let right = match &app.message {
        Some(message) => format!(" {} ", visible(message)),
        None => fit_hints(&hints(app), width.saturating_sub(reserved)),
    };
    // The annotation and title (the pane borders say them already) join
    // only where there is room to spare.
    let annotation = app.current_part().map_or(&app.source.annotation, |i| {
        &model.document.parts[i].annotation
    });
    let place = match app.current_part() {
        Some(i) => format!(
            "{}/{} {}",
            i + 1,
            model.document.parts.len(),
            visible(&model.document.parts[i].title)
        ),
        None => visible(&model.document.title).into_owned(),
    };
    let mut left = essential;
    for extra in [visible(annotation).into_owned(), place] {
        let mut longer = parts.clone();
        longer.push(extra);
        let candidate = format!(" {} ", longer.join(" │ "));
        if candidate.width() + right.width() <= width {
            parts = longer;
            left = candidate;
        }
    }
    // A message may take up to half the line; hints keep what they need.
    let right_width = if app.message.is_some() {
        right.width().min(width / 2)
    } else {
        right.width().min(width)
    };
    let left = truncate(&left, width.saturating_sub(right_width));
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

/// The `:` line being typed, with a block for the cursor, and the keys (or
/// the completions Tab offered) on the right.
fn draw_command_line(app: &App, line: &str, theme: &Theme<'_>, area: Rect, buf: &mut Buffer) {
    let width = area.width as usize;
    let right = match &app.message {
        Some(message) => format!(" {} ", visible(message)),
        None => fit_hints(&hints(app), width / 2),
    };
    let left = truncate(
        &format!(":{}█", visible(line)),
        width.saturating_sub(right.width()),
    );
    let pad = width.saturating_sub(left.width() + right.width());
    let text = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::styled(truncate(&right, width), theme.status()),
    ]);
    Paragraph::new(text).style(theme.status()).render(area, buf);
}
