//! A corpus of several documents, Markdown sections and a book-length
//! paragraph.

use super::corpus;
use crate::app::script::run_script;
use crate::app::*;

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
