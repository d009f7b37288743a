//! Driving the real app under egui_kittest as a coder would: pointer drags over article text,
//! found by the text itself.
#![allow(dead_code)]

use egui::{Pos2, pos2, vec2};
use egui_kittest::Harness;
use naql::app::dialogs::Scripted;
use naql::app::{NaqlApp, Prefs};
use naql::model::{DocumentId, Person};
use naql::text::{ArticleView, ClusterBox};
use std::path::PathBuf;

/// Preferences of a coder who has already told Naql their name.
pub fn coder_prefs(id: &str) -> Prefs {
    Prefs {
        coder: Some(Person {
            id: id.into(),
            name: id.to_owned(),
        }),
        ..Prefs::default()
    }
}

/// The app on the project in `dir` (the sample is installed there first if it is empty),
/// showing `doc`, with scripted file dialogs.
pub fn app_on(dir: PathBuf, prefs: Prefs, doc: &str, height: f32) -> Harness<'static, NaqlApp> {
    app_sized(dir, prefs, doc, vec2(1280.0, height))
}

/// [`app_on`] in a window of `size`.
pub fn app_sized(
    dir: PathBuf,
    prefs: Prefs,
    doc: &str,
    size: egui::Vec2,
) -> Harness<'static, NaqlApp> {
    naql::sample::install(&dir).unwrap();
    let mut harness = Harness::builder().with_size(size).build_eframe(move |cc| {
        let app = NaqlApp::with_dialogs(prefs, Some(dir), Box::new(Scripted::default()));
        naql::ui::setup(&cc.egui_ctx, &app.prefs);
        app
    });
    harness.state_mut().select_document(DocumentId::new(doc));
    harness.run();
    harness
}

pub fn view<'h>(harness: &'h Harness<'_, NaqlApp>, doc: &str) -> &'h ArticleView {
    harness
        .state()
        .panels
        .coding
        .views
        .get(&DocumentId::new(doc))
        .unwrap_or_else(|| panic!("article {doc} is open"))
}

/// The screen point just inside a cluster's logical start (its right side when right-to-left)
/// or logical end.
pub fn inside_edge(c: &ClusterBox, origin: Pos2, start: bool) -> Pos2 {
    let inset = c.rect.width() * 0.2;
    let x = if start == c.rtl {
        c.rect.x1 - inset
    } else {
        c.rect.x0 + inset
    };
    pos2(origin.x + x, origin.y + c.rect.centre().1)
}

/// The char range of the first occurrence of `target` in the article `doc`.
pub fn char_range(harness: &Harness<'_, NaqlApp>, doc: &str, target: &str) -> (usize, usize) {
    let text = view(harness, doc).text();
    let start = text
        .find(target)
        .map(|b| text[..b].chars().count())
        .unwrap_or_else(|| panic!("{target} in {doc}"));
    (start, start + target.chars().count())
}

/// The clusters of chars `chars` of article `doc` as drawn, and the screen point of the
/// layout's (0, 0).
pub fn clusters_of(
    harness: &Harness<'_, NaqlApp>,
    doc: &str,
    chars: std::ops::Range<usize>,
) -> (Vec<ClusterBox>, Pos2) {
    let v = view(harness, doc);
    let layout = v.layout().unwrap_or_else(|| panic!("laid out"));
    let origin = v.origin().unwrap_or_else(|| panic!("drawn"));
    let boxes = layout.cluster_boxes(0..layout.paragraphs.len());
    let found = chars
        .map(|i| {
            boxes
                .iter()
                .find(|c| c.chars.contains(&i))
                .cloned()
                .unwrap_or_else(|| panic!("char {i}"))
        })
        .collect();
    (found, origin)
}

/// Screen points just inside the logical start and end of `target` in article `doc`.
pub fn ends_of(harness: &Harness<'_, NaqlApp>, doc: &str, target: &str) -> (Pos2, Pos2) {
    let (start, end) = char_range(harness, doc, target);
    let (clusters, origin) = clusters_of(harness, doc, start..end);
    (
        inside_edge(&clusters[0], origin, true),
        inside_edge(&clusters[clusters.len() - 1], origin, false),
    )
}

/// A mouse drag from `from` to `to`: move there, press, move in steps, release.
pub fn drag(harness: &mut Harness<'_, NaqlApp>, from: Pos2, to: Pos2) {
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
}

/// Drags across `target` in article `doc`, from its logical start to its end.
pub fn select_by_dragging(harness: &mut Harness<'_, NaqlApp>, doc: &str, target: &str) {
    let (from, to) = ends_of(harness, doc, target);
    drag(harness, from, to);
}

/// Runs frames until the suggestions' background pass is done and `doc` has its suggestions,
/// so that what is drawn no longer depends on how fast that thread was.
pub fn wait_for_suggestions(harness: &mut Harness<'_, NaqlApp>, doc: &str) {
    for _ in 0..1000 {
        harness.run();
        let ready = harness.state().workspace.as_ref().is_some_and(|ws| {
            ws.suggestions.pass.is_none() && ws.suggestions.of(&DocumentId::new(doc)).is_some()
        });
        if ready {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the suggestions of {doc} never came");
}
