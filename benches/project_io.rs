//! Load and save of a large project: 10,000 articles, 200,000 quotes in 20 coders' layers.
//!
//! `cargo bench --bench project_io` prints min / median / max of each measurement. The project
//! is generated from the sentences of the sample articles, so texts are real Persian and Arabic
//! of realistic length, each article distinct.

// A bench fails loudly on a broken set-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
use harness::measure;

use jiff::Timestamp;
use naql::model::*;
use naql::store::{FileKey, ProjectDir};
use std::path::Path;
use std::time::{Duration, Instant};

const ARTICLES: usize = 10_000;
const QUOTES: usize = 200_000;
const CODERS: usize = 20;

/// A small deterministic generator (xorshift64*), so every run measures the same project.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(root: &Path) -> Project {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let paragraphs: Vec<&str> = naql::sample::FILES
        .iter()
        .filter(|(p, _)| p.starts_with("articles/"))
        .flat_map(|(_, t)| t.lines().filter(|l| l.chars().count() > 80))
        .collect();
    let mut m = Manifest::new("benchmark");
    m.codebook.topics = (0..10)
        .map(|i| Topic {
            id: TopicId::new(format!("topic-{i}")),
            name: format!("موضوع {i}"),
            parent: None,
            colour: Colour::rgb(i as u8 * 20, 100, 200),
            shortcut: char::from_digit(i, 10),
            description: String::new(),
        })
        .collect();
    m.speakers = (0..50)
        .map(|i| Speaker {
            id: SpeakerId::new(format!("speaker-{i}")),
            name: format!("سخنگو {i}"),
            aliases: vec![format!("Speaker {i}")],
            role: String::new(),
            affiliation: String::new(),
            country: String::new(),
        })
        .collect();
    m.people = (0..CODERS)
        .map(|i| Person {
            id: PersonId::new(format!("coder-{i:02}")),
            name: format!("Coder {i}"),
        })
        .collect();
    let (mut dir, mut project) =
        ProjectDir::create(root, m).unwrap_or_else(|e| panic!("create: {e}"));
    std::fs::create_dir_all(root.join("articles")).unwrap();
    let mut docs = Vec::with_capacity(ARTICLES);
    for a in 0..ARTICLES {
        let mut text = format!("گزارش شماره {a}\n");
        while text.chars().count() < 2500 {
            text.push_str(paragraphs[rng.below(paragraphs.len())]);
            text.push('\n');
        }
        let id = DocumentId::new(format!("article-{a:05}"));
        // Setup, not measured: a plain write instead of the importer's fsync per file.
        std::fs::write(dir.article_path(id.as_str()), &text).unwrap();
        std::sync::Arc::make_mut(&mut project.manifest.documents).push(Document {
            id: id.clone(),
            file_name: format!("{id}.txt"),
            title: format!("گزارش شماره {a}"),
            source: String::new(),
            date: None,
            language: Language::Persian,
            sha256: validate::sha256_hex(&text),
            chars: text.chars().count(),
            url: String::new(),
            metadata: Default::default(),
        });
        docs.push((id.clone(), text.chars().count()));
        project.texts.insert(id, text);
    }
    let t0 = Timestamp::from_second(1_763_630_100).unwrap_or(Timestamp::UNIX_EPOCH);
    for q in 0..QUOTES {
        let (doc, len) = &docs[q % ARTICLES];
        // Every article gets one quote from each coder, so that agreement has something to
        // measure (quote q goes to article q % ARTICLES).
        let coder = PersonId::new(format!("coder-{:02}", (q / ARTICLES + q) % CODERS));
        let start = rng.below(len - 300);
        let end = start + 40 + rng.below(200);
        let text = &*project.texts.read(doc).unwrap();
        let anchor = Anchor::of(text, Span::new(start, end)).unwrap_or_else(|| panic!("span"));
        let cue = Anchor::of(
            text,
            Span::new(start.saturating_sub(8), start.saturating_sub(4)),
        );
        let quote = Quote {
            id: QuoteId::generate(),
            document: doc.clone(),
            anchor,
            speaker: Some(SpeakerId::new(format!("speaker-{}", rng.below(50)))),
            mention: None,
            cue: cue.map(Box::new),
            kind: if q % 3 == 0 {
                QuoteKind::Indirect
            } else {
                QuoteKind::Direct
            },
            topics: vec![TopicId::new(format!("topic-{}", rng.below(10)))],
            note: String::new(),
            source: None,
            coder: coder.clone(),
            created: t0,
            modified: t0,
        };
        project.layer_or_new(&coder).quotes.push(quote);
    }
    dir.save_all(&mut project)
        .unwrap_or_else(|e| panic!("save: {e}"));
    project
}

/// Child mode: load the project once in this fresh process and print the time in nanoseconds.
fn load_once(root: &Path) {
    let t = Instant::now();
    let loaded = ProjectDir::open(root).unwrap();
    let d = t.elapsed();
    assert!(loaded.problems.is_empty());
    println!("{}", d.as_nanos());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--load-once") {
        return load_once(Path::new(&args[i + 1]));
    }
    if !harness::benching("project_io") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("big");
    let t = Instant::now();
    let project = generate(&root);
    let layer_bytes: u64 = std::fs::read_dir(root.join("annotations"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "generated {} articles, {} quotes in {} layers ({:.1} MB of layers) in {:.1} s",
        project.manifest.documents.len(),
        project.quotes().count(),
        project.layers.len(),
        layer_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    // NAQL_BENCH_EDITOR=1: only the editor's side (review table, agreement, review frames).
    if std::env::var_os("NAQL_BENCH_EDITOR").is_some() {
        return editor_side(&root, project);
    }
    // NAQL_BENCH_TEAM=1: only the team's side (reloading what a pull brought, merging layers).
    if std::env::var_os("NAQL_BENCH_TEAM").is_some() {
        drop(project);
        return team_side(&root);
    }
    // NAQL_BENCH_EXPORT=1: only the exports of all 200,000 quotes.
    if std::env::var_os("NAQL_BENCH_EXPORT").is_some() {
        measure("CSV export, 200k quotes", 5, || {
            let t = Instant::now();
            let rows = naql::export::rows(&project);
            let mut out = Vec::with_capacity(64 << 20);
            naql::export::write_csv(&rows, &mut out, true).unwrap();
            let d = t.elapsed();
            assert_eq!(rows.len(), QUOTES);
            d
        });
        measure("JSONL export, 200k quotes", 5, || {
            let t = Instant::now();
            let rows = naql::export::rows(&project);
            let mut out = Vec::with_capacity(64 << 20);
            naql::export::write_jsonl(&rows, &mut out).unwrap();
            t.elapsed()
        });
        return;
    }
    drop(project);

    // The app opens a project once per process, into memory it has not touched yet: measure that
    // in fresh processes, and then repeated loads in this one.
    let exe = std::env::current_exe().unwrap();
    measure("load, fresh process", 5, || {
        let out = std::process::Command::new(&exe)
            .arg("--load-once")
            .arg(&root)
            .output()
            .unwrap();
        let nanos: u64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("child: {e}"));
        Duration::from_nanos(nanos)
    });
    measure("load, warm process", 5, || {
        let t = Instant::now();
        let loaded = ProjectDir::open(&root).unwrap();
        let d = t.elapsed();
        assert!(loaded.problems.is_empty(), "{:?}", &loaded.problems[..1]);
        d
    });

    let mut loaded = ProjectDir::open(&root).unwrap();
    measure("full save (every file)", 3, || {
        loaded.dir.forget_saved();
        let t = Instant::now();
        let written = loaded.dir.save_all(&mut loaded.project).unwrap();
        let d = t.elapsed();
        assert_eq!(written.len(), CODERS + 1);
        d
    });

    let person = PersonId::new("coder-07");
    // The full save above left 125 MB of dirty pages; on ext4 an fsync commits the journal and
    // waits for them too. An autosave after one edit does not follow such a write: settle first.
    let _ = std::process::Command::new("sync").status();
    if std::env::var_os("NAQL_BENCH_BREAKDOWN").is_some() {
        let layer = &loaded.project.layers[&person];
        let path = root.join("annotations/coder-07.ron");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        measure("  parse one layer (ron)", 5, || {
            let t = Instant::now();
            let l: Layer = ron::from_str(&text).unwrap();
            std::hint::black_box(l);
            t.elapsed()
        });
        measure("  serialise one layer (ron)", 5, || {
            let t = Instant::now();
            std::hint::black_box(
                ron::ser::to_string_pretty(layer, ron::ser::PrettyConfig::new().depth_limit(3))
                    .unwrap_or_default(),
            );
            t.elapsed()
        });
        measure("  serialise one layer (direct)", 5, || {
            let t = Instant::now();
            std::hint::black_box(naql::store::layer_text::layer_text(layer));
            t.elapsed()
        });
        measure("  write+fsync+rename one layer", 5, || {
            let t = Instant::now();
            naql::store::atomic::write_atomic(&path, text.as_bytes()).unwrap();
            t.elapsed()
        });
        measure("  read all texts", 3, || {
            let t = Instant::now();
            for d in loaded.project.manifest.documents.iter() {
                std::hint::black_box(
                    std::fs::read_to_string(loaded.dir.article_path(d.id.as_str()))
                        .unwrap_or_default(),
                );
            }
            t.elapsed()
        });
        measure("  validate", 3, || {
            let t = Instant::now();
            std::hint::black_box(naql::model::validate::validate(&loaded.project, false));
            t.elapsed()
        });
    }
    if std::env::var_os("NAQL_BENCH_BREAKDOWN").is_some() {
        let path = root.join("annotations/coder-07.ron");
        measure("  layer_text only", 20, || {
            let t = Instant::now();
            std::hint::black_box(naql::store::layer_text::layer_text(
                &loaded.project.layers[&person],
            ));
            t.elapsed()
        });
        let text = naql::store::layer_text::layer_text(&loaded.project.layers[&person]);
        measure("  write_atomic only", 20, || {
            let t = Instant::now();
            naql::store::atomic::write_atomic(&path, text.as_bytes()).unwrap();
            t.elapsed()
        });
    }
    let mut n = 0;
    measure("save one changed layer", 20, || {
        n += 1;
        if let Some(layer) = loaded.project.layer_mut(&person) {
            layer.quotes[n].note = format!("یادداشت {n}");
        }
        let t = Instant::now();
        let written = loaded
            .dir
            .save(&mut loaded.project, &[FileKey::Layer(person.clone())])
            .unwrap();
        let d = t.elapsed();
        assert_eq!(written.len(), 1);
        d
    });

    // A coder makes a quote and the autosave writes it: the coder's own layer (10,000 quotes,
    // 6 MB) and the crash journal, through the app's one edit path.
    drop(loaded);
    let coder = Person {
        id: person.clone(),
        name: "Coder 7".into(),
    };
    let mut ws = naql::app::Workspace::open(&root, coder).unwrap();
    // 125 MB of layers open in stages: the whole project is there once the rest is in.
    while ws.reading_rest().is_some() {
        ws.poll_rest();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let doc = DocumentId::new("article-04242");
    let mut n = 0;
    measure("create a quote + autosave, UI thread", 20, || {
        n += 1;
        let span = Span::new(10 * n, 10 * n + 60);
        let t = Instant::now();
        let q = naql::action::new_quote(ws.project(), &doc, span, &person, Timestamp::now())
            .unwrap_or_else(|| panic!("span"));
        ws.edit(naql::action::Action::AddQuote(q), "new quote", None)
            .unwrap();
        ws.autosave().unwrap();
        let d = t.elapsed();
        // Not measured: wait for the writer before the next round.
        ws.save().unwrap();
        d
    });
    if std::env::var_os("NAQL_BENCH_BREAKDOWN").is_some() {
        measure("  edit only (new quote)", 20, || {
            n += 1;
            let span = Span::new(10 * n, 10 * n + 60);
            let q = naql::action::new_quote(ws.project(), &doc, span, &person, Timestamp::now())
                .unwrap_or_else(|| panic!("span"));
            let t = Instant::now();
            ws.edit(naql::action::Action::AddQuote(q), "new quote", None)
                .unwrap();
            t.elapsed()
        });
        ws.save().unwrap();
        let keys = [FileKey::Layer(person.clone())];
        let mut dir = ProjectDir::open(&root).unwrap();
        let mut project = dir.project.clone();
        measure("  prepare one changed layer (cached)", 20, || {
            n += 1;
            if let Some(layer) = project.layer_mut(&person) {
                layer.quotes[n].note = format!("یادداشت {n}");
            }
            let t = Instant::now();
            let mut w = dir.dir.prepare(&mut project, &keys).unwrap();
            assert_eq!(w.len(), 1);
            // The bytes, which the saver thread makes in the window.
            assert!(!w[0].bytes().is_empty());
            t.elapsed()
        });
        project.manifest.title.push('!');
    }
    measure("create a quote + autosave, on disk", 20, || {
        n += 1;
        let span = Span::new(10 * n, 10 * n + 60);
        let t = Instant::now();
        let q = naql::action::new_quote(ws.project(), &doc, span, &person, Timestamp::now())
            .unwrap_or_else(|| panic!("span"));
        ws.edit(naql::action::Action::AddQuote(q), "new quote", None)
            .unwrap();
        let written = ws.save().unwrap();
        let d = t.elapsed();
        assert_eq!(written, vec!["annotations/coder-07.ron".to_owned()]);
        d
    });

    let project = ws.project().clone();
    drop(ws);
    editor_side(&root, project);
}

/// The editor's side over the same 200,000 quotes: the review table, agreement, review frames.
/// What a pull or a second window costs the open window: reading one changed 10,000-quote
/// layer back in, and merging two diverged versions of one.
fn team_side(root: &Path) {
    let mut loaded = ProjectDir::open(root).unwrap();
    let me = PersonId::new("coder-00");
    loaded.dir.set_owner(Some(me.clone()));
    let other = PersonId::new("coder-07");
    let path = root.join("annotations/coder-07.ron");
    println!(
        "coder-07's layer: {} quotes",
        loaded.project.layers[&other].quotes.len()
    );
    let mut n = 0;
    measure("reload a pulled layer", 9, || {
        // Another coder's save arrives: one note changed in their 10,000-quote layer.
        n += 1;
        let mut layer = (*loaded.project.layers[&other]).clone();
        layer.quotes[n].note = format!("pulled {n}");
        let text = naql::store::layer_text::layer_text(&layer);
        std::fs::write(&path, text).unwrap();
        let t = Instant::now();
        let keys = loaded.dir.changed_files();
        assert_eq!(keys, [FileKey::Layer(other.clone())]);
        loaded.dir.reload(&mut loaded.project, &keys).unwrap();
        t.elapsed()
    });
    measure("look for changes, none", 9, || {
        let t = Instant::now();
        assert!(loaded.dir.changed_files().is_empty());
        t.elapsed()
    });
    // This coder's other window saved while this one has unsaved edits: merged three ways.
    let own_path = root.join("annotations/coder-00.ron");
    measure("reload own layer, merged", 9, || {
        n += 1;
        let mut theirs = (*loaded.project.layers[&me]).clone();
        theirs.quotes[n].note = format!("other window {n}");
        std::fs::write(&own_path, naql::store::layer_text::layer_text(&theirs)).unwrap();
        if let Some(l) = loaded.project.layer_mut(&me) {
            l.quotes[n + 1].note = format!("this window {n}");
        }
        let t = Instant::now();
        let keys = loaded.dir.changed_files();
        loaded.dir.reload(&mut loaded.project, &keys).unwrap();
        t.elapsed()
    });

    // Two versions of one layer that went apart: each side added 500 quotes, changed 200 and
    // deleted 100 (some of them the same).
    let base = (*loaded.project.layers[&other]).clone();
    let diverge = |seed: usize| {
        let mut l = base.clone();
        for i in 0..200 {
            let q = &mut l.quotes[(i * 37 + seed) % 9_000];
            q.note = format!("side {seed}");
            q.modified = Timestamp::now();
        }
        for i in 0..100 {
            l.quotes.remove((i * 53 + seed * 7) % 9_000);
        }
        let template = l.quotes[0].clone();
        for _ in 0..500 {
            l.quotes.push(Quote {
                id: QuoteId::generate(),
                ..template.clone()
            });
        }
        l
    };
    let (ours, theirs) = (diverge(1), diverge(2));
    measure("a layer's digest (the base of its merges)", 9, || {
        let t = Instant::now();
        let digest = naql::model::merge::LayerDigest::of(&base);
        let d = t.elapsed();
        assert_eq!(digest.quotes(), base.quotes.len());
        d
    });
    let digest = naql::model::merge::LayerDigest::of(&base);
    measure("merge two diverged layers", 9, || {
        let t = Instant::now();
        let (merged, report) = naql::model::merge::merge_layers(Some(&digest), &ours, &theirs);
        let d = t.elapsed();
        assert!(merged.quotes.len() > base.quotes.len() && report.taken > 0);
        d
    });
    measure("merge, no common base", 9, || {
        let t = Instant::now();
        let _ = naql::model::merge::merge_layers(None, &ours, &theirs);
        t.elapsed()
    });
}

fn editor_side(root: &Path, project: Project) {
    let mut index = None;
    measure("review index (once per edit)", 5, || {
        let t = Instant::now();
        index = Some(naql::review::ReviewIndex::build(&project));
        t.elapsed()
    });
    let index = index.unwrap_or_default();
    // Each new word folds every quote again (on a thread above 20,000 quotes); a longer
    // word only looks at the rows of the one before.
    use naql::review::WordHits;
    let mut found = 0;
    measure(
        "review: free text, a new word (every quote folded)",
        9,
        || {
            let t = Instant::now();
            let w = WordHits::find(&project, "روابط", None);
            let d = t.elapsed();
            found = w.rows();
            d
        },
    );
    println!("  ({found} rows hold it)");
    let shorter = WordHits::find(&project, "روا", None);
    measure(
        "review: free text, the word typed on («روا» then «روابط»)",
        9,
        || {
            let t = Instant::now();
            std::hint::black_box(WordHits::find(&project, "روابط", Some(&shorter)));
            t.elapsed()
        },
    );
    println!("  ({} rows held «روا»)", shorter.rows());
    use naql::review::{Column, Filter, Sort};
    let cases = [
        (
            "review: all rows, by speaker",
            Filter::default(),
            Column::Speaker,
        ),
        (
            "review: speaker+kind, by text",
            Filter {
                speaker: Some(SpeakerId::new("speaker-7")),
                kind: Some(QuoteKind::Direct),
                ..Filter::default()
            },
            Column::Text,
        ),
        (
            "review: free text, by verdict",
            Filter {
                text: "روابط".into(),
                ..Filter::default()
            },
            Column::Status,
        ),
        (
            "review: topic, by document",
            Filter {
                topic: Some(TopicId::new("topic-3")),
                ..Filter::default()
            },
            Column::Document,
        ),
    ];
    for (name, filter, column) in cases {
        let mut shown = 0;
        measure(name, 20, || {
            let t = Instant::now();
            let v = index.view(
                &project,
                &filter,
                Sort {
                    column,
                    descending: true,
                },
            );
            let d = t.elapsed();
            shown = v.len();
            d
        });
        println!("  ({shown} rows shown)");
    }
    let coders = naql::agree::default_coders(&project);
    let mut report = None;
    measure("agreement, 20 coders, 10k docs", 5, || {
        let t = Instant::now();
        report = Some(naql::agree::measure(&project, &coders));
        t.elapsed()
    });
    if let Some(r) = report {
        println!(
            "  ({} documents, {} units, {} matched)",
            r.documents, r.units, r.matched
        );
    }
    let pair = &coders[..2];
    measure("agreement, 2 coders, 10k docs", 5, || {
        let t = Instant::now();
        std::hint::black_box(naql::agree::measure(&project, pair));
        t.elapsed()
    });

    // One frame of review mode over all 200,000 quotes (table, filters, progress, verdict bar,
    // the quote in its article), under egui_kittest without rendering.
    drop(project);
    let prefs = naql::app::Prefs {
        coder: Some(Person {
            id: "editor".into(),
            name: "Editor".into(),
        }),
        ..naql::app::Prefs::default()
    };
    let open = root.to_owned();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let app = naql::app::NaqlApp::with_dialogs(
                prefs,
                Some(open),
                Box::new(naql::app::dialogs::Scripted::default()),
            );
            naql::ui::setup(&cc.egui_ctx, &app.prefs);
            app
        });
    // A few frames of the coding view first (the window's own first frames: fonts, layout),
    // then the switch to review mode is measured alone. Its first frame hands the project to
    // the background build (shared, not copied); the window then keeps drawing ("Indexing…")
    // until the index is in.
    for _ in 0..3 {
        harness.step();
    }
    // The project opened in stages (125 MB of layers): every layer is in before review.
    while harness
        .state()
        .workspace
        .as_ref()
        .is_some_and(|ws| ws.reading_rest().is_some())
    {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    harness.step();
    // A tag while coding: the frame after it draws the document list's counts, the article's
    // quotes and the inspector from the indexes the edit kept up to date.
    let doc = harness
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .current
        .clone()
        .unwrap();
    let mut tagged = 0;
    measure("coding frame after a new quote, 200k quotes", 10, || {
        let ws = harness.state_mut().workspace.as_mut().unwrap();
        let start = tagged * 3;
        let q = naql::action::new_quote(
            ws.project(),
            &doc,
            naql::model::Span::new(start, start + 2),
            &naql::model::PersonId::new("editor"),
            jiff::Timestamp::now(),
        )
        .unwrap();
        ws.edit(naql::action::Action::AddQuote(q), "bench", None)
            .unwrap();
        tagged += 1;
        let t = Instant::now();
        harness.step();
        t.elapsed()
    });
    for _ in 0..tagged {
        harness.state_mut().workspace.as_mut().unwrap().undo();
    }
    harness.step();
    harness.state_mut().panels.mode = naql::app::Mode::Review;
    let t = Instant::now();
    harness.step();
    let first = t.elapsed();
    let mut frames = Vec::new();
    while harness.state().panels.review.indexing() {
        let f = Instant::now();
        harness.step();
        frames.push(f.elapsed());
        std::thread::sleep(Duration::from_millis(5));
    }
    frames.sort();
    println!(
        "entering review mode: first frame {:.1} ms; index ready after {:.0} ms; \
         {} frames drawn meanwhile, slowest {:.1} ms",
        first.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3,
        frames.len(),
        frames.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );
    harness.key_press(egui::Key::J);
    harness.step();
    measure("review frame, 200k quotes, idle", 50, || {
        let t = Instant::now();
        harness.step();
        t.elapsed()
    });
    let mut k = 0;
    measure("review frame, J (next quote)", 30, || {
        k += 1;
        harness.key_press(egui::Key::J);
        let t = Instant::now();
        harness.step();
        t.elapsed()
    });
    measure("review frame, A (accept: edit + verdicts)", 20, || {
        harness.key_press(egui::Key::J);
        harness.step();
        harness.key_press(egui::Key::A);
        harness.step();
        // The verdict is applied after the frame; the next frame refreshes the table.
        let t = Instant::now();
        harness.step();
        t.elapsed()
    });
}
