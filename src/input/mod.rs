//! Reading input: bytes to normalized text.
//!
//! A report arrives as bytes in UTF-8 (with or without BOM), GB18030/GBK or
//! UTF-16 (with BOM). [`decode`] detects the encoding (it does not guess by
//! failing UTF-8: GBK is recognised with `chardetng`), rejects empty and binary
//! input with a typed error, and normalizes line ends to `\n`.

mod decode;
mod docx;

pub use decode::{decode, Decoded, Encoding};
pub use docx::docx_to_text;

/// Reads a report's bytes as text: a Word .docx is unpacked (see
/// [`docx_to_text`]), anything else decoded as text (see [`decode`]).
///
/// # Errors
///
/// As [`decode`] and [`docx_to_text`].
pub fn read_text(bytes: &[u8]) -> crate::Result<String> {
    if bytes.starts_with(b"PK\x03\x04") {
        let text = docx_to_text(bytes)?;
        if text.trim().is_empty() {
            return Err(crate::Error::new(crate::ErrorKind::Empty));
        }
        Ok(text)
    } else {
        Ok(decode(bytes)?.text)
    }
}
