//! Importing article files into a project: decode, read metadata, refuse what cannot be an
//! article, skip what is already there, store the text verbatim.

pub mod decode;
pub mod metadata;

use crate::model::validate::sha256_hex;
use crate::model::{Document, DocumentId, Project, ids::is_valid_file_id};
use crate::store::{FileKey, ProjectDir, StoreError};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What an import did, file by file.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<(PathBuf, DocumentId)>,
    /// Files whose text is already in the project (same SHA-256), with the document they equal.
    pub duplicates: Vec<(PathBuf, DocumentId)>,
    /// Files that were not imported, with the reason.
    pub refused: Vec<(PathBuf, String)>,
    /// Of the imported, how many had been stored by an import that did not finish.
    pub adopted: usize,
}

/// The `.txt` files named by `paths`: files as given, folders searched recursively; sorted
/// within each folder so that imports are repeatable.
pub fn collect_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            out.push(path);
        }
    }
}

/// Whether a document id can be used for a text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Free,
    Taken,
    /// `articles/<id>.txt` holds this very text but the project does not list it: an import
    /// killed between storing the article and recording it. The re-run adopts it.
    Adopt,
}

/// A document id from a file name: its stem reduced to ASCII letters, digits, `-` and `_`;
/// the start of the text's hash when nothing is left (a Persian file name); made unique.
/// Returns the id and whether its article is already stored.
fn document_id(path: &Path, sha: &str, slot: &dyn Fn(&str) -> Slot) -> (DocumentId, bool) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut base: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(48)
        .collect();
    if base.is_empty() || !is_valid_file_id(&base) {
        base = format!("doc-{}", &sha[..12]);
    }
    let mut id = base.clone();
    let mut n = 2;
    loop {
        match slot(&id) {
            Slot::Free => return (DocumentId(id), false),
            Slot::Adopt => return (DocumentId(id), true),
            Slot::Taken => {
                id = format!("{base}-{n}");
                n += 1;
            }
        }
    }
}

/// Imports `files` into the project, calling `progress(done, total)` after each one, then saves
/// the manifest once. A file that cannot be imported is reported and the others go on. Each
/// file is all or nothing: its article is stored whole (atomically) or not at all, and an
/// article stored by an import that was killed before recording it is adopted by the next.
pub fn import_files(
    dir: &mut ProjectDir,
    project: &mut Project,
    files: &[PathBuf],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, StoreError> {
    let report = add_articles(dir, project, files, progress)?;
    if !report.imported.is_empty() {
        dir.save(project, &[FileKey::Manifest])?;
    }
    Ok(report)
}

/// The work of [`import_files`] short of saving the manifest: each article is stored in
/// `articles/` and added to `project` in memory. The app runs this off the UI thread on a
/// project that holds only the manifest, then adds the new documents to the open project.
pub fn add_articles(
    dir: &ProjectDir,
    project: &mut Project,
    files: &[PathBuf],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    let mut by_hash: HashMap<String, DocumentId> = project
        .manifest
        .documents
        .iter()
        .map(|d| (d.sha256.clone(), d.id.clone()))
        .collect();
    for (i, path) in files.iter().enumerate() {
        progress(i, files.len());
        let text = match fs::read(path) {
            Ok(bytes) => decode::decode(&bytes),
            Err(e) => {
                report.refused.push((path.clone(), e.to_string()));
                continue;
            }
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                report.refused.push((path.clone(), e.to_string()));
                continue;
            }
        };
        let sha = sha256_hex(&text);
        if let Some(existing) = by_hash.get(&sha) {
            report.duplicates.push((path.clone(), existing.clone()));
            continue;
        }
        let slot = |id: &str| {
            if project
                .manifest
                .documents
                .iter()
                .any(|d| d.id.as_str() == id)
            {
                return Slot::Taken;
            }
            let stored = dir.article_path(id);
            if !stored.exists() {
                return Slot::Free;
            }
            match fs::read_to_string(&stored) {
                Ok(t) if sha256_hex(&t) == sha => Slot::Adopt,
                _ => Slot::Taken,
            }
        };
        let (id, stored) = document_id(path, &sha, &slot);
        if stored {
            report.adopted += 1;
        } else {
            dir.write_article(id.as_str(), &text)?;
        }
        let meta = metadata::read(&text);
        let language = meta.language;
        project.manifest.documents.push(Document {
            id: id.clone(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            title: meta.title,
            source: meta.source,
            date: meta.date,
            language,
            sha256: sha.clone(),
            chars: text.chars().count(),
        });
        if !project.manifest.languages.contains(&language) {
            project.manifest.languages.push(language);
        }
        project.texts.insert(id.clone(), text);
        by_hash.insert(sha, id.clone());
        report.imported.push((path.clone(), id));
    }
    progress(files.len(), files.len());
    Ok(report)
}
