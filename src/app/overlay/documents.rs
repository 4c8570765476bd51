//! The document list (`d`): what was opened, what was skipped; `Enter`
//! goes to the document chosen.

use super::{Context, Follow, Outcome};
use crate::app::{Action, Command};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documents {
    pub selected: usize,
}

impl Documents {
    pub fn handle(&mut self, action: Action, cx: &Context<'_>) -> Outcome {
        let parts = &cx.model.document.parts;
        let last = parts.len().saturating_sub(1);
        let Action::Run(command) = action else {
            return Outcome::Pass;
        };
        match command {
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::Top => self.selected = 0,
            Command::Bottom => self.selected = last,
            Command::Select => {
                return match parts.get(self.selected) {
                    Some(part) => Outcome::Then(Follow::Paragraph(part.paragraphs.start)),
                    None => Outcome::Close,
                };
            }
            Command::Close | Command::Documents => return Outcome::Close,
            _ => return Outcome::Pass,
        }
        Outcome::Stay
    }
}
