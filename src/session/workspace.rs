//! An open project and the one place where edits are applied: every change goes through
//! [`Workspace::edit`], which applies an [`Action`], records its inverse for undo, appends it to
//! the crash journal and marks the files it touches for the next (auto)save.

use crate::action::journal::{Journal, Recovered};
use crate::action::{Action, History};
use crate::model::search::Folded;
use crate::model::{DocumentId, Person, PersonId, Project, QuoteId};
use crate::session::quote_index::QuoteIndex;
use crate::session::task::{Poll, Task};
use crate::store::{FileKey, Loaded, ProjectDir, Scope, StoreError};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long after the last edit the project is saved by itself.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(3);

pub struct Workspace {
    /// The project folder: what was read, saving, merging with the disk.
    pub dir: ProjectDir,
    /// What was wrong with the project when it was opened.
    pub problems: Vec<crate::model::Problem>,
    /// The project. Shared, not copied, with threads that read it (the review index of a big
    /// project); every change goes through [`Workspace::edit`], which takes it back
    /// (`Arc::make_mut`: a copy only while such a thread still reads the old one).
    pub project: Arc<Project>,
    /// Who is coding: new quotes go into this person's layer.
    coder: Person,
    pub current: Option<DocumentId>,
    /// The quote shown in the inspector.
    pub selected: Option<QuoteId>,
    /// Where the selected quote was last found: its layer and place in it.
    selected_at: std::cell::RefCell<Option<(PersonId, usize)>>,
    /// Every quote's place by id and each document's quotes, as of a `quotes_revision`: kept
    /// up to date by each edit, made again when first asked after a change it could not
    /// follow (a reload, a merge on save), so that J and K, the article, its suggestions and
    /// review's context find quotes without a search of millions.
    quote_index: std::cell::RefCell<(Option<u64>, QuoteIndex)>,
    pub history: History,
    /// Files changed since the last save.
    pub dirty: BTreeSet<FileKey>,
    pub last_edit: Option<Instant>,
    pub saved_at: Option<jiff::Timestamp>,
    /// Counts the changes to the project, so panels can cache what they derive from it.
    pub revision: u64,
    /// Counts the changes to quotes, speakers, topics and documents (not verdicts or people):
    /// what the review table's index and the per-document quote lists depend on.
    pub quotes_revision: u64,
    /// Counts the changes that may change the list of documents or what they say (an import,
    /// a reload, a merge): never an edit.
    pub documents_revision: u64,
    /// The quotes whose verdicts each of the last revisions changed (see
    /// [`Workspace::verdicts_changed_since`]).
    verdict_log: std::collections::VecDeque<(u64, Vec<QuoteId>)>,
    journal: Journal,
    saver: super::saver::Saver,
    /// Since when autosaves have been given up for edits, none written whole since (see
    /// `let_go_of_big_layers`).
    saves_stopped_since: Option<Instant>,
    /// How long an edit waits for the saver to give a save up ([`STOP_PATIENCE`]; tests in
    /// a debug build, whose writer looks more seldom, give it longer).
    pub stop_patience: Duration,
    /// Edits an earlier session left unsaved, offered for recovery until the coder decides.
    pub recovery: Option<Recovered>,
    /// Article texts in search form, made on first search.
    folded: std::cell::RefCell<HashMap<DocumentId, Arc<Folded>>>,
    /// What happened to the project from outside (merges on save, files reloaded), for the
    /// status bar.
    pub notices: Vec<String>,
    /// The crash journal's last write failed (and the person was told).
    journal_failing: bool,
    /// When the project folder was last looked at for changes from outside.
    last_disk_check: Option<Instant>,
    /// This coder's lock record, held while the project is open here.
    lock: crate::store::lock::Lock,
    /// Suggested quotes: learned, computed and rejected (see `session::suggestions`).
    pub suggestions: super::suggestions::Suggestions,
    /// A big project opens on this coder's own layers first; the whole project is read
    /// and checked here meanwhile, and its other layers taken in when it is done
    /// ([`Workspace::poll_rest`]).
    rest: Option<Task<Result<Rest, StoreError>>>,
}

/// Above this many bytes of layer files, the window opens on the coder's own layers and
/// reads the rest on a thread: at 1 GB of layers a whole read takes seconds.
pub const OPEN_IN_STAGES_ABOVE: u64 = 64 << 20;

/// The whole project read on a thread for a window opened in stages, with its quote index
/// made there too (the window takes it when its own layers were not edited meanwhile).
struct Rest {
    loaded: Loaded,
    index: QuoteIndex,
}

/// How often the project folder is looked at for files changed from outside (a pull, a synced
/// folder, another window).
pub const DISK_CHECK_EVERY: Duration = Duration::from_secs(1);

impl Workspace {
    /// Opens the project at `root` for `coder`. A journal left by a crash is read, not applied.
    /// A big project ([`OPEN_IN_STAGES_ABOVE`]) opens in stages ([`Workspace::open_in_stages`]).
    pub fn open(root: &Path, coder: Person) -> Result<Self, StoreError> {
        if ProjectDir::layer_bytes(root) > OPEN_IN_STAGES_ABOVE {
            return Self::open_in_stages(root, coder);
        }
        Self::open_scoped(root, coder, &Scope::default())
    }

    /// Opens on what this coder writes (their layer and the curated one) and the registries,
    /// without reading a text, so the first article shows at once; the whole project is read
    /// and checked on a thread, and the other layers, orphan flags and problems come in when
    /// it is done. Until then other coders' quotes are not shown.
    pub fn open_in_stages(root: &Path, coder: Person) -> Result<Self, StoreError> {
        let scope = Scope {
            layers: Some(vec![
                coder.id.clone(),
                PersonId::from(crate::agree::CURATED),
            ]),
            quick: true,
            ..Scope::default()
        };
        let mut ws = Self::open_scoped(root, coder, &scope)?;
        let folder = root.to_owned();
        // This coder's layers, just read, are shared with the full read rather than read
        // again (an edit made while it runs copies the edited one, as an edit during a save
        // does).
        let full_scope = Scope {
            given: ws
                .project
                .layers
                .iter()
                .map(|(p, l)| (p.clone(), Arc::clone(l)))
                .collect(),
            in_pieces: true,
            ..Scope::default()
        };
        ws.rest = Some(Task::spawn("reading the other layers", move |p| {
            let full = ProjectDir::open_reporting(&folder, &full_scope, &|d, t| p.report(d, t))
                .map(|loaded| Rest {
                    index: QuoteIndex::of(&loaded.project),
                    loaded,
                });
            p.send(full);
        }));
        Ok(ws)
    }

    /// Whether the rest of a project opened in stages is still being read, and how far.
    pub fn reading_rest(&self) -> Option<(&'static str, (usize, usize))> {
        self.rest.as_ref().map(|t| (t.what, t.progress()))
    }

    /// Waits for the rest of a project opened in stages, and takes it in.
    pub fn finish_rest(&mut self) {
        while self.rest.is_some() && !self.poll_rest() {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Takes in the rest of a project opened in stages when it has been read; says whether
    /// anything changed.
    pub fn poll_rest(&mut self) -> bool {
        let Some(task) = &mut self.rest else {
            return false;
        };
        let full = match task.poll() {
            Poll::Running => return false,
            Poll::Done(full) => full,
            Poll::Died => Err(StoreError::Invalid {
                path: self.root().to_owned(),
                message: "reading the project stopped unexpectedly".into(),
            }),
        };
        self.rest = None;
        match full {
            Ok(full) => {
                self.adopt_rest(full);
                // The read's copy of this coder's layer, its manifest and its temporaries
                // are freed by now, in the middle of the heaps.
                crate::memory::give_back();
            }
            Err(e) => self.notices.push(format!(
                "the other coders' layers could not be read ({e}); your own layer is open and saves as usual"
            )),
        }
        true
    }

    /// Puts the whole project read on the thread together with what this window holds: the
    /// layers this coder writes stay as they are here (edited meanwhile, perhaps), checked
    /// where they differ from the disk; the registries stay as they are here; everything
    /// else comes from the read.
    fn adopt_rest(&mut self, rest: Rest) {
        let Rest {
            loaded:
                Loaded {
                    dir,
                    mut project,
                    problems,
                },
            index,
        } = rest;
        let here = Arc::make_mut(&mut self.project);
        // Untouched since the quick read, this coder's layers are the full read's (the same
        // layers, given to it and checked there); edited, the window's stay, checked where
        // they changed.
        let edited = self.quotes_revision > 0;
        let own: Vec<PersonId> = here
            .layers
            .keys()
            .filter(|p| p == &&self.coder.id || p.as_str() == crate::agree::CURATED)
            .cloned()
            .collect();
        for person in own {
            if let Some(layer) = here.layers.remove(&person)
                && edited
            {
                crate::store::recheck_changed(&mut project, &person, &layer);
                project.layers.insert(person, layer);
            }
        }
        project.manifest = std::mem::replace(&mut here.manifest, crate::model::Manifest::new(""));
        project.texts = here.texts.clone();
        crate::store::follow_merges(&mut project);
        let coder = self.coder.id.clone();
        self.dir.adopt_seen(dir, |k| match k {
            FileKey::Layer(p) => p != &coder && p.as_str() != crate::agree::CURATED,
            _ => false,
        });
        self.project = Arc::new(project);
        if !problems.is_empty() {
            self.notices.push(format!(
                "{} problems in the project (run `naql check`)",
                problems.len()
            ));
        }
        self.problems = problems;
        self.revision += 1;
        self.quotes_revision += 1;
        self.documents_revision += 1;
        if !edited {
            // The project is the one the indexes were made from.
            *self.quote_index.borrow_mut() = (Some(self.quotes_revision), index);
        }
    }

    fn open_scoped(root: &Path, coder: Person, scope: &Scope) -> Result<Self, StoreError> {
        let scope = Scope {
            owner: Some(coder.id.clone()),
            ..scope.clone()
        };
        let mut loaded = ProjectDir::open_scoped(root, &scope)?;
        loaded.dir.set_owner(Some(coder.id.clone()));
        let journal = Journal::new(root, coder.id.as_str());
        let recovery = journal.read_left_over().map_err(|e| StoreError::Io {
            path: journal.path().to_owned(),
            source: e,
        })?;
        let lock = crate::store::lock::take(root, coder.id.as_str());
        let mut notices = Vec::new();
        if let crate::store::lock::Lock::Taken(who) = &lock {
            notices.push(another_window(&coder, who));
        }
        let suggestions = super::suggestions::Suggestions::open(root, &coder.id);
        let current = loaded
            .project
            .manifest
            .documents
            .first()
            .map(|d| d.id.clone());
        Ok(Self {
            dir: loaded.dir,
            problems: loaded.problems,
            project: Arc::new(loaded.project),
            coder,
            current,
            selected: None,
            selected_at: Default::default(),
            quote_index: Default::default(),
            history: History::default(),
            dirty: BTreeSet::new(),
            last_edit: None,
            saved_at: None,
            revision: 0,
            quotes_revision: 0,
            documents_revision: 0,
            verdict_log: Default::default(),
            journal,
            saver: Default::default(),
            saves_stopped_since: None,
            stop_patience: STOP_PATIENCE,
            recovery,
            folded: Default::default(),
            notices,
            journal_failing: false,
            last_disk_check: None,
            lock,
            suggestions,
            rest: None,
        })
    }

    /// Changes who is coding (the first-run prompt answers after the project opened): their
    /// own journal is used from now on, and one they left unsaved is offered.
    pub fn set_coder(&mut self, coder: Person) {
        if coder.id != self.coder.id {
            // Opened in stages, only the old coder's layers are in yet: the new coder's must
            // be whole before it can be edited and saved (it is merged with the disk on save,
            // and a partial one would read as deletions), so the rest is waited for.
            self.finish_rest();
            self.journal = Journal::new(self.root(), coder.id.as_str());
            self.recovery = self.journal.read_left_over().ok().flatten();
            self.dir.set_owner(Some(coder.id.clone()));
            // Let go of the old coder's lock before taking the new one's.
            self.lock = crate::store::lock::Lock::Unavailable;
            self.lock = crate::store::lock::take(self.dir.root(), coder.id.as_str());
            if let crate::store::lock::Lock::Taken(who) = &self.lock {
                self.notices.push(another_window(&coder, who));
            }
            self.suggestions = super::suggestions::Suggestions::open(self.dir.root(), &coder.id);
        }
        self.coder = coder;
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn root(&self) -> &Path {
        self.dir.root()
    }

    pub fn coder_id(&self) -> &PersonId {
        &self.coder.id
    }

    /// Applies an edit: the one path every change to the project takes. `burst` groups a run
    /// of small edits to one thing into one undo step (see [`History`]).
    pub fn edit(
        &mut self,
        action: Action,
        label: &str,
        burst: Option<String>,
    ) -> Result<(), crate::action::ActionError> {
        self.register_coder_for(&action)?;
        let logged = action.clone();
        let files = action.files();
        let inverse = self.apply(action)?;
        self.after_change(&logged, &inverse, files);
        self.history.record(label, inverse, burst, Instant::now());
        Ok(())
    }

    /// Takes back the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let (label, inverse) = self.history.pop_undo()?;
        let logged = inverse.clone();
        let files = inverse.files();
        match self.apply(inverse) {
            Ok(redo) => {
                self.after_change(&logged, &redo, files);
                self.history.push_redo(label.clone(), redo);
                Some(label)
            }
            Err(_) => None,
        }
    }

    pub fn redo(&mut self) -> Option<String> {
        let (label, action) = self.history.pop_redo()?;
        let logged = action.clone();
        let files = action.files();
        match self.apply(action) {
            Ok(inverse) => {
                self.after_change(&logged, &inverse, files);
                self.history.push_undo(label.clone(), inverse);
                Some(label)
            }
            Err(_) => None,
        }
    }

    /// Applies `action` to the project, finding through the quote index what the action
    /// would find by a scan of a layer (16 ms at 500,000 quotes): that the quotes it adds
    /// are new, and where a quote removed alone (a deletion, the undo of a tag) is. Big
    /// layers other threads hold are let go of first.
    fn apply(&mut self, action: Action) -> Result<Action, crate::action::ActionError> {
        self.check_added_quotes(&action)?;
        self.let_go_of_big_layers(&action);
        let known = match &action {
            Action::RemoveQuote { coder, id } => self
                .quote_index()
                .find_in_layer(&self.project, coder, id)
                .map(|at| (coder.clone(), id.clone(), at)),
            _ => None,
        };
        action.apply_with(
            Arc::make_mut(&mut self.project),
            &crate::action::CheckedBefore { known },
        )
    }

    /// An edit of a big layer another thread holds would copy it (0.2–0.35 s and 250 MB at
    /// 500,000 quotes): the saver writing it as the coder tags again, or the suggestions
    /// learning from the project. They are asked to give up and let go instead: the save's
    /// file stays as it was and is written by the next autosave (the journal keeps the
    /// edits), the suggestions learn again at the coder's next pause. Saves are given up
    /// for at most [`SAVES_STOPPED_FOR`] in a row, so that a coder who never pauses is still
    /// saved (then the layer is copied once); whatever has not let go within
    /// `stop_patience` costs the copy.
    fn let_go_of_big_layers(&mut self, action: &Action) {
        let big: Vec<PersonId> = action
            .files()
            .into_iter()
            .filter_map(|key| match key {
                FileKey::Layer(p) => Some(p),
                _ => None,
            })
            .filter(|p| {
                self.project
                    .layers
                    .get(p)
                    .is_some_and(|l| l.quotes.len() >= STOP_SAVES_FROM)
            })
            .collect();
        let held = |ws: &Self| {
            Arc::strong_count(&ws.project) > 1
                || big.iter().any(|p| {
                    ws.project
                        .layers
                        .get(p)
                        .is_some_and(|l| Arc::strong_count(l) > 1)
                })
        };
        if big.is_empty() || !held(self) {
            return;
        }
        let until = Instant::now() + self.stop_patience;
        let may_stop = self
            .saves_stopped_since
            .is_none_or(|t| t.elapsed() < SAVES_STOPPED_FOR);
        if self.saver.busy() && may_stop {
            self.saves_stopped_since.get_or_insert_with(Instant::now);
            for done in self.saver.interrupt(self.stop_patience) {
                if let Err(e) = self.take_written(done) {
                    self.notices
                        .push(format!("the autosave failed ({e}); it is tried again"));
                }
            }
        }
        if self.suggestions.let_go() {
            while held(self) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }

    /// Refuses an action that adds a quote its layer holds at that point: each added quote
    /// is looked up in the quote index of the project before the action, then followed
    /// through the action's own removals and additions, in order (as the action's own
    /// check would find it).
    fn check_added_quotes(&self, action: &Action) -> Result<(), crate::action::ActionError> {
        fn walk<'a>(action: &'a Action, out: &mut Vec<(&'a PersonId, &'a QuoteId, bool)>) {
            match action {
                Action::AddQuote(q) | Action::InsertQuote { quote: q, .. } => {
                    out.push((&q.coder, &q.id, true))
                }
                Action::RemoveQuote { coder, id } => out.push((coder, id, false)),
                Action::Batch(all) => all.iter().for_each(|a| walk(a, out)),
                _ => {}
            }
        }
        let mut steps = Vec::new();
        walk(action, &mut steps);
        if !steps.iter().any(|(_, _, adds)| *adds) {
            return Ok(());
        }
        let index = self.quote_index();
        let mut present: HashMap<(&PersonId, &QuoteId), bool> = HashMap::new();
        for (coder, id, adds) in steps {
            let there = present
                .entry((coder, id))
                .or_insert_with(|| index.find_in_layer(&self.project, coder, id).is_some());
            if adds && *there {
                return Err(crate::action::ActionError::QuoteExists(id.clone()));
            }
            *there = adds;
        }
        Ok(())
    }

    /// A coder who is not yet among the project's people joins them with their first quote or
    /// verdict.
    /// Joining is not an undo step: undoing the quote leaves the coder (with an empty layer),
    /// so the layer file never belongs to nobody.
    fn register_coder_for(&mut self, action: &Action) -> Result<(), crate::action::ActionError> {
        fn starts_layer(action: &Action, me: &PersonId) -> bool {
            match action {
                Action::AddQuote(q) => &q.coder == me,
                Action::SetReview { editor, .. } => editor == me,
                Action::Batch(all) => all.iter().any(|a| starts_layer(a, me)),
                _ => false,
            }
        }
        let needs = starts_layer(action, &self.coder.id)
            && self.project().manifest.person(&self.coder.id).is_none();
        if needs {
            let join = Action::AddPerson(self.coder.clone());
            let files = join.files();
            let leave = join.clone().apply(Arc::make_mut(&mut self.project))?;
            self.after_change(&join, &leave, files);
        }
        Ok(())
    }

    /// Says once (until a journal write succeeds again) that the crash journal failed.
    fn journal_trouble(&mut self, result: std::io::Result<()>) {
        match result {
            Ok(()) => self.journal_failing = false,
            Err(e) if !self.journal_failing => {
                self.journal_failing = true;
                self.notices.push(format!(
                    "the crash journal could not be written ({e}): edits since the last save \
                     would be lost in a crash; save with Ctrl+S"
                ));
            }
            Err(_) => {}
        }
    }

    /// What follows every applied action (`inverse` is what undoes it): the journal, the
    /// files to save, the revisions and the quote index.
    fn after_change(&mut self, applied: &Action, inverse: &Action, files: Vec<FileKey>) {
        // A journal that cannot be written must not stop the edit (the next save still has
        // it), but the person is told once: until then a crash would lose those edits.
        let written = self.journal.append(applied, jiff::Timestamp::now());
        self.journal_trouble(written);
        let owned: Vec<FileKey> = files.into_iter().filter(|k| self.writes(k)).collect();
        self.dirty.extend(owned);
        self.last_edit = Some(Instant::now());
        self.revision += 1;
        let was = self.quotes_revision;
        if leaves_quotes(applied) {
            let mut reviewed = Vec::new();
            reviewed_quotes(applied, &mut reviewed);
            if self.verdict_log.len() == VERDICT_LOG {
                self.verdict_log.pop_front();
            }
            self.verdict_log.push_back((self.revision, reviewed));
        } else {
            self.quotes_revision += 1;
        }
        // The index follows the edit (a few milliseconds at 2,000,000 quotes) rather than
        // being made again on the next frame (0.3 s there).
        let index = self.quote_index.get_mut();
        index.0 = (index.0 == Some(was) && index.1.follow(&self.project, applied, inverse))
            .then_some(self.quotes_revision);
        // Only a removal can take the selected quote away.
        let removes = matches!(applied, Action::RemoveQuote { .. } | Action::Batch(_));
        if removes && self.selected_quote().is_none() {
            self.selected = None;
        }
    }

    /// Whether this window writes the file: its coder's layer, the curated layer (which any
    /// editor adjudicates into) and the registries (saved to the coder's own people file).
    /// Another coder's layer changes in memory only when a speaker merge follows its quotes,
    /// and that merge is recorded in this coder's people file instead.
    pub fn writes(&self, key: &FileKey) -> bool {
        match key {
            FileKey::Manifest => true,
            FileKey::Layer(p) | FileKey::People(p) => {
                p == &self.coder.id || p.as_str() == crate::agree::CURATED
            }
        }
    }

    /// Brings in files that changed on disk (a pull, a synced folder, another window), at most
    /// once every [`DISK_CHECK_EVERY`]: others' layers are replaced, this coder's own layer and
    /// the registries are merged with what is unsaved here, and undo history stays. Returns
    /// whether anything arrived.
    pub fn check_disk(&mut self, now: Instant) -> bool {
        if self
            .last_disk_check
            .is_some_and(|t| now.duration_since(t) < DISK_CHECK_EVERY)
            || self.saver.busy()
        {
            return false;
        }
        self.last_disk_check = Some(now);
        let changed = self.dir.changed_files();
        if changed.is_empty() {
            return false;
        }
        self.reload(&changed);
        true
    }

    /// Reads `keys` again from disk into the open project (see [`Workspace::check_disk`]).
    pub fn reload(&mut self, keys: &[FileKey]) {
        match self.dir.reload(Arc::make_mut(&mut self.project), keys) {
            Ok((reports, unsaved)) => {
                let names: Vec<String> = keys.iter().map(FileKey::relative_path).collect();
                let merged: Vec<String> = reports
                    .iter()
                    .filter(|(_, r)| !r.is_quiet())
                    .map(|(f, r)| format!("{f}: {}", r.summary()))
                    .collect();
                self.notices.push(format!(
                    "changed on disk, reloaded: {}{}",
                    names.join(", "),
                    if merged.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", merged.join("; "))
                    }
                ));
                if unsaved {
                    // This window's merged version goes back to disk with the next autosave.
                    self.dirty.insert(FileKey::Layer(self.coder.id.clone()));
                    self.dirty.insert(FileKey::Manifest);
                    self.last_edit.get_or_insert_with(Instant::now);
                }
            }
            Err(e) => self
                .notices
                .push(format!("a file changed on disk could not be read: {e}")),
        }
        self.revision += 1;
        self.quotes_revision += 1;
        self.documents_revision += 1;
        if self.selected_quote().is_none() {
            self.selected = None;
        }
    }

    /// Takes what the last save merged from disk into the project: the window redraws it and
    /// says so.
    fn took_merges(&mut self) {
        let merges = self.dir.take_merges();
        if merges.is_empty() {
            return;
        }
        self.revision += 1;
        self.quotes_revision += 1;
        self.documents_revision += 1;
        for (file, report) in merges {
            self.notices.push(format!(
                "{file} had changed on disk (another window, a sync or a pull): merged, {}",
                report.summary()
            ));
        }
        if self.selected_quote().is_none() {
            self.selected = None;
        }
    }

    /// The quote shown in the inspector. Asked every frame, so where it was last found is
    /// remembered (a project can hold hundreds of thousands of quotes).
    pub fn selected_quote(&self) -> Option<&crate::model::Quote> {
        let id = self.selected.as_ref()?;
        let layers = &self.project.layers;
        if let Some((person, at)) = self.selected_at.borrow().as_ref() {
            let q = layers.get(person).and_then(|l| l.quotes.get(*at));
            if let Some(q) = q.filter(|q| &q.id == id) {
                return Some(q);
            }
        }
        let (person, at) = self.quote_place(id)?;
        let q = layers.get(&person).and_then(|l| l.quotes.get(at))?;
        *self.selected_at.borrow_mut() = Some((person, at));
        Some(q)
    }

    /// The quotes of `doc` in every layer, as (layer owner, place in the layer).
    pub fn quotes_in(&self, doc: &DocumentId) -> Vec<(PersonId, usize)> {
        let index = self.quote_index();
        let layers: Vec<(&PersonId, &Arc<crate::model::Layer>)> =
            self.project.layers.iter().collect();
        // The index finds them by a hash of the document's id: a document with the same
        // hash is told apart here.
        index
            .in_document(doc)
            .filter_map(|(l, i)| {
                let (owner, layer) = layers.get(l as usize)?;
                let q = layer.quotes.get(i as usize)?;
                (&q.document == doc).then(|| ((*owner).clone(), i as usize))
            })
            .collect()
    }

    /// The quotes of `doc` in every layer (layer by layer, each in its layer's order).
    pub fn quotes_of(&self, doc: &DocumentId) -> Vec<&crate::model::Quote> {
        self.quotes_in(doc)
            .into_iter()
            .filter_map(|(p, i)| self.project.layers.get(&p)?.quotes.get(i))
            .collect()
    }

    /// The quotes whose verdicts changed after `revision` (with the quotes as they were
    /// then: anything else changes `quotes_revision`), or `None` when that is further back
    /// than the log goes. Review mode re-reads those rows only.
    pub fn verdicts_changed_since(&self, revision: u64) -> Option<Vec<QuoteId>> {
        let mut changed = Vec::new();
        let mut next = revision + 1;
        for (at, quotes) in self.verdict_log.iter().filter(|(at, _)| *at > revision) {
            if *at != next {
                return None;
            }
            changed.extend(quotes.iter().cloned());
            next += 1;
        }
        (next == self.revision + 1).then_some(changed)
    }

    /// The quote index as of the current quotes, made again if they changed since.
    fn quote_index(&self) -> std::cell::Ref<'_, QuoteIndex> {
        let current = {
            let (made, index) = &*self.quote_index.borrow();
            *made == Some(self.quotes_revision) && index.fits(&self.project)
        };
        if !current {
            *self.quote_index.borrow_mut() =
                (Some(self.quotes_revision), QuoteIndex::of(&self.project));
        }
        std::cell::Ref::map(self.quote_index.borrow(), |(_, index)| index)
    }

    /// The quote with this id, in any layer.
    pub fn find_quote(&self, id: &QuoteId) -> Option<&crate::model::Quote> {
        let (person, at) = self.quote_place(id)?;
        self.project
            .layers
            .get(&person)
            .and_then(|l| l.quotes.get(at))
            .filter(|q| &q.id == id)
    }

    /// Where the quote `id` is: its layer and place, from the id index (made again after a
    /// change of the quotes).
    fn quote_place(&self, id: &QuoteId) -> Option<(PersonId, usize)> {
        let index = self.quote_index();
        // A verdict leaves the quotes and the index as they were; anything else that moved a
        // quote changed `quotes_revision`. Checked all the same: never a wrong quote.
        let found = index.places_of(id).find_map(|(l, at)| {
            let (person, layer) = self.project.layers.iter().nth(l as usize)?;
            let q = layer.quotes.get(at as usize)?;
            (&q.id == id).then(|| (person.clone(), at as usize))
        });
        if found.is_some() {
            found
        } else {
            drop(index);
            self.project.layers.iter().find_map(|(p, l)| {
                l.quotes
                    .iter()
                    .position(|q| &q.id == id)
                    .map(|i| (p.clone(), i))
            })
        }
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Whether the autosave is due at `now`: not while the saver thread still makes and
    /// writes the last one (the next is prepared against what that one leaves on disk).
    pub fn autosave_due(&self, now: Instant) -> bool {
        self.is_dirty()
            && !self.saver.busy()
            && self
                .last_edit
                .is_none_or(|t| now.duration_since(t) >= AUTOSAVE_AFTER)
    }

    /// Writes the changed files (atomically, each only if its bytes changed) and empties the
    /// journal, before returning. On failure everything stays dirty and the journal keeps the
    /// edits.
    pub fn save(&mut self) -> Result<Vec<String>, StoreError> {
        for done in self.saver.flush() {
            self.take_written(done)?;
        }
        let keys: Vec<FileKey> = self.dirty.iter().cloned().collect();
        let written = self.dir.save(Arc::make_mut(&mut self.project), &keys)?;
        self.took_merges();
        self.dirty.clear();
        self.saved_at = Some(jiff::Timestamp::now());
        self.empty_journal()?;
        Ok(written)
    }

    /// The autosave: the changed files become bytes here and are written by the saver thread,
    /// so the window does not wait for the disk. [`Workspace::poll_saves`] takes the outcome.
    pub fn autosave(&mut self) -> Result<(), StoreError> {
        let keys: Vec<FileKey> = self.dirty.iter().cloned().collect();
        let writes = self.dir.prepare(Arc::make_mut(&mut self.project), &keys)?;
        self.took_merges();
        self.dirty.clear();
        if writes.is_empty() {
            if !self.saver.busy() {
                self.saved_at = Some(jiff::Timestamp::now());
                self.empty_journal()?;
            }
            return Ok(());
        }
        if let Some(done) = self.saver.send(writes, self.journal.appended()) {
            self.take_written(done)?;
        }
        Ok(())
    }

    /// Takes in the saves the saver thread finished; an error names the file that failed
    /// (it is dirty again, and the journal still holds its edits).
    pub fn poll_saves(&mut self) -> Result<(), StoreError> {
        for done in self.saver.finished() {
            self.take_written(done)?;
        }
        Ok(())
    }

    /// Whether the saver thread is still writing.
    pub fn saving(&self) -> bool {
        self.saver.busy()
    }

    fn take_written(&mut self, done: super::saver::Written) -> Result<(), StoreError> {
        // The saver has let go of the layers it wrote: one an edit copied meanwhile (a
        // 500,000-quote layer, 0.2 GB) is freed now.
        crate::memory::give_back();
        for file in done.written {
            self.dir.confirm(file);
        }
        let whole = done.stopped.is_empty();
        if whole {
            self.saves_stopped_since = None;
        }
        // Given up for an edit: still to be saved, with the next autosave.
        for key in done.stopped {
            self.dir.write_failed(&key);
            self.dirty.insert(key);
        }
        match done.failed {
            None => {
                if whole {
                    self.saved_at = Some(jiff::Timestamp::now());
                }
                if done.journal_mark == self.journal.appended() && !self.saver.busy() {
                    self.empty_journal()?;
                }
                Ok(())
            }
            Some((failed, e)) => {
                for key in failed {
                    self.dir.write_failed(&key);
                    self.dirty.insert(key);
                }
                Err(e)
            }
        }
    }

    /// Empties the journal when everything in it is on disk (not while a recovery waits).
    fn empty_journal(&mut self) -> Result<(), StoreError> {
        if self.recovery.is_some() || self.is_dirty() || self.saver.busy() {
            return Ok(());
        }
        self.journal.clear().map_err(|e| StoreError::Io {
            path: self.journal.path().to_owned(),
            source: e,
        })
    }

    /// Replays the edits a crashed session left, as one undo step; returns how many applied.
    pub fn recover(&mut self) -> usize {
        let Some(rec) = self.recovery.take() else {
            return 0;
        };
        let mut applied = Vec::new();
        let mut inverses = Vec::new();
        for entry in rec.entries {
            let files = entry.action.files();
            if let Ok(inv) = entry.action.clone().apply(Arc::make_mut(&mut self.project)) {
                inverses.push(inv);
                applied.push(entry.action);
                let owned: Vec<FileKey> = files.into_iter().filter(|k| self.writes(k)).collect();
                self.dirty.extend(owned);
            }
        }
        let n = applied.len();
        if n > 0 {
            inverses.reverse();
            self.history.record(
                "recover unsaved edits",
                Action::Batch(inverses),
                None,
                Instant::now(),
            );
            self.last_edit = Some(Instant::now());
            self.revision += 1;
            self.quotes_revision += 1;
        }
        // The old journal's entries are now in memory and dirty: start a fresh journal with them,
        // so a second crash before the save still has them.
        let cleared = self.journal.clear();
        self.journal_trouble(cleared);
        for a in &applied {
            let written = self.journal.append(a, jiff::Timestamp::now());
            self.journal_trouble(written);
        }
        n
    }

    /// Declines the recovery; the old journal is kept aside on disk, not deleted.
    pub fn discard_recovery(&mut self) -> Option<std::path::PathBuf> {
        self.recovery.take()?;
        self.journal.set_aside().ok()
    }

    /// Adds imported documents (their articles are stored already) and saves the manifest at
    /// once, so that stored articles are never left out of it. Not undoable: articles are
    /// never deleted.
    pub fn add_documents(
        &mut self,
        documents: Vec<(crate::model::Document, String)>,
    ) -> Result<(), StoreError> {
        if documents.is_empty() {
            return Ok(());
        }
        let project = Arc::make_mut(&mut self.project);
        for (d, text) in documents {
            if !project.manifest.languages.contains(&d.language) {
                project.manifest.languages.push(d.language);
            }
            project.texts.written(d.id.clone(), text);
            Arc::make_mut(&mut project.manifest.documents).push(d);
        }
        self.revision += 1;
        self.quotes_revision += 1;
        self.documents_revision += 1;
        if self.current.is_none() {
            self.current = project.manifest.documents.first().map(|d| d.id.clone());
        }
        self.dir
            .save(Arc::make_mut(&mut self.project), &[FileKey::Manifest])?;
        self.took_merges();
        Ok(())
    }

    /// The coder closes without saving: the unsaved edits are not offered again next time,
    /// but their journal is moved aside rather than deleted.
    pub fn abandon_unsaved(&mut self) {
        if self.is_dirty() {
            let aside = self.journal.set_aside().map(|_| ());
            self.journal_trouble(aside);
        }
        self.dirty.clear();
    }

    /// The text of `doc` in search form, made on first use and kept.
    pub fn folded(&self, doc: &DocumentId) -> Option<Arc<Folded>> {
        let mut cache = self.folded.borrow_mut();
        if let Some(f) = cache.get(doc) {
            return Some(Arc::clone(f));
        }
        let f = Arc::new(Folded::new(&self.project.texts.get(doc)?));
        cache.insert(doc.clone(), Arc::clone(&f));
        Some(f)
    }
}

/// What a second window of the same coder is told.
fn another_window(coder: &Person, who: &str) -> String {
    format!(
        "{} already has this project open in another window, {who}. Both windows' work is kept (saves merge), but it is clearer to code in one.",
        coder.name
    )
}

/// How long autosaves may be given up for edits in a row before one is let finish (see
/// `Workspace::let_go_of_big_layers`): the journal keeps the edits meanwhile, but the
/// others see them only once saved.
const SAVES_STOPPED_FOR: Duration = Duration::from_secs(60);

/// How long an edit waits for the saver to give a save up (it looks every megabyte it
/// writes, a few milliseconds apart); past that the layer is copied.
pub const STOP_PATIENCE: Duration = Duration::from_millis(40);

/// Layers of at least this many quotes have their save given up for an edit rather than
/// being copied (a copy of a smaller one costs less than a save given up and made again).
pub const STOP_SAVES_FROM: usize = 50_000;

/// How many revisions back [`Workspace::verdicts_changed_since`] can tell (review mode asks
/// every frame, so a few would do).
const VERDICT_LOG: usize = 64;

/// The quotes whose verdicts `action` sets.
fn reviewed_quotes(action: &Action, into: &mut Vec<QuoteId>) {
    match action {
        Action::SetReview { quote, .. } => into.push(quote.clone()),
        Action::Batch(all) => all.iter().for_each(|a| reviewed_quotes(a, into)),
        _ => {}
    }
}

/// Whether an action leaves quotes, speakers, topics and documents as they were: verdicts and
/// the list of people (an editor joins with a first verdict). The review table then only
/// refreshes its verdict column instead of rebuilding its index.
fn leaves_quotes(action: &Action) -> bool {
    match action {
        Action::SetReview { .. } | Action::AddPerson(_) | Action::RemovePerson { .. } => true,
        Action::Batch(all) => all.iter().all(leaves_quotes),
        _ => false,
    }
}
