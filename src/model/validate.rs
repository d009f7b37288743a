//! Everything that must hold in a project beyond what the file syntax guarantees: unique ids,
//! references that resolve, spans inside their text with the anchored words still there.
//!
//! Validation never changes or drops anything. A quote whose anchor no longer matches becomes an
//! *orphan* (kept, flagged, with the reason); every other violation is an *invalid* problem.

use super::ids::is_valid_file_id;
use super::{Anchor, CharIndexed, DocumentId, PersonId, Project, Quote, QuoteId};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};

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
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
    let people: HashSet<_> = m.people.iter().map(|p| &p.id).collect();
    let speakers: HashSet<_> = m.speakers.iter().map(|s| &s.id).collect();
    let topics: HashSet<_> = m.codebook.topics.iter().map(|t| &t.id).collect();
    let kinds: BTreeSet<_> = m.codebook.quote_kinds.iter().collect();
    let documents: HashSet<_> = m.documents.iter().map(|d| &d.id).collect();

    // Reference checks are cheap and run here; anchor checks need each text's char index and
    // run per document, in parallel, below. A big project has millions of quotes: the maps
    // are made at their full size once, with a fast hasher (ids are not chosen by an attacker).
    let quotes: usize = project.layers.values().map(|l| l.quotes.len()).sum();
    let fast = foldhash::fast::FixedState::default();
    let mut quote_ids: HashMap<&crate::model::QuoteId, &str, _> =
        HashMap::with_capacity_and_hasher(quotes, fast.clone());
    let mut by_document: HashMap<&DocumentId, Vec<(&Quote, &str)>, _> =
        HashMap::with_capacity_and_hasher(m.documents.len(), fast);
    let files: Vec<(&PersonId, String)> = project
        .layers
        .keys()
        .map(|p| (p, layer_file(p.as_str())))
        .collect();

    for ((person, layer), (_, file)) in project.layers.iter().zip(&files) {
        if !people.contains(person) {
            invalid(
                out,
                file,
                format!("{:?} is not among the project's people", person.0),
            );
        }
        for q in &layer.quotes {
            let here = QuoteRef(&q.id);
            if let Some(first) = quote_ids.insert(&q.id, file.as_str()) {
                invalid(out, file, format!("{here}: id already used in {first}"));
            }
            if let Some(s) = &q.speaker
                && !speakers.contains(s)
            {
                invalid(
                    out,
                    file,
                    format!("{here}: speaker {:?} is not in the registry", s.0),
                );
            }
            for t in &q.topics {
                if !topics.contains(t) {
                    invalid(
                        out,
                        file,
                        format!("{here}: topic {:?} is not in the codebook", t.0),
                    );
                }
            }
            if !kinds.contains(&q.kind) {
                invalid(
                    out,
                    file,
                    format!("{here}: kind {} is not in the codebook", q.kind.name()),
                );
            }
            if !people.contains(&q.coder) {
                invalid(
                    out,
                    file,
                    format!("{here}: coder {:?} is not among the people", q.coder.0),
                );
            }
            by_document.entry(&q.document).or_default().push((q, file));
        }
    }

    // Quotes of documents the project does not list.
    let mut strays: Vec<_> = by_document
        .iter()
        .filter(|(doc, _)| !documents.contains(*doc))
        .collect();
    strays.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (doc, quotes) in strays {
        for (q, file) in quotes {
            out.push(orphan(
                q,
                file,
                format!("document {:?} is not in the project", doc.0),
            ));
        }
    }

    // Every listed document, in order, so that problems come in the same order every time.
    let checked = crate::parallel::map(&m.documents, |d| {
        let file = format!("articles/{}.txt", d.id);
        let quotes = by_document.get(&d.id).map_or(&[][..], Vec::as_slice);
        let mut own = Vec::new();
        let text = match project.texts.read_or_why(&d.id) {
            Ok(text) => text,
            Err(why) => {
                own.push(Problem {
                    file,
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
        own.extend(text_check(&d.id, &text));
        let chars = text.chars().count();
        if chars != d.chars {
            invalid(
                &mut own,
                &file,
                format!(
                    "has {chars} chars, but project.ron records {}: the text was edited",
                    d.chars
                ),
            );
        } else if checks.verify_hashes && sha256_hex(&text) != d.sha256 {
            invalid(
                &mut own,
                &file,
                "its SHA-256 differs from the one in project.ron: the text was edited".to_owned(),
            );
        }
        let ends = quotes.iter().flat_map(|(q, _)| {
            [Some(&q.anchor), q.mention.as_deref(), q.cue.as_deref()]
                .into_iter()
                .flatten()
                .flat_map(|a| [a.span.start, a.span.end])
        });
        let indexed = CharIndexed::for_offsets(&text, ends);
        let orphans: Vec<Problem> = quotes
            .iter()
            .filter_map(|(q, file)| Some(orphan(q, file, anchor_mismatch(q, &indexed)?)))
            .collect();
        (own, orphans)
    });
    let mut texts = Vec::new();
    for (own, orphans) in checked {
        texts.extend(own);
        out.extend(orphans);
    }

    for (person, layer) in &project.layers {
        let file = layer_file(person.as_str());
        for r in &layer.reviews {
            if checks.every_layer && !quote_ids.contains_key(&r.quote) {
                invalid(
                    out,
                    &file,
                    format!("review of quote {}: no such quote", r.quote),
                );
            }
            if !people.contains(&r.editor) {
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
