//! Flat rows for spreadsheets: one struct per output file, fields in column
//! order, borrowing from the model.
//!
//! Each row type implements [`Row`], which gives its header (the field names,
//! in order) and its cells as typed [`Value`]s, so that no writer parses a
//! number or a date back from text. These names and orders are the contract
//! that users' scripts rely on: add fields only at the end.
//!
//! ```
//! let doc = jinzhan::parse("a.txt", "一、甲同志分管工作（共1项）\n\t1\n\t新增就业4.5万人。\n\t市人社局\n\t陈霞\n\t已完成。\n")?;
//! let report = jinzhan::extract::Analyzer::new().analyze(doc);
//! let task = jinzhan::record::tasks(&report).next().unwrap();
//! assert_eq!((task.task_id, task.status_code, task.lead_unit), ("1-1", "done", Some("市人社局")));
//! let mention = jinzhan::record::mentions(&report).next().unwrap();
//! use jinzhan::record::{Row, Value};
//! assert_eq!(mention.values()[7], Value::Decimal("45000".parse().unwrap()));
//! # Ok::<(), jinzhan::Error>(())
//! ```

use crate::compare::Comparison;
use crate::extract::{context, Date, Decimal, Field, Mention, Problem, ProblemKind, Report, TaskFindings};
use crate::input::Location;
use crate::structure::{Document, Section, StatusCode, Task};
use serde::Serialize;
use std::borrow::Cow;

/// A cell as the writers see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value: an empty cell.
    Empty,
    /// Text.
    Text(Cow<'a, str>),
    /// A whole number.
    Int(i64),
    /// An exact decimal.
    Decimal(Decimal),
    /// true or false.
    Bool(bool),
    /// A date (written as ISO 8601 in CSV).
    Date(Date),
}

impl Value<'_> {
    /// The cell as text: numbers as plain decimals, booleans as true/false,
    /// dates as ISO 8601, empty as "".
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(t) => Cow::Borrowed(t),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Decimal(d) => Cow::Owned(d.to_string()),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Date(d) => Cow::Owned(d.to_string()),
        }
    }
}

/// A row of an output table.
pub trait Row {
    /// The column names, in order.
    const HEADER: &'static [&'static str];
    /// The output file name, e.g. `tasks.csv`.
    const FILE: &'static str;
    /// The cells, in column order.
    fn values(&self) -> Vec<Value<'_>>;
}

/// Converts a field to its cell.
pub trait ToValue {
    /// The cell.
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for &str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for Cow<'_, str> {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                i64::try_from(*self).map_or_else(|_| Value::Text(Cow::Owned(self.to_string())), Value::Int)
            }
        }
    )*};
}
int_value!(u32, usize, i32, i64);

impl ToValue for Decimal {
    fn to_value(&self) -> Value<'_> {
        Value::Decimal(*self)
    }
}

impl ToValue for Date {
    fn to_value(&self) -> Value<'_> {
        Value::Date(*self)
    }
}

impl ToValue for &Location {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Owned(self.to_string()))
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Empty, ToValue::to_value)
    }
}

/// A 序号 as printed: a number cell when it is one (13), else text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Seq<'a>(pub &'a str);

impl ToValue for Seq<'_> {
    fn to_value(&self) -> Value<'_> {
        match self.0.parse::<i64>() {
            Ok(n) if !self.0.starts_with(['0', '+', '-']) || self.0 == "0" => Value::Int(n),
            _ => Value::Text(Cow::Borrowed(self.0)),
        }
    }
}

macro_rules! row {
    ($(#[$m:meta])* $name:ident => $file:literal { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct $name<'a> {
            $($(#[$fm])* pub $field: $ty,)*
        }
        impl Row for $name<'_> {
            const HEADER: &'static [&'static str] = &[$(stringify!($field)),*];
            const FILE: &'static str = $file;
            fn values(&self) -> Vec<Value<'_>> {
                vec![$(self.$field.to_value()),*]
            }
        }
    };
}

row! {
    /// A row of `tasks.csv`: one task row of the report.
    TaskRow => "tasks.csv" {
        /// The input's file name.
        source: &'a str,
        /// Unique id within the source, e.g. `4-13-2`.
        task_id: &'a str,
        /// 1-based position in the source.
        row: usize,
        /// Section number.
        section_no: u32,
        /// Section heading text.
        section: &'a str,
        /// The section's leader.
        leader: Option<&'a str>,
        /// N from （共N项）.
        declared_count: Option<u32>,
        /// The printed or inferred 序号.
        seq: Seq<'a>,
        /// Sub-item number.
        sub_no: Option<u32>,
        /// Sub-item text.
        sub_item: Option<&'a str>,
        /// The 工作任务 text.
        task: &'a str,
        /// The lead unit.
        lead_unit: Option<&'a str>,
        /// 责任单位 joined with `|`.
        units: String,
        /// 责任人 joined with `|`.
        persons: String,
        /// The status as printed, without ▲ and 。.
        status: Option<&'a str>,
        /// done, on_track, mostly_on_track, behind, adjusted, other, none.
        status_code: &'static str,
        /// True when the status says ▲ or 未按进度.
        behind_schedule: bool,
        /// The progress text after the status line.
        progress: &'a str,
        /// First source line of the row (text sources).
        line_start: Option<usize>,
        /// Last source line of the row (text sources).
        line_end: Option<usize>,
        /// True when any problem was found (see problems.csv).
        has_problem: bool,
        /// The kinds found, e.g. `explicit|status`.
        problem_kinds: String,
        /// The explicit section's text, else the first implicit sentence.
        problem: &'a str,
        /// The lowest completion over the task's level targets.
        completion: Option<Decimal>,
        /// The worst `met` over its targets: false, not_yet, unknown, true.
        target_met: Option<&'static str>,
        /// False when a level target is behind the calendar.
        on_pace: Option<bool>,
        /// The 下一步工作 text (a column or a label).
        next_steps: Option<&'a str>,
        /// Where the row is in the source: `line 256`, `table 2 row 5`, `Sheet1!A7`.
        location: &'a Location,
        /// Columns whose heading is not understood, as `heading: text`, joined with `|`.
        extra: String,
        /// True when the lead unit is the first responsible unit because no
        /// note or column names it.
        lead_inferred: bool,
        /// The 备注 column's text.
        remarks: Option<&'a str>,
    }
}

row! {
    /// A row of `targets.csv`: one quantified target with its actual.
    TargetRow => "targets.csv" {
        /// The input's file name.
        source: &'a str,
        /// The task row.
        task_id: &'a str,
        /// The clause that states the target.
        target_text: &'a str,
        /// What is measured.
        metric: &'a str,
        /// The target in the base unit.
        target_value: Option<Decimal>,
        /// The upper bound of a target range.
        target_max: Option<Decimal>,
        /// The base unit.
        unit: &'a str,
        /// level, rate or ceiling.
        kind: &'static str,
        /// at_least, at_most or exactly.
        direction: &'static str,
        /// The actual with its clause.
        actual_text: &'a str,
        /// The actual in the base unit.
        actual_value: Option<Decimal>,
        /// The date the actual refers to.
        as_of: Option<Date>,
        /// actual ÷ target (level targets).
        completion: Option<Decimal>,
        /// Share of the year elapsed at as_of (level targets).
        expected_by_now: Option<Decimal>,
        /// completion ≥ expected_by_now.
        on_pace: Option<bool>,
        /// true, false, not_yet or unknown.
        met: &'static str,
        /// high, medium or low.
        confidence: &'static str,
        /// Why the actual was taken, or why none was.
        reason: &'a str,
    }
}

row! {
    /// A row of `deadlines.csv`: one deadline of a task.
    DeadlineRow => "deadlines.csv" {
        /// The input's file name.
        source: &'a str,
        /// The task row.
        task_id: &'a str,
        /// The clause that states the deadline.
        text: &'a str,
        /// The last day.
        deadline: Option<Date>,
        /// met, late, missed, open or unknown.
        status: &'static str,
        /// The progress sentence that decides it.
        evidence: &'a str,
        /// Where it is stated: task (the task text) or deadline (the 完成时限 column).
        field: &'static str,
    }
}

row! {
    /// A row of `problems.csv`: one problem found in a task.
    ProblemRow => "problems.csv" {
        /// The input's file name.
        source: &'a str,
        /// The task row.
        task_id: &'a str,
        /// explicit, status, implicit, pace or deadline.
        kind: &'static str,
        /// The label, status or phrase.
        trigger: &'a str,
        /// The problem text.
        text: &'a str,
        /// Character offset of `text` in its field.
        start: Option<usize>,
        /// Character offset just past `text`.
        end: Option<usize>,
        /// The text the offsets are in: progress, or problems (a 存在问题 column or label).
        field: &'static str,
    }
}

/// A row type whose leading columns are `$lead` and whose other columns are
/// the fields of a [`Mention`], the same for mentions.csv and `jinzhan scan`.
macro_rules! mention_row_type {
    ($(#[$m:meta])* $name:ident => $file:literal { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        row! {
            $(#[$m])*
            $name => $file {
                $($(#[$fm])* $field: $ty,)*
                /// money, area, length, count, quantity, percent, percent_point, ratio, date, date_range.
                kind: &'static str,
                /// The mention's text.
                text: &'a str,
                /// Character offset of the start.
                start: usize,
                /// Character offset just past the end.
                end: usize,
                /// The value in the base unit.
                value: Option<Decimal>,
                /// The upper bound of a range.
                value_max: Option<Decimal>,
                /// The base unit.
                unit: &'static str,
                /// The number as written.
                number: &'a str,
                /// The unit as written.
                raw_unit: &'a str,
                /// 约, 超, 以上 … as written.
                approx: &'static str,
                /// 同比增长, 累计, 截至 …
                qualifier: &'static str,
                /// up, down or empty.
                direction: &'static str,
                /// First day of a date or period.
                date_start: Option<Date>,
                /// Last day, inclusive.
                date_end: Option<Date>,
                /// day, xun, month, quarter, half, year.
                precision: &'static str,
                /// What is measured.
                subject: &'a str,
                /// Up to 20 characters either side.
                context: Cow<'a, str>,
                /// True for a date resolved from a word relative to the report's year (今年, 去年5月, 全年).
                relative: bool,
                /// actual, plan, target, forecast, part, comparison or other.
                role: &'static str,
                /// For a part (其中 …): the 0-based index of its whole among the rows of the same task and field.
                part_of: Option<usize>,
            }
        }
    };
}

mention_row_type! {
    /// A row of `mentions.csv`: one mention in a task's text.
    MentionRow => "mentions.csv" {
        /// The input's file name.
        source: &'a str,
        /// The task row.
        task_id: &'a str,
        /// task, progress or problems.
        field: &'static str,
    }
}

mention_row_type! {
    /// A row of `jinzhan scan` output: one mention in a line of plain text.
    ScanRow => "scan.csv" {
        /// 1-based input line.
        line: usize,
    }
}

macro_rules! mention_row {
    ($ty:ident { $($extra:ident: $val:expr),* } from $m:expr, in $text:expr) => {{
        let m: &Mention = $m;
        $ty {
            $($extra: $val,)*
            kind: m.kind.as_str(),
            text: &m.text,
            start: m.start,
            end: m.end,
            value: m.value,
            value_max: m.value_max,
            unit: m.unit,
            number: &m.number,
            raw_unit: &m.raw_unit,
            approx: m.approx,
            qualifier: m.qualifier,
            direction: m.direction.map_or("", |d| d.as_str()),
            date_start: m.date_start,
            date_end: m.date_end,
            precision: m.precision.map_or("", |p| p.as_str()),
            subject: &m.subject,
            context: context($text, m.byte_start, m.byte_end),
            relative: m.relative,
            role: m.role.as_str(),
            part_of: m.part_of,
        }
    }};
}

/// The text of a task a field names.
fn field_text(task: &Task, field: Field) -> &str {
    match field {
        Field::Task => &task.task,
        Field::Progress => &task.progress,
        Field::Problems => task.problems.as_deref().unwrap_or(""),
        Field::Deadline => task.deadline.as_deref().unwrap_or(""),
    }
}

/// A `mentions.csv` row for mention `m` in `field` of `task`.
pub fn mention<'a>(source: &'a str, task: &'a Task, field: Field, m: &'a Mention) -> MentionRow<'a> {
    mention_row!(MentionRow { source: source, task_id: &task.id, field: field.as_str() } from m, in field_text(task, field))
}

/// The `mentions.csv` rows of a task: the mentions of its `task`,
/// `progress` and `problems` text, in text order.
pub fn task_mentions<'a>(
    source: &'a str,
    t: &'a Task,
    f: &'a TaskFindings,
) -> impl Iterator<Item = MentionRow<'a>> {
    f.mentions().map(move |(field, m)| mention(source, t, field, m))
}

/// The `mentions.csv` rows of a report, in document and text order.
pub fn mentions(report: &Report) -> impl Iterator<Item = MentionRow<'_>> {
    let source = report.document.source.as_str();
    report.tasks().flat_map(move |(_, t, f)| task_mentions(source, t, f))
}

/// A `jinzhan scan` row for mention `m` on input line `line` with text `text`.
pub fn scan<'a>(line: usize, text: &'a str, m: &'a Mention) -> ScanRow<'a> {
    mention_row!(ScanRow { line: line } from m, in text)
}

row! {
    /// A row of `assignments.csv`: one responsible unit with its person.
    AssignmentRow => "assignments.csv" {
        /// The input's file name.
        source: &'a str,
        /// The task row.
        task_id: &'a str,
        /// The unit (empty where the persons cell lists more entries).
        unit: &'a str,
        /// The person (empty where the units cell lists more entries).
        person: &'a str,
        /// True when the unit is the task's lead unit.
        is_lead: bool,
        /// lead, responsible or cooperating (empty where the persons cell lists more entries).
        role: &'static str,
    }
}

row! {
    /// A row of `documents.csv`: one input report.
    DocumentRow => "documents.csv" {
        /// The input's file name.
        source: &'a str,
        /// The report's title.
        title: Option<&'a str>,
        /// The report's year.
        year: Option<i32>,
        /// The period covered, e.g. 1-9月.
        period: Option<&'a str>,
        /// The total declared under the title.
        declared_total: Option<u32>,
        /// Tasks reconstructed (distinct numbers, counting lost rows).
        tasks_found: usize,
        /// Number of sections.
        sections: usize,
        /// Number of warnings.
        warnings: usize,
        /// ok, or failed when the input could not be read.
        status: &'static str,
        /// Why the input failed, empty when ok.
        error: &'a str,
    }
}

row! {
    /// A row of `warnings.csv`: one irregularity.
    WarningRow => "warnings.csv" {
        /// The input's file name.
        source: &'a str,
        /// 1-based input line (text sources).
        line: Option<usize>,
        /// Section number, if any.
        section_no: Option<u32>,
        /// Task row, if any.
        task_id: Option<&'a str>,
        /// The kind, e.g. orphan_text.
        kind: &'static str,
        /// A sentence for a person.
        message: &'a str,
        /// Where in the source: `line 256`, `table 2 row 5 cell 3`, `Sheet1!B7`.
        location: &'a Location,
    }
}

/// The `tasks.csv` row of a task.
pub fn task<'a>(source: &'a str, s: &'a Section, t: &'a Task, f: &'a TaskFindings) -> TaskRow<'a> {
    let p = f.problems.as_slice();
    TaskRow {
        source,
        task_id: &t.id,
        row: t.row,
        section_no: s.no,
        section: &s.heading,
        leader: s.leader.as_deref(),
        declared_count: s.declared_count,
        seq: Seq(&t.seq),
        sub_no: t.sub_no,
        sub_item: t.sub_item.as_deref(),
        task: &t.task,
        lead_unit: t.lead_unit.as_deref(),
        units: t.units.join("|"),
        persons: t.persons.join("|"),
        status: t.status.as_ref().map(|s| s.text.as_str()),
        status_code: t.status.as_ref().map_or(StatusCode::None, |s| s.code).as_str(),
        behind_schedule: t.status.as_ref().is_some_and(|s| s.behind_schedule),
        progress: &t.progress,
        line_start: t.line_start,
        line_end: t.line_end,
        has_problem: !p.is_empty(),
        problem_kinds: problem_kinds(p),
        problem: p
            .iter()
            .find(|x| x.kind == ProblemKind::Explicit)
            .or_else(|| p.iter().find(|x| x.kind == ProblemKind::Implicit))
            .map_or("", |x| x.text.as_str()),
        completion: lowest_completion(f),
        target_met: f.targets.iter().map(|t| t.met).min().map(|m| m.as_str()),
        on_pace: f.targets.iter().filter_map(|t| t.on_pace).reduce(|a, b| a && b),
        next_steps: t.next_steps.as_deref(),
        location: &t.location,
        extra: t.extra.iter().map(|(h, v)| format!("{h}: {v}")).collect::<Vec<_>>().join("|"),
        lead_inferred: t.lead_inferred,
        remarks: t.remarks.as_deref(),
    }
}

/// The lowest completion over a task's level targets.
fn lowest_completion(f: &TaskFindings) -> Option<Decimal> {
    f.targets.iter().filter_map(|t| t.completion).min_by(|a, b| a.to_f64().total_cmp(&b.to_f64()))
}

/// The `tasks.csv` rows of a report, in document order.
pub fn tasks(report: &Report) -> impl Iterator<Item = TaskRow<'_>> {
    let source = report.document.source.as_str();
    report.tasks().map(move |(s, t, f)| task(source, s, t, f))
}

/// The `targets.csv` rows of a report.
pub fn targets(report: &Report) -> impl Iterator<Item = TargetRow<'_>> {
    let source = report.document.source.as_str();
    report.tasks().flat_map(move |(_, task, f)| task_targets(source, task, f))
}

/// The `targets.csv` rows of a task.
pub fn task_targets<'a>(
    source: &'a str,
    task: &'a Task,
    f: &'a TaskFindings,
) -> impl Iterator<Item = TargetRow<'a>> {
    {
        f.targets.iter().map(move |t| TargetRow {
            source,
            task_id: &task.id,
            target_text: &t.target_text,
            metric: &t.metric,
            target_value: t.target_value,
            target_max: t.target_max,
            unit: t.unit,
            kind: t.kind.as_str(),
            direction: t.direction.as_str(),
            actual_text: &t.actual_text,
            actual_value: t.actual_value,
            as_of: t.as_of,
            completion: t.completion,
            expected_by_now: t.expected_by_now,
            on_pace: t.on_pace,
            met: t.met.as_str(),
            confidence: t.confidence.as_str(),
            reason: &t.reason,
        })
    }
}

/// The `deadlines.csv` rows of a report.
pub fn deadlines(report: &Report) -> impl Iterator<Item = DeadlineRow<'_>> {
    let source = report.document.source.as_str();
    report.tasks().flat_map(move |(_, task, f)| task_deadlines(source, task, f))
}

/// The `deadlines.csv` rows of a task.
pub fn task_deadlines<'a>(
    source: &'a str,
    task: &'a Task,
    f: &'a TaskFindings,
) -> impl Iterator<Item = DeadlineRow<'a>> {
    f.deadlines.iter().map(move |d| DeadlineRow {
        source,
        task_id: &task.id,
        text: &d.text,
        deadline: d.deadline,
        status: d.status.as_str(),
        evidence: &d.evidence,
        field: d.field.as_str(),
    })
}

/// The kinds of `problems`, each once, in the order explicit, status, implicit.
pub fn problem_kinds(problems: &[Problem]) -> String {
    let mut kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|")
}

/// The `problems.csv` rows of a report, in document order.
pub fn problems(report: &Report) -> impl Iterator<Item = ProblemRow<'_>> {
    let source = report.document.source.as_str();
    report.tasks().flat_map(move |(_, t, f)| task_problems(source, t, f))
}

/// The `problems.csv` rows of a task.
pub fn task_problems<'a>(
    source: &'a str,
    t: &'a Task,
    f: &'a TaskFindings,
) -> impl Iterator<Item = ProblemRow<'a>> {
    f.problems.iter().map(move |x| ProblemRow {
        source,
        task_id: &t.id,
        kind: x.kind.as_str(),
        trigger: &x.trigger,
        text: &x.text,
        start: x.start,
        end: x.end,
        field: x.field.as_str(),
    })
}

/// The `assignments.csv` rows: units and persons paired in order.
pub fn assignments(doc: &Document) -> impl Iterator<Item = AssignmentRow<'_>> {
    let source = doc.source.as_str();
    doc.sections.iter().flat_map(|s| &s.tasks).flat_map(move |t| task_assignments(source, t))
}

/// The `assignments.csv` rows of a task.
pub fn task_assignments<'a>(source: &'a str, t: &'a Task) -> impl Iterator<Item = AssignmentRow<'a>> {
    (0..t.units.len().max(t.persons.len())).map(move |i| {
        let unit = t.units.get(i).map_or("", String::as_str);
        AssignmentRow {
            source,
            task_id: &t.id,
            is_lead: !unit.is_empty() && t.lead_unit.as_deref() == Some(unit),
            unit,
            person: t.persons.get(i).map_or("", String::as_str),
            role: t.unit_roles.get(i).map_or("", |r| r.as_str()),
        }
    })
}

/// The `documents.csv` row of a document.
pub fn document(doc: &Document) -> DocumentRow<'_> {
    DocumentRow {
        source: &doc.source,
        title: doc.title.as_deref(),
        year: doc.year,
        period: doc.period.as_deref(),
        declared_total: doc.declared_total,
        tasks_found: doc.sections.iter().map(|s| s.task_count()).sum(),
        sections: doc.sections.len(),
        warnings: doc.warnings.len(),
        status: "ok",
        error: "",
    }
}

/// The `documents.csv` row of an input that could not be read.
pub fn failed_document<'a>(source: &'a str, error: &'a str) -> DocumentRow<'a> {
    DocumentRow {
        source,
        title: None,
        year: None,
        period: None,
        declared_total: None,
        tasks_found: 0,
        sections: 0,
        warnings: 0,
        status: "failed",
        error,
    }
}

/// The `warnings.csv` rows of a document.
pub fn warnings(doc: &Document) -> impl Iterator<Item = WarningRow<'_>> {
    doc.warnings.iter().map(|w| WarningRow {
        source: &doc.source,
        line: w.line(),
        section_no: w.section_no,
        task_id: w.task_id.as_deref(),
        kind: w.kind.as_str(),
        message: &w.message,
        location: &w.location,
    })
}

row! {
    /// A row of `task_map.csv`: one task of a report paired with one of the
    /// next, or left without a partner.
    TaskMapRow => "task_map.csv" {
        /// The earlier report.
        old_source: &'a str,
        /// The task there; empty for a task added in the later report.
        old_task_id: Option<&'a str>,
        /// The later report.
        new_source: &'a str,
        /// The task there; empty for a task removed.
        new_task_id: Option<&'a str>,
        /// How alike the two are, 0 to 1 (empty for an unpaired task).
        score: Option<Decimal>,
        /// exact, similar, moved, doubtful; added or removed for a task
        /// without a partner.
        method: &'static str,
    }
}

row! {
    /// A row of `changes.csv`: one change of one task between two reports.
    ChangeRow => "changes.csv" {
        /// The earlier report.
        old_source: &'a str,
        /// The later report.
        new_source: &'a str,
        /// The task in the earlier report (empty when added).
        old_task_id: Option<&'a str>,
        /// The task in the later report (empty when removed).
        new_task_id: Option<&'a str>,
        /// added, removed, slipped, recovered, completed, status,
        /// problem_new, problem_resolved, figure, target, person, unit, deadline.
        change: &'static str,
        /// What changed: status, persons, lead_unit, units, a problem kind,
        /// a figure's subject, a target's metric, a deadline.
        field: &'a str,
        /// The value before.
        old: &'a str,
        /// The value after.
        new: &'a str,
        /// The change in words, and a doubtful pair's score.
        detail: &'a str,
    }
}

row! {
    /// A row of `timeline.csv`: one task in one report of a series.
    TimelineRow => "timeline.csv" {
        /// The chain of matched tasks: `source#task_id` where it starts.
        task_key: &'a str,
        /// The report.
        source: &'a str,
        /// The report's period as printed (1-9月).
        period: Option<&'a str>,
        /// The task in that report.
        task_id: &'a str,
        /// The task's status code there.
        status_code: &'static str,
        /// True when it has problems there.
        has_problem: bool,
        /// Lowest completion of its level targets there.
        completion: Option<Decimal>,
    }
}

/// The `task_map.csv` rows of a comparison: the pairs in the later report's
/// order, then the added and the removed tasks.
pub fn task_map<'a>(c: &'a Comparison<'a>) -> Vec<TaskMapRow<'a>> {
    let ids = |r: &'a Report| r.tasks().map(|(_, t, _)| t.id.as_str()).collect::<Vec<_>>();
    let (a, b) = (ids(c.old), ids(c.new));
    let row = |old: Option<usize>, new: Option<usize>, score: Option<f64>, method: &'static str| TaskMapRow {
        old_source: &c.old.document.source,
        old_task_id: old.and_then(|i| a.get(i).copied()),
        new_source: &c.new.document.source,
        new_task_id: new.and_then(|j| b.get(j).copied()),
        score: score.and_then(|s| format!("{s:.3}").parse().ok()),
        method,
    };
    let mut rows: Vec<TaskMapRow<'a>> =
        c.map.pairs.iter().map(|p| row(Some(p.old), Some(p.new), Some(p.score), p.method.as_str())).collect();
    rows.extend(c.map.added.iter().map(|&j| row(None, Some(j), None, "added")));
    rows.extend(c.map.removed.iter().map(|&i| row(Some(i), None, None, "removed")));
    rows
}

/// The `changes.csv` rows of a comparison.
pub fn changes<'a>(c: &'a Comparison<'a>) -> Vec<ChangeRow<'a>> {
    let ids = |r: &'a Report| r.tasks().map(|(_, t, _)| t.id.as_str()).collect::<Vec<_>>();
    let (a, b) = (ids(c.old), ids(c.new));
    c.changes
        .iter()
        .map(|ch| ChangeRow {
            old_source: &c.old.document.source,
            new_source: &c.new.document.source,
            old_task_id: ch.old.and_then(|i| a.get(i).copied()),
            new_task_id: ch.new.and_then(|j| b.get(j).copied()),
            change: ch.change.as_str(),
            field: &ch.field,
            old: &ch.old_value,
            new: &ch.new_value,
            detail: &ch.detail,
        })
        .collect()
}

/// The `timeline.csv` rows of a report of a series, with its tasks' keys
/// (from [`Series::push`](crate::compare::Series::push)).
pub fn timeline<'a>(report: &'a Report, keys: &'a [String]) -> impl Iterator<Item = TimelineRow<'a>> {
    report.tasks().zip(keys).map(|((_, t, f), key)| TimelineRow {
        task_key: key,
        source: &report.document.source,
        period: report.document.period.as_deref(),
        task_id: &t.id,
        status_code: t.status.as_ref().map_or(StatusCode::None, |s| s.code).as_str(),
        has_problem: !f.problems.is_empty(),
        completion: lowest_completion(f),
    })
}
