//! The text search of the explorer: what the finder previews under its
//! entities ("text: 17 matches in 9 paragraphs"), and, once a text hit is
//! chosen, the search that `n`/`N` walk and the text pane highlights.

use crate::model::{Model, ParagraphId};
use crate::query::text::{Found, Hit, Query};

/// How many text hits the finder shows.
pub const PREVIEW: usize = 5;
/// The most hits a search keeps for `n`/`N` (the count goes on).
const KEPT: usize = 100_000;

/// A search being walked with `n`/`N`.
#[derive(Debug, Clone)]
pub struct Searching {
    pub query: String,
    pub found: Found,
    /// The hit the reader is on.
    pub current: usize,
}

/// The finder's preview for a query: none for a query under two
/// characters; an error for a bad regular expression.
pub fn preview(model: &Model, haystack: &Haystacks, query: &str) -> Option<Result<Found, String>> {
    if query.trim().chars().count() < 2 {
        return None;
    }
    Some(find(model, haystack, query.trim(), PREVIEW))
}

/// The document's text laid out for searching, made on the first search.
#[derive(Debug, Default)]
pub struct Haystacks(std::cell::OnceCell<crate::query::text::Haystack>);

impl Haystacks {
    fn get(&self, model: &Model) -> &crate::query::text::Haystack {
        self.0
            .get_or_init(|| crate::query::text::Haystack::of(model))
    }
}

/// Searches the model, in memory or through its store's full-text index.
pub fn find(
    model: &Model,
    haystack: &Haystacks,
    query: &str,
    keep: usize,
) -> Result<Found, String> {
    if let Some(found) = model.find_text(query, keep) {
        let (hits, paragraphs) = found?;
        return Ok(Found {
            hits: hits
                .into_iter()
                .map(|(paragraph, chars)| Hit { paragraph, chars })
                .collect(),
            total: paragraphs,
            paragraphs,
            by_paragraph: true,
        });
    }
    let parsed = Query::parse(query)?;
    Ok(crate::query::text::search(
        haystack.get(model),
        &parsed,
        keep,
    ))
}

impl Searching {
    /// Starts a search on the hit chosen in the finder.
    pub fn start(
        model: &Model,
        haystack: &Haystacks,
        query: &str,
        at: &Hit,
    ) -> Result<Searching, String> {
        let found = find(model, haystack, query, KEPT)?;
        let current = found.hits.iter().position(|h| h == at).unwrap_or_default();
        Ok(Searching {
            query: query.to_string(),
            found,
            current,
        })
    }

    /// The next (or previous) hit, wrapping around: from the current hit
    /// (`from` is `None`), or from a place in the text (the top or bottom
    /// of the view): forward the first at or after it, back the last before.
    pub fn step(
        &mut self,
        forward: bool,
        from: Option<(ParagraphId, usize)>,
    ) -> Option<(&Hit, bool)> {
        let hits = &self.found.hits;
        if hits.is_empty() {
            return None;
        }
        let here = |h: &Hit| (h.paragraph, h.chars.start);
        let on = from.is_none();
        let from = from.unwrap_or_default();
        let (next, wrapped) = if forward {
            let after = if on {
                self.current + 1
            } else {
                hits.partition_point(|h| here(h) < from)
            };
            if after < hits.len() {
                (after, false)
            } else {
                (0, true)
            }
        } else {
            let before = if on {
                self.current
            } else {
                hits.partition_point(|h| here(h) < from)
            };
            match before.checked_sub(1) {
                Some(i) => (i, false),
                None => (hits.len() - 1, true),
            }
        };
        self.current = next;
        Some((&hits[next], wrapped))
    }

    /// The hits inside one paragraph, for highlighting.
    pub fn in_paragraph(&self, paragraph: ParagraphId) -> &[Hit] {
        let hits = &self.found.hits;
        let from = hits.partition_point(|h| h.paragraph < paragraph);
        let to = hits.partition_point(|h| h.paragraph <= paragraph);
        &hits[from..to]
    }

    /// "search \"surveillance\" · 3 of 17".
    pub fn status(&self) -> String {
        let of = if self.found.by_paragraph {
            format!("{} paragraphs", self.found.total)
        } else {
            self.found.total.to_string()
        };
        format!("search \"{}\" · {} of {of}", self.query, self.current + 1)
    }
}
