//! Bad input gets one clear error line naming the file and a non-zero exit;
//! the other inputs of the run are still processed.

use crate::harness::*;

#[test]
fn bad_files_are_reported_and_skipped() {
    let dir = workdir("bad");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("image.bin");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    let docx = dir.join("report.docx");
    std::fs::write(&docx, b"PK\x03\x04\x14\x00truncated").unwrap();
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9 na\xefve r\xe9sum\xe9 \xe0 la cr\xe8me br\xfbl\xe9e").unwrap();
    let missing = dir.join("missing.txt");
    let folder = dir.join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let out_dir = dir.join("out");
    let out = jinzhan(&[
        "extract",
        empty.to_str().unwrap(),
        binary.to_str().unwrap(),
        docx.to_str().unwrap(),
        latin1.to_str().unwrap(),
        missing.to_str().unwrap(),
        folder.to_str().unwrap(),
        CORPUS,
        "--out-dir",
        out_dir.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 6, "one line per bad file:\n{stderr}");
    for (file, says) in [
        ("empty.txt", "empty"),
        ("image.bin", "binary"),
        ("report.docx", "corrupt or truncated"),
        ("latin1.txt", "cannot decode"),
        ("missing.txt", "cannot read"),
        ("folder", "directory"),
    ] {
        assert!(
            lines.iter().any(|l| l.contains(file) && l.contains(says)),
            "{file}: no line saying {says}:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"));
    // The good report was still processed.
    assert_eq!(read_csv(&out_dir.join("tasks.csv")).len(), 289);
}

#[test]
fn nothing_readable_writes_nothing() {
    let dir = workdir("nothing");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let out_dir = dir.join("out");
    let out = jinzhan(&["extract", empty.to_str().unwrap(), "--out-dir", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_dir.exists(), "no output for a run where no report could be read");
}

#[test]
fn text_without_structure_is_an_error() {
    let dir = workdir("prose");
    let prose = dir.join("prose.txt");
    std::fs::write(&prose, "今天天气很好。\n我们去公园散步。\n").unwrap();
    let out = jinzhan(&["extract", prose.to_str().unwrap(), "--out-dir", dir.join("o").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("prose.txt: no section heading"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(jinzhan(&["extract"]).status.code(), Some(2));
    assert_eq!(jinzhan(&["frobnicate"]).status.code(), Some(2));
    let help = jinzhan(&["extract", "--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}
