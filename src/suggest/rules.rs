//! The rules. For each verb of saying (from the lexicon) the rules look for what opens the
//! quoted words (a colon, «», "…", که / اینکه, أنّ / إنّ, and إلى after a call), take the
//! words up to where they end (the closing mark, the paragraph's end for a direct quote, the
//! sentence's end for an indirect one, or the next cue), and look for the speaker where each
//! language puts them: before the verb in Persian (subject, object, verb), after it in Arabic
//! («وقال الوزير إن …»). Also «به گفته X،» and «نقلاً عن X،», and headlines «X: …».
//! «به گزارش X» names a news agency, not a speaker, and is never a cue.

use super::Suggestion;
use super::lexicon::{Cue, Lexicon, Opens};
use super::names::{Hit, Names};
use super::tokens::{Kind, Tokens, longest_phrase, tokenize};
use crate::model::{DocumentId, Language, QuoteKind, Span, SpeakerId};

/// Words after which a name is not the subject («در دیدار با احمدیان», «از پزشکیان»).
const PREPOSITIONS: &[&str] = &[
    "با", "از", "به", "در", "برای", "میان", "بین", "تا", "و", "مع", "الی", "من", "عن", "علی", "فی",
    "بین", "لدی", "عند",
];

/// Words that end a speaker's noun phrase («وزیر دفاع در این دیدار …»).
const PHRASE_STOPS: &[&str] = &[
    "در",
    "با",
    "ضمن",
    "نیز",
    "همچنین",
    "روز",
    "که",
    "از",
    "به",
    "امروز",
    "پس",
    "طی",
    "را",
    "هم",
    "برای",
    "درباره",
    "درخصوص",
    "بااشاره",
    "فی",
    "خلال",
    "عن",
    "علی",
    "مع",
    "الی",
    "من",
    "ان",
    "الذی",
    "التی",
    "امس",
    "الیوم",
    "یوم",
    "ایضا",
    "کذلک",
];

/// Words that may open a clause before its subject.
const CONNECTORS: &[&str] = &["و", "همچنین", "نیز", "اما", "سپس", "ولی", "کما", "ثم"];

/// Pronouns standing for the last speaker («وی گفت»).
const PRONOUNS: &[&str] = &["وی", "او", "ایشان"];

/// What opens the quoted words.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Open {
    /// A colon: direct, to the end of the paragraph.
    Colon,
    /// Quotation marks, closed by this char.
    Marks(char),
    /// که, اینکه, أنّ, إنّ: indirect, to the end of the sentence.
    That,
    /// «إلى» after a call: indirect, the preposition included.
    Call,
}

/// How sure the speaker is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sure {
    /// A name of the registry (or one coders marked).
    Named,
    /// A pronoun, an omitted subject, a participle: the speaker named last.
    Last,
    /// A shortened title: the speaker named last among those it may stand for.
    Guessed,
    Unknown,
}

struct Attribution {
    mention: Option<Span>,
    speaker: Option<SpeakerId>,
    sure: Sure,
}

struct Doc<'a> {
    document: &'a DocumentId,
    /// The article's tokens and their folded words.
    words: Tokens,
    hits: Vec<Hit>,
    names: &'a Names,
    /// Where each cue starts and how many words it has, in order.
    cues: Vec<(usize, usize, &'a Cue)>,
    /// The last speaker a suggestion gave, with its cue's token.
    last_given: Option<(usize, SpeakerId)>,
}

pub fn suggest(
    lexicon: &Lexicon,
    names: &Names,
    document: &DocumentId,
    text: &str,
    language: Language,
) -> Vec<Suggestion> {
    let words = tokenize(text);
    let hits = names.find(&words);
    let cues = find_cues(&words, lexicon, language);
    let mut doc = Doc {
        document,
        words,
        hits,
        names,
        cues,
        last_given: None,
    };
    let mut out: Vec<Suggestion> = Vec::new();
    let mut push = |doc: &mut Doc, s: Option<Suggestion>, at: usize| {
        if let Some(s) = s {
            if let Some(sp) = &s.speaker {
                doc.last_given = Some((at, sp.clone()));
            }
            out.push(s);
        }
    };
    if let Some(s) = headline(&doc) {
        push(&mut doc, Some(s), 0);
    }
    let mut i = 0;
    let mut next_cue = 0;
    while i < doc.words.list.len() {
        if let Some(&(c, len, cue)) = doc.cues.get(next_cue)
            && c == i
        {
            next_cue += 1;
            let s = if cue.language == Language::Arabic {
                arabic(&doc, c, len, cue)
            } else {
                persian(&doc, c, len, cue)
            }
            // «به گفته» learned as a cue is still «به گفته X، …».
            .or_else(|| according_to(&doc, c));
            push(&mut doc, s, c);
            i += len;
            continue;
        }
        let t = &doc.words.list[i];
        if t.is_word() {
            let s = according_to(&doc, i).or_else(|| persian_with_saying(&doc, i));
            push(&mut doc, s, i);
        }
        i += 1;
    }
    // Overlapping suggestions: the surer one stays.
    out.sort_by_key(|s| s.span.start);
    let mut kept: Vec<Suggestion> = Vec::with_capacity(out.len());
    for s in out {
        match kept.last_mut() {
            Some(last) if last.span.overlaps(&s.span) => {
                if s.score > last.score {
                    *last = s;
                }
            }
            _ => kept.push(s),
        }
    }
    kept
}

fn find_cues<'a>(
    tokens: &Tokens,
    lexicon: &'a Lexicon,
    language: Language,
) -> Vec<(usize, usize, &'a Cue)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.list.len() {
        let found = longest_phrase(
            tokens,
            i,
            lexicon.longest,
            |w| lexicon.may_start(w),
            |joined| {
                lexicon.get(joined).filter(|c| {
                    language == Language::Other
                        || c.language == language
                        || c.language == Language::Other
                })
            },
        );
        match found {
            Some((len, cue)) => {
                out.push((i, len, cue));
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

impl Doc<'_> {
    /// A suggestion of this document.
    fn suggestion(
        &self,
        span: Span,
        kind: QuoteKind,
        cue: Option<Span>,
        who: Attribution,
        score: f32,
        rule: &'static str,
    ) -> Suggestion {
        Suggestion {
            document: self.document.clone(),
            span,
            kind,
            cue,
            mention: who.mention,
            speaker: who.speaker,
            score,
            rule,
        }
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.words.list[from].start, self.words.list[to - 1].end)
    }

    fn word(&self, i: usize) -> &str {
        self.words.word(i)
    }

    /// The index of the line break ending the paragraph of token `i`, or the end.
    fn paragraph_end(&self, i: usize) -> usize {
        (i..self.words.list.len())
            .find(|&k| self.words.list[k].kind == Kind::Break)
            .unwrap_or(self.words.list.len())
    }

    /// The index of the token ending the sentence of token `i` (a full stop, a question mark,
    /// a line break), or the end.
    fn sentence_end(&self, i: usize) -> usize {
        (i..self.words.list.len())
            .find(|&k| self.words.list[k].ends_sentence())
            .unwrap_or(self.words.list.len())
    }

    /// The first token of the clause holding token `i`: after the last full stop, colon,
    /// semicolon or line break before it.
    fn clause_start(&self, i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&k| {
                let t = &self.words.list[k];
                t.ends_sentence() || t.is(':') || t.is('؛') || t.is(';')
            })
            .map_or(0, |k| k + 1)
    }

    /// The first token of the sentence holding token `i`.
    fn sentence_start(&self, i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&k| self.words.list[k].ends_sentence())
            .map_or(0, |k| k + 1)
    }

    /// What opens quoted words at token `j`, and where those words start.
    fn opener(&self, j: usize, opens: Opens) -> Option<(Open, usize)> {
        let t = self.words.list.get(j)?;
        let closer = |c: char| match c {
            '«' => Some('»'),
            '"' => Some('"'),
            '“' => Some('”'),
            _ => None,
        };
        match t.kind {
            Kind::Punct(':') => match self.words.list.get(j + 1).map(|n| n.kind) {
                Some(Kind::Punct(c)) if closer(c).is_some() => {
                    Some((Open::Marks(closer(c)?), j + 2))
                }
                _ => Some((Open::Colon, j + 1)),
            },
            // «وی افزود، «…»»: a comma before the marks.
            Kind::Punct('،' | ',') => match self.words.list.get(j + 1).map(|n| n.kind) {
                Some(Kind::Punct(c)) => closer(c).map(|close| (Open::Marks(close), j + 2)),
                _ => None,
            },
            Kind::Punct(c) => closer(c).map(|close| (Open::Marks(close), j + 1)),
            Kind::Word => {
                let w = self.word(j);
                if matches!(w, "که" | "اینکه" | "اینک") {
                    // «… عنوان کرد که «…».»: marks around all of it make it direct; marks
                    // around some words of it («که «همکاری» ادامه دارد») make it mixed.
                    match self.opener(j + 1, Opens::Speech) {
                        Some((Open::Marks(close), start)) if self.closes_sentence(start, close) => {
                            Some((Open::Marks(close), start))
                        }
                        _ => Some((Open::That, j + 1)),
                    }
                } else if w == "این" && self.word(j + 1) == "که" {
                    Some((Open::That, j + 2))
                } else if matches!(
                    w,
                    "ان" | "انه"
                        | "انها"
                        | "انهم"
                        | "اننا"
                        | "انهما"
                        | "بان"
                        | "بانه"
                        | "بانها"
                        | "بانهم"
                ) {
                    // «في أن …» makes the clause a noun: coders take «أن» along.
                    let noun = j > 0 && self.word(j - 1) == "فی";
                    Some((Open::That, if noun { j } else { j + 1 }))
                } else if matches!(opens, Opens::Call | Opens::Towards) && w == "الی" {
                    // «أشار إلى أن …»: the that-clause; «دعا إلى …»: the call, with its «إلى».
                    match self.opener(j + 1, Opens::Speech) {
                        Some((Open::That, start)) => Some((Open::That, start)),
                        _ => Some((Open::Call, j)),
                    }
                } else if opens == Opens::On && w == "علی" {
                    match self.opener(j + 1, Opens::Speech) {
                        Some((Open::That, start)) => Some((Open::That, start)),
                        _ => Some((Open::Call, j + 1)),
                    }
                } else if (opens == Opens::With && w.starts_with('ب') && w.chars().count() > 3)
                    || (opens == Opens::Against && w == "من")
                {
                    Some((Open::Call, j))
                } else if matches!(w, "بقوله" | "بقولها" | "بقولهم") {
                    // «وتابع عراقجي بقوله سنمضي …»: «by saying», then his words.
                    match self.opener(j + 1, Opens::Speech) {
                        Some(found) => Some(found),
                        None => Some((Open::Colon, j + 1)),
                    }
                } else {
                    None
                }
            }
            Kind::Break => None,
        }
    }

    /// Whether the mark `close` after token `start` ends the sentence (or the clause).
    fn closes_sentence(&self, start: usize, close: char) -> bool {
        let para = self.paragraph_end(start);
        let Some(k) = (start..para).find(|&k| self.words.list[k].is(close)) else {
            return true;
        };
        self.words
            .list
            .get(k + 1)
            .is_none_or(|t| t.ends_sentence() || t.is('،') || t.is(',') || t.is('؛'))
    }

    /// Where the quoted words opened by `open` at token `start` end (exclusive), within the
    /// paragraph, before the clause of the next cue.
    fn content_end(&self, open: Open, start: usize) -> usize {
        let para = self.paragraph_end(start);
        let next_cue = self
            .cues
            .iter()
            .map(|&(c, _, _)| c)
            .find(|&c| c > start && c < para);
        match open {
            Open::Marks(close) => (start..para)
                .find(|&k| self.words.list[k].is(close))
                .unwrap_or(para),
            Open::Colon => {
                // Up to the sentence of the next cue, if another sentence says it.
                match next_cue.map(|c| self.sentence_start(c)) {
                    Some(s) if s > start => s,
                    _ => para,
                }
            }
            Open::That | Open::Call => {
                let end = self.sentence_end(start);
                match next_cue {
                    Some(c) if c < end => {
                        // «…، مؤكداً أن …»: stop at the comma before the next cue.
                        (start..c)
                            .rev()
                            .find(|&k| self.words.list[k].is('،') || self.words.list[k].is(','))
                            .unwrap_or(c)
                    }
                    _ => end,
                }
            }
        }
    }

    /// The quoted words `[start, end)` as a span: without trailing commas, and without a
    /// final full stop for an indirect quote (coders include it for direct ones).
    fn content(&self, start: usize, mut end: usize, direct: bool) -> Option<Span> {
        while end > start {
            let t = &self.words.list[end - 1];
            let drop = t.is('،')
                || t.is(',')
                || t.is('؛')
                || t.is(';')
                || t.is('-')
                || (!direct && (t.is('.') || t.is('و') || self.word(end - 1) == "و"));
            if drop {
                end -= 1;
            } else {
                break;
            }
        }
        let words = (start..end)
            .filter(|&k| self.words.list[k].is_word())
            .count();
        (words >= 2).then(|| self.span(start, end))
    }

    /// Who a pronoun or an omitted subject at token `at` stands for: the speaker of the quote
    /// before (news goes on quoting one person: «وی افزود»), else the one named last.
    fn previous_speaker(&self, at: usize) -> Option<SpeakerId> {
        match &self.last_given {
            Some((p, s)) if *p < at => Some(s.clone()),
            _ => self.last_speaker(at, None),
        }
    }

    /// The speaker named last before token `at`, among `among` if given.
    fn last_speaker(&self, at: usize, among: Option<&[SpeakerId]>) -> Option<SpeakerId> {
        let fits = |s: &SpeakerId| among.is_none_or(|a| a.contains(s));
        let named = self
            .hits
            .iter()
            .rev()
            .filter(|h| h.start < at && fits(&h.speaker))
            .map(|h| (h.start, &h.speaker))
            .next();
        let given = self
            .last_given
            .as_ref()
            .filter(|(p, s)| *p < at && fits(s))
            .map(|(p, s)| (*p, s));
        match (named, given) {
            (Some(n), Some(g)) => Some(if g.0 > n.0 { g.1 } else { n.1 }.clone()),
            (Some((_, s)), None) | (None, Some((_, s))) => Some(s.clone()),
            (None, None) => None,
        }
    }

    /// The first name in tokens `[from, to)` that is not after a preposition.
    fn subject_name(&self, from: usize, to: usize) -> Option<&Hit> {
        self.hits.iter().find(|h| {
            h.start >= from
                && h.start + h.len <= to
                && !(h.start > from && PREPOSITIONS.contains(&self.word(h.start - 1)))
        })
    }

    /// The noun phrase opening tokens `[from, to)`: words up to a stop word or punctuation.
    fn noun_phrase(&self, mut from: usize, to: usize) -> Option<(usize, usize)> {
        while from < to && CONNECTORS.contains(&self.word(from)) {
            from += 1;
        }
        let mut end = from;
        while end < to
            && end - from < 6
            && self.words.list[end].is_word()
            && !PHRASE_STOPS.contains(&self.word(end))
        {
            end += 1;
        }
        (end > from).then_some((from, end))
    }

    /// Who says what a cue at token `at` introduces, looking in tokens `[from, to)`.
    fn attribute(&self, from: usize, to: usize, at: usize) -> Attribution {
        if let Some(h) = self.subject_name(from, to) {
            return Attribution {
                mention: Some(self.span(h.start, h.start + h.len)),
                speaker: Some(h.speaker.clone()),
                sure: Sure::Named,
            };
        }
        if let Some(p) = (from..to).find(|&k| {
            PRONOUNS.contains(&self.word(k))
                && !(k > from && PREPOSITIONS.contains(&self.word(k - 1)))
        }) {
            return Attribution {
                mention: Some(self.span(p, p + 1)),
                speaker: self.previous_speaker(at),
                sure: Sure::Last,
            };
        }
        if let Some((a, b)) = self.noun_phrase(from, to) {
            let speaker = if b - a >= 2 {
                let among = self.names.opening(self.word(a), self.word(a + 1));
                match among.len() {
                    0 => None,
                    1 => Some(among[0].clone()),
                    _ => self.last_speaker(at, Some(among)),
                }
            } else {
                None
            };
            let sure = if speaker.is_some() {
                Sure::Guessed
            } else {
                Sure::Unknown
            };
            return Attribution {
                mention: Some(self.span(a, b)),
                speaker,
                sure,
            };
        }
        Attribution {
            mention: None,
            speaker: None,
            sure: Sure::Unknown,
        }
    }

    /// The clause before a Persian cue, without a leading «به گزارش X،» or «به نقل از X،».
    fn persian_subject_region(&self, c: usize) -> usize {
        let mut from = self.clause_start(c);
        let opens_with = |a: &str, b: &str| self.word(from) == a && self.word(from + 1) == b;
        let agency = opens_with("به", "گزارش")
            || opens_with("به", "نقل")
            || opens_with("بر", "اساس")
            || self.word(from) == "براساس"
            || opens_with("بنا", "بر");
        if agency
            && let Some(comma) = (from..c).find(|&k| {
                let t = &self.words.list[k];
                t.is('،') || t.is(',') || t.is('؛')
            })
        {
            from = comma + 1;
        }
        from
    }
}

fn kind_of(open: Open, doc: &Doc, span: Span) -> QuoteKind {
    match open {
        Open::Colon | Open::Marks(_) => QuoteKind::Direct,
        Open::That | Open::Call => {
            let marked =
                doc.words.list.iter().any(|t| {
                    t.start >= span.start && t.end <= span.end && (t.is('«') || t.is('"'))
                });
            if marked {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            }
        }
    }
}

fn score(base: f32, sure: Sure, cue: Option<&Cue>) -> f32 {
    let mut s = base
        + match sure {
            Sure::Named => 0.2,
            Sure::Last => 0.12,
            Sure::Guessed => 0.08,
            Sure::Unknown => -0.1,
        };
    if let Some(cue) = cue {
        if cue.marked > 0 {
            s += 0.05;
        }
        s *= 1.0 - cue.rejected as f32 / (cue.rejected + cue.marked + 2) as f32;
    }
    s.clamp(0.0, 1.0)
}

fn base_of(open: Open) -> f32 {
    match open {
        Open::Colon | Open::Marks(_) => 0.72,
        Open::That => 0.66,
        Open::Call => 0.55,
    }
}

/// «X گفت: …», «X تأکید کرد که …», «X گفت «…»».
fn persian(doc: &Doc, c: usize, len: usize, cue: &Cue) -> Option<Suggestion> {
    let (open, start) = doc.opener(c + len, cue.opens)?;
    let end = doc.content_end(open, start);
    let direct = matches!(open, Open::Colon | Open::Marks(_));
    let span = doc.content(start, end, direct)?;
    let from = doc.persian_subject_region(c);
    let who = doc.attribute(from, c, c);
    let score = score(base_of(open), who.sure, Some(cue));
    let cue = Some(doc.span(c, c + len));
    Some(doc.suggestion(span, kind_of(open, doc, span), cue, who, score, "cue"))
}

/// «وقال X: …», «أكد X أن …», «دعا X إلى …», «مؤكداً أن …».
fn arabic(doc: &Doc, c: usize, len: usize, cue: &Cue) -> Option<Suggestion> {
    let after = c + len;
    // «يذكر أن …», «يشار إلى أن …» («it is noted that»): the writer's words, nobody's quote.
    if len == 1 && matches!(doc.word(c), "یذکر" | "ویذکر" | "یشار" | "ویشار") {
        return None;
    }
    let limit = doc.sentence_end(after).min(after + 24);
    // «وقال، ينبغي …»: a comma right after the verb stands for a colon.
    let (open, start, k) = if doc
        .words
        .list
        .get(after)
        .is_some_and(|t| t.is('،') || t.is(','))
        && !cue.participle
    {
        (Open::Colon, after + 1, after)
    } else {
        (after..limit).find_map(|k| doc.opener(k, cue.opens).map(|(o, s)| (o, s, k)))?
    };
    let end = doc.content_end(open, start);
    let direct = matches!(open, Open::Colon | Open::Marks(_));
    let span = doc.content(start, end, direct)?;
    let named_after = doc.subject_name(after, k).is_some();
    let phrase_after = !cue.participle && doc.noun_phrase(after, k).is_some();
    let who = if named_after || phrase_after {
        doc.attribute(after, k, c)
    } else {
        // No subject after the verb («وأضاف: …», «وأعرب عن أمله في أن …», «مؤكداً أن …»): the
        // one named before it in the clause (subject first), or the speaker named last.
        let from = doc.clause_start(c);
        match doc.subject_name(from, c) {
            Some(h) if !cue.participle => Attribution {
                mention: Some(doc.span(h.start, h.start + h.len)),
                speaker: Some(h.speaker.clone()),
                sure: Sure::Named,
            },
            _ => Attribution {
                mention: None,
                speaker: doc.previous_speaker(c),
                sure: Sure::Last,
            },
        }
    };
    let score = score(base_of(open), who.sure, Some(cue));
    let cue = Some(doc.span(c, c + len));
    Some(doc.suggestion(span, kind_of(open, doc, span), cue, who, score, "cue"))
}

/// «به گفته X، …» and «نقلاً عن X، …»: the source first, then what it said.
fn according_to(doc: &Doc, i: usize) -> Option<Suggestion> {
    let (a, b) = (doc.word(i), doc.word(i + 1));
    let persian = a == "به" && b == "گفته";
    let arabic = a == "نقلا" && b == "عن";
    if !(persian || arabic) {
        return None;
    }
    let from = i + 2;
    let limit = doc.sentence_end(from).min(from + 10);
    let comma = (from..limit).find(|&k| doc.words.list[k].is('،') || doc.words.list[k].is(','))?;
    if comma == from {
        return None;
    }
    let start = comma + 1;
    let end = doc.content_end(Open::That, start);
    let span = doc.content(start, end, false)?;
    let who = doc.attribute(from, comma, i);
    let score = score(0.66, who.sure, None);
    let (kind, cue) = (kind_of(Open::That, doc, span), Some(doc.span(i, i + 2)));
    Some(doc.suggestion(span, kind, cue, who, score, "according-to"))
}

/// «X با بیان اینکه …، گفت: …»: the clause is a quote of its own, up to the comma before the
/// main verb.
fn persian_with_saying(doc: &Doc, i: usize) -> Option<Suggestion> {
    if doc.word(i) != "با" || !matches!(doc.word(i + 1), "بیان" | "تاکید") {
        return None;
    }
    let (open, start) = doc.opener(i + 2, Opens::Speech)?;
    if !matches!(open, Open::That | Open::Marks(_)) {
        return None;
    }
    let sentence = doc.sentence_end(start);
    let next_cue = doc
        .cues
        .iter()
        .map(|&(c, _, _)| c)
        .find(|&c| c > start && c < sentence);
    let end = match (open, next_cue) {
        (Open::Marks(_), _) => doc.content_end(open, start),
        // Up to the comma before the main verb, or the verb itself when no comma is written
        // («با بیان اینکه … حکایت دارد افزود: …»).
        (_, Some(c)) => (start..c)
            .rev()
            .find(|&k| doc.words.list[k].is('،') || doc.words.list[k].is(','))
            .unwrap_or(c),
        (_, None) => sentence,
    };
    let span = doc.content(start, end, false)?;
    let from = doc.persian_subject_region(i);
    let who = doc.attribute(from, i, i);
    let score = score(0.58, who.sure, None);
    let (kind, cue) = (kind_of(open, doc, span), Some(doc.span(i + 1, i + 2)));
    Some(doc.suggestion(span, kind, cue, who, score, "with-saying"))
}

/// A headline «X: …» without a verb, in the first lines of the article.
fn headline(doc: &Doc) -> Option<Suggestion> {
    let mut line_start = 0;
    for _ in 0..3 {
        let end = doc.paragraph_end(line_start);
        let words = (line_start..end)
            .filter(|&k| doc.words.list[k].is_word())
            .count();
        if (3..=24).contains(&words) {
            let colon = (line_start..end.min(line_start + 8)).find(|&k| doc.words.list[k].is(':'));
            let has_cue = doc.cues.iter().any(|&(c, _, _)| c >= line_start && c < end);
            if let Some(colon) = colon
                && colon > line_start
                && !has_cue
            {
                let span = doc.content(colon + 1, end, true)?;
                let who = doc.attribute(line_start, colon, colon);
                if who.sure == Sure::Named {
                    return Some(doc.suggestion(
                        span,
                        QuoteKind::Direct,
                        None,
                        who,
                        0.45,
                        "headline",
                    ));
                }
            }
        }
        if end >= doc.words.list.len() {
            return None;
        }
        line_start = end + 1;
    }
    None
}
