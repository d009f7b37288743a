//! Articles from tables: CSV and TSV (a header row, quoted multi-line cells), JSON Lines, a JSON
//! array of objects, and Excel sheets. One row is one article. The person says which column
//! holds the text, title, date, source, URL, language and id ([`Columns`]); by default the
//! usual names are looked for. Every other column is kept as the document's metadata.
//!
//! A file is read whole before anything is stored: a malformed row refuses the file, with the
//! file and the row's line in the message.

use super::decode;
use super::error::ReadError;
use std::collections::BTreeMap;

/// One row: its line in the file (the first line of a multi-line CSV record; for a JSON array
/// or a sheet, the item's or row's number) and its cells by column name, in column order.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<(String, String)>,
}

/// Which column (or key) holds what. `None`: look for the usual names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    pub text: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub id: Option<String>,
}

/// The names looked for when a role is not given, in order of preference.
const DEFAULT_NAMES: [(&str, &[&str]); 7] = [
    (
        "text",
        &["text", "content", "body", "article", "full_text", "متن"],
    ),
    ("title", &["title", "headline", "عنوان"]),
    (
        "date",
        &[
            "date",
            "published",
            "published_at",
            "pubdate",
            "publish_date",
            "تاریخ",
        ],
    ),
    ("source", &["source", "publisher", "outlet", "site", "منبع"]),
    ("url", &["url", "link", "permalink", "source_url"]),
    ("language", &["language", "lang"]),
    ("id", &["id", "doc_id", "document_id"]),
];

/// The columns of a header, each role resolved to a column index.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub text: usize,
    pub title: Option<usize>,
    pub date: Option<usize>,
    pub source: Option<usize>,
    pub url: Option<usize>,
    pub language: Option<usize>,
    pub id: Option<usize>,
}

/// The roles a column can have, as `--ROLE-column` and the column window name them.
pub const ROLES: [&str; 7] = ["text", "title", "date", "source", "url", "language", "id"];

impl Columns {
    /// The column chosen for `role` (one of [`ROLES`]).
    pub fn role(&self, role: &str) -> &Option<String> {
        match role {
            "text" => &self.text,
            "title" => &self.title,
            "date" => &self.date,
            "source" => &self.source,
            "url" => &self.url,
            "language" => &self.language,
            _ => &self.id,
        }
    }

    /// The column chosen for `role`, to change it.
    pub fn role_mut(&mut self, role: &str) -> &mut Option<String> {
        match role {
            "text" => &mut self.text,
            "title" => &mut self.title,
            "date" => &mut self.date,
            "source" => &mut self.source,
            "url" => &mut self.url,
            "language" => &mut self.language,
            _ => &mut self.id,
        }
    }

    /// Each role's column among `header`: the one given (which must exist), else the first
    /// of the usual names (case and spaces ignored).
    pub fn resolve(&self, header: &[String]) -> Result<Resolved, ReadError> {
        let norm = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
        let find = |name: &str| header.iter().position(|h| norm(h) == norm(name));
        let mut out = Resolved::default();
        let mut text = None;
        for (role, names) in DEFAULT_NAMES {
            let index = match self.role(role) {
                Some(name) => Some(find(name).ok_or_else(|| ReadError::NoSuchColumn {
                    name: name.clone(),
                    role,
                    columns: header.join(", "),
                })?),
                None => names.iter().find_map(|n| find(n)),
            };
            match role {
                "text" => text = index,
                "title" => out.title = index,
                "date" => out.date = index,
                "source" => out.source = index,
                "url" => out.url = index,
                "language" => out.language = index,
                _ => out.id = index,
            }
        }
        out.text = text.ok_or_else(|| ReadError::NoTextColumn {
            columns: header.join(", "),
        })?;
        Ok(out)
    }
}

impl Resolved {
    /// Whether column `i` has a role (else it is metadata).
    pub fn has_role(&self, i: usize) -> bool {
        i == self.text
            || [
                self.title,
                self.date,
                self.source,
                self.url,
                self.language,
                self.id,
            ]
            .contains(&Some(i))
    }
}

/// The rows of a CSV (`delimiter` b',') or TSV (b'\t') file's bytes.
pub fn read_delimited(bytes: &[u8], delimiter: u8) -> Result<Vec<Record>, ReadError> {
    let text = decode::decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut out = Vec::new();
    // Where the last record (or the header, with no records) begins: a quote that is never
    // closed swallows everything after it into that record, which the csv crate accepts.
    let mut last_start = (0usize, 1usize);
    for row in reader.records() {
        let row = row.map_err(|e| csv_error(&e))?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        last_start = row
            .position()
            .map_or(last_start, |p| (p.byte() as usize, line));
        let cells = header
            .iter()
            .cloned()
            .zip(row.iter().map(str::to_owned))
            .collect();
        out.push(Record { line, cells });
    }
    let (byte, line) = last_start;
    if let Some(opened) = text
        .get(byte..)
        .and_then(|rest| unclosed_quote(rest, delimiter))
    {
        // Python's csv (strict) and pandas refuse such a file; so do we, rather than import
        // the rows after it as one article's text.
        let line = line + text[byte..byte + opened].matches('\n').count();
        return Err(ReadError::UnclosedQuote { line: line as u64 });
    }
    Ok(out)
}

/// The byte offset of a quote that opens a cell of the record at the start of `record` and is
/// never closed, read as the csv crate reads it: a quote opens a cell only at its start, `""`
/// inside is a quote, and after the closing quote the cell goes on unquoted.
fn unclosed_quote(record: &str, delimiter: u8) -> Option<usize> {
    let bytes = record.as_bytes();
    let (mut i, mut cell_start, mut opened) = (0, true, None);
    while i < bytes.len() {
        let b = bytes[i];
        if opened.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    opened = None;
                }
            }
        } else if b == b'\n' || b == b'\r' {
            return None;
        } else if cell_start && b == b'"' {
            opened = Some(i);
            cell_start = false;
        } else {
            cell_start = b == delimiter;
        }
        i += 1;
    }
    opened
}

fn csv_error(e: &csv::Error) -> ReadError {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => ReadError::Row {
            line: pos.as_ref().map_or(0, |p| p.line()),
            why: format!("{len} fields where the header has {expected_len}"),
        },
        _ => ReadError::Row {
            line: e.position().map_or(0, |p| p.line()),
            why: e.to_string(),
        },
    }
}

/// A JSON value as a cell: strings as they are, other scalars as JSON, `null` as nothing.
fn cell(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn record_of(line: usize, v: &serde_json::Value) -> Result<Record, ReadError> {
    let obj = v.as_object().ok_or_else(|| ReadError::NotAnObject {
        line,
        found: v.to_string(),
    })?;
    Ok(Record {
        line,
        cells: obj
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), cell(v)?)))
            .collect(),
    })
}

/// The objects of a JSON Lines file, one a line (blank lines skipped).
pub fn read_json_lines(bytes: &[u8]) -> Result<Vec<Record>, ReadError> {
    let text = decode::decode(bytes)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| ReadError::Row {
            line: i as u64 + 1,
            why: e.to_string(),
        })?;
        out.push(record_of(i + 1, &v)?);
    }
    Ok(out)
}

/// The objects of a JSON file: an array of objects, or an object holding one such array
/// (`{"articles": [...]}`). A record's line is where its object starts.
pub fn read_json(bytes: &[u8]) -> Result<Vec<Record>, ReadError> {
    let text = decode::decode(bytes)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| ReadError::Json {
        line: e.line(),
        column: e.column(),
        why: e.to_string(),
    })?;
    let items = match &v {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(map) => {
            let arrays: Vec<&Vec<serde_json::Value>> =
                map.values().filter_map(|x| x.as_array()).collect();
            match arrays.as_slice() {
                [one] => *one,
                _ => return Err(ReadError::NotAnArray),
            }
        }
        _ => return Err(ReadError::NotAnArray),
    };
    let starts = object_lines(&text);
    items
        .iter()
        .enumerate()
        .map(|(i, item)| record_of(starts.get(i).copied().unwrap_or(i + 1), item))
        .collect()
}

/// The line on which each object of the (first) array of articles begins (for messages).
fn object_lines(text: &str) -> Vec<usize> {
    let (mut depth, mut line, mut in_string, mut escaped) = (0usize, 1usize, false, false);
    let mut items_depth = None;
    let mut out = Vec::new();
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' => {
                items_depth.get_or_insert(depth + 1);
                depth += 1;
            }
            '{' => {
                if items_depth == Some(depth) {
                    out.push(line);
                }
                depth += 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// The rows of the first sheet with data of an Excel workbook: the first row is the header.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Record>, ReadError> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Workbook(e.to_string()))?;
    let names = book.sheet_names().to_vec();
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| ReadError::Sheet {
            sheet: name.clone(),
            why: e.to_string(),
        })?;
        if range.is_empty() {
            continue;
        }
        let (first_row, _) = range.start().unwrap_or((0, 0));
        let mut rows = range.rows();
        let header: Vec<String> = rows
            .next()
            .map(|r| r.iter().map(|c| text_of(c).trim().to_owned()).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        for (i, row) in rows.enumerate() {
            if row.iter().all(|c| matches!(c, Data::Empty)) {
                continue;
            }
            let cells = header
                .iter()
                .cloned()
                .zip(row.iter().map(text_of))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            // Rows as Excel numbers them: the header's row, then one per row after it.
            out.push(Record {
                line: first_row as usize + i + 2,
                cells,
            });
        }
        return Ok(out);
    }
    Ok(Vec::new())
}

/// A cell as text: whole numbers without ".0", dates as ISO dates.
fn text_of(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> Option<String> {
    let epoch = jiff::civil::Date::new(1899, 12, 30).ok()?;
    let d = epoch
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()?;
    Some(d.to_string())
}

/// A row's cells by role, the rest as metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub line: usize,
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub id: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// Sorts the cells of `records` into roles by `columns`. The header is the union of the
/// records' keys in order of first appearance (JSON objects may differ in their keys).
pub fn rows(records: &[Record], columns: &Columns) -> Result<Vec<Row>, ReadError> {
    let mut header: Vec<String> = Vec::new();
    for r in records {
        for (k, _) in &r.cells {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let roles = columns.resolve(&header)?;
    let pick = |r: &Record, i: Option<usize>| -> Option<String> {
        let name = &header[i?];
        r.cells
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    Ok(records
        .iter()
        .map(|r| Row {
            line: r.line,
            text: r
                .cells
                .iter()
                .find(|(k, _)| *k == header[roles.text])
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            title: pick(r, roles.title),
            date: pick(r, roles.date),
            source: pick(r, roles.source),
            url: pick(r, roles.url),
            language: pick(r, roles.language),
            id: pick(r, roles.id),
            metadata: r
                .cells
                .iter()
                .filter(|(k, v)| {
                    let i = header.iter().position(|h| h == k).unwrap_or(usize::MAX);
                    !roles.has_role(i) && !v.trim().is_empty()
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
        .collect())
}

/// The header and first rows of a table file, for the window's column mapping. Delimited and
/// JSON Lines files are read only as far as their first megabyte (to its last whole line), so
/// that a big file does not hold the window up.
pub fn preview(path: &std::path::Path) -> Result<(Vec<String>, Vec<Record>), ReadError> {
    use super::Kind;
    let kind = super::kind_of(path).ok_or(ReadError::NotATable)?;
    let bytes = std::fs::read(path)?;
    let head = |bytes: &[u8]| -> Vec<u8> {
        const LIMIT: usize = 1 << 20;
        if bytes.len() <= LIMIT {
            return bytes.to_vec();
        }
        let cut = bytes[..LIMIT]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(LIMIT, |i| i + 1);
        bytes[..cut].to_vec()
    };
    let records = match kind {
        Kind::Csv => {
            read_delimited(&head(&bytes), b',').or_else(|_| read_delimited(&bytes, b','))?
        }
        Kind::Tsv => {
            read_delimited(&head(&bytes), b'\t').or_else(|_| read_delimited(&bytes, b'\t'))?
        }
        Kind::JsonLines => read_json_lines(&head(&bytes))?,
        Kind::Json => read_json(&bytes)?,
        Kind::Excel => read_xlsx(&bytes)?,
        Kind::Text | Kind::Html => return Err(ReadError::NotATable),
    };
    let mut header: Vec<String> = Vec::new();
    for r in records.iter().take(200) {
        for (k, _) in &r.cells {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    Ok((header, records.into_iter().take(3).collect()))
}

/// Whether `path` is a table (a row per article) rather than one article.
pub fn is_table(path: &std::path::Path) -> bool {
    use super::Kind;
    matches!(
        super::kind_of(path),
        Some(Kind::Csv | Kind::Tsv | Kind::JsonLines | Kind::Json | Kind::Excel)
    )
}
