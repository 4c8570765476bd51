//! entscope at realistic scale, in process: a 5 MB text with a catalog of
//! 10,000 entities and about 31,000 names (the shape of
//! `../shared/bench/gen_corpus.py`'s, generated here so the bench needs
//! nothing else), and fuzzy search over 100,000 names. `benches/compare.sh`
//! runs the whole programs side by side with the reference programs.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use entscope::app::App;
use entscope::app::geometry::Rect;
use entscope::formats::native;
use entscope::formats::native::{EntityJson, NativeFile};
use entscope::formats::text;
use entscope::model::{Document, Entity, EntityId, Model};
use entscope::query::names::EntitySearch;
use entscope::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A small deterministic generator (a linear congruential one).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "to", "ri", "na", "wel", "ling", "ton", "zea", "land", "pa", "ci", "fic", "mar", "sho",
    "gra", "ind", "by", "os", "ter", "ven", "lu", "xon", "shi", "da", "ber", "go",
];
const HEADS: &[&str] = &[
    "Council",
    "Party",
    "Union",
    "Bank",
    "Forum",
    "Agreement",
    "Strait",
];
const WORDS: &[&str] = &[
    "the",
    "talks",
    "between",
    "and",
    "signed",
    "a",
    "security",
    "partnership",
    "with",
    "officials",
    "said",
    "on",
    "Tuesday",
    "that",
    "trade",
    "would",
    "grow",
    "in",
    "region",
];

fn word(rng: &mut Lcg) -> String {
    let n = 2 + rng.next() % 2;
    let mut w: String = (0..n).map(|_| rng.pick(SYLLABLES)).collect();
    w[..1].make_ascii_uppercase();
    w
}

/// 10,000 entities with about 31,000 names: a name, its short form, an
/// upper-case acronym and sometimes a form with a head word.
fn catalog(rng: &mut Lcg) -> NativeFile {
    let entities = (0..10_000u32)
        .map(|i| {
            let (a, b) = (word(rng), word(rng));
            let name = format!("{a} {b}");
            let mut aliases = vec![b.clone(), format!("{}{}", &a[..1], &b[..1]).to_uppercase()];
            if i.is_multiple_of(10) {
                aliases.push(format!("{name} {}", rng.pick(HEADS)));
            }
            EntityJson {
                id: format!("E{i:05}"),
                name,
                kind: "other".into(),
                aliases,
                ..EntityJson::default()
            }
        })
        .collect();
    NativeFile {
        entities,
        ..NativeFile::default()
    }
}

/// About 5 MB of sentences, one name in every few words.
fn corpus(rng: &mut Lcg, catalog: &NativeFile) -> String {
    let mut text = String::with_capacity(5_100_000);
    while text.len() < 5_000_000 {
        for _ in 0..(3 + rng.next() % 5) {
            for k in 0..(12 + rng.next() % 12) {
                if k > 0 {
                    text.push(' ');
                }
                if rng.next().is_multiple_of(5) {
                    let e = &catalog.entities[(rng.next() as usize) % catalog.entities.len()];
                    let names: Vec<&str> = std::iter::once(e.name.as_str())
                        .chain(e.aliases.iter().map(String::as_str))
                        .collect();
                    text.push_str(rng.pick(&names));
                } else {
                    text.push_str(rng.pick(WORDS));
                }
            }
            text.push_str(". ");
        }
        text.push_str("\n\n");
    }
    text
}

/// A model of 100,000 entities with one name each, and no text: the names
/// of `../shared/bench/gen_corpus.py` when `benches/compare.sh` has made
/// them (`target/bench-data/names.txt`), else made up here.
fn hundred_thousand_names(rng: &mut Lcg) -> Model {
    let shared = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench-data/names.txt"
    ))
    .ok();
    let mut lines = shared.iter().flat_map(|t| t.lines());
    let entities = (0..100_000)
        .map(|i| Entity {
            id: format!("N{i:06}"),
            name: lines
                .next()
                .map_or_else(|| format!("{} {}", word(rng), word(rng)), str::to_string),
            kind: "other".into(),
            aliases: Vec::new(),
            description: String::new(),
            confidence: None,
        })
        .collect();
    Model::new(Document::default(), entities, Vec::new(), Vec::new())
}

fn benches(c: &mut Criterion) {
    let mut rng = Lcg(42);
    let catalog = catalog(&mut rng);
    let text = corpus(&mut rng, &catalog);
    let load = || {
        let document = text::parse(black_box(&text), "book");
        entscope::load::Loaded::of(
            native::resolve_with_catalog(document, "catalog", &catalog, &entscope::link::link)
                .expect("loads"),
            "book.txt",
        )
    };
    let loaded = load();
    eprintln!(
        "corpus: {} bytes, {} paragraphs, {} entities, {} mentions",
        text.len(),
        loaded.model.paragraph_count(),
        loaded.model.entities.len(),
        loaded.model.mention_count()
    );

    let mut group = c.benchmark_group("5 MB with a 10k-entity catalog");
    group.sample_size(10);
    group.bench_function("read paragraphs, build the automaton, link", |b| {
        b.iter(load);
    });
    group.bench_function("first frame of the explorer (after loading)", |b| {
        b.iter(|| {
            let app = App::new(loaded.clone(), Rect::new(0, 0, 160, 48));
            let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
            terminal.draw(|f| ui::draw(f, &app)).expect("draw");
        });
    });
    group.finish();
    co_mentions(c, &loaded.model);
    finder(c, &mut rng);
}

/// Co-mentions of the busiest entity, counted on a model that has counted none.
fn co_mentions(c: &mut Criterion, model: &Model) {
    let busiest = (0..model.entities.len())
        .map(EntityId)
        .max_by_key(|&e| model.mentions_of(e).len())
        .unwrap_or_default();
    c.bench_function("co-mentions of the most mentioned entity, on demand", |b| {
        // Counted afresh each time: a model with nothing counted yet.
        b.iter_batched(
            || {
                let document = entscope::model::Document {
                    title: model.document.title.clone(),
                    source: model.document.source.clone(),
                    paragraphs: model.text().to_vec(),
                    parts: model.document.parts.clone(),
                };
                Model::new(
                    document,
                    model.entities.clone(),
                    model.mentions().to_vec(),
                    Vec::new(),
                )
            },
            |fresh| black_box(fresh.co_mentioned(busiest).len()),
            criterion::BatchSize::LargeInput,
        );
    });
}

/// The finder's keystrokes over 100,000 names.
fn finder(c: &mut Criterion, rng: &mut Lcg) {
    let names = hundred_thousand_names(rng);
    let search = EntitySearch::new(&names);
    let mut group = c.benchmark_group("finder over 100k entities");
    // Each keystroke as the finder makes it: the query before it was the
    // last one searched.
    let mut keystroke = |name: &str, before: &'static str, after: &'static str| {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    search.search(before, 50);
                },
                |()| search.search(black_box(after), 50),
                criterion::BatchSize::SmallInput,
            );
        });
    };
    keystroke("first keystroke ('' to 'n')", "", "n");
    keystroke("second keystroke ('n' to 'ne')", "n", "ne");
    keystroke("third keystroke ('ne' to 'new')", "ne", "new");
    keystroke("a second term ('new' to 'new z')", "new", "new z");
    keystroke(
        "seventh keystroke ('new ze' to 'new zea')",
        "new ze",
        "new zea",
    );
    keystroke("first keystroke ('' to 'k')", "", "k");
    keystroke("second keystroke ('k' to 'ka')", "k", "ka");
    group.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
