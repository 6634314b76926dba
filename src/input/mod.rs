//! Reading input: bytes to normalized text.
//!
//! A report arrives as bytes in UTF-8 (with or without BOM), GB18030/GBK or
//! UTF-16 (with BOM). [`decode`] detects the encoding (it does not guess by
//! failing UTF-8: GBK is recognised with `chardetng`), rejects empty and binary
//! input with a typed error, and normalizes line ends to `\n`.

mod decode;
mod docx;
mod sheet;

pub use decode::{decode, Decoded, Encoding};
pub use docx::docx_to_text;
pub use sheet::sheet_to_text;

/// Reads a report's bytes as text: a Word .docx is unpacked (see
/// [`docx_to_text`]), an Excel workbook (.xlsx, or .xls) read sheet by sheet
/// (see [`sheet_to_text`]), anything else decoded as text (see [`decode`]).
///
/// # Errors
///
/// As [`decode`] and [`docx_to_text`].
pub fn read_text(bytes: &[u8]) -> crate::Result<String> {
    let zip = bytes.starts_with(b"PK\x03\x04");
    let excel = (zip && contains(bytes, b"xl/workbook.xml"))
        || (bytes.starts_with(b"\xD0\xCF\x11\xE0") && contains(bytes, "W\0o\0r\0k\0b\0o\0o\0k".as_bytes()));
    if excel || zip {
        let text = if excel { sheet_to_text(bytes)? } else { docx_to_text(bytes)? };
        if text.trim().is_empty() {
            return Err(crate::Error::new(crate::ErrorKind::Empty));
        }
        Ok(text)
    } else {
        Ok(decode(bytes)?.text)
    }
}

/// Whether `needle` occurs in `haystack` (zip entry names are stored in clear).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}
