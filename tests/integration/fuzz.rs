//! Fuzzing, bounded, in every test run: mutants of a good index and of a
//! good config file, read by the library as the binary reads them. None
//! may panic (a panic or an abort fails the run, naming the mutant). The
//! mutations are deterministic; `ENTSCOPE_FUZZ_SECONDS` runs each target
//! longer (and `ENTSCOPE_FUZZ_SEED` another sequence).

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{s, stderr, write};

/// A small, fast, reproducible generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let seed = std::env::var("ENTSCOPE_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_1234_abcd_ef01_u64);
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// How long each target runs.
fn budget(default: u64) -> Duration {
    Duration::from_secs(
        std::env::var("ENTSCOPE_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default),
    )
}

/// Runs `f`, failing with `what` if it panics.
fn survives(what: &str, f: impl FnOnce()) {
    assert!(
        std::panic::catch_unwind(AssertUnwindSafe(f)).is_ok(),
        "a panic on {what}"
    );
}

const ODD: &[&str] = &[
    "[",
    "]",
    "\"",
    "=",
    "\n",
    "é",
    "日本",
    "\u{202e}",
    "C-",
    "A-",
    "S-",
    "\\u0000",
    "#",
    ".",
    "'",
    "{",
    "}",
    "1e999",
    "-9223372036854775809",
    "\t",
    "\u{FEFF}",
    "[[keys.normal]]",
];

const KEYS: &[&str] = &[
    "j",
    "G",
    "C-o",
    "A-left",
    "S-tab",
    "pgdn",
    "f12",
    "f13",
    "é",
    "éx",
    "日本",
    "C-",
    "C-é",
    "\u{202e}C-n",
    "",
    " ",
    "space",
    "enter",
    "ENTER",
    "c-C",
    "A-日",
];

const COMMANDS: &[&str] = &[
    "quit",
    "none",
    "next_mention",
    "next_mentoin",
    "",
    "close",
    "find",
    "日本",
    "help",
];

const SECTIONS: &[&str] = &[
    "[keys.normal]",
    "[keys.finder]",
    "[keys.norml]",
    "[view]",
    "[theme]",
    "[theme.kinds]",
    "[keys.help]",
    "[keys]",
];

#[test]
fn the_config_parser_takes_any_text_without_a_panic() {
    let mut rng = Rng::seeded();
    let default = entscope::config::default_file();
    let lines: Vec<&str> = default.lines().collect();
    let start = Instant::now();
    let mut runs = 0;
    while start.elapsed() < budget(4) || runs < 200 {
        let text = match rng.below(4) {
            // The default file with lines dropped, repeated or cut.
            0 => {
                let mut out = String::new();
                for line in &lines {
                    match rng.below(10) {
                        0 => {}
                        1 => {
                            out.push_str(line);
                            out.push('\n');
                            out.push_str(line);
                            out.push('\n');
                        }
                        2 => {
                            let cut = rng.below(line.len() + 1);
                            out.push_str(line.get(..cut).unwrap_or(line));
                            out.push('\n');
                        }
                        _ => {
                            out.push_str(line);
                            out.push('\n');
                        }
                    }
                }
                out
            }
            // Bindings of odd keys to odd commands, in odd sections.
            1 => {
                let mut out = String::new();
                for _ in 0..rng.below(30) {
                    if rng.below(4) == 0 {
                        out.push_str(rng.pick(SECTIONS));
                        out.push('\n');
                    }
                    out.push_str(&format!(
                        "\"{}\" = \"{}\"\n",
                        rng.pick(KEYS),
                        rng.pick(COMMANDS)
                    ));
                }
                out
            }
            // Odd pieces spliced in anywhere.
            2 => {
                let mut out = default.clone();
                for _ in 0..=rng.below(8) {
                    let mut at = rng.below(out.len() + 1);
                    while !out.is_char_boundary(at) {
                        at -= 1;
                    }
                    out.insert_str(at, rng.pick(ODD));
                }
                out
            }
            // Bytes, as text where they are.
            _ => {
                let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        survives(&format!("the config {text:?}"), || {
            let _ = entscope::config::parse("fuzz.toml", &text);
        });
        runs += 1;
    }
}

/// A good index of a small corpus, its sources in another folder (so that
/// reading a mutant never brings it up to date).
fn good_index(dir: &Path) -> Vec<u8> {
    let texts = dir.join("texts");
    write(
        &texts,
        "a.txt",
        "Japan and New Zealand met in Tokyo.\n\nKishida spoke of surveillance at sea.\n",
    );
    write(
        &texts,
        "b.md",
        "# Talks\n\nNew Zealand signed an agreement with Japan.\n",
    );
    write(&texts, "c.txt", "Wellington, Tokyo and Canberra.\n");
    let out = dir.join("good").join("c.entscope-index");
    std::fs::create_dir_all(out.parent().expect("folder")).expect("folder");
    let o = crate::common::entscope(&["index", s(&texts), "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read(&out).expect("index")
}

const TABLES: &[(&str, &[&str])] = &[
    (
        "documents",
        &["paragraphs", "mentions", "part", "path", "label", "title"],
    ),
    (
        "paragraphs",
        &["document", "position", "block", "text", "furniture"],
    ),
    (
        "mentions",
        &["paragraph", "start", "end", "entity", "seq", "document"],
    ),
    (
        "entities",
        &[
            "mentions",
            "first_document",
            "first_seq",
            "aliases",
            "kind",
            "confidence",
        ],
    ),
    (
        "relations",
        &[
            "source", "target", "evidence", "notes", "document", "derived",
        ],
    ),
    ("meta", &["value"]),
    ("files", &["size", "mtime_ns", "hash", "path"]),
    ("problems", &["place", "severity", "kind"]),
];

const VALUES: &[&str] = &[
    "NULL",
    "0",
    "-1",
    "1",
    "7",
    "99999",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "1e300",
    "'text'",
    "''",
    "x'00ff'",
    "'[99999, -1]'",
    "'[1,2'",
    "'{\"files\": [\"/\"], \"catalog\": null, \"options\": false}'",
    "'heading 9'",
    "zeroblob(100)",
    "'日本'",
];

/// One SQL change of a copy of the good index.
fn mutation(rng: &mut Rng) -> String {
    let (table, columns) = rng.pick(TABLES);
    let k = rng.below(4) + 1;
    let j = rng.below(k);
    match rng.below(6) {
        0 => format!("DELETE FROM {table} WHERE rowid % {k} = {j}"),
        1 => format!("INSERT INTO {table} SELECT * FROM {table} WHERE rowid % {k} = {j}"),
        _ => format!(
            "UPDATE {table} SET {} = {} WHERE rowid % {k} = {j}",
            rng.pick(columns),
            rng.pick(VALUES)
        ),
    }
}

/// Reads an index as every command and the explorer would, exercising
/// the explorer with a few keys and frames.
fn read(path: &Path) {
    let request = entscope::load::Request {
        files: vec![path.to_path_buf()],
        ..entscope::load::Request::default()
    };
    let _ = entscope::load::open(&request, false, entscope::load::index::Reading::Whole);
    if let Ok((loaded, _)) =
        entscope::load::open(&request, false, entscope::load::index::Reading::AsShown)
    {
        let mut app =
            entscope::app::App::new(loaded, entscope::app::geometry::Rect::new(0, 0, 100, 30));
        for keys in ["n", "G", "]", "}", "/ja<ret>", "<tab>j<ret>", "c<ret>"] {
            entscope::app::script::run_script(&mut app, keys);
        }
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
        terminal
            .draw(|frame| entscope::ui::draw(frame, &app))
            .expect("draws");
    }
    let _ = entscope::load::index::check_file(path);
}

#[test]
fn the_index_reader_takes_any_mutant_without_a_panic() {
    let dir = tempfile::tempdir().expect("dir");
    let good = good_index(dir.path());
    let folder = dir.path().join("mutants");
    std::fs::create_dir(&folder).expect("folder");
    let mut rng = Rng::seeded();
    let start = Instant::now();
    let mut runs = 0;
    while start.elapsed() < budget(10) || runs < 60 {
        let path = folder.join(format!("m{runs}.entscope-index"));
        let what = if rng.below(3) == 0 {
            // Bytes flipped in the file's pages.
            let mut bytes = good.clone();
            let flips = rng.below(16) + 1;
            for _ in 0..flips {
                let at = rng.below(bytes.len());
                bytes[at] ^= (rng.next() as u8) | 1;
            }
            std::fs::write(&path, &bytes).expect("write");
            format!("{flips} bytes flipped")
        } else {
            std::fs::write(&path, &good).expect("write");
            let conn = rusqlite::Connection::open(&path).expect("open");
            let changes: Vec<String> = (0..=rng.below(3)).map(|_| mutation(&mut rng)).collect();
            for change in &changes {
                let _ = conn.execute_batch(change);
            }
            drop(conn);
            changes.join("; ")
        };
        survives(&format!("mutant {runs} ({what})"), || read(&path));
        let _ = std::fs::remove_file(&path);
        runs += 1;
    }
}
