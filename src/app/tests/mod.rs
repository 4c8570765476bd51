mod corpus;
mod mentions;
mod panes;
mod search;

use super::*;
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
