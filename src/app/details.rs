//! What the details pane says about the current entity, as lines with a
//! meaning (title, relation, co-mention...) that the view styles and the
//! mouse hit-tests. Built for one entity at a time, so its cost follows that
//! entity's relations, never the document.

use std::cell::RefCell;
use std::rc::Rc;

use crate::model::{EntityId, Model, Outline, ParagraphId, RelationId};

/// Something in the details pane that can be selected and followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The paragraphs the entity is mentioned in: Enter (or `e`) steps
    /// through them.
    Paragraphs(EntityId),
    Outgoing(RelationId),
    Incoming(RelationId),
    /// Another entity sharing paragraphs with the current one.
    CoMention(EntityId, usize),
}

impl Item {
    /// The entity at the other end.
    pub fn other(self, model: &Model) -> EntityId {
        match self {
            Item::Outgoing(r) => model.relations[r].target,
            Item::Incoming(r) => model.relations[r].source,
            Item::CoMention(e, _) | Item::Paragraphs(e) => e,
        }
    }

    /// Paragraphs that support the item: a relation's evidence, or the
    /// paragraphs both entities are mentioned in.
    pub fn evidence(self, model: &Model, current: EntityId) -> Vec<ParagraphId> {
        match self {
            Item::Outgoing(r) | Item::Incoming(r) => model.relations[r].evidence.clone(),
            Item::CoMention(other, _) => model.shared_paragraphs(current, other),
            Item::Paragraphs(e) => model.paragraphs_of(e).to_vec(),
        }
    }
}

/// One line of the details pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Title(String),
    /// Kind and id.
    Meta(String, String),
    /// A line of plain prose (aliases, description, where mentioned).
    Prose(String),
    Heading(String),
    /// One screen row of the n-th selectable item: its pieces of text, each
    /// with a role the view styles. Long items take several rows.
    Item(usize, Item, Vec<(String, Role)>),
    Blank,
}

/// What a piece of an item's text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// An entity's name, shown in its kind's style.
    Name(EntityId),
    /// Secondary text: evidence paragraphs, counts.
    Dim,
}

/// How many paragraph numbers to list before "… N more".
const PARAGRAPHS_SHOWN: usize = 24;

/// How many co-mentioned entities to list beside declared relations.
const CO_MENTIONS_SHOWN: usize = 8;

/// How many to list when co-mention is all there is (no relation declared).
const DERIVED_SHOWN: usize = 100;

/// The selectable items for an entity, in display order: its declared
/// relations, then the entities it shares paragraphs with (all of them, up to
/// [`DERIVED_SHOWN`], when no relation is declared: they are its relations).
pub fn items(model: &Model, entity: EntityId) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    if model.mention_total(entity) > 0 {
        items.push(Item::Paragraphs(entity));
    }
    items.extend(model.outgoing(entity).iter().map(|&r| Item::Outgoing(r)));
    items.extend(model.incoming(entity).iter().map(|&r| Item::Incoming(r)));
    // Derived relations read back from an export already say who is
    // mentioned with whom.
    let read_derived = items.iter().any(|i| match i {
        Item::Outgoing(r) | Item::Incoming(r) => model.relations[*r].derived,
        Item::CoMention(..) | Item::Paragraphs(_) => false,
    });
    if read_derived {
        return items;
    }
    let shown = if model.derives_relations() {
        DERIVED_SHOWN
    } else {
        CO_MENTIONS_SHOWN
    };
    items.extend(
        model
            .co_mentioned(entity)
            .iter()
            .take(shown)
            .map(|&(e, n)| Item::CoMention(e, n)),
    );
    items
}

/// The lines describing `entity`, prose wrapped to `width` columns.
pub fn lines(model: &Model, entity: EntityId, width: usize) -> Vec<Line> {
    let width = width.max(8);
    let mut out = about(model, entity, width);
    relation_lines(model, entity, width, &mut out);
    out
}

/// Prose wrapped to `width`, made visible before wrapping: a line break in
/// a name (a file name can hold one) is shown as a character, not obeyed.
fn prose(out: &mut Vec<Line>, text: &str, width: usize) {
    for l in textwrap::wrap(&crate::display::visible(text), width) {
        out.push(Line::Prose(l.into_owned()));
    }
}

/// Who or what the entity is, and where it is mentioned.
fn about(model: &Model, entity: EntityId, width: usize) -> Vec<Line> {
    let e = &model.entities[entity];
    let mut out = vec![
        Line::Title(e.name.clone()),
        Line::Meta(e.kind.clone(), e.id.clone()),
    ];
    if !e.aliases.is_empty() {
        prose(&mut out, &format!("also: {}", e.aliases.join(", ")), width);
    }
    if !e.description.is_empty() {
        prose(&mut out, &e.description, width);
    }
    if let Some(confidence) = e.confidence {
        prose(&mut out, &format!("confidence {confidence}%"), width);
    }
    if model.mention_total(entity) == 0 {
        prose(&mut out, "not mentioned in the text", width);
    } else {
        // Where it is mentioned: an item, so Enter steps through the paragraphs.
        let item = Item::Paragraphs(entity);
        for row in item_rows(model, entity, item, width) {
            out.push(Line::Item(0, item, row));
        }
    }
    if model.document.parts.len() > 1 {
        let parts: Vec<String> = model
            .parts_of(entity)
            .iter()
            .map(|&(part, n)| format!("{} ({n})", model.document.parts[part].title))
            .collect();
        if !parts.is_empty() {
            let documents = crate::display::count(parts.len(), "document");
            prose(
                &mut out,
                &format!("in {documents}: {}", parts.join(", ")),
                width,
            );
        }
    }
    out
}

/// The relations both ways (or, where the source declares none, the
/// entities mentioned with it), then those mentioned with it.
fn relation_lines(model: &Model, entity: EntityId, width: usize, out: &mut Vec<Line>) {
    let items = items(model, entity);
    let derived = model.derives_relations();
    let relations = if derived {
        model.co_mentioned(entity).len()
    } else {
        model.outgoing(entity).len() + model.incoming(entity).len()
    };
    out.push(Line::Blank);
    out.push(Line::Heading(format!("Relations ({relations})")));
    if let (true, Some((read, of))) = (derived, model.co_mention_sample(entity)) {
        let sample = format!("counted in the first {read} of the {of} documents it is in");
        prose(out, &sample, width);
    }
    if relations == 0 {
        out.push(Line::Prose("none recorded".into()));
    }
    for (i, item) in items.iter().enumerate() {
        if matches!(item, Item::Paragraphs(_)) {
            continue; // shown at the top
        }
        let first_co_mention = !derived
            && matches!(item, Item::CoMention(..))
            && !matches!(items.get(i.wrapping_sub(1)), Some(Item::CoMention(..)));
        if first_co_mention {
            out.push(Line::Blank);
            out.push(Line::Heading("Mentioned with".into()));
        }
        for row in item_rows(model, entity, *item, width) {
            out.push(Line::Item(i, *item, row));
        }
    }
    let listed = items
        .iter()
        .filter(|i| !matches!(i, Item::Paragraphs(_)))
        .count();
    if derived && relations > listed {
        out.push(Line::Prose(format!(
            "… {} more co-mentioned",
            relations - listed
        )));
    }
}

/// The pieces of an item's text, before wrapping.
fn item_pieces(model: &Model, current: EntityId, item: Item) -> Vec<(String, Role)> {
    let evidence =
        |paragraphs: &[ParagraphId]| (paragraph_refs(&model.document, paragraphs), Role::Dim);
    let other = item.other(model);
    let name = (model.entities[other].name.clone(), Role::Name(other));
    match item {
        Item::Paragraphs(e) => {
            let paragraphs = model.paragraphs_of(e);
            vec![
                (
                    format!(
                        "{} in {}:",
                        crate::display::count(model.mention_total(e), "mention"),
                        crate::display::count(paragraphs.len(), "paragraph")
                    ),
                    Role::Plain,
                ),
                evidence(&paragraphs),
            ]
        }
        Item::CoMention(_, count) if model.derives_relations() => vec![
            ("≈ co-mentioned with".into(), Role::Plain),
            name,
            (format!("×{count} (derived)"), Role::Dim),
            evidence(&item.evidence(model, current)),
        ],
        Item::Outgoing(r) | Item::Incoming(r) if model.relations[r].derived => {
            let r = &model.relations[r];
            vec![
                ("≈ co-mentioned with".into(), Role::Plain),
                name,
                (format!("×{} (derived)", r.evidence.len()), Role::Dim),
                evidence(&r.evidence),
            ]
        }
        Item::Outgoing(r) => {
            let r = &model.relations[r];
            let mut pieces = vec![
                ("→".into(), Role::Plain),
                (r.label.clone(), Role::Plain),
                name,
                evidence(&r.evidence),
            ];
            pieces.extend(notes(&r.notes));
            pieces
        }
        Item::Incoming(r) => {
            let r = &model.relations[r];
            let mut pieces = vec![
                ("←".into(), Role::Plain),
                name,
                (r.label.clone(), Role::Plain),
                evidence(&r.evidence),
            ];
            pieces.extend(notes(&r.notes));
            pieces
        }
        Item::CoMention(_, count) => vec![
            (" ".into(), Role::Plain),
            name,
            (format!("×{count}"), Role::Dim),
        ],
    }
}

/// A relation's own notes, after it: "· note: …".
fn notes(notes: &[String]) -> Option<(String, Role)> {
    (!notes.is_empty()).then(|| (format!("· {}", notes.join(" · ")), Role::Dim))
}

/// An item's pieces word-wrapped to `width`, continuation rows indented.
fn item_rows(
    model: &Model,
    current: EntityId,
    item: Item,
    width: usize,
) -> Vec<Vec<(String, Role)>> {
    use unicode_width::UnicodeWidthStr;
    let mut rows: Vec<Vec<(String, Role)>> = vec![Vec::new()];
    let mut used = 0;
    for (text, role) in item_pieces(model, current, item) {
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let w = word.width();
            if used > 0 && used + 1 + w > width {
                rows.push(vec![("  ".into(), Role::Plain)]);
                used = 2;
            } else if used > 0 {
                push_text(rows.last_mut(), " ", role);
                used += 1;
            }
            push_text(rows.last_mut(), word, role);
            used += w;
        }
    }
    rows
}

/// Appends to the row's last piece when the role is the same.
fn push_text(row: Option<&mut Vec<(String, Role)>>, text: &str, role: Role) {
    let Some(row) = row else {
        return;
    };
    match row.last_mut() {
        Some((last, r)) if *r == role => last.push_str(text),
        _ => row.push((text.to_string(), role)),
    }
}

/// "¶2 ¶5 ¶9", numbered as readers cite them, cut short with "… N more" so
/// a book-length list never pushes the rest off screen. In a corpus each
/// document's paragraphs follow its file name: "a.txt ¶2 ¶5 · b.md ¶1".
pub fn paragraph_refs(document: &Outline, paragraphs: &[ParagraphId]) -> String {
    let mut out = String::new();
    let mut part = None;
    for &p in paragraphs.iter().take(PARAGRAPHS_SHOWN) {
        let here = document.part_of(p).filter(|_| document.parts.len() > 1);
        if here != part {
            if let Some(i) = here {
                if !out.is_empty() {
                    out.push_str(" ·");
                }
                out.push_str(&format!(" {}", document.parts[i].file));
            }
            part = here;
        }
        out.push_str(&format!(" ¶{}", document.paragraph_number(p)));
    }
    if paragraphs.len() > PARAGRAPHS_SHOWN {
        out.push_str(&format!(" … {} more", paragraphs.len() - PARAGRAPHS_SHOWN));
    }
    out.trim_start().to_string()
}

/// The line index showing item `n`.
pub fn line_of_item(lines: &[Line], n: usize) -> Option<usize> {
    lines
        .iter()
        .position(|l| matches!(l, Line::Item(i, ..) if *i == n))
}

/// The lines built for an entity at a width.
type Cached = (EntityId, usize, Rc<Vec<Line>>);

/// The details pane: its selection and scroll, and its lines for the
/// current entity and width, built once and reused by every key that moves
/// in the pane and the redraw after it.
#[derive(Debug, Default)]
pub struct DetailsPane {
    /// Index of the selected item.
    pub selected: usize,
    /// First visible line.
    pub offset: usize,
    cache: RefCell<Option<Cached>>,
}

/// What the details pane is showing: whose details, in how much room.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub model: &'a Model,
    pub entity: Option<EntityId>,
    pub width: usize,
    pub height: usize,
}

impl Shown<'_> {
    fn items(&self) -> Vec<Item> {
        self.entity
            .map(|e| items(self.model, e))
            .unwrap_or_default()
    }
}

impl DetailsPane {
    /// Back to the top, for another entity.
    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// Back to the top, and the lines built again: the entity changed.
    pub fn forget(&mut self) {
        self.reset();
        self.cache.replace(None);
    }

    /// The lines for what is shown.
    pub fn lines(&self, shown: Shown<'_>) -> Rc<Vec<Line>> {
        let Some(entity) = shown.entity else {
            return Rc::default();
        };
        let mut cache = self.cache.borrow_mut();
        match &*cache {
            Some((e, w, lines)) if *e == entity && *w == shown.width => Rc::clone(lines),
            _ => {
                let lines = Rc::new(lines(shown.model, entity, shown.width));
                *cache = Some((entity, shown.width, Rc::clone(&lines)));
                lines
            }
        }
    }

    /// The selected item, if there is one.
    pub fn item(&self, shown: Shown<'_>) -> Option<Item> {
        shown.items().get(self.selected).copied()
    }

    /// Moves the selection by `delta` items, or scrolls when there are none.
    pub fn move_by(&mut self, shown: Shown<'_>, delta: isize) {
        let count = shown.items().len();
        if count == 0 {
            self.scroll(shown, delta);
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
        self.scroll_to_selected(shown);
    }

    /// Scrolls by `lines` without moving the selection.
    pub fn scroll(&mut self, shown: Shown<'_>, lines: isize) {
        self.offset = self.offset.saturating_add_signed(lines);
        self.clamp(shown);
    }

    /// Selects the item on the `row`-th visible line, if it is one.
    pub fn click(&mut self, shown: Shown<'_>, row: usize) {
        if let Some(Line::Item(n, ..)) = self.lines(shown).get(self.offset + row) {
            self.selected = *n;
        }
    }

    fn scroll_to_selected(&mut self, shown: Shown<'_>) {
        let lines = self.lines(shown);
        let height = shown.height.max(1);
        if let Some(line) = line_of_item(&lines, self.selected) {
            if self.selected == 0 {
                // Keep the entity's header in sight while at the first item.
                self.offset = 0;
            }
            if line < self.offset {
                self.offset = line;
            } else if line >= self.offset + height {
                self.offset = line + 1 - height;
            }
        }
        self.clamp(shown);
    }

    fn clamp(&mut self, shown: Shown<'_>) {
        let lines = self.lines(shown).len();
        self.offset = self.offset.min(lines.saturating_sub(shown.height.max(1)));
    }
}
