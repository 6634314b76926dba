//! Typed mentions: every number with a unit, percentage, ratio and date in a
//! text, with its value normalized to a base unit, what it measures and how.
//!
//! Candidates are found by scanning for digits and a unit table (and a date
//! regex) first; only the clauses that need a subject are tokenized.

use super::date::{find_dates, iso, Precision};
use super::decimal::Decimal;
use super::number::{ascii_digit, cn_digit, cn_multiplier, parse_number};
use crate::tokenize::Tokenizer;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

const UNITS: &str = include_str!("../../dictionaries/units.tsv");

/// What a mention measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// An amount of money (base unit CNY, or a foreign currency code).
    Money,
    /// An area (mu or m2).
    Area,
    /// A length (km).
    Length,
    /// A number of things: 人, 家, 个 …
    Count,
    /// Another physical quantity: t, kW, kWh, m3, TEU.
    Quantity,
    /// A percentage.
    Percent,
    /// Percentage points (个百分点).
    PercentPoint,
    /// A ratio: 三分之一, 七成, 2.3倍.
    Ratio,
    /// A date.
    Date,
    /// A period or a range of dates.
    DateRange,
}

impl MentionKind {
    /// The kind as written in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Money => "money",
            MentionKind::Area => "area",
            MentionKind::Length => "length",
            MentionKind::Count => "count",
            MentionKind::Quantity => "quantity",
            MentionKind::Percent => "percent",
            MentionKind::PercentPoint => "percent_point",
            MentionKind::Ratio => "ratio",
            MentionKind::Date => "date",
            MentionKind::DateRange => "date_range",
        }
    }

    fn parse(s: &str) -> Option<MentionKind> {
        Some(match s {
            "money" => MentionKind::Money,
            "area" => MentionKind::Area,
            "length" => MentionKind::Length,
            "count" => MentionKind::Count,
            "quantity" => MentionKind::Quantity,
            "percent" => MentionKind::Percent,
            "percent_point" => MentionKind::PercentPoint,
            "ratio" => MentionKind::Ratio,
            _ => return None,
        })
    }
}

/// Up or down, as the qualifier says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 增长, 提高, 增加 …
    Up,
    /// 下降, 减少, 降低 …
    Down,
}

impl Direction {
    /// `up` or `down`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// A number, amount, percentage or date found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// What it measures.
    pub kind: MentionKind,
    /// The text of the mention, exactly the slice `start..end`.
    pub text: String,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset just past the end.
    pub end: usize,
    /// The value in the base unit (the lower bound of a range).
    pub value: Option<Decimal>,
    /// The upper bound of a range.
    pub value_max: Option<Decimal>,
    /// The base unit: CNY, mu, m2, km, t, percent, pp, times, 人 …
    pub unit: String,
    /// The number as written.
    pub number: String,
    /// The unit as written (万亩, %, 个百分点).
    pub raw_unit: String,
    /// 约, 超, 以上, 左右 … as written.
    pub approx: String,
    /// What the number does: 同比增长, 累计, 完成, 截至 …
    pub qualifier: String,
    /// Up or down, from the qualifier.
    pub direction: Option<Direction>,
    /// First day (ISO 8601) of a date or period.
    pub date_start: Option<String>,
    /// Last day (inclusive) of a date or period.
    pub date_end: Option<String>,
    /// The precision of a date.
    pub precision: Option<Precision>,
    /// What is measured: 规模以上工业增加值, 城镇新增就业.
    pub subject: String,
    /// Up to 20 characters either side.
    pub context: String,
}

struct UnitDef {
    raw: &'static str,
    kind: MentionKind,
    unit: &'static str,
    factor: Decimal,
}

static UNIT_TABLE: LazyLock<Vec<UnitDef>> = LazyLock::new(|| {
    let mut units: Vec<UnitDef> = UNITS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (raw, kind, unit, factor) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some(UnitDef {
                raw,
                kind: MentionKind::parse(kind)?,
                unit,
                factor: factor.trim().parse().ok()?,
            })
        })
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.raw.len()));
    units
});

/// Scale words between a number and its unit, longest first.
const SCALES: &[(&str, i32)] = &[
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
];
/// Words before a number that say it is approximate, longest first.
const APPROX_BEFORE: &[&str] = &[
    "不低于",
    "不少于",
    "不超过",
    "将近",
    "接近",
    "大约",
    "超过",
    "不到",
    "不足",
    "至少",
    "最多",
    "约",
    "近",
    "超",
    "逾",
];
/// Words after a number (or its unit) that say it is approximate.
const APPROX_AFTER: &[&str] = &["以上", "以下", "以内", "左右", "上下", "余", "多"];
/// What a number does, with its direction; longest first where they overlap.
const QUALIFIERS: &[(&str, Option<Direction>)] = &[
    ("同比增长", Some(Direction::Up)),
    ("同比下降", Some(Direction::Down)),
    ("同比减少", Some(Direction::Down)),
    ("同比提高", Some(Direction::Up)),
    ("同比增加", Some(Direction::Up)),
    ("比上年增长", Some(Direction::Up)),
    ("比增", Some(Direction::Up)),
    ("增长", Some(Direction::Up)),
    ("增加", Some(Direction::Up)),
    ("提高", Some(Direction::Up)),
    ("上升", Some(Direction::Up)),
    ("增幅", Some(Direction::Up)),
    ("下降", Some(Direction::Down)),
    ("减少", Some(Direction::Down)),
    ("降低", Some(Direction::Down)),
    ("回落", Some(Direction::Down)),
    ("降幅", Some(Direction::Down)),
    ("控制在", None),
    ("累计", None),
    ("完成", None),
    ("达到", None),
    ("突破", None),
    ("新增", None),
    ("实现", None),
    ("占", None),
    ("达", None),
    ("为", None),
];
/// Date qualifiers before and after a date.
const DATE_BEFORE: &[&str] = &["截至", "截止", "截止到", "截至到", "至"];
const DATE_AFTER: &[&str] = &["以来", "以前", "之前", "以后", "之后", "前", "起", "后"];
/// Leading and trailing words dropped from a subject: times, places, verbs.
const SUBJECT_DROP: &[&str] = &[
    "全市",
    "我市",
    "全省",
    "全国",
    "各市",
    "全区",
    "全县",
    "市本级",
    "各地",
    "目前",
    "截至",
    "截止",
    "今年",
    "全年",
    "当年",
    "年内",
    "累计",
    "完成",
    "实现",
    "达到",
    "达",
    "共",
    "共计",
    "合计",
    "其中",
    "已",
    "已经",
    "为",
    "是",
    "有",
    "约",
    "和",
    "及",
    "与",
    "并",
    "启动",
    "开展",
    "新建",
    "建成",
    "共有",
    "分别",
    "同比",
    "增长",
    "下降",
    "比",
    "较",
    "上年",
    "去年",
    "同期",
    "到",
    "至",
    "超过",
    "突破",
    "近",
    "超",
    "了",
    "的",
    "等",
    "总",
    "年",
    "月",
    "日",
    "底",
    "前",
    "以上",
    "左右",
    "以内",
    "提高",
    "减少",
    "降低",
    "增加",
    "占",
    "控制",
    "在",
    "控制在",
    "确保",
    "力争",
    "完成率",
];
/// Characters that end a clause (the subject never crosses them).
const CLAUSE_PUNCT: &[char] = &[
    '，', '。', '；', '：', '、', '！', '？', ',', ';', ':', '\n', '（', '）', '(', ')', '“', '”',
];

static MASK: LazyLock<Regex> = LazyLock::new(|| {
    // 《titles》, short “quoted slogans”, document numbers 江府函〔2018〕107号, list markers （1）.
    Regex::new(r"《[^》]*》|“[^”]{1,12}”|[〔［\[﹝（(][0-9]{4}[〕］\]﹞）)][0-9]+号|[（(][0-9一二三四五六七八九十]{1,3}[）)]")
        .expect("valid regex")
});
static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"百分之([零〇一二两三四五六七八九十百点.0-9]+)|([0-9一二三四五六七八九十]+)分之([0-9一二三四五六七八九十]+)")
        .expect("valid regex")
});

/// Finds mentions in text. Build it once: the unit table and the tokenizer are
/// shared.
///
/// # Examples
///
/// ```
/// use jinzhan::extract::{MentionExtractor, MentionKind};
///
/// let ex = MentionExtractor::new().year(Some(2018));
/// let m = ex.extract("1-9月，全市实现规模以上工业增加值791.9亿元，同比增长9.7%。");
/// assert_eq!(m[0].kind, MentionKind::DateRange);
/// assert_eq!((m[0].date_start.as_deref(), m[0].date_end.as_deref()), (Some("2018-01-01"), Some("2018-09-30")));
/// assert_eq!(m[1].kind, MentionKind::Money);
/// assert_eq!(m[1].value.unwrap().to_string(), "79190000000");
/// assert_eq!(m[1].subject, "规模以上工业增加值");
/// assert_eq!((m[2].kind, m[2].qualifier.as_str()), (MentionKind::Percent, "同比增长"));
/// assert_eq!(m[2].value.unwrap().to_string(), "9.7");
/// ```
#[derive(Debug, Clone)]
pub struct MentionExtractor {
    year: Option<i32>,
    tokenizer: Tokenizer,
}

impl Default for MentionExtractor {
    fn default() -> Self {
        MentionExtractor {
            year: None,
            tokenizer: Tokenizer::shared(),
        }
    }
}

/// A candidate before subject and context are filled in (byte offsets).
struct Found {
    kind: MentionKind,
    start: usize,
    end: usize,
    value: Option<Decimal>,
    value_max: Option<Decimal>,
    unit: String,
    number: String,
    raw_unit: String,
    approx: String,
    date: Option<(Option<(i32, u32, u32)>, Option<(i32, u32, u32)>, Precision)>,
}

impl MentionExtractor {
    /// An extractor with the shared tokenizer and no report year.
    pub fn new() -> MentionExtractor {
        MentionExtractor::default()
    }

    /// The year that dates without one take.
    pub fn year(mut self, year: Option<i32>) -> MentionExtractor {
        self.year = year;
        self
    }

    /// Uses `tokenizer` (for instance one with user dictionaries) for subjects.
    pub fn tokenizer(mut self, tokenizer: Tokenizer) -> MentionExtractor {
        self.tokenizer = tokenizer;
        self
    }

    /// All mentions in `text`, in text order.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        let masked: Vec<(usize, usize)> =
            MASK.find_iter(text).map(|m| (m.start(), m.end())).collect();
        let free = |s: usize, e: usize, taken: &[(usize, usize)]| {
            !masked.iter().chain(taken).any(|&(a, b)| s < b && a < e)
        };
        let mut found: Vec<Found> = Vec::new();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for d in find_dates(text, self.year) {
            if free(d.start, d.end, &taken) {
                taken.push((d.start, d.end));
                let kind = if d.range || d.first != d.last && d.precision == Precision::Day {
                    MentionKind::DateRange
                } else if d.precision == Precision::Day {
                    MentionKind::Date
                } else {
                    MentionKind::DateRange
                };
                found.push(Found {
                    kind,
                    start: d.start,
                    end: d.end,
                    value: None,
                    value_max: None,
                    unit: String::new(),
                    number: String::new(),
                    raw_unit: String::new(),
                    approx: String::new(),
                    date: Some((d.first, d.last, d.precision)),
                });
            }
        }
        for m in FRACTION.captures_iter(text) {
            let Some(all) = m.get(0) else { continue };
            if !free(all.start(), all.end(), &taken) {
                continue;
            }
            let f = if let Some(p) = m.get(1) {
                parse_number(p.as_str()).map(|v| (MentionKind::Percent, v, "percent", p.as_str()))
            } else {
                let (den, num) = (
                    m.get(2).and_then(|x| parse_number(x.as_str())),
                    m.get(3).and_then(|x| parse_number(x.as_str())),
                );
                num.zip(den)
                    .and_then(|(n, d)| n.checked_div(d, 4))
                    .map(|v| (MentionKind::Ratio, v, "ratio", all.as_str()))
            };
            if let Some((kind, value, unit, number)) = f {
                taken.push((all.start(), all.end()));
                found.push(Found {
                    kind,
                    start: all.start(),
                    end: all.end(),
                    value: Some(value),
                    value_max: None,
                    unit: unit.into(),
                    number: number.into(),
                    raw_unit: if kind == MentionKind::Percent {
                        "百分之".into()
                    } else {
                        "分之".into()
                    },
                    approx: String::new(),
                    date: None,
                });
            }
        }
        let mut i = 0;
        while i < text.len() {
            match self.quantity_at(text, i) {
                Some(f) if free(f.start, f.end, &taken) => {
                    i = f.end;
                    taken.push((f.start, f.end));
                    found.push(f);
                }
                _ => {
                    i += text
                        .get(i..)
                        .and_then(|r| r.chars().next())
                        .map_or(1, char::len_utf8)
                }
            }
        }
        found.sort_by_key(|f| f.start);
        self.finish(text, found)
    }

    /// A number with a unit starting at byte `i`, if there is one.
    fn quantity_at(&self, text: &str, i: usize) -> Option<Found> {
        let rest = text.get(i..)?;
        let first = rest.chars().next()?;
        let signed = matches!(first, '-' | '−' | '+');
        let digit_start = if signed { i + first.len_utf8() } else { i };
        let c = text.get(digit_start..)?.chars().next()?;
        let arabic = ascii_digit(c).is_some();
        if !arabic && cn_digit(c).is_none() && c != '十' {
            return None;
        }
        let before = text.get(..i)?.chars().next_back();
        if before.is_some_and(|b| {
            b.is_ascii_alphanumeric() || matches!(b, '#' | '第' | '.' | '．' | '-' | '/' | '_')
        }) || before.is_some_and(|b| ascii_digit(b).is_some())
        {
            return None;
        }
        if signed
            && before
                .is_some_and(|b| !is_han(b) && !matches!(b, '，' | '、' | '：' | ' ' | '为' | '长'))
        {
            return None;
        }
        if !arabic
            && before.is_some_and(|b| {
                is_han(b)
                    && !"约近超逾达占为至到长降低高少增加减共计和及与是有了建立办引进培育新"
                        .contains(b)
            })
        {
            return None;
        }
        let (num_end, number) = number_token(text, digit_start, arabic)?;
        let mut value = parse_number(number)?;
        if signed && first != '+' {
            value = value.neg();
        }
        let mut pos = num_end;
        // A range: 20-30亿元, 5至8万亩.
        let mut value_max = None;
        if let Some(sep) = text
            .get(pos..)?
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '－' | '—' | '~' | '～' | '至' | '到'))
        {
            let after = pos + sep.len_utf8();
            if let Some(c2) = text.get(after..).and_then(|r| r.chars().next()) {
                if ascii_digit(c2).is_some() == arabic
                    && (ascii_digit(c2).is_some() || cn_digit(c2).is_some())
                {
                    if let Some((end2, n2)) = number_token(text, after, arabic) {
                        if let Some(v2) = parse_number(n2) {
                            value_max = Some(v2);
                            pos = end2;
                        }
                    }
                }
            }
        }
        let number_end = pos;
        let mut approx = String::new();
        if let Some(w) = ["余", "多"]
            .iter()
            .find(|w| text.get(pos..).is_some_and(|r| r.starts_with(*w)))
        {
            approx.push_str(w);
            pos += w.len();
        }
        let unit_start = pos;
        let tail = text.get(pos..)?;
        let (scale, unit) = match UNIT_TABLE.iter().find(|u| tail.starts_with(u.raw)) {
            Some(u) => (0, u),
            None => {
                let (word, p) = SCALES.iter().find(|(w, _)| tail.starts_with(w))?;
                let after = tail.get(word.len()..)?;
                (*p, UNIT_TABLE.iter().find(|u| after.starts_with(u.raw))?)
            }
        };
        let raw_len = SCALES
            .iter()
            .find(|(_, p)| *p == scale)
            .map_or(0, |(w, _)| w.len())
            * usize::from(scale != 0)
            + unit.raw.len();
        let end = unit_start + raw_len;
        // An ASCII unit must not run on into letters (m in mm, km in kmh).
        if unit.raw.is_ascii()
            && text
                .get(end..)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        // 一个, 一家: a single Chinese 一 before a measure word is an article.
        if !arabic && unit.kind == MentionKind::Count && number == "一" {
            return None;
        }
        if unit.raw == "成" && !(arabic || cn_digit(c).is_some()) {
            return None;
        }
        let scale_to = |v: Decimal| {
            v.scale_pow10(scale)
                .and_then(|v| v.checked_mul(unit.factor))
        };
        let raw_unit = text.get(unit_start..end)?.to_string();
        if approx.is_empty() {
            approx = APPROX_AFTER
                .iter()
                .find(|w| text.get(end..).is_some_and(|r| r.starts_with(*w)))
                .map(|w| w.to_string())
                .unwrap_or_default();
        }
        Some(Found {
            kind: unit.kind,
            start: i,
            end,
            value: scale_to(value),
            value_max: value_max.and_then(scale_to),
            unit: unit.unit.to_string(),
            number: text.get(i..number_end)?.to_string(),
            raw_unit,
            approx,
            date: None,
        })
    }

    /// Qualifiers, approximations, subjects and context; byte to char offsets.
    fn finish(&self, text: &str, found: Vec<Found>) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::with_capacity(found.len());
        let mut prev_end = 0;
        let mut prev_subject = String::new();
        let mut prev_sentence: Option<usize> = None;
        for (k, f) in found.iter().enumerate() {
            let before = text.get(prev_end.min(f.start)..f.start).unwrap_or_default();
            let mut lead = before;
            let mut approx = f.approx.clone();
            if let Some(w) = APPROX_BEFORE.iter().find(|w| lead.ends_with(*w)) {
                if approx.is_empty() {
                    approx = w.to_string();
                }
                lead = lead.get(..lead.len() - w.len()).unwrap_or_default();
            }
            let (mut qualifier, mut direction) = (String::new(), None);
            let mut core_len = lead.len();
            if f.date.is_some() {
                if let Some(w) = DATE_BEFORE.iter().find(|w| lead.ends_with(*w)) {
                    qualifier = w.to_string();
                } else if let Some(w) = DATE_AFTER
                    .iter()
                    .find(|w| text.get(f.end..).is_some_and(|r| r.starts_with(*w)))
                {
                    qualifier = w.to_string();
                }
            } else {
                let core = lead.trim_end_matches(['了', '到', '至']);
                if let Some((w, d)) = QUALIFIERS.iter().find(|(w, _)| core.ends_with(w)) {
                    qualifier = w.to_string();
                    direction = *d;
                    core_len = core.len() - w.len();
                }
            }
            let clause_start = text
                .get(..f.start)
                .and_then(|b| {
                    b.char_indices()
                        .rfind(|(_, c)| CLAUSE_PUNCT.contains(c))
                        .map(|(i, c)| i + c.len_utf8())
                })
                .unwrap_or(0);
            let mut subject = String::new();
            if f.date.is_none() {
                let from = clause_start.max(prev_end.min(f.start));
                // The words just before the number say what it does, not what it measures.
                let to = f.start - (before.len() - core_len);
                subject =
                    self.subject(text.get(from.min(to)..to).unwrap_or_default(), Side::Before);
                if subject.is_empty() {
                    // 完成20.17万亩和启动13.18万亩高标准农田建设: the subject follows.
                    let clause_end = text
                        .get(f.end..)
                        .and_then(|r| r.find(CLAUSE_PUNCT))
                        .map_or(text.len(), |k| f.end + k);
                    let mut after = String::new();
                    let mut at = f.end;
                    for g in found
                        .get(k + 1..)
                        .unwrap_or_default()
                        .iter()
                        .filter(|g| g.start < clause_end)
                    {
                        after.push_str(text.get(at..g.start).unwrap_or_default());
                        at = g.end;
                    }
                    after.push_str(text.get(at.min(clause_end)..clause_end).unwrap_or_default());
                    subject = self.subject(&after, Side::After);
                }
                // 同比增长9.7%: the same sentence's previous subject.
                let sentence_start = text
                    .get(..f.start)
                    .and_then(|b| {
                        b.char_indices()
                            .rfind(|(_, c)| matches!(c, '。' | '；' | '\n' | ';'))
                            .map(|(i, _)| i)
                    })
                    .unwrap_or(0);
                if subject.is_empty() && prev_sentence == Some(sentence_start) {
                    subject = prev_subject.clone();
                }
                prev_subject = subject.clone();
                prev_sentence = Some(sentence_start);
            }
            let (start, end) = (char_offset(text, f.start), char_offset(text, f.end));
            out.push(Mention {
                kind: f.kind,
                text: text.get(f.start..f.end).unwrap_or_default().to_string(),
                start,
                end,
                value: f.value,
                value_max: f.value_max,
                unit: f.unit.clone(),
                number: f.number.clone(),
                raw_unit: f.raw_unit.clone(),
                approx,
                qualifier,
                direction,
                date_start: f.date.and_then(|d| d.0).map(iso),
                date_end: f.date.and_then(|d| d.1).map(iso),
                precision: f.date.map(|d| d.2),
                subject,
                context: context(text, f.start, f.end),
            });
            prev_end = f.end;
        }
        out
    }

    /// What `clause` says is measured: the last run of words before the
    /// number (`Side::Before`) or the first run after it (`Side::After`),
    /// leaving out times, places, verbs, and numbers with their measure words.
    fn subject(&self, clause: &str, side: Side) -> String {
        let clause = clause.trim();
        if clause.is_empty() || !clause.chars().any(is_han) {
            return String::new();
        }
        let tokens = self.tokenizer.cut(clause);
        let mut keep: Vec<bool> = tokens
            .iter()
            .map(|t| {
                !SUBJECT_DROP.contains(&t.word)
                    && t.word.chars().any(|c| is_han(c) || c.is_ascii_alphabetic())
            })
            .collect();
        for (k, t) in tokens.iter().enumerate() {
            if t.word.chars().any(|c| ascii_digit(c).is_some()) {
                // 489场: the number and its measure word.
                if let Some(next) = keep.get_mut(k + 1).filter(|_| {
                    tokens
                        .get(k + 1)
                        .is_some_and(|n| n.word.chars().count() == 1)
                }) {
                    *next = false;
                }
            }
        }
        let runs = keep.split(|k| !k);
        let mut at = 0;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for run in runs {
            if !run.is_empty() {
                spans.push((at, at + run.len() - 1));
            }
            at += run.len() + 1;
        }
        let span = match side {
            Side::Before => spans.last(),
            Side::After => spans.first(),
        };
        span.and_then(|&(a, b)| clause.get(tokens.get(a)?.start..tokens.get(b)?.end))
            .unwrap_or_default()
            .to_string()
    }
}

/// Which side of the number a subject is looked for.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// The end (byte) and text of the number starting at `i`: digits with
/// separators and decimals, Chinese numerals, and 万/亿 inside a mixed number
/// (3万5千) but not as a trailing scale.
fn number_token(text: &str, i: usize, arabic: bool) -> Option<(usize, &str)> {
    let mut end = i;
    let mut chars = text.get(i..)?.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let is_digit = |c: char| ascii_digit(c).is_some() || cn_digit(c).is_some();
        let ok = if arabic {
            ascii_digit(c).is_some()
                || (matches!(c, '.' | '．') && next.is_some_and(|n| ascii_digit(n).is_some()))
                || (c == ',' && next.is_some_and(|n| n.is_ascii_digit()))
                || (matches!(c, '万' | '千') && next.is_some_and(|n| ascii_digit(n).is_some()))
        } else {
            cn_digit(c).is_some()
                || (matches!(c, '十' | '百' | '千'))
                || (matches!(c, '万' | '亿') && next.is_some_and(is_digit))
                || (c == '点' && next.is_some_and(|n| cn_digit(n).is_some()))
        };
        if !ok {
            break;
        }
        end = i + k + c.len_utf8();
    }
    // A trailing 百/千 belongs to the scale (一千亩 is fine, but 3百万 reads 3 × 百万).
    let token = text.get(i..end)?;
    if token.is_empty() || (!arabic && !token.chars().any(|c| cn_digit(c).is_some() || c == '十'))
    {
        return None;
    }
    if !arabic && token.chars().all(|c| cn_multiplier(c).is_some()) {
        return None;
    }
    Some((end, token))
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.chars().count())
}

/// Up to 20 characters either side of `start..end`.
fn context(text: &str, start: usize, end: usize) -> String {
    let before = text.get(..start).unwrap_or_default();
    let from = before.char_indices().rev().nth(19).map_or(0, |(i, _)| i);
    let after = text.get(end..).unwrap_or_default();
    let to = after
        .char_indices()
        .nth(20)
        .map_or(text.len(), |(i, _)| end + i);
    text.get(from..to).unwrap_or_default().replace('\n', " ")
}
