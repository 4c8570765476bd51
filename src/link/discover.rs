//! Finding entities in text that comes without a catalog, so the entity
//! list is useful at once. The rules, in order:
//!
//! - **proper-noun phrases**: runs of capitalised words (and words mixing
//!   letters and digits, such as "360info" or "IP4"), joined by hyphens or by
//!   connecting words inside names ("Strategy for the Blue Pacific
//!   Continent"), a number allowed at either end ("2050 Strategy…",
//!   "Noble Raven 24");
//! - **sentence starts**: a capital that only marks the start of a sentence
//!   is dropped: a leading function word ("The", "Both") or a word also
//!   written in lower case elsewhere is cut off, and a lone sentence-initial
//!   word is kept only if it is capitalised mid-sentence somewhere too, or
//!   known to the gazetteer;
//! - **titles** ("Dr", "PM", "Prime Minister", "President"…) split a run and
//!   mark the name after them as a person: "New Zealand Prime Minister
//!   Christopher Luxon" is New Zealand and Christopher Luxon;
//! - **acronyms with expansions** written together ("the Quadrilateral
//!   Security Dialogue, or QUAD", "Indo-Pacific Four (IP4)", "IP4
//!   (Indo-Pacific Four)") become one entity with both names;
//! - **short forms**: a lone word that ends an earlier multi-word name
//!   ("Luxon" after "Christopher Luxon") is that name's alias;
//! - **kinds** come from the gazetteer (`assets/gazetteer.tsv`: countries
//!   with demonyms, so "Japanese" is Japan; cities; seas and regions), from
//!   titles (person), and from head words (University, Council → organisation;
//!   Forum, Dialogue → alliance; Agreement, Strategy → agreement; Exercise,
//!   Summit → event; Sea, Strait → place). Anything else stays "other".
//!
//! The entities found are then linked like catalog entities, by
//! [`super::Linker`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::model::{Block, Document, Entity};

/// The bundled gazetteer.
const GAZETTEER: &str = include_str!("../../assets/gazetteer.tsv");

/// Given names of many languages, lower-cased, as a finite-state set
/// (`assets/given-names.txt`, `assets/given-names-world.txt`; see `build.rs`).
static GIVEN_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/given-names.fst"));

/// Cities and regions (`assets/places.tsv`), and each of their names,
/// lower-cased, to the byte offset of its line there.
const PLACES: &str = include_str!("../../assets/places.tsv");
static PLACE_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.fst"));

/// Whether a word is a known given name ("Richard", "Lasse", "Núria").
fn is_given_name(word: &str) -> bool {
    static NAMES: OnceLock<Option<fst::Set<&'static [u8]>>> = OnceLock::new();
    NAMES
        .get_or_init(|| fst::Set::new(GIVEN_NAMES).ok())
        .as_ref()
        .is_some_and(|set| set.contains(word.to_lowercase()))
}

/// A city or region of `assets/places.tsv` by any of its names.
fn place(name: &str) -> Option<Known> {
    static MAP: OnceLock<Option<fst::Map<&'static [u8]>>> = OnceLock::new();
    let map = MAP
        .get_or_init(|| fst::Map::new(PLACE_NAMES).ok())
        .as_ref()?;
    let offset = usize::try_from(map.get(name.to_lowercase())?).ok()?;
    let line = PLACES.get(offset..)?.lines().next()?;
    let mut fields = line.split('\t');
    Some(Known {
        kind: fields.next()?,
        name: fields.next()?,
    })
}

/// One known place: its kind and canonical name.
#[derive(Debug, Clone, Copy)]
struct Known {
    kind: &'static str,
    name: &'static str,
}

/// Known places by lower-cased name or other name.
struct Gazetteer {
    entries: Vec<Known>,
    by_name: HashMap<String, usize>,
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut entries = Vec::new();
        let mut by_name = HashMap::new();
        for line in GAZETTEER
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut fields = line.split('\t');
            let (Some(kind), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            let others: Vec<&str> = fields
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|s| !s.is_empty())
                .collect();
            let id = entries.len();
            for n in std::iter::once(name).chain(others.iter().copied()) {
                by_name.entry(n.to_lowercase()).or_insert(id);
            }
            entries.push(Known { kind, name });
        }
        Gazetteer { entries, by_name }
    })
}

impl Gazetteer {
    /// A known place by any of its names: the curated list first (its
    /// countries, seas and regions, with demonyms), then the cities and
    /// regions of the world.
    fn get(&self, name: &str) -> Option<Known> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|&i| Known {
                kind: self.entries[i].kind,
                name: self.entries[i].name,
            })
            .or_else(|| place(name))
    }

    /// A place of the curated list only (countries, seas, regions, capitals).
    fn curated(&self, name: &str) -> Option<&Known> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|&i| &self.entries[i])
    }
}

/// Function words that start sentences but never names.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "in", "on", "at", "of", "for", "to", "from",
    "by", "with", "as", "and", "but", "or", "nor", "so", "yet", "if", "when", "while", "after",
    "before", "since", "because", "although", "though", "despite", "beyond", "both", "all", "some",
    "many", "most", "each", "every", "other", "another", "such", "he", "she", "it", "we", "they", "i",
    "you", "his", "her", "its", "our", "their", "my", "your", "there", "here", "however", "meanwhile",
    "moreover", "also", "yet", "still", "thus", "then", "now", "today", "yesterday", "tomorrow", "are",
    "is", "was", "were", "be", "been", "do", "does", "did", "have", "has", "had", "can", "could",
    "will", "would", "should", "may", "might", "must", "not", "no", "yes", "what", "who", "whom",
    "which", "where", "why", "how", "than", "over", "under", "about", "into", "through", "during",
    "without", "within", "between", "among", "against", "across", "per", "via", "mr", "mrs", "ms", "dr",
    "prof", "according", "following", "including", "regarding", "concerning", "given", "based",
    "using", "see", "note", "version", "later", "earlier", "soon", "again", "once", "first", "next",
    "finally", "instead", "indeed",
    // Spanish, French, Italian, Portuguese and German function words that
    // open sentences ("Según Aagesen", "El delta"); mid-sentence they still
    // begin names ("La Rioja", "El País").
    "el", "los", "las", "un", "una", "según", "en", "con", "para", "por", "desde", "hasta", "sin",
    "sobre", "pero", "aunque", "como", "cuando", "donde", "este", "esta", "les", "une", "dans",
    "avec", "pour", "selon", "mais", "il", "lo", "gli", "uno", "nel", "nella", "die", "das", "ein",
    "eine", "und", "mit", "für", "nach", "os", "um", "uma", "com", "segundo",
];

/// Whether a lower-cased word is a function word (see [`STOPWORDS`]).
fn is_stopword(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(lower)
}

/// The kind a head word gives: from [`FIRST_HEADS`] when `first`, else
/// from [`HEAD_WORDS`].
fn head_in(word: &str, first: bool) -> Option<(&'static str, &'static str)> {
    type Heads = HashMap<&'static str, &'static str>;
    static MAPS: OnceLock<(Heads, Heads)> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        let map = |t: &[(&'static str, &'static [&'static str])]| {
            let mut m = HashMap::new();
            for (kind, heads) in t {
                for h in *heads {
                    m.entry(*h).or_insert(*kind);
                }
            }
            m
        };
        (map(HEAD_WORDS), map(FIRST_HEADS))
    });
    let map = if first { &maps.1 } else { &maps.0 };
    map.get_key_value(word).map(|(h, k)| (*k, *h))
}

/// Units after a number: "10 KiB" is a size, not a name.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "Hz", "kHz", "MHz", "GHz", "Mbps",
    "Gbps", "ms", "km", "kg", "mm", "cm", "V", "W", "kW", "MW", "GW", "kWh", "K", "C", "F", "USD",
    "EUR", "GBP", "NZD", "JPY", "AUD",
];

/// Words that are never an entity on their own.
#[rustfmt::skip]
const NEVER_ALONE: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "new", "old", "great", "prime", "minister", "president", "chapter", "section", "part", "figure",
    "table", "page", "fahrenheit", "celsius", "kelvin", "gobierno", "government",
];

/// Lower-case words allowed inside names, between capitalised words.
#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "de", "du", "des", "la", "le", "von", "van", "der", "den", "del", "da", "di",
];

/// Titles, longest first; a name after one is a person's.
#[rustfmt::skip]
const TITLES: &[&[&str]] = &[
    &["Deputy", "Prime", "Minister"], &["Prime", "Minister"], &["Foreign", "Minister"], &["Defence",
    "Minister"], &["Defense", "Minister"], &["Vice", "President"], &["Secretary", "of", "State"],
    &["Secretary-General"], &["Secretary", "General"], &["President"], &["Premier"], &["Chancellor"], &["Minister"], &["PM"],
    &["Dr"], &["Mr"], &["Mrs"], &["Ms"], &["Prof"], &["Professor"], &["Sir"], &["Dame"], &["King"],
    &["Queen"], &["Prince"], &["Princess"], &["Senator"], &["Governor"], &["General"], &["Admiral"],
    &["Ambassador"], &["Pope"], &["Judge"],
];

/// Last words of names that give away their kind.
#[rustfmt::skip]
const HEAD_WORDS: &[(&str, &[&str])] = &[
    ("organisation", &[
        "University", "College", "Institute", "Program", "Programme", "School", "Ministry",
        "Department", "Council", "Agency", "Commission", "Committee", "Bank", "Fund", "Company",
        "Corporation", "Corp", "Inc", "Ltd", "LLC", "GmbH", "AG", "SA", "Plc", "Project", "Party", "Office", "Service", "Force", "Forces",
        "Navy", "Army", "Court", "Parliament", "Congress", "Senate", "Government", "Organisation",
        "Organization", "Foundation", "Society", "Centre", "Center", "Times", "Post", "News",
        "Press", "Secretariat", "Authority", "Conservancy", "Institution", "Club", "Courts",
        "Hospital", "Museum", "Library", "Academy", "Board", "Bureau", "Trust", "Network", "Inn",
        "Inns", "Bench",
    ]),
    ("alliance", &[
        "Forum", "Alliance", "Dialogue", "Union", "League", "Coalition", "Partnership", "Group",
        "Bloc", "Community", "Association",
    ]),
    ("agreement", &[
        "Agreement", "Treaty", "License", "Licence", "Strategy", "Accord", "Accords", "Convention", "Charter", "Protocol",
        "Act", "Declaration", "Pact", "Plan", "Framework", "Initiative",
    ]),
    ("event", &[
        "Exercise", "Summit", "Conference", "War", "Games", "Olympics", "Election", "Crisis",
        "Revolution", "Meeting",
    ]),
    ("place", &[
        "Sea", "Ocean", "Strait", "Gulf", "Bay", "River", "Lake", "Mountain", "Mountains", "Island",
        "Islands", "Peninsula", "Continent", "Region", "Valley", "Desert", "Coast", "Canal",
        "Street", "Road", "Avenue", "Square", "Row", "Gardens", "Lane", "Park", "Market", "House",
        "Palace", "Bridge", "Castle", "Harbour", "Harbor", "Airport", "Station",
    ]),
    ("city", &[
        "City", "Town",
    ]),
];

/// First words that give away a name's kind where the head comes first:
/// Spanish, French, Italian and Portuguese ("Universidad Pública de
/// Navarra", "Ministerio de Agricultura"), and English "Project", "Lake"...
#[rustfmt::skip]
const FIRST_HEADS: &[(&str, &[&str])] = &[
    ("organisation", &[
        "Universidad", "Universitat", "Université", "Università", "Universidade", "Ministerio",
        "Ministère", "Ministero", "Ministério", "Comisión", "Commissione", "Confederación",
        "Federación", "Fédération", "Federazione", "Consejo", "Conseil", "Consiglio", "Instituto",
        "Institut", "Istituto", "Hospital", "Hôpital", "Hôpitaux", "Ospedale", "Banco", "Banque",
        "Asociación", "Fundación", "Fondation", "Fondazione", "Agencia", "Agence", "Agenzia",
        "Partido", "Parti", "Partito", "Tribunal", "Tribunale", "Corte", "Cour", "Servicio",
        "Servizio", "Junta", "Generalitat", "Ayuntamiento", "Diputación", "Congreso", "Senado",
        "Asamblea", "Assemblée", "Organización", "Sociedad", "Société", "Società", "Museo", "Musée",
        "Escuela", "École", "Colegio", "Project",
    ]),
    ("agreement", &["Plan", "Ley", "Loi", "Legge", "Tratado", "Traité", "Acuerdo", "Accordo"]),
    ("place", &[
        "Río", "Lago", "Monte", "Sierra", "Isla", "Islas", "Golfo", "Bahía", "Cabo", "Calle",
        "Avenida", "Plaza", "Rue", "Lac", "Mont", "Île", "Golfe", "Piazza", "Lake", "Mount", "Cape",
        "Fort",
    ]),
];

/// Lower-case words for what a person does, written before their name
/// ("opposition leader Inia Seruiratu", "the Debian maintainer, Guillem Jover").
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "leader", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chairman",
    "chairwoman", "director", "professor", "author", "researcher", "fellow", "analyst",
    "ambassador", "president", "senator", "mayor", "governor", "maintainer", "founder", "ceo",
    "chief", "editor", "reporter", "writer", "novelist", "poet", "painter", "actor", "actress",
    "singer", "player", "coach", "captain", "lawyer", "judge", "economist", "scientist", "historian",
    "ministra", "ministro", "presidente", "presidenta", "portavoz", "director", "directora",
    "secretario", "secretaria", "alcalde", "alcaldesa", "responsable", "ministre", "député",
];

/// Plural heads written for two names at once ("East and South China Seas").
#[rustfmt::skip]
const PLURAL_HEADS: &[(&str, &str)] = &[
    ("Seas", "Sea"), ("Oceans", "Ocean"), ("Straits", "Strait"), ("Rivers", "River"), ("Lakes", "Lake"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    kind: TokenKind,
    /// Whitespace comes right before it.
    spaced: bool,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
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

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

/// Letters and digits mixed: "360info", "IP4", "Raven24".
fn is_mixed(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(char::is_alphabetic)
}

fn is_acronym(word: &str) -> bool {
    super::is_acronym(word) && word.chars().any(char::is_alphabetic)
}

/// A version or build written as a word: digits, lower-case letters,
/// digits ("0beta1", "2rc3").
fn is_version(word: &str) -> bool {
    let starts = word.chars().next().is_some_and(|c| c.is_ascii_digit());
    let ends = word.chars().last().is_some_and(|c| c.is_ascii_digit());
    starts
        && ends
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
}

/// A word that can be part of a name.
fn is_name_word(word: &str) -> bool {
    !word.contains('_')
        && !is_version(word)
        && !is_contraction(word)
        && (is_capitalised(word) || is_mixed(word))
}

/// "2nd", "75th", "21st".
fn is_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th")
}

/// A Roman numeral of a chapter or a monarch: "I", "IV", "XII".
fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.len() <= 6 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// "I'm", "I've", "don't", "we'll": a word and a clipped verb.
fn is_contraction(word: &str) -> bool {
    word.split_once(['\'', '’'])
        .is_some_and(|(_, rest)| matches!(rest, "m" | "ve" | "ll" | "re" | "d" | "t"))
}

/// A single capital letter: an initial when a full stop follows it.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Letters only, all capitals, four or more: a heading label ("RESULTS")
/// when a sentence starts right after it.
fn is_heading_word(word: &str) -> bool {
    word.chars().count() >= 4 && word.chars().all(char::is_uppercase)
}

/// Whether the token at `i` is part of code rather than prose: an
/// identifier (`LZMA_OPT`), a language (`C++`, `C#`), a path or file
/// (`src/main.rs`, `Cargo.toml`), a version (`v1.2.3`).
fn is_code(tokens: &[Token], i: usize) -> bool {
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

fn ends_sentence(punct: &str) -> bool {
    matches!(punct, "." | "!" | "?" | "•" | "…")
}

/// One name found in the text, before names are merged.
#[derive(Debug, Clone)]
struct Candidate {
    words: Vec<String>,
    /// Token range in the paragraph.
    tokens: (usize, usize),
    starts_sentence: bool,
    after_title: bool,
    /// An acronym written beside it.
    alias: Option<String>,
    /// The list of names it stands in ("Levuka, Savusavu and Rotuma"), if any.
    list: Option<usize>,
    around: Around,
}

/// Where a candidate stands, beyond its sentence.
#[derive(Debug, Clone, Copy, Default)]
struct Around {
    /// "in" (or "en", "à", "near") right before it.
    after_in: bool,
    /// In a heading, where every word may be capitalised.
    in_heading: bool,
}

impl Candidate {
    fn text(&self) -> String {
        let mut out = String::new();
        for (i, w) in self.words.iter().enumerate() {
            let glued = matches!(w.as_str(), "-" | "." | "/")
                || w.starts_with(['\'', '’'])
                || matches!(self.words[i.saturating_sub(1)].as_str(), "-" | "/");
            if i > 0 && !glued {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }
}

/// Title at `words[i..]`: its length in words.
fn title_at(words: &[&str], i: usize) -> usize {
    TITLES
        .iter()
        .find(|t| words.len() >= i + t.len() && words[i..i + t.len()] == ***t)
        .map_or(0, |t| t.len())
}

/// Words at `i` that are no name however they are written, as (tokens to
/// skip, whether a sentence starts after them): code, a heading label
/// ("RESULTS The …"), a quantity ("10 KiB").
fn not_a_name(tokens: &[Token], i: usize) -> Option<(usize, bool)> {
    let tok = tokens[i];
    if is_code(tokens, i) {
        return Some((1, false));
    }
    let next_word = tokens
        .get(i + 1)
        .filter(|n| n.kind == TokenKind::Word && n.spaced);
    // "RESULTS The…", and any capitalised word after a label opening a
    // paragraph ("CONCLUSIONS Heat-health…").
    let heading = is_heading_word(tok.text)
        && next_word.is_some_and(|n| {
            is_capitalised(n.text)
                && !n.text.chars().all(char::is_uppercase)
                && (i == 0 || is_stopword(n.text.to_lowercase().as_str()))
        });
    if heading {
        return Some((1, true));
    }
    if is_number(tok.text) && next_word.is_some_and(|n| UNITS.contains(&n.text)) {
        return Some((2, false));
    }
    None
}

/// After `words`, at token `j`: the full stop of an initial ("J. K.
/// Rowling"), when a word of the name follows it.
fn initial_stop(tokens: &[Token], j: usize, words: &[&str]) -> bool {
    tokens[j].text == "."
        && !tokens[j].spaced
        && words.last().is_some_and(|w| is_initial(w))
        && tokens.get(j + 1).is_some_and(|a| {
            a.spaced
                && a.kind == TokenKind::Word
                && is_name_word(a.text)
                && !is_stopword(a.text.to_lowercase().as_str())
        })
}

/// Heads a possessive may come before inside a name ("Lincoln's Inn").
const POSSESSIVE_HEADS: &[&str] = &["Cathedral", "Church", "Chapel", "Abbey"];

/// At token `j`, a possessive ("'s") then a head word ("Inn", "Bench",
/// "Association"…) continuing the name: the two words to add.
fn possessive_head<'a>(
    tokens: &[Token<'a>],
    j: usize,
    words: &[&str],
) -> Option<(&'a str, &'a str)> {
    let (apostrophe, s, head) = (tokens.get(j)?, tokens.get(j + 1)?, tokens.get(j + 2)?);
    let is_head = |w: &str| POSSESSIVE_HEADS.contains(&w) || head_in(w, false).is_some();
    let country = || {
        gazetteer()
            .get(&words.join(" "))
            .is_some_and(|k| k.kind == "country")
    };
    (matches!(apostrophe.text, "'" | "’")
        && !apostrophe.spaced
        && s.text == "s"
        && !s.spaced
        && head.spaced
        && head.kind == TokenKind::Word
        && is_head(head.text)
        && !country())
    .then_some((if apostrophe.text == "'" { "'s" } else { "’s" }, head.text))
}

/// Whether what someone does is written just before the run at `start`:
/// "opposition leader Inia Seruiratu", "the Debian maintainer, Guillem
/// Jover", "Secretary General, Baron Waqa".
fn after_role(tokens: &[Token], start: usize) -> bool {
    let Some(mut k) = start.checked_sub(1) else {
        return false;
    };
    let comma = tokens[k].text == ",";
    if comma {
        let Some(before) = k.checked_sub(1) else {
            return false;
        };
        k = before;
    }
    let word = tokens[k];
    word.kind == TokenKind::Word
        && (ROLES.contains(&word.text)
            || (comma && TITLES.iter().any(|t| t.last() == Some(&word.text))))
}

/// Where the sentence starts again: after a full stop, and after the
/// dateline of a news story ("SUVA, Fiji — Leaders…").
fn opens_sentence(tokens: &[Token], i: usize) -> bool {
    let t = tokens[i];
    ends_sentence(t.text)
        || (matches!(t.text, "—" | "–")
            && i < 8
            && tokens[0].text.chars().count() >= 3
            && tokens[0].text.chars().all(|c| !c.is_lowercase()))
}

/// The run of name words from token `i`: the words and the token after them.
fn extend_run<'a>(tokens: &[Token<'a>], i: usize) -> (Vec<&'a str>, usize) {
    let mut words: Vec<&str> = vec![tokens[i].text];
    let mut j = i + 1;
    while let Some(next) = tokens.get(j) {
        if is_code(tokens, j) {
            break;
        }
        if initial_stop(tokens, j, &words) {
            words.push(".");
            j += 1;
            continue;
        }
        if next.kind == TokenKind::Word && (is_name_word(next.text) || is_number(next.text)) {
            // A number only follows a word of the name ("Noble Raven 24"),
            // and a version is no part of it ("CMake 3.20").
            let version = tokens
                .get(j + 1)
                .is_some_and(|t| t.text == "." && !t.spaced)
                && tokens
                    .get(j + 2)
                    .is_some_and(|t| !t.spaced && is_number(t.text));
            if is_number(next.text) && (!is_name_word(words[words.len() - 1]) || version) {
                break;
            }
            words.push(next.text);
            j += 1;
            continue;
        }
        // A hyphen between capitalised words, unless what came before is
        // a known name on its own ("Japan-New Zealand").
        if next.text == "-" && !next.spaced {
            if let Some(after) = tokens
                .get(j + 1)
                .filter(|a| !a.spaced && a.kind == TokenKind::Word && is_name_word(a.text))
            {
                let so_far = words.join(" ");
                if gazetteer().curated(&so_far).is_none() {
                    words.push("-");
                    words.push(after.text);
                    j += 2;
                    continue;
                }
            }
            break;
        }
        // "Lincoln's Inn", "Queen's Bench": a possessive inside the name
        // of a place or body (not a country's: "Japan's Navy").
        if let Some((possessive, head)) = possessive_head(tokens, j, &words) {
            words.push(possessive);
            words.push(head);
            j += 3;
            continue;
        }
        // "SEO/BirdLife": a slash between two names.
        if next.text == "/"
            && !next.spaced
            && let Some(after) = tokens
                .get(j + 1)
                .filter(|a| !a.spaced && a.kind == TokenKind::Word && is_capitalised(a.text))
        {
            words.push("/");
            words.push(after.text);
            j += 2;
            continue;
        }
        // Connecting words, when a capitalised word follows them: not
        // after a person's name ("Ahmed Benali of Cloudflare"), "for"
        // only after the head of a body or document ("Centre for…"),
        // "and" only inside a body's "of" ("School of Hygiene and
        // Tropical Medicine").
        let joins = |w: &str| {
            CONNECTORS.contains(&w)
                || (matches!(w, "and" | "&")
                    && words.contains(&"of")
                    && head_kind(&words.iter().map(|w| (*w).to_string()).collect::<Vec<_>>())
                        .is_some_and(|(kind, _)| kind == "organisation"))
        };
        let person_so_far = (2..=3).contains(&words.len())
            && is_given_name(words[0])
            && words.iter().all(|w| is_capitalised(w));
        let stop_here = next.kind == TokenKind::Word
            && ((matches!(next.text, "of" | "for") && person_so_far)
                || (next.text == "for" && head_in(words[words.len() - 1], false).is_none()));
        if next.kind == TokenKind::Word && joins(next.text) && !stop_here {
            let mut k = j;
            while tokens
                .get(k)
                .is_some_and(|t| t.kind == TokenKind::Word && joins(t.text))
            {
                k += 1;
            }
            if tokens
                .get(k)
                .is_some_and(|t| t.kind == TokenKind::Word && is_capitalised(t.text))
            {
                words.extend(tokens[j..k].iter().map(|t| t.text));
                j = k;
                continue;
            }
        }
        break;
    }
    (words, j)
}

/// Proper-noun phrases of one paragraph, in order.
fn candidates(tokens: &[Token]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        if tok.kind == TokenKind::Punct {
            if opens_sentence(tokens, i) {
                sentence_start = true;
            }
            i += 1;
            continue;
        }
        if let Some((skip, starts)) = not_a_name(tokens, i) {
            sentence_start = starts;
            i += skip;
            continue;
        }
        // A number opens a name after a space or an opening quote, not
        // after a full stop ("CCBY4.0 Japan"), and only before a word
        // written as a name ("2050 Strategy", not "1999 CNRI").
        let opens = tok.spaced
            || (i > 0 && tokens[i - 1].kind == TokenKind::Punct && tokens[i - 1].text != ".");
        let leading_number = is_number(tok.text)
            && opens
            && tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Word
                    && is_capitalised(n.text)
                    && n.text.chars().any(char::is_lowercase)
                    && !is_code(tokens, i + 1)
            });
        if !is_name_word(tok.text) && !leading_number {
            sentence_start = false;
            i += 1;
            continue;
        }
        let start = i;
        let (mut words, mut j) = extend_run(tokens, i);
        // Trailing connectors and a trailing lone number never end a name.
        while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
            words.pop();
            j -= 1;
        }
        let person_shaped = (2..=3).contains(&words.len())
            && words.iter().all(|w| is_capitalised(w))
            && head_kind(&words.iter().map(|w| (*w).to_string()).collect::<Vec<_>>()).is_none();
        let role = person_shaped && after_role(tokens, start);
        split_by_titles(&words, start, sentence_start, role, &mut out);
        sentence_start = false;
        i = j;
    }
    out
}

/// Splits a run at titles; the run after a title is a person's name.
fn split_by_titles(
    words: &[&str],
    first_token: usize,
    starts_sentence: bool,
    after_role: bool,
    out: &mut Vec<Candidate>,
) {
    let mut segment: Vec<String> = Vec::new();
    let mut segment_start = 0;
    let mut after_title = after_role;
    let mut first = true;
    let mut i = 0;
    // Token positions: hyphens are tokens too, so words and tokens align.
    let mut push = |segment: &mut Vec<String>,
                    start: usize,
                    end: usize,
                    after_title: bool,
                    first: &mut bool| {
        if !segment.is_empty() {
            out.push(Candidate {
                words: std::mem::take(segment),
                tokens: (first_token + start, first_token + end),
                starts_sentence: starts_sentence && *first,
                after_title,
                alias: None,
                list: None,
                around: Around::default(),
            });
        }
        *first = false;
    };
    // "General Public License": a title word inside a name whose last word
    // gives its kind is not a title.
    let named_thing = words
        .last()
        .is_some_and(|last| head_in(last, false).is_some());
    while i < words.len() {
        let t = if named_thing { 0 } else { title_at(words, i) };
        if t > 0 {
            push(&mut segment, segment_start, i, after_title, &mut first);
            i += t;
            // "Prime Minister of Japan": what follows "of" is the title's
            // country, not a person.
            after_title = !words.get(i).is_some_and(|w| CONNECTORS.contains(w));
            while words.get(i).is_some_and(|w| CONNECTORS.contains(w)) {
                i += 1;
            }
            segment_start = i;
            continue;
        }
        segment.push(words[i].to_string());
        i += 1;
    }
    push(
        &mut segment,
        segment_start,
        words.len(),
        after_title,
        &mut first,
    );
}

/// Joins "PHRASE, or ACRONYM", "PHRASE (ACRONYM)" and "ACRONYM (PHRASE)".
fn pair_acronyms(tokens: &[Token], cands: &mut Vec<Candidate>) {
    let mut i = 0;
    while i + 1 < cands.len() {
        let (a_end, b_start) = (cands[i].tokens.1, cands[i + 1].tokens.0);
        let between: Vec<&str> = tokens[a_end..b_start].iter().map(|t| t.text).collect();
        let paren = between == ["("]
            && tokens
                .get(cands[i + 1].tokens.1)
                .is_some_and(|t| t.text == ")");
        let or = between == [",", "or"];
        let core = |c: &Candidate| -> Vec<String> {
            c.words
                .iter()
                .skip_while(|w| is_stopword(w.to_lowercase().as_str()))
                .cloned()
                .collect()
        };
        let single_acronym = |c: &Candidate| {
            let words = core(c);
            words.len() == 1 && (is_acronym(&words[0]) || is_mixed(&words[0]))
        };
        let initials_agree = |long: &Candidate, short: &Candidate| {
            let first = long
                .words
                .iter()
                .find(|w| !is_stopword(w.to_lowercase().as_str()))
                .and_then(|w| w.chars().next());
            let short_first = core(short).first().and_then(|w| w.chars().next());
            first.map(|c| c.to_ascii_lowercase()) == short_first.map(|c| c.to_ascii_lowercase())
        };
        if (paren || or)
            && cands[i].words.len() > 1
            && single_acronym(&cands[i + 1])
            && initials_agree(&cands[i], &cands[i + 1])
        {
            let short = cands.remove(i + 1);
            cands[i].alias = core(&short).pop();
        } else if paren
            && single_acronym(&cands[i])
            && cands[i + 1].words.len() > 1
            && initials_agree(&cands[i + 1], &cands[i])
        {
            let short = cands.remove(i);
            cands[i].alias = core(&short).pop();
        }
        i += 1;
    }
}

/// An entity being assembled from the candidates naming it.
#[derive(Debug, Clone)]
struct Found {
    name: String,
    aliases: Vec<String>,
    kind: Option<&'static str>,
    /// How the kind was guessed, for the description.
    cue: String,
    /// How many times it was found written as a name.
    seen: usize,
    /// Whether it was once found inside a sentence, where its capital is its own.
    mid: bool,
    /// Whether "in" stood before it once ("stops in Levuka").
    after_in: bool,
    /// Whether it was found outside headings.
    in_text: bool,
}

/// Acronyms of technical prose, no entity on their own.
#[rustfmt::skip]
const COMMON_ACRONYMS: &[&str] = &[
    "API", "CPU", "GPU", "RAM", "ROM", "URL", "URI", "HTTP", "HTTPS", "HTML", "CSS", "JSON", "XML",
    "YAML", "TOML", "CSV", "PDF", "SQL", "SSH", "TLS", "SSL", "TCP", "UDP", "IP", "DNS", "USB", "CLI",
    "GUI", "IDE", "SDK", "OS", "CI", "CD", "PR", "FAQ", "README", "TODO", "ASCII", "UTF", "UUID", "ID",
    "IO", "AI", "ML", "NLP", "CVE", "LTS", "EOF", "NULL", "OK", "AM", "PM", "BC", "AD", "CEO", "CTO",
    "CFO", "GDP", "ETA", "FYI", "RSS", "DIY", "VAT", "TV", "PC", "NB", "PS", "QA", "UI", "UX", "RFC",
    "ISO", "PhD", "MSc", "BSc", "MD", "DOI", "ISBN", "ISSN", "CI", "CO2", "GMT", "UTC",
];

/// Endings of words made from names ("Byronic", "Korean", "Frenchman"):
/// adjectives and people, not the named thing.
const DERIVED: &[&str] = &[
    "ic", "ical", "ish", "ese", "ian", "ean", "man", "men", "ism",
];

/// Below this confidence (in percent) a discovered entity is hidden from
/// the entity list until asked for.
pub const LOW_CONFIDENCE: u8 = 50;

impl Found {
    /// How sure discovery is, in percent: the evidence for its kind (a
    /// gazetteer entry, a title, a head word, a given name), else its shape
    /// (several words beat one), and ten more for each time it was seen
    /// again, up to thirty.
    fn confidence(&self) -> u8 {
        let evidence: u8 = match (self.kind, self.cue.as_str()) {
            (Some(_), "the gazetteer") => 95,
            (Some(_), "a title before the name") => 90,
            (Some(_), cue) if cue.starts_with("the word") => 85,
            (Some(_), cue) if cue.starts_with("an acronym") => 55,
            (Some(_), cue) if cue.starts_with("\"in\"") || cue.starts_with("the names listed") => {
                60
            }
            (Some(_), _) => 80,
            (None, _) if self.name.split_whitespace().count() > 1 => 60,
            // One word: letters and digits are most often code or models
            // ("C99"); a capitalised word inside a sentence is a name unless
            // made from one ("Byronic"); an acronym, unless a common one.
            (None, _) if is_mixed(&self.name) || COMMON_ACRONYMS.contains(&self.name.as_str()) => {
                30
            }
            (None, _)
                if is_acronym(&self.name) && !COMMON_ACRONYMS.contains(&self.name.as_str()) =>
            {
                55
            }
            (None, _) if self.mid && !DERIVED.iter().any(|d| self.name.ends_with(d)) => 50,
            (None, _) => 40,
        };
        let again = u8::try_from(self.seen.saturating_sub(1).min(3) * 10).unwrap_or(30);
        evidence.saturating_add(again).min(100)
    }
}

impl Found {
    fn add_alias(&mut self, alias: &str) {
        if alias != self.name && !self.aliases.iter().any(|a| a == alias) {
            self.aliases.push(alias.to_string());
        }
    }
}

fn key(name: &str) -> String {
    name.to_lowercase()
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The kind a name's head word gives away. The head is the last word
/// before a connecting word ("University of Tokyo", "Strategy for the Blue
/// Pacific Continent"), or the last word ("Republic of Fiji Navy"), or, in
/// languages that put it first, the first ("Ministerio de Agricultura").
fn head_kind(words: &[String]) -> Option<(&'static str, &'static str)> {
    let find = head_in;
    let end = words
        .iter()
        .position(|w| CONNECTORS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let last = words.last()?;
    words[..end]
        .last()
        .and_then(|w| find(w, false))
        .or_else(|| find(last, false))
        .or_else(|| {
            let first = words
                .iter()
                .position(|w| !is_stopword(w.to_lowercase().as_str()))?;
            (words.len() > first + 1)
                .then(|| find(&words[first], true))
                .flatten()
        })
        .or_else(|| {
            words
                .iter()
                .any(|w| w == "University")
                .then_some(("organisation", "University"))
        })
}

/// Entities named in a document, most useful first (in order of appearance).
pub fn discover(document: &Document) -> Vec<Entity> {
    let paragraphs: Vec<(&str, bool)> = document
        .paragraphs
        .iter()
        .filter(|p| p.linkable())
        .map(|p| (p.text.as_str(), matches!(p.block, Block::Heading(_))))
        .collect();
    let (seen, candidates) = scan(&paragraphs);
    let mut gathered = Gathered::default();
    let mut lists: HashMap<usize, Vec<usize>> = HashMap::new();
    for c in candidates {
        if let Some(c) = judge(c, &seen) {
            let list = c.list;
            let index = gathered.add(c);
            if let Some(list) = list {
                lists.entry(list).or_default().push(index);
            }
        }
    }
    gathered.kinds_from_context(&lists);
    gathered.merge_short_forms();
    gathered.into_entities()
}

/// How words are written across the text.
#[derive(Default)]
struct Seen {
    /// Words seen in lower case.
    lower: rustc_hash::FxHashSet<String>,
    /// Capitalised words seen mid-sentence.
    mid_caps: rustc_hash::FxHashSet<String>,
    /// How many sentences each capitalised word opens.
    starts: rustc_hash::FxHashMap<String, usize>,
}

/// The candidates of every paragraph, and how their words are written elsewhere.
fn scan(paragraphs: &[(&str, bool)]) -> (Seen, Vec<Candidate>) {
    let mut seen = Seen::default();
    let mut all: Vec<Candidate> = Vec::new();
    let mut lists = 0;
    for &(text, heading) in paragraphs {
        let tokens = tokenize(text);
        let mut sentence_start = true;
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Punct {
                sentence_start |= opens_sentence(&tokens, i);
                continue;
            }
            if sentence_start && is_heading_word(t.text) {
                // A label ("CONCLUSIONS") leaves the sentence to the next word.
                continue;
            }
            // Part of an address ("security@larkspur.example") is no word.
            let address = !t.spaced && i > 0 && matches!(tokens[i - 1].text, "@" | ".");
            if address {
                continue;
            }
            // Each set takes a word once; looking first spares a copy.
            if t.text.chars().next().is_some_and(char::is_lowercase) {
                if !seen.lower.contains(t.text) {
                    seen.lower.insert(t.text.to_string());
                }
            } else if !sentence_start {
                if !seen.mid_caps.contains(t.text) {
                    seen.mid_caps.insert(t.text.to_string());
                }
            } else if let Some(n) = seen.starts.get_mut(t.text) {
                *n += 1;
            } else {
                seen.starts.insert(t.text.to_string(), 1);
            }
            sentence_start = false;
        }
        let mut cands = candidates(&tokens);
        pair_acronyms(&tokens, &mut cands);
        mark_context(&tokens, &mut cands, &mut lists);
        for c in &mut cands {
            c.around.in_heading = heading;
        }
        all.extend(cands);
    }
    (seen, all)
}

/// Words that join the names of a list.
const LIST_JOINS: &[&str] = &["and", "or", "y", "o", "e", "et", "und", "ou"];

/// Marks the candidates after "in" (a place is likely), and those standing
/// in one list ("Levuka, Savusavu and Rotuma", "Lleida y Logroño").
fn mark_context(tokens: &[Token], cands: &mut [Candidate], lists: &mut usize) {
    for c in cands.iter_mut() {
        c.around.after_in = c
            .tokens
            .0
            .checked_sub(1)
            .is_some_and(|k| matches!(tokens[k].text, "in" | "near" | "en" | "à"));
    }
    let mut joined: HashSet<usize> = HashSet::new();
    for i in 1..cands.len() {
        let between: Vec<&str> = tokens[cands[i - 1].tokens.1..cands[i].tokens.0]
            .iter()
            .map(|t| t.text)
            .collect();
        let listed = match between.as_slice() {
            [","] => true,
            [w] | [",", w] => LIST_JOINS.contains(w),
            _ => false,
        };
        if listed {
            let id = *cands[i - 1].list.get_or_insert_with(|| {
                *lists += 1;
                *lists
            });
            cands[i].list = Some(id);
            if between.len() > 1 || between[0] != "," {
                joined.insert(id);
            }
        }
    }
    // Two names and a comma are as often a name and its apposition
    // ("Núria Puig (ISGlobal, Barcelona)"): a list has a joining word or
    // three names.
    if cands.iter().all(|c| c.list.is_none()) {
        return;
    }
    let mut members: HashMap<usize, usize> = HashMap::new();
    for id in cands.iter().filter_map(|c| c.list) {
        *members.entry(id).or_default() += 1;
    }
    for c in cands.iter_mut() {
        if let Some(id) = c.list
            && members[&id] < 3
            && !joined.contains(&id)
        {
            c.list = None;
        }
    }
}

/// A candidate as a name, or none when it is not one: a sentence's first
/// word capitalised only for being first, a date, a lone generic word.
fn judge(mut c: Candidate, seen: &Seen) -> Option<Candidate> {
    let gaz = gazetteer();
    if c.starts_sentence {
        // A first word whose capital only marks the sentence start is
        // cut off; what follows it stands mid-sentence and is judged so.
        let lc = c.words[0].to_lowercase();
        // "Portavoces de Greenpeace España", "Fuentes de Bruselas": a
        // sentence's first word, never written as a name elsewhere, then
        // "de" and a name, is a common noun before the name.
        let noun_of = c.words.len() > 2
            && CONNECTORS.contains(&c.words[1].as_str())
            && is_capitalised(&c.words[2])
            && !seen.mid_caps.contains(&c.words[0])
            && gaz.get(&c.words[0]).is_none()
            && head_kind(&c.words[..1]).is_none()
            && head_in(&c.words[0], true).is_none()
            && head_in(&c.words[0], false).is_none();
        let ordinary = is_stopword(lc.as_str())
            || noun_of
            || (seen.lower.contains(&lc) && gaz.get(&c.words[0]).is_none());
        if ordinary && c.words.len() > 1 {
            c.words.remove(0);
            while c
                .words
                .first()
                .is_some_and(|w| CONNECTORS.contains(&w.as_str()) || w == "-")
            {
                c.words.remove(0);
            }
        } else if c.words.len() == 1 {
            let w = &c.words[0];
            // A word that opens sentence after sentence and is never written
            // in lower case is the text's subject ("Larkspur is…").
            let subject = seen.starts.get(w).is_some_and(|&n| n >= 3) && !seen.lower.contains(&lc);
            let keep = gaz.get(w).is_some()
                || seen.mid_caps.contains(w)
                || is_acronym(w)
                || is_mixed(w)
                || subject;
            if !keep {
                return None;
            }
        }
    }
    // A year before an acronym is a date, not part of a name ("In 1999 CNRI").
    while c.words.len() > 1 && is_number(&c.words[0]) && !c.words[1].chars().any(char::is_lowercase)
    {
        c.words.remove(0);
    }
    if c.words.is_empty() {
        return None;
    }
    // Dates and lone generic words: "June 2023", "North", "2nd of
    // October", "Chapter IV".
    let generic = |w: &String| {
        let lc = w.to_lowercase();
        NEVER_ALONE.contains(&lc.as_str())
            || is_number(&lc)
            || is_ordinal(&lc)
            || is_roman(w)
            || CONNECTORS.contains(&lc.as_str())
    };
    if c.words.iter().all(generic) {
        return None;
    }
    // "I'm", "I've", "Don't": contractions are never names.
    if c.words.len() == 1 && is_contraction(&c.words[0]) {
        return None;
    }
    if c.words.len() == 1 && is_stopword(c.words[0].to_lowercase().as_str()) {
        return None;
    }
    Some(c)
}

/// The entities found so far, by key.
#[derive(Default)]
struct Gathered {
    found: Vec<Found>,
    by_key: HashMap<String, usize>,
    /// One-word names not in the gazetteer, which may be a longer name's short form.
    singles: Vec<String>,
    merged_away: HashSet<usize>,
}

impl Gathered {
    /// Kinds from where unknown names stand: after "in", a place; in a
    /// list with names of one known kind, that kind.
    fn kinds_from_context(&mut self, lists: &HashMap<usize, Vec<usize>>) {
        for f in &mut self.found {
            if f.kind.is_none() && f.after_in && f.name.split_whitespace().count() == 1 {
                f.kind = Some("place");
                f.cue = "\"in\" before it".into();
            }
        }
        let mut ids: Vec<&usize> = lists.keys().collect();
        ids.sort_unstable();
        for id in ids {
            let members = &lists[id];
            let known: Vec<(&'static str, &str)> = members
                .iter()
                .filter_map(|&m| self.found[m].kind.map(|k| (k, self.found[m].name.as_str())))
                .collect();
            let Some(&(kind, example)) = known.first() else {
                continue;
            };
            if known.iter().any(|(k, _)| *k != kind) {
                continue;
            }
            let cue = format!("the names listed with it (\"{example}\")");
            for &m in members {
                let derived = DERIVED.iter().any(|d| self.found[m].name.ends_with(d));
                if self.found[m].kind.is_none() && !derived {
                    self.found[m].kind = Some(kind);
                    self.found[m].cue.clone_from(&cue);
                }
            }
        }
    }

    /// Adds a name: to the entity it names, or as a new one; its index.
    fn add(&mut self, mut c: Candidate) -> usize {
        let gaz = gazetteer();
        // "South China Seas" names "South China Sea".
        let mut written = c.text();
        let mut alias_written = None;
        let plural = c
            .words
            .last()
            .and_then(|last| PLURAL_HEADS.iter().find(|(p, _)| p == last));
        if let Some((_, singular)) = plural {
            alias_written = Some(written.clone());
            if let Some(last) = c.words.last_mut() {
                *last = singular.to_string();
            }
            written = c.text();
        }
        let (name, kind, cue) = kind_of(&c, &written);
        let found = &mut self.found;
        let index = *self.by_key.entry(key(&name)).or_insert_with(|| {
            found.push(Found {
                name: name.clone(),
                aliases: Vec::new(),
                kind,
                cue: cue.clone(),
                seen: 0,
                mid: false,
                after_in: false,
                in_text: false,
            });
            found.len() - 1
        });
        let entity = &mut found[index];
        entity.seen += 1;
        entity.mid |= !c.starts_sentence;
        entity.after_in |= c.around.after_in;
        entity.in_text |= !c.around.in_heading;
        if entity.kind.is_none() && kind.is_some() {
            entity.kind = kind;
            entity.cue = cue;
        }
        entity.add_alias(&written);
        for alias in alias_written.iter().chain(c.alias.iter()) {
            entity.add_alias(alias);
        }
        if let Some(alias) = &c.alias {
            self.by_key.entry(key(alias)).or_insert(index);
        }
        if c.words.len() == 1 && gaz.get(&written).is_none() {
            self.singles.push(written);
        }
        index
    }

    /// A lone word ending an earlier multi-word name is that name's short form.
    fn merge_short_forms(&mut self) {
        // Names of two to four words, by their last word, in order: looked
        // up once per lone word rather than scanning every name for each.
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in self.found.iter().enumerate() {
            let words: Vec<&str> = f.name.split_whitespace().collect();
            if (2..=4).contains(&words.len())
                && let Some(last) = words.last()
            {
                by_last.entry((*last).to_string()).or_default().push(i);
            }
        }
        let found = &mut self.found;
        for word in &self.singles {
            let Some(&single) = self.by_key.get(&key(word)) else {
                continue;
            };
            if found[single].aliases.len() > 1 || self.merged_away.contains(&single) {
                continue;
            }
            let owner = by_last.get(word.as_str()).and_then(|names| {
                names
                    .iter()
                    .copied()
                    .find(|&i| matches!(found[i].kind, None | Some("person")))
            });
            if let Some(owner) = owner.filter(|&o| o != single) {
                found[owner].add_alias(word);
                if found[owner].kind.is_none() {
                    found[owner].kind = Some("person");
                    found[owner].cue = format!("\"{word}\" used alone, as people are");
                }
                self.merged_away.insert(single);
            }
        }
    }

    /// The entities, each with a unique id and how its kind was guessed.
    fn into_entities(self) -> Vec<Entity> {
        let mut ids: HashSet<String> = HashSet::new();
        let merged_away = self.merged_away;
        self.found
            .into_iter()
            .enumerate()
            // A name only headings write stays when its kind has strong
            // evidence ("# Canberra"), not as a heading's words ("Security Notes").
            .filter(|(i, f)| {
                !merged_away.contains(i)
                    && (f.in_text || (f.kind.is_some() && f.confidence() >= 80))
            })
            .map(|(_, f)| {
                let base = crate::model::slug(&f.name);
                let mut id = base.clone();
                let mut n = 2;
                while !ids.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                let confidence = f.confidence();
                let description = match (&f.kind, f.cue.is_empty()) {
                    (Some(_), false) => format!("Found in the text; kind guessed from {}.", f.cue),
                    _ => "Found in the text; kind unknown.".to_string(),
                };
                Entity {
                    id,
                    name: f.name.clone(),
                    kind: f.kind.unwrap_or("other").to_string(),
                    aliases: f.aliases.into_iter().filter(|a| *a != f.name).collect(),
                    description,
                    confidence: Some(confidence),
                }
            })
            .collect()
    }
}

/// Particles inside people's names ("Ludwig van Beethoven", "Juan Valero de Palma").
const PARTICLES: &[&str] = &[
    "de", "del", "da", "das", "do", "dos", "van", "von", "der", "den", "di", "du", "la", "le", "y",
    "bin", "ibn",
];

/// A given name, then one to three more capitalised names, particles
/// allowed between them.
fn is_person_name(words: &[String]) -> bool {
    let names: Vec<&String> = words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.as_str()))
        .collect();
    (2..=4).contains(&names.len())
        && words
            .last()
            .is_some_and(|w| !PARTICLES.contains(&w.as_str()))
        && is_given_name(&words[0])
        && names
            .iter()
            .all(|w| is_capitalised(w) && w.chars().any(char::is_lowercase))
}

/// A name's canonical form, kind and the cue for the kind: the gazetteer's
/// entry, a title before the name, or a head word ("University").
fn kind_of(c: &Candidate, written: &str) -> (String, Option<&'static str>, String) {
    match gazetteer().get(written) {
        Some(known) => (
            known.name.to_string(),
            Some(known.kind),
            "the gazetteer".to_string(),
        ),
        None => match head_kind(&c.words) {
            _ if c.after_title => (
                written.to_string(),
                Some("person"),
                "a title before the name".to_string(),
            ),
            Some((kind, head)) => (
                written.to_string(),
                Some(kind),
                format!("the word \"{head}\""),
            ),
            // "Richard Stallman", "Juan Valero de Palma": a given name,
            // then one to three more names, particles between them.
            None if is_person_name(&c.words) => (
                written.to_string(),
                Some("person"),
                format!("the given name \"{}\"", c.words[0]),
            ),
            // "WWF", "EFE": an acronym no list knows most often names a body.
            None if c.words.len() == 1
                && is_acronym(written)
                && written.chars().count() >= 3
                && written.chars().all(char::is_alphabetic)
                && !COMMON_ACRONYMS.contains(&written) =>
            {
                (
                    written.to_string(),
                    Some("organisation"),
                    "an acronym, as bodies are often named".to_string(),
                )
            }
            None => (written.to_string(), None, String::new()),
        },
    }
}

#[cfg(test)]
mod tests;
