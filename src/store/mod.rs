//! The project folder on disk:
//!
//! ```text
//! <project>/project.ron               manifest
//! <project>/articles/<id>.txt         article text exactly as imported, never rewritten
//! <project>/annotations/<person>.ron  one person's layer
//! ```
//!
//! Loading checks everything and drops nothing; saving is atomic and writes only files whose
//! bytes changed.

pub mod atomic;
pub mod format;
pub mod layer_parse;
pub mod layer_text;

use crate::model::validate::{MANIFEST_FILE, layer_file};
use crate::model::{
    Layer, Manifest, PersonId, Problem, ProblemKind, Project, Quote, Review, quote_order,
    review_order,
};
use atomic::write_atomic;
use format::{Layout, from_ron, to_ron};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
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
    Manifest,
    Layer(PersonId),
}

impl FileKey {
    pub fn relative_path(&self) -> String {
        match self {
            FileKey::Manifest => MANIFEST_FILE.to_owned(),
            FileKey::Layer(p) => layer_file(p.as_str()),
        }
    }
}

/// A project folder and what Naql last read from or wrote to it.
#[derive(Debug)]
pub struct ProjectDir {
    root: PathBuf,
    /// Fingerprint of each file's bytes as last read or written: a save skips a file whose new
    /// bytes have the same fingerprint.
    fingerprints: HashMap<FileKey, u64>,
    /// The buffer layer files are written into, kept between saves.
    scratch: String,
    /// Each layer's quotes as file text, so a save re-escapes only the quotes that changed.
    quote_texts: HashMap<PersonId, layer_text::QuoteTexts>,
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

fn read_utf8(path: &Path) -> Result<String, StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, e))?;
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

impl ProjectDir {
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn article_path(&self, id: &str) -> PathBuf {
        self.root.join("articles").join(format!("{id}.txt"))
    }

    /// The folder `root` without reading anything, for storing articles from another thread
    /// (see `import::add_articles`); its saves write every file they are given.
    pub fn at(root: &Path) -> ProjectDir {
        ProjectDir {
            root: root.to_owned(),
            fingerprints: HashMap::new(),
            scratch: String::new(),
            quote_texts: HashMap::new(),
        }
    }

    /// Makes a new project in `root`, which must not exist or be an empty folder.
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
        for sub in ["articles", "annotations"] {
            let p = root.join(sub);
            fs::create_dir_all(&p).map_err(|e| StoreError::io(&p, e))?;
        }
        let mut dir = ProjectDir {
            root: root.to_owned(),
            fingerprints: HashMap::new(),
            scratch: String::new(),
            quote_texts: HashMap::new(),
        };
        let project = Project::new(manifest);
        dir.save(&project, &[FileKey::Manifest])?;
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
        let manifest: Manifest = from_ron(&manifest_path, &manifest_text)?;
        let mut dir = ProjectDir {
            root: root.to_owned(),
            fingerprints: HashMap::new(),
            scratch: String::new(),
            quote_texts: HashMap::new(),
        };
        dir.fingerprints
            .insert(FileKey::Manifest, fingerprint(manifest_text.as_bytes()));

        let mut problems = Vec::new();
        let texts = crate::parallel::map(&manifest.documents, |d| {
            (d.id.clone(), read_utf8(&dir.article_path(d.id.as_str())))
        });
        let mut project = Project::new(manifest);
        for (id, text) in texts {
            match text {
                Ok(t) => {
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

        let layer_paths = layer_files(&root.join("annotations"))?;
        let layers = crate::parallel::map(&layer_paths, |(person, path)| {
            let text = read_utf8(path)?;
            let layer = match layer_parse::parse_canonical(&text) {
                Some(layer) => layer,
                None => from_ron::<Layer>(path, &text)?,
            };
            Ok::<_, StoreError>((person.clone(), layer, fingerprint(text.as_bytes())))
        });
        for loaded in layers {
            let (person, layer, print) = loaded?;
            if layer.person != person {
                problems.push(Problem {
                    file: layer_file(person.as_str()),
                    message: format!(
                        "the layer says it belongs to {:?}, but its file name says {:?}",
                        layer.person.0, person.0
                    ),
                    kind: ProblemKind::Invalid,
                });
            }
            dir.fingerprints
                .insert(FileKey::Layer(person.clone()), print);
            project.layers.insert(person, layer);
        }

        problems.extend(project.revalidate(verify_hashes));
        Ok(Loaded {
            dir,
            project,
            problems,
        })
    }

    /// Writes the given files if their content changed since they were last read or written.
    /// Returns the files written, relative to the project folder.
    pub fn save(&mut self, project: &Project, keys: &[FileKey]) -> Result<Vec<String>, StoreError> {
        let pending = self.prepare(project, keys)?;
        let mut written = Vec::with_capacity(pending.len());
        for (i, p) in pending.iter().enumerate() {
            if let Err(e) = p.write() {
                for not_written in &pending[i..] {
                    self.write_failed(&not_written.key);
                }
                return Err(e);
            }
            written.push(p.rel.clone());
        }
        Ok(written)
    }

    /// The files among `keys` whose bytes changed since they were last read or written, ready
    /// to be written (on another thread, say). Their new fingerprints are recorded now; call
    /// [`ProjectDir::write_failed`] for any whose write then fails.
    pub fn prepare(
        &mut self,
        project: &Project,
        keys: &[FileKey],
    ) -> Result<Vec<PendingWrite>, StoreError> {
        let mut out = Vec::new();
        for key in keys {
            let rel = key.relative_path();
            let path = self.root.join(&rel);
            let bytes = &mut self.scratch;
            match key {
                FileKey::Manifest => {
                    *bytes = manifest_bytes(&project.manifest).map_err(|e| StoreError::Invalid {
                        path: path.clone(),
                        message: format!("could not be written: {e}"),
                    })?
                }
                FileKey::Layer(p) => match project.layers.get(p) {
                    Some(layer) => layer_text::write_layer_cached(
                        layer,
                        bytes,
                        self.quote_texts.entry(p.clone()).or_default(),
                    ),
                    None => continue,
                },
            }
            let print = fingerprint(bytes.as_bytes());
            if self.fingerprints.get(key) == Some(&print) && path.exists() {
                continue;
            }
            self.fingerprints.insert(key.clone(), print);
            out.push(PendingWrite {
                key: key.clone(),
                rel,
                path,
                bytes: bytes.as_bytes().to_vec(),
            });
        }
        Ok(out)
    }

    /// A prepared write did not reach the disk: the next save writes that file again.
    pub fn write_failed(&mut self, key: &FileKey) {
        self.fingerprints.remove(key);
    }

    /// Forgets what was last written, so that the next save writes every file: for when files
    /// may have been changed outside Naql, and for measuring a full save.
    pub fn forget_saved(&mut self) {
        self.fingerprints.clear();
    }

    /// Saves the manifest and every layer, writing only those that changed.
    pub fn save_all(&mut self, project: &Project) -> Result<Vec<String>, StoreError> {
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

/// One file's new bytes, made by [`ProjectDir::prepare`], written by [`PendingWrite::write`].
#[derive(Debug)]
pub struct PendingWrite {
    pub key: FileKey,
    /// The path relative to the project folder.
    pub rel: String,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl PendingWrite {
    /// Writes the file atomically (temporary file, fsync, rename, fsync of the folder).
    pub fn write(&self) -> Result<(), StoreError> {
        if let Some(parent) = self.path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        write_atomic(&self.path, &self.bytes).map_err(|e| StoreError::io(&self.path, e))
    }
}

/// `annotations/*.ron`, by person id (the file stem). Hidden files (a save's temporary file
/// left by a crash) are skipped.
fn layer_files(folder: &Path) -> Result<Vec<(PersonId, PathBuf)>, StoreError> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(folder).map_err(|e| StoreError::io(folder, e))? {
        let path = entry.map_err(|e| StoreError::io(folder, e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name else { continue };
        if name.starts_with('.') || !name.ends_with(".ron") {
            continue;
        }
        let stem = name.trim_end_matches(".ron").to_owned();
        out.insert(PersonId(stem), path);
    }
    Ok(out.into_iter().collect())
}
