//! Writes the .docx fixtures: the bundled report as a Word table, and small
//! documents for each merge pattern and for tracked changes; and an Excel
//! sheet with a merged title, merged section rows and merged 序号/工作任务.
//!
//! `cargo run --example docx_fixtures` (re-run after changing the corpus; the
//! fixtures are committed).

use std::io::Write;

/// A table cell: its paragraphs, and how it merges.
struct Cell {
    paragraphs: Vec<String>,
    span: usize,
    merge: Merge,
}

#[derive(Clone, Copy, PartialEq)]
enum Merge {
    None,
    Restart,
    Continue,
}

enum Block {
    Paragraph(String),
    /// Grid columns and rows.
    Table(usize, Vec<Vec<Cell>>),
    /// Raw XML, for tracked changes and fields.
    Raw(String),
}

fn cell(text: &str) -> Cell {
    Cell { paragraphs: text.split('\n').map(str::to_string).collect(), span: 1, merge: Merge::None }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn paragraph_xml(text: &str) -> String {
    if text.is_empty() {
        "<w:p/>".into()
    } else {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", escape(text))
    }
}

fn document_xml(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Paragraph(p) => body.push_str(&paragraph_xml(p)),
            Block::Raw(x) => body.push_str(x),
            Block::Table(grid, rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
                for _ in 0..*grid {
                    body.push_str("<w:gridCol w:w=\"1800\"/>");
                }
                body.push_str("</w:tblGrid>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for c in row {
                        body.push_str("<w:tc><w:tcPr>");
                        if c.span > 1 {
                            body.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", c.span));
                        }
                        match c.merge {
                            Merge::Restart => body.push_str("<w:vMerge w:val=\"restart\"/>"),
                            Merge::Continue => body.push_str("<w:vMerge/>"),
                            Merge::None => {}
                        }
                        body.push_str("</w:tcPr>");
                        for p in &c.paragraphs {
                            body.push_str(&paragraph_xml(p));
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

fn write_docx(path: &str, blocks: &[Block]) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
                .to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
                .to_string(),
        ),
        ("word/document.xml", document_xml(blocks)),
    ];
    for (name, content) in parts {
        zip.start_file(name, opts)?;
        zip.write_all(content.as_bytes())?;
    }
    zip.finish()?;
    Ok(())
}

/// The text dump as Word blocks: headings and other lines outside tables are
/// paragraphs; a tab-led line starts a cell; a tab-led line after a blank line
/// starts a row.
fn blocks_from_dump(text: &str) -> Vec<Block> {
    let heading = |l: &str| {
        l.chars().next().is_some_and(|c| "一二三四五六七八九十".contains(c))
            && l.contains('、')
            && !l.starts_with('\t')
    };
    let tab_led = |l: &str| l.trim_start_matches(' ').starts_with('\t');
    let mut blocks = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut prev_blank = true;
    let close = |rows: &mut Vec<Vec<Cell>>, blocks: &mut Vec<Block>| {
        if rows.is_empty() {
            return;
        }
        // Blank lines that ended the last cell separate it from what follows.
        if let Some(last) = rows.last_mut().and_then(|r| r.last_mut()) {
            while last.paragraphs.len() > 1 && last.paragraphs.last().is_some_and(|p| p.is_empty()) {
                last.paragraphs.pop();
            }
        }
        let grid = rows.iter().map(Vec::len).max().unwrap_or(1);
        blocks.push(Block::Table(grid, std::mem::take(rows)));
    };
    for line in text.lines() {
        if heading(line) || (rows.is_empty() && !tab_led(line)) {
            close(&mut rows, &mut blocks);
            if !line.is_empty() {
                blocks.push(Block::Paragraph(line.to_string()));
            }
            prev_blank = line.is_empty();
            continue;
        }
        if tab_led(line) {
            let content = line.trim_start_matches(' ').trim_start_matches('\t');
            if prev_blank || rows.is_empty() {
                // The blank line before a new row separates rows.
                if let Some(last) = rows.last_mut().and_then(|r| r.last_mut()) {
                    if last.paragraphs.last().is_some_and(|p| p.is_empty()) && last.paragraphs.len() > 1 {
                        last.paragraphs.pop();
                    }
                }
                rows.push(Vec::new());
            }
            if let Some(row) = rows.last_mut() {
                row.push(cell(content));
            }
        } else if let Some(c) = rows.last_mut().and_then(|r| r.last_mut()) {
            c.paragraphs.push(line.to_string());
        }
        prev_blank = line.trim().is_empty() && !tab_led(line);
    }
    close(&mut rows, &mut blocks);
    blocks
}

fn header() -> Vec<Cell> {
    ["序号", "工作任务", "责任单位", "责任人", "进展情况"].iter().map(|h| cell(h)).collect()
}

fn main() -> std::io::Result<()> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let corpus = std::fs::read_to_string(format!("{dir}/corpora/jiangmen-2018-q1-q3.txt"))?;
    write_docx(&format!("{dir}/corpora/jiangmen-2018-q1-q3.docx"), &blocks_from_dump(&corpus))?;

    let title = || Block::Paragraph("2019年市政府重点工作1-6月进展情况汇总表".into());
    let heading = |n: u32| Block::Paragraph(format!("一、王五同志分管工作（共{n}项）"));
    let merged = |c: Cell, merge| Cell { merge, ..c };

    // 序号 and 工作任务 merged vertically over a group of sub-items.
    let rows = vec![
        header(),
        vec![
            merged(cell("1"), Merge::Restart),
            merged(cell("建设公园。\n（牵头单位：市园林局）"), Merge::Restart),
            cell("（1）东湖公园。"),
            cell("蓬江区政府"),
            cell("李  四"),
            cell("已完成。\n主体完工。"),
        ],
        vec![
            merged(cell(""), Merge::Continue),
            merged(cell(""), Merge::Continue),
            cell("（2）西湖公园。"),
            cell("江海区政府"),
            cell("赵六"),
            cell("▲未按进度完成。\n因征地问题，工程延误。"),
        ],
        vec![
            cell("2"),
            Cell { span: 2, ..cell("城镇新增就业1.2万人。") },
            cell("市人社局"),
            cell("周七"),
            cell("按进度完成。\n新增就业6500人。"),
        ],
    ];
    write_docx(
        &format!("{dir}/tests/fixtures/docx/merged-vertical.docx"),
        &[title(), heading(2), Block::Table(6, rows)],
    )?;

    // One 进展情况 cell covering two sub-items.
    let rows = vec![
        header(),
        vec![
            merged(cell("1"), Merge::Restart),
            merged(cell("治理黑臭水体。"), Merge::Restart),
            cell("（1）天沙河。"),
            cell("蓬江区政府"),
            cell("李四"),
            merged(cell("按进度完成。\n天沙河、杜阮河已完成清淤。"), Merge::Restart),
        ],
        vec![
            merged(cell(""), Merge::Continue),
            merged(cell(""), Merge::Continue),
            cell("（2）杜阮河。"),
            cell("蓬江区政府"),
            cell("李四"),
            merged(cell(""), Merge::Continue),
        ],
    ];
    write_docx(
        &format!("{dir}/tests/fixtures/docx/merged-progress.docx"),
        &[title(), heading(1), Block::Table(6, rows)],
    )?;

    // Section headings as rows spanning the table, the header row repeated.
    let span = |t: &str| Cell { span: 5, ..cell(t) };
    let rows = vec![
        vec![span("一、王五同志分管工作（共1项）")],
        header(),
        vec![
            cell("1"),
            cell("建设学校。"),
            cell("市教育局"),
            cell("孙八"),
            cell("按进度完成。\n完成主体结构。"),
        ],
        vec![span("二、赵六同志分管工作（共1项）")],
        header(),
        vec![
            cell("1"),
            cell("建设医院。"),
            cell("市卫生局"),
            cell("钱九"),
            cell("基本按进度完成。\n完成招标。"),
        ],
    ];
    write_docx(&format!("{dir}/tests/fixtures/docx/heading-rows.docx"), &[title(), Block::Table(5, rows)])?;

    // Tracked changes, a hyperlink, a field and a line break inside a cell.
    let run = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let progress = [
        format!("<w:p>{}</w:p>", run("按进度完成。")),
        format!(
            "<w:p><w:del><w:r><w:delText>截至8月底，</w:delText></w:r></w:del><w:ins>{}</w:ins>{}\
             <w:hyperlink>{}</w:hyperlink><w:r><w:instrText> PAGE </w:instrText></w:r>{}<w:r><w:br/></w:r>{}</w:p>",
            run("截至9月底，"),
            run("新增就业"),
            run("6500人"),
            run("。"),
            run("其中高校毕业生1200人。")
        ),
    ]
    .concat();
    let cells: String = ["1", "城镇新增就业1.2万人。", "市人社局", "周七"]
        .iter()
        .map(|t| format!("<w:tc>{}</w:tc>", paragraph_xml(t)))
        .chain(std::iter::once(format!("<w:tc>{progress}</w:tc>")))
        .collect();
    let table =
        format!("<w:tbl><w:tblGrid>{}</w:tblGrid><w:tr>{cells}</w:tr></w:tbl>", "<w:gridCol/>".repeat(5));
    write_docx(
        &format!("{dir}/tests/fixtures/docx/tracked-changes.docx"),
        &[title(), heading(1), Block::Raw(table)],
    )?;
    write_sheet(&format!("{dir}/tests/fixtures/xlsx/report.xlsx")).map_err(std::io::Error::other)?;
    println!("wrote corpora/jiangmen-2018-q1-q3.docx, tests/fixtures/docx/*.docx and tests/fixtures/xlsx/report.xlsx");
    Ok(())
}

/// An Excel report: title and section rows merged across, a header with
/// slightly different names, 序号/工作任务 merged over two sub-items.
fn write_sheet(path: &str) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let f = rust_xlsxwriter::Format::new().set_text_wrap();
    ws.merge_range(0, 0, 0, 5, "2020年区政府重点工作1-6月进展情况汇总表", &f)?;
    ws.merge_range(1, 0, 1, 5, "一、甲同志分管工作（共2项）", &f)?;
    for (c, h) in ["序号", "工作任务", "子项", "责任单位", "责任人", "进展情况"].iter().enumerate()
    {
        ws.write_string(2, c as u16, *h)?;
    }
    ws.merge_range(3, 0, 4, 0, "1", &f)?;
    ws.merge_range(3, 1, 4, 1, "完成造林2万亩。\n（牵头单位：区林业局）", &f)?;
    let rows: [[&str; 4]; 2] = [
        ["（1）东片。", "东片街道", "钱一", "按进度完成。\n已造林0.9万亩。"],
        ["（2）西片。", "西片街道", "孙二", "基本按进度完成。\n已造林0.5万亩，受台风影响进度偏慢。"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(3 + r as u32, 2 + c as u16, *v, &f)?;
        }
    }
    ws.write_number(5, 0, 2.0)?;
    ws.merge_range(5, 1, 5, 2, "新增就业1万人。", &f)?;
    ws.write_string(5, 3, "区人社局\n区财政局")?;
    ws.write_string(5, 4, "李三\n周四")?;
    ws.write_string_with_format(5, 5, "已完成。\n截至6月底，新增就业1.2万人。", &f)?;
    wb.save(path)
}
