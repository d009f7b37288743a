//! Saving: each changed file merged with what changed on disk since it was read (`prepare`,
//! on the UI thread), then made into bytes and written atomically (`PendingWrite::write`, on
//! the saver thread in the window).

use super::*;

/// One file's new bytes, made by [`ProjectDir::prepare`], written by [`PendingWrite::write`].
/// A layer's bytes are made by the write itself, on whichever thread writes (the saver's,
/// in the window): a layer of 500,000 quotes is 250 MB of text, half a second and more that
/// the window would otherwise stand still for.
#[derive(Debug)]
pub struct PendingWrite {
    pub key: FileKey,
    /// The path relative to the project folder.
    pub rel: String,
    path: PathBuf,
    content: Content,
    /// The fingerprint of what must be on disk for the write to go ahead (`None`: the file was
    /// never read here, so anything there is checked by the merge that prepared these bytes).
    expect: Option<u64>,
}

#[derive(Debug)]
enum Content {
    /// The bytes themselves (the registries, a layer whose bytes were asked for).
    Ready {
        bytes: String,
        /// A layer's digest as written: the base of its later merges.
        base: Option<LayerDigest>,
    },
    /// A layer, to be turned into bytes when written.
    Layer(LayerJob),
}

/// What making a layer's bytes needs, shared with the window's project (no copy: the layer
/// is an `Arc`, copied only if the window edits it meanwhile).
#[derive(Debug)]
struct LayerJob {
    layer: Arc<Layer>,
    /// Where each quote lies in the file as last written (see [`layer_text::QuoteTexts`]);
    /// `None` for a layer's first save here, written directly (all that a command such as
    /// `naql import-annotations` makes).
    cache: Option<Arc<Mutex<layer_text::QuoteTexts>>>,
    /// Whether the digest (the base of later merges) is wanted.
    with_base: bool,
    /// The fingerprint of the bytes last written here: the same bytes again are not written.
    last_written: Option<u64>,
}

impl LayerJob {
    /// The layer's bytes, handed to `spill` in pieces as they are made instead of held
    /// whole (250 MB for a layer of 500,000 quotes), unchanged quotes copied from `on_disk`
    /// if that is the file as last written; gives back the digest.
    fn spill(
        &self,
        on_disk: Option<&mut OnDisk>,
        on_disk_print: Option<u64>,
        spill: &mut layer_text::Spill<'_>,
    ) -> std::io::Result<Option<LayerDigest>> {
        let Some(cache) = &self.cache else {
            layer_text::spill_layer(&self.layer, spill)?;
            return Ok(self.with_base.then(|| LayerDigest::of(&self.layer)));
        };
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let previous = on_disk
            .filter(|_| cache.has_quotes() && on_disk_print == cache.written)
            .map(|d| d as &mut dyn layer_text::PreviousText);
        let digest = layer_text::spill_layer_cached(&self.layer, &mut cache, previous, spill)?;
        Ok(self.with_base.then_some(digest))
    }
}

impl PendingWrite {
    /// Writes the file atomically (temporary file, fsync, rename, fsync of the folder), unless
    /// someone else changed it since it was prepared, or its bytes are those last written.
    pub fn write(&self) -> Result<WrittenFile, StoreError> {
        self.write_unless(&std::sync::atomic::AtomicBool::new(false))
    }

    /// [`PendingWrite::write`], given up while a layer's bytes are made as soon as `stop`
    /// is set (the file on disk is left as it was): the window's edit of a layer the
    /// writer holds then need not copy it.
    pub fn write_unless(
        &self,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<WrittenFile, StoreError> {
        if let Some(parent) = self.path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        // The file as it is now: checked against what the write expects, and the source of
        // a layer's unchanged quotes.
        let wants_old = self.expect.is_some()
            || matches!(&self.content, Content::Layer(j) if j.cache.is_some());
        // Read a window at a time, not held whole (see `OnDisk`).
        let (mut on_disk, on_disk_print) = wants_old
            .then(|| OnDisk::open_unless(&self.path, stop))
            .flatten()
            .unzip();
        let stopped = || StoreError::io(&self.path, given_up());
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(stopped());
        }
        if let (Some(expect), Some(now)) = (self.expect, on_disk_print)
            && now != expect
        {
            return Err(StoreError::ChangedOnDisk {
                path: self.path.clone(),
            });
        }
        let (print, len, base, written) = match &self.content {
            Content::Ready { bytes, base } => {
                let print = fingerprint(bytes.as_bytes());
                write_atomic(&self.path, bytes.as_bytes())
                    .map_err(|e| StoreError::io(&self.path, e))?;
                (print, bytes.len(), base.clone(), true)
            }
            Content::Layer(job) => {
                // Made as it is written, fingerprinted on the way; put in place unless it
                // is the bytes last written, still on disk.
                let unchanged =
                    |print: u64| job.last_written == Some(print) && on_disk_print == Some(print);
                let ((print, len, base), written) = atomic::write_atomic_with(
                    &self.path,
                    |file| {
                        let mut out = PrintingWriter::new(file);
                        let base = job.spill(on_disk.as_mut(), on_disk_print, &mut |text| {
                            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                                return Err(given_up());
                            }
                            out.write(text.as_bytes())
                        })?;
                        let (print, len) = out.finish()?;
                        Ok((print, len, base))
                    },
                    // Not put in place once asked to stop (the fsync of 250 MB can take
                    // longer than the rest).
                    |&(print, _, _)| {
                        !unchanged(print) && !stop.load(std::sync::atomic::Ordering::Relaxed)
                    },
                )
                .map_err(|e| StoreError::io(&self.path, e))?;
                if !written && !unchanged(print) {
                    return Err(stopped());
                }
                if let Some(c) = &job.cache {
                    c.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .written = Some(print);
                }
                (print, len, base, written)
            }
        };
        let seen = written.then(|| Seen::printed(&self.path, print, len));
        Ok(WrittenFile {
            key: self.key.clone(),
            rel: self.rel.clone(),
            seen,
            print,
            base,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bytes to be written, made now if they are a layer's.
    pub fn bytes(&mut self) -> &[u8] {
        if let Content::Layer(job) = &self.content {
            let (mut on_disk, print) = OnDisk::open(&self.path).unzip();
            let mut bytes = String::new();
            let made = job.spill(on_disk.as_mut(), print, &mut |text| {
                bytes.push_str(text);
                Ok(())
            });
            // Pieces pushed into a string fail only if memory does.
            let base = made.ok().flatten();
            bytes.shrink_to_fit();
            self.content = Content::Ready { bytes, base };
        }
        match &self.content {
            Content::Ready { bytes, .. } => bytes.as_bytes(),
            Content::Layer(_) => &[],
        }
    }
}

/// Why a write asked to stop ([`PendingWrite::write_unless`]) did not finish.
fn given_up() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "given up for an edit")
}

/// A file that reached the disk (or was found to hold these bytes already), for
/// [`ProjectDir::confirm`].
#[derive(Debug)]
pub struct WrittenFile {
    pub key: FileKey,
    pub rel: String,
    /// What was written (`None`: nothing, the bytes were those on disk).
    seen: Option<Seen>,
    /// The fingerprint of the bytes.
    print: u64,
    /// A layer's digest as written.
    base: Option<LayerDigest>,
}

impl WrittenFile {
    /// Whether the file was written (not left as it was, holding these bytes already).
    pub fn was_written(&self) -> bool {
        self.seen.is_some()
    }
}

impl ProjectDir {
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
                    if done.was_written() {
                        written.push(done.rel.clone());
                    }
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
    pub(super) fn saw(&mut self, key: FileKey, seen: Seen) {
        self.fingerprints.insert(key.clone(), seen.print);
        self.seen.insert(key, seen);
    }

    /// The file a key is saved to now: the registries go to the owner's people file.
    pub(super) fn target(&self, key: &FileKey) -> FileKey {
        match (key, &self.owner) {
            (FileKey::Manifest, Some(owner)) => FileKey::People(owner.clone()),
            _ => key.clone(),
        }
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
            // The registries' bytes, made here; a layer's are made by the write.
            let bytes;
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
                    bytes = manifest_bytes(manifest).map_err(|e| StoreError::Invalid {
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
                    bytes = contribution_bytes(c).map_err(|e| StoreError::Invalid {
                        path: path.clone(),
                        message: format!("could not be written: {e}"),
                    })?;
                }
                FileKey::Layer(p) => {
                    if let Some(theirs) = on_disk {
                        let text = utf8_of(&path, theirs)?;
                        let theirs = parse_layer(&path, &text)?;
                        let (merged, report) = self.merge_with_disk(project, p, &theirs);
                        recheck_changed(project, p, &merged);
                        project.layers.insert(p.clone(), merged.into());
                        follow_merges(project);
                        self.merges.push((rel.clone(), report));
                        self.layer_bases.insert(p.clone(), LayerDigest::of(&theirs));
                    }
                    let Some(layer) = project.layers.get(p) else {
                        continue;
                    };
                    // The bytes are made by the write (see `PendingWrite`). A layer's first
                    // save here writes directly; where each quote lies is recorded from the
                    // second save on.
                    let cache = match self.quote_texts.get(p) {
                        Some(cache) => Some(cache.clone()),
                        None => {
                            self.quote_texts.insert(p.clone(), Default::default());
                            None
                        }
                    };
                    // A changed file is written whatever the bytes (the disk no longer
                    // holds them).
                    let last_written = self
                        .fingerprints
                        .get(&key)
                        .copied()
                        .filter(|_| !disk_changed);
                    out.push(PendingWrite {
                        key: key.clone(),
                        rel,
                        path,
                        content: Content::Layer(LayerJob {
                            layer: layer.clone(),
                            cache,
                            with_base: self.merges_layer(p),
                            last_written,
                        }),
                        expect,
                    });
                    continue;
                }
            }
            let print = fingerprint(bytes.as_bytes());
            if self.fingerprints.get(&key) == Some(&print) && path.exists() && !disk_changed {
                continue;
            }
            self.fingerprints.insert(key.clone(), print);
            out.push(PendingWrite {
                key: key.clone(),
                rel,
                path,
                content: Content::Ready { bytes, base: None },
                expect,
            });
        }
        Ok(out)
    }

    /// Appends what changed in the registries since the last save to `person`'s changes.
    pub(super) fn record_registry_changes(&mut self, person: &PersonId, project: &mut Project) {
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

    /// Whether this folder merges `person`'s layer with changes on disk (its owner's, or one
    /// it has a merge base of), and so keeps the digest of each write as the next base.
    fn merges_layer(&self, person: &PersonId) -> bool {
        self.owner.as_ref() == Some(person) || self.layer_bases.contains_key(person)
    }

    /// A prepared write reached the disk: it is what this folder last saw there.
    pub fn confirm(&mut self, written: WrittenFile) {
        self.fingerprints.insert(written.key.clone(), written.print);
        if let Some(seen) = written.seen {
            self.seen.insert(written.key.clone(), seen);
        }
        if let (FileKey::Layer(p), Some(base)) = (&written.key, written.base)
            && self.merges_layer(p)
        {
            self.layer_bases.insert(p.clone(), base);
        }
    }

    /// `person`'s layer in memory merged three ways with `theirs` from disk, against the
    /// layer as last read: what a save and a reload both do with a layer someone else wrote.
    pub(super) fn merge_with_disk(
        &self,
        project: &Project,
        person: &PersonId,
        theirs: &Layer,
    ) -> (Layer, MergeReport) {
        let empty;
        let ours = match project.layers.get(person) {
            Some(l) => &**l,
            None => {
                empty = Layer::new(person.clone());
                &empty
            }
        };
        merge_layers(self.layer_bases.get(person), ours, theirs)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's thread only says what to write: a layer's bytes are made by the write,
    /// on the saver thread, from the layer as it was when prepared.
    #[test]
    fn a_layers_bytes_are_made_by_the_write_from_the_layer_as_prepared() {
        let tmp = tempfile::tempdir().unwrap();
        crate::sample::install(tmp.path()).unwrap();
        let mut loaded = ProjectDir::open(tmp.path()).unwrap();
        let sara = PersonId::new("sara");
        let edit = |p: &mut Project, note: &str| {
            if let Some(l) = p.layer_mut(&sara) {
                l.quotes[0].note = note.into();
            }
        };
        edit(&mut loaded.project, "پیش از ذخیره");
        let keys = [FileKey::Layer(sara.clone())];
        let pending = loaded.dir.prepare(&mut loaded.project, &keys).unwrap();
        assert_eq!(pending.len(), 1);
        assert!(
            matches!(pending[0].content, Content::Layer(_)),
            "the bytes are not made yet"
        );
        edit(&mut loaded.project, "after");
        let written = std::thread::scope(|s| s.spawn(|| pending[0].write()).join().unwrap());
        assert!(written.unwrap().was_written());
        let text = fs::read_to_string(tmp.path().join("annotations/sara.ron")).unwrap();
        assert!(text.contains("پیش از ذخیره") && !text.contains("after"));
    }
}
