//! Imports in the window: a CSV through the column window (its usual names already chosen,
//! the text column changed by the person), and Label Studio annotations through the label
//! window, as the coder's quotes in one undo step.

use crate::common;

use common::ui::coder_prefs;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use naql::app::dialogs::Scripted;
use naql::app::{Command, NaqlApp, UiCommand};
use naql::model::PersonId;
use std::path::{Path, PathBuf};

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

fn app(root: PathBuf, dialogs: Scripted) -> Harness<'static, NaqlApp> {
    naql::sample::install(&root).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let app = NaqlApp::with_dialogs(coder_prefs("tester"), Some(root), Box::new(dialogs));
            naql::ui::setup(&cc.egui_ctx, &app.prefs);
            app
        });
    h.run();
    h
}

fn wait_for_job(h: &mut Harness<'_, NaqlApp>) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while h.state().job.is_some() && std::time::Instant::now() < until {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
}

#[test]
fn a_csv_through_the_column_window() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = Scripted {
        articles: vec![fixture("import", "articles.csv")],
        ..Scripted::default()
    };
    let mut h = app(tmp.path().join("p"), dialogs);
    h.state_mut()
        .queue
        .push(Command::Ui(UiCommand::ImportArticles));
    h.run();
    // The window chose the usual names: body for the text, headline for the title.
    let mapping = h
        .state()
        .panels
        .import
        .mapping
        .clone()
        .expect("the column window");
    assert_eq!(mapping.columns.text.as_deref(), Some("body"));
    assert_eq!(mapping.columns.title.as_deref(), Some("headline"));
    assert_eq!(mapping.columns.date.as_deref(), Some("published"));
    // The person makes the section the title instead, and imports.
    h.state_mut()
        .panels
        .import
        .mapping
        .as_mut()
        .unwrap()
        .columns
        .title = Some("section".into());
    h.get_by_label("Import").click();
    h.run();
    wait_for_job(&mut h);
    let ws = h.state().workspace.as_ref().unwrap();
    let docs = &ws.project().manifest.documents;
    assert_eq!(docs.len(), 8, "five of the sample and three rows");
    let irna = docs.iter().find(|d| d.id.as_str() == "irna-1").unwrap();
    assert_eq!(irna.title, "سیاست");
    assert!(irna.metadata.contains_key("headline"));
    assert!(
        h.state().panels.import.mapping.is_none(),
        "the window closed"
    );
}

#[test]
fn label_studio_annotations_through_the_label_window_and_undo() {
    let tmp = tempfile::tempdir().unwrap();
    let dialogs = Scripted {
        annotations: Some(fixture("exchange", "label-studio.json")),
        ..Scripted::default()
    };
    let mut h = app(tmp.path().join("p"), dialogs);
    h.state_mut()
        .queue
        .push(Command::Ui(UiCommand::ImportAnnotations));
    h.run();
    let labels = h
        .state()
        .panels
        .import
        .labels
        .clone()
        .expect("the label window");
    let names: Vec<&str> = labels.labels.iter().map(|(l, _, _)| l.as_str()).collect();
    assert_eq!(names, ["Partnership", "Quote", "Speaker"]);
    // The person maps the labels (the combo boxes' values), then imports.
    for (label, _, target) in &mut h.state_mut().panels.import.labels.as_mut().unwrap().labels {
        *target = Some(
            match label.as_str() {
                "Quote" => "kind:direct",
                "Partnership" => "topic:bilateral",
                _ => "speaker",
            }
            .to_owned(),
        );
    }
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.run();
    let mine = |h: &Harness<'_, NaqlApp>| {
        h.state()
            .workspace
            .as_ref()
            .unwrap()
            .project()
            .layers
            .get(&PersonId::new("tester"))
            .map_or(0, |l| l.quotes.len())
    };
    assert_eq!(mine(&h), 2, "tasks 1 and 2; task 3's span fits no reading");
    let message = h
        .state()
        .notices
        .latest_text()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("1 spans left out") || message.contains("spans left out"),
        "{message}"
    );
    // One step to undo.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(mine(&h), 0);
}
