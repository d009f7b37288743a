//! The codebook editor: add, rename, recolour, nest, reorder, shortcut and describe topics.
//! Each change is one action (typing in a field is one undo step per burst).

use crate::action::Action;
use crate::model::{Colour, Topic, TopicId};
use crate::session::Command;
use crate::ui::{ProjectView, UiState};

/// The codebook window: whether it is open, and its editor's fields.
#[derive(Default)]
pub struct Window {
    pub open: bool,
    pub editor: EditorState,
}

#[derive(Default)]
pub struct EditorState {
    /// The id typed for a new topic.
    new_id: String,
}

pub fn window(
    cx: &ProjectView<'_>,
    window: &mut Window,
    st: &mut UiState<'_>,
    ctx: &egui::Context,
) {
    let mut open = window.open;
    let ws = cx.ws;
    let topics = ws.project().manifest.codebook.topics.clone();
    let kit = &mut *st.text;
    let mut queue = Vec::new();
    egui::Window::new("Codebook")
        .open(&mut open)
        .default_width(620.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(520.0)
                .show(ui, |ui| {
                    for (index, t) in topics.iter().enumerate() {
                        topic_row(ui, &topics, index, t, kit, &mut queue);
                        ui.separator();
                    }
                });
            ui.horizontal(|ui| {
                let state = &mut window.editor;
                let label = ui.label("new topic id");
                ui.text_edit_singleline(&mut state.new_id)
                    .labelled_by(label.id);
                let id = TopicId::new(state.new_id.trim().to_owned());
                let ok = crate::model::ids::is_valid_file_id(id.as_str())
                    && !topics.iter().any(|t| t.id == id);
                if ui.add_enabled(ok, egui::Button::new("Add topic")).clicked() {
                    queue.push(Command::edit(
                        Action::InsertTopic {
                            index: topics.len(),
                            topic: Topic {
                                id: id.clone(),
                                name: id.as_str().to_owned(),
                                parent: None,
                                colour: Colour::rgb(120, 120, 200),
                                shortcut: None,
                                description: String::new(),
                            },
                        },
                        "add topic",
                    ));
                    state.new_id.clear();
                }
            });
        });
    window.open = open;
    st.queue.extend(queue);
}

fn topic_row(
    ui: &mut egui::Ui,
    topics: &[Topic],
    index: usize,
    t: &Topic,
    kit: &mut crate::text::TextKit,
    queue: &mut Vec<Command>,
) {
    let mut edited = t.clone();
    let mut burst = None;
    ui.horizontal(|ui| {
        let mut rgb = [t.colour.r, t.colour.g, t.colour.b];
        if ui.color_edit_button_srgb(&mut rgb).changed() {
            edited.colour = Colour::rgb(rgb[0], rgb[1], rgb[2]);
            burst = Some("colour");
        }
        // Topic names are often Persian: Naql's own field, named by the topic's id.
        ui.monospace(t.id.as_str());
        if crate::text::TextField::new(
            &mut edited.name,
            egui::Id::unique(("topic-name", t.id.as_str())),
            t.id.as_str(),
        )
        .width(260.0)
        .show(ui, kit)
        .changed()
        {
            burst = Some("name");
        }
        let mut key = t.shortcut.map(String::from).unwrap_or_default();
        if ui
            .add(
                egui::TextEdit::singleline(&mut key)
                    .desired_width(18.0)
                    .hint_text(format!("key of {}", t.id)),
            )
            .on_hover_text("shortcut key")
            .changed()
        {
            edited.shortcut = key.chars().last();
            burst = Some("key");
        }
        if ui.small_button("up").on_hover_text("move up").clicked() && index > 0 {
            queue.push(Command::edit(
                Action::MoveTopic {
                    from: index,
                    to: index - 1,
                },
                "move topic",
            ));
        }
        if ui.small_button("down").on_hover_text("move down").clicked() && index + 1 < topics.len()
        {
            queue.push(Command::edit(
                Action::MoveTopic {
                    from: index,
                    to: index + 1,
                },
                "move topic",
            ));
        }
        if ui
            .small_button("remove")
            .on_hover_text("remove (only when no quote uses it)")
            .clicked()
        {
            queue.push(Command::edit(Action::RemoveTopic { index }, "remove topic"));
        }
    });
    ui.horizontal(|ui| {
        egui::ComboBox::new(("parent", t.id.as_str()), "is under")
            .selected_text(
                t.parent
                    .as_ref()
                    .map_or("(top level)".to_owned(), |p| p.as_str().to_owned()),
            )
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(t.parent.is_none(), "(top level)")
                    .clicked()
                {
                    edited.parent = None;
                    burst = Some("parent");
                }
                for other in topics.iter().filter(|o| o.id != t.id) {
                    let on = t.parent.as_ref() == Some(&other.id);
                    if ui.selectable_label(on, other.id.as_str()).clicked() {
                        edited.parent = Some(other.id.clone());
                        burst = Some("parent");
                    }
                }
            });
        let name = format!("when to use {}", t.id);
        if crate::text::TextField::new(
            &mut edited.description,
            egui::Id::unique(("topic-description", t.id.as_str())),
            &name,
        )
        .multiline(1)
        .show(ui, kit)
        .changed()
        {
            burst = Some("description");
        }
    });
    if let Some(field) = burst
        && edited != *t
    {
        queue.push(Command::Edit {
            action: Action::ReplaceTopic {
                index,
                topic: edited,
            },
            label: format!("topic {field}"),
            burst: Some(format!("topic:{}:{field}", t.id)),
        });
    }
}
