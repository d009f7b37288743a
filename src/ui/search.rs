//! Ctrl+F: find in this article or in the whole project. Matching folds the differences a coder
//! does not see (see `model::search`); the stored text is never touched. Results come with their
//! context; Enter jumps to the next hit, clicking a result to that one.

use crate::model::DocumentId;
use crate::session::Command;
use crate::ui::{ProjectView, UiState};
use std::ops::Range;

/// Accessible name of the find field.
pub const FIND_FIELD: &str = "Find";
/// Results shown at most (a project-wide search for a common word stops there).
const MAX_HITS: usize = 2000;
/// Chars of context on each side of a hit.
const CONTEXT: usize = 40;

#[derive(Default)]
pub struct SearchState {
    pub open: bool,
    pub query: String,
    pub whole_project: bool,
    pub hits: Vec<Hit>,
    /// The hit last jumped to.
    pub current: Option<usize>,
    /// What `hits` were found for: query, scope, document and project revision.
    searched: Option<(String, bool, Option<DocumentId>, u64)>,
    focus: bool,
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub document: DocumentId,
    pub range: Range<usize>,
    /// The hit with some words around it.
    pub context: String,
}

/// Every hit of `query` in `docs` of the workspace, in document order, at most [`MAX_HITS`].
pub fn find(ws: &crate::session::Workspace, docs: &[DocumentId], query: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for doc in docs {
        let ranges = ws
            .folded(doc)
            .map(|f| f.find_all(query))
            .unwrap_or_default();
        // A search of every document reads each once, keeping none (the recent texts are
        // the window's articles).
        let Some(text) = ws.project().texts.read(doc) else {
            continue;
        };
        let text = &*text;
        let index = crate::model::CharIndex::new(text);
        for r in ranges {
            let from = r.start.saturating_sub(CONTEXT);
            let to = (r.end + CONTEXT).min(index.char_len());
            let slice = index
                .slice(text, crate::model::Span::new(from, to))
                .unwrap_or_default();
            // One line of context: paragraph breaks become spaces.
            let context = slice.replace('\n', " ");
            hits.push(Hit {
                document: doc.clone(),
                range: r,
                context,
            });
            if hits.len() >= MAX_HITS {
                return hits;
            }
        }
    }
    hits
}

/// The find bar above the article, and its results.
pub fn bar(cx: &ProjectView<'_>, state: &mut SearchState, st: &mut UiState<'_>, ui: &mut egui::Ui) {
    if !state.open {
        return;
    }
    let ws = cx.ws;
    let kit = &mut *st.text;
    let mut jump = None;
    let mut close = false;
    // Wrapped, and the field as wide as what is left: a bar wider than the panel would widen
    // the article under the inspector.
    ui.horizontal_wrapped(|ui| {
        let field_width = (ui.available_width() - 330.0).clamp(120.0, 320.0);
        // Queries are Persian and Arabic words: Naql's own field.
        let r = crate::text::TextField::new(
            &mut state.query,
            egui::Id::unique("find-field"),
            FIND_FIELD,
        )
        .hint("find: ی = ي, ک = ك, ZWNJ = space, ۱ = ١ = 1")
        .width(field_width)
        .show(ui, kit);
        if !state.focus {
            r.request_focus();
            state.focus = true;
        }
        ui.checkbox(&mut state.whole_project, "whole project");
        let key = (
            state.query.clone(),
            state.whole_project,
            ws.current.clone(),
            ws.revision,
        );
        if state.searched.as_ref() != Some(&key) {
            let docs: Vec<DocumentId> = if state.whole_project {
                ws.project()
                    .manifest
                    .documents
                    .iter()
                    .map(|d| d.id.clone())
                    .collect()
            } else {
                ws.current.iter().cloned().collect()
            };
            state.hits = find(ws, &docs, &state.query);
            state.current = None;
            state.searched = Some(key);
        }
        let n = state.hits.len();
        ui.label(match n {
            0 if state.query.trim().is_empty() => String::new(),
            0 => "no hits".to_owned(),
            MAX_HITS => format!("first {MAX_HITS} hits"),
            n => format!("{n} hits"),
        });
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let next = ui.button("next").clicked() || enter;
        let previous = ui.button("previous").clicked();
        if n > 0 && (next || previous) {
            let at = match (state.current, next) {
                (None, _) => 0,
                (Some(i), true) => (i + 1) % n,
                (Some(i), false) => (i + n - 1) % n,
            };
            jump = Some(at);
        }
        if enter {
            // Keep typing or press Enter again for the next hit.
            r.request_focus();
        }
        if ui.button("close").on_hover_text("Esc").clicked()
            || (r.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)))
        {
            close = true;
        }
    });
    if !state.hits.is_empty() {
        let width = ui.available_width() - 20.0;
        let colour = ui.visuals().text_color();
        egui::ScrollArea::vertical()
            .id_salt("find-results")
            .max_height(150.0)
            .show(ui, |ui| {
                for (i, hit) in state.hits.iter().enumerate().take(200) {
                    let title = ws
                        .project()
                        .manifest
                        .document(&hit.document)
                        .map_or(hit.document.as_str(), |d| d.id.as_str());
                    let frame =
                        egui::Frame::new()
                            .inner_margin(2.0)
                            .fill(if state.current == Some(i) {
                                ui.visuals().selection.bg_fill.gamma_multiply(0.3)
                            } else {
                                egui::Color32::TRANSPARENT
                            });
                    let inner = frame.show(ui, |ui| {
                        ui.small(format!("{title} · {}", hit.range.start));
                        st.labels
                            .show(ui, &mut *st.text, &hit.context, 13.5, width, colour)
                    });
                    let r = inner
                        .response
                        .interact(egui::Sense::click())
                        .union(inner.inner);
                    if r.clicked() {
                        jump = Some(i);
                    }
                }
            });
    }
    ui.separator();
    if let Some(i) = jump {
        state.current = Some(i);
        if let Some(hit) = state.hits.get(i) {
            st.queue
                .push(Command::ShowRange(hit.document.clone(), hit.range.clone()));
        }
    }
    if close {
        state.open = false;
        state.focus = false;
    }
}
