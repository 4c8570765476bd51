//! The on-disk index: built, brought up to date file by file, rebuilt when
//! foreign or damaged, left intact when interrupted, shared by processes,
//! searched, and read back into the same explorer as the files themselves.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use entscope::app::App;
use entscope::app::geometry::Rect;
use entscope::app::script::run_script;
use entscope::load::Request;
use entscope::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{entscope, entscope_with_cache, s, stderr, stdout, write};

const CATALOG: &str = r#"{"entities": [
  {"id": "japan", "name": "Japan", "kind": "country", "aliases": ["Nippon"]},
  {"id": "nz", "name": "New Zealand", "kind": "country", "aliases": ["Aotearoa"]},
  {"id": "kishida", "name": "Fumio Kishida", "kind": "person", "aliases": ["Kishida"]},
  {"id": "geneve", "name": "Genève", "kind": "city"}
]}"#;

/// A corpus of three texts and a catalog, in a fresh folder.
fn corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = dir.path().join("texts");
    write(
        &texts,
        "a.txt",
        "Japan and New Zealand met in Tokyo.\n\nKishida spoke of surveillance at sea.\n",
    );
    write(
        &texts,
        "b.md",
        "# Talks\n\nAotearoa and Nippon signed an agreement.\n",
    );
    write(
        &texts,
        "sub/c.txt",
        "Délégués à Genève : le Japon et Genève, encore Genève.\n",
    );
    let catalog = write(dir.path(), "cat.entities.json", CATALOG);
    (dir, texts, catalog)
}

fn index(texts: &Path, catalog: &Path, output: &Path) -> std::process::Output {
    entscope(&[
        "index",
        s(texts),
        "--catalog",
        s(catalog),
        "--output",
        s(output),
    ])
}

/// `entscope index` started in the background.
fn spawn_index(texts: &Path, catalog: &Path, output: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args([
            "index",
            s(texts),
            "--catalog",
            s(catalog),
            "--output",
            s(output),
        ])
        .env("XDG_CACHE_HOME", crate::common::test_cache())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn grep(query: &str, output: &Path) -> std::process::Output {
    entscope(&["grep", query, s(output)])
}

#[test]
fn an_update_reads_only_what_changed() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    let first = index(&texts, &catalog, &out);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("built from 3 files"),
        "{}",
        stdout(&first)
    );

    let again = index(&texts, &catalog, &out);
    assert!(
        stdout(&again).contains("updated from 0 files") && stdout(&again).contains("3 unchanged"),
        "{}",
        stdout(&again)
    );

    // Change one, add one, remove one.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        &texts,
        "a.txt",
        "Japan alone now, with reconnaissance flights.\n",
    );
    write(&texts, "d.txt", "Kishida visited Aotearoa.\n");
    std::fs::remove_file(texts.join("b.md")).expect("remove");
    let update = index(&texts, &catalog, &out);
    assert!(update.status.success(), "{}", stderr(&update));
    let said = stdout(&update);
    assert!(
        said.contains("updated from 2 files")
            && said.contains("1 unchanged")
            && said.contains("1 removed"),
        "{said}"
    );
    assert!(stdout(&grep("reconnaissance", &out)).contains("a.txt:¶1:"));
    let gone = grep("surveillance", &out);
    assert!(
        !gone.status.success(),
        "the old text is gone: {}",
        stdout(&gone)
    );
    assert!(stdout(&grep("signed", &out)).is_empty(), "b.md was removed");
    let entities = stdout(&entscope(&["entities", s(&out)]));
    let line = |name: &str| {
        entities
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_string()
    };
    // Japan: once in a.txt now, none left from b.md; Kishida once in d.txt.
    assert!(line("Japan").contains(" 1 "), "{entities}");
    assert!(line("Fumio Kishida").contains(" 1 "), "{entities}");
    assert!(
        line("New Zealand").contains(" 1 "),
        "Aotearoa in d.txt: {entities}"
    );

    // Opened directly, the index reads a file changed since, before showing it.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&texts, "d.txt", "Kishida met the press about submarines.\n");
    let direct = grep("submarines", &out);
    assert!(direct.status.success(), "{}", stderr(&direct));
    assert!(stdout(&direct).contains("d.txt:¶1:"), "{}", stdout(&direct));
    assert!(
        stderr(&direct).contains("updated from 1 file"),
        "{}",
        stderr(&direct)
    );
    // A folder that is gone leaves the index as it was, said so.
    std::fs::remove_dir_all(&texts).expect("remove");
    let gone = grep("submarines", &out);
    assert!(gone.status.success(), "{}", stderr(&gone));
    assert!(
        stderr(&gone).contains("is gone: showing the index as it was made"),
        "{}",
        stderr(&gone)
    );
}

#[test]
fn a_foreign_or_damaged_index_is_rebuilt_with_a_message() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    assert!(index(&texts, &catalog, &out).status.success());

    // Another schema version.
    {
        let conn = rusqlite::Connection::open(&out).expect("open");
        conn.execute(
            "UPDATE meta SET value = '0' WHERE key = 'schema_version'",
            [],
        )
        .expect("update");
    }
    let foreign = entscope(&["grep", "Japan", s(&out)]);
    assert!(!foreign.status.success());
    assert!(
        stderr(&foreign).contains("cannot open this index: the index is from entscope")
            && stderr(&foreign).contains("(schema 0)"),
        "{}",
        stderr(&foreign)
    );
    let rebuilt = index(&texts, &catalog, &out);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert!(
        stderr(&rebuilt).contains("rebuilt the index: the index is from entscope"),
        "{}",
        stderr(&rebuilt)
    );
    assert!(grep("Japan", &out).status.success());

    // Truncated.
    let bytes = std::fs::read(&out).expect("read");
    std::fs::write(&out, &bytes[..bytes.len() / 3]).expect("truncate");
    let truncated = index(&texts, &catalog, &out);
    assert!(truncated.status.success(), "{}", stderr(&truncated));
    assert!(
        stderr(&truncated).contains("rebuilt the index: the index is damaged"),
        "{}",
        stderr(&truncated)
    );
    assert!(grep("surveillance", &out).status.success());

    // Bytes flipped in the middle of the file.
    let mut bytes = std::fs::read(&out).expect("read");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b ^= 0x5a;
    }
    std::fs::write(&out, &bytes).expect("flip");
    let flipped = index(&texts, &catalog, &out);
    assert!(flipped.status.success(), "{}", stderr(&flipped));
    assert!(
        stderr(&flipped).contains("rebuilt the index: the index is damaged"),
        "{}",
        stderr(&flipped)
    );
    assert!(grep("surveillance", &out).status.success());
}

#[test]
fn output_never_replaces_a_file_that_is_not_an_index() {
    let (dir, texts, catalog) = corpus();
    let notes = write(dir.path(), "notes.db", "my own notes");
    let refused = index(&texts, &catalog, &notes);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("notes.db: already exists and is not an entscope index"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(&notes).expect("read"),
        "my own notes"
    );
    let nowhere = index(
        &texts,
        &catalog,
        Path::new("/proc/entscope/x.entscope-index"),
    );
    assert!(!nowhere.status.success());
    assert!(
        stderr(&nowhere).contains("cannot create the index's folder"),
        "{}",
        stderr(&nowhere)
    );
}

/// Many files, so an update takes long enough to be interrupted.
fn many_files(texts: &Path, count: usize) {
    let paragraph =
        "Japan and New Zealand strengthen ties while Kishida speaks in Tokyo. ".repeat(40);
    for i in 0..count {
        write(
            texts,
            &format!("many/f{i:04}.txt"),
            format!("{paragraph}\n\n{paragraph}\n"),
        );
    }
}

/// An update of the index stopped (SIGSTOP) inside its transaction: its
/// journal is there while it is stopped. Each try changes every file of
/// `many/` so the update has them all to read again; a machine quick
/// enough to finish between two looks is simply tried again.
fn stopped_mid_update(texts: &Path, catalog: &Path, out: &Path) -> std::process::Child {
    let journal = out.with_extension("entscope-index-journal");
    let signal = |child: &std::process::Child, signal: &str| {
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
    };
    for attempt in 0..50 {
        for entry in std::fs::read_dir(texts.join("many"))
            .expect("many")
            .flatten()
        {
            let mut text = std::fs::read_to_string(entry.path()).expect("read");
            text.push_str(&format!("Try {attempt}.\n"));
            std::fs::write(entry.path(), text).expect("write");
        }
        let mut child = spawn_index(texts, catalog, out);
        while child.try_wait().ok().flatten().is_none() {
            if journal.exists() {
                signal(&child, "-STOP");
                if journal.exists() {
                    return child;
                }
                signal(&child, "-CONT");
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.wait();
    }
    panic!("in 50 tries, no update was caught inside its transaction");
}

#[test]
fn an_interrupted_update_leaves_the_previous_index_usable() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    assert!(index(&texts, &catalog, &out).status.success());
    many_files(&texts, 1500);
    for signal in ["-INT", "-KILL"] {
        let child = stopped_mid_update(&texts, &catalog, &out);
        for sent in [signal, "-CONT"] {
            let _ = Command::new("kill")
                .args([sent, &child.id().to_string()])
                .status();
        }
        let done = child.wait_with_output().expect("wait");
        assert!(!done.status.success(), "{signal}: the update was stopped");
        if signal == "-INT" {
            assert_eq!(done.status.code(), Some(130), "{signal}");
            assert!(
                stderr(&done).contains("interrupted: the index was left as it was before"),
                "{}",
                stderr(&done)
            );
        }
        // The previous index, whole: the three texts, none of the new ones
        // (read with SQLite itself: entscope would bring it up to date).
        let conn = rusqlite::Connection::open(&out).expect("open");
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok", "{signal}");
        let labels: Vec<String> = conn
            .prepare("SELECT label FROM documents ORDER BY label")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("labels");
        assert_eq!(labels, ["a.txt", "b.md", "sub/c.txt"], "{signal}");
    }
}

#[test]
fn two_processes_updating_one_index_leave_it_whole() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    assert!(index(&texts, &catalog, &out).status.success());
    many_files(&texts, 200);
    let spawn = || spawn_index(&texts, &catalog, &out);
    let (a, b) = (spawn(), spawn());
    let (a, b) = (
        a.wait_with_output().expect("wait"),
        b.wait_with_output().expect("wait"),
    );
    for o in [&a, &b] {
        assert!(
            o.status.success() || stderr(o).contains("another entscope is writing this index"),
            "{}",
            stderr(o)
        );
    }
    assert!(a.status.success() || b.status.success());
    let found = entscope(&["grep", "Kishida", s(&out), "--max", "0", "--json"]);
    let files: std::collections::BTreeSet<String> = stdout(&found)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["document"].as_str().map(str::to_string))
        .collect();
    assert_eq!(files.len(), 1 + 200, "{files:?}");
}

#[test]
fn text_hits_are_the_characters_that_matched_even_outside_ascii() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    assert!(index(&texts, &catalog, &out).status.success());
    let found = entscope(&["grep", "geneve", s(&out), "--json"]);
    assert!(found.status.success(), "{}", stderr(&found));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&found).lines().next().unwrap_or_default()).expect("json");
    assert_eq!(line["document"], "sub/c.txt");
    assert_eq!(line["paragraph"], 1);
    let text: Vec<char> = line["text"].as_str().unwrap_or_default().chars().collect();
    let hits = line["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 3, "{line}");
    for hit in hits {
        let (start, end) = (
            hit[0].as_u64().unwrap_or(0) as usize,
            hit[1].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(text[start..end].iter().collect::<String>(), "Genève");
    }
    // The plain output marks the hit and names file and paragraph.
    let plain = stdout(&entscope(&["grep", "Genève", s(&out)]));
    assert!(
        plain.starts_with(
            "sub/c.txt:¶1: Délégués à [Genève] : le Japon et [Genève], encore [Genève]."
        ),
        "{plain}"
    );
    // A phrase, a prefix, and text that is not a query.
    assert!(stdout(&entscope(&["grep", "\"New Zealand met\"", s(&out)])).contains("a.txt:¶1:"));
    assert!(stdout(&entscope(&["grep", "surveil*", s(&out)])).contains("[surveillance]"));
    assert!(stdout(&entscope(&["grep", "new-zealand", s(&out)])).contains("[New Zealand] met"));
    let none = entscope(&["grep", "xylophone", s(&out)]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stdout(&none).is_empty());
}

#[test]
fn grep_without_an_index_searches_the_files_themselves() {
    let (_dir, texts, _catalog) = corpus();
    let found = entscope(&["grep", "surveillance", s(&texts.join("a.txt"))]);
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(stdout(&found).contains("¶2: Kishida spoke of [surveillance] at sea."));
    let bundled = entscope(&["grep", "surveillance"]);
    assert!(
        stdout(&bundled).contains("[surveillance]"),
        "{}",
        stdout(&bundled)
    );
}

#[test]
fn a_folder_over_the_threshold_opens_through_its_index_and_says_so() {
    let (dir, texts, catalog) = corpus();
    let cache = dir.path().join("cache");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_entscope"))
            .args(["entities", s(&texts), "--catalog", s(&catalog)])
            .env("XDG_CACHE_HOME", &cache)
            .env("ENTSCOPE_INDEX_ABOVE_MB", "0")
            .output()
            .expect("run")
    };
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("built from 3 files"),
        "{}",
        stderr(&first)
    );
    let second = run();
    assert_eq!(stdout(&first), stdout(&second));
    assert!(
        stderr(&second).is_empty(),
        "a current index is used quietly: {}",
        stderr(&second)
    );
    // The same entities as read into memory.
    let memory = entscope_with_cache(
        &[
            "entities",
            s(&texts),
            "--catalog",
            s(&catalog),
            "--no-cache",
        ],
        &cache,
    );
    assert_eq!(stdout(&first), stdout(&memory));

    // When the index cannot be written, the files are read as they are.
    let not_a_folder = write(dir.path(), "cache-file", "x");
    let fallback = Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(["entities", s(&texts), "--catalog", s(&catalog)])
        .env("XDG_CACHE_HOME", &not_a_folder)
        .env("ENTSCOPE_INDEX_ABOVE_MB", "0")
        .output()
        .expect("run");
    assert!(fallback.status.success(), "{}", stderr(&fallback));
    assert_eq!(stdout(&fallback), stdout(&memory));
    assert!(
        stderr(&fallback).contains("reading the files without an index"),
        "{}",
        stderr(&fallback)
    );
}

/// The screen after each key of a script, as text.
fn screens(loaded: entscope::load::Loaded, script: &str) -> Vec<String> {
    let mut app = App::new(loaded, Rect::new(0, 0, 140, 30));
    let mut out = Vec::new();
    let mut terminal = Terminal::new(TestBackend::new(140, 30)).expect("terminal");
    for key in std::iter::once("").chain(script.split(' ')) {
        if !key.is_empty() {
            run_script(&mut app, key);
        }
        let frame = terminal.draw(|f| ui::draw(f, &app)).expect("draw");
        let buffer = frame.buffer;
        let mut text = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                text.push_str(buffer[(x, y)].symbol());
            }
            text.push('\n');
        }
        out.push(text);
    }
    out
}

#[test]
fn the_explorer_through_an_index_shows_what_it_shows_in_memory() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    let request = Request {
        files: vec![texts.clone()],
        catalog: Some(catalog.clone()),
        ..Request::default()
    };
    entscope::load::index::update(&request, &out, false).expect("index");
    let conn = entscope::load::index::open_read(&out).expect("open");
    let name = texts.display().to_string();
    let whole = entscope::load::index::load(&conn, &out, &name).expect("load");
    let lazy = entscope::load::index::open_lazy(&out, &name).expect("open lazily");
    assert!(lazy.model.is_stored());
    let script = "] ] ] ] n N <tab> j j <ret> } { } /kish<ret> <tab> <tab> G [ [ g <c-o> <c-o> \
                  s s s k <tab> j <ret> d j <ret> n n n n";
    let memory = screens(entscope::load::read(&request).expect("open"), script);
    for (how, loaded) in [("whole", whole), ("as shown", lazy)] {
        for (i, (a, b)) in screens(loaded, script).iter().zip(&memory).enumerate() {
            assert_eq!(a, b, "{how}: screen {i} differs");
        }
    }
}

#[test]
fn the_explorer_searches_an_index_through_its_full_text_index() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    let request = Request {
        files: vec![texts],
        catalog: Some(catalog),
        ..Request::default()
    };
    entscope::load::index::update(&request, &out, false).expect("index");
    let lazy = entscope::load::index::open_lazy(&out, "corpus").expect("open");
    let mut app = App::new(lazy, Rect::new(0, 0, 140, 30));
    run_script(&mut app, "/geneve");
    // The entity Genève comes first; the text hits follow it.
    let entities = app.finder().expect("finder").hits.len();
    run_script(&mut app, &format!("{}<ret>", "<down>".repeat(entities)));
    let searching = app.reader.searching.as_ref().expect("a search");
    assert_eq!(searching.status(), "search \"geneve\" · 1 of 1 paragraphs");
    let hits: Vec<String> = searching
        .found
        .hits
        .iter()
        .map(|h| {
            app.model
                .paragraph(h.paragraph)
                .slice(h.chars.clone())
                .to_string()
        })
        .collect();
    assert_eq!(hits, ["Genève", "Genève", "Genève"]);
    run_script(&mut app, "nn");
    assert_eq!(app.reader.searching.as_ref().map(|s| s.current), Some(2));
}

/// Discovered entities keep their confidence in the index, so the explorer
/// hides the same unsure ones as in memory.
#[test]
fn an_index_of_discovered_texts_keeps_each_entitys_confidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = dir.path().join("texts");
    std::fs::create_dir_all(&texts).expect("folder");
    std::fs::write(
        texts.join("a.txt"),
        "Mara Quist visited Lautoka. The ZX81 was off.\n",
    )
    .expect("write");
    std::fs::write(texts.join("b.txt"), "Later Mara Quist left Lautoka.\n").expect("write");
    let out = dir.path().join("t.entscope-index");
    let request = Request {
        files: vec![texts.clone()],
        ..Request::default()
    };
    entscope::load::index::update(&request, &out, false).expect("index");
    let name = texts.display().to_string();
    let lazy = entscope::load::index::open_lazy(&out, &name).expect("open lazily");
    let memory = entscope::load::read(&request).expect("open");
    let confidences = |m: &entscope::model::Model| {
        let mut all: Vec<(String, Option<u8>)> = m
            .entities
            .iter()
            .map(|e| (e.name.clone(), e.confidence))
            .collect();
        all.sort();
        all
    };
    let indexed = confidences(&lazy.model);
    assert_eq!(indexed, confidences(&memory.model));
    assert!(
        indexed
            .iter()
            .any(|(n, c)| n == "ZX81" && c.is_some_and(|c| c < 50)),
        "{indexed:?}"
    );
}

/// Text search does not depend on the catalog: `grep` over a folder uses
/// the index built for it with `--catalog`, instead of reading and
/// discovering the folder again (or building a second index).
#[test]
fn grep_uses_an_index_of_the_same_folder_built_with_a_catalog() {
    let (dir, texts, catalog) = corpus();
    let cache = dir.path().join("cache");
    let built = entscope_with_cache(&["index", s(&texts), "--catalog", s(&catalog)], &cache);
    assert!(built.status.success(), "{}", stderr(&built));
    let indexes = |cache: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(cache.join("entscope/index"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "entscope-index"))
            .collect()
    };
    assert_eq!(indexes(&cache).len(), 1, "{:?}", indexes(&cache));
    // Any size: force indexing of every folder, as a large one would be.
    let found = Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(["grep", "surveillance", s(&texts)])
        .env("XDG_CACHE_HOME", &cache)
        .env("ENTSCOPE_INDEX_ABOVE_MB", "0")
        .output()
        .expect("runs");
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(
        stdout(&found).contains("[surveillance]"),
        "{}",
        stdout(&found)
    );
    assert_eq!(stderr(&found), "", "nothing was indexed again");
    assert_eq!(
        indexes(&cache).len(),
        1,
        "no second index: {:?}",
        indexes(&cache)
    );
}

/// A link inside the folder to a file beside it is a document of its own,
/// as reading the folder in memory takes it: the index holds both, and
/// updates them, instead of failing on a second copy of one key.
#[test]
fn a_link_to_a_file_inside_the_folder_is_indexed_as_the_folder_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let texts = dir.path().join("texts");
    write(&texts, "a.txt", "Japan and New Zealand met in Tokyo.\n");
    std::os::unix::fs::symlink(texts.join("a.txt"), texts.join("b.txt")).expect("link");
    let out = dir.path().join("c.entscope-index");
    let built = entscope(&["index", s(&texts), "--output", s(&out)]);
    assert!(built.status.success(), "{}", stderr(&built));
    let indexed = entscope(&["entities", s(&out), "--json"]);
    let in_memory = entscope(&["entities", s(&texts), "--json"]);
    assert!(indexed.status.success(), "{}", stderr(&indexed));
    assert_eq!(stdout(&indexed), stdout(&in_memory));
    assert!(
        stdout(&indexed).contains("\"mentions\":2"),
        "{}",
        stdout(&indexed)
    );
    // Brought up to date, the same.
    write(
        &texts,
        "a.txt",
        "Japan and New Zealand met in Tokyo, and Wellington.\n",
    );
    let again = entscope(&["index", s(&texts), "--output", s(&out)]);
    assert!(again.status.success(), "{}", stderr(&again));
}

/// Text holding the private-use characters the full-text index marks hits
/// with (PDF extractions do): the hits are still exactly what matched.
#[test]
fn private_use_characters_in_the_text_do_not_move_the_hits() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(
        dir.path(),
        "pdf.txt",
        "Glyph \u{E000}ligature\u{E001} and \u{E001}Japan\u{E000} met Japan.\n",
    );
    let found = entscope(&["grep", "japan", s(&file), "--json"]);
    assert!(found.status.success(), "{}", stderr(&found));
    let rows = crate::common::json_lines(&found.stdout);
    assert_eq!(rows.len(), 1, "{}", stdout(&found));
    let text: Vec<char> = rows[0]["text"].as_str().expect("text").chars().collect();
    assert!(text.contains(&'\u{E000}'), "the text keeps its characters");
    // (To the full-text index, a private-use character is part of a word:
    // "\u{E001}Japan\u{E000}" is not the word "Japan".)
    let hits = rows[0]["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1, "{}", rows[0]);
    for hit in hits {
        let (a, b) = (
            hit[0].as_u64().expect("start") as usize,
            hit[1].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text[a..b].iter().collect::<String>(),
            "Japan",
            "{}",
            rows[0]
        );
    }
}

/// An index rewritten under the explorer: the next document read from it
/// tells, and the status line says so.
#[test]
fn the_explorer_says_when_its_index_changed_on_disk() {
    let dir = tempfile::tempdir().expect("dir");
    let texts = dir.path().join("texts");
    // More documents than the explorer reads ahead (co-mentions read 64).
    for i in 0..100 {
        write(
            &texts,
            &format!("t{i:03}.txt"),
            format!("Japan met New Zealand, part {i}.\n"),
        );
    }
    let out = dir.path().join("c.entscope-index");
    assert!(
        entscope(&["index", s(&texts), "--output", s(&out)])
            .status
            .success()
    );
    let loaded = entscope::load::index::open_lazy(&out, "c").expect("opens");
    let mut app = App::new(loaded, Rect::new(0, 0, 140, 30));
    let draw = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(140, 30)).expect("terminal");
        terminal.draw(|f| ui::draw(f, app)).expect("draws");
        format!("{:?}", terminal.backend().buffer())
    };
    assert!(!draw(&app).contains("index changed"));
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&out)
        .and_then(|f| f.set_modified(later))
        .expect("touched");
    run_script(&mut app, "G");
    let screen: String = draw(&app);
    assert!(screen.contains("the index changed on disk"), "{screen}");
}

/// The two stores answer every question the same: the text in memory and
/// the index read as shown, for every paragraph, mention and entity.
#[test]
fn a_model_in_memory_and_one_over_its_index_answer_alike() {
    let (dir, texts, catalog) = corpus();
    let out = dir.path().join("corpus.entscope-index");
    let request = Request {
        files: vec![texts.clone()],
        catalog: Some(catalog),
        ..Request::default()
    };
    entscope::load::index::update(&request, &out, false).expect("index");
    let memory = entscope::load::read(&request).expect("open").model;
    let stored = entscope::load::index::open_lazy(&out, &texts.display().to_string())
        .expect("open lazily")
        .model;
    assert!(!memory.is_stored() && stored.is_stored());
    assert_eq!(stored.paragraph_count(), memory.paragraph_count());
    assert_eq!(stored.mention_count(), memory.mention_count());
    assert_eq!(stored.sections(), memory.sections());
    assert_eq!(*stored.text(), *memory.text());
    assert_eq!(stored.mentions(), memory.mentions());
    for p in 0..memory.paragraph_count() {
        assert_eq!(*stored.paragraph(p), *memory.paragraph(p), "¶{p}");
        assert_eq!(stored.mentions_in(p), memory.mentions_in(p), "¶{p}");
        assert_eq!(stored.first_mention_in(p), memory.first_mention_in(p));
        for at in [0, 3, 40] {
            assert_eq!(
                stored.mentions_before(p, at),
                memory.mentions_before(p, at),
                "¶{p} at {at}"
            );
            assert_eq!(
                stored.mention_at_or_after(p, at),
                memory.mention_at_or_after(p, at),
                "¶{p} at {at}"
            );
            assert_eq!(
                stored.mention_covering(p, at),
                memory.mention_covering(p, at)
            );
        }
    }
    for m in 0..memory.mention_count() {
        let m = entscope::model::MentionId(m);
        assert_eq!(stored.mention(m), memory.mention(m));
    }
    for part in 0..memory.document.parts.len() {
        assert_eq!(stored.mentions_in_part(part), memory.mentions_in_part(part));
    }
    for (e, entity) in memory.entities.iter().enumerate() {
        let e = entscope::model::EntityId(e);
        let s = stored.lookup(&entity.id).expect("the same entities");
        assert_eq!(
            stored.mentions_of(s),
            memory.mentions_of(e),
            "{}",
            entity.id
        );
        assert_eq!(stored.paragraphs_of(s), memory.paragraphs_of(e));
        assert_eq!(stored.parts_of(s), memory.parts_of(e));
        assert_eq!(stored.mention_total(s), memory.mention_total(e));
        assert_eq!(stored.first_mention(s), memory.first_mention(e));
    }
    assert_eq!(
        stored.derived_relations().len(),
        memory.derived_relations().len()
    );
}
