use crate::input::Location;
use serde::Serialize;

/// A parsed progress report: sections of tasks, plus what was irregular.
///
/// Built by [`parse`](crate::parse). Every non-empty line of the input is either
/// part of a [`Task`], a [`Section`] heading, the document header, or named in a
/// [`Warning`].
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The input's file name (`-` for standard input).
    pub source: String,
    /// The report's title, e.g. 2018年市政府重点工作1-9月进展情况汇总表.
    pub title: Option<String>,
    /// The report's year, from the title or `--year`.
    pub year: Option<i32>,
    /// The period the report covers as printed, e.g. 1-9月.
    pub period: Option<String>,
    /// The total printed under the title, N in （共N项）.
    pub declared_total: Option<u32>,
    /// The sections, in document order.
    pub sections: Vec<Section>,
    /// Every irregularity found while parsing.
    pub warnings: Vec<Warning>,
}

/// A section of the report, e.g. 二、张元醒同志分管工作（共18项）.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// 1, 2, … from the heading's 一、二、…
    pub no: u32,
    /// The heading text without its number and count, e.g. 张元醒同志分管工作.
    pub heading: String,
    /// The leader in charge, 张元醒 from 张元醒同志分管工作.
    pub leader: Option<String>,
    /// N from （共N项）.
    pub declared_count: Option<u32>,
    /// Where the section starts (its heading, or its first row).
    pub location: Location,
    /// The task rows, in document order.
    pub tasks: Vec<Task>,
}

impl Section {
    /// The number of tasks reconstructed: distinct 序号 groups, counting rows
    /// whose number was inferred and lost rows.
    pub fn task_count(&self) -> usize {
        let mut groups: Vec<&str> =
            self.tasks.iter().filter(|t| !t.seq.is_empty()).map(|t| t.seq.as_str()).collect();
        groups.sort_unstable();
        groups.dedup();
        groups.len() + self.tasks.iter().filter(|t| t.seq.is_empty()).count()
    }
}

/// One task row: a numbered task, or one sub-item of a numbered group.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Unique within a source and stable across runs: `4-13-2` is section 4,
    /// 序号 13, sub-item 2.
    pub id: String,
    /// 1-based position of the row in the source.
    pub row: usize,
    /// The 序号 as printed, or inferred from the position (see `seq_inferred`).
    pub seq: String,
    /// True when the number cell was empty or lost and `seq` was inferred.
    pub seq_inferred: bool,
    /// N of a sub-item （N）.
    pub sub_no: Option<u32>,
    /// The sub-item's text, 咏春 for （1）咏春。
    pub sub_item: Option<String>,
    /// The 工作任务 text without its （牵头单位：…） note.
    pub task: String,
    /// The unit named in the （牵头单位：…） or （联系单位：…） note.
    pub lead_unit: Option<String>,
    /// True when no note or column names the lead unit and the first
    /// responsible unit was taken (列第一位的责任单位为牵头单位).
    pub lead_inferred: bool,
    /// The 责任单位, one entry per unit (lead and cooperating units of their
    /// own columns included).
    pub units: Vec<String>,
    /// The role of each of `units`, in the same order.
    pub unit_roles: Vec<UnitRole>,
    /// The 责任人, one entry per person, in the order of `units`.
    pub persons: Vec<String>,
    /// The status line of the 进展情况 cell, if it has one.
    pub status: Option<Status>,
    /// The 进展情况 text after the status line, paragraphs joined with `\n`.
    pub progress: String,
    /// The text of a 存在问题 column or label: the task's stated problems.
    pub problems: Option<String>,
    /// The heading or label of `problems` (存在问题, 困难和问题 …).
    pub problems_label: Option<String>,
    /// The 下一步工作 text (a column or a label).
    pub next_steps: Option<String>,
    /// The 完成时限 column's text.
    pub deadline: Option<String>,
    /// The 备注 column's text.
    pub remarks: Option<String>,
    /// Columns whose heading is not understood: (heading, text).
    pub extra: Vec<(String, String)>,
    /// Where the row is in the source (`line 256`, `table 2 row 5`, `Sheet1!A7`).
    pub location: Location,
    /// 1-based first line of the row (text sources only).
    pub line_start: Option<usize>,
    /// 1-based last line of the row (text sources only).
    pub line_end: Option<usize>,
}

/// What a unit is responsible for in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    /// The lead unit (牵头单位).
    Lead,
    /// A responsible unit (责任单位).
    Responsible,
    /// A cooperating unit (配合单位, 协办单位).
    Cooperating,
}

/// A task's status as printed at the head of its progress text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The status without ▲ and the final 。, e.g. 基本按进度完成.
    pub text: String,
    /// The normalized status.
    pub code: StatusCode,
    /// True when the report marks the task as behind (▲ or 未按进度).
    pub behind_schedule: bool,
}

/// Normalized task status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusCode {
    /// 已完成.
    Done,
    /// 按进度完成.
    OnTrack,
    /// 基本按进度完成.
    MostlyOnTrack,
    /// ▲未按进度完成.
    Behind,
    /// 计划调整.
    Adjusted,
    /// A status line this version does not know.
    Other,
    /// No status line.
    None,
}

/// An irregularity in the input, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// Where in the source.
    pub location: Location,
    /// The section it is in, if any.
    pub section_no: Option<u32>,
    /// The task row it concerns, if any.
    pub task_id: Option<String>,
    /// What kind of irregularity.
    pub kind: WarningKind,
    /// A sentence for a person, quoting the text concerned.
    pub message: String,
}

impl Warning {
    /// A warning about `location` in section `section_no`, for task `task_id`.
    pub(crate) fn in_section(
        section_no: u32,
        location: &Location,
        task_id: Option<&str>,
        kind: WarningKind,
        message: String,
    ) -> Warning {
        Warning {
            location: location.clone(),
            section_no: Some(section_no),
            task_id: task_id.map(str::to_string),
            kind,
            message,
        }
    }

    /// The 1-based line, for text sources.
    pub fn line(&self) -> Option<usize> {
        self.location.line()
    }
}

/// The kinds of irregularity the parser reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// A line before the first section that is neither title nor total.
    Preamble,
    /// A row without a number cell; its 序号 was inferred from its position.
    SeqInferred,
    /// Text that belongs to no task row (a row whose number and task were lost).
    OrphanText,
    /// A 序号 printed more than once in a section.
    RepeatedNumber,
    /// Numbers missing from a section's sequence.
    NumberingGap,
    /// A section's reconstructed task count differs from its （共N项）.
    CountMismatch,
    /// The 责任单位 and 责任人 cells list different numbers of entries.
    UnitPersonMismatch,
    /// Two person names printed on one line were split.
    NamesSplit,
    /// An entry wrapped over two lines was joined.
    EntryJoined,
    /// A blank line inside a 责任人 or 责任单位 cell was dropped.
    StrayBlank,
    /// A row without a status line (its progress may sit in a sibling's cell).
    NoStatus,
    /// A row without any progress text.
    NoProgress,
    /// A line the parser could not place.
    Unparsed,
    /// A table column whose heading is not understood (its text is kept in `extra`).
    UnknownColumn,
    /// A table without a task or progress column.
    NoTaskColumn,
    /// The status column and the progress text disagree.
    StatusConflict,
    /// Something the file reader noticed (a hidden sheet skipped …).
    Input,
}

impl StatusCode {
    /// Every status, best first on the scale, then 计划调整, other, none: the
    /// order of counts and charts.
    pub const ALL: [StatusCode; 7] = [
        StatusCode::Done,
        StatusCode::OnTrack,
        StatusCode::MostlyOnTrack,
        StatusCode::Behind,
        StatusCode::Adjusted,
        StatusCode::Other,
        StatusCode::None,
    ];
}

csv_names!(StatusCode {
    Done => "done",
    OnTrack => "on_track",
    MostlyOnTrack => "mostly_on_track",
    Behind => "behind",
    Adjusted => "adjusted",
    Other => "other",
    None => "none",
});

csv_names!(WarningKind {
    Preamble => "preamble",
    SeqInferred => "seq_inferred",
    OrphanText => "orphan_text",
    RepeatedNumber => "repeated_number",
    NumberingGap => "numbering_gap",
    CountMismatch => "count_mismatch",
    UnitPersonMismatch => "unit_person_mismatch",
    NamesSplit => "names_split",
    EntryJoined => "entry_joined",
    StrayBlank => "stray_blank",
    NoStatus => "no_status",
    NoProgress => "no_progress",
    Unparsed => "unparsed",
    UnknownColumn => "unknown_column",
    NoTaskColumn => "no_task_column",
    StatusConflict => "status_conflict",
    Input => "input",
});

csv_names!(UnitRole { Lead => "lead", Responsible => "responsible", Cooperating => "cooperating" });
