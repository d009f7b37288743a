//! One frame of the whole coder's workspace (documents, article, inspector, quote list) on an
//! article with 300 quotes, under egui_kittest without rendering: the CPU time egui and Naql
//! spend per frame. `cargo bench --bench workspace_frame`.

// A bench fails loudly on a broken set-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
use harness::measure;

use egui::{pos2, vec2};
use egui_kittest::Harness;
use naql::action::{Action, new_quote};
use naql::app::dialogs::Scripted;
use naql::app::{NaqlApp, Prefs};
use naql::model::{DocumentId, Person, Span, SpeakerId, TopicId};
use std::time::Instant;

const DOC: &str = "000_13e0dc0d1b2b0156";
const QUOTES: usize = 300;

fn main() {
    if !harness::benching("workspace_frame") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    naql::sample::install(&dir).unwrap();
    let prefs = Prefs {
        coder: Some(Person {
            id: "bench".into(),
            name: "bench".into(),
        }),
        ..Prefs::default()
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let app = NaqlApp::with_dialogs(prefs, Some(dir), Box::new(Scripted::default()));
            naql::ui::setup(&cc.egui_ctx, &app.prefs);
            app
        });
    {
        let app = harness.state_mut();
        app.select_document(DocumentId::new(DOC));
        let ws = app.workspace.as_mut().unwrap_or_else(|| panic!("open"));
        let chars = ws
            .project()
            .texts
            .read(&DocumentId::from(DOC))
            .unwrap()
            .chars()
            .count();
        let mut first = None;
        for i in 0..QUOTES {
            let start = (i * 37) % (chars - 200);
            let span = Span::new(start, start + 20 + (i * 13) % 150);
            let mut q = new_quote(
                ws.project(),
                &DOC.into(),
                span,
                &"bench".into(),
                jiff::Timestamp::now(),
            )
            .unwrap_or_else(|| panic!("span"));
            q.speaker = Some(SpeakerId::from("lukashenko"));
            q.topics = vec![TopicId::from(["bilateral", "economy", "security"][i % 3])];
            q.cue = naql::model::Anchor::of(
                &ws.project().texts.read(&DocumentId::from(DOC)).unwrap(),
                Span::new(start, start + 3),
            )
            .map(Box::new);
            first.get_or_insert(q.id.clone());
            ws.edit(Action::AddQuote(q), "bench", None).unwrap();
        }
        ws.save().unwrap();
        app.select_quote(first);
    }
    harness.run();
    let quotes = harness.state().workspace.as_ref().map_or(0, |w| {
        w.project()
            .quotes()
            .filter(|(_, q)| q.document.as_str() == DOC)
            .count()
    });
    println!("article {DOC} with {quotes} quotes; window 1280×800");

    // The pointer wanders over the article, as it does while a coder reads: every frame hit
    // tests and may show a hover card.
    let mut i = 0;
    measure("one workspace frame, pointer moving", 200, || {
        i += 1;
        harness.hover_at(pos2(
            500.0 + (i % 40) as f32 * 7.0,
            150.0 + (i % 25) as f32 * 11.0,
        ));
        let t = Instant::now();
        harness.step();
        t.elapsed()
    });
    measure("one workspace frame, idle", 200, || {
        let t = Instant::now();
        harness.step();
        t.elapsed()
    });
}
