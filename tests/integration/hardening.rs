//! Issue 18: never abort, never hang, stay linear. Each test is a crafted
//! input or a fault that broke a run before, with the exit code, the one
//! error line and the other inputs still processed.

use crate::harness::*;
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jinzhan");

/// Runs the binary with a time limit (a hang is a failure, not a stuck test).
fn run_within(args: &[&str], limit: Duration) -> std::process::Output {
    let mut child =
        Command::new(BIN).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("jinzhan {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The entries of a zip archive, to rewrite one of them.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            (e.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Item 1: workbooks that declare more than they hold never abort the run.
#[test]
fn lying_workbooks_are_errors_not_aborts() {
    let dir = workdir("hard-xlsx");
    // One cell at XFD1048576: calamine's dense range would be 550 GB.
    let far = dir.join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "序号").unwrap();
    ws.write_string(1_048_575, 16_383, "远").unwrap();
    wb.save(&far).unwrap();
    // A shared-string table that declares 4294967295 strings.
    let strings = dir.join("strings.xlsx");
    let report =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xlsx/report.xlsx")).unwrap();
    let mut files = entries(&report);
    for (name, data) in files.iter_mut() {
        if name.ends_with("sharedStrings.xml") {
            let text = String::from_utf8(data.clone()).unwrap();
            let at = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = at + text[at..].find('"').unwrap();
            *data = format!("{}4294967295{}", &text[..at], &text[end..]).into_bytes();
        }
    }
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    std::fs::write(&strings, zip_of(&files, zip::CompressionMethod::Deflated)).unwrap();
    // A legacy workbook whose sheet declares 4 billion rows.
    let xls = dir.join("huge.xls");
    std::fs::write(&xls, legacy_workbook_with_dimensions(u32::MAX, 255)).unwrap();
    let out = dir.join("out");
    let run = run_within(
        &[
            "extract",
            far.to_str().unwrap(),
            strings.to_str().unwrap(),
            xls.to_str().unwrap(),
            CORPUS,
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
        Duration::from_secs(120),
    );
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("strings.xlsx") && stderr.contains("declares 4294967295 strings"), "{stderr}");
    assert!(stderr.contains("huge.xls") && stderr.contains("malformed"), "{stderr}");
    assert!(!stderr.contains("far.xlsx"), "a far cell is read, not refused: {stderr}");
    assert_eq!(
        read_csv(&out.join("tasks.csv")).iter().filter(|t| t["source"] == "jiangmen-2018-q1-q3.txt").count(),
        289
    );
}

/// A minimal BIFF8 workbook in an OLE file: globals, one sheet whose
/// Dimensions record declares `rows` × `cols`.
fn legacy_workbook_with_dimensions(rows: u32, cols: u16) -> Vec<u8> {
    let rec = |typ: u16, data: &[u8]| {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    };
    let bof = |kind: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend(kind.to_le_bytes());
        d.extend([0u8; 12]);
        rec(0x0809, &d)
    };
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(rows.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(cols.to_le_bytes());
    dims.extend([0u8; 2]);
    let stream = [bof(0x0005), rec(0x000A, &[]), bof(0x0010), rec(0x0200, &dims), rec(0x000A, &[])].concat();
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    cfb.into_inner().into_inner()
}

/// Item 2: a FIFO in a folder is not read (it would block forever); a
/// symbolic link loop is reported once and every file read once.
#[test]
fn folders_with_fifos_and_symlink_loops() {
    let dir = workdir("hard-walk");
    let reports = dir.join("reports");
    std::fs::create_dir_all(reports.join("sub")).unwrap();
    std::fs::copy(CORPUS, reports.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(&reports, reports.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(&reports, reports.join("sub/loop2")).unwrap();
    std::os::unix::fs::symlink(reports.join("a.txt"), reports.join("sub/same.txt")).unwrap();
    let fifo = reports.join("pipe.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let out = dir.join("out");
    let run = run_within(
        &["extract", reports.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"],
        Duration::from_secs(60),
    );
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    let docs = read_csv(&out.join("documents.csv"));
    let outcome: Vec<(&str, &str)> =
        docs.iter().map(|d| (d["source"].as_str(), d["status"].as_str())).collect();
    assert_eq!(
        outcome,
        [("a.txt", "ok"), ("pipe.txt", "failed"), ("sub/loop", "failed"), ("sub/loop2", "failed")]
    );
    assert!(docs[2]["error"].contains("symbolic link loop"), "{}", docs[2]["error"]);
    assert_eq!(read_csv(&out.join("tasks.csv")).len(), 289, "the report is read once");
}

/// CPU seconds of the fastest of three runs (CPU time, not wall time, so
/// that tests running beside it disturb it less).
fn fastest(args: &[&str]) -> f64 {
    (0..3)
        .map(|_| {
            let child =
                Command::new(BIN).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            let pid = child.id() as libc::pid_t;
            let mut status = 0;
            // SAFETY: plain data filled in by wait4 for our own child.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: valid pointers, our own child.
            assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
            std::mem::forget(child);
            assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1, "{args:?}: {status}");
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            secs(usage.ru_utime) + secs(usage.ru_stime)
        })
        .fold(f64::MAX, f64::min)
}

/// Asserts that 4 times the input takes less than 8 times as long (a
/// quadratic stage would take 16 times), over the time of a tiny input. `n`
/// is large enough that its time stands well above the start-up time's
/// noise (±0.1 s for the debug binary: jieba's dictionary is loaded at
/// start).
fn linear(name: &str, make: impl Fn(usize) -> String, n: usize) {
    let dir = workdir(&format!("hard-linear-{name}"));
    let path = |k: usize| dir.join(format!("{name}-{k}.txt"));
    for k in [1, n, 4 * n] {
        std::fs::write(path(k), make(k)).unwrap();
    }
    let time = |k: usize| {
        let out = dir.join(format!("out-{k}"));
        fastest(&["extract", path(k).to_str().unwrap(), "-o", out.to_str().unwrap(), "-q", "-j", "1"])
    };
    let base = time(1);
    let (small, large) = (time(n) - base, time(4 * n) - base);
    assert!(large < 8.0 * small.max(0.05), "{name}: {small:.2} s for {n}, {large:.2} s for {}", 4 * n);
}

/// Item 3: every stage is linear in its input.
#[test]
fn stages_stay_linear() {
    let head = "2018年重点工作进展情况汇总表\n一、甲同志分管工作\n";
    linear(
        "same-number",
        |n| {
            format!(
                "{head}{}",
                "\t1\n\t任务。\n\t市甲局\n\t张三\n\t按进度完成。\n完成投资100万元。\n\n".repeat(n)
            )
        },
        3000,
    );
    linear(
        "many-tasks",
        |n| {
            let rows: String = (1..=n)
                .map(|i| format!("\t{i}\n\t任务。\n\t市甲局\n\t张三\n\t按进度完成。\n新增就业20人。\n\n"))
                .collect();
            format!("{head}{rows}")
        },
        4000,
    );
    linear(
        "long-paragraph",
        |n| {
            format!(
                "{head}\t1\n\t任务。\n\t市甲局\n\t张三\n\t按进度完成。\n{}\n",
                "项目投资100万元受台风影响工期延误新增就业200人".repeat(n)
            )
        },
        3000,
    );
}

/// Item 4: a closed pipe is the reader's choice, not an error.
#[test]
fn broken_pipes_are_success() {
    for args in [
        vec!["scan", CORPUS],
        vec!["scan", CORPUS, "--format", "jsonl"],
        vec!["problems", CORPUS, "--format", "csv"],
        vec!["problems", CORPUS],
    ] {
        let mut child =
            Command::new(BIN).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(!first.is_empty());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

fn one_task(progress: &str) -> String {
    format!("2018年重点工作进展情况汇总表\n一、甲同志分管工作（共1项）\n\t1\n\t任务。\n\t市甲局\n\t张三\n\t按进度完成。\n{progress}\n")
}

/// Item 5: a cell longer than Excel allows is cut in the workbook only.
#[test]
fn an_oversized_cell_does_not_kill_the_workbook() {
    let dir = workdir("hard-cell");
    let input = dir.join("long.txt");
    std::fs::write(&input, one_task(&"完成投资。".repeat(7_000))).unwrap();
    let out = dir.join("out");
    let run = jinzhan(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--format",
        "xlsx",
        "--format",
        "csv",
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("1 text(s) longer than Excel's 32,767 characters"));
    assert_eq!(
        read_csv(&out.join("tasks.csv"))[0]["progress"].chars().count(),
        35_000,
        "the CSV keeps it whole"
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("jinzhan.xlsx")).unwrap();
    let tasks = wb.worksheet_range("tasks").unwrap();
    let cell = tasks.get((1, 17)).unwrap().to_string();
    assert_eq!(cell.chars().count(), 32_767);
    assert!(cell.ends_with("[truncated: see the CSV or JSON output]"));
    assert!(out.join("jinzhan.json").exists());
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Item 6: the output set is one run's: a run that fails, is interrupted,
/// or meets another run in the same folder leaves the previous set whole
/// and no temporary file.
#[test]
fn the_output_set_is_one_runs() {
    let dir = workdir("hard-set");
    let input = dir.join("r.txt");
    std::fs::copy(CORPUS, &input).unwrap();
    let out = dir.join("out");
    extract(&[&input], &out);
    let before = snapshot(&out);
    assert!(before.iter().any(|(n, _)| n == "manifest.json"));

    // A folder stands where mentions.csv goes: the run fails before any file moves.
    std::fs::remove_file(out.join("mentions.csv")).unwrap();
    std::fs::create_dir(out.join("mentions.csv")).unwrap();
    std::fs::write(&input, std::fs::read_to_string(CORPUS).unwrap().replace("按进度完成", "已完成")).unwrap();
    let failed = jinzhan(&["extract", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("mentions.csv"));
    let expected: Vec<(String, Vec<u8>)> =
        before.iter().filter(|(n, _)| n != "mentions.csv").cloned().collect();
    assert_eq!(snapshot(&out), expected, "every other file is the previous run's");
    std::fs::remove_dir(out.join("mentions.csv")).unwrap();

    // An interrupted run and a second run at the same time.
    let big = dir.join("big.txt");
    std::fs::write(&big, std::fs::read_to_string(CORPUS).unwrap().repeat(60)).unwrap();
    let run = jinzhan(&["extract", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    assert!(run.status.success());
    let before = snapshot(&out);
    let child = Command::new(BIN)
        .args(["extract", big.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q", "-j", "1"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let second = jinzhan(&["extract", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("another jinzhan run is writing into"));
    // SAFETY: signals our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let status = child.wait_with_output().unwrap().status;
    assert_eq!(status.code(), Some(130), "interrupted");
    assert_eq!(snapshot(&out), before, "the interrupted run changed nothing");
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// Item 7: offsets count from the text without the formula guard's `'`.
#[test]
fn offsets_stay_exact_under_the_formula_guard() {
    let dir = workdir("hard-guard");
    let input = dir.join("r.txt");
    std::fs::write(&input, one_task("-3个项目滞后。")).unwrap();
    let out = dir.join("out");
    extract(&[&input], &out);
    let task = &read_csv(&out.join("tasks.csv"))[0];
    assert_eq!(task["progress"], "'-3个项目滞后。");
    let m = &read_csv(&out.join("mentions.csv"))[0];
    assert_eq!((m["text"].as_str(), m["start"].as_str(), m["end"].as_str()), ("'-3个", "0", "3"));
    let unguarded = task["progress"].strip_prefix('\'').unwrap();
    let slice: String = unguarded.chars().take(3).collect();
    assert_eq!(
        Some(slice.as_str()),
        m["text"].strip_prefix('\''),
        "drop the ' and the offsets slice the text"
    );
}

/// Item 8: the format comes from the archive's entries, not from its bytes.
#[test]
fn a_word_file_that_mentions_an_excel_part_is_word() {
    let dir = workdir("hard-sniff");
    let body = "<w:document xmlns:w=\"w\"><w:body>\
        <w:p><w:r><w:t>一、甲同志分管工作（共1项）</w:t></w:r></w:p>\
        <w:p><w:r><w:t>1.说明 xl/workbook.xml 的用法</w:t></w:r></w:p>\
        <w:p><w:r><w:t>完成情况：已完成。</w:t></w:r></w:p></w:body></w:document>";
    let docx = dir.join("note.docx");
    std::fs::write(&docx, zip_of(&[("word/document.xml", body.as_bytes())], zip::CompressionMethod::Stored))
        .unwrap();
    let out = dir.join("out");
    extract(&[&docx], &out);
    assert_eq!(read_csv(&out.join("tasks.csv"))[0]["task"], "说明 xl/workbook.xml 的用法");
}

/// Item 9: years in range, a lone `-` left alone, inputs capped, messages once.
#[test]
fn smaller_things() {
    for sub in ["problems", "scan", "extract"] {
        let run = jinzhan(&[sub, CORPUS, "--year", "2147483647"]);
        assert_eq!(run.status.code(), Some(2), "{sub}");
    }
    let dir = workdir("hard-small");
    let out = dir.join("out");
    let mut child = Command::new(BIN)
        .args(["extract", "-", "-o", out.to_str().unwrap(), "-q"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&std::fs::read(CORPUS).unwrap()).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(read_csv(&out.join("documents.csv"))[0]["source"], "-", "not '-");

    let run = run_within(
        &["extract", "/dev/zero", "-o", out.to_str().unwrap(), "-q", "--max-input-size", "1"],
        Duration::from_secs(30),
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("larger than the limit of 1048576 bytes"));

    // A damaged archive: its error says what is wrong once.
    let mut docx =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/jiangmen-2018-q1-q3.docx")).unwrap();
    let at = docx.len() / 3;
    docx[at] ^= 0xFF;
    let bad = dir.join("bad.docx");
    std::fs::write(&bad, docx).unwrap();
    let run = jinzhan(&["extract", bad.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_lowercase();
    let line = stderr.lines().next().unwrap_or_default().to_string();
    for word in ["checksum", "corrupt", "invalid"] {
        assert!(line.matches(word).count() <= 1, "{line}");
    }
}

/// Arbitrary bytes behind each reader's signature never panic (stable
/// property tests; the fuzz/ crate runs the same readers with libFuzzer).
mod readers {
    use proptest::prelude::*;

    fn read(bytes: &[u8]) {
        if let Ok(source) = jinzhan::input::read(bytes) {
            let _ = jinzhan::Parser::new().parse_source("p", &source);
        }
    }

    fn mutate(base: &[u8], flips: &[(usize, u8)]) -> Vec<u8> {
        let mut b = base.to_vec();
        for (at, x) in flips {
            if !b.is_empty() {
                let n = b.len();
                b[at % n] ^= x;
            }
        }
        b
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn docx(flips in proptest::collection::vec((any::<usize>(), 1u8..), 1..8)) {
            read(&mutate(include_bytes!("../fixtures/docx/merged-vertical.docx"), &flips));
        }

        #[test]
        fn xlsx(flips in proptest::collection::vec((any::<usize>(), 1u8..), 1..8)) {
            read(&mutate(include_bytes!("../fixtures/xlsx/report.xlsx"), &flips));
        }

        #[test]
        fn html(flips in proptest::collection::vec((any::<usize>(), 1u8..), 1..16)) {
            let page = "<html><head><meta charset=gb2312></head><body><div class=nav>首页</div><p>2019年重点工作</p><table>\
                <tr><th>序号</th><th colspan=2>工作任务</th><th>进展情况</th></tr>\
                <tr><td rowspan=2>1</td><td rowspan=2>建设公园</td><td>东湖</td><td>已完成。<br>主体完工。</td></tr>\
                <tr><td>西湖</td><td><p>滞后。</p></td></tr></table></body></html>";
            read(&mutate(page.as_bytes(), &flips));
        }

        #[test]
        fn text(flips in proptest::collection::vec((any::<usize>(), 1u8..), 1..16)) {
            read(&mutate(include_bytes!("../fixtures/list/report-2021.txt"), &flips));
        }
    }
}
