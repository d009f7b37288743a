//! The documents of the project with language, date and progress (quotes tagged, quotes
//! reviewed), and a filter box that matches titles the way search does (ی/ي, ک/ك, ZWNJ…).

use crate::model::DocumentId;
use crate::model::search::fold;
use crate::session::Command;
use crate::ui::{ProjectView, UiState};
use std::collections::HashMap;

/// Titles longer than this are cut in the list; the article shows them whole.
const TITLE_CHARS: usize = 90;

/// Quotes and reviewed quotes per document, recounted when the project changes.
#[derive(Default)]
pub struct Progress {
    revision: Option<u64>,
    counts: HashMap<DocumentId, (usize, usize)>,
}

impl Progress {
    fn refresh(&mut self, project: &crate::model::Project, revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        let reviewed: std::collections::HashSet<_> = project.reviews().map(|r| &r.quote).collect();
        self.counts.clear();
        for (_, q) in project.quotes() {
            let c = self.counts.entry(q.document.clone()).or_default();
            c.0 += 1;
            if reviewed.contains(&q.id) {
                c.1 += 1;
            }
        }
        self.revision = Some(revision);
    }
}

pub fn show(
    cx: &ProjectView<'_>,
    coding: &mut crate::ui::CodingState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let ws = cx.ws;
    let project = ws.project();
    ui.heading(&project.manifest.title);
    // Titles are Persian and Arabic: Naql's own field.
    crate::text::TextField::new(
        &mut coding.document_filter,
        egui::Id::unique("document-filter"),
        "filter documents by title, source or metadata",
    )
    .hint("filter by title, source or metadata")
    .show(ui, &mut *st.text);
    ui.separator();
    coding.documents.refresh(project, ws.revision);
    let filter = fold(&coding.document_filter);
    let matches = |d: &crate::model::Document| {
        fold(&d.title).contains(&filter)
            || fold(&d.source).contains(&filter)
            || d.metadata.values().any(|v| fold(v).contains(&filter))
    };
    let rows: Vec<(DocumentId, String, String)> = project
        .manifest
        .documents
        .iter()
        .filter(|d| filter.is_empty() || matches(d))
        .map(|d| {
            let (quotes, reviewed) = coding
                .documents
                .counts
                .get(&d.id)
                .copied()
                .unwrap_or_default();
            let mut title: String = d.title.chars().take(TITLE_CHARS).collect();
            if d.title.chars().count() > TITLE_CHARS {
                title.push('…');
            }
            let date = d.date.map(|d| format!(" · {d}")).unwrap_or_default();
            (
                d.id.clone(),
                title,
                format!(
                    "{} · {quotes} quotes, {reviewed} reviewed{date}",
                    d.language.code()
                ),
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
                let r = st
                    .labels
                    .show(ui, &mut *st.text, &title, 14.0, width, colour);
                ui.small(info);
                r
            });
            let row = inner
                .response
                .interact(egui::Sense::click())
                .union(inner.inner);
            // The id, file, source, URL and the metadata an import kept; values may be
            // Persian or Arabic, so each line goes through the text engine.
            let row = row.on_hover_ui(|ui| {
                // Made only while hovered: a search of the documents per row and frame would
                // cost a 10,000-document project its frame rate.
                for line in &about(project, &id) {
                    let colour = ui.visuals().text_color();
                    st.labels.show(ui, &mut *st.text, line, 13.0, 360.0, colour);
                }
            });
            if row.clicked() {
                chosen = Some(id);
            }
        }
    });
    if let Some(id) = chosen {
        st.queue.push(Command::SelectDocument(id));
    }
}

/// What the document list's hover says of a document: id and file, source and URL, then each
/// metadata entry.
fn about(project: &crate::model::Project, id: &DocumentId) -> Vec<String> {
    let Some(d) = project.manifest.documents.iter().find(|d| &d.id == id) else {
        return vec![id.to_string()];
    };
    let mut out = vec![format!("{} — {}", d.id, d.file_name)];
    if !d.source.is_empty() {
        out.push(format!("source: {}", d.source));
    }
    if !d.url.is_empty() {
        out.push(d.url.clone());
    }
    out.extend(d.metadata.iter().map(|(k, v)| format!("{k}: {v}")));
    out
}
