//! Column roles from a table's header, on small tables written for these
//! tests (as web pages: the header logic is the same for every format).

use crate::harness::*;
use std::path::{Path, PathBuf};

fn page(title: &str, rows: &str) -> String {
    format!(
        "<html><head><meta charset=\"utf-8\"></head><body><p>{title}</p><table>{rows}</table></body></html>"
    )
}

fn run(name: &str, html: &str, extra: &[&str]) -> (PathBuf, std::process::Output) {
    let dir = workdir(&format!("columns-{name}"));
    let input = dir.join(format!("{name}.html"));
    std::fs::write(&input, html).unwrap();
    let out = dir.join("out");
    let mut args = vec!["extract", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"];
    args.extend(extra);
    let run = jinzhan(&args);
    (out, run)
}

fn ok(name: &str, html: &str, extra: &[&str]) -> PathBuf {
    let (out, run) = run(name, html, extra);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    out
}

fn kinds(out: &Path) -> Vec<String> {
    read_csv(&out.join("warnings.csv")).into_iter().map(|w| w["kind"].clone()).collect()
}

#[test]
fn unknown_columns_are_kept_in_extra_and_reported_once() {
    let out = ok(
        "extra",
        &page(
            "2021年重点工作进展情况",
            "<tr><th>序号</th><th>工作任务</th><th>联系电话</th><th>进展情况</th></tr>\
             <tr><td>1</td><td>新建公园2个。</td><td>3501234</td><td>按进度完成。已建成1个。</td></tr>\
             <tr><td>2</td><td>新建学校1所。</td><td>3505678</td><td>已完成。</td></tr>",
        ),
        &[],
    );
    let tasks = read_csv(&out.join("tasks.csv"));
    assert_eq!(tasks[0]["extra"], "联系电话: 3501234");
    assert_eq!(tasks[1]["extra"], "联系电话: 3505678");
    assert_eq!(kinds(&out).iter().filter(|k| *k == "unknown_column").count(), 1);
    let w = read_csv(&out.join("warnings.csv"));
    assert!(w[0]["message"].contains("联系电话"), "{}", w[0]["message"]);
}

#[test]
fn a_table_without_task_or_progress_column_is_reported_row_by_row() {
    let out = ok(
        "no-task",
        &page(
            "2021年重点工作进展情况",
            "<tr><th>序号</th><th>责任单位</th><th>联系人</th></tr><tr><td>1</td><td>市园林局</td><td>张三</td></tr>",
        ),
        &[],
    );
    assert_eq!(read_csv(&out.join("tasks.csv")).len(), 0);
    let w = read_csv(&out.join("warnings.csv"));
    assert_eq!(w[0]["kind"], "no_task_column");
    assert!(w[0]["message"].contains("序号 | 责任单位 | 联系人"), "{}", w[0]["message"]);
    assert_eq!((w[1]["kind"].as_str(), w[1]["location"].as_str()), ("unparsed", "table 1 row 2"));
    assert!(w[1]["message"].contains("1 | 市园林局 | 张三"));
}

#[test]
fn status_columns_fill_in_and_contradictions_are_warned() {
    let out = ok(
        "status",
        &page(
            "2021年重点工作进展情况",
            "<tr><th>序号</th><th>工作任务</th><th>是否滞后</th><th>进展情况</th></tr>\
             <tr><td>1</td><td>建设公园。</td><td>是</td><td>征地未完成。</td></tr>\
             <tr><td>2</td><td>建设学校。</td><td>否</td><td>完成主体。</td></tr>\
             <tr><td>3</td><td>建设医院。</td><td>是</td><td>按进度完成。完成招标。</td></tr>",
        ),
        &[],
    );
    let t = read_csv(&out.join("tasks.csv"));
    let codes: Vec<(&str, &str)> =
        t.iter().map(|t| (t["status"].as_str(), t["status_code"].as_str())).collect();
    // 是否滞后: 是 means behind; the progress text's own status wins a conflict.
    assert_eq!(codes, [("是", "behind"), ("否", "on_track"), ("按进度完成", "on_track")]);
    let w = read_csv(&out.join("warnings.csv"));
    let conflict: Vec<&str> =
        w.iter().filter(|w| w["kind"] == "status_conflict").map(|w| w["task_id"].as_str()).collect();
    assert_eq!(conflict, ["1-3"]);
}

#[test]
fn a_two_row_header_names_lead_and_cooperating_units() {
    let out = ok(
        "two-rows",
        &page(
            "2021年重点工作进展情况",
            "<tr><th rowspan=2>序号</th><th rowspan=2>重点任务</th><th colspan=2>责任单位</th><th rowspan=2>工作进展</th></tr>\
             <tr><th>牵头单位</th><th>配合单位</th></tr>\
             <tr><td>1</td><td>建设公园。</td><td>市园林局</td><td>蓬江区政府、江海区政府</td><td>按进度完成。</td></tr>",
        ),
        &[],
    );
    let t = &read_csv(&out.join("tasks.csv"))[0];
    assert_eq!(
        (t["lead_unit"].as_str(), t["units"].as_str()),
        ("市园林局", "市园林局|蓬江区政府|江海区政府")
    );
    let roles: Vec<String> =
        read_csv(&out.join("assignments.csv")).into_iter().map(|a| a["role"].clone()).collect();
    assert_eq!(roles, ["lead", "cooperating", "cooperating"]);
}

#[test]
fn sub_items_from_numbered_task_cells_under_a_group_row() {
    let out = ok(
        "sub-prefix",
        &page(
            "2021年重点工作进展情况",
            "<tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>进展情况</th></tr>\
             <tr><td rowspan=3>1</td><td>治理黑臭水体。</td><td></td><td></td></tr>\
             <tr><td>（1）天沙河。</td><td rowspan=2>蓬江区政府</td><td>已完成。</td></tr>\
             <tr><td>（2）杜阮河。</td><td>滞后。征地未完成。</td></tr>\
             <tr><td>2</td><td>建设学校。</td><td>市教育局</td><td>按进度完成。</td></tr>",
        ),
        &[],
    );
    let t = read_csv(&out.join("tasks.csv"));
    let rows: Vec<[&str; 5]> = t
        .iter()
        .map(|t| ["task_id", "task", "sub_item", "units", "status_code"].map(|c| t[c].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ["1-1-1", "治理黑臭水体。", "天沙河", "蓬江区政府", "done"],
            ["1-1-2", "治理黑臭水体。", "杜阮河", "蓬江区政府", "behind"],
            ["1-2", "建设学校。", "", "市教育局", "on_track"],
        ],
        "the group row names the group; a merged 责任单位 cell holds for both rows"
    );
    assert!(kinds(&out).is_empty(), "{:?}", kinds(&out));
}

#[test]
fn a_city_adds_its_own_column_names_with_config() {
    let html = page(
        "2021年重点工作进展情况",
        "<tr><th>序号</th><th>工作举措</th><th>推进成效</th></tr><tr><td>1</td><td>建设公园。</td><td>按进度完成。建成1个。</td></tr>",
    );
    let (_, plain) = run("config-plain", &html, &[]);
    assert!(plain.status.success());
    let dir = workdir("columns-config-file");
    let config = dir.join("city.txt");
    std::fs::write(&config, "[columns]\n工作举措\ttask\n推进成效\tprogress\n").unwrap();
    let out = ok("config", &html, &["--config", config.to_str().unwrap()]);
    let t = &read_csv(&out.join("tasks.csv"))[0];
    assert_eq!(
        (t["task"].as_str(), t["status_code"].as_str(), t["progress"].as_str()),
        ("建设公园。", "on_track", "建成1个。")
    );
}

#[test]
fn a_web_page_without_a_report_is_one_clear_error() {
    let (_, run) =
        run("prose", "<html><body><div class=nav>首页</div><p>今天天气很好。</p></body></html>", &[]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("prose.html: no section heading"), "{stderr}");
}
