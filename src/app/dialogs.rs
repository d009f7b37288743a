//! Native file dialogs, behind a trait so that tests never open one (they hand the app a
//! [`Scripted`] set of answers instead).

use std::path::PathBuf;

pub trait Dialogs {
    /// Why no file dialog can be shown here, if none can: the window then asks for a path in a
    /// field of its own.
    fn unavailable(&self) -> Option<String>;
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
    fn unavailable(&self) -> Option<String> {
        missing_dialog_service()
    }

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

/// On Linux, rfd shows its dialogs through the desktop portal (xdg-desktop-portal, over
/// D-Bus) and falls back to zenity; with neither it shows nothing and answers as if the person
/// had cancelled. So look first: zenity on the PATH, or a session bus and a portal service
/// with a file chooser among its backends.
#[cfg(target_os = "linux")]
fn missing_dialog_service() -> Option<String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|d| d.join("zenity").is_file()) {
        return None;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists());
    let data_dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    let dirs: Vec<PathBuf> = std::env::split_paths(&data_dirs).collect();
    let service = dirs.iter().any(|d| {
        d.join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .is_file()
    });
    let chooser = dirs.iter().any(|d| {
        std::fs::read_dir(d.join("xdg-desktop-portal/portals"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                std::fs::read_to_string(e.path())
                    .is_ok_and(|t| t.contains("org.freedesktop.impl.portal.FileChooser"))
            })
    });
    if bus && service && chooser {
        return None;
    }
    Some(
        "No file dialog can be shown on this system: it needs xdg-desktop-portal with a \
         backend (such as xdg-desktop-portal-gtk) or zenity. Type the path here instead."
            .into(),
    )
}

#[cfg(not(target_os = "linux"))]
fn missing_dialog_service() -> Option<String> {
    None
}

/// Answers given in advance, for tests.
#[derive(Default)]
pub struct Scripted {
    /// Act as a system without file dialogs, with this reason.
    pub unavailable: Option<String>,
    pub open_project: Option<PathBuf>,
    pub new_project: Option<PathBuf>,
    pub articles: Vec<PathBuf>,
    pub export_to: Option<PathBuf>,
    pub annotations: Option<PathBuf>,
}

impl Dialogs for Scripted {
    fn unavailable(&self) -> Option<String> {
        self.unavailable.clone()
    }
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
