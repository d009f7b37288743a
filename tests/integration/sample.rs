//! The bundled sample project is complete, valid, canonical, and what the binary embeds.

use naql::model::Language;
use naql::store::ProjectDir;
use std::collections::BTreeSet;
use std::path::Path;

use crate::common;

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
    let loaded = ProjectDir::open_with(sample_dir(), true).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    // Saving writes nothing: the files are exactly what Naql writes.
    let tmp = tempfile::tempdir().unwrap();
    naql::sample::install(tmp.path()).unwrap();
    let mut copy = ProjectDir::open(tmp.path()).unwrap();
    assert_eq!(
        copy.dir.save_all(&mut copy.project).unwrap(),
        Vec::<String>::new()
    );
}

/// SHA-256 of the team's five shared corpus articles, as they were handed to the project.
const SHARED_CORPUS: [(&str, &str); 5] = [
    (
        "000_13e0dc0d1b2b0156.txt",
        "63ada6a9024ae25c0878fe27107c9a38fb82d5d12284dab62b493563ca884f95",
    ),
    (
        "001_f29377c14a794afe.txt",
        "15afc55ca69e967e501de1910b142f0f5773ee5eefac48179cfbbb0ab64421d7",
    ),
    (
        "002_c6b224872927b575.txt",
        "dd3a91a5a3bbef451cc6ad2c40fcd4f08c67f46fb32cdb8bdbc1c9567101f7e8",
    ),
    (
        "003_5bb3f30f2253b840.txt",
        "246acd81db49a7a51f8ca51a653c189862a8c565eb509865fd18820cf83fc282",
    ),
    (
        "004_b85c5de6765a524c.txt",
        "144ac59b5af9ef4144949e1962f0306ff1c5c1a0895275950d3d832e2cba9bd3",
    ),
];

#[test]
fn sample_articles_are_the_shared_corpus_verbatim() {
    let loaded = ProjectDir::open(sample_dir()).unwrap();
    let docs = &loaded.project.manifest.documents;
    assert_eq!(docs.len(), SHARED_CORPUS.len());
    for (file_name, sha) in SHARED_CORPUS {
        let doc = docs
            .iter()
            .find(|d| d.file_name == file_name)
            .unwrap_or_else(|| panic!("{file_name} is in the sample"));
        let text = loaded.project.texts.read(&doc.id).unwrap().to_string();
        assert_eq!(naql::model::validate::sha256_hex(&text), sha, "{file_name}");
        // The articles the other tests read are these same files.
        let copy = std::fs::read_to_string(common::corpus_dir().join(file_name));
        assert_eq!(copy.ok().as_ref(), Some(&text), "{file_name}");
    }
    // Where the team's corpus is at hand, it is compared too.
    if let Some(extra) = common::extra_corpus_dir() {
        for (file_name, _) in SHARED_CORPUS {
            if let Ok(original) = std::fs::read_to_string(extra.join(file_name)) {
                let doc = docs.iter().find(|d| d.file_name == file_name);
                let text = doc.map(|d| loaded.project.texts.read(&d.id).unwrap().to_string());
                assert_eq!(text, Some(original), "{file_name}");
            }
        }
    }
}

#[test]
fn sample_coding_is_real() {
    let loaded = ProjectDir::open(sample_dir()).unwrap();
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
