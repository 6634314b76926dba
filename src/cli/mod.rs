//! Command-line arguments and the subcommands' `run` functions.

mod extract;
mod inputs;
mod problems;
mod scan;
mod summary;

use clap::{Parser, Subcommand};

/// Exit code: everything worked.
pub const EXIT_OK: i32 = 0;
/// Exit code: some inputs could not be read.
pub const EXIT_SOME_FAILED: i32 = 1;
/// Exit code: bad usage or a fatal error (outputs not written).
pub const EXIT_FATAL: i32 = 2;

const AFTER_HELP: &str = "\
Examples:
  jinzhan extract corpora/jiangmen-2018-q1-q3.txt
  jinzhan extract reports/ --out-dir out/2018 --year 2018
  jinzhan extract - < report.txt
  jinzhan problems corpora/jiangmen-2018-q1-q3.txt";

/// Reads Chinese government work-progress reports and writes structured data.
#[derive(Debug, Parser)]
#[command(name = "jinzhan", version = jinzhan::version(), about, after_help = AFTER_HELP)]
struct Cli {
    /// Threads to use (default: all cores; 1: no worker threads).
    #[arg(long, short = 'j', global = true, value_name = "N")]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read reports and write tasks, mentions, problems, targets, deadlines, assignments,
    /// warnings and documents (CSV, XLSX, JSON).
    #[command(after_help = extract::AFTER_HELP)]
    Extract(extract::Args),
    /// Print the tasks that are behind or report problems, most serious first.
    #[command(after_help = problems::AFTER_HELP)]
    Problems(problems::Args),
    /// Print the mentions (numbers, amounts, percentages, dates) in plain text, one paragraph per line.
    #[command(after_help = scan::AFTER_HELP)]
    Scan(scan::Args),
}

/// Parses the arguments, runs the subcommand and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FATAL } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    // An interrupted run leaves no temporary files.
    let _ = ctrlc::set_handler(|| {
        jinzhan::output::Staging::remove_unfinished();
        std::process::exit(130);
    });
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cli.threads.filter(|&n| n > 0).unwrap_or(cores);
    if threads > 1 {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
        // Load jieba's dictionary while the first report is read and parsed.
        std::thread::spawn(|| drop(jinzhan::tokenize::Tokenizer::shared()));
    }
    let result = match cli.command {
        Command::Extract(args) => extract::run(&args, threads),
        Command::Problems(args) => problems::run(&args, threads),
        Command::Scan(args) => scan::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            let text = match e.downcast_ref::<jinzhan::Error>() {
                Some(j) => jinzhan::output::message(j),
                None => format!("{e:#}"),
            };
            eprintln!("jinzhan: {text}");
            EXIT_FATAL
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<jinzhan::Error>().is_some_and(|j| {
                std::error::Error::source(j)
                    .and_then(|s| s.downcast_ref::<std::io::Error>())
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}
