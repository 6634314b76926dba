use super::{io_error, OutputFile};
use crate::error::{Error, ErrorKind, Result};
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
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { bom: true, raw: false }
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
            w.write_record(R::HEADER).map_err(csv_io)?;
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

/// Whether a spreadsheet would read `field` as a formula.
fn needs_guard(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(field)
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

type FileTable = CsvTable<BufWriter<File>>;

/// The CSV tables of `jinzhan extract` in a folder: tasks, assignments,
/// documents, warnings, problems, mentions, targets, deadlines, written
/// report by report as the reports arrive.
pub struct CsvSink {
    dir: PathBuf,
    tasks: FileTable,
    assignments: FileTable,
    documents: FileTable,
    warnings: FileTable,
    problems: FileTable,
    mentions: FileTable,
    targets: FileTable,
    deadlines: FileTable,
}

impl CsvSink {
    /// The eight tables in `dir` (created if need be), with their headers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when a file cannot be created.
    pub fn create(dir: &Path, opts: CsvOptions) -> Result<CsvSink> {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        fn open<R: Row + ?Sized>(dir: &Path, opts: CsvOptions) -> Result<FileTable> {
            let path = dir.join(R::FILE);
            let file = File::create(&path).map_err(|e| io_error(&path, e))?;
            CsvTable::new::<R>(BufWriter::with_capacity(256 * 1024, file), opts, true)
                .map_err(|e| io_error(&path, e))
        }
        Ok(CsvSink {
            dir: dir.to_path_buf(),
            tasks: open::<record::TaskRow<'static>>(dir, opts)?,
            assignments: open::<record::AssignmentRow<'static>>(dir, opts)?,
            documents: open::<record::DocumentRow<'static>>(dir, opts)?,
            warnings: open::<record::WarningRow<'static>>(dir, opts)?,
            problems: open::<record::ProblemRow<'static>>(dir, opts)?,
            mentions: open::<record::MentionRow<'static>>(dir, opts)?,
            targets: open::<record::TargetRow<'static>>(dir, opts)?,
            deadlines: open::<record::DeadlineRow<'static>>(dir, opts)?,
        })
    }

    fn fail(&self, file: &str, e: std::io::Error) -> Error {
        io_error(&self.dir.join(file), e)
    }

    /// The files written and their row counts.
    pub fn files(&self) -> Vec<OutputFile> {
        [
            ("tasks.csv", &self.tasks),
            ("assignments.csv", &self.assignments),
            ("documents.csv", &self.documents),
            ("warnings.csv", &self.warnings),
            ("problems.csv", &self.problems),
            ("mentions.csv", &self.mentions),
            ("targets.csv", &self.targets),
            ("deadlines.csv", &self.deadlines),
        ]
        .into_iter()
        .map(|(name, t)| OutputFile { name: name.to_string(), rows: Some(t.rows()) })
        .collect()
    }
}

/// Writes every row of `rows` to `table`.
fn all<'a, R: Row + 'a>(table: &mut FileTable, rows: impl Iterator<Item = R>) -> std::io::Result<()> {
    rows.into_iter().try_for_each(|r| table.write(&r))
}

impl Sink for CsvSink {
    fn report(&mut self, report: &Report) -> Result<()> {
        let doc = &report.document;
        // The eight tables are independent: write them on two threads.
        let (a, b) = rayon::join(
            || -> std::result::Result<(), (&'static str, std::io::Error)> {
                all(&mut self.mentions, record::mentions(report)).map_err(|e| ("mentions.csv", e))?;
                all(&mut self.warnings, record::warnings(doc)).map_err(|e| ("warnings.csv", e))
            },
            || -> std::result::Result<(), (&'static str, std::io::Error)> {
                all(&mut self.tasks, record::tasks(report)).map_err(|e| ("tasks.csv", e))?;
                all(&mut self.assignments, record::assignments(doc)).map_err(|e| ("assignments.csv", e))?;
                self.documents.write(&record::document(doc)).map_err(|e| ("documents.csv", e))?;
                all(&mut self.problems, record::problems(report)).map_err(|e| ("problems.csv", e))?;
                all(&mut self.targets, record::targets(report)).map_err(|e| ("targets.csv", e))?;
                all(&mut self.deadlines, record::deadlines(report)).map_err(|e| ("deadlines.csv", e))
            },
        );
        a.and(b).map_err(|(file, e)| self.fail(file, e))
    }

    fn failure(&mut self, source: &str, error: &Error) -> Result<()> {
        let message = super::message(error);
        self.documents
            .write(&record::failed_document(source, &message))
            .map_err(|e| self.fail("documents.csv", e))
    }

    fn finish(&mut self) -> Result<()> {
        for (name, table) in [
            ("tasks.csv", &mut self.tasks),
            ("assignments.csv", &mut self.assignments),
            ("documents.csv", &mut self.documents),
            ("warnings.csv", &mut self.warnings),
            ("problems.csv", &mut self.problems),
            ("mentions.csv", &mut self.mentions),
            ("targets.csv", &mut self.targets),
            ("deadlines.csv", &mut self.deadlines),
        ] {
            let path = self.dir.join(name);
            table
                .out
                .flush()
                .and_then(|_| table.out.get_ref().get_ref().sync_all())
                .map_err(|e| Error::with_source(ErrorKind::Output { path }, e))?;
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
            ("3.2", false),
            ("市委", false),
        ] {
            assert_eq!(needs_guard(input), guarded, "{input}");
        }
    }
}
