//! The annotation formats people already have: brat, doccano, Prodigy and
//! `CoNLL` in; brat, JSON, Graphviz and JSONL out.

use crate::common;
use common::{entscope, s, stderr, stdout, write};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use entscope::load::Request;
use entscope::model::Model;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn open(path: &Path) -> entscope::load::Loaded {
    entscope::load::read(&Request {
        files: vec![path.to_path_buf()],
        ..Request::default()
    })
    .unwrap_or_else(|e| panic!("{} loads: {e}", path.display()))
}

fn entity<'a>(
    model: &'a Model,
    name: &str,
) -> (entscope::model::EntityId, &'a entscope::model::Entity) {
    let found = model
        .entities
        .iter()
        .enumerate()
        .find(|(_, e)| e.name == name)
        .unwrap_or_else(|| {
            panic!(
                "{name} not among {:?}",
                model.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
            )
        });
    (entscope::model::EntityId(found.0), found.1)
}

fn relations(model: &Model) -> Vec<String> {
    model
        .relations
        .iter()
        .map(|r| {
            format!(
                "{} —{}→ {}",
                model.entities[r.source].name, r.label, model.entities[r.target].name
            )
        })
        .collect()
}

#[test]
fn brat_every_line_type_is_read() {
    let loaded = open(&fixture("brat/every-line-type.txt"));
    let m = &loaded.model;

    // T with a normalisation: grouped by its knowledge-base id.
    let (japan, e) = entity(m, "Japan");
    assert_eq!(e.id, "Wikipedia:15573");
    assert_eq!(e.kind, "Country");
    assert!(
        e.description.contains("Wikipedia:15573 Japan"),
        "{}",
        e.description
    );
    let first = m.mentions()[m.mentions_of(japan)[0]];
    assert_eq!(
        (first.paragraph, first.start, first.end),
        (0, 3, 8),
        "code points after an emoji flag"
    );

    // CRLF: offsets count the \r, and mentions on later lines land right.
    let (tokyo, _) = entity(m, "Tokyo");
    let t = m.mentions()[m.mentions_of(tokyo)[0]];
    assert_eq!((t.paragraph, m.mention_text(&t).as_str()), (1, "Tokyo"));

    // * equivalence joins Luxon and Christopher Luxon; # note in the details.
    let (_, luxon) = entity(m, "Luxon");
    assert_eq!(luxon.aliases, ["Christopher Luxon"]);
    assert!(
        luxon
            .description
            .contains("note: Prime Minister of New Zealand"),
        "{}",
        luxon.description
    );

    // Discontinuous fragments listed out of order: one mention per fragment.
    let (nzj, _) = entity(m, "New Zealand Japan");
    let texts: Vec<String> = m
        .mentions_of(nzj)
        .iter()
        .map(|&i| m.mention_text(&m.mention(i)))
        .collect();
    assert_eq!(texts, ["Japan", "New Zealand"]);

    // R with plain and with named roles; E with roles and a nested event.
    let rels = relations(m);
    for expected in [
        "Japan —Signatory→ agreement",
        "Tokyo —Located_in (Place → Country)→ Japan",
        "signed —Signing: Agent→ Japan",
        "signed —Signing: Theme→ agreement",
        "met —Meeting: Participant→ Luxon",
        "signed —Signing: Effect→ met",
    ] {
        assert!(
            rels.contains(&expected.to_string()),
            "{expected} in {rels:#?}"
        );
    }

    // A and M attributes, binary and valued, on events.
    let (_, met) = entity(m, "met");
    assert!(
        met.description.contains("Negated (E2)"),
        "{}",
        met.description
    );
    assert!(
        met.description.contains("Speculation (E2)"),
        "{}",
        met.description
    );
    let (_, signed) = entity(m, "signed");
    assert!(
        signed.description.contains("Confidence=High (E1)"),
        "{}",
        signed.description
    );

    // The unknown line is kept and reported with its line number.
    let warnings: Vec<String> = loaded
        .problems
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert!(
        warnings.iter().any(|w| w.ends_with("every-line-type.ann:23: warning: kept but not understood: X1 A line type no tool has heard of")),
        "{warnings:#?}"
    );

    // visual.conf colours and labels.
    let style = &m.kind_styles["Country"];
    assert_eq!(style.color, Some((0x7f, 0xa2, 0xff)));
    assert_eq!(style.label.as_deref(), Some("CTRY"));
}

#[test]
fn brat_round_trip_gives_back_the_same_annotations() {
    let dir = tempfile::tempdir().expect("dir");
    let source = fixture("brat/every-line-type.txt");
    let o = entscope(&[
        "export",
        s(&source),
        "--format",
        "brat",
        "--output",
        s(dir.path()),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("wrote 1 brat document to {}\n", s(dir.path()))
    );

    let text_in = std::fs::read(&source).expect("text");
    let text_out = std::fs::read(dir.path().join("every-line-type.txt")).expect("text written");
    assert_eq!(
        text_out, text_in,
        "the text, \\r\\n included, byte for byte"
    );
    let ann_in = std::fs::read_to_string(fixture("brat/every-line-type.ann")).expect("ann");
    let ann_out =
        std::fs::read_to_string(dir.path().join("every-line-type.ann")).expect("ann written");
    // Same ids, same order; only R1's optional trailing tab is not written.
    let normalise = |s: &str| {
        s.lines()
            .map(|l| l.trim_end_matches('\t').to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(normalise(&ann_out), normalise(&ann_in));

    let again = open(&dir.path().join("every-line-type.txt"));
    let before = open(&source);
    assert_eq!(again.model.mentions(), before.model.mentions());
    assert_eq!(again.model.entities, before.model.entities);
    assert_eq!(relations(&again.model), relations(&before.model));
}

#[test]
fn a_model_from_elsewhere_is_written_as_brat_and_reads_back_the_same() {
    let dir = tempfile::tempdir().expect("dir");
    let o = entscope(&["export", "--format", "brat", "--output", s(dir.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bundled = entscope::load::open_bundled().expect("bundled").model;
    let again = open(&dir.path().join("japan-nz-partnership.txt")).model;
    assert_eq!(again.mentions().len(), bundled.mentions().len());
    let mentioned = |m: &Model| {
        (0..m.entities.len())
            .filter(|&e| !m.mentions_of(entscope::model::EntityId(e)).is_empty())
            .count()
    };
    assert_eq!(
        mentioned(&again),
        mentioned(&bundled),
        "* sets keep each entity's mentions together"
    );
}

#[test]
fn brat_problems_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "doc.txt", "Japan and Tokyo.\n");
    let ann = write(
        dir.path(),
        "doc.ann",
        "T1\tCountry 0 5\tJapan\nT2\tCity 10 99\tTokyo\nT3\tCity 15 10\tx\nT1\tCity 10 15\tTokyo\nR1\tIn Arg1:T1 Arg2:T9\nT4\tCity 10 15\tOsaka\n",
    );
    let o = entscope(&["check", s(&ann)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let a = s(&ann);
    for line in [
        format!("{a}:4: duplicate id T1 (first on line 1)"),
        format!("{a}:2: T2: span 10..99 runs past the end of the text (17 characters)"),
        format!("{a}:3: T3: reversed or empty span 15..10"),
        format!("{a}:5: R1 refers to unknown id T9"),
        format!("{a}:6: warning: T4: the file says \"Osaka\" but the text has \"Tokyo\" there"),
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn an_annotation_file_without_its_text_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let ann = write(dir.path(), "lonely.ann", "T1\tCity 0 5\tTokyo\n");
    let o = entscope(&["entities", s(&ann)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}: no such file (the text of a brat document)\n",
            s(&dir.path().join("lonely.txt"))
        )
    );
}

#[test]
fn bionlp_a1_and_a2_files_are_read_together() {
    let dir = tempfile::tempdir().expect("dir");
    let txt = write(dir.path(), "pmid.txt", "IL-2 activates NF-kB.\n");
    write(
        dir.path(),
        "pmid.a1",
        "T1\tProtein 0 4\tIL-2\nT2\tProtein 15 20\tNF-kB\n",
    );
    write(
        dir.path(),
        "pmid.a2",
        "T3\tPositive_regulation 5 14\tactivates\nE1\tPositive_regulation:T3 Theme:T2 Cause:T1\n",
    );
    let m = open(&txt).model;
    assert_eq!(
        relations(&m),
        [
            "activates —Positive_regulation: Theme→ NF-kB",
            "activates —Positive_regulation: Cause→ IL-2"
        ]
    );
}

#[test]
fn a_brat_collection_of_three_hundred_documents_opens_quickly() {
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..300 {
        write(
            dir.path(),
            &format!("doc{i:03}.txt"),
            format!("Luxon met Kishida in Tokyo on day {i}.\n"),
        );
        write(
            dir.path(),
            &format!("doc{i:03}.ann"),
            "T1\tPerson 0 5\tLuxon\nT2\tPerson 10 17\tKishida\nT3\tCity 21 26\tTokyo\nR1\tMet Arg1:T1 Arg2:T2\n",
        );
    }
    let start = Instant::now();
    let o = entscope(&["entities", s(dir.path()), "--json"]);
    let took = start.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = crate::common::json_lines(&o.stdout);
    assert_eq!(
        rows.len(),
        3,
        "merged across the collection by type and text"
    );
    assert_eq!(rows[0]["mentions"], 300);
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn doccano_ner_and_relation_exports() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(
        dir.path(),
        "doccano.jsonl",
        concat!(
            r#"{"id": 7, "text": "Luxon visited Tokyo.", "label": [[0, 5, "PER"], [14, 19, "LOC"]], "annotator": "ana"}"#,
            "\n",
            r#"{"text": "Kishida hosted Luxon.", "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 7}, {"id": 2, "label": "PER", "start_offset": 15, "end_offset": 20}], "relations": [{"id": 3, "from_id": 1, "to_id": 2, "type": "hosted"}]}"#,
            "\n"
        ),
    );
    let m = open(&file).model;
    assert_eq!(m.document.parts.len(), 2);
    assert_eq!(relations(&m), ["Kishida —hosted→ Luxon"]);
    let (luxon, _) = entity(&m, "Luxon");
    assert_eq!(
        m.mentions_of(luxon).len(),
        2,
        "one Luxon across the two documents"
    );
    assert!(
        m.document.parts[0].title.contains("annotator=\"ana\""),
        "metadata kept: {}",
        m.document.parts[0].title
    );
}

#[test]
fn doccano_offsets_can_be_forced_and_bad_lines_are_located() {
    let dir = tempfile::tempdir().expect("dir");
    // In UTF-16 units Japan is at 5..10 after the flag; read as characters it is not.
    let file = write(
        dir.path(),
        "d.jsonl",
        r#"{"text": "🇯🇵 Japan", "label": [[5, 10, "GPE"]]}"#,
    );
    let o = entscope(&["entities", s(&file), "--offsets", "chars"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "entscope: {}:1: T1: span 5..10 is outside the text (8 characters; offsets read as characters)\n\
             entscope: read 1 of 1 document; 1 line skipped — see above\n",
            s(&file)
        )
    );
    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"text\": \"ok\", \"label\": []}\n{\"text\": oops}\n",
    );
    let o = entscope(&["check", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with(&format!("{}:2:10: invalid JSON: expected value", s(&bad))),
        "{}",
        stdout(&o)
    );
}

#[test]
fn prodigy_and_conll_files_open_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let prodigy = write(
        dir.path(),
        "p.jsonl",
        r#"{"text": "Luxon met Kishida.", "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_end": 0}, {"start": 10, "end": 17, "label": "PERSON", "token_end": 2}], "relations": [{"head": 0, "child": 2, "label": "MET"}], "answer": "accept"}"#,
    );
    let out = stdout(&entscope(&["show", "Luxon", s(&prodigy)]));
    assert!(out.contains("→ MET Kishida"), "{out}");

    let conll = write(dir.path(), "c.conll", "Luxon B-PER\nmet O\nKishida B-PER\n");
    let rows = crate::common::json_lines(entscope(&["entities", s(&conll), "--json"]).stdout);
    assert_eq!(rows.len(), 2);
    let forced = write(dir.path(), "tags.tsv", "Tokyo\tB-LOC\n");
    let rows = crate::common::json_lines(
        entscope(&["entities", s(&forced), "--format", "conll", "--json"]).stdout,
    );
    assert_eq!(rows[0]["kind"], "LOC");
}

#[test]
fn dot_and_jsonl_writers() {
    let source = fixture("brat/every-line-type.txt");
    let dot = stdout(&entscope(&["export", s(&source), "--format", "dot"]));
    assert!(dot.starts_with("digraph \"every-line-type\" {"), "{dot}");
    assert!(
        dot.contains("\"Wikipedia:15573\" [label=\"Japan\\nCountry · 1\", fillcolor=\"#7fa2ff\"];"),
        "{dot}"
    );
    assert!(
        dot.contains("-> \"Wikipedia:15573\" [label=\"Located_in (Place → Country)\"];"),
        "{dot}"
    );

    let jsonl = stdout(&entscope(&["export", s(&source), "--format", "jsonl"]));
    let text: Vec<char> = std::fs::read_to_string(&source)
        .expect("text")
        .chars()
        .collect();
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(!rows.is_empty());
    for row in &rows {
        let (start, end) = (
            row["start"].as_u64().expect("start") as usize,
            row["end"].as_u64().expect("end") as usize,
        );
        let slice: String = text[start..end].iter().collect();
        assert_eq!(
            row["text"], slice,
            "offsets are characters of the document: {row}"
        );
        assert_eq!(row["doc"], "every-line-type");
    }
}

#[test]
fn brat_export_needs_a_folder() {
    let o = entscope(&["export", "--format", "brat"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "entscope: brat export writes a .txt and a .ann per document: give a folder with --output DIR\n"
    );
}

/// Nested, overlapping, identical and discontinuous spans, as real brat
/// collections have them (the nested entities of biomedical sets, two types on one span).
const NESTED_TEXT: &str = "Ñew York City is big. Paris is old and Lyon is not.\n";
const NESTED_ANN: &str = "T1\tLocation 0 13\tÑew York City\n\
                          T2\tLocation 0 8\tÑew York\n\
                          T3\tLocation 22 27\tParis\n\
                          T4\tCity 22 27\tParis\n\
                          T5\tLocation 4 8;14 16\tYork is\n\
                          T6\tRegion 25 42\tis is old and Lyo\n\
                          T7\tCity 39 43\tLyon\n";

/// Every writer gives every nested or overlapping mention its own text.
#[test]
fn nested_overlapping_and_identical_spans_survive_every_writer() {
    let dir = tempfile::tempdir().expect("dir");
    let txt = write(dir.path(), "n.txt", NESTED_TEXT);
    write(dir.path(), "n.ann", NESTED_ANN);
    let chars: Vec<char> = NESTED_TEXT.chars().collect();

    let jsonl = entscope(&["export", s(&txt), "--format", "jsonl"]);
    assert!(jsonl.status.success(), "{}", stderr(&jsonl));
    let rows: Vec<serde_json::Value> = stdout(&jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    // Seven spans, one of them in two pieces.
    assert_eq!(rows.len(), 8, "{}", stdout(&jsonl));
    for row in &rows {
        let (start, end) = (
            row["start"].as_u64().expect("start") as usize,
            row["end"].as_u64().expect("end") as usize,
        );
        let slice: String = chars[start..end].iter().collect();
        assert!(!slice.is_empty());
        assert_eq!(row["text"], slice, "{row}");
    }

    let json = entscope(&["export", s(&txt), "--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let exported = write(dir.path(), "out/n.json", stdout(&json));
    let again = entscope(&["export", s(&exported), "--format", "jsonl"]);
    // (The native format keeps kinds in lower case.)
    assert_eq!(
        stdout(&again).replace("\"doc\":\"n\"", "").to_lowercase(),
        stdout(&jsonl).replace("\"doc\":\"n\"", "").to_lowercase(),
        "the JSON export reads back with the same mentions"
    );

    let dot = entscope(&["export", s(&txt), "--format", "dot"]);
    assert!(dot.status.success(), "{}", stderr(&dot));
    assert!(stdout(&dot).contains("\"City:paris\" [label=\"Paris\\nCity · 1\""));

    let out = dir.path().join("brat");
    let brat = entscope(&["export", s(&txt), "--format", "brat", "--output", s(&out)]);
    assert!(brat.status.success(), "{}", stderr(&brat));
    let ann = std::fs::read_to_string(out.join("n.ann")).expect("written");
    for line in NESTED_ANN.lines() {
        let (_, rest) = line.split_once('\t').expect("a T line");
        assert!(
            ann.lines()
                .any(|l| l.split_once('\t').map(|(_, r)| r) == Some(rest)),
            "{line:?} kept:\n{ann}"
        );
    }
}

/// What brat can hold goes into it (an entity's name where its span does
/// not write it, its description, a relation's notes, as `AnnotatorNotes`);
/// what it cannot is said, never dropped silently.
#[test]
fn brat_export_keeps_names_and_descriptions_as_notes_and_says_what_it_cannot_hold() {
    let dir = tempfile::tempdir().expect("dir");
    let text = write(
        dir.path(),
        "n.txt",
        "Kiwis love Aotearoa. Aotearoa loves them.\n",
    );
    write(
        dir.path(),
        "n.entities.json",
        r#"{"entities": [
            {"id": "nz", "name": "New Zealand", "kind": "country", "aliases": ["Aotearoa", "NZ"],
             "description": "An island nation."},
            {"id": "kiwis", "name": "Kiwis", "kind": "group"},
            {"id": "mars", "name": "Mars", "kind": "planet"}
        ],
        "relations": [
            {"source": "kiwis", "target": "nz", "label": "live in", "evidence": [1], "notes": ["said twice"]},
            {"source": "mars", "target": "nz", "label": "far from"}
        ]}"#,
    );
    let out = dir.path().join("brat");
    let o = entscope(&["export", s(&text), "--format", "brat", "--output", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ann = std::fs::read_to_string(out.join("n.ann")).expect("written");
    assert!(
        ann.contains("AnnotatorNotes T2\tNew Zealand — An island nation.\n"),
        "{ann}"
    );
    assert!(ann.contains("AnnotatorNotes R1\tsaid twice\n"), "{ann}");
    let err = stderr(&o);
    for line in [
        "entscope: not written, brat cannot hold it: 1 entity never mentioned (brat has no entity without a span)",
        "entscope: not written, brat cannot hold it: 1 relation whose ends are not both mentioned in one document",
        "entscope: not written, brat cannot hold it: aliases the text never writes (brat keeps only what spans write)",
        "entscope: not written, brat cannot hold it: relations' evidence paragraphs (brat joins the first mentions of each end)",
    ] {
        assert!(err.lines().any(|l| l == line), "{line:?} in:\n{err}");
    }
    // Read back, the description is in the details.
    let shown = stdout(&entscope(&["show", "Aotearoa", s(&out.join("n.txt"))]));
    assert!(
        shown.contains("note: New Zealand — An island nation."),
        "{shown}"
    );
}
