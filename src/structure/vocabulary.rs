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

/// Statuses, headings and labels.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    /// (phrase, code), longest phrase first.
    statuses: Vec<(String, StatusCode)>,
    /// Column headings.
    pub headers: Vec<String>,
    /// （牵头单位：X） and its kind; group 1 is the unit.
    pub lead_note: Regex,
    /// A list label followed by a colon; group 1 is the label.
    pub label: Regex,
    /// Section headings, with captures `no`, `title` and optionally `count`.
    headings: Vec<Regex>,
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
        labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        let label_alts: Vec<String> = labels.iter().map(|(l, _)| regex::escape(l)).collect();
        let compile = |pattern: String| {
            Regex::new(&pattern)
                .map_err(|e| Error::with_source(ErrorKind::Dictionary { name: "layout".into(), line: 0 }, e))
        };
        Ok(Vocabulary {
            statuses,
            headers,
            lead_note: compile(format!(r"[（(](?:{})[：:]\s*([^）)]*)[）)]", leads.join("|")))?,
            label: compile(format!(r"({})\s*[：:]", label_alts.join("|")))?,
            labels,
            headings,
        })
    }

    /// The captures of a section heading (`no`, `title`, `count`), if `line` is one.
    pub(crate) fn heading<'t>(&self, line: &'t str) -> Option<regex::Captures<'t>> {
        self.headings.iter().find_map(|r| r.captures(line))
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
