//! The verbs of saying (cues) of Persian and Arabic news, with their inflections. Each form is
//! kept in its folded spelling (`model::search::fold`), so a table entry matches the Persian and
//! the Arabic letter forms, with or without hamza, harakat, tanween or ZWNJ, and a light verb
//! written with a space, a ZWNJ or nothing between its parts.

use crate::model::Language;
use crate::model::search::fold;
use std::collections::{HashMap, HashSet};

/// What follows a cue before the quoted words start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opens {
    /// A colon, quotation marks, or که / أنّ / إنّ.
    Speech,
    /// Also «إلى» (دعا إلى …): a call rather than a statement, «إلى» included.
    Call,
    /// Also «إلى» (أشار إلى …), or «إلى أنّ».
    Towards,
    /// Also «على» (أكد على ضرورة …), which is left out.
    On,
    /// Also a word with the clitic بـ (طالب بـ …, مذكّراً بـ …).
    With,
    /// Also «من», included (حذّر من …).
    Against,
}

#[derive(Clone, Debug)]
pub struct Cue {
    pub language: Language,
    pub opens: Opens,
    /// An Arabic participle (مؤكداً، مضيفاً): its speaker is the subject of the clause before.
    pub participle: bool,
    /// How often coders marked this cue in the project (learned; 0 for the built-in lexicon).
    pub marked: u32,
    /// How often a suggestion with this cue was rejected.
    pub rejected: u32,
}

/// Simple Persian verbs of saying: (past stem, present stem).
const PERSIAN_VERBS: &[(&str, &str)] = &[
    ("گفت", "گوی"),
    ("افزود", "افزای"),
    ("نوشت", "نویس"),
    ("خواست", "خواه"),
    ("پرسید", "پرس"),
];

/// Nouns that make a verb of saying with «کرد» (and «نمود»).
const PERSIAN_KARD_NOUNS: &[&str] = &[
    "تأکید",
    "اشاره",
    "اظهار",
    "خاطرنشان",
    "تصریح",
    "عنوان",
    "اعلام",
    "بیان",
    "ابراز",
    "اضافه",
    "یادآوری",
    "توصیه",
    "درخواست",
    "دعوت",
    "تشریح",
    "اعتراف",
    "ادعا",
    "انتقاد",
    "تأیید",
    "تکذیب",
    "پیشنهاد",
];

/// Other light verbs: (noun, past stem, present stem).
const PERSIAN_LIGHT: &[(&str, &str, &str)] = &[
    ("اظهار", "داشت", "دار"),
    ("ابراز", "داشت", "دار"),
    ("بیان", "داشت", "دار"),
    ("مقرر", "داشت", "دار"),
    ("خاطرنشان", "ساخت", "ساز"),
    ("توضیح", "داد", "ده"),
    ("ادامه", "داد", "ده"),
    ("پاسخ", "داد", "ده"),
    ("گزارش", "داد", "ده"),
    ("هشدار", "داد", "ده"),
    ("خبر", "داد", "ده"),
    ("یادآور", "شد", "شو"),
    ("خواستار", "شد", "شو"),
    ("متذکر", "شد", "شو"),
    ("مدعی", "شد", "شو"),
    ("تأکید", "نمود", "نمای"),
];

/// Every form of a Persian verb from its stems: past (3rd person, singular and plural),
/// present perfect, past perfect, present (with «می‌» joined by a ZWNJ, a space or nothing;
/// folding makes those one form).
fn persian_forms(past: &str, present: &str) -> Vec<String> {
    let mut forms = vec![
        past.to_owned(),
        format!("{past}ند"),
        format!("{past}ه است"),
        format!("{past}ه‌است"),
        format!("{past}ه‌اند"),
        format!("{past}ه بود"),
        format!("{past}ه بودند"),
        format!("می‌{present}د"),
        format!("می‌{present}ند"),
    ];
    // «گوی» + «د» is «گوید»; «ده» + «د» is «دهد»; «شو» + «د» is «شود».
    forms.dedup();
    forms
}

/// Persian cue phrases as written (not folded), every inflection.
pub fn persian_forms_all() -> Vec<String> {
    let mut out = Vec::new();
    for (past, present) in PERSIAN_VERBS {
        out.extend(persian_forms(past, present));
    }
    for noun in PERSIAN_KARD_NOUNS {
        for light in persian_forms("کرد", "کن")
            .into_iter()
            .chain(persian_forms("نمود", "نمای"))
        {
            out.push(format!("{noun} {light}"));
        }
    }
    for (noun, past, present) in PERSIAN_LIGHT {
        for light in persian_forms(past, present) {
            out.push(format!("{noun} {light}"));
        }
    }
    out
}

/// Arabic verbs of saying: past (he, she, they), present (he, she, they) and the participle
/// that adds a second statement («مؤكداً أن …»), with what else may open their content.
const ARABIC_VERBS: &[([&str; 7], Opens)] = &[
    (
        ["قال", "قالت", "قالوا", "يقول", "تقول", "يقولون", "قائلاً"],
        Opens::Speech,
    ),
    (
        ["أكد", "أكدت", "أكدوا", "يؤكد", "تؤكد", "يؤكدون", "مؤكداً"],
        Opens::On,
    ),
    (
        ["أضاف", "أضافت", "أضافوا", "يضيف", "تضيف", "يضيفون", "مضيفاً"],
        Opens::Speech,
    ),
    (
        ["أوضح", "أوضحت", "أوضحوا", "يوضح", "توضح", "يوضحون", "موضحاً"],
        Opens::Speech,
    ),
    (
        ["أشار", "أشارت", "أشاروا", "يشير", "تشير", "يشيرون", "مشيراً"],
        Opens::Towards,
    ),
    (
        ["لفت", "لفتت", "لفتوا", "يلفت", "تلفت", "يلفتون", "لافتاً"],
        Opens::Towards,
    ),
    (
        ["صرح", "صرحت", "صرحوا", "يصرح", "تصرح", "يصرحون", "مصرحاً"],
        Opens::Speech,
    ),
    (
        ["شدد", "شددت", "شددوا", "يشدد", "تشدد", "يشددون", "مشدداً"],
        Opens::On,
    ),
    (
        ["أعلن", "أعلنت", "أعلنوا", "يعلن", "تعلن", "يعلنون", "معلناً"],
        Opens::Speech,
    ),
    (
        [
            "اعتبر",
            "اعتبرت",
            "اعتبروا",
            "يعتبر",
            "تعتبر",
            "يعتبرون",
            "معتبراً",
        ],
        Opens::Speech,
    ),
    (
        ["ذكر", "ذكرت", "ذكروا", "يذكر", "تذكر", "يذكرون", "ذاكراً"],
        Opens::Speech,
    ),
    (
        ["ذكّر", "ذكّرت", "ذكّروا", "يذكّر", "تذكّر", "يذكّرون", "مذكّراً"],
        Opens::With,
    ),
    (
        ["أفاد", "أفادت", "أفادوا", "يفيد", "تفيد", "يفيدون", "مفيداً"],
        Opens::Speech,
    ),
    (
        [
            "تابع",
            "تابعت",
            "تابعوا",
            "يتابع",
            "تتابع",
            "يتابعون",
            "متابعاً",
        ],
        Opens::Speech,
    ),
    (
        ["أردف", "أردفت", "أردفوا", "يردف", "تردف", "يردفون", "مردفاً"],
        Opens::Speech,
    ),
    (
        ["رأى", "رأت", "رأوا", "يرى", "ترى", "يرون", "رائياً"],
        Opens::Speech,
    ),
    (
        ["حذر", "حذرت", "حذروا", "يحذر", "تحذر", "يحذرون", "محذراً"],
        Opens::Against,
    ),
    (
        ["نفى", "نفت", "نفوا", "ينفي", "تنفي", "ينفون", "نافياً"],
        Opens::Speech,
    ),
    (
        ["أعرب", "أعربت", "أعربوا", "يعرب", "تعرب", "يعربون", "معرباً"],
        Opens::Speech,
    ),
    (
        ["كشف", "كشفت", "كشفوا", "يكشف", "تكشف", "يكشفون", "كاشفاً"],
        Opens::Speech,
    ),
    (
        ["دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون", "داعياً"],
        Opens::Call,
    ),
    (
        [
            "طالب",
            "طالبت",
            "طالبوا",
            "يطالب",
            "تطالب",
            "يطالبون",
            "مطالباً",
        ],
        Opens::With,
    ),
];

/// Arabic cue forms as written: each form, with the clitics و and ف; the participle also in
/// the plural and the feminine («مؤكدين», «مؤكدة»). Returns (form, is participle, opens).
pub fn arabic_forms_all() -> Vec<(String, bool, Opens)> {
    let mut out = Vec::new();
    for (forms, opens) in ARABIC_VERBS {
        for (i, form) in forms.iter().enumerate() {
            let participle = i == 6;
            let mut variants = vec![(*form).to_owned()];
            if participle && let Some(stem) = form.strip_suffix("اً") {
                variants.push(format!("{stem}ين"));
                variants.push(format!("{stem}ة"));
            }
            for v in variants {
                for clitic in ["", "و", "ف"] {
                    out.push((format!("{clitic}{v}"), participle, *opens));
                }
            }
        }
    }
    out
}

/// The cue lexicon: folded phrase to cue.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub cues: HashMap<String, Cue>,
    /// The most words a cue has.
    pub longest: usize,
    /// Every beginning of a folded cue: a word that is none starts no cue.
    starts: HashSet<String>,
}

impl Lexicon {
    /// The built-in Persian and Arabic lexicons.
    pub fn builtin() -> Self {
        let mut lex = Lexicon::default();
        for form in persian_forms_all() {
            lex.add(&form, Language::Persian, Opens::Speech, false);
        }
        for (form, participle, opens) in arabic_forms_all() {
            lex.add(&form, Language::Arabic, opens, participle);
        }
        lex
    }

    fn add(&mut self, phrase: &str, language: Language, opens: Opens, participle: bool) {
        let words = phrase.split_whitespace().count();
        self.longest = self.longest.max(words + 1);
        let key = fold(phrase);
        add_beginnings(&mut self.starts, &key);
        self.cues.entry(key).or_insert(Cue {
            language,
            opens,
            participle,
            marked: 0,
            rejected: 0,
        });
    }

    /// A cue coders marked: counted, and added to the lexicon if it is new.
    pub fn learn(&mut self, phrase: &str, language: Language) {
        let key = fold(phrase);
        if key.is_empty() {
            return;
        }
        let words = phrase.split_whitespace().count();
        self.longest = self.longest.max(words + 1).min(8);
        add_beginnings(&mut self.starts, &key);
        let cue = self.cues.entry(key).or_insert(Cue {
            language,
            opens: Opens::Speech,
            participle: false,
            marked: 0,
            rejected: 0,
        });
        cue.marked += 1;
    }

    /// A suggestion with this cue was rejected.
    pub fn reject(&mut self, phrase: &str) {
        if let Some(cue) = self.cues.get_mut(&fold(phrase)) {
            cue.rejected += 1;
        }
    }

    /// Whether a cue begins with the folded word `word`.
    pub fn may_start(&self, word: &str) -> bool {
        self.starts.contains(word)
    }

    /// The cue spelled `folded` (joined words, folded), if any.
    pub fn get(&self, folded: &str) -> Option<&Cue> {
        self.cues.get(folded)
    }
}

/// Adds every beginning of `key` (at char boundaries) to `starts`.
pub fn add_beginnings(starts: &mut HashSet<String>, key: &str) {
    for (i, c) in key.char_indices() {
        starts.insert(key[..i + c.len_utf8()].to_owned());
    }
}
