//! Annotations to and from doccano, Label Studio and brat. Round trips give the same quotes;
//! files written by hand from each tool's documentation import with the person's label
//! mapping; Label Studio offsets in UTF-16 units (before its 2022 fix) are read as such when
//! they give the span's text, and a span that matches neither reading is reported; a broken
//! file leaves the project untouched.

use crate::common;

use naql::model::{PersonId, Project, QuoteKind};
use naql::store::ProjectDir;
use std::path::{Path, PathBuf};
use std::process::Command;

fn naql(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_naql"))
        .args(args)
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exchange")
        .join(name)
        .display()
        .to_string()
}

fn sample(tmp: &tempfile::TempDir) -> PathBuf {
    let root = tmp.path().join("p");
    naql::sample::install(&root).unwrap();
    root
}

/// A coder's quotes as comparable tuples: document, span, kind, sorted topics, speaker,
/// mention span, cue span.
type Key = (
    String,
    (usize, usize),
    QuoteKind,
    Vec<String>,
    Option<String>,
    Option<(usize, usize)>,
    Option<(usize, usize)>,
);

fn keys(p: &Project, coder: &str) -> Vec<Key> {
    let mut out: Vec<Key> = p.layers[&PersonId::new(coder)]
        .quotes
        .iter()
        .map(|q| {
            let mut topics: Vec<String> = q.topics.iter().map(|t| t.to_string()).collect();
            topics.sort();
            (
                q.document.to_string(),
                (q.anchor.span.start, q.anchor.span.end),
                q.kind,
                topics,
                q.speaker.as_ref().map(|s| s.to_string()),
                q.mention.as_ref().map(|m| (m.span.start, m.span.end)),
                q.cue.as_ref().map(|c| (c.span.start, c.span.end)),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn doccano_and_label_studio_round_trips_give_the_same_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample(&tmp);
    let r = root.display().to_string();
    for (format, from, file, person) in [
        ("doccano", "doccano", "sara.jsonl", "sara-dc"),
        ("label-studio", "label-studio", "sara.json", "sara-ls"),
    ] {
        let out = tmp.path().join(file).display().to_string();
        let e = naql(&[
            "export", &r, "--format", format, "--coder", "sara", "--out", &out,
        ]);
        assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
        let i = naql(&[
            "import-annotations",
            &r,
            &out,
            "--from",
            from,
            "--as",
            person,
        ]);
        assert!(i.status.success(), "{}", String::from_utf8_lossy(&i.stderr));
        assert!(
            String::from_utf8_lossy(&i.stdout).contains("26 quotes imported"),
            "{}",
            String::from_utf8_lossy(&i.stdout)
        );
        let loaded = ProjectDir::open(&root).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(
            loaded.project.manifest.documents.len(),
            5,
            "no new documents"
        );
        assert_eq!(
            keys(&loaded.project, "sara"),
            keys(&loaded.project, person),
            "{format}"
        );
    }
}

#[test]
fn hand_written_doccano_with_a_label_mapping() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample(&tmp);
    let r = root.display().to_string();
    let out = naql(&[
        "import-annotations",
        &r,
        &fixture("doccano.jsonl"),
        "--from",
        "doccano",
        "--as",
        "dc",
        "--map",
        "ECON=topic:economy",
        "--map",
        "CLAIM=kind:indirect",
        "--map",
        "STATEMENT=direct",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // «VERB» has no mapping: its span is a quote with no topic, and the label is reported.
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"VERB\""));
    let p = ProjectDir::open(&root).unwrap().project;
    assert_eq!(p.manifest.documents.len(), 7, "two new texts");
    let dc = &p.layers[&PersonId::new("dc")].quotes;
    assert_eq!(dc.len(), 3);
    let claim = dc
        .iter()
        .find(|q| q.anchor.text.starts_with("بلاده"))
        .unwrap();
    assert_eq!(claim.kind, QuoteKind::Indirect);
    assert_eq!(
        claim.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        ["economy"]
    );
    let verb = dc.iter().find(|q| q.anchor.text == "قال").unwrap();
    assert!(verb.topics.is_empty());
    let statement = dc
        .iter()
        .find(|q| q.anchor.text.starts_with("همکاری"))
        .unwrap();
    assert_eq!(statement.kind, QuoteKind::Direct);
    assert!(p.manifest.people.iter().any(|x| x.id.as_str() == "dc"));
}

#[test]
fn label_studio_offsets_in_code_points_or_utf16_units_and_a_span_that_fits_neither() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample(&tmp);
    let r = root.display().to_string();
    let out = naql(&[
        "import-annotations",
        &r,
        &fixture("label-studio.json"),
        "--from",
        "label-studio",
        "--as",
        "ls",
        "--map",
        "Quote=direct",
        "--map",
        "Partnership=topic:bilateral",
        "--map",
        "Speaker=speaker",
    ]);
    // One span fits neither reading: reported, the rest imported, exit 1.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("task 3") && stderr.contains("neither"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 spans counted in UTF-16 units"));
    let p = ProjectDir::open(&root).unwrap().project;
    let ls = &p.layers[&PersonId::new("ls")].quotes;
    assert_eq!(ls.len(), 2, "tasks 1 and 2");
    for q in ls {
        // After the emoji (one code point, two UTF-16 units) the same words either way.
        assert_eq!(q.anchor.text, "ما شریک ایران هستیم.");
        assert_eq!(
            q.mention.as_ref().map(|m| m.text.as_str()),
            Some("لوکاشنکو")
        );
        assert_eq!(
            q.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            ["bilateral"]
        );
    }
}

#[test]
fn a_broken_file_leaves_the_project_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample(&tmp);
    let before: Vec<_> = common::files_of(&root);
    let out = naql(&[
        "import-annotations",
        &root.display().to_string(),
        &fixture("broken.jsonl"),
        "--from",
        "doccano",
        "--as",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
    assert_eq!(common::files_of(&root), before);
}

#[test]
fn brat_standoff_offsets_give_the_words() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample(&tmp);
    let folder = tmp.path().join("brat");
    let out = naql(&[
        "export",
        &root.display().to_string(),
        "--format",
        "brat",
        "--out",
        &folder.display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(folder.join("annotation.conf").exists());
    let p = ProjectDir::open(&root).unwrap().project;
    let mut quotes = 0;
    for d in ["000_13e0dc0d1b2b0156", "002_c6b224872927b575"] {
        let text = std::fs::read_to_string(folder.join(format!("{d}.txt"))).unwrap();
        assert_eq!(
            &*text,
            &*p.texts.read(&naql::model::DocumentId::new(d)).unwrap()
        );
        let chars: Vec<char> = text.chars().collect();
        let ann = std::fs::read_to_string(folder.join(format!("{d}.ann"))).unwrap();
        for line in ann.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            match line.chars().next() {
                Some('T') => {
                    let (_, ranges) = cols[1].split_once(' ').unwrap();
                    let words: Vec<String> = ranges
                        .split(';')
                        .map(|r| {
                            let (s, e) = r.split_once(' ').unwrap();
                            chars[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
                                .iter()
                                .collect()
                        })
                        .collect();
                    assert_eq!(words.join(" "), cols[2], "{line}");
                    quotes += usize::from(cols[1].starts_with("Quote"));
                }
                Some('R') => {
                    assert!(cols[1].starts_with("Said_by") || cols[1].starts_with("Has_cue"))
                }
                Some('A') | Some('#') => {}
                other => panic!("unexpected line {other:?}: {line}"),
            }
        }
    }
    assert_eq!(
        quotes,
        11 + 11 + 13 + 14,
        "both coders' quotes of articles 000 and 002"
    );
}
