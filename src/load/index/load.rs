//! An index read back into the model: its documents as one corpus, in the
//! order of their paths, as if every file had been read and linked now.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;

use super::build::{block_of, count_of, place_of};
use crate::load::Loaded;
use crate::model::{Document, Entity, EntityId, Mention, Model, Paragraph, Part, Relation};
use crate::problem::{Problem, Problems, Severity};

/// A document of the index, as listed in its table.
pub(super) struct DocumentRow {
    pub id: i64,
    pub label: String,
    pub title: String,
    pub annotation: String,
    pub part: i64,
    pub path: String,
}

/// Every relation, its evidence moved to where its document starts
/// (`starts`: each document's row, first paragraph and paragraph count).
pub(super) fn relations(
    conn: &Connection,
    entity_of: &HashMap<i64, EntityId>,
    starts: &HashMap<i64, (usize, usize)>,
) -> rusqlite::Result<Vec<Relation>> {
    let mut out = Vec::new();
    let mut s = conn.prepare(
        "SELECT source, target, label, derived, notes, evidence, document FROM relations ORDER BY id",
    )?;
    let mut q = s.query([])?;
    while let Some(r) = q.next()? {
        let (offset, count) = match r.get::<_, Option<i64>>(6)? {
            Some(d) => match starts.get(&d) {
                Some(&start) => start,
                None => continue,
            },
            None => (0, 0),
        };
        out.extend(relation(r, entity_of, offset, count)?);
    }
    Ok(out)
}

/// An index whose rows disagree with one another.
pub(super) fn inconsistent(why: &str) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(format!("the index is inconsistent: {why}").into())
}

/// The documents in the order of a walk of their folders: by name at each level.
pub(super) fn documents(conn: &Connection) -> rusqlite::Result<Vec<DocumentRow>> {
    let mut s = conn.prepare("SELECT id, label, title, annotation, part, path FROM documents")?;
    let mut rows: Vec<DocumentRow> = s
        .query_map([], |r| {
            Ok(DocumentRow {
                id: r.get(0)?,
                label: r.get(1)?,
                title: r.get(2)?,
                annotation: r.get(3)?,
                part: r.get(4)?,
                path: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by(|a, b| {
        Path::new(&a.path)
            .components()
            .cmp(Path::new(&b.path).components())
            .then(a.part.cmp(&b.part))
    });
    Ok(rows)
}

/// A relation row, its ends as the model's entities and its evidence moved
/// to where its document starts; none when an end is gone.
fn relation(
    r: &rusqlite::Row<'_>,
    entity_of: &HashMap<i64, EntityId>,
    offset: usize,
    count: usize,
) -> rusqlite::Result<Option<Relation>> {
    let (source, target): (i64, i64) = (r.get(0)?, r.get(1)?);
    let (Some(&source), Some(&target)) = (entity_of.get(&source), entity_of.get(&target)) else {
        return Ok(None);
    };
    let notes: String = r.get(4)?;
    let evidence: String = r.get(5)?;
    let evidence: Vec<usize> = serde_json::from_str(&evidence).unwrap_or_default();
    Ok(Some(Relation {
        source,
        target,
        label: r.get(2)?,
        derived: r.get(3)?,
        notes: serde_json::from_str(&notes).unwrap_or_default(),
        // Evidence outside its document's paragraphs is not followed.
        evidence: evidence
            .into_iter()
            .filter(|&p| p < count)
            .map(|p| p + offset)
            .collect(),
    }))
}

/// The model being read back.
#[derive(Default)]
struct Corpus {
    document: Document,
    mentions: Vec<Mention>,
    relations: Vec<Relation>,
}

impl Corpus {
    /// Appends one document: its paragraphs, mentions and relations.
    fn add(
        &mut self,
        conn: &Connection,
        row: &DocumentRow,
        entity_of: &HashMap<i64, EntityId>,
    ) -> rusqlite::Result<()> {
        let start = self.document.paragraphs.len();
        let mut s = conn.prepare_cached(
            "SELECT block, furniture, text FROM paragraphs WHERE document = ?1 ORDER BY position",
        )?;
        let mut q = s.query([row.id])?;
        while let Some(r) = q.next()? {
            let block: String = r.get(0)?;
            let mut p = Paragraph::new(r.get::<_, String>(2)?).with_block(block_of(&block));
            p.furniture = r.get(1)?;
            self.document.paragraphs.push(p);
        }
        let mut s = conn.prepare_cached(
            "SELECT paragraph, start, end, entity FROM mentions WHERE document = ?1 ORDER BY seq",
        )?;
        let mut q = s.query([row.id])?;
        let paragraphs = &self.document.paragraphs[start..];
        while let Some(r) = q.next()? {
            let Some(&entity) = entity_of.get(&r.get::<_, i64>(3)?) else {
                continue;
            };
            let (paragraph, from, to) = (
                count_of(r.get(0)?),
                count_of(r.get(1)?),
                count_of(r.get(2)?),
            );
            // Positions are checked against the text read, not trusted.
            if !paragraphs
                .get(paragraph)
                .is_some_and(|p| from < to && to <= p.chars)
            {
                return Err(inconsistent(&format!(
                    "a mention of {} lies outside its text (¶{}, {from}..{to})",
                    row.label,
                    paragraph.saturating_add(1)
                )));
            }
            self.mentions.push(Mention {
                paragraph: start + paragraph,
                start: from,
                end: to,
                entity,
            });
        }
        let count = self.document.paragraphs.len() - start;
        self.add_relations(conn, Some(row.id), entity_of, start, count)?;
        self.document.parts.push(Part {
            title: row.title.clone(),
            file: row.label.clone(),
            annotation: row.annotation.clone(),
            paragraphs: start..self.document.paragraphs.len(),
        });
        Ok(())
    }

    /// The relations of a document (`count` paragraphs from `offset`), or
    /// (with none) the catalog's.
    fn add_relations(
        &mut self,
        conn: &Connection,
        document: Option<i64>,
        entity_of: &HashMap<i64, EntityId>,
        offset: usize,
        count: usize,
    ) -> rusqlite::Result<()> {
        let mut s = conn.prepare_cached(
            "SELECT source, target, label, derived, notes, evidence FROM relations WHERE document IS ?1",
        )?;
        let mut q = s.query([document])?;
        while let Some(r) = q.next()? {
            self.relations
                .extend(relation(r, entity_of, offset, count)?);
        }
        Ok(())
    }
}

/// The corpus an index holds, titled as the same corpus read into memory
/// is. `name` is how the user named it.
pub fn load(conn: &Connection, index: &Path, name: &str) -> Result<Loaded, Problems> {
    let fail = |e: rusqlite::Error| Problems::from(super::problem(index, &e));
    let (entities, entity_of) = entities(conn).map_err(fail)?;
    let mut corpus = Corpus::default();
    for row in documents(conn).map_err(fail)? {
        corpus.add(conn, &row, &entity_of).map_err(fail)?;
    }
    corpus
        .add_relations(conn, None, &entity_of, 0, 0)
        .map_err(fail)?;
    let count = corpus.document.parts.len();
    corpus.document.title = format!("{name}: {count} documents");
    let model = Model::new(corpus.document, entities, corpus.mentions, corpus.relations);
    let mut loaded = Loaded::new(model, name, "a corpus");
    loaded.target = crate::save::Target::Cannot(
        "a corpus is curated one document at a time: open one of its files to curate it".into(),
    );
    loaded.documents = count;
    let (refused, problems, passed_over) = problems(conn).map_err(fail)?;
    loaded.refused = refused;
    loaded.problems = problems;
    loaded.passed_over = passed_over;
    Ok(loaded)
}

/// Every entity, in the order of its row, and each row's position.
fn entities(conn: &Connection) -> rusqlite::Result<(Vec<Entity>, HashMap<i64, EntityId>)> {
    let mut entities = Vec::new();
    let mut entity_of = HashMap::new();
    let mut s = conn.prepare(
        "SELECT id, key, name, kind, aliases, description, confidence FROM entities ORDER BY id",
    )?;
    let mut q = s.query([])?;
    while let Some(r) = q.next()? {
        entity_of.insert(r.get::<_, i64>(0)?, EntityId(entities.len()));
        entities.push(entity_from_row(r)?);
    }
    Ok((entities, entity_of))
}

/// An entity from a row whose columns begin `id, key, name, kind, aliases,
/// description`, with a `confidence` column among the rest.
pub(super) fn entity_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entity> {
    let aliases: String = r.get(4)?;
    Ok(Entity {
        id: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        description: r.get(5)?,
        confidence: r.get("confidence")?,
    })
}

/// What indexing refused, warned about and passed over.
fn problems(conn: &Connection) -> rusqlite::Result<(Vec<Problem>, Vec<Problem>, Vec<Problem>)> {
    let (mut refused, mut problems, mut passed_over) = (Vec::new(), Vec::new(), Vec::new());
    let mut s =
        conn.prepare("SELECT file, kind, severity, place, message FROM problems ORDER BY id")?;
    let mut q = s.query([])?;
    while let Some(r) = q.next()? {
        let severity: String = r.get(2)?;
        let place: String = r.get(3)?;
        let problem = Problem {
            file: r.get(0)?,
            place: place_of(&place),
            severity: if severity == "error" {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: r.get(4)?,
        };
        match r.get::<_, String>(1)?.as_str() {
            "refused" => refused.push(problem),
            "passed over" => passed_over.push(problem),
            _ => problems.push(problem),
        }
    }
    Ok((refused, problems, passed_over))
}
