//! Where a model's text and mentions live: in memory, or in an on-disk
//! index that answers for the paragraphs on screen and the current
//! entity's mentions. The model asks through [`Store`] and never knows
//! which it has.

use std::ops::Deref;
use std::rc::Rc;

use super::{EntityId, Mention, MentionId, Paragraph, ParagraphId};

/// A value the model lends from memory, or shares from a store's cache.
#[derive(Debug)]
pub enum Shared<'a, T: ?Sized> {
    Borrowed(&'a T),
    Owned(Rc<T>),
}

impl<T: ?Sized> Deref for Shared<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Shared::Borrowed(t) => t,
            Shared::Owned(t) => t,
        }
    }
}

impl<T: ?Sized> Clone for Shared<'_, T> {
    fn clone(&self) -> Self {
        match self {
            Shared::Borrowed(t) => Shared::Borrowed(t),
            Shared::Owned(t) => Shared::Owned(Rc::clone(t)),
        }
    }
}

/// Co-mentioned entities with the paragraphs shared, and the sample they
/// were counted over (documents looked at, of how many), if not all.
pub type CoMentions<'a> = (Shared<'a, [(EntityId, usize)]>, Option<(usize, usize)>);

/// Text hits, (paragraph, character range), and the paragraphs matching.
pub type TextHits = (Vec<(ParagraphId, std::ops::Range<usize>)>, usize);

/// Where a model's text and mentions are: in memory ([`super::Memory`]) or
/// in an on-disk index. Every reader of a model goes through this, so none
/// can tell which it has. Paragraph and mention ids are the same either way.
pub trait Store: std::fmt::Debug {
    fn paragraph_count(&self) -> usize;
    fn paragraph(&self, paragraph: ParagraphId) -> Shared<'_, Paragraph>;
    /// Every paragraph in order (from an index, read in full: for writers
    /// and the linker, not for keypresses).
    fn text(&self) -> Shared<'_, [Paragraph]>;
    fn mention_count(&self) -> usize;
    /// Every mention in reading order (from an index, read in full: for
    /// writers, not for keypresses).
    fn mentions(&self) -> Shared<'_, [Mention]>;
    /// The mentions of a paragraph in reading order, and the id of the first.
    fn mentions_in(&self, paragraph: ParagraphId) -> (MentionId, Shared<'_, [Mention]>);
    fn mention(&self, mention: MentionId) -> Mention;
    /// How many mentions start before a position: the id of the first at or after it.
    fn mentions_before(&self, paragraph: ParagraphId, char_pos: usize) -> MentionId;
    /// The first mention ending after a position, if any.
    fn mention_at_or_after(&self, paragraph: ParagraphId, char_pos: usize) -> Option<MentionId>;
    /// An entity's mentions in reading order.
    fn mentions_of(&self, entity: EntityId) -> Shared<'_, [MentionId]>;
    /// The paragraphs an entity is mentioned in, in order, without repeats.
    fn paragraphs_of(&self, entity: EntityId) -> Shared<'_, [ParagraphId]>;
    /// Per document of a corpus the entity appears in: (document, mentions).
    fn parts_of(&self, entity: EntityId) -> Shared<'_, [(usize, usize)]>;
    /// How many mentions an entity has, without fetching them.
    fn mention_total(&self, entity: EntityId) -> usize;
    /// An entity's first mention, without fetching the others.
    fn first_mention(&self, entity: EntityId) -> Option<MentionId>;
    /// Paragraphs that start a section or a document.
    fn sections(&self) -> &[ParagraphId];
    /// How many mentions a document (a part) holds.
    fn mentions_in_part(&self, part: usize) -> usize;
    /// Entities mentioned in the same paragraphs as `entity`, with the
    /// number of paragraphs shared, most shared first, and, when the store
    /// looked at only some of its documents, how many of how many.
    fn co_mentioned(&self, entity: EntityId) -> CoMentions<'_>;
    /// Searches the text through the store's own full-text index, if it
    /// has one: the first `keep` hits (0: all) as character ranges, and how
    /// many paragraphs match; an error for a query it cannot read. `None`:
    /// no index of its own (the explorer searches the text it lays out).
    fn find_text(&self, query: &str, keep: usize) -> Option<Result<TextHits, String>>;
    /// The paragraphs two entities share (over the same sample as
    /// [`Store::co_mentioned`]).
    fn shared_paragraphs(&self, a: EntityId, b: EntityId) -> Vec<ParagraphId>;
    /// Whether the store changed on disk since it was opened (what is shown
    /// may then be out of date), as last found when reading from it.
    fn stale(&self) -> bool;
}

impl<T: PartialEq + ?Sized> PartialEq for Shared<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: PartialEq, const N: usize> PartialEq<[T; N]> for Shared<'_, [T]> {
    fn eq(&self, other: &[T; N]) -> bool {
        **self == other[..]
    }
}

impl<T: PartialEq> PartialEq<[T]> for Shared<'_, [T]> {
    fn eq(&self, other: &[T]) -> bool {
        **self == *other
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for Shared<'_, [T]> {
    fn eq(&self, other: &Vec<T>) -> bool {
        **self == other[..]
    }
}
