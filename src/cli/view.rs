//! Text for a person at a terminal: the width, colour and language of the
//! views of `problems` and `compare`.

use jinzhan::extract::display::Lang;
use std::borrow::Cow;
use std::io::IsTerminal;

/// Languages for `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Chinese labels: 存在问题, 进度偏慢, 下滑 ….
    Zh,
    /// English labels: explicit, pace, slipped ….
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// How text is shown.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub color: bool,
    pub width: usize,
    pub lang: Lang,
}

impl View {
    /// The view of standard output: colour on a terminal unless `NO_COLOR`,
    /// the width from `COLUMNS`, else the terminal's, else 100.
    pub fn stdout(lang: Lang) -> View {
        let terminal = std::io::stdout().is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .or_else(|| {
                terminal
                    .then(|| console::Term::stdout().size_checked().map(|(_, w)| usize::from(w)))
                    .flatten()
            })
            .unwrap_or(100usize)
            .max(20);
        View { color, width, lang }
    }

    /// The view of a file: no colour, 100 columns.
    pub fn file(lang: Lang) -> View {
        View { color: false, width: 100, lang }
    }

    /// `text` wrapped to the width behind `indent`: by Unicode line-breaking
    /// rules (a Chinese text breaks between characters but not before
    /// closing punctuation, an English word is never split unless it is
    /// wider than the line), widths as a terminal shows them.
    pub fn wrap<'t>(&self, text: &'t str, indent: &'t str) -> Vec<Cow<'t, str>> {
        textwrap::wrap(
            text,
            textwrap::Options::new(self.width).initial_indent(indent).subsequent_indent(indent),
        )
    }

    /// Appends `text` wrapped behind `indent` to `out`, in bold `code`
    /// colour (e.g. `1;31`) when colour is on and a code is given.
    pub fn push(&self, out: &mut String, text: &str, indent: &str, code: Option<&str>) {
        for line in self.wrap(text, indent) {
            match (self.color, code) {
                (true, Some(code)) => out.push_str(&format!("\x1b[{code}m{line}\x1b[0m\n")),
                _ => {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
    }
}
