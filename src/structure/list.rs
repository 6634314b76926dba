//! The numbered-list layout: the same content as the table, written as
//! paragraphs.
//!
//! ```text
//! 一、经济发展（共9项）
//! 1.地区生产总值增长6.5%左右。
//! 牵头单位：市发展改革局；责任单位：市统计局、各区政府
//! 完成情况：1-11月，全市地区生产总值增长7.2%。序时推进。
//! 存在问题：……
//! 下一步工作：……
//! ```
//!
//! Items are numbered 1. / 1、 / （1）; a number starts a new item only when it
//! follows the previous item's number, so numbered paragraphs inside a
//! progress text stay in it. Labels (牵头单位, 责任单位, 责任人, 完成情况,
//! 进展情况, 存在问题, 下一步工作) may share a line, with full-width or ASCII
//! colons. The status is a clause of the progress text (序时推进, 已完成年度任务,
//! 滞后 …), at its start or its end.

use super::dump::Line;
use super::entries::{parse_persons, Note};
use super::model::{Section, Status, Task, UnitRole, Warning, WarningKind};
use super::vocabulary::{Field, Vocabulary};
use crate::input::Location;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:([0-9]{1,3})\s*[.．、]|[（(]([0-9]{1,3})[）)])\s*(.*)$").expect("valid regex")
});

/// Whether `line` starts a numbered item.
pub(crate) fn is_item(line: &str) -> bool {
    ITEM.is_match(line)
}

#[derive(Default)]
struct Item<'a> {
    number: u32,
    lines: Vec<(Location, Field, &'a str)>,
    /// The label of the problems paragraph (存在问题, 存在的问题).
    problems_label: Option<&'a str>,
}

/// Parses a section's lines (after its heading) in the list layout.
pub(crate) fn parse_section(
    section: &mut Section,
    lines: &[Line<'_>],
    vocab: &Vocabulary,
    warnings: &mut Vec<Warning>,
) {
    let sec = section.no;
    let mut warn = |at: &Location, task_id: Option<&str>, kind: WarningKind, message: String| {
        warnings.push(Warning::in_section(sec, at, task_id, kind, message));
    };
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut field = Field::Task;
    for (n, line) in lines {
        let line = *line;
        if line.trim().is_empty() {
            continue;
        }
        if let Some(c) = ITEM.captures(line) {
            let number: u32 = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            let expected = items.last().map_or(1, |i| i.number + 1);
            let in_text = matches!(field, Field::Progress | Field::Problems | Field::Next);
            // A number starts an item when it is the next one (or the first),
            // unless it continues a numbered list inside a progress text.
            if number == expected && !(in_text && number == 1) || items.is_empty() {
                items.push(Item { number, ..Item::default() });
                field = Field::Task;
                let rest = c.get(3).map_or("", |m| m.as_str());
                split_labels(rest, n, &mut field, items.last_mut(), vocab);
                continue;
            }
        }
        if items.is_empty() {
            warn(n, None, WarningKind::Unparsed, format!("text before the first item: {}", line.trim()));
            continue;
        }
        split_labels(line, n, &mut field, items.last_mut(), vocab);
    }

    let mut seen: HashSet<u32> = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let id = if seen.insert(item.number) {
            format!("{sec}-{}", item.number)
        } else {
            format!("{sec}-{}.{}", item.number, i + 1)
        };
        let text = |f: Field, sep: &str| -> String {
            item.lines
                .iter()
                .filter(|(_, g, _)| *g == f)
                .map(|(_, _, t)| t.trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(sep)
        };
        let lead = text(Field::Lead, "");
        let mut units: Vec<String> = Vec::new();
        for u in
            std::iter::once(lead.as_str()).chain(text(Field::Units, "、").split(['、', '，', ',', '；', ';']))
        {
            let u = u.trim().trim_end_matches(['。', '；', ';']);
            if !u.is_empty() && !units.iter().any(|x| x == u) {
                units.push(u.to_string());
            }
        }
        let mut notes: Vec<Note> = Vec::new();
        let person_lines: Vec<(Location, String)> = item
            .lines
            .iter()
            .filter(|(_, f, _)| *f == Field::Persons)
            .map(|(at, _, t)| (at.clone(), t.to_string()))
            .collect();
        let persons: Vec<String> = parse_persons(&person_lines, &mut notes);
        let (status, progress) = status_clause(&text(Field::Progress, "\n"), vocab);
        let problems = Some(text(Field::Problems, "\n")).filter(|p| !p.is_empty());
        let problems_label = problems.as_ref().and(item.problems_label).map(str::to_string);
        let location = item.lines.first().map_or(Location::Unknown, |(at, _, _)| at.clone());
        let line_start = location.line();
        let line_end = item.lines.iter().rev().find_map(|(at, _, _)| at.line()).or(line_start);
        if status.is_none() {
            warn(&location, Some(&id), WarningKind::NoStatus, "no status in the progress text".into());
        }
        for note in notes {
            warn(&note.location, Some(&id), note.kind, note.message);
        }
        let next = text(Field::Next, "\n");
        let lead_unit = Some(lead).filter(|l| !l.is_empty());
        let lead_inferred = lead_unit.is_none() && !units.is_empty();
        let lead_unit = lead_unit.or_else(|| units.first().cloned());
        let unit_roles = units
            .iter()
            .map(|u| {
                if lead_unit.as_deref() == Some(u.as_str()) {
                    UnitRole::Lead
                } else {
                    UnitRole::Responsible
                }
            })
            .collect();
        section.tasks.push(Task {
            id,
            row: i + 1,
            seq: item.number.to_string(),
            seq_inferred: false,
            sub_no: None,
            sub_item: None,
            task: text(Field::Task, ""),
            lead_unit,
            lead_inferred,
            units,
            unit_roles,
            persons,
            status,
            progress,
            problems,
            problems_label,
            next_steps: Some(next).filter(|n| !n.is_empty()),
            deadline: None,
            remarks: None,
            extra: Vec::new(),
            location,
            line_start,
            line_end,
        });
    }
}

/// Splits a line at its labels, filing each piece under its field.
fn split_labels<'a>(
    line: &'a str,
    n: &Location,
    field: &mut Field,
    item: Option<&mut Item<'a>>,
    vocab: &Vocabulary,
) {
    let Some(item) = item else { return };
    let mut at = 0;
    for m in vocab.label.captures_iter(line) {
        let (Some(all), Some(label)) = (m.get(0), m.get(1)) else { continue };
        let before = line.get(at..all.start()).unwrap_or_default().trim_end_matches(['；', ';', '，', ' ']);
        if !before.trim().is_empty() {
            item.lines.push((n.clone(), *field, before));
        }
        *field = vocab.field(label.as_str());
        if *field == Field::Problems {
            item.problems_label.get_or_insert(label.as_str());
        }
        at = all.end();
    }
    let rest = line.get(at..).unwrap_or_default();
    let rest = if at > 0 { rest.trim_end_matches(['；', ';']) } else { rest };
    if !rest.trim().is_empty() {
        item.lines.push((n.clone(), *field, rest));
    }
}

/// The status of a progress text written as a clause of it (序时推进。,
/// 已完成年度任务。), at its start or end; the progress without that clause.
fn status_clause(progress: &str, vocab: &Vocabulary) -> (Option<Status>, String) {
    let clauses: Vec<&str> = progress.split_inclusive(['。', '；', '，', '\n']).collect();
    let clause_status =
        |c: &str| vocab.parse_status(c).filter(|(_, rest)| rest.trim().is_empty()).map(|(s, _)| s);
    if let Some(last) = clauses.last() {
        if let Some(s) = clause_status(last) {
            let keep = progress.get(..progress.len() - last.len()).unwrap_or_default();
            return (Some(s), keep.trim().trim_end_matches(['，', ',']).to_string());
        }
    }
    if let Some(first) = clauses.first() {
        if let Some(s) = clause_status(first) {
            return (Some(s), progress.get(first.len()..).unwrap_or_default().trim().to_string());
        }
    }
    // A status inside the text, as a clause of its own: …。滞后。…
    for (k, c) in clauses.iter().enumerate() {
        if let Some(s) = clause_status(c) {
            let mut rest: Vec<&str> = clauses.clone();
            rest.remove(k);
            return (Some(s), rest.concat().trim().to_string());
        }
    }
    (None, progress.trim().to_string())
}
