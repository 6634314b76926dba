//! Blocks to [`Document`]: the document header, section headings and task rows.
//!
//! The parser walks a report's paragraphs and tables in order. A table is
//! read by its header (`columns`: which column holds the task, the units, the
//! progress …), or by its cells' contents when its cells do not line up with
//! any header (`dump`: a Word table saved as text); both give rows by role,
//! which `rows` numbers into tasks. Numbered paragraphs are read by `list`.
//! Every irregularity is reported as a [`Warning`] instead of guessed silently.

mod columns;
mod dump;
pub(crate) mod entries;
mod list;
mod model;
mod rows;
mod vocabulary;

pub use model::{Document, Section, Status, StatusCode, Task, UnitRole, Warning, WarningKind};

use crate::input::{Block, Format, Grid, Location, Note, Source};
use regex::Regex;
use std::collections::HashSet;
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
#[derive(Debug, Clone)]
pub struct Parser {
    year: Option<i32>,
    layout: Layout,
    vocabulary: Vocabulary,
    parallel: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Parser { year: None, layout: Layout::Auto, vocabulary: Vocabulary::default(), parallel: true }
    }
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

    /// Whether the sections of a text are read on the current rayon thread
    /// pool (the default) or on the calling thread only.
    pub fn parallel(mut self, parallel: bool) -> Parser {
        self.parallel = parallel;
        self
    }

    /// Parses decoded text; `source` names the input in the output rows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NoStructure`](crate::ErrorKind::NoStructure) when the text
    /// has no section heading, no task table and no numbered list at all.
    pub fn parse(&self, source: &str, text: &str) -> crate::Result<Document> {
        let lines: Vec<(Location, &str)> =
            text.lines().enumerate().map(|(i, l)| (Location::Line(i + 1), l)).collect();
        self.parse_lines(source, &lines, &[])
    }

    /// Parses a report as read by [`input::read`](crate::input::read): its
    /// paragraphs and tables; `name` names the input in the output rows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NoStructure`](crate::ErrorKind::NoStructure) when the
    /// report has no section heading, no table and no numbered list.
    ///
    /// # Examples
    ///
    /// ```
    /// let page = "<html><body><p>2020年区政府重点工作1-6月进展情况</p><table>\
    ///     <tr><th>序号</th><th>重点工作任务</th><th>责任单位</th><th>完成时限</th><th>进展情况</th><th>存在问题</th></tr>\
    ///     <tr><td>1</td><td>新建公园2个。</td><td>区园林局、区财政局</td><td>2020年10月底前</td>\
    ///         <td>基本按进度完成。<br>已建成1个。</td><td>征地未完成。</td></tr></table></body></html>";
    /// let source = jinzhan::input::read(page.as_bytes())?;
    /// let doc = jinzhan::Parser::new().parse_source("page.html", &source)?;
    /// let task = &doc.sections[0].tasks[0];
    /// assert_eq!(task.units, ["区园林局", "区财政局"]);
    /// assert_eq!((task.lead_unit.as_deref(), task.lead_inferred), (Some("区园林局"), true));
    /// assert_eq!(task.status.as_ref().map(|s| s.code), Some(jinzhan::StatusCode::MostlyOnTrack));
    /// assert_eq!(task.progress, "已建成1个。");
    /// assert_eq!(task.problems.as_deref(), Some("征地未完成。"));
    /// assert_eq!(task.deadline.as_deref(), Some("2020年10月底前"));
    /// assert_eq!(task.location.to_string(), "table 1 row 2");
    /// # Ok::<(), jinzhan::Error>(())
    /// ```
    pub fn parse_source(&self, name: &str, source: &Source) -> crate::Result<Document> {
        if let Format::Text(_) = source.format {
            let lines: Vec<(Location, &str)> = source
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph(p) => Some((p.location.clone(), p.text.as_str())),
                    Block::Table(_) => None,
                })
                .collect();
            return self.parse_lines(name, &lines, &source.notes);
        }
        let pieces = block_pieces(&self.vocabulary, source);
        let list = match self.layout {
            Layout::Table => false,
            Layout::List => true,
            Layout::Auto => !pieces.iter().any(|p| matches!(p, Piece::Grid(_) | Piece::Dump(_))),
        };
        self.walk(name, pieces, list, &source.notes)
    }

    fn parse_lines(
        &self,
        source: &str,
        lines: &[(Location, &str)],
        notes: &[Note],
    ) -> crate::Result<Document> {
        let table = match self.layout {
            Layout::Table => true,
            Layout::List => false,
            Layout::Auto => lines.iter().any(|(_, l)| tab_led(l)),
        };
        let pieces = text_pieces(&self.vocabulary, lines, table, self.parallel)?;
        self.walk(source, pieces, !table, notes)
    }

    fn walk(
        &self,
        source: &str,
        pieces: Vec<Piece<'_>>,
        list: bool,
        notes: &[Note],
    ) -> crate::Result<Document> {
        let tables = pieces.iter().any(|p| matches!(p, Piece::Grid(_) | Piece::Dump(_)));
        let warnings = notes
            .iter()
            .map(|n| Warning {
                location: n.location.clone(),
                section_no: None,
                task_id: None,
                kind: WarningKind::Input,
                message: n.message.clone(),
            })
            .collect();
        let mut walk = Walk {
            vocab: &self.vocabulary,
            doc: Document {
                source: source.to_string(),
                title: None,
                year: self.year,
                period: None,
                declared_total: None,
                sections: Vec::new(),
                warnings,
            },
            open: Vec::new(),
            started: false,
            list,
            columns: None,
        };
        // Dumps are read by their cells alone: all at once, on every core.
        let vocab = &self.vocabulary;
        let dumps: Vec<Option<DumpRows<'_>>> =
            crate::par::map(&pieces, self.parallel, |p| read_dump(p, vocab));
        for (piece, dump) in pieces.iter().zip(dumps) {
            match (piece, dump) {
                (Piece::Heading(text, at), _) => walk.heading(text, at),
                (Piece::Para(text, at), _) => walk.para(text, at),
                (Piece::Grid(grid), _) => walk.grid(grid),
                (Piece::Dump(body), Some(rows)) => walk.dump(body.first(), rows),
                (Piece::Dump(_), None) => {}
            }
        }
        if walk.open.is_empty() && !tables {
            return Err(crate::Error::new(crate::ErrorKind::NoStructure));
        }
        Ok(walk.finish(self.parallel))
    }
}

/// Whether a line starts a cell of a text dump (a tab, perhaps after spaces).
fn tab_led(line: &str) -> bool {
    line.trim_start_matches(' ').starts_with('\t')
}

/// The rows of a dump and what was irregular before them.
type DumpRows<'a> = (Vec<rows::RoleRow<'a>>, Vec<(Location, WarningKind, String)>);

/// The rows of a dump piece.
fn read_dump<'a>(piece: &Piece<'a>, vocab: &Vocabulary) -> Option<DumpRows<'a>> {
    match piece {
        Piece::Dump(dump::Body::Lines(lines)) => Some(dump::rows(dump::Body::Lines(lines), vocab)),
        Piece::Dump(dump::Body::Cells(cells)) => Some(dump::rows(dump::Body::Cells(cells.clone()), vocab)),
        _ => None,
    }
}

/// What the walk through a report meets, in order.
enum Piece<'a> {
    /// A section heading: 一、张元醒同志分管工作（共18项）.
    Heading(&'a str, Location),
    /// A line of text outside tables.
    Para(&'a str, Location),
    /// A table whose cells line up with its columns.
    Grid(&'a Grid),
    /// A text dump, or the cells of a table whose rows do not line up.
    Dump(dump::Body<'a>),
}

/// The pieces of a text: headings found by their pattern; in the table
/// layout each section's body is a dump.
fn text_pieces<'a>(
    vocab: &Vocabulary,
    lines: &'a [(Location, &'a str)],
    table: bool,
    parallel: bool,
) -> crate::Result<Vec<Piece<'a>>> {
    let head = |&i: &usize| {
        lines.get(i).is_some_and(|(_, l)| is_heading(vocab, l, lines.get(i + 1..).unwrap_or_default()))
    };
    // Every line is tried against the heading patterns: on every core.
    let heads: Vec<usize> = crate::par::filter(lines.len(), parallel, |i| head(&i));
    let para = |(at, l): &(Location, &'a str)| Piece::Para(l, at.clone());
    let dump = |body: &'a [(Location, &'a str)]| Piece::Dump(dump::Body::Lines(body));
    if !table {
        let heads: HashSet<usize> = heads.into_iter().collect();
        return Ok(lines
            .iter()
            .enumerate()
            .map(
                |(i, line)| {
                    if heads.contains(&i) {
                        Piece::Heading(line.1, line.0.clone())
                    } else {
                        para(line)
                    }
                },
            )
            .collect());
    }
    let first_head = heads.first().copied().unwrap_or(lines.len());
    let preamble = lines.get(..first_head).unwrap_or_default();
    if heads.is_empty() && !preamble.iter().any(|(_, l)| tab_led(l)) {
        return Err(crate::Error::new(crate::ErrorKind::NoStructure));
    }
    let mut pieces = Vec::new();
    if heads.is_empty() {
        // A table without section headings: one unnamed section.
        let start = lines.iter().position(|(_, l)| tab_led(l)).unwrap_or(0);
        pieces.extend(lines.get(..start).unwrap_or_default().iter().map(para));
        pieces.push(dump(lines.get(start..).unwrap_or_default()));
        return Ok(pieces);
    }
    pieces.extend(preamble.iter().map(para));
    for (k, &h) in heads.iter().enumerate() {
        let end = heads.get(k + 1).copied().unwrap_or(lines.len());
        if let Some((at, l)) = lines.get(h) {
            pieces.push(Piece::Heading(l, at.clone()));
        }
        pieces.push(dump(lines.get(h + 1..end).unwrap_or_default()));
    }
    Ok(pieces)
}

/// The pieces of a report read as blocks: a paragraph is a heading when it
/// matches a heading pattern and declares its count or is followed by a
/// table or a list item; a table whose rows do not line up is a dump.
fn block_pieces<'a>(vocab: &Vocabulary, source: &'a Source) -> Vec<Piece<'a>> {
    let mut pieces: Vec<Piece<'a>> = Vec::new();
    for block in &source.blocks {
        match block {
            Block::Paragraph(p) => {
                pieces.extend(p.text.split('\n').map(|l| Piece::Para(l, p.location.clone())));
            }
            Block::Table(g) if g.aligned => pieces.push(Piece::Grid(g)),
            Block::Table(g) => flatten(g, &mut pieces),
        }
    }
    // Headings: a look at what follows each paragraph.
    let mut next_is_table_or_item = false;
    for piece in pieces.iter_mut().rev() {
        match piece {
            Piece::Grid(_) | Piece::Dump(_) => next_is_table_or_item = true,
            Piece::Para(text, at) if !text.trim().is_empty() => {
                let heading = vocab
                    .heading(text.trim())
                    .is_some_and(|c| c.name("count").is_some() || next_is_table_or_item);
                let item = list::is_item(text);
                if heading {
                    *piece = Piece::Heading(text, std::mem::take(at));
                }
                next_is_table_or_item = item || heading && next_is_table_or_item;
            }
            _ => {}
        }
    }
    pieces
}

/// A table whose rows do not line up, as the cells of a dump; a row of one
/// cell spanning the table (a heading) is a paragraph.
fn flatten<'a>(grid: &'a Grid, pieces: &mut Vec<Piece<'a>>) {
    let mut cells: Vec<Vec<dump::Line<'a>>> = Vec::new();
    for row in &grid.rows {
        if let [only] = row.cells.as_slice() {
            if only.col_span > 1 && only.col_span >= grid.columns {
                if !cells.is_empty() {
                    pieces.push(Piece::Dump(dump::Body::Cells(std::mem::take(&mut cells))));
                }
                for l in only.lines.iter().filter(|l| !l.trim().is_empty()) {
                    pieces.push(Piece::Para(l, only.location.clone()));
                }
                continue;
            }
        }
        for cell in &row.cells {
            let mut lines: Vec<dump::Line<'a>> =
                cell.lines.iter().map(|l| (cell.location.clone(), l.as_str())).collect();
            if lines.is_empty() {
                lines.push((cell.location.clone(), ""));
            }
            cells.push(lines);
        }
    }
    if !cells.is_empty() {
        pieces.push(Piece::Dump(dump::Body::Cells(cells)));
    }
}

/// A section being read: its rows (tables) or lines (lists) and warnings.
struct Open<'a> {
    section: Section,
    rows: Vec<rows::RoleRow<'a>>,
    lines: Vec<(Location, String)>,
    warnings: Vec<Warning>,
}

impl Open<'_> {
    fn new(section: Section) -> Self {
        Open { section, rows: Vec::new(), lines: Vec::new(), warnings: Vec::new() }
    }
}

/// The walk through a report's pieces.
struct Walk<'v, 'a> {
    vocab: &'v Vocabulary,
    doc: Document,
    open: Vec<Open<'a>>,
    /// A section, a table row or a list item has been met: the document's
    /// header is over.
    started: bool,
    list: bool,
    columns: Option<columns::ColumnMap>,
}

impl<'a> Walk<'_, 'a> {
    fn heading(&mut self, text: &str, at: &Location) {
        match section_from_heading(self.vocab, at, text) {
            Some(section) => {
                self.started = true;
                self.open.push(Open::new(section));
            }
            None => self.para(text, at),
        }
    }

    fn para(&mut self, text: &str, at: &Location) {
        if text.trim().is_empty() {
            return;
        }
        if !(self.started || self.list && list::is_item(text)) {
            self.preamble(text, at);
        } else if self.list {
            self.started = true;
            self.section(at).lines.push((at.clone(), text.to_string()));
        } else {
            let message = format!("text outside the table: {}", text.trim());
            self.warn(at, WarningKind::Unparsed, message);
        }
    }

    /// The current section; an unnamed one when the report has none yet.
    fn section(&mut self, at: &Location) -> &mut Open<'a> {
        if self.open.is_empty() {
            self.open.push(Open::new(Section {
                no: 1,
                heading: String::new(),
                leader: None,
                declared_count: None,
                location: at.clone(),
                tasks: Vec::new(),
            }));
        }
        let last = self.open.len() - 1;
        &mut self.open[last]
    }

    fn warn(&mut self, at: &Location, kind: WarningKind, message: String) {
        match self.open.last_mut() {
            None => self.doc.warnings.push(Warning {
                location: at.clone(),
                section_no: None,
                task_id: None,
                kind,
                message,
            }),
            Some(open) => open.warnings.push(Warning::in_section(open.section.no, at, None, kind, message)),
        }
    }

    fn grid(&mut self, grid: &'a Grid) {
        let Some((events, map)) = columns::read(grid, self.vocab, self.columns.as_ref()) else {
            // No header: the table is read by its cells' contents.
            let mut pieces = Vec::new();
            flatten(grid, &mut pieces);
            for piece in pieces {
                match piece {
                    Piece::Para(t, at) => self.para_or_heading(t, &at),
                    Piece::Dump(body) => {
                        let at = body.first().cloned();
                        let rows = dump::rows(body, self.vocab);
                        self.dump(at.as_ref(), rows);
                    }
                    Piece::Heading(t, at) => self.heading(t, &at),
                    Piece::Grid(_) => {}
                }
            }
            return;
        };
        self.columns = Some(map);
        for event in events {
            match event {
                columns::Event::Paragraph(text, at) => self.para_or_heading(&text, &at),
                columns::Event::Section { heading, leader, location } => {
                    self.started = true;
                    // A heading just met names the section; the column adds its leader.
                    match self.open.last_mut() {
                        Some(o)
                            if o.rows.is_empty()
                                && o.section.leader.is_none()
                                && !o.section.heading.is_empty() =>
                        {
                            o.section.leader = leader;
                        }
                        _ => {
                            let no = u32::try_from(self.open.len() + 1).unwrap_or(u32::MAX);
                            let section = Section {
                                no,
                                heading,
                                leader,
                                declared_count: None,
                                location,
                                tasks: Vec::new(),
                            };
                            self.open.push(Open::new(section));
                        }
                    }
                }
                columns::Event::Row(row) => {
                    self.started = true;
                    let at = row.location.clone();
                    self.section(&at).rows.push(*row);
                }
                columns::Event::Warning(at, kind, message) => self.warn(&at, kind, message),
            }
        }
    }

    fn para_or_heading(&mut self, text: &str, at: &Location) {
        if self.vocab.heading(text.trim()).is_some() {
            self.heading(text.trim(), at);
        } else {
            self.para(text, at);
        }
    }

    /// The rows of a dump whose first line is at `at`.
    fn dump(&mut self, at: Option<&Location>, (rows, found): DumpRows<'a>) {
        let Some(at) = at else { return };
        self.started = true;
        let open = self.section(at);
        for (at, kind, message) in found {
            open.warnings.push(Warning::in_section(open.section.no, &at, None, kind, message));
        }
        open.rows.extend(rows);
    }

    /// A line before the first section: the title, the total, or a warning.
    fn preamble(&mut self, line: &str, at: &Location) {
        let line = line.trim();
        let doc = &mut self.doc;
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
                location: at.clone(),
                section_no: None,
                task_id: None,
                kind: WarningKind::Preamble,
                message: format!("line before the first section is not the title or the total: {line}"),
            });
        }
    }

    /// Numbers each section's rows into tasks (sections are independent:
    /// on every core when `parallel`), then counts `row` across sections.
    fn finish(mut self, parallel: bool) -> Document {
        let vocab = self.vocab;
        let close = |open: Open<'_>| -> (Section, Vec<Warning>) {
            let Open { mut section, rows, lines, mut warnings } = open;
            if !rows.is_empty() {
                rows::assemble(&mut section, &rows, vocab, &mut warnings);
            }
            if !lines.is_empty() {
                let lines: Vec<dump::Line<'_>> =
                    lines.iter().map(|(at, l)| (at.clone(), l.as_str())).collect();
                list::parse_section(&mut section, &lines, vocab, &mut warnings);
            }
            check_numbering(&section, &mut warnings);
            (section, warnings)
        };
        let open = std::mem::take(&mut self.open);
        let closed: Vec<(Section, Vec<Warning>)> = crate::par::map_owned(open, parallel, close);
        let mut rows_before = 0;
        for (mut section, warnings) in closed {
            for t in &mut section.tasks {
                t.row += rows_before;
            }
            rows_before += section.tasks.len();
            self.doc.warnings.extend(warnings);
            self.doc.sections.push(section);
        }
        self.doc
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
fn is_heading(vocab: &Vocabulary, line: &str, after: &[(Location, &str)]) -> bool {
    let Some(c) = vocab.heading(line) else {
        return false;
    };
    c.name("count").is_some()
        || after
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .is_some_and(|(_, l)| tab_led(l) || list::is_item(l))
}

fn section_from_heading(vocab: &Vocabulary, location: &Location, text: &str) -> Option<Section> {
    let c = vocab.heading(text.trim())?;
    let heading = c.name("title")?.as_str().to_string();
    let leader = heading.split_once("同志").map(|(l, _)| l.to_string()).filter(|l| !l.is_empty());
    let no = c.name("no")?.as_str();
    Some(Section {
        no: no.parse().ok().or_else(|| chinese_ordinal(no))?,
        leader,
        heading,
        declared_count: c.name("count").and_then(|m| m.as_str().parse().ok()),
        location: location.clone(),
        tasks: Vec::new(),
    })
}

/// 一 → 1, 十一 → 11, 二十三 → 23.
pub(crate) fn chinese_ordinal(s: &str) -> Option<u32> {
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
/// At most 20 missing numbers are listed (a number far off the sequence
/// would otherwise list millions).
fn check_numbering(section: &Section, warnings: &mut Vec<Warning>) {
    const SHOWN: usize = 20;
    let mut numbers: Vec<u32> = section.tasks.iter().filter_map(|t| t.seq.parse().ok()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let top = numbers.last().copied().unwrap_or(0).max(section.declared_count.unwrap_or(0));
    let mut missing: Vec<String> = Vec::new();
    let mut count: u64 = 0;
    let mut expected: u32 = 1;
    for &n in numbers.iter().chain(std::iter::once(&top.saturating_add(1))) {
        if n > expected {
            count += u64::from(n - expected);
            missing.extend((expected..n).take(SHOWN.saturating_sub(missing.len())).map(|m| m.to_string()));
        }
        expected = expected.max(n.saturating_add(1));
    }
    let mut warn = |kind, message| {
        warnings.push(Warning::in_section(section.no, &section.location, None, kind, message))
    };
    if count > 0 {
        let more =
            if count > missing.len() as u64 { format!(" … ({count} in all)") } else { String::new() };
        warn(
            WarningKind::NumberingGap,
            format!("序号 missing from section {}: {}{more}", section.no, missing.join(", ")),
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
