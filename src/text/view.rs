//! The article view: a whole document in a scroll area, laid out by [`super::layout`], painted
//! with the glyph atlas, with highlights under the text and a selection a coder makes with the
//! mouse or the keyboard. It speaks char ranges and highlight ids; what they mean (quotes,
//! speakers, cues) is the caller's business.

use super::TextKit;
use super::atlas::{GlyphAtlas, GlyphRequest};
use super::layout::{DocumentLayout, Rect as DocRect, TextEngine, TextStyle};
use egui::{
    Align, Color32, Event, Key, Mesh, Pos2, Rect, Sense, Shape, Stroke, Ui, WidgetInfo, pos2, vec2,
};
use parley::PositionedLayoutItem;
use std::ops::Range;

/// The accessible name of the article view, by which UI tests and screen readers find it.
pub const ARTICLE_LABEL: &str = "article";
/// Space around the text column.
const MARGIN: f32 = 18.0;
/// The widest comfortable reading column; wider windows centre it.
const MAX_COLUMN: f32 = 760.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// A tinted background (a quote).
    Background,
    /// A line under the text (a speaker mention, a cue). Overlapping underlines stack.
    Underline,
    /// A dashed frame with a faint tint: a suggestion, not yet anybody's quote.
    Ghost,
}

/// A styled char range, such as a quote in its topic's colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    pub range: Range<usize>,
    pub kind: HighlightKind,
    pub colour: Color32,
    /// The caller's id for what this highlight shows; reported on hover and click.
    pub id: u64,
}

/// What happened in the view this frame.
pub struct ViewOutput {
    pub response: egui::Response,
    /// Ids of the highlights under the pointer, innermost (shortest) first.
    pub hovered: Vec<u64>,
    /// The innermost highlight clicked, if a click (not a drag) landed on one.
    pub clicked: Option<u64>,
    /// A click that landed on no highlight.
    pub clicked_plain: bool,
    /// When Shift+arrows changed the selection this frame: the selection before the change.
    pub keys_moved_from: Option<Range<usize>>,
}

/// The state of one open article: its layout and the coder's selection.
pub struct ArticleView {
    text: String,
    layout: Option<DocumentLayout>,
    laid_out: Option<TextStyle>,
    /// The selection as anchor (where it began) and focus (where it ends now), char offsets.
    anchor: usize,
    focus: usize,
    scroll_to: Option<usize>,
    /// Highlight rectangles, kept while neither the highlights nor the layout change.
    cached: Option<HighlightGeometry>,
    /// Where document coordinates (0, 0) were on screen in the last frame.
    origin: Option<Pos2>,
    /// The text's chars, for snapping a drag to whole words.
    chars: Vec<char>,
    /// Whether a mouse drag selects whole words (keyboard steps stay char by char).
    pub snap_to_words: bool,
    /// The scroll area's id, one per text: each document opens at its top the first time and
    /// where the person left it after that (egui keeps each id's offset).
    scroll_salt: u64,
}

/// The rectangles of a set of highlights for one column width, with each underline's level.
struct HighlightGeometry {
    highlights: Vec<Highlight>,
    width: f32,
    rects: Vec<(usize, Vec<DocRect>)>,
}

impl ArticleView {
    pub fn new(text: String) -> Self {
        let scroll_salt = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut h);
            h.finish()
        };
        Self {
            scroll_salt,
            chars: text.chars().collect(),
            snap_to_words: true,
            text,
            layout: None,
            laid_out: None,
            anchor: 0,
            focus: 0,
            scroll_to: None,
            cached: None,
            origin: None,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn layout(&self) -> Option<&DocumentLayout> {
        self.layout.as_ref()
    }

    /// The selected chars, if any.
    pub fn selection(&self) -> Option<Range<usize>> {
        let r = self.anchor.min(self.focus)..self.anchor.max(self.focus);
        (!r.is_empty()).then_some(r)
    }

    pub fn set_selection(&mut self, range: Option<Range<usize>>) {
        let r = range.unwrap_or(self.focus..self.focus);
        self.anchor = r.start;
        self.focus = r.end;
    }

    pub fn selected_text(&self) -> Option<String> {
        let r = self.selection()?;
        Some(self.text.chars().skip(r.start).take(r.len()).collect())
    }

    /// The screen position of document coordinates (0, 0) in the last frame: a point of the
    /// layout at (x, y) was drawn at `origin + (x, y)`.
    pub fn origin(&self) -> Option<Pos2> {
        self.origin
    }

    /// Brings char `c` into view on the next frame.
    pub fn scroll_to(&mut self, c: usize) {
        self.scroll_to = Some(c);
    }

    /// Lays the text out (or only re-wraps it) for this style and column width.
    pub fn ensure_layout(&mut self, engine: &mut TextEngine, style: &TextStyle, column: f32) {
        match &mut self.layout {
            Some(l) if self.laid_out.as_ref() == Some(style) => {
                if (l.width() - column).abs() > 0.5 {
                    l.rewrap(column);
                    self.cached = None;
                }
            }
            _ => {
                self.layout = Some(engine.layout(&self.text, style, column));
                self.laid_out = Some(*style);
                self.cached = None;
            }
        }
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        kit: &mut TextKit,
        style: &TextStyle,
        highlights: &[Highlight],
    ) -> ViewOutput {
        let full_width = ui.available_width();
        let column = (full_width - 2.0 * MARGIN - 12.0).clamp(120.0, MAX_COLUMN);
        self.ensure_layout(&mut kit.engine, style, column);
        let text_colour = ui.visuals().text_color();
        let selection_colour = ui.visuals().selection.bg_fill.gamma_multiply(0.55);

        egui::ScrollArea::vertical()
            .id_salt(("article-scroll", self.scroll_salt))
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let height = self.layout.as_ref().map_or(0.0, |l| l.height()) + 2.0 * MARGIN;
                let (rect, response) =
                    ui.allocate_exact_size(vec2(full_width, height), Sense::click_and_drag());
                response
                    .widget_info(|| WidgetInfo::labeled(egui::Role::Article, true, ARTICLE_LABEL));
                let origin = pos2(
                    rect.min.x + (full_width - column) / 2.0,
                    rect.min.y + MARGIN,
                );
                self.origin = Some(origin);

                let keys_before = (self.anchor, self.focus);
                let (hovered, clicked, clicked_plain, keys_moved) =
                    self.interact(ui, &response, origin, highlights);
                let keys_moved_from = (keys_moved && keys_before != (self.anchor, self.focus))
                    .then(|| keys_before.0.min(keys_before.1)..keys_before.0.max(keys_before.1));
                if let (Some(c), Some(layout)) = (self.scroll_to.take(), &self.layout)
                    && let Some(r) = layout.range_rects(c..c + 1).first()
                {
                    ui.scroll_to_rect(to_screen(r, origin), Some(Align::Center));
                }
                let band = (viewport.min.y - MARGIN, viewport.max.y - MARGIN);
                let colours = (text_colour, selection_colour);
                self.paint(ui, origin, band, highlights, colours, &mut kit.atlas);
                ViewOutput {
                    response,
                    hovered,
                    clicked,
                    clicked_plain,
                    keys_moved_from,
                }
            })
            .inner
    }

    /// Pointer and keyboard: selection, copy, hover and click on highlights.
    fn interact(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        origin: Pos2,
        highlights: &[Highlight],
    ) -> (Vec<u64>, Option<u64>, bool, bool) {
        let Some(layout) = &self.layout else {
            return (Vec::new(), None, false, false);
        };
        let to_doc = |p: Pos2| (p.x - origin.x, p.y - origin.y);
        let shift = ui.input(|i| i.modifiers.shift);

        if response.drag_started_by(egui::PointerButton::Primary) {
            if let Some(press) = ui.input(|i| i.pointer.press_origin()) {
                let (x, y) = to_doc(press);
                let caret = layout.caret_at(x, y);
                if !shift {
                    self.anchor = caret;
                }
                self.focus = caret;
            }
            response.request_focus();
        }
        if response.dragged_by(egui::PointerButton::Primary)
            && let Some(p) = response.interact_pointer_pos()
        {
            let (x, y) = to_doc(p);
            self.focus = layout.caret_at(x, y);
        }
        if response.drag_stopped_by(egui::PointerButton::Primary) && self.snap_to_words {
            let r = self.anchor.min(self.focus)..self.anchor.max(self.focus);
            let snapped = super::words::snap_to_words(&self.chars, r.clone());
            // Widen each end outward, keeping which end is the anchor.
            let widen = |c: usize| {
                if c == r.start {
                    snapped.start
                } else {
                    snapped.end
                }
            };
            (self.anchor, self.focus) = (widen(self.anchor), widen(self.focus));
        }
        let mut clicked = None;
        let mut clicked_plain = false;
        if let Some(p) = response.interact_pointer_pos() {
            let (x, y) = to_doc(p);
            if response.triple_clicked() {
                let r = layout.paragraph_at(x, y);
                (self.anchor, self.focus) = (r.start, r.end);
            } else if response.double_clicked() {
                let r = layout.word_at(x, y);
                (self.anchor, self.focus) = (r.start, r.end);
            } else if response.clicked() {
                response.request_focus();
                let caret = layout.caret_at(x, y);
                if shift {
                    self.focus = caret;
                } else {
                    (self.anchor, self.focus) = (caret, caret);
                    clicked = layout
                        .cluster_at(x, y)
                        .and_then(|c| innermost(highlights, c.start).first().copied());
                    clicked_plain = clicked.is_none();
                }
            }
        }

        let mut keys_moved = false;
        if response.has_focus() {
            let (left, right, alt) = ui.input(|i| {
                (
                    i.key_pressed(Key::ArrowLeft) && i.modifiers.shift,
                    i.key_pressed(Key::ArrowRight) && i.modifiers.shift,
                    i.modifiers.alt,
                )
            });
            if left || right {
                // Shift+arrows move the selection's focus end; with Alt, its anchor end, so
                // both ends of a quote can be adjusted from the keyboard.
                let end = if alt {
                    &mut self.anchor
                } else {
                    &mut self.focus
                };
                *end = layout.step_visual(*end, right);
                keys_moved = true;
            }
            let copy = ui.input(|i| i.events.iter().any(|e| matches!(e, Event::Copy)));
            if copy && let Some(t) = self.selected_text() {
                ui.ctx().copy_text(t);
            }
        }

        let hovered = response
            .hover_pos()
            .and_then(|p| {
                let (x, y) = to_doc(p);
                layout.cluster_at(x, y)
            })
            .map(|c| innermost(highlights, c.start))
            .unwrap_or_default();
        (hovered, clicked, clicked_plain, keys_moved)
    }

    /// Paints the visible band: highlight backgrounds, the selection, the text, underlines.
    /// `colours` are the text's and the selection's.
    fn paint(
        &mut self,
        ui: &Ui,
        origin: Pos2,
        band: (f32, f32),
        highlights: &[Highlight],
        (text_colour, selection_colour): (Color32, Color32),
        atlas: &mut GlyphAtlas,
    ) {
        let Some(layout) = &self.layout else {
            return;
        };
        let painter = ui.painter();
        let visible = |r: &DocRect| r.y1 >= band.0 && r.y0 <= band.1;

        // Highlight geometry is computed once per layout and set of highlights.
        let stale = !matches!(&self.cached,
            Some(g) if g.highlights == highlights && g.width == layout.width());
        if stale {
            let levels = underline_levels(highlights);
            let rects = highlights
                .iter()
                .zip(levels)
                .map(|(h, level)| (level, layout.range_rects(h.range.clone())))
                .collect();
            self.cached = Some(HighlightGeometry {
                highlights: highlights.to_vec(),
                width: layout.width(),
                rects,
            });
        }
        let rects = self
            .cached
            .as_ref()
            .map(|g| g.rects.as_slice())
            .unwrap_or(&[]);

        for (h, (_, rs)) in highlights.iter().zip(rects) {
            match h.kind {
                HighlightKind::Background => {
                    for r in rs.iter().filter(|r| visible(r)) {
                        painter.rect_filled(to_screen(r, origin), 3.0, h.colour);
                    }
                }
                HighlightKind::Ghost => {
                    for r in rs.iter().filter(|r| visible(r)) {
                        paint_ghost(painter, to_screen(r, origin), h.colour);
                    }
                }
                HighlightKind::Underline => {}
            }
        }
        if let Some(sel) = self.selection() {
            // A selection that is exactly a highlight (a selected quote's words) is outlined, so
            // the highlight's own colour stays visible under it.
            let on_highlight = highlights.iter().any(|h| h.range == sel);
            for r in layout.range_rects(sel).iter().filter(|r| visible(r)) {
                let rect = to_screen(r, origin);
                if on_highlight {
                    let stroke = Stroke::new(1.5, selection_colour.gamma_multiply(1.6));
                    painter.rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Outside);
                } else {
                    painter.rect_filled(rect, 2.0, selection_colour);
                }
            }
        }

        let paragraphs = layout.paragraphs_in(band.0, band.1);
        paint_glyphs(
            ui.ctx(),
            painter,
            layout,
            paragraphs,
            origin,
            text_colour,
            atlas,
        );

        for (h, (level, rs)) in highlights.iter().zip(rects) {
            if h.kind == HighlightKind::Underline {
                for r in rs.iter().filter(|r| visible(r)) {
                    let s = to_screen(r, origin);
                    let y = s.max.y - 3.0 - 3.5 * *level as f32;
                    painter.line_segment(
                        [pos2(s.min.x, y), pos2(s.max.x, y)],
                        Stroke::new(2.0, h.colour),
                    );
                }
            }
        }
    }
}

/// A suggestion's line: a faint tint in `colour` and dashes along its top and bottom, so that it
/// never looks like a quote (a solid tint) or a mention (a solid underline).
fn paint_ghost(painter: &egui::Painter, rect: Rect, colour: Color32) {
    painter.rect_filled(rect, 3.0, colour.gamma_multiply(0.12));
    let stroke = Stroke::new(1.5, colour);
    for y in [rect.min.y + 0.75, rect.max.y - 0.75] {
        painter.extend(egui::Shape::dashed_line(
            &[pos2(rect.min.x, y), pos2(rect.max.x, y)],
            stroke,
            5.0,
            3.0,
        ));
    }
}

fn to_screen(r: &DocRect, origin: Pos2) -> Rect {
    Rect::from_min_max(
        pos2(origin.x + r.x0, origin.y + r.y0),
        pos2(origin.x + r.x1, origin.y + r.y1),
    )
}

/// The ids of the highlights containing char `c`, shortest range first.
fn innermost(highlights: &[Highlight], c: usize) -> Vec<u64> {
    let mut hits: Vec<&Highlight> = highlights.iter().filter(|h| h.range.contains(&c)).collect();
    hits.sort_by_key(|h| h.range.len());
    hits.into_iter().map(|h| h.id).collect()
}

/// A level for each underline so that overlapping underlines sit one above the other: the
/// lowest level no overlapping earlier underline uses.
fn underline_levels(highlights: &[Highlight]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..highlights.len()).collect();
    order.sort_by_key(|&i| {
        (
            highlights[i].range.start,
            std::cmp::Reverse(highlights[i].range.end),
        )
    });
    let mut levels = vec![0; highlights.len()];
    let mut placed: Vec<usize> = Vec::new();
    for i in order {
        let h = &highlights[i];
        if h.kind != HighlightKind::Underline {
            continue;
        }
        placed.retain(|&j| highlights[j].range.end > h.range.start);
        let used: Vec<usize> = placed.iter().map(|&j| levels[j]).collect();
        levels[i] = (0..).find(|l| !used.contains(l)).unwrap_or(0);
        placed.push(i);
    }
    levels
}

/// Paints the glyphs of `paragraphs` as one textured mesh.
pub fn paint_glyphs(
    ctx: &egui::Context,
    painter: &egui::Painter,
    layout: &DocumentLayout,
    paragraphs: Range<usize>,
    origin: Pos2,
    colour: Color32,
    atlas: &mut GlyphAtlas,
) {
    let mut mesh = Mesh::with_texture(atlas.texture_id(ctx));
    for p in &layout.paragraphs[paragraphs] {
        paint_layout(
            ctx,
            &mut mesh,
            &p.layout,
            origin + egui::vec2(0.0, p.top),
            colour,
            atlas,
        );
    }
    painter.add(Shape::mesh(mesh));
}

/// Adds the glyphs of one parley layout, its (0, 0) at `origin`, to `mesh`.
pub fn paint_layout(
    ctx: &egui::Context,
    mesh: &mut Mesh,
    layout: &parley::Layout<()>,
    origin: Pos2,
    colour: Color32,
    atlas: &mut GlyphAtlas,
) {
    let ppp = ctx.pixels_per_point();
    for line in layout.lines() {
        for item in line.items() {
            let PositionedLayoutItem::GlyphRun(run) = item else {
                continue;
            };
            let r = run.run();
            let (font, size) = (r.font(), r.font_size());
            // Variation coordinates (none for the bundled static faces), as swash wants them.
            let coords: Vec<i16> = r.normalized_coords().iter().map(|c| c.to_bits()).collect();
            for g in run.positioned_glyphs() {
                let req = GlyphRequest {
                    font,
                    coords: &coords,
                    glyph: g.id,
                    size_px: size * ppp,
                    x_px: (origin.x + g.x) * ppp,
                    y_px: (origin.y + g.y) * ppp,
                };
                if let Some((rect, entry)) = atlas.place(ctx, &req, ppp) {
                    let tint = if entry.colour { Color32::WHITE } else { colour };
                    mesh.add_rect_with_uv(rect, entry.uv, tint);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(range: Range<usize>, kind: HighlightKind) -> Highlight {
        Highlight {
            range,
            kind,
            colour: Color32::RED,
            id: 0,
        }
    }

    #[test]
    fn overlapping_underlines_stack_and_separate_ones_share_the_base_line() {
        use HighlightKind::*;
        let hs = [
            h(0..10, Underline),
            h(5..8, Underline),
            h(20..30, Underline),
            h(0..40, Background),
            h(7..25, Underline),
        ];
        assert_eq!(underline_levels(&hs), vec![0, 1, 0, 0, 2]);
    }

    #[test]
    fn innermost_highlight_first() {
        let mut a = h(0..50, HighlightKind::Background);
        a.id = 1;
        let mut b = h(10..20, HighlightKind::Underline);
        b.id = 2;
        assert_eq!(innermost(&[a.clone(), b.clone()], 15), vec![2, 1]);
        assert_eq!(innermost(&[a, b], 30), vec![1]);
    }
}
