//! `entscope paragraphs EXPR`: the paragraphs a filter passes, one per
//! line with its reference (`¶21: …`), or as JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::args::{Global, Input};
use super::{CommandError, Output, ok, with_model};
use crate::display::{json_safe, visible};
use crate::query::filter::Filter;

/// `entscope paragraphs`
#[derive(Debug, Clone, clap::Args)]
pub struct ParagraphsArgs {
    /// The filter, as the explorer's `:filter` takes it (quote names of several words)
    pub expression: String,
    #[command(flatten)]
    pub input: Input,
    /// JSON Lines: one {cite, document, paragraph, text} per paragraph
    #[arg(long)]
    pub json: bool,
}

pub fn paragraphs(global: &Global, args: &ParagraphsArgs) -> Result<Output, CommandError> {
    let (expression, request) = (&args.expression, &global.request(args.input.clone()));
    let json = args.json;
    with_model(request, |loaded| {
        let model = &loaded.model;
        let filter = Filter::parse(model, expression)
            .map_err(|m| CommandError::Message(visible(&m).into_owned()))?;
        let mut out = String::new();
        for p in filter.paragraphs(model) {
            let text = model.paragraph(p).text.clone();
            let cite = model.document.cite(p);
            if json {
                let row = Row {
                    cite: &cite,
                    document: model
                        .document
                        .part_of(p)
                        .filter(|_| model.document.parts.len() > 1)
                        .map_or(loaded.file.as_str(), |i| {
                            model.document.parts[i].file.as_str()
                        }),
                    paragraph: model.document.paragraph_number(p),
                    text: &text,
                };
                out.push_str(&json_safe(serde_json::to_string(&row).unwrap_or_default()));
                out.push('\n');
            } else {
                let flat: String = text
                    .chars()
                    .map(|c| if c == '\n' { ' ' } else { c })
                    .collect();
                let _ = writeln!(out, "{}: {}", visible(&cite), visible(&flat));
            }
        }
        Ok(ok(loaded, out))
    })
}

#[derive(Serialize)]
struct Row<'a> {
    cite: &'a str,
    document: &'a str,
    paragraph: usize,
    text: &'a str,
}
