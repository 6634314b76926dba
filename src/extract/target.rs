//! Target against actual: the quantified targets of a task's text, paired
//! with the progress figure that measures the same thing, and the deadlines
//! of its text against what the progress says was done.
//!
//! Precision over recall: a pairing is made only when the actual has the same
//! kind and unit, measures the same thing (its subject equals, contains or
//! shares two specific words with the target's metric), is reported as done
//! (not a plan, application or requirement), and the whole city is meant;
//! otherwise the row says why no actual was taken.

use super::bounds::{clause_end, sentence_end};
use super::date::{find_dates, Date, Ymd};
use super::decimal::Decimal;
use super::mention::{Mention, MentionKind, Role};
use super::Field;
use crate::tokenize::Tokenizer;
use serde::Serialize;

/// What a target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A quantity to reach: 4.5万人, 1000家, 424亿元.
    Level,
    /// A growth rate or a share: 增长10%以上, 占…2.1%.
    Rate,
    /// A bound to stay under: 控制在3.2%以内.
    Ceiling,
}

/// Which side of the target value is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetDirection {
    /// At least the value (以上, 突破, 超).
    AtLeast,
    /// At most the value (以内, 以下, 控制在).
    AtMost,
    /// The value as stated; reaching it counts.
    Exactly,
}

/// Whether a target was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Met {
    /// A ceiling exceeded, or a target missed at the end of the year (worst).
    False,
    /// A rate below its annual target while the year is still running.
    BelowTargetSoFar,
    /// A level not reached while the year is still running.
    NotYet,
    /// No trustworthy actual.
    Unknown,
    /// Reached, or within the ceiling.
    True,
}

/// How sure a pairing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// No pairing, or a weak one.
    Low,
    /// The same measure by containment or shared words, or dated by the report period.
    Medium,
    /// The same measure by name, dated in its own sentence.
    High,
}

csv_names!(TargetKind { Level => "level", Rate => "rate", Ceiling => "ceiling" });
csv_names!(TargetDirection { AtLeast => "at_least", AtMost => "at_most", Exactly => "exactly" });
csv_names!(Met {
    False => "false",
    BelowTargetSoFar => "below_target_so_far",
    NotYet => "not_yet",
    Unknown => "unknown",
    True => "true",
});
csv_names!(Confidence { Low => "low", Medium => "medium", High => "high" });

/// A quantified target of a task and what the progress says of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The clause of the task text that states the target.
    pub target_text: String,
    /// What is measured (the target mention's subject).
    pub metric: String,
    /// The target value in the base unit.
    pub target_value: Option<Decimal>,
    /// The upper bound of a target range (1-2家).
    pub target_max: Option<Decimal>,
    /// The base unit.
    pub unit: &'static str,
    /// Level, rate or ceiling.
    pub kind: TargetKind,
    /// Which side is good.
    pub direction: TargetDirection,
    /// The actual as written in the progress, with its clause.
    pub actual_text: String,
    /// The actual value in the base unit.
    pub actual_value: Option<Decimal>,
    /// The date the actual refers to.
    pub as_of: Option<Date>,
    /// actual ÷ target, for level targets.
    pub completion: Option<Decimal>,
    /// The share of the year elapsed at `as_of`, for level targets.
    pub expected_by_now: Option<Decimal>,
    /// completion ≥ expected_by_now less the pace tolerance (5 percentage
    /// points by default).
    pub on_pace: Option<bool>,
    /// Whether the target was met.
    pub met: Met,
    /// How sure the pairing is.
    pub confidence: Confidence,
    /// Why the actual was taken, or why none was.
    pub reason: String,
}

/// Words too general to show two subjects measure the same thing.
const GENERIC: &[&str] = &[
    "建设", "完成", "工作", "项目", "投资", "企业", "总额", "总值", "数量", "全市", "情况", "任务", "服务",
    "管理", "发展", "实施", "推进", "开展", "达到", "新增", "市级", "省级", "总数", "比重", "全年", "累计",
];
/// A figure for part of the city.
const PART: &[&str] =
    &["市本级", "其中", "蓬江", "江海", "新会", "台山", "开平", "鹤山", "恩平", "区", "县", "镇", "分局"];
/// Metrics that are shares, not growth rates.
const SHARE: &[&str] = &["率", "比重", "比例", "占比", "覆盖"];

/// Finds the targets of a task and pairs each with an actual.
///
/// `report_end` is the last day of the report's period (2018-09-30 for 1-9月).
pub(crate) fn targets(
    task_text: &str,
    progress: &str,
    task_mentions: &[Mention],
    progress_mentions: &[Mention],
    report_end: Option<Ymd>,
    tolerance: Decimal,
) -> Vec<Target> {
    task_mentions
        .iter()
        .filter(|m| !matches!(m.kind, MentionKind::Date | MentionKind::DateRange))
        // A forecast or a comparison base in a task's text is no target.
        .filter(|m| !matches!(m.role, Role::Forecast | Role::Comparison))
        .filter(|m| m.value.is_some() && m.number != "一")
        .map(|m| pair(m, task_text, progress, progress_mentions, report_end, tolerance))
        .collect()
}

fn pair(
    t: &Mention,
    task_text: &str,
    progress: &str,
    actuals: &[Mention],
    report_end: Option<Ymd>,
    tolerance: Decimal,
) -> Target {
    let ceiling = t.qualifier == "控制在" || matches!(t.approx, "以内" | "以下" | "不超过" | "不高于");
    let rate = matches!(t.kind, MentionKind::Percent | MentionKind::PercentPoint | MentionKind::Ratio);
    let kind = if ceiling {
        TargetKind::Ceiling
    } else if rate {
        TargetKind::Rate
    } else {
        TargetKind::Level
    };
    let direction = if ceiling {
        TargetDirection::AtMost
    } else if matches!(t.approx, "以上" | "超" | "超过" | "逾" | "不低于" | "至少" | "不少于")
        || t.qualifier == "突破"
    {
        TargetDirection::AtLeast
    } else {
        TargetDirection::Exactly
    };
    let share = SHARE.iter().any(|w| t.subject.contains(w)) || t.qualifier == "占";
    let mut target = Target {
        target_text: clause(task_text, t.start, t.end),
        metric: t.subject.clone(),
        target_value: t.value,
        target_max: t.value_max,
        unit: t.unit,
        kind,
        direction,
        actual_text: String::new(),
        actual_value: None,
        as_of: None,
        completion: None,
        expected_by_now: None,
        on_pace: None,
        met: Met::Unknown,
        confidence: Confidence::Low,
        reason: String::new(),
    };
    let place = t.subject.chars().count() <= 4 && t.subject.ends_with(['市', '区', '县', '镇']);
    if t.subject.is_empty() || place {
        target.reason = format!("the target names no measure{}", if place { ", only a place" } else { "" });
        return target;
    }
    // Candidates: same kind and unit; a growth target pairs with a growth, a
    // share with a share; not a plan or application; the same measure.
    let mut best: Option<(i32, Confidence, &Mention)> = None;
    let mut rejected: Vec<String> = Vec::new();
    for a in actuals {
        if a.kind != t.kind || a.unit != t.unit || a.value.is_none() {
            continue;
        }
        if rate && !share && a.direction.is_none() && t.direction.is_some() {
            continue;
        }
        if rate && share && a.direction.is_some() {
            continue;
        }
        let Some(conf) = same_measure(&t.subject, &a.subject) else {
            if !a.subject.is_empty() {
                rejected.push(a.subject.clone());
            }
            continue;
        };
        // 启动13.18万亩高标准农田建设： restates the target as a heading.
        if clause_followed_by_colon(progress, a.end) {
            rejected.push(format!("{} (the target restated as a heading)", a.subject));
            continue;
        }
        // Only an actual measures a target: never a plan, forecast or base.
        if !matches!(a.role, Role::Actual | Role::Part) {
            rejected.push(format!("{} (a {} figure)", a.subject, a.role.as_str()));
            continue;
        }
        let lead = sentence_before(progress, a.start);
        let part = a.role == Role::Part
            || PART.iter().any(|w| a.subject.contains(w) || tail_chars(&lead, 8).contains(w))
                && !t.subject.contains("区");
        let score = conf as i32 * 2 - i32::from(part) * 3;
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, conf, a));
        }
    }
    let Some((score, conf, a)) = best.filter(|(s, _, _)| *s > 0) else {
        target.reason = if progress.contains("按年度统计") || progress.contains("年度统计") {
            "此数据按年度统计: no figure yet".into()
        } else if rejected.is_empty() {
            format!("no progress figure in {} measures {}", t.unit, t.subject)
        } else {
            rejected.dedup();
            format!("the progress reports other measures: {}", rejected.join(", "))
        };
        return target;
    };
    let _ = score;
    let (as_of, dated) = match as_of(progress, a, actuals) {
        Some(d) => (Some(d), true),
        None => (report_end, false),
    };
    target.actual_text = clause(progress, a.start, a.end);
    target.actual_value = a.value;
    target.as_of = as_of.map(Date::from);
    target.confidence = if conf == Confidence::High && dated { Confidence::High } else { Confidence::Medium };
    let (Some(goal), Some(actual)) = (t.value, a.value) else { return target };
    let reached = match direction {
        TargetDirection::AtMost => actual.to_f64() <= goal.to_f64(),
        _ => actual.to_f64() >= goal.to_f64(),
    };
    let running = as_of.is_some_and(|(_, m, d)| (m, d) < (12, 31));
    target.met = match (kind, reached) {
        (_, true) => Met::True,
        (TargetKind::Level, false) if running => Met::NotYet,
        // A growth rate or share mid-year may still reach its annual target.
        (TargetKind::Rate, false) if running => Met::BelowTargetSoFar,
        _ => Met::False,
    };
    if kind == TargetKind::Level {
        target.completion = actual.checked_div(goal, 4);
        target.expected_by_now = as_of.and_then(|(y, m, d)| year_share(y, m, d));
        target.on_pace = target
            .completion
            .zip(target.expected_by_now)
            .map(|(c, e)| c.to_f64() >= e.to_f64() - tolerance.to_f64());
    }
    target.reason = format!(
        "{} {} {}{}",
        match conf {
            Confidence::High => "same measure:",
            _ => "related measure:",
        },
        a.subject,
        if dated { "as of its own date" } else { "as of the report period" },
        if conf == Confidence::High { "" } else { " (check)" }
    );
    target
}

/// Whether two subjects measure the same thing, and how sure that is: the
/// same words (high); one contains the other, as 生产总值 in 地区生产总值
/// (medium); or the actual covers at least 60% of the target's character
/// pairs, which tolerates segmentation differences (外贸进出口总额 and
/// 江门市外贸进出口总值) but keeps a sub-measure apart from the whole (工业投资
/// is not 固定资产投资) and a flow apart from a rate (新增养老床位 is not
/// 每千名老人拥有养老床位).
fn same_measure(target: &str, actual: &str) -> Option<Confidence> {
    if actual.is_empty() {
        return None;
    }
    if target == actual {
        return Some(Confidence::High);
    }
    let (short, long) =
        if target.chars().count() <= actual.chars().count() { (target, actual) } else { (actual, target) };
    if short.chars().count() >= 3 && long.contains(short) {
        return Some(Confidence::Medium);
    }
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().filter(|c| !matches!(c, '（' | '）' | '(' | ')')).collect();
        c.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))).collect()
    };
    let (t, a) = (pairs(target), pairs(actual));
    let shared = t.iter().filter(|p| a.contains(p)).count();
    (t.len() >= 2 && shared * 10 >= t.len() * 6).then_some(Confidence::Medium)
}

/// The date an actual refers to: a date in its own sentence (截至9月底,
/// 1-9月), preferring a period or 截至 over a single month.
fn as_of(progress: &str, a: &Mention, all: &[Mention]) -> Option<Ymd> {
    let (s, e) = sentence_bounds(progress, a.start);
    let dates: Vec<&Mention> = all
        .iter()
        .filter(|m| {
            matches!(m.kind, MentionKind::Date | MentionKind::DateRange) && m.start >= s && m.end <= e
        })
        .filter(|m| m.start < a.start)
        .collect();
    // 截至9月底 first, then a period within the year (1-9月), then any date
    // that is not a comparison (与去年同期相比) or the whole year (全年).
    let comparison = |m: &Mention| {
        let after: String = progress.chars().skip(m.end).take(2).collect();
        after.starts_with("同期") || m.precision == Some(super::date::Precision::Year)
    };
    let pick = dates
        .iter()
        .rev()
        .find(|m| m.qualifier == "截至")
        .or_else(|| dates.iter().rev().find(|m| m.kind == MentionKind::DateRange && !comparison(m)))
        .or_else(|| dates.iter().rev().find(|m| !comparison(m)))?;
    pick.date_end.map(Date::ymd)
}

/// The share of the year elapsed at the end of (y, m, d): 0.75 at 30 September.
fn year_share(y: i32, m: u32, d: u32) -> Option<Decimal> {
    let days = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let months = Decimal::from_int(i128::from(m - 1))
        .checked_add(Decimal::from_int(i128::from(d)).checked_div(Decimal::from_int(days), 4)?)?;
    months.checked_div(Decimal::from_int(12), 4)
}

/// Character offsets of the sentence around char offset `at`.
fn sentence_bounds(text: &str, at: usize) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let s = chars
        .get(..at.min(chars.len()))
        .and_then(|b| b.iter().rposition(|c| sentence_end(*c)))
        .map_or(0, |i| i + 1);
    let e =
        chars.get(at..).and_then(|a| a.iter().position(|c| sentence_end(*c))).map_or(chars.len(), |i| at + i);
    (s, e)
}

/// The sentence text before char offset `at`.
fn sentence_before(text: &str, at: usize) -> String {
    let (s, _) = sentence_bounds(text, at);
    text.chars().skip(s).take(at.saturating_sub(s)).collect()
}

/// The clause (between commas) around `start..end`, char offsets.
fn clause(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let s = chars
        .get(..start.min(chars.len()))
        .and_then(|b| b.iter().rposition(|c| clause_end(*c)))
        .map_or(0, |i| i + 1);
    let e =
        chars.get(end..).and_then(|a| a.iter().position(|c| clause_end(*c))).map_or(chars.len(), |i| end + i);
    chars.get(s..e).map(|c| c.iter().collect::<String>()).unwrap_or_default()
}

/// Whether the clause that ends after char offset `end` ends with ：.
fn clause_followed_by_colon(text: &str, end: usize) -> bool {
    text.chars().skip(end).find(|c| clause_end(*c)).is_some_and(|c| matches!(c, '：' | ':'))
}

fn tail_chars(s: &str, n: usize) -> String {
    let v: Vec<char> = s.chars().collect();
    v.get(v.len().saturating_sub(n)..).map(|c| c.iter().collect()).unwrap_or_default()
}

/// How a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Done by the deadline.
    Met,
    /// Done after it.
    Late,
    /// The deadline passed and it is not done.
    Missed,
    /// The deadline is after the report date and it is not done yet.
    Open,
    /// The progress does not say.
    Unknown,
}
csv_names!(DeadlineStatus { Met => "met", Late => "late", Missed => "missed", Open => "open", Unknown => "unknown" });

/// A deadline stated in a task's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    /// The clause that states it: 上半年全线通车.
    pub text: String,
    /// The last day; none when a deadline column names no date (长期坚持).
    pub deadline: Option<Date>,
    /// How it stands.
    pub status: DeadlineStatus,
    /// The progress sentence that decides it.
    pub evidence: String,
    /// Where it is stated: the task text or the deadline column.
    pub field: Field,
}

/// Verbs that finish something.
const DONE: &[&str] = &[
    "完成",
    "通车",
    "开通",
    "建成",
    "竣工",
    "开业",
    "投入使用",
    "投产",
    "运行",
    "合并",
    "挂牌",
    "揭牌",
    "开工",
];

/// The deadlines of a task: dates with 前 (10月底前) or a period followed by a
/// finishing verb (上半年全线通车, 年底基本建成).
pub(crate) fn deadlines(
    task_text: &str,
    progress: &str,
    task_mentions: &[Mention],
    progress_mentions: &[Mention],
    report_end: Option<Ymd>,
    tokenizer: &Tokenizer,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    for m in task_mentions.iter().filter(|m| matches!(m.kind, MentionKind::Date | MentionKind::DateRange)) {
        let after: String = task_text.chars().skip(m.end).take(8).collect();
        let by_verb = DONE.iter().any(|v| after.contains(v)) && m.precision.is_some();
        if !(matches!(m.qualifier, "前" | "以前" | "之前") || by_verb) {
            continue;
        }
        let Some(deadline) = m.date_end else { continue };
        let text = clause(task_text, m.start, m.end);
        let (status, evidence) = judge(&text, deadline, progress, progress_mentions, report_end, tokenizer);
        out.push(Deadline { text, deadline: Some(deadline), status, evidence, field: Field::Task });
    }
    out
}

/// The deadline of a 完成时限 column: the end of the last date its text
/// names (2018年10月底前 → 2018-10-31), judged against the progress with the
/// task text's words; a text with no date (长期坚持) is kept, unknown.
pub(crate) fn column_deadline(
    column: &str,
    year: Option<i32>,
    task_text: &str,
    progress: &str,
    progress_mentions: &[Mention],
    report_end: Option<Ymd>,
    tokenizer: &Tokenizer,
) -> Deadline {
    let text = column.trim().to_string();
    let Some(deadline) = find_dates(&text, year).last().and_then(|d| d.last).map(Date::from) else {
        return Deadline {
            text,
            deadline: None,
            status: DeadlineStatus::Unknown,
            evidence: String::new(),
            field: Field::Deadline,
        };
    };
    let (status, evidence) = judge(task_text, deadline, progress, progress_mentions, report_end, tokenizer);
    Deadline { text, deadline: Some(deadline), status, evidence, field: Field::Deadline }
}

fn judge(
    text: &str,
    deadline: Date,
    progress: &str,
    mentions: &[Mention],
    report_end: Option<Ymd>,
    tokenizer: &Tokenizer,
) -> (DeadlineStatus, String) {
    let words: Vec<String> = tokenizer
        .cut(text)
        .iter()
        .map(|t| t.word.to_string())
        .filter(|w| w.chars().count() >= 2 && !GENERIC.contains(&w.as_str()) && !DONE.contains(&w.as_str()))
        .collect();
    let passed = report_end.is_some_and(|r| deadline < Date::from(r));
    // The progress sentence that shares the most words with the deadline.
    let mut best: Option<(usize, usize, usize, &str)> = None;
    let mut at = 0;
    for sentence in progress.split_inclusive(['。', '；', '\n']) {
        let start = at;
        at += sentence.chars().count();
        let shared = words.iter().filter(|w| sentence.contains(w.as_str())).count();
        if shared > 0 && best.is_none_or(|(n, _, _, _)| shared > n) {
            best = Some((shared, start, at, sentence));
        }
    }
    if let Some((_, start, end, sentence)) = best {
        let evidence = sentence.trim().to_string();
        let done = (sentence.contains('已') && DONE.iter().any(|v| sentence.contains(v)))
            || sentence.contains("已于");
        let in_progress = ["正在", "正按", "正抓紧", "尚未", "未完成", "推进中", "逐项落实"]
            .iter()
            .any(|w| sentence.contains(w));
        if done && !in_progress {
            let when = mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Date && m.start >= start && m.start < end)
                .find_map(|m| m.date_end);
            return match when {
                Some(d) if d <= deadline => (DeadlineStatus::Met, evidence),
                Some(_) => (DeadlineStatus::Late, evidence),
                None if !passed => (DeadlineStatus::Met, evidence),
                None => (DeadlineStatus::Unknown, evidence),
            };
        }
        return (if passed { DeadlineStatus::Missed } else { DeadlineStatus::Open }, evidence);
    }
    (if passed { DeadlineStatus::Unknown } else { DeadlineStatus::Open }, String::new())
}
