//! The dashboard's charts, drawn as inline SVG.
//!
//! Written by hand: two simple charts (stacked bars and a bullet chart) need
//! rectangles, lines and text, and a plotting crate would draw text in its
//! own fonts where the browser's CJK fonts are wanted. Every text is escaped.

use std::fmt::Write;

/// `text` safe inside SVG and HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first `n` characters of `text`, with an ellipsis when cut.
pub fn clip(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// One bar of a stacked bar chart: a label, a tooltip and its segments
/// (count, CSS class, segment name), in the order drawn.
pub struct StackedRow {
    pub label: String,
    pub title: String,
    pub segments: Vec<(usize, &'static str, &'static str)>,
}

const WIDTH: f64 = 960.0;
const LABEL: f64 = 300.0;
const ROW: f64 = 22.0;

/// Horizontal stacked bars, one per row, scaled to the longest.
pub fn stacked(rows: &[StackedRow]) -> String {
    let most = rows.iter().map(|r| r.segments.iter().map(|s| s.0).sum::<usize>()).max().unwrap_or(0).max(1);
    let room = WIDTH - LABEL - 50.0;
    let height = ROW * rows.len() as f64 + 4.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" \
         preserveAspectRatio=\"xMinYMin meet\">"
    );
    for (i, row) in rows.iter().enumerate() {
        let y = ROW * i as f64 + 2.0;
        let _ = write!(
            svg,
            "<g><title>{}</title><text class=\"label\" x=\"{:.0}\" y=\"{:.1}\">{}</text>",
            escape(&row.title),
            LABEL - 8.0,
            y + 15.0,
            escape(&row.label)
        );
        let mut x = LABEL;
        let total: usize = row.segments.iter().map(|s| s.0).sum();
        for &(n, class, name) in row.segments.iter().filter(|s| s.0 > 0) {
            let w = room * n as f64 / most as f64;
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.0}\">\
                 <title>{} {n}</title></rect>",
                ROW - 6.0,
                escape(name)
            );
            if w >= 18.0 {
                let _ = write!(
                    svg,
                    "<text class=\"in\" x=\"{:.1}\" y=\"{:.1}\">{n}</text>",
                    x + w / 2.0,
                    y + 12.5
                );
            }
            x += w;
        }
        let _ = write!(
            svg,
            "<text class=\"total\" x=\"{:.1}\" y=\"{:.1}\">{total}</text></g>",
            x + 6.0,
            y + 12.5
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One target of the bullet chart: completion and the share of the year
/// elapsed, both as fractions (0.588, 0.75).
pub struct PaceRow {
    pub label: String,
    pub title: String,
    pub completion: f64,
    pub expected: f64,
    pub off_pace: bool,
    pub note: String,
}

/// A bullet chart: per target a bar of its completion, a tick at the share
/// of the year elapsed; off-pace bars marked. The scale runs to 100%, or to
/// the largest completion up to 150%.
pub fn pace(rows: &[PaceRow]) -> String {
    let top = rows.iter().map(|r| r.completion.max(r.expected)).fold(1.0, f64::max).min(1.5);
    let (left, room) = (LABEL, WIDTH - LABEL - 250.0);
    let x_of = |share: f64| left + room * share.clamp(0.0, top) / top;
    let height = ROW * rows.len() as f64 + 24.0;
    let mut svg = format!(
        "<svg class=\"chart pace\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" \
         preserveAspectRatio=\"xMinYMin meet\">"
    );
    for share in [0.0, 0.5, 1.0, 1.5].into_iter().filter(|s| *s <= top + 1e-9) {
        let x = x_of(share);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"0\" y2=\"{:.1}\"/>\
             <text class=\"axis\" x=\"{x:.1}\" y=\"{:.1}\">{:.0}%</text>",
            height - 16.0,
            height - 3.0,
            share * 100.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = ROW * i as f64 + 2.0;
        let class = if row.off_pace { "bar off" } else { "bar" };
        let _ = write!(
            svg,
            "<g><title>{}</title><text class=\"label\" x=\"{:.0}\" y=\"{:.1}\">{}</text>\
             <rect class=\"{class}\" x=\"{left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\"/>\
             <line class=\"tick\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\
             <text class=\"note{}\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            escape(&row.title),
            left - 8.0,
            y + 14.0,
            escape(&row.label),
            y + 5.0,
            x_of(row.completion) - left,
            y + 1.0,
            y + 19.0,
            if row.off_pace { " off" } else { "" },
            left + room + 10.0,
            y + 14.0,
            escape(&row.note),
            x = x_of(row.expected),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_clipped() {
        assert_eq!(escape("<script>a&\"b'"), "&lt;script&gt;a&amp;&quot;b&#39;");
        assert_eq!(clip("一二三四", 2), "一二…");
        assert_eq!(clip("一二", 2), "一二");
    }

    #[test]
    fn bars_scale_to_the_longest() {
        let row = |n: usize| StackedRow {
            label: "<x>".into(),
            title: "t".into(),
            segments: vec![(n, "done", "已完成"), (0, "behind", "未按进度完成")],
        };
        let svg = stacked(&[row(10), row(5)]);
        // The longest bar fills the room (960 - 300 - 50), the other half of it.
        assert!(svg.contains("width=\"610.0\""), "{svg}");
        assert!(svg.contains("width=\"305.0\""), "{svg}");
        assert!(svg.contains("&lt;x&gt;") && !svg.contains("<x>"));
        // Empty segments are not drawn.
        assert!(!svg.contains("class=\"behind\""));
    }

    #[test]
    fn pace_marks_off_pace_rows_and_caps_the_scale() {
        let row = |c: f64, off: bool| PaceRow {
            label: "m".into(),
            title: "t".into(),
            completion: c,
            expected: 0.75,
            off_pace: off,
            note: "n".into(),
        };
        let svg = pace(&[row(0.5, true), row(3.0, false)]);
        assert_eq!(svg.matches("class=\"bar off\"").count(), 1);
        // 300% is drawn at the 150% end of the scale: the whole room of 410.
        assert!(svg.contains("width=\"410.0\""), "{svg}");
        assert!(svg.contains(">150%<"));
    }
}
