//! Which format a file is, from its name, what sits beside it and, for
//! JSON Lines, its first record: the only reading of files that comes
//! before their format is known.

use std::path::{Path, PathBuf};

use crate::formats::Format;

/// The format of a file by its name, what sits beside it and, for JSONL,
/// its first record. `None` for files entscope does not read (images,
/// archives...) and for files that go with another (catalogs, `.ann`,
/// brat's `.conf`).
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".entities.json") {
        return None;
    }
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match Format::by_extension(ext)? {
        // JSON Lines: doccano, Prodigy or a patterns file, by the first record.
        Format::Doccano => jsonl_flavour(path),
        Format::Text if !annotation_files(path).is_empty() => Some(Format::Brat),
        format => Some(format),
    }
}

/// doccano or Prodigy, by the keys of the first record; `None` for a
/// patterns file, which is a catalog.
fn jsonl_flavour(path: &Path) -> Option<Format> {
    use std::io::BufRead;
    // Only the first record is read here; the whole file is read once, later.
    // The first line of the first megabyte: a file of one enormous line is
    // not read whole just to be told apart.
    let first = crate::files::open_regular(path).ok().and_then(|f| {
        std::io::BufReader::new(std::io::Read::take(f, 1 << 20))
            .lines()
            .map_while(Result::ok)
            .find(|l| !l.trim().is_empty())
    });
    match first.and_then(|l| serde_json::from_str::<serde_json::Value>(&l).ok()) {
        Some(record) => Format::of_jsonl_record(&record),
        None => Some(Format::Doccano),
    }
}

/// The annotation files of a brat document: `NAME.ann`, or `NAME.a1` and `NAME.a2`.
pub fn annotation_files(text: &Path) -> Vec<PathBuf> {
    let ann = text.with_extension("ann");
    if ann.is_file() {
        return vec![ann];
    }
    ["a1", "a2"]
        .iter()
        .map(|e| text.with_extension(e))
        .filter(|p| p.is_file())
        .collect()
}

/// The text file of an annotation file.
pub fn text_of(annotation: &Path) -> PathBuf {
    annotation.with_extension("txt")
}
