//! Writing outputs: CSV files that open cleanly in Excel and WPS, an XLSX
//! workbook, JSON and JSON lines — each a [`Sink`](crate::pipeline::Sink)
//! that writes report by report — and the [`Staging`] folder that makes a
//! run's set of files appear together, with a `manifest.json`.

mod atomic;
mod csv;
mod headers;
#[cfg(feature = "dashboard")]
mod html;
mod json;
mod staging;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use self::atomic::write_atomic;
pub use self::csv::{write_csv_to, CsvOptions, CsvSink, CsvTable};
pub use self::headers::Headers;
#[cfg(feature = "dashboard")]
pub use self::html::{compare_page, HtmlSink};
pub use self::json::{write_jsonl_to, JsonSink, JsonlSink};
pub use self::staging::{Manifest, ManifestFile, ManifestInput, Staging};
#[cfg(feature = "xlsx")]
pub use self::xlsx::{Book, XlsxSink};

use crate::error::{Error, ErrorKind};
use serde::Serialize;
use std::path::Path;

/// A file a sink wrote, with its row count (documents for JSON, lines for
/// JSON lines; none for the workbook).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputFile {
    /// The file name in the output folder.
    pub name: String,
    /// Rows written.
    pub rows: Option<u64>,
}

pub(crate) fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::with_source(ErrorKind::Output { path: path.to_path_buf() }, e)
}

/// An error and its causes as one line, each cause once (a cause that only
/// repeats the message before it is left out).
///
/// # Examples
///
/// ```
/// let e = jinzhan::Error::with_source(
///     jinzhan::ErrorKind::Docx { problem: "corrupt or truncated archive".into() },
///     std::io::Error::other("invalid checksum"),
/// );
/// assert_eq!(jinzhan::output::message(&e), "cannot read the Word document: corrupt or truncated archive: invalid checksum");
/// ```
pub fn message(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}
