//! The shapes real annotation files have, and what entscope does with them:
//! notes on any annotation, byte-for-byte round trips, documents that fail
//! without silently shrinking a corpus, doccano and Prodigy variants, spaCy
//! layouts, catalogs checked under any name, file names that carry escape
//! sequences, and outputs that would overwrite the user's files.

use crate::common;

use std::path::Path;

use common::{entscope, s, stderr, stdout, write};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

// ---- brat ----

#[test]
fn brat_notes_attributes_and_normalisations_on_relations_show_beside_the_relation() {
    let o = entscope(&["show", "Wellington", &fixture("brat-collection/talks.txt")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "no id is unknown");
    let out = stdout(&o);
    assert!(
        out.contains(
            "  → Negotiates Tokyo  ¶1\n      Negated (R1)\n      Wikidata:Q42 the talks\n      note: talks were informal\n      note: check this id\n"
        ),
        "{out}"
    );
}

#[test]
fn brat_notes_on_events_and_on_attributes_describe_the_event_trigger() {
    let talks = fixture("brat-collection/talks.txt");
    let signed = stdout(&entscope(&["show", "signed", &talks]));
    assert!(
        signed.contains("Certainty=High (E1); note: annotators disagreed"),
        "{signed}"
    );
    let praised = stdout(&entscope(&["show", "praised", &talks]));
    assert!(praised.contains("note: no theme marked"), "{praised}");
    let json = entscope(&["show", "Wellington", &talks, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["outgoing"][0]["notes"][2], "note: talks were informal");
}

#[test]
fn a_brat_collection_round_trips_byte_for_byte() {
    let out = tempfile::tempdir().expect("dir");
    let o = entscope(&[
        "export",
        &fixture("brat-collection"),
        "--format",
        "brat",
        "--output",
        s(out.path()),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for name in ["talks", "crlf", "last"] {
        for ext in ["txt", "ann"] {
            let file = format!("{name}.{ext}");
            let original = std::fs::read(fixture(&format!("brat-collection/{file}"))).expect("in");
            let written = std::fs::read(out.path().join(&file)).expect("out");
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&original),
                "{file}: trailing spaces and tabs, CRLF, blank lines and a missing final newline all kept"
            );
        }
    }
}

#[test]
fn a_bad_brat_line_is_skipped_and_the_rest_of_the_document_loads() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "doc.txt", "Tokyo and Osaka.\n");
    write(
        dir.path(),
        "doc.ann",
        "T1\tCity 0 5\tTokyo\nT2\tCity 10 99\tOsaka\nT3\tCity 10 15\tOsaka\nR1\tNear Arg1:T1 Arg2:T9\n",
    );
    let o = entscope(&["entities", s(&dir.path().join("doc.txt"))]);
    assert_eq!(o.status.code(), Some(1));
    let ann = dir.path().join("doc.ann");
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {a}:2: T2: span 10..99 runs past the end of the text (17 characters)\n\
             entscope: {a}:4: R1 refers to unknown id T9\n\
             entscope: read 1 of 1 document; 2 lines skipped — see above\n",
            a = s(&ann)
        )
    );
    assert!(stdout(&o).contains("Tokyo"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Osaka"), "{}", stdout(&o));
}

// ---- a corpus with a broken document ----

#[test]
fn exporting_a_folder_with_a_broken_document_writes_the_rest_and_fails() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "a.txt", "Japan and Tokyo.\n");
    write(dir.path(), "b.json", "{ \"entities\": [ }");
    write(dir.path(), "c.txt", "Japan and Canberra.\n");
    let out = dir.path().join("out.jsonl");
    let o = entscope(&[
        "export",
        s(dir.path()),
        "--format",
        "jsonl",
        "--output",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "one refused document fails the export"
    );
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "entscope: {}:1:17: refused: ",
            s(&dir.path().join("b.json"))
        )),
        "{err}"
    );
    assert!(
        err.ends_with("entscope: read 2 of 3 documents; 1 refused — see above\n"),
        "{err}"
    );
    let written = std::fs::read_to_string(&out).expect("the others are written");
    assert!(written.contains("\"doc\":\"a\""), "{written}");
    assert!(written.contains("\"doc\":\"c\""), "{written}");
}

// ---- doccano ----

#[test]
fn doccano_records_without_text_are_skipped_and_data_columns_read() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(
        dir.path(),
        "d.jsonl",
        "{\"text\": \"Tokyo rose.\", \"label\": [[0, 5, \"LOC\"]]}\n\
         {\"id\": 7, \"label\": []}\n\
         {\"data\": \"Osaka fell.\", \"label\": [[0, 5, \"LOC\"], [0, 5, \"LOC\"]]}\n",
    );
    let o = entscope(&["entities", s(&file), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let rows = crate::common::json_lines(&o.stdout);
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["Tokyo", "Osaka"]);
    assert_eq!(rows[1]["mentions"], 1, "a duplicate span is one mention");
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {f}:2: skipped: no \"text\" or \"data\" in this record (--text-field names another column)\n\
             entscope: {f}:3: warning: 0..5 LOC is annotated twice; kept once\n\
             entscope: read 1 of 1 document; 1 line skipped — see above\n",
            f = s(&file)
        )
    );
}

#[test]
fn doccano_custom_columns_are_named_by_flags() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(
        dir.path(),
        "d.jsonl",
        "{\"sentence\": \"Kyoto is old.\", \"entities_ner\": [[0, 5, \"LOC\"]]}\n",
    );
    let o = entscope(&[
        "entities",
        s(&file),
        "--text-field",
        "sentence",
        "--label-field",
        "entities_ner",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = crate::common::json_lines(&o.stdout);
    assert_eq!(rows[0]["name"], "Kyoto");
}

#[test]
fn a_pretty_printed_json_array_in_a_jsonl_file_is_read_as_its_records() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(
        dir.path(),
        "export.jsonl",
        r#"[
  {
    "text": "Luxon met Kishida.",
    "entities": [
      {"id": 1, "label": "PER", "start_offset": 0, "end_offset": 5},
      {"id": 2, "label": "PER", "start_offset": 10, "end_offset": 17}
    ],
    "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "MET"}]
  },
  {
    "entities": []
  }
]
"#,
    );
    let o = entscope(&["show", "Luxon", s(&file)]);
    assert!(stdout(&o).contains("→ MET Kishida"), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {f}:10: skipped: no \"text\" or \"data\" in this record (--text-field names another column)\n\
             entscope: read 1 of 1 document; 1 line skipped — see above\n",
            f = s(&file)
        ),
        "the place is the line where the record starts"
    );
    let truncated = write(
        dir.path(),
        "cut.jsonl",
        "[\n  {\n    \"text\": \"Tokyo\",\n",
    );
    let o = entscope(&["entities", s(&truncated), "--format", "doccano"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}:4:1: one JSON value over 3 lines (not JSON Lines), and it does not parse: EOF while parsing an object\n",
            s(&truncated)
        ),
        "one line, not one error per line"
    );
}

// ---- Prodigy ----

const PRODIGY: &str = r#"{"text": "Wellington welcomed Tokyo.", "spans": [{"start": 0, "end": 10, "label": "GPE"}, {"start": 20, "end": 25, "label": "GPE"}], "answer": "accept"}
{"text": "Tokyo is a person.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}], "answer": "reject"}
{"text": "Wellington is a person.", "spans": [{"start": 0, "end": 10, "label": "GPE"}], "answer": "ignore"}
{"text": "Paris Hilton visited Paris.", "spans": [{"start": 21, "end": 26, "label": "GPE"}], "options": [{"id": "Q90", "text": "Paris, capital of France"}, {"id": "Q47899", "text": "Paris Hilton"}, {"id": "NIL", "text": "none"}], "accept": ["Q90"], "answer": "accept"}
{"text": "Paris is lovely.", "spans": [{"start": 0, "end": 5, "label": "LOC"}], "options": [{"id": "Q90", "text": "Paris, capital of France"}], "accept": ["Q90"], "answer": "accept"}
"#;

#[test]
fn prodigy_rejected_and_ignored_records_are_counted_not_merged() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "p.jsonl", PRODIGY);
    let o = entscope(&["entities", s(&file), "--json"]);
    assert_eq!(o.status.code(), Some(0), "nothing lost: {}", stderr(&o));
    let rows = crate::common::json_lines(&o.stdout);
    let tokyo = rows.iter().find(|r| r["name"] == "Tokyo").expect("Tokyo");
    assert_eq!(
        tokyo["kind"], "GPE",
        "the rejected PERSON reading is not merged in"
    );
    assert_eq!(tokyo["mentions"], 1);
    let wellington = rows
        .iter()
        .find(|r| r["name"] == "Wellington")
        .expect("Wellington");
    assert_eq!(wellington["mentions"], 1, "the ignored record is not shown");
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {f}: warning: not shown: 1 record answered reject, 1 record answered ignore (--answer reject shows them)\n\
             entscope: {f}: warning: kb:Q90: its spans are labelled GPE (1), LOC (1); each label is kept as an entity of its own\n",
            f = s(&file)
        )
    );
    let rejected = stdout(&entscope(&["entities", s(&file), "--answer", "reject"]));
    assert!(rejected.contains("PERSON"), "{rejected}");
    assert!(!rejected.contains("Wellington"), "{rejected}");
}

#[test]
fn prodigy_entity_links_group_mentions_by_the_accepted_id() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "p.jsonl", PRODIGY);
    let out = stdout(&entscope(&["show", "kb:Q90", s(&file)]));
    assert!(out.contains("kb:Q90 Paris, capital of France"), "{out}");
    // Q90 was accepted for a GPE span and a LOC span: each keeps its label.
    assert!(out.contains("Mentions (1):"), "{out}");
    assert!(
        out.contains("kb:Q90 is also labelled LOC elsewhere"),
        "{out}"
    );
}

/// Records of different labels that accept one knowledge-base id: every
/// mention keeps its own label (none silently becomes another), and the
/// disagreement is said in the details and by `check`.
#[test]
fn prodigy_links_of_one_id_keep_each_mention_s_label() {
    let dir = tempfile::tempdir().expect("dir");
    let options =
        r#""options": [{"id": "Q95", "text": "Google"}], "accept": ["Q95"], "answer": "accept""#;
    let mut lines = String::new();
    for (text, start, end, label) in [
        ("Larry Page spoke.", 0, 10, "PERSON"),
        ("Then Page left.", 5, 9, "PERSON"),
        ("Page smiled.", 0, 4, "PERSON"),
        ("Alphabet owns Google.", 14, 20, "ORG"),
    ] {
        lines.push_str(&format!(
            "{{\"text\": \"{text}\", \"spans\": [{{\"start\": {start}, \"end\": {end}, \"label\": \"{label}\"}}], {options}}}\n"
        ));
    }
    let file = write(dir.path(), "el.jsonl", lines);
    let o = entscope(&["entities", s(&file), "--json"]);
    let rows = crate::common::json_lines(&o.stdout);
    let kinds: Vec<(String, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or_default().to_string(),
                r["mentions"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(kinds.contains(&("PERSON".into(), 3)), "{kinds:?}");
    assert!(kinds.contains(&("ORG".into(), 1)), "{kinds:?}");
    let jsonl = stdout(&entscope(&["export", s(&file), "--format", "jsonl"]));
    assert_eq!(jsonl.matches("\"kind\":\"PERSON\"").count(), 3, "{jsonl}");
    let check = stdout(&entscope(&["check", s(&file)]));
    assert!(
        check.contains(
            "warning: kb:Q95: its spans are labelled PERSON (3), ORG (1); each label is kept as an entity of its own"
        ),
        "{check}"
    );
}

#[test]
fn a_patterns_file_is_a_catalog() {
    let dir = tempfile::tempdir().expect("dir");
    let text = write(
        dir.path(),
        "news.txt",
        "Aotearoa New Zealand and the Indo-Pacific. New Zealand again.\n",
    );
    let patterns = write(
        dir.path(),
        "patterns.jsonl",
        r#"{"label": "GPE", "pattern": "New Zealand", "id": "nz"}
{"label": "GPE", "pattern": [{"LOWER": "aotearoa"}], "id": "nz"}
{"label": "LOC", "pattern": [{"lower": "indo"}, {"lower": "-"}, {"lower": "pacific"}]}
{"label": "ORG", "pattern": [{"POS": "PROPN"}, {"LOWER": "inc"}]}
"#,
    );
    let o = entscope(&["entities", s(&text), "--catalog", s(&patterns), "--json"]);
    let rows = crate::common::json_lines(&o.stdout);
    let nz = rows.iter().find(|r| r["id"] == "nz").expect("nz");
    assert_eq!(nz["mentions"], 3, "New Zealand twice and Aotearoa once");
    assert!(
        rows.iter()
            .any(|r| r["name"] == "indo-pacific" && r["mentions"] == 1)
    );
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {p}:4: token 1 uses pos, which a catalog name cannot say; pattern skipped\n\
             entscope: read 1 of 1 document; 1 line skipped — see above\n",
            p = s(&patterns)
        )
    );
}

// ---- check ----

#[test]
fn check_validates_the_catalog_it_is_given() {
    let dir = tempfile::tempdir().expect("dir");
    let text = write(dir.path(), "notes.txt", "Japan and Tokyo.\n");
    let catalog = write(
        dir.path(),
        "cat.json",
        r#"{"title": "My notes", "entities": [{"id": "japan", "name": "Japan"}, {"id": "japan", "name": "."}]}"#,
    );
    let o = entscope(&["check", s(&text), "--catalog", s(&catalog)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let c = s(&catalog);
    assert!(
        out.contains(&format!(
            "{c}: entities[1].id: duplicate id \"japan\" (first used by entities[0]) — skipped"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{c}: entities[1].name: \".\" has no letter or digit: it would link punctuation or invisible characters"
        )),
        "{out}"
    );
    // The same catalog under any name is checked as a catalog.
    let alone = stdout(&entscope(&["check", c]));
    assert!(alone.contains("duplicate id \"japan\""), "{alone}");
    assert!(!alone.contains("not a document"), "{alone}");
    let good = write(
        dir.path(),
        "good.json",
        r#"{"title": "My notes", "entities": [{"id": "japan", "name": "Japan"}]}"#,
    );
    let o = entscope(&["check", s(&text), "--catalog", s(&good)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).starts_with(&format!(
            "{} with {}: ok (1 paragraph, 1 entity, 1 mention, 0 relations)\n",
            s(&text),
            s(&good)
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_of_a_folder_with_nothing_readable_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "photo.png", b"\x89PNG".as_slice());
    let o = entscope(&["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{}: nothing to check: no file here is a format entscope reads\n",
            s(dir.path())
        )
    );
}

// ---- nothing from input is obeyed by the terminal ----

const EVIL: &str = "evil\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}";

fn assert_inert(what: &str, text: &str) {
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{9b}'),
        "{what} printed a raw control character: {text:?}"
    );
}

#[test]
fn file_names_with_escape_sequences_are_shown_not_obeyed_by_every_command() {
    let dir = tempfile::tempdir().expect("dir");
    let doc = write(dir.path(), &format!("{EVIL}.txt"), "Japan and Tokyo.\n");
    write(dir.path(), "broken.json", "{");
    write(dir.path(), &format!("{EVIL}.png"), "x");
    let folder = s(dir.path());
    let runs: Vec<Vec<&str>> = vec![
        vec!["entities", s(&doc)],
        vec!["entities", folder],
        vec!["show", "japan", folder],
        vec!["search", "jap", folder],
        vec!["check", folder],
        vec!["export", folder, "--format", "dot"],
        vec![folder],
    ];
    for args in &runs {
        let o = entscope(args);
        assert_inert(&format!("{args:?} stdout"), &stdout(&o));
        assert_inert(&format!("{args:?} stderr"), &stderr(&o));
    }
    let check = stdout(&entscope(&["check", s(&doc)]));
    assert!(
        check.contains("evil␛]0;pwned␇␛]52;c;aGk=␇.txt: ok"),
        "{check}"
    );
    let missing = dir.path().join(EVIL).join("out.json");
    let o = entscope(&["export", "--output", s(&missing)]);
    assert_eq!(o.status.code(), Some(1));
    assert_inert("an error naming the output", &stderr(&o));
    assert!(stderr(&o).contains("evil␛]0;pwned␇"), "{}", stderr(&o));
}

#[test]
fn json_and_dot_output_escape_c1_controls_and_bidi_overrides() {
    let dir = tempfile::tempdir().expect("dir");
    let doc = write(
        dir.path(),
        "doc.txt",
        "Tokyo \u{9b}31m and \u{202e}Osaka.\n",
    );
    write(
        dir.path(),
        "doc.entities.json",
        r#"{"entities": [{"id": "tokyo", "name": "Tokyo", "description": "a \u009b2J city \u202e"}]}"#,
    );
    for args in [
        vec!["export", s(&doc)],
        vec!["export", s(&doc), "--format", "jsonl"],
        vec!["export", s(&doc), "--format", "dot"],
        vec!["entities", s(&doc), "--json"],
        vec!["show", "tokyo", s(&doc), "--json"],
    ] {
        let out = stdout(&entscope(&args));
        assert!(
            !out.contains('\u{9b}') && !out.contains('\u{202e}'),
            "{args:?}: {out}"
        );
    }
    let json = stdout(&entscope(&["entities", s(&doc), "--json"]));
    assert!(json.contains("a \\u009b2J city \\u202e"), "{json}");
    let rows = crate::common::json_lines(&json);
    assert_eq!(rows[0]["description"], "a \u{9b}2J city \u{202e}");
}

#[test]
fn tables_align_wide_names_by_display_width() {
    let dir = tempfile::tempdir().expect("dir");
    let doc = write(dir.path(), "doc.txt", "東京 and Tokyo.\n");
    write(
        dir.path(),
        "doc.entities.json",
        r#"{"entities": [{"id": "東京都", "name": "東京", "kind": "都市"}, {"id": "tokyo-en", "name": "Tokyo", "kind": "city"}]}"#,
    );
    let out = stdout(&entscope(&["entities", s(&doc)]));
    // Where the NAME column starts, in terminal columns, on each line.
    let columns: Vec<usize> = out
        .lines()
        .zip(["NAME", "東京", "Tokyo"])
        .map(|(l, name)| unicode_width::UnicodeWidthStr::width(&l[..l.rfind(name).expect("name")]))
        .collect();
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "{columns:?}\n{out}"
    );
}

// ---- never destroy the user's files ----

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let notes = write(dir.path(), "notes.txt", "Japan and Tokyo.\n");
    let o = entscope(&[
        "export",
        s(&notes),
        "--format",
        "dot",
        "--output",
        s(&notes),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}: refusing to write over a file this export reads; choose another --output\n",
            s(&notes)
        )
    );
    let o = entscope(&[
        "export",
        s(&notes),
        "--format",
        "brat",
        "--output",
        s(dir.path()),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1), "not even with --force");
    assert_eq!(
        std::fs::read_to_string(&notes).expect("notes"),
        "Japan and Tokyo.\n",
        "the source is untouched"
    );
}

#[test]
fn existing_files_are_replaced_only_with_force() {
    let dir = tempfile::tempdir().expect("dir");
    let out = write(dir.path(), "graph.dot", "mine");
    let o = entscope(&["export", "--format", "dot", "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}: already exists; add --force to replace it\n",
            s(&out)
        )
    );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "mine");
    let o = entscope(&["export", "--format", "dot", "--output", s(&out), "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .expect("replaced")
            .starts_with("digraph")
    );
}

#[test]
fn corpus_files_that_share_a_stem_are_written_under_distinct_names() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("in");
    write(&input, "a.txt", "Japan.\n");
    write(&input, "a.md", "Tokyo.\n");
    write(&input, "x/y.txt", "Osaka.\n");
    write(&input, "x_y.txt", "Kyoto.\n");
    let out = dir.path().join("out");
    let o = entscope(&["export", s(&input), "--format", "brat", "--output", s(&out)]);
    assert_eq!(
        stdout(&o),
        format!("wrote 4 brat documents to {}\n", s(&out))
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "a_md.ann",
            "a_md.txt",
            "a_txt.ann",
            "a_txt.txt",
            "x_y_txt-2.ann",
            "x_y_txt-2.txt",
            "x_y_txt.ann",
            "x_y_txt.txt"
        ]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_standard_output_fails_and_a_closed_pipe_does_not() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(["export"])
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "entscope: cannot write to standard output: No space left on device (os error 28)\n"
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(["export"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("ends");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
}

#[cfg(unix)]
#[test]
fn folders_with_fifos_symlink_loops_and_links_outside_are_walked_safely() {
    let dir = tempfile::tempdir().expect("dir");
    let outside = tempfile::tempdir().expect("outside");
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Japan and Tokyo.\n");
    write(&corpus, "sub/b.txt", "Japan and Osaka.\n");
    write(outside.path(), "secret.txt", "Canberra.\n");
    let fifo = corpus.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink(".", corpus.join("loop")).expect("loop");
    std::os::unix::fs::symlink("..", corpus.join("sub/up")).expect("loop");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), corpus.join("out.txt"))
        .expect("link out");
    std::os::unix::fs::symlink(corpus.join("a.txt"), corpus.join("again.txt")).expect("link in");

    let start = std::time::Instant::now();
    let o = entscope(&["entities", s(&corpus), "--json"]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "no hang, no blow-up"
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "passing over is not losing: {}",
        stderr(&o)
    );
    let rows = crate::common::json_lines(&o.stdout);
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert!(
        !names.contains(&"Canberra"),
        "the link out is not followed: {names:?}"
    );
    let japan = rows.iter().find(|r| r["name"] == "Japan").expect("Japan");
    assert_eq!(
        japan["mentions"], 3,
        "a.txt, its link inside the folder, and sub/b.txt"
    );
    assert_eq!(
        stderr(&o),
        "entscope: passed over 2 files that are not documents entscope reads (the explorer's d lists them)\n"
    );
    let followed = entscope(&["entities", s(&corpus), "--json", "--follow"]);
    let rows = crate::common::json_lines(&followed.stdout);
    assert!(
        rows.iter().any(|r| r["name"] == "Canberra"),
        "--follow reads it"
    );
    let _ = Path::new(".");
}

/// The same in brat: two spans of different types normalised to one id.
#[test]
fn brat_spans_of_one_normalised_id_keep_their_types() {
    let dir = tempfile::tempdir().expect("dir");
    let text = write(
        dir.path(),
        "g.txt",
        "Page founded Google. Google hired Page.\n",
    );
    write(
        dir.path(),
        "g.ann",
        "T1\tPerson 0 4\tPage\nT2\tOrganization 13 19\tGoogle\nT3\tPerson 34 38\tPage\n\
         N1\tReference T1 Wikidata:Q4934\tLarry Page\nN2\tReference T2 Wikidata:Q4934\tLarry Page\n\
         N3\tReference T3 Wikidata:Q4934\tLarry Page\n",
    );
    let o = entscope(&["entities", s(&text), "--json"]);
    let rows = crate::common::json_lines(&o.stdout);
    let kinds: Vec<&str> = rows.iter().filter_map(|r| r["kind"].as_str()).collect();
    assert!(
        kinds.contains(&"Person") && kinds.contains(&"Organization"),
        "{kinds:?}"
    );
    assert!(
        stderr(&o).contains(
            "warning: Wikidata:Q4934: its spans are labelled Person (2), Organization (1); each label is kept as an entity of its own"
        ),
        "{}",
        stderr(&o)
    );
}
