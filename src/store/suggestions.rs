//! The suggestions a coder rejected, kept on this machine in `.naql/rejected/<coder>.ron`
//! (beside the crash journal: like it, the file is the coder's own and not shared). Suggestions
//! themselves are never stored: they are computed again from the articles; a suggestion the
//! coder accepts becomes an ordinary quote of their layer.

use crate::model::{PersonId, Rejection};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's version: refused if newer.
pub const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct File {
    format_version: u32,
    rejected: Vec<Rejection>,
}

pub fn path(root: &Path, coder: &PersonId) -> PathBuf {
    root.join(".naql")
        .join("rejected")
        .join(format!("{coder}.ron"))
}

/// The coder's rejections; none if the file does not exist. A file that cannot be read is
/// reported (with its path and the line) and left as it is.
pub fn read(root: &Path, coder: &PersonId) -> Result<Vec<Rejection>, super::StoreError> {
    use super::StoreError;
    let p = path(root, coder);
    let bytes = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { path: p, source }),
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| StoreError::Invalid {
        path: p.clone(),
        message: format!("not UTF-8 text ({e})"),
    })?;
    let file: File = ron::from_str(text).map_err(|e| StoreError::Syntax {
        path: p.clone(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: format!(
            "{} (the file is left as it is; suggestions rejected before are shown again)",
            e.code
        ),
    })?;
    if file.format_version > FORMAT {
        return Err(StoreError::TooNew {
            path: p,
            found: file.format_version,
            supported: FORMAT,
        });
    }
    Ok(file.rejected)
}

/// Every coder's rejections found on this machine (unreadable files skipped).
pub fn read_all(root: &Path) -> Vec<Rejection> {
    let Ok(entries) = std::fs::read_dir(root.join(".naql").join("rejected")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(coder) = name.strip_suffix(".ron") {
            out.extend(read(root, &PersonId::new(coder)).unwrap_or_default());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Writes the coder's rejections atomically.
pub fn write(root: &Path, coder: &PersonId, rejected: &[Rejection]) -> std::io::Result<()> {
    let p = path(root, coder);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut sorted = rejected.to_vec();
    sorted.sort();
    sorted.dedup();
    let file = File {
        format_version: FORMAT,
        rejected: sorted,
    };
    let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    super::atomic::write_atomic(&p, text.as_bytes())
}
