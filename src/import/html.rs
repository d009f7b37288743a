//! Articles from web pages saved from news sites: the article's text is taken out of the page
//! with `dom_smoothie` (a port of Mozilla's Readability, which leaves navigation, related
//! links and other boilerplate out); the title, date, site and URL come from the page's
//! metadata (Open Graph, JSON-LD, `<title>`, the canonical link).

use super::decode;

/// What a page gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub byline: Option<String>,
}

/// Reads a saved page's bytes.
pub fn read(bytes: &[u8]) -> Result<Page, super::error::ReadError> {
    use super::error::ReadError;
    let html = decode::decode(bytes)?;
    let cfg = dom_smoothie::Config {
        // Paragraphs as lines of their own: a paragraph of the article is a line of its text.
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html.as_str(), None, Some(cfg))
        .map_err(|e| ReadError::Page(e.to_string()))?;
    let article = r.parse().map_err(|e| ReadError::NoArticle(e.to_string()))?;
    let text = tidy(&article.text_content);
    if text.trim().is_empty() {
        return Err(ReadError::EmptyArticle);
    }
    let nonempty = |s: Option<String>| s.map(|x| x.trim().to_owned()).filter(|x| !x.is_empty());
    Ok(Page {
        text,
        title: nonempty(Some(article.title.clone())),
        date: nonempty(article.published_time.clone()),
        site: nonempty(article.site_name.clone()),
        url: nonempty(article.url.clone()).or_else(|| canonical_link(&html)),
        language: nonempty(article.lang.clone()),
        byline: nonempty(article.byline.clone()),
    })
}

/// The text as lines: spaces inside a line collapsed, blank lines between paragraphs kept
/// single, no blanks at the ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        out.push_str(&line);
    }
    out
}

/// `<link rel="canonical" href="…">` or `<meta property="og:url" content="…">`.
fn canonical_link(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for (marker, attr) in [("rel=\"canonical\"", "href=\""), ("og:url", "content=\"")] {
        let Some(at) = lower.find(marker) else {
            continue;
        };
        let tag_start = lower[..at].rfind('<')?;
        let tag_end = at + lower[at..].find('>')?;
        let tag = &html[tag_start..tag_end];
        if let Some(v) = tag.to_ascii_lowercase().find(attr) {
            let rest = &tag[v + attr.len()..];
            if let Some(end) = rest.find('"') {
                return Some(rest[..end].to_owned());
            }
        }
    }
    None
}
