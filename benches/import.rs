//! Import of a 10,000-row CSV of articles (`cargo bench --bench import`): the rows are made of
//! the sample articles' paragraphs (about 2,500 chars each, like the project benchmark's
//! articles), with title, Jalali date, source, URL and two metadata columns; each run imports
//! into a fresh project on disk: read, parse, hash, store every article, save the manifest.

use naql::import::{Columns, import_files};
use naql::model::Manifest;
use naql::store::ProjectDir;
use std::time::{Duration, Instant};

const ROWS: usize = 10_000;

fn measure(name: &str, runs: usize, mut f: impl FnMut() -> Duration) {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<44} min {:>9.1} ms   median {:>9.1} ms   max {:>9.1} ms   ({runs} runs)",
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[runs - 1])
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("import: run with `cargo bench --bench import`");
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let paragraphs: Vec<&str> = naql::sample::FILES
        .iter()
        .filter(|(p, _)| p.starts_with("articles/"))
        .flat_map(|(_, t)| t.lines().filter(|l| l.chars().count() > 80))
        .collect();
    let csv_path = tmp.path().join("articles.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap_or_else(|e| panic!("{e}"));
    w.write_record([
        "id", "title", "text", "date", "source", "url", "section", "author",
    ])
    .unwrap_or_else(|e| panic!("{e}"));
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
        .unwrap_or_else(|e| panic!("{e}"));
    }
    w.flush().unwrap_or_else(|e| panic!("{e}"));
    let size = std::fs::metadata(&csv_path).map_or(0, |m| m.len());
    println!("{ROWS} rows, {:.1} MB of CSV", size as f64 / 1e6);
    let mut run = 0;
    measure(
        &format!("import {ROWS}-row CSV into a new project"),
        3,
        || {
            run += 1;
            let root = tmp.path().join(format!("p{run}"));
            let (mut dir, mut project) =
                ProjectDir::create(&root, Manifest::new("bench")).unwrap_or_else(|e| panic!("{e}"));
            let t = Instant::now();
            let report = import_files(
                &mut dir,
                &mut project,
                std::slice::from_ref(&csv_path),
                &Columns::default(),
                &mut |_, _| {},
            )
            .unwrap_or_else(|e| panic!("{e}"));
            let d = t.elapsed();
            assert_eq!(report.imported.len(), ROWS, "{:?}", report.refused);
            d
        },
    );
}
