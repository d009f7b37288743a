//! Who holds a project for a coder: a lock record `.naql/<coder>.lock` (std's advisory file
//! lock, with the host, process and time written inside), so that a second window of the same
//! coder can say where the first one is. Advisory locks are missing or unreliable on some
//! network folders, so nothing depends on this for correctness: saves merge regardless.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The lock, held while it lives.
#[derive(Debug)]
pub struct Held {
    _file: File,
}

#[derive(Debug)]
pub enum Lock {
    Held(Held),
    /// Another window holds it; what its record says (host, process, since when).
    Taken(String),
    /// No lock could be taken here (a read-only folder, a file system without locks).
    Unavailable,
}

/// This computer's name, for the record.
fn host() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this computer".into())
}

/// Takes `<root>/.naql/<coder>.lock`.
pub fn take(root: &Path, coder: &str) -> Lock {
    let folder = root.join(".naql");
    if std::fs::create_dir_all(&folder).is_err() {
        return Lock::Unavailable;
    }
    let path = folder.join(format!("{coder}.lock"));
    let Ok(mut file) = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    else {
        return Lock::Unavailable;
    };
    match file.try_lock() {
        Ok(()) => {
            let record = format!(
                "on {} (process {}) since {}\n",
                host(),
                std::process::id(),
                jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC")
            );
            let _ = file.set_len(0);
            let _ = file.seek(SeekFrom::Start(0));
            let _ = file.write_all(record.as_bytes());
            let _ = file.flush();
            Lock::Held(Held { _file: file })
        }
        Err(TryLockError::WouldBlock) => {
            let mut record = String::new();
            let _ = file.read_to_string(&mut record);
            Lock::Taken(record.trim().to_owned())
        }
        Err(TryLockError::Error(_)) => Lock::Unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_is_told_where_the_first_is() {
        let tmp = tempfile::tempdir().unwrap();
        let first = take(tmp.path(), "sara");
        assert!(matches!(first, Lock::Held(_)));
        match take(tmp.path(), "sara") {
            Lock::Taken(who) => {
                assert!(
                    who.contains(&format!("process {}", std::process::id())),
                    "{who}"
                );
                assert!(who.starts_with("on ") && who.contains(" since "), "{who}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(take(tmp.path(), "omid"), Lock::Held(_)));
        drop(first);
        assert!(matches!(take(tmp.path(), "sara"), Lock::Held(_)));
    }
}
