//! Panels: they read the app's state and draw it. The article itself is drawn by
//! [`crate::text::view`]; these modules decide what it shows.

pub mod article;
pub mod documents;
pub mod labels;
pub mod toolbar;

use crate::app::{NaqlApp, Prefs};

/// One-time set-up of the egui context.
pub fn setup(ctx: &egui::Context, prefs: &Prefs) {
    // Ctrl +/- changes the article's font size (see the toolbar), not the whole UI's zoom.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.set_theme(if prefs.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}

/// The whole window, one frame.
pub fn show(app: &mut NaqlApp, ui: &mut egui::Ui) {
    toolbar::show(app, ui);
    status_bar(app, ui);
    egui::Panel::left("documents")
        .resizable(true)
        .default_size(280.0)
        .show(ui, |ui| documents::show(app, ui));
    egui::CentralPanel::default().show(ui, |ui| article::show(app, ui));
}

fn status_bar(app: &mut NaqlApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(ws) = &mut app.workspace {
                let root = ws.loaded.dir.root();
                let name = root.file_name().map_or_else(
                    || root.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                ui.label(name).on_hover_text(root.display().to_string());
                if let Some(sel) = ws.current_view().and_then(|v| v.selection()) {
                    ui.separator();
                    ui.label(format!(
                        "selected {}..{} ({} chars)",
                        sel.start,
                        sel.end,
                        sel.len()
                    ));
                }
            }
            if let Some(m) = &app.message {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, m);
            }
        });
    });
}
