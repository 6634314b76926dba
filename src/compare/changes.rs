//! What changed between two paired tasks: status, problems, figures,
//! targets, persons, units and deadlines.

use super::matching::{dice_text, Method, Pair};
use crate::extract::display::{figure, percent};
use crate::extract::{Decimal, MentionKind, Problem, ProblemKind, TaskFindings};
use crate::structure::{StatusCode, Task};

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The status got worse (按进度完成 → ▲未按进度完成).
    Slipped,
    /// A new problem.
    ProblemNew,
    /// A task of the new report without a partner in the old.
    Added,
    /// A task of the old report without a partner in the new.
    Removed,
    /// A target's completion moved or its pace flipped.
    Target,
    /// A deadline's status or date changed.
    Deadline,
    /// The status got better, short of done.
    Recovered,
    /// The task is done now.
    Completed,
    /// Another status change (to or from 计划调整, none …).
    Status,
    /// A problem of the old report is gone.
    ProblemResolved,
    /// A figure of the same subject, kind and unit moved.
    Figure,
    /// The responsible persons changed.
    Person,
    /// The lead or responsible units changed.
    Unit,
}

csv_names!(ChangeKind {
    Added => "added",
    Removed => "removed",
    Slipped => "slipped",
    Recovered => "recovered",
    Completed => "completed",
    Status => "status",
    ProblemNew => "problem_new",
    ProblemResolved => "problem_resolved",
    Figure => "figure",
    Target => "target",
    Person => "person",
    Unit => "unit",
    Deadline => "deadline",
});

/// One change of one task.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// The old task (index in document order), none for `added`.
    pub old: Option<usize>,
    /// The new task (index in document order), none for `removed`.
    pub new: Option<usize>,
    /// What changed.
    pub change: ChangeKind,
    /// The field or the thing that changed: `status`, `persons`, a problem
    /// kind, a figure's subject, a target's metric, a deadline's text.
    pub field: String,
    /// The value before, as written.
    pub old_value: String,
    /// The value after, as written.
    pub new_value: String,
    /// The change in words (+2.78万人，+231.5%), and the pair's doubt.
    pub detail: String,
}

/// How good a status is, for slipped and recovered; none for statuses
/// that are not on the scale (计划调整, other, none).
fn rank(code: StatusCode) -> Option<u8> {
    match code {
        StatusCode::Done => Some(3),
        StatusCode::OnTrack => Some(2),
        StatusCode::MostlyOnTrack => Some(1),
        StatusCode::Behind => Some(0),
        StatusCode::Adjusted | StatusCode::Other | StatusCode::None => None,
    }
}

fn code(t: &Task) -> StatusCode {
    t.status.as_ref().map_or(StatusCode::None, |s| s.code)
}

fn status_text(t: &Task) -> String {
    t.status.as_ref().map_or_else(String::new, |s| s.text.clone())
}

/// The changes of a pair of tasks, in a fixed order: status, problems,
/// figures, targets, persons, units, deadlines.
pub fn changes(pair: &Pair, (a, fa): (&Task, &TaskFindings), (b, fb): (&Task, &TaskFindings)) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |change, field: &str, old_value: String, new_value: String, detail: String| {
        out.push(Change {
            old: Some(pair.old),
            new: Some(pair.new),
            change,
            field: field.to_string(),
            old_value,
            new_value,
            detail,
        });
    };
    // Status.
    let (ca, cb) = (code(a), code(b));
    if ca != cb {
        let kind = match (rank(ca), rank(cb)) {
            (_, Some(3)) => ChangeKind::Completed,
            (Some(x), Some(y)) if y < x => ChangeKind::Slipped,
            (Some(x), Some(y)) if y > x => ChangeKind::Recovered,
            _ => ChangeKind::Status,
        };
        push(kind, "status", status_text(a), status_text(b), format!("{} → {}", ca.as_str(), cb.as_str()));
    }
    // Problems (statuses are the status's change).
    let stated = |f: &TaskFindings| -> Vec<Problem> {
        f.problems.iter().filter(|p| p.kind != ProblemKind::Status).cloned().collect()
    };
    let (pa, pb) = (stated(fa), stated(fb));
    let mut matched_old = vec![false; pa.len()];
    for p in &pb {
        match pa.iter().enumerate().find(|(i, q)| !matched_old[*i] && same_problem(q, p)) {
            Some((i, _)) => matched_old[i] = true,
            None => push(
                ChangeKind::ProblemNew,
                p.kind.as_str(),
                String::new(),
                p.text.clone(),
                p.trigger.clone(),
            ),
        }
    }
    for (q, _) in pa.iter().zip(&matched_old).filter(|(_, m)| !**m) {
        push(ChangeKind::ProblemResolved, q.kind.as_str(), q.text.clone(), String::new(), q.trigger.clone());
    }
    // Figures of the progress: the same subject, kind and unit, paired in
    // order when both reports have as many of them.
    for (subject, kind, unit, old, new) in figure_pairs(fa, fb) {
        if old != new {
            push(ChangeKind::Figure, &subject, old.to_string(), new.to_string(), moved(kind, unit, old, new));
        }
    }
    // Targets: completion and pace.
    for t in &fb.targets {
        let Some(s) = fa.targets.iter().find(|s| s.metric == t.metric && s.unit == t.unit) else { continue };
        if s.completion != t.completion || s.on_pace != t.on_pace {
            let show = |c: Option<Decimal>| c.map(percent).unwrap_or_default();
            let pace = |p: Option<bool>| p.map_or("unknown", |p| if p { "on pace" } else { "behind pace" });
            push(
                ChangeKind::Target,
                &t.metric,
                s.completion.map(|c| c.to_string()).unwrap_or_default(),
                t.completion.map(|c| c.to_string()).unwrap_or_default(),
                format!(
                    "{} → {}; {} → {}",
                    show(s.completion),
                    show(t.completion),
                    pace(s.on_pace),
                    pace(t.on_pace)
                ),
            );
        }
    }
    // Persons and units, as sets.
    if let Some(detail) = set_change(&a.persons, &b.persons) {
        push(ChangeKind::Person, "persons", a.persons.join("|"), b.persons.join("|"), detail);
    }
    if a.lead_unit != b.lead_unit {
        let (x, y) = (a.lead_unit.clone().unwrap_or_default(), b.lead_unit.clone().unwrap_or_default());
        push(ChangeKind::Unit, "lead_unit", x.clone(), y.clone(), format!("{x} → {y}"));
    }
    if let Some(detail) = set_change(&a.units, &b.units) {
        push(ChangeKind::Unit, "units", a.units.join("|"), b.units.join("|"), detail);
    }
    // Deadlines: the same text, another date or status; a 完成时限 column.
    for d in &fb.deadlines {
        let Some(e) = fa.deadlines.iter().find(|e| e.text == d.text) else { continue };
        if e.status != d.status || e.deadline != d.deadline {
            let date = |x: &crate::extract::Deadline| x.deadline.map(|d| d.to_string()).unwrap_or_default();
            push(
                ChangeKind::Deadline,
                &d.text,
                format!("{} {}", date(e), e.status.as_str()).trim().to_string(),
                format!("{} {}", date(d), d.status.as_str()).trim().to_string(),
                d.evidence.clone(),
            );
        }
    }
    if a.deadline != b.deadline {
        let (x, y) = (a.deadline.clone().unwrap_or_default(), b.deadline.clone().unwrap_or_default());
        push(ChangeKind::Deadline, "deadline", x, y, String::new());
    }
    if pair.method == Method::Doubtful {
        for c in &mut out {
            let note = format!("doubtful match (score {:.2})", pair.score);
            c.detail = if c.detail.is_empty() { note } else { format!("{}; {note}", c.detail) };
        }
    }
    out
}

/// Two problems are one when of the same kind and with a similar trigger
/// for targets and deadlines (their figures move; the target's wording may
/// change), or with similar text.
fn same_problem(a: &Problem, b: &Problem) -> bool {
    let similar = |x: &str, y: &str| x == y || dice_text(x, y) >= 0.6;
    a.kind == b.kind
        && match a.kind {
            ProblemKind::Pace | ProblemKind::Deadline => similar(&a.trigger, &b.trigger),
            _ => a.text == b.text || dice_text(&a.text, &b.text) >= 0.5,
        }
}

type FigurePair = (String, MentionKind, &'static str, Decimal, Decimal);
/// A figure's subject, kind and unit.
type FigureKey = (String, MentionKind, &'static str);

/// The progress figures of both tasks paired by subject, kind and unit.
fn figure_pairs(a: &TaskFindings, b: &TaskFindings) -> Vec<FigurePair> {
    let figures = |f: &TaskFindings| {
        let mut groups: Vec<(FigureKey, Vec<Decimal>)> = Vec::new();
        for m in &f.progress_mentions {
            let (Some(v), false) = (m.value, m.subject.is_empty()) else { continue };
            if matches!(m.kind, MentionKind::Date | MentionKind::DateRange) {
                continue;
            }
            let key = (m.subject.clone(), m.kind, m.unit);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) => values.push(v),
                None => groups.push((key, vec![v])),
            }
        }
        groups
    };
    let (ga, gb) = (figures(a), figures(b));
    let mut out = Vec::new();
    for (key, new) in gb {
        let Some((_, old)) = ga.iter().find(|(k, _)| *k == key) else { continue };
        if old.len() == new.len() {
            for (o, n) in old.iter().zip(&new) {
                out.push((key.0.clone(), key.1, key.2, *o, *n));
            }
        }
    }
    out
}

/// How a figure moved, as a reader writes it: 1.2万人 → 3.98万人（+2.78万人，+231.7%）;
/// a percentage in percentage points.
fn moved(kind: MentionKind, unit: &str, old: Decimal, new: Decimal) -> String {
    let Some(diff) = new.checked_add(-old) else { return String::new() };
    let sign = if diff.is_negative() { "" } else { "+" };
    let shares = matches!(kind, MentionKind::Percent | MentionKind::PercentPoint) || unit == "percent";
    let by = if shares {
        format!("{sign}{}个百分点", diff.checked_div(Decimal::from_int(1), 2).unwrap_or(diff))
    } else {
        let relative = match diff.checked_div(if old.is_negative() { -old } else { old }, 4) {
            Some(r) => format!("，{sign}{}", percent(r)),
            None => String::new(),
        };
        format!("{sign}{}{relative}", figure(diff, unit))
    };
    format!("{} → {}（{by}）", figure(old, unit), figure(new, unit))
}

/// What was added to and removed from a list, when anything was.
fn set_change(old: &[String], new: &[String]) -> Option<String> {
    let added: Vec<&str> = new.iter().filter(|x| !old.contains(x)).map(String::as_str).collect();
    let removed: Vec<&str> = old.iter().filter(|x| !new.contains(x)).map(String::as_str).collect();
    match (added.is_empty(), removed.is_empty()) {
        (true, true) => None,
        _ => Some(
            [("added", added), ("removed", removed)]
                .iter()
                .filter(|(_, l)| !l.is_empty())
                .map(|(w, l)| format!("{w}: {}", l.join("、")))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_move_as_readers_write_them() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            moved(MentionKind::Count, "人", d("12000"), d("39783")),
            "12000人 → 39783人（+27783人，+231.5%）"
        );
        assert_eq!(
            moved(MentionKind::Money, "CNY", d("24916000000"), d("35000000000")),
            "249.16亿元 → 350亿元（+100.84亿元，+40.5%）"
        );
        assert_eq!(moved(MentionKind::Percent, "percent", d("9.7"), d("8.1")), "9.7% → 8.1%（-1.6个百分点）");
    }

    #[test]
    fn lists_as_sets() {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(set_change(&v(&["张三", "李四"]), &v(&["李四", "张三"])), None);
        assert_eq!(set_change(&v(&["张三"]), &v(&["王五"])).unwrap(), "added: 王五; removed: 张三");
    }
}
