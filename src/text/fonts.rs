//! The bundled fonts. Naql never asks the system for fonts: a coder on any machine sees the same
//! shapes, and the layout tests measure what users see.

use parley::FontContext;
use parley::fontique::Blob;
use std::sync::Arc;

pub const VAZIRMATN: &[u8] = include_bytes!("../../assets/fonts/Vazirmatn-Regular.ttf");
pub const NOTO_NASKH_ARABIC: &[u8] =
    include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf");
pub const NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");

/// The face an article is read in; the coder picks it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum FontChoice {
    /// Vazirmatn: a modern sans face for Persian and Arabic with Latin letters of its own.
    #[default]
    Vazirmatn,
    /// Noto Naskh Arabic: the traditional book hand, with Noto Sans for Latin.
    NotoNaskh,
}

impl FontChoice {
    pub const ALL: [FontChoice; 2] = [FontChoice::Vazirmatn, FontChoice::NotoNaskh];

    pub fn label(self) -> &'static str {
        match self {
            FontChoice::Vazirmatn => "Vazirmatn",
            FontChoice::NotoNaskh => "Noto Naskh Arabic",
        }
    }

    /// The family list handed to parley: the face first, then fallbacks for what it lacks.
    pub fn family_stack(self) -> &'static str {
        match self {
            FontChoice::Vazirmatn => "Vazirmatn, Noto Sans, Noto Naskh Arabic",
            FontChoice::NotoNaskh => "Noto Naskh Arabic, Noto Sans, Vazirmatn",
        }
    }
}

/// A font context that knows the bundled fonts and nothing else.
pub fn font_context() -> FontContext {
    let mut cx = FontContext::new();
    for bytes in [VAZIRMATN, NOTO_NASKH_ARABIC, NOTO_SANS] {
        cx.collection
            .register_fonts(Blob::new(Arc::new(bytes)), None);
    }
    cx
}
