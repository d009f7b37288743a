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

use crate::model::merge::{MergeReport, merge_layers};
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
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{}: written by a newer Naql (file format {found}; this Naql reads formats up to {supported}). Update Naql to open it; the file was not changed.",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{}: changed on disk while Naql was writing it (another window, a synced folder or a pull); not overwritten, the next save merges it",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
}

impl StoreError {
    fn io(path: &Path, source: io::Error) -> Self {
        StoreError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// One file Naql writes besides the articles.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKey {
    /// The shared registries. Saved by a person (see [`ProjectDir::set_owner`]) they go to
    /// that person's people file; saved by nobody in particular (creating a project, the
    /// command line without `--coder`), to `project.ron`.
    Manifest,
    Layer(PersonId),
    /// A person's changes to the registries, `people/<id>.ron`.
    People(PersonId),
}

impl FileKey {
    pub fn relative_path(&self) -> String {
        match self {
            FileKey::Manifest => MANIFEST_FILE.to_owned(),
            FileKey::Layer(p) => layer_file(p.as_str()),
            FileKey::People(p) => people_file(p.as_str()),
        }
    }
}

/// What Naql last saw of a file on disk: enough to notice that someone else changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen {
    print: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Seen {
    fn of(path: &Path, bytes: &[u8]) -> Seen {
        let meta = fs::metadata(path).ok();
        Seen {
            print: fingerprint(bytes),
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

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
    /// The buffer layer files are written into, kept between saves.
    scratch: String,
    /// Each layer's quotes as file text, so a save re-escapes only the quotes that changed.
    quote_texts: HashMap<PersonId, layer_text::QuoteTexts>,
    /// `project.ron` as read: the registries before anyone's changes.
    base: Manifest,
    /// Everyone's people files as read (and the owner's as written).
    contributions: BTreeMap<PersonId, Contribution>,
    /// The registries as last read or saved: a save records what changed since.
    registry_saved: Manifest,
    /// Whose edits are saved: their layer and their people file.
    owner: Option<PersonId>,
    /// The text of each layer written here as last confirmed on disk: the base of a three-way
    /// merge. Kept as text and parsed only when a merge needs it (rarely), so an autosave
    /// copies no layer on the UI thread.
    layer_bases: HashMap<PersonId, String>,
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

/// A 64-bit fingerprint of a file's bytes, in four lanes of eight bytes so the CPU works on
/// them in parallel. Each lane's step is a bijection of its state, so a change within one
/// 8-byte word always changes that lane; lanes and length are mixed at the end. Several times
/// faster than SipHash, which matters on a 6 MB layer saved after each edit.
fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, word(w));
        }
    }
    let mut h = bytes.len() as u64;
    for w in blocks.remainder().chunks(8) {
        h = mix(h, word(w));
    }
    lanes.into_iter().fold(h, mix)
}

fn utf8_of(path: &Path, bytes: Vec<u8>) -> Result<String, StoreError> {
    // simdutf8 checks a whole project's 175 MB several times faster than std, and copying the
    // checked text costs less than std checking it again (unsafe code, which could skip the
    // copy, is forbidden here); std runs only on failure, to say where the bad byte is.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        StoreError::Invalid {
            path: path.to_owned(),
            message: format!("line {line}: not valid UTF-8 at byte {at}"),
        }
    })
}

fn read_utf8(path: &Path) -> Result<String, StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, e))?;
    utf8_of(path, bytes)
}

/// A file with git conflict markers is not parsed: the message says what happened and what
/// to do, instead of a syntax error at the marker.
fn refuse_markers(path: &Path, text: &str) -> Result<(), StoreError> {
    match copies::conflict_marker_line(text) {
        Some(line) => Err(StoreError::Invalid {
            path: path.to_owned(),
            message: format!(
                "line {line}: git conflict markers (<<<<<<< … >>>>>>>): a merge stopped half-way in this file. Run `naql resolve` on the project to merge both sides keeping every entry, or finish the merge in git"
            ),
        }),
        None => Ok(()),
    }
}

/// Reads a layer file: the fast canonical reader, else ron with its error positions.
pub fn parse_layer(path: &Path, text: &str) -> Result<Layer, StoreError> {
    refuse_markers(path, text)?;
    match layer_parse::parse_canonical(text) {
        Some(layer) => Ok(layer),
        None => from_ron::<Layer>(path, text),
    }
}

/// Reads a people file.
pub fn parse_contribution(path: &Path, text: &str) -> Result<Contribution, StoreError> {
    refuse_markers(path, text)?;
    from_ron::<Contribution>(path, text)
}

/// How a layer is written: quotes and reviews in canonical order, whatever their order in
/// memory, so the same content always gives the same bytes. Field names match [`Layer`].
#[derive(Serialize)]
struct LayerOut<'a> {
    format_version: u32,
    person: &'a PersonId,
    quotes: Vec<&'a Quote>,
    reviews: Vec<&'a Review>,
}

/// A layer's file text through ron's generic serializer: the definition of the format, which
/// [`layer_text::layer_text`] reproduces faster. Tests compare the two.
pub fn layer_text_reference(layer: &Layer) -> Result<String, ron::Error> {
    let mut quotes: Vec<&Quote> = layer.quotes.iter().collect();
    quotes.sort_by(|a, b| quote_order(a, b));
    let mut reviews: Vec<&Review> = layer.reviews.iter().collect();
    reviews.sort_by(|a, b| review_order(a, b));
    to_ron(
        &LayerOut {
            format_version: format::CURRENT,
            person: &layer.person,
            quotes,
            reviews,
        },
        Layout::Layer,
    )
}

fn manifest_bytes(manifest: &Manifest) -> Result<String, ron::Error> {
    if manifest.format_version == format::CURRENT {
        to_ron(manifest, Layout::Manifest)
    } else {
        // A migrated manifest is written in the current format.
        to_ron(
            &Manifest {
                format_version: format::CURRENT,
                ..manifest.clone()
            },
            Layout::Manifest,
        )
    }
}

fn contribution_bytes(c: &Contribution) -> Result<String, ron::Error> {
    to_ron(
        &Contribution {
            format_version: format::CURRENT,
            person: c.person.clone(),
            changes: c.changes.clone(),
        },
        Layout::People,
    )
}

/// Re-checks the anchors of the quotes of `layer` that are new or changed against the layer
/// `person` has in `project` now (the rest were checked when they came), and forgets the
/// orphan flags of quotes that left it.
fn recheck_changed(project: &mut Project, person: &PersonId, layer: &Layer) {
    let old: HashMap<&crate::model::QuoteId, &Quote> = project
        .layers
        .get(person)
        .map(|l| l.quotes.iter().map(|q| (&q.id, q)).collect())
        .unwrap_or_default();
    let changed: Vec<&Quote> = layer
        .quotes
        .iter()
        .filter(|q| old.get(&q.id) != Some(q))
        .collect();
    let kept: HashSet<&crate::model::QuoteId> = layer.quotes.iter().map(|q| &q.id).collect();
    let gone: Vec<crate::model::QuoteId> = old
        .keys()
        .filter(|id| !kept.contains(*id))
        .map(|id| (*id).clone())
        .collect();
    for id in gone {
        project.orphans.remove(&id);
    }
    for q in changed {
        project.recheck_quote(q);
    }
}

/// Quotes that name a merged speaker are read as naming the speaker it went into: the merge
/// is recorded by whoever made it, and the other coders' layers stay theirs to write.
pub fn follow_merges(project: &mut Project) {
    if project.manifest.merged.is_empty() {
        return;
    }
    let merged = project.manifest.merged.clone();
    for layer in project.layers.values_mut() {
        for q in &mut layer.quotes {
            if let Some(s) = &q.speaker
                && merged.contains_key(s)
            {
                q.speaker = Some(crate::model::registry::resolve(&merged, s).clone());
            }
        }
    }
}

impl ProjectDir {
    fn empty(root: &Path, base: Manifest) -> ProjectDir {
        ProjectDir {
            root: root.to_owned(),
            seen: HashMap::new(),
            fingerprints: HashMap::new(),
            scratch: String::new(),
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
            if let Ok(text) = read_utf8(&path) {
                self.layer_bases.insert(p.clone(), text);
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

    /// Makes a new project in `root`, which must not exist or be an empty folder. It is made
    /// ready for git: journals and locks stay out of commits.
    pub fn create(root: &Path, manifest: Manifest) -> Result<(ProjectDir, Project), StoreError> {
        if root.exists() {
            let mut entries = fs::read_dir(root).map_err(|e| StoreError::io(root, e))?;
            if entries.next().is_some() {
                return Err(StoreError::Invalid {
                    path: root.to_owned(),
                    message: "the folder is not empty; a new project needs an empty folder".into(),
                });
            }
        }
        for sub in ["articles", "annotations", "people"] {
            let p = root.join(sub);
            fs::create_dir_all(&p).map_err(|e| StoreError::io(&p, e))?;
        }
        write_git_files(root)?;
        let mut dir = ProjectDir::empty(root, manifest.clone());
        let mut project = Project::new(manifest);
        dir.save(&mut project, &[FileKey::Manifest])?;
        Ok((dir, project))
    }

    /// Loads and validates the project in `root`. Fails only when a file cannot be read or
    /// parsed; everything else is reported in [`Loaded::problems`] and nothing is dropped.
    pub fn open(root: &Path) -> Result<Loaded, StoreError> {
        Self::open_with(root, false)
    }

    /// [`ProjectDir::open`], and with `verify_hashes` every text's SHA-256 is checked too.
    pub fn open_with(root: &Path, verify_hashes: bool) -> Result<Loaded, StoreError> {
        let manifest_path = root.join(MANIFEST_FILE);
        if !manifest_path.exists() {
            return Err(StoreError::Invalid {
                path: root.to_owned(),
                message: format!("not a Naql project: there is no {MANIFEST_FILE} in it"),
            });
        }
        let manifest_text = read_utf8(&manifest_path)?;
        refuse_markers(&manifest_path, &manifest_text)?;
        let base: Manifest = from_ron(&manifest_path, &manifest_text)?;
        let mut dir = ProjectDir::empty(root, base);
        dir.saw(
            FileKey::Manifest,
            Seen::of(&manifest_path, manifest_text.as_bytes()),
        );
        let mut problems = Vec::new();

        // The registries: the base and everyone's changes.
        let people = owned_files(root, "people", &mut problems)?;
        for r in read_each(&people, parse_contribution) {
            match r {
                Ok((person, c, seen)) => {
                    if c.person != person {
                        problems.push(Problem {
                            file: people_file(person.as_str()),
                            message: format!(
                                "holds {:?}'s changes, but its name says {:?}: not loaded (a copy?)",
                                c.person.0, person.0
                            ),
                            kind: ProblemKind::Conflict,
                        });
                        dir.unloaded.insert(FileKey::People(person));
                        continue;
                    }
                    dir.saw(FileKey::People(person.clone()), seen);
                    dir.contributions.insert(person, c);
                }
                Err(e) => {
                    let person = people_error_owner(&e, &people);
                    problems.push(load_problem(e, root));
                    if let Some(p) = person {
                        dir.unloaded.insert(FileKey::People(p));
                    }
                }
            }
        }
        let manifest = assemble(&dir.base, &dir.contributions);
        dir.registry_saved = manifest.clone();

        let texts = crate::parallel::map(&manifest.documents, |d| {
            (d.id.clone(), read_utf8(&dir.article_path(d.id.as_str())))
        });
        let mut project = Project::new(manifest);
        for (id, text) in texts {
            match text {
                Ok(t) => {
                    // An article is never rewritten by Naql; markers in one came from a merge
                    // of two different texts under one id.
                    if (t.starts_with("<<<<<<< ")
                        || memchr::memmem::find(t.as_bytes(), b"\n<<<<<<< ").is_some())
                        && let Some(line) = copies::conflict_marker_line(&t)
                    {
                        problems.push(Problem {
                            file: format!("articles/{id}.txt"),
                            message: format!(
                                "line {line}: git conflict markers: two different texts met under one document id; keep the one the project's quotes were made on (its SHA-256 is in the registry)"
                            ),
                            kind: ProblemKind::Conflict,
                        });
                    }
                    project.texts.insert(id, t);
                }
                Err(e) => problems.push(Problem {
                    file: format!("articles/{id}.txt"),
                    message: match e {
                        StoreError::Io { source, .. } => source.to_string(),
                        other => other.to_string(),
                    },
                    kind: ProblemKind::Invalid,
                }),
            }
        }

        let layer_paths = owned_files(root, "annotations", &mut problems)?;
        for loaded in read_each(&layer_paths, parse_layer) {
            let (person, layer, seen) = match loaded {
                Ok(l) => l,
                // Conflict markers in one person's layer: the rest of the project still opens,
                // and that file is never written over until it is resolved.
                Err(e @ StoreError::Invalid { .. }) if is_marker_error(&e) => {
                    if let Some(p) = people_error_owner(&e, &layer_paths) {
                        dir.unloaded.insert(FileKey::Layer(p));
                    }
                    problems.push(load_problem(e, root));
                    continue;
                }
                Err(e) => return Err(e),
            };
            if layer.person != person {
                // The content names another person: a copy of their layer under another
                // name is never loaded as a layer of its own.
                if layer_paths.iter().any(|(p, _)| p == &layer.person) {
                    problems.push(Problem {
                        file: layer_file(person.as_str()),
                        message: format!(
                            "holds {:?}'s layer: a copy of {}, not loaded; File > Resolve conflict copies (or `naql resolve`) merges it in",
                            layer.person.0,
                            layer_file(layer.person.as_str())
                        ),
                        kind: ProblemKind::Conflict,
                    });
                    dir.unloaded.insert(FileKey::Layer(person));
                    continue;
                }
                problems.push(Problem {
                    file: layer_file(person.as_str()),
                    message: format!(
                        "the layer says it belongs to {:?}, but its file name says {:?}",
                        layer.person.0, person.0
                    ),
                    kind: ProblemKind::Invalid,
                });
            }
            dir.saw(FileKey::Layer(person.clone()), seen);
            project.layers.insert(person, layer);
        }
        follow_merges(&mut project);

        problems.extend(stray_files(root, &project));
        problems.extend(project.revalidate(verify_hashes));
        Ok(Loaded {
            dir,
            project,
            problems,
        })
    }

    /// Writes the given files if their content changed since they were last read or written,
    /// merging with any that changed on disk meanwhile. Returns the files written, relative to
    /// the project folder.
    pub fn save(
        &mut self,
        project: &mut Project,
        keys: &[FileKey],
    ) -> Result<Vec<String>, StoreError> {
        let pending = self.prepare(project, keys)?;
        let mut written = Vec::with_capacity(pending.len());
        for (i, p) in pending.iter().enumerate() {
            match p.write() {
                Ok(done) => {
                    written.push(done.rel.clone());
                    self.confirm(done);
                }
                Err(e) => {
                    for not_written in &pending[i..] {
                        self.write_failed(&not_written.key);
                    }
                    return Err(e);
                }
            }
        }
        Ok(written)
    }

    /// A file as read from disk now: what later saves compare the disk with, and what a save
    /// of the same bytes skips.
    fn saw(&mut self, key: FileKey, seen: Seen) {
        self.fingerprints.insert(key.clone(), seen.print);
        self.seen.insert(key, seen);
    }

    /// The file a key is saved to now: the registries go to the owner's people file.
    fn target(&self, key: &FileKey) -> FileKey {
        match (key, &self.owner) {
            (FileKey::Manifest, Some(owner)) => FileKey::People(owner.clone()),
            _ => key.clone(),
        }
    }

    /// Whether the file behind `key` changed on disk since it was last read or written here;
    /// if so, its bytes. Reads the file only when its size or time changed.
    fn changed_on_disk(&mut self, key: &FileKey) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.root.join(key.relative_path());
        let seen = self.seen.get(key).copied();
        // Nothing there, or nothing that can be read: nothing to merge (a write there fails
        // with its own message).
        let Ok(meta) = fs::metadata(&path) else {
            return Ok(None);
        };
        if let Some(s) = seen
            && s.len == meta.len()
            && s.modified.is_some()
            && s.modified == meta.modified().ok()
        {
            return Ok(None);
        }
        let bytes = fs::read(&path).map_err(|e| StoreError::io(&path, e))?;
        if seen.is_some_and(|s| s.print == fingerprint(&bytes)) {
            self.seen.insert(key.clone(), Seen::of(&path, &bytes));
            return Ok(None);
        }
        Ok(Some(bytes))
    }

    /// The files among `keys` whose bytes changed since they were last read or written, ready
    /// to be written (on another thread, say). A file that someone else changed on disk is
    /// merged into `project` first. Call [`ProjectDir::confirm`] for each write that reached
    /// the disk and [`ProjectDir::write_failed`] for any that did not.
    pub fn prepare(
        &mut self,
        project: &mut Project,
        keys: &[FileKey],
    ) -> Result<Vec<PendingWrite>, StoreError> {
        let mut targets: Vec<FileKey> = keys.iter().map(|k| self.target(k)).collect();
        // A project in an older format is upgraded once, by whoever saves first: everyone
        // writes the same bytes, so two clones that both upgrade merge without conflict.
        if self.owner.is_some()
            && self.base.format_version < format::CURRENT
            && !targets.contains(&FileKey::Manifest)
        {
            targets.push(FileKey::Manifest);
        }
        targets.sort();
        targets.dedup();
        let mut out = Vec::new();
        for key in targets {
            let rel = key.relative_path();
            let path = self.root.join(&rel);
            if self.unloaded.contains(&key) {
                return Err(StoreError::Invalid {
                    path,
                    message: "was not loaded (see the project's problems); Naql does not write over it until it is resolved".into(),
                });
            }
            let on_disk = self.changed_on_disk(&key)?;
            // What the write must find on disk: what is there now (merged with below), else
            // what was last seen there.
            let expect = match &on_disk {
                Some(bytes) => Some(fingerprint(bytes)),
                None => self.seen.get(&key).map(|s| s.print),
            };
            let disk_changed = on_disk.is_some();
            match &key {
                FileKey::Manifest => {
                    if on_disk.is_some() {
                        return Err(StoreError::ChangedOnDisk { path });
                    }
                    let manifest = if self.owner.is_some() {
                        // Only the format upgrade: the base stays what it was.
                        &self.base
                    } else {
                        &project.manifest
                    };
                    self.scratch = manifest_bytes(manifest).map_err(|e| StoreError::Invalid {
                        path: path.clone(),
                        message: format!("could not be written: {e}"),
                    })?;
                    if self.owner.is_none() {
                        self.base = project.manifest.clone();
                        self.registry_saved = project.manifest.clone();
                    }
                    self.base.format_version = format::CURRENT;
                }
                FileKey::People(person) => {
                    if let Some(theirs) = on_disk {
                        // Another window of this person saved: keep both windows' changes.
                        let text = utf8_of(&path, theirs)?;
                        let theirs = parse_contribution(&path, &text)?;
                        let mine = self
                            .contributions
                            .entry(person.clone())
                            .or_insert_with(|| Contribution::new(person.clone()));
                        let taken = mine.absorb(&theirs);
                        self.merges.push((
                            rel.clone(),
                            MergeReport {
                                taken,
                                ..MergeReport::default()
                            },
                        ));
                    }
                    self.record_registry_changes(person, project);
                    let c = &self.contributions[person];
                    self.scratch = contribution_bytes(c).map_err(|e| StoreError::Invalid {
                        path: path.clone(),
                        message: format!("could not be written: {e}"),
                    })?;
                }
                FileKey::Layer(p) => {
                    if let Some(theirs) = on_disk {
                        let text = utf8_of(&path, theirs)?;
                        let theirs = parse_layer(&path, &text)?;
                        let ours = project
                            .layers
                            .get(p)
                            .cloned()
                            .unwrap_or_else(|| Layer::new(p.clone()));
                        let (merged, report) =
                            merge_layers(self.base_of(p).as_ref(), &ours, &theirs);
                        recheck_changed(project, p, &merged);
                        project.layers.insert(p.clone(), merged);
                        follow_merges(project);
                        self.merges.push((rel.clone(), report));
                        self.layer_bases.insert(p.clone(), text);
                    }
                    match project.layers.get(p) {
                        Some(layer) => layer_text::write_layer_cached(
                            layer,
                            &mut self.scratch,
                            self.quote_texts.entry(p.clone()).or_default(),
                        ),
                        None => continue,
                    }
                }
            }
            let bytes = &self.scratch;
            let print = fingerprint(bytes.as_bytes());
            if self.fingerprints.get(&key) == Some(&print) && path.exists() && !disk_changed {
                continue;
            }
            self.fingerprints.insert(key.clone(), print);
            out.push(PendingWrite {
                key: key.clone(),
                rel,
                path,
                bytes: bytes.as_bytes().to_vec(),
                expect,
            });
        }
        Ok(out)
    }

    /// Appends what changed in the registries since the last save to `person`'s changes.
    fn record_registry_changes(&mut self, person: &PersonId, project: &mut Project) {
        let changes = diff(&self.registry_saved, &project.manifest);
        let now = jiff::Timestamp::now();
        let mine = self
            .contributions
            .entry(person.clone())
            .or_insert_with(|| Contribution::new(person.clone()));
        let mut at = now;
        if let Some(last) = mine.changes.last() {
            // Changes keep their order in time even if the clock went back.
            at = at.max(last.at);
        }
        mine.changes
            .extend(changes.into_iter().map(|change| Dated { at, change }));
        // Others' changes (absorbed from disk or read at open) and these, in their one order.
        let assembled = assemble(&self.base, &self.contributions);
        if assembled != project.manifest {
            project.manifest = assembled;
            follow_merges(project);
        }
        self.registry_saved = project.manifest.clone();
    }

    /// The layer and people files (and `project.ron`) that changed on disk since they were
    /// last read or written here, new ones included: what a pull or a synced folder brought.
    /// Only looks at sizes and times (and reads a file only when those changed).
    pub fn changed_files(&mut self) -> Vec<FileKey> {
        let mut keys = vec![FileKey::Manifest];
        let mut ignore = Vec::new();
        for (sub, make) in [
            ("annotations", FileKey::Layer as fn(PersonId) -> FileKey),
            ("people", FileKey::People as fn(PersonId) -> FileKey),
        ] {
            if let Ok(files) = owned_files(&self.root, sub, &mut ignore) {
                keys.extend(files.into_iter().map(|(p, _)| make(p)));
            }
        }
        keys.retain(|k| !self.unloaded.contains(k));
        keys.into_iter()
            .filter(|k| matches!(self.changed_on_disk(k), Ok(Some(_))))
            .collect()
    }

    /// Reads the files among `keys` again into `project`, keeping what is unsaved in memory:
    /// another person's layer is replaced, the owner's own layer (a second window's save) is
    /// merged three ways, and the registries are put together again with the unsaved registry
    /// edits on top. Returns what was merged, and whether the owner's files now differ from
    /// the disk (to be saved).
    pub fn reload(
        &mut self,
        project: &mut Project,
        keys: &[FileKey],
    ) -> Result<(Vec<(String, MergeReport)>, bool), StoreError> {
        let mut reports = Vec::new();
        let mut unsaved = false;
        let mut registry = false;
        for key in keys {
            let rel = key.relative_path();
            let path = self.root.join(&rel);
            let text = match read_utf8(&path) {
                Ok(t) => t,
                // Gone (a pull that renamed it, a sync in progress): keep what is in memory.
                Err(StoreError::Io { .. }) => continue,
                Err(e) => return Err(e),
            };
            let seen = Seen::of(&path, text.as_bytes());
            match key {
                FileKey::Manifest => {
                    refuse_markers(&path, &text)?;
                    self.base = from_ron(&path, &text)?;
                    registry = true;
                }
                FileKey::People(p) => {
                    let theirs = parse_contribution(&path, &text)?;
                    if self.owner.as_ref() == Some(p) {
                        let mine = self
                            .contributions
                            .entry(p.clone())
                            .or_insert_with(|| Contribution::new(p.clone()));
                        if mine.absorb(&theirs) > 0 || mine.changes.len() > theirs.changes.len() {
                            unsaved = true;
                        }
                    } else {
                        self.contributions.insert(p.clone(), theirs);
                    }
                    registry = true;
                }
                FileKey::Layer(p) => {
                    let theirs = parse_layer(&path, &text)?;
                    let merged = if self.owner.as_ref() == Some(p) {
                        let ours = project
                            .layers
                            .get(p)
                            .cloned()
                            .unwrap_or_else(|| Layer::new(p.clone()));
                        let (merged, report) =
                            merge_layers(self.base_of(p).as_ref(), &ours, &theirs);
                        if merged != theirs {
                            unsaved = true;
                        }
                        reports.push((rel.clone(), report));
                        self.layer_bases.insert(p.clone(), text.clone());
                        merged
                    } else {
                        reports.push((rel.clone(), MergeReport::default()));
                        theirs
                    };
                    recheck_changed(project, p, &merged);
                    project.layers.insert(p.clone(), merged);
                }
            }
            self.saw(key.clone(), seen);
        }
        if registry {
            // Unsaved registry edits stay on top of what arrived.
            let local = diff(&self.registry_saved, &project.manifest);
            let assembled = assemble(&self.base, &self.contributions);
            let mut manifest = assembled.clone();
            for change in &local {
                crate::model::registry::apply(&mut manifest, change);
            }
            self.registry_saved = assembled;
            project.manifest = manifest;
            // Documents that arrived with the registries bring their texts.
            let missing: Vec<_> = project
                .manifest
                .documents
                .iter()
                .filter(|d| !project.texts.contains_key(&d.id))
                .map(|d| d.id.clone())
                .collect();
            for id in missing {
                if let Ok(t) = read_utf8(&self.article_path(id.as_str())) {
                    project.texts.insert(id, t);
                }
            }
        }
        follow_merges(project);
        Ok((reports, unsaved))
    }

    /// A prepared write reached the disk: it is what this folder last saw there.
    pub fn confirm(&mut self, written: WrittenFile) {
        self.seen.insert(written.key.clone(), written.seen);
        if let (FileKey::Layer(p), Some(text)) = (&written.key, written.text)
            && (self.owner.as_ref() == Some(p) || self.layer_bases.contains_key(p))
        {
            self.layer_bases.insert(p.clone(), text);
        }
    }

    /// The layer of `person` as last confirmed on disk, for a three-way merge.
    fn base_of(&self, person: &PersonId) -> Option<Layer> {
        let text = self.layer_bases.get(person)?;
        parse_layer(Path::new(&layer_file(person.as_str())), text).ok()
    }

    /// A prepared write did not reach the disk: the next save writes that file again (and
    /// merges it with the disk, if someone else wrote it meanwhile).
    pub fn write_failed(&mut self, key: &FileKey) {
        self.fingerprints.remove(key);
    }

    /// Forgets what was last written, so that the next save writes every file: for measuring
    /// a full save.
    pub fn forget_saved(&mut self) {
        self.fingerprints.clear();
    }

    /// Saves the registries and every layer, writing only those that changed.
    pub fn save_all(&mut self, project: &mut Project) -> Result<Vec<String>, StoreError> {
        let mut keys = vec![FileKey::Manifest];
        keys.extend(project.layers.keys().cloned().map(FileKey::Layer));
        self.save(project, &keys)
    }

    /// Stores a newly imported article. Articles are written once and never rewritten: spans
    /// refer to these exact chars.
    pub fn write_article(&self, id: &str, text: &str) -> Result<(), StoreError> {
        let path = self.article_path(id);
        if path.exists() {
            return Err(StoreError::Invalid {
                path,
                message: "an article with this id is already stored".into(),
            });
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        write_atomic(&path, text.as_bytes()).map_err(|e| StoreError::io(&path, e))
    }
}

impl ProjectDir {
    /// Stores many new articles at once, each atomically: all are written to temporary files,
    /// made durable with one sync of the file system (Linux; elsewhere one fsync each), renamed
    /// into place, and the folder synced once. Ten thousand fsyncs of small files took longer
    /// than the whole rest of an import. On an error the temporary files are removed; articles
    /// already renamed stay, and the next import adopts them.
    pub fn write_articles(&self, items: &[(&str, &str)]) -> Result<(), StoreError> {
        let Some((first, _)) = items.first() else {
            return Ok(());
        };
        let folder = self
            .article_path(first)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.root().to_path_buf());
        fs::create_dir_all(&folder).map_err(|e| StoreError::io(&folder, e))?;
        let mut temps: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(items.len());
        let result = (|| {
            for (id, text) in items {
                let path = self.article_path(id);
                if path.exists() {
                    return Err(StoreError::Invalid {
                        path,
                        message: "an article with this id is already stored".into(),
                    });
                }
                let tmp = folder.join(format!(".{id}.txt.tmp-{}", std::process::id()));
                fs::write(&tmp, text.as_bytes()).map_err(|e| StoreError::io(&tmp, e))?;
                temps.push((tmp, path));
            }
            atomic::sync_files(&folder, temps.iter().map(|(t, _)| t.as_path()))
                .map_err(|e| StoreError::io(&folder, e))?;
            while let Some((tmp, path)) = temps.pop() {
                if let Err(e) = fs::rename(&tmp, &path) {
                    let err = StoreError::io(&path, e);
                    temps.push((tmp, path));
                    return Err(err);
                }
            }
            atomic::sync_dir(&folder).map_err(|e| StoreError::io(&folder, e))
        })();
        if result.is_err() {
            for (tmp, _) in &temps {
                let _ = fs::remove_file(tmp);
            }
        }
        result
    }
}

/// One file's new bytes, made by [`ProjectDir::prepare`], written by [`PendingWrite::write`].
#[derive(Debug)]
pub struct PendingWrite {
    pub key: FileKey,
    /// The path relative to the project folder.
    pub rel: String,
    path: PathBuf,
    bytes: Vec<u8>,
    /// The fingerprint of what must be on disk for the write to go ahead (`None`: the file was
    /// never read here, so anything there is checked by the merge that prepared these bytes).
    expect: Option<u64>,
}

impl PendingWrite {
    /// Writes the file atomically (temporary file, fsync, rename, fsync of the folder), unless
    /// someone else changed it since it was prepared.
    pub fn write(&self) -> Result<WrittenFile, StoreError> {
        if let Some(parent) = self.path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        if let Some(expect) = self.expect {
            match fs::read(&self.path) {
                Ok(now) if fingerprint(&now) != expect => {
                    return Err(StoreError::ChangedOnDisk {
                        path: self.path.clone(),
                    });
                }
                _ => {}
            }
        }
        write_atomic(&self.path, &self.bytes).map_err(|e| StoreError::io(&self.path, e))?;
        // A layer's text becomes the base of later merges (copied here, off the UI thread).
        let text = matches!(self.key, FileKey::Layer(_))
            .then(|| String::from_utf8(self.bytes.clone()).ok())
            .flatten();
        Ok(WrittenFile {
            key: self.key.clone(),
            rel: self.rel.clone(),
            seen: Seen::of(&self.path, &self.bytes),
            text,
        })
    }
}

impl PendingWrite {
    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// The bytes to be written.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// A file that reached the disk, for [`ProjectDir::confirm`].
#[derive(Debug)]
pub struct WrittenFile {
    pub key: FileKey,
    pub rel: String,
    seen: Seen,
    /// A layer's text as written.
    text: Option<String>,
}

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

fn is_marker_error(e: &StoreError) -> bool {
    matches!(e, StoreError::Invalid { message, .. } if message.contains("git conflict markers"))
}

/// The person whose file an error is about.
fn people_error_owner(e: &StoreError, files: &[(PersonId, PathBuf)]) -> Option<PersonId> {
    let path = match e {
        StoreError::Io { path, .. }
        | StoreError::Syntax { path, .. }
        | StoreError::TooNew { path, .. }
        | StoreError::Invalid { path, .. }
        | StoreError::ChangedOnDisk { path } => path,
    };
    files
        .iter()
        .find(|(_, p)| p == path)
        .map(|(person, _)| person.clone())
}

fn load_problem(e: StoreError, root: &Path) -> Problem {
    let text = e.to_string();
    let root_str = format!("{}/", root.display());
    let text = text.strip_prefix(&root_str).unwrap_or(&text).to_owned();
    let (file, message) = match text.split_once(": ") {
        Some((f, m)) => (f.to_owned(), m.to_owned()),
        None => (String::new(), text),
    };
    Problem {
        file,
        message,
        kind: ProblemKind::Conflict,
    }
}

/// Each person's file read and parsed, in parallel, with what was seen of it on disk.
fn read_each<T: Send>(
    files: &[(PersonId, PathBuf)],
    parse: impl Fn(&Path, &str) -> Result<T, StoreError> + Sync,
) -> Vec<Result<(PersonId, T, Seen), StoreError>> {
    crate::parallel::map(files, |(person, path)| {
        let text = read_utf8(path)?;
        let value = parse(path, &text)?;
        Ok((person.clone(), value, Seen::of(path, text.as_bytes())))
    })
}

/// `<folder>/*.ron`, by person id (the file stem). Hidden files (a save's temporary file left
/// by a crash) are skipped; conflict copies are reported, not loaded.
fn owned_files(
    root: &Path,
    sub: &str,
    problems: &mut Vec<Problem>,
) -> Result<Vec<(PersonId, PathBuf)>, StoreError> {
    let folder = root.join(sub);
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(&folder).map_err(|e| StoreError::io(&folder, e))? {
        let path = entry.map_err(|e| StoreError::io(&folder, e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name else { continue };
        if name.starts_with('.') || !name.ends_with(".ron") {
            continue;
        }
        if let Some(copy) = copies::conflict_copy(&name) {
            problems.push(Problem {
                file: format!("{sub}/{name}"),
                message: format!(
                    "a {} conflict copy of {sub}/{}: not loaded; File > Resolve conflict copies (or `naql resolve`) merges it in, keeping every entry",
                    copy.tool, copy.original
                ),
                kind: ProblemKind::Conflict,
            });
            continue;
        }
        let stem = name.trim_end_matches(".ron").to_owned();
        out.insert(PersonId(stem), path);
    }
    Ok(out.into_iter().collect())
}

/// Files in the project folder that the project does not list: an article stored by an import
/// that was killed before it was recorded, a save's temporary file left by a crash.
fn stray_files(root: &Path, project: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    let listed: HashSet<String> = project
        .manifest
        .documents
        .iter()
        .map(|d| format!("{}.txt", d.id))
        .collect();
    for sub in ["articles", "annotations", "people"] {
        let Ok(entries) = fs::read_dir(root.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stray = if name.contains(".tmp-") {
                Some(
                    "a temporary file left by an interrupted save; the file it was for is whole, and this one can be deleted",
                )
            } else if sub == "articles" && !listed.contains(&name) {
                Some(
                    "an article the project does not list (an import stopped before recording it?); importing it again adopts it",
                )
            } else if sub != "articles" && !name.ends_with(".ron") && !name.starts_with('.') {
                Some("not a Naql file")
            } else {
                None
            };
            if let Some(why) = stray {
                out.push(Problem {
                    file: format!("{sub}/{name}"),
                    message: why.to_owned(),
                    kind: ProblemKind::Stray,
                });
            }
        }
    }
    out
}
