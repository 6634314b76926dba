use super::{io_error, OutputFile};
use crate::error::Result;
use crate::extract::{Mention, Problem, Report};
use crate::pipeline::Sink;
use crate::structure::Task;
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The I/O error inside a serde_json error, so that a broken pipe stays one.
pub(crate) fn json_io(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    }
}

/// `jinzhan.json`: `{"documents": [...]}`, each document with its sections,
/// tasks, and each task's mentions and problems (see [`Report`]'s
/// serialization), written document by document.
pub struct JsonSink {
    path: PathBuf,
    out: BufWriter<File>,
    documents: u64,
}

impl JsonSink {
    /// `dir/jinzhan.json`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`](crate::ErrorKind::Output) when it cannot be created.
    pub fn create(dir: &Path) -> Result<JsonSink> {
        let path = dir.join("jinzhan.json");
        let file = File::create(&path).map_err(|e| io_error(&path, e))?;
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        out.write_all(b"{\"documents\": [").map_err(|e| io_error(&path, e))?;
        Ok(JsonSink { path, out, documents: 0 })
    }

    /// The file written and its document count.
    pub fn files(&self) -> Vec<OutputFile> {
        vec![OutputFile { name: "jinzhan.json".into(), rows: Some(self.documents) }]
    }
}

impl Sink for JsonSink {
    fn report(&mut self, report: &Report) -> Result<()> {
        let sep: &[u8] = if self.documents == 0 { b"\n" } else { b",\n" };
        self.out
            .write_all(sep)
            .and_then(|_| serde_json::to_writer_pretty(&mut self.out, report).map_err(json_io))
            .map_err(|e| io_error(&self.path, e))?;
        self.documents += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out
            .write_all(b"\n]}\n")
            .and_then(|_| self.out.flush())
            .and_then(|_| self.out.get_ref().sync_all())
            .map_err(|e| io_error(&self.path, e))
    }
}

/// One task of `jinzhan.jsonl`: its source, section, mentions and problems.
#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
    section_no: u32,
    section: &'a str,
    leader: &'a Option<String>,
    #[serde(flatten)]
    task: &'a Task,
    task_mentions: &'a [Mention],
    progress_mentions: &'a [Mention],
    problem_mentions: &'a [Mention],
    problems: &'a [Problem],
}

/// `jinzhan.jsonl`: one task per line, for streaming tools.
pub struct JsonlSink {
    path: PathBuf,
    out: BufWriter<File>,
    lines: u64,
}

impl JsonlSink {
    /// `dir/jinzhan.jsonl`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`](crate::ErrorKind::Output) when it cannot be created.
    pub fn create(dir: &Path) -> Result<JsonlSink> {
        let path = dir.join("jinzhan.jsonl");
        let file = File::create(&path).map_err(|e| io_error(&path, e))?;
        Ok(JsonlSink { path, out: BufWriter::with_capacity(256 * 1024, file), lines: 0 })
    }

    /// The file written and its line count.
    pub fn files(&self) -> Vec<OutputFile> {
        vec![OutputFile { name: "jinzhan.jsonl".into(), rows: Some(self.lines) }]
    }
}

/// Writes the tasks of `report` as JSON lines to `out`.
///
/// # Errors
///
/// Any error of `out`; a broken pipe stays an [`std::io::ErrorKind::BrokenPipe`].
pub fn write_jsonl_to<W: Write>(out: &mut W, report: &Report) -> std::io::Result<u64> {
    let mut n = 0;
    for (s, t, f) in report.tasks() {
        let line = Line {
            source: &report.document.source,
            section_no: s.no,
            section: &s.heading,
            leader: &s.leader,
            task: t,
            task_mentions: &f.task_mentions,
            progress_mentions: &f.progress_mentions,
            problem_mentions: &f.problem_mentions,
            problems: &f.problems,
        };
        serde_json::to_writer(&mut *out, &line).map_err(json_io)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    Ok(n)
}

impl Sink for JsonlSink {
    fn report(&mut self, report: &Report) -> Result<()> {
        self.lines += write_jsonl_to(&mut self.out, report).map_err(|e| io_error(&self.path, e))?;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().and_then(|_| self.out.get_ref().sync_all()).map_err(|e| io_error(&self.path, e))
    }
}
