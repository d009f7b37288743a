//! The RON file format: how files are written (stable, pretty, diff-friendly) and read (with
//! the format version checked and errors placed at a line and column).

use super::StoreError;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The format version this Naql writes. Bump it with every incompatible change and add the
/// step that upgrades the previous version to [`migrate`], with a fixture of the old format
/// under `tests/fixtures/`.
///
/// - 1: the registries (codebook, speakers, documents, people) all in `project.ron`.
/// - 2: `project.ron` is the registries as made; each person's changes to them are in their own
///   `people/<id>.ron`, so no file has two writers. Format 1 reads as format 2 with no people
///   files; the first save by a person rewrites `project.ron`'s version, nothing else.
pub const CURRENT: u32 = 2;

/// Files that carry a format version.
pub trait Versioned {
    fn format_version(&self) -> u32;
}

impl Versioned for crate::model::Manifest {
    fn format_version(&self) -> u32 {
        self.format_version
    }
}

impl Versioned for crate::model::Contribution {
    fn format_version(&self) -> u32 {
        self.format_version
    }
}

impl Versioned for crate::model::Layer {
    fn format_version(&self) -> u32 {
        self.format_version
    }
}

/// How deep a file's structure is laid out one item per line; deeper values stay on one line.
#[derive(Clone, Copy)]
pub enum Layout {
    /// The manifest: each field of a topic, speaker or document on its own line, and each alias.
    Manifest = 4,
    /// A layer: each field of a quote on its own line, but an anchor `(span: (a, b), text: "…")`
    /// or a topic list on one line, so a change to a quote is a one-line diff.
    Layer = 3,
    /// A people file: each dated change on one line, so a save appends lines.
    People = 2,
}

fn pretty(layout: Layout) -> PrettyConfig {
    PrettyConfig::new()
        .struct_names(false)
        .depth_limit(layout as usize)
        .indentor("  ")
        .new_line("\n")
}

/// The bytes of a file. Deterministic: the same value always gives the same bytes.
pub fn to_ron<T: Serialize>(value: &T, layout: Layout) -> Result<String, ron::Error> {
    let mut s = ron::ser::to_string_pretty(value, pretty(layout))?;
    s.push('\n');
    Ok(s)
}

/// Only the version, read from a file whose full parse failed: a file from a newer Naql may
/// fail to parse, and then "update Naql" is the useful message, not a syntax error.
#[derive(serde::Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// Parses a versioned file, refusing newer formats and upgrading older ones.
pub fn from_ron<T: DeserializeOwned + Versioned>(path: &Path, text: &str) -> Result<T, StoreError> {
    if text.trim().is_empty() {
        return Err(StoreError::Invalid {
            path: path.to_owned(),
            message: "the file is empty".into(),
        });
    }
    match ron::from_str::<T>(text) {
        Ok(value) => {
            check_version(path, value.format_version())?;
            migrate(path, value)
        }
        Err(e) => {
            if let Ok(probe) = ron::from_str::<VersionProbe>(text) {
                check_version(path, probe.format_version)?;
            }
            Err(StoreError::Syntax {
                path: path.to_owned(),
                line: e.span.start.line,
                col: e.span.start.col,
                message: e.code.to_string(),
            })
        }
    }
}

fn check_version(path: &Path, found: u32) -> Result<(), StoreError> {
    if found > CURRENT {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            supported: CURRENT,
        });
    }
    if found == 0 {
        return Err(StoreError::Invalid {
            path: path.to_owned(),
            message: "format_version 0 does not exist; Naql formats start at 1".into(),
        });
    }
    Ok(())
}

/// Upgrades a value read from an older format. Format 1's files read as format 2's as they
/// are (format 2 added files, not fields).
fn migrate<T>(_path: &Path, value: T) -> Result<T, StoreError> {
    Ok(value)
}
