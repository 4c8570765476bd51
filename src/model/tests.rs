use super::EntityId as E;
use super::*;

fn entity(id: &str) -> Entity {
    Entity {
        id: id.into(),
        name: id.to_uppercase(),
        kind: "other".into(),
        aliases: vec![format!("{id}-alias")],
        description: String::new(),
        confidence: None,
    }
}

/// Three paragraphs; a in 0 and 2, b in 0 and 1, c in 2.
fn sample() -> Model {
    let document = Document {
        title: "t".into(),
        source: String::new(),
        paragraphs: vec![
            Paragraph::new("a b"),
            Paragraph::new("b"),
            Paragraph::new("c a"),
        ],
        parts: Vec::new(),
    };
    let mentions = vec![
        Mention::at(2, 2, 3, 0),
        Mention::at(0, 0, 1, 0),
        Mention::at(1, 0, 1, 1),
        Mention::at(0, 2, 3, 1),
        Mention::at(2, 0, 1, 2),
    ];
    let relations = vec![Relation {
        source: E(0),
        target: E(2),
        label: "knows".into(),
        evidence: vec![2],
        derived: false,
        notes: Vec::new(),
    }];
    Model::new(
        document,
        vec![entity("a"), entity("b"), entity("c")],
        mentions,
        relations,
    )
}

#[test]
fn mentions_are_kept_in_reading_order() {
    let m = sample();
    let order: Vec<(usize, usize)> = m
        .mentions()
        .iter()
        .map(|x| (x.paragraph, x.start))
        .collect();
    assert_eq!(order, [(0, 0), (0, 2), (1, 0), (2, 0), (2, 2)]);
}

#[test]
fn mentions_of_an_entity_follow_reading_order() {
    let m = sample();
    let of_a: Vec<(usize, usize)> = m
        .mentions_of(E(0))
        .iter()
        .map(|&id| (m.mentions()[id].paragraph, m.mentions()[id].start))
        .collect();
    assert_eq!(of_a, [(0, 0), (2, 2)]);
}

#[test]
fn mentions_in_a_paragraph() {
    let m = sample();
    assert_eq!(m.mentions_in(1).len(), 1);
    assert_eq!(
        m.mentions_in(2)
            .iter()
            .map(|x| x.entity)
            .collect::<Vec<_>>(),
        [E(2), E(0)]
    );
}

#[test]
fn relations_are_indexed_both_ways() {
    let m = sample();
    assert_eq!(m.outgoing(E(0)), [0]);
    assert_eq!(m.incoming(E(2)), [0]);
    assert!(m.incoming(E(0)).is_empty());
    assert!(m.outgoing(E(1)).is_empty());
}

#[test]
fn co_mentions_count_shared_paragraphs_most_first() {
    let m = sample();
    assert_eq!(m.co_mentioned(E(0)), [(E(1), 1), (E(2), 1)]);
    assert_eq!(m.co_mentioned(E(1)), [(E(0), 1)]);
    assert_eq!(m.paragraphs_of(E(0)), [0, 2]);
}

fn bare(mentions: Vec<Mention>, entities: usize) -> Model {
    let document = Document {
        paragraphs: (0..3).map(|_| Paragraph::new("x".repeat(400))).collect(),
        ..Document::default()
    };
    let entities = (0..entities)
        .map(|i| Entity {
            id: format!("e{i}"),
            name: format!("E{i}"),
            kind: "other".into(),
            aliases: Vec::new(),
            description: String::new(),
            confidence: None,
        })
        .collect();
    Model::new(document, entities, mentions, Vec::new())
}

fn at(paragraph: usize, start: usize, entity: usize) -> Mention {
    Mention {
        paragraph,
        start,
        end: start + 1,
        entity: E(entity),
    }
}

#[test]
fn co_mentions_become_derived_relations_with_evidence() {
    let m = bare(
        vec![
            at(0, 0, 0),
            at(0, 2, 1),
            at(0, 4, 0),
            at(1, 0, 1),
            at(1, 2, 0),
            at(1, 4, 2),
        ],
        3,
    );
    assert!(m.derives_relations());
    let relations = m.derived_relations();
    let pairs: Vec<(EntityId, EntityId, Vec<ParagraphId>)> = relations
        .iter()
        .map(|r| (r.source, r.target, r.evidence.clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            (E(0), E(1), vec![0, 1]),
            (E(0), E(2), vec![1]),
            (E(1), E(2), vec![1])
        ]
    );
    assert!(
        relations
            .iter()
            .all(|r| r.derived && r.label == "co-mentioned")
    );
    // The same answer per entity, on demand.
    assert_eq!(m.co_mentioned(E(0)), [(E(1), 2), (E(2), 1)]);
    assert_eq!(m.co_mentioned(E(2)), [(E(0), 1), (E(1), 1)]);
}

#[test]
fn a_paragraph_naming_thousands_of_entities_co_mentions_within_windows() {
    let mentions: Vec<Mention> = (0..300).map(|i| at(0, i, i)).collect();
    let m = bare(mentions, 300);
    assert_eq!(m.co_mentioned(E(0)).len(), CO_MENTION_WINDOW - 1);
    assert_eq!(
        m.co_mentioned(E(299)).len(),
        300 - 4 * CO_MENTION_WINDOW - 1
    );
    let relations = m.derived_relations();
    let per_window = CO_MENTION_WINDOW * (CO_MENTION_WINDOW - 1) / 2;
    let last = 300 - 4 * CO_MENTION_WINDOW;
    assert_eq!(relations.len(), 4 * per_window + last * (last - 1) / 2);
}

#[test]
fn lookup_by_id_name_or_alias_ignores_case() {
    let m = sample();
    assert_eq!(m.lookup("b"), Some(E(1)));
    assert_eq!(m.lookup(" B "), Some(E(1)));
    assert_eq!(m.lookup("C-ALIAS"), Some(E(2)));
    assert_eq!(m.lookup("nobody"), None);
}

#[test]
fn mention_covering_a_position() {
    let m = sample();
    assert_eq!(m.mention_covering(0, 2), Some(MentionId(1)));
    assert_eq!(m.mention_covering(0, 1), None);
    assert_eq!(m.mention_at_or_after(0, 1), Some(MentionId(1)));
    assert_eq!(m.mention_at_or_after(2, 3), None);
}

#[test]
fn slices_count_characters_and_clamp() {
    let p = Paragraph::new("日本 Japan");
    assert_eq!(p.chars, 8);
    assert_eq!(p.slice(3..8), "Japan");
    assert_eq!(p.slice(5..99), "pan");
}

#[test]
fn derived_relations_on_demand_equal_the_eager_ones_on_the_bundled_article() {
    let model = crate::load::open_bundled().expect("bundled").model;
    // The eager rule: every pair of entities sharing a paragraph.
    let mut eager: std::collections::BTreeMap<(EntityId, EntityId), Vec<ParagraphId>> =
        std::collections::BTreeMap::default();
    for p in 0..model.paragraph_count() {
        let mut present: Vec<EntityId> = model.mentions_in(p).iter().map(|m| m.entity).collect();
        present.sort_unstable();
        present.dedup();
        for (i, &a) in present.iter().enumerate() {
            for &b in &present[i + 1..] {
                eager.entry((a, b)).or_default().push(p);
            }
        }
    }
    let mut lazy: Vec<((EntityId, EntityId), Vec<ParagraphId>)> = model
        .derived_relations()
        .into_iter()
        .map(|r| ((r.source, r.target), r.evidence))
        .collect();
    lazy.sort();
    let eager: Vec<_> = eager.into_iter().collect();
    assert!(!eager.is_empty());
    assert_eq!(lazy, eager);
    for e in (0..model.entities.len()).map(E) {
        let mut per_entity: Vec<(EntityId, usize)> = model.co_mentioned(e).to_vec();
        per_entity.sort_unstable();
        let mut expected: Vec<(EntityId, usize)> = lazy
            .iter()
            .filter_map(|((a, b), ev)| match (*a == e, *b == e) {
                (true, _) => Some((*b, ev.len())),
                (_, true) => Some((*a, ev.len())),
                _ => None,
            })
            .collect();
        expected.sort_unstable();
        assert_eq!(per_entity, expected, "entity {e}");
    }
}

#[test]
fn spans_are_sliced_whatever_their_order_and_nesting() {
    let text = "Ñew York City is big. Paris is old.";
    let mut slicer = super::SpanSlicer::new(text);
    // Nested, then one starting inside the last, identical twice, then back
    // to the start (out of order).
    assert_eq!(slicer.slice(0..8), "Ñew York");
    assert_eq!(slicer.slice(0..13), "Ñew York City");
    assert_eq!(slicer.slice(4..8), "York");
    assert_eq!(slicer.slice(22..27), "Paris");
    assert_eq!(slicer.slice(22..27), "Paris");
    assert_eq!(slicer.slice(1..3), "ew");
    assert_eq!(slicer.slice(31..99), "old.");
}

#[test]
fn the_innermost_of_nested_mentions_covers_a_position() {
    let document = Document {
        title: "t".into(),
        paragraphs: vec![Paragraph::new("New York City is big.")],
        ..Document::default()
    };
    let entities = (0..3)
        .map(|i| Entity {
            id: format!("e{i}"),
            name: format!("e{i}"),
            kind: "place".into(),
            aliases: vec![],
            description: String::new(),
            confidence: None,
        })
        .collect();
    let m = Model::new(
        document,
        entities,
        vec![
            Mention::at(0, 0, 13, 0),
            Mention::at(0, 0, 8, 1),
            Mention::at(0, 4, 8, 2),
        ],
        vec![],
    );
    // In reading order: 0..8, 0..13, 4..8.
    assert_eq!(m.mention_covering(0, 1), Some(MentionId(0)));
    assert_eq!(m.mention_covering(0, 5), Some(MentionId(2)));
    assert_eq!(m.mention_covering(0, 10), Some(MentionId(1)));
    assert_eq!(m.mention_covering(0, 14), None);
    assert_eq!(m.mention_covering(3, 0), None, "no such paragraph");
}
