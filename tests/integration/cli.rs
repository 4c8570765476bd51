//! The command line, run as a user would: the built binary, its output and
//! its exit code.

use crate::common;
use common::{entscope, s, stderr, stdout, write};

use std::path::Path;

#[test]
fn entities_json_lists_every_curated_entity_with_exactly_the_documented_keys() {
    let o = entscope(&["entities", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = crate::common::json_lines(&o.stdout);
    assert!(rows.len() >= 30, "{} entities", rows.len());
    for row in &rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["aliases", "description", "id", "kind", "mentions", "name"]
        );
    }
    let japan = rows
        .iter()
        .find(|r| r["id"] == "japan")
        .expect("japan listed");
    assert_eq!(japan["kind"], "country");
    assert!(japan["mentions"].as_u64().expect("count") >= 10);
}

#[test]
fn entities_table_is_readable() {
    let o = entscope(&["entities"]);
    let out = stdout(&o);
    assert!(out.starts_with("ID"), "{out}");
    assert!(out.contains("christopher-luxon"), "{out}");
    assert!(out.contains("Christopher Luxon [Luxon]"), "{out}");
    assert!(
        out.lines().last().expect("summary").contains("entities"),
        "{out}"
    );
}

#[test]
fn show_finds_an_entity_by_alias_and_lists_mentions_and_relations_both_ways() {
    let o = entscope(&["show", "luxon"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Christopher Luxon  (person, id christopher-luxon)"),
        "{out}"
    );
    assert!(out.contains("Mentions (3):"), "{out}");
    assert!(
        out.contains("[Christopher Luxon]’s visit to Tokyo"),
        "{out}"
    );
    assert!(
        out.contains("→ prime minister of New Zealand  ¶6 ¶8"),
        "{out}"
    );
    assert!(out.contains("→ met Fumio Kishida"), "{out}");

    let five_eyes = stdout(&entscope(&["show", "Five Eyes"]));
    assert!(five_eyes.contains("← Canada member of  ¶16"), "{five_eyes}");
}

#[test]
fn show_json_has_mentions_with_offsets_and_relations() {
    let o = entscope(&["show", "japan", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let first = &v["mentions"][0];
    assert_eq!(first["paragraph"], 2);
    assert_eq!(first["text"], "Japan");
    assert!(
        v["incoming"]
            .as_array()
            .expect("incoming")
            .iter()
            .any(|r| r["source"] == "fumio-kishida")
    );
    assert!(
        v["outgoing"]
            .as_array()
            .expect("outgoing")
            .iter()
            .any(|r| r["target"] == "indo-pacific-four")
    );
}

#[test]
fn show_of_a_misspelling_with_one_clear_match_shows_it_and_says_so() {
    let o = entscope(&["show", "kishda"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stderr(&o),
        "entscope: showing Fumio Kishida for \"kishda\"\n"
    );
    assert!(stdout(&o).starts_with("Fumio Kishida  (person, id fumio-kishida)\n"));
}

#[test]
fn show_of_an_ambiguous_name_suggests_the_closest_entities() {
    let o = entscope(&["show", "pac"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("entscope: "), "{err}");
    assert!(err.contains("no entity is called \"pac\""), "{err}");
    assert!(
        err.contains("closest: Pacific (pacific), Pacific Islands Forum (pacific-islands-forum)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn search_ranks_fuzzy_matches_with_scores() {
    let o = entscope(&["search", "pacific", "--limit", "3", "--json"]);
    let rows = crate::common::json_lines(&o.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["id"], "pacific");
    assert!(rows[0]["score"].as_i64().expect("score") >= rows[1]["score"].as_i64().expect("score"));

    let text = stdout(&entscope(&["search", "hokkaido"]));
    assert!(
        text.lines()
            .next()
            .expect("a hit")
            .contains("Hokkaido University"),
        "{text}"
    );
}

#[test]
fn export_json_is_the_whole_model_and_reads_back_identically() {
    let o = entscope(&["export", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        v["document"]["paragraphs"]
            .as_array()
            .expect("paragraphs")
            .len(),
        29
    );
    assert_eq!(v["document"]["paragraphs"][1]["index"], 2);
    let mention = &v["mentions"][0];
    for key in ["entity", "paragraph", "start", "end", "text"] {
        assert!(mention.get(key).is_some(), "mention has {key}");
    }
    let relation = &v["relations"][0];
    for key in ["source", "target", "label", "evidence"] {
        assert!(relation.get(key).is_some(), "relation has {key}");
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "article.json", &o.stdout);
    let again = entscope(&["export", s(&path)]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again),
        stdout(&o),
        "export → read → export changes nothing"
    );
}

#[test]
fn a_text_file_with_a_catalog_is_linked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = write(
        dir.path(),
        "note.txt",
        "Ada met Grace.\n\nGrace’s reply\ncame later.\n",
    );
    let catalog = write(
        dir.path(),
        "cat.json",
        r#"{"entities": [{"id": "ada", "name": "Ada Lovelace", "kind": "person", "aliases": ["Ada"]},
                         {"id": "grace", "name": "Grace Hopper", "kind": "person", "aliases": ["Grace"]}],
            "relations": [{"source": "ada", "target": "grace", "label": "met", "evidence": [1]}]}"#,
    );
    let o = entscope(&[
        "show",
        "grace",
        s(&text),
        "--catalog",
        s(&catalog),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["mentions"].as_array().expect("mentions").len(), 2);
    assert_eq!(v["mentions"][1]["paragraph"], 2);
    assert_eq!(v["incoming"][0]["source"], "ada");
}

/// Runs entscope on a bad file and returns its one-line complaint.
fn complaint(args: &[&str]) -> String {
    let o = entscope(args);
    assert_eq!(o.status.code(), Some(1), "stdout: {}", stdout(&o));
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_missing_file_is_named() {
    let err = complaint(&["entities", "no/such/file.json"]);
    assert_eq!(err, "entscope: no/such/file.json: no such file\n");
}

#[test]
fn an_empty_folder_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = complaint(&["entities", s(dir.path())]);
    assert_eq!(
        err,
        format!(
            "entscope: {}: no document here: entscope reads .txt, .md, .json, .jsonl, .conll and brat files\n",
            s(dir.path())
        )
    );
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "bad.txt", b"fine line\nab\xffcd\n".as_slice());
    let err = complaint(&["entities", s(&path)]);
    assert_eq!(
        err,
        format!(
            "entscope: {}:2:3: invalid UTF-8 (byte 0xff); entscope reads UTF-8 text\n",
            s(&path)
        )
    );
}

#[test]
fn invalid_json_gives_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        dir.path(),
        "doc.json",
        "{\n  \"entities\": [\n    {\"id\": \"a\",, }\n  ]\n}\n",
    );
    let err = complaint(&["entities", s(&path)]);
    assert!(
        err.starts_with(&format!(
            "entscope: {}:3:16: invalid JSON: key must be a string",
            s(&path)
        )),
        "{err}"
    );
}

#[test]
fn a_missing_or_mistyped_field_is_located_and_a_users_own_field_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = write(
        dir.path(),
        "m.json",
        "{\"entities\": [{\"id\": \"a\", \"kind\": \"person\"}]}",
    );
    assert_eq!(
        complaint(&["entities", s(&missing)]),
        format!(
            "entscope: {}:1:43: unexpected content: missing field `name`\n",
            missing.display()
        )
    );
    let mistyped = write(
        dir.path(),
        "t.json",
        "{\"entities\": [{\"id\": \"a\", \"name\": \"A\", \"aliases\": \"x\"}]}",
    );
    assert!(
        complaint(&["entities", s(&mistyped)])
            .contains(":1:53: unexpected content: invalid type: string \"x\", expected a sequence")
    );
    let own = write(
        dir.path(),
        "o.json",
        "{\"entities\": [{\"id\": \"a\", \"name\": \"A\", \"wikidata\": \"Q1\"}]}",
    );
    let o = entscope(&["entities", s(&own)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_unknown_key_is_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        dir.path(),
        "doc.json",
        "{\"entities\": [{\"id\": \"a\", \"name\": \"A\", \"alises\": []}]}",
    );
    let err = complaint(&["entities", s(&path)]);
    assert_eq!(
        err,
        format!(
            "entscope: {}: entities[0]: unknown field `alises` (did you mean `aliases`?) — ignored\n\
             entscope: read 1 of 1 document; 1 record with errors (skipped or read in part) — see above\n",
            path.display()
        )
    );
}

#[test]
fn a_catalog_opened_alone_lists_and_searches_its_entities() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        dir.path(),
        "cat.json",
        r#"{"entities": [{"id": "nz", "name": "New Zealand", "kind": "country"}, {"id": "jp", "name": "Japan"}]}"#,
    );
    let o = entscope(&["search", "new zea", s(&path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("New Zealand"), "{}", stdout(&o));
    let o = entscope(&["entities", "--catalog", s(&path)]);
    assert!(
        stdout(&o).contains("jp  other           0  Japan"),
        "{}",
        stdout(&o)
    );
    let o = entscope(&[s(&path)]);
    assert!(
        stdout(&o).contains("0 paragraphs, 2 entities"),
        "{}",
        stdout(&o)
    );
}

const BROKEN: &str = r#"{
  "document": {"title": "Broken", "paragraphs": [{"index": 1, "text": "Ada met Grace."}]},
  "entities": [
    {"id": "ada", "name": "Ada", "kind": "person"},
    {"id": "ada", "name": "Ada again"},
    {"id": "grace", "name": "  "}
  ],
  "mentions": [
    {"entity": "grase", "paragraph": 1, "start": 8, "end": 13},
    {"entity": "ada", "paragraph": 1, "start": 8, "end": 40},
    {"entity": "ada", "paragraph": 1, "start": 0, "end": 3, "text": "Bob"}
  ],
  "relations": [
    {"source": "ada", "target": "nobody", "label": "met", "evidence": [1, 7]}
  ]
}"#;

#[test]
fn check_lists_every_problem_of_a_broken_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "broken.json", BROKEN);
    let p = s(&path);
    let o = entscope(&["check", p]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let expected = [
        format!("{p}: entities[1].id: duplicate id \"ada\" (first used by entities[0]) — skipped"),
        format!("{p}: entities[2].name: empty name — skipped"),
        format!(
            "{p}: mentions[0].entity: unknown entity \"grase\" (did you mean \"grace\"?) — skipped"
        ),
        format!("{p}: mentions[1]: span 8..40 is outside paragraph 1 (14 characters) — skipped"),
        format!("{p}: mentions[2].text: warning: says \"Bob\" but paragraph 1 has \"Ada\" at 0..3"),
        format!("{p}: relations[0].target: unknown entity \"nobody\" — skipped"),
        format!(
            "{p}: relations[0].evidence[1]: paragraph 7 does not exist (the document has 1 paragraph, numbered from 1) — skipped"
        ),
    ];
    for line in &expected {
        assert!(
            out.lines().any(|l| l == line),
            "missing line {line:?} in:\n{out}"
        );
    }
    assert!(
        out.ends_with("checked 1 file: 1 with errors, 6 errors, 1 warning\n"),
        "{out}"
    );
}

/// A bad record is reported with its JSON path and skipped; the rest of
/// the document loads, and the command fails with the summary line, as the
/// line-based readers do.
#[test]
fn opening_a_broken_document_skips_each_bad_record_and_loads_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "broken.json", BROKEN);
    let o = entscope(&["entities", s(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 8, "{err}");
    assert!(err.lines().all(|l| l.starts_with("entscope: ")), "{err}");
    assert!(
        err.ends_with(
            "entscope: read 1 of 1 document; 6 records with errors (skipped or read in part) — see above\n"
        ),
        "{err}"
    );
    // Ada, with the one good mention; the relation to nobody is gone.
    let out = stdout(&o);
    assert!(out.contains("Ada"), "{out}");
    assert!(!out.contains("Ada again"), "{out}");
    let shown = entscope(&["show", "ada", s(&path), "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&shown)).expect("JSON");
    assert_eq!(
        shown["mentions"].as_array().map(Vec::len),
        Some(1),
        "{shown}"
    );
    assert_eq!(
        shown["outgoing"].as_array().map(Vec::len),
        Some(0),
        "{shown}"
    );
}

#[test]
fn check_passes_the_bundled_annotation_and_a_catalog_beside_its_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a.txt", "Ada met Grace. Grace met Ada.");
    let catalog = write(
        dir.path(),
        "a.entities.json",
        r#"{"entities": [{"id": "ada", "name": "Ada"}, {"id": "x", "name": "Other", "aliases": ["ada"]}]}"#,
    );
    let o = entscope(&["check", s(&catalog)]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("warning: alias \"Ada\" is shared by \"ada\" and \"x\"; it links to \"ada\""),
        "{out}"
    );
    assert!(
        out.contains("ok (1 paragraph, 2 entities, 2 mentions, 0 relations)"),
        "{out}"
    );

    let bundled =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/japan-nz-partnership.entities.json");
    let o = entscope(&["check", s(&bundled)]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("checked 1 file: 0 with errors, 0 errors, 0 warnings\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn control_characters_in_a_document_are_shown_not_sent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = write(dir.path(), "evil.txt", "Ada\u{1b}[2J rang \u{7} twice.");
    let catalog = write(
        dir.path(),
        "cat.json",
        r#"{"entities": [{"id": "ada", "name": "Ada"}]}"#,
    );
    let o = entscope(&["show", "ada", s(&text), "--catalog", s(&catalog)]);
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("[Ada]␛[2J rang ␇ twice."), "{out}");
}

#[test]
fn help_and_version() {
    let help = stdout(&entscope(&["--help"]));
    for word in ["entities", "show", "search", "export", "check", "--catalog"] {
        assert!(help.contains(word), "help mentions {word}");
    }
    let version = stdout(&entscope(&["--version"]));
    assert_eq!(
        version.trim(),
        format!("entscope {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_line_definitions() {
    for shell in ["bash", "zsh", "fish"] {
        let o = entscope(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = stdout(&o);
        assert!(script.contains("entscope"), "{shell}");
        assert!(
            script.contains("export"),
            "{shell}: subcommands are completed"
        );
    }
    let o = entscope(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains("\\-\\-catalog"), "options are documented");
    // Every page the main page names exists: printed alone, or written.
    let named: Vec<String> = page
        .lines()
        .filter_map(|l| l.strip_suffix("(1)"))
        .filter_map(|l| l.strip_prefix("entscope\\-"))
        .map(str::to_string)
        .collect();
    assert!(named.len() > 8, "{named:?}");
    let dir = tempfile::tempdir().expect("dir");
    let written = entscope(&["man", "--dir", s(dir.path())]);
    assert!(written.status.success(), "{}", stderr(&written));
    for sub in &named {
        let one = entscope(&["man", sub]);
        assert!(one.status.success(), "{sub}: {}", stderr(&one));
        assert!(
            stdout(&one).contains(&format!(".TH entscope-{sub} 1")),
            "{sub}"
        );
        assert!(
            dir.path().join(format!("entscope-{sub}.1")).is_file(),
            "{sub}"
        );
    }
    // Never over a page already there, unless told.
    let again = entscope(&["man", "--dir", s(dir.path())]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("exists: --force replaces it"),
        "{}",
        stderr(&again)
    );
    assert!(
        entscope(&["man", "--dir", s(dir.path()), "--force"])
            .status
            .success()
    );
    let unknown = entscope(&["man", "nope"]);
    assert_eq!(
        stderr(&unknown),
        "entscope: no subcommand \"nope\" (entscope --help lists them)\n"
    );
}

#[test]
fn config_default_prints_a_file_that_reads_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = entscope(&["config", "--default"]);
    assert_eq!(o.status.code(), Some(0));
    let path = write(dir.path(), "config.toml", stdout(&o));
    let o = entscope(&["config", "--config", s(&path)]);
    assert_eq!(stdout(&o), format!("{}: ok\n", s(&path)));
    let bad = write(
        dir.path(),
        "bad.toml",
        "[keys.normal]\nn = \"next_mentoin\"\n",
    );
    let o = entscope(&["config", "--config", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}:2:5: unknown command \"next_mentoin\" (did you mean \"next_mention\"?)\n",
            s(&bad)
        )
    );
}

#[test]
fn kwic_aligns_the_mentions_and_sorts_them() {
    let out = entscope(&["kwic", "japan", "--width", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 14);
    // The mentions line up in one column.
    let columns: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().position(|c| c == '[').expect("a bracket"))
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{text}");
    assert!(lines[0].starts_with(" ¶2  "), "{text}");
    let json = stdout(&entscope(&["kwic", "luxon", "--sort", "right", "--json"]));
    let first: serde_json::Value =
        serde_json::from_str(json.lines().next().unwrap_or_default()).expect("json");
    assert!(
        first["mention"]
            .as_str()
            .is_some_and(|m| m.contains("Luxon"))
    );
    let bad = entscope(&["kwic", "japan", "--sort", "up"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        stderr(&bad).trim(),
        "entscope: --sort up: expected position, left or right"
    );
    let nobody = entscope(&["kwic", "zzzzzz"]);
    assert!(stderr(&nobody).contains("no entity is called \"zzzzzz\""));
}

#[test]
fn paragraphs_prints_what_a_filter_passes() {
    let out = entscope(&["paragraphs", "china"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cites: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(cites, ["¶21", "¶22", "¶23"]);
    let json = stdout(&entscope(&["paragraphs", "japan !china", "--json"]));
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(rows.len() > 5);
    assert!(
        rows.iter()
            .all(|r| ![21, 22, 23].contains(&r["paragraph"].as_u64().unwrap_or(0)))
    );
    let bad = entscope(&["paragraphs", "kind:weather"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).starts_with("entscope: no entity is of kind \"weather\" (kinds: agreement"),
        "{}",
        stderr(&bad)
    );
}

/// One rule for every command's `--json`: JSON Lines, each line an object
/// a real parser reads, with the keys the help promises — on one file and
/// on a corpus alike.
#[test]
fn every_json_output_is_json_lines_with_the_documented_keys() {
    let dir = tempfile::tempdir().expect("dir");
    let corpus = dir.path().join("corpus");
    write(&corpus, "a.txt", "Japan met New Zealand in Tokyo.\n");
    write(&corpus, "b.txt", "New Zealand and Japan again.\n");
    let one = write(dir.path(), "one.txt", "Japan met New Zealand in Tokyo.\n");
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &["entities"],
            &["id", "name", "kind", "aliases", "description", "mentions"],
        ),
        (
            &["show", "japan"],
            &[
                "id",
                "name",
                "kind",
                "mentions",
                "outgoing",
                "incoming",
                "co_mentioned",
            ],
        ),
        (
            &["search", "japn"],
            &["id", "name", "kind", "matched", "score", "mentions"],
        ),
        (
            &["grep", "Japan"],
            &["document", "paragraph", "text", "hits"],
        ),
        (
            &["paragraphs", "japan"],
            &["cite", "document", "paragraph", "text"],
        ),
        (
            &["kwic", "japan"],
            &["cite", "document", "paragraph", "left", "mention", "right"],
        ),
    ];
    for (command, keys) in cases {
        for input in [s(&one), s(&corpus)] {
            let mut args = command.to_vec();
            args.extend([input, "--json"]);
            let o = entscope(&args);
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
            let rows = crate::common::json_lines(&o.stdout);
            assert!(!rows.is_empty(), "{args:?} printed nothing");
            for row in &rows {
                for key in keys {
                    assert!(row.get(key).is_some(), "{args:?}: no {key} in {row}");
                }
            }
        }
    }
}
