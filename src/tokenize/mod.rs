//! The only wrapper around jieba-rs: one tokenizer per process, built once with
//! jieba's dictionary plus ours (`dictionaries/terms.dict`) and any user
//! dictionaries.

use crate::error::{Error, ErrorKind, Result};
use jieba_rs::Jieba;
use std::io::BufRead;
use std::path::Path;
use std::sync::{Arc, LazyLock};

const TERMS: &str = include_str!("../../dictionaries/terms.dict");

/// A word of segmented text, with byte offsets into the text that was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word.
    pub word: &'a str,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
}

/// A Chinese word segmenter. Cheap to clone (shared).
///
/// # Examples
///
/// ```
/// let t = jinzhan::tokenize::Tokenizer::shared();
/// let words: Vec<&str> = t.cut("全市实现规模以上工业增加值").iter().map(|w| w.word).collect();
/// assert_eq!(words, ["全市", "实现", "规模以上工业增加值"]);
/// ```
#[derive(Clone)]
pub struct Tokenizer {
    jieba: Arc<Jieba>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokenizer")
    }
}

static SHARED: LazyLock<Tokenizer> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    // Our own dictionary is embedded and tested: a bad line is a build defect.
    let _ = load(&mut jieba, "terms.dict", TERMS.as_bytes());
    Tokenizer { jieba: Arc::new(jieba) }
});

impl Tokenizer {
    /// The process-wide tokenizer with the built-in dictionaries (built on first use).
    pub fn shared() -> Tokenizer {
        SHARED.clone()
    }

    /// A tokenizer with the built-in dictionaries plus the user dictionaries
    /// at `paths` (jieba format: `word [freq] [tag]` per line; a word without a
    /// frequency gets one that makes it win segmentation).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when a file cannot be read, [`ErrorKind::Dictionary`]
    /// for a bad line.
    pub fn with_user_dicts(paths: &[impl AsRef<Path>]) -> Result<Tokenizer> {
        if paths.is_empty() {
            return Ok(Tokenizer::shared());
        }
        let mut jieba = Jieba::new();
        load(&mut jieba, "terms.dict", TERMS.as_bytes())?;
        for path in paths {
            let path = path.as_ref();
            let bytes = std::fs::read(path)
                .map_err(|e| Error::with_source(ErrorKind::Io { path: path.to_path_buf() }, e))?;
            load(&mut jieba, &path.display().to_string(), &bytes)?;
        }
        Ok(Tokenizer { jieba: Arc::new(jieba) })
    }

    /// Segments `text` into words (HMM on, for unknown words).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| Token { word: t.word, start: t.byte_start, end: t.byte_end })
            .collect()
    }
}

/// Adds `word [freq] [tag]` lines; words without a frequency get jieba's
/// suggested one (an entry with frequency 0 would never win).
fn load(jieba: &mut Jieba, name: &str, bytes: &[u8]) -> Result<()> {
    for (n, line) in bytes.lines().enumerate() {
        let bad = || Error::new(ErrorKind::Dictionary { name: name.to_string(), line: n + 1 });
        let line = line.map_err(|_| bad())?;
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next().filter(|w| !w.starts_with('#')) else {
            continue;
        };
        let (freq, tag) = match (parts.next(), parts.next()) {
            (Some(f), tag) if f.bytes().all(|b| b.is_ascii_digit()) => {
                (Some(f.parse().map_err(|_| bad())?), tag)
            }
            (Some(tag), None) => (None, Some(tag)),
            (None, _) => (None, None),
            _ => return Err(bad()),
        };
        jieba.add_word(word, freq, tag);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_words_come_out_as_tokens() {
        let t = Tokenizer::shared();
        for word in
            ["规模以上工业增加值", "城镇新增就业", "高标准农田", "社会消费品零售总额", "城镇登记失业率"]
        {
            let text = format!("全市{word}增长");
            let words: Vec<&str> = t.cut(&text).iter().map(|w| w.word).collect();
            assert!(words.contains(&word), "{word}: {words:?}");
        }
    }

    #[test]
    fn user_dictionary() {
        let dir = std::env::temp_dir().join(format!("jinzhan-dict-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("user.dict");
        std::fs::write(&path, "珠西智谷\n小微双创 n\n").unwrap();
        let t = Tokenizer::with_user_dicts(&[&path]).unwrap();
        let words: Vec<&str> = t.cut("完善珠西智谷小微双创核心基地").iter().map(|w| w.word).collect();
        assert!(words.contains(&"珠西智谷") && words.contains(&"小微双创"), "{words:?}");
        std::fs::write(&path, "词 12x n\n").unwrap();
        assert!(matches!(
            Tokenizer::with_user_dicts(&[&path]).unwrap_err().kind(),
            ErrorKind::Dictionary { line: 1, .. }
        ));
    }
}
