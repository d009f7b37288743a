//! Suggestions in the open window: learned from the project off the UI thread, computed for a
//! document when it is shown (a few milliseconds) and for every document in the background with
//! progress; the coder's rejections, read at open and written at once; which suggestions show
//! (at or above the threshold, not yet coded) and what accepting one makes.
//!
//! Suggestions never enter a layer file: accepting one is an ordinary edit (a new quote, or a
//! correction of an overlapping one), undone like any other.

use super::task::{Poll, Task};
use crate::action::{Action, new_quote};
use crate::model::{Anchor, DocumentId, PersonId, Project, Quote, QuoteId, Rejection};
use crate::suggest::evaluate::core;
use crate::suggest::{Suggester, Suggestion};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long after the last change of the quotes the suggester learns again.
pub const RELEARN_AFTER: Duration = Duration::from_secs(3);

/// Up to this many documents, the background pass computes every document's suggestions
/// ahead of time. A bigger project's are computed when a document is shown (a few
/// milliseconds): 100,000 documents' took a core for 40 s and 50 MB kept, more than the
/// window could spare under its memory budget (one byte per byte of the project).
pub const SUGGEST_AHEAD_UP_TO: usize = 20_000;

/// What the background pass sends back.
enum Report {
    /// The suggester, learned from the project as it was when the pass began.
    Learned(Arc<Suggester>),
    /// Every document's suggestions, by that suggester.
    All(Vec<(DocumentId, Kept)>),
}

/// A background pass: learn, then suggest for every document.
pub struct Pass {
    task: Task<Report>,
    /// The quotes revision it learned from.
    revision: u64,
    /// Set to have the pass give up learning and let go of the project (see
    /// [`Suggestions::let_go`]).
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Pass {
    pub fn progress(&self) -> (usize, usize) {
        self.task.progress()
    }
}

pub struct Suggestions {
    suggester: Option<Arc<Suggester>>,
    /// Counts suggesters: a cached list is good while it was made by the current one.
    generation: u64,
    /// The quotes revision the suggester learned from.
    learned_revision: Option<u64>,
    by_document: HashMap<DocumentId, (u64, Kept)>,
    rejected: Vec<Rejection>,
    rejected_spans: BTreeSet<(DocumentId, crate::model::Span)>,
    pub pass: Option<Pass>,
    /// [`SUGGEST_AHEAD_UP_TO`]; tests lower it.
    pub ahead_up_to: usize,
    /// The rejections file could not be read or written.
    pub problem: Option<String>,
}

/// A document's suggestions as the window keeps them, for a document not shown yet: in
/// about half the room (no document id, offsets in 32 bits, no room to grow). At 100,000
/// documents the pass's results took 97 MB as made.
#[derive(Clone, Debug, Default, PartialEq)]
struct Kept(Box<[Compact]>);

#[derive(Clone, Debug, PartialEq)]
struct Compact {
    span: [u32; 2],
    /// `NONE` when there is none.
    cue: [u32; 2],
    mention: [u32; 2],
    speaker: Option<crate::model::SpeakerId>,
    score: f32,
    kind: crate::model::QuoteKind,
    rule: &'static str,
}

const NONE: [u32; 2] = [u32::MAX, u32::MAX];

impl Kept {
    fn of(list: Vec<Suggestion>) -> Self {
        // An article's offsets fit 32 bits (4 billion chars); one that did not would be
        // dropped rather than cut short.
        let pack = |sp: crate::model::Span| -> Option<[u32; 2]> {
            Some([u32::try_from(sp.start).ok()?, u32::try_from(sp.end).ok()?])
        };
        let maybe = |sp: Option<crate::model::Span>| match sp {
            None => Some(NONE),
            Some(sp) => pack(sp),
        };
        Self(
            list.into_iter()
                .filter_map(|s| {
                    Some(Compact {
                        span: pack(s.span)?,
                        cue: maybe(s.cue)?,
                        mention: maybe(s.mention)?,
                        speaker: s.speaker,
                        score: s.score,
                        kind: s.kind,
                        rule: s.rule,
                    })
                })
                .collect(),
        )
    }

    fn unpack(&self, doc: &DocumentId) -> Vec<Suggestion> {
        let span = |[start, end]: [u32; 2]| crate::model::Span::new(start as usize, end as usize);
        let maybe = |p: [u32; 2]| (p != NONE).then(|| span(p));
        self.0
            .iter()
            .map(|c| Suggestion {
                document: doc.clone(),
                span: span(c.span),
                kind: c.kind,
                cue: maybe(c.cue),
                mention: maybe(c.mention),
                speaker: c.speaker.clone(),
                score: c.score,
                rule: c.rule,
            })
            .collect()
    }
}

impl Default for Suggestions {
    fn default() -> Self {
        Self {
            suggester: None,
            generation: 0,
            learned_revision: None,
            by_document: HashMap::new(),
            rejected: Vec::new(),
            rejected_spans: BTreeSet::new(),
            pass: None,
            ahead_up_to: SUGGEST_AHEAD_UP_TO,
            problem: None,
        }
    }
}

/// A suggestion as the window shows it: new, or a correction of a quote the coder has.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub suggestion: Suggestion,
    pub corrects: Option<QuoteId>,
}

impl Suggestions {
    /// Reads `coder`'s rejections from the project at `root`.
    pub fn open(root: &Path, coder: &PersonId) -> Self {
        let mut s = Self::default();
        match crate::store::suggestions::read(root, coder) {
            Ok(r) => s.set_rejected(r),
            Err(e) => s.problem = Some(e.to_string()),
        }
        s
    }

    fn set_rejected(&mut self, rejected: Vec<Rejection>) {
        self.rejected_spans = rejected
            .iter()
            .map(|r| (r.document.clone(), r.span))
            .collect();
        self.rejected = rejected;
    }

    /// Whether a pass should start: none has learned yet, or the quotes changed a while ago.
    fn stale(&self, revision: u64, last_edit: Option<Instant>, now: Instant) -> bool {
        self.pass.is_none()
            && match self.learned_revision {
                None => true,
                Some(r) => r != revision && last_edit.is_none_or(|t| now - t >= RELEARN_AFTER),
            }
    }

    /// Starts a pass over `project` (a shared snapshot: the window goes on editing its own).
    fn start(&mut self, project: Arc<Project>, revision: u64) {
        let rejected = self.rejected.clone();
        let ahead_up_to = self.ahead_up_to;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let asked = Arc::clone(&stop);
        let task = Task::spawn("suggesting", move |p| {
            p.report(0, project.manifest.documents.len());
            let Some(learned) = Suggester::learn_unless(&project, None, &rejected, &asked) else {
                return;
            };
            let suggester = Arc::new(learned);
            if !p.send(Report::Learned(suggester.clone())) {
                return;
            }
            // Let go of the project before the long part: while this thread holds it, an
            // edit in the window would have to copy it (`Arc::make_mut`).
            // The texts are shared with the window's copy and read one at a time.
            let texts = project.texts.clone();
            let docs: Vec<(DocumentId, crate::model::Language)> = project
                .manifest
                .documents
                .iter()
                .map(|d| (d.id.clone(), d.language))
                .collect();
            drop(project);
            if docs.len() > ahead_up_to {
                p.send(Report::All(Vec::new()));
                return;
            }
            // One core is left to the window, so that its frames stay smooth meanwhile.
            let threads = crate::parallel::cores().saturating_sub(1).max(1);
            let all = suggester.suggest_texts_kept(
                threads,
                &texts,
                &docs,
                &|i, n| p.report(i, n),
                &Kept::of,
            );
            p.send(Report::All(all));
        });
        self.pass = Some(Pass {
            task,
            revision,
            stop,
        });
    }

    /// Has a pass still learning give up, so that it lets go of the project (it learns again
    /// at the coder's next pause); says whether one was asked.
    pub fn let_go(&mut self) -> bool {
        match &self.pass {
            Some(pass) if self.learned_revision != Some(pass.revision) => {
                pass.stop.store(true, std::sync::atomic::Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Takes what the pass has sent.
    fn poll(&mut self) {
        let Some(pass) = &mut self.pass else {
            return;
        };
        loop {
            match pass.task.poll() {
                Poll::Done(Report::Learned(s)) => {
                    self.suggester = Some(s);
                    self.generation += 1;
                    self.learned_revision = Some(pass.revision);
                }
                Poll::Done(Report::All(all)) => {
                    let generation = self.generation;
                    for (doc, kept) in all {
                        self.by_document.insert(doc, (generation, kept));
                    }
                    self.pass = None;
                    // What the pass held of the project and made on its way is freed.
                    crate::memory::give_back();
                    return;
                }
                Poll::Running => return,
                Poll::Died => {
                    self.pass = None;
                    return;
                }
            }
        }
    }

    /// The suggestions of `doc` by the current suggester, computing them if needed.
    fn ensure(&mut self, project: &Project, doc: &DocumentId) {
        let Some(suggester) = &self.suggester else {
            return;
        };
        if self
            .by_document
            .get(doc)
            .is_some_and(|(g, _)| *g == self.generation)
        {
            return;
        }
        let Some(text) = project.texts.get(doc) else {
            return;
        };
        let language = project
            .manifest
            .documents
            .iter()
            .find(|d| &d.id == doc)
            .map_or(crate::model::Language::Other, |d| d.language);
        let kept = Kept::of(suggester.suggest(doc, &text, language));
        self.by_document
            .insert(doc.clone(), (self.generation, kept));
    }

    /// Every frame, before the panels: takes the pass's results, starts a pass when the quotes
    /// changed, and makes sure the shown document has its suggestions. Returns whether the
    /// window should be drawn again soon (a pass is running).
    pub fn prepare(
        &mut self,
        project: &Arc<Project>,
        revision: u64,
        last_edit: Option<Instant>,
        current: Option<&DocumentId>,
        now: Instant,
    ) -> bool {
        self.poll();
        if self.stale(revision, last_edit, now) {
            self.start(project.clone(), revision);
        }
        if let Some(doc) = current {
            self.ensure(project, doc);
        }
        self.pass.is_some()
    }

    /// Whether the suggester has not yet learned from the quotes as they are (a pass will
    /// start once the coder pauses).
    pub fn behind(&self, revision: u64) -> bool {
        self.learned_revision != Some(revision)
    }

    /// The suggestions of `doc` (all scores, rejected ones too), if computed yet.
    pub fn of(&self, doc: &DocumentId) -> Option<Vec<Suggestion>> {
        self.by_document.get(doc).map(|(_, kept)| kept.unpack(doc))
    }

    /// What the shown suggestions depend on here: the suggester and the rejections, counted.
    pub fn generation(&self) -> (u64, usize) {
        (self.generation, self.rejected.len())
    }

    pub fn is_rejected(&self, s: &Suggestion) -> bool {
        self.rejected_spans.contains(&(s.document.clone(), s.span))
    }

    /// Remembers that the coder rejected `s` and writes it down at once.
    pub fn reject(&mut self, root: &Path, coder: &PersonId, s: &Suggestion, cue: Option<String>) {
        let r = Rejection {
            document: s.document.clone(),
            span: s.span,
            cue,
        };
        if !self.rejected_spans.insert((r.document.clone(), r.span)) {
            return;
        }
        self.rejected.push(r);
        if let Err(e) = crate::store::suggestions::write(root, coder, &self.rejected) {
            self.problem = Some(format!(
                "could not write {}: {e} (the rejection holds until the window closes)",
                crate::store::suggestions::path(root, coder).display()
            ));
        }
    }
}

/// What shows of `suggestions` in `doc` for `coder`: those at or above `threshold`, not
/// rejected, in reading order. One that `coder` has coded already (the same words, and no
/// other speaker) is left out; one that overlaps a quote of theirs otherwise is a proposed
/// correction of it.
pub fn shown(
    project: &Project,
    suggestions: &Suggestions,
    doc: &DocumentId,
    members: &[(PersonId, usize)],
    coder: &PersonId,
    threshold: f32,
) -> Vec<Shown> {
    let Some(list) = suggestions.of(doc) else {
        return Vec::new();
    };
    let chars: Vec<char> = project
        .texts
        .get(doc)
        .map(|t| t.chars().collect())
        .unwrap_or_default();
    // The document's quotes are known (`members`): the coder's layer is not searched.
    let own: Vec<&Quote> = members
        .iter()
        .filter(|(p, _)| p == coder)
        .filter_map(|(p, i)| project.layers.get(p)?.quotes.get(*i))
        .filter(|q| &q.document == doc)
        .collect();
    let mut out = Vec::new();
    for s in &list {
        if s.score < threshold || suggestions.is_rejected(s) {
            continue;
        }
        let overlapping: Vec<&&Quote> = own
            .iter()
            .filter(|q| q.anchor.span.overlaps(&s.span))
            .collect();
        let coded = overlapping.iter().any(|q| {
            core(&chars, q.anchor.span) == core(&chars, s.span)
                && (s.speaker.is_none() || q.speaker.is_none() || q.speaker == s.speaker)
        });
        if coded {
            continue;
        }
        out.push(Shown {
            suggestion: s.clone(),
            corrects: overlapping.first().map(|q| q.id.clone()),
        });
    }
    out
}

/// The edit that accepts `shown`: a new quote of `coder` with the suggestion's span, kind,
/// cue, mention and speaker; or, for a correction, the coder's quote with those (its topics
/// and note kept).
pub fn accept(project: &Project, shown: &Shown, coder: &PersonId) -> Option<(Action, QuoteId)> {
    let s = &shown.suggestion;
    let text = project.texts.get(&s.document)?;
    let text = &*text;
    let now = jiff::Timestamp::now();
    let anchor_of = |span: Option<crate::model::Span>| span.and_then(|sp| Anchor::of(text, sp));
    let fill = |q: &mut Quote| -> Option<()> {
        q.anchor = Anchor::of(text, s.span)?;
        q.kind = s.kind;
        if s.speaker.is_some() {
            q.speaker = s.speaker.clone();
        }
        if s.mention.is_some() {
            q.mention = anchor_of(s.mention).map(Box::new);
        }
        if s.cue.is_some() {
            q.cue = anchor_of(s.cue).map(Box::new);
        }
        q.modified = now;
        Some(())
    };
    if let Some(id) = &shown.corrects {
        let mut q = project
            .layers
            .get(coder)?
            .quotes
            .iter()
            .find(|q| &q.id == id)?
            .clone();
        fill(&mut q)?;
        return Some((Action::UpdateQuote(q), id.clone()));
    }
    let mut q = new_quote(project, &s.document, s.span, coder, now)?;
    fill(&mut q)?;
    let id = q.id.clone();
    Some((Action::AddQuote(q), id))
}

/// The edit that accepts every new suggestion shown (corrections are left for the coder to
/// look at one by one): one step to undo.
pub fn accept_all(project: &Project, shown: &[Shown], coder: &PersonId) -> Option<Action> {
    let actions: Vec<Action> = shown
        .iter()
        .filter(|s| s.corrects.is_none())
        .filter_map(|s| accept(project, s, coder).map(|(a, _)| a))
        .collect();
    (!actions.is_empty()).then_some(Action::Batch(actions))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document's suggestions after a pass over a small project; none kept ahead for
    /// a big one (the shown document's are still made when it is shown).
    #[test]
    fn a_big_projects_pass_learns_without_suggesting_ahead() {
        let project = Arc::new(crate::sample::project().expect("the sample project"));
        let docs: Vec<DocumentId> = project
            .manifest
            .documents
            .iter()
            .map(|d| d.id.clone())
            .collect();
        let kept_after_a_pass = |ahead_up_to: usize, shown: Option<&DocumentId>| {
            let mut s = Suggestions {
                ahead_up_to,
                ..Suggestions::default()
            };
            let started = Instant::now();
            while s.prepare(&project, 0, None, shown, Instant::now())
                && started.elapsed() < Duration::from_secs(30)
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            s.prepare(&project, 0, None, shown, Instant::now());
            assert!(!s.behind(0), "the pass learned");
            docs.iter().filter(|d| s.of(d).is_some()).count()
        };
        assert_eq!(kept_after_a_pass(SUGGEST_AHEAD_UP_TO, None), docs.len());
        assert_eq!(kept_after_a_pass(docs.len() - 1, None), 0);
        assert_eq!(kept_after_a_pass(docs.len() - 1, Some(&docs[1])), 1);
    }

    #[test]
    fn suggestions_kept_compact_come_back_as_they_were_made() {
        let project = crate::sample::project().expect("the sample project");
        let suggester = Suggester::learn(&project, None, &[]);
        let mut all = Vec::new();
        for d in project.manifest.documents.iter() {
            let text = project.texts.get(&d.id).expect("the sample's text");
            let list = suggester.suggest(&d.id, &text, d.language);
            assert_eq!(Kept::of(list.clone()).unpack(&d.id), list, "{}", d.id);
            all.extend(list);
        }
        // The sample exercises what packing changes: cues and mentions, present and absent.
        assert!(all.iter().any(|s| s.cue.is_some()) && all.iter().any(|s| s.cue.is_none()));
        assert!(all.iter().any(|s| s.mention.is_some()));
        assert!(all.iter().any(|s| s.speaker.is_some()));
    }
}
