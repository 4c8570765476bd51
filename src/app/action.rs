//! Everything the reader can ask the explorer to do. Keys and mouse events
//! become actions through the keymap; `update` carries them out.

/// One request to change the explorer's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Closes the help, the finder, or clears a message.
    Escape,
    FocusNext,
    FocusPrev,
    /// Move in the focused pane.
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: adopt, jump to, or follow what is selected in the focused pane.
    Select,
    OpenFinder,
    FinderInput(char),
    FinderBackspace,
    FinderClear,
    FinderUp,
    FinderDown,
    /// Jump to the finder's text hits, or back to its entities.
    FinderText,
    FinderAccept,
    /// Next/previous mention of the current entity.
    NextMention,
    PrevMention,
    /// Next/previous mention of any entity.
    NextAnyMention,
    PrevAnyMention,
    /// Jump to the evidence paragraph of the selected relation.
    Evidence,
    /// Next/previous section heading (or file of a corpus).
    NextSection,
    PrevSection,
    /// Open or close the list of documents of a corpus.
    ToggleDocuments,
    /// The jump list.
    Back,
    Forward,
    CycleSort,
    CycleKind,
    ToggleMouse,
    /// Every mention highlighted, or only the current entity's.
    ToggleHighlight,
    /// Half a page down or up (Ctrl-d, Ctrl-u).
    HalfPageDown,
    HalfPageUp,
    /// Scroll so the cursor's row is in the middle of the text pane.
    Center,
    /// A digit of a count typed before a motion (`5j`, `12G`).
    Count(u8),
    /// `m` (or `'`): the next letter sets a mark (or jumps to it).
    AwaitMark {
        jump: bool,
    },
    SetMark(char),
    JumpToMark(char),
    /// List discovered entities of low confidence too, or hide them again.
    ToggleUnsure,
    /// Show only the paragraphs naming the current entity, or all again.
    ToggleFilter,
    /// Open (or close) the concordance of the current entity.
    ToggleConcordance,
    /// Copy the current paragraph (`y`) or mention (`Y`) with its reference.
    CopyParagraph,
    CopyMention,
    /// The `:` command line: open, type, complete, run.
    OpenCommandLine,
    CommandInput(char),
    CommandBackspace,
    /// Delete the last word typed (Ctrl-w), or all but the command (Ctrl-u).
    CommandDeleteWord,
    CommandClear,
    CommandComplete,
    CommandRun,
    /// Curation: take back the last edit, or make it again.
    Undo,
    Redo,
    /// Drop the current entity.
    DropEntity,
    /// Open the command line to rename the current entity, change its
    /// kind, or merge it into another.
    RenameEntity,
    SetKind,
    MergeEntity,
    /// The mention under the cursor is no longer one.
    Unlink,
    /// Start choosing text with the keyboard.
    StartSelection,
    /// While choosing: a word more, a word less, the next or previous word.
    SelectExtend,
    SelectShrink,
    SelectNext,
    SelectPrev,
    /// Link the chosen text to the current entity, or make it a new entity.
    SelectLink,
    SelectNew,
    /// Write the curation where the document came from.
    Save,
    /// A left click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The wheel over a screen cell; negative is up.
    Scroll {
        column: u16,
        row: u16,
        lines: i16,
    },
    Resize {
        width: u16,
        height: u16,
    },
}
