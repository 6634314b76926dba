//! The library's error type: an opaque [`Error`] with a [`kind`](Error::kind).

use std::fmt;
use std::path::PathBuf;

/// A specialized `Result` for jinzhan.
pub type Result<T> = std::result::Result<T, Error>;

/// An error from reading or parsing a report.
///
/// Doubtful content inside a readable report is never an error: it becomes a
/// [`Warning`](crate::Warning) on the document. Errors are for input that cannot be
/// read as a report at all (empty, binary, undecodable) and for I/O failures.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    file: Option<String>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no text (zero bytes, or only white space).
    Empty,
    /// The input looks like a binary file, not text.
    Binary {
        /// What the bytes look like, e.g. "a zip archive (.docx/.xlsx)".
        looks_like: String,
    },
    /// The bytes are not valid UTF-8, UTF-16 or GB18030/GBK text.
    Encoding {
        /// The encoding that was detected or tried.
        encoding: String,
        /// Byte offset of the first undecodable byte, if known.
        offset: Option<usize>,
    },
    /// A .docx that cannot be read: corrupt, truncated, encrypted, too large,
    /// or not a Word document.
    Docx {
        /// What is wrong with it.
        problem: String,
    },
    /// A PDF that cannot be read: corrupt, a scan without a text layer,
    /// fonts without a text mapping.
    Pdf {
        /// What is wrong with it.
        problem: String,
    },
    /// An Excel workbook that cannot be read.
    Sheet {
        /// What is wrong with it.
        problem: String,
    },
    /// No section heading or task table was found in the text.
    NoStructure,
    /// Reading or writing a file failed.
    Io {
        /// The file concerned.
        path: PathBuf,
    },
    /// A dictionary entry or configuration line could not be read.
    Dictionary {
        /// The dictionary's name or path.
        name: String,
        /// 1-based line of the bad entry.
        line: usize,
    },
    /// Writing an output failed.
    Output {
        /// The output file concerned.
        path: PathBuf,
    },
    /// An input is larger than the cap (a runaway file, /dev/zero, a bomb).
    TooLarge {
        /// What is too large: the file, the text of a document.
        what: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// The file is encrypted with a password.
    PasswordProtected,
    /// A legacy format jinzhan does not read, with how to convert it.
    Legacy {
        /// The format, e.g. "a Word .doc".
        format: String,
        /// A command that converts it.
        convert: String,
    },
    /// This build of jinzhan cannot read the format (a crate feature is off).
    Unsupported {
        /// The format.
        format: &'static str,
        /// The crate feature that reads it.
        feature: &'static str,
    },
    /// Another jinzhan run is writing into the same output folder.
    Locked {
        /// The output folder.
        path: PathBuf,
    },
}

impl Error {
    /// Creates an error of the given kind with no underlying cause.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, source: None, file: None }
    }

    /// Creates an error of the given kind caused by `source`.
    pub fn with_source(
        kind: ErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error { kind, source: Some(source.into()), file: None }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The input the error is about, as named in the output (`source`).
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The same error, about input `file`: its message starts with the name.
    pub fn in_file(mut self, file: &str) -> Error {
        self.file = Some(file.to_string());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        match &self.kind {
            ErrorKind::Empty => write!(f, "the file is empty (no text to read)"),
            ErrorKind::Binary { looks_like } => {
                write!(f, "not a text report: the file looks like {looks_like}")
            }
            ErrorKind::Encoding { encoding, offset } => {
                write!(f, "cannot decode the text as {encoding}")?;
                if let Some(o) = offset {
                    write!(f, " (bad byte at offset {o})")?;
                }
                write!(f, "; save the report as UTF-8 or GBK text")
            }
            ErrorKind::Docx { problem } => write!(f, "cannot read the Word document: {problem}"),
            ErrorKind::Sheet { problem } => write!(f, "cannot read the Excel workbook: {problem}"),
            ErrorKind::Pdf { problem } => write!(f, "cannot read the PDF: {problem}"),
            ErrorKind::NoStructure => {
                write!(f, "no section heading (一、…), task table or numbered list found: is this a progress report?")
            }
            ErrorKind::Io { path } => write!(f, "cannot read {}", path.display()),
            ErrorKind::Dictionary { name, line } => {
                write!(f, "bad entry in dictionary {name} at line {line}")
            }
            ErrorKind::Output { path } => write!(f, "cannot write {}", path.display()),
            ErrorKind::TooLarge { what, limit } => {
                write!(f, "{what} is larger than the limit of {limit} bytes")
            }
            ErrorKind::PasswordProtected => {
                write!(f, "the file is protected by a password; remove the password and save it again")
            }
            ErrorKind::Legacy { format, convert } => {
                write!(f, "{format} cannot be read; convert it, e.g. {convert}")
            }
            ErrorKind::Unsupported { format, feature } => {
                write!(f, "this build reads no {format} (it was built without the `{feature}` feature)")
            }
            ErrorKind::Locked { path } => {
                write!(f, "another jinzhan run is writing into {}; wait for it to finish", path.display())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static))
    }
}
