//! Typed mentions: every number with a unit, percentage, ratio and date in a
//! text, with its value normalized to a base unit, what it measures and how.
//!
//! Candidates are found by scanning for digits and a unit table (and a date
//! regex) first; only the clauses that need a subject are tokenized.

use super::bounds::{floor_char, CharOffsets, LastBefore, NextAfter};
use super::date::{find_dates, Date, FoundDate, Precision};
use super::decimal::Decimal;
use super::number::{ascii_digit, cn_digit, cn_multiplier, parse_number};
use crate::structure::entries::is_han;
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

/// Up or down, as the qualifier says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 增长, 提高, 增加 …
    Up,
    /// 下降, 减少, 降低 …
    Down,
}

csv_names!(MentionKind {
    Money => "money",
    Area => "area",
    Length => "length",
    Count => "count",
    Quantity => "quantity",
    Percent => "percent",
    PercentPoint => "percent_point",
    Ratio => "ratio",
    Date => "date",
    DateRange => "date_range",
});

csv_names!(Direction { Up => "up", Down => "down" });

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
    /// Byte offset of the start in the text it was found in.
    #[serde(skip)]
    pub byte_start: usize,
    /// Byte offset just past the end.
    #[serde(skip)]
    pub byte_end: usize,
    /// The value in the base unit (the lower bound of a range).
    pub value: Option<Decimal>,
    /// The upper bound of a range.
    pub value_max: Option<Decimal>,
    /// The base unit: CNY, mu, m2, km, t, percent, pp, times, 人 …
    pub unit: &'static str,
    /// The number as written.
    pub number: String,
    /// The unit as written (万亩, %, 个百分点).
    pub raw_unit: String,
    /// 约, 超, 以上, 左右 … as written.
    pub approx: &'static str,
    /// What the number does: 同比增长, 累计, 完成, 截至 …
    pub qualifier: &'static str,
    /// Up or down, from the qualifier.
    pub direction: Option<Direction>,
    /// First day of a date or period.
    pub date_start: Option<Date>,
    /// Last day (inclusive) of a date or period.
    pub date_end: Option<Date>,
    /// The precision of a date.
    pub precision: Option<Precision>,
    /// What is measured: 规模以上工业增加值, 城镇新增就业.
    pub subject: String,
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
            Some(UnitDef { raw, kind: MentionKind::parse(kind)?, unit, factor: factor.trim().parse().ok()? })
        })
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.raw.len()));
    units
});

/// Units by their first character, longest first, so a lookup compares only
/// the few units that can match.
static UNITS_BY_FIRST: LazyLock<std::collections::HashMap<char, Vec<&'static UnitDef>>> =
    LazyLock::new(|| {
        let mut map: std::collections::HashMap<char, Vec<&'static UnitDef>> =
            std::collections::HashMap::new();
        for u in UNIT_TABLE.iter() {
            if let Some(c) = u.raw.chars().next() {
                map.entry(c).or_default().push(u);
            }
        }
        map
    });

/// The longest unit at the start of `text`.
fn unit_at(text: &str) -> Option<&'static UnitDef> {
    let first = text.chars().next()?;
    UNITS_BY_FIRST.get(&first)?.iter().copied().find(|u| text.starts_with(u.raw))
}

/// Scale words between a number and its unit, longest first.
const SCALES: &[(&str, i32)] =
    &[("万亿", 12), ("千万", 7), ("百万", 6), ("亿", 8), ("万", 4), ("千", 3), ("百", 2)];
/// The denominators of rates (元/月), with their names in a compound unit.
const PER: &[(&str, &str)] = &[
    ("平方米", "m2"),
    ("㎡", "m2"),
    ("小时", "hour"),
    ("人次", "person_time"),
    ("月", "month"),
    ("年", "year"),
    ("天", "day"),
    ("日", "day"),
    ("人", "person"),
    ("户", "household"),
    ("亩", "mu"),
    ("吨", "t"),
    ("公里", "km"),
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
    ("高于", Some(Direction::Up)),
    ("高出", Some(Direction::Up)),
    ("低于", Some(Direction::Down)),
    ("高", Some(Direction::Up)),
    ("低", Some(Direction::Down)),
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
    "含",
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
    "相比",
    "同期相比",
    "比较",
    "较上年",
    "高",
    "低",
    "高于",
    "低于",
    "只有",
    "仅",
];
/// Characters that end a clause (the subject never crosses them).
const CLAUSE_PUNCT: &[char] = &['，', '。', '；', '：', '、', '！', '？', ',', ';', ':', '\n', '“', '”'];

static MASK: LazyLock<Regex> = LazyLock::new(|| {
    // 《titles》, short “quoted slogans”, document numbers 江府函〔2018〕107号, list markers （1）.
    Regex::new(r"《[^》]*》|“[^”]{1,12}”|[〔［\[﹝（(][0-9]{4}[〕］\]﹞）)][0-9]+号|[（(][0-9一二三四五六七八九十]{1,3}[）)]")
        .expect("valid regex")
});
/// The characters a number can start with: digits and Chinese numerals.
static NUMBER_STARTS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let chars = "0123456789０１２３４５６７８９零〇O一壹二两兩倆贰貳三叁參四肆五伍六陆陸七柒八捌九玖十拾";
    let patterns: Vec<String> = chars.chars().map(String::from).collect();
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns)
        .expect("single characters build an automaton")
});

/// Byte spans that do not overlap, for "is this span still free?" in
/// logarithmic time (a text with thousands of numbers stays linear-ish).
#[derive(Default)]
struct Spans(std::collections::BTreeMap<usize, usize>);

impl Spans {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> Spans {
        let mut s = Spans::default();
        for (a, b) in spans {
            s.insert(a, b);
        }
        s
    }

    fn insert(&mut self, start: usize, end: usize) {
        self.0.insert(start, end);
    }

    /// Whether `start..end` overlaps no span.
    fn free(&self, start: usize, end: usize) -> bool {
        // Spans do not overlap: only the last one starting before `end` can reach `start`.
        self.0.range(..end).next_back().is_none_or(|(_, &e)| e <= start)
    }
}

static DROP_WORDS: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| SUBJECT_DROP.iter().copied().collect());
static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"百分之((?:[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?)|[零〇一二两三四五六七八九十百点點]+)|([0-9一二三四五六七八九十]+)分之([0-9一二三四五六七八九十]+)")
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
/// assert_eq!(m[0].date_start.map(|d| d.to_string()).as_deref(), Some("2018-01-01"));
/// assert_eq!(m[0].date_end.map(|d| d.to_string()).as_deref(), Some("2018-09-30"));
/// assert_eq!(m[1].kind, MentionKind::Money);
/// assert_eq!(m[1].value.unwrap().to_string(), "79190000000");
/// assert_eq!(m[1].subject, "规模以上工业增加值");
/// assert_eq!((m[2].kind, m[2].qualifier), (MentionKind::Percent, "同比增长"));
/// assert_eq!(m[2].value.unwrap().to_string(), "9.7");
/// ```
#[derive(Debug, Clone)]
pub struct MentionExtractor {
    year: Option<i32>,
    tokenizer: Tokenizer,
}

impl Default for MentionExtractor {
    fn default() -> Self {
        MentionExtractor { year: None, tokenizer: Tokenizer::shared() }
    }
}

/// A candidate before subject and qualifiers are filled in (byte offsets;
/// `number` and `raw_unit` are byte ranges of the text).
struct Found {
    kind: MentionKind,
    start: usize,
    end: usize,
    value: Option<Decimal>,
    value_max: Option<Decimal>,
    unit: &'static str,
    number: (usize, usize),
    raw_unit: (usize, usize),
    approx: &'static str,
    date: Option<FoundDate>,
}

/// A compound unit (CNY/month) as a `&'static str`: the few distinct ones
/// are kept for the life of the process, so that mentions need not own
/// their units.
fn intern(unit: String) -> &'static str {
    static UNITS: LazyLock<std::sync::Mutex<std::collections::HashSet<&'static str>>> =
        LazyLock::new(Default::default);
    let mut set = UNITS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(u) = set.get(unit.as_str()) {
        return u;
    }
    let u: &'static str = Box::leak(unit.into_boxed_str());
    set.insert(u);
    u
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
        let masked = Spans::new(MASK.find_iter(text).map(|m| (m.start(), m.end())));
        let free = |s: usize, e: usize, taken: &Spans| masked.free(s, e) && taken.free(s, e);
        let mut found: Vec<Found> = Vec::new();
        let mut taken = Spans::default();
        for d in find_dates(text, self.year) {
            if free(d.start, d.end, &taken) {
                taken.insert(d.start, d.end);
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
                    unit: "",
                    number: (d.start, d.start),
                    raw_unit: (d.start, d.start),
                    approx: "",
                    date: Some(d.clone()),
                });
            }
        }
        for m in FRACTION.captures_iter(text) {
            let Some(all) = m.get(0) else { continue };
            if !free(all.start(), all.end(), &taken) {
                continue;
            }
            let f = if let Some(p) = m.get(1) {
                // 百分之七十百分位: a trailing 百 belongs to the next word.
                let digits = p.as_str();
                let digits = match digits.strip_suffix('百') {
                    Some(d) if text.get(p.end()..).is_some_and(|r| r.starts_with('分')) => d,
                    _ => digits,
                };
                parse_number(digits)
                    .map(|v| (MentionKind::Percent, v, "percent", (p.start(), p.start() + digits.len())))
            } else {
                let (den, num) = (
                    m.get(2).and_then(|x| parse_number(x.as_str())),
                    m.get(3).and_then(|x| parse_number(x.as_str())),
                );
                num.zip(den)
                    .and_then(|(n, d)| n.checked_div(d, 4))
                    .map(|v| (MentionKind::Ratio, v, "ratio", (all.start(), all.end())))
            };
            if let Some((kind, value, unit, number)) = f {
                taken.insert(all.start(), all.end());
                found.push(Found {
                    kind,
                    start: all.start(),
                    end: all.end(),
                    value: Some(value),
                    value_max: None,
                    unit,
                    number,
                    // 百分之 before the digits; 分之 inside 三分之一.
                    raw_unit: if kind == MentionKind::Percent {
                        (all.start(), all.start() + "百分之".len())
                    } else {
                        let at = all.as_str().find("分之").map_or(all.start(), |k| all.start() + k);
                        (at, at + "分之".len())
                    },
                    approx: "",
                    date: None,
                });
            }
        }
        // Jump from one possible number start to the next (found with
        // aho-corasick) instead of trying every character; a sign just before
        // a digit starts the number.
        let mut next_free = 0;
        for start in NUMBER_STARTS.find_iter(text).map(|m| m.start()) {
            if start < next_free {
                continue;
            }
            let sign = text
                .get(..start)
                .and_then(|b| b.chars().next_back())
                .filter(|s| matches!(s, '-' | '−' | '－' | '+'));
            let starts = [sign.map(|s| start - s.len_utf8()), Some(start)];
            for at in starts.into_iter().flatten().filter(|&at| at >= next_free) {
                if let Some(f) = self.quantity_at(text, at).filter(|f| free(f.start, f.end, &taken)) {
                    next_free = f.end;
                    taken.insert(f.start, f.end);
                    found.push(f);
                    break;
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
        let signed = matches!(first, '-' | '−' | '－' | '+');
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
            && before.is_some_and(|b| !is_han(b) && !matches!(b, '，' | '、' | '：' | ' ' | '为' | '长'))
        {
            return None;
        }
        // 统一, 唯一, 之一, 初一, 周一: the numeral is part of a word.
        if !arabic && before.is_some_and(|b| "统唯之第初周期逐单其".contains(b)) {
            return None;
        }
        let (num_end, number) = number_token(text, digit_start, arabic)?;
        let mut value = parse_number(number)?;
        if signed && first != '+' {
            value = -value;
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
        let mut approx = "";
        if let Some(w) = ["余", "多"].iter().find(|w| text.get(pos..).is_some_and(|r| r.starts_with(*w))) {
            approx = w;
            pos += w.len();
        }
        let unit_start = pos;
        let tail = text.get(pos..)?;
        let (scale, unit) = match unit_at(tail) {
            Some(u) => (0, u),
            None => {
                let (word, p) = SCALES.iter().find(|(w, _)| tail.starts_with(w))?;
                let after = tail.get(word.len()..)?;
                (*p, unit_at(after)?)
            }
        };
        let raw_len = SCALES.iter().find(|(_, p)| *p == scale).map_or(0, |(w, _)| w.len())
            * usize::from(scale != 0)
            + unit.raw.len();
        let end = unit_start + raw_len;
        // An ASCII unit must not run on into letters (m in mm, km in kmh).
        if unit.raw.is_ascii()
            && text.get(end..).and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        // 一个, 一家 are articles and 三元 a place name: a single Chinese digit
        // counts or pays only with a scale (三万元).
        if !arabic
            && scale == 0
            && number.chars().count() == 1
            && (unit.kind == MentionKind::Count || unit.raw == "元")
        {
            return None;
        }
        // A rate keeps a compound unit: 1550元/月 → CNY/month.
        let mut end = end;
        let mut base_unit = unit.unit;
        if let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix(['/', '／'])) {
            if let Some((word, per)) = PER.iter().find(|(w, _)| rest.starts_with(w)) {
                base_unit = intern(format!("{base_unit}/{per}"));
                end += text.get(end..)?.chars().next()?.len_utf8() + word.len();
            }
        }
        let scale_to = |v: Decimal| v.scale_pow10(scale).and_then(|v| v.checked_mul(unit.factor));
        if approx.is_empty() {
            approx = APPROX_AFTER
                .iter()
                .find(|w| text.get(end..).is_some_and(|r| r.starts_with(*w)))
                .copied()
                .unwrap_or("");
        }
        Some(Found {
            kind: unit.kind,
            start: i,
            end,
            value: scale_to(value),
            value_max: value_max.and_then(scale_to),
            unit: base_unit,
            number: (i, number_end),
            raw_unit: (unit_start, end),
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
        let mut offsets = CharOffsets::default();
        // Boundaries around each mention, found with one pass over the text
        // whatever its punctuation (a long text without any stays linear).
        let mut clauses = LastBefore::new(text, |c| CLAUSE_PUNCT.contains(&c));
        let mut sentences = LastBefore::new(text, |c| matches!(c, '。' | '；' | '\n' | ';'));
        let mut clause_ends = NextAfter::new(text, |c| CLAUSE_PUNCT.contains(&c));
        for (k, f) in found.iter().enumerate() {
            let before = text.get(prev_end.min(f.start)..f.start).unwrap_or_default();
            let mut lead = before;
            let mut approx = f.approx;
            if let Some(w) = APPROX_BEFORE.iter().find(|w| lead.ends_with(*w)) {
                if approx.is_empty() {
                    approx = w;
                }
                lead = lead.get(..lead.len() - w.len()).unwrap_or_default();
            }
            let (mut qualifier, mut direction) = ("", None);
            let mut core_len = lead.len();
            if f.date.is_some() {
                if let Some(w) = DATE_BEFORE.iter().find(|w| lead.ends_with(*w)) {
                    qualifier = w;
                } else if let Some(w) =
                    DATE_AFTER.iter().find(|w| text.get(f.end..).is_some_and(|r| r.starts_with(*w)))
                {
                    qualifier = w;
                }
            } else {
                let core = lead.trim_end_matches(['了', '到', '至']);
                if let Some((w, d)) = QUALIFIERS.iter().find(|(w, _)| core.ends_with(w)) {
                    qualifier = w;
                    direction = *d;
                    core_len = core.len() - w.len();
                }
            }
            let clause_start = clauses.start(f.start);
            let mut subject = String::new();
            if f.date.is_none() {
                let from = clause_start.max(prev_end.min(f.start));
                // The words just before the number say what it does, not what it measures.
                let to = f.start - (before.len() - core_len);
                subject = self.subject(text.get(from.min(to)..to).unwrap_or_default(), Side::Before);
                if subject.is_empty() {
                    // 完成20.17万亩和启动13.18万亩高标准农田建设: the subject follows.
                    // At most AFTER bytes: a subject follows its number closely.
                    const AFTER: usize = 240;
                    let clause_end = clause_ends.after(f.end).min(floor_char(text, f.end + AFTER));
                    let mut after = String::new();
                    let mut at = f.end;
                    for g in
                        found.get(k + 1..).unwrap_or_default().iter().take_while(|g| g.start < clause_end)
                    {
                        after.push_str(text.get(at..g.start).unwrap_or_default());
                        at = g.end;
                    }
                    after.push_str(text.get(at.min(clause_end)..clause_end).unwrap_or_default());
                    subject = self.subject(&after, Side::After);
                }
                // 同比增长9.7%: the same sentence's previous subject.
                let sentence_start = sentences.before(f.start).map_or(0, |(i, _)| i);
                if subject.is_empty() && prev_sentence == Some(sentence_start) {
                    subject = prev_subject.clone();
                }
                prev_subject = subject.clone();
                prev_sentence = Some(sentence_start);
            }
            let start = offsets.char_at(text, f.start);
            let end = offsets.char_at(text, f.end);
            out.push(Mention {
                kind: f.kind,
                text: text.get(f.start..f.end).unwrap_or_default().to_string(),
                start,
                end,
                byte_start: f.start,
                byte_end: f.end,
                value: f.value,
                value_max: f.value_max,
                unit: f.unit,
                number: text.get(f.number.0..f.number.1).unwrap_or_default().to_string(),
                raw_unit: text.get(f.raw_unit.0..f.raw_unit.1).unwrap_or_default().to_string(),
                approx,
                qualifier,
                direction,
                date_start: f.date.as_ref().and_then(|d| d.first).map(Date::from),
                date_end: f.date.as_ref().and_then(|d| d.last).map(Date::from),
                precision: f.date.as_ref().map(|d| d.precision),
                subject,
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
                // Brackets belong to a name: 省级以上创新平台（研发机构）.
                let bracket = matches!(t.word, "（" | "）" | "(" | ")");
                bracket
                    || !DROP_WORDS.contains(t.word)
                        && t.word.chars().any(|c| is_han(c) || c.is_ascii_alphabetic())
            })
            .collect();
        for (k, t) in tokens.iter().enumerate() {
            if t.word.chars().any(|c| ascii_digit(c).is_some()) {
                // 489场: the number and its measure word.
                if let Some(next) = keep
                    .get_mut(k + 1)
                    .filter(|_| tokens.get(k + 1).is_some_and(|n| n.word.chars().count() == 1))
                {
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
            Side::Before => spans.last().copied(),
            // 19个专业（点）获省教育厅批准: after a bracket, a one-character
            // word or a verb (获, 由, 在) starts what is said of the subject.
            Side::After => spans.first().map(|&(a, b)| {
                let said = |w: &str| {
                    w.chars().count() == 1 || w.starts_with(|c| "获被由在经已将把对为是有".contains(c))
                };
                let cut = (a..b).find(|&j| matches!(tokens[j].word, "）" | ")") && said(tokens[j + 1].word));
                (a, cut.unwrap_or(b))
            }),
        };
        let subject =
            span.and_then(|(a, b)| clause.get(tokens.get(a)?.start..tokens.get(b)?.end)).unwrap_or_default();
        balanced(subject, side).to_string()
    }
}

/// `subject` without unmatched brackets: 镇（街）文化站 stays; 物流业）投资
/// keeps what follows the unmatched ）. Before the number, an unmatched （
/// means the number is inside the bracket: what follows it is the subject
/// (社区（蓬江区 → 蓬江区), else what precedes it (环评（ → 环评). After the
/// number, one cuts (示范区（ → 示范区), and a subject that starts inside a
/// bracket (58座（江海区 …) is a breakdown, not a subject. A bracket alone
/// ((区) of a dropped 各市) is no subject either.
///
/// ```text
/// 省级以上创新平台（研发机构） → 省级以上创新平台（研发机构）
/// ```
fn balanced(subject: &str, side: Side) -> &str {
    let mut start = 0;
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in subject.char_indices() {
        match c {
            '（' | '(' => open.push(i),
            '）' | ')' if open.pop().is_none() => start = i + c.len_utf8(),
            _ => {}
        }
    }
    let unmatched: Vec<usize> = open.into_iter().filter(|&i| i >= start).collect();
    let out = match (side, unmatched.first(), unmatched.last()) {
        (_, None, _) => subject.get(start..).unwrap_or_default(),
        (Side::After, Some(&first), _) if first == start => "",
        (Side::After, Some(&first), _) => subject.get(start..first).unwrap_or_default(),
        (Side::Before, _, Some(&last)) => {
            let inside = subject.get(last + '（'.len_utf8()..).unwrap_or_default();
            if inside.chars().any(is_han) {
                inside
            } else {
                subject.get(start..unmatched[0]).unwrap_or_default()
            }
        }
        (Side::Before, _, None) => "",
    };
    let bare = out.trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    if out.starts_with(['（', '(']) && out.ends_with(['）', ')']) && !bare.contains(['（', '(', '）', ')'])
    {
        return "";
    }
    out
}

/// Which side of the number a subject is looked for.
#[derive(Clone, Copy, PartialEq)]
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
                || (matches!(c, '万' | '亿') && next.is_some_and(|n| ascii_digit(n).is_some()))
                // 3万5千: after 万, a 千 or 百 is part of the number.
                || (matches!(c, '千' | '百') && text.get(i..i + k).is_some_and(|t| t.contains('万')))
        } else {
            cn_digit(c).is_some()
                || (matches!(c, '十' | '百' | '千'))
                || (matches!(c, '万' | '亿') && next.is_some_and(is_digit))
                || (matches!(c, '点' | '點') && next.is_some_and(|n| cn_digit(n).is_some()))
        };
        if !ok {
            break;
        }
        end = i + k + c.len_utf8();
    }
    // A trailing 百/千 belongs to the scale (一千亩 is fine, but 3百万 reads 3 × 百万).
    let token = text.get(i..end)?;
    if token.is_empty() || (!arabic && !token.chars().any(|c| cn_digit(c).is_some() || c == '十')) {
        return None;
    }
    if !arabic && token != "十" && token.chars().all(|c| cn_multiplier(c).is_some()) {
        return None;
    }
    Some((end, token))
}

/// Up to 20 characters either side of the bytes `start..end` of `text`
/// (a mention's `byte_start..byte_end` in the field it was found in), line
/// breaks as spaces.
///
/// # Examples
///
/// ```
/// let text = "今年新增就业39783人，同比增长";
/// let m = &jinzhan::extract::MentionExtractor::new().extract(text)[0];
/// assert_eq!(jinzhan::extract::context(text, m.byte_start, m.byte_end), "今年新增就业39783人，同比增长");
/// ```
pub fn context(text: &str, start: usize, end: usize) -> std::borrow::Cow<'_, str> {
    let before = text.get(..start).unwrap_or_default();
    let a = before.char_indices().rev().nth(19).map_or(0, |(i, _)| i);
    let after = text.get(end..).unwrap_or_default();
    let b = after.char_indices().nth(20).map_or(text.len(), |(i, _)| end + i);
    let slice = text.get(a..b).unwrap_or_default();
    if slice.contains('\n') {
        slice.replace('\n', " ").into()
    } else {
        slice.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<Mention> {
        MentionExtractor::new().year(Some(2018)).extract(text)
    }

    /// (input, kind, text, value, value_max, unit)
    const CASES: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("实现规模以上工业增加值791.9亿元", "money", "791.9亿元", "79190000000", "", "CNY"),
        ("完成1,732,022万元", "money", "1,732,022万元", "17320220000", "", "CNY"),
        ("投资10832.63万元", "money", "10832.63万元", "108326300", "", "CNY"),
        ("总投资20-30亿元", "money", "20-30亿元", "2000000000", "3000000000", "CNY"),
        ("筹集资金3千元", "money", "3千元", "3000", "", "CNY"),
        ("全市GDP达2.1万亿元", "money", "2.1万亿元", "2100000000000", "", "CNY"),
        ("出口额5.2亿美元", "money", "5.2亿美元", "520000000", "", "USD"),
        ("投资3000万港元", "money", "3000万港元", "30000000", "", "HKD"),
        ("最低工资标准1550元/月", "money", "1550元/月", "1550", "", "CNY/month"),
        ("完成20.17万亩", "area", "20.17万亩", "201700", "", "mu"),
        ("征地4871.01亩", "area", "4871.01亩", "4871.01", "", "mu"),
        ("造林2公顷", "area", "2公顷", "30", "", "mu"),
        ("拆除5.3万平方米", "area", "5.3万平方米", "53000", "", "m2"),
        ("面积14454m²", "area", "14454m²", "14454", "", "m2"),
        ("建成区12平方公里", "area", "12平方公里", "12000000", "", "m2"),
        ("堤防填筑4.90km", "length", "4.90km", "4.9", "", "km"),
        ("排水廊道全长282米", "length", "282米", "0.282", "", "km"),
        ("全长7.335公里", "length", "7.335公里", "7.335", "", "km"),
        ("新增就业31.76万人", "count", "31.76万人", "317600", "", "人"),
        ("新增3家创业孵化基地", "count", "3家", "3", "", "家"),
        ("检查建筑工地602家次", "count", "602家次", "602", "", "家次"),
        ("企业达到1-2家", "count", "1-2家", "1", "2", "家"),
        ("处理能力22.6万吨", "quantity", "22.6万吨", "226000", "", "t"),
        ("清淤10.3万m³", "quantity", "10.3万m³", "103000", "", "m3"),
        ("装机容量5兆瓦", "quantity", "5兆瓦", "5000", "", "kW"),
        ("同比增长9.7%", "percent", "9.7%", "9.7", "", "percent"),
        ("增长９.７％", "percent", "９.７％", "9.7", "", "percent"),
        ("占比百分之十", "percent", "百分之十", "10", "", "percent"),
        ("提高0.13个百分点", "percent_point", "0.13个百分点", "0.13", "", "pp"),
        ("压缩三分之一", "ratio", "三分之一", "0.3333", "", "ratio"),
        ("七成以上", "ratio", "七成", "0.7", "", "ratio"),
        ("增长2.3倍", "ratio", "2.3倍", "2.3", "", "times"),
        ("引进一百二十万元", "money", "一百二十万元", "1200000", "", "CNY"),
        ("投入两亿元", "money", "两亿元", "200000000", "", "CNY"),
        ("共3万5千人", "count", "3万5千人", "35000", "", "人"),
    ];

    #[test]
    fn quantities() {
        for (input, kind, text, value, max, unit) in CASES {
            let m = scan(input);
            let m = m.iter().find(|m| m.kind.as_str() != "date" && m.kind.as_str() != "date_range");
            let m = m.unwrap_or_else(|| panic!("{input}: nothing found"));
            let got = (
                m.kind.as_str(),
                m.text.as_str(),
                m.value.map(|v| v.to_string()).unwrap_or_default(),
                m.value_max.map(|v| v.to_string()).unwrap_or_default(),
                m.unit,
            );
            assert_eq!(got, (*kind, *text, value.to_string(), max.to_string(), *unit), "{input}");
        }
    }

    #[test]
    fn qualifiers_approx_direction_and_sign() {
        let m = &scan("1-9月全市工业技改投资160亿元，同比增长-14%")[2];
        assert_eq!(
            (m.value.unwrap().to_string(), m.qualifier, m.direction),
            ("-14".into(), "同比增长", Some(Direction::Up))
        );
        let m = &scan("固定资产投资下降5.1%")[0];
        assert_eq!((m.value.unwrap().to_string(), m.direction), ("5.1".into(), Some(Direction::Down)));
        assert_eq!(m.subject, "固定资产投资");
        let m = &scan("城镇新增就业4.5万人以上")[0];
        assert_eq!((m.approx, m.subject.as_str()), ("以上", "城镇新增就业"));
        let m = &scan("总投资额超50亿元")[0];
        assert_eq!(m.approx, "超");
        let m = &scan("投资约1300万元")[0];
        assert_eq!(m.approx, "约");
        let m = &scan("共1200多亩")[0];
        assert_eq!((m.approx, m.value.unwrap().to_string()), ("多", "1200".into()));
        let m = &scan("城镇登记失业率控制在3.2%以内")[0];
        assert_eq!((m.qualifier, m.approx), ("控制在", "以内"));
    }

    #[test]
    fn dates_with_qualifiers() {
        let m = &scan("确保10月底前完成")[0];
        assert_eq!(
            (m.text.as_str(), m.date_start.map(|d| d.to_string()), m.qualifier),
            ("10月底", Some("2018-10-31".to_string()), "前")
        );
        let m = &scan("截至9月底，全年城镇新增就业39783人")[0];
        assert_eq!((m.kind, m.qualifier), (MentionKind::Date, "截至"));
        let m = &scan("今年以来")[0];
        assert_eq!((m.kind, m.qualifier), (MentionKind::DateRange, "以来"));
    }

    #[test]
    fn subjects() {
        let m = scan("1-9月，全市实现规模以上工业增加值791.9亿元，同比增长9.7%。");
        assert_eq!(m[1].subject, "规模以上工业增加值");
        assert_eq!(m[2].subject, "规模以上工业增加值", "inherited within the sentence");
        let m = scan("完成20.17万亩和启动13.18万亩高标准农田建设");
        assert_eq!((m[0].subject.as_str(), m[1].subject.as_str()), ("高标准农田建设", "高标准农田建设"));
        let m = scan("开展社区活动489场26027人次");
        assert_eq!(m[0].subject, "社区活动");
    }

    #[test]
    fn subjects_around_brackets() {
        let first = |text: &str, mention: &str| {
            scan(text).into_iter().find(|m| m.text == mention).map(|m| m.subject).unwrap_or_default()
        };
        // A name's bracket stays; what is said after it goes.
        assert_eq!(
            first("全市8所中职学校，19个专业（点）获省教育厅批准参与改革试点。", "19个"),
            "专业（点）"
        );
        assert_eq!(
            first("建成行政村（社区）综合性文化服务中心1235个。", "1235个"),
            "行政村（社区）综合性文化服务中心"
        );
        // The number inside a bracket: the words inside it.
        assert_eq!(first("对主城区119个社区（蓬江区73个、江海区27个）开展整治。", "73个"), "蓬江区");
        assert_eq!(first("推荐方案包括主线（全长157.99公里）和支线。", "157.99公里"), "全长");
        // A bracket alone is no subject: the words after the number are.
        assert_eq!(first("要求各市（区）建成1-2个规范化妇保、儿保门诊。", "1-2个"), "规范化妇保");
        // A breakdown in brackets after the number is not its subject (58座
        // takes the sentence's previous subject instead).
        let text = "全市新建城市公共厕所76座，已完成58座（江海区10座）。";
        assert_eq!(
            (first(text, "76座"), first(text, "58座")),
            ("城市公共厕所".into(), "城市公共厕所".into())
        );
    }

    #[test]
    fn offsets_are_chars_and_text_is_the_slice() {
        let text = "（1）市老干部大学开设学科44门，班级217个，招收学员6500人次，分别完成年度任务的104.8%。";
        for m in scan(text) {
            let slice: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(slice, m.text);
        }
        let m = scan(text);
        assert_eq!(
            m.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
            ["44门", "217个", "6500人次", "104.8%"]
        );
        assert_eq!((m[0].start, m[0].end), (13, 16));
    }

    #[test]
    fn not_mentions() {
        for text in [
            "印发江府函〔2018〕107号文",
            "粤办函﹝2018﹞315号",
            "印发《江门市2018年推进法治镇（街）创建工作方案》",
            "（1）各镇（街）已通过测试",
            "第三批",
            "第十六届省运会",
            "二期工程",
            "九层",
            "国道G240线扩建",
            "X557线",
            "5A景区",
            "3号地块",
            "A1-1地块",
            "K11梁场",
            "1#洞",
            "220kV变电站",
            "4G/5G网络",
            "完善“1+3+N”开放型清单",
            "“十三五”规划",
            "“5+1”",
            "12345热线",
            "召开2次会议，举办3场活动，分4期2批",
            "建立一个平台，统一标准",
            "千家万户",
            "三元泵站",
            "珠三角",
        ] {
            let found: Vec<String> = scan(text)
                .into_iter()
                .filter(|m| !matches!(m.kind, MentionKind::Date | MentionKind::DateRange))
                .map(|m| m.text)
                .collect();
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_in_bounds_on_any_text(s in "[\\PC0-9一二三万亿元亩%个月日年-]{0,40}") {
            let n = s.chars().count();
            for m in scan(&s) {
                proptest::prop_assert!(m.start < m.end && m.end <= n);
                let slice: String = s.chars().skip(m.start).take(m.end - m.start).collect();
                proptest::prop_assert_eq!(slice, m.text);
            }
        }
    }
}
