//! Matching that ignores what a coder does not see or care about in Persian and Arabic text:
//! Arabic and Persian forms of yeh and kaf (ي ى / ی, ك / ک), teh marbuta and heh (ة / ه), hamza
//! seats on alef (أ إ آ ٱ / ا) and on waw and yeh (ؤ / و, ئ / ی), tatweel, diacritics, ZWNJ
//! against a space against nothing (می‌خواهم, می خواهم, میخواهم), Persian, Arabic-Indic and
//! Western digits, and Latin case.
//!
//! Stored text is never altered: a [`Folded`] text keeps, for each folded char, the offset of
//! the original char it came from, so a hit maps back to a span of the verbatim text.

use std::ops::Range;

/// The folded form of one char: `None` when the char is ignored (marks, tatweel, joiners,
/// spaces), else the char it is compared as.
pub fn fold_char(c: char) -> Option<char> {
    // Fast path for ASCII, most of what a Latin word, a URL or a date is made of.
    if c.is_ascii() {
        return (!(c.is_ascii_whitespace() || c == '\x0B')).then(|| c.to_ascii_lowercase());
    }
    Some(match c {
        // Yeh: Arabic yeh, alef maksura and Farsi yeh; yeh with hamza above.
        'ي' | 'ى' | 'ی' | 'ئ' => 'ی',
        // Kaf: Arabic kaf, keheh.
        'ك' | 'ک' => 'ک',
        'ة' | 'ۀ' | 'ه' => 'ه',
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ا' => 'ا',
        'ؤ' => 'و',
        // Tatweel, harakat, superscript alef, Quranic marks, hamza above/below.
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => {
            return None;
        }
        // ZWNJ, ZWJ, bidi controls and every kind of space: «می‌خواهم» = «می خواهم» = «میخواهم».
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {
            return None;
        }
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        // The rest of the Arabic block has neither case nor spaces: skip the Unicode tables.
        '\u{0600}'..='\u{06FF}' => c,
        c if c.is_whitespace() => return None,
        c if c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        c => c,
    })
}

/// The folded form of a string, for comparing names (speaker type-ahead).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// Appends the folded form of `s` to `out` (indexes that fold millions of texts into one
/// buffer, and the review table's free text, which folds every quote for each new word).
/// The same as folding char by char, at a few times its speed: ASCII and the Arabic block
/// (two-byte chars) go through tables, the rest through [`fold_char`].
pub fn fold_into(out: &mut String, s: &str) {
    let tables = tables();
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if let Some(f) = tables.ascii[b as usize] {
                out.push(f as char);
            }
            i += 1;
        } else if (0xD8..=0xDB).contains(&b) {
            // U+0600..U+06FF: lead byte 0xD8..0xDB and one continuation byte (a `&str`'s
            // UTF-8 is valid, so the continuation is there).
            let at = ((b as usize & 0x03) << 6) | (bytes[i + 1] as usize & 0x3F);
            if let Some(f) = tables.arabic[at] {
                out.push(f);
            }
            i += 2;
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            if let Some(f) = fold_char(c) {
                out.push(f);
            }
            i += c.len_utf8();
        }
    }
}

/// [`fold_char`] for ASCII and for U+0600..U+06FF, computed once from it.
struct FoldTables {
    ascii: [Option<u8>; 128],
    arabic: [Option<char>; 256],
}

fn tables() -> &'static FoldTables {
    static TABLES: std::sync::OnceLock<FoldTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| FoldTables {
        ascii: std::array::from_fn(|b| fold_char(b as u8 as char).map(|f| f as u8)),
        arabic: std::array::from_fn(|at| char::from_u32(0x600 + at as u32).and_then(fold_char)),
    })
}

/// A text in folded form, with the way back to the original's char offsets.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    chars: Vec<char>,
    /// `origin[i]` is the char offset in the original text of folded char `i`.
    origin: Vec<u32>,
    /// For each original char, whether it is a mark that belongs to the letter before it
    /// (harakat, tatweel): a hit ending on that letter takes its marks along.
    mark: Vec<bool>,
}

/// Ignored chars that belong to the letter before them (not spaces or joiners).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

impl Folded {
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len() / 2);
        let mut origin = Vec::with_capacity(text.len() / 2);
        let mut mark = Vec::with_capacity(text.len() / 2);
        for (i, c) in text.chars().enumerate() {
            if let Some(f) = fold_char(c) {
                chars.push(f);
                origin.push(i as u32);
            }
            mark.push(is_mark(c));
        }
        Self {
            chars,
            origin,
            mark,
        }
    }

    /// Every place `query` occurs, as char ranges of the original text, in order. A range runs
    /// from the first matched char to just after the last one and the marks on it, so the
    /// ignored chars inside (a ZWNJ, a diacritic) are part of it and spaces around it are not.
    pub fn find_all(&self, query: &str) -> Vec<Range<usize>> {
        let needle: Vec<char> = query.chars().filter_map(fold_char).collect();
        let mut out = Vec::new();
        if needle.is_empty() || needle.len() > self.chars.len() {
            return out;
        }
        let mut i = 0;
        while i + needle.len() <= self.chars.len() {
            if self.chars[i] == needle[0] && self.chars[i..i + needle.len()] == needle[..] {
                let last = i + needle.len() - 1;
                let start = self.origin[i] as usize;
                let mut end = self.origin[last] as usize + 1;
                while self.mark.get(end).copied().unwrap_or(false) {
                    end += 1;
                }
                out.push(start..end);
                i += needle.len();
            } else {
                i += 1;
            }
        }
        out
    }
}

/// Whether `name` matches what a coder typed: the folded query occurs in the folded name.
/// Ranked: 0 for a name that starts with the query, 1 for one that contains it.
pub fn name_match(name: &str, folded_query: &str) -> Option<u8> {
    if folded_query.is_empty() {
        return Some(1);
    }
    let folded = fold(name);
    if folded.starts_with(folded_query) {
        Some(0)
    } else if folded.contains(folded_query) {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The table-driven fold is the char-by-char fold, for ASCII, the Arabic block and
        /// the rest (Latin with case, joiners, spaces, emoji).
        #[test]
        fn fold_into_is_folding_each_char(
            s in "[\\x00-\\x7F\\t\\n.@\\u{0600}-\\u{06FF}\\u{0750}-\\u{077F}\\u{200B}-\\u{200F}\\u{00C0}-\\u{024F}\\u{1F600}]{0,60}"
        ) {
            let mut fast = String::new();
            fold_into(&mut fast, &s);
            let slow: String = s.chars().filter_map(fold_char).collect();
            prop_assert_eq!(fast, slow);
        }
    }

    fn hits(text: &str, query: &str) -> Vec<String> {
        Folded::new(text)
            .find_all(query)
            .into_iter()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect())
            .collect()
    }

    #[test]
    fn arabic_letters_find_persian_ones_and_back() {
        assert_eq!(hits("رئیس‌جمهور بلاروس", "رئيس"), vec!["رئیس"]);
        assert_eq!(hits("رئيس الجمهورية", "رئیس"), vec!["رئيس"]);
        assert_eq!(hits("لوكاشينكو قال", "لوکاشینکو"), vec!["لوكاشينكو"]);
        assert_eq!(hits("الجمهورية الإسلامية", "جمهوریه"), vec!["جمهورية"]);
    }

    #[test]
    fn zwnj_space_and_nothing_are_the_same() {
        assert_eq!(hits("من می‌خواهم بروم", "میخواهم"), vec!["می‌خواهم"]);
        assert_eq!(hits("من می خواهم بروم", "می‌خواهم"), vec!["می خواهم"]);
        assert_eq!(hits("من میخواهم بروم", "می خواهم"), vec!["میخواهم"]);
    }

    #[test]
    fn digits_diacritics_tatweel_and_case_are_ignored() {
        assert_eq!(hits("سال ۱۴۰۱ و 2023", "1401"), vec!["۱۴۰۱"]);
        assert_eq!(hits("عام ٢٠٢٣", "۲۰۲۳"), vec!["٢٠٢٣"]);
        assert_eq!(hits("قَالَ الرئيس", "قال"), vec!["قَالَ"]);
        assert_eq!(hits("كـــتاب", "کتاب"), vec!["كـــتاب"]);
        assert_eq!(
            hits("(@KayhanLondon) August", "kayhanlondon"),
            vec!["KayhanLondon"]
        );
    }

    #[test]
    fn hits_map_to_the_verbatim_offsets() {
        let text = "«ما می‌خواهیم» گفت، و ما می‌خواهیم.";
        let f = Folded::new(text);
        let found = f.find_all("میخواهیم");
        assert_eq!(found.len(), 2);
        for r in found {
            let s: String = text.chars().skip(r.start).take(r.len()).collect();
            assert_eq!(s, "می‌خواهیم");
        }
        assert!(f.find_all("").is_empty());
        assert!(f.find_all("\u{200c} ").is_empty());
    }

    #[test]
    fn names_rank_prefixes_first() {
        assert_eq!(name_match("الکساندر لوکاشنکو", &fold("لوكاشنكو")), Some(1));
        assert_eq!(name_match("Lukashenko", &fold("luka")), Some(0));
        assert_eq!(name_match("Raisi", &fold("luka")), None);
    }
}
