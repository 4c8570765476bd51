//! The concordance (`c`): the current entity's mentions in context, one a
//! line, sortable by what comes before or after; `Enter` jumps there.

use super::{Context, Follow, Outcome};
use crate::app::{Action, Command};
use crate::model::{EntityId, MentionId, Model};

/// The most mentions a concordance lists (the first ones, in reading order).
const CONCORDANCE_MAX: usize = 5_000;
/// Characters of context each side in the concordance.
const CONCORDANCE_CONTEXT: usize = 60;

/// The concordance overlay: its lines, order and selection.
#[derive(Debug, Clone)]
pub struct Concordance {
    pub entity: EntityId,
    pub lines: Vec<crate::query::kwic::Line>,
    pub order: crate::query::kwic::Order,
    pub selected: usize,
    /// When the entity has more mentions than are listed.
    pub total: usize,
}

impl Concordance {
    /// The concordance of `entity`, on the mention under the cursor if it
    /// is one of its.
    pub fn of(model: &Model, entity: EntityId, cursor: Option<MentionId>) -> Concordance {
        let total = model.mention_total(entity);
        let mentions = model.mentions_of(entity);
        let lines = mentions
            .iter()
            .take(CONCORDANCE_MAX)
            .map(|&m| crate::query::kwic::line(model, m, CONCORDANCE_CONTEXT))
            .collect();
        let selected = cursor
            .and_then(|c| mentions.iter().take(CONCORDANCE_MAX).position(|&m| m == c))
            .unwrap_or(0);
        Concordance {
            entity,
            lines,
            order: crate::query::kwic::Order::Position,
            selected,
            total,
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Context<'_>) -> Outcome {
        let page = (cx.screen.height as usize).saturating_sub(6).max(1);
        let last = self.lines.len().saturating_sub(1);
        let Action::Run(command) = action else {
            return Outcome::Pass;
        };
        match command {
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::PageDown | Command::HalfPageDown => {
                self.selected = (self.selected + page).min(last);
            }
            Command::PageUp | Command::HalfPageUp => {
                self.selected = self.selected.saturating_sub(page);
            }
            Command::Top => self.selected = 0,
            Command::Bottom => self.selected = last,
            Command::Sort => {
                let keep = self.lines.get(self.selected).map(|l| l.mention);
                self.order = self.order.next();
                crate::query::kwic::sort(&mut self.lines, self.order);
                self.selected = keep
                    .and_then(|m| self.lines.iter().position(|l| l.mention == m))
                    .unwrap_or(0);
                return Outcome::Say(format!("concordance sorted {}", self.order.label()));
            }
            Command::Select => {
                return match self.lines.get(self.selected) {
                    Some(l) => Outcome::Then(Follow::Mention(self.entity, l.mention)),
                    None => Outcome::Close,
                };
            }
            Command::Close | Command::Concordance => return Outcome::Close,
            Command::Quit => return Outcome::Then(Follow::Quit),
            _ => return Outcome::Pass,
        }
        Outcome::Stay
    }
}
