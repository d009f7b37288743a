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
        Self::printed(path, fingerprint(bytes), bytes.len())
    }

    /// [`Seen::of`] bytes whose fingerprint is known already (a save has just made it).
    pub(super) fn printed(path: &Path, print: u64, len: usize) -> Seen {
        let meta = fs::metadata(path).ok();
        Seen {
            print,
            len: len as u64,
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

/// A 64-bit fingerprint of a file's bytes, in four lanes of eight bytes so the CPU works on
/// them in parallel. Each lane's step is a bijection of its state, so a change within one
/// 8-byte word always changes that lane; lanes and length are mixed at the end. Several times
/// faster than SipHash, which matters on a 6 MB layer saved after each edit. Above
/// [`PRINT_BLOCK`] bytes it is the fold of each block's fingerprint, made on every core (a
/// big project's layer is a quarter of a gigabyte); still a function of the bytes alone,
/// and a change in one block changes its print and so the whole (each fold step is a
/// bijection too).
pub(super) fn fingerprint(bytes: &[u8]) -> u64 {
    if bytes.len() <= PRINT_BLOCK {
        return block_print(bytes);
    }
    let blocks: Vec<&[u8]> = bytes.chunks(PRINT_BLOCK).collect();
    let prints = crate::parallel::map(&blocks, |b| block_print(b));
    prints.into_iter().fold(bytes.len() as u64, print_mix)
}

const PRINT_BLOCK: usize = 16 << 20;

/// A file as it is on disk when a save begins, read through one handle: its fingerprint
/// (checked against what the save expects) and, when it is the file a layer's save last
/// wrote, the text of its unchanged quotes, read a window at a time rather than held whole
/// (a layer of 500,000 quotes is 250 MB). Ranges come in file order, so a window is read
/// about once. The handle keeps the file read even if it is replaced meanwhile (a rename).
pub(super) struct OnDisk {
    file: fs::File,
    window: Vec<u8>,
    /// Where `window` starts in the file.
    at: usize,
}

/// Bytes read at a time from a file on disk.
const WINDOW: usize = 4 << 20;

impl OnDisk {
    /// The file at `path` and its fingerprint, or `None` if it cannot be read.
    pub(super) fn open(path: &Path) -> Option<(Self, u64)> {
        Self::open_unless(path, &std::sync::atomic::AtomicBool::new(false))
    }

    /// [`OnDisk::open`], given up (`None`) as soon as `stop` is set: fingerprinting a
    /// 250 MB layer takes a few tenths of a second.
    pub(super) fn open_unless(
        path: &Path,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Option<(Self, u64)> {
        use std::io::Read;
        let mut file = fs::File::open(path).ok()?;
        let mut window = vec![0; WINDOW];
        let mut sink = std::io::sink();
        let mut print = PrintingWriter::new(&mut sink);
        loop {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            let n = file.read(&mut window).ok()?;
            if n == 0 {
                break;
            }
            print.write(&window[..n]).ok()?;
        }
        let (print, _) = print.finish().ok()?;
        window.clear();
        Some((
            Self {
                file,
                window,
                at: 0,
            },
            print,
        ))
    }
}

impl super::layer_text::PreviousText for OnDisk {
    fn text(&mut self, range: std::ops::Range<usize>) -> Option<&str> {
        use std::os::unix::fs::FileExt;
        let inside = range.start >= self.at && range.end <= self.at + self.window.len();
        if !inside {
            let want = range.len().max(WINDOW);
            self.window.resize(want, 0);
            let mut got = 0;
            while got < want {
                match self
                    .file
                    .read_at(&mut self.window[got..], (range.start + got) as u64)
                {
                    Ok(0) => break,
                    Ok(n) => got += n,
                    Err(_) => {
                        got = 0;
                        break;
                    }
                }
            }
            self.window.truncate(got);
            self.at = range.start;
        }
        let bytes = self
            .window
            .get(range.start - self.at..range.end.checked_sub(self.at)?)?;
        simdutf8::basic::from_utf8(bytes).ok()
    }
}

/// Bytes written to a file as they are made, fingerprinted on the way ([`fingerprint`] of
/// all of them, block by block): a layer saved without its text held whole.
pub(super) struct PrintingWriter<'f> {
    file: &'f mut dyn std::io::Write,
    /// What is not written yet: up to a block, and the piece that went past it.
    pending: Vec<u8>,
    prints: Vec<u64>,
    len: usize,
}

impl<'f> PrintingWriter<'f> {
    pub(super) fn new(file: &'f mut dyn std::io::Write) -> Self {
        Self {
            file,
            pending: Vec::new(),
            prints: Vec::new(),
            len: 0,
        }
    }

    pub(super) fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.pending.extend_from_slice(bytes);
        self.len += bytes.len();
        // A block is written once more follows it: the last one, even if whole, is
        // fingerprinted by `finish` as `fingerprint` does.
        while self.pending.len() > PRINT_BLOCK {
            let block = &self.pending[..PRINT_BLOCK];
            self.prints.push(block_print(block));
            self.file.write_all(block)?;
            self.pending.drain(..PRINT_BLOCK);
        }
        Ok(())
    }

    /// Writes the rest, and gives the fingerprint and length of everything written.
    pub(super) fn finish(mut self) -> std::io::Result<(u64, usize)> {
        self.file.write_all(&self.pending)?;
        let print = if self.prints.is_empty() {
            block_print(&self.pending)
        } else {
            self.prints.push(block_print(&self.pending));
            self.prints
                .iter()
                .fold(self.len as u64, |h, &p| print_mix(h, p))
        };
        Ok((print, self.len))
    }
}

fn print_mix(h: u64, w: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (h ^ w).wrapping_mul(K);
    h ^ (h >> 29)
}

fn block_print(bytes: &[u8]) -> u64 {
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = print_mix(*lane, word(w));
        }
    }
    let mut h = bytes.len() as u64;
    for w in blocks.remainder().chunks(8) {
        h = print_mix(h, word(w));
    }
    lanes.into_iter().fold(h, print_mix)
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
    read_layer_into(&mut Vec::new(), path, keep_base, false)
}

/// [`read_layer`] through `buffer`, which keeps its memory for the next layer: each fresh
/// buffer of a few hundred megabytes is memory the system must hand over and clear page by
/// page, which cost a big project's loading more than its reads.
pub(super) fn read_layer_into(
    buffer: &mut Vec<u8>,
    path: &Path,
    keep_base: bool,
    in_pieces: bool,
) -> Result<(Layer, Seen, Option<LayerDigest>), StoreError> {
    if in_pieces
        && fs::metadata(path).is_ok_and(|m| m.len() > IN_PIECES_FROM as u64)
        && let Some((mut layer, seen)) = read_layer_in_pieces(path, PIECE)
    {
        layer.order_reviews();
        let base = keep_base.then(|| LayerDigest::of(&layer));
        return Ok((layer, seen, base));
    }
    read_on_every_core(buffer, path).map_err(|e| StoreError::io(path, e))?;
    let bytes = &buffer[..];
    let seen = Seen::of(path, bytes);
    let mut layer = match layer_parse::parse_canonical_on(bytes, crate::parallel::cores()) {
        Some(layer) => layer,
        None => {
            let text = simdutf8::basic::from_utf8(bytes).map_err(|_| not_utf8(path, bytes))?;
            parse_layer_slowly(path, text)?
        }
    };
    layer.order_reviews();
    let base = keep_base.then(|| LayerDigest::of(&layer));
    Ok((layer, seen, base))
}

/// Layers bigger than this are read a piece at a time when the caller asks for it.
const IN_PIECES_FROM: usize = 64 << 20;

/// The bytes of a layer held at a time when it is read in pieces.
const PIECE: usize = 16 << 20;

/// A canonical layer read and parsed `piece` bytes at a time, with what was seen of it
/// (`layer_parse::parse_canonical_in_pieces`); `None` when it is not canonical or cannot be
/// read, for the whole-file reader to say why. The window's full read of a big project
/// asks for this: it holds a piece instead of a 250 MB layer's bytes beside every layer
/// read before it, for a few tenths of a second more (the file is read on one core).
pub(super) fn read_layer_in_pieces(path: &Path, piece: usize) -> Option<(Layer, Seen)> {
    use std::io::Read;
    let mut file = fs::File::open(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    let mut sink = std::io::sink();
    let mut print = PrintingWriter::new(&mut sink);
    let mut printed = true;
    let layer = layer_parse::parse_canonical_in_pieces(
        &mut |buf| {
            let room = (buf.capacity() - buf.len()).max(1 << 16);
            (&mut file).take(room as u64).read_to_end(buf)
        },
        &mut |bytes| printed &= print.write(bytes).is_ok(),
        len,
        piece,
        crate::parallel::cores(),
    )?;
    let (print, read) = print.finish().ok()?;
    printed.then(|| (layer, Seen::printed(path, print, read)))
}

/// Reads a whole file into `buffer`, a big one in as many parts as there are cores, side by
/// side: copying a quarter of a gigabyte out of the system's cache is work for a core, and
/// the others were idle meanwhile.
fn read_on_every_core(buffer: &mut Vec<u8>, path: &Path) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    use std::os::unix::fs::FileExt;
    let mut file = fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let cores = crate::parallel::cores();
    if len < PRINT_BLOCK || cores < 2 {
        buffer.clear();
        file.read_to_end(buffer)?;
        return Ok(());
    }
    // Every byte is read over: only room the buffer did not have yet is zeroed (zeroing a
    // quarter of a gigabyte for each layer was time one core spent while the others waited).
    buffer.resize(len, 0);
    let part = len.div_ceil(cores);
    let parts: Vec<(u64, &mut [u8])> = buffer
        .chunks_mut(part)
        .enumerate()
        .map(|(i, chunk)| ((i * part) as u64, chunk))
        .collect();
    std::thread::scope(|s| {
        let file = &file;
        let reads: Vec<_> = parts
            .into_iter()
            .map(|(at, chunk)| s.spawn(move || file.read_exact_at(chunk, at)))
            .collect();
        reads
            .into_iter()
            .try_for_each(|r| r.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })?;
    // A file that grew since its length was taken (it is written in place by something
    // else): the rest is read too, as `read_to_end` would.
    file.seek(std::io::SeekFrom::Start(len as u64))?;
    file.read_to_end(buffer)?;
    Ok(())
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

    fn read_into(&self, id: &crate::model::DocumentId, buffer: &mut Vec<u8>) -> Result<(), String> {
        use std::io::Read;
        buffer.clear();
        fs::File::open(self.folder.join(format!("{id}.txt")))
            .and_then(|mut file| file.read_to_end(buffer))
            .map(|_| ())
            .map_err(|e| e.to_string())
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
    let mut layer = match layer_parse::parse_canonical_on(text.as_bytes(), crate::parallel::cores())
    {
        Some(layer) => layer,
        None => parse_layer_slowly(path, text)?,
    };
    layer.order_reviews();
    Ok(layer)
}

/// A layer that is not in canonical form, read by ron. In the canonical form every line is
/// structure (strings escape their line breaks), so a file with conflict markers is never
/// canonical: they are looked for only when the fast reader gives up, which spares a search
/// through a gigabyte of layers.
fn parse_layer_slowly(path: &Path, text: &str) -> Result<Layer, StoreError> {
    refuse_markers(path, text)?;
    from_ron::<Layer>(path, text)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file bigger than one fingerprint block, with every byte value and no pattern that
    /// repeats at the block or part size.
    fn big_bytes() -> Vec<u8> {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        (0..PRINT_BLOCK * 2 + 12_345)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    /// A layer file read in pieces is the layer and the fingerprint read whole give.
    #[test]
    fn a_layer_file_read_in_pieces_is_read_as_whole() {
        let dir = tempfile::tempdir().unwrap();
        let project = crate::sample::project().unwrap();
        for layer in project.layers.values() {
            let path = dir.path().join(format!("{}.ron", layer.person.as_str()));
            std::fs::write(&path, super::super::layer_text::layer_text(layer)).unwrap();
            let (whole, seen, _) = read_layer_into(&mut Vec::new(), &path, false, false).unwrap();
            for piece in [1, 500, 1 << 20] {
                let (read, seen_in_pieces) = read_layer_in_pieces(&path, piece).unwrap();
                assert_eq!(read, whole);
                assert_eq!(seen_in_pieces.print, seen.print);
                assert_eq!(seen_in_pieces.len, seen.len);
            }
        }
    }

    /// A file read a window at a time has the whole file's fingerprint, and gives the text
    /// of any range of it, in order or not, across windows; none for a range past its end
    /// or that cuts a char.
    #[test]
    fn a_file_on_disk_gives_its_print_and_the_text_of_its_ranges() {
        use crate::store::layer_text::PreviousText;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("layer.ron");
        let text = "(span: (1, 2), text: \"می\\u{200c}خواهم «نو»\"),\n".repeat(200_000);
        assert!(text.len() > 2 * WINDOW);
        std::fs::write(&path, &text).unwrap();
        let (mut on_disk, print) = OnDisk::open(&path).unwrap();
        assert_eq!(print, fingerprint(text.as_bytes()));
        let line = text.find('\n').unwrap() + 1;
        let n = text.len() / line;
        for k in [
            0,
            1,
            2,
            n / 2,
            n / 2 + 1,
            3,
            n - 1,
            0,
            WINDOW / line,
            WINDOW / line + 1,
        ] {
            let range = k * line..(k + 1) * line;
            assert_eq!(on_disk.text(range.clone()), text.get(range), "line {k}");
        }
        // Longer than a window, and across its end.
        assert_eq!(
            on_disk.text(10..WINDOW + 3 * line),
            text.get(10..WINDOW + 3 * line)
        );
        assert_eq!(on_disk.text(text.len() - 5..text.len() + 1), None);
        // «م» is two bytes: a range from its second byte is not text.
        let mim = text.find('م').unwrap();
        assert_eq!(on_disk.text(mim + 1..mim + 10), None);
        assert!(OnDisk::open(&dir.path().join("none.ron")).is_none());
    }

    /// Bytes written in pieces of any size, across blocks or ending on one, are the bytes,
    /// and their fingerprint is `fingerprint`'s.
    #[test]
    fn bytes_printed_as_written_are_printed_as_whole() {
        let bytes = big_bytes();
        for (n, cut) in [1usize << 20, 7_777_777, PRINT_BLOCK, 3]
            .into_iter()
            .enumerate()
        {
            for len in [
                bytes.len(),
                2 * PRINT_BLOCK,
                PRINT_BLOCK,
                PRINT_BLOCK + 1,
                10,
                0,
            ] {
                let whole = &bytes[..len];
                let mut file = Vec::new();
                let mut w = PrintingWriter::new(&mut file);
                // The last test writes in pieces of 3 bytes only the first megabyte, then the
                // rest at once.
                let (head, tail) = whole.split_at(if n == 3 { len.min(1 << 20) } else { len });
                for piece in head.chunks(cut) {
                    w.write(piece).unwrap();
                }
                w.write(tail).unwrap();
                let (print, written) = w.finish().unwrap();
                assert_eq!((print, written), (fingerprint(whole), len), "{cut} {len}");
                assert!(file == whole, "{cut} {len}");
            }
        }
    }

    #[test]
    fn a_big_file_read_in_parts_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        let bytes = big_bytes();
        fs::write(&path, &bytes).unwrap();
        // A buffer from a bigger file before: what it held does not show through.
        let mut buffer = vec![7u8; bytes.len() + 100];
        read_on_every_core(&mut buffer, &path).unwrap();
        assert!(buffer == bytes, "read in parts differs from the file");
        fs::write(&path, b"small").unwrap();
        read_on_every_core(&mut buffer, &path).unwrap();
        assert_eq!(buffer, b"small");
    }

    #[test]
    fn a_change_anywhere_in_a_big_file_changes_its_fingerprint() {
        let mut bytes = big_bytes();
        let before = fingerprint(&bytes);
        assert_eq!(
            before,
            fingerprint(&bytes.clone()),
            "a function of the bytes"
        );
        for at in [0, PRINT_BLOCK - 1, PRINT_BLOCK, bytes.len() - 1] {
            bytes[at] ^= 1;
            assert_ne!(fingerprint(&bytes), before, "byte {at} changed");
            bytes[at] ^= 1;
        }
        // Blocks swapped: same blocks, other order.
        let (a, b) = bytes.split_at(PRINT_BLOCK);
        let swapped = [&b[..PRINT_BLOCK], a, &b[PRINT_BLOCK..]].concat();
        assert_ne!(fingerprint(&swapped), before);
    }

    /// A hand-edited layer whose reviews are out of their file order is read in order: a
    /// quote's reviews are then found by a binary search, each of them.
    #[test]
    fn a_layer_read_has_its_reviews_in_order() {
        let project = crate::sample::project().unwrap();
        let ids: Vec<crate::model::QuoteId> = project
            .quotes()
            .map(|(_, q)| q.id.clone())
            .take(30)
            .collect();
        let editor = PersonId::new("editor");
        let mut layer = Layer::new(editor.clone());
        // Backwards, and each quote's two reviews apart from each other.
        for round in 0..2 {
            for id in ids.iter().rev() {
                layer.reviews.push(Review {
                    quote: id.clone(),
                    verdict: crate::model::Verdict::Accepted,
                    comment: format!("round {round}"),
                    editor: editor.clone(),
                    time: jiff::Timestamp::from_second(round).unwrap(),
                });
            }
        }
        let text = ron::to_string(&layer).unwrap();
        let read = parse_layer(Path::new("annotations/editor.ron"), &text).unwrap();
        assert_eq!(read.reviews.len(), 60);
        for id in &ids {
            let found: Vec<&str> = read
                .reviews_of(id)
                .iter()
                .map(|r| r.comment.as_str())
                .collect();
            assert_eq!(found, ["round 0", "round 1"], "{id}");
        }
        assert!(
            read.reviews_of(&crate::model::QuoteId::from("no-such-quote"))
                .is_empty()
        );
    }
}
