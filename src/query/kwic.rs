//! A concordance (keyword in context): each mention of an entity as one
//! line — the words before it, the mention, the words after, and where it
//! is — sortable by position or by the word before or after, as AntConc and
//! brat's search show them.

use crate::display::visible;
use crate::model::{EntityId, MentionId, Model};

/// How the lines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// In reading order.
    #[default]
    Position,
    /// By the word before the mention (then the one before it...).
    Left,
    /// By the word after the mention.
    Right,
}

impl Order {
    #[must_use]
    pub fn next(self) -> Order {
        match self {
            Order::Position => Order::Left,
            Order::Left => Order::Right,
            Order::Right => Order::Position,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Order::Position => "by position",
            Order::Left => "by the word before",
            Order::Right => "by the word after",
        }
    }

    pub fn parse(name: &str) -> Option<Order> {
        match name {
            "position" => Some(Order::Position),
            "left" => Some(Order::Left),
            "right" => Some(Order::Right),
            _ => None,
        }
    }
}

/// One line of a concordance, every piece safe to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub mention: MentionId,
    /// Up to `width` characters before the mention, on one line.
    pub left: String,
    pub hit: String,
    pub right: String,
    /// "¶6", or "notes.md ¶6" in a corpus.
    pub cite: String,
}

/// The line of one mention, with `width` characters of context each side.
pub fn line(model: &Model, mention: MentionId, width: usize) -> Line {
    let m = model.mention(mention);
    let paragraph = model.paragraph(m.paragraph);
    let one_line = |s: &str| {
        let flat: String = s
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        visible(&flat).into_owned()
    };
    let from = m.start.saturating_sub(width);
    let to = (m.end + width).min(paragraph.chars);
    Line {
        mention,
        left: one_line(paragraph.slice(from..m.start)),
        hit: one_line(paragraph.slice(m.start..m.end)),
        right: one_line(paragraph.slice(m.end..to)),
        cite: model.document.cite(m.paragraph),
    }
}

/// Every mention of an entity as a line, in `order`.
pub fn lines(model: &Model, entity: EntityId, width: usize, order: Order) -> Vec<Line> {
    let mut lines: Vec<Line> = model
        .mentions_of(entity)
        .iter()
        .map(|&m| line(model, m, width))
        .collect();
    sort(&mut lines, order);
    lines
}

/// Orders lines; ties keep reading order.
pub fn sort(lines: &mut [Line], order: Order) {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    match order {
        Order::Position => lines.sort_by_key(|l| l.mention),
        Order::Left => lines.sort_by_cached_key(|l| {
            let mut w = words(&l.left);
            w.reverse();
            (w, l.mention)
        }),
        Order::Right => lines.sort_by_cached_key(|l| (words(&l.right), l.mention)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_sort_by_the_word_before_or_after() {
        let model = crate::load::open_bundled().expect("bundled").model;
        let japan = model.lookup("japan").expect("japan");
        let by_position = lines(&model, japan, 20, Order::Position);
        assert_eq!(by_position.len(), 14);
        assert!(by_position.windows(2).all(|w| w[0].mention < w[1].mention));
        assert_eq!(by_position[0].hit, "Japan");
        assert_eq!(by_position[0].cite, "¶2");
        let by_right = lines(&model, japan, 20, Order::Right);
        let first_words: Vec<String> = by_right
            .iter()
            .map(|l| {
                l.right
                    .split(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())
                    .unwrap_or("")
                    .to_lowercase()
            })
            .collect();
        let mut sorted = first_words.clone();
        sorted.sort();
        assert_eq!(first_words, sorted);
        let by_left = lines(&model, japan, 20, Order::Left);
        let last_words: Vec<String> = by_left
            .iter()
            .map(|l| {
                l.left
                    .split(|c: char| !c.is_alphanumeric())
                    .rfind(|w| !w.is_empty())
                    .unwrap_or("")
                    .to_lowercase()
            })
            .collect();
        let mut sorted = last_words.clone();
        sorted.sort();
        assert_eq!(last_words, sorted);
    }
}
