//! Whole processes, as a user runs them: `jinzhan extract` writing its
//! outputs, timed from start to exit with its peak resident memory, beside a
//! reference process that only cuts the same text with jieba-rs (one thread,
//! HMM on, line by line: this bench binary run with `--jieba-reference`).
//!
//! - one report of about 50 MB (the bundled report repeated;
//!   `JINZHAN_BENCH_MB`), CSV output, on all cores and on one thread;
//! - folders of copies of the bundled report (`JINZHAN_BENCH_FILES`, default
//!   250 and 1,000), CSV and CSV+XLSX+JSON output, on one and two threads:
//!   files/s, MB/s, peak RSS.
//!
//! `cargo bench --bench whole`. Under `cargo test --all-targets` it runs once
//! on 1 MB and 3 files to prove it works.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CORPUS: &str = include_str!("../corpora/jiangmen-2018-q1-q3.txt");

/// Wall seconds and peak RSS (MB) of a child process.
fn measure(cmd: &mut Command) -> (f64, f64) {
    let start = Instant::now();
    let child = cmd.stdout(std::process::Stdio::null()).spawn().expect("the process starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child with valid pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "waited for the child");
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed: {status}");
    std::mem::forget(child);
    (secs, usage.ru_maxrss as f64 / 1024.0)
}

/// The best of `runs` runs (speeds here swing between runs).
fn best(runs: usize, mut f: impl FnMut() -> (f64, f64)) -> (f64, f64) {
    (0..runs).map(|_| f()).fold((f64::MAX, 0.0), |(t, m), (t2, m2)| (t.min(t2), m.max(m2)))
}

fn jinzhan(inputs: &[&Path], out: &Path, threads: usize, formats: &[&str]) -> Command {
    let _ = std::fs::remove_dir_all(out);
    let mut c = Command::new(env!("CARGO_BIN_EXE_jinzhan"));
    c.arg("extract").args(inputs).arg("-o").arg(out).arg("-q").arg("-j").arg(threads.to_string());
    for f in formats {
        c.args(["--format", f]);
    }
    c
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--jieba-reference") {
        let text = std::fs::read_to_string(&args[i + 1]).expect("a text file");
        let jieba = jieba_rs::Jieba::new();
        let tokens: usize = text.lines().map(|l| jieba.cut(l, true).len()).sum();
        println!("{tokens}");
        return;
    }
    let bench = args.iter().any(|a| a == "--bench");
    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let (mb, runs) = if bench { (env("JINZHAN_BENCH_MB", 50), 3) } else { (1, 1) };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-whole");
    std::fs::create_dir_all(&dir).expect("a folder");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} cores; best of {runs} runs; peak RSS of the process");

    let big = dir.join("big.txt");
    std::fs::write(&big, CORPUS.repeat((mb * 1_000_000).div_ceil(CORPUS.len()))).expect("written");
    let size = std::fs::metadata(&big).map_or(0, |m| m.len()) as f64 / 1e6;
    let me = std::env::current_exe().expect("this bench");
    let (jt, jm) = best(runs, || measure(Command::new(&me).arg("--jieba-reference").arg(&big)));
    println!("\none report of {size:.1} MB");
    println!("  jieba-rs cut, 1 thread      {jt:6.2} s  {:6.1} MB/s  {jm:6.0} MB", size / jt);
    let out = dir.join("out-big");
    for threads in [cores, 1] {
        let (t, m) = best(runs, || measure(&mut jinzhan(&[&big], &out, threads, &["csv"])));
        println!(
            "  jinzhan extract, {threads} thread(s) {t:6.2} s  {:6.1} MB/s  {m:6.0} MB   {:.2}x jieba",
            size / t,
            jt / t
        );
    }

    let counts: Vec<usize> = if bench { vec![env("JINZHAN_BENCH_FILES", 250), 1000] } else { vec![3] };
    for n in counts {
        let folder = dir.join(format!("folder-{n}"));
        if !folder.join(format!("{:04}.txt", n - 1)).exists() {
            std::fs::create_dir_all(&folder).expect("a folder");
            for i in 0..n {
                std::fs::write(folder.join(format!("{i:04}.txt")), CORPUS).expect("written");
            }
        }
        let mb = (n * CORPUS.len()) as f64 / 1e6;
        println!("\na folder of {n} reports ({mb:.1} MB)");
        for formats in [&["csv"][..], &["csv", "xlsx", "json"]] {
            let mut one = 0.0;
            for threads in [1, cores.min(2)] {
                let out = dir.join(format!("out-{n}"));
                let (t, m) = best(if n > 300 { 1 } else { runs }, || {
                    measure(&mut jinzhan(&[&folder], &out, threads, formats))
                });
                if threads == 1 {
                    one = t;
                }
                println!(
                    "  {:<14} {threads} thread(s) {t:6.2} s  {:6.1} files/s  {:6.1} MB/s  {m:6.0} MB{}",
                    formats.join("+"),
                    n as f64 / t,
                    mb / t,
                    if threads > 1 { format!("   {:.2}x one thread", one / t) } else { String::new() }
                );
            }
        }
    }
}
