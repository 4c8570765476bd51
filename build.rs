//! Compiles the discovery word lists into finite-state sets and maps
//! (`fst`), so the binary carries them compactly and looks names up
//! without building anything at start.
//!
//! - `given-names.fst`: every given name of `assets/given-names.txt` and
//!   `assets/given-names-world.txt`, lower-cased.
//! - `english-words.fst`: the common English words of
//!   `assets/english-words.txt` (lower case).
//! - `places.fst`: every name and other name of `assets/places.tsv`,
//!   lower-cased, to the byte offset of its line in that file.

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    for input in [
        "assets/given-names.txt",
        "assets/given-names-world.txt",
        "assets/places.tsv",
        "assets/english-words.txt",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }

    let mut names: Vec<String> = Vec::new();
    for file in ["assets/given-names.txt", "assets/given-names-world.txt"] {
        let text = std::fs::read_to_string(file).expect("the given-name lists");
        names.extend(
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase),
        );
    }
    names.sort_unstable();
    names.dedup();
    let set = fst::Set::from_iter(names).expect("sorted, distinct names");
    std::fs::write(out.join("given-names.fst"), set.as_fst().as_bytes()).expect("write the set");

    let words = std::fs::read_to_string("assets/english-words.txt").expect("the English words");
    let mut words: Vec<&str> = words
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    words.sort_unstable();
    words.dedup();
    let set = fst::Set::from_iter(words).expect("sorted, distinct words");
    std::fs::write(out.join("english-words.fst"), set.as_fst().as_bytes()).expect("write the set");

    let places = std::fs::read_to_string("assets/places.tsv").expect("the places");
    let mut keys: BTreeMap<String, u64> = BTreeMap::new();
    let mut offset = 0u64;
    for line in places.split_inclusive('\n') {
        let here = offset;
        offset += line.len() as u64;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.trim_end_matches('\n').split('\t');
        let _kind = fields.next();
        let Some(name) = fields.next() else { continue };
        let others = fields.next().unwrap_or("");
        for n in std::iter::once(name).chain(others.split('|').filter(|s| !s.is_empty())) {
            keys.entry(n.to_lowercase()).or_insert(here);
        }
    }
    let map = fst::Map::from_iter(keys).expect("sorted, distinct keys");
    std::fs::write(out.join("places.fst"), map.as_fst().as_bytes()).expect("write the map");
}
