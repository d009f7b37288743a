//! Statistics mode: what the project's quotes say at a glance — quotes per speaker, topics per
//! speaker (a heat map), quotes per article and over time, direct against indirect speech. The
//! counts are made once per change of the project; the charts are egui_plot's.

use crate::model::{Project, QuoteKind};
use crate::ui::{ProjectView, UiState};
use egui::Color32;
use egui_plot::{Bar, BarChart, Plot};
use std::collections::{BTreeMap, HashMap};

/// Speakers shown in the charts: the ones quoted most.
const TOP_SPEAKERS: usize = 12;
/// Articles shown in "quotes per article".
const TOP_ARTICLES: usize = 15;

#[derive(Default)]
pub struct StatisticsState {
    /// By the project's revision.
    counts: crate::ui::memo::Memo<u64, Counts>,
    /// The last agreement measured over the whole project (a background job).
    pub agreement: Option<crate::agree::Report>,
}

/// Documents listed under the agreement figures: the least reliable first.
const WORST_DOCUMENTS: usize = 30;

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
    /// The most quoted articles, most first (at most [`TOP_ARTICLES`]).
    pub most_quoted: Vec<(String, usize)>,
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
        // The same quotes under the same names as `naql stats` (the curated layer aside).
        for (_, q) in crate::stats::counted_quotes(project) {
            c.quotes += 1;
            let name = crate::stats::speaker_name(project, q).to_owned();
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
        for d in m.documents.iter() {
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
        let mut most = c.per_article.clone();
        most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        most.truncate(TOP_ARTICLES);
        most.retain(|(_, n)| *n > 0);
        c.most_quoted = most;
        c
    }
}

pub fn show(
    cx: &ProjectView<'_>,
    state: &mut StatisticsState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
) {
    let ws = cx.ws;
    let c = &*state
        .counts
        .get_or_make(ws.revision, |_| Counts::of(ws.project()));
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("statistics")
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
                        ui.strong(format!(
                            "Quotes per article (the {} most quoted of {})",
                            c.most_quoted.len(),
                            c.per_article.len()
                        ));
                        let colour = Color32::from_rgb(44, 160, 44);
                        bars(ui, "per-article", &c.most_quoted, true, colour, 220.0);
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
                ui.add_space(16.0);
                agreement(
                    ui,
                    state.agreement.as_ref(),
                    cx.job.is_some(),
                    &mut *st.queue,
                );
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

fn reliability_colour(r: crate::agree::Reliability) -> Color32 {
    match r {
        crate::agree::Reliability::Reliable => Color32::from_rgb(44, 160, 44),
        crate::agree::Reliability::Tentative => Color32::from_rgb(230, 150, 20),
        crate::agree::Reliability::Unreliable => Color32::from_rgb(214, 39, 40),
        crate::agree::Reliability::Undefined => Color32::GRAY,
    }
}

/// The whole project's agreement: measured on request in the background; overall figures, then
/// the documents where coders agree least.
fn agreement(
    ui: &mut egui::Ui,
    report: Option<&crate::agree::Report>,
    busy: bool,
    queue: &mut Vec<crate::session::Command>,
) {
    use crate::session::{Command, UiCommand};
    ui.horizontal(|ui| {
        ui.heading("Agreement between coders");
        let label = if report.is_some() {
            "Measure again"
        } else {
            UiCommand::MeasureAgreement.label()
        };
        if ui
            .add_enabled(!busy, egui::Button::new(label))
            .on_hover_text(UiCommand::MeasureAgreement.tooltip())
            .clicked()
        {
            queue.push(Command::Ui(UiCommand::MeasureAgreement));
        }
    });
    let Some(r) = report else {
        ui.label("Not measured yet. The figures are also in `naql agree PROJECT`.");
        return;
    };
    ui.label(format!(
        "coders {}; {} documents coded by two or more; {} statements, {} tagged by more than one coder. α ≥ 0.800 reliable, ≥ 0.667 tentative.",
        r.coders.join(", "),
        r.documents,
        r.units,
        r.matched
    ));
    let show = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |x| format!("{x:.3}"));
    egui::Grid::new("agreement-overall")
        .striped(true)
        .show(ui, |ui| {
            ui.strong("variable");
            ui.strong("α");
            ui.strong("κ");
            ui.strong("");
            ui.strong("values");
            ui.end_row();
            for f in &r.overall {
                ui.label(&f.variable);
                ui.colored_label(reliability_colour(f.reliability), show(f.alpha));
                ui.label(show(f.kappa));
                ui.colored_label(reliability_colour(f.reliability), f.reliability.name());
                ui.label(f.values.to_string());
                ui.end_row();
            }
        });
    let alpha_of = |d: &crate::agree::DocumentAgreement, v: &str| {
        d.figures
            .iter()
            .find(|f| f.variable == v)
            .and_then(|f| f.alpha)
    };
    let mut worst: Vec<&crate::agree::DocumentAgreement> = r.per_document.iter().collect();
    worst.sort_by(|a, b| {
        let key = |d: &crate::agree::DocumentAgreement| alpha_of(d, "unitizing").unwrap_or(2.0);
        key(a).total_cmp(&key(b))
    });
    worst.truncate(WORST_DOCUMENTS);
    ui.add_space(8.0);
    ui.strong(format!(
        "Documents, least agreement on where the quotes are first ({} of {})",
        worst.len(),
        r.per_document.len()
    ));
    egui::Grid::new("agreement-documents")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "document",
                "statements",
                "unitizing α",
                "speaker α",
                "kind α",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for d in worst {
                ui.label(&d.document);
                ui.label(format!("{} ({} matched)", d.units, d.matched));
                for v in ["unitizing", "speaker", "kind"] {
                    let a = alpha_of(d, v);
                    ui.colored_label(
                        reliability_colour(crate::agree::Reliability::of(a)),
                        show(a),
                    );
                }
                ui.end_row();
            }
        });
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
                ui.label(egui::RichText::new(crate::model::shorten(name, 24)).small());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_and_naql_stats_leave_the_curated_layer_aside_alike() {
        let mut p = crate::sample::project().unwrap();
        let coders = p.quotes().count();
        let copies: Vec<_> = p
            .quotes()
            .take(3)
            .map(|(_, q)| {
                let mut copy = q.clone();
                copy.id = crate::model::QuoteId::generate();
                copy.source = Some(q.id.clone());
                copy.coder = crate::model::PersonId::from(crate::agree::CURATED);
                copy
            })
            .collect();
        for q in copies {
            crate::action::Action::AddQuote(q).apply(&mut p).unwrap();
        }
        let (window, cli) = (Counts::of(&p), crate::stats::compute(&p));
        assert_eq!(window.quotes, coders);
        assert_eq!(cli.quotes, coders);
        assert_eq!(cli.curated, 3);
        assert!(crate::stats::render(&cli).contains("curated:   3"));
    }

    #[test]
    fn counts_of_the_sample() {
        let p = crate::sample::project().unwrap();
        let c = Counts::of(&p);
        assert_eq!(c.quotes, p.quotes().count());
        assert_eq!(c.per_speaker[0].0, "Alexander Lukashenko");
        assert_eq!(
            c.per_speaker.iter().map(|(_, n)| n).sum::<usize>(),
            c.quotes
        );
        assert_eq!(
            c.per_article.iter().map(|(_, n)| n).sum::<usize>(),
            c.quotes
        );
        assert_eq!(c.kinds.iter().map(|(_, n)| n).sum::<usize>(), c.quotes);
        // The window and `naql stats` count alike.
        let s = crate::stats::compute(&p);
        assert_eq!(c.quotes, s.quotes);
        let mut per_speaker = c.per_speaker.clone();
        per_speaker.sort();
        assert_eq!(per_speaker, s.per_speaker.into_iter().collect::<Vec<_>>());
        // Heat map row of the most quoted speaker: the bilateral topic comes up most.
        let bilateral = c.topics.iter().position(|t| t.starts_with("Bilateral"));
        let row = &c.heat[0];
        assert_eq!(
            bilateral,
            row.iter()
                .enumerate()
                .max_by_key(|(_, n)| **n)
                .map(|(i, _)| i)
        );
    }
}
