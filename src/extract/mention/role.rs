//! What each figure is: an actual, a plan, a target, a forecast, a part of
//! the figure before it (其中), the base of a comparison, or other.
//!
//! Cues come from `dictionaries/mention_words.txt` and are looked for in
//! three stretches before the figure, nearest first: after the previous
//! figure in its clause, the clause, the sentence. In a stretch a plan,
//! target or forecast cue outweighs an actual one (计划完成 is a plan); a
//! stretch without any cue passes to the next; with none at all the field
//! decides (a progress figure is an actual, a task figure a target).

use super::words::{Cue, WORDS};
use super::{Mention, MentionKind};
use crate::extract::bounds::{clause_end, floor_char, sentence_end};
use crate::extract::Field;
use aho_corasick::AhoCorasick;
use serde::Serialize;
use std::sync::LazyLock;

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Done or reached: 完成, 实现, 累计, 已 … (a progress figure by default).
    Actual,
    /// Planned: 计划, 拟, a project's 总投资.
    Plan,
    /// To be reached: 目标, 力争, 确保, 任务 (a task figure by default).
    Target,
    /// Expected: 预计, 预期.
    Forecast,
    /// A part of the figure before it, in a 其中 clause (see `part_of`).
    Part,
    /// The base of a comparison: 上年同期, 去年末 ….
    Comparison,
    /// None of these (a date, a figure in a stated problem).
    #[default]
    Other,
}

csv_names!(Role {
    Actual => "actual",
    Plan => "plan",
    Target => "target",
    Forecast => "forecast",
    Part => "part",
    Comparison => "comparison",
    Other => "other",
});

fn is_date(m: &Mention) -> bool {
    matches!(m.kind, MentionKind::Date | MentionKind::DateRange)
}

/// How far back, in bytes, cues and the whole of a part are looked for
/// (about 200 characters): a long text without punctuation stays linear.
const REACH: usize = 600;

/// The byte just past the last boundary before `at` in `text`, at most
/// [`REACH`] bytes back.
fn start_of(text: &str, at: usize, end: fn(char) -> bool) -> usize {
    let floor = floor_char(text, at.saturating_sub(REACH));
    let window = text.get(floor..at).unwrap_or_default();
    floor + window.char_indices().rfind(|&(_, c)| end(c)).map_or(0, |(i, c)| i + c.len_utf8())
}

/// The last position at which any of `words` ends in `stretch`.
fn last_cue(stretch: &str, words: &[&str]) -> Option<usize> {
    words.iter().filter_map(|w| stretch.rfind(w).map(|i| i + w.len())).max()
}

/// The cue words of `mention_words.txt`, in the order of `WORDS.role_cues`.
static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(WORDS.role_cues.iter().map(|c| c.word)).expect("the cue words build an automaton")
});

/// The role the cues of `stretch` give a figure in `field`, if any cue
/// (`far`: the stretch runs from the start of the sentence, where only the
/// cues marked far count).
fn cued(stretch: &str, m: &Mention, field: Field, far: bool) -> Option<Role> {
    // Every cue occurrence: (end, length, cue); the last one decides, a
    // longer one winning at the same end (已争取 over 争取).
    // One pass of an automaton over all the cue words (overlapping: 已争取
    // and 争取 both count).
    let mut found: Vec<(usize, usize, Cue)> = CUES
        .find_overlapping_iter(stretch)
        .filter_map(|hit| Some((hit.end(), hit.len(), *WORDS.role_cues.get(hit.pattern().as_usize())?)))
        // In a task's text an actual verb states the target itself.
        .filter(|(_, _, c)| (!far || c.far) && !(field == Field::Task && c.role == Role::Actual))
        .collect();
    found.sort_by_key(|&(end, len, _)| (end, len));
    let &(end, len, last) = found.last()?;
    // The cues before the last one, not inside it (争取 in 已争取).
    let before = |pred: &dyn Fn(&Cue) -> bool| {
        found.iter().rev().filter(|f| f.0 <= end - len).map(|f| f.2).find(|c| pred(c))
    };
    let role = match last.role {
        // 计划完成, 力争实现: the modal verb before governs the actual verb.
        Role::Actual => before(&|c| c.governs).map_or(Role::Actual, |c| c.role),
        // 完成…任务3项: a noun cue after an actual verb is its object.
        _ if !last.governs && before(&|c| c.role == Role::Actual).is_some() => Role::Actual,
        role => role,
    };
    // 完成计划的75%, 占年度任务的60%: the actual share of a plan.
    let share = matches!(m.kind, MentionKind::Percent | MentionKind::Ratio) && stretch.ends_with('的');
    // In a task's text 计划 and 拟 state the target.
    Some(match role {
        Role::Plan | Role::Target if share && field != Field::Task => Role::Actual,
        Role::Plan if field == Field::Task && last.governs => Role::Target,
        role => role,
    })
}

/// Sets `role` and `part_of` of every mention of `text` (found in `field`).
pub(super) fn assign(text: &str, mentions: &mut [Mention], field: Field) {
    let default = match field {
        Field::Task => Role::Target,
        Field::Progress => Role::Actual,
        Field::Problems | Field::Deadline => Role::Other,
    };
    for i in 0..mentions.len() {
        let Some(m) = mentions.get(i) else { continue };
        if is_date(m) {
            continue;
        }
        let at = m.byte_start;
        let sentence = start_of(text, at, sentence_end);
        let clause = start_of(text, at, clause_end).max(sentence);
        // After the previous figure (a date between does not cut: 力争全年新增).
        let previous = mentions.get(..i).unwrap_or_default().iter().rev().find(|p| !is_date(p));
        let prev_end = previous.map_or(0, |p| p.byte_end);
        let lead = text.get(clause.max(prev_end).min(at)..at).unwrap_or_default();
        let (mut role, mut part_of) = (None, None);
        // 其中: a part of the last figure of the same kind and unit before it,
        // in its sentence or the one before; only amounts add up to a whole
        // (a rate is not part of a rate).
        let additive =
            !matches!(m.kind, MentionKind::Percent | MentionKind::PercentPoint | MentionKind::Ratio);
        let part_at = text.get(sentence..at).and_then(|s| s.rfind("其中")).filter(|_| additive);
        if let Some(p) = part_at.map(|k| sentence + k) {
            let from = start_of(text, sentence.saturating_sub(1), sentence_end);
            let before = mentions.get(..i).unwrap_or_default().iter().enumerate().rev();
            part_of = before.take_while(|(_, w)| w.byte_start >= from).find_map(|(j, w)| {
                let whole = w.byte_end <= p && w.kind == m.kind && w.unit == m.unit && w.role != Role::Part;
                whole.then_some(j)
            });
            role = part_of.map(|_| Role::Part);
        }
        // 上年同期为80亿元 is the base; 比上年同期上涨2.7% the change.
        let near = text
            .get(floor_char(text, at.saturating_sub(36)).max(clause.max(prev_end).min(at))..at)
            .unwrap_or_default();
        let base = last_cue(near, &WORDS.role_base).is_some() && !lead.contains(['比', '较']);
        if role.is_none() && m.direction.is_none() && base {
            role = Some(Role::Comparison);
        }
        // 分别完成年度任务的104.8%、103.3%: a figure listed after another shares its role.
        let listed = !lead.is_empty() && lead.chars().all(|c| "、和及与 ".contains(c));
        // 超10亿元项目, 1000-2000万元企业: a size class, not an amount.
        let after = text.get(m.byte_end..).unwrap_or_default();
        let after = after.trim_start_matches("以上").trim_start_matches("以下");
        let class =
            m.kind == MentionKind::Money && ["项目", "企业", "级"].iter().any(|w| after.starts_with(w));
        if class {
            role = Some(Role::Other);
            part_of = None;
        }
        // 占计划的75%124个: the cue before a share belongs to the share.
        let share_before = previous.is_some_and(|p| {
            matches!(p.kind, MentionKind::Percent | MentionKind::Ratio)
                && p.byte_start >= clause
                && text.get(..p.byte_start).is_some_and(|b| b.ends_with('的'))
        });
        let (clause, sentence) =
            if share_before { (prev_end.min(at), prev_end.min(at)) } else { (clause, sentence) };
        let role = role
            .or_else(|| previous.map(|p| p.role).filter(|_| listed))
            .or_else(|| cued(lead, m, field, false))
            .or_else(|| cued(text.get(clause..at).unwrap_or_default(), m, field, false))
            .or_else(|| cued(text.get(sentence..at).unwrap_or_default(), m, field, true))
            .unwrap_or(default);
        if let Some(m) = mentions.get_mut(i) {
            m.role = role;
            m.part_of = part_of;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::MentionExtractor;

    fn roles(text: &str, field: Field) -> Vec<(String, &'static str, Option<usize>)> {
        MentionExtractor::new()
            .year(Some(2018))
            .extract_in(text, field)
            .into_iter()
            .filter(|m| !is_date(m))
            .map(|m| (m.text, m.role.as_str(), m.part_of))
            .collect()
    }

    fn one(text: &str, mention: &str, field: Field) -> &'static str {
        roles(text, field).into_iter().find(|(t, _, _)| t == mention).map_or("missing", |r| r.1)
    }

    #[test]
    fn roles_of_progress_figures() {
        let p = Field::Progress;
        for (text, mention, role) in [
            ("1-9月完成投资300亿元，同比增长10%。", "300亿元", "actual"),
            ("1-9月完成投资300亿元，同比增长10%。", "10%", "actual"),
            ("全市规模以上工业增加值791.9亿元。", "791.9亿元", "actual"),
            ("项目总投资50亿元，已完成投资20亿元。", "50亿元", "plan"),
            ("项目总投资50亿元，已完成投资20亿元。", "20亿元", "actual"),
            ("计划投资50亿元的项目今年已完成投资20亿元。", "50亿元", "plan"),
            ("计划投资50亿元的项目今年已完成投资20亿元。", "20亿元", "actual"),
            ("计划完成造林1.2万亩。", "1.2万亩", "plan"),
            ("拟安排资金3000万元。", "3000万元", "plan"),
            ("力争全年新增就业4.5万人，失业率控制在3%以内。", "4.5万人", "target"),
            ("力争全年新增就业4.5万人，失业率控制在3%以内。", "3%", "target"),
            ("预计全年完成投资500亿元，同比增长12%。", "500亿元", "forecast"),
            ("预计全年完成投资500亿元，同比增长12%。", "12%", "forecast"),
            ("1-9月完成300亿元，预计全年完成420亿元。", "300亿元", "actual"),
            ("1-9月完成300亿元，预计全年完成420亿元。", "420亿元", "forecast"),
            ("已完成年度计划的75%。", "75%", "actual"),
            ("完成投资40亿元，占年度任务的80%。", "80%", "actual"),
            ("年度目标任务50亿元，完成40亿元。", "50亿元", "target"),
            ("年度目标任务50亿元，完成40亿元。", "40亿元", "actual"),
            ("上年同期为80亿元，今年完成92亿元。", "80亿元", "comparison"),
            ("比去年同期增长15%。", "15%", "actual"),
            ("去年末全市常住人口459.8万人。", "459.8万人", "comparison"),
            ("新引入项目13个，其中超10亿元项目1个。", "10亿元", "other"),
            ("在谈项目52个，投资总额近357.3亿元，其中，投资超10亿元项目9个。", "10亿元", "other"),
            ("遴选1000-2000万元企业作为重点对象。", "1000-2000万元", "other"),
            ("经项目申报、专家评审等环节，安排奖补资金480.31万元。", "480.31万元", "actual"),
            ("分别完成年度任务的104.8%、103.3%、108.3%。", "103.3%", "actual"),
            ("9月份完成医疗卫生保障任务3项。", "3项", "actual"),
            ("累计完成总投资约4000万元。", "4000万元", "actual"),
            ("另外已争取省市协同项目扶持资金200万元。", "200万元", "actual"),
            ("按照要求，奖补11个项目。", "11个", "actual"),
            ("市规划局收到4宗申请。", "4宗", "actual"),
            ("9月比上年同期上涨2.7%。", "2.7%", "actual"),
            ("抓好主体的申报认定，分别对13家农业企业进行了实地核查。", "13家", "plan"),
            ("2018年拟新建城市公共厕所76座，目前已完成58座。", "76座", "plan"),
            ("2018年拟新建城市公共厕所76座，目前已完成58座。", "58座", "actual"),
        ] {
            assert_eq!(one(text, mention, p), role, "{text} {mention}");
        }
    }

    #[test]
    fn parts_name_their_whole() {
        let r = roles("完成投资100亿元，其中基础设施投资40亿元、产业投资60亿元。", Field::Progress);
        assert_eq!(r[0], ("100亿元".into(), "actual", None));
        assert_eq!(r[1], ("40亿元".into(), "part", Some(0)));
        assert_eq!(r[2], ("60亿元".into(), "part", Some(0)));
        // The whole in the sentence before; a part of another unit is not one.
        let r = roles("新建学校10所，招聘教师300人。其中小学6所。", Field::Progress);
        assert_eq!(r[2], ("6所".into(), "part", Some(0)));
        let r = roles("完成投资100亿元，其中新增就业2000人。", Field::Progress);
        assert_eq!(r[1].1, "actual");
    }

    #[test]
    fn task_figures_are_targets_and_problem_figures_other() {
        assert_eq!(one("完成基础设施投资424亿元以上。", "424亿元", Field::Task), "target");
        assert_eq!(one("年度计划投资10亿元，项目总投资50亿元。", "10亿元", Field::Task), "target");
        assert_eq!(one("年度计划投资10亿元，项目总投资50亿元。", "50亿元", Field::Task), "plan");
        assert_eq!(one("资金缺口2000万元。", "2000万元", Field::Problems), "other");
    }
}
