//! `entscope kwic`: an entity's mentions as a concordance, one per line,
//! the mentions aligned: `  ¶6  …the words before [Luxon] the words after…`.

use std::fmt::Write as _;

use serde::Serialize;

use super::{CommandError, Output, find_entity, json_lines, ok, with_model};
use crate::display::visible;
use crate::kwic::{Order, lines};
use crate::load::Request;

pub fn kwic(
    entity: &str,
    request: &Request,
    order: &str,
    width: usize,
    json: bool,
) -> Result<Output, CommandError> {
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

fn json_row<'a>(loaded: &'a crate::load::Loaded, l: &'a crate::kwic::Line) -> JsonLine<'a> {
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
