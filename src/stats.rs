//! Counts of what a project holds, by coder, speaker, topic and kind: `naql stats` prints them
//! and the window's Statistics mode charts them, so both count the same quotes the same way.

use crate::model::{PersonId, Project, Quote};
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub coded_documents: usize,
    pub quotes: usize,
    pub orphans: usize,
    pub reviews: usize,
    /// Quotes of the curated layer: adjudicated copies of coders' quotes, so not in `quotes`.
    pub curated: usize,
    pub per_coder: BTreeMap<String, usize>,
    /// By speaker name; quotes without a speaker under "(no speaker)".
    pub per_speaker: BTreeMap<String, usize>,
    pub per_topic: BTreeMap<String, usize>,
    pub per_kind: BTreeMap<&'static str, usize>,
}

/// The quotes that count: every coder's, not the curated layer's (its quotes repeat coders'
/// quotes, and counting them would count those statements twice).
pub fn counted_quotes(project: &Project) -> impl Iterator<Item = (&PersonId, &Quote)> {
    project
        .quotes()
        .filter(|(person, _)| person.as_str() != crate::agree::CURATED)
}

/// The name a quote's speaker is counted under: the registry's name, the id of a speaker the
/// registry lacks, or "(no speaker)".
pub fn speaker_name<'p>(project: &'p Project, q: &'p Quote) -> &'p str {
    match &q.speaker {
        Some(id) => project
            .manifest
            .speaker(id)
            .map_or(id.as_str(), |sp| sp.name.as_str()),
        None => "(no speaker)",
    }
}

pub fn compute(project: &Project) -> Stats {
    let m = &project.manifest;
    let mut s = Stats {
        documents: m.documents.len(),
        orphans: project.orphans.len(),
        reviews: project.reviews().count(),
        ..Stats::default()
    };
    let mut coded = std::collections::HashSet::new();
    s.curated = project
        .quotes()
        .filter(|(person, _)| person.as_str() == crate::agree::CURATED)
        .count();
    for (_, q) in counted_quotes(project) {
        s.quotes += 1;
        coded.insert(&q.document);
        *s.per_coder.entry(q.coder.as_str().to_owned()).or_default() += 1;
        *s.per_speaker
            .entry(speaker_name(project, q).to_owned())
            .or_default() += 1;
        for t in &q.topics {
            let name = m
                .topic(t)
                .map_or_else(|| t.as_str().to_owned(), |t| t.name.clone());
            *s.per_topic.entry(name).or_default() += 1;
        }
        *s.per_kind.entry(q.kind.name()).or_default() += 1;
    }
    s.coded_documents = coded.len();
    s
}

/// A plain-text report, biggest counts first within each table.
pub fn render(s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "documents: {} ({} coded)",
        s.documents, s.coded_documents
    );
    let _ = writeln!(out, "quotes:    {}", s.quotes);
    if s.curated > 0 {
        let _ = writeln!(
            out,
            "curated:   {} (adjudicated copies of the quotes above, not counted again)",
            s.curated
        );
    }
    let _ = writeln!(out, "orphaned:  {}", s.orphans);
    let _ = writeln!(out, "reviews:   {}", s.reviews);
    let tables: [(&str, Vec<(&str, usize)>); 4] = [
        (
            "per coder",
            s.per_coder.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
        ),
        (
            "per speaker",
            s.per_speaker
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect(),
        ),
        (
            "per topic",
            s.per_topic.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
        ),
        (
            "per kind",
            s.per_kind.iter().map(|(k, v)| (*k, *v)).collect(),
        ),
    ];
    for (title, mut rows) in tables {
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(out, "\n{title}:");
        for (name, n) in rows {
            let _ = writeln!(out, "  {n:>6}  {name}");
        }
    }
    out
}
