//! The words around a figure, as data: `dictionaries/mention_words.txt`.

use super::{Direction, Role};
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
    /// Cues of a figure's role (see `role.rs`).
    pub role_cues: Vec<Cue>,
    /// The bases of a comparison: 上年同期, 去年末 ….
    pub role_base: Vec<&'static str>,
}

/// A word that says what the figures after it are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Cue {
    pub word: &'static str,
    pub role: Role,
    /// A modal verb: the actual verb after it is planned, aimed at or expected.
    pub governs: bool,
    /// Counts from the start of the sentence, not only in the clause.
    pub far: bool,
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
        role_cues: Vec::new(),
        role_base: Vec::new(),
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
            "role_base" => w.role_base.push(line),
            "role_actual" | "role_plan" | "role_size" | "role_target" | "role_forecast" => {
                let role = match section {
                    "role_actual" => Role::Actual,
                    "role_target" => Role::Target,
                    "role_forecast" => Role::Forecast,
                    _ => Role::Plan,
                };
                let (word, flags) = line.split_once('\t').unwrap_or((line, ""));
                let (governs, far) = (flags.contains("governs"), flags.contains("far"));
                w.role_cues.push(Cue { word, role, governs, far });
            }
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
    longest(&mut w.role_base);
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
        let cue = |word: &str| WORDS.role_cues.iter().find(|c| c.word == word).copied();
        assert_eq!(cue("计划"), Some(Cue { word: "计划", role: Role::Plan, governs: true, far: true }));
        assert_eq!(cue("总投资").map(|c| (c.role, c.governs)), Some((Role::Plan, false)));
        assert_eq!(cue("任务").map(|c| (c.role, c.governs)), Some((Role::Target, false)));
        assert_eq!(WORDS.role_base.first(), Some(&"上年同期"));
        // Every section has words: a renamed section would leave one empty.
        let w = &*WORDS;
        for list in [&w.approx_after, &w.date_before, &w.role_base] {
            assert!(!list.is_empty());
        }
        for role in [Role::Actual, Role::Plan, Role::Target, Role::Forecast] {
            assert!(w.role_cues.iter().any(|c| c.role == role), "{role:?}");
        }
        assert!(!w.qualifiers.is_empty());
    }
}
