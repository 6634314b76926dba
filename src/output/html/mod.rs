//! The dashboard: `jinzhan.html`, one self-contained page per run (inline
//! CSS, SVG and a little JavaScript for sorting and filtering; no network
//! access), in Chinese or English.
//!
//! A document is rendered into its section of the page as soon as it is
//! read and written to a part file beside the page, so a folder of many
//! reports needs the memory of one; the combined head (totals and a table
//! of the documents) is written at the end. The HTML comes from minijinja
//! templates that escape every report text (report text is untrusted).
//!
//! ```
//! use jinzhan::output::HtmlSink;
//! use jinzhan::pipeline::{Extractor, Sink};
//! use jinzhan::extract::display::Lang;
//!
//! let dir = std::env::temp_dir().join(format!("jinzhan-doc-html-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let report = Extractor::new().extract("a.txt", "2018年1-9月进展情况\n一、甲同志分管工作（共1项）\n\t1\n\t新增就业4.5万人。<script>\n\t市人社局\n\t陈霞\n\t▲未按进度完成。\n截至9月底新增3.9万人。\n".as_bytes())?;
//! let mut sink = HtmlSink::create(&dir, Lang::Zh)?;
//! sink.report(&report)?;
//! sink.finish()?;
//! let page = std::fs::read_to_string(dir.join("jinzhan.html")).unwrap();
//! assert!(page.contains("新增就业4.5万人。&lt;script&gt;"));
//! assert!(page.contains("<b>1</b><span>未按进度完成</span>"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), jinzhan::Error>(())
//! ```

mod svg;

use super::{io_error, OutputFile};
use crate::compare::{ChangeKind, Comparison};
use crate::error::{Error, ErrorKind, Result};
use crate::extract::display::{self, figure, percent, Lang};
use crate::extract::{severity, Met, Report, TargetKind};
use crate::pipeline::Sink;
use crate::StatusCode;
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The statuses in the order of the charts and counts.
const STATUSES: [StatusCode; 7] = StatusCode::ALL;

/// Documents whose sections are open when the page opens; later ones are
/// collapsed (a folder of hundreds opens quickly), and open from the table
/// of documents.
const OPEN_DOCUMENTS: usize = 3;

/// The page's words: (key, Chinese, English).
const LABELS: &[(&str, &str, &str)] = &[
    ("title", "重点工作进展看板", "Progress dashboard"),
    ("compare_title", "重点工作进展对比", "What changed between reports"),
    ("generated", "生成于", "Generated"),
    ("documents", "份报告", "reports"),
    ("tasks", "任务", "Tasks"),
    ("rows", "条（含子项）", "rows with sub-items"),
    ("flagged", "有问题的任务", "Tasks with problems"),
    ("by_section", "各部分任务进展", "Tasks by section and status"),
    ("targets", "量化目标与时间进度", "Quantified targets against the calendar"),
    (
        "targets_note",
        "条形为完成率，竖线为时间进度（应达）；红色为落后于时间进度",
        "Bar: completion; tick: share of the year elapsed; red: behind the calendar",
    ),
    ("no_targets", "没有可与时间进度比较的量化目标", "No quantified target to compare with the calendar"),
    ("unpaired", "个目标在进展中没有可比较的实际数", "targets have no comparable actual in the progress"),
    ("id", "序号", "No."),
    ("task", "任务", "Task"),
    ("leader", "分管领导", "Leader"),
    ("lead_unit", "牵头单位", "Lead unit"),
    ("status", "进展状态", "Status"),
    ("problems", "问题", "Problems"),
    ("metric", "指标", "Metric"),
    ("target", "目标", "Target"),
    ("actual", "实际", "Actual"),
    ("met", "是否达到", "Met"),
    ("warnings", "警告", "Warnings"),
    ("kind", "类型", "Kind"),
    ("location", "位置", "Location"),
    ("message", "说明", "Message"),
    ("failed", "未能读取的文件", "Inputs that could not be read"),
    ("filter", "筛选…", "Filter…"),
    ("none_flagged", "没有被标记问题的任务", "No task is flagged"),
    ("source", "文件", "File"),
    ("period", "期间", "Period"),
    ("slipped", "下滑", "Slipped"),
    ("recovered", "好转或完成", "Recovered or done"),
    ("behind_both", "持续滞后", "Behind in both"),
    ("problem_new", "新问题", "New problems"),
    ("figures", "数据变化", "Figures that moved"),
    ("changes", "处变化", "changes"),
    ("before", "原", "Before"),
    ("after", "现", "After"),
    ("field", "项目", "Field"),
    ("change", "变化", "Change"),
    ("none_changed", "无", "None"),
];

/// The page's word for `key` in `lang`.
fn word(key: &str, lang: Lang) -> &'static str {
    LABELS.iter().find(|l| l.0 == key).map_or("", |l| if lang == Lang::Zh { l.1 } else { l.2 })
}

fn labels(lang: Lang) -> Value {
    let words: std::collections::BTreeMap<&str, &str> =
        LABELS.iter().map(|&(k, zh, en)| (k, if lang == Lang::Zh { zh } else { en })).collect();
    Value::from(Serde(words))
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Names ending in .html are escaped for HTML.
    for (name, text) in [
        ("head.html", include_str!("templates/head.html")),
        ("document.html", include_str!("templates/document.html")),
        ("compare.html", include_str!("templates/compare.html")),
        ("tail.html", include_str!("templates/tail.html")),
    ] {
        // The templates are part of the build; a broken one fails the tests.
        env.add_template(name, text).expect("the dashboard templates parse");
    }
    env
}

fn render(env: &Environment<'_>, name: &str, ctx: Value) -> Result<String> {
    env.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| {
        Error::with_source(
            ErrorKind::Output { path: PathBuf::from("jinzhan.html") },
            std::io::Error::other(e),
        )
    })
}

/// A headline count.
#[derive(Serialize)]
struct Kpi {
    class: &'static str,
    label: String,
    count: usize,
    note: String,
}

/// A status with its label, for legends and table heads.
#[derive(Serialize)]
struct StatusLabel {
    class: &'static str,
    label: &'static str,
}

fn statuses(lang: Lang) -> Vec<StatusLabel> {
    STATUSES
        .iter()
        .map(|&c| StatusLabel { class: c.as_str(), label: display::status_label(c, lang) })
        .collect()
}

/// What the combined head keeps of a document (a few numbers).
#[derive(Serialize, Clone, Default)]
struct DocHead {
    anchor: String,
    source: String,
    period: String,
    tasks: usize,
    rows: usize,
    statuses: [usize; 7],
    flagged: usize,
    warnings: usize,
}

impl DocHead {
    fn add(&mut self, other: &DocHead) {
        self.tasks += other.tasks;
        self.rows += other.rows;
        for (a, b) in self.statuses.iter_mut().zip(other.statuses) {
            *a += b;
        }
        self.flagged += other.flagged;
        self.warnings += other.warnings;
    }

    /// Tasks, each status that occurs (the five of the scale always),
    /// tasks with problems.
    fn kpis(&self, lang: Lang) -> Vec<Kpi> {
        let t = |k: &str| word(k, lang);
        let mut out = vec![Kpi {
            class: "tasks",
            label: t("tasks").into(),
            count: self.tasks,
            note: if self.rows != self.tasks {
                format!("{} {}", self.rows, t("rows"))
            } else {
                String::new()
            },
        }];
        for (i, &code) in STATUSES.iter().enumerate() {
            let n = self.statuses.get(i).copied().unwrap_or(0);
            if n > 0 || i < 5 {
                let label = display::status_label(code, lang).into();
                out.push(Kpi { class: code.as_str(), label, count: n, note: String::new() });
            }
        }
        out.push(Kpi {
            class: "flagged",
            label: t("flagged").into(),
            count: self.flagged,
            note: String::new(),
        });
        out
    }
}

#[derive(Serialize)]
struct ProblemView {
    label: &'static str,
    trigger: String,
    text: String,
}

#[derive(Serialize)]
struct Flagged {
    severity: u8,
    order: usize,
    id: String,
    task: String,
    leader: String,
    lead_unit: String,
    status: String,
    status_class: &'static str,
    problems: Vec<ProblemView>,
}

#[derive(Serialize)]
struct OtherTarget {
    id: String,
    metric: String,
    text: String,
    target: String,
    actual: String,
    met: &'static str,
    met_label: &'static str,
}

#[derive(Serialize)]
struct WarningView {
    kind: &'static str,
    location: String,
    task_id: String,
    message: String,
}

fn met_label(met: Met, lang: Lang) -> &'static str {
    match (met, lang) {
        (Met::True, Lang::Zh) => "已达到",
        (Met::NotYet, Lang::Zh) => "尚未达到",
        (Met::False, Lang::Zh) => "未达到",
        (Met::BelowTargetSoFar, Lang::Zh) => "暂低于目标",
        (Met::Unknown, Lang::Zh) => "无法判断",
        (Met::True, Lang::En) => "met",
        (Met::NotYet, Lang::En) => "not yet",
        (Met::False, Lang::En) => "missed",
        (Met::BelowTargetSoFar, Lang::En) => "below target so far",
        (Met::Unknown, Lang::En) => "unknown",
    }
}

fn status_of(task: &crate::Task, lang: Lang) -> (String, &'static str) {
    let code = task.status.as_ref().map_or(StatusCode::None, |s| s.code);
    let text = match (&task.status, lang) {
        (Some(s), Lang::Zh) => s.text.trim_start_matches(['▲', '△', '★']).to_string(),
        _ => display::status_label(code, lang).to_string(),
    };
    (text, code.as_str())
}

/// One document's section of the page and what the head keeps of it.
fn document(env: &Environment<'_>, report: &Report, index: usize, lang: Lang) -> Result<(String, DocHead)> {
    let doc = &report.document;
    let mut head = DocHead {
        anchor: format!("doc-{}", index + 1),
        source: doc.source.clone(),
        period: doc.period.clone().unwrap_or_default(),
        tasks: doc.sections.iter().map(|s| s.task_count()).sum(),
        warnings: doc.warnings.len(),
        ..DocHead::default()
    };
    let slot = |code: StatusCode| STATUSES.iter().position(|&c| c == code).unwrap_or(STATUSES.len() - 1);
    let mut bars = Vec::new();
    for s in &doc.sections {
        let mut counts = [0usize; 7];
        for t in &s.tasks {
            counts[slot(t.status.as_ref().map_or(StatusCode::None, |st| st.code))] += 1;
        }
        let segments = STATUSES
            .iter()
            .zip(counts)
            .map(|(&c, n)| (n, c.as_str(), display::status_label(c, lang)))
            .collect();
        let title = match &s.leader {
            Some(l) => format!("{}. {}（{l}）", s.no, s.heading),
            None => format!("{}. {}", s.no, s.heading),
        };
        bars.push(svg::StackedRow {
            label: svg::clip(&format!("{}. {}", s.no, s.heading), 20),
            title,
            segments,
        });
    }
    let (mut flagged, mut pace, mut other, mut unpaired) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut as_of = None;
    for (order, (section, task, found)) in report.tasks().enumerate() {
        head.rows += 1;
        let code = task.status.as_ref().map_or(StatusCode::None, |s| s.code);
        head.statuses[slot(code)] += 1;
        for t in &found.targets {
            let label =
                format!("{} {}", task.id, if t.metric.is_empty() { &t.target_text } else { &t.metric });
            match (t.kind, t.completion, t.expected_by_now, t.actual_value, t.target_value) {
                (TargetKind::Level, Some(c), Some(e), Some(a), Some(g)) => {
                    as_of = as_of.max(t.as_of);
                    pace.push(svg::PaceRow {
                        label: svg::clip(&label, 22),
                        title: format!("{}\n{}", t.target_text, t.actual_text),
                        completion: c.to_f64(),
                        expected: e.to_f64(),
                        off_pace: t.on_pace == Some(false),
                        note: format!(
                            "{} / {} = {}（{}）",
                            figure(a, t.unit),
                            figure(g, t.unit),
                            percent(c),
                            percent(e)
                        ),
                    });
                }
                (_, _, _, Some(a), Some(g)) => other.push(OtherTarget {
                    id: task.id.clone(),
                    metric: if t.metric.is_empty() { t.target_text.clone() } else { t.metric.clone() },
                    text: format!("{}\n{}", t.target_text, t.actual_text),
                    target: figure(g, t.unit),
                    actual: figure(a, t.unit),
                    met: t.met.as_str(),
                    met_label: met_label(t.met, lang),
                }),
                _ => unpaired += 1,
            }
        }
        if found.problems.is_empty() {
            continue;
        }
        let (status, status_class) = status_of(task, lang);
        let problems = found
            .problems
            .iter()
            .map(|p| {
                let label = display::kind_label(p.kind, lang);
                let trigger = if p.trigger == label { String::new() } else { p.trigger.clone() };
                ProblemView { label, trigger, text: display::problem_text(p, found, lang) }
            })
            .collect();
        flagged.push(Flagged {
            severity: severity(task, &found.problems),
            order,
            id: task.id.clone(),
            task: match &task.sub_item {
                Some(sub) => format!("{}（{sub}）", task.task),
                None => task.task.clone(),
            },
            leader: section.leader.clone().unwrap_or_default(),
            lead_unit: task.lead_unit.clone().unwrap_or_default(),
            status,
            status_class,
            problems,
        });
    }
    flagged.sort_by_key(|f| (f.severity, f.order));
    head.flagged = flagged.len();
    // Off-pace targets first, the furthest behind first; then document order.
    pace.sort_by(|a, b| {
        let gap = |r: &svg::PaceRow| if r.off_pace { r.completion - r.expected } else { f64::INFINITY };
        gap(a).total_cmp(&gap(b))
    });
    let warnings: Vec<WarningView> = doc
        .warnings
        .iter()
        .map(|w| WarningView {
            kind: w.kind.as_str(),
            location: w.location.to_string(),
            task_id: w.task_id.clone().unwrap_or_default(),
            message: w.message.clone(),
        })
        .collect();
    let unpaired = match (unpaired, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("另有 {n} {}。", word("unpaired", lang)),
        (n, Lang::En) => format!("{n} more {}.", word("unpaired", lang)),
    };
    let d = context! {
        anchor => head.anchor.as_str(),
        title => doc.title.clone().unwrap_or_else(|| doc.source.clone()),
        source => doc.source.as_str(),
        period => doc.period.as_deref(),
        kpis => Value::from(Serde(head.kpis(lang))),
        sections => (!bars.is_empty()).then(|| svg::stacked(&bars)),
        pace => (!pace.is_empty()).then(|| svg::pace(&pace)),
        as_of => as_of.map(|d| d.to_string()),
        other_targets => Value::from(Serde(other)),
        unpaired => unpaired,
        flagged => Value::from(Serde(flagged)),
        warnings => Value::from(Serde(warnings)),
    };
    let ctx = context! { d => d, t => labels(lang), statuses => Value::from(Serde(statuses(lang))), open => index < OPEN_DOCUMENTS };
    Ok((render(env, "document.html", ctx)?, head))
}

/// The page's frame: the head with the documents' counts, and the tail.
fn frame(
    env: &Environment<'_>,
    lang: Lang,
    title: &str,
    docs: &[DocHead],
    failures: &[Failure],
) -> Result<(String, String)> {
    let mut total = DocHead::default();
    docs.iter().for_each(|d| total.add(d));
    let ctx = context! {
        lang_tag => if lang == Lang::Zh { "zh-CN" } else { "en" },
        page_title => title,
        version => crate::version(),
        generated => super::staging::now_iso(),
        t => labels(lang),
        statuses => Value::from(Serde(statuses(lang))),
        docs => Value::from(Serde(docs)),
        totals => Value::from(Serde(total.kpis(lang))),
        failures => Value::from(Serde(failures)),
        css => include_str!("page.css"),
    };
    let js = context! { js => include_str!("page.js") };
    Ok((render(env, "head.html", ctx)?, render(env, "tail.html", js)?))
}

#[derive(Serialize)]
struct Failure {
    source: String,
    message: String,
}

/// Writes `jinzhan.html` report by report: each document rendered into a part
/// file as it is read, the combined head and the page put together at the end.
pub struct HtmlSink {
    path: PathBuf,
    part_path: PathBuf,
    part: BufWriter<File>,
    env: Environment<'static>,
    lang: Lang,
    docs: Vec<DocHead>,
    failures: Vec<Failure>,
}

impl HtmlSink {
    /// `dir/jinzhan.html`, with its labels in `lang`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when the part file cannot be created.
    pub fn create(dir: &Path, lang: Lang) -> Result<HtmlSink> {
        let part_path = dir.join(".jinzhan.html.part");
        let part = File::create(&part_path).map_err(|e| io_error(&part_path, e))?;
        Ok(HtmlSink {
            path: dir.join("jinzhan.html"),
            part_path,
            part: BufWriter::new(part),
            env: environment(),
            lang,
            docs: Vec::new(),
            failures: Vec::new(),
        })
    }

    /// The file written and its document count.
    pub fn files(&self) -> Vec<OutputFile> {
        vec![OutputFile { name: "jinzhan.html".into(), rows: Some(self.docs.len() as u64) }]
    }
}

impl Sink for HtmlSink {
    fn report(&mut self, report: &Report) -> Result<()> {
        let (html, head) = document(&self.env, report, self.docs.len(), self.lang)?;
        self.docs.push(head);
        self.part.write_all(html.as_bytes()).map_err(|e| io_error(&self.part_path, e))
    }

    fn failure(&mut self, source: &str, error: &Error) -> Result<()> {
        self.failures.push(Failure { source: source.to_string(), message: super::message(error) });
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.part.flush().map_err(|e| io_error(&self.part_path, e))?;
        let title = word("title", self.lang);
        let (head, tail) = frame(&self.env, self.lang, title, &self.docs, &self.failures)?;
        let part_path = self.part_path.clone();
        super::write_atomic(&self.path, |w| {
            w.write_all(head.as_bytes())?;
            std::io::copy(&mut File::open(&part_path)?, w)?;
            w.write_all(tail.as_bytes())
        })?;
        std::fs::remove_file(&self.part_path).map_err(|e| io_error(&self.part_path, e))
    }
}

#[derive(Serialize)]
struct ChangeView {
    ids: String,
    task: String,
    field: String,
    before: String,
    after: String,
    detail: String,
}

/// The page of `jinzhan compare --format html`: per pair of reports, the
/// tasks that slipped, recovered or finished, the tasks behind in both, the
/// new problems and the figures that moved.
///
/// # Errors
///
/// [`ErrorKind::Output`] when a template fails to render.
pub fn compare_page(comparisons: &[Comparison<'_>], lang: Lang) -> Result<String> {
    let env = environment();
    let title = word("compare_title", lang);
    let (head, tail) = frame(&env, lang, title, &[], &[])?;
    let mut page = head;
    for (i, c) in comparisons.iter().enumerate() {
        let old: Vec<_> = c.old.tasks().collect();
        let new: Vec<_> = c.new.tasks().collect();
        let id = |i: Option<usize>, side: &[(_, &crate::Task, _)]| {
            i.and_then(|i| side.get(i)).map_or("-".to_string(), |(_, t, _)| t.id.clone())
        };
        let task_text = |x: &crate::compare::Change| {
            x.new
                .and_then(|j| new.get(j))
                .or_else(|| x.old.and_then(|j| old.get(j)))
                .map(|(_, t, _)| t.task.clone())
        };
        let view = |x: &crate::compare::Change| ChangeView {
            ids: format!("{} → {}", id(x.old, &old), id(x.new, &new)),
            task: task_text(x).unwrap_or_default(),
            field: x.field.clone(),
            before: x.old_value.clone(),
            after: x.new_value.clone(),
            detail: x.detail.clone(),
        };
        let of = |kinds: &[ChangeKind]| -> Vec<ChangeView> {
            c.changes.iter().filter(|x| kinds.contains(&x.change)).map(view).collect()
        };
        let behind: Vec<ChangeView> = c
            .behind_in_both()
            .into_iter()
            .filter_map(|p| {
                let (x, y) = (old.get(p.old)?, new.get(p.new)?);
                Some(ChangeView {
                    ids: format!("{} → {}", x.1.id, y.1.id),
                    task: y.1.task.clone(),
                    field: y.1.lead_unit.clone().unwrap_or_default(),
                    before: status_of(x.1, lang).0,
                    after: status_of(y.1, lang).0,
                    detail: String::new(),
                })
            })
            .collect();
        let groups = [
            ("slipped", of(&[ChangeKind::Slipped])),
            ("behind_both", behind),
            ("problem_new", of(&[ChangeKind::ProblemNew])),
            ("recovered", of(&[ChangeKind::Recovered, ChangeKind::Completed])),
            ("figures", of(&[ChangeKind::Figure, ChangeKind::Target])),
        ];
        let kpis: Vec<Kpi> = groups
            .iter()
            .map(|(key, rows)| Kpi {
                class: key,
                label: word(key, lang).into(),
                count: rows.len(),
                note: String::new(),
            })
            .collect();
        let ctx = context! {
            anchor => format!("cmp-{}", i + 1),
            old => c.old.document.source.as_str(),
            new => c.new.document.source.as_str(),
            total => c.changes.len(),
            kpis => Value::from(Serde(kpis)),
            groups => groups.into_iter().map(|(k, rows)| context! { key => k, rows => Value::from(Serde(rows)) }).collect::<Vec<_>>(),
            t => labels(lang),
        };
        page.push_str(&render(&env, "compare.html", ctx)?);
    }
    page.push_str(&tail);
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages() {
        for (key, zh, en) in LABELS {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
        }
        assert_eq!(word("unpaired", Lang::En), "targets have no comparable actual in the progress");
        assert_eq!(word("no such word", Lang::Zh), "");
    }

    #[test]
    fn templates_parse() {
        let env = environment();
        for name in ["head.html", "document.html", "compare.html", "tail.html"] {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }
}
