//! problems.csv, the problem columns of tasks.csv and `jinzhan problems`.

use crate::harness::*;

fn problems_of(kind: &str) -> Vec<(String, String)> {
    read_csv(&corpus_out().join("problems.csv"))
        .into_iter()
        .filter(|p| p["kind"] == kind)
        .map(|p| (p["task_id"].clone(), p["trigger"].clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn explicit_sections_on_the_corpus() {
    let rows = read_csv(&corpus_out().join("problems.csv"));
    let explicit: Vec<_> = rows.iter().filter(|p| p["kind"] == "explicit").collect();
    let ids: Vec<&str> = explicit.iter().map(|p| p["task_id"].as_str()).collect();
    // Every labelled 存在问题 section, and no sentence-internal 存在问题 (1-4, 6-19).
    assert_eq!(ids, ["7-17-3", "7-17-6", "9-8", "9-14", "11-11", "11-12-1"]);
    let text = |id: &str| explicit.iter().find(|p| p["task_id"] == id).unwrap()["text"].clone();
    assert_eq!(text("11-12-1"), "馆舍面积达标：台山档案馆建设由于受台风暴雨影响，施工难度大。");
    assert_eq!(text("9-8"), "广台高速开平至台山段：台山市和开平市尚未明确项目车道数、投资方式。");
    assert!(text("9-14").starts_with("（1）工业污染未得到有效控制。"));
    assert!(text("9-14").contains("\n（2）畜禽养殖污染问题突出。"));
    assert!(text("9-14").ends_with("生活污水直排为主。"));
    assert!(text("11-11").starts_with("（1）受第一次勘察设计招标失败影响，市档案中心项目进度滞后约110天"));

    // start/end are character offsets into the task's progress.
    let tasks = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    for p in &explicit {
        let progress = &tasks[&p["task_id"]]["progress"];
        let (s, e): (usize, usize) = (p["start"].parse().unwrap(), p["end"].parse().unwrap());
        let slice: String = progress.chars().skip(s).take(e - s).collect();
        assert_eq!(slice, p["text"], "{}", p["task_id"]);
    }
}

#[test]
fn every_status_problem_is_flagged() {
    let want = pairs(&[
        ("4-9", "基本按进度完成"),
        ("4-10", "计划调整"),
        ("7-17-3", "基本按进度完成"),
        ("7-17-6", "基本按进度完成"),
        ("7-24-4", "基本按进度完成"),
        ("7-26", "未按进度完成"),
        ("9-6", "基本按进度完成"),
        ("9-14", "未按进度完成"),
        ("9-35-1", "基本按进度完成"),
        ("11-11", "未按进度完成"),
        ("11-12-1", "基本按进度完成"),
    ]);
    assert_eq!(problems_of("status"), want);
}

/// Every implicit hit on the corpus, read by hand. Verdicts: all are real
/// setbacks except the two 尚未回填 hits (normal progress detail: "100m not yet
/// backfilled"), so precision is 16/18. Harmless uses that must not count:
/// 支出偏慢的部门 and 进度偏慢的项目 (6-20), 受贸易保护主义影响的状况 (3-5),
/// 一时未能出清的资产 (6-24), 难以支出的项目资金 (6-19), and phrases inside the
/// explicit sections (延误 in 7-17-6, 滞后 in 9-14).
#[test]
fn implicit_hits_on_the_corpus() {
    let want = pairs(&[
        ("1-4", "尚未"),    // 具体会议日期尚未确定: real
        ("2-2", "无法"),    // 暂无法委托实施: real
        ("4-9", "无法"),    // PPP无法入库: real
        ("4-15", "仍未"),   // 仍未完成立项工作，项目进度滞后: real
        ("4-18-2", "尚未"), // 尚余G区100m尚未回填: harmless detail
        ("6-15", "暂停"),   // 因此暂停该工作: real
        ("6-45", "失败"),   // 资格预审失败: real
        ("6-45", "尚未"),   // 尚未回填: harmless detail
        ("7-8", "暂停"),    // 省环境保护厅暂停省级生态乡镇申报: real
        ("7-27", "未能"),   // 未能录入: real
        ("9-6", "失败"),    // 资格预审失败: real
        ("9-11", "未能"),   // 暂未能落实项目建设用地: real
        ("9-38-1", "难以"), // 项目PPP难以实施: real
        ("11-5", "延迟"),   // 延迟建设: real
        ("11-8", "暂停"),   // 暂停一切的示范创建活动: real
        ("11-8", "暂缓"),   // 创建工作暂缓执行: real
        ("11-9", "暂停"),   // 示范街创建工作暂停: real
        ("11-11", "失败"),  // 招标失败: real
    ]);
    assert_eq!(problems_of("implicit"), want);
}

#[test]
fn task_columns() {
    let tasks = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let t = &tasks["9-14"];
    assert_eq!((t["has_problem"].as_str(), t["problem_kinds"].as_str()), ("true", "explicit|status"));
    assert!(t["problem"].starts_with("（1）工业污染未得到有效控制。"));
    assert_eq!(tasks["11-11"]["problem_kinds"], "explicit|status|implicit");
    assert_eq!(tasks["11-5"]["problem"], "因医联体项目需迁建或重建新大楼延迟建设，目前江海区礼乐街道；");
    assert_eq!((tasks["2-8"]["has_problem"].as_str(), tasks["2-8"]["problem_kinds"].as_str()), ("false", ""));
    let flagged = tasks.values().filter(|t| t["has_problem"] == "true").count();
    assert_eq!(flagged, 31, "25 by the text, 6 more by targets and deadlines");
}

#[test]
fn problems_command_orders_by_severity() {
    let out = jinzhan(&["problems", CORPUS]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("jiangmen-2018-q1-q3.txt：31 项任务有问题"));
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
    // Each task's block starts after an empty line with its id.
    let lines: Vec<&str> = text.lines().collect();
    let heads: Vec<&str> =
        lines.windows(2).filter(|w| w[0].is_empty()).map(|w| w[1].split("  ").next().unwrap()).collect();
    assert_eq!(heads.len(), 31);
    // Behind first, then explicit, then implicit, then partly on track.
    assert_eq!(heads[..3], ["7-26", "9-14", "11-11"]);
    assert_eq!(heads[3..6], ["7-17-3", "7-17-6", "9-8"]);
    assert_eq!(heads.last(), Some(&"9-35-1"));

    let csv_out = jinzhan(&["problems", CORPUS, "--format", "csv"]);
    let text = String::from_utf8(csv_out.stdout).unwrap();
    assert!(text.starts_with("source,task_id,kind,trigger,text,start,end,field\n"));
    let records = csv::Reader::from_reader(text.as_bytes()).records().count();
    assert_eq!(records, 6 + 11 + 18 + 5 + 1, "explicit, status, implicit, pace, deadline");
}

#[test]
fn other_phrasings() {
    let dir = workdir("problem-phrasings");
    let report = "2020年重点工作进展情况汇总表\n一、甲同志分管工作（共3项）\n\
        \t1\n\t建设污水厂。\n\t市水务局\n\t张三\n\t滞后。\n受征地影响，工期推迟两个月。\n\n\
        \t2\n\t建设公园。\n\t市园林局\n\t李四\n\t按进度完成。\n主体完工。\n\n存在的问题\n\n（1）资金缺口较大。\n\n下一步工作：\n加快资金拨付。\n\n\
        \t3\n\t建设学校。\n\t市教育局\n\t王五\n\t序时推进。\n没有出现延误，已完成招标。\n";
    let input = dir.join("r.txt");
    std::fs::write(&input, report).unwrap();
    extract(&[&input], &dir.join("o"));
    let rows = read_csv(&dir.join("o/problems.csv"));
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|p| (p["task_id"].as_str(), p["kind"].as_str(), p["trigger"].as_str(), p["text"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1-1", "status", "滞后", ""),
            ("1-1", "implicit", "受…影响", "受征地影响，工期推迟两个月。"),
            ("1-2", "explicit", "存在的问题", "（1）资金缺口较大。"),
        ]
    );
    let tasks = by_task_id(read_csv(&dir.join("o/tasks.csv")));
    assert_eq!(
        (tasks["1-1"]["status_code"].as_str(), tasks["1-1"]["behind_schedule"].as_str()),
        ("behind", "true")
    );
    assert_eq!(tasks["1-3"]["status_code"], "on_track");
    assert_eq!(tasks["1-3"]["has_problem"], "false");
}
