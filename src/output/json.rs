use super::write_atomic;
use crate::error::Result;
use crate::extract::{Mention, Problem, Report};
use crate::structure::Task;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `dir/jinzhan.json`: `{"documents": [...]}`, each document with its
/// sections, tasks, and each task's mentions and problems (see
/// [`Report`]'s serialization).
///
/// # Errors
///
/// [`ErrorKind::Output`](crate::ErrorKind::Output) when the file cannot be written.
pub fn write_json(dir: &Path, reports: &[Report]) -> Result<PathBuf> {
    #[derive(Serialize)]
    struct All<'a> {
        documents: &'a [Report],
    }
    let path = dir.join("jinzhan.json");
    write_atomic(&path, |w| {
        serde_json::to_writer_pretty(&mut *w, &All { documents: reports }).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    Ok(path)
}

/// Writes `dir/jinzhan.jsonl`: one task per line, with its source, section,
/// mentions and problems, for streaming tools.
///
/// # Errors
///
/// [`ErrorKind::Output`](crate::ErrorKind::Output) when the file cannot be written.
pub fn write_jsonl(dir: &Path, reports: &[Report]) -> Result<PathBuf> {
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
        problems: &'a [Problem],
    }
    let path = dir.join("jinzhan.jsonl");
    write_atomic(&path, |w| {
        for report in reports {
            for (s, t, f) in report.tasks() {
                let line = Line {
                    source: &report.document.source,
                    section_no: s.no,
                    section: &s.heading,
                    leader: &s.leader,
                    task: t,
                    task_mentions: &f.task_mentions,
                    progress_mentions: &f.progress_mentions,
                    problems: &f.problems,
                };
                serde_json::to_writer(&mut *w, &line).map_err(std::io::Error::other)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    Ok(path)
}
