//! `jinzhan scan`: mentions in plain text, one paragraph per line.

use jinzhan::extract::MentionExtractor;
use jinzhan::input::decode;
use jinzhan::output::{CsvOptions, CsvTable};
use jinzhan::record::{self, ScanRow};
use jinzhan::tokenize::Tokenizer;
use std::io::Write;
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
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Extra jieba dictionaries (`word [freq] [tag]` per line); repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// The largest input read, in MB; a larger one is an error (default 64).
    #[arg(long, value_name = "MB", default_value_t = 64)]
    max_input_size: u64,
}

/// The I/O error inside a serde_json error, so that a broken pipe stays one.
fn jinzhan_json_io(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    }
}

pub fn run(args: &Args) -> anyhow::Result<i32> {
    let name = args.input.display().to_string();
    let bytes = jinzhan::pipeline::read_capped(&args.input, args.max_input_size.saturating_mul(1024 * 1024))
        .map_err(|e| e.in_file(&name))?;
    let text = decode(&bytes).map_err(|e| e.in_file(&name))?.text;
    let tokenizer = Tokenizer::with_user_dicts(&args.dicts)?;
    let extractor = MentionExtractor::new().year(args.year).tokenizer(tokenizer);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let lines = text.lines().enumerate().map(|(i, line)| (i + 1, line, extractor.extract(line)));
    match args.format {
        Format::Csv => {
            let mut table = CsvTable::new::<ScanRow<'static>>(
                &mut out,
                CsvOptions { bom: false, ..CsvOptions::default() },
                true,
            )?;
            for (n, line, mentions) in lines {
                for m in &mentions {
                    table.write(&record::scan(n, line, m))?;
                }
            }
            table.finish()?;
        }
        Format::Jsonl => {
            for (n, line, mentions) in lines {
                for m in &mentions {
                    serde_json::to_writer(&mut out, &record::scan(n, line, m)).map_err(jinzhan_json_io)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(super::EXIT_OK)
}
