//! The finder (`/`): entities ranked as the query is typed, the text's
//! matches previewed below them; `Enter` goes to the one chosen.

use super::{Context, Follow, Outcome};
use crate::app::{Action, Command, text_search};
use crate::model::{EntityId, Model};
use crate::query::names::Hit;

/// How many hits the finder keeps.
const FINDER_HITS: usize = 100;

/// The fuzzy finder opened with `/`.
#[derive(Debug, Clone, Default)]
pub struct Finder {
    pub query: String,
    pub hits: Vec<Hit>,
    /// The text's matches for the query, previewed below the entities
    /// (none under two characters; an error for a bad pattern).
    pub text: Option<Result<crate::query::text::Found, String>>,
    /// Index into the entity hits, then into the text hits shown.
    pub selected: usize,
}

impl Finder {
    /// The finder opened, on what an empty query finds.
    pub fn open(cx: &Context<'_>) -> Finder {
        let mut finder = Finder::default();
        finder.refresh(cx);
        finder
    }

    /// The text hits shown, chosen after the entities.
    pub fn text_hits(&self) -> &[crate::query::text::Hit] {
        match &self.text {
            Some(Ok(found)) => &found.hits,
            _ => &[],
        }
    }

    /// How many rows can be chosen.
    pub fn rows(&self) -> usize {
        self.hits.len() + self.text_hits().len()
    }

    fn refresh(&mut self, cx: &Context<'_>) {
        self.hits = cx.search.search(&self.query, FINDER_HITS);
        also_by_kind_or_description(cx.model, &self.query, &mut self.hits);
        self.text = text_search::preview(cx.model, cx.haystack, &self.query);
        self.selected = 0;
    }

    pub fn handle(&mut self, action: Action, cx: &Context<'_>) -> Outcome {
        let command = match action {
            Action::Type(c) => {
                self.query.push(c);
                self.refresh(cx);
                return Outcome::Stay;
            }
            Action::Run(command) => command,
            _ => return Outcome::Pass,
        };
        match command {
            Command::FinderBackspace => {
                self.query.pop();
                self.refresh(cx);
            }
            Command::FinderClear => {
                self.query.clear();
                self.refresh(cx);
            }
            Command::FinderUp => self.selected = self.selected.saturating_sub(1),
            Command::FinderDown => {
                self.selected = (self.selected + 1).min(self.rows().saturating_sub(1));
            }
            // With thousands of entities, the text hits are one key away.
            Command::FinderText => {
                let first_text = self.hits.len();
                self.selected = if self.selected >= first_text || self.text_hits().is_empty() {
                    0
                } else {
                    first_text
                };
            }
            Command::FinderAccept => return Outcome::Then(self.accept()),
            _ => return Outcome::Pass,
        }
        Outcome::Stay
    }

    /// What `Enter` chooses.
    fn accept(&self) -> Follow {
        let text = self.selected.checked_sub(self.hits.len());
        match (
            self.hits.get(self.selected),
            text.and_then(|i| self.text_hits().get(i)),
        ) {
            (Some(hit), _) => Follow::Entity(hit.entity),
            (None, Some(hit)) => Follow::Search(self.query.clone(), hit.clone()),
            (None, None) => Follow::Say(match &self.text {
                Some(Err(message)) => message.clone(),
                _ => format!("nothing matches \"{}\"", self.query),
            }),
        }
    }
}

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
