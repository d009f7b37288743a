//! Laying out a whole article: paragraphs, lines, bidi order, and the geometry of char ranges.
//!
//! parley does the work (UAX #9 bidi with bracket pairs, shaping, UAX #14 line breaking,
//! alignment, hit testing, selection boxes); this module cuts the text into paragraphs, keeps
//! each paragraph's place in the document, and speaks in the document's char offsets, the unit of
//! every span in Naql. No egui here: everything is testable without a window.

use super::fonts::{FontChoice, font_context};
use crate::model::CharIndex;
use parley::{
    Alignment, AlignmentOptions, BaseDirection, Cluster, Cursor, FontContext, FontFamily, Layout,
    LayoutContext, LineHeight, PositionedLayoutItem, Selection, StyleProperty,
};
use std::ops::Range;

/// Paragraph direction: from the first strong character, or forced for a whole document.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Direction {
    #[default]
    Auto,
    Rtl,
    Ltr,
}

impl Direction {
    fn base(self) -> BaseDirection {
        match self {
            Direction::Auto => BaseDirection::Auto,
            Direction::Rtl => BaseDirection::Rtl,
            Direction::Ltr => BaseDirection::Ltr,
        }
    }
}

/// How an article is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub font: FontChoice,
    /// Font size in points.
    pub size: f32,
    /// Line height as a multiple of the font size. Arabic script needs room for marks above and
    /// below; 1.8 keeps stacked diacritics clear of the next line.
    pub line_height: f32,
    pub direction: Direction,
    /// Space after each paragraph, as a multiple of the font size.
    pub paragraph_gap: f32,
}

impl Default for TextStyle {
    fn default() -> Self {
        Self {
            font: FontChoice::Vazirmatn,
            size: 17.0,
            line_height: 1.8,
            direction: Direction::Auto,
            paragraph_gap: 0.6,
        }
    }
}

/// An axis-aligned rectangle in document coordinates: points, x from the left edge of the text
/// column, y from the top of the document.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn contains(&self, x: f32, y: f32) -> bool {
        self.x0 <= x && x < self.x1 && self.y0 <= y && y < self.y1
    }
    pub fn centre(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
}

/// One thread's parley contexts (fonts, shaping caches); building them registers the fonts.
struct Contexts {
    fonts: FontContext,
    layouts: LayoutContext<()>,
}

impl Contexts {
    fn new() -> Self {
        Self {
            fonts: font_context(),
            layouts: LayoutContext::new(),
        }
    }

    fn paragraph(&mut self, piece: &Piece<'_>, style: &TextStyle) -> Paragraph {
        let text = piece.text;
        let mut builder = self
            .layouts
            .ranged_builder(&mut self.fonts, text, 1.0, true);
        builder.push_default(StyleProperty::FontFamily(FontFamily::Source(
            style.font.family_stack().into(),
        )));
        builder.push_default(StyleProperty::FontSize(style.size));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(
            style.line_height,
        )));
        builder.set_base_direction(style.direction.base());
        Paragraph {
            chars: piece.chars.clone(),
            bytes: piece.bytes.clone(),
            index: CharIndex::new(text),
            layout: builder.build(text),
            top: 0.0,
        }
    }
}

/// A paragraph's text and place, before layout.
struct Piece<'t> {
    text: &'t str,
    chars: Range<usize>,
    bytes: Range<usize>,
}

/// Texts shorter than this are laid out on the calling thread: starting threads would cost
/// more than it saves.
const PARALLEL_FROM_BYTES: usize = 4000;

/// Lays out text. Shaping an article's paragraphs is independent work, so the engine keeps
/// one set of parley contexts per core and lays out groups of paragraphs in parallel.
pub struct TextEngine {
    workers: Vec<Contexts>,
}

impl Default for TextEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl TextEngine {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            workers: (0..cores.clamp(1, 4)).map(|_| Contexts::new()).collect(),
        }
    }

    /// The calling thread's parley contexts, with the bundled fonts: for the text fields'
    /// editors, which lay out their own text.
    pub fn contexts(&mut self) -> (&mut FontContext, &mut LayoutContext<()>) {
        let w = &mut self.workers[0];
        (&mut w.fonts, &mut w.layouts)
    }

    /// Lays out `text` for a column `width` points wide. Paragraphs are the text between `\n`s.
    pub fn layout(&mut self, text: &str, style: &TextStyle, width: f32) -> DocumentLayout {
        let mut pieces = Vec::new();
        let (mut char_start, mut byte_start) = (0, 0);
        for piece in text.split('\n') {
            let chars = piece.chars().count();
            pieces.push(Piece {
                text: piece,
                chars: char_start..char_start + chars,
                bytes: byte_start..byte_start + piece.len(),
            });
            char_start += chars + 1;
            byte_start += piece.len() + 1;
        }
        let paragraphs = if text.len() < PARALLEL_FROM_BYTES || self.workers.len() < 2 {
            let w = &mut self.workers[0];
            pieces.iter().map(|p| w.paragraph(p, style)).collect()
        } else {
            self.layout_parallel(&pieces, style)
        };
        let mut doc = DocumentLayout {
            paragraphs,
            width: 0.0,
            height: 0.0,
            style: *style,
            char_len: text.chars().count(),
        };
        doc.rewrap(width);
        doc
    }

    /// Splits the paragraphs into one contiguous group per worker, of about equal length.
    fn layout_parallel(&mut self, pieces: &[Piece<'_>], style: &TextStyle) -> Vec<Paragraph> {
        let total: usize = pieces.iter().map(|p| p.text.len()).sum();
        let share = total.div_ceil(self.workers.len()).max(1);
        let mut groups: Vec<&[Piece<'_>]> = Vec::new();
        let (mut start, mut acc) = (0, 0);
        for (i, p) in pieces.iter().enumerate() {
            acc += p.text.len();
            if acc >= share && groups.len() + 1 < self.workers.len() {
                groups.push(&pieces[start..=i]);
                start = i + 1;
                acc = 0;
            }
        }
        groups.push(&pieces[start..]);
        std::thread::scope(|s| {
            let handles: Vec<_> = groups
                .into_iter()
                .zip(self.workers.iter_mut())
                .map(|(group, w)| {
                    s.spawn(move || {
                        group
                            .iter()
                            .map(|p| w.paragraph(p, style))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    }
}

/// One paragraph's layout and its place in the document.
pub struct Paragraph {
    /// The paragraph's chars in the document (its `\n` excluded).
    pub chars: Range<usize>,
    /// The same in bytes.
    pub bytes: Range<usize>,
    /// Char ↔ byte offsets inside the paragraph (parley speaks bytes).
    index: CharIndex,
    pub layout: Layout<()>,
    /// Top edge in the document.
    pub top: f32,
}

impl Paragraph {
    pub fn is_rtl(&self) -> bool {
        self.layout.is_rtl()
    }
    pub fn height(&self) -> f32 {
        self.layout.height()
    }
    fn doc_char(&self, local_byte: usize) -> usize {
        self.chars.start + self.index.char_at_byte(local_byte)
    }
}

/// One visual line, for diagnosis and for comparing with other bidi implementations.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LineOrder {
    pub start: usize,
    pub end: usize,
    /// The line's chars (document offsets) from left to right on screen.
    pub visual: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ParagraphOrder {
    pub direction: &'static str,
    pub lines: Vec<LineOrder>,
}

/// The smallest unit the pointer can land on: a cluster (a char with its combining marks, or a
/// ligature), with the document chars it covers and its box.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterBox {
    pub chars: Range<usize>,
    pub rect: Rect,
    pub rtl: bool,
}

/// One cluster as placed on a line: its document chars, left and right edge, and direction.
struct Placed {
    chars: Range<usize>,
    x0: f32,
    x1: f32,
    rtl: bool,
}

/// Walks the lines of a paragraph: for each line its index, char range, vertical extent (in
/// document coordinates) and its clusters from left to right.
fn for_each_line(p: &Paragraph, mut f: impl FnMut(usize, Range<usize>, (f32, f32), Vec<Placed>)) {
    for (i, line) in p.layout.lines().enumerate() {
        let m = line.metrics();
        let r = line.text_range();
        let mut placed = Vec::new();
        for item in line.items() {
            let PositionedLayoutItem::GlyphRun(run) = item else {
                continue;
            };
            let mut x = run.offset();
            for cluster in run.run().visual_clusters() {
                let cr = cluster.text_range();
                let w = cluster.advance();
                placed.push(Placed {
                    chars: p.doc_char(cr.start)..p.doc_char(cr.end),
                    x0: x,
                    x1: x + w,
                    rtl: cluster.is_rtl(),
                });
                x += w;
            }
        }
        f(
            i,
            p.doc_char(r.start)..p.doc_char(r.end),
            (m.block_min_coord + p.top, m.block_max_coord + p.top),
            placed,
        );
    }
}

/// A whole article laid out.
pub struct DocumentLayout {
    pub paragraphs: Vec<Paragraph>,
    width: f32,
    height: f32,
    style: TextStyle,
    char_len: usize,
}

impl DocumentLayout {
    pub fn width(&self) -> f32 {
        self.width
    }
    pub fn height(&self) -> f32 {
        self.height
    }
    pub fn style(&self) -> &TextStyle {
        &self.style
    }
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Re-breaks lines for a new column width: no reshaping, so resizing the window is cheap.
    pub fn rewrap(&mut self, width: f32) {
        self.width = width;
        let gap = self.style.paragraph_gap * self.style.size;
        let mut top = 0.0;
        for p in &mut self.paragraphs {
            p.layout.break_all_lines(Some(width));
            p.layout
                .align(Alignment::Start, AlignmentOptions::default());
            p.top = top;
            // Empty lines between paragraphs collapse: scraped articles have them or not at
            // random, and the paragraph gap already separates paragraphs.
            if !p.chars.is_empty() {
                top += p.layout.height() + gap;
            }
        }
        self.height = top;
    }

    /// The paragraph at height `y`, the nearest one above or below if `y` falls in a gap.
    pub fn paragraph_index_at(&self, y: f32) -> usize {
        let after = self.paragraphs.partition_point(|p| p.top <= y);
        let mut i = after.saturating_sub(1);
        // Skip back over collapsed empty paragraphs that share this top.
        while i > 0
            && self.paragraphs[i].chars.is_empty()
            && self.paragraphs[i - 1].top == self.paragraphs[i].top
        {
            i -= 1;
        }
        i.min(self.paragraphs.len().saturating_sub(1))
    }

    /// The indices of the paragraphs that intersect the band `[y0, y1)`.
    pub fn paragraphs_in(&self, y0: f32, y1: f32) -> Range<usize> {
        let first = self.paragraphs.partition_point(|p| p.top + p.height() < y0);
        let last = self.paragraphs.partition_point(|p| p.top < y1);
        first..last.max(first)
    }

    /// The caret position nearest to the point: a char offset on a cluster boundary. A drag
    /// selects the chars between the carets of its two ends.
    pub fn caret_at(&self, x: f32, y: f32) -> usize {
        let Some(p) = self.paragraphs.get(self.paragraph_index_at(y)) else {
            return 0;
        };
        let cursor = Cursor::from_point(&p.layout, x, y - p.top);
        p.doc_char(cursor.index())
    }

    /// The caret one cluster to the left (`right == false`) or right of `caret`, as the arrow
    /// keys move it: visually, so in a Persian line Left moves forward in the text. At a
    /// paragraph's edge it continues into the next or previous paragraph.
    pub fn step_visual(&self, caret: usize, right: bool) -> usize {
        let i = self
            .paragraphs
            .partition_point(|p| p.chars.end < caret)
            .min(self.paragraphs.len().saturating_sub(1));
        let Some(p) = self.paragraphs.get(i) else {
            return caret;
        };
        let local =
            (caret.clamp(p.chars.start, p.chars.end) - p.chars.start).min(p.index.char_len());
        let byte = p.index.byte(local).unwrap_or(0);
        let cursor = Cursor::from_byte_index(&p.layout, byte, parley::Affinity::Downstream);
        let moved = if right {
            cursor.next_visual(&p.layout)
        } else {
            cursor.previous_visual(&p.layout)
        };
        if moved.index() != byte {
            return p.doc_char(moved.index());
        }
        // At the edge: leaving towards the paragraph's end goes on to the next paragraph.
        let towards_end = right != p.is_rtl();
        if towards_end {
            self.paragraphs.get(i + 1).map_or(caret, |n| n.chars.start)
        } else if i > 0 {
            self.paragraphs[i - 1].chars.end
        } else {
            caret
        }
    }

    /// The logical range a drag from `a` to `b` selects.
    pub fn range_between(&self, a: (f32, f32), b: (f32, f32)) -> Range<usize> {
        let (ca, cb) = (self.caret_at(a.0, a.1), self.caret_at(b.0, b.1));
        ca.min(cb)..ca.max(cb)
    }

    /// The cluster under the point, if the point is on text.
    pub fn cluster_at(&self, x: f32, y: f32) -> Option<Range<usize>> {
        let p = self.paragraphs.get(self.paragraph_index_at(y))?;
        let (cluster, _) = Cluster::from_point_exact(&p.layout, x, y - p.top)?;
        let r = cluster.text_range();
        Some(p.doc_char(r.start)..p.doc_char(r.end))
    }

    /// The word under the point (a ZWNJ-joined word such as «می‌خواهم» is one word).
    pub fn word_at(&self, x: f32, y: f32) -> Range<usize> {
        let Some(p) = self.paragraphs.get(self.paragraph_index_at(y)) else {
            return 0..0;
        };
        let r = Selection::word_from_point(&p.layout, x, y - p.top).text_range();
        p.doc_char(r.start)..p.doc_char(r.end)
    }

    /// The whole paragraph under the point.
    pub fn paragraph_at(&self, _x: f32, y: f32) -> Range<usize> {
        self.paragraphs
            .get(self.paragraph_index_at(y))
            .map_or(0..0, |p| p.chars.clone())
    }

    /// The rectangles that show the chars `range` on screen: one per visual piece, so a range
    /// across a Latin name inside a Persian line gives several.
    ///
    /// Built from the positioned clusters, as parley's `Selection::geometry` does, but without
    /// its cursor lookup, which places the end-of-text cursor of a multi-line RTL paragraph on
    /// the first line and so returns nothing for a range that ends a paragraph (parley 0.12).
    pub fn range_rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        if range.start >= range.end {
            return out;
        }
        let first = self
            .paragraphs
            .partition_point(|p| p.chars.end < range.start);
        for p in &self.paragraphs[first..] {
            if p.chars.start >= range.end {
                break;
            }
            for_each_line(p, |_, line, (y0, y1), clusters| {
                if line.end <= range.start || line.start >= range.end {
                    return;
                }
                let mut open: Option<(f32, f32)> = None;
                for c in clusters {
                    let selected = range.start <= c.chars.start && c.chars.end <= range.end;
                    match (&mut open, selected) {
                        (Some((_, x1)), true) => *x1 = c.x1,
                        (None, true) => open = Some((c.x0, c.x1)),
                        (Some((x0, x1)), false) => {
                            out.push(Rect {
                                x0: *x0,
                                y0,
                                x1: *x1,
                                y1,
                            });
                            open = None;
                        }
                        (None, false) => {}
                    }
                }
                if let Some((x0, x1)) = open {
                    out.push(Rect { x0, y0, x1, y1 });
                }
            });
        }
        out
    }

    /// Every cluster of the paragraphs `paragraphs` with its box, line by line, left to right.
    pub fn cluster_boxes(&self, paragraphs: Range<usize>) -> Vec<ClusterBox> {
        let mut out = Vec::new();
        for p in &self.paragraphs[paragraphs] {
            for_each_line(p, |_, _, (y0, y1), clusters| {
                out.extend(clusters.into_iter().map(|c| ClusterBox {
                    chars: c.chars,
                    rect: Rect {
                        x0: c.x0,
                        y0,
                        x1: c.x1,
                        y1,
                    },
                    rtl: c.rtl,
                }));
            });
        }
        out
    }

    /// Every line's chars in screen order, paragraph by paragraph: what `naql layout --json`
    /// prints and what the bidi tests compare with FriBidi.
    pub fn visual_order(&self) -> Vec<ParagraphOrder> {
        self.paragraphs
            .iter()
            .map(|p| {
                let mut lines = Vec::new();
                for_each_line(p, |_, chars, _, clusters| {
                    let mut visual = Vec::new();
                    for c in clusters {
                        // A cluster's own chars (a ligature, a letter with its marks) read in
                        // its direction.
                        if c.rtl {
                            visual.extend(c.chars.rev());
                        } else {
                            visual.extend(c.chars);
                        }
                    }
                    lines.push(LineOrder {
                        start: chars.start,
                        end: chars.end,
                        visual,
                    });
                });
                ParagraphOrder {
                    direction: if p.is_rtl() { "rtl" } else { "ltr" },
                    lines,
                }
            })
            .collect()
    }
}
