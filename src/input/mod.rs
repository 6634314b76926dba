//! Reading input: bytes to [`Block`]s.
//!
//! Every source — a text file, a Word .docx, an Excel sheet, a saved web page —
//! becomes the same thing: a [`Source`], its blocks in document order.
//! A block is a [`Paragraph`] (with its list number, if Word numbered it) or a
//! table as a [`Grid`] of rows and cells with merges resolved. Each block, row
//! and cell knows its [`Location`] in the source (`line 256`, `table 2 row 5
//! cell 3`, `Sheet1!B7`). The readers know no report layout: what a column
//! means is decided later, by its header (see the crate's `structure` stage).
//!
//! The format is detected from the bytes, never from the file name: a zip
//! archive is a .docx or .xlsx by its entries, an OLE file is a legacy Excel
//! workbook by its streams, a web page by its markup; anything else is text
//! (see [`decode`]).

mod decode;
#[cfg(feature = "docx")]
mod docx;
#[cfg(feature = "html")]
mod html;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(feature = "xlsx")]
mod sheet;

pub use decode::{decode, decode_owned, Decoded, Encoding};

use crate::error::{Error, ErrorKind, Result};
use serde::{Serialize, Serializer};
use std::fmt;

/// Where a piece of a report is in its source file.
///
/// Shown as `line 256` (text), `paragraph 12` and `table 2 row 5 cell 3`
/// (Word, web pages), `Sheet1!B7` (Excel), numbered from 1.
///
/// # Examples
///
/// ```
/// use jinzhan::input::Location;
///
/// assert_eq!(Location::Line(256).to_string(), "line 256");
/// assert_eq!(Location::Table { table: 2, row: 5, cell: Some(3) }.to_string(), "table 2 row 5 cell 3");
/// assert_eq!(Location::Sheet { sheet: "Sheet1".into(), row: 6, col: 1 }.to_string(), "Sheet1!B7");
/// assert_eq!(Location::Sheet { sheet: "进展 表".into(), row: 0, col: 27 }.to_string(), "'进展 表'!AB1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Location {
    /// Nowhere in particular (a document-wide note).
    #[default]
    Unknown,
    /// A 1-based line of a text file.
    Line(usize),
    /// A 1-based paragraph outside tables.
    Paragraph(usize),
    /// A table, 1-based row and optionally 1-based cell within the row.
    Table {
        /// 1-based table number in document order.
        table: usize,
        /// 1-based row of the table.
        row: usize,
        /// 1-based cell of the row, if the location is a cell.
        cell: Option<usize>,
    },
    /// A cell of an Excel sheet: 0-based row and column, shown as `Sheet1!B7`.
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// 0-based row.
        row: u32,
        /// 0-based column.
        col: u32,
    },
    /// A page of a PDF (1-based), with the table, row and cell on it where
    /// known: `page 3`, `page 3 table 1 row 5 cell 2`.
    Page {
        /// The page.
        page: usize,
        /// The table (1-based in the document), its row and cell.
        table: Option<(usize, usize, Option<usize>)>,
    },
}

impl Location {
    /// The 1-based text line, for locations in text files.
    pub fn line(&self) -> Option<usize> {
        match self {
            Location::Line(n) => Some(*n),
            _ => None,
        }
    }

    /// The location of the row a cell location is in (`table 2 row 5`,
    /// `Sheet1!A7`); other locations unchanged.
    pub fn row(&self) -> Location {
        match self {
            Location::Table { table, row, .. } => Location::Table { table: *table, row: *row, cell: None },
            Location::Sheet { sheet, row, .. } => Location::Sheet { sheet: sheet.clone(), row: *row, col: 0 },
            Location::Page { page, table } => {
                Location::Page { page: *page, table: table.map(|(t, r, _)| (t, r, None)) }
            }
            other => other.clone(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Unknown => Ok(()),
            Location::Line(n) => write!(f, "line {n}"),
            Location::Paragraph(n) => write!(f, "paragraph {n}"),
            Location::Table { table, row, cell } => {
                write!(f, "table {table} row {row}")?;
                match cell {
                    Some(c) => write!(f, " cell {c}"),
                    None => Ok(()),
                }
            }
            Location::Sheet { sheet, row, col } => {
                let plain = sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
                if plain {
                    write!(f, "{sheet}!")?;
                } else {
                    write!(f, "'{}'!", sheet.replace('\'', "''"))?;
                }
                write!(f, "{}{}", column_name(*col), u64::from(*row) + 1)
            }
            Location::Page { page, table } => {
                write!(f, "page {page}")?;
                match table {
                    Some((t, r, Some(c))) => write!(f, " table {t} row {r} cell {c}"),
                    Some((t, r, None)) => write!(f, " table {t} row {r}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// 0 → A, 25 → Z, 26 → AA.
fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A paragraph outside tables: a line of a text file, a Word paragraph, a
/// block of a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, with the list number in front when Word numbered it
    /// automatically (`1.`, `一、`, `（1）`), so that it reads as typed.
    pub text: String,
    /// The list number alone (`1.`), when it came from Word's numbering.
    pub number: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A table cell with merges resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// 0-based grid column of its left edge.
    pub col: usize,
    /// Grid columns it spans (1 unless merged horizontally).
    pub col_span: usize,
    /// Rows it spans (1 unless merged vertically; set on the first row).
    pub row_span: usize,
    /// True when the cell continues a vertical merge from the row above: its
    /// text is the text of the cell above, and `lines` is empty.
    pub continued: bool,
    /// Its lines of text (paragraphs and line breaks), as written.
    pub lines: Vec<String>,
    /// Where it is.
    pub location: Location,
}

impl Cell {
    /// The cell's text, lines joined with `\n`, trimmed.
    pub fn text(&self) -> String {
        self.lines.join("\n").trim().to_string()
    }

    /// Whether the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Its cells, left to right; a column covered by no cell is empty.
    pub cells: Vec<Cell>,
    /// True when the source marks the row as a header (Word's repeated
    /// header rows, HTML `<th>` rows).
    pub header: bool,
    /// Where it is.
    pub location: Location,
}

/// A table: rows of cells on a grid of columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
    /// The number of grid columns.
    pub columns: usize,
    /// Where the table is (its first row).
    pub location: Location,
    /// False when cell positions are not column positions: the rows hold
    /// different numbers of cells (a text dump pasted into Word). Such a
    /// table is read by its cells' contents instead of its header.
    pub aligned: bool,
}

/// A piece of a report in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Text outside tables.
    Paragraph(Paragraph),
    /// A table.
    Table(Grid),
}

/// What kind of file a report came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Plain text.
    Text(Encoding),
    /// Word .docx.
    Docx,
    /// Excel .xlsx.
    Xlsx,
    /// Legacy Excel .xls.
    Xls,
    /// A saved web page.
    Html,
    /// A PDF with a text layer.
    Pdf,
}

impl Format {
    /// A short name: text, docx, xlsx, xls, html, pdf.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text(_) => "text",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// Something a reader noticed that the parser should report (a skipped
/// hidden sheet, a truncated cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where.
    pub location: Location,
    /// A sentence for a person.
    pub message: String,
}

/// A report as read: its format and its blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What kind of file it was.
    pub format: Format,
    /// Paragraphs and tables in document order.
    pub blocks: Vec<Block>,
    /// What the reader noticed.
    pub notes: Vec<Note>,
}

impl Source {
    /// Text as a source: each line a paragraph at `line N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jinzhan::input::{Block, Encoding, Source};
    ///
    /// let s = Source::from_text("一、甲\n\t1\n", Encoding::Utf8);
    /// assert_eq!(s.blocks.len(), 2);
    /// let Block::Paragraph(p) = &s.blocks[1] else { panic!() };
    /// assert_eq!((p.text.as_str(), p.location.line()), ("\t1", Some(2)));
    /// ```
    pub fn from_text(text: &str, encoding: Encoding) -> Source {
        let blocks = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                Block::Paragraph(Paragraph {
                    text: l.to_string(),
                    number: None,
                    location: Location::Line(i + 1),
                })
            })
            .collect();
        Source { format: Format::Text(encoding), blocks, notes: Vec::new() }
    }

    /// Whether the source holds no text at all.
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| match b {
            Block::Paragraph(p) => p.text.trim().is_empty(),
            Block::Table(g) => g.rows.iter().all(|r| r.cells.iter().all(Cell::is_empty)),
        })
    }
}

/// Reads a report's bytes: a Word .docx, an Excel workbook (.xlsx, .xls), a
/// saved web page, or text in UTF-8, GB18030/GBK or UTF-16.
///
/// # Errors
///
/// [`ErrorKind::Empty`] when there is no text; [`ErrorKind::Docx`] and
/// [`ErrorKind::Sheet`] for files of those formats that cannot be read; [`ErrorKind::Binary`] for other binary files (a PDF,
/// an image, a legacy .doc) and [`ErrorKind::Encoding`] for undecodable text.
///
/// # Examples
///
/// ```
/// use jinzhan::input::{read, Block, Format};
///
/// let page = "<html><head><meta charset=utf-8></head><body><p>2019年重点工作</p>\
///             <table><tr><th>序号</th><th>工作任务</th></tr><tr><td>1</td><td>建设公园</td></tr></table></body></html>";
/// let source = read(page.as_bytes())?;
/// assert_eq!(source.format, Format::Html);
/// let Block::Table(grid) = &source.blocks[1] else { panic!() };
/// assert_eq!(grid.rows[1].cells[1].text(), "建设公园");
/// # Ok::<(), jinzhan::Error>(())
/// ```
pub fn read(bytes: &[u8]) -> Result<Source> {
    let source = match sniff(bytes) {
        Sniffed::Zip => read_zip(bytes)?,
        Sniffed::Ole => read_ole(bytes)?,
        Sniffed::Pdf => read_pdf(bytes)?,
        Sniffed::Html => read_html(bytes)?,
        Sniffed::Text => {
            let d = decode(bytes)?;
            if looks_like_html(&d.text) {
                read_html_str(&d.text)?
            } else {
                Source::from_text(&d.text, d.encoding)
            }
        }
    };
    if source.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(source)
}

/// What a report's bytes hold: plain text (decoded, for a parser that
/// reads the lines in place) or another format as a [`Source`]. Reads as
/// [`read`] does, without a copy of a UTF-8 text.
///
/// # Errors
///
/// As [`read`].
pub fn read_owned(bytes: Vec<u8>) -> Result<Text> {
    if !matches!(sniff(&bytes), Sniffed::Text) {
        return read(&bytes).map(Text::Blocks);
    }
    let d = decode_owned(bytes)?;
    if looks_like_html(&d.text) {
        return read_html_str(&d.text).map(Text::Blocks);
    }
    Ok(Text::Plain(d.text))
}

/// A report as [`read_owned`] gives it.
#[derive(Debug)]
pub enum Text {
    /// Plain text, one paragraph per line.
    Plain(String),
    /// Any other format's blocks.
    Blocks(Source),
}

enum Sniffed {
    Zip,
    Ole,
    Pdf,
    Html,
    Text,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") {
        Sniffed::Zip
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Sniffed::Ole
    } else if bytes.get(..1024).unwrap_or(bytes).windows(5).any(|w| w == b"%PDF-") {
        Sniffed::Pdf
    } else if sniff_html_bytes(bytes) {
        Sniffed::Html
    } else {
        Sniffed::Text
    }
}

/// Whether raw bytes (in an ASCII-compatible encoding) start like a web page.
fn sniff_html_bytes(bytes: &[u8]) -> bool {
    let head = bytes.get(..1024).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    looks_like_html(&String::from_utf8_lossy(head))
}

/// Whether text starts like a web page: markup first, and an `<html>`,
/// `<body>` or `<table>` element near the start.
fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start_matches('\u{feff}').trim_start().chars().take(1024).collect();
    let lower = head.to_ascii_lowercase();
    lower.starts_with('<')
        && ["<!doctype html", "<html", "<body", "<table", "<head"].iter().any(|t| lower.contains(t))
}

/// A format this build was made without.
#[allow(dead_code)]
fn unsupported(format: &'static str, feature: &'static str) -> Error {
    Error::new(ErrorKind::Unsupported { format, feature })
}

#[cfg(feature = "pdf")]
fn read_pdf(bytes: &[u8]) -> Result<Source> {
    pdf::read(bytes)
}

#[cfg(not(feature = "pdf"))]
fn read_pdf(_: &[u8]) -> Result<Source> {
    Err(unsupported("PDF documents", "pdf"))
}

#[cfg(feature = "html")]
fn read_html(bytes: &[u8]) -> Result<Source> {
    html::read(bytes)
}

#[cfg(not(feature = "html"))]
fn read_html(_: &[u8]) -> Result<Source> {
    Err(unsupported("saved web pages", "html"))
}

#[cfg(feature = "html")]
fn read_html_str(text: &str) -> Result<Source> {
    html::read_str(text, false)
}

#[cfg(not(feature = "html"))]
fn read_html_str(_: &str) -> Result<Source> {
    Err(unsupported("saved web pages", "html"))
}

#[cfg(feature = "xlsx")]
fn read_ole(bytes: &[u8]) -> Result<Source> {
    sheet::read_ole(bytes)
}

#[cfg(not(feature = "xlsx"))]
fn read_ole(_: &[u8]) -> Result<Source> {
    Err(unsupported("legacy Excel workbooks (.xls)", "xlsx"))
}

/// A zip archive is a Word document or an Excel workbook by its entries.
#[cfg(any(feature = "docx", feature = "xlsx"))]
fn read_zip(bytes: &[u8]) -> Result<Source> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Docx { problem: "corrupt or truncated archive".into() }, e)
    })?;
    let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == name));
    let (word, excel) = (has("word/document.xml"), has("xl/workbook.xml"));
    drop(zip);
    if word {
        #[cfg(feature = "docx")]
        return docx::read(bytes);
        #[cfg(not(feature = "docx"))]
        return Err(unsupported("Word documents", "docx"));
    }
    if excel {
        #[cfg(feature = "xlsx")]
        return sheet::read_xlsx(bytes);
        #[cfg(not(feature = "xlsx"))]
        return Err(unsupported("Excel workbooks", "xlsx"));
    }
    Err(Error::new(ErrorKind::Binary {
        looks_like: "a zip archive that is neither a Word document nor an Excel workbook".into(),
    }))
}

#[cfg(not(any(feature = "docx", feature = "xlsx")))]
fn read_zip(_: &[u8]) -> Result<Source> {
    Err(unsupported("Word documents and Excel workbooks", "docx"))
}

/// At most this many entries in a .docx or .xlsx archive (a zip bomb has many).
#[cfg(any(feature = "docx", feature = "xlsx"))]
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// At most this many bytes of XML unpacked from one .docx or .xlsx.
#[cfg(any(feature = "docx", feature = "xlsx"))]
pub(crate) const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        for (c, n) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")] {
            assert_eq!(column_name(c), n);
        }
    }
}
