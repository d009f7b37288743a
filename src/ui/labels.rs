//! Short right-to-left texts outside the article (document titles): egui's own labels would
//! scramble them, so they go through the same text engine, cached by text and width.

use crate::text::view::paint_glyphs;
use crate::text::{DocumentLayout, TextKit, TextStyle};
use std::collections::HashMap;

#[derive(Default)]
pub struct LabelCache {
    layouts: HashMap<(String, u32, u32), DocumentLayout>,
}

impl LabelCache {
    /// Draws `text` wrapped to `width`, right-aligned if it is right-to-left; returns its size.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        kit: &mut TextKit,
        text: &str,
        size: f32,
        width: f32,
        colour: egui::Color32,
    ) -> egui::Response {
        let key = (text.to_owned(), width.to_bits(), size.to_bits());
        if self.layouts.len() > 2000 {
            self.layouts.clear();
        }
        let layout = self.layouts.entry(key).or_insert_with(|| {
            let style = TextStyle {
                size,
                line_height: 1.5,
                paragraph_gap: 0.0,
                ..TextStyle::default()
            };
            kit.engine.layout(text, &style, width)
        });
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(width, layout.height()), egui::Sense::click());
        // Screen readers (and UI tests) read the text in logical order.
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
        if ui.is_rect_visible(rect) {
            let n = layout.paragraphs.len();
            paint_glyphs(
                ui.ctx(),
                ui.painter(),
                layout,
                0..n,
                rect.min,
                colour,
                &mut kit.atlas,
            );
        }
        response
    }
}
