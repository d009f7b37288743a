//! Any project saved then loaded is equal to what was saved, and saving the same state twice
//! gives identical bytes.

use jiff::Timestamp;
use jiff::civil::Date;
use naql::model::*;
use naql::store::{FileKey, ProjectDir};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn article_text() -> impl Strategy<Value = String> {
    // Persian, Arabic, Latin, digits of three scripts, quotes, brackets, ZWNJ and newlines.
    proptest::collection::vec(
        prop::sample::select(
            "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةءآأ۰۱۲۹٠١٢abcXYZ0129 «»[]().,:؛،\u{200c}\n@#"
                .chars()
                .collect::<Vec<_>>(),
        ),
        1..120,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..4_000_000_000, 0i32..1_000_000_000)
        .prop_map(|(s, ns)| Timestamp::new(s, ns).unwrap_or(Timestamp::UNIX_EPOCH))
}

fn anchor_in(text: &str, seed: (usize, usize)) -> Anchor {
    let n = text.chars().count();
    let a = seed.0 % (n + 1);
    let b = a + seed.1 % (n + 1 - a);
    Anchor::of(text, Span::new(a, b)).unwrap_or(Anchor {
        span: Span::new(0, 0),
        text: String::new(),
    })
}

prop_compose! {
    fn quote(docs: Vec<(DocumentId, String)>, speakers: usize, topics: usize)(
        doc in 0..docs.len(),
        spans in any::<[(usize, usize); 3]>(),
        has in any::<(bool, bool, bool)>(),
        speaker in 0..speakers.max(1),
        kind in prop::sample::select(vec![QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed]),
        topic_picks in proptest::collection::vec(0..topics.max(1), 0..3),
        note in any::<String>(),
        source in proptest::option::of("[0-9A-Z]{26}"),
        coder in 0..2usize,
        created in timestamp(),
        modified in timestamp(),
        docs in Just(docs),
    ) -> Quote {
        let (id, text) = &docs[doc];
        Quote {
            id: QuoteId::generate(),
            document: id.clone(),
            anchor: anchor_in(text, spans[0]),
            speaker: (has.0 && speakers > 0).then(|| SpeakerId::new(format!("s{speaker}"))),
            mention: has.1.then(|| Box::new(anchor_in(text, spans[1]))),
            cue: has.2.then(|| Box::new(anchor_in(text, spans[2]))),
            kind,
            topics: if topics == 0 { vec![] } else { topic_picks.into_iter().map(|t| TopicId::new(format!("t{t}"))).collect() },
            note,
            source: source.map(QuoteId::new),
            coder: PersonId::new(format!("p{coder}")),
            created,
            modified,
        }
    }
}

fn project() -> impl Strategy<Value = Project> {
    (
        any::<String>(),
        proptest::collection::vec(article_text(), 1..4),
        proptest::collection::vec(
            (
                any::<String>(),
                any::<String>(),
                any::<Option<char>>(),
                any::<(u8, u8, u8)>(),
            ),
            0..4,
        ),
        proptest::collection::vec(
            (
                any::<String>(),
                proptest::collection::vec(any::<String>(), 0..3),
            ),
            0..3,
        ),
        proptest::option::of((1900i16..2100, 1i8..13, 1i8..29)),
    )
        .prop_flat_map(|(title, texts, topics, speakers, date)| {
            let docs: Vec<(DocumentId, String)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (DocumentId::new(format!("doc-{i}")), t.clone()))
                .collect();
            let quotes =
                proptest::collection::vec(quote(docs.clone(), speakers.len(), topics.len()), 0..12);
            (Just((title, docs, topics, speakers, date)), quotes)
        })
        .prop_map(|((title, docs, topics, speakers, date), quotes)| {
            let mut m = Manifest::new(title);
            m.languages = vec![Language::Persian, Language::Arabic];
            m.codebook.topics = topics
                .into_iter()
                .enumerate()
                .map(|(i, (name, description, shortcut, (r, g, b)))| Topic {
                    id: TopicId::new(format!("t{i}")),
                    name,
                    parent: (i > 0).then(|| TopicId::new("t0")),
                    colour: Colour::rgb(r, g, b),
                    shortcut: shortcut.map(|_| char::from_digit(i as u32, 10).unwrap_or('x')),
                    description,
                })
                .collect();
            m.speakers = speakers
                .into_iter()
                .enumerate()
                .map(|(i, (name, aliases))| Speaker {
                    id: SpeakerId::new(format!("s{i}")),
                    name,
                    aliases,
                    role: "role «نقش»".into(),
                    affiliation: String::new(),
                    country: "Iran".into(),
                })
                .collect();
            m.people = (0..2)
                .map(|i| Person {
                    id: PersonId::new(format!("p{i}")),
                    name: format!("Coder {i}"),
                })
                .collect();
            let mut project = Project::new(m);
            for (id, text) in &docs {
                std::sync::Arc::make_mut(&mut project.manifest.documents).push(Document {
                    id: id.clone(),
                    file_name: format!("{id}.txt"),
                    title: text.lines().next().unwrap_or("").to_owned(),
                    source: String::new(),
                    date: date.and_then(|(y, mo, d)| Date::new(y, mo, d).ok()),
                    language: Language::Persian,
                    sha256: validate::sha256_hex(text),
                    chars: text.chars().count(),
                    url: String::new(),
                    metadata: Default::default(),
                });
                project.texts.insert(id.clone(), text.clone());
            }
            let mut layers: BTreeMap<PersonId, Layer> = BTreeMap::new();
            for q in quotes {
                layers
                    .entry(q.coder.clone())
                    .or_insert_with(|| Layer::new(q.coder.clone()))
                    .quotes
                    .push(q);
            }
            // An editor's review of the first quote, when there is one.
            if let Some(first) = layers
                .values()
                .flat_map(|l| l.quotes.first())
                .next()
                .cloned()
            {
                let editor = PersonId::new("p1");
                layers
                    .entry(editor.clone())
                    .or_insert_with(|| Layer::new(editor.clone()))
                    .reviews
                    .push(Review {
                        quote: first.id,
                        verdict: Verdict::NeedsChanges,
                        comment: "مرز نقل قول را اصلاح کنید\n\"boundary\"".into(),
                        editor,
                        time: first.modified,
                    });
            }
            project.layers = layers.into_iter().map(|(p, l)| (p, l.into())).collect();
            project
        })
}

fn save_fresh(project: &Project, root: &Path) -> ProjectDir {
    let (mut dir, _) = ProjectDir::create(root, project.manifest.clone())
        .unwrap_or_else(|e| panic!("create: {e}"));
    for id in project.texts.ids() {
        dir.write_article(id.as_str(), &project.texts.read(id).unwrap())
            .unwrap_or_else(|e| panic!("article: {e}"));
    }
    dir.save_all(&mut project.clone())
        .unwrap_or_else(|e| panic!("save: {e}"));
    dir
}

fn file_bytes(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["", "annotations", "articles"] {
        for e in fs::read_dir(root.join(sub)).into_iter().flatten().flatten() {
            if e.path().is_file() {
                out.insert(
                    format!("{sub}/{}", e.file_name().to_string_lossy()),
                    fs::read(e.path()).unwrap_or_default(),
                );
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn saved_then_loaded_is_equal(original in project()) {
        let tmp = tempfile::tempdir().unwrap();
        save_fresh(&original, tmp.path());
        let loaded = ProjectDir::open(tmp.path()).unwrap_or_else(|e| panic!("load: {e}"));
        let mut expected = original.clone();
        expected.sort_canonical();
        expected.revalidate(false);
        prop_assert_eq!(&loaded.project, &expected);
        prop_assert!(loaded.problems.iter().all(|p| matches!(p.kind, ProblemKind::Orphan(_))),
            "{:?}", loaded.problems);
    }

    #[test]
    fn two_saves_of_one_state_are_byte_identical(original in project()) {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        save_fresh(&original, a.path());
        // The same content in another order in memory must give the same bytes.
        let mut shuffled = original.clone();
        for layer in shuffled.layers.values_mut().map(std::sync::Arc::make_mut) {
            layer.quotes.reverse();
        }
        save_fresh(&shuffled, b.path());
        prop_assert_eq!(file_bytes(a.path()), file_bytes(b.path()));
        // Loading and saving again writes nothing.
        let mut loaded = ProjectDir::open(a.path()).unwrap_or_else(|e| panic!("load: {e}"));
        let written = loaded.dir.save_all(&mut loaded.project).unwrap_or_else(|e| panic!("save: {e}"));
        prop_assert!(written.is_empty(), "rewrote {:?}", written);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The fast layer writer and ron's serializer give the same bytes, whatever the content:
    /// the file format has one definition.
    #[test]
    fn direct_layer_writer_equals_ron(original in project()) {
        for layer in original.layers.values() {
            let reference = naql::store::layer_text_reference(layer).unwrap();
            prop_assert_eq!(naql::store::layer_text::layer_text(layer), reference);
        }
    }

    /// The fast reader reads every canonical file exactly as ron does, and declines (returns
    /// `None`, so ron reads it) a file that is not canonical.
    #[test]
    fn canonical_layer_reader_equals_ron(original in project(), cut in any::<prop::sample::Index>()) {
        for layer in original.layers.values() {
            let text = naql::store::layer_text::layer_text(layer);
            let by_ron: Layer = ron::from_str(&text).unwrap();
            prop_assert_eq!(naql::store::layer_parse::parse_canonical(&text), Some(by_ron.clone()));
            // Cut into pieces on several threads, it reads the same.
            for threads in [2, 3, 7] {
                prop_assert_eq!(
                    naql::store::layer_parse::parse_canonical_on(text.as_bytes(), threads),
                    Some(by_ron.clone())
                );
            }
            // A hand edit that keeps it valid RON but not canonical: an extra space somewhere.
            let at = cut.index(text.len());
            if text.is_char_boundary(at) {
                let edited = format!("{} {}", &text[..at], &text[at..]);
                let fast = naql::store::layer_parse::parse_canonical(&edited);
                let slow: Option<Layer> = ron::from_str(&edited).ok();
                prop_assert!(fast.is_none() || fast == slow, "fast reader accepted a changed file differently");
                let pieces = naql::store::layer_parse::parse_canonical_on(edited.as_bytes(), 3);
                prop_assert!(pieces.is_none() || pieces == slow, "the reader in pieces accepted a changed file differently");
            }
        }
    }
}

#[test]
fn only_changed_files_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    naql::sample::install(tmp.path()).unwrap();
    let mut loaded = ProjectDir::open(tmp.path()).unwrap();
    let sara = PersonId::new("sara");
    let layer = loaded
        .project
        .layer_mut(&sara)
        .unwrap_or_else(|| panic!("sara's layer"));
    layer.quotes[0].note = "بازبینی شد".into();
    let written = loaded.dir.save_all(&mut loaded.project).unwrap();
    assert_eq!(written, vec!["annotations/sara.ron".to_owned()]);
    let again = loaded.dir.save(
        &mut loaded.project,
        &[FileKey::Manifest, FileKey::Layer(sara)],
    );
    assert_eq!(again.unwrap(), Vec::<String>::new());
}
