//! Where every quote of the open project is, by id and by document: what J and K, the
//! article, its suggestions and review's context use to find quotes without a search of
//! millions. Made whole once (on a thread when a big project opens), then kept up to date by
//! each edit ([`QuoteIndex::follow`]): at 2,000,000 quotes a whole make takes 0.3–0.4 s, too
//! long for the frame after every tag.

use crate::action::Action;
use crate::model::{DocumentId, PersonId, Project, Quote, QuoteId};
use rayon::slice::ParallelSliceMut;

/// Where quotes are, as (the layer's place among the layers, the quote's place in it), in
/// sorted lists of 8-byte entries: 16 bytes a quote in all (a hash map by id took 36).
#[derive(Default, Debug, PartialEq)]
pub struct QuoteIndex {
    /// The layers' owners, in the project's (sorted) order.
    owners: Vec<PersonId>,
    /// Each layer's entries, in the same order. A quote's place is kept within its layer,
    /// so that a quote added at a layer's end (the common edit) moves no other entry, and a
    /// removal moves only the entries of its own layer.
    layers: Vec<LayerIndex>,
}

/// One layer's quotes, found by a hash: no id is copied (an index keyed by the ids took 2 s
/// to make). A lookup checks what it finds against the project: two ids with one hash (some
/// 500 pairs among 2,000,000 quotes) or two documents with one hash only cost a second look.
#[derive(Default, Debug, PartialEq)]
struct LayerIndex {
    /// (the upper half of a 64-bit hash of the id, place in the layer), sorted.
    by_id: Vec<(u32, u32)>,
    /// (the upper half of a hash of the document's id, place), sorted: a document's quotes
    /// are one run, and a shift of places one pass over a flat list (a map of lists, one a
    /// document, took 14 ms to shift at 100,000 documents).
    by_document: Vec<(u32, u32)>,
}

impl QuoteIndex {
    pub fn of(project: &Project) -> Self {
        let layers = project
            .layers
            .values()
            .map(|layer| {
                let mut by_id = Vec::with_capacity(layer.quotes.len());
                let mut by_document = Vec::with_capacity(layer.quotes.len());
                // Quotes come grouped by document (files are in reading order): its hash is
                // made once per run.
                let mut last: Option<(&DocumentId, u32)> = None;
                for (at, q) in layer.quotes.iter().enumerate() {
                    let at = at as u32;
                    by_id.push((id_hash(&q.id), at));
                    let doc = match last {
                        Some((d, h)) if d == &q.document => h,
                        _ => document_hash(&q.document),
                    };
                    last = Some((&q.document, doc));
                    by_document.push((doc, at));
                }
                by_id.par_sort_unstable();
                by_document.par_sort_unstable();
                LayerIndex { by_id, by_document }
            })
            .collect();
        Self {
            owners: project.layers.keys().cloned().collect(),
            layers,
        }
    }

    /// Whether the index has the project's layers, each with as many quotes: what any edit
    /// it did not follow would almost always break (the quotes' revision catches the rest).
    pub fn fits(&self, project: &Project) -> bool {
        self.owners.len() == project.layers.len()
            && project
                .layers
                .iter()
                .zip(self.owners.iter().zip(&self.layers))
                .all(|((owner, layer), (mine, index))| {
                    owner == mine && index.by_id.len() == layer.quotes.len()
                })
    }

    /// The places of the quotes whose ids have `id`'s hash, in layer order: the caller
    /// checks the ids.
    pub fn places_of(&self, id: &QuoteId) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.in_every_layer(id_hash(id), |layer| &layer.by_id)
    }

    /// Where `owner`'s layer of `project` (the project the index is of) holds the quote
    /// `id`.
    pub fn find_in_layer(
        &self,
        project: &Project,
        owner: &PersonId,
        id: &QuoteId,
    ) -> Option<usize> {
        let l = self.owners.binary_search(owner).ok()?;
        let layer = project.layers.get(owner)?;
        run(&self.layers[l].by_id, id_hash(id))
            .iter()
            .map(|&(_, at)| at as usize)
            .find(|&at| layer.quotes.get(at).is_some_and(|q| &q.id == id))
    }

    /// The places of the quotes of `doc` and of any document with its hash, in layer order:
    /// the caller checks the documents.
    pub fn in_document(&self, doc: &DocumentId) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.in_every_layer(document_hash(doc), |layer| &layer.by_document)
    }

    /// The places with `hash` in one of each layer's lists, in layer order.
    fn in_every_layer(
        &self,
        hash: u32,
        list: fn(&LayerIndex) -> &Vec<(u32, u32)>,
    ) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0u32..)
            .zip(&self.layers)
            .flat_map(move |(l, layer)| run(list(layer), hash).iter().map(move |&(_, at)| (l, at)))
    }

    /// Brings the index from the project before `applied` to `project`, the project after
    /// it, given the action's `inverse`. Says whether it could: when not (an action whose
    /// moves it cannot tell, or a result that does not fit the project) the index is left
    /// half-changed and must be made again.
    pub fn follow(&mut self, project: &Project, applied: &Action, inverse: &Action) -> bool {
        // A layer is only ever made by an action (a coder's first quote, an editor's first
        // verdict), never removed: it starts empty here, and the quotes follow.
        for owner in project.layers.keys() {
            if let Err(l) = self.owners.binary_search(owner) {
                self.owners.insert(l, owner.clone());
                self.layers.insert(l, LayerIndex::default());
            }
        }
        self.follow_one(applied, inverse) && self.fits(project)
    }

    fn follow_one(&mut self, applied: &Action, inverse: &Action) -> bool {
        match (applied, inverse) {
            (Action::AddQuote(q), _) => self.layer_mut(&q.coder).is_some_and(|layer| {
                let end = layer.by_id.len() as u32;
                layer.insert(end, q)
            }),
            (Action::InsertQuote { index, quote }, _) => self
                .layer_mut(&quote.coder)
                .is_some_and(|layer| layer.insert(*index as u32, quote)),
            (Action::RemoveQuote { .. }, Action::InsertQuote { index, quote }) => self
                .layer_mut(&quote.coder)
                .is_some_and(|layer| layer.remove(*index as u32, quote)),
            (Action::UpdateQuote(new), Action::UpdateQuote(old)) => {
                new.document == old.document
                    || self
                        .layer_mut(&new.coder)
                        .is_some_and(|layer| layer.moves_document(new, &old.document))
            }
            (Action::Batch(all), Action::Batch(inverses)) if all.len() == inverses.len() => all
                .iter()
                .zip(inverses.iter().rev())
                .all(|(a, i)| self.follow_one(a, i)),
            // The rest leaves every quote where it was (a verdict goes into a layer's reviews,
            // a speaker or topic into the manifest).
            (
                Action::InsertSpeaker { .. }
                | Action::RemoveSpeaker { .. }
                | Action::ReplaceSpeaker { .. }
                | Action::InsertTopic { .. }
                | Action::RemoveTopic { .. }
                | Action::ReplaceTopic { .. }
                | Action::MoveTopic { .. }
                | Action::SetReview { .. }
                | Action::SetMerged { .. }
                | Action::AddPerson(_)
                | Action::RemovePerson { .. },
                _,
            ) => true,
            _ => false,
        }
    }

    fn layer_mut(&mut self, owner: &PersonId) -> Option<&mut LayerIndex> {
        let l = self.owners.binary_search(owner).ok()?;
        self.layers.get_mut(l)
    }
}

impl LayerIndex {
    /// `quote` put at `at`: every quote from there on moves one place up.
    fn insert(&mut self, at: u32, quote: &Quote) -> bool {
        if at as usize > self.by_id.len() {
            return false;
        }
        if (at as usize) < self.by_id.len() {
            shift_from(&mut self.by_id, at, |p| p + 1);
            shift_from(&mut self.by_document, at, |p| p + 1);
        }
        put(&mut self.by_id, (id_hash(&quote.id), at));
        put(&mut self.by_document, (document_hash(&quote.document), at));
        true
    }

    /// The quote at `at` (`quote`) taken out: every quote after it moves one place down.
    fn remove(&mut self, at: u32, quote: &Quote) -> bool {
        if !take(&mut self.by_id, (id_hash(&quote.id), at))
            || !take(&mut self.by_document, (document_hash(&quote.document), at))
        {
            return false;
        }
        shift_from(&mut self.by_id, at + 1, |p| p - 1);
        shift_from(&mut self.by_document, at + 1, |p| p - 1);
        true
    }

    /// A quote whose document changed (an anchor moved to another article): its place stays.
    /// Found by its id's hash; where two of the layer's ids share it, the index cannot tell
    /// which and is made again.
    fn moves_document(&mut self, quote: &Quote, from: &DocumentId) -> bool {
        let &[(_, at)] = run(&self.by_id, id_hash(&quote.id)) else {
            return false;
        };
        take(&mut self.by_document, (document_hash(from), at)) && {
            put(&mut self.by_document, (document_hash(&quote.document), at));
            true
        }
    }
}

/// The entries with `hash`, of a sorted list.
fn run(list: &[(u32, u32)], hash: u32) -> &[(u32, u32)] {
    let first = list.partition_point(|e| e.0 < hash);
    let len = list[first..].partition_point(|e| e.0 == hash);
    &list[first..first + len]
}

/// Puts `entry` where it sorts.
fn put(list: &mut Vec<(u32, u32)>, entry: (u32, u32)) {
    let at = list.partition_point(|e| *e < entry);
    list.insert(at, entry);
}

/// Takes `entry` out; says whether it was there.
fn take(list: &mut Vec<(u32, u32)>, entry: (u32, u32)) -> bool {
    match list.binary_search(&entry) {
        Ok(at) => {
            list.remove(at);
            true
        }
        Err(_) => false,
    }
}

/// Every place from `from` on mapped by `shift` (one up or down): their order among
/// entries of one hash does not change, so the list stays sorted.
fn shift_from(list: &mut [(u32, u32)], from: u32, shift: impl Fn(u32) -> u32) {
    for e in list {
        if e.1 >= from {
            e.1 = shift(e.1);
        }
    }
}

fn id_hash(id: &QuoteId) -> u32 {
    (id.hash64() >> 32) as u32
}

fn document_hash(doc: &DocumentId) -> u32 {
    use std::hash::BuildHasher;
    (foldhash::fast::FixedState::default().hash_one(doc.as_str()) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quote_index_places_every_quote_and_misses_the_rest() {
        let mut project = crate::sample::project().expect("the sample project");
        // One id in two layers: both places are found, in layer order.
        let (first, quote) = project
            .quotes()
            .map(|(p, q)| (p.clone(), q.clone()))
            .next()
            .expect("a quote");
        project
            .layer_or_new(&PersonId::from("zz-last"))
            .quotes
            .push(quote.clone());
        let index = QuoteIndex::of(&project);
        assert!(index.fits(&project));
        let people: Vec<&PersonId> = project.layers.keys().collect();
        let mut seen = 0;
        for (l, layer) in project.layers.values().enumerate() {
            for (i, q) in layer.quotes.iter().enumerate() {
                let places: Vec<(u32, u32)> = index.places_of(&q.id).collect();
                assert!(places.contains(&(l as u32, i as u32)), "{}", q.id);
                seen += 1;
            }
        }
        assert!(seen > 10);
        let twice: Vec<&PersonId> = index
            .places_of(&quote.id)
            .map(|(l, _)| people[l as usize])
            .collect();
        assert_eq!(twice, vec![&first, &PersonId::from("zz-last")]);
        assert_eq!(index.places_of(&QuoteId::from("no-such-quote")).count(), 0);
    }

    /// An edit built from three numbers, on the project as it is: a quote added (by a
    /// coder of the project or one new to it), removed, moved to another article, a verdict
    /// by a new editor, or several of these as one step.
    fn edit_of(project: &Project, kind: u8, a: usize, b: usize) -> Option<Action> {
        let quotes: Vec<&crate::model::Quote> = project.quotes().map(|(_, q)| q).collect();
        let docs = &project.manifest.documents;
        let quote = (*quotes.get(a % quotes.len().max(1))?).clone();
        let doc = docs[b % docs.len()].id.clone();
        Some(match kind % 5 {
            0 => {
                let coders = ["a-new-coder", "zz-new-coder", quote.coder.as_str()];
                Action::AddQuote(crate::model::Quote {
                    id: QuoteId::new(format!("new-{a}-{b}-{}", quotes.len())),
                    document: doc,
                    coder: PersonId::from(coders[b % coders.len()]),
                    ..quote
                })
            }
            1 => Action::RemoveQuote {
                coder: quote.coder,
                id: quote.id,
            },
            2 => Action::UpdateQuote(crate::model::Quote {
                document: doc,
                ..quote
            }),
            3 => {
                let editor = PersonId::from(if b.is_multiple_of(2) {
                    "m-editor"
                } else {
                    "zzz-editor"
                });
                Action::SetReview {
                    editor: editor.clone(),
                    quote: quote.id.clone(),
                    review: Some(crate::model::Review {
                        quote: quote.id,
                        verdict: crate::model::Verdict::Accepted,
                        comment: String::new(),
                        editor,
                        time: quote.created,
                    }),
                }
            }
            _ => Action::Batch(
                (0..3)
                    .filter_map(|k| edit_of(project, k, a + k as usize, b + 1))
                    .collect(),
            ),
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Followed through any run of edits and undos, the index is the one made whole
        /// from the project after them.
        #[test]
        fn a_followed_index_is_the_one_made_again(
            steps in proptest::collection::vec((0u8..6, 0usize..500, 0usize..50), 1..24)
        ) {
            let mut project = crate::sample::project().expect("the sample project");
            let mut index = QuoteIndex::of(&project);
            let mut undo: Vec<Action> = Vec::new();
            for (kind, a, b) in steps {
                let action = if kind == 5 {
                    undo.pop()
                } else {
                    edit_of(&project, kind, a, b)
                };
                let Some(action) = action else { continue };
                let applied = action.clone();
                let Ok(inverse) = action.apply(&mut project) else { continue };
                proptest::prop_assert!(index.follow(&project, &applied, &inverse), "{applied:?}");
                proptest::prop_assert_eq!(&index, &QuoteIndex::of(&project));
                if kind != 5 {
                    undo.push(inverse);
                }
            }
        }
    }
}
