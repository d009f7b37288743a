//! Review mode's state: filters, sort, the index (built on a task for a big project) and
//! what is shown.

use super::*;

/// Projects with more quotes than this get their index built on a background thread (0.7 s at
/// 200,000 quotes); smaller ones at once (under ~70 ms), without an "indexing" frame.
pub const BACKGROUND_INDEX_FROM: usize = 20_000;

pub struct ReviewState {
    pub filter: Filter,
    pub sort: Sort,
    /// See [`BACKGROUND_INDEX_FROM`]; tests lower it to exercise the background path.
    pub background_from: usize,
    /// An index being built on another thread, for this quotes revision.
    pub(super) pending: Option<((u64, u64), crate::session::task::Task<Built>)>,
    /// How many indexes were built off the UI thread (tests read it: a small index can be
    /// done before the frame that started it has drawn "Indexing…").
    pub built_in_background: u64,
    /// How many verdicts were followed in the rows they changed, without a pass over every
    /// row (tests read it).
    pub verdicts_followed: u64,
    /// How many free-text searches ran off the UI thread (tests read it).
    pub searches_in_background: u64,
    /// The index, the quotes revision it was built at and the revision its verdicts are from.
    pub(super) index: Option<((u64, u64), ReviewIndex)>,
    /// A big project's free-text search running on another thread, for this quotes
    /// revision (see `review::WordHits`).
    pub(super) searching: Option<(u64, crate::session::task::Task<crate::review::WordHits>)>,
    /// The quotes revision of the index while it is taken out during a frame.
    pub(super) index_revision: u64,
    /// The shown rows, and what they were computed for.
    pub(super) shown: Vec<u32>,
    pub(super) shown_key: Option<ShownKey>,
    /// The quote under review (its row may move when sorting).
    pub current: Option<QuoteId>,
    /// The current quote's row in the index, with the quotes revision it is valid for: moving
    /// with J/K then compares integers instead of looking up every shown quote.
    pub(super) current_row: Option<(u64, u32)>,
    pub comment: String,
    /// Whose comment the field holds: reloaded when the current quote changes.
    pub(super) comment_for: Option<QuoteId>,
    /// Review progress, for the (quotes, verdicts) revisions it was counted at.
    pub(super) progress: Memo<(u64, u64), ProgressShown>,
    /// How many shown quotes are unreviewed, for the index revisions and the shown rows'
    /// key: counted once, not in each frame over millions of rows.
    pub(super) unreviewed: Memo<((u64, u64), Option<ShownKey>), usize>,
    /// The current quote's verdicts, for (revision, quote).
    pub(super) verdicts: Memo<(u64, QuoteId), Verdicts>,
}

impl ReviewState {
    /// Whether an index is being built in the background.
    pub fn indexing(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the free-text filter waits for a search on another thread (the rows shown
    /// meanwhile are those before it).
    pub fn preparing_search(&self) -> bool {
        self.searching.is_some()
    }
}

impl Default for ReviewState {
    fn default() -> Self {
        Self {
            filter: Filter::default(),
            sort: Sort::default(),
            background_from: BACKGROUND_INDEX_FROM,
            pending: None,
            built_in_background: 0,
            verdicts_followed: 0,
            searches_in_background: 0,
            index: None,
            searching: None,
            index_revision: 0,
            shown: Vec::new(),
            shown_key: None,
            current: None,
            current_row: None,
            comment: String::new(),
            comment_for: None,
            progress: Memo::default(),
            unreviewed: Memo::default(),
            verdicts: Memo::default(),
        }
    }
}

/// The revision, filter and sort the shown rows were made for (see [`shown_key`]).
pub(super) type ShownKey = (u64, Filter, Sort);

/// What the background thread makes for a big project: the index, and for the filter and
/// sort of the moment the rows shown and the progress, so that the frame that takes them in
/// does not filter, sort or count millions of rows.
pub(super) struct Built {
    index: ReviewIndex,
    shown: Vec<u32>,
    key: ShownKey,
    progress: ProgressShown,
}

/// What the shown rows depend on. A verdict changes them only when the verdict filters or
/// sorts: otherwise the 2,000,000 rows of a big project are not filtered and sorted again
/// after each decision.
fn shown_key(filter: &Filter, sort: Sort, quotes_revision: u64, revision: u64) -> ShownKey {
    let by_verdict = filter.status.is_some() || sort.column == Column::Status;
    let changed_with = if by_verdict {
        revision
    } else {
        quotes_revision
    };
    (changed_with, filter.clone(), sort)
}

/// Takes in an index built in the background, or starts one, for a big project. Returns
/// whether the index is (still) being built.
pub(super) fn build_in_background(
    state: &mut ReviewState,
    project: &std::sync::Arc<Project>,
    (quotes_revision, revision): (u64, u64),
) -> bool {
    use crate::session::task::{Poll, Task};
    if let Some(((rev, at), task)) = &mut state.pending {
        match task.poll() {
            Poll::Done(built) => {
                if *rev == quotes_revision {
                    // Verdicts given meanwhile are caught up by the next refresh (the index
                    // knows the revision it was made at).
                    state.index = Some(((quotes_revision, *at), built.index));
                    state.shown = built.shown;
                    state.shown_key = Some(built.key);
                    state
                        .progress
                        .get_or_make((quotes_revision, *at), |_| built.progress);
                }
                state.pending = None;
                // The build's temporaries (keys and orders over every quote) are freed.
                crate::memory::give_back();
            }
            Poll::Running if *rev == quotes_revision => return true,
            Poll::Running | Poll::Died => state.pending = None,
        }
    }
    if state.index.is_some() {
        return false;
    }
    let quotes: usize = project.layers.values().map(|l| l.quotes.len()).sum();
    if quotes <= state.background_from {
        return false;
    }
    // The thread reads the project shared, not copied (an edit meanwhile takes a copy for
    // itself); the window keeps drawing.
    let snapshot = std::sync::Arc::clone(project);
    let (filter, sort) = (state.filter.clone(), state.sort);
    let task = Task::run("indexing for review", move |_| {
        let index = ReviewIndex::build(&snapshot);
        let shown = index.view(&snapshot, &filter, sort);
        let progress = ProgressShown::of(&index);
        Built {
            key: shown_key(&filter, sort, quotes_revision, revision),
            index,
            shown,
            progress,
        }
    });
    state.pending = Some(((quotes_revision, revision), task));
    state.built_in_background += 1;
    true
}

/// Refreshes the index and the shown rows if the project, filter or sort changed. Returns
/// false while a big project's index is still being built.
///
/// `verdicts_changed_since` names the quotes whose verdicts changed after a revision (see
/// `Workspace::verdicts_changed_since`).
pub(super) fn refresh(
    state: &mut ReviewState,
    shared: &std::sync::Arc<Project>,
    (quotes_revision, revision): (u64, u64),
    verdicts_changed_since: &dyn Fn(u64) -> Option<Vec<QuoteId>>,
) -> bool {
    let project: &Project = shared;
    match &mut state.index {
        Some(((q, _), _)) if *q != quotes_revision => state.index = None,
        Some(((q, r), index)) if *r != revision => {
            // Only verdicts changed since: their rows are read again, the rest kept.
            let was = (*q, *r);
            let moved = verdicts_changed_since(*r)
                .and_then(|changed| index.refresh_status_of(project, &changed));
            *r = revision;
            match moved {
                Some(moved) => follow_verdicts(state, was, revision, &moved),
                None => index.refresh_status(project),
            }
        }
        _ => {}
    }
    if build_in_background(state, shared, (quotes_revision, revision)) {
        return false;
    }
    if state.index.is_none() {
        state.index = Some(((quotes_revision, revision), ReviewIndex::build(project)));
        state.shown_key = None;
    }
    if let Some(((_, r), index)) = &mut state.index
        && *r != revision
    {
        index.refresh_status(project);
        *r = revision;
    }
    if preparing_search(state, shared, quotes_revision) {
        return true;
    }
    let key = shown_key(&state.filter, state.sort, quotes_revision, revision);
    if state.shown_key.as_ref() != Some(&key) {
        if let Some((_, index)) = &state.index {
            state.shown = index.view(project, &state.filter, state.sort);
            // A view of millions of rows leaves its sort keys (16 MB at 2,000,000) freed.
            if index.rows.len() > state.background_from {
                crate::memory::give_back();
            }
        }
        state.shown_key = Some(key);
    }
    true
}

/// What verdicts that changed the status of the rows `moved` change beside the index: the
/// progress and the count of unreviewed rows shown are moved by them, and when the verdict
/// filters the rows those that no longer pass leave the rows shown, instead of counting,
/// filtering and sorting millions of rows again (0.12 s a verdict at 2,000,000 quotes).
/// Where that is not enough (rows sorted by verdict, or a row that now passes the filter and
/// must find its place), the rows shown are made again as before.
fn follow_verdicts(
    state: &mut ReviewState,
    was: (u64, u64),
    revision: u64,
    moved: &[(u32, Status)],
) {
    let Some((now, index)) = &state.index else {
        return;
    };
    let now = *now;
    if let Some(p) = state.progress.rekey(&was, now) {
        p.moved(index, moved);
    }
    // (row, status before), by row.
    let mut moved = moved.to_vec();
    moved.sort_unstable_by_key(|(row, _)| *row);
    let all_rows = index.rows.len();
    let in_shown = |shown: &[u32]| -> Vec<bool> {
        // Each row is shown once at most: as many shown as there are rows are all of them.
        if shown.len() == all_rows {
            return vec![true; moved.len()];
        }
        let mut found = vec![false; moved.len()];
        for r in shown {
            if let Ok(i) = moved.binary_search_by_key(r, |(row, _)| *row) {
                found[i] = true;
            }
        }
        found
    };
    let shown_before = in_shown(&state.shown);
    let old_key = state.shown_key.clone();
    let new_key = shown_key(&state.filter, state.sort, now.0, revision);
    if old_key.as_ref() != Some(&new_key) {
        // Only the verdicts may have changed what is shown: a filter or sort changed too
        // (or none made yet) needs the whole view, and so do an order by verdict and a row
        // that came into the filter (an undo), which must find its place.
        let same_view = old_key
            .as_ref()
            .is_some_and(|(_, f, s)| *f == state.filter && *s == state.sort);
        let passes = |row: u32| {
            state
                .filter
                .status
                .is_none_or(|s| index.rows[row as usize].status == s)
        };
        let entering = moved
            .iter()
            .zip(&shown_before)
            .any(|(&(row, _), &shown)| !shown && passes(row));
        if !same_view || state.sort.column == Column::Status || entering {
            state.unreviewed.clear();
            return;
        }
        let leaving: Vec<u32> = moved
            .iter()
            .map(|(row, _)| *row)
            .filter(|&r| !passes(r))
            .collect();
        if !leaving.is_empty() {
            state.shown.retain(|r| leaving.binary_search(r).is_err());
        }
        state.shown_key = Some(new_key.clone());
    }
    let shown_after = in_shown(&state.shown);
    state.verdicts_followed += 1;
    if let Some(count) = state
        .unreviewed
        .rekey(&(was, old_key), (now, Some(new_key)))
    {
        for (i, &(row, before)) in moved.iter().enumerate() {
            if shown_before[i] && before == Status::Unreviewed {
                *count = count.saturating_sub(1);
            }
            if shown_after[i] && index.rows[row as usize].status == Status::Unreviewed {
                *count += 1;
            }
        }
    }
}

/// A big project's filter by words: each new needle is searched on a thread (every quote
/// folded again: about a second at 2,000,000 quotes, less as the editor types on, since a
/// longer needle only looks at the rows of the one before) and taken in when found. Returns
/// whether the filter still waits for it; the rows shown stay as they were meanwhile.
fn preparing_search(
    state: &mut ReviewState,
    shared: &std::sync::Arc<Project>,
    quotes_revision: u64,
) -> bool {
    use crate::session::task::{Poll, Task};
    if let Some((rev, task)) = &mut state.searching {
        match task.poll() {
            Poll::Done(words) => {
                // Taken in even when the editor typed on meanwhile: the next search narrows it.
                if *rev == quotes_revision
                    && let Some(((q, _), index)) = &state.index
                    && *q == quotes_revision
                {
                    index.set_words(words);
                }
                state.searching = None;
            }
            Poll::Running if *rev == quotes_revision => return true,
            Poll::Running | Poll::Died => state.searching = None,
        }
    }
    let Some((_, index)) = &state.index else {
        return false;
    };
    // Each frame passes here: a small project, or no words, costs no folding.
    if index.rows.len() <= state.background_from || state.filter.text.trim().is_empty() {
        return false;
    }
    let needle = crate::model::search::fold(&state.filter.text);
    if needle.is_empty() || index.has_words(&needle) {
        return false;
    }
    let snapshot = std::sync::Arc::clone(shared);
    let last = index.last_words();
    state.searches_in_background += 1;
    state.searching = Some((
        quotes_revision,
        Task::run("searching the quotes' words", move |_| {
            crate::review::WordHits::find(&snapshot, &needle, last.as_deref())
        }),
    ));
    true
}
