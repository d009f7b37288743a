//! The real app under egui_kittest: a coder drags across a mixed Persian/Latin line and gets
//! exactly the logical text; keyboard selection and copy; hover; a rendered snapshot.

use crate::common;

use common::ui::{app_on, coder_prefs, drag, ends_of, view};
use egui_kittest::kittest::Queryable;
use naql::text::ARTICLE_LABEL;

const ARTICLE_002: &str = "002_c6b224872927b575";
const TWEET_WORDS: &str = "کیهان لندن (@KayhanLondon) August 2, 2023";

/// The app on a fresh copy of the sample project, showing article 002, tall enough to show it
/// all without scrolling.
fn app_on_article_002(
    dir: std::path::PathBuf,
) -> egui_kittest::Harness<'static, naql::app::NaqlApp> {
    let mut prefs = coder_prefs("tester");
    // The snapshot shows the article alone, as wide as the window allows.
    prefs.show_inspector = false;
    prefs.show_quotes = false;
    let mut harness = app_on(dir, prefs, ARTICLE_002, 1500.0);
    // One coder's layer, as the snapshot was made (the sample has a second coder's layer for
    // the editor's views).
    harness
        .state_mut()
        .panels
        .layers
        .hidden
        .insert(naql::model::PersonId::new("omid"));
    harness.run();
    harness
}

#[test]
fn dragging_across_a_mixed_line_selects_its_logical_text() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on_article_002(tmp.path().join("p"));
    let article = harness.get_by_label(ARTICLE_LABEL).rect();
    assert!(article.width() > 500.0);
    let (from, to) = ends_of(&harness, ARTICLE_002, TWEET_WORDS);
    assert!(
        article.contains(from) && article.contains(to),
        "the line is on screen"
    );
    drag(&mut harness, from, to);
    assert_eq!(
        view(&harness, ARTICLE_002).selected_text().as_deref(),
        Some(TWEET_WORDS)
    );
    // Dragging the other way selects the same logical text.
    drag(&mut harness, to, from);
    assert_eq!(
        view(&harness, ARTICLE_002).selected_text().as_deref(),
        Some(TWEET_WORDS)
    );
}

#[test]
fn keyboard_extends_the_selection_and_copy_gives_the_logical_text() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on_article_002(tmp.path().join("p"));
    let (from, to) = ends_of(&harness, ARTICLE_002, TWEET_WORDS);
    drag(&mut harness, from, to);
    assert_eq!(
        view(&harness, ARTICLE_002).selected_text().as_deref(),
        Some(TWEET_WORDS)
    );

    // The tweet line is left-to-right, so Shift+← takes the last char back off the end.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowLeft);
    harness.run();
    let shorter: String = TWEET_WORDS
        .chars()
        .take(TWEET_WORDS.chars().count() - 1)
        .collect();
    assert_eq!(view(&harness, ARTICLE_002).selected_text(), Some(shorter));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
    harness.run();
    assert_eq!(
        view(&harness, ARTICLE_002).selected_text().as_deref(),
        Some(TWEET_WORDS)
    );

    harness.event(egui::Event::Copy);
    harness.step();
    let copied: Vec<&String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(copied, vec![TWEET_WORDS]);
}

#[test]
fn hovering_a_quote_names_its_kind_speaker_and_topics() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on_article_002(tmp.path().join("p"));
    // «به بلاروس برود» is coded as Lukashenko's indirect quote about bilateral relations.
    let (start, end) = ends_of(&harness, ARTICLE_002, "به بلاروس برود");
    harness.hover_at(start + (end - start) * 0.5);
    harness.run();
    harness.get_by_label_contains(
        "indirect quote — Alexander Lukashenko — Bilateral relations and visits",
    );
}

#[test]
fn article_002_renders_as_in_the_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on_article_002(tmp.path().join("p"));
    // Suggestions arrive from a background thread: draw once they are there.
    common::ui::wait_for_suggestions(&mut harness, ARTICLE_002);
    // Glyphs reach the atlas during the first frames; render once they are all there.
    harness.run();
    common::snapshot(&mut harness, "article_002");
}

#[test]
fn a_drag_that_starts_and_ends_inside_words_selects_whole_words() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on_article_002(tmp.path().join("p"));
    // From the second letter of «روسیه» to the second-last letter of «کرده».
    let (from, to) = ends_of(&harness, ARTICLE_002, "وسیه سفر کر");
    drag(&mut harness, from, to);
    assert_eq!(
        view(&harness, ARTICLE_002).selected_text().as_deref(),
        Some("روسیه سفر کرده")
    );
    // The keyboard still moves one char at a time: Shift+Left in this Persian line moves the
    // end forward over the space.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(
        view(&harness, ARTICLE_002).selected_text().as_deref(),
        Some("روسیه سفر کرده ")
    );
}

/// The drag of issue 13: from the end of «2023» to the left edge of the Persian name, where
/// the caret meets a direction boundary and takes the space before the name. The quote Q makes
/// never starts or ends with blank.
#[test]
fn a_quote_made_from_a_drag_at_a_direction_boundary_has_no_blank_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on_article_002(tmp.path().join("p"));
    let (start, end) = common::ui::char_range(&harness, ARTICLE_002, TWEET_WORDS);
    assert_eq!((start, end), (1798, 1839));
    let (name, origin) = common::ui::clusters_of(
        &harness,
        ARTICLE_002,
        start..start + "کیهان لندن".chars().count(),
    );
    // The name's left edge: the leftmost of its clusters.
    let name_left = name.iter().map(|c| c.rect.x0).fold(f32::MAX, f32::min);
    let (last, _) = common::ui::clusters_of(&harness, ARTICLE_002, end - 1..end);
    let last = &last[0];
    let from = egui::pos2(
        origin.x + last.rect.x1 - 1.0,
        origin.y + last.rect.centre().1,
    );
    // On the space between the Latin word before it and the name, a few points left of it.
    let to = egui::pos2(origin.x + name_left - 4.0, from.y);
    drag(&mut harness, from, to);
    let selected = view(&harness, ARTICLE_002).selection();
    assert_eq!(
        selected,
        Some(1797..1839),
        "the drag takes the space before the name"
    );
    harness.key_press(egui::Key::Q);
    harness.run();
    let ws = harness.state().workspace.as_ref();
    let q = ws
        .and_then(|w| w.selected_quote())
        .unwrap_or_else(|| panic!("Q made a quote"));
    assert_eq!((q.anchor.span.start, q.anchor.span.end), (1798, 1839));
    assert_eq!(q.anchor.text, TWEET_WORDS);
}

/// Another document opens at its top, and a document opens again where it was left.
#[test]
fn each_document_keeps_its_own_scroll_position() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on(
        tmp.path().join("p"),
        coder_prefs("tester"),
        ARTICLE_002,
        700.0,
    );
    const ARTICLE_000: &str = "000_13e0dc0d1b2b0156";
    let top = harness.get_by_label(ARTICLE_LABEL).rect().top();
    let origin_y = |h: &egui_kittest::Harness<'_, naql::app::NaqlApp>, doc: &str| {
        view(h, doc).origin().map(|o| o.y).unwrap_or(f32::NAN)
    };
    let at_top = origin_y(&harness, ARTICLE_002);
    assert!(at_top >= top, "{at_top} {top}");
    // Read far down article 002.
    let end = view(&harness, ARTICLE_002).text().chars().count() - 5;
    if let Some(v) = harness
        .state_mut()
        .panels
        .coding
        .views
        .get_mut(&naql::model::DocumentId::new(ARTICLE_002))
    {
        v.scroll_to(end);
    }
    harness.run();
    let scrolled = origin_y(&harness, ARTICLE_002);
    assert!(scrolled < top - 200.0, "scrolled down: {scrolled}");

    harness
        .state_mut()
        .select_document(naql::model::DocumentId::new(ARTICLE_000));
    harness.run();
    harness.run();
    let other = origin_y(&harness, ARTICLE_000);
    assert!(
        (other - at_top).abs() < 1.0,
        "article 000 opens at its top: {other} vs {at_top}"
    );

    harness
        .state_mut()
        .select_document(naql::model::DocumentId::new(ARTICLE_002));
    harness.run();
    harness.run();
    let back = origin_y(&harness, ARTICLE_002);
    assert!(
        (back - scrolled).abs() < 1.0,
        "002 where it was left: {back} vs {scrolled}"
    );
}
