//! Opening a project folder: everything read and checked, nothing written; problems are
//! reported with their file, never repaired in silence.

use super::*;
use crate::model::Texts;
use crate::model::validate::Checks;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How much of a project [`ProjectDir::open_scoped`] reads.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Only these people's layers; `None` reads every layer.
    pub layers: Option<Vec<PersonId>>,
    /// Only read: no text is read, nothing is validated (so no quote is flagged orphaned)
    /// and the folder is not searched for stray files. What agreement needs (it counts every
    /// quote as coded), an import of annotations, and a window's first look at a big project
    /// (whose full read follows on a thread).
    pub quick: bool,
    /// Recompute each text's SHA-256 (`naql check`).
    pub verify_hashes: bool,
    /// Whose layer the caller will write: its digest as read is kept as the base of the
    /// three-way merge a save does with the disk (see `ProjectDir::set_owner`).
    pub owner: Option<PersonId>,
    /// Layers the caller holds already, read from these very files: taken as they are
    /// instead of read again, and checked with the rest. A window opened in stages gives its
    /// own layers to the full read on its thread, which held a second copy of them (a
    /// 500,000-quote layer is 0.25 GB parsed) while it ran.
    pub given: Vec<(PersonId, Arc<Layer>)>,
    /// Big layers are read a piece at a time (`files::read_layer_in_pieces`): less memory
    /// held, a few tenths of a second more. The window's full read on its thread asks for
    /// it; commands read whole, on every core.
    pub in_pieces: bool,
}

/// Re-checks the anchors of the quotes of `layer` that are new or changed against the layer
/// `person` has in `project` now (the rest were checked when they came), and forgets the
/// orphan flags of quotes that left it.
pub fn recheck_changed(project: &mut Project, person: &PersonId, layer: &Layer) {
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
    let names_merged = |l: &Layer| {
        l.quotes
            .iter()
            .any(|q| q.speaker.as_ref().is_some_and(|s| merged.contains_key(s)))
    };
    // A layer is changed (and so copied, if a thread reads it) only if it names one.
    for layer in project.layers.values_mut().filter(|l| names_merged(l)) {
        for q in &mut std::sync::Arc::make_mut(layer).quotes {
            if let Some(s) = &q.speaker
                && merged.contains_key(s)
            {
                q.speaker = Some(crate::model::registry::resolve(&merged, s).clone());
            }
        }
    }
}

/// An article is never rewritten by Naql; git conflict markers in one came from a merge of
/// two different texts under one id.
fn article_markers(id: &crate::model::DocumentId, text: &str) -> Option<Problem> {
    let line = copies::conflict_marker_line(text)?;
    Some(Problem {
        file: format!("articles/{id}.txt"),
        message: format!(
            "line {line}: git conflict markers: two different texts met under one document id; keep the one the project's quotes were made on (its SHA-256 is in the registry)"
        ),
        kind: ProblemKind::Conflict,
    })
}

pub(super) fn is_marker_error(e: &StoreError) -> bool {
    matches!(e, StoreError::Invalid { message, .. } if message.contains("git conflict markers"))
}

/// The person whose file an error is about.
pub(super) fn people_error_owner(
    e: &StoreError,
    files: &[(PersonId, PathBuf)],
) -> Option<PersonId> {
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

pub(super) fn load_problem(e: StoreError, root: &Path) -> Problem {
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
pub(super) fn read_each<T: Send>(
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
pub(super) fn owned_files(
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
        out.insert(PersonId::new(stem), path);
    }
    Ok(out.into_iter().collect())
}

/// Files in the project folder that the project does not list: an article stored by an import
/// that was killed before it was recorded, a save's temporary file left by a crash.
pub(super) fn stray_files(root: &Path, manifest: &Manifest) -> Vec<Problem> {
    let mut out = Vec::new();
    let listed: HashSet<&str, _> = manifest
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect::<HashSet<_, foldhash::fast::FixedState>>();
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
            } else if sub == "articles"
                && !name
                    .strip_suffix(".txt")
                    .is_some_and(|id| listed.contains(id))
            {
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

impl ProjectDir {
    /// Takes from `later` (a later, fuller read of the same folder) what it saw of the files
    /// `take` accepts: a window that opened on its own layers first takes the others' this
    /// way when they have been read. A file `later` could not load stays unwritable here.
    pub fn adopt_seen(&mut self, later: ProjectDir, take: impl Fn(&FileKey) -> bool) {
        self.unloaded.retain(|k| !take(k));
        for (key, seen) in later.seen {
            if take(&key) {
                if let Some(print) = later.fingerprints.get(&key) {
                    self.fingerprints.insert(key.clone(), *print);
                }
                self.seen.insert(key, seen);
            }
        }
        self.unloaded
            .extend(later.unloaded.into_iter().filter(|k| take(k)));
    }

    /// The bytes of the layer files under `root`: how big the project's annotations are.
    pub fn layer_bytes(root: &Path) -> u64 {
        let Ok(entries) = fs::read_dir(root.join("annotations")) else {
            return 0;
        };
        entries
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
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
        project.texts = Texts::stored_in(Arc::new(ArticleFolder::new(root)), []);
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
        Self::open_scoped(
            root,
            &Scope {
                verify_hashes,
                ..Scope::default()
            },
        )
    }

    /// [`ProjectDir::open`] of only what `scope` names: a command that needs one layer, or
    /// no texts, does not read the rest of a big project. Layers left out are never written.
    pub fn open_scoped(root: &Path, scope: &Scope) -> Result<Loaded, StoreError> {
        Self::open_reporting(root, scope, &|_, _| {})
    }

    /// [`ProjectDir::open_scoped`], saying how far it is: `progress(done, total)` counts
    /// layer files read and documents checked (for the window, which opens a big project's
    /// other layers on a thread while the coder works).
    pub fn open_reporting(
        root: &Path,
        scope: &Scope,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Loaded, StoreError> {
        let manifest_path = root.join(MANIFEST_FILE);
        if !manifest_path.exists() {
            return Err(StoreError::Invalid {
                path: root.to_owned(),
                message: format!("not a Naql project: there is no {MANIFEST_FILE} in it"),
            });
        }
        // The layers, the bulk of a big project, are read on a thread of their own (one at
        // a time, each parsed on every core: only one file's bytes are held) while the
        // registries are read and put together here.
        let mut listing = Vec::new();
        let (layer_paths, left_out): (Vec<_>, Vec<_>) =
            owned_files(root, "annotations", &mut listing)?
                .into_iter()
                .partition(|(p, _)| scope.layers.as_ref().is_none_or(|only| only.contains(p)));
        let given = |person: &PersonId| scope.given.iter().any(|(p, _)| p == person);
        let layer_paths: Vec<_> = layer_paths.into_iter().filter(|(p, _)| !given(p)).collect();
        let total = AtomicUsize::new(layer_paths.len());
        let done = AtomicUsize::new(0);
        let step = || {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let total = total.load(Ordering::Relaxed);
            if n.is_multiple_of(256) || n <= layer_paths.len() || n == total {
                progress(n, total);
            }
        };
        std::thread::scope(|s| {
            let reading = s.spawn(|| {
                let mut buffer = Vec::new();
                layer_paths
                    .iter()
                    .map(|(person, path)| {
                        let keep = scope.owner.as_ref() == Some(person);
                        let read = read_layer_into(&mut buffer, path, keep, scope.in_pieces)
                            .map(|(l, seen, text)| (person.clone(), l, seen, text));
                        step();
                        read
                    })
                    .collect::<Vec<_>>()
            });
            let manifest_text = read_utf8(&manifest_path)?;
            refuse_markers(&manifest_path, &manifest_text)?;
            let mut base: Manifest = from_ron(&manifest_path, &manifest_text)?;
            // Read by pushing, the list has up to twice the room it needs (6 MB at 100,000
            // documents); it is held as long as the project is open, by every copy of the
            // manifest.
            std::sync::Arc::make_mut(&mut base.documents).shrink_to_fit();
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

            // The texts are read when needed; validation below reads each once.
            let ids: Vec<_> = manifest.documents.iter().map(|d| d.id.clone()).collect();
            let mut project = Project::new(manifest);
            project.texts = Texts::stored_in(Arc::new(ArticleFolder::new(root)), ids);

            problems.extend(listing);
            for (person, _) in &left_out {
                dir.unloaded.insert(FileKey::Layer(person.clone()));
            }
            if !scope.quick {
                total.fetch_add(project.manifest.documents.len(), Ordering::Relaxed);
            }
            // Looked for while the layers are still being read: listing 100,000 articles
            // is work for a core that would otherwise wait.
            let strays = (!scope.quick).then(|| stray_files(root, &project.manifest));
            let read = reading
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            for loaded in read {
                let (person, layer, seen, text) = match loaded {
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
                if let Some(text) = text {
                    dir.layer_bases.insert(person.clone(), text);
                }
                project.layers.insert(person, layer.into());
            }
            for (person, layer) in &scope.given {
                if scope
                    .layers
                    .as_ref()
                    .is_none_or(|only| only.contains(person))
                {
                    project.layers.insert(person.clone(), Arc::clone(layer));
                }
            }
            follow_merges(&mut project);

            if !scope.quick {
                problems.extend(strays.into_iter().flatten());
                let checks = Checks {
                    verify_hashes: scope.verify_hashes,
                    every_layer: scope.layers.is_none(),
                };
                let text_check = |id: &crate::model::DocumentId, text: &str| {
                    step();
                    article_markers(id, text)
                };
                problems.extend(project.revalidate_with(checks, &text_check));
            }
            Ok(Loaded {
                dir,
                project,
                problems,
            })
        })
    }
}
