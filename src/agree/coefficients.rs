//! The reliability coefficients themselves, over a plain reliability data matrix: one row per
//! unit, one optional value per coder. Nothing here knows about quotes.
//!
//! Krippendorff's alpha (nominal) follows "Computing Krippendorff's Alpha-Reliability"
//! (Krippendorff 2011): values are pooled into a coincidence matrix in which a unit coded by
//! `m_u` coders contributes `1 / (m_u - 1)` for each ordered pair of its values, so units coded by
//! one coder only drop out and missing values need no imputation. Then
//!
//! ```text
//! α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k
//! ```
//!
//! with `o_ck` the coincidences, `n_c` their marginals and `n` the number of pairable values.

use std::collections::HashMap;
use std::hash::Hash;

/// Coincidences pooled so far, for Krippendorff's alpha (nominal). Tallies of parts (documents)
/// merge into the tally of the whole, so per-document and overall figures come from one pass.
#[derive(Clone, Debug)]
pub struct Tally<V> {
    /// Σ_{c≠k} o_ck: the observed disagreeing coincidences.
    observed: f64,
    /// n_c: the pairable values of each kind.
    totals: HashMap<V, f64>,
}

impl<V: Eq + Hash> Default for Tally<V> {
    fn default() -> Self {
        Self {
            observed: 0.0,
            totals: HashMap::new(),
        }
    }
}

impl<V: Eq + Hash + Clone> Tally<V> {
    /// Adds `times` units whose values are `counts` (each value with how many coders gave it).
    /// A unit with fewer than two values is not pairable and adds nothing.
    pub fn add_counts(&mut self, counts: &[(V, usize)], times: usize) {
        let m: usize = counts.iter().map(|(_, c)| c).sum();
        if m < 2 || times == 0 {
            return;
        }
        let same: usize = counts.iter().map(|(_, c)| c * c).sum();
        self.observed += times as f64 * (m * m - same) as f64 / (m - 1) as f64;
        for (v, c) in counts {
            *self.totals.entry(v.clone()).or_default() += (c * times) as f64;
        }
    }

    /// Adds one unit given by its values, one per coder who coded it.
    pub fn add_unit(&mut self, values: impl IntoIterator<Item = V>) {
        let mut counts: Vec<(V, usize)> = Vec::new();
        for v in values {
            match counts.iter_mut().find(|(w, _)| *w == v) {
                Some((_, c)) => *c += 1,
                None => counts.push((v, 1)),
            }
        }
        self.add_counts(&counts, 1);
    }

    pub fn merge(&mut self, other: &Tally<V>) {
        self.observed += other.observed;
        for (v, c) in &other.totals {
            *self.totals.entry(v.clone()).or_default() += c;
        }
    }

    /// The number of pairable values, `n`.
    pub fn pairable(&self) -> usize {
        self.totals.values().sum::<f64>().round() as usize
    }

    /// α, or `None` when undefined: fewer than two pairable values, or no variation at all
    /// (every pairable value the same), where the expected disagreement is zero.
    pub fn alpha(&self) -> Option<f64> {
        let n: f64 = self.totals.values().sum();
        let expected = n * n - self.totals.values().map(|c| c * c).sum::<f64>();
        if n < 2.0 || expected <= 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * self.observed / expected)
    }
}

/// Krippendorff's alpha for nominal data. `units` holds each unit's values, one per coder who
/// coded it (missing values simply left out).
pub fn krippendorff_nominal<V, U, I>(units: U) -> Option<f64>
where
    V: Eq + Hash + Clone,
    U: IntoIterator<Item = I>,
    I: IntoIterator<Item = V>,
{
    let mut tally = Tally::default();
    for unit in units {
        tally.add_unit(unit);
    }
    tally.alpha()
}

/// Cohen's kappa for two coders over the units both coded: `(p_o − p_e) / (1 − p_e)`, with `p_e`
/// from each coder's own marginal distribution. `None` when no unit is coded by both, or when
/// chance agreement is already perfect (`p_e = 1`).
pub fn cohen_kappa<V: Eq + Hash>(pairs: impl IntoIterator<Item = (V, V)>) -> Option<f64> {
    let mut first: HashMap<V, usize> = HashMap::new();
    let mut second: HashMap<V, usize> = HashMap::new();
    let (mut n, mut agree) = (0usize, 0usize);
    for (a, b) in pairs {
        n += 1;
        if a == b {
            agree += 1;
        }
        *first.entry(a).or_default() += 1;
        *second.entry(b).or_default() += 1;
    }
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let p_o = agree as f64 / n;
    let p_e: f64 = first
        .iter()
        .map(|(v, a)| (*a as f64 / n) * (second.get(v).copied().unwrap_or(0) as f64 / n))
        .sum();
    if p_e >= 1.0 {
        return None;
    }
    Some((p_o - p_e) / (1.0 - p_e))
}

/// How far a coefficient can be relied on, by the customary thresholds (Krippendorff 2004,
/// §11.4.4): α ≥ 0.800 reliable; ≥ 0.667 for tentative conclusions only; below, unreliable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    Reliable,
    Tentative,
    Unreliable,
    /// Not computable: too few pairable values or no variation.
    Undefined,
}

impl Reliability {
    pub fn of(alpha: Option<f64>) -> Self {
        match alpha {
            None => Reliability::Undefined,
            Some(a) if a >= 0.800 => Reliability::Reliable,
            Some(a) if a >= 0.667 => Reliability::Tentative,
            Some(_) => Reliability::Unreliable,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Reliability::Reliable => "reliable",
            Reliability::Tentative => "tentative",
            Reliability::Unreliable => "unreliable",
            Reliability::Undefined => "undefined",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round3(x: Option<f64>) -> Option<f64> {
        x.map(|x| (x * 1000.0).round() / 1000.0)
    }

    /// Units as columns of a coders × units table, `None` for a missing value.
    fn columns(rows: &[&[Option<u8>]]) -> Vec<Vec<u8>> {
        let width = rows[0].len();
        (0..width)
            .map(|u| rows.iter().filter_map(|r| r[u]).collect())
            .collect()
    }

    /// Krippendorff (2011), section A: binary data, two observers, no missing data; the paper
    /// gives α = 0.095.
    #[test]
    fn krippendorff_2011_binary_two_observers() {
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0].map(Some);
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0].map(Some);
        let units = columns(&[&a, &b]);
        assert_eq!(round3(krippendorff_nominal(units)), Some(0.095));
    }

    /// Krippendorff (2011), section C: nominal data, four observers, twelve units, missing
    /// values; the paper gives α = 0.743.
    #[test]
    fn krippendorff_2011_nominal_four_observers_missing_data() {
        let n = None;
        let a = [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(1),
            Some(4),
            Some(1),
            Some(2),
            n,
            n,
            n,
        ];
        let b = [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(2),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            n,
            Some(3),
        ];
        let c = [
            n,
            Some(3),
            Some(3),
            Some(3),
            Some(2),
            Some(3),
            Some(4),
            Some(2),
            Some(2),
            Some(5),
            Some(1),
            n,
        ];
        let d = [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(4),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            Some(1),
            n,
        ];
        let units = columns(&[&a, &b, &c, &d]);
        assert_eq!(round3(krippendorff_nominal(units)), Some(0.743));
    }

    /// Cohen (1960) as worked in the Wikipedia article "Cohen's kappa" (simple example): 50
    /// proposals, both readers yes 20, A yes B no 5, A no B yes 10, both no 15 → κ = 0.4.
    #[test]
    fn cohen_kappa_worked_example() {
        let mut pairs = Vec::new();
        pairs.extend(std::iter::repeat_n(("yes", "yes"), 20));
        pairs.extend(std::iter::repeat_n(("yes", "no"), 5));
        pairs.extend(std::iter::repeat_n(("no", "yes"), 10));
        pairs.extend(std::iter::repeat_n(("no", "no"), 15));
        assert_eq!(round3(cohen_kappa(pairs)), Some(0.4));
    }

    #[test]
    fn perfect_agreement_is_one_and_no_variation_is_undefined() {
        let units = vec![vec![1, 1], vec![2, 2], vec![3, 3, 3]];
        assert_eq!(krippendorff_nominal(units), Some(1.0));
        assert_eq!(krippendorff_nominal(vec![vec![1, 1], vec![1, 1]]), None);
        assert_eq!(krippendorff_nominal(vec![vec![1], vec![2]]), None);
        assert_eq!(cohen_kappa([(1, 1), (2, 2)]), Some(1.0));
        assert_eq!(cohen_kappa(std::iter::empty::<(u8, u8)>()), None);
    }

    #[test]
    fn thresholds() {
        assert_eq!(Reliability::of(Some(0.8)), Reliability::Reliable);
        assert_eq!(Reliability::of(Some(0.7999)), Reliability::Tentative);
        assert_eq!(Reliability::of(Some(0.667)), Reliability::Tentative);
        assert_eq!(Reliability::of(Some(0.6)), Reliability::Unreliable);
        assert_eq!(Reliability::of(None), Reliability::Undefined);
    }
}
