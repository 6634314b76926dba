//! Conformance with a public suite: the Chinese test cases of Microsoft
//! Recognizers-Text in tests/data/peers/recognizers-zh (copied from the workspace's shared peers folder) (MIT; see its README).
//! Their conventions differ from ours in places, so each file has an in-scope
//! rule and every skipped case a listed reason. The test prints the pass rate
//! per file and requires 95% of the in-scope cases.

use jinzhan::extract::{parse_number, Decimal, MentionExtractor, MentionKind};
use serde_json::Value;
use std::collections::BTreeMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/peers/recognizers-zh");

fn cases(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{DIR}/{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[derive(Default)]
struct Tally {
    pass: usize,
    fail: Vec<String>,
    skipped: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn skip(&mut self, why: &'static str) {
        *self.skipped.entry(why).or_default() += 1;
    }
    fn check(&mut self, ok: bool, what: String) {
        if ok {
            self.pass += 1;
        } else {
            self.fail.push(what);
        }
    }
    fn rate(&self) -> f64 {
        self.pass as f64 / (self.pass + self.fail.len()).max(1) as f64
    }
    fn report(&self, file: &str) -> String {
        format!(
            "{file}: {}/{} in scope pass ({:.1}%); skipped {:?}; first failures: {:?}",
            self.pass,
            self.pass + self.fail.len(),
            100.0 * self.rate(),
            self.skipped,
            self.fail.iter().take(40).collect::<Vec<_>>()
        )
    }
}

/// A plain decimal string, or None for E notation and the like.
fn decimal(v: &Value) -> Option<Decimal> {
    v.as_str()?.trim_end_matches('%').parse().ok()
}

/// Why a number text is out of scope, if it is.
fn number_scope(text: &str) -> Option<&'static str> {
    if text.contains("分之") || text.contains('/') || text.contains('又') {
        Some("fraction: handled by the ratio recognizer, not the number parser")
    } else if text.contains('^') || text.contains(['e', 'E']) {
        Some("exponent notation: not used in reports")
    } else if text.contains(char::is_whitespace) {
        Some("spaces inside a number: a dump artefact we do not join")
    } else if text.contains('几') || text.contains('幾') {
        Some("vague numbers (几): no single value")
    } else if text.trim_start_matches(['-', '负']).starts_with('.')
        || text.contains("万万")
        || text.contains(['k', 'K', '打', '半'])
    {
        Some("unusual notation (.5, 万万, 40k, 一打, 半百)")
    } else if text.contains('兆') {
        Some("兆 as 10^12 (a Japanese reading); reports write 万亿")
    } else if text.chars().any(|c| "拾佰仟".contains(c)) && text.chars().any(|c| c.is_ascii_digit()) {
        Some("financial numerals mixed with digits")
    } else {
        None
    }
}

#[test]
fn number_parser() {
    let mut t = Tally::default();
    for case in cases("number.jsonl") {
        for r in case["results"].as_array().into_iter().flatten() {
            let text = r["text"].as_str().unwrap_or_default();
            if let Some(why) = number_scope(text) {
                t.skip(why);
                continue;
            }
            let Some(want) = decimal(&r["resolution"]["value"]) else {
                t.skip("expected value in E notation");
                continue;
            };
            let got = parse_number(text);
            t.check(got == Some(want), format!("{text}: {got:?} ≠ {want}"));
        }
    }
    eprintln!("{}", t.report("number.jsonl"));
    assert!(t.rate() >= 0.95, "{}", t.report("number.jsonl"));
}

fn extract(input: &str, year: Option<i32>) -> Vec<jinzhan::extract::Mention> {
    MentionExtractor::new().year(year).extract(input)
}

#[test]
fn percentages() {
    let mut t = Tally::default();
    for case in cases("percentage.jsonl") {
        let input = case["input"].as_str().unwrap_or_default();
        let results = case["results"].as_array().cloned().unwrap_or_default();
        let texts: Vec<&str> = results.iter().filter_map(|r| r["text"].as_str()).collect();
        if texts.iter().any(|x| x.contains('折')) {
            t.skip("discount 折: shopping language, not in reports");
            continue;
        }
        if texts.iter().any(|x| x.contains("百分点") || x.contains("百分點")) {
            t.skip("X个百分点: upstream merges it into percent; we keep percent_point by design");
            continue;
        }
        if texts.iter().any(|x| x.contains('半')) {
            t.skip("半成, 三成半: half-tenths, not in reports");
            continue;
        }
        // A range (5-20%): upstream gives the upper bound, we value and value_max.
        let chars: Vec<char> = input.chars().collect();
        let between =
            chars.windows(3).any(|w| w[0].is_ascii_digit() && "-~".contains(w[1]) && w[2].is_ascii_digit());
        let range = between && input.contains('%') && results.len() == 1;
        // 千分之, 万分之, 百万分之 … are percentages; 三分之一 is a ratio.
        let per_mille = ["百分之", "千分之", "万分之"].iter().any(|w| input.contains(w));
        if texts.iter().any(|x| x.contains(char::is_whitespace) || x.contains('k'))
            || input.contains("分之") && !per_mille
        {
            t.skip("spaced numerals, k suffixes or other fractions");
            continue;
        }
        if results.is_empty() {
            t.skip("negative case: numbers without % are never percent mentions here");
            continue;
        }
        let mut want: Vec<Decimal> =
            results.iter().filter_map(|r| decimal(&r["resolution"]["value"])).collect();
        if results.iter().any(|r| r["resolution"]["value"].as_str().is_some_and(|v| v.contains('E'))) {
            t.skip("expected value in E notation (千万分之六 …)");
            continue;
        }
        if range {
            let want = decimal(&results[0]["resolution"]["value"]);
            let got = extract(input, None)
                .into_iter()
                .find(|m| m.kind == MentionKind::Percent)
                .and_then(|m| m.value_max);
            t.check(got == want, format!("{input}: {got:?} ≠ {want:?}"));
            continue;
        }
        let mut got: Vec<Decimal> = extract(input, None)
            .into_iter()
            .filter_map(|m| match (m.kind, m.unit) {
                (MentionKind::Percent, _) => m.value,
                (MentionKind::Ratio, "ratio") => m.value.and_then(|v| v.scale_pow10(2)),
                _ => None,
            })
            .collect();
        want.sort_by_key(|d| d.to_string());
        got.sort_by_key(|d| d.to_string());
        t.check(got == want, format!("{input}: {got:?} ≠ {want:?}"));
    }
    eprintln!("{}", t.report("percentage.jsonl"));
    assert!(t.rate() >= 0.95, "{}", t.report("percentage.jsonl"));
}

#[test]
fn currency() {
    let mut t = Tally::default();
    for case in cases("currency.jsonl") {
        let input = case["input"].as_str().unwrap_or_default();
        let results = case["results"].as_array().cloned().unwrap_or_default();
        let iso: Vec<Option<&str>> =
            results.iter().map(|r| r["resolution"]["isoCurrency"].as_str()).collect();
        if input.contains('兆') {
            t.skip("兆 as 10^12 (a Japanese reading); reports write 万亿");
            continue;
        }
        if iso.iter().any(|i| !matches!(i, Some("CNY" | "USD" | "HKD" | "EUR" | "JPY" | "GBP"))) {
            t.skip("currencies reports do not use, or no value (人民币, $20, 美分)");
            continue;
        }
        if input.contains(['角', '分', '毛', '￥', '¥', '块', '銭', '钱']) {
            t.skip("change (角/分/毛), symbols and colloquial 块");
            continue;
        }
        let mut want: Vec<(String, String)> = results
            .iter()
            .filter_map(|r| {
                Some((
                    decimal(&r["resolution"]["value"])?.to_string(),
                    r["resolution"]["isoCurrency"].as_str()?.to_string(),
                ))
            })
            .collect();
        let mut got: Vec<(String, String)> = extract(input, None)
            .into_iter()
            .filter(|m| m.kind == MentionKind::Money)
            .filter_map(|m| Some((m.value?.to_string(), m.unit.to_string())))
            .collect();
        want.sort();
        got.sort();
        t.check(got == want, format!("{input}: {got:?} ≠ {want:?}"));
    }
    eprintln!("{}", t.report("currency.jsonl"));
    assert!(t.rate() >= 0.95, "{}", t.report("currency.jsonl"));
}

fn want_first_year(r: &Value) -> Option<i32> {
    r["value"]["FutureResolution"]["date"].as_str()?.get(..4)?.parse().ok()
}

#[test]
fn dates() {
    let mut t = Tally::default();
    for case in cases("date.jsonl") {
        let input = case["input"].as_str().unwrap_or_default();
        let year: Option<i32> = case["context"].as_str().and_then(|c| c.get(..4)?.parse().ok());
        let Some(r) = case["results"].as_array().and_then(|r| r.first()) else {
            continue;
        };
        let text = r["text"].as_str().unwrap_or_default();
        let timex = r["value"]["Timex"].as_str().unwrap_or_default();
        if text.contains([
            '周', '週', '礼', '禮', '星', '昨', '明', '后', '前', '今', '农', '農', '正', '本', '最', '大',
        ]) || text.contains("天")
        {
            t.skip("relative days, weekdays and lunar dates: not in progress reports");
            continue;
        }
        if !text.contains(['年', '月', '日', '号'])
            && !text
                .starts_with(|c: char| c.is_ascii_digit() && text.len() >= 10 && text.get(4..5) == Some("-"))
        {
            t.skip("numeric day-first or two-digit-year forms (13.5.2015, 05/05/89): ambiguous, not used in Chinese reports");
            continue;
        }
        let want_year: i32 = want_first_year(r).unwrap_or(2000);
        if (want_year < 1900 && want_year != 1)
            || timex.get(..4).and_then(|y| y.parse::<i32>().ok()).is_some_and(|y| y < 1900)
        {
            t.skip("historical years before 1900");
            continue;
        }
        if text.contains("2月29") && timex.starts_with("XXXX") {
            t.skip("29 February without a year: we take the report's year and do not move to a leap year");
            continue;
        }
        if timex.starts_with("XXXX-XX") {
            t.skip("a day without a month (29日): too vague for a report date");
            continue;
        }
        let want: Vec<&str> = ["FutureResolution", "PastResolution"]
            .iter()
            .filter_map(|k| r["value"][k]["date"].as_str())
            .collect();
        let got = extract(input, year).into_iter().find(|m| m.kind == MentionKind::Date);
        let got_date = got.as_ref().and_then(|m| m.date_start).map(|d| d.to_string()).unwrap_or_default();
        // A year-less date takes the report's year here; upstream picks the
        // nearest past or future date, so compare month and day then. Upstream
        // marks an impossible date (2月30日) as 0001-01-01: we give no date.
        let ok = if want.iter().all(|w| w.starts_with("0001")) {
            got_date.is_empty()
        } else if timex.starts_with("XXXX") {
            want.iter().any(|w| w.get(4..) == got_date.get(4..))
        } else {
            want.contains(&got_date.as_str())
        };
        t.check(ok, format!("{input}: {got_date} ∉ {want:?}"));
    }
    eprintln!("{}", t.report("date.jsonl"));
    assert!(t.rate() >= 0.95, "{}", t.report("date.jsonl"));
}

/// Month and year periods of dateperiod.jsonl in the forms of reports:
/// 2018年10月, 2008年十二月, relative months (去年5月, 明年四月) and two-digit
/// years (07年, 08年). The other periods (weeks, seasons, spans of days,
/// 上个月, 最近三年 …) are skipped: the date and date-range tests cover the
/// ones reports use.
#[test]
fn month_and_year_periods() {
    let form = regex::Regex::new(
        r"^(?:(?:去年|明年|今年|上年)?(?:[0-9]{4}年)?[0-9一二三四五六七八九十]{1,2}月份?|0[0-9]年|(?:去年|明年|今年)[0-9一二三四五六七八九十]{1,2}月)$",
    )
    .unwrap();
    let mut t = Tally::default();
    for case in cases("dateperiod.jsonl") {
        let input = case["input"].as_str().unwrap_or_default();
        let year: Option<i32> = case["context"].as_str().and_then(|c| c.get(..4)?.parse().ok());
        let Some(r) = case["results"].as_array().and_then(|r| r.first()) else { continue };
        let text = r["text"].as_str().unwrap_or_default();
        let timex = r["value"]["Timex"].as_str().unwrap_or_default();
        if !form.is_match(text) {
            t.skip("weeks, seasons, spans of days and other periods");
            continue;
        }
        let got = extract(input, year.or(Some(2017)))
            .into_iter()
            .find(|m| m.text == text)
            .and_then(|m| m.date_start)
            .map(|d| d.to_string())
            .unwrap_or_default();
        t.check(got.starts_with(timex), format!("{input}: {got} ≠ {timex}"));
    }
    eprintln!("{}", t.report("dateperiod.jsonl"));
    assert!(t.pass >= 8 && t.rate() >= 0.95, "{}", t.report("dateperiod.jsonl"));
}
