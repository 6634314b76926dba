//! Flat rows for spreadsheets: one struct per output file, fields in column order.
//!
//! Each row type implements [`Row`], which gives its header (the field names,
//! in order) and its cells as text. These names and orders are the contract
//! that users' scripts rely on: add fields only at the end.

use crate::extract::{Decimal, Mention, Problem, ProblemKind, Report};
use crate::structure::{Document, StatusCode};
use serde::Serialize;

/// A row of an output table.
pub trait Row {
    /// The column names, in order.
    const HEADER: &'static [&'static str];
    /// The output file name, e.g. `tasks.csv`.
    const FILE: &'static str;
    /// The cells as text: numbers as plain decimals, booleans as true/false,
    /// missing values as empty strings.
    fn fields(&self) -> Vec<String>;
}

/// Converts a field value to its cell text.
pub trait ToField {
    /// The cell text.
    fn to_field(&self) -> String;
}

impl ToField for String {
    fn to_field(&self) -> String {
        self.clone()
    }
}

impl ToField for bool {
    fn to_field(&self) -> String {
        self.to_string()
    }
}

macro_rules! display_field {
    ($($t:ty),*) => {$(
        impl ToField for $t {
            fn to_field(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_field!(u32, usize, i32, i64, Decimal, crate::input::Location);

impl<T: ToField> ToField for Option<T> {
    fn to_field(&self) -> String {
        self.as_ref().map(ToField::to_field).unwrap_or_default()
    }
}

macro_rules! row {
    ($(#[$m:meta])* $name:ident => $file:literal { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct $name {
            $($(#[$fm])* pub $field: $ty,)*
        }
        impl Row for $name {
            const HEADER: &'static [&'static str] = &[$(stringify!($field)),*];
            const FILE: &'static str = $file;
            fn fields(&self) -> Vec<String> {
                vec![$(self.$field.to_field()),*]
            }
        }
    };
}

row! {
    /// A row of `tasks.csv`: one task row of the report.
    TaskRow => "tasks.csv" {
        /// The input's file name.
        source: String,
        /// Unique id within the source, e.g. `4-13-2`.
        task_id: String,
        /// 1-based position in the source.
        row: usize,
        /// Section number.
        section_no: u32,
        /// Section heading text.
        section: String,
        /// The section's leader.
        leader: Option<String>,
        /// N from （共N项）.
        declared_count: Option<u32>,
        /// The printed or inferred 序号.
        seq: String,
        /// Sub-item number.
        sub_no: Option<u32>,
        /// Sub-item text.
        sub_item: Option<String>,
        /// The 工作任务 text.
        task: String,
        /// The lead unit from the （牵头单位：…） note.
        lead_unit: Option<String>,
        /// 责任单位 joined with `|`.
        units: String,
        /// 责任人 joined with `|`.
        persons: String,
        /// The status as printed, without ▲ and 。.
        status: Option<String>,
        /// done, on_track, mostly_on_track, behind, adjusted, other, none.
        status_code: String,
        /// True when the status says ▲ or 未按进度.
        behind_schedule: bool,
        /// The progress text after the status line.
        progress: String,
        /// First source line of the row (text sources).
        line_start: Option<usize>,
        /// Last source line of the row (text sources).
        line_end: Option<usize>,
        /// True when any problem was found (see problems.csv).
        has_problem: bool,
        /// The kinds found, e.g. `explicit|status`.
        problem_kinds: String,
        /// The explicit section's text, else the first implicit sentence.
        problem: String,
        /// The lowest completion over the task's level targets.
        completion: Option<Decimal>,
        /// The worst `met` over its targets: false, not_yet, unknown, true.
        target_met: Option<String>,
        /// False when a level target is behind the calendar.
        on_pace: Option<bool>,
        /// The 下一步工作 text (a column or a label).
        next_steps: Option<String>,
        /// Where the row is in the source: `line 256`, `table 2 row 5`, `Sheet1!A7`.
        location: crate::input::Location,
        /// Columns whose heading is not understood, as `heading: text`, joined with `|`.
        extra: String,
        /// True when the lead unit is the first responsible unit because no
        /// note or column names it.
        lead_inferred: bool,
        /// The 备注 column's text.
        remarks: Option<String>,
    }
}

row! {
    /// A row of `targets.csv`: one quantified target with its actual.
    TargetRow => "targets.csv" {
        /// The input's file name.
        source: String,
        /// The task row.
        task_id: String,
        /// The clause that states the target.
        target_text: String,
        /// What is measured.
        metric: String,
        /// The target in the base unit.
        target_value: Option<Decimal>,
        /// The upper bound of a target range.
        target_max: Option<Decimal>,
        /// The base unit.
        unit: String,
        /// level, rate or ceiling.
        kind: String,
        /// at_least, at_most or exactly.
        direction: String,
        /// The actual with its clause.
        actual_text: String,
        /// The actual in the base unit.
        actual_value: Option<Decimal>,
        /// The date the actual refers to.
        as_of: Option<String>,
        /// actual ÷ target (level targets).
        completion: Option<Decimal>,
        /// Share of the year elapsed at as_of (level targets).
        expected_by_now: Option<Decimal>,
        /// completion ≥ expected_by_now.
        on_pace: Option<bool>,
        /// true, false, not_yet or unknown.
        met: String,
        /// high, medium or low.
        confidence: String,
        /// Why the actual was taken, or why none was.
        reason: String,
    }
}

row! {
    /// A row of `deadlines.csv`: one deadline of a task's text.
    DeadlineRow => "deadlines.csv" {
        /// The input's file name.
        source: String,
        /// The task row.
        task_id: String,
        /// The clause that states the deadline.
        text: String,
        /// The last day (ISO).
        deadline: String,
        /// met, late, missed, open or unknown.
        status: String,
        /// The progress sentence that decides it.
        evidence: String,
        /// Where it is stated: task (the task text) or deadline (the 完成时限 column).
        field: String,
    }
}

row! {
    /// A row of `problems.csv`: one problem found in a task.
    ProblemRow => "problems.csv" {
        /// The input's file name.
        source: String,
        /// The task row.
        task_id: String,
        /// explicit, status or implicit.
        kind: String,
        /// The label, status or phrase.
        trigger: String,
        /// The problem text.
        text: String,
        /// Character offset of `text` in the task's progress.
        start: Option<usize>,
        /// Character offset just past `text`.
        end: Option<usize>,
        /// The text the offsets are in: progress, or problems (a 存在问题 column or label).
        field: String,
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
                kind: String,
                /// The mention's text.
                text: String,
                /// Character offset of the start.
                start: usize,
                /// Character offset just past the end.
                end: usize,
                /// The value in the base unit.
                value: Option<Decimal>,
                /// The upper bound of a range.
                value_max: Option<Decimal>,
                /// The base unit.
                unit: String,
                /// The number as written.
                number: String,
                /// The unit as written.
                raw_unit: String,
                /// 约, 超, 以上 … as written.
                approx: String,
                /// 同比增长, 累计, 截至 …
                qualifier: String,
                /// up, down or empty.
                direction: String,
                /// First day of a date or period (ISO 8601).
                date_start: Option<String>,
                /// Last day, inclusive.
                date_end: Option<String>,
                /// day, xun, month, quarter, half, year.
                precision: String,
                /// What is measured.
                subject: String,
                /// Up to 20 characters either side.
                context: String,
            }
        }
    };
}

mention_row_type! {
    /// A row of `mentions.csv`: one mention in a task's text.
    MentionRow => "mentions.csv" {
        /// The input's file name.
        source: String,
        /// The task row.
        task_id: String,
        /// task, progress or problems.
        field: String,
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
    ($ty:ident { $($extra:ident: $val:expr),* } from $m:expr) => {{
        let m: &Mention = $m;
        $ty {
            $($extra: $val,)*
            kind: m.kind.as_str().to_string(),
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            value: m.value,
            value_max: m.value_max,
            unit: m.unit.clone(),
            number: m.number.clone(),
            raw_unit: m.raw_unit.clone(),
            approx: m.approx.clone(),
            qualifier: m.qualifier.clone(),
            direction: m.direction.map(|d| d.as_str().to_string()).unwrap_or_default(),
            date_start: m.date_start.clone(),
            date_end: m.date_end.clone(),
            precision: m.precision.map(|p| p.as_str().to_string()).unwrap_or_default(),
            subject: m.subject.clone(),
            context: m.context.clone(),
        }
    }};
}

/// A `mentions.csv` row for mention `m` in `field` of task `task_id`.
pub fn mention(source: &str, task_id: &str, field: &str, m: &Mention) -> MentionRow {
    mention_row!(MentionRow { source: source.to_string(), task_id: task_id.to_string(), field: field.to_string() } from m)
}

/// The `mentions.csv` rows of a report: the mentions of each task's `task`
/// and `progress` text, in document and text order.
pub fn mentions(report: &Report) -> Vec<MentionRow> {
    let source = &report.document.source;
    report
        .tasks()
        .flat_map(|(_, t, f)| {
            let task = f.task_mentions.iter().map(move |m| mention(source, &t.id, "task", m));
            task.chain(f.progress_mentions.iter().map(move |m| mention(source, &t.id, "progress", m)))
        })
        .collect()
}

/// A `jinzhan scan` row for mention `m` on input line `line`.
pub fn scan(line: usize, m: &Mention) -> ScanRow {
    mention_row!(ScanRow { line: line } from m)
}

row! {
    /// A row of `assignments.csv`: one responsible unit with its person.
    AssignmentRow => "assignments.csv" {
        /// The input's file name.
        source: String,
        /// The task row.
        task_id: String,
        /// The unit (empty where the persons cell lists more entries).
        unit: String,
        /// The person (empty where the units cell lists more entries).
        person: String,
        /// True when the unit is the task's lead unit.
        is_lead: bool,
        /// lead, responsible or cooperating (empty where the persons cell lists more entries).
        role: String,
    }
}

row! {
    /// A row of `documents.csv`: one input report.
    DocumentRow => "documents.csv" {
        /// The input's file name.
        source: String,
        /// The report's title.
        title: Option<String>,
        /// The report's year.
        year: Option<i32>,
        /// The period covered, e.g. 1-9月.
        period: Option<String>,
        /// The total declared under the title.
        declared_total: Option<u32>,
        /// Tasks reconstructed (distinct numbers, counting lost rows).
        tasks_found: usize,
        /// Number of sections.
        sections: usize,
        /// Number of warnings.
        warnings: usize,
        /// ok, or failed when the input could not be read.
        status: String,
        /// Why the input failed, empty when ok.
        error: String,
    }
}

row! {
    /// A row of `warnings.csv`: one irregularity.
    WarningRow => "warnings.csv" {
        /// The input's file name.
        source: String,
        /// 1-based input line (text sources).
        line: Option<usize>,
        /// Section number, if any.
        section_no: Option<u32>,
        /// Task row, if any.
        task_id: Option<String>,
        /// The kind, e.g. orphan_text.
        kind: String,
        /// A sentence for a person.
        message: String,
        /// Where in the source: `line 256`, `table 2 row 5 cell 3`, `Sheet1!B7`.
        location: crate::input::Location,
    }
}

/// The `tasks.csv` rows of a report, in document order.
pub fn tasks(report: &Report) -> Vec<TaskRow> {
    let doc = &report.document;
    report
        .tasks()
        .map(|(s, t, f)| (s, t, f, f.problems.as_slice()))
        .map(|(s, t, f, p)| TaskRow {
            source: doc.source.clone(),
            task_id: t.id.clone(),
            row: t.row,
            section_no: s.no,
            section: s.heading.clone(),
            leader: s.leader.clone(),
            declared_count: s.declared_count,
            seq: t.seq.clone(),
            sub_no: t.sub_no,
            sub_item: t.sub_item.clone(),
            task: t.task.clone(),
            lead_unit: t.lead_unit.clone(),
            units: t.units.join("|"),
            persons: t.persons.join("|"),
            status: t.status.as_ref().map(|s| s.text.clone()),
            status_code: t.status.as_ref().map_or(StatusCode::None, |s| s.code).as_str().to_string(),
            behind_schedule: t.status.as_ref().is_some_and(|s| s.behind_schedule),
            progress: t.progress.clone(),
            line_start: t.line_start,
            line_end: t.line_end,
            location: t.location.clone(),
            extra: t.extra.iter().map(|(h, v)| format!("{h}: {v}")).collect::<Vec<_>>().join("|"),
            lead_inferred: t.lead_inferred,
            remarks: t.remarks.clone(),
            completion: f
                .targets
                .iter()
                .filter_map(|t| t.completion)
                .min_by(|a, b| a.to_f64().total_cmp(&b.to_f64())),
            target_met: f.targets.iter().map(|t| t.met).min().map(|m| m.as_str().to_string()),
            on_pace: f.targets.iter().filter_map(|t| t.on_pace).reduce(|a, b| a && b),
            next_steps: t.next_steps.clone(),
            has_problem: !p.is_empty(),
            problem_kinds: problem_kinds(p),
            problem: p
                .iter()
                .find(|x| x.kind == ProblemKind::Explicit)
                .or_else(|| p.iter().find(|x| x.kind == ProblemKind::Implicit))
                .map(|x| x.text.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The `targets.csv` rows of a report.
pub fn targets(report: &Report) -> Vec<TargetRow> {
    report
        .tasks()
        .flat_map(|(_, task, f)| {
            f.targets.iter().map(move |t| TargetRow {
                source: report.document.source.clone(),
                task_id: task.id.clone(),
                target_text: t.target_text.clone(),
                metric: t.metric.clone(),
                target_value: t.target_value,
                target_max: t.target_max,
                unit: t.unit.clone(),
                kind: t.kind.as_str().to_string(),
                direction: t.direction.as_str().to_string(),
                actual_text: t.actual_text.clone(),
                actual_value: t.actual_value,
                as_of: t.as_of.clone(),
                completion: t.completion,
                expected_by_now: t.expected_by_now,
                on_pace: t.on_pace,
                met: t.met.as_str().to_string(),
                confidence: t.confidence.as_str().to_string(),
                reason: t.reason.clone(),
            })
        })
        .collect()
}

/// The `deadlines.csv` rows of a report.
pub fn deadlines(report: &Report) -> Vec<DeadlineRow> {
    report
        .tasks()
        .flat_map(|(_, task, f)| {
            f.deadlines.iter().map(move |d| DeadlineRow {
                source: report.document.source.clone(),
                task_id: task.id.clone(),
                text: d.text.clone(),
                deadline: d.deadline.clone(),
                status: d.status.as_str().to_string(),
                evidence: d.evidence.clone(),
                field: d.field.as_str().to_string(),
            })
        })
        .collect()
}

/// The kinds of `problems`, each once, in the order explicit, status, implicit.
pub fn problem_kinds(problems: &[Problem]) -> String {
    let mut kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|")
}

/// The `problems.csv` rows of a report, in document order.
pub fn problems(report: &Report) -> Vec<ProblemRow> {
    let doc = &report.document;
    report
        .tasks()
        .flat_map(|(_, t, f)| {
            f.problems.iter().map(|x| ProblemRow {
                source: doc.source.clone(),
                task_id: t.id.clone(),
                kind: x.kind.as_str().to_string(),
                trigger: x.trigger.clone(),
                text: x.text.clone(),
                start: x.start,
                end: x.end,
                field: x.field.as_str().to_string(),
            })
        })
        .collect()
}

/// The `assignments.csv` rows: units and persons paired in order.
pub fn assignments(doc: &Document) -> Vec<AssignmentRow> {
    let mut out = Vec::new();
    for t in doc.sections.iter().flat_map(|s| &s.tasks) {
        for i in 0..t.units.len().max(t.persons.len()) {
            let unit = t.units.get(i).cloned().unwrap_or_default();
            out.push(AssignmentRow {
                source: doc.source.clone(),
                task_id: t.id.clone(),
                is_lead: !unit.is_empty() && t.lead_unit.as_deref() == Some(unit.as_str()),
                unit,
                person: t.persons.get(i).cloned().unwrap_or_default(),
                role: t.unit_roles.get(i).map(|r| r.as_str().to_string()).unwrap_or_default(),
            });
        }
    }
    out
}

/// The `documents.csv` row of a document.
pub fn document(doc: &Document) -> DocumentRow {
    DocumentRow {
        source: doc.source.clone(),
        title: doc.title.clone(),
        year: doc.year,
        period: doc.period.clone(),
        declared_total: doc.declared_total,
        tasks_found: doc.sections.iter().map(|s| s.task_count()).sum(),
        sections: doc.sections.len(),
        warnings: doc.warnings.len(),
        status: "ok".into(),
        error: String::new(),
    }
}

/// The `documents.csv` row of an input that could not be read.
pub fn failed_document(source: &str, error: &str) -> DocumentRow {
    DocumentRow {
        source: source.to_string(),
        title: None,
        year: None,
        period: None,
        declared_total: None,
        tasks_found: 0,
        sections: 0,
        warnings: 0,
        status: "failed".into(),
        error: error.to_string(),
    }
}

/// The `warnings.csv` rows of a document.
pub fn warnings(doc: &Document) -> Vec<WarningRow> {
    doc.warnings
        .iter()
        .map(|w| WarningRow {
            source: doc.source.clone(),
            line: w.line(),
            section_no: w.section_no,
            task_id: w.task_id.clone(),
            kind: w.kind.as_str().to_string(),
            message: w.message.clone(),
            location: w.location.clone(),
        })
        .collect()
}
