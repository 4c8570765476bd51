//! Moving through the text: mentions, jumps and their history, counts,
//! marks, sections, scrolling.

use super::{app, current, cursor_entity, id};
use crate::app::script::run_script;
use crate::app::wrap::RowPos;
use crate::app::*;

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
