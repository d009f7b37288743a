//! Turning the bytes of an article file into text, or saying exactly why not.

/// Why a file's bytes are not an article's text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("binary content (a NUL or control byte at byte {byte}): not a text file")]
    Binary { byte: usize },
    #[error(
        "line {line}: not valid UTF-8 at byte {byte} (save the file as UTF-8 and import it again)"
    )]
    InvalidUtf8 { byte: usize, line: usize },
    #[error("not valid UTF-16 at byte {byte} (an unpaired surrogate)")]
    InvalidUtf16 { byte: usize },
}

/// Decodes UTF-8 (with or without BOM) or UTF-16 with a BOM, and normalises line endings to LF.
/// The result is what the project stores and what every span counts in.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3)?,
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => utf8(bytes, 0)?,
    };
    if let Some(byte) = binary_at(&text) {
        return Err(DecodeError::Binary { byte });
    }
    let text = normalise_newlines(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

fn utf8(bytes: &[u8], offset: usize) -> Result<String, DecodeError> {
    // A NUL byte is valid UTF-8 but never in an article: report binary content before a
    // misleading "invalid UTF-8" further on.
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { byte: offset + at });
    }
    // simdutf8 checks a gigabyte of doccano lines in a tenth of std's time; std's error is
    // asked for only to say where the bad byte is.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            Err(DecodeError::InvalidUtf8 {
                byte: offset + at,
                line,
            })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = bytes
        .chunks(2)
        .map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
    let mut out = String::with_capacity(bytes.len());
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => return Err(DecodeError::InvalidUtf16 { byte: 2 + i * 2 }),
        }
    }
    Ok(out)
}

/// Byte offset of the first char that no article contains: NUL and C0 controls other than tab,
/// newline, carriage return and form feed.
///
/// Bytes, not chars, are looked at: in UTF-8 a byte below 0x20 is always a char of its own.
/// Blocks of 64 bytes with none are passed over whole (a doccano export is half a gigabyte,
/// and decoding its every char took a tenth of an import of annotations).
fn binary_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let binary = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let mut at = 0;
    for block in bytes.chunks(64) {
        if block.iter().fold(false, |any, &b| any | (b < 0x20))
            && let Some(i) = block.iter().position(|&b| binary(b))
        {
            return Some(at + i);
        }
        at += block.len();
    }
    None
}

/// CRLF and lone CR become LF, so a span means the same chars on every platform.
fn normalise_newlines(text: String) -> String {
    // memchr's search, not std's: an export is half a gigabyte.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Looking at bytes in blocks finds the same first control char as decoding chars.
        #[test]
        fn binary_bytes_are_found_where_chars_say(
            text in "[\\x00-\\x20a-z\u{600}-\u{6ff}\u{200c}]{0,300}",
        ) {
            let by_chars = text
                .char_indices()
                .find(|&(_, c)| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
                .map(|(b, _)| b);
            proptest::prop_assert_eq!(binary_at(&text), by_chars);
        }
    }

    #[test]
    fn utf8_with_and_without_bom_and_crlf() {
        assert_eq!(decode("سلام\r\nدنیا".as_bytes()), Ok("سلام\nدنیا".into()));
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("سلام".as_bytes());
        assert_eq!(decode(&with_bom), Ok("سلام".into()));
    }

    #[test]
    fn utf16_both_byte_orders() {
        let text = "لوکاشنکو گفت: «ما» 2023";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le), Ok(text.into()));
        assert_eq!(decode(&be), Ok(text.into()));
    }

    #[test]
    fn refusals_say_where() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n "), Err(DecodeError::Empty));
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
        let mut bad = "خط اول\nخط".as_bytes().to_vec();
        let at = bad.len();
        bad.extend_from_slice(&[0xD8, 0x41]);
        assert_eq!(
            decode(&bad),
            Err(DecodeError::InvalidUtf8 { byte: at, line: 2 })
        );
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(DecodeError::Binary { byte: 4 })
        );
        assert_eq!(decode(b"abc\x01def"), Err(DecodeError::Binary { byte: 3 }));
    }
}
