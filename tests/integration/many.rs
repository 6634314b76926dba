//! Many files at once: folders, order, outcomes.

use crate::harness::*;

#[test]
fn a_folder_of_reports_in_a_stable_order() {
    let dir = workdir("many");
    let reports = dir.join("reports");
    std::fs::create_dir_all(reports.join("2018/q3")).unwrap();
    for name in ["b.txt", "a.TXT", "2018/q3/c.txt"] {
        std::fs::copy(CORPUS, reports.join(name)).unwrap();
    }
    std::fs::write(reports.join("2018/notes.md"), "not a report").unwrap();
    std::fs::write(reports.join("2018/empty.txt"), "").unwrap();
    let run = |out: &str| {
        let out = dir.join(out);
        let r = jinzhan(&["extract", reports.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "-q"]);
        assert_eq!(r.status.code(), Some(1), "one input failed");
        out
    };
    let (one, two) = (run("one"), run("two"));
    let docs = read_csv(&one.join("documents.csv"));
    let outcome: Vec<(&str, &str)> =
        docs.iter().map(|d| (d["source"].as_str(), d["status"].as_str())).collect();
    assert_eq!(
        outcome,
        [("2018/empty.txt", "failed"), ("2018/q3/c.txt", "ok"), ("a.TXT", "ok"), ("b.txt", "ok")]
    );
    assert!(docs[0]["error"].contains("empty"));
    let tasks = read_csv(&one.join("tasks.csv"));
    assert_eq!(tasks.len(), 3 * 289);
    let sources: Vec<&str> = tasks.iter().map(|t| t["source"].as_str()).collect();
    assert_eq!((sources[0], sources[289], sources[578]), ("2018/q3/c.txt", "a.TXT", "b.txt"));
    // Whatever the thread timing, the same bytes.
    for file in ["tasks.csv", "mentions.csv", "problems.csv", "targets.csv", "documents.csv"] {
        assert_eq!(std::fs::read(one.join(file)).unwrap(), std::fs::read(two.join(file)).unwrap(), "{file}");
    }
}
