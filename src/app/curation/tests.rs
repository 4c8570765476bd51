use super::*;
use crate::app::geometry::Rect;
use crate::app::script::run_script;
use crate::app::select::words;
use crate::app::tests::quits;
use crate::save::{Stamped, Target};

/// The bundled article, curated into a catalog in a temporary folder.
fn app(dir: &std::path::Path) -> App {
    let mut loaded = crate::load::open_bundled().expect("bundled article loads");
    loaded.target = Target::Catalog(Stamped::now(dir.join("article.entities.json")));
    App::new(loaded, Rect::new(0, 0, 140, 40))
}

fn current(app: &App) -> &str {
    &app.model.entities[app.reader.entity.expect("an entity is current")].id
}

fn message(app: &App) -> &str {
    app.message.as_deref().unwrap_or("")
}

#[test]
fn drop_undo_redo_keep_every_pane_in_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(dir.path());
    let entities = app.model.entities.len();
    assert_eq!(current(&app), "japan");
    run_script(&mut app, "n");
    assert!(app.reader.cursor.is_some());
    run_script(&mut app, "D");
    assert_eq!(message(&app), "dropped \"Japan\" and its 14 mentions");
    assert_eq!(app.model.entities.len(), entities - 1);
    assert!(app.model.lookup("japan").is_none());
    assert_eq!(app.curation.history.unsaved(), 1);
    assert!(!app.reader.list.order.is_empty());
    assert_ne!(current(&app), "japan", "another entity is current");
    assert!(
        app.reader.cursor.is_none(),
        "the cursor's mention went with Japan"
    );
    assert!(
        app.reader
            .search
            .search("japan", 5)
            .iter()
            .all(|h| app.model.entities[h.entity].id != "japan")
    );
    run_script(&mut app, "u");
    assert_eq!(message(&app), "undone (nothing unsaved)");
    assert_eq!(app.model.entities.len(), entities);
    assert_eq!(
        current(&app),
        "japan",
        "undo brings the entity back as current"
    );
    run_script(&mut app, "<c-r>");
    assert!(message(&app).starts_with("redone: dropped \"Japan\""));
    assert!(app.model.lookup("japan").is_none());
    run_script(&mut app, "uu");
    assert_eq!(message(&app), "nothing to undo");
}

#[test]
fn rename_kind_and_merge_from_the_command_line_with_completion() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(dir.path());
    // R opens the line with the name typed; Ctrl-u keeps the command.
    run_script(&mut app, "R");
    assert_eq!(app.command_line(), Some("rename Japan"));
    run_script(&mut app, "<c-u>Nippon<ret>");
    assert_eq!(
        app.model.entities[app.reader.entity.expect("current")].name,
        "Nippon"
    );
    assert!(message(&app).contains("\"Japan\" kept as an alias"));
    // K with Tab completing a kind present.
    run_script(&mut app, "K<c-w>orga<tab>");
    assert!(
        app.command_line() == Some("kind organisation"),
        "{:?}",
        app.overlay
    );
    run_script(&mut app, "<esc>");
    // Merge Fumio Kishida into... a misspelt name is refused with a suggestion.
    run_script(&mut app, "/kishida<ret>");
    assert_eq!(current(&app), "fumio-kishida");
    run_script(&mut app, ":merge luxom<ret>");
    assert!(
        message(&app)
            .starts_with("no entity called \"luxom\" (did you mean \"Christopher Luxon\"?"),
        "{}",
        message(&app)
    );
    run_script(&mut app, "=chris<tab>");
    assert!(
        app.command_line() == Some("merge Christopher Luxon"),
        "{:?}",
        app.overlay
    );
    run_script(&mut app, "<ret>");
    assert_eq!(current(&app), "christopher-luxon");
    let luxon = &app.model.entities[app.reader.entity.expect("current")];
    assert!(luxon.aliases.iter().any(|a| a == "Fumio Kishida"));
    assert_eq!(app.curation.history.unsaved(), 2);
    // :split takes it back out, with the mentions that write it.
    run_script(&mut app, ":split Fumio<tab><ret>");
    assert_eq!(current(&app), "fumio-kishida");
    assert!(app.model.mention_total(app.reader.entity.expect("current")) > 0);
}

#[test]
fn unlink_and_choose_text_to_link_or_make_an_entity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(dir.path());
    let japan = app.model.lookup("japan").expect("japan");
    let before = app.model.mention_total(japan);
    run_script(&mut app, "nx");
    assert!(
        message(&app).ends_with("is no longer a mention of Japan"),
        "{}",
        message(&app)
    );
    assert_eq!(app.model.mention_total(japan), before - 1);
    // V on the next mention, a word more, Enter: linked to the current entity.
    run_script(&mut app, "n");
    let at = app.model.mention(app.reader.cursor.expect("cursor"));
    run_script(&mut app, "V");
    assert_eq!(app.mode(), crate::app::Mode::Select);
    run_script(&mut app, "l");
    let chosen = app.curation.selection.expect("chosen");
    assert_eq!((chosen.paragraph, chosen.start), (at.paragraph, at.start));
    assert!(chosen.end > at.end, "a word more");
    run_script(&mut app, "h");
    assert_eq!(
        app.curation.selection.expect("chosen").end,
        at.end,
        "a word less"
    );
    run_script(&mut app, "l<ret>");
    assert!(app.curation.selection.is_none());
    assert!(
        message(&app).contains("is now a mention of Japan (in place of 1 mention)"),
        "{}",
        message(&app)
    );
    // w moves to the next word; e makes it a new entity, named as typed.
    run_script(&mut app, "Vww");
    let s = app.curation.selection.expect("chosen");
    let word = app
        .model
        .paragraph(s.paragraph)
        .slice(s.start..s.end)
        .to_string();
    run_script(&mut app, "e");
    assert_eq!(app.command_line(), Some(format!("new {word}").as_str()));
    run_script(&mut app, " Thing as concept<ret>");
    let e = app.reader.entity.expect("current");
    assert_eq!(app.model.entities[e].name, format!("{word} Thing"));
    assert_eq!(app.model.entities[e].kind, "concept");
    assert_eq!(app.model.mention_total(e), 1);
    assert_eq!(app.curation.history.unsaved(), 3);
}

#[test]
fn quitting_with_unsaved_edits_asks_and_w_saves_what_the_next_open_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(dir.path());
    run_script(&mut app, "D");
    assert!(!quits(&mut app, "q"), "the first q only asks");
    assert_eq!(
        message(&app),
        "1 change unsaved: :w saves, :q! quits without saving (q again quits too)"
    );
    run_script(&mut app, "j");
    assert!(!quits(&mut app, "q"), "asking again after another key");
    run_script(&mut app, ":w<ret>");
    let file = dir.path().join("article.entities.json");
    assert_eq!(message(&app), format!("saved to {}", file.display()));
    assert_eq!(app.curation.history.unsaved(), 0);
    assert!(
        !std::fs::read_to_string(&file)
            .expect("written")
            .contains("\"japan\"")
    );
    assert!(quits(&mut app, "q"), "nothing unsaved: q quits");
    // :q! quits without asking.
    let mut app2 = self::app(dir.path());
    assert!(quits(&mut app2, "D:q!<ret>"));
}

#[test]
fn a_source_that_cannot_be_saved_says_so_before_any_edit() {
    let loaded = crate::load::open_bundled().expect("bundled");
    let mut app = App::new(loaded, Rect::new(0, 0, 140, 40));
    let entities = app.model.entities.len();
    run_script(&mut app, "D");
    assert!(message(&app).starts_with("the bundled article has no file to save to"));
    assert_eq!(app.model.entities.len(), entities);
    run_script(&mut app, "V");
    assert!(app.curation.selection.is_none());
}

#[test]
fn words_keep_inner_hyphens_and_apostrophes_but_not_possessives() {
    let text = "Japan's Indo-Pacific O'Neill, U.S. (2024)";
    let found: Vec<&str> = words(text)
        .into_iter()
        .map(|r| {
            let chars: Vec<char> = text.chars().collect();
            let s: String = chars[r].iter().collect();
            Box::leak(s.into_boxed_str()) as &str
        })
        .collect();
    assert_eq!(
        found,
        ["Japan", "s", "Indo-Pacific", "O'Neill", "U.S", "2024"]
    );
}

#[test]
fn any_walk_of_curation_keys_keeps_every_pane_consistent() {
    // A deterministic pseudo-random walk over the reading and curating keys,
    // undoing and redoing along the way; ids must stay in range everywhere.
    let keys = [
        "j",
        "k",
        "n",
        "N",
        "]",
        "[",
        "<ret>",
        "<tab>",
        "<c-o>",
        "L",
        "D",
        "u",
        "<c-r>",
        "x",
        "Vl<ret>",
        "Vwe thing<ret>",
        "R<c-u>Renamed<ret>",
        "K<c-u>place<ret>",
        "=<tab><ret>",
        ":split <tab><ret>",
        "&",
        "c",
        "<esc>",
        "mA",
        "'A",
        "s",
        "f",
        "G",
        "g",
        "uuu",
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app(dir.path());
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut most = 0;
    for _ in 0..1500 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let key = keys[usize::try_from(seed % keys.len() as u64).unwrap_or(0)];
        run_script(&mut app, key);
        let model = &app.model;
        if let Some(e) = app.reader.entity {
            assert!(e.index() < model.entities.len(), "after {key}");
        }
        if let Some(c) = app.reader.cursor {
            assert!(c.index() < model.mentions().len(), "after {key}");
        }
        assert!(
            app.reader
                .list
                .order
                .iter()
                .all(|e| e.index() < model.entities.len())
        );
        assert!(app.reader.list.selected < app.reader.list.order.len().max(1));
        assert!(
            model.mentions().windows(2).all(|w| w[0] <= w[1]),
            "reading order"
        );
        for m in model.mentions().iter() {
            assert!(m.entity.index() < model.entities.len());
            assert!(m.end <= model.paragraph(m.paragraph).chars);
        }
        most = most.max(app.curation.history.unsaved());
    }
    assert!(most >= 5, "the walk edited: at most {most} unsaved");
    // Everything undone gives back the article as it was read.
    while app.curation.history.can_undo() {
        app.undo();
    }
    let fresh = crate::load::open_bundled().expect("bundled");
    assert_eq!(app.model.annotations(), fresh.model.annotations());
}

/// A save writes what the curator kept and saw: draft entities hidden as
/// unsure, or left with no mention, stay out, and the message says so.
#[test]
fn hidden_and_emptied_drafts_are_not_saved_and_the_message_says_so() {
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
    assert_eq!(app.reader.list.unsure, 1, "ZX81 is hidden");
    // Tokyo's one mention unlinked: a draft left with no mention.
    run_script(&mut app, "/tokyo<ret>x");
    assert!(
        message(&app).contains("no longer a mention of Tokyo"),
        "{}",
        message(&app)
    );
    run_script(&mut app, ":w<ret>");
    assert!(
        message(&app).ends_with(
            "notes.entities.json; 1 hidden low-confidence entity not saved (A lists them to review); \
             1 draft entity left with no mention not saved"
        ),
        "{}",
        message(&app)
    );
    let saved = std::fs::read_to_string(dir.path().join("notes.entities.json")).expect("saved");
    assert!(
        saved.contains("Ana Costa") && saved.contains("Japan"),
        "{saved}"
    );
    assert!(
        !saved.contains("ZX81") && !saved.contains("Tokyo"),
        "{saved}"
    );
    // Listed, the unsure one is seen, and saved.
    run_script(&mut app, "A:w!<ret>");
    let saved = std::fs::read_to_string(dir.path().join("notes.entities.json")).expect("saved");
    assert!(saved.contains("ZX81"), "{saved}");
}
