//! The text engine on the five corpus articles: bidi order against FriBidi, and the geometry
//! properties a coder relies on (what is under the pointer, what a drag selects, what is painted
//! as selected).

use naql::text::{ClusterBox, DocumentLayout, TextEngine, TextStyle};
use std::path::PathBuf;
use std::process::Command;

mod common;

fn articles() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::corpus_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).unwrap_or_default())
        })
        .collect()
}

fn layouts(width: f32) -> Vec<(String, String, DocumentLayout)> {
    let mut engine = TextEngine::new();
    articles()
        .into_iter()
        .map(|(name, text)| {
            let doc = engine.layout(&text, &TextStyle::default(), width);
            (name, text, doc)
        })
        .collect()
}

/// Clusters that a pointer can land on: with a width, and not blank.
fn visible_clusters(doc: &DocumentLayout, text: &[char]) -> Vec<ClusterBox> {
    doc.cluster_boxes(0..doc.paragraphs.len())
        .into_iter()
        .filter(|c| c.rect.width() > 0.5 && !c.chars.clone().all(|i| text[i].is_whitespace()))
        .collect()
}

/// A small deterministic generator for sampling ranges.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn visual_order_matches_fribidi_on_every_line() {
    let oracle = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/bidi_oracle.py");
    let oracle = std::env::var_os("NAQL_BIDI_ORACLE")
        .map(PathBuf::from)
        .unwrap_or(oracle);
    assert!(
        oracle.is_file(),
        "the FriBidi oracle is expected at {}",
        oracle.display()
    );
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(common::corpus_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        for width in ["200", "450", "700", "1000"] {
            let json = tmp.path().join("layout.json");
            let out = Command::new(env!("CARGO_BIN_EXE_naql"))
                .args([
                    "layout",
                    &entry.path().to_string_lossy(),
                    "--width",
                    width,
                    "--json",
                ])
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(out.status.success());
            std::fs::write(&json, &out.stdout).unwrap_or_else(|e| panic!("{e}"));
            let verdict = Command::new("python3")
                .arg(&oracle)
                .arg(&json)
                .arg(entry.path())
                .output()
                .unwrap_or_else(|e| panic!("python3: {e}"));
            let report = String::from_utf8_lossy(&verdict.stdout);
            assert!(
                verdict.status.success(),
                "{} at {width}: {report}{} (FriBidi: apt-get install libfribidi-bin)",
                entry.path().display(),
                String::from_utf8_lossy(&verdict.stderr)
            );
            assert!(report.contains(" passed, 0 failed"), "{report}");
        }
    }
}

#[test]
fn the_cluster_under_each_clusters_centre_is_itself() {
    for width in [333.0, 700.0] {
        for (name, text, doc) in layouts(width) {
            let chars: Vec<char> = text.chars().collect();
            let clusters = visible_clusters(&doc, &chars);
            assert!(clusters.len() > 1000, "{name}: {} clusters", clusters.len());
            for c in &clusters {
                let (x, y) = c.rect.centre();
                assert_eq!(
                    doc.cluster_at(x, y),
                    Some(c.chars.clone()),
                    "{name} at {width}: {c:?}"
                );
            }
        }
    }
}

#[test]
fn selection_rectangles_cover_exactly_the_selected_clusters() {
    let mut rng = Lcg(7);
    for (name, text, doc) in layouts(520.0) {
        let chars: Vec<char> = text.chars().collect();
        let clusters = visible_clusters(&doc, &chars);
        let mut bounds: Vec<usize> = clusters
            .iter()
            .flat_map(|c| [c.chars.start, c.chars.end])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        for _ in 0..150 {
            let a = bounds[rng.below(bounds.len())];
            // Mostly short ranges, like quotes; sometimes long ones across paragraphs.
            let span = if rng.below(4) == 0 { 2000 } else { 120 };
            let b = bounds
                [(bounds.partition_point(|&x| x <= a) + rng.below(span)).min(bounds.len() - 1)];
            let (a, b) = (a.min(b), a.max(b));
            let rects = doc.range_rects(a..b);
            for c in &clusters {
                let (x, y) = c.rect.centre();
                let painted = rects.iter().any(|r| r.contains(x, y));
                let selected = a <= c.chars.start && c.chars.end <= b;
                assert_eq!(
                    painted,
                    selected,
                    "{name}: range {a}..{b} {:?}, cluster {:?} {:?}",
                    chars[a..b].iter().collect::<String>(),
                    c.chars,
                    chars[c.chars.clone()].iter().collect::<String>()
                );
            }
        }
    }
}

/// The point just inside a cluster's logical start (its right side if it is right-to-left) or
/// logical end.
fn inside_edge(c: &ClusterBox, start: bool) -> (f32, f32) {
    let inset = c.rect.width() * 0.2;
    let at_right = start == c.rtl;
    let x = if at_right {
        c.rect.x1 - inset
    } else {
        c.rect.x0 + inset
    };
    (x, c.rect.centre().1)
}

#[test]
fn a_drag_selects_the_logical_range_between_its_ends() {
    let mut rng = Lcg(11);
    for (name, text, doc) in layouts(450.0) {
        let chars: Vec<char> = text.chars().collect();
        let clusters = visible_clusters(&doc, &chars);
        let mut logical = clusters.clone();
        logical.sort_by_key(|c| c.chars.start);
        for _ in 0..400 {
            let i = rng.below(logical.len());
            let j = (i + rng.below(200)).min(logical.len() - 1);
            let (first, last) = (&logical[i], &logical[j]);
            let from = inside_edge(first, true);
            let to = inside_edge(last, false);
            let want = first.chars.start..last.chars.end;
            assert_eq!(
                doc.range_between(from, to),
                want,
                "{name}: drag {from:?} → {to:?}"
            );
            // Dragging backwards selects the same.
            assert_eq!(doc.range_between(to, from), want, "{name}: backwards");
        }
    }
}

#[test]
fn dragging_over_the_tweet_line_of_article_002_selects_its_words() {
    let (_, text, doc) = layouts(700.0)
        .into_iter()
        .find(|(n, _, _)| n.starts_with("002"))
        .unwrap_or_else(|| panic!("article 002"));
    let chars: Vec<char> = text.chars().collect();
    let target = "کیهان لندن (@KayhanLondon) August 2, 2023";
    let start = text
        .find(target)
        .map(|b| text[..b].chars().count())
        .unwrap_or_else(|| panic!("in 002"));
    let end = start + target.chars().count();
    let clusters = visible_clusters(&doc, &chars);
    let at = |i: usize| {
        clusters
            .iter()
            .find(|c| c.chars.contains(&i))
            .unwrap_or_else(|| panic!("char {i}"))
    };
    let got = doc.range_between(
        inside_edge(at(start), true),
        inside_edge(at(end - 1), false),
    );
    assert_eq!(chars[got.clone()].iter().collect::<String>(), target);
    assert_eq!(got, start..end);
}

#[test]
fn zwnj_joined_words_are_one_word_and_rtl_paragraphs_start_at_the_right() {
    let text = "من می\u{200c}خواهم به تهران بروم.\nLukashenko said: «ما با ایران هستیم».";
    let mut engine = TextEngine::new();
    let doc = engine.layout(text, &TextStyle::default(), 600.0);
    let chars: Vec<char> = text.chars().collect();
    let clusters = visible_clusters(&doc, &chars);
    let word_start = text
        .find("می")
        .map(|b| text[..b].chars().count())
        .unwrap_or(0);
    let c = clusters
        .iter()
        .find(|c| c.chars.start == word_start)
        .unwrap_or_else(|| panic!("می"));
    let (x, y) = c.rect.centre();
    let word: String = chars[doc.word_at(x, y)].iter().collect();
    assert_eq!(word, "می\u{200c}خواهم");

    // First paragraph RTL: its first word is at the right edge, the final period at the left.
    let first_end = doc.paragraphs[0].chars.end;
    let first_line: Vec<&ClusterBox> = clusters
        .iter()
        .filter(|c| c.chars.end <= first_end)
        .collect();
    let rightmost = first_line
        .iter()
        .max_by(|a, b| a.rect.x1.total_cmp(&b.rect.x1))
        .map(|c| c.chars.start);
    let leftmost = first_line
        .iter()
        .min_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0))
        .map(|c| c.chars.start);
    assert_eq!(rightmost, Some(0), "«من» at the right edge");
    assert_eq!(
        leftmost.map(|i| chars[i]),
        Some('.'),
        "the period at the left end"
    );
    assert!(first_line.iter().all(|c| c.rect.x1 <= 600.5) && rightmost.is_some());
    assert!(doc.paragraphs[0].is_rtl() && !doc.paragraphs[1].is_rtl());
}
