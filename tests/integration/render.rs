//! Drawing into ratatui's `TestBackend` after scripted keys, and reading the
//! screen back.

use entscope::app::geometry::Rect;
use entscope::app::script::run_script;
use entscope::app::{Action, App};
use entscope::load::Request;
use entscope::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn bundled(width: u16, height: u16) -> App {
    let loaded = entscope::load::open_bundled().expect("bundled article loads");
    let mut app = App::new(loaded, Rect::new(0, 0, width, height));
    app.settings.color = false;
    app
}

fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.screen.width, app.screen.height))
        .expect("test terminal");
    terminal.draw(|frame| ui::draw(frame, app)).expect("draws");
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces trimmed.
fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where `needle` first appears on screen, as (column, row).
fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        for x in 0..row.len() {
            let mut candidate = String::new();
            for s in &row[x..] {
                candidate.push_str(s);
                if candidate.len() >= needle.len() {
                    break;
                }
            }
            if candidate == needle {
                return Some((x as u16, y));
            }
        }
    }
    None
}

#[test]
fn opening_screen_at_80x24() {
    let app = bundled(80, 24);
    insta::assert_snapshot!("opening_80x24", text(&draw(&app)));
}

#[test]
fn opening_screen_wide_has_three_panes_side_by_side() {
    let app = bundled(150, 40);
    let screen = text(&draw(&app));
    let first = screen.lines().next().expect("a first line");
    assert!(first.contains("japan-nz-partnership.txt"), "{first}");
    assert!(first.contains("Entities 34"), "{first}");
    assert!(first.contains("Details"), "{first}");
    // It opens past the "Use + Remix" button, at the text; the caption
    // that follows is marked as furniture.
    assert!(!screen.contains("Use + Remix"), "{screen}");
    assert!(screen.contains("page furniture, photo caption"), "{screen}");
    assert!(
        screen
            .lines()
            .last()
            .expect("status")
            .contains("Japan (country) · 14 mentions"),
        "{screen}"
    );
}

#[test]
fn after_finding_luxon_the_details_show_his_relations_both_ways() {
    let mut app = bundled(120, 40);
    run_script(&mut app, "/luxn<ret>n");
    let buffer = draw(&app);
    let screen = text(&buffer);
    insta::assert_snapshot!("luxon_second_mention_120x40", screen);
    assert!(
        screen.contains("→ prime minister of New Zealand"),
        "{screen}"
    );
    assert!(screen.contains("→ met Fumio Kishida ¶6"), "{screen}");
    assert!(
        screen.contains("Christopher Luxon (person) · mention 2 of 3"),
        "{screen}"
    );
}

#[test]
fn the_cursor_mention_is_marked_and_styled_apart_from_other_mentions() {
    let mut app = bundled(120, 40);
    run_script(&mut app, "/luxon<ret>");
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Christopher Luxon’s visit").expect("mention on screen");
    let cursor = buffer[(x, y)].modifier;
    assert!(
        cursor.contains(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        "{cursor:?}"
    );
    let row: String = (0..x)
        .map(|c| buffer[(c, y)].symbol().to_string())
        .collect();
    assert!(row.contains('▶'), "gutter marks the cursor row: {row}");
    // Another mention of the same entity: emphasised but not the cursor.
    run_script(&mut app, "n");
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Christopher Luxon’s visit").expect("still on screen");
    let other = buffer[(x, y)].modifier;
    assert!(
        other.contains(Modifier::REVERSED)
            && !other.contains(Modifier::UNDERLINED | Modifier::BOLD),
        "{other:?}"
    );
}

#[test]
fn without_colour_kinds_differ_by_style() {
    let app = bundled(120, 40);
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Pacific Ocean").expect("a place");
    let place = buffer[(x, y)].modifier;
    // The caption names Kishida, but page furniture is not linked: its
    // folded line carries no kind's style.
    assert!(app.model.mentions_in(2).is_empty());
    let (x, y) = find(&buffer, "page furniture, photo caption").expect("the caption, folded");
    let furniture = buffer[(x, y)].modifier;
    assert!(place.contains(Modifier::ITALIC), "{place:?}");
    assert_eq!(
        furniture & (Modifier::ITALIC | Modifier::UNDERLINED | Modifier::BOLD),
        Modifier::empty()
    );
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset)
    );
}

#[test]
fn the_finder_lists_ranked_matches_with_kind_and_count() {
    let mut app = bundled(100, 30);
    run_script(&mut app, "/pacif");
    let screen = text(&draw(&app));
    insta::assert_snapshot!("finder_pacif_100x30", screen);
    assert!(screen.contains("/ pacif"), "{screen}");
    assert!(screen.contains("place · 8 mentions"), "{screen}");
}

#[test]
fn the_help_lists_every_key_of_the_keymap() {
    let mut app = bundled(120, 90);
    run_script(&mut app, "?");
    let screen = text(&draw(&app));
    for keys in [
        "/",
        "n",
        "N",
        "]",
        "[",
        "Enter",
        "Ctrl-o H Alt-←",
        "L Alt-→",
        "Tab",
        "Shift-Tab",
        "j ↓",
        "k ↑",
        "g Home",
        "G End",
        "PgDn Ctrl-f Space",
        "s",
        "f",
        "v",
        "M",
        "?",
        "q Ctrl-c",
        "Esc",
        "e",
        "Ctrl-d",
        "Ctrl-u",
        "z",
        "m",
        "' `",
        ":",
        "y",
        "Y",
    ] {
        assert!(
            screen.contains(&format!("┃  {keys:<22}")),
            "help lists {keys:?}:\n{screen}"
        );
    }
    // The mouse comes last: at the help's end.
    run_script(&mut app, "G");
    let end = text(&draw(&app));
    assert!(end.contains("Shift-drag"), "{end}");
    assert!(end.contains("--no-mouse"), "{end}");
}

#[test]
fn every_size_down_to_1x1_draws_without_panicking() {
    let mut app = bundled(80, 24);
    run_script(&mut app, "/luxon<ret>");
    for width in [0, 1, 2, 5, 13, 40, 69, 70, 119, 120, 250] {
        for height in [0, 1, 2, 3, 6, 13, 14, 24, 70] {
            app.update(Action::Resize { width, height });
            draw(&app);
            run_script(&mut app, "?");
            draw(&app);
            run_script(&mut app, "?/a");
            draw(&app);
            run_script(&mut app, "<esc>");
        }
    }
}

#[test]
fn a_tiny_terminal_shows_one_pane_and_says_which() {
    let mut app = bundled(40, 10);
    let screen = text(&draw(&app));
    assert!(
        screen
            .lines()
            .last()
            .expect("status")
            .starts_with(" [text]"),
        "{screen}"
    );
    run_script(&mut app, "<tab>");
    let screen = text(&draw(&app));
    assert!(screen.contains("Entities"), "{screen}");
    assert!(
        screen
            .lines()
            .last()
            .expect("status")
            .starts_with(" [entities]"),
        "{screen}"
    );
}

#[test]
fn control_characters_and_wide_text_never_reach_the_screen_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text_path = dir.path().join("evil.txt");
    std::fs::write(
        &text_path,
        "Evil\u{1b}]0;pwned\u{7} Corp rang \u{202e}backwards\u{202c}.\n\n日本と🇯🇵の関係は東京で話し合われた。日本と🇯🇵の関係は東京で話し合われた。\n",
    )
    .expect("write");
    let catalog = dir.path().join("cat.json");
    std::fs::write(
        &catalog,
        r#"{"document": {"title": "Bad\u001b[2J title"}, "entities": [{"id": "tokyo", "name": "東京", "kind": "city\u0007"}]}"#,
    )
    .expect("write");
    let loaded = entscope::load::read(&Request {
        files: vec![text_path],
        catalog: Some(catalog),
        ..Request::default()
    })
    .expect("loads");
    let mut app = App::new(loaded, Rect::new(0, 0, 130, 20));
    app.settings.color = false;
    run_script(&mut app, "n");
    let buffer = draw(&app);
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()
                || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')),
            "unsafe character {:?} on screen",
            cell.symbol()
        );
    }
    let screen = text(&buffer);
    assert!(screen.contains("Evil␛]0;pwned␇ Corp"), "{screen}");
    // Wide text stays inside the text pane: its right border is intact on every row.
    let pane = app.areas().text;
    for y in pane.y + 1..pane.bottom() - 1 {
        assert_eq!(
            buffer[(pane.right() - 1, y)].symbol(),
            "┃",
            "row {y}:\n{screen}"
        );
    }
    assert!(screen.contains("話し合われた"), "{screen}");
    // The title, shown in the document list.
    run_script(&mut app, "d");
    let screen = text(&draw(&app));
    assert!(screen.contains("Bad␛[2J title"), "{screen}");
}

#[test]
fn brat_visual_conf_colours_its_kinds() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/brat/every-line-type.txt");
    let loaded = entscope::load::read(&Request {
        files: vec![path],
        ..Request::default()
    })
    .expect("loads");
    let app = App::new(loaded, Rect::new(0, 0, 140, 30));
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Tokyo.").expect("Tokyo on screen");
    assert_eq!(
        buffer[(x, y)].fg,
        ratatui::style::Color::LightCyan,
        "City has no colour in visual.conf"
    );
    let (x, y) = find(&buffer, "Kishida in").expect("Kishida on screen");
    assert_eq!(
        buffer[(x, y)].fg,
        ratatui::style::Color::Rgb(0xff, 0xcc, 0xaa),
        "Person's bgColor"
    );
    let screen = text(&buffer);
    assert!(
        screen.contains("brat:"),
        "the status line says where the annotation comes from:\n{screen}"
    );
}

#[test]
fn the_help_wraps_long_lines_instead_of_cutting_them() {
    let mut app = bundled(60, 40);
    run_script(&mut app, "?");
    let screen = text(&draw(&app));
    assert!(
        screen.contains("details:") && screen.contains("follow the relation"),
        "the end of the Enter key's help is on screen:\n{screen}"
    );
}

#[test]
fn the_status_line_ends_with_the_help_key_at_usual_widths() {
    for width in [80, 100, 120, 160] {
        let app = bundled(width, 30);
        let screen = text(&draw(&app));
        let status = screen.lines().last().expect("status line");
        assert!(status.ends_with("? help"), "{width}: {status:?}");
        assert!(status.contains("Japan (country)"), "{width}: {status:?}");
    }
}

#[test]
fn the_paragraph_counter_names_the_first_paragraph_with_text_on_screen() {
    let mut app = bundled(120, 30);
    // Scroll until the top row is the gap under a paragraph.
    for _ in 0..40 {
        run_script(&mut app, "j");
        let wrapped = app
            .reader
            .text
            .wraps
            .get(&app.model, app.reader.text.top.paragraph);
        if matches!(
            wrapped.rows.get(app.reader.text.top.row),
            Some(entscope::app::wrap::Row::Gap)
        ) {
            break;
        }
    }
    let paragraph = app.reader.text.top.paragraph;
    let screen = text(&draw(&app));
    let first = screen.lines().next().expect("top border");
    assert!(
        first.contains(&format!("¶{}/29", paragraph + 2)),
        "top is the gap after ¶{}: {first}",
        paragraph + 1
    );
}

#[test]
fn a_mention_ending_inside_a_grapheme_keeps_the_combining_mark_on_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let doc = dir.path().join("cafe.txt");
    std::fs::write(&doc, "Cafe\u{301} Tokyo opened.\n").expect("write");
    std::fs::write(
        dir.path().join("cafe.entities.json"),
        r#"{"entities": [{"id": "cafe", "name": "Cafe"}], "mentions": [{"entity": "cafe", "paragraph": 1, "start": 0, "end": 4}], "autolink": false}"#,
    )
    .expect("write");
    let loaded = entscope::load::read(&Request {
        files: vec![doc],
        ..Request::default()
    })
    .expect("loads");
    let mut app = App::new(loaded, Rect::new(0, 0, 100, 20));
    app.settings.color = false;
    let buffer = draw(&app);
    let screen = text(&buffer);
    assert!(screen.contains("Cafe\u{301} Tokyo"), "{screen}");
}

#[test]
fn chosen_text_is_reversed_and_the_status_line_marks_unsaved_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut loaded = entscope::load::open_bundled().expect("bundled article loads");
    loaded.target = entscope::save::Target::Catalog(entscope::save::Stamped::now(
        dir.path().join("a.entities.json"),
    ));
    let mut app = App::new(loaded, Rect::new(0, 0, 120, 30));
    app.settings.color = false;
    run_script(&mut app, "/luxon<ret>x");
    let buffer = draw(&app);
    let screen = text(&buffer);
    assert!(screen.contains("[+] 1 unsaved"), "{screen}");
    run_script(&mut app, "nVl");
    let buffer = draw(&app);
    let screen = text(&buffer);
    // The first mention is unlinked: n goes to the other, "Luxon", and l takes a word more.
    assert!(screen.contains("choosing \"Luxon, who\""), "{screen}");
    let (x, y) = find(&buffer, "Luxon, who").expect("chosen text on screen");
    assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED));
    assert!(screen.contains("l/h more/less"), "{screen}");
}

/// brat's nested spans: the outer mention is drawn past the inner ones it
/// holds, on the row where it goes on after they have ended.
#[test]
fn a_mention_holding_nested_ones_is_drawn_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("n.txt");
    let name = "International Organisation of Very Long Names and Things";
    std::fs::write(&file, format!("{name} is big.\n")).expect("write");
    std::fs::write(
        dir.path().join("n.ann"),
        format!(
            "T1\tOrganisation 0 {}\t{name}\nT2\tOther 14 26\tOrganisation\nT3\tOther 27 29\tof\n",
            name.len()
        ),
    )
    .expect("write");
    let loaded = entscope::load::read(&Request {
        files: vec![file],
        ..Request::default()
    })
    .expect("loads");
    // One pane, narrow: the name wraps onto a second row.
    let mut app = App::new(loaded, Rect::new(0, 0, 40, 12));
    app.settings.color = false;
    let outer = app
        .model
        .entities
        .iter()
        .position(|e| e.name == name)
        .expect("the outer entity");
    app.set_entity(entscope::model::EntityId(outer));
    let buffer = draw(&app);
    let (x, y) = find(&buffer, "Names").expect("the second row");
    assert!(
        buffer[(x, y)].modifier.contains(Modifier::REVERSED),
        "the name's second row is drawn as the current entity's mention:\n{}",
        text(&buffer)
    );
}

/// Every mode's keys are in the help, each in that mode's own words.
#[test]
fn the_help_lists_every_mode_in_its_own_words() {
    let mut app = bundled(120, 40);
    run_script(&mut app, "?");
    let palette = ui::theme::Palette::default();
    let theme = ui::theme::Theme {
        color: false,
        styles: None,
        palette: &palette,
    };
    let lines: Vec<String> = ui::help::lines(&app, &theme, 110)
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let help = lines.join("\n");
    for mode in entscope::app::Mode::ALL {
        if mode != entscope::app::Mode::Normal {
            assert!(help.contains(mode.title()), "{}:\n{help}", mode.title());
        }
    }
    for line in [
        "sort the lines by position, left context or right context",
        "open the selected document",
        "jump to the selected mention in the text",
        "a word more",
        "stop choosing",
        "jump to the text hits, or back to the entities",
    ] {
        assert!(help.contains(line), "{line:?}:\n{help}");
    }
}

/// At 40 columns nothing of the help or an overlay's footer is cut: lines
/// wrap, footers keep the keys that fit and always the way out.
#[test]
fn at_forty_columns_help_lines_and_footers_fit() {
    for script in ["?", "/pacific", "c", "d"] {
        let mut app = bundled(40, 20);
        run_script(&mut app, script);
        let screen = text(&draw(&app));
        for line in screen.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 40,
                "{script}: {line:?}"
            );
        }
        assert!(
            screen.contains("Esc close") || screen.contains("Esc cancel"),
            "{script}: the way out is on screen:\n{screen}"
        );
    }
    let app = bundled(40, 20);
    let width = 36;
    let palette = ui::theme::Palette::default();
    let theme = ui::theme::Theme {
        color: false,
        styles: None,
        palette: &palette,
    };
    for line in ui::help::lines(&app, &theme, width) {
        assert!(line.width() <= width + 2, "{line}");
    }
}
