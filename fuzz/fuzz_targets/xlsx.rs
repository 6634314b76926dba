//! The Excel reader: the bytes are the one sheet of a valid workbook.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jinzhan_fuzz::extract(&jinzhan_fuzz::xlsx(data)));
