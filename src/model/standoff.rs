//! Standoff annotations as an annotation tool wrote them: spans over the
//! exact source text, links between them, attributes, normalisations, notes
//! and equivalences. The readers of brat, doccano and Prodigy files produce
//! these records; the model's entities, mentions and relations are derived
//! from them, and the brat writer gives them back unchanged, so a round trip
//! loses nothing.

/// One annotation record. Ids are the source's own ("T1", "R3", "E2").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A typed span, possibly discontinuous: fragments are character ranges
    /// of the source text, in the order the source listed them.
    Span {
        id: String,
        label: String,
        fragments: Vec<(usize, usize)>,
        /// The text the source stored for the span.
        text: String,
    },
    /// A binary relation between two annotations, with its role names.
    Relation {
        id: String,
        label: String,
        args: Vec<(String, String)>,
    },
    /// An event: a trigger span and role arguments (spans or other events).
    Event {
        id: String,
        label: String,
        trigger: String,
        args: Vec<(String, String)>,
    },
    /// A binary (`value: None`) or valued attribute of an annotation. `marker`
    /// keeps brat's `A` or older `M` prefix.
    Attribute {
        id: String,
        marker: char,
        name: String,
        target: String,
        value: Option<String>,
    },
    /// A link from an annotation to an entry of a knowledge base.
    Normalization {
        id: String,
        label: String,
        target: String,
        resource: String,
        key: String,
        text: String,
    },
    /// A free-text note on an annotation.
    Note {
        id: String,
        label: String,
        target: String,
        text: String,
    },
    /// Annotations that name the same thing.
    Equivalence { label: String, members: Vec<String> },
    /// A line no reader understood, kept as it was.
    Unparsed { line: String },
}

impl Record {
    pub fn id(&self) -> Option<&str> {
        match self {
            Record::Span { id, .. }
            | Record::Relation { id, .. }
            | Record::Event { id, .. }
            | Record::Attribute { id, .. }
            | Record::Normalization { id, .. }
            | Record::Note { id, .. } => Some(id),
            Record::Equivalence { .. } | Record::Unparsed { .. } => None,
        }
    }
}

/// The annotations of one source document, with its exact text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Standoff {
    /// The text exactly as read, line endings included.
    pub text: String,
    pub records: Vec<Record>,
    /// Each record's line as the source file wrote it, ending included
    /// (brat); empty when the records were not read from lines.
    pub raw: Vec<String>,
    /// Where each paragraph of the model starts in `text`, in characters.
    pub origins: Vec<usize>,
    /// The model paragraphs this document covers (all of them, outside a corpus).
    pub paragraphs: std::ops::Range<usize>,
}
