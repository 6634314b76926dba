//! The end-of-run summary printed on stderr, gathered report by report.

use jinzhan::extract::Report;
use jinzhan::pipeline::Sink;
use jinzhan::{StatusCode, WarningKind};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// The summary lines of each report, kept as text (a few lines each).
#[derive(Default)]
pub struct Summary {
    text: String,
    reports: usize,
}

impl Summary {
    /// The whole summary with the elapsed time.
    pub fn display(&self, elapsed: Duration) -> String {
        format!("{}{} report(s) in {:.2}s\n", self.text, self.reports, elapsed.as_secs_f64())
    }
}

fn join_counts(counts: &BTreeMap<&str, usize>) -> String {
    counts.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
}

impl Sink for Summary {
    fn report(&mut self, report: &Report) -> jinzhan::Result<()> {
        self.reports += 1;
        let f = &mut self.text;
        let doc = &report.document;
        let found: usize = doc.sections.iter().map(|s| s.task_count()).sum();
        let rows: usize = doc.sections.iter().map(|s| s.tasks.len()).sum();
        let declared = doc.declared_total.map_or("?".to_string(), |d| d.to_string());
        let _ = writeln!(
            f,
            "{}: {found}/{declared} tasks in {rows} rows, {} sections",
            doc.source,
            doc.sections.len()
        );
        for s in &doc.sections {
            let declared = s.declared_count.map_or("?".to_string(), |d| d.to_string());
            let mark =
                if s.declared_count.is_some_and(|d| d as usize != s.task_count()) { "  ≠" } else { "" };
            let _ = writeln!(f, "  {:>2}. {}: {}/{declared}{mark}", s.no, s.heading, s.task_count());
        }
        let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
        let mut problems: BTreeMap<&str, usize> = BTreeMap::new();
        let mut mentions: BTreeMap<&str, usize> = BTreeMap::new();
        let mut met: BTreeMap<&str, usize> = BTreeMap::new();
        let mut flagged = 0;
        let mut money = jinzhan::extract::MoneySum::default();
        for (_, t, found) in report.tasks() {
            money.add(found);
            *statuses.entry(t.status.as_ref().map_or(StatusCode::None, |s| s.code).as_str()).or_default() +=
                1;
            flagged += usize::from(!found.problems.is_empty());
            for p in &found.problems {
                *problems.entry(p.kind.as_str()).or_default() += 1;
            }
            for (_, m) in found.mentions() {
                *mentions.entry(m.kind.as_str()).or_default() += 1;
            }
            for t in &found.targets {
                *met.entry(t.met.as_str()).or_default() += 1;
            }
        }
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for w in &doc.warnings {
            *kinds.entry(WarningKind::as_str(w.kind)).or_default() += 1;
        }
        let _ = writeln!(f, "  status: {}", join_counts(&statuses));
        let _ = writeln!(f, "  problems: {flagged} tasks flagged ({})", join_counts(&problems));
        let _ = writeln!(f, "  mentions: {}", join_counts(&mentions));
        let _ = writeln!(f, "  targets: {}", join_counts(&met));
        let _ = writeln!(
            f,
            "  money in progress: {} from {} actual figures ({} plans, targets, forecasts, parts, bases, size classes and per-person amounts left out)",
            jinzhan::extract::display::figure(money.actual, "CNY"),
            money.figures,
            money.left_out
        );
        let _ = writeln!(f, "  warnings: {} ({})", doc.warnings.len(), join_counts(&kinds));
        Ok(())
    }
}
