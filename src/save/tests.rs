use std::collections::HashMap;

use serde_json::json;

use super::*;
use crate::load::Loaded;
use crate::load::ReadOptions;
use crate::load::file::open_path;
use crate::model::EntityId;
use crate::model::Mention;
use crate::model::curate::{Edit, History};

fn open(path: &Path) -> Loaded {
    match open_path(path, ReadOptions::default()) {
        Ok(loaded) => loaded,
        Err(problems) => panic!("{problems:?}"),
    }
}

fn entity(model: &Model, name: &str) -> EntityId {
    model
        .lookup(name)
        .unwrap_or_else(|| panic!("no entity {name}"))
}

/// What a reader sees of the annotations: entities and mentions by name.
/// A text and the file beside it (a catalog, an `.ann`) in `dir`.
fn pair(dir: &Path, text: (&str, &str), beside: (&str, &str)) -> (PathBuf, PathBuf) {
    let text_path = dir.join(text.0);
    std::fs::write(&text_path, text.1).expect("write");
    let beside_path = dir.join(beside.0);
    std::fs::write(&beside_path, beside.1).expect("write");
    (text_path, beside_path)
}

/// The small history text and its catalog, in `dir`.
fn history(dir: &Path) -> (PathBuf, PathBuf) {
    pair(
        dir,
        ("history.txt", TEXT),
        ("history.entities.json", CATALOG),
    )
}

type Seen = (Vec<String>, Vec<(usize, usize, usize, String)>);

fn seen(model: &Model) -> Seen {
    let entities = model
        .entities
        .iter()
        .map(|e| {
            format!(
                "{}|{}|{}|{:?}|{:?}",
                e.id, e.name, e.kind, e.aliases, e.confidence
            )
        })
        .collect();
    let mentions = model
        .mentions()
        .iter()
        .map(|m| {
            (
                m.paragraph,
                m.start,
                m.end,
                model.entities[m.entity].id.clone(),
            )
        })
        .collect();
    (entities, mentions)
}

const TEXT: &str = "Mara Quist founded Halden Works in Ostrava.\n\n\
Quist later sold Halden Works. Ostrava mourned.\n\n\
The Works closed; Mara Quist moved to Brno.\n";

const CATALOG: &str = r#"{
  "title": "A small history",
  "entities": [
    { "id": "quist", "name": "Mara Quist", "kind": "person", "aliases": ["Quist"],
      "wikidata": "Q000001" },
    { "id": "halden", "name": "Halden Works", "kind": "organisation", "note": "a mill" },
    { "id": "ostrava", "name": "Ostrava", "kind": "place" },
    { "id": "brno", "name": "Brno", "kind": "place" }
  ],
  "relations": [
    { "source": "quist", "target": "halden", "label": "founded", "evidence": [1], "checked": true }
  ],
  "autolink": true
}
"#;

#[test]
fn a_curated_catalog_reads_back_as_the_same_model_keeping_order_and_unknown_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (text, catalog) = history(dir.path());
    let mut loaded = open(&text);
    assert!(matches!(loaded.target, Target::Catalog(_)));
    let model = &mut loaded.model;
    let mut h = History::new();
    // Unlink one "Ostrava", make "The Works" a mention of Halden Works, a
    // new entity from "Mara" alone, drop Brno, rename, change a kind.
    let ostrava = entity(model, "ostrava");
    let second = model.mentions_of(ostrava)[1];
    h.record(model, Edit::Unlink(model.mention(second)))
        .expect("unlink");
    let halden = entity(model, "halden");
    h.record(
        model,
        Edit::Link(Mention {
            paragraph: 2,
            start: 0,
            end: 9,
            entity: halden,
        }),
    )
    .expect("link");
    let brno = entity(model, "brno");
    h.record(model, Edit::Drop(brno)).expect("drop");
    let quist = entity(model, "quist");
    h.record(
        model,
        Edit::Rename {
            entity: quist,
            name: "Mara K. Quist".into(),
        },
    )
    .expect("rename");
    h.record(
        model,
        Edit::Kind {
            entity: halden,
            kind: "company".into(),
        },
    )
    .expect("kind");
    let before = seen(model);
    let said = save(&mut loaded.target, &loaded.model, false).expect("saved");
    assert_eq!(said, format!("saved to {}", catalog.display()));

    let written = std::fs::read_to_string(&catalog).expect("read");
    let value: serde_json::Value = serde_json::from_str(&written).expect("json");
    let keys: Vec<&String> = value.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "title",
            "entities",
            "relations",
            "autolink",
            "mentions",
            "unlinked"
        ],
        "the file's own keys keep their order; new ones follow"
    );
    assert_eq!(value["entities"][0]["wikidata"], "Q000001");
    assert_eq!(value["entities"][1]["note"], "a mill");
    assert_eq!(
        value["entities"][0]["aliases"],
        json!(["Quist", "Mara Quist"])
    );
    assert_eq!(value["relations"][0]["checked"], true);
    assert_eq!(value["unlinked"][0]["text"], "Ostrava");
    assert_eq!(value["mentions"][0]["text"], "The Works");
    assert_eq!(value["entities"].as_array().map(Vec::len), Some(3));

    let again = open(&text);
    assert_eq!(
        seen(&again.model),
        before,
        "the saved catalog gives the same model"
    );
    assert_eq!(again.model.relations, loaded.model.relations);
}

#[test]
fn discovered_entities_are_saved_beside_the_text_with_their_confidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "Lasse Collin maintains the Tukaani Project.\n\nCollin wrote it in Helsinki with Igor Pavlov.\n",
    )
    .expect("write");
    let mut loaded = open(&text);
    let sibling = dir.path().join("notes.entities.json");
    assert_eq!(loaded.target.file(), Some(sibling.as_path()));
    let mut h = History::new();
    let first = loaded.model.entities[0].name.clone();
    let e = entity(&loaded.model, &first);
    h.record(
        &mut loaded.model,
        Edit::Kind {
            entity: e,
            kind: "person".into(),
        },
    )
    .expect("kind");
    let before = seen(&loaded.model);
    save(&mut loaded.target, &loaded.model, false).expect("saved");
    let again = open(&text);
    assert_eq!(
        again.annotation,
        "catalog: ".to_string() + &sibling.display().to_string()
    );
    assert_eq!(seen(&again.model), before);
}

#[test]
fn a_file_changed_on_disk_is_not_written_over_unless_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (text, catalog) = history(dir.path());
    let mut loaded = open(&text);
    let mut h = History::new();
    h.record(&mut loaded.model, Edit::Drop(EntityId(3)))
        .expect("drop");
    // Someone else edits the catalog meanwhile.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&catalog, CATALOG.replace("a mill", "a mill, closed")).expect("write");
    let refused = save(&mut loaded.target, &loaded.model, false).expect_err("refused");
    assert_eq!(
        refused,
        format!(
            "{} changed on disk since it was read: :w! writes over it",
            catalog.display()
        )
    );
    assert!(
        std::fs::read_to_string(&catalog)
            .expect("read")
            .contains("a mill, closed")
    );
    save(&mut loaded.target, &loaded.model, true).expect("forced");
    assert!(
        !std::fs::read_to_string(&catalog)
            .expect("read")
            .contains("Brno")
    );
    // Saved, the stamp is the file's own again: a second save needs no force.
    save(&mut loaded.target, &loaded.model, false).expect("saved again");
}

#[test]
fn the_bundled_article_and_corpora_say_why_they_cannot_be_saved() {
    let loaded = crate::load::open_bundled().expect("bundled");
    let Target::Cannot(why) = &loaded.target else {
        panic!("{:?}", loaded.target)
    };
    assert!(why.starts_with("the bundled article has no file"), "{why}");
}

const BRAT_TEXT: &str =
    "Mara Quist founded Halden Works in Ostrava.\nQuist sold the mill in Brno.\n";

// Tabs and a CRLF line as brat files have them; a trailing space on T3.
const BRAT_ANN: &str = "T1\tPerson 0 10\tMara Quist\n\
T2\tOrganization 19 31\tHalden Works\r\n\
T3\tLocation 35 42\tOstrava \n\
R1\tFounded Arg1:T1 Arg2:T2\n\
T4\tPerson 44 49\tQuist\n\
T5\tLocation 67 71\tBrno\n\
A1\tNegated T5\n\
#1\tAnnotatorNotes T3\tthe city\n";

#[test]
fn a_curated_brat_document_keeps_every_untouched_line_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (text, ann) = pair(dir.path(), ("doc.txt", BRAT_TEXT), ("doc.ann", BRAT_ANN));
    let mut loaded = open(&text);
    assert!(matches!(loaded.target, Target::Brat(_)));
    let model = &mut loaded.model;
    let mut h = History::new();
    // "Quist" (T4) is its own entity in brat (other text): merge it into Mara Quist.
    let t4 = entity(model, "Quist");
    let t1 = entity(model, "Mara Quist");
    h.record(model, Edit::Merge { from: t4, into: t1 })
        .expect("merge");
    // Brno goes (with its attribute), Ostrava becomes a city, "the mill" is a mention.
    let brno = entity(model, "Brno");
    h.record(model, Edit::Drop(brno)).expect("drop");
    let ostrava = entity(model, "Ostrava");
    h.record(
        model,
        Edit::Kind {
            entity: ostrava,
            kind: "city".into(),
        },
    )
    .expect("kind");
    let halden = entity(model, "Halden Works");
    h.record(
        model,
        Edit::Link(Mention {
            paragraph: 1,
            start: 11,
            end: 19,
            entity: halden,
        }),
    )
    .expect("link");
    let before = seen(model);
    let said = save(&mut loaded.target, &loaded.model, false).expect("saved");
    assert_eq!(said, format!("saved to {}", ann.display()));
    let written = std::fs::read_to_string(&ann).expect("read");
    assert_eq!(
        written,
        "T1\tPerson 0 10\tMara Quist\n\
T2\tOrganization 19 31\tHalden Works\r\n\
T3\tcity 35 42\tOstrava \n\
R1\tFounded Arg1:T1 Arg2:T2\n\
T4\tPerson 44 49\tQuist\n\
#1\tAnnotatorNotes T3\tthe city\n\
T6\tOrganization 55 63\tthe mill\n\
*\tEquiv T1 T4\n\
*\tEquiv T2 T6\n"
    );
    let again = open(&text);
    let (entities, mentions) = seen(&again.model);
    assert_eq!(mentions.len(), before.1.len());
    assert_eq!(entities.len(), before.0.len());
    // The same spans, grouped the same way.
    let group = |ms: &[(usize, usize, usize, String)]| {
        let mut by: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (p, s, _, e) in ms {
            by.entry(e.clone()).or_default().push((*p, *s));
        }
        let mut groups: Vec<Vec<(usize, usize)>> = by.into_values().collect();
        groups.sort();
        groups
    };
    assert_eq!(group(&mentions), group(&before.1));
}

#[test]
fn brat_says_what_it_cannot_hold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (text, _) = pair(dir.path(), ("doc.txt", BRAT_TEXT), ("doc.ann", BRAT_ANN));
    let mut loaded = open(&text);
    let mut h = History::new();
    let e = entity(&loaded.model, "Ostrava");
    h.record(
        &mut loaded.model,
        Edit::Rename {
            entity: e,
            name: "Ostrava-Poruba".into(),
        },
    )
    .expect("rename");
    let said = save(&mut loaded.target, &loaded.model, false).expect("saved");
    assert!(
        said.ends_with(
            "(1 brat cannot hold: the name \"Ostrava-Poruba\" (brat reads \"Ostrava\"))"
        ),
        "{said}"
    );
}

#[test]
fn a_json_document_is_saved_in_place_keeping_its_text_and_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.json");
    let original = r#"{
  "document": { "title": "Mills", "paragraphs": [
    { "index": 1, "text": "Mara Quist founded Halden Works in Ostrava." },
    { "index": 2, "text": "Quist sold Halden Works." } ] },
  "entities": [
    { "id": "quist", "name": "Mara Quist", "kind": "person", "aliases": ["Quist"], "orcid": "0000" },
    { "id": "halden", "name": "Halden Works", "kind": "organisation" },
    { "id": "ostrava", "name": "Ostrava", "kind": "place" }
  ]
}"#;
    std::fs::write(&path, original).expect("write");
    let mut loaded = open(&path);
    assert!(matches!(loaded.target, Target::Document(_)));
    let mut h = History::new();
    let ostrava = entity(&loaded.model, "ostrava");
    h.record(&mut loaded.model, Edit::Drop(ostrava))
        .expect("drop");
    let first = loaded.model.mentions()[0];
    h.record(&mut loaded.model, Edit::Unlink(first))
        .expect("unlink");
    let before = seen(&loaded.model);
    save(&mut loaded.target, &loaded.model, false).expect("saved");
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    assert_eq!(
        value["document"]["paragraphs"][1]["text"],
        "Quist sold Halden Works."
    );
    assert_eq!(value["entities"][0]["orcid"], "0000");
    assert_eq!(value["unlinked"][0]["text"], "Mara Quist");
    let again = open(&path);
    assert_eq!(seen(&again.model), before);
}

/// A user's own field nested past any depth a tree can hold: the reader
/// skips it, so the writer keeps it, byte for byte, and a rescue too.
#[test]
fn a_deeply_nested_field_of_the_users_is_kept_by_a_save_and_a_rescue() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deep = format!("{}\"x\"{}", "[".repeat(3000), "]".repeat(3000));
    let catalog = CATALOG.replacen(
        r#""wikidata": "Q000001""#,
        &format!(r#""wikidata": "Q000001", "tree": {deep}"#),
        1,
    );
    let (text, path) = pair(
        dir.path(),
        ("history.txt", TEXT),
        ("history.entities.json", &catalog),
    );
    let mut loaded = open(&text);
    let mut h = History::new();
    let quist = entity(&loaded.model, "quist");
    h.record(
        &mut loaded.model,
        Edit::Kind {
            entity: quist,
            kind: "author".into(),
        },
    )
    .expect("kind");
    let said = save(&mut loaded.target, &loaded.model, false).expect("saved");
    assert!(said.starts_with("saved to"), "{said}");
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(written.contains(&deep), "the deep field is kept as it was");
    assert!(written.contains("\"kind\": \"author\""), "{written}");
    let rescued = rescue(&loaded.target, &loaded.model).expect("rescued");
    assert!(
        std::fs::read_to_string(rescued)
            .expect("read")
            .contains(&deep)
    );
}

/// A catalog on disk that is no longer JSON: a save refuses to write over
/// it, but a rescue keeps the edits anyway, as the model's own catalog.
#[test]
fn a_rescue_keeps_the_edits_when_the_file_on_disk_is_no_longer_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (text, path) = history(dir.path());
    let mut loaded = open(&text);
    let mut h = History::new();
    let brno = entity(&loaded.model, "brno");
    h.record(&mut loaded.model, Edit::Drop(brno)).expect("drop");
    std::fs::write(&path, "{ this is not json").expect("spoil");
    let refused = save(&mut loaded.target, &loaded.model, true).expect_err("refused");
    assert!(refused.contains("not a JSON object any more"), "{refused}");
    let rescued = rescue(&loaded.target, &loaded.model).expect("rescued");
    let kept = std::fs::read_to_string(rescued).expect("read");
    assert!(
        kept.contains("Mara Quist") && !kept.contains("Brno"),
        "{kept}"
    );
}

/// An edit that keeps the file's time and size (a coarse clock, a time set
/// back) is still seen: the bytes are compared too.
#[test]
fn an_edit_keeping_the_time_and_size_is_still_seen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (text, catalog) = history(dir.path());
    let mut loaded = open(&text);
    let mut h = History::new();
    h.record(&mut loaded.model, Edit::Drop(EntityId(3)))
        .expect("drop");
    let when = std::fs::metadata(&catalog)
        .and_then(|m| m.modified())
        .expect("time");
    std::fs::write(&catalog, CATALOG.replace("a mill", "a MILL")).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&catalog)
        .and_then(|f| f.set_modified(when))
        .expect("time set back");
    let refused = save(&mut loaded.target, &loaded.model, false).expect_err("refused");
    assert!(
        refused.contains("changed on disk since it was read"),
        "{refused}"
    );
}
