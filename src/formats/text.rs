//! Plain text. Paragraphs are separated by blank lines. Inside a block of
//! lines, hard-wrapped lines are joined so the text reflows, but a reader's
//! eye for layout is kept:
//!
//! - a block of only short lines (an address, a list of names, verse, a
//!   title) keeps each line as its own paragraph;
//! - a line much shorter than the block's longest ends its paragraph (the
//!   usual sign of a paragraph end in text without blank lines);
//! - a line starting with a list marker (`-`, `*`, `•`, `1.`) starts one.
//!
//! Line endings may be `\n`, `\r\n` or a lone `\r`, mixed in one file.

use crate::model::{Block, Document, Paragraph};

/// Lines at most this long are "short".
const SHORT_LINE: usize = 40;
/// A line under this share of the block's longest ends a paragraph.
const PARAGRAPH_END_RATIO: f32 = 0.6;

/// Splits text into a document titled `title`.
pub fn parse(text: &str, title: &str) -> Document {
    let mut paragraphs = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in split_lines(text) {
        let line = line.trim();
        if line.is_empty() {
            flush_block(&block, &mut paragraphs);
            block.clear();
        } else {
            block.push(line);
        }
    }
    flush_block(&block, &mut paragraphs);
    Document {
        title: title.to_string(),
        source: String::new(),
        paragraphs: headings(paragraphs),
        parts: Vec::new(),
    }
}

/// Headings as plain text writes them: a line underlined with `===` (a
/// title) or `---` (a section), the underline dropped; a short line of
/// capitals standing alone ("INSTALLATION").
fn headings(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        // Only short lines are looked at: a long paragraph costs nothing here.
        let underline = (3..=200).contains(&p.chars)
            && (p.text.bytes().all(|c| c == b'=') || p.text.bytes().all(|c| c == b'-'));
        if underline
            && let Some(title) = out.last_mut()
            && title.block == Block::Text
            && !title.text.contains('\n')
            && title.chars <= 80
        {
            title.block = Block::Heading(if p.text.starts_with('=') { 1 } else { 2 });
            continue;
        }
        let capitals = p.chars <= 60
            && !p.text.ends_with(['.', '!', '?', ',', ';'])
            && p.text.chars().all(|c| !c.is_lowercase())
            && p.text.chars().filter(|c| c.is_alphabetic()).count() >= 4;
        out.push(if capitals {
            p.with_block(Block::Heading(2))
        } else {
            p
        });
    }
    out
}

/// Lines split at `\r\n`, `\n` or `\r`.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

fn starts_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '–') => chars.next() == Some(' '),
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

fn flush_block(block: &[&str], paragraphs: &mut Vec<Paragraph>) {
    let width = |l: &str| l.chars().count();
    let longest = block.iter().map(|l| width(l)).max().unwrap_or(0);
    if longest <= SHORT_LINE {
        paragraphs.extend(block.iter().map(|l| Paragraph::new(*l)));
        return;
    }
    let mut current = String::new();
    for (i, line) in block.iter().enumerate() {
        if !current.is_empty() && starts_list_item(line) {
            paragraphs.push(Paragraph::new(std::mem::take(&mut current)));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
        let is_last = i + 1 == block.len();
        let short = (width(line) as f32) < longest as f32 * PARAGRAPH_END_RATIO;
        if short && !is_last {
            paragraphs.push(Paragraph::new(std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        paragraphs.push(Paragraph::new(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        parse(text, "t")
            .paragraphs
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn underlined_and_capital_lines_are_headings() {
        let doc = parse(
            "Overview\n========\nThe tool packs files.\n\nINSTALLATION\nRun make.\n\n\
             Security Notes\n--------------\nReport bugs.\n\nA - B\n",
            "t",
        );
        let blocks: Vec<(String, Block)> = doc
            .paragraphs
            .iter()
            .map(|p| (p.text.clone(), p.block))
            .collect();
        assert_eq!(
            blocks,
            [
                ("Overview".to_string(), Block::Heading(1)),
                ("The tool packs files.".to_string(), Block::Text),
                ("INSTALLATION".to_string(), Block::Heading(2)),
                ("Run make.".to_string(), Block::Text),
                ("Security Notes".to_string(), Block::Heading(2)),
                ("Report bugs.".to_string(), Block::Text),
                ("A - B".to_string(), Block::Text),
            ]
        );
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(texts("One.\n\n\nTwo.\n"), ["One.", "Two."]);
        assert!(texts("\n \n\t\n").is_empty());
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "Japan and New Zealand are strengthening their partnership\n\
                    to aid greater regional stability in the face of many\n\
                    challenges.\n\nNext paragraph.";
        assert_eq!(
            texts(text),
            [
                "Japan and New Zealand are strengthening their partnership to aid greater regional stability in the face of many challenges.",
                "Next paragraph."
            ]
        );
    }

    #[test]
    fn a_block_of_short_lines_keeps_each_line() {
        assert_eq!(
            texts("Dr Tadashi Iwami\nHokkaido University\nSapporo, Japan\n"),
            ["Dr Tadashi Iwami", "Hokkaido University", "Sapporo, Japan"]
        );
    }

    #[test]
    fn a_short_line_ends_its_paragraph_inside_a_block() {
        let text = "The first paragraph runs on to a second line because it is long\n\
                    and ends here.\n\
                    The second paragraph starts without a blank line before it and\n\
                    also wraps.";
        assert_eq!(
            texts(text),
            [
                "The first paragraph runs on to a second line because it is long and ends here.",
                "The second paragraph starts without a blank line before it and also wraps."
            ]
        );
    }

    #[test]
    fn list_markers_start_paragraphs() {
        let text = "Members of the framework named in the article are these four:\n\
                    - Japan and New Zealand, the two partners\n\
                    - Australia and South Korea, the other two";
        assert_eq!(texts(text).len(), 3);
        assert!(starts_list_item("12. twelfth"));
        assert!(!starts_list_item("2050 Strategy"));
    }

    #[test]
    fn crlf_lone_cr_and_mixed_line_endings_all_split_lines() {
        assert_eq!(
            texts("One.\r\n\r\nTwo.\r\rThree.\n\nFour."),
            ["One.", "Two.", "Three.", "Four."]
        );
        assert!(texts("a\r\nb").iter().all(|t| !t.contains('\r')));
    }
}
