//! What discovery knows of words before it reads a text: the gazetteer of
//! countries, cities and regions, given names, places, function words,
//! titles, roles and the head words that give a name its kind.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The bundled gazetteer.
pub(super) const GAZETTEER: &str = include_str!("../../../assets/gazetteer.tsv");

/// Given names of many languages, lower-cased, as a finite-state set
/// (`assets/given-names.txt`, `assets/given-names-world.txt`; see `build.rs`).
pub(super) static GIVEN_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/given-names.fst"));

/// Cities and regions (`assets/places.tsv`), and each of their names,
/// lower-cased, to the byte offset of its line there.
pub(super) const PLACES: &str = include_str!("../../../assets/places.tsv");

pub(super) static PLACE_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.fst"));

/// Whether a word is a known given name ("Richard", "Lasse", "Núria").
pub(super) fn is_given_name(word: &str) -> bool {
    static NAMES: OnceLock<Option<fst::Set<&'static [u8]>>> = OnceLock::new();
    NAMES
        .get_or_init(|| fst::Set::new(GIVEN_NAMES).ok())
        .as_ref()
        .is_some_and(|set| set.contains(word.to_lowercase()))
}

/// A city or region of `assets/places.tsv` by any of its names.
pub(super) fn place(name: &str) -> Option<Known> {
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
pub(super) struct Known {
    pub(super) kind: &'static str,
    pub(super) name: &'static str,
}

/// Known places by lower-cased name or other name.
pub(super) struct Gazetteer {
    pub(super) entries: Vec<Known>,
    pub(super) by_name: HashMap<String, usize>,
}

pub(super) fn gazetteer() -> &'static Gazetteer {
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
    pub(super) fn get(&self, name: &str) -> Option<Known> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|&i| Known {
                kind: self.entries[i].kind,
                name: self.entries[i].name,
            })
            .or_else(|| place(name))
    }

    /// A place of the curated list only (countries, seas, regions, capitals).
    pub(super) fn curated(&self, name: &str) -> Option<&Known> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|&i| &self.entries[i])
    }
}

/// Function words that start sentences but never names.
#[rustfmt::skip]
pub(super) const STOPWORDS: &[&str] = &[
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
pub(super) fn is_stopword(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(lower)
}

/// The kind a head word gives: from [`FIRST_HEADS`] when `first`, else
/// from [`HEAD_WORDS`].
pub(super) fn head_in(word: &str, first: bool) -> Option<(&'static str, &'static str)> {
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
pub(super) const UNITS: &[&str] = &[
    "B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "Hz", "kHz", "MHz", "GHz", "Mbps",
    "Gbps", "ms", "km", "kg", "mm", "cm", "V", "W", "kW", "MW", "GW", "kWh", "K", "C", "F", "USD",
    "EUR", "GBP", "NZD", "JPY", "AUD",
];

/// Words that are never an entity on their own.
#[rustfmt::skip]
pub(super) const NEVER_ALONE: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "new", "old", "great", "prime", "minister", "president", "chapter", "section", "part", "figure",
    "table", "page", "fahrenheit", "celsius", "kelvin", "gobierno", "government",
];

/// Lower-case words allowed inside names, between capitalised words.
#[rustfmt::skip]
pub(super) const CONNECTORS: &[&str] = &[
    "of", "for", "the", "de", "du", "des", "la", "le", "von", "van", "der", "den", "del", "da", "di",
];

/// Titles, longest first; a name after one is a person's.
#[rustfmt::skip]
pub(super) const TITLES: &[&[&str]] = &[
    &["Deputy", "Prime", "Minister"], &["Prime", "Minister"], &["Foreign", "Minister"], &["Defence",
    "Minister"], &["Defense", "Minister"], &["Vice", "President"], &["Secretary", "of", "State"],
    &["Secretary-General"], &["Secretary", "General"], &["President"], &["Premier"], &["Chancellor"], &["Minister"], &["PM"],
    &["Dr"], &["Mr"], &["Mrs"], &["Ms"], &["Prof"], &["Professor"], &["Sir"], &["Dame"], &["King"],
    &["Queen"], &["Prince"], &["Princess"], &["Senator"], &["Governor"], &["General"], &["Admiral"],
    &["Ambassador"], &["Pope"], &["Judge"],
];

/// Last words of names that give away their kind.
#[rustfmt::skip]
pub(super) const HEAD_WORDS: &[(&str, &[&str])] = &[
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
pub(super) const FIRST_HEADS: &[(&str, &[&str])] = &[
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
pub(super) const ROLES: &[&str] = &[
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
pub(super) const PLURAL_HEADS: &[(&str, &str)] = &[
    ("Seas", "Sea"), ("Oceans", "Ocean"), ("Straits", "Strait"), ("Rivers", "River"), ("Lakes", "Lake"),
];

/// Heads a possessive may come before inside a name ("Lincoln's Inn").
pub(super) const POSSESSIVE_HEADS: &[&str] = &["Cathedral", "Church", "Chapel", "Abbey"];

/// Acronyms of technical prose, no entity on their own.
#[rustfmt::skip]
pub(super) const COMMON_ACRONYMS: &[&str] = &[
    "API", "CPU", "GPU", "RAM", "ROM", "URL", "URI", "HTTP", "HTTPS", "HTML", "CSS", "JSON", "XML",
    "YAML", "TOML", "CSV", "PDF", "SQL", "SSH", "TLS", "SSL", "TCP", "UDP", "IP", "DNS", "USB", "CLI",
    "GUI", "IDE", "SDK", "OS", "CI", "CD", "PR", "FAQ", "README", "TODO", "ASCII", "UTF", "UUID", "ID",
    "IO", "AI", "ML", "NLP", "CVE", "LTS", "EOF", "NULL", "OK", "AM", "PM", "BC", "AD", "CEO", "CTO",
    "CFO", "GDP", "ETA", "FYI", "RSS", "DIY", "VAT", "TV", "PC", "NB", "PS", "QA", "UI", "UX", "RFC",
    "ISO", "PhD", "MSc", "BSc", "MD", "DOI", "ISBN", "ISSN", "CI", "CO2", "GMT", "UTC",
];

/// Endings of words made from names ("Byronic", "Korean", "Frenchman"):
/// adjectives and people, not the named thing.
pub(super) const DERIVED: &[&str] = &[
    "ic", "ical", "ish", "ese", "ian", "ean", "man", "men", "ism",
];

/// Words that join the names of a list.
pub(super) const LIST_JOINS: &[&str] = &["and", "or", "y", "o", "e", "et", "und", "ou"];

/// Particles inside people's names ("Ludwig van Beethoven", "Juan Valero de Palma").
pub(super) const PARTICLES: &[&str] = &[
    "de", "del", "da", "das", "do", "dos", "van", "von", "der", "den", "di", "du", "la", "le", "y",
    "bin", "ibn",
];
