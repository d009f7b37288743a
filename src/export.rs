//! Exports: one row per quote, as CSV (for spreadsheets) or JSON Lines (for scripts). Offsets
//! are char offsets into the verbatim article text, `[start, end)`.

use crate::model::{Project, Quote, Verdict};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
    /// doccano's JSON Lines with entities and relations.
    Doccano,
    /// A Label Studio task list (JSON).
    LabelStudio,
    /// brat standoff: a folder of `.txt` and `.ann` files.
    Brat,
}

/// One exported quote.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub document_id: &'a str,
    pub document_title: &'a str,
    pub quote_id: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub speaker_id: &'a str,
    pub speaker_name: &'a str,
    pub kind: &'static str,
    pub topics: Vec<&'a str>,
    pub mention: &'a str,
    pub cue: &'a str,
    pub coder: &'a str,
    pub note: &'a str,
    /// Why the quote's anchor no longer matches its text; empty when it does.
    pub orphaned: &'a str,
    pub verdicts: Vec<VerdictOut<'a>>,
    /// For a quote of the curated layer: the coder's quote it was adjudicated from.
    pub curated_from: &'a str,
    /// For a coder's quote: the curated quote taken from it, if an editor chose it.
    pub curated_as: &'a str,
    /// The document's URL and the metadata its import kept (other columns of its row…).
    pub document_url: &'a str,
    pub document_metadata: &'a std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct VerdictOut<'a> {
    pub editor: &'a str,
    pub verdict: &'static str,
    pub comment: &'a str,
}

/// Every quote of the project in reading order: documents in project order, then by position,
/// then by coder.
pub fn rows(project: &Project) -> Vec<Row<'_>> {
    each_row(project).collect()
}

/// [`rows`], made one at a time as they are written: 2,000,000 rows held at once took 0.6 GB
/// beside the project.
pub fn each_row(project: &Project) -> impl Iterator<Item = Row<'_>> {
    let doc_rank = project.manifest.document_places();
    let speakers: std::collections::HashMap<_, _> = project
        .manifest
        .speakers
        .iter()
        .map(|s| (&s.id, s))
        .collect();
    // Each quote's document rank is looked up once, not in every comparison of the sort
    // (2,000,000 quotes made 40 million lookups). The key ends in the unique id, so an
    // unstable sort gives one order.
    let mut quotes: Vec<(usize, &Quote)> = project
        .quotes()
        .map(|(_, q)| (doc_rank.get(&q.document).copied().unwrap_or(usize::MAX), q))
        .collect();
    quotes.sort_unstable_by(|(ra, a), (rb, b)| {
        (ra, a.anchor.span, &a.coder, &a.id).cmp(&(rb, b.anchor.span, &b.coder, &b.id))
    });
    let mut taken: std::collections::HashMap<&crate::model::QuoteId, &str> =
        std::collections::HashMap::new();
    if let Some(l) = project
        .layers
        .get(&crate::model::PersonId::new(crate::agree::CURATED))
    {
        for q in &l.quotes {
            if let Some(s) = &q.source {
                taken.insert(s, q.id.as_str());
            }
        }
    }
    let mut reviews: std::collections::HashMap<_, Vec<_>> = std::collections::HashMap::new();
    for r in project.reviews() {
        reviews.entry(&r.quote).or_default().push(r);
    }
    quotes.into_iter().map(move |(rank, q)| {
        let speaker = q.speaker.as_ref();
        Row {
            document_id: q.document.as_str(),
            // By the rank found once above: a search through 10,000 documents per quote
            // made a 200,000-quote export take seconds.
            document_title: project
                .manifest
                .documents
                .get(rank)
                .map_or("", |d| d.title.as_str()),
            quote_id: q.id.as_str(),
            start: q.anchor.span.start,
            end: q.anchor.span.end,
            text: &q.anchor.text,
            speaker_id: speaker.map_or("", |s| s.as_str()),
            speaker_name: speaker
                .and_then(|s| speakers.get(s))
                .map_or("", |s| s.name.as_str()),
            kind: q.kind.name(),
            topics: q.topics.iter().map(|t| t.as_str()).collect(),
            mention: q.mention.as_ref().map_or("", |a| a.text.as_str()),
            cue: q.cue.as_ref().map_or("", |a| a.text.as_str()),
            coder: q.coder.as_str(),
            note: &q.note,
            orphaned: project.orphans.get(&q.id).map_or("", String::as_str),
            verdicts: reviews
                .get(&q.id)
                .map(|rs| {
                    rs.iter()
                        .map(|r| VerdictOut {
                            editor: r.editor.as_str(),
                            verdict: verdict_name(r.verdict),
                            comment: &r.comment,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            curated_from: q.source.as_ref().map_or("", |s| s.as_str()),
            curated_as: taken.get(&q.id).copied().unwrap_or(""),
            document_url: doc_rank
                .get(&q.document)
                .map_or("", |&i| project.manifest.documents[i].url.as_str()),
            document_metadata: doc_rank
                .get(&q.document)
                .map_or(&NO_METADATA, |&i| &project.manifest.documents[i].metadata),
        }
    })
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => "accepted",
        Verdict::Rejected => "rejected",
        Verdict::NeedsChanges => "needs_changes",
    }
}

static NO_METADATA: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();

const CSV_HEADER: [&str; 20] = [
    "document_id",
    "document_title",
    "quote_id",
    "start",
    "end",
    "text",
    "speaker_id",
    "speaker_name",
    "kind",
    "topics",
    "mention",
    "cue",
    "coder",
    "note",
    "orphaned",
    "verdicts",
    "curated_from",
    "curated_as",
    "document_url",
    "document_metadata",
];

/// Writes `rows` as CSV in UTF-8. With `bom`, a byte-order mark first, without which Excel
/// reads the file as ANSI and shows Persian as mojibake. Lists (topics, verdicts) are joined
/// with `;` inside their cell.
pub fn write_csv<'a, R: std::borrow::Borrow<Row<'a>>>(
    rows: impl IntoIterator<Item = R>,
    out: &mut dyn Write,
    bom: bool,
) -> io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for r in rows {
        let r = r.borrow();
        let verdicts: Vec<String> = r
            .verdicts
            .iter()
            .map(|v| {
                if v.comment.is_empty() {
                    format!("{}: {}", v.editor, v.verdict)
                } else {
                    format!("{}: {} ({})", v.editor, v.verdict, v.comment)
                }
            })
            .collect();
        w.write_record([
            r.document_id,
            r.document_title,
            r.quote_id,
            &r.start.to_string(),
            &r.end.to_string(),
            r.text,
            r.speaker_id,
            r.speaker_name,
            r.kind,
            &r.topics.join(";"),
            r.mention,
            r.cue,
            r.coder,
            r.note,
            r.orphaned,
            &verdicts.join("; "),
            r.curated_from,
            r.curated_as,
            r.document_url,
            &metadata_cell(r.document_metadata),
        ])?;
    }
    w.flush()
}

/// A document's metadata in one CSV cell: a JSON object, empty when there is none.
fn metadata_cell(m: &std::collections::BTreeMap<String, String>) -> String {
    if m.is_empty() {
        String::new()
    } else {
        serde_json::to_string(m).unwrap_or_default()
    }
}

/// Writes `rows` as JSON Lines: one object per quote, lists as arrays.
pub fn write_jsonl<'a, R: std::borrow::Borrow<Row<'a>>>(
    rows: impl IntoIterator<Item = R>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r.borrow())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Writes the reliability data matrix of `coders` as CSV, for computing agreement in R (e.g.
/// `irr::kripp.alpha` on a variable's coder columns, transposed) or Python: one row per unit and
/// variable, one column per coder. Units are statements matched across coders
/// ([`crate::agree::units`]); variables are `tagged` (1 when the coder tagged the unit, 0 when
/// they coded the document but not this statement), `speaker`, `kind` and `topic:<id>` (1/0). A
/// coder who gave no value leaves the cell empty (missing).
pub fn write_reliability_matrix(
    project: &Project,
    coders: &[crate::model::PersonId],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["variable", "document", "unit", "start", "end"];
    header.extend(coders.iter().map(|c| c.as_str()));
    w.write_record(&header)?;
    let topics: Vec<&crate::model::TopicId> = project
        .manifest
        .codebook
        .topics
        .iter()
        .map(|t| &t.id)
        .collect();
    for (doc, quotes) in crate::agree::units::by_document(project, coders) {
        let coded: std::collections::BTreeSet<usize> = quotes.iter().map(|(c, _)| *c).collect();
        for (n, unit) in crate::agree::match_document(doc, &quotes)
            .iter()
            .enumerate()
        {
            let mut emit = |variable: &str, cell: &dyn Fn(&Quote) -> String| -> io::Result<()> {
                let mut row = vec![
                    variable.to_owned(),
                    doc.as_str().to_owned(),
                    (n + 1).to_string(),
                    unit.span.start.to_string(),
                    unit.span.end.to_string(),
                ];
                for c in 0..coders.len() {
                    row.push(match unit.of(c) {
                        Some(q) => cell(q),
                        None if variable == "tagged" && coded.contains(&c) => "0".into(),
                        None => String::new(),
                    });
                }
                w.write_record(&row).map_err(io::Error::other)
            };
            emit("tagged", &|_| "1".into())?;
            emit("speaker", &|q| {
                q.speaker
                    .as_ref()
                    .map_or_else(String::new, |s| s.as_str().to_owned())
            })?;
            emit("kind", &|q| q.kind.name().to_owned())?;
            for t in &topics {
                let name = format!("topic:{}", t.as_str());
                emit(&name, &|q| u8::from(q.topics.contains(t)).to_string())?;
            }
        }
    }
    w.flush()
}
