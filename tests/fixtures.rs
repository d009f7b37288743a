//! Files written in earlier formats keep loading. `tests/fixtures/format-N/` is a project as
//! Naql wrote format N; when the format changes, the old fixture stays and this test shows that
//! migration reads it into the same content.

use naql::model::{PersonId, QuoteKind, Span, Verdict};
use naql::store::ProjectDir;
use std::path::Path;

#[test]
fn format_1_project_loads_with_every_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-1");
    let loaded = ProjectDir::open_with(&root, true).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let p = &loaded.project;

    let topics = &p.manifest.codebook.topics;
    assert_eq!(
        topics[1].parent.as_ref().map(|t| t.as_str()),
        Some("bilateral")
    );
    assert_eq!(topics[0].shortcut, Some('1'));
    assert_eq!(
        p.manifest.documents[0].date.map(|d| d.to_string()),
        Some("2024-09-13".into())
    );

    let quote = &p.layers[&PersonId("sara".into())].quotes[0];
    assert_eq!(quote.anchor.text, "ما با ایران هستیم.");
    assert_eq!(
        quote.mention.as_ref().map(|a| a.span),
        Some(Span::new(0, 8))
    );
    assert_eq!(quote.cue.as_ref().map(|a| a.text.as_str()), Some("گفت"));
    assert_eq!(quote.kind, QuoteKind::Direct);
    assert_eq!(quote.topics.len(), 2);
    assert_eq!(quote.modified.to_string(), "2025-11-20T09:20:00.5Z");

    let review = &p.layers[&PersonId("editor".into())].reviews[0];
    assert_eq!(review.quote, quote.id);
    assert_eq!(review.verdict, Verdict::NeedsChanges);
    assert_eq!(review.comment, "مرز را تا «.» بکشید");
}
