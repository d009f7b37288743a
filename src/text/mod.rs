//! Right-to-left text: layout, hit testing and selection geometry on parley (no egui), and the
//! egui side that paints it (glyph atlas, article view).
//!
//! egui 0.37 shapes Arabic script but does no bidi reordering or right alignment, and its
//! cursor mapping is reversed inside RTL runs; so Naql lays text out with parley, which
//! implements the Unicode algorithms, and only paints with egui. This module knows chars and
//! ranges, never quotes or speakers: the UI maps annotations to styled ranges.

pub mod atlas;
pub mod field;
pub mod fonts;
pub mod layout;
pub mod view;
pub mod words;

pub use field::TextField;
pub use fonts::FontChoice;
pub use layout::{
    ClusterBox, Direction, DocumentLayout, LineOrder, ParagraphOrder, Rect, TextEngine, TextStyle,
};
pub use view::{ARTICLE_LABEL, ArticleView, Highlight, HighlightKind, ViewOutput};

/// What drawing text needs: the layout engine (fonts, shaping) and the glyph atlas (images).
/// They always travel together, so panels take one of these.
#[derive(Default)]
pub struct TextKit {
    pub engine: TextEngine,
    pub atlas: atlas::GlyphAtlas,
    /// The text fields' editing state (text, caret, preedit, undo), by widget id.
    pub fields: field::Fields,
}
