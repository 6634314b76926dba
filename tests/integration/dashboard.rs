//! `--format html`: the dashboard page of the bundled report, of a folder,
//! of hostile report text, and of a comparison; parsed with html5ever
//! (scraper) and, where Chromium is installed, rendered in it.

use crate::harness::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Runs `extract --format html --format csv`; the exit code is 0, or 1 when
/// `some_fail`.
fn page(inputs: &[&Path], dir: &Path, extra: &[&str]) -> Html {
    let some_fail = inputs.iter().any(|p| p.ends_with("bad.docx"));
    let mut args: Vec<String> = vec!["extract".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(
        ["--out-dir", dir.to_str().unwrap(), "--quiet", "--format", "html", "--format", "csv"]
            .map(String::from),
    );
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = jinzhan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(i32::from(some_fail)), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(dir.join("jinzhan.html")).unwrap();
    assert!(!text.contains("http://") && !text.contains("https://"), "the page names a URL");
    assert!(!dir.join(".jinzhan.html.part").exists(), "the part file is left behind");
    Html::parse_document(&text)
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

/// The headline cards of the first document: class → count.
fn cards(html: &Html, scope: &str) -> BTreeMap<String, usize> {
    select(html, &format!("{scope} .kpi"))
        .iter()
        .map(|k| {
            let class = k.value().classes().find(|c| *c != "kpi").unwrap().to_string();
            let n = text(&select_in(k, "b")[0]).parse().unwrap();
            (class, n)
        })
        .collect()
}

fn select_in<'a>(e: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    e.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_bundled_reports_page_counts_what_tasks_csv_says() {
    let dir = workdir("html-corpus");
    let html = page(&[Path::new(CORPUS)], &dir, &[]);
    let tasks = read_csv(&dir.join("tasks.csv"));
    let problems = read_csv(&dir.join("problems.csv"));
    assert_eq!(tasks.len(), 289);

    let cards = cards(&html, ".doc");
    assert_eq!(cards["tasks"], 253);
    let note = text(&select(&html, ".doc .kpi.tasks small")[0]);
    assert_eq!(note, "289 条（含子项）");
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for t in &tasks {
        *by_status.entry(t["status_code"].clone()).or_default() += 1;
    }
    for (code, n) in &by_status {
        assert_eq!(cards.get(code), Some(n), "{code}");
    }
    assert_eq!(cards["behind"], 3);
    assert_eq!(cards["on_track"], 245);
    assert_eq!(cards["adjusted"], 1);

    // Every flagged task once in the list, the behind ones first.
    let flagged: BTreeSet<&str> = problems.iter().map(|p| p["task_id"].as_str()).collect();
    assert_eq!(cards["flagged"], flagged.len());
    assert_eq!(flagged.len(), 31);
    let rows = select(&html, "table.flagged tbody tr");
    let ids: Vec<String> = rows.iter().map(|r| text(&select_in(r, "td.id")[0])).collect();
    assert_eq!(ids.iter().map(String::as_str).collect::<BTreeSet<_>>(), flagged);
    assert_eq!(ids.len(), flagged.len());
    let behind: BTreeSet<&str> = tasks
        .iter()
        .filter(|t| t["status_code"] == "behind" || t["behind_schedule"] == "true")
        .map(|t| t["task_id"].as_str())
        .collect();
    let first: BTreeSet<&str> = ids[..behind.len()].iter().map(String::as_str).collect();
    assert_eq!(first, behind);
    assert!(rows[0].value().classes().any(|c| c == "sev0"));
    // The row of 9-14 names its leader and lead unit and quotes its problem.
    let row = rows.iter().find(|r| text(&select_in(r, "td.id")[0]) == "9-14").unwrap();
    let cells: Vec<String> = select_in(row, "td").iter().map(text).collect();
    let task = tasks.iter().find(|t| t["task_id"] == "9-14").unwrap();
    assert_eq!(cells[2], task["leader"]);
    assert_eq!(cells[3], task["lead_unit"]);
    assert!(cells[5].contains("存在问题"), "{}", cells[5]);

    // Every section in the stacked bars, with its row count.
    let bars = select(&html, "svg.chart:not(.pace) > g");
    let sections: BTreeSet<&str> = tasks.iter().map(|t| t["section"].as_str()).collect();
    assert_eq!(bars.len(), sections.len());
    for s in &sections {
        let n = tasks.iter().filter(|t| t["section"] == *s).count();
        let bar = bars.iter().find(|g| text(&select_in(g, "title")[0]).contains(s)).unwrap();
        assert_eq!(text(&select_in(bar, "text.total")[0]), n.to_string(), "{s}");
    }

    // One bar per level target with a completion; the off-pace ones marked.
    let targets = read_csv(&dir.join("targets.csv"));
    let level: Vec<_> = targets
        .iter()
        .filter(|t| t["kind"] == "level" && !t["completion"].is_empty() && !t["expected_by_now"].is_empty())
        .collect();
    assert_eq!(select(&html, "svg.pace rect.bar").len(), level.len());
    let off = level.iter().filter(|t| t["on_pace"] == "false").count();
    assert_eq!(select(&html, "svg.pace rect.bar.off").len(), off);
    assert_eq!(off, 1);
    let note = text(&select(&html, "svg.pace text.note.off")[0]);
    assert_eq!(note, "249.16亿元 / 424亿元 = 58.8%（66.7%）");

    // Warnings folded at the end, one row each.
    let warnings = read_csv(&dir.join("warnings.csv"));
    assert_eq!(select(&html, "details.warnings tbody tr").len(), warnings.len());
    assert!(select(&html, "details.warnings[open]").is_empty());

    // One page, well under 1 MB.
    assert!(std::fs::metadata(dir.join("jinzhan.html")).unwrap().len() < 1_000_000);
}

#[test]
fn report_text_is_shown_as_text() {
    let dir = workdir("html-hostile");
    let input = dir.join("hostile.txt");
    std::fs::write(
        &input,
        "2018年1-9月进展情况\n一、甲同志<script>alert(0)</script>分管工作（共1项）\n\t1\n\t<script>alert(1)</script>新增就业4.5万人。\n\t市人社局\" onload=\"alert(2)\n\t陈霞\n\t▲未按进度完成。\n截至9月底新增3.9万人。\n存在问题：<img src=x onerror=alert(3)>资金未到位。\n",
    )
    .unwrap();
    let html = page(&[&input], &dir.join("out"), &[]);
    // Only the page's own script; no attribute from the report.
    assert_eq!(select(&html, "script").len(), 1);
    assert!(select(&html, "img, [onload], [onerror]").is_empty());
    let body = text(&select(&html, "body")[0]);
    assert!(body.contains("<script>alert(1)</script>新增就业4.5万人。"), "{body}");
    assert!(body.contains("<img src=x onerror=alert(3)>资金未到位。"), "{body}");
    let unit = text(&select(&html, "table.flagged td.who")[1]);
    assert_eq!(unit, "市人社局\" onload=\"alert(2)");
    // Text inside the SVG charts is escaped too.
    assert!(text(&select(&html, "svg.chart title")[0]).contains("<script>alert(0)</script>"));
}

fn two_reports(dir: &Path) -> (PathBuf, PathBuf) {
    let write = |name: &str, status: &str| {
        let path = dir.join(name);
        std::fs::write(&path, format!("2018年1-9月进展情况\n一、甲同志分管工作（共2项）\n\t1\n\t新增就业4.5万人。\n\t市人社局\n\t陈霞\n\t{status}\n截至9月底新增3.9万人。\n\t2\n\t建成公园3个。\n\t市林业局\n\t李四\n\t已完成。\n建成公园3个。\n")).unwrap();
        path
    };
    (write("a.txt", "▲未按进度完成。"), write("b.txt", "按进度完成。"))
}

#[test]
fn a_folder_gives_one_page_with_a_combined_head() {
    let dir = workdir("html-folder");
    let (a, b) = two_reports(&dir);
    let bad = dir.join("bad.docx");
    std::fs::write(&bad, b"PK\x03\x04 not a zip").unwrap();
    let inputs = [&a, &b, &a, &b, &bad].map(PathBuf::as_path);
    let html = page(&inputs, &dir.join("out"), &["--lang", "en"]);
    assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("en"));
    assert_eq!(select(&html, "section.doc").len(), 4);
    // The combined head adds the documents up.
    let head = cards(&html, "header");
    assert_eq!(
        (head["tasks"], head["behind"], head["on_track"], head["done"], head["flagged"]),
        (8, 2, 2, 4, 2)
    );
    let toc = select(&html, "table.toc tbody tr");
    assert_eq!(toc.len(), 4);
    assert_eq!(select_in(&toc[3], "a")[0].value().attr("href"), Some("#doc-4"));
    // The first three are open, later ones collapsed.
    let open: Vec<bool> =
        select(&html, "section.doc > details").iter().map(|d| d.value().attr("open").is_some()).collect();
    assert_eq!(open, [true, true, true, false]);
    // The input that could not be read is named.
    let failed = text(&select(&html, ".failures")[0]);
    assert!(failed.contains("bad.docx"), "{failed}");
    assert!(text(&select(&html, ".doc h3")[0]).starts_with("Tasks by section"));
}

#[test]
fn compare_as_a_page() {
    let dir = workdir("html-compare");
    let fixture = |n: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare").join(n);
    let (h1, q3) = (fixture("chancheng-2019-h1.txt"), fixture("chancheng-2019-q3.txt"));
    let out = dir.join("out");
    let run = jinzhan(&[
        "compare",
        h1.to_str().unwrap(),
        q3.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--format",
        "html",
        "--format",
        "csv",
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let page = std::fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(!page.contains("http://") && !page.contains("https://"));
    let html = Html::parse_document(&page);
    let changes = read_csv(&out.join("changes.csv"));
    let count = |kinds: &[&str]| changes.iter().filter(|c| kinds.contains(&c["change"].as_str())).count();
    let cards = cards(&html, ".doc");
    assert_eq!(cards["slipped"], count(&["slipped"]));
    assert_eq!(cards["slipped"], 2);
    assert_eq!(cards["problem_new"], count(&["problem_new"]));
    assert_eq!(cards["recovered"], count(&["recovered", "completed"]));
    assert_eq!(cards["figures"], count(&["figure", "target"]));
    // 1-5 is behind in both reports (see compare.rs).
    assert_eq!(cards["behind_both"], 1);
    let tables = select(&html, ".doc table");
    assert_eq!(text(&select_in(&tables[1], "td.id")[0]), "1-5 → 1-4");
    let slipped: BTreeSet<String> = select_in(&tables[0], "td.id").iter().map(text).collect();
    assert_eq!(slipped, ["1-4 → 1-3", "2-2 → 2-3"].map(String::from).into());
}

/// Chromium, where installed (`.ci/run` installs Debian's `chromium`).
fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("CHROMIUM").map(PathBuf::from);
    named
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.exists())
}

#[test]
fn the_page_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED the_page_renders_in_a_real_browser: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = workdir("html-browser");
    page(&[Path::new(CORPUS)], &dir, &[]);
    let shot = dir.join("page.png");
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,3000",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", dir.join("jinzhan.html").display()))
        .output()
        .unwrap();
    assert!(shot.exists(), "no screenshot: {}", String::from_utf8_lossy(&out.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1280, 3000));
    let channels = info.color_type.samples();
    let px = |x: u32, y: u32| {
        let i = (y as usize * info.width as usize + x as usize) * channels;
        (buf[i], buf[i + 1], buf[i + 2])
    };
    // Ink: pixels darker or more coloured than the page's light greys.
    let ink = |(r, g, b): (u8, u8, u8)| r.min(g).min(b) < 200 || r.max(g).max(b) - r.min(g).min(b) > 40;
    let (mut inked, mut last) = (0usize, 0);
    for y in 0..info.height {
        let n = (0..info.width).filter(|&x| ink(px(x, y))).count();
        inked += n;
        if n > 0 {
            last = y;
        }
    }
    let share = inked as f64 / f64::from(info.width * info.height);
    assert!(share > 0.03, "the page looks blank: {:.1}% ink", share * 100.0);
    // Content all the way down the 3000 pixels (the page is longer).
    assert!(last > 2900, "the page ends at {last} pixels");
    // Red bars of the behind tasks and the off-pace target are drawn (#d32f2f).
    let red = (0..info.height)
        .flat_map(|y| (0..info.width).map(move |x| (x, y)))
        .filter(|&(x, y)| px(x, y) == (0xd3, 0x2f, 0x2f))
        .count();
    assert!(red > 500, "{red} red pixels");
}
