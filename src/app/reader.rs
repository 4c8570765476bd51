//! The reader: the panes and where they stand, the current entity and the
//! cursor, the jump list and the marks, the filter, the text search being
//! walked. These are the reader's own moves and the questions the other
//! parts of the app ask of it.

use std::rc::Rc;

use super::details::{DetailsPane, Shown};
use super::jumps::Location;
use super::layout::{Areas, areas, inner};
use super::wrap::RowPos;
use super::{App, Focus, details, gutter_width};
use crate::app::geometry::Rect;
use crate::model::{EntityId, MentionId, Model, ParagraphId};

impl App {
    /// Lays the text out as the `[view]` settings say.
    pub fn set_view(&mut self, view: super::view::View) {
        self.reader.view = view;
        self.rewrap();
    }

    /// The rectangles of the current frame.
    pub fn areas(&self) -> Areas {
        areas(self.screen, self.reader.focus)
    }

    /// Rows of text visible in the text pane.
    pub fn text_height(&self) -> usize {
        inner(self.areas().text).height as usize
    }

    /// Width available to the text itself, after the gutter.
    /// The text's width: the pane's, less the gutter and a column of margin
    /// before the border, and never more than `max_width`.
    pub fn text_width(&self) -> usize {
        let gutter = gutter_width(self.model.paragraph_count());
        let room = inner(self.areas().text).width.saturating_sub(gutter + 1) as usize;
        room.min(self.reader.view.max_width)
    }

    pub(super) fn resize(&mut self, screen: Rect) {
        self.screen = screen;
        self.rewrap();
        self.reader.list.scroll_into_view(self.list_height());
    }

    /// Re-wraps for the current text width, keeping the same text at the top.
    pub(super) fn rewrap(&mut self) {
        let (width, height) = (self.text_width(), self.text_height());
        self.reader.text.rewrap(&self.model, width, height);
        if let Some(m) = self.reader.cursor {
            self.show_mention(m);
        }
    }

    /// Rows of the entity list (its last row may say what it hides).
    pub(super) fn list_height(&self) -> usize {
        let hides = self.reader.list.unsure > 0 && !self.reader.list.show_unsure;
        (inner(self.areas().entities).height as usize).saturating_sub(usize::from(hides))
    }

    pub(super) fn details_height(&self) -> usize {
        inner(self.areas().details).height as usize
    }

    /// What the details pane shows, in how much room.
    pub(super) fn shown(&self) -> Shown<'_> {
        let area = inner(self.areas().details);
        Shown {
            model: &self.model,
            entity: self.reader.entity,
            width: area.width as usize,
            height: area.height as usize,
        }
    }

    /// Runs `f` on the details pane with what it shows.
    pub(super) fn in_details<R>(&mut self, f: impl FnOnce(&mut DetailsPane, Shown<'_>) -> R) -> R {
        let area = inner(self.areas().details);
        let shown = Shown {
            model: &self.model,
            entity: self.reader.entity,
            width: area.width as usize,
            height: area.height as usize,
        };
        f(&mut self.reader.details, shown)
    }

    /// Where the reader is now, for the jump list.
    pub fn location(&self) -> Location {
        Location {
            entity: self.reader.entity,
            cursor: self.reader.cursor,
            top: self.reader.text.top,
        }
    }

    pub(super) fn restore(&mut self, to: Location) {
        if let Some(e) = to.entity {
            self.set_entity(e);
        } else {
            self.reader.entity = None;
        }
        self.reader.cursor = to.cursor;
        self.reader.text.top = to.top;
        self.reader.text.marked = None;
        self.clamp_top();
    }

    /// Makes `entity` current: the list follows, the details start over.
    pub fn set_entity(&mut self, entity: EntityId) {
        if self.reader.entity != Some(entity) {
            self.reader.details.reset();
        }
        self.reader.entity = Some(entity);
        if self.reader.list.select(entity) {
            self.reader.list.scroll_into_view(self.list_height());
        }
    }

    /// A jump: remembered in the jump list, then the cursor moves to `mention`.
    pub(super) fn jump_to_mention(&mut self, mention: MentionId) {
        self.reader.jumps.record(self.location());
        self.reader.cursor = Some(mention);
        self.reader.text.marked = None;
        self.show_mention(mention);
    }

    /// Scrolls the text so a mention is comfortably in view (lifting a
    /// filter that hides it).
    pub(super) fn show_mention(&mut self, mention: MentionId) {
        if !self
            .reader
            .text
            .wraps
            .is_shown(self.model.mention(mention).paragraph)
        {
            self.set_filter(None);
            self.message = Some("the filter is off: that mention was hidden".into());
        }
        let height = self.text_height();
        self.reader.text.show_mention(&self.model, mention, height);
    }

    pub(super) fn clamp_top(&mut self) {
        let height = self.text_height();
        self.reader.text.clamp(&self.model, height);
    }

    pub(super) fn scroll_text(&mut self, lines: isize) {
        let height = self.text_height();
        self.reader.text.scroll(&self.model, lines, height);
    }

    /// The mentions shown in the text pane, as a range of mention ids.
    pub(super) fn mentions_in_view(&self) -> std::ops::Range<MentionId> {
        self.reader
            .text
            .mentions_in_view(&self.model, self.text_height())
    }

    /// The first mention at or after the top of the text pane.
    pub(super) fn first_mention_in_view(&self) -> Option<MentionId> {
        let first = self.mentions_in_view().start;
        (first.index() < self.model.mention_count()).then_some(first)
    }

    /// The cursor, if it is on screen. Searches start from it; when the
    /// reader has scrolled it away, they start from what is on screen.
    pub(super) fn cursor_in_view(&self) -> Option<MentionId> {
        let view = self.mentions_in_view();
        self.reader.cursor.filter(|c| view.contains(c))
    }

    /// Index (from 0) of the cursor among the current entity's mentions.
    pub fn mention_index(&self) -> Option<usize> {
        let (entity, cursor) = (self.reader.entity?, self.reader.cursor?);
        self.model.mentions_of(entity).binary_search(&cursor).ok()
    }

    /// Makes `entity` current and jumps to its first mention (a jump).
    pub fn go_to_entity(&mut self, entity: EntityId) {
        let first = self.model.mentions_of(entity).first().copied();
        self.reader.jumps.record(self.location());
        self.set_entity(entity);
        match first {
            Some(m) => {
                self.reader.cursor = Some(m);
                self.reader.text.marked = None;
                self.show_mention(m);
            }
            None => {
                self.message = Some(format!(
                    "{} is not mentioned in the text",
                    self.model.entities[entity].name
                ));
            }
        }
    }

    /// The lines of the details pane for the current entity and width.
    pub fn detail_lines(&self) -> Rc<Vec<details::Line>> {
        self.reader.details.lines(self.shown())
    }

    /// The part shown at the top of the text pane, in a corpus.
    pub fn current_part(&self) -> Option<usize> {
        (self.model.document.parts.len() > 1)
            .then(|| self.model.document.part_of(self.reader.text.top.paragraph))
            .flatten()
    }

    /// Shows a paragraph at the top, with no cursor and nothing marked.
    pub(super) fn go_to_paragraph(&mut self, paragraph: ParagraphId) {
        let height = self.text_height();
        self.reader.text.go_to(&self.model, paragraph, height);
        self.reader.cursor = None;
        self.reader.text.marked = None;
    }

    pub(super) fn move_focused(&mut self, delta: isize) {
        match self.reader.focus {
            Focus::Text => self.scroll_text(delta),
            Focus::Entities => {
                if let Some(e) = self.reader.list.move_by(delta, self.list_height()) {
                    self.set_entity(e);
                }
            }
            Focus::Details => {
                self.in_details(|pane, shown| pane.move_by(shown, delta));
            }
        }
    }

    pub(super) fn page(&self) -> isize {
        let height = match self.reader.focus {
            Focus::Text => self.text_height(),
            Focus::Entities => self.list_height(),
            Focus::Details => self.details_height(),
        };
        height.saturating_sub(2).max(1) as isize
    }

    /// Where the reader is, to remember between runs.
    pub fn place(&self) -> crate::state::Place {
        let spot = |l: &Location| crate::state::Spot {
            paragraph: l.top.paragraph,
            entity: l.entity.map(|e| self.model.entities[e].id.clone()),
        };
        crate::state::Place {
            at: spot(&self.location()),
            marks: self
                .reader
                .marks
                .iter()
                .map(|(&c, l)| (c, spot(l)))
                .collect(),
            left: 0,
        }
    }

    /// Back where the reader left off: the paragraph, the entity, the marks
    /// (those whose paragraph still exists).
    pub fn return_to(&mut self, place: &crate::state::Place) {
        let paragraphs = self.model.paragraph_count();
        let location = |spot: &crate::state::Spot, model: &Model| {
            (spot.paragraph < paragraphs).then(|| Location {
                entity: spot.entity.as_deref().and_then(|id| model.lookup(id)),
                cursor: None,
                top: RowPos {
                    paragraph: spot.paragraph,
                    row: 0,
                },
            })
        };
        for (&c, spot) in &place.marks {
            if let Some(l) = location(spot, &self.model) {
                self.reader.marks.insert(c, l);
            }
        }
        if let Some(l) = location(&place.at, &self.model) {
            self.reader.jumps.record(self.location());
            self.restore(l);
            self.message = Some(format!(
                "back at {}, where you left off (Ctrl-o: the start)",
                self.model.document.cite(l.top.paragraph)
            ));
        }
    }

    /// Opens at paragraph `n` of the document shown (numbered from 1), as `--at` asks.
    pub fn open_at(&mut self, n: usize) {
        self.go_to_numbered(n);
    }

    /// `:123` or `123G`: paragraph 123 of the document shown (a jump).
    pub(super) fn go_to_numbered(&mut self, n: usize) {
        let document = &self.model.document;
        let range = match self.current_part().and_then(|i| document.parts.get(i)) {
            Some(part) => part.paragraphs.clone(),
            None => 0..self.model.paragraph_count(),
        };
        if range.is_empty() {
            return;
        }
        let target = range.start + n.clamp(1, range.len()) - 1;
        if n > range.len() {
            self.message = Some(format!("there are {} paragraphs here", range.len()));
        }
        self.reader.jumps.record(self.location());
        self.go_to_paragraph(target);
    }

    /// Shows only the paragraphs a filter passes (`None`: all again).
    pub fn set_filter(&mut self, filter: Option<crate::query::filter::Filter>) {
        let Some(filter) = filter else {
            self.reader.text.wraps.set_filter(None);
            self.reader.filter = None;
            self.clamp_top();
            self.message = Some("every paragraph shown".into());
            return;
        };
        let shown = filter.paragraphs(&self.model);
        if shown.is_empty() {
            self.message = Some(format!("no paragraph passes \"{}\"", filter.text));
            return;
        }
        let count = shown.len();
        self.reader.text.wraps.set_filter(Some(shown.into()));
        self.message = Some(format!(
            "filtered by {}: {count} of {} paragraphs",
            filter.text,
            self.model.paragraph_count()
        ));
        self.reader.filter = Some((filter, count));
        // Stay near the place; a cursor the filter hides goes.
        if let Some(c) = self.reader.cursor
            && !self
                .reader
                .text
                .wraps
                .is_shown(self.model.mention(c).paragraph)
        {
            self.reader.cursor = None;
        }
        self.clamp_top();
        if let Some(c) = self.reader.cursor {
            self.show_mention(c);
        }
    }
}
