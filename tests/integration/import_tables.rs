//! Importing articles from tables and web pages, with files written by hand from each
//! format's documentation (`tests/fixtures/import/`): a CSV with a byte-order mark, CRLF line
//! endings and a quoted multi-line cell; the same as UTF-16; a TSV; JSON Lines; a JSON array
//! under a key; a minimal Excel workbook (SpreadsheetML parts as ECMA-376 describes them, with
//! inline strings); a news page with navigation, an ad, related links and a footer around the
//! article. Malformed rows refuse their file with its line, and leave the project untouched.

use crate::common;

use naql::import::{Columns, import_files};
use naql::model::{Document, Language, Manifest};
use naql::store::ProjectDir;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(names: &[&str], columns: &Columns) -> (tempfile::TempDir, naql::import::ImportReport) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    let (mut dir, mut project) = ProjectDir::create(&root, Manifest::new("t")).unwrap();
    let files: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    let report = import_files(&mut dir, &mut project, &files, columns, &mut |_, _| {}).unwrap();
    (tmp, report)
}

fn documents(tmp: &tempfile::TempDir) -> Vec<(Document, String)> {
    let loaded = ProjectDir::open(&tmp.path().join("p")).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded
        .project
        .manifest
        .documents
        .iter()
        .map(|d| {
            (
                d.clone(),
                loaded.project.texts.read(&d.id).unwrap().to_string(),
            )
        })
        .collect()
}

fn doc<'a>(docs: &'a [(Document, String)], id: &str) -> &'a (Document, String) {
    docs.iter()
        .find(|(d, _)| d.id.as_str() == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn csv_with_bom_crlf_and_a_multi_line_cell() {
    let (tmp, report) = import(&["articles.csv"], &Columns::default());
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(report.imported.len(), 3);
    let docs = documents(&tmp);
    let (d, text) = doc(&docs, "irna-1");
    // The quoted cell's two lines, CRLF made LF, stored exactly.
    assert_eq!(
        text,
        "لوکاشنکو گفت: «ما با ایران همکاری می‌کنیم».\nوی افزود که روابط گسترش می‌یابد."
    );
    assert_eq!(d.title, "لوکاشنکو در تهران");
    // «۲۹ مرداد ۱۴۰۴» in the date column, read as the .txt import reads it.
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2025-08-20"));
    assert_eq!(d.url, "https://example.org/a/1");
    assert_eq!(d.language, Language::Persian);
    assert_eq!(d.file_name, "articles.csv:2");
    assert_eq!(d.metadata.get("section").map(String::as_str), Some("سیاست"));
    assert_eq!(d.metadata.get("author").map(String::as_str), Some("علی"));
    let (d2, _) = doc(&docs, "irna-2");
    assert_eq!(d2.language, Language::Arabic);
    // An empty cell is no metadata.
    assert!(!d2.metadata.contains_key("author"));
    let (d3, t3) = doc(&docs, "irna-3");
    // A cell with a comma and quotation marks in it, quoted and doubled in the file.
    assert_eq!(d3.title, "\"Quoted, title\"");
    assert_eq!(t3, "متن سوم, با ویرگول و \"نقل‌قول\" در آن.");
    assert_eq!(
        d3.date.map(|x| x.to_string()).as_deref(),
        Some("2023-08-02")
    );
}

#[test]
fn utf16_tsv_jsonl_json_and_excel() {
    let (tmp, report) = import(
        &[
            "articles-utf16.csv",
            "articles.tsv",
            "articles.jsonl",
            "articles.json",
            "articles.xlsx",
        ],
        &Columns::default(),
    );
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(report.imported.len(), 3 + 2 + 2 + 1 + 2);
    let docs = documents(&tmp);
    assert!(doc(&docs, "u16-1").1.contains("(utf16)"));
    let tsv: Vec<_> = docs
        .iter()
        .filter(|(d, _)| d.file_name.starts_with("articles.tsv"))
        .collect();
    assert_eq!(tsv.len(), 2);
    assert_eq!(tsv[1].0.language, Language::Arabic, "the language column");
    let (j1, _) = doc(&docs, "j1");
    assert_eq!(
        j1.date.map(|x| x.to_string()).as_deref(),
        Some("2025-08-20")
    );
    assert_eq!(
        j1.metadata.get("tags").map(String::as_str),
        Some("[\"سیاست\",\"بلاروس\"]")
    );
    assert_eq!(doc(&docs, "j2").0.source, "ارنا");
    let (a1, _) = doc(&docs, "a1");
    assert_eq!(a1.title, "عنوان آرایه");
    assert_eq!(
        a1.file_name, "articles.json:3",
        "the line the object starts on"
    );
    let (x1, xt) = doc(&docs, "x1");
    assert_eq!(xt, "لوکاشنکو گفت: ما در کنار ایران هستیم.");
    assert_eq!(x1.title, "خبر اکسل");
    assert_eq!(x1.metadata.get("desk").map(String::as_str), Some("سیاسی"));
}

#[test]
fn columns_given_by_name() {
    // The text taken from another column, the title from none: the text's first line.
    let columns = Columns {
        text: Some("headline".into()),
        title: Some("section".into()),
        ..Columns::default()
    };
    let (tmp, report) = import(&["articles.csv"], &columns);
    assert_eq!(report.imported.len(), 3);
    let docs = documents(&tmp);
    let (d, t) = doc(&docs, "irna-1");
    assert_eq!(t, "لوکاشنکو در تهران");
    assert_eq!(d.title, "سیاست");
    assert!(
        d.metadata.contains_key("body"),
        "the unused text column is metadata"
    );
    let missing = Columns {
        text: Some("no-such".into()),
        ..Columns::default()
    };
    let (_tmp, report) = import(&["articles.csv"], &missing);
    assert!(
        report.refused[0].1.contains("no column \"no-such\""),
        "{:?}",
        report.refused
    );
}

#[test]
fn a_saved_news_page_without_its_boilerplate() {
    let (tmp, report) = import(&["page.html"], &Columns::default());
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    let docs = documents(&tmp);
    let (d, text) = doc(&docs, "page");
    assert!(text.starts_with("رئیس‌جمهور بلاروس روز چهارشنبه"), "{text}");
    assert_eq!(text.lines().filter(|l| !l.is_empty()).count(), 3, "{text}");
    for boilerplate in [
        "صفحه اصلی",
        "تبلیغات",
        "اخبار مرتبط",
        "همه حقوق محفوظ",
        "تماس با ما",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate} in {text}");
    }
    assert_eq!(d.title, "لوکاشنکو: بلاروس شریک ایران است");
    assert_eq!(d.source, "خبرگزاری نمونه");
    assert_eq!(d.date.map(|x| x.to_string()).as_deref(), Some("2025-08-20"));
    assert_eq!(d.url, "https://news.example.org/fa/2025/08/20/lukashenko");
}

/// The project folder's files and their bytes.

#[test]
fn a_bad_row_refuses_its_file_with_the_line_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    ProjectDir::create(&root, Manifest::new("t")).unwrap();
    let before = common::files_of(&root);
    for (name, line) in [
        ("bad-row.csv", "line 4"),
        ("bad-line.jsonl", "line 2"),
        // Row 2 opens a quoted text and never closes it: the csv crate would read rows 3–5
        // as part of article 2 and import 2 articles instead of 5.
        (
            "unclosed-quote.csv",
            "line 3: a quoted cell opens here and is never closed",
        ),
    ] {
        let mut loaded = ProjectDir::open(&root).unwrap();
        let report = import_files(
            &mut loaded.dir,
            &mut loaded.project,
            &[fixture(name)],
            &Columns::default(),
            &mut |_, _| {},
        )
        .unwrap();
        assert!(report.imported.is_empty());
        assert_eq!(report.refused.len(), 1);
        assert!(
            report.refused[0].1.starts_with(line),
            "{:?}",
            report.refused
        );
        assert_eq!(
            common::files_of(&root),
            before,
            "{name}: the project is untouched"
        );
    }
}

#[test]
fn cli_import_with_column_flags_and_a_refused_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    ProjectDir::create(&root, Manifest::new("t")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_naql"))
        .arg("import")
        .arg(&root)
        .arg(fixture("articles.csv"))
        .arg(fixture("bad-row.csv"))
        .args(["--text-column", "body", "--title-column", "headline"])
        .args(["--date-column", "published", "--id-column", "id"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a refused file");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad-row.csv: line 4"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3 imported"), "{stdout}");
    let loaded = ProjectDir::open(&root).unwrap();
    assert_eq!(loaded.project.manifest.documents.len(), 3);
}

#[test]
fn metadata_is_exported_and_found_by_the_review_filter() {
    let (tmp, _) = import(&["articles.csv"], &Columns::default());
    let mut loaded = ProjectDir::open(&tmp.path().join("p")).unwrap();
    let p = &mut loaded.project;
    let doc = naql::model::DocumentId::new("irna-1");
    let q = naql::action::new_quote(
        p,
        &doc,
        naql::model::Span::new(0, 8),
        &naql::model::PersonId::new("tester"),
        jiff::Timestamp::now(),
    )
    .unwrap();
    p.layer_or_new(&q.coder.clone()).quotes.push(q);
    // The review table's free text finds the quote by its article's section (metadata).
    let index = naql::review::ReviewIndex::build(p);
    let filter = naql::review::Filter {
        text: "سياست".into(), // Arabic yeh: folded as search folds it
        ..Default::default()
    };
    assert_eq!(index.view(p, &filter, Default::default()).len(), 1);
    // The exports carry the URL and the metadata.
    let rows = naql::export::rows(p);
    let mut csv = Vec::new();
    naql::export::write_csv(&rows, &mut csv, false).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",document_url,document_metadata")
    );
    assert!(csv.contains("https://example.org/a/1"));
    assert!(
        csv.contains("\"{\"\"author\"\":\"\"علی\"\",\"\"section\"\":\"\"سیاست\"\"}\""),
        "{csv}"
    );
    let mut jsonl = Vec::new();
    naql::export::write_jsonl(&rows, &mut jsonl).unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(jsonl.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(v["document_metadata"]["section"], "سیاست");
}
