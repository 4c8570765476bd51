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

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Read;
use crate::link::Linker;
use crate::model::{Block, Document, Entity, EntityId, Mention, Model, Paragraph, Part, Relation};
use crate::problem::{Place, Problem, Problems};

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

/// Resolves a native document (one with paragraphs).
pub fn resolve_document(name: &str, mut file: NativeFile) -> Result<Read, Problems> {
    let document_json = file.document.take().unwrap_or_default();
    let Some(paragraphs) = document_json.paragraphs.clone() else {
        return Err(Problem::error(
            name,
            Place::File,
            "this is a catalog (it has no document.paragraphs): open a text file with --catalog to use it",
        )
        .into());
    };
    let mut problems = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if p.index != i + 1 {
            problems.push(Problem::warning(
                name,
                Place::JsonPath(format!("document.paragraphs[{i}].index")),
                format!(
                    "expected paragraph {}, found {} — read as paragraph {}, in file order",
                    i + 1,
                    p.index,
                    i + 1
                ),
            ));
        }
    }
    let document = Document {
        title: document_json
            .title
            .clone()
            .unwrap_or_else(|| name.to_string()),
        source: document_json.source.clone().unwrap_or_default(),
        paragraphs: paragraphs
            .into_iter()
            .map(|p| Paragraph::new(p.text).with_block(p.block.unwrap_or_default().into()))
            .collect(),
        parts: Vec::new(),
    };
    let mut document = document;
    let count = document.paragraphs.len();
    for (i, part) in document_json.parts.iter().enumerate() {
        let start = part.first.wrapping_sub(1);
        let end = start.saturating_add(part.paragraphs);
        if part.first == 0
            || end > count
            || document
                .parts
                .last()
                .is_some_and(|p| p.paragraphs.end > start)
        {
            problems.push(Problem::error(
                name,
                Place::JsonPath(format!("document.parts[{i}]")),
                format!(
                    "paragraphs {}..{} overlap another part or lie outside the document's {count} — skipped",
                    part.first,
                    part.first.saturating_add(part.paragraphs)
                ),
            ));
            continue;
        }
        document.parts.push(Part {
            title: part.title.clone(),
            file: part.file.clone(),
            annotation: part.annotation.clone(),
            paragraphs: start..end,
        });
    }
    file.document = Some(document_json);
    let mut read = build(name, document, &file, problems);
    read.annotation = "annotated in the file".into();
    Ok(read)
}

/// Resolves a catalog against a text document.
pub fn resolve_with_catalog(
    mut document: Document,
    catalog_name: &str,
    file: &NativeFile,
) -> Result<Read, Problems> {
    if let Some(doc) = &file.document {
        if doc.paragraphs.is_some() {
            return Err(Problem::error(
                catalog_name,
                Place::JsonPath("document.paragraphs".into()),
                "a catalog must not carry paragraphs: open this file on its own",
            )
            .into());
        }
        if let Some(title) = &doc.title {
            document.title.clone_from(title);
        }
        if let Some(source) = &doc.source {
            document.source.clone_from(source);
        }
    }
    let mut read = build(catalog_name, document, file, Vec::new());
    read.annotation = format!("catalog: {catalog_name}");
    read.catalog = Some(catalog_name.to_string());
    Ok(read)
}

/// A catalog on its own as a model: its entities and relations, no text.
/// Entity ids must be unique and relations name known entities; the rest
/// (spans, evidence) needs a text and is left for `check`.
pub fn catalog_only(name: &str, file: NativeFile) -> Result<Read, Problems> {
    let mut problems = Vec::new();
    let mut ids: HashMap<String, EntityId> = HashMap::with_capacity(file.entities.len());
    let mut entities = Vec::with_capacity(file.entities.len());
    for (i, e) in file.entities.iter().enumerate() {
        let mut check = Check {
            name,
            paragraph_count: 0,
            problems: Vec::new(),
        };
        misspelt(
            &mut check,
            &format!("entities[{i}]"),
            &e.extra,
            ENTITY_FIELDS,
        );
        problems.append(&mut check.problems);
    }
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (i, e) in file.entities.into_iter().enumerate() {
        if let Some(&first) = first_with.get(&e.id) {
            problems.push(Problem::error(
                name,
                Place::JsonPath(format!("entities[{i}]")),
                format!(
                    "duplicate id \"{}\" (first used by entities[{first}]) — skipped",
                    e.id
                ),
            ));
            continue;
        }
        first_with.insert(e.id.clone(), i);
        ids.insert(e.id.clone(), EntityId(entities.len()));
        entities.push(Entity {
            id: e.id,
            name: e.name,
            kind: if e.kind.is_empty() {
                "other".into()
            } else {
                e.kind.to_lowercase()
            },
            aliases: e.aliases,
            description: e.description,
            confidence: e.confidence.map(|c| c.min(100)),
        });
    }
    let mut relations = Vec::new();
    for (i, r) in file.relations.into_iter().enumerate() {
        match (ids.get(&r.source), ids.get(&r.target)) {
            (Some(&source), Some(&target)) => relations.push(Relation {
                source,
                target,
                label: r.label,
                evidence: Vec::new(),
                derived: r.derived,
                notes: r.notes,
            }),
            _ => problems.push(Problem::error(
                name,
                Place::JsonPath(format!("relations[{i}]")),
                "names an entity the catalog does not have — skipped",
            )),
        }
    }
    let title = file
        .document
        .and_then(|d| d.title)
        .unwrap_or_else(|| name.to_string());
    let document = Document {
        title,
        ..Document::default()
    };
    let mut read = Read::new(
        Model::new(document, entities, Vec::new(), relations),
        "a catalog, with no text",
    );
    read.catalog = Some(name.to_string());
    read.problems = problems;
    Ok(read)
}

/// Checks a catalog that has no text beside it: everything but spans and
/// paragraph numbers, which need the text.
pub fn check_catalog_alone(name: &str, file: NativeFile) -> Result<Read, Problems> {
    let paragraphs = file
        .mentions
        .iter()
        .map(|m| m.paragraph)
        .chain(
            file.relations
                .iter()
                .flat_map(|r| r.evidence.iter().copied()),
        )
        .chain(
            file.document
                .iter()
                .flat_map(|d| d.furniture.iter().map(|f| f.paragraph)),
        )
        .chain(file.unlinked.iter().map(|u| u.paragraph))
        .max()
        .unwrap_or(0);
    // Stand-in paragraphs long enough for any span, so only the entity
    // references and shapes are judged.
    let longest = file
        .mentions
        .iter()
        .map(|m| m.end)
        .chain(file.unlinked.iter().map(|u| u.end))
        .max()
        .unwrap_or(0);
    let filler = " ".repeat(longest);
    let document = Document {
        title: name.to_string(),
        source: String::new(),
        paragraphs: vec![Paragraph::new(filler); paragraphs],
        parts: Vec::new(),
    };
    let file = NativeFile {
        mentions: file
            .mentions
            .into_iter()
            .map(|m| MentionJson { text: None, ..m })
            .collect(),
        unlinked: file
            .unlinked
            .into_iter()
            .map(|u| SpanJson { text: None, ..u })
            .collect(),
        autolink: Some(false),
        ..file
    };
    Ok(build(name, document, &file, Vec::new()))
}

/// Validates the annotation against the document and builds the model. A
/// bad record (an entity, a mention, a relation, a piece of evidence) is
/// reported with its JSON path and skipped, and the rest loads, as the
/// other readers skip a bad line.
fn build(name: &str, mut document: Document, file: &NativeFile, problems: Vec<Problem>) -> Read {
    let mut check = Check {
        name,
        paragraph_count: document.paragraphs.len(),
        problems,
    };
    if let Some(doc) = &file.document {
        check.furniture(doc, &mut document);
    }
    let (entities, ids) = check.entities(&file.entities);
    let resolve = Resolve {
        ids: &ids,
        entities: &file.entities,
    };
    let explicit = check.mentions(&file.mentions, &document, &resolve);
    let unlinked = check.unlinked(&file.unlinked, &document);
    let relations = check.relations(&file.relations, &resolve);
    let mut problems = check.problems;

    crate::timing::phase("check the catalog");
    let autolink = file.autolink.unwrap_or(true);
    let (mentions, ambiguities) = if autolink {
        let mut linked = link(&document, &entities, &explicit);
        if !unlinked.is_empty() {
            let listed: std::collections::HashSet<Mention> = explicit.iter().copied().collect();
            linked.mentions.retain(|m| {
                listed.contains(m)
                    || unlinked
                        .binary_search(&(m.paragraph, m.start, m.end))
                        .is_err()
            });
        }
        (linked.mentions, linked.ambiguities)
    } else {
        (explicit, Linker::new(&entities).ambiguities().to_vec())
    };
    for ambiguity in &ambiguities {
        problems.push(Problem::warning(
            name,
            Place::File,
            shared_alias(&entities, ambiguity),
        ));
    }
    crate::timing::phase("link");
    let model = Model::new(document, entities, mentions, relations);
    crate::timing::phase("index the model");
    let mut read = Read::new(model, String::new());
    read.problems = problems;
    read
}

/// Entity ids as the file writes them, to positions.
struct Resolve<'a> {
    /// Each id kept to its entity's position in the model.
    ids: &'a HashMap<&'a str, usize>,
    entities: &'a [EntityJson],
}

/// The checks of an annotation, each collecting its problems.
struct Check<'a> {
    name: &'a str,
    paragraph_count: usize,
    problems: Vec<Problem>,
}

impl Check<'_> {
    /// An error in the record at `path`, which is skipped.
    fn skip(&mut self, path: String, message: impl Into<String>) {
        self.fault(path, message, "skipped");
    }

    /// An error at `path`, and what was done about it.
    fn fault(&mut self, path: String, message: impl Into<String>, done: &str) {
        self.problems.push(Problem::error(
            self.name,
            Place::JsonPath(path),
            format!("{} — {done}", message.into()),
        ));
    }

    /// False (and the record at `path` skipped) when paragraph `n`,
    /// numbered from 1, does not exist.
    fn paragraph(&mut self, path: String, n: usize) -> bool {
        let count = self.paragraph_count;
        if n == 0 || n > count {
            self.skip(
                path,
                format!(
                    "paragraph {n} does not exist (the document has {count} paragraph{}, numbered from 1)",
                    plural(count)
                ),
            );
            return false;
        }
        true
    }

    /// An entity by id; the record at `path` skipped, with a suggestion,
    /// when there is none.
    fn entity(&mut self, resolve: &Resolve<'_>, path: String, id: &str) -> Option<EntityId> {
        let found = resolve.ids.get(id).copied();
        if found.is_none() {
            let hint = suggestion(id, resolve.entities);
            self.skip(path, format!("unknown entity \"{id}\"{hint}"));
        }
        found.map(EntityId)
    }

    /// Paragraphs the document marks as page furniture.
    fn furniture(&mut self, doc: &DocumentJson, document: &mut Document) {
        for (i, f) in doc.furniture.iter().enumerate() {
            if self.paragraph(format!("document.furniture[{i}].paragraph"), f.paragraph) {
                document.paragraphs[f.paragraph - 1].furniture = Some(f.note.clone());
            }
        }
    }

    /// Why a name or alias could not be linked: empty, too long, or
    /// without a letter or digit.
    fn bad_name(text: &str, empty: &str) -> Option<String> {
        if text.trim().is_empty() {
            Some(empty.to_string())
        } else if text.len() > crate::link::LONGEST_NAME {
            Some(too_long(text))
        } else if !has_word(text) {
            Some(format!(
                "\"{text}\" has no letter or digit: it would link punctuation or invisible characters"
            ))
        } else {
            None
        }
    }

    /// The entities, checked, and each id's position. An entity without a
    /// usable id or name is skipped; a bad alias is left out.
    fn entities<'f>(&mut self, list: &'f [EntityJson]) -> (Vec<Entity>, HashMap<&'f str, usize>) {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut first_with: HashMap<&str, usize> = HashMap::new();
        let mut entities = Vec::with_capacity(list.len());
        for (i, e) in list.iter().enumerate() {
            let path = |field: &str| format!("entities[{i}].{field}");
            misspelt(self, &format!("entities[{i}]"), &e.extra, ENTITY_FIELDS);
            // Every field is checked, so all is said at once; then the
            // entity is skipped if its id or name cannot be used.
            let mut usable = true;
            if e.id.trim().is_empty() {
                self.skip(path("id"), "empty id");
                usable = false;
            } else if let Some(first) = first_with.get(e.id.as_str()) {
                self.skip(
                    path("id"),
                    format!(
                        "duplicate id \"{}\" (first used by entities[{first}])",
                        e.id
                    ),
                );
                usable = false;
            }
            if let Some(why) = Self::bad_name(&e.name, "empty name") {
                self.skip(path("name"), why);
                usable = false;
            }
            let mut aliases = Vec::with_capacity(e.aliases.len());
            for (k, alias) in e.aliases.iter().enumerate() {
                match Self::bad_name(alias, "empty alias") {
                    Some(why) => self.fault(path(&format!("aliases[{k}]")), why, "left out"),
                    None => aliases.push(alias.trim().to_string()),
                }
            }
            let kind = if e.kind.trim().is_empty() {
                self.fault(
                    path("kind"),
                    "empty kind (leave it out for \"other\")",
                    "read as \"other\"",
                );
                "other".to_string()
            } else {
                e.kind.trim().to_lowercase()
            };
            if !usable {
                continue;
            }
            first_with.insert(e.id.as_str(), i);
            ids.insert(e.id.as_str(), entities.len());
            entities.push(Entity {
                id: e.id.clone(),
                name: e.name.trim().to_string(),
                kind,
                aliases,
                description: e.description.clone(),
                confidence: e.confidence.map(|c| c.min(100)),
            });
        }
        (entities, ids)
    }

    /// The mentions the file lists, checked against the text. They may
    /// nest or overlap, as brat's do; a bad one is skipped.
    fn mentions(
        &mut self,
        list: &[MentionJson],
        document: &Document,
        resolve: &Resolve<'_>,
    ) -> Vec<Mention> {
        let mut explicit: Vec<Mention> = Vec::with_capacity(list.len());
        for (i, m) in list.iter().enumerate() {
            let path = |field: &str| format!("mentions[{i}]{field}");
            let entity = self.entity(resolve, path(".entity"), &m.entity);
            if !self.paragraph(path(".paragraph"), m.paragraph) {
                continue;
            }
            let paragraph = &document.paragraphs[m.paragraph - 1];
            if m.start >= m.end {
                self.skip(
                    path(""),
                    format!("empty or reversed span {}..{}", m.start, m.end),
                );
                continue;
            }
            if m.end > paragraph.chars {
                self.skip(
                    path(""),
                    format!(
                        "span {}..{} is outside paragraph {} ({} characters)",
                        m.start, m.end, m.paragraph, paragraph.chars
                    ),
                );
                continue;
            }
            let Some(entity) = entity else {
                continue;
            };
            // As in brat: the offsets are the annotation, the stored text a
            // check on them; a mismatch is worth a warning, not a refusal.
            let actual = paragraph.slice(m.start..m.end);
            if let Some(expected) = m.text.as_ref().filter(|t| *t != actual) {
                self.problems.push(Problem::warning(
                    self.name,
                    Place::JsonPath(path(".text")),
                    format!(
                        "says \"{expected}\" but paragraph {} has \"{actual}\" at {}..{}",
                        m.paragraph, m.start, m.end
                    ),
                ));
            }
            explicit.push(Mention {
                paragraph: m.paragraph - 1,
                start: m.start,
                end: m.end,
                entity,
            });
        }
        explicit
    }

    /// The spans left unlinked, checked against the text, sorted.
    fn unlinked(&mut self, list: &[SpanJson], document: &Document) -> Vec<(usize, usize, usize)> {
        let mut spans = Vec::with_capacity(list.len());
        for (i, span) in list.iter().enumerate() {
            let path = format!("unlinked[{i}]");
            if !self.paragraph(format!("{path}.paragraph"), span.paragraph) {
                continue;
            }
            let chars = document.paragraphs[span.paragraph - 1].chars;
            if span.start >= span.end || span.end > chars {
                self.skip(
                    path,
                    format!(
                        "span {}..{} is empty, reversed or outside paragraph {} ({chars} characters)",
                        span.start, span.end, span.paragraph
                    ),
                );
                continue;
            }
            spans.push((span.paragraph - 1, span.start, span.end));
        }
        spans.sort_unstable();
        spans
    }

    /// The relations, with their ends and evidence checked: one naming an
    /// entity the file does not have, or with no label, is skipped; a bad
    /// piece of evidence is left out.
    fn relations(&mut self, list: &[RelationJson], resolve: &Resolve<'_>) -> Vec<Relation> {
        let mut relations = Vec::with_capacity(list.len());
        for (i, r) in list.iter().enumerate() {
            misspelt(self, &format!("relations[{i}]"), &r.extra, RELATION_FIELDS);
            let path = |field: &str| format!("relations[{i}].{field}");
            let source = self.entity(resolve, path("source"), &r.source);
            let target = self.entity(resolve, path("target"), &r.target);
            let labelled = !r.label.trim().is_empty();
            if !labelled {
                self.skip(path("label"), "empty label");
            }
            let mut evidence = Vec::with_capacity(r.evidence.len());
            for (k, &n) in r.evidence.iter().enumerate() {
                if self.paragraph(path(&format!("evidence[{k}]")), n) {
                    evidence.push(n - 1);
                }
            }
            let (Some(source), Some(target), true) = (source, target, labelled) else {
                continue;
            };
            relations.push(Relation {
                source,
                target,
                label: r.label.trim().to_string(),
                evidence,
                derived: r.derived,
                notes: r.notes.clone(),
            });
        }
        relations
    }
}

fn too_long(name: &str) -> String {
    let start: String = name.chars().take(24).collect();
    format!(
        "a name of {} bytes (\"{start}…\") is longer than any name ({} at most)",
        name.len(),
        crate::link::LONGEST_NAME
    )
}

/// "alias "US" is shared by "usa" and "us-army"; it links to "usa"", naming
/// at most a few of the entities sharing it.
fn shared_alias(entities: &[Entity], ambiguity: &crate::link::Ambiguity) -> String {
    const NAMED: usize = 4;
    let mut users: Vec<String> = ambiguity
        .entities
        .iter()
        .take(NAMED)
        .map(|&e| format!("\"{}\"", entities[e].id))
        .collect();
    let first = users[0].clone();
    if ambiguity.entities.len() > NAMED {
        users.push(format!("{} more", ambiguity.entities.len() - NAMED));
    }
    format!(
        "alias \"{}\" is shared by {}; it links to {first}",
        ambiguity.alias,
        users.join(" and ")
    )
}

/// The mentions of the entities' names in the document, and the names two
/// entities share: from the link cache when it holds this very document and
/// catalog, else found now (and cached).
fn link(document: &Document, entities: &[Entity], explicit: &[Mention]) -> crate::cache::Linked {
    let entry = crate::cache::entry(document, entities, explicit);
    if let Some(hit) = entry.as_ref().and_then(crate::cache::Entry::load) {
        crate::timing::phase("read the link cache");
        return hit;
    }
    let linker = Linker::new(entities);
    crate::timing::phase("build the automaton");
    let linked = crate::cache::Linked {
        mentions: linker.link_document(&document.paragraphs, explicit),
        ambiguities: linker.ambiguities().to_vec(),
    };
    if let Some(entry) = entry {
        entry.store(&linked);
    }
    linked
}

/// Whether a name has something to match on: a letter or a digit.
fn has_word(name: &str) -> bool {
    name.chars().any(char::is_alphanumeric)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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

/// The whole model in the native format, every mention listed and
/// `autolink` off, so reading it back gives the same model.
pub fn export(model: &Model) -> NativeFile {
    let doc = &model.document;
    let text = model.text();
    let furniture = text
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.furniture.as_ref().map(|note| FurnitureJson {
                paragraph: i + 1,
                note: note.clone(),
            })
        })
        .collect();
    NativeFile {
        title: None,
        source: None,
        document: Some(DocumentJson {
            title: Some(doc.title.clone()),
            source: Some(doc.source.clone()),
            paragraphs: Some(
                text.iter()
                    .enumerate()
                    .map(|(i, p)| ParagraphJson {
                        index: i + 1,
                        text: p.text.clone(),
                        block: (p.block != Block::Text).then(|| p.block.into()),
                    })
                    .collect(),
            ),
            furniture,
            parts: doc
                .parts
                .iter()
                .map(|p| PartJson {
                    title: p.title.clone(),
                    file: p.file.clone(),
                    annotation: p.annotation.clone(),
                    first: p.paragraphs.start + 1,
                    paragraphs: p.paragraphs.len(),
                })
                .collect(),
        }),
        entities: model
            .entities
            .iter()
            .map(|e| EntityJson {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                aliases: e.aliases.clone(),
                description: e.description.clone(),
                confidence: e.confidence,
                extra: Vec::new(),
            })
            .collect(),
        mentions: model
            .mentions()
            .iter()
            .map(|m| MentionJson {
                entity: model.entities[m.entity].id.clone(),
                paragraph: m.paragraph + 1,
                start: m.start,
                end: m.end,
                text: Some(model.mention_text(m)),
            })
            .collect(),
        relations: model
            .relations_to_write()
            .iter()
            .map(|r| RelationJson {
                source: model.entities[r.source].id.clone(),
                target: model.entities[r.target].id.clone(),
                label: r.label.clone(),
                evidence: r.evidence.iter().map(|p| p + 1).collect(),
                derived: r.derived,
                notes: r.notes.clone(),
                extra: Vec::new(),
            })
            .collect(),
        autolink: Some(false),
        unlinked: Vec::new(),
    }
}
