//! The crash journal: every edit not yet saved, appended to
//! `<project>/.naql/<person>.journal` the moment it is made, one RON entry a line.
//!
//! Autosave writes the project's files a few seconds after the last edit and then empties the
//! journal; if Naql dies in between, the next start finds the journal and offers to replay it on
//! the files as they were last saved. Appends are flushed to the operating system at once (an
//! app crash loses nothing) but not fsynced on every keystroke; the saves themselves are.

use super::Action;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub at: Timestamp,
    pub action: Action,
}

/// What a journal left by an earlier session holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
    /// Lines that could not be read (the last one, cut short by the crash, say).
    pub unreadable: usize,
}

pub struct Journal {
    path: PathBuf,
    file: Option<File>,
    /// Entries appended by this session, ever: a save made after the `n`th append may empty
    /// the journal only if it is still at `n`.
    appended: u64,
}

impl Journal {
    /// The journal of `person` in the project at `root`. Nothing is created until an append.
    pub fn new(root: &Path, person: &str) -> Self {
        Self {
            path: root.join(".naql").join(format!("{person}.journal")),
            file: None,
            appended: 0,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn appended(&self) -> u64 {
        self.appended
    }

    /// The entries an earlier session left, if any.
    pub fn read_left_over(&self) -> io::Result<Option<Recovered>> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut entries = Vec::new();
        let mut unreadable = 0;
        for line in BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match ron::from_str::<Entry>(&line) {
                Ok(e) => entries.push(e),
                Err(_) => unreadable += 1,
            }
        }
        Ok((!entries.is_empty() || unreadable > 0).then(|| Recovered {
            path: self.path.clone(),
            entries,
            unreadable,
        }))
    }

    /// Appends one edit.
    pub fn append(&mut self, action: &Action, at: Timestamp) -> io::Result<()> {
        let line = ron::to_string(&Entry {
            at,
            action: action.clone(),
        })
        .map_err(io::Error::other)?;
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                fs::create_dir_all(dir)?;
            }
            self.file = Some(
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.path)?,
            );
        }
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| io::Error::other("closed"))?;
        // One write per entry, so a crash leaves at most the last line cut short.
        file.write_all(format!("{line}\n").as_bytes())?;
        self.appended += 1;
        file.flush()
    }

    /// Empties the journal: everything in it is saved.
    pub fn clear(&mut self) -> io::Result<()> {
        self.file = None;
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Moves a left-over journal aside instead of deleting it (the coder chose not to recover;
    /// the edits stay on disk in case that was a mistake).
    pub fn set_aside(&mut self) -> io::Result<PathBuf> {
        self.file = None;
        let stamp = Timestamp::now().as_second();
        let aside = self
            .path
            .with_extension(format!("journal.discarded-{stamp}"));
        fs::rename(&self.path, &aside)?;
        Ok(aside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    #[test]
    fn entries_survive_and_a_cut_last_line_is_counted_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::new(dir.path(), "sara");
        assert_eq!(j.read_left_over().ok().flatten(), None);
        let a = Action::AddPerson(Person {
            id: "omid".into(),
            name: "امید\nline two «»".into(),
        });
        let now = Timestamp::now();
        for _ in 0..3 {
            j.append(&a, now).unwrap();
        }
        // A crash in the middle of a write.
        let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
        f.write_all(b"(at: \"2025-").unwrap();
        let left = Journal::new(dir.path(), "sara")
            .read_left_over()
            .unwrap()
            .unwrap_or_else(|| panic!("left over"));
        assert_eq!(left.entries.len(), 3);
        assert_eq!(left.entries[0].action, a);
        assert_eq!(left.unreadable, 1);
        j.clear().unwrap();
        assert!(!j.path().exists());
    }
}
