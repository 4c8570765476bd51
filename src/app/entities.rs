//! The entity list: every entity, sorted and filtered by kind.

use crate::model::{EntityId, MentionId, Model};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Most mentioned first.
    Count,
    /// Alphabetical by name.
    Name,
    /// In order of first mention.
    FirstSeen,
}

impl SortKey {
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            SortKey::Count => SortKey::Name,
            SortKey::Name => SortKey::FirstSeen,
            SortKey::FirstSeen => SortKey::Count,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Count => "by count",
            SortKey::Name => "by name",
            SortKey::FirstSeen => "by appearance",
        }
    }
}

#[derive(Debug, Clone)]
pub struct EntityList {
    pub sort: SortKey,
    /// Show only this kind, when set.
    pub kind: Option<String>,
    /// The entities shown, in order.
    pub order: Vec<EntityId>,
    /// Index into `order` of the highlighted row.
    pub selected: usize,
    /// Index into `order` of the first visible row.
    pub offset: usize,
    /// Whether discovered entities of low confidence are listed.
    pub show_unsure: bool,
    /// How many of those are left out.
    pub unsure: usize,
}

impl EntityList {
    pub fn new(model: &Model) -> Self {
        let mut list = EntityList {
            sort: SortKey::Count,
            kind: None,
            order: Vec::new(),
            selected: 0,
            offset: 0,
            show_unsure: false,
            unsure: 0,
        };
        list.rebuild(model);
        list
    }

    /// Whether an entity is sure enough to be listed when unsure ones are
    /// hidden: one not discovered, or discovered with enough confidence.
    pub fn is_sure(&self, model: &Model, e: EntityId) -> bool {
        model.entities[e]
            .confidence
            .is_none_or(|c| c >= crate::link::discover::LOW_CONFIDENCE)
    }

    /// Re-sorts and re-filters, keeping the selected entity selected if shown.
    pub fn rebuild(&mut self, model: &Model) {
        let keep = self.selected_entity();
        let sure = |e: EntityId| self.is_sure(model, e);
        let mut order: Vec<EntityId> = (0..model.entities.len())
            .map(EntityId)
            .filter(|&e| {
                self.kind
                    .as_ref()
                    .is_none_or(|k| &model.entities[e].kind == k)
            })
            .collect();
        let before = order.len();
        if !self.show_unsure {
            order.retain(|&e| sure(e));
        }
        self.unsure = before - order.len();
        let first_seen = |e: EntityId| model.first_mention(e).unwrap_or(MentionId(usize::MAX));
        let name = |e: EntityId| model.entities[e].name.to_lowercase();
        match self.sort {
            SortKey::Count => order.sort_by_cached_key(|&e| {
                (std::cmp::Reverse(model.mention_total(e)), first_seen(e))
            }),
            SortKey::Name => order.sort_by_cached_key(|&e| name(e)),
            SortKey::FirstSeen => order.sort_by_cached_key(|&e| (first_seen(e), e)),
        }
        // Entities the text never mentions (a catalog's, for another text)
        // come last whatever the order, shown dimmed with a count of 0.
        order.sort_by_key(|&e| model.mention_total(e) == 0);
        self.order = order;
        self.selected = 0;
        self.offset = 0;
        if let Some(e) = keep {
            self.select(e);
        }
    }

    pub fn selected_entity(&self) -> Option<EntityId> {
        self.order.get(self.selected).copied()
    }

    /// Moves the selection to `entity`; false when it is filtered out.
    pub fn select(&mut self, entity: EntityId) -> bool {
        match self.order.iter().position(|&e| e == entity) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    /// Adjusts the offset so the selection shows in `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.order.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

impl EntityList {
    /// Moves the selection by `delta` rows in a pane `height` rows tall;
    /// the entity now selected, if any.
    pub fn move_by(&mut self, delta: isize, height: usize) -> Option<EntityId> {
        if self.order.is_empty() {
            return None;
        }
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.order.len() - 1);
        self.scroll_into_view(height);
        self.selected_entity()
    }

    /// Selects the entity on the `row`-th visible row, if there is one.
    pub fn click(&mut self, row: usize) -> Option<EntityId> {
        let index = self.offset + row;
        let entity = *self.order.get(index)?;
        self.selected = index;
        Some(entity)
    }

    /// Scrolls by `lines` rows without moving the selection.
    pub fn scroll(&mut self, lines: isize, height: usize) {
        let max = self.order.len().saturating_sub(height);
        self.offset = self.offset.saturating_add_signed(lines).min(max);
    }
}

/// The kinds present in a model, in order of first appearance in the catalog.
pub fn kinds(model: &Model) -> Vec<String> {
    let mut kinds: Vec<String> = Vec::new();
    for e in &model.entities {
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind.clone());
        }
    }
    kinds
}
