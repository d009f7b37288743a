//! The menu bar: File, Edit, View. Each entry is a [`UiCommand`] (same label, tooltip and
//! shortcut as its key) or a preference.

use crate::session::Mode;
use crate::session::{Command, MAX_SIZE, MIN_SIZE, UiCommand};
use crate::text::{Direction, FontChoice};
use crate::ui::{LayerStyle, UiState, ViewContext};

pub fn show(
    cx: &ViewContext<'_>,
    mode: Mode,
    layers: &mut LayerStyle,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    font_size_keys(st, ui);
    let open = cx.workspace.is_some();
    let conflicts = cx.workspace.is_some_and(|ws| {
        ws.problems
            .iter()
            .any(|p| p.kind == crate::model::ProblemKind::Conflict)
    });
    let (can_undo, can_redo, undo_label, redo_label) =
        cx.workspace
            .as_ref()
            .map_or((false, false, None, None), |ws| {
                (
                    ws.history.can_undo(),
                    ws.history.can_redo(),
                    ws.history.undo_label().map(str::to_owned),
                    ws.history.redo_label().map(str::to_owned),
                )
            });
    let mut queue = Vec::new();
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                UiCommand::NewProject.menu_button(ui, true, &mut queue);
                UiCommand::OpenProject.menu_button(ui, true, &mut queue);
                open_recent(cx, st, ui, &mut queue);
                ui.separator();
                UiCommand::ImportArticles.menu_button(ui, open && cx.job.is_none(), &mut queue);
                UiCommand::ImportAnnotations.menu_button(ui, open && cx.job.is_none(), &mut queue);
                UiCommand::Save.menu_button(ui, open, &mut queue);
                UiCommand::SwitchCoder.menu_button(ui, true, &mut queue);
                UiCommand::ResolveConflicts.menu_button(ui, conflicts, &mut queue);
                UiCommand::ExportCsv.menu_button(ui, open, &mut queue);
                UiCommand::ExportJsonl.menu_button(ui, open, &mut queue);
                UiCommand::ExportMatrix.menu_button(ui, open && cx.job.is_none(), &mut queue);
                ui.separator();
                UiCommand::Quit.menu_button(ui, true, &mut queue);
            });
            ui.menu_button("Edit", |ui| {
                UiCommand::Undo.menu_button(ui, can_undo, &mut queue);
                if let Some(l) = &undo_label {
                    ui.weak(format!("  undo: {l}"));
                }
                UiCommand::Redo.menu_button(ui, can_redo, &mut queue);
                if let Some(l) = &redo_label {
                    ui.weak(format!("  redo: {l}"));
                }
                ui.separator();
                UiCommand::Find.menu_button(ui, open, &mut queue);
                UiCommand::Codebook.menu_button(ui, open, &mut queue);
                UiCommand::Speakers.menu_button(ui, open, &mut queue);
            });
            ui.menu_button("View", |ui| view_menu(cx, layers, st, ui));
            ui.separator();
            mode_switch(mode, ui, &mut queue);
            ui.separator();
            direction_switch(cx, st, ui);
        });
    });
    st.queue.extend(queue);
}

/// File → Open recent: the last projects, newest first; one that is gone is shown greyed.
fn open_recent(
    cx: &ViewContext<'_>,
    st: &UiState<'_>,
    ui: &mut egui::Ui,
    queue: &mut Vec<Command>,
) {
    let shown = cx.workspace.map(|ws| ws.root());
    let recent = &st.prefs.recent;
    ui.add_enabled_ui(!recent.is_empty(), |ui| {
        ui.menu_button(RECENT_MENU, |ui| {
            for p in recent {
                let name = p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let there = p.join("project.ron").is_file();
                let here = shown == Some(p.as_path());
                let label = if here { format!("{name} (open)") } else { name };
                let r = ui
                    .add_enabled(there && !here, egui::Button::new(label))
                    .on_hover_text(p.display().to_string())
                    .on_disabled_hover_text(if here {
                        format!("{} is open", p.display())
                    } else {
                        format!("{} is no longer there", p.display())
                    });
                if r.clicked() {
                    queue.push(Command::OpenProject(p.clone()));
                    ui.close();
                }
            }
        });
    });
}

/// The File menu's list of recent projects.
pub const RECENT_MENU: &str = "Open recent";

/// Ctrl +/- and Ctrl 0: the article's font size.
fn font_size_keys(st: &mut UiState<'_>, ui: &mut egui::Ui) {
    let (bigger, smaller, reset) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Plus)
                || i.consume_key(egui::Modifiers::COMMAND, egui::Key::Equals),
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Minus),
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Num0),
        )
    });
    if bigger {
        st.prefs.size = (st.prefs.size + 1.0).min(MAX_SIZE);
    }
    if smaller {
        st.prefs.size = (st.prefs.size - 1.0).max(MIN_SIZE);
    }
    if reset {
        st.prefs.size = crate::session::Prefs::default().size;
    }
}

/// Coding, Review, Compare, Statistics: one click (or Ctrl+1…4) apart.
fn mode_switch(shown: Mode, ui: &mut egui::Ui, queue: &mut Vec<crate::session::Command>) {
    for (mode, command) in [
        (Mode::Coding, UiCommand::ModeCoding),
        (Mode::Review, UiCommand::ModeReview),
        (Mode::Compare, UiCommand::ModeCompare),
        (Mode::Statistics, UiCommand::ModeStatistics),
    ] {
        let shortcut = command
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let r = ui
            .selectable_label(shown == mode, command.label())
            .on_hover_text(format!("{} ({shortcut})", command.tooltip()));
        if r.clicked() {
            queue.push(crate::session::Command::Ui(command));
        }
    }
}

/// Which people's layers the article shows, and how quotes are coloured.
fn layers_menu(cx: &ViewContext<'_>, layers: &mut LayerStyle, ui: &mut egui::Ui) {
    let Some(ws) = &cx.workspace else {
        return;
    };
    let people: Vec<(crate::model::PersonId, String)> = ws
        .project()
        .layers
        .keys()
        .map(|id| {
            let name = ws
                .project()
                .manifest
                .person(id)
                .map_or_else(|| id.to_string(), |p| p.name.clone());
            (id.clone(), name)
        })
        .collect();
    ui.label("Layers shown on the article");
    for (id, name) in people {
        let mut shown = !layers.hidden.contains(&id);
        if ui.checkbox(&mut shown, name).changed() {
            if shown {
                layers.hidden.remove(&id);
            } else {
                layers.hidden.insert(id);
            }
        }
    }
    ui.checkbox(&mut layers.colour_by_coder, "Colour quotes by coder")
        .on_hover_text("Instead of by topic: to see several coders' layers at once");
}

fn view_menu(
    cx: &ViewContext<'_>,
    layers: &mut LayerStyle,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    layers_menu(cx, layers, ui);
    ui.separator();
    ui.label("Article font");
    for f in FontChoice::ALL {
        ui.radio_value(&mut st.prefs.font, f, f.label());
    }
    ui.horizontal(|ui| {
        ui.label("Size");
        ui.add(
            egui::DragValue::new(&mut st.prefs.size)
                .range(MIN_SIZE..=MAX_SIZE)
                .speed(0.25)
                .suffix(" pt"),
        )
        .on_hover_text("Article font size (Ctrl +, Ctrl −, Ctrl 0)");
    });
    ui.separator();
    if ui.checkbox(&mut st.prefs.dark, "Dark theme").changed() {
        ui.ctx().set_theme(if st.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }
    ui.separator();
    ui.checkbox(&mut st.prefs.show_documents, "Documents");
    ui.checkbox(&mut st.prefs.show_inspector, "Inspector");
    ui.checkbox(&mut st.prefs.show_quotes, "Quote list");
    ui.separator();
    ui.checkbox(&mut st.prefs.show_suggestions, "Suggestions")
        .on_hover_text("quotes Naql proposes: Tab goes to them, Enter accepts, X rejects");
    ui.add_enabled(
        st.prefs.show_suggestions,
        egui::Slider::new(&mut st.prefs.suggestion_threshold, 0.0..=1.0)
            .step_by(0.05)
            .text("suggestion threshold"),
    )
    .on_hover_text("suggestions scoring below this are not shown");
}

/// Direction of the current article: from each paragraph, or forced.
fn direction_switch(cx: &ViewContext<'_>, st: &mut UiState<'_>, ui: &mut egui::Ui) {
    let Some(doc) = cx.workspace.and_then(|w| w.current.clone()) else {
        return;
    };
    let mut dir = st
        .prefs
        .directions
        .get(doc.as_str())
        .copied()
        .unwrap_or_default();
    let before = dir;
    ui.label("direction");
    ui.selectable_value(&mut dir, Direction::Auto, "auto")
        .on_hover_text("From each paragraph's first strong letter");
    ui.selectable_value(&mut dir, Direction::Rtl, "RTL");
    ui.selectable_value(&mut dir, Direction::Ltr, "LTR");
    if dir != before {
        if dir == Direction::Auto {
            st.prefs.directions.remove(doc.as_str());
        } else {
            st.prefs.directions.insert(doc.as_str().to_owned(), dir);
        }
    }
}
