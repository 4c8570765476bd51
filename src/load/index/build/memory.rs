//! An index held in memory, of the paragraphs of a model read without one:
//! what `grep` searches when there is no index on disk.

use super::super::schema::CREATE;
use super::writer::{block_text, int};
use rusqlite::{Connection, params};

/// The paragraphs of a model in an index held in memory, for searching the
/// text of what was not indexed on disk. Each part is a document.
pub fn in_memory(model: &crate::model::Model, file: &str) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch(CREATE)?;
    let tx = conn.transaction()?;
    {
        let document = &model.document;
        let text = model.text();
        let whole = [crate::model::Part {
            title: document.title.clone(),
            file: file.to_string(),
            annotation: String::new(),
            paragraphs: 0..text.len(),
        }];
        let parts = if document.parts.is_empty() {
            &whole[..]
        } else {
            &document.parts[..]
        };
        let mut add_document = tx.prepare(
            "INSERT INTO documents (path, part, label, size, mtime_ns, hash, format, title, annotation, paragraphs, mentions)
             VALUES (?1, ?4, ?1, 0, 0, '', '', ?2, '', ?3, 0)",
        )?;
        let mut add_paragraph = tx.prepare(
            "INSERT INTO paragraphs (document, position, block, furniture, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut search =
            tx.prepare("INSERT INTO paragraph_search (rowid, text) VALUES (?1, ?2)")?;
        for (i, part) in parts.iter().enumerate() {
            add_document.execute(params![
                part.file,
                part.title,
                int(part.paragraphs.len()),
                int(i)
            ])?;
            let id = tx.last_insert_rowid();
            for (position, p) in text[part.paragraphs.clone()].iter().enumerate() {
                add_paragraph.execute(params![
                    id,
                    int(position),
                    block_text(p.block),
                    p.furniture,
                    p.text
                ])?;
                search.execute(params![tx.last_insert_rowid(), p.text])?;
            }
        }
    }
    tx.commit()?;
    Ok(conn)
}
