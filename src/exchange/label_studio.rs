//! Label Studio's JSON export: a list of tasks, `{"data": {"text": …}, "annotations":
//! [{"result": [{"id", "type": "labels", "value": {"start", "end", "text", "labels": […]}},
//! {"type": "relation", "from_id", "to_id", "labels": […]}]}]}`. Current versions count code
//! points; exports from before the 2022 fix count UTF-16 code units, and each span's `text`
//! tells which (see `spans`). Naql writes one task per document and one annotation per coder:
//! a quote's labels are its kind, its topics (`topic:ID`) and, when no words name the speaker,
//! `speaker:ID`; the mention (`speaker:ID` or `speaker`) and the cue (`cue`) are regions of
//! their own with relations `said-by` and `cue` from the quote.
//!
//! The labelling configuration that shows these in Label Studio is printed by
//! [`label_config`].

use super::{ExchangeError, ForeignDoc, ForeignRelation, ForeignSpan, outgoing};
use crate::model::{PersonId, Project};
use serde_json::{Value, json};

/// Reads a Label Studio export (a list of tasks, or one task). Every annotation of a task is
/// read (they are merged into the one layer being imported).
pub fn read(bytes: &[u8]) -> Result<Vec<ForeignDoc>, ExchangeError> {
    // Read where it lies when decoding would not change it (what exports are): a copy of a
    // half-gigabyte export beside its bytes was a third of an import's peak memory.
    let text = crate::import::decode::decode_borrowed(bytes)?;
    let text: &str = &text;
    let v: Value = serde_json::from_str(text).map_err(|e| ExchangeError::Json {
        line: e.line(),
        column: e.column(),
        why: e.to_string(),
    })?;
    let tasks = match &v {
        Value::Array(a) => a.clone(),
        Value::Object(_) => vec![v.clone()],
        _ => return Err(ExchangeError::NotTasks),
    };
    let mut out = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        let n = i + 1;
        let data = task
            .get("data")
            .ok_or_else(|| ExchangeError::at(format!("task {n}"), "no \"data\""))?;
        let body = data
            .get("text")
            .and_then(Value::as_str)
            .or_else(|| {
                data.as_object()
                    .and_then(|o| o.values().find_map(Value::as_str))
            })
            .ok_or_else(|| ExchangeError::at(format!("task {n}"), "no text in \"data\""))?;
        let mut doc = ForeignDoc {
            place: format!("task {n}"),
            text: body.to_owned(),
            name: data
                .get("document")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| task.get("id").map(|x| format!("task-{x}"))),
            ..ForeignDoc::default()
        };
        let results = task
            .get("annotations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("result").and_then(Value::as_array))
            .flatten();
        for r in results {
            if r.get("type").and_then(Value::as_str) == Some("relation") {
                let (Some(from), Some(to)) = (
                    r.get("from_id").and_then(Value::as_str),
                    r.get("to_id").and_then(Value::as_str),
                ) else {
                    continue;
                };
                doc.relations.push(ForeignRelation {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    label: r
                        .get("labels")
                        .and_then(Value::as_array)
                        .and_then(|l| l.first())
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                });
                continue;
            }
            let Some(value) = r.get("value") else {
                continue;
            };
            let (Some(start), Some(end)) = (
                value.get("start").and_then(Value::as_u64),
                value.get("end").and_then(Value::as_u64),
            ) else {
                continue;
            };
            let labels: Vec<String> = ["labels", "hypertextlabels", "choices"]
                .iter()
                .filter_map(|k| value.get(*k).and_then(Value::as_array))
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            doc.spans.push(ForeignSpan {
                id: r.get("id").and_then(Value::as_str).map(str::to_owned),
                start: start as usize,
                end: end as usize,
                text: value.get("text").and_then(Value::as_str).map(str::to_owned),
                labels,
            });
        }
        out.push(doc);
    }
    Ok(out)
}

/// Writes a Label Studio task list: one task per document with quotes, one annotation per
/// coder of `coders` (everyone if empty).
pub fn write(
    project: &Project,
    coders: &[PersonId],
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    let people: Vec<PersonId> = if coders.is_empty() {
        project.layers.keys().cloned().collect()
    } else {
        coders.to_vec()
    };
    let mut tasks = Vec::new();
    for (t, d) in super::documents_with_quotes(project, &people)
        .into_iter()
        .enumerate()
    {
        let text = project.texts.read(&d.id).unwrap_or_default();
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: usize, e: usize| {
            chars[s.min(chars.len())..e.min(chars.len())]
                .iter()
                .collect::<String>()
        };
        let region = |id: String, s: usize, e: usize, labels: Vec<String>| {
            json!({
                "id": id, "type": "labels", "from_name": "label", "to_name": "text",
                "value": {"start": s, "end": e, "text": slice(s, e), "labels": labels}
            })
        };
        let mut annotations = Vec::new();
        for person in &people {
            let mut result = Vec::new();
            for (i, o) in outgoing(project, &d.id, std::slice::from_ref(person))
                .into_iter()
                .enumerate()
            {
                let span = o.quote.anchor.span;
                let qid = format!("q{i}");
                result.push(region(qid.clone(), span.start, span.end, o.labels.clone()));
                if let Some((m, label)) = &o.mention {
                    let mid = format!("m{i}");
                    result.push(region(mid.clone(), m.start, m.end, vec![label.clone()]));
                    result.push(json!({"type": "relation", "from_id": qid, "to_id": mid, "direction": "right", "labels": ["said-by"]}));
                }
                if let Some(c) = o.cue {
                    let cid = format!("c{i}");
                    result.push(region(cid.clone(), c.start, c.end, vec!["cue".into()]));
                    result.push(json!({"type": "relation", "from_id": qid, "to_id": cid, "direction": "right", "labels": ["cue"]}));
                }
            }
            if !result.is_empty() {
                annotations
                    .push(json!({"result": result, "meta": {"naql_coder": person.as_str()}}));
            }
        }
        tasks.push(json!({
            "id": t + 1,
            "data": {"text": text, "document": d.id.as_str(), "title": d.title},
            "annotations": annotations,
        }));
    }
    let n = tasks.len();
    serde_json::to_writer_pretty(&mut *out, &Value::Array(tasks))?;
    writeln!(out)?;
    Ok(n)
}

/// A Label Studio labelling configuration with every label Naql writes for `project`.
pub fn label_config(project: &Project) -> String {
    let mut labels = vec![
        "direct".to_owned(),
        "indirect".into(),
        "mixed".into(),
        "speaker".into(),
        "cue".into(),
    ];
    labels.extend(
        project
            .manifest
            .codebook
            .topics
            .iter()
            .map(|t| format!("topic:{}", t.id)),
    );
    labels.extend(
        project
            .manifest
            .speakers
            .iter()
            .map(|s| format!("speaker:{}", s.id)),
    );
    let mut out = String::from(
        "<View>\n  <Relations>\n    <Relation value=\"said-by\"/>\n    <Relation value=\"cue\"/>\n  </Relations>\n  <Labels name=\"label\" toName=\"text\" choice=\"multiple\">\n",
    );
    for l in labels {
        out.push_str(&format!("    <Label value=\"{l}\"/>\n"));
    }
    out.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    out
}
