//! Offsets in code points and UTF-16 units; a span that matches neither is reported.

use super::spans::Offsets;

#[test]
fn either_reading_is_taken_when_it_yields_the_text() {
    // An emoji before the span: one code point, two UTF-16 units.
    let text = "خبر 😀 لوکاشنکو گفت";
    let o = Offsets::new(text);
    let start = text.chars().position(|c| c == 'ل').unwrap_or(0);
    let want = "لوکاشنکو";
    let (span, utf16) = o.resolve(start, start + 8, Some(want)).unwrap();
    assert_eq!((span.start, span.end, utf16), (start, start + 8, false));
    // The same span in UTF-16 units is one further on.
    let (span, utf16) = o.resolve(start + 1, start + 9, Some(want)).unwrap();
    assert_eq!((span.start, span.end, utf16), (start, start + 8, true));
    // Neither reading gives the text: reported.
    assert!(o.resolve(start + 2, start + 10, Some(want)).is_err());
    assert!(o.resolve(0, 100, None).is_err());
}

#[test]
fn imported_spans_lose_their_blank_ends() {
    use crate::model::{Manifest, PersonId, Project};
    let project = Project::new(Manifest::new("t"));
    let text = "لوکاشنکو گفت: ما شریک هستیم ";
    let start = text.chars().position(|c| c == ':').unwrap_or(0) + 1;
    let end = text.chars().count();
    let doc = super::ForeignDoc {
        place: "line 1".into(),
        text: text.into(),
        spans: vec![super::ForeignSpan {
            start,
            end,
            labels: vec!["direct".into()],
            ..Default::default()
        }],
        ..Default::default()
    };
    let out = super::to_quotes(
        &project,
        &[doc],
        &PersonId::new("x"),
        &super::LabelMap::default(),
    );
    assert_eq!(out.quotes.len(), 1);
    assert_eq!(out.quotes[0].anchor.text, "ما شریک هستیم");
}
