//! The table: sortable headers, then only the rows in sight.

use super::*;

pub(super) const ROW_HEIGHT: f32 = 26.0;

/// The table: sortable headers, then the shown rows (only those in sight are drawn).
pub(super) fn table(
    cx: &ProjectView<'_>,
    state: &mut ReviewState,
    st: &mut UiState<'_>,
    ui: &mut egui::Ui,
    shown: usize,
) {
    let ws = cx.ws;
    let project = ws.project();
    let Some(((quotes_revision, _), index)) = &state.index else {
        return;
    };
    let quotes_revision = *quotes_revision;
    let widths = column_widths(ui.available_width());
    ui.horizontal(|ui| {
        ui.strong(format!("{shown} of {} quotes", index.rows.len()));
    });
    ui.horizontal(|ui| {
        for (c, w) in Column::ALL.iter().zip(widths) {
            let arrow = if state.sort.column == *c {
                if state.sort.descending { " v" } else { " ^" }
            } else {
                ""
            };
            let r = ui
                .add_sized(
                    [w, 20.0],
                    egui::Button::new(format!("{}{arrow}", c.title())).frame(false),
                )
                .on_hover_text("Sort by this column; again to reverse");
            if r.clicked() {
                if state.sort.column == *c {
                    state.sort.descending = !state.sort.descending;
                } else {
                    state.sort = Sort {
                        column: *c,
                        descending: false,
                    };
                }
            }
        }
    });
    ui.separator();
    let mut chosen = None;
    let text_colour = ui.visuals().text_color();
    egui::ScrollArea::vertical()
        .id_salt("review-table")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, state.shown.len(), |ui, range| {
            for &i in &state.shown[range] {
                let row = &index.rows[i as usize];
                let Some(q) = index.quote(project, i) else {
                    continue;
                };
                let current = state.current.as_ref() == Some(&q.id);
                let (rect, response) = ui.allocate_exact_size(
                    egui::vec2(ui.available_width(), ROW_HEIGHT),
                    egui::Sense::click(),
                );
                if current {
                    ui.painter()
                        .rect_filled(rect, 2.0, ui.visuals().selection.bg_fill);
                } else if response.hovered() {
                    ui.painter()
                        .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
                }
                let (speaker, topics) = crate::ui::article::speaker_and_topics(project, q);
                // The row knows its document's place: no search through the documents.
                let title = project
                    .manifest
                    .documents
                    .get(row.document as usize)
                    .map_or(q.document.as_str(), |d| d.title.as_str());
                let cells = [
                    crate::model::shorten(title, 24),
                    speaker.to_owned(),
                    q.kind.name().to_owned(),
                    topics,
                    q.coder.to_string(),
                    if row.orphaned {
                        "orphaned".to_owned()
                    } else {
                        status_name(row.status).to_owned()
                    },
                ];
                let mut child = ui.new_child(
                    egui::UiBuilder::new()
                        .max_rect(rect)
                        .layout(egui::Layout::left_to_right(egui::Align::Center)),
                );
                for (n, (cell, w)) in cells.iter().zip(widths).enumerate() {
                    if n == 5 && row.status != Status::Unreviewed {
                        let colour = match row.status {
                            Status::Reviewed(Verdict::Accepted) => {
                                egui::Color32::from_rgb(44, 160, 44)
                            }
                            Status::Reviewed(Verdict::Rejected) => {
                                egui::Color32::from_rgb(214, 39, 40)
                            }
                            _ => egui::Color32::from_rgb(230, 150, 20),
                        };
                        child.add_sized(
                            [w, ROW_HEIGHT],
                            egui::Label::new(egui::RichText::new(cell.as_str()).color(colour)),
                        );
                    } else if is_latin(cell) {
                        child
                            .add_sized([w, ROW_HEIGHT], egui::Label::new(cell.as_str()).truncate());
                    } else {
                        engine_cell(
                            &mut child,
                            &mut *st.labels,
                            &mut *st.text,
                            cell,
                            w,
                            text_colour,
                        );
                    }
                }
                // The quote itself through the text engine: right-to-left, shaped, one line.
                let w = widths[6];
                let text: String = q.anchor.text.chars().take((w / 6.0) as usize).collect();
                engine_cell(
                    &mut child,
                    &mut *st.labels,
                    &mut *st.text,
                    &text,
                    w,
                    text_colour,
                );
                let response = response.on_hover_text(&q.anchor.text);
                if response.clicked() {
                    chosen = Some((q.id.clone(), i));
                }
            }
        });
    if let Some((id, row)) = chosen {
        state.current = Some(id.clone());
        state.current_row = Some((quotes_revision, row));
        st.queue.push(Command::SelectQuote(Some(id)));
    }
}

/// Whether egui's own label can draw `s`: no right-to-left letters (egui does not reorder them).
pub(super) fn is_latin(s: &str) -> bool {
    !s.chars()
        .any(|c| ('\u{0590}'..='\u{08FF}').contains(&c) || ('\u{FB1D}'..='\u{FEFF}').contains(&c))
}

/// One line of a table cell drawn by the text engine, clipped to the cell.
pub(super) fn engine_cell(
    ui: &mut egui::Ui,
    labels: &mut crate::ui::labels::LabelCache,
    kit: &mut crate::text::TextKit,
    text: &str,
    width: f32,
    colour: egui::Color32,
) {
    let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, ROW_HEIGHT));
    let mut cell = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    // One line shows; a wrapped second line stays out of sight.
    let line = egui::Rect::from_min_size(rect.min, egui::vec2(width, ROW_HEIGHT - 4.0));
    cell.set_clip_rect(line.intersect(ui.clip_rect()));
    labels.show(&mut cell, kit, text, 14.0, width, colour);
    ui.advance_cursor_after_rect(rect.translate(egui::vec2(8.0, 0.0)));
}

/// Widths of the seven columns for a table `total` points wide; the quote takes the rest.
pub(super) fn column_widths(total: f32) -> [f32; 7] {
    let fixed = [150.0, 150.0, 70.0, 170.0, 70.0, 100.0];
    let rest = (total - fixed.iter().sum::<f32>() - 7.0 * 8.0).max(120.0);
    [
        fixed[0], fixed[1], fixed[2], fixed[3], fixed[4], fixed[5], rest,
    ]
}

pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Unreviewed => "unreviewed",
        Status::Reviewed(v) => v.name(),
    }
}

pub(super) fn person_name(project: &Project, id: &PersonId) -> String {
    project
        .manifest
        .person(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}
