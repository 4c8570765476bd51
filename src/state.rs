//! Where the reader was, remembered between runs: for each thing opened
//! (files, folders, catalog), the paragraph at the top, the current entity
//! and the marks, kept in `$XDG_STATE_HOME/entscope/places.json` (default
//! `~/.local/state/entscope/`). Written whole to a temporary file and
//! renamed; the oldest places go past a few hundred.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many places are kept.
const KEPT: usize = 300;

/// A place in a document: the paragraph (from 0, over the whole corpus)
/// and the entity, by its id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spot {
    pub paragraph: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// What is remembered of one thing opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub at: Spot,
    #[serde(default)]
    pub marks: BTreeMap<char, Spot>,
    /// Seconds since 1970 when it was left, to forget the oldest first.
    #[serde(default)]
    pub left: u64,
}

/// The state file.
pub fn path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    let dir = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(dir.join("entscope").join("places.json"))
}

/// The key of what was opened: its absolute paths and catalog.
pub fn key(files: &[PathBuf], catalog: Option<&Path>) -> String {
    let absolute = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .to_string_lossy()
            .into_owned()
    };
    let mut key: Vec<String> = files.iter().map(|p| absolute(p)).collect();
    if key.is_empty() {
        key.push("(bundled article)".into());
    }
    if let Some(c) = catalog {
        key.push(format!("catalog {}", absolute(c)));
    }
    key.join("\n")
}

fn read_all(file: &Path) -> BTreeMap<String, Place> {
    crate::files::read_to_string(file, Some(crate::files::STATE_LIMIT))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Where the reader left `key`, if anywhere.
pub fn recall(key: &str) -> Option<Place> {
    read_all(&path()?).remove(key)
}

/// Remembers where the reader leaves `key`. Failing to write is not worth
/// an error on the way out: the place is simply not remembered.
pub fn remember(key: &str, mut place: Place) {
    let Some(file) = path() else {
        return;
    };
    let mut all = read_all(&file);
    place.left = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    all.insert(key.to_string(), place);
    // The most recent are kept, in one sort (a state file someone made
    // may hold any number).
    if all.len() > KEPT {
        let mut by_age: Vec<(u64, String)> = all.iter().map(|(k, p)| (p.left, k.clone())).collect();
        by_age.sort_unstable_by(|a, b| b.cmp(a));
        for (_, k) in by_age.into_iter().skip(KEPT) {
            all.remove(&k);
        }
    }
    let Some(folder) = file.parent() else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let Ok(text) = serde_json::to_string_pretty(&all) else {
        return;
    };
    // Remembering places is a convenience: a failure to write is silent.
    let _ = crate::files::write(&file, text.as_bytes());
}
