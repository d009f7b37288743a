//! Files changed from outside (a pull, a sync, another window): found by what was last seen
//! of each file, and brought into the open project.

use super::*;

impl ProjectDir {
    /// Whether the file behind `key` changed on disk since it was last read or written here;
    /// if so, its bytes. Reads the file only when its size or time changed.
    pub(super) fn changed_on_disk(&mut self, key: &FileKey) -> Result<Option<Vec<u8>>, StoreError> {
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
                        let (merged, report) = self.merge_with_disk(project, p, &theirs);
                        if merged != theirs {
                            unsaved = true;
                        }
                        reports.push((rel.clone(), report));
                        self.layer_bases.insert(p.clone(), LayerDigest::of(&theirs));
                        merged
                    } else {
                        reports.push((rel.clone(), MergeReport::default()));
                        theirs
                    };
                    recheck_changed(project, p, &merged);
                    project.layers.insert(p.clone(), merged.into());
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
            // Read from the articles folder when asked for, like every stored text.
            for id in missing {
                project.texts.mark_stored(id);
            }
        }
        follow_merges(project);
        Ok((reports, unsaved))
    }
}
