//! Undo and redo as two stacks of inverse actions.
//!
//! A burst of small edits to the same thing (typing a note, nudging a span end with
//! Shift+arrows, dragging) is one step: an edit that carries the same burst key as the step on
//! top, within [`BURST`] of it, keeps that step's inverse (which restores the state before the
//! burst) instead of pushing a new one.

use super::Action;
use std::time::{Duration, Instant};

/// How close in time two edits of one burst must be.
pub const BURST: Duration = Duration::from_millis(1500);

struct Step {
    label: String,
    /// What undoes (on the undo stack) or redoes (on the redo stack) this step.
    action: Action,
    burst: Option<String>,
    at: Instant,
}

#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Records an applied edit by its inverse. A new edit clears the redo stack.
    pub fn record(&mut self, label: &str, inverse: Action, burst: Option<String>, now: Instant) {
        self.redo.clear();
        if let Some(top) = self.undo.last_mut() {
            let same_burst = burst.is_some() && top.burst == burst;
            if same_burst && now.duration_since(top.at) <= BURST {
                top.at = now;
                return;
            }
        }
        self.undo.push(Step {
            label: label.to_owned(),
            action: inverse,
            burst,
            at: now,
        });
    }

    /// The label of the step that undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Takes the inverse of the last step; the caller applies it and hands the result (the
    /// redo action) to [`History::push_redo`].
    pub fn pop_undo(&mut self) -> Option<(String, Action)> {
        self.undo.pop().map(|s| (s.label, s.action))
    }

    pub fn push_redo(&mut self, label: String, action: Action) {
        self.redo.push(Step {
            label,
            action,
            burst: None,
            at: Instant::now(),
        });
    }

    pub fn pop_redo(&mut self) -> Option<(String, Action)> {
        self.redo.pop().map(|s| (s.label, s.action))
    }

    /// Puts back an undo step after a redo, without clearing the redo stack.
    pub fn push_undo(&mut self, label: String, action: Action) {
        self.undo.push(Step {
            label,
            action,
            burst: None,
            at: Instant::now(),
        });
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
