//! The table-dump layout: a Word table saved as text.
//!
//! Each cell starts on a line that begins with a tab (sometimes a space and a
//! tab); lines without a tab continue the cell above. A row is 序号, 工作任务,
//! optionally a sub-item cell, 责任单位, 责任人 and 进展情况; the header row
//! repeats after every section heading, and empty rows appear as runs of
//! tab-only lines. Two blank lines inside a cell mark the place where a row's
//! number and task text were lost in the dump and only its progress survives.

use super::entries::{parse_persons, parse_units, Note};
use super::model::{Section, Status, Task, Warning, WarningKind};
use super::vocabulary::Vocabulary;
use regex::Regex;
use std::sync::LazyLock;

static SUB_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(]([0-9]{1,3})[）)]\s*(.*)$").expect("valid regex"));

/// One line of input with its 1-based number.
type Line<'a> = (usize, &'a str);

/// A table cell: its lines, the first without its leading tab.
#[derive(Debug)]
struct Cell<'a> {
    lines: Vec<Line<'a>>,
}

impl<'a> Cell<'a> {
    fn first(&self) -> &'a str {
        self.lines.first().map_or("", |(_, l)| l.trim())
    }
    fn is_empty(&self) -> bool {
        self.lines.iter().all(|(_, l)| l.trim().is_empty())
    }
    fn non_empty(&self) -> impl Iterator<Item = Line<'a>> + '_ {
        self.lines.iter().copied().filter(|(_, l)| !l.trim().is_empty())
    }
    fn first_line(&self) -> usize {
        self.non_empty().next().or(self.lines.first().copied()).map_or(0, |(n, _)| n)
    }
    fn last_line(&self) -> usize {
        self.non_empty().last().or(self.lines.first().copied()).map_or(0, |(n, _)| n)
    }
    fn is_seq(&self) -> bool {
        let f = self.first();
        !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) && self.non_empty().count() == 1
    }
    /// A short （N）… cell: a sub-item, not a paragraph of progress text.
    fn is_sub_item(&self) -> bool {
        SUB_ITEM.is_match(self.first()) && self.first().chars().count() <= 80 && self.non_empty().count() <= 2
    }
}

/// What a section's body is made of, in order.
enum Piece<'a> {
    Cell(Cell<'a>),
    /// Text after two blank lines inside a cell: a lost row's progress.
    Orphan(Vec<Line<'a>>),
}

/// A row as assembled from cells, before numbering is resolved.
#[derive(Default)]
struct RawRow<'a> {
    seq: Option<&'a str>,
    task: Option<Cell<'a>>,
    sub: Option<Cell<'a>>,
    units: Option<Cell<'a>>,
    persons: Option<Cell<'a>>,
    progress: Option<Cell<'a>>,
    orphan: bool,
    line_start: usize,
    line_end: usize,
}

impl RawRow<'_> {
    fn touch(&mut self, first: usize, last: usize) {
        if self.line_start == 0 {
            self.line_start = first;
        }
        self.line_end = self.line_end.max(last);
    }
}

/// Splits a section's lines (after its heading) into cells and orphan blocks.
fn pieces<'a>(lines: &[Line<'a>], warnings: &mut Vec<(usize, WarningKind, String)>) -> Vec<Piece<'a>> {
    let mut cells: Vec<Cell<'a>> = Vec::new();
    for &(n, line) in lines {
        let body = line.trim_start_matches(' ');
        if let Some(rest) = body.strip_prefix('\t') {
            cells.push(Cell { lines: vec![(n, rest)] });
        } else if let Some(cell) = cells.last_mut() {
            cell.lines.push((n, line));
        } else if !line.trim().is_empty() {
            warnings.push((n, WarningKind::Unparsed, format!("text before the table: {}", line.trim())));
        }
    }
    let mut out = Vec::new();
    for cell in cells {
        // Split at two blank lines followed by more text.
        let mut start = 0;
        let lines = &cell.lines;
        let mut i = 0;
        let mut parts: Vec<&[Line<'a>]> = Vec::new();
        while i + 1 < lines.len() {
            let blank = |k: usize| lines.get(k).is_some_and(|(_, l)| l.trim().is_empty());
            if blank(i) && blank(i + 1) {
                let mut j = i;
                while blank(j) {
                    j += 1;
                }
                if j < lines.len() {
                    parts.push(lines.get(start..i).unwrap_or_default());
                    start = j;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        parts.push(lines.get(start..).unwrap_or_default());
        let mut parts = parts.into_iter();
        if let Some(head) = parts.next() {
            out.push(Piece::Cell(Cell { lines: head.to_vec() }));
        }
        out.extend(parts.map(|p| Piece::Orphan(p.to_vec())));
    }
    out
}

/// Assembles rows from pieces by the order of their cells.
fn rows<'a>(pieces: Vec<Piece<'a>>, vocab: &Vocabulary) -> Vec<RawRow<'a>> {
    let mut rows: Vec<RawRow<'a>> = Vec::new();
    let mut cur: Option<RawRow<'a>> = None;
    let mut in_header = false;
    for piece in pieces {
        let cell = match piece {
            Piece::Orphan(lines) => {
                rows.extend(cur.take());
                let cell = Cell { lines };
                let mut row = RawRow { orphan: true, ..RawRow::default() };
                row.touch(cell.first_line(), cell.last_line());
                row.progress = Some(cell);
                rows.push(row);
                continue;
            }
            Piece::Cell(c) => c,
        };
        if cell.is_empty() {
            continue;
        }
        let header_cell = vocab.headers.iter().any(|h| h == cell.first()) && cell.non_empty().count() == 1;
        if header_cell && (cell.first() == "序号" || in_header) {
            in_header = true;
            continue;
        }
        in_header = false;
        let (first, last) = (cell.first_line(), cell.last_line());
        if cell.is_seq() {
            rows.extend(cur.take());
            let mut row = RawRow { seq: Some(cell.first()), ..RawRow::default() };
            row.touch(first, last);
            cur = Some(row);
            continue;
        }
        let is_status = vocab.parse_status(cell.first()).is_some();
        let row_done = cur.as_ref().is_none_or(|r| {
            r.progress.is_some()
                || (r.persons.is_some() && r.sub.is_some() && cell.is_sub_item() && !is_status)
        });
        if row_done {
            rows.extend(cur.take());
        }
        let row = cur.get_or_insert_with(RawRow::default);
        row.touch(first, last);
        let slot = if is_status {
            &mut row.progress
        } else if row.task.is_none() && row.sub.is_none() && row.units.is_none() {
            if cell.is_sub_item() && row.seq.is_none() {
                &mut row.sub
            } else {
                &mut row.task
            }
        } else if row.sub.is_none() && row.units.is_none() && cell.is_sub_item() {
            &mut row.sub
        } else if row.units.is_none() {
            &mut row.units
        } else if row.persons.is_none() {
            &mut row.persons
        } else {
            &mut row.progress
        };
        *slot = Some(cell);
    }
    rows.extend(cur);
    rows
}

/// The current 序号 group while rows are numbered.
struct Group {
    seq: String,
    number: Option<u32>,
    inferred: bool,
    task: String,
    lead_unit: Option<String>,
    last_sub: u32,
}

fn join_lines<'a>(lines: impl Iterator<Item = Line<'a>>, sep: &str) -> String {
    lines.map(|(_, l)| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(sep)
}

/// Task text without its lead-unit note, and the unit the note names.
fn split_lead_note(text: &str, vocab: &Vocabulary) -> (String, Option<String>) {
    let note = &vocab.lead_note;
    let lead = note
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .filter(|s| !s.is_empty());
    (note.replace_all(text, "").trim().to_string(), lead)
}

/// Parses a section's body into its tasks. `row_base` is the number of rows
/// before this section; warnings get the section number.
pub(crate) fn parse_section(
    section: &mut Section,
    lines: &[Line<'_>],
    vocab: &Vocabulary,
    row_base: usize,
    warnings: &mut Vec<Warning>,
) {
    let mut found: Vec<(usize, WarningKind, String)> = Vec::new();
    let raw = rows(pieces(lines, &mut found), vocab);
    let sec = section.no;
    let mut warn = |line: usize, task_id: Option<&str>, kind: WarningKind, message: String| {
        warnings.push(Warning::in_section(sec, line, task_id, kind, message));
    };
    for (line, kind, message) in found {
        warn(line, None, kind, message);
    }

    let mut group: Option<Group> = None;
    let mut used_ids: Vec<String> = Vec::new();
    let mut seen_seqs: Vec<(String, String)> = Vec::new();
    for (i, row) in raw.iter().enumerate() {
        let mut notes: Vec<Note> = Vec::new();
        let task_text = row.task.as_ref().map(|c| split_lead_note(&join_lines(c.non_empty(), ""), vocab));
        let sub = row.sub.as_ref().and_then(|c| {
            let text = join_lines(c.non_empty(), "");
            let caps = SUB_ITEM.captures(&text)?;
            let no: u32 = caps.get(1)?.as_str().parse().ok()?;
            let (item, lead) = split_lead_note(caps.get(2)?.as_str(), vocab);
            Some((no, item.trim_end_matches(['。', '.']).to_string(), lead))
        });
        let same_group = |g: &Group| task_text.as_ref().is_none_or(|(t, _)| t == &g.task || t.is_empty());
        // Resolve which group the row belongs to.
        let continuing = match (&group, row.seq, &task_text, &sub) {
            (Some(g), Some(seq), _, Some(_)) => seq == g.seq && same_group(g),
            (Some(_), None, None, Some(_)) => true,
            (Some(g), None, Some(_), Some(_)) => same_group(g),
            _ => false,
        };
        let orphan_sub = row.orphan
            && group
                .as_ref()
                .is_some_and(|g| g.last_sub > 0 && next_sub_no(&raw, i + 1) == Some(g.last_sub + 2));
        if !(continuing || orphan_sub) {
            let (task, lead_unit) = task_text.clone().unwrap_or_default();
            let last_number = group.as_ref().and_then(|g| g.number);
            let (seq, inferred) = match row.seq {
                Some(s) => (s.to_string(), false),
                None => {
                    let guess = last_number.map_or(1, |n| n + 1);
                    let gap_shows_it = !row.orphan
                        || next_seq_no(&raw, i + 1)
                            .or(section.declared_count.map(|d| d + 1))
                            .is_some_and(|next| next > guess);
                    if gap_shows_it {
                        (guess.to_string(), true)
                    } else {
                        (String::new(), false)
                    }
                }
            };
            group = Some(Group { number: seq.parse().ok(), seq, inferred, task, lead_unit, last_sub: 0 });
        }
        let Some(g) = group.as_mut() else { continue };
        let (sub_no, sub_item, sub_lead) = match (&sub, orphan_sub) {
            (Some((no, item, lead)), _) => (Some(*no), Some(item.clone()), lead.clone()),
            (None, true) => (Some(g.last_sub + 1), None, None),
            (None, false) => (None, None, None),
        };
        if let Some(no) = sub_no {
            g.last_sub = no;
        }
        let mut id = match (g.seq.is_empty(), sub_no) {
            (true, _) => format!("{sec}-row{}", row_base + i + 1),
            (false, Some(no)) => format!("{sec}-{}-{no}", g.seq),
            (false, None) => format!("{sec}-{}", g.seq),
        };
        if used_ids.contains(&id) {
            let base = id.clone();
            let mut k = 2;
            while used_ids.contains(&id) {
                id = format!("{base}.{k}");
                k += 1;
            }
        }
        used_ids.push(id.clone());

        // Numbering irregularities.
        if let Some(seq) = row.seq {
            if let Some((_, task)) = seen_seqs.iter().find(|(s, _)| s == seq) {
                let how = if continuing { "again for the same task group" } else { "for a different task" };
                warn(
                    row.line_start,
                    Some(&id),
                    WarningKind::RepeatedNumber,
                    format!("序号 {seq} printed {how} (first: {})", preview(task)),
                );
            } else {
                seen_seqs.push((seq.to_string(), g.task.clone()));
            }
        }
        if g.inferred && !continuing && !orphan_sub {
            let why = if row.orphan {
                "a row whose number and task were lost"
            } else {
                "a row with an empty number cell"
            };
            warn(
                row.line_start,
                Some(&id),
                WarningKind::SeqInferred,
                format!("序号 {} inferred from the position of {why}", g.seq),
            );
            if !row.orphan {
                seen_seqs.push((g.seq.clone(), g.task.clone()));
            }
        }
        let progress_cell = row.progress.as_ref();
        if row.orphan {
            let text = progress_cell.map(|c| join_lines(c.non_empty(), "")).unwrap_or_default();
            let place = match (g.seq.is_empty(), sub_no) {
                (true, _) => "no number could be inferred".to_string(),
                (false, Some(no)) => format!("kept as sub-item {no} of 序号 {}", g.seq),
                (false, None) => format!("kept as 序号 {}", g.seq),
            };
            warn(
                row.line_start,
                Some(&id),
                WarningKind::OrphanText,
                format!(
                    "text without a task row (its number and task were lost), {place}: {}",
                    preview(&text)
                ),
            );
        }

        // Status and progress.
        let mut status: Option<Status> = None;
        let mut progress_lines: Vec<String> = Vec::new();
        if let Some(cell) = progress_cell {
            let mut lines = cell.non_empty();
            if let Some((_, first)) = lines.next() {
                match vocab.parse_status(first).filter(|_| !row.orphan) {
                    Some((s, rest)) => {
                        status = Some(s);
                        if !rest.trim().is_empty() {
                            progress_lines.push(rest.trim().to_string());
                        }
                    }
                    None => progress_lines.push(first.trim().to_string()),
                }
            }
            progress_lines.extend(lines.map(|(_, l)| l.trim().to_string()));
        }
        if status.is_none() && !row.orphan {
            let what = if progress_lines.is_empty() {
                "no status and no progress text (its progress may sit in a sibling's cell)"
            } else {
                "progress text without a status line"
            };
            warn(row.line_start, Some(&id), WarningKind::NoStatus, what.to_string());
        }

        let units = row.units.as_ref().map_or_else(Vec::new, |c| parse_units(&c.lines, &mut notes));
        let persons = row.persons.as_ref().map_or_else(Vec::new, |c| parse_persons(&c.lines, &mut notes));
        if units.len() != persons.len() && !row.orphan {
            warn(
                row.line_start,
                Some(&id),
                WarningKind::UnitPersonMismatch,
                format!("{} 责任单位 but {} 责任人; every entry kept", units.len(), persons.len()),
            );
        }
        for note in notes {
            warn(note.line, Some(&id), note.kind, note.message);
        }
        section.tasks.push(Task {
            id,
            row: row_base + i + 1,
            seq: g.seq.clone(),
            seq_inferred: g.inferred,
            sub_no,
            sub_item,
            task: g.task.clone(),
            lead_unit: sub_lead.or_else(|| g.lead_unit.clone()),
            units,
            persons,
            status,
            progress: progress_lines.join("\n"),
            next_steps: None,
            line_start: row.line_start,
            line_end: row.line_end,
        });
    }
}

/// The sub-item number of the next row that continues a group, if it does.
fn next_sub_no(rows: &[RawRow<'_>], from: usize) -> Option<u32> {
    let row = rows.get(from..)?.iter().find(|r| !r.orphan)?;
    let text = join_lines(row.sub.as_ref()?.non_empty(), "");
    SUB_ITEM.captures(&text)?.get(1)?.as_str().parse().ok()
}

/// The printed number of the next numbered row.
fn next_seq_no(rows: &[RawRow<'_>], from: usize) -> Option<u32> {
    rows.get(from..)?.iter().find_map(|r| r.seq.and_then(|s| s.parse().ok()))
}

/// The first characters of a text, for messages.
pub(crate) fn preview(text: &str) -> String {
    let mut s: String = text.chars().take(30).collect();
    if text.chars().nth(30).is_some() {
        s.push('…');
    }
    s
}
