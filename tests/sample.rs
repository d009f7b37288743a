//! The bundled sample project is complete, valid, canonical, and what the binary embeds.

use naql::model::{Document, Language};
use naql::store::ProjectDir;
use std::collections::BTreeSet;
use std::path::Path;

mod common;

fn sample_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/belarus-iran"
    ))
}

#[test]
fn embedded_files_are_exactly_the_folder() {
    let mut on_disk = BTreeSet::new();
    for sub in ["", "annotations", "articles"] {
        for e in std::fs::read_dir(sample_dir().join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            if e.path().is_file() {
                let rel = Path::new(sub).join(e.file_name());
                on_disk.insert(rel.to_string_lossy().into_owned());
            }
        }
    }
    let embedded: BTreeSet<String> = naql::sample::FILES
        .iter()
        .map(|(p, _)| (*p).to_owned())
        .collect();
    assert_eq!(embedded, on_disk);
    for (rel, content) in naql::sample::FILES {
        assert_eq!(
            std::fs::read_to_string(sample_dir().join(rel)).unwrap_or_default(),
            *content
        );
    }
}

#[test]
fn sample_is_valid_and_in_canonical_form() {
    let loaded = ProjectDir::open_with(sample_dir(), true).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    // Saving writes nothing: the files are exactly what Naql writes.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    naql::sample::install(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut copy = ProjectDir::open(tmp.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        copy.dir
            .save_all(&copy.project)
            .unwrap_or_else(|e| panic!("{e}")),
        Vec::<String>::new()
    );
}

#[test]
fn sample_articles_are_the_shared_corpus_verbatim() {
    let corpus = common::corpus_dir();
    let loaded = ProjectDir::open(sample_dir()).unwrap_or_else(|e| panic!("{e}"));
    for Document { id, file_name, .. } in &loaded.project.manifest.documents {
        let original = std::fs::read_to_string(corpus.join(file_name)).unwrap_or_default();
        assert_eq!(loaded.project.texts[id], original, "{id}");
    }
}

#[test]
fn sample_coding_is_real() {
    let loaded = ProjectDir::open(sample_dir()).unwrap_or_else(|e| panic!("{e}"));
    let p = &loaded.project;
    let coded: BTreeSet<_> = p.quotes().map(|(_, q)| q.document.as_str()).collect();
    assert!(coded.len() >= 2);
    assert!(
        p.manifest
            .documents
            .iter()
            .any(|d| d.language == Language::Arabic && coded.contains(d.id.as_str()))
    );
    for (_, q) in p.quotes() {
        // Every quote has its cue or a note saying why not, and direct quotes in «» are coded
        // without the guillemets.
        assert!(q.cue.is_some() || !q.note.is_empty(), "{}", q.id);
        assert!(!q.anchor.text.starts_with('«') && !q.anchor.text.ends_with('»'));
    }
    let lukashenko = p
        .manifest
        .speakers
        .iter()
        .find(|s| s.id.as_str() == "lukashenko");
    let names: Vec<&str> = lukashenko.map(|s| s.names().collect()).unwrap_or_default();
    for spelling in [
        "لوکاشنکو",
        "ألكسندر لوكاشينكو",
        "Lukashenko",
        "رئیس\u{200c}جمهور بلاروس",
    ] {
        assert!(names.contains(&spelling), "{spelling}");
    }
}
