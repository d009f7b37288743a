//! Review mode: every quote of the project in one table (filters on the left, the selected quote
//! in its article below), and the editor's verdicts. Keys, when no field has the keyboard:
//! J / K next / previous quote; A accept, R reject, N needs changes (with the comment typed),
//! then on to the next quote.
//!
//! ```text
//! ┌ filters ┬ table: document · speaker · kind · topics · coder · verdict · quote ┐
//! │ progress├────────────────────────────────────────────────────────────────────┤
//! │         │ verdict bar (accept / reject / needs changes, comment)             │
//! │         │ the article, scrolled to the quote, highlighted                    │
//! └─────────┴────────────────────────────────────────────────────────────────────┘
//! ```

mod filters;
mod state;
mod table;
mod verdict;

use filters::*;
use state::*;
pub use state::{BACKGROUND_INDEX_FROM, ReviewState};
pub use table::status_name;
use table::*;
pub use verdict::Verdicts;
use verdict::*;

use crate::action::Action;
use crate::model::{PersonId, Project, QuoteId, QuoteKind, Review, Verdict};
use crate::review::{Column, Filter, ReviewIndex, Sort, Status};
use crate::session::Command;
use crate::ui::memo::Memo;
use crate::ui::{LayerStyle, ProjectView, UiState};
use egui::Key;

/// The comment field's accessible name.
pub const COMMENT_FIELD: &str = "Comment";
pub const TEXT_FILTER: &str = "Filter text";

/// Review mode. The quote under review is shown in its article below the table, through the
/// coder's article panel (`coding`), with only its coder's layer drawn.
pub fn show(
    cx: &ProjectView<'_>,
    state: &mut ReviewState,
    coding: &mut crate::ui::CodingState,
    layers: &LayerStyle,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let asking = cx.asking;
    let ws = cx.ws;
    let editor = ws.coder_id().clone();
    if !refresh(
        state,
        &ws.project,
        (ws.quotes_revision, ws.revision),
        &|r| ws.verdicts_changed_since(r),
    ) {
        let quotes: usize = ws.project().layers.values().map(|l| l.quotes.len()).sum();
        ui.centered_and_justified(|ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Indexing {quotes} quotes for review…"));
            });
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(50));
        return;
    }
    let project = ws.project();
    // Taken out for the frame, so that the rest of the state can change beside it.
    let Some((revision, owned)) = state.index.take() else {
        return;
    };
    state.index_revision = revision.0;
    let index = &owned;
    if state.comment_for != state.current {
        state.comment = state
            .current
            .as_ref()
            .and_then(|id| own_review(project, &editor, id))
            .map(|r| r.comment.clone())
            .unwrap_or_default();
        state.comment_for = state.current.clone();
    }
    let mut queue: Vec<Command> = Vec::new();
    if !(ui.ctx().egui_wants_keyboard_input() || asking) {
        keys(ui.ctx(), project, index, state, &editor, &mut queue);
    }

    egui::Panel::left("review-filters")
        .resizable(true)
        .default_size(250.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("review-filters")
                .show(ui, |ui| {
                    filters(ui, project, &mut state.filter, index, &mut *st.text);
                    if state.searching.is_some() {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Searching the quotes' words…");
                        });
                        ui.ctx()
                            .request_repaint_after(std::time::Duration::from_millis(50));
                    }
                    ui.separator();
                    let shown = &state.shown;
                    let unreviewed = *state
                        .unreviewed
                        .get_or_make((revision, state.shown_key.clone()), |_| {
                            unreviewed_count(index, shown)
                        });
                    // The rows shown while the search is prepared are not yet those the words
                    // select: accepting "what is shown" waits for them.
                    if state.searching.is_none() {
                        bulk_accept(ui, project, index, shown, unreviewed, &editor, &mut queue);
                    }
                    ui.separator();
                    let p = state
                        .progress
                        .get_or_make(revision, |_| ProgressShown::of(index));
                    progress(ui, project, index, p);
                });
        });
    egui::Panel::bottom("review-verdict").show(ui, |ui| {
        verdict_bar(
            ui,
            project,
            &editor,
            ws.revision,
            state,
            &mut *st.text,
            &mut queue,
        );
    });
    let shown = state.shown.len();
    state.index = Some((revision, owned));
    st.queue.extend(queue);

    if let Some(id) = state.current.clone() {
        // The quote under review in its article, among its own coder's quotes only: another
        // coder's overlapping version would hide where this one starts and ends.
        // The selected quote is cached by the workspace; another (J has chosen it in this
        // frame, the workspace selects it after) is found through the id index, not by a
        // search of millions of quotes.
        let coder = match ws.selected_quote() {
            Some(q) if q.id == id => Some(q.coder.clone()),
            _ => ws.find_quote(&id).map(|q| q.coder.clone()),
        };
        let context = LayerStyle {
            hidden: project
                .layers
                .keys()
                .filter(|p| Some(*p) != coder.as_ref())
                .cloned()
                .collect(),
            colour_by_coder: layers.colour_by_coder,
        };
        egui::Panel::bottom("review-context")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                crate::ui::article::show(cx, coding, &context, st, ui);
            });
    }
    egui::CentralPanel::default().show(ui, |ui| table(cx, state, st, ui, shown));
}
