//! Finding and choosing: the command line, text search, the concordance,
//! filters, copying, the finder's ranking, unsure discoveries.

use super::{app, copied, quits};
use crate::app::script::run_script;
use crate::app::*;

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
