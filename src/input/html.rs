//! Saved web pages (.html, .htm): the paragraphs and data tables of the page
//! body as [`Block`]s.
//!
//! Parsed with html5ever (through scraper), never with regexes. Every
//! `<table>` without a table inside it is a data table: `rowspan` and
//! `colspan` are resolved onto a grid, `<th>` rows and `<thead>` mark
//! headers, `<br>`, `<p>` and `<div>` break a cell's lines. A table that holds
//! other tables only lays out the page: its cells are read as paragraphs.
//! Scripts, styles, forms and site navigation (`<nav>`, and elements whose
//! class or id says nav, menu, breadcrumb, footer …) are left out. The
//! charset comes from a byte-order mark, `<meta charset>` or `http-equiv`
//! (UTF-8, GB2312, GBK, GB18030, Big5); without one, the bytes decide.
//! The walk is iterative, so deeply nested markup cannot overflow the stack.

use super::{Block, Cell, Format, Grid, Location, Note, Paragraph, Row, Source};
use crate::error::{Error, ErrorKind, Result};
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::node::Node;
use std::collections::HashSet;

/// At most this many columns or rows a cell may span.
const MAX_SPAN: usize = 1000;
/// At most this deep may elements nest: html5ever's tree builder checks
/// the open elements for every tag, so a page nested 40,000 deep takes
/// seconds, and real pages nest a few dozen deep.
const MAX_DEPTH: usize = 1000;

/// Reads a web page into blocks.
pub(crate) fn read(bytes: &[u8]) -> Result<Source> {
    let (text, lossy) = decode(bytes)?;
    read_str(&text, lossy)
}

/// Reads a decoded web page; `lossy` when its bytes had invalid sequences.
pub(crate) fn read_str(text: &str, lossy: bool) -> Result<Source> {
    let depth = nesting_depth(text);
    if depth > MAX_DEPTH {
        return Err(Error::new(ErrorKind::Binary {
            looks_like: format!(
                "a web page whose elements nest {depth} deep (at most {MAX_DEPTH}): not a report page"
            ),
        }));
    }
    let page = scraper::Html::parse_document(text);
    let mut walker = Walker::default();
    walker.walk(*page.root_element());
    let mut notes = Vec::new();
    if lossy {
        notes.push(Note {
            location: Location::Unknown,
            message: "the page has bytes that are not valid in its charset; they were replaced by �".into(),
        });
    }
    Ok(Source { format: Format::Html, blocks: walker.blocks, notes })
}

/// Elements whose end tag may be left out, and void elements: they do not
/// deepen the tree by themselves.
const NOT_NESTING: &[&str] = &[
    "p", "li", "td", "th", "tr", "option", "optgroup", "dt", "dd", "tbody", "thead", "tfoot", "colgroup",
    "caption", "rt", "rp", "html", "head", "body", "br", "hr", "img", "input", "meta", "link", "area",
    "base", "col", "embed", "source", "track", "wbr", "param",
];

/// How deep the page's elements nest, counted on the tags alone (one pass,
/// before the tree is built); comments, scripts and styles are skipped.
fn nesting_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    let find = |from: usize, pat: &[u8]| {
        memchr::memmem::find(bytes.get(from..).unwrap_or_default(), pat).map(|k| from + k)
    };
    while let Some(k) = memchr::memchr(b'<', bytes.get(i..).unwrap_or_default()) {
        let at = i + k + 1;
        if bytes.get(at..at + 3) == Some(b"!--") {
            i = find(at, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_at = if closing { at + 1 } else { at };
        let name_len =
            bytes.get(name_at..).unwrap_or_default().iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = text.get(name_at..name_at + name_len).unwrap_or_default().to_ascii_lowercase();
        let end = memchr::memchr(b'>', bytes.get(name_at..).unwrap_or_default())
            .map_or(bytes.len(), |e| name_at + e);
        i = end + 1;
        if name.is_empty() || NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if bytes.get(end.saturating_sub(1)) != Some(&b'/') {
            depth += 1;
            max = max.max(depth);
            if matches!(name.as_str(), "script" | "style") {
                let close = format!("</{name}");
                i = find(i, close.as_bytes()).unwrap_or(bytes.len());
            }
        }
    }
    max
}

/// The page as text, in the charset it declares or the bytes show.
fn decode(bytes: &[u8]) -> Result<(String, bool)> {
    let (encoding, body) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        (enc, bytes.get(bom_len..).unwrap_or_default())
    } else if let Some(enc) = declared_charset(bytes) {
        (enc, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        (detector.guess(None, chardetng::Utf8Detection::Allow), bytes)
    };
    // GB2312 and GBK pages are read as GB18030, their superset.
    let encoding = if encoding == encoding_rs::GBK { encoding_rs::GB18030 } else { encoding };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors && text.chars().filter(|&c| c == '\u{FFFD}').count() * 100 > text.chars().count().max(1) {
        return Err(Error::new(ErrorKind::Encoding {
            encoding: format!("{} (as the page declares or its bytes suggest)", encoding.name()),
            offset: None,
        }));
    }
    Ok((text.into_owned(), had_errors))
}

/// The charset of `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">`.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower.get(from..)?.find("charset") {
        let at = from + k + "charset".len();
        from = at;
        let rest = lower.get(at..)?.trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let label: String = rest
            .trim_start_matches([' ', '"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            return Some(enc);
        }
    }
    None
}

/// Elements whose content is not part of the report.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "iframe", "object", "embed", "svg", "select",
    "option", "button", "input", "textarea", "map", "canvas", "audio", "video", "title",
];
/// Class or id words of site navigation.
const NAVIGATION: &[&str] = &["nav", "menu", "breadcrumb", "crumb", "footer", "sidebar", "share", "toolbar"];
/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "form",
    "header",
    "main",
    "aside",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "hr",
    "address",
    "figure",
    "figcaption",
    "fieldset",
    "legend",
];

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn is_skipped(node: NodeRef<'_, Node>) -> bool {
    let Node::Element(e) = node.value() else { return false };
    if SKIPPED.contains(&e.name()) || e.attr("role") == Some("navigation") {
        return true;
    }
    let words = [e.attr("class").unwrap_or(""), e.attr("id").unwrap_or("")].join(" ").to_ascii_lowercase();
    words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| NAVIGATION.iter().any(|n| w == *n || w.starts_with(n)))
        && e.name() != "table"
}

/// Lines of text as a browser would lay them out: white space collapsed,
/// line breaks at `<br>` and block elements; a line break between two
/// Chinese characters in the source is not a space.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    current: String,
    /// White space seen since the last character: (seen, had a newline).
    space: Option<bool>,
}

impl Lines {
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() {
                let newline = matches!(c, '\n' | '\r');
                self.space = Some(self.space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.space.take() {
                let prev = self.current.chars().next_back();
                let joined = newline && prev.is_some_and(is_wide) && is_wide(c);
                if prev.is_some() && !joined {
                    self.current.push(' ');
                }
            }
            self.current.push(c);
        }
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.current));
        self.space = None;
    }

    /// Ends the current line at a block boundary (no empty line for nested blocks).
    fn end_block(&mut self) {
        if !self.current.is_empty() {
            self.break_line();
        }
        self.space = None;
    }

    fn finish(mut self) -> Vec<String> {
        self.end_block();
        self.lines
    }
}

/// East Asian wide characters and punctuation.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    tables: usize,
    paragraphs: usize,
}

impl Walker {
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let layout = layout_tables(root);
        let mut lines = Lines::default();
        let mut skip: Option<ego_tree::NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skip.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(t) => lines.text(t),
                        Node::Element(e) => {
                            if is_skipped(node) {
                                skip = Some(node.id());
                            } else if e.name() == "table" && !layout.contains(&node.id()) {
                                self.flush(&mut lines);
                                self.tables += 1;
                                let grid = grid(node, self.tables);
                                if !grid.rows.is_empty() {
                                    self.blocks.push(Block::Table(grid));
                                }
                                skip = Some(node.id());
                            } else if e.name() == "br" {
                                lines.break_line();
                            } else if BLOCKS.contains(&e.name()) {
                                lines.end_block();
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if skip == Some(node.id()) {
                        skip = None;
                    } else if skip.is_none() && element_name(node).is_some_and(|n| BLOCKS.contains(&n)) {
                        lines.end_block();
                    }
                }
            }
        }
        self.flush(&mut lines);
    }

    fn flush(&mut self, lines: &mut Lines) {
        for line in std::mem::take(lines).finish() {
            if line.trim().is_empty() {
                continue;
            }
            self.paragraphs += 1;
            self.blocks.push(Block::Paragraph(Paragraph {
                text: line,
                number: None,
                location: Location::Paragraph(self.paragraphs),
            }));
        }
    }
}

/// The tables that hold other tables (they only lay out the page).
fn layout_tables(root: NodeRef<'_, Node>) -> HashSet<ego_tree::NodeId> {
    let mut open: Vec<ego_tree::NodeId> = Vec::new();
    let mut layout = HashSet::new();
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if element_name(n) == Some("table") => {
                if let Some(&parent) = open.last() {
                    layout.insert(parent);
                    layout.extend(open.iter().copied());
                }
                open.push(n.id());
            }
            Edge::Close(n) if element_name(n) == Some("table") => {
                open.pop();
            }
            _ => {}
        }
    }
    layout
}

/// The lines of a cell's content.
fn cell_lines(cell: NodeRef<'_, Node>) -> Vec<String> {
    let mut lines = Lines::default();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) if skip.is_none() => match node.value() {
                Node::Text(t) => lines.text(t),
                Node::Element(e) if node.id() != cell.id() => {
                    if is_skipped(node) {
                        skip = Some(node.id());
                    } else if e.name() == "br" {
                        lines.break_line();
                    } else if BLOCKS.contains(&e.name()) {
                        lines.end_block();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                } else if skip.is_none()
                    && node.id() != cell.id()
                    && element_name(node).is_some_and(|n| BLOCKS.contains(&n))
                {
                    lines.end_block();
                }
            }
            _ => {}
        }
    }
    let mut out = lines.finish();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

fn span(e: &scraper::node::Element, name: &str) -> usize {
    e.attr(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// A data table's grid: rows in document order, `rowspan`/`colspan` resolved
/// (the rows a cell spans below its own get a continued cell at its column).
fn grid(table: NodeRef<'_, Node>, number: usize) -> Grid {
    let trs: Vec<NodeRef<'_, Node>> =
        table.descendants().filter(|n| element_name(*n) == Some("tr")).collect();
    let total = trs.len();
    // Cells from rows above that cover the coming rows: (col, span, rows left).
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let mut rows = Vec::with_capacity(total);
    let mut columns = 0;
    for (r, tr) in trs.iter().enumerate() {
        let at = |cell: usize| Location::Table { table: number, row: r + 1, cell: Some(cell) };
        let in_head = tr.ancestors().any(|a| element_name(a) == Some("thead"));
        let carried = std::mem::take(&mut pending);
        let mut cells: Vec<Cell> = Vec::new();
        let mut col = 0;
        let (mut all_th, mut any) = (true, false);
        let continued = |c: usize, s: usize, n: usize| Cell {
            col: c,
            col_span: s,
            row_span: 1,
            continued: true,
            lines: Vec::new(),
            location: at(n),
        };
        for td in tr.children() {
            let Node::Element(e) = td.value() else { continue };
            if !matches!(e.name(), "td" | "th") {
                continue;
            }
            any = true;
            all_th &= e.name() == "th";
            while let Some(&(c, s, _)) = carried.iter().find(|(c, _, _)| *c == col) {
                cells.push(continued(c, s, cells.len() + 1));
                col += s;
            }
            let colspan = span(e, "colspan");
            let rowspan = match e.attr("rowspan").map(str::trim) {
                Some("0") => total - r,
                _ => span(e, "rowspan").min(total - r),
            };
            cells.push(Cell {
                col,
                col_span: colspan,
                row_span: rowspan,
                continued: false,
                lines: cell_lines(td),
                location: at(cells.len() + 1),
            });
            if rowspan > 1 {
                pending.push((col, colspan, rowspan - 1));
            }
            col += colspan;
        }
        // Cells spanning from above beyond the row's own cells.
        let beyond: Vec<(usize, usize)> =
            carried.iter().filter(|(c, _, _)| *c >= col).map(|&(c, s, _)| (c, s)).collect();
        for (c, s) in beyond {
            cells.push(continued(c, s, cells.len() + 1));
            col = col.max(c + s);
        }
        cells.sort_by_key(|c| c.col);
        columns = columns.max(col);
        pending.extend(
            carried.into_iter().filter(|&(_, _, left)| left > 1).map(|(c, s, left)| (c, s, left - 1)),
        );
        rows.push(Row {
            cells,
            header: any && (all_th || in_head),
            location: Location::Table { table: number, row: r + 1, cell: None },
        });
    }
    Grid { rows, columns, location: Location::Table { table: number, row: 1, cell: None }, aligned: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        read(html.as_bytes()).unwrap().blocks
    }

    #[test]
    fn gb2312_page_with_spans_and_navigation() {
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
            <title>门户</title><script>var x = '<table>';</script></head><body>\
            <div class=\"nav-bar\"><a>首页</a><a>政务公开</a></div>\
            <h1>2019年重点工作\n进展情况</h1>\
            <table><thead><tr><th>序号</th><th colspan=\"2\">工作任务</th><th>进展情况</th></tr></thead>\
            <tr><td rowspan=\"2\">1</td><td rowspan=2>建设公园</td><td>东湖</td><td>已完成。<br>主体完工。</td></tr>\
            <tr><td>西湖</td><td><p>滞后。</p><p>征地未完成。</p></td></tr></table>\
            <div id=\"footer\">版权所有</div></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(html);
        let source = read(&bytes).unwrap();
        let [Block::Paragraph(title), Block::Table(g)] = source.blocks.as_slice() else {
            panic!("{:?}", source.blocks)
        };
        assert_eq!(
            title.text, "2019年重点工作进展情况",
            "a line break between Chinese characters is no space"
        );
        assert_eq!(g.columns, 4);
        assert!(g.rows[0].header);
        assert_eq!((g.rows[0].cells[1].col, g.rows[0].cells[1].col_span), (1, 2));
        let row2: Vec<(usize, bool, String)> =
            g.rows[2].cells.iter().map(|c| (c.col, c.continued, c.text())).collect();
        assert_eq!(
            row2,
            [
                (0, true, String::new()),
                (1, true, String::new()),
                (2, false, "西湖".into()),
                (3, false, "滞后。\n征地未完成。".into())
            ]
        );
        assert_eq!(g.rows[1].cells[3].lines, ["已完成。", "主体完工。"]);
    }

    #[test]
    fn layout_tables_are_read_as_paragraphs() {
        let b = blocks(
            "<html><body><table><tr><td><p>2019年报告</p><table><tr><td>序号</td><td>任务</td></tr></table></td></tr></table></body></html>",
        );
        assert!(matches!(&b[0], Block::Paragraph(p) if p.text == "2019年报告"), "{b:?}");
        assert!(matches!(&b[1], Block::Table(g) if g.rows[0].cells.len() == 2));
    }

    #[test]
    fn charsets_and_sniffing() {
        assert_eq!(declared_charset(b"<meta charset=\"GB2312\">"), Some(encoding_rs::GBK));
        assert_eq!(declared_charset(b"<meta content='text/html;charset=utf-8'>"), Some(encoding_rs::UTF_8));
        assert!(super::super::looks_like_html("\u{feff}  <!DOCTYPE html><html>"));
        assert!(super::super::looks_like_html("<!-- saved from url=(0042) --><html>"));
        assert!(!super::super::looks_like_html("一、经济发展 <table>"));
    }

    #[test]
    fn nesting() {
        let page =
            |n: usize| format!("<html><body>{}深{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
        assert!(matches!(&blocks(&page(900))[..], [Block::Paragraph(p)] if p.text == "深"));
        let e = read(page(100_000).as_bytes()).unwrap_err();
        assert!(e.to_string().contains("nest 100000 deep"), "{e}");
        let flat = "<table>".to_string()
            + &"<tr><td>1<td>2".repeat(5000)
            + "</table><!-- <div><div> --><script>'<div>'</script>";
        assert_eq!(nesting_depth(&flat), 1);
    }
}
