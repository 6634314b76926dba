//! Python bindings: jinzhan's output tables as columns of Python values,
//! each column with the type of its cells, for `jinzhan/__init__.py` to turn
//! into typed pandas DataFrames. The Rust work runs without the GIL (on all
//! cores for many reports); only the conversion to Python objects holds it.

use jinzhan::compare::Comparison;
use jinzhan::extract::{MentionExtractor, Report};
use jinzhan::pipeline::{Extractor, Input, Sink};
use jinzhan::record::{self, Row, Value};
use jinzhan::Layout;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};
use std::path::PathBuf;

create_exception!(_jinzhan, ReportError, PyException, "A report that cannot be read, naming the file.");

/// A cell, owned, so that tables are built without the GIL.
enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Decimal(String),
    Bool(bool),
    Date(String),
}

impl From<Value<'_>> for Cell {
    fn from(v: Value<'_>) -> Cell {
        match v {
            Value::Empty => Cell::Empty,
            Value::Text(t) => Cell::Text(t.into_owned()),
            Value::Int(i) => Cell::Int(i),
            Value::Decimal(d) => Cell::Decimal(d.to_string()),
            Value::Bool(b) => Cell::Bool(b),
            Value::Date(d) => Cell::Date(d.to_string()),
        }
    }
}

/// One output table, column by column.
struct Table {
    name: &'static str,
    header: &'static [&'static str],
    columns: Vec<Vec<Cell>>,
}

impl Table {
    fn new<R: Row>(name: &'static str) -> Table {
        Table { name, header: R::HEADER, columns: R::HEADER.iter().map(|_| Vec::new()).collect() }
    }

    fn push<R: Row>(&mut self, rows: impl IntoIterator<Item = R>) {
        for row in rows {
            for (column, value) in self.columns.iter_mut().zip(row.values()) {
                column.push(value.into());
            }
        }
    }

    /// `{"name", "columns": [...], "types": [...], "data": [[...], ...]}`:
    /// a column's type is that of its non-empty cells (`int`, `decimal`,
    /// `bool`, `date`, `text`; `empty` when it has none).
    fn to_python(&self, py: Python<'_>) -> PyResult<PyObject> {
        let d = PyDict::new(py);
        d.set_item("name", self.name)?;
        d.set_item("columns", self.header.to_vec())?;
        let mut types = Vec::new();
        let mut data = Vec::new();
        for column in &self.columns {
            let kind = column.iter().find_map(|c| match c {
                Cell::Empty => None,
                Cell::Text(_) => Some("text"),
                Cell::Int(_) => Some("int"),
                Cell::Decimal(_) => Some("decimal"),
                Cell::Bool(_) => Some("bool"),
                Cell::Date(_) => Some("date"),
            });
            types.push(kind.unwrap_or("empty"));
            // Converting a str, an i64 or a bool cannot fail (Infallible).
            let values: Vec<PyObject> = column
                .iter()
                .map(|c| match c {
                    Cell::Empty => py.None(),
                    Cell::Text(t) | Cell::Decimal(t) | Cell::Date(t) => {
                        PyString::new(py, t).into_any().unbind()
                    }
                    Cell::Int(i) => {
                        i.into_pyobject(py).map_or_else(|e| match e {}, |o| o.into_any().unbind())
                    }
                    Cell::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
                })
                .collect();
            data.push(values);
        }
        d.set_item("types", types)?;
        d.set_item("data", data)?;
        Ok(d.into_any().unbind())
    }
}

/// The eight tables of `jinzhan extract`, filled report by report.
struct Collect {
    tasks: Table,
    mentions: Table,
    problems: Table,
    targets: Table,
    deadlines: Table,
    assignments: Table,
    warnings: Table,
    documents: Table,
}

impl Collect {
    fn new() -> Collect {
        Collect {
            tasks: Table::new::<record::TaskRow>("tasks"),
            mentions: Table::new::<record::MentionRow>("mentions"),
            problems: Table::new::<record::ProblemRow>("problems"),
            targets: Table::new::<record::TargetRow>("targets"),
            deadlines: Table::new::<record::DeadlineRow>("deadlines"),
            assignments: Table::new::<record::AssignmentRow>("assignments"),
            warnings: Table::new::<record::WarningRow>("warnings"),
            documents: Table::new::<record::DocumentRow>("documents"),
        }
    }

    fn tables(&self) -> [&Table; 8] {
        [
            &self.tasks,
            &self.mentions,
            &self.problems,
            &self.targets,
            &self.deadlines,
            &self.assignments,
            &self.warnings,
            &self.documents,
        ]
    }
}

impl Sink for Collect {
    fn report(&mut self, report: &Report) -> jinzhan::Result<()> {
        self.tasks.push(record::tasks(report));
        self.mentions.push(record::mentions(report));
        self.problems.push(record::problems(report));
        self.targets.push(record::targets(report));
        self.deadlines.push(record::deadlines(report));
        self.assignments.push(record::assignments(&report.document));
        self.warnings.push(record::warnings(&report.document));
        self.documents.push([record::document(&report.document)]);
        Ok(())
    }

    fn failure(&mut self, source: &str, error: &jinzhan::Error) -> jinzhan::Result<()> {
        let message = jinzhan::output::message(error);
        self.documents.push([record::failed_document(source, &message)]);
        Ok(())
    }
}

fn error(e: impl std::fmt::Display) -> PyErr {
    ReportError::new_err(e.to_string())
}

fn extractor(
    year: Option<i32>,
    layout: Option<&str>,
    config: Option<(String, String)>,
    dicts: Vec<PathBuf>,
) -> PyResult<Extractor> {
    let mut b = Extractor::builder().year(year);
    b = match layout {
        None | Some("auto") => b,
        Some("table") => b.layout(Layout::Table),
        Some("list") => b.layout(Layout::List),
        Some(other) => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "layout must be auto, table or list, not {other:?}"
            )))
        }
    };
    if let Some((name, text)) = config {
        b = b.config(&name, &text);
    }
    for d in dicts {
        b = b.dict(d);
    }
    b.build().map_err(error)
}

/// Reads reports: `inputs` is a list of `(path, source)`; returns the eight
/// tables. A report that cannot be read is a failed row of `documents`;
/// `strict` makes it an exception instead (one file given by name).
#[pyfunction]
#[pyo3(signature = (inputs, year=None, layout=None, config=None, dicts=Vec::new(), strict=false))]
fn extract(
    py: Python<'_>,
    inputs: Vec<(PathBuf, String)>,
    year: Option<i32>,
    layout: Option<&str>,
    config: Option<(String, String)>,
    dicts: Vec<PathBuf>,
    strict: bool,
) -> PyResult<Vec<PyObject>> {
    let extractor = extractor(year, layout, config, dicts)?;
    let inputs: Vec<Input> =
        inputs.into_iter().map(|(path, source)| Input { path, source, failed: None }).collect();
    let collected = py.allow_threads(|| -> Result<Collect, String> {
        if strict {
            if let [input] = inputs.as_slice() {
                let report = extractor
                    .extract_input(input)
                    .map_err(|e| format!("{}: {}", input.source, jinzhan::output::message(&e)))?;
                let mut c = Collect::new();
                c.report(&report).map_err(|e| e.to_string())?;
                return Ok(c);
            }
        }
        let mut c = Collect::new();
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        jinzhan::pipeline::run(&extractor, &inputs, threads, &mut [&mut c], || {})
            .map_err(|e| e.to_string())?;
        Ok(c)
    });
    let collected = collected.map_err(error)?;
    collected.tables().iter().map(|t| t.to_python(py)).collect()
}

/// Mentions in plain text, one paragraph per line (the `jinzhan scan` table).
#[pyfunction]
#[pyo3(signature = (text, year=None))]
fn scan(py: Python<'_>, text: &str, year: Option<i32>) -> PyResult<PyObject> {
    let table = py.allow_threads(|| {
        let extractor = MentionExtractor::new().year(year);
        let mut t = Table::new::<record::ScanRow>("scan");
        for (i, line) in text.lines().enumerate() {
            let mentions = extractor.extract(line);
            t.push(mentions.iter().map(|m| record::scan(i + 1, line, m)));
        }
        t
    });
    table.to_python(py)
}

/// Two reports of the same tasks compared: `changes` and `task_map`.
#[pyfunction]
#[pyo3(signature = (old, new, year=None))]
fn compare(
    py: Python<'_>,
    old: (PathBuf, String),
    new: (PathBuf, String),
    year: Option<i32>,
) -> PyResult<Vec<PyObject>> {
    let extractor = extractor(year, None, None, Vec::new())?;
    let tables = py.allow_threads(|| -> Result<[Table; 2], String> {
        let read = |(path, source): &(PathBuf, String)| {
            extractor
                .extract_input(&Input { path: path.clone(), source: source.clone(), failed: None })
                .map_err(|e| format!("{source}: {}", jinzhan::output::message(&e)))
        };
        let (a, b) = (read(&old)?, read(&new)?);
        let c = Comparison::new(&a, &b);
        let mut changes = Table::new::<record::ChangeRow>("changes");
        changes.push(record::changes(&c));
        let mut map = Table::new::<record::TaskMapRow>("task_map");
        map.push(record::task_map(&c));
        Ok([changes, map])
    });
    tables.map_err(error)?.iter().map(|t| t.to_python(py)).collect()
}

#[pymodule]
fn _jinzhan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add("ReportError", m.py().get_type::<ReportError>())?;
    m.add("__version__", jinzhan::version())?;
    Ok(())
}
