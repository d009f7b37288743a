//! Words and punctuation of an article, with char offsets and folded forms. The suggester
//! matches cues and names on folded words (`model::search::fold_char`), so ی/ي, ک/ك, hamza
//! seats, ZWNJ and digit forms never matter; offsets stay those of the verbatim text.
//!
//! The folded words are kept back to back in one string, so that a run of words reads as one
//! slice of it, joined without spaces: how a cue or a name written with a space, a ZWNJ or
//! nothing between its parts («می گوید», «می‌گوید», «میگوید») is found with one lookup per
//! length and no copying.

use crate::model::search::fold_char;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// One punctuation char: «, », :, ،, ., ", and so on.
    Punct(char),
    /// A line break: paragraphs never share a quote.
    Break,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// Char offsets `[start, end)` in the article.
    pub start: usize,
    pub end: usize,
    /// The folded word's bytes in [`Tokens::folded`] (empty for punctuation and breaks).
    fold: (u32, u32),
    pub kind: Kind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    /// Ends a sentence: a full stop, question or exclamation mark, or a line break.
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, Kind::Break | Kind::Punct('.' | '!' | '?' | '؟'))
    }
}

/// The tokens of a text and their folded words.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub list: Vec<Token>,
    folded: String,
}

impl Tokens {
    /// Token `i`'s folded word ("" for punctuation, breaks and past the end).
    pub fn word(&self, i: usize) -> &str {
        self.list
            .get(i)
            .map_or("", |t| &self.folded[t.fold.0 as usize..t.fold.1 as usize])
    }

    /// Words `[at, at + n)` joined without spaces, if they are all words.
    pub fn joined(&self, at: usize, n: usize) -> Option<&str> {
        let run = self.list.get(at..at + n)?;
        if n == 0 || !run.iter().all(Token::is_word) {
            return None;
        }
        Some(&self.folded[run[0].fold.0 as usize..run[n - 1].fold.1 as usize])
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
pub fn tokenize(text: &str) -> Tokens {
    let chars: Vec<char> = text.chars().collect();
    let mut list = Vec::with_capacity(chars.len() / 5);
    let mut folded = String::with_capacity(text.len());
    let mut i = 0;
    let empty = (0, 0);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            list.push(Token {
                start: i,
                end: i + 1,
                fold: empty,
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
            let from = folded.len() as u32;
            folded.extend(chars[start..end].iter().filter_map(|&c| fold_char(c)));
            list.push(Token {
                start,
                end,
                fold: (from, folded.len() as u32),
                kind: Kind::Word,
            });
        } else if c.is_whitespace() || crate::model::span::is_edge_filler(c) {
            i += 1;
        } else {
            list.push(Token {
                start: i,
                end: i + 1,
                fold: empty,
                kind: Kind::Punct(c),
            });
            i += 1;
        }
    }
    Tokens { list, folded }
}

/// The longest run of words from `at` (at most `max` words, never across punctuation) whose
/// folded forms, joined without spaces, `accept` takes. `first` says whether a phrase may
/// start with a word at all (most words start no cue and no name: one lookup, not `max`).
/// Returns the number of words and what `accept` gave.
pub fn longest_phrase<'a, T>(
    tokens: &Tokens,
    at: usize,
    max: usize,
    first: impl Fn(&str) -> bool,
    mut accept: impl FnMut(&str) -> Option<&'a T>,
) -> Option<(usize, &'a T)> {
    if !tokens.list.get(at).is_some_and(Token::is_word) || !first(tokens.word(at)) {
        return None;
    }
    let longest = (0..max)
        .take_while(|&k| tokens.list.get(at + k).is_some_and(Token::is_word))
        .count();
    for n in (1..=longest).rev() {
        if let Some(found) = tokens.joined(at, n).and_then(&mut accept) {
            return Some((n, found));
        }
    }
    None
}
