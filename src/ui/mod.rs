//! Panels: they read the project through a [`ViewContext`], change only the UI's own state
//! ([`UiState`]: preferences, panel states, text caches) and queue [`Command`]s, which the app
//! runs after the frame; none changes the project itself. (rerun's viewer works this way.)
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
pub mod import;
pub mod inspector;
pub mod labels;
pub mod memo;
pub mod menu;
pub mod prompts;
pub mod quotes;
pub mod review;
pub mod search;
pub mod speakers;
pub mod statistics;

use crate::model::{DocumentId, PersonId};
use crate::session::{Command, Mode, Prefs, Workspace, jobs::Job};

/// The UI's own state (not project data), one part per panel or window, held in one place by
/// the app. Each panel is handed its own part (`review::show(.., &mut panels.review, ..)`),
/// as rerun hands each view its view state.
#[derive(Default)]
pub struct PanelState {
    pub mode: Mode,
    /// Which widget had the keyboard at the end of the last frame.
    pub keyboard_owner: Option<egui::Id>,
    pub coding: CodingState,
    pub review: crate::ui::review::ReviewState,
    pub compare: crate::ui::compare::CompareState,
    pub statistics: crate::ui::statistics::StatisticsState,
    /// How coders' layers are drawn (the article and the review's context read it).
    pub layers: LayerStyle,
    pub codebook: crate::ui::codebook::Window,
    pub speakers: crate::ui::speakers::Window,
    pub prompts: crate::ui::prompts::PromptState,
    pub import: crate::ui::import::ImportWindows,
    pub notices: NoticesState,
}

/// The coder's panels: documents, article, inspector, quote list, find bar.
#[derive(Default)]
pub struct CodingState {
    /// The speaker picker's query.
    pub speaker_query: String,
    /// Ask the speaker picker to take the keyboard (right after a new quote).
    pub focus_speaker: bool,
    /// Ask the selected quote's note field to take the keyboard (N).
    pub focus_note: bool,
    pub document_filter: String,
    pub search: crate::ui::search::SearchState,
    pub highlights: crate::ui::article::HighlightCache,
    /// The article widget's id, to give it the keyboard back after a field.
    pub article_id: Option<egui::Id>,
    pub documents: crate::ui::documents::Progress,
    pub quote_rows: crate::ui::quotes::QuoteRows,
    /// The suggestion gone to with Tab (its document and span): Enter accepts it, X rejects it.
    pub suggestion_focus: Option<(DocumentId, crate::model::Span)>,
    /// Each open article's view: its layout, selection and scroll (UI state, not project data).
    pub views: std::collections::HashMap<DocumentId, crate::text::ArticleView>,
}

impl CodingState {
    /// The view of article `doc`, made on first use.
    pub fn view_of(
        &mut self,
        ws: &Workspace,
        doc: &DocumentId,
    ) -> Option<&mut crate::text::ArticleView> {
        let text = ws.project().texts.get(doc)?;
        Some(
            self.views
                .entry(doc.clone())
                .or_insert_with(|| crate::text::ArticleView::new(text.to_string())),
        )
    }
}

/// Layers not drawn on the article (View → Layers), and whether quotes are coloured by coder
/// instead of by topic.
#[derive(Default)]
pub struct LayerStyle {
    pub hidden: std::collections::BTreeSet<PersonId>,
    pub colour_by_coder: bool,
}

/// The list of notices: whether it is open, and how many notices the person has seen in it
/// (see `Notices::unseen`).
#[derive(Default)]
pub struct NoticesState {
    pub open: bool,
    pub seen: u64,
}

/// What panels read this frame, and may not change: the open project, the job in progress,
/// the notices, and whether a question waits for an answer.
pub struct ViewContext<'a> {
    pub workspace: Option<&'a Workspace>,
    pub job: Option<&'a Job>,
    /// What the window has told the person; the newest is on the status line.
    pub notices: &'a crate::session::notices::Notices,
    /// A prompt (who is coding, recover, save before closing) waits: no key acts meanwhile.
    pub asking: bool,
}

/// What the project's panels read: the open workspace (there is one: without a project only
/// the menu, the status line and the prompts are drawn), the job in progress, whether a
/// question waits, and which widget had the keyboard at the end of the last frame.
pub struct ProjectView<'a> {
    pub ws: &'a Workspace,
    pub job: Option<&'a Job>,
    pub asking: bool,
    pub keyboard_owner: Option<egui::Id>,
}

/// What every panel may use besides its own state: preferences, the text caches, and the
/// queue of commands the app runs after the frame.
pub struct UiState<'a> {
    pub prefs: &'a mut Prefs,
    pub text: &'a mut crate::text::TextKit,
    pub labels: &'a mut labels::LabelCache,
    pub queue: &'a mut Vec<Command>,
}

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

/// The whole window, one frame: each panel gets the part of `panels` that is its own.
pub fn show(
    cx: &ViewContext<'_>,
    panels: &mut PanelState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    menu::show(cx, panels.mode, &mut panels.layers, st, ui);
    status_bar(cx, panels, st, ui);
    if let Some(ws) = cx.workspace {
        let pv = ProjectView {
            ws,
            job: cx.job,
            asking: cx.asking,
            keyboard_owner: panels.keyboard_owner,
        };
        match panels.mode {
            crate::session::Mode::Coding => coding(&pv, &mut panels.coding, &panels.layers, st, ui),
            crate::session::Mode::Review => review::show(
                &pv,
                &mut panels.review,
                &mut panels.coding,
                &panels.layers,
                st,
                ui,
            ),
            crate::session::Mode::Compare => compare::show(&pv, &mut panels.compare, st, ui),
            crate::session::Mode::Statistics => {
                statistics::show(&pv, &mut panels.statistics, st, ui)
            }
        }
        codebook::window(&pv, &mut panels.codebook, st, ui.ctx());
        speakers::window(&pv, &mut panels.speakers, st, ui.ctx());
        import::window(&pv, &mut panels.import, st, ui.ctx());
        import::labels_window(&pv, &mut panels.import, st, ui.ctx());
    } else {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.centered_and_justified(|ui| {
                ui.label("Open a project to start (File → Open project, or Open recent).")
            });
        });
    }
    prompts::show(cx, &mut panels.prompts, st, ui.ctx());
}

/// The coder's layout: documents, article, inspector, quote list.
fn coding(
    cx: &ProjectView<'_>,
    coding: &mut CodingState,
    layers: &LayerStyle,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    if st.prefs.show_documents {
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| documents::show(cx, coding, st, ui));
    }
    if st.prefs.show_inspector {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| inspector::show(cx, coding, st, ui));
    }
    if st.prefs.show_quotes {
        egui::Panel::bottom("quotes")
            .resizable(true)
            .default_size(190.0)
            .show(ui, |ui| quotes::show(cx, &mut coding.quote_rows, st, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        search::bar(cx, &mut coding.search, st, ui);
        article::show(cx, coding, layers, st, ui);
    });
}

/// A queue-able "select this quote" for lists.
pub fn select(id: &crate::model::QuoteId) -> Command {
    Command::SelectQuote(Some(id.clone()))
}

fn status_bar(
    cx: &ViewContext<'_>,
    panels: &mut PanelState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(coder) = &st.prefs.coder {
                ui.label(format!("coder: {}", coder.name))
                    .on_hover_text(format!("your quotes go to annotations/{}.ron", coder.id));
                ui.separator();
            }
            if let Some(ws) = cx.workspace {
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
                let view = ws.current.as_ref().and_then(|d| panels.coding.views.get(d));
                if let Some(sel) = view.and_then(|v| v.selection()) {
                    ui.separator();
                    ui.label(format!(
                        "selected {}..{} ({} chars) — Q makes it a quote",
                        sel.start,
                        sel.end,
                        sel.len()
                    ));
                }
            }
            if let Some((what, (done, total))) = cx.workspace.and_then(|ws| ws.reading_rest()) {
                ui.separator();
                progress_bar(ui, done, total, 220.0, what).on_hover_text(
                    "A big project opens on your own layer first; other coders' quotes, orphan flags and problems appear when this is done.",
                );
            }
            if let Some(job) = &cx.job {
                ui.separator();
                let (done, total) = job.progress();
                progress_bar(
                    ui,
                    done,
                    total,
                    180.0,
                    &format!("{} {done}/{total}", job.what),
                );
            }
            notices_button(cx, &mut panels.notices, ui);
            if let Some(n) = cx.notices.latest() {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, &n.text)
                    .on_hover_text(format!("at {}", local_time(n.at)));
            }
        });
    });
    notices_window(cx, &mut panels.notices, st, ui.ctx());
}

fn local_time(t: jiff::Timestamp) -> String {
    t.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%H:%M:%S")
        .to_string()
}

/// The button that opens the list of notices, with how many are new.
fn notices_button(cx: &ViewContext<'_>, state: &mut NoticesState, ui: &mut egui::Ui) {
    if cx.notices.is_empty() {
        return;
    }
    ui.separator();
    let unseen = cx.notices.unseen(state.seen);
    let label = match unseen {
        0 => "Notices".to_owned(),
        n => format!("Notices ({n} new)"),
    };
    if ui
        .selectable_label(state.open, label)
        .on_hover_text("What Naql has told you, newest first, with the time")
        .clicked()
    {
        state.open = !state.open;
    }
}

/// Every recent notice, newest first, each with its time.
fn notices_window(
    cx: &ViewContext<'_>,
    state: &mut NoticesState,
    st: &mut UiState<'_>,
    ctx: &egui::Context,
) {
    if !state.open {
        return;
    }
    // Opened: they are seen.
    state.seen = cx.notices.total();
    let mut open = true;
    egui::Window::new("Notices")
        .id(egui::Id::unique("notices"))
        .open(&mut open)
        .default_size([560.0, 320.0])
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-8.0, -32.0))
        .show(ctx, |ui| {
            if ui.button("Clear").clicked() {
                st.queue.push(Command::ClearNotices);
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for n in cx.notices.iter() {
                        ui.horizontal_wrapped(|ui| {
                            ui.weak(local_time(n.at));
                            ui.label(&n.text);
                        });
                    }
                });
        });
    if !open {
        state.open = false;
    }
}

/// A progress bar of `done` out of `total` (empty while the total is not known yet).
pub fn progress_bar(
    ui: &mut egui::Ui,
    done: usize,
    total: usize,
    width: f32,
    text: &str,
) -> egui::Response {
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(width)
            .text(text),
    )
}
