use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;

/// The text encoding a report was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian, with BOM.
    Utf16Le,
    /// UTF-16, big-endian, with BOM.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// Big5 (traditional Chinese).
    Big5,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Big5 => "Big5",
        }
    }
}

/// Decoded, normalized text.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text with line ends normalized to `\n` and no BOM.
    pub text: String,
    /// The encoding it was read in.
    pub encoding: Encoding,
}

/// Decodes a report's bytes to text with `\n` line ends.
///
/// # Errors
///
/// [`ErrorKind::Empty`] for input with no visible text, [`ErrorKind::Binary`]
/// for archives, office files, images and other binary data, and
/// [`ErrorKind::Encoding`] for bytes that are neither UTF-8, UTF-16 with BOM,
/// nor GB18030/GBK/Big5.
///
/// # Examples
///
/// ```
/// use jinzhan::input::{decode, Encoding};
///
/// let d = decode("序号\r\n1\r\n".as_bytes())?;
/// assert_eq!(d.text, "序号\n1\n");
/// assert_eq!(d.encoding, Encoding::Utf8);
///
/// // GBK bytes of "进展情况" are detected, not guessed.
/// let gbk = [0xBD, 0xF8, 0xD5, 0xB9, 0xC7, 0xE9, 0xBF, 0xF6];
/// assert_eq!(decode(&gbk)?.text, "进展情况");
///
/// assert!(decode(b"").is_err());
/// # Ok::<(), jinzhan::Error>(())
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    finish(decode_raw(bytes)?)
}

/// [`decode`] without a copy: valid UTF-8 becomes the text in place.
///
/// # Errors
///
/// As [`decode`].
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<Decoded> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let plain = !bom && !bytes.starts_with(b"\xFF\xFE") && !bytes.starts_with(b"\xFE\xFF");
    if (bom || plain) && binary_signature(&bytes).is_none() && !bytes.contains(&0) {
        if bom {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) if text.bytes().all(|b| b.is_ascii_whitespace()) => {
                return Err(Error::new(ErrorKind::Empty))
            }
            Ok(text) => return finish((text, if bom { Encoding::Utf8Bom } else { Encoding::Utf8 })),
            Err(e) if bom => {
                let offset = e.utf8_error().valid_up_to();
                return Err(Error::new(ErrorKind::Encoding {
                    encoding: "UTF-8".into(),
                    offset: Some(offset),
                }));
            }
            Err(e) => bytes = e.into_bytes(),
        }
    }
    decode(&bytes)
}

fn finish((text, encoding): (String, Encoding)) -> Result<Decoded> {
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    if let Some(looks_like) = binary_text(&text) {
        return Err(Error::new(ErrorKind::Binary { looks_like: looks_like.to_string() }));
    }
    Ok(Decoded { text: normalize_newlines(text), encoding })
}

fn decode_raw(bytes: &[u8]) -> Result<(String, Encoding)> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(ErrorKind::Empty));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, Encoding::Utf8Bom);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return with_encoding(encoding_rs::UTF_16LE, bytes, Encoding::Utf16Le);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return with_encoding(encoding_rs::UTF_16BE, bytes, Encoding::Utf16Be);
    }
    if let Some(looks_like) = binary_signature(bytes) {
        return Err(Error::new(ErrorKind::Binary { looks_like: looks_like.to_string() }));
    }
    if bytes.contains(&0) {
        return Err(Error::new(ErrorKind::Binary {
            looks_like: "binary data (it contains NUL bytes)".into(),
        }));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return utf8(bytes, Encoding::Utf8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        with_encoding(encoding_rs::GB18030, bytes, Encoding::Gb18030)
    } else if guess == encoding_rs::BIG5 {
        with_encoding(encoding_rs::BIG5, bytes, Encoding::Big5)
    } else {
        let offset = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
        Err(Error::new(ErrorKind::Encoding {
            encoding: format!("UTF-8 or GB18030 (it looks like {})", guess.name()),
            offset,
        }))
    }
}

fn utf8(bytes: &[u8], encoding: Encoding) -> Result<(String, Encoding)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), encoding)),
        Err(e) => {
            Err(Error::new(ErrorKind::Encoding { encoding: "UTF-8".into(), offset: Some(e.valid_up_to()) }))
        }
    }
}

fn with_encoding(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
    encoding: Encoding,
) -> Result<(String, Encoding)> {
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        let offset = text.find('\u{FFFD}');
        return Err(Error::new(ErrorKind::Encoding { encoding: encoding.name().into(), offset }));
    }
    Ok((text.into_owned(), encoding))
}

/// Recognizes common binary formats by their first bytes.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a zip archive (.docx/.xlsx); save the report as text"),
        (
            b"\xD0\xCF\x11\xE0",
            "a legacy Office file (.doc/.xls) or a password-protected document; remove the password or convert it, \
             e.g. soffice --headless --convert-to docx",
        ),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x7FELF", "an executable"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, what)| *what)
}

/// Text with NUL bytes or many control characters is binary data.
fn binary_text(text: &str) -> Option<&'static str> {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        if c == '\0' {
            return Some("binary data (it contains NUL bytes)");
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{000C}') {
            controls += 1;
        }
    }
    (controls * 20 > total).then_some("binary data (many control characters)")
}

fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let text = "二、张元醒同志分管工作（共18项）\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for (bytes, enc) in [
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (bom, Encoding::Utf8Bom),
            (gbk.into_owned(), Encoding::Gb18030),
            (utf16, Encoding::Utf16Le),
        ] {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, enc);
        }
    }

    #[test]
    fn bad_input() {
        let kind = |b: &[u8]| decode(b).unwrap_err().kind().clone();
        assert_eq!(kind(b""), ErrorKind::Empty);
        assert_eq!(kind(b" \r\n\t"), ErrorKind::Empty);
        assert!(matches!(kind(b"PK\x03\x04abc"), ErrorKind::Binary { .. }));
        assert!(matches!(kind(b"ab\0cd\0ef"), ErrorKind::Binary { .. }));
        assert!(matches!(kind(b"\xD0\xCF\x11\xE0"), ErrorKind::Binary { .. }));
    }

    #[test]
    fn crlf_and_cr() {
        assert_eq!(decode(b"a\r\nb\rc").unwrap().text, "a\nb\nc");
    }
}
