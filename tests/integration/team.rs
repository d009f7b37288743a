//! A team on one project: many coders and an editor in git clones, two windows on one folder,
//! files changed under an open project, conflict copies, interrupted saves and imports.
//! Nothing anyone made is ever lost, and git never stops on a conflict.

use naql::action::{Action, new_quote};
use naql::app::workspace::Workspace;
use naql::model::{
    DocumentId, Person, PersonId, ProblemKind, Project, Quote, QuoteId, Review, Span, Speaker,
    SpeakerId, Topic, TopicId, Verdict,
};
use naql::store::ProjectDir;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn person(id: &str) -> Person {
    Person {
        id: PersonId::new(id),
        name: format!("{id} (name)"),
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=naql-test",
            "-c",
            "user.email=t@example.org",
        ])
        .args(["-c", "pull.rebase=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git is needed for the team tests (apt-get install git): {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "git {args:?} in {}: {text}",
        dir.display()
    );
    assert!(!text.contains("CONFLICT"), "git {args:?}: {text}");
    text
}

/// A small deterministic generator for choosing documents and orders.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A quote on a stretch of words of `doc` (its ends on letters, not spaces).
fn quote_in(project: &Project, doc: &DocumentId, at: usize, coder: &PersonId) -> Quote {
    let text: Vec<char> = project.texts.read(doc).unwrap().chars().collect();
    let mut start = (at * 37) % (text.len() - 60);
    while text[start].is_whitespace() {
        start += 1;
    }
    let mut end = start + 25;
    while text[end - 1].is_whitespace() {
        end -= 1;
    }
    new_quote(
        project,
        doc,
        Span::new(start, end),
        coder,
        jiff::Timestamp::now(),
    )
    .unwrap_or_else(|| panic!("a quote at {start}..{end}"))
}

fn edit(ws: &mut Workspace, action: Action) {
    ws.edit(action, "test", None)
        .unwrap_or_else(|e| panic!("edit: {e}"));
}

fn speaker_index(ws: &Workspace, id: &str) -> usize {
    ws.project()
        .manifest
        .speakers
        .iter()
        .position(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("speaker {id}"))
}

/// What everyone made, to be found in every clone at the end.
#[derive(Default)]
struct Made {
    quotes: BTreeSet<QuoteId>,
    reviews: BTreeSet<QuoteId>,
    speakers: BTreeSet<SpeakerId>,
    aliases: BTreeSet<String>,
    topics: BTreeSet<TopicId>,
    merged: Option<(SpeakerId, SpeakerId)>,
}

/// One person's turn: pull, open the project as them, work, save, commit, push.
fn turn(clone: &Path, who: &str, round: usize, rng: &mut Lcg, made: &mut Made) {
    git(clone, &["pull", "--quiet", "origin", "main"]);
    let mut ws = Workspace::open(clone, person(who)).unwrap_or_else(|e| panic!("{who}: {e}"));
    let me = PersonId::new(who);
    let docs: Vec<DocumentId> = ws
        .project()
        .manifest
        .documents
        .iter()
        .map(|d| d.id.clone())
        .collect();
    if who == "editor" {
        // Review what is there now; in the last round, merge two coders' speakers.
        let quotes: Vec<QuoteId> = ws
            .project()
            .quotes()
            .map(|(_, q)| q.id.clone())
            .filter(|q| !made.reviews.contains(q))
            .take(15)
            .collect();
        for q in quotes {
            edit(
                &mut ws,
                Action::SetReview {
                    editor: me.clone(),
                    quote: q.clone(),
                    review: Some(Review {
                        quote: q.clone(),
                        verdict: Verdict::Accepted,
                        comment: format!("round {round}"),
                        editor: me.clone(),
                        time: jiff::Timestamp::now(),
                    }),
                },
            );
            made.reviews.insert(q);
        }
        if round == 2 {
            let from = SpeakerId::new("speaker-of-c03");
            let into = SpeakerId::new("speaker-of-c04");
            let merge =
                naql::action::merge_speakers(ws.project(), &from, &into, jiff::Timestamp::now())
                    .unwrap_or_else(|| panic!("both speakers are there"));
            edit(&mut ws, merge);
            made.merged = Some((from, into));
        }
    } else {
        for k in 0..2 {
            let doc = &docs[rng.below(docs.len())];
            let mut q = quote_in(ws.project(), doc, rng.below(10_000), &me);
            if round > 0 {
                q.speaker = Some(SpeakerId::new(format!("speaker-of-{who}")));
            }
            made.quotes.insert(q.id.clone());
            edit(&mut ws, Action::AddQuote(q));
            let _ = k;
        }
        match round {
            0 => {
                let id = SpeakerId::new(format!("speaker-of-{who}"));
                let index = ws.project().manifest.speakers.len();
                edit(
                    &mut ws,
                    Action::InsertSpeaker {
                        index,
                        speaker: Speaker {
                            id: id.clone(),
                            name: format!("سخنگوی {who}"),
                            aliases: Vec::new(),
                            role: String::new(),
                            affiliation: String::new(),
                            country: String::new(),
                        },
                    },
                );
                made.speakers.insert(id);
            }
            1 => {
                // Everyone adds a spelling to the same speaker at the same time.
                let index = speaker_index(&ws, "lukashenko");
                let mut s = ws.project().manifest.speakers[index].clone();
                let alias = format!("لوکاشنکو ({who})");
                s.aliases.push(alias.clone());
                edit(&mut ws, Action::ReplaceSpeaker { index, speaker: s });
                made.aliases.insert(alias);
            }
            _ => {}
        }
        if who == "c07" && round == 1 {
            let id = TopicId::new("energy");
            let index = ws.project().manifest.codebook.topics.len();
            edit(
                &mut ws,
                Action::InsertTopic {
                    index,
                    topic: Topic {
                        id: id.clone(),
                        name: "انرژی".into(),
                        parent: None,
                        colour: naql::model::Colour::rgb(200, 120, 0),
                        shortcut: None,
                        description: String::new(),
                    },
                },
            );
            made.topics.insert(id);
        }
    }
    ws.save().unwrap_or_else(|e| panic!("{who}: save: {e}"));
    drop(ws);
    git(clone, &["add", "-A"]);
    git(
        clone,
        &["commit", "--quiet", "-m", &format!("{who} round {round}")],
    );
    // Someone may have pushed since the pull: pull (a merge, never a conflict) and push again.
    for attempt in 0..5 {
        let pushed = Command::new("git")
            .args(["push", "--quiet", "origin", "main"])
            .current_dir(clone)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if pushed {
            return;
        }
        assert!(attempt < 4, "{who} could not push");
        git(clone, &["pull", "--quiet", "origin", "main"]);
    }
}

#[test]
fn twenty_coders_and_an_editor_in_git_clones_never_conflict_and_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = tmp.path().join("seed");
    naql::sample::install(&seed).unwrap();
    git(&seed, &["init", "--quiet"]);
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "--quiet", "-m", "the project"]);
    let bare = tmp.path().join("origin.git");
    git(
        tmp.path(),
        &["clone", "--quiet", "--bare", "seed", "origin.git"],
    );
    let mut people: Vec<String> = (0..20).map(|i| format!("c{i:02}")).collect();
    people.push("editor".into());
    let clones: Vec<(String, PathBuf)> = people
        .iter()
        .map(|p| {
            let dir = tmp.path().join(p);
            git(
                tmp.path(),
                &["clone", "--quiet", &bare.to_string_lossy(), p],
            );
            (p.clone(), dir)
        })
        .collect();

    let mut rng = Lcg(2026);
    let mut made = Made::default();
    for round in 0..3 {
        // Every round in another interleaving; the editor last in the final round, so that
        // the merge of two speakers comes after both exist.
        let mut order: Vec<usize> = (0..clones.len() - 1).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let editor_at = if round == 2 {
            order.len()
        } else {
            rng.below(order.len())
        };
        order.insert(editor_at, clones.len() - 1);
        for i in order {
            let (who, dir) = &clones[i];
            turn(dir, who, round, &mut rng, &mut made);
        }
    }

    for (who, dir) in &clones {
        git(dir, &["pull", "--quiet", "origin", "main"]);
        let loaded = ProjectDir::open_with(dir, true).unwrap_or_else(|e| panic!("{who}: {e}"));
        assert!(loaded.problems.is_empty(), "{who}: {:?}", loaded.problems);
        let p = &loaded.project;
        let quotes: BTreeSet<&QuoteId> = p.quotes().map(|(_, q)| &q.id).collect();
        for q in &made.quotes {
            assert!(quotes.contains(q), "{who} lacks quote {q}");
        }
        let reviews: BTreeSet<&QuoteId> = p.reviews().map(|r| &r.quote).collect();
        for q in &made.reviews {
            assert!(reviews.contains(q), "{who} lacks the review of {q}");
        }
        let (from, into) = made.merged.clone().unwrap_or_else(|| panic!("merged"));
        for s in &made.speakers {
            let s = naql::model::registry::resolve(&p.manifest.merged, s);
            assert!(p.manifest.speaker(s).is_some(), "{who} lacks speaker {s}");
        }
        let target = p
            .manifest
            .speaker(&into)
            .unwrap_or_else(|| panic!("{into}"));
        assert!(
            target.aliases.contains(&"سخنگوی c03".to_owned()),
            "{who}: {target:?}"
        );
        assert!(
            p.manifest.speaker(&from).is_none(),
            "{who}: {from} merged away"
        );
        assert!(
            p.quotes().all(|(_, q)| q.speaker.as_ref() != Some(&from)),
            "{who}: quotes follow the merge"
        );
        let luka = p
            .manifest
            .speaker(&SpeakerId::new("lukashenko"))
            .unwrap_or_else(|| panic!("lukashenko"));
        for a in &made.aliases {
            assert!(luka.aliases.contains(a), "{who} lacks alias {a}");
        }
        for t in &made.topics {
            assert!(p.manifest.topic(t).is_some(), "{who} lacks topic {t}");
        }
        let joined: BTreeSet<&str> = p.manifest.people.iter().map(|p| p.id.as_str()).collect();
        for other in &people {
            assert!(joined.contains(other.as_str()), "{who}: {other} joined");
        }
    }
    assert_eq!(made.quotes.len(), 20 * 2 * 3);
}

fn sample_dir(tmp: &tempfile::TempDir) -> PathBuf {
    let dir = tmp.path().join("p");
    naql::sample::install(&dir).unwrap();
    dir
}

fn first_doc(ws: &Workspace) -> DocumentId {
    ws.project().manifest.documents[0].id.clone()
}

#[test]
fn two_windows_of_one_coder_saving_in_turn_keep_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    let mut one = Workspace::open(&dir, person("sara")).unwrap();
    let mut two = Workspace::open(&dir, person("sara")).unwrap();
    // The second window is told who holds the project, where and since when.
    let told = two.notices.first().cloned().unwrap_or_default();
    assert!(
        told.contains("already has this project open in another window")
            && told.contains(&format!("process {}", std::process::id()))
            && told.contains(" since "),
        "{told}"
    );
    assert!(one.notices.is_empty(), "{:?}", one.notices);
    let before = one.project().layers[&sara].quotes.len();
    let doc = first_doc(&one);

    let a = quote_in(one.project(), &doc, 1, &sara);
    edit(&mut one, Action::AddQuote(a.clone()));
    let luka = speaker_index(&one, "lukashenko");
    let mut s = one.project().manifest.speakers[luka].clone();
    s.aliases.push("A. Lukashenko".into());
    edit(
        &mut one,
        Action::ReplaceSpeaker {
            index: luka,
            speaker: s,
        },
    );
    one.save().unwrap();

    let b = quote_in(two.project(), &doc, 2, &sara);
    edit(&mut two, Action::AddQuote(b.clone()));
    let luka = speaker_index(&two, "lukashenko");
    let mut s = two.project().manifest.speakers[luka].clone();
    s.aliases.push("Łukaszenka".into());
    edit(
        &mut two,
        Action::ReplaceSpeaker {
            index: luka,
            speaker: s,
        },
    );
    two.save().unwrap();
    assert!(
        two.notices
            .iter()
            .any(|n| n.contains("annotations/sara.ron")),
        "the second window says it merged: {:?}",
        two.notices
    );
    // The second window now shows the first one's quote too.
    let layer = &two.project().layers[&sara];
    assert!(layer.quotes.iter().any(|q| q.id == a.id));

    // And back: the first window saves again after another edit.
    let c = quote_in(one.project(), &doc, 3, &sara);
    edit(&mut one, Action::AddQuote(c.clone()));
    one.save().unwrap();

    let loaded = ProjectDir::open(&dir).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let quotes = &loaded.project.layers[&sara].quotes;
    assert_eq!(quotes.len(), before + 3);
    for q in [&a, &b, &c] {
        assert!(quotes.iter().any(|x| x.id == q.id), "{}", q.id);
    }
    let names: Vec<&str> = loaded
        .project
        .manifest
        .speaker(&SpeakerId::new("lukashenko"))
        .map(|s| s.aliases.iter().map(String::as_str).collect())
        .unwrap_or_default();
    assert!(
        names.contains(&"A. Lukashenko") && names.contains(&"Łukaszenka"),
        "{names:?}"
    );
}

#[test]
fn a_layer_changed_on_disk_between_load_and_save_is_merged_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    let mut ws = Workspace::open(&dir, person("sara")).unwrap();
    let doc = first_doc(&ws);

    // A synced folder brings a version of sara.ron from her other computer: one quote more,
    // one quote fewer, one changed.
    let mut other = ProjectDir::open(&dir).unwrap();
    let from_laptop = quote_in(&other.project, &doc, 7, &sara);
    let layer = other
        .project
        .layer_mut(&sara)
        .unwrap_or_else(|| panic!("sara"));
    let gone = layer.quotes.remove(0);
    layer.quotes[0].note = "from the laptop".into();
    layer.quotes[0].modified = jiff::Timestamp::now();
    let changed = layer.quotes[0].id.clone();
    layer.quotes.push(from_laptop.clone());
    other.dir.set_owner(Some(sara.clone()));
    other.dir.save_all(&mut other.project).unwrap();

    let here = quote_in(ws.project(), &doc, 9, &sara);
    edit(&mut ws, Action::AddQuote(here.clone()));
    ws.save().unwrap();

    let loaded = ProjectDir::open(&dir).unwrap();
    let quotes = &loaded.project.layers[&sara].quotes;
    assert!(
        quotes.iter().any(|q| q.id == here.id),
        "this window's quote"
    );
    assert!(
        quotes.iter().any(|q| q.id == from_laptop.id),
        "the laptop's quote"
    );
    assert!(
        quotes.iter().all(|q| q.id != gone.id),
        "the laptop's deletion"
    );
    assert!(
        quotes
            .iter()
            .any(|q| q.id == changed && q.note == "from the laptop"),
        "the laptop's change"
    );
}

#[test]
fn a_write_finds_the_file_changed_since_it_was_prepared_and_leaves_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    let mut loaded = ProjectDir::open(&dir).unwrap();
    loaded.dir.set_owner(Some(sara.clone()));
    let layer = loaded
        .project
        .layer_mut(&sara)
        .unwrap_or_else(|| panic!("sara"));
    layer.quotes[0].note = "mine".into();
    let keys = [naql::store::FileKey::Layer(sara.clone())];
    let pending = loaded.dir.prepare(&mut loaded.project, &keys).unwrap();
    // Someone else writes the file between the preparing and the writing (the saver thread).
    let path = dir.join("annotations/sara.ron");
    let theirs = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("format_version: 2,", "format_version: 2,\n");
    std::fs::write(&path, &theirs).unwrap();
    let err = pending[0]
        .write()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("changed on disk"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), theirs);
    // The next save merges with it and writes.
    loaded.dir.write_failed(&keys[0]);
    loaded.dir.save(&mut loaded.project, &keys).unwrap();
    let again = ProjectDir::open(&dir).unwrap();
    assert_eq!(again.project.layers[&sara].quotes[0].note, "mine");
}

#[test]
fn conflict_copies_are_named_not_loaded_and_resolve_keeps_every_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    let original = ProjectDir::open(&dir).unwrap();
    let n = original.project.layers[&sara].quotes.len();

    // Dropbox's copy has a quote the original lacks; Syncthing's copy of omid.ron another.
    let mut copy = (*original.project.layers[&sara]).clone();
    let extra = quote_in(
        &original.project,
        &original.project.manifest.documents[1].id,
        4,
        &sara,
    );
    copy.quotes.push(extra.clone());
    let text = naql::store::layer_text::layer_text(&copy);
    let dropbox = dir.join("annotations/sara (Omid's conflicted copy 2026-12-02).ron");
    std::fs::write(&dropbox, &text).unwrap();
    let omid = PersonId::new("omid");
    let mut copy = (*original.project.layers[&omid]).clone();
    let extra_omid = quote_in(
        &original.project,
        &original.project.manifest.documents[2].id,
        5,
        &omid,
    );
    copy.quotes.push(extra_omid.clone());
    let syncthing = dir.join("annotations/omid.sync-conflict-20261202-101500-ABCDEF7.ron");
    std::fs::write(&syncthing, naql::store::layer_text::layer_text(&copy)).unwrap();

    let loaded = ProjectDir::open(&dir).unwrap();
    assert_eq!(loaded.project.layers.len(), 2, "copies are not layers");
    let conflicts: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Conflict)
        .map(|p| p.to_string())
        .collect();
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    assert!(
        conflicts
            .iter()
            .any(|c| c.contains("Dropbox") && c.contains("annotations/sara.ron"))
    );
    assert!(
        conflicts
            .iter()
            .any(|c| c.contains("Syncthing") && c.contains("annotations/omid.ron"))
    );

    let said = naql::store::resolve::resolve(&dir).unwrap();
    assert_eq!(said.len(), 2, "{said:?}");
    let after = ProjectDir::open(&dir).unwrap();
    assert!(after.problems.is_empty(), "{:?}", after.problems);
    let quotes = &after.project.layers[&sara].quotes;
    assert_eq!(quotes.len(), n + 1);
    assert!(quotes.iter().any(|q| q.id == extra.id));
    assert!(
        after.project.layers[&omid]
            .quotes
            .iter()
            .any(|q| q.id == extra_omid.id)
    );
    assert!(!dropbox.exists() && dir.join(".naql/resolved").is_dir());
}

#[test]
fn git_conflict_markers_are_explained_and_resolve_merges_both_sides() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    let loaded = ProjectDir::open(&dir).unwrap();
    let doc = &loaded.project.manifest.documents[0].id;
    let mut ours = (*loaded.project.layers[&sara]).clone();
    let mut theirs = ours.clone();
    let a = quote_in(&loaded.project, doc, 11, &sara);
    let b = quote_in(&loaded.project, doc, 13, &sara);
    ours.quotes.push(a.clone());
    theirs.quotes.push(b.clone());
    // What git writes when both sides changed the same lines.
    let (o, t) = (
        naql::store::layer_text::layer_text(&ours),
        naql::store::layer_text::layer_text(&theirs),
    );
    let mut conflicted = String::new();
    conflicted.push_str("<<<<<<< HEAD\n");
    conflicted.push_str(&o);
    conflicted.push_str("=======\n");
    conflicted.push_str(&t);
    conflicted.push_str(">>>>>>> origin/main\n");
    std::fs::write(dir.join("annotations/sara.ron"), &conflicted).unwrap();

    // The project still opens, says what happened, and never writes over the file.
    let mut opened = ProjectDir::open(&dir).unwrap();
    let p = opened
        .problems
        .iter()
        .find(|p| p.file.contains("annotations/sara.ron"))
        .map(|p| p.to_string())
        .unwrap_or_default();
    assert!(
        p.contains("line 1") && p.contains("conflict markers") && p.contains("naql resolve"),
        "{p}"
    );
    opened.dir.set_owner(Some(sara.clone()));
    opened
        .project
        .layers
        .insert(sara.clone(), naql::model::Layer::new(sara.clone()).into());
    let refused = opened.dir.save(
        &mut opened.project,
        &[naql::store::FileKey::Layer(sara.clone())],
    );
    assert!(refused.is_err());
    assert_eq!(
        std::fs::read_to_string(dir.join("annotations/sara.ron")).unwrap_or_default(),
        conflicted
    );

    naql::store::resolve::resolve(&dir).unwrap();
    let after = ProjectDir::open(&dir).unwrap();
    assert!(after.problems.is_empty(), "{:?}", after.problems);
    let quotes = &after.project.layers[&sara].quotes;
    assert!(quotes.iter().any(|q| q.id == a.id) && quotes.iter().any(|q| q.id == b.id));

    // A format 1 project's manifest, where two coders each added a speaker.
    let manifest = std::fs::read_to_string(dir.join("project.ron")).unwrap_or_default();
    let speakers_at = manifest.find("  speakers: [\n").unwrap_or(0) + "  speakers: [\n".len();
    let entry = |id: &str| {
        format!(
            "    (\n      id: \"{id}\",\n      name: \"{id}\",\n      aliases: [],\n      role: \"\",\n      affiliation: \"\",\n      country: \"\",\n    ),\n"
        )
    };
    let conflicted = format!(
        "{}<<<<<<< HEAD\n{}=======\n{}>>>>>>> theirs\n{}",
        &manifest[..speakers_at],
        entry("araghchi"),
        entry("mousavi"),
        &manifest[speakers_at..]
    );
    std::fs::write(dir.join("project.ron"), &conflicted).unwrap();
    let err = ProjectDir::open(&dir)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("project.ron") && err.contains("conflict markers"),
        "{err}"
    );
    naql::store::resolve::resolve(&dir).unwrap();
    let after = ProjectDir::open(&dir).unwrap();
    for id in ["araghchi", "mousavi", "lukashenko"] {
        assert!(
            after
                .project
                .manifest
                .speaker(&SpeakerId::new(id))
                .is_some(),
            "{id}"
        );
    }
}

#[test]
fn an_import_killed_before_recording_is_reported_and_adopted_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    ProjectDir::create(&root, naql::model::Manifest::new("t")).unwrap();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("projects/belarus-iran/articles");
    // The killed import stored one article and recorded nothing.
    let file = corpus.join("002_c6b224872927b575.txt");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    std::fs::write(root.join("articles/002_c6b224872927b575.txt"), &text).unwrap();
    let loaded = ProjectDir::open(&root).unwrap();
    let strays: Vec<&str> = loaded
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Stray)
        .map(|p| p.file.as_str())
        .collect();
    assert_eq!(strays, ["articles/002_c6b224872927b575.txt"]);

    let mut loaded = loaded;
    let report = naql::import::import_files(
        &mut loaded.dir,
        &mut loaded.project,
        &naql::import::collect_files(&[corpus]),
        &Default::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(report.imported.len(), 5);
    assert_eq!(report.adopted, 1);
    let after = ProjectDir::open(&root).unwrap();
    assert!(after.problems.is_empty(), "{:?}", after.problems);
    let ids: Vec<&str> = after
        .project
        .manifest
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert!(
        ids.contains(&"002_c6b224872927b575"),
        "{ids:?}: the same id, no -2"
    );
    assert_eq!(
        std::fs::read_dir(root.join("articles"))
            .map(|d| d.count())
            .unwrap_or(0),
        5
    );
}

#[test]
fn changes_from_outside_show_up_in_the_open_project_with_unsaved_edits_and_undo_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let (sara, omid) = (PersonId::new("sara"), PersonId::new("omid"));
    let mut ws = Workspace::open(&dir, person("sara")).unwrap();
    let doc = first_doc(&ws);
    let mine = quote_in(ws.project(), &doc, 21, &sara);
    edit(&mut ws, Action::AddQuote(mine.clone()));
    let t0 = std::time::Instant::now();
    assert!(!ws.check_disk(t0), "nothing changed yet");

    // A pull brings Omid's new quote and a speaker he added; Sara's other window saved a quote.
    let mut other = ProjectDir::open(&dir).unwrap();
    other.dir.set_owner(Some(omid.clone()));
    let his = quote_in(&other.project, &doc, 23, &omid);
    if let Some(l) = other.project.layer_mut(&omid) {
        l.quotes.push(his.clone())
    }
    other.project.manifest.speakers.push(Speaker {
        id: SpeakerId::new("araghchi"),
        name: "عباس عراقچی".into(),
        aliases: Vec::new(),
        role: String::new(),
        affiliation: String::new(),
        country: String::new(),
    });
    other.dir.save_all(&mut other.project).unwrap();
    let mut window_two = Workspace::open(&dir, person("sara")).unwrap();
    let theirs = quote_in(window_two.project(), &doc, 25, &sara);
    edit(&mut window_two, Action::AddQuote(theirs.clone()));
    window_two.save().unwrap();

    assert!(!ws.check_disk(t0), "not looked at again within a second");
    assert!(ws.check_disk(t0 + std::time::Duration::from_secs(2)));
    let p = ws.project();
    assert!(
        p.layers[&omid].quotes.iter().any(|q| q.id == his.id),
        "Omid's quote"
    );
    assert!(
        p.manifest.speaker(&SpeakerId::new("araghchi")).is_some(),
        "his speaker"
    );
    let own = &p.layers[&sara].quotes;
    assert!(
        own.iter().any(|q| q.id == mine.id),
        "the unsaved quote stays"
    );
    assert!(
        own.iter().any(|q| q.id == theirs.id),
        "the other window's quote arrives"
    );
    assert!(ws.is_dirty());
    assert!(
        ws.notices
            .iter()
            .any(|n| n.contains("annotations/omid.ron")),
        "{:?}",
        ws.notices
    );

    // Undo still takes back this window's own edit, and the save keeps everyone's work.
    assert!(ws.undo().is_some());
    assert!(
        !ws.project().layers[&sara]
            .quotes
            .iter()
            .any(|q| q.id == mine.id)
    );
    ws.save().unwrap();
    let loaded = ProjectDir::open(&dir).unwrap();
    assert!(
        loaded.project.layers[&sara]
            .quotes
            .iter()
            .any(|q| q.id == theirs.id)
    );
    assert!(
        loaded.project.layers[&omid]
            .quotes
            .iter()
            .any(|q| q.id == his.id)
    );
}

#[test]
fn a_save_killed_at_any_step_leaves_each_file_whole_and_the_journal_replays_the_rest() {
    use naql::store::atomic::{Step, write_atomic_until};
    for step in Step::ALL {
        let tmp = tempfile::tempdir().unwrap();
        let dir = sample_dir(&tmp);
        let sara = PersonId::new("sara");
        let path = dir.join("annotations/sara.ron");
        let old = std::fs::read(&path).unwrap_or_default();
        let mut ws = Workspace::open(&dir, person("sara")).unwrap();
        let doc = first_doc(&ws);
        let q = quote_in(ws.project(), &doc, 31, &sara);
        edit(&mut ws, Action::AddQuote(q.clone()));
        // The save's bytes, written by the real writer up to the step where the process dies.
        let mut project = ws.project().clone();
        let mut pending = ws
            .dir
            .prepare(&mut project, &[naql::store::FileKey::Layer(sara.clone())])
            .unwrap();
        let new = pending[0].bytes().to_vec();
        assert!(write_atomic_until(pending[0].path(), &new, Some(step)).is_err());
        drop(ws); // the crash: nothing else runs

        let now = std::fs::read(&path).unwrap_or_default();
        assert!(
            now == old || now == new,
            "{step:?}: the layer is wholly old or wholly new"
        );
        let loaded = ProjectDir::open(&dir).unwrap_or_else(|e| panic!("{step:?}: {e}"));
        assert!(
            loaded.problems.iter().all(|p| p.kind == ProblemKind::Stray),
            "{step:?}: {:?}",
            loaded.problems
        );
        // The next start offers the journal; recovered, the quote is there exactly once.
        let mut ws = Workspace::open(&dir, person("sara")).unwrap();
        assert!(ws.recovery.is_some(), "{step:?}: the journal is offered");
        ws.recover();
        ws.save().unwrap();
        let loaded = ProjectDir::open(&dir).unwrap();
        let n = loaded.project.layers[&sara]
            .quotes
            .iter()
            .filter(|x| x.id == q.id)
            .count();
        assert_eq!(n, 1, "{step:?}");
    }
}

/// A big project opens on the coder's own layer at once and takes in the others when they
/// have been read on a thread: what the coder did meanwhile stays, the others' quotes and
/// their orphan flags arrive, their files are never written, and later changes to them from
/// outside are noticed as in any window.
/// Puts an X at the start of the first anchor text in a layer file, so that the quote no
/// longer matches its article; gives the file as it was and as it is now.
fn break_first_anchor(file: &Path) -> (String, String) {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find("text: \"").unwrap() + "text: \"".len();
    let broken = format!("{}X{}", &text[..at], &text[at..]);
    std::fs::write(file, &broken).unwrap();
    (text, broken)
}

/// Waits for the rest of a project opened in stages, and takes it in.
fn wait_for_the_rest(ws: &mut Workspace) {
    let started = std::time::Instant::now();
    while !ws.poll_rest() {
        assert!(started.elapsed().as_secs() < 30, "the rest never came");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn a_project_opened_in_stages_takes_in_the_other_layers_keeping_edits_made_meanwhile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let (sara, omid) = (PersonId::new("sara"), PersonId::new("omid"));
    // One of Omid's quotes no longer matches its article: it must come in flagged.
    let omid_file = dir.join("annotations/omid.ron");
    let (text, broken) = break_first_anchor(&omid_file);

    let mut ws = Workspace::open_in_stages(&dir, person("sara")).unwrap();
    assert!(ws.reading_rest().is_some());
    assert!(ws.project().layers.contains_key(&sara));
    assert!(!ws.project().layers.contains_key(&omid), "not read yet");
    let doc = first_doc(&ws);
    let mine = quote_in(ws.project(), &doc, 21, &sara);
    edit(&mut ws, Action::AddQuote(mine.clone()));

    wait_for_the_rest(&mut ws);
    assert!(ws.reading_rest().is_none());
    let p = ws.project();
    assert!(
        p.layers[&sara].quotes.iter().any(|q| q.id == mine.id),
        "the edit stays"
    );
    let his = &p.layers[&omid].quotes;
    assert!(!his.is_empty(), "Omid's quotes came in");
    let flagged: Vec<_> = his
        .iter()
        .filter(|q| p.orphans.contains_key(&q.id))
        .collect();
    assert_eq!(flagged.len(), 1, "the edited anchor is flagged");
    assert!(
        ws.find_quote(&mine.id).is_some(),
        "the quote index knows every layer"
    );

    ws.save().unwrap();
    assert_eq!(
        std::fs::read_to_string(&omid_file).unwrap(),
        broken,
        "never written"
    );
    let saved = ProjectDir::open(&dir).unwrap();
    assert!(
        saved.project.layers[&sara]
            .quotes
            .iter()
            .any(|q| q.id == mine.id)
    );

    // Omid's file changes from outside: the window notices it, as for any layer it read.
    std::fs::write(&omid_file, &text).unwrap();
    let later = std::time::Instant::now() + std::time::Duration::from_secs(5);
    assert!(ws.check_disk(later), "the change to Omid's layer is seen");
    assert!(
        ws.project().layers[&omid]
            .quotes
            .iter()
            .all(|q| !ws.project().orphans.contains_key(&q.id)),
        "and his repaired quote is no longer flagged"
    );
}

/// A project opened in stages gives the coder's own layer, just read, to the full read on its
/// thread instead of having it read a second time (a second copy of 0.25 GB at 500,000
/// quotes while it ran), and the layer is checked there like the others: an anchor that no
/// longer matches its article comes out flagged.
#[test]
fn a_project_opened_in_stages_reads_the_coders_own_layer_once_and_checks_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    break_first_anchor(&dir.join("annotations/sara.ron"));

    let mut ws = Workspace::open_in_stages(&dir, person("sara")).unwrap();
    let quick = std::sync::Arc::clone(&ws.project().layers[&sara]);
    assert!(
        ws.project().orphans.is_empty(),
        "the first read checks nothing"
    );
    wait_for_the_rest(&mut ws);
    let p = ws.project();
    assert!(
        std::sync::Arc::ptr_eq(&quick, &p.layers[&sara]),
        "the layer the window read first, not a second read of the file"
    );
    let flagged = p.layers[&sara]
        .quotes
        .iter()
        .filter(|q| p.orphans.contains_key(&q.id))
        .count();
    assert_eq!(flagged, 1, "the broken anchor is flagged");
    assert!(p.layers.len() > 1, "the other layers came in");
}

/// Untouched meanwhile, a project opened in stages takes the indexes made on the thread: every
/// quote is found by id and in its document, as in a project opened whole.
#[test]
fn a_project_opened_in_stages_and_untouched_finds_every_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let mut ws = Workspace::open_in_stages(&dir, person("sara")).unwrap();
    wait_for_the_rest(&mut ws);
    let whole = ProjectDir::open(&dir).unwrap().project;
    assert_eq!(ws.project().layers, whole.layers);
    for (person, q) in whole.quotes() {
        assert_eq!(ws.find_quote(&q.id), Some(q), "{person}'s quote {}", q.id);
    }
    for d in whole.manifest.documents.iter() {
        let mut found: Vec<_> = ws
            .quotes_in(&d.id)
            .into_iter()
            .map(|(p, i)| ws.project().layers[&p].quotes[i].id.clone())
            .collect();
        let mut expected: Vec<_> = whole
            .quotes()
            .filter(|(_, q)| q.document == d.id)
            .map(|(_, q)| q.id.clone())
            .collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{}", d.id);
    }
}

/// Every quote of the open project, found by id and in its document, as a scan finds them.
fn assert_every_quote_is_found(ws: &Workspace, when: &str) {
    let p = ws.project();
    for (person, q) in p.quotes() {
        assert_eq!(ws.find_quote(&q.id), Some(q), "{when}: {person}'s {}", q.id);
    }
    for d in p.manifest.documents.iter() {
        let mut found = ws.quotes_in(&d.id);
        let mut expected: Vec<(PersonId, usize)> = p
            .layers
            .iter()
            .flat_map(|(person, l)| {
                l.quotes
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.document == d.id)
                    .map(|(i, _)| (person.clone(), i))
            })
            .collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{when}: the quotes of {}", d.id);
    }
}

/// The quote index follows each edit, undo and redo instead of being made again, and an
/// editor's first verdict, which makes their layer (here first among the layers, so every
/// other layer's number moves), does not leave it pointing at the wrong layers.
#[test]
fn quotes_are_found_after_edits_undos_and_an_editors_first_verdict() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let mut ws = Workspace::open(&dir, person("sara")).unwrap();
    assert_every_quote_is_found(&ws, "opened");
    let doc = ws.project().manifest.documents[1].id.clone();
    let coder = ws.coder_id().clone();
    let q = new_quote(
        ws.project(),
        &doc,
        Span::new(0, 20),
        &coder,
        jiff::Timestamp::now(),
    )
    .expect("a quote on the article's first words");
    ws.edit(Action::AddQuote(q.clone()), "tag", None).unwrap();
    assert_every_quote_is_found(&ws, "a quote added");
    let (other, theirs) = ws
        .project()
        .quotes()
        .find(|(p, _)| **p != coder)
        .map(|(p, q)| (p.clone(), q.clone()))
        .expect("another coder's quote");
    let elsewhere = ws
        .project()
        .manifest
        .documents
        .iter()
        .find(|d| d.id != theirs.document)
        .expect("another article");
    let moved = Quote {
        document: elsewhere.id.clone(),
        ..theirs.clone()
    };
    ws.edit(Action::UpdateQuote(moved), "move", None).unwrap();
    assert_every_quote_is_found(&ws, "a quote moved to another article");
    ws.edit(
        Action::RemoveQuote {
            coder: other.clone(),
            id: theirs.id.clone(),
        },
        "remove",
        None,
    )
    .unwrap();
    assert!(ws.find_quote(&theirs.id).is_none());
    assert_every_quote_is_found(&ws, "a quote removed");
    ws.undo().unwrap();
    assert_every_quote_is_found(&ws, "its removal undone");
    ws.redo().unwrap();
    assert_every_quote_is_found(&ws, "and redone");
    ws.undo().unwrap();

    let editor = PersonId::new("aaa-editor");
    assert!(ws.project().layers.keys().all(|p| *p > editor));
    ws.edit(
        Action::SetReview {
            editor: editor.clone(),
            quote: q.id.clone(),
            review: Some(Review {
                quote: q.id.clone(),
                verdict: Verdict::Accepted,
                comment: String::new(),
                editor: editor.clone(),
                time: jiff::Timestamp::now(),
            }),
        },
        "accept",
        None,
    )
    .unwrap();
    assert!(ws.project().layers.contains_key(&editor));
    assert_every_quote_is_found(&ws, "an editor's first verdict");
}

/// The workspace refuses a quote its layer holds already, as the action's own check would
/// (it looks in the quote index instead of scanning the layer): alone, twice in one step,
/// and not after the step itself removed it.
#[test]
fn an_edit_never_puts_a_quote_twice_in_its_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let mut ws = Workspace::open(&dir, person("sara")).unwrap();
    let sara = PersonId::new("sara");
    let held = ws.project().layers[&sara].quotes[3].clone();
    let before = ws.project().layers[&sara].quotes.len();
    let refused = ws.edit(Action::AddQuote(held.clone()), "again", None);
    assert_eq!(
        refused,
        Err(naql::action::ActionError::QuoteExists(held.id.clone()))
    );
    let fresh = Quote {
        id: QuoteId::new("01KFRESHQUOTE0000000000000"),
        ..held.clone()
    };
    let twice = Action::Batch(vec![
        Action::AddQuote(fresh.clone()),
        Action::AddQuote(fresh.clone()),
    ]);
    assert!(ws.edit(twice, "twice", None).is_err());
    assert_eq!(ws.project().layers[&sara].quotes.len(), before);
    assert!(ws.find_quote(&fresh.id).is_none());
    // Taken out and put back in one step: allowed, as applied in order.
    let moved = Action::Batch(vec![
        Action::RemoveQuote {
            coder: sara.clone(),
            id: held.id.clone(),
        },
        Action::InsertQuote {
            index: 0,
            quote: held.clone(),
        },
    ]);
    ws.edit(moved, "to the front", None).unwrap();
    assert_eq!(ws.project().layers[&sara].quotes[0], held);
    assert_eq!(ws.project().layers[&sara].quotes.len(), before);
    assert_every_quote_is_found(&ws, "a quote moved in its layer");
    ws.undo().unwrap();
    assert_eq!(ws.project().layers[&sara].quotes[3], held);
    ws.redo().unwrap();
    assert_eq!(ws.project().layers[&sara].quotes[0], held);
}

/// Another coder chosen before the rest of a project opened in stages is in: their layer is
/// whole before they edit it, so a save keeps every quote they had.
#[test]
fn another_coder_chosen_while_a_project_opens_in_stages_keeps_their_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let omid = PersonId::new("omid");
    let before = ProjectDir::open(&dir).unwrap().project.layers[&omid]
        .quotes
        .len();
    assert!(before > 0);
    let mut ws = Workspace::open_in_stages(&dir, person("sara")).unwrap();
    ws.set_coder(person("omid"));
    assert!(ws.reading_rest().is_none(), "the rest was waited for");
    let doc = first_doc(&ws);
    let his = quote_in(ws.project(), &doc, 29, &omid);
    edit(&mut ws, Action::AddQuote(his.clone()));
    ws.save().unwrap();
    let saved = ProjectDir::open(&dir).unwrap().project;
    let quotes = &saved.layers[&omid].quotes;
    assert_eq!(quotes.len(), before + 1);
    assert!(quotes.iter().any(|q| q.id == his.id));
}

/// From a layer's third save on, unchanged quotes' text is copied from the file as last
/// written, read back. A file another window wrote meanwhile is not that file: its bytes
/// are never copied by the first window's places, and every save is the canonical text of
/// the merged layer.
#[test]
fn saves_copy_unchanged_quotes_only_from_the_file_they_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_dir(&tmp);
    let sara = PersonId::new("sara");
    let file = dir.join("annotations/sara.ron");
    let mut one = Workspace::open(&dir, person("sara")).unwrap();
    let doc = first_doc(&one);
    let canonical = |dir: &Path| {
        let loaded = ProjectDir::open(dir).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        naql::store::layer_text::layer_text(&loaded.project.layers[&sara])
    };
    let mut made = Vec::new();
    // Three saves of the first window: the third copies from the second's file.
    for at in 1..4 {
        let q = quote_in(one.project(), &doc, at, &sara);
        made.push(q.id.clone());
        edit(&mut one, Action::AddQuote(q));
        one.save().unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            canonical(&dir),
            "save {at}"
        );
    }
    // Another window of the same coder rewrites the file: every quote moves in it.
    let mut two = Workspace::open(&dir, person("sara")).unwrap();
    let mut first = two.project().layers[&sara].quotes[0].clone();
    first.note = "یادداشتی بلند که جای همهٔ نقل‌قول‌های بعدی را در پرونده جابه‌جا می‌کند".into();
    edit(&mut two, Action::UpdateQuote(first.clone()));
    let q = quote_in(two.project(), &doc, 5, &sara);
    made.push(q.id.clone());
    edit(&mut two, Action::AddQuote(q));
    two.save().unwrap();
    // The first window saves again: it merges the other's file and writes every byte right.
    let q = quote_in(one.project(), &doc, 6, &sara);
    made.push(q.id.clone());
    edit(&mut one, Action::AddQuote(q));
    one.save().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), canonical(&dir));
    let loaded = ProjectDir::open(&dir).unwrap();
    let quotes = &loaded.project.layers[&sara].quotes;
    for id in &made {
        assert!(quotes.iter().any(|q| &q.id == id), "{id}");
    }
    assert!(
        quotes
            .iter()
            .any(|q| q.id == first.id && q.note == first.note)
    );
}
