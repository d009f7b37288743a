//! Short right-to-left texts outside the article (document titles): egui's own labels would
//! scramble them, so they go through the same text engine, cached by text and width.

use crate::text::view::paint_glyphs;
use crate::text::{DocumentLayout, TextKit, TextStyle};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Laid-out labels by (hash of the text, width, size). The text is kept with its layout and
/// compared on each hit, so a lookup costs a hash and no allocation.
#[derive(Default)]
pub struct LabelCache {
    layouts: HashMap<(u64, u32, u32), (String, DocumentLayout)>,
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
        let key = (hash(text), width.to_bits(), size.to_bits());
        if self.layouts.len() > 2000 {
            self.layouts.clear();
        }
        let fresh = self.layouts.get(&key).is_some_and(|(t, _)| t == text);
        if !fresh {
            let style = TextStyle {
                size,
                line_height: 1.5,
                paragraph_gap: 0.0,
                ..TextStyle::default()
            };
            let layout = kit.engine.layout(text, &style, width);
            self.layouts.insert(key, (text.to_owned(), layout));
        }
        let Some((_, layout)) = self.layouts.get(&key) else {
            return ui.label(text);
        };
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

fn hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}
