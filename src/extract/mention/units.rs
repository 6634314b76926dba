//! The unit table (`dictionaries/units.tsv`), scale words and the
//! denominators of compound units.

use super::MentionKind;
use crate::extract::decimal::Decimal;
use std::sync::LazyLock;

const UNITS: &str = include_str!("../../../dictionaries/units.tsv");

pub(super) struct UnitDef {
    pub(super) raw: &'static str,
    pub(super) kind: MentionKind,
    pub(super) unit: &'static str,
    pub(super) factor: Decimal,
}

static UNIT_TABLE: LazyLock<Vec<UnitDef>> = LazyLock::new(|| {
    let mut units: Vec<UnitDef> = UNITS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (raw, kind, unit, factor) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some(UnitDef { raw, kind: MentionKind::parse(kind)?, unit, factor: factor.trim().parse().ok()? })
        })
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.raw.len()));
    units
});

/// Units by their first character, longest first, so a lookup compares only
/// the few units that can match.
static UNITS_BY_FIRST: LazyLock<std::collections::HashMap<char, Vec<&'static UnitDef>>> =
    LazyLock::new(|| {
        let mut map: std::collections::HashMap<char, Vec<&'static UnitDef>> =
            std::collections::HashMap::new();
        for u in UNIT_TABLE.iter() {
            if let Some(c) = u.raw.chars().next() {
                map.entry(c).or_default().push(u);
            }
        }
        map
    });

/// The longest unit at the start of `text`.
pub(super) fn unit_at(text: &str) -> Option<&'static UnitDef> {
    let first = text.chars().next()?;
    UNITS_BY_FIRST.get(&first)?.iter().copied().find(|u| text.starts_with(u.raw))
}

/// Scale words between a number and its unit, longest first.
pub(super) const SCALES: &[(&str, i32)] =
    &[("万亿", 12), ("千万", 7), ("百万", 6), ("亿", 8), ("万", 4), ("千", 3), ("百", 2)];
/// The denominators of rates (元/月), with their names in a compound unit.
pub(super) const PER: &[(&str, &str)] = &[
    ("平方米", "m2"),
    ("㎡", "m2"),
    ("小时", "hour"),
    ("人次", "person_time"),
    ("月", "month"),
    ("年", "year"),
    ("天", "day"),
    ("日", "day"),
    ("人", "person"),
    ("户", "household"),
    ("亩", "mu"),
    ("吨", "t"),
    ("公里", "km"),
];
/// A compound unit (CNY/month) as a `&'static str`: the few distinct ones
/// are kept for the life of the process, so that mentions need not own
/// their units.
pub(super) fn intern(unit: String) -> &'static str {
    static UNITS: LazyLock<std::sync::Mutex<std::collections::HashSet<&'static str>>> =
        LazyLock::new(Default::default);
    let mut set = UNITS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(u) = set.get(unit.as_str()) {
        return u;
    }
    let u: &'static str = Box::leak(unit.into_boxed_str());
    set.insert(u);
    u
}
