//! `jinzhan scan`: mentions in plain text, one paragraph per line.

use anyhow::Context;
use jinzhan::extract::MentionExtractor;
use jinzhan::input::decode;
use jinzhan::output::{write_csv_to, CsvOptions};
use jinzhan::record;
use jinzhan::tokenize::Tokenizer;
use std::io::{Read, Write};
use std::path::PathBuf;

pub const AFTER_HELP: &str = "\
Examples:
  echo '1-9月，全市实现规模以上工业增加值791.9亿元，同比增长9.7%。' | jinzhan scan --year 2018
  jinzhan scan notes.txt --format jsonl > mentions.jsonl";

/// Output formats of `jinzhan scan`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// CSV with a header row.
    Csv,
    /// One JSON object per mention.
    Jsonl,
}

/// Arguments of `jinzhan scan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A text file (one paragraph per line); `-` or nothing reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    input: PathBuf,
    /// The year that dates without one take.
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Extra jieba dictionaries (`word [freq] [tag]` per line); repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
}

pub fn run(args: &Args) -> anyhow::Result<i32> {
    let name = args.input.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("cannot read standard input")?;
        buf
    } else {
        std::fs::read(&args.input).with_context(|| format!("{name}: cannot read the file"))?
    };
    let text = decode(&bytes).with_context(|| name.clone())?.text;
    let tokenizer = Tokenizer::with_user_dicts(&args.dicts)?;
    let extractor = MentionExtractor::new().year(args.year).tokenizer(tokenizer);
    let rows: Vec<record::ScanRow> = text
        .lines()
        .enumerate()
        .flat_map(|(i, line)| extractor.extract(line).into_iter().map(move |m| (i + 1, m)))
        .map(|(line, m)| record::scan(line, &m))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Csv => write_csv_to(&mut out, &rows, CsvOptions { bom: false, raw: false }, true)?,
        Format::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut out, row)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}
