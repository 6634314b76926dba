//! Extraction from a task's text: typed mentions (numbers, money, areas,
//! percentages, dates …) and problems.

mod bounds;
mod date;
mod decimal;
pub mod display;
mod mention;
mod number;
mod problem;
mod report;
mod target;

pub use date::{Date, Precision};

/// The text of a task a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The task text (工作任务).
    Task,
    /// The progress text (进展情况).
    Progress,
    /// The stated problems (a 存在问题 column or label).
    Problems,
    /// The deadline column (完成时限).
    Deadline,
}

csv_names!(Field { Task => "task", Progress => "progress", Problems => "problems", Deadline => "deadline" });
pub use decimal::{Decimal, ParseDecimalError};
pub use mention::{context, Direction, Mention, MentionExtractor, MentionKind, Role};
pub use number::parse_number;
pub use problem::{severity, Problem, ProblemDetector, ProblemKind};
pub use report::{Analyzer, MoneySum, Report, TaskFindings};
pub use target::{Confidence, Deadline, DeadlineStatus, Met, Target, TargetDirection, TargetKind};
