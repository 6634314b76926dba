//! The workbook, JSON and JSONL outputs read back and compared with the CSV
//! tables; formula injection; atomic writes.

use crate::harness::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;

fn extract_formats(input: &Path, dir: &Path, formats: &[&str]) {
    let mut args = vec!["extract", input.to_str().unwrap(), "--out-dir", dir.to_str().unwrap(), "-q"];
    for f in formats {
        args.extend(["--format", f]);
    }
    let out = jinzhan(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn corpus_all_formats() -> &'static Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = workdir("all-formats");
        extract_formats(Path::new(CORPUS), &dir, &["csv", "xlsx", "json", "jsonl"]);
        dir
    })
}

#[test]
fn workbook_matches_the_csv_tables() {
    let dir = corpus_all_formats();
    let mut wb: Xlsx<_> = open_workbook(dir.join("jinzhan.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "tasks",
            "mentions",
            "problems",
            "targets",
            "deadlines",
            "assignments",
            "warnings",
            "documents",
            "by_section",
            "by_kind",
            "money"
        ]
    );
    for (sheet, file) in [
        ("tasks", "tasks.csv"),
        ("mentions", "mentions.csv"),
        ("problems", "problems.csv"),
        ("targets", "targets.csv"),
        ("deadlines", "deadlines.csv"),
        ("assignments", "assignments.csv"),
        ("warnings", "warnings.csv"),
        ("documents", "documents.csv"),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        let csv = read_csv(&dir.join(file));
        assert_eq!(range.height(), csv.len() + 1, "{sheet}: rows");
        let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
        for (r, row) in range.rows().skip(1).enumerate() {
            for (h, cell) in header.iter().zip(row) {
                let want = &csv[r][h];
                let have = match cell {
                    Data::Empty => String::new(),
                    Data::Float(f) => {
                        // Compare numbers as numbers: 4.90 in CSV is 4.9.
                        assert!(
                            (f - want.parse::<f64>().unwrap()).abs() < 1e-6 * f.abs().max(1.0),
                            "{sheet} {h}: {f} vs {want}"
                        );
                        continue;
                    }
                    Data::Bool(b) => b.to_string(),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    other => other.to_string(),
                };
                // CSV text is formula-guarded; the workbook keeps the text as is.
                let want = want.strip_prefix('\'').filter(|_| !have.starts_with('\'')).unwrap_or(want);
                assert_eq!(&have, want, "{sheet} row {} column {h}", r + 2);
            }
        }
    }
    // Typed cells: mentions.value is a number, date_start a date, behind_schedule a boolean.
    let mentions = wb.worksheet_range("mentions").unwrap();
    let header: Vec<String> = mentions.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let money = mentions.rows().find(|r| r[col("text")] == "1,732,022万元").unwrap();
    assert_eq!(money[col("value")], Data::Float(17320220000.0));
    let dated = mentions.rows().find(|r| r[col("text")] == "9月底").unwrap();
    assert!(matches!(dated[col("date_start")], Data::DateTime(_)));
    let tasks = wb.worksheet_range("tasks").unwrap();
    assert_eq!(tasks.get((1, 7)), Some(&Data::Float(1.0)), "seq is a number cell");
    // by_section: one row per section, tasks by status per task (a group of
    // sub-items is one task), adding up to the tasks found.
    let by_section = wb.worksheet_range("by_section").unwrap();
    let header: Vec<String> = by_section.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..6], ["source", "section_no", "section", "leader", "declared", "tasks_found"]);
    let rows: Vec<&[Data]> = by_section.rows().skip(1).collect();
    assert_eq!(rows.len(), 11);
    let num = |c: &Data| match c {
        Data::Float(f) => *f,
        other => panic!("not a number: {other:?}"),
    };
    for row in &rows {
        let by_status: f64 = row[6..13].iter().map(num).sum();
        assert_eq!(by_status, num(&row[5]), "{:?}", row[2]);
        assert_eq!(num(&row[5]), num(&row[4]), "every section of the report is complete");
    }
    assert_eq!(num(&rows[4][5]), 33.0, "section 5: 33 tasks, not its 49 rows");
    let by_kind = wb.worksheet_range("by_kind").unwrap();
    let implicit = by_kind.rows().find(|r| r[0] == "problem" && r[1] == "implicit").unwrap();
    assert_eq!(implicit[2], Data::Float(18.0));
    let money = wb.worksheet_range("money").unwrap();
    assert!(matches!(money.get((1, 3)), Some(Data::Float(_))), "money in 亿元 as a number");
    // Actual figures only, checked by hand against the progress texts.
    // Section 2: 2-10's 租房补贴580993.32元; 2-16's 人均 amounts left out.
    // Section 10: 791.9 + 160 + 1039.07 + 1075 + 42.06 + 9.94 + 3.56 亿元 and
    // 480.31 + 2823.67 + 335 万元 = 3121.8939 亿元; left out: the plans
    // (投资总额, 计划总投资, 涉及设备金额 of applications) and the size classes
    // (超亿元项目, 超10亿元项目, 1000-2000万元企业).
    let section = |no: f64| money.rows().find(|r| r[1] == Data::Float(no)).unwrap().to_vec();
    let (s2, s10) = (section(2.0), section(10.0));
    assert_eq!((num(&s2[3]), num(&s2[4]), num(&s2[5])), (0.0058, 1.0, 2.0));
    assert_eq!((num(&s10[3]), num(&s10[4]), num(&s10[5])), (3121.8939, 10.0, 12.0));
    assert_eq!(money.rows().next().unwrap()[4], Data::String("actual_figures".into()));
}

#[test]
fn json_is_the_document_model() {
    let dir = corpus_all_formats();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("jinzhan.json")).unwrap()).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["title"], "2018年市政府重点工作1-9月进展情况汇总表");
    assert_eq!(doc["sections"].as_array().unwrap().len(), 11);
    let task = &doc["sections"][1]["tasks"][7];
    assert_eq!(task["id"], "2-8");
    assert_eq!(task["persons"][0], "陈霞");
    assert_eq!(task["status"]["code"], "on_track");
    let mention = task["mentions"].as_array().unwrap().iter().find(|m| m["text"] == "39783人").unwrap();
    assert_eq!((mention["field"].as_str(), mention["value"].as_str()), (Some("progress"), Some("39783")));
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 69);

    let lines: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("jinzhan.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 289);
    let t = lines.iter().find(|l| l["id"] == "9-14").unwrap();
    assert_eq!(t["problems"][0]["kind"], "explicit");
    assert_eq!(t["leader"], "林飞鸣");
}

#[test]
fn report_text_never_becomes_a_formula() {
    let dir = workdir("injection");
    let input = dir.join("r.txt");
    std::fs::write(
        &input,
        "2018年重点工作进展情况汇总表\n一、甲同志分管工作（共1项）\n\t1\n\t=cmd|' /C calc'!A0\n\t+市甲局\n-李四\n\t@张三\n赵六\n\t按进度完成。\n-2+3=1\n",
    )
    .unwrap();
    extract_formats(&input, &dir, &["csv", "xlsx"]);
    let t = &read_csv(&dir.join("tasks.csv"))[0];
    assert_eq!(t["task"], "'=cmd|' /C calc'!A0");
    assert_eq!(t["units"], "'+市甲局|-李四");
    assert_eq!(t["persons"], "'@张三|赵六");
    assert_eq!(t["progress"], "'-2+3=1");
    let mut wb: Xlsx<_> = open_workbook(dir.join("jinzhan.xlsx")).unwrap();
    let tasks = wb.worksheet_range("tasks").unwrap();
    let header: Vec<String> = tasks.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let row = tasks.rows().nth(1).unwrap();
    let task = &row[header.iter().position(|h| h == "task").unwrap()];
    assert_eq!(task, &Data::String("=cmd|' /C calc'!A0".into()), "a string cell, not a formula");
    let formulas = wb.worksheet_formula("tasks").unwrap();
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "no formula in the workbook");
}

#[test]
fn a_failed_run_keeps_the_previous_output() {
    let dir = workdir("atomic");
    let input = dir.join("r.txt");
    std::fs::copy(CORPUS, &input).unwrap();
    let out = dir.join("out");
    extract(&[&input], &out);
    let before = std::fs::read(out.join("tasks.csv")).unwrap();
    // The next run cannot write warnings.csv (a folder stands in its way):
    // it fails, and the files it could not finish are left as they were.
    std::fs::remove_file(out.join("warnings.csv")).unwrap();
    std::fs::create_dir(out.join("warnings.csv")).unwrap();
    std::fs::write(&input, std::fs::read_to_string(CORPUS).unwrap().replace("按进度完成", "已完成")).unwrap();
    let run = jinzhan(&["extract", input.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "-q"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("warnings.csv"));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp") || name.starts_with(".jinzhan-staging"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
    // The set is all or nothing: every file of the previous run is still there
    // and unchanged, the new run's tasks (with 已完成 for 按进度完成) are not.
    assert!(String::from_utf8_lossy(&before).contains(",按进度完成,"), "the new run would differ");
    assert_eq!(std::fs::read(out.join("tasks.csv")).unwrap(), before, "tasks.csv is the old one");
    assert!(out.join("mentions.csv").is_file() && out.join("manifest.json").is_file());
}

/// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD.
fn excel_date(serial: f64) -> String {
    // Days from 1970-01-01, then the civil-from-days algorithm (H. Hinnant).
    let z = serial.floor() as i64 - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
