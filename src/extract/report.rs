//! A document with everything found in it: the input of every writer.

use super::date::{find_dates, Ymd};
use super::decimal::Decimal;
use super::mention::{Mention, MentionExtractor, MentionKind, Role};
use super::problem::{Problem, ProblemDetector, ProblemKind};
use super::target::{column_deadline, deadlines, targets, Deadline, DeadlineStatus, Met, Target};
use super::Field;
use crate::structure::{Document, Section, Task};
use crate::tokenize::Tokenizer;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// What was found in one task.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TaskFindings {
    /// Mentions in the task text.
    pub task_mentions: Vec<Mention>,
    /// Mentions in the progress text.
    pub progress_mentions: Vec<Mention>,
    /// Mentions in the stated problems (a 存在问题 column or label).
    pub problem_mentions: Vec<Mention>,
    /// Problems, strongest evidence first.
    pub problems: Vec<Problem>,
    /// The quantified targets of the task text, each with its actual.
    pub targets: Vec<Target>,
    /// The deadlines of the task text.
    pub deadlines: Vec<Deadline>,
}

impl TaskFindings {
    /// Every mention with the text it is in: the task's, then the
    /// progress's, then the stated problems'.
    pub fn mentions(&self) -> impl Iterator<Item = (Field, &Mention)> {
        self.task_mentions
            .iter()
            .map(|m| (Field::Task, m))
            .chain(self.progress_mentions.iter().map(|m| (Field::Progress, m)))
            .chain(self.problem_mentions.iter().map(|m| (Field::Problems, m)))
    }
}

/// The money (元) figures of progress texts added up: actual figures only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoneySum {
    /// The sum of the actual figures, in 元.
    pub actual: Decimal,
    /// How many actual figures were added.
    pub figures: usize,
    /// Money figures left out: plans, targets, forecasts, parts (其中),
    /// comparison bases, size classes (超10亿元项目) and per-person amounts
    /// (人均), which would count twice, count what was not done or add
    /// unlike things.
    pub left_out: usize,
}

impl Default for MoneySum {
    fn default() -> Self {
        MoneySum { actual: Decimal::ZERO, figures: 0, left_out: 0 }
    }
}

impl MoneySum {
    /// Adds the money figures of `f`'s progress text.
    pub fn add(&mut self, f: &TaskFindings) {
        for m in f.progress_mentions.iter().filter(|m| m.kind == MentionKind::Money && m.unit == "CNY") {
            match (m.role, m.value) {
                (Role::Actual, Some(v)) if !m.subject.contains("人均") => {
                    self.actual = self.actual.checked_add(v).unwrap_or(self.actual);
                    self.figures += 1;
                }
                _ => self.left_out += 1,
            }
        }
    }
}

/// The findings of a task that has none (when findings are missing).
static NONE: TaskFindings = TaskFindings {
    task_mentions: Vec::new(),
    progress_mentions: Vec::new(),
    problem_mentions: Vec::new(),
    problems: Vec::new(),
    targets: Vec::new(),
    deadlines: Vec::new(),
};

/// A parsed document with the findings of each task, in document order.
#[derive(Debug, Clone)]
pub struct Report {
    /// The document.
    pub document: Document,
    /// One entry per task, in the order of `document.sections[..].tasks`.
    pub findings: Vec<TaskFindings>,
}

impl Report {
    /// The last day of the period the report covers (1-9月 of 2018 →
    /// 2018-09-30; 全年 → 12-31), when its title says.
    pub fn period_end(&self) -> Option<super::Date> {
        report_end(&self.document).map(super::Date::from)
    }

    /// Each task with its section and findings, in document order.
    pub fn tasks(&self) -> impl Iterator<Item = (&Section, &Task, &TaskFindings)> {
        self.document
            .sections
            .iter()
            .flat_map(|s| s.tasks.iter().map(move |t| (s, t)))
            .zip(self.findings.iter().chain(std::iter::repeat(&NONE)))
            .map(|((s, t), f)| (s, t, f))
    }
}

/// Runs the mention extractor and the problem detector over documents. Build
/// it once: dictionaries and automata are loaded once.
///
/// # Examples
///
/// ```
/// let doc = jinzhan::parse("a.txt", "2018年重点工作进展情况汇总表\n一、甲同志分管工作（共1项）\n\t1\n\t新增就业4.5万人。\n\t市人社局\n\t陈霞\n\t▲未按进度完成。\n截至9月底新增3.9万人。\n")?;
/// let report = jinzhan::extract::Analyzer::new().analyze(doc);
/// let (_, task, found) = report.tasks().next().unwrap();
/// assert_eq!(task.id, "1-1");
/// assert_eq!(found.task_mentions[0].value.unwrap().to_string(), "45000");
/// assert_eq!(found.progress_mentions[0].date_start.unwrap().to_string(), "2018-09-30");
/// assert_eq!(found.problems[0].trigger, "未按进度完成");
/// # Ok::<(), jinzhan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Analyzer {
    tokenizer: Option<Tokenizer>,
    problems: ProblemDetector,
    parallel: bool,
    pace_tolerance: Decimal,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            tokenizer: None,
            problems: ProblemDetector::default(),
            parallel: true,
            pace_tolerance: Decimal::from_int(5),
        }
    }
}

impl Analyzer {
    /// An analyzer with the built-in dictionaries.
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Uses `tokenizer` (for instance with user dictionaries) for subjects.
    pub fn tokenizer(mut self, tokenizer: Tokenizer) -> Analyzer {
        self.tokenizer = Some(tokenizer);
        self
    }

    /// Uses `detector` (another problem vocabulary) for problems.
    pub fn problems(mut self, detector: ProblemDetector) -> Analyzer {
        self.problems = detector;
        self
    }

    /// How far, in percentage points, a level target's completion may trail
    /// the share of the year elapsed and still be on pace (default 5: 48% of
    /// a target at mid-year is on pace, 44% is not).
    pub fn pace_tolerance(mut self, points: Decimal) -> Analyzer {
        self.pace_tolerance = points;
        self
    }

    /// Whether the tasks of a document are analyzed on the current rayon
    /// thread pool (the default) or on the calling thread only.
    pub fn parallel(mut self, parallel: bool) -> Analyzer {
        self.parallel = parallel;
        self
    }

    /// Finds the mentions, problems, targets and deadlines of every task;
    /// dates without a year take the document's year.
    pub fn analyze(&self, document: Document) -> Report {
        let tokenizer = self.tokenizer.clone().unwrap_or_else(Tokenizer::shared);
        let mentions = MentionExtractor::new().year(document.year).tokenizer(tokenizer.clone());
        let report_end = report_end(&document);
        let tasks: Vec<&Task> = document.sections.iter().flat_map(|s| &s.tasks).collect();
        let find = |t: &&Task| {
            let task_mentions = mentions.extract_in(&t.task, Field::Task);
            let progress_mentions = mentions.extract_in(&t.progress, Field::Progress);
            let problem_mentions =
                t.problems.as_deref().map(|p| mentions.extract_in(p, Field::Problems)).unwrap_or_default();
            // A sub-item's progress covers part of its group's target: no pairing.
            let actuals: &[Mention] = if t.sub_no.is_some() { &[] } else { &progress_mentions };
            let tolerance = self.pace_tolerance.scale_pow10(-2).unwrap_or(Decimal::ZERO);
            let mut targets = targets(&t.task, &t.progress, &task_mentions, actuals, report_end, tolerance);
            if t.sub_no.is_some() {
                for target in &mut targets {
                    target.reason = "a sub-item reports only its part of the group's target".into();
                }
            }
            let mut deadlines =
                deadlines(&t.task, &t.progress, &task_mentions, &progress_mentions, report_end, &tokenizer);
            if let Some(column) = t.deadline.as_deref() {
                deadlines.push(column_deadline(
                    column,
                    document.year,
                    &t.task,
                    &t.progress,
                    &progress_mentions,
                    report_end,
                    &tokenizer,
                ));
            }
            let mut problems = self.problems.detect(t);
            problems.extend(pace_problems(&targets, &deadlines));
            TaskFindings { task_mentions, progress_mentions, problem_mentions, problems, targets, deadlines }
        };
        // Tasks are independent: on every core, in order.
        let findings = crate::par::map(&tasks, self.parallel, find);
        Report { document, findings }
    }
}

/// The last day of the report's period (1-9月 of 2018 → 2018-09-30).
fn report_end(doc: &Document) -> Option<Ymd> {
    let period = doc.period.as_deref()?;
    find_dates(period, doc.year).last()?.last
}

/// Problems of kind pace (a level target behind the calendar, or a target
/// missed) and deadline (a missed deadline).
fn pace_problems(targets: &[Target], deadlines: &[Deadline]) -> Vec<Problem> {
    let mut out = Vec::new();
    for t in targets {
        let behind = t.on_pace == Some(false) || matches!(t.met, Met::False | Met::BelowTargetSoFar);
        if !behind {
            continue;
        }
        let Some(figures) = super::display::pace(t, super::display::Lang::Zh) else { continue };
        out.push(Problem {
            kind: ProblemKind::Pace,
            trigger: t.target_text.clone(),
            text: figures,
            start: None,
            end: None,
            field: Field::Progress,
        });
    }
    for d in deadlines.iter().filter(|d| d.status == DeadlineStatus::Missed) {
        out.push(Problem {
            kind: ProblemKind::Deadline,
            trigger: d.text.clone(),
            text: super::display::deadline(d, super::display::Lang::Zh),
            start: None,
            end: None,
            field: Field::Progress,
        });
    }
    out
}

/// The JSON form: the document model with each task's mentions and problems
/// inside it.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(s)
    }
}

impl Report {
    fn serialize_with<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct TaskOut<'a> {
            #[serde(flatten)]
            task: &'a Task,
            mentions: Vec<FieldMention<'a>>,
            problems: &'a [Problem],
            targets: &'a [Target],
            deadlines: &'a [Deadline],
        }
        #[derive(Serialize)]
        struct FieldMention<'a> {
            field: Field,
            #[serde(flatten)]
            mention: &'a Mention,
        }
        #[derive(Serialize)]
        struct SectionOut<'a> {
            no: u32,
            heading: &'a str,
            leader: &'a Option<String>,
            declared_count: Option<u32>,
            location: &'a crate::input::Location,
            tasks: Vec<TaskOut<'a>>,
        }
        let d = &self.document;
        let mut findings = self.findings.iter();
        let sections: Vec<SectionOut<'_>> = d
            .sections
            .iter()
            .map(|sec| SectionOut {
                no: sec.no,
                heading: &sec.heading,
                leader: &sec.leader,
                declared_count: sec.declared_count,
                location: &sec.location,
                tasks: sec
                    .tasks
                    .iter()
                    .map(|task| {
                        let f = findings.next().unwrap_or(&NONE);
                        TaskOut {
                            task,
                            mentions: f
                                .mentions()
                                .map(|(field, mention)| FieldMention { field, mention })
                                .collect(),
                            problems: &f.problems,
                            targets: &f.targets,
                            deadlines: &f.deadlines,
                        }
                    })
                    .collect(),
            })
            .collect();
        let mut out = s.serialize_struct("Report", 8)?;
        out.serialize_field("source", &d.source)?;
        out.serialize_field("title", &d.title)?;
        out.serialize_field("year", &d.year)?;
        out.serialize_field("period", &d.period)?;
        out.serialize_field("declared_total", &d.declared_total)?;
        out.serialize_field("sections", &sections)?;
        out.serialize_field("warnings", &d.warnings)?;
        out.end()
    }
}
