//! The wrap map: each paragraph wrapped to the text pane's width once, kept
//! as screen rows that map back to character ranges of the paragraph. The
//! explorer's state needs it to scroll by rows and keep a mention in view;
//! the view needs it to draw and the mouse to hit mentions. Paragraphs are
//! wrapped lazily, when first shown, and the map is dropped on resize, so a
//! keypress never re-wraps the whole document.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use textwrap::WordSeparator;
use textwrap::core::Word;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthChar;

use crate::display::visible;
use crate::model::{Model, ParagraphId};

/// One screen row of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// The title row above the first paragraph of each file of a corpus.
    DocumentHeader,
    /// The "page furniture" label shown above such paragraphs.
    Furniture,
    /// A wrapped line: a character range of the paragraph.
    Text(Range<usize>),
    /// The blank row after each paragraph.
    Gap,
}

/// A paragraph as shown: its safe text and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// The paragraph with control characters replaced one for one, so
    /// character offsets are those of the model.
    pub text: String,
    pub rows: Vec<Row>,
    /// Byte offset in `text` where each row starts (0 for rows without text).
    pub byte_starts: Vec<usize>,
}

impl Wrapped {
    /// The row showing character `char_pos`.
    pub fn row_of(&self, char_pos: usize) -> usize {
        let mut last_text = 0;
        for (i, row) in self.rows.iter().enumerate() {
            if let Row::Text(range) = row {
                if char_pos < range.end {
                    return i;
                }
                last_text = i;
            }
        }
        last_text
    }

    /// The character under display column `column` of row `row`, if any.
    pub fn char_at(&self, row: usize, column: usize) -> Option<usize> {
        let Some(Row::Text(range)) = self.rows.get(row) else {
            return None;
        };
        let mut x = 0;
        let row_text = &self.text[self.byte_starts[row]..];
        for (i, c) in row_text.chars().take(range.len()).enumerate() {
            let w = c.width().unwrap_or(0);
            if column < x + w {
                return Some(range.start + i);
            }
            x += w;
        }
        None
    }
}

/// A position in the text pane: a row of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct RowPos {
    pub paragraph: ParagraphId,
    pub row: usize,
}

/// Wrapped paragraphs for one width, filled on demand.
#[derive(Debug, Default)]
pub struct WrapMap {
    width: usize,
    paragraphs: RefCell<HashMap<ParagraphId, Rc<Wrapped>>>,
    /// The paragraphs shown, when a filter hides the others (which then
    /// have no rows), in order.
    shown: Option<Rc<[ParagraphId]>>,
}

/// How many words are wrapped at a time.
const WRAP_CHUNK: usize = 4096;

/// Past this many cached paragraphs the cache starts again, bounding memory
/// on book-length documents read end to end.
const CACHE_LIMIT: usize = 4096;

impl WrapMap {
    pub fn new(width: usize) -> Self {
        WrapMap {
            width: width.max(1),
            paragraphs: RefCell::default(),
            shown: None,
        }
    }

    /// The same map at another width, keeping the filter.
    #[must_use]
    pub fn rewidth(&self, width: usize) -> Self {
        WrapMap {
            shown: self.shown.clone(),
            ..WrapMap::new(width)
        }
    }

    /// Shows only `shown` (sorted), or every paragraph.
    pub fn set_filter(&mut self, shown: Option<Rc<[ParagraphId]>>) {
        self.shown = shown;
        self.paragraphs.borrow_mut().clear();
    }

    pub fn filter(&self) -> Option<&[ParagraphId]> {
        self.shown.as_deref()
    }

    /// Whether a paragraph is shown.
    pub fn is_shown(&self, paragraph: ParagraphId) -> bool {
        self.shown
            .as_ref()
            .is_none_or(|s| s.binary_search(&paragraph).is_ok())
    }

    /// The first shown paragraph at or after `paragraph`.
    pub fn shown_from(&self, model: &Model, paragraph: ParagraphId) -> Option<ParagraphId> {
        match &self.shown {
            None => (paragraph < model.paragraph_count()).then_some(paragraph),
            Some(s) => s.get(s.partition_point(|&p| p < paragraph)).copied(),
        }
    }

    /// The last shown paragraph at or before `paragraph`.
    pub fn shown_until(&self, model: &Model, paragraph: ParagraphId) -> Option<ParagraphId> {
        match &self.shown {
            None => {
                (model.paragraph_count() > 0).then(|| paragraph.min(model.paragraph_count() - 1))
            }
            Some(s) => s
                .partition_point(|&p| p <= paragraph)
                .checked_sub(1)
                .map(|i| s[i]),
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// The rows of one paragraph, wrapping it on first use.
    /// A paragraph's rows if they are already laid out, without laying
    /// them out.
    pub fn cached(&self, paragraph: ParagraphId) -> Option<Rc<Wrapped>> {
        self.paragraphs.borrow().get(&paragraph).cloned()
    }

    pub fn get(&self, model: &Model, paragraph: ParagraphId) -> Rc<Wrapped> {
        if let Some(w) = self.paragraphs.borrow().get(&paragraph) {
            return Rc::clone(w);
        }
        if !self.is_shown(paragraph) {
            return Rc::new(Wrapped {
                text: String::new(),
                rows: Vec::new(),
                byte_starts: Vec::new(),
            });
        }
        let p = model.paragraph(paragraph);
        let verbatim = p.block == crate::model::Block::Verbatim;
        let mut wrapped = wrap(&p.text, self.width, p.furniture.is_some(), verbatim);
        let document = &model.document;
        let opens_part = document.parts.len() > 1
            && document
                .part_of(paragraph)
                .is_some_and(|i| document.parts[i].paragraphs.start == paragraph);
        if opens_part {
            wrapped.rows.insert(0, Row::DocumentHeader);
            wrapped.byte_starts.insert(0, 0);
        }
        let wrapped = Rc::new(wrapped);
        let mut cache = self.paragraphs.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(paragraph, Rc::clone(&wrapped));
        wrapped
    }

    /// Number of rows of a paragraph.
    pub fn rows(&self, model: &Model, paragraph: ParagraphId) -> usize {
        self.get(model, paragraph).rows.len()
    }

    /// `pos` moved `n` rows down, stopping at the document's last row.
    pub fn down(&self, model: &Model, mut pos: RowPos, mut n: usize) -> RowPos {
        while n > 0 {
            let rows = self.rows(model, pos.paragraph);
            let left = rows.saturating_sub(pos.row + 1);
            if n <= left {
                pos.row += n;
                break;
            }
            let Some(next) = self.shown_from(model, pos.paragraph + 1) else {
                pos.row = rows.saturating_sub(1);
                break;
            };
            n -= left + 1;
            pos = RowPos {
                paragraph: next,
                row: 0,
            };
        }
        pos
    }

    /// `pos` moved `n` rows up, stopping at the first row.
    pub fn up(&self, model: &Model, mut pos: RowPos, mut n: usize) -> RowPos {
        while n > 0 {
            if n <= pos.row {
                pos.row -= n;
                break;
            }
            let Some(paragraph) = pos
                .paragraph
                .checked_sub(1)
                .and_then(|p| self.shown_until(model, p))
            else {
                pos.row = 0;
                break;
            };
            n -= pos.row + 1;
            pos = RowPos {
                paragraph,
                row: self.rows(model, paragraph).saturating_sub(1),
            };
        }
        pos
    }

    /// Rows from `from` down to `to` (zero when `to` is not below), counting at
    /// most `limit` of them.
    pub fn distance(&self, model: &Model, from: RowPos, to: RowPos, limit: usize) -> Option<usize> {
        if to < from {
            return None;
        }
        let mut pos = from;
        let mut n = 0;
        while pos.paragraph < to.paragraph {
            n += self.rows(model, pos.paragraph) - pos.row;
            if n > limit {
                return None;
            }
            pos = RowPos {
                paragraph: pos.paragraph + 1,
                row: 0,
            };
        }
        n += to.row - pos.row.min(to.row);
        (n <= limit).then_some(n)
    }

    /// The highest top row that still fills a pane of `height` rows.
    pub fn last_top(&self, model: &Model, height: usize) -> RowPos {
        let Some(last) = model
            .paragraph_count()
            .checked_sub(1)
            .and_then(|p| self.shown_until(model, p))
        else {
            return RowPos::default();
        };
        let end = RowPos {
            paragraph: last,
            // The final gap row is not worth scrolling to.
            row: self.rows(model, last).saturating_sub(2),
        };
        self.up(model, end, height.saturating_sub(1))
    }
}

/// Wraps one paragraph's text to `width` display columns. Running text is
/// word-wrapped; verbatim text keeps its line breaks and indentation and is
/// cut at the pane's edge.
pub fn wrap(text: &str, width: usize, furniture: bool, verbatim: bool) -> Wrapped {
    let shown = visible_keeping_newlines(text);
    let mut rows = Vec::new();
    let mut byte_starts = Vec::new();
    if furniture {
        // Page furniture (a share button, a caption printed twice) folds to
        // one line saying what it is, so it never fills the screen.
        return Wrapped {
            text: shown,
            rows: vec![Row::Furniture, Row::Gap],
            byte_starts: vec![0, 0],
        };
    }
    // Byte offsets to character offsets, walking the text once, in order.
    let mut char_pos = 0;
    let mut byte_pos = 0;
    let mut to_char = |byte: usize| {
        char_pos += shown[byte_pos..byte].chars().count();
        byte_pos = byte;
        char_pos
    };
    let mut push = |start: usize, end: usize, rows: &mut Vec<Row>| {
        byte_starts.push(start);
        let start = to_char(start);
        let end = to_char(end);
        rows.push(Row::Text(start..end));
    };
    let mut line_start = 0;
    for line in shown.split('\n') {
        if verbatim {
            for (start, end) in hard_breaks(line, width) {
                push(line_start + start, line_start + end, &mut rows);
            }
        } else {
            let base = line.as_ptr() as usize;
            // First fit is greedy, so the words are wrapped a chunk at a
            // time, the last line of each carried into the next: a
            // paragraph of megabytes never has all its words in memory.
            let mut words: Vec<Word> = Vec::new();
            let mut found = WordSeparator::new()
                .find_words(line)
                .flat_map(|w| w.break_apart(width).collect::<Vec<_>>())
                .peekable();
            loop {
                words.extend(found.by_ref().take(WRAP_CHUNK));
                let last_chunk = found.peek().is_none();
                let lines = wrap_first_fit(&words, &[width as f64]);
                let keep = if last_chunk {
                    lines.len()
                } else {
                    lines.len().saturating_sub(1)
                };
                let mut used = 0;
                for fitted in &lines[..keep] {
                    used += fitted.len();
                    let (Some(first), Some(last)) = (fitted.first(), fitted.last()) else {
                        continue;
                    };
                    let start = first.word.as_ptr() as usize - base;
                    let end = last.word.as_ptr() as usize - base + last.word.len();
                    push(line_start + start, line_start + end, &mut rows);
                }
                if last_chunk {
                    break;
                }
                words.drain(..used);
            }
        }
        line_start += line.len() + 1;
    }
    if !rows.iter().any(|r| matches!(r, Row::Text(_))) {
        rows.push(Row::Text(0..0));
        byte_starts.push(0);
    }
    rows.push(Row::Gap);
    byte_starts.push(0);
    Wrapped {
        text: shown,
        rows,
        byte_starts,
    }
}

/// Byte ranges of `line` cut every `width` display columns (one empty range
/// for an empty line).
fn hard_breaks(line: &str, width: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, c) in line.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            out.push((start, i));
            start = i;
            used = 0;
        }
        used += w;
    }
    out.push((start, line.len()));
    out
}

/// [`visible`] for each line, the line breaks themselves kept.
fn visible_keeping_newlines(text: &str) -> String {
    if !text.contains('\n') {
        return visible(text).into_owned();
    }
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paragraph;
    use unicode_width::UnicodeWidthStr;

    fn texts(w: &Wrapped) -> Vec<String> {
        w.rows
            .iter()
            .filter_map(|r| match r {
                Row::Text(range) => {
                    Some(w.text.chars().skip(range.start).take(range.len()).collect())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_paragraph_wrapped_in_chunks_is_wrapped_as_a_whole_would_be() {
        let words = [
            "Japan", "and", "New", "Zealand", "are", "partners", "in", "the", "Pacific,",
        ];
        let text: Vec<&str> = (0..9_000).map(|i| words[(i * 7) % words.len()]).collect();
        let text = text.join(" ");
        let chunked = wrap(&text, 37, false, false);
        // The whole at once, as textwrap wraps it.
        let whole: Vec<String> = textwrap::wrap(
            &text,
            textwrap::Options::new(37).wrap_algorithm(textwrap::WrapAlgorithm::FirstFit),
        )
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect();
        assert_eq!(texts(&chunked), whole);
    }

    #[test]
    fn rows_map_back_to_character_ranges() {
        let w = wrap("Japan and New Zealand are partners", 12, false, false);
        assert_eq!(texts(&w), ["Japan and", "New Zealand", "are partners"]);
        assert_eq!(w.rows[1], Row::Text(10..21));
        assert_eq!(w.rows.last(), Some(&Row::Gap));
        assert_eq!(w.row_of(12), 1);
    }

    #[test]
    fn wide_characters_never_overflow_the_width() {
        let w = wrap(
            "日本とニュージーランドの安全保障協力 🇯🇵🇳🇿 emoji",
            9,
            false,
            false,
        );
        for line in texts(&w) {
            assert!(line.width() <= 9, "{line:?} is {} wide", line.width());
        }
        assert_eq!(
            texts(&w).concat().replace(' ', ""),
            "日本とニュージーランドの安全保障協力🇯🇵🇳🇿emoji"
        );
    }

    #[test]
    fn control_characters_are_replaced_one_for_one() {
        let w = wrap("a\u{1b}[2Jb", 40, false, false);
        assert_eq!(w.text, "a\u{241b}[2Jb");
        assert_eq!(w.rows[0], Row::Text(0..6));
    }

    #[test]
    fn verbatim_text_keeps_line_breaks_and_indentation() {
        let w = wrap("fn main() {\n    go();\n\n}", 40, false, true);
        assert_eq!(texts(&w), ["fn main() {", "    go();", "", "}"]);
        let long = wrap("abcdefghij", 4, false, true);
        assert_eq!(texts(&long), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn line_breaks_inside_running_text_start_new_rows() {
        let w = wrap("one two\nthree", 40, false, false);
        assert_eq!(texts(&w), ["one two", "three"]);
        assert_eq!(w.rows[1], Row::Text(8..13));
    }

    #[test]
    fn furniture_folds_to_its_label_row() {
        let w = wrap("Use + Remix, and a long caption after it", 10, true, false);
        assert_eq!(w.rows, [Row::Furniture, Row::Gap]);
        assert_eq!(w.text, "Use + Remix, and a long caption after it");
    }

    #[test]
    fn column_to_character_counts_display_width() {
        let w = wrap("日本 Japan", 40, false, false);
        assert_eq!(w.char_at(0, 0), Some(0));
        assert_eq!(w.char_at(0, 1), Some(0));
        assert_eq!(w.char_at(0, 2), Some(1));
        assert_eq!(w.char_at(0, 5), Some(3));
        assert_eq!(w.char_at(0, 30), None);
    }

    #[test]
    fn moving_by_rows_crosses_paragraphs_and_stops_at_the_ends() {
        let document = Model::new(
            crate::model::Document {
                paragraphs: vec![Paragraph::new("one two"), Paragraph::new("three four five")],
                ..crate::model::Document::default()
            },
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        let map = WrapMap::new(5);
        let at = |paragraph, row| RowPos { paragraph, row };
        // rows: ¶0: one, two, gap; ¶1: three, four, five, gap
        let start = RowPos::default();
        assert_eq!(map.down(&document, start, 4), at(1, 1));
        assert_eq!(map.down(&document, start, 99), at(1, 3));
        assert_eq!(map.up(&document, at(1, 1), 2), at(0, 2));
        assert_eq!(map.up(&document, at(1, 1), 99), start);
        assert_eq!(map.distance(&document, start, at(1, 2), 10), Some(5));
        assert_eq!(map.distance(&document, start, at(1, 2), 4), None);
        assert_eq!(map.last_top(&document, 3), at(1, 0));
    }
}
