//! `jinzhan compare` on a report and its next editions written for these
//! tests (`tests/fixtures/compare/`: a district's 1-6月, 1-9月 and 全年
//! reports with documented edits), and on the bundled report against itself
//! and against a copy with its sections reordered.

use crate::harness::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare").join(name)
}

fn compare(inputs: &[&Path], dir: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&str> = vec!["compare"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--out-dir", dir.to_str().unwrap()]);
    args.extend(extra);
    let out = jinzhan(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn rows(path: &Path, cols: &[&str]) -> Vec<Vec<String>> {
    read_csv(path).iter().map(|r| cols.iter().map(|c| r[*c].clone()).collect()).collect()
}

/// The edits from 1-6月 to 1-9月, as documented when the reports were written:
/// task 1-2 (农村公路) dropped, so 1-3… move up; 智慧城市 inserted as 2-1, so
/// 2-1… move down; 1-3 reworded (30个 → 30个以上), recovered, its 存在问题 gone;
/// 1-4 slipped with a new 存在问题 and a second person; 1-5 behind in both;
/// 2-1 completed; 2-2 slipped; 2-3 a second unit; figures advanced.
#[test]
fn a_report_and_its_next_edition() {
    let dir = workdir("compare-pair");
    // Given newest first: the order comes from the periods in the titles.
    let view = compare(&[&fixture("chancheng-2019-q3.txt"), &fixture("chancheng-2019-h1.txt")], &dir, &[]);
    let map = rows(&dir.join("task_map.csv"), &["old_task_id", "new_task_id", "method"]);
    let want: Vec<Vec<String>> = [
        ["1-1", "1-1", "exact"],
        ["1-3", "1-2", "similar"],
        ["1-4", "1-3", "exact"],
        ["1-5", "1-4", "exact"],
        ["2-1", "2-2", "exact"],
        ["2-2", "2-3", "exact"],
        ["2-3", "2-4", "exact"],
        ["", "2-1", "added"],
        ["1-2", "", "removed"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(map, want);
    let sources = rows(&dir.join("task_map.csv"), &["old_source", "new_source"]);
    assert!(sources.iter().all(|s| s == &["chancheng-2019-h1.txt", "chancheng-2019-q3.txt"]));
    let score = read_csv(&dir.join("task_map.csv"))[1]["score"].parse::<f64>().unwrap();
    assert!((0.6..1.0).contains(&score), "the reworded task is similar, not exact: {score}");

    let changes =
        rows(&dir.join("changes.csv"), &["old_task_id", "new_task_id", "change", "field", "old", "new"]);
    let got: Vec<Vec<&str>> = changes.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let want: Vec<Vec<&str>> = vec![
        vec!["1-1", "1-1", "problem_resolved", "pace", "地区生产总值：6.8%，目标 7%", ""],
        vec!["1-1", "1-1", "figure", "地区生产总值", "6.8", "7.1"],
        vec!["1-3", "1-2", "recovered", "status", "未按进度完成", "按进度完成"],
        vec!["1-3", "1-2", "problem_resolved", "explicit", "部分小区居民意见不统一，改造方案未能确定。", ""],
        // 22 of 30 at 1-9月 (73.3% against 74.8% of the year) is within the
        // 5-point pace tolerance: the pace problem of 1-6月 is resolved.
        vec!["1-3", "1-2", "problem_resolved", "pace", "老旧小区改造：8个 / 30个 = 26.7%，应达 50%", ""],
        vec!["1-3", "1-2", "figure", "老旧小区改造", "8", "22"],
        vec!["1-3", "1-2", "target", "老旧小区改造", "0.2667", "0.7333"],
        vec!["1-4", "1-3", "slipped", "status", "按进度完成", "未按进度完成"],
        vec!["1-4", "1-3", "problem_new", "explicit", "", "示范片区运营资金不足，部分设施闲置。"],
        vec!["1-4", "1-3", "person", "persons", "赵四", "赵四|郑九"],
        vec!["", "2-1", "added", "task", "", "推进智慧城市平台建设。"],
        vec!["2-1", "2-2", "completed", "status", "按进度完成", "已完成"],
        vec!["2-1", "2-2", "figure", "新增城镇就业", "8200", "15600"],
        vec!["2-1", "2-2", "target", "新增城镇就业", "0.5467", "1.04"],
        vec!["2-2", "2-3", "slipped", "status", "基本按进度完成", "未按进度完成"],
        vec!["2-3", "2-4", "figure", "家庭医生签约服务覆盖率", "45", "58"],
        vec!["2-3", "2-4", "unit", "units", "区卫生健康局", "区卫生健康局|区医疗保障局"],
        vec!["1-2", "", "removed", "task", "新建改建农村公路120公里。", ""],
    ];
    assert_eq!(got, want);
    let details = read_csv(&dir.join("changes.csv"));
    assert_eq!(details[12]["detail"], "8200人 → 15600人（+7400人，+90.2%）");
    assert_eq!(details[15]["detail"], "45% → 58%（+13个百分点）");
    assert_eq!(details[9]["detail"], "added: 郑九");

    // The view: slipped first, then behind in both, then new problems.
    let at = |s: &str| view.find(s).unwrap_or_else(|| panic!("{s} not in:\n{view}"));
    assert!(
        view.starts_with("chancheng-2019-h1.txt → chancheng-2019-q3.txt：2 项下滑，1 项持续滞后，1 个新问题")
    );
    assert!(
        at("下滑\n") < at("持续滞后\n")
            && at("持续滞后\n") < at("新问题\n")
            && at("新问题\n") < at("其他变化\n")
    );
    assert!(at("1-5 → 1-4  区应急管理局  未按进度完成") < at("新问题\n"));
    assert!(!view.contains("timeline"));
    assert!(!dir.join("timeline.csv").exists(), "two reports: no timeline");
}

#[test]
fn a_series_of_three_with_its_timeline() {
    let dir = workdir("compare-series");
    let inputs = [
        fixture("chancheng-2019-full.txt"),
        fixture("chancheng-2019-h1.txt"),
        fixture("chancheng-2019-q3.txt"),
    ];
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    compare(&refs, &dir, &["-q", "--format", "csv", "--format", "xlsx", "--format", "json"]);
    let timeline = rows(&dir.join("timeline.csv"), &["task_key", "period", "task_id", "status_code"]);
    assert_eq!(timeline.len(), 8 + 8 + 8);
    let chain = |key: &str| -> Vec<(String, String, String)> {
        timeline.iter().filter(|r| r[0] == key).map(|r| (r[1].clone(), r[2].clone(), r[3].clone())).collect()
    };
    let t = |p: &str, id: &str, s: &str| (p.to_string(), id.to_string(), s.to_string());
    // 垃圾分类: on track, slipped, recovered, renumbered on the way.
    assert_eq!(
        chain("chancheng-2019-h1.txt#1-4"),
        [t("1-6月", "1-4", "on_track"), t("1-9月", "1-3", "behind"), t("全年", "1-3", "on_track")]
    );
    // The inserted task starts its own chain in the second report.
    assert_eq!(chain("chancheng-2019-q3.txt#2-1"), [t("1-9月", "2-1", "on_track"), t("全年", "2-1", "done")]);
    // The dropped task's chain ends.
    assert_eq!(chain("chancheng-2019-h1.txt#1-2"), [t("1-6月", "1-2", "on_track")]);
    let changes = read_csv(&dir.join("changes.csv"));
    let second: Vec<_> = changes.iter().filter(|r| r["old_source"] == "chancheng-2019-q3.txt").collect();
    assert!(second.iter().all(|r| r["new_source"] == "chancheng-2019-full.txt"));
    let kinds = |task: &str| -> Vec<&str> {
        second.iter().filter(|r| r["new_task_id"] == task).map(|r| r["change"].as_str()).collect()
    };
    assert_eq!(kinds("1-3"), ["recovered", "problem_resolved", "figure"]);
    assert_eq!(kinds("2-3"), ["recovered", "problem_resolved"]);
    assert_eq!(kinds("1-4"), Vec::<&str>::new(), "behind in both, nothing else changed");

    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.join("compare.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["changes", "task_map", "timeline"]);
    assert_eq!(wb.worksheet_range("changes").unwrap().height(), changes.len() + 1);
    assert_eq!(wb.worksheet_range("timeline").unwrap().height(), 25);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("compare.json")).unwrap()).unwrap();
    let periods: Vec<&str> =
        json["reports"].as_array().unwrap().iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["1-6月", "1-9月", "全年"]);
    assert_eq!(json["comparisons"].as_array().unwrap().len(), 2);
    assert_eq!(json["comparisons"][0]["changes"].as_array().unwrap().len(), 18);
    assert_eq!(json["timeline"].as_array().unwrap().len(), 24);
}

#[test]
fn the_same_report_has_no_changes() {
    let dir = workdir("compare-same");
    let copy = dir.join("copy.txt");
    std::fs::copy(CORPUS, &copy).unwrap();
    compare(&[Path::new(CORPUS), &copy], &dir.join("out"), &["-q"]);
    assert!(read_csv(&dir.join("out/changes.csv")).is_empty());
    let map = read_csv(&dir.join("out/task_map.csv"));
    assert_eq!(map.len(), 289);
    assert!(map.iter().all(|r| r["old_task_id"] == r["new_task_id"] && r["method"] == "exact"));
}

/// The bundled report with its eleven sections in another order (and
/// renumbered, so that every task id changes): the same tasks, no changes.
#[test]
fn reordered_sections_are_the_same_tasks() {
    let dir = workdir("compare-reordered");
    let text = std::fs::read_to_string(CORPUS).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"];
    let heading =
        |l: &str| numerals.iter().any(|n| l.starts_with(&format!("{n}、")) && l.contains("分管工作"));
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| heading(lines[i])).collect();
    assert_eq!(starts.len(), 11);
    let block = |k: usize| &lines[starts[k]..*starts.get(k + 1).unwrap_or(&lines.len())];
    let mut out: Vec<String> = lines[..starts[0]].iter().map(|l| l.to_string()).collect();
    for (no, k) in [10, 2, 0, 5, 1, 9, 3, 8, 4, 7, 6].into_iter().enumerate() {
        let b = block(k);
        let rest = b[0].split_once('、').unwrap().1;
        out.push(format!("{}、{rest}", numerals[no]));
        out.extend(b[1..].iter().map(|l| l.to_string()));
    }
    let reordered = dir.join("reordered.txt");
    std::fs::write(&reordered, out.join("\n")).unwrap();
    compare(&[Path::new(CORPUS), &reordered], &dir.join("out"), &["-q"]);
    assert!(read_csv(&dir.join("out/changes.csv")).is_empty());
    let map = read_csv(&dir.join("out/task_map.csv"));
    assert_eq!(map.len(), 289);
    assert!(map.iter().all(|r| r["method"] == "exact"));
    // 胡钛's section moved from 1st to 3rd.
    assert!(map.iter().any(|r| r["old_task_id"] == "1-1" && r["new_task_id"] == "3-1"));
}

#[test]
fn one_report_is_not_a_comparison() {
    let dir = workdir("compare-one");
    let out = jinzhan(&["compare", CORPUS, "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("two reports"));
}

/// Matching accuracy on the bundled report against an edition whose task
/// texts were reworded (a span cut, a clause added, a figure changed, two
/// clauses swapped), every 25th task dropped and ten new tasks inserted.
#[test]
fn matching_survives_rewording() {
    use jinzhan::compare::{match_tasks, Method};
    let x = jinzhan::pipeline::Extractor::new();
    let old = x.extract("old.txt", &std::fs::read(CORPUS).unwrap()).unwrap();
    let mut doc = old.document.clone();
    doc.source = "new.txt".into();
    let mut truth: Vec<Option<usize>> = Vec::new(); // old index → new index
    let (mut i, mut j) = (0, 0);
    for section in &mut doc.sections {
        let mut kept = Vec::new();
        for mut t in std::mem::take(&mut section.tasks) {
            if i % 25 == 24 {
                truth.push(None);
                i += 1;
                continue;
            }
            let chars: Vec<char> = t.task.chars().collect();
            t.task = match i % 5 {
                _ if t.task.is_empty() => String::new(),
                0 if chars.len() > 12 => {
                    let mid = chars.len() / 2;
                    chars[..mid - 2].iter().chain(&chars[mid + 1..]).collect()
                }
                1 => format!("{}，确保年底前完成", t.task.trim_end_matches('。')),
                2 => t.task.replacen(|c: char| c.is_ascii_digit(), "9", 1),
                4 => match t.task.split_once('，') {
                    Some((a, b)) => format!("{}，{a}", b.trim_end_matches('。')),
                    None => t.task.clone(),
                },
                _ => t.task.clone(),
            };
            truth.push(Some(j));
            kept.push(t);
            i += 1;
            j += 1;
            if i % 29 == 0 {
                let mut new = kept.last().unwrap().clone();
                new.task = format!("开展第{}批营商环境专项督查", i / 29);
                new.sub_item = None;
                kept.push(new);
                j += 1;
            }
        }
        section.tasks = kept;
    }
    let new = jinzhan::extract::Analyzer::new().analyze(doc);
    let map = match_tasks(&old, &new);
    let right = map.pairs.iter().filter(|p| truth[p.old] == Some(p.new)).count();
    let wrong: Vec<_> = map.pairs.iter().filter(|p| truth[p.old] != Some(p.new)).collect();
    let pairs = truth.iter().filter(|t| t.is_some()).count();
    // Precision first: no wrong pair that is not marked doubtful.
    assert!(wrong.iter().all(|p| p.method == Method::Doubtful), "{wrong:?}");
    assert!(wrong.is_empty(), "{} wrong pairs", wrong.len());
    assert_eq!(right, pairs, "every kept task found");
    let dropped = truth.iter().enumerate().filter(|(_, t)| t.is_none()).map(|(i, _)| i);
    assert!(
        dropped.clone().all(|i| map.removed.contains(&i)),
        "dropped tasks are removed: {:?}",
        map.removed
    );
    assert_eq!(map.added.len(), new.findings.len() - pairs, "inserted tasks are added");
}

/// The bundled report as a Word table, an Excel sheet and a web page is the
/// same report: no changes across formats.
#[test]
fn formats_do_not_change_a_report() {
    let dir = workdir("compare-formats");
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates");
    for name in ["lead-column.docx", "leader-column.xlsx", "web-page.html"] {
        let out = dir.join(name);
        compare(&[Path::new(CORPUS), &templates.join(name)], &out, &["-q"]);
        assert!(read_csv(&out.join("changes.csv")).is_empty(), "{name}");
        assert_eq!(read_csv(&out.join("task_map.csv")).len(), 289, "{name}");
    }
}
