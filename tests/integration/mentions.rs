//! mentions.csv on the bundled report, and `jinzhan scan`.

use crate::harness::*;
use std::collections::HashMap;

fn mentions() -> Vec<HashMap<String, String>> {
    read_csv(&corpus_out().join("mentions.csv"))
}

const GOLDEN_COLS: &[&str] = &[
    "task_id",
    "field",
    "kind",
    "text",
    "start",
    "end",
    "value",
    "value_max",
    "unit",
    "approx",
    "qualifier",
    "direction",
    "date_start",
    "date_end",
    "precision",
    "subject",
    "relative",
    "role",
    "part_of",
];

/// Every mention of the bundled report against a reviewed golden file.
/// Regenerate with `JINZHAN_BLESS=1 cargo test --test integration golden` and
/// review the diff before committing it.
#[test]
fn golden_mentions() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/jiangmen-2018-q1-q3.mentions.tsv");
    let mut have = GOLDEN_COLS.join("\t");
    have.push('\n');
    for m in mentions() {
        let cells: Vec<&str> = GOLDEN_COLS.iter().map(|c| m[*c].as_str()).collect();
        have.push_str(&cells.join("\t").replace('\n', " "));
        have.push('\n');
    }
    if std::env::var_os("JINZHAN_BLESS").is_some() {
        std::fs::write(path, &have).unwrap();
    }
    let want = std::fs::read_to_string(path).expect("golden file (bless it with JINZHAN_BLESS=1)");
    let diff: Vec<String> = want
        .lines()
        .zip(have.lines())
        .filter(|(a, b)| a != b)
        .take(10)
        .map(|(a, b)| format!("- {a}\n+ {b}"))
        .collect();
    assert!(
        diff.is_empty() && want.lines().count() == have.lines().count(),
        "mentions differ from the golden file:\n{}",
        diff.join("\n")
    );
}

/// Real sentences of the report: (task_id, field, text, kind, value, unit, extra check).
#[test]
fn corpus_sentences() {
    let all = mentions();
    let find = |id: &str, field: &str, text: &str| -> &HashMap<String, String> {
        all.iter()
            .find(|m| m["task_id"] == id && m["field"] == field && m["text"] == text)
            .unwrap_or_else(|| panic!("{id} {field}: no mention {text}"))
    };
    let cases: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("2-8", "task", "4.5万人", "count", "45000", "人"),
        ("2-8", "progress", "39783人", "count", "39783", "人"),
        ("2-9", "task", "3.2%", "percent", "3.2", "percent"),
        ("2-9", "progress", "2.38%", "percent", "2.38", "percent"),
        ("5-5", "task", "20.17万亩", "area", "201700", "mu"),
        ("5-5", "task", "13.18万亩", "area", "131800", "mu"),
        ("5-15", "progress", "10832.63万元", "money", "108326300", "CNY"),
        ("6-18", "progress", "1,732,022万元", "money", "17320220000", "CNY"),
        ("6-2", "progress", "280.18亿元", "money", "28018000000", "CNY"),
        ("6-2", "progress", "8.5个百分点", "percent_point", "8.5", "pp"),
        ("10-1", "progress", "791.9亿元", "money", "79190000000", "CNY"),
        ("10-6", "progress", "-14%", "percent", "-14", "percent"),
        ("10-13", "progress", "1039.07亿元", "money", "103907000000", "CNY"),
        ("7-24-2", "progress", "4.90km", "length", "4.9", "km"),
        ("5-33", "progress", "282米", "length", "0.282", "km"),
        ("7-20", "progress", "37.91万立方米", "quantity", "379100", "m3"),
        ("9-14", "progress", "22.6万吨/日", "quantity", "226000", "t/day"),
        ("10-16", "progress", "三分之一", "ratio", "0.3333", "ratio"),
        ("2-6", "progress", "6500人次", "count", "6500", "人次"),
    ];
    for (id, field, text, kind, value, unit) in cases {
        let m = find(id, field, text);
        assert_eq!(
            (m["kind"].as_str(), m["value"].as_str(), m["unit"].as_str()),
            (*kind, *value, *unit),
            "{id} {text}"
        );
    }
    let m = find("2-8", "progress", "39783人");
    assert_eq!(m["subject"], "城镇新增就业");
    let m = find("10-1", "progress", "9.7%");
    assert_eq!(
        (m["qualifier"].as_str(), m["direction"].as_str(), m["subject"].as_str()),
        ("同比增长", "up", "规模以上工业增加值")
    );
    let m = find("10-6", "task", "20%");
    assert_eq!((m["approx"].as_str(), m["qualifier"].as_str()), ("以上", "增长"));
    let m = find("2-8", "progress", "9月底");
    assert_eq!(
        (m["kind"].as_str(), m["date_start"].as_str(), m["precision"].as_str(), m["qualifier"].as_str()),
        ("date", "2018-09-30", "day", "截至")
    );
    let m = find("10-1", "progress", "1-9月");
    assert_eq!(
        (m["kind"].as_str(), m["date_start"].as_str(), m["date_end"].as_str()),
        ("date_range", "2018-01-01", "2018-09-30")
    );
    let m = find("1-1", "progress", "4月25日");
    assert_eq!(m["date_start"], "2018-04-25");
    let m = find("10-12-4", "progress", "1000-2000万元");
    assert_eq!((m["value"].as_str(), m["value_max"].as_str()), ("10000000", "20000000"));
}

/// start/end are character offsets into the field as written in tasks.csv.
#[test]
fn offsets_slice_the_task_fields() {
    let tasks = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let all = mentions();
    assert!(all.len() > 1000);
    for m in &all {
        let field = &tasks[&m["task_id"]][&m["field"]];
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        let slice: String = field.chars().skip(s).take(e - s).collect();
        let text = m["text"]
            .strip_prefix('\'')
            .filter(|_| m["text"].starts_with("'-") && !slice.starts_with('\''))
            .unwrap_or(&m["text"]);
        assert_eq!(slice, text, "{} {}", m["task_id"], m["field"]);
        assert!(!m["value"].contains('e') && !m["value"].contains("0000000001"), "{}", m["value"]);
    }
}

#[test]
fn scan_command() {
    let dir = workdir("scan");
    let input = dir.join("notes.txt");
    std::fs::write(
        &input,
        "1-9月，全市实现规模以上工业增加值791.9亿元，同比增长9.7%。\n\n今年新增高新技术企业超过300家\n",
    )
    .unwrap();
    let out = jinzhan(&["scan", input.to_str().unwrap(), "--year", "2018"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("line,kind,text,start,end,value,value_max,unit,number,raw_unit,approx,qualifier,direction,date_start,date_end,precision,subject,context,relative,role,part_of\n"));
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().take(8).map(str::to_string).collect())
        .collect();
    let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            row(&["1", "date_range", "1-9月", "0", "4", "", "", ""]),
            row(&["1", "money", "791.9亿元", "18", "25", "79190000000", "", "CNY"]),
            row(&["1", "percent", "9.7%", "30", "34", "9.7", "", "percent"]),
            row(&["3", "date_range", "今年", "0", "2", "", "", ""]),
            row(&["3", "count", "300家", "12", "16", "300", "", "家"]),
        ]
    );
    // Empty standard input is an error, as an empty file is.
    let out = jinzhan(&["scan", "-", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
    let jsonl = std::process::Command::new(env!("CARGO_BIN_EXE_jinzhan"))
        .args(["scan", input.to_str().unwrap(), "--format", "jsonl", "--year", "2018"])
        .output()
        .unwrap();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(jsonl.stdout).unwrap().lines().nth(1).unwrap()).unwrap();
    assert_eq!(first["value"], "79190000000");
    assert_eq!(first["subject"], "规模以上工业增加值");
}

/// `--dict` words with ASCII letters and symbols name a subject whole (R&D经费,
/// 5G基站), and a mention's role, relative flag and whole (part_of) are in
/// the last columns of `jinzhan scan`.
#[test]
fn user_words_with_ascii_and_the_role_columns() {
    let dir = workdir("scan-dict-ascii");
    let dict = dir.join("words.txt");
    std::fs::write(&dict, "R&D经费 1000 n\n5G基站 1000 n\n").unwrap();
    let input = dir.join("notes.txt");
    std::fs::write(
        &input,
        "今年以来全社会R&D经费投入增长12%，新建5G基站300个。\n完成投资100亿元，其中基础设施投资40亿元；计划总投资150亿元。\n",
    )
    .unwrap();
    let out = jinzhan(&["scan", input.to_str().unwrap(), "--year", "2018", "--dict", dict.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
    let row = |t: &str| rows.iter().find(|r| &r[2] == t).unwrap_or_else(|| panic!("{t} not in {text}"));
    // line, kind, text, …, subject (16), context, relative, role, part_of
    assert_eq!((&row("12%")[16], &row("12%")[19]), ("全社会R&D经费投入", "actual"));
    assert_eq!(&row("300个")[16], "5G基站");
    assert_eq!((&row("今年")[18], &row("今年")[19]), ("true", "other"));
    assert_eq!((&row("40亿元")[19], &row("40亿元")[20]), ("part", "0"));
    assert_eq!(&row("150亿元")[19], "plan");
}
