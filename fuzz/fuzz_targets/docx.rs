//! The Word reader: the bytes are `word/document.xml` of a valid package.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jinzhan_fuzz::extract(&jinzhan_fuzz::docx(data)));
