//! The input options every reading subcommand shares, and the expansion of
//! folders into files.

use anyhow::Context;
use jinzhan::pipeline::{Extractor, Input};
use jinzhan::Layout;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Layouts for `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// A table: cells on tab-led lines, a Word or web table, a sheet.
    Table,
    /// Numbered paragraphs with 牵头单位：/完成情况： labels.
    List,
}

/// The file extensions read in folders.
pub const EXTENSIONS: &[&str] = &["txt", "docx", "xlsx", "xls", "html", "htm", "pdf"];

/// Options for reading reports.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Report files or folders (.txt, .docx, .xlsx, .xls, .html, .htm, .pdf; folders
    /// are read recursively); `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The reports' year, for dates written without one (overrides the title).
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub year: Option<i32>,
    /// The reports' layout: a table or numbered paragraphs; detected when not given.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<LayoutArg>,
    /// Extra statuses, column headings, labels and heading patterns, in the
    /// format of dictionaries/layout.txt (added to the built-in ones).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra jieba dictionaries (`word [freq] [tag]` per line) for subjects; repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// The largest input file read, in MB; a larger one is an error (default 64).
    #[arg(long, value_name = "MB", default_value_t = 64)]
    pub max_input_size: u64,
    /// How many percentage points a level target's completion may trail the
    /// share of the year elapsed and still count as on pace.
    #[arg(long, value_name = "PP", default_value = "5")]
    pub pace_tolerance: jinzhan::extract::Decimal,
}

impl InputArgs {
    /// The extractor these options describe; `threads` as for the run.
    pub fn extractor(&self, threads: usize) -> anyhow::Result<Extractor> {
        let layout = match self.layout {
            Some(LayoutArg::Table) => Layout::Table,
            Some(LayoutArg::List) => Layout::List,
            None => Layout::Auto,
        };
        let mut b = Extractor::builder()
            .year(self.year)
            .layout(layout)
            .threads(threads)
            .max_input_bytes(self.max_input_size.saturating_mul(1024 * 1024))
            .pace_tolerance(self.pace_tolerance);
        if let Some(path) = &self.config {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the file", path.display()))?;
            b = b.config(&path.display().to_string(), &text);
        }
        for d in &self.dicts {
            b = b.dict(d);
        }
        Ok(b.build()?)
    }

    /// The options as the manifest records them.
    pub fn options(&self) -> Vec<(String, String)> {
        let mut o = vec![
            ("max_input_size_mb".to_string(), self.max_input_size.to_string()),
            ("pace_tolerance_pp".to_string(), self.pace_tolerance.to_string()),
        ];
        if let Some(y) = self.year {
            o.push(("year".into(), y.to_string()));
        }
        if let Some(l) = self.layout {
            o.push(("layout".into(), format!("{l:?}").to_lowercase()));
        }
        if let Some(c) = &self.config {
            o.push(("config".into(), c.display().to_string()));
        }
        for (i, d) in self.dicts.iter().enumerate() {
            o.push((format!("dict{}", i + 1), d.display().to_string()));
        }
        o
    }
}

/// The files to read: each file as given (named by its file name), and the
/// report files below each folder (named by their path inside the folder),
/// sorted by path so that the output order never depends on timing.
/// Symbolic links are followed, but a loop is reported once and a file is
/// read once however many links lead to it; only regular files are read.
/// A folder without report files and a loop are failed inputs.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        if !path.is_dir() {
            let source = if path.as_os_str() == "-" {
                "-".to_string()
            } else {
                path.file_name().map_or(path.display().to_string(), |f| f.to_string_lossy().into_owned())
            };
            inputs.push(Input { path: path.clone(), source, failed: None });
            continue;
        }
        let mut found: Vec<Input> = Vec::new();
        let walk = walkdir::WalkDir::new(path).follow_links(true).sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(|| path.clone(), Path::to_path_buf);
                    let source = at.strip_prefix(path).unwrap_or(&at).display().to_string();
                    let why = match e.loop_ancestor() {
                        Some(a) => format!("a symbolic link loop back to {}: not followed", a.display()),
                        None => e.to_string(),
                    };
                    found.push(Input { path: at, source, failed: Some(why) });
                    continue;
                }
            };
            let p = entry.path();
            let wanted = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            if entry.file_type().is_dir() || !wanted {
                continue;
            }
            let source = p.strip_prefix(path).unwrap_or(p).display().to_string();
            if !entry.file_type().is_file() {
                found.push(Input {
                    path: p.to_path_buf(),
                    source,
                    failed: Some("not a regular file (a device, a pipe or a socket): not read".into()),
                });
                continue;
            }
            // The same file through two links is read once.
            if !seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())) {
                continue;
            }
            found.push(Input { path: p.to_path_buf(), source, failed: None });
        }
        if found.is_empty() {
            let list = EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ");
            let why = format!("is a directory with no report files ({list})");
            inputs.push(Input { path: path.clone(), source: path.display().to_string(), failed: Some(why) });
        }
        inputs.extend(found);
    }
    inputs
}
