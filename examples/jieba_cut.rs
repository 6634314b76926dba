//! The reference for jinzhan's speed: jieba-rs cutting a file, line by line
//! (HMM on), on one thread, as a whole process: `cargo run --release
//! --example jieba_cut FILE`. `benches/whole.rs` runs it beside `jinzhan
//! extract` on the same file.

fn main() {
    let path = std::env::args().nth(1).expect("usage: jieba_cut FILE");
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let jieba = jieba_rs::Jieba::new();
    let tokens: usize = text.lines().map(|l| jieba.cut(l, true).len()).sum();
    println!("{tokens} tokens");
}
