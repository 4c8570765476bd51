//! Choosing text with the keyboard (`V`), to make a mention of: a mode of
//! its own, a component like the overlays. It owns the span being chosen
//! and answers the select mode's commands with an [`Outcome`]; the app
//! keeps the span while a `:link`/`:new` line that needs it is typed.

use super::overlay::{Follow, Outcome};
use super::{Action, Command};
use crate::model::{Model, ParagraphId};

/// A span of text being chosen, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub paragraph: ParagraphId,
    pub start: usize,
    pub end: usize,
}

impl Selection {
    /// The first word of the paragraphs from `first` on (at most 64 of
    /// them): where choosing starts when no mention is under the cursor.
    pub fn first_word(model: &Model, first: ParagraphId) -> Option<Selection> {
        (first..model.paragraph_count().min(first + 64)).find_map(|p| {
            words_of(&model.paragraph(p).text, true).map(|w| Selection {
                paragraph: p,
                start: w.start,
                end: w.end,
            })
        })
    }

    /// The text chosen.
    pub fn text(self, model: &Model) -> String {
        model
            .paragraph(self.paragraph)
            .slice(self.start..self.end)
            .to_string()
    }

    /// Answers a command of the select mode: `Stay` when the span moved or
    /// grew (the app keeps it in view), `Close` when choosing was
    /// cancelled, `Then` for what comes next (the span is kept for it).
    pub fn handle(&mut self, action: Action, model: &Model) -> Outcome {
        let Action::Run(command) = action else {
            return Outcome::Pass;
        };
        let words = words(&model.paragraph(self.paragraph).text);
        match command {
            Command::ChooseMore => {
                if let Some(w) = words.iter().find(|w| w.start >= self.end) {
                    self.end = w.end;
                }
            }
            Command::ChooseLess => {
                let first = words.iter().position(|w| w.start >= self.start);
                let last = words.iter().rposition(|w| w.end <= self.end);
                if let (Some(a), Some(b)) = (first, last)
                    && b > a
                {
                    self.end = words[b - 1].end;
                }
            }
            Command::ChooseNext | Command::ChoosePrev => {
                self.step(&words, model, command == Command::ChooseNext);
            }
            Command::ChooseLink => return Outcome::Then(Follow::Line("link".into())),
            Command::ChooseNew => {
                return Outcome::Then(Follow::Prompt(format!("new {}", self.text(model))));
            }
            Command::CommandLine => return Outcome::Then(Follow::Prompt(String::new())),
            Command::Close => return Outcome::Close,
            Command::Quit => return Outcome::Then(Follow::Quit),
            _ => return Outcome::Pass,
        }
        Outcome::Stay
    }

    /// On to the next (or previous) word, across paragraphs.
    fn step(&mut self, words: &[std::ops::Range<usize>], model: &Model, forward: bool) {
        let here = if forward {
            words.iter().find(|w| w.start >= self.end)
        } else {
            words.iter().rev().find(|w| w.end <= self.start)
        };
        if let Some(w) = here {
            (self.start, self.end) = (w.start, w.end);
            return;
        }
        let count = model.paragraph_count();
        let mut p = self.paragraph;
        loop {
            p = match (forward, p) {
                (true, p) if p + 1 < count => p + 1,
                (false, p) if p > 0 => p - 1,
                _ => return,
            };
            if let Some(w) = words_of(&model.paragraph(p).text, forward) {
                *self = Selection {
                    paragraph: p,
                    start: w.start,
                    end: w.end,
                };
                return;
            }
        }
    }
}

/// The words of a paragraph as character ranges: runs of letters and
/// digits, with a hyphen, apostrophe, period or ampersand inside kept
/// ("Indo-Pacific", "O'Neill", "U.S"), a possessive "'s" left out.
pub fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let joins = matches!(chars[i], '-' | '\'' | '’' | '.' | '&')
                && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
                && !(matches!(chars[i], '\'' | '’')
                    && matches!(chars.get(i + 1), Some('s' | 'S'))
                    && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric()));
            if !(chars[i].is_alphanumeric() || joins) {
                break;
            }
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// The first (or last) word of a text.
fn words_of(text: &str, first: bool) -> Option<std::ops::Range<usize>> {
    let all = words(text);
    if first {
        all.into_iter().next()
    } else {
        all.into_iter().last()
    }
}
