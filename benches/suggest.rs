//! Speed of suggestions: one article of 5,000 chars, learning from 200,000 quotes, and a
//! project of 10,000 articles (learn, then suggest for every article on all cores, as the
//! window's background pass does).
//!
//! `cargo bench --bench suggest` prints min / median / max of each. Articles are made of the
//! sample articles' paragraphs (real Persian and Arabic news text); the registry is the
//! sample's; the quotes that teach the suggester are the sample coders' quotes, repeated.

// A bench fails loudly on a broken set-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
use harness::measure;

use naql::model::*;
use naql::suggest::Suggester;
use std::time::Instant;

const ARTICLES: usize = 10_000;
const QUOTES: usize = 200_000;
const ARTICLE_CHARS: usize = 5_000;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

/// The sample project with `articles` articles of about `ARTICLE_CHARS` chars from its
/// paragraphs, and `quotes` quotes (the sample coders' quotes, spread over the articles).
fn project(articles: usize, quotes: usize) -> Project {
    let sample = naql::sample::project().unwrap();
    let texts: Vec<std::sync::Arc<str>> = sample
        .texts
        .ids()
        .filter_map(|id| sample.texts.read(id))
        .collect();
    let paragraphs: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.lines().filter(|l| l.chars().count() > 40))
        .collect();
    let models: Vec<Quote> = sample.quotes().map(|(_, q)| q.clone()).collect();
    let mut p = Project::new(sample.manifest.clone());
    p.manifest.documents = Default::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for a in 0..articles {
        let mut text = String::new();
        while text.chars().count() < ARTICLE_CHARS {
            text.push_str(paragraphs[rng.below(paragraphs.len())]);
            text.push('\n');
        }
        let id = DocumentId::new(format!("article-{a:05}"));
        std::sync::Arc::make_mut(&mut p.manifest.documents).push(Document {
            id: id.clone(),
            file_name: format!("{id}.txt"),
            title: id.to_string(),
            source: String::new(),
            date: None,
            language: Language::Other,
            sha256: String::new(),
            chars: text.chars().count(),
            url: String::new(),
            metadata: Default::default(),
        });
        p.texts.insert(id, text);
    }
    for i in 0..quotes {
        let mut q = models[i % models.len()].clone();
        q.id = QuoteId::generate();
        q.document = DocumentId::new(format!("article-{:05}", i % articles.max(1)));
        let coder = PersonId::new(format!("coder-{:02}", i % 20));
        q.coder = coder.clone();
        p.layer_or_new(&coder).quotes.push(q);
    }
    p
}

fn main() {
    if !harness::benching("suggest") {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} cores");

    let small = project(1, QUOTES);
    let doc = DocumentId::new("article-00000");
    let text: String = small
        .texts
        .read(&doc)
        .unwrap()
        .chars()
        .take(ARTICLE_CHARS)
        .collect();
    let suggester = Suggester::learn(&small, None, &[]);
    let found = suggester.suggest(&doc, &text, Language::Other).len();
    measure(
        &format!("one article, {ARTICLE_CHARS} chars ({found} suggestions)"),
        300,
        || {
            let t = Instant::now();
            std::hint::black_box(suggester.suggest(&doc, &text, Language::Other));
            t.elapsed()
        },
    );
    measure(&format!("learn from {QUOTES} quotes"), 5, || {
        let t = Instant::now();
        std::hint::black_box(Suggester::learn(&small, None, &[]));
        t.elapsed()
    });

    let big = project(ARTICLES, QUOTES);
    let learned = Suggester::learn(&big, None, &[]);
    measure("1,000 articles one after another (one core)", 3, || {
        let t = Instant::now();
        for d in big.manifest.documents.iter().take(1000) {
            std::hint::black_box(learned.suggest(
                &d.id,
                &big.texts.read(&d.id).unwrap(),
                d.language,
            ));
        }
        t.elapsed()
    });
    let mut total = 0;
    measure(
        &format!("project: learn + {ARTICLES} articles, {QUOTES} quotes"),
        3,
        || {
            let t = Instant::now();
            let s = Suggester::learn(&big, None, &[]);
            let all = s.suggest_all(&big, &|_, _| {});
            total = all.iter().map(|(_, l)| l.len()).sum();
            t.elapsed()
        },
    );
    println!("{total} suggestions in the project");
    // The window's background pass leaves one core to the window.
    let threads = cores.saturating_sub(1).max(1);
    measure(
        &format!("the same on {threads} thread(s), as the window runs it"),
        3,
        || {
            let t = Instant::now();
            let s = Suggester::learn(&big, None, &[]);
            let docs: Vec<(DocumentId, Language)> = big
                .manifest
                .documents
                .iter()
                .map(|d| (d.id.clone(), d.language))
                .collect();
            std::hint::black_box(s.suggest_texts(threads, &big.texts, &docs, &|_, _| {}));
            t.elapsed()
        },
    );
}
