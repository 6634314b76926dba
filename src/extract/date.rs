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

csv_names!(Precision { Day => "day", Xun => "xun", Month => "month", Quarter => "quarter", Half => "half", Year => "year" });

/// (year, month, day).
pub(crate) type Ymd = (i32, u32, u32);

/// A calendar date, shown and serialized as ISO 8601 (`2018-09-30`).
///
/// # Examples
///
/// ```
/// let d = jinzhan::extract::Date { year: 2018, month: 9, day: 30 };
/// assert_eq!(d.to_string(), "2018-09-30");
/// assert!(d < jinzhan::extract::Date { year: 2018, month: 10, day: 1 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1-12.
    pub month: u32,
    /// The day of the month, 1-31.
    pub day: u32,
}

impl From<Ymd> for Date {
    fn from((year, month, day): Ymd) -> Date {
        Date { year, month, day }
    }
}

impl Date {
    pub(crate) fn ymd(self) -> Ymd {
        (self.year, self.month, self.day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date or period found in text, in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub start: usize,
    pub end: usize,
    /// The first and last day, inclusive; `None` when no year is known.
    pub first: Option<Ymd>,
    pub last: Option<Ymd>,
    pub precision: Precision,
    pub range: bool,
    /// Resolved from a word relative to the report's year (今年, 去年, 全年 …).
    pub relative: bool,
}

/// A year: 2018年, 二〇二〇年, 两千零四年; the capture is named `name`.
fn y(name: &str) -> String {
    format!(
        r"(?:(?P<{name}>[0-9]{{4}}|[〇零一二三四五六七八九]{{4}}|[两二]千[零〇一二三四五六七八九十]{{0,3}}|0[0-9])\s*年)"
    )
}

/// A year before a month: as [`y`], two digits (18年10月), or a word
/// relative to the report's year (去年5月), captured as `name_rel`.
fn ym_year(name: &str) -> String {
    format!(r"(?:{}|(?:(?P<{name}2>[0-9]{{2}})\s*年)|(?P<{name}_rel>今年|本年|去年|上年|明年))", y(name))
}
/// An ISO-like date 2020.6.30, 2020-06-30, 2020/6/30 with captures `name_y`, `name_m`, `name_d`.
fn iso(name: &str) -> String {
    format!(
        r"(?P<{name}_y>(?:19|20)[0-9]{{2}})[-./](?P<{name}_m>[0-9]{{1,2}})[-./](?P<{name}_d>[0-9]{{1,2}})"
    )
}

/// A month number: 9, 十二, 九.
fn m(name: &str) -> String {
    format!(r"(?P<{name}>[0-9]{{1,2}}|十[一二]?|[一二三四五六七八九])")
}
/// A day number: 18, 二十三, 三十一.
fn d(name: &str) -> String {
    format!(r"(?P<{name}>[0-9]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])")
}

/// The date grammar: `any` finds dates (leftmost-first over the alternatives,
/// without captures, which is fast); `full` is the same alternation anchored
/// at both ends, whose captures resolve one match by their names.
struct Grammar {
    any: Regex,
    /// The alternation anchored at both ends, for the captures of one date.
    full: Regex,
}

impl Grammar {
    /// The captures of a date found by `any`, from the first alternative that
    /// matches all of it (the one `any` chose).
    fn captures<'t>(&self, date: &'t str) -> Option<regex::Captures<'t>> {
        self.full.captures(date)
    }
}

static DATE: LazyLock<Grammar> = LazyLock::new(|| {
    let dash = r"\s*[-－—~～至到]\s*";
    let alts = [
        // 2018/1/10-2018/7/10
        format!(r"(?P<isor>{iso1}{dash}{iso2})", iso1 = iso("isor1"), iso2 = iso("isor2")),
        // 从2016到2018
        r"(?P<cong>从(?P<cong_y1>(?:19|20)[0-9]{2})年?[到至](?P<cong_y2>(?:19|20)[0-9]{2})年?)".to_string(),
        // 2020.6.30, 2020-06-30, 2020/6/30
        r"(?P<iso>(?P<iso_y>(?:19|20)[0-9]{2})[-./](?P<iso_m>[0-9]{1,2})[-./](?P<iso_d>[0-9]{1,2}))".to_string(),
        // 7月31日至8月17日 (with optional years)
        format!(r"(?P<dd>{}?{}月{}[日号]?{dash}{}?{}月{}[日号])", ym_year("dd_y1"), m("dd_m1"), d("dd_d1"), ym_year("dd_y2"), m("dd_m2"), d("dd_d2")),
        // 9月4-12日, 6月23至24日
        format!(r"(?P<md>{}?{}月{}[日号]?{dash}{}[日号])", y("md_y"), m("md_m"), d("md_d1"), d("md_d2")),
        // 2018年9月18日, 9月18日, 八月十五 (a Chinese day may go without 日)
        format!(
            r"(?P<ymd>{}?(?:{}月{}[日号]|(?P<ymd_mc>[一二三四五六七八九十]{{1,2}})月(?P<ymd_dc>[一二三]?十[一二三四五六七八九]?|初[一二三四五六七八九十]|[一二三四五六七八九])))",
            ym_year("ymd_y"),
            m("ymd_m"),
            d("ymd_d")
        ),
        // 1-9月, 1至9月份, 2018年1-9月
        format!(r"(?P<mm>{}?{}月?{dash}{}月份?)", ym_year("mm_y"), m("mm_m1"), m("mm_m2")),
        // 2013年-2017年, 2018-2020年
        format!(r"(?P<yy>(?P<yy_y1>(?:19|20)[0-9]{{2}})\s*年?{dash}(?P<yy_y2>(?:19|20)[0-9]{{2}})\s*年)"),
        // 9月底, 9月上旬, 2018年1月份, 9月
        format!(r"(?P<ym>{}?{}月份?(?P<ym_part>上旬|中旬|下旬|初|中|底|末)?)", ym_year("ym_y"), m("ym_m")),
        // 春节前, 2019年国庆前: a festival (the lunar ones from a table).
        format!(r"(?P<fest>(?:{}|(?P<fest_rel>今年|明年|去年))?(?P<fest_name>春节|元旦|五一|国庆|中秋|端午))", y("fest_y")),
        // 前9月, 前9个月
        format!(r"(?P<first>前{}个?月)", m("first_m")),
        // (今年|去年) 上半年 / 第三季度 / 前三季度 / 年底 …
        r"(?P<kw>(?P<kw_rel>今年|本年|去年|上年|明年|[0-9]{4}年)?(?P<kw_word>上半年|下半年|前三季度|前[一二两1-3]季度|第?[一二三四1-4]季度|年底|年末|年初|年内|全年))".to_string(),
        // 2018年, 2018年度, 今年, 去年
        format!(r"(?P<year>{}度?|(?P<year_rel>今年|本年|去年|上年|明年))", y("year_y")),
    ];
    let compile = |p: &str| Regex::new(p).expect("valid date regex");
    Grammar { any: compile(&alts.join("|")), full: compile(&format!("^(?:{})$", alts.join("|"))) }
});

fn cn_or_arabic(s: &str) -> Option<u32> {
    let s = s.strip_prefix('初').unwrap_or(s);
    crate::extract::number::parse_number(s)?.to_string().parse().ok()
}

/// 2018, 二〇二〇 (digit by digit), 两千零四 (as a number), 18 and 07 (two
/// digits: 2018, 2007; from 50 on 1950 …).
fn year_of(s: &str) -> Option<i32> {
    let y: i32 = crate::extract::number::parse_number(s)?.to_string().parse().ok()?;
    Some(match (s.len(), y) {
        (2, 0..=49) => 2000 + y,
        (2, _) => 1900 + y,
        _ => y,
    })
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
///
/// Every date but an ISO one (2020-06-30) contains 年, 月 or 季, so the date
/// grammar runs only on windows around those characters (found with
/// aho-corasick; a window never cuts a run of date characters) and the ISO
/// pattern on the whole text.
pub(crate) fn find_dates(text: &str, year: Option<i32>) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut window: Option<(usize, usize)> = None;
    let scan = |w: (usize, usize), out: &mut Vec<FoundDate>| {
        let Some(slice) = text.get(w.0..w.1) else {
            return;
        };
        for m in DATE.any.find_iter(slice) {
            if let Some(found) =
                DATE.captures(m.as_str()).and_then(|c| accept(text, w.0 + m.start(), &c, year))
            {
                out.push(found);
            }
        }
    };
    for anchor in ANCHORS.find_iter(text) {
        let from = extend_back(text, anchor.start().saturating_sub(36));
        let to = extend_forward(text, anchor.end() + 36);
        window = match window {
            Some((s, e)) if from <= e => Some((s, e.max(to))),
            Some(w) => {
                scan(w, &mut out);
                Some((from, to))
            }
            None => Some((from, to)),
        };
    }
    if let Some(w) = window {
        scan(w, &mut out);
    }
    for m in ISO.find_iter(text) {
        let whole = |c: &regex::Captures<'_>| ["iso", "isor", "cong"].iter().any(|n| c.name(n).is_some());
        if let Some(caps) = DATE.captures(m.as_str()).filter(whole) {
            if let Some(found) = accept(text, m.start(), &caps, year) {
                out.push(found);
            }
        }
    }
    out.sort_by_key(|d| d.start);
    out.dedup_by_key(|d| d.start);
    out
}

/// A match at `offset + caps` that stands on its own in `text`: not inside a
/// longer number or identifier (280.18 is not a date, nor G2018年).
fn accept(text: &str, offset: usize, caps: &regex::Captures<'_>, year: Option<i32>) -> Option<FoundDate> {
    let all = caps.get(0)?;
    let (start, end) = (offset + all.start(), offset + all.end());
    let before = text.get(..start).and_then(|b| b.chars().next_back());
    let after = text.get(end..).and_then(|a| a.chars().next());
    // 2015年25件 is a year and a count glued together; 2018.6.301 is no date.
    let ends_in_digit = all.as_str().ends_with(|c: char| c.is_ascii_digit());
    if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '第')
        || after.is_some_and(|c| c.is_ascii_digit()) && ends_in_digit
    {
        return None;
    }
    // 五一前, 国庆期间 — not 五一村 or 国庆路.
    let said = [
        "前", "后", "期间", "假期", "节", "以前", "之前", "前后", "当天", "春节", "元旦", "五一", "国庆",
        "中秋", "端午",
    ];
    if caps.name("fest").is_some() && !said.iter().any(|w| text.get(end..).is_some_and(|r| r.starts_with(w)))
    {
        return None;
    }
    resolve(caps, year).map(|found| FoundDate { start, end, ..found })
}

static ANCHORS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(["年", "月", "季", "春节", "元旦", "五一", "国庆", "中秋", "端午"])
        .expect("valid patterns")
});
/// The dates without 年, 月 or 季: ISO-like dates and their ranges, 从2016到2018.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"(?:19|20)[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2}";
    Regex::new(&format!(
        r"{day}(?:\s*[-－—~～至到]\s*{day})?|从(?:19|20)[0-9]{{2}}年?[到至](?:19|20)[0-9]{{2}}年?"
    ))
    .expect("valid regex")
});

const FESTIVALS: &str = include_str!("../../dictionaries/festivals.tsv");

/// The day of a festival in year `y`: 元旦, 五一, 国庆 by the solar calendar,
/// 春节, 端午, 中秋 from the table in `dictionaries/festivals.tsv` (none for a
/// year outside it: no guess).
fn festival(name: &str, y: i32) -> Option<Ymd> {
    match name {
        "元旦" => return Some((y, 1, 1)),
        "五一" => return Some((y, 5, 1)),
        "国庆" => return Some((y, 10, 1)),
        _ => {}
    }
    let col = ["春节", "端午", "中秋"].iter().position(|n| *n == name)? + 1;
    let line = FESTIVALS.lines().find(|l| l.split('\t').next() == Some(&y.to_string()))?;
    let (m, d) = line.split('\t').nth(col)?.split_once('-')?;
    Some((y, m.parse().ok()?, d.parse().ok()?))
}

/// Characters a date is made of: a window never starts or ends inside a run of them.
fn date_char(c: char) -> bool {
    c.is_ascii_digit()
        || c == ' '
        || "〇零一二两三四五六七八九十年月日号至到份旬底末初中上下半季度前第今去本明全个内-－—~～".contains(c)
}

fn extend_back(text: &str, at: usize) -> usize {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = text.get(..at).unwrap_or_default();
    before.char_indices().rev().take_while(|(_, c)| date_char(*c)).last().map_or(at, |(i, _)| i)
}

fn extend_forward(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let after = text.get(at..).unwrap_or_default();
    at + after.char_indices().take_while(|(_, c)| date_char(*c)).last().map_or(0, |(i, c)| i + c.len_utf8())
}

/// Turns the captured pieces into first and last days.
fn resolve(c: &regex::Captures<'_>, year: Option<i32>) -> Option<FoundDate> {
    let g = |name: &str| c.name(name).map(|m| m.as_str());
    let num = |name: &str| g(name).and_then(cn_or_arabic);
    let yr = |name: &str| g(name).and_then(year_of);
    let found = |first: Option<Ymd>, last: Option<Ymd>, precision, range| {
        Some(FoundDate { start: 0, end: 0, first, last, precision, range, relative: false })
    };
    let ymd = |y: Option<i32>, m: u32, d: u32| y.filter(|y| valid(*y, m, d)).map(|y| (y, m, d));
    let month_end =
        |y: Option<i32>, m: u32| y.filter(|y| valid(*y, m, 1)).map(|y| (y, m, days_in_month(y, m)));
    let relative = |rel: Option<&str>| match rel {
        Some("去年" | "上年") => year.map(|y| y - 1),
        Some("明年") => year.map(|y| y + 1),
        Some(s) if s.starts_with(|c: char| c.is_ascii_digit()) => s.get(..4).and_then(year_of),
        _ => year,
    };
    // A year before a month: written (2018年, 18年) or relative (去年5月).
    let rel = ["dd_y1_rel", "dd_y2_rel", "ymd_y_rel", "mm_y_rel", "ym_y_rel", "fest_rel"]
        .iter()
        .any(|n| g(n).is_some());
    let found = |first, last, precision, range| {
        found(first, last, precision, range).map(|f| FoundDate { relative: rel, ..f })
    };
    let year_before = |name: &str| {
        yr(name)
            .or_else(|| yr(&format!("{name}2")))
            .or_else(|| g(&format!("{name}_rel")).and_then(|r| relative(Some(r))))
    };
    if g("iso").is_some() {
        let (y, m, d) = (yr("iso_y")?, num("iso_m")?, num("iso_d")?);
        return valid(y, m, d).then(|| found(Some((y, m, d)), Some((y, m, d)), Precision::Day, false))?;
    }
    if g("isor").is_some() {
        let day = |k: &str| Some((yr(&format!("{k}_y"))?, num(&format!("{k}_m"))?, num(&format!("{k}_d"))?));
        let (a, b) = (day("isor1")?, day("isor2")?);
        return (valid(a.0, a.1, a.2) && valid(b.0, b.1, b.2) && a < b)
            .then(|| found(Some(a), Some(b), Precision::Day, true))?;
    }
    if g("cong").is_some() {
        let (y1, y2) = (yr("cong_y1")?, yr("cong_y2")?);
        return (y1 < y2).then(|| found(Some((y1, 1, 1)), Some((y2, 12, 31)), Precision::Year, true))?;
    }
    if g("fest").is_some() {
        let y = yr("fest_y").or_else(|| relative(g("fest_rel")));
        let day = y.and_then(|y| festival(g("fest_name")?, y));
        return found(day, day, Precision::Day, false);
    }
    if g("dd").is_some() {
        let y1 = year_before("dd_y1").or(year);
        let y2 = year_before("dd_y2").or(y1);
        let first = ymd(y1, num("dd_m1")?, num("dd_d1")?);
        return found(first, ymd(y2, num("dd_m2")?, num("dd_d2")?), Precision::Day, true);
    }
    if g("md").is_some() {
        let y = yr("md_y").or(year);
        let (m, d1, d2) = (num("md_m")?, num("md_d1")?, num("md_d2")?);
        return (d1 < d2).then(|| found(ymd(y, m, d1), ymd(y, m, d2), Precision::Day, true))?;
    }
    if g("ymd").is_some() {
        let y = year_before("ymd_y").or(year);
        let (m, d) = (num("ymd_m").or_else(|| num("ymd_mc"))?, num("ymd_d").or_else(|| num("ymd_dc"))?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        return found(ymd(y, m, d), ymd(y, m, d), Precision::Day, false);
    }
    if g("mm").is_some() {
        let y = year_before("mm_y").or(year);
        let (m1, m2) = (num("mm_m1")?, num("mm_m2")?);
        if !(1..=12).contains(&m1) || !(1..=12).contains(&m2) || m1 >= m2 {
            return None;
        }
        return found(ymd(y, m1, 1), month_end(y, m2), Precision::Month, true);
    }
    if g("yy").is_some() {
        let (y1, y2) = (yr("yy_y1")?, yr("yy_y2")?);
        return (y1 < y2).then(|| found(Some((y1, 1, 1)), Some((y2, 12, 31)), Precision::Year, true))?;
    }
    if g("ym").is_some() {
        let y = year_before("ym_y").or(year);
        let m = num("ym_m")?;
        if !(1..=12).contains(&m) {
            return None;
        }
        let end = y.map_or(31, |y| days_in_month(y, m));
        return match g("ym_part") {
            None => found(ymd(y, m, 1), month_end(y, m), Precision::Month, false),
            Some("上旬" | "初") => found(ymd(y, m, 1), ymd(y, m, 10), Precision::Xun, false),
            Some("中旬" | "中") => found(ymd(y, m, 11), ymd(y, m, 20), Precision::Xun, false),
            Some("下旬") => found(ymd(y, m, 21), ymd(y, m, end), Precision::Xun, false),
            Some(_) => found(ymd(y, m, end), ymd(y, m, end), Precision::Day, false), // 底, 末
        };
    }
    if g("first").is_some() {
        let m = num("first_m")?;
        return (1..=12)
            .contains(&m)
            .then(|| found(ymd(year, 1, 1), month_end(year, m), Precision::Month, true))?;
    }
    if g("kw").is_some() {
        let y = relative(g("kw_rel"));
        let kw = g("kw_word")?;
        // 全年, 年内, 年底 … and 今年/去年 … name the year relative to the report's.
        let rel = !g("kw_rel").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        let found = |first, last, precision, range| {
            found(first, last, precision, range).map(|f| FoundDate { relative: rel, ..f })
        };
        return match kw {
            "上半年" => found(ymd(y, 1, 1), ymd(y, 6, 30), Precision::Half, false),
            "下半年" => found(ymd(y, 7, 1), ymd(y, 12, 31), Precision::Half, false),
            "年底" | "年末" => found(ymd(y, 12, 31), ymd(y, 12, 31), Precision::Day, false),
            "年初" => found(ymd(y, 1, 1), ymd(y, 1, 31), Precision::Month, false),
            "年内" | "全年" => found(ymd(y, 1, 1), ymd(y, 12, 31), Precision::Year, false),
            _ => {
                let q = cn_or_arabic(kw.trim_start_matches(['前', '第']).trim_end_matches("季度"))?;
                let first = if kw.starts_with('前') { 1 } else { 3 * q - 2 };
                let range = kw.starts_with('前');
                (1..=4)
                    .contains(&q)
                    .then(|| found(ymd(y, first, 1), month_end(y, 3 * q), Precision::Quarter, range))?
            }
        };
    }
    if g("year").is_some() {
        let y = yr("year_y").or_else(|| relative(g("year_rel"))).filter(|y| (1900..=2200).contains(y));
        let f = found(y.map(|y| (y, 1, 1)), y.map(|y| (y, 12, 31)), Precision::Year, false)?;
        return Some(FoundDate { relative: g("year_rel").is_some(), ..f });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(ymd: Ymd) -> String {
        Date::from(ymd).to_string()
    }

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
            ("两千零四年八月十五", "2004-08-15", "2004-08-15", "day"),
            ("二零零四年八月十五", "2004-08-15", "2004-08-15", "day"),
            ("一月二十三", "2018-01-23", "2018-01-23", "day"),
        ];
        for (text, start, end, precision) in cases {
            assert_eq!(one(text), (text.to_string(), start.into(), end.into(), precision), "{text}");
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
