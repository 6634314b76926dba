//! `jinzhan problems`: the flagged tasks, most serious first, for a person at a
//! terminal (or problems.csv with `--format csv`).

use super::inputs::{expand, InputArgs};
use jinzhan::extract::{Problem, ProblemKind, Report};
use jinzhan::output::{CsvOptions, CsvTable};
use jinzhan::pipeline::{self, Sink};
use jinzhan::record::{self, ProblemRow};
use jinzhan::{StatusCode, Task};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub const AFTER_HELP: &str = "\
Examples:
  jinzhan problems corpora/jiangmen-2018-q1-q3.txt
  jinzhan problems reports/ --format csv -o problems.csv
  NO_COLOR=1 jinzhan problems report.docx | less";

/// Output formats of `jinzhan problems`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Wrapped text for a terminal.
    Text,
    /// problems.csv.
    Csv,
}

/// Arguments of `jinzhan problems`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write to FILE instead of standard output (CSV to a file gets the BOM).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write CSV without the UTF-8 byte-order mark.
    #[arg(long)]
    no_bom: bool,
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

/// Where the problems go: text for a person, or a CSV table.
enum Out<W: Write> {
    Text(W),
    Csv(Box<CsvTable<W>>),
    Done,
}

/// Prints each report's flagged tasks as they come.
struct Printer<W: Write> {
    out: Out<W>,
    color: bool,
    width: usize,
}

fn io(e: std::io::Error) -> jinzhan::Error {
    jinzhan::Error::with_source(jinzhan::ErrorKind::Output { path: "-".into() }, e)
}

impl<W: Write> Printer<W> {
    fn text(&self, report: &Report) -> String {
        let mut flagged: Vec<_> = report
            .tasks()
            .map(|(s, t, f)| ((s, t), f.problems.as_slice()))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        flagged.sort_by_key(|((_, t), p)| severity(t, p));
        let mut text = format!("{}: {} tasks flagged\n", report.document.source, flagged.len());
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
            if self.color {
                let code = if severity(task, problems) == 0 { "1;31" } else { "1;33" };
                text.push_str(&format!("\n\x1b[{code}m{head}\x1b[0m\n"));
            } else {
                text.push_str(&format!("\n{head}\n"));
            }
            text.push_str(&format!("  {}\n", task.task));
            for p in problems.iter().filter(|p| !p.text.is_empty()) {
                let label = format!("{}（{}）：", p.kind.as_str(), p.trigger);
                for line in
                    wrap(&format!("{label}{}", p.text.replace('\n', " ")), self.width.saturating_sub(4))
                {
                    text.push_str(&format!("    {line}\n"));
                }
            }
        }
        text
    }
}

impl<W: Write> Sink for Printer<W> {
    fn report(&mut self, report: &Report) -> jinzhan::Result<()> {
        let text = match &self.out {
            Out::Text(_) => self.text(report),
            _ => String::new(),
        };
        match &mut self.out {
            Out::Csv(table) => record::problems(report).try_for_each(|row| table.write(&row)).map_err(io),
            Out::Text(out) => out.write_all(text.as_bytes()).map_err(io),
            Out::Done => Ok(()),
        }
    }

    fn failure(&mut self, _source: &str, error: &jinzhan::Error) -> jinzhan::Result<()> {
        eprintln!("jinzhan: {}", jinzhan::output::message(error));
        Ok(())
    }

    fn finish(&mut self) -> jinzhan::Result<()> {
        match std::mem::replace(&mut self.out, Out::Done) {
            Out::Csv(table) => table.finish().and_then(|mut w| w.flush()).map_err(io),
            Out::Text(mut w) => w.flush().map_err(io),
            Out::Done => Ok(()),
        }
    }
}

pub fn run(args: &Args, threads: usize) -> anyhow::Result<i32> {
    let extractor = args.input.extractor(threads)?;
    let inputs = expand(&args.input.inputs);
    let failed = match &args.output {
        // A file is written whole or not at all, with the BOM unless --no-bom.
        Some(path) => {
            let mut failed = 0;
            jinzhan::output::write_atomic(path, |w| {
                failed =
                    print(&extractor, &inputs, threads, args.format, Box::new(w), !args.no_bom, false, 100)
                        .map_err(std::io::Error::other)?;
                Ok(())
            })?;
            failed
        }
        // A pipe gets no BOM.
        None => {
            let stdout = std::io::stdout();
            let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let width =
                std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100usize).max(40);
            let out = Box::new(std::io::BufWriter::new(stdout.lock()));
            print(&extractor, &inputs, threads, args.format, out, false, color, width)?
        }
    };
    Ok(if failed > 0 { super::EXIT_SOME_FAILED } else { super::EXIT_OK })
}

/// Prints the problems of `inputs` to `w`; returns the number of inputs that failed.
#[allow(clippy::too_many_arguments)]
fn print(
    extractor: &jinzhan::pipeline::Extractor,
    inputs: &[jinzhan::pipeline::Input],
    threads: usize,
    format: Format,
    w: Box<dyn Write + '_>,
    bom: bool,
    color: bool,
    width: usize,
) -> jinzhan::Result<usize> {
    let out = match format {
        Format::Csv => Out::Csv(Box::new(
            CsvTable::new::<ProblemRow<'static>>(w, CsvOptions { bom, raw: false }, true).map_err(io)?,
        )),
        Format::Text => Out::Text(w),
    };
    let mut printer = Printer { out, color, width };
    pipeline::run(extractor, inputs, threads, &mut [&mut printer], || {})
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
