//! Statistics mode: what the project's quotes say at a glance — quotes per speaker, topics per
//! speaker (a heat map), quotes per article and over time, direct against indirect speech. The
//! counts are made once per change of the project; the charts are egui_plot's.

use crate::app::NaqlApp;
use crate::model::{Project, QuoteKind};
use egui::Color32;
use egui_plot::{Bar, BarChart, Plot};
use std::collections::{BTreeMap, HashMap};

/// Speakers shown in the charts: the ones quoted most.
const TOP_SPEAKERS: usize = 12;
/// Articles shown in "quotes per article".
const TOP_ARTICLES: usize = 15;

#[derive(Default)]
pub struct StatisticsState {
    counts: Option<(u64, Counts)>,
}

/// What the charts draw.
#[derive(Default)]
pub struct Counts {
    pub quotes: usize,
    /// (speaker name, quotes), most quoted first.
    pub per_speaker: Vec<(String, usize)>,
    /// Topic names (columns of the heat map).
    pub topics: Vec<String>,
    /// Per top speaker, quotes per topic (same order as `topics`).
    pub heat: Vec<Vec<usize>>,
    /// (document id, quotes), in project order.
    pub per_article: Vec<(String, usize)>,
    /// ("YYYY-MM", quotes) of dated articles, in time order.
    pub per_month: Vec<(String, usize)>,
    pub undated: usize,
    pub kinds: Vec<(QuoteKind, usize)>,
}

impl Counts {
    pub fn of(project: &Project) -> Self {
        let m = &project.manifest;
        let mut c = Counts::default();
        let mut speakers: HashMap<String, usize> = HashMap::new();
        let topic_index: HashMap<_, usize> = m
            .codebook
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (&t.id, i))
            .collect();
        c.topics = m
            .codebook
            .topics
            .iter()
            .map(|t| crate::ui::article::latin_half(&t.name).to_owned())
            .collect();
        let mut heat: HashMap<String, Vec<usize>> = HashMap::new();
        let mut per_doc: HashMap<&crate::model::DocumentId, usize> = HashMap::new();
        let mut kinds: BTreeMap<QuoteKind, usize> = BTreeMap::new();
        for (person, q) in project.quotes() {
            // The curated layer repeats coders' quotes: counting it would count them twice.
            if person.as_str() == crate::agree::CURATED {
                continue;
            }
            c.quotes += 1;
            let name = crate::ui::article::speaker_and_topics(project, q)
                .0
                .to_owned();
            *speakers.entry(name.clone()).or_default() += 1;
            let row = heat
                .entry(name)
                .or_insert_with(|| vec![0; m.codebook.topics.len()]);
            for t in &q.topics {
                if let Some(&i) = topic_index.get(t) {
                    row[i] += 1;
                }
            }
            *per_doc.entry(&q.document).or_default() += 1;
            *kinds.entry(q.kind).or_default() += 1;
        }
        let mut per_speaker: Vec<(String, usize)> = speakers.into_iter().collect();
        per_speaker.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        c.heat = per_speaker
            .iter()
            .take(TOP_SPEAKERS)
            .map(|(name, _)| heat.remove(name).unwrap_or_default())
            .collect();
        c.per_speaker = per_speaker;
        let mut months: BTreeMap<String, usize> = BTreeMap::new();
        for d in &m.documents {
            let n = per_doc.get(&d.id).copied().unwrap_or(0);
            c.per_article.push((d.id.to_string(), n));
            match d.date {
                Some(date) => {
                    *months
                        .entry(format!("{:04}-{:02}", date.year(), date.month()))
                        .or_default() += n
                }
                None => c.undated += n,
            }
        }
        c.per_month = months.into_iter().collect();
        c.kinds = kinds.into_iter().collect();
        c
    }
}

pub fn show(app: &mut NaqlApp, ui: &mut egui::Ui) {
    let Some(ws) = &app.workspace else {
        ui.centered_and_justified(|ui| ui.label("Open a project to see its statistics."));
        return;
    };
    let state = &mut app.panels.statistics;
    if state.counts.as_ref().is_none_or(|(r, _)| *r != ws.revision) {
        state.counts = Some((ws.revision, Counts::of(ws.project())));
    }
    let Some((_, c)) = &state.counts else {
        return;
    };
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.heading(format!("{} quotes (the curated layer aside)", c.quotes));
                let half = (ui.available_width() - 24.0) / 2.0;
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(half);
                        ui.strong("Quotes per speaker");
                        let top: Vec<(String, usize)> =
                            c.per_speaker.iter().take(TOP_SPEAKERS).cloned().collect();
                        bars(
                            ui,
                            "per-speaker",
                            &top,
                            true,
                            Color32::from_rgb(31, 119, 180),
                            300.0,
                        );
                    });
                    ui.vertical(|ui| {
                        ui.set_width(half);
                        ui.strong("Topics per speaker");
                        heat_map(ui, c);
                    });
                });
                ui.add_space(12.0);
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(half);
                        let mut most: Vec<(String, usize)> = c.per_article.clone();
                        most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                        most.truncate(TOP_ARTICLES);
                        most.retain(|(_, n)| *n > 0);
                        ui.strong(format!(
                            "Quotes per article (the {} most quoted of {})",
                            most.len(),
                            c.per_article.len()
                        ));
                        let colour = Color32::from_rgb(44, 160, 44);
                        bars(ui, "per-article", &most, true, colour, 220.0);
                    });
                    ui.vertical(|ui| {
                        ui.set_width(half);
                        ui.strong(format!(
                            "Quotes over time (by article date; {} in undated articles)",
                            c.undated
                        ));
                        if c.per_month.iter().all(|(_, n)| *n == 0) {
                            ui.label(
                                "No quotes in dated articles yet (an article's date comes from \
                                 its «date …» line or metadata on import).",
                            );
                        } else {
                            let colour = Color32::from_rgb(148, 103, 189);
                            bars(ui, "per-month", &c.per_month, false, colour, 220.0);
                        }
                    });
                });
                ui.add_space(12.0);
                ui.strong("Direct and indirect speech");
                kind_share(ui, c);
            });
    });
}

/// A bar chart of labelled counts; horizontal bars read better for names.
fn bars(
    ui: &mut egui::Ui,
    id: &str,
    data: &[(String, usize)],
    horizontal: bool,
    colour: Color32,
    height: f32,
) {
    let n = data.len();
    let names: Vec<String> = data.iter().map(|(s, _)| s.clone()).collect();
    // Horizontal: the first (biggest) at the top.
    let position = |i: usize| {
        if horizontal {
            (n - 1 - i) as f64
        } else {
            i as f64
        }
    };
    let chart_bars: Vec<Bar> = data
        .iter()
        .enumerate()
        .map(|(i, (name, v))| {
            let b = Bar::new(position(i), *v as f64)
                .name(name)
                .width(0.7)
                .fill(colour);
            if horizontal { b.horizontal() } else { b }
        })
        .collect();
    let mut chart = BarChart::new(id, chart_bars).color(colour);
    if horizontal {
        chart = chart.horizontal();
    }
    let label = move |v: f64| -> String {
        let i = v.round();
        if (v - i).abs() > 0.01 || i < 0.0 || i as usize >= n {
            return String::new();
        }
        let i = i as usize;
        let i = if horizontal { n - 1 - i } else { i };
        names.get(i).cloned().unwrap_or_default()
    };
    let mut plot = Plot::new(id)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid([!horizontal, horizontal]);
    plot = if horizontal {
        plot.y_axis_formatter(move |m, _| label(m.value))
            .y_axis_min_width(140.0)
    } else {
        plot.x_axis_formatter(move |m, _| label(m.value))
    };
    plot.show(ui, |p| p.bar_chart(chart));
}

/// Speakers down, topics across; the darker the cell, the more quotes.
fn heat_map(ui: &mut egui::Ui, c: &Counts) {
    let max = c.heat.iter().flatten().copied().max().unwrap_or(0).max(1);
    let base = Color32::from_rgb(214, 39, 40);
    egui::Grid::new("heat-map")
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            ui.label("");
            for (i, _) in c.topics.iter().enumerate() {
                ui.label(egui::RichText::new(format!("T{}", i + 1)).small());
            }
            ui.end_row();
            for ((name, _), row) in c.per_speaker.iter().zip(&c.heat) {
                ui.label(egui::RichText::new(short(name, 24)).small());
                for (t, &v) in row.iter().enumerate() {
                    let (rect, r) =
                        ui.allocate_exact_size(egui::vec2(26.0, 18.0), egui::Sense::hover());
                    let fill = if v == 0 {
                        ui.visuals().faint_bg_color
                    } else {
                        base.gamma_multiply(0.15 + 0.85 * v as f32 / max as f32)
                    };
                    ui.painter().rect_filled(rect, 2.0, fill);
                    if v > 0 {
                        ui.painter().text(
                            rect.center(),
                            egui::Align2::CENTER_CENTER,
                            v.to_string(),
                            egui::FontId::proportional(11.0),
                            ui.visuals().strong_text_color(),
                        );
                    }
                    r.on_hover_text(format!("{name} — {}: {v}", c.topics[t]));
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        for (i, t) in c.topics.iter().enumerate() {
            ui.label(egui::RichText::new(format!("T{} {t}", i + 1)).small());
        }
    });
}

/// One bar split by kind, with the shares written out.
fn kind_share(ui: &mut egui::Ui, c: &Counts) {
    let total: usize = c.kinds.iter().map(|(_, n)| n).sum();
    if total == 0 {
        ui.label("No quotes yet.");
        return;
    }
    let width = ui.available_width().min(700.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 24.0), egui::Sense::hover());
    let mut x = rect.left();
    let colours = [
        Color32::from_rgb(31, 119, 180),
        Color32::from_rgb(255, 127, 14),
        Color32::from_rgb(148, 103, 189),
    ];
    let mut legend = Vec::new();
    for (i, (kind, n)) in c.kinds.iter().enumerate() {
        let w = width * *n as f32 / total as f32;
        let r = egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height()));
        ui.painter().rect_filled(r, 0.0, colours[i % colours.len()]);
        x += w;
        legend.push(format!(
            "{} {} ({:.0}%)",
            kind.name(),
            n,
            100.0 * *n as f32 / total as f32
        ));
    }
    ui.label(legend.join(" · "));
}

fn short(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
