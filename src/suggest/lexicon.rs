//! The verbs of saying (cues) of Persian and Arabic news, with their inflections. Each form is
//! kept in its folded spelling (`model::search::fold`), so a table entry matches the Persian and
//! the Arabic letter forms, with or without hamza, harakat, tanween or ZWNJ, and a light verb
//! written with a space, a ZWNJ or nothing between its parts.

use crate::model::Language;
use crate::model::search::fold;
use std::collections::HashMap;

/// What follows a cue before the quoted words start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opens {
    /// A colon, quotation marks, or که / أنّ / إنّ.
    Speech,
    /// Also «إلى» (دعا إلى …, طالب بـ …): a call rather than a statement.
    Call,
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
/// that adds a second statement («مؤكداً أن …»).
const ARABIC_VERBS: &[[&str; 7]] = &[
    ["قال", "قالت", "قالوا", "يقول", "تقول", "يقولون", "قائلاً"],
    ["أكد", "أكدت", "أكدوا", "يؤكد", "تؤكد", "يؤكدون", "مؤكداً"],
    ["أضاف", "أضافت", "أضافوا", "يضيف", "تضيف", "يضيفون", "مضيفاً"],
    ["أوضح", "أوضحت", "أوضحوا", "يوضح", "توضح", "يوضحون", "موضحاً"],
    ["أشار", "أشارت", "أشاروا", "يشير", "تشير", "يشيرون", "مشيراً"],
    ["صرح", "صرحت", "صرحوا", "يصرح", "تصرح", "يصرحون", "مصرحاً"],
    ["شدد", "شددت", "شددوا", "يشدد", "تشدد", "يشددون", "مشدداً"],
    ["أعلن", "أعلنت", "أعلنوا", "يعلن", "تعلن", "يعلنون", "معلناً"],
    ["اعتبر", "اعتبرت", "اعتبروا", "يعتبر", "تعتبر", "يعتبرون", "معتبراً"],
    ["لفت", "لفتت", "لفتوا", "يلفت", "تلفت", "يلفتون", "لافتاً"],
    ["ذكر", "ذكرت", "ذكروا", "يذكر", "تذكر", "يذكرون", "ذاكراً"],
    ["أفاد", "أفادت", "أفادوا", "يفيد", "تفيد", "يفيدون", "مفيداً"],
    ["تابع", "تابعت", "تابعوا", "يتابع", "تتابع", "يتابعون", "متابعاً"],
    ["أردف", "أردفت", "أردفوا", "يردف", "تردف", "يردفون", "مردفاً"],
    ["بين", "بينت", "بينوا", "يبين", "تبين", "يبينون", "مبيناً"],
    ["رأى", "رأت", "رأوا", "يرى", "ترى", "يرون", "رائياً"],
    ["حذر", "حذرت", "حذروا", "يحذر", "تحذر", "يحذرون", "محذراً"],
    ["نفى", "نفت", "نفوا", "ينفي", "تنفي", "ينفون", "نافياً"],
    ["أعرب", "أعربت", "أعربوا", "يعرب", "تعرب", "يعربون", "معرباً"],
    ["كشف", "كشفت", "كشفوا", "يكشف", "تكشف", "يكشفون", "كاشفاً"],
];

/// Arabic verbs that call for something: their content may open with «إلى».
const ARABIC_CALLS: &[[&str; 7]] = &[
    ["دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون", "داعياً"],
    ["طالب", "طالبت", "طالبوا", "يطالب", "تطالب", "يطالبون", "مطالباً"],
];

/// Arabic cue forms as written: each form, with the clitics و and ف; participles as well.
/// Returns (form, is participle, is a call).
pub fn arabic_forms_all() -> Vec<(String, bool, bool)> {
    let mut out = Vec::new();
    for (table, call) in [(ARABIC_VERBS, false), (ARABIC_CALLS, true)] {
        for forms in table {
            for (i, form) in forms.iter().enumerate() {
                let participle = i == 6;
                for clitic in ["", "و", "ف"] {
                    out.push((format!("{clitic}{form}"), participle, call));
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
}

impl Lexicon {
    /// The built-in Persian and Arabic lexicons.
    pub fn builtin() -> Self {
        let mut lex = Lexicon::default();
        for form in persian_forms_all() {
            lex.add(&form, Language::Persian, Opens::Speech, false);
        }
        for (form, participle, call) in arabic_forms_all() {
            let opens = if call { Opens::Call } else { Opens::Speech };
            lex.add(&form, Language::Arabic, opens, participle);
        }
        lex
    }

    fn add(&mut self, phrase: &str, language: Language, opens: Opens, participle: bool) {
        let words = phrase.split_whitespace().count();
        self.longest = self.longest.max(words + 1);
        self.cues.entry(fold(phrase)).or_insert(Cue {
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

    /// The cue spelled `folded` (joined words, folded), if any.
    pub fn get(&self, folded: &str) -> Option<&Cue> {
        self.cues.get(folded)
    }
}
