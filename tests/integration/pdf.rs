//! Issue 13: PDF reports. The bundled report and the numbered-list report,
//! rendered into Word templates and printed to PDF (`tests/fixtures/pdf`),
//! give the same tasks, statuses, units, persons, problems and mentions as
//! their text versions. A PDF lays text out in lines, not paragraphs: the
//! few paragraph breaks it cannot tell are counted, and offsets (which a
//! break shifts by one) are left out of the comparison.

use crate::harness::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf").join(name)
}

fn extracted(name: &str) -> PathBuf {
    let dir = workdir(&format!("pdf-{name}"));
    extract(&[&fixture(name)], &dir);
    dir
}

/// Asserts that `file` has the same rows in `cols` (line breaks aside).
fn same(want: &Path, have: &Path, file: &str, cols: &[&str]) {
    same_rows(want, have, file, cols, |c| c.replace('\n', ""));
}

/// The tasks whose progress breaks into paragraphs elsewhere than the text's.
fn breaks_differ(want: &Path, have: &Path) -> Vec<String> {
    let (a, b) = (read_csv(&want.join("tasks.csv")), read_csv(&have.join("tasks.csv")));
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x["progress"] != y["progress"])
        .map(|(x, _)| x["task_id"].clone())
        .collect()
}

const TASK: &[&str] = &[
    "task_id",
    "seq",
    "sub_no",
    "sub_item",
    "task",
    "lead_unit",
    "units",
    "status",
    "status_code",
    "behind_schedule",
    "progress",
];
const MENTION: &[&str] = &["task_id", "field", "kind", "text", "value", "unit", "subject"];
const PROBLEM: &[&str] = &["task_id", "kind", "trigger", "text", "field"];

/// The bundled report printed from a Word template: every task as in the
/// text, at most `breaks` progress texts with a paragraph break moved.
fn bundled(name: &str, cols: &[&str], breaks: usize) -> PathBuf {
    let out = extracted(name);
    same(corpus_out(), &out, "tasks.csv", cols);
    same(corpus_out(), &out, "mentions.csv", MENTION);
    same(corpus_out(), &out, "problems.csv", PROBLEM);
    let moved = breaks_differ(corpus_out(), &out);
    assert!(moved.len() <= breaks, "{name}: paragraph breaks differ in {moved:?}");
    let doc = &read_csv(&out.join("documents.csv"))[0];
    assert_eq!(
        (doc["title"].as_str(), doc["tasks_found"].as_str(), doc["sections"].as_str()),
        ("2018年市政府重点工作1-9月进展情况汇总表", "253", "11")
    );
    out
}

#[test]
fn pdf_of_a_word_table_with_a_lead_unit_column() {
    // 10-20's units cell ends a line with 成员单位 before 各市（区）政府: the
    // one place a PDF cannot tell two names from one.
    let mut cols = TASK.to_vec();
    cols.retain(|c| *c != "units");
    cols.push("persons");
    let out = bundled("lead-column.pdf", &cols, 3);
    let t = by_task_id(read_csv(&out.join("tasks.csv")));
    let want = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let units_differ: Vec<&String> = want.keys().filter(|k| want[*k]["units"] != t[*k]["units"]).collect();
    assert_eq!(units_differ, ["10-20"]);
    // A task on page 38 whose progress runs on to page 39: one row, whole.
    assert_eq!(t["4-9"]["location"], "page 38 table 4 row 3");
    assert_eq!(t["4-9"]["status"], "基本按进度完成");
    assert!(t["4-9"]["progress"].ends_with("并在9月中旬向市政府汇报。"), "{}", t["4-9"]["progress"]);
    assert_eq!(
        (t["4-13-1"]["lead_unit"].as_str(), t["4-13-1"]["lead_inferred"].as_str()),
        ("市体育局", "false")
    );
    assert_eq!(t["2-8"]["line_start"], "", "no line numbers in a PDF");
}

#[test]
fn pdf_of_a_word_table_with_problem_and_deadline_columns() {
    bundled("problem-columns.pdf", TASK, 3);
}

#[test]
fn pdf_of_a_numbered_list() {
    let text = workdir("pdf-list-text");
    extract(&[Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/list/report-2021.txt"))], &text);
    for name in ["list-auto-numbering.pdf", "owner-password-only.pdf"] {
        let out = extracted(name);
        same(&text, &out, "tasks.csv", &[TASK, &["persons", "next_steps"]].concat());
        same(&text, &out, "problems.csv", PROBLEM);
        same(&text, &out, "mentions.csv", MENTION);
        assert!(breaks_differ(&text, &out).is_empty(), "{name}");
        let t = by_task_id(read_csv(&out.join("tasks.csv")));
        assert_eq!((t["1-3"]["status"].as_str(), t["1-3"]["status_code"].as_str()), ("滞后", "behind"));
    }
}

#[test]
fn pdf_table_without_ruling_lines_is_read_by_alignment() {
    // Sections 1 to 3 of the lead-column template with every border removed
    // (pages 1-30 of 261; the last task runs on past page 30).
    let out = extracted("borderless-sections-1-3.pdf");
    let want = by_task_id(read_csv(&corpus_out().join("tasks.csv")));
    let have = read_csv(&out.join("tasks.csv"));
    assert_eq!(have.len(), 26);
    for t in &have {
        let w = &want[&t["task_id"]];
        for c in ["task", "lead_unit", "units", "persons", "status", "status_code"] {
            assert_eq!(t[c], w[c], "{} {c}", t["task_id"]);
        }
    }
    let t = by_task_id(have);
    assert_eq!(t["2-3"]["units"], "市编办|市委组织部|市财政局|市人力资源社会保障局|市法制局");
    assert_eq!(t["2-3"]["persons"], "劳茂昌|李文聪|陈霞|芶晓彤");
    // Without rules a row whose 序号 and task were lost in the source (2-5
    // in the text) cannot be told from the rest of the row above.
    assert!(t["2-4"]["progress"].contains("已印发《江门市2018年第三方评估"));
    let notes: Vec<String> = read_csv(&out.join("warnings.csv"))
        .into_iter()
        .filter(|w| w["kind"] == "input")
        .map(|w| w["location"].clone())
        .collect();
    assert_eq!(
        notes,
        ["page 1 table 1 row 1", "page 7 table 2 row 1", "page 25 table 3 row 1"],
        "one note per table"
    );
}

/// A page with a drawn box and no text: a scan as far as jinzhan can tell.
fn without_text() -> Vec<u8> {
    use lopdf::{dictionary, Object, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"0 0 0 RG 50 50 200 100 re S".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn unreadable_pdfs_are_one_clear_error_each() {
    let dir = workdir("pdf-bad");
    let whole = std::fs::read(fixture("list-auto-numbering.pdf")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("scan.pdf", without_text(), "no text layer"),
        ("truncated.pdf", whole[..whole.len() / 3].to_vec(), "corrupt or truncated"),
        ("password.pdf", std::fs::read(fixture("password.pdf")).unwrap(), "password"),
    ];
    for (name, bytes, why) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = jinzhan(&["extract", path.to_str().unwrap(), "-o", dir.join("out").to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        let line =
            err.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} not named: {err}"));
        assert!(line.contains(why), "{name}: {line}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever follows `%PDF-`, reading is an answer, never a panic.
    #[test]
    fn any_bytes_after_the_pdf_signature_are_read_or_refused(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(tail);
        let _ = jinzhan::input::read(&bytes);
    }

    /// A real PDF with bytes changed: read or refused, never a panic.
    #[test]
    fn damaged_pdfs_are_read_or_refused(at in 0usize..49_000, byte in any::<u8>(), len in 1usize..64) {
        let mut bytes = std::fs::read(fixture("list-auto-numbering.pdf")).unwrap();
        let end = (at + len).min(bytes.len());
        bytes[at.min(end)..end].fill(byte);
        let _ = jinzhan::input::read(&bytes);
    }
}
