//! End to end: the real binary in a pseudo-terminal, driven by keys, with the
//! screen read back through a terminal emulator.

use std::time::{Duration, Instant};

use crate::pty::{REPORT, Session, WAIT};

#[test]
fn opens_the_bundled_article_with_three_panes() {
    let mut s = Session::explorer("", 140, 40);
    for text in [
        "Entities 34",
        "japan-nz-partnership.txt",
        "Details",
        "Despite being separated by the vast Pacific Ocean",
        "Japan (country) · 14 mentions",
    ] {
        s.wait_for(text);
    }
    assert!(s.parser.screen().alternate_screen());
}

#[test]
fn finding_a_misspelt_name_shows_its_relations_and_n_walks_its_mentions() {
    let mut s = Session::explorer("", 120, 40);
    s.wait_for("Entities 34");
    s.send("/");
    s.wait_for("Find an entity, or text");
    s.send("luxn");
    s.wait_for("Christopher Luxon  person · 3 mentions");
    s.send("\r");
    s.wait_for("Christopher Luxon (person) · mention 1 of 3");
    s.wait_for("→ prime minister of New Zealand");
    s.wait_for("→ met Fumio Kishida ¶6");
    s.send("n");
    s.wait_for("mention 2 of 3");
    s.send("n");
    s.wait_for("mention 3 of 3");
    s.send("n");
    s.wait_for("wrapped to the first mention");
    assert!(s.screen().contains("mention 1 of 3"), "{}", s.screen());
}

#[test]
fn following_a_relation_and_going_back() {
    let mut s = Session::explorer("", 120, 40);
    s.wait_for("Entities 34");
    s.send("/kishida\r");
    s.wait_for("Fumio Kishida (person) · mention 1 of 1");
    // Tab twice to the details; below the line of where he is mentioned,
    // Enter follows "prime minister of Japan".
    s.send("\t\tj\r");
    s.wait_for("Japan (country) · mention 1 of 14");
    s.send("\x0f"); // Ctrl-o
    s.wait_for("Fumio Kishida (person) · mention 1 of 1");
    s.send("L");
    s.wait_for("Japan (country) · mention 1 of 14");
}

#[test]
fn the_help_lists_the_keys() {
    let mut s = Session::explorer("--no-mouse", 120, 50);
    s.wait_for("Entities 34");
    s.send("?");
    s.wait_for("Help: keys");
    s.wait_for("fuzzy-find an entity by name or alias");
    s.wait_for("back through the jump history");
    // The mouse comes last, past the curation keys.
    s.send("G");
    s.wait_for("Shift-drag");
    s.send("\x1b");
    let start = Instant::now();
    while s.screen().contains("Help: keys") {
        assert!(start.elapsed() < WAIT, "help did not close");
        s.pump(Duration::from_millis(50));
    }
}

#[test]
fn q_exits_zero_and_restores_the_terminal() {
    let mut s = Session::explorer("", 100, 30);
    s.wait_for("Entities 34");
    assert!(s.parser.screen().alternate_screen());
    assert!(s.parser.screen().hide_cursor());
    s.send("q");
    s.wait_for("EXIT=0");
    s.wait_for("modes: icanon echo");
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "left the alternate screen");
    assert!(!screen.hide_cursor(), "cursor shown again");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture off"
    );
}

#[test]
fn a_bad_file_prints_one_line_and_leaves_the_terminal_alone() {
    let mut s = Session::explorer("/no/such/file.json", 100, 30);
    s.wait_for("EXIT=1");
    let text = s.screen();
    assert!(
        text.contains("entscope: /no/such/file.json: no such file"),
        "{text}"
    );
    assert!(!s.parser.screen().alternate_screen());
}

/// A terminal too small for three panes shows one at a time; resized, the
/// explorer lays itself out again at each size, down to one row and up,
/// and keeps the reader's place.
#[test]
fn a_tiny_terminal_still_works_and_resizing_relays_the_panes() {
    let mut s = Session::explorer("", 30, 8);
    s.wait_for("[text]");
    s.send("\t");
    s.wait_for("[entities]");
    s.send("j");
    s.wait_for("[entities] │ New Zea");
    // Wide enough for the three panes: the list, its title, the details.
    s.resize(140, 40);
    s.wait_for("Entities 34");
    s.wait_for("Relations (");
    assert!(!s.screen().contains("[entities]"), "{}", s.screen());
    // Smaller than any pane, one cell, two rows: no crash, and back again.
    s.resize(12, 3);
    s.resize(1, 1);
    s.resize(80, 2);
    s.wait_for("New Zealand");
    s.resize(100, 30);
    s.wait_for("Entities 34");
    s.wait_for("New Zealand (country)");
    s.send("q");
    s.wait_for("EXIT=0");
}

#[test]
fn a_text_of_ones_own_opens_with_discovered_entities() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("report.txt");
    std::fs::write(
        &path,
        "New Zealand Prime Minister Christopher Luxon met his Japanese counterpart in Tokyo.\n\n\
         Luxon later spoke about the Five Eyes.\n",
    )
    .expect("write");
    let mut s = Session::explorer(&format!("'{}'", path.display()), 120, 30);
    s.wait_for("report.txt");
    s.wait_for("report.txt · discovered entit");
    s.send("/luxon\r");
    s.wait_for("Christopher Luxon (person) · mention 1 of 2");
    s.wait_for("≈ co-mentioned with Tokyo");
    s.send("q");
    s.wait_for("EXIT=0");
}

impl Session {
    /// (column, row) of the first cell showing `text`, counted from 0.
    fn locate(&self, text: &str) -> Option<(u16, u16)> {
        let screen = self.parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        for row in 0..rows {
            let line = screen.contents_between(row, 0, row, cols);
            if let Some(byte) = line.find(text) {
                return Some((line[..byte].chars().count() as u16, row));
            }
        }
        None
    }

    /// A left click at a cell, as an xterm SGR mouse report.
    fn click(&mut self, column: u16, row: u16) {
        self.send(&format!(
            "\x1b[<0;{};{}M\x1b[<0;{};{}m",
            column + 1,
            row + 1,
            column + 1,
            row + 1
        ));
    }
}

#[test]
fn clicking_an_entity_and_then_a_mention_selects_them() {
    let mut s = Session::explorer("", 140, 40);
    s.wait_for("Entities 34");
    s.wait_for("Tokyo");
    // The entity list is the middle pane; its "Tokyo" row.
    let (col, row) = s.locate("│ Tokyo").expect("Tokyo in the list");
    s.click(col + 3, row);
    s.wait_for("Tokyo (city) · 1 mention");
    // A mention in the text: "Japan" in paragraph 2.
    let (col, row) = s.locate("Ocean, Japan").expect("paragraph 2 on screen");
    s.click(col + 8, row);
    s.wait_for("Japan (country) · mention 1 of 14");
}

/// A file name that would set the terminal's title and write its clipboard
/// if printed raw.
const EVIL_NAME: &str = "evil\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}.txt";

#[test]
fn each_stop_signal_restores_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)] {
        let dir = tempfile::tempdir().expect("dir");
        let pidfile = dir.path().join("pid");
        // The inner shell becomes entscope by exec, so its pid is the explorer's.
        let mut s = Session::shell(
            &format!(
                "sh -c 'echo $$ > {}; exec \"$ENTSCOPE\"'; {REPORT}",
                pidfile.display()
            ),
            100,
            30,
        );
        s.wait_for("Entities 34");
        assert!(s.parser.screen().alternate_screen());
        let pid = std::fs::read_to_string(&pidfile)
            .expect("pid")
            .trim()
            .to_string();
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        s.wait_for(&format!("EXIT={code}"));
        s.wait_for("modes: icanon echo");
        let screen = s.parser.screen();
        assert!(
            !screen.alternate_screen(),
            "SIG{signal}: left the alternate screen"
        );
        assert!(!screen.hide_cursor(), "SIG{signal}: cursor shown again");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "SIG{signal}: mouse capture off"
        );
    }
}

#[test]
fn ctrl_c_quits_from_the_document_list_too() {
    let mut s = Session::explorer("", 100, 30);
    s.wait_for("Entities 34");
    s.send("d");
    s.wait_for("Documents");
    s.send("\x03");
    s.wait_for("EXIT=0");
}

#[test]
fn file_names_with_escape_sequences_are_shown_not_obeyed_in_the_document_list() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join(EVIL_NAME), "Tokyo and Japan.\n").expect("write");
    std::fs::write(dir.path().join("plain.txt"), "Japan and Tokyo.\n").expect("write");
    let mut s = Session::explorer(&format!("'{}'", dir.path().display()), 120, 30);
    let mut raw = Vec::new();
    let start = Instant::now();
    while !String::from_utf8_lossy(&raw).contains("plain.txt") && start.elapsed() < WAIT {
        if let Ok(bytes) = s.output.recv_timeout(Duration::from_millis(50)) {
            s.parser.process(&bytes);
            raw.extend(bytes);
        }
    }
    s.send("d");
    let start = Instant::now();
    while !s.screen().contains("␛]52;c;aGk=␇") && start.elapsed() < WAIT {
        if let Ok(bytes) = s.output.recv_timeout(Duration::from_millis(50)) {
            s.parser.process(&bytes);
            raw.extend(bytes);
        }
    }
    assert!(s.screen().contains("evil␛]0;pwned␇"), "{}", s.screen());
    let raw = String::from_utf8_lossy(&raw);
    assert!(
        !raw.contains("\u{1b}]0;pwned"),
        "a title sequence reached the terminal"
    );
    assert!(
        !raw.contains("\u{1b}]52;"),
        "a clipboard sequence reached the terminal"
    );
}

#[test]
fn a_config_file_rebinds_a_key_and_recolours_the_border() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[keys.normal]\nx = \"next_mention\"\nn = \"none\"\n\n[theme]\nborder = \"#ff0000\"\n",
    )
    .expect("write");
    // Colours on for this run.
    let mut s = Session::shell(
        &format!(
            "env -u NO_COLOR \"$ENTSCOPE\" --config '{}'; {REPORT}",
            config.display()
        ),
        140,
        40,
    );
    s.wait_for("Entities 34");
    let corner = s.parser.screen().cell(0, 0).expect("a cell").fgcolor();
    assert_eq!(
        corner,
        vt100::Color::Rgb(255, 0, 0),
        "the focused border is red"
    );
    // Keys are read in order: were n still bound, x would show the second.
    s.send("nx");
    s.wait_for("Japan (country) · mention 1 of 14");
    assert!(
        s.screen().contains("x/N mention"),
        "the hints follow the keymap"
    );
    s.send("q");
    s.wait_for("EXIT=0");
}

#[test]
fn a_bad_config_file_stops_the_explorer_before_it_starts() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[theme]\nborder = \"blurple\"\n").expect("write");
    let mut s = Session::explorer(&format!("--config '{}'", config.display()), 100, 30);
    s.wait_for("EXIT=1");
    assert!(
        s.screen()
            .contains("config.toml:2:10: \"blurple\" is not a colour"),
        "{}",
        s.screen()
    );
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn the_explorer_opens_where_asked_and_comes_back_where_the_reader_left() {
    let state = tempfile::tempdir().expect("state");
    let run = |args: &str| {
        Session::shell_in(
            &format!("\"$ENTSCOPE\" {args}; {REPORT}"),
            100,
            30,
            state.path(),
        )
    };
    // +N and --at open at a paragraph; --entity on an entity.
    let mut s = run("+12");
    s.wait_for("¶12/29");
    s.send("q");
    s.wait_for("EXIT=0");
    let mut s = run("--entity kishda");
    s.wait_for("Fumio Kishida (person) · mention 1 of");
    s.send("15G");
    s.wait_for("¶15/29");
    s.send("ma");
    s.send("q");
    s.wait_for("EXIT=0");
    // Opened again with no place asked for: back at ¶15, the mark kept.
    let mut s = run("");
    s.wait_for("where you left off");
    assert!(s.screen().contains("¶15/29"), "{}", s.screen());
    s.send("gg'a");
    s.wait_for("mark 'a");
    s.send("q");
    s.wait_for("EXIT=0");
    let mut s = run("--entity nobody-at-all");
    s.wait_for("EXIT=1");
    assert!(
        s.screen().contains("no entity is called \"nobody-at-all\""),
        "{}",
        s.screen()
    );
}

#[test]
fn y_sends_the_paragraph_to_the_terminal_clipboard() {
    let mut s = Session::explorer("", 120, 30);
    s.wait_for("Entities 34");
    s.send("/luxon\r");
    s.wait_for("Christopher Luxon (person)");
    s.send("y");
    let copied = copied(&mut s);
    assert!(
        copied.starts_with("Japan and New Zealand tighten their security partnership, ¶6: This"),
        "{copied}"
    );
    s.wait_for("copied the paragraph");
    s.send("q");
    s.wait_for("EXIT=0");
}

/// A draft from discovery curated with keys, saved, and read again by the
/// next run: the same entities, the unlinked mention stays unlinked.
#[test]
fn curating_a_discovered_text_and_saving_it_gives_the_next_open_its_catalog() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "Mara Quist founded Halden Works in Ostrava.\n\n\
         Quist sold Halden Works to Brenna Holt. Ostrava mourned the mill.\n\n\
         Brenna Holt closed the mill in Ostrava.\n",
    )
    .expect("write");
    let run = format!(
        "cd '{}' && \"$ENTSCOPE\" --no-mouse notes.txt; {REPORT}",
        dir.path().display()
    );
    let mut s = Session::shell(&run, 120, 30);
    s.wait_for("discovered entities");
    // The most mentioned is current: make it a place, unlink a mention.
    s.send("/ostrava\r");
    s.wait_for("Ostrava (");
    s.send("K\x15place\r");
    s.wait_for("kind place (was");
    s.send("n");
    s.send("x");
    s.wait_for("is no longer a mention of Ostrava");
    s.wait_for("[+] 2 unsaved");
    // "the mill" becomes a new entity.
    s.send("/brenna\r");
    s.wait_for("Brenna Holt (");
    s.send("n");
    s.send("Vwwl");
    s.wait_for("choosing \"the mill\"");
    s.send("e");
    s.wait_for(":new the mill");
    s.send(" as building\r");
    s.wait_for("new entity \"the mill\" (building)");
    // Quitting asks; :w saves; then q quits.
    s.send("q");
    s.wait_for("3 changes unsaved");
    s.send(":w\r");
    s.wait_for("saved to notes.entities.json");
    s.send("q");
    s.wait_for("EXIT=0");
    let catalog = std::fs::read_to_string(dir.path().join("notes.entities.json")).expect("saved");
    assert!(catalog.contains("\"kind\": \"place\""), "{catalog}");
    assert!(catalog.contains("\"unlinked\""), "{catalog}");
    // The next open reads it: its annotation and the new entity.
    let mut again = Session::shell(&run, 120, 30);
    again.wait_for("notes.txt + notes.entities.json");
    again.send("/the mill\r");
    again.wait_for("the mill (building) · mention 1 of 1");
    again.send("/ostrava\r");
    again.wait_for("Ostrava (place) · mention 1 of 2");
}

/// The terminal closing (SIGHUP) with edits unsaved keeps them in a new
/// file beside the catalog, and never writes the catalog itself.
#[test]
fn a_hangup_with_unsaved_edits_keeps_them_beside_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("notes.txt"),
        "Mara Quist founded Halden Works in Ostrava.\n\nQuist sold Halden Works.\n",
    )
    .expect("write");
    let pidfile = dir.path().join("pid");
    let mut s = Session::shell(
        &format!(
            "cd '{}' && sh -c 'echo $$ > pid; exec \"$ENTSCOPE\" --no-mouse notes.txt'; {REPORT}",
            dir.path().display()
        ),
        110,
        30,
    );
    s.wait_for("discovered entities");
    s.send("/ostrava\r");
    s.wait_for("Ostrava (");
    s.send("D");
    s.wait_for("[+] 1 unsaved");
    let pid = std::fs::read_to_string(&pidfile)
        .expect("pid")
        .trim()
        .to_string();
    let killed = std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    s.wait_for("EXIT=129");
    s.wait_for("they are kept in notes.entities.json.unsaved");
    assert!(
        !dir.path().join("notes.entities.json").exists(),
        "the catalog is not written unasked"
    );
    let kept =
        std::fs::read_to_string(dir.path().join("notes.entities.json.unsaved")).expect("kept");
    assert!(
        kept.contains("Mara Quist") && !kept.contains("Ostrava"),
        "{kept}"
    );
}

/// The decoded OSC 52 payload of the next copy the explorer sends.
fn copied(s: &mut Session) -> String {
    let mut raw = Vec::new();
    let start = Instant::now();
    let marker = b"\x1b]52;c;";
    loop {
        if let Ok(bytes) = s.output.recv_timeout(Duration::from_millis(50)) {
            s.parser.process(&bytes);
            raw.extend(bytes);
        }
        if let Some(at) = raw.windows(marker.len()).position(|w| w == marker) {
            let rest = &raw[at + marker.len()..];
            if let Some(end) = rest.iter().position(|&b| b == 0x07) {
                use base64::Engine as _;
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(&rest[..end])
                    .expect("base64");
                return String::from_utf8(decoded).expect("utf-8");
            }
        }
        assert!(start.elapsed() < WAIT, "no OSC 52 sequence in the output");
    }
}

/// A paragraph carrying what would end bracketed paste, clear the shell's
/// line, run it and hide it: copied with `y`, none of it is on the
/// clipboard, and the status line says how much was taken out.
#[test]
fn a_copied_paragraph_holds_no_control_character() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("poisoned.txt");
    std::fs::write(
        &path,
        "Ostrava\u{1b}[201~\u{15}touch pwned\u{0f} then \u{9b}2J and \u{202e}Halden.\n",
    )
    .expect("write");
    let mut s = Session::explorer(&format!("--no-mouse '{}'", path.display()), 120, 30);
    s.wait_for("poisoned.txt");
    s.send("y");
    let text = copied(&mut s);
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'
                || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{text:?}"
    );
    assert!(
        text.contains("Ostrava[201~touch pwned then 2J and Halden."),
        "{text:?}"
    );
    s.wait_for("5 control characters removed");
    s.send("q");
    s.wait_for("EXIT=0");
}

/// Stopped (`kill -TSTP`, a job-control shell's Ctrl-Z), the explorer
/// gives the terminal back as it found it; continued, it takes the screen
/// again and redraws.
#[test]
fn stopping_and_continuing_restores_and_retakes_the_terminal() {
    use crate::pty::Launch;
    let dir = tempfile::tempdir().expect("dir");
    let mut s = Session::launch(&Launch::in_folder(dir.path(), crate::pty::BIN, &[]));
    s.wait_for("Entities 34");
    assert!(s.parser.screen().alternate_screen());
    let raw = s.pid();
    let pid = rustix::process::Pid::from_raw(raw as i32).expect("pid");
    let state = || {
        std::fs::read_to_string(format!("/proc/{raw}/stat"))
            .unwrap_or_default()
            .rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
    };
    rustix::process::kill_process(pid, rustix::process::Signal::TSTP).expect("stop");
    let start = Instant::now();
    while state() != Some('T') {
        assert!(start.elapsed() < WAIT, "not stopped: {:?}", state());
        s.pump(Duration::from_millis(20));
    }
    s.pump(Duration::from_millis(100));
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    assert!(!screen.hide_cursor());
    rustix::process::kill_process(pid, rustix::process::Signal::CONT).expect("continue");
    let start = Instant::now();
    while !s.parser.screen().alternate_screen() {
        assert!(start.elapsed() < WAIT, "the screen was not taken again");
        s.pump(Duration::from_millis(20));
    }
    s.wait_for("Entities 34");
    s.send("q");
    assert_eq!(s.wait_exit(WAIT).map(|e| e.exit_code()), Some(0));
}

/// A window shrunk and grown back before the explorer has drawn the small
/// size: the terminal has lost what it showed while the explorer's size is
/// the same as before, and all of it is drawn again, every time.
#[test]
fn shrunk_and_grown_back_at_once_the_explorer_draws_itself_whole() {
    let mut s = Session::explorer("", 30, 8);
    s.wait_for("[text]");
    for round in 0..30 {
        s.resize(140, 40);
        let start = Instant::now();
        while !s.screen().contains("Relations (") {
            assert!(
                start.elapsed() < WAIT,
                "round {round}: not drawn at 140 x 40:\n{}",
                s.screen()
            );
            s.pump(Duration::from_millis(20));
        }
        // Smaller again: the emulator drops what does not fit at once.
        s.resize(30, 8);
    }
    s.send("q");
    s.wait_for("EXIT=0");
}
