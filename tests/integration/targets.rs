//! targets.csv and deadlines.csv: target against actual.
//!
//! The table below is every target of the bundled report with the pairing
//! read by hand against the progress text. Rows without an actual are
//! deliberate: a restated target (1-4, 5-5), an application (5-21), a
//! sub-measure (6-2 固定资产投资 against 基础设施/工业/房地产投资), a flow against
//! a rate (7-2 新增养老床位 against 每千名老人拥有养老床位), a district list
//! without a city figure (7-16), a place instead of a measure (7-23, 11-3).

use crate::harness::*;

/// task_id, target_value, kind, direction, actual_value, as_of, completion, met, confidence
const TARGETS: &[[&str; 9]] = &[
    ["1-4", "100", "rate", "exactly", "", "", "", "unknown", "low"], // 镇（街）创建率 → the progress reports other measures: 镇（街
    ["1-4", "90", "rate", "at_least", "", "", "", "unknown", "low"], // 村（社区）创建率 → the progress reports other measures: 镇（街
    ["2-7", "5000000000", "level", "at_least", "", "", "", "unknown", "low"], // 总投资额 → no progress figure in CNY measures 总投资额
    ["2-8", "45000", "level", "at_least", "39783", "2018-09-30", "0.8841", "not_yet", "high"], // 城镇新增就业 → 全年城镇新增就业39783人
    ["2-9", "3.2", "ceiling", "at_most", "2.38", "2018-09-30", "", "true", "high"], // 城镇登记失业率 → 城镇登记失业率为2.38%
    ["2-13", "30000", "level", "exactly", "26200", "2018-09-30", "0.8733", "not_yet", "high"], // 城镇失业人员再就业 → 城镇失业人员再就业26200人
    ["2-14", "3", "level", "exactly", "", "", "", "unknown", "low"], // 创业孵化基地 → the progress reports other measures: 蓬江区
    ["4-11", "100", "rate", "exactly", "100", "2018-09-30", "", "true", "medium"], // 镇（街）文化站 → 全市镇（街）文化站100%达到一级站以上
    ["4-11", "100", "rate", "exactly", "", "", "", "unknown", "low"], // 村（社区） → the progress reports other measures: 率,
    ["4-12", "300", "level", "at_least", "231", "2018-09-30", "0.77", "not_yet", "high"], // 文化惠民活动 → 已完成文化惠民活动231场
    ["5-3", "60", "rate", "at_least", "63.33", "2018-09-30", "", "true", "medium"], // 建设用地供地率 → 供地率63.33%
    ["5-5", "201700", "level", "exactly", "", "", "", "unknown", "low"], // 高标准农田建设 → the progress reports other measures: 高标农
    ["5-5", "131800", "level", "exactly", "", "", "", "unknown", "low"], // 高标准农田建设 → the progress reports other measures: 高标农
    ["5-6", "12300", "level", "exactly", "", "", "", "unknown", "low"], // 垦造水田 → the progress reports other measures: 立项,
    ["5-11", "99.99", "rate", "exactly", "", "", "", "unknown", "low"], // 小学适龄儿童入学率 → no progress figure in percent measures 小
    ["5-12", "95", "rate", "at_least", "", "", "", "unknown", "low"], // 高中毛入学率 → no progress figure in percent measures 高
    ["5-18", "2.1", "rate", "exactly", "", "", "", "unknown", "low"], // 地区生产总值比重 → the progress reports other measures: 比重
    ["5-21", "1000", "level", "at_least", "", "", "", "unknown", "low"], // 高新技术企业总数 → the progress reports other measures: 组织申
    ["5-22", "30", "level", "exactly", "24", "2018-09-30", "0.8", "not_yet", "medium"], // 科技企业孵化器 → 全市科技企业孵化器存量达24家
    ["5-23", "30", "level", "exactly", "31", "2018-09-30", "1.0333", "true", "medium"], // 省市级新型研发机构 → 省市级新型研发机构31家
    ["5-23", "300", "level", "exactly", "238", "2018-09-30", "0.7933", "not_yet", "medium"], // 省级工程技术研究中心 → 省级工程技术研究中心238家
    ["5-23", "330", "level", "at_least", "290", "2018-09-30", "0.8788", "not_yet", "medium"], // 创新平台（研发机构） → 省级以上创新平台（研发机构）290家
    ["5-23", "50", "rate", "at_least", "48.89", "2018-09-30", "", "below_target_so_far", "medium"], // 规上工业企业研发机构覆盖率 → 全市规模以上工业企业研发机构覆盖率达48.89%
    ["6-1", "8", "rate", "exactly", "7.7", "2018-09-30", "", "below_target_so_far", "medium"], // 地区生产总值 → 增长7.7%
    ["6-2", "12", "rate", "exactly", "", "", "", "unknown", "low"], // 固定资产投资 → the progress reports other measures: 基础设
    ["6-3", "3", "ceiling", "at_most", "", "", "", "unknown", "low"], // 居民消费价格指数涨幅 → the progress reports other measures: 涨幅,
    ["6-13", "42400000000", "level", "at_least", "24916000000", "2018-08-31", "0.5876", "not_yet", "high"], // 基础设施投资 → 全市基础设施投资完成249.16亿元
    ["6-18", "9", "rate", "exactly", "10.2", "2018-09-30", "", "true", "medium"], // 地方一般公共预算收入 → 同比增长10.2%
    ["6-32", "2", "level", "exactly", "", "", "", "unknown", "low"], // 开平 (两家农信社) → no progress figure in 家
    ["7-2", "36", "level", "at_least", "", "", "", "unknown", "low"], // 每千名老人拥有养老床位 → the progress reports other measures: 新增养
    ["7-2", "30", "rate", "at_least", "", "", "", "unknown", "low"], // 公办民营养老机构 → the progress reports other measures: 购买养
    ["7-5", "10", "level", "exactly", "", "", "", "unknown", "low"], // 重点农业龙头企业 → the progress reports other measures: 向省农
    ["7-5", "10", "level", "exactly", "", "", "", "unknown", "low"], // 农民专业合作示范社 → the progress reports other measures: 向省农
    ["7-5", "15", "level", "exactly", "", "", "", "unknown", "low"], // 家庭农场 → the progress reports other measures: 向省农
    ["7-16", "170000", "level", "exactly", "", "", "", "unknown", "low"], // 生态公益林扩面 → the progress reports other measures: 新会区
    ["7-22", "95", "rate", "exactly", "", "", "", "unknown", "low"], // 城镇生活污水处理率 → the progress reports other measures: 蓬江区
    ["7-23-1", "6", "level", "exactly", "", "", "", "unknown", "low"], // 市区 → the target names no measure, only a plac
    ["7-23-2", "6", "level", "exactly", "", "", "", "unknown", "low"], // 市区 → the target names no measure, only a plac
    ["7-23-3", "6", "level", "exactly", "", "", "", "unknown", "low"], // 市区 → the target names no measure, only a plac
    ["7-23-4", "6", "level", "exactly", "", "", "", "unknown", "low"], // 市区 → the target names no measure, only a plac
    ["7-27", "360", "level", "exactly", "", "", "", "unknown", "low"], // 贫困重度残疾人家庭无障碍改造任务 → the progress reports other measures: 家庭,
    ["7-27", "80", "rate", "at_least", "", "", "", "unknown", "low"], // 比例 → the progress reports other measures: 服务率
    ["8-1", "65.6", "rate", "exactly", "", "", "", "unknown", "low"], // 常住人口城镇化率 → no progress figure in percent measures 常
    ["10-1", "8.2", "rate", "exactly", "9.7", "2018-09-30", "", "true", "high"], // 规模以上工业增加值 → 同比增长9.7%
    ["10-5", "100000", "level", "exactly", "118200", "2018-09-30", "1.182", "true", "high"], // 处置空置厂房 → 1-9月“1+6”园区共处置空置厂房11.82万
    ["10-6", "20", "rate", "at_least", "-14", "2018-09-30", "", "below_target_so_far", "medium"], // 技改投资 → 同比增长-14%
    ["10-8", "1", "level", "exactly", "", "", "", "unknown", "low"], // 百亿元大型骨干企业 → no progress figure in 家 measures 百亿元大型骨干
    ["10-13", "10", "rate", "at_least", "10.1", "2018-09-30", "", "true", "high"], // 社会消费品零售总额 → 与去年同期相比增长10.1%
    ["10-14", "3", "rate", "exactly", "5.5", "2018-09-30", "", "true", "medium"], // 外贸进出口总额 → 与去年同期相比增长5.5%
    ["11-3", "32", "level", "exactly", "", "", "", "unknown", "low"], // 鹤山市 → the target names no measure, only a plac
    ["11-9", "7", "level", "exactly", "", "", "", "unknown", "low"], // 省级食品安全示范街 → no progress figure in 条 measures 省级食品安全示
    ["11-10", "80", "rate", "exactly", "75.9", "2018-09-30", "", "below_target_so_far", "medium"], // 覆盖率 → 覆盖率达到75.9%
];

#[test]
fn every_target_of_the_report() {
    let rows = read_csv(&corpus_out().join("targets.csv"));
    let cols = [
        "task_id",
        "target_value",
        "kind",
        "direction",
        "actual_value",
        "as_of",
        "completion",
        "met",
        "confidence",
    ];
    let have: Vec<Vec<&str>> = rows.iter().map(|r| cols.iter().map(|c| r[*c].as_str()).collect()).collect();
    let want: Vec<Vec<&str>> = TARGETS.iter().map(|r| r.to_vec()).collect();
    assert_eq!(have.len(), want.len());
    for (h, w) in have.iter().zip(&want) {
        assert_eq!(h, w);
    }
    let paired = rows.iter().filter(|r| !r["actual_value"].is_empty()).count();
    assert_eq!((rows.len(), paired), (52, 20));
    let tasks: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["task_id"].as_str()).collect();
    assert!(tasks.len() >= 30);
}

#[test]
fn target_details() {
    let rows = read_csv(&corpus_out().join("targets.csv"));
    let row = |id: &str, value: &str| {
        rows.iter().find(|r| r["task_id"] == id && r["target_value"] == value).unwrap()
    };
    let t = row("2-8", "45000");
    assert_eq!(t["target_text"], "城镇新增就业4.5万人以上。".trim_end_matches('。'));
    assert_eq!((t["metric"].as_str(), t["unit"].as_str()), ("城镇新增就业", "人"));
    assert_eq!(t["actual_text"], "全年城镇新增就业39783人");
    assert_eq!((t["expected_by_now"].as_str(), t["on_pace"].as_str()), ("0.75", "true"));
    let t = row("6-13", "42400000000");
    assert_eq!(
        (t["as_of"].as_str(), t["expected_by_now"].as_str(), t["on_pace"].as_str()),
        ("2018-08-31", "0.6667", "false")
    );
    let t = row("10-13", "10");
    assert_eq!(t["as_of"], "2018-09-30", "1-9月, not 去年 of 与去年同期相比");
    let t = row("6-2", "12");
    assert!(t["reason"].contains("基础设施投资") && t["reason"].contains("工业投资"), "{}", t["reason"]);
    let t = row("5-5", "201700");
    assert!(t["reason"].contains("restated"), "{}", t["reason"]);

    let tasks = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let t = &tasks["5-23"];
    assert_eq!(
        (t["completion"].as_str(), t["target_met"].as_str(), t["on_pace"].as_str()),
        ("0.7933", "below_target_so_far", "true")
    );
    let t = &tasks["6-13"];
    assert_eq!((t["target_met"].as_str(), t["on_pace"].as_str()), ("not_yet", "false"));
    let problems = read_csv(&corpus_out().join("problems.csv"));
    let pace = problems.iter().find(|p| p["task_id"] == "6-13" && p["kind"] == "pace").unwrap();
    assert_eq!(pace["text"], "基础设施投资：249.16亿元 / 424亿元 = 58.8%，应达 66.7%");
}

#[test]
fn deadlines_of_the_report() {
    let rows = read_csv(&corpus_out().join("deadlines.csv"));
    let have: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r["task_id"].as_str(), r["deadline"].as_str(), r["status"].as_str())).collect();
    assert_eq!(
        have,
        [
            ("6-6", "2018-06-30", "late"),
            ("6-32", "2018-03-31", "late"),
            ("6-32", "2018-06-30", "missed"),
            ("6-32", "2018-12-31", "open"),
            ("6-44", "2018-12-31", "open"),
        ]
    );
    assert_eq!(rows[0]["text"], "深茂铁路江门至茂名段上半年全线通车");
    assert_eq!(rows[0]["evidence"], "深茂铁路江门至茂名段已于7月1日正式开通运行。");
}

/// Reports written for these tests: a ceiling exceeded, a composite target, a
/// 1-8月 actual, a district figure beside the city figure, a deadline met.
#[test]
fn written_cases() {
    let dir = workdir("targets");
    let input = dir.join("r.txt");
    std::fs::write(
        &input,
        "2019年重点工作1-9月进展情况汇总表\n一、甲同志分管工作（共4项）\n\
         \t1\n\t城镇登记失业率控制在3%以内。\n\t市人社局\n\t张三\n\t▲未按进度完成。\n截至9月底，城镇登记失业率为3.4%。\n\n\
         \t2\n\t新建污水管网80公里和改造旧管网20公里。\n\t市水务局\n\t李四\n\t按进度完成。\n1-8月，新建污水管网56公里，改造旧管网19公里。\n\n\
         \t3\n\t固定资产投资增长10%。\n\t市发改局\n\t王五\n\t按进度完成。\n1-9月，蓬江区固定资产投资增长15%；全市固定资产投资增长8.5%。\n\n\
         \t4\n\t年底前建成市民中心。\n\t市住建局\n\t赵六\n\t已完成。\n市民中心已于8月20日建成并投入使用。\n",
    )
    .unwrap();
    extract(&[&input], &dir.join("o"));
    let rows = read_csv(&dir.join("o/targets.csv"));
    let have: Vec<(&str, &str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["task_id"].as_str(),
                r["kind"].as_str(),
                r["target_value"].as_str(),
                r["actual_value"].as_str(),
                r["as_of"].as_str(),
                r["met"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        have,
        [
            ("1-1", "ceiling", "3", "3.4", "2019-09-30", "false"),
            ("1-2", "level", "80", "56", "2019-08-31", "not_yet"),
            ("1-2", "level", "20", "19", "2019-08-31", "not_yet"),
            ("1-3", "rate", "10", "8.5", "2019-09-30", "below_target_so_far"),
        ]
    );
    assert_eq!(rows[1]["completion"], "0.7");
    assert_eq!(rows[1]["expected_by_now"], "0.6667");
    assert_eq!(rows[1]["on_pace"], "true");
    assert!(rows[3]["actual_text"].contains("全市"), "the city figure, not 蓬江区");
    let deadlines = read_csv(&dir.join("o/deadlines.csv"));
    assert_eq!((deadlines[0]["deadline"].as_str(), deadlines[0]["status"].as_str()), ("2019-12-31", "met"));
}

/// A level target trailing the calendar by less than the tolerance (5
/// percentage points unless `--pace-tolerance`) is on pace; a rate below its
/// annual target is `below_target_so_far` mid-year and `false` only once the
/// year is over; an exceeded ceiling is `false` at any time.
#[test]
fn pace_tolerance_and_the_running_year() {
    let dir = workdir("pace-tolerance");
    let report = |period: &str| {
        format!(
            "2019年重点工作{period}进展情况汇总表\n一、甲同志分管工作（共4项）\n\
             \t1\n\t全年新建公园100个。\n\t市林业局\n\t张三\n\t按进度完成。\n新建公园48个。\n\n\
             \t2\n\t全年改造旧村50条。\n\t市住建局\n\t李四\n\t按进度完成。\n改造旧村22条。\n\n\
             \t3\n\t社会消费品零售总额增长10%。\n\t市商务局\n\t王五\n\t按进度完成。\n社会消费品零售总额增长9.1%。\n\n\
             \t4\n\t城镇登记失业率控制在3%以内。\n\t市人社局\n\t赵六\n\t按进度完成。\n城镇登记失业率为3.4%。\n"
        )
    };
    let input = dir.join("h1.txt");
    std::fs::write(&input, report("1-6月")).unwrap();
    let run = |name: &str, input: &std::path::Path, extra: &[&str]| {
        let out = dir.join(name);
        let mut args = vec!["extract", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"];
        args.extend(extra);
        assert!(jinzhan(&args).status.success());
        let cols = |r: &std::collections::HashMap<String, String>| {
            [r["task_id"].clone(), r["completion"].clone(), r["on_pace"].clone(), r["met"].clone()]
        };
        let problems = read_csv(&out.join("problems.csv"));
        let pace: Vec<String> =
            problems.iter().filter(|p| p["kind"] == "pace").map(|p| p["task_id"].clone()).collect();
        (read_csv(&out.join("targets.csv")).iter().map(cols).collect::<Vec<_>>(), pace)
    };
    let row = |a: &str, b: &str, c: &str, d: &str| [a, b, c, d].map(String::from);
    // 1-6月: 48% against 49.6% of the year is on pace, 44% is not.
    let (targets, pace) = run("default", &input, &[]);
    assert_eq!(
        targets,
        [
            row("1-1", "0.48", "true", "not_yet"),
            row("1-2", "0.44", "false", "not_yet"),
            row("1-3", "", "", "below_target_so_far"),
            row("1-4", "", "", "false"),
        ]
    );
    assert_eq!(pace, ["1-2", "1-3", "1-4"]);
    // Without tolerance 48% is behind too; with 10 points 44% is on pace.
    let (targets, _) = run("strict", &input, &["--pace-tolerance", "0"]);
    assert_eq!(targets[0], row("1-1", "0.48", "false", "not_yet"));
    let (targets, _) = run("lenient", &input, &["--pace-tolerance", "10"]);
    assert_eq!(targets[1], row("1-2", "0.44", "true", "not_yet"));
    // The whole year: a rate below target is missed.
    let full = dir.join("full.txt");
    std::fs::write(&full, report("全年")).unwrap();
    let (targets, _) = run("full", &full, &[]);
    assert_eq!(targets[2], row("1-3", "", "", "false"));
    assert_eq!(targets[0][3], "false");
}
