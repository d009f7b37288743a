//! A person's layer `annotations/<person>.ron`: the quotes they tagged and the reviews they gave.
//! Layers are separate files so that coders work in parallel and merge without conflicts.

use super::ids::{DocumentId, PersonId, QuoteId, SpeakerId, TopicId};
use super::span::{Anchor, Span};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub format_version: u32,
    /// The owner; must equal the file name's stem.
    pub person: PersonId,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// In their file order ([`super::review_order`]: by quote, editor, time), as files are
    /// written, a layer read is left ([`Layer::order_reviews`]) and `Action::SetReview`
    /// inserts: a quote's reviews are then found by a binary search
    /// ([`Layer::reviews_of`]).
    #[serde(default)]
    pub reviews: Vec<Review>,
}

impl Layer {
    /// Puts the reviews in their file order if they are not (a hand-edited file).
    pub fn order_reviews(&mut self) {
        if !self.reviews_in_order() {
            self.reviews.sort_by(super::review_order);
        }
    }

    /// Whether the reviews are in their file order.
    pub fn reviews_in_order(&self) -> bool {
        self.reviews
            .is_sorted_by(|a, b| super::review_order(a, b).is_le())
    }

    /// The reviews of the quote `id` in this layer (the reviews in their file order).
    pub fn reviews_of(&self, id: &QuoteId) -> &[Review] {
        let first = self.reviews.partition_point(|r| &r.quote < id);
        let len = self.reviews[first..].partition_point(|r| &r.quote == id);
        &self.reviews[first..first + len]
    }

    pub fn new(person: PersonId) -> Self {
        Self {
            format_version: crate::store::format::CURRENT,
            person,
            quotes: Vec::new(),
            reviews: Vec::new(),
        }
    }

    /// Puts `quote` at `index`. A full list grows by an eighth, not by doubling: a coder's
    /// layer of 500,000 quotes read at its exact size took 164 MB it never used for the first
    /// quote added to it.
    pub fn insert_quote(&mut self, index: usize, quote: Quote) {
        if self.quotes.len() == self.quotes.capacity() {
            self.quotes.reserve_exact((self.quotes.len() / 8).max(16));
        }
        self.quotes.insert(index, quote);
    }
}

/// A tagged statement: who said what, in which words, about what.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quote {
    pub id: QuoteId,
    pub document: DocumentId,
    /// The quoted words, as written in the article.
    pub anchor: Anchor,
    /// Who said it: an entry of the speaker registry, or `None` while not yet decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<SpeakerId>,
    /// Where the article names the speaker («لوکاشنکو», «رئیس‌جمهور بلاروس»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<Box<Anchor>>,
    /// The verb of saying that introduces the quote («گفت», «تأکید کرد», «قال»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Box<Anchor>>,
    pub kind: QuoteKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// For a quote of the curated layer: the coder's quote it was adjudicated from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<QuoteId>,
    pub coder: PersonId,
    pub created: Timestamp,
    pub modified: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum QuoteKind {
    /// The speaker's own words, in «» or after «گفت:».
    Direct,
    /// Reported speech, e.g. after «گفت که» or «أكد أن».
    Indirect,
    /// Reported speech with quoted fragments.
    Mixed,
}

impl QuoteKind {
    pub fn name(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// An editor's decision on one quote. Stored in the editor's own layer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Review {
    pub quote: QuoteId,
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    pub editor: PersonId,
    pub time: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Verdict {
    Accepted,
    Rejected,
    NeedsChanges,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::NeedsChanges => "needs changes",
        }
    }
}

/// A suggestion a coder turned down (see `suggest`): remembered by document and span, never
/// applied to another document; its cue, so that a cue that keeps being rejected scores lower.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rejection {
    pub document: DocumentId,
    pub span: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}
