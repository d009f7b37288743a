//! How good the suggestions are, against a coder's layer: each coded document is held out in
//! turn (its own quotes are not learned from), its suggestions are matched one-to-one with the
//! coder's quotes, and precision, recall and F1 are counted at two levels:
//! - *overlap*: a suggestion and a quote share at least one char (greatest overlap first);
//! - *exact*: the same span, ignoring a final full stop, commas and quotation marks at the ends
//!   (coders differ on those, readers do not).
//!
//! For the overlapping pairs: whether the cue, the mention and the speaker are the coder's
//! (cue and mention: the same span; speaker: the same id, where the coder's is in the registry).

use super::{Rejection, Suggester, Suggestion};
use crate::model::{DocumentId, Language, PersonId, Project, Quote, Span};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Counts {
    pub documents: usize,
    pub gold: usize,
    pub suggested: usize,
    pub overlap: usize,
    pub exact: usize,
    pub cue_total: usize,
    pub cue_right: usize,
    pub mention_total: usize,
    pub mention_right: usize,
    pub speaker_total: usize,
    pub speaker_right: usize,
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    fn prf(&self, matched: usize) -> Prf {
        let precision = ratio(matched, self.suggested);
        let recall = ratio(matched, self.gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
    pub fn overlap_prf(&self) -> Prf {
        self.prf(self.overlap)
    }
    pub fn exact_prf(&self) -> Prf {
        self.prf(self.exact)
    }
    pub fn cue_accuracy(&self) -> f64 {
        ratio(self.cue_right, self.cue_total)
    }
    pub fn mention_accuracy(&self) -> f64 {
        ratio(self.mention_right, self.mention_total)
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_right, self.speaker_total)
    }
    fn add(&mut self, o: &Counts) {
        self.documents += o.documents;
        self.gold += o.gold;
        self.suggested += o.suggested;
        self.overlap += o.overlap;
        self.exact += o.exact;
        self.cue_total += o.cue_total;
        self.cue_right += o.cue_right;
        self.mention_total += o.mention_total;
        self.mention_right += o.mention_right;
        self.speaker_total += o.speaker_total;
        self.speaker_right += o.speaker_right;
    }
}

/// The evaluation of one coder's layer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub coder: String,
    pub threshold: f32,
    pub overall: Counts,
    /// By the documents' language code ("fa", "ar").
    pub by_language: BTreeMap<String, Counts>,
    pub by_document: BTreeMap<String, Counts>,
}

/// The span without what coders disagree on at its ends: spaces, a full stop, commas,
/// quotation marks. Two spans with the same core are the same words to a reader.
pub fn core(text: &[char], span: Span) -> Span {
    let skip = |c: char| {
        c.is_whitespace() || matches!(c, '.' | '،' | ',' | '«' | '»' | '"' | '“' | '”' | '؛')
    };
    let (mut s, mut e) = (span.start.min(text.len()), span.end.min(text.len()));
    while s < e && skip(text[s]) {
        s += 1;
    }
    while e > s && skip(text[e - 1]) {
        e -= 1;
    }
    Span::new(s, e)
}

/// Compares one document's suggestions with the coder's quotes.
pub fn compare(
    project: &Project,
    text: &str,
    gold: &[&Quote],
    suggested: &[&Suggestion],
) -> Counts {
    let chars: Vec<char> = text.chars().collect();
    let mut c = Counts {
        documents: 1,
        gold: gold.len(),
        suggested: suggested.len(),
        ..Counts::default()
    };
    // Pairs by overlap, greatest first; each side used once.
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (si, s) in suggested.iter().enumerate() {
            let o = g.anchor.span.end.min(s.span.end) as isize
                - g.anchor.span.start.max(s.span.start) as isize;
            if o > 0 {
                pairs.push((o, gi, si));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut sugg_used = vec![false; suggested.len()];
    for (_, gi, si) in pairs {
        if gold_used[gi] || sugg_used[si] {
            continue;
        }
        gold_used[gi] = true;
        sugg_used[si] = true;
        let (g, s) = (gold[gi], suggested[si]);
        c.overlap += 1;
        if core(&chars, g.anchor.span) == core(&chars, s.span) {
            c.exact += 1;
        }
        if let Some(cue) = &g.cue {
            c.cue_total += 1;
            c.cue_right += usize::from(s.cue == Some(cue.span));
        }
        if let Some(m) = &g.mention {
            c.mention_total += 1;
            c.mention_right += usize::from(s.mention == Some(m.span));
        }
        if let Some(sp) = &g.speaker
            && project.manifest.speakers.iter().any(|x| &x.id == sp)
        {
            c.speaker_total += 1;
            c.speaker_right += usize::from(s.speaker.as_ref() == Some(sp));
        }
    }
    c
}

/// Leave-one-document-out evaluation of the suggestions at or above `threshold` against
/// `coder`'s layer, over the documents that coder has quotes in.
pub fn leave_one_out(
    project: &Project,
    coder: &PersonId,
    threshold: f32,
    rejections: &[Rejection],
) -> Option<Report> {
    let layer = project.layers.get(coder)?;
    let mut by_doc: BTreeMap<&DocumentId, Vec<&Quote>> = BTreeMap::new();
    for q in &layer.quotes {
        if !project.orphans.contains_key(&q.id) {
            by_doc.entry(&q.document).or_default().push(q);
        }
    }
    let docs: Vec<(&DocumentId, Vec<&Quote>)> = by_doc.into_iter().collect();
    let results = crate::parallel::map(&docs, |(doc, gold)| {
        let text = project.texts.read(doc).unwrap_or_default();
        let text = &*text;
        let language = project
            .manifest
            .documents
            .iter()
            .find(|d| &d.id == *doc)
            .map_or(Language::Other, |d| d.language);
        let suggester = Suggester::learn(project, Some(doc), rejections);
        let found = suggester.suggest(doc, text, language);
        let shown: Vec<&Suggestion> = found.iter().filter(|s| s.score >= threshold).collect();
        (language, compare(project, text, gold, &shown))
    });
    let mut report = Report {
        coder: coder.to_string(),
        threshold,
        ..Report::default()
    };
    for ((doc, _), (language, counts)) in docs.iter().zip(&results) {
        report.overall.add(counts);
        report
            .by_language
            .entry(language.code().to_owned())
            .or_default()
            .add(counts);
        report.by_document.insert(doc.to_string(), counts.clone());
    }
    Some(report)
}

/// The report as a table for the terminal.
pub fn render(r: &Report) -> String {
    let mut out = format!(
        "suggestions against {}'s quotes, each document held out (threshold {:.2})\n",
        r.coder, r.threshold
    );
    out.push_str(
        "                 docs  gold  sugg   overlap P / R / F1      exact P / R / F1     cue   mention speaker\n",
    );
    let row = |name: &str, c: &Counts| {
        let (o, e) = (c.overlap_prf(), c.exact_prf());
        format!(
            "{name:<16} {:>4} {:>5} {:>5}   {:.2} / {:.2} / {:.2}    {:.2} / {:.2} / {:.2}    {:.2}  {:.2}    {:.2}\n",
            c.documents,
            c.gold,
            c.suggested,
            o.precision,
            o.recall,
            o.f1,
            e.precision,
            e.recall,
            e.f1,
            c.cue_accuracy(),
            c.mention_accuracy(),
            c.speaker_accuracy()
        )
    };
    out.push_str(&row("all", &r.overall));
    for (lang, c) in &r.by_language {
        out.push_str(&row(lang, c));
    }
    for (doc, c) in &r.by_document {
        out.push_str(&row(doc, c));
    }
    out
}
