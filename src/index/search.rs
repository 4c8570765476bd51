//! Text search over an index: SQLite's full-text index finds and ranks the
//! paragraphs; the hits inside each are the characters the full-text index
//! itself marks, so highlighting agrees with what matched.

use rusqlite::Connection;

/// Marks put around each hit by SQLite's `highlight()`: private-use
/// characters, which no document text is searched for.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A paragraph that matches, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextHit {
    /// The document as the corpus names it.
    pub file: String,
    /// The paragraph's number in its document, from 1.
    pub paragraph: usize,
    pub text: String,
    /// Each hit as a character range of `text`.
    pub hits: Vec<std::ops::Range<usize>>,
}

/// The result of a search: the best `limit` paragraphs, and how many match.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<TextHit>,
    pub total: usize,
}

/// Why a query could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadQuery(pub String);

/// In which order hits come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The order of the index (of the corpus, for files indexed together):
    /// the first hits come at once, however many paragraphs match.
    Index,
    /// Best first (BM25): every match is scored, so a word found in a
    /// hundred thousand paragraphs takes a tenth of a second.
    Rank,
}

/// Searches the paragraphs: words, `"a phrase"`, `prefix*`, `AND`/`OR`/`NOT`,
/// as SQLite's FTS5 reads them; text that is not a valid query (`new-zealand`,
/// `C++`) is searched as a phrase. `limit` 0 is no limit.
pub fn search(
    conn: &Connection,
    query: &str,
    limit: usize,
    order: Order,
) -> Result<Found, BadQuery> {
    match run(conn, query, limit, order) {
        Ok(found) => Ok(found),
        Err(e) if is_syntax(&e) => run(conn, &as_phrase(query), limit, order)
            .map_err(|e| BadQuery(format!("cannot search for \"{query}\": {}", message(&e)))),
        Err(e) => Err(BadQuery(message(&e))),
    }
}

fn is_syntax(e: &rusqlite::Error) -> bool {
    let text = e.to_string();
    text.contains("fts5: syntax error")
        || text.contains("no such column")
        || text.contains("unterminated")
}

fn message(e: &rusqlite::Error) -> String {
    e.to_string()
}

/// The query as one phrase of its words.
fn as_phrase(query: &str) -> String {
    format!("\"{}\"", query.replace('"', "\"\""))
}

fn run(conn: &Connection, query: &str, limit: usize, order: Order) -> rusqlite::Result<Found> {
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM paragraph_search WHERE paragraph_search MATCH ?1",
        [query],
        |r| r.get(0),
    )?;
    let total = usize::try_from(total).unwrap_or(0);
    let limit = if limit == 0 {
        -1
    } else {
        i64::try_from(limit).unwrap_or(-1)
    };
    let mut s = conn.prepare_cached(&format!(
        "SELECT d.label, p.position, highlight(paragraph_search, 0, ?2, ?3)
         FROM paragraph_search
         JOIN paragraphs p ON p.id = paragraph_search.rowid
         JOIN documents d ON d.id = p.document
         WHERE paragraph_search MATCH ?1 {}
         LIMIT ?4",
        match order {
            Order::Rank => "ORDER BY rank",
            Order::Index => "",
        }
    ))?;
    let rows = s.query_map(
        rusqlite::params![query, OPEN.to_string(), CLOSE.to_string(), limit],
        |r| {
            let marked: String = r.get(2)?;
            let (text, hits) = unmark(&marked);
            Ok(TextHit {
                file: r.get(0)?,
                paragraph: usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0) + 1,
                text,
                hits,
            })
        },
    )?;
    Ok(Found {
        hits: rows.collect::<rusqlite::Result<_>>()?,
        total,
    })
}

/// Paragraphs matching, in the index's order, for the explorer: each as
/// (document row, position, hit ranges), with how many match in all.
pub struct Paragraphs {
    pub hits: Vec<(i64, usize, Vec<std::ops::Range<usize>>)>,
    pub total: usize,
}

/// The explorer's search through the index (see [`search`] for the syntax).
pub fn search_paragraphs(
    conn: &Connection,
    query: &str,
    keep: usize,
) -> Result<Paragraphs, BadQuery> {
    let attempt = |q: &str| -> rusqlite::Result<Paragraphs> {
        let total: i64 = conn.query_row(
            "SELECT count(*) FROM paragraph_search WHERE paragraph_search MATCH ?1",
            [q],
            |r| r.get(0),
        )?;
        let limit = if keep == 0 {
            -1
        } else {
            i64::try_from(keep).unwrap_or(-1)
        };
        let mut s = conn.prepare_cached(
            "SELECT p.document, p.position, highlight(paragraph_search, 0, ?2, ?3)
             FROM paragraph_search JOIN paragraphs p ON p.id = paragraph_search.rowid
             WHERE paragraph_search MATCH ?1 ORDER BY p.document, p.position LIMIT ?4",
        )?;
        let hits = s
            .query_map(
                rusqlite::params![q, OPEN.to_string(), CLOSE.to_string(), limit],
                |r| {
                    let marked: String = r.get(2)?;
                    Ok((
                        r.get::<_, i64>(0)?,
                        usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                        unmark(&marked).1,
                    ))
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Paragraphs {
            hits,
            total: usize::try_from(total).unwrap_or(0),
        })
    };
    match attempt(query) {
        Ok(found) => Ok(found),
        Err(e) if is_syntax(&e) => attempt(&as_phrase(query)).map_err(|e| BadQuery(message(&e))),
        Err(e) => Err(BadQuery(message(&e))),
    }
}

/// The text without the marks, and the character ranges they enclosed.
fn unmark(marked: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let mut text = String::with_capacity(marked.len());
    let mut hits = Vec::new();
    let mut at = 0usize;
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => open = Some(at),
            CLOSE => {
                if let Some(start) = open.take() {
                    hits.push(start..at);
                }
            }
            _ => {
                text.push(c);
                at += 1;
            }
        }
    }
    (text, hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_character_ranges() {
        let (text, hits) = unmark("Tōkyō \u{E000}Japan\u{E001} and \u{E000}Japón\u{E001}");
        assert_eq!(text, "Tōkyō Japan and Japón");
        assert_eq!(hits, [6..11, 16..21]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[16..21].iter().collect::<String>(), "Japón");
    }

    #[test]
    fn a_query_becomes_a_phrase_with_its_quotes_doubled() {
        assert_eq!(as_phrase("new-zealand"), "\"new-zealand\"");
        assert_eq!(as_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
