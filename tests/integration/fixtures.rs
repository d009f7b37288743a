//! Files written in earlier formats keep loading. `tests/fixtures/format-N/` is a project as
//! Naql wrote format N; when the format changes, the old fixture stays and this test shows that
//! migration reads it into the same content.

use naql::model::{PersonId, QuoteKind, Span, Verdict};
use naql::store::{FileKey, ProjectDir};
use std::path::Path;

#[test]
fn format_1_project_loads_with_every_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-1");
    let loaded = ProjectDir::open_with(&root, true).unwrap();
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

    let quote = &p.layers[&PersonId::new("sara")].quotes[0];
    assert_eq!(quote.anchor.text, "ما با ایران هستیم.");
    assert_eq!(
        quote.mention.as_ref().map(|a| a.span),
        Some(Span::new(0, 8))
    );
    assert_eq!(quote.cue.as_ref().map(|a| a.text.as_str()), Some("گفت"));
    assert_eq!(quote.kind, QuoteKind::Direct);
    assert_eq!(quote.topics.len(), 2);
    assert_eq!(quote.modified.to_string(), "2025-11-20T09:20:00.5Z");

    let review = &p.layers[&PersonId::new("editor")].reviews[0];
    assert_eq!(review.quote, quote.id);
    assert_eq!(review.verdict, Verdict::NeedsChanges);
    assert_eq!(review.comment, "مرز را تا «.» بکشید");
}

/// A format 1 project, where everyone wrote `project.ron`, opens in format 2: the first save by
/// a person writes their own files and upgrades `project.ron`'s version, and nothing else of it.
#[test]
fn format_1_project_is_upgraded_by_the_first_save_without_losing_anything() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-1");
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    for sub in ["", "annotations", "articles"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        for entry in std::fs::read_dir(fixture.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), root.join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    let before = std::fs::read_to_string(root.join("project.ron")).unwrap_or_default();
    let mut loaded = ProjectDir::open(&root).unwrap();
    let original = loaded.project.clone();
    let sara = PersonId::new("sara");
    loaded.dir.set_owner(Some(sara.clone()));
    if let Some(s) = loaded.project.manifest.speakers.first_mut() {
        s.aliases.push("Lukashenka".into());
    }
    // What a window saves: its coder's layer and registry changes.
    let written = loaded
        .dir
        .save(
            &mut loaded.project,
            &[FileKey::Manifest, FileKey::Layer(sara.clone())],
        )
        .unwrap();
    assert!(
        written.contains(&"people/sara.ron".to_owned()),
        "{written:?}"
    );
    let after = std::fs::read_to_string(root.join("project.ron")).unwrap_or_default();
    assert_eq!(
        after,
        before.replacen("format_version: 1,", "format_version: 2,", 1),
        "only the version of project.ron changes"
    );
    let reloaded = ProjectDir::open(&root).unwrap();
    assert!(reloaded.problems.is_empty(), "{:?}", reloaded.problems);
    for (person, layer) in &original.layers {
        let now = &reloaded.project.layers[person];
        assert_eq!((&now.quotes, &now.reviews), (&layer.quotes, &layer.reviews));
    }
    assert!(
        reloaded.project.manifest.speakers[0]
            .aliases
            .contains(&"Lukashenka".to_owned())
    );
}
