//! What a figure measures: the run of words before it (or after it), from
//! the tokens of its phrase, without times, places and verbs.

use super::words::WORDS;
use crate::extract::number::ascii_digit;
use crate::structure::entries::is_han;
use crate::tokenize::Tokenizer;

/// What `clause` says is measured: the last run of words before the
/// number (`Side::Before`) or the first run after it (`Side::After`),
/// leaving out times, places, verbs, and numbers with their measure words.
pub(super) fn subject(tokenizer: &Tokenizer, clause: &str, side: Side) -> String {
    let clause = clause.trim();
    if clause.is_empty() || !clause.chars().any(is_han) {
        return String::new();
    }
    let tokens = tokenizer.cut(clause);
    let mut keep: Vec<bool> = tokens
        .iter()
        .map(|t| {
            // Brackets belong to a name: 省级以上创新平台（研发机构）.
            let bracket = matches!(t.word, "（" | "）" | "(" | ")");
            bracket
                || !WORDS.subject_drop.contains(t.word)
                    && t.word.chars().any(|c| is_han(c) || c.is_ascii_alphabetic())
        })
        .collect();
    for (k, t) in tokens.iter().enumerate() {
        if t.word.chars().any(|c| ascii_digit(c).is_some()) {
            // 489场: the number and its measure word.
            if let Some(next) =
                keep.get_mut(k + 1).filter(|_| tokens.get(k + 1).is_some_and(|n| n.word.chars().count() == 1))
            {
                *next = false;
            }
        }
    }
    // R&D经费, C++: a symbol between two ASCII words is part of the name.
    let ascii = |k: usize| tokens.get(k).is_some_and(|t| t.word.chars().any(|c| c.is_ascii_alphanumeric()));
    for k in 1..tokens.len() {
        let symbol = tokens[k].word.chars().all(|c| "&+-./#".contains(c));
        if symbol && ascii(k - 1) && (ascii(k + 1) || tokens[k].word == "+") {
            keep[k] = true;
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
            let said =
                |w: &str| w.chars().count() == 1 || w.starts_with(|c| "获被由在经已将把对为是有".contains(c));
            let cut = (a..b).find(|&j| matches!(tokens[j].word, "）" | ")") && said(tokens[j + 1].word));
            (a, cut.unwrap_or(b))
        }),
    };
    let subject =
        span.and_then(|(a, b)| clause.get(tokens.get(a)?.start..tokens.get(b)?.end)).unwrap_or_default();
    balanced(subject, side).to_string()
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
pub(super) enum Side {
    Before,
    After,
}
