use super::*;

fn bundled() -> Model {
    crate::load::open_bundled()
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

fn ids(search: &EntitySearch, model: &Model, query: &str) -> Vec<String> {
    search
        .search(query, 100)
        .iter()
        .map(|h| model.entities[h.entity].id.clone())
        .collect()
}

#[test]
fn space_separated_terms_must_all_match() {
    let model = bundled();
    let search = EntitySearch::new(&model);
    let nz = ids(&search, &model, "new zea");
    assert_eq!(nz[0], "new-zealand");
    assert_eq!(
        nz.len(),
        2,
        "the agreement's name is Japan-New Zealand…: {nz:?}"
    );
    let both = ids(&search, &model, "pac isl");
    assert!(
        both.contains(&"pacific-islands-forum".to_string()),
        "{both:?}"
    );
    assert!(!both.contains(&"pacific".to_string()), "{both:?}");
}

#[test]
fn exact_prefix_suffix_and_negated_terms() {
    let model = bundled();
    let search = EntitySearch::new(&model);
    let prefix = ids(&search, &model, "^pacific");
    assert!(
        prefix.iter().all(|id| id.starts_with("pacific")),
        "{prefix:?}"
    );
    assert!(prefix.contains(&"pacific".to_string()));
    let suffix = ids(&search, &model, "sea$");
    assert!(
        suffix.contains(&"south-china-sea".to_string()),
        "{suffix:?}"
    );
    assert!(!suffix.contains(&"japan".to_string()));
    let not_forum = ids(&search, &model, "^pacific !forum");
    assert!(
        !not_forum.contains(&"pacific-islands-forum".to_string()),
        "{not_forum:?}"
    );
    assert!(not_forum.contains(&"pacific".to_string()));
    let exact = ids(&search, &model, "'zeal");
    assert_eq!(exact[0], "new-zealand");
    assert!(ids(&search, &model, "'zxq").is_empty());
    let either = ids(&search, &model, "^japan | ^china");
    assert!(either.contains(&"japan".to_string()) && either.contains(&"china".to_string()));
}

#[test]
fn smart_case_makes_a_capital_letter_count() {
    let model = bundled();
    let search = EntitySearch::new(&model);
    assert!(ids(&search, &model, "quad").contains(&"quad".to_string()));
    assert!(ids(&search, &model, "QUAD").contains(&"quad".to_string()));
    assert!(
        ids(&search, &model, "'QuAD").is_empty(),
        "no name writes QuAD"
    );
    assert!(!ids(&search, &model, "'quad").is_empty());
}

#[test]
fn a_growing_query_gives_what_a_fresh_search_gives() {
    let model = bundled();
    let search = EntitySearch::new(&model);
    let mut typed = String::new();
    for c in "new zealand".chars() {
        typed.push(c);
        let incremental = search.search(&typed, 50);
        let fresh = EntitySearch::new(&model).search(&typed, 50);
        assert_eq!(incremental, fresh, "after {typed:?}");
    }
    // Backspace and a different query start afresh.
    assert_eq!(
        search.search("new", 50),
        EntitySearch::new(&model).search("new", 50)
    );
    assert_eq!(
        search.search("!new", 50),
        EntitySearch::new(&model).search("!new", 50)
    );
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
