//! `jinzhan problems`: the flagged tasks, most serious first, for a person at a
//! terminal (or problems.csv on stdout with `--format csv`).

use super::extract::read_document;
use jinzhan::extract::{Analyzer, Problem, ProblemKind};
use jinzhan::output::{write_csv_to, CsvOptions};
use jinzhan::record;
use jinzhan::{Parser, StatusCode, Task};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub const AFTER_HELP: &str = "\
Examples:
  jinzhan problems corpora/jiangmen-2018-q1-q3.txt
  jinzhan problems report.txt --format csv > problems.csv
  NO_COLOR=1 jinzhan problems report.txt | less";

/// Output formats of `jinzhan problems`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Wrapped text for a terminal.
    Text,
    /// problems.csv on stdout.
    Csv,
}

/// Arguments of `jinzhan problems`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report files; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The report's year (overrides the title).
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// How serious a task's problems are, lower is worse: behind, an explicit
/// problem section, a missed deadline or target, a setback phrase, partly on
/// track.
fn severity(task: &Task, problems: &[Problem]) -> u8 {
    let behind = task.status.as_ref().is_some_and(|s| s.behind_schedule || s.code == StatusCode::Behind);
    let has = |k| problems.iter().any(|p| p.kind == k);
    if behind {
        0
    } else if has(ProblemKind::Explicit) {
        1
    } else if has(ProblemKind::Deadline) || has(ProblemKind::Pace) {
        2
    } else if has(ProblemKind::Implicit) {
        3
    } else {
        4
    }
}

pub fn run(args: &Args) -> anyhow::Result<i32> {
    let parser = Parser::new().year(args.year);
    let analyzer = Analyzer::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100usize).max(40);
    let mut failed = 0;
    let mut csv_header = true;
    for input in &args.inputs {
        let source =
            input.file_name().map_or(input.display().to_string(), |f| f.to_string_lossy().into_owned());
        let doc = match read_document(&parser, input, &source) {
            Ok(d) => d,
            Err(e) => {
                failed += 1;
                eprintln!("jinzhan: {e:#}");
                continue;
            }
        };
        let report = analyzer.analyze(doc);
        let doc = &report.document;
        if let Format::Csv = args.format {
            let opts = CsvOptions { bom: false, raw: false };
            let header = std::mem::take(&mut csv_header);
            write_csv_to(&mut out, &record::problems(&report), opts, header)?;
            continue;
        }
        let mut flagged: Vec<_> = report
            .tasks()
            .map(|(s, t, f)| ((s, t), f.problems.as_slice()))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        flagged.sort_by_key(|((_, t), p)| severity(t, p));
        writeln!(out, "{}: {} tasks flagged", doc.source, flagged.len())?;
        for ((section, task), problems) in flagged {
            let status = task.status.as_ref().map_or("(no status)", |s| s.text.as_str());
            let head = format!(
                "{}  {}  {}  {}  [{}]",
                task.id,
                section.leader.as_deref().unwrap_or("-"),
                task.lead_unit.as_deref().unwrap_or("-"),
                status,
                record::problem_kinds(problems)
            );
            if color {
                let code = if severity(task, problems) == 0 { "1;31" } else { "1;33" };
                writeln!(out, "\n\x1b[{code}m{head}\x1b[0m")?;
            } else {
                writeln!(out, "\n{head}")?;
            }
            writeln!(out, "  {}", task.task)?;
            for p in problems.iter().filter(|p| !p.text.is_empty()) {
                let label = format!("{}（{}）：", p.kind.as_str(), p.trigger);
                for line in wrap(&format!("{label}{}", p.text.replace('\n', " ")), width.saturating_sub(4)) {
                    writeln!(out, "    {line}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 { super::EXIT_SOME_FAILED } else { super::EXIT_OK })
}

/// Wraps text to `width` terminal columns (CJK characters take two).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let w = if c.is_ascii() { 1 } else { 2 };
        if used + w > width {
            lines.push(String::new());
            used = 0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(c);
        }
        used += w;
    }
    lines
}
