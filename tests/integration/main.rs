//! The integration tests, as one binary (one link, one run): a module per
//! area, sharing the helpers in `common`.

mod cache;
mod cli;
mod common;
mod docs;
mod documents;
mod e2e;
mod formats;
mod fuzz;
mod gold;
mod hangup;
mod hostile;
mod index;
mod limits;
mod pty;
mod real_files;
mod render;
