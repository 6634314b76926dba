use super::{Headers, OutputFile};
use crate::error::{Error, ErrorKind, Result};
use crate::extract::{Decimal, MoneySum, Report};
use crate::pipeline::Sink;
use crate::record::{self, Row, Value};
use crate::structure::StatusCode;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Long text columns: wide and wrapped.
const LONG: &[&str] = &[
    "task",
    "progress",
    "problem",
    "text",
    "message",
    "context",
    "units",
    "persons",
    "title",
    "target_text",
    "actual_text",
    "reason",
    "evidence",
    "next_steps",
    "extra",
    "remarks",
    "error",
];
/// Excel's limit on the characters of a cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on the rows of a sheet (the header included).
const MAX_ROWS: u32 = 1_048_576;
/// The statuses in the order of the by_section sheet's columns.
const CODES: [StatusCode; 7] = StatusCode::ALL;

/// One data sheet written row by row (constant memory): its name, the next
/// row, the widest text of each column.
struct Sheet {
    index: usize,
    name: &'static str,
    header: &'static [&'static str],
    part: u32,
    next: u32,
    widths: Vec<usize>,
}

/// A workbook of data sheets written row by row in rust_xlsxwriter's
/// constant-memory mode (rows go to a temporary file in the output folder as
/// they come), so that its memory does not grow with the rows. Headers are
/// frozen with an autofilter and repeated on printed pages (landscape, fit
/// to width); numbers, dates and booleans are typed cells and every text is a
/// string cell, so report text never becomes a formula. A text longer than
/// Excel's 32,767 characters is cut with a marker (see [`Book::truncated`]);
/// a sheet past Excel's 1,048,576 rows goes on in `mentions_2` ….
pub struct Book {
    path: PathBuf,
    book: Workbook,
    sheets: Vec<Sheet>,
    bold: Format,
    wrap: Format,
    date: Format,
    truncated: u64,
    headers: Headers,
}

/// `jinzhan.xlsx`, written report by report: sheets `tasks`, `mentions`,
/// `problems`, `targets`, `deadlines`, `assignments`, `warnings`,
/// `documents` (a [`Book`]), then the summary as tidy sheets `by_section`
/// (one row per section: tasks found and declared, tasks by status — a
/// task's status is its worst row's —, tasks with problems), `by_kind`
/// (problems, mentions and targets by kind) and `money` (money figures of
/// the progress per section, in 亿元).
pub struct XlsxSink {
    book: Book,
    sections: Vec<SectionSummary>,
    kinds: BTreeMap<(&'static str, &'static str), u64>,
}

/// A section's counts for the summary sheets.
struct SectionSummary {
    source: String,
    no: u32,
    heading: String,
    leader: String,
    declared: Option<u32>,
    found: usize,
    by_status: [u64; 7],
    flagged: u64,
    money: MoneySum,
}

fn fail(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::with_source(ErrorKind::Output { path: path.to_path_buf() }, e)
}

impl Book {
    /// `dir/NAME` with `sheets` (name and columns), its temporary sheet
    /// files in `dir` too, with `headers` on each sheet's first row.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when the sheets cannot be created.
    pub fn create(
        dir: &Path,
        name: &str,
        sheets: &[(&'static str, &'static [&'static str])],
        headers: Headers,
    ) -> Result<Book> {
        let path = dir.join(name);
        let mut book = Workbook::new();
        book.set_tempdir(dir).map_err(fail(&path))?;
        // Compression dominates the time of a big workbook: level 1 is several
        // times faster than the default 6 for a file a little larger.
        book.set_zip_compression_level(1);
        let mut b = Book {
            path,
            book,
            sheets: Vec::new(),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            truncated: 0,
            headers,
        };
        for (name, header) in sheets {
            b.add_sheet(name, header, 1)?;
        }
        Ok(b)
    }

    /// How many texts were cut to Excel's cell limit (the CSV and JSON
    /// outputs keep them whole).
    pub fn truncated(&self) -> u64 {
        self.truncated
    }

    /// The file written.
    pub fn files(&self) -> Vec<OutputFile> {
        let name = self.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        vec![OutputFile { name, rows: None }]
    }

    fn add_sheet(&mut self, name: &'static str, header: &'static [&'static str], part: u32) -> Result<()> {
        let path = self.path.clone();
        let index = self.sheets.len();
        let bold = self.bold.clone();
        let ws = self.book.add_worksheet_with_constant_memory().map_err(fail(&path))?;
        let title = if part == 1 { name.to_string() } else { format!("{name}_{part}") };
        ws.set_name(title).map_err(fail(&path))?;
        let shown: Vec<&str> = header.iter().map(|h| self.headers.name(name, h)).collect();
        for (c, h) in shown.iter().enumerate() {
            ws.write_string_with_format(0, col(c), *h, &bold).map_err(fail(&path))?;
        }
        self.sheets.push(Sheet {
            index,
            name,
            header,
            part,
            next: 1,
            widths: shown.iter().map(|h| display_width(h)).collect(),
        });
        Ok(())
    }

    /// Writes a row on the last sheet of `name`, going on to a new sheet when
    /// one is full.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when the row cannot be written.
    pub fn write<R: Row>(&mut self, name: &'static str, row: &R) -> Result<()> {
        let path = self.path.clone();
        let Some(k) = self.sheets.iter().rposition(|s| s.name == name) else { return Ok(()) };
        if self.sheets.get(k).is_some_and(|s| s.next >= MAX_ROWS) {
            let (header, part) = self.sheets.get(k).map_or((&[][..], 1), |s| (s.header, s.part + 1));
            self.add_sheet(name, header, part)?;
            return self.write(name, row);
        }
        let (Some(sheet), wrap, date) = (self.sheets.get_mut(k), &self.wrap, &self.date) else {
            return Ok(());
        };
        let ws = self.book.worksheet_from_index(sheet.index).map_err(fail(&path))?;
        let r = sheet.next;
        for (c, (value, h)) in row.values().iter().zip(sheet.header).enumerate() {
            let width = cell(ws, r, col(c), value, LONG.contains(h), wrap, date, &mut self.truncated)
                .map_err(fail(&path))?;
            if let Some(w) = sheet.widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
        sheet.next += 1;
        Ok(())
    }

    /// Sets the data sheets' filters, widths and print setup.
    fn finish_sheets(&mut self) -> std::result::Result<(), XlsxError> {
        for sheet in &self.sheets {
            let ws = self.book.worksheet_from_index(sheet.index)?;
            let last = sheet.next.saturating_sub(1);
            let last_col = col(sheet.header.len().saturating_sub(1));
            ws.set_freeze_panes(1, 0)?;
            ws.autofilter(0, 0, last, last_col)?;
            ws.set_landscape();
            ws.set_print_fit_to_pages(1, 0);
            ws.set_repeat_rows(0, 0)?;
            for (c, (h, w)) in sheet.header.iter().zip(&sheet.widths).enumerate() {
                let head = display_width(self.headers.name(sheet.name, h)) + 2;
                let cap = if LONG.contains(h) { 60 } else { 30 };
                ws.set_column_width(col(c), (w + 2).clamp(head, cap.max(head)) as f64)?;
            }
        }
        Ok(())
    }

    /// Finishes the sheets and saves the workbook.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when it cannot be saved.
    pub fn save(mut self) -> Result<()> {
        let path = self.path.clone();
        self.finish_sheets().map_err(fail(&path))?;
        self.book.save(&path).map_err(fail(&path))
    }
}

impl XlsxSink {
    /// `dir/jinzhan.xlsx`, its temporary sheet files in `dir` too, with
    /// `headers` on each sheet's first row.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when the sheets cannot be created.
    pub fn create(dir: &Path, headers: Headers) -> Result<XlsxSink> {
        let sheets = [
            ("tasks", record::TaskRow::HEADER),
            ("mentions", record::MentionRow::HEADER),
            ("problems", record::ProblemRow::HEADER),
            ("targets", record::TargetRow::HEADER),
            ("deadlines", record::DeadlineRow::HEADER),
            ("assignments", record::AssignmentRow::HEADER),
            ("warnings", record::WarningRow::HEADER),
            ("documents", record::DocumentRow::HEADER),
        ];
        let book = Book::create(dir, "jinzhan.xlsx", &sheets, headers)?;
        Ok(XlsxSink { book, sections: Vec::new(), kinds: BTreeMap::new() })
    }

    /// How many texts were cut to Excel's cell limit (the CSV and JSON
    /// outputs keep them whole).
    pub fn truncated(&self) -> u64 {
        self.book.truncated()
    }

    /// The file written.
    pub fn files(&self) -> Vec<OutputFile> {
        self.book.files()
    }

    fn summarize(&mut self, report: &Report) {
        let doc = &report.document;
        let mut tasks = report.tasks().peekable();
        for section in &doc.sections {
            // A task's status is the worst of its rows; rows without a 序号 count alone.
            let mut groups: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
            let mut lone = Vec::new();
            let mut money = MoneySum::default();
            while let Some((_, t, f)) = tasks.next_if(|(s, _, _)| std::ptr::eq(*s, section)) {
                let rank = severity(t.status.as_ref().map_or(StatusCode::None, |s| s.code));
                let flagged = !f.problems.is_empty();
                if t.seq.is_empty() {
                    lone.push((rank, flagged));
                } else {
                    let e = groups.entry(&t.seq).or_insert((usize::MAX, false));
                    e.0 = e.0.min(rank);
                    e.1 |= flagged;
                }
                money.add(f);
            }
            let mut by_rank = [0u64; 7];
            let mut flagged = 0;
            for (rank, f) in groups.into_values().chain(lone) {
                if let Some(n) = by_rank.get_mut(rank.min(6)) {
                    *n += 1;
                }
                flagged += u64::from(f);
            }
            self.sections.push(SectionSummary {
                source: doc.source.clone(),
                no: section.no,
                heading: section.heading.clone(),
                leader: section.leader.clone().unwrap_or_default(),
                declared: section.declared_count,
                found: section.task_count(),
                by_status: CODES.map(|c| by_rank.get(severity(c)).copied().unwrap_or(0)),
                flagged,
                money,
            });
        }
        for (_, _, f) in report.tasks() {
            for p in &f.problems {
                *self.kinds.entry(("problem", p.kind.as_str())).or_default() += 1;
            }
            for (_, m) in f.mentions() {
                *self.kinds.entry(("mention", m.kind.as_str())).or_default() += 1;
            }
            for t in &f.targets {
                *self.kinds.entry(("target_met", t.met.as_str())).or_default() += 1;
            }
        }
    }

    fn write_summary(&mut self) -> std::result::Result<(), XlsxError> {
        let bold = self.book.bold.clone();
        let yi_format = Format::new().set_num_format("#,##0.00");
        let headers = self.book.headers;
        let heads = |ws: &mut Worksheet, cells: &[&'static str]| -> std::result::Result<(), XlsxError> {
            let sheet = ws.name();
            for (c, h) in cells.iter().enumerate() {
                let h = headers.name(&sheet, h);
                ws.write_string_with_format(0, col(c), h, &bold)?;
                ws.set_column_width(col(c), (display_width(h) + 2).max(8) as f64)?;
            }
            ws.set_freeze_panes(1, 0)?;
            Ok(())
        };
        let mut cols = vec!["source", "section_no", "section", "leader", "declared", "tasks_found"];
        cols.extend(CODES.iter().map(|c| c.as_str()));
        cols.push("tasks_with_problems");
        let ws = self.book.book.add_worksheet();
        ws.set_name("by_section")?;
        heads(ws, &cols)?;
        for (r, s) in self.sections.iter().enumerate() {
            let r = row_index(r + 1);
            ws.write_string(r, 0, &s.source)?;
            ws.write_number(r, 1, f64::from(s.no))?;
            ws.write_string(r, 2, &s.heading)?;
            ws.write_string(r, 3, &s.leader)?;
            if let Some(d) = s.declared {
                ws.write_number(r, 4, f64::from(d))?;
            }
            ws.write_number(r, 5, s.found as f64)?;
            for (k, n) in s.by_status.iter().enumerate() {
                ws.write_number(r, col(6 + k), *n as f64)?;
            }
            ws.write_number(r, col(6 + CODES.len()), s.flagged as f64)?;
        }
        ws.set_column_width(2, 28)?;
        let ws = self.book.book.add_worksheet();
        ws.set_name("by_kind")?;
        heads(ws, &["table", "kind", "count"])?;
        for (r, ((table, kind), n)) in self.kinds.iter().enumerate() {
            let r = row_index(r + 1);
            ws.write_string(r, 0, *table)?;
            ws.write_string(r, 1, *kind)?;
            ws.write_number(r, 2, *n as f64)?;
        }
        let ws = self.book.book.add_worksheet();
        ws.set_name("money")?;
        // Actual figures only: plans, targets, forecasts, 其中 parts and
        // comparison bases would count money twice or count what was not spent.
        heads(
            ws,
            &[
                "source",
                "section_no",
                "section",
                "money_in_progress_yi_yuan",
                "actual_figures",
                "left_out_figures",
            ],
        )?;
        let hundred_million = Decimal::from_int(100_000_000);
        for (r, s) in self.sections.iter().enumerate() {
            let r = row_index(r + 1);
            ws.write_string(r, 0, &s.source)?;
            ws.write_number(r, 1, f64::from(s.no))?;
            ws.write_string(r, 2, &s.heading)?;
            let yi = s.money.actual.checked_div(hundred_million, 4).unwrap_or(Decimal::ZERO);
            ws.write_number_with_format(r, 3, yi.to_f64(), &yi_format)?;
            ws.write_number(r, 4, s.money.figures as f64)?;
            ws.write_number(r, 5, s.money.left_out as f64)?;
        }
        ws.set_column_width(2, 28)?;
        Ok(())
    }
}

/// Lower is worse: behind, mostly on track, re-planned, other, on track,
/// done, no status.
fn severity(code: StatusCode) -> usize {
    match code {
        StatusCode::Behind => 0,
        StatusCode::MostlyOnTrack => 1,
        StatusCode::Adjusted => 2,
        StatusCode::Other => 3,
        StatusCode::OnTrack => 4,
        StatusCode::Done => 5,
        StatusCode::None => 6,
    }
}

#[allow(clippy::too_many_arguments)]
fn cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: &Value<'_>,
    long: bool,
    wrap: &Format,
    date: &Format,
    truncated: &mut u64,
) -> std::result::Result<usize, XlsxError> {
    match value {
        Value::Empty => Ok(0),
        Value::Int(i) => ws.write_number(r, c, *i as f64).map(|_| i.to_string().len()),
        Value::Decimal(d) => ws.write_number(r, c, d.to_f64()).map(|_| d.to_string().len()),
        Value::Bool(b) => ws.write_boolean(r, c, *b).map(|_| 5),
        Value::Date(d) => {
            let when =
                u16::try_from(d.year).ok().zip(u8::try_from(d.month).ok()).zip(u8::try_from(d.day).ok());
            match when.and_then(|((y, m), d)| ExcelDateTime::from_ymd(y, m, d).ok()) {
                Some(when) => ws.write_datetime_with_format(r, c, &when, date).map(|_| 10),
                None => ws.write_string(r, c, d.to_string()).map(|_| 10),
            }
        }
        Value::Text(t) => {
            let text: std::borrow::Cow<'_, str> = if t.chars().count() > MAX_CELL_CHARS {
                *truncated += 1;
                let marker = "…[truncated: see the CSV or JSON output]";
                let keep = MAX_CELL_CHARS - marker.chars().count();
                let mut s: String = t.chars().take(keep).collect();
                s.push_str(marker);
                s.into()
            } else {
                std::borrow::Cow::Borrowed(t.as_ref())
            };
            let width = display_width(&text);
            if long {
                ws.write_string_with_format(r, c, text.as_ref(), wrap)?;
            } else {
                ws.write_string(r, c, text.as_ref())?;
            }
            Ok(width)
        }
    }
}

impl Sink for XlsxSink {
    fn report(&mut self, report: &Report) -> Result<()> {
        let doc = &report.document;
        for row in record::tasks(report) {
            self.book.write("tasks", &row)?;
        }
        for row in record::mentions(report) {
            self.book.write("mentions", &row)?;
        }
        for row in record::problems(report) {
            self.book.write("problems", &row)?;
        }
        for row in record::targets(report) {
            self.book.write("targets", &row)?;
        }
        for row in record::deadlines(report) {
            self.book.write("deadlines", &row)?;
        }
        for row in record::assignments(doc) {
            self.book.write("assignments", &row)?;
        }
        for row in record::warnings(doc) {
            self.book.write("warnings", &row)?;
        }
        self.book.write("documents", &record::document(doc))?;
        self.summarize(report);
        Ok(())
    }

    fn failure(&mut self, source: &str, error: &Error) -> Result<()> {
        let message = super::message(error);
        self.book.write("documents", &record::failed_document(source, &message))
    }

    fn finish(&mut self) -> Result<()> {
        let path = self.book.path.clone();
        self.write_summary().map_err(fail(&path))?;
        self.book.finish_sheets().map_err(fail(&path))?;
        self.book.book.save(&path).map_err(fail(&path))
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row_index(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// Columns a text takes in a spreadsheet (CJK characters take two).
fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
