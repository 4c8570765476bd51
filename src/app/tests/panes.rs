//! The panes and the overlays: the list, the help, the mouse, resizing,
//! layouts, a config's keymap, and any keys at any size.

use super::{app, current, id, quits};
use crate::app::layout::inner;
use crate::app::script::run_script;
use crate::app::wrap::RowPos;
use crate::app::*;

#[test]
fn moving_in_the_entity_list_makes_the_selection_current() {
    let mut app = app(140, 40);
    run_script(&mut app, "<tab>jj");
    assert_eq!(app.reader.focus, Focus::Entities);
    assert_eq!(current(&app), id(&app, app.reader.list.order[2]));
    run_script(&mut app, "G");
    assert_eq!(app.reader.list.selected, app.reader.list.order.len() - 1);
    run_script(&mut app, "<ret>");
    assert_eq!(app.reader.entity, app.reader.list.order.last().copied());
    assert!(app.reader.cursor.is_some());
}

#[test]
fn sorting_and_filtering_the_list_keep_the_current_entity_selected() {
    let mut app = app(140, 40);
    run_script(&mut app, "/tokyo<ret>s");
    assert_eq!(app.reader.list.sort, entities::SortKey::Name);
    let names: Vec<String> = app
        .reader
        .list
        .order
        .iter()
        .map(|&e| app.model.entities[e].name.to_lowercase())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(app.reader.list.selected_entity(), app.reader.entity);
    run_script(&mut app, "s");
    assert_eq!(app.reader.list.sort, entities::SortKey::FirstSeen);
    assert_eq!(
        id(&app, app.reader.list.order[0]),
        "pacific",
        "first mentioned in ¶2"
    );
    // f cycles kinds in catalog order: country first.
    run_script(&mut app, "f");
    assert_eq!(app.reader.list.kind.as_deref(), Some("country"));
    assert!(
        app.reader
            .list
            .order
            .iter()
            .all(|&e| app.model.entities[e].kind == "country")
    );
    run_script(&mut app, "ff");
    assert_eq!(app.reader.list.kind.as_deref(), Some("city"));
    assert_eq!(
        app.reader.list.selected_entity(),
        app.reader.entity,
        "Tokyo is a city"
    );
    let remaining = app.reader.kinds.len() - 2;
    for _ in 0..remaining {
        assert!(app.reader.list.kind.is_some());
        run_script(&mut app, "f");
    }
    assert_eq!(
        app.reader.list.kind, None,
        "after the last kind, every kind again"
    );
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = app(80, 24);
    let top = app.reader.text.top;
    run_script(&mut app, "?");
    assert_eq!(app.help(), Some(0));
    run_script(&mut app, "jj");
    assert_eq!(app.help(), Some(2));
    assert_eq!(
        app.reader.text.top, top,
        "keys go to the help, not the text"
    );
    assert!(!quits(&mut app, "q"), "q closes the help first");
    assert_eq!(app.help(), None);
    assert!(quits(&mut app, "q"));
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    for script in ["/abc<c-c>", "d<c-c>", "?<c-c>", "<tab><c-c>"] {
        let mut app = app(80, 24);
        assert!(quits(&mut app, script), "{script}");
    }
}

#[test]
fn e_in_the_one_pane_layout_shows_the_evidence_in_the_text() {
    let mut app = app(60, 20);
    run_script(&mut app, "/luxon<ret><tab><tab>");
    assert_eq!(app.reader.focus, Focus::Details);
    run_script(&mut app, "e");
    assert_eq!(app.reader.text.marked, Some(5));
    assert_eq!(
        app.reader.focus,
        Focus::Text,
        "the only pane on screen is the text"
    );
    assert_eq!(app.areas().details, crate::app::geometry::Rect::default());
}

#[test]
fn g_and_shift_g_move_to_the_ends_of_the_help() {
    let mut app = app(80, 24);
    let inside = overlay::help::area(app.screen).inner();
    let lines = overlay::help::lines(
        &app.settings.keymap,
        &app.reader.kinds,
        inside.width as usize,
    );
    let end = lines.len() - inside.height as usize;
    assert!(end > 40, "the help is longer than a screen: {end}");
    run_script(&mut app, "?G");
    assert_eq!(app.help(), Some(end));
    run_script(&mut app, "j");
    assert_eq!(app.help(), Some(end), "no scrolling past the end");
    run_script(&mut app, "k");
    assert_eq!(
        app.help(),
        Some(end - 1),
        "one up from the end is visible at once"
    );
    run_script(&mut app, "g");
    assert_eq!(app.help(), Some(0));
}

/// Screen cell of the first character of a mention, if shown.
pub(super) fn cell_of(app: &App, mention: MentionId) -> Option<(u16, u16)> {
    let m = app.model.mentions()[mention];
    let document = &app.model;
    let wrapped = app.reader.text.wraps.get(document, m.paragraph);
    let row = wrapped.row_of(m.start);
    let pos = RowPos {
        paragraph: m.paragraph,
        row,
    };
    let dy = app.reader.text.wraps.distance(
        document,
        app.reader.text.top,
        pos,
        app.text_height() - 1,
    )?;
    let wrap::Row::Text(range) = &wrapped.rows[row] else {
        return None;
    };
    let before: String = wrapped
        .text
        .chars()
        .skip(range.start)
        .take(m.start - range.start)
        .collect();
    let area = inner(app.areas().text);
    let x = area.x
        + gutter_width(document.paragraph_count())
        + unicode_width::UnicodeWidthStr::width(before.as_str()) as u16;
    Some((x + 1, area.y + dy as u16))
}

#[test]
fn clicking_a_mention_makes_its_entity_current() {
    let mut app = app(140, 40);
    let tokyo = app.model.lookup("tokyo").expect("tokyo");
    let mention = app.model.mentions_of(tokyo)[0];
    let (column, row) = cell_of(&app, mention).expect("Tokyo is on the first screen");
    app.update(Action::Click { column, row });
    assert_eq!(app.reader.entity, Some(tokyo));
    assert_eq!(app.reader.cursor, Some(mention));
    // A click on plain text changes nothing.
    app.update(Action::Click {
        column: column - 3,
        row,
    });
    assert_eq!(app.reader.entity, Some(tokyo));
}

#[test]
fn clicking_the_list_and_the_details_selects_there() {
    let mut app = app(140, 40);
    let areas = app.areas();
    let list = inner(areas.entities);
    app.update(Action::Click {
        column: list.x + 2,
        row: list.y + 3,
    });
    assert_eq!(app.reader.focus, Focus::Entities);
    assert_eq!(app.reader.entity, Some(app.reader.list.order[3]));
    let lines = app.detail_lines();
    let second_item = details::line_of_item(&lines, 1).expect("two relations");
    let details_area = inner(areas.details);
    app.update(Action::Click {
        column: details_area.x + 2,
        row: details_area.y + second_item as u16,
    });
    assert_eq!(app.reader.focus, Focus::Details);
    assert_eq!(app.reader.details.selected, 1);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = app(140, 40);
    let top = app.reader.text.top;
    let text = inner(app.areas().text);
    app.update(Action::Scroll {
        column: text.x + 5,
        row: text.y + 5,
        lines: 3,
    });
    assert_eq!(
        app.reader
            .text
            .wraps
            .distance(&app.model, top, app.reader.text.top, 10),
        Some(3)
    );
    assert_eq!(app.reader.focus, Focus::Text);
}

#[test]
fn the_text_keeps_a_reading_width_and_a_margin_before_the_border() {
    let mut app = app(250, 40);
    assert_eq!(app.text_width(), 100, "the default widest");
    let text = inner(app.areas().text);
    let gutter = gutter_width(app.model.paragraph_count());
    app.set_view(crate::app::view::View {
        max_width: 500,
        highlight_all: true,
    });
    assert_eq!(
        app.text_width(),
        (text.width - gutter - 1) as usize,
        "a column of margin before the border"
    );
    assert!(
        app.reader
            .text
            .wraps
            .get(&app.model, 4)
            .rows
            .iter()
            .all(|r| !matches!(r, wrap::Row::Text(range) if range.len() > app.text_width()))
    );
}

#[test]
fn v_highlights_only_the_current_entity_and_back() {
    let mut app = app(140, 40);
    assert!(app.reader.view.highlight_all);
    run_script(&mut app, "v");
    assert!(!app.reader.view.highlight_all);
    assert_eq!(
        app.message.as_deref(),
        Some("only the current entity's mentions highlighted")
    );
    run_script(&mut app, "v");
    assert!(app.reader.view.highlight_all);
}

#[test]
fn mouse_capture_toggles() {
    let mut app = app(80, 24);
    run_script(&mut app, "M");
    assert!(!app.settings.mouse);
    run_script(&mut app, "M");
    assert!(app.settings.mouse);
}

#[test]
fn resizing_keeps_the_same_text_at_the_top_and_never_panics() {
    let mut app = app(140, 40);
    run_script(&mut app, "/hokkaido<ret>");
    let cursor = app.reader.cursor;
    for (w, h) in [
        (80, 24),
        (1, 1),
        (0, 0),
        (3, 2),
        (20, 5),
        (200, 60),
        (80, 24),
    ] {
        app.update(Action::Resize {
            width: w,
            height: h,
        });
        run_script(&mut app, "jkGg]n<tab>j<tab>j<tab>");
    }
    assert!(app.reader.cursor.is_some());
    assert!(cursor.is_some());
}

#[test]
fn a_small_terminal_shows_one_pane_at_a_time() {
    let mut app = app(50, 12);
    let areas = app.areas();
    assert!(!areas.text.is_empty() && areas.entities.is_empty() && areas.details.is_empty());
    run_script(&mut app, "<tab>");
    let areas = app.areas();
    assert!(areas.text.is_empty() && !areas.entities.is_empty());
}

#[test]
fn any_key_sequence_at_any_size_leaves_a_consistent_state() {
    // A deterministic pseudo-random walk over every key.
    let keys = [
        "j", "k", "g", "G", "n", "N", "]", "[", "<ret>", "e", "<c-o>", "L", "H", "s", "f", "<tab>",
        "<s-tab>", "<pgdn>", "<pgup>", "?", "<esc>", "/ja", "<down>", "<up>", "m",
    ];
    let mut app = app(100, 30);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for step in 0..3000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let key = keys[(seed % keys.len() as u64) as usize];
        run_script(&mut app, key);
        if step % 500 == 0 {
            app.update(Action::Resize {
                width: (seed % 200) as u16,
                height: (seed % 60) as u16,
            });
        }
        if let Some(c) = app.reader.cursor {
            assert!(c.index() < app.model.mentions().len());
        }
        assert!(app.reader.text.top.paragraph < app.model.paragraph_count());
        assert!(app.reader.list.selected < app.reader.list.order.len().max(1));
    }
}

#[test]
fn a_keymap_from_a_config_drives_the_explorer() {
    let mut app = app(140, 40);
    app.settings.keymap = crate::config::parse(
        "c.toml",
        "[keys.normal]\nx = \"next_mention\"\nn = \"none\"\n",
    )
    .expect("config")
    .keymap;
    let before = app.mention_index();
    run_script(&mut app, "n");
    assert_eq!(app.mention_index(), before, "n does nothing now");
    run_script(&mut app, "x");
    assert_eq!(app.mention_index(), Some(0), "x is next_mention");
}
