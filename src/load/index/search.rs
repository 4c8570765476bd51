//! Text search over an index: SQLite's full-text index finds and ranks the
//! paragraphs; the hits inside each are the characters the full-text index
//! itself marks, so highlighting agrees with what matched.

use rusqlite::Connection;

/// Marks put around each hit by SQLite's `highlight()`: private-use
/// characters. A text may hold them too (PDF extractions do): then the
/// marked text differs from the paragraph's own, and that paragraph is
/// marked again with two private-use characters it does not hold.
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

/// The most terms a query may have: the full-text index's cost grows with
/// every term over every paragraph it matches, so a pasted page of words is
/// refused rather than searched for minutes.
const MOST_TERMS: usize = 1000;

fn too_many_terms(query: &str) -> Result<(), BadQuery> {
    let terms = query.split_whitespace().count();
    if terms > MOST_TERMS {
        return Err(BadQuery(format!(
            "a query of {terms} terms: at most {MOST_TERMS} are searched at once"
        )));
    }
    Ok(())
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
    too_many_terms(query)?;
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
        "SELECT d.label, p.position, highlight(paragraph_search, 0, ?2, ?3), p.text,
                paragraph_search.rowid
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
            let text: String = r.get(3)?;
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                marked,
                text,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    let mut hits = Vec::new();
    for row in rows {
        let (file, position, marked, text, rowid) = row?;
        let hits_in = hits_of(conn, query, rowid, &marked, &text)?;
        hits.push(TextHit {
            file,
            paragraph: usize::try_from(position).unwrap_or(0) + 1,
            text,
            hits: hits_in,
        });
    }
    Ok(Found { hits, total })
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
    too_many_terms(query)?;
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
            "SELECT p.document, p.position, highlight(paragraph_search, 0, ?2, ?3), p.text,
                    paragraph_search.rowid
             FROM paragraph_search JOIN paragraphs p ON p.id = paragraph_search.rowid
             WHERE paragraph_search MATCH ?1 ORDER BY p.document, p.position LIMIT ?4",
        )?;
        let rows: Vec<(i64, i64, String, String, i64)> = s
            .query_map(
                rusqlite::params![q, OPEN.to_string(), CLOSE.to_string(), limit],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut hits = Vec::with_capacity(rows.len());
        for (document, position, marked, text, rowid) in rows {
            hits.push((
                document,
                usize::try_from(position).unwrap_or(0),
                hits_of(conn, q, rowid, &marked, &text)?,
            ));
        }
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

/// The hits of one paragraph as character ranges of its `text`, from its
/// `marked` text; when the marks were ambiguous (the text holds them), the
/// paragraph is marked again with characters it does not hold.
fn hits_of(
    conn: &Connection,
    query: &str,
    rowid: i64,
    marked: &str,
    text: &str,
) -> rusqlite::Result<Vec<std::ops::Range<usize>>> {
    let (unmarked, hits) = unmark(marked, OPEN, CLOSE);
    if unmarked == text {
        return Ok(hits);
    }
    let mut absent = ('\u{E000}'..='\u{F8FF}')
        .chain('\u{F0000}'..='\u{FFFFD}')
        .filter(|c| !text.contains(*c));
    let (Some(open), Some(close)) = (absent.next(), absent.next()) else {
        return Ok(Vec::new());
    };
    let marked: String = conn.query_row(
        "SELECT highlight(paragraph_search, 0, ?2, ?3) FROM paragraph_search
         WHERE paragraph_search MATCH ?1 AND rowid = ?4",
        rusqlite::params![query, open.to_string(), close.to_string(), rowid],
        |r| r.get(0),
    )?;
    Ok(unmark(&marked, open, close).1)
}

/// The text without the marks, and the character ranges they enclosed.
fn unmark(
    marked: &str,
    open_mark: char,
    close_mark: char,
) -> (String, Vec<std::ops::Range<usize>>) {
    let mut text = String::with_capacity(marked.len());
    let mut hits = Vec::new();
    let mut at = 0usize;
    let mut open = None;
    for c in marked.chars() {
        match c {
            c if c == open_mark => open = Some(at),
            c if c == close_mark => {
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
        let (text, hits) = unmark(
            "Tōkyō \u{E000}Japan\u{E001} and \u{E000}Japón\u{E001}",
            OPEN,
            CLOSE,
        );
        assert_eq!(text, "Tōkyō Japan and Japón");
        assert_eq!(hits, [6..11, 16..21]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[16..21].iter().collect::<String>(), "Japón");
    }

    #[test]
    fn a_query_of_too_many_terms_is_refused_at_once() {
        let conn = Connection::open_in_memory().expect("memory");
        let query = vec!["Japan"; 20_000].join(" ");
        let start = std::time::Instant::now();
        let refused = search(&conn, &query, 10, Order::Index).expect_err("refused");
        assert_eq!(
            refused.0,
            "a query of 20000 terms: at most 1000 are searched at once"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_query_becomes_a_phrase_with_its_quotes_doubled() {
        assert_eq!(as_phrase("new-zealand"), "\"new-zealand\"");
        assert_eq!(as_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
