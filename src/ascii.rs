//! ASCII forms of the recognisers' and rules' regexes.
//!
//! Most text is ASCII (all but a few Reuters stories), yet the patterns are written for any
//! script: `\p{L}`, `\p{Lu}` and a case-insensitive phrase each compile to hundreds of UTF-8 byte
//! sequences. On a text made only of ASCII characters (and a few `extra` characters, such as the
//! entity markers of a relation rule's sentence view), the same pattern with each class cut down
//! to those characters matches exactly where the full one does, with the same groups: a class
//! keeps the characters the text can hold, a literal the text cannot hold never matches either
//! way, and a Unicode word boundary is an ASCII one when no character of the text is a non-ASCII
//! word character. That form compiles several times faster, to a far smaller automaton whose lazy
//! DFA and backtracker are cheaper to run. Text with a few characters beyond ASCII, as most news
//! has (accented letters, curly quotes, dashes), gets the same cut down to ASCII and the
//! [`LATIN`] blocks. [`Forms`] keeps the three forms, each compiled on first use.

use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};
use std::sync::OnceLock;

/// Which form of a pattern a text can be searched with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// The pattern as written: any text.
    Full,
    /// The pattern cut down to ASCII, the extra characters and the [`LATIN`] blocks: text made
    /// only of those (Western European news: accented letters, curly quotes, dashes, euro signs).
    Latin,
    /// The pattern cut down to ASCII and the extra characters: text made only of those.
    Ascii,
}

/// The characters besides ASCII that the [`Form::Latin`] form keeps: Latin-1 (the accented
/// letters of Western European languages, no-break space, guillemets, pound sign) and the blocks
/// from general punctuation to letterlike symbols (curly quotes, dashes, ellipsis, euro sign,
/// trade mark). A text holding one of these compiled the full form of every regex it needed, 65 ms
/// of CPU and ~12 MiB (now 18 ms): `\p{L}` alone is hundreds of ranges, here a handful.
pub(crate) const LATIN: &[(char, char)] = &[('\u{80}', '\u{ff}'), ('\u{2000}', '\u{214f}')];

fn is_latin(c: char) -> bool {
    LATIN.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

impl Form {
    /// The form for `text` when the pattern's extra characters are `extra`: the smallest one
    /// that keeps every character of the text.
    pub(crate) fn of(text: &str, extra: &[char]) -> Form {
        if text.is_ascii() {
            return Form::Ascii;
        }
        let mut form = Form::Ascii;
        for c in text.chars() {
            if c.is_ascii() || extra.contains(&c) {
                continue;
            }
            if !is_latin(c) {
                return Form::Full;
            }
            form = Form::Latin;
        }
        form
    }
}

/// `pattern` cut down to text made only of ASCII and `extra` characters (see the module docs), as
/// a pattern; `None` when `pattern` does not parse.
#[cfg(test)]
pub(crate) fn restricted(pattern: &str, extra: &[char]) -> Option<String> {
    Some(restricted_hir(&parse(pattern)?, extra, &[]).to_string())
}

/// `pattern` parsed as the `regex` crate parses a pattern for `&str` haystacks.
pub(crate) fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::Parser::new().parse(pattern).ok()
}

/// `hir` cut down to text made only of ASCII, `extra` characters and characters of the `blocks`
/// (see the module docs).
pub(crate) fn restricted_hir(hir: &Hir, extra: &[char], blocks: &[(char, char)]) -> Hir {
    let mut others = ClassUnicode::new(extra.iter().map(|&c| ClassUnicodeRange::new(c, c)));
    others.union(&ClassUnicode::new(blocks.iter().map(|&(lo, hi)| ClassUnicodeRange::new(lo, hi))));
    let mut keep = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]);
    keep.union(&others);
    // Word boundaries can be ASCII ones when no character kept besides ASCII is a word character.
    let mut words = match parse(r"\w").as_ref().map(Hir::kind) {
        Some(HirKind::Class(Class::Unicode(w))) => w.clone(),
        _ => unreachable!(r"\w is a Unicode class"),
    };
    words.intersect(&others);
    let ascii_words = words.ranges().iter().all(|r| r.end().is_ascii());
    restrict(hir, &keep, ascii_words)
}

fn restrict(hir: &Hir, keep: &ClassUnicode, ascii_words: bool) -> Hir {
    let go = |h: &Hir| restrict(h, keep, ascii_words);
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(keep);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) if !s.chars().all(|c| keep.ranges().iter().any(|r| r.start() <= c && c <= r.end())) => Hir::fail(),
            _ => hir.clone(),
        },
        HirKind::Look(look) if ascii_words => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(r) => match go(&r.sub) {
            sub if droppable(&sub) && r.min == 0 => Hir::empty(),
            sub if droppable(&sub) => Hir::fail(),
            sub => Hir::repetition(Repetition { sub: Box::new(sub), ..r.clone() }),
        },
        HirKind::Capture(c) => Hir::capture(Capture { sub: Box::new(go(&c.sub)), ..c.clone() }),
        HirKind::Concat(subs) => {
            let subs: Vec<Hir> = subs.iter().map(go).collect();
            if subs.iter().any(never_matches) && subs.iter().all(|s| s.properties().explicit_captures_len() == 0) {
                Hir::fail()
            } else {
                Hir::concat(subs)
            }
        }
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(go).filter(|s| !droppable(s)).collect()),
    }
}

fn never_matches(hir: &Hir) -> bool {
    hir.properties().minimum_len().is_none()
}

/// A part that never matches and holds no group (dropping a group would renumber the others).
fn droppable(hir: &Hir) -> bool {
    never_matches(hir) && hir.properties().explicit_captures_len() == 0
}

/// A pattern's three compiled forms, each compiled the first time a text needs it; `None` when it
/// does not compile.
#[derive(Debug, Clone, Default)]
pub(crate) struct Forms<T> {
    full: OnceLock<Option<T>>,
    latin: OnceLock<Option<T>>,
    ascii: OnceLock<Option<T>>,
}

impl<T> Forms<T> {
    pub(crate) fn new() -> Self {
        Forms { full: OnceLock::new(), latin: OnceLock::new(), ascii: OnceLock::new() }
    }

    fn cell(&self, form: Form) -> &OnceLock<Option<T>> {
        match form {
            Form::Full => &self.full,
            Form::Latin => &self.latin,
            Form::Ascii => &self.ascii,
        }
    }

    /// The `form` of `pattern` (whose extra characters are `extra`), parsed once and compiled
    /// from its HIR by `compile`.
    pub(crate) fn get(&self, form: Form, pattern: &str, extra: &[char], compile: impl FnOnce(&Hir) -> Option<T>) -> Option<&T> {
        self.cell(form)
            .get_or_init(|| {
                let hir = parse(pattern)?;
                match form {
                    Form::Full => compile(&hir),
                    Form::Latin => compile(&restricted_hir(&hir, extra, LATIN)),
                    Form::Ascii => compile(&restricted_hir(&hir, extra, &[])),
                }
            })
            .as_ref()
    }

    /// Whether `form` has been compiled (or found not to compile).
    pub(crate) fn is_compiled(&self, form: Form) -> bool {
        self.cell(form).get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn classes_keep_ascii_and_extra_characters_only() {
        assert_eq!(restricted(r"\p{Lu}", &[]).unwrap(), "[A-Z]");
        assert_eq!(restricted(r"[\p{Ll}'’]", &[]).unwrap(), "['a-z]");
        assert_eq!(restricted(r"(?i)k", &[]).unwrap(), "[Kk]");
        assert_eq!(restricted(r"[^ ]", &['\u{E000}']).unwrap(), "[\0-\u{1f}!-\u{7f}\u{e000}]");
        // A literal the text cannot hold never matches.
        assert_eq!(restricted("a|’s", &[]).unwrap(), "a");
        assert_eq!(restricted("\u{E000}x", &['\u{E000}']).unwrap(), "(?:\u{e000}x)");
        // Word boundaries become ASCII ones unless an extra character is a word character.
        assert_eq!(restricted(r"\bx", &[]).unwrap(), r"(?:(?-u:\b)x)");
        assert_eq!(restricted(r"\bx", &['é']).unwrap(), r"(?:\bx)");
        assert_eq!(restricted("(?P<n>[a-z]+)", &[]).unwrap(), "(?P<n>[a-z]+)");
        assert!(restricted("(", &[]).is_none());
        // A branch that cannot match is dropped, unless it holds a group: groups keep their numbers.
        assert_eq!(regex::Regex::new(&restricted("(’)|(x)", &[]).unwrap()).unwrap().captures_len(), 3);
        assert_eq!(restricted("(?:’|x)y", &[]).unwrap(), "(?:xy)");
    }

    #[test]
    fn the_form_is_the_smallest_that_keeps_every_character() {
        assert_eq!(Form::of("plain text", &[]), Form::Ascii);
        assert_eq!(Form::of("\u{E000}C0\u{E001} bought", &['\u{E000}', '\u{E001}']), Form::Ascii);
        assert_eq!(Form::of("\u{E000}", &['\u{E000}']), Form::Ascii);
        // Latin-1, general punctuation, currency signs and letterlike symbols.
        assert_eq!(Form::of("caf\u{e9}", &[]), Form::Latin);
        assert_eq!(Form::of("\u{E000}C0\u{E001} caf\u{e9}", &['\u{E000}', '\u{E001}']), Form::Latin);
        assert_eq!(Form::of("Nestl\u{e9}\u{2019}s \u{201c}deal\u{201d} \u{2014} 5\u{a0}\u{20ac} Acme\u{2122}", &[]), Form::Latin);
        // Anything else, anywhere in the text.
        assert_eq!(Form::of("caf\u{e9} \u{141}\u{f3}d\u{17a}", &[]), Form::Full);
        assert_eq!(Form::of("x\u{1F600}", &['\u{E000}']), Form::Full);
        assert_eq!(Form::of("\u{5317}\u{4eac}", &[]), Form::Full);
    }

    #[test]
    fn blocks_keep_their_characters_and_unicode_word_boundaries_where_they_hold_letters() {
        let latin = |p: &str| restricted_hir(&parse(p).unwrap(), &[], LATIN).to_string();
        assert_eq!(
            latin(r"\p{Lu}"),
            "[A-Z\u{c0}-\u{d6}\u{d8}-\u{de}\u{2102}\u{2107}\u{210b}-\u{210d}\u{2110}-\u{2112}\u{2115}\u{2119}-\u{211d}\u{2124}\u{2126}\u{2128}\u{212a}-\u{212d}\u{2130}-\u{2133}\u{213e}\u{213f}\u{2145}]"
        );
        assert_eq!(latin("a|\u{141}"), "a");
        assert_eq!(latin(r"\bx"), r"(?:\bx)");
        // Blocks of punctuation alone keep ASCII word boundaries.
        assert_eq!(restricted_hir(&parse(r"\bx").unwrap(), &[], &[('\u{2010}', '\u{201f}')]).to_string(), r"(?:(?-u:\b)x)");
    }

    #[test]
    fn a_form_is_compiled_once_when_first_needed() {
        let forms: Forms<String> = Forms::new();
        assert!(!forms.is_compiled(Form::Ascii));
        let re = forms.get(Form::Ascii, r"\p{Lu}\p{Ll}+", &[], |h| Some(h.to_string())).unwrap();
        assert_eq!(re, "(?:[A-Z][a-z]+)");
        assert!(forms.is_compiled(Form::Ascii) && !forms.is_compiled(Form::Full));
        // Later calls get the compiled form: the closure is not called again.
        assert!(forms.get(Form::Ascii, "unused", &[], |_| unreachable!()).is_some());
        // A pattern that does not parse has no form.
        assert!(forms.get(Form::Full, "(", &[], |h| Some(h.to_string())).is_none());
        assert!(forms.is_compiled(Form::Full));
    }

    const PATTERNS: &[&str] = &[
        r"(?:^|[^\p{L}\p{N}_])(?P<name>\p{Lu}[\p{L}\p{N}&'’-]*(?:[ \t]+\p{Lu}[\p{L}'’]*){0,3}),?[ \t]+(?P<form>(?i:inc|corp|s\.p\.a)\.?)(?:$|[^\p{L}\p{N}\-])",
        r"(?i:chief executive|ceo|président)[ \t]+(?P<name>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,2})\b",
        r"\b(?P<w>\w+)\b[ \t]*(?:’s|'s)?",
        r"[^ \p{L}\p{N}][^ ]* \p{N}+",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// On ASCII text the restricted form finds the same matches and groups as the full one.
        #[test]
        fn the_ascii_form_matches_as_the_full_pattern_on_ascii_text(
            text in proptest::collection::vec(prop_oneof![
                Just("Acme"), Just("ACME"), Just("Corp"), Just("inc."), Just("S.p.A"), Just("Chief Executive"), Just("CEO"),
                Just("Jane"), Just("Smith"), Just("O'Neil"), Just("and"), Just("'s"), Just(" "), Just("\t"), Just("\n"),
                Just(","), Just("-"), Just("_"), Just("42"), Just("x9"), Just("("), Just("k"), Just("s"),
            ], 0..24).prop_map(|p| p.concat())
        ) {
            for pattern in PATTERNS {
                let full = regex::Regex::new(pattern).unwrap();
                let ascii = regex::Regex::new(&restricted(pattern, &[]).unwrap()).unwrap();
                let groups = |re: &regex::Regex| -> Vec<Vec<Option<(usize, usize)>>> {
                    re.captures_iter(&text).map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()).collect()
                };
                prop_assert_eq!(groups(&full), groups(&ascii), "{}", pattern);
            }
        }

        /// On text of Latin-1 letters, curly quotes and the like the Latin form finds the same
        /// matches and groups as the full one.
        #[test]
        fn the_latin_form_matches_as_the_full_pattern_on_latin_text(
            text in proptest::collection::vec(prop_oneof![
                Just("Acme"), Just("Corp"), Just("inc."), Just("Chief Executive"), Just("Président"), Just("PRÉSIDENT"), Just("CEO"),
                Just("Jane"), Just("Müller"), Just("Ölwerke"), Just("ß"), Just("’s"), Just("O’Neil"), Just("\u{a0}"), Just(" "),
                Just("\n"), Just("—"), Just("“"), Just("€"), Just("™"), Just("K"), Just("k"), Just("42"), Just("²"), Just("ª"),
            ], 0..24).prop_map(|p| p.concat())
        ) {
            prop_assert_eq!(Form::of(&text, &[]) == Form::Full, false);
            for pattern in PATTERNS {
                let full = regex::Regex::new(pattern).unwrap();
                let latin = regex::Regex::new(&restricted_hir(&parse(pattern).unwrap(), &[], LATIN).to_string()).unwrap();
                let groups = |re: &regex::Regex| -> Vec<Vec<Option<(usize, usize)>>> {
                    re.captures_iter(&text).map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()).collect()
                };
                prop_assert_eq!(groups(&full), groups(&latin), "{}", pattern);
            }
        }
    }
}
