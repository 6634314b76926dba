//! Reports written as numbered lists instead of tables.

use crate::harness::*;
use std::path::Path;

const LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/list/report-2021.txt");

#[test]
fn numbered_list_report() {
    let dir = workdir("list");
    extract(&[Path::new(LIST)], &dir);
    let tasks = read_csv(&dir.join("tasks.csv"));
    let c = [
        "task_id",
        "task",
        "lead_unit",
        "units",
        "persons",
        "status",
        "status_code",
        "behind_schedule",
        "progress",
        "next_steps",
    ];
    let row = |i: usize| c.iter().map(|k| tasks[i][*k].as_str()).collect::<Vec<_>>();
    assert_eq!(
        row(0),
        [
            "1-1",
            "地区生产总值增长6.5%左右。",
            "市发展改革局",
            "市发展改革局|市统计局|各区政府",
            "",
            "序时推进",
            "on_track",
            "false",
            "1-11月，全市地区生产总值增长7.2%。",
            ""
        ]
    );
    assert_eq!(
        row(1),
        [
            "1-2",
            "城镇新增就业3万人。",
            "市人社局",
            "市人社局|各区政府",
            "张三|李四",
            "已完成年度任务",
            "done",
            "false",
            "截至11月底新增就业2.9万人。\n（1）高校毕业生就业1.2万人；\n（2）退役军人就业0.3万人。",
            ""
        ],
        "ASCII colons, labels on their own lines, numbered paragraphs inside the progress"
    );
    assert_eq!(
        row(2),
        [
            "1-3",
            "完成老旧小区改造50个。",
            "市住建局",
            "市住建局|各区政府",
            "",
            "滞后",
            "behind",
            "true",
            "因资金未到位，已改造31个。",
            "加快资金拨付。"
        ]
    );
    assert_eq!(
        row(3)[..7],
        ["2-1", "新建学校3所。", "市教育局", "市教育局", "", "超序时进度", "on_track"],
        "（1） numbering"
    );
    assert_eq!(tasks[3]["progress"], "已完成3所学校主体工程");

    let problems = read_csv(&dir.join("problems.csv"));
    let p: Vec<[&str; 6]> = problems
        .iter()
        .map(|p| ["task_id", "kind", "text", "start", "end", "field"].map(|c| p[c].as_str()))
        .collect();
    assert_eq!(
        p,
        [
            ["1-3", "explicit", "资金缺口较大。", "0", "7", "problems"],
            ["1-3", "status", "", "", "", "progress"]
        ],
        "存在问题 is a field of its own, as a problems column is"
    );

    let doc = &read_csv(&dir.join("documents.csv"))[0];
    assert_eq!(
        (doc["year"].as_str(), doc["period"].as_str(), doc["tasks_found"].as_str()),
        ("2021", "1-11月", "4")
    );
    let warnings = read_csv(&dir.join("warnings.csv"));
    let preamble: Vec<&str> =
        warnings.iter().filter(|w| w["kind"] == "preamble").map(|w| w["line"].as_str()).collect();
    assert_eq!(preamble, ["2", "3", "4"], "issuing office, date and 序时进度 line are accounted for");
}

#[test]
fn layout_can_be_forced() {
    let dir = workdir("list-forced");
    let out = jinzhan(&["extract", LIST, "--layout", "table", "-o", dir.to_str().unwrap(), "-q"]);
    assert!(out.status.success());
    // Read as a table, the list has no cells: no task, and every line is
    // reported as text outside the table rather than lost.
    assert_eq!(read_csv(&dir.join("tasks.csv")).len(), 0);
    let unparsed = read_csv(&dir.join("warnings.csv")).iter().filter(|w| w["kind"] == "unparsed").count();
    assert_eq!(unparsed, 16 + 3, "the non-empty lines of both sections");
}

/// A city that writes 主办单位 and 工作进展, and 推进顺利 as its status.
#[test]
fn config_adds_statuses_and_labels() {
    let dir = workdir("config");
    let report = dir.join("r.txt");
    std::fs::write(&report, "2022年重点工作进展情况\n一、民生（共1项）\n1.新建公园2个。\n主办单位：市园林局\n工作进展：已建成1个。推进顺利。\n").unwrap();
    let config = dir.join("city.txt");
    std::fs::write(&config, "[statuses]\n推进顺利\ton_track\n[labels]\n主办单位\tlead\n工作进展\tprogress\n")
        .unwrap();
    let out = dir.join("o");
    let run = jinzhan(&[
        "extract",
        report.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let t = &read_csv(&out.join("tasks.csv"))[0];
    let got: Vec<&str> =
        ["lead_unit", "status", "status_code", "progress"].iter().map(|c| t[*c].as_str()).collect();
    assert_eq!(got, ["市园林局", "推进顺利", "on_track", "已建成1个。"]);
    std::fs::write(&config, "[statuses]\n推进顺利\tsplendid\n").unwrap();
    let run = jinzhan(&[
        "extract",
        report.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("line 2"));
}
