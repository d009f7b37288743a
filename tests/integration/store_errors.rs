//! Bad project files give a clear message naming the file, line and column, and are never
//! overwritten; an orphaned quote is kept.

use naql::model::{PersonId, ProblemKind, Span};
use naql::store::{ProjectDir, StoreError};
use std::fs;
use std::path::{Path, PathBuf};

fn sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    naql::sample::install(&root).unwrap();
    (tmp, root)
}

/// Replaces `file`'s content, tries to open the project, and checks the file was left as broken.
fn open_broken(root: &Path, file: &str, content: &[u8]) -> StoreError {
    let path = root.join(file);
    fs::write(&path, content).unwrap();
    let before = fs::metadata(&path).and_then(|m| m.modified()).ok();
    let err = match ProjectDir::open(root) {
        Ok(_) => panic!("a broken {file} must not load"),
        Err(e) => e,
    };
    assert_eq!(
        fs::read(&path).unwrap_or_default(),
        content,
        "{file} was rewritten"
    );
    assert_eq!(fs::metadata(&path).and_then(|m| m.modified()).ok(), before);
    err
}

#[test]
fn truncated_layer_names_file_line_and_column() {
    let (_tmp, root) = sample();
    let full = fs::read_to_string(root.join("annotations/sara.ron")).unwrap_or_default();
    // Cut in the middle of the third quote, as a crash of a non-atomic writer would.
    let cut: String = full.lines().take(40).collect::<Vec<_>>().join("\n");
    let err = open_broken(&root, "annotations/sara.ron", cut.as_bytes());
    let msg = err.to_string();
    match err {
        StoreError::Syntax {
            path, line, col, ..
        } => {
            assert!(path.ends_with("annotations/sara.ron"), "{msg}");
            assert_eq!(line, 40, "{msg}");
            assert!(col >= 1, "{msg}");
        }
        other => panic!("expected a syntax error, got {other}"),
    }
    assert!(msg.contains("sara.ron:40:"), "{msg}");
}

#[test]
fn hand_broken_manifest_points_at_the_mistake() {
    let (_tmp, root) = sample();
    let text = fs::read_to_string(root.join("project.ron")).unwrap_or_default();
    // A person removes the quotes around a colour.
    let broken = text.replacen("colour: \"#2ca02c\"", "colour: #2ca02c", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("colour: #2ca02c"))
        .map(|i| i + 1);
    let err = open_broken(&root, "project.ron", broken.as_bytes());
    match &err {
        StoreError::Syntax { line: l, col, .. } => {
            assert_eq!(Some(*l), line, "{err}");
            // RON places the error where it began reading the value: the space before `#`.
            assert!((16..=17).contains(col), "{err}");
        }
        other => panic!("expected a syntax error, got {other}"),
    }
    // A value of the right syntax but wrong meaning is placed too.
    let bad_colour = text.replacen("\"#2ca02c\"", "\"green\"", 1);
    let err = open_broken(&root, "project.ron", bad_colour.as_bytes());
    let msg = err.to_string();
    assert!(
        msg.contains("project.ron:") && msg.contains("\"green\""),
        "{msg}"
    );
}

#[test]
fn newer_format_is_refused_with_a_clear_message() {
    let (_tmp, root) = sample();
    let text = fs::read_to_string(root.join("project.ron")).unwrap_or_default();
    // A newer Naql that also added a field this one does not know.
    let newer = text.replacen(
        "format_version: 2,",
        "format_version: 7,\n  workflow: (stages: 3),",
        1,
    );
    let err = open_broken(&root, "project.ron", newer.as_bytes());
    let msg = err.to_string();
    assert!(matches!(err, StoreError::TooNew { found: 7, .. }), "{msg}");
    assert!(
        msg.contains("project.ron") && msg.contains("newer Naql"),
        "{msg}"
    );
}

#[test]
fn invalid_utf8_empty_and_binary_files() {
    let (_tmp, root) = sample();
    let original = fs::read(root.join("annotations/sara.ron")).unwrap_or_default();
    let mut bytes = original.clone();
    bytes.splice(60..60, [0xFF, 0xFE]);
    let msg = open_broken(&root, "annotations/sara.ron", &bytes).to_string();
    assert!(
        msg.contains("sara.ron") && msg.contains("UTF-8") && msg.contains("byte 60"),
        "{msg}"
    );

    // Inside a quote's words: the fast reader checks only strings as UTF-8, and declines.
    let mut bytes = original;
    let at = bytes
        .windows(7)
        .position(|w| w == b"text: \"")
        .map_or(0, |p| p + 7);
    bytes.splice(at..at, [0xFF]);
    let msg = open_broken(&root, "annotations/sara.ron", &bytes).to_string();
    assert!(
        at > 100 && msg.contains("UTF-8") && msg.contains(&format!("byte {at}")),
        "{msg}"
    );

    let msg = open_broken(&root, "annotations/sara.ron", b"").to_string();
    assert!(msg.contains("sara.ron") && msg.contains("empty"), "{msg}");

    let msg = open_broken(&root, "project.ron", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").to_string();
    assert!(msg.contains("project.ron"), "{msg}");
}

#[test]
fn not_a_project_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let msg = ProjectDir::open(tmp.path())
        .map(|_| ())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("not a Naql project"), "{msg}");
}

#[test]
fn orphaned_quote_survives_load_and_save() {
    let (_tmp, root) = sample();
    // The article is edited behind Naql's back: the first words of the first paragraph change.
    let article = root.join("articles/000_13e0dc0d1b2b0156.txt");
    let text = fs::read_to_string(&article).unwrap_or_default();
    fs::write(&article, text.replacen("سلام گرم وی", "سلام گرمِ وی", 1)).unwrap();

    let mut loaded = ProjectDir::open(&root).unwrap();
    let sara = PersonId::new("sara");
    let orphan = loaded.project.layers[&sara]
        .quotes
        .iter()
        .find(|q| q.anchor.span == Span::new(191, 269))
        .cloned()
        .unwrap_or_else(|| panic!("the quote is still there"));
    let why = loaded
        .project
        .orphans
        .get(&orphan.id)
        .cloned()
        .unwrap_or_default();
    assert!(
        why.contains("سلام گرمِ وی"),
        "reason names the new text: {why}"
    );
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Orphan(orphan.id.clone()))
    );
    let count = loaded.project.layers[&sara].quotes.len();

    // A save (of another change) keeps the orphan as it was.
    if let Some(layer) = loaded.project.layer_mut(&sara) {
        layer.quotes[5].note = "x".into();
    }
    loaded.dir.save_all(&mut loaded.project).unwrap();
    let again = ProjectDir::open(&root).unwrap();
    assert_eq!(again.project.layers[&sara].quotes.len(), count);
    let kept = again.project.layers[&sara]
        .quotes
        .iter()
        .find(|q| q.id == orphan.id);
    assert_eq!(kept, Some(&orphan));
    assert!(again.project.orphans.contains_key(&orphan.id));
}

#[test]
fn dangling_references_are_reported_not_dropped() {
    let (_tmp, root) = sample();
    let path = root.join("annotations/sara.ron");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let edited = text
        .replacen(
            "speaker: Some(\"ahmadian\")",
            "speaker: Some(\"nobody\")",
            1,
        )
        .replacen("\"economy\"", "\"no-such-topic\"", 1);
    fs::write(&path, &edited).unwrap();
    let loaded = ProjectDir::open(&root).unwrap();
    let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("annotations/sara.ron") && m.contains("\"nobody\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("\"no-such-topic\"")),
        "{messages:?}"
    );
    assert_eq!(loaded.project.quotes().count(), 52);
}

/// An opened project does not hold its articles: each is read when asked for, so an article
/// that goes after the project was opened is missing, said so by a check, and nothing else is.
#[test]
fn articles_are_read_when_asked_for_not_held() {
    let (_tmp, root) = sample();
    let loaded = ProjectDir::open(&root).unwrap();
    let docs = &loaded.project.manifest.documents;
    let (kept, gone) = (&docs[0].id, &docs[1].id);
    fs::remove_file(root.join(format!("articles/{gone}.txt"))).unwrap();
    assert!(loaded.project.texts.get(kept).is_some());
    assert_eq!(loaded.project.texts.get(gone), None, "read now, not held");
    assert!(loaded.project.texts.contains_key(gone), "still listed");
    let problems = naql::model::validate::validate(&loaded.project, false);
    let about: Vec<_> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Invalid)
        .collect();
    assert_eq!(about.len(), 1, "{problems:?}");
    assert_eq!(about[0].file, format!("articles/{gone}.txt"));
}

/// What `naql import-annotations` and `naql agree` open: only the named layers (another's,
/// even broken, is not read and never written) and, without texts, no anchor is checked.
#[test]
fn a_scoped_open_reads_only_what_it_names() {
    use naql::store::{FileKey, Scope};
    let (_tmp, root) = sample();
    let broken = b"(\n  format_version: 2,\n  person: \"omid\",\n  quotes: [";
    fs::write(root.join("annotations/omid.ron"), broken).unwrap();
    // An article gone: a scope without texts does not notice.
    let doc = ProjectDir::open_scoped(
        &root,
        &Scope {
            layers: Some(vec![PersonId::new("sara")]),
            ..Scope::default()
        },
    )
    .unwrap()
    .project
    .manifest
    .documents[0]
        .id
        .clone();
    fs::remove_file(root.join(format!("articles/{doc}.txt"))).unwrap();
    let scope = Scope {
        layers: Some(vec![PersonId::new("sara")]),
        quick: true,
        ..Scope::default()
    };
    let mut loaded = ProjectDir::open_scoped(&root, &scope).unwrap();
    let layers: Vec<&str> = loaded.project.layers.keys().map(|p| p.as_str()).collect();
    assert_eq!(layers, ["sara"]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(loaded.project.orphans.is_empty());
    let omid = FileKey::Layer(PersonId::new("omid"));
    assert!(loaded.dir.save(&mut loaded.project, &[omid]).is_err());
    assert_eq!(fs::read(root.join("annotations/omid.ron")).unwrap(), broken);
    // The whole project does not open over the broken layer; the error names it.
    let err = ProjectDir::open(&root).unwrap_err().to_string();
    assert!(err.contains("omid.ron"), "{err}");
}
