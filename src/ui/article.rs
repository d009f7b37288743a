//! The centre: the current article with every quote, speaker mention and cue highlighted, and
//! the tagging keys. Keys act when the article has the keyboard (or nothing has), never while
//! the coder types in a field:
//!
//! | key | does |
//! | --- | --- |
//! | Q | the selection becomes a new quote (then type its speaker) |
//! | S / C | the selection is the selected quote's speaker mention / cue |
//! | R | the selected quote's span becomes the selection |
//! | D / I / M | direct / indirect / mixed |
//! | a topic's key (1–9…) | toggles that topic |
//! | Shift+←/→ (with Alt: the other end) | moves the selected quote's end |
//! | Delete | deletes the selected quote |
//! | Tab / Shift+Tab | goes to the next / previous suggestion |
//! | Enter | accepts the suggestion gone to: a quote with its speaker, mention, cue and kind |
//! | X | rejects it (for this document; remembered) |
//! | Esc | deselects |

use crate::model::{DocumentId, PersonId, Project, Quote, QuoteId, QuoteKind};
use crate::session::{Command, Workspace, tagging};
use crate::text::{Highlight, HighlightKind};
use crate::ui::memo::Memo;
use crate::ui::{CodingState, LayerStyle, ProjectView, UiState};
use egui::{Color32, Key};

/// The colour of quotes without a topic.
const NO_TOPIC: Color32 = Color32::from_rgb(150, 150, 150);
const MENTION: Color32 = Color32::from_rgb(31, 119, 180);
const CUE: Color32 = Color32::from_rgb(230, 120, 20);

/// What a highlight stands for: a quote, and which part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Quote,
    Mention,
    Cue,
}

/// The colour of suggestions: new ones, and those proposing a correction of a quote.
const SUGGESTED: Color32 = Color32::from_rgb(120, 90, 200);
const CORRECTION: Color32 = Color32::from_rgb(200, 60, 120);

/// Highlight ids at and above this are suggestions (the index in the shown list added).
const SUGGESTION_IDS: u64 = 1 << 40;

/// What decides which suggestions show, beside the document and the project's revision (in
/// the highlights' key): the suggester and rejections, the threshold (in thousandths) and the
/// one gone to.
type ShownKey = ((u64, usize), u32, Option<crate::model::Span>);

/// What decides the highlights: the document, the project's revision, the selected quote, the
/// layers shown, and the suggestions.
type HighlightKey = (DocumentId, u64, Option<QuoteId>, Layers, Option<ShownKey>);

/// The highlights of one document, kept while the project and the selection stay the same.
#[derive(Default)]
pub struct HighlightCache {
    key: Option<HighlightKey>,
    /// The suggestions shown on the document, as of `key`.
    pub shown: Vec<crate::session::suggestions::Shown>,
    /// The document's quotes, per (document, quotes revision).
    /// By (document, quotes revision).
    members: Memo<(DocumentId, u64), Members>,
    highlights: Vec<Highlight>,
    /// What each highlight id refers to.
    meaning: Vec<(QuoteId, String)>,
}

/// Where a document's quotes are: (layer owner, index in the layer).
pub type Members = Vec<(PersonId, usize)>;

/// Which layers the article shows, and whether quotes take their coder's colour.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layers {
    pub hidden: std::collections::BTreeSet<PersonId>,
    pub by_coder: bool,
}

/// Distinct colours for coders, in the order of the project's layers.
const CODER_COLOURS: [Color32; 6] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(214, 39, 40),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(255, 127, 14),
    Color32::from_rgb(23, 190, 207),
];

/// A coder's colour: by the position of their layer among the project's layers.
pub fn coder_colour(project: &Project, coder: &PersonId) -> Color32 {
    let i = project.layers.keys().position(|p| p == coder).unwrap_or(0);
    CODER_COLOURS[i % CODER_COLOURS.len()]
}

/// The colour of a quote: its first topic's, grey without one.
pub fn quote_colour(project: &Project, q: &Quote) -> Color32 {
    q.topics
        .first()
        .and_then(|t| project.manifest.topic(t))
        .map_or(NO_TOPIC, |t| {
            Color32::from_rgb(t.colour.r, t.colour.g, t.colour.b)
        })
}

/// Highlights for every quote of `doc`, and what each highlight id refers to (its quote and hover line). The selected
/// quote is tinted more strongly.
pub fn highlights(
    project: &Project,
    doc: &DocumentId,
    selected: Option<&QuoteId>,
    layers: &Layers,
) -> (Vec<Highlight>, Vec<(QuoteId, String)>) {
    highlights_of(project, &document_quotes(project, doc), selected, layers)
}

/// Where the quotes of `doc` are: (layer owner, index in the layer). One pass over every
/// layer, made once per change of the quotes, so that a new selection does not repeat it.
pub fn document_quotes(project: &Project, doc: &DocumentId) -> Members {
    project
        .layers
        .iter()
        .flat_map(|(p, l)| {
            l.quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| &q.document == doc)
                .map(move |(i, _)| (p.clone(), i))
        })
        .collect()
}

/// [`highlights`] for the quotes at `members` (see [`document_quotes`]).
pub fn highlights_of(
    project: &Project,
    members: &[(PersonId, usize)],
    selected: Option<&QuoteId>,
    layers: &Layers,
) -> (Vec<Highlight>, Vec<(QuoteId, String)>) {
    let mut out = Vec::new();
    let mut meaning = Vec::new();
    let quotes = members
        .iter()
        .filter_map(|(person, i)| Some((person, project.layers.get(person)?.quotes.get(*i)?)));
    for (person, q) in quotes {
        if project.orphans.contains_key(&q.id) || layers.hidden.contains(person) {
            continue;
        }
        let strength = if selected == Some(&q.id) { 0.55 } else { 0.28 };
        let colour = if layers.by_coder {
            coder_colour(project, person)
        } else {
            quote_colour(project, q)
        };
        let mut push = |range: std::ops::Range<usize>, kind, colour, part| {
            out.push(Highlight {
                range,
                kind,
                colour,
                id: meaning.len() as u64,
            });
            // The hover line is made here, once per change, not by searching every frame.
            meaning.push((q.id.clone(), describe(project, q, part)));
        };
        let span = q.anchor.span;
        push(
            span.start..span.end,
            HighlightKind::Background,
            colour.gamma_multiply(strength),
            Part::Quote,
        );
        if let Some(m) = &q.mention {
            push(
                m.span.start..m.span.end,
                HighlightKind::Underline,
                MENTION,
                Part::Mention,
            );
        }
        if let Some(c) = &q.cue {
            push(
                c.span.start..c.span.end,
                HighlightKind::Underline,
                CUE,
                Part::Cue,
            );
        }
    }
    (out, meaning)
}

pub fn show(
    cx: &ProjectView<'_>,
    coding: &mut CodingState,
    layers: &LayerStyle,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let current = cx.ws.current.clone();
    let style = st.prefs.style_for(current.as_ref());
    // While a prompt waits for an answer, no tagging key acts.
    let asking = cx.asking;
    let ws = cx.ws;
    let Some(doc) = current else {
        ui.centered_and_justified(|ui| {
            ui.label("This project has no documents yet: File, Import articles.")
        });
        return;
    };
    let cache = &mut coding.highlights;
    let layers = Layers {
        hidden: layers.hidden.clone(),
        by_coder: layers.colour_by_coder,
    };
    cache
        .members
        .get_or_make((doc.clone(), ws.quotes_revision), |(d, _)| ws.quotes_in(d));
    let focus = coding
        .suggestion_focus
        .as_ref()
        .filter(|(d, _)| *d == doc)
        .map(|(_, s)| *s);
    let shown_key = st.prefs.show_suggestions.then(|| {
        (
            ws.suggestions.generation(),
            (st.prefs.suggestion_threshold * 1000.0) as u32,
            focus,
        )
    });
    let key = (
        doc.clone(),
        ws.revision,
        ws.selected.clone(),
        layers,
        shown_key,
    );
    if cache.key.as_ref() != Some(&key) {
        let members = cache.members.kept().map_or(&[][..], Vec::as_slice);
        let (mut h, m) = highlights_of(ws.project(), members, ws.selected.as_ref(), &key.3);
        cache.shown = if shown_key.is_some() {
            crate::session::suggestions::shown(
                ws.project(),
                &ws.suggestions,
                &doc,
                members,
                ws.coder_id(),
                st.prefs.suggestion_threshold,
            )
        } else {
            Vec::new()
        };
        h.extend(suggestion_highlights(&cache.shown, focus));
        cache.highlights = h;
        cache.meaning = m;
        cache.key = Some(key);
    }
    suggestion_bar(cx, coding, st, ui);
    let cache = &mut coding.highlights;
    let Some(text) = ws.project.texts.get(&doc) else {
        ui.label(format!("The text of {doc} is missing (run `naql check`)."));
        return;
    };
    let view = coding
        .views
        .entry(doc.clone())
        .or_insert_with(|| crate::text::ArticleView::new(text.to_string()));
    let out = view.show(ui, &mut *st.text, &style, &cache.highlights);
    let selection = view.selection();
    let article_id = out.response.id;
    coding.article_id = Some(article_id);

    if let Some(i) = out.clicked.and_then(|h| h.checked_sub(SUGGESTION_IDS))
        && let Some(shown) = cache.shown.get(i as usize)
    {
        coding.suggestion_focus = Some((doc.clone(), shown.suggestion.span));
    } else if let Some(id) = out.clicked.and_then(|h| cache.meaning.get(h as usize)) {
        st.queue.push(Command::SelectQuote(Some(id.0.clone())));
    } else if out.clicked_plain {
        st.queue.push(Command::SelectQuote(None));
    }
    // Shift+arrows on the selected quote's own words move its ends; on any other selection
    // (words being chosen for S or C) they only change the selection.
    if let (Some(before), Some(sel)) = (&out.keys_moved_from, &selection) {
        // The quote is the selection without blank ends, so the selection it came from may be
        // a space wider: a nudge over a space moves the quote on the next press.
        let made = tagging::span_of_selection(ws, before.clone());
        let editing = tagging::selected_quote(ws).is_some_and(|q| {
            (q.anchor.span.start == before.start && q.anchor.span.end == before.end)
                || made == Some(q.anchor.span)
        });
        if editing {
            st.queue.extend(tagging::set_span(ws, sel.clone(), true));
        }
    }
    if !out.hovered.is_empty() {
        let lines: Vec<String> = out
            .hovered
            .iter()
            .filter_map(|&id| match id.checked_sub(SUGGESTION_IDS) {
                Some(i) => cache
                    .shown
                    .get(i as usize)
                    .map(|s| describe_suggestion(ws.project(), s)),
                None => cache.meaning.get(id as usize).map(|(_, line)| line.clone()),
            })
            .collect();
        out.response.on_hover_ui_at_pointer(|ui| {
            for line in lines {
                ui.label(line);
            }
        });
    }

    let focused = cx.keyboard_owner;
    if !asking && (focused.is_none() || focused == Some(article_id)) {
        let commands = tagging_keys(ws, ui, selection);
        st.queue.extend(commands);
        let shown = std::mem::take(&mut coding.highlights.shown);
        suggestion_keys(ws, ui, coding, st, &doc, &shown);
        coding.highlights.shown = shown;
    }
}

/// Ghost highlights for the suggestions shown; the one gone to is stronger, with its cue and
/// mention underlined.
fn suggestion_highlights(
    shown: &[crate::session::suggestions::Shown],
    focus: Option<crate::model::Span>,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    for (i, s) in shown.iter().enumerate() {
        let id = SUGGESTION_IDS + i as u64;
        let colour = if s.corrects.is_some() {
            CORRECTION
        } else {
            SUGGESTED
        };
        let focused = focus == Some(s.suggestion.span);
        let span = s.suggestion.span;
        out.push(Highlight {
            range: span.start..span.end,
            kind: HighlightKind::Ghost,
            colour: if focused {
                colour
            } else {
                colour.gamma_multiply(0.6)
            },
            id,
        });
        if focused {
            for (part, c) in [(s.suggestion.mention, MENTION), (s.suggestion.cue, CUE)] {
                if let Some(p) = part {
                    out.push(Highlight {
                        range: p.start..p.end,
                        kind: HighlightKind::Underline,
                        colour: c.gamma_multiply(0.6),
                        id,
                    });
                }
            }
        }
    }
    out
}

/// A suggestion's hover line (Latin only: egui labels cannot order Persian).
pub fn describe_suggestion(project: &Project, s: &crate::session::suggestions::Shown) -> String {
    let g = &s.suggestion;
    let speaker = g
        .speaker
        .as_ref()
        .and_then(|id| project.manifest.speaker(id))
        .map_or("speaker unknown", |sp| sp.name.as_str());
    let what = if s.corrects.is_some() {
        "suggested correction of your quote"
    } else {
        "suggested quote"
    };
    format!(
        "{what}: {} — {speaker} — score {:.2} — Enter accepts, X rejects",
        g.kind.name(),
        g.score
    )
}

/// The line above the article: how many suggestions, the keys, and "accept all".
fn suggestion_bar(
    cx: &ProjectView<'_>,
    coding: &mut CodingState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let ws = cx.ws;
    if !st.prefs.show_suggestions {
        return;
    }
    let shown = &coding.highlights.shown;
    let pass = ws.suggestions.pass.as_ref().map(|p| p.progress());
    if shown.is_empty() && pass.is_none() {
        return;
    }
    // Wrapped, not one row: a row wider than the panel (the pass's progress beside "accept
    // all") widened the article under it, and its first words went out of view.
    ui.horizontal_wrapped(|ui| {
        let new = shown.iter().filter(|s| s.corrects.is_none()).count();
        let corrections = shown.len() - new;
        let mut text = format!("{new} suggestions");
        if corrections > 0 {
            text.push_str(&format!(", {corrections} corrections"));
        }
        ui.label(text).on_hover_text(
            "Naql proposes quotes it finds by their verbs of saying and the speaker registry, \
             and learns from your coding. Tab / Shift+Tab: next / previous; Enter: accept; \
             X: reject (for this document).",
        );
        ui.weak("Tab next · Enter accept · X reject");
        if new > 0
            && !cx.asking
            && ui
                .button("Accept all in this document")
                .on_hover_text("every new suggestion shown becomes your quote: one step to undo")
                .clicked()
            && let Some(action) =
                crate::session::suggestions::accept_all(ws.project(), shown, ws.coder_id())
        {
            st.queue
                .push(Command::edit(action, "accept all suggestions"));
            coding.suggestion_focus = None;
        }
        if let Some((done, total)) = pass {
            crate::ui::progress_bar(
                ui,
                done,
                total,
                200.0,
                &format!("suggesting {done}/{total}"),
            )
            .on_hover_text("learning from the project's quotes, then suggesting for every article");
        }
    });
}

/// Tab, Shift+Tab, Enter and X on the suggestions of `doc`.
fn suggestion_keys(
    ws: &Workspace,
    ui: &egui::Ui,
    coding: &mut CodingState,
    st: &mut UiState<'_>,
    doc: &DocumentId,
    shown: &[crate::session::suggestions::Shown],
) {
    if !st.prefs.show_suggestions {
        return;
    }
    let plain = |k: Key| ui.input(|i| i.modifiers.is_none() && i.key_pressed(k));
    let shift_tab = ui.input(|i| i.modifiers.shift_only() && i.key_pressed(Key::Tab));
    let focus = coding
        .suggestion_focus
        .as_ref()
        .filter(|(d, _)| d == doc)
        .map(|(_, s)| *s);
    let at = focus.and_then(|f| shown.iter().position(|s| s.suggestion.span == f));
    let go = |coding: &mut CodingState, i: usize| {
        let span = shown[i].suggestion.span;
        coding.suggestion_focus = Some((doc.clone(), span));
        if let Some(view) = coding.views.get_mut(doc) {
            view.scroll_to(span.start);
        }
    };
    if shown.is_empty() {
        return;
    }
    let n = shown.len();
    if plain(Key::Tab) {
        let next = match (at, focus) {
            (Some(i), _) => (i + 1) % n,
            // Gone to one that is no longer shown (accepted, rejected): the next after it.
            (None, Some(f)) => shown
                .iter()
                .position(|s| s.suggestion.span.start >= f.start)
                .unwrap_or(0),
            (None, None) => 0,
        };
        go(coding, next);
        return;
    }
    if shift_tab {
        let prev = match (at, focus) {
            (Some(i), _) => (i + n - 1) % n,
            (None, Some(f)) => shown
                .iter()
                .rposition(|s| s.suggestion.span.start < f.start)
                .unwrap_or(n - 1),
            (None, None) => n - 1,
        };
        go(coding, prev);
        return;
    }
    let Some(i) = at else {
        return;
    };
    if plain(Key::Enter)
        && let Some((action, id)) =
            crate::session::suggestions::accept(ws.project(), &shown[i], ws.coder_id())
    {
        let label = if shown[i].corrects.is_some() {
            "accept suggested correction"
        } else {
            "accept suggestion"
        };
        st.queue.push(Command::edit(action, label));
        st.queue.push(Command::SelectQuote(Some(id)));
        // On to the next, as in a review queue: the coder sees it before Enter takes it.
        if n > 1 {
            go(coding, (i + 1) % n);
        }
    } else if plain(Key::X) {
        let s = &shown[i].suggestion;
        let cue = s.cue.and_then(|c| {
            let text = ws.project().texts.get(doc)?;
            crate::model::CharIndex::new(&text)
                .slice(&text, c)
                .map(str::to_owned)
        });
        st.queue.push(Command::RejectSuggestion(s.clone(), cue));
        if n > 1 {
            go(coding, (i + 1) % n);
        }
    }
}

/// The tagging keys pressed this frame, as commands.
fn tagging_keys(
    ws: &Workspace,
    ui: &egui::Ui,
    selection: Option<std::ops::Range<usize>>,
) -> Vec<Command> {
    let plain = |k: Key| ui.input(|i| i.modifiers.is_none() && i.key_pressed(k));
    let mut out = Vec::new();
    if let Some(sel) = selection.clone() {
        if plain(Key::Q) {
            out.extend(tagging::new_quote_from(ws, sel.clone()));
            if !out.is_empty() {
                // Straight on to the speaker: type a name, Enter.
                out.push(Command::FocusSpeaker);
            }
            return out;
        }
        if plain(Key::S) {
            out.extend(tagging::set_mention(ws, sel.clone()));
        }
        if plain(Key::C) {
            out.extend(tagging::set_cue(ws, sel.clone()));
        }
        if plain(Key::R) {
            out.extend(tagging::set_span(ws, sel, false));
        }
    }
    if ws.selected.is_none() {
        return out;
    }
    for (key, kind) in [
        (Key::D, QuoteKind::Direct),
        (Key::I, QuoteKind::Indirect),
        (Key::M, QuoteKind::Mixed),
    ] {
        if plain(key) {
            out.extend(tagging::set_kind(ws, kind));
        }
    }
    let topics: Vec<_> = ws
        .project()
        .manifest
        .codebook
        .topics
        .iter()
        .filter_map(|t| Some((t.id.clone(), Key::from_name(&t.shortcut?.to_string())?)))
        .collect();
    for (topic, key) in topics {
        if plain(key) {
            out.extend(tagging::toggle_topic(ws, &topic));
        }
    }
    // N: straight to the note, unless a topic has taken the key.
    let topic_has_n = ws
        .project()
        .manifest
        .codebook
        .topics
        .iter()
        .any(|t| t.shortcut.is_some_and(|c| c.eq_ignore_ascii_case(&'n')));
    if plain(Key::N) && !topic_has_n && tagging::own_selected_quote(ws).is_some() {
        out.push(Command::FocusNote);
    }
    if plain(Key::Delete)
        && let Some(q) = tagging::own_selected_quote(ws)
    {
        out.push(Command::edit(
            crate::action::Action::RemoveQuote {
                coder: q.coder.clone(),
                id: q.id.clone(),
            },
            "delete quote",
        ));
    }
    if plain(Key::Escape) {
        out.push(Command::SelectQuote(None));
    }
    out
}

/// A quote's speaker name ("no speaker yet") and its topics' names, for one-line summaries.
/// Topic names are "English · فارسی"; egui labels cannot order Persian, so summaries keep the
/// Latin half.
pub fn speaker_and_topics<'p>(project: &'p Project, q: &Quote) -> (&'p str, String) {
    let speaker = q
        .speaker
        .as_ref()
        .and_then(|s| project.manifest.speaker(s))
        .map_or("no speaker yet", |s| s.name.as_str());
    let topics: Vec<&str> = q
        .topics
        .iter()
        .filter_map(|t| project.manifest.topic(t))
        .map(|t| latin_half(&t.name))
        .collect();
    (speaker, topics.join(", "))
}

/// A hover line: what the highlight is, who said it, and about what.
pub fn describe(project: &Project, q: &Quote, part: Part) -> String {
    let (speaker, topics) = speaker_and_topics(project, q);
    let what = match part {
        Part::Quote => format!("{} quote", q.kind.name()),
        Part::Mention => "speaker mention".to_owned(),
        Part::Cue => "cue".to_owned(),
    };
    format!("{what} — {speaker} — {topics} — coder {}", q.coder)
}

/// The part of a bilingual name before « · » (the whole name if it has none).
pub fn latin_half(name: &str) -> &str {
    name.split(" · ").next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// View → Layers: a hidden coder's quotes are not drawn, and "colour by coder" tints each
    /// quote with its coder's colour instead of its topic's.
    #[test]
    fn hidden_layers_are_not_drawn_and_coders_have_their_colours() {
        let p = crate::sample::project().unwrap();
        let doc = DocumentId::new("000_13e0dc0d1b2b0156");
        let backgrounds = |layers: &Layers| -> Vec<Color32> {
            highlights(&p, &doc, None, layers)
                .0
                .into_iter()
                .filter(|h| h.kind == HighlightKind::Background)
                .map(|h| h.colour)
                .collect()
        };
        let of = |coder: &str| {
            p.layers[&PersonId::new(coder)]
                .quotes
                .iter()
                .filter(|q| q.document == doc)
                .count()
        };
        let all = backgrounds(&Layers::default());
        assert_eq!(all.len(), of("sara") + of("omid"));
        let sara_only = Layers {
            hidden: [PersonId::new("omid")].into(),
            by_coder: true,
        };
        let shown = backgrounds(&sara_only);
        assert_eq!(shown.len(), of("sara"));
        let sara = coder_colour(&p, &PersonId::new("sara")).gamma_multiply(0.28);
        assert!(shown.iter().all(|c| *c == sara));
        assert_ne!(
            coder_colour(&p, &PersonId::new("sara")),
            coder_colour(&p, &PersonId::new("omid"))
        );
    }
}
