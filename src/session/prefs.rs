//! What Naql remembers between runs, and what the window is for at the moment.

use crate::model::{DocumentId, Person};
use crate::text::{Direction, FontChoice, TextStyle};
use std::collections::HashMap;
use std::path::PathBuf;

/// What Naql remembers between runs (eframe storage holds only preferences, never project data).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub font: FontChoice,
    /// Article font size in points.
    pub size: f32,
    pub dark: bool,
    pub last_project: Option<PathBuf>,
    /// Projects opened lately, newest first.
    pub recent: Vec<PathBuf>,
    /// Per-document direction overrides, by document id.
    pub directions: HashMap<String, Direction>,
    /// Who codes on this machine; asked once.
    pub coder: Option<Person>,
    pub show_documents: bool,
    pub show_inspector: bool,
    pub show_quotes: bool,
    /// Suggested quotes are drawn on the article (Tab goes to them).
    pub show_suggestions: bool,
    /// Suggestions scoring below this are not shown (0..1).
    pub suggestion_threshold: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            font: FontChoice::Vazirmatn,
            size: 17.0,
            dark: false,
            last_project: None,
            recent: Vec::new(),
            directions: HashMap::new(),
            coder: None,
            show_documents: true,
            show_inspector: true,
            show_quotes: true,
            show_suggestions: true,
            suggestion_threshold: crate::suggest::DEFAULT_THRESHOLD,
        }
    }
}

pub const MIN_SIZE: f32 = 10.0;
pub const MAX_SIZE: f32 = 40.0;

impl Prefs {
    /// The article style for a document: the chosen font and size, and its direction if the
    /// person forced one.
    pub fn style_for(&self, doc: Option<&DocumentId>) -> TextStyle {
        TextStyle {
            font: self.font,
            size: self.size,
            direction: doc
                .and_then(|d| self.directions.get(d.as_str()).copied())
                .unwrap_or_default(),
            ..TextStyle::default()
        }
    }
}

/// What the window is for at the moment: the coder's work, or one of the editor's views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Coding,
    Review,
    Compare,
    Statistics,
}
