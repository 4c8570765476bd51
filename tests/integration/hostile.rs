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
        let request = entscope::load::Request {
            files: vec![setup.index.clone()],
            ..entscope::load::Request::default()
        };
        let Ok((loaded, _)) =
            entscope::load::open(&request, false, entscope::load::index::Reading::AsShown)
        else {
            continue;
        };
        let mut app =
            entscope::app::App::new(loaded, entscope::app::geometry::Rect::new(0, 0, 120, 40));
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
            entscope::app::script::run_script(&mut app, script);
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
                .expect("terminal");
            terminal
                .draw(|frame| entscope::ui::draw(frame, &app))
                .expect("draws");
        }
    }
}

/// A folder with a file someone wants overwritten (the victim) and a text
/// large enough to be worth caching, with its catalog.
fn planted() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let victim = dir.path().join("bashrc");
    std::fs::write(&victim, "precious").expect("write");
    let text = write(
        dir.path(),
        "notes.txt",
        "Japan met New Zealand in Tokyo. Kishida spoke of the sea.\n\n".repeat(6000),
    );
    write(
        dir.path(),
        "notes.entities.json",
        r#"{"entities": [{"id": "japan", "name": "Japan"}, {"id": "nz", "name": "New Zealand"}]}"#,
    );
    (dir, victim, text)
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

fn untouched(victim: &Path) {
    assert_eq!(std::fs::read_to_string(victim).expect("victim"), "precious");
}

/// A link planted where a cache entry goes is replaced, never written
/// through; the victim keeps its bytes.
#[test]
fn cache_entries_replace_a_planted_link_instead_of_following_it() {
    let (dir, victim, text) = planted();
    // Cache entries: made once, each replaced by a link, made again.
    assert!(run(dir.path(), &["entities", s(&text)]).status.success());
    let cache = dir.path().join("cache/entscope");
    let entries: Vec<PathBuf> = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    assert!(!entries.is_empty());
    for e in &entries {
        std::fs::remove_file(e).expect("remove");
        std::os::unix::fs::symlink(&victim, e).expect("link");
    }
    assert!(run(dir.path(), &["entities", s(&text)]).status.success());
    for e in &entries {
        assert!(!is_link(e), "{} is a file again", e.display());
    }
    untouched(&victim);
}

/// An export over a link: refused without --force, the link replaced with it.
#[test]
fn an_export_replaces_a_planted_link_only_when_forced() {
    let (dir, victim, text) = planted();
    let out = dir.path().join("out.jsonl");
    std::os::unix::fs::symlink(&victim, &out).expect("link");
    let refused = run(
        dir.path(),
        &["export", s(&text), "--format", "jsonl", "-o", s(&out)],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("already exists"),
        "{}",
        stderr(&refused)
    );
    let forced = run(
        dir.path(),
        &[
            "export",
            s(&text),
            "--format",
            "jsonl",
            "-o",
            s(&out),
            "--force",
        ],
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(!is_link(&out));
    untouched(&victim);
}

/// brat pairs and manual pages replace a planted link as exports do.
#[test]
fn brat_pairs_and_manual_pages_replace_a_planted_link() {
    let (dir, victim, text) = planted();
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).expect("folder");
    std::os::unix::fs::symlink(&victim, brat.join("notes.ann")).expect("link");
    let o = run(
        dir.path(),
        &[
            "export",
            s(&text),
            "--format",
            "brat",
            "-o",
            s(&brat),
            "--force",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!is_link(&brat.join("notes.ann")));
    let man = dir.path().join("man");
    std::fs::create_dir(&man).expect("folder");
    std::os::unix::fs::symlink(&victim, man.join("entscope.1")).expect("link");
    assert!(
        run(dir.path(), &["man", "--dir", s(&man), "--force"])
            .status
            .success()
    );
    assert!(!is_link(&man.join("entscope.1")));
    untouched(&victim);
}

/// In the explorer: remembered places, a rescue and a save, each with a
/// link planted where it writes; and a FIFO where places are kept.
#[test]
fn the_explorer_writes_through_no_planted_link_and_reads_no_fifo() {
    use crate::pty::{Launch, Session};
    let dir = tempfile::tempdir().expect("dir");
    let victim = dir.path().join("bashrc");
    std::fs::write(&victim, "precious").expect("write");
    write(
        dir.path(),
        "notes.txt",
        "Mara Quist founded Halden Works in Ostrava.\n\nQuist sold Halden Works to Brenna Holt.\n",
    );
    let places = dir.path().join("state/entscope/places.json");
    std::fs::create_dir_all(places.parent().expect("folder")).expect("folder");
    std::os::unix::fs::symlink(&victim, &places).expect("link");
    let rescue = dir.path().join("notes.entities.json.unsaved");
    std::os::unix::fs::symlink(&victim, &rescue).expect("link");
    // The catalog is a link the user made to their own file: saved through it.
    let kept = dir.path().join("kept");
    std::fs::create_dir(&kept).expect("folder");

    let mut s = Session::launch(&Launch::in_folder(
        dir.path(),
        crate::pty::BIN,
        &["--no-mouse", "notes.txt"],
    ));
    s.wait_for("discovered entities");
    s.send("/ostrava\r");
    s.wait_for("Ostrava (");
    s.send("D");
    s.wait_for("[+] 1 unsaved");
    s.hang_up();
    assert_eq!(
        s.wait_exit(Duration::from_secs(2)).map(|e| e.exit_code()),
        Some(129)
    );
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let kept_edits = std::fs::read_to_string(dir.path().join("notes.entities.json.unsaved-1"))
        .expect("the rescue went beside the planted link");
    assert!(!kept_edits.contains("Ostrava"), "{kept_edits}");
    assert!(
        std::fs::symlink_metadata(&places).is_ok_and(|m| m.file_type().is_file()),
        "places were written as a file of their own"
    );

    // A save through a link the user made, and places as a FIFO.
    let catalog = dir.path().join("notes.entities.json");
    std::fs::write(
        kept.join("cat.json"),
        r#"{"entities": [{"id": "quist", "name": "Mara Quist"}]}"#,
    )
    .expect("write");
    std::os::unix::fs::symlink(kept.join("cat.json"), &catalog).expect("link");
    std::fs::remove_file(&places).expect("remove");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &places,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .expect("a FIFO");
    let mut s = Session::launch(&Launch::in_folder(
        dir.path(),
        crate::pty::BIN,
        &["--no-mouse", "notes.txt"],
    ));
    s.wait_for("notes.entities.json");
    s.send("R");
    s.send("\x15Mara Q.\r");
    s.wait_for("[+] 1 unsaved");
    s.send(":w\r");
    s.wait_for("saved to");
    s.send("q");
    assert_eq!(
        s.wait_exit(Duration::from_secs(5)).map(|e| e.exit_code()),
        Some(0)
    );
    assert!(std::fs::symlink_metadata(&catalog).is_ok_and(|m| m.file_type().is_symlink()));
    let saved = std::fs::read_to_string(kept.join("cat.json")).expect("saved");
    assert!(saved.contains("Mara Q."), "{saved}");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
}

/// A device, a FIFO or an oversized file where a config, a catalog, a
/// document or a checked file is named: one line, at once, exit 1.
#[test]
fn devices_fifos_and_oversized_files_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let text = write(dir.path(), "notes.txt", "Japan met New Zealand.\n");
    let fifo = dir.path().join("fifo.txt");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .expect("a FIFO");
    let big = dir.path().join("config.toml");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(65 * 1024 * 1024).expect("sparse");
    let not_regular = "is not a regular file (a FIFO, a device or a socket): not read";
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--config", "/dev/zero", "entities"],
            format!("entscope: /dev/zero: {not_regular}\n"),
        ),
        (
            vec!["entities", s(&text), "--catalog", "/dev/zero"],
            format!("entscope: /dev/zero: {not_regular}\n"),
        ),
        (
            vec!["entities", "/dev/zero"],
            format!("entscope: /dev/zero: {not_regular}\n"),
        ),
        (
            vec!["entities", s(&fifo)],
            format!("entscope: {}: {not_regular}\n", s(&fifo)),
        ),
        (
            vec!["--config", s(&big), "entities"],
            format!(
                "entscope: {}: is larger than the 64 MB a file of this kind may be: not read\n",
                s(&big)
            ),
        ),
    ];
    for (args, said) in cases {
        let o = run(dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&o), said, "{args:?}");
    }
    let o = run(dir.path(), &["check", "/dev/zero", s(&fifo)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(&format!("/dev/zero: {not_regular}")),
        "{}",
        stdout(&o)
    );
}
