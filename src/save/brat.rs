//! A curation written into a brat `.ann`: every line the curation did not
//! touch kept byte for byte.

use std::collections::{HashMap, HashSet};

use crate::model::{Mention, Model, Record};

/// The `.ann` text for the curated model, from the records as read.
pub(super) fn brat_ann(existing: Option<&str>, model: &Model) -> Result<(String, String), String> {
    let [standoff] = model.standoff.as_slice() else {
        return Err("only a single brat document can be saved".into());
    };
    if existing.is_some_and(|text| crate::formats::brat::parse(text).records != standoff.records) {
        return Err("the .ann file no longer holds what was read: not written".into());
    }
    let brat = BratEdit::new(standoff, model);
    let (records, raw) = brat.records();
    let text = crate::formats::brat::write_ann(&records, &raw);
    let lost = brat.lost(&records);
    let note = if lost.is_empty() {
        String::new()
    } else {
        format!(" ({} brat cannot hold: {})", lost.len(), lost.join("; "))
    };
    Ok((text, note))
}

/// Takes out the records that hang on records gone (a relation, an
/// attribute, a note on them), until nothing more goes.
fn drop_dependants(records: &mut [Option<Record>], mut gone: HashSet<String>) {
    while !gone.is_empty() {
        let mut next = HashSet::new();
        for slot in records.iter_mut() {
            let Some(r) = slot else { continue };
            let refers = |x: &String| gone.contains(x);
            let drop = match r {
                Record::Relation { args, .. } => args.iter().any(|(_, a)| refers(a)),
                Record::Event { trigger, .. } => refers(trigger),
                Record::Attribute { target, .. }
                | Record::Normalization { target, .. }
                | Record::Note { target, .. } => refers(target),
                Record::Equivalence { members, .. } => {
                    members.retain(|m| !refers(m));
                    members.len() < 2
                }
                Record::Span { .. } | Record::Unparsed { .. } => false,
            };
            if let Record::Event { args, .. } = r {
                args.retain(|(_, a)| !refers(a));
            }
            if drop {
                if let Some(id) = r.id() {
                    next.insert(id.to_string());
                }
                *slot = None;
            }
        }
        gone = next;
    }
}

/// A brat document's records being brought in line with a curated model.
struct BratEdit<'a> {
    standoff: &'a crate::model::Standoff,
    model: &'a Model,
}

impl BratEdit<'_> {
    fn new<'a>(standoff: &'a crate::model::Standoff, model: &'a Model) -> BratEdit<'a> {
        BratEdit { standoff, model }
    }

    /// Where a text offset is in the model: (paragraph, offset in it).
    fn place(&self, offset: usize) -> (usize, usize) {
        let origins = &self.standoff.origins;
        let p = origins.partition_point(|&o| o <= offset).saturating_sub(1);
        (p, offset - origins.get(p).copied().unwrap_or(0))
    }

    /// The model mention a span's first fragment became, if it is still one.
    fn mention_of(&self, fragments: &[(usize, usize)]) -> Option<Mention> {
        let &(s, e) = fragments.first()?;
        let (paragraph, start) = self.place(s);
        let line_end = (paragraph < self.model.paragraph_count())
            .then(|| self.model.paragraph(paragraph).chars)?;
        let end = (start + (e - s)).min(line_end);
        let at = self
            .model
            .mentions()
            .partition_point(|m| (m.paragraph, m.start) < (paragraph, start));
        self.model
            .mentions()
            .get(at)
            .filter(|m| m.paragraph == paragraph && m.start == start && m.end == end)
            .copied()
    }

    /// The records and their raw lines (parallel; empty for new records).
    fn records(&self) -> (Vec<Record>, Vec<String>) {
        let standoff = self.standoff;
        let mut records: Vec<Option<Record>> = standoff.records.iter().cloned().map(Some).collect();
        let mut covered: HashSet<Mention> = HashSet::new();
        let mut gone: HashSet<String> = HashSet::new();
        let mut spans_of: HashMap<usize, Vec<String>> = HashMap::new();
        for slot in &mut records {
            let Some(Record::Span {
                id,
                label,
                fragments,
                ..
            }) = slot
            else {
                continue;
            };
            let Some(m) = self.mention_of(fragments) else {
                gone.insert(id.clone());
                *slot = None;
                continue;
            };
            // Every line piece of the span is this record's.
            for &(s, e) in fragments.iter() {
                let (from, to) = (self.place(s), self.place(e));
                let at = self
                    .model
                    .mentions()
                    .partition_point(|x| (x.paragraph, x.start) < from);
                covered.extend(
                    self.model.mentions()[at..]
                        .iter()
                        .take_while(|x| (x.paragraph, x.end) <= to)
                        .filter(|x| x.entity == m.entity),
                );
            }
            covered.insert(m);
            label.clone_from(&self.model.entities[m.entity].kind);
            spans_of
                .entry(m.entity.index())
                .or_default()
                .push(id.clone());
        }
        drop_dependants(&mut records, gone);
        // New mentions are new spans.
        let mut number = standoff
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Span { id, .. } => id.strip_prefix('T')?.parse::<usize>().ok(),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let mut added = Vec::new();
        for m in self.model.mentions().iter() {
            if covered.contains(m) {
                continue;
            }
            number += 1;
            let id = format!("T{number}");
            let origin = standoff.origins.get(m.paragraph).copied().unwrap_or(0);
            added.push(Record::Span {
                id: id.clone(),
                label: self.model.entities[m.entity].kind.clone(),
                fragments: vec![(origin + m.start, origin + m.end)],
                text: self.model.mention_text(m),
            });
            spans_of.entry(m.entity.index()).or_default().push(id);
        }
        let mut out: Vec<Record> = Vec::new();
        let mut raw: Vec<String> = Vec::new();
        for (i, slot) in records.into_iter().enumerate() {
            if let Some(r) = slot {
                raw.push(standoff.raw.get(i).cloned().unwrap_or_default());
                out.push(r);
            }
        }
        out.extend(added);
        self.join(&mut out, &spans_of);
        (out, raw)
    }

    /// Adds an `Equiv` line for each entity whose spans brat would read as
    /// several entities.
    fn join(&self, records: &mut Vec<Record>, spans_of: &HashMap<usize, Vec<String>>) {
        let groups = self.groups(records);
        let mut entities: Vec<&usize> = spans_of.keys().collect();
        entities.sort_unstable();
        for entity in entities {
            let mut heads: Vec<String> = Vec::new();
            let mut seen: HashSet<usize> = HashSet::new();
            for id in &spans_of[entity] {
                if let Some(&g) = groups.get(id)
                    && seen.insert(g)
                {
                    heads.push(id.clone());
                }
            }
            if heads.len() > 1 {
                records.push(Record::Equivalence {
                    label: "Equiv".into(),
                    members: heads,
                });
            }
        }
    }

    /// The entity brat would read each span as, by number.
    fn groups(&self, records: &[Record]) -> HashMap<String, usize> {
        let built = self.rebuild(records);
        let mut out = HashMap::new();
        for r in records {
            if let Record::Span { id, fragments, .. } = r
                && let Some(&(s, _)) = fragments.first()
            {
                let (paragraph, start) = self.place(s);
                if let Some(m) = built
                    .mentions
                    .iter()
                    .find(|m| m.paragraph == paragraph && m.start == start)
                {
                    out.insert(id.clone(), m.entity.index());
                }
            }
        }
        out
    }

    fn rebuild(&self, records: &[Record]) -> crate::formats::standoff::Built {
        crate::formats::standoff::build(crate::formats::standoff::Source {
            file: String::new(),
            text: self.standoff.text.clone(),
            records: records.to_vec(),
            lines: vec![0; records.len()],
            raw: Vec::new(),
            title: String::new(),
        })
    }

    /// What of the curation the records do not carry: names brat has no
    /// place for, mentions grouped otherwise.
    fn lost(&self, records: &[Record]) -> Vec<String> {
        let built = self.rebuild(records);
        let mut lost = Vec::new();
        let mut mentions = built.mentions.clone();
        mentions.sort_unstable();
        let entity_of = |m: &Mention| (m.paragraph, m.start, m.end);
        let mut pairs: HashMap<usize, usize> = HashMap::new();
        if mentions.len() != self.model.mentions().len() {
            lost.push("the mentions differ".to_string());
            return lost;
        }
        for (a, b) in self.model.mentions().iter().zip(&mentions) {
            if entity_of(a) != entity_of(b) {
                lost.push("the mentions differ".to_string());
                return lost;
            }
            if *pairs.entry(b.entity.index()).or_insert(a.entity.index()) != a.entity.index() {
                lost.push(format!(
                    "\"{}\" is grouped with another entity",
                    self.model.entities[a.entity].name
                ));
            }
        }
        for (b, a) in pairs {
            let (was, now) = (&self.model.entities[a], &built.entities[b]);
            if was.name != now.name {
                lost.push(format!(
                    "the name \"{}\" (brat reads \"{}\")",
                    was.name, now.name
                ));
            }
        }
        lost.sort();
        lost.dedup();
        lost
    }
}
