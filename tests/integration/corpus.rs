//! The bundled report, corpora/jiangmen-2018-q1-q3.txt.

use crate::harness::*;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn document_row() {
    let docs = read_csv(&corpus_out().join("documents.csv"));
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["source"], "jiangmen-2018-q1-q3.txt");
    assert_eq!(d["title"], "2018年市政府重点工作1-9月进展情况汇总表");
    assert_eq!(d["year"], "2018");
    assert_eq!(d["period"], "1-9月");
    assert_eq!(d["declared_total"], "253");
    assert_eq!(d["tasks_found"], "253");
    assert_eq!(d["sections"], "11");
}

#[test]
fn every_section_reconciles_with_its_declared_count() {
    let tasks = read_csv(&corpus_out().join("tasks.csv"));
    assert_eq!(tasks.len(), 289, "task rows, sub-items included");
    let mut groups: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    let mut declared: BTreeMap<u32, u32> = BTreeMap::new();
    for t in &tasks {
        let sec: u32 = t["section_no"].parse().unwrap();
        groups.entry(sec).or_default().insert(t["seq"].clone());
        declared.insert(sec, t["declared_count"].parse().unwrap());
    }
    let found: Vec<usize> = groups.values().map(BTreeSet::len).collect();
    assert_eq!(found, [4, 18, 6, 20, 33, 49, 33, 7, 40, 31, 12]);
    for (sec, n) in declared {
        assert_eq!(groups[&sec].len(), n as usize, "section {sec}");
    }
    let leaders: BTreeSet<&str> = tasks.iter().map(|t| t["leader"].as_str()).collect();
    assert_eq!(leaders.len(), 11);
    assert!(leaders.contains("胡钛") && leaders.contains("赖燕芬"));
}

#[test]
fn status_counts() {
    let tasks = read_csv(&corpus_out().join("tasks.csv"));
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &tasks {
        *counts.entry(t["status_code"].as_str()).or_default() += 1;
    }
    let want: BTreeMap<&str, usize> = [
        ("on_track", 245),
        ("done", 16),
        ("mostly_on_track", 7),
        ("behind", 3),
        ("adjusted", 1),
        ("none", 17),
    ]
    .into();
    assert_eq!(counts, want);
    let behind: Vec<&str> =
        tasks.iter().filter(|t| t["behind_schedule"] == "true").map(|t| t["task_id"].as_str()).collect();
    assert_eq!(behind, ["7-26", "9-14", "11-11"]);
}

/// task_id, seq, sub_no, sub_item, lead_unit, units, persons, status, line_start, line_end
const ROWS: &[[&str; 10]] = &[
    ["1-1", "1", "", "", "市委政法委", "市委政法委|市公安局|市发展改革局|市网信统筹局|市科技局|市财政局|市人力资源社会保障局|市住房城乡建设局|市交通运输局", "赖惠镇|谢焱冰|王长青|张富全|冯一宁|李文聪|陈霞|林健生|许春绵", "按进度完成", "12", "42"],
    ["1-3", "3", "", "", "市委政法委", "市委政法委|市民政局|市人力资源社会保障局|市教育局|预防化解社会矛盾12大专责组牵头单位|各市（区）政府", "陈学敏|谢鸿猷|陈霞|张璐|牵头单位负责人|各市（区）长", "按进度完成", "84", "107"],
    ["2-5", "5", "", "", "", "", "", "", "205", "205"],
    ["2-8", "8", "", "", "市人力资源社会保障局", "市人力资源社会保障局", "陈霞", "按进度完成", "256", "262"],
    ["2-10", "10", "", "", "市人力资源社会保障局", "市人力资源社会保障局|市人才工作领导小组成员单位", "陈霞|成员单位负责人", "按进度完成", "272", "290"],
    ["2-11", "11", "", "", "", "", "", "", "293", "293"],
    ["3-4", "4", "", "", "市工商联", "市工商联|市发展改革局|市经济和信息化局|市科技局|市人力资源社会保障局|市商务局|市工商局|市质监局|市金融局|市税务局|市中级法院|市检察院", "庄春维|王长青|余中华|冯一宁|陈霞|赵瑞思|容新荣|郑劲龙|曾锦俊|陈雁成|陈明辉|郭玉", "按进度完成", "489", "520"],
    ["4-13-1", "13", "1", "咏春", "市体育局", "鹤山市政府|市体育局|市文广新局", "林贤进|李广义|梅新潮", "按进度完成", "791", "804"],
    ["4-13-2", "13", "2", "蔡李佛", "市体育局", "新会区政府|市体育局|市文广新局", "梁明建|李广义|梅新潮", "", "808", "814"],
    ["4-15", "15", "", "", "", "", "", "", "827", "827"],
    ["4-18-2", "18", "2", "新会区美丽湖湾", "市旅游局", "新会区政府", "梁明建", "按进度完成", "879", "889"],
    ["5-9", "9", "", "", "", "", "", "", "1120", "1120"],
    ["6-8", "8", "", "", "市发展改革局", "市发展改革局|市国土资源局|市交通运输局|市城乡规划局|蓬江区政府|高新区及江海区|新会区政府|鹤山市政府", "王长青|胡亦邦|许春绵|刘建新|李欣立|汤惠红|梁明建|林贤进", "按进度完成", "1635", "1660"],
    ["6-33", "33", "", "", "市金融局", "市金融局|市处置非法集资领导小组成员|各市（区）政府", "曾锦俊|成员单位负责人|各市（区）长", "按进度完成", "2098", "2111"],
    ["6-34", "34", "", "", "市安全监管局", "市安全监管局|负有安全监管职责部门|各市（区）政府", "陈林基|职责部门负责人|各市（区）长", "按进度完成", "2113", "2128"],
    ["7-17-5", "17", "5", "江海区西江外滩生态湿地公园", "市林业和园林局", "高新区及江海区", "汤惠红", "按进度完成", "2680", "2686"],
    ["7-23-3", "23", "3", "紫水河、会城河黑臭水体整治", "市水务局", "新会区政府", "梁明建", "", "2859", "2869"],
    ["7-24-2", "24", "2", "", "市水务局", "", "", "", "2892", "2892"],
    ["7-25", "25", "", "", "市水务局", "市水务局|台山市政府|鹤山市政府|恩平市政府", "梁君明|谢少谋|林贤进|刘兵", "按进度完成", "2938", "2950"],
    ["8-6", "6", "", "", "市法制局", "市法制局|起草责任单位及相关部门", "芶晓彤|责任单位及相关部门负责人", "按进度完成", "3169", "3182"],
    ["9-13-1", "13", "1", "加快高污染燃料禁燃区建设", "市环境保护局", "市环境保护局|市发展改革局|市经济和信息化局|市住房城乡建设局|市质监局|市工商局|各市（区）政府", "廖辉文|王长青|余中华|林健生|郑劲龙|容新荣|各市（区）长", "按进度完成", "3423", "3441"],
    ["9-13-3", "13", "3", "进一步深化区域大气联防联控和重污染天气应对", "市环境保护局", "市环境保护局|市住房城乡建设局|市公安局|市教育局|市交通运输局|市农业局|市气象局|市建管中心|各市（区）政府", "廖辉文|林健生|谢焱冰|张璐|许春绵|郑少强|张晓东|徐东亮|各市（区）长", "按进度完成", "3469", "3491"],
    ["9-14", "14", "", "", "市环境保护局", "市环境保护局|市水务局|市农业局|市住房城乡建设局|新会区政府|台山市政府|开平市政府|鹤山市政府|恩平市政府", "廖辉文|梁君明|郑少强|林健生|梁明建|谢少谋|邝积康|林贤进|刘兵", "未按进度完成", "3492", "3520"],
    ["9-34", "34", "", "", "", "", "", "", "3933", "3933"],
    ["9-35-1", "35", "1", "会港大道工程建设", "市公路局", "市公路局|高新区及江海区", "简锦聪|汤惠红", "基本按进度完成", "3937", "3949"],
    ["10-7", "7", "", "", "", "", "", "", "4149", "4149"],
    ["10-12-3", "12", "3", "完善珠西智谷“小微双创”核心基地建设", "蓬江区政府", "蓬江区政府", "李欣立", "按进度完成", "4286", "4295"],
    ["11-12-3", "12", "3", "实现馆舍面积达标", "市档案局", "高新区及江海区|台山市政府|开平市政府", "汤惠红|谢少谋|邝积康", "", "4916", "4922"],
];

#[test]
fn expected_rows() {
    let tasks = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let cols = [
        "task_id",
        "seq",
        "sub_no",
        "sub_item",
        "lead_unit",
        "units",
        "persons",
        "status",
        "line_start",
        "line_end",
    ];
    for want in ROWS {
        let row = tasks.get(want[0]).unwrap_or_else(|| panic!("no row {}", want[0]));
        let have: Vec<&str> = cols.iter().map(|c| row[*c].as_str()).collect();
        assert_eq!(have, want.to_vec(), "row {}", want[0]);
    }
}

#[test]
fn task_text_and_progress() {
    let tasks = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let t = &tasks["2-8"];
    assert_eq!(t["task"], "城镇新增就业4.5万人以上。");
    assert_eq!(t["progress"], "截至9月底，全年城镇新增就业39783人。");
    assert_eq!(t["section"], "张元醒同志分管工作");
    let t = &tasks["1-1"];
    assert!(t["progress"].starts_with("（1）各镇（街）已通过4月25日全国综治视联网联调测试，联通率100%。\n（2）已按时间节点贯通至各村（居）综治工作站。\n（3）"));
    // Lost rows keep their progress, and no status is invented for them.
    assert!(tasks["2-5"]["progress"]
        .starts_with("已印发《江门市2018年第三方评估行政审批和政务服务效能工作方案》。"));
    assert_eq!(tasks["2-5"]["status_code"], "none");
    // The task of a sub-item group is shared; the lead note is removed from the text.
    assert_eq!(tasks["4-18-2"]["task"], "加快旅游龙头项目招商、建设。");
    assert_eq!(tasks["9-35-1"]["lead_unit"], "市公路局", "ASCII colon in （牵头单位:市公路局）");
    assert_eq!(tasks["4-10"]["status"], "计划调整");
    assert_eq!(tasks["4-10"]["status_code"], "adjusted");
}

#[test]
fn irregularities_are_warned() {
    let warnings = read_csv(&corpus_out().join("warnings.csv"));
    let of = |kind: &str| -> Vec<String> {
        warnings.iter().filter(|w| w["kind"] == kind).map(|w| w["task_id"].clone()).collect()
    };
    assert_eq!(of("orphan_text"), ["2-5", "2-11", "4-15", "5-9", "7-24-2", "9-34", "10-7", "10-12-2"]);
    assert_eq!(
        of("seq_inferred"),
        ["2-5", "2-11", "4-15", "5-9", "9-13-1", "9-14", "9-20", "9-21", "9-22", "9-23", "9-34", "10-7"]
    );
    assert_eq!(of("repeated_number"), ["4-18-2", "7-17-5", "7-23-3", "9-13-3", "10-12-4"]);
    assert_eq!(of("names_split"), ["7-25"]);
    assert_eq!(
        of("no_status"),
        ["4-13-2", "7-23-2", "7-23-3", "7-23-4", "9-35-2", "9-38-2", "9-38-3", "11-12-2", "11-12-3"]
    );
    assert_eq!(of("unit_person_mismatch"), ["2-3", "2-7"]);
    assert_eq!(of("stray_blank"), ["3-4", "5-18", "7-10", "10-1"]);
    assert!(of("numbering_gap").is_empty() && of("count_mismatch").is_empty());
    let preamble: Vec<&str> =
        warnings.iter().filter(|w| w["kind"] == "preamble").map(|w| w["line"].as_str()).collect();
    assert_eq!(preamble, ["1"], "附件1");
}

#[test]
fn assignments_pair_units_with_persons() {
    let rows = read_csv(&corpus_out().join("assignments.csv"));
    let of = |id: &str| -> Vec<(String, String, String)> {
        rows.iter()
            .filter(|r| r["task_id"] == id)
            .map(|r| (r["unit"].clone(), r["person"].clone(), r["is_lead"].clone()))
            .collect()
    };
    let t = |u: &str, p: &str, l: &str| (u.to_string(), p.to_string(), l.to_string());
    assert_eq!(of("2-2"), [t("市编办", "劳茂昌", "true"), t("各市（区）政府", "各市（区）长", "false")]);
    // 2-7 lists three units but two persons: every entry is kept.
    assert_eq!(
        of("2-7"),
        [
            t("蓬江区政府", "李欣立", "true"),
            t("市委组织部", "陈霞", "false"),
            t("市人力资源社会保障局", "", "false")
        ]
    );
}

/// Every non-empty input line ends up in an output row or a warning.
#[test]
fn nothing_lost() {
    let dir = corpus_out();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut hay = String::new();
    for file in ["tasks.csv", "documents.csv", "warnings.csv"] {
        for row in read_csv(&dir.join(file)) {
            for v in row.values() {
                hay.push_str(&squash(v));
                hay.push('\u{1}');
            }
        }
    }
    let input = std::fs::read_to_string(CORPUS).unwrap();
    let header = ["序号", "工作任务", "责任单位", "责任人", "进展情况"];
    let mut missing = Vec::new();
    let mut lines = input.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let mut text = squash(line);
        // A lead note wrapped onto the next line: （联系单位：市经济和 / 信息化局）.
        let (open, close) = (text.rfind('（'), text.rfind('）'));
        if text.contains("单位") && open.is_some() && (close.is_none() || close < open) {
            if let Some((_, next)) = lines.next() {
                text.push_str(&squash(next));
            }
        }
        if text.is_empty() || header.contains(&text.as_str()) {
            continue;
        }
        // Status lines are written without ▲ and the final 。; lead notes as the
        // unit; sub-items without （N） and 。; the total as documents.declared_total.
        text = text.trim_start_matches('▲').trim_end_matches('。').to_string();
        for note in ["（牵头单位：", "（联系单位：", "（牵头单位:"] {
            if let Some((before, after)) = text.split_once(note) {
                let (unit, rest) = after.split_once('）').unwrap_or((after, ""));
                assert!(hay.contains(unit), "line {}: lead unit {unit}", n + 1);
                text = format!("{before}{rest}").trim_end_matches('。').to_string();
            }
        }
        if let Some(rest) = text.strip_prefix('（').and_then(|t| t.split_once('）')).map(|(_, r)| r) {
            if !rest.is_empty() && !hay.contains(&text) {
                text = rest.to_string();
            }
        }
        if let Some((_, rest)) = text.split_once('、').filter(|_| text.contains("分管工作")) {
            text = rest.split('（').next().unwrap_or_default().to_string();
        }
        if text == "（共253项）" {
            text = "253".into();
        }
        if text.is_empty() {
            continue;
        }
        if !hay.contains(&text) {
            missing.push(format!("{}: {line}", n + 1));
        }
    }
    assert!(missing.is_empty(), "lines in no output:\n{}", missing.join("\n"));
}

#[test]
fn outputs_match_the_shared_contract() {
    let check = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/contract/check.sh");
    assert!(std::path::Path::new(check).exists(), "the contract checker {check} is missing");
    let out = std::process::Command::new("bash").arg(check).arg(corpus_out()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("files match"), "{text}");
}
