//! Every edit a person makes to a project, as data. [`Action::apply`] changes the project and
//! returns the action that undoes it, so undo and redo need no snapshots; [`Action::files`]
//! names the files an action changes, so an autosave writes only those; and actions serialize,
//! so the crash journal (`store::journal`) can replay what was not yet saved.
//!
//! The app applies actions in one place, after each frame (`app::NaqlApp::apply`). Panels only
//! queue them.

pub mod history;
pub mod journal;

pub use history::History;

use crate::model::{
    Anchor, Person, PersonId, Project, Quote, QuoteId, Review, Speaker, SpeakerId, Topic, TopicId,
};
use crate::store::FileKey;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Adds a quote to its coder's layer (making the layer on the coder's first quote).
    AddQuote(Quote),
    /// Removes the quote `id` from `coder`'s layer.
    RemoveQuote {
        coder: PersonId,
        id: QuoteId,
    },
    /// Puts a removed quote back where it was in its coder's layer (undo of a removal).
    InsertQuote {
        index: usize,
        quote: Quote,
    },
    /// Replaces the quote with the same id in its coder's layer.
    UpdateQuote(Quote),
    InsertSpeaker {
        index: usize,
        speaker: Speaker,
    },
    RemoveSpeaker {
        index: usize,
    },
    /// Replaces the speaker at `index` (its id stays: quotes refer to it).
    ReplaceSpeaker {
        index: usize,
        speaker: Speaker,
    },
    InsertTopic {
        index: usize,
        topic: Topic,
    },
    RemoveTopic {
        index: usize,
    },
    /// Replaces the topic at `index` (its id stays: quotes refer to it).
    ReplaceTopic {
        index: usize,
        topic: Topic,
    },
    /// Moves the topic at `from` so that it stands at `to` (the codebook's order is the UI's).
    MoveTopic {
        from: usize,
        to: usize,
    },
    /// Sets `editor`'s review of `quote` (in the editor's layer, made if needed), or removes
    /// it with `None`. An editor has at most one review per quote: a new verdict replaces it.
    SetReview {
        editor: PersonId,
        quote: QuoteId,
        review: Option<Review>,
    },
    /// Records that quotes naming `from` are read as naming `into` (`None`: no longer).
    SetMerged {
        from: SpeakerId,
        into: Option<SpeakerId>,
    },
    AddPerson(Person),
    RemovePerson {
        id: PersonId,
    },
    /// Several actions as one step, applied in order (a speaker merge, say).
    Batch(Vec<Action>),
}

/// Why an action could not be applied. The project is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("there is no quote {0}")]
    NoQuote(QuoteId),
    #[error("quote {0} exists already")]
    QuoteExists(QuoteId),
    #[error("there is no speaker or topic at position {0}")]
    BadIndex(usize),
    #[error("{0}")]
    Refused(String),
}

impl Action {
    /// Applies the action and returns its inverse. On error nothing has changed.
    pub fn apply(self, project: &mut Project) -> Result<Action, ActionError> {
        self.apply_with(project, &ScanLayer)
    }

    /// [`Action::apply`], asking `check` whether a layer already holds a quote that is added.
    pub fn apply_with(
        self,
        project: &mut Project,
        check: &dyn QuoteCheck,
    ) -> Result<Action, ActionError> {
        match self {
            Action::SetReview {
                editor,
                quote,
                review,
            } => {
                if review
                    .as_ref()
                    .is_some_and(|r| r.editor != editor || r.quote != quote)
                {
                    return Err(ActionError::Refused(
                        "a review must be the editor's, of the quote named".into(),
                    ));
                }
                let layer = project.layer_or_new(&editor);
                let at = layer.reviews.iter().position(|r| r.quote == quote);
                let old = match (at, review) {
                    (Some(i), Some(r)) => Some(std::mem::replace(&mut layer.reviews[i], r)),
                    (Some(i), None) => Some(layer.reviews.remove(i)),
                    (None, Some(r)) => {
                        // In file order, so that undoing a removal puts it back where it was.
                        let at = layer.reviews.partition_point(|x| {
                            crate::model::review_order(x, &r) == std::cmp::Ordering::Less
                        });
                        layer.reviews.insert(at, r);
                        None
                    }
                    (None, None) => None,
                };
                Ok(Action::SetReview {
                    editor,
                    quote,
                    review: old,
                })
            }
            Action::AddQuote(q) => {
                // Ids are ULIDs, unique across coders by construction; what must be refused is
                // the same quote twice in its layer (a journal replayed after a save).
                if check.holds(project, &q.coder, &q.id) {
                    return Err(ActionError::QuoteExists(q.id));
                }
                let inverse = Action::RemoveQuote {
                    coder: q.coder.clone(),
                    id: q.id.clone(),
                };
                project.recheck_quote(&q);
                let layer = project.layer_or_new(&q.coder);
                layer.insert_quote(layer.quotes.len(), q);
                Ok(inverse)
            }
            Action::RemoveQuote { coder, id } => {
                let at = check.place(project, &coder, &id);
                let (Some(at), Some(layer)) = (at, project.layer_mut(&coder)) else {
                    return Err(ActionError::NoQuote(id));
                };
                let quote = layer.quotes.remove(at);
                project.orphans.remove(&quote.id);
                Ok(Action::InsertQuote { index: at, quote })
            }
            Action::InsertQuote { index, quote } => {
                if check.holds(project, &quote.coder, &quote.id) {
                    return Err(ActionError::QuoteExists(quote.id));
                }
                let len = project
                    .layers
                    .get(&quote.coder)
                    .map_or(0, |l| l.quotes.len());
                if index > len {
                    return Err(ActionError::BadIndex(index));
                }
                let layer = project.layer_or_new(&quote.coder);
                let inverse = Action::RemoveQuote {
                    coder: quote.coder.clone(),
                    id: quote.id.clone(),
                };
                layer.insert_quote(index, quote.clone());
                project.recheck_quote(&quote);
                Ok(inverse)
            }
            Action::UpdateQuote(q) => {
                let slot = project
                    .layer_mut(&q.coder)
                    .and_then(|l| l.quotes.iter_mut().find(|x| x.id == q.id));
                let Some(slot) = slot else {
                    return Err(ActionError::NoQuote(q.id));
                };
                let old = std::mem::replace(slot, q.clone());
                project.recheck_quote(&q);
                Ok(Action::UpdateQuote(old))
            }
            Action::InsertSpeaker { index, speaker } => {
                let speakers = &mut project.manifest.speakers;
                if index > speakers.len() {
                    return Err(ActionError::BadIndex(index));
                }
                if speakers.iter().any(|s| s.id == speaker.id) {
                    return Err(ActionError::Refused(format!(
                        "a speaker with id {:?} exists already",
                        speaker.id.0
                    )));
                }
                speakers.insert(index, speaker);
                Ok(Action::RemoveSpeaker { index })
            }
            Action::RemoveSpeaker { index } => {
                let Some(s) = project.manifest.speakers.get(index) else {
                    return Err(ActionError::BadIndex(index));
                };
                let uses = project
                    .quotes()
                    .filter(|(_, q)| q.speaker.as_ref() == Some(&s.id))
                    .count();
                if uses > 0 {
                    return Err(ActionError::Refused(format!(
                        "{} is the speaker of {uses} quotes: merge it into another speaker instead",
                        s.name
                    )));
                }
                let speaker = project.manifest.speakers.remove(index);
                Ok(Action::InsertSpeaker { index, speaker })
            }
            Action::ReplaceSpeaker { index, speaker } => {
                let Some(slot) = project.manifest.speakers.get_mut(index) else {
                    return Err(ActionError::BadIndex(index));
                };
                if slot.id != speaker.id {
                    return Err(ActionError::Refused("a speaker's id never changes".into()));
                }
                let old = std::mem::replace(slot, speaker);
                Ok(Action::ReplaceSpeaker {
                    index,
                    speaker: old,
                })
            }
            Action::InsertTopic { index, topic } => {
                let topics = &mut project.manifest.codebook.topics;
                if index > topics.len() {
                    return Err(ActionError::BadIndex(index));
                }
                if topics.iter().any(|t| t.id == topic.id) {
                    return Err(ActionError::Refused(format!(
                        "a topic with id {:?} exists already",
                        topic.id.0
                    )));
                }
                topics.insert(index, topic);
                Ok(Action::RemoveTopic { index })
            }
            Action::RemoveTopic { index } => {
                let topics = &project.manifest.codebook.topics;
                let Some(t) = topics.get(index) else {
                    return Err(ActionError::BadIndex(index));
                };
                let uses = project
                    .quotes()
                    .filter(|(_, q)| q.topics.contains(&t.id))
                    .count();
                if uses > 0 {
                    return Err(ActionError::Refused(format!(
                        "{uses} quotes have the topic {:?}: take it off them first",
                        t.name
                    )));
                }
                if topics.iter().any(|c| c.parent.as_ref() == Some(&t.id)) {
                    return Err(ActionError::Refused(format!(
                        "{:?} has sub-topics: move or remove them first",
                        t.name
                    )));
                }
                let topic = project.manifest.codebook.topics.remove(index);
                Ok(Action::InsertTopic { index, topic })
            }
            Action::ReplaceTopic { index, topic } => {
                if topic.parent.as_ref() == Some(&topic.id)
                    || would_cycle(project, &topic.id, topic.parent.as_ref())
                {
                    return Err(ActionError::Refused(
                        "a topic cannot be nested under itself".into(),
                    ));
                }
                let Some(slot) = project.manifest.codebook.topics.get_mut(index) else {
                    return Err(ActionError::BadIndex(index));
                };
                if slot.id != topic.id {
                    return Err(ActionError::Refused("a topic's id never changes".into()));
                }
                let old = std::mem::replace(slot, topic);
                Ok(Action::ReplaceTopic { index, topic: old })
            }
            Action::MoveTopic { from, to } => {
                let topics = &mut project.manifest.codebook.topics;
                if from >= topics.len() || to >= topics.len() {
                    return Err(ActionError::BadIndex(from.max(to)));
                }
                let t = topics.remove(from);
                topics.insert(to, t);
                Ok(Action::MoveTopic { from: to, to: from })
            }
            Action::SetMerged { from, into } => {
                let merged = &mut project.manifest.merged;
                let old = match &into {
                    Some(to) => merged.insert(from.clone(), to.clone()),
                    None => merged.remove(&from),
                };
                Ok(Action::SetMerged { from, into: old })
            }
            Action::AddPerson(p) => {
                if project.manifest.person(&p.id).is_some() {
                    return Err(ActionError::Refused(format!(
                        "{:?} is already among the people",
                        p.id.0
                    )));
                }
                let id = p.id.clone();
                project.manifest.people.push(p);
                Ok(Action::RemovePerson { id })
            }
            Action::RemovePerson { id } => {
                let people = &mut project.manifest.people;
                let Some(at) = people.iter().position(|p| p.id == id) else {
                    return Err(ActionError::Refused(format!("no person {:?}", id.0)));
                };
                if project
                    .layers
                    .get(&id)
                    .is_some_and(|l| !l.quotes.is_empty())
                {
                    return Err(ActionError::Refused(format!("{:?} has quotes", id.0)));
                }
                Ok(Action::AddPerson(people.remove(at)))
            }
            Action::Batch(actions) => {
                let mut inverses = Vec::with_capacity(actions.len());
                for a in actions {
                    match a.apply_with(project, check) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what was done, so a failed batch changes nothing.
                            for inv in inverses.into_iter().rev() {
                                let _ = inv.apply(project);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Action::Batch(inverses))
            }
        }
    }

    /// The files this action changes: the manifest, or a person's layer.
    pub fn files(&self) -> Vec<FileKey> {
        match self {
            Action::AddQuote(q) | Action::UpdateQuote(q) | Action::InsertQuote { quote: q, .. } => {
                vec![FileKey::Layer(q.coder.clone())]
            }
            Action::RemoveQuote { coder, .. } => vec![FileKey::Layer(coder.clone())],
            Action::SetReview { editor, .. } => vec![FileKey::Layer(editor.clone())],
            Action::Batch(actions) => {
                let mut keys: Vec<FileKey> = actions.iter().flat_map(Action::files).collect();
                keys.sort();
                keys.dedup();
                keys
            }
            _ => vec![FileKey::Manifest],
        }
    }
}

/// Whether a layer already holds a quote: what refuses the same quote twice in a layer (a
/// journal replayed after a save).
pub trait QuoteCheck {
    fn holds(&self, project: &Project, coder: &PersonId, id: &QuoteId) -> bool;

    /// Where `coder`'s layer holds the quote `id`: a scan of the layer, unless the checker
    /// knows.
    fn place(&self, project: &Project, coder: &PersonId, id: &QuoteId) -> Option<usize> {
        project
            .layers
            .get(coder)
            .and_then(|l| l.quotes.iter().position(|q| &q.id == id))
    }
}

/// The check by a scan of the layer: 16 ms at 500,000 quotes.
pub struct ScanLayer;

impl QuoteCheck for ScanLayer {
    fn holds(&self, project: &Project, coder: &PersonId, id: &QuoteId) -> bool {
        has_quote(project, coder, id)
    }
}

/// For an action whose added quotes the caller has found absent already, in order (the
/// workspace, through its quote index: see `Workspace::check_added_quotes`), and which may
/// know where a quote it removes is (checked there; a scan where it is not).
pub struct CheckedBefore {
    pub known: Option<(PersonId, QuoteId, usize)>,
}

impl QuoteCheck for CheckedBefore {
    fn holds(&self, _: &Project, _: &PersonId, _: &QuoteId) -> bool {
        false
    }

    fn place(&self, project: &Project, coder: &PersonId, id: &QuoteId) -> Option<usize> {
        if let Some((c, i, at)) = &self.known
            && c == coder
            && i == id
            && project
                .layers
                .get(coder)
                .and_then(|l| l.quotes.get(*at))
                .is_some_and(|q| &q.id == id)
        {
            return Some(*at);
        }
        ScanLayer.place(project, coder, id)
    }
}

/// Whether `coder`'s layer holds the quote `id`.
fn has_quote(project: &Project, coder: &PersonId, id: &QuoteId) -> bool {
    project
        .layers
        .get(coder)
        .is_some_and(|l| l.quotes.iter().any(|q| &q.id == id))
}

/// Whether nesting `topic` under `parent` would make a loop of parents.
fn would_cycle(project: &Project, topic: &TopicId, parent: Option<&TopicId>) -> bool {
    let mut at = parent.cloned();
    let mut steps = 0;
    while let Some(p) = at {
        if &p == topic {
            return true;
        }
        steps += 1;
        if steps > project.manifest.codebook.topics.len() {
            return true;
        }
        at = project.manifest.topic(&p).and_then(|t| t.parent.clone());
    }
    false
}

/// A new quote on `span` of `doc`'s text, by `coder`, of the project's first kind, or `None` if
/// the span does not fit the text or is empty.
pub fn new_quote(
    project: &Project,
    doc: &crate::model::DocumentId,
    span: crate::model::Span,
    coder: &PersonId,
    now: jiff::Timestamp,
) -> Option<Quote> {
    let text = project.texts.get(doc)?;
    let text = &*text;
    if span.is_empty() {
        return None;
    }
    let anchor = Anchor::of(text, span)?;
    let kind = project
        .manifest
        .codebook
        .quote_kinds
        .first()
        .copied()
        .unwrap_or(crate::model::QuoteKind::Direct);
    Some(Quote {
        id: QuoteId::generate(),
        document: doc.clone(),
        anchor,
        speaker: None,
        mention: None,
        cue: None,
        kind,
        topics: Vec::new(),
        note: String::new(),
        source: None,
        coder: coder.clone(),
        created: now,
        modified: now,
    })
}

/// The actions that merge speaker `from` into `into`: every quote of `from` (in any coder's
/// layer) gets `into`, `into` gains `from`'s name and aliases, and `from` leaves the registry.
/// The merge itself is recorded (`Manifest::merged`): the window saves only its own coder's
/// layer, and the other coders' quotes follow the record wherever the project is opened.
pub fn merge_speakers(
    project: &Project,
    from: &SpeakerId,
    into: &SpeakerId,
    now: jiff::Timestamp,
) -> Option<Action> {
    let m = &project.manifest;
    let from_at = m.speakers.iter().position(|s| &s.id == from)?;
    let into_at = m.speakers.iter().position(|s| &s.id == into)?;
    if from_at == into_at {
        return None;
    }
    let mut actions: Vec<Action> = project
        .quotes()
        .filter(|(_, q)| q.speaker.as_ref() == Some(from))
        .map(|(_, q)| {
            Action::UpdateQuote(Quote {
                speaker: Some(into.clone()),
                modified: now,
                ..q.clone()
            })
        })
        .collect();
    let mut merged = m.speakers[into_at].clone();
    for name in m.speakers[from_at].names() {
        if name != merged.name && !merged.aliases.iter().any(|a| a == name) {
            merged.aliases.push(name.to_owned());
        }
    }
    actions.push(Action::ReplaceSpeaker {
        index: into_at,
        speaker: merged,
    });
    actions.push(Action::RemoveSpeaker { index: from_at });
    actions.push(Action::SetMerged {
        from: from.clone(),
        into: Some(into.clone()),
    });
    Some(Action::Batch(actions))
}

#[cfg(test)]
mod tests;
