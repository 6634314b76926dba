//! Throughput of each stage over the bundled report repeated to about 50 MB
//! (set `JINZHAN_BENCH_MB` for another size), each credited with the bytes it
//! actually reads: decode and parse read the whole text; mentions, problems
//! and analysis read the task and progress fields; the CSV writers are
//! credited with the bytes they write. jieba-rs `cut` over the same text, on
//! one thread and on all cores, runs in the same process for comparison.
//! The `formats` group reads and parses the bundled report as text, Word,
//! Excel and a saved web page.
//!
//! `cargo bench --bench throughput`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use jinzhan::extract::{Analyzer, MentionExtractor, ProblemDetector};
use jinzhan::output::{CsvOptions, CsvTable};
use jinzhan::tokenize::Tokenizer;
use rayon::prelude::*;
use std::time::Duration;

const CORPUS: &str = include_str!("../corpora/jiangmen-2018-q1-q3.txt");

fn big_text() -> String {
    // `cargo test --all-targets` runs each bench once in a debug build: 1 MB is
    // enough to prove it works; `cargo bench` passes --bench and gets 50 MB.
    let default = if std::env::args().any(|a| a == "--bench") { 50 } else { 1 };
    let mb: usize = std::env::var("JINZHAN_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let copies = (mb * 1_000_000).div_ceil(CORPUS.len()).max(1);
    CORPUS.repeat(copies)
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    bytes: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10).measurement_time(Duration::from_secs(15)).throughput(Throughput::Bytes(bytes as u64));
    g
}

fn benches(c: &mut Criterion) {
    let text = big_text();
    let doc = jinzhan::parse("big.txt", &text).expect("the corpus parses");
    let tasks: Vec<&jinzhan::Task> = doc.sections.iter().flat_map(|s| &s.tasks).collect();
    let field_bytes: usize = tasks.iter().map(|t| t.task.len() + t.progress.len()).sum();
    let progress_bytes: usize = tasks.iter().map(|t| t.progress.len()).sum();
    let extractor = MentionExtractor::new().year(doc.year);
    let detector = ProblemDetector::new();
    let tokenizer = Tokenizer::shared();
    let one = Analyzer::new().parallel(false);
    let all = Analyzer::new();

    let mut load = c.benchmark_group("load");
    load.sample_size(10);
    load.bench_function("jieba_with_dictionaries", |b| {
        b.iter(|| {
            Tokenizer::with_user_dicts(&[concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/terms.dict")])
        })
    });
    load.finish();

    let mut g = group(c, "text", text.len());
    g.bench_function("decode", |b| b.iter(|| jinzhan::input::decode(text.as_bytes()).map(|d| d.text.len())));
    g.bench_function("parse_1_thread", |b| {
        let parser = jinzhan::Parser::new().parallel(false);
        b.iter(|| parser.parse("big.txt", &text).map(|d| d.sections.len()))
    });
    g.bench_function("parse_all_cores", |b| {
        b.iter(|| jinzhan::parse("big.txt", &text).map(|d| d.sections.len()))
    });
    g.bench_function("jieba_cut_1_thread", |b| {
        b.iter(|| text.lines().map(|l| tokenizer.cut(l).len()).sum::<usize>())
    });
    g.bench_function("jieba_cut_all_cores", |b| {
        let lines: Vec<&str> = text.lines().collect();
        b.iter(|| lines.par_iter().map(|l| tokenizer.cut(l).len()).sum::<usize>())
    });
    g.finish();

    let mut g = group(c, "fields", field_bytes);
    g.bench_function("mentions_1_thread", |b| {
        b.iter(|| {
            tasks
                .iter()
                .map(|t| extractor.extract(&t.task).len() + extractor.extract(&t.progress).len())
                .sum::<usize>()
        })
    });
    g.bench_function("analyze_1_thread", |b| {
        b.iter_batched(|| doc.clone(), |d| one.analyze(d).findings.len(), BatchSize::LargeInput)
    });
    g.bench_function("analyze_all_cores", |b| {
        b.iter_batched(|| doc.clone(), |d| all.analyze(d).findings.len(), BatchSize::LargeInput)
    });
    g.finish();

    let mut g = group(c, "progress", progress_bytes);
    g.bench_function("problems_1_thread", |b| {
        b.iter(|| tasks.iter().map(|t| detector.detect(t).len()).sum::<usize>())
    });
    g.finish();

    let report = all.analyze(doc.clone());
    let csv = |out: Vec<u8>| -> Vec<u8> {
        let opts = CsvOptions::default();
        let mut t = CsvTable::new::<jinzhan::record::MentionRow>(out, opts, true).expect("a table");
        jinzhan::record::mentions(&report).for_each(|r| t.write(&r).expect("written"));
        let out = t.finish().expect("written");
        let mut t = CsvTable::new::<jinzhan::record::TaskRow>(out, opts, true).expect("a table");
        jinzhan::record::tasks(&report).for_each(|r| t.write(&r).expect("written"));
        t.finish().expect("written")
    };
    let written = csv(Vec::new()).len();
    let mut g = group(c, "csv", written);
    g.bench_function("tasks_and_mentions_csv", |b| b.iter(|| csv(Vec::with_capacity(written)).len()));
    g.finish();

    // Reading and parsing the bundled report in each format, credited with
    // the bytes of the report's text (213 KB) so that the formats compare;
    // the files themselves are smaller (zipped) or bigger (markup).
    let extractor = jinzhan::pipeline::Extractor::new();
    let mut g = group(c, "formats", CORPUS.len());
    let root = env!("CARGO_MANIFEST_DIR");
    for (name, path) in [
        ("txt", "corpora/jiangmen-2018-q1-q3.txt"),
        ("docx", "corpora/jiangmen-2018-q1-q3.docx"),
        ("docx_header_columns", "tests/fixtures/templates/lead-column.docx"),
        ("xlsx", "tests/fixtures/templates/leader-column.xlsx"),
        ("html_gb2312", "tests/fixtures/templates/web-page.html"),
    ] {
        let bytes = std::fs::read(format!("{root}/{path}")).expect("the fixture exists");
        g.bench_function(name, |b| b.iter(|| extractor.parse(name, &bytes).map(|d| d.sections.len())));
    }
    g.finish();
}

criterion_group!(throughput, benches);
criterion_main!(throughput);
