//! Krippendorff's unitizing alpha (α_u) for one category, "quote", after Krippendorff (2004),
//! *Content Analysis*, 2nd ed., §12.4: how far coders agree on where the quotes of a text are,
//! judged by how their stretches of text overlap, not char by char.
//!
//! Each coder cuts the continuum (the document, `L` chars) into segments: their quotes (units)
//! and the gaps between them. Two segments of coders `i ≠ j` disagree by
//!
//! ```text
//! δ²(g, h) = (b_g − b_h)² + (e_g − e_h)²   both units, overlapping
//!          = l_g²                          g a unit lying inside the gap h
//!          = l_h²                          h a unit lying inside the gap g
//!          = 0                             otherwise
//! ```
//!
//! (`b` begin, `e` end, `l` length), and
//!
//! ```text
//! D_o = Σ_i Σ_{j≠i} Σ_g Σ_h δ²(g, h) / (m (m − 1) L²)
//! D_e = (2 / L) · Σ_units [ (N − 1)/3 · (2l³ − 3l² + l) + l² · Σ_{gaps h, l_h ≥ l} (l_h − l + 1) ]
//!       / ( mL (mL − 1) − Σ_units l (l − 1) )
//! α_u = 1 − D_o / D_e
//! ```
//!
//! with `m` coders and `N` units in all. The test reproduces the worked example of the book
//! (p. 254: D_o = 0.0144, D_e = 0.0532, α = 0.7286). Several documents are pooled by laying them
//! end to end, each document's gaps kept apart.

/// A coder's quotes in one document as sorted, non-overlapping `[start, end)` units (a coder's
/// own overlapping quotes merged; adjacent ones stay two units).
pub fn units_of(mut spans: Vec<(usize, usize)>, len: usize) -> Vec<(usize, usize)> {
    spans.sort();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        let (s, e) = (s.min(len), e.min(len));
        if s >= e {
            continue;
        }
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// A segment of one coder's continuum: a unit (a quote) or a gap.
#[derive(Clone, Copy, Debug)]
struct Segment {
    begin: i64,
    end: i64,
    unit: bool,
}

impl Segment {
    fn len(&self) -> i64 {
        self.end - self.begin
    }
}

/// Units and the gaps around them, covering `[0, len)`.
fn segments(units: &[(usize, usize)], len: usize) -> Vec<Segment> {
    let mut out = Vec::with_capacity(units.len() * 2 + 1);
    let mut at = 0i64;
    for &(s, e) in units {
        let (s, e) = (s as i64, e as i64);
        if s > at {
            out.push(Segment {
                begin: at,
                end: s,
                unit: false,
            });
        }
        out.push(Segment {
            begin: s,
            end: e,
            unit: true,
        });
        at = e;
    }
    if (len as i64) > at {
        out.push(Segment {
            begin: at,
            end: len as i64,
            unit: false,
        });
    }
    out
}

fn distance(g: &Segment, h: &Segment) -> f64 {
    let sq = |x: i64| (x * x) as f64;
    match (g.unit, h.unit) {
        (true, true) if -g.len() < g.begin - h.begin && g.begin - h.begin < h.len() => {
            sq(g.begin - h.begin) + sq(g.end - h.end)
        }
        (true, false) if h.begin <= g.begin && g.end <= h.end => sq(g.len()),
        (false, true) if g.begin <= h.begin && h.end <= g.end => sq(h.len()),
        _ => 0.0,
    }
}

/// Σ δ² over every pair of one coder's segments with another's (each pair once): segments that
/// do not overlap disagree by nothing, so one sweep along both continua finds every term.
fn pair_disagreement(a: &[Segment], b: &[Segment]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        sum += distance(&a[i], &b[j]);
        match a[i].end.cmp(&b[j].end) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// What α_u needs from one or more documents unitized by the same number of coders.
#[derive(Clone, Debug, Default)]
pub struct UnitizingTally {
    coders: usize,
    /// Σ over ordered pairs of coders of Σ δ².
    observed: f64,
    /// Total continuum length `L`.
    length: u64,
    unit_lengths: Vec<u64>,
    gap_lengths: Vec<u64>,
    /// Set when parts with different numbers of coders were merged: α_u is then undefined.
    mixed: bool,
}

impl UnitizingTally {
    /// One document of `len` chars; `coders` holds each coder's units (see [`units_of`]).
    pub fn document(coders: &[Vec<(usize, usize)>], len: usize) -> Self {
        let segs: Vec<Vec<Segment>> = coders.iter().map(|u| segments(u, len)).collect();
        let mut observed = 0.0;
        for i in 0..segs.len() {
            for j in i + 1..segs.len() {
                observed += 2.0 * pair_disagreement(&segs[i], &segs[j]);
            }
        }
        let mut t = UnitizingTally {
            coders: coders.len(),
            observed,
            length: len as u64,
            ..Self::default()
        };
        for s in segs.iter().flatten() {
            let l = s.len() as u64;
            if s.unit {
                t.unit_lengths.push(l);
            } else {
                t.gap_lengths.push(l);
            }
        }
        t
    }

    /// Adds another document, as if laid after the ones so far.
    pub fn merge(&mut self, other: &UnitizingTally) {
        if other.length == 0 {
            return;
        }
        if self.length == 0 {
            self.coders = other.coders;
        } else if self.coders != other.coders {
            self.mixed = true;
        }
        self.mixed |= other.mixed;
        self.observed += other.observed;
        self.length += other.length;
        self.unit_lengths.extend(&other.unit_lengths);
        self.gap_lengths.extend(&other.gap_lengths);
    }

    pub fn observed(&self) -> Option<f64> {
        let (m, l) = (self.coders as f64, self.length as f64);
        (self.coders >= 2 && self.length > 0).then(|| self.observed / (m * (m - 1.0) * l * l))
    }

    pub fn expected(&self) -> Option<f64> {
        if self.coders < 2 || self.length == 0 || self.unit_lengths.is_empty() {
            return None;
        }
        let (m, l) = (self.coders as f64, self.length as f64);
        let n = self.unit_lengths.len() as f64;
        // Gap lengths sorted, with suffix sums: Σ_{l_h ≥ l} (l_h − l + 1) in a binary search.
        let mut gaps = self.gap_lengths.clone();
        gaps.sort_unstable();
        let mut suffix = vec![0f64; gaps.len() + 1];
        for k in (0..gaps.len()).rev() {
            suffix[k] = suffix[k + 1] + gaps[k] as f64;
        }
        let mut sum = 0.0;
        let mut squares = 0.0;
        for &u in &self.unit_lengths {
            let x = u as f64;
            sum += (n - 1.0) / 3.0 * (2.0 * x * x * x - 3.0 * x * x + x);
            let from = gaps.partition_point(|&g| g < u);
            let count = (gaps.len() - from) as f64;
            sum += x * x * (suffix[from] - (x - 1.0) * count);
            squares += x * (x - 1.0);
        }
        let denominator = m * l * (m * l - 1.0) - squares;
        (denominator > 0.0).then(|| 2.0 / l * sum / denominator)
    }

    /// α_u, or `None` when undefined (fewer than two coders, no unit at all, parts with
    /// different numbers of coders).
    pub fn alpha(&self) -> Option<f64> {
        if self.mixed {
            return None;
        }
        let (o, e) = (self.observed()?, self.expected()?);
        (e > 0.0).then(|| 1.0 - o / e)
    }

    pub fn units(&self) -> usize {
        self.unit_lengths.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round4(x: Option<f64>) -> Option<f64> {
        x.map(|x| (x * 10_000.0).round() / 10_000.0)
    }

    /// Krippendorff (2004), *Content Analysis*, p. 254: a continuum from 150 to 450, category c;
    /// the book gives D_o = 0.0144, D_e = 0.0532, α_c = 0.7286. Shifted to start at 0.
    #[test]
    fn krippendorff_2004_worked_example() {
        let shift = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
            v.iter().map(|&(b, l)| (b - 150, b - 150 + l)).collect()
        };
        let i = shift(&[(225, 70), (370, 30)]);
        let j = shift(&[(220, 80), (355, 20), (400, 20)]);
        let t = UnitizingTally::document(&[i, j], 300);
        assert_eq!(round4(t.observed()), Some(0.0144));
        assert_eq!(round4(t.expected()), Some(0.0532));
        assert_eq!(round4(t.alpha()), Some(0.7286));
    }

    #[test]
    fn the_distances_of_the_worked_example() {
        let unit = |b: i64, l: i64| Segment {
            begin: b,
            end: b + l,
            unit: true,
        };
        let gap = |b: i64, l: i64| Segment {
            begin: b,
            end: b + l,
            unit: false,
        };
        assert_eq!(distance(&unit(225, 70), &unit(220, 80)), 50.0);
        assert_eq!(distance(&unit(370, 30), &unit(355, 20)), 850.0);
        assert_eq!(distance(&gap(400, 50), &unit(400, 20)), 400.0);
        assert_eq!(
            distance(&unit(370, 30), &unit(400, 20)),
            0.0,
            "touching is not overlapping"
        );
    }

    #[test]
    fn identical_unitizing_agrees_perfectly() {
        let u = vec![(10, 40), (60, 90)];
        let t = UnitizingTally::document(&[u.clone(), u.clone(), u], 200);
        assert_eq!(t.observed(), Some(0.0));
        assert_eq!(t.alpha(), Some(1.0));
    }

    #[test]
    fn one_long_quote_against_two_short_ones_is_a_disagreement() {
        let one = vec![(10, 90)];
        let two = vec![(10, 50), (50, 90)];
        let t = UnitizingTally::document(&[one, two], 200);
        assert!(t.alpha().is_some_and(|a| a < 0.9), "{:?}", t.alpha());
    }

    #[test]
    fn units_merge_overlaps_but_not_neighbours() {
        assert_eq!(
            units_of(vec![(50, 60), (0, 10), (5, 20), (20, 30)], 100),
            vec![(0, 20), (20, 30), (50, 60)]
        );
    }
}
