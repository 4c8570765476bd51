//! entscope's own JSON format. One shape serves two uses:
//!
//! - a **document**: `document.paragraphs` holds the text;
//! - a **catalog**: no paragraphs; it annotates a text file opened beside it.
//!
//! ```json
//! { "document": { "title": "…", "source": "…",
//!                 "paragraphs": [{ "index": 1, "text": "…" }],
//!                 "furniture": [{ "paragraph": 1, "note": "share button" }] },
//!   "entities": [{ "id": "japan", "name": "Japan", "kind": "country",
//!                  "aliases": ["Japanese"], "description": "…" }],
//!   "mentions": [{ "entity": "japan", "paragraph": 2, "start": 4, "end": 9, "text": "Japan" }],
//!   "relations": [{ "source": "…", "target": "…", "label": "member of", "evidence": [15] }],
//!   "autolink": true }
//! ```
//!
//! Paragraph numbers are one-based, as people cite them; `start`/`end` count
//! characters (Unicode scalar values) within the paragraph, end exclusive.
//! Listed mentions are kept as given; unless `autolink` is false, names and
//! aliases are also linked in the text (see [`crate::link`]).

mod export;
mod resolve;

use serde::{Deserialize, Serialize};

use crate::model::Block;
use crate::problem::{Place, Problem};
pub use export::export;
use resolve::Check;
pub use resolve::{catalog_only, check_catalog_alone, resolve_document, resolve_with_catalog};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentJson>,
    /// A catalog's title, as `document.title` says it (either is accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the text comes from, as `document.source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub entities: Vec<EntityJson>,
    #[serde(default)]
    pub mentions: Vec<MentionJson>,
    #[serde(default)]
    pub relations: Vec<RelationJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autolink: Option<bool>,
    /// Spans the names would link that a curator unlinked: left as plain text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlinked: Vec<SpanJson>,
}

/// A span of a paragraph: one-based paragraph, character offsets, end exclusive.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanJson {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<Vec<ParagraphJson>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub furniture: Vec<FurnitureJson>,
    /// The files of a corpus, when the document is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartJson>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartJson {
    pub title: String,
    pub file: String,
    #[serde(default)]
    pub annotation: String,
    /// Its first paragraph, numbered from 1 in the whole document.
    pub first: usize,
    /// How many paragraphs it has.
    pub paragraphs: usize,
}

/// How a paragraph is shown; running text when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BlockJson {
    #[default]
    Text,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    Heading5,
    Heading6,
    Verbatim,
}

impl From<BlockJson> for Block {
    fn from(b: BlockJson) -> Block {
        match b {
            BlockJson::Text => Block::Text,
            BlockJson::Heading1 => Block::Heading(1),
            BlockJson::Heading2 => Block::Heading(2),
            BlockJson::Heading3 => Block::Heading(3),
            BlockJson::Heading4 => Block::Heading(4),
            BlockJson::Heading5 => Block::Heading(5),
            BlockJson::Heading6 => Block::Heading(6),
            BlockJson::Verbatim => Block::Verbatim,
        }
    }
}

impl From<Block> for BlockJson {
    fn from(b: Block) -> BlockJson {
        match b {
            Block::Text => BlockJson::Text,
            Block::Heading(1) => BlockJson::Heading1,
            Block::Heading(2) => BlockJson::Heading2,
            Block::Heading(3) => BlockJson::Heading3,
            Block::Heading(4) => BlockJson::Heading4,
            Block::Heading(5) => BlockJson::Heading5,
            Block::Heading(_) => BlockJson::Heading6,
            Block::Verbatim => BlockJson::Verbatim,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphJson {
    pub index: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<BlockJson>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FurnitureJson {
    pub paragraph: usize,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EntityJson {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub description: String,
    /// How sure discovery was, in percent; absent for a curated entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// The names of fields entscope does not read (a knowledge-base id, a
    /// note of the curator's): the catalog keeps them when it is written
    /// back, and one that looks like a misspelt field is an error.
    #[serde(skip)]
    pub extra: Vec<String>,
}

/// The fields of an entity entscope reads, to tell a misspelling from a field of the user's.
const ENTITY_FIELDS: &[&str] = &["id", "name", "kind", "aliases", "description", "confidence"];

fn other_kind() -> String {
    "other".to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MentionJson {
    pub entity: String,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationJson {
    pub source: String,
    pub target: String,
    pub label: String,
    pub evidence: Vec<usize>,
    /// Inferred by entscope (co-mention), not declared.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
    /// Notes on the relation itself (from brat notes and attributes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The names of fields entscope does not read (see [`EntityJson::extra`]).
    #[serde(skip)]
    pub extra: Vec<String>,
}

/// Reads an object field by field, the way serde's derive would, except
/// that a field entscope does not know is skipped (its name kept) rather
/// than refused: users keep their own fields in a catalog. Written by hand
/// because serde's `flatten` buffers every field first: reading the JSON of
/// a 10,000-entity catalog took 9.1 ms with it, 7.2 ms without (medians).
macro_rules! open_object {
    ($ty:ident, $what:literal, { $($field:literal => $slot:ident),* $(,)? }, required [$($req:literal),*]) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        let mut out = $ty::blank();
                        let mut got: Vec<&'static str> = Vec::new();
                        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                            match key.as_ref() {
                                $($field => {
                                    out.$slot = map.next_value()?;
                                    got.push($field);
                                })*
                                other => {
                                    out.extra.push(other.to_string());
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        for required in [$($req),*] {
                            if !got.contains(&required) {
                                return Err(serde::de::Error::missing_field(required));
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(Fields)
            }
        }
    };
}

impl EntityJson {
    /// Every field at its default, before reading.
    fn blank() -> Self {
        EntityJson {
            kind: other_kind(),
            ..EntityJson::default()
        }
    }
}

open_object!(EntityJson, "an entity object", {
    "id" => id, "name" => name, "kind" => kind, "aliases" => aliases,
    "description" => description, "confidence" => confidence,
}, required ["id", "name"]);

impl RelationJson {
    /// Every field at its default, before reading.
    fn blank() -> Self {
        RelationJson {
            source: String::new(),
            target: String::new(),
            label: String::new(),
            evidence: Vec::new(),
            derived: false,
            notes: Vec::new(),
            extra: Vec::new(),
        }
    }
}

open_object!(RelationJson, "a relation object", {
    "source" => source, "target" => target, "label" => label, "evidence" => evidence,
    "derived" => derived, "notes" => notes,
}, required ["source", "target", "label"]);

/// The fields of a relation entscope reads.
const RELATION_FIELDS: &[&str] = &["source", "target", "label", "evidence", "derived", "notes"];

/// An error for each field of `extra` that looks like a misspelt known one.
fn misspelt(check: &mut Check<'_>, path: &str, extra: &[String], known: &[&str]) {
    for field in extra {
        if let Some(near) = known.iter().find(|k| strsim::jaro_winkler(field, k) > 0.85) {
            check.fault(
                path.to_string(),
                format!("unknown field `{field}` (did you mean `{near}`?)"),
                "ignored",
            );
        }
    }
}

/// Parses the JSON; syntax and shape errors carry line and column.
pub fn parse(name: &str, text: &str) -> Result<NativeFile, Problem> {
    let mut file: NativeFile = serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "unexpected content",
            serde_json::error::Category::Eof => "unexpected end of file",
            _ => "invalid JSON",
        };
        // serde_json appends " at line L column C"; the place says it already.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head);
        Problem::error(
            name,
            Place::LineColumn(e.line(), e.column().max(1)),
            format!("{what}: {message}"),
        )
    })?;
    // A top-level title or source says what `document.title` would.
    if file.title.is_some() || file.source.is_some() {
        let document = file.document.get_or_insert_with(DocumentJson::default);
        document.title = document.title.take().or(file.title.take());
        document.source = document.source.take().or(file.source.take());
    }
    Ok(file)
}

/// `" (did you mean \"japan\"?)"` when an id is close to an unknown one.
fn suggestion(unknown: &str, entities: &[EntityJson]) -> String {
    let unknown = unknown.to_lowercase();
    entities
        .iter()
        .map(|e| (strsim::jaro_winkler(&unknown, &e.id.to_lowercase()), &e.id))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| format!(" (did you mean \"{id}\"?)"))
        .unwrap_or_default()
}
