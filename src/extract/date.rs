//! Dates and periods: 2018年9月18日, 9月底, 1-9月, 上半年, 第三季度, 2020.6.30 …
//! The pieces of a date are collected first, then resolved against the
//! report's year.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// How precise a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A day (9月18日, 9月底).
    Day,
    /// A third of a month: 上旬, 中旬, 下旬, 初.
    Xun,
    /// A month or months (9月, 1-9月).
    Month,
    /// A quarter (第三季度, 前三季度).
    Quarter,
    /// Half a year (上半年).
    Half,
    /// A year (2018年, 年内).
    Year,
}

impl Precision {
    /// The precision as written in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Xun => "xun",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Half => "half",
            Precision::Year => "year",
        }
    }
}

/// A date or period found in text, in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub start: usize,
    pub end: usize,
    /// (year, month, day) of the first and last day, inclusive; `None` when no
    /// year is known.
    pub first: Option<(i32, u32, u32)>,
    pub last: Option<(i32, u32, u32)>,
    pub precision: Precision,
    pub range: bool,
}

const Y: &str = r"(?:([0-9]{4}|[〇零一二三四五六七八九]{4})\s*年)";
const M: &str = r"([0-9]{1,2}|十[一二]?|[一二三四五六七八九])";
const D: &str = r"([0-9]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])";

/// The date grammar; each alternative is tried leftmost-first.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let alts = [
        // 1: 2020.6.30, 2020-06-30, 2020/6/30
        r"(?P<iso>((?:19|20)[0-9]{2})[-./]([0-9]{1,2})[-./]([0-9]{1,2}))".to_string(),
        // 2: 7月31日至8月17日 (with optional years)
        format!(r"(?P<dd>{Y}?{M}月{D}[日号]?\s*[-－—~～至到]\s*{Y}?{M}月{D}[日号])"),
        // 3: 9月4-12日, 6月23至24日
        format!(r"(?P<md>{Y}?{M}月{D}[日号]?\s*[-－—~～至到]\s*{D}[日号])"),
        // 4: 2018年9月18日, 9月18日
        format!(r"(?P<ymd>{Y}?{M}月{D}[日号])"),
        // 5: 1-9月, 1至9月份, 2018年1-9月
        format!(r"(?P<mm>{Y}?{M}月?\s*[-－—~～至到]\s*{M}月份?)"),
        // 6: 2013年-2017年, 2018-2020年
        r"(?P<yy>((?:19|20)[0-9]{2})\s*年?\s*[-－—~～至到]\s*((?:19|20)[0-9]{2})\s*年)".to_string(),
        // 7: 9月底, 9月上旬, 2018年1月份, 9月
        format!(r"(?P<ym>{Y}?{M}月(份)?(上旬|中旬|下旬|初|中|底|末)?)"),
        // 8: 前9月, 前9个月
        format!(r"(?P<first>前{M}个?月)"),
        // 9: (今年|去年) 上半年 / 第三季度 / 前三季度 / 年底 …
        r"(?P<kw>(今年|本年|去年|上年|明年|[0-9]{4}年)?(上半年|下半年|前三季度|前[一二两1-3]季度|第?[一二三四1-4]季度|年底|年末|年初|年内|全年))".to_string(),
        // 10: 2018年, 2018年度, 今年, 去年
        format!(r"(?P<year>{Y}度?|今年|本年|去年|上年|明年)"),
    ];
    Regex::new(&alts.join("|")).expect("valid date regex")
});

fn cn_or_arabic(s: &str) -> Option<u32> {
    crate::extract::number::parse_number(s)?
        .to_string()
        .parse()
        .ok()
}

fn year_of(s: &str) -> Option<i32> {
    let digits: String = s
        .chars()
        .map(|c| {
            crate::extract::number::cn_digit(c).map_or(c, |d| char::from_digit(d, 10).unwrap_or(c))
        })
        .collect();
    digits.parse().ok()
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) && (1900..=2200).contains(&y)
}

/// Finds dates in `text`; a date without a year takes `year`.
pub(crate) fn find_dates(text: &str, year: Option<i32>) -> Vec<FoundDate> {
    let mut out = Vec::new();
    for caps in DATE.captures_iter(text) {
        let Some(all) = caps.get(0) else { continue };
        // Not inside a longer number or identifier: 280.18 is not a date, nor G2018年.
        let before = text.get(..all.start()).and_then(|b| b.chars().next_back());
        let after = text.get(all.end()..).and_then(|a| a.chars().next());
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '第')
            || after.is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        if let Some(found) = resolve(&caps, year) {
            out.push(FoundDate {
                start: all.start(),
                end: all.end(),
                ..found
            });
        }
    }
    out
}

/// Turns the captured pieces into first and last days.
fn resolve(c: &regex::Captures<'_>, year: Option<i32>) -> Option<FoundDate> {
    let g = |i: usize| c.get(i).map(|m| m.as_str());
    let found =
        |first: Option<(i32, u32, u32)>, last: Option<(i32, u32, u32)>, precision, range| {
            Some(FoundDate {
                start: 0,
                end: 0,
                first,
                last,
                precision,
                range,
            })
        };
    let ymd = |y: Option<i32>, m: u32, d: u32| y.filter(|y| valid(*y, m, d)).map(|y| (y, m, d));
    let month_end = |y: Option<i32>, m: u32| y.map(|y| (y, m, days_in_month(y, m)));
    // Group numbers follow the order of the alternatives above.
    if c.name("iso").is_some() {
        let (y, m, d) = (year_of(g(2)?)?, g(3)?.parse().ok()?, g(4)?.parse().ok()?);
        return valid(y, m, d)
            .then(|| found(Some((y, m, d)), Some((y, m, d)), Precision::Day, false))?;
    }
    if c.name("dd").is_some() {
        let y1 = g(6).and_then(year_of).or(year);
        let y2 = g(9).and_then(year_of).or(y1);
        let (m1, d1) = (cn_or_arabic(g(7)?)?, cn_or_arabic(g(8)?)?);
        let (m2, d2) = (cn_or_arabic(g(10)?)?, cn_or_arabic(g(11)?)?);
        return found(ymd(y1, m1, d1), ymd(y2, m2, d2), Precision::Day, true);
    }
    if c.name("md").is_some() {
        let y = g(13).and_then(year_of).or(year);
        let m = cn_or_arabic(g(14)?)?;
        let (d1, d2) = (cn_or_arabic(g(15)?)?, cn_or_arabic(g(16)?)?);
        return (d1 < d2).then(|| found(ymd(y, m, d1), ymd(y, m, d2), Precision::Day, true))?;
    }
    if c.name("ymd").is_some() {
        let y = g(18).and_then(year_of).or(year);
        let (m, d) = (cn_or_arabic(g(19)?)?, cn_or_arabic(g(20)?)?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        return found(ymd(y, m, d), ymd(y, m, d), Precision::Day, false);
    }
    if c.name("mm").is_some() {
        let y = g(22).and_then(year_of).or(year);
        let (m1, m2) = (cn_or_arabic(g(23)?)?, cn_or_arabic(g(24)?)?);
        if !(1..=12).contains(&m1) || !(1..=12).contains(&m2) || m1 >= m2 {
            return None;
        }
        return found(ymd(y, m1, 1), month_end(y, m2), Precision::Month, true);
    }
    if c.name("yy").is_some() {
        let (y1, y2) = (year_of(g(26)?)?, year_of(g(27)?)?);
        return (y1 < y2)
            .then(|| found(Some((y1, 1, 1)), Some((y2, 12, 31)), Precision::Year, true))?;
    }
    if c.name("ym").is_some() {
        let y = g(29).and_then(year_of).or(year);
        let m = cn_or_arabic(g(30)?)?;
        if !(1..=12).contains(&m) {
            return None;
        }
        let end = y.map_or(31, |y| days_in_month(y, m));
        return match g(32) {
            None => found(ymd(y, m, 1), month_end(y, m), Precision::Month, false),
            Some("上旬" | "初") => found(ymd(y, m, 1), ymd(y, m, 10), Precision::Xun, false),
            Some("中旬" | "中") => found(ymd(y, m, 11), ymd(y, m, 20), Precision::Xun, false),
            Some("下旬") => found(ymd(y, m, 21), ymd(y, m, end), Precision::Xun, false),
            Some(_) => found(ymd(y, m, end), ymd(y, m, end), Precision::Day, false), // 底, 末
        };
    }
    if c.name("first").is_some() {
        let m = cn_or_arabic(g(34)?)?;
        return (1..=12)
            .contains(&m)
            .then(|| found(ymd(year, 1, 1), month_end(year, m), Precision::Month, true))?;
    }
    if c.name("kw").is_some() {
        let y = match g(36) {
            Some("去年" | "上年") => year.map(|y| y - 1),
            Some("明年") => year.map(|y| y + 1),
            Some(s) if s.ends_with('年') && s.len() > 3 => s.get(..4).and_then(year_of),
            _ => year,
        };
        let kw = g(37)?;
        let quarter = |q: u32| {
            found(
                ymd(y, 3 * q - 2, 1),
                month_end(y, 3 * q),
                Precision::Quarter,
                false,
            )
        };
        return match kw {
            "上半年" => found(ymd(y, 1, 1), ymd(y, 6, 30), Precision::Half, false),
            "下半年" => found(ymd(y, 7, 1), ymd(y, 12, 31), Precision::Half, false),
            "年底" | "年末" => found(ymd(y, 12, 31), ymd(y, 12, 31), Precision::Day, false),
            "年初" => found(ymd(y, 1, 1), ymd(y, 1, 31), Precision::Month, false),
            "年内" | "全年" => found(ymd(y, 1, 1), ymd(y, 12, 31), Precision::Year, false),
            _ if kw.starts_with('前') => {
                let q = cn_or_arabic(kw.trim_start_matches('前').trim_end_matches("季度"))?;
                (1..=4)
                    .contains(&q)
                    .then(|| found(ymd(y, 1, 1), month_end(y, 3 * q), Precision::Quarter, true))?
            }
            _ => {
                let q = cn_or_arabic(kw.trim_start_matches('第').trim_end_matches("季度"))?;
                (1..=4).contains(&q).then(|| quarter(q))?
            }
        };
    }
    if c.name("year").is_some() {
        let y = match g(39) {
            Some(s) => year_of(s),
            None => match c.name("year").map(|m| m.as_str()) {
                Some("去年" | "上年") => year.map(|y| y - 1),
                Some("明年") => year.map(|y| y + 1),
                _ => year,
            },
        };
        let y = y.filter(|y| (1900..=2200).contains(y));
        return found(
            y.map(|y| (y, 1, 1)),
            y.map(|y| (y, 12, 31)),
            Precision::Year,
            false,
        );
    }
    None
}

/// Formats (y, m, d) as ISO 8601.
pub(crate) fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, String, String, &'static str) {
        let found = find_dates(text, Some(2018));
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let f = &found[0];
        (
            text.get(f.start..f.end).unwrap().to_string(),
            f.first.map(iso).unwrap_or_default(),
            f.last.map(iso).unwrap_or_default(),
            f.precision.as_str(),
        )
    }

    #[test]
    fn dates() {
        let cases = [
            ("2018年9月18日", "2018-09-18", "2018-09-18", "day"),
            ("9月18日", "2018-09-18", "2018-09-18", "day"),
            ("9月", "2018-09-01", "2018-09-30", "month"),
            ("9月份", "2018-09-01", "2018-09-30", "month"),
            ("2018年1月份", "2018-01-01", "2018-01-31", "month"),
            ("9月底", "2018-09-30", "2018-09-30", "day"),
            ("9月初", "2018-09-01", "2018-09-10", "xun"),
            ("9月上旬", "2018-09-01", "2018-09-10", "xun"),
            ("9月中旬", "2018-09-11", "2018-09-20", "xun"),
            ("2月下旬", "2018-02-21", "2018-02-28", "xun"),
            ("年底", "2018-12-31", "2018-12-31", "day"),
            ("年初", "2018-01-01", "2018-01-31", "month"),
            ("年内", "2018-01-01", "2018-12-31", "year"),
            ("上半年", "2018-01-01", "2018-06-30", "half"),
            ("下半年", "2018-07-01", "2018-12-31", "half"),
            ("第三季度", "2018-07-01", "2018-09-30", "quarter"),
            ("三季度", "2018-07-01", "2018-09-30", "quarter"),
            ("前三季度", "2018-01-01", "2018-09-30", "quarter"),
            ("1-9月", "2018-01-01", "2018-09-30", "month"),
            ("1至9月", "2018-01-01", "2018-09-30", "month"),
            ("前9月", "2018-01-01", "2018-09-30", "month"),
            ("9月4-12日", "2018-09-04", "2018-09-12", "day"),
            ("6月23至24日", "2018-06-23", "2018-06-24", "day"),
            ("7月31日至8月17日", "2018-07-31", "2018-08-17", "day"),
            ("2013年-2017年", "2013-01-01", "2017-12-31", "year"),
            ("2020.6.30", "2020-06-30", "2020-06-30", "day"),
            ("2020-06-30", "2020-06-30", "2020-06-30", "day"),
            ("二〇二〇年六月", "2020-06-01", "2020-06-30", "month"),
            ("今年", "2018-01-01", "2018-12-31", "year"),
            ("去年", "2017-01-01", "2017-12-31", "year"),
            ("去年上半年", "2017-01-01", "2017-06-30", "half"),
            ("2017年度", "2017-01-01", "2017-12-31", "year"),
        ];
        for (text, start, end, precision) in cases {
            assert_eq!(
                one(text),
                (text.to_string(), start.into(), end.into(), precision),
                "{text}"
            );
        }
    }

    #[test]
    fn not_dates() {
        for text in ["280.18亿元", "G2018年", "13.5月", "13月"] {
            let found: Vec<String> = find_dates(text, Some(2018))
                .iter()
                .map(|f| text.get(f.start..f.end).unwrap().to_string())
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }
}
