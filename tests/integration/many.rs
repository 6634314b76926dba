//! Many files at once: folders, order, outcomes.

use crate::harness::*;
use std::path::Path;

#[test]
fn a_folder_of_reports_in_a_stable_order() {
    let dir = workdir("many");
    let reports = dir.join("reports");
    std::fs::create_dir_all(reports.join("2018/q3")).unwrap();
    for name in ["b.txt", "a.TXT", "2018/q3/c.txt"] {
        std::fs::copy(CORPUS, reports.join(name)).unwrap();
    }
    let templates = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/templates");
    for name in ["leader-column.xlsx", "lead-column.docx", "web-page.html"] {
        std::fs::copy(Path::new(templates).join(name), reports.join("2018").join(name)).unwrap();
    }
    std::fs::write(reports.join("2018/notes.md"), "not a report").unwrap();
    std::fs::write(reports.join("2018/empty.txt"), "").unwrap();
    let run = |threads: &str| {
        let out = dir.join(format!("j{threads}"));
        let r = jinzhan(&[
            "extract",
            reports.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "-q",
            "-j",
            threads,
            "--format",
            "csv",
            "--format",
            "jsonl",
            "--format",
            "json",
        ]);
        assert_eq!(r.status.code(), Some(1), "one input failed");
        out
    };
    let (one, two) = (run("1"), run("2"));
    let docs = read_csv(&one.join("documents.csv"));
    let outcome: Vec<(&str, &str)> =
        docs.iter().map(|d| (d["source"].as_str(), d["status"].as_str())).collect();
    assert_eq!(
        outcome,
        [
            ("2018/empty.txt", "failed"),
            ("2018/lead-column.docx", "ok"),
            ("2018/leader-column.xlsx", "ok"),
            ("2018/q3/c.txt", "ok"),
            ("2018/web-page.html", "ok"),
            ("a.TXT", "ok"),
            ("b.txt", "ok")
        ]
    );
    assert!(docs[0]["error"].contains("empty"));
    let tasks = read_csv(&one.join("tasks.csv"));
    let sources: Vec<&str> = tasks.iter().map(|t| t["source"].as_str()).collect();
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for s in sources {
        match runs.last_mut() {
            Some((last, n)) if *last == s => *n += 1,
            _ => runs.push((s, 1)),
        }
    }
    assert_eq!(
        runs.iter().map(|r| r.0).collect::<Vec<_>>(),
        [
            "2018/lead-column.docx",
            "2018/leader-column.xlsx",
            "2018/q3/c.txt",
            "2018/web-page.html",
            "a.TXT",
            "b.txt"
        ]
    );
    assert!(runs.iter().all(|r| r.1 >= 253), "every report complete: {runs:?}");
    // One thread or two, the same bytes in every file but the manifest's time.
    let mut files: Vec<String> = std::fs::read_dir(&one)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".jinzhan.lock")
        .collect();
    files.sort();
    assert_eq!(files.len(), 11, "{files:?}");
    for file in files.iter().filter(|f| *f != "manifest.json") {
        assert_eq!(std::fs::read(one.join(file)).unwrap(), std::fs::read(two.join(file)).unwrap(), "{file}");
    }
}
