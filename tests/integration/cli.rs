//! The command line as a new user runs it.

use std::path::Path;
use std::process::{Command, Output};

use crate::common;

fn naql(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_naql"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("naql runs: {e}"))
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn new_import_check_export_as_a_new_user() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    let p = p.to_str().unwrap_or_default();
    let corpus = common::corpus_dir();
    let corpus = corpus.to_str().unwrap_or_default();

    let out = naql(&["new", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = naql(&["import", p, corpus]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("5 imported"),
        "{}",
        text(&out.stdout)
    );
    let out = naql(&["check", p]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let out = naql(&["export", p, "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    assert!(
        csv.starts_with("document_id,document_title,quote_id,start,end,text,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1, "a new project has no quotes yet");
}

#[test]
fn sample_project_checks_and_exports() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/belarus-iran");
    let sample = sample.to_str().unwrap_or_default();
    let out = naql(&["check", sample]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("ok (5 documents, 52 quotes)"));

    let tmp = tempfile::tempdir().unwrap();
    let csv_path = tmp.path().join("q.csv");
    let out = naql(&[
        "export",
        sample,
        "--format",
        "csv",
        "--bom",
        "--out",
        csv_path.to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&csv_path).unwrap_or_default();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len(), 52);
    // The offsets in the export select exactly the exported text in the stored article.
    let article =
        std::fs::read_to_string(Path::new(sample).join("articles/000_13e0dc0d1b2b0156.txt"))
            .unwrap_or_default();
    for r in rows.iter().filter(|r| &r[0] == "000_13e0dc0d1b2b0156") {
        let (s, e): (usize, usize) = (r[3].parse().unwrap_or(0), r[4].parse().unwrap_or(0));
        let covered: String = article.chars().skip(s).take(e - s).collect();
        assert_eq!(covered, &r[5]);
        let expected_name = match &r[6] {
            "lukashenko" => "Alexander Lukashenko",
            "ahmadian" => "Ali-Akbar Ahmadian",
            other => panic!("unexpected speaker {other} in article 000"),
        };
        assert_eq!(&r[7], expected_name);
    }

    let out = naql(&["export", sample, "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 52);
    assert!(
        lines
            .iter()
            .all(|v| v["topics"].is_array() && v["start"].is_u64())
    );

    let out = naql(&["stats", sample]);
    assert!(text(&out.stdout).contains("Alexander Lukashenko"));
}

#[test]
fn check_reports_problems_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    let p_str = p.to_str().unwrap_or_default();
    assert!(naql(&["sample", p_str]).status.success());
    let article = p.join("articles/002_c6b224872927b575.txt");
    let t = std::fs::read_to_string(&article).unwrap_or_default();
    std::fs::write(&article, t.replacen("به بلاروس برود", "به بلاروس سفر کند", 1)).unwrap();
    let out = naql(&["check", p_str]);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert!(
        report.contains("articles/002_c6b224872927b575.txt"),
        "{report}"
    );
    assert!(report.contains("orphan: annotations/sara.ron"), "{report}");
}

#[test]
fn unreadable_project_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    let p_str = p.to_str().unwrap_or_default();
    assert!(naql(&["sample", p_str]).status.success());
    std::fs::write(
        p.join("project.ron"),
        "(\n  format_version: 1,\n  title: \"x\n",
    )
    .unwrap();
    let out = naql(&["check", p_str]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("project.ron:3:"), "{err}");
}

#[test]
fn agree_on_the_sample_shows_the_two_coders_real_disagreements() {
    let project = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/belarus-iran");
    let out = naql(&["agree", project, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["coders"], serde_json::json!(["omid", "sara"]));
    let alpha = |variable: &str| {
        report["overall"]
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["variable"] == variable))
            .and_then(|f| f["alpha"].as_f64())
            .unwrap_or_else(|| panic!("no alpha for {variable}"))
    };
    // The sample's second coder split one quote, trimmed two, missed two, changed a kind, a
    // speaker and topics: every one of those variables disagrees somewhat, none totally.
    for v in [
        "unitizing",
        "boundaries",
        "speaker",
        "kind",
        "topic:sanctions-west",
    ] {
        let a = alpha(v);
        assert!(a > 0.3 && a < 1.0, "{v}: {a}");
    }
    assert_eq!(alpha("topic:economy"), 1.0);
    let matched = report["matched"].as_u64().unwrap_or(0);
    assert!(matched >= 20 && matched < report["units"].as_u64().unwrap_or(0));

    let tmp = tempfile::tempdir().unwrap();
    let matrix = tmp.path().join("matrix.csv");
    let out = naql(&["agree", project, "--coders", "sara,omid"]);
    assert!(text(&out.stdout).contains("κ"), "{}", text(&out.stdout));
    let out = naql(&[
        "agree",
        project,
        "--matrix",
        matrix.to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&matrix).unwrap_or_default();
    assert!(csv.starts_with("variable,document,unit,start,end,omid,sara\n"));
    assert!(csv.contains("\ntagged,000_13e0dc0d1b2b0156,"));
    assert!(csv.contains(",kyiv-post,ukrainian-intelligence\n"), "{csv}");

    let out = naql(&["agree", project, "--coders", "sara,nobody"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("nobody"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_names_a_conflict_copy_and_resolve_merges_it() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    let ps = p.to_str().unwrap_or_default();
    assert!(naql(&["sample", ps]).status.success());
    assert!(p.join(".gitignore").is_file(), "ready for git");
    let layer = std::fs::read_to_string(p.join("annotations/sara.ron")).unwrap_or_default();
    std::fs::write(
        p.join("annotations/sara (Omid's conflicted copy 2026-12-02).ron"),
        &layer,
    )
    .unwrap();
    let out = naql(&["check", ps]);
    assert!(!out.status.success());
    let said = text(&out.stdout);
    assert!(
        said.contains("conflict: annotations/sara (Omid's conflicted copy 2026-12-02).ron: a Dropbox conflict copy of annotations/sara.ron"),
        "{said}"
    );
    let out = naql(&["resolve", ps]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("merged into annotations/sara.ron"),
        "{}",
        text(&out.stdout)
    );
    let out = naql(&["check", ps]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}
