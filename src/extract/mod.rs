//! Extraction from a task's text: problems (and, as they come, mentions).

mod problem;

pub use problem::{Problem, ProblemDetector, ProblemKind};
