use super::write_atomic;
use crate::error::Result;
use crate::record::Row;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How CSV files are written.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    /// Start the file with a UTF-8 byte-order mark, so that Excel reads it as
    /// UTF-8 (default true).
    pub bom: bool,
    /// Write text exactly as found, without guarding against formulas
    /// (default false).
    pub raw: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { bom: true, raw: false }
    }
}

/// Writes `rows` to `dir/R::FILE` with a header row, atomically: the file is
/// written under a temporary name in the same folder and renamed when complete,
/// so a failed run never leaves a half-written file or destroys the previous one.
///
/// Unless `raw`, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so that Excel does not run it as a
/// formula; plain numbers (`-14`, `3.2`) are left alone.
///
/// # Errors
///
/// [`ErrorKind::Output`](crate::ErrorKind::Output) when the folder or file cannot be written.
///
/// # Examples
///
/// ```
/// use jinzhan::output::{write_csv, CsvOptions};
/// use jinzhan::record::WarningRow;
///
/// let dir = std::env::temp_dir().join("jinzhan-doc-csv");
/// let row = WarningRow { source: "a.txt".into(), line: Some(3), section_no: Some(1),
///     task_id: None, kind: "preamble".into(), message: "=1+1".into(),
///     location: jinzhan::input::Location::Line(3) };
/// let path = write_csv(&dir, &[row], CsvOptions::default())?;
/// let text = std::fs::read_to_string(path)?;
/// assert_eq!(text, "\u{feff}source,line,section_no,task_id,kind,message,location\na.txt,3,1,,preamble,'=1+1,line 3\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv<R: Row>(dir: &Path, rows: &[R], opts: CsvOptions) -> Result<PathBuf> {
    let path = dir.join(R::FILE);
    write_atomic(&path, |w| write_csv_to(w, rows, opts, true))?;
    Ok(path)
}

/// Writes `rows` as CSV to `out` (the BOM and the header only when `header`),
/// with the same quoting and formula guard as [`write_csv`]: for standard
/// output and other streams.
///
/// # Errors
///
/// Any error of `out`.
pub fn write_csv_to<W: Write, R: Row>(
    mut out: W,
    rows: &[R],
    opts: CsvOptions,
    header: bool,
) -> std::io::Result<()> {
    if opts.bom && header {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(out);
    if header {
        w.write_record(R::HEADER)?;
    }
    for row in rows {
        let fields = row.fields();
        if opts.raw {
            w.write_record(&fields)?;
        } else {
            w.write_record(fields.iter().map(|f| guard_formula(f).into_owned()))?;
        }
    }
    w.flush()
}

/// Prefixes `'` to text that a spreadsheet would read as a formula.
pub(crate) fn guard_formula(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(field) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// `-14`, `3.2`, `-14%`: a number a spreadsheet reads as a number, not a formula.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_suffix('%').unwrap_or(s);
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas() {
        for (input, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+86", "+86"),
            ("+SUM(1)", "'+SUM(1)"),
            ("-14", "-14"),
            ("-14%", "-14%"),
            ("-2+3", "'-2+3"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("3.2", "3.2"),
            ("市委", "市委"),
        ] {
            assert_eq!(guard_formula(input), want);
        }
    }
}
