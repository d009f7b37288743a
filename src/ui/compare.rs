//! Compare mode: one article as two or more coders tagged it. Their quotes are matched into
//! units by overlap (`agree::units`); each unit shows every coder's version side by side, the
//! fields that differ marked, and a button that takes that version into the curated layer
//! (`annotations/curated.ron`), which exports like any other layer. The document's agreement
//! figures are on top.

use crate::action::Action;
use crate::agree::{self, CURATED};
use crate::model::{DocumentId, Person, PersonId, Project, Quote, QuoteId};
use crate::session::Command;
use crate::ui::memo::Memo;
use crate::ui::{ProjectView, UiState};
use egui::Color32;
use std::collections::{BTreeSet, HashMap};

#[derive(Default)]
pub struct CompareState {
    pub document: Option<DocumentId>,
    /// The coders compared; empty means every coder with quotes (the curated layer aside).
    pub coders: Vec<PersonId>,
    /// This document's agreement, and what it was computed for.
    figures: Memo<FiguresKey, Option<agree::DocumentAgreement>>,
    /// Where the chosen document's quotes are: (coder index, index in that coder's layer), for
    /// the same key as `figures`, so a frame does not look through every layer.
    positions: Memo<FiguresKey, Vec<(usize, usize)>>,
    /// How many coders tagged each document, per quotes revision (for choosing a document).
    coders_per_document: Memo<u64, HashMap<DocumentId, BTreeSet<PersonId>>>,
}

/// What the cached figures were computed for.
#[derive(Clone, Debug, PartialEq)]
struct FiguresKey {
    revision: u64,
    document: DocumentId,
    coders: Vec<PersonId>,
}

pub fn show(
    cx: &ProjectView<'_>,
    state: &mut CompareState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let ws = cx.ws;
    let project = ws.project();
    let all_coders = agree::default_coders(project);
    if state.coders.is_empty() {
        state.coders = all_coders.clone();
    }
    // Taken out for the frame (and put back below) so that the rest of the state can change.
    let mut counted = std::mem::take(&mut state.coders_per_document);
    let per_document = counted.get_or_make(ws.quotes_revision, |_| {
        let mut map: HashMap<DocumentId, BTreeSet<PersonId>> = HashMap::new();
        for (person, q) in project.quotes() {
            map.entry(q.document.clone())
                .or_default()
                .insert(person.clone());
        }
        map
    });
    let shared = |d: &DocumentId, coders: &[PersonId]| {
        per_document
            .get(d)
            .map_or(0, |set| coders.iter().filter(|c| set.contains(*c)).count())
    };
    if state.document.is_none() {
        // The article open in the coding view, if two coders tagged it; else the first that.
        state.document = ws
            .current
            .clone()
            .filter(|d| shared(d, &state.coders) >= 2)
            .or_else(|| {
                project
                    .manifest
                    .documents
                    .iter()
                    .find(|d| shared(&d.id, &state.coders) >= 2)
                    .map(|d| d.id.clone())
            });
    }
    let doc = state.document.clone();
    let mut queue = Vec::new();
    egui::Panel::top("compare-choice").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let title = doc
                .as_ref()
                .map_or_else(|| "none".to_owned(), |d| d.to_string());
            egui::ComboBox::new("compare-document", "Document")
                .selected_text(title)
                .show_ui(ui, |ui| {
                    for d in project.manifest.documents.iter() {
                        let coders = shared(&d.id, &all_coders);
                        ui.selectable_value(
                            &mut state.document,
                            Some(d.id.clone()),
                            format!("{} ({coders} coders)", d.id),
                        );
                    }
                });
            ui.separator();
            ui.label("Coders");
            for c in &all_coders {
                let mut on = state.coders.contains(c);
                let r = ui.checkbox(&mut on, c.as_str());
                if r.changed() {
                    if on {
                        state.coders.push(c.clone());
                        state.coders.sort();
                    } else if state.coders.len() > 2 {
                        state.coders.retain(|x| x != c);
                    }
                }
            }
        });
    });
    state.coders_per_document = counted;
    let Some(doc) = doc else {
        ui.centered_and_justified(|ui| {
            ui.label("No document has quotes by two of the chosen coders yet.")
        });
        return;
    };
    let key = FiguresKey {
        revision: ws.revision,
        document: doc.clone(),
        coders: state.coders.clone(),
    };
    state.figures.get_or_make(key.clone(), |k| {
        let report = agree::measure_in(project, &k.coders, Some(&k.document));
        report.per_document.into_iter().next()
    });
    let positions = state
        .positions
        .get_or_make(key, |k| {
            let mut positions = Vec::new();
            for (c, coder) in k.coders.iter().enumerate() {
                if let Some(layer) = project.layers.get(coder) {
                    for (i, q) in layer.quotes.iter().enumerate() {
                        if q.document == k.document {
                            positions.push((c, i));
                        }
                    }
                }
            }
            positions
        })
        .clone();
    let figures = state.figures.kept().and_then(Option::as_ref);
    let coders = state.coders.clone();
    let curated = curated_sources(project);
    let text_colour = ui.visuals().text_color();
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("compare-statements")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some(f) = figures {
                    agreement_line(ui, f);
                    ui.separator();
                }
                let quotes: Vec<(usize, &Quote)> = positions
                    .iter()
                    .filter_map(|&(c, i)| Some((c, project.layers.get(&coders[c])?.quotes.get(i)?)))
                    .collect();
                if quotes.is_empty() {
                    ui.label("None of the chosen coders tagged this document.");
                    return;
                }
                let units = agree::match_document(&doc, &quotes);
                let width = ui.available_width();
                for (n, unit) in units.iter().enumerate() {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(width - 16.0);
                        ui.strong(format!(
                            "Statement {} · chars {}–{}{}",
                            n + 1,
                            unit.span.start,
                            unit.span.end,
                            if unit.quotes.len() < coders.len() {
                                " · not tagged by every coder"
                            } else {
                                ""
                            }
                        ));
                        for (c, coder) in coders.iter().enumerate() {
                            let colour = crate::ui::article::coder_colour(project, coder);
                            let Some(q) = unit.of(c) else {
                                ui.colored_label(colour, format!("{coder}: not tagged"));
                                continue;
                            };
                            let others: Vec<&Quote> = unit
                                .quotes
                                .iter()
                                .filter(|(k, _)| *k != c)
                                .map(|(_, q)| *q)
                                .collect();
                            version(
                                ui,
                                app_labels(&mut *st.labels, &mut *st.text),
                                project,
                                coder,
                                q,
                                &others,
                                colour,
                                text_colour,
                                curated.get(&q.id),
                                &mut queue,
                            );
                        }
                    });
                }
            });
    });
    st.queue.extend(queue);
}

type Labels<'a> = (
    &'a mut crate::ui::labels::LabelCache,
    &'a mut crate::text::TextKit,
);

fn app_labels<'a>(
    labels: &'a mut crate::ui::labels::LabelCache,
    kit: &'a mut crate::text::TextKit,
) -> Labels<'a> {
    (labels, kit)
}

/// One coder's version of a statement: its words, then speaker, kind and topics, each marked
/// when another coder's version differs; and the button that adjudicates in its favour.
#[allow(clippy::too_many_arguments)]
fn version(
    ui: &mut egui::Ui,
    (labels, kit): Labels<'_>,
    project: &Project,
    coder: &PersonId,
    q: &Quote,
    others: &[&Quote],
    colour: Color32,
    text_colour: Color32,
    curated: Option<&QuoteId>,
    queue: &mut Vec<Command>,
) {
    let warn = ui.visuals().warn_fg_color;
    let differs = |f: &dyn Fn(&Quote) -> bool| others.iter().any(|o| f(o));
    ui.horizontal(|ui| {
        ui.colored_label(colour, egui::RichText::new(coder.as_str()).strong());
        let (speaker, topics) = crate::ui::article::speaker_and_topics(project, q);
        let field = |ui: &mut egui::Ui, name: &str, value: &str, different: bool| {
            let text = format!("{name}: {value}");
            if different {
                ui.colored_label(warn, egui::RichText::new(text).strong())
                    .on_hover_text("differs from another coder's version");
            } else {
                ui.label(text);
            }
        };
        field(
            ui,
            "bounds",
            &format!("{}–{}", q.anchor.span.start, q.anchor.span.end),
            differs(&|o| o.anchor.span != q.anchor.span),
        );
        field(ui, "speaker", speaker, differs(&|o| o.speaker != q.speaker));
        field(ui, "kind", q.kind.name(), differs(&|o| o.kind != q.kind));
        field(
            ui,
            "topics",
            &topics,
            differs(&|o| {
                let mut a = o.topics.clone();
                let mut b = q.topics.clone();
                a.sort();
                b.sort();
                a != b
            }),
        );
        if let Some(id) = curated {
            ui.label(egui::RichText::new("in the curated layer").italics());
            if ui
                .button("Edit it")
                .on_hover_text("Open the curated version in the coding view to adjust its span, speaker or topics")
                .clicked()
            {
                queue.push(Command::Ui(crate::session::UiCommand::ModeCoding));
                queue.push(Command::SelectQuote(Some(id.clone())));
            }
        } else if ui
            .button(format!("Take {coder}'s"))
            .on_hover_text("Copy this version into the curated layer (replacing the one taken from this statement before)")
            .clicked()
        {
            queue.push(adjudicate(project, q, others));
        }
    });
    let width = ui.available_width();
    labels.show(ui, kit, &q.anchor.text, 15.0, width, text_colour);
}

/// The action taking `q` into the curated layer: the person is registered on first use, and a
/// version taken before from the same statement (from `q` or one of `others`) is replaced.
pub fn adjudicate(project: &Project, q: &Quote, others: &[&Quote]) -> Command {
    let curated = PersonId::new(CURATED);
    let mut actions = Vec::new();
    if project.manifest.person(&curated).is_none() {
        actions.push(Action::AddPerson(Person {
            id: curated.clone(),
            name: "Curated (adjudicated)".into(),
        }));
    }
    let sources: Vec<&QuoteId> = std::iter::once(&q.id)
        .chain(others.iter().map(|o| &o.id))
        .collect();
    if let Some(layer) = project.layers.get(&curated) {
        for old in &layer.quotes {
            if old.source.as_ref().is_some_and(|s| sources.contains(&s)) {
                actions.push(Action::RemoveQuote {
                    coder: curated.clone(),
                    id: old.id.clone(),
                });
            }
        }
    }
    let now = jiff::Timestamp::now();
    let mut copy = q.clone();
    copy.id = QuoteId::generate();
    copy.source = Some(q.id.clone());
    copy.coder = curated;
    copy.created = now;
    copy.modified = now;
    actions.push(Action::AddQuote(copy));
    Command::edit(
        Action::Batch(actions),
        &format!("take {}'s version", q.coder),
    )
}

/// Curated quotes by the coder's quote they were taken from.
fn curated_sources(project: &Project) -> std::collections::HashMap<QuoteId, QuoteId> {
    project
        .layers
        .get(&PersonId::new(CURATED))
        .map(|l| {
            l.quotes
                .iter()
                .filter_map(|q| Some((q.source.clone()?, q.id.clone())))
                .collect()
        })
        .unwrap_or_default()
}

fn agreement_line(ui: &mut egui::Ui, f: &agree::DocumentAgreement) {
    ui.strong(format!(
        "Agreement in this document: {} statements, {} tagged by more than one coder",
        f.units, f.matched
    ));
    ui.horizontal_wrapped(|ui| {
        for fig in &f.figures {
            let Some(a) = fig.alpha else {
                continue;
            };
            let colour = match fig.reliability {
                agree::Reliability::Reliable => Color32::from_rgb(44, 160, 44),
                agree::Reliability::Tentative => Color32::from_rgb(230, 150, 20),
                _ => Color32::from_rgb(214, 39, 40),
            };
            let kappa = fig
                .kappa
                .map_or_else(String::new, |k| format!(", κ {k:.3}"));
            ui.colored_label(colour, format!("{} α {a:.3}{kappa}", fig.variable))
                .on_hover_text(format!(
                    "{} ({} values); α ≥ 0.800 reliable, ≥ 0.667 tentative",
                    fig.reliability.name(),
                    fig.values
                ));
            ui.separator();
        }
    });
}
