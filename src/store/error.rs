//! What can go wrong with a project's files, naming the file (and the line and column).

use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{}: written by a newer Naql (file format {found}; this Naql reads formats up to {supported}). Update Naql to open it; the file was not changed.",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{}: changed on disk while Naql was writing it (another window, a synced folder or a pull); not overwritten, the next save merges it",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
}

impl StoreError {
    pub(super) fn io(path: &Path, source: io::Error) -> Self {
        StoreError::Io {
            path: path.to_owned(),
            source,
        }
    }
}
