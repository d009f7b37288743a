//! Annotations in and out of other tools: doccano (JSONL), Label Studio (JSON) and brat
//! (standoff `.txt` + `.ann`). Quotes go out as spans labelled by kind and topics, with the
//! speaker's mention and the cue as spans of their own linked to the quote by relations (the
//! speaker's id as the mention's label, `speaker:ID`); they come in the same way, through a
//! mapping from the other tool's labels to kinds, topics and speakers that the person confirms.
//!
//! Offsets are checked against each span's text where the file gives it: Label Studio before
//! its 2022 fix counted UTF-16 code units, so either reading is accepted when it yields exactly
//! the span's text, and a span that matches neither is reported, never guessed.

pub mod brat;
pub mod doccano;
mod error;
pub mod label_studio;
mod spans;

pub use error::{ExchangeError, SpanError};

#[cfg(test)]
mod tests;

use crate::model::{
    Document, DocumentId, PersonId, Project, Quote, QuoteId, QuoteKind, Span, SpeakerId, TopicId,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A span as another tool wrote it: offsets as the file has them (code points, or UTF-16
/// units in old Label Studio exports), its text if the file gives it, its labels, its id for
/// relations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForeignSpan {
    pub id: Option<String>,
    pub start: usize,
    pub end: usize,
    pub text: Option<String>,
    pub labels: Vec<String>,
}

/// A relation between two spans, by their ids.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignRelation {
    pub from: String,
    pub to: String,
    pub label: String,
}

/// One annotated text from another tool.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForeignDoc {
    /// Where in the file it is ("line 3", "task 2"), for messages.
    pub place: String,
    pub text: String,
    /// The tool's id or name for the text, if any (used for a new document's id).
    pub name: Option<String>,
    pub spans: Vec<ForeignSpan>,
    pub relations: Vec<ForeignRelation>,
}

/// What a label stands for in Naql.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Kind(QuoteKind),
    Topic(TopicId),
    /// The words naming the speaker, and who it is if known; on a quote's own span, the
    /// quote's speaker.
    Mention(Option<SpeakerId>),
    Cue,
}

/// Labels to roles: the person's `--map LABEL=topic:ID|kind:direct|…` entries first, then
/// the labels Naql's own exports use (`direct`, `indirect`, `mixed`, `topic:ID`, `speaker:ID`,
/// `speaker`, `cue`).
#[derive(Clone, Debug, Default)]
pub struct LabelMap {
    given: HashMap<String, Role>,
}

impl LabelMap {
    /// Parses `LABEL=topic:ID`, `LABEL=kind:direct|indirect|mixed` (or `LABEL=direct`),
    /// `LABEL=speaker:ID`, `LABEL=speaker` (a mention of an unknown speaker), `LABEL=cue`.
    pub fn parse(entries: &[String], project: &Project) -> Result<Self, ExchangeError> {
        let mut given = HashMap::new();
        for e in entries {
            let (label, target) = e
                .split_once('=')
                .ok_or_else(|| ExchangeError::MapSyntax { entry: e.clone() })?;
            let role =
                role_named(target.trim(), project).ok_or_else(|| ExchangeError::MapTarget {
                    entry: e.clone(),
                    target: target.to_owned(),
                })?;
            given.insert(label.trim().to_owned(), role);
        }
        Ok(Self { given })
    }

    /// What `label` stands for, if anything.
    pub fn role(&self, label: &str, project: &Project) -> Option<Role> {
        self.given
            .get(label)
            .cloned()
            .or_else(|| role_named(label, project))
    }
}

/// A label of Naql's own vocabulary.
fn role_named(label: &str, project: &Project) -> Option<Role> {
    let lower = label.trim().to_lowercase();
    let kind = |k: &str| match k {
        "direct" => Some(QuoteKind::Direct),
        "indirect" => Some(QuoteKind::Indirect),
        "mixed" => Some(QuoteKind::Mixed),
        _ => None,
    };
    if let Some(k) = kind(lower.strip_prefix("kind:").unwrap_or(&lower)) {
        return Some(Role::Kind(k));
    }
    if let Some(t) = label.trim().strip_prefix("topic:") {
        let id = TopicId::new(t.trim());
        return project.manifest.topic(&id).map(|_| Role::Topic(id));
    }
    if let Some(s) = label.trim().strip_prefix("speaker:") {
        let id = SpeakerId::new(s.trim());
        return project
            .manifest
            .speaker(&id)
            .map(|_| Role::Mention(Some(id)));
    }
    match lower.as_str() {
        "speaker" | "mention" | "source" => Some(Role::Mention(None)),
        "cue" => Some(Role::Cue),
        _ => None,
    }
}

/// What an import of annotations did.
#[derive(Debug, Default)]
pub struct Imported {
    pub quotes: Vec<Quote>,
    /// Texts not in the project yet, added as documents.
    pub new_documents: Vec<(Document, String)>,
    /// Labels that mapped to nothing, with how often (each made a quote with no topic).
    pub unmapped: BTreeMap<String, usize>,
    /// Spans not taken, with the reason (offsets that match neither reading, …).
    pub problems: Vec<String>,
    /// Spans whose offsets were UTF-16 units (an old Label Studio export).
    pub utf16_spans: usize,
}

/// Makes `person`'s quotes of `docs`. A text already in the project (the same text) gets the
/// quotes; another becomes a new document.
pub fn to_quotes(
    project: &Project,
    docs: &[ForeignDoc],
    person: &PersonId,
    map: &LabelMap,
) -> Imported {
    let mut out = Imported::default();
    let by_sha: HashMap<String, DocumentId> = project
        .manifest
        .documents
        .iter()
        .map(|d| (d.sha256.clone(), d.id.clone()))
        .collect();
    let mut taken: BTreeSet<String> = project
        .manifest
        .documents
        .iter()
        .map(|d| d.id.as_str().to_owned())
        .collect();
    let now = jiff::Timestamp::now();
    let default_kind = project
        .manifest
        .codebook
        .quote_kinds
        .first()
        .copied()
        .unwrap_or(QuoteKind::Direct);
    // Each text's SHA-256 on every core, then the documents' ids in order (a new one must
    // not take an id an earlier one took), then each text's quotes on every core again: an
    // import of 500,000 annotations hashes and indexes 100,000 texts.
    let shas = crate::parallel::map(docs, |doc| crate::model::validate::sha256_hex(&doc.text));
    let mut ids = Vec::with_capacity(docs.len());
    for (doc, sha) in docs.iter().zip(shas) {
        let id = match by_sha.get(&sha) {
            Some(id) => id.clone(),
            None => {
                let id = new_document_id(doc, &sha, &mut taken);
                let meta = crate::import::metadata::read(&doc.text);
                out.new_documents.push((
                    Document {
                        id: id.clone(),
                        file_name: doc.name.clone().unwrap_or_else(|| doc.place.clone()),
                        title: meta.title,
                        source: meta.source,
                        date: meta.date,
                        language: meta.language,
                        sha256: sha.clone(),
                        chars: doc.text.chars().count(),
                        url: String::new(),
                        metadata: BTreeMap::new(),
                    },
                    doc.text.clone(),
                ));
                id
            }
        };
        ids.push(id);
    }
    let parts: Vec<Imported> = {
        use rayon::prelude::*;
        (0..docs.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let mut part = Imported::default();
                quotes_of(
                    project,
                    &docs[i],
                    &ids[i],
                    person,
                    map,
                    default_kind,
                    now,
                    &mut part,
                );
                part
            })
            .collect()
    };
    out.quotes
        .reserve(parts.iter().map(|p| p.quotes.len()).sum());
    for part in parts {
        out.quotes.extend(part.quotes);
        out.problems.extend(part.problems);
        for (label, n) in part.unmapped {
            *out.unmapped.entry(label).or_default() += n;
        }
        out.utf16_spans += part.utf16_spans;
    }
    out
}

fn new_document_id(doc: &ForeignDoc, sha: &str, taken: &mut BTreeSet<String>) -> DocumentId {
    let base = crate::import::id_base(doc.name.as_deref().unwrap_or(""), sha);
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    DocumentId::new(id)
}

/// The quotes of one text: spans grouped by their offsets (a span with several labels, or
/// several spans on the same words, is one thing), then quotes linked to their mention and cue.
#[allow(clippy::too_many_arguments)]
fn quotes_of(
    project: &Project,
    doc: &ForeignDoc,
    document: &DocumentId,
    person: &PersonId,
    map: &LabelMap,
    default_kind: QuoteKind,
    now: jiff::Timestamp,
    out: &mut Imported,
) {
    let index = spans::Offsets::new(&doc.text);
    // (span) -> roles, ids, unmapped labels
    struct Group {
        span: Span,
        roles: Vec<Role>,
        ids: Vec<String>,
        unmapped: Vec<String>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for s in &doc.spans {
        let span = match index.resolve(s.start, s.end, s.text.as_deref()) {
            Ok((span, utf16)) => {
                out.utf16_spans += usize::from(utf16);
                span
            }
            Err(why) => {
                out.problems.push(format!("{}: {why}", doc.place));
                continue;
            }
        };
        // Spans never start or end with whitespace in Naql (a tool's selection often takes
        // the space beside a word); one that is nothing else is reported.
        let span = index.trimmed(span);
        if span.is_empty() {
            out.problems.push(format!(
                "{}: span {}..{} holds only spaces; left out",
                doc.place, s.start, s.end
            ));
            continue;
        }
        let gi = match groups.iter().position(|g| g.span == span) {
            Some(i) => i,
            None => {
                groups.push(Group {
                    span,
                    roles: Vec::new(),
                    ids: Vec::new(),
                    unmapped: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        g.ids.extend(s.id.clone());
        for label in &s.labels {
            match map.role(label, project) {
                Some(r) => g.roles.push(r),
                None => g.unmapped.push(label.clone()),
            }
        }
    }
    let is_part = |g: &Group| {
        !g.roles.is_empty()
            && g.roles
                .iter()
                .all(|r| matches!(r, Role::Mention(_) | Role::Cue))
            && g.unmapped.is_empty()
    };
    let group_of_id = |id: &str| groups.iter().position(|g| g.ids.iter().any(|x| x == id));
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    for (gi, g) in groups.iter().enumerate() {
        if is_part(g) {
            continue;
        }
        for l in &g.unmapped {
            *out.unmapped.entry(l.clone()).or_default() += 1;
        }
        let Some(anchor) = index.anchor(g.span) else {
            continue;
        };
        let mut q = Quote {
            id: QuoteId::generate(),
            document: document.clone(),
            anchor,
            speaker: None,
            mention: None,
            cue: None,
            kind: default_kind,
            topics: Vec::new(),
            note: String::new(),
            source: None,
            coder: person.clone(),
            created: now,
            modified: now,
        };
        for r in &g.roles {
            match r {
                Role::Kind(k) => q.kind = *k,
                Role::Topic(t) if !q.topics.contains(t) => q.topics.push(t.clone()),
                Role::Mention(Some(s)) => q.speaker = Some(s.clone()),
                _ => {}
            }
        }
        // Parts linked to this quote by a relation, either way round.
        for rel in &doc.relations {
            let other = if g.ids.contains(&rel.from) {
                group_of_id(&rel.to)
            } else if g.ids.contains(&rel.to) {
                group_of_id(&rel.from)
            } else {
                None
            };
            let Some(oi) = other.filter(|&oi| oi != gi) else {
                continue;
            };
            let part = &groups[oi];
            for r in &part.roles {
                match r {
                    Role::Mention(who) => {
                        q.mention = index.anchor(part.span).map(Box::new);
                        if who.is_some() {
                            q.speaker = who.clone();
                        }
                        linked.insert(oi);
                    }
                    Role::Cue => {
                        q.cue = index.anchor(part.span).map(Box::new);
                        linked.insert(oi);
                    }
                    _ => {}
                }
            }
        }
        out.quotes.push(q);
    }
    for (gi, g) in groups.iter().enumerate() {
        if is_part(g) && !linked.contains(&gi) {
            out.problems.push(format!(
                "{}: a {} span at {}..{} is linked to no quote, and is left out",
                doc.place,
                if g.roles.contains(&Role::Cue) {
                    "cue"
                } else {
                    "speaker"
                },
                g.span.start,
                g.span.end
            ));
        }
    }
}

/// One document's quotes as the exports write them: each quote's labels, and its mention and
/// cue with their labels.
pub struct Outgoing<'a> {
    pub quote: &'a Quote,
    pub labels: Vec<String>,
    /// The mention's span and label (`speaker:ID`, or `speaker` when the speaker is unknown).
    pub mention: Option<(Span, String)>,
    pub cue: Option<Span>,
}

/// The quotes of `coders` (all coders if empty) in `doc`, in reading order, labelled.
pub fn outgoing<'a>(
    project: &'a Project,
    doc: &DocumentId,
    coders: &[PersonId],
) -> Vec<Outgoing<'a>> {
    let mut quotes: Vec<&Quote> = project
        .layers
        .iter()
        .filter(|(p, _)| coders.is_empty() || coders.contains(p))
        .flat_map(|(_, l)| l.quotes.iter())
        .filter(|q| &q.document == doc && !project.orphans.contains_key(&q.id))
        .collect();
    quotes.sort_by_key(|q| (q.anchor.span.start, q.anchor.span.end));
    quotes
        .into_iter()
        .map(|q| {
            let mut labels = vec![q.kind.name().to_lowercase()];
            labels.extend(q.topics.iter().map(|t| format!("topic:{t}")));
            let speaker_label = q
                .speaker
                .as_ref()
                .map_or_else(|| "speaker".to_owned(), |s| format!("speaker:{s}"));
            let mention = q.mention.as_ref().map(|m| (m.span, speaker_label.clone()));
            if mention.is_none() && q.speaker.is_some() {
                // No words name the speaker: the quote carries the speaker's label itself.
                labels.push(speaker_label);
            }
            Outgoing {
                quote: q,
                labels,
                mention,
                cue: q.cue.as_ref().map(|c| c.span),
            }
        })
        .collect()
}

/// The documents that have quotes of `coders`, in the project's order.
pub fn documents_with_quotes<'a>(project: &'a Project, coders: &[PersonId]) -> Vec<&'a Document> {
    let with: BTreeSet<&DocumentId> = project
        .layers
        .iter()
        .filter(|(p, _)| coders.is_empty() || coders.contains(p))
        .flat_map(|(_, l)| l.quotes.iter().map(|q| &q.document))
        .collect();
    project
        .manifest
        .documents
        .iter()
        .filter(|d| with.contains(&d.id))
        .collect()
}
