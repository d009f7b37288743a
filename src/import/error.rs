//! Why a file could not be imported, with where in it: the messages name the line (and for
//! JSON the column) so that a person can open the file and mend it.

use super::decode::DecodeError;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a kind of file Naql imports (.txt, .csv, .tsv, .jsonl, .json, .xlsx, .html)")]
    UnknownKind,
    #[error("not a table")]
    NotATable,
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A CSV or TSV row, or a JSON Lines line, that does not parse.
    #[error("line {line}: {why}")]
    Row { line: u64, why: String },
    #[error(
        "line {line}: a quoted cell opens here and is never closed (the rest of the file would \
         become its text)"
    )]
    UnclosedQuote { line: u64 },
    #[error("line {line}, column {column}: {why}")]
    Json {
        line: usize,
        column: usize,
        why: String,
    },
    #[error("a JSON array of articles was expected")]
    NotAnArray,
    #[error("line {line}: an object was expected, not {found}")]
    NotAnObject { line: usize, found: String },
    #[error("there is no column {name:?} for the {role} (columns: {columns})")]
    NoSuchColumn {
        name: String,
        role: &'static str,
        columns: String,
    },
    #[error("no column holds the text: give it with --text-column (columns: {columns})")]
    NoTextColumn { columns: String },
    #[error("not a workbook Naql can read: {0}")]
    Workbook(String),
    #[error("sheet {sheet:?}: {why}")]
    Sheet { sheet: String, why: String },
    #[error("not a page Naql can read: {0}")]
    Page(String),
    #[error("no article found in the page: {0}")]
    NoArticle(String),
    #[error("no article text found in the page")]
    EmptyArticle,
}
