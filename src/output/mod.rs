//! Writing outputs: CSV files that open cleanly in Excel and WPS, an XLSX
//! workbook, and JSON. Every file is written atomically.

mod atomic;
mod csv;
mod json;
mod xlsx;

pub use self::atomic::write_atomic;
pub use self::csv::{write_csv, write_csv_to, CsvOptions};
pub use self::json::{write_json, write_jsonl};
pub use self::xlsx::write_xlsx;
