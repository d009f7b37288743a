//! Why another tool's file, a label mapping or a span could not be taken in.

use crate::import::decode::DecodeError;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A line of a doccano file or a task of a Label Studio file that is not what its format
    /// says; `place` is "line N" or "task N".
    #[error("{place}: {why}")]
    Malformed { place: String, why: String },
    #[error("line {line}, column {column}: {why}")]
    Json {
        line: usize,
        column: usize,
        why: String,
    },
    #[error("a list of Label Studio tasks was expected")]
    NotTasks,
    #[error("--map {entry:?}: write LABEL=topic:ID or LABEL=kind:direct")]
    MapSyntax { entry: String },
    #[error(
        "--map {entry:?}: {target:?} is not a topic, kind, speaker, mention or cue of this project"
    )]
    MapTarget { entry: String, target: String },
}

impl ExchangeError {
    /// A malformed line or task.
    pub fn at(place: String, why: impl Into<String>) -> Self {
        Self::Malformed {
            place,
            why: why.into(),
        }
    }
}

/// Why a span of another tool does not fit its text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    #[error("span {start}..{end} lies outside the text, which has {chars} chars")]
    Outside {
        start: usize,
        end: usize,
        chars: usize,
    },
    #[error(
        "span {start}..{end} «{expected}» matches the text neither as code points nor as UTF-16 \
         units; left out"
    )]
    NoMatch {
        start: usize,
        end: usize,
        expected: String,
    },
}
