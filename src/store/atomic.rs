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
    let (dir, tmp) = temporary_for(path)?;
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

/// [`write_atomic`] of bytes made by `fill` as they are written (a layer's 250 MB are
/// not held whole), the same steps: a temporary file, fsync, rename, fsync of the folder.
/// `keep` looks at what `fill` gave back and says whether to put the file in place at all
/// (not when it holds the bytes already on disk); if not, the temporary file is removed.
pub fn write_atomic_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<T>,
    keep: impl FnOnce(&T) -> bool,
) -> io::Result<(T, bool)> {
    let (dir, tmp) = temporary_for(path)?;
    let result = (|| {
        let mut f = File::create(&tmp)?;
        let made = fill(&mut f)?;
        if !keep(&made) {
            drop(f);
            fs::remove_file(&tmp)?;
            return Ok((made, false));
        }
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)?;
        Ok((made, true))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The folder of `path` and the temporary file a write of it goes through. A leading dot
/// keeps it out of folder listings and out of layer loading.
fn temporary_for(path: &Path) -> io::Result<(&Path, std::path::PathBuf)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    Ok((dir, tmp))
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

    /// Bytes made as they are written replace the file; a write that fails half-way, or
    /// that is not kept, leaves the old file and no temporary one.
    #[test]
    fn bytes_written_as_made_replace_the_file_or_leave_it() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"old")?;
        let only_the_file = |dir: &Path| -> io::Result<Vec<std::ffi::OsString>> {
            Ok(fs::read_dir(dir)?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name())
                .collect())
        };
        let failed = write_atomic_with(
            &path,
            |f| {
                f.write_all(b"half of the ne")?;
                Err::<(), _>(io::Error::other("disk full"))
            },
            |_| true,
        );
        assert!(failed.is_err());
        assert_eq!(fs::read(&path)?, b"old");
        assert_eq!(only_the_file(dir.path())?, vec!["a.ron"]);
        let (n, kept) = write_atomic_with(&path, |f| f.write_all(b"old").map(|()| 3), |_| false)?;
        assert_eq!((n, kept), (3, false));
        assert_eq!(only_the_file(dir.path())?, vec!["a.ron"]);
        let ((), kept) = write_atomic_with(&path, |f| f.write_all(b"new"), |_| true)?;
        assert!(kept);
        assert_eq!(fs::read(&path)?, b"new");
        assert_eq!(only_the_file(dir.path())?, vec!["a.ron"]);
        Ok(())
    }
}
