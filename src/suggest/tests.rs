//! The suggester's rules, lexicons and learning, on small texts.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly

use super::lexicon::{Lexicon, arabic_forms_all, persian_forms_all};
use super::tokens::{longest_phrase, tokenize};
use super::*;
use crate::model::{Manifest, Speaker};

fn speaker(id: &str, aliases: &[&str]) -> Speaker {
    Speaker {
        id: SpeakerId::new(id),
        name: id.to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        role: String::new(),
        affiliation: String::new(),
        country: String::new(),
    }
}

fn project() -> Project {
    let mut m = Manifest::new("t");
    m.speakers = vec![
        speaker(
            "lukashenko",
            &[
                "لوکاشنکو",
                "رئیس‌جمهور بلاروس",
                "ألكسندر لوكاشينكو",
                "الرئيس البيلاروسي",
            ],
        ),
        speaker(
            "pezeshkian",
            &["مسعود پزشکیان", "پزشکیان", "رئیس‌جمهور ایران"],
        ),
        speaker("khrenin", &["وزیر دفاع جمهوری بلاروس", "خرنین"]),
        speaker(
            "ashtiani",
            &["وزیر دفاع و پشتیبانی نیروهای مسلح", "آشتیانی"],
        ),
    ];
    Project::new(m)
}

/// Whether the whole of `phrase` reads as one cue of the lexicon.
fn is_cue(lex: &Lexicon, phrase: &str) -> bool {
    let tokens = tokenize(phrase);
    longest_phrase(
        &tokens,
        0,
        lex.longest,
        |w| lex.may_start(w),
        |j| lex.get(j),
    )
    .is_some_and(|(n, _)| n == tokens.list.len())
}

#[test]
fn lexicons_match_every_listed_inflection() {
    let lex = Lexicon::builtin();
    let persian = [
        "گفت",
        "گفتند",
        "گفته است",
        "می‌گوید",
        "میگوید",
        "می گوید",
        "افزود",
        "می‌افزاید",
        "تأکید کرد",
        "تاکید کرد",
        "تأکید کردند",
        "تأکید کرده است",
        "تأکید کرده‌است",
        "تأکید می‌کند",
        "تاکید میکند",
        "تأکید می کنند",
        "اظهار داشت",
        "اظهار داشتند",
        "خاطرنشان کرد",
        "خاطر نشان کرد",
        "خاطرنشان کرده است",
        "خاطرنشان ساخت",
        "اشاره کرد",
        "یادآور شد",
        "ادامه داد",
        "تصریح کرد",
        "بیان کرد",
        "عنوان کرد",
        "اعلام کردند",
    ];
    for p in persian {
        assert!(is_cue(&lex, p), "{p} is not a cue");
    }
    let arabic = [
        "قال",
        "وقال",
        "فقال",
        "قالت",
        "وقالت",
        "قالوا",
        "يقول",
        "تقول",
        "قائلاً",
        "قائلا",
        "أكد",
        "وأكد",
        "فأكد",
        "أكدت",
        "أكدوا",
        "يؤكد",
        "مؤكداً",
        "مؤكدا",
        "مؤكدين",
        "مؤكدة",
        "أضاف",
        "وأضاف",
        "أضافت",
        "أضافوا",
        "مضيفاً",
        "ومضيفاً",
        "أوضح",
        "وأوضحت",
        "موضحاً",
        "أشار",
        "وأشار",
        "أشارت",
        "أشاروا",
        "مشيراً",
        "مشيرا",
        "دعا",
        "ودعت",
        "وشدد",
        // Arabic letter forms fold to the Persian ones and back: ي/ی, ك/ک.
        "اكد",
        "وأكّد",
    ];
    for a in arabic {
        assert!(is_cue(&lex, a), "{a} is not a cue");
    }
    // Nothing that is not a verb of saying: «به گزارش» names an agency.
    for not in ["گزارش", "به گزارش", "بین", "خبرگزاری", "گفتوگو", "گفت‌وگو"]
    {
        assert!(!is_cue(&lex, not), "{not} should not be a cue");
    }
    // Every generated form is found whole (no form is shadowed by a shorter one).
    for form in persian_forms_all() {
        assert!(is_cue(&lex, &form), "{form}");
    }
    for (form, _, _) in arabic_forms_all() {
        assert!(is_cue(&lex, &form), "{form}");
    }
}

fn suggest(text: &str, language: Language) -> Vec<Suggestion> {
    Suggester::builtin(&project()).suggest(&DocumentId::new("d"), text, language)
}

fn slice(text: &str, span: Option<Span>) -> String {
    span.map(|s| text.chars().skip(s.start).take(s.len()).collect())
        .unwrap_or_default()
}

#[test]
fn persian_direct_quote_after_a_colon() {
    let text = "لوکاشنکو در دیدار با پزشکیان گفت: ما با ایران همکاری می‌کنیم.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(slice(text, Some(s[0].span)), "ما با ایران همکاری می‌کنیم.");
    assert_eq!(s[0].kind, QuoteKind::Direct);
    assert_eq!(slice(text, s[0].cue), "گفت");
    // The subject, not the name after «با».
    assert_eq!(slice(text, s[0].mention), "لوکاشنکو");
    assert_eq!(s[0].speaker, Some(SpeakerId::new("lukashenko")));
    assert!(s[0].score >= DEFAULT_THRESHOLD);
}

#[test]
fn persian_indirect_quote_with_ke_and_a_pronoun() {
    let text =
        "پزشکیان به بلاروس رفت.\nوی تأکید کرده است که روابط دو کشور گسترش می‌یابد. این خبر بود.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(slice(text, Some(s[0].span)), "روابط دو کشور گسترش می‌یابد");
    assert_eq!(s[0].kind, QuoteKind::Indirect);
    assert_eq!(slice(text, s[0].cue), "تأکید کرده است");
    assert_eq!(slice(text, s[0].mention), "وی");
    assert_eq!(s[0].speaker, Some(SpeakerId::new("pezeshkian")));
}

#[test]
fn arabic_speaker_after_the_verb() {
    let text = "وقال الرئيس البيلاروسي إن بلاده تدعم حق إيران. وأضاف: \"نحن شركاء منذ زمن طويل\".";
    let s = suggest(text, Language::Arabic);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(slice(text, Some(s[0].span)), "بلاده تدعم حق إيران");
    assert_eq!(slice(text, s[0].cue), "وقال");
    assert_eq!(slice(text, s[0].mention), "الرئيس البيلاروسي");
    assert_eq!(s[0].speaker, Some(SpeakerId::new("lukashenko")));
    // «وأضاف» has no subject of its own: the speaker named last.
    assert_eq!(slice(text, Some(s[1].span)), "نحن شركاء منذ زمن طويل");
    assert_eq!(s[1].kind, QuoteKind::Direct);
    assert_eq!(s[1].mention, None);
    assert_eq!(s[1].speaker, Some(SpeakerId::new("lukashenko")));
}

#[test]
fn arabic_participle_adds_a_second_statement() {
    let text = "أكد ألكسندر لوكاشينكو أن العقوبات فشلت، مشيراً إلى أن التعاون سيستمر.";
    let s = suggest(text, Language::Arabic);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(slice(text, Some(s[0].span)), "العقوبات فشلت");
    assert_eq!(slice(text, Some(s[1].span)), "التعاون سيستمر");
    assert_eq!(slice(text, s[1].cue), "مشيراً");
    assert!(
        s.iter()
            .all(|x| x.speaker == Some(SpeakerId::new("lukashenko")))
    );
}

#[test]
fn names_match_in_either_script_and_spelling() {
    // Arabic kaf and yeh in a Persian article, ZWNJ dropped by a scraper.
    let text = "رئيسجمهور بلاروس افزود: همکاری ما ادامه خواهد داشت.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].speaker, Some(SpeakerId::new("lukashenko")));
}

#[test]
fn a_shortened_title_goes_to_the_last_named_of_its_speakers() {
    let text = "آشتیانی با خرنین دیدار کرد.\nوزیر دفاع گفت: همکاری ادامه دارد و گسترش می‌یابد.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(slice(text, s[0].mention), "وزیر دفاع");
    // «وزیر دفاع» may be either; خرنین was named last.
    assert_eq!(s[0].speaker, Some(SpeakerId::new("khrenin")));
}

#[test]
fn according_to_and_news_agencies() {
    let text =
        "به گزارش ایرنا، پزشکیان به مینسک رفت.\nبه گفته لوکاشنکو، دو کشور شریک یکدیگر هستند.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(slice(text, Some(s[0].span)), "دو کشور شریک یکدیگر هستند");
    assert_eq!(slice(text, s[0].cue), "به گفته");
    assert_eq!(s[0].speaker, Some(SpeakerId::new("lukashenko")));
}

#[test]
fn a_headline_without_a_verb() {
    let text = "لوکاشنکو: بلاروس شریک قابل اعتماد ایران است\nمتن خبر.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].rule, "headline");
    assert_eq!(
        slice(text, Some(s[0].span)),
        "بلاروس شریک قابل اعتماد ایران است"
    );
}

#[test]
fn quotation_marks_and_mixed_quotes() {
    let text =
        "لوکاشنکو گفت «ما تسلیم نمی‌شویم» و سپس رفت.\nپزشکیان تأکید کرد که «همکاری» ادامه دارد.";
    let s = suggest(text, Language::Persian);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(slice(text, Some(s[0].span)), "ما تسلیم نمی‌شویم");
    assert_eq!(s[0].kind, QuoteKind::Direct);
    assert_eq!(s[1].kind, QuoteKind::Mixed);
}

#[test]
fn spans_never_start_or_end_with_whitespace() {
    let text = "لوکاشنکو گفت:   ما  شریک هستیم  \n";
    for s in suggest(text, Language::Persian) {
        let t = slice(text, Some(s.span));
        assert_eq!(t.trim(), t);
    }
}

#[test]
fn rejections_stay_in_their_document_and_lower_their_cue() {
    let p = project();
    let text = "لوکاشنکو گفت: ما با ایران همکاری می‌کنیم.";
    let first = Suggester::builtin(&p).suggest(&DocumentId::new("a"), text, Language::Persian);
    let rejection = Rejection {
        document: DocumentId::new("a"),
        span: first[0].span,
        cue: Some("گفت".into()),
    };
    let s = Suggester::learn(&p, None, std::slice::from_ref(&rejection));
    assert!(
        s.suggest(&DocumentId::new("a"), text, Language::Persian)
            .is_empty()
    );
    let other = s.suggest(&DocumentId::new("b"), text, Language::Persian);
    assert_eq!(other.len(), 1);
    assert!(other[0].score < first[0].score);
}

/// A quote of `coder` in `doc` with the given cue and mention (spans as found in `text`).
fn coded(
    text: &str,
    doc: &str,
    quote: &str,
    cue: &str,
    mention: &str,
    who: &str,
) -> crate::model::Quote {
    let find = |s: &str| {
        let byte = text.find(s).expect("in text");
        let start = text[..byte].chars().count();
        crate::model::Anchor::of(text, Span::new(start, start + s.chars().count())).unwrap()
    };
    let now = jiff::Timestamp::UNIX_EPOCH;
    crate::model::Quote {
        id: crate::model::QuoteId::generate(),
        document: DocumentId::new(doc),
        anchor: find(quote),
        speaker: Some(SpeakerId::new(who)),
        mention: Some(Box::new(find(mention))),
        cue: Some(Box::new(find(cue))),
        kind: QuoteKind::Indirect,
        topics: Vec::new(),
        note: String::new(),
        source: None,
        coder: crate::model::PersonId::new("sara"),
        created: now,
        modified: now,
    }
}

#[test]
fn learns_cues_and_mentions_that_coders_marked() {
    let mut p = project();
    let coded_text = "رهبر بلاروس ابراز امیدواری کرد که روابط گسترش یابد.";
    let new_text = "رهبر بلاروس همچنین ابراز امیدواری کرد که تجارت دو برابر شود.";
    let before =
        Suggester::learn(&p, None, &[]).suggest(&DocumentId::new("b"), new_text, Language::Persian);
    assert!(before.is_empty(), "{before:?}");
    let q = coded(
        coded_text,
        "a",
        "روابط گسترش یابد",
        "ابراز امیدواری کرد",
        "رهبر بلاروس",
        "lukashenko",
    );
    let mut layer = crate::model::Layer::new(crate::model::PersonId::new("sara"));
    layer.quotes.push(q);
    p.layers
        .insert(crate::model::PersonId::new("sara"), layer.into());
    let learned = Suggester::learn(&p, None, &[]);
    let after = learned.suggest(&DocumentId::new("b"), new_text, Language::Persian);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(slice(new_text, after[0].cue), "ابراز امیدواری کرد");
    assert_eq!(slice(new_text, after[0].mention), "رهبر بلاروس");
    assert_eq!(after[0].speaker, Some(SpeakerId::new("lukashenko")));
    // Asked to stop (the window edits a big layer the pass reads): nothing learned, at once.
    let stop = std::sync::atomic::AtomicBool::new(true);
    assert!(Suggester::learn_unless(&p, None, &[], &stop).is_none());
    stop.store(false, std::sync::atomic::Ordering::Relaxed);
    let unstopped = Suggester::learn_unless(&p, None, &[], &stop).expect("learned");
    assert_eq!(
        unstopped.suggest(&DocumentId::new("b"), new_text, Language::Persian),
        after
    );
    // Held out: the document's own quotes teach nothing about it.
    let held_out = Suggester::learn(&p, Some(&DocumentId::new("a")), &[]);
    assert!(
        held_out
            .suggest(&DocumentId::new("b"), new_text, Language::Persian)
            .is_empty()
    );
}

#[test]
fn arabic_by_saying_warning_from_and_impersonal_notes() {
    let text = "وتابع لوكاشينكو بقوله سنمضي قدماً في هذا الطريق.\nوحذر لوكاشينكو من التصعيد في المنطقة.\nيذكر أن الرئيس البيلاروسي زار طهران في العام الماضي.";
    let s = suggest(text, Language::Arabic);
    let texts: Vec<String> = s.iter().map(|x| slice(text, Some(x.span))).collect();
    assert_eq!(
        texts,
        ["سنمضي قدماً في هذا الطريق.", "من التصعيد في المنطقة"],
        "{s:?}"
    );
    assert_eq!(s[0].kind, QuoteKind::Direct);
}

#[test]
fn persian_with_saying_in_quotation_marks() {
    let text = "پزشکیان با بیان اینکه «ما در کنار بلاروس هستیم»، گفت: همکاری ادامه دارد.";
    let s = suggest(text, Language::Persian);
    let texts: Vec<String> = s.iter().map(|x| slice(text, Some(x.span))).collect();
    assert_eq!(
        texts,
        ["ما در کنار بلاروس هستیم", "همکاری ادامه دارد."],
        "{s:?}"
    );
    assert!(
        s.iter()
            .all(|x| x.speaker == Some(SpeakerId::new("pezeshkian")))
    );
}
