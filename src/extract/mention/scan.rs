//! Candidates: dates, fractions and numbers with a unit, found in one pass
//! each, never overlapping (dates first, then fractions, then quantities),
//! and masked where a number is part of a name (《titles》, document numbers).

use super::units::{intern, unit_at, PER, SCALES};
use super::words::WORDS;
use super::MentionKind;
use crate::extract::date::{find_dates, FoundDate, Precision};
use crate::extract::decimal::Decimal;
use crate::extract::number::{ascii_digit, cn_digit, cn_multiplier, parse_number};
use crate::structure::entries::is_han;
use regex::Regex;
use std::sync::LazyLock;

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

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"百分之((?:[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?)|[零〇一二两三四五六七八九十百点點]+)|([0-9一二三四五六七八九十]+)分之([0-9一二三四五六七八九十]+)")
        .expect("valid regex")
});

/// A candidate before subject and qualifiers are filled in (byte offsets;
/// `number` and `raw_unit` are byte ranges of the text).
pub(super) struct Found {
    pub(super) kind: MentionKind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: Option<Decimal>,
    pub(super) value_max: Option<Decimal>,
    pub(super) unit: &'static str,
    pub(super) number: (usize, usize),
    pub(super) raw_unit: (usize, usize),
    pub(super) approx: &'static str,
    pub(super) date: Option<FoundDate>,
}

/// Every candidate of `text` in text order; dates without a year take `year`.
pub(super) fn candidates(text: &str, year: Option<i32>) -> Vec<Found> {
    let masked = Spans::new(MASK.find_iter(text).map(|m| (m.start(), m.end())));
    let free = |s: usize, e: usize, taken: &Spans| masked.free(s, e) && taken.free(s, e);
    let mut found: Vec<Found> = Vec::new();
    let mut taken = Spans::default();
    for d in find_dates(text, year) {
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
            if let Some(f) = quantity_at(text, at).filter(|f| free(f.start, f.end, &taken)) {
                next_free = f.end;
                taken.insert(f.start, f.end);
                found.push(f);
                break;
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found.sort_by_key(|f| f.start);
    found
}

/// A number with a unit starting at byte `i`, if there is one.
fn quantity_at(text: &str, i: usize) -> Option<Found> {
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
    if before
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, '#' | '第' | '.' | '．' | '-' | '/' | '_'))
        || before.is_some_and(|b| ascii_digit(b).is_some())
    {
        return None;
    }
    if signed && before.is_some_and(|b| !is_han(b) && !matches!(b, '，' | '、' | '：' | ' ' | '为' | '长'))
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
    if let Some(sep) =
        text.get(pos..)?.chars().next().filter(|c| matches!(c, '-' | '－' | '—' | '~' | '～' | '至' | '到'))
    {
        let after = pos + sep.len_utf8();
        if let Some(c2) = text.get(after..).and_then(|r| r.chars().next()) {
            if ascii_digit(c2).is_some() == arabic && (ascii_digit(c2).is_some() || cn_digit(c2).is_some()) {
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
        approx = WORDS
            .approx_after
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
