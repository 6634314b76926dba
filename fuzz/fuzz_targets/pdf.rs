//! The PDF reader: any bytes after the signature (seeded with the fixtures'
//! PDFs, so mutations reach the page contents, fonts and cross-references).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend_from_slice(data.strip_prefix(b"%PDF-1.7\n".as_slice()).unwrap_or(data));
    jinzhan_fuzz::extract(&pdf);
});
