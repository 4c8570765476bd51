//! The text pane: which row is at the top, the wrap map for the pane's
//! width, and the paragraph marked after a jump to evidence. It scrolls,
//! keeps a row in view and finds what a click landed on; what the cursor and
//! the current entity are is the app's business.

use std::ops::Range;

use super::wrap::{self, RowPos, WrapMap};
use crate::app::geometry::Rect;
use crate::model::{MentionId, Model, ParagraphId};

#[derive(Debug)]
pub struct TextView {
    /// The first row shown.
    pub top: RowPos,
    pub wraps: WrapMap,
    /// A paragraph to mark, after a jump to evidence or to a section.
    pub marked: Option<ParagraphId>,
    /// After `g` or `G`: the edge of the view the next search starts from
    /// (as in less and vim), until something else moves.
    pub edge: Option<Edge>,
}

/// An edge of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Top,
    Bottom,
}

impl Default for TextView {
    fn default() -> Self {
        TextView {
            top: RowPos::default(),
            wraps: WrapMap::new(1),
            marked: None,
            edge: None,
        }
    }
}

impl TextView {
    /// Re-wraps for a new text width, keeping the same text at the top.
    pub fn rewrap(&mut self, model: &Model, width: usize, height: usize) {
        let width = width.max(1);
        if width == self.wraps.width() {
            return;
        }
        // Where the top row starts, if the old width laid it out (never
        // laid out again just to ask: at the first width, 1, a long
        // paragraph would be a row per character).
        let first_char = match self.wraps.cached(self.top.paragraph) {
            Some(old) => match old.rows.get(self.top.row) {
                Some(wrap::Row::Text(range)) => range.start,
                _ => 0,
            },
            None => 0,
        };
        self.wraps = self.wraps.rewidth(width);
        if model.paragraph_count() != 0 {
            let row = self.wraps.get(model, self.top.paragraph).row_of(first_char);
            self.top.row = if self.top.row == 0 { 0 } else { row };
        }
        self.clamp(model, height);
    }

    /// Keeps the top within the document and the last page full.
    pub fn clamp(&mut self, model: &Model, height: usize) {
        if model.paragraph_count() == 0 {
            self.top = RowPos::default();
            return;
        }
        self.top.paragraph = self.top.paragraph.min(model.paragraph_count() - 1);
        // On a paragraph the filter shows: the next one, or the last.
        if !self.wraps.is_shown(self.top.paragraph) {
            let shown = self
                .wraps
                .shown_from(model, self.top.paragraph)
                .or_else(|| self.wraps.shown_until(model, self.top.paragraph));
            self.top = RowPos {
                paragraph: shown.unwrap_or(self.top.paragraph),
                row: 0,
            };
        }
        let rows = self.wraps.rows(model, self.top.paragraph);
        self.top.row = self.top.row.min(rows.saturating_sub(1));
        let last = self.wraps.last_top(model, height);
        if self.top > last {
            self.top = last;
        }
    }

    /// Scrolls by `lines` rows; negative is up.
    pub fn scroll(&mut self, model: &Model, lines: isize, height: usize) {
        if model.paragraph_count() == 0 {
            return;
        }
        self.top = if lines >= 0 {
            self.wraps.down(model, self.top, lines.unsigned_abs())
        } else {
            self.wraps.up(model, self.top, lines.unsigned_abs())
        };
        self.clamp(model, height);
    }

    /// Puts `paragraph` at the top, or as near as the end allows.
    pub fn go_to(&mut self, model: &Model, paragraph: ParagraphId, height: usize) {
        self.top = RowPos { paragraph, row: 0 };
        self.clamp(model, height);
    }

    /// Shows the last page.
    pub fn go_to_end(&mut self, model: &Model, height: usize) {
        self.top = self.wraps.last_top(model, height);
    }

    /// Scrolls so a row is comfortably in view, a little way from the edges.
    pub fn show_row(&mut self, model: &Model, pos: RowPos, height: usize) {
        if height == 0 {
            return;
        }
        let margin = (height / 4).min(2);
        if pos < self.top {
            self.top = self.wraps.up(model, pos, margin);
        } else if self
            .wraps
            .distance(model, self.top, pos, height.saturating_sub(1 + margin))
            .is_none()
        {
            self.top = self.wraps.up(model, pos, height / 3);
        }
        self.clamp(model, height);
    }

    /// Scrolls so a mention is comfortably in view.
    pub fn show_mention(&mut self, model: &Model, mention: MentionId, height: usize) {
        let m = model.mention(mention);
        self.show_char(model, m.paragraph, m.start, height);
    }

    /// Scrolls so a character of a paragraph is comfortably in view.
    pub fn show_char(&mut self, model: &Model, paragraph: ParagraphId, at: usize, height: usize) {
        let row = self.wraps.get(model, paragraph).row_of(at);
        self.show_row(model, RowPos { paragraph, row }, height);
    }

    /// Where the view begins and ends in the text: the paragraph and
    /// character of the top row's start and of the bottom row's end.
    pub fn bounds(&self, model: &Model, height: usize) -> Range<(ParagraphId, usize)> {
        if model.paragraph_count() == 0 {
            return (0, 0)..(0, 0);
        }
        let row = |pos: RowPos| match self.wraps.get(model, pos.paragraph).rows.get(pos.row) {
            Some(wrap::Row::Text(range)) => (range.start, range.end),
            _ => (0, 0),
        };
        let bottom = self.wraps.down(model, self.top, height.saturating_sub(1));
        let (_, end) = row(bottom);
        let end = if end == 0 {
            model.paragraph(bottom.paragraph).chars
        } else {
            end
        };
        (self.top.paragraph, row(self.top).0)..(bottom.paragraph, end)
    }

    /// The mentions shown, as a range of mention ids: from the first at or
    /// after the top row to the first after the bottom row.
    pub fn mentions_in_view(&self, model: &Model, height: usize) -> Range<MentionId> {
        if model.paragraph_count() == 0 {
            return MentionId(0)..MentionId(0);
        }
        let bounds = self.bounds(model, height);
        let first = model.mentions_before(bounds.start.0, bounds.start.1);
        let after = model.mentions_before(bounds.end.0, bounds.end.1);
        first..after.max(first)
    }

    /// The paragraph and character under a screen cell of the pane whose
    /// inside is `area`, with a gutter of `gutter` columns.
    pub fn char_at(
        &self,
        model: &Model,
        area: Rect,
        gutter: u16,
        column: u16,
        row: u16,
    ) -> Option<(ParagraphId, usize)> {
        if row < area.y || column < area.x + gutter || (model.paragraph_count() == 0) {
            return None;
        }
        let dy = (row - area.y) as usize;
        let pos = self.wraps.down(model, self.top, dy);
        if self.wraps.distance(model, self.top, pos, dy) != Some(dy) {
            return None; // below the end of the text
        }
        let wrapped = self.wraps.get(model, pos.paragraph);
        let char_pos = wrapped.char_at(pos.row, (column - area.x - gutter) as usize)?;
        Some((pos.paragraph, char_pos))
    }
}
