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
    parse_canonical_on(text, 1)
}

/// [`parse_canonical`], the quotes cut into `threads` pieces parsed side by side: a big
/// project's layer is hundreds of megabytes, and is read one at a time on every core rather
/// than several at once (each held whole meanwhile).
pub fn parse_canonical_on(text: &str, threads: usize) -> Option<Layer> {
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

struct Parser<'a> {
    s: &'a str,
    i: usize,
    shared: SharedIds,
}

/// Ids that repeat from quote to quote, handed out as one shared string each (see
/// `model::ids`): a quote's document is most often the one before's (quotes are stored by
/// document), and coders, editors, speakers and topics are few.
#[derive(Default)]
struct SharedIds {
    document: Option<Arc<str>>,
    few: HashSet<Arc<str>>,
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
}

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Self {
        Parser {
            s,
            i: 0,
            shared: SharedIds::default(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn lit(&mut self, l: &str) -> Option<()> {
        self.rest().starts_with(l).then(|| self.i += l.len())
    }

    /// `        name: ` at the depth of a quote's fields, if that is what comes next.
    fn field(&mut self, name: &str) -> bool {
        let r = self.rest().as_bytes();
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
        let digits = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 18 {
            return None;
        }
        let n = self.rest()[..digits].parse().ok()?;
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
        let run = memchr::memchr2(b'"', b'\\', r.as_bytes())?;
        if r.as_bytes()[run] == b'"' {
            self.i += run + 1;
            return Some(Cow::Borrowed(&r[..run]));
        }
        let mut out = String::new();
        loop {
            let r = self.rest();
            let run = memchr::memchr2(b'"', b'\\', r.as_bytes())?;
            out.push_str(&r[..run]);
            self.i += run;
            if self.lit("\"").is_some() {
                // Pushing made room by doubling: two million anchors held 85 MB they did not
                // use until each was cut to its size.
                out.shrink_to_fit();
                return Some(Cow::Owned(out));
            }
            self.i += 1;
            let c = match self.rest().as_bytes().first()? {
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
                        .bytes()
                        .take_while(u8::is_ascii_hexdigit)
                        .count();
                    let code = u32::from_str_radix(&self.rest()[..hex], 16).ok()?;
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
        self.text()?.parse().ok()
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

    /// The quotes' list, cut into pieces at quote boundaries. Strings escape their line
    /// breaks, so every line of the list is structure: a quote starts at a line `    (` and
    /// the list ends at the first line `  ],`.
    fn quotes_on(&mut self, threads: usize) -> Option<Vec<Quote>> {
        if self.lit("[],\n").is_some() {
            return Some(Vec::new());
        }
        self.lit("[\n")?;
        let start = self.i;
        let end = start + memchr::memmem::find(self.rest().as_bytes(), b"\n  ],\n")? + 1;
        if end == start + 1 {
            return None;
        }
        let body = &self.s[start..end];
        let mut cuts = vec![0];
        for k in 1..threads {
            let from = (body.len() * k / threads).max(*cuts.last()?);
            match memchr::memmem::find(&body.as_bytes()[from..], b"\n    (\n") {
                Some(at) => cuts.push(from + at + 1),
                None => break,
            }
        }
        cuts.push(body.len());
        cuts.dedup();
        let pieces: Vec<&str> = cuts.windows(2).map(|w| &body[w[0]..w[1]]).collect();
        let parsed = crate::parallel::map_on(threads, &pieces, |piece| {
            let mut p = Parser::new(piece);
            // Made at its size: a piece's list grown by doubling held up to twice its quotes.
            let count = memchr::memmem::find_iter(piece.as_bytes(), b"\n    (\n").count() + 1;
            let mut out = Vec::with_capacity(count);
            while p.lit("    (\n").is_some() {
                out.push(p.quote()?);
                p.lit("    ),\n")?;
            }
            (p.i == piece.len()).then_some(out)
        });
        let mut quotes = Vec::with_capacity(parsed.iter().flatten().map(Vec::len).sum());
        for piece in parsed {
            quotes.append(&mut piece?);
        }
        self.i = end;
        self.lit("  ],\n")?;
        Some(quotes)
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
