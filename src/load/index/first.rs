//! Where each entity is first mentioned, kept up to date as files come and
//! go, so the explorer can sort by first appearance (and break ties of
//! counts as the in-memory model does) without reading every mention.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, params};

/// A mention's place in the order of the corpus: the file's path (by
/// name at each level, as folders are walked), the document in the file,
/// the mention in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    path: String,
    part: i64,
    document: i64,
    seq: i64,
}

impl Place {
    fn before(&self, other: &Place) -> bool {
        Path::new(&self.path)
            .components()
            .cmp(Path::new(&other.path).components())
            .then(self.part.cmp(&other.part))
            .then(self.seq.cmp(&other.seq))
            .is_lt()
    }
}

/// The first mention of each entity, as the transaction changes it.
#[derive(Debug, Default)]
pub struct FirstMentions {
    first: HashMap<i64, Place>,
    /// Entities whose first mention was in a document removed: looked up again at the end.
    stale: HashSet<i64>,
    changed: HashSet<i64>,
}

impl FirstMentions {
    pub fn load(conn: &Connection) -> rusqlite::Result<Self> {
        let mut first = HashMap::new();
        let mut s = conn.prepare(
            "SELECT e.id, d.path, d.part, d.id, e.first_seq FROM entities e
             JOIN documents d ON d.id = e.first_document",
        )?;
        let mut q = s.query([])?;
        while let Some(r) = q.next()? {
            first.insert(
                r.get(0)?,
                Place {
                    path: r.get(1)?,
                    part: r.get(2)?,
                    document: r.get(3)?,
                    seq: r.get(4)?,
                },
            );
        }
        Ok(FirstMentions {
            first,
            ..FirstMentions::default()
        })
    }

    /// A document is being removed: the entities first mentioned there
    /// must be looked for elsewhere.
    pub fn forget_document(&mut self, document: i64) {
        let gone: Vec<i64> = self
            .first
            .iter()
            .filter(|(_, p)| p.document == document)
            .map(|(&e, _)| e)
            .collect();
        for e in gone {
            self.first.remove(&e);
            self.stale.insert(e);
        }
    }

    /// A document was written; `mentions` are its (seq, entity) in order.
    pub fn offer(
        &mut self,
        path: &str,
        part: i64,
        document: i64,
        mentions: impl Iterator<Item = (i64, i64)>,
    ) {
        let mut seen = HashSet::new();
        for (seq, entity) in mentions {
            if !seen.insert(entity) || self.stale.contains(&entity) {
                continue;
            }
            let place = Place {
                path: path.to_string(),
                part,
                document,
                seq,
            };
            if self.first.get(&entity).is_none_or(|p| place.before(p)) {
                self.first.insert(entity, place);
                self.changed.insert(entity);
            }
        }
    }

    /// Looks up the stale entities again and writes what changed.
    pub fn finish(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        {
            let mut s = conn.prepare_cached(
                "SELECT d.path, d.part, d.id, min(m.seq) FROM mentions m
                 JOIN documents d ON d.id = m.document
                 WHERE m.entity = ?1 GROUP BY m.document",
            )?;
            for &entity in &self.stale {
                let mut best: Option<Place> = None;
                let mut q = s.query([entity])?;
                while let Some(r) = q.next()? {
                    let place = Place {
                        path: r.get(0)?,
                        part: r.get(1)?,
                        document: r.get(2)?,
                        seq: r.get(3)?,
                    };
                    if best.as_ref().is_none_or(|b| place.before(b)) {
                        best = Some(place);
                    }
                }
                match best {
                    Some(p) => {
                        self.first.insert(entity, p);
                    }
                    None => {
                        self.first.remove(&entity);
                    }
                }
                self.changed.insert(entity);
            }
        }
        self.stale.clear();
        let mut update = conn.prepare_cached(
            "UPDATE entities SET first_document = ?1, first_seq = ?2 WHERE id = ?3",
        )?;
        for entity in self.changed.drain() {
            let place = self.first.get(&entity);
            update.execute(params![
                place.map(|p| p.document),
                place.map(|p| p.seq),
                entity
            ])?;
        }
        Ok(())
    }
}
