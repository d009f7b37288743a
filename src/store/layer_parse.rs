//! Reads a layer file that is in canonical form (exactly what [`super::layer_text`] writes) ten
//! times faster than ron, and declines anything else.
//!
//! Why: opening a project of 200,000 quotes parses 125 MB of layers; ron manages about 100 MB/s.
//! Any file this parser does not recognise byte for byte (hand-edited, other whitespace, a
//! comment, an older format) returns `None` and goes to ron, which reads the full grammar and
//! places errors at a line and column. A property test checks that both readers agree.

use crate::model::{
    Anchor, DocumentId, Layer, PersonId, Quote, QuoteId, QuoteKind, Review, Span, SpeakerId,
    TopicId, Verdict,
};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

/// The layer in `text`, if `text` is in canonical form; `None` means "ask ron".
pub fn parse_canonical(text: &str) -> Option<Layer> {
    parse_canonical_on(text.as_bytes(), 1)
}

/// [`parse_canonical`] of a file's bytes, the quotes parsed on `threads` threads side by
/// side: a big project's layer is hundreds of megabytes, and is read one at a time on every
/// core rather than several at once (each held whole meanwhile).
///
/// The bytes need not have been checked as UTF-8: outside its strings a canonical file is
/// ASCII the parser matches byte for byte, and each string is checked as it is read. So a
/// layer is checked on every core, in pieces small enough to be in the cache, instead of
/// once whole on one core before parsing (a fifth of reading a big layer). Bytes that are
/// not UTF-8 give `None`, and the reader that follows says where.
pub fn parse_canonical_on(text: &[u8], threads: usize) -> Option<Layer> {
    let mut p = Parser::new(text);
    p.lit("(\n  format_version: ")?;
    let version = p.uint()?;
    if version == 0 || version > super::format::CURRENT as usize {
        return None;
    }
    p.lit(",\n  person: ")?;
    let person = PersonId(p.shared_id()?);
    p.lit(",\n  quotes: ")?;
    let quotes = if threads < 2 {
        p.list(|p| p.quote())?
    } else {
        p.quotes_on(threads)?
    };
    p.lit("  reviews: ")?;
    let reviews = p.list(|p| p.review())?;
    p.lit(")\n")?;
    (p.i == text.len()).then_some(Layer {
        format_version: version as u32,
        person,
        quotes,
        reviews,
    })
}

/// [`parse_canonical_on`] of a file read a piece at a time: the quotes of each piece are
/// parsed on `threads` threads into the layer's one list, and no more than a piece (and
/// the reviews after the quotes) is held, instead of the whole file (250 MB for a layer
/// of 500,000 quotes, held beside every layer read before it). `read(buf)` appends the
/// file's next bytes to `buf` (up to its spare capacity) and gives how many (0 at the end);
/// `seen(bytes)` is given every byte read, in order, once.
pub fn parse_canonical_in_pieces(
    read: &mut dyn FnMut(&mut Vec<u8>) -> std::io::Result<usize>,
    seen: &mut dyn FnMut(&[u8]),
    len: usize,
    piece: usize,
    threads: usize,
) -> Option<Layer> {
    use rayon::prelude::*;
    const END: &[u8] = b"\n  ],\n  reviews: ";
    let mut buf: Vec<u8> = Vec::with_capacity(piece);
    // Reads until `buf` holds `more` bytes more or the file ends; says whether it ended.
    let mut fill = |buf: &mut Vec<u8>, more: usize| -> Option<bool> {
        let want = buf.len() + more;
        while buf.len() < want {
            buf.reserve(want - buf.len());
            let before = buf.len();
            if read(buf).ok()? == 0 {
                return Some(true);
            }
            seen(&buf[before..]);
        }
        Some(false)
    };
    // The first read holds the header whole (a person's id is short).
    let mut ended = fill(&mut buf, piece.max(4096))?;
    let mut p = Parser::new(&buf);
    p.lit("(\n  format_version: ")?;
    let version = p.uint()?;
    if version == 0 || version > super::format::CURRENT as usize {
        return None;
    }
    p.lit(",\n  person: ")?;
    let person = PersonId(p.shared_id()?);
    p.lit(",\n  quotes: ")?;
    let mut parsed: Vec<Option<Quote>> = Vec::new();
    // After the quotes, what is left (the list's end and the reviews) is read whole.
    let after_quotes = if p.lit("[],\n").is_some() {
        p.i
    } else {
        p.lit("[\n")?;
        let consumed = p.i;
        buf.drain(..consumed);
        loop {
            let end = memchr::memmem::find(&buf, END);
            let body = &buf[..end.map_or(buf.len(), |e| e + 1)];
            let starts = quote_starts(body, threads);
            // Without the list's end, the last quote may go on in the next piece.
            let whole = starts.len() - if end.is_some() { 1 } else { 2 };
            if parsed.capacity() == 0 && whole > 0 {
                // Sized from the first piece's quotes: grown by doubling, the list would
                // hold up to twice the room it needs.
                let each = (starts[whole] / whole).max(1);
                parsed.reserve(len / each + len / each / 8 + 16);
            }
            on_threads(threads, || {
                parsed.par_extend(each_quote(body, &starts[..=whole], threads));
            })?;
            if let Some(e) = end {
                // What follows is `  ],\n  reviews: `.
                break e + 1 + "  ],\n".len();
            }
            let carried = starts[whole];
            buf.drain(..carried);
            if ended {
                return None;
            }
            // Another piece (on top of a quote longer than a piece, if it is one).
            ended = fill(&mut buf, piece)?;
        }
    };
    buf.drain(..after_quotes);
    while !fill(&mut buf, piece)? {}
    finish(Parser::new(&buf), version, person, parsed)
}

/// The reviews and the file's end, after the quotes.
fn finish(
    mut p: Parser<'_>,
    version: usize,
    person: PersonId,
    parsed: Vec<Option<Quote>>,
) -> Option<Layer> {
    p.lit("  reviews: ")?;
    let reviews = p.list(|p| p.review())?;
    p.lit(")\n")?;
    if p.i != p.s.len() {
        return None;
    }
    // In place: a list of `Option<Quote>` has the layout of one of `Quote`.
    let mut quotes: Vec<Quote> = parsed.into_iter().collect::<Option<_>>()?;
    quotes.shrink_to_fit();
    Some(Layer {
        format_version: version as u32,
        person,
        quotes,
        reviews,
    })
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    shared: SharedIds,
}

/// Ids that repeat from quote to quote, handed out as one shared string each (see
/// `model::ids`): a quote's document is most often the one before's (quotes are stored by
/// document), and coders, editors, speakers and topics are few.
#[derive(Default)]
struct SharedIds {
    document: Option<Arc<str>>,
    few: HashSet<Arc<str>, foldhash::fast::FixedState>,
    /// The last time read, as written and as read: a quote's `modified` is most often its
    /// `created`, and an import stamps all its quotes with one time.
    time: Option<(String, jiff::Timestamp)>,
}

/// Beyond this many distinct ids of the few kinds, new ones are not remembered: a layer that
/// names a hundred thousand speakers gets copies rather than a table as big as it.
const FEW: usize = 4096;

impl SharedIds {
    fn document(&mut self, id: &str) -> Arc<str> {
        match &self.document {
            Some(d) if **d == *id => d.clone(),
            _ => {
                let d: Arc<str> = Arc::from(id);
                self.document = Some(d.clone());
                d
            }
        }
    }

    fn few(&mut self, id: &str) -> Arc<str> {
        if let Some(a) = self.few.get(id) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(id);
        if self.few.len() < FEW {
            self.few.insert(a.clone());
        }
        a
    }

    fn timestamp(&mut self, written: &str) -> Option<jiff::Timestamp> {
        if let Some((last, t)) = &self.time
            && last == written
        {
            return Some(*t);
        }
        let t: jiff::Timestamp = written.parse().ok()?;
        let (last, at) = self.time.get_or_insert_with(|| (String::new(), t));
        last.clear();
        last.push_str(written);
        *at = t;
        Some(t)
    }
}

impl<'a> Parser<'a> {
    fn new(s: &'a [u8]) -> Self {
        Parser {
            s,
            i: 0,
            shared: SharedIds::default(),
        }
    }

    fn rest(&self) -> &'a [u8] {
        &self.s[self.i..]
    }

    fn lit(&mut self, l: &str) -> Option<()> {
        self.rest()
            .starts_with(l.as_bytes())
            .then(|| self.i += l.len())
    }

    /// `        name: ` at the depth of a quote's fields, if that is what comes next.
    fn field(&mut self, name: &str) -> bool {
        let r = self.rest();
        let at = 6 + name.len();
        if r.len() > at + 2
            && r[..6] == *b"      "
            && &r[6..at] == name.as_bytes()
            && r[at..at + 2] == *b": "
        {
            self.i += at + 2;
            true
        } else {
            false
        }
    }

    fn end_field(&mut self) -> Option<()> {
        self.lit(",\n")
    }

    fn uint(&mut self) -> Option<usize> {
        let digits = self
            .rest()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 18 {
            return None;
        }
        let n = self.rest()[..digits]
            .iter()
            .fold(0, |n, d| n * 10 + usize::from(d - b'0'));
        self.i += digits;
        Some(n)
    }

    /// A string as `char::escape_debug` writes it: `\t \r \n \\ \' \" \0` and `\u{…}`.
    fn string(&mut self) -> Option<String> {
        self.text().map(Cow::into_owned)
    }

    /// A string id shared with the quotes before it that have the same (see [`SharedIds`]).
    fn shared_id(&mut self) -> Option<Arc<str>> {
        let s = self.text()?;
        Some(self.shared.few(&s))
    }

    /// A string, borrowed from the file when it has no escapes (every id), so that it is
    /// copied once, at its exact size, or not at all when it is shared.
    fn text(&mut self) -> Option<Cow<'a, str>> {
        self.lit("\"")?;
        let r = self.rest();
        let run = memchr::memchr2(b'"', b'\\', r)?;
        if r[run] == b'"' {
            self.i += run + 1;
            return Some(Cow::Borrowed(utf8(&r[..run])?));
        }
        // Made once at the escaped form's size, which the text is never longer than: grown
        // by doubling, two million anchors' texts (most of them escape a ZWNJ or a line
        // break) were copied again and again, a tenth of a big project's parse.
        let mut out = String::with_capacity(escaped_len(r)?);
        loop {
            let r = self.rest();
            let run = memchr::memchr2(b'"', b'\\', r)?;
            out.push_str(utf8(&r[..run])?);
            self.i += run;
            if self.lit("\"").is_some() {
                // Cut to its size (in place): escapes are longer than what they stand for.
                out.shrink_to_fit();
                return Some(Cow::Owned(out));
            }
            self.i += 1;
            let c = match self.rest().first()? {
                b't' => '\t',
                b'r' => '\r',
                b'n' => '\n',
                b'\\' => '\\',
                b'\'' => '\'',
                b'"' => '"',
                b'0' => '\0',
                b'u' => {
                    self.lit("u{")?;
                    let hex = self
                        .rest()
                        .iter()
                        .take_while(|b| b.is_ascii_hexdigit())
                        .count();
                    let code = u32::from_str_radix(utf8(&self.rest()[..hex])?, 16).ok()?;
                    self.i += hex;
                    self.lit("}")?;
                    out.push(char::from_u32(code)?);
                    continue;
                }
                _ => return None,
            };
            self.i += 1;
            out.push(c);
        }
    }

    fn anchor(&mut self) -> Option<Anchor> {
        self.lit("(span: (")?;
        let start = self.uint()?;
        self.lit(", ")?;
        let end = self.uint()?;
        self.lit("), text: ")?;
        let text = self.string()?;
        self.lit(")")?;
        Some(Anchor {
            span: Span::new(start, end),
            text,
        })
    }

    fn timestamp(&mut self) -> Option<jiff::Timestamp> {
        let written = self.text()?;
        self.shared.timestamp(&written)
    }

    /// `[],\n` or `[\n` items, each `    (\n` … `    ),\n`, then `  ],\n`.
    fn list<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        if self.lit("[],\n").is_some() {
            return Some(Vec::new());
        }
        self.lit("[\n")?;
        let mut out = Vec::new();
        while self.lit("    (\n").is_some() {
            out.push(item(self)?);
            self.lit("    ),\n")?;
        }
        self.lit("  ],\n")?;
        Some(out)
    }

    /// The quotes' list, parsed quote by quote on `threads` threads. Strings escape their
    /// line breaks, so every line of the list is structure: a quote starts at a line `    (`
    /// and the list ends at the first line `  ],`.
    ///
    /// Each quote is written straight to its place in the one list the layer keeps (rayon's
    /// indexed collect). Parsing pieces into lists of their own and joining them had copied
    /// every quote once more, on one core, into fresh memory the system had to clear: a
    /// tenth of `naql check` on a 2,000,000-quote project.
    fn quotes_on(&mut self, threads: usize) -> Option<Vec<Quote>> {
        use rayon::prelude::*;
        if self.lit("[],\n").is_some() {
            return Some(Vec::new());
        }
        self.lit("[\n")?;
        let start = self.i;
        // The list's end is looked for from the file's end, before the reviews: a search
        // from its start read the whole list once more, on one core.
        let end = start + memchr::memmem::rfind(self.rest(), b"\n  ],\n  reviews: ")? + 1;
        if end == start + 1 {
            return None;
        }
        let body = &self.s[start..end];
        let parsed: Vec<Option<Quote>> = on_threads(threads, || {
            let starts = quote_starts(body, threads);
            let mut parsed = Vec::new();
            each_quote(body, &starts, threads).collect_into_vec(&mut parsed);
            parsed
        })?;
        self.i = end;
        self.lit("  ],\n")?;
        // In place: a list of `Option<Quote>` has the layout of one of `Quote`.
        parsed.into_iter().collect()
    }

    /// One quote from `    (` to `    ),` and nothing after it.
    fn one_quote(&mut self) -> Option<Quote> {
        self.lit("    (\n")?;
        let q = self.quote()?;
        self.lit("    ),\n")?;
        (self.i == self.s.len()).then_some(q)
    }

    fn text_field(&mut self, name: &str) -> Option<Cow<'a, str>> {
        if !self.field(name) {
            return None;
        }
        let s = self.text()?;
        self.end_field()?;
        Some(s)
    }

    fn quote(&mut self) -> Option<Quote> {
        let id = QuoteId(Box::from(&*self.text_field("id")?));
        let document = self.text_field("document")?;
        let document = DocumentId(self.shared.document(&document));
        if !self.field("anchor") {
            return None;
        }
        let anchor = self.anchor()?;
        self.end_field()?;
        let speaker = if self.field("speaker") {
            self.lit("Some(")?;
            let s = SpeakerId(self.shared_id()?);
            self.lit(")")?;
            self.end_field()?;
            Some(s)
        } else {
            None
        };
        let mut optional_anchor = |name: &str| -> Option<Option<Anchor>> {
            if !self.field(name) {
                return Some(None);
            }
            self.lit("Some(")?;
            let a = self.anchor()?;
            self.lit(")")?;
            self.end_field()?;
            Some(Some(a))
        };
        let mention = optional_anchor("mention")?.map(Box::new);
        let cue = optional_anchor("cue")?.map(Box::new);
        if !self.field("kind") {
            return None;
        }
        let kind = [
            ("Direct", QuoteKind::Direct),
            ("Indirect", QuoteKind::Indirect),
            ("Mixed", QuoteKind::Mixed),
        ]
        .into_iter()
        .find_map(|(name, k)| self.lit(name).map(|_| k))?;
        self.end_field()?;
        let mut topics = Vec::new();
        if self.field("topics") {
            self.lit("[")?;
            loop {
                topics.push(TopicId(self.shared_id()?));
                if self.lit("]").is_some() {
                    break;
                }
                self.lit(", ")?;
            }
            self.end_field()?;
        }
        let note = if self.field("note") {
            let n = self.string()?;
            self.end_field()?;
            n
        } else {
            String::new()
        };
        let source = if self.field("source") {
            self.lit("Some(")?;
            let s = QuoteId(Box::from(&*self.text()?));
            self.lit(")")?;
            self.end_field()?;
            Some(s)
        } else {
            None
        };
        let coder = self.text_field("coder")?;
        let coder = PersonId(self.shared.few(&coder));
        let created = self.timed("created")?;
        let modified = self.timed("modified")?;
        Some(Quote {
            id,
            document,
            anchor,
            speaker,
            mention,
            cue,
            kind,
            topics,
            note,
            source,
            coder,
            created,
            modified,
        })
    }

    fn timed(&mut self, name: &str) -> Option<jiff::Timestamp> {
        if !self.field(name) {
            return None;
        }
        let t = self.timestamp()?;
        self.end_field()?;
        Some(t)
    }

    fn review(&mut self) -> Option<Review> {
        let quote = QuoteId(Box::from(&*self.text_field("quote")?));
        if !self.field("verdict") {
            return None;
        }
        let verdict = [
            ("Accepted", Verdict::Accepted),
            ("Rejected", Verdict::Rejected),
            ("NeedsChanges", Verdict::NeedsChanges),
        ]
        .into_iter()
        .find_map(|(name, v)| self.lit(name).map(|_| v))?;
        self.end_field()?;
        let comment = if self.field("comment") {
            let c = self.string()?;
            self.end_field()?;
            c
        } else {
            String::new()
        };
        let editor = self.text_field("editor")?;
        let editor = PersonId(self.shared.few(&editor));
        let time = self.timed("time")?;
        Some(Review {
            quote,
            verdict,
            comment,
            editor,
            time,
        })
    }
}

/// The quotes of `body` between each start in `starts` and the next (see [`quote_starts`]),
/// parsed side by side, each `None` if it is not a canonical quote.
fn each_quote<'b>(
    body: &'b [u8],
    starts: &'b [usize],
    threads: usize,
) -> impl rayon::iter::IndexedParallelIterator<Item = Option<Quote>> + 'b {
    use rayon::prelude::*;
    let count = starts.len().saturating_sub(1);
    (0..count)
        .into_par_iter()
        // Runs long enough that the ids shared inside one (see `SharedIds`) stay shared,
        // short enough that every thread gets a share.
        .with_min_len(count.div_ceil(threads * 4).max(1))
        .map_init(SharedIds::default, move |shared, k| {
            let mut p = Parser {
                s: &body[starts[k]..starts[k + 1]],
                i: 0,
                shared: std::mem::take(shared),
            };
            let quote = p.one_quote();
            *shared = p.shared;
            quote
        })
}

/// `work` run on `threads` threads: on rayon's own pool when it has that many (every core,
/// what a load asks for), so that reading a layer does not start threads of its own.
fn on_threads<R: Send>(threads: usize, work: impl FnOnce() -> R + Send) -> Option<R> {
    if threads == rayon::current_num_threads() {
        return Some(work());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok()?;
    Some(pool.install(work))
}

/// `bytes` as text, if they are UTF-8.
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The length of an escaped string's body up to its closing `"`, which is the first one not
/// escaped; `None` if it has none.
fn escaped_len(body: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        at += memchr::memchr2(b'"', b'\\', &body[at..])?;
        if body[at] == b'"' {
            return Some(at);
        }
        // A backslash and the character it escapes (`u` of `\u{…}`, whose rest is hex).
        at += 2;
        if at > body.len() {
            return None;
        }
    }
}

/// Where each quote of the list's `body` starts (a line `    (`), and the body's end: found
/// in `parts` parts of the body side by side, a layer being hundreds of megabytes.
fn quote_starts(bytes: &[u8], parts: usize) -> Vec<usize> {
    use rayon::prelude::*;
    const LINE: &[u8] = b"\n    (\n";
    let part = bytes.len().div_ceil(parts.max(1)).max(1);
    let found: Vec<Vec<usize>> = (0..bytes.len().div_ceil(part))
        .into_par_iter()
        .map(|k| {
            // A match that begins in this part belongs to it, even if it ends in the next.
            let from = k * part;
            let to = ((k + 1) * part + LINE.len() - 1).min(bytes.len());
            memchr::memmem::find_iter(&bytes[from..to], LINE)
                .map(|at| from + at + 1)
                .collect()
        })
        .collect();
    let mut starts = Vec::with_capacity(found.iter().map(Vec::len).sum::<usize>() + 2);
    starts.push(0);
    starts.extend(found.into_iter().flatten());
    starts.push(bytes.len());
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_string_ends_at_its_first_unescaped_quote() {
        assert_eq!(escaped_len(br#"a\"b\\"c"#), Some(6));
        assert_eq!(escaped_len(br#"\u{200c}x" tail"#), Some(9));
        assert_eq!(escaped_len(br#"no end\"#), None);
        assert_eq!(escaped_len(br#"no end"#), None);
    }

    /// `text` parsed a piece at a time, and every byte it was given, in order.
    fn in_pieces(text: &[u8], piece: usize, threads: usize) -> (Option<Layer>, Vec<u8>) {
        let mut at = 0;
        let mut seen = Vec::new();
        let layer = parse_canonical_in_pieces(
            &mut |buf| {
                let room = (buf.capacity() - buf.len()).clamp(1, 777);
                let n = room.min(text.len() - at);
                buf.extend_from_slice(&text[at..at + n]);
                at += n;
                Ok(n)
            },
            &mut |bytes| seen.extend_from_slice(bytes),
            text.len(),
            piece,
            threads,
        );
        (layer, seen)
    }

    /// Read a piece at a time, a layer is the layer read whole, whatever the piece's size
    /// (shorter than a quote too), with quotes and reviews or without; every byte is seen
    /// once, in order; a file cut short or spoilt is declined.
    #[test]
    fn a_layer_read_in_pieces_is_the_layer() {
        let project = crate::sample::project().unwrap();
        let mut layers: Vec<Layer> = project.layers.values().map(|l| (**l).clone()).collect();
        let mut reviews_only = layers[0].clone();
        reviews_only.quotes.clear();
        reviews_only.reviews = layers
            .iter()
            .flat_map(|l| l.reviews.clone())
            .chain(layers.iter().flat_map(|l| l.quotes.iter()).map(|q| Review {
                quote: q.id.clone(),
                editor: PersonId::new("editor"),
                verdict: crate::model::Verdict::Accepted,
                comment: "خوب".into(),
                time: q.created,
            }))
            .collect();
        layers.push(reviews_only);
        let mut long = layers[0].clone();
        long.quotes[0].note = "یادداشت ".repeat(2_000);
        layers.push(long);
        let mut nothing = layers[0].clone();
        nothing.quotes.clear();
        nothing.reviews.clear();
        layers.push(nothing);
        for layer in &layers {
            let text = super::super::layer_text::layer_text(layer);
            let whole = parse_canonical(&text).unwrap();
            for piece in [1, 64, 1000, 4096, 1 << 20] {
                for threads in [1, 2] {
                    let (read, seen) = in_pieces(text.as_bytes(), piece, threads);
                    assert_eq!(read.as_ref(), Some(&whole), "{piece} {threads}");
                    assert!(seen == text.as_bytes(), "{piece}");
                }
            }
            // Cut short anywhere, or a byte spoilt in the quotes: declined.
            for cut in [10, text.len() / 3, text.len() / 2, text.len() - 3] {
                assert!(
                    in_pieces(&text.as_bytes()[..cut], 100, 2).0.is_none(),
                    "{cut}"
                );
            }
            if let Some(at) = text.find("      id: ") {
                let mut spoilt = text.clone().into_bytes();
                spoilt[at + 3] = b'X';
                assert!(in_pieces(&spoilt, 100, 2).0.is_none());
            }
        }
    }

    #[test]
    fn quote_starts_are_the_same_however_the_list_is_cut() {
        let body = "    (\n      a\n    ),\n    (\n    ),\n    (\n      b\n    ),\n".repeat(5);
        let one = quote_starts(body.as_bytes(), 1);
        assert_eq!(one.len(), 15 + 1, "{one:?}");
        assert_eq!(one[0], 0);
        assert_eq!(one.last(), Some(&body.len()));
        // Every cut, including ones inside the pattern a quote starts with.
        for parts in 2..=body.len() {
            assert_eq!(quote_starts(body.as_bytes(), parts), one, "{parts} parts");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_inside_a_string_are_declined() {
        let text =
            "(\n  format_version: 2,\n  person: \"sara\",\n  quotes: [],\n  reviews: [],\n)\n";
        assert!(parse_canonical(text).is_some());
        let mut bytes = text.as_bytes().to_vec();
        let at = text.find("sara").unwrap_or(0) + 2;
        bytes[at] = 0xFF;
        assert!(parse_canonical_on(&bytes, 1).is_none());
    }
}
