//! doccano's JSON Lines: one text a line, `{"text": …, "label": [[start, end, "LABEL"], …]}`
//! (sequence labelling) or `{"text": …, "entities": [{"id", "label", "start_offset",
//! "end_offset"}], "relations": [{"from_id", "to_id", "type"}]}` (with relations). Offsets
//! count code points. Naql writes the second form: a quote as one entity per label on its
//! words (its kind, each `topic:ID`, and `speaker:ID` when no words name the speaker), its
//! mention as an entity labelled `speaker:ID` (or `speaker`) linked by a `said-by` relation,
//! its cue as an entity labelled `cue` linked by a `cue` relation.

use super::{ExchangeError, ForeignDoc, ForeignRelation, ForeignSpan, outgoing};
use crate::model::{PersonId, Project};
use serde_json::{Value, json};

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads a doccano export. Its lines are read on every core (an export of 100,000 articles
/// is half a gigabyte); the first bad line in the file is the one reported.
pub fn read(bytes: &[u8]) -> Result<Vec<ForeignDoc>, ExchangeError> {
    // Read where it lies when decoding would not change it (what exports are): a copy of a
    // half-gigabyte export beside its bytes was a third of an import's peak memory.
    let text = crate::import::decode::decode_borrowed(bytes)?;
    let text: &str = &text;
    // Line breaks are LF once decoded; found with memchr's search (std's took a tenth of a
    // second for every half gigabyte).
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let lines: Vec<(usize, &str)> = ends
        .map(|end| {
            let line = &text[start..end];
            start = end + 1;
            line
        })
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, line))
        .collect();
    crate::parallel::map(&lines, |&(n, line)| read_line(n, line))
        .into_iter()
        .collect()
}

/// One line of a doccano export: its text and spans.
fn read_line(n: usize, line: &str) -> Result<ForeignDoc, ExchangeError> {
    let place = || format!("line {n}");
    let mut v: Value =
        serde_json::from_str(line).map_err(|e| ExchangeError::at(place(), e.to_string()))?;
    // The text is taken out of the parsed line, not copied: half a gigabyte of texts in a
    // big export.
    let key = if v.get("text").is_some() {
        "text"
    } else {
        "data"
    };
    let body = match v.get_mut(key).map(Value::take) {
        Some(Value::String(body)) => body,
        _ => return Err(ExchangeError::at(place(), "no \"text\"")),
    };
    let mut doc = ForeignDoc {
        place: place(),
        text: body,
        name: v.get("document").or_else(|| v.get("id")).and_then(id_text),
        ..ForeignDoc::default()
    };
    if let Some(labels) = v.get("label").and_then(Value::as_array) {
        for l in labels {
            let not_a_label = || {
                ExchangeError::at(
                    place(),
                    format!("a label is [start, end, \"LABEL\"], not {l}"),
                )
            };
            let parts = l
                .as_array()
                .filter(|a| a.len() == 3)
                .ok_or_else(not_a_label)?;
            let (Some(start), Some(end), Some(label)) =
                (parts[0].as_u64(), parts[1].as_u64(), parts[2].as_str())
            else {
                return Err(not_a_label());
            };
            doc.spans.push(ForeignSpan {
                id: None,
                start: start as usize,
                end: end as usize,
                text: None,
                labels: vec![label.to_owned()],
            });
        }
    }
    for e in v
        .get("entities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let get = |k: &str| e.get(k).and_then(Value::as_u64);
        let (Some(start), Some(end), Some(label)) = (
            get("start_offset"),
            get("end_offset"),
            e.get("label").and_then(Value::as_str),
        ) else {
            return Err(ExchangeError::at(
                place(),
                format!("an entity needs start_offset, end_offset and label: {e}"),
            ));
        };
        doc.spans.push(ForeignSpan {
            id: e.get("id").and_then(id_text),
            start: start as usize,
            end: end as usize,
            text: None,
            labels: vec![label.to_owned()],
        });
    }
    for r in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(from), Some(to)) = (
            r.get("from_id").and_then(id_text),
            r.get("to_id").and_then(id_text),
        ) else {
            return Err(ExchangeError::at(
                place(),
                format!("a relation needs from_id and to_id: {r}"),
            ));
        };
        doc.relations.push(ForeignRelation {
            from,
            to,
            label: r
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        });
    }
    Ok(doc)
}

/// Writes the quotes of `coders` (everyone's if empty) as doccano JSON Lines, one line for
/// each document with quotes.
pub fn write(
    project: &Project,
    coders: &[PersonId],
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    let mut lines = 0;
    for d in super::documents_with_quotes(project, coders) {
        let text = project.texts.read(&d.id).unwrap_or_default();
        let text = &*text;
        let mut entities = Vec::new();
        let mut relations = Vec::new();
        let mut next = 1u64;
        let mut entity = |label: &str, start: usize, end: usize, entities: &mut Vec<Value>| {
            let id = next;
            next += 1;
            entities
                .push(json!({"id": id, "label": label, "start_offset": start, "end_offset": end}));
            id
        };
        for o in outgoing(project, &d.id, coders) {
            let span = o.quote.anchor.span;
            let mut first = None;
            for label in &o.labels {
                let id = entity(label, span.start, span.end, &mut entities);
                first.get_or_insert(id);
            }
            let Some(quote) = first else { continue };
            if let Some((m, label)) = &o.mention {
                let id = entity(label, m.start, m.end, &mut entities);
                relations.push(json!({"id": relations.len() + 1, "from_id": quote, "to_id": id, "type": "said-by"}));
            }
            if let Some(c) = o.cue {
                let id = entity("cue", c.start, c.end, &mut entities);
                relations.push(json!({"id": relations.len() + 1, "from_id": quote, "to_id": id, "type": "cue"}));
            }
        }
        let line = json!({
            "id": d.id.as_str(),
            "document": d.id.as_str(),
            "text": text,
            "entities": entities,
            "relations": relations,
        });
        writeln!(out, "{line}")?;
        lines += 1;
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines are numbered as a text editor numbers them: blank lines count, and the last line
    /// needs no line break after it.
    #[test]
    fn a_bad_line_is_named_by_its_number_blank_lines_counted() {
        let good = r#"{"text": "گفت که ما شریک هستیم", "label": [[0, 3, "CUE"]]}"#;
        let file = format!("{good}\n\n{good}\r\n  \n{{\"text\": 5}}");
        let why = read(file.as_bytes()).err().map(|e| e.to_string());
        assert!(
            why.as_deref().is_some_and(|w| w.contains("line 5")),
            "{why:?}"
        );
        let docs = read(format!("{good}\n\n{good}\n").as_bytes()).unwrap_or_default();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].place, "line 3");
        assert_eq!(docs[1].spans.len(), 1);
    }
}
