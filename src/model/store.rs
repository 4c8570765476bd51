//! Where a model's text and mentions live when they are not all in memory:
//! an on-disk index that answers for the paragraphs on screen and the
//! current entity's mentions. The model asks it through [`Store`] and the
//! explorer never knows which it has.

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
pub type CoMentions = (Rc<[(EntityId, usize)]>, Option<(usize, usize)>);

/// Text hits, (paragraph, character range), and the paragraphs matching.
pub type TextHits = (Vec<(ParagraphId, std::ops::Range<usize>)>, usize);

/// The part of a model kept outside memory. Paragraph and mention ids are
/// the same as an in-memory model of the same corpus would give.
pub trait Store: std::fmt::Debug {
    fn paragraph_count(&self) -> usize;
    fn paragraph(&self, paragraph: ParagraphId) -> Rc<Paragraph>;
    fn mention_count(&self) -> usize;
    /// The mentions of a paragraph in reading order, and the id of the first.
    fn mentions_in(&self, paragraph: ParagraphId) -> (MentionId, Rc<[Mention]>);
    fn mention(&self, mention: MentionId) -> Mention;
    /// How many mentions start before a position: the id of the first at or after it.
    fn mentions_before(&self, paragraph: ParagraphId, char_pos: usize) -> MentionId;
    /// The first mention ending after a position, if any.
    fn mention_at_or_after(&self, paragraph: ParagraphId, char_pos: usize) -> Option<MentionId>;
    /// An entity's mentions in reading order.
    fn mentions_of(&self, entity: EntityId) -> Rc<[MentionId]>;
    /// The paragraphs an entity is mentioned in, in order, without repeats.
    fn paragraphs_of(&self, entity: EntityId) -> Rc<[ParagraphId]>;
    /// Per document the entity appears in: (document, mentions).
    fn parts_of(&self, entity: EntityId) -> Vec<(usize, usize)>;
    /// How many mentions an entity has, without fetching them.
    fn mention_total(&self, entity: EntityId) -> usize;
    /// An entity's first mention, without fetching the others.
    fn first_mention(&self, entity: EntityId) -> Option<MentionId>;
    /// Paragraphs that start a section or a document.
    fn sections(&self) -> &[ParagraphId];
    /// How many mentions a document (a part) holds.
    fn mentions_in_part(&self, part: usize) -> usize;
    /// Entities mentioned in the same paragraphs as `entity`, with the
    /// number of paragraphs shared, and, when the store looked at only some
    /// of its documents, how many of how many.
    fn co_mentioned(&self, entity: EntityId) -> CoMentions;
    /// Searches the text through the store's own index: the first `keep`
    /// hits (0: all) as character ranges, and how many paragraphs match;
    /// an error for a query it cannot read.
    fn find_text(&self, query: &str, keep: usize) -> Result<TextHits, String>;
    /// The paragraphs two entities share (over the same sample as
    /// [`Store::co_mentioned`]).
    fn shared_paragraphs(&self, a: EntityId, b: EntityId) -> Vec<ParagraphId>;
    /// Whether the store changed on disk since it was opened (what is shown
    /// may then be out of date), as last found when reading from it.
    fn stale(&self) -> bool;
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
