//! Throughput over a folder of many reports (200 copies of the bundled report,
//! as .txt and as .docx) on 1 and on all threads: files/s and MB/s of the whole
//! pipeline (read, parse, mentions, problems, targets, rows).
//!
//! `cargo bench --bench many_files` (set `JINZHAN_BENCH_FILES` for another count).

use jinzhan::extract::Analyzer;
use rayon::prelude::*;
use std::time::Instant;

fn run(files: &[Vec<u8>], threads: usize) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
    let analyzer = Analyzer::new();
    let start = Instant::now();
    let rows: usize = pool.install(|| {
        files
            .par_iter()
            .map(|bytes| {
                let source = jinzhan::input::read(bytes).expect("the report reads");
                let doc = jinzhan::Parser::new().parse_source("r", &source).expect("the report parses");
                let report = analyzer.analyze(doc);
                jinzhan::record::tasks(&report).count() + jinzhan::record::mentions(&report).count()
            })
            .sum()
    });
    assert!(rows > 0);
    start.elapsed().as_secs_f64()
}

fn main() {
    // `cargo test --all-targets` runs this once as a test: keep it small there.
    let bench = std::env::args().any(|a| a == "--bench");
    let count: usize = std::env::var("JINZHAN_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if bench { 200 } else { 2 });
    let dir = env!("CARGO_MANIFEST_DIR");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{count} files each; {cores} cores");
    for ext in ["txt", "docx"] {
        let one = std::fs::read(format!("{dir}/corpora/jiangmen-2018-q1-q3.{ext}")).expect("the corpus");
        let files = vec![one; count];
        let mb = files.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
        run(&files[..1], 1); // load the dictionaries once, outside the timing
        for threads in [1, cores] {
            let secs = run(&files, threads);
            println!(
                "{ext:>4} {threads} thread(s): {:.1} files/s, {:.1} MB/s ({mb:.1} MB in {secs:.2} s)",
                count as f64 / secs,
                mb / secs
            );
        }
    }
}
