//! Searching the text itself (not the entities): a word or phrase, smart
//! case (lower-case letters match either case; a capital makes the search
//! exact), or a regular expression when the query has a backslash or
//! starts with `re:` (`\bsea\b`, `re:air (patrol|surveillance)`). Hits are
//! character ranges of paragraphs, in reading order.

use std::ops::Range;

use crate::model::{Model, ParagraphId};

/// A compiled query.
#[derive(Debug, Clone)]
pub enum Query {
    /// A literal, lower-cased when the search ignores case.
    Literal {
        needle: String,
        fold: bool,
    },
    Pattern(regex::Regex),
}

/// One place the query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub paragraph: ParagraphId,
    pub chars: Range<usize>,
}

/// What a search found: the hits kept, and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// Every match, counted (for an index: every paragraph that matches).
    pub total: usize,
    pub paragraphs: usize,
    /// True when `total` counts paragraphs, not matches (an index's search).
    pub by_paragraph: bool,
}

impl Query {
    /// Reads a query; a bad regular expression is an error saying why.
    pub fn parse(text: &str) -> Result<Query, String> {
        let pattern = text
            .strip_prefix("re:")
            .or(text.contains('\\').then_some(text));
        if let Some(pattern) = pattern {
            let exact = pattern.chars().any(char::is_uppercase);
            return regex::RegexBuilder::new(pattern)
                .case_insensitive(!exact)
                .build()
                .map(Query::Pattern)
                .map_err(|e| {
                    let first = e.to_string();
                    let reason = first.lines().last().unwrap_or("not a regular expression");
                    format!(
                        "not a regular expression: {}",
                        reason.trim_start_matches("error: ")
                    )
                });
        }
        let fold = !text.chars().any(char::is_uppercase);
        Ok(Query::Literal {
            needle: if fold {
                fold_text(text)
            } else {
                text.to_string()
            },
            fold,
        })
    }

    /// The matches in one paragraph's text, as character ranges.
    pub fn matches(&self, text: &str) -> Vec<Range<usize>> {
        let bytes: Vec<Range<usize>> = match self {
            Query::Literal { needle, .. } if needle.is_empty() => Vec::new(),
            Query::Literal { needle, fold } => {
                let hay = if *fold {
                    std::borrow::Cow::Owned(fold_text(text))
                } else {
                    std::borrow::Cow::Borrowed(text)
                };
                memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes())
                    .map(|at| at..at + needle.len())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .map(|r| to_original(&hay, text, r))
                    .collect()
            }
            Query::Pattern(re) => re
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .collect(),
        };
        bytes.into_iter().map(|r| chars_of(text, r)).collect()
    }
}

/// Each character lower-cased to one character, so character positions stay
/// those of the text ("İ" becomes "i", not "i̇").
fn fold_text(text: &str) -> String {
    text.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// A byte range of the folded text as the same characters' byte range in
/// the original (folding keeps the character count, not the byte count).
fn to_original(folded: &str, original: &str, range: Range<usize>) -> Range<usize> {
    if folded.len() == original.len() {
        return range;
    }
    let start_char = folded[..range.start].chars().count();
    let len_chars = folded[range.clone()].chars().count();
    let mut indices = original
        .char_indices()
        .map(|(b, _)| b)
        .chain([original.len()]);
    let start = indices.nth(start_char).unwrap_or(original.len());
    let end = if len_chars == 0 {
        start
    } else {
        indices.nth(len_chars - 1).unwrap_or(original.len())
    };
    start..end
}

/// A byte range as a character range.
fn chars_of(text: &str, range: Range<usize>) -> Range<usize> {
    let start = text[..range.start].chars().count();
    start..start + text[range].chars().count()
}

/// A document's text laid end to end, once as written and once folded to
/// lower case, so each search is one pass of a SIMD substring search over
/// contiguous memory rather than a walk of the paragraphs.
#[derive(Debug)]
pub struct Haystack {
    text: String,
    folded: String,
    /// Byte offset of each paragraph in `text`, and of the end.
    starts: Vec<usize>,
    /// The same in `folded` (folding may change a character's length).
    folded_starts: Vec<usize>,
}

impl Haystack {
    pub fn of(model: &Model) -> Haystack {
        let mut haystack = Haystack {
            text: String::new(),
            folded: String::new(),
            starts: Vec::with_capacity(model.paragraph_count() + 1),
            folded_starts: Vec::with_capacity(model.paragraph_count() + 1),
        };
        for p in 0..model.paragraph_count() {
            let paragraph = model.paragraph(p);
            haystack.starts.push(haystack.text.len());
            haystack.folded_starts.push(haystack.folded.len());
            haystack.text.push_str(&paragraph.text);
            haystack.text.push('\n');
            haystack.folded.push_str(&fold_text(&paragraph.text));
            haystack.folded.push('\n');
        }
        haystack.starts.push(haystack.text.len());
        haystack.folded_starts.push(haystack.folded.len());
        haystack
    }

    fn starts(&self, folded: bool) -> &[usize] {
        if folded {
            &self.folded_starts
        } else {
            &self.starts
        }
    }

    /// The paragraph holding a byte of the searched text.
    fn paragraph_at(&self, folded: bool, byte: usize) -> Option<usize> {
        self.starts(folded)
            .partition_point(|&s| s <= byte)
            .checked_sub(1)
    }

    /// A match's paragraph and its character range there; none for one
    /// running past its paragraph.
    fn locate(&self, folded: bool, bytes: Range<usize>) -> Option<Hit> {
        let hay = if folded { &self.folded } else { &self.text };
        let paragraph = self.paragraph_at(folded, bytes.start)?;
        let starts = self.starts(folded);
        if bytes.end >= starts[paragraph + 1] {
            return None;
        }
        let before = hay[starts[paragraph]..bytes.start].chars().count();
        Some(Hit {
            paragraph,
            chars: before..before + hay[bytes].chars().count(),
        })
    }
}

/// What a search has counted so far.
struct Tally<'a> {
    found: &'a mut Found,
    keep: usize,
    last_paragraph: Option<usize>,
}

impl Tally<'_> {
    fn wants_hits(&self) -> bool {
        self.keep == 0 || self.found.hits.len() < self.keep
    }

    fn add(&mut self, paragraph: usize, hit: Option<Hit>) {
        self.found.total += 1;
        if self.last_paragraph != Some(paragraph) {
            self.found.paragraphs += 1;
            self.last_paragraph = Some(paragraph);
        }
        if let Some(hit) = hit.filter(|_| self.wants_hits()) {
            self.found.hits.push(hit);
        }
    }
}

/// Searches a document's text; keeps the first `keep` hits (all when
/// `keep` is 0) and counts the rest, which costs no character counting.
pub fn search(haystack: &Haystack, query: &Query, keep: usize) -> Found {
    let mut found = Found::default();
    let mut tally = Tally {
        found: &mut found,
        keep,
        last_paragraph: None,
    };
    match query {
        Query::Literal { needle, .. } if needle.is_empty() => {}
        Query::Literal { needle, fold } => {
            let hay = if *fold {
                &haystack.folded
            } else {
                &haystack.text
            };
            let finder = memchr::memmem::Finder::new(needle.as_bytes());
            for at in finder.find_iter(hay.as_bytes()) {
                let Some(paragraph) = haystack.paragraph_at(*fold, at) else {
                    continue;
                };
                let hit = if tally.wants_hits() {
                    haystack.locate(*fold, at..at + needle.len())
                } else {
                    None
                };
                tally.add(paragraph, hit);
            }
        }
        Query::Pattern(re) => {
            for m in re.find_iter(&haystack.text).filter(|m| !m.is_empty()) {
                if let Some(hit) = haystack.locate(false, m.range()) {
                    tally.add(hit.paragraph, Some(hit));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(query: &str, text: &str) -> Vec<Range<usize>> {
        let direct = Query::parse(query).expect("query").matches(text);
        // The same through a whole document's haystack.
        let model = Model::new(
            crate::model::Document {
                paragraphs: vec![
                    crate::model::Paragraph::new("before"),
                    crate::model::Paragraph::new(text),
                ],
                ..crate::model::Document::default()
            },
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        let query = Query::parse(query).expect("query");
        let found = search(&Haystack::of(&model), &query, 0);
        let through: Vec<Range<usize>> = found
            .hits
            .iter()
            .filter(|h| h.paragraph == 1)
            .map(|h| h.chars.clone())
            .collect();
        assert_eq!(direct, through, "{query:?} in {text:?}");
        direct
    }

    #[test]
    fn smart_case_literal_and_character_offsets() {
        assert_eq!(
            ranges("japan", "Japan and JAPAN, japanese"),
            [0..5, 10..15, 17..22]
        );
        assert_eq!(ranges("Japan", "Japan and JAPAN"), vec![(0..5)]);
        // Offsets in characters, after non-ASCII text.
        assert_eq!(ranges("genève", "À Genève et GENÈVE"), [2..8, 12..18]);
        assert_eq!(ranges("x", "İstanbul x"), vec![(9..10)]);
    }

    #[test]
    fn backslashes_and_re_make_a_regular_expression() {
        assert_eq!(ranges(r"\bsea\b", "sea, seas and the Sea"), [0..3, 18..21]);
        assert_eq!(
            ranges("re:air (patrol|surveillance)", "air surveillance"),
            vec![(0..16)]
        );
        let bad = Query::parse("re:(").expect_err("bad");
        assert!(bad.starts_with("not a regular expression"), "{bad}");
    }
}
