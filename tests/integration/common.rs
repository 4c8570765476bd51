//! Helpers shared by the tests that run the built binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the entscope binary with `args`, colours off, its cache in the
/// build's own temporary folder rather than the user's.
pub fn entscope(args: &[&str]) -> Output {
    entscope_with_cache(args, &test_cache())
}

/// The link cache of test runs.
pub fn test_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cache")
}

/// Runs the binary with `XDG_CACHE_HOME` set to `cache`.
pub fn entscope_with_cache(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entscope"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("the entscope binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `contents` to `dir/name`, creating folders on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(&path, contents).expect("write");
    path
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// JSON Lines, as every `--json` prints them: each line parsed by a real
/// JSON parser, and nothing else in the output.
pub fn json_lines(output: impl AsRef<[u8]>) -> Vec<serde_json::Value> {
    let text = String::from_utf8_lossy(output.as_ref());
    text.lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .collect()
}
