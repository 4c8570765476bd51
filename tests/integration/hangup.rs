//! When the terminal goes away — a closed window, a killed tmux session, a
//! dropped SSH connection — entscope ends within a second or two, keeps
//! unsaved edits beside the file, and leaves nothing in the cache.

use std::path::Path;
use std::time::Duration;

use crate::pty::{BIN, Launch, Session, running_with};

/// How long a process may outlive its terminal.
const GONE_WITHIN: Duration = Duration::from_secs(2);

/// A text of one's own, in a folder of its own, with a cache folder beside.
fn notes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("notes.txt"),
        "Mara Quist founded Halden Works in Ostrava.\n\nQuist sold Halden Works to Brenna Holt in Ostrava.\n",
    )
    .expect("write");
    std::fs::create_dir(dir.path().join("cache")).expect("cache folder");
    dir
}

/// The explorer on `notes.txt`, run by `program` (the binary itself, or a
/// wrapper that runs it), with an edit made and not saved.
fn explorer_with_an_unsaved_edit(dir: &Path, program: &str, args: &[&str]) -> Session {
    let mut args = args.to_vec();
    args.extend(["--no-mouse", "notes.txt"]);
    let mut s = Session::launch(&Launch::in_folder(dir, program, &args));
    s.wait_for("discovered entities");
    s.send("/ostrava\r");
    s.wait_for("Ostrava (");
    s.send("D");
    s.wait_for("[+] 1 unsaved");
    s
}

/// The edit (Ostrava dropped) was kept beside the text, the text and its
/// catalog untouched.
fn assert_edit_kept(dir: &Path) {
    assert!(
        !dir.join("notes.entities.json").exists(),
        "the catalog is not written unasked"
    );
    let kept = std::fs::read_to_string(dir.join("notes.entities.json.unsaved"))
        .expect("the unsaved edits are kept");
    assert!(
        kept.contains("Mara Quist") && !kept.contains("Ostrava"),
        "{kept}"
    );
}

/// Nothing an interrupted build writes is left in the cache folder.
fn assert_no_temporaries(cache: &Path) {
    let mut left = Vec::new();
    for entry in walk(cache) {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.contains(".tmp")) {
            left.push(entry);
        }
    }
    assert!(left.is_empty(), "left in the cache: {left:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn closing_the_terminal_ends_the_explorer_and_keeps_its_unsaved_edits() {
    let dir = notes();
    let mut s = explorer_with_an_unsaved_edit(dir.path(), BIN, &[]);
    s.hang_up();
    let status = s
        .wait_exit(GONE_WITHIN)
        .expect("the explorer ends when its terminal closes");
    assert_eq!(status.exit_code(), 129, "ended as a hangup ends a process");
    assert_edit_kept(dir.path());
    assert_no_temporaries(&dir.path().join("cache"));
}

/// With the hangup signal blocked (as under some session managers), the
/// end of input alone is enough: crossterm's reader would spin on it for
/// ever.
#[test]
fn a_closed_terminal_ends_the_explorer_even_when_the_hangup_signal_is_blocked() {
    let dir = notes();
    let mut s = explorer_with_an_unsaved_edit(dir.path(), "env", &["--block-signal=HUP", BIN]);
    s.hang_up();
    let status = s
        .wait_exit(GONE_WITHIN)
        .expect("the explorer ends at the end of its input");
    assert_eq!(status.exit_code(), 129);
    assert_edit_kept(dir.path());
}

/// The shell that owns the terminal killed outright: the explorer it ran
/// loses its terminal and must end too, its edits kept.
#[test]
fn killing_the_terminal_s_shell_ends_the_explorer_it_ran() {
    let dir = notes();
    let script = format!("\"{BIN}\" --no-mouse notes.txt; sleep 30");
    let mut s = Session::launch(&Launch::in_folder(dir.path(), "sh", &["-c", &script]));
    s.wait_for("discovered entities");
    s.send("/ostrava\r");
    s.wait_for("Ostrava (");
    s.send("D");
    s.wait_for("[+] 1 unsaved");
    let marker = dir.path().join("cache").display().to_string();
    let shell = rustix::process::Pid::from_raw(s.pid() as i32).expect("a pid");
    rustix::process::kill_process(shell, rustix::process::Signal::KILL).expect("kill the shell");
    let start = std::time::Instant::now();
    while !running_with("notes.txt").is_empty()
        || !dir.path().join("notes.entities.json.unsaved").exists()
    {
        assert!(
            start.elapsed() < GONE_WITHIN,
            "the explorer outlived its terminal: {:?} ({marker})",
            running_with("notes.txt")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_edit_kept(dir.path());
}

/// A folder `corpus` in `dir` of `files` texts (3,000 take a while to index).
fn corpus(dir: &Path, files: usize) -> std::path::PathBuf {
    let folder = dir.join("corpus");
    std::fs::create_dir(&folder).expect("folder");
    let names = [
        "Mara Quist",
        "Halden Works",
        "Ostrava",
        "Brenna Holt",
        "Tokyo",
        "New Zealand",
        "Pacific Islands Forum",
        "Christopher Luxon",
    ];
    for f in 0..files {
        let mut text = String::new();
        for p in 0..60 {
            let a = names[(f + p) % names.len()];
            let b = names[(f * 7 + p * 3) % names.len()];
            text.push_str(&format!(
                "In paragraph {p} of file {f}, {a} wrote to {b} about the harbour, the mill and the long winter that followed the strike.\n\n"
            ));
        }
        std::fs::write(folder.join(format!("part-{f:04}.txt")), text).expect("write");
    }
    folder
}

#[test]
fn closing_the_terminal_stops_an_index_build_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = corpus(dir.path(), 3_000);
    let cache = dir.path().join("cache");
    let mut s = Session::launch(&Launch::in_folder(
        dir.path(),
        BIN,
        &["index", crate::common::s(&folder)],
    ));
    s.wait_for("files");
    s.hang_up();
    let status = s
        .wait_exit(GONE_WITHIN)
        .expect("the build stops when its terminal closes");
    assert_eq!(status.exit_code(), 129);
    assert_no_temporaries(&cache);
    assert!(
        walk(&cache)
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".entscope-index")),
        "no half-built index was put in place: {:?}",
        walk(&cache)
    );
}

#[test]
fn a_temporary_file_left_by_a_killed_build_is_cleaned_by_the_next_run() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = corpus(dir.path(), 3);
    let out = dir.path().join("c.entscope-index");
    // What a build killed outright leaves: its process is gone.
    let stale = dir.path().join("c.entscope-index.tmp-999999999");
    std::fs::write(&stale, "half an index").expect("write");
    // One of a build still running (this very test's process) stays.
    let live = dir
        .path()
        .join(format!("c.entscope-index.tmp-{}", std::process::id()));
    std::fs::write(&live, "being written").expect("write");
    let o = crate::common::entscope(&[
        "index",
        crate::common::s(&folder),
        "--output",
        crate::common::s(&out),
    ]);
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    assert!(!stale.exists(), "the stale temporary file was removed");
    assert!(live.exists(), "a running build's file is left alone");
}

#[test]
fn closing_the_terminal_ends_the_explorer_over_an_index() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = corpus(dir.path(), 20);
    let index = dir.path().join("c.entscope-index");
    let cache = dir.path().join("cache");
    let o = crate::common::entscope_with_cache(
        &[
            "index",
            crate::common::s(&folder),
            "--output",
            crate::common::s(&index),
        ],
        &cache,
    );
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let mut s = Session::launch(&Launch::in_folder(
        dir.path(),
        BIN,
        &[crate::common::s(&index)],
    ));
    s.wait_for("Entities");
    s.send("j");
    s.hang_up();
    let status = s
        .wait_exit(GONE_WITHIN)
        .expect("the explorer over an index ends when its terminal closes");
    assert_eq!(status.exit_code(), 129);
    assert_no_temporaries(&cache);
}
