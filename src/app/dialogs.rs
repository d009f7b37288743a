//! Native file dialogs, behind a trait so that tests never open one (they hand the app a
//! [`Scripted`] set of answers instead).

use std::path::PathBuf;

pub trait Dialogs {
    /// A project folder to open.
    fn open_project(&self) -> Option<PathBuf>;
    /// An empty (or new) folder for a new project.
    fn new_project(&self) -> Option<PathBuf>;
    /// Article files or folders to import.
    fn articles(&self) -> Vec<PathBuf>;
    /// Where to write an export, suggesting `file_name`.
    fn export_to(&self, file_name: &str) -> Option<PathBuf>;
    /// A doccano (.jsonl) or Label Studio (.json) export to import.
    fn annotations(&self) -> Option<PathBuf>;
}

/// The platform's dialogs, through rfd.
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn open_project(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open a Naql project folder")
            .pick_folder()
    }

    fn new_project(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("An empty folder for the new project")
            .pick_folder()
    }

    fn articles(&self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Articles to import")
            .add_filter(
                "Articles",
                &[
                    "txt", "csv", "tsv", "jsonl", "ndjson", "json", "xlsx", "html", "htm",
                ],
            )
            .add_filter("Text", &["txt"])
            .add_filter("Tables", &["csv", "tsv", "jsonl", "json", "xlsx"])
            .add_filter("Web pages", &["html", "htm"])
            .pick_files()
            .unwrap_or_default()
    }

    fn export_to(&self, file_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export quotes")
            .set_file_name(file_name)
            .save_file()
    }

    fn annotations(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Annotations to import: doccano (.jsonl) or Label Studio (.json)")
            .add_filter("doccano, Label Studio", &["jsonl", "json"])
            .pick_file()
    }
}

/// Answers given in advance, for tests.
#[derive(Default)]
pub struct Scripted {
    pub open_project: Option<PathBuf>,
    pub new_project: Option<PathBuf>,
    pub articles: Vec<PathBuf>,
    pub export_to: Option<PathBuf>,
    pub annotations: Option<PathBuf>,
}

impl Dialogs for Scripted {
    fn open_project(&self) -> Option<PathBuf> {
        self.open_project.clone()
    }
    fn new_project(&self) -> Option<PathBuf> {
        self.new_project.clone()
    }
    fn articles(&self) -> Vec<PathBuf> {
        self.articles.clone()
    }
    fn export_to(&self, _file_name: &str) -> Option<PathBuf> {
        self.export_to.clone()
    }
    fn annotations(&self) -> Option<PathBuf> {
        self.annotations.clone()
    }
}
