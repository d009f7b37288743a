//! A media-monitoring-sized project through the public paths, as issue 20 measures it:
//! `naql import` of a CSV of 100,000 articles (about 2,500 chars each, made of the sample's
//! paragraphs), then `naql import-annotations` of four coders' doccano files of 500,000
//! quotes each; then `naql check` (cold and warm page cache, against reading every file of
//! the project once), `naql agree`, `naql import-annotations` of a fifth coder (removed
//! again) and `naql export --format csv`. Each step is the release
//! `naql` binary in a process of its own: its wall time and its peak resident memory
//! (VmHWM) are printed.
//!
//! `cargo bench --bench big_project`. The project is made once under the target folder and
//! kept (`NAQL_BIG_REMAKE=1` makes it again; `NAQL_BIG_WINDOW_ONLY=1` measures only the
//! window's opening, last of all otherwise); `NAQL_BIG_ARTICLES=10000` measures a smaller
//! one (quotes scale with it). Dropping the page cache for the cold figures needs root; without
//! it the cold figures are said to be warm.

// A bench fails loudly on a broken set-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CODERS: usize = 4;
/// Quotes per article per coder: 500,000 a coder over 100,000 articles.
const PER_ARTICLE: usize = 5;

/// A small deterministic generator (xorshift64), so every run makes the same project.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The texts of the articles: the sample's paragraphs, in a different order for each.
fn texts(articles: usize) -> Vec<String> {
    let paragraphs: Vec<&str> = naql::sample::FILES
        .iter()
        .filter(|(p, _)| p.starts_with("articles/"))
        .flat_map(|(_, t)| t.lines().filter(|l| l.chars().count() > 80))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..articles)
        .map(|r| {
            let mut text = format!("گزارش شماره {r}\n");
            while text.chars().count() < 2500 {
                text.push_str(paragraphs[rng.below(paragraphs.len())]);
                text.push('\n');
            }
            text
        })
        .collect()
}

fn write_csv(path: &Path, texts: &[String]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "title", "text", "date", "source", "url"])
        .unwrap();
    for (r, text) in texts.iter().enumerate() {
        w.write_record([
            format!("row-{r:06}"),
            format!("گزارش شماره {r}"),
            text.clone(),
            format!("{} مرداد ۱۴۰۴", 1 + r % 28),
            "خبرگزاری نمونه".to_owned(),
            format!("https://news.example.org/{r}"),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

/// One coder's doccano export: every article with `PER_ARTICLE` quotes on whole words,
/// labelled `direct` or `indirect`. Coders agree on most spans and differ on some.
fn write_doccano(path: &Path, texts: &[String], coder: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut shared = Rng(0xD1B5_4A32_D192_ED03);
    let mut own = Rng(0x1234_5678_9ABC_DEF1 + coder as u64);
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut entities = Vec::new();
        for q in 0..PER_ARTICLE {
            // The same place for every coder most of the time.
            let rng = if own.below(5) == 0 {
                &mut own
            } else {
                &mut shared
            };
            let slot = n / PER_ARTICLE;
            let mut start = q * slot + rng.below(slot / 2);
            let mut end = (start + 40 + rng.below(160)).min(n);
            while start < end && chars[start].is_whitespace() {
                start += 1;
            }
            while end > start && chars[end - 1].is_whitespace() {
                end -= 1;
            }
            if end <= start {
                continue;
            }
            let label = if rng.below(2) == 0 {
                "direct"
            } else {
                "indirect"
            };
            entities.push(serde_json::json!({
                "id": q, "label": label, "start_offset": start, "end_offset": end,
            }));
        }
        let line = serde_json::json!({ "text": text, "entities": entities, "relations": [] });
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
}

/// Runs `naql` with `args`, and gives its wall time and peak resident memory in MB (read
/// from /proc while it runs; the peak is kept by the kernel, so the last read is the peak).
fn naql(args: &[&str]) -> (Duration, f64) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_naql"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success() || status.code() == Some(1),
                "naql {args:?}: {status}"
            );
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (t.elapsed(), peak_kb as f64 * 1024.0 / 1e6)
}

/// Drops the page cache (root only); says whether it could.
fn drop_caches() -> bool {
    let _ = Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

/// Every file under `dir`, read once: the floor for anything that looks at the whole project.
fn read_all(dir: &Path) -> (Duration, u64) {
    fn walk(dir: &Path, bytes: &mut u64) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, bytes);
            } else {
                *bytes += std::fs::read(&p).map_or(0, |b| b.len() as u64);
            }
        }
    }
    let t = Instant::now();
    let mut bytes = 0;
    walk(dir, &mut bytes);
    (t.elapsed(), bytes)
}

fn row(what: &str, (t, mb): (Duration, f64)) {
    println!(
        "{what:<52} {:>9.2} s   peak {:>8.0} MB",
        t.as_secs_f64(),
        mb
    );
}

fn main() {
    if !harness::benching("big_project") {
        return;
    }
    let articles: usize = std::env::var("NAQL_BIG_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("big-project-{articles}"));
    let project = base.join("project");
    let p = project.to_str().unwrap().to_owned();
    let remake = std::env::var_os("NAQL_BIG_REMAKE").is_some();
    if remake || !project.join("project.ron").exists() {
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).unwrap();
        let t = Instant::now();
        let all = texts(articles);
        let csv = base.join("articles.csv");
        write_csv(&csv, &all);
        let files: Vec<PathBuf> = (0..CODERS)
            .map(|c| {
                let f = base.join(format!("coder-{c}.jsonl"));
                write_doccano(&f, &all, c);
                f
            })
            .collect();
        drop(all);
        println!(
            "made the input files in {:.1} s: {articles} articles, {} quotes a coder",
            t.elapsed().as_secs_f64(),
            articles * PER_ARTICLE
        );
        naql(&["new", &p, "--title", "big"]);
        row(
            &format!("naql import: {articles}-row CSV"),
            naql(&["import", &p, csv.to_str().unwrap()]),
        );
        for (c, f) in files.iter().enumerate() {
            let coder = format!("coder-{c}");
            row(
                &format!("naql import-annotations: {coder}"),
                naql(&[
                    "import-annotations",
                    &p,
                    f.to_str().unwrap(),
                    "--from",
                    "doccano",
                    "--as",
                    &coder,
                    "--map",
                    "direct=kind:direct",
                    "--map",
                    "indirect=kind:indirect",
                ]),
            );
        }
    }
    let (_, bytes) = read_all(&project);
    println!("the project: {:.0} MB on disk", bytes as f64 / 1e6);
    if std::env::var_os("NAQL_BIG_WINDOW_ONLY").is_some() {
        window_open(&project);
        return;
    }
    let cold = drop_caches();
    let label = if cold { "cold" } else { "warm (no root)" };
    let (t, _) = read_all(&project);
    println!(
        "{:<52} {:>9.2} s",
        format!("read every file once ({label})"),
        t.as_secs_f64()
    );
    drop_caches();
    row(&format!("naql check ({label})"), naql(&["check", &p]));
    let (t, _) = read_all(&project);
    println!(
        "{:<52} {:>9.2} s",
        "read every file once (warm)",
        t.as_secs_f64()
    );
    row("naql check (warm)", naql(&["check", &p]));
    row("naql agree", naql(&["agree", &p]));
    // Another coder's 500,000 annotations into the full project, then taken out again.
    let extra = base.join("coder-0.jsonl");
    if extra.exists() {
        row(
            "naql import-annotations: a fifth coder",
            naql(&[
                "import-annotations",
                &p,
                extra.to_str().unwrap(),
                "--from",
                "doccano",
                "--as",
                "extra",
                "--map",
                "direct=kind:direct",
                "--map",
                "indirect=kind:indirect",
            ]),
        );
        for f in ["annotations/extra.ron", "people/extra.ron"] {
            let _ = std::fs::remove_file(project.join(f));
        }
    }
    let out = base.join("quotes.csv");
    row(
        "naql export --format csv",
        naql(&[
            "export",
            &p,
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ]),
    );
    window_open(&project);
}

/// The window's way in, in this process: the project opened in stages for one of its coders
/// (their 500,000 quotes and the registries, no text), the first article's text, then the
/// rest read and taken in on the thread; with this process's resident memory after each.
fn window_open(project: &Path) {
    let coder = naql::model::Person {
        id: naql::model::PersonId::new("coder-1"),
        name: "coder-1".into(),
    };
    let t = Instant::now();
    let mut ws = naql::session::workspace::Workspace::open(project, coder).unwrap();
    let doc = ws.current.clone().unwrap();
    let text = ws.project().texts.get(&doc).unwrap();
    let first = t.elapsed();
    println!(
        "{:<52} {:>9.2} s   now {:>9.0} MB   ({} chars)",
        "window: open, first article's text",
        first.as_secs_f64(),
        resident_mb("VmRSS"),
        text.chars().count()
    );
    while !ws.poll_rest() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let whole = t.elapsed();
    // Resident memory with the project open, once the reading thread has let go of what it held.
    let (open_resident, open_peak) = (resident_mb("VmRSS"), resident_mb("VmHWM"));
    let quotes: usize = ws.project().layers.values().map(|l| l.quotes.len()).sum();
    // The indexes came made from the thread; an edit changes them where it changed the
    // quotes, on the UI thread.
    let some_id = ws.project().layers.values().last().unwrap().quotes[1000]
        .id
        .clone();
    let t_index = Instant::now();
    let in_doc = ws.quotes_in(&doc).len();
    assert!(ws.find_quote(&some_id).is_some());
    let taken_in = t_index.elapsed();
    // The review table's free text: a new word folds every quote again (on a thread in the
    // window); a word typed on looks only at the rows of the one before.
    use naql::review::WordHits;
    let t_word = Instant::now();
    let found = WordHits::find(ws.project(), "روابط", None).rows();
    let new_word = t_word.elapsed();
    let shorter = WordHits::find(ws.project(), "روا", None);
    let t_word = Instant::now();
    std::hint::black_box(WordHits::find(ws.project(), "روابط", Some(&shorter)));
    let typed_on = t_word.elapsed();
    drop(shorter);
    // A verdict in review mode: its row's status read again with the progress moved by it,
    // against every row's status and the whole progress counted again.
    let (t_build, mut review) = {
        let t = Instant::now();
        let index = naql::review::ReviewIndex::build(ws.project());
        (t.elapsed(), index)
    };
    let mut progress = review.progress();
    let verdict_on = review.quote(ws.project(), 12_345).unwrap().id.clone();
    let editor = naql::model::PersonId::new("editor-bench");
    ws.edit(
        naql::action::Action::SetReview {
            editor: editor.clone(),
            quote: verdict_on.clone(),
            review: Some(naql::model::Review {
                quote: verdict_on.clone(),
                verdict: naql::model::Verdict::Accepted,
                comment: String::new(),
                editor,
                time: jiff::Timestamp::now(),
            }),
        },
        "bench",
        None,
    )
    .unwrap();
    let t_verdict = Instant::now();
    let changed = ws.verdicts_changed_since(ws.revision - 1).unwrap();
    let moved = review
        .refresh_status_of(ws.project(), &changed)
        .expect("reviews in order");
    progress.apply(&review, &moved);
    let verdict_followed = t_verdict.elapsed();
    assert_eq!(progress.reviewed, 1);
    let t_verdict = Instant::now();
    review.refresh_status(ws.project());
    let recounted = review.progress();
    let verdict_whole = t_verdict.elapsed();
    assert_eq!(recounted, progress);
    drop(review);
    ws.undo().unwrap();
    let me = naql::model::PersonId::new("coder-1");
    let q = naql::action::new_quote(
        ws.project(),
        &doc,
        naql::model::Span::new(2, 7),
        &me,
        jiff::Timestamp::now(),
    )
    .unwrap();
    let t_edit = Instant::now();
    ws.edit(naql::action::Action::AddQuote(q), "bench", None)
        .unwrap();
    let edited = t_edit.elapsed();
    let t_index = Instant::now();
    ws.quotes_in(&doc);
    assert!(ws.find_quote(&some_id).is_some());
    let found_after = t_index.elapsed();
    // The autosave of that quote (the UI thread's part: what to write; the saver thread
    // makes the layer's bytes), then of its undo, which copies every quote's text from the
    // first write; the file ends as it was.
    let t_save = Instant::now();
    ws.autosave().unwrap();
    let first_save = t_save.elapsed();
    ws.save().unwrap();
    let first_on_disk = t_save.elapsed();
    ws.undo().unwrap();
    let t_save = Instant::now();
    ws.autosave().unwrap();
    let second_save = t_save.elapsed();
    // An edit while the saver thread still makes the layer's bytes: the save is given up.
    let t_edit = Instant::now();
    ws.redo().unwrap();
    let edit_during_save = t_edit.elapsed();
    ws.save().unwrap();
    ws.undo().unwrap();
    ws.save().unwrap();
    // Resident memory after an edit, its undo and their autosaves.
    let (resident, peak) = (resident_mb("VmRSS"), resident_mb("VmHWM"));
    // The bench's quote is not kept: its crash journal goes with the workspace.
    drop(ws);
    let _ = std::fs::remove_file(project.join(".naql/coder-1.journal"));
    println!(
        "{:<52} {:>9.2} s   now {:>9.0} MB   peak {:.0} MB   ({quotes} quotes)",
        "window: the other layers read, checked and taken in",
        whole.as_secs_f64(),
        open_resident,
        open_peak,
    );
    println!(
        "{:<52} {:>9.3} s   ({in_doc} quotes in the first article)",
        "window: both indexes, as made on the thread",
        taken_in.as_secs_f64()
    );
    println!(
        "{:<52} {:>9.3} s   typed on from «روا»: {:.3} s   ({found} quotes hold it)",
        "window: review's free text, a new word «روابط»",
        new_word.as_secs_f64(),
        typed_on.as_secs_f64()
    );
    println!(
        "{:<52} {:>9.4} s   every row read and counted again: {:.3} s   (the index built: {:.2} s)",
        "window: review, a verdict's row and the progress",
        verdict_followed.as_secs_f64(),
        verdict_whole.as_secs_f64(),
        t_build.as_secs_f64()
    );
    println!(
        "{:<52} {:>9.3} s   then the article's quotes and one by id: {:.4} s",
        "window: a new quote, the quote index following it",
        edited.as_secs_f64(),
        found_after.as_secs_f64()
    );
    println!(
        "{:<52} {:>9.3} s   then {:.3} s (its undo: each quote copied from the file)",
        "window: autosave of the coder's layer, UI thread",
        first_save.as_secs_f64(),
        second_save.as_secs_f64()
    );
    println!(
        "{:<52} {:>9.3} s   (an edit meanwhile, the save given up for it: {:.3} s)",
        "window: the same until on disk (saver thread)",
        first_on_disk.as_secs_f64(),
        edit_during_save.as_secs_f64()
    );
    println!(
        "{:<52} {:>11}   now {:>9.0} MB   peak {:.0} MB",
        "window: after the edit, its undo and their saves", "", resident, peak
    );
}

/// This process's resident memory (`VmRSS`) or its peak (`VmHWM`), in MB of 10^6 bytes, as
/// the project's size is (the kernel counts in KiB). The resident
/// memory is counted from the page tables (`smaps_rollup`), exactly, rather than taken from
/// the kernel's running counters (`/proc/self/status`), which may be approximate.
fn resident_mb(field: &str) -> f64 {
    let (file, field) = if field == "VmRSS" {
        ("/proc/self/smaps_rollup", "Rss")
    } else {
        ("/proc/self/status", field)
    };
    std::fs::read_to_string(file)
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb * 1024.0 / 1e6)
}
