//! The status bar's long work, off the UI thread: importing articles, exporting quotes and
//! the reliability matrix, measuring agreement. Each is a [`Task`] with one [`Outcome`]; the
//! window never waits for it.

use super::task::Task;
use crate::model::{Document, Manifest, Project};
use std::path::PathBuf;

/// What a finished job gives back.
pub enum Outcome {
    /// New documents with their texts, for the open project, and a summary.
    Imported {
        documents: Vec<(Document, String)>,
        summary: String,
    },
    Message(String),
    /// Agreement over the whole project.
    Agreement(crate::agree::Report),
}

/// A job of the status bar: a [`Task`] with one [`Outcome`].
pub type Job = Task<Outcome>;

impl Task<Outcome> {
    /// Imports `files` into the project at `root`, whose manifest is `manifest`: the articles
    /// are stored; the documents come back to be added to the open project.
    pub fn import(
        root: PathBuf,
        manifest: Manifest,
        files: Vec<PathBuf>,
        columns: crate::import::Columns,
    ) -> Self {
        Self::run("importing", move |progress| {
            let files = crate::import::collect_files(&files);
            let dir = crate::store::ProjectDir::at(&root);
            let mut project = Project::new(manifest);
            let known = project.manifest.documents.len();
            let report =
                crate::import::add_articles(&dir, &mut project, &files, &columns, &mut |i, n| {
                    progress(i, n)
                });
            match report {
                Ok(report) => {
                    let mut summary = format!(
                        "imported {} articles; {} already in the project; {} refused",
                        report.imported.len(),
                        report.duplicates.len(),
                        report.refused.len()
                    );
                    if let Some((path, why)) = report.refused.first() {
                        summary.push_str(&format!(" ({}: {why})", path.display()));
                    }
                    let documents = std::sync::Arc::make_mut(&mut project.manifest.documents)
                        .split_off(known)
                        .into_iter()
                        .map(|d| {
                            let text = project.texts.remove(&d.id).unwrap_or_default().to_string();
                            (d, text)
                        })
                        .collect();
                    Outcome::Imported { documents, summary }
                }
                Err(e) => Outcome::Message(format!("import stopped: {e}")),
            }
        })
    }

    /// Writes every quote of `project` to `path` as CSV (with a BOM, for Excel) or JSON Lines.
    pub fn export(project: Project, path: PathBuf, csv: bool) -> Self {
        Self::run("exporting", move |progress| {
            // Rows are made as they are written, not held (0.6 GB at 2,000,000 quotes).
            let rows = crate::export::each_row(&project);
            let quotes = project.quotes().count();
            progress(0, quotes);
            let mut out = Vec::new();
            let written = if csv {
                crate::export::write_csv(rows, &mut out, true)
            } else {
                crate::export::write_jsonl(rows, &mut out)
            };
            let result = written.and_then(|()| crate::store::atomic::write_atomic(&path, &out));
            progress(quotes, quotes);
            match result {
                Ok(()) => {
                    Outcome::Message(format!("exported {quotes} quotes to {}", path.display()))
                }
                Err(e) => Outcome::Message(format!("export failed: {}: {e}", path.display())),
            }
        })
    }

    /// Measures agreement between every coder of `project` (the curated layer aside).
    pub fn agree(project: Project) -> Self {
        Self::run("measuring agreement", move |progress| {
            let coders = crate::agree::default_coders(&project);
            if coders.len() < 2 {
                return Outcome::Message(
                    "agreement needs two coders with quotes; this project has fewer".into(),
                );
            }
            Outcome::Agreement(crate::agree::measure_with_progress(
                &project, &coders, None, progress,
            ))
        })
    }

    /// Writes the reliability data matrix of every coder to `path` as CSV.
    pub fn export_matrix(project: Project, path: PathBuf) -> Self {
        Self::run("exporting the matrix", move |progress| {
            let coders = crate::agree::default_coders(&project);
            progress(0, 1);
            let mut out = Vec::new();
            let result = crate::export::write_reliability_matrix(&project, &coders, &mut out)
                .and_then(|()| crate::store::atomic::write_atomic(&path, &out));
            progress(1, 1);
            match result {
                Ok(()) => Outcome::Message(format!(
                    "wrote the reliability matrix of {} coders to {}",
                    coders.len(),
                    path.display()
                )),
                Err(e) => Outcome::Message(format!("export failed: {}: {e}", path.display())),
            }
        })
    }
}
