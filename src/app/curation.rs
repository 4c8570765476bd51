//! Curating in the explorer: the keys and `:` commands that turn a draft
//! (discovered entities, or a catalog being improved) into a catalog
//! without leaving the terminal. Edits go through the model's
//! [`History`](crate::model::curate::History), so each can be undone; the
//! panes follow every change; `:w` writes where the document came from.

use super::overlay::{CommandLine, Outcome, Overlay};
use super::select::Selection;
use super::{Action, App, Effect};
use crate::model::curate::{Edit, History, same_name};
use crate::model::{EntityId, Mention, MentionId, Model, ParagraphId};

/// The curation session: the edits made, where they are saved, the text
/// being chosen, and what discovery drafted.
#[derive(Debug)]
pub struct Curation {
    /// The edits, to undo, redo and save.
    pub history: History,
    /// Where the curation is saved.
    pub target: crate::save::Target,
    /// Text being chosen with the keyboard, to make a mention of.
    pub selection: Option<Selection>,
    /// The ids of the entities discovery drafted, when it did: those the
    /// curator never saw or left with no mention are not saved.
    pub drafts: std::collections::HashSet<String>,
    /// A quit was asked for with unsaved edits, and the reader was told.
    pub quit_asked: bool,
}

impl Curation {
    pub fn new(target: crate::save::Target, model: &Model, source: &super::Source) -> Curation {
        let drafts = if source.catalog.is_none() && source.annotation.starts_with("discovered") {
            model.entities.iter().map(|e| e.id.clone()).collect()
        } else {
            std::collections::HashSet::new()
        };
        Curation {
            history: History::new(),
            target,
            selection: None,
            drafts,
            quit_asked: false,
        }
    }
}

impl App {
    /// Whether the model can be curated here; says why not.
    fn curable(&mut self) -> bool {
        if let crate::save::Target::Cannot(why) = &self.curation.target {
            self.message = Some(why.clone());
            return false;
        }
        if self.model.is_stored() {
            self.message = Some(
                "an indexed corpus is read-only here: open one of its files to curate it".into(),
            );
            return false;
        }
        true
    }

    /// Carries out an edit, then brings every pane up to date.
    pub fn edit(&mut self, edit: Edit) {
        if !self.curable() {
            return;
        }
        let before = self.snapshot();
        match self.curation.history.record(&mut self.model, edit) {
            Ok(applied) => {
                self.after_edit(&before, applied.current);
                self.message = Some(applied.message);
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// `u`: takes the last edit back.
    pub(super) fn undo(&mut self) {
        let before = self.snapshot();
        if let Some(edit) = self.curation.history.undo(&mut self.model) {
            // The entity the edit was about, as it was before it.
            let current = edit
                .subject()
                .filter(|e| e.index() < self.model.entities.len())
                .or_else(|| before.remap(&self.model, self.reader.entity));
            self.after_edit(&before, current);
            self.message = Some(format!("undone ({})", self.unsaved_note()));
        } else {
            self.message = Some("nothing to undo".into());
        }
    }

    /// `Ctrl-r`: makes the last undone edit again.
    pub(super) fn redo(&mut self) {
        let before = self.snapshot();
        match self.curation.history.redo(&mut self.model) {
            Some(Ok(applied)) => {
                self.after_edit(&before, applied.current);
                self.message = Some(format!("redone: {}", applied.message));
            }
            Some(Err(message)) => self.message = Some(message),
            None => self.message = Some("nothing to redo".into()),
        }
    }

    fn unsaved_note(&self) -> String {
        match self.curation.history.unsaved() {
            0 => "nothing unsaved".into(),
            n => format!("{} unsaved", crate::display::count(n, "change")),
        }
    }

    /// Entity ids and mention places before an edit, to find them after.
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            ids: self.model.entities.iter().map(|e| e.id.clone()).collect(),
            places: self
                .model
                .mentions()
                .iter()
                .map(|m| (m.paragraph, m.start))
                .collect(),
        }
    }

    /// After the model changed: lists, finder, details, jumps, marks, the
    /// cursor and the filter follow; `current` becomes the current entity.
    fn after_edit(&mut self, before: &Snapshot, current: Option<EntityId>) {
        self.reader.kinds = super::entities::kinds(&self.model);
        if self
            .reader
            .list
            .kind
            .as_ref()
            .is_some_and(|k| !self.reader.kinds.contains(k))
        {
            self.reader.list.kind = None;
        }
        self.reader.search = crate::query::names::EntitySearch::new(&self.model);
        self.reader.details.forget();
        let model = &self.model;
        let entity = |e: Option<EntityId>| before.remap(model, e);
        let mention = |m: Option<MentionId>| before.remap_mention(model, m);
        self.reader.jumps.remap(|l| super::Location {
            entity: entity(l.entity),
            cursor: mention(l.cursor),
            top: l.top,
        });
        for l in self.reader.marks.values_mut() {
            l.entity = entity(l.entity);
            l.cursor = mention(l.cursor);
        }
        self.reader.cursor = mention(self.reader.cursor);
        if matches!(self.overlay, Some(Overlay::Concordance(_))) {
            self.overlay = None;
        }
        if let Some((filter, _)) = self.reader.filter.take() {
            let again = crate::query::filter::Filter::parse(&self.model, &filter.text).ok();
            let message = self.message.take();
            self.set_filter(again);
            self.message = message;
        }
        self.reader.entity = None;
        self.reader.list.rebuild(&self.model);
        if let Some(e) = current.or_else(|| self.reader.list.order.first().copied()) {
            self.set_entity(e);
        }
        self.reader.list.scroll_into_view(self.list_height());
    }

    /// The mention under the cursor, if it is on screen.
    fn cursor_mention(&self) -> Option<Mention> {
        self.reader.cursor.map(|c| self.model.mention(c))
    }

    /// `D`: drops the current entity.
    pub(super) fn drop_entity(&mut self) {
        match self.reader.entity {
            Some(e) => self.edit(Edit::Drop(e)),
            None => self.message = Some("no entity to drop: choose one first".into()),
        }
    }

    /// `x`: the mention under the cursor is no longer one.
    pub(super) fn unlink(&mut self) {
        match self.cursor_mention() {
            Some(m) => self.edit(Edit::Unlink(m)),
            None => {
                self.message = Some("no mention under the cursor (n, N, ] and [ move it)".into());
            }
        }
    }

    /// Opens the `:` line with `text` typed, for a command that takes a word.
    pub(super) fn prompt(&mut self, text: String) {
        if self.curable() {
            self.overlay = Some(Overlay::CommandLine(CommandLine::with(text)));
        }
    }

    pub(super) fn prompt_rename(&mut self) {
        self.prompt_for("rename");
    }

    pub(super) fn prompt_kind(&mut self) {
        self.prompt_for("kind");
    }

    pub(super) fn prompt_merge(&mut self) {
        self.prompt_for("merge");
    }

    /// `Ctrl-s`: saves.
    pub(super) fn write(&mut self) {
        self.save(false);
    }

    /// `R`, `K`, `=`: the command line, ready for a name, a kind, a merge.
    pub(super) fn prompt_for(&mut self, command: &str) {
        let Some(e) = self.reader.entity else {
            self.message = Some("choose an entity first (/ finds one)".into());
            return;
        };
        let entity = &self.model.entities[e];
        let text = match command {
            "rename" => format!("rename {}", entity.name),
            "kind" => format!("kind {}", entity.kind),
            _ => format!("{command} "),
        };
        self.prompt(text);
    }

    /// `V`: starts choosing text at the cursor's mention, or at the first
    /// word on screen.
    pub(super) fn start_selection(&mut self) {
        if !self.curable() {
            return;
        }
        let from_cursor = self.cursor_mention().map(|m| Selection {
            paragraph: m.paragraph,
            start: m.start,
            end: m.end,
        });
        let selection = from_cursor
            .or_else(|| Selection::first_word(&self.model, self.reader.text.top.paragraph));
        match selection {
            Some(s) => {
                self.curation.selection = Some(s);
                self.message = Some(
                    "choosing text: l/h a word more/less, w/b move, Enter links it, e makes an entity"
                        .into(),
                );
            }
            None => self.message = Some("no text on screen to choose".into()),
        }
    }

    /// Keys while choosing text; true when the action was theirs.
    pub(super) fn selection_key(&mut self, action: Action) -> bool {
        let Some(mut chosen) = self.curation.selection else {
            return false;
        };
        match chosen.handle(action, &self.model) {
            Outcome::Pass => return false,
            Outcome::Stay | Outcome::Say(_) => {
                self.curation.selection = Some(chosen);
                self.show_selection(chosen);
            }
            Outcome::Close => {
                self.curation.selection = None;
                self.message = Some("nothing chosen".into());
            }
            then @ Outcome::Then(_) => {
                self.follow(then);
            }
        }
        true
    }

    /// Scrolls so the selection is on screen.
    fn show_selection(&mut self, s: Selection) {
        let height = self.text_height();
        let model = &self.model;
        self.reader
            .text
            .show_char(model, s.paragraph, s.start, height);
    }

    /// The chosen text becomes a mention of `entity` (or of the current one).
    fn link_selection(&mut self, entity: Option<EntityId>) {
        let Some(s) = self.curation.selection else {
            self.message = Some("no text chosen: V starts choosing".into());
            return;
        };
        let Some(entity) = entity.or(self.reader.entity) else {
            self.message = Some("no current entity to link to: :link NAME names one".into());
            return;
        };
        self.curation.selection = None;
        self.edit(Edit::Link(Mention {
            paragraph: s.paragraph,
            start: s.start,
            end: s.end,
            entity,
        }));
    }

    /// The entity a name, id or alias given on the command line names.
    fn named(&mut self, name: &str) -> Option<EntityId> {
        let found = self.model.lookup(name);
        if found.is_none() {
            let best = self.reader.search.search(name, 1).first().map(|h| h.entity);
            self.message = Some(match best {
                Some(e) => format!(
                    "no entity called \"{name}\" (did you mean \"{}\"? Tab completes names)",
                    self.model.entities[e].name
                ),
                None => format!("no entity called \"{name}\""),
            });
        }
        found
    }

    /// The curation commands of the `:` line; true when `word` was one.
    pub(super) fn curation_command(&mut self, word: &str, argument: &str) -> bool {
        let argument = argument.trim();
        let current = self.reader.entity;
        let needs_entity = matches!(word, "rename" | "kind" | "merge" | "split" | "drop");
        if needs_entity && current.is_none() {
            self.message = Some("choose an entity first (/ finds one)".into());
            return true;
        }
        let e = current.unwrap_or_default();
        match word {
            "w" | "write" => {
                self.save(false);
            }
            "w!" | "write!" => {
                self.save(true);
            }
            "wq" | "x" => {
                if self.curation.history.unsaved() == 0 || self.save(false) {
                    self.effect(Effect::Quit);
                }
            }
            "q!" | "quit!" => self.effect(Effect::Quit),
            "undo" => self.undo(),
            "redo" => self.redo(),
            "drop" => self.edit(Edit::Drop(e)),
            "unlink" => self.unlink(),
            "rename" => self.edit(Edit::Rename {
                entity: e,
                name: argument.to_string(),
            }),
            "kind" => self.edit(Edit::Kind {
                entity: e,
                kind: argument.to_string(),
            }),
            "split" => self.edit(Edit::Split {
                entity: e,
                alias: argument.to_string(),
            }),
            "merge" => {
                if argument.is_empty() {
                    self.message = Some(":merge NAME merges the current entity into NAME".into());
                } else if let Some(into) = self.named(argument) {
                    self.edit(Edit::Merge { from: e, into });
                }
            }
            "link" => {
                let target = if argument.is_empty() {
                    None
                } else {
                    match self.named(argument) {
                        Some(found) => Some(found),
                        None => return true,
                    }
                };
                self.link_selection(target);
            }
            "new" => self.new_entity(argument),
            _ => return false,
        }
        true
    }

    /// `:new NAME [as KIND]`: the chosen text (or the cursor's mention)
    /// becomes the first mention of a new entity.
    fn new_entity(&mut self, argument: &str) {
        let span = self.curation.selection.or_else(|| {
            self.cursor_mention().map(|m| Selection {
                paragraph: m.paragraph,
                start: m.start,
                end: m.end,
            })
        });
        let Some(s) = span else {
            self.message = Some("no text chosen: V starts choosing, then e".into());
            return;
        };
        let (name, kind) = match argument.rsplit_once(" as ") {
            Some((name, kind)) => (name.trim(), kind.trim()),
            None => (argument, "other"),
        };
        let text = self
            .model
            .paragraph(s.paragraph)
            .slice(s.start..s.end)
            .to_string();
        let name = if name.is_empty() { text.as_str() } else { name };
        if let Some(existing) = self.model.lookup(name)
            && same_name(&self.model.entities[existing].name, name)
        {
            self.curation.selection = Some(s);
            self.link_selection(Some(existing));
            return;
        }
        self.curation.selection = None;
        self.edit(Edit::Create {
            paragraph: s.paragraph,
            start: s.start,
            end: s.end,
            name: name.to_string(),
            kind: kind.to_string(),
        });
    }

    /// Writes the curation; true when it was written.
    /// What a save writes: the model less the draft entities the curator
    /// never saw (hidden as unsure) or left with no mention, and what was
    /// left out, said.
    pub fn to_save(&self) -> (std::borrow::Cow<'_, crate::model::Model>, Vec<String>) {
        let drafts = |e: &EntityId| self.curation.drafts.contains(&self.model.entities[*e].id);
        let all = (0..self.model.entities.len()).map(EntityId);
        let unseen: Vec<EntityId> = all
            .clone()
            .filter(drafts)
            .filter(|&e| !self.reader.list.show_unsure && !self.reader.list.is_sure(&self.model, e))
            .collect();
        let unmentioned: Vec<EntityId> = all
            .filter(drafts)
            .filter(|&e| self.model.mention_total(e) == 0 && !unseen.contains(&e))
            .collect();
        let mut notes = Vec::new();
        if !unseen.is_empty() {
            notes.push(format!(
                "{} not saved (A lists them to review)",
                crate::display::count(unseen.len(), "hidden low-confidence entity")
            ));
        }
        if !unmentioned.is_empty() {
            notes.push(format!(
                "{} not saved",
                crate::display::count(unmentioned.len(), "draft entity left with no mention")
            ));
        }
        if notes.is_empty() {
            return (std::borrow::Cow::Borrowed(&self.model), notes);
        }
        let mut model = self.model.clone();
        let mut kept = self.model.annotations();
        kept.without(&[unseen, unmentioned].concat());
        if let Err(why) = model.set_annotations(kept) {
            return (std::borrow::Cow::Borrowed(&self.model), vec![why]);
        }
        (std::borrow::Cow::Owned(model), notes)
    }

    pub(super) fn save(&mut self, force: bool) -> bool {
        if self.curation.history.unsaved() == 0 && !force {
            self.message = Some("nothing to save".into());
            return false;
        }
        let mut target = std::mem::take(&mut self.curation.target);
        let (model, left_out) = self.to_save();
        let saved = crate::save::save(&mut target, &model, force);
        drop(model);
        self.curation.target = target;
        match saved {
            Ok(said) => {
                self.curation.history.mark_saved();
                if let crate::save::Target::Catalog(stamped) = &self.curation.target {
                    self.source.annotation =
                        format!("catalog: {}", crate::files::display_name(&stamped.path));
                }
                self.message = Some(if left_out.is_empty() {
                    said
                } else {
                    format!("{said}; {}", left_out.join("; "))
                });
                true
            }
            Err(why) => {
                self.message = Some(format!("not saved: {why}"));
                false
            }
        }
    }

    /// `q`: quits, but first asks when there are unsaved edits.
    pub(super) fn quit(&mut self) {
        let unsaved = self.curation.history.unsaved();
        if unsaved == 0 || self.curation.quit_asked {
            self.effect(Effect::Quit);
            return;
        }
        self.curation.quit_asked = true;
        self.message = Some(format!(
            "{} unsaved: :w saves, :q! quits without saving (q again quits too)",
            crate::display::count(unsaved, "change")
        ));
    }
}

/// Entity ids and mention places before an edit.
struct Snapshot {
    ids: Vec<String>,
    places: Vec<(ParagraphId, usize)>,
}

impl Snapshot {
    /// The entity an entity of before is now, found by its stable id.
    fn remap(&self, model: &crate::model::Model, e: Option<EntityId>) -> Option<EntityId> {
        let id = self.ids.get(e?.index())?;
        model
            .entities
            .iter()
            .position(|x| &x.id == id)
            .map(EntityId)
    }

    /// The mention now at the place a mention of before was.
    fn remap_mention(
        &self,
        model: &crate::model::Model,
        m: Option<MentionId>,
    ) -> Option<MentionId> {
        let &(paragraph, start) = self.places.get(m?.index())?;
        model.mention_covering(paragraph, start)
    }
}
#[cfg(test)]
mod tests;
