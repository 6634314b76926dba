//! `jinzhan extract`: reports in, CSV tables out.

use super::summary::Summary;
use anyhow::Context;
use jinzhan::extract::{MentionExtractor, Problem, ProblemDetector};
use jinzhan::output::{write_csv, CsvOptions};
use jinzhan::tokenize::Tokenizer;
use jinzhan::{record, Document, Parser};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const AFTER_HELP: &str = "\
Examples:
  jinzhan extract corpora/jiangmen-2018-q1-q3.txt
  jinzhan extract a.txt b.txt --out-dir out/ --year 2018
  jinzhan extract - < report.txt --no-bom";

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
    /// Print no summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(args: &Args) -> anyhow::Result<i32> {
    let started = Instant::now();
    let parser = Parser::new().year(args.year);
    let mut docs: Vec<Document> = Vec::new();
    let mut failed = 0;
    for input in &args.inputs {
        match read_document(&parser, input) {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                failed += 1;
                eprintln!("jinzhan: {e:#}");
            }
        }
    }
    if docs.is_empty() {
        eprintln!("jinzhan: no report could be read; nothing written");
        return Ok(super::EXIT_SOME_FAILED);
    }
    let opts = CsvOptions {
        bom: !args.no_bom,
        raw: args.raw,
    };
    let dir = &args.out_dir;
    let detector = ProblemDetector::new();
    let found: Vec<Vec<Vec<Problem>>> = docs.iter().map(|d| detector.detect_document(d)).collect();
    let tasks: Vec<_> = docs
        .iter()
        .zip(&found)
        .flat_map(|(d, p)| record::tasks(d, p))
        .collect();
    let problems: Vec<_> = docs
        .iter()
        .zip(&found)
        .flat_map(|(d, p)| record::problems(d, p))
        .collect();
    let tokenizer = Tokenizer::with_user_dicts(&args.dicts)?;
    let mentions: Vec<_> = docs
        .iter()
        .flat_map(|d| {
            let extractor = MentionExtractor::new()
                .year(d.year)
                .tokenizer(tokenizer.clone());
            record::mentions(d, &extractor)
        })
        .collect();
    let assignments: Vec<_> = docs.iter().flat_map(record::assignments).collect();
    let documents: Vec<_> = docs.iter().map(record::document).collect();
    let warnings: Vec<_> = docs.iter().flat_map(record::warnings).collect();
    write_csv(dir, &tasks, opts)?;
    write_csv(dir, &assignments, opts)?;
    write_csv(dir, &documents, opts)?;
    write_csv(dir, &warnings, opts)?;
    write_csv(dir, &problems, opts)?;
    write_csv(dir, &mentions, opts)?;
    if !args.quiet {
        let summary = Summary::new(&docs, &found, &mentions, started.elapsed());
        eprint!("{summary}");
        eprintln!("wrote {}", dir.display());
    }
    Ok(if failed > 0 {
        super::EXIT_SOME_FAILED
    } else {
        super::EXIT_OK
    })
}

pub fn read_document(parser: &Parser, input: &Path) -> anyhow::Result<Document> {
    let name = input.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        buf
    } else if input.is_dir() {
        anyhow::bail!("{name}: is a directory, not a report file");
    } else {
        std::fs::read(input).with_context(|| format!("{name}: cannot read the file"))?
    };
    let text = jinzhan::input::decode(&bytes)
        .with_context(|| name.clone())?
        .text;
    let source = input
        .file_name()
        .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
    parser.parse(&source, &text).with_context(|| name.clone())
}
