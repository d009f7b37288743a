//! The autosave path without a window: the caller's thread says which files changed, the saver
//! thread makes their bytes (a layer's, from the layer as it was then) and writes them, the journal is emptied only when everything is on disk, and a failed
//! write keeps the edits dirty and in the journal.

use naql::action::{Action, new_quote};
use naql::app::Workspace;
use naql::model::{Person, PersonId, Span};
use naql::store::ProjectDir;
use std::path::Path;
use std::time::{Duration, Instant};

const DOC: &str = "000_13e0dc0d1b2b0156";

fn workspace(dir: &Path) -> Workspace {
    naql::sample::install(dir).unwrap();
    let coder = Person {
        id: "tester".into(),
        name: "Tester".into(),
    };
    Workspace::open(dir, coder).unwrap()
}

fn add_quote(ws: &mut Workspace, start: usize) {
    let q = new_quote(
        ws.project(),
        &DOC.into(),
        Span::new(start, start + 30),
        &"tester".into(),
        jiff::Timestamp::now(),
    )
    .unwrap_or_else(|| panic!("span"));
    ws.edit(Action::AddQuote(q), "new quote", None).unwrap();
}

/// Polls until the saver is done, as the window does each frame.
fn wait(ws: &mut Workspace) -> Result<(), naql::store::StoreError> {
    let until = Instant::now() + Duration::from_secs(20);
    while ws.saving() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
        ws.poll_saves()?;
    }
    ws.poll_saves()
}

#[test]
fn the_autosave_writes_in_the_background_and_then_empties_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut ws = workspace(&dir);
    add_quote(&mut ws, 100);
    let journal = dir.join(".naql/tester.journal");
    assert!(journal.exists(), "the edit is in the journal at once");
    ws.autosave().unwrap();
    assert!(!ws.is_dirty());
    wait(&mut ws).unwrap();
    assert!(
        !journal.exists(),
        "everything is on disk: the journal is empty"
    );
    let loaded = ProjectDir::open(&dir).unwrap();
    assert_eq!(
        loaded.project.layers[&PersonId::from("tester")]
            .quotes
            .len(),
        1
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

#[test]
fn a_failed_autosave_keeps_the_edits_dirty_and_in_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut ws = workspace(&dir);
    // The folder the layer goes into is now a file: the write must fail (even for root).
    std::fs::remove_dir_all(dir.join("annotations")).unwrap();
    std::fs::write(dir.join("annotations"), "in the way").unwrap();
    add_quote(&mut ws, 100);
    ws.autosave().unwrap();
    let failed = wait(&mut ws);
    let message = failed.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("annotations"),
        "the error names the file: {message}"
    );
    assert!(ws.is_dirty(), "the edit waits for the next save");
    assert!(
        dir.join(".naql/tester.journal").exists(),
        "and stays in the journal"
    );

    // Once the folder is back, the next save writes it.
    std::fs::remove_file(dir.join("annotations")).unwrap();
    ws.save().unwrap();
    let loaded = ProjectDir::open(&dir).unwrap();
    assert_eq!(
        loaded.project.layers[&PersonId::from("tester")]
            .quotes
            .len(),
        1
    );
}

/// The saver thread makes the layer's bytes from the layer as it was when the autosave began:
/// an edit meanwhile (the layer is copied for it, not changed under the saver) waits for the
/// next autosave, which does not begin before the last one is on disk.
#[test]
fn an_edit_during_an_autosave_waits_for_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let mut ws = workspace(&dir);
    let tester = PersonId::new("tester");
    add_quote(&mut ws, 100);
    let first: Vec<_> = ws.project().layers[&tester]
        .quotes
        .iter()
        .map(|q| q.id.clone())
        .collect();
    ws.autosave().unwrap();
    add_quote(&mut ws, 300);
    assert!(ws.is_dirty());
    if ws.saving() {
        assert!(
            !ws.autosave_due(Instant::now() + Duration::from_secs(60)),
            "no second autosave while the first is being written"
        );
    }
    wait(&mut ws).unwrap();
    let on_disk = |dir: &Path| -> Vec<_> {
        let loaded = ProjectDir::open(dir).unwrap();
        loaded.project.layers[&tester]
            .quotes
            .iter()
            .map(|q| q.id.clone())
            .collect()
    };
    assert_eq!(
        on_disk(&dir),
        first,
        "the first autosave's layer, not the edit after it"
    );
    assert!(ws.autosave_due(Instant::now() + Duration::from_secs(60)));
    ws.autosave().unwrap();
    wait(&mut ws).unwrap();
    assert_eq!(
        on_disk(&dir).len(),
        2,
        "the second autosave has both quotes"
    );
    assert!(!ws.is_dirty());
}

/// A coder who tags while the last tag of a big layer is being saved: the save is given up
/// (its file stays as it was, the edits stay in the journal) instead of the layer being
/// copied for the edit (0.2–0.35 s at 500,000 quotes), and the next autosave writes both.
#[test]
fn an_edit_of_a_big_layer_during_its_autosave_stops_it_instead_of_copying_the_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    naql::sample::install(&dir).unwrap();
    let tester = PersonId::new("tester");
    // The tester's layer, big enough for a save to be given up for an edit.
    {
        let mut loaded = ProjectDir::open(&dir).unwrap();
        let model = loaded.project.quotes().next().unwrap().1.clone();
        let layer = loaded.project.layer_or_new(&tester);
        for i in 0..naql::app::workspace::STOP_SAVES_FROM + 10 {
            layer.quotes.push(naql::model::Quote {
                id: naql::model::QuoteId::new(format!("01BIGLAYER{i:016}")),
                coder: tester.clone(),
                ..model.clone()
            });
        }
        loaded.project.manifest.people.push(Person {
            id: tester.clone(),
            name: "Tester".into(),
        });
        loaded.dir.set_owner(Some(tester.clone()));
        loaded
            .dir
            .save(
                &mut loaded.project,
                &[
                    naql::store::FileKey::Manifest,
                    naql::store::FileKey::Layer(tester.clone()),
                ],
            )
            .unwrap();
    }
    let layer_file = dir.join("annotations/tester.ron");
    let before = std::fs::read(&layer_file).unwrap();
    let coder = Person {
        id: tester.clone(),
        name: "Tester".into(),
    };
    let mut ws = Workspace::open(&dir, coder).unwrap();
    // A debug build's writer looks for the request more seldom than a release build's.
    ws.stop_patience = Duration::from_secs(10);
    let big = ws.project().layers[&tester].quotes.len();
    add_quote(&mut ws, 100);
    ws.autosave().unwrap();
    assert!(ws.saving());
    let held = std::sync::Arc::as_ptr(&ws.project().layers[&tester]);
    add_quote(&mut ws, 300);
    assert_eq!(
        std::sync::Arc::as_ptr(&ws.project().layers[&tester]),
        held,
        "the layer is edited where it is, not copied"
    );
    assert!(!ws.saving(), "the save was given up");
    assert_eq!(
        std::fs::read(&layer_file).unwrap(),
        before,
        "the file stays as it was"
    );
    assert!(ws.is_dirty());
    ws.autosave().unwrap();
    wait(&mut ws).unwrap();
    assert!(!ws.is_dirty());
    let loaded = ProjectDir::open(&dir).unwrap();
    assert_eq!(loaded.project.layers[&tester].quotes.len(), big + 2);
}
