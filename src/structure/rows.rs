//! Table rows to tasks: the step shared by every table source.
//!
//! A text dump (read by its cells' contents, see `dump`) and a grid (read by
//! its header, see `columns`) both give [`RoleRow`]s: each row's cells by what
//! they hold. This module numbers them into tasks: rows of one 序号 group
//! become sub-items, numbers lost in the source are inferred where the
//! sequence shows them, the status is read off the progress text (or a status
//! column), units and persons are cleaned, and every irregularity is a
//! warning.

use super::entries::{parse_persons, parse_units, Note};
use super::model::{Section, Status, Task, UnitRole, Warning, WarningKind};
use super::vocabulary::Vocabulary;
use crate::input::Location;
use regex::Regex;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

pub(crate) static SUB_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(]([0-9]{1,3})[）)]\s*(.*)$").expect("valid regex"));

/// A cell's lines, each with where it is (borrowed from the source).
pub(crate) type Field<'a> = Vec<(Location, Cow<'a, str>)>;

/// A table row by what its cells hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleRow<'a> {
    /// The printed 序号.
    pub seq: Option<String>,
    pub task: Option<Field<'a>>,
    pub sub: Option<Field<'a>>,
    pub lead: Option<Field<'a>>,
    pub units: Option<Field<'a>>,
    pub cooperating: Option<Field<'a>>,
    pub persons: Option<Field<'a>>,
    pub progress: Option<Field<'a>>,
    pub status: Option<Field<'a>>,
    pub problems: Option<Field<'a>>,
    pub next: Option<Field<'a>>,
    pub deadline: Option<Field<'a>>,
    pub remarks: Option<Field<'a>>,
    /// Cells of columns whose heading is not understood: (heading, text).
    pub extra: Vec<(String, String)>,
    /// The 序号 or task cell continues a vertical merge: the row belongs to
    /// the group of the row above.
    pub continues: bool,
    /// Rows the 序号 or task cell spans (a merged group starts here).
    pub group_span: usize,
    /// Text whose row lost its number and task (two blank lines in a dump).
    pub orphan: bool,
    /// The heading of the problems column (存在问题 …).
    pub problems_label: Option<String>,
    /// The status column's heading says 滞后: 是 means behind.
    pub status_inverted: bool,
    pub location: Location,
    pub line_start: Option<usize>,
    pub line_end: Option<usize>,
}

impl RoleRow<'_> {
    /// Widens the row's line span to a field's lines.
    pub(crate) fn touch(&mut self, field: &Field<'_>) {
        let lines = field.iter().filter(|(_, l)| !l.trim().is_empty()).filter_map(|(at, _)| at.line());
        for n in lines {
            self.line_start = Some(self.line_start.map_or(n, |s| s.min(n)));
            self.line_end = Some(self.line_end.map_or(n, |e| e.max(n)));
        }
    }
}

/// The non-empty lines of a field, trimmed, joined with `sep`.
pub(crate) fn join(field: &Field<'_>, sep: &str) -> String {
    field.iter().map(|(_, l)| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(sep)
}

/// The location of a field's first non-empty line.
fn first_location<'f>(field: &'f Field<'_>) -> Option<&'f Location> {
    field.iter().find(|(_, l)| !l.trim().is_empty()).or(field.first()).map(|(at, _)| at)
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

/// A sub-item cell: （N）text → (N, text, lead note); text without a number
/// gets `next`.
fn parse_sub(field: &Field<'_>, vocab: &Vocabulary, next: u32) -> Option<(u32, String, Option<String>)> {
    let text = join(field, "");
    if text.is_empty() {
        return None;
    }
    let (no, body) = match SUB_ITEM.captures(&text) {
        Some(c) => (c.get(1)?.as_str().parse().ok()?, c.get(2)?.as_str().to_string()),
        None => (next, text.clone()),
    };
    let (item, lead) = split_lead_note(&body, vocab);
    Some((no, item.trim_end_matches(['。', '.']).to_string(), lead))
}

/// A problems cell that says there is none.
fn says_none(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches(['。', '.']),
        "" | "无" | "暂无" | "没有" | "/" | "-" | "—" | "——" | "无问题"
    )
}

/// Numbers the rows of a section into its tasks (`row` counts within the
/// section; the parser adds the rows before it); warnings get the section
/// number.
pub(crate) fn assemble(
    section: &mut Section,
    rows: &[RoleRow<'_>],
    vocab: &Vocabulary,
    warnings: &mut Vec<Warning>,
) {
    let sec = section.no;
    let mut warn = |at: &Location, task_id: Option<&str>, kind: WarningKind, message: String| {
        warnings.push(Warning::in_section(sec, at, task_id, kind, message));
    };
    // The printed number of the next numbered row, for each row (one pass
    // from the end, so that long sections stay linear).
    let mut next_seq: Vec<Option<u32>> = vec![None; rows.len() + 1];
    for i in (0..rows.len()).rev() {
        let here = rows.get(i).and_then(|r| r.seq.as_deref()).and_then(|s| s.parse().ok());
        next_seq[i] = here.or(next_seq[i + 1]);
    }
    let mut group: Option<Group> = None;
    let mut used_ids: HashSet<String> = HashSet::new();
    // For an id met again, the suffix to try next (so that thousands of rows
    // numbered alike stay linear).
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut seen_seqs: HashMap<String, String> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let mut notes: Vec<Note> = Vec::new();
        let mut task_text = row.task.as_ref().map(|c| split_lead_note(&join(c, ""), vocab));
        let mut sub_field = row.sub.as_ref();
        // A task cell that is a （N） sub-item of the group above.
        if sub_field.is_none() && row.seq.is_none() && group.is_some() && !row.orphan {
            if let Some(f) = row.task.as_ref().filter(|f| SUB_ITEM.is_match(&join(f, ""))) {
                sub_field = Some(f);
                task_text = None;
            }
        }
        let next_sub = group.as_ref().map_or(1, |g| g.last_sub + 1);
        let grouped = row.continues || row.group_span > 1;
        let sub = sub_field.and_then(|c| parse_sub(c, vocab, if row.continues { next_sub } else { 1 }));
        let same_group = |g: &Group| task_text.as_ref().is_none_or(|(t, _)| t == &g.task || t.is_empty());
        // Resolve which group the row belongs to.
        let continuing = row.continues
            || match (&group, row.seq.as_deref(), &task_text, &sub) {
                (Some(g), Some(seq), _, Some(_)) => seq == g.seq && same_group(g),
                (Some(_), None, None, Some(_)) => true,
                (Some(g), None, Some(_), Some(_)) => same_group(g),
                _ => false,
            };
        let continuing = continuing && group.is_some();
        let orphan_sub = row.orphan
            && group
                .as_ref()
                .is_some_and(|g| g.last_sub > 0 && next_sub_no(rows, i + 1, vocab) == Some(g.last_sub + 2));
        if !(continuing || orphan_sub) {
            let (task, lead_unit) = task_text.clone().unwrap_or_default();
            let last_number = group.as_ref().and_then(|g| g.number);
            let (seq, inferred) = match row.seq.as_deref() {
                Some(s) => (s.to_string(), false),
                None => {
                    let guess = last_number.map_or(1, |n| n.saturating_add(1));
                    let gap_shows_it = !row.orphan
                        || next_seq
                            .get(i + 1)
                            .copied()
                            .flatten()
                            .or(section.declared_count.map(|d| d.saturating_add(1)))
                            .is_some_and(|next| next > guess);
                    if gap_shows_it {
                        (guess.to_string(), true)
                    } else {
                        (String::new(), false)
                    }
                }
            };
            group = Some(Group { number: seq.parse().ok(), seq, inferred, task, lead_unit, last_sub: 0 });
            // A row with the group's number and task only, above its （N）
            // sub-items: it names the group and is no task itself.
            if is_group_head(row) && rows.get(i + 1).is_some_and(continues_group) {
                if let Some(g) = group.as_ref().filter(|g| g.inferred) {
                    warn(
                        &row.location,
                        None,
                        WarningKind::SeqInferred,
                        format!(
                            "序号 {} inferred from the position of a row with an empty number cell",
                            g.seq
                        ),
                    );
                }
                continue;
            }
        }
        let Some(g) = group.as_mut() else { continue };
        let (sub_no, sub_item, sub_lead) = match (&sub, orphan_sub) {
            (Some((no, item, lead)), _) => {
                (Some(*no), Some(item.clone()).filter(|s| !s.is_empty()), lead.clone())
            }
            (None, true) => (Some(g.last_sub + 1), None, None),
            // Rows of a merged group without sub-item text: numbered in order.
            (None, false) if grouped => (Some(if continuing { g.last_sub + 1 } else { 1 }), None, None),
            (None, false) => (None, None, None),
        };
        if let Some(no) = sub_no {
            g.last_sub = no;
        }
        let mut id = match (g.seq.is_empty(), sub_no) {
            (true, _) => format!("{sec}-row{}", i + 1),
            (false, Some(no)) => format!("{sec}-{}-{no}", g.seq),
            (false, None) => format!("{sec}-{}", g.seq),
        };
        if used_ids.contains(&id) {
            let base = id.clone();
            let k = next_suffix.entry(base.clone()).or_insert(2);
            while used_ids.contains(&id) {
                id = format!("{base}.{k}");
                *k += 1;
            }
        }
        used_ids.insert(id.clone());

        // Numbering irregularities.
        if let Some(seq) = row.seq.as_deref() {
            if let Some(task) = seen_seqs.get(seq) {
                let how = if continuing { "again for the same task group" } else { "for a different task" };
                warn(
                    &row.location,
                    Some(&id),
                    WarningKind::RepeatedNumber,
                    format!("序号 {seq} printed {how} (first: {})", preview(task)),
                );
            } else {
                seen_seqs.insert(seq.to_string(), g.task.clone());
            }
        }
        if g.inferred && !continuing && !orphan_sub {
            let why = if row.orphan {
                "a row whose number and task were lost"
            } else {
                "a row with an empty number cell"
            };
            warn(
                &row.location,
                Some(&id),
                WarningKind::SeqInferred,
                format!("序号 {} inferred from the position of {why}", g.seq),
            );
            if !row.orphan {
                seen_seqs.entry(g.seq.clone()).or_insert_with(|| g.task.clone());
            }
        }
        let progress_cell = row.progress.as_ref();
        if row.orphan {
            let text = progress_cell.map(|c| join(c, "")).unwrap_or_default();
            let place = match (g.seq.is_empty(), sub_no) {
                (true, _) => "no number could be inferred".to_string(),
                (false, Some(no)) => format!("kept as sub-item {no} of 序号 {}", g.seq),
                (false, None) => format!("kept as 序号 {}", g.seq),
            };
            warn(
                &row.location,
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
            let mut lines = cell.iter().map(|(_, l)| l.as_ref()).filter(|l: &&str| !l.trim().is_empty());
            if let Some(first) = lines.next() {
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
            progress_lines.extend(lines.map(|l| l.trim().to_string()));
        }
        if let Some(column) = row.status.as_ref() {
            let text = join(column, "");
            match (vocab.status_value(&text, row.status_inverted), &status) {
                (Some(s), None) => status = Some(s),
                (Some(s), Some(p)) if s.code != p.code => warn(
                    first_location(column).unwrap_or(&row.location),
                    Some(&id),
                    WarningKind::StatusConflict,
                    format!(
                        "the status column says {} but the progress text says {}; the progress text is kept",
                        s.text, p.text
                    ),
                ),
                (None, _) if !text.is_empty() => warn(
                    first_location(column).unwrap_or(&row.location),
                    Some(&id),
                    WarningKind::Unparsed,
                    format!("status column value not understood: {text}"),
                ),
                _ => {}
            }
        }
        if status.is_none() && !row.orphan {
            let what = if progress_lines.is_empty() {
                "no status and no progress text (its progress may sit in a sibling's cell)"
            } else {
                "progress text without a status line"
            };
            warn(&row.location, Some(&id), WarningKind::NoStatus, what.to_string());
        }

        // Units and their roles; the lead unit.
        let cell_units = |f: &Option<Field<'_>>, notes: &mut Vec<Note>| {
            f.as_ref().map_or_else(Vec::new, |c| parse_units(c, notes))
        };
        let leads = cell_units(&row.lead, &mut notes);
        let responsible = cell_units(&row.units, &mut notes);
        let cooperating = cell_units(&row.cooperating, &mut notes);
        // The 责任单位 as listed (a lead unit listed elsewhere is not added, so
        // that persons still pair with them); without a 责任单位 column, the
        // lead units.
        let mut units: Vec<String> = Vec::new();
        let mut unit_roles: Vec<UnitRole> = Vec::new();
        let listed = if row.units.is_none() { &leads } else { &responsible };
        for u in listed {
            units.push(u.clone());
            unit_roles.push(if leads.contains(u) { UnitRole::Lead } else { UnitRole::Responsible });
        }
        for u in cooperating.iter().filter(|u| !units.contains(u)).collect::<Vec<_>>() {
            units.push(u.clone());
            unit_roles.push(UnitRole::Cooperating);
        }
        let persons = row.persons.as_ref().map_or_else(Vec::new, |c| parse_persons(c, &mut notes));
        if units.len() != persons.len() && !row.orphan && row.persons.is_some() {
            warn(
                &row.location,
                Some(&id),
                WarningKind::UnitPersonMismatch,
                format!("{} 责任单位 but {} 责任人; every entry kept", units.len(), persons.len()),
            );
        }
        for note in notes {
            warn(&note.location, Some(&id), note.kind, note.message);
        }
        let mut lead_unit = sub_lead.or_else(|| g.lead_unit.clone()).or_else(|| leads.first().cloned());
        let lead_inferred = lead_unit.is_none() && !units.is_empty();
        if lead_inferred {
            lead_unit = units.first().cloned();
        }
        for (role, u) in unit_roles.iter_mut().zip(&units) {
            if lead_unit.as_deref() == Some(u.as_str()) {
                *role = UnitRole::Lead;
            }
        }
        let text_of =
            |f: &Option<Field<'_>>, sep: &str| f.as_ref().map(|c| join(c, sep)).filter(|t| !t.is_empty());
        let problems = text_of(&row.problems, "\n").filter(|t| !says_none(t));
        section.tasks.push(Task {
            id,
            row: i + 1,
            seq: g.seq.clone(),
            seq_inferred: g.inferred,
            sub_no,
            sub_item,
            task: g.task.clone(),
            lead_unit,
            lead_inferred,
            units,
            unit_roles,
            persons,
            status,
            progress: progress_lines.join("\n"),
            problems_label: problems.as_ref().and(row.problems_label.clone()),
            problems,
            next_steps: text_of(&row.next, "\n"),
            deadline: text_of(&row.deadline, " "),
            remarks: text_of(&row.remarks, "\n"),
            extra: row.extra.clone(),
            location: row.location.clone(),
            line_start: row.line_start,
            line_end: row.line_end,
        });
    }
}

/// A row that holds a number and a task and nothing else.
fn is_group_head(row: &RoleRow<'_>) -> bool {
    let empty = |f: &Option<Field<'_>>| f.as_ref().is_none_or(|f| f.iter().all(|(_, l)| l.trim().is_empty()));
    row.task.is_some()
        && !row.orphan
        && [
            &row.sub,
            &row.units,
            &row.cooperating,
            &row.persons,
            &row.progress,
            &row.status,
            &row.next,
            &row.remarks,
        ]
        .into_iter()
        .all(empty)
        && row.problems.as_ref().is_none_or(|p| says_none(&join(p, "")))
        && row.extra.is_empty()
}

/// A row that continues the group above: merged into its number or task, or
/// a sub-item without a number of its own.
fn continues_group(row: &RoleRow<'_>) -> bool {
    let sub_task = row.task.as_ref().is_some_and(|t| SUB_ITEM.is_match(&join(t, "")));
    row.continues || (row.seq.is_none() && (row.sub.is_some() && row.task.is_none() || sub_task))
}

/// The sub-item number of the next row that continues a group, if it does.
fn next_sub_no(rows: &[RoleRow<'_>], from: usize, vocab: &Vocabulary) -> Option<u32> {
    let row = rows.get(from..)?.iter().take(64).find(|r| !r.orphan)?;
    parse_sub(row.sub.as_ref()?, vocab, 0).map(|(no, _, _)| no).filter(|n| *n > 0)
}

/// The first characters of a text, for messages.
pub(crate) fn preview(text: &str) -> String {
    let mut s: String = text.chars().take(30).collect();
    if text.chars().nth(30).is_some() {
        s.push('…');
    }
    s
}
