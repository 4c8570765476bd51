//! The explorer's state and the one function that changes it. No terminal
//! here: tests drive [`App::update`] with actions and look at the state.

pub mod action;
pub mod command_line;
pub mod curation;
pub mod details;
pub mod entities;
pub mod jumps;
pub mod layout;
pub mod text;
pub mod text_search;
pub mod wrap;

pub use action::Action;

use std::rc::Rc;

use crate::geometry::Rect;

use crate::formats::Loaded;
use crate::model::{EntityId, MentionId, Model, ParagraphId};
use crate::search::{EntitySearch, Hit};
use details::{DetailsPane, Shown};
use entities::{EntityList, kinds};
use jumps::{JumpList, Location};
use layout::{Areas, areas, inner};
use text::TextView;
use wrap::RowPos;

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    Entities,
    Details,
}

impl Focus {
    fn next(self) -> Self {
        match self {
            Focus::Text => Focus::Entities,
            Focus::Entities => Focus::Details,
            Focus::Details => Focus::Text,
        }
    }

    fn prev(self) -> Self {
        self.next().next()
    }
}

/// The fuzzy finder opened with `/`.
#[derive(Debug, Clone, Default)]
pub struct Finder {
    pub query: String,
    pub hits: Vec<Hit>,
    /// The text's matches for the query, previewed below the entities
    /// (none under two characters; an error for a bad pattern).
    pub text: Option<Result<crate::textsearch::Found, String>>,
    /// Index into the entity hits, then into the text hits shown.
    pub selected: usize,
}

impl Finder {
    /// The text hits shown, chosen after the entities.
    pub fn text_hits(&self) -> &[crate::textsearch::Hit] {
        match &self.text {
            Some(Ok(found)) => &found.hits,
            _ => &[],
        }
    }

    /// How many rows can be chosen.
    pub fn rows(&self) -> usize {
        self.hits.len() + self.text_hits().len()
    }
}

/// How many hits the finder keeps.
const FINDER_HITS: usize = 100;

/// Width of the paragraph-number gutter of the text pane.
pub fn gutter_width(paragraphs: usize) -> u16 {
    let digits = paragraphs.max(1).ilog10() as u16 + 1;
    digits + 2
}

/// What a load had to say, as lines for the document list: documents
/// refused, lines skipped, warnings, and files passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadNotes {
    /// "read 11 of 12 documents; 1 refused, 3 lines skipped", kept in the
    /// status line for the whole session when anything was lost.
    pub loss: Option<String>,
    pub refused: Vec<String>,
    /// Lines skipped for errors, and warnings.
    pub problems: Vec<String>,
    pub passed_over: Vec<String>,
}

impl LoadNotes {
    pub fn of(loaded: &Loaded) -> Self {
        let lines = |list: &[crate::formats::Problem]| {
            list.iter().map(std::string::ToString::to_string).collect()
        };
        LoadNotes {
            loss: loaded.loss(),
            refused: lines(&loaded.refused),
            problems: lines(&loaded.problems),
            passed_over: lines(&loaded.passed_over),
        }
    }

    pub fn len(&self) -> usize {
        self.refused.len() + self.problems.len() + self.passed_over.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sections of the document list: a heading and its lines.
    pub fn sections(&self) -> [(&'static str, &[String]); 3] {
        [
            ("Refused", &self.refused),
            ("Problems (lines skipped, warnings)", &self.problems),
            ("Passed over", &self.passed_over),
        ]
    }
}

/// What can be open over the panes. Being one enum, two can never be open
/// at once, and a key goes to the one that is.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The help, scrolled this far.
    Help {
        scroll: usize,
    },
    Finder(Finder),
    /// The document list, with this document selected.
    Documents {
        selected: usize,
    },
    /// The `:` command line, as typed so far.
    CommandLine(String),
    /// The current entity's mentions in context, one per line.
    Concordance(Concordance),
}

/// The concordance overlay: its lines, order and selection.
#[derive(Debug, Clone)]
pub struct Concordance {
    pub entity: EntityId,
    pub lines: Vec<crate::kwic::Line>,
    pub order: crate::kwic::Order,
    pub selected: usize,
    /// When the entity has more mentions than are listed.
    pub total: usize,
}

/// The most mentions a concordance lists (the first ones, in reading order).
const CONCORDANCE_MAX: usize = 5_000;
/// Characters of context each side in the concordance.
const CONCORDANCE_CONTEXT: usize = 60;

/// Entities whose kind or description has every word of the query
/// (`alliance`, `prime minister`), after those whose names match: a weaker
/// match, so never above a name. At most [`FINDER_HITS`] in all.
fn also_by_kind_or_description(model: &Model, query: &str, hits: &mut Vec<Hit>) {
    let words: Vec<String> = query
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3)
        .collect();
    if words.is_empty() || hits.len() >= FINDER_HITS {
        return;
    }
    let named: std::collections::HashSet<EntityId> = hits.iter().map(|h| h.entity).collect();
    let mut found: Vec<EntityId> = model
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (EntityId(i), e))
        .filter(|(id, _)| !named.contains(id))
        .filter(|(_, e)| {
            words
                .iter()
                .all(|w| contains_folded(&e.kind, w) || contains_folded(&e.description, w))
        })
        .map(|(id, _)| id)
        .collect();
    found.sort_by_key(|&e| std::cmp::Reverse(model.mention_total(e)));
    let room = FINDER_HITS - hits.len();
    hits.extend(found.into_iter().take(room).map(|entity| Hit {
        entity,
        name: model.entities[entity].name.clone(),
        score: i64::MIN,
        positions: Vec::new(),
    }));
}

/// Whether `hay` holds `needle` (lower case) ignoring case; without
/// allocating when the needle is ASCII, as it is typed (this runs for every
/// entity at every key of the finder).
fn contains_folded(hay: &str, needle: &str) -> bool {
    if hay.len() < needle.len() {
        return false;
    }
    if needle.is_ascii() {
        let n = needle.as_bytes();
        return hay
            .as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

/// Keys a count repeats: motions, mention and section jumps, history.
fn repeats(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::HalfPageUp
            | Action::HalfPageDown
            | Action::NextMention
            | Action::PrevMention
            | Action::NextAnyMention
            | Action::PrevAnyMention
            | Action::NextSection
            | Action::PrevSection
            | Action::Back
            | Action::Forward
    )
}

/// The most a count repeats a key (`99999j` stops there).
const COUNT_MAX: usize = 9_999;

// Mouse capture, colour, copying and running are independent switches of
// the terminal session, not states of one thing.
#[allow(clippy::struct_excessive_bools)]
pub struct App {
    pub model: Model,
    /// The document's file as the user named it.
    pub file: String,
    pub catalog: Option<String>,
    /// Where the entities come from, for the status line.
    pub annotation: String,
    /// What the load lost or passed over, for the status line and the document list.
    pub notes: LoadNotes,
    /// Which keys run which commands, in every mode (the defaults under the
    /// user's config); the help and the status line are printed from it.
    pub keymap: crate::keymap::Keymap,
    /// Entity kinds present, in catalog order.
    pub kinds: Vec<String>,
    pub search: EntitySearch,
    pub focus: Focus,
    /// The entity whose mentions are emphasised and whose details are shown.
    pub entity: Option<EntityId>,
    /// The mention under the cursor, of any entity.
    pub cursor: Option<MentionId>,
    pub screen: Rect,
    /// The panes, each with its own scroll and selection.
    pub text: TextView,
    pub list: EntityList,
    pub details: DetailsPane,
    /// What is open over the panes, if anything: one thing at a time.
    pub overlay: Option<Overlay>,
    /// The help's last scroll position, as the last draw found it (the
    /// help wraps to the screen, so only the view knows its length).
    pub help_end: std::cell::Cell<usize>,
    pub jumps: JumpList,
    pub mouse: bool,
    pub color: bool,
    /// How the text is laid out and marked (the config's `[view]`).
    pub view: crate::config::View,
    pub running: bool,
    /// A one-off note for the status line (wrapped around, nothing found...).
    pub message: Option<String>,
    /// A count typed before a key (`5` of `5j`), while it is being typed.
    pub count: Option<usize>,
    /// After `m` (false) or `'` (true): the next letter names a mark.
    pub awaiting_mark: Option<bool>,
    /// Places marked with `m{letter}`.
    pub marks: std::collections::BTreeMap<char, Location>,
    /// A text search chosen in the finder: `n`/`N` walk its hits until Esc.
    pub searching: Option<text_search::Searching>,
    /// The text laid out for searching, made on the first search.
    haystack: text_search::Haystacks,
    /// The filter on the paragraphs shown, if any, and how many it shows.
    pub filter: Option<(crate::filter::Filter, usize)>,
    /// Text to put on the clipboard, for the terminal loop to send (OSC 52).
    pub clipboard: Option<String>,
    /// Whether the terminal can take a copy (not `TERM=dumb`).
    pub can_copy: bool,
    /// The curation's edits, to undo, redo and save.
    pub history: crate::model::curate::History,
    /// Where the curation is saved.
    pub target: crate::formats::curated::Target,
    /// Text being chosen with the keyboard, to make a mention of.
    pub selection: Option<curation::Selection>,
    /// The ids of the entities discovery drafted, when it did: those the
    /// curator never saw or left with no mention are not saved.
    pub drafts: std::collections::HashSet<String>,
    /// A quit was asked for with unsaved edits, and the reader was told.
    quit_asked: bool,
}

impl App {
    pub fn new(loaded: Loaded, screen: Rect) -> Self {
        let notes = LoadNotes::of(&loaded);
        let drafts = if loaded.catalog.is_none() && loaded.annotation.starts_with("discovered") {
            loaded.model.entities.iter().map(|e| e.id.clone()).collect()
        } else {
            std::collections::HashSet::new()
        };
        let model = loaded.model;
        let search = EntitySearch::new(&model);
        let list = EntityList::new(&model);
        let mut app = App {
            file: loaded.file,
            catalog: loaded.catalog,
            annotation: loaded.annotation,
            notes,
            keymap: crate::keymap::Keymap::default(),
            kinds: kinds(&model),
            search,
            focus: Focus::Text,
            entity: None,
            cursor: None,
            screen: Rect::default(),
            text: TextView::default(),
            list,
            details: DetailsPane::default(),
            overlay: None,
            help_end: std::cell::Cell::new(usize::MAX),
            jumps: JumpList::default(),
            mouse: true,
            color: true,
            view: crate::config::View::default(),
            running: true,
            message: None,
            count: None,
            awaiting_mark: None,
            marks: std::collections::BTreeMap::new(),
            searching: None,
            haystack: text_search::Haystacks::default(),
            clipboard: None,
            can_copy: true,
            filter: None,
            history: crate::model::curate::History::new(),
            target: loaded.target,
            selection: None,
            drafts,
            quit_asked: false,
            model,
        };
        app.resize(screen);
        if app.notes.loss.is_none() && !app.notes.is_empty() {
            app.message = Some(format!(
                "{}: press d to see them",
                crate::display::count(app.notes.len(), "note")
            ));
        }
        // Start on the most mentioned entity, so every pane has something to say.
        if let Some(first) = app.list.order.first().copied() {
            app.set_entity(first);
        }
        // ...and on the text itself, past page furniture (a share button, a
        // caption) that opens many web articles.
        let readable = (0..app.model.paragraph_count().min(64))
            .find(|&p| app.model.paragraph(p).furniture.is_none());
        if let Some(p) = readable.filter(|&p| p > 0) {
            app.go_to_paragraph(p);
        }
        app
    }

    /// Lays the text out as the `[view]` settings say.
    pub fn set_view(&mut self, view: crate::config::View) {
        self.view = view;
        self.rewrap();
    }

    /// The rectangles of the current frame.
    pub fn areas(&self) -> Areas {
        areas(self.screen, self.focus)
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
        room.min(self.view.max_width)
    }

    fn resize(&mut self, screen: Rect) {
        self.screen = screen;
        self.rewrap();
        self.list.scroll_into_view(self.list_height());
    }

    /// Re-wraps for the current text width, keeping the same text at the top.
    fn rewrap(&mut self) {
        let (width, height) = (self.text_width(), self.text_height());
        self.text.rewrap(&self.model, width, height);
        if let Some(m) = self.cursor {
            self.show_mention(m);
        }
    }

    /// Rows of the entity list (its last row may say what it hides).
    fn list_height(&self) -> usize {
        let hides = self.list.unsure > 0 && !self.list.show_unsure;
        (inner(self.areas().entities).height as usize).saturating_sub(usize::from(hides))
    }

    fn details_height(&self) -> usize {
        inner(self.areas().details).height as usize
    }

    /// What the details pane shows, in how much room.
    fn shown(&self) -> Shown<'_> {
        let area = inner(self.areas().details);
        Shown {
            model: &self.model,
            entity: self.entity,
            width: area.width as usize,
            height: area.height as usize,
        }
    }

    /// Runs `f` on the details pane with what it shows.
    fn in_details<R>(&mut self, f: impl FnOnce(&mut DetailsPane, Shown<'_>) -> R) -> R {
        let area = inner(self.areas().details);
        let shown = Shown {
            model: &self.model,
            entity: self.entity,
            width: area.width as usize,
            height: area.height as usize,
        };
        f(&mut self.details, shown)
    }

    /// Where the reader is now, for the jump list.
    pub fn location(&self) -> Location {
        Location {
            entity: self.entity,
            cursor: self.cursor,
            top: self.text.top,
        }
    }

    fn restore(&mut self, to: Location) {
        if let Some(e) = to.entity {
            self.set_entity(e);
        } else {
            self.entity = None;
        }
        self.cursor = to.cursor;
        self.text.top = to.top;
        self.text.marked = None;
        self.clamp_top();
    }

    /// Makes `entity` current: the list follows, the details start over.
    pub fn set_entity(&mut self, entity: EntityId) {
        if self.entity != Some(entity) {
            self.details.reset();
        }
        self.entity = Some(entity);
        if self.list.select(entity) {
            self.list.scroll_into_view(self.list_height());
        }
    }

    /// A jump: remembered in the jump list, then the cursor moves to `mention`.
    fn jump_to_mention(&mut self, mention: MentionId) {
        self.jumps.record(self.location());
        self.cursor = Some(mention);
        self.text.marked = None;
        self.show_mention(mention);
    }

    /// Scrolls the text so a mention is comfortably in view (lifting a
    /// filter that hides it).
    fn show_mention(&mut self, mention: MentionId) {
        if !self
            .text
            .wraps
            .is_shown(self.model.mention(mention).paragraph)
        {
            self.set_filter(None);
            self.message = Some("the filter is off: that mention was hidden".into());
        }
        let height = self.text_height();
        self.text.show_mention(&self.model, mention, height);
    }

    fn clamp_top(&mut self) {
        let height = self.text_height();
        self.text.clamp(&self.model, height);
    }

    fn scroll_text(&mut self, lines: isize) {
        let height = self.text_height();
        self.text.scroll(&self.model, lines, height);
    }

    /// The mentions shown in the text pane, as a range of mention ids.
    fn mentions_in_view(&self) -> std::ops::Range<MentionId> {
        self.text.mentions_in_view(&self.model, self.text_height())
    }

    /// The first mention at or after the top of the text pane.
    fn first_mention_in_view(&self) -> Option<MentionId> {
        let first = self.mentions_in_view().start;
        (first.index() < self.model.mention_count()).then_some(first)
    }

    /// The cursor, if it is on screen. Searches start from it; when the
    /// reader has scrolled it away, they start from what is on screen.
    fn cursor_in_view(&self) -> Option<MentionId> {
        let view = self.mentions_in_view();
        self.cursor.filter(|c| view.contains(c))
    }

    /// Index (from 0) of the cursor among the current entity's mentions.
    pub fn mention_index(&self) -> Option<usize> {
        let (entity, cursor) = (self.entity?, self.cursor?);
        self.model.mentions_of(entity).binary_search(&cursor).ok()
    }

    fn next_mention(&mut self, forward: bool) {
        let Some(entity) = self.entity else {
            self.message = Some("no current entity: press / to find one".into());
            return;
        };
        let mentions = self.model.mentions_of(entity);
        if mentions.is_empty() {
            self.message = Some(format!(
                "{} is not mentioned in the text",
                self.model.entities[entity].name
            ));
            return;
        }
        let edge = self.text.edge.take();
        let view = self.mentions_in_view();
        let on = self.cursor_in_view().filter(|_| edge.is_none());
        let target = if forward {
            let after = match (on, edge) {
                (Some(c), _) => mentions.partition_point(|&m| m <= c),
                (None, Some(text::Edge::Bottom)) => mentions.partition_point(|&m| m < view.end),
                (None, _) => mentions.partition_point(|&m| m < view.start),
            };
            if let Some(&m) = mentions.get(after) {
                m
            } else {
                self.message = Some("wrapped to the first mention".into());
                mentions[0]
            }
        } else {
            let before = match (on, edge) {
                (Some(c), _) => mentions.partition_point(|&m| m < c),
                (None, Some(text::Edge::Top)) => mentions.partition_point(|&m| m < view.start),
                (None, _) => mentions.partition_point(|&m| m < view.end),
            };
            if let Some(i) = before.checked_sub(1) {
                mentions[i]
            } else {
                self.message = Some("wrapped to the last mention".into());
                mentions[mentions.len() - 1]
            }
        };
        self.jump_to_mention(target);
    }

    fn next_any_mention(&mut self, forward: bool) {
        let total = self.model.mention_count();
        if total == 0 {
            self.message = Some("no mentions in this document".into());
            return;
        }
        let edge = self.text.edge.take();
        let view = self.mentions_in_view();
        let wrap_to = |app: &mut App, to: usize, what: &str| {
            app.message = Some(format!("wrapped to the {what} mention"));
            to
        };
        let (start, end) = (view.start.index(), view.end.index());
        // After g the walk starts at the view's top, after G at its bottom.
        let (start, end) = match edge {
            Some(text::Edge::Top) => (start, start),
            Some(text::Edge::Bottom) => (end, end),
            None => (start, end),
        };
        let on = self.cursor_in_view().filter(|_| edge.is_none());
        let target = match (on.map(MentionId::index), forward) {
            (Some(c), true) if c + 1 < total => c + 1,
            (Some(c), false) if c > 0 => c - 1,
            (None, true) if start < total => start,
            (None, false) if end > 0 => end - 1,
            (_, true) => wrap_to(self, 0, "first"),
            (_, false) => wrap_to(self, total - 1, "last"),
        };
        let target = MentionId(target);
        // Walking mention by mention is reading, not jumping: no history entry.
        self.cursor = Some(target);
        self.text.marked = None;
        self.show_mention(target);
    }

    /// Makes `entity` current and jumps to its first mention (a jump).
    pub fn go_to_entity(&mut self, entity: EntityId) {
        let first = self.model.mentions_of(entity).first().copied();
        self.jumps.record(self.location());
        self.set_entity(entity);
        match first {
            Some(m) => {
                self.cursor = Some(m);
                self.text.marked = None;
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
        self.details.lines(self.shown())
    }

    fn follow_detail(&mut self) {
        let Some(item) = self.details.item(self.shown()) else {
            return;
        };
        if matches!(item, details::Item::Paragraphs(_)) {
            self.jump_to_evidence();
            return;
        }
        let other = item.other(&self.model);
        self.go_to_entity(other);
    }

    fn jump_to_evidence(&mut self) {
        let (Some(entity), Some(item)) = (self.entity, self.details.item(self.shown())) else {
            self.message = Some("select a relation in the details pane first".into());
            return;
        };
        let evidence = item.evidence(&self.model, entity);
        if evidence.is_empty() {
            self.message = Some("this relation gives no evidence paragraph".into());
            return;
        }
        // Pressing again steps through the evidence paragraphs in turn.
        let next = match self
            .text
            .marked
            .and_then(|p| evidence.iter().position(|&e| e == p))
        {
            Some(i) => evidence[(i + 1) % evidence.len()],
            None => evidence[0],
        };
        self.jumps.record(self.location());
        self.text.marked = Some(next);
        self.cursor = None;
        // With one pane on screen, the evidence is only seen in the text.
        if layout::arrangement(self.screen.width, self.screen.height) == layout::Arrangement::Single
        {
            self.focus = Focus::Text;
        }
        self.text.top = self.text.wraps.up(
            &self.model,
            RowPos {
                paragraph: next,
                row: 0,
            },
            1,
        );
        self.clamp_top();
        self.message = Some(format!(
            "evidence ¶{} ({} of {})",
            next + 1,
            evidence.iter().position(|&e| e == next).unwrap_or(0) + 1,
            evidence.len()
        ));
    }

    /// Jumps to the next or previous section start (a heading, a file).
    fn jump_section(&mut self, forward: bool) {
        let sections = self.model.sections();
        // From the heading the last jump marked while it is in view (a
        // document that fits on screen never scrolls), else the top.
        let view = self.text.bounds(&self.model, self.text_height());
        let marked = self
            .text
            .marked
            .filter(|&p| (view.start.0..=view.end.0).contains(&p));
        let here = marked.unwrap_or(self.text.top.paragraph);
        let target = if forward {
            sections
                .get(sections.partition_point(|&s| s <= here))
                .copied()
        } else {
            let before = sections.partition_point(|&s| s < here);
            let at_section_middle =
                marked.is_none() && self.text.top.row > 0 && sections.get(before) == Some(&here);
            if at_section_middle {
                Some(here)
            } else {
                before.checked_sub(1).map(|i| sections[i])
            }
        };
        let Some(target) = target else {
            self.message = Some(if sections.is_empty() {
                "this document has no sections".into()
            } else if forward {
                "no section after this one".into()
            } else {
                "no section before this one".into()
            });
            return;
        };
        self.jumps.record(self.location());
        self.go_to_paragraph(target);
        // Marked as the evidence of `e` is, so the eye (and the next jump)
        // finds it when the view cannot scroll to it.
        self.text.marked = Some(target);
        let document = &self.model.document;
        let p = self.model.paragraph(target);
        self.message = Some(
            match document.part_of(target).map(|i| (i, &document.parts[i])) {
                Some((i, part)) if part.paragraphs.start == target && document.parts.len() > 1 => {
                    format!(
                        "document {}/{}: {}",
                        i + 1,
                        document.parts.len(),
                        part.title
                    )
                }
                _ => format!("§ {}", p.text.chars().take(60).collect::<String>()),
            },
        );
    }

    /// The part shown at the top of the text pane, in a corpus.
    pub fn current_part(&self) -> Option<usize> {
        (self.model.document.parts.len() > 1)
            .then(|| self.model.document.part_of(self.text.top.paragraph))
            .flatten()
    }

    /// Keys while the document list is open; true when the action was its.
    fn documents_key(&mut self, action: Action) -> bool {
        let Some(selected) = self.documents() else {
            return false;
        };
        let last = self.model.document.parts.len().saturating_sub(1);
        let select = |selected| Some(Overlay::Documents { selected });
        match action {
            Action::Up => self.overlay = select(selected.saturating_sub(1)),
            Action::Down => self.overlay = select((selected + 1).min(last)),
            Action::Top => self.overlay = select(0),
            Action::Bottom => self.overlay = select(last),
            Action::Select => {
                self.overlay = None;
                if let Some(part) = self.model.document.parts.get(selected) {
                    let start = part.paragraphs.start;
                    self.jumps.record(self.location());
                    self.go_to_paragraph(start);
                }
            }
            Action::Escape | Action::ToggleDocuments => self.overlay = None,
            _ => return false,
        }
        true
    }

    /// Shows a paragraph at the top, with no cursor and nothing marked.
    fn go_to_paragraph(&mut self, paragraph: ParagraphId) {
        let height = self.text_height();
        self.text.go_to(&self.model, paragraph, height);
        self.cursor = None;
        self.text.marked = None;
    }

    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Focus::Text => self.scroll_text(delta),
            Focus::Entities => {
                if let Some(e) = self.list.move_by(delta, self.list_height()) {
                    self.set_entity(e);
                }
            }
            Focus::Details => {
                self.in_details(|pane, shown| pane.move_by(shown, delta));
            }
        }
    }

    fn page(&self) -> isize {
        let height = match self.focus {
            Focus::Text => self.text_height(),
            Focus::Entities => self.list_height(),
            Focus::Details => self.details_height(),
        };
        height.saturating_sub(2).max(1) as isize
    }

    fn select(&mut self) {
        match self.focus {
            Focus::Text => {
                let cursor = match self.cursor {
                    Some(c) => c,
                    None => match self.first_mention_in_view() {
                        Some(c) => c,
                        None => return,
                    },
                };
                let entity = self.model.mention(cursor).entity;
                if self.entity != Some(entity) {
                    self.jumps.record(self.location());
                }
                self.cursor = Some(cursor);
                self.set_entity(entity);
                self.show_mention(cursor);
            }
            Focus::Entities => {
                if let Some(e) = self.list.selected_entity() {
                    self.go_to_entity(e);
                }
            }
            Focus::Details => self.follow_detail(),
        }
    }

    fn finder_update(&mut self) {
        if let Some(Overlay::Finder(f)) = &mut self.overlay {
            f.hits = self.search.search(&f.query, FINDER_HITS);
            also_by_kind_or_description(&self.model, &f.query, &mut f.hits);
            f.text = text_search::preview(&self.model, &self.haystack, &f.query);
            f.selected = 0;
        }
    }

    /// Starts walking a text search at one of its hits.
    fn start_search(&mut self, query: &str, hit: &crate::textsearch::Hit) {
        match text_search::Searching::start(&self.model, &self.haystack, query.trim(), hit) {
            Ok(searching) => {
                self.searching = Some(searching);
                self.jumps.record(self.location());
                self.show_hit(hit.paragraph, hit.chars.start);
                self.message = self.searching.as_ref().map(text_search::Searching::status);
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// Scrolls a search hit into view; the cursor leaves the mentions.
    fn show_hit(&mut self, paragraph: ParagraphId, char_pos: usize) {
        if !self.text.wraps.is_shown(paragraph) {
            self.set_filter(None);
        }
        self.cursor = None;
        self.text.marked = None;
        let row = self.text.wraps.get(&self.model, paragraph).row_of(char_pos);
        let height = self.text_height();
        self.text
            .show_row(&self.model, RowPos { paragraph, row }, height);
    }

    /// `n`/`N` while a search is on: its next or previous hit.
    fn next_hit(&mut self, forward: bool) {
        // From the current hit while it is on screen; after g from the top
        // of the view, after G from its bottom (as less does); scrolled away
        // from it, from the view: forward its top, back its bottom.
        let edge = self.text.edge.take();
        let view = self.text.bounds(&self.model, self.text_height());
        let current = self
            .searching
            .as_ref()
            .and_then(|s| s.found.hits.get(s.current))
            .map(|h| (h.paragraph, h.chars.start));
        let from = match (edge, current) {
            (Some(text::Edge::Top), _) => Some(view.start),
            (None, Some(at)) if view.contains(&at) => None,
            (None, _) if forward => Some(view.start),
            (Some(text::Edge::Bottom) | None, _) => Some(view.end),
        };
        let Some(searching) = self.searching.as_mut() else {
            return;
        };
        let Some((hit, wrapped)) = searching.step(forward, from) else {
            self.message = Some(format!("no match for \"{}\"", searching.query));
            return;
        };
        let (paragraph, start) = (hit.paragraph, hit.chars.start);
        let status = searching.status();
        self.show_hit(paragraph, start);
        self.message = Some(if wrapped {
            format!("{status} (wrapped around)")
        } else {
            status
        });
    }

    /// The finder, while it is open.
    pub fn finder(&self) -> Option<&Finder> {
        match &self.overlay {
            Some(Overlay::Finder(f)) => Some(f),
            _ => None,
        }
    }

    fn finder_mut(&mut self) -> Option<&mut Finder> {
        match &mut self.overlay {
            Some(Overlay::Finder(f)) => Some(f),
            _ => None,
        }
    }

    /// How far the help is scrolled, while it is open.
    pub fn help(&self) -> Option<usize> {
        match self.overlay {
            Some(Overlay::Help { scroll }) => Some(scroll),
            _ => None,
        }
    }

    /// The document selected in the document list, while it is open.
    pub fn documents(&self) -> Option<usize> {
        match self.overlay {
            Some(Overlay::Documents { selected }) => Some(selected),
            _ => None,
        }
    }

    /// Scrolls the open help, never past its end.
    fn scroll_help(&mut self, to: impl FnOnce(usize, usize) -> usize) {
        if let Some(Overlay::Help { scroll }) = &mut self.overlay {
            *scroll = to(*scroll, self.help_end.get()).min(self.help_end.get());
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        let Some(pane) = areas.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        match pane {
            Focus::Text => {
                let gutter = gutter_width(self.model.paragraph_count());
                let hit = self
                    .text
                    .char_at(&self.model, inner(areas.text), gutter, column, row);
                if let Some(m) = hit.and_then(|(p, c)| self.model.mention_covering(p, c)) {
                    let entity = self.model.mention(m).entity;
                    self.jumps.record(self.location());
                    self.cursor = Some(m);
                    self.set_entity(entity);
                }
            }
            Focus::Entities => {
                let area = inner(areas.entities);
                if let Some(e) = row
                    .checked_sub(area.y)
                    .and_then(|r| self.list.click(r as usize))
                {
                    self.set_entity(e);
                }
            }
            Focus::Details => {
                let area = inner(areas.details);
                if let Some(r) = row.checked_sub(area.y) {
                    self.in_details(|pane, shown| pane.click(shown, r as usize));
                }
            }
        }
    }

    fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let Some(pane) = self.areas().pane_at(column, row) else {
            return;
        };
        let lines = lines as isize;
        match pane {
            Focus::Text => self.scroll_text(lines),
            Focus::Entities => self.list.scroll(lines, self.list_height()),
            Focus::Details => {
                self.in_details(|pane, shown| pane.scroll(shown, lines));
            }
        }
    }

    /// Keys that scroll the help while it is open; true when the action was its.
    fn help_key(&mut self, action: Action) -> bool {
        if self.help().is_none() {
            return false;
        }
        let page = (self.screen.height as usize).saturating_sub(6).max(1);
        match action {
            Action::Up => self.scroll_help(|s, end| s.min(end).saturating_sub(1)),
            Action::Down => self.scroll_help(|s, _| s.saturating_add(1)),
            Action::PageUp => self.scroll_help(|s, end| s.min(end).saturating_sub(page)),
            Action::PageDown => self.scroll_help(|s, _| s.saturating_add(page)),
            Action::Top => self.scroll_help(|_, _| 0),
            Action::Bottom => self.scroll_help(|_, end| end),
            _ => return false,
        }
        true
    }

    /// Typing and choosing in the finder; true when the action was its.
    fn finder_key(&mut self, action: Action) -> bool {
        let Some(f) = self.finder_mut() else {
            return false;
        };
        match action {
            Action::FinderInput(c) => f.query.push(c),
            Action::FinderBackspace => {
                f.query.pop();
            }
            Action::FinderClear => f.query.clear(),
            Action::FinderUp => {
                f.selected = f.selected.saturating_sub(1);
                return true;
            }
            Action::FinderDown => {
                f.selected = (f.selected + 1).min(f.rows().saturating_sub(1));
                return true;
            }
            // With thousands of entities, the text hits are one key away.
            Action::FinderText => {
                let first_text = f.hits.len();
                f.selected = if f.selected >= first_text || f.text_hits().is_empty() {
                    0
                } else {
                    first_text
                };
                return true;
            }
            Action::FinderAccept => {
                if let Some(Overlay::Finder(f)) = self.overlay.take() {
                    let text = f.selected.checked_sub(f.hits.len());
                    match (
                        f.hits.get(f.selected),
                        text.and_then(|i| f.text_hits().get(i)),
                    ) {
                        (Some(hit), _) => self.go_to_entity(hit.entity),
                        (None, Some(hit)) => self.start_search(&f.query, &hit.clone()),
                        (None, None) => {
                            self.message = Some(match &f.text {
                                Some(Err(message)) => message.clone(),
                                _ => format!("nothing matches \"{}\"", f.query),
                            });
                        }
                    }
                }
                return true;
            }
            _ => return false,
        }
        self.finder_update();
        true
    }

    /// The reader's tools: marks, the command line, the concordance, the
    /// filter, copying.
    fn reader_action(&mut self, action: Action) {
        match action {
            Action::AwaitMark { jump } => self.awaiting_mark = Some(jump),
            Action::SetMark(c) => self.mark(c, false),
            Action::JumpToMark(c) => self.mark(c, true),
            Action::OpenCommandLine => self.overlay = Some(Overlay::CommandLine(String::new())),
            Action::ToggleConcordance => self.open_concordance(),
            Action::ToggleFilter => self.toggle_filter(),
            Action::CopyParagraph => self.copy(false),
            Action::CopyMention => self.copy(true),
            _ => {}
        }
    }

    /// Keys that change how things are shown: sorting, filtering, highlighting, the mouse.
    fn view_action(&mut self, action: Action) {
        match action {
            Action::CycleSort => {
                self.list.sort = self.list.sort.next();
                self.list.rebuild(&self.model);
                self.list.scroll_into_view(self.list_height());
                self.message = Some(format!("entities sorted {}", self.list.sort.label()));
            }
            Action::CycleKind => {
                let kinds = &self.kinds;
                let next = match &self.list.kind {
                    None => kinds.first().cloned(),
                    Some(k) => kinds
                        .iter()
                        .position(|x| x == k)
                        .and_then(|i| kinds.get(i + 1))
                        .cloned(),
                };
                self.list.kind = next;
                self.list.rebuild(&self.model);
                self.list.scroll_into_view(self.list_height());
                self.message = Some(match &self.list.kind {
                    Some(k) => format!("showing only kind: {k}"),
                    None => "showing every kind".into(),
                });
            }
            Action::ToggleUnsure => {
                self.list.show_unsure = !self.list.show_unsure;
                self.list.rebuild(&self.model);
                self.list.scroll_into_view(self.list_height());
                self.message = Some(if self.list.show_unsure {
                    "every discovered entity listed, however unsure".into()
                } else {
                    format!(
                        "{} of low confidence hidden",
                        crate::display::count(self.list.unsure, "entity")
                    )
                });
            }
            Action::ToggleHighlight => {
                self.view.highlight_all = !self.view.highlight_all;
                self.message = Some(if self.view.highlight_all {
                    "every mention highlighted".into()
                } else {
                    "only the current entity's mentions highlighted".into()
                });
            }
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.message = Some(if self.mouse {
                    "mouse on (Shift-drag selects text)".into()
                } else {
                    "mouse off: the terminal selects text as usual".into()
                });
            }
            _ => {}
        }
    }

    /// Carries out one action: a count typed before it (`5j`) repeats it,
    /// or, before `g`/`G`, names the paragraph to go to.
    pub fn update(&mut self, action: Action) {
        if let Action::Count(d) = action {
            let n = self.count.unwrap_or(0) * 10 + usize::from(d);
            self.count = Some(n.min(COUNT_MAX * 10));
            return;
        }
        let count = if matches!(action, Action::Resize { .. }) {
            None
        } else {
            self.count.take()
        };
        match (count, action) {
            (Some(n), Action::Top | Action::Bottom) if self.overlay.is_none() => {
                self.message = None;
                self.go_to_numbered(n);
                self.text.edge = Some(text::Edge::Top);
            }
            (Some(n), _) if repeats(action) => {
                for _ in 0..n.clamp(1, COUNT_MAX) {
                    self.update_once(action);
                }
            }
            _ => self.update_once(action),
        }
    }

    /// Where the reader is, to remember between runs.
    pub fn place(&self) -> crate::state::Place {
        let spot = |l: &Location| crate::state::Spot {
            paragraph: l.top.paragraph,
            entity: l.entity.map(|e| self.model.entities[e].id.clone()),
        };
        crate::state::Place {
            at: spot(&self.location()),
            marks: self.marks.iter().map(|(&c, l)| (c, spot(l))).collect(),
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
                self.marks.insert(c, l);
            }
        }
        if let Some(l) = location(&place.at, &self.model) {
            self.jumps.record(self.location());
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
    fn go_to_numbered(&mut self, n: usize) {
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
        self.jumps.record(self.location());
        self.go_to_paragraph(target);
    }

    /// Scrolls so the cursor's row (else the top's) is mid-pane.
    fn center(&mut self) {
        let Some(cursor) = self.cursor else {
            self.message = Some("no cursor to centre: n, ] or a click puts one".into());
            return;
        };
        let m = self.model.mention(cursor);
        let row = self
            .text
            .wraps
            .get(&self.model, m.paragraph)
            .row_of(m.start);
        let half = self.text_height() / 2;
        self.text.top = self.text.wraps.up(
            &self.model,
            RowPos {
                paragraph: m.paragraph,
                row,
            },
            half,
        );
        self.clamp_top();
    }

    /// `y`/`Y`: the paragraph (or mention) under the cursor, else the one
    /// at the top, with where it is from: "Title, ¶13: text".
    fn copy(&mut self, mention: bool) {
        if !self.can_copy {
            self.message = Some("this terminal cannot take a copy (TERM is dumb or unset)".into());
            return;
        }
        let cursor = self.cursor.map(|c| self.model.mention(c));
        let hit = self
            .searching
            .as_ref()
            .and_then(|s| s.found.hits.get(s.current))
            .map(|h| (h.paragraph, h.chars.clone()));
        let (paragraph, span) = match (cursor, hit) {
            (Some(m), _) => (m.paragraph, Some(m.span())),
            (None, Some((p, chars))) => (p, Some(chars)),
            (None, None) => (self.text.top.paragraph, None),
        };
        if self.model.paragraph_count() == 0 {
            self.message = Some("nothing to copy".into());
            return;
        }
        let text = self.model.paragraph(paragraph);
        let quoted = match (mention, span) {
            (true, Some(span)) => text.slice(span).to_string(),
            (true, None) => {
                self.message = Some("no mention under the cursor: y copies the paragraph".into());
                return;
            }
            (false, _) => text.text.clone(),
        };
        let document = &self.model.document;
        let title = match document
            .part_of(paragraph)
            .filter(|_| document.parts.len() > 1)
        {
            Some(i) => document.parts[i].title.clone(),
            None => document.title.clone(),
        };
        let reference = format!("{title}, ¶{}", document.paragraph_number(paragraph));
        // The clipboard gets what the screen shows: no control character
        // of the text reaches the shell a paste goes to.
        let (copied, removed) = crate::display::clipboard_safe(&format!("{reference}: {quoted}"));
        let removed = if removed > 0 {
            format!(
                ", {} removed",
                crate::display::count(removed, "control character")
            )
        } else {
            String::new()
        };
        // What was taken out comes first: a long message is cut at its end.
        self.message = Some(format!(
            "copied {}{removed} ({}, with its reference, {})",
            if mention {
                "the mention"
            } else {
                "the paragraph"
            },
            crate::display::count(quoted.chars().count(), "character"),
            crate::display::visible(&reference)
        ));
        self.clipboard = Some(copied);
    }

    /// `m{letter}` and `'{letter}`.
    fn mark(&mut self, letter: char, jump: bool) {
        if jump {
            match self.marks.get(&letter).copied() {
                Some(to) => {
                    self.jumps.record(self.location());
                    self.restore(to);
                    self.message = Some(format!("mark '{letter}"));
                }
                None => self.message = Some(format!("no mark '{letter}: m{letter} sets it")),
            }
        } else {
            self.marks.insert(letter, self.location());
            let at = self
                .cursor
                .map_or(self.text.top.paragraph, |c| self.model.mention(c).paragraph);
            self.message = Some(format!(
                "mark {letter} set at {}",
                self.model.document.cite(at)
            ));
        }
    }

    /// Shows only the paragraphs a filter passes (`None`: all again).
    pub fn set_filter(&mut self, filter: Option<crate::filter::Filter>) {
        let Some(filter) = filter else {
            self.text.wraps.set_filter(None);
            self.filter = None;
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
        self.text.wraps.set_filter(Some(shown.into()));
        self.message = Some(format!(
            "filtered by {}: {count} of {} paragraphs",
            filter.text,
            self.model.paragraph_count()
        ));
        self.filter = Some((filter, count));
        // Stay near the place; a cursor the filter hides goes.
        if let Some(c) = self.cursor
            && !self.text.wraps.is_shown(self.model.mention(c).paragraph)
        {
            self.cursor = None;
        }
        self.clamp_top();
        if let Some(c) = self.cursor {
            self.show_mention(c);
        }
    }

    /// `&`: the current entity's paragraphs only, or all again.
    fn toggle_filter(&mut self) {
        if self.filter.is_some() {
            self.set_filter(None);
            return;
        }
        match self.entity {
            Some(e) => self.set_filter(Some(crate::filter::Filter::entity(&self.model, e))),
            None => self.message = Some("no current entity: / finds one".into()),
        }
    }

    /// The concordance, while it is open.
    pub fn concordance(&self) -> Option<&Concordance> {
        match &self.overlay {
            Some(Overlay::Concordance(c)) => Some(c),
            _ => None,
        }
    }

    fn open_concordance(&mut self) {
        let Some(entity) = self.entity else {
            self.message = Some("no current entity: / finds one".into());
            return;
        };
        let total = self.model.mention_total(entity);
        let mentions = self.model.mentions_of(entity);
        let lines = mentions
            .iter()
            .take(CONCORDANCE_MAX)
            .map(|&m| crate::kwic::line(&self.model, m, CONCORDANCE_CONTEXT))
            .collect();
        // Open on the mention under the cursor, if it is one of them.
        let selected = self
            .cursor
            .and_then(|c| mentions.iter().take(CONCORDANCE_MAX).position(|&m| m == c))
            .unwrap_or(0);
        self.overlay = Some(Overlay::Concordance(Concordance {
            entity,
            lines,
            order: crate::kwic::Order::Position,
            selected,
            total,
        }));
    }

    /// Keys of the concordance while it is open; true when the action was its.
    fn concordance_key(&mut self, action: Action) -> bool {
        let page = (self.screen.height as usize).saturating_sub(6).max(1);
        let Some(Overlay::Concordance(c)) = &mut self.overlay else {
            return false;
        };
        let last = c.lines.len().saturating_sub(1);
        match action {
            Action::Down => c.selected = (c.selected + 1).min(last),
            Action::Up => c.selected = c.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => c.selected = (c.selected + page).min(last),
            Action::PageUp | Action::HalfPageUp => c.selected = c.selected.saturating_sub(page),
            Action::Top => c.selected = 0,
            Action::Bottom => c.selected = last,
            Action::CycleSort => {
                let keep = c.lines.get(c.selected).map(|l| l.mention);
                c.order = c.order.next();
                crate::kwic::sort(&mut c.lines, c.order);
                c.selected = keep
                    .and_then(|m| c.lines.iter().position(|l| l.mention == m))
                    .unwrap_or(0);
                self.message = Some(format!("concordance sorted {}", c.order.label()));
            }
            Action::Select => {
                let chosen = c.lines.get(c.selected).map(|l| (c.entity, l.mention));
                self.overlay = None;
                if let Some((entity, mention)) = chosen {
                    self.set_entity(entity);
                    self.jump_to_mention(mention);
                }
            }
            Action::Escape | Action::ToggleConcordance => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                self.quit(false);
            }
            _ => return false,
        }
        true
    }

    /// Keys of the `:` command line while it is open; true when the action was its.
    fn command_line_key(&mut self, action: Action) -> bool {
        let Some(Overlay::CommandLine(line)) = &mut self.overlay else {
            return false;
        };
        match action {
            Action::CommandInput(c) => line.push(c),
            Action::CommandBackspace => {
                if line.pop().is_none() {
                    self.overlay = None;
                }
            }
            Action::CommandDeleteWord => {
                let kept = line.trim_end().rfind(' ').map_or(0, |i| i + 1);
                line.truncate(kept);
            }
            Action::CommandClear => {
                let kept = line.find(' ').map_or(0, |i| i + 1);
                line.truncate(kept);
            }
            Action::CommandComplete => {
                let typed = line.clone();
                let (completed, many) = self.complete_argument(&typed).unwrap_or_else(|| {
                    let (completed, many) = command_line::complete(&typed);
                    (completed, many.iter().map(ToString::to_string).collect())
                });
                if let Some(Overlay::CommandLine(line)) = &mut self.overlay {
                    *line = completed;
                }
                if many.len() > 1 {
                    self.message = Some(many.join("  "));
                }
            }
            Action::CommandRun => {
                let line = std::mem::take(line);
                self.overlay = None;
                self.run_command_line(&line);
            }
            Action::Escape => self.overlay = None,
            Action::Quit => {
                self.overlay = None;
                self.quit(false);
            }
            _ => return false,
        }
        true
    }

    fn run_command_line(&mut self, line: &str) {
        match command_line::parse(line) {
            command_line::Request::Nothing => {}
            command_line::Request::Paragraph(n) => self.go_to_numbered(n),
            command_line::Request::Quit => self.quit(false),
            command_line::Request::Curate(word, argument) => {
                if !self.curation_command(&word, &argument) {
                    self.message = Some(format!("unknown command \"{word}\""));
                }
            }
            command_line::Request::NoHighlight => {
                self.text.marked = None;
                self.searching = None;
            }
            command_line::Request::Filter(expression) if expression.is_empty() => {
                self.set_filter(None);
            }
            command_line::Request::Filter(expression) => {
                match crate::filter::Filter::parse(&self.model, &expression) {
                    Ok(filter) => self.set_filter(Some(filter)),
                    Err(message) => self.message = Some(message),
                }
            }
            command_line::Request::Run(action) => self.update_once(action),
            command_line::Request::Unknown(message) => self.message = Some(message),
        }
    }

    /// The letter after `m` or `'`; true when one was awaited.
    fn awaited_mark(&mut self, action: Action) -> bool {
        let Some(jump) = self.awaiting_mark.take() else {
            return false;
        };
        match action {
            Action::SetMark(c) | Action::JumpToMark(c) => self.mark(c, jump),
            Action::Escape => {}
            _ => self.message = Some("no mark: a letter names one".into()),
        }
        true
    }

    /// Esc: closes what is open, clears the evidence mark and the search.
    fn escape(&mut self) {
        self.overlay = None;
        self.text.marked = None;
        if self.searching.take().is_some() {
            self.message = Some("search cleared: n and N follow the entity again".into());
        }
    }

    /// Back (or forward) through the jump list.
    fn history(&mut self, back: bool) {
        let to = if back {
            self.jumps.back(self.location())
        } else {
            self.jumps.forward()
        };
        match to {
            Some(to) => self.restore(to),
            None if back => self.message = Some("already at the oldest jump".into()),
            None => self.message = Some("already at the newest jump".into()),
        }
    }

    fn toggle_help(&mut self) {
        self.overlay = match self.overlay {
            Some(Overlay::Help { .. }) => None,
            _ => Some(Overlay::Help { scroll: 0 }),
        }
    }

    /// Moving in the focused pane.
    fn motion(&mut self, action: Action) {
        match action {
            Action::Up => self.move_focused(-1),
            Action::Down => self.move_focused(1),
            Action::PageUp => self.move_focused(-self.page()),
            Action::PageDown => self.move_focused(self.page()),
            Action::HalfPageDown => self.move_focused((self.page() / 2).max(1)),
            Action::HalfPageUp => self.move_focused(-(self.page() / 2).max(1)),
            Action::Top if self.focus == Focus::Text => {
                self.text.top = RowPos::default();
                self.clamp_top();
                self.text.edge = Some(text::Edge::Top);
            }
            Action::Bottom if self.focus == Focus::Text => {
                let height = self.text_height();
                self.text.go_to_end(&self.model, height);
                self.text.edge = Some(text::Edge::Bottom);
            }
            Action::Top => self.move_focused(isize::MIN / 2),
            Action::Bottom => self.move_focused(isize::MAX / 2),
            _ => {}
        }
    }

    /// The edge g or G left is for the search that follows, and for
    /// nothing after anything else.
    fn forget_edge_unless_searching(&mut self, action: Action) {
        if !matches!(
            action,
            Action::NextMention
                | Action::PrevMention
                | Action::NextAnyMention
                | Action::PrevAnyMention
                | Action::Resize { .. }
        ) {
            self.text.edge = None;
        }
    }

    fn update_once(&mut self, action: Action) {
        self.forget_edge_unless_searching(action);
        if !matches!(action, Action::Resize { .. } | Action::Scroll { .. }) {
            self.message = None;
            if action != Action::Quit {
                self.quit_asked = false;
            }
        }
        if self.documents_key(action)
            || self.help_key(action)
            || self.finder_key(action)
            || self.command_line_key(action)
            || self.concordance_key(action)
            || self.selection_key(action)
            || self.awaited_mark(action)
        {
            return;
        }
        match action {
            Action::Quit => self.quit(false),
            Action::ToggleHelp => self.toggle_help(),
            Action::Escape => self.escape(),
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::HalfPageDown
            | Action::HalfPageUp => self.motion(action),
            Action::Select => self.select(),
            Action::OpenFinder => {
                self.overlay = Some(Overlay::Finder(Finder::default()));
                self.finder_update();
            }
            Action::Center => self.center(),
            Action::AwaitMark { .. }
            | Action::SetMark(_)
            | Action::JumpToMark(_)
            | Action::OpenCommandLine
            | Action::ToggleConcordance
            | Action::ToggleFilter
            | Action::CopyParagraph
            | Action::CopyMention => self.reader_action(action),
            // A count is taken by `update`; the keys of the finder, of the
            // command line and of choosing text, with them closed, have
            // nothing to do.
            Action::Count(_)
            | Action::SelectExtend
            | Action::SelectShrink
            | Action::SelectNext
            | Action::SelectPrev
            | Action::SelectLink
            | Action::SelectNew
            | Action::CommandInput(_)
            | Action::CommandBackspace
            | Action::CommandDeleteWord
            | Action::CommandClear
            | Action::CommandComplete
            | Action::CommandRun
            | Action::FinderInput(_)
            | Action::FinderBackspace
            | Action::FinderClear
            | Action::FinderUp
            | Action::FinderDown
            | Action::FinderText
            | Action::FinderAccept => {}
            Action::NextMention if self.searching.is_some() => self.next_hit(true),
            Action::PrevMention if self.searching.is_some() => self.next_hit(false),
            Action::NextMention => self.next_mention(true),
            Action::PrevMention => self.next_mention(false),
            Action::NextAnyMention => self.next_any_mention(true),
            Action::PrevAnyMention => self.next_any_mention(false),
            Action::Evidence => self.jump_to_evidence(),
            Action::NextSection => self.jump_section(true),
            Action::PrevSection => self.jump_section(false),
            Action::ToggleDocuments => {
                self.overlay = Some(Overlay::Documents {
                    selected: self.current_part().unwrap_or(0),
                });
            }
            Action::Back | Action::Forward => self.history(action == Action::Back),
            Action::CycleSort
            | Action::CycleKind
            | Action::ToggleHighlight
            | Action::ToggleUnsure
            | Action::ToggleMouse => self.view_action(action),
            Action::Undo
            | Action::Redo
            | Action::DropEntity
            | Action::RenameEntity
            | Action::SetKind
            | Action::MergeEntity
            | Action::Unlink
            | Action::StartSelection
            | Action::Save => self.curation_action(action),
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, lines } => self.wheel(column, row, lines),
            Action::Resize { width, height } => self.resize(Rect::new(0, 0, width, height)),
        }
    }
}

#[cfg(test)]
mod tests;
