//! The real app under egui_kittest: a coder drags across a mixed Persian/Latin line and gets
//! exactly the logical text; keyboard selection and copy; hover; a rendered snapshot.

mod common;

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
        .hidden_layers
        .insert(naql::model::PersonId::new("omid"));
    harness.run();
    harness
}

#[test]
fn dragging_across_a_mixed_line_selects_its_logical_text() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut harness = app_on_article_002(tmp.path().join("p"));
    // Glyphs reach the atlas during the first frames; render once they are all there.
    harness.run();
    common::snapshot(&mut harness, "article_002");
}

#[test]
fn a_drag_that_starts_and_ends_inside_words_selects_whole_words() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
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
