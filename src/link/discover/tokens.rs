//! A paragraph cut into words and punctuation, and what a word looks like:
//! capitalised, a number, an acronym, an initial, code.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenKind {
    Word,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub(super) text: &'a str,
    pub(super) kind: TokenKind,
    /// Whitespace comes right before it.
    pub(super) spaced: bool,
}

pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut spaced = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_alphanumeric() {
            while let Some(&(i, d)) = chars.peek() {
                // Underscores join an identifier ("LZMA_Alone"): one token,
                // which is then never a name.
                if d.is_alphanumeric() || d == '_' {
                    end = i + d.len_utf8();
                    chars.next();
                } else if matches!(d, '\'' | '’') {
                    // Inside a word ("O'Brien", "d'Ivoire"), but not a possessive "’s".
                    let rest = &text[i + d.len_utf8()..];
                    let next_word: String =
                        rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                    if next_word.is_empty() || next_word == "s" {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // "Mr.", "St.", "U.S.", "D.C.": the full stop of an abbreviation
            // is part of the word, so it neither ends the sentence nor
            // splits the name ("St. Louis", "U.S. Capitol").
            end = abbreviation_end(text, start, end);
            while let Some(&(i, _)) = chars.peek() {
                if i >= end {
                    break;
                }
                chars.next();
            }
            TokenKind::Word
        } else {
            TokenKind::Punct
        };
        tokens.push(Token {
            text: &text[start..end],
            kind,
            spaced,
        });
        spaced = false;
    }
    tokens
}

/// Abbreviations written with a full stop, which stays with them.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Ste", "Mt", "Ft", "Jr", "Sr", "Gen", "Sen",
    "Rep", "Gov", "Capt", "Col", "Lt", "Sgt", "Cmdr", "Adm", "Rev", "Hon", "Pres", "Supt", "Insp",
    "Messrs", "Inc", "Ltd", "Co", "Corp", "Bros", "Ave", "Blvd", "Rd", "Sq", "Univ", "Dept",
];

/// Where a word that ends at `end` really ends: after the full stop of an
/// abbreviation ("Dr."), or after the last full stop of letters written
/// with full stops ("U.S.", "D.C.", "e.g.").
fn abbreviation_end(text: &str, start: usize, end: usize) -> usize {
    if text[end..].starts_with('.') && ABBREVIATIONS.contains(&&text[start..end]) {
        return end + 1;
    }
    // Single letters each followed by a full stop, two or more of them.
    let one_letter = |from: usize| {
        let mut cs = text[from..].chars();
        matches!((cs.next(), cs.next()), (Some(c), Some('.')) if c.is_alphabetic())
    };
    if end - start != text[start..end].chars().next().map_or(0, char::len_utf8)
        || !text[end..].starts_with('.')
    {
        return end;
    }
    let mut at = end + 1;
    let mut letters = 1;
    while at < text.len() && one_letter(at) {
        let c = text[at..].chars().next().map_or(1, char::len_utf8);
        at += c + 1;
        letters += 1;
    }
    if letters >= 2 { at } else { end }
}

/// A word written with a full stop that may also end its sentence
/// ("… in the U.S. The next day", "Acme Co. It"), when the next word
/// opens a sentence: a capitalised function word.
pub(super) fn stop_ends_sentence(tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].text;
    let title = matches!(
        word.trim_end_matches('.'),
        "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Prof" | "Capt" | "Col" | "Lt" | "Sgt" | "Rev" | "Hon"
    );
    word.len() > 1
        && word.ends_with('.')
        && !title
        && tokens.get(i + 1).is_none_or(|n| {
            n.kind == TokenKind::Word
                && is_capitalised(n.text)
                && super::lexicon::is_stopword(n.text.to_lowercase().as_str())
        })
}

pub(super) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

/// Letters and digits mixed: "360info", "IP4", "Raven24".
pub(super) fn is_mixed(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(char::is_alphabetic)
}

pub(super) fn is_acronym(word: &str) -> bool {
    crate::link::is_acronym(word) && word.chars().any(char::is_alphabetic)
}

/// A version or build written as a word: digits, lower-case letters,
/// digits ("0beta1", "2rc3").
pub(super) fn is_version(word: &str) -> bool {
    let starts = word.chars().next().is_some_and(|c| c.is_ascii_digit());
    let ends = word.chars().last().is_some_and(|c| c.is_ascii_digit());
    starts
        && ends
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
}

/// A word that can be part of a name.
pub(super) fn is_name_word(word: &str) -> bool {
    !word.contains('_')
        && !is_version(word)
        && !is_contraction(word)
        && (is_capitalised(word) || is_mixed(word))
}

/// A decade: "1960s", "20s", "’90s".
pub(super) fn is_decade(word: &str) -> bool {
    word.strip_suffix('s')
        .is_some_and(|d| (2..=4).contains(&d.len()) && is_number(d) && d.ends_with('0'))
}

/// "2nd", "75th", "21st".
pub(super) fn is_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th")
}

/// A Roman numeral of a chapter or a monarch: "I", "IV", "XII".
pub(super) fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.len() <= 6 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// "I'm", "I've", "don't", "we'll": a word and a clipped verb.
pub(super) fn is_contraction(word: &str) -> bool {
    word.split_once(['\'', '’'])
        .is_some_and(|(_, rest)| matches!(rest, "m" | "ve" | "ll" | "re" | "d" | "t"))
}

/// A single capital letter: an initial when a full stop follows it.
pub(super) fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Letters only, all capitals, four or more: a heading label ("RESULTS")
/// when a sentence starts right after it.
pub(super) fn is_heading_word(word: &str) -> bool {
    word.chars().count() >= 4 && word.chars().all(char::is_uppercase)
}

/// Whether the token at `i` is part of code rather than prose: an
/// identifier (`LZMA_OPT`), a language (`C++`, `C#`), a path or file
/// (`src/main.rs`, `Cargo.toml`), a version (`v1.2.3`).
pub(super) fn is_code(tokens: &[Token], i: usize) -> bool {
    let tok = tokens[i];
    if tok.text.contains('_') {
        return true;
    }
    let next = tokens.get(i + 1).filter(|t| !t.spaced);
    let after = tokens.get(i + 2).filter(|t| !t.spaced);
    let before = i.checked_sub(1).map(|k| tokens[k]).filter(|_| !tok.spaced);
    // "C++", "C#", "src/", "std::fs".
    let path_colons = next.is_some_and(|n| n.text == ":") && after.is_some_and(|a| a.text == ":");
    // "SEO/BirdLife" is two names, not a path.
    let names_slashed = next.is_some_and(|n| n.text == "/")
        && is_capitalised(tok.text)
        && after.is_some_and(|a| a.kind == TokenKind::Word && is_capitalised(a.text));
    if path_colons
        || (!names_slashed && next.is_some_and(|n| matches!(n.text, "+" | "#" | "/" | "\\")))
    {
        return true;
    }
    // "Cargo.toml", "v1.2": a full stop, then at once lower case or digits.
    if next.is_some_and(|n| n.text == ".")
        && after.is_some_and(|a| {
            a.kind == TokenKind::Word
                && a.text
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        })
    {
        return true;
    }
    before.is_some_and(|b| matches!(b.text, "/" | "\\" | "." | "_"))
        && tok.text.chars().all(|c| !c.is_uppercase())
}

pub(super) fn ends_sentence(punct: &str) -> bool {
    matches!(punct, "." | "!" | "?" | "•" | "…")
}
