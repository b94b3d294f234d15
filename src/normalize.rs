//! The normalised view of a text that the gazetteer matches against, with a map back to the
//! original byte offsets.
//!
//! What the view changes (and nothing else):
//! - letters are case-folded (Unicode lower case, plus `ß` → `ss` and final sigma → sigma);
//! - curly, straight and prime apostrophes become `'`; curly and angle quotes become `"`;
//! - a dash or middle dot between two letters or digits becomes a space ("Voyager-EUS2" and
//!   "Voyager EUS2", "DALL·E" and "DALL-E" read alike); any other dash becomes `-`;
//! - a run of white space (non-breaking and other Unicode spaces included) becomes one space, or one
//!   `\n` when it holds a blank line, so names never match across paragraphs;
//! - zero-width characters, soft hyphens and byte-order marks are dropped.
//!
//! For ASCII text without double spaces or dashes the view is the text in lower case and the
//! offset map is empty (offsets are equal); that is the fast path.

/// A normalised text and its offset map.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    text: String,
    /// Points where the offset delta changes: `(normalised offset, original offset)`, ascending.
    shifts: Vec<(usize, usize)>,
    original_len: usize,
}

/// What a character becomes in the view.
enum Mapped {
    Same(char),
    Folded(char),
    Str(&'static str),
    Drop,
}

pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

pub(crate) fn is_middle_dot(c: char) -> bool {
    matches!(c, '\u{00B7}' | '\u{2027}' | '\u{30FB}' | '\u{2219}' | '\u{22C5}')
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{2032}' | '\u{FF07}')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' | '\u{FF02}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' | '\u{FEFF}')
}

/// Whether a character joins a word (letters, digits, combining marks).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Scripts written without spaces between words: a Latin name next to them still has a boundary.
pub(crate) fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' |
        '\u{F900}'..='\u{FAFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{0E00}'..='\u{0E7F}')
}

/// The words of `text` (split at white space) joined by single spaces: a name as it is shown.
/// (One allocation; collecting the words and joining them took two.)
pub(crate) fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Calls `f` with `word` in lower case (`str::to_lowercase`), lowered on the stack when it is
/// short ASCII: words of matches and sentence ends are looked up in lower case, each once an
/// allocation.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const MAX: usize = 32;
    if word.len() <= MAX && word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(word);
        }
        let mut lower = [0u8; MAX];
        for (to, from) in lower.iter_mut().zip(word.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        if let Ok(lower) = std::str::from_utf8(&lower[..word.len()]) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// ASCII characters other than white space (`char::is_whitespace`, not `u8::is_ascii_whitespace`:
/// the latter leaves out the vertical tab, which the view folds into a space like any white space).
const ASCII_NON_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        // `char::is_whitespace` of ASCII (not const before Rust 1.87): tab to carriage return, space.
        t[b] = !matches!(b, 0x09..=0x0d | 0x20);
        b += 1;
    }
    t
};

/// Which of the first eight of `nine` bytes may end a run of bytes the view keeps (see
/// `NormalizedText::build_inner`), asked of the eight at once (each byte a lane of a `u64`): the
/// high bit of each lane whose byte is not kept. Kept are ASCII other than white space, dashes and
/// quotes, and a space before ASCII that is not white space. (Control characters, which are kept,
/// are marked too, as is a space before one: the byte loop then decides.) Each lane is computed by
/// itself, no carry or borrow crossing into the next: the lowest marked lane is the first byte to
/// look at.
fn not_kept_lanes(nine: &[u8]) -> u64 {
    use crate::lanes::{HIGH, below, equal, load};
    let (x, next) = (load(nine), load(&nine[1..]));
    let space = equal(x, b' ');
    x & HIGH
        | below(x, 0x21) & !space
        | space & (below(next, 0x21) | next & HIGH)
        | equal(x, b'-')
        | equal(x, b'\'')
        | equal(x, b'`')
        | equal(x, b'"')
}

/// What [`NormalizedText::fold_word`] does with a byte of a word.
#[derive(Clone, Copy)]
enum FoldByte {
    /// Kept as it is.
    Kept,
    /// An ASCII capital (to lower case) or '`' (to '\'').
    Changed,
    /// Not ASCII, white space, a dash or a double quote: the word goes through `fold_form`.
    NotPlain,
}

/// [`FoldByte`] of each byte (a table: words of every sentence are folded).
const FOLD_WORD_BYTE: [FoldByte; 256] = {
    let mut table = [FoldByte::NotPlain; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'-' | b'"' => FoldByte::NotPlain,
            _ if !ASCII_NON_SPACE[b] => FoldByte::NotPlain,
            b'A'..=b'Z' | b'`' => FoldByte::Changed,
            _ => FoldByte::Kept,
        };
        b += 1;
    }
    table
};

/// Case folding of one character, as a string when it is not one character.
fn fold(c: char) -> Mapped {
    if c.is_ascii() {
        return if c.is_ascii_uppercase() { Mapped::Folded(c.to_ascii_lowercase()) } else { Mapped::Same(c) };
    }
    match c {
        'ß' | 'ẞ' => Mapped::Str("ss"),
        'ς' => Mapped::Folded('σ'),
        'İ' => Mapped::Folded('i'),
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l == c => Mapped::Same(c),
                (Some(l), None) => Mapped::Folded(l),
                _ => Mapped::Same(c),
            }
        }
    }
}

impl NormalizedText {
    /// Builds the view of `original`.
    pub fn new(original: &str) -> Self {
        let mut view = NormalizedText { text: String::with_capacity(original.len()), shifts: Vec::new(), original_len: original.len() };
        view.build(original, true);
        view
    }

    /// The view of a dictionary form or cue: the same transformation, without the offset map.
    pub fn fold_form(form: &str) -> String {
        let mut view = NormalizedText { text: String::with_capacity(form.len()), shifts: Vec::new(), original_len: form.len() };
        view.build(form, false);
        trim_in_place(view.text)
    }

    /// [`fold_form`](Self::fold_form) of a word, without a copy when folding changes nothing.
    /// ASCII without white space, dashes or double quotes (the characters the view maps to
    /// separators or other characters) folds to its lower case with '`' as '\'', and is not
    /// copied when it holds no capital and no '`': most words of running text.
    pub fn fold_word(word: &str) -> std::borrow::Cow<'_, str> {
        let mut scratch = String::new();
        let borrowed = std::ptr::eq(Self::fold_word_in(word, &mut scratch), word);
        if borrowed { std::borrow::Cow::Borrowed(word) } else { std::borrow::Cow::Owned(scratch) }
    }

    /// [`fold_word`](Self::fold_word) with the copy, when one is needed, made in `scratch` (a
    /// buffer kept by the caller): the relation stage folds every capitalised word of the
    /// sentences it reads, each of which was an allocation.
    pub(crate) fn fold_word_in<'a>(word: &'a str, scratch: &'a mut String) -> &'a str {
        let mut changes = false;
        for &b in word.as_bytes() {
            match FOLD_WORD_BYTE[usize::from(b)] {
                FoldByte::Kept => {}
                FoldByte::Changed => changes = true,
                FoldByte::NotPlain => {
                    let mut view = NormalizedText { text: std::mem::take(scratch), shifts: Vec::new(), original_len: word.len() };
                    view.text.clear();
                    view.build(word, false);
                    *scratch = trim_in_place(view.text);
                    return scratch;
                }
            }
        }
        if !changes {
            return word;
        }
        scratch.clear();
        scratch.extend(word.bytes().map(|b| if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) }));
        scratch
    }

    /// Calls `f` with [`fold_form`](Self::fold_form) of `form`, folded on the stack when `form` is
    /// short printable ASCII that folding only lowers (words with one space between them, no
    /// dash or double quote): most names looked up in a table, each of which was an allocation.
    pub(crate) fn with_fold_form<R>(form: &str, f: impl FnOnce(&str) -> R) -> R {
        const MAX: usize = 64;
        let bytes = form.as_bytes();
        let printable = |b: u8| (0x20..0x7f).contains(&b);
        if bytes.len() <= MAX {
            let mut folded = [0u8; MAX];
            let mut plain = true;
            for (i, &b) in bytes.iter().enumerate() {
                folded[i] = match FOLD_WORD_BYTE[usize::from(b)] {
                    FoldByte::Kept if printable(b) => b,
                    FoldByte::Changed if b == b'`' => b'\'',
                    FoldByte::Changed => b.to_ascii_lowercase(),
                    // A space between two characters that are kept or lowered stays as it is.
                    FoldByte::NotPlain
                        if b == b' '
                            && i > 0
                            && bytes
                                .get(i + 1)
                                .is_some_and(|&n| printable(n) && !matches!(FOLD_WORD_BYTE[usize::from(n)], FoldByte::NotPlain)) =>
                    {
                        b' '
                    }
                    _ => {
                        plain = false;
                        break;
                    }
                };
            }
            if plain && let Ok(folded) = std::str::from_utf8(&folded[..bytes.len()]) {
                return f(folded);
            }
        }
        f(&Self::fold_form(form))
    }

    /// The same transformation but letters keep their case (used to check case policies).
    pub fn preserve_case(form: &str) -> String {
        let mut view = NormalizedText { text: String::with_capacity(form.len()), shifts: Vec::new(), original_len: form.len() };
        view.build_inner(form, false, false);
        trim_in_place(view.text)
    }

    fn build(&mut self, original: &str, track: bool) {
        self.build_inner(original, track, true)
    }

    fn build_inner(&mut self, original: &str, track: bool, case_fold: bool) {
        /// Of those, the ones the view keeps as they are: all but dashes and quotes.
        const ASCII_PLAIN: [bool; 256] = {
            let mut t = ASCII_NON_SPACE;
            t[b'-' as usize] = false;
            t[b'\'' as usize] = false;
            t[b'`' as usize] = false;
            t[b'"' as usize] = false;
            t
        };
        let bytes = original.as_bytes();
        // ASCII that the view keeps as it is (but for case): letters, digits and punctuation other
        // than dashes and quotes, and a single space before such a character or a dash or quote.
        // (A byte and the one after it.)
        let kept_byte =
            |b: u8, next: Option<&u8>| ASCII_PLAIN[usize::from(b)] || b == b' ' && next.is_some_and(|&n| ASCII_NON_SPACE[usize::from(n)]);
        let kept = |at: usize| kept_byte(bytes[at], bytes.get(at + 1));
        // Where the run of kept bytes from `at` ends, in a plain loop over the bytes (this reads every
        // byte of every document; a search by `kept` over offsets cost twice as much).
        let run_end = |mut at: usize| {
            while at < bytes.len() {
                if bytes.len() - at > 8 {
                    let lanes = not_kept_lanes(&bytes[at..at + 9]);
                    if lanes == 0 {
                        at += 8;
                        continue;
                    }
                    // The bytes before the first marked one are kept.
                    at += crate::lanes::first_marked(lanes);
                }
                if !kept_byte(bytes[at], bytes.get(at + 1)) {
                    break;
                }
                at += 1;
            }
            at
        };
        let mut prev: Option<char> = None; // previous original character
        let mut i = 0;
        while i < bytes.len() {
            // Fast path: a run of kept ASCII, copied at once.
            if kept(i) {
                let end = run_end(i + 1);
                let start = self.text.len();
                self.text.push_str(&original[i..end]);
                if case_fold {
                    self.text[start..].make_ascii_lowercase();
                }
                prev = Some(char::from(bytes[end - 1]));
                i = end;
                continue;
            }
            let c = original[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if c.is_whitespace() {
                // Consume the whole run.
                let mut j = i;
                let mut newlines = 0;
                for ch in original[i..].chars() {
                    if !ch.is_whitespace() && !is_invisible(ch) {
                        break;
                    }
                    if ch == '\n' {
                        newlines += 1;
                    }
                    j += ch.len_utf8();
                }
                let out = if newlines >= 2 { '\n' } else { ' ' };
                self.text.push(out);
                if track && j - i != 1 {
                    self.shifts.push((self.text.len(), j));
                }
                prev = Some(out);
                i = j;
                continue;
            }
            let mapped = if is_invisible(c) {
                Mapped::Drop
            } else if is_dash(c) || is_middle_dot(c) {
                let next = original[i + len..].chars().next();
                let joins = prev.is_some_and(is_word_char) && next.is_some_and(is_word_char);
                Mapped::Folded(if joins { ' ' } else { '-' })
            } else if is_apostrophe(c) {
                Mapped::Folded('\'')
            } else if is_quote(c) {
                Mapped::Folded('"')
            } else if case_fold {
                fold(c)
            } else {
                Mapped::Same(c)
            };
            let before = self.text.len();
            match mapped {
                Mapped::Same(m) | Mapped::Folded(m) => self.text.push(m),
                Mapped::Str(s) => self.text.push_str(s),
                Mapped::Drop => {}
            }
            if track && self.text.len() - before != len {
                self.shifts.push((self.text.len(), i + len));
            }
            if !matches!(mapped, Mapped::Drop) {
                prev = Some(c);
            }
            i += len;
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps an offset of the view to the original text (rounded down to a character start of the
    /// output it belongs to).
    pub fn to_original(&self, normalized: usize) -> usize {
        self.shifted(self.shifts.partition_point(|&(n, _)| n <= normalized), normalized)
    }

    /// [`to_original`](Self::to_original) for offsets asked in ascending order: each call goes on
    /// from where the last one stopped instead of searching all the shifts again.
    pub(crate) fn to_original_ascending(&self) -> impl FnMut(usize) -> usize + '_ {
        let mut k = 0;
        move |normalized| {
            if k > 0 && self.shifts[k - 1].0 > normalized {
                // Asked out of order: search again.
                k = 0;
            }
            while k < self.shifts.len() && self.shifts[k].0 <= normalized {
                k += 1;
            }
            self.shifted(k, normalized)
        }
    }

    /// The original offset of `normalized`, the first `k` shifts being those at or before it.
    fn shifted(&self, k: usize, normalized: usize) -> usize {
        let orig = match k.checked_sub(1) {
            None => normalized,
            Some(last) => {
                let (n, o) = self.shifts[last];
                o + (normalized - n)
            }
        };
        orig.min(self.original_len)
    }

    /// Whether the view has the same offsets as the original (no map needed).
    pub fn is_identity(&self) -> bool {
        self.shifts.is_empty()
    }
}

/// `text` without leading and trailing white space, reusing its allocation.
fn trim_in_place(mut text: String) -> String {
    let end = text.trim_end().len();
    text.truncate(end);
    let lead = text.len() - text.trim_start().len();
    if lead > 0 {
        text.drain(..lead);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ASCII byte, alone and inside a word, folds by the table as `fold_form` folds it.
    #[test]
    fn fold_word_agrees_with_fold_form_on_every_ascii_byte() {
        for b in 0u8..128 {
            let c = char::from(b);
            for word in [c.to_string(), format!("Ab{c}cD"), format!("x{c}")] {
                assert_eq!(NormalizedText::fold_word(&word).as_ref(), NormalizedText::fold_form(&word), "byte {b:#04x} in {word:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// `fold_word` is `fold_form` on any word, ASCII or not.
        #[test]
        fn fold_word_is_fold_form(word in "[a-zA-Z0-9'`\"\\-_.,:;!?()&/ \t\x0b\x00\x7fÉéß’–]{0,12}") {
            let (fast, full) = (NormalizedText::fold_word(&word), NormalizedText::fold_form(&word));
            proptest::prop_assert_eq!(fast.as_ref(), full.as_str());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// `with_lowercase` hands over `to_lowercase` of any word, lowered on the stack or not.
        #[test]
        fn with_lowercase_is_to_lowercase(word in "[a-zA-Z0-9'. ]{0,40}|[A-Za-zÉéİßΣ]{0,6}") {
            proptest::prop_assert_eq!(with_lowercase(&word, str::to_string), word.to_lowercase());
        }

        /// `fold_word_in` is `fold_form` of a sequence of words folded with one buffer (each word
        /// written over what the one before left in it).
        #[test]
        fn fold_word_in_one_buffer_is_fold_form(words in proptest::collection::vec("[a-zA-Z0-9'`\"\\-.]{0,8}|[A-Za-zÉéß’– ]{0,6}", 1..6)) {
            let mut scratch = String::from("left over");
            for word in &words {
                let full = NormalizedText::fold_form(word);
                proptest::prop_assert_eq!(NormalizedText::fold_word_in(word, &mut scratch), full.as_str(), "{:?}", word);
            }
        }

        /// `single_spaced` joins the words with one space.
        #[test]
        fn single_spaced_joins_the_words_with_one_space(text in "[a-z \t\n\r\u{a0}\u{2003}é]{0,16}") {
            proptest::prop_assert_eq!(single_spaced(&text), text.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        /// `with_fold_form` hands over `fold_form` of any form, folded on the stack or not.
        #[test]
        fn with_fold_form_is_fold_form(form in "[a-zA-Z0-9'`\"\\-_.,&/ \t\n\x0b\x00\x1f\x7fÉéß’–]{0,12}|[a-zA-Z .]{60,70}") {
            let full = NormalizedText::fold_form(&form);
            let folded = NormalizedText::with_fold_form(&form, str::to_string);
            proptest::prop_assert_eq!(folded, full);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// Eight bytes at once mark each byte that is not kept, and (but for control characters
        /// and a space before one, left to the byte loop) no other.
        #[test]
        fn eight_bytes_at_once_mark_the_bytes_the_view_changes(
            nine in proptest::collection::vec(proptest::sample::select(&b"aZ09.,(' `\"-\t\n\r\x0b\x0c\x01\x1f\x7f\xc3\xa9\x80"[..]), 9)
        ) {
            let ascii_non_space = |b: u8| b.is_ascii() && !matches!(b, 0x09..=0x0d | b' ');
            let control = |b: u8| b < 0x20 && !matches!(b, 0x09..=0x0d);
            let lanes = not_kept_lanes(&nine);
            for k in 0..8 {
                let b = nine[k];
                let kept = ascii_non_space(b) && !matches!(b, b'-' | b'\'' | b'`' | b'"') || b == b' ' && ascii_non_space(nine[k + 1]);
                let marked = lanes >> (8 * k) & 0xFF == 0x80;
                proptest::prop_assert_eq!(lanes >> (8 * k) & 0x7F, 0, "only high bits: {:?}", nine);
                if control(b) || b == b' ' && control(nine[k + 1]) {
                    proptest::prop_assert!(marked, "byte {} of {:?}", k, nine);
                } else {
                    proptest::prop_assert_eq!(marked, !kept, "byte {} of {:?}", k, nine);
                }
            }
        }
    }

    /// The view of ASCII text by its rules, one character at a time: white-space runs are one
    /// space (a line break for two or more line feeds), a dash between two word characters is a
    /// space, '`' is '\'', letters are folded.
    fn ascii_view_by_the_rules(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                let run = chars[i..].iter().take_while(|c| c.is_whitespace()).count();
                out.push(if chars[i..i + run].iter().filter(|&&c| c == '\n').count() >= 2 { '\n' } else { ' ' });
                i += run;
                continue;
            }
            out.push(match c {
                '-' if i > 0 && is_word_char(chars[i - 1]) && chars.get(i + 1).is_some_and(|&n| is_word_char(n)) => ' ',
                '`' => '\'',
                c => c.to_ascii_lowercase(),
            });
            i += 1;
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// On ASCII text the view (copied in runs where nothing changes but case) follows the rules.
        #[test]
        fn ascii_view_follows_the_rules(text in r#"[a-zA-Z0-9'`"\-_.,:;!?()&/ \t\n\r\x0b\x0c]{0,40}"#) {
            let view = NormalizedText::new(&text);
            let expected = ascii_view_by_the_rules(&text);
            proptest::prop_assert_eq!(view.as_str(), expected.as_str());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// The cursor maps every offset as `to_original` does, asked in ascending order and then
        /// out of order.
        #[test]
        fn ascending_offsets_map_as_one_by_one(
            text in "[a-zA-Z0-9'`\"\\-_.,:;()/ \t\n\u{a0}\u{2019}\u{2013}\u{2011}ßÉ]{0,40}",
            again in proptest::collection::vec(0usize..64, 0..8),
        ) {
            let view = NormalizedText::new(&text);
            let mut cursor = view.to_original_ascending();
            for n in (0..=view.as_str().len()).chain(again) {
                proptest::prop_assert_eq!(cursor(n), view.to_original(n), "offset {}", n);
            }
        }
    }

    #[test]
    fn folded_forms_are_trimmed_at_both_ends() {
        assert_eq!(NormalizedText::fold_form("  Azure   Maia\t"), "azure maia");
        assert_eq!(NormalizedText::preserve_case("\u{a0}Azure Maia "), "Azure Maia");
        assert_eq!(NormalizedText::fold_form(" \t "), "");
        assert_eq!(trim_in_place("x".into()), "x");
    }

    #[test]
    fn folds_case_dashes_quotes_and_spaces() {
        let v = NormalizedText::new("Microsoft’s  Voyager‑EUS2 and DALL·E 2");
        assert_eq!(v.as_str(), "microsoft's voyager eus2 and dall e 2");
    }

    #[test]
    fn maps_offsets_back() {
        let text = "A\u{00A0}\u{00A0}Straße – Voyager‑EUS2";
        let v = NormalizedText::new(text);
        let n = v.as_str();
        let at = n.find("voyager").unwrap();
        assert_eq!(&text[v.to_original(at)..], "Voyager‑EUS2");
        let end = at + "voyager eus2".len();
        assert_eq!(v.to_original(end), text.len());
        assert!(n.contains("strasse"));
    }

    #[test]
    fn ascii_is_identity() {
        let v = NormalizedText::new("NVIDIA and AMD, Inc.");
        assert!(v.is_identity());
        assert_eq!(v.as_str(), "nvidia and amd, inc.");
    }

    #[test]
    fn blank_line_is_a_paragraph_mark() {
        assert_eq!(NormalizedText::new("Azure\n\nMaia").as_str(), "azure\nmaia");
        assert_eq!(NormalizedText::new("Azure\r\nMaia").as_str(), "azure maia");
    }

    #[test]
    fn spaced_dash_stays_a_dash() {
        assert_eq!(NormalizedText::fold_form("Azure Maia – AI"), "azure maia - ai");
    }
}
