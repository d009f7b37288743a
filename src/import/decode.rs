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
    let (text, controls) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3)?,
        [0xFF, 0xFE, rest @ ..] => (utf16(rest, u16::from_le_bytes)?, None),
        [0xFE, 0xFF, rest @ ..] => (utf16(rest, u16::from_be_bytes)?, None),
        _ => utf8(bytes, 0)?,
    };
    let controls = controls.unwrap_or_else(|| Controls::of(text.as_bytes()));
    if let Some(byte) = controls.binary {
        return Err(DecodeError::Binary { byte });
    }
    let text = if controls.carriage_return {
        normalise_newlines(text)
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

/// [`decode`], borrowing the text where it lies when decoding would not change it (see
/// [`in_place`]): what an export of half a gigabyte is read as, instead of a copy beside
/// its bytes.
pub fn decode_borrowed(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, DecodeError> {
    Ok(match in_place(bytes)? {
        Some(text) => std::borrow::Cow::Borrowed(text),
        None => std::borrow::Cow::Owned(decode(bytes)?),
    })
}

/// The text of `bytes` where it lies, when [`decode`] would give it unchanged: UTF-8 (after
/// a BOM) without a carriage return, what doccano and Label Studio write. `None` when
/// decoding would change it (UTF-16, line endings to make LF): [`decode`] it. The same
/// errors as [`decode`]. A half-gigabyte export is then not copied beside its bytes.
pub fn in_place(bytes: &[u8]) -> Result<Option<&str>, DecodeError> {
    let (body, offset) = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => (rest, 3),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => return Ok(None),
        _ => (bytes, 0),
    };
    // As in `decode`, a NUL anywhere is reported before bad UTF-8 anywhere.
    if let Some(i) = memchr::memchr(0, body) {
        return Err(DecodeError::Binary { byte: offset + i });
    }
    let Ok(text) = simdutf8::basic::from_utf8(body) else {
        // Where and on which line: `decode` says it.
        return decode(bytes).map(|_| None);
    };
    let controls = Controls::of(body);
    if let Some(byte) = controls.binary {
        return Err(DecodeError::Binary { byte });
    }
    if controls.carriage_return {
        return Ok(None);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Some(text))
}

/// The UTF-8 text of `bytes`, and its control chars, in one pass over pieces of the bytes
/// small enough to stay in the cache: each piece is searched for NUL, checked as UTF-8,
/// searched for control chars and copied while it is there. A doccano export is half a
/// gigabyte, and five passes over it from memory, one after the other, took a second.
fn utf8(bytes: &[u8], offset: usize) -> Result<(String, Option<Controls>), DecodeError> {
    const PIECE: usize = 1 << 16;
    let mut out = String::with_capacity(bytes.len());
    let mut controls = Controls::default();
    let mut valid = true;
    let mut at = 0;
    while at < bytes.len() {
        let mut end = (at + PIECE).min(bytes.len());
        // Pieces end before a char's first byte, so that each is whole chars (a char is at
        // most four bytes; if it goes on longer the text is not UTF-8 anyway).
        for _ in 0..3 {
            if end < bytes.len() && bytes[end] & 0xC0 == 0x80 {
                end -= 1;
            }
        }
        let piece = &bytes[at..end];
        // A NUL byte is valid UTF-8 but never in an article: binary content is reported
        // before a misleading "invalid UTF-8" anywhere in the file.
        if let Some(i) = memchr::memchr(0, piece) {
            return Err(DecodeError::Binary {
                byte: offset + at + i,
            });
        }
        if valid {
            // simdutf8 checks a gigabyte of doccano lines in a tenth of std's time; std's
            // error is asked for only to say where the bad byte is.
            match simdutf8::basic::from_utf8(piece) {
                Ok(text) => {
                    controls.add(Controls::of(piece), at);
                    out.push_str(text);
                }
                Err(_) => valid = false,
            }
        }
        at = end;
    }
    if valid {
        return Ok((out, Some(controls)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), None)),
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

/// The control chars of a text that matter: the first that no article contains (NUL and C0
/// controls other than tab, newline, carriage return and form feed), by byte offset, and
/// whether there is a carriage return to make a newline of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Controls {
    binary: Option<usize>,
    carriage_return: bool,
}

impl Controls {
    /// Bytes, not chars, are looked at: in UTF-8 a byte below 0x20 is always a char of its
    /// own. Blocks of 64 bytes with none are passed over whole (decoding every char of a
    /// half-gigabyte doccano export took a tenth of an import of annotations).
    fn of(bytes: &[u8]) -> Self {
        let binary = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
        let mut found = Self::default();
        let mut at = 0;
        for block in bytes.chunks(64) {
            if block.iter().fold(false, |any, &b| any | (b < 0x20)) {
                found.carriage_return |= block.contains(&b'\r');
                if let Some(i) = block.iter().position(|&b| binary(b)) {
                    found.binary = Some(at + i);
                    return found;
                }
            }
            at += block.len();
        }
        found
    }

    /// Adds what was found in the piece that starts `at` bytes after the pieces before.
    fn add(&mut self, piece: Controls, at: usize) {
        self.binary = self.binary.or(piece.binary.map(|b| at + b));
        self.carriage_return |= piece.carriage_return;
    }
}

/// CRLF and lone CR become LF, so a span means the same chars on every platform.
fn normalise_newlines(text: String) -> String {
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
            proptest::prop_assert_eq!(Controls::of(text.as_bytes()).binary, by_chars);
        }

        /// Text taken where it lies is the decoded text, and the errors are decode's: BOMs,
        /// UTF-16, NUL, controls, carriage returns, bad bytes, blanks. `None` only where
        /// decoding changes the bytes.
        #[test]
        fn text_in_place_is_the_decoded_text(
            head in proptest::sample::select(vec![
                vec![], vec![0xEF, 0xBB, 0xBF], vec![0xFF, 0xFE], vec![0xFE, 0xFF],
            ]),
            text in "[\\x00-\\x20a-z \u{600}-\u{6ff}\u{200c}]{0,200}",
            bad in proptest::option::of((0usize..200, proptest::sample::select(vec![0x80u8, 0xC3, 0xFF, 0x00]))),
        ) {
            let mut bytes = head;
            bytes.extend_from_slice(text.as_bytes());
            if let Some((at, b)) = bad {
                let at = at.min(bytes.len());
                bytes.insert(at, b);
            }
            match (in_place(&bytes), decode(&bytes)) {
                (Ok(Some(text)), Ok(decoded)) => proptest::prop_assert_eq!(text, decoded),
                // UTF-16 is left to `decode`, which may refuse it; UTF-8 only for its CRs.
                (Ok(None), decoded) => proptest::prop_assert!(
                    bytes.starts_with(&[0xFF, 0xFE])
                        || bytes.starts_with(&[0xFE, 0xFF])
                        || (decoded.is_ok() && bytes.contains(&b'\r')),
                    "{decoded:?}"
                ),
                (Err(e), decoded) => proptest::prop_assert_eq!(Err(e), decoded),
                (Ok(Some(_)), Err(e)) => proptest::prop_assert!(false, "decode refused: {e}"),
            }
        }
    }

    #[test]
    fn utf8_with_and_without_bom_and_crlf() {
        assert_eq!(decode("سلام\r\nدنیا".as_bytes()), Ok("سلام\nدنیا".into()));
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("سلام".as_bytes());
        assert_eq!(decode(&with_bom), Ok("سلام".into()));
    }

    /// A text longer than the pieces it is checked in: chars cut by a piece's end, and what
    /// is found in a later piece, give what they give in a short text.
    #[test]
    fn a_long_text_decodes_as_a_short_one() {
        // Nine bytes a word: piece ends fall inside two-byte chars.
        let long = "سلام ".repeat(30_000);
        assert_eq!(decode(long.as_bytes()), Ok(long.clone()));
        assert_eq!(
            decode(format!("{long}\r\nب").as_bytes()),
            Ok(format!("{long}\nب"))
        );
        let control = format!("{long}\x01");
        assert_eq!(
            decode(control.as_bytes()),
            Err(DecodeError::Binary { byte: long.len() })
        );
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(control.as_bytes());
        assert_eq!(
            decode(&with_bom),
            Err(DecodeError::Binary { byte: long.len() })
        );
        // Not UTF-8 in the first piece, a NUL in the last: the NUL is what is said.
        let mut bad = long.clone().into_bytes();
        bad[10] = 0xFF;
        bad.push(0);
        assert_eq!(decode(&bad), Err(DecodeError::Binary { byte: long.len() }));
        bad.pop();
        assert_eq!(
            decode(&bad),
            Err(DecodeError::InvalidUtf8 { byte: 9, line: 1 })
        );
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
