//! Word .docx: the body's paragraphs and tables, as the text-dump layout the
//! parser reads (a table cell starts on a tab-led line, its other paragraphs
//! follow on their own lines, a blank line ends a row).
//!
//! Read with `zip` and `quick-xml`, streaming. Merged cells: a cell continuing a
//! vertical merge (`w:vMerge` without `restart`) is empty, as in Word's own text
//! export; a horizontally merged cell (`w:gridSpan`) is one cell, and a row of
//! one cell spanning the table (a section heading) becomes a paragraph.
//! Tracked changes: text in `w:del` is not part of the document, `w:ins` is.

use crate::error::{Error, ErrorKind, Result};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

/// At most this many entries in the archive (a zip bomb has many).
const MAX_ENTRIES: usize = 10_000;
/// At most this many bytes of uncompressed `word/document.xml`.
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

/// Extracts the text of a .docx in the text-dump layout.
///
/// # Errors
///
/// [`ErrorKind::Docx`] for a corrupt or truncated archive, an archive that is
/// not a Word document, a password-protected file, or one that unpacks to
/// more than the size cap.
pub fn docx_to_text(bytes: &[u8]) -> Result<String> {
    docx_to_text_capped(bytes, MAX_XML_BYTES)
}

fn docx_to_text_capped(bytes: &[u8], max_xml: u64) -> Result<String> {
    let bad = |what: &str| Error::new(ErrorKind::Docx { problem: what.to_string() });
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Docx { problem: "corrupt or truncated archive".into() }, e)
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(&format!("{} entries in the archive (at most {MAX_ENTRIES})", zip.len())));
    }
    let excel = zip.file_names().any(|n| n.is_ok_and(|n| n.starts_with("xl/")));
    let entry = match zip.by_name("word/document.xml") {
        Ok(entry) => entry,
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
            return Err(bad("password-protected"));
        }
        Err(_) if excel => {
            return Err(bad("an Excel workbook, not a Word document"));
        }
        Err(e) => {
            return Err(Error::with_source(
                ErrorKind::Docx { problem: "no word/document.xml: not a Word document".into() },
                e,
            ))
        }
    };
    if entry.encrypted() {
        return Err(bad("password-protected"));
    }
    let too_big = || bad(&format!("word/document.xml unpacks to more than {max_xml} bytes (a zip bomb?)"));
    if entry.size() > max_xml {
        return Err(too_big());
    }
    // The declared size can lie: never read more than the cap.
    let mut limited = entry.take(max_xml + 1);
    let mut text = String::new();
    Body::default().read(BufReader::new(&mut limited), &mut text)?;
    if limited.limit() == 0 {
        return Err(too_big());
    }
    Ok(text)
}

/// The state of the walk through `word/document.xml`.
#[derive(Default)]
struct Body {
    /// Nesting depth of tables (a nested table's text stays in its cell).
    tables: usize,
    /// Inside `w:del`: skip text.
    deleted: usize,
    /// Inside a field instruction (`w:instrText`): skip text.
    instruction: bool,
    /// The current paragraph's text.
    paragraph: String,
    /// The current cell's paragraphs.
    cell: Vec<String>,
    /// Whether the current cell continues a vertical merge.
    continued: bool,
    /// The current cell's horizontal span.
    span: usize,
    /// The current row: (paragraphs, span).
    row: Vec<(Vec<String>, usize)>,
    /// Grid columns of the outermost table.
    grid: usize,
}

impl Body {
    fn read<R: std::io::BufRead>(mut self, input: R, out: &mut String) -> Result<()> {
        let mut reader = quick_xml::Reader::from_reader(input);
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|e| {
                Error::with_source(
                    ErrorKind::Docx { problem: "malformed or truncated document.xml".into() },
                    e,
                )
            })?;
            match event {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => {
                    // <w:p/> is an empty paragraph: it still makes a line.
                    self.start(&e, true);
                    if matches!(e.local_name().as_ref(), "p" | "tc" | "tr") {
                        self.end(e.local_name().as_ref(), out);
                    }
                }
                Event::End(e) => self.end(e.local_name().as_ref(), out),
                Event::Text(t) if self.deleted == 0 && !self.instruction => {
                    self.paragraph.push_str(&t.xml10_content());
                }
                Event::GeneralRef(r) if self.deleted == 0 && !self.instruction => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.paragraph.push(c);
                    } else {
                        self.paragraph.push_str(match r.xml10_content().as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if self.tables > 0 {
            return Err(Error::new(ErrorKind::Docx {
                problem: "truncated document.xml (a table is not closed)".into(),
            }));
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let val = || {
            e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
            })
        };
        match e.local_name().as_ref() {
            "tbl" if !empty => self.tables += 1,
            "gridCol" if self.tables == 1 => self.grid += 1,
            "tc" if !empty && self.tables == 1 => {
                self.cell.clear();
                self.continued = false;
                self.span = 1;
            }
            "gridSpan" if self.tables == 1 => self.span = val().and_then(|v| v.parse().ok()).unwrap_or(1),
            "vMerge" if self.tables == 1 => self.continued = val().as_deref() != Some("restart"),
            "del" if !empty => self.deleted += 1,
            "instrText" if !empty => self.instruction = true,
            "br" | "cr" if self.deleted == 0 => self.paragraph.push('\n'),
            "tab" if self.deleted == 0 => self.paragraph.push('\t'),
            _ => {}
        }
    }

    fn end(&mut self, name: &str, out: &mut String) {
        match name {
            "p" => {
                let text = std::mem::take(&mut self.paragraph);
                if self.tables == 0 {
                    out.push_str(&text);
                    out.push('\n');
                } else {
                    self.cell.extend(text.split('\n').map(str::to_string));
                }
            }
            "tc" if self.tables == 1 => {
                let mut paragraphs = std::mem::take(&mut self.cell);
                if self.continued {
                    paragraphs.clear();
                }
                self.row.push((paragraphs, self.span));
            }
            "tr" if self.tables == 1 => self.flush_row(out),
            "tbl" => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.grid = 0;
                }
            }
            "del" => self.deleted = self.deleted.saturating_sub(1),
            "instrText" => self.instruction = false,
            _ => {}
        }
    }

    /// Writes a row: a cell per tab-led line, its other paragraphs below, a
    /// blank line after. A single cell spanning the table is a paragraph.
    fn flush_row(&mut self, out: &mut String) {
        let row = std::mem::take(&mut self.row);
        if let [(paragraphs, span)] = row.as_slice() {
            if *span > 1 && *span >= self.grid {
                for p in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
                    out.push_str(p);
                    out.push('\n');
                }
                return;
            }
        }
        for (paragraphs, _) in &row {
            out.push('\t');
            let mut lines = paragraphs.iter();
            out.push_str(lines.next().map_or("", String::as_str));
            out.push('\n');
            for line in lines {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn size_cap_holds_even_when_the_declared_size_lies() {
        let xml = format!(
            "<w:document><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
            "x".repeat(5000)
        );
        let bytes = zip_with(&[("word/document.xml", xml.as_bytes())]);
        let e = docx_to_text_capped(&bytes, 1000).unwrap_err();
        assert!(e.to_string().contains("more than 1000 bytes"), "{e}");
        assert!(docx_to_text_capped(&bytes, 100_000).is_ok());
    }

    #[test]
    fn bad_archives() {
        let kind = |b: &[u8]| docx_to_text(b).unwrap_err().to_string();
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("f{i}")).collect();
        let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert!(kind(&zip_with(&many)).contains("entries"));
        assert!(kind(&zip_with(&[("xl/workbook.xml", b"<x/>")])).contains("Excel"));
        assert!(kind(&zip_with(&[("a.txt", b"hi")])).contains("not a Word document"));
        assert!(kind(&zip_with(&[("word/document.xml", b"<w:document><w:body><w:tbl><w:tr>")]))
            .contains("truncated"));
        assert!(kind(b"PK\x03\x04 truncated").contains("corrupt or truncated"));
    }
}
