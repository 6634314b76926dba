//! Numbers as written in reports: 39783, 1,732,022, ９.７, 1.2万, 3万5千,
//! 一百二十万, 两亿, 二〇二〇, 一点五.

use super::decimal::Decimal;

/// The value of a Chinese digit character, if it is one.
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | 'O' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '倆' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The power of ten of a Chinese multiplier character.
pub(crate) fn cn_multiplier(c: char) -> Option<i32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

/// An ASCII or full-width digit's value.
pub(crate) fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Parses a number as written: Arabic digits (ASCII or full-width, with `,`
/// thousands separators and `.`/`．` decimals), Chinese numerals, and mixed
/// forms. A leading `-`, `−`, `+` or 负 sets the sign.
///
/// # Examples
///
/// ```
/// use jinzhan::extract::parse_number;
///
/// let v = |s| parse_number(s).map(|d| d.to_string());
/// assert_eq!(v("1,732,022").as_deref(), Some("1732022"));
/// assert_eq!(v("1.2万").as_deref(), Some("12000"));
/// assert_eq!(v("3万5千").as_deref(), Some("35000"));
/// assert_eq!(v("一百二十万").as_deref(), Some("1200000"));
/// assert_eq!(v("二〇二〇").as_deref(), Some("2020"));
/// assert_eq!(v("９.７").as_deref(), Some("9.7"));
/// assert_eq!(v("-14").as_deref(), Some("-14"));
/// assert_eq!(v("万一"), None);
/// ```
pub fn parse_number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix(['-', '−', '－']) {
        Some(rest) => (true, rest),
        None => match s.strip_prefix(['负', '負']) {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix(['+', '＋']).unwrap_or(s)),
        },
    };
    // 一千多万, 500余万: the approximation does not change the value.
    let chars: Vec<char> = body
        .chars()
        .enumerate()
        .filter(|&(i, c)| {
            !(matches!(c, '多' | '余')
                && i > 0
                && body.chars().nth(i + 1).is_some_and(|n| cn_multiplier(n).is_some()))
        })
        .map(|(_, c)| if c == '，' { ',' } else { c })
        .collect();
    if chars.is_empty() {
        return None;
    }
    // 两千万点五五四四: the integer part with multipliers, the fraction digit by digit.
    if let Some(point) = chars.iter().position(|c| matches!(c, '点' | '點')) {
        let (int, frac) = chars.split_at(point);
        if int.iter().any(|c| cn_multiplier(*c).is_some()) {
            let int = parse_with_multipliers(int)?;
            let frac = parse_positional(&[&['0', '.'][..], frac.get(1..)?].concat())?;
            let value = int.checked_add(frac)?;
            return Some(if neg { -value } else { value });
        }
    }
    if matches!(chars.first(), Some('万' | '亿' | '萬' | '億')) {
        return None; // 万一, 亿万 are words
    }
    let value = if chars.iter().any(|c| cn_multiplier(*c).is_some()) {
        parse_with_multipliers(&chars)?
    } else {
        parse_positional(&chars)?
    };
    Some(if neg { -value } else { value })
}

/// Digits only (Arabic or Chinese), read positionally: 39783, 二〇二〇, 一点五.
fn parse_positional(chars: &[char]) -> Option<Decimal> {
    let mut text = String::with_capacity(chars.len());
    let mut seen_point = false;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = ascii_digit(c).or_else(|| cn_digit(c)) {
            text.push(char::from_digit(d, 10)?);
        } else if matches!(c, '.' | '．' | '点' | '點') && !seen_point && i > 0 && i + 1 < chars.len() {
            seen_point = true;
            text.push('.');
        } else if matches!(c, ',') && i > 0 {
            // A thousands separator must be followed by exactly three digits.
            let group: Vec<&char> =
                chars.get(i + 1..)?.iter().take_while(|c| ascii_digit(**c).is_some()).collect();
            if group.len() != 3 || seen_point {
                return None;
            }
        } else {
            return None;
        }
    }
    text.parse().ok()
}

/// Numbers with 十百千万亿: 一百二十万, 1.2万, 3万5千, 两亿.
fn parse_with_multipliers(chars: &[char]) -> Option<Decimal> {
    let mut total = Decimal::ZERO; // above 亿
    let mut section = Decimal::ZERO; // below the last 万/亿
    let mut current: Option<Decimal> = None;
    let mut saw_digit = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(p) = cn_multiplier(c) {
            let base = match current.take() {
                // 一万零十二: 零 holds a place, and 十 alone is ten.
                Some(v) if v == Decimal::ZERO && p == 1 => Decimal::from_int(1),
                Some(v) => v,
                None if p < 4 => Decimal::from_int(1),
                None => Decimal::ZERO,
            };
            match p {
                8 => {
                    total = total.checked_add(section)?.checked_add(base)?.scale_pow10(8)?;
                    section = Decimal::ZERO;
                }
                4 => section = section.checked_add(base)?.scale_pow10(4)?,
                _ => section = section.checked_add(base.scale_pow10(p)?)?,
            }
            i += 1;
            continue;
        }
        // A run of digits (Arabic or Chinese) with an optional decimal point.
        let start = i;
        while chars.get(i).is_some_and(|c| {
            ascii_digit(*c).is_some() || cn_digit(*c).is_some() || matches!(c, '.' | '．' | '点' | ',')
        }) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let run = chars.get(start..i)?;
        // 零 inside 一千零五 is a place holder.
        let digits: Vec<char> = if run.len() > 1 && run.first().is_some_and(|c| cn_digit(*c) == Some(0)) {
            run.get(1..)?.to_vec()
        } else {
            run.to_vec()
        };
        current = Some(parse_positional(&digits)?);
        saw_digit = true;
    }
    if !saw_digit && chars.len() > 1 && chars.first() != Some(&'十') {
        return None; // 千万 as a word, not a number
    }
    let mut rest = current.unwrap_or(Decimal::ZERO);
    // 四百五 = 450, 一万三 = 13000: a last digit right after 百/千/万/亿 counts in
    // the next lower place.
    if let [.., mult, last] = chars {
        if let (Some(p), Some(_)) = (cn_multiplier(*mult), cn_digit(*last)) {
            if p >= 2 && cn_digit(*last) != Some(0) {
                let lower = if p == 8 {
                    7
                } else if p == 4 {
                    3
                } else {
                    p - 1
                };
                rest = rest.scale_pow10(lower)?;
                if p >= 4 {
                    // The digit belongs below 万/亿, which already scaled the section.
                    return total.checked_add(section)?.checked_add(rest);
                }
            }
        }
    }
    total.checked_add(section)?.checked_add(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let cases = [
            ("39783", "39783"),
            ("791.9", "791.9"),
            ("1,732,022", "1732022"),
            ("０.１３", "0.13"),
            ("12000", "12000"),
            ("十二", "12"),
            ("十", "10"),
            ("二十", "20"),
            ("一百二十万", "1200000"),
            ("两亿", "200000000"),
            ("三千五百", "3500"),
            ("一千零五", "1005"),
            ("一亿二千万", "120000000"),
            ("一万亿", "1000000000000"),
            ("3万5千", "35000"),
            ("1.2万", "12000"),
            ("31.76万", "317600"),
            ("二〇二〇", "2020"),
            ("一点五", "1.5"),
            ("负5", "-5"),
            ("壹佰", "100"),
            ("四百五", "450"),
            ("两千四百五", "2450"),
            ("一万三", "13000"),
            ("一千陆", "1600"),
            ("九百九", "990"),
            ("一百零五", "105"),
            ("一万零十二", "10012"),
            ("十点二三三", "10.233"),
            ("两千万点五五四四", "20000000.5544"),
            ("一千六点五", "1600.5"),
            ("一千多万", "10000000"),
            ("500余万", "5000000"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_number(input).map(|d| d.to_string()).as_deref(), Some(want), "{input}");
        }
        for bad in ["", "千万", "1,23", "1.2.3", "abc", "万一", "12,34,567"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    fn to_chinese(mut n: u64) -> String {
        // A plain reading of n < 10^12, for the round trip.
        const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn below_wan(n: u64) -> String {
            let mut s = String::new();
            let mut zero = false;
            for (p, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
                let d = (n / p) % 10;
                if d == 0 {
                    zero = !s.is_empty();
                    continue;
                }
                if zero {
                    s.push('零');
                    zero = false;
                }
                s.push(D[d as usize]);
                s.push_str(unit);
            }
            s
        }
        if n == 0 {
            return "零".into();
        }
        let mut out = String::new();
        for (p, unit) in [(100_000_000u64, "亿"), (10_000, "万"), (1, "")] {
            let part = n / p;
            if part > 0 {
                if !out.is_empty() && part < 1000 {
                    out.push('零');
                }
                out.push_str(&below_wan(part));
                out.push_str(unit);
            }
            n %= p;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn chinese_round_trip(n in 0u64..1_000_000_000_000) {
            let text = to_chinese(n);
            proptest::prop_assert_eq!(parse_number(&text).map(|d| d.to_string()), Some(n.to_string()), "{}", text);
        }

        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = parse_number(&s);
        }
    }
}
