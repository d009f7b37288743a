//! Panels: they read the app's state and queue [`Command`]s; none changes the project itself.
//! The article text is drawn by [`crate::text::view`]; these modules decide what it shows.
//!
//! ```text
//! ┌ menu bar ─────────────────────────────────────────────────────────┐
//! │ documents │ article (+ find bar)                  │ inspector     │
//! │           ├───────────────────────────────────────┤               │
//! │           │ quotes of this document               │               │
//! └ status bar: coder · saved/unsaved · selection · progress ─────────┘
//! ```

pub mod article;
pub mod codebook;
pub mod compare;
pub mod documents;
pub mod inspector;
pub mod labels;
pub mod menu;
pub mod prompts;
pub mod quotes;
pub mod review;
pub mod search;
pub mod speakers;
pub mod statistics;

use crate::app::{Command, NaqlApp, Prefs};

/// One-time set-up of the egui context.
pub fn setup(ctx: &egui::Context, prefs: &Prefs) {
    // Ctrl +/- changes the article's font size (see the menu), not the whole UI's zoom.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.set_fonts(ui_fonts());
    ctx.set_theme(if prefs.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}

/// egui's own fonts, with the bundled Vazirmatn and Noto Sans as fallbacks: egui's default face
/// has no Arabic letters, and fields (the speaker picker, search, notes) take Persian and
/// Arabic input. egui shapes such single-direction text itself; everything longer or mixed goes
/// through the text engine instead (see `labels`).
fn ui_fonts() -> egui::FontDefinitions {
    use crate::text::fonts::{NOTO_SANS, VAZIRMATN};
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [("vazirmatn", VAZIRMATN), ("noto-sans", NOTO_SANS)] {
        fonts.font_data.insert(
            name.to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    fonts
}

/// The whole window, one frame.
pub fn show(app: &mut NaqlApp, ui: &mut egui::Ui) {
    menu::show(app, ui);
    status_bar(app, ui);
    match app.panels.mode {
        crate::app::Mode::Coding => coding(app, ui),
        crate::app::Mode::Review => review::show(app, ui),
        crate::app::Mode::Compare => compare::show(app, ui),
        crate::app::Mode::Statistics => statistics::show(app, ui),
    }
    codebook::window(app, ui.ctx());
    speakers::window(app, ui.ctx());
    prompts::show(app, ui.ctx());
}

/// The coder's layout: documents, article, inspector, quote list.
fn coding(app: &mut NaqlApp, ui: &mut egui::Ui) {
    if app.prefs.show_documents {
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| documents::show(app, ui));
    }
    if app.prefs.show_inspector {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| inspector::show(app, ui));
    }
    if app.prefs.show_quotes {
        egui::Panel::bottom("quotes")
            .resizable(true)
            .default_size(190.0)
            .show(ui, |ui| quotes::show(app, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        search::bar(app, ui);
        article::show(app, ui);
    });
}

/// A queue-able "select this quote" for lists.
pub fn select(id: &crate::model::QuoteId) -> Command {
    Command::SelectQuote(Some(id.clone()))
}

fn status_bar(app: &mut NaqlApp, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(coder) = &app.prefs.coder {
                ui.label(format!("coder: {}", coder.name))
                    .on_hover_text(format!("your quotes go to annotations/{}.ron", coder.id));
                ui.separator();
            }
            if let Some(ws) = &mut app.workspace {
                let root = ws.root().to_owned();
                let name = root.file_name().map_or_else(
                    || root.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                ui.label(name).on_hover_text(root.display().to_string());
                ui.separator();
                if ws.is_dirty() {
                    ui.label("unsaved changes (autosave in a few seconds)");
                } else if let Some(t) = ws.saved_at {
                    let local = t.to_zoned(jiff::tz::TimeZone::system());
                    ui.label(format!("saved at {}", local.strftime("%H:%M:%S")));
                } else {
                    ui.label("saved");
                }
                if let Some(sel) = ws.current_view().and_then(|v| v.selection()) {
                    ui.separator();
                    ui.label(format!(
                        "selected {}..{} ({} chars) — Q makes it a quote",
                        sel.start,
                        sel.end,
                        sel.len()
                    ));
                }
            }
            if let Some(job) = &app.job {
                ui.separator();
                let (done, total) = job.progress();
                let fraction = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(180.0)
                        .text(format!("{} {done}/{total}", job.what)),
                );
            }
            if let Some(m) = &app.message {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, m);
            }
        });
    });
}
