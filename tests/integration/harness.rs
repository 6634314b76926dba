//! A small harness: temporary folders, running the CLI, reading CSV back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/jiangmen-2018-q1-q3.txt");

/// A fresh, empty folder for one test.
pub fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jinzhan-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary with `args`.
pub fn jinzhan(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jinzhan")).args(args).output().unwrap()
}

/// Runs `jinzhan extract INPUTS --out-dir DIR --quiet` and checks it succeeded.
pub fn extract(inputs: &[&Path], dir: &Path) {
    let mut args: Vec<String> = vec!["extract".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--out-dir".into(), dir.display().to_string(), "--quiet".into()]);
    let out = jinzhan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "extract failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// A CSV output as rows of column → value.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect())
        .collect()
}

/// Rows keyed by their `task_id`.
pub fn by_task_id(rows: Vec<HashMap<String, String>>) -> HashMap<String, HashMap<String, String>> {
    rows.into_iter().map(|r| (r["task_id"].clone(), r)).collect()
}

/// The corpus extracted once per test binary into a shared folder.
pub fn corpus_out() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = workdir("corpus");
        extract(&[Path::new(CORPUS)], &dir);
        dir
    })
}

/// Asserts that `file` has the same rows in `cols` in both output folders,
/// each cell seen through `cell`, naming the first rows that differ.
pub fn same_rows(want: &Path, have: &Path, file: &str, cols: &[&str], cell: impl Fn(&str) -> String) {
    let project = |dir: &Path| -> Vec<Vec<String>> {
        read_csv(&dir.join(file)).iter().map(|r| cols.iter().map(|c| cell(&r[*c])).collect()).collect()
    };
    let (a, b) = (project(want), project(have));
    let differ: Vec<String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .take(3)
        .map(|(x, y)| format!("\n  want {x:?}\n  have {y:?}"))
        .collect();
    assert!(
        a.len() == b.len() && differ.is_empty(),
        "{file}: {} vs {} rows{}",
        a.len(),
        b.len(),
        differ.concat()
    );
}
