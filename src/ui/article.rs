//! The centre: the current article with every quote, speaker mention and cue highlighted.

use crate::app::NaqlApp;
use crate::model::{DocumentId, Project, Quote};
use crate::text::{Highlight, HighlightKind};
use egui::Color32;

/// The colour of quotes without a topic.
const NO_TOPIC: Color32 = Color32::from_rgb(150, 150, 150);
const MENTION: Color32 = Color32::from_rgb(31, 119, 180);
const CUE: Color32 = Color32::from_rgb(230, 120, 20);

/// What a highlight stands for: the quote (by its place in `Project::quotes()`) and which part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Quote,
    Mention,
    Cue,
}

/// Highlights for every quote of `doc`, and what each highlight id refers to.
pub fn highlights(project: &Project, doc: &DocumentId) -> (Vec<Highlight>, Vec<(usize, Part)>) {
    let mut out = Vec::new();
    let mut meaning = Vec::new();
    for (n, (_, q)) in project.quotes().enumerate() {
        if &q.document != doc || project.orphans.contains_key(&q.id) {
            continue;
        }
        let colour = q
            .topics
            .first()
            .and_then(|t| project.manifest.topic(t))
            .map(|t| Color32::from_rgb(t.colour.r, t.colour.g, t.colour.b))
            .unwrap_or(NO_TOPIC);
        let mut push = |range: std::ops::Range<usize>, kind, colour, part| {
            out.push(Highlight {
                range,
                kind,
                colour,
                id: meaning.len() as u64,
            });
            meaning.push((n, part));
        };
        let span = q.anchor.span;
        push(
            span.start..span.end,
            HighlightKind::Background,
            colour.gamma_multiply(0.28),
            Part::Quote,
        );
        if let Some(m) = &q.mention {
            push(
                m.span.start..m.span.end,
                HighlightKind::Underline,
                MENTION,
                Part::Mention,
            );
        }
        if let Some(c) = &q.cue {
            push(
                c.span.start..c.span.end,
                HighlightKind::Underline,
                CUE,
                Part::Cue,
            );
        }
    }
    (out, meaning)
}

pub fn show(app: &mut NaqlApp, ui: &mut egui::Ui) {
    let current = app.workspace.as_ref().and_then(|w| w.current.clone());
    let style = app.style_for(current.as_ref());
    let Some(ws) = &mut app.workspace else {
        ui.centered_and_justified(|ui| ui.label("Open a project to start."));
        return;
    };
    let Some(doc) = current else {
        ui.centered_and_justified(|ui| {
            ui.label("This project has no documents yet: import articles.")
        });
        return;
    };
    let (hs, meaning) = highlights(&ws.loaded.project, &doc);
    let project = &ws.loaded.project;
    let Some(text) = project.texts.get(&doc) else {
        ui.label(format!("The text of {doc} is missing (run `naql check`)."));
        return;
    };
    let view = ws
        .views
        .entry(doc.clone())
        .or_insert_with(|| crate::text::ArticleView::new(text.clone()));
    let out = view.show(ui, &mut app.text, &style, &hs);
    if !out.hovered.is_empty() {
        let quotes: Vec<&Quote> = project.quotes().map(|(_, q)| q).collect();
        let lines: Vec<String> = out
            .hovered
            .iter()
            .filter_map(|&id| meaning.get(id as usize))
            .map(|&(n, part)| describe(project, quotes[n], part))
            .collect();
        out.response.on_hover_ui_at_pointer(|ui| {
            for line in lines {
                ui.label(line);
            }
        });
    }
}

/// A hover line: what the highlight is, who said it, and about what.
fn describe(project: &Project, q: &Quote, part: Part) -> String {
    let speaker = q
        .speaker
        .as_ref()
        .and_then(|s| project.manifest.speaker(s))
        .map_or("no speaker yet", |s| s.name.as_str());
    // Topic names are "English · فارسی"; egui labels cannot order Persian, so hover text keeps
    // the Latin half.
    let topics: Vec<&str> = q
        .topics
        .iter()
        .filter_map(|t| project.manifest.topic(t))
        .map(|t| t.name.split(" · ").next().unwrap_or(&t.name))
        .collect();
    let what = match part {
        Part::Quote => format!("{} quote", q.kind.name()),
        Part::Mention => "speaker mention".to_owned(),
        Part::Cue => "cue".to_owned(),
    };
    format!(
        "{what} — {speaker} — {} — coder {}",
        topics.join(", "),
        q.coder
    )
}
