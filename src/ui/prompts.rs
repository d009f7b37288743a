//! The questions Naql must ask before going on, as modal windows: who is coding (once), whether
//! to recover edits a crash left unsaved, and whether to save before closing; and the path field
//! that stands in for a file dialog where the system has none.

use crate::model::ids::is_valid_file_id;
use crate::model::{Person, PersonId};
use crate::session::{Command, PathFor};
use crate::ui::{UiState, ViewContext};

pub fn show(
    cx: &ViewContext<'_>,
    state: &mut PromptState,
    st: &mut UiState<'_>,
    ctx: &egui::Context,
) {
    if st.prefs.coder.is_none() {
        coder(&mut state.coder_form, st, ctx);
    } else if cx.workspace.is_some_and(|w| w.recovery.is_some()) {
        recovery(cx, st, ctx);
    }
    if state.close {
        close(&mut state.close, st, ctx);
    }
    path(&mut state.path, st, ctx);
}

/// The questions' state: the coder-name form (id, name, and whether it has had the keyboard),
/// "save before closing?", and the path field.
#[derive(Default)]
pub struct PromptState {
    pub coder_form: (String, String, bool),
    pub close: bool,
    pub path: Option<PathPrompt>,
}

/// A path asked for in the window, because no file dialog can be shown.
pub struct PathPrompt {
    pub what: PathFor,
    /// Why the dialog could not be shown (what to install).
    pub why: String,
    pub text: String,
}

impl PathPrompt {
    pub fn new(what: PathFor, why: String) -> Self {
        Self {
            what,
            why,
            text: String::new(),
        }
    }

    /// The paths typed: one a line (a single one for all but articles), `~` for home.
    pub fn paths(&self) -> Vec<std::path::PathBuf> {
        let home = dirs::home_dir();
        let lines = self.text.lines().map(str::trim).filter(|l| !l.is_empty());
        let lines: Vec<&str> = if self.what.many() {
            lines.collect()
        } else {
            lines.take(1).collect()
        };
        lines
            .into_iter()
            .map(|l| match (l.strip_prefix("~/"), &home) {
                (Some(rest), Some(h)) => h.join(rest),
                _ => std::path::PathBuf::from(l),
            })
            .collect()
    }
}

/// The accessible name of the path field.
pub const PATH_FIELD: &str = "path";

fn path(state: &mut Option<PathPrompt>, st: &mut UiState<'_>, ctx: &egui::Context) {
    let Some(prompt) = state else {
        return;
    };
    let mut open = true;
    let mut go = false;
    egui::Window::new(prompt.what.question())
        .id(egui::Id::unique("path-prompt"))
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.set_width(520.0);
            ui.colored_label(ui.visuals().warn_fg_color, &prompt.why);
            // Folder names may be Persian or Arabic: Naql's own field.
            let field_id = egui::Id::unique("path-prompt-field");
            let mut field = crate::text::TextField::new(&mut prompt.text, field_id, PATH_FIELD)
                .hint("/home/you/projects/belarus-iran")
                .width(500.0);
            if prompt.what.many() {
                field = field.multiline(4);
            }
            let r = field.show(ui, &mut *st.text);
            if !ui.ctx().memory(|m| m.has_focus(field_id)) && prompt.text.is_empty() {
                r.request_focus();
            }
            let enter = !prompt.what.many()
                && r.lost_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let paths = prompt.paths();
            let missing = if must_exist(prompt.what) {
                paths.iter().find(|p| !p.exists())
            } else {
                None
            };
            if let Some(m) = missing {
                ui.weak(format!("{} does not exist", m.display()));
            }
            let ok = !paths.is_empty() && missing.is_none();
            ui.horizontal(|ui| {
                if ui.add_enabled(ok, egui::Button::new("OK")).clicked() || (enter && ok) {
                    go = true;
                }
            });
        });
    if go {
        let (what, paths) = (prompt.what, prompt.paths());
        st.queue.push(Command::PathsGiven(what, paths));
    } else if !open {
        *state = None;
    }
}

/// Whether what the field asks for must be there already (not a file to write or a folder to
/// make).
fn must_exist(what: PathFor) -> bool {
    matches!(
        what,
        PathFor::OpenProject | PathFor::Articles | PathFor::Annotations
    )
}

/// A file id from a name: ASCII letters and digits lower-cased, other runs as `-`.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').chars().take(64).collect()
}

fn coder(form: &mut (String, String, bool), st: &mut UiState<'_>, ctx: &egui::Context) {
    egui::Modal::new(egui::Id::unique("coder-prompt")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Who is coding?");
        ui.label("Your quotes are saved under your id, in annotations/<id>.ron. Naql asks once.");
        let (id, name, focused) = form;
        // A Persian or Arabic name types as it reads: Naql's own field.
        ui.label("Name");
        let r = crate::text::TextField::new(name, egui::Id::unique("coder-name"), "Your name")
            .hint("your name")
            .show(ui, &mut *st.text);
        if !*focused {
            // Ready to type at once (once: asking again would undo Enter's surrender).
            r.request_focus();
            *focused = true;
        }
        if r.changed() {
            *id = id_from_name(name);
        }
        let label = ui.label("Id (letters, digits, - and _)");
        let r2 = ui.text_edit_singleline(id).labelled_by(label.id);
        let valid = is_valid_file_id(id);
        let entered =
            (r.lost_focus() || r2.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if !valid && !id.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "use only ASCII letters, digits, - and _",
            );
        }
        let start = ui.add_enabled(valid, egui::Button::new("Start coding"));
        if start.clicked() || (entered && valid) {
            let person = Person {
                id: PersonId::new(id.clone()),
                name: if name.trim().is_empty() {
                    id.clone()
                } else {
                    name.trim().to_owned()
                },
            };
            st.queue.push(Command::SetCoder(person));
        }
    });
}

fn recovery(cx: &ViewContext<'_>, st: &mut UiState<'_>, ctx: &egui::Context) {
    let Some(rec) = cx.workspace.and_then(|w| w.recovery.as_ref()) else {
        return;
    };
    let n = rec.entries.len();
    let when = rec
        .entries
        .last()
        .map(|e| {
            e.at.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let unreadable = rec.unreadable;
    egui::Modal::new(egui::Id::unique("recovery-prompt")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Unsaved edits found");
        ui.label(format!(
            "Naql closed without saving {n} edits (the last at {when}). Recover them?"
        ));
        if unreadable > 0 {
            ui.weak(format!(
                "{unreadable} cut-off entries cannot be read and are left out."
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Recover").clicked() {
                st.queue.push(Command::Recover);
            }
            if ui
                .button("Discard")
                .on_hover_text("The edits are moved aside in .naql/, not deleted")
                .clicked()
            {
                st.queue.push(Command::DiscardRecovery);
            }
        });
    });
}

fn close(showing: &mut bool, st: &mut UiState<'_>, ctx: &egui::Context) {
    egui::Modal::new(egui::Id::unique("close-prompt")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Save before closing?");
        ui.label("Some edits are not saved yet.");
        ui.horizontal(|ui| {
            if ui.button("Save and close").clicked() {
                st.queue.push(Command::CloseSaving(true));
            }
            if ui.button("Close without saving").clicked() {
                st.queue.push(Command::CloseSaving(false));
            }
            if ui.button("Cancel").clicked() {
                *showing = false;
            }
        });
    });
}
