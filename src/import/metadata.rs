//! What an article says about itself: title, date, source and language.

use crate::model::Language;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub date: Option<Date>,
    pub source: String,
    pub language: Language,
}

/// Reads the metadata of an article text. A first line such as ` date 2025-08-20 En` is a
/// header: it gives the date and is not the title.
pub fn read(text: &str) -> Metadata {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    let header_date = lines.peek().and_then(|l| header_date(l));
    if header_date.is_some() {
        lines.next();
    }
    // A first line longer than this is a paragraph, not a title: keep its beginning.
    let title = lines
        .next()
        .map(|l| crate::model::shorten(l, 200))
        .unwrap_or_default();
    let head: Vec<&str> = text.lines().take(12).collect();
    let date = header_date.or_else(|| head.iter().find_map(|l| jalali_date_in(l)));
    let source = head.iter().find_map(|l| source_in(l)).unwrap_or_default();
    Metadata {
        title,
        date,
        source,
        language: detect_language(text),
    }
}

/// ` date 2025-08-20 En` → 2025-08-20.
fn header_date(line: &str) -> Option<Date> {
    let mut words = line.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("date") {
        return None;
    }
    words.next()?.parse().ok()
}

/// «خبرگزاری میزان - …» at the start of a paragraph names the source.
fn source_in(line: &str) -> Option<String> {
    let line = line.trim();
    if !line.starts_with("خبرگزاری") {
        return None;
    }
    let (source, _) = line.split_once(" - ")?;
    (source.chars().count() <= 40).then(|| source.trim().to_owned())
}

/// Persian and Arabic letters that only one of the two languages uses, counted to tell them
/// apart: پ چ ژ گ ک ی are Persian; ي ك ة are Arabic (ة is also used in Persian loanwords,
/// but rarely).
pub fn detect_language(text: &str) -> Language {
    let (mut persian, mut arabic, mut arabic_script) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => persian += 1,
            'ي' | 'ك' | 'ة' => arabic += 1,
            _ => {}
        }
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            arabic_script += 1;
        }
    }
    if arabic_script == 0 {
        Language::Other
    } else if persian >= arabic {
        Language::Persian
    } else {
        Language::Arabic
    }
}

const JALALI_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

/// The first full Jalali date in `line`, «۲۹ مرداد ۱۴۰۴» (digits in any script, «ماه» after
/// the month allowed), converted to the Gregorian calendar.
fn jalali_date_in(line: &str) -> Option<Date> {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let day = parse_number(w[0])?;
        let month_word = w[1].strip_suffix("ماه").unwrap_or(w[1]);
        let month = JALALI_MONTHS.iter().position(|m| *m == month_word)? as i32 + 1;
        let year = parse_number(w[2].trim_end_matches(['،', ',', '.']))?;
        if !(1..=31).contains(&day) || !(1200..=1600).contains(&year) {
            return None;
        }
        jalali_to_gregorian(year, month, day)
    })
}

/// A date as a column or a page's metadata gives it: ISO (`2025-08-20`, also with a time after
/// it), `2025/08/20`, `20/08/2025`, a Jalali date as in the text («۲۹ مرداد ۱۴۰۴», or
/// `1404/05/29`), or `August 2, 2023` / `2 August 2023`; digits in any script.
pub fn parse_date(value: &str) -> Option<Date> {
    let ascii: String = value
        .trim()
        .chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            _ => c,
        })
        .collect();
    if let Some(d) = jalali_date_in(value) {
        return Some(d);
    }
    // Year, month, day in digits, separated by - / or .
    let numbers: Vec<i32> = ascii
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .take(3)
        .filter_map(|w| w.parse().ok())
        .collect();
    let numeric_start = ascii.chars().next().is_some_and(|c| c.is_ascii_digit());
    if numbers.len() == 3 && numeric_start {
        let (a, b, c) = (numbers[0], numbers[1], numbers[2]);
        if (1200..=1600).contains(&a) {
            return jalali_to_gregorian(a, b, c);
        }
        if (1800..=2200).contains(&a) {
            return Date::new(a as i16, b as i8, c as i8).ok();
        }
        if (1800..=2200).contains(&c) && a <= 31 && b <= 12 {
            return Date::new(c as i16, b as i8, a as i8).ok();
        }
    }
    english_date(&ascii)
}

const ENGLISH_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `August 2, 2023`, `2 Aug 2023`.
fn english_date(s: &str) -> Option<Date> {
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let month_of = |w: &str| {
        let w = w.get(..3)?;
        ENGLISH_MONTHS
            .iter()
            .position(|m| *m == w)
            .map(|i| i as i8 + 1)
    };
    words.windows(3).find_map(|w| {
        let (month, day, year) = if let Some(m) = month_of(&w[0]) {
            (m, w[1].parse::<i8>().ok()?, w[2].parse::<i16>().ok()?)
        } else {
            (
                month_of(&w[1])?,
                w[0].parse::<i8>().ok()?,
                w[2].parse::<i16>().ok()?,
            )
        };
        Date::new(year, month, day).ok()
    })
}

/// A number written in Western, Persian (۰–۹) or Arabic-Indic (٠–٩) digits.
fn parse_number(word: &str) -> Option<i32> {
    if word.is_empty() || word.chars().count() > 4 {
        return None;
    }
    word.chars().try_fold(0i32, |n, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '۰'..='۹' => c as u32 - '۰' as u32,
            '٠'..='٩' => c as u32 - '٠' as u32,
            _ => return None,
        };
        Some(n * 10 + d as i32)
    })
}

/// Converts a date of the Solar Hijri (Jalali) calendar to the Gregorian calendar.
///
/// Counts days with the 33-year arithmetic leap cycle, which agrees with the astronomical
/// calendar for the years of modern news (1178–1633 SH); then reads the Gregorian date off the
/// day count. Returns `None` for a day that does not exist.
pub fn jalali_to_gregorian(jy: i32, jm: i32, jd: i32) -> Option<Date> {
    if !(1..=12).contains(&jm) || jd < 1 || jd > if jm <= 6 { 31 } else { 30 } {
        return None;
    }
    // Days from 1 Farvardin 1 SH (19 March 622) to the given date, with the 33-year cycle's
    // eight leap years, then added to the Gregorian date of that epoch.
    let y = jy - 1;
    let leap_days = (y / 33) * 8 + ((y % 33) + 3) / 4;
    let month_days = if jm <= 7 {
        (jm - 1) * 31
    } else {
        186 + (jm - 7) * 30
    };
    let days = 365 * y + leap_days + month_days + (jd - 1);
    // The count is anchored on a known day (1 Farvardin 1403 = 20 March 2024) so the result does
    // not depend on proleptic calendars far in the past.
    const ANCHOR_YEAR: i32 = 1403;
    let anchor_days = {
        let y = ANCHOR_YEAR - 1;
        365 * y + (y / 33) * 8 + ((y % 33) + 3) / 4
    };
    let anchor = Date::new(2024, 3, 20).ok()?;
    anchor
        .checked_add(jiff::Span::new().days(i64::from(days - anchor_days)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_columns() {
        for (text, want) in [
            ("2025-08-20", date(2025, 8, 20)),
            ("2025-08-20T10:55:00Z", date(2025, 8, 20)),
            ("۲۰۲۵/۰۸/۲۰", date(2025, 8, 20)),
            ("20/08/2025", date(2025, 8, 20)),
            ("۲۹ مرداد ۱۴۰۴", date(2025, 8, 20)),
            ("1404/05/29", date(2025, 8, 20)),
            ("August 2, 2023", date(2023, 8, 2)),
            ("2 Aug 2023", date(2023, 8, 2)),
            ("yesterday", None),
        ] {
            assert_eq!(parse_date(text), want, "{text}");
        }
    }

    fn date(y: i16, m: i8, d: i8) -> Option<Date> {
        Date::new(y, m, d).ok()
    }

    #[test]
    fn jalali_dates_of_the_corpus_and_known_new_years() {
        // Article 001 prints both: «۲۹ مرداد ۱۴۰۴ - ۱۰:۵۵ 20 August 2025».
        assert_eq!(jalali_to_gregorian(1404, 5, 29), date(2025, 8, 20));
        // Nowruz of recent years (1 Farvardin).
        assert_eq!(jalali_to_gregorian(1399, 1, 1), date(2020, 3, 20));
        assert_eq!(jalali_to_gregorian(1400, 1, 1), date(2021, 3, 21));
        assert_eq!(jalali_to_gregorian(1402, 1, 1), date(2023, 3, 21));
        assert_eq!(jalali_to_gregorian(1404, 1, 1), date(2025, 3, 21));
        // Last day of a leap year (1403 has 30 Esfand) and the day after.
        assert_eq!(jalali_to_gregorian(1403, 12, 30), date(2025, 3, 20));
        assert_eq!(jalali_to_gregorian(1403, 7, 1), date(2024, 9, 22));
        assert_eq!(jalali_to_gregorian(1403, 13, 1), None);
        assert_eq!(jalali_to_gregorian(1403, 7, 31), None);
    }

    #[test]
    fn header_line_is_metadata_not_title() {
        let m = read(" date 2025-08-20 En\nمذاکرات خصوصی\n\nمتن");
        assert_eq!(m.title, "مذاکرات خصوصی");
        assert_eq!(m.date, date(2025, 8, 20));
        assert_eq!(m.language, Language::Persian);
    }

    #[test]
    fn date_and_source_from_the_text() {
        let m = read("عنوان\nخبرگزاری میزان - الکساندر لوکاشنکو گفت\n۲۹ مرداد ۱۴۰۴ - ۱۰:۵۵");
        assert_eq!(m.title, "عنوان");
        assert_eq!(m.source, "خبرگزاری میزان");
        assert_eq!(m.date, date(2025, 8, 20));
    }

    #[test]
    fn languages() {
        assert_eq!(
            detect_language("قال الرئيس البيلاروسي إن بلاده"),
            Language::Arabic
        );
        assert_eq!(detect_language("رئیس‌جمهور بلاروس گفت که"), Language::Persian);
        assert_eq!(detect_language("Lukashenko said"), Language::Other);
    }
}
