//! The window: application state, preferences, and the eframe glue. Panels live in `ui/`; they
//! read this state and draw. (Editing actions with undo arrive with the coder's workspace.)

use crate::model::DocumentId;
use crate::store::{Loaded, ProjectDir};
use crate::text::{ArticleView, Direction, FontChoice, TextKit, TextStyle};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What Naql remembers between runs (eframe storage holds only preferences, never project data).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub font: FontChoice,
    /// Article font size in points.
    pub size: f32,
    pub dark: bool,
    pub last_project: Option<PathBuf>,
    /// Per-document direction overrides, by document id.
    pub directions: HashMap<String, Direction>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            font: FontChoice::Vazirmatn,
            size: 17.0,
            dark: false,
            last_project: None,
            directions: HashMap::new(),
        }
    }
}

const PREFS_KEY: &str = "naql-prefs";
pub const MIN_SIZE: f32 = 10.0;
pub const MAX_SIZE: f32 = 40.0;

/// An open project with its open articles.
pub struct Workspace {
    pub loaded: Loaded,
    pub current: Option<DocumentId>,
    pub views: HashMap<DocumentId, ArticleView>,
}

impl Workspace {
    /// The view of the current document, made on first use.
    pub fn current_view(&mut self) -> Option<&mut ArticleView> {
        let id = self.current.clone()?;
        let text = self.loaded.project.texts.get(&id)?;
        Some(
            self.views
                .entry(id)
                .or_insert_with(|| ArticleView::new(text.clone())),
        )
    }
}

pub struct NaqlApp {
    pub prefs: Prefs,
    pub workspace: Option<Workspace>,
    /// A message for the status bar (an error opening a project, say).
    pub message: Option<String>,
    pub text: TextKit,
    pub labels: crate::ui::labels::LabelCache,
}

impl NaqlApp {
    /// The app with `prefs`, showing `project` if given, else the last project, else the sample.
    pub fn new(prefs: Prefs, project: Option<PathBuf>) -> Self {
        let mut app = Self {
            prefs,
            workspace: None,
            message: None,
            text: TextKit::default(),
            labels: Default::default(),
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
                        app.message = Some(format!("could not set up the sample project: {e}"));
                        None
                    }
                }
            });
        if let Some(path) = path {
            app.open(&path);
        }
        app
    }

    /// Opens a project; on failure the message names the file and the app keeps what it had.
    pub fn open(&mut self, path: &Path) {
        match ProjectDir::open(path) {
            Ok(loaded) => {
                self.message = (!loaded.problems.is_empty()).then(|| {
                    format!(
                        "{} problems in the project (run `naql check`)",
                        loaded.problems.len()
                    )
                });
                let current = loaded
                    .project
                    .manifest
                    .documents
                    .first()
                    .map(|d| d.id.clone());
                self.workspace = Some(Workspace {
                    loaded,
                    current,
                    views: HashMap::new(),
                });
                self.prefs.last_project = Some(path.to_owned());
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// The article style for a document.
    pub fn style_for(&self, doc: Option<&DocumentId>) -> TextStyle {
        TextStyle {
            font: self.prefs.font,
            size: self.prefs.size,
            direction: doc
                .and_then(|d| self.prefs.directions.get(d.as_str()).copied())
                .unwrap_or_default(),
            ..TextStyle::default()
        }
    }

    pub fn select_document(&mut self, id: DocumentId) {
        if let Some(ws) = &mut self.workspace {
            ws.current = Some(id);
        }
    }
}

impl eframe::App for NaqlApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::show(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// Opens the window.
pub fn run(project: Option<PathBuf>, document: Option<String>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Naql")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "naql",
        options,
        Box::new(move |cc| {
            let prefs = cc
                .storage
                .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
                .unwrap_or_default();
            let mut app = NaqlApp::new(prefs, project);
            if let Some(d) = document {
                app.select_document(DocumentId(d));
            }
            crate::ui::setup(&cc.egui_ctx, &app.prefs);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("could not open the window: {e}"))
}
