//! Importing articles into a project: `.txt` files, tables (CSV, TSV, JSON Lines, JSON, Excel)
//! with a row per article, and web pages saved from news sites. Decode, read metadata, refuse
//! what cannot be an article, skip what is already there, store the text verbatim.

pub mod decode;
pub mod error;
pub mod html;
pub mod metadata;
pub mod table;

pub use error::ReadError;
pub use table::Columns;

use crate::model::validate::sha256_hex;
use crate::model::{Document, DocumentId, Language, Project, ids::is_valid_file_id};
use crate::store::{FileKey, ProjectDir, StoreError};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// What an import did, file by file.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Each article stored: where it came from (a file, or a file and line) and its id.
    pub imported: Vec<(PathBuf, DocumentId)>,
    /// Texts already in the project (same SHA-256), with the document they equal.
    pub duplicates: Vec<(PathBuf, DocumentId)>,
    /// Files that were not imported, with the reason (a file is all or nothing).
    pub refused: Vec<(PathBuf, String)>,
    /// Rows left out of a file that was imported (an empty text), with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Of the imported, how many had been stored by an import that did not finish.
    pub adopted: usize,
}

/// The kinds of file an import reads, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Csv,
    Tsv,
    JsonLines,
    Json,
    Excel,
    Html,
}

/// The kind of `path` by its extension, if Naql reads it.
pub fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" => Kind::Text,
        "csv" => Kind::Csv,
        "tsv" | "tab" => Kind::Tsv,
        "jsonl" | "ndjson" => Kind::JsonLines,
        "json" => Kind::Json,
        "xlsx" | "xlsm" | "xls" | "ods" => Kind::Excel,
        "html" | "htm" | "xhtml" => Kind::Html,
        _ => return None,
    })
}

/// The files named by `paths` that Naql reads: files as given, folders searched recursively;
/// sorted within each folder so that imports are repeatable.
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
        } else if kind_of(&path).is_some() {
            out.push(path);
        }
    }
}

/// An article read from a file, not yet stored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incoming {
    /// Where it came from: the file, and for a row its line.
    pub origin: PathBuf,
    /// What the document list shows as its file: `news.csv:12` for a row.
    pub file_name: String,
    pub text: String,
    /// What its id is made from: an id column, else the file name (and line).
    pub id_hint: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: Option<Language>,
    pub metadata: BTreeMap<String, String>,
}

/// A language named in a column: ISO codes, English and native names.
fn language_named(s: &str) -> Option<Language> {
    match s.trim().to_lowercase().as_str() {
        "fa" | "fas" | "per" | "persian" | "farsi" | "فارسی" => Some(Language::Persian),
        "ar" | "ara" | "arabic" | "العربية" | "عربی" | "عربي" => {
            Some(Language::Arabic)
        }
        _ => None,
    }
}

/// Reads one file into the articles it holds. A file is all or nothing: any error refuses it
/// whole. Rows with an empty text are left out and listed in the second part.
pub fn read_file(
    path: &Path,
    columns: &Columns,
) -> Result<(Vec<Incoming>, Vec<String>), ReadError> {
    let kind = kind_of(path).ok_or(ReadError::UnknownKind)?;
    let bytes = fs::read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let records = match kind {
        Kind::Text => {
            let text = decode::decode(&bytes)?;
            return Ok((
                vec![Incoming {
                    origin: path.to_owned(),
                    file_name: name,
                    text,
                    id_hint: stem,
                    ..Incoming::default()
                }],
                Vec::new(),
            ));
        }
        Kind::Html => {
            let page = html::read(&bytes)?;
            let mut metadata = BTreeMap::new();
            if let Some(b) = page.byline {
                metadata.insert("byline".to_owned(), b);
            }
            return Ok((
                vec![Incoming {
                    origin: path.to_owned(),
                    file_name: name,
                    text: page.text,
                    id_hint: stem,
                    title: page.title,
                    date: page.date.as_deref().and_then(metadata::parse_date),
                    source: page.site,
                    url: page.url,
                    language: page
                        .language
                        .as_deref()
                        .and_then(|l| language_named(l.split(['-', '_']).next().unwrap_or(l))),
                    metadata,
                }],
                Vec::new(),
            ));
        }
        Kind::Csv => table::read_delimited(&bytes, b',')?,
        Kind::Tsv => table::read_delimited(&bytes, b'\t')?,
        Kind::JsonLines => table::read_json_lines(&bytes)?,
        Kind::Json => table::read_json(&bytes)?,
        Kind::Excel => table::read_xlsx(&bytes)?,
    };
    let rows = table::rows(&records, columns)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut skipped = Vec::new();
    for row in rows {
        if row.text.trim().is_empty() {
            skipped.push(format!("line {}: the text is empty", row.line));
            continue;
        }
        let date = match &row.date {
            Some(d) => Some(metadata::parse_date(d).ok_or_else(|| ReadError::Row {
                line: row.line as u64,
                why: format!("{d:?} is not a date Naql reads"),
            })?),
            None => None,
        };
        let mut metadata = row.metadata;
        let language = match &row.language {
            Some(l) => match language_named(l) {
                Some(lang) => Some(lang),
                None => {
                    metadata.insert("language".to_owned(), l.clone());
                    None
                }
            },
            None => None,
        };
        out.push(Incoming {
            origin: PathBuf::from(format!("{}:{}", path.display(), row.line)),
            file_name: format!("{name}:{}", row.line),
            id_hint: row
                .id
                .clone()
                .unwrap_or_else(|| format!("{stem}-{}", row.line)),
            text: row.text,
            title: row.title,
            date,
            source: row.source,
            url: row.url,
            language,
            metadata,
        });
    }
    Ok((out, skipped))
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

/// The id a document's hint (an id column, a file name) makes: reduced to ASCII letters,
/// digits, `-` and `_`; the start of the text's hash when nothing is left (a Persian file
/// name). Not yet unique.
pub fn id_base(hint: &str, sha: &str) -> String {
    let base: String = hint
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
        format!("doc-{}", &sha[..12])
    } else {
        base
    }
}

/// A document id from a hint ([`id_base`]), made unique. Returns the id and whether its
/// article is already stored.
fn document_id(hint: &str, sha: &str, slot: &dyn Fn(&str) -> Slot) -> (DocumentId, bool) {
    let base = id_base(hint, sha);
    let mut id = base.clone();
    let mut n = 2;
    loop {
        match slot(&id) {
            Slot::Free => return (DocumentId::new(id), false),
            Slot::Adopt => return (DocumentId::new(id), true),
            Slot::Taken => {
                id = format!("{base}-{n}");
                n += 1;
            }
        }
    }
}

/// Imports `files` into the project, calling `progress(done, total)` as articles are stored,
/// then saves the manifest once. A file that cannot be imported is reported and the others go
/// on. Each file is all or nothing: it is read whole first (a malformed row refuses it), then
/// its articles are stored (atomically), and articles stored by an import that was killed
/// before recording them are adopted by the next.
pub fn import_files(
    dir: &mut ProjectDir,
    project: &mut Project,
    files: &[PathBuf],
    columns: &Columns,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, StoreError> {
    let report = add_articles(dir, project, files, columns, progress)?;
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
    columns: &Columns,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    let mut by_hash: HashMap<String, DocumentId> = project
        .manifest
        .documents
        .iter()
        .map(|d| (d.sha256.clone(), d.id.clone()))
        .collect();
    let mut ids: std::collections::HashSet<String> = project
        .manifest
        .documents
        .iter()
        .map(|d| d.id.as_str().to_owned())
        .collect();
    let mut done = 0;
    for (f, path) in files.iter().enumerate() {
        progress(done, done + files.len() - f);
        let (items, skipped) = match read_file(path, columns) {
            Ok(found) => found,
            Err(e) => {
                report.refused.push((path.clone(), e.to_string()));
                continue;
            }
        };
        for why in skipped {
            report.skipped.push((path.clone(), why));
        }
        // The file's new articles: ids given, duplicates (of the project or of each other) set
        // aside, then stored together.
        let mut new: Vec<(Incoming, String, DocumentId)> = Vec::new();
        let mut adopted = Vec::new();
        for item in items {
            let sha = sha256_hex(&item.text);
            if let Some(existing) = by_hash.get(&sha) {
                report
                    .duplicates
                    .push((item.origin.clone(), existing.clone()));
                continue;
            }
            let slot = |id: &str| {
                if ids.contains(id) {
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
            let (id, stored) = document_id(&item.id_hint, &sha, &slot);
            ids.insert(id.as_str().to_owned());
            by_hash.insert(sha.clone(), id.clone());
            if stored {
                adopted.push(id.clone());
            }
            new.push((item, sha, id));
        }
        let to_write: Vec<(&str, &str)> = new
            .iter()
            .filter(|(_, _, id)| !adopted.contains(id))
            .map(|(item, _, id)| (id.as_str(), item.text.as_str()))
            .collect();
        dir.write_articles(&to_write)?;
        report.adopted += adopted.len();
        for (item, sha, id) in new {
            let meta = metadata::read(&item.text);
            let language = item.language.unwrap_or(meta.language);
            std::sync::Arc::make_mut(&mut project.manifest.documents).push(Document {
                id: id.clone(),
                file_name: item.file_name,
                title: item
                    .title
                    .map(|t| crate::model::shorten(&t, 200))
                    .unwrap_or(meta.title),
                source: item.source.unwrap_or(meta.source),
                date: item.date.or(meta.date),
                language,
                sha256: sha,
                chars: item.text.chars().count(),
                url: item.url.unwrap_or_default(),
                metadata: item.metadata,
            });
            if !project.manifest.languages.contains(&language) {
                project.manifest.languages.push(language);
            }
            project.texts.written(id.clone(), item.text);
            report.imported.push((item.origin, id));
            done += 1;
            if done % 256 == 0 {
                progress(done, done + files.len() - f);
            }
        }
    }
    progress(done, done);
    Ok(report)
}
