//! `entscope kwic`: an entity's mentions as a concordance, one per line,
//! the mentions aligned: `  ¶6  …the words before [Luxon] the words after…`.

use std::fmt::Write as _;

use serde::Serialize;

use super::args::{Global, Input};
use super::{CommandError, Output, find_entity, json_lines, ok, with_model};
use crate::display::visible;
use crate::query::kwic::{Order, lines};

/// `entscope kwic`
#[derive(Debug, Clone, clap::Args)]
pub struct KwicArgs {
    /// Entity id, name or alias (case-insensitive; a near miss is found)
    pub entity: String,
    #[command(flatten)]
    pub input: Input,
    /// Order: position, left (by the word before) or right (by the word after)
    #[arg(long, default_value = "position", value_name = "ORDER")]
    pub sort: String,
    /// Characters of context on each side
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub width: usize,
    /// JSON Lines: one {cite, document, paragraph, left, mention, right} per mention
    #[arg(long)]
    pub json: bool,
}

pub fn kwic(global: &Global, args: &KwicArgs) -> Result<Output, CommandError> {
    let (entity, request) = (&args.entity, &global.request(args.input.clone()));
    let (order, width, json) = (args.sort.as_str(), args.width, args.json);
    let order = Order::parse(order).ok_or_else(|| {
        CommandError::Message(format!("--sort {order}: expected position, left or right"))
    })?;
    with_model(request, |loaded| {
        let (id, note) = find_entity(loaded, entity)?;
        let rows = lines(&loaded.model, id, width, order);
        let text = if json {
            json_lines(rows.iter().map(|l| json_row(loaded, l)))
        } else {
            let cite = rows
                .iter()
                .map(|l| l.cite.chars().count())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for l in &rows {
                let _ = writeln!(
                    text,
                    "{:>cite$}  {:>width$} [{}] {}",
                    visible(&l.cite),
                    l.left,
                    l.hit,
                    l.right
                );
            }
            text
        };
        let mut output = ok(loaded, text);
        output.warnings.extend(note);
        Ok(output)
    })
}

#[derive(Serialize)]
struct JsonLine<'a> {
    cite: String,
    document: &'a str,
    paragraph: usize,
    left: &'a str,
    mention: &'a str,
    right: &'a str,
}

fn json_row<'a>(loaded: &'a crate::load::Loaded, l: &'a crate::query::kwic::Line) -> JsonLine<'a> {
    let model = &loaded.model;
    let p = model.mention(l.mention).paragraph;
    let document = model
        .document
        .part_of(p)
        .filter(|_| model.document.parts.len() > 1)
        .map_or(loaded.file.as_str(), |i| {
            model.document.parts[i].file.as_str()
        });
    JsonLine {
        cite: l.cite.clone(),
        document,
        paragraph: model.document.paragraph_number(p),
        left: &l.left,
        mention: &l.hit,
        right: &l.right,
    }
}
