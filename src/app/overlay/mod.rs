//! What can be open over the panes, one at a time: the help, the finder,
//! the document list, the `:` command line, the concordance. Each is a
//! component that owns its state and answers an action with an
//! [`Outcome`]; the app carries the outcome out. Being one enum, two can
//! never be open at once.

pub mod command_line;
pub mod concordance;
pub mod documents;
pub mod finder;
pub mod help;

pub use command_line::CommandLine;
pub use concordance::Concordance;
pub use documents::Documents;
pub use finder::Finder;
pub use help::Help;

use super::text_search::Haystacks;
use super::{Action, App, Mode};
use crate::model::{EntityId, MentionId, Model, ParagraphId};
use crate::query::names::EntitySearch;

/// The overlay open over the panes.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help(Help),
    Finder(Finder),
    Documents(Documents),
    CommandLine(CommandLine),
    Concordance(Concordance),
}

impl Overlay {
    /// The mode it puts the explorer in: which keymap applies.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Finder(_) => Mode::Finder,
            Overlay::Documents(_) => Mode::Documents,
            Overlay::Help(_) => Mode::Help,
            Overlay::CommandLine(_) => Mode::Command,
            Overlay::Concordance(_) => Mode::Concordance,
        }
    }

    /// Answers an action.
    pub fn handle(&mut self, action: Action, cx: &Context<'_>) -> Outcome {
        match self {
            Overlay::Help(help) => help.handle(action, cx),
            Overlay::Finder(finder) => finder.handle(action, cx),
            Overlay::Documents(list) => list.handle(action, cx),
            Overlay::CommandLine(line) => line.handle(action, cx),
            Overlay::Concordance(concordance) => concordance.handle(action, cx),
        }
    }
}

/// The open overlay of each kind, for the view and for tests.
impl App {
    /// The finder, while it is open.
    pub fn finder(&self) -> Option<&Finder> {
        match &self.overlay {
            Some(Overlay::Finder(f)) => Some(f),
            _ => None,
        }
    }

    /// How far the help is scrolled, while it is open.
    pub fn help(&self) -> Option<usize> {
        match &self.overlay {
            Some(Overlay::Help(h)) => Some(h.scroll),
            _ => None,
        }
    }

    /// The document selected in the document list, while it is open.
    pub fn documents(&self) -> Option<usize> {
        match &self.overlay {
            Some(Overlay::Documents(d)) => Some(d.selected),
            _ => None,
        }
    }

    /// The concordance, while it is open.
    pub fn concordance(&self) -> Option<&Concordance> {
        match &self.overlay {
            Some(Overlay::Concordance(c)) => Some(c),
            _ => None,
        }
    }

    /// The `:` line as typed so far, while it is open.
    pub fn command_line(&self) -> Option<&str> {
        match &self.overlay {
            Some(Overlay::CommandLine(c)) => Some(&c.line),
            _ => None,
        }
    }
}

/// What an overlay made of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not the overlay's: the reader carries it out (with the overlay open).
    Pass,
    /// Done; the overlay stays open.
    Stay,
    /// Done; the overlay stays open, and says something.
    Say(String),
    /// Done; the overlay closes.
    Close,
    /// The overlay closes, and the reader goes on with this.
    Then(Follow),
}

/// What the reader does when an overlay closes on a choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Follow {
    /// Make an entity current and go to its first mention.
    Entity(EntityId),
    /// Make an entity current and jump to one of its mentions.
    Mention(EntityId, MentionId),
    /// Go to a paragraph (a jump).
    Paragraph(ParagraphId),
    /// Start walking a text search at one of its hits.
    Search(String, crate::query::text::Hit),
    /// Run a `:` command line.
    Line(String),
    /// Open the `:` line with this typed, for the reader to finish.
    Prompt(String),
    /// Quit (asking first when edits are unsaved).
    Quit,
    /// Nothing more than a message.
    Say(String),
}

/// What an overlay may read of the app while it answers.
pub struct Context<'a> {
    pub model: &'a Model,
    pub search: &'a EntitySearch,
    pub haystack: &'a Haystacks,
    pub keymap: &'a super::keymap::Keymap,
    /// Kinds present, in catalog order.
    pub kinds: &'a [String],
    /// The current entity.
    pub entity: Option<EntityId>,
    pub screen: crate::app::geometry::Rect,
}
