//! Excel sheets (.xlsx, .xls) with columns 序号 / 工作任务 / 责任单位 / 责任人 /
//! 进展情况, as the text-dump layout the parser reads: a row of cells becomes
//! tab-led lines (a cell's line breaks stay lines) and a blank line; a row with
//! a single filled cell (a title or a merged section row) becomes a paragraph.
//! A cell covered by a merge is empty, as in a table dump.

use crate::error::{Error, ErrorKind, Result};
use calamine::{Data, Reader};

/// Extracts the text of every sheet of a workbook in the text-dump layout.
///
/// # Errors
///
/// [`ErrorKind::Sheet`] when the workbook cannot be read.
pub fn sheet_to_text(bytes: &[u8]) -> Result<String> {
    // A malformed workbook must give an error, never a panic from the reader.
    std::panic::catch_unwind(|| read_sheets(bytes))
        .unwrap_or_else(|_| Err(Error::new(ErrorKind::Sheet { problem: "the workbook is malformed".into() })))
}

fn read_sheets(bytes: &[u8]) -> Result<String> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Sheet { problem: "cannot open the workbook".into() }, e)
    })?;
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            Error::with_source(ErrorKind::Sheet { problem: format!("cannot read sheet {name}") }, e)
        })?;
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
            match filled.as_slice() {
                [] => {}
                [only] if cells.len() > 1 => {
                    out.push_str(only.trim());
                    out.push('\n');
                }
                _ => {
                    // Trailing empty cells beyond the table are not cells.
                    let used = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
                    for c in cells.iter().take(used.max(5).min(cells.len())) {
                        out.push('\t');
                        out.push_str(&c.replace("\r\n", "\n"));
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
    }
    Ok(out)
}

/// A cell as text: whole numbers without a decimal point (序号 1, not 1.0).
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}
