//! Helpers of the fuzz targets: the extractor every target feeds, and the
//! smallest Word and Excel packages around a fuzzed part, so that libFuzzer
//! mutates the XML the readers parse rather than the zip around it.

use std::io::Write;
use std::sync::LazyLock;

/// One extractor for the whole fuzzing run (building it loads jieba).
pub static EXTRACTOR: LazyLock<jinzhan::pipeline::Extractor> =
    LazyLock::new(|| jinzhan::pipeline::Extractor::builder().max_input_bytes(1 << 20).build().expect("built"));

/// Extracts `bytes`: any outcome but a panic, an abort or a hang is fine;
/// an error must name the source.
pub fn extract(bytes: &[u8]) {
    if let Err(e) = EXTRACTOR.extract("fuzz", bytes) {
        assert!(e.to_string().contains("fuzz"), "the error names the file: {e}");
    }
}

/// A zip of `files`, stored without compression.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(*name, options).expect("an entry");
        zip.write_all(bytes).expect("written");
    }
    zip.finish().expect("a zip").into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

/// A .docx whose `word/document.xml` is `document`.
pub fn docx(document: &[u8]) -> Vec<u8> {
    zip_of(&[("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", document)])
}

/// An .xlsx with one sheet whose XML is `sheet`.
pub fn xlsx(sheet: &[u8]) -> Vec<u8> {
    let workbook = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}
