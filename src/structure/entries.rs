//! Rebuilding the 责任单位 and 责任人 cells into one entry per unit or person.

use super::model::WarningKind;
use crate::input::Location;

/// A note about how a cell was cleaned, for the warnings.
pub(crate) struct Note {
    pub location: Location,
    pub kind: WarningKind,
    pub message: String,
}

/// Line starts that continue the previous line's unit (成员单位 after 领导小组).
const UNIT_CONTINUATIONS: &[&str] =
    &["成员单位", "成员", "单位", "及", "和", "职责部门", "负责人", "领导小组", "工作领导小组"];

/// Endings of a complete unit name; a line ending otherwise was wrapped.
const UNIT_ENDINGS: &[char] = &[
    '局', '委', '办', '府', '部', '院', '心', '站', '社', '联', '校', '学', '关', '行', '组', '位', '门',
    '会', '所', '队', '司', '团', '厂', '室', '处', '科', '馆', '台', '）', ')', '员', '长', '区', '县',
    '市', '镇', '道',
];

/// Starts of a new unit name: a wrapped line never starts like this.
const UNIT_STARTS: &[&str] =
    &["市", "各", "江门", "省", "区", "县", "镇", "团市委", "高新", "人行", "中国", "国家"];

/// Entries printed on one line and separated by 、，；: one entry each.
fn split_entries<S: AsRef<str>>(lines: &[(Location, S)]) -> Vec<(&Location, &str)> {
    const SEPARATORS: [char; 5] = ['、', '，', ',', '；', ';'];
    let mut out = Vec::new();
    for (at, line) in lines {
        let line = line.as_ref();
        if line.contains(SEPARATORS) {
            out.extend(line.split(SEPARATORS).filter(|p| !p.trim().is_empty()).map(|p| (at, p)));
        } else {
            out.push((at, line));
        }
    }
    out
}

/// Splits a 责任单位 cell into units, joining names wrapped over two lines.
pub(crate) fn parse_units<S: AsRef<str>>(lines: &[(Location, S)], notes: &mut Vec<Note>) -> Vec<String> {
    let lines = split_entries(lines);
    let mut units: Vec<String> = Vec::new();
    let mut last: Option<&Location> = None;
    for (n, (at, raw)) in lines.iter().enumerate() {
        let text = raw.trim();
        if text.is_empty() {
            if more_text_after(&lines, n) && !units.is_empty() {
                stray_blank(at, "责任单位", notes);
            }
            continue;
        }
        let continues = units.last().is_some_and(|prev| {
            UNIT_CONTINUATIONS.iter().any(|c| text.starts_with(c))
                || (!prev.ends_with(UNIT_ENDINGS) && !UNIT_STARTS.iter().any(|s| text.starts_with(s)))
        });
        match units.last_mut() {
            Some(prev) if continues => {
                let span = match (last.and_then(Location::line), at.line()) {
                    (Some(a), Some(b)) => format!(" over lines {a}-{b}"),
                    _ => String::new(),
                };
                notes.push(Note {
                    location: (*at).clone(),
                    kind: WarningKind::EntryJoined,
                    message: format!("责任单位 wrapped{span}: joined {prev} + {text}"),
                });
                prev.push_str(text);
            }
            _ => units.push(text.to_string()),
        }
        last = Some(at);
    }
    units
}

/// Splits a 责任人 cell into persons: removes padding inside names (陈  霞),
/// joins roles wrapped over lines (成员单位 / 负责人) and splits two names
/// printed on one line.
pub(crate) fn parse_persons<S: AsRef<str>>(lines: &[(Location, S)], notes: &mut Vec<Note>) -> Vec<String> {
    let lines = split_entries(lines);
    let mut persons: Vec<String> = Vec::new();
    for (n, (at, raw)) in lines.iter().enumerate() {
        let text = raw.trim();
        let note = |kind, message| Note { location: (*at).clone(), kind, message };
        if text.is_empty() {
            if more_text_after(&lines, n) && !persons.is_empty() {
                stray_blank(at, "责任人", notes);
            }
            continue;
        }
        let parts: Vec<&str> = text.split_whitespace().collect();
        if parts.len() > 1 && parts.iter().all(|p| p.chars().count() >= 2) {
            notes.push(note(
                WarningKind::NamesSplit,
                format!("two names on one line split: {}", parts.join(" | ")),
            ));
            persons.extend(parts.iter().map(|p| p.to_string()));
            continue;
        }
        let name: String = parts.concat();
        if name.starts_with("负责人") {
            if let Some(prev) = persons.last_mut() {
                notes.push(note(
                    WarningKind::EntryJoined,
                    format!("责任人 wrapped over two lines: joined {prev} + {name}"),
                ));
                prev.push_str(&name);
                continue;
            }
        }
        match split_two_names(&name) {
            Some((a, b)) => {
                notes.push(note(
                    WarningKind::NamesSplit,
                    format!("two names on one line split: {name} → {a} | {b}"),
                ));
                persons.push(a.to_string());
                persons.push(b.to_string());
            }
            None => persons.push(name),
        }
    }
    persons
}

/// 谢少谋林贤进 → (谢少谋, 林贤进): six Han characters with no role word are two
/// three-character names.
fn split_two_names(name: &str) -> Option<(&str, &str)> {
    const ROLE: &[char] = &['长', '人', '位', '门', '局', '委', '办', '府', '员', '组', '（'];
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    if chars.len() != 6 || chars.iter().any(|(_, c)| !is_han(*c) || ROLE.contains(c)) {
        return None;
    }
    let mid = chars.get(3)?.0;
    Some(name.split_at(mid))
}

/// Whether `c` is a Han character (CJK unified ideographs and extension A).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Whether a non-blank line follows line `n` in the cell (a blank line at the
/// end of a cell only separates it from the next row).
fn more_text_after(lines: &[(&Location, &str)], n: usize) -> bool {
    lines.get(n + 1..).is_some_and(|rest| rest.iter().any(|(_, l)| !l.trim().is_empty()))
}

fn stray_blank(at: &Location, cell: &str, notes: &mut Vec<Note>) {
    notes.push(Note {
        location: at.clone(),
        kind: WarningKind::StrayBlank,
        message: format!("blank line inside the {cell} cell dropped"),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<(Location, String)> {
        s.split('\n').enumerate().map(|(i, l)| (Location::Line(i + 1), l.to_string())).collect()
    }

    #[test]
    fn units() {
        let cases: &[(&str, &[&str])] = &[
            ("市委政法委\n市公安局\n各市（区）政府", &["市委政法委", "市公安局", "各市（区）政府"]),
            (
                "市人力资源社会保障局\n市人才工作领导小组\n成员单位",
                &["市人力资源社会保障局", "市人才工作领导小组成员单位"],
            ),
            ("市编办\n商事制度登记\n改革领导小组\n成员单位", &["市编办", "商事制度登记改革领导小组成员单位"]),
            (
                "市安全监管局\n负有安全监管\n职责部门\n各市（区）政府",
                &["市安全监管局", "负有安全监管职责部门", "各市（区）政府"],
            ),
            (
                "市金融局\n市处置非法集资领导小组成员\n各市（区）政府",
                &["市金融局", "市处置非法集资领导小组成员", "各市（区）政府"],
            ),
            ("市法制局\n起草责任单位\n及相关部门", &["市法制局", "起草责任单位及相关部门"]),
            (
                "市财政局\n投资项目承诺制改革\n实施有关责任单位",
                &["市财政局", "投资项目承诺制改革实施有关责任单位"],
            ),
            ("市发展改革局、市统计局；各区政府", &["市发展改革局", "市统计局", "各区政府"]),
        ];
        for (input, want) in cases {
            let mut notes = Vec::new();
            assert_eq!(parse_units(&lines(input), &mut notes), *want, "{input}");
        }
    }

    #[test]
    fn persons() {
        let cases: &[(&str, &[&str])] = &[
            ("赖惠镇\n陈  霞\n各市（区）长", &["赖惠镇", "陈霞", "各市（区）长"]),
            ("曾锦俊\n成员单位\n负责人\n各市（区）长", &["曾锦俊", "成员单位负责人", "各市（区）长"]),
            ("梁君明\n谢少谋林贤进\n刘  兵", &["梁君明", "谢少谋", "林贤进", "刘兵"]),
            ("余中华\n王长青\n\n陈雁成", &["余中华", "王长青", "陈雁成"]),
            ("芶晓彤\n责任单位及相关部门负责人", &["芶晓彤", "责任单位及相关部门负责人"]),
            ("李明 王芳", &["李明", "王芳"]),
            ("张三、李四，王五", &["张三", "李四", "王五"]),
        ];
        for (input, want) in cases {
            let mut notes = Vec::new();
            assert_eq!(parse_persons(&lines(input), &mut notes), *want, "{input}");
        }
    }
}
