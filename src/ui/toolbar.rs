//! The bar above everything: font, size, direction of the current article, theme.

use crate::app::{MAX_SIZE, MIN_SIZE, NaqlApp};
use crate::text::{Direction, FontChoice};

pub fn show(app: &mut NaqlApp, ui: &mut egui::Ui) {
    // Ctrl +/- and Ctrl 0: the article's font size.
    let (bigger, smaller, reset) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Plus)
                || i.consume_key(egui::Modifiers::COMMAND, egui::Key::Equals),
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Minus),
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Num0),
        )
    });
    if bigger {
        app.prefs.size = (app.prefs.size + 1.0).min(MAX_SIZE);
    }
    if smaller {
        app.prefs.size = (app.prefs.size - 1.0).max(MIN_SIZE);
    }
    if reset {
        app.prefs.size = crate::app::Prefs::default().size;
    }

    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.strong("Naql");
            ui.separator();
            egui::ComboBox::from_label("font")
                .selected_text(app.prefs.font.label())
                .show_ui(ui, |ui| {
                    for f in FontChoice::ALL {
                        ui.selectable_value(&mut app.prefs.font, f, f.label());
                    }
                });
            ui.add(
                egui::DragValue::new(&mut app.prefs.size)
                    .range(MIN_SIZE..=MAX_SIZE)
                    .speed(0.25)
                    .suffix(" pt"),
            )
            .on_hover_text("Article font size (Ctrl +, Ctrl −, Ctrl 0)");
            ui.separator();
            let current = app.workspace.as_ref().and_then(|w| w.current.clone());
            if let Some(doc) = current {
                let mut dir = app
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
                        app.prefs.directions.remove(doc.as_str());
                    } else {
                        app.prefs.directions.insert(doc.0.clone(), dir);
                    }
                }
            }
            ui.separator();
            if ui.selectable_label(app.prefs.dark, "dark").clicked() {
                app.prefs.dark = !app.prefs.dark;
                ui.ctx().set_theme(if app.prefs.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
        });
    });
}
