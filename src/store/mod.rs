//! The project folder on disk:
//!
//! ```text
//! <project>/project.ron               the registries as the project was made (written once)
//! <project>/people/<person>.ron       one person's changes to the registries
//! <project>/articles/<id>.txt         article text exactly as imported, never rewritten
//! <project>/annotations/<person>.ron  one person's layer
//! ```
//!
//! Every file has one writer: a person's edits go to their own layer and their own people file
//! (see `model::registry`), so any two people's work merges in git or a synced folder.
//!
//! Loading checks everything and drops nothing; saving is atomic, writes only files whose
//! bytes changed, and never overwrites a file that changed on disk since it was read: it merges
//! with it instead (`model::merge`).

pub mod atomic;
pub mod copies;
pub mod format;
pub mod layer_parse;
pub mod layer_text;
pub mod lock;
pub mod resolve;
pub mod suggestions;

mod error;
mod files;
mod load;
mod save;
mod watch;

pub use error::StoreError;
use files::*;
pub use files::{FileKey, layer_text_reference, parse_contribution, parse_layer};
use load::*;
pub use load::{Scope, follow_merges, recheck_changed};
pub use save::{PendingWrite, WrittenFile};

use crate::model::merge::{LayerDigest, MergeReport, merge_layers};
use crate::model::registry::{Contribution, Dated, assemble, diff};
use crate::model::validate::{MANIFEST_FILE, layer_file, people_file};
use crate::model::{
    Layer, Manifest, PersonId, Problem, ProblemKind, Project, Quote, Review, quote_order,
    review_order,
};
use atomic::write_atomic;
use format::{Layout, from_ron, to_ron};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A project folder and what Naql last read from or wrote to it.
#[derive(Debug)]
pub struct ProjectDir {
    root: PathBuf,
    /// Each file as last read or written here. A save compares the disk with it and merges
    /// instead of overwriting when another writer changed the file.
    seen: HashMap<FileKey, Seen>,
    /// Fingerprint of the bytes last prepared for each file: a save skips a file whose new
    /// bytes have the same fingerprint.
    fingerprints: HashMap<FileKey, u64>,
    /// Each layer's quotes as file text, so a save re-escapes only the quotes that changed.
    quote_texts: HashMap<PersonId, Arc<Mutex<layer_text::QuoteTexts>>>,
    /// `project.ron` as read: the registries before anyone's changes.
    base: Manifest,
    /// Everyone's people files as read (and the owner's as written).
    contributions: BTreeMap<PersonId, Contribution>,
    /// The registries as last read or saved: a save records what changed since.
    registry_saved: Manifest,
    /// Whose edits are saved: their layer and their people file.
    owner: Option<PersonId>,
    /// The digest of each layer written here as last confirmed on disk: the base of a
    /// three-way merge.
    layer_bases: HashMap<PersonId, LayerDigest>,
    /// Files that could not be loaded (conflict markers, unreadable): never written over.
    unloaded: HashSet<FileKey>,
    /// What merges with changes on disk did during saves, for the window to say.
    merges: Vec<(String, MergeReport)>,
}

/// What [`ProjectDir::open`] found.
#[derive(Debug)]
pub struct Loaded {
    pub dir: ProjectDir,
    pub project: Project,
    /// Everything that is wrong but did not stop the load, orphans included.
    pub problems: Vec<Problem>,
}

impl ProjectDir {
    fn empty(root: &Path, base: Manifest) -> ProjectDir {
        ProjectDir {
            root: root.to_owned(),
            seen: HashMap::new(),
            fingerprints: HashMap::new(),
            quote_texts: HashMap::new(),
            registry_saved: base.clone(),
            base,
            contributions: BTreeMap::new(),
            owner: None,
            layer_bases: HashMap::new(),
            unloaded: HashSet::new(),
            merges: Vec::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn article_path(&self, id: &str) -> PathBuf {
        self.root.join("articles").join(format!("{id}.txt"))
    }

    /// The folder `root` without reading anything, for storing articles from another thread
    /// (see `import::add_articles`); its saves write every file they are given.
    pub fn at(root: &Path) -> ProjectDir {
        ProjectDir::empty(root, Manifest::new(""))
    }

    /// Whose edits this folder saves: from now on the registries go to `people/<owner>.ron`
    /// and `project.ron` is left as it is (but for a one-time upgrade of its format).
    pub fn set_owner(&mut self, owner: Option<PersonId>) {
        if let Some(p) = &owner {
            let key = FileKey::Layer(p.clone());
            let path = self.root.join(key.relative_path());
            // The layer as on disk (before merged speakers were followed in memory).
            // Made by the load when it asked for it (`Scope::owner`): a big coder's layer is
            // hundreds of MB, read once.
            if !self.layer_bases.contains_key(p)
                && let Ok((layer, _, _)) = files::read_layer(&path, false)
            {
                self.layer_bases.insert(p.clone(), LayerDigest::of(&layer));
            }
        }
        self.owner = owner;
    }

    pub fn owner(&self) -> Option<&PersonId> {
        self.owner.as_ref()
    }

    /// What the saves since the last call merged from disk, by file.
    pub fn take_merges(&mut self) -> Vec<(String, MergeReport)> {
        std::mem::take(&mut self.merges)
    }
}

impl ProjectDir {}

/// `.gitignore` for what is one machine's own (journals, locks, resolved copies).
pub const GITIGNORE: &str =
    "# Naql: each machine's crash journals, locks and set-aside copies\n.naql/\n";

/// Writes the files a git repository of a project wants, where they are missing.
pub fn write_git_files(root: &Path) -> Result<(), StoreError> {
    let path = root.join(".gitignore");
    if !path.exists() {
        write_atomic(&path, GITIGNORE.as_bytes()).map_err(|e| StoreError::io(&path, e))?;
    }
    Ok(())
}
