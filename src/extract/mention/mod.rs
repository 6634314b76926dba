//! Typed mentions: every number with a unit, percentage, ratio and date in a
//! text, with its value normalized to a base unit, what it measures and how.
//!
//! Along the data flow: [`scan`] finds the candidates (dates, fractions,
//! numbers with a unit from [`units`]), this module attaches what is around
//! each (approximation and qualifier words from [`words`], the subject from
//! [`subject`]); only the clauses that need a subject are tokenized. Clause
//! and sentence boundaries are those of [`super::bounds`].

mod role;
mod scan;
mod subject;
mod units;
mod words;

use super::bounds::{floor_char, phrase_end, sentence_end, CharOffsets, LastBefore, NextAfter};
use super::date::{Date, Precision};
use super::decimal::Decimal;
use crate::tokenize::Tokenizer;
use scan::Found;
use serde::Serialize;
use subject::Side;
use words::WORDS;

pub use role::Role;

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
    /// A date resolved from a word relative to the report's year (今年,
    /// 去年5月, 全年, 年内, 今年以来).
    pub relative: bool,
    /// What the figure is: actual, plan, target, forecast, part, comparison, other.
    pub role: Role,
    /// For a part (其中 …): the index of its whole among the mentions of the
    /// same text.
    pub part_of: Option<usize>,
}

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

    /// All mentions in `text`, in text order, with the roles of a progress
    /// text (a figure without a cue is an actual).
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        self.extract_in(text, crate::extract::Field::Progress)
    }

    /// All mentions in `text`, a task's `field`: a figure of a task's text
    /// without a cue is a target, of a stated problem other.
    pub fn extract_in(&self, text: &str, field: crate::extract::Field) -> Vec<Mention> {
        let mut mentions = self.finish(text, scan::candidates(text, self.year));
        role::assign(text, &mut mentions, field);
        mentions
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
        let mut clauses = LastBefore::new(text, phrase_end);
        let mut sentences = LastBefore::new(text, sentence_end);
        let mut clause_ends = NextAfter::new(text, phrase_end);
        for (k, f) in found.iter().enumerate() {
            let before = text.get(prev_end.min(f.start)..f.start).unwrap_or_default();
            let mut lead = before;
            let mut approx = f.approx;
            if let Some(w) = WORDS.approx_before.iter().find(|w| lead.ends_with(*w)) {
                if approx.is_empty() {
                    approx = w;
                }
                lead = lead.get(..lead.len() - w.len()).unwrap_or_default();
            }
            let (mut qualifier, mut direction) = ("", None);
            let mut core_len = lead.len();
            if f.date.is_some() {
                if let Some(w) = WORDS.date_before.iter().find(|w| lead.ends_with(*w)) {
                    qualifier = w;
                } else if let Some(w) =
                    WORDS.date_after.iter().find(|w| text.get(f.end..).is_some_and(|r| r.starts_with(*w)))
                {
                    qualifier = w;
                }
            } else {
                let core = lead.trim_end_matches(['了', '到', '至']);
                if let Some((w, d)) = WORDS.qualifiers.iter().find(|(w, _)| core.ends_with(w)) {
                    qualifier = w;
                    direction = *d;
                    core_len = core.len() - w.len();
                }
            }
            // 分别增长3.1、4.6、7.2个百分点: a listed figure does what the one before does.
            if qualifier.is_empty() && before == "、" {
                if let Some(p) = out.last().filter(|p| p.kind == f.kind) {
                    (qualifier, direction) = (p.qualifier, p.direction);
                }
            }
            let clause_start = clauses.start(f.start);
            let mut subject = String::new();
            if f.date.is_none() {
                let from = clause_start.max(prev_end.min(f.start));
                // The words just before the number say what it does, not what it measures.
                let to = f.start - (before.len() - core_len);
                subject = subject::subject(
                    &self.tokenizer,
                    text.get(from.min(to)..to).unwrap_or_default(),
                    Side::Before,
                );
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
                    subject = subject::subject(&self.tokenizer, &after, Side::After);
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
                relative: f.date.as_ref().is_some_and(|d| d.relative),
                role: Role::Other,
                part_of: None,
            });
            prev_end = f.end;
        }
        out
    }
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

    /// A row of [`FORMS`]: (input, text, start, end, kind, value, value_max,
    /// unit, approx, role).
    type Form = (
        &'static str,
        &'static str,
        usize,
        usize,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );

    /// The forms analysts read in other cities' reports, one row per figure.
    const FORMS: &[Form] = &[
        // One unit shared by a list.
        ("分别增长3.1、4.6、7.2个百分点", "3.1", 4, 7, "percent_point", "3.1", "", "pp", "", "actual"),
        ("分别增长3.1、4.6、7.2个百分点", "4.6", 8, 11, "percent_point", "4.6", "", "pp", "", "actual"),
        (
            "分别增长3.1、4.6、7.2个百分点",
            "7.2个百分点",
            12,
            19,
            "percent_point",
            "7.2",
            "",
            "pp",
            "",
            "actual",
        ),
        ("分别为1.5亿、0.8亿元", "1.5亿", 3, 7, "money", "150000000", "", "CNY", "", "actual"),
        ("分别为1.5亿、0.8亿元", "0.8亿元", 8, 13, "money", "80000000", "", "CNY", "", "actual"),
        ("分别高0.4个、1.3个百分点", "0.4个", 3, 7, "percent_point", "0.4", "", "pp", "", "actual"),
        ("完成12.5万、8.3万亩", "12.5万", 2, 7, "area", "125000", "", "mu", "", "actual"),
        ("完成12.5万、8.3万亩", "8.3万亩", 8, 13, "area", "83000", "", "mu", "", "actual"),
        // Measure words.
        ("举办活动12场，演出30场次", "12场", 4, 7, "count", "12", "", "场", "", "actual"),
        ("举办活动12场，演出30场次", "30场次", 10, 14, "count", "30", "", "场次", "", "actual"),
        ("发生事故3起", "3起", 4, 6, "count", "3", "", "起", "", "actual"),
        ("打井8口，安装路灯200盏", "8口", 2, 4, "count", "8", "", "口", "", "actual"),
        ("打井8口，安装路灯200盏", "200盏", 9, 13, "count", "200", "", "盏", "", "actual"),
        ("发放图书500本，投入1200工日", "1200工日", 11, 17, "count", "1200", "", "工日", "", "actual"),
        ("完成5大项", "5大项", 2, 5, "count", "5", "", "大项", "", "actual"),
        ("优良天数156天", "156天", 4, 8, "count", "156", "", "天", "", "actual"),
        ("完成土石方120万方", "120万方", 5, 10, "quantity", "1200000", "", "m3", "", "actual"),
        ("完成两项改革，分为三大类", "两项", 2, 4, "count", "2", "", "项", "", "actual"),
        ("完成两项改革，分为三大类", "三大类", 9, 12, "count", "3", "", "大类", "", "actual"),
        // Fractions and rates, signs.
        ("完成进度的1/4", "1/4", 5, 8, "ratio", "0.25", "", "ratio", "", "actual"),
        ("约2/3的企业", "2/3", 1, 4, "ratio", "0.6667", "", "ratio", "约", "actual"),
        ("事故率控制在千分之三", "千分之三", 6, 10, "percent", "0.3", "", "percent", "", "actual"),
        ("误差万分之五", "万分之五", 2, 6, "percent", "0.05", "", "percent", "", "actual"),
        ("负0.3千米", "负0.3千米", 0, 6, "length", "-0.3", "", "km", "", "actual"),
        ("海拔为负0.3千米", "负0.3千米", 3, 9, "length", "-0.3", "", "km", "", "actual"),
        ("负增长2.1%", "2.1%", 3, 7, "percent", "2.1", "", "percent", "", "actual"),
        // Ranges with the unit on both ends.
        ("增长10%-15%", "10%-15%", 2, 9, "percent", "10", "15", "percent", "", "actual"),
        ("占70%～85%", "70%～85%", 1, 8, "percent", "70", "85", "percent", "", "actual"),
        ("提高3～5个百分点", "3～5个百分点", 2, 9, "percent_point", "3", "5", "pp", "", "actual"),
        ("投资5万-8万元", "5万-8万元", 2, 8, "money", "50000", "80000", "CNY", "", "actual"),
        // Glued text.
        ("占计划的75%124个新建项目", "75%", 4, 7, "percent", "75", "", "percent", "", "actual"),
        ("占计划的75%124个新建项目", "124个", 7, 11, "count", "124", "", "个", "", "actual"),
        ("2015年25件民生实事", "25件", 5, 8, "count", "25", "", "件", "", "actual"),
        // Implicit one.
        ("引进超亿元项目", "亿元", 3, 5, "money", "100000000", "", "CNY", "超", "other"),
        ("新增亿元以上项目3个", "亿元", 2, 4, "money", "100000000", "", "CNY", "以上", "other"),
        ("接待游客近万人次", "万人次", 5, 8, "count", "10000", "", "人次", "近", "actual"),
        ("投资超亿元", "亿元", 3, 5, "money", "100000000", "", "CNY", "超", "actual"),
    ];

    #[test]
    fn forms_of_other_reports() {
        for &(input, text, start, end, kind, value, max, unit, approx, role) in FORMS {
            let found = scan(input);
            let m = found.iter().find(|m| m.text == text && m.start == start);
            let m = m.unwrap_or_else(|| {
                panic!("{input}: {text} not found in {:?}", found.iter().map(|m| &m.text).collect::<Vec<_>>())
            });
            let got = (
                m.end,
                m.kind.as_str(),
                m.value.map(|v| v.to_string()).unwrap_or_default(),
                m.value_max.map(|v| v.to_string()).unwrap_or_default(),
                m.unit,
                m.approx,
                m.role.as_str(),
            );
            assert_eq!(got, (end, kind, value.into(), max.into(), unit, approx, role), "{input}: {text}");
        }
        // Listed figures do what the first does; 负增长 goes down.
        let m = scan("分别增长3.1、4.6、7.2个百分点");
        assert!(m.iter().all(|m| m.qualifier == "增长" && m.direction == Some(Direction::Up)));
        assert_eq!(scan("负增长2.1%")[0].direction, Some(Direction::Down));
        // 减负 is a word, not a sign.
        assert_eq!(
            scan("为企业减负85.99亿元")[0].value.map(|v| v.to_string()).as_deref(),
            Some("8599000000")
        );
        // Occurrences stay out; a date-like 12/1 is no ratio.
        for text in ["召开会议3次", "分两批", "12/1开工", "2018/1/10", "黑龙江省七台河市"] {
            assert!(
                scan(text).iter().all(|m| m.kind != MentionKind::Ratio && m.kind != MentionKind::Count),
                "{text}"
            );
        }
    }

    /// (input, text, date_start, date_end, relative, qualifier)
    const DATE_FORMS: &[(&str, &str, &str, &str, bool, &str)] = &[
        ("2018年1月10日-2018年7月10日", "2018年1月10日-2018年7月10日", "2018-01-10", "2018-07-10", false, ""),
        ("2018/1/10-2018/7/10", "2018/1/10-2018/7/10", "2018-01-10", "2018-07-10", false, ""),
        ("18年10月1日到19年2月3日", "18年10月1日到19年2月3日", "2018-10-01", "2019-02-03", false, ""),
        ("从2016到2018", "从2016到2018", "2016-01-01", "2018-12-31", false, ""),
        ("春节前完成", "春节", "2018-02-16", "2018-02-16", false, "前"),
        ("2019年春节前", "2019年春节", "2019-02-05", "2019-02-05", false, "前"),
        ("元旦前", "元旦", "2018-01-01", "2018-01-01", false, "前"),
        ("五一前", "五一", "2018-05-01", "2018-05-01", false, "前"),
        ("国庆前", "国庆", "2018-10-01", "2018-10-01", false, "前"),
        ("中秋前", "中秋", "2018-09-24", "2018-09-24", false, "前"),
        ("端午前", "端午", "2018-06-18", "2018-06-18", false, "前"),
        ("明年春节前", "明年春节", "2019-02-05", "2019-02-05", true, "前"),
        ("去年5月", "去年5月", "2017-05-01", "2017-05-31", true, ""),
        ("明年3月", "明年3月", "2019-03-01", "2019-03-31", true, ""),
        ("今年一季度", "今年一季度", "2018-01-01", "2018-03-31", true, ""),
        ("18年10月", "18年10月", "2018-10-01", "2018-10-31", false, ""),
        ("07年", "07年", "2007-01-01", "2007-12-31", false, ""),
        ("2015年25件民生实事", "2015年", "2015-01-01", "2015-12-31", false, ""),
        ("全年", "全年", "2018-01-01", "2018-12-31", true, ""),
        ("年内完成", "年内", "2018-01-01", "2018-12-31", true, ""),
        ("今年以来", "今年", "2018-01-01", "2018-12-31", true, "以来"),
        ("9月下旬", "9月下旬", "2018-09-21", "2018-09-30", false, ""),
        ("2018年9月", "2018年9月", "2018-09-01", "2018-09-30", false, ""),
    ];

    #[test]
    fn date_forms_of_other_reports() {
        for &(input, text, first, last, relative, qualifier) in DATE_FORMS {
            let found = scan(input);
            let m = found
                .iter()
                .find(|m| m.text == text)
                .unwrap_or_else(|| panic!("{input}: {text} not in {found:?}"));
            let got = (
                m.date_start.map(|d| d.to_string()).unwrap_or_default(),
                m.date_end.map(|d| d.to_string()).unwrap_or_default(),
                m.relative,
                m.qualifier,
                m.role,
            );
            assert_eq!(got, (first.into(), last.into(), relative, qualifier, Role::Other), "{input}");
        }
        // Not a festival: 五一村, 国庆路; a festival outside the table has no date.
        assert!(scan("五一村").iter().all(|m| m.kind != MentionKind::Date));
        assert!(scan("国庆路改造").iter().all(|m| m.kind != MentionKind::Date));
        let m = &scan("2040年春节前")[0];
        assert_eq!((m.text.as_str(), m.date_start), ("2040年春节", None));
    }

    #[test]
    fn ascii_words_in_subjects() {
        assert_eq!(scan("全社会R&D经费投入增长12%")[0].subject, "全社会R&D经费投入");
        assert_eq!(scan("建成5G基站300个")[0].subject, "5G基站");
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
            "召开2次会议，分4期2批",
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
