//! Which task of one report is which task of the next: sections matched by
//! heading or leader, then tasks within them by the similarity of their
//! text (character bigrams), lead unit and target figures, one to one, best
//! pairs first; tasks left over are matched across sections only when very
//! similar (a task moved to another leader).

use crate::extract::Report;
use crate::structure::{Section, Task};
use std::collections::HashMap;

/// How a pair was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The same task text (and sub-item) in matched sections.
    Exact,
    /// Similar text in matched sections.
    Similar,
    /// Very similar text in another section.
    Moved,
    /// A weak pair (score below [`SIMILAR`]): reported, to be checked by a
    /// person; every change of the pair says so.
    Doubtful,
}

csv_names!(Method { Exact => "exact", Similar => "similar", Moved => "moved", Doubtful => "doubtful" });

/// A pair of at least this score is `similar`; below it, `doubtful`.
pub const SIMILAR: f64 = 0.6;
/// Pairs below this score are not made: the tasks are removed and added.
pub const DOUBTFUL: f64 = 0.4;
/// Tasks of different sections pair only from this score on.
pub const MOVED: f64 = 0.75;

/// One task of the old report paired with one of the new.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The old task's index in document order.
    pub old: usize,
    /// The new task's index in document order.
    pub new: usize,
    /// How alike they are, 0 to 1.
    pub score: f64,
    /// How they were paired.
    pub method: Method,
}

/// The task map of two reports: pairs in the new report's order, and the
/// tasks left unpaired on each side (indices in document order).
#[derive(Debug, Clone, Default)]
pub struct TaskMap {
    /// The pairs, in the new report's order.
    pub pairs: Vec<Pair>,
    /// Old tasks without a pair: removed.
    pub removed: Vec<usize>,
    /// New tasks without a pair: added.
    pub added: Vec<usize>,
}

/// What matching looks at in a task.
struct Key {
    section: usize,
    text: String,
    grams: Vec<u64>,
    lead: Option<String>,
    figures: Vec<String>,
    position: usize,
}

fn keys(report: &Report) -> Vec<Key> {
    let mut section_of: HashMap<*const Section, usize> = HashMap::new();
    for (i, s) in report.document.sections.iter().enumerate() {
        section_of.insert(s as *const Section, i);
    }
    report
        .tasks()
        .enumerate()
        .map(|(position, (s, t, f))| {
            let text = normalized(t);
            let mut figures: Vec<String> =
                f.task_mentions.iter().filter_map(|m| m.value.map(|v| format!("{v}{}", m.unit))).collect();
            figures.sort();
            Key {
                section: section_of.get(&(s as *const Section)).copied().unwrap_or(usize::MAX),
                grams: bigrams(&text),
                text,
                lead: t.lead_unit.clone(),
                figures,
                position,
            }
        })
        .collect()
}

/// The task and its sub-item without punctuation and spaces; for a row
/// that lost its task text (an orphan), the start of its progress.
fn normalized(t: &Task) -> String {
    let mut text = t.task.clone();
    if let Some(sub) = &t.sub_item {
        text.push('|');
        text.push_str(sub);
    }
    if text.trim().is_empty() {
        text = format!("progress|{}", t.progress.chars().take(80).collect::<String>());
    }
    text.chars().filter(|c| c.is_alphanumeric() || *c == '|').collect()
}

/// The character bigrams of a text as a sorted multiset (a one-character
/// text is its own bigram).
fn bigrams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let pair = |a: char, b: char| (u64::from(a) << 32) | u64::from(b);
    let mut grams: Vec<u64> = chars.windows(2).filter_map(|w| Some(pair(*w.first()?, *w.get(1)?))).collect();
    if let [c] = chars.as_slice() {
        grams.push(pair(*c, *c));
    }
    grams.sort_unstable();
    grams
}

/// Dice's coefficient of two bigram multisets, 2|A∩B| / (|A| + |B|),
/// by merging the sorted lists.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f64 / total as f64
}

/// Dice's coefficient of the bigrams of two texts without punctuation.
pub(super) fn dice_text(a: &str, b: &str) -> f64 {
    let clean = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    dice(&bigrams(&clean(a)), &bigrams(&clean(b)))
}

/// How alike two tasks are: mostly their text, a little their lead unit
/// and target figures.
fn score(a: &Key, b: &Key) -> f64 {
    if a.text == b.text {
        return 1.0;
    }
    let text = dice(&a.grams, &b.grams);
    let lead = match (&a.lead, &b.lead) {
        (Some(x), Some(y)) if x == y => 1.0,
        _ => 0.0,
    };
    let figures = if !a.figures.is_empty() && a.figures == b.figures { 1.0 } else { 0.0 };
    (0.85 * text + 0.1 * lead + 0.05 * figures).min(0.99)
}

/// Pairs sections: the same heading, else the same leader, else a similar
/// heading; one to one.
fn match_sections(old: &Report, new: &Report) -> HashMap<usize, usize> {
    let grams = |r: &Report| r.document.sections.iter().map(|s| bigrams(&s.heading)).collect::<Vec<_>>();
    let (ga, gb) = (grams(old), grams(new));
    let mut candidates = Vec::new();
    for ((i, a), x) in old.document.sections.iter().enumerate().zip(&ga) {
        for ((j, b), y) in new.document.sections.iter().enumerate().zip(&gb) {
            let s = if a.heading == b.heading {
                1.0
            } else if a.leader.is_some() && a.leader == b.leader {
                0.9
            } else {
                let d = dice(x, y);
                if d >= 0.6 {
                    d * 0.8
                } else {
                    continue;
                }
            };
            candidates.push((s, i.abs_diff(j), i, j));
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut map = HashMap::new();
    let mut taken = std::collections::HashSet::new();
    for (_, _, i, j) in candidates {
        if !map.contains_key(&i) && taken.insert(j) {
            map.insert(i, j);
        }
    }
    map
}

/// A candidate pair: score, distance in document order, old, new, and
/// whether the tasks are in sections that do not match.
type Candidate = (f64, usize, usize, usize, bool);

/// Takes the candidates best first (then the nearest), each task once.
fn take(pairs: &mut [Candidate], old_pair: &mut [Option<(usize, f64, Method)>], new_taken: &mut [bool]) {
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for &(s, _, i, j, moved) in pairs.iter() {
        if old_pair.get(i).is_some_and(Option::is_none) && new_taken.get(j) == Some(&false) {
            let method = match (moved, s) {
                (true, _) => Method::Moved,
                (false, s) if s >= 1.0 => Method::Exact,
                (false, s) if s >= SIMILAR => Method::Similar,
                _ => Method::Doubtful,
            };
            old_pair[i] = Some((j, s, method));
            new_taken[j] = true;
        }
    }
}

/// The task map of `old` to `new`.
///
/// # Examples
///
/// ```
/// use jinzhan::compare::{match_tasks, Method};
/// use jinzhan::pipeline::Extractor;
///
/// let x = Extractor::new();
/// let old = x.extract("a.txt", "一、甲同志分管工作（共2项）\n\t1\n\t建设污水处理厂。\n\t市水务局\n\t张三\n\t按进度完成。\n进展。\n\t2\n\t新增就业4.5万人。\n\t市人社局\n\t李四\n\t按进度完成。\n进展。\n".as_bytes())?;
/// // Task 1 was dropped: task 2 is now number 1, its text reworded.
/// let new = x.extract("b.txt", "一、甲同志分管工作（共1项）\n\t1\n\t全年新增就业4.5万人。\n\t市人社局\n\t李四\n\t已完成。\n进展。\n".as_bytes())?;
/// let map = match_tasks(&old, &new);
/// assert_eq!((map.pairs[0].old, map.pairs[0].new, map.pairs[0].method), (1, 0, Method::Similar));
/// assert_eq!(map.removed, [0]);
/// # Ok::<(), jinzhan::Error>(())
/// ```
pub fn match_tasks(old: &Report, new: &Report) -> TaskMap {
    let (a, b) = (keys(old), keys(new));
    let sections = match_sections(old, new);
    let mut old_pair: Vec<Option<(usize, f64, Method)>> = vec![None; a.len()];
    let mut new_taken = vec![false; b.len()];
    // Within matched sections; identical texts first so that a repeated text
    // does not steal another's partner.
    let mut by_section: HashMap<usize, Vec<&Key>> = HashMap::new();
    for k in &b {
        by_section.entry(k.section).or_default().push(k);
    }
    let mut pairs = Vec::new();
    for x in &a {
        let Some(section) = sections.get(&x.section) else { continue };
        for y in by_section.get(section).into_iter().flatten() {
            let s = score(x, y);
            if s >= DOUBTFUL {
                pairs.push((s, x.position.abs_diff(y.position), x.position, y.position, false));
            }
        }
    }
    take(&mut pairs, &mut old_pair, &mut new_taken);
    // What is left, across sections, only when very similar.
    let mut pairs = Vec::new();
    for x in a.iter().filter(|x| old_pair[x.position].is_none()) {
        for y in b.iter().filter(|y| !new_taken[y.position]) {
            let s = score(x, y);
            if s >= MOVED {
                let moved = sections.get(&x.section) != Some(&y.section);
                pairs.push((s, x.position.abs_diff(y.position), x.position, y.position, moved));
            }
        }
    }
    take(&mut pairs, &mut old_pair, &mut new_taken);
    let mut map = TaskMap::default();
    for (i, p) in old_pair.iter().enumerate() {
        match p {
            Some((j, score, method)) => {
                map.pairs.push(Pair { old: i, new: *j, score: *score, method: *method })
            }
            None => map.removed.push(i),
        }
    }
    map.pairs.sort_by_key(|p| p.new);
    map.added = (0..b.len()).filter(|j| !new_taken[*j]).collect();
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_of_bigrams() {
        let g = |s: &str| bigrams(s);
        assert_eq!(dice(&g("污水处理厂"), &g("污水处理厂")), 1.0);
        assert_eq!(dice(&g("污水处理"), &g("道路建设")), 0.0);
        // 4 + 5 bigrams, 4 in common.
        assert!((dice(&g("新增就业人"), &g("新增就业人数")) - 8.0 / 9.0).abs() < 1e-9);
        assert_eq!(dice(&g("甲"), &g("甲")), 1.0);
    }
}
