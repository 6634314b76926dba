//! The front door: an [`Extractor`], built once, turns a report's bytes into a
//! [`Report`]; [`run`] streams many inputs through it and hands each finished
//! report to the [`Sink`]s, one at a time and in input order, with a bounded
//! window of reports in flight, so that memory is bounded by the largest
//! report and the window, never by the number of inputs.
//!
//! ```
//! use jinzhan::pipeline::Extractor;
//!
//! let extractor = Extractor::builder().year(Some(2019)).build()?;
//! let report = extractor.extract("a.txt", "一、甲同志分管工作（共1项）\n\t1\n\t新增就业4.5万人。\n\t市人社局\n\t陈霞\n\t▲未按进度完成。\n截至6月底新增1.2万人。\n".as_bytes())?;
//! let (_, task, found) = report.tasks().next().unwrap();
//! assert_eq!(task.id, "1-1");
//! assert_eq!(found.problems[0].trigger, "未按进度完成");
//! assert_eq!(found.progress_mentions[0].date_end.unwrap().to_string(), "2019-06-30");
//! # Ok::<(), jinzhan::Error>(())
//! ```

use crate::error::{Error, ErrorKind, Result};
use crate::extract::{Analyzer, Decimal, ProblemDetector, Report};
use crate::structure::{Document, Layout, Parser};
use crate::tokenize::Tokenizer;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

/// The largest input read by default: 64 MiB (a report is a few MB; this
/// stops a runaway file or `/dev/zero`, and a run's memory stays below
/// about half a gigabyte). Change it with
/// [`ExtractorBuilder::max_input_bytes`] or `--max-input-size`.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Builds an [`Extractor`].
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    year: Option<i32>,
    layout: Layout,
    config: Option<(String, String)>,
    dicts: Vec<PathBuf>,
    problems: Option<(String, String)>,
    max_input: u64,
    threads: usize,
    pace_tolerance: Option<Decimal>,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            year: None,
            layout: Layout::Auto,
            config: None,
            dicts: Vec::new(),
            problems: None,
            max_input: MAX_INPUT_BYTES,
            threads: 0,
            pace_tolerance: None,
        }
    }
}

impl ExtractorBuilder {
    /// The reports' year (dates without one take it), overriding the title's.
    pub fn year(mut self, year: Option<i32>) -> Self {
        self.year = year;
        self
    }

    /// Forces the layout (table or list) instead of detecting it.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Adds statuses, column headings, labels … in the format of
    /// `dictionaries/layout.txt` (`--config`); `name` names it in errors.
    pub fn config(mut self, name: &str, text: &str) -> Self {
        self.config = Some((name.to_string(), text.to_string()));
        self
    }

    /// Adds a jieba dictionary file (`word [freq] [tag]` per line) for subjects.
    pub fn dict(mut self, path: impl Into<PathBuf>) -> Self {
        self.dicts.push(path.into());
        self
    }

    /// Replaces the problem vocabulary (the format of `dictionaries/problems.txt`).
    pub fn problem_vocabulary(mut self, name: &str, text: &str) -> Self {
        self.problems = Some((name.to_string(), text.to_string()));
        self
    }

    /// The largest input, in bytes, that [`Extractor::extract_file`] reads.
    pub fn max_input_bytes(mut self, bytes: u64) -> Self {
        self.max_input = bytes;
        self
    }

    /// How far, in percentage points, a level target's completion may trail
    /// the share of the year elapsed and still be on pace (default 5).
    pub fn pace_tolerance(mut self, points: Decimal) -> Self {
        self.pace_tolerance = Some(points);
        self
    }

    /// How many threads analysis may use within one report: 1 analyzes on the
    /// calling thread only; 0 (the default) uses the current thread pool.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Loads the dictionaries and compiles the vocabularies.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Dictionary`] for a bad line in a configuration or
    /// dictionary, [`ErrorKind::Io`] for a dictionary file that cannot be read.
    pub fn build(self) -> Result<Extractor> {
        let mut parser = Parser::new().year(self.year).layout(self.layout);
        if let Some((name, text)) = &self.config {
            parser = parser.vocabulary(name, text)?;
        }
        // Without user dictionaries the shared tokenizer is built on first use
        // (a caller may warm it up on another thread meanwhile).
        let mut analyzer = Analyzer::new();
        if !self.dicts.is_empty() {
            analyzer = analyzer.tokenizer(Tokenizer::with_user_dicts(&self.dicts)?);
        }
        if let Some((name, text)) = &self.problems {
            analyzer = analyzer.problems(ProblemDetector::from_dictionary(name, text)?);
        }
        analyzer = analyzer.parallel(self.threads != 1);
        if let Some(points) = self.pace_tolerance {
            analyzer = analyzer.pace_tolerance(points);
        }
        parser = parser.parallel(self.threads != 1);
        Ok(Extractor { parser, analyzer, max_input: self.max_input })
    }
}

/// Reads reports: bytes to [`Report`]. Build it once and share it (it is
/// `Sync`): dictionaries and automata are loaded once.
#[derive(Debug, Clone)]
pub struct Extractor {
    parser: Parser,
    analyzer: Analyzer,
    max_input: u64,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor { parser: Parser::new(), analyzer: Analyzer::new(), max_input: MAX_INPUT_BYTES }
    }
}

impl Extractor {
    /// An extractor with the built-in dictionaries.
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// A builder for an extractor with options.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Reads and parses a report's bytes: any supported format to its
    /// [`Document`]; `source` names it in the output and in errors.
    ///
    /// # Errors
    ///
    /// As [`input::read`](crate::input::read) and
    /// [`Parser::parse_source`], the error naming `source`.
    pub fn parse(&self, source: &str, bytes: &[u8]) -> Result<Document> {
        self.parse_owned(source, bytes.to_vec())
    }

    /// [`Extractor::parse`] of bytes it may keep (a UTF-8 text is parsed in
    /// place, without a copy or a block per line).
    ///
    /// # Errors
    ///
    /// As [`Extractor::parse`].
    pub fn parse_owned(&self, source: &str, bytes: Vec<u8>) -> Result<Document> {
        let parsed = match crate::input::read_owned(bytes) {
            Ok(crate::input::Text::Plain(text)) => self.parser.parse(source, &text),
            Ok(crate::input::Text::Blocks(s)) => self.parser.parse_source(source, &s),
            Err(e) => Err(e),
        };
        parsed.map_err(|e| e.in_file(source))
    }

    /// Reads, parses and analyzes a report: its tasks with their mentions,
    /// problems, targets and deadlines.
    ///
    /// # Errors
    ///
    /// As [`Extractor::parse`].
    pub fn extract(&self, source: &str, bytes: &[u8]) -> Result<Report> {
        Ok(self.analyzer.analyze(self.parse(source, bytes)?))
    }

    /// Reads the file at `path` (at most the input cap; `-` is standard
    /// input) and extracts it as `source`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the file cannot be read, [`ErrorKind::TooLarge`]
    /// past the cap, else as [`Extractor::extract`].
    pub fn extract_file(&self, path: &Path, source: &str) -> Result<Report> {
        let bytes = read_capped(path, self.max_input).map_err(|e| e.in_file(source))?;
        Ok(self.analyzer.analyze(self.parse_owned(source, bytes)?))
    }

    /// Reads and extracts an input of a run.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the input is known to be unreadable (a symlink
    /// loop, a folder without reports), else as [`Extractor::extract_file`].
    pub fn extract_input(&self, input: &Input) -> Result<Report> {
        match &input.failed {
            Some(why) => Err(Error::with_source(
                ErrorKind::Io { path: input.path.clone() },
                std::io::Error::other(why.clone()),
            )
            .in_file(&input.source)),
            None => self.extract_file(&input.path, &input.source),
        }
    }

    /// Analyzes a parsed document.
    pub fn analyze(&self, document: Document) -> Report {
        self.analyzer.analyze(document)
    }
}

/// The bytes of a file or of standard input (`-`), at most `limit` of them.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::with_source(ErrorKind::Io { path: path.to_path_buf() }, e);
    let mut buf = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(limit.saturating_add(1)).read_to_end(&mut buf)
    } else {
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            return Err(Error::with_source(
                ErrorKind::Io { path: path.to_path_buf() },
                std::io::Error::other("is a directory, not a report file"),
            ));
        }
        // A device or a pipe named on purpose is read, up to the cap.
        if meta.is_file() && meta.len() > limit {
            return Err(Error::new(ErrorKind::TooLarge {
                what: format!("the file ({} bytes)", meta.len()),
                limit,
            }));
        }
        std::fs::File::open(path).and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut buf))
    };
    read.map_err(io)?;
    if buf.len() as u64 > limit {
        return Err(Error::new(ErrorKind::TooLarge { what: "the input".into(), limit }));
    }
    Ok(buf)
}

/// Receives the reports of a run, in input order.
///
/// The writers of `output` are sinks; so is anything that wants each report
/// as it is finished (a summary, a database loader).
pub trait Sink {
    /// A report that was read.
    ///
    /// # Errors
    ///
    /// A write failure; the run stops.
    fn report(&mut self, report: &Report) -> Result<()>;

    /// An input that could not be read, with why.
    ///
    /// # Errors
    ///
    /// A write failure; the run stops.
    fn failure(&mut self, source: &str, error: &Error) -> Result<()> {
        let _ = (source, error);
        Ok(())
    }

    /// Every input is done.
    ///
    /// # Errors
    ///
    /// A write failure.
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }

    /// Work of this sink that may run on the thread that read the report,
    /// before the report's turn comes (formatting its rows): [`run`] calls
    /// the preparer there and hands its result to [`Sink::report_prepared`].
    /// None (the default) when the sink prepares nothing.
    fn preparer(&self) -> Option<Preparer> {
        None
    }

    /// A report with what this sink's preparer made of it.
    ///
    /// # Errors
    ///
    /// A write failure; the run stops.
    fn report_prepared(&mut self, report: &Report, prepared: Prepared) -> Result<()> {
        let _ = prepared;
        self.report(report)
    }
}

/// What a [`Sink`]'s preparer made of a report, for its `report_prepared`.
pub type Prepared = Box<dyn std::any::Any + Send>;

/// A sink's work on a report that any thread may do.
pub type Preparer = Box<dyn Fn(&Report) -> Result<Prepared> + Send + Sync>;

/// An input of a run: a file (or `-`) and the name its rows carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read; `-` is standard input.
    pub path: PathBuf,
    /// The name in the output (`source`).
    pub source: String,
    /// Why the input cannot be read at all, when known before reading it (a
    /// folder without reports, a symlink loop).
    pub failed: Option<String>,
}

/// Reads `inputs` through `extractor` on `threads` threads (1: on the calling
/// thread only) and hands each outcome to the sinks in input order.
/// `progress` is called after each input. Returns the number of inputs that
/// failed.
///
/// # Errors
///
/// The first error of a sink (the run stops there).
pub fn run(
    extractor: &Extractor,
    inputs: &[Input],
    threads: usize,
    sinks: &mut [&mut dyn Sink],
    mut progress: impl FnMut(),
) -> Result<usize> {
    let mut failed = 0;
    let mut sink_error: Option<Error> = None;
    let preparers: Vec<Option<Preparer>> = sinks.iter().map(|s| s.preparer()).collect();
    ordered(
        inputs,
        threads,
        |input| -> Result<(Report, Vec<Option<Prepared>>)> {
            let report = extractor.extract_input(input)?;
            let prepared = preparers
                .iter()
                .map(|p| p.as_ref().map(|p| p(&report)).transpose())
                .collect::<Result<_>>()?;
            Ok((report, prepared))
        },
        |input, outcome| {
            progress();
            if sink_error.is_some() {
                return false;
            }
            let result = match outcome {
                Ok((report, prepared)) => sinks.iter_mut().zip(prepared).try_for_each(|(s, p)| match p {
                    Some(p) => s.report_prepared(&report, p),
                    None => s.report(&report),
                }),
                Err(e) => {
                    failed += 1;
                    sinks.iter_mut().try_for_each(|s| s.failure(&input.source, &e))
                }
            };
            if let Err(e) = result {
                sink_error = Some(e);
                return false;
            }
            true
        },
    );
    if let Some(e) = sink_error {
        return Err(e);
    }
    for s in sinks.iter_mut() {
        s.finish()?;
    }
    Ok(failed)
}

/// Maps `work` over `items` on `threads` threads and calls `each` with the
/// results in the order of the items, holding at most `2 × threads` results
/// that wait for an earlier one; `each` returning false stops the run.
///
/// Written here because rayon's ordered collect holds every result until the
/// end, and its `par_bridge` gives up the order.
pub fn ordered<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut each: impl FnMut(&T, R) -> bool,
) {
    if threads <= 1 || items.len() <= 1 {
        for item in items {
            if !each(item, work(item)) {
                return;
            }
        }
        return;
    }
    let window = 2 * threads;
    // (next index to hand out, index the consumer waits for, stop).
    let state = Mutex::new((0usize, 0usize, false));
    let turn = Condvar::new();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (state, turn, work) = (&state, &turn, &work);
            scope.spawn(move || loop {
                let i = {
                    let mut s = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    // Wait while the window is full.
                    while !s.2 && s.0 < items.len() && s.0 >= s.1 + window {
                        s = turn.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                    if s.2 || s.0 >= items.len() {
                        return;
                    }
                    s.0 += 1;
                    s.0 - 1
                };
                let Some(item) = items.get(i) else { return };
                if tx.send((i, work(item))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut waiting: std::collections::BTreeMap<usize, R> = std::collections::BTreeMap::new();
        let mut next = 0;
        'results: for (i, r) in rx.iter() {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&next) {
                let go_on = items.get(next).is_some_and(|item| each(item, r));
                next += 1;
                {
                    let mut s = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    s.1 = next;
                    s.2 = !go_on;
                }
                turn.notify_all();
                if !go_on {
                    break 'results;
                }
            }
        }
        // Stop the workers (after a sink error) and let them drain.
        state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).2 = true;
        turn.notify_all();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_keeps_the_order_and_the_window() {
        let items: Vec<u64> = (0..200).collect();
        let in_flight = std::sync::atomic::AtomicUsize::new(0);
        let max = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = Vec::new();
        ordered(
            &items,
            3,
            |&i| {
                let now = in_flight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                max.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_micros(200 - i));
                in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                i * 2
            },
            |&i, r| {
                assert_eq!(r, i * 2);
                seen.push(i);
                true
            },
        );
        assert_eq!(seen, items);
        assert!(max.load(std::sync::atomic::Ordering::SeqCst) <= 3);
        let mut count = 0;
        ordered(
            &items,
            2,
            |&i| i,
            |_, _| {
                count += 1;
                count < 10
            },
        );
        assert_eq!(count, 10, "each returning false stops the run");
    }
}
