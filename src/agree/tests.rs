use super::*;
use crate::model::{Layer, Quote};
use proptest::prelude::*;

fn sample() -> Project {
    crate::sample::project().unwrap()
}

/// `sara`'s layer copied under another coder's name, each quote changed by `change`.
fn twin(p: &mut Project, name: &str, change: impl Fn(usize, &mut Quote)) {
    let sara = p.layers[&PersonId::new("sara")].clone();
    let mut layer = Layer::new(PersonId::new(name));
    for (i, q) in sara.quotes.iter().enumerate() {
        let mut q = q.clone();
        q.id = crate::model::QuoteId::new(format!("{name}-{i}"));
        q.coder = PersonId::new(name);
        change(i, &mut q);
        layer.quotes.push(q);
    }
    p.layers.insert(PersonId::new(name), layer.into());
}

fn figure<'a>(r: &'a [Figure], variable: &str) -> &'a Figure {
    r.iter()
        .find(|f| f.variable == variable)
        .unwrap_or_else(|| panic!("no {variable}"))
}

#[test]
fn identical_layers_agree_perfectly() {
    let mut p = sample();
    twin(&mut p, "twin", |_, _| {});
    let r = measure(&p, &[PersonId::new("sara"), PersonId::new("twin")]);
    assert_eq!(r.units, r.matched);
    assert!(r.documents >= 2);
    for v in [
        "unitizing",
        "boundaries",
        "speaker",
        "kind",
        "topic:bilateral",
    ] {
        let f = figure(&r.overall, v);
        assert_eq!(f.alpha, Some(1.0), "{v}");
        assert_eq!(f.reliability, Reliability::Reliable);
    }
    assert_eq!(figure(&r.overall, "kind").kappa, Some(1.0));
}

#[test]
fn disagreements_lower_the_figures_they_touch_only() {
    let mut p = sample();
    // Every third quote gets the other kind; spans and speakers stay.
    twin(&mut p, "twin", |i, q| {
        if i % 3 == 0 {
            q.kind = match q.kind {
                QuoteKind::Direct => QuoteKind::Indirect,
                _ => QuoteKind::Direct,
            };
        }
    });
    let r = measure(&p, &[PersonId::new("sara"), PersonId::new("twin")]);
    let kind = figure(&r.overall, "kind");
    assert!(kind.alpha.is_some_and(|a| a < 0.8), "{kind:?}");
    assert!(kind.kappa.is_some_and(|k| k < 0.8));
    assert_eq!(figure(&r.overall, "boundaries").alpha, Some(1.0));
    assert_eq!(figure(&r.overall, "speaker").alpha, Some(1.0));
}

#[test]
fn a_missed_quote_is_a_boundary_disagreement_and_an_unmatched_unit() {
    let mut p = sample();
    twin(&mut p, "twin", |_, _| {});
    let twin_layer = p
        .layer_mut(&PersonId::new("twin"))
        .unwrap_or_else(|| panic!());
    twin_layer.quotes.remove(1);
    let r = measure(&p, &[PersonId::new("sara"), PersonId::new("twin")]);
    assert_eq!(r.matched + 1, r.units);
    let b = figure(&r.overall, "boundaries").alpha.unwrap_or(1.0);
    assert!(b < 1.0 && b > 0.5, "{b}");
    let u = figure(&r.overall, "unitizing").alpha.unwrap_or(1.0);
    assert!(u < 1.0 && u > 0.5, "{u}");
}

#[test]
fn the_curated_layer_is_not_a_coder_by_default() {
    let mut p = sample();
    twin(&mut p, CURATED, |_, _| {});
    twin(&mut p, "omid", |_, _| {});
    let coders = default_coders(&p);
    assert!(coders.iter().all(|c| c.as_str() != CURATED));
    assert!(coders.iter().any(|c| c.as_str() == "omid"));
}

/// Per char, every coder's in/out value as a unit of its own: the definition the run-length
/// computation must agree with.
fn brute_force(len: usize, coders: &[Vec<(usize, usize)>]) -> Option<f64> {
    let coded: Vec<&Vec<(usize, usize)>> = coders.iter().filter(|s| !s.is_empty()).collect();
    krippendorff_nominal((0..len).map(|i| {
        coded
            .iter()
            .map(|spans| spans.iter().any(|&(a, b)| a <= i && i < b))
            .collect::<Vec<bool>>()
    }))
}

proptest! {
    #[test]
    fn char_level_alpha_equals_its_definition(
        len in 1usize..120,
        coders in proptest::collection::vec(
            proptest::collection::vec((0usize..120, 1usize..40), 0..5), 2..4),
    ) {
        let spans: Vec<Vec<(usize, usize)>> = coders
            .iter()
            .map(|c| c.iter().map(|&(s, l)| (s % len, (s % len + l).min(len))).collect())
            .collect();
        // Each coder's quotes as units, as `measure` makes them.
        let per_coder: Vec<Vec<(usize, usize)>> = spans
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| unitizing::units_of(s.clone(), len))
            .collect();
        let mut tally = Tally::default();
        boundaries(len, &per_coder, &mut tally);
        let expected = brute_force(len, &spans);
        match (tally.alpha(), expected) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
            (a, b) => prop_assert_eq!(a, b),
        }
    }
}
