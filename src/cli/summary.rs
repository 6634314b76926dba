//! The end-of-run summary printed on stderr.

use jinzhan::extract::Report;
use jinzhan::{StatusCode, WarningKind};
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

pub struct Summary<'a> {
    reports: &'a [Report],
    elapsed: Duration,
}

impl<'a> Summary<'a> {
    pub fn new(reports: &'a [Report], elapsed: Duration) -> Self {
        Summary { reports, elapsed }
    }
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for report in self.reports {
            let doc = &report.document;
            let found: usize = doc.sections.iter().map(|s| s.task_count()).sum();
            let rows: usize = doc.sections.iter().map(|s| s.tasks.len()).sum();
            let declared = doc.declared_total.map_or("?".to_string(), |d| d.to_string());
            writeln!(
                f,
                "{}: {found}/{declared} tasks in {rows} rows, {} sections",
                doc.source,
                doc.sections.len()
            )?;
            for s in &doc.sections {
                let declared = s.declared_count.map_or("?".to_string(), |d| d.to_string());
                let mark =
                    if s.declared_count.is_some_and(|d| d as usize != s.task_count()) { "  ≠" } else { "" };
                writeln!(f, "  {:>2}. {}: {}/{declared}{mark}", s.no, s.heading, s.task_count())?;
            }
            let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
            for t in doc.sections.iter().flat_map(|s| &s.tasks) {
                *statuses
                    .entry(t.status.as_ref().map_or(StatusCode::None, |s| s.code).as_str())
                    .or_default() += 1;
            }
            writeln!(f, "  status: {}", join_counts(&statuses))?;
            let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, _, f) in report.tasks() {
                for p in &f.problems {
                    *by_kind.entry(p.kind.as_str()).or_default() += 1;
                }
            }
            let flagged = report.tasks().filter(|(_, _, f)| !f.problems.is_empty()).count();
            writeln!(f, "  problems: {flagged} tasks flagged ({})", join_counts(&by_kind))?;
            let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, _, f) in report.tasks() {
                for m in f.task_mentions.iter().chain(&f.progress_mentions) {
                    *by_kind.entry(m.kind.as_str()).or_default() += 1;
                }
            }
            writeln!(f, "  mentions: {}", join_counts(&by_kind))?;
            let mut met: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, _, found) in report.tasks() {
                for t in &found.targets {
                    *met.entry(t.met.as_str()).or_default() += 1;
                }
            }
            writeln!(f, "  targets: {}", join_counts(&met))?;
            let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
            for w in &doc.warnings {
                *kinds.entry(WarningKind::as_str(w.kind)).or_default() += 1;
            }
            writeln!(f, "  warnings: {} ({})", doc.warnings.len(), join_counts(&kinds))?;
        }
        writeln!(f, "{} report(s) in {:.2}s", self.reports.len(), self.elapsed.as_secs_f64())
    }
}

fn join_counts(counts: &BTreeMap<&str, usize>) -> String {
    counts.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
}
