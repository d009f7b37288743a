use super::*;
use crate::model::{DocumentId, QuoteKind, Span};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn sample() -> Project {
    crate::sample::project().unwrap()
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_763_600_000).unwrap()
}

const DOC: &str = "000_13e0dc0d1b2b0156";

/// One edit a coder might make, drawn at random and turned into an action on the project as
/// it is at that moment.
#[derive(Clone, Debug)]
enum Edit {
    Add {
        start: usize,
        len: usize,
    },
    SetSpeaker {
        quote: usize,
        speaker: usize,
    },
    ToggleTopic {
        quote: usize,
        topic: usize,
    },
    SetKind {
        quote: usize,
        kind: usize,
    },
    Remove {
        quote: usize,
    },
    NewSpeaker {
        index: usize,
    },
    RenameTopic {
        topic: usize,
    },
    MoveTopic {
        from: usize,
        to: usize,
    },
    MergeSpeakers {
        from: usize,
        into: usize,
    },
    Review {
        quote: usize,
        editor: usize,
        verdict: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..3000, 1usize..200).prop_map(|(start, len)| Edit::Add { start, len }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(quote, speaker)| Edit::SetSpeaker { quote, speaker }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(quote, topic)| Edit::ToggleTopic { quote, topic }),
        (any::<usize>(), 0usize..3).prop_map(|(quote, kind)| Edit::SetKind { quote, kind }),
        any::<usize>().prop_map(|quote| Edit::Remove { quote }),
        any::<usize>().prop_map(|index| Edit::NewSpeaker { index }),
        any::<usize>().prop_map(|topic| Edit::RenameTopic { topic }),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Edit::MoveTopic { from, to }),
        (any::<usize>(), any::<usize>())
            .prop_map(|(from, into)| Edit::MergeSpeakers { from, into }),
        (any::<usize>(), 0usize..2, 0usize..4).prop_map(|(quote, editor, verdict)| Edit::Review {
            quote,
            editor,
            verdict
        }),
    ]
}

fn to_action(p: &Project, e: &Edit, n: usize) -> Option<Action> {
    let quotes: Vec<&Quote> = p.quotes().map(|(_, q)| q).collect();
    let speakers = &p.manifest.speakers;
    let topics = &p.manifest.codebook.topics;
    let pick_quote = |i: usize| (!quotes.is_empty()).then(|| quotes[i % quotes.len()].clone());
    Some(match *e {
        Edit::Add { start, len } => {
            let chars = p.texts.get(&DocumentId::from(DOC))?.chars().count();
            let start = start % chars;
            let span = Span::new(start, (start + len).min(chars));
            Action::AddQuote(new_quote(p, &DOC.into(), span, &"sara".into(), now())?)
        }
        Edit::SetSpeaker { quote, speaker } => {
            let mut q = pick_quote(quote)?;
            q.speaker = Some(speakers.get(speaker % speakers.len().max(1))?.id.clone());
            Action::UpdateQuote(q)
        }
        Edit::ToggleTopic { quote, topic } => {
            let mut q = pick_quote(quote)?;
            let t = topics.get(topic % topics.len().max(1))?.id.clone();
            if let Some(at) = q.topics.iter().position(|x| x == &t) {
                q.topics.remove(at);
            } else {
                q.topics.push(t);
            }
            Action::UpdateQuote(q)
        }
        Edit::SetKind { quote, kind } => {
            let mut q = pick_quote(quote)?;
            q.kind = [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed][kind];
            Action::UpdateQuote(q)
        }
        Edit::Remove { quote } => {
            let q = pick_quote(quote)?;
            Action::RemoveQuote {
                coder: q.coder,
                id: q.id,
            }
        }
        Edit::NewSpeaker { index } => Action::InsertSpeaker {
            index: index % (speakers.len() + 1),
            speaker: Speaker {
                id: SpeakerId::new(format!("new-{n}")),
                name: format!("New speaker {n}"),
                aliases: vec!["سخنگو".into()],
                role: String::new(),
                affiliation: String::new(),
                country: String::new(),
            },
        },
        Edit::RenameTopic { topic } => {
            let index = topic % topics.len().max(1);
            let mut t = topics.get(index)?.clone();
            t.name.push_str(" (renamed)");
            Action::ReplaceTopic { index, topic: t }
        }
        Edit::MoveTopic { from, to } => Action::MoveTopic {
            from: from % topics.len().max(1),
            to: to % topics.len().max(1),
        },
        Edit::Review {
            quote,
            editor,
            verdict,
        } => {
            let q = pick_quote(quote)?;
            // People with layers: a first review makes an editor's layer, which undo leaves empty.
            let editor = PersonId::from(["sara", "omid"][editor]);
            let review = [
                Some(crate::model::Verdict::Accepted),
                Some(crate::model::Verdict::Rejected),
                Some(crate::model::Verdict::NeedsChanges),
                None,
            ][verdict]
                .map(|verdict| crate::model::Review {
                    quote: q.id.clone(),
                    verdict,
                    comment: format!("comment {n}"),
                    editor: editor.clone(),
                    time: now(),
                });
            Action::SetReview {
                editor,
                quote: q.id,
                review,
            }
        }
        Edit::MergeSpeakers { from, into } => {
            let n = speakers.len().max(1);
            merge_speakers(
                p,
                &speakers.get(from % n)?.id,
                &speakers.get(into % n)?.id,
                now(),
            )?
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of edits, undone step by step in reverse, gives back exactly the project
    /// it started from (orphan flags included); redoing them all gives the edited project.
    #[test]
    fn undoing_every_edit_restores_the_project(edits in proptest::collection::vec(edit(), 1..25)) {
        let original = sample();
        let mut p = original.clone();
        let mut inverses = Vec::new();
        for (n, e) in edits.iter().enumerate() {
            if let Some(a) = to_action(&p, e, n) {
                let before = p.clone();
                match a.apply(&mut p) {
                    Ok(inv) => inverses.push(inv),
                    Err(_) => prop_assert_eq!(&p, &before, "a refused action changes nothing"),
                }
            }
        }
        let edited = p.clone();
        let mut redos = Vec::new();
        for inv in inverses.into_iter().rev() {
            redos.push(inv.apply(&mut p).map_err(|e| TestCaseError::fail(e.to_string()))?);
        }
        prop_assert_eq!(&p, &original);
        for redo in redos.into_iter().rev() {
            redo.apply(&mut p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(&p, &edited);
    }
}

#[test]
fn a_quote_made_on_a_span_anchors_its_text_and_lands_in_the_coders_new_layer() {
    let mut p = sample();
    let q = new_quote(&p, &DOC.into(), Span::new(10, 20), &"nasrin".into(), now())
        .unwrap_or_else(|| panic!("span fits"));
    let expected: String = p
        .texts
        .read(&DocumentId::from(DOC))
        .unwrap()
        .chars()
        .skip(10)
        .take(10)
        .collect();
    assert_eq!(q.anchor.text, expected);
    assert_eq!(
        Action::AddQuote(q.clone()).files(),
        vec![FileKey::Layer("nasrin".into())]
    );
    let inv = Action::AddQuote(q.clone()).apply(&mut p).unwrap();
    assert_eq!(p.layers[&PersonId::from("nasrin")].quotes, vec![q.clone()]);
    assert_eq!(
        inv,
        Action::RemoveQuote {
            coder: "nasrin".into(),
            id: q.id
        }
    );
    assert!(new_quote(&p, &DOC.into(), Span::new(5, 5), &"nasrin".into(), now()).is_none());
    assert!(
        new_quote(
            &p,
            &DOC.into(),
            Span::new(5, 999_999),
            &"nasrin".into(),
            now()
        )
        .is_none()
    );
}

#[test]
fn a_speaker_with_quotes_is_merged_not_removed() {
    let mut p = sample();
    let used = p
        .quotes()
        .find_map(|(_, q)| q.speaker.clone())
        .unwrap_or_else(|| panic!("the sample has quotes with speakers"));
    let index = p
        .manifest
        .speakers
        .iter()
        .position(|s| s.id == used)
        .unwrap_or(0);
    let before = p.clone();
    let refused = Action::RemoveSpeaker { index }.apply(&mut p);
    assert!(matches!(refused, Err(ActionError::Refused(_))));
    assert_eq!(p, before);

    let other = p
        .manifest
        .speakers
        .iter()
        .find(|s| s.id != used)
        .map(|s| s.id.clone())
        .unwrap_or_else(|| panic!("two speakers"));
    let from_names: Vec<String> = p
        .manifest
        .speaker(&used)
        .map_or(Vec::new(), |s| s.names().map(str::to_owned).collect());
    let merge = merge_speakers(&p, &used, &other, now()).unwrap_or_else(|| panic!("mergeable"));
    merge.apply(&mut p).unwrap();
    assert!(p.manifest.speaker(&used).is_none());
    assert!(p.quotes().all(|(_, q)| q.speaker.as_ref() != Some(&used)));
    let into = p.manifest.speaker(&other).unwrap_or_else(|| panic!("kept"));
    for name in from_names {
        assert!(into.names().any(|n| n == name), "{name} became an alias");
    }
}

#[test]
fn a_failed_batch_changes_nothing() {
    let mut p = sample();
    let before = p.clone();
    let q = p
        .quotes()
        .next()
        .map(|(_, q)| q.clone())
        .unwrap_or_else(|| panic!("quotes"));
    let batch = Action::Batch(vec![
        Action::UpdateQuote(Quote {
            note: "changed".into(),
            ..q.clone()
        }),
        Action::RemoveQuote {
            coder: q.coder.clone(),
            id: QuoteId::new("no-such-quote"),
        },
    ]);
    assert!(batch.apply(&mut p).is_err());
    assert_eq!(p, before);
}

#[test]
fn topics_cannot_nest_in_a_loop() {
    let mut p = sample();
    let topics = &p.manifest.codebook.topics;
    // sco-brics is nested under multipolar; making multipolar a child of sco-brics would loop.
    let index = topics
        .iter()
        .position(|t| t.id.as_str() == "multipolar")
        .unwrap_or_else(|| panic!("multipolar"));
    let mut t = topics[index].clone();
    t.parent = Some("sco-brics".into());
    assert!(
        Action::ReplaceTopic { index, topic: t }
            .apply(&mut p)
            .is_err()
    );
}

#[test]
fn a_burst_of_edits_to_one_thing_is_one_undo_step() {
    let mut h = History::default();
    let t0 = Instant::now();
    let a = |n: &str| Action::RemovePerson { id: n.into() };
    h.record("type note", a("first"), Some("note:q1".into()), t0);
    h.record(
        "type note",
        a("second"),
        Some("note:q1".into()),
        t0 + Duration::from_millis(400),
    );
    h.record(
        "type note",
        a("third"),
        Some("note:q1".into()),
        t0 + Duration::from_millis(800),
    );
    // A pause longer than a burst starts a new step; so does another key.
    h.record(
        "type note",
        a("fourth"),
        Some("note:q1".into()),
        t0 + Duration::from_secs(5),
    );
    h.record(
        "topic",
        a("fifth"),
        Some("topic:q1".into()),
        t0 + Duration::from_millis(5100),
    );
    let mut undone = Vec::new();
    while let Some((_, action)) = h.pop_undo() {
        undone.push(action);
    }
    assert_eq!(undone, vec![a("fifth"), a("fourth"), a("first")]);
}

/// A place a caller says it knows for a removed quote is used only if the quote is there: a
/// wrong one (an index gone stale) still removes the right quote, found by a scan.
#[test]
fn a_known_place_of_a_removed_quote_is_checked() {
    let base = crate::sample::project().unwrap();
    let (coder, quotes) = base
        .layers
        .iter()
        .map(|(p, l)| (p.clone(), l.quotes.clone()))
        .next()
        .unwrap();
    let id = quotes[2].id.clone();
    for known in [2, 0, 10_000] {
        let mut p = base.clone();
        let inverse = Action::RemoveQuote {
            coder: coder.clone(),
            id: id.clone(),
        }
        .apply_with(
            &mut p,
            &CheckedBefore {
                known: Some((coder.clone(), id.clone(), known)),
            },
        )
        .unwrap();
        assert!(
            matches!(inverse, Action::InsertQuote { index: 2, .. }),
            "{known}"
        );
        assert_eq!(p.layers[&coder].quotes.len(), quotes.len() - 1);
        assert!(p.layers[&coder].quotes.iter().all(|q| q.id != id));
    }
}
