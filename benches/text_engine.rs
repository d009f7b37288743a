//! The text engine's speed: `cargo bench --bench text_engine`.
//!
//! A 5,000-char mixed article (Persian paragraphs with Latin names, a URL, a handle, dates,
//! Persian and Western digits, «» and brackets), laid out at 700 px; then re-wrapping, hit
//! testing with selection geometry, and whole article-view frames with 300 highlights.

// A bench fails loudly on a broken set-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
use harness::measure;

use egui::Color32;
use naql::text::{ArticleView, Highlight, HighlightKind, TextEngine, TextKit, TextStyle};
use std::time::Instant;

fn article() -> String {
    let mut paragraphs = Vec::new();
    for (path, text) in naql::sample::FILES {
        if path.starts_with("articles/002")
            || path.starts_with("articles/000")
            || path.starts_with("articles/003")
        {
            paragraphs.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned),
            );
        }
    }
    let mut out = String::new();
    for p in paragraphs.iter().cycle() {
        if out.chars().count() >= 5000 {
            break;
        }
        out.push_str(p);
        out.push('\n');
    }
    out.chars().take(5000).collect()
}

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

fn main() {
    if !harness::benching("text_engine") {
        return;
    }
    let text = article();
    let style = TextStyle::default();
    let mut engine = TextEngine::new();
    println!("article: {} chars", text.chars().count());

    measure("full layout at 700 px", 50, || {
        let t = Instant::now();
        std::hint::black_box(engine.layout(&text, &style, 700.0));
        t.elapsed()
    });
    // `--bench layout-only`: just the above, for profiling.
    if std::env::args().any(|a| a == "layout-only") {
        return;
    }

    let mut layout = engine.layout(&text, &style, 700.0);
    let mut flip = false;
    measure("re-wrap on resize (700 ↔ 690 px)", 200, || {
        flip = !flip;
        let t = Instant::now();
        layout.rewrap(if flip { 690.0 } else { 700.0 });
        t.elapsed()
    });
    layout.rewrap(700.0);

    let mut rng = Lcg(3);
    let n = layout.char_len();
    let (w, h) = (layout.width(), layout.height());
    measure("hit test + selection geometry", 2000, || {
        let (x, y) = (rng.below(w as usize) as f32, rng.below(h as usize) as f32);
        let a = rng.below(n);
        let b = (a + 20 + rng.below(200)).min(n);
        let t = Instant::now();
        let caret = layout.caret_at(x, y);
        let rects = layout.range_rects(a..b);
        let d = t.elapsed();
        std::hint::black_box((caret, rects));
        d
    });

    // Whole frames of the article view, as the app draws them, without a GPU.
    let highlights: Vec<Highlight> = (0..300)
        .map(|i| {
            let a = rng.below(n - 200);
            Highlight {
                range: a..a + 20 + rng.below(150),
                kind: if i % 3 == 0 {
                    HighlightKind::Background
                } else {
                    HighlightKind::Underline
                },
                colour: Color32::from_rgba_unmultiplied(200, 100, 50, 80),
                id: i,
            }
        })
        .collect();
    let ctx = egui::Context::default();
    let mut kit = TextKit::default();
    let mut view = ArticleView::new(text.clone());
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let frame = |kit: &mut TextKit, view: &mut ArticleView| {
        let out = ctx.run_ui(input(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                view.show(ui, kit, &style, &highlights);
            });
        });
        ctx.tessellate(out.shapes, out.pixels_per_point)
    };
    // The first frames fill the glyph atlas and the highlight geometry.
    for _ in 0..3 {
        frame(&mut kit, &mut view);
    }
    measure(
        "article view frame, 300 highlights (+ tessellation)",
        100,
        || {
            let t = Instant::now();
            std::hint::black_box(frame(&mut kit, &mut view));
            t.elapsed()
        },
    );
    let mut sel = 0;
    measure("  same, while a drag changes the selection", 100, || {
        sel = (sel + 37) % (n - 400);
        view.set_selection(Some(sel..sel + 300));
        let t = Instant::now();
        std::hint::black_box(frame(&mut kit, &mut view));
        t.elapsed()
    });
}
