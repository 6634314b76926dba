//! `jinzhan extract`: reports in, CSV tables out.

use super::summary::Summary;
use anyhow::Context;
use jinzhan::extract::{Analyzer, Report};
use jinzhan::output::{write_csv, write_json, write_jsonl, write_xlsx, CsvOptions};
use jinzhan::tokenize::Tokenizer;
use jinzhan::{record, Document, Layout, Parser};
use rayon::prelude::*;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const AFTER_HELP: &str = "\
Examples:
  jinzhan extract corpora/jiangmen-2018-q1-q3.txt
  jinzhan extract a.txt b.txt --out-dir out/ --year 2018
  jinzhan extract - < report.txt --no-bom
  jinzhan extract report.txt --format xlsx --format csv";

/// Layouts for `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// A table: cells on tab-led lines, a .docx table or a sheet.
    Table,
    /// Numbered paragraphs with 牵头单位：/完成情况： labels.
    List,
}

/// Output formats of `jinzhan extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The CSV tables (UTF-8 with BOM unless --no-bom).
    Csv,
    /// One workbook, jinzhan.xlsx.
    Xlsx,
    /// The document model, jinzhan.json.
    Json,
    /// One task per line, jinzhan.jsonl.
    Jsonl,
}

/// Arguments of `jinzhan extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report files (UTF-8, GBK/GB18030 or UTF-16 text); `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Folder for the output files.
    #[arg(long, short = 'o', value_name = "DIR", default_value = "out")]
    out_dir: PathBuf,
    /// The report's year, for dates written without one (overrides the title).
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    year: Option<i32>,
    /// Write CSV without the UTF-8 byte-order mark (for pipelines).
    #[arg(long)]
    no_bom: bool,
    /// Write text exactly as found, without guarding against spreadsheet formulas.
    #[arg(long)]
    raw: bool,
    /// Extra jieba dictionaries (`word [freq] [tag]` per line) for subjects; repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Output formats (repeatable): csv writes tasks.csv, mentions.csv, problems.csv,
    /// assignments.csv, warnings.csv and documents.csv; xlsx writes jinzhan.xlsx; json
    /// writes jinzhan.json; jsonl writes jinzhan.jsonl (one task per line).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    formats: Vec<Format>,
    /// The reports' layout: a table (text dump, .docx, sheet) or numbered paragraphs;
    /// detected when not given.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    layout: Option<LayoutArg>,
    /// Extra statuses, column headings and labels, in the format of
    /// dictionaries/layout.txt (added to the built-in ones).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print no summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(args: &Args) -> anyhow::Result<i32> {
    let started = Instant::now();
    let layout = match args.layout {
        Some(LayoutArg::Table) => Layout::Table,
        Some(LayoutArg::List) => Layout::List,
        None => Layout::Auto,
    };
    let mut parser = Parser::new().year(args.year).layout(layout);
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the file", path.display()))?;
        parser = parser.vocabulary(&path.display().to_string(), &text)?;
    }
    let (inputs, mut failures) = expand(&args.inputs);
    let progress = (!args.quiet && inputs.len() > 1 && std::io::stderr().is_terminal())
        .then(|| indicatif::ProgressBar::new(inputs.len() as u64));
    // Read and parse on all cores; collect keeps the order of the inputs.
    let read: Vec<(&Input, anyhow::Result<Document>)> = inputs
        .par_iter()
        .map(|input| {
            let doc = read_document(&parser, &input.path, &input.source);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            (input, doc)
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    // documents.csv lists every input in order, with its outcome.
    let mut docs = Vec::new();
    let mut documents = Vec::new();
    for (input, doc) in read {
        match doc {
            Ok(doc) => {
                documents.push(record::document(&doc));
                docs.push(doc);
            }
            Err(e) => {
                eprintln!("jinzhan: {e:#}");
                documents.push(record::failed_document(&input.source, &format!("{e:#}")));
            }
        }
    }
    documents.extend(failures.drain(..).map(|(source, e)| record::failed_document(&source, &e)));
    let failed = documents.iter().filter(|d| d.status != "ok").count();
    if docs.is_empty() {
        eprintln!("jinzhan: no report could be read; nothing written");
        return Ok(super::EXIT_SOME_FAILED);
    }
    let tokenizer = Tokenizer::with_user_dicts(&args.dicts)?;
    let analyzer = Analyzer::new().tokenizer(tokenizer);
    let reports: Vec<Report> = docs.into_iter().map(|d| analyzer.analyze(d)).collect();
    let dir = &args.out_dir;
    let formats = if args.formats.is_empty() { vec![Format::Csv] } else { args.formats.clone() };
    for format in formats {
        match format {
            Format::Csv => {
                write_all_csv(dir, &reports, &documents, CsvOptions { bom: !args.no_bom, raw: args.raw })?
            }
            Format::Xlsx => drop(write_xlsx(dir, &reports)?),
            Format::Json => drop(write_json(dir, &reports)?),
            Format::Jsonl => drop(write_jsonl(dir, &reports)?),
        }
    }
    if !args.quiet {
        eprint!("{}", Summary::new(&reports, started.elapsed()));
        if failed > 0 {
            eprintln!("{failed} input(s) failed (see documents.csv)");
        }
        eprintln!("wrote {}", dir.display());
    }
    Ok(if failed == 0 { super::EXIT_OK } else { super::EXIT_SOME_FAILED })
}

/// An input file and the name its rows carry in `source`.
struct Input {
    path: PathBuf,
    source: String,
}

/// The files to read: each file as given (named by its file name), and every
/// .txt, .docx and .xlsx below each folder (named by its path inside the
/// folder), sorted by path so that the output order never depends on timing.
/// Folders without such files are failures.
fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if !path.is_dir() {
            let source =
                path.file_name().map_or(path.display().to_string(), |f| f.to_string_lossy().into_owned());
            inputs.push(Input { path: path.clone(), source });
            continue;
        }
        let mut found = Vec::new();
        walk(path, &mut found);
        found.sort();
        if found.is_empty() {
            let e = format!("{}: is a directory with no report files (.txt, .docx, .xlsx)", path.display());
            eprintln!("jinzhan: {e}");
            failures.push((path.display().to_string(), e));
        }
        for file in found {
            let source = file.strip_prefix(path).unwrap_or(&file).display().to_string();
            inputs.push(Input { path: file, source });
        }
    }
    (inputs, failures)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(e.to_ascii_lowercase().as_str(), "txt" | "docx" | "xlsx" | "xls" | "html" | "htm")
        }) {
            out.push(path);
        }
    }
}

/// The CSV tables: tasks, assignments, documents, warnings, problems,
/// mentions, targets, deadlines.
fn write_all_csv(
    dir: &Path,
    reports: &[Report],
    documents: &[record::DocumentRow],
    opts: CsvOptions,
) -> anyhow::Result<()> {
    fn all<R>(reports: &[Report], rows: impl Fn(&Report) -> Vec<R>) -> Vec<R> {
        reports.iter().flat_map(rows).collect()
    }
    write_csv(dir, &all(reports, record::tasks), opts)?;
    write_csv(dir, &all(reports, |r| record::assignments(&r.document)), opts)?;
    write_csv(dir, documents, opts)?;
    write_csv(dir, &all(reports, |r| record::warnings(&r.document)), opts)?;
    write_csv(dir, &all(reports, record::problems), opts)?;
    write_csv(dir, &all(reports, record::mentions), opts)?;
    write_csv(dir, &all(reports, record::targets), opts)?;
    write_csv(dir, &all(reports, record::deadlines), opts)?;
    Ok(())
}

pub fn read_document(parser: &Parser, input: &Path, source: &str) -> anyhow::Result<Document> {
    let name = input.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("cannot read standard input")?;
        buf
    } else if input.is_dir() {
        anyhow::bail!("{name}: is a directory, not a report file");
    } else {
        std::fs::read(input).with_context(|| format!("{name}: cannot read the file"))?
    };
    let report = jinzhan::input::read(&bytes).with_context(|| name.clone())?;
    parser.parse_source(source, &report).with_context(|| name.clone())
}
