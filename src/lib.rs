//! jinzhan (进展) reads Chinese government work-progress reports and turns
//! their free text into structured data.
//!
//! The front door is [`pipeline::Extractor`]: built once, it turns a report's
//! bytes (text, .docx, .xlsx/.xls, saved web page) into a [`extract::Report`];
//! [`pipeline::run`] streams many files through it into [`pipeline::Sink`]s
//! such as the writers of [`output`].
//!
//! ```
//! use jinzhan::pipeline::Extractor;
//!
//! let bytes = "2018年市政府重点工作1-9月进展情况汇总表\n\
//!              一、胡钛同志分管工作（共1项）\n\
//!              \t1\n\t推进综治视联网和“雪亮工程”建设。\n（牵头单位：市委政法委）\n\
//!              \t市委政法委\n市公安局\n\t赖惠镇\n谢焱冰\n\t按进度完成。\n联通率100%。\n";
//! let report = Extractor::new().extract("report.txt", bytes.as_bytes())?;
//! let (_, task, found) = report.tasks().next().unwrap();
//! assert_eq!(task.units, ["市委政法委", "市公安局"]);
//! assert_eq!(found.progress_mentions[0].text, "100%");
//! let row = jinzhan::record::tasks(&report).next().unwrap();
//! assert_eq!(row.status_code, "on_track");
//! # Ok::<(), jinzhan::Error>(())
//! ```
//!
//! Underneath, the pipeline follows the data: bytes are read into paragraphs
//! and table grids ([`input`]), parsed into a [`Document`] of [`Section`]s and
//! [`Task`]s ([`parse`], [`Parser`]), analyzed ([`extract`]) and flattened
//! into borrowed, typed rows ([`record`]) that the [`output`] writers save.
//!
//! # Glossary
//!
//! | term | meaning |
//! |---|---|
//! | 进展情况 | progress: the narrative of what was done |
//! | 序号 | the printed task number (`seq`) |
//! | 牵头单位 | lead unit; 责任单位 responsible units; 责任人 responsible persons |
//! | 分管工作 | the tasks a leader is in charge of: one section |
//! | 存在问题 | problems: a labelled section of the progress text |
//! | 万 / 亿 | 10⁴ / 10⁸; 亩 is a unit of area (1/15 hectare) |
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

/// Gives a fieldless enum its names as written in CSV: `as_str` and `parse`.
macro_rules! csv_names {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            /// The value as written in CSV.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }

            /// Parses a value as written by [`as_str`](Self::as_str).
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)* _ => None }
            }
        }
    };
}

pub mod compare;
mod error;
pub mod extract;
pub mod input;
pub mod output;
mod par;
pub mod pipeline;
pub mod record;
mod structure;
pub mod tokenize;

pub use error::{Error, ErrorKind, Result};
pub use structure::{
    parse, Document, Layout, Parser, Section, Status, StatusCode, Task, UnitRole, Warning, WarningKind,
};

/// jinzhan's version, with the git commit it was built from when known:
/// `0.1.0 (3f2a9c1d0e)`.
pub fn version() -> &'static str {
    static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| match env!("JINZHAN_COMMIT") {
        "" => env!("CARGO_PKG_VERSION").to_string(),
        commit => format!("{} ({commit})", env!("CARGO_PKG_VERSION")),
    });
    &VERSION
}

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
