//! Files someone hands over can do nothing: an index with sources
//! elsewhere, a trigger, a view, lying counts and positions, wrong types or
//! missing tables, run through every subcommand and the explorer, gives a
//! one-line error (or, in the cache, a rebuild) — never a panic, an abort, a
//! hang, a write outside the index, or a changed index.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::{s, stderr, stdout, write};

/// A good index of a small corpus, in a folder of its own, with a private
/// folder beside it that an index must never read.
struct Setup {
    dir: tempfile::TempDir,
    index: PathBuf,
    private: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let texts = dir.path().join("texts");
    write(
        &texts,
        "a.txt",
        "Japan and New Zealand met in Tokyo.\n\nKishida spoke of surveillance at sea.\n",
    );
    write(
        &texts,
        "b.md",
        "# Talks\n\nNew Zealand signed an agreement.\n",
    );
    let private = dir.path().join("private");
    write(
        &private,
        "id_ed25519.txt",
        "SECRET-KEY-MATERIAL Ostrava Holdings\n",
    );
    let index = dir.path().join("c.entscope-index");
    let o = run(dir.path(), &["index", s(&texts), "--output", s(&index)]);
    assert!(o.status.success(), "{}", stderr(&o));
    Setup {
        dir,
        index,
        private,
    }
}

/// The binary with a cache of the setup's own, within a time limit.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let start = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}

fn sql(index: &Path, statements: &str) {
    let conn = rusqlite::Connection::open(index).expect("open");
    conn.execute_batch(statements).expect(statements);
}

/// Every reading subcommand over the index.
fn commands(index: &Path) -> Vec<Vec<String>> {
    let i = s(index).to_string();
    [
        vec!["entities", &i],
        vec!["show", "japan", &i],
        vec!["search", "zea", &i],
        vec!["export", &i, "--format", "jsonl"],
        vec!["export", &i, "--format", "json"],
        vec!["grep", "surveillance", &i],
        vec!["paragraphs", "japan", &i],
        vec!["kwic", "japan", &i],
        vec!["check", &i],
        vec![&i],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(str::to_string).collect())
    .collect()
}

/// Runs every command; each must end by itself, never panic or abort,
/// leave the index's bytes as they were, and either succeed or say in one
/// line (per problem) what is wrong. Returns the errors said.
fn every_command(setup: &Setup) -> Vec<String> {
    let before = std::fs::read(&setup.index).expect("index");
    let mut said = Vec::new();
    for args in commands(&setup.index) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(setup.dir.path(), &args);
        let err = stderr(&o);
        assert!(
            !err.contains("panicked") && !err.contains("memory allocation"),
            "{args:?}: {err}"
        );
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?} ended with {:?}: {err}",
            o.status
        );
        assert!(
            !stdout(&o).contains("SECRET-KEY-MATERIAL"),
            "{args:?} read the private folder"
        );
        if !o.status.success() {
            // `check` reports on standard output; the others say it on
            // standard error, each line theirs.
            let said_it = if args[0] == "check" { stdout(&o) } else { err };
            assert!(
                args[0] == "check" || said_it.starts_with("entscope: "),
                "{args:?}: {said_it}"
            );
            said.push(said_it);
        }
        assert_eq!(
            std::fs::read(&setup.index).expect("index"),
            before,
            "{args:?} changed the index"
        );
    }
    said
}

#[test]
fn an_untouched_index_serves_every_command() {
    let setup = setup();
    let said = every_command(&setup);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn sources_elsewhere_are_never_read_unless_asked() {
    let setup = setup();
    let sources = serde_json::json!({
        "files": [setup.private.canonicalize().expect("private")],
        "catalog": null,
        "options": false,
    });
    // The index now claims to be made from the private folder, beside it.
    // Moved to a folder of its own, that folder lies outside.
    let elsewhere = setup.dir.path().join("handed-over");
    std::fs::create_dir(&elsewhere).expect("folder");
    let moved = elsewhere.join("c.entscope-index");
    std::fs::rename(&setup.index, &moved).expect("move");
    sql(
        &moved,
        &format!(
            "UPDATE meta SET value = '{}' WHERE key = 'sources'",
            sources.to_string().replace('\'', "''")
        ),
    );
    let setup = Setup {
        index: moved.clone(),
        ..setup
    };
    let said = every_command(&setup);
    assert!(said.is_empty(), "{said:?}");
    let o = run(setup.dir.path(), &["entities", s(&moved)]);
    assert!(
        stderr(&o).contains("not brought up to date from")
            && stderr(&o).contains("outside the index's folder"),
        "{}",
        stderr(&o)
    );
    // Asked, it is: the paths are said.
    let o = run(setup.dir.path(), &["index", "--update", s(&moved)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("updating from"), "{}", stderr(&o));
}

#[test]
fn a_stamp_planted_as_a_link_is_replaced_never_written_through() {
    let setup = setup();
    let victim = setup.dir.path().join("bashrc");
    std::fs::write(&victim, "precious").expect("write");
    let stamp = PathBuf::from(format!("{}.checked", setup.index.display()));
    let _ = std::fs::remove_file(&stamp);
    std::os::unix::fs::symlink(&victim, &stamp).expect("link");
    // A source changes, so the index is brought up to date (and stamped).
    std::fs::write(
        setup.dir.path().join("texts/a.txt"),
        "Japan again, and Wellington.\n",
    )
    .expect("write");
    let o = run(setup.dir.path(), &["entities", s(&setup.index)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let o = run(setup.dir.path(), &["index", "--update", s(&setup.index)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
}

/// Each change makes the file something entscope did not make, or a liar:
/// every command refuses it in one line.
#[test]
fn triggers_views_lies_and_missing_tables_are_refused_in_one_line() {
    let variants: [(&str, &str); 9] = [
        (
            "CREATE TABLE big (x); CREATE TRIGGER grow AFTER INSERT ON meta BEGIN
               INSERT INTO big SELECT zeroblob(1000000) FROM paragraphs; END;
             CREATE TRIGGER on_read AFTER UPDATE ON files BEGIN SELECT 1; END;",
            "it holds",
        ),
        (
            "DROP TABLE entities; CREATE VIEW entities AS WITH RECURSIVE n(i) AS
               (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS id, '' AS key, '' AS name,
               '' AS kind, '[]' AS aliases, '' AS description, 0 AS mentions,
               NULL AS first_document, NULL AS first_seq, NULL AS confidence FROM n;",
            "view entities is not the table entscope makes",
        ),
        ("DROP TABLE problems;", "it lacks table problems"),
        (
            "UPDATE documents SET paragraphs = 1000000000000;",
            "inconsistent",
        ),
        (
            "UPDATE documents SET paragraphs = 4611686018427387904, mentions = 4611686018427387904;",
            "inconsistent",
        ),
        (
            "UPDATE documents SET mentions = 9000000000000000000;",
            "inconsistent",
        ),
        ("UPDATE documents SET paragraphs = 'many';", "index"),
        ("UPDATE mentions SET paragraph = 99999 WHERE seq = 0;", ""),
        (
            "UPDATE mentions SET start = 5, end = 500000 WHERE seq = 0;",
            "",
        ),
    ];
    for (change, expected) in variants {
        let setup = setup();
        sql(&setup.index, change);
        let said = every_command(&setup);
        for err in &said {
            assert!(err.contains(expected), "{change}: {err}");
        }
        if !expected.is_empty() {
            assert!(!said.is_empty(), "{change}: refused by something");
        }
    }
}

/// An index in the cache is entscope's own: damaged or lying, it is made
/// again from the files, with a message.
#[test]
fn a_lying_cache_index_is_rebuilt() {
    let dir = tempfile::tempdir().expect("dir");
    let texts = dir.path().join("texts");
    write(&texts, "a.txt", "Japan and New Zealand met in Tokyo.\n");
    let first = Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(["entities", s(&texts)])
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("ENTSCOPE_INDEX_ABOVE_MB", "0")
        .output()
        .expect("runs");
    assert!(first.status.success(), "{}", stderr(&first));
    let cached: Vec<PathBuf> = std::fs::read_dir(dir.path().join("cache/entscope/index"))
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "entscope-index"))
        .collect();
    assert_eq!(cached.len(), 1);
    sql(
        &cached[0],
        "UPDATE documents SET paragraphs = 1000000000000;",
    );
    let again = Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(["entities", s(&texts)])
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("ENTSCOPE_INDEX_ABOVE_MB", "0")
        .output()
        .expect("runs");
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("rebuilt the index"),
        "{}",
        stderr(&again)
    );
    assert_eq!(stdout(&again), stdout(&first));
}

/// The explorer over each hostile index, in process: opened (or refused),
/// drawn and walked with keys, without a panic.
#[test]
fn the_explorer_over_a_hostile_index_refuses_or_shows_without_a_panic() {
    let changes = [
        "UPDATE mentions SET paragraph = 99999 WHERE seq = 0;",
        "UPDATE mentions SET start = 5, end = 500000 WHERE seq = 0;",
        "UPDATE mentions SET seq = seq + 1000000;",
        "UPDATE entities SET first_seq = 9223372036854775807, mentions = 9223372036854775807;",
        "UPDATE paragraphs SET position = position + 7;",
        "UPDATE relations SET evidence = '[99999, 18446744073709551615]';",
        "DELETE FROM paragraphs WHERE position = 0;",
        "UPDATE documents SET paragraphs = 1000000000000;",
    ];
    for change in changes {
        let setup = setup();
        sql(&setup.index, change);
        let request = entscope::formats::Request {
            files: vec![setup.index.clone()],
            ..entscope::formats::Request::default()
        };
        let Ok((loaded, _)) =
            entscope::index::open(&request, false, entscope::index::Reading::AsShown)
        else {
            continue;
        };
        let mut app = entscope::app::App::new(loaded, entscope::geometry::Rect::new(0, 0, 120, 40));
        for script in [
            "",
            "n",
            "G",
            "]",
            "gg",
            "}",
            "/zea<ret>",
            "<tab>j<ret>",
            "<tab>j<ret>e",
            "c<ret>",
            "d<ret>",
        ] {
            entscope::keymap::run_script(&mut app, script);
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
                .expect("terminal");
            terminal
                .draw(|frame| entscope::ui::draw(frame, &app))
                .expect("draws");
        }
    }
}
