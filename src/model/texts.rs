//! The article texts of a project, read when they are needed instead of all held.
//!
//! A media-monitoring project has 100,000 articles and more: holding every text would cost as
//! much memory as the articles take on disk, for a window that shows one at a time and passes
//! (validation, exports) that look at each once. So a loaded project knows which documents
//! have a stored text and reads one through a [`TextSource`] the store gives when asked,
//! keeping the last few read. Texts made in memory (an import before it is written, the
//! sample, tests) are held.
//!
//! The model does no I/O: the source is a trait the store implements.

use super::DocumentId;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};

/// Where stored texts are read from (the project's `articles/` folder).
pub trait TextSource: Send + Sync {
    /// The text of `id`, read now, or why it cannot be read.
    fn read(&self, id: &DocumentId) -> Result<String, String>;

    /// The bytes of the text of `id`, read into `buffer` (emptied first), or why they cannot
    /// be read: for a pass over every document, which reuses one buffer rather than making
    /// a `String` for each text. The bytes are not checked as UTF-8 here.
    fn read_into(&self, id: &DocumentId, buffer: &mut Vec<u8>) -> Result<(), String> {
        let text = self.read(id)?;
        buffer.clear();
        buffer.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// How many recently read texts are kept, and how many bytes they may take in all: the
/// window shows one article at a time, and goes back and forth between a few.
const RECENT_TEXTS: usize = 16;
const RECENT_BYTES: usize = 32 << 20;

#[derive(Default)]
struct Recent {
    /// Newest first.
    texts: VecDeque<(DocumentId, Arc<str>)>,
    bytes: usize,
}

/// Every document's text, by id: held in memory or stored and read on demand.
#[derive(Clone, Default)]
pub struct Texts {
    held: BTreeMap<DocumentId, Arc<str>>,
    stored: BTreeSet<DocumentId>,
    source: Option<Arc<dyn TextSource>>,
    /// Shared by clones: a text read once serves every copy of the project.
    recent: Arc<Mutex<Recent>>,
}

impl Texts {
    /// The texts of `ids`, read from `source` when asked for.
    pub fn stored_in(
        source: Arc<dyn TextSource>,
        ids: impl IntoIterator<Item = DocumentId>,
    ) -> Self {
        Self {
            stored: ids.into_iter().collect(),
            source: Some(source),
            ..Self::default()
        }
    }

    /// Holds `text` in memory as the text of `id`.
    pub fn insert(&mut self, id: DocumentId, text: impl Into<Arc<str>>) {
        self.held.insert(id, text.into());
    }

    /// Records that the text of `id` is stored and can be read from the source (it was just
    /// written, or arrived from outside), and lets go of the copy held for it, if any. Without
    /// a source, nothing changes.
    pub fn mark_stored(&mut self, id: DocumentId) {
        if self.source.is_some() {
            self.held.remove(&id);
            self.stored.insert(id);
        }
    }

    /// `text` was just stored as the text of `id`: it is read from the source from now on,
    /// or held when there is no source.
    pub fn written(&mut self, id: DocumentId, text: impl Into<Arc<str>>) {
        if self.source.is_some() {
            self.mark_stored(id);
        } else {
            self.insert(id, text);
        }
    }

    /// Takes the held text of `id` out (a stored text stays where it is, and is read).
    pub fn remove(&mut self, id: &DocumentId) -> Option<Arc<str>> {
        match self.held.remove(id) {
            Some(t) => Some(t),
            None => self.read(id),
        }
    }

    pub fn contains_key(&self, id: &DocumentId) -> bool {
        self.held.contains_key(id) || self.stored.contains(id)
    }

    /// Every document with a text, in id order.
    pub fn ids(&self) -> impl Iterator<Item = &DocumentId> {
        let mut held = self.held.keys().peekable();
        let mut stored = self.stored.iter().peekable();
        std::iter::from_fn(move || match (held.peek(), stored.peek()) {
            (Some(h), Some(s)) if h < s => held.next(),
            (Some(h), Some(s)) if h == s => {
                stored.next();
                held.next()
            }
            (Some(_), None) => held.next(),
            _ => stored.next(),
        })
    }

    pub fn len(&self) -> usize {
        self.held.len()
            + self
                .stored
                .iter()
                .filter(|id| !self.held.contains_key(*id))
                .count()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty() && self.stored.is_empty()
    }

    /// The text of `id`, kept among the recent ones: for the window, which asks for the same
    /// article every frame.
    pub fn get(&self, id: &DocumentId) -> Option<Arc<str>> {
        if let Some(t) = self.held.get(id) {
            return Some(t.clone());
        }
        if !self.stored.contains(id) {
            return None;
        }
        if let Some(t) = self.recent_text(id) {
            return Some(t);
        }
        let text: Arc<str> = self.read_stored(id).ok()?;
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.bytes += text.len();
        recent.texts.push_front((id.clone(), text.clone()));
        while recent.texts.len() > RECENT_TEXTS
            || (recent.bytes > RECENT_BYTES && recent.texts.len() > 1)
        {
            if let Some((_, old)) = recent.texts.pop_back() {
                recent.bytes -= old.len();
            }
        }
        Some(text)
    }

    /// The text of `id`, read without keeping it: for passes over every document, which
    /// would only push the window's articles out.
    pub fn read(&self, id: &DocumentId) -> Option<Arc<str>> {
        self.read_or_why(id).ok()
    }

    /// The text of `id` given to `f`, read through `buffer` (see [`TextSource::read_into`])
    /// when it is stored, or why there is none: for a pass over every document on every core,
    /// with a buffer per core. The recent texts are not looked at: the stored one is the
    /// same, and their lock would be taken by every core for every document.
    pub fn with_text_or_why<R>(
        &self,
        id: &DocumentId,
        buffer: &mut Vec<u8>,
        f: impl FnOnce(Result<&str, String>) -> R,
    ) -> R {
        if let Some(t) = self.held.get(id) {
            return f(Ok(t));
        }
        let source = match &self.source {
            Some(source) if self.stored.contains(id) => source,
            _ => return f(Err(format!("the text of document {:?} is missing", id.0))),
        };
        if let Err(why) = source.read_into(id, buffer) {
            return f(Err(why));
        }
        match simdutf8::basic::from_utf8(buffer) {
            Ok(text) => f(Ok(text)),
            // The full message, with the line, comes from the reader that copies.
            Err(_) => match source.read(id) {
                Ok(text) => f(Ok(&text)),
                Err(why) => f(Err(why)),
            },
        }
    }

    /// [`Texts::read`], or why there is no text.
    pub fn read_or_why(&self, id: &DocumentId) -> Result<Arc<str>, String> {
        if let Some(t) = self.held.get(id) {
            return Ok(t.clone());
        }
        if !self.stored.contains(id) {
            return Err(format!("the text of document {:?} is missing", id.0));
        }
        if let Some(t) = self.recent_text(id) {
            return Ok(t);
        }
        self.read_stored(id)
    }

    fn recent_text(&self, id: &DocumentId) -> Option<Arc<str>> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent
            .texts
            .iter()
            .find(|(d, _)| d == id)
            .map(|(_, t)| t.clone())
    }

    fn read_stored(&self, id: &DocumentId) -> Result<Arc<str>, String> {
        match &self.source {
            Some(source) => source.read(id).map(Arc::from),
            None => Err(format!("the text of document {:?} is missing", id.0)),
        }
    }
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Texts")
            .field("held", &self.held.len())
            .field("stored", &self.stored.len())
            .finish()
    }
}

/// Two sets of texts are equal when they have the same documents with the same texts,
/// wherever each is kept (a project loaded from disk equals the one that was saved).
impl PartialEq for Texts {
    fn eq(&self, other: &Self) -> bool {
        self.ids().eq(other.ids()) && self.ids().all(|id| self.read(id) == other.read(id))
    }
}

impl Eq for Texts {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize);
    impl TextSource for Counting {
        fn read(&self, id: &DocumentId) -> Result<String, String> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(format!("text of {id}"))
        }
    }

    fn ids(names: &[&str]) -> Vec<DocumentId> {
        names.iter().map(|n| DocumentId::new(*n)).collect()
    }

    #[test]
    fn stored_texts_are_read_on_demand_and_recent_ones_kept() {
        let source = Arc::new(Counting(AtomicUsize::new(0)));
        let texts = Texts::stored_in(source.clone(), ids(&["a", "b"]));
        assert_eq!(source.0.load(Ordering::Relaxed), 0, "nothing read up front");
        assert_eq!(texts.get(&"a".into()).as_deref(), Some("text of a"));
        assert_eq!(texts.get(&"a".into()).as_deref(), Some("text of a"));
        assert_eq!(
            source.0.load(Ordering::Relaxed),
            1,
            "the second get is kept"
        );
        // A pass over every document does not keep what it reads.
        texts.read(&"b".into());
        texts.read(&"b".into());
        assert_eq!(source.0.load(Ordering::Relaxed), 3);
        assert_eq!(texts.get(&"c".into()), None, "not a stored document");
    }

    #[test]
    fn only_the_last_few_are_kept() {
        let source = Arc::new(Counting(AtomicUsize::new(0)));
        let names: Vec<String> = (0..RECENT_TEXTS + 4).map(|i| format!("d{i:02}")).collect();
        let all: Vec<DocumentId> = names.iter().map(|n| DocumentId::new(n.as_str())).collect();
        let texts = Texts::stored_in(source.clone(), all.clone());
        for id in &all {
            texts.get(id);
        }
        let before = source.0.load(Ordering::Relaxed);
        texts.get(&all[0]);
        assert_eq!(
            source.0.load(Ordering::Relaxed),
            before + 1,
            "the oldest was let go"
        );
        texts.get(all.last().unwrap());
        assert_eq!(
            source.0.load(Ordering::Relaxed),
            before + 1,
            "the newest is kept"
        );
    }

    #[test]
    fn held_and_stored_ids_merge_in_order() {
        let source = Arc::new(Counting(AtomicUsize::new(0)));
        let mut texts = Texts::stored_in(source, ids(&["b", "d"]));
        texts.insert("a".into(), "held a");
        texts.insert("d".into(), "held d");
        texts.insert("e".into(), "held e");
        let listed: Vec<&str> = texts.ids().map(|d| d.as_str()).collect();
        assert_eq!(listed, ["a", "b", "d", "e"]);
        assert_eq!(texts.len(), 4);
        assert_eq!(
            texts.get(&"d".into()).as_deref(),
            Some("held d"),
            "held wins"
        );
        texts.mark_stored("d".into());
        assert_eq!(texts.get(&"d".into()).as_deref(), Some("text of d"));
    }

    #[test]
    fn equal_by_content_wherever_kept() {
        let source = Arc::new(Counting(AtomicUsize::new(0)));
        let stored = Texts::stored_in(source, ids(&["a"]));
        let mut held = Texts::default();
        held.insert("a".into(), "text of a");
        assert_eq!(stored, held);
        held.insert("a".into(), "another text");
        assert_ne!(stored, held);
    }
}
