//! Figures and findings as a reader writes them: 249.16亿元, 357万头,
//! 48.89%, and the sentences of the pace and deadline problems, in Chinese
//! (for reports that go to leaders) or English.

use super::{Decimal, Target, TargetDirection};
use crate::extract::{Deadline, Problem, ProblemKind, TaskFindings};
use crate::StatusCode;

/// The language of a text written for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (the default: the language of the reports).
    #[default]
    Zh,
    /// English.
    En,
}

/// The Chinese name of a base unit (`CNY` → 元, `CNY/month` → 元/月); a
/// measure word (人, 家) is its own name.
pub fn unit_name(unit: &str) -> String {
    if let Some((unit, per)) = unit.split_once('/') {
        return format!("{}/{}", unit_name(unit), unit_name(per));
    }
    let name = match unit {
        "CNY" => "元",
        "USD" => "美元",
        "HKD" => "港元",
        "EUR" => "欧元",
        "JPY" => "日元",
        "GBP" => "英镑",
        "mu" => "亩",
        "m2" => "平方米",
        "km" => "公里",
        "t" => "吨",
        "kW" => "千瓦",
        "kWh" => "千瓦时",
        "m3" => "立方米",
        "TEU" => "标箱",
        "percent" => "%",
        "pp" => "个百分点",
        "times" => "倍",
        "ratio" => "",
        "hour" => "小时",
        "person_time" => "人次",
        "month" => "月",
        "year" => "年",
        "day" => "日",
        "person" => "人",
        "household" => "户",
        other => other,
    };
    name.to_string()
}

/// A figure as a Chinese report writes it: money from 10,000 on in 万 and
/// from 10⁸ on in 亿, other quantities in 万 from 10⁵ and in 亿 from 10⁸
/// (at most two decimals), shares as percentages; the value of a compound
/// unit (元/月) as it is.
///
/// # Examples
///
/// ```
/// use jinzhan::extract::{display::figure, Decimal};
///
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// assert_eq!(figure(d("24916000000"), "CNY"), "249.16亿元");
/// assert_eq!(figure(d("108326300"), "CNY"), "1.08亿元");
/// assert_eq!(figure(d("3500000"), "CNY"), "350万元");
/// assert_eq!(figure(d("1550"), "CNY/month"), "1550元/月");
/// assert_eq!(figure(d("39783"), "人"), "39783人");
/// assert_eq!(figure(d("3570000"), "头"), "357万头");
/// assert_eq!(figure(d("48.89"), "percent"), "48.89%");
/// assert_eq!(figure(d("0.75"), "ratio"), "75%");
/// ```
pub fn figure(value: Decimal, unit: &str) -> String {
    // Only the choice of 万 or 亿 looks at the f64; the figure stays exact.
    let at_least = |n: f64| value.to_f64().abs() >= n;
    let money = matches!(unit, "CNY" | "USD" | "HKD" | "EUR" | "JPY" | "GBP");
    let scalable = !unit.contains('/') && !matches!(unit, "percent" | "pp" | "times" | "ratio");
    let (scale, word) = if scalable && at_least(1e8) {
        (8, "亿")
    } else if scalable && (money && at_least(1e4) || at_least(1e5)) {
        (4, "万")
    } else {
        (0, "")
    };
    if unit == "ratio" {
        return format!("{}%", round(value.scale_pow10(2).unwrap_or(value), 2));
    }
    let shown = value.scale_pow10(-scale).map_or(value, |v| round(v, if scale > 0 { 2 } else { 4 }));
    format!("{shown}{word}{}", unit_name(unit))
}

/// `value` rounded half away from zero to `places` decimals.
fn round(value: Decimal, places: u32) -> Decimal {
    value.checked_div(Decimal::from_int(1), places).unwrap_or(value)
}

/// A share (0.588) as a percentage with one decimal: `58.8%`.
pub fn percent(share: Decimal) -> String {
    format!("{}%", round(share.scale_pow10(2).unwrap_or(share), 1))
}

/// The figures of a target behind its pace or missed, for a problem's text:
/// 基础设施投资：249.16亿元 / 424亿元 = 58.8%，应达 66.7%.
/// None when the target has no actual to compare.
///
/// # Examples
///
/// ```
/// use jinzhan::extract::display::{pace, Lang};
/// use jinzhan::pipeline::Extractor;
///
/// let report = Extractor::builder().year(Some(2018)).build()?.extract("a.txt",
///     "2018年1-9月进展情况\n一、甲同志分管工作（共1项）\n\t1\n\t完成基础设施投资424亿元以上。\n\t市发展改革局\n\t张三\n\t按进度完成。\n1-9月完成基础设施投资249.16亿元。\n".as_bytes())?;
/// let (_, _, found) = report.tasks().next().unwrap();
/// assert_eq!(pace(&found.targets[0], Lang::Zh).unwrap(), "基础设施投资：249.16亿元 / 424亿元 = 58.8%，应达 75%");
/// assert_eq!(pace(&found.targets[0], Lang::En).unwrap(), "基础设施投资: 249.16亿元 / 424亿元 = 58.8%, expected 75%");
/// # Ok::<(), jinzhan::Error>(())
/// ```
pub fn pace(t: &Target, lang: Lang) -> Option<String> {
    let (actual, goal) = (t.actual_value?, t.target_value?);
    let (a, g) = (figure(actual, t.unit), figure(goal, t.unit));
    Some(match ((t.completion, t.expected_by_now), lang) {
        ((Some(c), Some(e)), Lang::Zh) => {
            format!("{}：{a} / {g} = {}，应达 {}", t.metric, percent(c), percent(e))
        }
        ((Some(c), Some(e)), Lang::En) => {
            format!("{}: {a} / {g} = {}, expected {}", t.metric, percent(c), percent(e))
        }
        (_, Lang::Zh) => {
            let bound = match t.direction {
                TargetDirection::AtLeast => "不低于",
                TargetDirection::AtMost => "不超过",
                TargetDirection::Exactly => "",
            };
            format!("{}：{a}，目标{bound} {g}", t.metric)
        }
        (_, Lang::En) => {
            let bound = match t.direction {
                TargetDirection::AtLeast => "at least ",
                TargetDirection::AtMost => "at most ",
                TargetDirection::Exactly => "",
            };
            format!("{}: {a} against a target of {bound}{g}", t.metric)
        }
    })
}

/// A missed deadline, for a problem's text: 期限 2018-06-30 已过：… .
pub fn deadline(d: &Deadline, lang: Lang) -> String {
    let when = d.deadline.map(|d| d.to_string()).unwrap_or_default();
    match lang {
        Lang::Zh => format!("期限 {when} 已过：{}", d.evidence),
        Lang::En => format!("deadline {when} passed: {}", d.evidence),
    }
}

/// A problem's text for a person: the report's own words, or for a pace or
/// deadline problem in English the figures in English.
pub fn problem_text(p: &Problem, found: &TaskFindings, lang: Lang) -> String {
    match (p.kind, lang) {
        (ProblemKind::Pace, Lang::En) => found
            .targets
            .iter()
            .find(|t| t.target_text == p.trigger)
            .and_then(|t| pace(t, lang))
            .unwrap_or_else(|| p.text.clone()),
        (ProblemKind::Deadline, Lang::En) => found
            .deadlines
            .iter()
            .find(|d| d.text == p.trigger)
            .map_or_else(|| p.text.clone(), |d| deadline(d, lang)),
        _ => p.text.replace('\n', " "),
    }
}

/// A problem kind's label: 存在问题, 进度状态, 进展受阻, 进度偏慢, 逾期
/// (the CSV names in English).
pub fn kind_label(kind: ProblemKind, lang: Lang) -> &'static str {
    match lang {
        Lang::En => kind.as_str(),
        Lang::Zh => match kind {
            ProblemKind::Explicit => "存在问题",
            ProblemKind::Status => "进度状态",
            ProblemKind::Implicit => "进展受阻",
            ProblemKind::Pace => "进度偏慢",
            ProblemKind::Deadline => "逾期",
        },
    }
}

/// A status code's label: 已完成, 按进度完成 … (the CSV names in English).
pub fn status_label(code: StatusCode, lang: Lang) -> &'static str {
    match lang {
        Lang::En => code.as_str(),
        Lang::Zh => match code {
            StatusCode::Done => "已完成",
            StatusCode::OnTrack => "按进度完成",
            StatusCode::MostlyOnTrack => "基本按进度完成",
            StatusCode::Behind => "未按进度完成",
            StatusCode::Adjusted => "计划调整",
            StatusCode::Other => "其他",
            StatusCode::None => "无状态",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn figures_as_written() {
        for (value, unit, shown) in [
            ("42400000000", "CNY", "424亿元"),
            ("79190000000", "CNY", "791.9亿元"),
            ("-350000000", "CNY", "-3.5亿元"),
            ("9999", "CNY", "9999元"),
            ("10000", "CNY", "1万元"),
            ("12345678", "USD", "1234.57万美元"),
            ("99999", "人", "99999人"),
            ("201700", "mu", "20.17万亩"),
            ("0.9", "pp", "0.9个百分点"),
            ("2.3", "times", "2.3倍"),
            ("0.33333", "ratio", "33.33%"),
            ("0", "CNY", "0元"),
            ("157.99", "km", "157.99公里"),
        ] {
            assert_eq!(figure(d(value), unit), shown, "{value} {unit}");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(kind_label(ProblemKind::Pace, Lang::Zh), "进度偏慢");
        assert_eq!(kind_label(ProblemKind::Pace, Lang::En), "pace");
        assert_eq!(status_label(StatusCode::MostlyOnTrack, Lang::Zh), "基本按进度完成");
        assert_eq!(percent(d("0.66666")), "66.7%");
    }
}
