//! The documents of the project with language, date and progress (quotes tagged, quotes
//! reviewed), and a filter box that matches titles the way search does (ی/ي, ک/ك, ZWNJ…).

use crate::model::DocumentId;
use crate::model::search::fold;
use crate::session::Command;
use crate::ui::{ProjectView, UiState};

/// Titles longer than this are cut in the list; the article shows them whole.
const TITLE_CHARS: usize = 90;

/// Quotes and reviewed quotes of the documents in sight, counted when first shown after a
/// change (through the quote index: a count of every document after each edit went over
/// every quote, 0.1–0.2 s at 2,000,000); and the documents the filter lets through, found
/// again when the filter or the list of documents changes.
#[derive(Default)]
pub struct Progress {
    /// The project (its address: another project opened starts its revisions again) and
    /// revision the counts are of.
    counted_at: Option<(usize, u64)>,
    /// (quotes, reviewed) by the document's place in the manifest.
    counts: std::collections::HashMap<usize, (usize, usize)>,
    /// The filter, the project and the revision of its documents the list is of.
    listed_for: Option<(String, (usize, usize, u64))>,
    /// Indices into the manifest's documents.
    listed: Vec<usize>,
}

impl Progress {
    fn refresh(&mut self, ws: &crate::session::Workspace, filter: &str) {
        let project = ws.project();
        let address = std::ptr::from_ref(project) as usize;
        if self.counted_at != Some((address, ws.revision)) {
            self.counts.clear();
            self.counted_at = Some((address, ws.revision));
        }
        let documents = (
            address,
            project.manifest.documents.len(),
            ws.documents_revision,
        );
        if self
            .listed_for
            .as_ref()
            .is_none_or(|(f, r)| f != filter || *r != documents)
        {
            let folded = fold(filter);
            let matches = |d: &crate::model::Document| {
                fold(&d.title).contains(&folded)
                    || fold(&d.source).contains(&folded)
                    || d.metadata.values().any(|v| fold(v).contains(&folded))
            };
            self.listed = project
                .manifest
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| folded.is_empty() || matches(d))
                .map(|(i, _)| i)
                .collect();
            // Kept as typed: the key is compared with the field's text in every frame.
            self.listed_for = Some((filter.to_owned(), documents));
        }
    }

    /// The quotes of the document at `place` in the manifest, and how many of them an
    /// editor reviewed.
    fn counts(&mut self, ws: &crate::session::Workspace, place: usize) -> (usize, usize) {
        *self.counts.entry(place).or_insert_with(|| {
            let project = ws.project();
            let Some(d) = project.manifest.documents.get(place) else {
                return (0, 0);
            };
            let quotes = ws.quotes_of(&d.id);
            let reviewed = quotes.iter().filter(|q| project.is_reviewed(&q.id)).count();
            (quotes.len(), reviewed)
        })
    }
}

/// Title font size, and how many of its lines a row has room for.
const TITLE_SIZE: f32 = 14.0;
const TITLE_LINES: f32 = 2.0;

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
    coding.documents.refresh(ws, &coding.document_filter);
    let current = ws.current.clone();
    let mut chosen = None;
    // Every row has the same height, so only the rows in sight are laid out and drawn: a
    // project of 100,000 documents costs a frame what one of 20 does.
    let margin = 6.0;
    let row_height = TITLE_LINES * TITLE_SIZE * 1.5
        + ui.text_style_height(&egui::TextStyle::Small)
        + ui.spacing().item_spacing.y
        + 2.0 * margin;
    let documents = &mut coding.documents;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, documents.listed.len(), |ui, range| {
            for at in range {
                let i = documents.listed[at];
                let Some(d) = project.manifest.documents.get(i) else {
                    continue;
                };
                let selected = current.as_ref() == Some(&d.id);
                let (quotes, reviewed) = documents.counts(ws, i);
                let mut title: String = d.title.chars().take(TITLE_CHARS).collect();
                if d.title.chars().count() > TITLE_CHARS {
                    title.push('…');
                }
                let date = d.date.map(|d| format!(" · {d}")).unwrap_or_default();
                let info = format!(
                    "{} · {quotes} quotes, {reviewed} reviewed{date}",
                    d.language.code()
                );
                let frame = egui::Frame::new()
                    .inner_margin(margin)
                    .corner_radius(4.0)
                    .fill(if selected {
                        ui.visuals().selection.bg_fill.gamma_multiply(0.35)
                    } else {
                        egui::Color32::TRANSPARENT
                    });
                let width = ui.available_width();
                let inner = ui
                    .allocate_ui(egui::vec2(width, row_height), |ui| {
                        ui.set_height(row_height);
                        frame.show(ui, |ui| {
                            let width = ui.available_width();
                            let colour = ui.visuals().text_color();
                            // A title longer than its lines is cut at a line's end; the
                            // document's line below stays.
                            let (area, _) = ui.allocate_exact_size(
                                egui::vec2(width, TITLE_LINES * TITLE_SIZE * 1.5),
                                egui::Sense::hover(),
                            );
                            let mut title_ui = ui.new_child(egui::UiBuilder::new().max_rect(area));
                            title_ui.shrink_clip_rect(area);
                            let r = st.labels.show(
                                &mut title_ui,
                                &mut *st.text,
                                &title,
                                TITLE_SIZE,
                                width,
                                colour,
                            );
                            ui.small(info);
                            r
                        })
                    })
                    .inner;
                let row = inner
                    .response
                    .interact(egui::Sense::click())
                    .union(inner.inner);
                // The id, file, source, URL and the metadata an import kept; values may be
                // Persian or Arabic, so each line goes through the text engine.
                let row = row.on_hover_ui(|ui| {
                    // Made only while hovered: a search of the documents per row and frame
                    // would cost a 10,000-document project its frame rate.
                    for line in &about(project, &d.id) {
                        let colour = ui.visuals().text_color();
                        st.labels.show(ui, &mut *st.text, line, 13.0, 360.0, colour);
                    }
                });
                if row.clicked() {
                    chosen = Some(d.id.clone());
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
