//! Suggestions recover the sample's quotes, each document held out in turn, and `naql suggest`
//! prints them as documented.

use naql::model::{Language, PersonId, Project};
use naql::store::ProjectDir;
use naql::suggest::evaluate::{Report, leave_one_out};
use std::path::{Path, PathBuf};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/belarus-iran")
}

/// The sample project with the gold layer (`tests/fixtures/suggest-gold.ron`: sara's quotes
/// of articles 000 and 002, and quotes written for this test of 001, 003 and 004) in memory.
fn with_gold() -> Project {
    let mut loaded = ProjectDir::open(&sample_dir()).expect("sample loads");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suggest-gold.ron");
    let text = std::fs::read_to_string(&path).expect("gold fixture");
    let layer = naql::store::parse_layer(&path, &text).expect("gold parses");
    assert_eq!(layer.quotes.len(), 55);
    loaded
        .project
        .layers
        .insert(PersonId::new("gold"), layer.into());
    loaded.project
}

fn report(project: &Project, coder: &str) -> Report {
    leave_one_out(
        project,
        &PersonId::new(coder),
        naql::suggest::DEFAULT_THRESHOLD,
        &[],
    )
    .expect("layer exists")
}

#[test]
fn gold_is_recovered_leave_one_document_out() {
    let project = with_gold();
    let r = report(&project, "gold");
    let fa = &r.by_language[Language::Persian.code()];
    let ar = &r.by_language[Language::Arabic.code()];
    eprintln!("{}", naql::suggest::evaluate::render(&r));
    assert_eq!(fa.documents, 4);
    assert_eq!(ar.documents, 1);
    // The targets: overlap F1 0.85 (Persian) and 0.75 (Arabic), cue exact 0.85,
    // speaker right 0.85 where the speaker is in the registry.
    assert!(
        fa.overlap_prf().f1 >= 0.85,
        "Persian F1 {:?}",
        fa.overlap_prf()
    );
    assert!(
        ar.overlap_prf().f1 >= 0.75,
        "Arabic F1 {:?}",
        ar.overlap_prf()
    );
    assert!(
        r.overall.cue_accuracy() >= 0.85,
        "{}",
        r.overall.cue_accuracy()
    );
    assert!(
        r.overall.speaker_accuracy() >= 0.85,
        "{}",
        r.overall.speaker_accuracy()
    );
    assert!(
        r.overall.exact_prf().f1 >= 0.75,
        "{:?}",
        r.overall.exact_prf()
    );
}

#[test]
fn each_sample_coder_is_recovered_too() {
    let project = with_gold();
    for coder in ["sara", "omid"] {
        let r = report(&project, coder);
        let fa = &r.by_language[Language::Persian.code()];
        assert!(
            fa.overlap_prf().f1 >= 0.85,
            "{coder}: {:?}",
            fa.overlap_prf()
        );
        assert!(r.overall.cue_accuracy() >= 0.85, "{coder}");
        assert!(r.overall.speaker_accuracy() >= 0.8, "{coder}");
    }
}

#[test]
fn cli_prints_json_lines_as_documented() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_naql"))
        .args(["suggest"])
        .arg(sample_dir())
        .args(["--document", "003_5bb3f30f2253b840", "--json"])
        .output()
        .expect("naql runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let article =
        std::fs::read_to_string(sample_dir().join("articles/003_5bb3f30f2253b840.txt")).unwrap();
    let chars: Vec<char> = article.chars().collect();
    let mut lines = 0;
    for line in text.lines() {
        lines += 1;
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
        assert_eq!(v["document"], "003_5bb3f30f2253b840");
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        let covered: String = chars[start..end].iter().collect();
        assert_eq!(v["text"], covered.as_str(), "offsets count chars");
        assert!(["direct", "indirect", "mixed"].contains(&v["kind"].as_str().unwrap()));
        for key in ["cue", "mention"] {
            assert!(v[key].is_null() || v[key].as_array().is_some_and(|a| a.len() == 2));
        }
        assert!(v["speaker"].is_null() || v["speaker"].is_string());
        let score = v["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    assert!(lines >= 6, "{text}");
}

#[test]
fn cli_evaluates_a_coder() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_naql"))
        .args(["suggest"])
        .arg(sample_dir())
        .args(["--evaluate", "sara", "--json"])
        .output()
        .expect("naql runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["coder"], "sara");
    assert_eq!(v["overall"]["gold"], 26);
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_naql"))
        .args(["suggest"])
        .arg(sample_dir())
        .args(["--evaluate", "nobody"])
        .output()
        .expect("naql runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nobody"));
}
