//! Spans over article text.
//!
//! Naql counts offsets in Unicode scalar values (Rust `char`s) of the verbatim article text,
//! `[start, end)`. Chars, not bytes, because that is what other tools (Python, R, most JSON
//! consumers) index strings by, and not UTF-16 units, because Persian and Arabic text never needs
//! surrogates yet a count in them would silently differ from Python's. Conversions to byte
//! offsets (what Rust slices and parley use) happen only at the edges, through [`CharIndex`].

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of char offsets. Written in RON as a pair `(start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "(usize, usize)", into = "(usize, usize)")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<(usize, usize)> for Span {
    fn from((start, end): (usize, usize)) -> Self {
        Self { start, end }
    }
}

impl From<Span> for (usize, usize) {
    fn from(s: Span) -> Self {
        (s.start, s.end)
    }
}

/// Whether a char may not stand at either end of a span: whitespace, and the invisible
/// characters that only shape or order the text around them (ZWNJ, ZWJ, the bidi marks,
/// embeddings and isolates, the byte-order mark, soft hyphen).
pub fn is_edge_filler(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{061c}' | '\u{feff}' | '\u{00ad}'
        )
}

/// `span` of `text` without whitespace, ZWNJ or bidi marks at its ends: what a span made from
/// a selection covers (a drag at a direction boundary easily takes the space beside a word).
/// A span of nothing but such characters becomes empty, at its start.
pub fn trimmed(text: &str, span: Span) -> Span {
    let chars: Vec<char> = text
        .chars()
        .skip(span.start)
        .take(span.end.saturating_sub(span.start))
        .collect();
    let lead = chars.iter().take_while(|c| is_edge_filler(**c)).count();
    if lead == chars.len() {
        return Span::new(span.start, span.start);
    }
    let trail = chars
        .iter()
        .rev()
        .take_while(|c| is_edge_filler(**c))
        .count();
    Span::new(span.start + lead, span.start + chars.len() - trail)
}

/// A span together with the text it covered when it was made. The text is the anchor check:
/// if the article no longer has that text at that span, the annotation is orphaned, not moved.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Anchor {
    pub span: Span,
    pub text: String,
}

impl Anchor {
    /// The anchor of `span` in `text`, or `None` if the span does not fit the text.
    pub fn of(text: &str, span: Span) -> Option<Self> {
        let covered = CharIndex::new(text).slice(text, span)?;
        Some(Self {
            span,
            text: covered.to_owned(),
        })
    }

    /// Why this anchor does not match `text`, or `None` when it does.
    pub fn mismatch(&self, text: &CharIndexed<'_>) -> Option<String> {
        if self.span.start > self.span.end {
            return Some(format!(
                "span ({}, {}) ends before it starts",
                self.span.start, self.span.end
            ));
        }
        match text.slice(self.span) {
            None => Some(format!(
                "span ({}, {}) lies outside the text, which has {} chars",
                self.span.start,
                self.span.end,
                text.char_len()
            )),
            Some(found) if found != self.text => Some(format!(
                "text at ({}, {}) is now «{}», not «{}»",
                self.span.start,
                self.span.end,
                shorten(found, 40),
                shorten(&self.text, 40)
            )),
            Some(_) => None,
        }
    }
}

/// At most `max` chars of `s`, with an ellipsis when cut: titles and quotes in messages, lists
/// and reports.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// Byte offset of every char boundary of a text, so char spans convert to byte ranges in O(1).
/// Built once per text when many spans are checked (loading a project checks thousands).
#[derive(Clone, Debug, Default)]
pub struct CharIndex {
    /// `byte_of[c]` is the byte offset of char `c`; one extra entry holds the text length.
    byte_of: Vec<u32>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut byte_of = Vec::with_capacity(text.len() + 1);
        byte_of.extend(text.char_indices().map(|(b, _)| b as u32));
        byte_of.push(text.len() as u32);
        Self { byte_of }
    }

    pub fn char_len(&self) -> usize {
        self.byte_of.len() - 1
    }

    /// Byte offset of char offset `c`, if `c <= char_len`.
    pub fn byte(&self, c: usize) -> Option<usize> {
        self.byte_of.get(c).map(|&b| b as usize)
    }

    /// Char offset of byte offset `b`; a byte inside a char maps to that char's start.
    pub fn char_at_byte(&self, b: usize) -> usize {
        match self.byte_of.binary_search(&(b as u32)) {
            Ok(c) => c,
            Err(c) => c.saturating_sub(1),
        }
    }

    pub fn slice<'t>(&self, text: &'t str, span: Span) -> Option<&'t str> {
        if span.start > span.end {
            return None;
        }
        let (s, e) = (self.byte(span.start)?, self.byte(span.end)?);
        text.get(s..e)
    }
}

/// A position in a UTF-8 text that only moves forward: `at` bytes in, past `chars` lead bytes.
#[derive(Default)]
struct LeadWalk {
    at: usize,
    chars: usize,
}

impl LeadWalk {
    /// The byte offset where char `c` starts (the text's length for `c` = its char count),
    /// for a `c` at or after the last one asked for and not beyond the text.
    fn advance_to(&mut self, bytes: &[u8], c: usize) -> usize {
        // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
        fn continuations(word: [u8; 8]) -> usize {
            const HIGH: u64 = 0x8080_8080_8080_8080;
            let x = u64::from_le_bytes(word);
            (x & !(x << 1) & HIGH).count_ones() as usize
        }
        // Whole 32-byte blocks, then 8-byte words, whose lead bytes all belong to chars
        // before `c` (blocks first: most of an article lies between two offsets asked for).
        while let Some(Ok(block)) = bytes.get(self.at..self.at + 32).map(<[u8; 32]>::try_from) {
            let (words, _) = block.as_chunks::<8>();
            let leads = 32 - words.iter().map(|w| continuations(*w)).sum::<usize>();
            if self.chars + leads > c {
                break;
            }
            self.chars += leads;
            self.at += 32;
        }
        while let Some(Ok(word)) = bytes.get(self.at..self.at + 8).map(<[u8; 8]>::try_from) {
            let leads = 8 - continuations(word);
            if self.chars + leads > c {
                break;
            }
            self.chars += leads;
            self.at += 8;
        }
        while let Some(&b) = bytes.get(self.at) {
            if (b as i8) >= -0x40 {
                if self.chars == c {
                    return self.at;
                }
                self.chars += 1;
            }
            self.at += 1;
        }
        bytes.len()
    }
}

/// A text prepared for slicing by a known set of char spans: it holds the byte offset of just the
/// span ends it was built for, found in one pass over the text. Checking the anchors of a
/// document needs a few dozen offsets; indexing every char of 10,000 articles would cost 25
/// million entries.
pub struct CharIndexed<'t> {
    pub text: &'t str,
    /// Sorted char offsets and their byte offsets.
    chars: Vec<usize>,
    bytes: Vec<usize>,
    char_len: usize,
}

impl<'t> CharIndexed<'t> {
    /// Prepares `text` for slicing by any span whose ends are among `offsets`.
    pub fn for_offsets(text: &'t str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut chars: Vec<usize> = offsets.into_iter().collect();
        chars.sort_unstable();
        chars.dedup();
        let char_len = text.chars().count();
        let mut bytes = Vec::with_capacity(chars.len());
        // One forward walk over the bytes, counting chars by their lead bytes eight at a time:
        // checking a big project's anchors walks every article, and decoding each char (what
        // `char_indices` does) was the larger part of it.
        let mut walk = LeadWalk::default();
        for &c in &chars {
            if c > char_len {
                break;
            }
            bytes.push(walk.advance_to(text.as_bytes(), c));
        }
        chars.truncate(bytes.len());
        Self {
            text,
            chars,
            bytes,
            char_len,
        }
    }

    /// Prepares `text` for slicing by any span (indexes every char).
    pub fn new(text: &'t str) -> Self {
        let n = text.chars().count();
        Self::for_offsets(text, 0..=n)
    }

    pub fn char_len(&self) -> usize {
        self.char_len
    }

    fn byte(&self, c: usize) -> Option<usize> {
        self.chars.binary_search(&c).ok().map(|i| self.bytes[i])
    }

    /// The text of `span`, or `None` if it lies outside the text (or its ends were not among
    /// the offsets this was built for).
    pub fn slice(&self, span: Span) -> Option<&'t str> {
        if span.start > span.end {
            return None;
        }
        self.text.get(self.byte(span.start)?..self.byte(span.end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_made_from_selections_lose_blank_and_invisible_ends() {
        let text = "x \u{200c}«کیهان لندن» \u{200f}\n";
        let n = text.chars().count();
        let t = trimmed(text, Span::new(1, n));
        assert_eq!(t, Span::new(3, n - 3));
        assert_eq!(
            Anchor::of(text, t).map(|a| a.text),
            Some("«کیهان لندن»".into())
        );
        // ZWNJ inside a word stays: only the ends are trimmed.
        let word = "می\u{200c}خواهم";
        assert_eq!(trimmed(word, Span::new(0, 7)), Span::new(0, 7));
        assert_eq!(trimmed(" \u{200c} ", Span::new(0, 3)), Span::new(0, 0));
    }

    const TEXT: &str = "کیهان لندن (@KayhanLondon) August 2, 2023";

    #[test]
    fn char_spans_slice_mixed_text() {
        let idx = CharIndexed::new(TEXT);
        assert_eq!(idx.char_len(), TEXT.chars().count());
        assert_eq!(idx.slice(Span::new(0, 5)), Some("کیهان"));
        let at = TEXT.chars().position(|c| c == '@').unwrap_or(0);
        assert_eq!(idx.slice(Span::new(at, at + 13)), Some("@KayhanLondon"));
        assert_eq!(idx.slice(Span::new(0, 999)), None);
        assert_eq!(idx.slice(Span::new(3, 2)), None);
    }

    #[test]
    fn byte_to_char_round_trip() {
        let idx = CharIndex::new(TEXT);
        for (c, (b, _)) in TEXT.char_indices().enumerate() {
            assert_eq!(idx.char_at_byte(b), c);
            assert_eq!(idx.byte(c), Some(b));
        }
        assert_eq!(idx.char_at_byte(1), 0, "inside the first two-byte char");
    }

    #[test]
    fn anchor_mismatch_names_what_changed() {
        let a = Anchor::of(TEXT, Span::new(0, 5)).unwrap_or_else(|| panic!("fits"));
        assert_eq!(a.mismatch(&CharIndexed::new(TEXT)), None);
        let changed = TEXT.replacen("کیهان", "کیهـن", 1);
        let why = a.mismatch(&CharIndexed::new(&changed)).unwrap_or_default();
        assert!(why.contains("کیهـن"), "{why}");
        let short = CharIndexed::for_offsets("ab", [0, 5]);
        assert!(a.mismatch(&short).unwrap_or_default().contains("outside"));
    }
}

#[cfg(test)]
mod sparse_tests {
    use super::*;

    #[test]
    fn sparse_index_slices_like_a_full_one() {
        let text = "ملت ایران، اخیرا\u{200c}(@Kayhan) ۲۳ August 2, 2023";
        let n = text.chars().count();
        let full = CharIndex::new(text);
        for a in 0..=n {
            for b in a..=n {
                let sparse = CharIndexed::for_offsets(text, [b, a]);
                assert_eq!(
                    sparse.slice(Span::new(a, b)),
                    full.slice(text, Span::new(a, b))
                );
                assert_eq!(sparse.char_len(), n);
            }
        }
        let sparse = CharIndexed::for_offsets(text, [3, n + 1]);
        assert_eq!(sparse.slice(Span::new(3, n + 1)), None);
    }

    proptest::proptest! {
        /// The word-at-a-time walk finds the same byte offsets as decoding every char, in
        /// texts of one- to four-byte chars, at any offsets (beyond the end included).
        #[test]
        fn offsets_are_found_as_decoding_finds_them(
            text in "[a-z\u{600}-\u{6ff}\u{200c}«»\u{1f600}-\u{1f64f}]{0,80}",
            offsets in proptest::collection::vec(0usize..90, 0..12),
        ) {
            let indexed = CharIndexed::for_offsets(&text, offsets.iter().copied());
            let starts: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            proptest::prop_assert_eq!(indexed.char_len(), text.chars().count());
            for &c in &offsets {
                proptest::prop_assert_eq!(indexed.byte(c), starts.get(c).copied());
            }
        }
    }
}
