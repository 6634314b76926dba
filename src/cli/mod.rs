//! Command-line arguments and the subcommands' `run` functions.

mod compare;
mod extract;
mod inputs;
mod problems;
mod scan;
mod summary;
mod view;

use clap::{CommandFactory, Parser, Subcommand};

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
  jinzhan problems corpora/jiangmen-2018-q1-q3.txt
  jinzhan compare 2018-q2.docx 2018-q3.docx
  jinzhan completions bash > ~/.local/share/bash-completion/completions/jinzhan
  jinzhan man extract | man -l -";

/// Header rows for `--headers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HeadersArg {
    /// The documented English column names (source, task_id, lead_unit …).
    En,
    /// Chinese headers (来源文件, 任务编号, 牵头单位 …; dictionaries/headers.tsv).
    Zh,
}

impl From<HeadersArg> for jinzhan::output::Headers {
    fn from(h: HeadersArg) -> Self {
        match h {
            HeadersArg::En => jinzhan::output::Headers::En,
            HeadersArg::Zh => jinzhan::output::Headers::Zh,
        }
    }
}

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
    /// Compare reports of the same tasks: which slipped, recovered or were completed, new and
    /// resolved problems, figures that moved, tasks added or removed (changes.csv, task_map.csv,
    /// timeline.csv).
    #[command(after_help = compare::AFTER_HELP)]
    Compare(compare::Args),
    /// Print a shell completion script: `jinzhan completions bash > ~/.local/share/bash-completion/completions/jinzhan`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of jinzhan or of one subcommand: `jinzhan man extract | man -l -`.
    Man {
        /// The subcommand; none for the main page.
        #[arg(value_enum)]
        command: Option<ManPage>,
    },
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
        Command::Compare(args) => compare::run(&args, threads),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "jinzhan", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
        Command::Man { command } => man(command),
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

/// The subcommands with a manual page of their own.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ManPage {
    Extract,
    Problems,
    Scan,
    Compare,
}

/// Writes the manual page of jinzhan or of one subcommand.
fn man(page: Option<ManPage>) -> anyhow::Result<i32> {
    let cli = Cli::command();
    let (sub, title) = match page {
        None => return render(cli),
        Some(ManPage::Extract) => ("extract", "jinzhan-extract"),
        Some(ManPage::Problems) => ("problems", "jinzhan-problems"),
        Some(ManPage::Scan) => ("scan", "jinzhan-scan"),
        Some(ManPage::Compare) => ("compare", "jinzhan-compare"),
    };
    let Some(sub) = cli.find_subcommand(sub) else { anyhow::bail!("no subcommand {sub}") };
    render(sub.clone().name(title))
}

fn render(cmd: clap::Command) -> anyhow::Result<i32> {
    clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
    Ok(EXIT_OK)
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
