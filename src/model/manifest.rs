//! The manifest `project.ron`: what a project codes (codebook, quote kinds), who speaks
//! (speaker registry), what it codes (documents) and who codes (people).

use super::ids::{DocumentId, PersonId, SpeakerId, TopicId};
use super::layer::QuoteKind;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The file format this manifest is written in; see `store::format`.
    pub format_version: u32,
    pub title: String,
    /// Languages of the articles, e.g. `[Persian, Arabic]`.
    #[serde(default)]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub codebook: Codebook,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    /// Shared, because the store holds the manifest three times (as read, as put together
    /// with everyone's changes, as last saved) and 100,000 documents are 35 MB a copy; a
    /// change copies the list once (`Arc::make_mut`).
    #[serde(default)]
    pub documents: Arc<Vec<Document>>,
    /// Coders and editors. Each has one layer file, `annotations/<id>.ron`.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Speakers merged into others: quotes naming a key are read as naming its value. A merge
    /// is recorded rather than rewriting other coders' layers, which only they write.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub merged: BTreeMap<SpeakerId, SpeakerId>,
}

impl Manifest {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format_version: crate::store::format::CURRENT,
            title: title.into(),
            languages: Vec::new(),
            codebook: Codebook::default(),
            speakers: Vec::new(),
            documents: Default::default(),
            people: Vec::new(),
            merged: BTreeMap::new(),
        }
    }

    pub fn document(&self, id: &DocumentId) -> Option<&Document> {
        self.documents.iter().find(|d| &d.id == id)
    }

    /// Each document's place in [`Manifest::documents`], for passes over many quotes that
    /// would otherwise search the documents once per quote.
    pub fn document_places(&self) -> HashMap<&DocumentId, usize, foldhash::fast::FixedState> {
        self.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (&d.id, i))
            .collect()
    }
    pub fn speaker(&self, id: &SpeakerId) -> Option<&Speaker> {
        self.speakers.iter().find(|s| &s.id == id)
    }
    pub fn topic(&self, id: &TopicId) -> Option<&Topic> {
        self.codebook.topics.iter().find(|t| &t.id == id)
    }
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.iter().find(|p| &p.id == id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Language {
    Persian,
    Arabic,
    Other,
}

impl Language {
    /// ISO 639-1 code, as exports and the command line show it.
    pub fn code(self) -> &'static str {
        match self {
            Language::Persian => "fa",
            Language::Arabic => "ar",
            Language::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    pub topics: Vec<Topic>,
    /// The kinds of quote this project distinguishes, in the order the UI offers them.
    pub quote_kinds: Vec<QuoteKind>,
}

impl Default for Codebook {
    fn default() -> Self {
        Self {
            topics: Vec::new(),
            quote_kinds: vec![QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub name: String,
    /// Topics nest: a sub-topic names its parent.
    #[serde(default)]
    pub parent: Option<TopicId>,
    pub colour: Colour,
    /// The key that toggles the topic on the selected quote (`1`…`9`, letters).
    #[serde(default)]
    pub shortcut: Option<char>,
    /// The coding instruction: when this topic applies and when it does not.
    #[serde(default)]
    pub description: String,
}

/// An sRGB colour, written `"#rrggbb"` so that a person editing the file sees a familiar form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl From<Colour> for String {
    fn from(c: Colour) -> Self {
        c.to_string()
    }
}

/// A colour that is not `#rrggbb` (serde names the file and line around it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("colour {0:?} is not of the form \"#rrggbb\"")]
pub struct BadColour(pub String);

impl TryFrom<String> for Colour {
    type Error = BadColour;
    fn try_from(s: String) -> Result<Self, BadColour> {
        let bad = || BadColour(s.clone());
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Colour::rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

/// One real person or body that speaks, under every spelling the articles use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub id: SpeakerId,
    /// The canonical name, as the project's reports show it.
    pub name: String,
    /// Other spellings in any script: «لوکاشنکو», «ألكسندر لوكاشينكو», «Lukashenko», titles such as
    /// «رئیس‌جمهور بلاروس».
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub affiliation: String,
    #[serde(default)]
    pub country: String,
}

impl Speaker {
    /// The canonical name followed by every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    /// The name of the file it was imported from, for the coder's orientation.
    pub file_name: String,
    pub title: String,
    #[serde(default)]
    pub source: String,
    /// Publication date, when the article states one.
    #[serde(default)]
    pub date: Option<Date>,
    pub language: Language,
    /// SHA-256 of the stored text (lower-case hex): detects re-imports and edits behind our back.
    pub sha256: String,
    /// Length of the stored text in chars, the unit of every span.
    pub chars: usize,
    /// Where the article was published, when the import knew (a page's URL, a url column).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// Whatever else the imported row or page said about the article (its other columns or
    /// keys: author, section, tags …), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_print() {
        let c = Colour::try_from("#1F77b4".to_owned()).unwrap_or(Colour::rgb(0, 0, 0));
        assert_eq!(c, Colour::rgb(0x1f, 0x77, 0xb4));
        assert_eq!(c.to_string(), "#1f77b4");
        assert!(Colour::try_from("1f77b4".to_owned()).is_err());
        assert!(Colour::try_from("#1f77b".to_owned()).is_err());
        assert!(Colour::try_from("#1f77bg".to_owned()).is_err());
    }
}
