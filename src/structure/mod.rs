//! Text to [`Document`]: the document header, section headings and task rows.
//!
//! The parser recognises the table-dump layout (see the `table` module docs)
//! and reports every irregularity as a [`Warning`] instead of guessing silently.

pub(crate) mod entries;
mod list;
mod model;
mod table;
mod vocabulary;

pub use model::{Document, Section, Status, StatusCode, Task, Warning, WarningKind};

use regex::Regex;
use std::sync::LazyLock;
use vocabulary::Vocabulary;

static TOTAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(]共\s*([0-9]+)\s*项[）)]$").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)[0-9]{2})\s*年").expect("valid regex"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,2}\s*[-－—~～至]\s*[0-9]{1,2}\s*月|前?[一二三四1-4]季度|前三季度|上半年|下半年|全年|[0-9]{1,2}\s*月(?:份)?)")
        .expect("valid regex")
});
static TITLE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"汇总表|情况表|进展情况|完成情况|通报|报告|工作").expect("valid regex"));

/// Parses progress reports into [`Document`]s.
///
/// # Examples
///
/// ```
/// use jinzhan::{Parser, StatusCode};
///
/// let text = "2019年重点工作1-6月进展情况汇总表\n\
///             一、张三同志分管工作（共1项）\n\
///             \t序号\n\t工作任务\n\t责任单位\n\t责任人\n\t进展情况\n\n\
///             \t1\n\t城镇新增就业4.5万人以上。\n（牵头单位：市人社局）\n\
///             \t市人社局\n\t陈  霞\n\t▲未按进度完成。\n截至6月底，新增就业1.2万人。\n";
/// let doc = Parser::new().parse("demo.txt", text)?;
/// assert_eq!(doc.year, Some(2019));
/// assert_eq!(doc.period.as_deref(), Some("1-6月"));
/// let task = &doc.sections[0].tasks[0];
/// assert_eq!(task.id, "1-1");
/// assert_eq!(task.task, "城镇新增就业4.5万人以上。");
/// assert_eq!(task.lead_unit.as_deref(), Some("市人社局"));
/// assert_eq!(task.persons, ["陈霞"]);
/// let status = task.status.as_ref().unwrap();
/// assert_eq!((status.code, status.behind_schedule), (StatusCode::Behind, true));
/// assert_eq!(task.progress, "截至6月底，新增就业1.2万人。");
/// # Ok::<(), jinzhan::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Parser {
    year: Option<i32>,
    layout: Layout,
    vocabulary: Vocabulary,
}

/// How a report is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// Decide from the text: tab-led cells mean a table.
    #[default]
    Auto,
    /// A table (a text dump of a Word table, a .docx, or a sheet).
    Table,
    /// Numbered paragraphs: 1.任务 / 牵头单位：… / 完成情况：…
    List,
}

impl Parser {
    /// A parser with the built-in status phrases.
    pub fn new() -> Parser {
        Parser::default()
    }

    /// Sets the report's year, overriding the year found in the title.
    pub fn year(mut self, year: Option<i32>) -> Parser {
        self.year = year;
        self
    }

    /// Extends the built-in statuses, headings and labels with a file in the
    /// format of `dictionaries/layout.txt` (`--config FILE`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Dictionary`](crate::ErrorKind::Dictionary) for a line
    /// that is not an entry of its section.
    pub fn vocabulary(mut self, name: &str, text: &str) -> crate::Result<Parser> {
        self.vocabulary = Vocabulary::with_user(name, text)?;
        Ok(self)
    }

    /// Forces the layout instead of detecting it.
    pub fn layout(mut self, layout: Layout) -> Parser {
        self.layout = layout;
        self
    }

    /// Parses decoded text; `source` names the input in the output rows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NoStructure`](crate::ErrorKind::NoStructure) when the text
    /// has no section heading and no task table at all.
    pub fn parse(&self, source: &str, text: &str) -> crate::Result<Document> {
        let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        let heads: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(i, (_, l))| is_heading(&self.vocabulary, l, lines.get(i + 1..).unwrap_or_default()))
            .map(|(i, _)| i)
            .collect();
        let mut doc = Document {
            source: source.to_string(),
            title: None,
            year: self.year,
            period: None,
            declared_total: None,
            sections: Vec::new(),
            warnings: Vec::new(),
        };
        let preamble_end = heads.first().copied().unwrap_or(lines.len());
        let preamble = lines.get(..preamble_end).unwrap_or_default();
        let table = match self.layout {
            Layout::Table => true,
            Layout::List => false,
            Layout::Auto => lines.iter().any(|(_, l)| l.trim_start_matches(' ').starts_with('\t')),
        };
        if heads.is_empty() && (!table || !preamble.iter().any(|(_, l)| l.starts_with('\t'))) {
            return Err(crate::Error::new(crate::ErrorKind::NoStructure));
        }
        let table_start = if heads.is_empty() {
            // A table without section headings: one unnamed section.
            preamble.iter().position(|(_, l)| l.trim_start_matches(' ').starts_with('\t')).unwrap_or(0)
        } else {
            preamble_end
        };
        self.read_header(&mut doc, lines.get(..table_start).unwrap_or_default());

        let mut bounds: Vec<(usize, usize)> = heads.windows(2).map(|w| (w[0], w[1])).collect();
        if let Some(&last) = heads.last() {
            bounds.push((last, lines.len()));
        } else {
            bounds.push((table_start, lines.len()));
        }
        let mut rows_before = 0;
        for (k, (start, end)) in bounds.into_iter().enumerate() {
            let mut section = match lines.get(start) {
                Some(&(n, l)) if !heads.is_empty() => section_from_heading(&self.vocabulary, n, l),
                _ => None,
            }
            .unwrap_or_else(|| Section {
                no: u32::try_from(k + 1).unwrap_or(u32::MAX),
                heading: String::new(),
                leader: None,
                declared_count: None,
                line: lines.get(start).map_or(1, |(n, _)| *n),
                tasks: Vec::new(),
            });
            let body_start = if heads.is_empty() { start } else { start + 1 };
            let body = lines.get(body_start..end).unwrap_or_default();
            if table {
                table::parse_section(&mut section, body, &self.vocabulary, rows_before, &mut doc.warnings);
            } else {
                list::parse_section(&mut section, body, &self.vocabulary, rows_before, &mut doc.warnings);
            }
            rows_before += section.tasks.len();
            check_numbering(&section, &mut doc.warnings);
            doc.sections.push(section);
        }
        Ok(doc)
    }

    fn read_header(&self, doc: &mut Document, lines: &[(usize, &str)]) {
        for &(n, line) in lines {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(c) = TOTAL.captures(line) {
                doc.declared_total = c.get(1).and_then(|m| m.as_str().parse().ok());
            } else if doc.title.is_none() && TITLE_WORD.is_match(line) {
                doc.title = Some(line.to_string());
                if doc.year.is_none() {
                    doc.year = YEAR.captures(line).and_then(|c| c.get(1)?.as_str().parse().ok());
                }
                doc.period = PERIOD
                    .captures(&YEAR.replace_all(line, ""))
                    .and_then(|c| Some(c.get(1)?.as_str().replace(' ', "")));
            } else {
                doc.warnings.push(Warning {
                    line: n,
                    section_no: None,
                    task_id: None,
                    kind: WarningKind::Preamble,
                    message: format!("line before the first section is not the title or the total: {line}"),
                });
            }
        }
    }
}

/// Parses `text` with default settings: see [`Parser::parse`].
///
/// # Errors
///
/// As [`Parser::parse`].
///
/// # Examples
///
/// ```
/// let doc = jinzhan::parse("x.txt", "一、甲同志分管工作（共1项）\n\t1\n\t任务。\n\t市甲局\n\t张三\n\t已完成。\n")?;
/// assert_eq!(doc.sections[0].leader.as_deref(), Some("甲"));
/// # Ok::<(), jinzhan::Error>(())
/// ```
pub fn parse(source: &str, text: &str) -> crate::Result<Document> {
    Parser::new().parse(source, text)
}

/// A heading is 一、… at the start of a line that either declares its count
/// or is followed by a table, so that a numbered paragraph is not a heading.
fn is_heading(vocab: &Vocabulary, line: &str, after: &[(usize, &str)]) -> bool {
    let Some(c) = vocab.heading(line) else {
        return false;
    };
    c.name("count").is_some()
        || after
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .is_some_and(|(_, l)| l.trim_start_matches(' ').starts_with('\t') || list::is_item(l))
}

fn section_from_heading(vocab: &Vocabulary, line: usize, text: &str) -> Option<Section> {
    let c = vocab.heading(text.trim())?;
    let heading = c.name("title")?.as_str().to_string();
    let leader = heading.split_once("同志").map(|(l, _)| l.to_string()).filter(|l| !l.is_empty());
    let no = c.name("no")?.as_str();
    Some(Section {
        no: no.parse().ok().or_else(|| chinese_ordinal(no))?,
        leader,
        heading,
        declared_count: c.name("count").and_then(|m| m.as_str().parse().ok()),
        line,
        tasks: Vec::new(),
    })
}

/// 一 → 1, 十一 → 11, 二十三 → 23.
fn chinese_ordinal(s: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

/// Gaps in a section's numbering and a count that differs from （共N项）.
fn check_numbering(section: &Section, warnings: &mut Vec<Warning>) {
    let mut numbers: Vec<u32> = section.tasks.iter().filter_map(|t| t.seq.parse().ok()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let top = numbers.last().copied().unwrap_or(0).max(section.declared_count.unwrap_or(0));
    let missing: Vec<String> =
        (1..=top).filter(|n| numbers.binary_search(n).is_err()).map(|n| n.to_string()).collect();
    let mut warn =
        |kind, message| warnings.push(Warning::in_section(section.no, section.line, None, kind, message));
    if !missing.is_empty() {
        warn(
            WarningKind::NumberingGap,
            format!("序号 missing from section {}: {}", section.no, missing.join(", ")),
        );
    }
    if let Some(declared) = section.declared_count {
        let found = section.task_count();
        if found != declared as usize {
            warn(
                WarningKind::CountMismatch,
                format!(
                    "section {} declares {declared} tasks (共{declared}项) but {found} were found",
                    section.no
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        for (s, n) in [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23)] {
            assert_eq!(chinese_ordinal(s), Some(n));
        }
        assert_eq!(chinese_ordinal("百"), None);
    }
}
