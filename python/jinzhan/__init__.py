"""jinzhan (进展): Chinese government work-progress reports as typed pandas DataFrames.

>>> import jinzhan
>>> r = jinzhan.extract("corpora/jiangmen-2018-q1-q3.txt")   # doctest: +SKIP
>>> r.tasks[r.tasks.behind_schedule][["task_id", "lead_unit"]]  # doctest: +SKIP

``extract`` takes a path, a list of paths or a folder; the result has the
CSV tables of ``jinzhan extract`` as DataFrames with the CSV columns, in
their order, typed: nullable ``Int64`` for counts and offsets, nullable
``boolean`` for flags, ``category`` for kinds and codes, ``datetime64[ns]``
for dates, exact decimals as ``float64`` with their exact text in a
``<column>_text`` column at the end (``value_text``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence, Union

import pandas as pd

from jinzhan._jinzhan import ReportError, __version__
from jinzhan import _jinzhan

__all__ = ["extract", "scan", "compare", "Result", "Comparison", "ReportError", "__version__"]

PathLike = Union[str, os.PathLike]

#: What a folder is searched for (as the CLI does).
EXTENSIONS = {".txt", ".docx", ".xlsx", ".xls", ".html", ".htm", ".pdf"}

#: Text columns that hold a closed set of codes.
CATEGORIES = {
    "kind",
    "status_code",
    "field",
    "unit",
    "role",
    "precision",
    "direction",
    "qualifier",
    "met",
    "on_pace",
    "target_met",
    "completion_status",
    "change",
    "approx",
    "method",
    "confidence",
}


def _frame(table: dict) -> pd.DataFrame:
    columns: dict = {}
    texts: dict = {}
    for name, kind, values in zip(table["columns"], table["types"], table["data"]):
        if kind == "int":
            columns[name] = pd.array(values, dtype="Int64")
        elif kind == "bool":
            columns[name] = pd.array(values, dtype="boolean")
        elif kind == "decimal":
            columns[name] = pd.array([None if v is None else float(v) for v in values], dtype="float64")
            texts[name + "_text"] = pd.array(values, dtype="object")
        elif kind == "date":
            dates = pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d")
            columns[name] = dates.astype("datetime64[ns]")
        elif name in CATEGORIES:
            columns[name] = pd.Categorical(values)
        else:
            columns[name] = pd.array(values, dtype="object")
    columns.update(texts)
    return pd.DataFrame(columns)


@dataclass
class Result:
    """The tables of ``jinzhan extract``."""

    tasks: pd.DataFrame
    mentions: pd.DataFrame
    problems: pd.DataFrame
    targets: pd.DataFrame
    deadlines: pd.DataFrame
    assignments: pd.DataFrame
    warnings: pd.DataFrame
    documents: pd.DataFrame


@dataclass
class Comparison:
    """Two reports of the same tasks compared (``jinzhan compare``)."""

    changes: pd.DataFrame
    task_map: pd.DataFrame


def _inputs(paths: Union[PathLike, Iterable[PathLike]]) -> list:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and not f.is_symlink() and f.suffix.lower() in EXTENSIONS
            )
            out.extend((str(f), f.relative_to(p).as_posix()) for f in found)
        else:
            out.append((str(p), p.name))
    return out


def extract(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    year: int | None = None,
    layout: str | None = None,
    config: PathLike | None = None,
    dicts: Sequence[PathLike] = (),
) -> Result:
    """Reads reports (a path, a list of paths or a folder) into typed DataFrames.

    One file given by itself that cannot be read raises ``ReportError`` naming
    it; in a folder or a list, a bad file is a ``failed`` row of ``documents``
    and the good ones are read, as the CLI does.
    """
    inputs = _inputs(paths)
    single = isinstance(paths, (str, os.PathLike)) and not Path(paths).is_dir()
    if single and not Path(inputs[0][0]).is_file():
        raise ReportError(f"{inputs[0][1]}: no such file")
    conf = None
    if config is not None:
        conf = (str(config), Path(config).read_text(encoding="utf-8"))
    tables = _jinzhan.extract(
        inputs, year=year, layout=layout, config=conf, dicts=[str(d) for d in dicts], strict=single
    )
    return Result(*(_frame(t) for t in tables))


def scan(text: Union[str, Iterable[str]], year: int | None = None) -> pd.DataFrame:
    """The mentions of plain text (one paragraph per line, or a list of them)."""
    if not isinstance(text, str):
        text = "\n".join(text)
    return _frame(_jinzhan.scan(text, year=year))


def compare(old: PathLike, new: PathLike, *, year: int | None = None) -> Comparison:
    """Compares two reports of the same tasks: ``changes`` and ``task_map``."""
    changes, task_map = _jinzhan.compare((str(old), Path(old).name), (str(new), Path(new).name), year=year)
    return Comparison(_frame(changes), _frame(task_map))
