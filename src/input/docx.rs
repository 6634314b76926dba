//! Word .docx: the body's paragraphs and tables as [`Block`]s.
//!
//! Read with `zip` and `quick-xml`, streaming through `word/document.xml`.
//! Tables (`w:tbl`) become grids: `w:gridSpan` widens a cell, `w:vMerge`
//! merges it with the cells below (a continued cell is marked, its text is the
//! first cell's), `w:gridBefore` shifts a row, `w:tblHeader` marks a repeated
//! header row, and a table nested in a cell stays in that cell as lines.
//! Paragraphs numbered by Word (`w:numPr`, directly or through their style)
//! get their number from `word/numbering.xml` (`1.`, `1、`, `（1）`, `一、` …)
//! so that an automatically numbered list reads as if typed.
//! Tracked changes: text in `w:del` is not part of the document, `w:ins` is;
//! field instructions and the fallback copies of `mc:AlternateContent` are
//! left out.

use super::{Block, Cell, Format, Grid, Location, Paragraph, Row, Source, MAX_ENTRIES, MAX_XML_BYTES};
use crate::error::{Error, ErrorKind, Result};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

fn bad(problem: impl Into<String>) -> Error {
    Error::new(ErrorKind::Docx { problem: problem.into() })
}

/// At most this much text (bytes) is taken from one document: a .docx that
/// unpacks to hundreds of megabytes of text would take gigabytes to read.
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Reads a .docx into blocks.
pub(crate) fn read(bytes: &[u8]) -> Result<Source> {
    read_capped(bytes, MAX_XML_BYTES)
}

fn read_capped(bytes: &[u8], max_xml: u64) -> Result<Source> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::with_source(ErrorKind::Docx { problem: "corrupt or truncated archive".into() }, e)
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(format!("{} entries in the archive (at most {MAX_ENTRIES})", zip.len())));
    }
    let mut budget = max_xml;
    let styles = match part(&mut zip, "word/styles.xml", &mut budget)? {
        Some(xml) => Styles::read(&xml)?,
        None => Styles::default(),
    };
    let numbering = match part(&mut zip, "word/numbering.xml", &mut budget)? {
        Some(xml) => Numbering::read(&xml)?,
        None => Numbering::default(),
    };
    let entry = match zip.by_name("word/document.xml") {
        Ok(entry) => entry,
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
            return Err(Error::new(ErrorKind::PasswordProtected));
        }
        Err(e) => {
            return Err(Error::with_source(
                ErrorKind::Docx { problem: "no word/document.xml: not a Word document".into() },
                e,
            ))
        }
    };
    if entry.encrypted() {
        return Err(Error::new(ErrorKind::PasswordProtected));
    }
    let too_big = || bad(format!("the document unpacks to more than {max_xml} bytes of XML (a zip bomb?)"));
    if entry.size() > budget {
        return Err(too_big());
    }
    // The declared size can lie: never read more than the cap.
    let mut limited = entry.take(budget + 1);
    let mut body = Body { styles, numbering, ..Body::default() };
    body.read(BufReader::new(&mut limited))?;
    if body.text_bytes > MAX_TEXT_BYTES {
        return Err(Error::new(ErrorKind::TooLarge {
            what: "the text of the Word document".into(),
            limit: MAX_TEXT_BYTES as u64,
        }));
    }
    if limited.limit() == 0 {
        return Err(too_big());
    }
    Ok(Source { format: Format::Docx, blocks: body.blocks, notes: Vec::new() })
}

/// The bytes of an optional part, counted against the XML budget.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>> {
    let Ok(entry) = zip.by_name(name) else { return Ok(None) };
    let mut out = Vec::new();
    entry
        .take(*budget + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::with_source(ErrorKind::Docx { problem: format!("cannot unpack {name}") }, e))?;
    let used = out.len() as u64;
    if used > *budget {
        return Err(bad(format!("{name} unpacks to more XML than the cap (a zip bomb?)")));
    }
    *budget -= used;
    Ok(Some(out))
}

/// The value of the `w:val` (or another) attribute of an element.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn xml_error(part: &str) -> impl Fn(quick_xml::Error) -> Error + '_ {
    move |e| Error::with_source(ErrorKind::Docx { problem: format!("malformed or truncated {part}") }, e)
}

/// Walks the elements of a small XML part, calling `f(name, element, is_start)`
/// for every start or empty element and `f(name, None, false)` for ends.
fn walk_part(xml: &[u8], part: &str, mut f: impl FnMut(&str, Option<&BytesStart<'_>>)) -> Result<()> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(xml_error(part))? {
            Event::Start(e) => f(e.local_name().as_ref(), Some(&e)),
            Event::Empty(e) => {
                f(e.local_name().as_ref(), Some(&e));
                f(e.local_name().as_ref(), None);
            }
            Event::End(e) => f(e.local_name().as_ref(), None),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// A paragraph style's numbering: the style it is based on, numId, ilvl.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

/// Paragraph styles that carry numbering (`w:numPr` in `word/styles.xml`).
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    fn read(xml: &[u8]) -> Result<Styles> {
        let mut styles = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        walk_part(xml, "styles.xml", |name, e| match (name, e) {
            ("style", Some(e)) => current = attr(e, "styleId").map(|id| (id, Style::default())),
            ("style", None) => {
                if let Some((id, s)) = current.take() {
                    styles.insert(id, s);
                }
            }
            ("basedOn", Some(e)) => {
                if let Some((_, s)) = current.as_mut() {
                    s.based_on = attr(e, "val");
                }
            }
            ("numId", Some(e)) => {
                if let Some((_, s)) = current.as_mut() {
                    s.num_id = attr(e, "val");
                }
            }
            ("ilvl", Some(e)) => {
                if let Some((_, s)) = current.as_mut() {
                    s.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            _ => {}
        })?;
        Ok(Styles { styles })
    }

    /// The numbering of a style, following `w:basedOn` (at most 10 steps).
    fn numbering(&self, style: &str) -> (Option<String>, Option<u8>) {
        let mut id = Some(style.to_string());
        let (mut num, mut lvl) = (None, None);
        for _ in 0..10 {
            let Some(s) = id.as_ref().and_then(|i| self.styles.get(i)) else { break };
            num = num.or_else(|| s.num_id.clone());
            lvl = lvl.or(s.ilvl);
            if num.is_some() {
                break;
            }
            id = s.based_on.clone();
        }
        (num, lvl)
    }
}

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// A list instance (`w:num`): its definition and start overrides by level.
#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    overrides: Vec<(u8, u32)>,
}

/// Word's automatic numbering (`word/numbering.xml`) and the counters of the
/// lists met so far.
#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels 0-8.
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    /// abstractNumId → the current value of each level.
    counters: HashMap<String, [Option<u32>; 9]>,
    /// numIds already used (a start override applies at first use).
    used: std::collections::HashSet<String>,
}

impl Numbering {
    fn read(xml: &[u8]) -> Result<Numbering> {
        let mut n = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut levels: Vec<Level> = Vec::new();
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut override_level: Option<u8> = None;
        walk_part(xml, "numbering.xml", |name, e| match (name, e) {
            ("abstractNum", Some(e)) => {
                abstract_id = attr(e, "abstractNumId");
                levels = vec![Level { start: 1, format: "decimal".into(), text: String::new() }; 9];
            }
            ("abstractNum", None) => {
                if let Some(id) = abstract_id.take() {
                    n.abstracts.insert(id, std::mem::take(&mut levels));
                }
            }
            ("lvl", Some(e)) if abstract_id.is_some() => {
                let ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0usize);
                level = Some((ilvl, Level { start: 1, format: "decimal".into(), text: String::new() }));
            }
            ("lvl", None) => {
                if let Some((i, l)) = level.take() {
                    if let Some(slot) = levels.get_mut(i) {
                        *slot = l;
                    }
                }
            }
            ("start", Some(e)) => {
                if let Some((_, l)) = level.as_mut() {
                    l.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                }
            }
            ("numFmt", Some(e)) => {
                if let Some((_, l)) = level.as_mut() {
                    l.format = attr(e, "val").unwrap_or_default();
                }
            }
            ("lvlText", Some(e)) => {
                if let Some((_, l)) = level.as_mut() {
                    l.text = attr(e, "val").unwrap_or_default();
                }
            }
            ("num", Some(e)) => num = attr(e, "numId").map(|id| (id, Num::default())),
            ("num", None) => {
                if let Some((id, num)) = num.take() {
                    n.nums.insert(id, num);
                }
            }
            ("abstractNumId", Some(e)) => {
                if let Some((_, num)) = num.as_mut() {
                    num.abstract_id = attr(e, "val").unwrap_or_default();
                }
            }
            ("lvlOverride", Some(e)) => override_level = attr(e, "ilvl").and_then(|v| v.parse().ok()),
            ("startOverride", Some(e)) => {
                if let (Some((_, num)), Some(l)) = (num.as_mut(), override_level) {
                    num.overrides.push((l, attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1)));
                }
            }
            _ => {}
        })?;
        Ok(n)
    }

    /// The number of the next paragraph of list `num_id` at level `ilvl`, as
    /// printed (`1.`, `一、`), or None for bullets and unknown lists.
    fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let Num { abstract_id: abs, overrides } = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs)?;
        let i = usize::from(ilvl.min(8));
        let level = levels.get(i)?;
        if matches!(level.format.as_str(), "bullet" | "none") || level.text.is_empty() {
            return None;
        }
        let counters = self.counters.entry(abs.clone()).or_insert([None; 9]);
        let first_use = self.used.insert(num_id.to_string());
        let restart = overrides.iter().find(|(l, _)| usize::from(*l) == i).filter(|_| first_use);
        let value = match (restart, counters.get(i).copied().flatten()) {
            (Some((_, start)), _) => *start,
            (None, Some(v)) => v.saturating_add(1),
            (None, None) => level.start,
        };
        if let Some(c) = counters.get_mut(i) {
            *c = Some(value);
        }
        for deeper in counters.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        let mut text = level.text.clone();
        for (k, l) in levels.iter().enumerate().take(i + 1).rev() {
            let v = counters.get(k).copied().flatten().unwrap_or(l.start);
            text = text.replace(&format!("%{}", k + 1), &format_number(v, &l.format));
        }
        Some(text)
    }
}

/// A list number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "japaneseCounting"
        | "ideographDigital"
        | "taiwaneseCountingThousand" => chinese_counting(n, "一二三四五六七八九", "十百"),
        "chineseLegalSimplified" => chinese_counting(n, "壹贰叁肆伍陆柒捌玖", "拾佰"),
        "ideographTraditional" => nth_char("甲乙丙丁戊己庚辛壬癸", n),
        "ideographZodiac" => nth_char("子丑寅卯辰巳午未申酉戌亥", n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth_char(CIRCLED, n),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap_or(c))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperLetter" | "lowerLetter" => {
            let base = if format == "upperLetter" { b'A' } else { b'a' };
            let k = (n.max(1) - 1) as usize;
            let c = char::from(base + (k % 26) as u8);
            c.to_string().repeat(k / 26 + 1)
        }
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn nth_char(chars: &str, n: u32) -> String {
    chars.chars().nth((n.max(1) - 1) as usize).map_or_else(|| n.to_string(), |c| c.to_string())
}

/// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五.
fn chinese_counting(n: u32, digits: &str, tens: &str) -> String {
    let d: Vec<char> = digits.chars().collect();
    let t: Vec<char> = tens.chars().collect();
    let (Some(&ten), Some(&hundred)) = (t.first(), t.get(1)) else { return n.to_string() };
    let digit = |k: u32| d.get((k as usize).wrapping_sub(1)).copied();
    match n {
        1..=9 => digit(n).map_or_else(|| n.to_string(), String::from),
        10..=99 => {
            let (hi, lo) = (n / 10, n % 10);
            let mut s = String::new();
            if hi > 1 {
                s.extend(digit(hi));
            }
            s.push(ten);
            s.extend(digit(lo));
            s
        }
        100..=999 => {
            let mut s: String = digit(n / 100).into_iter().collect();
            s.push(hundred);
            let rest = n % 100;
            if rest > 0 {
                if rest < 10 {
                    s.push('零');
                    s.extend(digit(rest));
                } else {
                    if rest < 20 {
                        s.extend(digit(1));
                    }
                    s.push_str(&chinese_counting(rest, digits, tens));
                }
            }
            s
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const R: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= *v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// How a cell merges vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

/// The table being read (the outermost one; nested tables stay in its cells).
#[derive(Debug, Default)]
struct TableBuilder {
    number: usize,
    grid_cols: usize,
    rows: Vec<Row>,
    row: Row,
    /// The next cell's grid column.
    col: usize,
    cell_lines: Vec<String>,
    span: usize,
    vmerge: VMerge,
}

/// The state of the walk through `word/document.xml`.
#[derive(Debug, Default)]
struct Body {
    styles: Styles,
    numbering: Numbering,
    blocks: Vec<Block>,
    /// Nesting depth of tables.
    depth: usize,
    table: Option<TableBuilder>,
    tables_seen: usize,
    paragraphs_seen: usize,
    /// Inside `w:del`: skip text.
    deleted: usize,
    /// Inside `mc:Fallback`: skip everything.
    fallback: usize,
    /// Inside a field instruction (`w:instrText`): skip text.
    instruction: bool,
    /// Open paragraphs (a text box's paragraphs nest inside another).
    paragraphs: Vec<OpenParagraph>,
    /// Whether the walk is inside a paragraph's properties.
    in_ppr: bool,
    /// Bytes of text taken so far (the walk stops past the cap).
    text_bytes: usize,
}

#[derive(Debug, Default)]
struct OpenParagraph {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

impl Body {
    fn read<R: BufRead>(&mut self, input: R) -> Result<()> {
        let mut reader = quick_xml::Reader::from_reader(input);
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf).map_err(xml_error("document.xml"))?;
            match event {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => {
                    // <w:p/> is an empty paragraph: it still makes a line.
                    self.start(&e, true);
                    let name = e.local_name();
                    if matches!(name.as_ref(), "p" | "tc" | "tr" | "tbl") {
                        self.end(name.as_ref());
                    }
                }
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) if self.keeps_text() => {
                    if let Some(p) = self.paragraphs.last_mut() {
                        let t = t.xml10_content();
                        self.text_bytes += t.len();
                        if self.text_bytes > MAX_TEXT_BYTES {
                            break;
                        }
                        p.text.push_str(&t);
                    }
                }
                Event::GeneralRef(r) if self.keeps_text() => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.xml10_content().as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let (Some(c), Some(p)) = (c, self.paragraphs.last_mut()) {
                        p.text.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if self.depth > 0 && self.text_bytes <= MAX_TEXT_BYTES {
            return Err(bad("truncated document.xml (a table is not closed)"));
        }
        Ok(())
    }

    fn keeps_text(&self) -> bool {
        self.deleted == 0 && self.fallback == 0 && !self.instruction
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.fallback > 0 {
            if name == "Fallback" && !empty {
                self.fallback += 1;
            }
            return;
        }
        let outer = self.depth == 1;
        match name {
            "Fallback" if !empty => self.fallback += 1,
            "p" => self.paragraphs.push(OpenParagraph::default()),
            "pPr" if !empty => self.in_ppr = true,
            "pStyle" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "numId" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.num_id = attr(e, "val");
                }
            }
            "ilvl" if self.in_ppr => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    self.tables_seen += 1;
                    self.table = Some(TableBuilder { number: self.tables_seen, ..TableBuilder::default() });
                }
            }
            "gridCol" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.grid_cols += 1;
                }
            }
            "tr" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.row = Row::default();
                    t.col = 0;
                }
            }
            "tblHeader" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.row.header = !matches!(attr(e, "val").as_deref(), Some("false" | "0" | "off"));
                }
            }
            "gridBefore" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.col += attr(e, "val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(64);
                }
            }
            "tc" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.cell_lines.clear();
                    t.span = 1;
                    t.vmerge = VMerge::None;
                }
            }
            "gridSpan" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.span = attr(e, "val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" if outer => {
                if let Some(t) = self.table.as_mut() {
                    t.vmerge = if attr(e, "val").as_deref() == Some("restart") {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
            }
            "del" | "moveFrom" if !empty => self.deleted += 1,
            "instrText" if !empty => self.instruction = true,
            "br" | "cr" if self.keeps_text() => self.push_char('\n'),
            "tab" if self.keeps_text() && !self.in_ppr => self.push_char('\t'),
            "noBreakHyphen" if self.keeps_text() => self.push_char('-'),
            _ => {}
        }
    }

    fn push_char(&mut self, c: char) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push(c);
        }
    }

    fn end(&mut self, name: &str) {
        if self.fallback > 0 {
            if name == "Fallback" {
                self.fallback -= 1;
            }
            return;
        }
        match name {
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "tc" if self.depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    let continued = t.vmerge == VMerge::Continue;
                    let lines = if continued { Vec::new() } else { std::mem::take(&mut t.cell_lines) };
                    let index = t.row.cells.len() + 1;
                    t.row.cells.push(Cell {
                        col: t.col,
                        col_span: t.span,
                        row_span: 1,
                        continued,
                        lines,
                        location: Location::Table {
                            table: t.number,
                            row: t.rows.len() + 1,
                            cell: Some(index),
                        },
                    });
                    t.col += t.span;
                    t.cell_lines.clear();
                }
            }
            "tr" if self.depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    let mut row = std::mem::take(&mut t.row);
                    row.location = Location::Table { table: t.number, row: t.rows.len() + 1, cell: None };
                    t.rows.push(row);
                }
            }
            "tbl" => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    if let Some(t) = self.table.take() {
                        self.blocks.push(Block::Table(finish_grid(t)));
                    }
                }
            }
            "del" | "moveFrom" => self.deleted = self.deleted.saturating_sub(1),
            "instrText" => self.instruction = false,
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paragraphs.pop() else { return };
        let (style_num, style_lvl) = p.style.as_deref().map_or((None, None), |s| self.styles.numbering(s));
        let num_id = p.num_id.or(style_num).filter(|n| n != "0");
        let number = num_id.and_then(|id| self.numbering.next(&id, p.ilvl.or(style_lvl).unwrap_or(0)));
        let text = match &number {
            Some(n) => format!("{n}{}", p.text),
            None => p.text,
        };
        if self.depth > 0 {
            if let Some(t) = self.table.as_mut() {
                // Tabs would read as cell starts if the table is read as a dump.
                t.cell_lines.extend(text.split('\n').map(|l| l.replace('\t', " ")));
            }
        } else if let Some(outer) = self.paragraphs.last_mut() {
            // A text box inside a paragraph: its text joins the paragraph's.
            outer.text.push_str(&text);
        } else {
            self.paragraphs_seen += 1;
            self.blocks.push(Block::Paragraph(Paragraph {
                text,
                number,
                location: Location::Paragraph(self.paragraphs_seen),
            }));
        }
    }
}

/// Row spans of vertically merged cells, and whether rows line up with the grid.
fn finish_grid(t: TableBuilder) -> Grid {
    let mut rows = t.rows;
    let covered = |r: &Row| r.cells.last().map_or(0, |c| c.col + c.col_span);
    let widest = rows.iter().map(covered).max().unwrap_or(0);
    let columns = t.grid_cols.max(widest);
    let widths: Vec<usize> = rows.iter().filter(|r| !r.cells.is_empty()).map(covered).collect();
    let aligned = widths.windows(2).all(|w| w[0] == w[1]);
    // For each column, the row index of the cell a continued cell merges into.
    let mut origin: HashMap<usize, usize> = HashMap::new();
    for r in 0..rows.len() {
        let cells: Vec<(usize, bool)> = rows
            .get(r)
            .map(|row| row.cells.iter().map(|c| (c.col, c.continued)).collect())
            .unwrap_or_default();
        for (k, (col, continued)) in cells.into_iter().enumerate() {
            if !continued {
                origin.insert(col, r);
                continue;
            }
            let target = origin.get(&col).copied();
            let first = target.and_then(|o| rows.get_mut(o)?.cells.iter_mut().find(|c| c.col == col));
            match first {
                Some(c) => c.row_span += 1,
                // A continuation with nothing above it starts the merge.
                None => {
                    if let Some(c) = rows.get_mut(r).and_then(|row| row.cells.get_mut(k)) {
                        c.continued = false;
                    }
                    origin.insert(col, r);
                }
            }
        }
    }
    Grid { rows, columns, location: Location::Table { table: t.number, row: 1, cell: None }, aligned }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn doc(body: &str) -> Vec<u8> {
        format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>").into_bytes()
    }

    #[test]
    fn size_cap_holds_even_when_the_declared_size_lies() {
        let xml = doc(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "x".repeat(5000)));
        let bytes = zip_with(&[("word/document.xml", &xml)]);
        let e = read_capped(&bytes, 1000).unwrap_err();
        assert!(e.to_string().contains("more than 1000 bytes"), "{e}");
        assert!(read_capped(&bytes, 100_000).is_ok());
    }

    #[test]
    fn bad_archives() {
        let kind = |b: &[u8]| read(b).unwrap_err().to_string();
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("f{i}")).collect();
        let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert!(kind(&zip_with(&many)).contains("entries"));
        assert!(kind(&zip_with(&[("a.txt", b"hi")])).contains("not a Word document"));
        assert!(kind(&zip_with(&[("word/document.xml", b"<w:document><w:body><w:tbl><w:tr>")]))
            .contains("truncated"));
        assert!(kind(b"PK\x03\x04 truncated").contains("corrupt or truncated"));
    }

    #[test]
    fn automatic_numbering() {
        let numbering = r#"<w:numbering xmlns:w="w">
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%3）"/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
            </w:numbering>"#;
        let styles = r#"<w:styles xmlns:w="w"><w:style w:styleId="H"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:styleId="H2"><w:basedOn w:val="H"/></w:style></w:styles>"#;
        let p = |lvl: Option<u8>, num: &str, text: &str| {
            match lvl {
            Some(l) => format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            ),
            None => format!("<w:p><w:pPr><w:pStyle w:val=\"{num}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"),
        }
        };
        let body = [
            p(None, "H2", "经济发展"),
            p(Some(1), "1", "地区生产总值"),
            p(Some(2), "1", "细项"),
            p(Some(2), "1", "细项"),
            p(Some(1), "1", "城镇新增就业"),
            p(Some(2), "1", "细项"),
            p(Some(0), "1", "社会民生"),
            p(Some(1), "1", "新建学校"),
            p(Some(0), "2", "要点"),
            p(Some(0), "0", "无编号"),
        ]
        .concat();
        let bytes = zip_with(&[
            ("word/document.xml", &doc(&body)),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ]);
        let texts: Vec<String> = read(&bytes)
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text,
                Block::Table(_) => String::new(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "一、经济发展",
                "1.地区生产总值",
                "（1）细项",
                "（2）细项",
                "2.城镇新增就业",
                "（1）细项",
                "二、社会民生",
                "1.新建学校",
                "要点",
                "无编号"
            ]
        );
    }

    #[test]
    fn merged_cells_and_nested_tables() {
        let tc = |props: &str, text: &str| {
            format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let nested = "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc>\
                      <w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc>";
        let body = format!(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>\
             <w:tr>{}{}{}</w:tr><w:tr>{}{}{nested}</w:tr></w:tbl>",
            tc("", "序号"),
            tc("<w:gridSpan w:val=\"2\"/>", "任务"),
            tc("<w:vMerge w:val=\"restart\"/>", "1"),
            tc("", "甲"),
            tc("", "乙"),
            tc("<w:vMerge/>", ""),
            tc("", "丙"),
        );
        let bytes = zip_with(&[("word/document.xml", &doc(&body))]);
        let source = read(&bytes).unwrap();
        let [Block::Table(g)] = source.blocks.as_slice() else { panic!("{:?}", source.blocks) };
        assert_eq!((g.columns, g.aligned), (3, true));
        assert!(g.rows[0].header);
        assert_eq!((g.rows[0].cells[1].col, g.rows[0].cells[1].col_span), (1, 2));
        assert_eq!(g.rows[1].cells[0].row_span, 2);
        assert!(g.rows[2].cells[0].continued);
        assert_eq!(g.rows[2].cells[2].lines, ["内1", "内2", ""]);
        assert_eq!(g.rows[2].cells[1].location.to_string(), "table 1 row 3 cell 2");
    }

    #[test]
    fn number_formats() {
        assert_eq!(chinese_counting(11, "一二三四五六七八九", "十百"), "十一");
        assert_eq!(chinese_counting(23, "一二三四五六七八九", "十百"), "二十三");
        assert_eq!(chinese_counting(105, "一二三四五六七八九", "十百"), "一百零五");
        assert_eq!(chinese_counting(110, "一二三四五六七八九", "十百"), "一百一十");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
    }
}
