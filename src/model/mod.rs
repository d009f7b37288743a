//! The annotation project as plain data: no egui, no file system. Everything else (the store,
//! the command line, the app) reads and changes these types.

pub mod ids;
pub mod layer;
pub mod manifest;
pub mod merge;
pub mod registry;
pub mod search;
pub mod span;
pub mod texts;
pub mod validate;

pub use ids::{DocumentId, PersonId, QuoteId, SpeakerId, TopicId};
pub use layer::{Layer, Quote, QuoteKind, Rejection, Review, Verdict};
pub use manifest::{Codebook, Colour, Document, Language, Manifest, Person, Speaker, Topic};
pub use registry::{Change, Contribution, Dated};
pub use span::{Anchor, CharIndex, CharIndexed, Span, shorten};
pub use texts::{TextSource, Texts};
pub use validate::{Problem, ProblemKind};

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A whole project in memory: the manifest, the verbatim article texts and every person's layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub manifest: Manifest,
    /// Article texts exactly as stored in `articles/<id>.txt`, read when needed; spans index
    /// into these.
    pub texts: Texts,
    /// Each layer shared, so that a thread can read one (the saver making its bytes, an
    /// index) while the window edits another, and a copy of the project copies no layer:
    /// an edit copies the one layer it changes only while another thread still reads it
    /// ([`Project::layer_mut`]).
    pub layers: BTreeMap<PersonId, Arc<Layer>>,
    /// Quotes whose anchor no longer matches their text, with the reason. They are kept (and
    /// saved unchanged) so that nothing is lost; this flag is derived on load, never stored.
    pub orphans: BTreeMap<QuoteId, String>,
}

impl Project {
    pub fn new(manifest: Manifest) -> Self {
        Self {
            manifest,
            texts: Texts::default(),
            layers: BTreeMap::new(),
            orphans: BTreeMap::new(),
        }
    }

    /// `person`'s layer, to change (copied first if another thread still reads it).
    pub fn layer_mut(&mut self, person: &PersonId) -> Option<&mut Layer> {
        self.layers.get_mut(person).map(Arc::make_mut)
    }

    /// `person`'s layer to change, made empty if there is none.
    pub fn layer_or_new(&mut self, person: &PersonId) -> &mut Layer {
        Arc::make_mut(
            self.layers
                .entry(person.clone())
                .or_insert_with(|| Arc::new(Layer::new(person.clone()))),
        )
    }

    /// Every quote of every layer, with the layer's owner.
    pub fn quotes(&self) -> impl Iterator<Item = (&PersonId, &Quote)> {
        self.layers
            .iter()
            .flat_map(|(p, l)| l.quotes.iter().map(move |q| (p, q)))
    }

    /// Every review of every layer.
    pub fn reviews(&self) -> impl Iterator<Item = &Review> {
        self.layers.values().flat_map(|l| l.reviews.iter())
    }

    /// Whether any editor reviewed the quote `id` (a binary search of each layer's reviews).
    pub fn is_reviewed(&self, id: &QuoteId) -> bool {
        self.layers.values().any(|l| !l.reviews_of(id).is_empty())
    }

    /// Recompute [`Project::orphans`] from the texts; returns every problem found.
    pub fn revalidate(&mut self, verify_hashes: bool) -> Vec<Problem> {
        let checks = validate::Checks {
            verify_hashes,
            ..Default::default()
        };
        self.revalidate_with(checks, &|_, _| None)
    }

    /// [`Project::revalidate`], with `text_check` run on each text as it is read.
    pub fn revalidate_with(
        &mut self,
        checks: validate::Checks,
        text_check: &validate::TextCheck<'_>,
    ) -> Vec<Problem> {
        let problems = validate::validate_with(self, checks, text_check);
        self.orphans = problems
            .iter()
            .filter_map(|p| match &p.kind {
                ProblemKind::Orphan(id) => Some((id.clone(), p.message.clone())),
                _ => None,
            })
            .collect();
        problems
    }

    /// Re-checks one quote's anchors against its document's text and flags or clears it as an
    /// orphan: what an edit does instead of revalidating the whole project.
    pub fn recheck_quote(&mut self, q: &Quote) {
        let why = match self.texts.get(&q.document) {
            Some(text) => {
                let text = &*text;
                let ends = [Some(&q.anchor), q.mention.as_deref(), q.cue.as_deref()]
                    .into_iter()
                    .flatten()
                    .flat_map(|a| [a.span.start, a.span.end]);
                validate::anchor_mismatch(q, &CharIndexed::for_offsets(text, ends))
            }
            None => Some(format!("document {:?} is not in the project", q.document.0)),
        };
        match why {
            Some(why) => self.orphans.insert(q.id.clone(), why),
            None => self.orphans.remove(&q.id),
        };
    }

    /// Sort every layer into the order files are written in, so that two projects with the same
    /// content compare equal whatever order their quotes were made in.
    pub fn sort_canonical(&mut self) {
        for layer in self.layers.values_mut() {
            let layer = Arc::make_mut(layer);
            layer.quotes.sort_by(quote_order);
            layer.reviews.sort_by(review_order);
        }
    }
}

/// The order quotes are written in: by document, then position, then id. Reading order inside
/// a document gives small, local diffs when a coder adds a quote.
pub fn quote_order(a: &Quote, b: &Quote) -> Ordering {
    (&a.document, a.anchor.span, &a.id).cmp(&(&b.document, b.anchor.span, &b.id))
}

/// The order reviews are written in: by quote, editor, then time.
pub fn review_order(a: &Review, b: &Review) -> Ordering {
    (&a.quote, &a.editor, a.time).cmp(&(&b.quote, &b.editor, b.time))
}
