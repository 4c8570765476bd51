//! How the text is laid out and marked: the config's `[view]`.

/// How the text is laid out and marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// The widest the text runs, in columns, however wide the pane.
    pub max_width: usize,
    /// Every mention highlighted (else only the current entity's).
    pub highlight_all: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            max_width: 100,
            highlight_all: true,
        }
    }
}
