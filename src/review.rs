//! The editor's table: every quote of the project as a row, filtered and sorted. Pure data, so
//! that the same filtering is tested and benchmarked without a window.
//!
//! [`ReviewIndex::build`] turns the project into compact rows once per change (names ranked,
//! verdicts looked up, texts folded); [`ReviewIndex::view`] then filters and sorts by integer
//! keys only, which keeps a keystroke in the filter well inside a frame for 200,000 quotes.

use crate::model::search::{fold, fold_into};
use crate::model::{DocumentId, PersonId, Project, Quote, QuoteKind, SpeakerId, TopicId, Verdict};
use std::collections::HashMap;

/// What a row's review column shows: the latest verdict any editor gave, or none yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Unreviewed,
    Reviewed(Verdict),
}

/// One quote in the table. Rows are the quotes of every layer one after the other, so a
/// row's place says whose quote it is and where ([`ReviewIndex::place`]): 32 bytes a row.
#[derive(Clone, Debug)]
pub struct Row {
    pub document: u32,
    /// Rank of the speaker's name among all names; `u32::MAX` without a speaker.
    pub speaker: u32,
    pub kind: QuoteKind,
    pub status: Status,
    /// Rank of the first topic's name; `u32::MAX` without topics.
    pub topic: u32,
    /// Rank of the quote's folded text.
    pub text: u32,
    /// The first 64 topics of the codebook the quote carries, one bit each.
    pub topics: u64,
    /// Rank in reading order (document, position, coder): the tie-break of every sort.
    pub reading: u32,
    pub orphaned: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Document,
    Speaker,
    Kind,
    Topics,
    Coder,
    Status,
    Text,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Document,
        Column::Speaker,
        Column::Kind,
        Column::Topics,
        Column::Coder,
        Column::Status,
        Column::Text,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Document => "Document",
            Column::Speaker => "Speaker",
            Column::Kind => "Kind",
            Column::Topics => "Topics",
            Column::Coder => "Coder",
            Column::Status => "Verdict",
            Column::Text => "Quote",
        }
    }
}

/// The filters an editor combines; `None` or empty means "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub speaker: Option<SpeakerId>,
    pub topic: Option<TopicId>,
    pub kind: Option<QuoteKind>,
    pub coder: Option<PersonId>,
    pub document: Option<DocumentId>,
    pub status: Option<Status>,
    /// Matched in the quote's text, its speaker's names, its note and its document's metadata
    /// (`section: سیاسی`, an author, the URL), with Persian and Arabic letters, digits and ZWNJ
    /// folded as search folds them.
    pub text: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

/// The project's quotes as rows, ready to filter and sort.
#[derive(Default)]
pub struct ReviewIndex {
    pub coders: Vec<PersonId>,
    /// Where each coder's layer starts among the rows.
    layer_starts: Vec<u32>,
    pub rows: Vec<Row>,
    documents: HashMap<DocumentId, u32>,
    speakers: HashMap<SpeakerId, u32>,
    /// Codebook position of each topic, for the topic bit masks.
    topic_bits: HashMap<TopicId, u32>,
    /// The last free-text search (see [`WordHits`]).
    words: std::sync::Mutex<Option<std::sync::Arc<WordHits>>>,
    /// Row index by reading rank.
    by_reading: Vec<u32>,
    /// (upper half of a 64-bit hash of the quote's id, row), sorted: the row of each quote,
    /// for updating verdicts without a pass over every quote. 8 bytes a quote; a map keyed by
    /// copies of the ids took 65. A lookup checks the ids of the rows with its hash.
    row_of: Vec<(u32, u32)>,
    /// Whether every layer's reviews were in their file order (by quote) when the verdicts
    /// were last read whole, as Naql writes and keeps them: then one quote's verdicts are
    /// found by a binary search ([`ReviewIndex::refresh_status_of`]). A hand-edited file may
    /// leave them out of order; verdicts only change in order after that.
    reviews_in_order: bool,
}

/// Quotes one core scans at a time for the free-text filter.
const WORDS_PIECE: usize = if cfg!(test) { 3 } else { 1 << 11 };

/// The rows whose words hold a needle: the free-text filter's answer, in the order of
/// [`ReviewIndex::build`]'s rows.
///
/// No folded copy of the texts is kept (it was as big as the quotes' texts: 0.45 GB at
/// 2,000,000 quotes, more than the project's bytes): each search folds every quote again
/// into a buffer of the core that scans it, and the next search narrows this one's rows
/// when its needle holds this needle (the editor typed on).
#[derive(Debug)]
pub struct WordHits {
    /// The folded needle.
    pub needle: String,
    hits: Vec<bool>,
}

impl WordHits {
    /// Which of `project`'s quotes hold the folded `needle` in their folded text, one of
    /// their speaker's names, their document's metadata or URL, or their note. `narrowing`,
    /// the hits of a needle that `needle` holds over the same quotes, limits the scan to its
    /// rows.
    pub fn find(project: &Project, needle: &str, narrowing: Option<&WordHits>) -> Self {
        use rayon::prelude::*;
        let narrowing = narrowing.filter(|n| needle.contains(n.needle.as_str()));
        let m = &project.manifest;
        // Names and metadata are matched once each, not once per quote that carries them.
        let speakers: std::collections::HashSet<&SpeakerId> = m
            .speakers
            .iter()
            .filter(|sp| sp.names().any(|n| fold(n).contains(needle)))
            .map(|sp| &sp.id)
            .collect();
        let documents: std::collections::HashSet<&DocumentId> = m
            .documents
            .iter()
            .filter(|d| {
                d.metadata
                    .iter()
                    .any(|(k, v)| fold(&format!("{k}: {v}")).contains(needle))
                    || fold(&d.url).contains(needle)
            })
            .map(|d| &d.id)
            .collect();
        let quotes: Vec<&Quote> = project.layers.values().flat_map(|l| &l.quotes).collect();
        let mut hits = vec![false; quotes.len()];
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let holds = |folded: &mut String, text: &str| {
            folded.clear();
            fold_into(folded, text);
            finder.find(folded.as_bytes()).is_some()
        };
        hits.par_chunks_mut(WORDS_PIECE)
            .zip(quotes.par_chunks(WORDS_PIECE))
            .enumerate()
            .for_each_init(String::new, |folded, (piece, (hits, quotes))| {
                let first = piece * WORDS_PIECE;
                for (i, (hit, q)) in hits.iter_mut().zip(quotes).enumerate() {
                    if narrowing.is_some_and(|n| !n.hits[first + i]) {
                        continue;
                    }
                    *hit = q.speaker.as_ref().is_some_and(|s| speakers.contains(s))
                        || documents.contains(&q.document)
                        || holds(folded, &q.anchor.text)
                        || (!q.note.is_empty() && holds(folded, &q.note));
                }
            });
        Self {
            needle: needle.to_string(),
            hits,
        }
    }

    /// How many rows hold the needle.
    pub fn rows(&self) -> usize {
        self.hits.iter().filter(|&&h| h).count()
    }
}

impl ReviewIndex {
    pub fn build(project: &Project) -> Self {
        let m = &project.manifest;
        let documents: HashMap<DocumentId, u32> = m
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i as u32))
            .collect();
        let speakers = ranks(m.speakers.iter().map(|s| (s.id.clone(), s.name.as_str())));
        let topics = ranks(
            m.codebook
                .topics
                .iter()
                .map(|t| (t.id.clone(), t.name.as_str())),
        );
        let topic_bits: HashMap<TopicId, u32> = m
            .codebook
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i as u32))
            .collect();
        let latest = latest_verdicts(project);
        let coders: Vec<PersonId> = project.layers.keys().cloned().collect();
        let mut layer_starts = Vec::with_capacity(coders.len());
        let mut at = 0u32;
        for layer in project.layers.values() {
            layer_starts.push(at);
            at += layer.quotes.len() as u32;
        }
        let quotes: Vec<(u32, &Quote)> = project
            .layers
            .values()
            .enumerate()
            .flat_map(|(c, l)| l.quotes.iter().map(move |q| (c as u32, q)))
            .collect();
        let by_text = text_order(&quotes);
        let mut text_rank = vec![0u32; quotes.len()];
        for (rank, &i) in by_text.iter().enumerate() {
            text_rank[i as usize] = rank as u32;
        }
        let doc_of: Vec<u32> = quotes
            .iter()
            .map(|(_, q)| documents.get(&q.document).copied().unwrap_or(u32::MAX))
            .collect();
        // Keys made once, then sorted: (document and position, coder, row).
        let mut keyed: Vec<(u64, u32, u32)> = quotes
            .iter()
            .enumerate()
            .map(|(i, (c, q))| {
                let at = (doc_of[i] as u64) << 32 | q.anchor.span.start as u64;
                (at, *c, i as u32)
            })
            .collect();
        keyed.sort_unstable();
        let by_reading: Vec<u32> = keyed.into_iter().map(|(_, _, i)| i).collect();
        let mut reading = vec![0u32; quotes.len()];
        for (rank, &i) in by_reading.iter().enumerate() {
            reading[i as usize] = rank as u32;
        }
        let rows = quotes
            .iter()
            .enumerate()
            .map(|(i, &(_, q))| Row {
                topics: q
                    .topics
                    .iter()
                    .filter_map(|t| topic_bits.get(t))
                    .filter(|&&b| b < 64)
                    .fold(0u64, |m, &b| m | 1 << b),
                reading: reading[i],
                document: doc_of[i],
                speaker: q
                    .speaker
                    .as_ref()
                    .and_then(|s| speakers.get(s))
                    .copied()
                    .unwrap_or(u32::MAX),
                kind: q.kind,
                status: latest
                    .get(&q.id)
                    .map_or(Status::Unreviewed, |(_, v)| Status::Reviewed(*v)),
                topic: q
                    .topics
                    .first()
                    .and_then(|t| topics.get(t))
                    .copied()
                    .unwrap_or(u32::MAX),
                text: text_rank[i],
                orphaned: project.orphans.contains_key(&q.id),
            })
            .collect();
        let mut row_of: Vec<(u32, u32)> = quotes
            .iter()
            .enumerate()
            .map(|(i, (_, q))| (short_hash(&q.id), i as u32))
            .collect();
        row_of.sort_unstable();
        Self {
            reviews_in_order: reviews_in_order(project),
            row_of,
            coders,
            layer_starts,
            rows,
            documents,
            speakers,
            topic_bits,
            words: Default::default(),
            by_reading,
        }
    }

    /// Whether the free-text filter has its rows for the folded `needle` at hand.
    pub fn has_words(&self, needle: &str) -> bool {
        self.last_words().is_some_and(|w| w.needle == needle)
    }

    /// The last free-text search's rows: what a search for a longer needle narrows.
    pub fn last_words(&self) -> Option<std::sync::Arc<WordHits>> {
        self.words.lock().ok().and_then(|w| w.clone())
    }

    /// Takes a free-text search made elsewhere (on a thread, for a big project) over the same
    /// quotes.
    pub fn set_words(&self, words: WordHits) {
        if let Ok(mut w) = self.words.lock() {
            *w = Some(std::sync::Arc::new(words));
        }
    }

    /// The rows holding the folded `needle`: the last search's if it was for it, else a
    /// search (narrowing the last one where it can).
    fn words(&self, project: &Project, needle: &str) -> std::sync::Arc<WordHits> {
        let last = self.last_words();
        if let Some(last) = last.as_ref().filter(|l| l.needle == needle) {
            return std::sync::Arc::clone(last);
        }
        let found = std::sync::Arc::new(WordHits::find(project, needle, last.as_deref()));
        if let Ok(mut w) = self.words.lock() {
            *w = Some(std::sync::Arc::clone(&found));
        }
        found
    }

    /// The row of the quote `id`, if it has one.
    pub fn row_of(&self, project: &Project, id: &crate::model::QuoteId) -> Option<u32> {
        let hash = short_hash(id);
        let first = self.row_of.partition_point(|e| e.0 < hash);
        self.row_of[first..]
            .iter()
            .take_while(|e| e.0 == hash)
            .map(|e| e.1)
            .find(|&row| self.quote(project, row).is_some_and(|q| &q.id == id))
    }

    /// Re-reads every row's verdict (one pass over the reviews, not over the quotes).
    pub fn refresh_status(&mut self, project: &Project) {
        for r in &mut self.rows {
            r.status = Status::Unreviewed;
        }
        for (id, (_, v)) in latest_verdicts(project) {
            if let Some(row) = self.row_of(project, id) {
                self.rows[row as usize].status = Status::Reviewed(v);
            }
        }
        self.reviews_in_order = reviews_in_order(project);
    }

    /// Re-reads the verdicts of the quotes `changed` only: what a verdict changes, without a
    /// pass over every row and review (a whole refresh, with the progress counted again,
    /// took 0.12 s at 2,000,000 quotes). Returns the rows whose status changed, with the
    /// status each had, or `None` when the reviews are not in order (then
    /// [`ReviewIndex::refresh_status`]).
    pub fn refresh_status_of(
        &mut self,
        project: &Project,
        changed: &[crate::model::QuoteId],
    ) -> Option<Vec<(u32, Status)>> {
        if !self.reviews_in_order {
            return None;
        }
        let mut moved = Vec::new();
        for id in changed {
            let Some(row) = self.row_of(project, id) else {
                continue;
            };
            let status = latest_verdict_of(project, id);
            let r = &mut self.rows[row as usize];
            // An id named twice is moved the first time, then found as it is.
            if r.status != status {
                moved.push((row, r.status));
                r.status = status;
            }
        }
        Some(moved)
    }

    /// Whose quote a row is and where: (index into [`ReviewIndex::coders`], place in the
    /// layer's quotes).
    pub fn place(&self, row: u32) -> (u32, u32) {
        let coder = self.layer_starts.partition_point(|&s| s <= row).max(1) - 1;
        let start = self.layer_starts.get(coder).copied().unwrap_or(0);
        (coder as u32, row - start)
    }

    /// The quote the row `row` stands for.
    pub fn quote<'p>(&self, project: &'p Project, row: u32) -> Option<&'p Quote> {
        let (coder, at) = self.place(row);
        project
            .layers
            .get(self.coders.get(coder as usize)?)?
            .quotes
            .get(at as usize)
    }

    /// The rows passing `filter`, as indices into [`ReviewIndex::rows`], in `sort` order (ties in
    /// reading order: document, position, coder).
    pub fn view(&self, project: &Project, filter: &Filter, sort: Sort) -> Vec<u32> {
        let speaker = filter.speaker.as_ref().map(|s| self.speakers.get(s));
        let document = filter.document.as_ref().map(|d| self.documents.get(d));
        let coder = filter
            .coder
            .as_ref()
            .map(|c| self.coders.iter().position(|x| x == c).map(|i| i as u32));
        let needle = fold(filter.text.trim());
        let topic = filter
            .topic
            .as_ref()
            .map(|t| self.topic_bits.get(t).copied().unwrap_or(u32::MAX));
        let text_hits = (!needle.is_empty()).then(|| self.words(project, &needle));
        let mut keys: Vec<u64> = Vec::with_capacity(self.rows.len());
        for (i, r) in self.rows.iter().enumerate() {
            let row_coder = || self.place(i as u32).0;
            if speaker.is_some_and(|s| s.copied() != Some(r.speaker))
                || document.is_some_and(|d| d.copied() != Some(r.document))
                || coder.is_some_and(|c| c != Some(row_coder()))
                || filter.kind.is_some_and(|k| k != r.kind)
                || filter.status.is_some_and(|s| s != r.status)
                || text_hits.as_ref().is_some_and(|w| !w.hits[i])
            {
                continue;
            }
            match topic {
                None => {}
                Some(b) if b < 64 && r.topics & (1 << b) == 0 => continue,
                Some(b) if b < 64 => {}
                // Past the 64th topic: look at the quote itself.
                Some(_) => {
                    let t = filter.topic.as_ref();
                    if !self
                        .quote(project, i as u32)
                        .is_some_and(|q| t.is_some_and(|t| q.topics.contains(t)))
                    {
                        continue;
                    }
                }
            }
            // The column's key in the high half, the reading rank in the low half: one integer
            // sort gives the column order with reading order within equal keys.
            let k: u32 = match sort.column {
                Column::Document => 0,
                Column::Speaker => r.speaker,
                Column::Kind => r.kind as u32,
                Column::Topics => r.topic,
                Column::Coder => row_coder(),
                Column::Status => match r.status {
                    Status::Unreviewed => 0,
                    Status::Reviewed(v) => 1 + v as u32,
                },
                Column::Text => r.text,
            };
            let reading = if sort.descending && sort.column == Column::Document {
                u32::MAX - r.reading
            } else {
                r.reading
            };
            let k = if sort.descending { u32::MAX - k } else { k };
            keys.push((k as u64) << 32 | reading as u64);
        }
        keys.sort_unstable();
        keys.into_iter()
            .map(|k| {
                let reading = k as u32;
                let reading = if sort.descending && sort.column == Column::Document {
                    u32::MAX - reading
                } else {
                    reading
                };
                self.by_reading[reading as usize]
            })
            .collect()
    }

    /// Reviewed and total quotes per coder and per document, over all rows: counted in
    /// lists by coder and document, not a map entry per row (2,000,000 of those took a
    /// tenth of a second).
    pub fn progress(&self) -> Progress {
        // By the document's place in the manifest; the last slot for a quote whose document
        // is not in it (`u32::MAX`).
        let elsewhere = self
            .documents
            .values()
            .max()
            .map_or(0, |&last| last as usize + 1);
        let mut per_document: Vec<(usize, usize)> = vec![(0, 0); elsewhere + 1];
        let mut per_coder = std::collections::BTreeMap::new();
        let mut p = Progress::default();
        for (c, &start) in self.layer_starts.iter().enumerate() {
            let end = self
                .layer_starts
                .get(c + 1)
                .map_or(self.rows.len(), |&e| e as usize);
            let mut counts = (0, 0);
            for r in &self.rows[start as usize..end] {
                let done = usize::from(r.status != Status::Unreviewed);
                counts.0 += done;
                counts.1 += 1;
                let d = (r.document as usize).min(elsewhere);
                per_document[d].0 += done;
                per_document[d].1 += 1;
            }
            if counts.1 > 0 {
                per_coder.insert(c as u32, counts);
                p.reviewed += counts.0;
                p.total += counts.1;
            }
        }
        p.per_coder = per_coder;
        let unknown = per_document.pop().filter(|(_, total)| *total > 0);
        p.per_document = (0u32..)
            .zip(per_document)
            .chain(unknown.map(|c| (u32::MAX, c)))
            .filter(|(_, (_, total))| *total > 0)
            .collect();
        p
    }
}

/// (reviewed, total) counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub reviewed: usize,
    pub total: usize,
    /// By coder index.
    pub per_coder: std::collections::BTreeMap<u32, (usize, usize)>,
    /// By document index in the manifest.
    pub per_document: std::collections::BTreeMap<u32, (usize, usize)>,
}

impl Progress {
    /// The counts after the rows `moved` changed status (their statuses before, as
    /// [`ReviewIndex::refresh_status_of`] returns them; `index` holds the new ones).
    pub fn apply(&mut self, index: &ReviewIndex, moved: &[(u32, Status)]) {
        for &(row, was) in moved {
            let now = index.rows[row as usize].status;
            let (was, now) = (was != Status::Unreviewed, now != Status::Unreviewed);
            if was == now {
                continue;
            }
            let add = |n: &mut usize| {
                if now { *n += 1 } else { *n -= 1 }
            };
            add(&mut self.reviewed);
            if let Some(c) = self.per_coder.get_mut(&index.place(row).0) {
                add(&mut c.0);
            }
            if let Some(d) = self
                .per_document
                .get_mut(&index.rows[row as usize].document)
            {
                add(&mut d.0);
            }
        }
    }
}

/// The quotes' places in the order of their folded texts (so that «ي» and «ی» sort
/// together), ties in place order. The folded texts are not held for the sort (they are as
/// big as the texts: 0.3 GB at 2,000,000 quotes, while the project is open): each quote is
/// sorted by its first 16 folded bytes, and only quotes that tie on those are folded again,
/// a run at a time, to be ordered by the whole of their folded texts.
fn text_order(quotes: &[(u32, &Quote)]) -> Vec<u32> {
    use rayon::prelude::*;
    const KEY: usize = 16;
    let mut keyed: Vec<(u128, u32)> = quotes
        .par_iter()
        .enumerate()
        .map_init(String::new, |folded, (i, (_, q))| {
            folded.clear();
            fold_into(folded, &q.anchor.text);
            let mut key = [0u8; KEY];
            let n = folded.len().min(KEY);
            key[..n].copy_from_slice(&folded.as_bytes()[..n]);
            // Big-endian, the number sorts as the bytes do; a shorter text, padded with
            // zeros, comes no later than one it begins.
            (u128::from_be_bytes(key), i as u32)
        })
        .collect();
    keyed.par_sort_unstable();
    keyed
        .par_chunk_by_mut(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .for_each(|run| {
            let mut whole: Vec<(String, u32)> = run
                .iter()
                .map(|&(_, i)| (fold(&quotes[i as usize].1.anchor.text), i))
                .collect();
            whole.sort_unstable();
            for (slot, (_, i)) in run.iter_mut().zip(whole) {
                slot.1 = i;
            }
        });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Whether every layer's reviews are in their file order.
fn reviews_in_order(project: &Project) -> bool {
    project.layers.values().all(|l| l.reviews_in_order())
}

/// One quote's latest verdict by any editor, as [`latest_verdicts`] finds it (the same
/// order of layers and reviews, so that equal times end the same way), from layers whose
/// reviews are in order.
fn latest_verdict_of(project: &Project, id: &crate::model::QuoteId) -> Status {
    let mut latest: Option<(jiff::Timestamp, Verdict)> = None;
    for layer in project.layers.values() {
        for r in layer.reviews_of(id) {
            if latest.is_none_or(|(t, _)| r.time >= t) {
                latest = Some((r.time, r.verdict));
            }
        }
    }
    latest.map_or(Status::Unreviewed, |(_, v)| Status::Reviewed(v))
}

/// Each reviewed quote's latest verdict, by any editor.
fn latest_verdicts(
    project: &Project,
) -> HashMap<&crate::model::QuoteId, (jiff::Timestamp, Verdict)> {
    let mut latest: HashMap<&crate::model::QuoteId, (jiff::Timestamp, Verdict)> = HashMap::new();
    for r in project.reviews() {
        let e = latest.entry(&r.quote).or_insert((r.time, r.verdict));
        if r.time >= e.0 {
            *e = (r.time, r.verdict);
        }
    }
    latest
}

fn short_hash(id: &crate::model::QuoteId) -> u32 {
    (id.hash64() >> 32) as u32
}

/// Each id's rank when sorted by its folded name.
fn ranks<'a, K: std::hash::Hash + Eq>(
    items: impl Iterator<Item = (K, &'a str)>,
) -> HashMap<K, u32> {
    let mut v: Vec<(String, K)> = items.map(|(k, n)| (fold(n), k)).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.into_iter()
        .enumerate()
        .map(|(i, (_, k))| (k, i as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Project {
        crate::sample::project().unwrap()
    }

    fn texts(p: &Project, idx: &ReviewIndex, view: &[u32]) -> Vec<String> {
        view.iter()
            .filter_map(|&i| idx.quote(p, i))
            .map(|q| q.anchor.text.clone())
            .collect()
    }

    #[test]
    fn filters_combine() {
        let p = sample();
        let idx = ReviewIndex::build(&p);
        let all = idx.view(&p, &Filter::default(), Sort::default());
        assert_eq!(all.len(), p.quotes().count());
        let f = Filter {
            speaker: Some(SpeakerId::new("ahmadian")),
            ..Filter::default()
        };
        let ahmadian = idx.view(&p, &f, Sort::default());
        assert!(!ahmadian.is_empty());
        for &i in &ahmadian {
            let q = idx.quote(&p, i);
            assert_eq!(
                q.and_then(|q| q.speaker.clone()),
                Some(SpeakerId::new("ahmadian"))
            );
        }
        let f = Filter {
            coder: Some(PersonId::new("omid")),
            kind: Some(QuoteKind::Direct),
            ..f
        };
        let narrower = idx.view(&p, &f, Sort::default());
        assert!(!narrower.is_empty() && narrower.len() < ahmadian.len());
        for &i in &narrower {
            let q = idx.quote(&p, i).unwrap_or_else(|| panic!());
            assert_eq!((q.coder.as_str(), q.kind), ("omid", QuoteKind::Direct));
        }
    }

    #[test]
    fn free_text_folds_arabic_and_persian_letters_and_finds_speaker_names() {
        let p = sample();
        let idx = ReviewIndex::build(&p);
        // «شريك» with Arabic yeh finds «شریک» with Persian yeh and keheh.
        let f = Filter {
            text: "شريك".into(),
            ..Filter::default()
        };
        let hits = texts(&p, &idx, &idx.view(&p, &f, Sort::default()));
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|t| t.contains("شریک")), "{hits:?}");
        // An Arabic spelling of the speaker finds the quotes of that speaker.
        let f = Filter {
            text: "لوكاشينكو".into(),
            ..Filter::default()
        };
        assert!(idx.view(&p, &f, Sort::default()).len() > 10);
    }

    /// Each search's rows are those whose folded text, speaker names, document metadata or
    /// note hold the needle, whether the search narrowed the last one (the editor typed on)
    /// or started afresh (a word that does not hold the last).
    #[test]
    fn free_text_rows_are_the_same_narrowed_or_not() {
        let mut p = sample();
        let first_doc = p.manifest.documents[0].id.clone();
        std::sync::Arc::make_mut(&mut p.manifest.documents)[0]
            .metadata
            .insert("section".into(), "سیاسي".into());
        let coder = p.layers.keys().next().unwrap().clone();
        let q = p.layer_mut(&coder).unwrap().quotes.last_mut().unwrap();
        q.note = "Checked against the ISNA video".into();
        let idx = ReviewIndex::build(&p);
        let quotes: Vec<&Quote> = p.layers.values().flat_map(|l| &l.quotes).collect();
        let naive = |needle: &str| -> Vec<bool> {
            let needle = fold(needle);
            quotes
                .iter()
                .map(|q| {
                    let names = p
                        .manifest
                        .speakers
                        .iter()
                        .filter(|s| q.speaker.as_ref() == Some(&s.id))
                        .any(|s| s.names().any(|n| fold(n).contains(&needle)));
                    fold(&q.anchor.text).contains(&needle)
                        || names
                        || (q.document == first_doc && "section:سیاسی".contains(&needle))
                        || fold(&q.note).contains(&needle)
                })
                .collect()
        };
        let mut some_hit_by_each_part = [false; 4];
        for needle in [
            "ش",
            "شري",
            "شريك",
            "لوكا",
            "لوكاشينكو",
            "سياسي",
            "isna",
            "video",
            "زز",
        ] {
            let by_view: Vec<bool> = {
                let f = Filter {
                    text: needle.into(),
                    ..Filter::default()
                };
                let mut hit = vec![false; quotes.len()];
                for r in idx.view(&p, &f, Sort::default()) {
                    hit[r as usize] = true;
                }
                hit
            };
            let fresh = WordHits::find(&p, &fold(needle), None);
            assert_eq!(by_view, naive(needle), "{needle}");
            assert_eq!(fresh.hits, by_view, "{needle}");
            let n = by_view.iter().filter(|&&h| h).count();
            match needle {
                "شريك" => some_hit_by_each_part[0] = n > 0,
                "لوكاشينكو" => some_hit_by_each_part[1] = n > 0,
                "سياسي" => some_hit_by_each_part[2] = n > 0,
                "video" => some_hit_by_each_part[3] = n == 1,
                _ => {}
            }
        }
        assert_eq!(some_hit_by_each_part, [true; 4]);
    }

    /// The text column sorts by the folded text, whole, also where texts share a long
    /// beginning.
    #[test]
    fn the_text_order_is_the_folded_texts_order() {
        let mut p = sample();
        // Texts that tie on their first 32 folded bytes and differ after, in both letters.
        let long = "همه جانبه مناسبات بخصوص مناسبات اقتصادی، در برنامه";
        let model = p.quotes().map(|(_, q)| q.clone()).next().unwrap();
        let layer = p.layer_or_new(&PersonId::new("zz"));
        // … and texts that are the same, or begin another, short and long.
        for (n, tail) in ["ي ب", "ی الف", "ك", "", "ی الف", "ي ب", "ي"]
            .iter()
            .enumerate()
        {
            let mut q = model.clone();
            q.id = crate::model::QuoteId::new(format!("tie-{n}"));
            q.anchor.text = format!("{long}{tail}");
            layer.quotes.push(q);
        }
        let idx = ReviewIndex::build(&p);
        let mut rows: Vec<u32> = (0..idx.rows.len() as u32).collect();
        rows.sort_by_key(|&r| idx.rows[r as usize].text);
        let folded: Vec<String> = rows
            .iter()
            .filter_map(|&r| idx.quote(&p, r))
            .map(|q| fold(&q.anchor.text))
            .collect();
        assert_eq!(folded.len(), idx.rows.len());
        assert!(folded.windows(2).all(|w| w[0] <= w[1]));
        // Exactly the order of a sort of the whole folded texts, ties in row order.
        let mut naive: Vec<(String, u32)> = (0..idx.rows.len() as u32)
            .map(|r| (fold(&idx.quote(&p, r).unwrap().anchor.text), r))
            .collect();
        naive.sort();
        let naive: Vec<u32> = naive.into_iter().map(|(_, r)| r).collect();
        assert_eq!(rows, naive);
        let short = [("ab", 0), ("abc", 1), ("ab", 2), ("", 3), ("ي", 4)];
        let model = p.quotes().map(|(_, q)| q.clone()).next().unwrap();
        let quotes: Vec<Quote> = short
            .iter()
            .map(|(t, _)| {
                let mut q = model.clone();
                q.anchor.text = t.to_string();
                q
            })
            .collect();
        let places: Vec<(u32, &Quote)> = quotes.iter().map(|q| (0, q)).collect();
        assert_eq!(text_order(&places), vec![3, 0, 2, 1, 4]);
    }

    #[test]
    fn sorting_by_a_column_and_back() {
        let p = sample();
        let idx = ReviewIndex::build(&p);
        let up = idx.view(
            &p,
            &Filter::default(),
            Sort {
                column: Column::Speaker,
                descending: false,
            },
        );
        let down = idx.view(
            &p,
            &Filter::default(),
            Sort {
                column: Column::Speaker,
                descending: true,
            },
        );
        let key =
            |v: &[u32]| -> Vec<u32> { v.iter().map(|&i| idx.rows[i as usize].speaker).collect() };
        let mut sorted = key(&up);
        sorted.sort();
        assert_eq!(key(&up), sorted);
        sorted.reverse();
        assert_eq!(key(&down), sorted);
        // Default: reading order.
        let reading = idx.view(&p, &Filter::default(), Sort::default());
        let pos: Vec<(u32, Option<usize>)> = reading
            .iter()
            .map(|&i| {
                let start = idx.quote(&p, i).map(|q| q.anchor.span.start);
                (idx.rows[i as usize].document, start)
            })
            .collect();
        assert!(pos.windows(2).all(|w| w[0] <= w[1]));
    }

    /// A verdict refreshes only the verdict column; the result equals a full rebuild.
    #[test]
    fn refreshing_verdicts_equals_rebuilding() {
        let mut p = sample();
        let mut idx = ReviewIndex::build(&p);
        let quotes: Vec<_> = p.quotes().map(|(_, q)| q.id.clone()).take(5).collect();
        for (n, id) in quotes.iter().enumerate() {
            let verdict = [Verdict::Accepted, Verdict::Rejected][n % 2];
            crate::action::Action::SetReview {
                editor: PersonId::new("omid"),
                quote: id.clone(),
                review: Some(crate::model::Review {
                    quote: id.clone(),
                    verdict,
                    comment: String::new(),
                    editor: PersonId::new("omid"),
                    time: jiff::Timestamp::UNIX_EPOCH,
                }),
            }
            .apply(&mut p)
            .unwrap();
        }
        idx.refresh_status(&p);
        let fresh = ReviewIndex::build(&p);
        let statuses = |i: &ReviewIndex| i.rows.iter().map(|r| r.status).collect::<Vec<_>>();
        assert_eq!(statuses(&idx), statuses(&fresh));
        assert_eq!(idx.progress().reviewed, 5);
    }

    #[test]
    fn verdicts_show_and_filter() {
        let mut p = sample();
        let q = p.layers[&PersonId::new("sara")].quotes[0].clone();
        crate::action::Action::SetReview {
            editor: PersonId::new("omid"),
            quote: q.id.clone(),
            review: Some(crate::model::Review {
                quote: q.id.clone(),
                verdict: Verdict::Rejected,
                comment: "too short".into(),
                editor: PersonId::new("omid"),
                time: jiff::Timestamp::UNIX_EPOCH,
            }),
        }
        .apply(&mut p)
        .unwrap();
        let idx = ReviewIndex::build(&p);
        let f = Filter {
            status: Some(Status::Reviewed(Verdict::Rejected)),
            ..Filter::default()
        };
        assert_eq!(
            texts(&p, &idx, &idx.view(&p, &f, Sort::default())),
            vec![q.anchor.text]
        );
        let progress = idx.progress();
        assert_eq!((progress.reviewed, progress.total), (1, p.quotes().count()));
    }

    /// Progress counted row by row into maps, as the definition reads.
    fn progress_by_rows(idx: &ReviewIndex) -> Progress {
        let mut p = Progress::default();
        for (i, r) in idx.rows.iter().enumerate() {
            let done = usize::from(r.status != Status::Unreviewed);
            let c = p.per_coder.entry(idx.place(i as u32).0).or_default();
            c.0 += done;
            c.1 += 1;
            let d = p.per_document.entry(r.document).or_default();
            d.0 += done;
            d.1 += 1;
            p.reviewed += done;
            p.total += 1;
        }
        p
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Verdicts given, replaced and taken back by several editors, some at the same
        /// moment: the statuses re-read for the changed quotes only, and the progress moved
        /// by them, are those of an index built again.
        #[test]
        fn refreshing_the_changed_verdicts_equals_rebuilding(
            steps in proptest::collection::vec((0usize..60, 0usize..3, 0u8..4, 0i64..3), 1..30)
        ) {
            let mut p = sample();
            let ids: Vec<_> = p.quotes().map(|(_, q)| q.id.clone()).collect();
            let mut idx = ReviewIndex::build(&p);
            let mut progress = idx.progress();
            for (q, e, v, t) in steps {
                let id = ids[q % ids.len()].clone();
                let editor = PersonId::new(["omid", "editor", "a-editor"][e]);
                let review = (v < 3).then(|| crate::model::Review {
                    quote: id.clone(),
                    verdict: [Verdict::Accepted, Verdict::Rejected, Verdict::NeedsChanges][v as usize],
                    comment: String::new(),
                    editor: editor.clone(),
                    time: jiff::Timestamp::from_second(t).unwrap(),
                });
                crate::action::Action::SetReview { editor, quote: id.clone(), review }
                    .apply(&mut p)
                    .unwrap();
                let moved = idx.refresh_status_of(&p, &[id.clone(), id]).expect("in order");
                progress.apply(&idx, &moved);
                let fresh = ReviewIndex::build(&p);
                let statuses = |i: &ReviewIndex| i.rows.iter().map(|r| r.status).collect::<Vec<_>>();
                proptest::prop_assert_eq!(statuses(&idx), statuses(&fresh));
                // An editor's first verdict may make a layer before the coders' (the index
                // kept from before numbers them as it did): coders compared by name.
                let named = |i: &ReviewIndex, p: &Progress| {
                    let coders: Vec<(PersonId, (usize, usize))> = p
                        .per_coder
                        .iter()
                        .map(|(c, n)| (i.coders[*c as usize].clone(), *n))
                        .collect();
                    (p.reviewed, p.total, coders, p.per_document.clone())
                };
                proptest::prop_assert_eq!(named(&idx, &progress), named(&fresh, &fresh.progress()));
                proptest::prop_assert_eq!(named(&idx, &progress), named(&fresh, &progress_by_rows(&fresh)));
            }
        }
    }

    /// Reviews out of their order (a hand-edited file): the changed quotes are not looked
    /// up by a binary search that could miss them; the whole refresh is asked for.
    #[test]
    fn verdicts_out_of_order_are_read_whole() {
        let mut p = sample();
        let ids: Vec<_> = p.quotes().map(|(_, q)| q.id.clone()).take(2).collect();
        let omid = PersonId::new("omid");
        let layer = p.layer_or_new(&omid);
        for id in ids.iter().rev() {
            layer.reviews.push(crate::model::Review {
                quote: id.clone(),
                verdict: Verdict::Accepted,
                comment: String::new(),
                editor: omid.clone(),
                time: jiff::Timestamp::UNIX_EPOCH,
            });
        }
        let mut idx = ReviewIndex::build(&p);
        if ids[0] < ids[1] {
            assert!(idx.refresh_status_of(&p, &ids).is_none());
        }
        idx.refresh_status(&p);
        assert_eq!(idx.progress().reviewed, 2);
    }
}
