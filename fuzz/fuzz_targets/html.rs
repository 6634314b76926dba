//! The web-page reader: the bytes follow a doctype, so they are read as HTML.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut page = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>".to_vec();
    page.extend_from_slice(data);
    jinzhan_fuzz::extract(&page);
});
