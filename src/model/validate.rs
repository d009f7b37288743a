//! Everything that must hold in a project beyond what the file syntax guarantees: unique ids,
//! references that resolve, spans inside their text with the anchored words still there.
//!
//! Validation never changes or drops anything. A quote whose anchor no longer matches becomes an
//! *orphan* (kept, flagged, with the reason); every other violation is an *invalid* problem.

use super::ids::is_valid_file_id;
use super::{Anchor, CharIndexed, DocumentId, PersonId, Project, Quote, QuoteId};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in, relative to the project folder (`project.ron`,
    /// `annotations/sara.ron`).
    pub file: String,
    pub message: String,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// Something a person must fix by hand (a duplicate id, a dangling reference).
    Invalid,
    /// This quote's anchor does not match its text any more; it is kept and flagged.
    Orphan(QuoteId),
    /// A conflict copy a sync tool left, or a file with git conflict markers: not loaded,
    /// and `naql resolve` merges it in.
    Conflict,
    /// A file in the project folder that the project does not list (an article a killed
    /// import stored, a save's temporary file).
    Stray,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

pub const MANIFEST_FILE: &str = "project.ron";

pub fn layer_file(person: &str) -> String {
    format!("annotations/{person}.ron")
}

/// A person's own contributions to the shared registries (see `model::registry`).
pub fn people_file(person: &str) -> String {
    format!("people/{person}.ron")
}

/// SHA-256 of a text, lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    String::from_utf8_lossy(&hex(&Sha256::digest(text.as_bytes()).into())).into_owned()
}

/// Whether the SHA-256 of `text` is `expected` (lower-case hex), without making a string:
/// `naql check` asks it of every article.
pub fn sha256_is(text: &str, expected: &str) -> bool {
    hex(&Sha256::digest(text.as_bytes()).into()) == expected.as_bytes()
}

fn hex(digest: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0; 64];
    for (i, b) in digest.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 15)];
    }
    out
}

/// All problems of `project`. `verify_hashes` also recomputes each text's SHA-256, which costs
/// a pass over every article; `naql check` does it, loading in the app does not.
pub fn validate(project: &Project, verify_hashes: bool) -> Vec<Problem> {
    let checks = Checks {
        verify_hashes,
        ..Checks::default()
    };
    validate_with(project, checks, &|_, _| None)
}

/// What a validation looks at.
#[derive(Clone, Copy, Debug)]
pub struct Checks {
    /// Recompute each text's SHA-256.
    pub verify_hashes: bool,
    /// Every layer is loaded: a review of a quote that is in no loaded layer is dangling.
    pub every_layer: bool,
}

impl Default for Checks {
    fn default() -> Self {
        Self {
            verify_hashes: false,
            every_layer: true,
        }
    }
}

/// What a caller checks in each text besides its length, hash and anchors (the store: git
/// conflict markers), during the one pass that reads it.
pub type TextCheck<'a> = dyn Fn(&DocumentId, &str) -> Option<Problem> + Sync + 'a;

/// [`validate`], with `text_check` run on each text as it is read. Each text is read once
/// and let go of: a project's texts need not all be in memory to be checked.
pub fn validate_with(
    project: &Project,
    checks: Checks,
    text_check: &TextCheck<'_>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    check_manifest(project, &mut out);
    let after_manifest = out.len();
    let texts = check_layers(project, checks, text_check, &mut out);
    // The texts' own problems are the manifest's records disagreeing with them: reported
    // with the manifest's, before the layers'.
    out.splice(after_manifest..after_manifest, texts);
    out
}

fn invalid(out: &mut Vec<Problem>, file: &str, message: String) {
    out.push(Problem {
        file: file.to_owned(),
        message,
        kind: ProblemKind::Invalid,
    });
}

/// Reports each id that occurs more than once.
fn check_unique<'a>(
    out: &mut Vec<Problem>,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
    must_be_file_id: bool,
) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            invalid(
                out,
                MANIFEST_FILE,
                format!("{what} id {id:?} is used twice"),
            );
        }
        if must_be_file_id && !is_valid_file_id(id) {
            invalid(
                out,
                MANIFEST_FILE,
                format!("{what} id {id:?} must be 1–64 ASCII letters, digits, '-' or '_'"),
            );
        }
    }
}

fn check_manifest(project: &Project, out: &mut Vec<Problem>) {
    let m = &project.manifest;
    let book = &m.codebook;
    check_unique(
        out,
        "topic",
        book.topics.iter().map(|t| t.id.as_str()),
        false,
    );
    check_unique(
        out,
        "speaker",
        m.speakers.iter().map(|s| s.id.as_str()),
        false,
    );
    check_unique(
        out,
        "document",
        m.documents.iter().map(|d| d.id.as_str()),
        true,
    );
    check_unique(out, "person", m.people.iter().map(|p| p.id.as_str()), true);

    let topic_ids: HashSet<_> = book.topics.iter().map(|t| &t.id).collect();
    let mut shortcuts = HashMap::new();
    for t in &book.topics {
        if let Some(parent) = &t.parent
            && !topic_ids.contains(parent)
        {
            invalid(
                out,
                MANIFEST_FILE,
                format!(
                    "topic {:?} has parent {:?}, which is not a topic",
                    t.id.0, parent.0
                ),
            );
        }
        if let Some(key) = t.shortcut
            && let Some(other) = shortcuts.insert(key, &t.id)
        {
            invalid(
                out,
                MANIFEST_FILE,
                format!(
                    "topics {:?} and {:?} share the shortcut {key:?}",
                    other.0, t.id.0
                ),
            );
        }
    }
    // A parent chain that returns to where it began would make the topic tree infinite.
    let parent_of: HashMap<_, _> = book
        .topics
        .iter()
        .filter_map(|t| t.parent.as_ref().map(|p| (&t.id, p)))
        .collect();
    for t in &book.topics {
        let mut at = &t.id;
        let mut steps = 0;
        while let Some(p) = parent_of.get(at) {
            at = p;
            steps += 1;
            if at == &t.id || steps > book.topics.len() {
                invalid(
                    out,
                    MANIFEST_FILE,
                    format!("topic {:?} is its own ancestor", t.id.0),
                );
                break;
            }
        }
    }
}

/// Formats as `quote <id>` only when a message is actually made.
struct QuoteRef<'a>(&'a QuoteId);

impl std::fmt::Display for QuoteRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "quote {}", self.0)
    }
}

fn orphan(q: &Quote, file: &str, why: String) -> Problem {
    Problem {
        file: file.to_owned(),
        message: format!("quote {} is orphaned: {why}", q.id),
        kind: ProblemKind::Orphan(q.id.clone()),
    }
}

/// Why the quote's anchors (quoted words, speaker mention, cue) do not match the text, if so.
pub fn anchor_mismatch(q: &Quote, text: &CharIndexed<'_>) -> Option<String> {
    let anchors: [(&str, Option<&Anchor>); 3] = [
        ("quote", Some(&q.anchor)),
        ("speaker mention", q.mention.as_deref()),
        ("cue", q.cue.as_deref()),
    ];
    let reasons: Vec<String> = anchors
        .iter()
        .filter_map(|(what, a)| Some(format!("{what}: {}", a.as_ref()?.mismatch(text)?)))
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// What the parallel pass over one run of a layer's quotes found.
struct QuoteRun {
    layer: usize,
    /// Where the run starts in its layer's quotes.
    first: usize,
    /// Each quote's id hashed, and its document's place among the project's documents
    /// (`None`: a document the project does not list).
    ids: Vec<u64>,
    documents: Vec<Option<u32>>,
    /// Reference problems, with the index in the layer of the quote each is about.
    problems: Vec<(usize, Problem)>,
}

/// A set of ids with the fast hasher.
/// Whether `id` is in `set`, looked up only when it is not the very string (the same
/// shared one, see `layer_parse`) asked about last, which is most often the case.
fn known<'a>(
    last: &mut Option<(&'a str, bool)>,
    id: &'a str,
    set: &HashSet<&str, foldhash::fast::FixedState>,
) -> bool {
    match *last {
        Some((was, answer)) if std::ptr::eq(was, id) => answer,
        _ => {
            let answer = set.contains(id);
            *last = Some((id, answer));
            answer
        }
    }
}

fn id_set<'a>(ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str, foldhash::fast::FixedState> {
    let mut set = HashSet::with_hasher(foldhash::fast::FixedState::default());
    set.extend(ids);
    set
}

/// Quotes per unit of parallel work in the reference checks (a handful in unit tests, so
/// that they cross the runs' borders).
const RUN: usize = if cfg!(test) { 3 } else { 1 << 15 };

/// Checks the layers' references, then reads each document's text once, in parallel, to check
/// it against the manifest and its quotes' anchors against it. Gives the texts' own problems
/// (missing, edited, `text_check`'s); orphans and the rest go to `out`.
fn check_layers(
    project: &Project,
    checks: Checks,
    text_check: &TextCheck<'_>,
    out: &mut Vec<Problem>,
) -> Vec<Problem> {
    let m = &project.manifest;
    // A big project has millions of quotes: the per-quote checks run on every core, over
    // runs of a layer's quotes, with a fast hasher (ids are not chosen by an attacker), and
    // anything global (unique ids, quotes by document) is made from their results by
    // sorting and counting instead of one map of millions of entries.
    let fast = foldhash::fast::FixedState::default();
    let people = id_set(m.people.iter().map(|p| p.id.as_str()));
    let speakers = id_set(m.speakers.iter().map(|s| s.id.as_str()));
    let topics = id_set(m.codebook.topics.iter().map(|t| t.id.as_str()));
    let kinds: BTreeSet<_> = m.codebook.quote_kinds.iter().collect();
    let mut documents: HashMap<&str, u32, _> =
        HashMap::with_capacity_and_hasher(m.documents.len(), fast.clone());
    for (i, d) in m.documents.iter().enumerate() {
        documents.entry(d.id.as_str()).or_insert(i as u32);
    }

    let layers: Vec<(&PersonId, &crate::model::Layer, String)> = project
        .layers
        .iter()
        .map(|(p, l)| (p, &**l, layer_file(p.as_str())))
        .collect();
    let runs: Vec<(usize, usize)> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, (_, l, _))| (0..l.quotes.len()).step_by(RUN).map(move |at| (i, at)))
        .collect();
    let checked: Vec<QuoteRun> = crate::parallel::map(&runs, |&(layer, first)| {
        let (_, l, file) = &layers[layer];
        let quotes = &l.quotes[first..(first + RUN).min(l.quotes.len())];
        let mut run = QuoteRun {
            layer,
            first,
            ids: Vec::with_capacity(quotes.len()),
            documents: Vec::with_capacity(quotes.len()),
            problems: Vec::new(),
        };
        // A layer lists a document's quotes together: its place is looked up once a run.
        let mut last: Option<(&DocumentId, Option<u32>)> = None;
        let mut last_speaker = None;
        let mut last_coder = None;
        for (i, q) in quotes.iter().enumerate() {
            run.ids.push(fast.hash_one(q.id.as_str()));
            let place = match last {
                Some((d, place)) if *d == q.document => place,
                _ => documents.get(q.document.as_str()).copied(),
            };
            last = Some((&q.document, place));
            run.documents.push(place);
            let here = QuoteRef(&q.id);
            let mut problem = |message: String| {
                run.problems.push((
                    first + i,
                    Problem {
                        file: file.clone(),
                        message,
                        kind: ProblemKind::Invalid,
                    },
                ))
            };
            // A speaker or a coder is most often the quote before's, and then one shared
            // string (see `layer_parse`): looked up again only when it changes.
            if let Some(s) = &q.speaker
                && !known(&mut last_speaker, s.as_str(), &speakers)
            {
                problem(format!("{here}: speaker {:?} is not in the registry", s.0));
            }
            for t in &q.topics {
                if !topics.contains(t.as_str()) {
                    problem(format!("{here}: topic {:?} is not in the codebook", t.0));
                }
            }
            if !kinds.contains(&q.kind) {
                problem(format!(
                    "{here}: kind {} is not in the codebook",
                    q.kind.name()
                ));
            }
            if !known(&mut last_coder, q.coder.as_str(), &people) {
                problem(format!(
                    "{here}: coder {:?} is not among the people",
                    q.coder.0
                ));
            }
        }
        run
    });

    let quote_of = |layer: usize, at: usize| &layers[layer].1.quotes[at];
    let unique = UniqueIds::of(&checked, |layer, at| quote_of(layer, at).id.as_str());

    // The problems in the order of the quotes, each quote's reused id first.
    let mut runs_of_layer = checked.iter().peekable();
    for (layer, (person, _, file)) in layers.iter().enumerate() {
        if !people.contains(person.as_str()) {
            invalid(
                out,
                file,
                format!("{:?} is not among the project's people", person.0),
            );
        }
        while let Some(run) = runs_of_layer.next_if(|r| r.layer == layer) {
            let mut problems = run.problems.iter().peekable();
            for (at, first_layer) in unique.reused_in(layer, run.first, run.ids.len()) {
                while let Some((_, p)) = problems.next_if(|(q, _)| *q < at) {
                    out.push(p.clone());
                }
                let here = QuoteRef(&quote_of(layer, at).id);
                let first = &layers[first_layer].2;
                invalid(out, file, format!("{here}: id already used in {first}"));
            }
            out.extend(problems.map(|(_, p)| p.clone()));
        }
    }

    // Each listed document's quotes, in the order of the layers, by counting: where each
    // document's quotes start in one array of them all.
    let mut starts = vec![0usize; m.documents.len() + 1];
    for run in &checked {
        for d in run.documents.iter().flatten() {
            starts[*d as usize + 1] += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut by_document: Vec<(&Quote, &str)> = Vec::new();
    let mut strays: Vec<(&Quote, &str)> = Vec::new();
    if let Some(any) = layers.iter().find_map(|(_, l, _)| l.quotes.first()) {
        by_document = vec![(any, ""); starts[m.documents.len()]];
    }
    for run in &checked {
        let file = layers[run.layer].2.as_str();
        for (i, d) in run.documents.iter().enumerate() {
            let q = quote_of(run.layer, run.first + i);
            match d {
                Some(d) => {
                    by_document[next[*d as usize]] = (q, file);
                    next[*d as usize] += 1;
                }
                None => strays.push((q, file)),
            }
        }
    }

    // Quotes of documents the project does not list, by document.
    strays.sort_by(|a, b| a.0.document.cmp(&b.0.document));
    for (q, file) in strays {
        out.push(orphan(
            q,
            file,
            format!("document {:?} is not in the project", q.document.0),
        ));
    }

    // Every listed document, in order, so that problems come in the same order every time;
    // each core reads its texts through one buffer of its own.
    let checked: Vec<(Vec<Problem>, Vec<Problem>)> = {
        use rayon::prelude::*;
        (0..m.documents.len())
            .into_par_iter()
            .with_min_len(64)
            .map_init(Vec::new, |buffer, i| {
                let d = &m.documents[i];
                let quotes = &by_document[starts[i]..starts[i + 1]];
                project.texts.with_text_or_why(&d.id, buffer, |text| {
                    check_text(d, quotes, text, checks, text_check)
                })
            })
            .collect()
    };
    let mut texts = Vec::new();
    for (own, orphans) in checked {
        texts.extend(own);
        out.extend(orphans);
    }

    for (person, layer) in &project.layers {
        let file = layer_file(person.as_str());
        for r in &layer.reviews {
            if checks.every_layer
                && !unique.contains(r.quote.as_str(), |layer, at| {
                    quote_of(layer, at).id.as_str()
                })
            {
                invalid(
                    out,
                    &file,
                    format!("review of quote {}: no such quote", r.quote),
                );
            }
            if !people.contains(r.editor.as_str()) {
                invalid(
                    out,
                    &file,
                    format!(
                        "review of quote {}: editor {:?} is not among the people",
                        r.quote, r.editor.0
                    ),
                );
            }
        }
    }
    texts
}

/// One document's text checked against the manifest's record of it (`own`, the text's
/// problems) and its quotes' anchors against it (the orphans).
fn check_text(
    d: &super::Document,
    quotes: &[(&Quote, &str)],
    text: Result<&str, String>,
    checks: Checks,
    text_check: &TextCheck<'_>,
) -> (Vec<Problem>, Vec<Problem>) {
    let file = || format!("articles/{}.txt", d.id);
    let mut own = Vec::new();
    let text = match text {
        Ok(text) => text,
        Err(why) => {
            own.push(Problem {
                file: file(),
                message: why.clone(),
                kind: ProblemKind::Invalid,
            });
            let orphans = quotes
                .iter()
                .map(|(q, file)| orphan(q, file, format!("the text cannot be read: {why}")))
                .collect();
            return (own, orphans);
        }
    };
    own.extend(text_check(&d.id, text));
    let ends = quotes.iter().flat_map(|(q, _)| {
        [Some(&q.anchor), q.mention.as_deref(), q.cue.as_deref()]
            .into_iter()
            .flatten()
            .flat_map(|a| [a.span.start, a.span.end])
    });
    let indexed = CharIndexed::for_offsets(text, ends);
    let chars = indexed.char_len();
    if chars != d.chars {
        invalid(
            &mut own,
            &file(),
            format!(
                "has {chars} chars, but project.ron records {}: the text was edited",
                d.chars
            ),
        );
    } else if checks.verify_hashes && !sha256_is(text, &d.sha256) {
        invalid(
            &mut own,
            &file(),
            "its SHA-256 differs from the one in project.ron: the text was edited".to_owned(),
        );
    }
    let orphans: Vec<Problem> = quotes
        .iter()
        .filter_map(|(q, file)| Some(orphan(q, file, anchor_mismatch(q, &indexed)?)))
        .collect();
    (own, orphans)
}

/// Which quote ids are used more than once, found by sorting the ids' hashes: a map of
/// millions of ids cost more than the rest of the reference checks together.
struct UniqueIds {
    /// (hash, layer, index in the layer), sorted.
    sorted: Vec<(u64, u32, u32)>,
    /// Each reuse of an id: (layer, index in the layer, the layer that used it first),
    /// in the order of the layers and their quotes.
    reused: Vec<(usize, usize, usize)>,
    hasher: foldhash::fast::FixedState,
}

impl UniqueIds {
    fn of<'a>(runs: &[QuoteRun], id: impl Fn(usize, usize) -> &'a str) -> Self {
        let mut sorted: Vec<(u64, u32, u32)> = runs
            .iter()
            .flat_map(|r| {
                r.ids
                    .iter()
                    .enumerate()
                    .map(|(i, &h)| (h, r.layer as u32, (r.first + i) as u32))
            })
            .collect();
        // On every core: 2,000,000 ids sorted on one took a tenth of a second.
        rayon::slice::ParallelSliceMut::par_sort_unstable(&mut sorted[..]);
        let mut reused = Vec::new();
        for group in sorted.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
            // Within one hash, in the order of layers and quotes: each entry is a reuse of
            // the first earlier one with the same id (equal hashes may still differ).
            for (k, &(_, layer, at)) in group.iter().enumerate() {
                let this = id(layer as usize, at as usize);
                if let Some(&(_, first, _)) = group[..k]
                    .iter()
                    .find(|&&(_, l, a)| id(l as usize, a as usize) == this)
                {
                    reused.push((layer as usize, at as usize, first as usize));
                }
            }
        }
        reused.sort_unstable();
        Self {
            sorted,
            reused,
            hasher: foldhash::fast::FixedState::default(),
        }
    }

    /// The reuses among `len` quotes of `layer` from `first` on: (index, first layer).
    fn reused_in(
        &self,
        layer: usize,
        first: usize,
        len: usize,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let from = self.reused.partition_point(|r| (r.0, r.1) < (layer, first));
        self.reused[from..]
            .iter()
            .take_while(move |r| r.0 == layer && r.1 < first + len)
            .map(|&(_, at, first_layer)| (at, first_layer))
    }

    /// Whether some quote has the id `wanted`.
    fn contains<'a>(&self, wanted: &str, id: impl Fn(usize, usize) -> &'a str) -> bool {
        let h = self.hasher.hash_one(wanted);
        let from = self.sorted.partition_point(|e| e.0 < h);
        self.sorted[from..]
            .iter()
            .take_while(|e| e.0 == h)
            .any(|&(_, l, a)| id(l as usize, a as usize) == wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QuoteKind, Review, SpeakerId, TopicId, Verdict};

    /// A speaker or coder that is not known is reported for every quote that names it, also
    /// when the quotes share one string for it (as read from a file) and follow each other.
    #[test]
    fn an_unknown_shared_speaker_is_reported_for_every_quote() {
        let mut p = crate::sample::project().unwrap();
        let sara = PersonId::new("sara");
        let nobody = SpeakerId::new("nobody");
        let stranger = PersonId::new("stranger");
        let layer = p.layer_mut(&sara).unwrap();
        for q in &mut layer.quotes[..3] {
            q.speaker = Some(nobody.clone());
            q.coder = stranger.clone();
        }
        let ids: Vec<String> = layer.quotes[..3].iter().map(|q| q.id.to_string()).collect();
        let problems: Vec<String> = validate(&p, false).into_iter().map(|p| p.message).collect();
        for id in &ids {
            for what in [
                "speaker \"nobody\" is not in the registry",
                "coder \"stranger\" is not among the people",
            ] {
                let wanted = format!("quote {id}: {what}");
                assert!(problems.contains(&wanted), "{wanted} not in {problems:?}");
            }
        }
    }

    /// Every reference problem, in the order of the layers and their quotes (each quote's
    /// reused id first), then quotes of unlisted documents, then dangling reviews: the
    /// order a person reads them in, the same every time.
    #[test]
    fn reference_problems_come_in_the_order_of_the_quotes() {
        let mut p = crate::sample::project().unwrap();
        let (omid, sara) = (PersonId::new("omid"), PersonId::new("sara"));
        p.manifest
            .codebook
            .quote_kinds
            .retain(|k| *k != QuoteKind::Mixed);
        for q in p
            .layers
            .values_mut()
            .flat_map(|l| &mut std::sync::Arc::make_mut(l).quotes)
        {
            if q.kind == QuoteKind::Mixed {
                q.kind = QuoteKind::Direct;
            }
        }
        let first = p.layers[&sara].quotes[0].clone();
        p.layer_mut(&omid).unwrap().quotes.push(first.clone());
        let layer = p.layer_mut(&sara).unwrap();
        let q = &mut layer.quotes;
        q[1].speaker = Some(SpeakerId::new("nobody"));
        q[1].topics.push(TopicId::new("no-topic"));
        q[2].coder = PersonId::new("stranger");
        q[3].document = DocumentId::new("ghost");
        q[4].kind = QuoteKind::Mixed;
        let again = q[1].clone();
        q.push(again);
        let ids: Vec<String> = q.iter().map(|q| q.id.to_string()).collect();
        p.layer_mut(&omid).unwrap().reviews.push(Review {
            quote: QuoteId::new("missing"),
            verdict: Verdict::Accepted,
            comment: String::new(),
            editor: PersonId::new("stranger"),
            time: jiff::Timestamp::UNIX_EPOCH,
        });

        let got: Vec<(String, String)> = validate(&p, false)
            .into_iter()
            .map(|p| (p.file, p.message))
            .collect();
        let (o, s) = ("annotations/omid.ron", "annotations/sara.ron");
        let line = |file: &str, message: String| (file.to_owned(), message);
        let expected = vec![
            line(s, format!("quote {}: id already used in {o}", ids[0])),
            line(
                s,
                format!(
                    "quote {}: speaker \"nobody\" is not in the registry",
                    ids[1]
                ),
            ),
            line(
                s,
                format!(
                    "quote {}: topic \"no-topic\" is not in the codebook",
                    ids[1]
                ),
            ),
            line(
                s,
                format!(
                    "quote {}: coder \"stranger\" is not among the people",
                    ids[2]
                ),
            ),
            line(
                s,
                format!("quote {}: kind mixed is not in the codebook", ids[4]),
            ),
            line(s, format!("quote {}: id already used in {s}", ids[1])),
            line(
                s,
                format!(
                    "quote {}: speaker \"nobody\" is not in the registry",
                    ids[1]
                ),
            ),
            line(
                s,
                format!(
                    "quote {}: topic \"no-topic\" is not in the codebook",
                    ids[1]
                ),
            ),
            line(
                s,
                format!(
                    "quote {} is orphaned: document \"ghost\" is not in the project",
                    ids[3]
                ),
            ),
            line(o, "review of quote missing: no such quote".to_owned()),
            line(
                o,
                "review of quote missing: editor \"stranger\" is not among the people".to_owned(),
            ),
        ];
        assert_eq!(got, expected);
    }
}
