//! Suggestions in the window, driven with the keys a coder uses: Tab goes to a suggestion,
//! Enter makes it the coder's quote (speaker, mention, cue and kind filled in), undo takes it
//! back, X rejects it and it stays rejected when the project is opened again.

use crate::common;

use common::ui::{app_on, app_sized, coder_prefs};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use naql::app::NaqlApp;
use naql::model::{DocumentId, PersonId, Quote, QuoteKind, Span};
use naql::suggest::Suggestion;

const ARTICLE: &str = "000_13e0dc0d1b2b0156";

fn press(harness: &mut Harness<'_, NaqlApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn wait_for_suggestions(harness: &mut Harness<'_, NaqlApp>) {
    common::ui::wait_for_suggestions(harness, ARTICLE);
}

fn my_quotes(harness: &Harness<'_, NaqlApp>) -> Vec<Quote> {
    harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| w.project().layers.get(&PersonId::from("tester")))
        .map(|l| l.quotes.clone())
        .unwrap_or_default()
}

/// The suggestions the article shows now.
fn shown(harness: &Harness<'_, NaqlApp>) -> Vec<Suggestion> {
    harness
        .state()
        .panels
        .coding
        .highlights
        .shown
        .iter()
        .map(|s| s.suggestion.clone())
        .collect()
}

fn focus(harness: &Harness<'_, NaqlApp>) -> Option<Span> {
    harness
        .state()
        .panels
        .coding
        .suggestion_focus
        .as_ref()
        .map(|(_, s)| *s)
}

#[test]
fn tab_enter_accepts_undo_removes_x_rejects_and_it_stays_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE, 900.0);
    wait_for_suggestions(&mut harness);
    let before = shown(&harness);
    assert!(
        before.len() >= 8,
        "the article's quotes are suggested: {before:?}"
    );
    assert_eq!(focus(&harness), None);

    // Tab: the first suggestion (in reading order).
    press(&mut harness, Modifiers::NONE, Key::Tab);
    let first = before[0].clone();
    assert_eq!(focus(&harness), Some(first.span));
    // The keyboard did not go to a widget.
    assert_eq!(harness.state().panels.keyboard_owner, None);

    // Enter: the coder's quote, with speaker, mention, cue and kind.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let mine = my_quotes(&harness);
    assert_eq!(mine.len(), 1);
    let q = &mine[0];
    assert_eq!(q.anchor.span, first.span);
    assert_eq!(q.speaker.as_ref().map(|s| s.as_str()), Some("lukashenko"));
    assert_eq!(
        q.mention.as_ref().map(|m| m.text.as_str()),
        Some("الکساندر لوکاشنکو")
    );
    assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("خواست"));
    assert_eq!(q.kind, QuoteKind::Indirect);
    // Accepted, it is no longer a suggestion; the next one is gone to.
    assert!(!shown(&harness).iter().any(|s| s.span == first.span));
    assert_eq!(focus(&harness), Some(before[1].span));

    // Undo: the quote is gone and the suggestion is back.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(my_quotes(&harness).is_empty());
    assert!(shown(&harness).iter().any(|s| s.span == first.span));

    // Shift+Tab back to it, X: rejected, and nothing is added to the layer.
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(focus(&harness), Some(first.span));
    press(&mut harness, Modifiers::NONE, Key::X);
    assert!(!shown(&harness).iter().any(|s| s.span == first.span));
    assert!(my_quotes(&harness).is_empty());
    assert_eq!(shown(&harness).len(), before.len() - 1);

    // Opened again (a new window on the same folder): still rejected, the rest still shown.
    drop(harness);
    let mut again = app_on(dir.clone(), coder_prefs("tester"), ARTICLE, 900.0);
    wait_for_suggestions(&mut again);
    let after = shown(&again);
    assert!(!after.iter().any(|s| s.span == first.span), "{after:?}");
    assert_eq!(after.len(), before.len() - 1);
    // Suggestions never went into the layer files.
    assert!(!dir.join("annotations/tester.ron").exists());
}

#[test]
fn accept_all_is_one_undo_step() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on(tmp.path().join("p"), coder_prefs("tester"), ARTICLE, 900.0);
    wait_for_suggestions(&mut harness);
    let n = shown(&harness).len();
    harness.get_by_label("Accept all in this document").click();
    harness.run();
    harness.run();
    assert_eq!(my_quotes(&harness).len(), n);
    assert!(shown(&harness).is_empty());
    assert!(my_quotes(&harness).iter().all(|q| q.cue.is_some()));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(my_quotes(&harness).is_empty());
    assert_eq!(shown(&harness).len(), n);
}

#[test]
fn a_suggestion_overlapping_a_quote_is_a_proposed_correction() {
    // Sara coded article 000; her quote 930..1058 is longer than the suggestion 930..973.
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on(tmp.path().join("p"), coder_prefs("sara"), ARTICLE, 900.0);
    wait_for_suggestions(&mut harness);
    let corrections: Vec<_> = harness
        .state()
        .panels
        .coding
        .highlights
        .shown
        .iter()
        .filter(|s| s.corrects.is_some())
        .cloned()
        .collect();
    assert!(
        !corrections.is_empty(),
        "overlapping suggestions are shown, not hidden"
    );
    // Those sara coded the same way are not suggested again.
    let sara = my_quotes_of(&harness, "sara");
    for s in shown(&harness) {
        assert!(
            !sara.iter().any(|q| q.anchor.span == s.span),
            "{s:?} is coded already"
        );
    }
    let c = &corrections[0];
    let id = c.corrects.clone().unwrap();
    // Go to it and accept: sara's quote takes the suggested span, keeping its topics.
    let topics_before = sara.iter().find(|q| q.id == id).unwrap().topics.clone();
    harness.state_mut().panels.coding.suggestion_focus =
        Some((DocumentId::new(ARTICLE), c.suggestion.span));
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let after = my_quotes_of(&harness, "sara");
    let q = after.iter().find(|q| q.id == id).unwrap();
    assert_eq!(q.anchor.span, c.suggestion.span);
    assert_eq!(q.topics, topics_before);
    assert_eq!(after.len(), sara.len(), "a correction adds no quote");
}

fn my_quotes_of(harness: &Harness<'_, NaqlApp>, who: &str) -> Vec<Quote> {
    harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| w.project().layers.get(&PersonId::from(who)))
        .map(|l| l.quotes.clone())
        .unwrap_or_default()
}

/// In a narrow window the line above the article wraps: a row wider than the panel widened
/// the article under it, and its first words (at the right edge) went out of view.
#[test]
fn the_suggestion_line_wraps_instead_of_widening_the_article() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_sized(
        tmp.path().join("p"),
        coder_prefs("tester"),
        ARTICLE,
        egui::vec2(900.0, 700.0),
    );
    wait_for_suggestions(&mut harness);
    harness.run();
    let article = harness.get_by_label(naql::text::ARTICLE_LABEL).rect();
    let button = harness.get_by_label("Accept all in this document").rect();
    let inspector = harness.get_by_label("Quote").rect();
    assert!(
        button.right() <= inspector.left(),
        "the button {button:?} stays left of the inspector at {inspector:?}"
    );
    assert!(
        article.right() <= inspector.left(),
        "the article {article:?} stays left of the inspector at {inspector:?}"
    );
}
