use super::*;
use crate::app::layout::inner;
use crate::app::script::run_script;
use crate::app::wrap::RowPos;

/// Runs a key script; true when it asked to quit.
pub(crate) fn quits(app: &mut App, script: &str) -> bool {
    run_script(app, script).contains(&Effect::Quit)
}

/// Runs a key script; what it put on the clipboard, if anything.
fn copied(app: &mut App, script: &str) -> Option<String> {
    run_script(app, script).into_iter().find_map(|e| match e {
        Effect::Copy(text) => Some(text),
        _ => None,
    })
}

fn app(width: u16, height: u16) -> App {
    let loaded = crate::load::open_bundled().expect("bundled article loads");
    App::new(loaded, Rect::new(0, 0, width, height))
}

fn id(app: &App, entity: EntityId) -> &str {
    &app.model.entities[entity].id
}

fn current(app: &App) -> &str {
    id(app, app.reader.entity.expect("an entity is current"))
}

fn cursor_entity(app: &App) -> &str {
    id(
        app,
        app.model.mentions()[app.reader.cursor.expect("a cursor")].entity,
    )
}

#[test]
fn starts_on_the_most_mentioned_entity_at_the_first_paragraph_of_text() {
    let app = app(140, 40);
    assert_eq!(current(&app), "japan");
    assert_eq!(app.reader.cursor, None);
    // ¶1 is the site's "Use + Remix" button: page furniture.
    assert!(app.model.paragraph(0).furniture.is_some());
    assert_eq!(
        app.reader.text.top,
        RowPos {
            paragraph: 1,
            row: 0
        }
    );
    assert_eq!(app.reader.focus, Focus::Text);
}

#[test]
fn finder_with_a_misspelt_fragment_picks_the_entity_and_jumps_to_its_first_mention() {
    let mut app = app(140, 40);
    run_script(&mut app, "/kishda");
    let finder = app.finder().expect("finder open");
    assert_eq!(id(&app, finder.hits[0].entity), "fumio-kishida");
    run_script(&mut app, "<ret>");
    assert!(app.finder().is_none());
    assert_eq!(current(&app), "fumio-kishida");
    assert_eq!(app.mention_index(), Some(0));
    assert_eq!(
        app.reader.list.selected_entity(),
        app.reader.entity,
        "the list follows"
    );
}

#[test]
fn finder_results_update_on_every_keystroke_and_esc_cancels() {
    let mut app = app(140, 40);
    run_script(&mut app, "/p");
    let broad = app.finder().expect("finder").hits.len();
    run_script(&mut app, "acific isl");
    let narrow = app.finder().expect("finder").hits.len();
    assert!(narrow < broad, "{narrow} < {broad}");
    run_script(&mut app, "<bs><bs><bs><bs><c-u>");
    assert_eq!(app.finder().expect("finder").query, "");
    run_script(&mut app, "<esc>");
    assert!(app.finder().is_none());
    assert_eq!(current(&app), "japan", "cancel changes nothing");
}

#[test]
fn n_walks_the_mentions_and_wraps_to_the_first_after_the_last() {
    let mut app = app(140, 40);
    run_script(&mut app, "/luxon<ret>");
    let mut seen = vec![app.mention_index()];
    for _ in 0..3 {
        run_script(&mut app, "n");
        seen.push(app.mention_index());
    }
    assert_eq!(seen, [Some(0), Some(1), Some(2), Some(0)]);
    assert_eq!(app.message.as_deref(), Some("wrapped to the first mention"));
    run_script(&mut app, "N");
    assert_eq!(app.mention_index(), Some(2));
    assert_eq!(app.message.as_deref(), Some("wrapped to the last mention"));
}

#[test]
fn after_scrolling_the_cursor_away_n_and_brackets_start_from_the_screen() {
    let mut app = app(80, 24);
    run_script(&mut app, "/japan<ret>");
    assert_eq!(app.mention_index(), Some(0));
    run_script(&mut app, "G");
    let view = app.mentions_in_view();
    run_script(&mut app, "N");
    let c = app.reader.cursor.expect("cursor");
    assert!(
        view.contains(&c),
        "N picks the last Japan on screen, not one before the old cursor"
    );
    run_script(&mut app, "g");
    run_script(&mut app, "]");
    assert_eq!(
        app.reader.cursor,
        Some(MentionId(0)),
        "] picks the first mention on screen"
    );
}

#[test]
fn n_without_a_cursor_starts_from_the_top_of_the_view() {
    let mut app = app(140, 40);
    run_script(&mut app, "n");
    assert_eq!(cursor_entity(&app), "japan");
    assert_eq!(app.mention_index(), Some(0));
}

#[test]
fn brackets_walk_every_mention_in_reading_order_and_enter_adopts_one() {
    let mut app = app(140, 40);
    run_script(&mut app, "]");
    assert_eq!(app.reader.cursor, Some(MentionId(0)));
    for expected in (1..5).map(MentionId) {
        run_script(&mut app, "]");
        assert_eq!(app.reader.cursor, Some(expected));
    }
    run_script(&mut app, "[");
    assert_eq!(app.reader.cursor, Some(MentionId(3)));
    let under = app.model.mentions()[3].entity;
    assert_eq!(
        app.reader.entity,
        Some(EntityId(0)),
        "walking does not change the entity"
    );
    run_script(&mut app, "<ret>");
    assert_eq!(app.reader.entity, Some(under));
}

#[test]
fn the_current_mention_is_kept_in_view() {
    let mut app = app(80, 24);
    run_script(&mut app, "/hokkaido<ret>");
    let m = app.model.mentions()[app.reader.cursor.expect("cursor")];
    let row = app
        .reader
        .text
        .wraps
        .get(&app.model, m.paragraph)
        .row_of(m.start);
    let pos = RowPos {
        paragraph: m.paragraph,
        row,
    };
    let distance = app
        .reader
        .text
        .wraps
        .distance(&app.model, app.reader.text.top, pos, 100);
    assert!(
        distance.is_some_and(|d| d < app.text_height()),
        "{distance:?} rows from the top"
    );
}

#[test]
fn following_a_relation_and_going_back_and_forward() {
    let mut app = app(140, 40);
    run_script(&mut app, "/luxon<ret><tab><tab>");
    assert_eq!(app.reader.focus, Focus::Details);
    // The first item is where Luxon is mentioned; the next, his first
    // relation: prime minister of New Zealand.
    run_script(&mut app, "j<ret>");
    assert_eq!(current(&app), "new-zealand");
    assert_eq!(cursor_entity(&app), "new-zealand");
    run_script(&mut app, "<c-o>");
    assert_eq!(current(&app), "christopher-luxon");
    assert_eq!(cursor_entity(&app), "christopher-luxon");
    run_script(&mut app, "L");
    assert_eq!(current(&app), "new-zealand");
    run_script(&mut app, "H");
    assert_eq!(current(&app), "christopher-luxon");
    run_script(&mut app, "<a-right>");
    assert_eq!(current(&app), "new-zealand");
}

#[test]
fn every_kind_of_jump_shares_one_history() {
    let mut app = app(140, 40);
    run_script(&mut app, "/tokyo<ret>"); // entity pick
    run_script(&mut app, "/russia<ret>"); // another
    run_script(&mut app, "n"); // mention jump (wraps onto itself: one mention)
    run_script(&mut app, "<tab><tab>j<ret>"); // relation hop: Russia invaded Ukraine
    assert_eq!(current(&app), "ukraine");
    run_script(&mut app, "<c-o>");
    assert_eq!(current(&app), "russia");
    run_script(&mut app, "<c-o>");
    assert_eq!(current(&app), "tokyo");
    run_script(&mut app, "<c-o>");
    assert_eq!(current(&app), "japan");
    run_script(&mut app, "<c-o>");
    assert_eq!(app.message.as_deref(), Some("already at the oldest jump"));
}

#[test]
fn e_jumps_to_the_evidence_paragraph_and_cycles() {
    let mut app = app(140, 40);
    // Luxon → prime minister of New Zealand, evidence ¶6 and ¶8.
    run_script(&mut app, "/luxon<ret><tab><tab>je");
    assert_eq!(app.reader.text.marked, Some(5));
    assert_eq!(app.message.as_deref(), Some("evidence ¶6 (1 of 2)"));
    run_script(&mut app, "e");
    assert_eq!(app.reader.text.marked, Some(7));
    run_script(&mut app, "e");
    assert_eq!(app.reader.text.marked, Some(5));
    run_script(&mut app, "<esc>");
    assert_eq!(app.reader.text.marked, None);
}

#[test]
fn the_paragraphs_line_of_the_details_steps_through_the_mentions() {
    let mut app = app(140, 40);
    run_script(&mut app, "/luxon<ret><tab><tab>");
    assert!(matches!(
        app.reader.details.item(app.shown()),
        Some(details::Item::Paragraphs(_))
    ));
    run_script(&mut app, "<ret>");
    assert_eq!(app.message.as_deref(), Some("evidence ¶6 (1 of 3)"));
    run_script(&mut app, "<ret><ret>");
    assert_eq!(app.message.as_deref(), Some("evidence ¶10 (3 of 3)"));
}

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
fn text_scrolls_by_line_page_and_to_the_ends() {
    let mut app = app(80, 24);
    run_script(&mut app, "jjj");
    assert!(app.reader.text.top > RowPos::default());
    run_script(&mut app, "g");
    assert_eq!(app.reader.text.top, RowPos::default());
    run_script(&mut app, "<pgdn>");
    let page =
        app.reader
            .text
            .wraps
            .distance(&app.model, RowPos::default(), app.reader.text.top, 100);
    assert_eq!(page, Some(app.text_height() - 2));
    run_script(&mut app, "G");
    assert_eq!(
        app.reader.text.top,
        app.reader
            .text
            .wraps
            .last_top(&app.model, app.text_height())
    );
    run_script(&mut app, "j");
    assert_eq!(
        app.reader.text.top,
        app.reader
            .text
            .wraps
            .last_top(&app.model, app.text_height()),
        "no scrolling past the end"
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
fn cell_of(app: &App, mention: MentionId) -> Option<(u16, u16)> {
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

/// A corpus of files written to a temporary folder.
fn corpus(files: &[(&str, &str)], width: u16, height: u16) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let loaded = crate::load::read(&crate::load::Request {
        files: vec![dir.path().to_path_buf()],
        ..crate::load::Request::default()
    })
    .expect("corpus loads");
    (App::new(loaded, Rect::new(0, 0, width, height)), dir)
}

#[test]
fn n_continues_into_the_next_document_of_a_corpus() {
    let (mut app, _dir) = corpus(
        &[
            ("a.txt", "Tokyo is large.\n\nIt rains.\n"),
            ("b.txt", "Rain.\n\nTokyo again.\n"),
        ],
        100,
        12,
    );
    run_script(&mut app, "/tokyo<ret>");
    assert_eq!(
        app.model
            .document
            .part_of(app.model.mentions()[app.reader.cursor.expect("cursor")].paragraph),
        Some(0)
    );
    run_script(&mut app, "n");
    let m = app.model.mentions()[app.reader.cursor.expect("cursor")];
    assert_eq!(app.model.document.part_of(m.paragraph), Some(1));
    assert_eq!(app.model.document.paragraph_number(m.paragraph), 2);
}

#[test]
fn paragraph_lists_in_a_corpus_name_their_documents() {
    let (app, _dir) = corpus(
        &[
            ("a.txt", "Tokyo.\n\nRain.\n\nTokyo again.\n"),
            ("b.txt", "Tokyo too.\n"),
        ],
        100,
        20,
    );
    let tokyo = app.model.lookup("tokyo").expect("tokyo");
    let refs = details::paragraph_refs(&app.model.document, &app.model.paragraphs_of(tokyo));
    assert_eq!(refs, "a.txt ¶1 ¶3 · b.txt ¶1");
    assert_eq!(details::paragraph_refs(&app.model.document, &[]), "");
}

#[test]
fn the_document_list_jumps_to_a_document() {
    let long = "Canberra.\n\n".repeat(30);
    let (mut app, _dir) = corpus(
        &[("a.txt", long.as_str()), ("b.txt", long.as_str())],
        100,
        12,
    );
    run_script(&mut app, "d");
    assert_eq!(app.documents(), Some(0));
    run_script(&mut app, "j<ret>");
    assert_eq!(app.documents(), None);
    assert_eq!(
        app.reader.text.top.paragraph,
        app.model.document.parts[1].paragraphs.start
    );
    assert_eq!(app.current_part(), Some(1));
    run_script(&mut app, "<c-o>");
    assert_eq!(app.current_part(), Some(0), "the jump is in the history");
}

#[test]
fn braces_jump_between_markdown_sections() {
    let mut text = String::new();
    for section in ["One", "Two", "Three"] {
        text.push_str(&format!("## {section}\n\n"));
        text.push_str(&"Some text about Tokyo.\n\n".repeat(10));
    }
    let (mut app, _dir) = corpus(&[("notes.md", text.as_str())], 100, 12);
    let headings: Vec<usize> = app
        .model
        .text()
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.block, crate::model::Block::Heading(2)))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(headings.len(), 3);
    run_script(&mut app, "}");
    assert_eq!(app.reader.text.top.paragraph, headings[1]);
    assert_eq!(app.message.as_deref(), Some("§ Two"));
    run_script(&mut app, "}");
    assert_eq!(app.reader.text.top.paragraph, headings[2]);
    run_script(&mut app, "{{");
    assert_eq!(app.reader.text.top.paragraph, headings[0]);
    run_script(&mut app, "{");
    assert_eq!(app.message.as_deref(), Some("no section before this one"));
}

#[test]
fn a_book_length_single_paragraph_stays_responsive() {
    let text = "Japan and New Zealand met in Tokyo with Australia. ".repeat(20_000); // 1 MB, one line
    let (mut app, _dir) = corpus(&[("huge.txt", text.as_str())], 120, 40);
    let start = std::time::Instant::now();
    run_script(&mut app, "/tokyo<ret>");
    let first = start.elapsed();
    let start = std::time::Instant::now();
    for _ in 0..50 {
        run_script(&mut app, "nj");
    }
    run_script(&mut app, "GN");
    let later = start.elapsed();
    // The cursor was scrolled away, so N starts from the bottom of the screen.
    assert_eq!(
        app.mention_index(),
        Some(
            app.model
                .mentions_of(app.reader.entity.expect("entity"))
                .len()
                - 1
        )
    );
    // Wrapping the paragraph once may take a moment; keys after that must not.
    assert!(first.as_secs() < 10, "first jump took {first:?}");
    assert!(later.as_millis() < 2_000, "100 keys took {later:?}");
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

#[test]
fn a_count_repeats_a_motion_and_names_a_paragraph_before_g() {
    let mut app = app(140, 40);
    let top = app.reader.text.top;
    run_script(&mut app, "5j");
    assert_eq!(
        app.reader
            .text
            .wraps
            .distance(&app.model, top, app.reader.text.top, 20),
        Some(5)
    );
    assert_eq!(app.count, None, "the count is used up");
    run_script(&mut app, "n");
    let first = app.mention_index().expect("on a mention of Japan");
    run_script(&mut app, "3n");
    assert_eq!(app.mention_index(), Some(first + 3), "three mentions on");
    run_script(&mut app, "12G");
    assert_eq!(app.reader.text.top.paragraph, 11, "¶12");
    run_script(&mut app, "1g");
    assert_eq!(app.reader.text.top.paragraph, 0);
    run_script(&mut app, "<c-o>");
    assert_eq!(
        app.reader.text.top.paragraph, 11,
        "a numbered jump is in the history"
    );
    run_script(&mut app, "99G");
    assert_eq!(app.message.as_deref(), Some("there are 29 paragraphs here"));
}

#[test]
fn half_pages_and_centring() {
    let mut app = app(80, 24);
    let top = app.reader.text.top;
    run_script(&mut app, "<c-d>");
    let half = app
        .reader
        .text
        .wraps
        .distance(&app.model, top, app.reader.text.top, 40);
    assert!(
        half.is_some_and(|d| d > 2 && d < app.text_height()),
        "{half:?}"
    );
    run_script(&mut app, "<c-u>");
    assert_eq!(app.reader.text.top, top);
    run_script(&mut app, "z");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("no cursor"))
    );
    run_script(&mut app, "/luxon<ret>nz");
    let cursor = app.model.mention(app.reader.cursor.expect("cursor"));
    let row = app
        .reader
        .text
        .wraps
        .get(&app.model, cursor.paragraph)
        .row_of(cursor.start);
    let from_top = app.reader.text.wraps.distance(
        &app.model,
        app.reader.text.top,
        RowPos {
            paragraph: cursor.paragraph,
            row,
        },
        40,
    );
    assert_eq!(from_top, Some(app.text_height() / 2), "the cursor mid-pane");
}

#[test]
fn marks_remember_a_place_and_jump_back_to_it() {
    let mut app = app(140, 40);
    run_script(&mut app, "/luxon<ret>");
    let there = app.location();
    run_script(&mut app, "ma");
    assert_eq!(app.message.as_deref(), Some("mark a set at ¶6"));
    run_script(&mut app, "G/china<ret>");
    run_script(&mut app, "'a");
    assert_eq!(app.location(), there);
    run_script(&mut app, "'b");
    assert_eq!(app.message.as_deref(), Some("no mark 'b: mb sets it"));
    run_script(&mut app, "m<esc>");
    assert_eq!(app.awaiting_mark, None, "Esc cancels a mark");
}

#[test]
fn the_command_line_goes_runs_completes_and_quits() {
    let mut app = app(140, 40);
    run_script(&mut app, ":12<ret>");
    assert_eq!(app.reader.text.top.paragraph, 11);
    assert!(app.overlay.is_none());
    run_script(&mut app, ":so<tab>");
    assert_eq!(app.command_line(), Some("sort"));
    run_script(&mut app, "<ret>");
    assert_eq!(app.message.as_deref(), Some("entities sorted by name"));
    run_script(&mut app, ":next_<tab>");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("next_mention"))
    );
    run_script(&mut app, "<esc>");
    assert!(app.overlay.is_none());
    run_script(&mut app, ":sotr<ret>");
    assert_eq!(
        app.message.as_deref(),
        Some("unknown command \"sotr\" (did you mean \"sort\"?)")
    );
    run_script(&mut app, ":<bs>");
    assert!(
        app.overlay.is_none(),
        "backspace on an empty line closes it"
    );
    assert!(quits(&mut app, ":q<ret>"));
}

#[test]
fn the_finder_searches_the_text_too_and_n_walks_the_hits() {
    let mut app = app(140, 40);
    run_script(&mut app, "/surveillance");
    let finder = app.finder().expect("open");
    // No entity is called that; some are described with it.
    assert!(finder.hits.iter().all(|h| h.score == i64::MIN));
    let Some(Ok(found)) = &finder.text else {
        panic!("a text preview");
    };
    assert_eq!((found.total, found.paragraphs), (1, 1));
    let below = finder.hits.len();
    run_script(&mut app, &format!("{}<ret>", "<down>".repeat(below)));
    let searching = app.reader.searching.as_ref().expect("a search");
    assert_eq!(searching.status(), "search \"surveillance\" · 1 of 1");
    let hit = &searching.found.hits[0];
    assert_eq!(hit.paragraph, 11, "¶12");
    assert_eq!(
        app.model.paragraph(11).slice(hit.chars.clone()),
        "surveillance"
    );
    run_script(&mut app, "n");
    assert_eq!(
        app.message.as_deref(),
        Some("search \"surveillance\" · 1 of 1 (wrapped around)")
    );
    run_script(&mut app, "<esc>");
    assert!(app.reader.searching.is_none());
    run_script(&mut app, "n");
    assert!(app.reader.cursor.is_some(), "n follows the entity again");
}

#[test]
fn several_text_hits_are_walked_in_order_both_ways() {
    let mut app = app(140, 40);
    run_script(&mut app, "/zealand");
    // Choose the first text hit, below the entities.
    let first_text = app.finder().expect("open").hits.len();
    run_script(&mut app, &"<down>".repeat(first_text));
    run_script(&mut app, "<ret>");
    let total = app.reader.searching.as_ref().expect("search").found.total;
    assert!(total > 10, "{total}");
    run_script(&mut app, "nn");
    assert_eq!(app.reader.searching.as_ref().map(|s| s.current), Some(2));
    run_script(&mut app, "N");
    assert_eq!(app.reader.searching.as_ref().map(|s| s.current), Some(1));
    run_script(&mut app, ":nohl<ret>");
    assert!(app.reader.searching.is_none());
}

#[test]
fn a_bad_pattern_says_why() {
    let mut app = app(140, 40);
    run_script(&mut app, "/re:(air");
    let finder = app.finder().expect("open");
    assert!(
        matches!(&finder.text, Some(Err(m)) if m.starts_with("not a regular expression")),
        "{:?}",
        finder.text
    );
    run_script(&mut app, "<ret>");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("not a regular expression"))
    );
}

#[test]
fn y_copies_the_paragraph_or_the_mention_with_its_reference() {
    let mut app = app(140, 40);
    let copy = copied(&mut app, "/luxon<ret>y").expect("a copy");
    assert!(
        copy.starts_with(
            "Japan and New Zealand tighten their security partnership, ¶6: This deepening alliance"
        ),
        "{copy}"
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("copied the paragraph (")),
        "{:?}",
        app.message
    );
    assert_eq!(
        copied(&mut app, "Y").as_deref(),
        Some("Japan and New Zealand tighten their security partnership, ¶6: Christopher Luxon")
    );
    app.settings.can_copy = false;
    assert_eq!(copied(&mut app, "y"), None);
    assert_eq!(
        app.message.as_deref(),
        Some("this terminal cannot take a copy (TERM is dumb or unset)")
    );
}

#[test]
fn the_concordance_lists_the_mentions_sorts_them_and_jumps() {
    let mut app = app(140, 40);
    run_script(&mut app, "c");
    let c = app.concordance().expect("open");
    assert_eq!(c.lines.len(), 14);
    assert_eq!(app.mode(), Mode::Concordance);
    run_script(&mut app, "s");
    assert_eq!(
        app.message.as_deref(),
        Some("concordance sorted by the word before")
    );
    run_script(&mut app, "G");
    let last = app
        .concordance()
        .expect("open")
        .lines
        .last()
        .expect("a line")
        .mention;
    run_script(&mut app, "<ret>");
    assert!(app.concordance().is_none());
    assert_eq!(app.reader.cursor, Some(last));
    run_script(&mut app, "<c-o>");
    assert_eq!(app.reader.cursor, None, "the jump is in the history");
    run_script(&mut app, "c<esc>");
    assert!(app.overlay.is_none());
}

#[test]
fn a_filter_shows_only_the_paragraphs_it_passes_and_motions_skip_the_rest() {
    let mut app = app(140, 40);
    run_script(&mut app, "/china<ret>&");
    let (_, shown) = app.reader.filter.as_ref().expect("filtered");
    assert_eq!(*shown, 3);
    assert_eq!(
        app.message.as_deref(),
        Some("filtered by China: 3 of 29 paragraphs")
    );
    // Every row of the text pane belongs to ¶21–¶23, and j/G/g stay among them.
    assert!(
        app.reader
            .text
            .wraps
            .is_shown(app.reader.text.top.paragraph)
    );
    run_script(&mut app, "jjjjjjjjjj");
    assert!([20, 21, 22].contains(&app.reader.text.top.paragraph));
    run_script(&mut app, "Gg");
    assert_eq!(app.reader.text.top.paragraph, 20);
    assert_eq!(app.reader.text.wraps.shown_from(&app.model, 0), Some(20));
    run_script(&mut app, "nnn");
    assert!(
        app.reader.filter.is_some(),
        "China's mentions are all shown"
    );
    run_script(&mut app, "&");
    assert!(app.reader.filter.is_none());
    assert_eq!(app.message.as_deref(), Some("every paragraph shown"));

    run_script(&mut app, ":filter japan !china<ret>");
    let (filter, shown) = app.reader.filter.as_ref().expect("filtered");
    assert_eq!(filter.text, "japan !china");
    assert!(*shown > 5);
    run_script(&mut app, ":filter kind:weather<ret>");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("no entity is of kind \"weather\"")),
        "{:?}",
        app.message
    );
    run_script(&mut app, ":filter<ret>");
    assert!(app.reader.filter.is_none());
}

#[test]
fn the_finder_also_matches_kinds_and_descriptions_below_names() {
    let mut app = app(140, 40);
    run_script(&mut app, "/alliance");
    let finder = app.finder().expect("open");
    let kinds: Vec<&str> = finder
        .hits
        .iter()
        .map(|h| app.model.entities[h.entity].kind.as_str())
        .collect();
    assert!(
        kinds.iter().filter(|k| **k == "alliance").count() >= 3,
        "{kinds:?}"
    );
    run_script(&mut app, "<esc>/prime minister");
    let names: Vec<String> = app
        .finder()
        .expect("open")
        .hits
        .iter()
        .map(|h| app.model.entities[h.entity].name.clone())
        .collect();
    assert!(
        names.contains(&"Christopher Luxon".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"Fumio Kishida".to_string()), "{names:?}");
}

#[test]
fn unsure_discoveries_are_hidden_with_a_count_until_asked_for() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "The officials of Japan met Ana Costa in Tokyo. Later Ana Costa spoke.\n\n\
         The report mentioned the ZX81 once.\n",
    )
    .expect("write");
    let loaded = crate::load::read(&crate::load::Request {
        files: vec![path],
        ..crate::load::Request::default()
    })
    .expect("opens");
    let mut app = App::new(loaded, Rect::new(0, 0, 140, 40));
    let listed = |app: &App| -> Vec<String> {
        app.reader
            .list
            .order
            .iter()
            .map(|&e| app.model.entities[e].name.clone())
            .collect()
    };
    assert!(
        !listed(&app).contains(&"ZX81".to_string()),
        "{:?}",
        listed(&app)
    );
    assert_eq!(app.reader.list.unsure, 1);
    run_script(&mut app, "A");
    assert!(listed(&app).contains(&"ZX81".to_string()));
    run_script(&mut app, "A");
    assert_eq!(
        app.message.as_deref(),
        Some("1 entity of low confidence hidden")
    );
}

#[test]
fn ctrl_t_jumps_to_the_finder_s_text_hits_and_back() {
    let mut app = app(140, 40);
    run_script(&mut app, "/zealand");
    let entities = app.finder().expect("open").hits.len();
    assert!(entities > 0);
    run_script(&mut app, "<c-t>");
    assert_eq!(app.finder().expect("open").selected, entities);
    run_script(&mut app, "<c-t>");
    assert_eq!(app.finder().expect("open").selected, 0);
    // Enter on the text hit starts the search there.
    run_script(&mut app, "<c-t><ret>");
    assert!(app.reader.searching.is_some());
}

/// A Markdown file that fits on screen: the view cannot scroll, so `}` and
/// `{` mark the heading they reach and go on from it.
#[test]
fn section_jumps_walk_the_headings_of_a_document_that_fits_on_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("notes.md");
    std::fs::write(
        &path,
        "# Notes\n\nJapan and Tokyo.\n\n## Second\n\nNew Zealand.\n\n## Third\n\nMore.\n",
    )
    .expect("write");
    let loaded = crate::load::read(&crate::load::Request {
        files: vec![path],
        ..crate::load::Request::default()
    })
    .expect("loads");
    let mut app = App::new(loaded, Rect::new(0, 0, 120, 40));
    let headings: Vec<usize> = app.model.sections().to_vec();
    assert_eq!(headings.len(), 3, "{headings:?}");
    run_script(&mut app, "}");
    assert_eq!(
        app.reader.text.marked,
        Some(headings[1]),
        "{:?}",
        app.message
    );
    run_script(&mut app, "}");
    assert_eq!(
        app.reader.text.marked,
        Some(headings[2]),
        "{:?}",
        app.message
    );
    run_script(&mut app, "}");
    assert_eq!(app.message.as_deref(), Some("no section after this one"));
    run_script(&mut app, "{");
    assert_eq!(app.reader.text.marked, Some(headings[1]));
    run_script(&mut app, "{");
    assert_eq!(app.reader.text.marked, Some(headings[0]));
}

/// As in less and vim: after `g` the next search starts at the top of the
/// view, after `G` at its bottom — for text hits and mentions alike.
#[test]
fn after_g_or_shift_g_n_and_shift_n_start_from_the_view() {
    let mut app = app(120, 40);
    run_script(&mut app, "/security");
    let first_text = app.finder().expect("open").hits.len();
    run_script(&mut app, &format!("{}<ret>", "<down>".repeat(first_text)));
    let total = app
        .reader
        .searching
        .as_ref()
        .expect("a search")
        .found
        .hits
        .len();
    assert!(total > 5, "{total}");
    run_script(&mut app, "5n");
    assert_eq!(app.reader.searching.as_ref().map(|s| s.current), Some(5));
    run_script(&mut app, "gn");
    assert_eq!(app.reader.searching.as_ref().map(|s| s.current), Some(0));
    run_script(&mut app, "5nGN");
    assert_eq!(
        app.reader.searching.as_ref().map(|s| s.current),
        Some(total - 1)
    );
    run_script(&mut app, "Gn");
    assert_eq!(app.reader.searching.as_ref().map(|s| s.current), Some(0));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("wrapped")),
        "{:?}",
        app.message
    );
    run_script(&mut app, "<esc>:nohl<ret>");
    assert!(app.reader.searching.is_none());

    // The current entity's mentions.
    let mut app = self::app(120, 40);
    run_script(&mut app, "/japan<ret>");
    let japan = app
        .model
        .mentions_of(app.reader.entity.expect("Japan is current"))
        .len();
    run_script(&mut app, "5n");
    assert_eq!(app.mention_index(), Some(5));
    run_script(&mut app, "gn");
    assert_eq!(app.mention_index(), Some(0));
    run_script(&mut app, "GN");
    assert_eq!(app.mention_index(), Some(japan - 1));
    run_script(&mut app, "gN");
    assert_eq!(app.mention_index(), Some(japan - 1), "wraps to the last");
}
