"""The Python package against the CLI on the bundled report: same values,
typed columns, errors naming the file."""

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import jinzhan

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "jiangmen-2018-q1-q3.txt"
TABLES = ["tasks", "mentions", "problems", "targets", "deadlines", "assignments", "warnings", "documents"]


def cli():
    """The jinzhan binary CI built (`cargo test` builds target/debug/jinzhan)."""
    for name in ("release", "debug"):
        b = ROOT / "target" / name / "jinzhan"
        if b.exists():
            return [str(b)]
    return ["cargo", "run", "-q", "--manifest-path", str(ROOT / "Cargo.toml"), "--"]


@pytest.fixture(scope="module")
def result():
    return jinzhan.extract(CORPUS)


@pytest.fixture(scope="module")
def csv_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    subprocess.run(cli() + ["extract", str(CORPUS), "--out-dir", str(out), "-q"], check=True)
    return out


def as_text(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """The frame written as the CSV writes it."""
    out = {}
    for c in columns:
        s = frame[c]
        if c + "_text" in frame:
            out[c] = frame[c + "_text"].fillna("")
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[c] = s.map(lambda v: "" if pd.isna(v) else ("true" if v else "false")).astype(object)
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            out[c] = s.dt.strftime("%Y-%m-%d").fillna("")
        else:
            out[c] = s.astype(object).map(lambda v: "" if pd.isna(v) else str(v))
    return pd.DataFrame(out)


@pytest.mark.parametrize("table", TABLES)
def test_values_equal_the_cli_csv(result, csv_dir, table):
    want = pd.read_csv(csv_dir / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    have = getattr(result, table)
    assert list(have.columns[: len(want.columns)]) == list(want.columns), "the CSV columns, in order"
    got = as_text(have, want.columns)
    # The CSV guards a field that starts like a formula with a ' (for Excel);
    # the frames hold the text as written.
    want = want.map(lambda v: v[1:] if v[:1] == "'" and v[1:2] in ("=", "-", "+", "@") else v)
    if table == "documents":
        # The one volatile cell: the path the CLI was given.
        want["source"] = got["source"]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.astype(object), check_dtype=False)


def test_dtypes(result):
    t, m, g, d = result.tasks, result.mentions, result.targets, result.deadlines
    assert len(t) == 289 and len(m) == 1300
    assert str(t.seq.dtype) == "Int64" and str(t.sub_no.dtype) == "Int64" and str(t.line_start.dtype) == "Int64"
    for flag in ["behind_schedule", "has_problem", "on_pace", "lead_inferred"]:
        assert str(t[flag].dtype) == "boolean", flag
    assert str(t.status_code.dtype) == "category" and str(m.kind.dtype) == "category"
    assert str(m.value.dtype) == "float64" and m.value_text.notna().any()
    assert str(m.date_start.dtype) == "datetime64[ns]" and str(g.as_of.dtype) == "datetime64[ns]"
    assert str(g.met.dtype) == "category" and str(g.on_pace.dtype) == "boolean"
    assert str(d.deadline.dtype) == "datetime64[ns]"
    assert str(m.relative.dtype) == "boolean" and str(m.role.dtype) == "category"
    assert str(m.part_of.dtype) == "Int64"
    # Money from actual figures only: the role is a category to filter on.
    actual = m[(m.kind == "money") & (m.field == "progress") & (m.role == "actual") & (m.unit == "CNY")]
    # The 64 figures the money sheet adds, and 2-16's two per-person amounts.
    assert len(actual) == 64 + 2
    # Filters read as one expects: no object-dtype surprises.
    behind = t[t.behind_schedule]
    assert sorted(behind.task_id) == ["11-11", "7-26", "9-14"]
    off_pace = g[g.on_pace == False]  # noqa: E712 (nullable boolean)
    assert "6-13" in set(off_pace.task_id)
    assert t.set_index("task_id").loc["2-8", "status"] == "按进度完成"


@pytest.mark.parametrize("table", TABLES)
def test_every_column_is_typed(result, csv_dir, table):
    """A column whose CSV cells are all whole numbers, flags or dates is not text."""
    want = pd.read_csv(csv_dir / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    have = getattr(result, table)
    for c in want.columns:
        cells = [v for v in want[c] if v != ""]
        if not cells:
            continue
        dtype = str(have[c].dtype)
        if all(v in ("true", "false") for v in cells):
            assert dtype == "boolean", (table, c, dtype)
        elif all(v.lstrip("-").isdigit() for v in cells) and c not in ("number",):
            assert dtype in ("Int64", "float64"), (table, c, dtype)
        elif all(len(v) == 10 and v[4] == "-" and v[7] == "-" and v[:4].isdigit() for v in cells):
            assert dtype == "datetime64[ns]", (table, c, dtype)


def test_exact_values(result):
    m = result.mentions
    row = m[(m.task_id == "2-8") & (m.text == "4.5万人")].iloc[0]
    assert (row.kind, row.value, row.value_text, row.unit) == ("count", 45000.0, "45000", "人")
    money = m[(m.kind == "money")]
    assert money.value.sum() > 0 and money.unit.astype(str).str.startswith("CNY").all()


def test_scan_and_compare():
    s = jinzhan.scan(["截至6月底新增就业1.2万人。", "完成投资3.5亿元。"], year=2019)
    assert list(s.text) == ["6月底", "1.2万人", "3.5亿元"]
    assert s.date_start.iloc[0] == pd.Timestamp("2019-06-30")
    assert (s.value.iloc[2], s.value_text.iloc[2], s.line.iloc[2]) == (350000000.0, "350000000", 2)
    fixtures = ROOT / "tests" / "fixtures" / "compare"
    c = jinzhan.compare(fixtures / "chancheng-2019-h1.txt", fixtures / "chancheng-2019-q3.txt")
    slipped = c.changes[c.changes.change == "slipped"]
    assert ("1-4", "1-3") in set(zip(slipped.old_task_id, slipped.new_task_id))
    assert str(c.task_map.score.dtype) == "float64"


def test_errors_name_the_file(tmp_path):
    with pytest.raises(jinzhan.ReportError, match="missing.txt"):
        jinzhan.extract(tmp_path / "missing.txt")
    bad = tmp_path / "binary.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(jinzhan.ReportError, match="binary.txt"):
        jinzhan.extract(bad)
    # A folder with a bad file: the good one is read, the bad one listed.
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS, folder / "good.txt")
    shutil.copy(bad, folder / "bad.txt")
    r = jinzhan.extract(folder)
    docs = r.documents.set_index("source")
    assert docs.loc["bad.txt", "status"] == "failed" and "binary" in docs.loc["bad.txt", "error"]
    assert docs.loc["good.txt", "status"] == "ok" and len(r.tasks) == 289
    assert set(r.tasks.source) == {"good.txt"}
