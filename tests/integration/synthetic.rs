//! Reports written for these tests, unlike the corpus: another year, CRLF,
//! GBK, sub-items, a lost row and a row without a number cell.

use crate::harness::*;

const REPORT: &str = "附件2\n\
\n\
2019年全区重点工作1-6月进展情况汇总表\n\
（共3项）\n\
一、王五同志分管工作（共2项）\n\
\t序号\n\t工作任务\n\t责任单位\n\t责任人\n\t进展情况\n\
\n\
\t1\n\
\t新建污水管网20公里。\n\
（牵头单位：区水务局）\n\
\t（1）东片区。\n\
\t区水务局\n东片街道\n\
\t李  四\n赵大明钱小红\n\
\t▲未按进度完成。\n\
因征地问题，工程延误。\n\
\n\
\t\n\t\n\t（2）西片区。\n\t区水务局\n\t李四\n\t已完成。\n\
完成管网8公里。\n\
\n\
\n\
已完成西片区验收。\n\
\n\
\t2\n\
\t城镇新增就业1.2万人。\n\
（牵头单位：区人社局）\n\
\t区人社局\n\t周七\n\t按进度完成。\n\
新增就业6500人。\n\
二、赵六同志分管工作（共1项）\n\
\t序号\n\t工作任务\n\t责任单位\n\t责任人\n\t进展情况\n\
\n\
 \t完成旧村改造3个。\n\
\t区住建局\n\t孙八\n\t基本按进度完成。\n\
已完成2个。\n";

fn write_gbk_crlf(path: &std::path::Path) {
    let crlf = REPORT.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&crlf);
    assert!(!unmappable);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn gbk_crlf_report_with_subitems_and_lost_rows() {
    let dir = workdir("synthetic");
    let input = dir.join("2019-h1.txt");
    write_gbk_crlf(&input);
    let out = dir.join("out");
    extract(&[&input], &out);

    let doc = &read_csv(&out.join("documents.csv"))[0];
    assert_eq!(doc["title"], "2019年全区重点工作1-6月进展情况汇总表");
    assert_eq!((doc["year"].as_str(), doc["period"].as_str()), ("2019", "1-6月"));
    // The lost row cannot be numbered (no gap shows where it belongs), so it is
    // counted on its own and the mismatch is reported.
    assert_eq!((doc["declared_total"].as_str(), doc["tasks_found"].as_str()), ("3", "4"));

    let tasks = read_csv(&out.join("tasks.csv"));
    let ids: Vec<&str> = tasks.iter().map(|t| t["task_id"].as_str()).collect();
    assert_eq!(ids, ["1-1-1", "1-1-2", "1-row3", "1-2", "2-1"]);
    let t = by_task_id(tasks.clone());
    let east = &t["1-1-1"];
    assert_eq!(east["sub_item"], "东片区");
    assert_eq!(east["task"], "新建污水管网20公里。");
    assert_eq!(east["lead_unit"], "区水务局");
    assert_eq!(east["units"], "区水务局|东片街道");
    assert_eq!(east["persons"], "李四|赵大明|钱小红");
    assert_eq!((east["status"].as_str(), east["status_code"].as_str()), ("未按进度完成", "behind"));
    assert_eq!(east["behind_schedule"], "true");
    assert_eq!(east["progress"], "因征地问题，工程延误。");
    assert_eq!(t["1-1-2"]["status_code"], "done");
    assert_eq!(t["1-1-2"]["progress"], "完成管网8公里。");
    // The text after two blank lines is a lost row: kept as a row of its own,
    // never glued onto the sub-item above it.
    let lost = &t["1-row3"];
    assert_eq!((lost["seq"].as_str(), lost["task"].as_str()), ("", ""));
    assert_eq!(lost["progress"], "已完成西片区验收。");
    assert_eq!(lost["status_code"], "none");
    let no_number = &t["2-1"];
    assert_eq!((no_number["seq"].as_str(), no_number["task"].as_str()), ("1", "完成旧村改造3个。"));
    assert_eq!(no_number["status_code"], "mostly_on_track");
    assert_eq!((t["1-2"]["line_start"].as_str(), t["1-2"]["line_end"].as_str()), ("34", "40"));

    let warnings = read_csv(&out.join("warnings.csv"));
    let kinds: Vec<(&str, &str)> =
        warnings.iter().map(|w| (w["kind"].as_str(), w["task_id"].as_str())).collect();
    for want in [
        ("preamble", ""),
        ("names_split", "1-1-1"),
        ("orphan_text", "1-row3"),
        ("count_mismatch", ""),
        ("seq_inferred", "2-1"),
    ] {
        assert!(kinds.contains(&want), "{want:?} not in {kinds:?}");
    }
}

#[test]
fn utf8_and_gbk_give_the_same_rows() {
    let dir = workdir("same-rows");
    let gbk = dir.join("gbk.txt");
    write_gbk_crlf(&gbk);
    let utf8 = dir.join("utf8.txt");
    std::fs::write(&utf8, REPORT).unwrap();
    extract(&[&gbk, &utf8], &dir.join("out"));
    let tasks = read_csv(&dir.join("out/tasks.csv"));
    let (a, b): (Vec<_>, Vec<_>) = tasks.into_iter().partition(|t| t["source"] == "gbk.txt");
    assert_eq!(a.len(), 5);
    for (x, y) in a.iter().zip(&b) {
        for col in ["task_id", "task", "units", "persons", "status", "progress", "line_start"] {
            assert_eq!(x[col], y[col]);
        }
    }
}

#[test]
fn year_flag_overrides_the_title() {
    let dir = workdir("year-flag");
    let input = dir.join("r.txt");
    std::fs::write(&input, REPORT).unwrap();
    let out = jinzhan(&[
        "extract",
        input.to_str().unwrap(),
        "--out-dir",
        dir.join("o").to_str().unwrap(),
        "--year",
        "2020",
        "-q",
    ]);
    assert!(out.status.success());
    assert_eq!(read_csv(&dir.join("o/documents.csv"))[0]["year"], "2020");
}

#[test]
fn csv_has_bom_unless_asked_not_to_and_guards_formulas() {
    let dir = workdir("bom");
    let input = dir.join("r.txt");
    let risky = REPORT
        .replace("新建污水管网20公里。", "=HYPERLINK(\"x\")")
        .replace("区水务局\n东片街道", "+区水务局\n东片街道")
        .replace("李  四", "@李四");
    std::fs::write(&input, risky).unwrap();
    extract(&[&input], &dir.join("a"));
    let bytes = std::fs::read(dir.join("a/tasks.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFsource,task_id,"));
    let t = by_task_id(read_csv(&dir.join("a/tasks.csv")));
    assert_eq!(t["1-1-1"]["task"], "'=HYPERLINK(\"x\")");
    assert_eq!(t["1-1-1"]["units"], "'+区水务局|东片街道");
    assert_eq!(t["1-1-1"]["persons"], "'@李四|赵大明|钱小红");

    let out = jinzhan(&[
        "extract",
        input.to_str().unwrap(),
        "--out-dir",
        dir.join("b").to_str().unwrap(),
        "--no-bom",
        "--raw",
        "-q",
    ]);
    assert!(out.status.success());
    let bytes = std::fs::read(dir.join("b/tasks.csv")).unwrap();
    assert!(bytes.starts_with(b"source,task_id,"));
    assert_eq!(by_task_id(read_csv(&dir.join("b/tasks.csv")))["1-1-1"]["task"], "=HYPERLINK(\"x\")");
}

mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Arbitrary text built from the report's own pieces never panics the
        /// parser or the problem detector, and every row's lines stay in bounds.
        #[test]
        fn arbitrary_reports(parts in proptest::collection::vec(prop_oneof![
            Just("\t".to_string()), Just(" \t".to_string()), Just("\n".to_string()), Just("\n\n\n".to_string()),
            Just("一、甲同志分管工作（共2项）\n".to_string()), Just("\t1\n".to_string()), Just("\t（2）乙。\n".to_string()),
            Just("（牵头单位：市甲局".to_string()), Just("按进度完成。".to_string()), Just("▲".to_string()),
            Just("存在问题：".to_string()), Just("受".to_string()), Just("影响".to_string()), Just("滞后".to_string()),
            "[\\PC]{0,8}",
        ], 0..60)) {
            let text = parts.concat();
            let lines = text.lines().count();
            if let Ok(doc) = jinzhan::parse("p.txt", &text) {
                let report = jinzhan::extract::Analyzer::new().analyze(doc);
                for (_, t, f) in report.tasks() {
                    let ps = &f.problems;
                    let (start, end) = (t.line_start.unwrap_or(0), t.line_end.unwrap_or(0));
                    prop_assert!(start <= end && end <= lines);
                    let n = t.progress.chars().count();
                    for p in ps {
                        prop_assert!(p.start.unwrap_or(0) <= p.end.unwrap_or(0) && p.end.unwrap_or(0) <= n);
                    }
                    for m in &f.progress_mentions {
                        prop_assert!(m.start < m.end && m.end <= n);
                    }
                }
            }
        }

        /// Any bytes, also behind a zip, OLE or HTML signature, give blocks or an error.
        #[test]
        fn arbitrary_bytes(head in prop_oneof![Just(b"PK\x03\x04".to_vec()), Just(b"\xD0\xCF\x11\xE0".to_vec()),
                                               Just(b"<html><table><tr><td rowspan=9>".to_vec()), Just(vec![])],
                           body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let bytes = [head, body].concat();
            if let Ok(source) = jinzhan::input::read(&bytes) {
                let _ = jinzhan::Parser::new().parse_source("p", &source);
            }
        }
    }
}
