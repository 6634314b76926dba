//! Candidates: dates, fractions and numbers with a unit, found in one pass
//! each, never overlapping (dates first, then fractions, then quantities),
//! and masked where a number is part of a name (《titles》, document numbers).

use super::units::{intern, unit_at, PER, SCALES};
use super::words::WORDS;
use super::MentionKind;
use crate::extract::bounds::floor_char;
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
    Regex::new(r"(百万万|百万|千万|万万|[百千万])分之((?:[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?)|[零〇一二两三四五六七八九十百点點]+)|([0-9一二三四五六七八九十]+)分之([0-9一二三四五六七八九十]+)|([0-9]{1,3})/([0-9]{1,3})")
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
        let f = if let (Some(per), Some(p)) = (m.get(1), m.get(2)) {
            // 百分之七十百分位: a trailing 百 belongs to the next word.
            let digits = p.as_str();
            let digits = match digits.strip_suffix('百') {
                Some(d) if text.get(p.end()..).is_some_and(|r| r.starts_with('分')) => d,
                _ => digits,
            };
            // 千分之三 is 0.3%, 万分之五 0.05%.
            let scale = match per.as_str() {
                "千" => -1,
                "万" => -2,
                "百万" => -4,
                "千万" => -5,
                "万万" => -6,
                "百万万" => -8,
                _ => 0,
            };
            parse_number(digits)
                .and_then(|v| v.scale_pow10(scale))
                .map(|v| (MentionKind::Percent, v, "percent", (p.start(), p.start() + digits.len())))
        } else if let (Some(n), Some(d)) = (m.get(5), m.get(6)) {
            // 1/4, 2/3: a share below one standing alone (not 12/1, 2018/1/10, 1/4日).
            let before = text.get(..all.start()).and_then(|b| b.chars().next_back());
            let after = text.get(all.end()..).and_then(|a| a.chars().next());
            let alone = !before.is_some_and(|c| c.is_ascii_alphanumeric() || "/.．-".contains(c))
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || "/.．日号月".contains(c));
            let (n, d) = (parse_number(n.as_str()), parse_number(d.as_str()));
            n.zip(d)
                .filter(|(n, d)| alone && n.to_f64() > 0.0 && n.to_f64() < d.to_f64())
                .and_then(|(n, d)| n.checked_div(d, 4))
                .map(|v| (MentionKind::Ratio, v, "ratio", (all.start(), all.end())))
        } else {
            let (den, num) = (
                m.get(3).and_then(|x| parse_number(x.as_str())),
                m.get(4).and_then(|x| parse_number(x.as_str())),
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
                // 百分之 before the digits; 分之 inside 三分之一; / inside 1/4.
                raw_unit: if kind == MentionKind::Percent {
                    (all.start(), number.0)
                } else if let Some(k) = all.as_str().find('/') {
                    (all.start() + k, all.start() + k + 1)
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
            .filter(|s| matches!(s, '-' | '−' | '－' | '+' | '负'));
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
    implicit_one(text, &mut found, &mut taken, &masked);
    found.sort_by_key(|f| f.start);
    shared_units(text, &mut found);
    found
}

/// 超亿元, 亿元以上项目, 近万人次: a scale with a unit and no number means one
/// of it, when an approximation says so (before or after).
fn implicit_one(text: &str, found: &mut Vec<Found>, taken: &mut Spans, masked: &Spans) {
    for (k, _) in text.match_indices(['万', '亿', '千', '百']) {
        let Some((word, p)) = SCALES.iter().find(|(w, _)| text.get(k..).is_some_and(|r| r.starts_with(w)))
        else {
            continue;
        };
        let before = text.get(..k).and_then(|b| b.chars().next_back());
        if before
            .is_some_and(|c| ascii_digit(c).is_some() || cn_digit(c).is_some() || "十百千万亿".contains(c))
        {
            continue;
        }
        let Some(unit) = text.get(k + word.len()..).and_then(unit_at) else { continue };
        let end = k + word.len() + unit.raw.len();
        let said_before = WORDS.approx_before.iter().any(|w| text.get(..k).is_some_and(|b| b.ends_with(w)));
        let said_after = ["以上", "以下", "以内", "级"]
            .into_iter()
            .find(|w| text.get(end..).is_some_and(|r| r.starts_with(w)));
        if !(said_before || said_after.is_some()) || !masked.free(k, end) || !taken.free(k, end) {
            continue;
        }
        let value = Decimal::from_int(1).scale_pow10(*p).and_then(|v| v.checked_mul(unit.factor));
        taken.insert(k, end);
        found.push(Found {
            kind: unit.kind,
            start: k,
            end,
            value,
            value_max: None,
            unit: unit.unit,
            number: (k, k),
            raw_unit: (k, end),
            approx: said_after.filter(|w| *w != "级").unwrap_or(""),
            date: None,
        });
    }
}

/// 分别增长3.1、4.6、7.2个百分点, 完成12.5万、8.3万亩: numbers listed before a
/// figure take its unit (and its scale when they have none); a listed
/// 0.4个 before 1.3个百分点 is 0.4 percentage points, not a count.
fn shared_units(text: &str, found: &mut Vec<Found>) {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9.])([0-9]+(?:\.[0-9]+)?)(万亿|千万|百万|亿|万|千)?(个)?、$")
            .expect("valid regex")
    });
    let mut added: Vec<Found> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    for f in found.iter() {
        if f.date.is_some() || f.unit == "ratio" {
            continue;
        }
        let raw = text.get(f.raw_unit.0..f.raw_unit.1).unwrap_or_default();
        let (scale, bare) = match SCALES.iter().find(|(w, _)| raw.starts_with(w)) {
            Some((w, p)) => (*p, raw.get(w.len()..).unwrap_or_default()),
            None => (0, raw),
        };
        let Some(unit) = unit_at(bare).filter(|u| u.raw.len() == bare.len() || bare.starts_with(u.raw))
        else {
            continue;
        };
        let mut at = f.start;
        loop {
            let from = floor_char(text, at.saturating_sub(40));
            let Some(c) = text.get(from..at).and_then(|w| ITEM.captures(w)) else { break };
            let (Some(n), ge) = (c.get(1), c.get(3)) else { break };
            // 0.4个、1.3个百分点: the 个 belongs to the shared unit.
            if ge.is_some() && !unit.raw.starts_with('个') {
                break;
            }
            let (start, item_end) = (from + n.start(), from + c.get(0).map_or(0, |m| m.end()) - "、".len());
            let own = c.get(2).and_then(|s| SCALES.iter().find(|(w, _)| *w == s.as_str())).map(|(_, p)| *p);
            let value = parse_number(n.as_str())
                .and_then(|v| v.scale_pow10(own.unwrap_or(scale)))
                .and_then(|v| v.checked_mul(unit.factor));
            // A count the item was read as (0.4个) gives way.
            if let Some(j) = found.iter().position(|g| g.start == start && g.date.is_none()) {
                if found[j].unit != "个" {
                    break;
                }
                dropped.push(j);
            } else if found.iter().any(|g| g.start < item_end && start < g.end) {
                break;
            }
            added.push(Found {
                kind: unit.kind,
                start,
                end: item_end,
                value,
                value_max: None,
                unit: f.unit,
                number: (start, from + n.end()),
                raw_unit: (from + n.end(), item_end),
                approx: "",
                date: None,
            });
            at = start;
        }
    }
    if added.is_empty() {
        return;
    }
    dropped.sort_unstable();
    dropped.dedup();
    for j in dropped.into_iter().rev() {
        found.remove(j);
    }
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// A character between the two ends of a range: 20-30, 5至8, 70%～85%.
fn is_range_sep(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | '~' | '～' | '至' | '到')
}

/// A number with a unit starting at byte `i`, if there is one.
fn quantity_at(text: &str, i: usize) -> Option<Found> {
    let rest = text.get(i..)?;
    let first = rest.chars().next()?;
    let signed = matches!(first, '-' | '−' | '－' | '+' | '负');
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
    // 减负85.99亿元: 负 is a sign only where a word does not end with it.
    if first == '负' && before.is_some_and(|b| is_han(b) && !"为是达至到".contains(b)) {
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
    // 5万-8万元: the first number of a range with its own scale.
    let mut first_scale = None;
    if let Some((word, p)) = SCALES.iter().find(|(w, _)| text.get(pos..).is_some_and(|r| r.starts_with(w))) {
        let after = text.get(pos + word.len()..).unwrap_or_default();
        if after.strip_prefix(is_range_sep).is_some_and(|r| r.starts_with(|c: char| ascii_digit(c).is_some()))
        {
            first_scale = Some(*p);
            pos += word.len();
        }
    }
    // A range: 20-30亿元, 5至8万亩.
    let mut value_max = None;
    if let Some(sep) = text.get(pos..)?.chars().next().filter(|&c| is_range_sep(c)) {
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
    // A unit of letters must not run on into letters (m in mm, km in kmh);
    // 75%124个 is two figures whose punctuation was lost.
    if unit.raw.ends_with(|c: char| c.is_ascii_alphanumeric())
        && text.get(end..).and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    // 一个, 一家 are articles, 三元 a place name, 三方 parties and 两个维护 a
    // slogan: a single Chinese digit pays or counts with a scale (三万元), or
    // counts things other than 个 (两项, 三大类).
    // 七台河, 三门峡: a place name, not a count.
    let place = text
        .get(end..)
        .and_then(|r| r.chars().next())
        .is_some_and(|c| "河山市县区镇村路街江湖岛峡".contains(c));
    let article = number == "一" || unit.raw == "个" || place;
    if !arabic
        && scale == 0
        && number.chars().count() == 1
        && (unit.kind == MentionKind::Count && article || matches!(unit.raw, "元" | "方"))
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
    // 10%-15%, 70%～85%: a range with the unit on both ends (raw_unit is
    // the first one).
    let mut raw_end = end;
    let scale_word = SCALES.iter().find(|(_, p)| *p == scale && scale != 0).map_or("", |(w, _)| w);
    if value_max.is_none() && first_scale.is_none() {
        if let Some(sep) = text.get(end..).and_then(|r| r.chars().next()).filter(|&c| is_range_sep(c)) {
            let after = end + sep.len_utf8();
            let second = text
                .get(after..)
                .and_then(|r| r.chars().next())
                .filter(|c| ascii_digit(*c).is_some() == arabic);
            if let Some((end2, n2)) = second.and_then(|_| number_token(text, after, arabic)) {
                let rest = text.get(end2..).unwrap_or_default();
                let raw = format!("{scale_word}{}", unit.raw);
                if rest.starts_with(&raw) && base_unit == unit.unit {
                    value_max = parse_number(n2);
                    raw_end = end;
                    end = end2 + raw.len();
                }
            }
        }
    }
    let first_value = match first_scale {
        Some(p) => value.scale_pow10(p).and_then(|v| v.checked_mul(unit.factor)),
        None => scale_to(value),
    };
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
        value: first_value,
        value_max: value_max.and_then(scale_to),
        unit: base_unit,
        number: (i, number_end),
        raw_unit: (unit_start, raw_end.max(unit_start)),
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
