//! The words around a figure, as data: `dictionaries/mention_words.txt`.

use super::Direction;
use std::collections::HashSet;
use std::sync::LazyLock;

const TEXT: &str = include_str!("../../../dictionaries/mention_words.txt");

/// The word lists of `mention_words.txt`, each longest first (a match is
/// the most specific one).
pub(super) struct Words {
    /// 约, 超过, 不低于 … before a number.
    pub approx_before: Vec<&'static str>,
    /// 以上, 左右, 余 … after a number or its unit.
    pub approx_after: Vec<&'static str>,
    /// 截至, 截止 … before a date.
    pub date_before: Vec<&'static str>,
    /// 以来, 前, 起 … after a date.
    pub date_after: Vec<&'static str>,
    /// What a number does (同比增长, 完成) with its direction.
    pub qualifiers: Vec<(&'static str, Option<Direction>)>,
    /// Words left out of a subject.
    pub subject_drop: HashSet<&'static str>,
}

/// The built-in lists.
pub(super) static WORDS: LazyLock<Words> = LazyLock::new(|| parse(TEXT));

fn parse(text: &'static str) -> Words {
    let mut w = Words {
        approx_before: Vec::new(),
        approx_after: Vec::new(),
        date_before: Vec::new(),
        date_after: Vec::new(),
        qualifiers: Vec::new(),
        subject_drop: HashSet::new(),
    };
    let mut section = "";
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        match section {
            "approx_before" => w.approx_before.push(line),
            "approx_after" => w.approx_after.push(line),
            "date_before" => w.date_before.push(line),
            "date_after" => w.date_after.push(line),
            "subject_drop" => {
                w.subject_drop.insert(line);
            }
            "qualifiers" => {
                let (word, dir) = line.split_once('\t').unwrap_or((line, "-"));
                let dir = match dir {
                    "up" => Some(Direction::Up),
                    "down" => Some(Direction::Down),
                    _ => None,
                };
                w.qualifiers.push((word, dir));
            }
            _ => {}
        }
    }
    let longest = |v: &mut Vec<&str>| v.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    longest(&mut w.approx_before);
    longest(&mut w.approx_after);
    longest(&mut w.date_before);
    longest(&mut w.date_after);
    w.qualifiers.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_read() {
        assert!(WORDS.approx_before.contains(&"不低于"));
        assert_eq!(WORDS.approx_before.first().map(|s| s.chars().count()), Some(3));
        assert!(WORDS.qualifiers.contains(&("同比下降", Some(Direction::Down))));
        assert!(WORDS.qualifiers.contains(&("累计", None)));
        assert!(WORDS.subject_drop.contains("全市"));
        assert!(WORDS.date_after.contains(&"以来"));
        // Every section has words: a renamed section would leave one empty.
        for n in [w_len(&WORDS.approx_after), w_len(&WORDS.date_before), WORDS.qualifiers.len()] {
            assert!(n > 0);
        }
    }

    fn w_len(v: &[&str]) -> usize {
        v.len()
    }
}
