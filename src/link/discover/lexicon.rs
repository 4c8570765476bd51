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

/// Common English words, lower case (`assets/english-words.txt`).
pub(super) static ENGLISH_WORDS: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/english-words.fst"));

/// Whether a word, lower-cased, is a common English word ("oh", "method",
/// "enterprise"): its capital at a sentence's start or in a heading says
/// nothing, and a place of that name needs more than the name.
pub(super) fn is_common_word(word: &str) -> bool {
    static WORDS: OnceLock<Option<fst::Set<&'static [u8]>>> = OnceLock::new();
    WORDS
        .get_or_init(|| fst::Set::new(ENGLISH_WORDS).ok())
        .as_ref()
        .is_some_and(|set| set.contains(word.to_lowercase()))
}

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
    let kind = fields.next()?;
    let canonical = fields.next()?;
    Some(Known {
        kind,
        name: canonical,
        demonym: false,
        other_name: !canonical.eq_ignore_ascii_case(name),
    })
}

/// One known place: its kind and canonical name, and how it was named.
#[derive(Debug, Clone, Copy)]
pub(super) struct Known {
    pub(super) kind: &'static str,
    pub(super) name: &'static str,
    /// Named by its people or language ("Danish" for Denmark).
    pub(super) demonym: bool,
    /// Named by another name than its own ("Sofia" for "Sophia"?).
    pub(super) other_name: bool,
}

/// Known places by lower-cased name, other name or demonym.
pub(super) struct Gazetteer {
    pub(super) entries: Vec<Known>,
    /// The entry, and whether the name is a demonym or language.
    pub(super) by_name: HashMap<String, (usize, bool)>,
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
            let mut list = || -> Vec<&'static str> {
                fields
                    .next()
                    .unwrap_or("")
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let (others, demonyms) = (list(), list());
            let id = entries.len();
            for n in std::iter::once(name).chain(others.iter().copied()) {
                by_name.entry(n.to_lowercase()).or_insert((id, false));
            }
            for n in demonyms {
                by_name.entry(n.to_lowercase()).or_insert((id, true));
            }
            entries.push(Known {
                kind,
                name,
                demonym: false,
                other_name: false,
            });
        }
        Gazetteer { entries, by_name }
    })
}

impl Gazetteer {
    /// A known place by any of its names: the curated list first (its
    /// countries, seas and regions, with demonyms), then the cities and
    /// regions of the world.
    pub(super) fn get(&self, name: &str) -> Option<Known> {
        self.curated(name)
            .or_else(|| place(name))
            // "U.S." is "US".
            .or_else(|| {
                (name.len() > 2 && name.ends_with('.'))
                    .then(|| name.replace('.', ""))
                    .and_then(|bare| self.curated(&bare))
            })
    }

    /// A place of the curated list only (countries, seas, regions, capitals).
    pub(super) fn curated(&self, name: &str) -> Option<Known> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|&(i, demonym)| Known {
                demonym,
                other_name: !self.entries[i].name.eq_ignore_ascii_case(name),
                ..self.entries[i]
            })
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
    "finally", "instead", "indeed", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "twenty", "thirty", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "several", "few", "dozens", "any", "none", "whoever",
    "whatever", "anyone", "everyone", "someone", "nobody", "everybody", "somebody",
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
    // Interjections and the small words of speech ("Oh, we do.", "PRIYA: Yeah").
    "oh", "ah", "aah", "eh", "uh", "um", "umm", "hmm", "mm", "er", "erm", "yeah", "yep", "nope",
    "okay", "ok", "hey", "hi", "hello", "wow", "ha", "haha", "cheers", "thanks", "welcome",
    "sorry", "please", "well", "right", "look", "honestly", "alright", "bye", "goodbye", "wait",
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
    &["Secretary", "-", "General"], &["Secretary", "General"], &["President"], &["Premier"], &["Chancellor"], &["Minister"], &["PM"],
    &["Dr"], &["Mr"], &["Mrs"], &["Ms"], &["Prof"], &["Professor"], &["Sir"], &["Dame"], &["King"],
    &["Queen"], &["Prince"], &["Princess"], &["Senator"], &["Governor"], &["General"], &["Admiral"],
    &["Ambassador"], &["Pope"], &["Judge"],
];

/// Last words of names that give away their kind.
#[rustfmt::skip]
pub(super) const HEAD_WORDS: &[(&str, &[&str])] = &[
    ("facility", &[
        "Building", "Bridge", "Airport", "Station", "Palace", "Castle", "Memorial", "Cemetery",
        "Monument", "Tower", "Towers", "Stadium", "Arena", "Hall", "Capitol", "Cathedral", "Church",
        "Chapel", "Abbey", "Temple", "Mosque", "Synagogue", "Monastery", "Hotel", "Terminal",
        "Tunnel", "Dam", "Lighthouse", "House", "Pier", "Observatory", "Prison", "Fortress",
        "Basilica", "Plant", "Bahnhof", "Kirche", "Dom", "Schloss", "Brücke", "Tor",
    ]),
    ("organisation", &[
        "University", "College", "Institute", "Program", "Programme", "School", "Ministry",
        "Department", "Council", "Agency", "Commission", "Committee", "Bank", "Fund", "Company",
        "Corporation", "Corp", "Corp.", "Inc", "Inc.", "Ltd", "Ltd.", "Co.", "LLC", "GmbH", "AG", "SA", "Plc", "Project", "Party", "Office", "Service", "Force", "Forces",
        "Navy", "Army", "Court", "Parliament", "Congress", "Senate", "Government", "Organisation",
        "Organization", "Foundation", "Society", "Centre", "Center", "Times", "Post", "News",
        "Press", "Secretariat", "Authority", "Conservancy", "Institution", "Club", "Courts",
        "Hospital", "Museum", "Library", "Academy", "Board", "Bureau", "Trust", "Network", "Inn",
        "Inns", "Bench", "Nations", "Airlines", "Airways", "Motors", "Records", "Studios", "Zoo",
        "Corps", "Guard", "Police", "Brigade", "Regiment", "Institutes", "Laboratory",
        "Laboratories", "Labs", "Clinic", "Assembly", "Cabinet", "Federation", "Confederation",
        "Diet", "Survey", "Directorate", "Tribunal", "Chamber", "Ministries", "Media", "Energy",
        "Systems", "Technologies", "Solutions", "Partners", "Holdings", "Industries",
        "Pharmaceuticals", "Foods", "Capital", "Ventures", "Software", "Publishing", "Books",
        "Journal", "Review", "Magazine", "Gazette", "Herald", "Tribune", "Chronicle", "Observer",
        "United", "Rovers", "Athletic", "Wanderers", "Hotspur", "FC", "Lions", "Tigers", "Eagles",
        "Makerspace", "Cooperative", "Union of",
    ]),
    ("alliance", &[
        "Forum", "Alliance", "Dialogue", "Union", "League", "Coalition", "Partnership", "Group",
        "Bloc", "Community", "Association",
    ]),
    ("agreement", &[
        "Agreement", "Treaty", "License", "Licence", "Strategy", "Accord", "Accords", "Convention", "Charter", "Protocol",
        "Act", "Declaration", "Pact", "Plan", "Framework", "Initiative", "Law", "Bill", "Directive",
        "Regulation", "Constitution", "Amendment",
    ]),
    ("event", &[
        "Exercise", "Summit", "Conference", "War", "Games", "Olympics", "Election", "Crisis",
        "Revolution", "Meeting", "Festival", "Marathon", "Cup", "Championships", "Tournament",
        "Expo", "Run", "Race", "Rally", "Parade", "Massacre", "Uprising", "Rebellion", "Riots",
        "Strike", "Famine", "Earthquake", "Pandemic", "Migration", "Olympiad",
    ]),
    ("place", &[
        "Sea", "Ocean", "Strait", "Gulf", "Bay", "River", "Lake", "Mountain", "Mountains", "Island",
        "Islands", "Peninsula", "Continent", "Region", "Valley", "Desert", "Coast", "Canal",
        "Street", "Road", "Avenue", "Square", "Row", "Gardens", "Lane", "Park", "Market",
        "Harbour", "Harbor", "Hill", "Hills", "Heights", "Quarter", "District", "County",
        "Province", "Beach", "Falls", "Forest", "Canyon", "Reef", "Reefs", "Plaza", "Peak",
        "Glacier", "Trail", "Boulevard", "Estuary", "Archipelago", "Basin", "Delta", "Plateau",
        "Highlands", "Lowlands", "Mall", "Straße", "Strasse", "Platz", "Gasse",
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
        "Escuela", "École", "Colegio", "Project", "Museu", "Ajuntament", "Câmara", "Comune",
        "Mairie", "Municipality", "Métropole", "Politecnico", "Comboios", "Rede", "Caixa",
    ]),
    ("agreement", &["Plan", "Ley", "Loi", "Legge", "Tratado", "Traité", "Acuerdo", "Accordo"]),
    ("event", &[
        "Typhoon", "Hurricane", "Cyclone", "Storm", "Battle", "Siege", "Operation",
        "Festival", "Festa", "Fiesta",
    ]),
    ("place", &[
        "Río", "Lago", "Monte", "Sierra", "Isla", "Islas", "Golfo", "Bahía", "Cabo", "Calle",
        "Avenida", "Plaza", "Rue", "Lac", "Mont", "Île", "Golfe", "Piazza", "Lake", "Mount", "Cape",
        "Fort", "Rua", "Praça", "Largo", "Via", "Viale", "Corso", "Place", "Quai", "Parc", "Parque",
        "Parco", "Playa", "Praia", "Bairro", "Barrio", "Quartier", "Port", "St.", "St", "Saint",
        "San", "Santa", "Santo", "São", "Sankt", "Ponte", "Puente", "Pont",
    ]),
    ("facility", &[
        "Castelo", "Castillo", "Castello", "Château", "Torre", "Tour", "Palácio", "Palacio",
        "Palazzo", "Palais", "Igreja", "Iglesia", "Chiesa", "Église", "Catedral", "Cattedrale",
        "Cathédrale", "Mosteiro", "Monasterio", "Convento", "Estación", "Estação", "Stazione",
        "Gare", "Quinta", "Teatro", "Théâtre", "Estadio", "Estádio", "Stadio", "Duomo", "Fortaleza",
        "Porta", "Puerta", "Porte", "Sé",
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
    "curator", "engineer", "doctor", "nurse", "teacher", "student", "magnate", "merchant",
    "physicist", "chemist", "mathematician", "biologist", "physician", "surgeon", "artist",
    "musician", "composer", "guide", "aide", "colleague", "friend", "wife", "husband", "son",
    "daughter", "father", "mother", "brother", "sister", "manager", "striker", "midfielder",
    "defender", "goalkeeper", "winger", "chancellor", "philosopher", "architect", "explorer",
    "sailor", "soldier", "officer", "pilot", "farmer", "fisherman", "priest", "bishop", "monk",
    "nun", "emperor", "empress", "king", "queen", "prince", "princess", "duke", "duchess",
    "entrepreneur", "investor", "banker", "journalist", "photographer", "designer", "developer",
    "programmer", "inventor", "astronaut", "athlete", "footballer", "cyclist", "runner",
    "campaigner", "activist", "volunteer", "resident", "owner", "partner", "cousin", "uncle",
    "aunt", "grandmother", "grandfather", "widow", "mentor", "pupil", "apprentice", "governess",
    "singer-songwriter", "lecturer", "dean", "provost", "rector", "principal", "host", "presenter",
    "commentator", "pundit", "critic", "translator", "poet", "playwright", "screenwriter",
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
