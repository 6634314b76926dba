//! Which tasks are in trouble, and why.
//!
//! Three kinds of evidence, from strongest to weakest: an explicit, labelled
//! 存在问题 section in the progress text; a status that says the task is behind
//! or only partly on track; and setback phrases (滞后, 推迟, 受…影响 …) in the
//! narrative. The vocabulary lives in `dictionaries/problems.txt`.

use super::bounds::{floor_char, phrase_end, sentence_end, CharOffsets, LastBefore, NextAfter};
use super::Field;
use crate::structure::{StatusCode, Task};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Serialize;
use std::collections::HashSet;

const BUILTIN: &str = include_str!("../../dictionaries/problems.txt");

/// How a problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A labelled problem section: 存在问题：…
    Explicit,
    /// The status says the task is behind, partly on track or re-planned.
    Status,
    /// A setback phrase without a label: 滞后, 推迟, 受…影响 …
    Implicit,
    /// A level target behind the calendar, or a target missed (targets.csv).
    Pace,
    /// A deadline passed without the work done (deadlines.csv).
    Deadline,
}

csv_names!(ProblemKind {
    Explicit => "explicit",
    Status => "status",
    Implicit => "implicit",
    Pace => "pace",
    Deadline => "deadline",
});

/// A problem found in a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// How it was found.
    pub kind: ProblemKind,
    /// The label, status or phrase that triggered it.
    pub trigger: String,
    /// The problem text: the section after the label, or the sentence with the
    /// phrase; empty for a status.
    pub text: String,
    /// Character offset of `text` in the task's progress (None for a status).
    pub start: Option<usize>,
    /// Character offset just past `text` (None for a status).
    pub end: Option<usize>,
    /// The text the offsets are in: the progress, or the problems column.
    pub field: Field,
}

/// Finds problems in tasks. Build it once and reuse it: it compiles the
/// dictionary into automata.
///
/// # Examples
///
/// ```
/// use jinzhan::extract::{ProblemDetector, ProblemKind};
///
/// let detector = ProblemDetector::new();
/// let found = detector.detect_text("已完成招标。\n存在问题：\n受台风影响，工期延误。\n下一步：加快施工。");
/// assert_eq!(found[0].kind, ProblemKind::Explicit);
/// assert_eq!(found[0].text, "受台风影响，工期延误。");
/// // Phrases inside the explicit section are not repeated as implicit problems,
/// // and a negated phrase is harmless.
/// assert_eq!(found.len(), 1);
/// assert!(detector.detect_text("工程按期推进，没有延误。").is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct ProblemDetector {
    labels: Vec<String>,
    ends: Vec<String>,
    /// Phrases and the left parts of pairs, matched in one pass.
    phrases: AhoCorasick,
    /// For each pattern: its trigger and, for a pair, the right part.
    patterns: Vec<(String, Option<String>)>,
    negations: Vec<String>,
}

impl Default for ProblemDetector {
    fn default() -> Self {
        ProblemDetector::from_dictionary("problems.txt", BUILTIN)
            .expect("the built-in problem dictionary compiles (tested)")
    }
}

impl ProblemDetector {
    /// A detector with the built-in vocabulary.
    pub fn new() -> ProblemDetector {
        ProblemDetector::default()
    }

    /// A detector with the vocabulary in `text` (the format of
    /// `dictionaries/problems.txt`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Dictionary`](crate::ErrorKind::Dictionary) when the phrases
    /// cannot be compiled into an automaton.
    pub fn from_dictionary(name: &str, text: &str) -> crate::Result<ProblemDetector> {
        let mut section = "";
        let (mut labels, mut ends, mut negations) = (Vec::new(), Vec::new(), Vec::new());
        let mut patterns: Vec<(String, Option<String>)> = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                section = line;
                continue;
            }
            match section {
                "[labels]" => labels.push(line.to_string()),
                "[ends]" => ends.push(line.to_string()),
                "[negations]" => negations.push(line.to_string()),
                _ => match line.split_once('…') {
                    Some((left, right)) => patterns.push((left.to_string(), Some(right.to_string()))),
                    None => patterns.push((line.to_string(), None)),
                },
            }
        }
        // Longest labels first, so 存在的问题 wins over a shorter label.
        labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
        ends.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let phrases = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns.iter().map(|(p, _)| p))
            .map_err(|e| {
                crate::Error::with_source(crate::ErrorKind::Dictionary { name: name.to_string(), line: 0 }, e)
            })?;
        Ok(ProblemDetector { labels, ends, phrases, patterns, negations })
    }

    /// All problems of a task: the explicit sections (of the progress text,
    /// then the task's problems column or label), the status, then the
    /// implicit phrases, each once.
    pub fn detect(&self, task: &Task) -> Vec<Problem> {
        let mut found = self.detect_text(&task.progress);
        if let Some(text) = task.problems.as_deref() {
            let at = found.iter().take_while(|p| p.kind == ProblemKind::Explicit).count();
            found.insert(
                at,
                Problem {
                    kind: ProblemKind::Explicit,
                    trigger: task.problems_label.clone().unwrap_or_else(|| "存在问题".into()),
                    text: text.to_string(),
                    start: Some(0),
                    end: Some(text.chars().count()),
                    field: Field::Problems,
                },
            );
        }
        if let Some(status) = &task.status {
            if matches!(status.code, StatusCode::Behind | StatusCode::MostlyOnTrack | StatusCode::Adjusted)
                || status.behind_schedule
            {
                let at = found.iter().take_while(|p| p.kind == ProblemKind::Explicit).count();
                found.insert(
                    at,
                    Problem {
                        kind: ProblemKind::Status,
                        trigger: status.text.clone(),
                        text: String::new(),
                        start: None,
                        end: None,
                        field: Field::Progress,
                    },
                );
            }
        }
        found
    }

    /// Problems in a progress text: explicit sections, then implicit phrases
    /// outside them.
    pub fn detect_text(&self, progress: &str) -> Vec<Problem> {
        let mut found = self.explicit(progress);
        let covered: Vec<(usize, usize)> = found.iter().filter_map(|p| Some((p.start?, p.end?))).collect();
        found.extend(self.implicit(progress, &covered));
        found
    }

    /// Labelled sections: a label at the start of a line (after an optional
    /// list number), followed by ：/: or the end of the line.
    fn explicit(&self, text: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut offset = 0;
        let lines: Vec<(usize, &str)> = text
            .split('\n')
            .map(|l| {
                let at = offset;
                offset += l.len() + 1;
                (at, l)
            })
            .collect();
        let mut i = 0;
        while let Some(&(at, line)) = lines.get(i) {
            i += 1;
            let Some((label, body_at)) = label_at(line, &self.labels) else {
                continue;
            };
            // The section runs to the next end label (or problem label) at a line start.
            let mut end = text.len();
            while let Some(&(next_at, next)) = lines.get(i) {
                if label_at(next, &self.ends).is_some() || label_at(next, &self.labels).is_some() {
                    end = next_at;
                    break;
                }
                i += 1;
            }
            let start = at + body_at;
            let body = text.get(start..end.max(start)).unwrap_or_default();
            let trimmed = body.trim();
            let lead = body.len() - body.trim_start().len();
            let (s, e) = (start + lead, start + lead + trimmed.len());
            out.push(Problem {
                kind: ProblemKind::Explicit,
                trigger: label.to_string(),
                text: trimmed.to_string(),
                start: Some(char_offset(text, s)),
                end: Some(char_offset(text, e)),
                field: Field::Progress,
            });
        }
        out
    }

    /// Setback phrases outside `covered` (char spans), each sentence once.
    /// The hits come in text order, so every boundary and offset is found
    /// with one pass over the text (a long text without punctuation stays linear).
    fn implicit(&self, text: &str, covered: &[(usize, usize)]) -> Vec<Problem> {
        let mut out: Vec<Problem> = Vec::new();
        let mut starts: HashSet<usize> = HashSet::new();
        let mut clause_ends = NextAfter::new(text, phrase_end);
        let mut clause_starts = LastBefore::new(text, phrase_end);
        let mut sentence_starts = LastBefore::new(text, sentence_end);
        let mut sentence_ends = NextAfter::new(text, sentence_end);
        let mut opened = LastBefore::new(text, |c| c == '《');
        let mut closed = LastBefore::new(text, |c| c == '》');
        let (mut at_start, mut at_end, mut at_hit) =
            (CharOffsets::default(), CharOffsets::default(), CharOffsets::default());
        for m in self.phrases.find_iter(text) {
            let Some((trigger, right)) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            // The right part of a pair is at most 15 characters on, in the same clause.
            let clause_end = clause_ends.after(m.end());
            let after = text
                .get(m.end()..clause_end.min(floor_char(text, m.end() + 64 + 4 * 15)))
                .unwrap_or_default();
            let (hit_end, shown) = match right {
                Some(r) => match after.find(r.as_str()) {
                    Some(k) if after.get(..k).is_some_and(|gap| gap.chars().count() <= 15) => {
                        (m.end() + k + r.len(), format!("{trigger}…{r}"))
                    }
                    _ => continue,
                },
                None => (m.end(), trigger.clone()),
            };
            let clause_before = text.get(clause_starts.start(m.start())..m.start()).unwrap_or_default();
            let in_title = opened
                .before(m.start())
                .is_some_and(|(o, _)| closed.before(m.start()).is_none_or(|(c, _)| c < o));
            if in_title || self.harmless(text, clause_before, m.start(), hit_end) {
                continue;
            }
            let s_start = sentence_starts.start(m.start());
            // The sentence ends after its final punctuation (a line break is not kept).
            let stop = sentence_ends.after(hit_end);
            let s_end = stop
                + text
                    .get(stop..)
                    .and_then(|r| r.chars().next())
                    .filter(|c| *c != '\n')
                    .map_or(0, char::len_utf8);
            let (start, end) = (at_start.char_at(text, s_start), at_end.char_at(text, s_end));
            let at = at_hit.char_at(text, m.start());
            let inside = covered.iter().any(|&(a, b)| at >= a && at < b);
            if inside || !starts.insert(start) {
                continue;
            }
            out.push(Problem {
                kind: ProblemKind::Implicit,
                trigger: shown,
                text: text.get(s_start..s_end).unwrap_or_default().trim().to_string(),
                start: Some(start),
                end: Some(end),
                field: Field::Progress,
            });
        }
        out
    }

    /// A hit is harmless when negated (没有延误), part of 无法律, describes
    /// something else (受…影响的企业, 难以支出的资金), or is reversed (扭转);
    /// `clause_before` is its clause up to the hit.
    fn harmless(&self, text: &str, clause_before: &str, start: usize, end: usize) -> bool {
        let tail = |n: usize| {
            let from = clause_before.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
            clause_before.get(from..).unwrap_or_default()
        };
        let near = tail(4);
        let hit = text.get(start..end).unwrap_or_default();
        let after = text.get(end..).unwrap_or_default();
        // 受…影响的状况, 难以支出的资金: the phrase describes a noun, not the task.
        let attributive = if hit.starts_with('受') {
            after.starts_with('的')
        } else {
            after.chars().take(3).any(|c| c == '的') && !after.starts_with("的问题")
        };
        self.negations.iter().any(|n| near.contains(n.as_str()))
            || attributive
            || (hit == "无法" && after.starts_with('律'))
            || tail(40).contains("扭转")
    }
}

/// A label at the start of `line` (after white space and an optional list
/// number such as 三、 or （二）), followed by ：/: or the end of the line.
/// Returns the label and the byte offset of the text after it.
fn label_at<'a>(line: &str, labels: &'a [String]) -> Option<(&'a str, usize)> {
    let trimmed = line.trim_start();
    let mut rest = trimmed;
    if let Some((num, after)) = rest.split_once(['、', '）', ')']) {
        let numeral = num.trim_start_matches(['（', '(']);
        if !numeral.is_empty()
            && numeral.chars().count() <= 3
            && numeral.chars().all(|c| "一二三四五六七八九十0123456789".contains(c))
        {
            rest = after;
        }
    }
    let label = labels.iter().find(|l| rest.starts_with(l.as_str()))?;
    let after = rest.get(label.len()..)?;
    let body = after.strip_prefix(['：', ':']);
    if body.is_none() && !after.trim().is_empty() {
        return None;
    }
    let consumed = line.len() - body.unwrap_or(after).len();
    Some((label.as_str(), consumed))
}

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |t| t.chars().count())
}

/// How serious a task's problems are, lower is worse: behind, an explicit
/// problem section, a missed deadline or target, a setback phrase, partly on
/// track. The flagged-task lists (`jinzhan problems`, the dashboard) sort by it.
pub fn severity(task: &Task, problems: &[Problem]) -> u8 {
    let behind = task.status.as_ref().is_some_and(|s| s.behind_schedule || s.code == StatusCode::Behind);
    let has = |k| problems.iter().any(|p| p.kind == k);
    if behind {
        0
    } else if has(ProblemKind::Explicit) {
        1
    } else if has(ProblemKind::Deadline) || has(ProblemKind::Pace) {
        2
    } else if has(ProblemKind::Implicit) {
        3
    } else {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(ProblemKind, String, String)> {
        ProblemDetector::new().detect_text(text).into_iter().map(|p| (p.kind, p.trigger, p.text)).collect()
    }

    #[test]
    fn explicit_sections() {
        use ProblemKind::*;
        let s = |k, t: &str, x: &str| (k, t.to_string(), x.to_string());
        assert_eq!(kinds("存在问题：资金不到位。"), [s(Explicit, "存在问题", "资金不到位。")]);
        assert_eq!(
            kinds("进展顺利。\n存在的问题\n（1）用地指标紧张。\n（2）资金缺口大。\n下一步工作：\n加快推进。"),
            [s(Explicit, "存在的问题", "（1）用地指标紧张。\n（2）资金缺口大。")]
        );
        assert_eq!(kinds("三、存在问题：人员不足。"), [s(Explicit, "存在问题", "人员不足。")]);
        // Sentences that merely contain the words are not sections.
        for text in [
            "并对考评存在问题落实整改意见和提出进一步做好考评工作要求。",
            "总结研究支出管理存在问题及改进措施。",
            "解决同业竞争等各项存在问题。",
            "存在问题较多的单位已约谈。",
        ] {
            assert!(kinds(text).iter().all(|k| k.0 != Explicit), "{text}");
        }
    }

    #[test]
    fn explicit_offsets_are_char_offsets() {
        let text = "已完成。\n存在问题：工期延误。";
        let p = &ProblemDetector::new().detect_text(text)[0];
        let slice: String =
            text.chars().skip(p.start.unwrap()).take(p.end.unwrap() - p.start.unwrap()).collect();
        assert_eq!(slice, p.text);
        assert_eq!((p.start, p.end), (Some(10), Some(15)));
    }

    #[test]
    fn implicit_phrases() {
        use ProblemKind::Implicit;
        let hits = |t: &str| {
            kinds(t).into_iter().filter(|k| k.0 == Implicit).map(|k| (k.1, k.2)).collect::<Vec<_>>()
        };
        let h = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(hits("主体完工。项目进度滞后约110天。"), [h("滞后", "项目进度滞后约110天。")]);
        assert_eq!(
            hits("同时受到强台风影响导致施工时间延长，"),
            [h("受…影响", "同时受到强台风影响导致施工时间延长，")]
        );
        for harmless in [
            "工程按期推进，没有延误。",
            "落实措施防止工期延误。",
            "了解非公有制企业受贸易保护主义影响的状况和困难。",
            "对于确无需支出或本年内难以支出的项目资金收回。",
            "印发《关于解决无法登记问题的通知》。",
            "处理无法律依据的收费。",
            "成功扭转工业投资停滞局面。",
        ] {
            assert!(hits(harmless).is_empty(), "{harmless}: {:?}", hits(harmless));
        }
    }
}
