//! entscope: a terminal explorer for documents whose text is linked to named
//! entities and the relations between them.
//!
//! Data flows one way: [`load`] decides what to read and reads it, with
//! [`formats`] for each file's syntax, into a [`model::Model`] (names linked
//! to mentions by [`link`]); [`query`] answers questions of it; the
//! explorer's state ([`app`]) changes only through its update function,
//! the view ([`ui`]) draws that state, and [`save`] writes a curation back.
//! [`commands`] is the command line. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod app;
mod cache;
pub mod commands;
pub mod config;
mod display;
mod files;
pub mod formats;
pub mod link;
pub mod load;
pub mod model;
pub mod problem;
pub mod query;
pub mod save;
mod state;
mod timing;
mod tui;
pub mod ui;
