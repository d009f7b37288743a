//! The speaker registry editor: add speakers, edit names, aliases (one per line, any script),
//! role, affiliation and country, and merge two entries together with their quotes.

use crate::action::{Action, merge_speakers};
use crate::model::search::fold;
use crate::model::{Speaker, SpeakerId};
use crate::session::Command;
use crate::ui::{ProjectView, UiState};

/// The speaker registry window: whether it is open, and its editor's fields.
#[derive(Default)]
pub struct Window {
    pub open: bool,
    pub editor: EditorState,
    /// How many quotes name each speaker, counted once per change of the quotes (not per
    /// speaker and frame: that went over every quote for each speaker in every frame), for
    /// the project (its address: another project opened starts its revisions again) and
    /// quotes revision.
    uses: crate::ui::memo::Memo<(usize, u64), std::collections::HashMap<SpeakerId, usize>>,
}

#[derive(Default)]
pub struct EditorState {
    filter: String,
    new_name: String,
    /// For each speaker being merged: the speaker it goes into.
    merge_into: std::collections::HashMap<SpeakerId, SpeakerId>,
}

pub fn window(
    cx: &ProjectView<'_>,
    window: &mut Window,
    st: &mut UiState<'_>,
    ctx: &egui::Context,
) {
    let mut open = window.open;
    let ws = cx.ws;
    let project = ws.project();
    let speakers = project.manifest.speakers.clone();
    let state = &mut window.editor;
    let uses_memo = &mut window.uses;
    let kit = &mut *st.text;
    let mut queue = Vec::new();
    egui::Window::new("Speakers")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("filter");
                ui.text_edit_singleline(&mut state.filter)
                    .labelled_by(label.id);
            });
            let filter = fold(&state.filter);
            let of = (std::ptr::from_ref(project) as usize, ws.quotes_revision);
            let uses = uses_memo.get_or_make(of, |_| {
                let mut uses = std::collections::HashMap::new();
                for (_, q) in project.quotes() {
                    if let Some(s) = &q.speaker {
                        *uses.entry(s.clone()).or_insert(0) += 1;
                    }
                }
                uses
            });
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    for (index, s) in speakers.iter().enumerate() {
                        if !filter.is_empty() && !s.names().any(|n| fold(n).contains(&filter)) {
                            continue;
                        }
                        let uses = uses.get(&s.id).copied().unwrap_or(0);
                        egui::CollapsingHeader::new(format!("{} ({uses} quotes)", s.name))
                            .id_salt(("speaker", s.id.as_str()))
                            .show(ui, |ui| {
                                speaker_form(ui, index, s, kit, &mut queue);
                                merge_row(ui, ws, &speakers, s, state, &mut queue);
                            });
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("new speaker");
                ui.text_edit_singleline(&mut state.new_name)
                    .labelled_by(label.id);
                let name = state.new_name.trim().to_owned();
                if ui
                    .add_enabled(!name.is_empty(), egui::Button::new("Add"))
                    .clicked()
                {
                    let base = crate::ui::prompts::id_from_name(&name);
                    let base = if base.is_empty() {
                        "speaker".to_owned()
                    } else {
                        base
                    };
                    let mut id = base.clone();
                    let mut n = 2;
                    while speakers.iter().any(|s| *s.id.0 == *id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    queue.push(Command::edit(
                        Action::InsertSpeaker {
                            index: speakers.len(),
                            speaker: Speaker {
                                id: SpeakerId::new(id),
                                name,
                                aliases: Vec::new(),
                                role: String::new(),
                                affiliation: String::new(),
                                country: String::new(),
                            },
                        },
                        "add speaker",
                    ));
                    state.new_name.clear();
                }
            });
        });
    window.open = open;
    st.queue.extend(queue);
}

fn speaker_form(
    ui: &mut egui::Ui,
    index: usize,
    s: &Speaker,
    kit: &mut crate::text::TextKit,
    queue: &mut Vec<Command>,
) {
    let mut edited = s.clone();
    let mut aliases = s.aliases.join("\n");
    let mut field = None;
    egui::Grid::new(("speaker-form", s.id.as_str()))
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("id");
            ui.monospace(s.id.as_str());
            ui.end_row();
            for (label, value) in [
                ("name", &mut edited.name),
                ("role", &mut edited.role),
                ("affiliation", &mut edited.affiliation),
                ("country", &mut edited.country),
            ] {
                // Names, roles and countries are written in Persian or Arabic as often as not.
                ui.label(label);
                let name = format!("{label} of {}", s.id);
                if crate::text::TextField::new(
                    value,
                    egui::Id::unique(("speaker-field", s.id.as_str(), label)),
                    &name,
                )
                .width(320.0)
                .show(ui, kit)
                .changed()
                {
                    field = Some(label);
                }
                ui.end_row();
            }
            // Aliases mix scripts (لوکاشنکو, ألكسندر لوكاشينكو, Lukashenko): Naql's own field.
            ui.label("aliases\n(one a line)");
            if crate::text::TextField::new(
                &mut aliases,
                egui::Id::unique(("aliases", s.id.as_str())),
                "aliases",
            )
            .multiline(3)
            .width(320.0)
            .show(ui, kit)
            .changed()
            {
                edited.aliases = aliases.lines().map(str::to_owned).collect();
                field = Some("aliases");
            }
            ui.end_row();
        });
    if let Some(field) = field {
        queue.push(Command::Edit {
            action: Action::ReplaceSpeaker {
                index,
                speaker: edited,
            },
            label: format!("speaker {field}"),
            burst: Some(format!("speaker:{}:{field}", s.id)),
        });
    }
    if ui
        .small_button("Remove")
        .on_hover_text("Only a speaker no quote names can be removed; merge the others")
        .clicked()
    {
        queue.push(Command::edit(
            Action::RemoveSpeaker { index },
            "remove speaker",
        ));
    }
}

fn merge_row(
    ui: &mut egui::Ui,
    ws: &crate::session::Workspace,
    speakers: &[Speaker],
    s: &Speaker,
    state: &mut EditorState,
    queue: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let target = state.merge_into.get(&s.id).cloned();
        egui::ComboBox::new(("merge", s.id.as_str()), "merge into")
            .selected_text(
                target
                    .as_ref()
                    .and_then(|t| speakers.iter().find(|x| &x.id == t))
                    .map_or("…".to_owned(), |x| x.name.clone()),
            )
            .show_ui(ui, |ui| {
                for other in speakers.iter().filter(|o| o.id != s.id) {
                    if ui.selectable_label(false, &other.name).clicked() {
                        state.merge_into.insert(s.id.clone(), other.id.clone());
                    }
                }
            });
        let button = egui::Button::new("Merge");
        if ui
            .add_enabled(target.is_some(), button)
            .on_hover_text("Its quotes go to the other speaker; its names become aliases")
            .clicked()
            && let Some(action) =
                target.and_then(|t| merge_speakers(ws.project(), &s.id, &t, jiff::Timestamp::now()))
        {
            queue.push(Command::edit(action, "merge speakers"));
            state.merge_into.remove(&s.id);
        }
    });
}
