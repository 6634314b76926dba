//! Column roles from a table's header: which column holds the task, the
//! units, the progress … by its heading, never by its position.
//!
//! The header is the first of a table's top rows whose cells name at least
//! two known columns, one of them the task, a sub-item or the progress
//! (title, 填报单位 and 日期 rows above it are paragraphs). A header cell
//! over two columns with a second header row below it takes the names of
//! that row (责任单位 over 牵头单位 | 配合单位); a 工作任务 heading over two
//! columns holds the task and, beside it, the sub-item. Headings are matched
//! through `[columns]` of `dictionaries/layout.txt`, extendable with
//! `--config`; a column it cannot name is kept (`extra`) and reported once.

use super::model::WarningKind;
use super::rows::{Field, RoleRow, SUB_ITEM};
use super::vocabulary::{Role, Vocabulary};
use crate::input::{Cell, Grid, Location, Row};
use std::borrow::Cow;
use std::collections::HashMap;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Role(Role),
    /// A heading that is not understood, or none.
    Other(String),
}

/// The roles of a table's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnMap {
    columns: Vec<Column>,
    headings: Vec<String>,
    status_inverted: bool,
}

/// What a table gives, in order.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A row that is a paragraph: a title above the header, or a row of one
    /// cell spanning the table (a section heading).
    Paragraph(String, Location),
    /// A new value in the leader or category column: a section.
    Section { heading: String, leader: Option<String>, location: Location },
    /// A task row.
    Row(Box<RoleRow<'a>>),
    /// An irregularity.
    Warning(Location, WarningKind, String),
}

impl ColumnMap {
    fn role(&self, col: usize) -> Option<&Column> {
        self.columns.get(col)
    }

    /// The columns of a row with one cell more than the header, that
    /// cell a short （N） sub-item right after the task: the sub-item beside
    /// the task and the other cells in the header's order. A PDF printed by
    /// LibreOffice draws such rows at other widths than the header (the
    /// sub-item under 责任单位, the units under 责任人 …).
    fn shifted(&self, row: &Row) -> Option<Vec<Column>> {
        if self.has(Role::Sub) {
            return None;
        }
        let mut runs: Vec<(&Column, &String)> = Vec::new();
        for run in self.columns.iter().zip(&self.headings) {
            if runs.last() != Some(&run) {
                runs.push(run);
            }
        }
        let task = runs.iter().position(|(c, _)| **c == Column::Role(Role::Task))?;
        let sub = row.cells.get(task + 1)?.text();
        let short_sub = SUB_ITEM.is_match(sub.trim()) && sub.chars().count() <= 40;
        let aligned_before =
            row.cells.iter().take(task + 1).enumerate().all(|(k, c)| self.role(c.col) == Some(runs[k].0));
        if row.cells.len() != runs.len() + 1 || !short_sub || !aligned_before {
            return None;
        }
        let mut columns: Vec<Column> = runs.into_iter().map(|(c, _)| c.clone()).collect();
        columns.insert(task + 1, Column::Role(Role::Sub));
        Some(columns)
    }

    fn has(&self, role: Role) -> bool {
        self.columns.contains(&Column::Role(role))
    }

    /// Whether a row names the same columns again (a repeated header).
    fn is_header_again(&self, row: &Row, vocab: &Vocabulary) -> bool {
        let named = row
            .cells
            .iter()
            .filter(|c| !c.continued && !c.is_empty())
            .filter(|c| match (vocab.role(&c.text()), self.role(c.col)) {
                (Some(r), Some(Column::Role(have))) => r == *have || (r == Role::Task && *have == Role::Sub),
                _ => false,
            })
            .count();
        named >= 2
    }
}

/// Cells of a row that hold text of their own.
fn filled(row: &Row) -> impl Iterator<Item = &Cell> {
    row.cells.iter().filter(|c| !c.continued && !c.is_empty())
}

/// The roles a row's cells name, if it reads as a header.
fn header_roles(row: &Row, vocab: &Vocabulary) -> Option<Vec<(usize, Role)>> {
    let named: Vec<(usize, Role)> =
        filled(row).filter_map(|c| vocab.role(&c.text()).map(|r| (c.col, r))).collect();
    (named.len() >= 2).then_some(named)
}

/// Finds the header among the first rows: its index, how many rows it takes,
/// and the column map.
fn find_header(grid: &Grid, vocab: &Vocabulary) -> Option<(usize, usize, ColumnMap)> {
    let (h, _) = grid.rows.iter().enumerate().take(12).find(|(_, r)| header_roles(r, vocab).is_some())?;
    let row = grid.rows.get(h)?;
    let mut columns = vec![Column::Other(String::new()); grid.columns];
    let mut headings = vec![String::new(); grid.columns];
    let mut status_inverted = false;
    for cell in row.cells.iter().filter(|c| !c.continued) {
        let heading = cell.text().replace('\n', "");
        let column = vocab.role(&heading).map_or_else(|| Column::Other(heading.clone()), Column::Role);
        if column == Column::Role(Role::Status) && heading.contains("滞后") {
            status_inverted = true;
        }
        for (k, c) in (cell.col..cell.col + cell.col_span).enumerate() {
            if let (Some(slot), Some(h)) = (columns.get_mut(c), headings.get_mut(c)) {
                // 工作任务 over two columns: the task, then the sub-item.
                *slot = match (&column, k) {
                    (Column::Role(Role::Task), k) if k > 0 => Column::Role(Role::Sub),
                    _ => column.clone(),
                };
                *h = heading.clone();
            }
        }
    }
    // A second header row under cells spanning columns names them.
    let mut taken = 1;
    if let Some(next) = grid.rows.get(h + 1) {
        let spanned = |col: usize| {
            row.cells
                .iter()
                .any(|c| !c.continued && c.col_span > 1 && (c.col..c.col + c.col_span).contains(&col))
        };
        let seq_col = columns.iter().position(|c| *c == Column::Role(Role::Seq));
        let has_number = seq_col.is_some_and(|s| {
            filled(next).any(|c| c.col == s && c.text().chars().all(|ch| ch.is_ascii_digit()))
        });
        let subs: Vec<(usize, usize, String, Option<Role>)> = filled(next)
            .filter(|c| spanned(c.col))
            .map(|c| {
                let t = c.text().replace('\n', "");
                (c.col, c.col_span, t.clone(), vocab.role(&t))
            })
            .collect();
        if !has_number && !subs.is_empty() && subs.iter().any(|s| s.3.is_some()) {
            for (col, span, heading, role) in subs {
                for c in col..col + span {
                    if let (Some(slot), Some(h)) = (columns.get_mut(c), headings.get_mut(c)) {
                        *slot = role.map_or_else(|| Column::Other(heading.clone()), Column::Role);
                        *h = heading.clone();
                    }
                }
            }
            taken = 2;
        }
    }
    Some((h, taken, ColumnMap { columns, headings, status_inverted }))
}

/// Whether a row is a paragraph: a single cell spanning most of the table.
fn paragraph_row(row: &Row, columns: usize) -> Option<&Cell> {
    let mut cells = filled(row);
    let only = cells.next()?;
    if cells.next().is_some() {
        return None;
    }
    (columns <= 1 || (only.col_span >= 2 && only.col_span * 2 >= columns)).then_some(only)
}

/// The 序号 cell's number: `1`, `1.`, `一`, `（1）` (a sub-item: returned as
/// such).
enum Seq {
    Number(String),
    Sub,
    Text(String),
}

fn parse_seq(text: &str) -> Seq {
    let t = text.trim().trim_end_matches(['.', '．', '、', ' ']);
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return Seq::Number(t.to_string());
    }
    if SUB_ITEM.is_match(t) {
        return Seq::Sub;
    }
    if let Some(n) = super::chinese_ordinal(t) {
        return Seq::Number(n.to_string());
    }
    Seq::Text(t.to_string())
}

/// Reads a table: events in row order. `previous` is the column map of the
/// table before, used when this one has no header of its own (a table
/// continued after a heading). Returns None when the table has no header and
/// no previous map fits it: it is to be read by its cells' contents.
pub(crate) fn read<'a>(
    grid: &'a Grid,
    vocab: &Vocabulary,
    previous: Option<&ColumnMap>,
) -> Option<(Vec<Event<'a>>, ColumnMap)> {
    let (start, map) = match find_header(grid, vocab) {
        Some((h, taken, map)) => (Some((h, taken)), map),
        None => (None, previous.filter(|m| m.columns.len() == grid.columns)?.clone()),
    };
    let mut events = Vec::new();
    let (first_data, header_at) = match start {
        Some((h, taken)) => {
            // Rows above the header are titles: one paragraph per cell.
            for row in grid.rows.iter().take(h) {
                for cell in filled(row) {
                    for line in cell.lines.iter().filter(|l| !l.trim().is_empty()) {
                        events.push(Event::Paragraph(line.trim().to_string(), cell.location.clone()));
                    }
                }
            }
            (h + taken, grid.rows.get(h).map(|r| r.location.clone()))
        }
        None => (0, None),
    };
    let at = header_at.clone().unwrap_or_else(|| grid.location.clone());
    let has_task = map.has(Role::Task) || map.has(Role::Progress) || map.has(Role::Sub);
    if start.is_some() {
        let unknown: Vec<&str> = map
            .columns
            .iter()
            .zip(&map.headings)
            .enumerate()
            .filter(|(i, (c, h))| {
                matches!(c, Column::Other(_))
                    && !h.is_empty()
                    && map.headings.get(i.wrapping_sub(1)) != Some(h)
            })
            .map(|(_, (_, h))| h.as_str())
            .collect();
        if !has_task {
            let seen: Vec<&str> = map.headings.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
            events.push(Event::Warning(
                at.clone(),
                WarningKind::NoTaskColumn,
                format!(
                    "table without a task or progress column (columns: {}); its rows are listed as warnings",
                    seen.join(" | ")
                ),
            ));
        } else if !unknown.is_empty() {
            events.push(Event::Warning(
                at.clone(),
                WarningKind::UnknownColumn,
                format!("column not understood, its text kept in extra: {}", unknown.join(" | ")),
            ));
        }
    }
    let mut section_key: Option<String> = None;
    let mut above: HashMap<usize, Field<'a>> = HashMap::new();
    for row in grid.rows.iter().skip(first_data) {
        if filled(row).next().is_none() {
            continue;
        }
        if map.is_header_again(row, vocab) {
            continue;
        }
        if let Some(cell) = paragraph_row(row, grid.columns) {
            for line in cell.lines.iter().filter(|l| !l.trim().is_empty()) {
                events.push(Event::Paragraph(line.trim().to_string(), cell.location.clone()));
            }
            continue;
        }
        if !has_task {
            let text: Vec<String> = filled(row).map(|c| c.text().replace('\n', " ")).collect();
            events.push(Event::Warning(
                row.location.clone(),
                WarningKind::Unparsed,
                format!("row of a table without a task column: {}", text.join(" | ")),
            ));
            continue;
        }
        let (role_row, key) = role_row(row, &map, &mut above);
        if let Some((heading, leader)) = key.filter(|(h, _)| section_key.as_deref() != Some(h.as_str())) {
            section_key = Some(heading.clone());
            events.push(Event::Section { heading, leader, location: row.location.clone() });
        }
        if role_row.is_some() {
            events.extend(role_row.map(|r| Event::Row(Box::new(r))));
        }
    }
    Some((events, map))
}

/// A row's cells by role, and the leader or category it names (a section).
/// A cell merged down from the row above holds that row's units, persons,
/// deadline or status too (`above`: the last text of each column); merged
/// progress, problems and next steps stay with the first row, so that no
/// narrative is counted twice.
fn role_row<'a>(
    row: &'a Row,
    map: &ColumnMap,
    above: &mut HashMap<usize, Field<'a>>,
) -> (Option<RoleRow<'a>>, Option<(String, Option<String>)>) {
    let mut r = RoleRow {
        location: row.location.clone(),
        group_span: 1,
        status_inverted: map.status_inverted,
        ..RoleRow::default()
    };
    let mut section: Option<(String, Option<String>)> = None;
    let mut any = false;
    // A table with these columns gives them to every row, empty or not.
    if map.has(Role::Persons) {
        r.persons = Some(Field::new());
    }
    if map.has(Role::Units) {
        r.units = Some(Field::new());
    }
    let shifted = map.shifted(row);
    for (k, cell) in row.cells.iter().enumerate() {
        let column = match &shifted {
            Some(columns) => columns.get(k),
            None => map.role(cell.col),
        };
        let Some(column) = column else { continue };
        let inherits = matches!(
            column,
            Column::Role(
                Role::Lead | Role::Units | Role::Cooperating | Role::Persons | Role::Deadline | Role::Status
            )
        );
        let field: Field<'a> = if cell.continued {
            if matches!(column, Column::Role(Role::Seq | Role::Task)) {
                r.continues = true;
            }
            match above.get(&cell.col) {
                Some(f) if inherits => f.clone(),
                _ => continue,
            }
        } else {
            let field: Field<'a> =
                cell.lines.iter().map(|l| (cell.location.clone(), Cow::Borrowed(l.as_str()))).collect();
            above.insert(cell.col, field.clone());
            field
        };
        if field.iter().all(|(_, l)| l.trim().is_empty()) {
            continue;
        }
        let role = match column {
            Column::Role(role) => *role,
            Column::Other(heading) => {
                let heading =
                    if heading.is_empty() { format!("column {}", cell.col + 1) } else { heading.clone() };
                r.extra.push((heading, super::rows::join(&field, "\n")));
                any = true;
                continue;
            }
        };
        any = true;
        if matches!(role, Role::Seq | Role::Task) {
            r.group_span = r.group_span.max(cell.row_span);
        }
        let heading = map.headings.get(cell.col).cloned().unwrap_or_default();
        let slot = match role {
            Role::Seq => {
                match parse_seq(&super::rows::join(&field, "")) {
                    Seq::Number(n) | Seq::Text(n) => r.seq = Some(n),
                    Seq::Sub => r.sub = Some(field),
                }
                continue;
            }
            Role::Leader | Role::Category => {
                let text = super::rows::join(&field, "");
                let leader = (role == Role::Leader).then(|| leader_name(&text));
                if role == Role::Leader || section.is_none() {
                    section = Some((text, leader));
                }
                continue;
            }
            Role::Task => &mut r.task,
            Role::Sub => &mut r.sub,
            Role::Lead => &mut r.lead,
            Role::Units => &mut r.units,
            Role::Cooperating => &mut r.cooperating,
            Role::Persons => &mut r.persons,
            Role::Progress => &mut r.progress,
            Role::Status => &mut r.status,
            Role::Problems => {
                r.problems_label = Some(super::vocabulary::normalize_heading(&heading));
                &mut r.problems
            }
            Role::Next => &mut r.next,
            Role::Deadline => &mut r.deadline,
            Role::Remarks => &mut r.remarks,
        };
        slot.get_or_insert_with(Field::new).extend(field);
    }
    // A row with nothing but progress text lost its number and task.
    r.orphan = r.seq.is_none()
        && r.task.is_none()
        && r.sub.is_none()
        && r.lead.is_none()
        && r.units.as_ref().is_none_or(|u| u.is_empty())
        && r.persons.as_ref().is_none_or(|p| p.is_empty())
        && r.progress.is_some()
        && !r.continues;
    (any.then_some(r), section)
}

/// 张元醒同志, 张元醒副市长 → 张元醒.
fn leader_name(text: &str) -> String {
    const TITLES: &[&str] = &[
        "常务副市长",
        "副市长",
        "市长",
        "副区长",
        "区长",
        "副县长",
        "县长",
        "秘书长",
        "副主任",
        "主任",
        "同志",
    ];
    let mut name = text.trim().to_string();
    for t in TITLES {
        if let Some(n) = name.strip_suffix(t) {
            name = n.to_string();
            break;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(col: usize, text: &str) -> Cell {
        Cell {
            col,
            col_span: 1,
            row_span: 1,
            continued: false,
            lines: text.split('\n').map(String::from).collect(),
            location: Location::Unknown,
        }
    }

    fn grid(rows: Vec<Vec<Cell>>, columns: usize) -> Grid {
        Grid {
            rows: rows
                .into_iter()
                .map(|cells| Row { cells, header: false, location: Location::Unknown })
                .collect(),
            columns,
            location: Location::Unknown,
            aligned: true,
        }
    }

    #[test]
    fn header_below_titles_with_two_rows() {
        let v = Vocabulary::default();
        let mut span = cell(2, "责任单位");
        span.col_span = 2;
        let g = grid(
            vec![
                vec![Cell { col_span: 5, ..cell(0, "2020年重点工作进展情况") }],
                vec![cell(0, "序号"), cell(1, "工作任务"), span, cell(4, "进展情况")],
                vec![cell(2, "牵头单位"), cell(3, "配合单位")],
                vec![
                    cell(0, "1"),
                    cell(1, "建设公园"),
                    cell(2, "市园林局"),
                    cell(3, "蓬江区政府"),
                    cell(4, "已完成。"),
                ],
            ],
            5,
        );
        let (events, map) = read(&g, &v, None).unwrap();
        assert_eq!(map.columns[2], Column::Role(Role::Lead));
        assert_eq!(map.columns[3], Column::Role(Role::Cooperating));
        assert!(matches!(&events[0], Event::Paragraph(t, _) if t == "2020年重点工作进展情况"));
        let Event::Row(r) = &events[1] else { panic!("{events:?}") };
        assert_eq!(r.seq.as_deref(), Some("1"));
        assert_eq!(r.cooperating.as_ref().unwrap()[0].1, "蓬江区政府");
    }

    #[test]
    fn seq_cells() {
        assert!(matches!(parse_seq("12."), Seq::Number(n) if n == "12"));
        assert!(matches!(parse_seq("三"), Seq::Number(n) if n == "3"));
        assert!(matches!(parse_seq("（2）"), Seq::Sub));
        assert!(matches!(parse_seq("A1"), Seq::Text(t) if t == "A1"));
        assert_eq!(leader_name("张元醒副市长"), "张元醒");
    }
}
