//! The link cache and the names cache, through the binary: a second run
//! reads what the first wrote and gives the same answer; an edited input is
//! a miss; a truncated, corrupt or foreign entry is ignored and rewritten;
//! processes writing one entry at once leave a valid one; `--no-cache`
//! neither reads nor writes.

use crate::common;

use std::path::{Path, PathBuf};

use common::{entscope_with_cache, s, stdout, write};

/// A text and a catalog big enough to be worth caching.
fn corpus(dir: &Path) -> (PathBuf, PathBuf) {
    let entities: Vec<String> = (0..2_500)
        .map(|i| format!(r#"{{"id": "e{i}", "name": "Zorblax{i}", "aliases": ["ZB{i}"]}}"#))
        .collect();
    let catalog = write(
        dir,
        "cat.json",
        format!(r#"{{"entities": [{}]}}"#, entities.join(",")),
    );
    let mut text = String::new();
    for i in 0..2_500 {
        text.push_str(&format!(
            "Zorblax{i} met ZB{} in Tokyo.\n\n",
            (i * 7) % 2_500
        ));
    }
    (write(dir, "book.txt", text), catalog)
}

fn entries(cache: &Path, ending: &str) -> Vec<PathBuf> {
    std::fs::read_dir(cache.join("entscope"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(ending))
                .collect()
        })
        .unwrap_or_default()
}

fn export(book: &Path, catalog: &Path, cache: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "export",
        s(book),
        "--catalog",
        s(catalog),
        "--format",
        "jsonl",
    ];
    args.extend(extra);
    let o = entscope_with_cache(&args, cache);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    stdout(&o)
}

#[test]
fn a_second_run_reads_the_cache_and_gives_the_same_mentions() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = dir.path().join("cache");
    let (book, catalog) = corpus(dir.path());
    let first = export(&book, &catalog, &cache, &[]);
    assert_eq!(
        entries(&cache, ".links").len(),
        1,
        "the first run writes an entry"
    );
    let modified = std::fs::metadata(&entries(&cache, ".links")[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    let second = export(&book, &catalog, &cache, &[]);
    assert_eq!(first, second);
    assert_eq!(first.lines().count(), 5_000, "every name and alias once");
    let again = std::fs::metadata(&entries(&cache, ".links")[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(modified, again, "a hit does not rewrite the entry");
}

#[test]
fn an_edited_text_or_catalog_is_a_miss() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = dir.path().join("cache");
    let (book, catalog) = corpus(dir.path());
    export(&book, &catalog, &cache, &[]);
    let mut text = std::fs::read_to_string(&book).expect("text");
    text.push_str("Zorblax1 again.\n");
    std::fs::write(&book, text).expect("edit");
    let edited = export(&book, &catalog, &cache, &[]);
    assert_eq!(edited.lines().count(), 5_001, "the new mention is found");
    assert_eq!(entries(&cache, ".links").len(), 2);
}

#[test]
fn a_damaged_or_foreign_entry_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = dir.path().join("cache");
    let (book, catalog) = corpus(dir.path());
    let good = export(&book, &catalog, &cache, &[]);
    let entry = entries(&cache, ".links").remove(0);
    let bytes = std::fs::read(&entry).expect("entry");
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("a flipped byte", {
            let mut b = bytes.clone();
            let at = b.len() / 3;
            b[at] ^= 0x55;
            b
        }),
        (
            "another program's file",
            b"PK\x03\x04 not a cache entry at all".to_vec(),
        ),
    ];
    for (what, contents) in damaged {
        std::fs::write(&entry, &contents).expect("damage");
        assert_eq!(export(&book, &catalog, &cache, &[]), good, "{what}");
        assert_eq!(
            std::fs::read(&entry).expect("entry"),
            bytes,
            "{what}: rewritten"
        );
    }
}

#[test]
fn processes_writing_one_entry_at_once_leave_a_valid_one() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = dir.path().join("cache");
    let (book, catalog) = corpus(dir.path());
    let expected = export(&book, &catalog, &cache, &["--no-cache"]);
    let runs: Vec<std::process::Child> = (0..6)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_entscope"))
                .args([
                    "export",
                    s(&book),
                    "--catalog",
                    s(&catalog),
                    "--format",
                    "jsonl",
                ])
                .env("XDG_CACHE_HOME", &cache)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().expect("ends");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    }
    assert_eq!(entries(&cache, ".links").len(), 1);
    assert!(
        entries(&cache, ".tmp").is_empty(),
        "no temporary file left behind"
    );
    assert_eq!(
        export(&book, &catalog, &cache, &[]),
        expected,
        "and it reads back"
    );
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = dir.path().join("cache");
    let (book, catalog) = corpus(dir.path());
    export(&book, &catalog, &cache, &["--no-cache"]);
    assert!(!cache.exists(), "nothing written");
}

#[test]
fn a_large_catalogs_names_are_cached_for_search() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = dir.path().join("cache");
    let entities: Vec<String> = (0..20_000)
        .map(|i| {
            format!(r#"{{"id": "n{i}", "name": "Place {i} of New Zealand", "kind": "place"}}"#)
        })
        .collect();
    let catalog = write(
        dir.path(),
        "names.json",
        format!(r#"{{"entities": [{}]}}"#, entities.join(",")),
    );
    let search = |cache: &Path| {
        let o = entscope_with_cache(&["search", "^place 1234 zea", s(&catalog), "--json"], cache);
        assert!(o.status.success());
        stdout(&o)
    };
    let first = search(&cache);
    assert_eq!(entries(&cache, ".names").len(), 1);
    assert_eq!(search(&cache), first, "the same answer from the cache");
    let rows = crate::common::json_lines(&first);
    assert_eq!(rows[0]["id"], "n1234");
    assert_eq!(rows[0]["kind"], "place");
    // A damaged names entry is ignored.
    let entry = entries(&cache, ".names").remove(0);
    std::fs::write(&entry, b"garbage").expect("damage");
    assert_eq!(search(&cache), first);
}
