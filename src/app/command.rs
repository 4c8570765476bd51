//! Every command of the explorer, declared once: its name (a Rust
//! identifier, so it cannot be misspelt), its one-line doc, where the help
//! lists it, whether a count repeats it, the modes it belongs to with their
//! default keys (and, where it does something of its own there, that
//! mode's words for it), and what it does in the reader. The keymap's
//! defaults, the help, the `:` names and their completion, `config
//! --default` and `--keys`, and the guide's key tables all come from this
//! table; the status line picks its hints from it by identifier, with their
//! keys from the keymap in use.

use super::App;
use super::mode::Mode;

/// Where the help lists a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Follow,
    Move,
    Marks,
    Curate,
    View,
    /// A key of one mode only, listed with that mode.
    OwnMode,
}

impl Section {
    /// The sections of the reading mode's help, in order, with headings.
    pub const READING: [(Section, &'static str); 5] = [
        (Section::Follow, "Find and follow"),
        (Section::Move, "Move"),
        (Section::Marks, "Marks, copies and commands"),
        (Section::Curate, "Curate"),
        (Section::View, "View"),
    ];
}

/// What a command does in the reader (the normal mode), when it does
/// anything there.
pub type Run = fn(&mut App);

/// One row of the table.
#[derive(Debug)]
pub struct Info {
    pub command: Command,
    /// Its name in a config file and on the `:` line.
    pub name: &'static str,
    /// One line for the help.
    pub doc: &'static str,
    pub section: Section,
    /// Whether a count before its key repeats it (`5j`).
    pub repeats: bool,
    /// The modes it belongs to: their default keys, and their own words
    /// for it when it does something else there.
    pub keys: &'static [(Mode, &'static [&'static str], Option<&'static str>)],
    pub run: Option<Run>,
}

macro_rules! commands {
    ($(
        $variant:ident = $name:ident, $section:ident, repeats $repeats:literal,
        $doc:literal,
        [$($mode:ident $keys:tt $(=> $mode_doc:literal)?),* $(,)?],
        $run:expr;
    )*) => {
        /// A command, by the identifier the table gives it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command { $($variant),* }

        /// Every command, in the order the help lists them.
        pub static COMMANDS: &[Info] = &[$(Info {
            command: Command::$variant,
            name: stringify!($name),
            doc: $doc,
            section: Section::$section,
            repeats: $repeats,
            keys: &[$((Mode::$mode, &$keys, commands!(@doc $($mode_doc)?))),*],
            run: $run,
        }),*];
    };
    (@doc) => { None };
    (@doc $doc:literal) => { Some($doc) };
}

/// A reader method as the table's `run`.
macro_rules! run {
    ($method:ident) => {
        Some(App::$method as Run)
    };
}

commands! {
    Find = find, Follow, repeats false,
        "fuzzy-find an entity by name or alias",
        [Normal ["/"]], run!(open_finder);
    NextMention = next_mention, Follow, repeats true,
        "next mention of the current entity",
        [Normal ["n"]], run!(next_mention);
    PrevMention = prev_mention, Follow, repeats true,
        "previous mention of the current entity",
        [Normal ["N"]], run!(prev_mention);
    NextAnyMention = next_any_mention, Follow, repeats true,
        "next mention of any entity",
        [Normal ["]"]], run!(next_any_mention);
    PrevAnyMention = prev_any_mention, Follow, repeats true,
        "previous mention of any entity",
        [Normal ["["]], run!(prev_any_mention);
    Select = select, Follow, repeats false,
        "text: make the mention's entity current; list: go to it; details: follow the relation",
        [Normal ["enter"],
         Documents ["enter"] => "open the selected document",
         Concordance ["enter"] => "jump to the selected mention in the text"],
        run!(select);
    NextSection = next_section, Follow, repeats true,
        "next section heading (or document of a corpus)",
        [Normal ["}"]], run!(next_section);
    PrevSection = prev_section, Follow, repeats true,
        "previous section heading (or document)",
        [Normal ["{"]], run!(prev_section);
    Documents = documents, Follow, repeats false,
        "list the documents: what was opened, what was skipped",
        [Normal ["d"], Documents ["d", "q"] => "close the list"], run!(open_documents);
    Concordance = concordance, Follow, repeats false,
        "the current entity's mentions in context, one a line (s sorts, Enter jumps)",
        [Normal ["c"], Concordance ["c", "q"] => "close the concordance"],
        run!(open_concordance);
    Filter = filter, Follow, repeats false,
        "only the paragraphs naming the current entity, or all again (:filter a|b !c kind:x)",
        [Normal ["&"]], run!(toggle_filter);
    Evidence = evidence, Follow, repeats false,
        "jump to the selected relation's evidence paragraph (again: the next)",
        [Normal ["e"]], run!(jump_to_evidence);
    Back = back, Follow, repeats true,
        "back through the jump history",
        [Normal ["C-o", "H", "A-left"]], run!(back);
    Forward = forward, Follow, repeats true,
        "forward through the jump history (Ctrl-i is Tab in most terminals)",
        [Normal ["L", "A-right"]], run!(forward);

    FocusNext = focus_next, Move, repeats false,
        "focus the next pane",
        [Normal ["tab"]], run!(focus_next);
    FocusPrev = focus_prev, Move, repeats false,
        "focus the previous pane",
        [Normal ["S-tab"]], run!(focus_prev);
    Down = down, Move, repeats true,
        "down in the focused pane",
        [Normal ["j", "down"],
         Documents ["j", "down"] => "the next document",
         Help ["j", "down"] => "scroll down",
         Concordance ["j", "down"] => "the next line"],
        run!(down);
    Up = up, Move, repeats true,
        "up in the focused pane",
        [Normal ["k", "up"],
         Documents ["k", "up"] => "the previous document",
         Help ["k", "up"] => "scroll up",
         Concordance ["k", "up"] => "the previous line"],
        run!(up);
    PageDown = page_down, Move, repeats true,
        "a page down",
        [Normal ["pgdn", "C-f", "space"],
         Help ["pgdn", "C-f", "space"],
         Concordance ["pgdn", "C-f", "space", "C-d"]],
        run!(page_down);
    PageUp = page_up, Move, repeats true,
        "a page up",
        [Normal ["pgup", "C-b"], Help ["pgup", "C-b"], Concordance ["pgup", "C-b", "C-u"]],
        run!(page_up);
    HalfPageDown = half_page_down, Move, repeats true,
        "half a page down",
        [Normal ["C-d"]], run!(half_page_down);
    HalfPageUp = half_page_up, Move, repeats true,
        "half a page up",
        [Normal ["C-u"]], run!(half_page_up);
    Top = top, Move, repeats false,
        "to the top (after a count: that paragraph, 12g)",
        [Normal ["g", "home"],
         Documents ["g", "home"] => "the first document",
         Help ["g", "home"] => "to the top",
         Concordance ["g", "home"] => "the first line"],
        run!(top);
    Bottom = bottom, Move, repeats false,
        "to the bottom (after a count: that paragraph, 12G)",
        [Normal ["G", "end"],
         Documents ["G", "end"] => "the last document",
         Help ["G", "end"] => "to the end",
         Concordance ["G", "end"] => "the last line"],
        run!(bottom);
    Center = center, Move, repeats false,
        "scroll the cursor's line to the middle",
        [Normal ["z"]], run!(center);

    Mark = mark, Marks, repeats false,
        "m and a letter: mark this place",
        [Normal ["m"]], run!(await_mark);
    JumpToMark = jump_to_mark, Marks, repeats false,
        "' and a letter: go back to that mark",
        [Normal ["'", "`"]], run!(await_jump);
    Copy = copy, Marks, repeats false,
        "copy the paragraph with its reference (\"Title, ¶13: …\"), over SSH too",
        [Normal ["y"]], run!(copy_paragraph);
    CopyMention = copy_mention, Marks, repeats false,
        "copy the mention under the cursor with its reference",
        [Normal ["Y"]], run!(copy_mention);
    CommandLine = command_line, Marks, repeats false,
        ":123 goes to ¶123, :q quits, :NAME runs a command (Tab completes)",
        [Normal [":"],
         Select [":"] => "type what to do with the chosen text (:link NAME, :new NAME as KIND)"],
        run!(open_command_line);

    Drop = drop, Curate, repeats false,
        "drop the current entity, with its mentions (u undoes)",
        [Normal ["D"]], run!(drop_entity);
    Rename = rename, Curate, repeats false,
        "rename the current entity (:rename NAME)",
        [Normal ["R"]], run!(prompt_rename);
    SetKind = set_kind, Curate, repeats false,
        "change the current entity's kind (:kind KIND, Tab completes)",
        [Normal ["K"]], run!(prompt_kind);
    Merge = merge, Curate, repeats false,
        "merge the current entity into another (:merge NAME); :split ALIAS undoes an alias",
        [Normal ["="]], run!(prompt_merge);
    Unlink = unlink, Curate, repeats false,
        "the mention under the cursor is no longer a mention",
        [Normal ["x"]], run!(unlink);
    ChooseText = choose_text, Curate, repeats false,
        "choose text to make a mention of, from the cursor, a word at a time",
        [Normal ["V"]], run!(start_selection);
    Undo = undo, Curate, repeats false,
        "take back the last edit",
        [Normal ["u"]], run!(undo);
    Redo = redo, Curate, repeats false,
        "make the last undone edit again",
        [Normal ["C-r"]], run!(redo);
    Save = save, Curate, repeats false,
        "write the edits to the catalog beside the text, or the .ann (:w)",
        [Normal ["C-s"]], run!(write);

    Sort = sort, View, repeats false,
        "sort entities by count, name or first appearance",
        [Normal ["s"],
         Concordance ["s"] => "sort the lines by position, left context or right context"],
        run!(cycle_sort);
    KindFilter = kind_filter, View, repeats false,
        "show only one kind of entity (cycles; all at the end)",
        [Normal ["f"]], run!(cycle_kind);
    Unsure = unsure, View, repeats false,
        "list discovered entities of low confidence too (or hide them)",
        [Normal ["A"]], run!(toggle_unsure);
    Highlight = highlight, View, repeats false,
        "highlight every mention, or only the current entity's",
        [Normal ["v"]], run!(toggle_highlight);
    Mouse = mouse, View, repeats false,
        "mouse capture on/off (with it on, Shift-drag selects text)",
        [Normal ["M"]], run!(toggle_mouse);
    Help = help, View, repeats false,
        "this help",
        [Normal ["?"], Help ["?", "q"] => "close the help"], run!(open_help);
    Close = close, View, repeats false,
        "close the help or finder, clear the evidence mark",
        [Normal ["esc"],
         Finder ["esc"] => "close the finder",
         Documents ["esc"] => "close the list",
         Help ["esc"] => "close the help",
         Concordance ["esc"] => "close the concordance",
         Select ["esc"] => "stop choosing",
         Command ["esc"] => "close the command line"],
        run!(escape);
    Quit = quit, View, repeats false,
        "quit",
        [Normal ["q", "C-c"], Finder ["C-c"], Documents ["C-c"], Help ["C-c"],
         Concordance ["C-c"], Select ["C-c"], Command ["C-c"]],
        run!(quit);

    ChooseMore = choose_more, OwnMode, repeats false,
        "a word more",
        [Select ["l", "right"]], None;
    ChooseLess = choose_less, OwnMode, repeats false,
        "a word less",
        [Select ["h", "left"]], None;
    ChooseNext = choose_next, OwnMode, repeats false,
        "choose the next word",
        [Select ["w"]], None;
    ChoosePrev = choose_prev, OwnMode, repeats false,
        "choose the previous word",
        [Select ["b"]], None;
    ChooseLink = choose_link, OwnMode, repeats false,
        "make the chosen text a mention of the current entity (:link NAME: of another)",
        [Select ["enter"]], None;
    ChooseNew = choose_new, OwnMode, repeats false,
        "make the chosen text a new entity (:new NAME as KIND)",
        [Select ["e"]], None;
    FinderAccept = finder_accept, OwnMode, repeats false,
        "make it current and jump to its first mention",
        [Finder ["enter"]], None;
    FinderUp = finder_up, OwnMode, repeats false,
        "choose the one above",
        [Finder ["up", "S-tab", "C-p"]], None;
    FinderDown = finder_down, OwnMode, repeats false,
        "choose the one below",
        [Finder ["down", "tab", "C-n"]], None;
    FinderText = finder_text, OwnMode, repeats false,
        "jump to the text hits, or back to the entities",
        [Finder ["C-t"]], None;
    FinderBackspace = finder_backspace, OwnMode, repeats false,
        "delete the last letter",
        [Finder ["backspace"]], None;
    FinderClear = finder_clear, OwnMode, repeats false,
        "clear the query",
        [Finder ["C-u"]], None;
    CommandRun = command_run, OwnMode, repeats false,
        "run the line",
        [Command ["enter"]], None;
    CommandComplete = command_complete, OwnMode, repeats false,
        "complete the command's name",
        [Command ["tab"]], None;
    CommandBackspace = command_backspace, OwnMode, repeats false,
        "delete the last letter (on an empty line: close)",
        [Command ["backspace"]], None;
    CommandDeleteWord = command_delete_word, OwnMode, repeats false,
        "delete the last word",
        [Command ["C-w"]], None;
    CommandClear = command_clear, OwnMode, repeats false,
        "delete all but the command's name",
        [Command ["C-u"]], None;
}

impl Command {
    /// The command's row of the table.
    pub fn info(self) -> &'static Info {
        // The table lists the commands in the enum's order (a test says so).
        &COMMANDS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// What the command does in a mode, in one line: the mode's own words
    /// for it, or its doc.
    pub fn doc_in(self, mode: Mode) -> &'static str {
        let info = self.info();
        info.keys
            .iter()
            .find(|(m, _, _)| *m == mode)
            .and_then(|(_, _, doc)| *doc)
            .unwrap_or(info.doc)
    }

    /// Whether a count before its key repeats it.
    pub fn repeats(self) -> bool {
        self.info().repeats
    }

    /// Whether it can be run from the `:` line (it does something in the
    /// reader).
    pub fn runnable(self) -> bool {
        self.info().run.is_some()
    }
}

/// The commands that leave a mode (a config must leave one bound).
pub fn ways_out(mode: Mode) -> &'static [Command] {
    use Command as C;
    match mode {
        Mode::Normal => &[C::Quit],
        Mode::Documents => &[C::Quit, C::Close, C::Documents],
        Mode::Help => &[C::Quit, C::Close, C::Help],
        Mode::Concordance => &[C::Quit, C::Close, C::Concordance],
        Mode::Finder | Mode::Command | Mode::Select => &[C::Quit, C::Close],
    }
}

/// The command called `name`, or what it might have meant.
pub fn named(name: &str) -> Result<Command, String> {
    COMMANDS
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.command)
        .ok_or_else(|| {
            let best = COMMANDS
                .iter()
                .map(|c| (strsim::jaro_winkler(name, c.name), c.name))
                .fold((0.0, ""), |a, b| if b.0 > a.0 { b } else { a });
            if best.0 > 0.8 {
                format!("unknown command \"{name}\" (did you mean \"{}\"?)", best.1)
            } else {
                format!("unknown command \"{name}\" (`entscope config --default` lists them all)")
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_the_enum_and_names_are_unique() {
        for (i, info) in COMMANDS.iter().enumerate() {
            assert_eq!(info.command as usize, i, "{}", info.name);
            assert_eq!(named(info.name), Ok(info.command));
        }
    }

    #[test]
    fn every_command_is_reachable_by_a_key_or_a_name() {
        use crate::app::keymap::Keymap;
        use crate::app::overlay::command_line::{Request, parse};
        let keymap = Keymap::default();
        for info in COMMANDS {
            let keyed = Mode::ALL
                .into_iter()
                .any(|mode| !keymap.keys(mode, info.command).is_empty());
            let named = parse(info.name) == Request::Run(info.command);
            assert!(
                keyed || named,
                "{} has no key and cannot be run by name",
                info.name
            );
            assert!(
                info.section != Section::OwnMode || info.keys.len() == 1,
                "{} belongs to one mode",
                info.name
            );
        }
    }

    /// A key of the reading mode runs something there: no command bound in
    /// the normal mode is a dead key.
    #[test]
    fn every_key_of_the_reading_mode_does_something() {
        for info in COMMANDS {
            if info.keys.iter().any(|(mode, _, _)| *mode == Mode::Normal) {
                assert!(
                    info.run.is_some(),
                    "{} is bound but runs nothing",
                    info.name
                );
            }
        }
    }
}
