use super::*;
use crate::model::{Document, Model, Paragraph};

fn entity(id: &str, name: &str, kind: &str, aliases: &[&str]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
        description: String::new(),
        confidence: None,
    }
}

/// "Jacinda Ardern met Japan's leaders in Tokyo." / "Ardern said Japan and Nippon agree."
fn model() -> Model {
    let document = Document {
        title: "t".into(),
        paragraphs: vec![
            Paragraph::new("Jacinda Ardern met Japan's leaders in Tokyo."),
            Paragraph::new("Ardern said Japan and Nippon agree."),
        ],
        ..Document::default()
    };
    let entities = vec![
        entity("ardern", "Jacinda Ardern", "person", &["Ardern"]),
        entity("japan", "Japan", "country", &["Nippon"]),
        entity("tokyo", "Tokyo", "other", &[]),
    ];
    let mentions = vec![
        Mention::at(0, 0, 14, 0),
        Mention::at(0, 19, 24, 1),
        Mention::at(0, 38, 43, 2),
        Mention::at(1, 0, 6, 0),
        Mention::at(1, 12, 17, 1),
        Mention::at(1, 22, 28, 1),
    ];
    let relations = vec![Relation {
        source: EntityId(2),
        target: EntityId(1),
        label: "capital of".into(),
        evidence: vec![0],
        derived: false,
        notes: Vec::new(),
    }];
    Model::new(document, entities, mentions, relations)
}

fn names(model: &Model) -> Vec<&str> {
    model.entities.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn dropping_an_entity_takes_its_mentions_and_relations_and_renumbers_the_rest() {
    let mut m = model();
    let mut h = History::new();
    let done = h.record(&mut m, Edit::Drop(EntityId(1))).expect("applies");
    assert_eq!(done.message, "dropped \"Japan\" and its 3 mentions");
    assert_eq!(names(&m), ["Jacinda Ardern", "Tokyo"]);
    assert_eq!(m.mentions().len(), 3);
    assert!(m.relations.is_empty());
    assert_eq!(m.mentions_of(EntityId(1)).len(), 1, "Tokyo is entity 1 now");
    assert_eq!(m.lookup("tokyo"), Some(EntityId(1)));
}

#[test]
fn renaming_keeps_the_old_name_as_an_alias_while_the_text_writes_it() {
    let mut m = model();
    let mut h = History::new();
    let done = h
        .record(
            &mut m,
            Edit::Rename {
                entity: EntityId(2),
                name: "Tōkyō".into(),
            },
        )
        .expect("applies");
    assert!(
        done.message.contains("kept as an alias"),
        "{}",
        done.message
    );
    assert_eq!(m.entities[2].name, "Tōkyō");
    assert_eq!(m.entities[2].aliases, ["Tokyo"]);
    // A name another entity has is refused, pointing at merge.
    let refused = h
        .record(
            &mut m,
            Edit::Rename {
                entity: EntityId(2),
                name: "nippon".into(),
            },
        )
        .expect_err("refused");
    assert_eq!(
        refused,
        "\"nippon\" already names Japan: merge them instead (:merge)"
    );
    assert_eq!(
        m.entities[2].name, "Tōkyō",
        "a refused edit changes nothing"
    );
    // Renaming to an alias swaps them.
    h.record(
        &mut m,
        Edit::Rename {
            entity: EntityId(0),
            name: "Ardern".into(),
        },
    )
    .expect("applies");
    assert_eq!(m.entities[0].name, "Ardern");
    assert_eq!(m.entities[0].aliases, ["Jacinda Ardern"]);
}

#[test]
fn a_kind_is_lower_case_and_never_empty() {
    let mut m = model();
    let mut h = History::new();
    h.record(
        &mut m,
        Edit::Kind {
            entity: EntityId(2),
            kind: " Place ".into(),
        },
    )
    .expect("applies");
    assert_eq!(m.entities[2].kind, "place");
    let refused = h.record(
        &mut m,
        Edit::Kind {
            entity: EntityId(2),
            kind: " ".into(),
        },
    );
    assert!(
        refused
            .expect_err("refused")
            .starts_with("a kind needs a word")
    );
}

#[test]
fn merging_moves_names_mentions_and_relations_and_collapses_self_loops() {
    let mut m = model();
    let mut h = History::new();
    let done = h
        .record(
            &mut m,
            Edit::Merge {
                from: EntityId(2),
                into: EntityId(1),
            },
        )
        .expect("applies");
    assert_eq!(done.current, Some(EntityId(1)));
    assert_eq!(
        done.message,
        "merged \"Tokyo\" into \"Japan\" (1 mention moved; its name is an alias now)"
    );
    assert_eq!(names(&m), ["Jacinda Ardern", "Japan"]);
    assert_eq!(m.entities[1].aliases, ["Nippon", "Tokyo"]);
    assert_eq!(m.mentions_of(EntityId(1)).len(), 4);
    assert!(m.relations.is_empty(), "Tokyo → Japan became Japan → Japan");
    // Merging a later entity into an earlier one gives the earlier id.
    let mut m = model();
    let done = History::new()
        .record(
            &mut m,
            Edit::Merge {
                from: EntityId(0),
                into: EntityId(2),
            },
        )
        .expect("applies");
    assert_eq!(done.current, Some(EntityId(1)));
    assert_eq!(m.entities[1].name, "Tokyo");
}

#[test]
fn splitting_an_alias_moves_the_mentions_that_write_it() {
    let mut m = model();
    let mut h = History::new();
    let done = h
        .record(
            &mut m,
            Edit::Split {
                entity: EntityId(1),
                alias: "NIPPON".into(),
            },
        )
        .expect("applies");
    assert_eq!(done.current, Some(EntityId(3)));
    assert_eq!(m.entities[3].name, "Nippon");
    assert_eq!(m.entities[3].id, "nippon");
    assert_eq!(m.entities[3].kind, "country");
    assert!(m.entities[1].aliases.is_empty());
    assert_eq!(m.mentions_of(EntityId(3)).len(), 1);
    assert_eq!(m.mentions_of(EntityId(1)).len(), 2);
    let refused = h.record(
        &mut m,
        Edit::Split {
            entity: EntityId(0),
            alias: "Jacinda".into(),
        },
    );
    assert_eq!(
        refused.expect_err("refused"),
        "Jacinda Ardern has no alias \"Jacinda\"; its aliases: Ardern"
    );
}

#[test]
fn unlinking_and_linking_spans() {
    let mut m = model();
    let mut h = History::new();
    let ardern = Mention::at(1, 0, 6, 0);
    let done = h.record(&mut m, Edit::Unlink(ardern)).expect("applies");
    assert_eq!(
        done.message,
        "\"Ardern\" is no longer a mention of Jacinda Ardern"
    );
    assert_eq!(m.mentions().len(), 5);
    assert!(h.record(&mut m, Edit::Unlink(ardern)).is_err());
    // "leaders in Tokyo" linked to Tokyo replaces the mention it overlaps.
    let done = h
        .record(&mut m, Edit::Link(Mention::at(0, 27, 43, 2)))
        .expect("applies");
    assert_eq!(
        done.message,
        "\"leaders in Tokyo\" is now a mention of Tokyo (in place of 1 mention)"
    );
    assert_eq!(m.mention_text(&m.mentions()[2]), "leaders in Tokyo");
    // A new entity from a span.
    let done = h
        .record(
            &mut m,
            Edit::Create {
                paragraph: 0,
                start: 8,
                end: 14,
                name: "Ardern  family".into(),
                kind: "Group".into(),
            },
        )
        .expect("applies");
    assert_eq!(done.message, "new entity \"Ardern family\" (group)");
    assert_eq!(done.current, Some(EntityId(3)));
    assert_eq!(m.entities[3].id, "ardern-family");
    assert_eq!(
        m.mentions_in(0)
            .iter()
            .map(|x| x.entity.0)
            .collect::<Vec<_>>(),
        [3, 1, 2],
        "the new span replaced the full name it overlapped"
    );
    assert_eq!(
        h.record(
            &mut m,
            Edit::Create {
                paragraph: 1,
                start: 0,
                end: 6,
                name: "japan".into(),
                kind: "x".into()
            }
        )
        .expect_err("refused"),
        "\"japan\" already names Japan: link the span to it instead"
    );
}

#[test]
fn undo_and_redo_walk_the_history_and_track_what_is_saved() {
    let original = model();
    let mut m = model();
    let mut h = History::new();
    assert_eq!(h.unsaved(), 0);
    assert!(h.undo(&mut m).is_none());
    h.record(&mut m, Edit::Drop(EntityId(0))).expect("applies");
    h.record(
        &mut m,
        Edit::Merge {
            from: EntityId(1),
            into: EntityId(0),
        },
    )
    .expect("applies");
    let after = m.annotations();
    assert_eq!(h.unsaved(), 2);
    h.mark_saved();
    assert_eq!(h.unsaved(), 0);
    h.undo(&mut m).expect("applies");
    h.undo(&mut m).expect("applies");
    assert_eq!(m.annotations(), original.annotations());
    assert_eq!(h.unsaved(), 2);
    assert!(h.can_redo());
    h.redo(&mut m).expect("applies").expect("applies");
    h.redo(&mut m).expect("applies").expect("applies");
    assert_eq!(m.annotations(), after);
    assert_eq!(h.unsaved(), 0, "redone up to the saved state");
    assert!(h.redo(&mut m).is_none());
    // A new edit after undoing past the save leaves the file behind for good.
    h.undo(&mut m).expect("applies");
    h.record(
        &mut m,
        Edit::Kind {
            entity: EntityId(0),
            kind: "place".into(),
        },
    )
    .expect("applies");
    assert!(!h.can_redo(), "a new edit forgets what was undone");
    assert_eq!(h.unsaved(), 2);
    // The indices follow every change.
    assert_eq!(m.mentions_of(EntityId(0)).len(), 3);
    assert_eq!(m.entities[0].kind, "place");
}
