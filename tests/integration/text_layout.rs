//! The text engine on the five corpus articles: bidi order against the `unicode-bidi` crate (and
//! GNU FriBidi where it is installed), and the geometry properties a coder relies on (what is
//! under the pointer, what a drag selects, what is painted as selected).

use naql::text::{ClusterBox, DocumentLayout, LineOrder, TextEngine, TextStyle};
use std::process::Command;

use crate::common;

/// The repository's five corpus articles, and those of `$NAQL_CORPUS` if it names a folder.
fn articles() -> Vec<(String, String)> {
    let mut files = common::text_files(&common::corpus_dir());
    assert_eq!(files.len(), 5, "the five corpus articles");
    if let Some(extra) = common::extra_corpus_dir() {
        files.extend(common::text_files(&extra));
    }
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
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

/// Chars left out when line orders are compared: whitespace, bidi formatting characters
/// (ZWNJ, ZWJ, LRM, RLM, ALM, embeddings, isolates) and combining marks, which an engine may
/// drop or keep inside their cluster wherever it likes.
fn compared(c: char) -> bool {
    use unicode_bidi::BidiClass::*;
    !c.is_whitespace()
        && !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
        && !matches!(
            unicode_bidi::bidi_class(c),
            WS | S | B | BN | NSM | LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI
        )
}

/// The line's compared chars (document offsets) from left to right, by rules L1 and L2 over
/// the paragraph's embedding `levels` (one per char of the paragraph). `para` is the
/// paragraph's chars, starting at document offset `para_start`.
fn expected_line(
    levels: &[unicode_bidi::Level],
    para: &[char],
    para_start: usize,
    line: &LineOrder,
    para_level: unicode_bidi::Level,
) -> Vec<usize> {
    let (s, e) = (line.start - para_start, line.end - para_start);
    let mut line_levels = levels[s..e].to_vec();
    // L1: whitespace at the end of a line takes the paragraph's level.
    for (i, c) in para[s..e].iter().enumerate().rev() {
        if !c.is_whitespace() {
            break;
        }
        line_levels[i] = para_level;
    }
    // L2: the reversal itself.
    unicode_bidi::BidiInfo::reorder_visual(&line_levels)
        .into_iter()
        .map(|i| s + i)
        .filter(|&i| compared(para[i]))
        .map(|i| para_start + i)
        .collect()
}

/// Naql's order of a line, with the same chars left out.
fn naql_line(line: &LineOrder, text: &[char]) -> Vec<usize> {
    line.visual
        .iter()
        .copied()
        .filter(|&i| compared(text[i]))
        .collect()
}

/// Every line of every corpus article at four widths, in the visual order that the
/// `unicode-bidi` crate (an implementation of UAX #9 independent of parley's) gives for it:
/// the paragraph's direction by rules P2–P3, its levels, then L1–L2 over each line as Naql broke
/// it.
#[test]
fn visual_order_matches_unicode_bidi_on_every_line() {
    let mut engine = TextEngine::new();
    let mut lines_checked = 0;
    for (name, text) in articles() {
        let chars: Vec<char> = text.chars().collect();
        for width in [200.0, 450.0, 700.0, 1000.0] {
            let doc = engine.layout(&text, &TextStyle::default(), width);
            for (p, order) in doc.paragraphs.iter().zip(doc.visual_order()) {
                let para: &[char] = &chars[p.chars.clone()];
                let para_text: String = para.iter().collect();
                let info = unicode_bidi::ParagraphBidiInfo::new(&para_text, None);
                let has_strong = para.iter().any(|&c| {
                    use unicode_bidi::BidiClass::*;
                    matches!(unicode_bidi::bidi_class(c), L | R | AL)
                });
                if has_strong {
                    assert_eq!(
                        order.direction == "rtl",
                        info.paragraph_level.is_rtl(),
                        "{name}: direction of the paragraph at char {}",
                        p.chars.start
                    );
                }
                // Levels per char (unicode-bidi gives them per byte).
                let levels: Vec<unicode_bidi::Level> = para_text
                    .char_indices()
                    .map(|(b, _)| info.levels[b])
                    .collect();
                for line in &order.lines {
                    let want =
                        expected_line(&levels, para, p.chars.start, line, info.paragraph_level);
                    let got = naql_line(line, &chars);
                    assert_eq!(
                        got.iter().map(|&i| chars[i]).collect::<String>(),
                        want.iter().map(|&i| chars[i]).collect::<String>(),
                        "{name} at {width}: line {}..{}",
                        line.start,
                        line.end
                    );
                    assert_eq!(
                        got, want,
                        "{name} at {width}: line {}..{}",
                        line.start, line.end
                    );
                    lines_checked += 1;
                }
            }
        }
    }
    assert!(lines_checked > 1000, "{lines_checked} lines checked");
}

/// GNU FriBidi's levels for one paragraph, if the `fribidi` program is installed.
fn fribidi_levels(para: &str, rtl: bool) -> Option<Vec<unicode_bidi::Level>> {
    use std::io::Write;
    let mut child = Command::new("fribidi")
        .args(["--nopad", "--nobreak", "--levels", "--novisual"])
        .arg(if rtl { "--rtl" } else { "--ltr" })
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    stdin.write_all(format!("{para}\n").as_bytes()).ok()?;
    drop(stdin);
    let out = child.wait_with_output().ok()?;
    let levels: Vec<unicode_bidi::Level> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(|n| {
            n.parse::<u8>()
                .ok()
                .and_then(|n| unicode_bidi::Level::new(n).ok())
                .unwrap_or_else(|| panic!("fribidi printed {n:?} as a level"))
        })
        .collect();
    assert_eq!(
        levels.len(),
        para.chars().count(),
        "one FriBidi level per char"
    );
    Some(levels)
}

/// GNU FriBidi, where it is installed (`libfribidi-bin`), as a second reference: its levels for
/// each paragraph, in Naql's direction, with L1–L2 over each line. Without it the test says so
/// and checks nothing: `unicode-bidi` above is the reference every machine has.
#[test]
fn visual_order_matches_fribidi_where_it_is_installed() {
    if Command::new("fribidi").arg("--version").output().is_err() {
        eprintln!(
            "fribidi is not installed (apt-get install libfribidi-bin): second reference skipped"
        );
        return;
    }
    let mut engine = TextEngine::new();
    let mut lines_checked = 0;
    for (name, text) in articles() {
        let chars: Vec<char> = text.chars().collect();
        let doc = engine.layout(&text, &TextStyle::default(), 1000.0);
        let levels: Vec<Option<Vec<unicode_bidi::Level>>> = doc
            .paragraphs
            .iter()
            .map(|p| {
                let para: String = chars[p.chars.clone()].iter().collect();
                (!para.is_empty())
                    .then(|| fribidi_levels(&para, p.is_rtl()))
                    .flatten()
            })
            .collect();
        for width in [200.0, 450.0, 700.0, 1000.0] {
            let doc = engine.layout(&text, &TextStyle::default(), width);
            for ((p, order), levels) in doc.paragraphs.iter().zip(doc.visual_order()).zip(&levels) {
                let Some(levels) = levels else { continue };
                let base = if p.is_rtl() {
                    unicode_bidi::Level::rtl()
                } else {
                    unicode_bidi::Level::ltr()
                };
                for line in &order.lines {
                    let para = &chars[p.chars.clone()];
                    let want = expected_line(levels, para, p.chars.start, line, base);
                    assert_eq!(
                        naql_line(line, &chars),
                        want,
                        "{name} at {width}: line {}..{} against FriBidi",
                        line.start,
                        line.end
                    );
                    lines_checked += 1;
                }
            }
        }
    }
    assert!(lines_checked > 1000, "{lines_checked} lines checked");
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
