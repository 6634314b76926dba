//! `jinzhan compare`: what changed from one report to the next.

use super::inputs::{expand, InputArgs};
use super::view::{LangArg, View};
use jinzhan::compare::{order, ChangeKind, Comparison, Series};
use jinzhan::extract::display::Lang;
use jinzhan::extract::Report;
use jinzhan::output::{Book, CsvOptions, CsvTable, Manifest, OutputFile, Staging};
use jinzhan::pipeline;
use jinzhan::record::{self, ChangeRow, Row, TaskMapRow, TimelineRow};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const AFTER_HELP: &str = "\
Examples:
  jinzhan compare 2018-q2.docx 2018-q3.docx
  jinzhan compare reports/2018/ --out-dir out/2018-series --format csv --format xlsx
  jinzhan compare q1.txt q2.txt q3.txt --lang en -q";

/// Output formats of `jinzhan compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// changes.csv, task_map.csv and, for a series, timeline.csv.
    Csv,
    /// One workbook, compare.xlsx (sheets changes, task_map, timeline).
    Xlsx,
    /// compare.json: the reports, each comparison's task map and changes, the timeline.
    Json,
    /// compare.html: a page of the slipped, recovered and persistently behind tasks,
    /// the new problems and the figures that moved.
    Html,
}

/// Arguments of `jinzhan compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Folder for the output files.
    #[arg(long, short = 'o', value_name = "DIR", default_value = "out/compare")]
    out_dir: PathBuf,
    /// Output formats (repeatable): csv writes changes.csv, task_map.csv and, for a series of
    /// three or more, timeline.csv; xlsx writes compare.xlsx; json writes compare.json;
    /// html writes compare.html.
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    formats: Vec<Format>,
    /// Write CSV without the UTF-8 byte-order mark (for pipelines).
    #[arg(long)]
    no_bom: bool,
    /// Column headers: the English names (the documented interface) or Chinese ones.
    #[arg(long, value_enum, value_name = "LANG", default_value = "en")]
    headers: super::HeadersArg,
    /// The language of the labels in the printed view and in compare.html.
    #[arg(long, value_enum, value_name = "LANG", default_value = "zh")]
    lang: LangArg,
    /// Print no view of the changes on stdout.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The CSV tables of a comparison run.
struct Tables {
    changes: CsvTable<std::io::BufWriter<std::fs::File>>,
    map: CsvTable<std::io::BufWriter<std::fs::File>>,
    timeline: Option<CsvTable<std::io::BufWriter<std::fs::File>>>,
}

fn table<R: Row>(
    dir: &Path,
    opts: CsvOptions,
) -> anyhow::Result<CsvTable<std::io::BufWriter<std::fs::File>>> {
    let file = std::fs::File::create(dir.join(R::FILE))?;
    Ok(CsvTable::new::<R>(std::io::BufWriter::new(file), opts, true)?)
}

pub fn run(args: &Args, threads: usize) -> anyhow::Result<i32> {
    let extractor = args.input.extractor(threads)?;
    let inputs = expand(&args.input.inputs);
    // Every report is needed at once (they are put in the order of their
    // periods): read them on all threads, keep them in input order.
    let (mut reports, mut outcomes, mut failed) = (Vec::new(), Vec::new(), 0);
    pipeline::ordered(
        &inputs,
        threads,
        |input| extractor.extract_input(input),
        |input, result| {
            match result {
                Ok(report) => {
                    outcomes.push((input.source.clone(), "ok".to_string()));
                    reports.push(report);
                }
                Err(e) => {
                    eprintln!("jinzhan: {}", jinzhan::output::message(&e));
                    outcomes.push((input.source.clone(), "failed".to_string()));
                    failed += 1;
                }
            }
            true
        },
    );
    if reports.len() < 2 {
        anyhow::bail!("compare needs two reports or more; {} could be read", reports.len());
    }
    let sequence = order(&reports);
    let series = reports.len() > 2;
    let formats = if args.formats.is_empty() { vec![Format::Csv] } else { args.formats.clone() };
    let staging = Staging::new(&args.out_dir)?;
    let dir = staging.dir().to_path_buf();
    let opts = CsvOptions { bom: !args.no_bom, raw: false, headers: args.headers.into() };
    let mut csv = match formats.contains(&Format::Csv) {
        true => Some(Tables {
            changes: table::<ChangeRow>(&dir, opts)?,
            map: table::<TaskMapRow>(&dir, opts)?,
            timeline: if series { Some(table::<TimelineRow>(&dir, opts)?) } else { None },
        }),
        false => None,
    };
    let mut book = match formats.contains(&Format::Xlsx) {
        true => {
            let mut sheets = vec![("changes", ChangeRow::HEADER), ("task_map", TaskMapRow::HEADER)];
            if series {
                sheets.push(("timeline", TimelineRow::HEADER));
            }
            Some(Book::create(&dir, "compare.xlsx", &sheets, args.headers.into())?)
        }
        false => None,
    };
    let mut json = formats.contains(&Format::Json).then(|| {
        serde_json::json!({
            "reports": sequence.iter().filter_map(|&i| reports.get(i)).map(|r| serde_json::json!({
                "source": r.document.source, "title": r.document.title, "period": r.document.period,
                "period_end": r.period_end().map(|d| d.to_string()),
            })).collect::<Vec<_>>(),
            "comparisons": [], "timeline": [],
        })
    });
    let view = View::stdout(Lang::from(args.lang));
    let mut chains = Series::default();
    let mut previous: Option<&Report> = None;
    let mut printed = String::new();
    let mut comparisons = Vec::new();
    for report in sequence.iter().filter_map(|&i| reports.get(i)) {
        let comparison = previous.map(|old| Comparison::new(old, report));
        let keys = chains.push(report, comparison.as_ref().map(|c| &c.map));
        if series {
            for row in record::timeline(report, keys) {
                if let Some(t) = csv.as_mut().and_then(|c| c.timeline.as_mut()) {
                    t.write(&row)?;
                }
                if let Some(b) = book.as_mut() {
                    b.write("timeline", &row)?;
                }
                if let Some(list) = json.as_mut().and_then(|j| j["timeline"].as_array_mut()) {
                    list.push(serde_json::to_value(&row)?);
                }
            }
        }
        if let Some(c) = &comparison {
            let (changes, map) = (record::changes(c), record::task_map(c));
            if let Some(t) = csv.as_mut() {
                changes.iter().try_for_each(|r| t.changes.write(r))?;
                map.iter().try_for_each(|r| t.map.write(r))?;
            }
            if let Some(b) = book.as_mut() {
                changes.iter().try_for_each(|r| b.write("changes", r))?;
                map.iter().try_for_each(|r| b.write("task_map", r))?;
            }
            if let Some(list) = json.as_mut().and_then(|j| j["comparisons"].as_array_mut()) {
                list.push(serde_json::json!({
                    "old_source": c.old.document.source, "new_source": c.new.document.source,
                    "task_map": map, "changes": changes,
                }));
            }
            if !args.quiet {
                printed.push_str(&text(c, &view));
            }
        }
        if formats.contains(&Format::Html) {
            comparisons.extend(comparison);
        }
        previous = Some(report);
    }
    let mut files = Vec::new();
    if let Some(t) = csv {
        for (name, table) in
            [("changes.csv", Some(t.changes)), ("task_map.csv", Some(t.map)), ("timeline.csv", t.timeline)]
        {
            if let Some(table) = table {
                let rows = table.rows();
                table.finish()?.flush()?;
                files.push(OutputFile { name: name.into(), rows: Some(rows) });
            }
        }
    }
    if let Some(b) = book {
        files.extend(b.files());
        b.save()?;
    }
    if let Some(j) = json {
        jinzhan::output::write_atomic(&dir.join("compare.json"), |w| {
            serde_json::to_writer_pretty(&mut *w, &j)?;
            w.write_all(b"\n")
        })?;
        files.push(OutputFile { name: "compare.json".into(), rows: Some(reports.len() as u64 - 1) });
    }
    if formats.contains(&Format::Html) {
        let page = jinzhan::output::compare_page(&comparisons, Lang::from(args.lang))?;
        jinzhan::output::write_atomic(&dir.join("compare.html"), |w| w.write_all(page.as_bytes()))?;
        files.push(OutputFile { name: "compare.html".into(), rows: Some(comparisons.len() as u64) });
    }
    let mut options: BTreeMap<String, String> = args.input.options().into_iter().collect();
    options.insert(
        "formats".into(),
        formats.iter().map(|f| format!("{f:?}").to_lowercase()).collect::<Vec<_>>().join(","),
    );
    options.insert("headers".into(), format!("{:?}", args.headers).to_lowercase());
    staging.publish(&files, Manifest::now(outcomes, options))?;
    let mut out = std::io::stdout().lock();
    out.write_all(printed.as_bytes())?;
    out.flush()?;
    Ok(if failed == 0 { super::EXIT_OK } else { super::EXIT_SOME_FAILED })
}

/// A change kind's label.
fn label(kind: ChangeKind, lang: Lang) -> &'static str {
    match lang {
        Lang::En => kind.as_str(),
        Lang::Zh => match kind {
            ChangeKind::Added => "新增任务",
            ChangeKind::Removed => "删除任务",
            ChangeKind::Slipped => "下滑",
            ChangeKind::Recovered => "好转",
            ChangeKind::Completed => "完成",
            ChangeKind::Status => "状态变化",
            ChangeKind::ProblemNew => "新问题",
            ChangeKind::ProblemResolved => "问题解决",
            ChangeKind::Figure => "数据变化",
            ChangeKind::Target => "目标进度",
            ChangeKind::Person => "责任人变化",
            ChangeKind::Unit => "责任单位变化",
            ChangeKind::Deadline => "期限变化",
        },
    }
}

/// The view of one comparison: slipped tasks, tasks behind in both
/// reports, new problems, then the other changes, most serious first.
fn text(c: &Comparison<'_>, view: &View) -> String {
    let lang = view.lang;
    let old: Vec<_> = c.old.tasks().collect();
    let new: Vec<_> = c.new.tasks().collect();
    let id = |i: Option<usize>, side: &[(_, &jinzhan::Task, _)]| {
        i.and_then(|i| side.get(i)).map_or("-".to_string(), |(_, t, _)| t.id.clone())
    };
    let persistent = c.behind_in_both();
    let count = |k: ChangeKind| c.changes.iter().filter(|x| x.change == k).count();
    let (a, b) = (&c.old.document.source, &c.new.document.source);
    let mut out = String::new();
    let head = match lang {
        Lang::Zh => format!(
            "{a} → {b}：{} 项下滑，{} 项持续滞后，{} 个新问题，共 {} 处变化",
            count(ChangeKind::Slipped),
            persistent.len(),
            count(ChangeKind::ProblemNew),
            c.changes.len()
        ),
        Lang::En => format!(
            "{a} → {b}: {} slipped, {} behind in both, {} new problems, {} changes",
            count(ChangeKind::Slipped),
            persistent.len(),
            count(ChangeKind::ProblemNew),
            c.changes.len()
        ),
    };
    view.push(&mut out, &head, "", Some("1"));
    let mut group = |title: &str, lines: Vec<(String, Option<String>)>, code: Option<&str>| {
        if lines.is_empty() {
            return;
        }
        out.push('\n');
        view.push(&mut out, title, "", code);
        for (line, task) in lines {
            view.push(&mut out, &line, "  ", None);
            if let Some(task) = task {
                view.push(&mut out, &task, "    ", None);
            }
        }
    };
    let line = |x: &jinzhan::compare::Change| {
        let ids = format!("{} → {}", id(x.old, &old), id(x.new, &new));
        let what = match (x.old_value.is_empty(), x.new_value.is_empty()) {
            (false, false) => format!("{} → {}", x.old_value, x.new_value),
            (true, _) => x.new_value.clone(),
            (_, true) => x.old_value.clone(),
        };
        let what = what.replace('\n', " ");
        let detail = if x.detail.is_empty() || x.change == ChangeKind::Figure {
            String::new()
        } else {
            format!("  （{}）", x.detail)
        };
        let body = if x.change == ChangeKind::Figure { x.detail.clone() } else { what };
        format!("{ids}  {}  {}：{body}{detail}", label(x.change, lang), x.field)
    };
    let task_of =
        |x: &jinzhan::compare::Change| x.new.and_then(|j| new.get(j)).map(|(_, t, _)| t.task.clone());
    let titles = match lang {
        Lang::Zh => ["下滑", "持续滞后", "新问题", "其他变化"],
        Lang::En => ["Slipped", "Behind in both", "New problems", "Other changes"],
    };
    let of = |k: ChangeKind| c.changes.iter().filter(move |x| x.change == k);
    group(titles[0], of(ChangeKind::Slipped).map(|x| (line(x), task_of(x))).collect(), Some("1;31"));
    group(
        titles[1],
        persistent
            .iter()
            .filter_map(|p| {
                let (x, y) = (old.get(p.old)?, new.get(p.new)?);
                let status = y.1.status.as_ref().map_or("", |s| s.text.as_str());
                Some((
                    format!("{} → {}  {}  {status}", x.1.id, y.1.id, y.1.lead_unit.as_deref().unwrap_or("-")),
                    Some(y.1.task.clone()),
                ))
            })
            .collect(),
        Some("1;33"),
    );
    group(titles[2], of(ChangeKind::ProblemNew).map(|x| (line(x), None)).collect(), Some("1;33"));
    let mut rest: Vec<_> = c
        .changes
        .iter()
        .filter(|x| !matches!(x.change, ChangeKind::Slipped | ChangeKind::ProblemNew))
        .collect();
    rest.sort_by_key(|x| x.change);
    group(titles[3], rest.into_iter().map(|x| (line(x), None)).collect(), None);
    out.push('\n');
    out
}
