//! entscope: a terminal explorer for documents whose text is linked to named
//! entities and the relations between them.
//!
//! Data flows one way: [`formats`] read files into a [`model::Model`]
//! (linking names to mentions with [`link`]); the explorer's state changes
//! only through its update function, and the view draws that state.
#![forbid(unsafe_code)]

pub mod app;
pub mod cache;
pub mod commands;
pub mod config;
pub mod display;
pub mod files;
pub mod filter;
pub mod formats;
pub mod geometry;
pub mod kwic;
pub mod link;
pub mod load;
pub mod model;
pub mod problem;
pub mod save;
pub mod search;
pub mod state;
pub mod textsearch;
pub mod timing;
pub mod tui;
pub mod ui;
