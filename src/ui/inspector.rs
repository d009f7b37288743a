//! The right side: the selected quote, with everything a coder sets on it: speaker (type-ahead
//! over names and aliases in every script), kind, topics, mention, cue, note; its status.

use crate::model::{Quote, QuoteKind};
use crate::session::{Command, tagging};
use crate::ui::article::{latin_half, quote_colour};
use crate::ui::{CodingState, ProjectView, UiState};
use egui::{Color32, Key, RichText};

/// Accessible name of the speaker field, by which tests find it.
pub const SPEAKER_FIELD: &str = "Speaker";
/// How many suggestions the speaker picker shows.
const SUGGESTIONS: usize = 8;

pub fn show(
    cx: &ProjectView<'_>,
    coding: &mut CodingState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let ws = cx.ws;
    let Some(q) = tagging::selected_quote(ws).cloned() else {
        ui.heading("Quote");
        ui.label("Select words in the article and press Q to tag a quote, or click a quote.");
        ui.add_space(8.0);
        keys_help(ui);
        return;
    };
    egui::ScrollArea::vertical().show(ui, |ui| quote_form(cx, coding, st, ui, &q));
}

fn keys_help(ui: &mut egui::Ui) {
    egui::Grid::new("keys").striped(true).show(ui, |ui| {
        for (k, what) in [
            ("Q", "new quote from the selection"),
            ("S / C", "selection is the speaker mention / cue"),
            ("R", "quote span = selection"),
            ("D / I / M", "direct / indirect / mixed"),
            ("N", "write a note on the quote"),
            ("1–9", "toggle topics (their keys)"),
            ("Shift+Left/Right", "move the quote's end (Alt: start)"),
            ("Delete / Esc", "delete / deselect the quote"),
            ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
            ("Ctrl+F", "find"),
            ("Tab / Shift+Tab", "next / previous suggestion"),
            ("Enter / X", "accept / reject the suggestion"),
        ] {
            ui.strong(k);
            ui.label(what);
            ui.end_row();
        }
    });
}

fn quote_form(
    cx: &ProjectView<'_>,
    coding: &mut CodingState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
    q: &Quote,
) {
    let ws = cx.ws;
    let project = ws.project();
    let width = ui.available_width();
    let text_colour = ui.visuals().text_color();

    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 3.0, quote_colour(project, q));
        ui.heading("Quote");
        ui.weak(format!(
            "{}..{} · {}",
            q.anchor.span.start, q.anchor.span.end, q.coder
        ));
    });
    let own = crate::session::tagging::may_edit(ws, q);
    if !own {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Coded by {}: read-only. Select words and press Q for your own quote.",
                q.coder
            ),
        );
    }
    if let Some(why) = project.orphans.get(&q.id) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Orphaned: {why}. Kept as it was; set a new span with R."),
        );
    }
    let quoted = crate::model::shorten(&q.anchor.text, 400);
    st.labels
        .show(ui, &mut *st.text, &quoted, 15.0, width, text_colour);
    ui.separator();
    ui.add_enabled_ui(own, |ui| quote_fields(cx, coding, st, ui, q));
}

/// Everything a coder sets on their quote.
/// The note field's accessible name.
pub const NOTE_FIELD: &str = "note of the quote";

/// The widget id of the note field of quote `q`.
pub fn note_field_id(q: &crate::model::QuoteId) -> egui::Id {
    egui::Id::unique(("note", q.as_str()))
}

fn quote_fields(
    cx: &ProjectView<'_>,
    coding: &mut CodingState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
    q: &Quote,
) {
    let ws = cx.ws;
    let project = ws.project();
    let width = ui.available_width();
    let text_colour = ui.visuals().text_color();
    let mut queue: Vec<Command> = Vec::new();

    // Kind.
    ui.horizontal(|ui| {
        for (kind, key) in [
            (QuoteKind::Direct, "D"),
            (QuoteKind::Indirect, "I"),
            (QuoteKind::Mixed, "M"),
        ] {
            if !project.manifest.codebook.quote_kinds.contains(&kind) {
                continue;
            }
            let r = ui
                .selectable_label(q.kind == kind, kind.name())
                .on_hover_text(format!("key {key}"));
            if r.clicked() {
                queue.extend(tagging::set_kind(ws, kind));
            }
        }
    });
    ui.separator();

    // Speaker.
    let current = q.speaker.as_ref().and_then(|s| project.manifest.speaker(s));
    ui.horizontal(|ui| {
        ui.strong("Speaker:");
        match current {
            Some(s) => {
                ui.label(&s.name);
                if ui
                    .small_button("clear")
                    .on_hover_text("no speaker")
                    .clicked()
                {
                    queue.extend(tagging::set_speaker(ws, None));
                }
            }
            None => {
                ui.weak("none yet");
            }
        }
    });
    // Names are typed in any script, Persian and Arabic most: Naql's own field.
    let response = crate::text::TextField::new(
        &mut coding.speaker_query,
        egui::Id::unique("speaker-picker"),
        SPEAKER_FIELD,
    )
    .hint("type a name or alias, any script")
    .width(width)
    .show(ui, &mut *st.text);
    if std::mem::take(&mut coding.focus_speaker) {
        response.request_focus();
    }
    let query = coding.speaker_query.clone();
    if !query.trim().is_empty() {
        let hits = tagging::find_speakers(ws, &query);
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let mut chosen = entered
            .then(|| hits.first().map(|(s, _)| s.id.clone()))
            .flatten();
        for (s, matched) in hits.iter().take(SUGGESTIONS) {
            let line = if *matched == s.name {
                s.name.clone()
            } else {
                format!("{} — {matched}", s.name)
            };
            let r = st
                .labels
                .show(ui, &mut *st.text, &line, 13.5, width, text_colour)
                .on_hover_text(s.id.as_str());
            if r.clicked() {
                chosen = Some(s.id.clone());
            }
        }
        if hits.is_empty() {
            ui.weak("no speaker by that name; select the name in the article and use \"New speaker from selection\"");
        }
        if let Some(id) = chosen {
            queue.extend(tagging::set_speaker(ws, Some(id)));
            coding.speaker_query.clear();
            // Back to the article, so topic keys work straight away.
            if let Some(article) = coding.article_id {
                ui.memory_mut(|m| m.request_focus(article));
            }
        }
    }
    let selection = coding.views.get(&q.document).and_then(|v| v.selection());
    ui.horizontal(|ui| {
        let enabled = selection.as_ref().is_some_and(|s| s.start < s.end);
        let r = ui
            .add_enabled(enabled, egui::Button::new("New speaker from selection"))
            .on_hover_text(
                "Adds the selected words to the speaker registry and gives them this quote",
            );
        if r.clicked()
            && let Some(sel) = selection.clone()
        {
            queue.extend(tagging::new_speaker_from(ws, sel));
        }
    });
    ui.separator();

    // Mention and cue.
    for (what, key, anchor, is_mention) in [
        ("Mention", "S", &q.mention, true),
        ("Cue", "C", &q.cue, false),
    ] {
        ui.horizontal(|ui| {
            ui.strong(format!("{what}:"));
            if anchor.is_none() {
                ui.weak(format!("none (select it, press {key})"));
            }
            if let Some(a) = anchor {
                if ui.small_button("remove").clicked() {
                    let label = format!("remove {}", what.to_lowercase());
                    queue.extend(tagging::update_selected(ws, &label, None, |q| {
                        if is_mention {
                            q.mention = None;
                        } else {
                            q.cue = None;
                        }
                    }));
                }
                ui.weak(format!("{}..{}", a.span.start, a.span.end));
            }
        });
        if let Some(a) = anchor {
            st.labels
                .show(ui, &mut *st.text, &a.text, 14.0, width, text_colour);
        }
    }
    ui.separator();

    // Topics, nested under their parents, with their keys.
    ui.strong("Topics");
    let topics = &project.manifest.codebook.topics;
    for t in topics {
        let depth = {
            let mut d = 0;
            let mut p = t.parent.clone();
            while let Some(id) = p {
                d += 1;
                p = project.manifest.topic(&id).and_then(|x| x.parent.clone());
                if d > topics.len() {
                    break;
                }
            }
            d
        };
        ui.horizontal(|ui| {
            ui.add_space(16.0 * depth as f32);
            let mut on = q.topics.contains(&t.id);
            let key = t.shortcut.map(|c| format!("[{c}] ")).unwrap_or_default();
            let colour = Color32::from_rgb(t.colour.r, t.colour.g, t.colour.b);
            let r = ui
                .checkbox(
                    &mut on,
                    RichText::new(format!("{key}{}", latin_half(&t.name))).color(colour),
                )
                .on_hover_text(if t.description.is_empty() {
                    t.name.clone()
                } else {
                    format!("{}\n\n{}", t.name, t.description)
                });
            if r.changed() {
                queue.extend(tagging::toggle_topic(ws, &t.id));
            }
        });
    }
    ui.separator();

    // Note: one undo step per burst of typing. Notes mix Persian with Latin names, numbers and
    // brackets, so the field is Naql's own: bidi per paragraph, right-aligned when Persian.
    ui.strong("Note");
    let mut note = q.note.clone();
    let r = crate::text::TextField::new(&mut note, note_field_id(&q.id), NOTE_FIELD)
        .multiline(3)
        .width(width)
        .show(ui, &mut *st.text);
    if std::mem::take(&mut coding.focus_note) {
        r.request_focus();
    }
    if r.changed() {
        queue.extend(tagging::update_selected(ws, "note", Some("note"), |q| {
            q.note = note
        }));
    }
    ui.separator();

    // Status: the editors' verdicts.
    let reviews: Vec<_> = project
        .layers
        .values()
        .flat_map(|l| l.reviews_of(&q.id))
        .collect();
    if reviews.is_empty() {
        ui.weak("not reviewed yet");
    }
    for r in reviews {
        let comment = if r.comment.is_empty() {
            String::new()
        } else {
            format!(": {}", r.comment)
        };
        ui.label(format!("{} by {}{comment}", r.verdict.name(), r.editor));
    }
    ui.weak(format!(
        "created {} · changed {}",
        q.created.strftime("%Y-%m-%d %H:%M"),
        q.modified.strftime("%Y-%m-%d %H:%M")
    ));
    if ui
        .button("Delete quote")
        .on_hover_text("key Delete; undo brings it back")
        .clicked()
    {
        queue.push(Command::edit(
            crate::action::Action::RemoveQuote {
                coder: q.coder.clone(),
                id: q.id.clone(),
            },
            "delete quote",
        ));
    }
    st.queue.extend(queue);
}
