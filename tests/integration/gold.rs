//! Discovery scored against texts annotated by hand (`eval/gold/`): news in
//! English and Spanish, a README with a changelog, a scientific abstract
//! and a chapter of a public-domain novel. Each `NAME.gold.tsv` lists the
//! entities a careful reader marks (kind, name, the other names the text
//! uses).
//!
//! An entity found counts as right when one of its names equals one of a
//! gold entity's (case and spacing aside) or overlaps it tightly: the
//! shorter is a run of the longer's words and has at least two thirds of
//! them ("El Consejo de Ministros" for "Consejo de Ministros", not "London
//! School of Hygiene" for the whole school). Scored are the entities the
//! explorer lists by default (confidence 50% or more). Kinds are compared
//! on persons, places and organisations, the fine kinds folded into those
//! three (a city is a place, an alliance an organisation).
//!
//! A second set (`eval/heldout/`, eight genres) was annotated before the
//! rules it measures were written and is not read while writing them: its
//! rows are printed, what it missed and mistook is not (set
//! `ENTSCOPE_GOLD_DETAILS=1` to see them, at the cost of its being held out).
//! spaCy's small English model is scored beside entscope with the same
//! scorer, from its entities saved by `eval/peers/spacy_entities.py`.
//!
//! `cargo test --test integration gold -- --nocapture` prints the tables.

use entscope::link::discover::LOW_CONFIDENCE;
use entscope::load::ReadOptions;
use entscope::load::file::open_path;

const TEXTS: &[&str] = &[
    "news-en.txt",
    "news-es.txt",
    "readme.md",
    "abstract.txt",
    "verne-chapter-1.txt",
];

/// The held-out set, one text per genre.
const HELD_OUT: &[&str] = &[
    "interview.txt",
    "travel-guide.md",
    "speech.txt",
    "textbook.md",
    "biography.txt",
    "howto.md",
    "transcript.txt",
    "academic.txt",
];

struct Gold {
    kind: String,
    names: Vec<String>,
}

fn fold(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Equal, or one a run of the other's words with two thirds of them.
fn tight(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let inside = long.windows(short.len()).any(|w| w == short.as_slice());
    inside && short.len() * 3 >= long.len() * 2
}

/// The three kinds scored, or none.
fn coarse(kind: &str) -> Option<&'static str> {
    match kind {
        "person" => Some("person"),
        "place" | "country" | "city" | "region" | "sea" | "ocean" | "island" | "river"
        | "street" | "building" | "continent" | "facility" => Some("place"),
        "organisation" | "organization" | "alliance" | "company" | "university" | "institution"
        | "party" | "agency" | "court" | "club" | "bank" => Some("organisation"),
        _ => None,
    }
}

fn gold(folder: &str, name: &str) -> Vec<Gold> {
    let path = format!("{}/eval/{folder}/{name}", env!("CARGO_MANIFEST_DIR"));
    let tsv = std::fs::read_to_string(path).expect("gold file");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let kind = cols.next().unwrap_or("").to_string();
            let mut names = vec![cols.next().unwrap_or("").to_string()];
            names.extend(
                cols.next()
                    .unwrap_or("")
                    .split('|')
                    .filter(|a| !a.trim().is_empty())
                    .map(str::to_string),
            );
            Gold { kind, names }
        })
        .collect()
}

#[derive(Default)]
struct Score {
    gold: usize,
    found: usize,
    right: usize,
    recalled: usize,
    /// Gold persons, places and organisations found, and how many of
    /// them have the right kind.
    kinds: usize,
    kinds_right: usize,
    /// Gold persons, places and organisations, found or not.
    typed_of: usize,
    misses: Vec<String>,
    wrong: Vec<String>,
    kind_errors: Vec<String>,
}

fn stem(text: &str) -> &str {
    text.rsplit_once('.').map_or(text, |(stem, _)| stem)
}

fn score(folder: &str, text: &str) -> Score {
    let golds = gold(folder, &format!("{}.gold.tsv", stem(text)));
    let path = std::path::PathBuf::from(format!(
        "{}/eval/{folder}/{text}",
        env!("CARGO_MANIFEST_DIR")
    ));
    let loaded = open_path(&path, ReadOptions::default()).expect("the text opens");
    score_entities(&golds, &loaded.model.entities)
}

/// spaCy's entities for a text (`eval/peers/spacy-sm/`), as entities of
/// one name each, scored alike.
fn score_spacy(folder: &str, text: &str) -> Score {
    let golds = gold(folder, &format!("{}.gold.tsv", stem(text)));
    let path = format!(
        "{}/eval/peers/spacy-sm/{folder}/{}.tsv",
        env!("CARGO_MANIFEST_DIR"),
        stem(text)
    );
    let tsv = std::fs::read_to_string(path).expect("spaCy's entities");
    let entities: Vec<entscope::model::Entity> = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(kind, name)| entscope::model::Entity {
            id: entscope::model::slug(name),
            name: name.to_string(),
            kind: kind.to_string(),
            aliases: Vec::new(),
            description: String::new(),
            confidence: None,
        })
        .collect();
    score_entities(&golds, &entities)
}

/// The bundled article, whose curated catalog was made before these rules
/// and was not used to write them: a held-out check.
fn score_bundled() -> Score {
    let catalog: serde_json::Value =
        serde_json::from_str(entscope::load::BUNDLED_CATALOG).expect("catalog");
    let golds: Vec<Gold> = catalog["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| {
            let mut names = vec![e["name"].as_str().unwrap_or("").to_string()];
            names.extend(
                e["aliases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str().map(str::to_string)),
            );
            Gold {
                kind: e["kind"].as_str().unwrap_or("other").to_string(),
                names,
            }
        })
        .collect();
    let document = entscope::formats::text::parse(entscope::load::BUNDLED_TEXT, "article");
    let entities = entscope::link::discover::discover(&document);
    // As the explorer shows them: the names the text mentions.
    let linker = entscope::link::Linker::new(&entities);
    let mentions = linker.link_document(&document.paragraphs, &[]);
    let mentioned: Vec<entscope::model::Entity> = entities
        .into_iter()
        .enumerate()
        .filter(|(i, _)| mentions.iter().any(|m| m.entity.index() == *i))
        .map(|(_, e)| e)
        .collect();
    score_entities(&golds, &mentioned)
}

fn score_entities(golds: &[Gold], entities: &[entscope::model::Entity]) -> Score {
    let listed: Vec<&entscope::model::Entity> = entities
        .iter()
        .filter(|e| e.confidence.is_none_or(|c| c >= LOW_CONFIDENCE))
        .collect();
    let matches = |e: &entscope::model::Entity, g: &Gold| {
        e.names().any(|n| g.names.iter().any(|m| tight(n, m)))
    };
    let mut s = Score {
        gold: golds.len(),
        found: listed.len(),
        ..Score::default()
    };
    for e in &listed {
        if golds.iter().any(|g| matches(e, g)) {
            s.right += 1;
        } else {
            s.wrong.push(e.name.clone());
        }
    }
    for g in golds {
        let found: Vec<&&entscope::model::Entity> =
            listed.iter().filter(|e| matches(e, g)).collect();
        if found.is_empty() {
            s.typed_of += usize::from(coarse(&g.kind).is_some());
            s.misses.push(g.names[0].clone());
            continue;
        }
        s.typed_of += usize::from(coarse(&g.kind).is_some());
        s.recalled += 1;
        if let Some(want) = coarse(&g.kind) {
            s.kinds += 1;
            if found.iter().any(|e| coarse(&e.kind) == Some(want)) {
                s.kinds_right += 1;
            } else {
                s.kind_errors
                    .push(format!("{} ({}, not {want})", g.names[0], found[0].kind));
            }
        }
    }
    s
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

impl Score {
    fn recall(&self) -> f64 {
        percent(self.recalled, self.gold)
    }

    fn precision(&self) -> f64 {
        percent(self.right, self.found)
    }

    fn kind_accuracy(&self) -> f64 {
        percent(self.kinds_right, self.kinds)
    }

    /// The right kind, of all gold persons, places and organisations
    /// (those missed count as untyped).
    fn typed(&self) -> f64 {
        percent(self.kinds_right, self.typed_of)
    }

    /// Its row of the table, and what it missed and mistook on stderr.
    fn report(&self, label: &str) {
        self.row(label);
        self.details(label);
    }

    fn row(&self, label: &str) {
        println!(
            "| {label} | {} | {} | {:.1} % | {:.1} % | {:.1} % | {:.1} % |",
            self.gold,
            self.found,
            self.recall(),
            self.precision(),
            self.kind_accuracy(),
            self.typed()
        );
    }

    fn details(&self, label: &str) {
        eprintln!("{label}: missed {:?}", self.misses);
        eprintln!("{label}: not in the gold {:?}", self.wrong);
        eprintln!("{label}: wrong kind {:?}", self.kind_errors);
    }

    fn add(&mut self, s: &Score) {
        self.gold += s.gold;
        self.found += s.found;
        self.right += s.right;
        self.recalled += s.recalled;
        self.kinds += s.kinds;
        self.kinds_right += s.kinds_right;
        self.typed_of += s.typed_of;
    }
}

const HEADER: &str = "| text | gold | found | recall | precision | kind of those found | typed of all gold |\n|---|---:|---:|---:|---:|---:|---:|";

#[test]
fn discovery_on_the_gold_texts_meets_its_targets() {
    let mut total = Score::default();
    let mut spacy = Score::default();
    println!("{HEADER}");
    for text in TEXTS {
        let s = score("gold", text);
        s.report(text);
        total.add(&s);
        spacy.add(&score_spacy("gold", text));
    }
    total.report("all");
    spacy.row("spaCy en_core_web_sm, all");
    score_bundled().report("held out: the bundled article");
    let (recall, precision, kinds) = (total.recall(), total.precision(), total.kind_accuracy());
    assert!(total.gold >= 150, "at least 150 gold entities");
    assert!(recall >= 95.0, "recall {recall:.1} %");
    assert!(precision >= 95.0, "precision {precision:.1} %");
    assert!(kinds >= 85.0, "kind accuracy {kinds:.1} %");
}

/// Texts written to show the classes of error (`eval/dev/`), read freely.
const DEV: &[&str] = &["washington.txt"];

#[test]
fn discovery_on_the_development_texts() {
    println!("{HEADER}");
    let mut total = Score::default();
    for text in DEV {
        let s = score("dev", text);
        s.report(text);
        total.add(&s);
    }
    total.row("all");
    assert!(total.recall() >= 95.0 && total.precision() >= 95.0 && total.typed() >= 80.0);
}

/// The held-out set: its rows beside spaCy's, per genre and pooled.
#[test]
fn discovery_on_the_held_out_genres() {
    let details = std::env::var_os("ENTSCOPE_GOLD_DETAILS").is_some();
    let (mut total, mut spacy) = (Score::default(), Score::default());
    println!("{HEADER}");
    for text in HELD_OUT {
        let (s, peer) = (score("heldout", text), score_spacy("heldout", text));
        s.row(text);
        peer.row(&format!("spaCy, {text}"));
        if details {
            s.details(text);
        }
        total.add(&s);
        spacy.add(&peer);
    }
    total.row("all eight");
    spacy.row("spaCy en_core_web_sm, all eight");
    assert!(total.gold >= 300, "at least 300 held-out names");
    // Floors under what discovery reaches (94.6 / 90.3 / 69.3), and ahead
    // of spaCy's small model on all three.
    assert!(total.recall() >= 92.0, "recall {:.1} %", total.recall());
    assert!(
        total.precision() >= 88.0,
        "precision {:.1} %",
        total.precision()
    );
    assert!(total.recall() > spacy.recall() && total.precision() > spacy.precision());
    assert!(
        total.typed() > spacy.typed(),
        "typed {:.1} %",
        total.typed()
    );
}

#[test]
fn tight_overlap_takes_a_word_of_difference_not_half_a_name() {
    assert!(tight("El Consejo de Ministros", "Consejo de Ministros"));
    assert!(tight("SUVA", "Suva"));
    assert!(!tight(
        "London School of Hygiene",
        "London School of Hygiene and Tropical Medicine"
    ));
    assert!(!tight("Yann Collet for LZ4", "Yann Collet"));
    assert!(!tight("Central Pacific", "Western and Central Pacific"));
}
