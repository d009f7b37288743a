//! The documents of the project, with language and how many quotes each has.

use crate::app::NaqlApp;

/// Titles longer than this are cut in the list; the article shows them whole.
const TITLE_CHARS: usize = 90;

pub fn show(app: &mut NaqlApp, ui: &mut egui::Ui) {
    let Some(ws) = &app.workspace else {
        ui.label("No project is open.");
        return;
    };
    ui.heading(&ws.loaded.project.manifest.title);
    ui.separator();
    let rows: Vec<(crate::model::DocumentId, String, String)> = ws
        .loaded
        .project
        .manifest
        .documents
        .iter()
        .map(|d| {
            let quotes = ws
                .loaded
                .project
                .quotes()
                .filter(|(_, q)| q.document == d.id)
                .count();
            let mut title: String = d.title.chars().take(TITLE_CHARS).collect();
            if d.title.chars().count() > TITLE_CHARS {
                title.push('…');
            }
            let date = d.date.map(|d| d.to_string()).unwrap_or_default();
            (
                d.id.clone(),
                title,
                format!("{} · {} quotes {}", d.language.code(), quotes, date),
            )
        })
        .collect();
    let current = ws.current.clone();
    let mut chosen = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (id, title, info) in rows {
            let selected = current.as_ref() == Some(&id);
            let frame = egui::Frame::new()
                .inner_margin(6.0)
                .corner_radius(4.0)
                .fill(if selected {
                    ui.visuals().selection.bg_fill.gamma_multiply(0.35)
                } else {
                    egui::Color32::TRANSPARENT
                });
            let inner = frame.show(ui, |ui| {
                let width = ui.available_width();
                let colour = ui.visuals().text_color();
                let r = app
                    .labels
                    .show(ui, &mut app.text, &title, 14.0, width, colour);
                ui.small(info);
                r
            });
            let row = inner
                .response
                .interact(egui::Sense::click())
                .union(inner.inner);
            let row = row.on_hover_text(id.as_str());
            if row.clicked() {
                chosen = Some(id);
            }
        }
    });
    if let Some(id) = chosen {
        app.select_document(id);
    }
}
