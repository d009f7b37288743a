//! The window that maps a table's columns before an import: which column is the text, the
//! title, the date, the source, the URL, the language and the id; the rest are kept as each
//! document's metadata. It opens with the usual names already chosen, and shows the first
//! row's values so the person sees what each choice takes.

use crate::import::Columns;
use crate::import::table::{ROLES, Record};
use crate::session::Command;
use crate::ui::{ProjectView, UiState};
use std::path::PathBuf;

/// What the window holds: the files, the first table's header and first rows, the choices.
#[derive(Clone, Debug)]
pub struct Mapping {
    pub files: Vec<PathBuf>,
    pub header: Vec<String>,
    pub sample: Vec<Record>,
    pub columns: Columns,
}

impl Mapping {
    /// The mapping with each role set to its usual column, if the header has one.
    pub fn new(files: Vec<PathBuf>, header: Vec<String>, sample: Vec<Record>) -> Self {
        let mut columns = Columns::default();
        if let Ok(r) = Columns::default().resolve(&header) {
            let name = |i: Option<usize>| i.and_then(|i| header.get(i).cloned());
            columns = Columns {
                text: name(Some(r.text)),
                title: name(r.title),
                date: name(r.date),
                source: name(r.source),
                url: name(r.url),
                language: name(r.language),
                id: name(r.id),
            };
        }
        Self {
            files,
            header,
            sample,
            columns,
        }
    }

    fn slot(&mut self, role: &str) -> &mut Option<String> {
        self.columns.role_mut(role)
    }

    /// The first row's value in `column`, shortened, for the preview.
    fn sample_of(&self, column: &str) -> String {
        self.sample
            .first()
            .and_then(|r| r.cells.iter().find(|(k, _)| k == column))
            .map(|(_, v)| crate::model::shorten(v.lines().next().unwrap_or(""), 60))
            .unwrap_or_default()
    }
}

/// The window, while a mapping waits.
/// The import windows: a table's column mapping, another tool's label mapping.
#[derive(Default)]
pub struct ImportWindows {
    pub mapping: Option<Mapping>,
    pub labels: Option<Labels>,
}

pub fn window(
    cx: &ProjectView<'_>,
    windows: &mut ImportWindows,
    st: &mut UiState<'_>,
    ctx: &egui::Context,
) {
    let Some(mut m) = windows.mapping.take() else {
        return;
    };
    let mut open = true;
    let mut decided = None;
    egui::Window::new("Import: which column is what")
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            let tables = m
                .files
                .iter()
                .filter(|f| crate::import::table::is_table(f))
                .count();
            ui.label(format!(
                "{} files ({tables} tables). The columns of the first table; other tables \
                 are read with the same names. Columns without a role are kept as metadata.",
                m.files.len()
            ));
            egui::Grid::new("import-columns")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for role in ROLES {
                        let header = m.header.clone();
                        let current = m.slot(role).clone();
                        // Column names and values may be Persian or Arabic: they are drawn by
                        // the text engine, which orders them right to left, not by egui.
                        let chosen = egui::ComboBox::new(("import-role", role), role)
                            .selected_text("")
                            .show_ui(ui, |ui| {
                                let mut chosen = None;
                                if role != "text" && option(ui, st, "(none)", current.is_none()) {
                                    chosen = Some(None);
                                }
                                for h in &header {
                                    let on = current.as_ref() == Some(h);
                                    if option(ui, st, h, on) {
                                        chosen = Some(Some(h.clone()));
                                    }
                                }
                                chosen
                            })
                            .inner
                            .flatten();
                        if let Some(c) = chosen {
                            *m.slot(role) = c;
                        }
                        let colour = ui.visuals().text_color();
                        let name = current.clone().unwrap_or_else(|| "(none)".into());
                        let sample = current.map(|c| m.sample_of(&c)).unwrap_or_default();
                        ui.horizontal(|ui| {
                            st.labels
                                .show(ui, &mut *st.text, &name, 14.0, 140.0, colour);
                            let weak = ui.visuals().weak_text_color();
                            st.labels
                                .show(ui, &mut *st.text, &sample, 13.0, 280.0, weak);
                        });
                        ui.end_row();
                    }
                });
            let extra: Vec<&String> = m
                .header
                .iter()
                .filter(|h| ROLES.iter().all(|r| m.columns.role(r).as_ref() != Some(h)))
                .collect();
            if !extra.is_empty() {
                ui.label(format!(
                    "kept as metadata: {}",
                    extra
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            ui.horizontal(|ui| {
                let ready = m.columns.text.is_some() && !cx.asking;
                if ui
                    .add_enabled(ready, egui::Button::new("Import"))
                    .on_disabled_hover_text("choose the column that holds the text")
                    .clicked()
                {
                    decided = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    decided = Some(false);
                }
            });
        });
    match decided {
        Some(true) => st
            .queue
            .push(Command::StartImport(m.files.clone(), m.columns.clone())),
        Some(false) => {}
        None if open => windows.mapping = Some(m),
        None => {}
    }
}

/// The window that maps another tool's labels before its annotations are imported as the
/// coder's quotes.
#[derive(Clone, Debug)]
pub struct Labels {
    pub file: PathBuf,
    pub docs: Vec<crate::exchange::ForeignDoc>,
    /// Each label, how many spans carry it, and what it is to become (`topic:ID`,
    /// `kind:direct`, `speaker`, `cue`; `None`: a quote with no topic).
    pub labels: Vec<(String, usize, Option<String>)>,
}

impl Labels {
    /// The labels of `docs`, each set to what Naql's own vocabulary says it is, if anything.
    pub fn new(
        file: PathBuf,
        docs: Vec<crate::exchange::ForeignDoc>,
        project: &crate::model::Project,
    ) -> Self {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for d in &docs {
            for s in &d.spans {
                for l in &s.labels {
                    *counts.entry(l.clone()).or_default() += 1;
                }
            }
        }
        let none = crate::exchange::LabelMap::default();
        let labels = counts
            .into_iter()
            .map(|(l, n)| {
                let target = none.role(&l, project).map(|r| target_of(&r));
                (l, n, target)
            })
            .collect();
        Self { file, docs, labels }
    }

    /// The mapping as `naql import-annotations --map` takes it.
    pub fn entries(&self) -> Vec<String> {
        self.labels
            .iter()
            .filter_map(|(l, _, t)| Some(format!("{l}={}", t.as_ref()?)))
            .collect()
    }
}

fn target_of(r: &crate::exchange::Role) -> String {
    use crate::exchange::Role;
    match r {
        Role::Kind(k) => format!("kind:{}", k.name()),
        Role::Topic(t) => format!("topic:{t}"),
        Role::Mention(Some(s)) => format!("speaker:{s}"),
        Role::Mention(None) => "speaker".into(),
        Role::Cue => "cue".into(),
    }
}

/// The label window, while annotations wait to be imported.
pub fn labels_window(
    cx: &ProjectView<'_>,
    windows: &mut ImportWindows,
    st: &mut UiState<'_>,
    ctx: &egui::Context,
) {
    let Some(mut m) = windows.labels.take() else {
        return;
    };
    let ws = cx.ws;
    let project = ws.project();
    let mut targets: Vec<(String, String)> = vec![
        ("kind:direct".into(), "direct quote".into()),
        ("kind:indirect".into(), "indirect quote".into()),
        ("kind:mixed".into(), "mixed quote".into()),
        ("speaker".into(), "the speaker's mention".into()),
        ("cue".into(), "the cue".into()),
    ];
    targets.extend(project.manifest.codebook.topics.iter().map(|t| {
        (
            format!("topic:{}", t.id),
            format!("topic: {}", crate::ui::article::latin_half(&t.name)),
        )
    }));
    let mut open = true;
    let mut decided = None;
    egui::Window::new("Import annotations: what their labels are")
        .open(&mut open)
        .collapsible(false)
        .default_width(480.0)
        .show(ctx, |ui| {
            let spans: usize = m.docs.iter().map(|d| d.spans.len()).sum();
            ui.label(format!(
                "{} texts, {spans} spans, into your quotes ({}). Each span becomes a quote; a \
                 label mapped to nothing gives a quote with no topic.",
                m.docs.len(),
                ws.coder_id()
            ));
            egui::Grid::new("annotation-labels")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (label, n, target) in &mut m.labels {
                        // Another tool's label may be Persian: the text engine draws it.
                        ui.horizontal(|ui| {
                            let colour = ui.visuals().text_color();
                            st.labels
                                .show(ui, &mut *st.text, label, 14.0, 180.0, colour);
                            ui.weak(format!("{n}×"));
                        });
                        let shown = target
                            .as_ref()
                            .and_then(|t| targets.iter().find(|(k, _)| k == t))
                            .map_or_else(
                                || target.clone().unwrap_or_else(|| "(nothing)".into()),
                                |(_, name)| name.clone(),
                            );
                        let label_name = label.clone();
                        egui::ComboBox::from_id_salt(("label-target", label.as_str()))
                            .selected_text(shown)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(target, None, "(nothing)");
                                for (k, name) in &targets {
                                    ui.selectable_value(target, Some(k.clone()), name);
                                }
                            })
                            .response
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label_name)
                            });
                        ui.end_row();
                    }
                });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!cx.asking, egui::Button::new("Import"))
                    .clicked()
                {
                    decided = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    decided = Some(false);
                }
            });
        });
    match decided {
        Some(true) => {
            let entries = m.entries();
            windows.labels = Some(m);
            st.queue.push(Command::ImportAnnotations(entries));
        }
        Some(false) => {}
        None if open => windows.labels = Some(m),
        None => {}
    }
}

/// One choice of a drop-down, drawn by the text engine (a Persian or Arabic column name reads
/// right to left); returns whether it was clicked.
fn option(ui: &mut egui::Ui, st: &mut UiState<'_>, text: &str, selected: bool) -> bool {
    let colour = if selected {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().text_color()
    };
    let r = st
        .labels
        .show(ui, &mut *st.text, text, 14.0, 220.0, colour)
        .interact(egui::Sense::click());
    if selected {
        ui.painter().rect_stroke(
            r.rect.expand(1.0),
            2.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
    r.clicked()
}
