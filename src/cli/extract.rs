//! `jinzhan extract`: reports in, tables out.

use super::inputs::{expand, InputArgs};
use super::summary::Summary;
use jinzhan::output::{
    CsvOptions, CsvSink, HtmlSink, JsonSink, JsonlSink, Manifest, OutputFile, Staging, XlsxSink,
};
use jinzhan::pipeline::{self, Sink};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

pub const AFTER_HELP: &str = "\
Examples:
  jinzhan extract corpora/jiangmen-2018-q1-q3.txt
  jinzhan extract reports/ --out-dir out/2018 --year 2018
  jinzhan extract a.docx b.xlsx page.html --format csv --format xlsx
  jinzhan extract - < report.txt --no-bom
  jinzhan extract report.docx --format xlsx --headers zh
  jinzhan extract reports/ --format html --format csv";

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
    /// A self-contained dashboard page, jinzhan.html (no network access).
    Html,
}

/// Arguments of `jinzhan extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Folder for the output files.
    #[arg(long, short = 'o', value_name = "DIR", default_value = "out")]
    out_dir: PathBuf,
    /// Write CSV without the UTF-8 byte-order mark (for pipelines).
    #[arg(long)]
    no_bom: bool,
    /// Write text exactly as found, without guarding against spreadsheet formulas.
    #[arg(long)]
    raw: bool,
    /// Output formats (repeatable): csv writes tasks.csv, mentions.csv, problems.csv,
    /// targets.csv, deadlines.csv, assignments.csv, warnings.csv and documents.csv;
    /// xlsx writes jinzhan.xlsx; json writes jinzhan.json; jsonl writes jinzhan.jsonl;
    /// html writes jinzhan.html, a dashboard page.
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    formats: Vec<Format>,
    /// Column headers of the CSV tables and the workbook: the English names
    /// (the documented interface) or Chinese ones for readers.
    #[arg(long, value_enum, value_name = "LANG", default_value = "en")]
    headers: super::HeadersArg,
    /// The language of the dashboard page's labels (the report's own text
    /// stays as written).
    #[arg(long, value_enum, value_name = "LANG", default_value = "zh")]
    lang: super::view::LangArg,
    /// Print no summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Records each input's outcome for the manifest and stderr.
#[derive(Default)]
struct Outcomes {
    inputs: Vec<(String, String)>,
}

impl Sink for Outcomes {
    fn report(&mut self, report: &jinzhan::extract::Report) -> jinzhan::Result<()> {
        self.inputs.push((report.document.source.clone(), "ok".into()));
        Ok(())
    }

    fn failure(&mut self, source: &str, error: &jinzhan::Error) -> jinzhan::Result<()> {
        eprintln!("jinzhan: {}", jinzhan::output::message(error));
        self.inputs.push((source.to_string(), "failed".into()));
        Ok(())
    }
}

pub fn run(args: &Args, threads: usize) -> anyhow::Result<i32> {
    let started = Instant::now();
    let extractor = args.input.extractor(threads)?;
    let inputs = expand(&args.input.inputs);
    let staging = Staging::new(&args.out_dir)?;
    let dir = staging.dir().to_path_buf();
    let formats = if args.formats.is_empty() { vec![Format::Csv] } else { args.formats.clone() };
    let mut csv = match formats.contains(&Format::Csv) {
        true => Some(CsvSink::create(
            &dir,
            CsvOptions { bom: !args.no_bom, raw: args.raw, headers: args.headers.into() },
        )?),
        false => None,
    };
    let mut xlsx = if formats.contains(&Format::Xlsx) {
        Some(XlsxSink::create(&dir, args.headers.into())?)
    } else {
        None
    };
    let mut json = if formats.contains(&Format::Json) { Some(JsonSink::create(&dir)?) } else { None };
    let mut jsonl = if formats.contains(&Format::Jsonl) { Some(JsonlSink::create(&dir)?) } else { None };
    let mut html = match formats.contains(&Format::Html) {
        true => Some(HtmlSink::create(&dir, args.lang.into())?),
        false => None,
    };
    let mut outcomes = Outcomes::default();
    let mut summary = Summary::default();
    let bar = (!args.quiet && inputs.len() > 1 && std::io::stderr().is_terminal())
        .then(|| indicatif::ProgressBar::new(inputs.len() as u64));
    let failed = {
        let mut sinks: Vec<&mut dyn Sink> = vec![&mut outcomes, &mut summary];
        if let Some(s) = csv.as_mut() {
            sinks.push(s);
        }
        if let Some(s) = xlsx.as_mut() {
            sinks.push(s);
        }
        if let Some(s) = json.as_mut() {
            sinks.push(s);
        }
        if let Some(s) = jsonl.as_mut() {
            sinks.push(s);
        }
        if let Some(s) = html.as_mut() {
            sinks.push(s);
        }
        pipeline::run(&extractor, &inputs, threads, &mut sinks, || {
            if let Some(b) = &bar {
                b.inc(1);
            }
        })?
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if failed == inputs.len() {
        eprintln!("jinzhan: no report could be read; nothing written");
        return Ok(super::EXIT_SOME_FAILED);
    }
    let mut files: Vec<OutputFile> = Vec::new();
    files.extend(csv.iter().flat_map(CsvSink::files));
    files.extend(xlsx.iter().flat_map(XlsxSink::files));
    files.extend(json.iter().flat_map(JsonSink::files));
    files.extend(jsonl.iter().flat_map(JsonlSink::files));
    files.extend(html.iter().flat_map(HtmlSink::files));
    let mut options: BTreeMap<String, String> = args.input.options().into_iter().collect();
    options.insert(
        "formats".into(),
        formats.iter().map(|f| format!("{f:?}").to_lowercase()).collect::<Vec<_>>().join(","),
    );
    options.insert("bom".into(), (!args.no_bom).to_string());
    options.insert("raw".into(), args.raw.to_string());
    options.insert("headers".into(), format!("{:?}", args.headers).to_lowercase());
    options.insert("lang".into(), format!("{:?}", args.lang).to_lowercase());
    staging.publish(&files, Manifest::now(outcomes.inputs, options))?;
    if let Some(n) = xlsx.as_ref().map(XlsxSink::truncated).filter(|n| *n > 0) {
        eprintln!(
            "jinzhan: warning: {n} text(s) longer than Excel's 32,767 characters were cut in jinzhan.xlsx \
             (the CSV and JSON outputs keep them whole)"
        );
    }
    if !args.quiet {
        eprint!("{}", summary.display(started.elapsed()));
        if failed > 0 {
            eprintln!("{failed} input(s) failed (see documents.csv)");
        }
        eprintln!("wrote {}", args.out_dir.display());
    }
    Ok(if failed == 0 { super::EXIT_OK } else { super::EXIT_SOME_FAILED })
}
