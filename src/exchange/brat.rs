//! brat's standoff format: for each document `ID.txt` (the text) and `ID.ann`, where
//! - `T1\tQuote 10 50\t…` is a quote (a span crossing a line break is written in fragments,
//!   `10 20;21 50`, as brat wants), `T2\tSpeaker 0 8\t…` its speaker's mention and
//!   `T3\tCue 9 12\t…` its cue;
//! - `R1\tSaid_by Arg1:T1 Arg2:T2` and `R2\tHas_cue Arg1:T1 Arg2:T3` link them;
//! - `A1\tKind T1 direct`, `A2\tSpeaker_id T1 lukashenko` and `A3\tTopic_economy T1` carry the
//!   kind, the speaker and each topic;
//! - `#1\tAnnotatorNotes T1\tcoder sara` says whose quote it is.
//!
//! Offsets count code points, as Naql's do. `annotation.conf` declares the types so brat can
//! open the folder.

use super::outgoing;
use crate::model::{PersonId, Project, Span};
use std::fmt::Write as _;
use std::path::Path;

/// The span as brat fragments: one per line it covers, without the line breaks.
fn fragments(chars: &[char], span: Span) -> String {
    let mut out = Vec::new();
    let mut start = span.start;
    for (i, &c) in chars.iter().enumerate().take(span.end).skip(span.start) {
        if c == '\n' {
            if i > start {
                out.push(format!("{start} {i}"));
            }
            start = i + 1;
        }
    }
    if span.end > start {
        out.push(format!("{start} {}", span.end));
    }
    out.join(";")
}

fn covered(chars: &[char], span: Span) -> String {
    chars[span.start..span.end]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect()
}

/// The `.ann` text of one document.
pub fn ann(project: &Project, doc: &crate::model::DocumentId, coders: &[PersonId]) -> String {
    let text = project.texts.read(doc).unwrap_or_default();
    let chars: Vec<char> = text.chars().collect();
    let (mut t, mut r, mut a, mut n) = (0, 0, 0, 0);
    let mut out = String::new();
    for o in outgoing(project, doc, coders) {
        let q = o.quote;
        t += 1;
        let quote = t;
        let _ = writeln!(
            out,
            "T{quote}\tQuote {}\t{}",
            fragments(&chars, q.anchor.span),
            covered(&chars, q.anchor.span)
        );
        a += 1;
        let _ = writeln!(out, "A{a}\tKind T{quote} {}", q.kind.name());
        if let Some(s) = &q.speaker {
            a += 1;
            let _ = writeln!(out, "A{a}\tSpeaker_id T{quote} {s}");
        }
        for topic in &q.topics {
            a += 1;
            let _ = writeln!(out, "A{a}\tTopic_{} T{quote}", brat_name(topic.as_str()));
        }
        n += 1;
        let _ = writeln!(out, "#{n}\tAnnotatorNotes T{quote}\tcoder {}", q.coder);
        if let Some((m, _)) = o.mention {
            t += 1;
            let _ = writeln!(
                out,
                "T{t}\tSpeaker {}\t{}",
                fragments(&chars, m),
                covered(&chars, m)
            );
            r += 1;
            let _ = writeln!(out, "R{r}\tSaid_by Arg1:T{quote} Arg2:T{t}");
        }
        if let Some(c) = o.cue {
            t += 1;
            let _ = writeln!(
                out,
                "T{t}\tCue {}\t{}",
                fragments(&chars, c),
                covered(&chars, c)
            );
            r += 1;
            let _ = writeln!(out, "R{r}\tHas_cue Arg1:T{quote} Arg2:T{t}");
        }
    }
    out
}

/// A name brat accepts in a type: letters, digits, `_` and `-`.
fn brat_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes the folder: `annotation.conf`, and `ID.txt` with `ID.ann` for each document with
/// quotes of `coders` (everyone's if empty). Returns how many documents.
pub fn write(project: &Project, coders: &[PersonId], folder: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(folder)?;
    let docs = super::documents_with_quotes(project, coders);
    for d in &docs {
        let text = project.texts.read(&d.id).unwrap_or_default();
        crate::store::atomic::write_atomic(&folder.join(format!("{}.txt", d.id)), text.as_bytes())?;
        crate::store::atomic::write_atomic(
            &folder.join(format!("{}.ann", d.id)),
            ann(project, &d.id, coders).as_bytes(),
        )?;
    }
    crate::store::atomic::write_atomic(&folder.join("annotation.conf"), conf(project).as_bytes())?;
    Ok(docs.len())
}

/// brat's type declarations for these annotations.
pub fn conf(project: &Project) -> String {
    let mut out = String::from(
        "[entities]\nQuote\nSpeaker\nCue\n\n[relations]\nSaid_by Arg1:Quote, Arg2:Speaker\nHas_cue Arg1:Quote, Arg2:Cue\n<OVERLAP> Arg1:Quote, Arg2:Quote, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\nKind Arg:Quote, Value:direct|indirect|mixed\n",
    );
    let speakers: Vec<String> = project
        .manifest
        .speakers
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    if !speakers.is_empty() {
        let _ = writeln!(out, "Speaker_id Arg:Quote, Value:{}", speakers.join("|"));
    }
    for t in &project.manifest.codebook.topics {
        let _ = writeln!(out, "Topic_{} Arg:Quote", brat_name(t.id.as_str()));
    }
    out
}
