use super::model::{Status, StatusCode};

const BUILTIN: &str = include_str!("../../dictionaries/statuses.tsv");

/// The status phrases a progress text may open with.
#[derive(Debug, Clone)]
pub(crate) struct StatusTable {
    /// (phrase, code), longest phrase first.
    phrases: Vec<(String, StatusCode)>,
}

impl Default for StatusTable {
    fn default() -> Self {
        let mut phrases: Vec<(String, StatusCode)> = BUILTIN
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (phrase, code) = l.split_once('\t')?;
                Some((phrase.trim().to_string(), StatusCode::parse(code.trim())?))
            })
            .collect();
        phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        StatusTable { phrases }
    }
}

impl StatusTable {
    /// Reads a status at the start of `line`: the phrase must fill the line or be
    /// followed by punctuation, so that 已完成4.90km堤防填筑 is not a status.
    /// Returns the status and the rest of the line after it.
    pub(crate) fn parse_line<'a>(&self, line: &'a str) -> Option<(Status, &'a str)> {
        let trimmed = line.trim();
        let (marked, body) = match trimmed.strip_prefix('▲') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        for (phrase, code) in &self.phrases {
            let Some(rest) = body.strip_prefix(phrase.as_str()) else {
                continue;
            };
            let after = rest.trim_start_matches(['。', '.', '；', ';', '，', ',', ' ']);
            let ends_phrase = rest.is_empty() || after.len() < rest.len();
            if !ends_phrase {
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
        let t = StatusTable::default();
        let cases = [
            ("按进度完成。", "按进度完成", StatusCode::OnTrack, false),
            ("基本按进度完成。", "基本按进度完成", StatusCode::MostlyOnTrack, false),
            ("▲未按进度完成。", "未按进度完成", StatusCode::Behind, true),
            ("已完成。", "已完成", StatusCode::Done, false),
            ("计划调整。", "计划调整", StatusCode::Adjusted, false),
            ("滞后", "滞后", StatusCode::Behind, true),
        ];
        for (line, text, code, behind) in cases {
            let (s, rest) = t.parse_line(line).unwrap();
            assert_eq!((s.text.as_str(), s.code, s.behind_schedule), (text, code, behind));
            assert_eq!(rest, "");
        }
        assert!(t.parse_line("已完成4.90km堤防填筑").is_none());
        assert!(t.parse_line("累计完成垦造水田1.23万亩。").is_none());
        let (s, rest) = t.parse_line("已完成。截至9月底完成").unwrap();
        assert_eq!((s.code, rest), (StatusCode::Done, "截至9月底完成"));
    }
}
