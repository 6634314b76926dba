//! The words that give a report its structure — statuses, column headings,
//! lead-unit notes, list labels — read from `dictionaries/layout.txt` and,
//! optionally, a user's file in the same format.

use super::model::{Status, StatusCode};
use crate::error::{Error, ErrorKind, Result};
use regex::Regex;

const BUILTIN: &str = include_str!("../../dictionaries/layout.txt");

/// What a list-layout label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Task,
    Lead,
    Units,
    Persons,
    Progress,
    Problems,
    Next,
}

/// What a table column holds, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Seq,
    Task,
    Sub,
    Lead,
    Units,
    Cooperating,
    Persons,
    Leader,
    Category,
    Progress,
    Status,
    Problems,
    Next,
    Deadline,
    Remarks,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "seq" => Role::Seq,
            "task" => Role::Task,
            "sub" => Role::Sub,
            "lead" => Role::Lead,
            "units" => Role::Units,
            "cooperating" => Role::Cooperating,
            "persons" => Role::Persons,
            "leader" => Role::Leader,
            "category" => Role::Category,
            "progress" => Role::Progress,
            "status" => Role::Status,
            "problems" => Role::Problems,
            "next" => Role::Next,
            "deadline" => Role::Deadline,
            "remarks" => Role::Remarks,
            _ => return None,
        })
    }
}

/// Statuses, headings and labels.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    /// (phrase, code), longest phrase first.
    statuses: Vec<(String, StatusCode)>,
    /// (value, code) of status columns, longest first.
    status_values: Vec<(String, StatusCode)>,
    /// (heading, role), longest heading first.
    columns: Vec<(String, Role)>,
    /// （牵头单位：X） and its kind; group 1 is the unit.
    pub lead_note: Regex,
    /// A list label followed by a colon; group 1 is the label.
    pub label: Regex,
    /// Section headings, with captures `no`, `title` and optionally `count`.
    headings: Vec<Regex>,
    /// The same patterns as one set, to rule lines out fast.
    any_heading: regex::RegexSet,
    /// Column headings of a text dump (skipped where the header repeats).
    header_set: std::collections::HashSet<String>,
    labels: Vec<(String, Field)>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::from_texts(&[("layout.txt", BUILTIN)])
            .expect("the built-in layout dictionary is valid (tested)")
    }
}

impl Vocabulary {
    /// The built-in vocabulary extended by `text` (a file named `name`).
    pub(crate) fn with_user(name: &str, text: &str) -> Result<Vocabulary> {
        Vocabulary::from_texts(&[("layout.txt", BUILTIN), (name, text)])
    }

    fn from_texts(texts: &[(&str, &str)]) -> Result<Vocabulary> {
        let (mut statuses, mut headers, mut leads, mut labels) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut columns, mut status_values) = (Vec::new(), Vec::new());
        let mut headings: Vec<Regex> = Vec::new();
        for (name, text) in texts {
            let mut section = "";
            for (n, line) in text.lines().enumerate() {
                let bad = || Error::new(ErrorKind::Dictionary { name: name.to_string(), line: n + 1 });
                let line = line.trim_end();
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                if line.starts_with('[') {
                    section = line;
                    continue;
                }
                let (key, value) =
                    line.split_once('\t').map_or((line.trim(), ""), |(k, v)| (k.trim(), v.trim()));
                match section {
                    "[statuses]" => {
                        statuses.push((key.to_string(), StatusCode::parse(value).ok_or_else(bad)?))
                    }
                    "[headers]" => headers.push(key.to_string()),
                    "[columns]" => {
                        columns.push((normalize_heading(key), Role::parse(value).ok_or_else(bad)?));
                        headers.push(key.to_string());
                    }
                    "[status_values]" => {
                        status_values.push((key.to_string(), StatusCode::parse(value).ok_or_else(bad)?))
                    }
                    "[headings]" => {
                        let re = Regex::new(line.trim()).map_err(|e| {
                            Error::with_source(
                                ErrorKind::Dictionary { name: name.to_string(), line: n + 1 },
                                e,
                            )
                        })?;
                        if !["no", "title"].iter().all(|g| re.capture_names().flatten().any(|n| n == *g)) {
                            return Err(bad());
                        }
                        headings.push(re);
                    }
                    "[lead]" => leads.push(regex::escape(key)),
                    "[labels]" => {
                        let field = match value {
                            "lead" => Field::Lead,
                            "units" => Field::Units,
                            "persons" => Field::Persons,
                            "progress" => Field::Progress,
                            "problems" => Field::Problems,
                            "next" => Field::Next,
                            _ => return Err(bad()),
                        };
                        labels.push((key.to_string(), field));
                    }
                    _ => return Err(bad()),
                }
            }
        }
        statuses.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        status_values.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        columns.sort_by_key(|(h, _)| std::cmp::Reverse(h.chars().count()));
        labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        let label_alts: Vec<String> = labels.iter().map(|(l, _)| regex::escape(l)).collect();
        let compile = |pattern: String| {
            Regex::new(&pattern)
                .map_err(|e| Error::with_source(ErrorKind::Dictionary { name: "layout".into(), line: 0 }, e))
        };
        Ok(Vocabulary {
            statuses,
            status_values,
            columns,
            lead_note: compile(format!(r"[（(](?:{})[：:]\s*([^）)]*)[）)]", leads.join("|")))?,
            label: compile(format!(r"({})\s*[：:]", label_alts.join("|")))?,
            labels,
            any_heading: regex::RegexSet::new(headings.iter().map(Regex::as_str)).map_err(|e| {
                Error::with_source(ErrorKind::Dictionary { name: "layout".into(), line: 0 }, e)
            })?,
            header_set: headers.into_iter().collect(),
            headings,
        })
    }

    /// The captures of a section heading (`no`, `title`, `count`), if `line` is one.
    pub(crate) fn heading<'t>(&self, line: &'t str) -> Option<regex::Captures<'t>> {
        if !self.any_heading.is_match(line) {
            return None;
        }
        self.headings.iter().find_map(|r| r.captures(line))
    }

    /// Whether `text` is a column heading of a text dump.
    pub(crate) fn is_header(&self, text: &str) -> bool {
        self.header_set.contains(text)
    }

    /// The role of a column by its heading: exact, else the longest known
    /// heading it ends with, starts with or contains, after dropping
    /// bracketed notes and white space (进展情况（截至9月底） → progress,
    /// 工作任务完成情况 → progress).
    pub(crate) fn role(&self, heading: &str) -> Option<Role> {
        let h = normalize_heading(heading);
        if h.is_empty() || h.chars().count() > 20 {
            return None;
        }
        let find = |f: &dyn Fn(&str) -> bool| self.columns.iter().find(|(k, _)| f(k)).map(|(_, r)| *r);
        find(&|k| k == h)
            .or_else(|| find(&|k| h.ends_with(k)))
            .or_else(|| find(&|k| h.starts_with(k)))
            .or_else(|| find(&|k| h.contains(k)))
    }

    /// The status a status column's cell gives: a value of
    /// `[status_values]` or a phrase of `[statuses]`; with `inverted` (a
    /// 是否滞后 column) 是 means behind and 否 on track.
    pub(crate) fn status_value(&self, text: &str, inverted: bool) -> Option<Status> {
        let t = text.trim().trim_start_matches('▲').trim_end_matches(['。', '.']);
        if t.is_empty() {
            return None;
        }
        let code = match (inverted, t) {
            (true, "是") => Some(StatusCode::Behind),
            (true, "否") => Some(StatusCode::OnTrack),
            _ => self
                .status_values
                .iter()
                .chain(&self.statuses)
                .find(|(v, _)| v == t)
                .or_else(|| {
                    self.statuses.iter().chain(&self.status_values).find(|(v, _)| t.starts_with(v.as_str()))
                })
                .map(|(_, c)| *c),
        };
        let code = if text.trim().starts_with('▲') { Some(StatusCode::Behind) } else { code };
        code.map(|code| Status { text: t.to_string(), code, behind_schedule: code == StatusCode::Behind })
    }

    /// The field a list label introduces.
    pub(crate) fn field(&self, label: &str) -> Field {
        self.labels.iter().find(|(l, _)| l == label).map_or(Field::Progress, |(_, f)| *f)
    }

    /// Reads a status at the start of `line`: the phrase must fill the line or be
    /// followed by punctuation, so that 已完成4.90km堤防填筑 is not a status.
    /// Returns the status and the rest of the line after it.
    pub(crate) fn parse_status<'a>(&self, line: &'a str) -> Option<(Status, &'a str)> {
        let trimmed = line.trim();
        let (marked, body) = match trimmed.strip_prefix('▲') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        for (phrase, code) in &self.statuses {
            let Some(rest) = body.strip_prefix(phrase.as_str()) else { continue };
            let after = rest.trim_start_matches(['。', '.', '；', ';', '，', ',', ' ']);
            if !(rest.is_empty() || after.len() < rest.len()) {
                continue;
            }
            let behind = marked || *code == StatusCode::Behind;
            let code = if marked { StatusCode::Behind } else { *code };
            return Some((Status { text: phrase.clone(), code, behind_schedule: behind }, after));
        }
        None
    }
}

/// A heading without white space and bracketed notes.
pub(crate) fn normalize_heading(heading: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() || depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let t = Vocabulary::default();
        let cases = [
            ("按进度完成。", "按进度完成", StatusCode::OnTrack, false),
            ("基本按进度完成。", "基本按进度完成", StatusCode::MostlyOnTrack, false),
            ("▲未按进度完成。", "未按进度完成", StatusCode::Behind, true),
            ("已完成。", "已完成", StatusCode::Done, false),
            ("计划调整。", "计划调整", StatusCode::Adjusted, false),
            ("滞后", "滞后", StatusCode::Behind, true),
        ];
        for (line, text, code, behind) in cases {
            let (s, rest) = t.parse_status(line).unwrap();
            assert_eq!((s.text.as_str(), s.code, s.behind_schedule), (text, code, behind));
            assert_eq!(rest, "");
        }
        assert!(t.parse_status("已完成4.90km堤防填筑").is_none());
        assert!(t.parse_status("累计完成垦造水田1.23万亩。").is_none());
        let (s, rest) = t.parse_status("已完成。截至9月底完成").unwrap();
        assert_eq!((s.code, rest), (StatusCode::Done, "截至9月底完成"));
    }

    #[test]
    fn column_roles() {
        let v = Vocabulary::default();
        for (h, r) in [
            ("序号", Role::Seq),
            ("重点工作任务", Role::Task),
            ("牵 头 单 位", Role::Lead),
            ("进展情况（截至9月底）", Role::Progress),
            ("2018年1-9月进展情况", Role::Progress),
            ("工作任务完成情况", Role::Progress),
            ("责任单位（列第一位的为牵头单位）", Role::Units),
            ("是否按进度", Role::Status),
            ("存在问题", Role::Problems),
            ("下一步工作计划", Role::Next),
            ("完成时限", Role::Deadline),
            ("分管市领导", Role::Leader),
        ] {
            assert_eq!(v.role(h), Some(r), "{h}");
        }
        assert_eq!(v.role("经办人电话"), None);
        let s = |t: &str, inv| v.status_value(t, inv).map(|s| s.code);
        assert_eq!(s("是", false), Some(StatusCode::OnTrack));
        assert_eq!(s("否", false), Some(StatusCode::Behind));
        assert_eq!(s("是", true), Some(StatusCode::Behind));
        assert_eq!(s("基本按进度完成", false), Some(StatusCode::MostlyOnTrack));
        assert_eq!(s("已完成。", false), Some(StatusCode::Done));
        assert_eq!(s("", false), None);
    }

    #[test]
    fn user_vocabulary() {
        let v = Vocabulary::with_user(
            "my.txt",
            "[statuses]\n推进顺利\ton_track\n[lead]\n主办单位\n[labels]\n工作进展\tprogress\n",
        )
        .unwrap();
        assert_eq!(v.parse_status("推进顺利。").unwrap().0.code, StatusCode::OnTrack);
        assert_eq!(
            v.lead_note.captures("任务（主办单位：市甲局）").unwrap().get(1).unwrap().as_str(),
            "市甲局"
        );
        assert!(v.label.is_match("工作进展：已完成"));
        let bad = Vocabulary::with_user("my.txt", "[statuses]\n推进顺利\tgreat\n").unwrap_err();
        assert!(matches!(bad.kind(), ErrorKind::Dictionary { line: 2, .. }), "{bad}");
    }
}
