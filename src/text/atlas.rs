//! Glyph images for egui: rasterised by swash at the screen's pixel size and packed into one
//! egui texture, so a whole article paints as a single textured mesh.

use egui::{Color32, ColorImage, Pos2, Rect, TextureHandle, TextureOptions, pos2, vec2};
use std::collections::HashMap;
use swash::scale::image::Content;
use swash::scale::{Render, ScaleContext, Source, StrikeWith};
use swash::zeno::{Format, Vector};

/// Horizontal sub-pixel positions a glyph is rasterised at: quarter pixels keep Persian letter
/// spacing even without blurring the text.
const SUBPIXEL_BINS: f32 = 4.0;
const ATLAS_SIZE: usize = 2048;
/// Empty pixels around each glyph so linear filtering never bleeds a neighbour in.
const PAD: usize = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct GlyphKey {
    font_blob: u64,
    font_index: u32,
    glyph: u32,
    size_bits: u32,
    subpixel: u8,
}

/// Where a glyph's image sits in the atlas, and how to place it at a pen position.
#[derive(Clone, Copy, Debug)]
pub struct AtlasGlyph {
    pub uv: Rect,
    /// Offset of the image's top-left corner from the pen position, in physical pixels.
    pub left: i32,
    pub top: i32,
    pub width: u32,
    pub height: u32,
    /// True for colour glyphs (emoji), which must not be tinted.
    pub colour: bool,
}

/// The glyph cache and its texture.
pub struct GlyphAtlas {
    texture: Option<TextureHandle>,
    glyphs: HashMap<GlyphKey, Option<AtlasGlyph>>,
    scaler: ScaleContext,
    /// Shelf packing: the current row's top, its height, and the next free x.
    shelf_y: usize,
    shelf_h: usize,
    cursor_x: usize,
}

impl Default for GlyphAtlas {
    fn default() -> Self {
        Self::new()
    }
}

/// One glyph to draw: the font it comes from, its id, size and pen position in physical pixels.
pub struct GlyphRequest<'a> {
    pub font: &'a parley::FontData,
    pub coords: &'a [i16],
    pub glyph: u32,
    pub size_px: f32,
    pub x_px: f32,
    pub y_px: f32,
}

impl GlyphAtlas {
    pub fn new() -> Self {
        Self {
            texture: None,
            glyphs: HashMap::new(),
            scaler: ScaleContext::new(),
            shelf_y: 0,
            shelf_h: 0,
            cursor_x: 0,
        }
    }

    pub fn texture_id(&mut self, ctx: &egui::Context) -> egui::TextureId {
        self.texture(ctx).id()
    }

    fn texture(&mut self, ctx: &egui::Context) -> &mut TextureHandle {
        self.texture.get_or_insert_with(|| {
            ctx.load_texture(
                "naql-glyphs",
                ColorImage::filled([ATLAS_SIZE, ATLAS_SIZE], Color32::TRANSPARENT),
                TextureOptions::LINEAR,
            )
        })
    }

    /// The screen rectangle (in points) and atlas entry of a glyph drawn at a pen position;
    /// `None` for glyphs with no ink (spaces).
    pub fn place(
        &mut self,
        ctx: &egui::Context,
        req: &GlyphRequest<'_>,
        pixels_per_point: f32,
    ) -> Option<(Rect, AtlasGlyph)> {
        let x_floor = req.x_px.floor();
        let subpixel = ((req.x_px - x_floor) * SUBPIXEL_BINS).round() as u8;
        let (x_int, subpixel) = if subpixel as f32 >= SUBPIXEL_BINS {
            (x_floor + 1.0, 0)
        } else {
            (x_floor, subpixel)
        };
        let key = GlyphKey {
            font_blob: req.font.data.id(),
            font_index: req.font.index,
            glyph: req.glyph,
            size_bits: req.size_px.to_bits(),
            subpixel,
        };
        let entry = match self.glyphs.get(&key) {
            Some(e) => *e,
            None => {
                let e = self.rasterise(ctx, req, key);
                self.glyphs.insert(key, e);
                e
            }
        }?;
        let y_int = req.y_px.round();
        let min = pos2(x_int + entry.left as f32, y_int - entry.top as f32) / pixels_per_point;
        let size = vec2(entry.width as f32, entry.height as f32) / pixels_per_point;
        Some((Rect::from_min_size(min, size), entry))
    }

    fn rasterise(
        &mut self,
        ctx: &egui::Context,
        req: &GlyphRequest<'_>,
        key: GlyphKey,
    ) -> Option<AtlasGlyph> {
        let font = swash::FontRef::from_index(req.font.data.data(), req.font.index as usize)?;
        let mut scaler = self
            .scaler
            .builder(font)
            .size(req.size_px)
            .hint(true)
            .normalized_coords(req.coords)
            .build();
        let image = Render::new(&[
            Source::ColorOutline(0),
            Source::ColorBitmap(StrikeWith::BestFit),
            Source::Outline,
        ])
        .format(Format::Alpha)
        .offset(Vector::new(f32::from(key.subpixel) / SUBPIXEL_BINS, 0.0))
        .render(&mut scaler, key.glyph as u16)?;
        let (w, h) = (
            image.placement.width as usize,
            image.placement.height as usize,
        );
        if w == 0 || h == 0 {
            return None;
        }
        let colour = image.content == Content::Color;
        let pixels: Vec<Color32> = match image.content {
            Content::Color => image
                .data
                .chunks_exact(4)
                .map(|p| Color32::from_rgba_unmultiplied(p[0], p[1], p[2], p[3]))
                .collect(),
            Content::SubpixelMask => image
                .data
                .chunks_exact(4)
                .map(|p| Color32::from_white_alpha(p[1]))
                .collect(),
            Content::Mask => image
                .data
                .iter()
                .map(|&a| Color32::from_white_alpha(a))
                .collect(),
        };
        let pos = self.allocate(ctx, w + 2 * PAD, h + 2 * PAD);
        let mut padded = ColorImage::filled([w + 2 * PAD, h + 2 * PAD], Color32::TRANSPARENT);
        for row in 0..h {
            let dst = (row + PAD) * (w + 2 * PAD) + PAD;
            padded.pixels[dst..dst + w].copy_from_slice(&pixels[row * w..row * w + w]);
        }
        self.texture(ctx)
            .set_partial(pos, padded, TextureOptions::LINEAR);
        let inv = 1.0 / ATLAS_SIZE as f32;
        let uv_min = Pos2::new((pos[0] + PAD) as f32 * inv, (pos[1] + PAD) as f32 * inv);
        Some(AtlasGlyph {
            uv: Rect::from_min_size(uv_min, vec2(w as f32 * inv, h as f32 * inv)),
            left: image.placement.left,
            top: image.placement.top,
            width: w as u32,
            height: h as u32,
            colour,
        })
    }

    /// A free `w`×`h` place in the texture. When the texture is full, every glyph is dropped
    /// and the atlas starts over: the glyphs of the visible text come back on the next frame.
    fn allocate(&mut self, ctx: &egui::Context, w: usize, h: usize) -> [usize; 2] {
        if self.cursor_x + w > ATLAS_SIZE {
            self.shelf_y += self.shelf_h;
            self.shelf_h = 0;
            self.cursor_x = 0;
        }
        if self.shelf_y + h > ATLAS_SIZE {
            self.glyphs.clear();
            self.shelf_y = 0;
            self.shelf_h = 0;
            self.cursor_x = 0;
            ctx.request_repaint();
        }
        let pos = [self.cursor_x, self.shelf_y];
        self.cursor_x += w;
        self.shelf_h = self.shelf_h.max(h);
        pos
    }

    /// How many glyph images are cached (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.glyphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.glyphs.is_empty()
    }
}
