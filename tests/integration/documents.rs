//! Any document, any corpus: text and Markdown of the user's own, catalogs
//! beside them, discovery without them, folders, and bad files.

use crate::common;
use common::{entscope, s, stderr, stdout, write};

use std::time::{Duration, Instant};

fn entities_json(args: &[&str]) -> Vec<serde_json::Value> {
    let o = entscope(args);
    assert!(o.status.success(), "{}", stderr(&o));
    crate::common::json_lines(&o.stdout)
}

fn ids(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

const REPORT: &str = "Pacific report\n\n\
New Zealand Prime Minister Christopher Luxon met his Japanese counterpart\n\
in Tokyo, where the two leaders signed the Information Security Agreement.\n\n\
Luxon later spoke about the Quadrilateral Security Dialogue, or QUAD.\n";

#[test]
fn a_text_of_ones_own_opens_with_discovered_entities_and_derived_relations() {
    let dir = tempfile::tempdir().expect("dir");
    let report = write(dir.path(), "report.txt", REPORT);
    let rows = entities_json(&["entities", s(&report), "--json"]);
    let found = ids(&rows);
    for id in [
        "new-zealand",
        "christopher-luxon",
        // A nationality is its own entity, not another name of its country.
        "japanese",
        "tokyo",
        "information-security-agreement",
        "quadrilateral-security-dialogue",
    ] {
        assert!(found.contains(&id.to_string()), "{id} in {found:?}");
    }
    let luxon = rows
        .iter()
        .find(|r| r["id"] == "christopher-luxon")
        .expect("luxon");
    assert_eq!(luxon["kind"], "person");
    assert_eq!(luxon["mentions"], 2, "the surname links to the full name");

    let o = entscope(&["show", "luxon", s(&report)]);
    let out = stdout(&o);
    assert!(
        out.contains("≈ co-mentioned with Tokyo ×1 (derived)  ¶2"),
        "{out}"
    );
}

#[test]
fn a_catalog_beside_the_text_is_picked_up_without_the_flag() {
    let dir = tempfile::tempdir().expect("dir");
    let report = write(dir.path(), "report.txt", REPORT);
    write(
        dir.path(),
        "report.entities.json",
        r#"{"entities": [{"id": "pm", "name": "Christopher Luxon", "kind": "person", "aliases": ["Luxon"]}]}"#,
    );
    let rows = entities_json(&["entities", s(&report), "--json"]);
    assert_eq!(ids(&rows), ["pm"], "the catalog, not discovery");
    assert_eq!(rows[0]["mentions"], 2);
}

#[test]
fn markdown_headings_lists_and_code_are_read_for_what_they_are() {
    let dir = tempfile::tempdir().expect("dir");
    let notes = write(
        dir.path(),
        "notes.md",
        "# Japan and New Zealand\n\nThe **Five Eyes** and [Hokkaido University](https://example.org).\n\n\
         - Tokyo\n- Wellington\n\n```\nTokyo in code is not a mention\n```\n",
    );
    let o = entscope(&["export", s(&notes)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let paragraphs = v["document"]["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(v["document"]["title"], "Japan and New Zealand");
    assert_eq!(paragraphs[0]["block"], "heading1");
    assert_eq!(
        paragraphs[1]["text"],
        "The Five Eyes and Hokkaido University."
    );
    assert_eq!(paragraphs[2]["text"], "• Tokyo");
    assert_eq!(paragraphs[4]["block"], "verbatim");
    let tokyo: Vec<&serde_json::Value> = v["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| m["entity"] == "tokyo")
        .collect();
    assert_eq!(tokyo.len(), 1, "not inside the code block: {tokyo:?}");
}

#[test]
fn a_folder_opens_as_a_corpus_merging_entities_and_listing_what_it_skipped() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "a-report.txt", REPORT);
    write(
        dir.path(),
        "b-notes.md",
        "# Notes\n\nJapan and Australia met in Canberra.\n",
    );
    write(dir.path(), "nested/c.txt", "Tokyo and Canberra.\n");
    write(
        dir.path(),
        "photo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00".as_slice(),
    );
    write(dir.path(), "blob.txt", b"abc\x00def".as_slice());
    write(dir.path(), "empty.md", "");
    write(dir.path(), ".hidden.txt", "Secret Place.");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("dangling.txt"))
        .expect("symlink");

    let o = entscope(&["entities", s(dir.path()), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a refused document fails the command"
    );
    let rows = crate::common::json_lines(&o.stdout);
    let japan = rows.iter().find(|r| r["id"] == "japan").expect("japan");
    assert_eq!(japan["mentions"], 1, "Japan in the notes");
    let japanese = rows
        .iter()
        .find(|r| r["id"] == "japanese")
        .expect("japanese");
    assert_eq!(
        japanese["kind"], "nationality",
        "Japanese in the report, apart"
    );
    let canberra = rows
        .iter()
        .find(|r| r["id"] == "canberra")
        .expect("canberra");
    assert_eq!(
        canberra["mentions"], 2,
        "merged across b-notes.md and nested/c.txt"
    );
    assert!(
        !ids(&rows).contains(&"secret-place".to_string()),
        "hidden files are left alone"
    );

    let err = stderr(&o);
    let blob = dir.path().join("blob.txt");
    let passed_over = if cfg!(unix) { 3 } else { 2 };
    assert_eq!(
        err,
        format!(
            "entscope: {}: refused: binary data (a NUL byte at offset 3), not text\n\
             entscope: passed over {passed_over} files that are not documents entscope reads (the explorer's d lists them)\n\
             entscope: read 3 of 4 documents; 1 refused — see above\n",
            s(&blob)
        ),
        "one line per refused document, one for everything passed over, and the summary last"
    );

    let show = stdout(&entscope(&["show", "canberra", s(dir.path())]));
    assert!(show.contains("b-notes.md ¶2"), "{show}");
    assert!(show.contains("nested/c.txt ¶1"), "{show}");
}

#[test]
fn several_named_files_are_a_corpus_and_a_bad_one_among_them_is_refused_not_fatal() {
    let dir = tempfile::tempdir().expect("dir");
    let a = write(dir.path(), "a.txt", "Japan and Tokyo.\n");
    let b = write(dir.path(), "b.md", "# Canberra\n\nAustralia.\n");
    let rows = entities_json(&["entities", s(&a), s(&b), "--json"]);
    assert!(ids(&rows).contains(&"canberra".to_string()));
    let bad = write(dir.path(), "bad.txt", b"\xff\xfe".as_slice());
    let o = entscope(&["entities", s(&a), s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("tokyo"),
        "the good file is still listed"
    );
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}:1:1: refused: invalid UTF-8 (byte 0xff); entscope reads UTF-8 text\n\
             entscope: read 1 of 2 documents; 1 refused — see above\n",
            s(&bad)
        )
    );
}

#[test]
fn a_corpus_exports_and_reads_back_with_its_parts() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "a.txt", "Japan and Tokyo.\n");
    write(dir.path(), "b.txt", "Japan and Canberra.\n");
    let first = entscope(&["export", s(dir.path())]);
    let v: serde_json::Value = serde_json::from_slice(&first.stdout).expect("JSON");
    assert_eq!(v["document"]["parts"][1]["file"], "b.txt");
    assert_eq!(v["document"]["parts"][1]["first"], 2);
    let copy = write(dir.path(), "../corpus-export.json", &first.stdout);
    let again = entscope(&["export", s(&copy)]);
    assert_eq!(stdout(&again), stdout(&first));
}

#[test]
fn bad_single_files_give_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let cases: [(&str, &[u8], String); 3] = [
        ("empty.txt", b"", "the file is empty".into()),
        ("blank.txt", b" \n\n\t\n", "the file is empty".into()),
        (
            "binary.txt",
            b"GIF89a\x00\x01",
            "binary data (a NUL byte at offset 6), not text".into(),
        ),
    ];
    for (name, contents, message) in cases {
        let path = write(dir.path(), name, contents);
        let o = entscope(&["entities", s(&path)]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert_eq!(stderr(&o), format!("entscope: {}: {message}\n", s(&path)));
    }
}

#[test]
fn crlf_bom_and_mixed_line_endings_read_as_plain_text() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(
        dir.path(),
        "windows.txt",
        "\u{feff}Tokyo is big.\r\n\r\nCanberra is not.\rWellington\r\n".as_bytes(),
    );
    let o = entscope(&["export", s(&path)]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let texts: Vec<&str> = v["document"]["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(texts, ["Tokyo is big.", "Canberra is not.", "Wellington"]);
    assert_eq!(
        v["mentions"][0]["start"], 0,
        "the BOM is not a character of the text"
    );
}

#[test]
fn one_enormous_line_loads_quickly() {
    let dir = tempfile::tempdir().expect("dir");
    let sentence = "Japan and New Zealand met in Tokyo with Australia. ";
    let path = write(dir.path(), "huge.txt", sentence.repeat(60_000)); // 3 MB, no line break
    let start = Instant::now();
    let o = entscope(&["search", "tokyo", s(&path), "--json"]);
    let took = start.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = crate::common::json_lines(&o.stdout);
    assert_eq!(rows[0]["id"], "tokyo");
    assert_eq!(rows[0]["mentions"], 60_000);
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
