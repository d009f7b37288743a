//! Naql's integration tests, one binary (linking eframe and wgpu once instead of once per
//! file, as helix does): each module is one part of the app as a user or another program
//! meets it. `real_window` is ignored by a plain `cargo test`; `.ci/run` runs it with
//! `cargo test --test integration -- --ignored real_window`.

// A test fails loudly: unwrap and expect say what broke where. (Inside `#[test]` functions
// clippy.toml already allows them; this covers the helpers too.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod autosave;
mod cli;
mod exchange;
mod fixtures;
mod import;
mod import_tables;
mod real_window;
mod roundtrip;
mod sample;
mod store_errors;
mod suggest;
mod team;
mod text_layout;
mod ui_article;
mod ui_field;
mod ui_import;
mod ui_suggest;
mod ui_workspace;
