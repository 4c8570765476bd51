//! Which paragraphs to show: a small expression over entities and kinds.
//! `japan china` — paragraphs naming both; `japan|china` — either;
//! `!china` — not China; `kind:alliance` — any alliance; `"new zealand"` —
//! a name of several words. Entities are found by id, name or alias.

use std::collections::BTreeSet;

use crate::model::{EntityId, Model, ParagraphId};

/// One alternative of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Entity(EntityId),
    Kind(String),
}

/// A term: any of its atoms, or (negated) none of them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    negated: bool,
    any_of: Vec<Atom>,
}

/// A parsed expression: every term must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
    terms: Vec<Term>,
}

/// The words of an expression; double quotes keep spaces.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

impl Filter {
    /// Reads an expression against a model; an unknown name or kind is an
    /// error saying which.
    pub fn parse(model: &Model, text: &str) -> Result<Filter, String> {
        let mut terms = Vec::new();
        for word in words(text) {
            let (negated, rest) = match word.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, word.as_str()),
            };
            let any_of = rest
                .split('|')
                .filter(|a| !a.trim().is_empty())
                .map(|a| atom(model, a.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            if any_of.is_empty() {
                return Err(format!("\"{word}\" names nothing"));
            }
            terms.push(Term { negated, any_of });
        }
        if terms.is_empty() {
            return Err("an empty filter: name an entity or a kind:".into());
        }
        Ok(Filter {
            text: text.trim().to_string(),
            terms,
        })
    }

    /// A filter on one entity.
    pub fn entity(model: &Model, entity: EntityId) -> Filter {
        Filter {
            text: model.entities[entity].name.clone(),
            terms: vec![Term {
                negated: false,
                any_of: vec![Atom::Entity(entity)],
            }],
        }
    }

    /// The paragraphs that pass, in order.
    pub fn paragraphs(&self, model: &Model) -> Vec<ParagraphId> {
        let set_of = |term: &Term| -> BTreeSet<ParagraphId> {
            let mut set = BTreeSet::new();
            for atom in &term.any_of {
                match atom {
                    Atom::Entity(e) => set.extend(model.paragraphs_of(*e).iter().copied()),
                    Atom::Kind(kind) => {
                        for (i, e) in model.entities.iter().enumerate() {
                            if e.kind.eq_ignore_ascii_case(kind) {
                                set.extend(model.paragraphs_of(EntityId(i)).iter().copied());
                            }
                        }
                    }
                }
            }
            set
        };
        let mut result: Option<BTreeSet<ParagraphId>> = None;
        for term in self.terms.iter().filter(|t| !t.negated) {
            let set = set_of(term);
            result = Some(match result {
                Some(r) => r.intersection(&set).copied().collect(),
                None => set,
            });
        }
        let mut result =
            result.unwrap_or_else(|| (0..model.paragraph_count()).collect::<BTreeSet<_>>());
        for term in self.terms.iter().filter(|t| t.negated) {
            for p in set_of(term) {
                result.remove(&p);
            }
        }
        result.into_iter().collect()
    }
}

fn atom(model: &Model, text: &str) -> Result<Atom, String> {
    if let Some(kind) = text.strip_prefix("kind:") {
        let known: BTreeSet<&str> = model.entities.iter().map(|e| e.kind.as_str()).collect();
        return match known.iter().find(|k| k.eq_ignore_ascii_case(kind)) {
            Some(k) => Ok(Atom::Kind((*k).to_string())),
            None => Err(format!(
                "no entity is of kind \"{kind}\" (kinds: {})",
                known.into_iter().collect::<Vec<_>>().join(", ")
            )),
        };
    }
    if let Some(e) = model.lookup(text) {
        return Ok(Atom::Entity(e));
    }
    // A word of a name is enough when only one entity has it.
    let lower = text.to_lowercase();
    let matching: Vec<usize> = model
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.names().any(|n| n.to_lowercase().contains(&lower)))
        .map(|(i, _)| i)
        .collect();
    match matching.as_slice() {
        [one] => Ok(Atom::Entity(EntityId(*one))),
        [] => Err(format!("no entity is called \"{text}\"")),
        many => Err(format!(
            "\"{text}\" could be {}",
            many.iter()
                .take(4)
                .map(|&i| format!("\"{}\"", model.entities[i].name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(model: &Model, text: &str) -> Vec<usize> {
        Filter::parse(model, text)
            .expect("parses")
            .paragraphs(model)
            .into_iter()
            .map(|p| p + 1)
            .collect()
    }

    #[test]
    fn terms_and_alternatives_and_negations() {
        let model = crate::load::open_bundled().expect("bundled").model;
        let china = numbers(&model, "china");
        assert_eq!(china, [21, 22, 23]);
        let both = numbers(&model, "japan china");
        assert!(both.iter().all(|p| china.contains(p)));
        let either = numbers(&model, "china|\"north korea\"");
        assert!(either.len() >= china.len());
        let not_china = numbers(&model, "japan !china");
        assert!(not_china.iter().all(|p| !china.contains(p)));
        assert!(!numbers(&model, "kind:alliance").is_empty());
        assert_eq!(
            Filter::parse(&model, "kind:weather")
                .expect_err("no such kind")
                .split(" (")
                .next(),
            Some("no entity is of kind \"weather\"")
        );
        assert_eq!(
            Filter::parse(&model, "zzzz").expect_err("nobody"),
            "no entity is called \"zzzz\""
        );
        assert!(Filter::parse(&model, "  ").is_err());
    }
}
