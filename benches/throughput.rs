//! Throughput over the bundled report repeated to about 50 MB (set
//! `JINZHAN_BENCH_MB` for another size): dictionary loading, each stage, the
//! full run, and jieba-rs `cut` alone over the same text for comparison.
//!
//! `cargo bench --bench throughput`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jinzhan::extract::{Analyzer, MentionExtractor, ProblemDetector};
use jinzhan::tokenize::Tokenizer;
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

fn benches(c: &mut Criterion) {
    let text = big_text();
    let doc = jinzhan::parse("big.txt", &text).expect("the corpus parses");
    let progress: Vec<&str> =
        doc.sections.iter().flat_map(|s| &s.tasks).map(|t| t.progress.as_str()).collect();
    let extractor = MentionExtractor::new().year(doc.year);
    let detector = ProblemDetector::new();
    let analyzer = Analyzer::new();
    let tokenizer = Tokenizer::shared();

    let mut load = c.benchmark_group("load");
    load.sample_size(10);
    load.bench_function("jieba_with_dictionaries", |b| {
        b.iter(|| {
            Tokenizer::with_user_dicts(&[concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/terms.dict")])
        })
    });
    load.finish();

    let mut g = c.benchmark_group("stages");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("decode", |b| b.iter(|| jinzhan::input::decode(text.as_bytes()).map(|d| d.text.len())));
    g.bench_function("parse", |b| b.iter(|| jinzhan::parse("big.txt", &text).map(|d| d.sections.len())));
    g.bench_function("problems", |b| {
        b.iter(|| doc.sections.iter().flat_map(|s| &s.tasks).map(|t| detector.detect(t).len()).sum::<usize>())
    });
    g.bench_function("mentions", |b| {
        b.iter(|| progress.iter().map(|p| extractor.extract(p).len()).sum::<usize>())
    });
    g.bench_function("extract_full", |b| {
        b.iter(|| {
            let doc = jinzhan::parse("big.txt", &text).expect("parses");
            let report = analyzer.analyze(doc);
            (jinzhan::record::tasks(&report).count(), jinzhan::record::mentions(&report).count())
        })
    });
    g.bench_function("analyze_all_cores", |b| {
        b.iter_batched(
            || doc.clone(),
            |d| analyzer.analyze(d).findings.len(),
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("jieba_cut_all_cores", |b| {
        use rayon::prelude::*;
        let lines: Vec<&str> = text.lines().collect();
        b.iter(|| lines.par_iter().map(|l| tokenizer.cut(l).len()).sum::<usize>())
    });
    g.bench_function("jieba_cut_alone", |b| {
        b.iter(|| text.lines().map(|l| tokenizer.cut(l).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(throughput, benches);
criterion_main!(throughput);
