//! `naql resolve`: merges what sync tools and git left half-done, keeping every entry.
//!
//! - A conflict copy of a layer (`sara (Omid's conflicted copy …).ron`,
//!   `sara.sync-conflict-….ron`, or a file whose content names another person's layer) is
//!   merged into the layer it copies: every quote and review of both, and where both changed
//!   one quote the newer `modified` wins and the other is kept beside it, noted.
//! - A conflict copy of a people file: both files' changes, in time order.
//! - A file with git conflict markers: its two sides merged the same way.
//!   `project.ron` (format 1 projects, where everyone wrote it) merges entry by entry: every
//!   speaker, topic, document and person of either side; where both sides changed one entry,
//!   this side's is kept and the other reported.
//!
//! The copies and the conflicted texts are moved to `.naql/resolved/`, never deleted.

use super::atomic::write_atomic;
use super::copies::{conflict_copy, conflict_marker_line, sides_of_conflict};
use super::format::{CURRENT, Layout, from_ron, to_ron};
use super::{StoreError, parse_contribution, parse_layer};
use crate::model::Manifest;
use crate::model::merge::merge_layers;
use std::fs;
use std::path::{Path, PathBuf};

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Io {
        path: path.to_owned(),
        source: e,
    }
}

fn read(path: &Path) -> Result<String, StoreError> {
    super::read_utf8(path)
}

/// Moves `path` into `.naql/resolved/` under `name`, next to nothing it could overwrite.
fn set_aside(root: &Path, path: &Path, name: &str) -> Result<PathBuf, StoreError> {
    let folder = root.join(".naql").join("resolved");
    fs::create_dir_all(&folder).map_err(io(&folder))?;
    let mut to = folder.join(name);
    let mut n = 2;
    while to.exists() {
        to = folder.join(format!("{n}-{name}"));
        n += 1;
    }
    fs::rename(path, &to).map_err(io(path))?;
    Ok(to)
}

/// Copies a file with conflict markers to `.naql/resolved/NAME.conflicted` before it is
/// rewritten.
fn keep_conflicted(root: &Path, path: &Path, name: &str) -> Result<(), StoreError> {
    let folder = root.join(".naql").join("resolved");
    fs::create_dir_all(&folder).map_err(io(&folder))?;
    fs::copy(path, folder.join(format!("{name}.conflicted"))).map_err(io(path))?;
    Ok(())
}

/// Resolves every conflict in the project at `root`; returns one line per file it touched.
pub fn resolve(root: &Path) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    // Files with markers first, so that copies merge into whole files.
    resolve_manifest_markers(root, &mut out)?;
    for sub in ["annotations", "people"] {
        let folder = root.join(sub);
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ron") && !n.starts_with('.'))
            .collect();
        names.sort();
        for name in &names {
            let path = folder.join(name);
            let text = read(&path)?;
            if conflict_marker_line(&text).is_some() {
                let (ours, theirs) = sides_of_conflict(&text);
                let merged = merge_texts(sub, &path, &ours, &theirs)?;
                keep_conflicted(root, &path, &format!("{sub}-{name}"))?;
                write_atomic(&path, merged.0.as_bytes()).map_err(io(&path))?;
                out.push(format!(
                    "{sub}/{name}: git conflict markers resolved, both sides merged: {}",
                    merged.1
                ));
            }
        }
        for name in &names {
            let path = folder.join(name);
            let original = match conflict_copy(name) {
                Some(copy) => Some((copy.original, copy.tool)),
                None if sub == "annotations" => content_copy(&folder, name, &path),
                None => None,
            };
            let Some((original, tool)) = original else {
                continue;
            };
            let original_path = folder.join(&original);
            let copy_text = read(&path)?;
            let merged = if original_path.exists() {
                let original_text = read(&original_path)?;
                merge_texts(sub, &original_path, &original_text, &copy_text)?
            } else {
                (
                    copy_text,
                    "the original was missing; the copy takes its place".into(),
                )
            };
            write_atomic(&original_path, merged.0.as_bytes()).map_err(io(&original_path))?;
            let aside = set_aside(root, &path, name)?;
            out.push(format!(
                "{sub}/{name} ({tool}'s copy) merged into {sub}/{original}: {}; the copy is now {}",
                merged.1,
                aside.display()
            ));
        }
    }
    Ok(out)
}

/// A layer file whose content says it is another person's layer that exists: a copy made
/// under another name.
fn content_copy(folder: &Path, name: &str, path: &Path) -> Option<(String, &'static str)> {
    let text = read(path).ok()?;
    let layer = parse_layer(path, &text).ok()?;
    let stem = name.trim_end_matches(".ron");
    let original = format!("{}.ron", layer.person);
    (layer.person.as_str() != stem && folder.join(&original).exists())
        .then_some((original, "a renamed"))
}

/// Two texts of one layer or people file merged into one; with what was decided.
fn merge_texts(
    sub: &str,
    path: &Path,
    ours: &str,
    theirs: &str,
) -> Result<(String, String), StoreError> {
    if sub == "people" {
        let mut a = parse_contribution(path, ours)?;
        let b = parse_contribution(path, theirs)?;
        let taken = a.absorb(&b);
        a.format_version = CURRENT;
        let text = to_ron(&a, Layout::People).map_err(|e| StoreError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        return Ok((text, format!("{taken} changes taken from the other side")));
    }
    let a = parse_layer(path, ours)?;
    let b = parse_layer(path, theirs)?;
    let (merged, report) = merge_layers(None, &a, &b);
    let mut text = String::new();
    super::layer_text::write_layer(&merged, &mut text);
    Ok((text, report.summary()))
}

/// `project.ron` with conflict markers (a format 1 project, which everyone wrote): both sides'
/// entries.
fn resolve_manifest_markers(root: &Path, out: &mut Vec<String>) -> Result<(), StoreError> {
    let path = root.join(crate::model::validate::MANIFEST_FILE);
    let Ok(text) = read(&path) else {
        return Ok(());
    };
    if conflict_marker_line(&text).is_none() {
        return Ok(());
    }
    let (ours, theirs) = sides_of_conflict(&text);
    let a: Manifest = from_ron(&path, &ours)?;
    let b: Manifest = from_ron(&path, &theirs)?;
    let (merged, notes) = union_manifests(a, b);
    let bytes = to_ron(&merged, Layout::Manifest).map_err(|e| StoreError::Invalid {
        path: path.clone(),
        message: e.to_string(),
    })?;
    keep_conflicted(root, &path, "project.ron")?;
    write_atomic(&path, bytes.as_bytes()).map_err(io(&path))?;
    out.push(format!(
        "project.ron: git conflict markers resolved, every entry of both sides kept{}",
        if notes.is_empty() {
            String::new()
        } else {
            format!(
                "; changed on both sides, this side's kept: {}",
                notes.join(", ")
            )
        }
    ));
    Ok(())
}

/// Every entry of both manifests: `a`'s where both have one id.
fn union_manifests(mut a: Manifest, b: Manifest) -> (Manifest, Vec<String>) {
    fn add<T: Clone + PartialEq, K: PartialEq>(
        into: &mut Vec<T>,
        from: Vec<T>,
        key: impl Fn(&T) -> &K,
        what: &str,
        name: impl Fn(&T) -> String,
        notes: &mut Vec<String>,
    ) {
        for x in from {
            match into.iter().find(|y| key(y) == key(&x)) {
                None => into.push(x),
                Some(y) if *y != x => notes.push(format!("{what} {}", name(&x))),
                Some(_) => {}
            }
        }
    }
    let mut notes = Vec::new();
    add(
        &mut a.speakers,
        b.speakers,
        |s| &s.id,
        "speaker",
        |s| s.id.to_string(),
        &mut notes,
    );
    add(
        &mut a.codebook.topics,
        b.codebook.topics,
        |t| &t.id,
        "topic",
        |t| t.id.to_string(),
        &mut notes,
    );
    add(
        std::sync::Arc::make_mut(&mut a.documents),
        std::sync::Arc::unwrap_or_clone(b.documents),
        |d| &d.id,
        "document",
        |d| d.id.to_string(),
        &mut notes,
    );
    add(
        &mut a.people,
        b.people,
        |p| &p.id,
        "person",
        |p| p.id.to_string(),
        &mut notes,
    );
    for l in b.languages {
        if !a.languages.contains(&l) {
            a.languages.push(l);
        }
    }
    for (from, into) in b.merged {
        a.merged.entry(from).or_insert(into);
    }
    a.format_version = a.format_version.max(b.format_version);
    (a, notes)
}
