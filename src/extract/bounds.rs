//! Positions in a text: boundaries before and after increasing positions,
//! and byte to character offsets, each scanning the text once so that long
//! texts without punctuation stay linear.

/// Where a sentence ends: 。！？；, a line break, and their ASCII forms.
pub(crate) fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';')
}

/// Where a clause ends: a sentence end, a comma or a colon.
pub(crate) fn clause_end(c: char) -> bool {
    sentence_end(c) || matches!(c, '，' | ',' | '：' | ':')
}

/// Where a phrase ends: a clause end, an enumeration comma 、 or a quotation
/// mark. A figure's subject never crosses one.
pub(crate) fn phrase_end(c: char) -> bool {
    clause_end(c) || matches!(c, '、' | '“' | '”')
}

/// The byte index at or below `at` that starts a character.
pub(crate) fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The last boundary character before increasing byte positions, each byte
/// of the text scanned once: (its byte index, its length).
pub(crate) struct LastBefore<'t> {
    text: &'t str,
    is: fn(char) -> bool,
    scanned: usize,
    last: Option<(usize, usize)>,
}

impl<'t> LastBefore<'t> {
    pub(crate) fn new(text: &'t str, is: fn(char) -> bool) -> Self {
        LastBefore { text, is, scanned: 0, last: None }
    }

    /// The last boundary before byte `at`.
    pub(crate) fn before(&mut self, at: usize) -> Option<(usize, usize)> {
        if at < self.scanned {
            // Positions went back: start over.
            self.scanned = 0;
            self.last = None;
        }
        let is = self.is;
        if let Some(part) = self.text.get(self.scanned..at) {
            if let Some((i, c)) = part.char_indices().rfind(|&(_, c)| is(c)) {
                self.last = Some((self.scanned + i, c.len_utf8()));
            }
            self.scanned = at;
        }
        self.last
    }

    /// The byte just past the last boundary before `at`, or 0.
    pub(crate) fn start(&mut self, at: usize) -> usize {
        self.before(at).map_or(0, |(i, len)| i + len)
    }
}

/// The first boundary character at or after increasing byte positions (the
/// end of the text if none), each stretch of text searched once.
pub(crate) struct NextAfter<'t> {
    text: &'t str,
    is: fn(char) -> bool,
    found: Option<usize>,
}

impl<'t> NextAfter<'t> {
    pub(crate) fn new(text: &'t str, is: fn(char) -> bool) -> Self {
        NextAfter { text, is, found: None }
    }

    /// The byte index of the first boundary at or after `at`.
    pub(crate) fn after(&mut self, at: usize) -> usize {
        if let Some(f) = self.found.filter(|&f| f >= at) {
            return f;
        }
        let is = self.is;
        let next = self.text.get(at..).and_then(|r| r.find(is)).map_or(self.text.len(), |k| at + k);
        self.found = Some(next);
        next
    }
}

/// Byte to character offsets for increasing byte positions, counting each
/// character once.
#[derive(Default)]
pub(crate) struct CharOffsets {
    byte: usize,
    chars: usize,
}

impl CharOffsets {
    /// The character offset of byte `byte` of `text`.
    pub(crate) fn char_at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            *self = CharOffsets::default();
        }
        self.chars += text.get(self.byte..byte).map_or(0, |t| t.chars().count());
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_offsets() {
        let text = "甲，乙丙。丁";
        let mut last = LastBefore::new(text, |c| c == '，' || c == '。');
        assert_eq!(last.start(0), 0);
        assert_eq!(last.start(text.find('丙').unwrap()), text.find('乙').unwrap());
        assert_eq!(last.start(text.len()), text.find('丁').unwrap());
        let mut next = NextAfter::new(text, |c| c == '。');
        assert_eq!(next.after(0), text.find('。').unwrap());
        assert_eq!(next.after(text.find('丁').unwrap()), text.len());
        let mut chars = CharOffsets::default();
        assert_eq!(chars.char_at(text, text.find('丙').unwrap()), 3);
        assert_eq!(chars.char_at(text, text.len()), 6);
        assert_eq!(floor_char(text, 1), 0);
    }
}
