use super::*;
use crate::formats::text;

fn found(text: &str) -> Vec<Entity> {
    discover(&text::parse(text, "t"))
}

fn names(text: &str) -> Vec<String> {
    found(text).into_iter().map(|e| e.name).collect()
}

fn entity(text: &str, name: &str) -> Entity {
    found(text)
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} not found in {:?}", names(text)))
}

#[test]
fn capitalised_runs_with_connecting_words_are_one_name() {
    let text =
        "The joint statement praised the “2050 Strategy for the Blue Pacific Continent” framework.";
    let e = entity(text, "2050 Strategy for the Blue Pacific Continent");
    assert_eq!(e.kind, "agreement");
    assert_eq!(e.id, "2050-strategy-for-the-blue-pacific-continent");
}

#[test]
fn sentence_initial_capitals_of_ordinary_words_are_not_names() {
    let text = "Despite the distance, talks went on. Official discussions were held in the official residence. \
                These talks matter. Both sides agreed.";
    assert!(names(text).is_empty(), "{:?}", names(text));
}

#[test]
fn a_sentence_initial_name_is_kept_when_capitalised_elsewhere() {
    assert_eq!(names("Luxon spoke first. Later, Mr Luxon left."), ["Luxon"]);
    assert_eq!(
        names("China remains a partner."),
        ["China"],
        "known to the gazetteer"
    );
}

#[test]
fn a_leading_function_word_is_cut_from_a_sentence_initial_name() {
    assert_eq!(
        names("The Information Security Agreement was signed."),
        ["Information Security Agreement"]
    );
}

#[test]
fn a_title_of_a_country_is_not_a_person() {
    let text = "We met Fumio Kishida, then Prime Minister of Japan, in Tokyo.";
    assert_eq!(names(text), ["Fumio Kishida", "Japan", "Tokyo"]);
    assert_eq!(entity(text, "Japan").kind, "country");
}

#[test]
fn titles_split_runs_and_mark_people() {
    let text = "New Zealand Prime Minister Christopher Luxon met Dr Tadashi Iwami.";
    assert_eq!(
        names(text),
        ["New Zealand", "Christopher Luxon", "Tadashi Iwami"]
    );
    assert_eq!(entity(text, "Christopher Luxon").kind, "person");
    assert_eq!(entity(text, "New Zealand").kind, "country");
}

#[test]
fn acronyms_written_beside_their_expansion_are_one_entity() {
    let text = "Partnerships such as the Quadrilateral Security Dialogue, or QUAD, matter. \
                The Indo-Pacific Four (IP4) met. So did the AUKUS (Australia, UK and US) partners. \
                The PIF (Pacific Islands Forum) too.";
    let quad = entity(text, "Quadrilateral Security Dialogue");
    assert_eq!(quad.aliases, ["QUAD"]);
    assert_eq!(quad.kind, "alliance");
    assert_eq!(entity(text, "Indo-Pacific Four").aliases, ["IP4"]);
    assert_eq!(entity(text, "Pacific Islands Forum").aliases, ["PIF"]);
    assert!(!names(text).contains(&"QUAD".to_string()));
}

#[test]
fn a_surname_after_the_full_name_links_to_it() {
    let text = "Christopher Luxon visited Tokyo in June. In his speech, Luxon spoke of security.";
    let luxon = entity(text, "Christopher Luxon");
    assert_eq!(luxon.aliases, ["Luxon"]);
    assert_eq!(luxon.kind, "person");
    assert_eq!(
        names(text),
        ["Christopher Luxon", "Tokyo"],
        "June is a month, not an entity"
    );
}

#[test]
fn gazetteer_short_forms_name_their_country_and_demonyms_are_nationalities() {
    let text = "He met his Japanese counterpart in Japan. Talks with the UK and the US followed.";
    let japan = entity(text, "Japan");
    assert_eq!(japan.kind, "country");
    assert!(japan.aliases.is_empty(), "{:?}", japan.aliases);
    let japanese = entity(text, "Japanese");
    assert_eq!(japanese.kind, "nationality");
    assert!(
        japanese.description.contains("Japan"),
        "{}",
        japanese.description
    );
    assert_eq!(entity(text, "United Kingdom").aliases, ["UK"]);
}

#[test]
fn a_nationality_is_never_another_groups_name() {
    // Neither the country's alias nor a longer group's short form.
    let text = "African Americans and Danish bakers met in Aarhus. \
                Two Americans from Ohio joined them, and the Danes cheered.";
    let american = entity(text, "American");
    assert_eq!(american.kind, "nationality");
    assert_eq!(american.aliases, ["Americans"]);
    assert_eq!(entity(text, "Danish").kind, "nationality");
    assert_eq!(entity(text, "Dane").aliases, ["Danes"]);
    let group = entity(text, "African Americans");
    assert!(!group.aliases.iter().any(|a| a == "Americans"), "{group:?}");
    assert!(!names(text).contains(&"Denmark".to_string()));
}

#[test]
fn hyphens_join_names_but_not_known_names_to_others() {
    let text =
        "The Japan-led forum and the Japan-New Zealand relationship include the Indo-Pacific Four.";
    assert_eq!(names(text), ["Japan", "New Zealand", "Indo-Pacific Four"]);
}

#[test]
fn kinds_come_from_head_words_and_unknown_stays_other() {
    let text = "She teaches at Hokkaido University near the Taiwan Strait, not Zorblax Quill.";
    assert_eq!(entity(text, "Hokkaido University").kind, "organisation");
    assert_eq!(entity(text, "Taiwan Strait").kind, "place");
    let unknown = entity(text, "Zorblax Quill");
    assert_eq!(unknown.kind, "other");
    assert!(
        unknown
            .description
            .starts_with("Found in the text; kind unknown: no gazetteer entry"),
        "{}",
        unknown.description
    );
}

#[test]
fn a_plural_head_names_the_singular_place() {
    let e = entity(
        "Tension in the East and South China Seas grows.",
        "South China Sea",
    );
    assert_eq!(e.aliases, ["South China Seas"]);
    assert!(
        !names("Tension in the East and South China Seas grows.").contains(&"East".to_string())
    );
}

#[test]
fn possessives_and_mixed_letter_digit_names() {
    let text = "North Korea’s ships and Nobel Raven24 were reported by 360info™.";
    assert_eq!(names(text), ["North Korea", "Nobel Raven24", "360info"]);
}

/// The measurement the issue asks for: discovery on the bundled article with
/// its curated annotation hidden, compared with that annotation.
#[test]
fn discovery_finds_most_curated_entities_of_the_bundled_article() {
    let curated = crate::load::open_bundled().expect("bundled").model.entities;
    let document = text::parse(crate::load::BUNDLED_TEXT, "article");
    let discovered = discover(&document);
    let names_of = |e: &Entity| -> Vec<String> { e.names().map(key).collect() };
    let matches = |a: &Entity, b: &Entity| names_of(a).iter().any(|n| names_of(b).contains(n));

    let missed: Vec<&str> = curated
        .iter()
        .filter(|c| !discovered.iter().any(|d| matches(c, d)))
        .map(|c| c.name.as_str())
        .collect();
    let spurious: Vec<&str> = discovered
        .iter()
        .filter(|d| !curated.iter().any(|c| matches(c, d)))
        .map(|d| d.name.as_str())
        .collect();
    let recall = 1.0 - missed.len() as f64 / curated.len() as f64;
    let precision = 1.0 - spurious.len() as f64 / discovered.len() as f64;
    println!(
        "discovery on the bundled article: found {:.1}% of {} curated entities (missed: {missed:?}); \
         {:.1}% of {} discovered entities are real (spurious: {spurious:?})",
        recall * 100.0,
        curated.len(),
        precision * 100.0,
        discovered.len()
    );
    assert!(recall >= 0.9, "recall {recall:.3}; missed {missed:?}");
    assert!(
        precision >= 0.8,
        "precision {precision:.3}; spurious {spurious:?}"
    );
}

#[test]
fn initials_stay_with_the_name() {
    let text = "The books of J. K. Rowling sold well. Later H. Peter Anvin wrote code, \
                and Peter H. Anvin is the same man.";
    let found = names(text);
    assert!(found.contains(&"J. K. Rowling".to_string()), "{found:?}");
    assert!(found.contains(&"H. Peter Anvin".to_string()), "{found:?}");
    assert!(
        !found.iter().any(|n| n == "J" || n == "H" || n == "K"),
        "{found:?}"
    );
    // A letter ending a sentence is not an initial.
    let plan = names("They chose Plan B. The rest followed.");
    assert!(plan.contains(&"Plan B".to_string()), "{plan:?}");
}

#[test]
fn a_connector_of_another_language_never_joins_two_names() {
    let found = names("Las tropas llegaron a Irak y Congo. Jugaron juntos Redondo y McManaman.");
    for name in ["Irak", "Congo", "Redondo", "McManaman"] {
        assert!(found.contains(&name.to_string()), "{name}: {found:?}");
    }
    assert!(!found.iter().any(|n| n.contains(" y ")), "{found:?}");
    // Particles inside names still join them.
    let kept = names("He met officials of the Banco de España and heard Ludwig van Beethoven.");
    assert!(kept.contains(&"Banco de España".to_string()), "{kept:?}");
    assert!(
        kept.contains(&"Ludwig van Beethoven".to_string()),
        "{kept:?}"
    );
}

#[test]
fn all_caps_headings_stay_apart_from_the_sentence_after_them() {
    let text = "OBJECTIVE To measure the effect of aspirin in Norway. \
                RESULTS The Oslo cohort improved. CONCLUSIONS We recommend it.";
    let found = names(text);
    assert!(
        !found.iter().any(|n| n.starts_with("OBJECTIVE")
            || n.starts_with("RESULTS")
            || n.starts_with("CONCLUSIONS")),
        "{found:?}"
    );
    assert!(found.contains(&"Norway".to_string()), "{found:?}");
}

#[test]
fn code_versions_and_units_are_never_entities_nor_split() {
    let text = "Lasse Collin wrote LZMA_Alone and set LZMA_OPT in C++ and C# code. \
                Version 5.0beta1 of 0beta1 builds with Cargo.toml in 10 KiB. \
                In 1999 CNRI released it. According to Collin it works.";
    let found = names(text);
    for bad in [
        "LZMA",
        "Alone",
        "OPT",
        "C",
        "0beta1",
        "10 KiB",
        "KiB",
        "1999 CNRI",
        "According",
        "Cargo",
    ] {
        assert!(!found.contains(&bad.to_string()), "{bad}: {found:?}");
    }
    assert!(found.contains(&"Lasse Collin".to_string()), "{found:?}");
    assert!(found.contains(&"CNRI".to_string()), "{found:?}");
}

#[test]
fn a_title_word_inside_a_name_is_not_a_title() {
    let text =
        "It is released under the GNU General Public License by the Free Software Foundation.";
    let e = entity(text, "GNU General Public License");
    assert_eq!(e.kind, "agreement");
    assert!(!names(text).contains(&"Public License".to_string()));
}

#[test]
fn a_given_name_makes_a_person_and_says_so() {
    let text = "The compiler was written by Richard Stallman and Mary Ellen Wilson. \
                Later Stallman retired.";
    let e = entity(text, "Richard Stallman");
    assert_eq!(e.kind, "person");
    assert_eq!(
        e.description,
        "Found in the text; kind guessed from the given name \"Richard\"."
    );
    assert_eq!(entity(text, "Mary Ellen Wilson").kind, "person");
    // Not when the name is a place or a thing: the gazetteer and head words come first.
    assert_eq!(
        entity("Ships crossed the Caroline Islands.", "Caroline Islands").kind,
        "place"
    );
}

#[test]
fn confidence_follows_the_evidence_and_repetition() {
    let text = "The officials of Japan met Dr Ana Costa at Zorbly. Later Ana Costa met them again. \
                Nobody saw Quibbleton Marsh. The ZX81 was off.";
    let confidence = |name: &str| entity(text, name).confidence.expect("discovered");
    assert!(confidence("Japan") >= 95, "the gazetteer");
    assert!(confidence("Ana Costa") >= 90, "a title, seen twice");
    assert_eq!(
        confidence("Quibbleton Marsh"),
        60,
        "two words, no evidence, once"
    );
    assert_eq!(
        confidence("Zorbly"),
        LOW_CONFIDENCE,
        "a lone capitalised word inside a sentence, once: just listed"
    );
    assert!(
        confidence("ZX81") < LOW_CONFIDENCE,
        "letters and digits, once: most often a model or code"
    );
}

fn kind(text: &str, name: &str) -> String {
    entity(text, name).kind
}

#[test]
fn a_possessive_inside_the_name_of_a_body_or_place_stays_in_it() {
    let text = "He studied at Lincoln's Inn and pleaded in the Queen's Bench. Japan's Navy sailed.";
    let all = names(text);
    assert!(all.contains(&"Lincoln's Inn".to_string()), "{all:?}");
    assert!(all.contains(&"Queen's Bench".to_string()), "{all:?}");
    assert!(
        all.contains(&"Japan".to_string()),
        "a country's possessive stays apart: {all:?}"
    );
    assert_eq!(kind(text, "Lincoln's Inn"), "organisation");
}

#[test]
fn romance_names_take_their_kind_from_the_first_word() {
    let text = "Lo anunció el Ministerio de Agricultura con la Universidad Pública de Navarra \
                y el Plan Hidrológico del Ebro.";
    assert_eq!(kind(text, "Ministerio de Agricultura"), "organisation");
    assert_eq!(kind(text, "Universidad Pública de Navarra"), "organisation");
    assert_eq!(kind(text, "Plan Hidrológico del Ebro"), "agreement");
    // "Ebro" after "del" names the river, not the plan's short form.
    let text = "Aprobaron el Plan Hidrológico del Ebro. El caudal del Ebro baja.";
    assert_ne!(kind(text, "Plan Hidrológico del Ebro"), "person");
}

#[test]
fn function_words_of_other_languages_and_nouns_before_de_open_no_name() {
    let text = "Según Aagesen, el plan funciona. Sara Aagesen habló. \
                Portavoces de Greenpeace España advirtieron del riesgo.";
    let all = names(text);
    assert!(!all.iter().any(|n| n.starts_with("Según")), "{all:?}");
    assert!(all.contains(&"Greenpeace España".to_string()), "{all:?}");
    assert!(!all.iter().any(|n| n.starts_with("Portavoces")), "{all:?}");
}

#[test]
fn datelines_labels_ordinals_numerals_and_contractions_are_no_names() {
    let all = names("SUVA, Fiji — Leaders met on Tuesday.");
    assert!(!all.contains(&"Leaders".to_string()), "{all:?}");
    let all = names("CONCLUSIONS Heat waves raise admissions. Heat kills.");
    assert!(!all.iter().any(|n| n.contains("Heat")), "{all:?}");
    let all = names("Chapter IV. On the 2nd of October I've seen Byron, said Smith. I'm sure.");
    assert!(
        !all.iter()
            .any(|n| n.contains("Chapter") || n.contains("October") || n.starts_with('I')),
        "{all:?}"
    );
}

#[test]
fn of_and_for_do_not_join_a_person_to_a_firm_and_and_joins_inside_a_school() {
    let all = names("It came from Ahmed Benali of Cloudflare, thanks to Yann Collet for Zstd.");
    assert!(all.contains(&"Ahmed Benali".to_string()), "{all:?}");
    assert!(all.contains(&"Cloudflare".to_string()), "{all:?}");
    assert!(all.contains(&"Yann Collet".to_string()), "{all:?}");
    let text = "Data came from the London School of Hygiene and Tropical Medicine.";
    assert_eq!(
        kind(text, "London School of Hygiene and Tropical Medicine"),
        "organisation"
    );
    // Between plain names "and" still separates them.
    let all = names("Talks between Japan and New Zealand went on.");
    assert_eq!(all, ["Japan", "New Zealand"]);
}

#[test]
fn a_slash_joins_two_names_and_a_version_leaves_the_name() {
    let all = names("Groups such as SEO/BirdLife objected. It needs CMake 3.20 to build.");
    assert!(all.contains(&"SEO/BirdLife".to_string()), "{all:?}");
    assert!(all.contains(&"CMake".to_string()), "{all:?}");
}

#[test]
fn what_a_person_does_before_their_name_makes_it_a_persons() {
    let text =
        "Opposition leader Inia Seruiratu spoke. The Debian maintainer, Guillem Jover, agreed.";
    assert_eq!(kind(text, "Inia Seruiratu"), "person");
    assert_eq!(kind(text, "Guillem Jover"), "person");
    let text = "The Secretary General, Baron Waqa, said so.";
    assert_eq!(kind(text, "Baron Waqa"), "person");
}

#[test]
fn lists_and_in_give_unknown_names_a_kind() {
    let text =
        "A patrol will stop in Levuka, Savusavu and Rotuma. Farms between Lleida y Zorbaville.";
    assert_eq!(kind(text, "Levuka"), "place");
    assert_eq!(kind(text, "Savusavu"), "place");
    assert_eq!(kind(text, "Rotuma"), "place");
    assert_eq!(
        kind(text, "Zorbaville"),
        "city",
        "listed with Lleida, a city"
    );
    assert!(entity(text, "Savusavu").description.contains("listed with"));
    // A name and its apposition are no list.
    let text = "The lead author was Núria Puig (Quorbix, Barcelona).";
    assert_ne!(kind(text, "Quorbix"), "city");
}

#[test]
fn unknown_acronyms_are_bodies_and_common_ones_are_hidden() {
    let text = "Experts at WWF and the agency EFE disagreed. The API changed twice; the API broke.";
    assert_eq!(kind(text, "WWF"), "organisation");
    let api = entity(text, "API").confidence.expect("discovered");
    assert!(api < LOW_CONFIDENCE, "a common acronym: {api}");
}

#[test]
fn given_names_of_many_languages_and_particles_make_persons() {
    let text = "Lasse Collin, Núria Puig, Tomasz Wierzbicki and Juan Valero de Palma met.";
    for person in [
        "Lasse Collin",
        "Núria Puig",
        "Tomasz Wierzbicki",
        "Juan Valero de Palma",
    ] {
        assert_eq!(kind(text, person), "person", "{person}");
    }
}

#[test]
fn the_worlds_cities_and_regions_are_known_places() {
    let text = "Flights from Lautoka reached Aragón and then Bruselas.";
    assert_eq!(kind(text, "Lautoka"), "city");
    assert_eq!(kind(text, "Aragón"), "region");
    // Another language's name of a large city names it.
    let brussels = entity(text, "Brussels");
    assert!(brussels.aliases.contains(&"Bruselas".to_string()));
}

#[test]
fn a_word_that_opens_sentence_after_sentence_is_the_subject() {
    let text = "Larkspur is a compressor. Larkspur needs CMake. Larkspur joins a foundation. \
                Write to security@larkspur.example for help.";
    assert!(
        names(text).contains(&"Larkspur".to_string()),
        "{:?}",
        names(text)
    );
    // An ordinary word opening three sentences is still no name.
    let text = "Results were good. Results were better. Results were best. Our results hold.";
    assert!(names(text).is_empty(), "{:?}", names(text));
}

#[test]
fn words_only_headings_write_are_no_names_unless_known() {
    let text = "Security Notes\n--------------\nReport bugs to Jia Tan.\n\nINSTALLATION\nRun make.\n\n\
                Canberra\n========\nThe capital grew.\n";
    let all = names(text);
    assert!(
        !all.iter()
            .any(|n| n.contains("Security") || n.contains("INSTALLATION")),
        "{all:?}"
    );
    assert!(
        all.contains(&"Canberra".to_string()),
        "a known place in a heading stays: {all:?}"
    );
    assert!(all.contains(&"Jia Tan".to_string()), "{all:?}");
}

#[test]
fn abbreviations_with_full_stops_stay_in_names_and_titles() {
    let text = "Mrs. Okoro met Dr. Ilse Brandt in St. Paul. They toured the U.S. Senate \
                and Acme Ltd. The next day they flew to Mt. Hood.";
    let all = names(text);
    assert_eq!(entity(text, "Ilse Brandt").kind, "person");
    assert!(entity(text, "Ilse Brandt").description.contains("title"));
    assert_eq!(entity(text, "Okoro").kind, "person");
    assert!(all.contains(&"St. Paul".to_string()), "{all:?}");
    assert!(all.contains(&"U.S. Senate".to_string()), "{all:?}");
    assert!(all.contains(&"Mt. Hood".to_string()), "{all:?}");
    // The full stop of "Ltd." also ends its sentence: "The" opens the next.
    assert!(!all.iter().any(|n| n.contains("The")), "{all:?}");
    assert!(
        !all.iter()
            .any(|n| n == "U" || n == "St" || n.starts_with('.')),
        "{all:?}"
    );
}

#[test]
fn a_given_name_never_becomes_a_place_by_another_spelling() {
    // Given names that are other names of places in the world list.
    let text = "Leon and Sidney walked home. Later, Leon said the film was long.";
    assert_eq!(kind(text, "Leon"), "person");
    assert!(
        !names(text)
            .iter()
            .any(|n| n.contains("León") || n == "Sydney")
    );
    // A place's own name is still a place.
    assert_eq!(kind("They flew to Sydney in May.", "Sydney"), "city");
}

#[test]
fn one_sense_per_document_short_forms_take_the_full_names_entity() {
    // "Obama" is also a city in Japan; "Kenji" a given name.
    let text = "Kenji Watanabe met Barack Obama in Chicago. Obama smiled. Kenji laughed.";
    let obama = entity(text, "Barack Obama");
    assert_eq!(obama.kind, "person");
    assert!(obama.aliases.contains(&"Obama".to_string()), "{obama:?}");
    assert!(
        entity(text, "Kenji Watanabe")
            .aliases
            .contains(&"Kenji".to_string())
    );
    assert!(!names(text).contains(&"Obama".to_string()));
}

#[test]
fn inner_hyphens_and_ampersands_stay_inside_names() {
    let text = "The Secretary-General of the United Nations visited Procter & Gamble \
                and spoke at Texas A&M and at AT&T.";
    let all = names(text);
    for name in ["United Nations", "Procter & Gamble", "Texas A&M", "AT&T"] {
        assert!(all.contains(&name.to_string()), "{name} in {all:?}");
    }
    assert!(
        !all.iter()
            .any(|n| n.ends_with('-') || n == "M" || n == "Texas A"),
        "{all:?}"
    );
}

#[test]
fn and_joins_inside_one_name_and_separates_two() {
    let text = "She worked at the Museum of Science and Industry, then studied at the \
                University of Toronto and McGill University, and visited the National \
                Portrait and Print Gallery Museum.";
    let all = names(text);
    for name in [
        "Museum of Science and Industry",
        "University of Toronto",
        "McGill University",
        "National Portrait and Print Gallery Museum",
    ] {
        assert!(all.contains(&name.to_string()), "{name} in {all:?}");
    }
}

#[test]
fn decades_labels_interjections_and_dates_are_no_names() {
    let text = "# Key Steps\n\nIn the 1970s and in their 30s they met May 2004 Amara Diallo. \
                HOST: Oh, wow. Yeah, Diallo said it was fine. Okay.";
    let all = names(text);
    assert!(all.contains(&"Amara Diallo".to_string()), "{all:?}");
    for not in [
        "1970s",
        "30s",
        "Oh",
        "Yeah",
        "Okay",
        "Key Steps",
        "May 2004 Amara Diallo",
    ] {
        assert!(!all.contains(&not.to_string()), "{not} in {all:?}");
    }
}

#[test]
fn buildings_and_sites_are_places_not_people() {
    let text = "We met at the Harriet Building, walked to Lincoln Memorial and \
                Rosa Bridge, then up Victoria Hill.";
    for name in ["Harriet Building", "Lincoln Memorial", "Rosa Bridge"] {
        assert_eq!(kind(text, name), "facility", "{name}");
    }
    assert_eq!(kind(text, "Victoria Hill"), "place");
}

#[test]
fn context_types_what_lists_do_not_know() {
    let text = "Yusuf Okonkwo-Bell, a retired engineer, keeps bees. Tamsin Verhoeven \
                said the hives were fine. They live in Kettlewick.";
    assert_eq!(kind(text, "Yusuf Okonkwo-Bell"), "person");
    assert_eq!(kind(text, "Tamsin Verhoeven"), "person");
    assert_eq!(kind(text, "Kettlewick"), "place");
}
