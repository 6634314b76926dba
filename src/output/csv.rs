use super::{io_error, Headers, OutputFile};
use crate::error::{Error, Result};
use crate::extract::Report;
use crate::pipeline::Sink;
use crate::record::{self, Row, Value};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
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
    /// The header row's names (default English).
    pub headers: Headers,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { bom: true, raw: false, headers: Headers::En }
    }
}

/// One CSV table written row by row to any writer: the BOM and the header
/// first (when asked), then each row's cells without building strings for
/// them.
///
/// Unless `raw`, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so that Excel does not run it as a
/// formula; plain numbers (`-14`, `3.2`) are left alone. The `'` is not part
/// of the text: offsets in other columns count from the text without it.
///
/// # Examples
///
/// ```
/// use jinzhan::output::{CsvOptions, CsvTable};
/// use jinzhan::record::WarningRow;
/// use jinzhan::input::Location;
///
/// let at = Location::Line(3);
/// let row = WarningRow { source: "a.txt", line: Some(3), section_no: Some(1), task_id: None,
///     kind: "preamble", message: "=1+1", location: &at };
/// let mut table = CsvTable::new::<WarningRow>(Vec::new(), CsvOptions::default(), true)?;
/// table.write(&row)?;
/// let text = String::from_utf8(table.finish()?).unwrap();
/// assert_eq!(text, "\u{feff}source,line,section_no,task_id,kind,message,location\na.txt,3,1,,preamble,'=1+1,line 3\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct CsvTable<W: Write> {
    out: csv::Writer<W>,
    opts: CsvOptions,
    rows: u64,
    scratch: String,
}

impl<W: Write> CsvTable<W> {
    /// A table for rows of type `R` on `out`; with `header`, the BOM (if
    /// asked) and the header row are written first.
    ///
    /// # Errors
    ///
    /// Any error of `out`.
    pub fn new<R: Row + ?Sized>(out: W, opts: CsvOptions, header: bool) -> std::io::Result<CsvTable<W>> {
        let mut out = out;
        if opts.bom && header {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
        if header {
            w.write_record(R::HEADER.iter().map(|c| opts.headers.name(R::FILE, c))).map_err(csv_io)?;
        }
        Ok(CsvTable { out: w, opts, rows: 0, scratch: String::new() })
    }

    /// Writes one row.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    pub fn write<R: Row>(&mut self, row: &R) -> std::io::Result<()> {
        for value in row.values() {
            self.scratch.clear();
            let field: &str = match &value {
                Value::Empty => "",
                Value::Text(t) if !self.opts.raw && needs_guard(t) => {
                    self.scratch.push('\'');
                    self.scratch.push_str(t);
                    &self.scratch
                }
                Value::Text(t) => t,
                Value::Int(i) => {
                    let _ = write!(self.scratch, "{i}");
                    &self.scratch
                }
                Value::Decimal(d) => {
                    let _ = write!(self.scratch, "{d}");
                    &self.scratch
                }
                Value::Date(d) => {
                    let _ = write!(self.scratch, "{d}");
                    &self.scratch
                }
                Value::Bool(b) => {
                    if *b {
                        "true"
                    } else {
                        "false"
                    }
                }
            };
            self.out.write_field(field).map_err(csv_io)?;
        }
        self.out.write_record(None::<&[u8]>).map_err(csv_io)?;
        self.rows += 1;
        Ok(())
    }

    /// The number of rows written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and returns the writer.
    ///
    /// # Errors
    ///
    /// Any error of the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// The I/O error inside a csv error, so that a broken pipe stays one.
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Whether a spreadsheet would read `field` as a formula (a lone `-` or
/// `+` is text to it).
fn needs_guard(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !is_plain_number(field)
        && !matches!(field, "-" | "+")
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

/// A CSV file of the sink: its header is written, rows come as formatted bytes.
struct FileTable {
    out: BufWriter<File>,
    rows: u64,
}

/// The tables of `jinzhan extract`, in the order of their files.
const TABLES: [&str; 8] = [
    "tasks.csv",
    "assignments.csv",
    "documents.csv",
    "warnings.csv",
    "problems.csv",
    "mentions.csv",
    "targets.csv",
    "deadlines.csv",
];

/// How many tasks are formatted together: the rows of a batch are formatted
/// on every core, then written in order.
const BATCH: usize = 256;

/// Rows of one table formatted as CSV, with how many there are.
struct Formatted {
    table: usize,
    bytes: Vec<u8>,
    rows: u64,
}

fn format<R: Row>(
    table: usize,
    rows: impl Iterator<Item = R>,
    opts: CsvOptions,
) -> std::io::Result<Formatted> {
    let mut t = CsvTable::new::<R>(Vec::new(), opts, false)?;
    for row in rows {
        t.write(&row)?;
    }
    let rows = t.rows();
    Ok(Formatted { table, bytes: t.finish()?, rows })
}

/// The CSV tables of `jinzhan extract` in a folder: tasks, assignments,
/// documents, warnings, problems, mentions, targets, deadlines, written
/// report by report as the reports arrive. The rows of a report are
/// formatted in batches of tasks on every core (the current rayon pool) and
/// written in document order, so the files are the same whatever the timing.
pub struct CsvSink {
    dir: PathBuf,
    opts: CsvOptions,
    tables: Vec<FileTable>,
}

impl CsvSink {
    /// The eight tables in `dir` (created if need be), with their headers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`](crate::ErrorKind::Output) when a file cannot be created.
    pub fn create(dir: &Path, opts: CsvOptions) -> Result<CsvSink> {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        let mut tables = Vec::new();
        for (k, name) in TABLES.iter().enumerate() {
            let path = dir.join(name);
            let file = File::create(&path).map_err(|e| io_error(&path, e))?;
            let mut out = BufWriter::with_capacity(256 * 1024, file);
            let header = match k {
                0 => header::<record::TaskRow<'static>>(opts),
                1 => header::<record::AssignmentRow<'static>>(opts),
                2 => header::<record::DocumentRow<'static>>(opts),
                3 => header::<record::WarningRow<'static>>(opts),
                4 => header::<record::ProblemRow<'static>>(opts),
                5 => header::<record::MentionRow<'static>>(opts),
                6 => header::<record::TargetRow<'static>>(opts),
                _ => header::<record::DeadlineRow<'static>>(opts),
            };
            header.and_then(|h| out.write_all(&h)).map_err(|e| io_error(&path, e))?;
            tables.push(FileTable { out, rows: 0 });
        }
        Ok(CsvSink { dir: dir.to_path_buf(), opts, tables })
    }

    fn fail(&self, table: usize, e: std::io::Error) -> Error {
        io_error(&self.dir.join(TABLES.get(table).copied().unwrap_or("tasks.csv")), e)
    }

    /// The files written and their row counts.
    pub fn files(&self) -> Vec<OutputFile> {
        TABLES
            .iter()
            .zip(&self.tables)
            .map(|(name, t)| OutputFile { name: name.to_string(), rows: Some(t.rows) })
            .collect()
    }

    fn write(&mut self, f: Formatted) -> Result<()> {
        let Some(table) = self.tables.get_mut(f.table) else { return Ok(()) };
        table.rows += f.rows;
        let result = table.out.write_all(&f.bytes);
        result.map_err(|e| self.fail(f.table, e))
    }
}

/// The BOM (when asked) and the header row of `R`.
fn header<R: Row + ?Sized>(opts: CsvOptions) -> std::io::Result<Vec<u8>> {
    CsvTable::new::<R>(Vec::new(), opts, true)?.finish()
}

/// Reports with more tasks are formatted batch by batch as they are
/// written, so that a big report's CSV is never all in memory.
const PREPARED_TASKS: usize = 4 * BATCH;

type Tasks<'r> =
    [(&'r crate::structure::Section, &'r crate::structure::Task, &'r crate::extract::TaskFindings)];

/// The rows of these tasks formatted as CSV, table by table, in order.
fn format_tasks(source: &str, tasks: &Tasks<'_>, opts: CsvOptions) -> std::io::Result<Vec<Formatted>> {
    // Each (chunk, table) is formatted on its own, on every core; the
    // results stay in the order of the chunks and the tables.
    let jobs: Vec<(usize, &Tasks<'_>)> =
        tasks.chunks(BATCH).flat_map(|c| [0, 1, 4, 5, 6, 7].map(|t| (t, c))).collect();
    crate::par::map(&jobs, true, |&(table, chunk)| {
        let rows = chunk.iter();
        match table {
            0 => format(table, rows.map(|(s, t, f)| record::task(source, s, t, f)), opts),
            1 => format(table, rows.flat_map(|(_, t, _)| record::task_assignments(source, t)), opts),
            4 => format(table, rows.flat_map(|(_, t, f)| record::task_problems(source, t, f)), opts),
            5 => format(table, rows.flat_map(|(_, t, f)| record::task_mentions(source, t, f)), opts),
            6 => format(table, rows.flat_map(|(_, t, f)| record::task_targets(source, t, f)), opts),
            _ => format(table, rows.flat_map(|(_, t, f)| record::task_deadlines(source, t, f)), opts),
        }
    })
    .into_iter()
    .collect()
}

/// The document-level tables of a report: its documents.csv and warnings.csv rows.
fn format_document(report: &Report, opts: CsvOptions) -> std::io::Result<Vec<Formatted>> {
    let doc = &report.document;
    Ok(vec![
        format(2, std::iter::once(record::document(doc)), opts)?,
        format(3, record::warnings(doc), opts)?,
    ])
}

impl Sink for CsvSink {
    fn report(&mut self, report: &Report) -> Result<()> {
        let source = report.document.source.as_str();
        let tasks: Vec<_> = report.tasks().collect();
        for batch in tasks.chunks(PREPARED_TASKS) {
            let formatted = format_tasks(source, batch, self.opts).map_err(|e| self.fail(0, e))?;
            formatted.into_iter().try_for_each(|f| self.write(f))?;
        }
        let formatted = format_document(report, self.opts).map_err(|e| self.fail(2, e))?;
        formatted.into_iter().try_for_each(|f| self.write(f))
    }

    /// A report of a few hundred tasks is formatted on the thread that read
    /// it; a bigger one when it is written, batch by batch.
    fn preparer(&self) -> Option<crate::pipeline::Preparer> {
        let (opts, dir) = (self.opts, self.dir.clone());
        Some(Box::new(move |report| {
            let tasks: Vec<_> = report.tasks().collect();
            if tasks.len() > PREPARED_TASKS {
                return Ok(Box::new(()));
            }
            let fail = |e| io_error(&dir.join("tasks.csv"), e);
            let mut formatted = format_tasks(&report.document.source, &tasks, opts).map_err(fail)?;
            formatted.extend(format_document(report, opts).map_err(fail)?);
            Ok(Box::new(formatted))
        }))
    }

    fn report_prepared(&mut self, report: &Report, prepared: crate::pipeline::Prepared) -> Result<()> {
        match prepared.downcast::<Vec<Formatted>>() {
            Ok(formatted) => formatted.into_iter().try_for_each(|f| self.write(f)),
            Err(_) => self.report(report),
        }
    }

    fn failure(&mut self, source: &str, error: &Error) -> Result<()> {
        let message = super::message(error);
        let f = format(2, std::iter::once(record::failed_document(source, &message)), self.opts)
            .map_err(|e| self.fail(2, e))?;
        self.write(f)
    }

    fn finish(&mut self) -> Result<()> {
        for k in 0..self.tables.len() {
            let result = self
                .tables
                .get_mut(k)
                .map_or(Ok(()), |t| t.out.flush().and_then(|_| t.out.get_ref().sync_all()));
            result.map_err(|e| self.fail(k, e))?;
        }
        Ok(())
    }
}

/// Writes `rows` as CSV to `out` (the BOM and the header only when
/// `header`), with the formula guard of [`CsvTable`]: for standard output and
/// other streams.
///
/// # Errors
///
/// Any error of `out`; a broken pipe stays an [`std::io::ErrorKind::BrokenPipe`].
pub fn write_csv_to<W: Write, R: Row>(
    out: W,
    rows: impl IntoIterator<Item = R>,
    opts: CsvOptions,
    header: bool,
) -> std::io::Result<W> {
    let mut table = CsvTable::new::<R>(out, opts, header)?;
    for row in rows {
        table.write(&row)?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas() {
        for (input, guarded) in [
            ("=SUM(A1)", true),
            ("+86", false),
            ("+SUM(1)", true),
            ("-14", false),
            ("-14%", false),
            ("-2+3", true),
            ("@cmd", true),
            ("\tx", true),
            ("-", false),
            ("=", true),
            ("3.2", false),
            ("市委", false),
        ] {
            assert_eq!(needs_guard(input), guarded, "{input}");
        }
    }
}
