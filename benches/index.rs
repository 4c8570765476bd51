//! The explorer over an on-disk index: opening it, and one key (update and
//! redraw) at 160×48, reading only what the screen shows.
//!
//! `ENTSCOPE_BENCH_INDEX=PATH cargo bench --bench index` measures an index
//! built with `entscope index` (the README's 1 GB corpus, say). Without it,
//! an index of 300 generated documents is built in the target folder.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use entscope::app::App;
use entscope::app::geometry::Rect;
use entscope::app::script::run_script;
use entscope::formats;
use entscope::load::Request;
use entscope::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The index to measure: the one named, or a small one made here.
fn index() -> PathBuf {
    if let Some(path) = std::env::var_os("ENTSCOPE_BENCH_INDEX") {
        return PathBuf::from(path);
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-index");
    let texts = dir.join("texts");
    std::fs::create_dir_all(&texts).expect("folder");
    let article = entscope::load::BUNDLED_TEXT;
    for i in 0..300 {
        std::fs::write(texts.join(format!("doc{i:03}.txt")), article).expect("write");
    }
    let catalog = dir.join("cat.entities.json");
    let mut native =
        formats::native::parse("catalog", entscope::load::BUNDLED_CATALOG).expect("catalog");
    native.mentions.clear();
    native.document = None;
    std::fs::write(&catalog, serde_json::to_string(&native).expect("json")).expect("write");
    let out = dir.join("bench.entscope-index");
    let request = Request {
        files: vec![texts],
        catalog: Some(catalog),
        ..Request::default()
    };
    entscope::load::index::update(&request, &out, false).expect("index");
    out
}

fn benches(c: &mut Criterion) {
    let path = index();
    let open = || entscope::load::index::open_lazy(&path, "corpus").expect("opens");
    let loaded = open();
    eprintln!(
        "index: {} documents, {} paragraphs, {} mentions, {} entities",
        loaded.model.document.parts.len(),
        loaded.model.paragraph_count(),
        loaded.model.mention_count(),
        loaded.model.entities.len()
    );
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("open and draw the first frame", |b| {
        b.iter(|| {
            let mut app = App::new(open(), Rect::new(0, 0, 160, 48));
            let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
            terminal.draw(|f| ui::draw(f, &app)).expect("draw");
            run_script(&mut app, "q");
        });
    });
    group.finish();

    let mut app = App::new(loaded, Rect::new(0, 0, 160, 48));
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal.draw(|f| ui::draw(f, &app)).expect("draw");
    // Making an entity current fetches its mentions: once per entity, so
    // timed once, cold, for the most mentioned ones (the costliest).
    let mut list = App::new(open(), Rect::new(0, 0, 160, 48));
    run_script(&mut list, "<tab>");
    for _ in 0..5 {
        let started = std::time::Instant::now();
        run_script(&mut list, "j");
        terminal.draw(|f| ui::draw(f, &list)).expect("draw");
        let entity = list
            .reader
            .entity
            .map(|e| list.model.entities[e].name.clone());
        eprintln!(
            "a new current entity, cold: {:?} ({} mentions) in {:.1} ms",
            entity.unwrap_or_default(),
            list.reader
                .entity
                .map_or(0, |e| list.model.mention_total(e)),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    let mut group = c.benchmark_group("key to frame over the index");
    for (name, keys) in [
        ("j", "j"),
        ("PgDn", "<pgdn>"),
        ("n", "n"),
        ("]", "]"),
        ("G then g", "Gg"),
        ("} (next document)", "}"),
        ("finder keystroke", "/tok<esc>"),
        // The entity list sorted again (by name, appearance, count), in memory.
        ("s s s (three sorts of the entity list)", "sss"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                run_script(&mut app, black_box(keys));
                terminal.draw(|f| ui::draw(f, &app)).expect("draw");
            });
        });
    }
    group.finish();
}

criterion_group!(index_benches, benches);
criterion_main!(index_benches);
