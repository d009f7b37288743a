//! Naql: tag quotes, speakers and topics in right-to-left news articles, and review them.
//!
//! Layers, from the ground up: [`model`] (plain data), [`store`] (the RON project folder),
//! [`import`] (article files), [`export`] and [`stats`] (reports), [`cli`] (the command line).
//! See ARCHITECTURE.md.

pub mod action;
pub mod agree;
pub mod app;
pub mod cli;
pub mod exchange;
pub mod export;
pub mod import;
pub mod memory;
pub mod model;
pub mod parallel;
pub mod review;
pub mod sample;
pub mod session;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod text;
pub mod ui;
