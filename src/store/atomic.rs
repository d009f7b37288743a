//! Atomic file replacement: a reader (or a crash) sees either the old file or the new one,
//! never a half-written one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// The steps of [`write_atomic`], for tests that kill a save between any two of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    CreateTemporary,
    /// Half the bytes are written, then the process dies.
    WriteHalf,
    Write,
    SyncFile,
    Rename,
    SyncFolder,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::CreateTemporary,
        Step::WriteHalf,
        Step::Write,
        Step::SyncFile,
        Step::Rename,
        Step::SyncFolder,
    ];
}

/// Writes `bytes` to `path` through a temporary file in the same folder: write, fsync, rename,
/// then fsync the folder so the rename itself survives a power cut.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_until(path, bytes, None)
}

/// [`write_atomic`], stopping dead before `killed_at` as a killed process would: nothing is
/// cleaned up. For crash tests only; `None` is the real thing.
pub fn write_atomic_until(path: &Path, bytes: &[u8], killed_at: Option<Step>) -> io::Result<()> {
    let killed = |step: Step| {
        if killed_at == Some(step) {
            Err(io::Error::new(io::ErrorKind::Interrupted, "killed (test)"))
        } else {
            Ok(())
        }
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    // A leading dot keeps the temporary file out of folder listings and out of layer loading.
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        killed(Step::CreateTemporary)?;
        let mut f = File::create(&tmp)?;
        if killed_at == Some(Step::WriteHalf) {
            f.write_all(&bytes[..bytes.len() / 2])?;
            return killed(Step::WriteHalf);
        }
        killed(Step::Write)?;
        f.write_all(bytes)?;
        killed(Step::SyncFile)?;
        f.sync_all()?;
        drop(f);
        killed(Step::Rename)?;
        fs::rename(&tmp, path)?;
        killed(Step::SyncFolder)?;
        sync_dir(dir)
    })();
    if result.is_err() && killed_at.is_none() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Makes the contents of `files` (all in `folder`) durable: on Linux with one `syncfs` of the
/// folder's file system, which writes out every dirty file at once; elsewhere one fsync each.
#[cfg(target_os = "linux")]
pub fn sync_files<'a>(folder: &Path, files: impl Iterator<Item = &'a Path>) -> io::Result<()> {
    let _ = files;
    let dir = File::open(folder)?;
    rustix::fs::syncfs(&dir).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub fn sync_files<'a>(_folder: &Path, files: impl Iterator<Item = &'a Path>) -> io::Result<()> {
    for f in files {
        File::open(f)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one")?;
        write_atomic(&path, b"two")?;
        assert_eq!(fs::read(&path)?, b"two");
        let names: Vec<_> = fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.ron")]);
        Ok(())
    }

    #[test]
    fn failed_rename_cleans_up_its_temporary_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        // A folder where the file should go makes the rename fail after the write succeeded.
        let blocked = dir.path().join("sub");
        fs::create_dir(&blocked)?;
        assert!(write_atomic(&blocked, b"new").is_err());
        assert!(blocked.is_dir());
        assert_eq!(
            fs::read_dir(dir.path())?.count(),
            1,
            "only the folder remains"
        );
        Ok(())
    }
}
