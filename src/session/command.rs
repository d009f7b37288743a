//! What a person can ask of the app from a menu, a button or a key. One enum carries each
//! command's label, tooltip and shortcut, so menus and the keyboard never disagree; panels
//! queue commands during a frame and the app runs them after it (`NaqlApp::run_commands`).

use crate::action::Action;
use crate::model::{DocumentId, QuoteId};
use egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// Defines [`UiCommand`] and [`UiCommand::ALL`] from one list, so no command can be left out
/// of `ALL` (and so go without its shortcut).
macro_rules! ui_commands {
    ($($name:ident),* $(,)?) => {
        /// The commands with a menu entry and a global shortcut.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum UiCommand {
            $($name),*
        }

        impl UiCommand {
            /// Every command, in the order of the list above.
            pub const ALL: &'static [UiCommand] = &[$(UiCommand::$name),*];
        }
    };
}

ui_commands! {
    NewProject,
    OpenProject,
    ImportArticles,
    ImportAnnotations,
    Save,
    SwitchCoder,
    ResolveConflicts,
    ExportCsv,
    ExportJsonl,
    ExportMatrix,
    MeasureAgreement,
    Undo,
    Redo,
    Find,
    Codebook,
    Speakers,
    Quit,
    ModeCoding,
    ModeReview,
    ModeCompare,
    ModeStatistics,
}

impl UiCommand {
    pub fn label(self) -> &'static str {
        match self {
            UiCommand::NewProject => "New project…",
            UiCommand::OpenProject => "Open project…",
            UiCommand::ImportArticles => "Import articles…",
            UiCommand::ImportAnnotations => "Import annotations…",
            UiCommand::Save => "Save",
            UiCommand::SwitchCoder => "Switch coder…",
            UiCommand::ResolveConflicts => "Resolve conflict copies",
            UiCommand::ExportCsv => "Export quotes as CSV…",
            UiCommand::ExportJsonl => "Export quotes as JSON Lines…",
            UiCommand::ExportMatrix => "Export reliability matrix…",
            UiCommand::MeasureAgreement => "Measure agreement",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::Find => "Find…",
            UiCommand::Codebook => "Codebook…",
            UiCommand::Speakers => "Speakers…",
            UiCommand::Quit => "Quit",
            UiCommand::ModeCoding => "Coding",
            UiCommand::ModeReview => "Review",
            UiCommand::ModeCompare => "Compare coders",
            UiCommand::ModeStatistics => "Statistics",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::NewProject => "Make an empty project in a new folder",
            UiCommand::OpenProject => "Open a project folder (it holds project.ron)",
            UiCommand::ImportArticles => {
                "Add articles: .txt files, tables with an article a row (CSV, TSV, JSON Lines, JSON, Excel) or saved web pages"
            }
            UiCommand::ImportAnnotations => {
                "Quotes made in doccano or Label Studio, as your quotes: you map their labels to kinds and topics first"
            }
            UiCommand::Save => "Write the changed files now (Naql also saves by itself)",
            UiCommand::ResolveConflicts => {
                "Merge the conflict copies a sync tool left and files with git conflict markers, keeping every quote (as `naql resolve`)"
            }
            UiCommand::SwitchCoder => {
                "Save, then code as another person (a shared computer): their quotes go to their own file"
            }
            UiCommand::ExportCsv => "One row per quote, for spreadsheets (with a BOM for Excel)",
            UiCommand::ExportJsonl => "One JSON object per quote",
            UiCommand::ExportMatrix => {
                "Units × coders for each variable (tagged, speaker, kind, topics), as CSV for R or Python"
            }
            UiCommand::MeasureAgreement => {
                "Krippendorff's alpha (and Cohen's kappa for two coders) over every document, in the background"
            }
            UiCommand::Undo => "Take back the last edit",
            UiCommand::Redo => "Do again what was undone",
            UiCommand::Find => {
                "Search this article or the whole project; ی/ي, ک/ك, ZWNJ and digits match their variants"
            }
            UiCommand::Codebook => "Topics: add, rename, recolour, nest, reorder, shortcuts",
            UiCommand::Speakers => "The speaker registry: names, aliases, merging",
            UiCommand::Quit => "Close Naql (asks first if something is not saved)",
            UiCommand::ModeCoding => "Tag quotes, speakers and topics in the articles",
            UiCommand::ModeReview => {
                "Every quote of the project in one table: filter, read in context, accept or reject (J/K move, A/R/N decide)"
            }
            UiCommand::ModeCompare => {
                "One article as several coders tagged it, side by side; agreement; take a version into the curated layer"
            }
            UiCommand::ModeStatistics => {
                "Charts: quotes per speaker, topics per speaker, over time"
            }
        }
    }

    /// The main shortcut, as menus show it and the keyboard triggers it.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |k| Some(KeyboardShortcut::new(Modifiers::COMMAND, k));
        match self {
            UiCommand::NewProject => cmd(Key::N),
            UiCommand::OpenProject => cmd(Key::O),
            UiCommand::ImportArticles => cmd(Key::I),
            UiCommand::Save => cmd(Key::S),
            UiCommand::Undo => cmd(Key::Z),
            UiCommand::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )),
            UiCommand::Find => cmd(Key::F),
            UiCommand::Quit => cmd(Key::Q),
            UiCommand::ModeCoding => cmd(Key::Num1),
            UiCommand::ModeReview => cmd(Key::Num2),
            UiCommand::ModeCompare => cmd(Key::Num3),
            UiCommand::ModeStatistics => cmd(Key::Num4),
            _ => None,
        }
    }

    /// Other keys that do the same (Ctrl+Y is redo on Windows and in many editors).
    fn alternative(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)),
            _ => None,
        }
    }

    /// The commands whose shortcut was pressed this frame (the keys are consumed). Shift+Ctrl+Z
    /// is tested before Ctrl+Z, which would otherwise take it.
    pub fn pressed(ctx: &egui::Context, leave: &[UiCommand]) -> Vec<UiCommand> {
        let mut order = Self::ALL.to_vec();
        // Keys another widget takes this frame (a text field's own undo) are left to it.
        order.retain(|c| !leave.contains(c));
        order.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| s.modifiers.shift as u8))
        });
        ctx.input_mut(|i| {
            order
                .into_iter()
                .filter(|c| {
                    let main = c.shortcut().is_some_and(|s| i.consume_shortcut(&s));
                    let alt = c.alternative().is_some_and(|s| i.consume_shortcut(&s));
                    main || alt
                })
                .collect()
        })
    }

    /// A menu entry for this command; queues it when clicked.
    pub fn menu_button(self, ui: &mut egui::Ui, enabled: bool, queue: &mut Vec<Command>) {
        let mut button = egui::Button::new(self.label());
        if let Some(s) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        let r = ui
            .add_enabled(enabled, button)
            .on_hover_text(self.tooltip());
        if r.clicked() {
            queue.push(Command::Ui(self));
            ui.close();
        }
    }
}

/// Everything queued during a frame and run after it.
// A handful of commands a frame: the size of the edit variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Command {
    Ui(UiCommand),
    /// An edit of the project, with its undo label and burst key (see `action::History`).
    Edit {
        action: Action,
        label: String,
        burst: Option<String>,
    },
    OpenProject(PathBuf),
    SelectDocument(DocumentId),
    /// Selects a quote (or none) and shows it: its document, scrolled to it.
    SelectQuote(Option<QuoteId>),
    /// Shows and selects a range of a document (a search hit).
    ShowRange(DocumentId, std::ops::Range<usize>),
    /// Gives the keyboard to the speaker picker.
    FocusSpeaker,
    /// Gives the keyboard to the selected quote's note.
    FocusNote,
    /// Import the annotations the label window holds, with its `LABEL=TARGET` mapping.
    ImportAnnotations(Vec<String>),
    /// Import these files with this column mapping (the answer of the mapping window).
    StartImport(Vec<std::path::PathBuf>, crate::import::Columns),
    /// The coder turned a suggestion down (with its cue's words): remembered for its document.
    RejectSuggestion(crate::suggest::Suggestion, Option<String>),
    /// Who codes from now on (the first-run prompt's answer).
    SetCoder(crate::model::Person),
    Recover,
    DiscardRecovery,
    /// The answer to "save before closing?": save and close, or close without saving.
    CloseSaving(bool),
    /// Paths typed in the window where no file dialog could be shown.
    PathsGiven(PathFor, Vec<PathBuf>),
    /// Empties the list of notices.
    ClearNotices,
}

/// What a file dialog (or the path field standing in for one) is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathFor {
    OpenProject,
    NewProject,
    Articles,
    Annotations,
    ExportCsv,
    ExportJsonl,
    ExportMatrix,
}

impl PathFor {
    /// What the path field asks for.
    pub fn question(self) -> &'static str {
        match self {
            PathFor::OpenProject => "The project folder to open",
            PathFor::NewProject => "An empty (or new) folder for the new project",
            PathFor::Articles => {
                "Articles to import: files or folders (.txt, .csv, .tsv, .jsonl, .json, .xlsx, \
                 .html), one a line"
            }
            PathFor::Annotations => "A doccano (.jsonl) or Label Studio (.json) export",
            PathFor::ExportCsv | PathFor::ExportJsonl | PathFor::ExportMatrix => {
                "The file to write"
            }
        }
    }

    /// The file name an export suggests.
    pub fn suggested_name(self) -> &'static str {
        match self {
            PathFor::ExportJsonl => "quotes.jsonl",
            PathFor::ExportMatrix => "reliability-matrix.csv",
            _ => "quotes.csv",
        }
    }

    /// Whether the field takes several paths (one a line).
    pub fn many(self) -> bool {
        self == PathFor::Articles
    }
}

impl Command {
    pub fn edit(action: Action, label: &str) -> Self {
        Command::Edit {
            action,
            label: label.to_owned(),
            burst: None,
        }
    }
}
