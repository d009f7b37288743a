//! The open session, below the window: the open project and the one path every edit takes
//! ([`Workspace`]), the commands panels queue ([`Command`]), what the tagging keys do, the jobs
//! that run off the UI thread, the autosave's writer, and the preferences. The window (`app`)
//! and the panels (`ui`) both stand on this; it knows neither, so they no longer import each
//! other in a circle.

pub mod command;
pub mod jobs;
pub mod notices;
pub mod prefs;
pub mod quote_index;
pub mod saver;
pub mod suggestions;
pub mod tagging;
pub mod task;
pub mod workspace;

pub use command::{Command, PathFor, UiCommand};
pub use prefs::{MAX_SIZE, MIN_SIZE, Mode, Prefs};
pub use workspace::Workspace;
