//! The window: preferences, the open [`Workspace`], and the eframe glue. Panels (`ui/`) read
//! this state and queue [`Command`]s; [`NaqlApp::run_commands`] runs them after each frame, and
//! every change to the project goes through [`Workspace::edit`].

pub mod dialogs;

// The session's vocabulary, where the window's code and its tests have always found it.
pub use crate::session::notices::Notices;
pub use crate::session::{
    Command, MAX_SIZE, MIN_SIZE, Mode, PathFor, Prefs, UiCommand, Workspace, command, jobs, saver,
    tagging, workspace,
};
pub use crate::ui::PanelState;

use crate::model::{DocumentId, Person, PersonId, QuoteId};
use crate::session::task::Poll;
use crate::text::{TextKit, TextStyle};
use dialogs::Dialogs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// Whether slow frames are said on stderr (`NAQL_SLOW_FRAMES=1`).
static SLOW_FRAMES: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("NAQL_SLOW_FRAMES").is_some());

const PREFS_KEY: &str = "naql-prefs";
const RECENT: usize = 8;
/// The window's icon (the one the desktop file installs too).
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/naql.png");

pub struct NaqlApp {
    pub prefs: Prefs,
    pub workspace: Option<Workspace>,
    /// What the window has told the person (an error opening a project, a merge from outside,
    /// what undo took back): the newest on the status line, the recent ones in a list.
    pub notices: Notices,
    pub text: TextKit,
    pub labels: crate::ui::labels::LabelCache,
    pub panels: PanelState,
    /// Commands queued during this frame.
    pub queue: Vec<Command>,
    pub dialogs: Box<dyn Dialogs>,
    /// Long work running off the UI thread (import, export), with its progress.
    pub job: Option<jobs::Job>,
    /// Set when the window may close (nothing unsaved, or the coder said so).
    close_allowed: bool,
    /// Preferences that must be stored at once (the coder's name).
    prefs_dirty: bool,
    /// The coder this computer remembers, when this launch codes as someone else
    /// (`naql open --coder`): preferences are stored with this one, not the launch's.
    remembered_coder: Option<Option<Person>>,
    /// The title last given to the window.
    shown_title: Option<String>,
}

impl NaqlApp {
    /// The app with `prefs`, showing `project` if given, else the last project, else the sample.
    pub fn new(prefs: Prefs, project: Option<PathBuf>) -> Self {
        Self::with_dialogs(prefs, project, Box::new(dialogs::NativeDialogs))
    }

    pub fn with_dialogs(prefs: Prefs, project: Option<PathBuf>, dialogs: Box<dyn Dialogs>) -> Self {
        let mut app = Self {
            prefs,
            workspace: None,
            notices: Notices::default(),
            text: TextKit::default(),
            labels: Default::default(),
            panels: PanelState::default(),
            queue: Vec::new(),
            dialogs,
            job: None,
            close_allowed: false,
            prefs_dirty: false,
            remembered_coder: None,
            shown_title: None,
        };
        let path = project
            .or_else(|| {
                app.prefs
                    .last_project
                    .clone()
                    .filter(|p| p.join("project.ron").exists())
            })
            .or_else(|| {
                let sample = crate::sample::default_location()?;
                match crate::sample::install(&sample) {
                    Ok(()) => Some(sample),
                    Err(e) => {
                        app.notices
                            .push(format!("could not set up the sample project: {e}"));
                        None
                    }
                }
            });
        if let Some(path) = path {
            app.open(&path);
        }
        app
    }

    /// The coder, or a placeholder until the coder has told us who they are (editing waits
    /// for that: see `ui::coder_prompt`).
    fn coder(&self) -> Person {
        self.prefs.coder.clone().unwrap_or_else(|| Person {
            id: PersonId::from("coder"),
            name: "coder".into(),
        })
    }

    /// Opens a project; on failure the message names the file and the app keeps what it had.
    pub fn open(&mut self, path: &Path) {
        if let Some(ws) = &mut self.workspace {
            // Also when nothing is dirty: this waits for the autosave in flight and empties
            // the journal, so the project is not offered for recovery next time.
            if let Err(e) = ws.save() {
                self.notices.push(format!("not switching projects: {e}"));
                return;
            }
        }
        match Workspace::open(path, self.coder()) {
            Ok(mut ws) => {
                let problems = &ws.problems;
                let conflict = problems
                    .iter()
                    .find(|p| p.kind == crate::model::ProblemKind::Conflict);
                match conflict {
                    // A conflict copy or markers: say which file and what to do.
                    Some(c) => self.notices.push(format!(
                        "{c} ({} in all: `naql check` lists them)",
                        match problems.len() {
                            1 => "1 problem".to_owned(),
                            n => format!("{n} problems"),
                        }
                    )),
                    None if !problems.is_empty() => self.notices.push(format!(
                        "{} problems in the project (run `naql check`)",
                        problems.len()
                    )),
                    None => {}
                }
                for n in ws.notices.drain(..) {
                    self.notices.push(n);
                }
                self.workspace = Some(ws);
                self.prefs.last_project = Some(path.to_owned());
                self.prefs.recent.retain(|p| p != path);
                self.prefs.recent.insert(0, path.to_owned());
                self.prefs.recent.truncate(RECENT);
            }
            Err(e) => self.notices.push(e.to_string()),
        }
    }

    /// Sets who is coding (from the first-run prompt); the open project's new quotes go to them.
    pub fn set_coder(&mut self, coder: Person) {
        if let Some(ws) = &mut self.workspace {
            ws.set_coder(coder.clone());
        }
        self.prefs.coder = Some(coder);
        self.prefs_dirty = true;
        // Chosen in the window: this computer remembers it.
        self.remembered_coder = None;
    }

    /// The preferences as this computer keeps them.
    fn stored_prefs(&self) -> Prefs {
        let mut prefs = self.prefs.clone();
        if let Some(remembered) = &self.remembered_coder {
            prefs.coder = remembered.clone();
        }
        prefs
    }

    /// The article style for a document.
    pub fn style_for(&self, doc: Option<&DocumentId>) -> TextStyle {
        self.prefs.style_for(doc)
    }

    pub fn select_document(&mut self, id: DocumentId) {
        if let Some(ws) = &mut self.workspace {
            if ws.current.as_ref() != Some(&id) {
                ws.selected = None;
            }
            ws.current = Some(id);
        }
    }

    /// Selects a quote, opens its document and scrolls the article to it.
    pub fn select_quote(&mut self, id: Option<QuoteId>) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        ws.selected = id.clone();
        let Some(q) = id.and_then(|id| ws.find_quote(&id)) else {
            return;
        };
        let (doc, span) = (q.document.clone(), q.anchor.span);
        ws.current = Some(doc.clone());
        if let Some(view) = self.panels.coding.view_of(ws, &doc) {
            view.set_selection(Some(span.start..span.end));
            view.scroll_to(span.start);
        }
    }

    /// Runs the commands queued during the frame.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.queue);
        if !commands.is_empty() {
            // What they changed is drawn in the next frame.
            ctx.request_repaint();
        }
        for command in commands {
            self.run_command(ctx, command);
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Ui(c) => self.run_ui_command(ctx, c),
            Command::Edit {
                action,
                label,
                burst,
            } => {
                if let Some(ws) = &mut self.workspace
                    && let Err(e) = ws.edit(action, &label, burst)
                {
                    self.notices.push(format!("{label}: {e}"));
                }
            }
            Command::OpenProject(p) => self.open(&p),
            Command::SelectDocument(d) => self.select_document(d),
            Command::SelectQuote(q) => self.select_quote(q),
            Command::ShowRange(doc, range) => {
                self.select_document(doc.clone());
                if let Some(ws) = &self.workspace
                    && let Some(view) = self.panels.coding.view_of(ws, &doc)
                {
                    view.scroll_to(range.start);
                    view.set_selection(Some(range));
                }
            }
            Command::SetCoder(person) => self.set_coder(person),
            Command::PathsGiven(what, paths) => {
                self.panels.prompts.path = None;
                self.paths_chosen(what, paths);
            }
            Command::ClearNotices => self.notices.clear(),
            Command::ImportAnnotations(entries) => {
                if let Some(labels) = self.panels.import.labels.take() {
                    self.import_annotations(&labels, &entries);
                }
            }
            Command::StartImport(files, columns) => {
                self.panels.import.mapping = None;
                self.start_import(files, columns);
            }
            Command::RejectSuggestion(s, cue) => {
                if let Some(ws) = &mut self.workspace {
                    let (root, coder) = (ws.root().to_owned(), ws.coder_id().clone());
                    ws.suggestions.reject(&root, &coder, &s, cue);
                    if let Some(p) = ws.suggestions.problem.take() {
                        self.notices.push(p);
                    }
                }
            }
            Command::FocusNote => self.panels.coding.focus_note = true,
            Command::FocusSpeaker => {
                self.panels.coding.focus_speaker = true;
                self.panels.coding.speaker_query.clear();
            }
            Command::Recover => {
                if let Some(ws) = &mut self.workspace {
                    let n = ws.recover();
                    self.notices.push(format!("recovered {n} unsaved edits"));
                }
            }
            Command::DiscardRecovery => {
                if let Some(ws) = &mut self.workspace
                    && let Some(aside) = ws.discard_recovery()
                {
                    self.notices
                        .push(format!("unsaved edits set aside in {}", aside.display()));
                }
            }
            Command::CloseSaving(save) => {
                self.panels.prompts.close = false;
                if save {
                    if let Some(Err(e)) = self.workspace.as_mut().map(Workspace::save) {
                        self.notices
                            .push(format!("not closing: the save failed: {e}"));
                        return;
                    }
                } else if let Some(ws) = &mut self.workspace {
                    ws.abandon_unsaved();
                }
                self.close_allowed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn run_ui_command(&mut self, ctx: &egui::Context, c: UiCommand) {
        match c {
            UiCommand::Undo => {
                if let Some(ws) = &mut self.workspace
                    && let Some(l) = ws.undo()
                {
                    self.notices.push(format!("undid: {l}"));
                }
            }
            UiCommand::Redo => {
                if let Some(ws) = &mut self.workspace
                    && let Some(l) = ws.redo()
                {
                    self.notices.push(format!("redid: {l}"));
                }
            }
            UiCommand::Save => self.save_now(),
            UiCommand::SwitchCoder => {
                // The work so far is saved under the present coder, then the prompt asks who
                // codes now (until they answer, nothing can be edited).
                if let Some(ws) = &mut self.workspace
                    && let Err(e) = ws.save()
                {
                    self.notices.push(format!("not switching coders: {e}"));
                    return;
                }
                if let Some(c) = &self.prefs.coder {
                    self.panels.prompts.coder_form = (c.id.to_string(), c.name.clone(), false);
                }
                self.prefs.coder = None;
            }
            UiCommand::ResolveConflicts => {
                let Some(ws) = &mut self.workspace else {
                    return;
                };
                // This window's edits first, then the copies merged on disk, then the project
                // read again with them.
                if let Err(e) = ws.save() {
                    self.notices.push(format!("not resolving: {e}"));
                    return;
                }
                let root = ws.root().to_owned();
                let current = ws.current.clone();
                match crate::store::resolve::resolve(&root) {
                    Ok(done) => {
                        self.workspace = None;
                        self.open(&root);
                        if let (Some(ws), Some(doc)) = (&mut self.workspace, current) {
                            ws.current = Some(doc);
                        }
                        self.notices.push(if done.is_empty() {
                            "nothing to resolve".into()
                        } else {
                            done.join("; ")
                        });
                    }
                    Err(e) => self.notices.push(format!("could not resolve: {e}")),
                }
            }
            UiCommand::OpenProject => self.choose(PathFor::OpenProject),
            UiCommand::NewProject => self.choose(PathFor::NewProject),
            UiCommand::ImportArticles => self.choose(PathFor::Articles),
            UiCommand::ImportAnnotations => self.choose(PathFor::Annotations),
            UiCommand::ExportCsv => self.choose(PathFor::ExportCsv),
            UiCommand::ExportJsonl => self.choose(PathFor::ExportJsonl),
            UiCommand::ExportMatrix => self.choose(PathFor::ExportMatrix),
            UiCommand::MeasureAgreement => {
                if let (Some(ws), None) = (&self.workspace, &self.job) {
                    self.job = Some(jobs::Job::agree(ws.project().clone()));
                }
            }
            UiCommand::Find => self.panels.coding.search.open = true,
            UiCommand::Codebook => self.panels.codebook.open = true,
            UiCommand::Speakers => self.panels.speakers.open = true,
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::ModeCoding => self.panels.mode = Mode::Coding,
            UiCommand::ModeReview => self.panels.mode = Mode::Review,
            UiCommand::ModeCompare => self.panels.mode = Mode::Compare,
            UiCommand::ModeStatistics => self.panels.mode = Mode::Statistics,
        }
    }

    /// Asks for the paths `what` needs: the platform's file dialog, or, where there is none
    /// (Linux without xdg-desktop-portal or zenity), a path field in the window.
    fn choose(&mut self, what: PathFor) {
        let needs_project = !matches!(what, PathFor::OpenProject | PathFor::NewProject);
        if needs_project && self.workspace.is_none() {
            return;
        }
        // Imports and exports run as the one job of the status bar: say so before asking.
        let starts_job = !matches!(
            what,
            PathFor::OpenProject | PathFor::NewProject | PathFor::Annotations
        );
        if starts_job && self.busy() {
            return;
        }
        if let Some(why) = self.dialogs.unavailable() {
            self.panels.prompts.path = Some(crate::ui::prompts::PathPrompt::new(what, why));
            return;
        }
        let paths: Vec<PathBuf> = match what {
            PathFor::OpenProject => self.dialogs.open_project().into_iter().collect(),
            PathFor::NewProject => self.dialogs.new_project().into_iter().collect(),
            PathFor::Articles => self.dialogs.articles(),
            PathFor::Annotations => self.dialogs.annotations().into_iter().collect(),
            PathFor::ExportCsv | PathFor::ExportJsonl | PathFor::ExportMatrix => self
                .dialogs
                .export_to(what.suggested_name())
                .into_iter()
                .collect(),
        };
        if !paths.is_empty() {
            self.paths_chosen(what, paths);
        }
    }

    /// Goes on with the paths the dialog or the path field gave.
    fn paths_chosen(&mut self, what: PathFor, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match what {
            PathFor::OpenProject => self.open(&first),
            PathFor::NewProject => {
                let title = first
                    .file_name()
                    .map_or("New project".into(), |n| n.to_string_lossy().into_owned());
                match crate::store::ProjectDir::create(&first, crate::model::Manifest::new(title)) {
                    Ok(_) => self.open(&first),
                    Err(e) => self.notices.push(e.to_string()),
                }
            }
            PathFor::Articles => {
                // A table asks which of its columns is the text, title, date…; files of one
                // article a file go straight on.
                match paths.iter().find(|f| crate::import::table::is_table(f)) {
                    Some(table) => match crate::import::table::preview(table) {
                        Ok((header, sample)) => {
                            self.panels.import.mapping =
                                Some(crate::ui::import::Mapping::new(paths, header, sample));
                        }
                        Err(e) => self.notices.push(format!("{}: {e}", table.display())),
                    },
                    None => self.start_import(paths, crate::import::Columns::default()),
                }
            }
            PathFor::Annotations => match (read_annotations(&first), &self.workspace) {
                (Ok(docs), Some(ws)) => {
                    self.panels.import.labels =
                        Some(crate::ui::import::Labels::new(first, docs, ws.project()));
                }
                (Err(e), _) => self.notices.push(format!("{}: {e}", first.display())),
                (_, None) => {}
            },
            PathFor::ExportCsv | PathFor::ExportJsonl | PathFor::ExportMatrix => {
                if self.busy() {
                    return;
                }
                let Some(ws) = &self.workspace else {
                    return;
                };
                let project = ws.project().clone();
                self.job = Some(match what {
                    PathFor::ExportMatrix => jobs::Job::export_matrix(project, first),
                    _ => jobs::Job::export(project, first, what == PathFor::ExportCsv),
                });
            }
        }
    }

    pub fn save_now(&mut self) {
        if let Some(ws) = &mut self.workspace {
            match ws.save() {
                Ok(_) => {}
                Err(e) => self
                    .notices
                    .push(format!("save failed (your edits are kept): {e}")),
            }
        }
    }

    /// Another tool's annotations as the coder's quotes: texts the project lacks are stored
    /// and added as documents, then every quote is added in one edit (one step to undo).
    fn import_annotations(&mut self, labels: &crate::ui::import::Labels, entries: &[String]) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let map = match crate::exchange::LabelMap::parse(entries, ws.project()) {
            Ok(m) => m,
            Err(e) => {
                self.notices.push(e.to_string());
                return;
            }
        };
        let coder = ws.coder_id().clone();
        let imported = crate::exchange::to_quotes(ws.project(), &labels.docs, &coder, &map);
        let texts: Vec<(&str, &str)> = imported
            .new_documents
            .iter()
            .map(|(d, t)| (d.id.as_str(), t.as_str()))
            .collect();
        if let Err(e) = ws.dir.write_articles(&texts) {
            self.notices.push(format!("import stopped: {e}"));
            return;
        }
        if let Err(e) = ws.add_documents(imported.new_documents.clone()) {
            self.notices.push(format!("import stopped: {e}"));
            return;
        }
        let n = imported.quotes.len();
        if n > 0 {
            let action = crate::action::Action::Batch(
                imported
                    .quotes
                    .into_iter()
                    .map(crate::action::Action::AddQuote)
                    .collect(),
            );
            if let Err(e) = ws.edit(action, "import annotations", None) {
                self.notices.push(format!("import: {e}"));
                return;
            }
        }
        let mut summary = format!(
            "{n} quotes imported from {}; {} new documents",
            labels.file.display(),
            imported.new_documents.len()
        );
        if !imported.unmapped.is_empty() {
            let names: Vec<&str> = imported.unmapped.keys().map(String::as_str).collect();
            summary.push_str(&format!("; labels with no topic: {}", names.join(", ")));
        }
        if let Some(first) = imported.problems.first() {
            summary.push_str(&format!(
                "; {} spans left out ({first})",
                imported.problems.len()
            ));
        }
        self.notices.push(summary);
    }

    /// Whether the status bar's one job is taken (and if so, says so).
    fn busy(&mut self) -> bool {
        if self.job.is_some() {
            self.notices.push("another task is still running");
        }
        self.job.is_some()
    }

    fn start_import(&mut self, files: Vec<PathBuf>, columns: crate::import::Columns) {
        if self.busy() {
            return;
        }
        let Some(ws) = &mut self.workspace else {
            return;
        };
        // Save first: the import writes the manifest.
        if let Err(e) = ws.save() {
            self.notices.push(format!("import not started: {e}"));
            return;
        }
        self.job = Some(jobs::Job::import(
            ws.root().to_owned(),
            ws.project().manifest.clone(),
            files,
            columns,
        ));
    }

    /// Takes in what a finished background job produced.
    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.job else {
            return;
        };
        match job.poll() {
            Poll::Running => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Poll::Died => {
                self.notices
                    .push(format!("{} stopped unexpectedly", job.what));
                self.job = None;
            }
            Poll::Done(outcome) => {
                self.job = None;
                match outcome {
                    jobs::Outcome::Imported { documents, summary } => {
                        self.notices.push(summary);
                        if let Some(ws) = &mut self.workspace
                            && let Err(e) = ws.add_documents(documents)
                        {
                            self.notices.push(format!("import: {e}"));
                        }
                    }
                    jobs::Outcome::Message(m) => self.notices.push(m),
                    jobs::Outcome::Agreement(report) => {
                        self.notices.push(format!(
                            "agreement measured over {} documents",
                            report.documents
                        ));
                        self.panels.statistics.agreement = Some(report);
                    }
                }
            }
        }
    }

    /// Autosave, a few seconds after the last edit.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        if let Err(e) = ws.poll_saves() {
            self.notices
                .push(format!("autosave failed (your edits are kept): {e}"));
        }
        // A big project's other layers, read on a thread since it opened.
        if ws.poll_rest() {
            ctx.request_repaint();
        } else if ws.reading_rest().is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        // Files changed from outside show up within a second or two, even in an idle window.
        if ws.check_disk(Instant::now()) {
            ctx.request_repaint();
        }
        ctx.request_repaint_after(workspace::DISK_CHECK_EVERY);
        // Every notice the workspace raised (merges, another window), not only the last.
        for n in ws.notices.drain(..) {
            self.notices.push(n);
        }
        if ws.saving() {
            // Look again soon, to say "saved" when the writer is done.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if !ws.is_dirty() {
            return;
        }
        if ws.autosave_due(Instant::now()) {
            if let Err(e) = ws.autosave() {
                self.notices
                    .push(format!("autosave failed (your edits are kept): {e}"));
            }
            ctx.request_repaint();
        } else {
            ctx.request_repaint_after(workspace::AUTOSAVE_AFTER);
        }
    }

    /// Closing with unsaved changes asks first.
    fn guard_close(&mut self, ctx: &egui::Context) {
        let asked = ctx.input(|i| i.viewport().close_requested());
        if !asked || self.close_allowed {
            return;
        }
        if self.workspace.as_ref().is_some_and(Workspace::is_dirty) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.panels.prompts.close = true;
        }
    }

    /// Whether a question (who is coding, recover, save before closing) waits for an answer:
    /// until then no shortcut or tagging key acts.
    pub fn asking(&self) -> bool {
        self.prefs.coder.is_none()
            || self.panels.prompts.close
            || self
                .workspace
                .as_ref()
                .is_some_and(|w| w.recovery.is_some())
    }

    /// Suggestions for the shown document, and the background pass.
    fn prepare_suggestions(&mut self, ctx: &egui::Context) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        if !self.prefs.show_suggestions {
            return;
        }
        let running = ws.suggestions.prepare(
            &ws.project,
            ws.quotes_revision,
            ws.last_edit,
            ws.current.as_ref(),
            Instant::now(),
        );
        if running {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        } else if ws.suggestions.behind(ws.quotes_revision) {
            // Learn again from the coder's new quotes once they pause.
            ctx.request_repaint_after(crate::session::suggestions::RELEARN_AFTER);
        }
        if let Some(p) = ws.suggestions.problem.take() {
            self.notices.push(p);
        }
    }

    /// Tab goes to the next suggestion while the article (or nothing) has the keyboard, not to
    /// the next widget.
    fn keep_tab_for_suggestions(&self, ctx: &egui::Context) {
        if !self.prefs.show_suggestions || self.workspace.is_none() {
            return;
        }
        let owner = self.panels.keyboard_owner;
        let article_has_keys = owner.is_none() || owner == self.panels.coding.article_id;
        let tab = ctx.input(|i| {
            i.key_pressed(egui::Key::Tab) && (i.modifiers.is_none() || i.modifiers.shift_only())
        });
        if tab && article_has_keys && !self.asking() && self.panels.mode == Mode::Coding {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
    }

    /// The window's title: the project and who codes in it.
    pub fn title(&self) -> String {
        let project = self.workspace.as_ref().map(|ws| {
            let title = ws.project().manifest.title.trim();
            if title.is_empty() {
                ws.root().file_name().map_or_else(
                    || ws.root().display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            } else {
                title.to_owned()
            }
        });
        let coder = self.prefs.coder.as_ref().map(|c| c.name.as_str());
        match (project, coder) {
            (Some(p), Some(c)) => format!("{p} — {c} — Naql"),
            (Some(p), None) => format!("{p} — Naql"),
            (None, _) => "Naql".to_owned(),
        }
    }

    /// What runs whether or not the window is drawn (eframe calls this while it is minimised
    /// too): finished jobs, the autosave, files changed from outside, the suggestions' pass,
    /// the title.
    pub fn upkeep(&mut self, ctx: &egui::Context) {
        let started = Instant::now();
        self.poll_job(ctx);
        self.autosave(ctx);
        self.prepare_suggestions(ctx);
        let title = self.title();
        if self.shown_title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
        // It holds up the frame that follows as much as drawing does.
        self.say_if_slow("upkeep before a frame", started);
    }

    /// One whole frame, as eframe runs it: the upkeep, then the drawing. (Tests and benches
    /// drive the app through this.)
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        self.upkeep(&ui.ctx().clone());
        self.draw(ui);
    }

    /// Draws the window, then runs what the frame queued.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        self.draw_frame(ui);
        self.say_if_slow("frame", started);
    }

    /// `NAQL_SLOW_FRAMES=1`: every frame (or upkeep) over 16 ms is said on stderr, with what
    /// the window was doing (a check of the frame budget in the real window).
    fn say_if_slow(&self, what: &str, started: Instant) {
        if *SLOW_FRAMES && started.elapsed() > Duration::from_millis(16) {
            eprintln!(
                "{} slow {what}: {:.1} ms ({:?} mode)",
                jiff::Timestamp::now(),
                started.elapsed().as_secs_f64() * 1e3,
                self.panels.mode
            );
        }
    }

    fn draw_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();

        self.guard_close(&ctx);
        if !self.asking() {
            // A text field with the keyboard and typing of its own undoes that first.
            let mut leave = Vec::new();
            if let Some(id) = self.panels.keyboard_owner {
                if self.text.fields.undoes(id, false) {
                    leave.push(UiCommand::Undo);
                }
                if self.text.fields.undoes(id, true) {
                    leave.push(UiCommand::Redo);
                }
            }
            self.queue.extend(
                UiCommand::pressed(&ctx, &leave)
                    .into_iter()
                    .map(Command::Ui),
            );
        }
        self.keep_tab_for_suggestions(&ctx);
        // Panels read the project through a context and change only the UI's own state; every
        // change to the project is a command, run after the frame (see `run_commands`).
        let cx = crate::ui::ViewContext {
            workspace: self.workspace.as_ref(),
            job: self.job.as_ref(),
            notices: &self.notices,
            asking: self.asking(),
        };
        let mut st = crate::ui::UiState {
            prefs: &mut self.prefs,
            text: &mut self.text,
            labels: &mut self.labels,
            queue: &mut self.queue,
        };
        crate::ui::show(&cx, &mut self.panels, &mut st, ui);
        // Keys belong to whatever had the keyboard when they were pressed, that is at the end
        // of the last frame: Esc in the speaker field leaves the field (egui drops the focus
        // before this frame's widgets run) and must not also deselect the quote.
        self.panels.keyboard_owner = ctx.memory(|m| m.focused());
        self.run_commands(&ctx);
    }
}

impl eframe::App for NaqlApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.upkeep(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.draw(ui);
        // Who is coding must survive a crash too, not only a clean exit.
        if std::mem::take(&mut self.prefs_dirty)
            && let Some(storage) = frame.storage_mut()
        {
            eframe::set_value(storage, PREFS_KEY, &self.stored_prefs());
            storage.flush();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.stored_prefs());
    }

    fn on_exit(&mut self) {
        // The window is closing for good: whatever is unsaved at this point was either
        // confirmed by the coder or arrives here by a path that could not ask; save it.
        if !self.close_allowed
            && let Some(ws) = &mut self.workspace
            && let Err(e) = ws.save()
        {
            // No window is left to show it in: the terminal, and the journal keeps the edits
            // for the next start to offer back.
            eprintln!("naql: the save on closing failed (your edits stay in the journal): {e}");
        }
    }
}

/// Reads a doccano (.jsonl) or Label Studio (.json) export, by its extension.
fn read_annotations(
    file: &Path,
) -> Result<Vec<crate::exchange::ForeignDoc>, crate::exchange::ExchangeError> {
    let bytes = std::fs::read(file)?;
    let json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        crate::exchange::label_studio::read(&bytes)
    } else {
        crate::exchange::doccano::read(&bytes)
    }
}

/// Opens the window.
pub fn run(
    project: Option<PathBuf>,
    document: Option<String>,
    coder: Option<Person>,
) -> Result<(), eframe::Error> {
    let mut viewport = egui::ViewportBuilder::default()
        // The app id is the window class the desktop file names (StartupWMClass).
        .with_app_id("naql")
        .with_title("Naql");
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        wgpu_options: lean_gpu_memory(),
        ..Default::default()
    };
    eframe::run_native(
        "naql",
        options,
        Box::new(move |cc| {
            let mut prefs = cc
                .storage
                .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
                .unwrap_or_default();
            // The launch's coder is known before the project opens: a big project opens on
            // that coder's own layer first.
            let remembered = coder.map(|c| prefs.coder.replace(c));
            let mut app = NaqlApp::new(prefs, project);
            if let Some(r) = remembered {
                app.remembered_coder = Some(r);
            }
            if let Some(d) = document {
                app.select_document(DocumentId::new(d));
            }
            crate::ui::setup(&cc.egui_ctx, &app.prefs);
            Ok(Box::new(app))
        }),
    )
}

/// The renderer asks the GPU driver for memory in small blocks: by default it takes 64 MB at
/// a time, and with a software driver (Mesa's lavapipe, a machine or VM without a GPU) that
/// is the process's own memory, most of it unused. Naql draws text and flat shapes; the
/// bigger blocks bought no speed it could measure (frames of a 2,000,000-quote project's
/// review mode stay under 16 ms).
fn lean_gpu_memory() -> eframe::WgpuConfiguration {
    use eframe::egui_wgpu::{WgpuSetup, WgpuSetupCreateNew};
    let mut setup = WgpuSetupCreateNew::without_display_handle();
    let device = setup.device_descriptor.clone();
    setup.device_descriptor = std::sync::Arc::new(move |adapter| eframe::wgpu::DeviceDescriptor {
        memory_hints: eframe::wgpu::MemoryHints::MemoryUsage,
        ..device(adapter)
    });
    // eframe's own configuration otherwise (its surface settings differ from egui_wgpu's).
    eframe::WgpuConfiguration {
        wgpu_setup: WgpuSetup::CreateNew(setup),
        ..eframe::NativeOptions::default().wgpu_options
    }
}
