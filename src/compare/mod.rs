//! Following the same tasks from one report to the next: a task map that
//! survives renumbering and rewording ([`match_tasks`]), the changes of each
//! pair ([`Comparison`]), and for a series of reports a timeline with one
//! key per chain of matched tasks ([`Series`]).
//!
//! ```
//! use jinzhan::compare::{ChangeKind, Comparison};
//! use jinzhan::pipeline::Extractor;
//!
//! let x = Extractor::new();
//! let old = x.extract("q2.txt", "2018年1-6月进展情况\n一、甲同志分管工作（共1项）\n\t1\n\t新增就业4.5万人。\n\t市人社局\n\t陈霞\n\t按进度完成。\n新增就业1.2万人。\n".as_bytes())?;
//! let new = x.extract("q3.txt", "2018年1-9月进展情况\n一、甲同志分管工作（共1项）\n\t1\n\t新增就业4.5万人。\n\t市人社局\n\t陈霞\n\t▲未按进度完成。\n新增就业1.9万人。\n".as_bytes())?;
//! let c = Comparison::new(&old, &new);
//! assert_eq!(c.changes[0].change, ChangeKind::Slipped);
//! assert_eq!(c.changes[1].change, ChangeKind::Figure);
//! assert_eq!(c.changes[1].detail, "12000人 → 19000人（+7000人，+58.3%）");
//! # Ok::<(), jinzhan::Error>(())
//! ```

mod changes;
mod matching;

pub use changes::{Change, ChangeKind};
pub use matching::{match_tasks, Method, Pair, TaskMap, DOUBTFUL, MOVED, SIMILAR};

use crate::extract::{Date, Report, TaskFindings};
use crate::structure::{Section, Task};

/// Two reports compared: the task map and every change, in the new
/// report's order (removed tasks at the end, in the old report's order).
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    /// The earlier report.
    pub old: &'a Report,
    /// The later report.
    pub new: &'a Report,
    /// Which task is which.
    pub map: TaskMap,
    /// What changed.
    pub changes: Vec<Change>,
}

type Row<'a> = (&'a Section, &'a Task, &'a TaskFindings);

impl<'a> Comparison<'a> {
    /// Compares `old` with `new`.
    pub fn new(old: &'a Report, new: &'a Report) -> Comparison<'a> {
        let map = match_tasks(old, new);
        let (a, b): (Vec<Row<'a>>, Vec<Row<'a>>) = (old.tasks().collect(), new.tasks().collect());
        let mut changes = Vec::new();
        let mut pairs = map.pairs.iter().peekable();
        for j in 0..b.len() {
            match pairs.next_if(|p| p.new == j) {
                Some(p) => {
                    if let (Some(x), Some(y)) = (a.get(p.old), b.get(j)) {
                        changes.extend(changes::changes(p, (x.1, x.2), (y.1, y.2)));
                    }
                }
                None => {
                    if let Some((_, t, _)) = b.get(j) {
                        changes.push(lone(None, Some(j), ChangeKind::Added, t));
                    }
                }
            }
        }
        for &i in &map.removed {
            if let Some((_, t, _)) = a.get(i) {
                changes.push(lone(Some(i), None, ChangeKind::Removed, t));
            }
        }
        Comparison { old, new, map, changes }
    }

    /// The pairs whose task is ▲未按进度完成 in both reports.
    pub fn behind_in_both(&self) -> Vec<&Pair> {
        let behind = |r: Option<Row<'_>>| {
            r.is_some_and(|(_, t, _)| t.status.as_ref().is_some_and(|s| s.code == crate::StatusCode::Behind))
        };
        let (old, new): (Vec<Row<'a>>, Vec<Row<'a>>) =
            (self.old.tasks().collect(), self.new.tasks().collect());
        self.map
            .pairs
            .iter()
            .filter(|p| behind(old.get(p.old).copied()) && behind(new.get(p.new).copied()))
            .collect()
    }

    /// The old task at an index of document order.
    pub fn old_task(&self, i: usize) -> Option<Row<'a>> {
        self.old.tasks().nth(i)
    }

    /// The new task at an index of document order.
    pub fn new_task(&self, j: usize) -> Option<Row<'a>> {
        self.new.tasks().nth(j)
    }
}

fn lone(old: Option<usize>, new: Option<usize>, change: ChangeKind, t: &Task) -> Change {
    let text = match &t.sub_item {
        Some(sub) => format!("{}（{sub}）", t.task),
        None => t.task.clone(),
    };
    let (old_value, new_value) = if old.is_some() { (text, String::new()) } else { (String::new(), text) };
    Change { old, new, change, field: "task".into(), old_value, new_value, detail: String::new() }
}

/// Where a report falls in a series: the end of its period (1-3月 < 1-6月
/// < 1-9月 < 全年), when its title says.
pub fn period_key(report: &Report) -> Option<Date> {
    report.period_end()
}

/// Orders a series of reports by the end of their periods, the given order
/// breaking ties; reports without a period keep their place relative to
/// each other, after those with one. Returns the order as indices.
///
/// # Examples
///
/// ```
/// use jinzhan::compare::order;
/// use jinzhan::pipeline::Extractor;
///
/// let x = Extractor::new();
/// let report = |title: &str| x.extract("a.txt", format!("{title}\n一、甲同志分管工作（共1项）\n\t1\n\t任务。\n\t市甲局\n\t张三\n\t已完成。\n").as_bytes()).unwrap();
/// let reports = [report("2018年全年工作进展"), report("2018年1-6月进展情况"), report("2017年1-9月进展情况")];
/// assert_eq!(order(&reports), [2, 1, 0]);
/// ```
pub fn order(reports: &[Report]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..reports.len()).collect();
    idx.sort_by_key(|&i| reports.get(i).and_then(period_key).map_or((1, None), |d| (0, Some(d))));
    idx
}

/// The chains of matched tasks through a series of reports, followed one
/// report at a time: one key per chain, `source#task_id` of the task where
/// the chain starts. Only the last report's keys are kept.
#[derive(Debug, Clone, Default)]
pub struct Series {
    last: Vec<String>,
}

impl Series {
    /// The keys of the next report's tasks in document order, given its
    /// task map with the previous report (none for the first report).
    pub fn push(&mut self, report: &Report, with_previous: Option<&TaskMap>) -> &[String] {
        let mut keys: Vec<String> =
            report.tasks().map(|(_, t, _)| format!("{}#{}", report.document.source, t.id)).collect();
        if let Some(map) = with_previous {
            for p in &map.pairs {
                if let (Some(k), Some(old)) = (keys.get_mut(p.new), self.last.get(p.old)) {
                    k.clone_from(old);
                }
            }
        }
        self.last = keys;
        &self.last
    }
}
