//! The coder's workspace under egui_kittest, driven as a coder drives it: drag over words, Q,
//! type the speaker's name in another script, topic keys, undo and redo, save, and the quote is
//! in the file. Crash recovery and the unsaved-changes prompt.

use crate::common;

use common::ui::{app_on, char_range, coder_prefs, select_by_dragging, view};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use naql::app::NaqlApp;
use naql::model::{PersonId, Quote, Span, TopicId};
use naql::store::ProjectDir;
use naql::ui::inspector::SPEAKER_FIELD;
use std::path::Path;

const ARTICLE_000: &str = "000_13e0dc0d1b2b0156";
/// The headline's quoted claim, which the sample coder did not tag.
const CLAIM: &str = "بلاروس همیشه شریک قابل اعتماد ایران بوده است";

fn press(harness: &mut Harness<'_, NaqlApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn press_with(harness: &mut Harness<'_, NaqlApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// The sample project in `tmp` in review mode, as the editor.
fn editor_in_review(tmp: &tempfile::TempDir) -> Harness<'static, NaqlApp> {
    let mut harness = app_on(
        tmp.path().join("p"),
        coder_prefs("editor"),
        ARTICLE_000,
        900.0,
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Num2);
    harness.run_steps(4);
    harness
}

/// The sample project in `tmp`, article 000 open, coder "tester".
fn tester_on_000(tmp: &tempfile::TempDir) -> Harness<'static, NaqlApp> {
    app_on(
        tmp.path().join("p"),
        coder_prefs("tester"),
        ARTICLE_000,
        900.0,
    )
}

/// The tester's quotes in memory.
fn my_quotes(harness: &Harness<'_, NaqlApp>) -> Vec<Quote> {
    harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| w.project().layers.get(&PersonId::from("tester")))
        .map(|l| l.quotes.clone())
        .unwrap_or_default()
}

fn topics(q: &Quote) -> Vec<&str> {
    q.topics.iter().map(TopicId::as_str).collect()
}

/// Drag, Q, speaker typed in Arabic script, two topics: the quote as a coder makes it.
fn tag_the_claim(harness: &mut Harness<'_, NaqlApp>) -> (usize, usize) {
    select_by_dragging(harness, ARTICLE_000, CLAIM);
    assert_eq!(
        view(harness, ARTICLE_000).selected_text().as_deref(),
        Some(CLAIM)
    );
    press(harness, Key::Q);
    let quotes = my_quotes(harness);
    assert_eq!(quotes.len(), 1, "Q made one quote");
    assert_eq!(quotes[0].anchor.text, CLAIM);

    // The speaker field has the keyboard now: the Arabic spelling finds the Persian entry.
    let field = harness.get_by_label(SPEAKER_FIELD);
    assert!(
        field.is_focused(),
        "after Q the speaker field takes the keyboard"
    );
    field.type_text("لوكاشينكو");
    harness.run();
    harness.get_by_label_contains("Alexander Lukashenko — لوكاشينكو");
    press(harness, Key::Enter);
    assert_eq!(
        my_quotes(harness)[0].speaker.as_ref().map(|s| s.as_str()),
        Some("lukashenko")
    );

    // Back in the article: topic keys 1 and 2.
    press(harness, Key::Num1);
    press(harness, Key::Num2);
    assert_eq!(topics(&my_quotes(harness)[0]), vec!["bilateral", "economy"]);
    char_range(harness, ARTICLE_000, CLAIM)
}

#[test]
fn a_coder_tags_a_quote_undoes_redoes_saves_and_finds_it_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE_000, 900.0);
    let (start, end) = tag_the_claim(&mut harness);

    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        topics(&my_quotes(&harness)[0]),
        vec!["bilateral"],
        "undo takes the last topic back"
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(topics(&my_quotes(&harness)[0]), Vec::<&str>::new());
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    press_with(&mut harness, Modifiers::COMMAND, Key::Y);
    assert_eq!(
        topics(&my_quotes(&harness)[0]),
        vec!["bilateral", "economy"],
        "redo, both ways"
    );

    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(
        !harness
            .state()
            .workspace
            .as_ref()
            .is_some_and(|w| w.is_dirty())
    );

    let loaded = ProjectDir::open(&dir).unwrap();
    let layer = &loaded.project.layers[&PersonId::from("tester")];
    assert_eq!(layer.quotes.len(), 1);
    let q = &layer.quotes[0];
    assert_eq!(q.anchor.span, Span::new(start, end));
    assert_eq!(q.anchor.text, CLAIM);
    assert_eq!(q.speaker.as_ref().map(|s| s.as_str()), Some("lukashenko"));
    assert_eq!(topics(q), vec!["bilateral", "economy"]);
    assert!(
        loaded
            .project
            .manifest
            .person(&PersonId::from("tester"))
            .is_some(),
        "the new coder joined the project's people"
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

/// The project's files, as bytes, to check that nothing was written.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["project.ron", "annotations"] {
        let p = dir.join(sub);
        if p.is_file() {
            out.push((sub.to_owned(), std::fs::read(&p).unwrap_or_default()));
        } else if let Ok(entries) = std::fs::read_dir(&p) {
            let mut names: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            names.sort();
            for n in names {
                out.push((
                    n.display().to_string(),
                    std::fs::read(&n).unwrap_or_default(),
                ));
            }
        }
    }
    out
}

#[test]
fn edits_a_crash_left_unsaved_are_offered_and_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE_000, 900.0);
    let before = files(&dir);
    tag_the_claim(&mut harness);
    // The process dies before the autosave: nothing of the project was written...
    drop(harness);
    assert_eq!(files(&dir), before, "no save happened");

    // ...and the next start offers the edits back.
    let mut harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE_000, 900.0);
    harness.get_by_label_contains("Unsaved edits found");
    assert!(
        my_quotes(&harness).is_empty(),
        "nothing is applied before the coder says so"
    );
    harness.get_by_label("Recover").click();
    harness.run();
    let quotes = my_quotes(&harness);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].anchor.text, CLAIM);
    assert_eq!(topics(&quotes[0]), vec!["bilateral", "economy"]);
    assert_eq!(
        quotes[0].speaker.as_ref().map(|s| s.as_str()),
        Some("lukashenko")
    );

    // Recovered edits are unsaved edits: saving writes them and the offer is gone for good.
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    drop(harness);
    let harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE_000, 900.0);
    assert!(
        harness
            .query_by_label_contains("Unsaved edits found")
            .is_none()
    );
    assert_eq!(my_quotes(&harness).len(), 1);
}

/// What the window system sends when the coder closes the window.
fn ask_to_close(harness: &mut Harness<'_, NaqlApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
}

/// Whether the last frame sent the window a command like `want`.
fn commanded(harness: &Harness<'_, NaqlApp>, want: fn(&egui::ViewportCommand) -> bool) -> bool {
    harness
        .output()
        .viewport_output
        .values()
        .any(|v| v.commands.iter().any(want))
}

#[test]
fn closing_with_unsaved_changes_asks_and_cancel_keeps_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE_000, 900.0);
    select_by_dragging(&mut harness, ARTICLE_000, CLAIM);
    press(&mut harness, Key::Q);

    ask_to_close(&mut harness);
    harness.run();
    harness.get_by_label_contains("Save before closing?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Save before closing?")
            .is_none()
    );
    assert_eq!(my_quotes(&harness).len(), 1, "cancel keeps the work open");

    // Asked again, "Save and close" writes the quote and closes.
    ask_to_close(&mut harness);
    harness.step();
    assert!(
        commanded(&harness, |c| matches!(
            c,
            egui::ViewportCommand::CancelClose
        )),
        "the close was held back"
    );
    harness.run();
    harness.get_by_label("Save and close").click();
    harness.step();
    assert!(
        commanded(&harness, |c| matches!(c, egui::ViewportCommand::Close)),
        "the app asks the window to close"
    );
    let loaded = ProjectDir::open(&dir).unwrap();
    assert_eq!(
        loaded.project.layers[&PersonId::from("tester")]
            .quotes
            .len(),
        1
    );
}

#[test]
fn closing_with_nothing_unsaved_does_not_ask() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    ask_to_close(&mut harness);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Save before closing?")
            .is_none()
    );
}

#[test]
fn search_finds_persian_words_typed_with_arabic_letters_and_without_zwnj() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    let field = harness.get_by_label(naql::ui::search::FIND_FIELD);
    // Arabic yeh and kaf for the Persian «شریک».
    field.type_text("شريك");
    harness.run();
    press(&mut harness, Key::Enter);
    assert_eq!(
        view(&harness, ARTICLE_000).selected_text().as_deref(),
        Some("شریک"),
        "Enter jumps to the first hit and selects it"
    );
}

#[test]
fn a_new_coder_is_asked_once_for_their_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), naql::app::Prefs::default(), ARTICLE_000, 900.0);
    harness.get_by_label_contains("Who is coding?");
    let field = harness.get_by_label("Your name");
    assert!(field.is_focused(), "the name field is ready for typing");
    field.type_text("Reza Tehrani");
    harness.run();
    press(&mut harness, Key::Enter);
    let coder = harness.state().prefs.coder.clone();
    assert_eq!(
        coder.map(|p| (p.id.as_str().to_owned(), p.name)),
        Some(("reza-tehrani".to_owned(), "Reza Tehrani".to_owned()))
    );
    assert!(harness.query_by_label_contains("Who is coding?").is_none());

    // Their edits are journaled under their own id, where the next start looks.
    select_by_dragging(&mut harness, ARTICLE_000, CLAIM);
    press(&mut harness, Key::Q);
    assert!(dir.join(".naql/reza-tehrani.journal").exists());
    assert_eq!(
        harness
            .state()
            .workspace
            .as_ref()
            .map(|w| w.coder_id().as_str().to_owned()),
        Some("reza-tehrani".to_owned())
    );
}

#[test]
fn s_marks_the_mention_and_finds_the_speaker_and_shift_arrows_move_the_span() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    select_by_dragging(&mut harness, ARTICLE_000, CLAIM);
    press(&mut harness, Key::Q);
    press(&mut harness, Key::Escape); // leave the speaker field
    assert!(
        harness
            .state()
            .workspace
            .as_ref()
            .is_some_and(|w| w.selected.is_some()),
        "Esc leaves the speaker field and keeps the quote selected"
    );
    // The headline names the speaker: «لوکاشنکو», an alias of Lukashenko.
    let title_name = "لوکاشنکو در دیدار";
    select_by_dragging(&mut harness, ARTICLE_000, title_name);
    let name = "لوکاشنکو";
    let (s, _) = char_range(&harness, ARTICLE_000, name);
    // Keep only the name: Shift+Right in this Persian line moves the end back.
    for _ in 0.." در دیدار".chars().count() {
        press_with(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    }
    assert_eq!(
        view(&harness, ARTICLE_000).selected_text().as_deref(),
        Some(name)
    );
    assert_eq!(
        my_quotes(&harness)[0].anchor.text,
        CLAIM,
        "shaping another selection leaves the quote"
    );
    press(&mut harness, Key::S);
    let q = my_quotes(&harness)[0].clone();
    assert_eq!(
        q.mention.as_ref().map(|m| (m.span.start, m.text.as_str())),
        Some((s, name))
    );
    assert_eq!(
        q.speaker.as_ref().map(|s| s.as_str()),
        Some("lukashenko"),
        "S found the speaker"
    );
    press(&mut harness, Key::I);
    assert_eq!(
        my_quotes(&harness)[0].kind,
        naql::model::QuoteKind::Indirect
    );

    // Select the quote again and take its last word off with Shift+Right (three nudges, one
    // undo step).
    let id = q.id.clone();
    harness.state_mut().select_quote(Some(id));
    harness.run();
    assert_eq!(
        view(&harness, ARTICLE_000).selected_text().as_deref(),
        Some(CLAIM),
        "selecting a quote selects its words"
    );
    let focus_article = harness.get_by_label(naql::text::ARTICLE_LABEL);
    focus_article.focus();
    harness.run();
    for _ in 0.." است".chars().count() {
        press_with(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    }
    let shorter = CLAIM.trim_end_matches(" است");
    assert_eq!(my_quotes(&harness)[0].anchor.text, shorter);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        my_quotes(&harness)[0].anchor.text,
        CLAIM,
        "the nudges were one step"
    );
}

#[test]
fn another_coders_quote_is_shown_read_only() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    let saras = |h: &Harness<'_, NaqlApp>| {
        h.state()
            .workspace
            .as_ref()
            .and_then(|w| w.project().layers.get(&PersonId::from("sara")))
            .and_then(|l| l.quotes.iter().find(|q| q.document.as_str() == ARTICLE_000))
            .cloned()
            .unwrap_or_else(|| panic!("sara coded article 000"))
    };
    let before = saras(&harness);
    harness.state_mut().select_quote(Some(before.id.clone()));
    harness.run();
    harness.get_by_label_contains("Coded by sara: read-only");
    press(&mut harness, Key::M);
    press(&mut harness, Key::Num5);
    press(&mut harness, Key::Delete);
    assert_eq!(
        saras(&harness),
        before,
        "keys do not change another coder's quote"
    );
}

#[test]
fn a_new_project_and_an_import_from_the_file_menu() {
    use naql::app::dialogs::Scripted;
    use naql::app::{Command, UiCommand};
    let tmp = tempfile::tempdir().unwrap();
    let new = tmp.path().join("new");
    let dialogs = Scripted {
        new_project: Some(new.clone()),
        articles: vec![common::corpus_dir()],
        ..Scripted::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let app = NaqlApp::with_dialogs(coder_prefs("tester"), None, Box::new(dialogs));
            naql::ui::setup(&cc.egui_ctx, &app.prefs);
            app
        });
    harness
        .state_mut()
        .queue
        .push(Command::Ui(UiCommand::NewProject));
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace
            .as_ref()
            .map(|w| w.root().to_owned()),
        Some(new.clone())
    );
    harness
        .state_mut()
        .queue
        .push(Command::Ui(UiCommand::ImportArticles));
    harness.step();
    // The import runs off the UI thread; frames go on meanwhile.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.state().job.is_some() && std::time::Instant::now() < until {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.run();
    let message = harness
        .state()
        .notices
        .latest_text()
        .unwrap_or_default()
        .to_owned();
    assert!(message.starts_with("imported 5 articles"), "{message}");
    let docs = harness
        .state()
        .workspace
        .as_ref()
        .map_or(0, |w| w.project().manifest.documents.len());
    assert_eq!(docs, 5);
    let loaded = ProjectDir::open(&new).unwrap();
    assert_eq!(
        loaded.project.manifest.documents.len(),
        5,
        "the manifest is saved"
    );
    assert_eq!(loaded.project.texts.len(), 5);
}

#[test]
fn the_codebook_editor_adds_and_renames_topics_with_undo() {
    use naql::app::{Command, UiCommand};
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    harness
        .state_mut()
        .queue
        .push(Command::Ui(UiCommand::Codebook));
    harness.run_steps(8);
    let topics = |h: &Harness<'_, NaqlApp>| -> Vec<(String, String)> {
        h.state()
            .workspace
            .as_ref()
            .map(|w| {
                w.project()
                    .manifest
                    .codebook
                    .topics
                    .iter()
                    .map(|t| (t.id.as_str().to_owned(), t.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = topics(&harness);
    harness.get_by_label("new topic id").focus();
    harness.run_steps(8);
    harness.get_by_label("new topic id").type_text("energy");
    harness.run_steps(8);
    harness.get_by_label("Add topic").click();
    harness.run_steps(8);
    let after = topics(&harness);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last().map(|t| t.0.as_str()), Some("energy"));

    // Rename it: typing is one undo step.
    harness
        .get_by_role_and_label(egui::Role::TextInput, "energy")
        .focus();
    harness.run_steps(8);
    harness
        .get_by_role_and_label(egui::Role::TextInput, "energy")
        .type_text(" · انرژی");
    harness.run_steps(8);
    assert_eq!(
        topics(&harness).last().map(|t| t.1.as_str()),
        Some("energy · انرژی")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(8);
    assert_eq!(
        topics(&harness).last().map(|t| t.1.as_str()),
        Some("energy")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(8);
    assert_eq!(topics(&harness), before, "undo took the new topic back");
}

#[test]
fn the_speaker_window_opens_and_a_merge_is_one_undo_step() {
    use naql::app::{Command, UiCommand};
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    harness
        .state_mut()
        .queue
        .push(Command::Ui(UiCommand::Speakers));
    harness.run_steps(8);
    // The window lists every speaker with its number of quotes (accessibility-checked).
    harness.get_by_label_contains("Alexander Lukashenko (");
    // Merging goes through one action: Putin's entry into Lukashenko's, then undo.
    let (merge, before) = {
        let ws = harness
            .state()
            .workspace
            .as_ref()
            .unwrap_or_else(|| panic!("open"));
        let merge = naql::action::merge_speakers(
            ws.project(),
            &"putin".into(),
            &"lukashenko".into(),
            jiff::Timestamp::now(),
        )
        .unwrap_or_else(|| panic!("mergeable"));
        (merge, ws.project().manifest.speakers.len())
    };
    harness
        .state_mut()
        .queue
        .push(Command::edit(merge, "merge speakers"));
    harness.run_steps(8);
    let speakers = |h: &Harness<'_, NaqlApp>| {
        h.state()
            .workspace
            .as_ref()
            .map_or(0, |w| w.project().manifest.speakers.len())
    };
    assert_eq!(speakers(&harness), before - 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(8);
    assert_eq!(speakers(&harness), before);
}

/// The editor's side: review mode, filter by a speaker, open a quote in its article, reject it
/// with a comment, save; a new window on the same folder shows the verdict.
#[test]
fn an_editor_filters_opens_in_context_rejects_with_a_comment_and_the_verdict_stays() {
    use egui::accesskit::Role;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), coder_prefs("editor"), ARTICLE_000, 900.0);
    press_with(&mut harness, Modifiers::COMMAND, Key::Num2);
    harness.run_steps(4);
    harness.get_by_label("52 of 52 quotes");

    // Speaker: Ali-Akbar Ahmadian, from the filter's list.
    harness.get_by_label("by speaker").click();
    harness.run_steps(4);
    harness
        .get_by_role_and_label(Role::Button, "Ali-Akbar Ahmadian")
        .click();
    harness.run_steps(4);
    // Sara tagged four of his statements; Omid three of them and one Sara did not.
    harness.get_by_label("8 of 52 quotes");

    // J opens the first one in its article, selected there.
    press(&mut harness, Key::J);
    harness.run_steps(4);
    let (id, text) = {
        let ws = harness
            .state()
            .workspace
            .as_ref()
            .unwrap_or_else(|| panic!());
        let id = ws
            .selected
            .clone()
            .unwrap_or_else(|| panic!("J selects a quote"));
        let q = ws
            .project()
            .quotes()
            .find(|(_, q)| q.id == id)
            .map(|(_, q)| q.clone())
            .unwrap_or_else(|| panic!());
        assert_eq!(q.speaker.as_ref().map(|s| s.as_str()), Some("ahmadian"));
        (id, q.anchor.text)
    };
    assert_eq!(
        view(&harness, ARTICLE_000).selected_text().as_deref(),
        Some(text.as_str()),
        "the quote is shown and selected in its article"
    );

    // A comment, then Reject.
    harness
        .get_by_label(naql::ui::review::COMMENT_FIELD)
        .focus();
    harness.run_steps(2);
    harness
        .get_by_label(naql::ui::review::COMMENT_FIELD)
        .type_text("پیام را احمدیان منتقل می‌کند، نه لوکاشنکو");
    harness.run_steps(2);
    harness.get_by_label("Reject").click();
    harness.run_steps(4);
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    drop(harness);

    let loaded = ProjectDir::open(&dir).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let reviews: Vec<_> = loaded.project.reviews().collect();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].quote, id);
    assert_eq!(reviews[0].verdict, naql::model::Verdict::Rejected);
    assert_eq!(
        reviews[0].comment,
        "پیام را احمدیان منتقل می‌کند، نه لوکاشنکو"
    );
    assert_eq!(reviews[0].editor, PersonId::new("editor"));
    assert!(
        loaded
            .project
            .manifest
            .person(&PersonId::new("editor"))
            .is_some()
    );

    // A new window: the table shows the verdict; filtering by it finds that one quote.
    let mut harness = app_on(dir, coder_prefs("editor"), ARTICLE_000, 900.0);
    press_with(&mut harness, Modifiers::COMMAND, Key::Num2);
    harness.run_steps(4);
    harness.get_by_label("rejected");
    harness.get_by_label("by verdict").click();
    harness.run_steps(4);
    harness
        .get_by_role_and_label(Role::Button, "rejected")
        .click();
    harness.run_steps(4);
    harness.get_by_label("1 of 52 quotes");
}

/// Compare two coders on one article and adjudicate: take one coder's version of a statement
/// into the curated layer, then the other's instead; one undo step each; saved like any layer.
#[test]
fn compare_two_coders_and_adjudicate_into_the_curated_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut harness = app_on(dir.clone(), coder_prefs("editor"), ARTICLE_000, 900.0);
    press_with(&mut harness, Modifiers::COMMAND, Key::Num3);
    harness.run_steps(4);
    // Article 000's agreement is on top; the statement Omid tagged alone and the one he missed
    // say so.
    harness.get_by_label_contains("Agreement in this document");
    assert_eq!(
        harness
            .get_all_by_label_contains("not tagged by every coder")
            .count(),
        2
    );
    // Differences are marked: Omid's kind for the fifth statement is «mixed».
    harness.get_by_label("kind: mixed");

    let curated = |h: &Harness<'_, NaqlApp>| -> Vec<Quote> {
        h.state()
            .workspace
            .as_ref()
            .and_then(|w| w.project().layers.get(&PersonId::new("curated")))
            .map(|l| l.quotes.clone())
            .unwrap_or_default()
    };
    let take_omid = harness.get_all_by_label("Take omid's").count();
    assert!(take_omid >= 10, "one button per statement Omid tagged");
    harness
        .get_all_by_label("Take omid's")
        .nth(4)
        .unwrap_or_else(|| panic!())
        .click();
    harness.run_steps(4);
    let taken = curated(&harness);
    assert_eq!(taken.len(), 1);
    let omids = taken[0]
        .source
        .clone()
        .unwrap_or_else(|| panic!("source kept"));
    let source = harness
        .state()
        .workspace
        .as_ref()
        .and_then(|w| {
            w.project().layers[&PersonId::new("omid")]
                .quotes
                .iter()
                .find(|q| q.id == omids)
                .cloned()
        })
        .unwrap_or_else(|| panic!("taken from omid's layer"));
    assert_eq!(taken[0].anchor, source.anchor);
    assert_eq!(taken[0].kind, source.kind);
    harness.get_by_label_contains("in the curated layer");

    // Sara's version of the same statement replaces it.
    let sara_buttons = harness.get_all_by_label("Take sara's").count();
    harness
        .get_all_by_label("Take sara's")
        .nth(4)
        .unwrap_or_else(|| panic!())
        .click();
    harness.run_steps(4);
    let taken = curated(&harness);
    assert_eq!(
        taken.len(),
        1,
        "the statement's earlier version was replaced"
    );
    assert_ne!(taken[0].source.as_ref(), Some(&omids));
    assert_eq!(
        harness.get_all_by_label("Take sara's").count(),
        sara_buttons - 1
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        curated(&harness)[0].source.as_ref(),
        Some(&omids),
        "undo brings back Omid's"
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::S);
    drop(harness);

    let loaded = ProjectDir::open(&dir).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let layer = &loaded.project.layers[&PersonId::new("curated")];
    assert_eq!(layer.quotes.len(), 1);
    assert_eq!(layer.quotes[0].source.as_ref(), Some(&omids));
    // It exports like any other layer, each side naming the other.
    let rows = naql::export::rows(&loaded.project);
    let curated_row = rows
        .iter()
        .find(|r| r.coder == "curated")
        .unwrap_or_else(|| panic!("the curated quote is exported"));
    assert_eq!(curated_row.curated_from, omids.as_str());
    let omid_row = rows
        .iter()
        .find(|r| r.quote_id == omids.as_str())
        .unwrap_or_else(|| panic!());
    assert_eq!(omid_row.curated_as, curated_row.quote_id);
}

/// Statistics mode: the charts' titles are there, and "Measure agreement" runs in the background
/// (the window keeps drawing) and then shows the overall figures.
#[test]
fn statistics_show_charts_and_measure_agreement_in_the_background() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = app_on(
        tmp.path().join("p"),
        coder_prefs("editor"),
        ARTICLE_000,
        1400.0,
    );
    press_with(&mut harness, Modifiers::COMMAND, Key::Num4);
    harness.run_steps(4);
    harness.get_by_label("Quotes per speaker");
    harness.get_by_label("Topics per speaker");
    harness.get_by_label_contains("direct 27 (52%)");
    harness.get_by_label("Measure agreement").click();
    harness.run_steps(2);
    let start = std::time::Instant::now();
    while harness.state().job.is_some() && start.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
    }
    harness.run_steps(4);
    let report = harness
        .state()
        .panels
        .statistics
        .agreement
        .clone()
        .unwrap_or_else(|| panic!("the job delivered its report"));
    assert_eq!(report.coders, vec!["omid".to_owned(), "sara".to_owned()]);
    harness.get_by_label("unitizing");
    harness.get_by_label("Measure again");
}

/// Deciding by key moves on: J, A accepts the first quote and selects the second, N marks the
/// second as needing changes and moves to the third; undo takes the last verdict back.
#[test]
fn verdict_keys_decide_and_move_on() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = editor_in_review(&tmp);
    let selected = |h: &Harness<'_, NaqlApp>| {
        h.state()
            .workspace
            .as_ref()
            .and_then(|w| w.selected.clone())
            .unwrap_or_else(|| panic!("a quote is selected"))
    };
    let verdict = |h: &Harness<'_, NaqlApp>, id: &naql::model::QuoteId| {
        h.state().workspace.as_ref().and_then(|w| {
            w.project()
                .reviews()
                .find(|r| &r.quote == id)
                .map(|r| r.verdict)
        })
    };
    press(&mut harness, Key::J);
    let first = selected(&harness);
    press(&mut harness, Key::A);
    harness.run_steps(2);
    let second = selected(&harness);
    assert_ne!(first, second, "A moved on");
    assert_eq!(
        verdict(&harness, &first),
        Some(naql::model::Verdict::Accepted)
    );
    press(&mut harness, Key::N);
    harness.run_steps(2);
    assert_eq!(
        verdict(&harness, &second),
        Some(naql::model::Verdict::NeedsChanges)
    );
    assert_ne!(selected(&harness), second);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        verdict(&harness, &second),
        None,
        "undo takes the verdict back"
    );
    assert_eq!(
        verdict(&harness, &first),
        Some(naql::model::Verdict::Accepted)
    );
}

/// A verdict changes its row only: the progress, the count of unreviewed quotes shown and,
/// under a filter by verdict, the rows shown follow it without every row being counted,
/// filtered and sorted again (at 2,000,000 quotes that took 0.12 s a verdict). Each step
/// shows what a fresh count shows; an undo that brings a quote back into the filter makes
/// the view again.
#[test]
fn verdicts_move_the_progress_and_the_rows_shown_without_a_recount() {
    use egui::accesskit::Role;
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = editor_in_review(&tmp);
    let shows = |h: &Harness<'_, NaqlApp>, rows: usize, reviewed: usize, unreviewed: usize| {
        h.get_by_label(&format!("{rows} of 52 quotes"));
        h.get_by_label(&format!("reviewed: {reviewed}/52"));
        h.get_by_label(&format!("Accept the {unreviewed} unreviewed shown"));
    };
    let followed = |h: &Harness<'_, NaqlApp>| h.state().panels.review.verdicts_followed;
    shows(&harness, 52, 0, 52);
    press(&mut harness, Key::J);
    press(&mut harness, Key::A);
    harness.run_steps(2);
    shows(&harness, 52, 1, 51);
    assert_eq!(followed(&harness), 1);

    harness.get_by_label("by verdict").click();
    harness.run_steps(4);
    harness
        .get_by_role_and_label(Role::Button, "unreviewed")
        .click();
    harness.run_steps(4);
    shows(&harness, 51, 1, 51);
    // Decided by key: the quote leaves the rows shown, the next is chosen among them.
    press(&mut harness, Key::J);
    press(&mut harness, Key::A);
    harness.run_steps(2);
    shows(&harness, 50, 2, 50);
    press(&mut harness, Key::R);
    harness.run_steps(2);
    shows(&harness, 49, 3, 49);
    assert_eq!(followed(&harness), 3);
    // The table's rows are those a fresh index shows, in its order.
    let fresh = |h: &Harness<'_, NaqlApp>| {
        let project = h.state().workspace.as_ref().unwrap().project();
        let index = naql::review::ReviewIndex::build(project);
        let filter = h.state().panels.review.filter.clone();
        index
            .view(project, &filter, naql::review::Sort::default())
            .into_iter()
            .map(|row| index.quote(project, row).unwrap().id.clone())
            .collect::<Vec<_>>()
    };
    let selected =
        |h: &Harness<'_, NaqlApp>| h.state().workspace.as_ref().unwrap().selected.clone();
    let rows = fresh(&harness);
    assert_eq!(rows.len(), 49);
    let at = rows
        .iter()
        .position(|id| Some(id) == selected(&harness).as_ref())
        .expect("R moved on to a quote shown");
    press(&mut harness, Key::J);
    harness.run_steps(2);
    assert_eq!(
        selected(&harness).as_ref(),
        Some(&rows[at + 1]),
        "J moves on through the rows a fresh index shows"
    );

    // Undo brings the rejected quote back among the unreviewed: the rows are made again.
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    shows(&harness, 50, 2, 50);
    assert_eq!(followed(&harness), 3);
}

/// The document list's counts follow a tag, a verdict and their undos: each row in sight is
/// counted through the quote index when first shown after a change, not every document
/// over every quote after each edit.
#[test]
fn the_document_lists_counts_follow_tags_and_verdicts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    harness.run_steps(2);
    let doc = naql::model::DocumentId::new(ARTICLE_000);
    let in_doc = |h: &Harness<'_, NaqlApp>| {
        let p = h.state().workspace.as_ref().unwrap().project();
        p.quotes().filter(|(_, q)| q.document == doc).count()
    };
    let n = in_doc(&harness);
    assert!(n > 0);
    let shows = |h: &Harness<'_, NaqlApp>, quotes: usize, reviewed: usize| {
        h.get_by_label_contains(&format!(" · {quotes} quotes, {reviewed} reviewed"));
    };
    shows(&harness, n, 0);
    let edit = |h: &mut Harness<'_, NaqlApp>, action: naql::action::Action| {
        h.state_mut()
            .workspace
            .as_mut()
            .unwrap()
            .edit(action, "test", None)
            .unwrap();
        h.run_steps(2);
    };
    let quote = {
        let ws = harness.state().workspace.as_ref().unwrap();
        naql::action::new_quote(
            ws.project(),
            &doc,
            naql::model::Span::new(0, 12),
            ws.coder_id(),
            jiff::Timestamp::now(),
        )
        .unwrap()
    };
    edit(&mut harness, naql::action::Action::AddQuote(quote.clone()));
    shows(&harness, n + 1, 0);
    let editor = PersonId::new("tester");
    edit(
        &mut harness,
        naql::action::Action::SetReview {
            editor: editor.clone(),
            quote: quote.id.clone(),
            review: Some(naql::model::Review {
                quote: quote.id.clone(),
                verdict: naql::model::Verdict::Accepted,
                comment: String::new(),
                editor,
                time: jiff::Timestamp::now(),
            }),
        },
    );
    shows(&harness, n + 1, 1);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    shows(&harness, n + 1, 0);
    press_with(&mut harness, Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    shows(&harness, n, 0);
}

/// The sample in review mode as an editor, with the threshold lowered so that it counts as a
/// big project (work on threads), once its index is built (or 20 s have passed).
fn review_as_if_big(tmp: &tempfile::TempDir) -> egui_kittest::Harness<'static, naql::app::NaqlApp> {
    let mut harness = app_on(
        tmp.path().join("p"),
        coder_prefs("editor"),
        ARTICLE_000,
        900.0,
    );
    harness.state_mut().panels.review.background_from = 0;
    // The spinner keeps repainting: step frames one by one rather than run to rest.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    let start = std::time::Instant::now();
    while harness.query_by_label("52 of 52 quotes").is_none() && start.elapsed().as_secs() < 20 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness
}

/// A big project's review index is built on another thread: the window shows "Indexing…" and
/// keeps drawing, then the table. (The threshold is lowered so that the sample counts as big.)
#[test]
fn a_big_projects_review_index_is_built_in_the_background() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = review_as_if_big(&tmp);
    // Built off the UI thread, once. ("Indexing…" is drawn in the frame that starts it, but
    // 52 quotes can be indexed before egui's second pass of that frame, so the label is not
    // what is checked.)
    assert_eq!(harness.state().panels.review.built_in_background, 1);
    harness.get_by_label("52 of 52 quotes");
    // And it is used: J opens a quote.
    press(&mut harness, Key::J);
    assert!(
        harness
            .state()
            .workspace
            .as_ref()
            .is_some_and(|w| w.selected.is_some())
    );
}

/// A big project's free-text filter searches on another thread, without a copy of the texts
/// kept: each new word is searched there, and the rows filter when it is found.
#[test]
fn a_big_projects_filter_by_words_searches_in_the_background() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = review_as_if_big(&tmp);
    harness.get_by_label("52 of 52 quotes");
    let searches = |h: &Harness<'_, NaqlApp>| h.state().panels.review.searches_in_background;
    assert_eq!(searches(&harness), 0);
    let expected = |harness: &Harness<'_, NaqlApp>, text: &str| {
        let filter = naql::review::Filter {
            text: text.into(),
            ..Default::default()
        };
        let project = harness.state().workspace.as_ref().unwrap().project();
        let index = naql::review::ReviewIndex::build(project);
        index
            .view(project, &filter, naql::review::Sort::default())
            .len()
    };
    // Steps frames until the search for the word is taken in and its rows are shown.
    let wait_for = |harness: &mut Harness<'_, NaqlApp>, wanted: &str, searches_then: u64| {
        let start = std::time::Instant::now();
        while (harness.query_by_label(wanted).is_none()
            || searches(harness) < searches_then
            || harness.state().panels.review.preparing_search())
            && start.elapsed().as_secs() < 20
        {
            harness.step();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        harness.get_by_label(wanted);
    };
    // What the editor typed into "words, names; any spelling": an Arabic spelling, then
    // the same word longer (the search narrows the last one), then another word.
    for (i, word) in ["شري", "شريك", "بلاروس"].into_iter().enumerate() {
        let n = expected(&harness, word);
        assert!(n > 0 && n < 52, "{word}: {n}");
        harness.state_mut().panels.review.filter.text = word.into();
        let searched = i as u64 + 1;
        wait_for(&mut harness, &format!("{n} of 52 quotes"), searched);
        assert_eq!(searches(&harness), searched, "{word}");
        assert!(!harness.state().panels.review.preparing_search());
    }
}

#[test]
fn a_quote_another_coder_pushed_shows_up_in_the_open_window() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    let dir = tmp.path().join("p");
    // Omid's clone pushed, and the tester pulled: his layer on disk has one quote more.
    let mut other = ProjectDir::open(&dir).unwrap();
    let omid = PersonId::new("omid");
    other.dir.set_owner(Some(omid.clone()));
    let (start, end) = char_range(&harness, ARTICLE_000, CLAIM);
    let quote = naql::action::new_quote(
        &other.project,
        &naql::model::DocumentId::new(ARTICLE_000),
        Span::new(start, end),
        &omid,
        jiff::Timestamp::now(),
    )
    .unwrap_or_else(|| panic!("a quote"));
    if let Some(l) = other.project.layer_mut(&omid) {
        l.quotes.push(quote.clone());
    }
    other.dir.save_all(&mut other.project).unwrap();
    // The window looks at the folder about once a second, with no input needed.
    std::thread::sleep(
        naql::app::workspace::DISK_CHECK_EVERY + std::time::Duration::from_millis(100),
    );
    harness.run();
    let shown = harness.state().workspace.as_ref().map(|w| {
        w.project().layers[&omid]
            .quotes
            .iter()
            .any(|q| q.id == quote.id)
    });
    assert_eq!(shown, Some(true));
    harness.get_by_label_contains("changed on disk, reloaded: annotations/omid.ron");
}

#[test]
fn the_window_names_a_conflict_copy_and_resolves_it_from_the_file_menu() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    naql::sample::install(&dir).unwrap();
    // Syncthing left a copy of Sara's layer with a quote her own file lacks.
    let sara = PersonId::new("sara");
    let loaded = ProjectDir::open(&dir).unwrap();
    let mut copy = (*loaded.project.layers[&sara]).clone();
    let text = loaded
        .project
        .texts
        .read(&naql::model::DocumentId::new(ARTICLE_000))
        .unwrap();
    let start = text
        .find(CLAIM)
        .map(|b| text[..b].chars().count())
        .unwrap_or(0);
    let extra = naql::action::new_quote(
        &loaded.project,
        &naql::model::DocumentId::new(ARTICLE_000),
        Span::new(start, start + CLAIM.chars().count()),
        &sara,
        jiff::Timestamp::now(),
    )
    .unwrap_or_else(|| panic!("a quote"));
    copy.quotes.push(extra.clone());
    std::fs::write(
        dir.join("annotations/sara.sync-conflict-20261202-101500-ABCDEF7.ron"),
        naql::store::layer_text::layer_text(&copy),
    )
    .unwrap();

    let mut harness = app_on(dir.clone(), coder_prefs("tester"), ARTICLE_000, 900.0);
    harness.get_by_label_contains("a Syncthing conflict copy of annotations/sara.ron");
    let has = |h: &Harness<'_, NaqlApp>| {
        h.state().workspace.as_ref().is_some_and(|w| {
            w.project().layers[&sara]
                .quotes
                .iter()
                .any(|q| q.id == extra.id)
        })
    };
    assert!(!has(&harness), "the copy is not loaded as a layer");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Resolve conflict copies").click();
    harness.run();
    assert!(
        has(&harness),
        "the copy's quote is merged into Sara's layer"
    );
    harness.get_by_label_contains("merged into annotations/sara.ron");
    let after = ProjectDir::open(&dir).unwrap();
    assert!(after.problems.is_empty(), "{:?}", after.problems);
}

#[test]
fn n_takes_the_keyboard_to_the_note_of_the_new_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    select_by_dragging(&mut harness, ARTICLE_000, CLAIM);
    press(&mut harness, Key::Q);
    // Q gave the speaker field the keyboard; Esc leaves it, N goes to the note.
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::N);
    harness.event(egui::Event::Text("یادداشت (ص ۲)".into()));
    harness.run();
    let quotes = my_quotes(&harness);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].note, "یادداشت (ص ۲)");
    assert_eq!(
        quotes[0].anchor.text, CLAIM,
        "N typed nothing into the article"
    );
}

#[test]
fn without_file_dialogs_a_path_field_opens_the_project_and_the_title_and_recent_list_follow() {
    use naql::app::dialogs::Scripted;
    use naql::app::{Command, UiCommand};
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    naql::sample::install(&first).unwrap();
    naql::sample::install(&second).unwrap();
    let dialogs = Scripted {
        unavailable: Some("no portal, no zenity".into()),
        ..Scripted::default()
    };
    let start = first.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let app = NaqlApp::with_dialogs(coder_prefs("tester"), Some(start), Box::new(dialogs));
            naql::ui::setup(&cc.egui_ctx, &app.prefs);
            app
        });
    harness.run();
    assert_eq!(
        harness.state().title(),
        "Belarus and Iran in Persian and Arabic news — tester — Naql"
    );
    harness
        .state_mut()
        .queue
        .push(Command::Ui(UiCommand::OpenProject));
    harness.run();
    assert!(
        harness.state().panels.prompts.path.is_some(),
        "no dialog: the window asks for the path"
    );
    // The field has the keyboard: type the path, Enter.
    harness.event(egui::Event::Text(second.display().to_string()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let state = harness.state();
    assert!(state.panels.prompts.path.is_none());
    assert_eq!(
        state.workspace.as_ref().map(|w| w.root().to_owned()),
        Some(second.clone())
    );
    assert_eq!(state.prefs.recent, vec![second, first.clone()]);
    // File → Open recent lists the first project, which opens again from there.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open recent").hover();
    harness.run();
    harness.get_by_label("first").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace
            .as_ref()
            .map(|w| w.root().to_owned()),
        Some(first)
    );
}

#[test]
fn notices_are_kept_newest_first_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    // Two things happen between two frames: a merge from outside and another window.
    if let Some(ws) = harness.state_mut().workspace.as_mut() {
        ws.notices.push("merged sara's layer from disk".into());
        ws.notices.push("another window of tester is open".into());
    }
    harness.run();
    let texts: Vec<String> = harness
        .state()
        .notices
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert_eq!(
        &texts[..2],
        [
            "another window of tester is open",
            "merged sara's layer from disk"
        ]
    );
    harness.get_by_label("Notices (2 new)").click();
    harness.run();
    assert!(
        harness
            .query_by_label("merged sara's layer from disk")
            .is_some()
    );
    assert!(
        harness.query_by_label("Notices (2 new)").is_none(),
        "seen: no longer new"
    );
}

#[test]
fn edits_are_saved_while_the_window_is_minimised() {
    let tmp = tempfile::tempdir().unwrap();
    let mut harness = tester_on_000(&tmp);
    tag_the_claim(&mut harness);
    assert!(
        harness
            .state()
            .workspace
            .as_ref()
            .is_some_and(|w| w.is_dirty())
    );
    // Minimised: eframe draws nothing and calls only `App::logic` (when a repaint is asked).
    let ctx = harness.ctx.clone();
    let mut frame = eframe::Frame::_new_kittest();
    let layer = tmp.path().join("p/annotations/tester.ron");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !std::fs::read_to_string(&layer).is_ok_and(|t| t.contains(CLAIM)) {
        assert!(
            std::time::Instant::now() < until,
            "the autosave did not run while the window was hidden"
        );
        eframe::App::logic(harness.state_mut(), &ctx, &mut frame);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
