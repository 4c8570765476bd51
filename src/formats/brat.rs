//! brat standoff: `DOC.txt` with `DOC.ann` (or `BioNLP`'s `DOC.a1` and
//! `DOC.a2`) beside it. Every line type is read: `T` text-bound
//! annotations (discontinuous fragments `0 5;10 15` too), `R` relations,
//! `E` events, `A`/`M` attributes, `N` normalisations, `#` notes and `*`
//! equivalences. Offsets count Unicode code points, end exclusive, over the
//! text exactly as stored (`\r` included). A line not understood is kept and
//! reported. `visual.conf` in the folder gives kind colours and labels.
//!
//! The writer gives back the records it read, in their order and with their
//! ids; a model from another source is written with fresh ids (T1, R1…),
//! one `T` per mention, `R` lines between the first mentions of related
//! entities, and `*` lines grouping the mentions of one entity.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::Read;
use super::standoff::{Source, load};
use crate::model::{Model, Record};
use crate::problem::Problems;

/// One `.ann` file read: its records, the line (from 1) of each, and each
/// record's line exactly as it stood, line ending included, so that an
/// unchanged record is written back byte for byte.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    pub lines: Vec<usize>,
    pub raw: Vec<String>,
}

/// Parses the lines of one `.ann` file. A line not understood becomes
/// [`Record::Unparsed`] (reported when built; a blank line is kept silently).
pub fn parse(contents: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (n, raw) in contents.split_inclusive('\n').enumerate() {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        parsed
            .records
            .push(parse_line(line).unwrap_or_else(|| Record::Unparsed {
                line: line.to_string(),
            }));
        parsed.lines.push(n + 1);
        parsed.raw.push(raw.to_string());
    }
    parsed
}

/// One line of an `.ann` file as its record, or `None` when it is not one.
fn parse_line(line: &str) -> Option<Record> {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next()?.trim();
    let body = fields.next()?;
    let rest = fields.next();
    let mut words = body.split_whitespace();
    let head = words.next()?;
    let args = |words: std::str::SplitWhitespace| -> Option<Vec<(String, String)>> {
        words
            .map(|w| {
                w.split_once(':')
                    .map(|(r, a)| (r.to_string(), a.to_string()))
            })
            .collect()
    };
    match id.chars().next()? {
        'T' => Some(Record::Span {
            id: id.into(),
            label: head.into(),
            fragments: fragments(body[head.len()..].trim())?,
            text: rest.unwrap_or("").to_string(),
        }),
        'R' => {
            let args = args(words)?;
            (args.len() == 2).then(|| Record::Relation {
                id: id.into(),
                label: head.into(),
                args,
            })
        }
        'E' => {
            let (label, trigger) = head.split_once(':')?;
            Some(Record::Event {
                id: id.into(),
                label: label.into(),
                trigger: trigger.into(),
                args: args(words)?,
            })
        }
        marker @ ('A' | 'M') => {
            let target = words.next()?;
            let value = words.next().map(str::to_string);
            words.next().is_none().then(|| Record::Attribute {
                id: id.into(),
                marker,
                name: head.into(),
                target: target.into(),
                value,
            })
        }
        'N' => {
            let target = words.next()?;
            let (resource, key) = words.next()?.split_once(':')?;
            Some(Record::Normalization {
                id: id.into(),
                label: head.into(),
                target: target.into(),
                resource: resource.into(),
                key: key.into(),
                text: rest.unwrap_or("").to_string(),
            })
        }
        '#' => Some(Record::Note {
            id: id.into(),
            label: head.into(),
            target: words.next()?.into(),
            text: rest.unwrap_or("").to_string(),
        }),
        '*' => Some(Record::Equivalence {
            label: head.into(),
            members: words.map(str::to_string).collect(),
        }),
        _ => None,
    }
}

/// A span's fragments, `start end;start end`, as offsets.
fn fragments(spans: &str) -> Option<Vec<(usize, usize)>> {
    let mut fragments = Vec::new();
    for piece in spans.split(';') {
        let mut nums = piece.split_whitespace();
        let s = nums.next()?.parse().ok()?;
        let e = nums.next()?.parse().ok()?;
        if nums.next().is_some() {
            return None;
        }
        fragments.push((s, e));
    }
    Some(fragments)
}

/// A brat document from its text, its annotation files (name and
/// contents, in order: `.ann`, or `.a1` and `.a2`) and, if there is one,
/// the `visual.conf` of its folder.
pub fn read(
    name: &str,
    title: String,
    text: String,
    annotations: &[(String, String)],
    visual: Option<&str>,
) -> Result<Read, Problems> {
    let mut parsed = Parsed::default();
    for (_, contents) in annotations {
        let one = parse(contents);
        parsed.records.extend(one.records);
        parsed.lines.extend(one.lines);
        parsed.raw.extend(one.raw);
    }
    let file = annotations
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let source = Source {
        file: file.clone(),
        text,
        records: parsed.records,
        lines: parsed.lines,
        raw: parsed.raw,
        title,
    };
    let mut read = load(name, vec![source], &format!("brat: {file}"))?;
    if let Some(conf) = visual {
        read.model.kind_styles = visual_conf(conf);
    }
    Ok(read)
}

/// Kind colours and short labels from a brat `visual.conf`.
pub fn visual_conf(contents: &str) -> HashMap<String, crate::model::KindStyle> {
    let mut styles: HashMap<String, crate::model::KindStyle> = HashMap::new();
    let mut section = "";
    for line in contents.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            section = line.trim_matches(|c| c == '[' || c == ']');
            continue;
        }
        match section {
            "labels" => {
                // "Type | Long label | Short label": the short one suits a legend.
                let parts: Vec<&str> = line.split('|').map(str::trim).collect();
                if let (Some(kind), Some(label)) =
                    (parts.first(), parts.get(1..).and_then(|p| p.last()))
                {
                    styles.entry(kind.to_string()).or_default().label = Some(label.to_string());
                }
            }
            "drawing" => {
                let Some((kind, settings)) = line.split_once(char::is_whitespace) else {
                    continue;
                };
                for setting in settings.split(',') {
                    if let Some(hex) = setting.trim().strip_prefix("bgColor:#")
                        && let Ok(rgb) = u32::from_str_radix(hex, 16)
                    {
                        styles.entry(kind.to_string()).or_default().color =
                            Some(((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8));
                    }
                }
            }
            _ => {}
        }
    }
    styles
}

/// One record as a brat line.
fn line_of(record: &Record) -> String {
    let args = |args: &[(String, String)]| {
        args.iter()
            .map(|(r, a)| format!("{r}:{a}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match record {
        Record::Span {
            id,
            label,
            fragments,
            text,
        } => {
            let spans: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
            format!("{id}\t{label} {}\t{text}", spans.join(";"))
        }
        Record::Relation { id, label, args: a } => format!("{id}\t{label} {}", args(a)),
        Record::Event {
            id,
            label,
            trigger,
            args: a,
        } => {
            if a.is_empty() {
                format!("{id}\t{label}:{trigger}")
            } else {
                format!("{id}\t{label}:{trigger} {}", args(a))
            }
        }
        Record::Attribute {
            id,
            name,
            target,
            value,
            ..
        } => match value {
            Some(v) => format!("{id}\t{name} {target} {v}"),
            None => format!("{id}\t{name} {target}"),
        },
        Record::Normalization {
            id,
            label,
            target,
            resource,
            key,
            text,
        } => format!("{id}\t{label} {target} {resource}:{key}\t{text}"),
        Record::Note {
            id,
            label,
            target,
            text,
        } => format!("{id}\t{label} {target}\t{text}"),
        Record::Equivalence { label, members } => format!("*\t{label} {}", members.join(" ")),
        Record::Unparsed { line } => line.clone(),
    }
}

/// The `.ann` text of some records. A record that still reads as its line
/// as read (`raw`, parallel to `records` where given) is written as that
/// line, byte for byte: trailing spaces and tabs, `\r\n` and blank lines
/// included.
pub fn write_ann(records: &[Record], raw: &[String]) -> String {
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        match raw.get(i) {
            Some(line) if unchanged(r, line) => out.push_str(line),
            _ => {
                let _ = writeln!(out, "{}", line_of(r));
            }
        }
    }
    out
}

/// Whether `raw` (a line as read, ending included) still says `record`.
fn unchanged(record: &Record, raw: &str) -> bool {
    let line = raw.strip_suffix('\n').unwrap_or(raw);
    let line = line.strip_suffix('\r').unwrap_or(line);
    match parse_line(line) {
        Some(parsed) => parsed == *record,
        None => matches!(record, Record::Unparsed { line: l } if l == line),
    }
}

/// One document as the brat and JSONL writers lay it out: its name, its
/// paragraphs, and where each starts in the document's text.
pub struct Unit {
    pub name: String,
    pub paragraphs: std::ops::Range<usize>,
    /// Character offset of each paragraph in the written text.
    pub origins: Vec<usize>,
    /// The source annotations, when the document was read from standoff.
    pub standoff: Option<usize>,
}

/// The documents of a model: one per file of a corpus, else one. A document
/// read from standoff keeps its exact text; any other is written as its
/// paragraphs separated by blank lines.
pub fn units(model: &Model, stem: &str) -> Vec<Unit> {
    let document = &model.document;
    let ranges: Vec<(String, std::ops::Range<usize>)> = if document.parts.len() > 1 {
        let files: Vec<&str> = document.parts.iter().map(|p| p.file.as_str()).collect();
        distinct_names(&files)
            .into_iter()
            .zip(&document.parts)
            .map(|(name, p)| (name, p.paragraphs.clone()))
            .collect()
    } else {
        vec![(stem.to_string(), 0..model.paragraph_count())]
    };
    ranges
        .into_iter()
        .map(|(name, paragraphs)| {
            let standoff = model
                .standoff
                .iter()
                .position(|s| s.paragraphs == paragraphs);
            let origins = if let Some(i) = standoff {
                model.standoff[i].origins.clone()
            } else {
                let mut at = 0;
                paragraphs
                    .clone()
                    .map(|p| {
                        let origin = at;
                        at += model.paragraph(p).chars + 2;
                        origin
                    })
                    .collect()
            };
            Unit {
                name,
                paragraphs,
                origins,
                standoff,
            }
        })
        .collect()
}

/// One output name per corpus file, never two alike: the path without its
/// extension, folders joined by `_` (`x/y.txt` is `x_y`); where two files
/// would share a name (`a.txt` and `a.md`, `x/y.txt` and `x_y.txt`), the
/// extension is kept (`a_md`), and a number added if that is not enough.
pub fn distinct_names(files: &[&str]) -> Vec<String> {
    let flat = |p: &Path| p.to_string_lossy().replace(['/', '\\', '.'], "_");
    let plain: Vec<String> = files
        .iter()
        .map(|f| flat(&Path::new(f).with_extension("")))
        .collect();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for n in &plain {
        *taken.entry(n.clone()).or_default() += 1;
    }
    let mut names: Vec<String> = files
        .iter()
        .zip(&plain)
        .map(|(f, n)| {
            if taken[n] > 1 {
                flat(Path::new(f))
            } else {
                n.clone()
            }
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for name in &mut names {
        let k = seen.entry(name.clone()).or_default();
        *k += 1;
        if *k > 1 {
            name.push_str(&format!("-{k}"));
        }
    }
    names
}

/// A brat document to write: its name, text and `.ann`.
pub struct Written {
    pub name: String,
    pub text: String,
    pub ann: String,
}

/// A model as brat documents, and what brat cannot hold of it (said, not
/// dropped silently). Records read from standoff are given back as they
/// were.
pub fn export(model: &Model, stem: &str) -> (Vec<Written>, Vec<String>) {
    let mut not_held = NotHeld::default();
    let written = units(model, stem)
        .into_iter()
        .map(|unit| match unit.standoff {
            Some(i) => {
                let s = &model.standoff[i];
                Written {
                    name: unit.name,
                    text: s.text.clone(),
                    ann: write_ann(&s.records, &s.raw),
                }
            }
            None => synthesise(model, &unit, &mut not_held),
        })
        .collect();
    (written, not_held.lines(model))
}

/// What a synthesised export could not write.
#[derive(Default)]
struct NotHeld {
    /// Entities with a mention in some document written.
    written: std::collections::HashSet<usize>,
    /// Relations (by position) written in some document.
    relations: std::collections::HashSet<usize>,
    aliases: bool,
    evidence: bool,
    synthesised: bool,
}

impl NotHeld {
    fn lines(&self, model: &Model) -> Vec<String> {
        if !self.synthesised {
            return Vec::new();
        }
        let count = crate::display::count;
        let mut lines = Vec::new();
        let unmentioned = model.entities.len() - self.written.len();
        if unmentioned > 0 {
            lines.push(format!(
                "{} never mentioned (brat has no entity without a span)",
                count(unmentioned, "entity")
            ));
        }
        let relations = model.relations_to_write().len() - self.relations.len();
        if relations > 0 {
            lines.push(format!(
                "{} whose ends are not both mentioned in one document",
                count(relations, "relation")
            ));
        }
        if self.aliases {
            lines.push(
                "aliases the text never writes (brat keeps only what spans write)".to_string(),
            );
        }
        if self.evidence {
            lines.push(
                "relations' evidence paragraphs (brat joins the first mentions of each end)"
                    .to_string(),
            );
        }
        lines
    }
}

/// brat for a document read from elsewhere: a `T` per mention, `*` sets
/// for entities mentioned more than once, and `R` lines between the first
/// mentions (in this document) of related entities. An entity's name, where
/// its first span does not write it, and its description go into an
/// `AnnotatorNotes` line on that span; a relation's notes on its `R`.
fn synthesise(model: &Model, unit: &Unit, not_held: &mut NotHeld) -> Written {
    not_held.synthesised = true;
    let mut text = String::new();
    for (k, p) in unit.paragraphs.clone().enumerate() {
        if k > 0 {
            text.push_str("\n\n");
        }
        text.push_str(&model.paragraph(p).text);
    }
    text.push('\n');
    let (mut records, t_of, mut notes) = span_records(model, unit, not_held);
    relation_records(model, &t_of, &mut records, &mut notes, not_held);
    for (n, (target, note)) in notes.into_iter().enumerate() {
        records.push(Record::Note {
            id: format!("#{}", n + 1),
            label: "AnnotatorNotes".into(),
            target,
            // A note is one line of the .ann file.
            text: note.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    Written {
        name: unit.name.clone(),
        text,
        ann: write_ann(&records, &[]),
    }
}

/// A note to write on a record: its id and the text.
type Notes = Vec<(String, String)>;

/// A `T` line per mention of the unit and an `Equiv` set per entity
/// mentioned more than once; each entity's first `T`; the notes on them.
fn span_records(
    model: &Model,
    unit: &Unit,
    not_held: &mut NotHeld,
) -> (Vec<Record>, HashMap<usize, String>, Notes) {
    let kind = |k: &str| k.replace(char::is_whitespace, "_");
    let first = model.mentions_before(unit.paragraphs.start, 0);
    let last = model.mentions_before(unit.paragraphs.end, 0);
    let mut records = Vec::new();
    let mut t_of: HashMap<usize, String> = HashMap::new();
    let mut of_entity: std::collections::BTreeMap<usize, Vec<String>> =
        std::collections::BTreeMap::new();
    let mut texts_of: HashMap<usize, Vec<String>> = HashMap::new();
    let mut notes = Vec::new();
    for (i, m) in (first.index()..last.index())
        .map(|m| model.mention(crate::model::MentionId(m)))
        .enumerate()
    {
        let origin = unit.origins[m.paragraph - unit.paragraphs.start];
        let id = format!("T{}", i + 1);
        let written = model.mention_text(&m);
        let entity = &model.entities[m.entity];
        if !t_of.contains_key(&m.entity.index()) {
            let mut note = Vec::new();
            if entity.name != written {
                note.push(entity.name.clone());
            }
            if !entity.description.trim().is_empty() {
                note.push(entity.description.trim().to_string());
            }
            if !note.is_empty() {
                notes.push((id.clone(), note.join(" — ")));
            }
        }
        texts_of
            .entry(m.entity.index())
            .or_default()
            .push(written.clone());
        records.push(Record::Span {
            id: id.clone(),
            label: kind(&entity.kind),
            fragments: vec![(origin + m.start, origin + m.end)],
            text: written,
        });
        t_of.entry(m.entity.index()).or_insert_with(|| id.clone());
        of_entity.entry(m.entity.index()).or_default().push(id);
        not_held.written.insert(m.entity.index());
    }
    for (e, texts) in &texts_of {
        let entity = &model.entities[*e];
        if entity.aliases.iter().any(|a| !texts.contains(a)) {
            not_held.aliases = true;
        }
    }
    for members in of_entity.values().filter(|m| m.len() > 1) {
        records.push(Record::Equivalence {
            label: "Equiv".into(),
            members: members.clone(),
        });
    }
    (records, t_of, notes)
}

/// An `R` line per relation whose ends are both mentioned in the unit,
/// between their first mentions; its notes, to write on it.
fn relation_records(
    model: &Model,
    t_of: &HashMap<usize, String>,
    records: &mut Vec<Record>,
    notes: &mut Notes,
    not_held: &mut NotHeld,
) {
    let mut r = 0;
    for (position, rel) in model.relations_to_write().iter().enumerate() {
        let (Some(a), Some(b)) = (t_of.get(&rel.source.index()), t_of.get(&rel.target.index()))
        else {
            continue;
        };
        r += 1;
        let id = format!("R{r}");
        records.push(Record::Relation {
            id: id.clone(),
            label: rel.label.replace(char::is_whitespace, "_"),
            args: vec![("Arg1".into(), a.clone()), ("Arg2".into(), b.clone())],
        });
        if !rel.notes.is_empty() {
            notes.push((id, rel.notes.join("; ")));
        }
        if !rel.derived && !rel.evidence.is_empty() {
            not_held.evidence = true;
        }
        not_held.relations.insert(position);
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_files_that_would_share_an_output_name_get_distinct_ones() {
        assert_eq!(
            distinct_names(&["a.txt", "a.md", "x/y.txt", "x_y.txt", "b.txt"]),
            ["a_txt", "a_md", "x_y_txt", "x_y_txt-2", "b"]
        );
    }

    #[test]
    fn an_unchanged_line_is_written_back_as_it_was_read() {
        let ann = "T1\tCity 0 5\tTokyo\r\nE1\tVisit:T1 \nR1\tR Arg1:T1 Arg2:T1\t\n\nX odd line";
        let parsed = parse(ann);
        assert_eq!(write_ann(&parsed.records, &parsed.raw), ann);
        let mut changed = parsed.records.clone();
        if let Record::Span { label, .. } = &mut changed[0] {
            *label = "Town".into();
        }
        assert!(
            write_ann(&changed, &parsed.raw).starts_with("T1\tTown 0 5\tTokyo\nE1\tVisit:T1 \n")
        );
    }
}
