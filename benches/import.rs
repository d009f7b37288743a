//! Import of a 10,000-row CSV of articles (`cargo bench --bench import`): the rows are made of
//! the sample articles' paragraphs (about 2,500 chars each, like the project benchmark's
//! articles), with title, Jalali date, source, URL and two metadata columns; each run imports
//! into a fresh project on disk: read, parse, hash, store every article, save the manifest.

// A bench fails loudly on a broken set-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
use harness::measure;

use naql::import::{Columns, import_files};
use naql::model::Manifest;
use naql::store::ProjectDir;
use std::time::Instant;

const ROWS: usize = 10_000;

fn main() {
    if !harness::benching("import") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let paragraphs: Vec<&str> = naql::sample::FILES
        .iter()
        .filter(|(p, _)| p.starts_with("articles/"))
        .flat_map(|(_, t)| t.lines().filter(|l| l.chars().count() > 80))
        .collect();
    let csv_path = tmp.path().join("articles.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    w.write_record([
        "id", "title", "text", "date", "source", "url", "section", "author",
    ])
    .unwrap();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for r in 0..ROWS {
        let mut text = format!("گزارش شماره {r}\n");
        while text.chars().count() < 2500 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(paragraphs[(seed % paragraphs.len() as u64) as usize]);
            text.push('\n');
        }
        w.write_record([
            format!("row-{r:05}"),
            format!("گزارش شماره {r}"),
            text,
            format!("{} مرداد ۱۴۰۴", 1 + r % 28),
            "خبرگزاری نمونه".to_owned(),
            format!("https://news.example.org/{r}"),
            "سیاسی".to_owned(),
            format!("نویسنده {}", r % 50),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let size = std::fs::metadata(&csv_path).map_or(0, |m| m.len());
    println!("{ROWS} rows, {:.1} MB of CSV", size as f64 / 1e6);
    let mut run = 0;
    measure(
        &format!("import {ROWS}-row CSV into a new project"),
        3,
        || {
            run += 1;
            let root = tmp.path().join(format!("p{run}"));
            let (mut dir, mut project) = ProjectDir::create(&root, Manifest::new("bench")).unwrap();
            let t = Instant::now();
            let report = import_files(
                &mut dir,
                &mut project,
                std::slice::from_ref(&csv_path),
                &Columns::default(),
                &mut |_, _| {},
            )
            .unwrap();
            let d = t.elapsed();
            assert_eq!(report.imported.len(), ROWS, "{:?}", report.refused);
            d
        },
    );
}
