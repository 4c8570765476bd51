//! `entscope kwic`: an entity's mentions as a concordance, one per line,
//! the mentions aligned: `  ¶6  …the words before [Luxon] the words after…`.

use std::fmt::Write as _;

use serde::Serialize;

use super::{CommandError, Output, find_entity, ok, with_model};
use crate::display::json_safe;
use crate::formats::Request;
use crate::kwic::{Order, lines};

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
            rows.iter().map(json_line).collect()
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
                    l.cite, l.left, l.hit, l.right
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
    cite: &'a str,
    left: &'a str,
    mention: &'a str,
    right: &'a str,
}

fn json_line(l: &crate::kwic::Line) -> String {
    let row = JsonLine {
        cite: &l.cite,
        left: &l.left,
        mention: &l.hit,
        right: &l.right,
    };
    let mut line = json_safe(serde_json::to_string(&row).unwrap_or_default());
    line.push('\n');
    line
}
