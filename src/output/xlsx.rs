use super::write_atomic;
use crate::error::{Error, ErrorKind, Result};
use crate::extract::{MentionKind, Report};
use crate::record::{self, Row};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Columns written as number cells.
const NUMERIC: &[&str] = &[
    "target_value",
    "target_max",
    "actual_value",
    "completion",
    "expected_by_now",
    "row",
    "section_no",
    "declared_count",
    "sub_no",
    "line_start",
    "line_end",
    "start",
    "end",
    "value",
    "value_max",
    "line",
    "year",
    "declared_total",
    "tasks_found",
    "sections",
    "warnings",
];
/// Columns written as date cells (ISO dates).
const DATES: &[&str] = &["date_start", "date_end", "as_of", "deadline"];
/// Columns written as booleans.
const BOOLEANS: &[&str] = &["behind_schedule", "has_problem", "is_lead", "on_pace"];
/// Long text columns: wide and wrapped.
const LONG: &[&str] =
    &["task", "progress", "problem", "text", "message", "context", "units", "persons", "title"];

/// Writes `dir/jinzhan.xlsx`: sheets `tasks`, `mentions`, `problems`,
/// `targets`, `deadlines`, `assignments`, `warnings`, `documents` and `summary`. Headers are frozen
/// with an autofilter; numbers, dates and booleans are typed cells; every text
/// value is a string cell, so report text never becomes a formula.
///
/// # Errors
///
/// [`ErrorKind::Output`] when the workbook cannot be built or written.
pub fn write_xlsx(dir: &Path, reports: &[Report]) -> Result<PathBuf> {
    let path = dir.join("jinzhan.xlsx");
    let fail = |e: XlsxError| Error::with_source(ErrorKind::Output { path: path.clone() }, e);
    let mut wb = Workbook::new();
    sheet(&mut wb, "tasks", &reports.iter().flat_map(record::tasks).collect::<Vec<_>>()).map_err(fail)?;
    sheet(&mut wb, "mentions", &reports.iter().flat_map(record::mentions).collect::<Vec<_>>())
        .map_err(fail)?;
    sheet(&mut wb, "problems", &reports.iter().flat_map(record::problems).collect::<Vec<_>>())
        .map_err(fail)?;
    sheet(&mut wb, "targets", &reports.iter().flat_map(record::targets).collect::<Vec<_>>()).map_err(fail)?;
    sheet(&mut wb, "deadlines", &reports.iter().flat_map(record::deadlines).collect::<Vec<_>>())
        .map_err(fail)?;
    let docs = reports.iter().map(|r| &r.document);
    sheet(&mut wb, "assignments", &docs.clone().flat_map(record::assignments).collect::<Vec<_>>())
        .map_err(fail)?;
    sheet(&mut wb, "warnings", &docs.clone().flat_map(record::warnings).collect::<Vec<_>>()).map_err(fail)?;
    sheet(&mut wb, "documents", &docs.map(record::document).collect::<Vec<_>>()).map_err(fail)?;
    summary(&mut wb, reports).map_err(fail)?;
    let bytes = wb.save_to_buffer().map_err(fail)?;
    write_atomic(&path, |w| w.write_all(&bytes))?;
    Ok(path)
}

fn sheet<R: Row>(wb: &mut Workbook, name: &str, rows: &[R]) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in R::HEADER.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &bold)?;
    }
    let mut widths: Vec<usize> = R::HEADER.iter().map(|h| h.len()).collect();
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, (h, v)) in R::HEADER.iter().zip(row.fields()).enumerate() {
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(display_width(&v));
            }
            cell(ws, r, col(c), h, &v, &wrap, &date)?;
        }
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, col(R::HEADER.len().saturating_sub(1)))?;
    for (c, (h, w)) in R::HEADER.iter().zip(widths).enumerate() {
        let cap = if LONG.contains(h) { 60 } else { 30 };
        ws.set_column_width(col(c), (w + 2).min(cap) as f64)?;
    }
    Ok(())
}

fn cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    header: &str,
    v: &str,
    wrap: &Format,
    date: &Format,
) -> std::result::Result<(), XlsxError> {
    if v.is_empty() {
        return Ok(());
    }
    if NUMERIC.contains(&header) {
        if let Ok(n) = v.parse::<f64>() {
            ws.write_number(r, c, n)?;
            return Ok(());
        }
    }
    if DATES.contains(&header) {
        if let Ok(d) = ExcelDateTime::parse_from_str(v) {
            ws.write_datetime_with_format(r, c, &d, date)?;
            return Ok(());
        }
    }
    if BOOLEANS.contains(&header) {
        ws.write_boolean(r, c, v == "true")?;
        return Ok(());
    }
    if LONG.contains(&header) {
        ws.write_string_with_format(r, c, v, wrap)?;
    } else {
        ws.write_string(r, c, v)?;
    }
    Ok(())
}

/// The summary sheet: tasks by section and status, problems by kind, mentions
/// by kind, and money totals by section.
fn summary(wb: &mut Workbook, reports: &[Report]) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("summary")?;
    let bold = Format::new().set_bold();
    let codes = ["done", "on_track", "mostly_on_track", "behind", "adjusted", "other", "none"];
    let mut r: u32 = 0;
    let header = |ws: &mut Worksheet, r: u32, cells: &[&str]| -> std::result::Result<(), XlsxError> {
        for (c, h) in cells.iter().enumerate() {
            ws.write_string_with_format(r, col(c), *h, &bold)?;
        }
        Ok(())
    };
    let mut cols = vec!["source", "section_no", "section", "declared", "tasks_found"];
    cols.extend(codes);
    cols.push("money_total_cny");
    header(ws, r, &cols)?;
    let mut problems: BTreeMap<&str, usize> = BTreeMap::new();
    let mut mentions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut targets: BTreeMap<&str, usize> = BTreeMap::new();
    for report in reports {
        for section in &report.document.sections {
            r += 1;
            ws.write_string(r, 0, &report.document.source)?;
            ws.write_number(r, 1, f64::from(section.no))?;
            ws.write_string(r, 2, &section.heading)?;
            if let Some(d) = section.declared_count {
                ws.write_number(r, 3, f64::from(d))?;
            }
            ws.write_number(r, 4, section.task_count() as f64)?;
            let mut money = crate::extract::Decimal::ZERO;
            for (k, code) in codes.iter().enumerate() {
                let n = report
                    .tasks()
                    .filter(|(s, t, _)| {
                        s.no == section.no && t.status.as_ref().map_or("none", |st| st.code.as_str()) == *code
                    })
                    .count();
                ws.write_number(r, col(5 + k), n as f64)?;
            }
            for (_, _, f) in report.tasks().filter(|(s, _, _)| s.no == section.no) {
                for m in
                    f.progress_mentions.iter().filter(|m| m.kind == MentionKind::Money && m.unit == "CNY")
                {
                    money = m.value.and_then(|v| money.checked_add(v)).unwrap_or(money);
                }
            }
            ws.write_number(r, col(5 + codes.len()), money.to_f64())?;
        }
        for (_, _, f) in report.tasks() {
            for p in &f.problems {
                *problems.entry(p.kind.as_str()).or_default() += 1;
            }
            for m in f.task_mentions.iter().chain(&f.progress_mentions) {
                *mentions.entry(m.kind.as_str()).or_default() += 1;
            }
            for t in &f.targets {
                *targets.entry(t.met.as_str()).or_default() += 1;
            }
        }
    }
    for (title, counts) in
        [("problem_kind", &problems), ("mention_kind", &mentions), ("target_met", &targets)]
    {
        r += 2;
        header(ws, r, &[title, "count"])?;
        for (k, n) in counts {
            r += 1;
            ws.write_string(r, 0, *k)?;
            ws.write_number(r, 1, *n as f64)?;
        }
    }
    ws.set_column_width(2, 24)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Columns a text takes in a spreadsheet (CJK characters take two).
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
