//! `jinzhan problems`: the flagged tasks, most serious first, for a person at a
//! terminal (or problems.csv with `--format csv`).

use super::inputs::{expand, InputArgs};
use super::view::{LangArg, View};
use jinzhan::extract::display::{self, Lang};
use jinzhan::extract::{severity, Report};
use jinzhan::output::{CsvOptions, CsvTable};
use jinzhan::pipeline::{self, Sink};
use jinzhan::record::{self, ProblemRow};
use jinzhan::StatusCode;
use std::io::Write;
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
    /// The language of the labels in the text view (the report's own text
    /// stays as written).
    #[arg(long, value_enum, value_name = "LANG", default_value = "zh")]
    lang: LangArg,
    /// The CSV header row: the English names or Chinese ones.
    #[arg(long, value_enum, value_name = "LANG", default_value = "en")]
    headers: super::HeadersArg,
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
    view: View,
}

fn io(e: std::io::Error) -> jinzhan::Error {
    jinzhan::Error::with_source(jinzhan::ErrorKind::Output { path: "-".into() }, e)
}

impl<W: Write> Printer<W> {
    fn text(&self, report: &Report) -> String {
        let (view, lang) = (&self.view, self.view.lang);
        let mut flagged: Vec<_> = report
            .tasks()
            .map(|(s, t, f)| ((s, t, f), f.problems.as_slice()))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        flagged.sort_by_key(|((_, t, _), p)| severity(t, p));
        let mut text = match lang {
            Lang::Zh => format!("{}：{} 项任务有问题\n", report.document.source, flagged.len()),
            Lang::En => format!("{}: {} tasks flagged\n", report.document.source, flagged.len()),
        };
        for ((section, task, found), problems) in flagged {
            let status = match (&task.status, lang) {
                (Some(s), Lang::Zh) => s.text.as_str(),
                (Some(s), Lang::En) => s.code.as_str(),
                (None, _) => display::status_label(StatusCode::None, lang),
            };
            let mut kinds: Vec<&str> = Vec::new();
            for p in problems {
                let label = display::kind_label(p.kind, lang);
                if !kinds.contains(&label) {
                    kinds.push(label);
                }
            }
            let head = format!(
                "{}  {}  {}  {}  [{}]",
                task.id,
                section.leader.as_deref().unwrap_or("-"),
                task.lead_unit.as_deref().unwrap_or("-"),
                status,
                kinds.join(if lang == Lang::Zh { "、" } else { "|" })
            );
            let code = if severity(task, problems) == 0 { "1;31" } else { "1;33" };
            text.push('\n');
            view.push(&mut text, &head, "", Some(code));
            view.push(&mut text, &task.task, "  ", None);
            for p in problems.iter().filter(|p| !p.text.is_empty()) {
                let body = display::problem_text(p, found, lang);
                let label = display::kind_label(p.kind, lang);
                let line = match lang {
                    Lang::Zh if p.trigger == label => format!("{label}：{body}"),
                    Lang::Zh => format!("{label}（{}）：{body}", p.trigger),
                    Lang::En => format!("{label} ({}): {body}", p.trigger),
                };
                view.push(&mut text, &line, "    ", None);
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
    let lang = Lang::from(args.lang);
    let csv = CsvOptions { bom: !args.no_bom, raw: false, headers: args.headers.into() };
    let failed = match &args.output {
        // A file is written whole or not at all, with the BOM unless --no-bom.
        Some(path) => {
            let mut failed = 0;
            jinzhan::output::write_atomic(path, |w| {
                let printer = Printer::new(args.format, Box::new(w), csv, View::file(lang))?;
                failed = printer.run(&extractor, &inputs, threads).map_err(std::io::Error::other)?;
                Ok(())
            })?;
            failed
        }
        // A pipe gets no BOM.
        None => {
            let out = Box::new(std::io::BufWriter::new(std::io::stdout().lock()));
            let csv = CsvOptions { bom: false, ..csv };
            Printer::new(args.format, out, csv, View::stdout(lang))?.run(&extractor, &inputs, threads)?
        }
    };
    Ok(if failed > 0 { super::EXIT_SOME_FAILED } else { super::EXIT_OK })
}

impl<'w> Printer<Box<dyn Write + 'w>> {
    fn new(format: Format, w: Box<dyn Write + 'w>, csv: CsvOptions, view: View) -> std::io::Result<Self> {
        let out = match format {
            Format::Csv => Out::Csv(Box::new(CsvTable::new::<ProblemRow<'static>>(w, csv, true)?)),
            Format::Text => Out::Text(w),
        };
        Ok(Printer { out, view })
    }

    /// Prints the problems of `inputs`; returns the number of inputs that failed.
    fn run(
        mut self,
        extractor: &jinzhan::pipeline::Extractor,
        inputs: &[jinzhan::pipeline::Input],
        threads: usize,
    ) -> jinzhan::Result<usize> {
        pipeline::run(extractor, inputs, threads, &mut [&mut self], || {})
    }
}
