//! Whole files mutated as they are: seed it with the fixtures
//! (`fuzz/seed.sh`) so libFuzzer starts from real .docx, .xlsx and .xls.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| jinzhan_fuzz::extract(data));
