//! What the tagging keys and buttons do, as commands built from the workspace's state: a new
//! quote from the selection (Q), the speaker mention (S) and cue (C), kind (D/I/M), topics
//! (their shortcut keys), span changes. Each is one [`Action`] and so one undo step.

use super::{Command, Workspace};
use crate::action::{Action, new_quote};
use crate::model::search::{fold, name_match};
use crate::model::span::trimmed;
use crate::model::{Anchor, Quote, QuoteKind, Span, SpeakerId, TopicId};
use std::ops::Range;

/// The selected quote of the workspace, whoever coded it.
pub fn selected_quote(ws: &Workspace) -> Option<&Quote> {
    ws.selected_quote()
}

/// The selected quote if the person may change it: their own, or one of the curated layer
/// (an editor adjusting an adjudicated version). Other coders' quotes are shown read-only;
/// editors review them instead.
pub fn own_selected_quote(ws: &Workspace) -> Option<&Quote> {
    selected_quote(ws).filter(|q| may_edit(ws, q))
}

/// Whether the person at this workspace may change `q`.
pub fn may_edit(ws: &Workspace, q: &Quote) -> bool {
    &q.coder == ws.coder_id() || q.coder.as_str() == crate::agree::CURATED
}

/// The edit that changes the selected quote by `change`, stamped with the time.
pub fn update_selected(
    ws: &Workspace,
    label: &str,
    burst: Option<&str>,
    change: impl FnOnce(&mut Quote),
) -> Option<Command> {
    let mut q = own_selected_quote(ws)?.clone();
    let before = q.clone();
    change(&mut q);
    if q == before {
        return None;
    }
    q.modified = jiff::Timestamp::now();
    let burst = burst.map(|b| format!("{b}:{}", q.id));
    Some(Command::Edit {
        action: Action::UpdateQuote(q),
        label: label.to_owned(),
        burst,
    })
}

/// Q: a new quote on the selection of the current document, then selected.
pub fn new_quote_from(ws: &Workspace, range: Range<usize>) -> Vec<Command> {
    let Some(doc) = &ws.current else {
        return Vec::new();
    };
    let Some(text) = ws.project().texts.get(doc) else {
        return Vec::new();
    };
    let text = &*text;
    let span = trimmed(text, Span::new(range.start, range.end));
    let Some(q) = new_quote(
        ws.project(),
        doc,
        span,
        ws.coder_id(),
        jiff::Timestamp::now(),
    ) else {
        return Vec::new();
    };
    let id = q.id.clone();
    vec![
        Command::edit(Action::AddQuote(q), "new quote"),
        Command::SelectQuote(Some(id)),
    ]
}

/// The anchor a selection makes: never starting or ending with whitespace, ZWNJ or a bidi
/// mark, whichever way the selection was made.
fn anchor_of(ws: &Workspace, range: Range<usize>) -> Option<Anchor> {
    let doc = ws.current.as_ref()?;
    let text = ws.project().texts.get(doc)?;
    let text = &*text;
    let span = trimmed(text, Span::new(range.start, range.end));
    (span.start < span.end)
        .then(|| Anchor::of(text, span))
        .flatten()
}

/// The span a selection of the current document makes (see [`anchor_of`]).
pub fn span_of_selection(ws: &Workspace, range: Range<usize>) -> Option<Span> {
    anchor_of(ws, range).map(|a| a.span)
}

/// The speaker whose name or alias is the text of `anchor`, if exactly one matches.
pub fn speaker_named(ws: &Workspace, text: &str) -> Option<SpeakerId> {
    let wanted = fold(text);
    let mut hits = ws
        .project()
        .manifest
        .speakers
        .iter()
        .filter(|s| s.names().any(|n| fold(n) == wanted));
    let first = hits.next()?;
    hits.next().is_none().then(|| first.id.clone())
}

/// S: the selection names the speaker of the selected quote. If the quote has no speaker yet
/// and the words are a known name or alias, that speaker is set too.
pub fn set_mention(ws: &Workspace, range: Range<usize>) -> Option<Command> {
    let anchor = anchor_of(ws, range)?;
    let guess = speaker_named(ws, &anchor.text);
    update_selected(ws, "speaker mention", None, |q| {
        if q.speaker.is_none() {
            q.speaker = guess;
        }
        q.mention = Some(Box::new(anchor));
    })
}

/// C: the selection is the cue (the verb of saying) of the selected quote.
pub fn set_cue(ws: &Workspace, range: Range<usize>) -> Option<Command> {
    let anchor = anchor_of(ws, range)?;
    update_selected(ws, "cue", None, |q| q.cue = Some(Box::new(anchor)))
}

/// R, or Shift+arrows: the selected quote now covers `range`.
pub fn set_span(ws: &Workspace, range: Range<usize>, burst: bool) -> Option<Command> {
    let anchor = anchor_of(ws, range)?;
    update_selected(ws, "quote span", burst.then_some("span"), |q| {
        q.anchor = anchor
    })
}

pub fn set_kind(ws: &Workspace, kind: QuoteKind) -> Option<Command> {
    update_selected(ws, &format!("{} quote", kind.name()), None, |q| {
        q.kind = kind
    })
}

pub fn set_speaker(ws: &Workspace, speaker: Option<SpeakerId>) -> Option<Command> {
    update_selected(ws, "speaker", None, |q| q.speaker = speaker)
}

pub fn toggle_topic(ws: &Workspace, topic: &TopicId) -> Option<Command> {
    update_selected(ws, "topic", None, |q| {
        if let Some(at) = q.topics.iter().position(|t| t == topic) {
            q.topics.remove(at);
        } else {
            q.topics.push(topic.clone());
        }
    })
}

/// The speakers a typed query finds, best first: by the best rank of any of their names
/// (a name that starts with the query before one that contains it), then registry order. Each
/// comes with the name that matched.
pub fn find_speakers<'w>(
    ws: &'w Workspace,
    query: &str,
) -> Vec<(&'w crate::model::Speaker, &'w str)> {
    let q = fold(query);
    let mut hits: Vec<(u8, usize, &crate::model::Speaker, &str)> = ws
        .project()
        .manifest
        .speakers
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.names()
                .filter_map(|n| Some((name_match(n, &q)?, n)))
                .min_by_key(|(rank, _)| *rank)
                .map(|(rank, n)| (rank, i, s, n))
        })
        .collect();
    hits.sort_by_key(|(rank, i, _, _)| (*rank, *i));
    hits.into_iter().map(|(_, _, s, n)| (s, n)).collect()
}

/// "New speaker from selection": a registry entry named by the selected words, given to the
/// selected quote (with the words as its mention), in one step.
pub fn new_speaker_from(ws: &Workspace, range: Range<usize>) -> Option<Command> {
    let anchor = anchor_of(ws, range)?;
    let name = anchor.text.trim().to_owned();
    if name.is_empty() {
        return None;
    }
    let id = SpeakerId::new(format!(
        "speaker-{}",
        crate::model::QuoteId::generate().0[16..].to_ascii_lowercase()
    ));
    let speakers = &ws.project().manifest.speakers;
    let mut actions = vec![Action::InsertSpeaker {
        index: speakers.len(),
        speaker: crate::model::Speaker {
            id: id.clone(),
            name,
            aliases: Vec::new(),
            role: String::new(),
            affiliation: String::new(),
            country: String::new(),
        },
    }];
    if let Some(Command::Edit { action, .. }) = update_selected(ws, "", None, |q| {
        q.speaker = Some(id.clone());
        q.mention = Some(Box::new(anchor.clone()));
    }) {
        actions.push(action);
    }
    Some(Command::edit(Action::Batch(actions), "new speaker"))
}
