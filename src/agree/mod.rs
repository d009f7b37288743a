//! Inter-coder agreement: how far coders who tagged the same articles agree, per variable, per
//! document and overall, with the coefficients content analysts report.
//!
//! - **Where the quotes are** — Krippendorff's *unitizing α* (α_u, [`unitizing`]): each coder
//!   cuts the document into quotes and gaps; disagreement grows with the squared distances of
//!   the ends of overlapping quotes and with the squared length of a quote the other coder left
//!   in a gap. One long quote against two short ones over the same words is a disagreement.
//!   Overall, documents every compared coder coded are laid end to end.
//! - **Quote boundaries, char by char** — *char-level α*: every char of a document is a unit,
//!   and each coder who coded the document gives it the value "inside one of my quotes" or
//!   "outside"; Krippendorff's nominal α over those units is
//!   `α = 1 − (n − 1) · Σ_chars 2·k·(m − k)/(m − 1) / (n² − n_in² − n_out²)`, with `m` coders per
//!   char, `k` of them marking it inside, `n` all values and `n_in`/`n_out` their split. Easier
//!   to explain than α_u, blind to how the chars are grouped into quotes.
//!
//!   A coder counts as having coded a document when they tagged at least one quote in it.
//! - **Speaker, kind and each topic** — Krippendorff's nominal α over *matched units*
//!   ([`units`]): the same statement tagged by several coders. A coder who did not tag a unit
//!   gives no value (missing data, which α handles); a coder whose quote has no speaker yet gives
//!   no speaker value. A topic is a yes/no variable: does the coder's quote carry it.
//! - **Cohen's kappa** for the same variables when exactly two coders are compared, over the
//!   units both tagged.
//!
//! Thresholds: α ≥ 0.800 reliable, ≥ 0.667 tentative ([`Reliability`]).

pub mod coefficients;
pub mod unitizing;
pub mod units;

pub use coefficients::{Reliability, Tally, cohen_kappa, krippendorff_nominal};
pub use units::{Unit, match_document};

use crate::model::{DocumentId, PersonId, Project, QuoteKind, SpeakerId, TopicId};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The id of the layer an editor adjudicates into; it is a result, not a coder, so agreement
/// leaves it out unless asked for by name.
pub const CURATED: &str = "curated";

/// The coders compared when none are named: every person with at least one quote, except the
/// curated layer.
pub fn default_coders(project: &Project) -> Vec<PersonId> {
    project
        .layers
        .iter()
        .filter(|(p, l)| p.as_str() != CURATED && !l.quotes.is_empty())
        .map(|(p, _)| p.clone())
        .collect()
}

/// One coefficient for one variable.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    /// "unitizing", "boundaries", "speaker", "kind" or "topic:<id>".
    pub variable: String,
    pub alpha: Option<f64>,
    /// Cohen's kappa, only when exactly two coders are compared.
    pub kappa: Option<f64>,
    /// Pairable values α was computed from (units for unitizing, chars for boundaries, quotes
    /// otherwise).
    pub values: usize,
    pub reliability: Reliability,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentAgreement {
    pub document: String,
    pub title: String,
    /// Units (matched statements) in the document, and how many of them more than one coder
    /// tagged.
    pub units: usize,
    pub matched: usize,
    pub figures: Vec<Figure>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub coders: Vec<String>,
    /// Documents coded by at least two of the coders: the only ones agreement can be measured on.
    pub documents: usize,
    pub units: usize,
    pub matched: usize,
    pub overall: Vec<Figure>,
    pub per_document: Vec<DocumentAgreement>,
}

/// Every variable's tallies for one part of the project (a document, or the whole).
#[derive(Default)]
struct Tallies {
    unitizing: unitizing::UnitizingTally,
    /// How many coders the unitizing figures are over.
    unitizing_coders: usize,
    boundaries: Tally<bool>,
    speaker: Tally<SpeakerId>,
    kind: Tally<QuoteKind>,
    topics: Vec<Tally<bool>>,
    speaker_pairs: Vec<(SpeakerId, SpeakerId)>,
    kind_pairs: Vec<(QuoteKind, QuoteKind)>,
    topic_pairs: Vec<Vec<(bool, bool)>>,
}

impl Tallies {
    fn new(topics: usize) -> Self {
        Self {
            topics: vec![Tally::default(); topics],
            topic_pairs: vec![Vec::new(); topics],
            ..Self::default()
        }
    }

    /// Adds a part; its unitizing figures only when every coder coded it (α_u compares
    /// continua that all coders cut up).
    fn merge(&mut self, o: &Tallies, coders: usize) {
        if o.unitizing_coders == coders {
            self.unitizing.merge(&o.unitizing);
            self.unitizing_coders = coders;
        }
        self.boundaries.merge(&o.boundaries);
        self.speaker.merge(&o.speaker);
        self.kind.merge(&o.kind);
        for (a, b) in self.topics.iter_mut().zip(&o.topics) {
            a.merge(b);
        }
        self.speaker_pairs.extend(o.speaker_pairs.iter().cloned());
        self.kind_pairs.extend(o.kind_pairs.iter().copied());
        for (a, b) in self.topic_pairs.iter_mut().zip(&o.topic_pairs) {
            a.extend(b.iter().copied());
        }
    }

    fn figures(&self, topics: &[TopicId], two: bool) -> Vec<Figure> {
        fn figure<V: Eq + std::hash::Hash + Clone>(
            variable: String,
            tally: &Tally<V>,
            kappa: Option<f64>,
        ) -> Figure {
            let alpha = tally.alpha();
            Figure {
                variable,
                alpha,
                kappa,
                values: tally.pairable(),
                reliability: Reliability::of(alpha),
            }
        }
        let kappa = |k: Option<f64>| if two { k } else { None };
        let unitizing = self.unitizing.alpha();
        let mut out = vec![
            Figure {
                variable: "unitizing".into(),
                alpha: unitizing,
                kappa: None,
                values: self.unitizing.units(),
                reliability: Reliability::of(unitizing),
            },
            figure("boundaries".into(), &self.boundaries, None),
            figure(
                "speaker".into(),
                &self.speaker,
                kappa(cohen_kappa(self.speaker_pairs.iter().cloned())),
            ),
            figure(
                "kind".into(),
                &self.kind,
                kappa(cohen_kappa(self.kind_pairs.iter().copied())),
            ),
        ];
        for (i, t) in topics.iter().enumerate() {
            out.push(figure(
                format!("topic:{}", t.as_str()),
                &self.topics[i],
                kappa(cohen_kappa(self.topic_pairs[i].iter().copied())),
            ));
        }
        out
    }
}

/// Measures agreement between `coders` (at least two) over every document two or more of them
/// coded. Documents are measured in parallel.
pub fn measure(project: &Project, coders: &[PersonId]) -> Report {
    measure_in(project, coders, None)
}

/// [`measure`], over one document only when `only` names it.
pub fn measure_in(project: &Project, coders: &[PersonId], only: Option<&DocumentId>) -> Report {
    measure_with_progress(project, coders, only, &|_, _| {})
}

/// Documents measured between two progress reports.
const CHUNK: usize = 500;

/// [`measure_in`], calling `progress(done, total)` (in documents) as it goes: for the window's
/// background job and the command line's progress bar.
pub fn measure_with_progress(
    project: &Project,
    coders: &[PersonId],
    only: Option<&DocumentId>,
    progress: &dyn Fn(usize, usize),
) -> Report {
    let topics: Vec<TopicId> = project
        .manifest
        .codebook
        .topics
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let two = coders.len() == 2;
    let docs: Vec<_> = units::by_document(project, coders)
        .into_iter()
        .filter(|(d, qs)| {
            only.is_none_or(|o| o == *d)
                && qs.iter().map(|(c, _)| c).collect::<BTreeSet<_>>().len() >= 2
        })
        .collect();
    // By id: the manifest's own lookup is a linear search, once per document here.
    let manifest_docs: HashMap<&DocumentId, &crate::model::Document> = project
        .manifest
        .documents
        .iter()
        .map(|d| (&d.id, d))
        .collect();
    let mut parts = Vec::with_capacity(docs.len());
    progress(0, docs.len());
    for chunk in docs.chunks(CHUNK) {
        parts.extend(crate::parallel::map(chunk, |(doc, quotes)| {
            let length = manifest_docs.get(doc).map(|d| d.chars);
            measure_document(length, doc, quotes, &topics)
        }));
        progress(parts.len(), docs.len());
    }
    let mut whole = Tallies::new(topics.len());
    let mut per_document = Vec::with_capacity(parts.len());
    let (mut all_units, mut all_matched) = (0, 0);
    for ((doc, _), (tallies, units, matched)) in docs.iter().zip(&parts) {
        whole.merge(tallies, coders.len());
        all_units += units;
        all_matched += matched;
        per_document.push(DocumentAgreement {
            document: doc.as_str().to_owned(),
            title: manifest_docs
                .get(doc)
                .map_or_else(String::new, |d| d.title.clone()),
            units: *units,
            matched: *matched,
            figures: tallies.figures(&topics, two),
        });
    }
    Report {
        coders: coders.iter().map(|c| c.as_str().to_owned()).collect(),
        documents: docs.len(),
        units: all_units,
        matched: all_matched,
        overall: whole.figures(&topics, two),
        per_document,
    }
}

/// One document's tallies, its unit count and matched-unit count.
fn measure_document(
    length: Option<usize>,
    doc: &DocumentId,
    quotes: &[(usize, &crate::model::Quote)],
    topics: &[TopicId],
) -> (Tallies, usize, usize) {
    let mut t = Tallies::new(topics.len());
    let coded: BTreeSet<usize> = quotes.iter().map(|(c, _)| *c).collect();
    let len = length
        .or_else(|| quotes.iter().map(|(_, q)| q.anchor.span.end).max())
        .unwrap_or(0);
    let per_coder: Vec<Vec<(usize, usize)>> = coded
        .iter()
        .map(|&c| {
            let spans = quotes
                .iter()
                .filter(|(k, _)| *k == c)
                .map(|(_, q)| (q.anchor.span.start, q.anchor.span.end))
                .collect();
            unitizing::units_of(spans, len)
        })
        .collect();
    boundaries(len, &per_coder, &mut t.boundaries);
    t.unitizing = unitizing::UnitizingTally::document(&per_coder, len);
    t.unitizing_coders = coded.len();
    let units = match_document(doc, quotes);
    let matched = units.iter().filter(|u| u.quotes.len() >= 2).count();
    for u in &units {
        t.speaker
            .add_unit(u.quotes.iter().filter_map(|(_, q)| q.speaker.clone()));
        t.kind.add_unit(u.quotes.iter().map(|(_, q)| q.kind));
        for (i, topic) in topics.iter().enumerate() {
            t.topics[i].add_unit(u.quotes.iter().map(|(_, q)| q.topics.contains(topic)));
        }
        if let [(_, a), (_, b)] = u.quotes.as_slice() {
            if let (Some(x), Some(y)) = (&a.speaker, &b.speaker) {
                t.speaker_pairs.push((x.clone(), y.clone()));
            }
            t.kind_pairs.push((a.kind, b.kind));
            for (i, topic) in topics.iter().enumerate() {
                t.topic_pairs[i].push((a.topics.contains(topic), b.topics.contains(topic)));
            }
        }
    }
    (t, units.len(), matched)
}

/// Char-level α's coincidences for one document of `len` chars: per char, how many of the
/// coders (each given by their units, see [`unitizing::units_of`]) mark it inside a quote. Runs
/// of chars with the same count are added at once.
fn boundaries(len: usize, per_coder: &[Vec<(usize, usize)>], tally: &mut Tally<bool>) {
    let m = per_coder.len();
    // A difference array over every coder's units, then one pass counting per char.
    let mut delta = vec![0i64; len + 1];
    for &(start, end) in per_coder.iter().flatten() {
        delta[start] += 1;
        delta[end] -= 1;
    }
    let mut inside = 0i64;
    let mut run_start = 0;
    let mut run_k = 0usize;
    for (i, d) in delta.iter().enumerate().take(len) {
        inside += d;
        let k = inside.max(0) as usize;
        if i == 0 {
            run_k = k;
        } else if k != run_k {
            tally.add_counts(&[(true, run_k), (false, m - run_k)], i - run_start);
            run_start = i;
            run_k = k;
        }
    }
    if len > 0 {
        tally.add_counts(&[(true, run_k), (false, m - run_k)], len - run_start);
    }
}

/// The report as text: overall figures, then one line per document.
pub fn render(r: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "coders: {}", r.coders.join(", "));
    let _ = writeln!(
        out,
        "documents coded by two or more: {}; units: {} ({} tagged by more than one coder)",
        r.documents, r.units, r.matched
    );
    let _ = writeln!(out, "\noverall:");
    write_figures(&mut out, &r.overall, "  ");
    for d in &r.per_document {
        let _ = writeln!(
            out,
            "\n{} {} ({} units, {} matched):",
            d.document,
            crate::model::shorten(&d.title, 60),
            d.units,
            d.matched
        );
        write_figures(&mut out, &d.figures, "  ");
    }
    out
}

fn write_figures(out: &mut String, figures: &[Figure], indent: &str) {
    use std::fmt::Write;
    let show = |x: Option<f64>| x.map_or_else(|| "    –".to_owned(), |x| format!("{x:>6.3}"));
    for f in figures {
        let kappa = match f.kappa {
            Some(k) => format!("  κ {}", show(Some(k))),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{indent}{:<28} α {}{kappa}  {:<10} ({} values)",
            f.variable,
            show(f.alpha),
            f.reliability.name(),
            f.values
        );
    }
}

#[cfg(test)]
mod tests;
