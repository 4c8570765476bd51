//! Making text safe to show on a terminal. Every pane and every message runs
//! document text through [`visible`], so no escape sequence, bell or
//! bidirectional override from a file is ever obeyed by the terminal.

use std::borrow::Cow;

/// True for characters that must not reach a terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200E}' | '\u{200F}'            // LRM, RLM
            | '\u{202A}'..='\u{202E}'          // embeddings and overrides
            | '\u{2066}'..='\u{2069}'          // isolates
            | '\u{2028}' | '\u{2029}'          // line and paragraph separators
            | '\u{FEFF}')
}

/// A one-character visible stand-in for an unsafe character: control
/// pictures (`␛` for ESC, `␇` for BEL...) where Unicode has one, else `�`.
/// Tabs become a space.
pub fn placeholder(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// `text` with every unsafe character replaced by its placeholder. Each
/// character maps to exactly one character, so character offsets still hold.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { placeholder(c) } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_bell_and_bidi_overrides_are_shown_not_obeyed() {
        let shown = visible("a\u{1b}[31mred\u{7}\u{202E}evil\u{2066}");
        assert_eq!(shown, "a\u{241B}[31mred\u{2407}\u{FFFD}evil\u{FFFD}");
        assert!(!shown.chars().any(is_unsafe));
    }

    #[test]
    fn clean_text_is_borrowed_and_offsets_are_preserved() {
        assert!(matches!(visible("Japan’s 日本"), Cow::Borrowed(_)));
        let dirty = "x\u{1b}y\u{9b}z";
        assert_eq!(visible(dirty).chars().count(), dirty.chars().count());
    }
}
