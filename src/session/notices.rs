//! What the window has told the person: errors, merges from outside, what undo took back. The
//! status line shows the newest; the list keeps the recent ones, newest first and each with its
//! time, so a notice is not lost when the next one arrives (rerun's notifications do the same).

use std::collections::VecDeque;

/// Notices kept; older ones are let go.
pub const KEPT: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub at: jiff::Timestamp,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Notices {
    /// Newest first.
    list: VecDeque<Notice>,
    /// How many notices there have been: the list window remembers how many it has shown, so
    /// the rest are new to the person.
    total: u64,
}

impl Notices {
    /// Adds a notice, now.
    pub fn push(&mut self, text: impl Into<String>) {
        self.push_at(jiff::Timestamp::now(), text.into());
    }

    pub fn push_at(&mut self, at: jiff::Timestamp, text: String) {
        self.list.push_front(Notice { at, text });
        self.list.truncate(KEPT);
        self.total += 1;
    }

    /// The newest notice (the status line's).
    pub fn latest(&self) -> Option<&Notice> {
        self.list.front()
    }

    /// The newest notice's text, for tests and the status line.
    pub fn latest_text(&self) -> Option<&str> {
        self.latest().map(|n| n.text.as_str())
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Notice> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many notices there have been (for [`Notices::unseen`]).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// How many of the kept notices came after the first `seen`.
    pub fn unseen(&self, seen: u64) -> usize {
        usize::try_from(self.total.saturating_sub(seen))
            .unwrap_or(usize::MAX)
            .min(self.list.len())
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_none_dropped_until_the_limit() {
        let mut n = Notices::default();
        n.push("merged sara's layer from disk");
        n.push("undid: note");
        assert_eq!(n.latest_text(), Some("undid: note"));
        let texts: Vec<&str> = n.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["undid: note", "merged sara's layer from disk"]);
        assert_eq!(n.unseen(0), 2);
        let seen = n.total();
        assert_eq!(n.unseen(seen), 0);
        n.push("saved");
        assert_eq!(n.unseen(seen), 1);
        for i in 0..KEPT + 5 {
            n.push(format!("{i}"));
        }
        assert_eq!(n.len(), KEPT);
        assert_eq!(n.unseen(seen), KEPT);
        assert_eq!(n.latest_text(), Some(format!("{}", KEPT + 4).as_str()));
    }
}
