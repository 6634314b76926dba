//! Excel workbooks (.xlsx, .xls): each visible sheet as a [`Grid`] of its
//! used cells, merged regions resolved (the first cell of a region spans it,
//! the rows below hold a continued cell), numbers as numbers (序号 1, not
//! 1.0) and dates as ISO dates.
//!
//! Read with calamine, but never trusting what a file declares: calamine
//! allocates up front from the declared string count of `sharedStrings.xml`,
//! from a sheet's dimension and from the bounding box of its cells, so a
//! 6 KB file with one cell at `XFD1048576` would ask for hundreds of
//! gigabytes and abort the process (an allocation failure cannot be caught).
//! Before calamine sees a workbook, the parts it reads are unpacked once
//! under a size cap and checked (string counts against the bytes that hold
//! them, for .xls the cell records' bounding box); cells are then read with
//! calamine's streaming cell reader, which keeps only the used cells.

use super::{Block, Cell, Format, Grid, Location, Note, Row, Source, MAX_ENTRIES, MAX_XML_BYTES};
use crate::error::{Error, ErrorKind, Result};
use calamine::{Data, DataRef, Reader, SheetVisible};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// At most this many used cells in one sheet.
const MAX_CELLS: usize = 2_000_000;
/// At most this many cells in the bounding box of a legacy .xls sheet (which
/// calamine stores densely).
const MAX_XLS_BOX: u64 = 4_000_000;

fn bad(problem: impl Into<String>) -> Error {
    Error::new(ErrorKind::Sheet { problem: problem.into() })
}

/// Reads an .xlsx workbook.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Source> {
    check_xlsx(bytes)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Sheet { problem: "cannot open the workbook".into() }, e)
    })?;
    let mut source = Source { format: Format::Xlsx, blocks: Vec::new(), notes: Vec::new() };
    let sheets: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    for sheet in sheets {
        if sheet.visible != SheetVisible::Visible {
            source.notes.push(hidden(&sheet.name));
            continue;
        }
        let merges = book.merge_cells_by_sheet_name(&sheet.name).map_err(|e| {
            Error::with_source(ErrorKind::Sheet { problem: format!("cannot read sheet {}", sheet.name) }, e)
        })?;
        let mut cells: Vec<(u32, u32, String)> = Vec::new();
        let mut reader = book.worksheet_cells_reader(&sheet.name).map_err(|e| {
            Error::with_source(ErrorKind::Sheet { problem: format!("cannot read sheet {}", sheet.name) }, e)
        })?;
        while let Some(cell) = reader.next_cell().map_err(|e| {
            Error::with_source(ErrorKind::Sheet { problem: format!("cannot read sheet {}", sheet.name) }, e)
        })? {
            let (row, col) = cell.get_position();
            let text = ref_text(cell.get_value());
            if !text.trim().is_empty() {
                if cells.len() >= MAX_CELLS {
                    return Err(bad(format!("sheet {} has more than {MAX_CELLS} used cells", sheet.name)));
                }
                cells.push((row, col, text));
            }
        }
        let merges: Vec<(u32, u32, u32, u32)> =
            merges.iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect();
        if let Some(grid) = grid(&sheet.name, cells, &merges) {
            source.blocks.push(Block::Table(grid));
        }
    }
    Ok(source)
}

fn hidden(name: &str) -> Note {
    Note {
        location: Location::Sheet { sheet: name.to_string(), row: 0, col: 0 },
        message: format!("hidden sheet {name} skipped"),
    }
}

/// Unpacks every XML part of an .xlsx once under the cap and checks the
/// declared string count, so that calamine never allocates from a lie.
fn check_xlsx(bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Sheet { problem: "corrupt or truncated archive".into() }, e)
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(format!("{} entries in the archive (at most {MAX_ENTRIES})", zip.len())));
    }
    let mut budget = MAX_XML_BYTES;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| {
            Error::with_source(ErrorKind::Sheet { problem: "corrupt or truncated archive".into() }, e)
        })?;
        if entry.encrypted() {
            return Err(Error::new(ErrorKind::PasswordProtected));
        }
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut head = [0u8; 4096];
        let mut filled = 0;
        let mut total: u64 = 0;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = entry.read(&mut buf).map_err(|e| {
                Error::with_source(ErrorKind::Sheet { problem: format!("cannot unpack {name}") }, e)
            })?;
            if n == 0 {
                break;
            }
            if filled < head.len() {
                let take = n.min(head.len() - filled);
                head[filled..filled + take].copy_from_slice(&buf[..take]);
                filled += take;
            }
            total += n as u64;
            if total > budget {
                return Err(bad(format!(
                    "the workbook unpacks to more than {MAX_XML_BYTES} bytes of XML (a zip bomb?)"
                )));
            }
        }
        budget -= total;
        if name.ends_with("sharedStrings.xml") {
            let head = String::from_utf8_lossy(&head[..filled]);
            if let Some(declared) = declared_count(&head, "uniqueCount") {
                // Every string takes at least `<si/>`: five bytes.
                if declared > total / 5 + 1 {
                    return Err(bad(format!(
                        "sharedStrings.xml declares {declared} strings in {total} bytes (a malformed workbook)"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The value of `name="N"` in an XML head.
fn declared_count(head: &str, name: &str) -> Option<u64> {
    let at = head.find(&format!("{name}=\""))? + name.len() + 2;
    let digits: String = head.get(at..)?.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().or(Some(u64::MAX))
}

/// Reads an OLE file: a legacy .xls, or a clear error for what it is instead.
pub(crate) fn read_ole(bytes: &[u8]) -> Result<Source> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        Error::with_source(
            ErrorKind::Binary {
                looks_like: "a damaged or legacy Office file (.doc/.xls); convert it, e.g. soffice --headless --convert-to docx"
                    .into(),
            },
            e,
        )
    })?;
    if cfb.is_stream("/EncryptedPackage") || cfb.is_stream("/EncryptionInfo") {
        return Err(Error::new(ErrorKind::PasswordProtected));
    }
    if cfb.is_stream("/WordDocument") {
        return Err(Error::new(ErrorKind::Legacy {
            format: "a legacy Word .doc".into(),
            convert: "soffice --headless --convert-to docx".into(),
        }));
    }
    let stream = ["/Workbook", "/Book"].into_iter().find(|s| cfb.is_stream(s)).ok_or_else(|| {
        Error::new(ErrorKind::Binary {
            looks_like: "a legacy Office file that is not an Excel workbook".into(),
        })
    })?;
    let mut workbook = Vec::new();
    cfb.open_stream(stream)
        .and_then(|mut s| s.by_ref().take(MAX_XML_BYTES + 1).read_to_end(&mut workbook))
        .map_err(|e| {
        Error::with_source(ErrorKind::Sheet { problem: "cannot read the workbook stream".into() }, e)
    })?;
    if workbook.len() as u64 > MAX_XML_BYTES {
        return Err(bad(format!("the workbook stream is larger than {MAX_XML_BYTES} bytes")));
    }
    check_biff(&workbook)?;
    read_xls(bytes)
}

/// Checks every sheet's declared dimension and the bounding box of its cell
/// records against [`MAX_XLS_BOX`] (BIFF records: type, length, data).
fn check_biff(stream: &[u8]) -> Result<()> {
    let too_big = |rows: u64, cols: u64| {
        bad(format!("a sheet declares {rows} × {cols} cells (at most {MAX_XLS_BOX}): a malformed workbook"))
    };
    let mut at = 0usize;
    let mut bbox: Option<(u64, u64, u64, u64)> = None;
    let check = |b: Option<(u64, u64, u64, u64)>| -> Result<()> {
        if let Some((r0, r1, c0, c1)) = b {
            let (rows, cols) = (r1 - r0 + 1, c1 - c0 + 1);
            if rows.saturating_mul(cols) > MAX_XLS_BOX {
                return Err(too_big(rows, cols));
            }
        }
        Ok(())
    };
    while let Some(head) = stream.get(at..at + 4) {
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len).unwrap_or_default();
        at += 4 + len;
        let u16_at = |k: usize| data.get(k..k + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
        let u32_at =
            |k: usize| data.get(k..k + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        let mut touch = |row: u64, c0: u64, c1: u64| {
            let b = bbox.get_or_insert((row, row, c0, c1));
            *b = (b.0.min(row), b.1.max(row), b.2.min(c0), b.3.max(c1));
        };
        match typ {
            // BOF of a sheet: a new bounding box.
            0x0809 => {
                check(bbox.take())?;
            }
            // Dimensions (BIFF8): rwMic, rwMac (u32), colMic, colMac (u16).
            0x0200 => {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (u32_at(0), u32_at(4), u16_at(8), u16_at(10))
                {
                    let (rows, cols) = (r1.saturating_sub(r0), c1.saturating_sub(c0));
                    if rows.saturating_mul(cols) > MAX_XLS_BOX {
                        return Err(too_big(rows, cols));
                    }
                }
            }
            // Cells: Blank, Number, Label, BoolErr, Formula, RK, LabelSst, RString.
            0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x0006 | 0x027E | 0x00FD | 0x00D6 => {
                if let (Some(r), Some(c)) = (u16_at(0), u16_at(2)) {
                    touch(r, c, c);
                }
            }
            // MulRk, MulBlank: row, first column, …, last column.
            0x00BD | 0x00BE => {
                if let (Some(r), Some(c0), Some(c1)) =
                    (u16_at(0), u16_at(2), data.len().checked_sub(2).and_then(u16_at))
                {
                    touch(r, c0.min(c1), c0.max(c1));
                }
            }
            _ => {}
        }
    }
    check(bbox)
}

fn read_xls(bytes: &[u8]) -> Result<Source> {
    let mut book: calamine::Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Sheet { problem: "cannot open the workbook".into() }, e)
    })?;
    let mut source = Source { format: Format::Xls, blocks: Vec::new(), notes: Vec::new() };
    let sheets: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    for sheet in sheets {
        if sheet.visible != SheetVisible::Visible {
            source.notes.push(hidden(&sheet.name));
            continue;
        }
        let range = book.worksheet_range(&sheet.name).map_err(|e| {
            Error::with_source(
                ErrorKind::Sheet { problem: format!("cannot read sheet {}", sheet.name) },
                calamine::Error::Xls(e),
            )
        })?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells: Vec<(u32, u32, String)> = range
            .cells()
            .map(|(r, c, d)| (r0 + r as u32, c0 + c as u32, data_text(d)))
            .filter(|(_, _, t)| !t.trim().is_empty())
            .collect();
        let merges: Vec<(u32, u32, u32, u32)> = book
            .merge_cells_by_sheet_name(&sheet.name)
            .unwrap_or_default()
            .iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        if let Some(grid) = grid(&sheet.name, cells, &merges) {
            source.blocks.push(Block::Table(grid));
        }
    }
    Ok(source)
}

/// A cell as text: whole numbers without a decimal point (序号 1, not 1.0),
/// dates as ISO dates.
fn ref_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) => s.replace("\r\n", "\n"),
        DataRef::SharedString(s) => s.replace("\r\n", "\n"),
        DataRef::Float(f) => number_text(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(d) => date_text(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
    }
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => date_text(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        return d.as_f64().to_string();
    }
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    if (h, min, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
    }
}

/// The grid of a sheet from its used cells and merged regions (both 0-based
/// and inclusive); None for an empty sheet. Merged regions are clamped to the
/// used rows and columns, so a region declared over the whole sheet costs no
/// more than the cells it covers.
fn grid(sheet: &str, cells: Vec<(u32, u32, String)>, merges: &[(u32, u32, u32, u32)]) -> Option<Grid> {
    let max_row = cells.iter().map(|c| c.0).max()?;
    let max_col = cells.iter().map(|c| c.1).max()?;
    let mut rows: BTreeMap<u32, BTreeMap<u32, Cell>> = BTreeMap::new();
    let at = |row: u32, col: u32| Location::Sheet { sheet: sheet.to_string(), row, col };
    for (r, c, text) in cells {
        let lines = text.split('\n').map(str::to_string).collect();
        rows.entry(r).or_default().insert(
            c,
            Cell { col: c as usize, col_span: 1, row_span: 1, continued: false, lines, location: at(r, c) },
        );
    }
    for &(r0, c0, r1, c1) in merges {
        if r0 > max_row || c0 > max_col || r1 < r0 || c1 < c0 {
            continue;
        }
        let (r1, c1) = (r1.min(max_row), c1.min(max_col));
        let first = rows.entry(r0).or_default().entry(c0).or_insert_with(|| Cell {
            col: c0 as usize,
            col_span: 1,
            row_span: 1,
            continued: false,
            lines: Vec::new(),
            location: at(r0, c0),
        });
        first.col_span = (c1 - c0 + 1) as usize;
        first.row_span = (r1 - r0 + 1) as usize;
        for r in r0..=r1 {
            let row = rows.entry(r).or_default();
            // Cells covered by the region hold nothing of their own.
            let covered: Vec<u32> =
                row.range(c0..=c1).map(|(c, _)| *c).filter(|c| r != r0 || *c != c0).collect();
            for c in covered {
                row.remove(&c);
            }
            if r > r0 {
                row.insert(
                    c0,
                    Cell {
                        col: c0 as usize,
                        col_span: (c1 - c0 + 1) as usize,
                        row_span: 1,
                        continued: true,
                        lines: Vec::new(),
                        location: at(r, c0),
                    },
                );
            }
        }
    }
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(r, cells)| Row { cells: cells.into_values().collect(), header: false, location: at(r, 0) })
        .collect();
    let location = rows.first().map_or(at(0, 0), |r| r.location.clone());
    Some(Grid { rows, columns: max_col as usize + 1, location, aligned: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_regions_are_resolved_and_clamped() {
        let cells = vec![
            (0, 0, "标题".to_string()),
            (1, 0, "1".into()),
            (1, 1, "任务".into()),
            (2, 1, "子项".into()),
        ];
        // A title over the whole sheet and 序号 over two rows.
        let g = grid("S", cells, &[(0, 0, 0, 16383), (1, 0, 2, 0)]).unwrap();
        assert_eq!(g.columns, 2);
        assert_eq!((g.rows[0].cells.len(), g.rows[0].cells[0].col_span), (1, 2));
        assert_eq!(g.rows[1].cells[0].row_span, 2);
        assert!(g.rows[2].cells[0].continued);
        assert_eq!(g.rows[2].cells[1].location.to_string(), "S!B3");
    }

    #[test]
    fn biff_boxes() {
        let rec = |typ: u16, data: &[u8]| {
            let mut v = typ.to_le_bytes().to_vec();
            v.extend((data.len() as u16).to_le_bytes());
            v.extend(data);
            v
        };
        let number = |r: u16, c: u16| {
            let mut d = r.to_le_bytes().to_vec();
            d.extend(c.to_le_bytes());
            d.extend([0u8; 10]);
            rec(0x0203, &d)
        };
        let ok = [rec(0x0809, &[0; 16]), number(0, 0), number(100, 10)].concat();
        assert!(check_biff(&ok).is_ok());
        let far = [rec(0x0809, &[0; 16]), number(0, 0), number(65535, 255)].concat();
        assert!(check_biff(&far).unwrap_err().to_string().contains("malformed"));
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 0xFF, 0x00, 0, 0]);
        assert!(check_biff(&rec(0x0200, &dims)).is_err());
    }

    #[test]
    fn declared_counts() {
        assert_eq!(declared_count(r#"<sst count="3" uniqueCount="2">"#, "uniqueCount"), Some(2));
        assert_eq!(
            declared_count(r#"<sst uniqueCount="99999999999999999999999">"#, "uniqueCount"),
            Some(u64::MAX)
        );
        assert_eq!(declared_count("<sst>", "uniqueCount"), None);
    }
}
