//! Markdown, read with a `CommonMark` parser: headings become section titles,
//! emphasis and links become their plain text, list items become
//! paragraphs marked with a bullet, and code blocks and tables are kept
//! verbatim (and not linked).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::{Block, Document, Paragraph};

/// Reads Markdown into a document titled by its first heading, or `fallback`.
pub fn parse(text: &str, fallback: &str) -> Document {
    let mut b = Builder::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(text, options) {
        b.event(event);
    }
    b.flush();
    let title = b
        .paragraphs
        .iter()
        .find(|p| matches!(p.block, Block::Heading(_)))
        .map_or_else(|| fallback.to_string(), |p| p.text.clone());
    Document {
        title,
        source: String::new(),
        paragraphs: b.paragraphs,
        parts: Vec::new(),
    }
}

#[derive(Default)]
struct Builder {
    paragraphs: Vec<Paragraph>,
    current: String,
    block: Block,
    /// Inside a code block or table: text is taken as it is.
    verbatim: bool,
    /// One entry per open list: the next number of an ordered list.
    lists: Vec<Option<u64>>,
    /// The bullet just written for a list item, before its text.
    item_prefix_len: usize,
}

impl Builder {
    fn flush(&mut self) {
        let text = if self.verbatim || self.block == Block::Verbatim {
            self.current.trim_end_matches('\n').to_string()
        } else {
            self.current
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        if text.chars().count() > self.item_prefix_len && !text.trim().is_empty() {
            self.paragraphs
                .push(Paragraph::new(text).with_block(self.block));
        }
        self.current.clear();
        self.block = Block::Text;
        self.item_prefix_len = 0;
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.current.push_str(&t);
            }
            Event::Html(t) => {
                // A raw HTML block: kept as written, like code.
                if self.current.is_empty() {
                    self.block = Block::Verbatim;
                }
                self.current.push_str(&t);
            }
            Event::InlineHtml(_) => {}
            Event::SoftBreak | Event::HardBreak => {
                self.current.push(if self.verbatim { '\n' } else { ' ' });
            }
            Event::Rule => self.flush(),
            Event::FootnoteReference(label) => {
                self.current.push_str(&format!("[^{label}]"));
            }
            Event::TaskListMarker(done) => {
                self.current.push_str(if done { "[x] " } else { "[ ] " });
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            // A list item's first paragraph continues after its bullet.
            Tag::Paragraph
                if self.item_prefix_len > 0
                    && self.current.chars().count() <= self.item_prefix_len => {}
            Tag::Paragraph | Tag::HtmlBlock => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.block = Block::Heading(level as u8);
            }
            Tag::CodeBlock(_) | Tag::Table(_) => {
                self.flush();
                self.block = Block::Verbatim;
                self.verbatim = true;
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let bullet = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                self.current = format!("{}{bullet}", "  ".repeat(depth));
                self.item_prefix_len = self.current.chars().count();
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.current = format!("[^{label}]: ");
                self.item_prefix_len = self.current.chars().count();
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::CodeBlock | TagEnd::Table => {
                self.flush();
                self.verbatim = false;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::TableCell => self.current.push_str(" | "),
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = self.current.trim_end_matches(" | ").len();
                self.current.truncate(row);
                self.current.push('\n');
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(Block, String)> {
        parse(text, "file")
            .paragraphs
            .into_iter()
            .map(|p| (p.block, p.text))
            .collect()
    }

    #[test]
    fn headings_become_section_titles_and_the_first_one_the_title() {
        let doc = parse(
            "# Japan and New Zealand\n\nIntro.\n\n## Security\n\nText.",
            "file",
        );
        assert_eq!(doc.title, "Japan and New Zealand");
        assert_eq!(doc.paragraphs[0].block, Block::Heading(1));
        assert_eq!(doc.paragraphs[2].block, Block::Heading(2));
        assert_eq!(doc.paragraphs[2].text, "Security");
    }

    #[test]
    fn without_a_heading_the_title_is_the_file_name() {
        assert_eq!(parse("Just text.", "notes").title, "notes");
    }

    #[test]
    fn emphasis_links_and_inline_code_become_plain_text() {
        assert_eq!(
            blocks("Read **the** _joint_ [statement](https://example.org) on `QUAD`\nand more."),
            [(
                Block::Text,
                "Read the joint statement on QUAD and more.".to_string()
            )]
        );
    }

    #[test]
    fn code_blocks_are_kept_verbatim() {
        let b = blocks("Before.\n\n```\nfn main() {\n    println!(\"Japan\");\n}\n```\n");
        assert_eq!(
            b[1],
            (
                Block::Verbatim,
                "fn main() {\n    println!(\"Japan\");\n}".to_string()
            )
        );
    }

    #[test]
    fn list_items_are_paragraphs_with_their_markers() {
        let b = blocks("- Japan\n- New Zealand\n  1. Auckland\n  2. Wellington\n");
        let texts: Vec<&str> = b.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["• Japan", "• New Zealand", "1. Auckland", "2. Wellington"]
        );
    }

    #[test]
    fn tables_are_kept_as_rows() {
        let b = blocks("| Country | Capital |\n|---|---|\n| Japan | Tokyo |\n");
        assert_eq!(
            b,
            [(
                Block::Verbatim,
                "Country | Capital\nJapan | Tokyo".to_string()
            )]
        );
    }
}
