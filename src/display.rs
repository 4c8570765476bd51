//! Making text safe to show on a terminal. Every pane and every message runs
//! document text through [`visible`], so no escape sequence, bell or
//! bidirectional override from a file is ever obeyed by the terminal.

use std::borrow::Cow;

/// "1 entity", "2 entities", "0 paragraphs".
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ if ["s", "x", "ch", "sh"].iter().any(|end| noun.ends_with(end)) => {
            format!("{n} {noun}es")
        }
        _ => format!("{n} {noun}s"),
    }
}

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

/// Text made safe to put on the clipboard: what the terminal would not be
/// shown (C0 controls but tab and line feed, carriage returns, DEL, C1
/// controls, bidirectional controls) is taken out, so a paste can neither
/// end bracketed paste (`ESC [201~`), nor edit the shell's line (Ctrl-U,
/// Ctrl-O), nor run it (a carriage return). Returns the text and how many
/// characters were taken out.
pub fn clipboard_safe(text: &str) -> (String, usize) {
    let keep = |c: char| c == '\t' || c == '\n' || !is_unsafe(c);
    let removed = text.chars().filter(|&c| !keep(c)).count();
    if removed == 0 {
        return (text.to_string(), 0);
    }
    (text.chars().filter(|&c| keep(c)).collect(), removed)
}

/// Machine output (JSON, JSON Lines) made safe to print: `serde_json` leaves
/// DEL, C1 controls (U+009B is a CSI to some terminals) and bidirectional
/// overrides raw inside strings; they become `\u` escapes, which any JSON
/// reader reads back as the same string. Line breaks and tabs outside
/// strings are layout and stay.
pub fn json_safe(json: String) -> String {
    if !json
        .chars()
        .any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r'))
    {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Graphviz output made safe to print: unsafe characters inside its quoted
/// labels become character entities (`&#x9b;`), which Graphviz reads back.
pub fn dot_safe(dot: String) -> String {
    if !dot
        .chars()
        .any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t'))
    {
        return dot;
    }
    let mut out = String::with_capacity(dot.len() + 16);
    for c in dot.chars() {
        if is_unsafe(c) && !matches!(c, '\n' | '\t') {
            out.push_str(&format!("&#x{:x};", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` padded with spaces to `width` terminal columns (wide CJK
/// characters count two), for aligned tables.
/// A size for people: "512 B", "64 MB", "3.1 GB" (powers of 1024).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let tenths = (value * 10.0).round();
    if unit == 0 || tenths % 10.0 == 0.0 {
        format!("{:.0} {}", tenths / 10.0, UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

pub fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clipboard_gets_no_control_character() {
        let (text, removed) =
            clipboard_safe("a\u{1b}[201~\u{15}b\u{0f}\r\tc\nd\u{9b}e\u{202e}f\u{7f}");
        assert_eq!(text, "a[201~b\tc\ndef");
        assert_eq!(removed, 7);
        assert_eq!(
            clipboard_safe("plain ¶ text"),
            ("plain ¶ text".to_string(), 0)
        );
    }

    #[test]
    fn escape_sequences_bell_and_bidi_overrides_are_shown_not_obeyed() {
        let shown = visible("a\u{1b}[31mred\u{7}\u{202E}evil\u{2066}");
        assert_eq!(shown, "a\u{241B}[31mred\u{2407}\u{FFFD}evil\u{FFFD}");
        assert!(!shown.chars().any(is_unsafe));
    }

    #[test]
    fn json_keeps_its_layout_and_escapes_c1_and_bidi_inside_strings() {
        let json = serde_json::to_string_pretty(&["a\u{9b}31m", "\u{202E}b\u{7f}"]).expect("JSON");
        let safe = json_safe(json);
        assert_eq!(safe, "[\n  \"a\\u009b31m\",\n  \"\\u202eb\\u007f\"\n]");
        let back: Vec<String> = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, ["a\u{9b}31m", "\u{202E}b\u{7f}"]);
    }

    #[test]
    fn padding_counts_terminal_columns() {
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("Japan", 6), "Japan ");
    }

    #[test]
    fn clean_text_is_borrowed_and_offsets_are_preserved() {
        assert!(matches!(visible("Japan’s 日本"), Cow::Borrowed(_)));
        let dirty = "x\u{1b}y\u{9b}z";
        assert_eq!(visible(dirty).chars().count(), dirty.chars().count());
    }
}
