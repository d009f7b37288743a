//! The real app under egui_kittest: a coder drags across a mixed Persian/Latin line and gets
//! exactly the logical text; and a rendered snapshot of an article.

use egui::{Pos2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use naql::app::{NaqlApp, Prefs};
use naql::model::DocumentId;
use naql::text::{ARTICLE_LABEL, ArticleView, ClusterBox};
use std::path::PathBuf;

const ARTICLE_002: &str = "002_c6b224872927b575";

/// The app on a fresh copy of the sample project, showing article 002, tall enough to show it
/// all without scrolling.
fn app_on_article_002(dir: PathBuf) -> Harness<'static, NaqlApp> {
    naql::sample::install(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 1500.0))
        .build_eframe(move |cc| {
            let app = NaqlApp::new(Prefs::default(), Some(dir));
            naql::ui::setup(&cc.egui_ctx, &app.prefs);
            app
        });
    harness
        .state_mut()
        .select_document(DocumentId(ARTICLE_002.into()));
    harness.run();
    harness
}

fn view<'h>(harness: &'h Harness<'_, NaqlApp>) -> &'h ArticleView {
    harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| w.views.get(&DocumentId(ARTICLE_002.into())))
        .unwrap_or_else(|| panic!("article 002 is open"))
}

/// The screen point just inside a cluster's logical start (its right side when right-to-left)
/// or logical end.
fn inside_edge(c: &ClusterBox, origin: Pos2, start: bool) -> Pos2 {
    let inset = c.rect.width() * 0.2;
    let x = if start == c.rtl {
        c.rect.x1 - inset
    } else {
        c.rect.x0 + inset
    };
    pos2(origin.x + x, origin.y + c.rect.centre().1)
}

#[test]
fn dragging_across_a_mixed_line_selects_its_logical_text() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut harness = app_on_article_002(tmp.path().join("p"));
    let article = harness.get_by_label(ARTICLE_LABEL).rect();
    assert!(article.width() > 500.0);

    let target = "کیهان لندن (@KayhanLondon) August 2, 2023";
    let (from, to) = {
        let v = view(&harness);
        let text = v.text();
        let start = text
            .find(target)
            .map(|b| text[..b].chars().count())
            .unwrap_or_else(|| panic!("in 002"));
        let end = start + target.chars().count();
        let layout = v.layout().unwrap_or_else(|| panic!("laid out"));
        let origin = v.origin().unwrap_or_else(|| panic!("drawn"));
        let boxes = layout.cluster_boxes(0..layout.paragraphs.len());
        let at = |i: usize| {
            boxes
                .iter()
                .find(|c| c.chars.contains(&i))
                .unwrap_or_else(|| panic!("char {i}"))
        };
        (
            inside_edge(at(start), origin, true),
            inside_edge(at(end - 1), origin, false),
        )
    };
    assert!(
        article.contains(from) && article.contains(to),
        "the line is on screen"
    );

    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(from + (to - from) * t);
        harness.run();
    }
    harness.drop_at(to);
    harness.run();

    assert_eq!(view(&harness).selected_text().as_deref(), Some(target));

    // Dragging the other way selects the same logical text.
    harness.hover_at(to);
    harness.run();
    harness.drag_at(to);
    harness.run();
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(to + (from - to) * t);
        harness.run();
    }
    harness.drop_at(from);
    harness.run();
    assert_eq!(view(&harness).selected_text().as_deref(), Some(target));
}

#[test]
fn article_002_renders_as_in_the_snapshot() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut harness = app_on_article_002(tmp.path().join("p"));
    // Glyphs reach the atlas during the first frames; render once they are all there.
    harness.run();
    harness.snapshot("article_002");
}
