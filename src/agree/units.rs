//! Matching quotes across coders into units: the same statement tagged by several coders, each
//! with their own boundaries, becomes one unit with one quote per coder.
//!
//! Within a document, every pair of overlapping quotes by different coders is a candidate, scored
//! by the overlap of their spans over their union (Jaccard, in chars). Candidates are taken best
//! first; two groups join when they share no coder, so a unit never holds two quotes of the same
//! coder, and a quote that overlaps two of another coder's quotes goes with the closer one.

use crate::model::{DocumentId, PersonId, Quote, Span};

/// One statement as the coders tagged it.
#[derive(Clone, Debug)]
pub struct Unit<'a> {
    pub document: &'a DocumentId,
    /// From the first char any coder included to the last.
    pub span: Span,
    /// One quote per coder who tagged it, as (index into the coder list, quote), by coder.
    pub quotes: Vec<(usize, &'a Quote)>,
}

impl<'a> Unit<'a> {
    /// The quote of coder `c`, if they tagged this unit.
    pub fn of(&self, c: usize) -> Option<&'a Quote> {
        self.quotes.iter().find(|(i, _)| *i == c).map(|(_, q)| *q)
    }
}

/// Overlap over union of two spans, in chars: 1 for identical spans, 0 for disjoint ones.
pub fn jaccard(a: Span, b: Span) -> f64 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = a.end.max(b.end) - a.start.min(b.start);
    if union == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    inter as f64 / union as f64
}

/// Groups one document's quotes into units. `quotes` are (coder index, quote); the result is in
/// reading order.
pub fn match_document<'a>(
    document: &'a DocumentId,
    quotes: &[(usize, &'a Quote)],
) -> Vec<Unit<'a>> {
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    order.sort_by_key(|&i| quotes[i].1.anchor.span);
    // Candidates: overlapping pairs of different coders. Sweep in start order; a quote can only
    // overlap later quotes that start before it ends.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let a = quotes[i].1.anchor.span;
        for &j in &order[k + 1..] {
            let b = quotes[j].1.anchor.span;
            if b.start >= a.end {
                break;
            }
            if quotes[i].0 != quotes[j].0 {
                candidates.push((jaccard(a, b), i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    // Union-find over quotes, each group remembering its coders.
    let mut parent: Vec<usize> = (0..quotes.len()).collect();
    let mut coders: Vec<Vec<usize>> = quotes.iter().map(|(c, _)| vec![*c]).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (_, i, j) in candidates {
        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
        if ri == rj || coders[ri].iter().any(|c| coders[rj].contains(c)) {
            continue;
        }
        parent[rj] = ri;
        let moved = std::mem::take(&mut coders[rj]);
        coders[ri].extend(moved);
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); quotes.len()];
    for &i in &order {
        let r = root(&mut parent, i);
        groups[r].push(i);
    }
    let mut units: Vec<Unit<'a>> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| {
            let mut members: Vec<(usize, &Quote)> = g.iter().map(|&i| quotes[i]).collect();
            members.sort_by_key(|(c, _)| *c);
            let start = members
                .iter()
                .map(|(_, q)| q.anchor.span.start)
                .min()
                .unwrap_or(0);
            let end = members
                .iter()
                .map(|(_, q)| q.anchor.span.end)
                .max()
                .unwrap_or(0);
            Unit {
                document,
                span: Span::new(start, end),
                quotes: members,
            }
        })
        .collect();
    units.sort_by_key(|u| (u.span.start, u.span.end));
    units
}

/// The coders' quotes of each document, for the given coders, keyed by document.
pub fn by_document<'a>(
    project: &'a crate::model::Project,
    coders: &[PersonId],
) -> std::collections::BTreeMap<&'a DocumentId, Vec<(usize, &'a Quote)>> {
    let mut out: std::collections::BTreeMap<&DocumentId, Vec<(usize, &Quote)>> = Default::default();
    for (c, person) in coders.iter().enumerate() {
        if let Some(layer) = project.layers.get(person) {
            for q in &layer.quotes {
                out.entry(&q.document).or_default().push((c, q));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, QuoteId, QuoteKind};

    fn quote(id: &str, coder: &str, start: usize, end: usize) -> Quote {
        let t = jiff::Timestamp::UNIX_EPOCH;
        Quote {
            id: QuoteId::new(id),
            document: DocumentId::new("d"),
            anchor: Anchor {
                span: Span::new(start, end),
                text: "x".repeat(end - start),
            },
            speaker: None,
            mention: None,
            cue: None,
            kind: QuoteKind::Direct,
            topics: vec![],
            note: String::new(),
            source: None,
            coder: PersonId::new(coder),
            created: t,
            modified: t,
        }
    }

    #[test]
    fn overlapping_quotes_of_different_coders_match_best_first() {
        let doc = DocumentId::new("d");
        let a1 = quote("a1", "a", 0, 10);
        let a2 = quote("a2", "a", 12, 30);
        let b1 = quote("b1", "b", 2, 10); // overlaps a1 well
        let b2 = quote("b2", "b", 8, 28); // overlaps a1 a little, a2 well
        let c1 = quote("c1", "c", 50, 60); // nobody else
        let quotes = [(0, &a1), (0, &a2), (1, &b1), (1, &b2), (2, &c1)];
        let units = match_document(&doc, &quotes);
        let ids: Vec<Vec<&str>> = units
            .iter()
            .map(|u| u.quotes.iter().map(|(_, q)| q.id.as_str()).collect())
            .collect();
        assert_eq!(ids, vec![vec!["a1", "b1"], vec!["a2", "b2"], vec!["c1"]]);
        assert_eq!(units[1].span, Span::new(8, 30));
    }

    #[test]
    fn a_unit_never_holds_two_quotes_of_one_coder() {
        let doc = DocumentId::new("d");
        let a1 = quote("a1", "a", 0, 10);
        let a2 = quote("a2", "a", 10, 20);
        let b1 = quote("b1", "b", 0, 20);
        let units = match_document(&doc, &[(0, &a1), (0, &a2), (1, &b1)]);
        assert_eq!(units.len(), 2);
        assert!(units.iter().all(|u| u.quotes.len() <= 2));
        assert_eq!(units.iter().filter(|u| u.quotes.len() == 2).count(), 1);
    }

    #[test]
    fn jaccard_of_spans() {
        assert_eq!(jaccard(Span::new(0, 10), Span::new(0, 10)), 1.0);
        assert_eq!(jaccard(Span::new(0, 10), Span::new(5, 15)), 5.0 / 15.0);
        assert_eq!(jaccard(Span::new(0, 10), Span::new(10, 15)), 0.0);
    }
}
