//! Other cities' templates (issue 10): the bundled report and a numbered-list
//! report rendered into other tables and formats (`cargo run --example
//! fixtures`) give the same tasks, statuses, units, persons, problems and
//! mentions as their text versions; locations aside.

use crate::harness::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

type Rows = Vec<HashMap<String, String>>;

const LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/list/report-2021.txt");

fn template(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates").join(name)
}

fn extracted(input: &Path, name: &str) -> PathBuf {
    let dir = workdir(&format!("template-{name}"));
    extract(&[input], &dir);
    dir
}

fn list_out() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| extracted(Path::new(LIST), "list-text"))
}

fn project(rows: &Rows, cols: &[&str]) -> Vec<Vec<String>> {
    rows.iter().map(|r| cols.iter().map(|c| r[*c].clone()).collect()).collect()
}

/// Asserts that `file` has the same rows in `cols` in both outputs, naming
/// the first rows that differ.
fn same(want: &Path, have: &Path, file: &str, cols: &[&str]) {
    same_rows(want, have, file, cols, |c| c.to_string());
}

const TASK: &[&str] = &[
    "task_id",
    "seq",
    "sub_no",
    "sub_item",
    "task",
    "lead_unit",
    "units",
    "status_code",
    "behind_schedule",
    "progress",
];
const MENTION: &[&str] = &["task_id", "field", "kind", "text", "start", "end", "value", "unit", "subject"];
const PROBLEM: &[&str] = &["task_id", "kind", "trigger", "text", "start", "end", "field"];

/// The bundled report in a template: 289 rows and 253 tasks as in the text.
fn bundled(name: &str, with_persons: bool, same_status_text: bool) -> PathBuf {
    let out = extracted(&template(name), name);
    let mut cols = TASK.to_vec();
    if with_persons {
        cols.push("persons");
    }
    if same_status_text {
        cols.push("status");
    }
    same(corpus_out(), &out, "tasks.csv", &cols);
    same(corpus_out(), &out, "mentions.csv", MENTION);
    // A status problem's trigger is the status as written.
    let problem: Vec<&str> =
        PROBLEM.iter().copied().filter(|c| same_status_text || *c != "trigger").collect();
    same(corpus_out(), &out, "problems.csv", &problem);
    let doc = &read_csv(&out.join("documents.csv"))[0];
    assert_eq!(
        (
            doc["title"].as_str(),
            doc["year"].as_str(),
            doc["period"].as_str(),
            doc["tasks_found"].as_str(),
            doc["sections"].as_str()
        ),
        ("2018年市政府重点工作1-9月进展情况汇总表", "2018", "1-9月", "253", "11"),
        "{name}"
    );
    out
}

#[test]
fn word_table_with_a_lead_unit_column() {
    let out = bundled("lead-column.docx", true, true);
    let t = by_task_id(read_csv(&out.join("tasks.csv")));
    // 4-13-1 names its lead unit in the 牵头单位 column; 4-10 has none and
    // takes its first responsible unit.
    assert_eq!(
        (t["4-13-1"]["lead_unit"].as_str(), t["4-13-1"]["lead_inferred"].as_str()),
        ("市体育局", "false")
    );
    assert_eq!(
        (t["4-10"]["lead_unit"].as_str(), t["4-10"]["lead_inferred"].as_str()),
        ("市文广新局", "true")
    );
    assert_eq!(t["2-8"]["location"], "table 2 row 9");
    assert_eq!(t["2-8"]["line_start"], "", "no line numbers in a Word file");
    let roles: Vec<(String, String)> = read_csv(&out.join("assignments.csv"))
        .into_iter()
        .filter(|a| a["task_id"] == "4-13-1")
        .map(|a| (a["unit"].clone(), a["role"].clone()))
        .collect();
    assert_eq!(
        roles,
        [("鹤山市政府", "responsible"), ("市体育局", "lead"), ("市文广新局", "responsible")]
            .map(|(u, r)| (u.to_string(), r.to_string()))
    );
}

#[test]
fn word_table_with_deadline_problem_and_next_step_columns() {
    // No 责任人 column in this template: persons stay empty.
    let out = bundled("problem-columns.docx", false, true);
    let warnings = read_csv(&out.join("warnings.csv"));
    assert!(warnings.iter().all(|w| w["kind"] != "unknown_column"), "every heading is understood");

    let list = extracted(&template("list-problem-columns.docx"), "list-problem-columns");
    same(list_out(), &list, "tasks.csv", &[TASK, &["next_steps"]].concat());
    same(list_out(), &list, "problems.csv", PROBLEM);
    same(list_out(), &list, "mentions.csv", MENTION);
    let deadlines: Vec<[String; 4]> = read_csv(&list.join("deadlines.csv"))
        .into_iter()
        .map(|d| ["task_id", "deadline", "status", "field"].map(|c| d[c].clone()))
        .collect();
    assert_eq!(deadlines.len(), 4, "one deadline per 完成时限 cell");
    assert_eq!(deadlines[0], ["1-1", "2021-12-31", "open", "deadline"].map(String::from));
    assert_eq!(deadlines[3], ["2-1", "2021-12-31", "met", "deadline"].map(String::from));
}

#[test]
fn word_one_table_with_section_rows() {
    bundled("one-table.docx", true, true);
}

#[test]
fn excel_sheet_with_title_rows_and_leader_and_status_columns() {
    // Statuses come from the 是否按进度 column (是, 否, 基本 …): same codes, other words.
    let out = bundled("leader-column.xlsx", true, false);
    let tasks = read_csv(&out.join("tasks.csv"));
    let want = read_csv(&corpus_out().join("tasks.csv"));
    assert_eq!(project(&tasks, &["section_no", "leader"]), project(&want, &["section_no", "leader"]));
    let t = by_task_id(tasks);
    assert_eq!((t["7-26"]["status"].as_str(), t["7-26"]["status_code"].as_str()), ("否", "behind"));
    assert_eq!(t["2-8"]["location"], "进展情况!A15", "3 rows above the data, then 4 + 8 tasks");
    let preamble: Vec<String> = read_csv(&out.join("warnings.csv"))
        .into_iter()
        .filter(|w| w["kind"] == "preamble")
        .map(|w| w["location"].clone())
        .collect();
    assert_eq!(preamble, ["进展情况!A2", "进展情况!F2"], "the 填报单位 and 填报日期 cells are accounted for");
}

#[test]
fn saved_web_page_in_gb2312_with_rowspan_and_colspan() {
    let out = bundled("web-page.html", true, true);
    let all: String = std::fs::read_to_string(out.join("warnings.csv")).unwrap();
    for nav in ["首页", "政务公开", "版权所有", "菜单"] {
        assert!(!all.contains(nav), "site navigation, footer and scripts are not report text: {nav}");
    }
}

#[test]
fn word_list_with_automatic_numbering() {
    let out = extracted(&template("list-auto-numbering.docx"), "list-auto-numbering");
    same(list_out(), &out, "tasks.csv", &[TASK, &["persons", "status", "next_steps"]].concat());
    same(list_out(), &out, "problems.csv", PROBLEM);
    same(list_out(), &out, "mentions.csv", MENTION);
    let doc = &read_csv(&out.join("documents.csv"))[0];
    assert_eq!((doc["sections"].as_str(), doc["tasks_found"].as_str()), ("2", "4"));
}
