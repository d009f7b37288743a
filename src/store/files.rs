//! The files Naql writes and what it last saw of them: file keys, fingerprints, and the
//! readers and writers of each kind of file.

use super::*;

/// One file Naql writes besides the articles.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKey {
    /// The shared registries. Saved by a person (see [`ProjectDir::set_owner`]) they go to
    /// that person's people file; saved by nobody in particular (creating a project, the
    /// command line without `--coder`), to `project.ron`.
    Manifest,
    Layer(PersonId),
    /// A person's changes to the registries, `people/<id>.ron`.
    People(PersonId),
}

impl FileKey {
    pub fn relative_path(&self) -> String {
        match self {
            FileKey::Manifest => MANIFEST_FILE.to_owned(),
            FileKey::Layer(p) => layer_file(p.as_str()),
            FileKey::People(p) => people_file(p.as_str()),
        }
    }
}

/// What Naql last saw of a file on disk: enough to notice that someone else changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Seen {
    pub(super) print: u64,
    pub(super) len: u64,
    pub(super) modified: Option<std::time::SystemTime>,
}

impl Seen {
    pub(super) fn of(path: &Path, bytes: &[u8]) -> Seen {
        let meta = fs::metadata(path).ok();
        Seen {
            print: fingerprint(bytes),
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

/// A 64-bit fingerprint of a file's bytes, in four lanes of eight bytes so the CPU works on
/// them in parallel. Each lane's step is a bijection of its state, so a change within one
/// 8-byte word always changes that lane; lanes and length are mixed at the end. Several times
/// faster than SipHash, which matters on a 6 MB layer saved after each edit.
pub(super) fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(*lane, word(w));
        }
    }
    let mut h = bytes.len() as u64;
    for w in blocks.remainder().chunks(8) {
        h = mix(h, word(w));
    }
    lanes.into_iter().fold(h, mix)
}

pub(super) fn utf8_of(path: &Path, bytes: Vec<u8>) -> Result<String, StoreError> {
    // simdutf8 checks a whole project's 175 MB several times faster than std, and copying the
    // checked text costs less than std checking it again (unsafe code, which could skip the
    // copy, is forbidden here); std runs only on failure, to say where the bad byte is.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    Err(not_utf8(path, &bytes))
}

/// Where `bytes` stop being UTF-8, as an error about `path`.
fn not_utf8(path: &Path, bytes: &[u8]) -> StoreError {
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    StoreError::Invalid {
        path: path.to_owned(),
        message: format!("line {line}: not valid UTF-8 at byte {at}"),
    }
}

/// Reads and parses a layer file with what was seen of it. The bytes are checked as UTF-8
/// where they lie instead of being copied into a `String`: a big project's layer is
/// hundreds of megabytes, and the copy cost as much time and memory as the read.
/// With `keep_base`, the layer's digest as read is given back too (the merge base of the
/// layer the window writes), made here, on the reading thread.
pub(super) fn read_layer(
    path: &Path,
    keep_base: bool,
) -> Result<(Layer, Seen, Option<LayerDigest>), StoreError> {
    read_layer_into(&mut Vec::new(), path, keep_base)
}

/// [`read_layer`] through `buffer`, which keeps its memory for the next layer: each fresh
/// buffer of a few hundred megabytes is memory the system must hand over and clear page by
/// page, which cost a big project's loading more than its reads.
pub(super) fn read_layer_into(
    buffer: &mut Vec<u8>,
    path: &Path,
    keep_base: bool,
) -> Result<(Layer, Seen, Option<LayerDigest>), StoreError> {
    use std::io::Read;
    buffer.clear();
    fs::File::open(path)
        .and_then(|mut f| f.read_to_end(buffer))
        .map_err(|e| StoreError::io(path, e))?;
    let bytes = &buffer[..];
    let seen = Seen::of(path, bytes);
    let text = simdutf8::basic::from_utf8(bytes).map_err(|_| not_utf8(path, bytes))?;
    let layer = parse_layer(path, text)?;
    let base = keep_base.then(|| LayerDigest::of(&layer));
    Ok((layer, seen, base))
}

/// The project's `articles/` folder as the source its texts are read from when needed.
pub struct ArticleFolder {
    folder: PathBuf,
}

impl ArticleFolder {
    pub fn new(root: &Path) -> Self {
        Self {
            folder: root.join("articles"),
        }
    }
}

impl crate::model::TextSource for ArticleFolder {
    fn read(&self, id: &crate::model::DocumentId) -> Result<String, String> {
        read_utf8(&self.folder.join(format!("{id}.txt"))).map_err(|e| match e {
            StoreError::Io { source, .. } => source.to_string(),
            other => other.to_string(),
        })
    }
}

pub(super) fn read_utf8(path: &Path) -> Result<String, StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, e))?;
    utf8_of(path, bytes)
}

/// A file with git conflict markers is not parsed: the message says what happened and what
/// to do, instead of a syntax error at the marker.
pub(super) fn refuse_markers(path: &Path, text: &str) -> Result<(), StoreError> {
    match copies::conflict_marker_line(text) {
        Some(line) => Err(StoreError::Invalid {
            path: path.to_owned(),
            message: format!(
                "line {line}: git conflict markers (<<<<<<< … >>>>>>>): a merge stopped half-way in this file. Run `naql resolve` on the project to merge both sides keeping every entry, or finish the merge in git"
            ),
        }),
        None => Ok(()),
    }
}

/// Reads a layer file: the fast canonical reader, else ron with its error positions.
pub fn parse_layer(path: &Path, text: &str) -> Result<Layer, StoreError> {
    refuse_markers(path, text)?;
    match layer_parse::parse_canonical_on(text, crate::parallel::cores()) {
        Some(layer) => Ok(layer),
        None => from_ron::<Layer>(path, text),
    }
}

/// Reads a people file.
pub fn parse_contribution(path: &Path, text: &str) -> Result<Contribution, StoreError> {
    refuse_markers(path, text)?;
    from_ron::<Contribution>(path, text)
}

/// How a layer is written: quotes and reviews in canonical order, whatever their order in
/// memory, so the same content always gives the same bytes. Field names match [`Layer`].
#[derive(Serialize)]
pub(super) struct LayerOut<'a> {
    format_version: u32,
    person: &'a PersonId,
    quotes: Vec<&'a Quote>,
    reviews: Vec<&'a Review>,
}

/// A layer's file text through ron's generic serializer: the definition of the format, which
/// [`layer_text::layer_text`] reproduces faster. Tests compare the two.
pub fn layer_text_reference(layer: &Layer) -> Result<String, ron::Error> {
    let mut quotes: Vec<&Quote> = layer.quotes.iter().collect();
    quotes.sort_by(|a, b| quote_order(a, b));
    let mut reviews: Vec<&Review> = layer.reviews.iter().collect();
    reviews.sort_by(|a, b| review_order(a, b));
    to_ron(
        &LayerOut {
            format_version: format::CURRENT,
            person: &layer.person,
            quotes,
            reviews,
        },
        Layout::Layer,
    )
}

pub(super) fn manifest_bytes(manifest: &Manifest) -> Result<String, ron::Error> {
    if manifest.format_version == format::CURRENT {
        to_ron(manifest, Layout::Manifest)
    } else {
        // A migrated manifest is written in the current format.
        to_ron(
            &Manifest {
                format_version: format::CURRENT,
                ..manifest.clone()
            },
            Layout::Manifest,
        )
    }
}

pub(super) fn contribution_bytes(c: &Contribution) -> Result<String, ron::Error> {
    to_ron(
        &Contribution {
            format_version: format::CURRENT,
            person: c.person.clone(),
            changes: c.changes.clone(),
        },
        Layout::People,
    )
}
