//! PDF with a text layer: each page's positioned characters and ruling
//! lines (from pdf-extract's output device, on lopdf) become the same
//! blocks as the other formats. Tables come from the lattice of ruling
//! lines — the borders Word and WPS draw —, a table continued on the next
//! page continues the same grid (its repeated header row skipped), and the
//! text outside tables becomes paragraphs in reading order. A table without
//! rules is read by the alignment of its text lines, with a note.
//!
//! pdf-extract is chosen because it is pure Rust (the binary stays
//! self-contained), decodes fonts through their ToUnicode maps and hands an
//! output device both the characters with their text matrices and the
//! stroked and filled paths; the layout (lines, cells, paragraphs) is
//! jinzhan's own, below, because no crate rebuilds table cells from a PDF.
//! It panics on some malformed files: each page is read under
//! `catch_unwind`, and a page that cannot be read is a note, never a crash.

use super::{Block, Cell, Format, Grid, Location, Note, Paragraph, Row, Source};
use crate::error::{Error, ErrorKind, Result};
use pdf_extract::{MediaBox, OutputDev, OutputError, Path as PdfPath, PathOp, Transform};
use std::io::Read;

/// At most this many pages.
pub(crate) const MAX_PAGES: usize = 10_000;
/// At most this many objects.
pub(crate) const MAX_OBJECTS: usize = 2_000_000;
/// At most this many bytes unpacked from the compressed streams (a PDF bomb
/// unpacks to gigabytes).
pub(crate) const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

fn problem(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Pdf { problem: what.into() })
}

/// One character as drawn: its box on the page (points, y down from the
/// top) and its text.
#[derive(Debug, Clone)]
struct Glyph {
    x0: f64,
    x1: f64,
    /// The baseline.
    y: f64,
    size: f64,
    text: String,
}

/// A horizontal or vertical ruling: `at` is its y (horizontal) or x
/// (vertical), from `from` to `to` along the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rule {
    at: f64,
    from: f64,
    to: f64,
}

/// What a page holds.
#[derive(Debug, Default)]
struct Page {
    number: usize,
    /// The media box's width: pages of one width share their text margins.
    width: f64,
    glyphs: Vec<Glyph>,
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
    undecodable: usize,
    /// The top of the media box: y down from it.
    top: f64,
}

impl Page {
    /// A point of user space on the page, y down from the top.
    fn point(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let (px, py) = (ctm.m11 * x + ctm.m21 * y + ctm.m31, ctm.m12 * x + ctm.m22 * y + ctm.m32);
        (px, self.top - py)
    }

    /// The horizontal and vertical segments of a path.
    fn rules(&mut self, ctm: &Transform, path: &PdfPath, filled: bool) {
        let mut segments: Vec<((f64, f64), (f64, f64))> = Vec::new();
        let (mut start, mut last) = (None, None);
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.point(ctm, x, y);
                    start = Some(p);
                    last = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.point(ctm, x, y);
                    if let Some(l) = last {
                        segments.push((l, p));
                    }
                    last = Some(p);
                }
                PathOp::CurveTo(.., x, y) => last = Some(self.point(ctm, x, y)),
                PathOp::Rect(x, y, w, h) => {
                    let (a, b) = (self.point(ctm, x, y), self.point(ctm, x + w, y + h));
                    let (x0, x1, y0, y1) = (a.0.min(b.0), a.0.max(b.0), a.1.min(b.1), a.1.max(b.1));
                    if filled {
                        // A thin filled rectangle is a rule (Word draws
                        // borders so); a big one is shading.
                        if y1 - y0 <= 2.0 && x1 - x0 > 2.0 {
                            self.horizontal.push(Rule { at: (y0 + y1) / 2.0, from: x0, to: x1 });
                        } else if x1 - x0 <= 2.0 && y1 - y0 > 2.0 {
                            self.vertical.push(Rule { at: (x0 + x1) / 2.0, from: y0, to: y1 });
                        }
                    } else {
                        segments.extend([
                            ((x0, y0), (x1, y0)),
                            ((x0, y1), (x1, y1)),
                            ((x0, y0), (x0, y1)),
                            ((x1, y0), (x1, y1)),
                        ]);
                    }
                }
                PathOp::Close => {
                    if let (Some(l), Some(s)) = (last, start) {
                        segments.push((l, s));
                    }
                    last = start;
                }
            }
        }
        if filled {
            // A filled polygon that is a thin bar.
            let xs = segments.iter().flat_map(|(a, b)| [a.0, b.0]);
            let ys = segments.iter().flat_map(|(a, b)| [a.1, b.1]);
            let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
            if !segments.is_empty() && y1 - y0 <= 2.0 && x1 - x0 > 2.0 {
                self.horizontal.push(Rule { at: (y0 + y1) / 2.0, from: x0, to: x1 });
            } else if !segments.is_empty() && x1 - x0 <= 2.0 && y1 - y0 > 2.0 {
                self.vertical.push(Rule { at: (x0 + x1) / 2.0, from: y0, to: y1 });
            }
            return;
        }
        for ((ax, ay), (bx, by)) in segments {
            if (ay - by).abs() < 0.5 && (ax - bx).abs() > 2.0 {
                self.horizontal.push(Rule { at: (ay + by) / 2.0, from: ax.min(bx), to: ax.max(bx) });
            } else if (ax - bx).abs() < 0.5 && (ay - by).abs() > 2.0 {
                self.vertical.push(Rule { at: (ax + bx) / 2.0, from: ay.min(by), to: ay.max(by) });
            }
        }
    }
}

/// A colour too light to see on paper (white borders are not rules).
fn invisible(color: &[f64]) -> bool {
    !color.is_empty() && color.len() <= 3 && color.iter().all(|c| *c >= 0.95)
}

impl OutputDev for Page {
    fn begin_page(
        &mut self,
        _: u32,
        media: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.width = media.urx - media.llx;
        self.top = media.ury;
        Ok(())
    }

    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> std::result::Result<(), OutputError> {
        let (vx, vy) = ((trm.m11 + trm.m21) * font_size, (trm.m12 + trm.m22) * font_size);
        let size = (vx * vy).abs().sqrt();
        if text.is_empty() || text.contains('\u{fffd}') {
            self.undecodable += 1;
            return Ok(());
        }
        let (x, y) = (trm.m31, self.top - trm.m32);
        self.glyphs.push(Glyph { x0: x, x1: x + width * size, y, size, text: text.to_string() });
        Ok(())
    }

    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _: &pdf_extract::ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> std::result::Result<(), OutputError> {
        if !invisible(color) {
            self.rules(ctm, path, false);
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _: &pdf_extract::ColorSpace,
        color: &[f64],
        path: &PdfPath,
    ) -> std::result::Result<(), OutputError> {
        if !invisible(color) {
            self.rules(ctm, path, true);
        }
        Ok(())
    }
}

/// Reads a PDF's pages into blocks.
pub(crate) fn read(bytes: &[u8]) -> Result<Source> {
    let mut doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| Error::with_source(ErrorKind::Pdf { problem: "corrupt or truncated file".into() }, e))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        // Readable with an empty user password (an owner password only) or not at all.
        return Err(Error::new(ErrorKind::PasswordProtected));
    }
    if doc.objects.len() > MAX_OBJECTS {
        return Err(Error::new(ErrorKind::TooLarge {
            what: format!("the PDF's {} objects", doc.objects.len()),
            limit: MAX_OBJECTS as u64,
        }));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(Error::new(ErrorKind::TooLarge {
            what: format!("the PDF's {} pages", pages.len()),
            limit: MAX_PAGES as u64,
        }));
    }
    inflate(&mut doc)?;
    encodings(&mut doc);
    // Pages on every core of the current pool: pdf-extract reads each
    // page's fonts again, the most of the time.
    let numbers: Vec<u32> = pages.keys().copied().collect();
    let outcomes = crate::par::map(&numbers, true, |&number| {
        let mut page = Page { number: number as usize, ..Page::default() };
        match quietly(|| pdf_extract::output_doc_page(&doc, &mut page, number)) {
            Ok(Ok(())) => Ok(page),
            Ok(Err(e)) => Err((number, e.to_string())),
            Err(why) => Err((number, why)),
        }
    });
    let mut read = Vec::new();
    let mut notes = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(page) => read.push(page),
            Err((number, why)) => notes.push(Note {
                location: Location::Page { page: number as usize, table: None },
                message: format!("page {number} could not be read ({why}); its text is missing"),
            }),
        }
    }
    let glyphs: usize = read.iter().map(|p| p.glyphs.len()).sum();
    let undecodable: usize = read.iter().map(|p| p.undecodable).sum();
    if glyphs == 0 && undecodable == 0 {
        return Err(problem(
            "it has no text layer (a scan, or pages of images): run OCR first, e.g. `ocrmypdf in.pdf out.pdf`",
        ));
    }
    if undecodable > glyphs {
        return Err(problem(format!(
            "its fonts carry no text mapping (ToUnicode): {undecodable} of {} characters cannot be decoded",
            glyphs + undecodable
        )));
    }
    for p in read.iter().filter(|p| p.undecodable > 0) {
        notes.push(Note {
            location: Location::Page { page: p.number, table: None },
            message: format!(
                "{} character(s) on page {} could not be decoded (no text mapping in their font)",
                p.undecodable, p.number
            ),
        });
    }
    let mut source = layout(read);
    source.notes.splice(0..0, notes);
    Ok(source)
}

/// Unpacks every Flate-compressed stream that is not an image, at most
/// [`MAX_UNPACKED`] bytes in all, so that pdf-extract never unpacks a bomb.
fn inflate(doc: &mut lopdf::Document) -> Result<()> {
    let mut total: u64 = 0;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        let image =
            stream.dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Image".as_slice());
        let flate = matches!(stream.filters().as_deref(), Ok([b"FlateDecode"]));
        if image || !flate || stream.dict.has(b"DecodeParms") {
            continue;
        }
        let mut out = Vec::new();
        let limit = MAX_UNPACKED - total;
        let read =
            flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(limit + 1).read_to_end(&mut out);
        if read.is_err() {
            // Left as it is: pdf-extract reports what it cannot read.
            continue;
        }
        total += out.len() as u64;
        if total > MAX_UNPACKED {
            return Err(Error::new(ErrorKind::TooLarge {
                what: "the PDF's unpacked streams".into(),
                limit: MAX_UNPACKED,
            }));
        }
        stream.set_plain_content(out);
    }
    Ok(())
}

/// Gives each embedded Type1 font without an `/Encoding` its built-in
/// encoding as a `/Differences` array and drops the font program, which
/// pdf-extract would otherwise parse for that encoding on every page that
/// uses the font (more than 40% of the time on a LibreOffice PDF). The
/// glyph names are the same, so the text decodes the same.
fn encodings(doc: &mut lopdf::Document) {
    use lopdf::Object;
    let mut programs: std::collections::HashMap<lopdf::ObjectId, Option<Vec<Object>>> = Default::default();
    let mut fonts = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(font) = object.as_dict() else { continue };
        let name = |key: &[u8]| font.get(key).ok().and_then(|o| o.as_name().ok());
        if name(b"Type") != Some(b"Font".as_slice()) || name(b"Subtype") != Some(b"Type1".as_slice()) {
            continue;
        }
        let Ok(descriptor) = font.get(b"FontDescriptor").and_then(Object::as_reference) else { continue };
        fonts.push((id, descriptor, font.has(b"Encoding")));
    }
    for &(_, descriptor, _) in &fonts {
        if programs.contains_key(&descriptor) {
            continue;
        }
        let program = doc
            .get_dictionary(descriptor)
            .and_then(|d| d.get(b"FontFile"))
            .and_then(|f| doc.dereference(f))
            .ok()
            .and_then(|(_, f)| f.as_stream().ok())
            .and_then(|s| s.get_plain_content().ok().or_else(|| s.decompressed_content().ok()));
        // The parser panics on some programs: the font stays as it is.
        let parsed =
            program.and_then(|p| quietly(|| type1_encoding_parser::get_encoding_map(&p).ok()).ok().flatten());
        let differences = parsed.map(|map| {
            let mut codes: Vec<(u32, Vec<u8>)> = map.into_iter().collect();
            codes.sort();
            codes
                .into_iter()
                .flat_map(|(code, name)| [Object::Integer(code.into()), Object::Name(name)])
                .collect()
        });
        programs.insert(descriptor, differences);
    }
    // A descriptor's program goes only when every font using it has an encoding.
    let mut keep = std::collections::HashSet::new();
    for (font, descriptor, has_encoding) in fonts {
        match (&programs[&descriptor], has_encoding) {
            (_, true) => {}
            (Some(differences), false) => {
                if let Ok(f) = doc.get_dictionary_mut(font) {
                    f.set("Encoding", lopdf::dictionary! { "Differences" => differences.clone() });
                }
            }
            (None, false) => {
                keep.insert(descriptor);
            }
        }
    }
    for descriptor in programs.keys().filter(|d| !keep.contains(*d)) {
        if let Ok(d) = doc.get_dictionary_mut(*descriptor) {
            d.remove(b"FontFile");
        }
    }
}

thread_local! {
    /// Set while a PDF page is read: its panics are caught and reported as
    /// notes, so the panic hook stays quiet about them.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into an error message. pdf-extract panics on
/// some malformed files; the default hook would print each one.
fn quietly<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    outcome.map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "malformed content".into())
    })
}

/// Rules on one line merged: sorted by position, touching or overlapping
/// spans joined.
fn merge(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        match out.iter_mut().rev().take_while(|o| (o.at - r.at).abs() <= 1.0).find(|o| r.from <= o.to + 2.0) {
            Some(o) => o.to = o.to.max(r.to),
            None => out.push(r),
        }
    }
    out
}

/// Positions within `tolerance` of each other as one (their mean), sorted.
fn cluster(mut values: Vec<f64>, tolerance: f64) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut groups: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match groups.last_mut() {
            Some((sum, n)) if (v - *sum / *n as f64).abs() <= tolerance => {
                *sum += v;
                *n += 1;
            }
            _ => groups.push((v, 1)),
        }
    }
    groups.into_iter().map(|(sum, n)| sum / n as f64).collect()
}

/// A table's lattice on one page: column and row boundaries, which band
/// cells are joined (no rule between them), and its place.
#[derive(Debug)]
struct Lattice {
    xs: Vec<f64>,
    ys: Vec<f64>,
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
    /// Where the columns' text starts in a table drawn without rules, its
    /// lattice made from the alignment of its text (see [`aligned`]);
    /// empty for a ruled table.
    starts: Vec<f64>,
}

impl Lattice {
    fn left(&self) -> f64 {
        self.xs.first().copied().unwrap_or(0.0)
    }
    fn right(&self) -> f64 {
        self.xs.last().copied().unwrap_or(0.0)
    }
    fn top(&self) -> f64 {
        self.ys.first().copied().unwrap_or(0.0)
    }
    fn bottom(&self) -> f64 {
        self.ys.last().copied().unwrap_or(0.0)
    }

    /// Whether a glyph is drawn inside.
    fn holds(&self, g: &Glyph) -> bool {
        self.contains((g.x0 + g.x1) / 2.0, g.y - 0.3 * g.size)
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.left() - 1.0 && x <= self.right() + 1.0 && y >= self.top() - 1.0 && y <= self.bottom() + 1.0
    }

    /// Whether a rule runs along `at` over most of `from..to`.
    fn ruled(rules: &[Rule], at: f64, from: f64, to: f64) -> bool {
        let need = (to - from) * 0.5;
        rules
            .iter()
            .filter(|r| (r.at - at).abs() <= 1.5)
            .map(|r| (r.to.min(to) - r.from.max(from)).max(0.0))
            .sum::<f64>()
            >= need
    }

    /// Whether band cell (row, col) is closed on its right.
    fn closed_right(&self, row: usize, col: usize) -> bool {
        match (self.xs.get(col + 1), self.ys.get(row), self.ys.get(row + 1)) {
            (Some(&x), Some(&y0), Some(&y1)) => Lattice::ruled(&self.vertical, x, y0, y1),
            _ => true,
        }
    }

    /// Whether band cell (row, col) is closed below.
    fn closed_below(&self, row: usize, col: usize) -> bool {
        match (self.ys.get(row + 1), self.xs.get(col), self.xs.get(col + 1)) {
            (Some(&y), Some(&x0), Some(&x1)) => Lattice::ruled(&self.horizontal, y, x0, x1),
            _ => true,
        }
    }

    /// The band a position falls in.
    fn band(bounds: &[f64], v: f64) -> Option<usize> {
        let k = bounds.partition_point(|b| *b <= v);
        (k >= 1 && k < bounds.len()).then(|| k - 1)
    }
}

/// The tables of a page: rules that touch each other, at least two each way.
fn lattices(page: &Page) -> Vec<Lattice> {
    let h = merge(page.horizontal.clone());
    let v = merge(page.vertical.clone());
    // Union-find over h (0..h.len()) and v (h.len()..).
    let mut parent: Vec<usize> = (0..h.len() + v.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, a) in h.iter().enumerate() {
        for (j, b) in v.iter().enumerate() {
            let touch =
                b.at >= a.from - 2.0 && b.at <= a.to + 2.0 && a.at >= b.from - 2.0 && a.at <= b.to + 2.0;
            if touch {
                let (x, y) = (root(&mut parent, i), root(&mut parent, h.len() + j));
                parent[x] = y;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> =
        std::collections::BTreeMap::new();
    for (i, r) in h.iter().enumerate() {
        let k = root(&mut parent, i);
        groups.entry(k).or_default().0.push(*r);
    }
    for (j, r) in v.iter().enumerate() {
        let k = root(&mut parent, h.len() + j);
        groups.entry(k).or_default().1.push(*r);
    }
    let mut out: Vec<Lattice> = groups
        .into_values()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .map(|(horizontal, vertical)| Lattice {
            xs: cluster(vertical.iter().map(|r| r.at).collect(), 1.5),
            ys: cluster(horizontal.iter().map(|r| r.at).collect(), 1.5),
            horizontal,
            vertical,
            starts: Vec::new(),
        })
        .filter(|l| l.xs.len() >= 2 && l.ys.len() >= 2)
        .collect();
    out.sort_by(|a, b| a.top().total_cmp(&b.top()));
    out
}

/// Glyphs by baseline, top to bottom, each row left to right.
fn baselines(mut glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if row.first().is_some_and(|f| (g.y - f.y).abs() <= 0.4 * f.size.max(g.size)) => {
                row.push(g)
            }
            _ => rows.push(vec![g]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    rows
}

/// Glyphs as lines of text (see [`line_of`]).
fn lines(glyphs: Vec<&Glyph>) -> Vec<Line> {
    baselines(glyphs).iter().map(|row| line_of(row)).collect()
}

/// One baseline's glyphs, left to right, as a line: a space where two
/// Latin letters or digits stand apart (Chinese text has none) or a wide
/// gap stands.
fn line_of(row: &[&Glyph]) -> Line {
    let mut text = String::new();
    let mut last: Option<&Glyph> = None;
    for g in row {
        if let Some(l) = last {
            let gap = g.x0 - l.x1;
            let latin = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
            if gap > 0.25 * g.size && latin(&l.text) && latin(&g.text) || gap > 1.5 * g.size {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        last = Some(g);
    }
    Line {
        x0: row.first().map_or(0.0, |g| g.x0),
        x1: row.last().map_or(0.0, |g| g.x1),
        y: row.first().map_or(0.0, |g| g.y),
        size: row.iter().map(|g| g.size).fold(0.0, f64::max),
        first: first_token(row),
        text,
    }
}

/// A baseline's glyphs cut where a gap of about a character or more
/// stands: the cells of a table drawn without rules.
fn runs<'a, 'g>(row: &'a [&'g Glyph]) -> Vec<&'a [&'g Glyph]> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..row.len() {
        if row[k].x0 - row[k - 1].x1 > 0.9 * row[k].size.max(row[k - 1].size) {
            out.push(&row[start..k]);
            start = k;
        }
    }
    if start < row.len() {
        out.push(&row[start..]);
    }
    out
}

/// The width of what cannot be split from a line's start: a run of digits,
/// Latin letters and punctuation (104.8%、103.3% moves as a whole), else one
/// character; with the closing punctuation that may not start a line and
/// the digits or letters right after it (LibreOffice keeps 数，7 together).
fn first_token(row: &[&Glyph]) -> f64 {
    let ideograph = |g: &Glyph| g.text.chars().all(|c| c.is_alphabetic() && !c.is_ascii());
    let latin = |g: &Glyph| g.text.chars().all(|c| c.is_ascii_alphanumeric() || ".%".contains(c));
    let closing = |g: &Glyph| g.text.chars().all(|c| "，。、；：）」』”’》〉】〕］｝！？%)]}".contains(c));
    let opening = |g: &Glyph| g.text.chars().all(|c| "（「『“‘《〈【〔［｛([{".contains(c));
    let mut end = row.iter().take_while(|g| !ideograph(g) && !g.text.trim().is_empty()).count().max(1);
    // An opening bracket may not end a line: it goes with what follows.
    if row.get(end - 1).is_some_and(|g| opening(g)) && end < row.len() {
        end += 1;
    }
    if row.get(end).is_some_and(|g| closing(g)) {
        while row.get(end).is_some_and(|g| closing(g)) {
            end += 1;
        }
        while row.get(end).is_some_and(|g| latin(g)) {
            end += 1;
        }
    }
    match (row.first(), row.get(end.min(row.len()) - 1)) {
        (Some(a), Some(b)) => b.x1 - a.x0,
        _ => 0.0,
    }
}

/// A line of text.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// The width of its first character: would it have fitted on the line before?
    first: f64,
    text: String,
}

/// Lines joined into paragraphs. A line goes on the one before unless
/// this one is indented from `left`, a gap stands between them, or the one
/// before stopped short of `right` with room for this line's first token
/// and either ended a sentence (。；：！？) or left more than a third of the
/// width empty. After a sentence, a list item (（1）, 2.) or a label (存在问题：)
/// starts a paragraph even at the right edge. A line that starts with
/// closing punctuation, or follows one that ends with an opening bracket,
/// always goes on. In a cell that lists names (no sentence punctuation:
/// units, persons), a line that stops short or ends as a name does (…局,
/// …委) ends its entry.
fn paragraphs(lines: &[Line], left: f64, right: f64) -> Vec<(String, f64)> {
    const CLOSING: &str = "，。、；：）」』”’》〉】〕］｝！？%)]}";
    const OPENING: &str = "（「『“‘《〈【〔［｛([{";
    let list = !lines.iter().any(|l| l.text.contains(['。', '，', '；', '：', '、']));
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        let joins = prev.is_some_and(|p| {
            if l.text.starts_with(|c| CLOSING.contains(c)) || p.text.ends_with(|c| OPENING.contains(c)) {
                return true;
            }
            let indented = l.x0 - left > 1.5 * l.size;
            let gap = l.y - p.y > 2.0 * p.size.max(l.size);
            let room = right - p.x1;
            let ended =
                p.text.trim_end_matches(['”', '’', '）', ')']).ends_with(['。', '；', '：', '！', '？']);
            // A token as wide as its line may go on beyond it (104.8%、103.3%
            // broken by force): it did not fit.
            let whole = l.first >= l.x1 - l.x0 - 0.5 * l.size;
            let fits = room >= l.first + 0.15 * l.size && (ended || !whole);
            let starts = ended && (list_marker(&l.text) || label(&l.text));
            let open_bracket =
                out.last().is_some_and(|(t, _)| t.matches('（').count() > t.matches('）').count());
            // An entry ends where a line stops short, or runs to the edge
            // ending as a name does (not before a short last line, as 支行
            // after 人行江门市中心).
            let tail = l.text.chars().count() <= 2 && right - l.x1 >= l.size;
            let names = list && !open_bracket && (fits || ends_a_name(&p.text) && !tail);
            let short = fits && (ended || room > (right - left) / 3.0);
            !(indented || gap || starts || names || short)
        });
        match out.last_mut() {
            Some((text, _)) if joins => text.push_str(&l.text),
            _ => out.push((l.text.clone(), l.y)),
        }
        prev = Some(l);
    }
    out
}

/// Whether a line starts with a short label and a colon (存在问题：,
/// 新会区：, 博物馆：), as the parts of a progress text do.
fn label(text: &str) -> bool {
    text.split_once('：').is_some_and(|(head, _)| {
        let n = head.chars().count();
        (2..=10).contains(&n) && !head.contains(['，', '。', '、', '；', '（', '）'])
    })
}

/// Whether a line ends as a unit's or a person's name does (…局, …政府,
/// …中心, …海关, …负责人, …区长); not …会 or …社, which also end the first
/// part of a wrapped name (市人力资源社会|保障局).
fn ends_a_name(text: &str) -> bool {
    text.ends_with(|c| "局委办府院心部厅司队行所站室团联处科人长区".contains(c))
}

/// Whether a line starts with a list item's number: （1）, (2), 3., 4、, 一、.
fn list_marker(text: &str) -> bool {
    let t = text.trim_start();
    let rest = t.trim_start_matches(['（', '(']);
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let bracketed = rest.len() < t.len();
    let dot = digits
        .strip_prefix(['、', '.', '．'])
        .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit()));
    (1..=2).contains(&rest[..rest.len() - digits.len()].chars().count())
        && if bracketed { digits.starts_with(['）', ')']) } else { dot }
}

/// The text edges of a cell between borders `left` and `right`: its lines'
/// left edge, and as far from the right border (cell margins are the same
/// on both sides).
fn text_edges(lines: &[Line], left: f64, right: f64) -> (f64, f64) {
    let start = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    if start == f64::MAX {
        return (left, right);
    }
    let margin = (start - left).clamp(0.0, 12.0);
    (start, right - margin)
}

/// The lines of a cell with its text edges.
type CellLines = (Vec<Line>, f64, f64);

/// A page's table as a grid of cells, rows top to bottom, with the lines of
/// each cell (a row split by the page break goes on with them on the next
/// page).
fn grid(lattice: &Lattice, glyphs: &[&Glyph], page: usize, table: usize) -> (Grid, Vec<Vec<CellLines>>) {
    let mut raw: Vec<Vec<CellLines>> = Vec::new();
    let (rows, cols) = (lattice.ys.len() - 1, lattice.xs.len() - 1);
    // The origin band cell of each band cell, after joins.
    let mut origin = vec![vec![(0usize, 0usize); cols]; rows];
    for r in 0..rows {
        let mut c = 0;
        while c < cols {
            let start = c;
            while c + 1 < cols && !lattice.closed_right(r, c) {
                c += 1;
            }
            for k in start..=c {
                origin[r][k] =
                    if r > 0 && !lattice.closed_below(r - 1, start) && origin[r - 1][start].1 == start {
                        (origin[r - 1][start].0, start)
                    } else {
                        (r, start)
                    };
            }
            c += 1;
        }
    }
    // Glyphs into their cells.
    let mut held: std::collections::HashMap<(usize, usize), Vec<&Glyph>> = std::collections::HashMap::new();
    for g in glyphs {
        let (cx, cy) = ((g.x0 + g.x1) / 2.0, g.y - 0.3 * g.size);
        if let (Some(c), Some(r)) = (Lattice::band(&lattice.xs, cx), Lattice::band(&lattice.ys, cy)) {
            held.entry(origin[r][c]).or_default().push(g);
        }
    }
    let mut out_rows = Vec::new();
    for r in 0..rows {
        let mut cells = Vec::new();
        let mut row_lines = Vec::new();
        let mut c = 0;
        while c < cols {
            let (or, oc) = origin[r][c];
            let mut span = 1;
            while c + span < cols && origin[r][c + span] == (or, oc) {
                span += 1;
            }
            let continued = or != r;
            let row_span = (r..rows).take_while(|&k| origin[k][c] == (r, c)).count().max(1);
            let found = lines(held.get(&(r, c)).cloned().unwrap_or_default());
            let (left, right) = text_edges(&found, lattice.xs[c], lattice.xs[c + span]);
            row_lines.push((found.clone(), left, right));
            cells.push(Cell {
                col: c,
                col_span: span,
                row_span: if continued { 1 } else { row_span },
                continued,
                lines: match continued {
                    true => Vec::new(),
                    false => paragraphs(&found, left, right).into_iter().map(|(t, _)| t).collect(),
                },
                location: Location::Page { page, table: Some((table, r + 1, Some(cells.len() + 1))) },
            });
            c += span;
        }
        out_rows.push(Row {
            cells,
            header: false,
            location: Location::Page { page, table: Some((table, r + 1, None)) },
        });
        raw.push(row_lines);
    }
    let location = Location::Page { page, table: Some((table, 1, None)) };
    (Grid { rows: out_rows, columns: cols, location, aligned: true }, raw)
}

/// A bare page number (5, - 5 -, 第5页, 第 5 页 共 20 页, 5/20): left out.
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–'));
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '第' | '页' | '共' | '/' | '，' | ',' | 'P' | 'p' | 'a' | 'g' | 'e' | '.')
        })
}

/// Tables drawn without rules among a page's lines (glyphs outside the
/// ruled tables): a run of lines whose pieces, cut at gaps of a character
/// or more, start at the same few column positions. At least two lines of
/// three or more pieces make a table; it ends at a line of one piece that
/// starts at the left and crosses a column (a heading or a paragraph). A
/// row starts at a line with text in the first column (序号), and at the
/// open table's header repeated; a piece across a column edge joins the
/// two cells in its row. The table becomes a lattice, read as a ruled one
/// is. `known`: the open table's column starts (a page that goes on with
/// it keeps them); `area`: the text area's left and right.
fn aligned(
    glyphs: &[&Glyph],
    header: Option<&[String]>,
    known: Option<&[f64]>,
    area: (f64, f64),
) -> Vec<Lattice> {
    let rows = baselines(glyphs.to_vec());
    let pieces: Vec<Vec<&[&Glyph]>> = rows.iter().map(|r| runs(r)).collect();
    // The body text's size (a heading's is larger).
    let mut sizes: Vec<f64> = glyphs.iter().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(1.0).max(1.0);
    let tolerance = 0.6 * size;
    let multi = |k: usize| pieces[k].len() >= 3;
    let count = (0..rows.len()).filter(|&k| multi(k)).count();
    // Column starts: where the pieces of the many-piece lines start; two
    // positions that never start pieces of one line are one column (a
    // centred cell's lines start at different places).
    let mut columns = cluster(
        (0..rows.len()).filter(|&k| multi(k)).flat_map(|k| pieces[k].iter().map(|p| p[0].x0)).collect(),
        tolerance,
    );
    let at = |k: usize, x: f64| pieces[k].iter().any(|p| (p[0].x0 - x).abs() <= tolerance);
    let together = |a: f64, b: f64| (0..rows.len()).any(|k| at(k, a) && at(k, b));
    let mut c = 1;
    while c < columns.len() {
        if together(columns[c - 1], columns[c]) {
            c += 1;
        } else {
            columns.remove(c);
        }
    }
    // A page that goes on with the open table keeps its columns, or adds
    // to them (a sub-item column on this page only).
    let within = |a: &[f64], b: &[f64]| a.iter().all(|x| b.iter().any(|y| (x - y).abs() <= 2.0 * tolerance));
    let going_on = match known {
        Some(known) if count < 2 || within(&columns, known) => {
            columns = known.to_vec();
            true
        }
        Some(known) => within(known, &columns),
        None => false,
    };
    if columns.len() < 3 || count < 2 && !going_on {
        return Vec::new();
    }
    let column_of = |x: f64| columns.iter().rposition(|c| *c <= x + tolerance);
    // A line belongs when its pieces start in columns and it is not one
    // piece from the left across a column.
    let member = |k: usize| {
        let crosses = |p: &[&Glyph]| {
            columns.iter().any(|c| p[0].x0 < c - tolerance && p[p.len() - 1].x1 > c + tolerance)
        };
        let from_left = |p: &[&Glyph]| column_of(p[0].x0) == Some(0);
        pieces[k].iter().all(|p| column_of(p[0].x0).is_some())
            && !(pieces[k].len() == 1 && from_left(pieces[k][0]) && crosses(pieces[k][0]))
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        if !member(k) {
            k += 1;
            continue;
        }
        let first = k;
        while k < rows.len() && member(k) {
            k += 1;
        }
        let region = first..k;
        if region.clone().filter(|&i| multi(i)).count() >= 2 || going_on && first == 0 {
            out.push(lattice_of(&rows[region.clone()], &pieces[region], &columns, (size, area), header));
        }
    }
    out
}

/// The lattice of an aligned table: a column edge just left of each
/// column's start, a row edge between the lines that start rows, no edge
/// where a piece of text crosses it.
fn lattice_of(
    rows: &[Vec<&Glyph>],
    pieces: &[Vec<&[&Glyph]>],
    columns: &[f64],
    (size, (left, right)): (f64, (f64, f64)),
    header: Option<&[String]>,
) -> Lattice {
    let mut xs = vec![left.min(columns[0]) - 0.5 * size];
    xs.extend(columns.iter().skip(1).map(|c| c - 0.5 * size));
    xs.push(right + 0.5 * size);
    let in_first = |k: usize| pieces[k].iter().any(|p| p[0].x0 < columns[1] - 0.6 * size);
    // A （N） sub-item starts a row too, in any column but the last (where
    // progress lists its items so).
    let last_column = columns[columns.len() - 1] - 0.6 * size;
    let sub_item = |k: usize| {
        pieces[k].iter().any(|p| {
            let text: String = p.iter().take(5).map(|g| g.text.as_str()).collect();
            p[0].x0 < last_column && list_marker(&text) && text.starts_with(['（', '('])
        })
    };
    // The header's first line: each piece a heading's first line.
    let is_header = |k: usize| {
        header.is_some_and(|h| {
            let texts = pieces[k].iter().map(|p| p.iter().map(|g| g.text.as_str()).collect::<String>());
            texts.eq(h.iter().filter(|t| !t.is_empty()).cloned())
        })
    };
    let starts: Vec<usize> = (0..rows.len())
        .filter(|&k| k == 0 || is_header(k) || is_header(k - 1) || in_first(k) || sub_item(k))
        .collect();
    let y = |k: usize| rows[k][0].y;
    let mut ys = vec![y(0) - 1.1 * size];
    for &k in starts.iter().skip(1) {
        ys.push((y(k - 1) + 0.25 * size + y(k) - 0.9 * size) / 2.0);
    }
    ys.push(y(rows.len() - 1) + 0.4 * size);
    let mut vertical = Vec::new();
    for (r, band) in ys.windows(2).enumerate() {
        let lines = starts[r]..starts.get(r + 1).copied().unwrap_or(rows.len());
        for (c, &x) in xs.iter().enumerate() {
            let crossed = c > 0
                && c + 1 < xs.len()
                && lines.clone().any(|k| pieces[k].iter().any(|p| p[0].x0 < x && p[p.len() - 1].x1 > x));
            if !crossed {
                vertical.push(Rule { at: x, from: band[0], to: band[1] });
            }
        }
    }
    // Above a row that starts with a sub-item, the empty cells left of it
    // are the group's, merged down (as Word merges 序号 and 工作任务).
    let mut horizontal = Vec::new();
    for (r, &at) in ys.iter().enumerate() {
        let row = starts.get(r).copied().filter(|&k| r > 0 && sub_item(k) && !in_first(k));
        let lines = |r: usize| starts[r]..starts.get(r + 1).copied().unwrap_or(rows.len());
        let sub_at = row.and_then(|k| pieces[k].iter().find(|p| p[0].x0 < last_column).map(|p| p[0].x0));
        for c in 0..xs.len() - 1 {
            let empty =
                || !lines(r).any(|k| pieces[k].iter().any(|p| p[0].x0 >= xs[c] && p[0].x0 < xs[c + 1]));
            if sub_at.is_some_and(|x| xs[c + 1] <= x) && empty() {
                continue;
            }
            horizontal.push(Rule { at, from: xs[c], to: xs[c + 1] });
        }
    }
    Lattice { horizontal, vertical, xs, ys, starts: columns.to_vec() }
}

/// The pages' blocks: tables from ruling lines, paragraphs from the rest,
/// in reading order; a table that goes on at the top of the next page with
/// the same columns is one grid.
fn layout(pages: Vec<Page>) -> Source {
    let mut blocks: Vec<Block> = Vec::new();
    let mut notes = Vec::new();
    let (mut tables, mut skipped) = (0usize, 0usize);
    // The open table's columns, to continue it on the next page, and the
    // lines of its last row.
    let mut open: Option<(Vec<f64>, Vec<CellLines>)> = None;
    // The open table's column starts when it has no rules.
    let mut open_starts: Option<Vec<f64>> = None;
    let ruled: Vec<Vec<Lattice>> = pages.iter().map(lattices).collect();
    // The text area of each page width: from the leftmost text or table
    // edge to the rightmost (a short line ends a paragraph by it).
    let mut area: Vec<(f64, f64, f64)> = Vec::new();
    for (page, tables) in pages.iter().zip(&ruled) {
        let edges =
            page.glyphs.iter().map(|g| (g.x0, g.x1)).chain(tables.iter().map(|l| (l.left(), l.right())));
        let (l, r) = edges.fold((f64::MAX, f64::MIN), |(l, r), (a, b)| (l.min(a), r.max(b)));
        match area.iter_mut().find(|a| (a.0 - page.width).abs() < 1.0) {
            Some(a) => (a.1, a.2) = (a.1.min(l), a.2.max(r)),
            None => area.push((page.width, l, r)),
        }
    }
    for (page, mut found) in pages.iter().zip(ruled) {
        // Tables aligned without rules in the text outside the ruled ones;
        // the open table's header, repeated on this page, is a row alone.
        let header: Option<Vec<String>> = match blocks.last() {
            Some(Block::Table(g)) if open.is_some() => {
                g.rows.first().map(|r| r.cells.iter().filter_map(|c| c.lines.first().cloned()).collect())
            }
            _ => None,
        };
        let outside: Vec<&Glyph> = page.glyphs.iter().filter(|g| !found.iter().any(|l| l.holds(g))).collect();
        let text_area =
            area.iter().find(|a| (a.0 - page.width).abs() < 1.0).map_or((0.0, page.width), |a| (a.1, a.2));
        found.extend(aligned(&outside, header.as_deref(), open_starts.as_deref(), text_area));
        found.sort_by(|a, b| a.top().total_cmp(&b.top()));
        let inside = |g: &Glyph| found.iter().position(|l| l.holds(g));
        let mut per_table: Vec<Vec<&Glyph>> = vec![Vec::new(); found.len()];
        let mut outside: Vec<&Glyph> = Vec::new();
        for g in &page.glyphs {
            match inside(g) {
                Some(k) => per_table[k].push(g),
                None => outside.push(g),
            }
        }
        // Paragraphs outside tables, by the text area's margins.
        let text_lines = lines(outside);
        let (left, right) = text_area;
        let mut items: Vec<(f64, Option<usize>, String)> = Vec::new();
        for (text, y) in paragraphs(&text_lines, left, right) {
            if page_number(&text) {
                skipped += 1;
            } else {
                items.push((y, None, text));
            }
        }
        for (k, l) in found.iter().enumerate() {
            items.push((l.top(), Some(k), String::new()));
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (n, (_, table, text)) in items.into_iter().enumerate() {
            match table {
                None => {
                    open = None;
                    open_starts = None;
                    blocks.push(Block::Paragraph(Paragraph {
                        text,
                        number: None,
                        location: Location::Page { page: page.number, table: None },
                    }));
                }
                Some(k) => {
                    let lattice = &found[k];
                    // The same table when its outer edges are the same: a
                    // page without sub-item rows has fewer inner columns.
                    let edges =
                        |xs: &[f64]| (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(0.0));
                    let continues = n == 0
                        && open.as_ref().is_some_and(|(xs, _)| {
                            let (a, b) = (edges(xs), edges(&lattice.xs));
                            (a.0 - b.0).abs() <= 2.0 && (a.1 - b.1).abs() <= 2.0
                        });
                    if !continues {
                        tables += 1;
                    }
                    if !lattice.starts.is_empty() && !continues {
                        notes.push(Note {
                            location: Location::Page { page: page.number, table: Some((tables, 1, None)) },
                            message: format!(
                                "table {tables} on page {} has no ruling lines: its {} columns were read by the alignment of its text",
                                page.number,
                                lattice.xs.len() - 1
                            ),
                        });
                    }
                    let (mut g, mut raw) = grid(lattice, &per_table[k], page.number, tables);
                    let mut joined = None;
                    let mut xs = lattice.xs.clone();
                    match (blocks.last_mut(), &open) {
                        (Some(Block::Table(prev)), Some((prev_xs, prev_ends))) if continues => {
                            xs = cluster(prev_xs.iter().chain(&lattice.xs).copied().collect(), 1.5);
                            remap(prev, prev_xs, &xs);
                            remap(&mut g, &lattice.xs, &xs);
                            joined = continue_grid(prev, g, prev_ends, &raw);
                        }
                        _ => blocks.push(Block::Table(g)),
                    }
                    let ends = joined.or_else(|| raw.pop()).unwrap_or_default();
                    open = Some((xs, ends));
                    open_starts = (!lattice.starts.is_empty()).then(|| lattice.starts.clone());
                }
            }
        }
    }
    if skipped > 0 {
        notes.push(Note {
            location: Location::Unknown,
            message: format!("{skipped} page number(s) left out"),
        });
    }
    Source { format: Format::Pdf, blocks, notes }
}

/// Re-indexes a grid's columns from boundaries `old` to `new` (a superset).
fn remap(grid: &mut Grid, old: &[f64], new: &[f64]) {
    if old.len() == new.len() {
        return;
    }
    let nearest = |x: f64| {
        new.iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map_or(0, |(k, _)| k)
    };
    for cell in grid.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        let (x0, x1) = (old.get(cell.col).copied(), old.get(cell.col + cell.col_span).copied());
        if let (Some(x0), Some(x1)) = (x0, x1) {
            let (a, b) = (nearest(x0), nearest(x1));
            cell.col = a;
            cell.col_span = b.saturating_sub(a).max(1);
        }
    }
    grid.columns = new.len().saturating_sub(1);
}

/// Appends a table's rows on the next page to its grid. A repeated header
/// row is left out; a first row that is the rest of the page before's last
/// row (see [`splits`]) is joined to it, a line that ran to the cell's edge
/// going on where it stopped. Returns the lines of that row when it is the
/// page's last too (the next page may go on with it).
fn continue_grid(
    prev: &mut Grid,
    next: Grid,
    prev_ends: &[CellLines],
    next_lines: &[Vec<CellLines>],
) -> Option<Vec<CellLines>> {
    let mut ends = None;
    let text = |r: &Row| r.cells.iter().map(Cell::text).filter(|t| !t.is_empty()).collect::<Vec<_>>();
    let header = prev.rows.first().map(text);
    let mut rows = next.rows.into_iter().peekable();
    let mut skip = 0;
    if rows.peek().is_some_and(|r| header.as_ref() == Some(&text(r))) {
        rows.next();
        skip = 1;
    }
    if let (Some(first), Some(last)) = (rows.peek(), prev.rows.last()) {
        if splits(last, first) {
            let first = rows.next().unwrap_or_default();
            if let (Some(last), Some(lines)) = (prev.rows.last_mut(), next_lines.get(skip)) {
                let joined = join_rows(last, &first, prev_ends, lines);
                // That row is the page's last too: the next page goes on
                // with the lines of both parts.
                if next_lines.len() == skip + 1 {
                    ends = Some(joined);
                }
            }
        }
    }
    prev.rows.extend(rows);
    ends
}

/// Whether `next` is the rest of `last`, split by a page break: its first
/// cell (序号) is empty, it has text only in columns where `last` has text,
/// and no cell starts as a row's progress does, with a status after a
/// sentence's end (a sub-item row of a group merged over the page break
/// does).
fn splits(last: &Row, next: &Row) -> bool {
    let first_empty = next.cells.first().is_none_or(|c| c.continued || c.is_empty());
    let pairs: Vec<(&Cell, &Cell)> = next
        .cells
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| cover(last, b.col).map(|ka| (&last.cells[ka], b)))
        .collect::<Option<_>>()
        .unwrap_or_default();
    let within = pairs.len() == next.cells.iter().filter(|b| !b.is_empty()).count()
        && pairs.iter().all(|(a, _)| !a.is_empty() || a.continued);
    // A status after a sentence's end starts a row's progress; 已完成 after
    // 概念设计 goes on with the sentence.
    let fresh = pairs.iter().any(|(a, b)| {
        let before = a.text();
        let ended =
            before.trim_end().is_empty() || before.trim_end().ends_with(['。', '；', '！', '？', '：']);
        ended && starts_with_status(&b.text())
    });
    first_empty && within && !fresh
}

/// The index of the cell of `row` over column `col`.
fn cover(row: &Row, col: usize) -> Option<usize> {
    row.cells.iter().position(|c| c.col <= col && col < c.col + c.col_span)
}

/// Whether a text starts with a progress status (the start of a row's
/// progress, never the middle of one). A short list, not the status
/// vocabulary: the reader only tells a new row from a split one.
fn starts_with_status(text: &str) -> bool {
    const STATUSES: [&str; 10] = [
        "按进度完成",
        "已完成",
        "基本完成",
        "基本按进度完成",
        "未按进度完成",
        "未完成",
        "已按进度完成",
        "计划调整",
        "序时推进",
        "按时序推进",
    ];
    let t = text.trim_start();
    t.starts_with('▲')
        || STATUSES.iter().any(|s| {
            t.strip_prefix(s).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(['。', '，', '；', '：', '\n', '(', '（'])
            })
        })
}

/// Joins the cells of `next` to those of `last`: each cell's lines on both
/// pages are read as one run of lines, so that a paragraph cut by the page
/// break goes on.
fn join_rows(last: &mut Row, next: &Row, before: &[CellLines], after: &[CellLines]) -> Vec<CellLines> {
    // The lines of `next`'s cells under each cell of `last`, in order.
    let mut under: Vec<Vec<Line>> = vec![Vec::new(); last.cells.len()];
    for (kb, b) in next.cells.iter().enumerate().filter(|(_, b)| !b.is_empty()) {
        if let (Some(ka), Some((lines, _, _))) = (cover(last, b.col), after.get(kb)) {
            under[ka].extend(lines.iter().cloned());
        }
    }
    let mut joined = Vec::new();
    for ((a, y), (x, left, right)) in last.cells.iter_mut().zip(under).zip(before) {
        let mut lines = x.clone();
        let end = lines.last().map_or(0.0, |l| l.y + 1.5 * l.size);
        let start = y.first().map_or(0.0, |l| l.y);
        lines.extend(y.iter().map(|l| Line { y: l.y - start + end, ..l.clone() }));
        if !y.is_empty() && !a.continued {
            a.lines = paragraphs(&lines, *left, *right).into_iter().map(|(t, _)| t).collect();
        }
        joined.push((lines, *left, *right));
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of 10.5 pt characters from `x` on baseline `y`, each 10.5 wide.
    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(k, c)| {
                let w = if c.is_ascii() { 5.25 } else { 10.5 };
                let x0 =
                    x + text.chars().take(k).map(|c| if c.is_ascii() { 5.25 } else { 10.5 }).sum::<f64>();
                Glyph { x0, x1: x0 + w, y, size: 10.5, text: c.to_string() }
            })
            .collect()
    }

    fn line(text: &str, x: f64, y: f64) -> Line {
        let g = glyphs(text, x, y);
        line_of(&g.iter().collect::<Vec<_>>())
    }

    #[test]
    fn list_markers_and_labels() {
        for yes in ["（1）各镇", "(2)已完成", "3.建设", "4、推进", "一、总体"] {
            assert!(list_marker(yes), "{yes}");
        }
        for no in ["3.94万亩", "（2018）3号", "（二、三区）", "2018年", "（牵头单位"] {
            assert!(!list_marker(no), "{no}");
        }
        assert!(label("存在问题：资金不足") && label("新会区：《南湖公园规划》"));
        assert!(!label("截至9月底，完成：") && !label("：开头"));
    }

    #[test]
    fn page_numbers() {
        for yes in ["5", "- 5 -", "第5页", "第 5 页 共 20 页", "5/20", "— 12 —"] {
            assert!(page_number(yes), "{yes}");
        }
        for no in ["5月", "附件1", "共4项", "第三批"] {
            assert!(!page_number(no), "{no}");
        }
    }

    #[test]
    fn first_tokens_keep_what_cannot_start_a_line() {
        let token = |text: &str| {
            let g = glyphs(text, 0.0, 0.0);
            first_token(&g.iter().collect::<Vec<_>>())
        };
        assert_eq!(token("数，7月1日"), 10.5 + 10.5 + 5.25, "数，7 moves as a whole");
        assert_eq!(token("104.8%、103.3%的"), 6.0 * 5.25 + 10.5 + 6.0 * 5.25);
        assert_eq!(token("（1）各"), 10.5 + 5.25 + 10.5, "（1） moves as a whole");
        assert_eq!(token("（各"), 21.0, "an opening bracket goes with what follows");
        assert_eq!(token("市财政局"), 10.5);
    }

    #[test]
    fn paragraphs_join_wrapped_lines_and_break_at_ends() {
        // A cell 7 characters wide (73.5 pt).
        let (left, right) = (0.0, 73.5);
        let cell = [
            line("按进度完成。", 0.0, 10.0),
            line("（1）截至9月", 0.0, 25.0),
            line("底，完成投资", 0.0, 40.0),
            line("5.2亿元。", 0.0, 55.0),
            line("存在问题：资金", 0.0, 70.0),
            line("不足。", 0.0, 85.0),
        ];
        let texts: Vec<String> = paragraphs(&cell, left, right).into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, ["按进度完成。", "（1）截至9月底，完成投资5.2亿元。", "存在问题：资金不足。"]);
        // A list of names: a short line ends an entry, a full one that does
        // not end as a name goes on.
        let names =
            [line("市财政局", 0.0, 10.0), line("市人力资源社会", 0.0, 25.0), line("保障局", 0.0, 40.0)];
        let texts: Vec<String> = paragraphs(&names, left, right).into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, ["市财政局", "市人力资源社会保障局"]);
    }

    #[test]
    fn a_table_without_rules_is_read_by_alignment() {
        let rows = [
            vec![("序号", 50.0), ("工作任务", 100.0), ("责任单位", 250.0), ("进展情况", 350.0)],
            // The task's first line runs to its column's edge: it wraps.
            vec![
                ("1", 50.0),
                ("建设城市公园和滨江绿道力争", 100.0),
                ("市林业局", 250.0),
                ("按进度完成。", 350.0),
            ],
            vec![("年底完工。", 100.0), ("市财政局", 250.0), ("已完成投资", 350.0)],
            vec![("2", 50.0), ("新增就业", 100.0), ("市人社局", 250.0), ("已完成。", 350.0)],
        ];
        let all: Vec<Glyph> = rows
            .iter()
            .enumerate()
            .flat_map(|(k, row)| row.iter().flat_map(move |(t, x)| glyphs(t, *x, 100.0 + 15.0 * k as f64)))
            .collect();
        let refs: Vec<&Glyph> = all.iter().collect();
        let found = aligned(&refs, None, None, (50.0, 480.0));
        assert_eq!(found.len(), 1);
        let (grid, _) = grid(&found[0], &refs, 1, 1);
        let text = |r: usize| grid.rows[r].cells.iter().map(Cell::text).collect::<Vec<_>>();
        assert_eq!(grid.rows.len(), 3, "a header and two rows, the second line joined to the first row");
        assert_eq!(
            text(1),
            ["1", "建设城市公园和滨江绿道力争年底完工。", "市林业局\n市财政局", "按进度完成。\n已完成投资"]
        );
        assert_eq!(text(2), ["2", "新增就业", "市人社局", "已完成。"]);
        // Prose is no table.
        let prose: Vec<Glyph> = (0..5)
            .flat_map(|k| glyphs("全市重点项目建设进展顺利，完成投资。", 50.0, 100.0 + 15.0 * k as f64))
            .collect();
        assert!(aligned(&prose.iter().collect::<Vec<_>>(), None, None, (50.0, 420.0)).is_empty());
    }
}
