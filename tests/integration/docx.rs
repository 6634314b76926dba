//! Word .docx input: the bundled report as a .docx gives the same rows as the
//! text dump; merged cells, heading rows and tracked changes; bad files.

use crate::harness::*;
use std::path::Path;

const DOCX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/jiangmen-2018-q1-q3.docx");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docx");

#[test]
fn the_docx_of_the_report_gives_the_same_rows_as_the_text_dump() {
    let dir = workdir("docx-corpus");
    extract(&[Path::new(DOCX)], &dir);
    let ignore = ["source", "line_start", "line_end", "line", "location"];
    for file in
        ["tasks.csv", "mentions.csv", "problems.csv", "targets.csv", "deadlines.csv", "assignments.csv"]
    {
        let txt = read_csv(&corpus_out().join(file));
        let docx = read_csv(&dir.join(file));
        assert_eq!(txt.len(), docx.len(), "{file}");
        for (a, b) in txt.iter().zip(&docx) {
            for (k, v) in a {
                if !ignore.contains(&k.as_str()) {
                    assert_eq!(v, &b[k], "{file} {} {k}", a["task_id"]);
                }
            }
        }
    }
    let doc = &read_csv(&dir.join("documents.csv"))[0];
    assert_eq!(
        (doc["title"].as_str(), doc["tasks_found"].as_str()),
        ("2018年市政府重点工作1-9月进展情况汇总表", "253")
    );
    let kinds = |p: &Path| -> Vec<String> {
        read_csv(&p.join("warnings.csv")).into_iter().map(|w| w["kind"].clone()).collect()
    };
    assert_eq!(kinds(&dir), kinds(corpus_out()));
}

fn fixture(name: &str) -> (Vec<std::collections::HashMap<String, String>>, Vec<String>) {
    let dir = workdir(&format!("docx-{name}"));
    extract(&[&Path::new(FIXTURES).join(name)], &dir);
    let warnings = read_csv(&dir.join("warnings.csv")).into_iter().map(|w| w["kind"].clone()).collect();
    (read_csv(&dir.join("tasks.csv")), warnings)
}

fn cols<'a>(row: &'a std::collections::HashMap<String, String>, names: &[&str]) -> Vec<&'a str> {
    names.iter().map(|n| row[*n].as_str()).collect()
}

#[test]
fn vertically_merged_number_and_task() {
    let (tasks, warnings) = fixture("merged-vertical.docx");
    let c = ["task_id", "seq", "sub_item", "task", "lead_unit", "persons", "status_code", "progress"];
    assert_eq!(
        cols(&tasks[0], &c),
        ["1-1-1", "1", "东湖公园", "建设公园。", "市园林局", "李四", "done", "主体完工。"]
    );
    assert_eq!(
        cols(&tasks[1], &c),
        ["1-1-2", "1", "西湖公园", "建设公园。", "市园林局", "赵六", "behind", "因征地问题，工程延误。"]
    );
    assert_eq!(
        cols(&tasks[2], &["task_id", "task"]),
        ["1-2", "城镇新增就业1.2万人。"],
        "a cell spanning two columns"
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn one_progress_cell_over_two_sub_items() {
    let (tasks, warnings) = fixture("merged-progress.docx");
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["progress"], "天沙河、杜阮河已完成清淤。");
    assert_eq!((tasks[1]["sub_item"].as_str(), tasks[1]["status_code"].as_str()), ("杜阮河", "none"));
    assert_eq!(warnings, ["no_status"], "the merged progress sits in the sibling's cell");
}

#[test]
fn heading_rows_and_repeated_headers() {
    let (tasks, warnings) = fixture("heading-rows.docx");
    let c = ["task_id", "section", "leader", "declared_count", "task", "status_code"];
    assert_eq!(cols(&tasks[0], &c), ["1-1", "王五同志分管工作", "王五", "1", "建设学校。", "on_track"]);
    assert_eq!(
        cols(&tasks[1], &c),
        ["2-1", "赵六同志分管工作", "赵六", "1", "建设医院。", "mostly_on_track"]
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn tracked_changes_hyperlinks_fields_and_breaks() {
    let (tasks, _) = fixture("tracked-changes.docx");
    // 截至8月底 was deleted, 截至9月底 inserted; the field code PAGE is not text.
    assert_eq!(tasks[0]["progress"], "截至9月底，新增就业6500人。\n其中高校毕业生1200人。");
}

#[test]
fn broken_word_files() {
    let dir = workdir("docx-bad");
    let bytes = std::fs::read(DOCX).unwrap();
    let truncated = dir.join("truncated.docx");
    std::fs::write(&truncated, bytes.get(..bytes.len() / 2).unwrap()).unwrap();
    let legacy = dir.join("old.doc");
    std::fs::write(&legacy, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy").unwrap();
    let out = jinzhan(&[
        "extract",
        truncated.to_str().unwrap(),
        legacy.to_str().unwrap(),
        "-o",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("truncated.docx: cannot read the Word document: corrupt or truncated archive"),
        "{stderr}"
    );
    assert!(
        stderr.contains("old.doc: ") && stderr.contains("soffice --headless --convert-to docx"),
        "{stderr}"
    );
}

/// An Excel sheet: merged title and section rows, a header with other names,
/// 序号/工作任务 merged over two sub-items, line breaks inside cells.
#[test]
fn excel_sheet() {
    let dir = workdir("xlsx-input");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx/report.xlsx");
    extract(&[&input], &dir);
    let tasks = read_csv(&dir.join("tasks.csv"));
    let c = ["task_id", "sub_item", "task", "lead_unit", "units", "persons", "status_code", "progress"];
    assert_eq!(
        cols(&tasks[0], &c),
        ["1-1-1", "东片", "完成造林2万亩。", "区林业局", "东片街道", "钱一", "on_track", "已造林0.9万亩。"]
    );
    assert_eq!(
        cols(&tasks[1], &c),
        [
            "1-1-2",
            "西片",
            "完成造林2万亩。",
            "区林业局",
            "西片街道",
            "孙二",
            "mostly_on_track",
            "已造林0.5万亩，受台风影响进度偏慢。"
        ]
    );
    assert_eq!(cols(&tasks[2], &["task_id", "units", "persons"]), ["1-2", "区人社局|区财政局", "李三|周四"]);
    let doc = &read_csv(&dir.join("documents.csv"))[0];
    assert_eq!(
        (doc["year"].as_str(), doc["period"].as_str(), doc["warnings"].as_str()),
        ("2020", "1-6月", "0")
    );
    let problems = read_csv(&dir.join("problems.csv"));
    let kinds: Vec<&str> = problems.iter().map(|p| p["kind"].as_str()).collect();
    assert_eq!(kinds, ["status", "implicit"]);
}
