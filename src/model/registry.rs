//! The shared registries (codebook, speakers, documents, people) put together from each
//! person's contributions, so that no file has two writers.
//!
//! `project.ron` is the registry as the project was made (or upgraded); after that nobody
//! rewrites it. Each person's edits to the registries are a list of [`Change`]s in their own
//! file, `people/<id>.ron`, appended as they save. Everyone's changes are applied to the base
//! in one total order — time, then person, then place in the file — so every clone that holds
//! the same files assembles the same registry, whatever order the files arrived in. Changes
//! are small and set-like (an alias added, one speaker's fields set), so two people's
//! concurrent edits to one speaker both survive; where two set the same field, the later wins.
//!
//! Changes are never written by hand: [`diff`] finds them between the registry as last saved
//! and as it is now, so every edit (and its undo) is recorded without the actions knowing.

use super::ids::{DocumentId, PersonId, SpeakerId, TopicId};
use super::layer::QuoteKind;
use super::manifest::{Document, Language, Manifest, Person, Speaker, Topic};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One edit to the shared registries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Title(String),
    Languages(Vec<Language>),
    QuoteKinds(Vec<QuoteKind>),
    /// A new speaker, with its aliases (or one whose fields and aliases are set wholesale).
    Speaker(Speaker),
    /// A speaker's own fields changed; its aliases are changed one by one.
    SpeakerFields {
        id: SpeakerId,
        name: String,
        role: String,
        affiliation: String,
        country: String,
    },
    Alias {
        speaker: SpeakerId,
        alias: String,
        present: bool,
    },
    SpeakerRemoved(SpeakerId),
    /// `from` was merged into `into` (`None`: the merge was undone). Quotes that name `from`,
    /// in anyone's layer, are read as naming `into`.
    Merged {
        from: SpeakerId,
        into: Option<SpeakerId>,
    },
    /// The registry's order of speakers, when it is not simply the order they were added in.
    SpeakerOrder(Vec<SpeakerId>),
    Topic(Topic),
    TopicRemoved(TopicId),
    /// The codebook's order, when it is not simply the order topics were added in.
    TopicOrder(Vec<TopicId>),
    Document(Document),
    DocumentRemoved(DocumentId),
    Person(Person),
    PersonRemoved(PersonId),
}

/// A change with the time it was saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    pub at: Timestamp,
    pub change: Change,
}

/// One person's file `people/<id>.ron`: who they are and what they changed in the registries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub format_version: u32,
    pub person: PersonId,
    #[serde(default)]
    pub changes: Vec<Dated>,
}

impl Contribution {
    pub fn new(person: PersonId) -> Self {
        Self {
            format_version: crate::store::format::CURRENT,
            person,
            changes: Vec::new(),
        }
    }

    /// Brings in the changes of another copy of this person's file (a second window's save),
    /// keeping every change of either, in time order; returns how many were new.
    pub fn absorb(&mut self, other: &Contribution) -> usize {
        let mut added = 0;
        for c in &other.changes {
            if !self.changes.contains(c) {
                self.changes.push(c.clone());
                added += 1;
            }
        }
        if added > 0 {
            self.changes.sort_by_key(|c| c.at);
        }
        added
    }
}

/// The registry: the base with everyone's changes applied in their one order.
pub fn assemble(base: &Manifest, contributions: &BTreeMap<PersonId, Contribution>) -> Manifest {
    let mut all: Vec<(Timestamp, &PersonId, usize, &Change)> = contributions
        .iter()
        .flat_map(|(p, c)| {
            c.changes
                .iter()
                .enumerate()
                .map(move |(i, d)| (d.at, p, i, &d.change))
        })
        .collect();
    all.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut m = base.clone();
    for (_, _, _, change) in all {
        apply(&mut m, change);
    }
    m
}

/// Where a merged speaker's quotes now belong (following merges of merges).
pub fn resolve<'a>(merged: &'a BTreeMap<SpeakerId, SpeakerId>, id: &'a SpeakerId) -> &'a SpeakerId {
    let mut at = id;
    for _ in 0..=merged.len() {
        match merged.get(at) {
            Some(next) if next != id => at = next,
            _ => break,
        }
    }
    at
}

fn upsert<T, K: PartialEq>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> &K) {
    match list.iter().position(|x| key(x) == key(&item)) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
}

/// Puts the listed ids first, in the listed order; the rest keep their order after them.
fn reorder<T, K: Eq + std::hash::Hash>(list: &mut Vec<T>, order: &[K], key: impl Fn(&T) -> &K) {
    let rank: HashMap<&K, usize> = order.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut indexed: Vec<(usize, usize, T)> = list
        .drain(..)
        .enumerate()
        .map(|(i, x)| (rank.get(key(&x)).copied().unwrap_or(usize::MAX), i, x))
        .collect();
    indexed.sort_by_key(|(r, i, _)| (*r, *i));
    list.extend(indexed.into_iter().map(|(_, _, x)| x));
}

/// Applies one change to a registry, by the rules [`assemble`] follows.
pub fn apply(m: &mut Manifest, change: &Change) {
    match change {
        Change::Title(t) => m.title = t.clone(),
        Change::Languages(l) => m.languages = l.clone(),
        Change::QuoteKinds(k) => m.codebook.quote_kinds = k.clone(),
        Change::Speaker(s) => upsert(&mut m.speakers, s.clone(), |s| &s.id),
        Change::SpeakerFields {
            id,
            name,
            role,
            affiliation,
            country,
        } => {
            let id = resolve(&m.merged, id).clone();
            if let Some(s) = m.speakers.iter_mut().find(|s| s.id == id) {
                s.name = name.clone();
                s.role = role.clone();
                s.affiliation = affiliation.clone();
                s.country = country.clone();
            }
        }
        Change::Alias {
            speaker,
            alias,
            present,
        } => {
            let id = resolve(&m.merged, speaker).clone();
            if let Some(s) = m.speakers.iter_mut().find(|s| s.id == id) {
                let at = s.aliases.iter().position(|a| a == alias);
                match (at, present) {
                    // Even an alias equal to the name: a speaker renamed to one of its aliases
                    // keeps it in the window that renamed it, and every clone must agree.
                    (None, true) => s.aliases.push(alias.clone()),
                    (Some(i), false) => {
                        s.aliases.remove(i);
                    }
                    _ => {}
                }
            }
        }
        Change::SpeakerRemoved(id) => m.speakers.retain(|s| &s.id != id),
        Change::Merged { from, into } => match into {
            Some(into) if into != from => {
                // The names of `from` stay findable under `into`, even where the merging
                // person's own alias changes have not arrived.
                let names: Vec<String> = m
                    .speakers
                    .iter()
                    .find(|s| &s.id == from)
                    .map(|s| s.names().map(str::to_owned).collect())
                    .unwrap_or_default();
                m.merged.insert(from.clone(), into.clone());
                let target = resolve(&m.merged, into).clone();
                if let Some(t) = m.speakers.iter_mut().find(|s| s.id == target) {
                    for n in names {
                        if n != t.name && !t.aliases.contains(&n) {
                            t.aliases.push(n);
                        }
                    }
                }
                m.speakers.retain(|s| &s.id != from);
            }
            _ => {
                m.merged.remove(from);
            }
        },
        Change::SpeakerOrder(order) => reorder(&mut m.speakers, order, |s| &s.id),
        Change::Topic(t) => upsert(&mut m.codebook.topics, t.clone(), |t| &t.id),
        Change::TopicRemoved(id) => m.codebook.topics.retain(|t| &t.id != id),
        Change::TopicOrder(order) => reorder(&mut m.codebook.topics, order, |t| &t.id),
        Change::Document(d) => upsert(std::sync::Arc::make_mut(&mut m.documents), d.clone(), |d| {
            &d.id
        }),
        Change::DocumentRemoved(id) => {
            std::sync::Arc::make_mut(&mut m.documents).retain(|d| &d.id != id)
        }
        Change::Person(p) => upsert(&mut m.people, p.clone(), |p| &p.id),
        Change::PersonRemoved(id) => m.people.retain(|p| &p.id != id),
    }
}

/// The ids of `before` that survive into `after`, then the new ones of `after`: the order
/// assembling would give if no order change were recorded.
fn natural_order<'a, K: Eq + std::hash::Hash>(before: &[&'a K], after: &[&'a K]) -> Vec<&'a K> {
    let now: HashSet<&K> = after.iter().copied().collect();
    let was: HashSet<&K> = before.iter().copied().collect();
    before
        .iter()
        .copied()
        .filter(|k| now.contains(k))
        .chain(after.iter().copied().filter(|k| !was.contains(k)))
        .collect()
}

/// The changes that turn the registry `before` into `after`, in an order that applying them
/// to `before` (with [`assemble`]'s rules) gives `after`.
pub fn diff(before: &Manifest, after: &Manifest) -> Vec<Change> {
    let mut out = Vec::new();
    if before.title != after.title {
        out.push(Change::Title(after.title.clone()));
    }
    if before.languages != after.languages {
        out.push(Change::Languages(after.languages.clone()));
    }
    if before.codebook.quote_kinds != after.codebook.quote_kinds {
        out.push(Change::QuoteKinds(after.codebook.quote_kinds.clone()));
    }

    // Merges first: applying one moves names and removes the merged speaker, so the speaker
    // changes below are found against the registry with the merges applied.
    let mut merges = Vec::new();
    for (from, into) in &after.merged {
        if before.merged.get(from) != Some(into) {
            merges.push(Change::Merged {
                from: from.clone(),
                into: Some(into.clone()),
            });
        }
    }
    for from in before.merged.keys() {
        if !after.merged.contains_key(from) {
            merges.push(Change::Merged {
                from: from.clone(),
                into: None,
            });
        }
    }
    let merged_before;
    let before = if merges.is_empty() {
        before
    } else {
        let mut m = before.clone();
        for c in &merges {
            apply(&mut m, c);
        }
        merged_before = m;
        &merged_before
    };
    out.extend(merges);

    let old: HashMap<&SpeakerId, &Speaker> = before.speakers.iter().map(|s| (&s.id, s)).collect();
    let new_ids: HashSet<&SpeakerId> = after.speakers.iter().map(|s| &s.id).collect();
    for s in &after.speakers {
        match old.get(&s.id) {
            None => out.push(Change::Speaker(s.clone())),
            Some(o) => {
                if (&o.name, &o.role, &o.affiliation, &o.country)
                    != (&s.name, &s.role, &s.affiliation, &s.country)
                {
                    out.push(Change::SpeakerFields {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        role: s.role.clone(),
                        affiliation: s.affiliation.clone(),
                        country: s.country.clone(),
                    });
                }
                for a in &o.aliases {
                    if !s.aliases.contains(a) {
                        out.push(Change::Alias {
                            speaker: s.id.clone(),
                            alias: a.clone(),
                            present: false,
                        });
                    }
                }
                for a in &s.aliases {
                    if !o.aliases.contains(a) {
                        out.push(Change::Alias {
                            speaker: s.id.clone(),
                            alias: a.clone(),
                            present: true,
                        });
                    }
                }
            }
        }
    }
    for s in &before.speakers {
        if !new_ids.contains(&s.id) {
            out.push(Change::SpeakerRemoved(s.id.clone()));
        }
    }
    let was: Vec<&SpeakerId> = before.speakers.iter().map(|s| &s.id).collect();
    let now: Vec<&SpeakerId> = after.speakers.iter().map(|s| &s.id).collect();
    if natural_order(&was, &now) != now {
        out.push(Change::SpeakerOrder(now.into_iter().cloned().collect()));
    }

    let old: HashMap<&TopicId, &Topic> =
        before.codebook.topics.iter().map(|t| (&t.id, t)).collect();
    let new_ids: HashSet<&TopicId> = after.codebook.topics.iter().map(|t| &t.id).collect();
    for t in &after.codebook.topics {
        if old.get(&t.id) != Some(&t) {
            out.push(Change::Topic(t.clone()));
        }
    }
    for t in &before.codebook.topics {
        if !new_ids.contains(&t.id) {
            out.push(Change::TopicRemoved(t.id.clone()));
        }
    }
    let was: Vec<&TopicId> = before.codebook.topics.iter().map(|t| &t.id).collect();
    let now: Vec<&TopicId> = after.codebook.topics.iter().map(|t| &t.id).collect();
    if natural_order(&was, &now) != now {
        out.push(Change::TopicOrder(now.into_iter().cloned().collect()));
    }

    // The list is shared until something changes it: the same list has no changes.
    let same_documents = std::sync::Arc::ptr_eq(&before.documents, &after.documents);
    let old: HashMap<&DocumentId, &Document> =
        before.documents.iter().map(|d| (&d.id, d)).collect();
    let new_ids: HashSet<&DocumentId> = after.documents.iter().map(|d| &d.id).collect();
    for d in after.documents.iter().filter(|_| !same_documents) {
        if old.get(&d.id) != Some(&d) {
            out.push(Change::Document(d.clone()));
        }
    }
    for d in before.documents.iter().filter(|_| !same_documents) {
        if !new_ids.contains(&d.id) {
            out.push(Change::DocumentRemoved(d.id.clone()));
        }
    }

    let old: HashMap<&PersonId, &Person> = before.people.iter().map(|p| (&p.id, p)).collect();
    let new_ids: HashSet<&PersonId> = after.people.iter().map(|p| &p.id).collect();
    for p in &after.people {
        if old.get(&p.id) != Some(&p) {
            out.push(Change::Person(p.clone()));
        }
    }
    for p in &before.people {
        if !new_ids.contains(&p.id) {
            out.push(Change::PersonRemoved(p.id.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests;
