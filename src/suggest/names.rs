//! Speakers' names as the suggester finds them: every name and alias of the registry, and the
//! mentions coders have marked, folded; plus the first two words of each, to guess the
//! speaker of a shortened title («وزیر دفاع» for «وزیر دفاع جمهوری بلاروس») from who was
//! named last.

use super::lexicon::add_beginnings;
use super::tokens::{Tokens, longest_phrase};
use crate::model::search::fold;
use crate::model::{Speaker, SpeakerId};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Folded name (words joined without spaces) to its speaker; `None` when two speakers
    /// share it (then it names nobody for sure).
    exact: HashMap<String, Option<SpeakerId>>,
    /// Learned mentions, counted per speaker until `settle` decides.
    learned: HashMap<String, HashMap<SpeakerId, u32>>,
    /// The first two folded words of a name to the speakers with such a name.
    openings: HashMap<String, Vec<SpeakerId>>,
    /// The most words a name has, plus one (a ZWNJ-less word may be written as two).
    pub longest: usize,
    /// Every beginning of a folded name.
    starts: HashSet<String>,
}

/// A speaker named in the text: tokens `[start, start + len)`.
#[derive(Clone, Debug)]
pub struct Hit {
    pub start: usize,
    pub len: usize,
    pub speaker: SpeakerId,
}

impl Names {
    pub fn from_registry(speakers: &[Speaker]) -> Self {
        let mut names = Names::default();
        for s in speakers {
            for name in std::iter::once(&s.name).chain(&s.aliases) {
                names.add(name, &s.id);
            }
        }
        names
    }

    fn add(&mut self, name: &str, speaker: &SpeakerId) {
        let key = fold(name);
        if key.chars().count() < 2 {
            return;
        }
        let words: Vec<String> = name.split_whitespace().map(fold).collect();
        self.longest = self.longest.max(words.len() + 1).min(10);
        add_beginnings(&mut self.starts, &key);
        match self.exact.get(&key) {
            Some(Some(other)) if other != speaker => {
                self.exact.insert(key, None);
            }
            Some(_) => {}
            None => {
                self.exact.insert(key, Some(speaker.clone()));
            }
        }
        if words.len() >= 2 {
            let opening = format!("{}{}", words[0], words[1]);
            let list = self.openings.entry(opening).or_default();
            if !list.contains(speaker) {
                list.push(speaker.clone());
            }
        }
    }

    /// A mention a coder marked for `speaker`.
    pub fn learn(&mut self, mention: &str, speaker: &SpeakerId) {
        *self
            .learned
            .entry(mention.trim().to_owned())
            .or_default()
            .entry(speaker.clone())
            .or_default() += 1;
    }

    /// Adds the learned mentions: each to the speaker coders gave it most often.
    pub fn settle(&mut self) {
        let learned = std::mem::take(&mut self.learned);
        let mut learned: Vec<_> = learned.into_iter().collect();
        learned.sort_by(|a, b| a.0.cmp(&b.0));
        for (mention, counts) in learned {
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.clone());
            if let Some(speaker) = best
                && !self.exact.contains_key(&fold(&mention))
                && !self.opens_another_name(&mention, &speaker)
            {
                self.add(&mention, &speaker);
            }
        }
    }

    /// Whether `mention` is how a name of another speaker begins: a title such as «وزیر دفاع»
    /// that a coder gave one minister would otherwise name every minister after it.
    fn opens_another_name(&self, mention: &str, speaker: &SpeakerId) -> bool {
        let key = fold(mention);
        self.exact
            .iter()
            .any(|(name, who)| name.starts_with(&key) && who.as_ref().is_some_and(|w| w != speaker))
    }

    /// Every name in `tokens`, longest first, left to right, not overlapping.
    pub fn find(&self, tokens: &Tokens) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.list.len() {
            let found = longest_phrase(
                tokens,
                i,
                self.longest,
                |w| self.starts.contains(w),
                |joined| self.exact.get(joined).and_then(Option::as_ref),
            );
            if let Some((len, speaker)) = found {
                out.push(Hit {
                    start: i,
                    len,
                    speaker: speaker.clone(),
                });
                i += len;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The speakers whose name opens with these two folded words.
    pub fn opening(&self, first: &str, second: &str) -> &[SpeakerId] {
        self.openings
            .get(&format!("{first}{second}"))
            .map_or(&[], Vec::as_slice)
    }
}
