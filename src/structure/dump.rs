//! The table-dump layout: a Word table saved as text, read by its cells'
//! contents because its cells do not line up with its header.
//!
//! Each cell starts on a line that begins with a tab (sometimes a space and a
//! tab); lines without a tab continue the cell above. A row is 序号, 工作任务,
//! optionally a sub-item cell, 责任单位, 责任人 and 进展情况; the header row
//! repeats after every section heading, and empty rows appear as runs of
//! tab-only lines. Two blank lines inside a cell mark the place where a row's
//! number and task text were lost in the dump and only its progress survives.
//! A Word table whose rows hold different numbers of cells is read the same
//! way, one tab-led line per cell.

use super::model::WarningKind;
use super::rows::{Field, RoleRow, SUB_ITEM};
use super::vocabulary::Vocabulary;
use crate::input::Location;
use std::borrow::Cow;

/// One line of input with where it is.
pub(crate) type Line<'a> = (Location, &'a str);

/// A table cell: its lines, the first without its leading tab; its first
/// line trimmed and its number of non-blank lines, counted once.
#[derive(Debug)]
struct Cell<'a> {
    lines: Vec<Line<'a>>,
    first: &'a str,
    non_empty: usize,
}

impl<'a> Cell<'a> {
    fn new(lines: Vec<Line<'a>>) -> Cell<'a> {
        let first = lines.first().map_or("", |(_, l)| l.trim());
        let non_empty = lines.iter().filter(|(_, l)| !l.trim().is_empty()).count();
        Cell { lines, first, non_empty }
    }
    fn first(&self) -> &'a str {
        self.first
    }
    fn is_empty(&self) -> bool {
        self.non_empty == 0
    }
    fn non_empty_count(&self) -> usize {
        self.non_empty
    }
    fn is_seq(&self) -> bool {
        let f = self.first();
        !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) && self.non_empty_count() == 1
    }
    /// A short （N）… cell: a sub-item, not a paragraph of progress text.
    fn is_sub_item(&self) -> bool {
        SUB_ITEM.is_match(self.first()) && self.first().chars().count() <= 80 && self.non_empty_count() <= 2
    }
    fn field(self) -> Field<'a> {
        self.lines.into_iter().map(|(at, l)| (at, Cow::Borrowed(l))).collect()
    }
}

/// What a section's body is made of, in order.
enum Piece<'a> {
    Cell(Cell<'a>),
    /// Text after two blank lines inside a cell: a lost row's progress.
    Orphan(Vec<Line<'a>>),
}

/// A section's body in the dump layout: its lines (cells start on tab-led
/// lines) or, for a Word table whose rows do not line up, its cells.
pub(crate) enum Body<'a> {
    /// Lines of a text.
    Lines(&'a [Line<'a>]),
    /// The cells of a table, in row order, each its lines.
    Cells(Vec<Vec<Line<'a>>>),
}

impl Body<'_> {
    /// Where the body starts.
    pub(crate) fn first(&self) -> Option<&Location> {
        match self {
            Body::Lines(l) => l.first().map(|(at, _)| at),
            Body::Cells(c) => c.iter().flatten().next().map(|(at, _)| at),
        }
    }
}

/// A text's lines as cells: a tab-led line (sometimes after spaces) starts
/// a cell, lines without a tab continue it; text before the first cell is
/// reported.
fn cells_of<'a>(
    lines: &[Line<'a>],
    warnings: &mut Vec<(Location, WarningKind, String)>,
) -> Vec<Vec<Line<'a>>> {
    let mut cells: Vec<Vec<Line<'a>>> = Vec::new();
    for (at, line) in lines {
        let body = line.trim_start_matches(' ');
        if let Some(rest) = body.strip_prefix('\t') {
            cells.push(vec![(at.clone(), rest)]);
        } else if let Some(cell) = cells.last_mut() {
            cell.push((at.clone(), line));
        } else if !line.trim().is_empty() {
            warnings.push((
                at.clone(),
                WarningKind::Unparsed,
                format!("text before the table: {}", line.trim()),
            ));
        }
    }
    cells
}

/// Splits cells into cells and orphan blocks: text after two blank lines in
/// a cell is a lost row's progress.
fn pieces(cells: Vec<Vec<Line<'_>>>) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    for lines in cells {
        let blank = |k: usize| lines.get(k).is_some_and(|(_, l)| l.trim().is_empty());
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i + 1 < lines.len() {
            if blank(i) && blank(i + 1) {
                let mut j = i;
                while blank(j) {
                    j += 1;
                }
                if j < lines.len() {
                    cuts.push((i, j));
                }
                i = j;
            } else {
                i += 1;
            }
        }
        if cuts.is_empty() {
            out.push(Piece::Cell(Cell::new(lines)));
            continue;
        }
        let mut start = 0;
        let mut parts: Vec<Vec<Line<'_>>> = Vec::new();
        for (end, next) in cuts {
            parts.push(lines.get(start..end).unwrap_or_default().to_vec());
            start = next;
        }
        parts.push(lines.get(start..).unwrap_or_default().to_vec());
        let mut parts = parts.into_iter();
        if let Some(head) = parts.next() {
            out.push(Piece::Cell(Cell::new(head)));
        }
        out.extend(parts.map(Piece::Orphan));
    }
    out
}

/// The rows of a section's body in the dump layout, with the irregularities
/// met before any row (text before the table).
pub(crate) fn rows<'a>(
    body: Body<'a>,
    vocab: &Vocabulary,
) -> (Vec<RoleRow<'a>>, Vec<(Location, WarningKind, String)>) {
    let mut found = Vec::new();
    let cells = match body {
        Body::Lines(lines) => cells_of(lines, &mut found),
        Body::Cells(cells) => cells,
    };
    (assemble_rows(pieces(cells), vocab), found)
}

/// Where a row is: the location of its first line.
fn placed<'a>(mut row: RoleRow<'a>, first: &Location) -> RoleRow<'a> {
    if row.location == Location::Unknown {
        row.location = first.row();
    }
    row
}

/// Assembles rows from pieces by the order of their cells.
fn assemble_rows<'a>(pieces: Vec<Piece<'a>>, vocab: &Vocabulary) -> Vec<RoleRow<'a>> {
    let mut rows: Vec<RoleRow<'a>> = Vec::new();
    let mut cur: Option<RoleRow<'a>> = None;
    let mut in_header = false;
    for piece in pieces {
        let cell = match piece {
            Piece::Orphan(lines) => {
                rows.extend(cur.take());
                let cell = Cell::new(lines);
                let at = cell.lines.iter().find(|(_, l)| !l.trim().is_empty()).map(|(a, _)| a.clone());
                let field = cell.field();
                let mut row = RoleRow { orphan: true, ..RoleRow::default() };
                row.touch(&field);
                row.progress = Some(field);
                rows.push(placed(row, &at.unwrap_or_default()));
                continue;
            }
            Piece::Cell(c) => c,
        };
        if cell.is_empty() {
            continue;
        }
        let header_cell = vocab.is_header(cell.first()) && cell.non_empty_count() == 1;
        if header_cell && (cell.first() == "序号" || in_header) {
            in_header = true;
            continue;
        }
        in_header = false;
        let at =
            cell.lines.iter().find(|(_, l)| !l.trim().is_empty()).map(|(a, _)| a.clone()).unwrap_or_default();
        if cell.is_seq() {
            rows.extend(cur.take());
            let seq = cell.first().to_string();
            let field = cell.field();
            let mut row = RoleRow { seq: Some(seq), ..RoleRow::default() };
            row.touch(&field);
            cur = Some(placed(row, &at));
            continue;
        }
        let is_status = vocab.parse_status(cell.first()).is_some();
        let is_sub = cell.is_sub_item();
        let row_done = cur.as_ref().is_none_or(|r| {
            r.progress.is_some() || (r.persons.is_some() && r.sub.is_some() && is_sub && !is_status)
        });
        if row_done {
            rows.extend(cur.take());
        }
        let row = cur.get_or_insert_with(RoleRow::default);
        if row.location == Location::Unknown {
            row.location = at.row();
        }
        let field = cell.field();
        row.touch(&field);
        let slot = if is_status {
            &mut row.progress
        } else if row.task.is_none() && row.sub.is_none() && row.units.is_none() {
            if is_sub && row.seq.is_none() {
                &mut row.sub
            } else {
                &mut row.task
            }
        } else if row.sub.is_none() && row.units.is_none() && is_sub {
            &mut row.sub
        } else if row.units.is_none() {
            &mut row.units
        } else if row.persons.is_none() {
            &mut row.persons
        } else {
            &mut row.progress
        };
        *slot = Some(field);
    }
    rows.extend(cur);
    rows
}
