//! What the explorer is doing, as far as keys are concerned: reading, or
//! in one of its overlays, or choosing text. Each has its own keymap.

/// Which keymap applies: the reader's own, or an overlay's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Normal,
    Finder,
    Documents,
    Help,
    /// The `:` command line.
    Command,
    /// The concordance of an entity.
    Concordance,
    /// Choosing text to make a mention of.
    Select,
}

impl Mode {
    pub const ALL: [Mode; 7] = [
        Mode::Normal,
        Mode::Finder,
        Mode::Documents,
        Mode::Help,
        Mode::Command,
        Mode::Concordance,
        Mode::Select,
    ];

    /// The name of the mode's table in a config file (`[keys.normal]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Finder => "finder",
            Mode::Documents => "documents",
            Mode::Help => "help",
            Mode::Command => "command",
            Mode::Concordance => "concordance",
            Mode::Select => "select",
        }
    }

    /// The heading of the mode's keys in the help.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Normal => "Reading",
            Mode::Finder => "In the finder (/)",
            Mode::Documents => "In the document list (d)",
            Mode::Help => "In this help (?)",
            Mode::Command => "On the command line (:)",
            Mode::Concordance => "In the concordance (c)",
            Mode::Select => "Choosing text (V)",
        }
    }
}
