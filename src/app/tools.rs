//! The reader's tools: marks, copies, the filter, how things are shown,
//! the `:` line's requests, and opening the overlays.

use super::overlay::command_line;
use super::overlay::{CommandLine, Concordance, Documents, Finder, Help, Overlay};
use super::{Action, App};

impl App {
    /// `y`/`Y`: the paragraph (or mention) under the cursor, else the one
    /// at the top, with where it is from: "Title, ¶13: text".
    fn copy(&mut self, mention: bool) {
        if !self.settings.can_copy {
            self.message = Some("this terminal cannot take a copy (TERM is dumb or unset)".into());
            return;
        }
        let cursor = self.reader.cursor.map(|c| self.model.mention(c));
        let hit = self
            .reader
            .searching
            .as_ref()
            .and_then(|s| s.found.hits.get(s.current))
            .map(|h| (h.paragraph, h.chars.clone()));
        let (paragraph, span) = match (cursor, hit) {
            (Some(m), _) => (m.paragraph, Some(m.span())),
            (None, Some((p, chars))) => (p, Some(chars)),
            (None, None) => (self.reader.text.top.paragraph, None),
        };
        if self.model.paragraph_count() == 0 {
            self.message = Some("nothing to copy".into());
            return;
        }
        let text = self.model.paragraph(paragraph);
        let quoted = match (mention, span) {
            (true, Some(span)) => text.slice(span).to_string(),
            (true, None) => {
                self.message = Some("no mention under the cursor: y copies the paragraph".into());
                return;
            }
            (false, _) => text.text.clone(),
        };
        let document = &self.model.document;
        let title = match document
            .part_of(paragraph)
            .filter(|_| document.parts.len() > 1)
        {
            Some(i) => document.parts[i].title.clone(),
            None => document.title.clone(),
        };
        let reference = format!("{title}, ¶{}", document.paragraph_number(paragraph));
        // The clipboard gets what the screen shows: no control character
        // of the text reaches the shell a paste goes to.
        let (copied, removed) = crate::display::clipboard_safe(&format!("{reference}: {quoted}"));
        let removed = if removed > 0 {
            format!(
                ", {} removed",
                crate::display::count(removed, "control character")
            )
        } else {
            String::new()
        };
        // What was taken out comes first: a long message is cut at its end.
        self.message = Some(format!(
            "copied {}{removed} ({}, with its reference, {})",
            if mention {
                "the mention"
            } else {
                "the paragraph"
            },
            crate::display::count(quoted.chars().count(), "character"),
            crate::display::visible(&reference)
        ));
        self.effect(super::Effect::Copy(copied));
    }

    /// `m{letter}` and `'{letter}`.
    pub(super) fn mark(&mut self, letter: char, jump: bool) {
        if jump {
            match self.reader.marks.get(&letter).copied() {
                Some(to) => {
                    self.reader.jumps.record(self.location());
                    self.restore(to);
                    self.message = Some(format!("mark '{letter}"));
                }
                None => self.message = Some(format!("no mark '{letter}: m{letter} sets it")),
            }
        } else {
            self.reader.marks.insert(letter, self.location());
            let at = self
                .reader
                .cursor
                .map_or(self.reader.text.top.paragraph, |c| {
                    self.model.mention(c).paragraph
                });
            self.message = Some(format!(
                "mark {letter} set at {}",
                self.model.document.cite(at)
            ));
        }
    }

    /// `&`: the current entity's paragraphs only, or all again.
    pub(super) fn toggle_filter(&mut self) {
        if self.reader.filter.is_some() {
            self.set_filter(None);
            return;
        }
        match self.reader.entity {
            Some(e) => self.set_filter(Some(crate::query::filter::Filter::entity(&self.model, e))),
            None => self.message = Some("no current entity: / finds one".into()),
        }
    }

    /// Esc: closes what is open, clears the evidence mark and the search.
    pub(super) fn escape(&mut self) {
        self.overlay = None;
        self.reader.text.marked = None;
        if self.reader.searching.take().is_some() {
            self.message = Some("search cleared: n and N follow the entity again".into());
        }
    }

    pub(super) fn cycle_sort(&mut self) {
        self.reader.list.sort = self.reader.list.sort.next();
        self.reader.list.rebuild(&self.model);
        self.reader.list.scroll_into_view(self.list_height());
        self.message = Some(format!("entities sorted {}", self.reader.list.sort.label()));
    }

    /// `f`: the entity list shows only the next kind (every kind after the last).
    pub(super) fn cycle_kind(&mut self) {
        let kinds = &self.reader.kinds;
        let next = match &self.reader.list.kind {
            None => kinds.first().cloned(),
            Some(k) => kinds
                .iter()
                .position(|x| x == k)
                .and_then(|i| kinds.get(i + 1))
                .cloned(),
        };
        self.reader.list.kind = next;
        self.reader.list.rebuild(&self.model);
        self.reader.list.scroll_into_view(self.list_height());
        self.message = Some(match &self.reader.list.kind {
            Some(k) => format!("showing only kind: {k}"),
            None => "showing every kind".into(),
        });
    }

    pub(super) fn toggle_unsure(&mut self) {
        let list = &mut self.reader.list;
        list.show_unsure = !list.show_unsure;
        list.rebuild(&self.model);
        self.reader.list.scroll_into_view(self.list_height());
        self.message = Some(if self.reader.list.show_unsure {
            "every discovered entity listed, however unsure".into()
        } else {
            format!(
                "{} of low confidence hidden",
                crate::display::count(self.reader.list.unsure, "entity")
            )
        });
    }

    pub(super) fn toggle_highlight(&mut self) {
        let view = &mut self.reader.view;
        view.highlight_all = !view.highlight_all;
        self.message = Some(if view.highlight_all {
            "every mention highlighted".into()
        } else {
            "only the current entity's mentions highlighted".into()
        });
    }

    pub(super) fn toggle_mouse(&mut self) {
        self.settings.mouse = !self.settings.mouse;
        self.effect(super::Effect::Mouse(self.settings.mouse));
        self.message = Some(if self.settings.mouse {
            "mouse on (Shift-drag selects text)".into()
        } else {
            "mouse off: the terminal selects text as usual".into()
        });
    }

    pub(super) fn run_command_line(&mut self, line: &str) {
        match command_line::parse(line) {
            command_line::Request::Nothing => {}
            command_line::Request::Paragraph(n) => self.go_to_numbered(n),
            command_line::Request::Quit => self.quit(),
            command_line::Request::Curate(word, argument) => {
                if !self.curation_command(&word, &argument) {
                    self.message = Some(format!("unknown command \"{word}\""));
                }
            }
            command_line::Request::NoHighlight => {
                self.reader.text.marked = None;
                self.reader.searching = None;
            }
            command_line::Request::Filter(expression) if expression.is_empty() => {
                self.set_filter(None);
            }
            command_line::Request::Filter(expression) => {
                match crate::query::filter::Filter::parse(&self.model, &expression) {
                    Ok(filter) => self.set_filter(Some(filter)),
                    Err(message) => self.message = Some(message),
                }
            }
            command_line::Request::Run(command) => self.reader_action(super::Action::Run(command)),
            command_line::Request::Unknown(message) => self.message = Some(message),
        }
    }

    pub(super) fn copy_paragraph(&mut self) {
        self.copy(false);
    }

    pub(super) fn copy_mention(&mut self) {
        self.copy(true);
    }

    /// `m`: the next letter sets a mark.
    pub(super) fn await_mark(&mut self) {
        self.awaiting_mark = Some(false);
    }

    /// `'`: the next letter jumps to a mark.
    pub(super) fn await_jump(&mut self) {
        self.awaiting_mark = Some(true);
    }

    /// The letter after `m` or `'`; true when one was awaited.
    pub(super) fn awaited_mark(&mut self, action: Action) -> bool {
        let Some(jump) = self.awaiting_mark.take() else {
            return false;
        };
        match action {
            Action::Mark(c) => self.mark(c, jump),
            Action::Run(super::Command::Close) => {}
            _ => self.message = Some("no mark: a letter names one".into()),
        }
        true
    }

    pub(super) fn open_finder(&mut self) {
        self.overlay = Some(Overlay::Finder(Finder::open(&self.context())));
    }

    pub(super) fn open_help(&mut self) {
        self.overlay = Some(Overlay::Help(Help::default()));
    }

    pub(super) fn open_documents(&mut self) {
        self.overlay = Some(Overlay::Documents(Documents {
            selected: self.current_part().unwrap_or(0),
        }));
    }

    pub(super) fn open_command_line(&mut self) {
        self.overlay = Some(Overlay::CommandLine(CommandLine::default()));
    }

    /// `c`: the current entity's mentions in context.
    pub(super) fn open_concordance(&mut self) {
        let Some(entity) = self.reader.entity else {
            self.message = Some("no current entity: / finds one".into());
            return;
        };
        let concordance = Concordance::of(&self.model, entity, self.reader.cursor);
        self.overlay = Some(Overlay::Concordance(concordance));
    }
}
