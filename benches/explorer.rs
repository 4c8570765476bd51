//! How entscope scales to a book: loading and linking a 5 MB document, and
//! the cost of one keypress (update and redraw) on it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use entscope::app::geometry::Rect;
use entscope::app::script::run_script;
use entscope::app::{Action, App};
use entscope::formats::native;
use entscope::formats::text;
use entscope::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The bundled article repeated to at least 5 MB.
fn big_text() -> String {
    let mut text = String::new();
    while text.len() < 5_000_000 {
        text.push_str(entscope::load::BUNDLED_TEXT);
        text.push_str("\n\n");
    }
    text
}

fn load(text: &str) -> entscope::load::Loaded {
    let document = text::parse(text, "big");
    let catalog =
        native::parse("catalog", entscope::load::BUNDLED_CATALOG).expect("catalog parses");
    let mut catalog = catalog;
    // The explicit spans and furniture name paragraphs of the single article.
    catalog.mentions.clear();
    catalog.document = None;
    entscope::load::Loaded::of(
        native::resolve_with_catalog(document, "catalog", &catalog, &entscope::link::link)
            .expect("loads"),
        "big.txt",
    )
}

/// The article's catalog and 10,000 more entities.
fn big_catalog() -> native::NativeFile {
    let mut big_catalog =
        native::parse("catalog", entscope::load::BUNDLED_CATALOG).expect("catalog parses");
    big_catalog.mentions.clear();
    big_catalog.document = None;
    for i in 0..10_000 {
        big_catalog.entities.push(native::EntityJson {
            id: format!("e{i}"),
            name: format!("Zorblax Quill {i}"),
            kind: "other".into(),
            aliases: vec![format!("ZQ{i}")],
            ..native::EntityJson::default()
        });
    }
    big_catalog
}

/// Curating with 10,034 entities: every edit rebuilds the finder's names.
fn curating(c: &mut Criterion, text: &str, big_catalog: &native::NativeFile) {
    let document = text::parse(text, "big");
    let mut big = App::new(
        entscope::load::Loaded::of(
            native::resolve_with_catalog(document, "catalog", big_catalog, &entscope::link::link)
                .expect("loads"),
            "big.txt",
        ),
        Rect::new(0, 0, 160, 48),
    );
    big.curation.target =
        entscope::save::Target::Catalog(entscope::save::Stamped::now(std::env::temp_dir().join(
            format!("entscope-bench-{}/big.entities.json", std::process::id()),
        )));
    let mut big_terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    c.bench_function(
        "K place Enter, then u, with 10,034 entities on 5 MB + redraw",
        |b| {
            b.iter(|| {
                run_script(&mut big, "/china<ret>K<c-u>place<ret>u");
                big_terminal.draw(|f| ui::draw(f, &big)).expect("draw");
            });
        },
    );
}

fn benches(c: &mut Criterion) {
    let text = big_text();
    let loaded = load(&text);
    eprintln!(
        "document: {} bytes, {} paragraphs, {} mentions",
        text.len(),
        loaded.model.paragraph_count(),
        loaded.model.mention_count()
    );

    let big_catalog = big_catalog();
    loading(c, &text, &big_catalog);
    curating(c, &text, &big_catalog);
    keypresses(c, loaded);
}

/// Linking and discovery over 5 MB.
fn loading(c: &mut Criterion, text: &str, big_catalog: &native::NativeFile) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("link 5 MB with the article's catalog", |b| {
        b.iter(|| load(black_box(text)));
    });
    // 10,000 more entities: the cost should follow the text, not text × catalog.
    group.bench_function("link 5 MB with a 10,034-entity catalog", |b| {
        b.iter(|| {
            let document = text::parse(black_box(text), "big");
            entscope::load::Loaded::of(
                native::resolve_with_catalog(
                    document,
                    "catalog",
                    big_catalog,
                    &entscope::link::link,
                )
                .expect("loads"),
                "big.txt",
            )
        });
    });
    group.bench_function("discover entities in 5 MB (no catalog)", |b| {
        b.iter(|| {
            let document = text::parse(black_box(text), "big");
            entscope::link::discover::discover(&document)
        });
    });
    group.finish();
}

/// Keypresses and a resize, each with a redraw, on the 7 KB article and on
/// the 5 MB document.
fn keypresses(c: &mut Criterion, loaded: entscope::load::Loaded) {
    // The same keypress on the 7 KB article, for comparison: a keypress
    // should cost the same whatever the document's size.
    let mut small = App::new(
        entscope::load::open_bundled().expect("bundled"),
        Rect::new(0, 0, 160, 48),
    );
    let mut small_terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    c.bench_function("keypress j on the 7 KB article + redraw", |b| {
        b.iter(|| {
            run_script(&mut small, "j");
            small_terminal.draw(|f| ui::draw(f, &small)).expect("draw");
        });
    });

    let mut app = App::new(loaded, Rect::new(0, 0, 160, 48));
    // Curated edits are saved beside the text (never, here: nothing is written).
    let dir = std::env::temp_dir().join(format!("entscope-bench-{}", std::process::id()));
    app.curation.target = entscope::save::Target::Catalog(entscope::save::Stamped::now(
        dir.join("big.entities.json"),
    ));
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let mut key = |name: &str, script: &str, c: &mut Criterion| {
        c.bench_function(&format!("keypress {name} + redraw"), |b| {
            b.iter(|| {
                run_script(&mut app, script);
                terminal.draw(|f| ui::draw(f, &app)).expect("draw");
            });
        });
    };
    key("n (next mention of Japan)", "n", c);
    key("] (next mention of any entity)", "]", c);
    key("j (scroll a line)", "j", c);
    key("PgDn", "<pgdn>", c);
    key("G then g", "Gg", c);
    key("/ja<esc> (finder)", "/ja<esc>", c);
    key("Tab j (entity list)", "<tab>j<s-tab>", c);
    // Each key in the finder searches the whole 5 MB text for its preview.
    key(
        "/ + 8 letters + Esc (entities and text searched at each letter)",
        "/surveill<esc>",
        c,
    );
    // An edit re-indexes the model; undo replays the history from the start.
    key(
        "K place Enter, then u (an edit and its undo)",
        "/china<ret>K<c-u>place<ret>u",
        c,
    );
    c.bench_function("resize (re-wrap what is visible) + redraw", |b| {
        let mut wide = true;
        b.iter(|| {
            wide = !wide;
            let width = if wide { 160 } else { 120 };
            app.update(Action::Resize { width, height: 48 });
            terminal.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    });
}

criterion_group!(explorer, benches);
criterion_main!(explorer);
