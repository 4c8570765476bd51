use super::*;
use crate::model::{Document, Entity, EntityId, Paragraph};

fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: "other".into(),
        aliases: aliases
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        description: String::new(),
        confidence: None,
    }
}

/// (entity id, linked text) for each mention found in `text`.
fn link(entities: &[Entity], text: &str) -> Vec<(String, String)> {
    let linker = Linker::new(entities);
    let mut out = Vec::new();
    linker.link_paragraph(0, text, &[], &mut out);
    out.sort();
    let paragraph = Paragraph::new(text);
    out.iter()
        .map(|m| {
            (
                entities[m.entity].id.clone(),
                paragraph.slice(m.span()).to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn only_whole_words_link() {
    let es = [entity("japan", "Japan", &[])];
    assert_eq!(
        link(&es, "Japanology and Japan"),
        pairs(&[("japan", "Japan")])
    );
}

#[test]
fn longest_match_wins_over_a_shorter_overlapping_one() {
    let es = [
        entity("pacific", "Pacific", &[]),
        entity("ip4", "Indo-Pacific Four", &[]),
        entity("taiwan", "Taiwan", &[]),
        entity("strait", "Taiwan Strait", &[]),
    ];
    assert_eq!(
        link(&es, "the Indo-Pacific Four and the Taiwan Strait"),
        pairs(&[("ip4", "Indo-Pacific Four"), ("strait", "Taiwan Strait")])
    );
}

#[test]
fn possessives_with_either_apostrophe_still_link() {
    let es = [entity("luxon", "Christopher Luxon", &["Luxon"])];
    assert_eq!(
        link(&es, "Luxon’s visit and Luxon's speech"),
        pairs(&[("luxon", "Luxon"), ("luxon", "Luxon")])
    );
}

#[test]
fn hyphenated_compounds_link_each_part() {
    let es = [
        entity("japan", "Japan", &[]),
        entity("nz", "New Zealand", &[]),
    ];
    assert_eq!(
        link(
            &es,
            "the Japan-led forum and the Japan-New Zealand relationship"
        ),
        pairs(&[
            ("japan", "Japan"),
            ("japan", "Japan"),
            ("nz", "New Zealand")
        ])
    );
}

#[test]
fn acronyms_match_case_sensitively_other_names_do_not() {
    let es = [
        entity("us", "United States", &["US"]),
        entity("isa", "Information Security Agreement", &[]),
    ];
    assert_eq!(
        link(&es, "let us sign the US information security agreement"),
        pairs(&[("us", "US"), ("isa", "information security agreement")])
    );
}

#[test]
fn a_plural_of_a_longer_alias_does_not_hide_the_shorter_name() {
    // Leftmost-longest would find only "New Zealand Defence Force", reject it
    // for running into the "s", and lose "New Zealand" with it.
    let es = [
        entity("nz", "New Zealand", &[]),
        entity("nzdf", "New Zealand Defence Force", &[]),
    ];
    assert_eq!(
        link(&es, "New Zealand Defence Forces"),
        pairs(&[("nz", "New Zealand")])
    );
}

#[test]
fn a_candidate_starting_inside_a_word_does_not_hide_the_next_word() {
    // "an Nile" starts inside "Sudan"; a leftmost search would consume it and
    // step over "Nile".
    let es = [entity("nile", "Nile", &[]), entity("odd", "an Nile", &[])];
    assert_eq!(link(&es, "Sudan Nile"), pairs(&[("nile", "Nile")]));
}

#[test]
fn names_in_scripts_without_spaces_link_inside_running_text() {
    let es = [entity("tokyo", "東京", &[]), entity("japan", "Japan", &[])];
    assert_eq!(link(&es, "首都は東京です"), pairs(&[("tokyo", "東京")]));
    assert_eq!(link(&es, "Japanは"), pairs(&[("japan", "Japan")]));
}

#[test]
fn offsets_count_characters_not_bytes() {
    let linker = Linker::new(&[entity("japan", "Japan", &[])]);
    let mut out = Vec::new();
    linker.link_paragraph(0, "日本 “Japan”", &[], &mut out);
    assert_eq!((out[0].start, out[0].end), (4, 9));
}

#[test]
fn explicit_spans_win_over_aliases_they_overlap() {
    let linker = Linker::new(&[
        entity("china", "China", &[]),
        entity("scs", "South China Sea", &[]),
    ]);
    let text = "the East and South China Seas";
    let reserved = [Range { start: 13, end: 29 }];
    let mut out = Vec::new();
    linker.link_paragraph(0, text, &reserved, &mut out);
    assert!(
        out.is_empty(),
        "China inside the explicit span must not link: {out:?}"
    );
}

#[test]
fn furniture_paragraphs_are_not_linked() {
    let linker = Linker::new(&[entity("japan", "Japan", &[])]);
    let mut furniture = Paragraph::new("Photo: Japan");
    furniture.furniture = Some("caption".into());
    let document = Document {
        paragraphs: vec![furniture, Paragraph::new("Japan")],
        ..Document::default()
    };
    let mentions = linker.link_document(&document.paragraphs, &[]);
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].paragraph, 1);
}

#[test]
fn a_shared_alias_is_reported_and_links_to_the_first_entity() {
    let es = [
        entity("a", "Georgia", &[]),
        entity("b", "Georgia (US state)", &["georgia"]),
    ];
    let linker = Linker::new(&es);
    assert_eq!(
        linker.ambiguities(),
        &[Ambiguity {
            alias: "Georgia".into(),
            entities: vec![EntityId(0), EntityId(1)]
        }]
    );
    assert_eq!(link(&es, "in Georgia"), pairs(&[("a", "Georgia")]));
}

#[test]
fn acronym_rule() {
    assert!(is_acronym("US"));
    assert!(is_acronym("IP4"));
    assert!(is_acronym("QUAD"));
    assert!(!is_acronym("Quad"));
    assert!(!is_acronym("A"));
    assert!(!is_acronym("360info"));
}

/// The bundled article's own hard cases, linked with its curated catalog.
mod article {
    use crate::model::Model;

    fn model() -> Model {
        crate::load::open_bundled()
            .expect("bundled article loads")
            .model
    }

    /// Texts linked to `entity` in one-based paragraph `paragraph`.
    fn linked(model: &Model, paragraph: usize, entity: &str) -> Vec<String> {
        model
            .mentions_in(paragraph - 1)
            .iter()
            .filter(|m| model.entities[m.entity].id == entity)
            .map(|m| model.mention_text(m))
            .collect()
    }

    #[test]
    fn japan_led_and_possessive_new_zealand_link() {
        let m = model();
        assert_eq!(linked(&m, 18, "japan"), ["Japan"]);
        assert_eq!(linked(&m, 17, "new-zealand"), ["New Zealand"]);
        assert_eq!(
            linked(&m, 13, "new-zealand"),
            ["New Zealand"],
            "Japan-New Zealand"
        );
    }

    #[test]
    fn names_inside_longer_names_do_not_link() {
        let m = model();
        assert_eq!(
            linked(&m, 15, "pacific"),
            Vec::<String>::new(),
            "Indo-Pacific Four"
        );
        assert_eq!(
            linked(&m, 18, "pacific"),
            Vec::<String>::new(),
            "forums and the Blue Pacific"
        );
        assert_eq!(
            linked(&m, 27, "japan"),
            ["Japan"],
            "not inside Modern Japanese Studies"
        );
    }

    #[test]
    fn misspelt_names_link_to_the_correct_entity() {
        let m = model();
        assert_eq!(linked(&m, 23, "noble-raven-24"), ["Nobel Raven24"]);
        assert_eq!(
            linked(&m, 18, "pacific-islands-forum"),
            ["Pacific Island Forum"]
        );
    }

    #[test]
    fn east_and_south_china_seas_names_two_seas_and_not_china() {
        let m = model();
        assert_eq!(linked(&m, 21, "east-china-sea"), ["East"]);
        assert_eq!(linked(&m, 21, "south-china-sea"), ["South China Seas"]);
        assert_eq!(
            linked(&m, 21, "china"),
            ["China"],
            "only China’s, not the seas"
        );
    }

    #[test]
    fn lower_case_agreement_and_upper_case_acronyms() {
        let m = model();
        assert_eq!(
            linked(&m, 23, "information-security-agreement"),
            ["information security agreement"]
        );
        assert_eq!(
            linked(&m, 16, "quad"),
            ["Quadrilateral Security Dialogue", "QUAD"]
        );
        assert_eq!(linked(&m, 16, "united-states"), ["US"]);
    }

    #[test]
    fn furniture_is_shown_but_not_linked() {
        let m = model();
        for p in [0, 2, 3, 28] {
            assert!(m.paragraph(p).furniture.is_some(), "paragraph {}", p + 1);
            assert!(m.mentions_in(p).is_empty(), "paragraph {}", p + 1);
        }
    }
}

#[test]
fn the_longest_in_words_wins_not_the_longest_in_characters() {
    let es = [
        entity("governor", "Governor Perez", &[]),
        entity("firm", "Perez & Zesnam", &[]),
    ];
    assert_eq!(
        link(&es, "Governor Perez & Zesnam spoke."),
        pairs(&[("firm", "Perez & Zesnam")])
    );
    assert_eq!(word_count("Perez & Zesnam"), 3);
    assert_eq!(word_count("Governor Perez"), 2);
    assert_eq!(word_count("U.S."), 4);
}

#[test]
fn an_acronym_and_a_name_folding_to_the_same_pattern_keep_their_rules() {
    // "US" is an acronym (exact); "Us" a name (any case): both fold to "us".
    let es = [entity("acronym", "US", &[]), entity("name", "Us", &[])];
    assert_eq!(
        link(&es, "the US and us"),
        pairs(&[("acronym", "US"), ("name", "us")]),
        "the acronym only where the text says it in capitals"
    );
    assert!(
        Linker::new(&es).ambiguities().is_empty(),
        "different case rules, no clash"
    );
    let es = [entity("name", "Us", &[]), entity("acronym", "US", &[])];
    assert_eq!(
        link(&es, "the US and us"),
        pairs(&[("name", "US"), ("name", "us")]),
        "where both fit, the entity listed first"
    );
}

#[test]
fn absurdly_long_names_are_not_given_to_the_automaton() {
    let long = "a".repeat(LONGEST_NAME + 1);
    let es = [entity("long", &long, &["Tokyo"])];
    let started = std::time::Instant::now();
    assert_eq!(link(&es, "Tokyo"), pairs(&[("long", "Tokyo")]));
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
}
