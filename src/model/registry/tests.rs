use super::*;
use crate::model::Colour;
use proptest::prelude::*;

fn speaker(id: &str, name: &str, aliases: &[&str]) -> Speaker {
    Speaker {
        id: SpeakerId::new(id),
        name: name.into(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        role: String::new(),
        affiliation: String::new(),
        country: String::new(),
    }
}

fn topic(id: &str, name: &str) -> Topic {
    Topic {
        id: TopicId::new(id),
        name: name.into(),
        parent: None,
        colour: Colour::rgb(1, 2, 3),
        shortcut: None,
        description: String::new(),
    }
}

fn base() -> Manifest {
    let mut m = Manifest::new("t");
    m.speakers = vec![
        speaker("luka", "Lukashenko", &["لوکاشنکو"]),
        speaker("pez", "Pezeshkian", &[]),
    ];
    m.codebook.topics = vec![topic("a", "A"), topic("b", "B")];
    m
}

fn contribution(person: &str, at_secs: i64, changes: Vec<Change>) -> Contribution {
    let mut c = Contribution::new(PersonId::new(person));
    for (i, change) in changes.into_iter().enumerate() {
        c.changes.push(Dated {
            at: Timestamp::from_second(at_secs + i as i64).unwrap_or(Timestamp::UNIX_EPOCH),
            change,
        });
    }
    c
}

fn assembled(base: &Manifest, contributions: Vec<Contribution>) -> Manifest {
    let map = contributions
        .into_iter()
        .map(|c| (c.person.clone(), c))
        .collect();
    assemble(base, &map)
}

#[test]
fn two_people_adding_aliases_to_one_speaker_keep_both() {
    let b = base();
    let mut sara = b.clone();
    sara.speakers[0].aliases.push("ألكسندر لوكاشينكو".into());
    let mut omid = b.clone();
    omid.speakers[0].aliases.push("Lukashenka".into());
    omid.speakers[0].role = "president".into();
    let m = assembled(
        &b,
        vec![
            contribution("sara", 100, diff(&b, &sara)),
            contribution("omid", 50, diff(&b, &omid)),
        ],
    );
    let luka = &m.speakers[0];
    assert_eq!(
        luka.aliases,
        ["لوکاشنکو", "Lukashenka", "ألكسندر لوكاشينكو"]
    );
    assert_eq!(luka.role, "president");
}

#[test]
fn the_same_speaker_made_twice_is_two_entries_for_the_editor_to_merge() {
    let b = base();
    let mut sara = b.clone();
    sara.speakers.push(speaker("araghchi", "Araghchi", &[]));
    let mut omid = b.clone();
    omid.speakers.push(speaker("araghchi-2", "عراقچی", &[]));
    let m = assembled(
        &b,
        vec![
            contribution("sara", 100, diff(&b, &sara)),
            contribution("omid", 100, diff(&b, &omid)),
        ],
    );
    assert_eq!(m.speakers.len(), 4);
    // The editor merges them: the merge is a change of the editor's own.
    let mut editor = m.clone();
    editor
        .merged
        .insert(SpeakerId::new("araghchi-2"), SpeakerId::new("araghchi"));
    editor.speakers.retain(|s| s.id.as_str() != "araghchi-2");
    editor.speakers[2].aliases.push("عراقچی".into());
    let changes = diff(&m, &editor);
    let all = vec![
        contribution("sara", 100, diff(&b, &sara)),
        contribution("omid", 100, diff(&b, &omid)),
        contribution("editor", 200, changes),
    ];
    let m2 = assembled(&b, all);
    assert_eq!(m2, editor);
    assert_eq!(
        resolve(&m2.merged, &SpeakerId::new("araghchi-2")).as_str(),
        "araghchi"
    );
}

#[test]
fn the_same_changes_in_any_file_order_give_the_same_registry() {
    let b = base();
    let mut one = b.clone();
    one.codebook.topics.insert(0, topic("c", "C"));
    one.title = "one".into();
    let mut two = b.clone();
    two.codebook.topics[1].name = "Bee".into();
    two.title = "two".into();
    let c1 = contribution("one", 10, diff(&b, &one));
    let c2 = contribution("two", 10, diff(&b, &two));
    let x = assembled(&b, vec![c1.clone(), c2.clone()]);
    let y = assembled(&b, vec![c2, c1]);
    assert_eq!(x, y);
    let names: Vec<&str> = x.codebook.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["C", "A", "Bee"]);
    // Same time: the person's id breaks the tie, so "two" is applied last.
    assert_eq!(x.title, "two");
}

#[test]
fn absorbing_a_second_windows_copy_keeps_every_change() {
    let mut a = contribution("sara", 10, vec![Change::Title("a".into())]);
    let mut b = a.clone();
    b.changes.push(Dated {
        at: Timestamp::from_second(30).unwrap_or(Timestamp::UNIX_EPOCH),
        change: Change::Title("b".into()),
    });
    a.changes.push(Dated {
        at: Timestamp::from_second(20).unwrap_or(Timestamp::UNIX_EPOCH),
        change: Change::Title("c".into()),
    });
    assert_eq!(a.absorb(&b), 1);
    assert_eq!(a.changes.len(), 3);
    assert!(a.changes.windows(2).all(|w| w[0].at <= w[1].at));
}

fn arb_edit() -> impl Strategy<Value = (u8, u8, u8)> {
    (0u8..9, 0u8..6, 0u8..6)
}

/// One random edit to a registry, of the kinds the windows make.
fn edit(m: &mut Manifest, (what, i, j): (u8, u8, u8)) {
    let ns = m.speakers.len();
    let nt = m.codebook.topics.len();
    match what {
        // Ids are unique in a registry (the actions refuse a second one).
        0 => {
            let id = format!("s{i}{j}{ns}");
            if !m.speakers.iter().any(|s| s.id.as_str() == id)
                && !m.merged.contains_key(&SpeakerId::new(&id))
            {
                m.speakers
                    .insert((i as usize).min(ns), speaker(&id, "x", &[]));
            }
        }
        1 if ns > 0 => {
            let s = &mut m.speakers[i as usize % ns];
            let alias = format!("alias {j}");
            if !s.aliases.contains(&alias) {
                s.aliases.push(alias);
            }
        }
        2 if ns > 0 => {
            let s = &mut m.speakers[i as usize % ns];
            if !s.aliases.is_empty() {
                s.aliases.remove(j as usize % s.aliases.len());
            }
        }
        3 if ns > 0 => m.speakers[i as usize % ns].name = format!("name {j}"),
        4 if ns > 1 => {
            let from = m.speakers[i as usize % ns].id.clone();
            let into = m.speakers[j as usize % ns].id.clone();
            if from != into && !m.merged.values().any(|v| v == &from) {
                // As `action::merge_speakers` does: the names move to the speaker kept.
                let names: Vec<String> = m.speakers[i as usize % ns]
                    .names()
                    .map(str::to_owned)
                    .collect();
                let target = &mut m.speakers[j as usize % ns];
                for n in names {
                    if n != target.name && !target.aliases.contains(&n) {
                        target.aliases.push(n);
                    }
                }
                m.merged.insert(from.clone(), into);
                m.speakers.retain(|s| s.id != from);
            }
        }
        5 => {
            let id = format!("t{i}{j}{nt}");
            if !m.codebook.topics.iter().any(|t| t.id.as_str() == id) {
                m.codebook
                    .topics
                    .insert((i as usize).min(nt), topic(&id, "t"));
            }
        }
        6 if nt > 1 => {
            let t = m.codebook.topics.remove(i as usize % nt);
            m.codebook.topics.insert(j as usize % nt, t);
        }
        7 if nt > 0 => {
            m.codebook.topics.remove(i as usize % nt);
        }
        8 => {
            let id = PersonId::new(format!("p{i}{j}"));
            if m.people.iter().all(|p| p.id != id) {
                m.people.push(Person {
                    id,
                    name: "p".into(),
                });
            }
        }
        _ => {}
    }
}

proptest! {
    /// Whatever the edits, the diff applied to the registry before them gives the registry
    /// after them: every save records exactly what changed.
    #[test]
    fn a_diff_replayed_gives_the_edited_registry(
        edits in proptest::collection::vec(arb_edit(), 0..12),
        saves in proptest::collection::vec(0u8..4, 0..12),
    ) {
        let b = base();
        let mut contribution = Contribution::new(PersonId::new("p"));
        let mut saved = b.clone();
        let mut now = b.clone();
        for (k, e) in edits.iter().enumerate() {
            edit(&mut now, *e);
            // Saves fall between edits at random.
            if saves.get(k).copied().unwrap_or(0) == 0 {
                for change in diff(&saved, &now) {
                    contribution.changes.push(Dated {
                        at: Timestamp::from_second(k as i64).unwrap_or(Timestamp::UNIX_EPOCH),
                        change,
                    });
                }
                saved = now.clone();
            }
        }
        for change in diff(&saved, &now) {
            contribution.changes.push(Dated { at: Timestamp::from_second(100).unwrap_or(Timestamp::UNIX_EPOCH), change });
        }
        // Aliases are a set: their order is the order their changes arrived in.
        let sorted = |mut m: Manifest| {
            for s in &mut m.speakers {
                s.aliases.sort();
            }
            m
        };
        let got = assembled(&b, vec![contribution]);
        prop_assert_eq!(sorted(got), sorted(now));
    }
}
