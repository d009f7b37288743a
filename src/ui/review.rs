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
const ROW_HEIGHT: f32 = 26.0;

/// Projects with more quotes than this get their index built on a background thread (0.7 s at
/// 200,000 quotes); smaller ones at once (under ~70 ms), without an "indexing" frame.
pub const BACKGROUND_INDEX_FROM: usize = 20_000;

pub struct ReviewState {
    pub filter: Filter,
    pub sort: Sort,
    /// See [`BACKGROUND_INDEX_FROM`]; tests lower it to exercise the background path.
    pub background_from: usize,
    /// An index being built on another thread, for this quotes revision.
    pending: Option<(u64, crate::session::task::Task<ReviewIndex>)>,
    /// How many indexes were built off the UI thread (tests read it: a small index can be
    /// done before the frame that started it has drawn "Indexing…").
    pub built_in_background: u64,
    /// The index, the quotes revision it was built at and the revision its verdicts are from.
    index: Option<((u64, u64), ReviewIndex)>,
    /// The quotes revision of the index while it is taken out during a frame.
    index_revision: u64,
    /// The shown rows, and what they were computed for.
    shown: Vec<u32>,
    shown_key: Option<(u64, Filter, Sort)>,
    /// The quote under review (its row may move when sorting).
    pub current: Option<QuoteId>,
    /// The current quote's row in the index, with the quotes revision it is valid for: moving
    /// with J/K then compares integers instead of looking up every shown quote.
    current_row: Option<(u64, u32)>,
    pub comment: String,
    /// Whose comment the field holds: reloaded when the current quote changes.
    comment_for: Option<QuoteId>,
    /// Review progress, for the (quotes, verdicts) revisions it was counted at.
    progress: Memo<(u64, u64), crate::review::Progress>,
    /// The current quote's verdicts, for (revision, quote).
    verdicts: Memo<(u64, QuoteId), Verdicts>,
}

impl ReviewState {
    /// Whether an index is being built in the background.
    pub fn indexing(&self) -> bool {
        self.pending.is_some()
    }
}

impl Default for ReviewState {
    fn default() -> Self {
        Self {
            filter: Filter::default(),
            sort: Sort::default(),
            background_from: BACKGROUND_INDEX_FROM,
            pending: None,
            built_in_background: 0,
            index: None,
            index_revision: 0,
            shown: Vec::new(),
            shown_key: None,
            current: None,
            current_row: None,
            comment: String::new(),
            comment_for: None,
            progress: Memo::default(),
            verdicts: Memo::default(),
        }
    }
}

/// Takes in an index built in the background, or starts one, for a big project. Returns
/// whether the index is (still) being built.
fn build_in_background(
    state: &mut ReviewState,
    project: &std::sync::Arc<Project>,
    quotes_revision: u64,
) -> bool {
    use crate::session::task::{Poll, Task};
    if let Some((rev, task)) = &mut state.pending {
        match task.poll() {
            Poll::Done(index) => {
                if *rev == quotes_revision {
                    // Verdicts given meanwhile are caught up by the next refresh: revision 0
                    // never matches.
                    state.index = Some(((quotes_revision, 0), index));
                    state.shown_key = None;
                }
                state.pending = None;
            }
            Poll::Running if *rev == quotes_revision => return true,
            Poll::Running | Poll::Died => state.pending = None,
        }
    }
    if state.index.is_some() {
        return false;
    }
    let quotes: usize = project.layers.values().map(|l| l.quotes.len()).sum();
    if quotes <= state.background_from {
        return false;
    }
    // The thread reads the project shared, not copied (an edit meanwhile takes a copy for
    // itself); the window keeps drawing.
    let snapshot = std::sync::Arc::clone(project);
    let task = Task::run("indexing for review", move |_| {
        ReviewIndex::build(&snapshot)
    });
    state.pending = Some((quotes_revision, task));
    state.built_in_background += 1;
    true
}

/// Refreshes the index and the shown rows if the project, filter or sort changed. Returns
/// false while a big project's index is still being built.
fn refresh(
    state: &mut ReviewState,
    shared: &std::sync::Arc<Project>,
    quotes_revision: u64,
    revision: u64,
) -> bool {
    let project: &Project = shared;
    match &mut state.index {
        Some(((q, _), _)) if *q != quotes_revision => state.index = None,
        Some(((_, r), index)) if *r != revision => {
            // Only verdicts changed since: refresh that column, keep the rest.
            index.refresh_status(project);
            *r = revision;
        }
        _ => {}
    }
    if build_in_background(state, shared, quotes_revision) {
        return false;
    }
    if state.index.is_none() {
        state.index = Some(((quotes_revision, revision), ReviewIndex::build(project)));
        state.shown_key = None;
    }
    if let Some(((_, r), index)) = &mut state.index
        && *r != revision
    {
        index.refresh_status(project);
        *r = revision;
    }
    let key = (revision, state.filter.clone(), state.sort);
    if state.shown_key.as_ref() != Some(&key) {
        if let Some((_, index)) = &state.index {
            state.shown = index.view(project, &state.filter, state.sort);
        }
        state.shown_key = Some(key);
    }
    true
}

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
    if !refresh(state, &ws.project, ws.quotes_revision, ws.revision) {
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
                    ui.separator();
                    bulk_accept(ui, project, index, &state.shown, &editor, &mut queue);
                    ui.separator();
                    let p = state.progress.get_or_make(revision, |_| index.progress());
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
        // The selected quote is cached by the workspace; only a quote deselected in the
        // article since needs a search.
        let coder = match ws.selected_quote() {
            Some(q) if q.id == id => Some(q.coder.clone()),
            _ => project
                .quotes()
                .find(|(_, q)| q.id == id)
                .map(|(p, _)| p.clone()),
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

/// The editor's own review of a quote, if they gave one.
fn own_review<'p>(project: &'p Project, editor: &PersonId, id: &QuoteId) -> Option<&'p Review> {
    project
        .layers
        .get(editor)?
        .reviews
        .iter()
        .find(|r| &r.quote == id)
}

fn review_action(editor: &PersonId, id: &QuoteId, verdict: Verdict, comment: &str) -> Action {
    Action::SetReview {
        editor: editor.clone(),
        quote: id.clone(),
        review: Some(Review {
            quote: id.clone(),
            verdict,
            comment: comment.trim().to_owned(),
            editor: editor.clone(),
            time: jiff::Timestamp::now(),
        }),
    }
}

fn decide(editor: &PersonId, id: &QuoteId, verdict: Verdict, comment: &str) -> Command {
    Command::edit(
        review_action(editor, id, verdict, comment),
        &format!("{} a quote", verdict_verb(verdict)),
    )
}

fn verdict_verb(v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => "accept",
        Verdict::Rejected => "reject",
        Verdict::NeedsChanges => "ask changes to",
    }
}

/// J/K move through the shown rows; A/R/N decide on the current one.
fn keys(
    ctx: &egui::Context,
    project: &Project,
    index: &ReviewIndex,
    state: &mut ReviewState,
    editor: &PersonId,
    queue: &mut Vec<Command>,
) {
    let quotes_revision = state.index_revision;
    let none = egui::Modifiers::NONE;
    let (next, prev, accept, reject, needs) = ctx.input_mut(|i| {
        (
            i.consume_key(none, Key::J),
            i.consume_key(none, Key::K),
            i.consume_key(none, Key::A),
            i.consume_key(none, Key::R),
            i.consume_key(none, Key::N),
        )
    });
    // A verdict by key, then on to the next quote, as in a queue of decisions; the buttons
    // stay on the quote (to read it again, or add a comment).
    let mut decided = false;
    for (pressed, verdict) in [
        (accept, Verdict::Accepted),
        (reject, Verdict::Rejected),
        (needs, Verdict::NeedsChanges),
    ] {
        if let (true, Some(id)) = (pressed, &state.current) {
            queue.push(decide(editor, id, verdict, &state.comment));
            decided = true;
        }
    }
    let next = next || decided;
    if next || prev {
        let row = match state.current_row {
            Some((r, row)) if r == quotes_revision => Some(row),
            // After a rebuild (or a quote chosen elsewhere): find it once by id.
            _ => state.current.as_ref().and_then(|id| {
                (0..index.rows.len() as u32).find(|&i| {
                    index
                        .quote(project, &index.rows[i as usize])
                        .is_some_and(|q| &q.id == id)
                })
            }),
        };
        let position = row.and_then(|row| state.shown.iter().position(|&i| i == row));
        let len = state.shown.len() as isize;
        if len > 0 {
            let at = match position {
                Some(p) => (p as isize + if next { 1 } else { -1 }).clamp(0, len - 1),
                None => 0,
            };
            let row_index = state.shown[at as usize];
            if let Some(q) = index.quote(project, &index.rows[row_index as usize]) {
                queue.push(Command::SelectQuote(Some(q.id.clone())));
                state.current = Some(q.id.clone());
                state.current_row = Some((quotes_revision, row_index));
            }
        }
    }
}

/// Combo boxes for speaker, topic, kind, coder, document and verdict, and the free-text field.
fn filters(
    ui: &mut egui::Ui,
    project: &Project,
    filter: &mut Filter,
    index: &ReviewIndex,
    kit: &mut crate::text::TextKit,
) {
    let m = &project.manifest;
    ui.strong("Filters");
    // Words and names in Persian and Arabic: Naql's own field.
    crate::text::TextField::new(&mut filter.text, egui::Id::unique("review-text-filter"), TEXT_FILTER)
        .hint("words, names; any spelling")
        .show(ui, kit)
        .on_hover_text("Words of the quote, its speaker's names or its note; ی/ي, ک/ك, ZWNJ and digits match their variants");
    /// A filter's combo box. The options are only listed while it is open: a project's
    /// documents may be thousands, and the closed box needs the chosen one's name only.
    fn combo<T: Clone + PartialEq>(
        ui: &mut egui::Ui,
        label: &str,
        value: &mut Option<T>,
        name: impl Fn(&T) -> String,
        options: impl FnOnce() -> Vec<(T, String)>,
    ) {
        let shown = value.as_ref().map_or_else(|| "any".to_owned(), &name);
        egui::ComboBox::new(label, label)
            .selected_text(shown)
            .width(150.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(value, None, "any");
                for (o, n) in options() {
                    ui.selectable_value(value, Some(o), n);
                }
            });
    }
    combo(
        ui,
        "by speaker",
        &mut filter.speaker,
        |id| {
            m.speaker(id)
                .map_or_else(|| id.to_string(), |s| s.name.clone())
        },
        || {
            m.speakers
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        },
    );
    combo(
        ui,
        "by topic",
        &mut filter.topic,
        |id| {
            m.topic(id).map_or_else(
                || id.to_string(),
                |t| crate::ui::article::latin_half(&t.name).to_owned(),
            )
        },
        || {
            m.codebook
                .topics
                .iter()
                .map(|t| {
                    (
                        t.id.clone(),
                        crate::ui::article::latin_half(&t.name).to_owned(),
                    )
                })
                .collect()
        },
    );
    combo(
        ui,
        "by kind",
        &mut filter.kind,
        |k| k.name().to_owned(),
        || {
            [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed]
                .map(|k| (k, k.name().to_owned()))
                .into()
        },
    );
    combo(
        ui,
        "by coder",
        &mut filter.coder,
        |c| person_name(project, c),
        || {
            index
                .coders
                .iter()
                .map(|c| (c.clone(), person_name(project, c)))
                .collect()
        },
    );
    combo(
        ui,
        "by document",
        &mut filter.document,
        |id| {
            m.document(id)
                .map_or_else(|| id.to_string(), |d| crate::model::shorten(&d.title, 40))
        },
        || {
            m.documents
                .iter()
                .map(|d| (d.id.clone(), crate::model::shorten(&d.title, 40)))
                .collect()
        },
    );
    combo(
        ui,
        "by verdict",
        &mut filter.status,
        |s| status_name(*s).to_owned(),
        || {
            [
                Status::Unreviewed,
                Status::Reviewed(Verdict::Accepted),
                Status::Reviewed(Verdict::Rejected),
                Status::Reviewed(Verdict::NeedsChanges),
            ]
            .map(|s| (s, status_name(s).to_owned()))
            .into()
        },
    );
    if *filter != Filter::default() && ui.button("Clear filters").clicked() {
        *filter = Filter::default();
    }
}

fn bulk_accept(
    ui: &mut egui::Ui,
    project: &Project,
    index: &ReviewIndex,
    shown: &[u32],
    editor: &PersonId,
    queue: &mut Vec<Command>,
) {
    let unreviewed = |i: &&u32| index.rows[**i as usize].status == Status::Unreviewed;
    // Counted every frame (integers only); the quotes are looked up on the click.
    let count = shown.iter().filter(unreviewed).count();
    let r = ui
        .add_enabled(
            count > 0,
            egui::Button::new(format!("Accept the {count} unreviewed shown")),
        )
        .on_hover_text("Accept every shown quote no editor has decided on yet, as one undo step");
    if r.clicked() {
        let actions: Vec<Action> = shown
            .iter()
            .filter(unreviewed)
            .filter_map(|&i| index.quote(project, &index.rows[i as usize]))
            .map(|q| review_action(editor, &q.id, Verdict::Accepted, ""))
            .collect();
        queue.push(Command::edit(
            Action::Batch(actions),
            &format!("accept {count} quotes"),
        ));
    }
}

/// Documents listed under "by document": the least reviewed first.
const PROGRESS_DOCUMENTS: usize = 40;

/// Reviewed / total, overall, per coder and per document (the least reviewed documents).
fn progress(
    ui: &mut egui::Ui,
    project: &Project,
    index: &ReviewIndex,
    p: &crate::review::Progress,
) {
    ui.strong("Progress");
    let bar = |ui: &mut egui::Ui, label: String, (done, total): (usize, usize)| {
        let f = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(egui::ProgressBar::new(f).text(format!("{label}: {done}/{total}")));
    };
    bar(ui, "reviewed".into(), (p.reviewed, p.total));
    ui.label("by coder");
    for (c, counts) in &p.per_coder {
        let name = index
            .coders
            .get(*c as usize)
            .map_or_else(String::new, |c| c.to_string());
        bar(ui, name, *counts);
    }
    let mut documents: Vec<(&u32, &(usize, usize))> = p.per_document.iter().collect();
    documents.sort_by(|a, b| {
        let share = |(done, total): &(usize, usize)| *done as f64 / (*total).max(1) as f64;
        share(a.1).total_cmp(&share(b.1)).then(a.0.cmp(b.0))
    });
    let more = documents.len().saturating_sub(PROGRESS_DOCUMENTS);
    ui.label("by document, least reviewed first");
    for (d, counts) in documents.into_iter().take(PROGRESS_DOCUMENTS) {
        let id = project
            .manifest
            .documents
            .get(*d as usize)
            .map_or_else(String::new, |d| d.id.to_string());
        bar(ui, crate::model::shorten(&id, 14), *counts);
    }
    if more > 0 {
        ui.weak(format!("and {more} more documents"));
    }
}

/// Accept / reject / needs changes for the current quote, the comment, and what others said.
/// The current quote's verdicts: the editor's own, and every editor's as a line of text. Looked
/// up once per change, not every frame (an editor's layer may hold thousands of reviews).
#[derive(Clone, Default)]
pub struct Verdicts {
    mine: Option<Verdict>,
    lines: Vec<String>,
}

fn verdicts_of(project: &Project, editor: &PersonId, id: &QuoteId) -> Verdicts {
    Verdicts {
        mine: own_review(project, editor, id).map(|r| r.verdict),
        lines: project
            .reviews()
            .filter(|r| &r.quote == id)
            .map(|r| {
                let comment = if r.comment.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.comment)
                };
                format!(
                    "{} — {}{comment}",
                    person_name(project, &r.editor),
                    r.verdict.name()
                )
            })
            .collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn verdict_bar(
    ui: &mut egui::Ui,
    project: &Project,
    editor: &PersonId,
    revision: u64,
    state: &mut ReviewState,
    kit: &mut crate::text::TextKit,
    queue: &mut Vec<Command>,
) {
    let Some(id) = state.current.clone() else {
        ui.label("Select a quote in the table (or press J) to review it in its article.");
        return;
    };
    let verdicts = state
        .verdicts
        .get_or_make((revision, id.clone()), |_| {
            verdicts_of(project, editor, &id)
        })
        .clone();
    ui.horizontal(|ui| {
        for (verdict, label, key) in [
            (Verdict::Accepted, "Accept", "A"),
            (Verdict::Rejected, "Reject", "R"),
            (Verdict::NeedsChanges, "Needs changes", "N"),
        ] {
            let mine = verdicts.mine == Some(verdict);
            let r = ui
                .selectable_label(mine, label)
                .on_hover_text(format!("{key}: {label} (with the comment)"));
            if r.clicked() {
                queue.push(decide(editor, &id, verdict, &state.comment));
            }
        }
        // Comments are Persian with names and numbers: Naql's own field.
        ui.label("comment (optional: why)");
        crate::text::TextField::new(
            &mut state.comment,
            egui::Id::unique("review-comment"),
            COMMENT_FIELD,
        )
        .width((ui.available_width() - 90.0).max(120.0))
        .own_undo()
        .show(ui, kit);
        if verdicts.mine.is_some() && ui.button("Withdraw").clicked() {
            queue.push(Command::edit(
                Action::SetReview {
                    editor: editor.clone(),
                    quote: id.clone(),
                    review: None,
                },
                "withdraw a verdict",
            ));
        }
    });
    if !verdicts.lines.is_empty() {
        ui.label(verdicts.lines.join(" · "));
    }
}

/// The table: sortable headers, then the shown rows (only those in sight are drawn).
fn table(
    cx: &ProjectView<'_>,
    state: &mut ReviewState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
    shown: usize,
) {
    let ws = cx.ws;
    let project = ws.project();
    let Some(((quotes_revision, _), index)) = &state.index else {
        return;
    };
    let quotes_revision = *quotes_revision;
    let widths = column_widths(ui.available_width());
    ui.horizontal(|ui| {
        ui.strong(format!("{shown} of {} quotes", index.rows.len()));
    });
    ui.horizontal(|ui| {
        for (c, w) in Column::ALL.iter().zip(widths) {
            let arrow = if state.sort.column == *c {
                if state.sort.descending { " v" } else { " ^" }
            } else {
                ""
            };
            let r = ui
                .add_sized(
                    [w, 20.0],
                    egui::Button::new(format!("{}{arrow}", c.title())).frame(false),
                )
                .on_hover_text("Sort by this column; again to reverse");
            if r.clicked() {
                if state.sort.column == *c {
                    state.sort.descending = !state.sort.descending;
                } else {
                    state.sort = Sort {
                        column: *c,
                        descending: false,
                    };
                }
            }
        }
    });
    ui.separator();
    let mut chosen = None;
    let text_colour = ui.visuals().text_color();
    egui::ScrollArea::vertical()
        .id_salt("review-table")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, state.shown.len(), |ui, range| {
            for &i in &state.shown[range] {
                let row = &index.rows[i as usize];
                let Some(q) = index.quote(project, row) else {
                    continue;
                };
                let current = state.current.as_ref() == Some(&q.id);
                let (rect, response) = ui.allocate_exact_size(
                    egui::vec2(ui.available_width(), ROW_HEIGHT),
                    egui::Sense::click(),
                );
                if current {
                    ui.painter()
                        .rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
                } else if response.hovered() {
                    ui.painter()
                        .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
                }
                let (speaker, topics) = crate::ui::article::speaker_and_topics(project, q);
                // The row knows its document's place: no search through the documents.
                let title = project
                    .manifest
                    .documents
                    .get(row.document as usize)
                    .map_or(q.document.as_str(), |d| d.title.as_str());
                let cells = [
                    crate::model::shorten(title, 24),
                    speaker.to_owned(),
                    q.kind.name().to_owned(),
                    topics,
                    q.coder.to_string(),
                    if row.orphaned {
                        "orphaned".to_owned()
                    } else {
                        status_name(row.status).to_owned()
                    },
                ];
                let mut child = ui.new_child(
                    egui::UiBuilder::new()
                        .max_rect(rect)
                        .layout(egui::Layout::left_to_right(egui::Align::Center)),
                );
                for (n, (cell, w)) in cells.iter().zip(widths).enumerate() {
                    if n == 5 && row.status != Status::Unreviewed {
                        let colour = match row.status {
                            Status::Reviewed(Verdict::Accepted) => {
                                egui::Color32::from_rgb(44, 160, 44)
                            }
                            Status::Reviewed(Verdict::Rejected) => {
                                egui::Color32::from_rgb(214, 39, 40)
                            }
                            _ => egui::Color32::from_rgb(230, 150, 20),
                        };
                        child.add_sized(
                            [w, ROW_HEIGHT],
                            egui::Label::new(egui::RichText::new(cell.as_str()).color(colour)),
                        );
                    } else if is_latin(cell) {
                        child
                            .add_sized([w, ROW_HEIGHT], egui::Label::new(cell.as_str()).truncate());
                    } else {
                        engine_cell(
                            &mut child,
                            &mut *st.labels,
                            &mut *st.text,
                            cell,
                            w,
                            text_colour,
                        );
                    }
                }
                // The quote itself through the text engine: right-to-left, shaped, one line.
                let w = widths[6];
                let text: String = q.anchor.text.chars().take((w / 6.0) as usize).collect();
                engine_cell(
                    &mut child,
                    &mut *st.labels,
                    &mut *st.text,
                    &text,
                    w,
                    text_colour,
                );
                let response = response.on_hover_text(&q.anchor.text);
                if response.clicked() {
                    chosen = Some((q.id.clone(), i));
                }
            }
        });
    if let Some((id, row)) = chosen {
        state.current = Some(id.clone());
        state.current_row = Some((quotes_revision, row));
        st.queue.push(Command::SelectQuote(Some(id)));
    }
}

/// Whether egui's own label can draw `s`: no right-to-left letters (egui does not reorder them).
fn is_latin(s: &str) -> bool {
    !s.chars()
        .any(|c| ('\u{0590}'..='\u{08FF}').contains(&c) || ('\u{FB1D}'..='\u{FEFF}').contains(&c))
}

/// One line of a table cell drawn by the text engine, clipped to the cell.
fn engine_cell(
    ui: &mut egui::Ui,
    labels: &mut crate::ui::labels::LabelCache,
    kit: &mut crate::text::TextKit,
    text: &str,
    width: f32,
    colour: egui::Color32,
) {
    let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, ROW_HEIGHT));
    let mut cell = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    // One line shows; a wrapped second line stays out of sight.
    let line = egui::Rect::from_min_size(rect.min, egui::vec2(width, ROW_HEIGHT - 4.0));
    cell.set_clip_rect(line.intersect(ui.clip_rect()));
    labels.show(&mut cell, kit, text, 14.0, width, colour);
    ui.advance_cursor_after_rect(rect.translate(egui::vec2(8.0, 0.0)));
}

/// Widths of the seven columns for a table `total` points wide; the quote takes the rest.
fn column_widths(total: f32) -> [f32; 7] {
    let fixed = [150.0, 150.0, 70.0, 170.0, 70.0, 100.0];
    let rest = (total - fixed.iter().sum::<f32>() - 7.0 * 8.0).max(120.0);
    [
        fixed[0], fixed[1], fixed[2], fixed[3], fixed[4], fixed[5], rest,
    ]
}

pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Unreviewed => "unreviewed",
        Status::Reviewed(v) => v.name(),
    }
}

fn person_name(project: &Project, id: &PersonId) -> String {
    project
        .manifest
        .person(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}
