//! Bringing two versions of one person's layer together: a second window's save, a synced
//! folder's copy, a conflict copy. A layer is a set of quotes and reviews by id, so versions
//! merge by id; nothing either side holds is dropped without being reported.

use super::ids::{PersonId, QuoteId};
use super::layer::{Layer, Quote, Review};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// A layer as fingerprints: for each quote (by id) and each review (by quote and editor), a
/// 64-bit fingerprint of all it holds. It is the base of a three-way merge, which only ever asks
/// whether a version is the one that was read; a coder's layer of 500,000 quotes was kept as
/// its 250 MB of text for that, and is now 16 MB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerDigest {
    quotes: HashMap<u64, u64>,
    reviews: HashMap<u64, u64>,
}

/// Fixed seeds: fingerprints never leave the process, and fixed ones make runs repeatable.
const KEY_SEED: u64 = 0x6e61_716c_2d6b_6579;
const PRINT_SEED: u64 = 0x6e61_716c_2d70_7274;

/// The key a quote has in a digest.
pub fn quote_key(id: &QuoteId) -> u64 {
    key_of(id)
}

/// A quote's fingerprint in a digest.
pub fn quote_print(q: &Quote) -> u64 {
    print_of(q)
}

fn key_of(key: impl Hash) -> u64 {
    foldhash::quality::FixedState::with_seed(KEY_SEED).hash_one(key)
}

/// The fingerprint of one quote or review. Two different versions share one with a chance
/// of 2⁻⁶⁴; the merge would then take the changed one for the one that was read.
fn print_of(item: impl Hash) -> u64 {
    foldhash::quality::FixedState::with_seed(PRINT_SEED).hash_one(item)
}

impl LayerDigest {
    /// An empty digest with room for `quotes` quotes.
    pub fn with_capacity(quotes: usize) -> Self {
        LayerDigest {
            quotes: HashMap::with_capacity(quotes),
            reviews: HashMap::new(),
        }
    }

    pub fn of(layer: &Layer) -> Self {
        let mut d = LayerDigest::with_capacity(layer.quotes.len());
        for q in &layer.quotes {
            d.insert_quote(quote_key(&q.id), quote_print(q));
        }
        for r in &layer.reviews {
            d.insert_review(r);
        }
        d
    }

    /// Adds a quote by its [`quote_key`] and [`quote_print`], made by the caller.
    pub fn insert_quote(&mut self, key: u64, print: u64) {
        self.quotes.insert(key, print);
    }

    pub fn insert_review(&mut self, r: &Review) {
        self.reviews
            .insert(key_of((&r.quote, &r.editor)), print_of(r));
    }

    /// How many quotes it holds.
    pub fn quotes(&self) -> usize {
        self.quotes.len()
    }

    /// Whether the quote with this id was read, and if so, whether `q` is that version.
    fn quote(&self, id: &QuoteId) -> Option<Base> {
        self.quotes.get(&key_of(id)).map(|&p| Base(p))
    }

    fn review(&self, key: &(QuoteId, PersonId)) -> Option<Base> {
        self.reviews
            .get(&key_of((&key.0, &key.1)))
            .map(|&p| Base(p))
    }
}

/// A quote's or review's version as read, to ask whether another version is that one.
#[derive(Clone, Copy)]
struct Base(u64);

impl Base {
    fn is(self, item: impl Hash) -> bool {
        print_of(item) == self.0
    }
}

/// What a merge had to decide, for the person to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Quotes or reviews that only the other version had, now kept.
    pub taken: usize,
    /// Both versions changed one quote: the newer `modified` was kept, the other is kept
    /// beside it as a copy with a new id and a note, so no words are lost.
    pub both_changed: Vec<QuoteId>,
    /// One side deleted a quote the other changed: the changed one was kept.
    pub kept_over_delete: Vec<QuoteId>,
    /// Quotes one side deleted and the other left alone: deleted.
    pub deleted: usize,
}

impl MergeReport {
    pub fn is_quiet(&self) -> bool {
        self.both_changed.is_empty() && self.kept_over_delete.is_empty()
    }

    /// One line for a status bar or the command line.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("{} taken from the other version", self.taken)];
        if self.deleted > 0 {
            parts.push(format!("{} deleted there", self.deleted));
        }
        if !self.both_changed.is_empty() {
            parts.push(format!(
                "{} changed on both sides (the newer kept, the other kept beside it, noted \"merge: other version\")",
                self.both_changed.len()
            ));
        }
        if !self.kept_over_delete.is_empty() {
            parts.push(format!(
                "{} deleted on one side but changed on the other (kept)",
                self.kept_over_delete.len()
            ));
        }
        parts.join("; ")
    }
}

/// The note put on the losing side of a quote both versions changed.
pub const OTHER_VERSION_NOTE: &str = "merge: other version";

/// Merges three ways: `base` is the layer as last read, `ours` as it is now in memory,
/// `theirs` as it is on disk now. Without a base (nothing was read), every quote of either
/// side is kept and both-changed quotes are settled by `modified`.
pub fn merge_layers(
    base: Option<&LayerDigest>,
    ours: &Layer,
    theirs: &Layer,
) -> (Layer, MergeReport) {
    let mut report = MergeReport::default();
    let base_q = |id: &QuoteId| base.and_then(|b| b.quote(id));
    let ours_q: HashMap<&QuoteId, &Quote> = ours.quotes.iter().map(|q| (&q.id, q)).collect();
    let theirs_q: HashMap<&QuoteId, &Quote> = theirs.quotes.iter().map(|q| (&q.id, q)).collect();

    let mut out = Layer {
        quotes: Vec::with_capacity(ours.quotes.len().max(theirs.quotes.len())),
        reviews: Vec::new(),
        ..ours.clone_empty()
    };
    for q in &ours.quotes {
        let b = base_q(&q.id);
        match theirs_q.get(&q.id).copied() {
            Some(t) if t == q => out.quotes.push(q.clone()),
            Some(t) => match b {
                Some(b) if b.is(q) => out.quotes.push(t.clone()),
                Some(b) if b.is(t) => out.quotes.push(q.clone()),
                _ => {
                    // Both changed it: the newer wins; the other is kept beside it.
                    let (win, lose) = if t.modified > q.modified {
                        (t, q)
                    } else {
                        (q, t)
                    };
                    out.quotes.push(win.clone());
                    let mut copy = lose.clone();
                    copy.id = QuoteId::generate();
                    copy.note = if copy.note.is_empty() {
                        OTHER_VERSION_NOTE.to_owned()
                    } else {
                        format!("{OTHER_VERSION_NOTE}: {}", copy.note)
                    };
                    out.quotes.push(copy);
                    report.both_changed.push(q.id.clone());
                }
            },
            None => match b {
                // They deleted it and we left it alone: deleted.
                Some(b) if b.is(q) => report.deleted += 1,
                // They deleted it, we changed it: kept.
                Some(_) => {
                    out.quotes.push(q.clone());
                    report.kept_over_delete.push(q.id.clone());
                }
                // New here.
                None => out.quotes.push(q.clone()),
            },
        }
    }
    for t in &theirs.quotes {
        if ours_q.contains_key(&t.id) {
            continue;
        }
        match base_q(&t.id) {
            // We deleted it and they left it alone: stays deleted.
            Some(b) if b.is(t) => {}
            // We deleted it, they changed it: kept.
            Some(_) => {
                out.quotes.push(t.clone());
                report.kept_over_delete.push(t.id.clone());
            }
            None => {
                out.quotes.push(t.clone());
                report.taken += 1;
            }
        }
    }

    // Reviews: one per (quote, editor), merged three ways like quotes, the later verdict
    // winning where both changed.
    type Key = (QuoteId, PersonId);
    let by_key = |l: &Layer| -> BTreeMap<Key, Review> {
        l.reviews
            .iter()
            .map(|r| ((r.quote.clone(), r.editor.clone()), r.clone()))
            .collect()
    };
    let base_r = |k: &Key| base.and_then(|b| b.review(k));
    let mut ours_r = by_key(ours);
    let theirs_r = by_key(theirs);
    let mut merged: BTreeMap<Key, Review> = BTreeMap::new();
    for (k, t) in theirs_r {
        let b = base_r(&k);
        let was = |r: &Review| b.is_some_and(|b| b.is(r));
        match ours_r.remove(&k) {
            Some(o) if o == t => {
                merged.insert(k, o);
            }
            Some(o) => {
                let keep = if was(&o) || (!was(&t) && t.time > o.time) {
                    t
                } else {
                    o
                };
                merged.insert(k, keep);
            }
            // We withdrew it and they left it alone: stays withdrawn.
            None if was(&t) => {}
            None => {
                report.taken += 1;
                merged.insert(k, t);
            }
        }
    }
    for (k, o) in ours_r {
        // They withdrew it and we left it alone: withdrawn.
        if !base_r(&k).is_some_and(|b| b.is(&o)) {
            merged.insert(k, o);
        }
    }
    out.reviews = merged.into_values().collect();
    out.quotes.sort_by(super::quote_order);
    out.reviews.sort_by(super::review_order);
    (out, report)
}

impl Layer {
    /// The same layer's header with no quotes or reviews.
    fn clone_empty(&self) -> Layer {
        Layer {
            format_version: self.format_version,
            person: self.person.clone(),
            quotes: Vec::new(),
            reviews: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, DocumentId, QuoteKind, Span};
    use jiff::Timestamp;

    fn quote(id: &str, at: i64) -> Quote {
        Quote {
            id: QuoteId::new(id),
            document: DocumentId::new("d"),
            anchor: Anchor {
                span: Span::new(0, 1),
                text: "a".into(),
            },
            speaker: None,
            mention: None,
            cue: None,
            kind: QuoteKind::Direct,
            topics: Vec::new(),
            note: String::new(),
            source: None,
            coder: PersonId::new("sara"),
            created: Timestamp::UNIX_EPOCH,
            modified: Timestamp::from_second(at).unwrap_or(Timestamp::UNIX_EPOCH),
        }
    }

    fn layer(quotes: Vec<Quote>) -> Layer {
        Layer {
            quotes,
            ..Layer::new(PersonId::new("sara"))
        }
    }

    fn ids(l: &Layer) -> Vec<&str> {
        l.quotes.iter().map(|q| q.id.as_str()).collect()
    }

    #[test]
    fn two_windows_adding_quotes_keep_both() {
        let base = layer(vec![quote("a", 1)]);
        let ours = layer(vec![quote("a", 1), quote("b", 2)]);
        let theirs = layer(vec![quote("a", 1), quote("c", 3)]);
        let (m, r) = merge_layers(Some(&LayerDigest::of(&base)), &ours, &theirs);
        let mut got = ids(&m);
        got.sort();
        assert_eq!(got, ["a", "b", "c"]);
        assert_eq!(r.taken, 1);
        assert!(r.is_quiet());
    }

    #[test]
    fn deletions_on_either_side_stay_deleted_unless_the_other_changed_the_quote() {
        let base = layer(vec![quote("a", 1), quote("b", 1), quote("c", 1)]);
        // We deleted a and changed c; they deleted b and c.
        let ours = layer(vec![quote("b", 1), quote("c", 5)]);
        let theirs = layer(vec![quote("a", 1)]);
        let (m, r) = merge_layers(Some(&LayerDigest::of(&base)), &ours, &theirs);
        assert_eq!(ids(&m), ["c"]);
        assert_eq!(r.kept_over_delete, [QuoteId::new("c")]);
        assert_eq!(r.deleted, 1);
    }

    #[test]
    fn a_quote_changed_on_both_sides_keeps_both_versions() {
        let base = layer(vec![quote("a", 1)]);
        let mut ours_a = quote("a", 2);
        ours_a.kind = QuoteKind::Indirect;
        let mut theirs_a = quote("a", 3);
        theirs_a.kind = QuoteKind::Mixed;
        let (m, r) = merge_layers(
            Some(&LayerDigest::of(&base)),
            &layer(vec![ours_a]),
            &layer(vec![theirs_a]),
        );
        assert_eq!(m.quotes.len(), 2);
        let winner = m.quotes.iter().find(|q| q.id.as_str() == "a");
        assert_eq!(winner.map(|q| q.kind), Some(QuoteKind::Mixed));
        assert!(
            m.quotes
                .iter()
                .any(|q| q.kind == QuoteKind::Indirect && q.note == OTHER_VERSION_NOTE)
        );
        assert_eq!(r.both_changed.len(), 1);
    }

    #[test]
    fn without_a_base_nothing_is_dropped() {
        let ours = layer(vec![quote("a", 1), quote("b", 1)]);
        let theirs = layer(vec![quote("b", 1), quote("c", 1)]);
        let (m, _) = merge_layers(None, &ours, &theirs);
        assert_eq!(ids(&m), ["a", "b", "c"]);
    }
}
