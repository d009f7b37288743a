//! Word boundaries for selections: a drag that starts or ends inside a word takes the whole
//! word, as annotation tools that anchor to tokens do, so a coder never cuts «روسیه» to «ه
//! روسیه» by a pixel. Letters, digits, marks, tatweel and the joiners ZWNJ/ZWJ are word chars,
//! so «می‌خواهم» is one word; punctuation such as «» and brackets is not.

use std::ops::Range;

/// Whether `c` belongs to a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}' | '_' | '@' | '\'')
        || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}'
        | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// `range` widened so that neither end falls inside a word. An empty range stays empty.
pub fn snap_to_words(chars: &[char], range: Range<usize>) -> Range<usize> {
    if range.is_empty() {
        return range;
    }
    let word = |i: usize| chars.get(i).copied().is_some_and(is_word_char);
    let mut start = range.start.min(chars.len());
    let mut end = range.end.min(chars.len());
    // The start is inside a word when the chars on both sides of it are word chars.
    while start > 0 && word(start - 1) && word(start) {
        start -= 1;
    }
    while end < chars.len() && end > 0 && word(end - 1) && word(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str, from: usize, to: usize) -> String {
        let chars: Vec<char> = text.chars().collect();
        let r = snap_to_words(&chars, from..to);
        chars[r].iter().collect()
    }

    #[test]
    fn ends_inside_words_take_the_whole_words() {
        let t = "به روسیه سفر کرده بود";
        // From inside «روسیه» to inside «کرده».
        assert_eq!(snap(t, 4, 15), "روسیه سفر کرده");
        // Ends on word boundaries stay where they are.
        assert_eq!(snap(t, 3, 12), "روسیه سفر");
    }

    #[test]
    fn zwnj_words_are_one_word_and_punctuation_stays_out() {
        let t = "او گفت: «می‌خواهم بروم»";
        let inside = t.chars().position(|c| c == 'خ').unwrap_or(0);
        assert_eq!(snap(t, inside, inside + 1), "می‌خواهم");
        let open = t.chars().position(|c| c == '«').unwrap_or(0);
        assert_eq!(snap(t, open, open + 3), "«می‌خواهم");
        assert_eq!(snap(t, 0, 0), "");
    }

    #[test]
    fn latin_handles_and_dates() {
        let t = "(@KayhanLondon) August 2, 2023";
        assert_eq!(snap(t, 4, 18), "@KayhanLondon) August");
    }
}
