//! `CoNLL` NER columns: CoNLL-2003's four columns (token, POS, chunk, tag) or
//! `token<TAB>tag`; the tag is the last column. IOB1, IOB2 and IOBES/BILOU
//! are all read: `B-X` starts an entity, `I-X` continues one of type X (and
//! starts a new one when it does not follow X, as in IOB1), `E-X`/`L-X` end
//! one and `S-X`/`U-X` are one-token entities. A blank line ends a sentence
//! and `-DOCSTART-` a document. spaCy's older layout, one sentence per line
//! as `token|POS|TAG` (or `token|TAG`) items separated by spaces, is read
//! too. The text is rebuilt by joining tokens with spaces, one sentence per
//! paragraph, and is marked as reconstructed. A line that cannot be read is
//! reported and skipped; a file in neither layout is refused in one line.

use super::Read;
use super::standoff::{Source, load};
use crate::model::Record;
use crate::problem::{Place, Problem, Problems};

/// One document being assembled from sentences.
#[derive(Default)]
struct Builder {
    text: String,
    chars: usize,
    records: Vec<Record>,
    lines: Vec<usize>,
    /// The open entity: (type, start char, start byte, line).
    open: Option<(String, usize, usize, usize)>,
    /// End of the last token added (in characters, and in bytes).
    last_end: usize,
    last_end_byte: usize,
    in_sentence: bool,
}

impl Builder {
    fn close(&mut self) {
        if let Some((label, start, start_byte, line)) = self.open.take() {
            let id = format!("T{}", self.records.len() + 1);
            // Sliced by bytes: counting characters from the start of a long
            // sentence for each entity would make the file quadratic.
            let text = self.text[start_byte..self.last_end_byte].to_string();
            self.records.push(Record::Span {
                id,
                label,
                fragments: vec![(start, self.last_end)],
                text,
            });
            self.lines.push(line);
        }
    }

    fn end_sentence(&mut self) {
        self.close();
        if self.in_sentence {
            self.text.push('\n');
            self.chars += 1;
            self.in_sentence = false;
        }
    }

    fn token(&mut self, token: &str, tag: &str, line: usize) -> Result<(), String> {
        if self.in_sentence {
            self.text.push(' ');
            self.chars += 1;
        }
        let start = self.chars;
        let start_byte = self.text.len();
        self.text.push_str(token);
        self.chars += token.chars().count();
        self.in_sentence = true;
        let (prefix, label) = match tag.split_once(['-', '_']) {
            Some((p, l)) if p.len() == 1 => (p, l),
            _ if tag == "O" => ("O", ""),
            _ => {
                self.close();
                return Err(format!(
                    "unknown tag {tag:?}: expected O, or B-, I-, E-, S-, L- or U- and a type"
                ));
            }
        };
        let continues = self.open.as_ref().is_some_and(|(l, ..)| l == label);
        match prefix {
            "O" => self.close(),
            "I" | "E" | "L" if continues => {}
            // A new span; S and U are single-token ones, closed just below.
            "B" | "I" | "E" | "L" | "S" | "U" => {
                self.close();
                self.open = Some((label.to_string(), start, start_byte, line));
            }
            _ => {
                self.close();
                return Err(format!("unknown tag prefix in {tag:?}"));
            }
        }
        self.last_end = self.chars;
        self.last_end_byte = self.text.len();
        if matches!(prefix, "E" | "L" | "S" | "U") {
            self.close();
        }
        Ok(())
    }
}

/// What both layouts look like, for a file in neither.
const LAYOUTS: &str = "expected columns `token … TAG` (CoNLL, one token a line) or `token|…|TAG` items (one sentence a line)";

/// Whether a tag reads as IOB/IOBES/BILOU.
fn is_tag(tag: &str) -> bool {
    tag == "O"
        || tag
            .split_once(['-', '_'])
            .is_some_and(|(p, l)| matches!(p, "B" | "I" | "E" | "S" | "L" | "U") && !l.is_empty())
}

/// A line of `token|…|TAG` items, as (token, tag) pairs; `None` when the
/// line is not in that layout.
fn pipe_items(columns: &[&str]) -> Option<Vec<(String, String)>> {
    columns
        .iter()
        .map(|c| {
            let (token, tag) = c.rsplit_once('|')?;
            let token = token.split('|').next().unwrap_or(token);
            (!token.is_empty()).then(|| (token.to_string(), tag.to_string()))
        })
        .collect()
}

/// Reads a `CoNLL` file.
///
/// # Panics
///
/// Never: the list of documents being built always holds one.
pub fn read(name: &str, contents: &str) -> Result<Read, Problems> {
    let mut problems = Vec::new();
    let mut documents: Vec<Builder> = vec![Builder::default()];
    let mut tokens_read = 0;
    for (i, raw) in contents.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end_matches('\r');
        let columns: Vec<&str> = line.split_whitespace().collect();
        let current = documents.last_mut().expect("documents is never empty");
        let pipes = pipe_items(&columns).filter(|items| items.iter().all(|(_, t)| is_tag(t)));
        match columns.as_slice() {
            [] => current.end_sentence(),
            [first, ..] if *first == "-DOCSTART-" || first.starts_with("-DOCSTART-|") => {
                current.end_sentence();
                if !current.text.is_empty() {
                    documents.push(Builder::default());
                }
            }
            _ if pipes.is_some() => {
                for (token, tag) in pipes.unwrap_or_default() {
                    // Tags were checked as the layout was recognised.
                    let _ = current.token(&token, &tag, n);
                    tokens_read += 1;
                }
                current.end_sentence();
            }
            _ if tokens_read == 0 && !columns.last().is_some_and(|t| is_tag(t)) => {
                return Err(Problem::error(
                    name,
                    Place::Line(n),
                    format!("not a CoNLL layout entscope reads: {LAYOUTS}"),
                )
                .into());
            }
            [_] => problems.push(Problem::error(
                name,
                Place::Line(n),
                "expected a token and a tag; line skipped",
            )),
            [token, .., tag] => {
                tokens_read += 1;
                if let Err(message) = current.token(token, tag, n) {
                    let column = line.rfind(tag).map_or(1, |b| line[..b].chars().count() + 1);
                    problems.push(Problem::error(
                        name,
                        Place::LineColumn(n, column),
                        format!("{message}; read as O"),
                    ));
                }
            }
        }
    }
    if let Some(last) = documents.last_mut() {
        last.end_sentence();
    }
    let several = documents.iter().filter(|d| !d.text.is_empty()).count() > 1;
    let sources = documents
        .into_iter()
        .filter(|d| !d.text.is_empty())
        .enumerate()
        .map(|(i, d)| Source {
            raw: Vec::new(),
            file: name.to_string(),
            title: if several {
                format!("document {}", i + 1)
            } else {
                name.to_string()
            },
            text: d.text,
            records: d.records,
            lines: d.lines,
        })
        .collect();
    let mut loaded = load(name, sources, "CoNLL (text rebuilt from the tokens)")?;
    loaded.problems_first(problems);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Vec<(String, String)> {
        let loaded = read("t.conll", text).expect("loads");
        let m = &loaded.model;
        m.mentions()
            .iter()
            .map(|x| (m.entities[x.entity].kind.clone(), m.mention_text(x)))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn conll_2003_four_columns_iob1() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n. . O O\n";
        assert_eq!(entities(text), pairs(&[("ORG", "EU"), ("MISC", "German")]));
    }

    #[test]
    fn iob2_with_tabs_and_an_i_without_b_starting_an_entity() {
        let text = "New\tB-LOC\nZealand\tI-LOC\nand\tO\nJapan\tI-LOC\nagree\tO\n";
        assert_eq!(
            entities(text),
            pairs(&[("LOC", "New Zealand"), ("LOC", "Japan")])
        );
    }

    #[test]
    fn iobes_and_bilou() {
        let text = "Christopher\tB-PER\nLuxon\tE-PER\nmet\tO\nKishida\tS-PER\n\nFive\tB-ORG\nEyes\tL-ORG\nand\tO\nQUAD\tU-ORG\n";
        assert_eq!(
            entities(text),
            pairs(&[
                ("PER", "Christopher Luxon"),
                ("PER", "Kishida"),
                ("ORG", "Five Eyes"),
                ("ORG", "QUAD")
            ])
        );
    }

    #[test]
    fn docstart_splits_documents_and_the_text_is_marked_rebuilt() {
        let loaded = read(
            "t.conll",
            "-DOCSTART- O\n\nTokyo B-LOC\n\n-DOCSTART- O\n\nTokyo B-LOC\n",
        )
        .expect("loads");
        assert_eq!(loaded.model.document.parts.len(), 2);
        assert_eq!(loaded.annotation, "CoNLL (text rebuilt from the tokens)");
        assert_eq!(
            loaded.model.entities.len(),
            1,
            "one Tokyo across both documents"
        );
    }

    #[test]
    fn bad_tags_and_lone_tokens_are_located_and_skipped() {
        let loaded =
            read("t.conll", "Tokyo B-LOC\nOsaka\nKyoto X-LOC\nNara B-LOC\n").expect("loads");
        let lines: Vec<String> = loaded
            .problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "t.conll:2: expected a token and a tag; line skipped",
                "t.conll:3:7: unknown tag prefix in \"X-LOC\"; read as O",
            ]
        );
        let names: Vec<&str> = loaded
            .model
            .entities
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["Tokyo", "Nara"]);
    }

    #[test]
    fn spacy_sentence_per_line_pipes() {
        let text = "Luxon|NNP|B-PER met|VBD|O Kishida|NNP|B-PER in|IN|O New|NNP|B-GPE Zealand|NNP|I-GPE .|.|O\nJapan|B-GPE agreed|O\n";
        assert_eq!(
            entities(text),
            pairs(&[
                ("PER", "Luxon"),
                ("PER", "Kishida"),
                ("GPE", "New Zealand"),
                ("GPE", "Japan")
            ])
        );
        let loaded = read("t.conll", text).expect("loads");
        assert_eq!(loaded.model.paragraph_count(), 2, "a sentence a line");
    }

    #[test]
    fn an_unknown_layout_says_which_layouts_are_read() {
        let err = read("t.conll", "id,token,label\n1,Tokyo,B-LOC\n").expect_err("refused");
        assert_eq!(
            err.to_string(),
            "t.conll:1: not a CoNLL layout entscope reads: expected columns `token … TAG` (CoNLL, one token a line) or `token|…|TAG` items (one sentence a line)"
        );
    }
}
