//! Typing right-to-left as well as Naql reads it: the note field is laid out by Naql's engine,
//! so a Persian note with a Latin name, digits and brackets keeps its reading order when it
//! wraps, right-aligned; typed by keys and by an input method's commit; the arrows move the
//! caret in screen order.

use crate::common;

use common::ui::{app_on, coder_prefs};
use egui::{Event, ImeEvent, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use naql::app::NaqlApp;
use naql::model::QuoteId;
use naql::ui::inspector::{NOTE_FIELD, note_field_id};

const ARTICLE_002: &str = "002_c6b224872927b575";
const NOTE: &str = "این نقل‌قول از Kayhan London است (ص ۲) و [غرب] افزوده شده.";

/// Sara's first quote in article 002, selected, with the note field in the inspector.
fn sara_on_a_quote(tmp: &tempfile::TempDir) -> (Harness<'static, NaqlApp>, QuoteId) {
    let mut harness = app_on(
        tmp.path().join("p"),
        coder_prefs("sara"),
        ARTICLE_002,
        900.0,
    );
    let id = harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| {
            w.project()
                .layers
                .get(&naql::model::PersonId::new("sara"))
                .and_then(|l| l.quotes.iter().find(|q| q.document.as_str() == ARTICLE_002))
                .map(|q| q.id.clone())
        })
        .unwrap_or_else(|| panic!("a quote of Sara's in 002"));
    harness.state_mut().select_quote(Some(id.clone()));
    harness.run();
    (harness, id)
}

fn note_of(harness: &Harness<'_, NaqlApp>, id: &QuoteId) -> String {
    harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| w.find_quote(id))
        .map(|q| q.note.clone())
        .unwrap_or_default()
}

/// Clicks into the note field and empties it.
fn clear_note(harness: &mut Harness<'_, NaqlApp>) {
    harness.get_by_label(NOTE_FIELD).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
}

fn type_text(harness: &mut Harness<'_, NaqlApp>, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

#[test]
fn a_mixed_persian_latin_note_typed_by_keys_and_an_input_method_reads_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut harness, id) = sara_on_a_quote(&tmp);
    // Clear what is there, then type: Persian by keys, the Latin name through an input
    // method's preedit and commit, the rest by keys, with a slip corrected by Backspace.
    clear_note(&mut harness);
    type_text(&mut harness, "این نقل‌قول از ");
    harness.event(Event::Ime(ImeEvent::Preedit {
        text: "Kayhan".into(),
        active_range_chars: None,
    }));
    harness.run();
    assert_eq!(
        note_of(&harness, &id),
        "این نقل‌قول از ",
        "a preedit is not yet text"
    );
    harness.event(Event::Ime(ImeEvent::Commit("Kayhan London".into())));
    harness.run();
    type_text(&mut harness, " است (ص ۲) و [غرب] افزوده شدهx");
    harness.key_press(Key::Backspace);
    harness.run();
    type_text(&mut harness, ".");

    assert_eq!(note_of(&harness, &id), NOTE);
    let field = note_field_id(&id);
    let fields = &harness.state().text.fields;
    let (text, _) = fields.state_of(field).unwrap_or_default();
    assert_eq!(text, NOTE);

    // Two lines, the first holding the start of the note at the right edge.
    let layout = fields
        .layout_of(field)
        .unwrap_or_else(|| panic!("laid out"));
    assert_eq!(layout.len(), 2, "the note wraps onto two lines");
    let width = layout.full_width().max(layout.width());
    let line = layout.get(0).unwrap_or_else(|| panic!("line 0"));
    assert_eq!(line.text_range().start, 0);
    let mut rightmost = (f32::MIN, usize::MAX);
    for item in line.items() {
        if let parley::PositionedLayoutItem::GlyphRun(run) = item {
            let end = run.offset() + run.advance();
            if end > rightmost.0 {
                rightmost = (end, run.run().text_range().start);
            }
        }
    }
    assert_eq!(rightmost.1, 0, "the note's first word is at the right");
    assert!(
        rightmost.0 > width - 2.0,
        "right-aligned: {} of {width}",
        rightmost.0
    );
    // «شده.» ends the second line, not the first.
    let second = layout.get(1).unwrap_or_else(|| panic!("line 1"));
    assert_eq!(second.text_range().end, NOTE.len());
    assert!(NOTE[second.text_range()].contains("شده."));

    // Ctrl+Z in the field takes back the last typing.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_ne!(note_of(&harness, &id), NOTE);
}

#[test]
fn the_arrows_move_the_caret_in_screen_order_across_a_direction_boundary() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut harness, id) = sara_on_a_quote(&tmp);
    clear_note(&mut harness);
    // Right to left on screen: «سلام» at the right, «Kayhan» (left to right) in the middle,
    // «است» at the left.
    type_text(&mut harness, "سلام Kayhan است");
    harness.key_press(Key::Home);
    harness.run();
    let field = note_field_id(&id);
    let caret = |h: &Harness<'_, NaqlApp>| h.state().text.fields.caret_x(field).unwrap_or(f32::NAN);
    let mut xs = vec![caret(&harness)];
    for _ in 0.."سلام Kayhan است".chars().count() {
        harness.key_press(Key::ArrowLeft);
        harness.run();
        xs.push(caret(&harness));
    }
    // Every press moves the caret one step left on screen, through the Latin word too.
    for w in xs.windows(2) {
        assert!(w[1] < w[0] + 0.01, "the caret never moves right: {xs:?}");
    }
    let distinct = xs.windows(2).filter(|w| w[1] < w[0] - 0.5).count();
    assert!(distinct >= 12, "it steps through the line: {xs:?}");
    assert_eq!(note_of(&harness, &id), "سلام Kayhan است");
}

/// The field alone, as wide as the inspector, with the note typed into it: the snapshot shows
/// it right-aligned, in reading order, on two lines (`tests/snapshots/note_field.png`).
#[test]
fn the_typed_note_renders_right_aligned_in_reading_order() {
    let field = egui::Id::unique("note-alone");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(340.0, 110.0))
        .build_ui_state(
            move |ui, state: &mut (naql::text::TextKit, String)| {
                ui.add_space(8.0);
                naql::text::TextField::new(&mut state.1, field, "note")
                    .multiline(3)
                    .width(320.0)
                    .show(ui, &mut state.0);
            },
            (naql::text::TextKit::default(), String::new()),
        );
    harness.get_by_label("note").click();
    harness.run();
    type_alone(&mut harness, "این نقل‌قول از ");
    harness.event(Event::Ime(ImeEvent::Commit("Kayhan London".into())));
    harness.run();
    type_alone(&mut harness, " است (ص ۲) و [غرب] افزوده شده.");
    assert_eq!(harness.state().1, NOTE);
    assert_eq!(
        harness.state().0.fields.layout_of(field).map(|l| l.len()),
        Some(2)
    );
    common::snapshot(&mut harness, "note_field");
}

fn type_alone<S>(harness: &mut Harness<'_, S>, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

/// A field whose text is not an edit of the project (a comment before its verdict) undoes its
/// own typing: a run of typing is one step, a delete another.
#[test]
fn a_free_field_undoes_its_own_typing_in_steps() {
    let field = egui::Id::unique("comment-alone");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(340.0, 60.0))
        .build_ui_state(
            move |ui, state: &mut (naql::text::TextKit, String)| {
                naql::text::TextField::new(&mut state.1, field, "comment")
                    .own_undo()
                    .show(ui, &mut state.0);
            },
            (naql::text::TextKit::default(), String::new()),
        );
    harness.get_by_label("comment").click();
    harness.run();
    type_alone(&mut harness, "پیام را ");
    type_alone(&mut harness, "احمدیان منتقل می‌کند");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Backspace);
    harness.run();
    assert_eq!(harness.state().1, "پیام را احمدیان منتقل ");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().1,
        "پیام را احمدیان منتقل می‌کند",
        "the word delete undone"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().1, "", "the typing, one step");
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().1, "پیام را احمدیان منتقل می‌کند");
}
