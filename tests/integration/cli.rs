//! What a person meets first: help, completions, the manual, the terminal
//! view of `problems` (wrapping, labels, figures) and Chinese headers.

use crate::harness::*;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

const TABLES: [&str; 8] = [
    "tasks.csv",
    "mentions.csv",
    "problems.csv",
    "targets.csv",
    "deadlines.csv",
    "assignments.csv",
    "warnings.csv",
    "documents.csv",
];
const FORMATS: [&str; 6] = [".txt", ".docx", ".xlsx", ".xls", ".html", ".htm"];

fn stdout(args: &[&str]) -> String {
    let out = jinzhan(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn run_with(env: &[(&str, &str)], args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzhan"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_tells_the_truth() {
    let extract = stdout(&["extract", "--help"]);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for table in TABLES {
        assert!(extract.contains(table), "extract --help names {table}");
        assert!(readme.contains(&format!("**{table}**")), "the README documents {table}");
    }
    for format in FORMATS {
        assert!(extract.contains(format), "extract --help names {format}");
        assert!(stdout(&["problems", "--help"]).contains(format), "problems --help names {format}");
        assert!(readme.contains(&format!("`{format}`")), "the README names {format}");
    }
    let top = stdout(&["--help"]);
    for word in
        ["tasks", "mentions", "problems", "targets", "deadlines", "assignments", "warnings", "documents"]
    {
        assert!(top.contains(word), "--help: {word}");
    }
    for help in [&top, &extract, &stdout(&["problems", "--help"]), &stdout(&["scan", "--help"])] {
        let examples = help.split("Examples:").nth(1).expect("examples at the end of every help");
        assert!(examples.lines().filter(|l| l.contains("jinzhan ")).count() >= 2, "{examples}");
    }
    let version = stdout(&["--version"]);
    assert!(version.starts_with(&format!("jinzhan {}", env!("CARGO_PKG_VERSION"))), "{version}");
}

#[test]
fn completions_and_manual_pages() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains("extract") && script.contains("out-dir"), "{shell}");
    }
    let page = stdout(&["man"]);
    assert!(page.contains(".TH jinzhan 1") && page.contains("extract"));
    let page = stdout(&["man", "extract"]);
    assert!(page.contains(".TH jinzhan-extract 1") && page.contains("max\\-input\\-size"));
    assert_eq!(jinzhan(&["man", "nothing"]).status.code(), Some(2));
}

/// A report whose task is long, with English words and a money target
/// behind its pace.
fn long_report(dir: &Path) -> std::path::PathBuf {
    let task = "加快推进 infrastructure investment 和 Smart City 平台建设，确保完成基础设施投资424亿元以上，\
                并在 Guangdong-Hong Kong-Macao Greater Bay Area 框架下推进 cross-border cooperation 项目落地见效。";
    let text = format!(
        "2018年市政府重点工作1-9月进展情况汇总表\n一、许晓雄同志分管工作（共1项）\n\t1\n\t{task}\n\t市发展改革局\n\t张三\n\
         \t按进度完成。\n1-9月完成基础设施投资249.16亿元，受征地影响 phase two 推迟开工。\n存在问题：受台风影响，部分 construction sites 停工两周，\
         工期延误；资金到位 slower than planned。\n"
    );
    let path = dir.join("long.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_terminal_view_wraps_at_the_width() {
    let dir = workdir("cli-wrap");
    let report = long_report(&dir);
    for width in [60usize, 100] {
        let text = run_with(&[("COLUMNS", &width.to_string())], &["problems", report.to_str().unwrap()]);
        assert!(text.lines().count() > 6, "{text}");
        for line in text.lines() {
            assert!(line.width() <= width, "{width}: {} columns: {line}", line.width());
        }
        // No English word is cut in two.
        let words = "infrastructure investment Smart City Guangdong-Hong Kong-Macao Greater Bay Area \
                     cross-border cooperation construction sites slower than planned";
        let printed: Vec<&str> = text.split(|c: char| !c.is_ascii_alphabetic() && c != '-').collect();
        for word in words.split(' ').flat_map(|w| w.split('-')) {
            assert!(
                printed.iter().any(|p| p.split('-').any(|q| q == word)),
                "{width}: {word} split:\n{text}"
            );
        }
    }
}

#[test]
fn the_terminal_view_speaks_chinese_and_writes_yuan_as_readers_do() {
    let dir = workdir("cli-labels");
    let report = long_report(&dir);
    let zh = run_with(&[("COLUMNS", "200")], &["problems", report.to_str().unwrap()]);
    assert!(zh.starts_with("long.txt：1 项任务有问题"), "{zh}");
    assert!(zh.contains("[存在问题、进展受阻、进度偏慢]"), "{zh}");
    assert!(zh.contains("存在问题：受台风影响"), "{zh}");
    assert!(zh.contains("基础设施投资：249.16亿元 / 424亿元 = 58.8%，应达 75%"), "{zh}");
    for english in ["explicit", "implicit", "pace", "percent", "against", "CNY", "24916000000"] {
        assert!(!zh.contains(english), "{english} in the Chinese view:\n{zh}");
    }
    let en = run_with(&[("COLUMNS", "200")], &["problems", report.to_str().unwrap(), "--lang", "en"]);
    assert!(en.starts_with("long.txt: 1 tasks flagged"), "{en}");
    assert!(en.contains("[explicit|implicit|pace]"), "{en}");
    assert!(en.contains("基础设施投资: 249.16亿元 / 424亿元 = 58.8%, expected 75%"), "{en}");
}

#[test]
fn problems_reads_folders_and_writes_csv_like_extract() {
    let dir = workdir("cli-problems");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::copy(CORPUS, reports.join("a.txt")).unwrap();
    long_report(&reports);
    let text = stdout(&["problems", reports.to_str().unwrap()]);
    assert!(text.contains("a.txt：31 项任务有问题") && text.contains("long.txt：1 项任务有问题"), "{text}");
    // A file gets the BOM (Excel), a pipe none; --no-bom drops it.
    let file = dir.join("p.csv");
    stdout(&["problems", reports.to_str().unwrap(), "--format", "csv", "-o", file.to_str().unwrap()]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}source,task_id,kind".as_bytes()));
    let rows = read_csv(&file);
    assert_eq!(rows.iter().filter(|r| r["source"] == "long.txt").count(), 3);
    assert_eq!(rows.iter().filter(|r| r["source"] == "a.txt").count(), 41);
    let piped = stdout(&["problems", reports.to_str().unwrap(), "--format", "csv"]);
    assert!(piped.starts_with("source,task_id,kind"));
    stdout(&[
        "problems",
        reports.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
        "--no-bom",
    ]);
    assert!(std::fs::read(&file).unwrap().starts_with(b"source,"));
    // Every input option of extract.
    let config = dir.join("layout.txt");
    std::fs::write(&config, "[columns]\n推进成效\tprogress\n").unwrap();
    let dict = dir.join("words.dict");
    std::fs::write(&dict, "基础设施投资 100 n\n").unwrap();
    let args = ["problems", reports.to_str().unwrap(), "--config", config.to_str().unwrap(), "--dict"];
    let text = stdout(
        &[&args[..], &[dict.to_str().unwrap(), "--layout", "table", "--year", "2018", "-j", "1"]].concat(),
    );
    assert!(text.contains("long.txt：1 项任务有问题"));
}

#[test]
fn chinese_headers_are_a_view() {
    let dir = workdir("cli-headers");
    let out = dir.join("out");
    stdout(&[
        "extract",
        CORPUS,
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--headers",
        "zh",
        "--format",
        "csv",
        "--format",
        "xlsx",
    ]);
    let first = |file: &str| {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        text.trim_start_matches('\u{feff}').lines().next().unwrap().to_string()
    };
    assert!(first("tasks.csv").starts_with("来源文件,任务编号,行序,板块序号,板块,分管领导,板块应有任务数,序号,子项序号,子项,工作任务,牵头单位,责任单位,责任人,完成状态"));
    assert_eq!(
        first("problems.csv"),
        "来源文件,任务编号,问题类型,触发词,问题内容,起始位置,结束位置,所在字段"
    );
    // The rows are the same as with the English names.
    let zh = std::fs::read_to_string(out.join("tasks.csv")).unwrap();
    let en = std::fs::read_to_string(corpus_out().join("tasks.csv")).unwrap();
    assert_eq!(zh.lines().skip(1).collect::<Vec<_>>(), en.lines().skip(1).collect::<Vec<_>>());
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("jinzhan.xlsx")).unwrap();
    let tasks = wb.worksheet_range("tasks").unwrap();
    assert_eq!(tasks.get((0, 11)), Some(&Data::String("牵头单位".into())));
    let by_section = wb.worksheet_range("by_section").unwrap();
    assert_eq!(by_section.get((0, 9)), Some(&Data::String("未按进度完成".into())));
    let csv = stdout(&["problems", CORPUS, "--format", "csv", "--headers", "zh"]);
    assert!(csv.starts_with("来源文件,任务编号,问题类型"));
}

#[test]
fn an_output_folder_holds_one_runs_files() {
    let dir = workdir("cli-stale");
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    stdout(&["extract", CORPUS, "-o", o, "-q", "--format", "xlsx", "--format", "csv"]);
    std::fs::write(out.join("my-notes.txt"), "the analyst's own file").unwrap();
    std::fs::write(out.join("tasks-by-hand.csv"), "not jinzhan's").unwrap();
    // The next run writes CSV only: the old workbook goes, the user's files stay.
    stdout(&["extract", CORPUS, "-o", o, "-q"]);
    assert!(!out.join("jinzhan.xlsx").exists(), "the earlier run's workbook is removed");
    assert!(out.join("tasks.csv").is_file());
    assert_eq!(std::fs::read_to_string(out.join("my-notes.txt")).unwrap(), "the analyst's own file");
    assert!(out.join("tasks-by-hand.csv").is_file());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let files: Vec<&str> =
        manifest["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(files.len(), 8, "{files:?}");
    assert!(!files.contains(&"jinzhan.xlsx"));
    let tasks = manifest["files"].as_array().unwrap().iter().find(|f| f["name"] == "tasks.csv").unwrap();
    assert_eq!(tasks["rows"], 289);
    assert_eq!(manifest["inputs"][0]["status"], "ok");
    assert!(manifest["version"].as_str().unwrap().starts_with(env!("CARGO_PKG_VERSION")));
}
