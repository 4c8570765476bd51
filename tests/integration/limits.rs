//! No input may make the cost explode: the shapes that once did (a book on
//! one line, a `CoNLL` file with no sentence breaks, an absurdly long name,
//! thousands of entities in one paragraph, a huge catalog of one-letter
//! aliases, a very long .ann) run the real binary under a memory limit and
//! a time limit far above what they need, so an order-of-magnitude
//! regression fails here.

use crate::common;

use std::time::{Duration, Instant};

use common::{s, write};

/// Runs entscope with `args` under `ulimit -v` (in MiB of address space),
/// returning (exit code, stderr, elapsed).
fn limited(args: &[&str], mib: usize) -> (Option<i32>, String, Duration) {
    let quoted: Vec<String> = args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "ulimit -v {}; exec \"$0\" {} >/dev/null",
        mib * 1024,
        quoted.join(" ")
    );
    let start = Instant::now();
    let out = std::process::Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_entscope")])
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", common::test_cache())
        .output()
        .expect("sh runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

fn assert_within(
    what: &str,
    (code, err, elapsed): (Option<i32>, String, Duration),
    limit: Duration,
) {
    assert!(
        code.is_some(),
        "{what}: killed (out of memory?) after {elapsed:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        elapsed < limit,
        "{what}: took {elapsed:?}, more than {limit:?}"
    );
}

/// Deterministic words.
fn words(n: usize, vocabulary: &[&str]) -> Vec<String> {
    let mut x: u64 = 7;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            vocabulary[(x >> 33) as usize % vocabulary.len()].to_string()
        })
        .collect()
}

#[test]
fn a_book_on_one_line_stays_linear() {
    let dir = tempfile::tempdir().expect("dir");
    // 200 KB of prose naming a few hundred organisations, on one line.
    let names: Vec<String> = (0..600).map(|i| format!("Zorblax{i} Holdings")).collect();
    let vocabulary: Vec<&str> = ["the", "met", "and", "Tokyo", "signed", "with"]
        .into_iter()
        .chain(names.iter().map(String::as_str))
        .collect();
    let line = words(30_000, &vocabulary).join(" ");
    let doc = write(dir.path(), "line.txt", format!("{line}\n"));
    assert_within(
        "one long line",
        limited(&["entities", s(&doc)], 600),
        Duration::from_mins(1),
    );
    assert_within(
        "one long line, exported",
        limited(&["export", s(&doc), "--format", "dot"], 600),
        Duration::from_mins(1),
    );
}

#[test]
fn conll_without_sentence_breaks_stays_linear() {
    let dir = tempfile::tempdir().expect("dir");
    let tokens = words(
        20_000,
        &[
            "Tokyo B-LOC",
            "Osaka I-LOC",
            "said O",
            "Japan B-LOC",
            "Ito B-PER",
        ],
    );
    let file = write(dir.path(), "flat.conll", tokens.join("\n") + "\n");
    assert_within(
        "CoNLL with no blank line",
        limited(&["entities", s(&file)], 400),
        Duration::from_secs(30),
    );
}

#[test]
fn an_absurdly_long_name_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let text = write(dir.path(), "t.txt", "Tokyo.\n");
    let name = "a".repeat(20_000);
    let catalog = write(
        dir.path(),
        "t.entities.json",
        format!(r#"{{"entities": [{{"id": "x", "name": "{name}"}}]}}"#),
    );
    let result = limited(&["entities", s(&text)], 300);
    assert_eq!(result.0, Some(1));
    assert!(
        result.1.contains(&format!(
            "{}: entities[0].name: a name of 20000 bytes",
            s(&catalog)
        )),
        "{}",
        result.1
    );
    assert_within("a 20,000-letter name", result, Duration::from_secs(10));
}

#[test]
fn thousands_of_entities_in_one_paragraph_stay_linear() {
    let dir = tempfile::tempdir().expect("dir");
    let entities: Vec<String> = (0..5_000)
        .map(|i| format!(r#"{{"id": "e{i}", "name": "Zork{i}"}}"#))
        .collect();
    write(
        dir.path(),
        "many.entities.json",
        format!(r#"{{"entities": [{}]}}"#, entities.join(",")),
    );
    let text: Vec<String> = (0..5_000).map(|i| format!("Zork{i}")).collect();
    let doc = write(dir.path(), "many.txt", text.join(" ") + "\n");
    assert_within(
        "5,000 entities in one paragraph",
        limited(&["show", "Zork1", s(&doc)], 400),
        Duration::from_secs(30),
    );
    assert_within(
        "…exported with their co-mention relations",
        limited(&["export", s(&doc), "--format", "dot"], 400),
        Duration::from_secs(30),
    );
}

#[test]
fn a_huge_catalog_of_one_letter_aliases_is_summarised() {
    let dir = tempfile::tempdir().expect("dir");
    let entities: Vec<String> = (0..20_000)
        .map(|i| {
            let alias = ["A", "the", "B", "of"][i % 4];
            format!(r#"{{"id": "n{i}", "name": "Name{i}", "aliases": ["{alias}"]}}"#)
        })
        .collect();
    write(
        dir.path(),
        "big.entities.json",
        format!(r#"{{"entities": [{}]}}"#, entities.join(",")),
    );
    let doc = write(
        dir.path(),
        "big.txt",
        "The cat of A and B. Name7 was there.\n".repeat(500),
    );
    let result = limited(&["entities", s(&doc)], 600);
    let lines = result.1.lines().count();
    assert!(
        lines <= 12,
        "warnings are summarised, not listed: {lines} lines"
    );
    assert!(
        result.1.contains("and 4996 more; it links to"),
        "each warning names a few entities and counts the rest: {}",
        result.1
    );
    assert_within(
        "20,000 entities sharing four aliases",
        result,
        Duration::from_mins(1),
    );
}

#[test]
fn a_long_ann_file_stays_linear() {
    let dir = tempfile::tempdir().expect("dir");
    let line = "Tokyo and Osaka. ".repeat(200);
    let text = format!("{line}\n").repeat(20);
    write(dir.path(), "long.txt", &text);
    let mut ann = String::new();
    let mut at = 0;
    for i in 1..=100_000 {
        ann.push_str(&format!("T{i}\tCity {at} {}\tTokyo\n", at + 5));
        at = (at + 17) % (text.chars().count() - 6);
    }
    let file = write(dir.path(), "long.ann", ann);
    let _ = file;
    assert_within(
        "100,000 annotation lines",
        limited(&["entities", s(&dir.path().join("long.txt"))], 800),
        Duration::from_mins(1),
    );
}

/// A text of one enormous paragraph: the explorer lays out only what it
/// shows, in chunks, under a memory limit a tenth of what it once took;
/// past 64 MB the paragraph is refused in one line, never left to exhaust
/// memory.
#[test]
fn one_enormous_paragraph_opens_in_the_explorer_and_a_larger_one_is_refused() {
    use crate::pty::{Launch, Session};
    let dir = tempfile::tempdir().expect("dir");
    let vocabulary = [
        "the", "report", "said", "Japan", "and", "New", "Zealand", "met", "in", "Tokyo",
    ];
    let paragraph = words(700_000, &vocabulary).join(" ");
    write(dir.path(), "one.txt", format!("{paragraph}.\n"));
    let script = format!(
        "ulimit -v {}; exec \"{}\" --no-mouse one.txt",
        900 * 1024,
        crate::pty::BIN
    );
    let mut explorer = Session::launch(&Launch::in_folder(dir.path(), "sh", &["-c", &script]));
    explorer.wait_for("Entities");
    explorer.send("G");
    explorer.wait_for("¶1/1");
    explorer.send("q");
    let status = explorer.wait_exit(Duration::from_secs(20)).expect("quits");
    assert_eq!(status.exit_code(), 0);

    let big = dir.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(14 * 1024 * 1024)).expect("write");
    let (code, err, _) = limited(&["entities", s(&big)], 600);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("paragraph 1 is 70 MB, more than the 64 MB entscope reads as one paragraph"),
        "{err}"
    );
}
