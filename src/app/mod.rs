//! The explorer's state and the one function that changes it. No terminal
//! here: tests drive [`App::update`] with actions and look at the state.
//!
//! The app holds the reader (the panes, where they stand, the jumps, the
//! marks, the filter), at most one overlay, and the curation session.
//! `update` takes a count, hands the action to what is active (an overlay,
//! the text being chosen, else the reader), carries out what comes back,
//! and returns what must happen outside the app (a copy, the mouse, quit).

pub mod action;
pub mod command;
pub mod curation;
pub mod details;
pub mod entities;
pub mod geometry;
pub mod jumps;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod mode;
mod navigate;
pub mod overlay;
mod reader;
pub mod script;
pub mod select;
pub mod text;
pub mod text_search;
mod tools;
pub mod view;
pub mod wrap;

pub use action::{Action, Effect};
pub use command::Command;
pub use mode::Mode;
pub use overlay::Overlay;

use crate::app::geometry::Rect;
use crate::model::{EntityId, MentionId, Model};
use crate::query::names::EntitySearch;
use details::DetailsPane;
use entities::{EntityList, kinds};
use jumps::{JumpList, Location};
use overlay::{Context, Follow, Outcome};
use text::TextView;

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

/// Width of the paragraph-number gutter of the text pane.
pub fn gutter_width(paragraphs: usize) -> u16 {
    let digits = paragraphs.max(1).ilog10() as u16 + 1;
    digits + 2
}

/// Where the document and its entities come from, and what the load had
/// to say.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The document's file as the user named it.
    pub file: String,
    pub catalog: Option<String>,
    /// Where the entities come from, for the status line.
    pub annotation: String,
    /// What the load lost or passed over.
    pub notes: crate::load::LoadNotes,
}

/// The reader: panes, positions, history and the views of the text.
pub struct Reader {
    pub focus: Focus,
    /// The entity whose mentions are emphasised and whose details are shown.
    pub entity: Option<EntityId>,
    /// The mention under the cursor, of any entity.
    pub cursor: Option<MentionId>,
    pub text: TextView,
    pub list: EntityList,
    pub details: DetailsPane,
    pub jumps: JumpList,
    /// Places marked with `m{letter}`.
    pub marks: std::collections::BTreeMap<char, Location>,
    /// A text search chosen in the finder: `n`/`N` walk its hits until Esc.
    pub searching: Option<text_search::Searching>,
    /// The text laid out for searching, made on the first search.
    pub haystack: text_search::Haystacks,
    /// The filter on the paragraphs shown, if any, and how many it shows.
    pub filter: Option<(crate::query::filter::Filter, usize)>,
    /// Entity names ranked for the finder.
    pub search: EntitySearch,
    /// Entity kinds present, in catalog order.
    pub kinds: Vec<String>,
    /// How the text is laid out and marked (the config's `[view]`).
    pub view: view::View,
}

/// How the terminal session runs: the keymap and the switches.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Which keys run which commands, in every mode.
    pub keymap: keymap::Keymap,
    pub mouse: bool,
    pub color: bool,
    /// Whether the terminal can take a copy (not `TERM=dumb`).
    pub can_copy: bool,
}

pub struct App {
    pub model: Model,
    pub source: Source,
    pub reader: Reader,
    /// What is open over the panes, if anything: one thing at a time.
    pub overlay: Option<Overlay>,
    pub curation: curation::Curation,
    pub settings: Settings,
    pub screen: Rect,
    /// A one-off note for the status line (wrapped around, nothing found...).
    pub message: Option<String>,
    /// A count typed before a key (`5` of `5j`), while it is being typed.
    pub count: Option<usize>,
    /// After `m` (false) or `'` (true): the next letter names a mark.
    pub awaiting_mark: Option<bool>,
    /// What an action asks of the terminal, handed back by `update`.
    effects: Vec<Effect>,
}

/// The most a count repeats a key (`99999j` stops there).
const COUNT_MAX: usize = 9_999;

impl App {
    pub fn new(loaded: crate::load::Loaded, screen: Rect) -> Self {
        let source = Source {
            notes: crate::load::LoadNotes::of(&loaded),
            file: loaded.file,
            catalog: loaded.catalog,
            annotation: loaded.annotation,
        };
        let curation = curation::Curation::new(loaded.target, &loaded.model, &source);
        let model = loaded.model;
        let reader = Reader {
            focus: Focus::Text,
            entity: None,
            cursor: None,
            text: TextView::default(),
            list: EntityList::new(&model),
            details: DetailsPane::default(),
            jumps: JumpList::default(),
            marks: std::collections::BTreeMap::new(),
            searching: None,
            haystack: text_search::Haystacks::default(),
            filter: None,
            search: EntitySearch::new(&model),
            kinds: kinds(&model),
            view: view::View::default(),
        };
        let mut app = App {
            model,
            source,
            reader,
            overlay: None,
            curation,
            settings: Settings {
                keymap: keymap::Keymap::default(),
                mouse: true,
                color: true,
                can_copy: true,
            },
            screen: Rect::default(),
            message: None,
            count: None,
            awaiting_mark: None,
            effects: Vec::new(),
        };
        app.resize(screen);
        app.start();
        app
    }

    /// Where a new explorer starts: on the most mentioned entity, at the
    /// first paragraph past page furniture, saying what the load lost.
    fn start(&mut self) {
        let notes = &self.source.notes;
        if notes.loss.is_none() && !notes.is_empty() {
            self.message = Some(format!(
                "{}: press d to see them",
                crate::display::count(notes.len(), "note")
            ));
        }
        if let Some(first) = self.reader.list.order.first().copied() {
            self.set_entity(first);
        }
        let readable = (0..self.model.paragraph_count().min(64))
            .find(|&p| self.model.paragraph(p).furniture.is_none());
        if let Some(p) = readable.filter(|&p| p > 0) {
            self.go_to_paragraph(p);
        }
    }

    /// Which keymap applies now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(overlay) => overlay.mode(),
            None if self.curation.selection.is_some() => Mode::Select,
            None => Mode::Normal,
        }
    }

    /// What an overlay may read while it answers.
    fn context(&self) -> Context<'_> {
        Context {
            model: &self.model,
            search: &self.reader.search,
            haystack: &self.reader.haystack,
            keymap: &self.settings.keymap,
            kinds: &self.reader.kinds,
            entity: self.reader.entity,
            screen: self.screen,
        }
    }

    /// Carries out one action and hands back what the terminal must do: a
    /// count typed before it (`5j`) repeats it, or, before `g`/`G`, names
    /// the paragraph to go to.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if let Action::Count(d) = action {
            let n = self.count.unwrap_or(0) * 10 + usize::from(d);
            self.count = Some(n.min(COUNT_MAX * 10));
            return Vec::new();
        }
        let count = if matches!(action, Action::Resize { .. }) {
            None
        } else {
            self.count.take()
        };
        match (count, action) {
            (Some(n), Action::Run(Command::Top | Command::Bottom)) if self.overlay.is_none() => {
                self.message = None;
                self.go_to_numbered(n);
                self.reader.text.edge = Some(text::Edge::Top);
            }
            (Some(n), Action::Run(command)) if command.repeats() => {
                for _ in 0..n.clamp(1, COUNT_MAX) {
                    self.update_once(action);
                }
            }
            _ => self.update_once(action),
        }
        std::mem::take(&mut self.effects)
    }

    fn update_once(&mut self, action: Action) {
        self.forget_edge_unless_searching(action);
        if !matches!(action, Action::Resize { .. } | Action::Scroll { .. }) {
            self.message = None;
            if action != Action::Run(Command::Quit) {
                self.curation.quit_asked = false;
            }
        }
        if let Some(overlay) = self.overlay.take() {
            let (kept, outcome) = self.hand_to(overlay, action);
            self.overlay = kept;
            if self.follow(outcome) {
                return;
            }
        } else if (self.curation.selection.is_some() && self.selection_key(action))
            || self.awaited_mark(action)
        {
            return;
        }
        self.reader_action(action);
    }

    /// Hands an action to the open overlay: the overlay as it stays (or
    /// none, closed) and what it made of the action.
    fn hand_to(&self, mut overlay: Overlay, action: Action) -> (Option<Overlay>, Outcome) {
        let outcome = overlay.handle(action, &self.context());
        match outcome {
            Outcome::Close | Outcome::Then(_) => (None, outcome),
            _ => (Some(overlay), outcome),
        }
    }

    /// Carries out what an overlay made of an action; false when the
    /// action is the reader's after all.
    fn follow(&mut self, outcome: Outcome) -> bool {
        match outcome {
            Outcome::Pass => return false,
            Outcome::Stay | Outcome::Close => {}
            Outcome::Say(message) | Outcome::Then(Follow::Say(message)) => {
                self.message = Some(message);
            }
            Outcome::Then(Follow::Entity(e)) => self.go_to_entity(e),
            Outcome::Then(Follow::Mention(e, m)) => {
                self.set_entity(e);
                self.jump_to_mention(m);
            }
            Outcome::Then(Follow::Paragraph(p)) => {
                self.reader.jumps.record(self.location());
                self.go_to_paragraph(p);
            }
            Outcome::Then(Follow::Search(query, hit)) => self.start_search(&query, &hit),
            Outcome::Then(Follow::Line(line)) => self.run_command_line(&line),
            Outcome::Then(Follow::Prompt(text)) => self.prompt(text),
            Outcome::Then(Follow::Quit) => self.quit(),
        }
        true
    }

    /// An action of the reader's own: a command of the table, the mouse, a
    /// resize.
    fn reader_action(&mut self, action: Action) {
        match action {
            Action::Run(command) => {
                if let Some(run) = command.info().run {
                    run(self);
                }
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Scroll { column, row, lines } => self.wheel(column, row, lines),
            Action::Resize { width, height } => self.resize(Rect::new(0, 0, width, height)),
            Action::Count(_) | Action::Type(_) | Action::Mark(_) => {}
        }
    }

    /// Asks the terminal for something (a copy, the mouse, to quit).
    fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }
}

#[cfg(test)]
mod tests;
