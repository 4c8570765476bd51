//! The text pane: visible rows of the wrap map, mentions highlighted by kind,
//! the current entity's mentions emphasised and the cursor mention marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::{KNOWN_KINDS, Theme};
use super::{focused, pane_block, truncate};
use crate::app::wrap::{Row, RowPos};
use crate::app::{App, Focus, gutter_width};
use crate::display::visible;
use crate::model::{Block, Mention, MentionId};

/// The paragraph whose text the top row shows, or the next one when the
/// top row is the gap after a paragraph.
fn first_paragraph_shown(app: &App) -> usize {
    let top = app.reader.text.top;
    let wrapped = app.reader.text.wraps.get(&app.model, top.paragraph);
    let at_gap = matches!(wrapped.rows.get(top.row), Some(crate::app::wrap::Row::Gap));
    if at_gap && top.paragraph + 1 < app.model.paragraph_count() {
        top.paragraph + 1
    } else {
        top.paragraph
    }
}

/// The pane's frame: where the text comes from, the position, the legend.
fn frame<'a>(app: &App, theme: &Theme<'_>, area: Rect) -> ratatui::widgets::Block<'a> {
    let document = &app.model.document;
    // Where the text and its entities come from (the status line leaves
    // this to the border when the key hints need the room).
    let mut source = app.source.file.clone();
    match &app.source.catalog {
        Some(catalog) => source.push_str(&format!(" + {catalog}")),
        None if app.model.document.parts.len() <= 1 && !app.source.annotation.is_empty() => {
            source.push_str(&format!(" · {}", app.source.annotation));
        }
        None => {}
    }
    let title = format!(
        " {} ",
        truncate(&visible(&source), area.width.saturating_sub(12) as usize)
    );
    let mut block = pane_block(title, focused(app, Focus::Text), theme);
    if app.model.paragraph_count() > 0 {
        // The first paragraph with text on screen: "¶5/29", or "2/3 ¶5/12"
        // in a corpus. A gap row at the top belongs to the paragraph above.
        let p = first_paragraph_shown(app);
        let position = match app.current_part() {
            Some(i) => format!(
                " {}/{} ¶{}/{} ",
                i + 1,
                document.parts.len(),
                document.paragraph_number(p),
                document.parts[i].paragraphs.len()
            ),
            None => format!(" ¶{}/{} ", p + 1, app.model.paragraph_count()),
        };
        block = block.title_top(Line::from(position).right_aligned());
    }
    block.title_bottom(legend(app, theme, area.width.saturating_sub(2) as usize))
}

/// The one line a folded piece of page furniture shows: what it is, then
/// its first words.
fn furniture_label(note: &str, text: &str, width: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let label = format!("╌ page furniture, {}: {}", visible(note), words.join(" "));
    truncate(&label, width)
}

/// The heading row of a corpus's document: "━━ 2/3 · Title · file.txt".
fn document_header(app: &App, paragraph: usize, width: u16) -> String {
    let document = &app.model.document;
    let i = document.part_of(paragraph).unwrap_or(0);
    let part = &document.parts[i];
    // Documents inside one file (JSONL lines, CoNLL) are named once.
    let file = if part.file == part.title {
        String::new()
    } else {
        format!(" · {}", visible(&part.file))
    };
    let label = format!(
        "━━ {}/{} · {}{file} ",
        i + 1,
        document.parts.len(),
        visible(&part.title),
    );
    truncate(&label, width as usize)
}

pub fn draw(app: &App, theme: &Theme<'_>, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let block = frame(app, theme, area);
    let inner = block.inner(area);
    block.render(area, buf);
    if app.model.paragraph_count() == 0 {
        Paragraph::new("This document has no text.")
            .style(theme.dim())
            .render(inner, buf);
        return;
    }

    let gutter = gutter_width(app.model.paragraph_count()) as usize;
    let digits = gutter - 2;
    let cursor = app.reader.cursor.map(|c| app.model.mention(c));
    let mut lines: Vec<Line<'static>> = Vec::with_capacity(inner.height as usize);
    let mut pos = app.reader.text.top;
    let paragraphs = app.model.paragraph_count();
    while lines.len() < inner.height as usize && pos.paragraph < paragraphs {
        let room = inner.height as usize - lines.len();
        let shown = Shown {
            pos,
            width: inner.width,
            digits,
            cursor,
        };
        lines.extend(paragraph_lines(app, theme, &shown, room));
        // The next paragraph shown (a filter may hide some).
        match app
            .reader
            .text
            .wraps
            .shown_from(&app.model, pos.paragraph + 1)
        {
            Some(next) => pos.paragraph = next,
            None => break,
        }
        pos.row = 0;
    }
    Paragraph::new(lines).render(inner, buf);
}

/// Where a paragraph is drawn from, and what its rows show besides text.
struct Shown {
    /// The paragraph, and its first row on screen.
    pos: RowPos,
    width: u16,
    /// Digits of the paragraph numbers.
    digits: usize,
    /// The mention under the cursor, if any.
    cursor: Option<Mention>,
}

/// The rows of one paragraph from `shown.pos.row`, at most `room` of them.
fn paragraph_lines(app: &App, theme: &Theme<'_>, shown: &Shown, room: usize) -> Vec<Line<'static>> {
    let Shown {
        pos,
        width,
        digits,
        cursor,
    } = *shown;
    let document = &app.model.document;
    let wrapped = app.reader.text.wraps.get(&app.model, pos.paragraph);
    let paragraph = app.model.paragraph(pos.paragraph);
    let mentions = app.model.mentions_in(pos.paragraph);
    // The number goes on the first row with text (a folded piece of
    // furniture has only its label).
    let first_text_row = wrapped
        .rows
        .iter()
        .position(|r| matches!(r, Row::Text(_) | Row::Furniture));
    let mut lines = Vec::new();
    // The first mention not yet ended, for rows taken in order.
    let mut open = 0;
    for (row_index, row) in wrapped.rows.iter().enumerate().skip(pos.row).take(room) {
        let number = if first_text_row == Some(row_index) {
            format!("{:>digits$}", document.paragraph_number(pos.paragraph))
        } else {
            " ".repeat(digits)
        };
        let mut spans = Vec::new();
        match row {
            Row::DocumentHeader => spans.push(Span::styled(
                document_header(app, pos.paragraph, width),
                theme.heading(),
            )),
            Row::Furniture => {
                spans.push(Span::styled(format!("{number}  "), theme.gutter()));
                let note = paragraph.furniture.as_deref().unwrap_or_default();
                spans.push(Span::styled(
                    furniture_label(note, &wrapped.text, app.reader.text.wraps.width()),
                    theme.dim(),
                ));
            }
            Row::Gap => {}
            Row::Text(range) => {
                // Mentions may nest or overlap (brat's do): the first
                // still open at the row's start is the first with an
                // end past it, and that only moves forward.
                while mentions.get(open).is_some_and(|m| m.end <= range.start) {
                    open += 1;
                }
                let base = match (paragraph.furniture.is_some(), paragraph.block) {
                    (true, _) => theme.dim(),
                    (false, Block::Heading(level)) => theme.section(level),
                    (false, Block::Verbatim) => theme.verbatim(),
                    (false, Block::Text) => Style::new(),
                };
                let piece = Piece {
                    text: &wrapped.text,
                    byte_start: wrapped.byte_starts[row_index],
                    paragraph: pos.paragraph,
                    range: range.clone(),
                    base,
                };
                number_and_marker(app, theme, &piece, number, cursor, &mut spans);
                text_spans(app, theme, &piece, &mentions, open, &mut spans);
            }
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The paragraph number (or its blank) and the marker of a text row: the
/// cursor's row, or the marked paragraph.
fn number_and_marker(
    app: &App,
    theme: &Theme<'_>,
    piece: &Piece<'_>,
    number: String,
    cursor: Option<crate::model::Mention>,
    spans: &mut Vec<Span<'static>>,
) {
    let range = &piece.range;
    let has_cursor = cursor.is_some_and(|c| {
        c.paragraph == piece.paragraph
            && c.start < range.end.max(range.start + 1)
            && c.end > range.start
    });
    let marked = app.reader.text.marked == Some(piece.paragraph);
    let marker = if has_cursor {
        Span::styled("▶", theme.cursor())
    } else if marked {
        Span::styled("┃", theme.marked_paragraph())
    } else {
        Span::raw(" ")
    };
    let number_style = if marked {
        theme.marked_paragraph()
    } else {
        theme.gutter()
    };
    spans.push(Span::styled(number, number_style));
    spans.push(marker);
    spans.push(Span::raw(" "));
}

/// A row of a paragraph's text, as the wrap map laid it out.
struct Piece<'a> {
    /// The paragraph's text as wrapped.
    text: &'a str,
    /// Where the row starts in `text`, in bytes.
    byte_start: usize,
    paragraph: usize,
    /// The row's characters.
    range: std::ops::Range<usize>,
    /// The style of text that is no mention.
    base: Style,
}

/// Spans of one row: plain text between mentions, mentions styled.
/// `mentions` are the paragraph's, `first` the first not ended before the row.
fn text_spans(
    app: &App,
    theme: &Theme<'_>,
    piece: &Piece<'_>,
    mentions: &[crate::model::Mention],
    first: usize,
    spans: &mut Vec<Span<'static>>,
) {
    let model = &app.model;
    let Piece {
        text,
        byte_start,
        paragraph,
        ref range,
        base,
    } = *piece;
    let row = &text[byte_start..];
    // Byte offset of each character of the row, and of its end.
    let mut bytes: Vec<usize> = row
        .char_indices()
        .take(range.len() + 1)
        .map(|(b, _)| b)
        .collect();
    if bytes.len() <= range.len() {
        bytes.push(row.len());
    }
    let slice = |from: usize, to: usize| {
        row[bytes[from - range.start]..bytes[to - range.start]].to_string()
    };
    let range = range.clone();
    let first_id = model.first_mention_in(paragraph).index() + first;
    // The row as segments of characters with their style: plain text
    // between mentions, mentions in their kind's style...
    let mut segments: Vec<(std::ops::Range<usize>, Style)> = Vec::new();
    let mut at = range.start;
    for (offset, m) in mentions[first..].iter().enumerate() {
        if m.start >= range.end {
            break;
        }
        let start = m.start.max(at);
        let end = m.end.min(range.end);
        if start >= end {
            continue;
        }
        if start > at {
            segments.push((at..start, base));
        }
        let kind = &model.entities[m.entity].kind;
        let style = if app.reader.cursor == Some(MentionId(first_id + offset)) {
            theme.cursor()
        } else if app.reader.entity == Some(m.entity) {
            theme.current_entity(kind)
        } else if app.reader.view.highlight_all {
            theme.mention(kind)
        } else {
            base
        };
        segments.push((start..end, style));
        at = end;
    }
    if at < range.end {
        segments.push((at..range.end, base));
    }
    // ...then the search's hits laid over them.
    if let Some(searching) = &app.reader.searching {
        let current = searching.found.hits.get(searching.current);
        for hit in searching.in_paragraph(paragraph) {
            let style = if Some(hit) == current {
                theme.cursor()
            } else {
                theme
                    .matched()
                    .add_modifier(ratatui::style::Modifier::REVERSED)
            };
            segments = overlay(segments, &hit.chars, style);
        }
    }
    // ...and the text being chosen over everything.
    if let Some(s) = app.curation.selection.filter(|s| s.paragraph == paragraph) {
        segments = overlay(segments, &(s.start..s.end), theme.chosen());
    }
    for (r, style) in segments {
        if r.start < r.end {
            push_piece(spans, slice(r.start, r.end), style);
        }
    }
}

/// Segments with `over` given `style`, split where it begins and ends.
fn overlay(
    segments: Vec<(std::ops::Range<usize>, Style)>,
    over: &std::ops::Range<usize>,
    style: Style,
) -> Vec<(std::ops::Range<usize>, Style)> {
    let mut out = Vec::with_capacity(segments.len() + 2);
    for (r, s) in segments {
        let (a, b) = (r.start.max(over.start), r.end.min(over.end));
        if a >= b {
            out.push((r, s));
            continue;
        }
        if r.start < a {
            out.push((r.start..a, s));
        }
        out.push((a..b, s.patch(style)));
        if b < r.end {
            out.push((b..r.end, s));
        }
    }
    out
}

/// Adds a piece of a row. A mention may end inside a grapheme cluster
/// ("Cafe" of "Café" written with a combining accent); the zero-width marks
/// that open the next piece then stay with the character they belong to,
/// since a span starting with one would drop it on screen.
fn push_piece(spans: &mut Vec<Span<'static>>, text: String, style: Style) {
    use unicode_width::UnicodeWidthChar;
    let marks = text
        .char_indices()
        .find(|&(_, c)| c.width().unwrap_or(0) != 0)
        .map_or(text.len(), |(b, _)| b);
    if marks > 0
        && let Some(last) = spans.last_mut()
    {
        last.content.to_mut().push_str(&text[..marks]);
        if marks < text.len() {
            spans.push(Span::styled(text[marks..].to_string(), style));
        }
        return;
    }
    spans.push(Span::styled(text, style));
}

/// Kind names in their own style, for the bottom border: as many as fit in
/// `width` columns, then how many more there are (`+3`).
fn legend<'a>(app: &App, theme: &Theme<'_>, width: usize) -> Line<'a> {
    let present = &app.reader.kinds;
    let mut kinds: Vec<String> = KNOWN_KINDS
        .iter()
        .filter(|k| present.iter().any(|p| p == *k))
        .map(std::string::ToString::to_string)
        .collect();
    kinds.extend(
        present
            .iter()
            .filter(|p| !KNOWN_KINDS.contains(&p.as_str()))
            .cloned(),
    );
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let total = kinds.len();
    for (shown, kind) in kinds.into_iter().enumerate() {
        // A label from the source (brat's visual.conf) when it gives one.
        let label = app
            .model
            .kind_styles
            .get(&kind)
            .and_then(|s| s.label.as_deref())
            .unwrap_or(&kind);
        // The legend sits in the border: it must not take the focused
        // border's bold unless the kind's own style is bold.
        let style = theme.mention(&kind);
        let style = if style.add_modifier.contains(ratatui::style::Modifier::BOLD) {
            style
        } else {
            style.remove_modifier(ratatui::style::Modifier::BOLD)
        };
        let label = visible(label).into_owned();
        let more = total - shown - 1;
        // Room for this one, and for saying how many follow if any do.
        let need = label.width() + 1 + if more > 0 { 4 } else { 0 };
        if used + need > width {
            spans.push(Span::styled(format!("+{} ", total - shown), theme.dim()));
            break;
        }
        used += label.width() + 1;
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}
