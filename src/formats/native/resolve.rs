//! A native file resolved into a model: a document on its own, a catalog
//! against a text, or a catalog alone. A bad record is reported with its
//! JSON path and skipped; the rest loads.

use super::super::Read;
use super::{
    DocumentJson, ENTITY_FIELDS, EntityJson, MentionJson, NativeFile, RELATION_FIELDS,
    RelationJson, SpanJson, misspelt, suggestion,
};
use crate::link::{Link, Linker};
use crate::model::{Document, Entity, EntityId, Mention, Model, Paragraph, Part, Relation};
use crate::problem::{Place, Problem, Problems};
use std::collections::HashMap;

/// Resolves a native document (one with paragraphs).
/// Its names are linked in the text by `link` (unless `autolink` is off).
pub fn resolve_document(
    name: &str,
    mut file: NativeFile,
    link: Link<'_>,
) -> Result<Read, Problems> {
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
    let mut read = build(name, document, &file, problems, link);
    read.annotation = "annotated in the file".into();
    Ok(read)
}

/// Resolves a catalog against a text document, its names linked in the
/// text by `link` (unless the catalog turns `autolink` off).
pub fn resolve_with_catalog(
    mut document: Document,
    catalog_name: &str,
    file: &NativeFile,
    link: Link<'_>,
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
    let mut read = build(catalog_name, document, file, Vec::new(), link);
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
    // `autolink` is off: nothing is linked.
    Ok(build(name, document, &file, Vec::new(), &crate::link::link))
}

/// Validates the annotation against the document and builds the model. A
/// bad record (an entity, a mention, a relation, a piece of evidence) is
/// reported with its JSON path and skipped, and the rest loads, as the
/// other readers skip a bad line.
pub(super) fn build(
    name: &str,
    mut document: Document,
    file: &NativeFile,
    problems: Vec<Problem>,
    link: Link<'_>,
) -> Read {
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
        let mut linked = link(&document.paragraphs, &entities, &explicit);
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
pub(super) struct Resolve<'a> {
    /// Each id kept to its entity's position in the model.
    pub(super) ids: &'a HashMap<&'a str, usize>,
    pub(super) entities: &'a [EntityJson],
}

/// The checks of an annotation, each collecting its problems.
pub(super) struct Check<'a> {
    pub(super) name: &'a str,
    pub(super) paragraph_count: usize,
    pub(super) problems: Vec<Problem>,
}

impl Check<'_> {
    /// An error in the record at `path`, which is skipped.
    pub(super) fn skip(&mut self, path: String, message: impl Into<String>) {
        self.fault(path, message, "skipped");
    }

    /// An error at `path`, and what was done about it.
    pub(super) fn fault(&mut self, path: String, message: impl Into<String>, done: &str) {
        self.problems.push(Problem::error(
            self.name,
            Place::JsonPath(path),
            format!("{} — {done}", message.into()),
        ));
    }

    /// False (and the record at `path` skipped) when paragraph `n`,
    /// numbered from 1, does not exist.
    pub(super) fn paragraph(&mut self, path: String, n: usize) -> bool {
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
    pub(super) fn entity(
        &mut self,
        resolve: &Resolve<'_>,
        path: String,
        id: &str,
    ) -> Option<EntityId> {
        let found = resolve.ids.get(id).copied();
        if found.is_none() {
            let hint = suggestion(id, resolve.entities);
            self.skip(path, format!("unknown entity \"{id}\"{hint}"));
        }
        found.map(EntityId)
    }

    /// Paragraphs the document marks as page furniture.
    pub(super) fn furniture(&mut self, doc: &DocumentJson, document: &mut Document) {
        for (i, f) in doc.furniture.iter().enumerate() {
            if self.paragraph(format!("document.furniture[{i}].paragraph"), f.paragraph) {
                document.paragraphs[f.paragraph - 1].furniture = Some(f.note.clone());
            }
        }
    }

    /// Why a name or alias could not be linked: empty, too long, or
    /// without a letter or digit.
    pub(super) fn bad_name(text: &str, empty: &str) -> Option<String> {
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
    pub(super) fn entities<'f>(
        &mut self,
        list: &'f [EntityJson],
    ) -> (Vec<Entity>, HashMap<&'f str, usize>) {
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
    pub(super) fn mentions(
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
    pub(super) fn unlinked(
        &mut self,
        list: &[SpanJson],
        document: &Document,
    ) -> Vec<(usize, usize, usize)> {
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
    pub(super) fn relations(
        &mut self,
        list: &[RelationJson],
        resolve: &Resolve<'_>,
    ) -> Vec<Relation> {
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

pub(super) fn too_long(name: &str) -> String {
    let start: String = name.chars().take(24).collect();
    format!(
        "a name of {} bytes (\"{start}…\") is longer than any name ({} at most)",
        name.len(),
        crate::link::LONGEST_NAME
    )
}

/// "alias "US" is shared by "usa" and "us-army"; it links to "usa"", naming
/// at most a few of the entities sharing it.
pub(super) fn shared_alias(entities: &[Entity], ambiguity: &crate::link::Ambiguity) -> String {
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

/// Whether a name has something to match on: a letter or a digit.
pub(super) fn has_word(name: &str) -> bool {
    name.chars().any(char::is_alphanumeric)
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
