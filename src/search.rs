//! Fuzzy ranking of entities by their names and aliases.
//!
//! Skim's subsequence scoring (as in fzf) ranks what the user typed against
//! every name; when nothing contains the letters in order (a real typo such
//! as "kisheda"), names are ranked by similarity instead, so a misspelt
//! query still finds its entity.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{EntityId, Model};

/// One ranked entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entity: EntityId,
    /// The name or alias that matched best.
    pub name: String,
    /// Higher is better; comparable only within one search.
    pub score: i64,
    /// Character positions of `name` that matched the query.
    pub positions: Vec<usize>,
}

/// Ranks the entities of one model. Built once; each search is one pass over
/// the names.
pub struct EntitySearch {
    matcher: SkimMatcherV2,
    /// (entity, name) for every name and alias.
    names: Vec<(EntityId, String)>,
    /// Mention count per entity, for ordering ties and the empty query.
    weight: Vec<usize>,
}

impl EntitySearch {
    pub fn new(model: &Model) -> Self {
        let names = model
            .entities
            .iter()
            .enumerate()
            .flat_map(|(id, e)| e.names().map(move |n| (id, n.to_string())))
            .collect();
        let weight = (0..model.entities.len())
            .map(|e| model.mentions_of(e).len())
            .collect();
        EntitySearch {
            matcher: SkimMatcherV2::default().ignore_case(),
            names,
            weight,
        }
    }

    /// The best `limit` entities for `query`, best first, one hit per entity.
    /// An empty query lists entities by mention count.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        let mut best: Vec<Option<Hit>> = vec![None; self.weight.len()];
        let consider = |best: &mut Vec<Option<Hit>>, hit: Hit| {
            let slot = &mut best[hit.entity];
            if slot.as_ref().is_none_or(|b| hit.score > b.score) {
                *slot = Some(hit);
            }
        };
        if query.is_empty() {
            for (entity, name) in &self.names {
                if best[*entity].is_none() {
                    consider(
                        &mut best,
                        Hit {
                            entity: *entity,
                            name: name.clone(),
                            score: 0,
                            positions: Vec::new(),
                        },
                    );
                }
            }
        } else {
            for (entity, name) in &self.names {
                if let Some((score, positions)) = self.matcher.fuzzy_indices(name, query) {
                    consider(
                        &mut best,
                        Hit {
                            entity: *entity,
                            name: name.clone(),
                            score,
                            positions,
                        },
                    );
                }
            }
            if best.iter().all(Option::is_none) {
                for (entity, name) in &self.names {
                    if let Some(score) = typo_score(query, name) {
                        consider(
                            &mut best,
                            Hit {
                                entity: *entity,
                                name: name.clone(),
                                score,
                                positions: Vec::new(),
                            },
                        );
                    }
                }
            }
        }
        let mut hits: Vec<Hit> = best.into_iter().flatten().collect();
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(self.weight[b.entity].cmp(&self.weight[a.entity]))
                .then(a.name.cmp(&b.name))
        });
        hits.truncate(limit);
        hits
    }
}

/// Similarity of a misspelt query to a name or to any word of it, scaled to
/// 0..=100; `None` when too different to be worth showing.
fn typo_score(query: &str, name: &str) -> Option<i64> {
    let query = query.to_lowercase();
    let name = name.to_lowercase();
    let best = std::iter::once(name.as_str())
        .chain(name.split_whitespace())
        .map(|word| {
            // Compare with the word's prefix too, for fragments ("kisheda" in "kishida's").
            let prefix: String = word.chars().take(query.chars().count()).collect();
            strsim::jaro_winkler(&query, word).max(strsim::jaro_winkler(&query, &prefix))
        })
        .fold(0.0, f64::max);
    (best >= 0.8).then(|| (best * 100.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats;

    fn bundled() -> Model {
        formats::open_bundled()
            .expect("bundled article loads")
            .model
    }

    fn first(search: &EntitySearch, model: &Model, query: &str) -> String {
        let hits = search.search(query, 5);
        model.entities[hits[0].entity].id.clone()
    }

    #[test]
    fn fragments_of_names_and_aliases_find_their_entity() {
        let model = bundled();
        let search = EntitySearch::new(&model);
        assert_eq!(first(&search, &model, "luxn"), "christopher-luxon");
        assert_eq!(first(&search, &model, "5eyes"), "five-eyes");
        assert_eq!(first(&search, &model, "quad"), "quad");
        assert_eq!(first(&search, &model, "hokk"), "hokkaido-university");
    }

    #[test]
    fn a_misspelt_name_still_finds_its_entity() {
        let model = bundled();
        let search = EntitySearch::new(&model);
        assert_eq!(first(&search, &model, "kisheda"), "fumio-kishida");
        assert_eq!(first(&search, &model, "nobel raven"), "noble-raven-24");
    }

    #[test]
    fn one_hit_per_entity_with_matched_positions() {
        let model = bundled();
        let search = EntitySearch::new(&model);
        let hits = search.search("japan", 50);
        let mut entities: Vec<EntityId> = hits.iter().map(|h| h.entity).collect();
        entities.dedup();
        assert_eq!(entities.len(), hits.len());
        assert_eq!(model.entities[hits[0].entity].id, "japan");
        assert_eq!(hits[0].positions, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn empty_query_lists_most_mentioned_first() {
        let model = bundled();
        let search = EntitySearch::new(&model);
        let hits = search.search("", 3);
        assert_eq!(hits.len(), 3);
        let counts: Vec<usize> = hits
            .iter()
            .map(|h| model.mentions_of(h.entity).len())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    }
}
