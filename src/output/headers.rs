//! Column headers: the English snake_case names (the interface) or their
//! Chinese view for reports that go to leaders (`dictionaries/headers.tsv`).

use std::collections::HashMap;
use std::sync::LazyLock;

const BUILTIN: &str = include_str!("../../dictionaries/headers.tsv");

/// Which header row a table gets.
///
/// # Examples
///
/// ```
/// use jinzhan::output::Headers;
///
/// assert_eq!(Headers::Zh.name("tasks.csv", "lead_unit"), "牵头单位");
/// assert_eq!(Headers::Zh.name("problems.csv", "text"), "问题内容");
/// assert_eq!(Headers::Zh.name("mentions", "source"), "来源文件");
/// assert_eq!(Headers::En.name("tasks.csv", "lead_unit"), "lead_unit");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Headers {
    /// The documented English names (default).
    #[default]
    En,
    /// Chinese headers: 序号, 工作任务, 牵头单位 ….
    Zh,
}

type Table = HashMap<&'static str, &'static str>;

/// Table → column → Chinese header; table `*` holds for every table.
static ZH: LazyLock<HashMap<&'static str, Table>> = LazyLock::new(|| {
    let mut tables: HashMap<&'static str, Table> = HashMap::new();
    for line in BUILTIN.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut parts = line.split('\t');
        if let (Some(table), Some(column), Some(zh)) = (parts.next(), parts.next(), parts.next()) {
            tables.entry(table).or_default().insert(column, zh);
        }
    }
    tables
});

impl Headers {
    /// The header of `column` in `table` (a file name such as `tasks.csv`
    /// or a sheet name such as `by_section`); a column without a Chinese
    /// name keeps its English one.
    pub fn name(self, table: &str, column: &'static str) -> &'static str {
        if self == Headers::En {
            return column;
        }
        let table = table.strip_suffix(".csv").unwrap_or(table);
        [table, "*"].iter().find_map(|t| ZH.get(t)?.get(column).copied()).unwrap_or(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::*;

    fn check<R: Row + ?Sized>() {
        let names: Vec<&str> = R::HEADER.iter().map(|c| Headers::Zh.name(R::FILE, c)).collect();
        for (c, zh) in R::HEADER.iter().zip(&names) {
            assert!(!zh.is_ascii(), "{}: {c} has no Chinese header", R::FILE);
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{}: headers repeat: {names:?}", R::FILE);
    }

    #[test]
    fn every_column_has_one_chinese_header() {
        check::<TaskRow>();
        check::<MentionRow>();
        check::<ProblemRow>();
        check::<TargetRow>();
        check::<DeadlineRow>();
        check::<AssignmentRow>();
        check::<WarningRow>();
        check::<DocumentRow>();
        check::<TaskMapRow>();
        check::<ChangeRow>();
        check::<TimelineRow>();
    }
}
