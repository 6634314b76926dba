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

/// The package `template` with its part `name` replaced by `part`.
fn replace(template: &[u8], name: &str, part: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template)).expect("the fixture is a zip");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read");
        files.push((entry.name().expect("a name").to_string(), bytes));
    }
    let refs: Vec<(&str, &[u8])> =
        files.iter().map(|(n, b)| (n.as_str(), if n == name { part } else { b.as_slice() })).collect();
    zip_of(&refs)
}

/// A Word package (the lead-column template: styles, numbering) whose
/// `word/document.xml` is `document`.
pub fn docx(document: &[u8]) -> Vec<u8> {
    static TEMPLATE: &[u8] = include_bytes!("../../tests/fixtures/templates/lead-column.docx");
    replace(TEMPLATE, "word/document.xml", document)
}

/// A workbook (the leader-column template: its shared strings, styles)
/// whose first sheet is `sheet`.
pub fn xlsx(sheet: &[u8]) -> Vec<u8> {
    static TEMPLATE: &[u8] = include_bytes!("../../tests/fixtures/templates/leader-column.xlsx");
    replace(TEMPLATE, "xl/worksheets/sheet1.xml", sheet)
}
