//! Moving through the text: mention to mention, section to section, to
//! evidence, through a text search and the jump list; the panes' motions,
//! the mouse.

use super::layout::inner;
use super::wrap::RowPos;
use super::{Action, App, Command, Focus, details, gutter_width, layout, text, text_search};
use crate::model::{MentionId, ParagraphId};

impl App {
    pub(super) fn walk_mentions(&mut self, forward: bool) {
        let Some(entity) = self.reader.entity else {
            self.message = Some("no current entity: press / to find one".into());
            return;
        };
        let mentions = self.model.mentions_of(entity);
        if mentions.is_empty() {
            self.message = Some(format!(
                "{} is not mentioned in the text",
                self.model.entities[entity].name
            ));
            return;
        }
        let edge = self.reader.text.edge.take();
        let view = self.mentions_in_view();
        let on = self.cursor_in_view().filter(|_| edge.is_none());
        let target = if forward {
            let after = match (on, edge) {
                (Some(c), _) => mentions.partition_point(|&m| m <= c),
                (None, Some(text::Edge::Bottom)) => mentions.partition_point(|&m| m < view.end),
                (None, _) => mentions.partition_point(|&m| m < view.start),
            };
            if let Some(&m) = mentions.get(after) {
                m
            } else {
                self.message = Some("wrapped to the first mention".into());
                mentions[0]
            }
        } else {
            let before = match (on, edge) {
                (Some(c), _) => mentions.partition_point(|&m| m < c),
                (None, Some(text::Edge::Top)) => mentions.partition_point(|&m| m < view.start),
                (None, _) => mentions.partition_point(|&m| m < view.end),
            };
            if let Some(i) = before.checked_sub(1) {
                mentions[i]
            } else {
                self.message = Some("wrapped to the last mention".into());
                mentions[mentions.len() - 1]
            }
        };
        self.jump_to_mention(target);
    }

    pub(super) fn walk_any(&mut self, forward: bool) {
        let total = self.model.mention_count();
        if total == 0 {
            self.message = Some("no mentions in this document".into());
            return;
        }
        let edge = self.reader.text.edge.take();
        let view = self.mentions_in_view();
        let wrap_to = |app: &mut App, to: usize, what: &str| {
            app.message = Some(format!("wrapped to the {what} mention"));
            to
        };
        let (start, end) = (view.start.index(), view.end.index());
        // After g the walk starts at the view's top, after G at its bottom.
        let (start, end) = match edge {
            Some(text::Edge::Top) => (start, start),
            Some(text::Edge::Bottom) => (end, end),
            None => (start, end),
        };
        let on = self.cursor_in_view().filter(|_| edge.is_none());
        let target = match (on.map(MentionId::index), forward) {
            (Some(c), true) if c + 1 < total => c + 1,
            (Some(c), false) if c > 0 => c - 1,
            (None, true) if start < total => start,
            (None, false) if end > 0 => end - 1,
            (_, true) => wrap_to(self, 0, "first"),
            (_, false) => wrap_to(self, total - 1, "last"),
        };
        let target = MentionId(target);
        // Walking mention by mention is reading, not jumping: no history entry.
        self.reader.cursor = Some(target);
        self.reader.text.marked = None;
        self.show_mention(target);
    }

    pub(super) fn follow_detail(&mut self) {
        let Some(item) = self.reader.details.item(self.shown()) else {
            return;
        };
        if matches!(item, details::Item::Paragraphs(_)) {
            self.jump_to_evidence();
            return;
        }
        let other = item.other(&self.model);
        self.go_to_entity(other);
    }

    pub(super) fn jump_to_evidence(&mut self) {
        let (Some(entity), Some(item)) =
            (self.reader.entity, self.reader.details.item(self.shown()))
        else {
            self.message = Some("select a relation in the details pane first".into());
            return;
        };
        let evidence = item.evidence(&self.model, entity);
        if evidence.is_empty() {
            self.message = Some("this relation gives no evidence paragraph".into());
            return;
        }
        // Pressing again steps through the evidence paragraphs in turn.
        let next = match self
            .reader
            .text
            .marked
            .and_then(|p| evidence.iter().position(|&e| e == p))
        {
            Some(i) => evidence[(i + 1) % evidence.len()],
            None => evidence[0],
        };
        self.reader.jumps.record(self.location());
        self.reader.text.marked = Some(next);
        self.reader.cursor = None;
        // With one pane on screen, the evidence is only seen in the text.
        if layout::arrangement(self.screen.width, self.screen.height) == layout::Arrangement::Single
        {
            self.reader.focus = Focus::Text;
        }
        self.reader.text.top = self.reader.text.wraps.up(
            &self.model,
            RowPos {
                paragraph: next,
                row: 0,
            },
            1,
        );
        self.clamp_top();
        self.message = Some(format!(
            "evidence ¶{} ({} of {})",
            next + 1,
            evidence.iter().position(|&e| e == next).unwrap_or(0) + 1,
            evidence.len()
        ));
    }

    /// Jumps to the next or previous section start (a heading, a file).
    pub(super) fn jump_section(&mut self, forward: bool) {
        let sections = self.model.sections();
        // From the heading the last jump marked while it is in view (a
        // document that fits on screen never scrolls), else the top.
        let view = self.reader.text.bounds(&self.model, self.text_height());
        let marked = self
            .reader
            .text
            .marked
            .filter(|&p| (view.start.0..=view.end.0).contains(&p));
        let here = marked.unwrap_or(self.reader.text.top.paragraph);
        let target = if forward {
            sections
                .get(sections.partition_point(|&s| s <= here))
                .copied()
        } else {
            let before = sections.partition_point(|&s| s < here);
            let at_section_middle = marked.is_none()
                && self.reader.text.top.row > 0
                && sections.get(before) == Some(&here);
            if at_section_middle {
                Some(here)
            } else {
                before.checked_sub(1).map(|i| sections[i])
            }
        };
        let Some(target) = target else {
            self.message = Some(if sections.is_empty() {
                "this document has no sections".into()
            } else if forward {
                "no section after this one".into()
            } else {
                "no section before this one".into()
            });
            return;
        };
        self.reader.jumps.record(self.location());
        self.go_to_paragraph(target);
        // Marked as the evidence of `e` is, so the eye (and the next jump)
        // finds it when the view cannot scroll to it.
        self.reader.text.marked = Some(target);
        let document = &self.model.document;
        let p = self.model.paragraph(target);
        self.message = Some(
            match document.part_of(target).map(|i| (i, &document.parts[i])) {
                Some((i, part)) if part.paragraphs.start == target && document.parts.len() > 1 => {
                    format!(
                        "document {}/{}: {}",
                        i + 1,
                        document.parts.len(),
                        part.title
                    )
                }
                _ => format!("§ {}", p.text.chars().take(60).collect::<String>()),
            },
        );
    }

    pub(super) fn select(&mut self) {
        match self.reader.focus {
            Focus::Text => {
                let cursor = match self.reader.cursor {
                    Some(c) => c,
                    None => match self.first_mention_in_view() {
                        Some(c) => c,
                        None => return,
                    },
                };
                let entity = self.model.mention(cursor).entity;
                if self.reader.entity != Some(entity) {
                    self.reader.jumps.record(self.location());
                }
                self.reader.cursor = Some(cursor);
                self.set_entity(entity);
                self.show_mention(cursor);
            }
            Focus::Entities => {
                if let Some(e) = self.reader.list.selected_entity() {
                    self.go_to_entity(e);
                }
            }
            Focus::Details => self.follow_detail(),
        }
    }

    /// Starts walking a text search at one of its hits.
    pub(super) fn start_search(&mut self, query: &str, hit: &crate::query::text::Hit) {
        match text_search::Searching::start(&self.model, &self.reader.haystack, query.trim(), hit) {
            Ok(searching) => {
                self.reader.searching = Some(searching);
                self.reader.jumps.record(self.location());
                self.show_hit(hit.paragraph, hit.chars.start);
                self.message = self
                    .reader
                    .searching
                    .as_ref()
                    .map(text_search::Searching::status);
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// Scrolls a search hit into view; the cursor leaves the mentions.
    pub(super) fn show_hit(&mut self, paragraph: ParagraphId, char_pos: usize) {
        if !self.reader.text.wraps.is_shown(paragraph) {
            self.set_filter(None);
        }
        self.reader.cursor = None;
        self.reader.text.marked = None;
        let row = self
            .reader
            .text
            .wraps
            .get(&self.model, paragraph)
            .row_of(char_pos);
        let height = self.text_height();
        self.reader
            .text
            .show_row(&self.model, RowPos { paragraph, row }, height);
    }

    /// `n`/`N` while a search is on: its next or previous hit.
    pub(super) fn next_hit(&mut self, forward: bool) {
        // From the current hit while it is on screen; after g from the top
        // of the view, after G from its bottom (as less does); scrolled away
        // from it, from the view: forward its top, back its bottom.
        let edge = self.reader.text.edge.take();
        let view = self.reader.text.bounds(&self.model, self.text_height());
        let current = self
            .reader
            .searching
            .as_ref()
            .and_then(|s| s.found.hits.get(s.current))
            .map(|h| (h.paragraph, h.chars.start));
        let from = match (edge, current) {
            (Some(text::Edge::Top), _) => Some(view.start),
            (None, Some(at)) if view.contains(&at) => None,
            (None, _) if forward => Some(view.start),
            (Some(text::Edge::Bottom) | None, _) => Some(view.end),
        };
        let Some(searching) = self.reader.searching.as_mut() else {
            return;
        };
        let Some((hit, wrapped)) = searching.step(forward, from) else {
            self.message = Some(format!("no match for \"{}\"", searching.query));
            return;
        };
        let (paragraph, start) = (hit.paragraph, hit.chars.start);
        let status = searching.status();
        self.show_hit(paragraph, start);
        self.message = Some(if wrapped {
            format!("{status} (wrapped around)")
        } else {
            status
        });
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        let Some(pane) = areas.pane_at(column, row) else {
            return;
        };
        self.reader.focus = pane;
        match pane {
            Focus::Text => {
                let gutter = gutter_width(self.model.paragraph_count());
                let hit =
                    self.reader
                        .text
                        .char_at(&self.model, inner(areas.text), gutter, column, row);
                if let Some(m) = hit.and_then(|(p, c)| self.model.mention_covering(p, c)) {
                    let entity = self.model.mention(m).entity;
                    self.reader.jumps.record(self.location());
                    self.reader.cursor = Some(m);
                    self.set_entity(entity);
                }
            }
            Focus::Entities => {
                let area = inner(areas.entities);
                if let Some(e) = row
                    .checked_sub(area.y)
                    .and_then(|r| self.reader.list.click(r as usize))
                {
                    self.set_entity(e);
                }
            }
            Focus::Details => {
                let area = inner(areas.details);
                if let Some(r) = row.checked_sub(area.y) {
                    self.in_details(|pane, shown| pane.click(shown, r as usize));
                }
            }
        }
    }

    pub(super) fn wheel(&mut self, column: u16, row: u16, lines: i16) {
        let Some(pane) = self.areas().pane_at(column, row) else {
            return;
        };
        let lines = lines as isize;
        match pane {
            Focus::Text => self.scroll_text(lines),
            Focus::Entities => self.reader.list.scroll(lines, self.list_height()),
            Focus::Details => {
                self.in_details(|pane, shown| pane.scroll(shown, lines));
            }
        }
    }

    pub(super) fn up(&mut self) {
        self.move_focused(-1);
    }

    pub(super) fn down(&mut self) {
        self.move_focused(1);
    }

    pub(super) fn page_up(&mut self) {
        self.move_focused(-self.page());
    }

    pub(super) fn page_down(&mut self) {
        self.move_focused(self.page());
    }

    pub(super) fn half_page_down(&mut self) {
        self.move_focused((self.page() / 2).max(1));
    }

    pub(super) fn half_page_up(&mut self) {
        self.move_focused(-(self.page() / 2).max(1));
    }

    /// `g`: the top of the text (the next search starts there), or of the
    /// focused list.
    pub(super) fn top(&mut self) {
        if self.reader.focus == Focus::Text {
            self.reader.text.top = RowPos::default();
            self.clamp_top();
            self.reader.text.edge = Some(text::Edge::Top);
        } else {
            self.move_focused(isize::MIN / 2);
        }
    }

    /// `G`: the end of the text (the next search starts there), or of the
    /// focused list.
    pub(super) fn bottom(&mut self) {
        if self.reader.focus == Focus::Text {
            let height = self.text_height();
            self.reader.text.go_to_end(&self.model, height);
            self.reader.text.edge = Some(text::Edge::Bottom);
        } else {
            self.move_focused(isize::MAX / 2);
        }
    }

    pub(super) fn focus_next(&mut self) {
        self.reader.focus = self.reader.focus.next();
    }

    pub(super) fn focus_prev(&mut self) {
        self.reader.focus = self.reader.focus.prev();
    }

    /// `n`: the search's next hit while one is walked, else the current
    /// entity's next mention.
    pub(super) fn next_mention(&mut self) {
        if self.reader.searching.is_some() {
            self.next_hit(true);
        } else {
            self.walk_mentions(true);
        }
    }

    pub(super) fn prev_mention(&mut self) {
        if self.reader.searching.is_some() {
            self.next_hit(false);
        } else {
            self.walk_mentions(false);
        }
    }

    pub(super) fn next_any_mention(&mut self) {
        self.walk_any(true);
    }

    pub(super) fn prev_any_mention(&mut self) {
        self.walk_any(false);
    }

    pub(super) fn next_section(&mut self) {
        self.jump_section(true);
    }

    pub(super) fn prev_section(&mut self) {
        self.jump_section(false);
    }

    pub(super) fn back(&mut self) {
        self.walk_jumps(true);
    }

    pub(super) fn forward(&mut self) {
        self.walk_jumps(false);
    }

    /// The edge g or G left is for the search that follows, and for
    /// nothing after anything else.
    pub(super) fn forget_edge_unless_searching(&mut self, action: Action) {
        if !matches!(
            action,
            Action::Run(
                Command::NextMention
                    | Command::PrevMention
                    | Command::NextAnyMention
                    | Command::PrevAnyMention
            ) | Action::Resize { .. }
        ) {
            self.reader.text.edge = None;
        }
    }

    /// Back (or forward) through the jump list.
    pub(super) fn walk_jumps(&mut self, back: bool) {
        let to = if back {
            self.reader.jumps.back(self.location())
        } else {
            self.reader.jumps.forward()
        };
        match to {
            Some(to) => self.restore(to),
            None if back => self.message = Some("already at the oldest jump".into()),
            None => self.message = Some("already at the newest jump".into()),
        }
    }

    /// Scrolls so the cursor's row (else the top's) is mid-pane.
    pub(super) fn center(&mut self) {
        let Some(cursor) = self.reader.cursor else {
            self.message = Some("no cursor to centre: n, ] or a click puts one".into());
            return;
        };
        let m = self.model.mention(cursor);
        let row = self
            .reader
            .text
            .wraps
            .get(&self.model, m.paragraph)
            .row_of(m.start);
        let half = self.text_height() / 2;
        self.reader.text.top = self.reader.text.wraps.up(
            &self.model,
            RowPos {
                paragraph: m.paragraph,
                row,
            },
            half,
        );
        self.clamp_top();
    }
}
