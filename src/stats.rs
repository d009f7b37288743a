//! Counts for `naql stats`: what a project holds, by coder, speaker, topic and kind.

use crate::model::Project;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub coded_documents: usize,
    pub quotes: usize,
    pub orphans: usize,
    pub reviews: usize,
    pub per_coder: BTreeMap<String, usize>,
    /// By speaker name; quotes without a speaker under "(no speaker)".
    pub per_speaker: BTreeMap<String, usize>,
    pub per_topic: BTreeMap<String, usize>,
    pub per_kind: BTreeMap<&'static str, usize>,
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
    for (_, q) in project.quotes() {
        s.quotes += 1;
        coded.insert(&q.document);
        *s.per_coder.entry(q.coder.0.clone()).or_default() += 1;
        let speaker = match &q.speaker {
            Some(id) => m
                .speaker(id)
                .map_or_else(|| id.0.clone(), |sp| sp.name.clone()),
            None => "(no speaker)".to_owned(),
        };
        *s.per_speaker.entry(speaker).or_default() += 1;
        for t in &q.topics {
            let name = m.topic(t).map_or_else(|| t.0.clone(), |t| t.name.clone());
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
