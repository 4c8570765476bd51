//! Plain text: paragraphs are separated by blank lines; the lines inside a
//! paragraph are joined with single spaces so the text reflows.

use crate::model::{Document, Paragraph};

/// Splits text into a document titled `title`.
pub fn parse(text: &str, title: &str) -> Document {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(Paragraph::new(std::mem::take(&mut current)));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(Paragraph::new(current));
    }
    Document {
        title: title.to_string(),
        source: String::new(),
        paragraphs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_inside_are_joined() {
        let doc = parse("One line\nand its tail.\n\n\nSecond.\r\n", "t");
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One line and its tail.", "Second."]);
        assert_eq!(doc.title, "t");
    }

    #[test]
    fn empty_text_has_no_paragraphs() {
        assert!(parse("\n \n\t\n", "t").paragraphs.is_empty());
    }
}
