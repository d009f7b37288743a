//! Writes a layer file directly, byte for byte as ron's pretty serializer would (see
//! [`super::format::Layout::Layer`]), about ten times faster.
//!
//! Why: a busy coder's layer holds ten thousand quotes (6 MB). ron escapes every char through
//! `fmt::Write` one at a time and needs 80 ms for that; autosave after each edit must take a few
//! milliseconds. A property test checks that this writer and ron's agree on arbitrary layers,
//! so the file format has one definition: ron's.

use crate::model::{Anchor, Layer, Quote, QuoteKind, Review, Verdict, quote_order, review_order};
use std::fmt::Write;

/// The text of `layer`'s file: quotes and reviews in canonical order, in the current format.
pub fn layer_text(layer: &Layer) -> String {
    let mut out = String::new();
    write_layer(layer, &mut out);
    out
}

/// [`layer_text`] into `out` (cleared first). Saving reuses one buffer: a fresh 6 MB string
/// each time costs page faults that made autosave times swing by half.
pub fn write_layer(layer: &Layer, out: &mut String) {
    // Without a spill nothing can fail.
    let _ = write_layer_with(layer, out, &mut |w, q| w.quote_item(q), None);
}

/// Where each quote's text lies in a layer's file as last written, by the quote's
/// fingerprint. An autosave after one edit writes one quote's text and copies the others'
/// from the file, read back: escaping every Persian letter of a 6 MB layer again took most
/// of the save. Nothing of the text is held between saves (a layer of 500,000 quotes held 750
/// MB as each quote's text beside a copy of the quote); reading 250 MB back from the page
/// cache is a fraction of writing it.
#[derive(Default, Debug)]
pub struct QuoteTexts {
    /// The fingerprint of the bytes last written: the file read back is used only if it is
    /// still those bytes.
    pub written: Option<u64>,
    /// Key of a quote's id → (fingerprint of the quote, where its text lies in the file).
    at: std::collections::HashMap<u64, (u64, std::ops::Range<usize>)>,
}

impl QuoteTexts {
    /// Whether a save would copy anything from the last written file.
    pub fn has_quotes(&self) -> bool {
        self.written.is_some() && !self.at.is_empty()
    }
}

/// The file as last written, that a save copies unchanged quotes' text from: held whole
/// (`&str`), or read a window at a time (`files::OnDisk`).
pub trait PreviousText {
    /// The text of `range` of the file, if it is there and whole chars.
    fn text(&mut self, range: std::ops::Range<usize>) -> Option<&str>;
}

impl PreviousText for &str {
    fn text(&mut self, range: std::ops::Range<usize>) -> Option<&str> {
        self.get(range)
    }
}

/// [`write_layer`], taking each unchanged quote's text from `previous`, the file as last
/// written (`None`: write every quote), and recording in `cache` where each quote is in the
/// new text. The bytes are the same as without a cache; a test holds them to that. Gives
/// back the new text and the layer's digest, made from the fingerprints the cache needed
/// anyway. The caller sets `cache.written` once it has the new text's fingerprint.
pub fn write_layer_cached(
    layer: &Layer,
    cache: &mut QuoteTexts,
    previous: Option<&str>,
) -> (String, crate::model::merge::LayerDigest) {
    let mut out = String::new();
    let mut previous = previous;
    let previous = previous.as_mut().map(|p| p as &mut dyn PreviousText);
    let digest = cached(layer, cache, previous, &mut out, None);
    // The writer reserves for the worst case (every char escaped); a layer of 500,000 quotes
    // kept 165 MB it did not use until the write was done.
    out.shrink_to_fit();
    (out, digest.unwrap_or_default())
}

/// [`write_layer_cached`], the text handed to `spill` in pieces of about a megabyte as it is
/// made rather than held whole: a save streams a layer to its file (a layer of 500,000
/// quotes is 250 MB of text, which a save held beside the layer and the file read back).
pub fn spill_layer_cached(
    layer: &Layer,
    cache: &mut QuoteTexts,
    previous: Option<&mut dyn PreviousText>,
    spill: &mut Spill<'_>,
) -> std::io::Result<crate::model::merge::LayerDigest> {
    cached(layer, cache, previous, &mut String::new(), Some(spill))
}

/// [`write_layer`], the text handed to `spill` in pieces as it is made (see
/// [`spill_layer_cached`]).
pub fn spill_layer(layer: &Layer, spill: &mut Spill<'_>) -> std::io::Result<()> {
    write_layer_with(
        layer,
        &mut String::new(),
        &mut |w, q| w.quote_item(q),
        Some(spill),
    )
}

fn cached(
    layer: &Layer,
    cache: &mut QuoteTexts,
    mut previous: Option<&mut dyn PreviousText>,
    out: &mut String,
    spill: Option<&mut Spill<'_>>,
) -> std::io::Result<crate::model::merge::LayerDigest> {
    use crate::model::merge::{LayerDigest, quote_key, quote_print};
    let mut digest = LayerDigest::with_capacity(layer.quotes.len());
    let mut at = std::collections::HashMap::with_capacity(layer.quotes.len());
    let written = write_layer_with(
        layer,
        out,
        &mut |w: &mut Writer<'_>, q: &Quote| {
            let (key, print) = (quote_key(&q.id), quote_print(q));
            digest.insert_quote(key, print);
            let start = w.at();
            let copied = previous.as_mut().and_then(|file| match cache.at.get(&key) {
                Some((was, range)) if *was == print => file.text(range.clone()),
                _ => None,
            });
            match copied {
                Some(text) => w.raw(text),
                _ => w.quote_item(q),
            }
            at.insert(key, (print, start..w.at()));
        },
        spill,
    );
    for r in &layer.reviews {
        digest.insert_review(r);
    }
    cache.at = at;
    cache.written = None;
    written.map(|()| digest)
}

/// Where a layer's text goes, a piece at a time, when it is not held whole.
pub type Spill<'a> = dyn FnMut(&str) -> std::io::Result<()> + 'a;

/// How each quote of the list is written: whole, or copied from a cache.
type QuoteWriter<'a> = dyn FnMut(&mut Writer<'_>, &Quote) + 'a;

/// Text is handed to a spill in pieces of at least this many bytes, at item boundaries.
const SPILL_AT: usize = 1 << 20;

fn write_layer_with(
    layer: &Layer,
    out: &mut String,
    each: &mut QuoteWriter<'_>,
    spill: Option<&mut Spill<'_>>,
) -> std::io::Result<()> {
    out.clear();
    let mut quotes: Vec<&Quote> = layer.quotes.iter().collect();
    quotes.sort_by(|a, b| quote_order(a, b));
    let mut reviews: Vec<&Review> = layer.reviews.iter().collect();
    reviews.sort_by(|a, b| review_order(a, b));

    let size: usize = quotes.iter().map(|q| 400 + q.anchor.text.len() * 2).sum();
    // Spilled, the text is held a piece at a time.
    out.reserve(if spill.is_some() {
        size.min(2 * SPILL_AT)
    } else {
        size
    });
    let mut w = Writer(
        std::mem::take(out),
        spill.map(|to| Spilling {
            to,
            done: 0,
            failed: None,
        }),
    );
    w.raw("(\n");
    let _ = writeln!(w.0, "  format_version: {},", super::format::CURRENT);
    w.field(1, "person");
    w.string(layer.person.as_str());
    w.raw(",\n");
    w.quotes(&quotes, each);
    w.list(1, "reviews", &reviews, |w, r| w.review(r));
    w.raw(")\n");
    w.spill(0);
    let failed = w.1.and_then(|s| s.failed);
    *out = w.0;
    failed.map_or(Ok(()), Err)
}

/// Whether each char below U+0800 (all one- and two-byte UTF-8: ASCII, Latin-1, Arabic script)
/// is written as itself. Built
/// once from `char::escape_debug`, so it cannot drift from ron's rule; looking it up is much
/// cheaper than asking `escape_debug` for each of the millions of Persian letters in a layer.
static PLAIN_BELOW: std::sync::LazyLock<Vec<bool>> = std::sync::LazyLock::new(|| {
    (0..0x800u32)
        .map(|u| char::from_u32(u).is_some_and(|c| c.escape_debug().len() == 1))
        .collect()
});

/// The text being made, and where it goes when it is not kept whole.
struct Writer<'s>(String, Option<Spilling<'s>>);

/// A layer's text handed over in pieces as it is made (see [`spill_layer_cached`]).
struct Spilling<'s> {
    to: &'s mut Spill<'s>,
    /// Bytes handed over so far.
    done: usize,
    /// The first failure: nothing is handed over after it.
    failed: Option<std::io::Error>,
}

impl Writer<'_> {
    /// Where the next byte goes in the whole text.
    fn at(&self) -> usize {
        self.1.as_ref().map_or(0, |s| s.done) + self.0.len()
    }

    /// Hands the text made so far to the spill, if there is one and the text has `least`
    /// bytes.
    fn spill(&mut self, least: usize) {
        let Some(s) = &mut self.1 else {
            return;
        };
        if self.0.len() < least.max(1) {
            return;
        }
        if s.failed.is_none()
            && let Err(e) = (s.to)(&self.0)
        {
            s.failed = Some(e);
        }
        s.done += self.0.len();
        self.0.clear();
    }

    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.0.push_str("  ");
        }
    }

    fn field(&mut self, depth: usize, name: &str) {
        self.indent(depth);
        self.0.push_str(name);
        self.0.push_str(": ");
    }

    /// A string as ron writes it: in double quotes, each char escaped as `char::escape_debug`
    /// does, which shows ZWNJ, marks and controls as `\u{…}`. Runs that need no escape are
    /// copied whole.
    fn string(&mut self, s: &str) {
        let plain_below: &[bool] = &PLAIN_BELOW;
        self.0.push('"');
        let mut run_start = 0;
        for (i, c) in s.char_indices() {
            let plain = match plain_below.get(c as usize) {
                Some(&known) => known,
                None => c.escape_debug().len() == 1,
            };
            if !plain {
                self.0.push_str(&s[run_start..i]);
                self.0.extend(c.escape_debug());
                run_start = i + c.len_utf8();
            }
        }
        self.0.push_str(&s[run_start..]);
        self.0.push('"');
    }

    fn anchor(&mut self, a: &Anchor) {
        let _ = write!(self.0, "(span: ({}, {}), text: ", a.span.start, a.span.end);
        self.string(&a.text);
        self.0.push(')');
    }

    /// One quote as an item of the `quotes` list.
    fn quote_item(&mut self, q: &Quote) {
        self.indent(2);
        self.raw("(\n");
        self.quote(q);
        self.indent(2);
        self.raw("),\n");
    }

    /// The `quotes` list as [`Writer::list`] writes it, each item written by `each`.
    fn quotes(&mut self, quotes: &[&Quote], each: &mut QuoteWriter<'_>) {
        self.field(1, "quotes");
        if quotes.is_empty() {
            self.raw("[],\n");
            return;
        }
        self.raw("[\n");
        for q in quotes {
            each(self, q);
            self.spill(SPILL_AT);
            // Where the text goes failed (or was given up for an edit): the rest is not
            // made for nothing.
            if self.1.as_ref().is_some_and(|s| s.failed.is_some()) {
                return;
            }
        }
        self.indent(1);
        self.raw("],\n");
    }

    /// `name: [` items `]`, one item per line; `name: [],` when empty.
    fn list<T>(&mut self, depth: usize, name: &str, items: &[T], item: impl Fn(&mut Self, &T)) {
        self.field(depth, name);
        if items.is_empty() {
            self.raw("[],\n");
            return;
        }
        self.raw("[\n");
        for x in items {
            self.indent(depth + 1);
            self.raw("(\n");
            item(self, x);
            self.indent(depth + 1);
            self.raw("),\n");
            self.spill(SPILL_AT);
        }
        self.indent(depth);
        self.raw("],\n");
    }

    fn string_field(&mut self, name: &str, value: &str) {
        self.field(3, name);
        self.string(value);
        self.raw(",\n");
    }

    fn quote(&mut self, q: &Quote) {
        self.string_field("id", q.id.as_str());
        self.string_field("document", q.document.as_str());
        self.field(3, "anchor");
        self.anchor(&q.anchor);
        self.raw(",\n");
        if let Some(s) = &q.speaker {
            self.field(3, "speaker");
            self.raw("Some(");
            self.string(s.as_str());
            self.raw("),\n");
        }
        for (name, anchor) in [("mention", &q.mention), ("cue", &q.cue)] {
            if let Some(a) = anchor {
                self.field(3, name);
                self.raw("Some(");
                self.anchor(a);
                self.raw("),\n");
            }
        }
        self.field(3, "kind");
        self.raw(match q.kind {
            QuoteKind::Direct => "Direct",
            QuoteKind::Indirect => "Indirect",
            QuoteKind::Mixed => "Mixed",
        });
        self.raw(",\n");
        if !q.topics.is_empty() {
            self.field(3, "topics");
            self.raw("[");
            for (i, t) in q.topics.iter().enumerate() {
                if i > 0 {
                    self.raw(", ");
                }
                self.string(t.as_str());
            }
            self.raw("],\n");
        }
        if !q.note.is_empty() {
            self.string_field("note", &q.note);
        }
        if let Some(s) = &q.source {
            self.field(3, "source");
            self.raw("Some(");
            self.string(s.as_str());
            self.raw("),\n");
        }
        self.string_field("coder", q.coder.as_str());
        self.string_field("created", &q.created.to_string());
        self.string_field("modified", &q.modified.to_string());
    }

    fn review(&mut self, r: &Review) {
        self.string_field("quote", r.quote.as_str());
        self.field(3, "verdict");
        self.raw(match r.verdict {
            Verdict::Accepted => "Accepted",
            Verdict::Rejected => "Rejected",
            Verdict::NeedsChanges => "NeedsChanges",
        });
        self.raw(",\n");
        if !r.comment.is_empty() {
            self.string_field("comment", &r.comment);
        }
        self.string_field("editor", r.editor.as_str());
        self.string_field("time", &r.time.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample project's first layer.
    fn sample_layer() -> Layer {
        let project = crate::sample::project().unwrap();
        let layer = project.layers.values().next().unwrap();
        (**layer).clone()
    }

    /// The cached writer gives the plain writer's bytes before and after quotes change, come
    /// and go.
    #[test]
    fn cached_text_equals_fresh_text_across_edits() {
        let mut layer = sample_layer();
        let mut cache = QuoteTexts::default();
        let (mut fresh, mut previous) = (String::new(), String::new());
        for step in 0..6 {
            match step {
                1 => layer.quotes[3].note = "یادداشت\u{200c}ها «نو»".into(),
                2 => {
                    layer.quotes.remove(0);
                }
                3 => layer.quotes[1].topics.clear(),
                4 => {
                    let mut q = layer.quotes[2].clone();
                    q.id = crate::model::QuoteId::new("01NEWQUOTE0000000000000000");
                    layer.quotes.push(q);
                }
                5 => layer.quotes.clear(),
                _ => {}
            }
            let (cached, digest) = write_layer_cached(&layer, &mut cache, Some(&previous));
            write_layer(&layer, &mut fresh);
            assert_eq!(cached, fresh, "step {step}");
            previous = cached;
            assert_eq!(
                digest,
                crate::model::merge::LayerDigest::of(&layer),
                "step {step}"
            );
        }
    }

    /// Spilled a piece at a time (a layer bigger than a piece), the text is the text held
    /// whole, with and without a cache, and the cache then says the same places.
    #[test]
    fn spilled_text_is_the_text() {
        let mut layer = sample_layer();
        let model = layer.quotes.clone();
        for n in 0..(3 * SPILL_AT / 2_000) {
            let mut q = model[n % model.len()].clone();
            q.id = crate::model::QuoteId::new(format!("01SPILL{n:019}"));
            q.note = "یادداشت\u{200c}ها ".repeat(40);
            layer.quotes.push(q);
        }
        let whole = layer_text(&layer);
        assert!(whole.len() > 2 * SPILL_AT, "{}", whole.len());
        let spilled = |layer: &Layer, cache: Option<(&mut QuoteTexts, Option<&str>)>| {
            let mut pieces = Vec::new();
            let mut take = |piece: &str| {
                pieces.push(piece.to_string());
                Ok(())
            };
            match cache {
                Some((cache, previous)) => {
                    let mut previous = previous;
                    let previous = previous.as_mut().map(|p| p as &mut dyn PreviousText);
                    spill_layer_cached(layer, cache, previous, &mut take).unwrap();
                }
                None => spill_layer(layer, &mut take).unwrap(),
            }
            assert!(pieces.len() > 2, "{} pieces", pieces.len());
            pieces.concat()
        };
        assert_eq!(spilled(&layer, None), whole);
        let (mut held, mut streamed) = (QuoteTexts::default(), QuoteTexts::default());
        let (text, _) = write_layer_cached(&layer, &mut held, None);
        assert_eq!(spilled(&layer, Some((&mut streamed, None))), whole);
        assert_eq!(held.at, streamed.at);
        // The next save copies the unchanged quotes from the file, spilled or not.
        layer.quotes[5].note = "نو".into();
        let (again, _) = write_layer_cached(&layer, &mut held, Some(&text));
        assert_eq!(spilled(&layer, Some((&mut streamed, Some(&text)))), again);
        assert_eq!(again, layer_text(&layer));
        // A failed spill is said, not swallowed.
        let mut failing = |_: &str| Err(std::io::Error::other("disk full"));
        assert!(spill_layer(&layer, &mut failing).is_err());
    }
}
