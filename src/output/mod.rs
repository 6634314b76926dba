//! Writing outputs: CSV files that open cleanly in Excel and WPS.

mod csv;

pub use self::csv::{write_csv, write_csv_to, CsvOptions};
