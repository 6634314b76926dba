//! Any bytes, as a file given on the command line: sniffing, decoding and
//! the text layouts (table dump, numbered list).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jinzhan_fuzz::extract(data));
