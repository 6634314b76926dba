//! Extraction from a task's text: typed mentions (numbers, money, areas,
//! percentages, dates …) and problems.

mod date;
mod decimal;
mod mention;
mod number;
mod problem;
mod report;
mod target;

pub use date::Precision;
pub use decimal::{Decimal, ParseDecimalError};
pub use mention::{Direction, Mention, MentionExtractor, MentionKind};
pub use number::parse_number;
pub use problem::{Problem, ProblemDetector, ProblemKind};
pub use report::{Analyzer, Report, TaskFindings};
pub use target::{Confidence, Deadline, DeadlineStatus, Met, Target, TargetDirection, TargetKind};
