//! Reading input: bytes to normalized text.
//!
//! A report arrives as bytes in UTF-8 (with or without BOM), GB18030/GBK or
//! UTF-16 (with BOM). [`decode`] detects the encoding (it does not guess by
//! failing UTF-8: GBK is recognised with `chardetng`), rejects empty and binary
//! input with a typed error, and normalizes line ends to `\n`.

mod decode;

pub use decode::{decode, Decoded, Encoding};
