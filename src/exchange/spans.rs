//! Reading another tool's offsets: code points (what Naql, doccano, brat and current Label
//! Studio count) or UTF-16 code units (Label Studio before 2022). Either is taken when it
//! yields exactly the span's text; a span that matches neither is reported.

use crate::model::Span;

/// A text's chars with each char's UTF-16 offset.
pub struct Offsets {
    chars: Vec<char>,
    /// `utf16[i]` is the UTF-16 offset of char `i`; one more entry for the end.
    utf16: Vec<usize>,
}

impl Offsets {
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut utf16 = Vec::with_capacity(chars.len() + 1);
        let mut at = 0;
        for c in &chars {
            utf16.push(at);
            at += c.len_utf16();
        }
        utf16.push(at);
        Self { chars, utf16 }
    }

    fn slice(&self, span: Span) -> String {
        self.chars[span.start..span.end].iter().collect()
    }

    /// [`crate::model::span::trimmed`] on this text, without walking it from its start: a
    /// document of a big import has many spans.
    pub fn trimmed(&self, span: Span) -> Span {
        let end = span.end.min(self.chars.len());
        let start = span.start.min(end);
        let inside = &self.chars[start..end];
        let lead = inside
            .iter()
            .take_while(|c| crate::model::span::is_edge_filler(**c))
            .count();
        if lead == inside.len() {
            return Span::new(span.start, span.start);
        }
        let trail = inside
            .iter()
            .rev()
            .take_while(|c| crate::model::span::is_edge_filler(**c))
            .count();
        Span::new(start + lead, end - trail)
    }

    /// The anchor of `span` (inside the text), as [`crate::model::Anchor::of`] makes it.
    pub fn anchor(&self, span: Span) -> Option<crate::model::Anchor> {
        (span.start <= span.end && span.end <= self.chars.len()).then(|| crate::model::Anchor {
            span,
            text: self.slice(span),
        })
    }

    /// The span `[start, end)` in chars, and whether it was given in UTF-16 units.
    pub fn resolve(
        &self,
        start: usize,
        end: usize,
        text: Option<&str>,
    ) -> Result<(Span, bool), super::SpanError> {
        let n = self.chars.len();
        let as_chars = (start <= end && end <= n).then(|| Span::new(start, end));
        let Some(expected) = text else {
            // Nothing to check against: code points, as the format says.
            return as_chars
                .map(|s| (s, false))
                .ok_or(super::SpanError::Outside {
                    start,
                    end,
                    chars: n,
                });
        };
        if let Some(span) = as_chars
            && self.slice(span) == expected
        {
            return Ok((span, false));
        }
        let char_at = |u: usize| self.utf16.binary_search(&u).ok();
        if let (Some(s), Some(e)) = (char_at(start), char_at(end))
            && s <= e
        {
            let span = Span::new(s, e);
            if self.slice(span) == expected {
                return Ok((span, true));
            }
        }
        Err(super::SpanError::NoMatch {
            start,
            end,
            expected: expected.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The per-document index trims and anchors exactly as the model's functions do.
        #[test]
        fn trims_and_anchors_as_the_model_does(
            text in "[ a\u{200c}بی\n«»]{0,40}",
            start in 0usize..45,
            len in 0usize..45,
        ) {
            let index = Offsets::new(&text);
            let span = Span::new(start, start + len);
            prop_assert_eq!(index.trimmed(span), crate::model::span::trimmed(&text, span));
            prop_assert_eq!(index.anchor(span), crate::model::Anchor::of(&text, span));
        }
    }
}
