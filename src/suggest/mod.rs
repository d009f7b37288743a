//! Suggestions: quotes, cues and speakers that Naql proposes for a coder to accept with one
//! key. Pure code over the model (no egui, no I/O): rules over folded tokens, with lexicons of
//! the verbs of saying in Persian and Arabic (`lexicon`) and the speaker registry's names, both
//! extended by what the project's coders have already marked (`Suggester::learn`).
//!
//! A suggestion is a quote span with its kind, its cue, the speaker's mention and the speaker
//! (an entry of the registry), and a score in 0..1. The window shows those at or above the
//! coder's threshold; `naql suggest` prints them; `evaluate` scores them against a coder.

pub mod evaluate;
pub mod lexicon;
mod names;
mod rules;
pub mod tokens;

#[cfg(test)]
mod tests;

pub use crate::model::Rejection;
use crate::model::search::fold;
use crate::model::{CharIndex, DocumentId, Language, Project, QuoteKind, Span, SpeakerId};
use lexicon::Lexicon;
use names::Names;
use std::collections::BTreeSet;

/// One proposed quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub document: DocumentId,
    /// The quoted words, never starting or ending with whitespace.
    pub span: Span,
    pub kind: QuoteKind,
    /// The verb of saying («گفت», «تأکید کرد», «وقال»), or «به گفته», «نقلاً عن».
    pub cue: Option<Span>,
    /// Where the article names the speaker (or a pronoun for them).
    pub mention: Option<Span>,
    pub speaker: Option<SpeakerId>,
    /// How sure the rules are, 0..1.
    pub score: f32,
    /// Which rule found it, for the tooltip and the evaluation's breakdown.
    pub rule: &'static str,
}

/// The score below which the window and `naql suggest` leave suggestions out by default.
pub const DEFAULT_THRESHOLD: f32 = 0.5;

/// One suggestion as a line of `naql suggest --json`.
pub fn to_json(s: &Suggestion, index: &CharIndex, text: &str) -> String {
    let pair = |sp: Option<Span>| sp.map(|x| [x.start, x.end]);
    serde_json::json!({
        "document": s.document.as_str(),
        "start": s.span.start,
        "end": s.span.end,
        "text": index.slice(text, s.span).unwrap_or(""),
        "kind": match s.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        },
        "cue": pair(s.cue),
        "mention": pair(s.mention),
        "speaker": s.speaker.as_ref().map(|x| x.as_str()),
        "score": (s.score * 1000.0).round() / 1000.0,
    })
    .to_string()
}

/// The rules with what they have learned from one project.
#[derive(Clone, Debug)]
pub struct Suggester {
    lexicon: Lexicon,
    names: Names,
    rejected: BTreeSet<(DocumentId, Span)>,
}

/// Pronouns that stand for a speaker named before: never learned as a speaker's alias.
const PRONOUNS: &[&str] = &["وی", "او", "ایشان", "هو", "هی"];

impl Suggester {
    /// The built-in lexicons and the registry's names, without anything learned.
    pub fn builtin(project: &Project) -> Self {
        Self {
            lexicon: Lexicon::builtin(),
            names: Names::from_registry(&project.manifest.speakers),
            rejected: BTreeSet::new(),
        }
    }

    /// The suggester for `project`: the built-in rules, extended by every cue and mention its
    /// coders have marked (outside `except`, a document held out for evaluation), and by the
    /// rejections given.
    pub fn learn(project: &Project, except: Option<&DocumentId>, rejections: &[Rejection]) -> Self {
        let never = std::sync::atomic::AtomicBool::new(false);
        Self::learn_unless(project, except, rejections, &never)
            .unwrap_or_else(|| Self::builtin(project))
    }

    /// [`Suggester::learn`], given up (`None`) once `stop` is set: the window asks when it
    /// edits a big layer this pass reads (it would have to copy the layer: 0.25 s at
    /// 500,000 quotes); it learns again at the coder's next pause.
    pub fn learn_unless(
        project: &Project,
        except: Option<&DocumentId>,
        rejections: &[Rejection],
        stop: &std::sync::atomic::AtomicBool,
    ) -> Option<Self> {
        let mut s = Self::builtin(project);
        let languages: std::collections::HashMap<&DocumentId, Language> = project
            .manifest
            .documents
            .iter()
            .map(|d| (&d.id, d.language))
            .collect();
        let language_of = |doc: &DocumentId| languages.get(doc).copied().unwrap_or(Language::Other);
        for layer in project.layers.values() {
            for (i, q) in layer.quotes.iter().enumerate() {
                if i % 4096 == 0 && stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return None;
                }
                if Some(&q.document) == except || project.orphans.contains_key(&q.id) {
                    continue;
                }
                if let Some(cue) = &q.cue {
                    s.lexicon.learn(&cue.text, language_of(&q.document));
                }
                if let (Some(m), Some(speaker)) = (&q.mention, &q.speaker)
                    && !PRONOUNS.contains(&fold(&m.text).as_str())
                {
                    s.names.learn(&m.text, speaker);
                }
            }
        }
        s.names.settle();
        for r in rejections {
            if Some(&r.document) == except {
                continue;
            }
            if let Some(cue) = &r.cue {
                s.lexicon.reject(cue);
            }
        }
        s.rejected = rejections
            .iter()
            .map(|r| (r.document.clone(), r.span))
            .collect();
        Some(s)
    }

    /// The suggestions for one document, in reading order, rejected ones left out.
    pub fn suggest(
        &self,
        document: &DocumentId,
        text: &str,
        language: Language,
    ) -> Vec<Suggestion> {
        let mut out = rules::suggest(&self.lexicon, &self.names, document, text, language);
        if !self.rejected.is_empty() {
            out.retain(|s| !self.rejected.contains(&(document.clone(), s.span)));
        }
        out
    }

    /// Suggestions for every document of `project`, on all cores; `progress(done, total)`
    /// is called as documents finish.
    pub fn suggest_all(
        &self,
        project: &Project,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<(DocumentId, Vec<Suggestion>)> {
        let docs: Vec<(DocumentId, Language)> = project
            .manifest
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.language))
            .collect();
        self.suggest_texts(crate::parallel::cores(), &project.texts, &docs, progress)
    }

    /// Suggestions for each `(document, language)`, on `threads` threads, each text read
    /// from `texts` when its turn comes (not all held at once).
    pub fn suggest_texts(
        &self,
        threads: usize,
        texts: &crate::model::Texts,
        docs: &[(DocumentId, Language)],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Vec<(DocumentId, Vec<Suggestion>)> {
        self.suggest_texts_kept(threads, texts, docs, progress, &|found| found)
    }

    /// [`Suggester::suggest_texts`], each document's list turned into what the caller keeps
    /// of it as soon as it is made (the window keeps a compact form: 100,000 documents'
    /// suggestions as made are 0.1 GB).
    pub fn suggest_texts_kept<R: Send>(
        &self,
        threads: usize,
        texts: &crate::model::Texts,
        docs: &[(DocumentId, Language)],
        progress: &(dyn Fn(usize, usize) + Sync),
        keep: &(dyn Fn(Vec<Suggestion>) -> R + Sync),
    ) -> Vec<(DocumentId, R)> {
        let done = std::sync::atomic::AtomicUsize::new(0);
        crate::parallel::map_on(threads, docs, |(id, language)| {
            let text = texts.read(id).unwrap_or_default();
            let found = keep(self.suggest(id, &text, *language));
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(64) || n == docs.len() {
                progress(n, docs.len());
            }
            (id.clone(), found)
        })
    }
}
