//! Words and punctuation of an article, with char offsets and folded forms. The suggester
//! matches cues and names on folded words (`model::search::fold`), so ی/ي, ک/ك, hamza seats,
//! ZWNJ and digit forms never matter; offsets stay those of the verbatim text.

use crate::model::search::fold;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// One punctuation char: «, », :, ،, ., ", and so on.
    Punct(char),
    /// A line break: paragraphs never share a quote.
    Break,
}

#[derive(Clone, Debug)]
pub struct Token {
    /// Char offsets `[start, end)` in the article.
    pub start: usize,
    pub end: usize,
    /// The folded word (empty for punctuation and breaks).
    pub folded: String,
    pub kind: Kind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    /// Whether the token is any of the folded words `words`.
    pub fn is_any(&self, words: &[&str]) -> bool {
        self.is_word() && words.contains(&self.folded.as_str())
    }
    /// Ends a sentence: a full stop, question or exclamation mark, or a line break.
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, Kind::Break | Kind::Punct('.' | '!' | '?' | '؟'))
    }
}

/// Chars that belong to a word: letters, digits, Arabic marks, ZWNJ and ZWJ (inside Persian
/// words such as «می‌گوید»).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}'
        )
        || matches!(c, '\u{06D6}'..='\u{06ED}')
}

/// The tokens of `text`. A full stop or comma between two digits stays inside the number
/// («2.5», «1,000»); ZWNJ at a word's edge is not part of it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len() / 5);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            out.push(Token {
                start: i,
                end: i + 1,
                folded: String::new(),
                kind: Kind::Break,
            });
            i += 1;
        } else if is_word_char(c) && !matches!(c, '\u{200C}' | '\u{200D}') {
            let start = i;
            while i < chars.len() {
                let c = chars[i];
                let inner_number_mark = matches!(c, '.' | ',' | '٫' | '٬' | '/')
                    && i > start
                    && chars[i - 1].is_numeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_numeric());
                if is_word_char(c) || inner_number_mark {
                    i += 1;
                } else {
                    break;
                }
            }
            // A ZWNJ or ZWJ at the end belongs to no word.
            let mut end = i;
            while end > start && matches!(chars[end - 1], '\u{200C}' | '\u{200D}') {
                end -= 1;
            }
            let word: String = chars[start..end].iter().collect();
            out.push(Token {
                start,
                end,
                folded: fold(&word),
                kind: Kind::Word,
            });
        } else if c.is_whitespace() || crate::model::span::is_edge_filler(c) {
            i += 1;
        } else {
            out.push(Token {
                start: i,
                end: i + 1,
                folded: String::new(),
                kind: Kind::Punct(c),
            });
            i += 1;
        }
    }
    out
}

/// The longest run of words from `at` (at most `max` words, never across punctuation) whose
/// folded forms, joined without spaces, `accept` takes: how a cue or a name written with a
/// space, a ZWNJ or nothing between its parts («می گوید», «می‌گوید», «میگوید») is found with
/// one lookup per length. Returns the number of words and what `accept` gave.
pub fn longest_phrase<'a, T>(
    tokens: &[Token],
    at: usize,
    max: usize,
    mut accept: impl FnMut(&str) -> Option<&'a T>,
) -> Option<(usize, &'a T)> {
    let mut joined = String::new();
    let mut ends = Vec::with_capacity(max);
    for t in tokens[at..].iter().take(max) {
        if !t.is_word() {
            break;
        }
        joined.push_str(&t.folded);
        ends.push(joined.len());
    }
    for (n, &len) in ends.iter().enumerate().rev() {
        if let Some(found) = accept(&joined[..len]) {
            return Some((n + 1, found));
        }
    }
    None
}
