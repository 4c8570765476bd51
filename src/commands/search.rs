//! `entscope search`: entities ranked for a query.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::json;

use super::args::{Global, Input};
use super::{CommandError, Output, json_lines, loss_summary, warnings, with_model};
use crate::display::{pad, visible};
use crate::load::Request;
use crate::query::names::EntitySearch;

/// `entscope search`
#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// A few letters of a name; typos are tolerated
    pub query: String,
    #[command(flatten)]
    pub input: Input,
    /// How many entities to list
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// JSON Lines: one {id, name, kind, matched, score, mentions} per entity found
    #[arg(long)]
    pub json: bool,
}

/// `entscope search`. Over a large catalog on its own, the names are read
/// from the cache when it holds them (and put there when it does not), so
/// no JSON is parsed and no model is built.
pub fn search(global: &Global, args: &SearchArgs) -> Result<Output, CommandError> {
    let (query, request) = (&args.query, &global.request(args.input.clone()));
    let (limit, json) = (args.limit, args.json);
    let entry = catalog_alone(request).and_then(crate::cache::names_entry);
    if let Some(index) = entry.as_ref().and_then(crate::cache::NamesEntry::load) {
        crate::timing::phase("read the names from the cache");
        return Ok(rank(&EntitySearch::from_index(index), query, limit, json));
    }
    with_model(request, |loaded| {
        let search = EntitySearch::new(&loaded.model);
        if let Some(entry) = &entry
            && !loaded.lost_anything()
        {
            entry.store(search.index());
        }
        let ranked = rank(&search, query, limit, json);
        Ok(Output {
            success: ranked.success && !loaded.lost_anything(),
            warnings: warnings(loaded),
            summary: loss_summary(loaded),
            ..ranked
        })
    })
}

/// The catalog a request names with no text: `search CATALOG` or `search
/// --catalog CATALOG`.
fn catalog_alone(request: &Request) -> Option<&Path> {
    match (request.files.as_slice(), &request.catalog) {
        ([], Some(catalog)) => Some(catalog),
        ([one], None) if crate::load::file::is_catalog(one) => Some(one),
        _ => None,
    }
}

/// The hits for a query, as lines or JSON.
fn rank(search: &EntitySearch, query: &str, limit: usize, json: bool) -> Output {
    let hits = search.search(query, limit);
    crate::timing::phase("search");
    let index = search.index();
    let found = !hits.is_empty();
    if json {
        let rows: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                let e = h.entity;
                json!({"id": index.id(e), "name": index.name(e), "kind": index.kind(e),
                       "matched": h.name, "score": h.score, "mentions": index.mentions(e)})
            })
            .collect();
        return Output {
            stdout: json_lines(&rows),
            success: found,
            ..Output::default()
        };
    }
    let mut out = String::new();
    for h in &hits {
        let name = index.name(h.entity);
        let matched = if h.name == name {
            String::new()
        } else {
            format!("  (as \"{}\")", h.name)
        };
        let line = format!(
            "{:>5}  {} {name}{matched}  [{}]",
            h.score,
            pad(&visible(index.kind(h.entity)), 12),
            index.id(h.entity)
        );
        let _ = writeln!(out, "{}", visible(&line));
    }
    if !found {
        out = format!("no entity matches \"{}\"\n", visible(query));
    }
    Output {
        stdout: out,
        success: found,
        ..Output::default()
    }
}
