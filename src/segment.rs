//! Sentence segmentation: Unicode sentence boundaries (UAX #29, via `unicode-segmentation`),
//! corrected for abbreviations ("Inc.", "Corp.", "U.S.") and for hard-wrapped text (newswire lines
//! wrapped at ~70 columns, where a single newline is not a sentence end).
//!
//! Paragraphs of ASCII text take a fast path (`ascii_sentence_bounds`): the same UAX #29 rules,
//! with the sentence-break category read from a 128-entry table instead of a binary search of the
//! Unicode tables (which was most of the cost of segmenting newswire); so do lines whose other
//! characters are accented letters, quotes, dashes and spaces, each read as an ASCII stand-in of
//! its category (`stand_ins`). Tests check both against `unicode-segmentation` on generated and
//! real text.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Splits `text` into sentence byte ranges (trimmed, non-empty, ascending). `abbreviations`: the
/// words with their final '.' that do not end a sentence (in any hasher's set).
pub fn sentences<S: BuildHasher>(text: &str, abbreviations: &HashSet<String, S>) -> Vec<Range<usize>> {
    let view = unwrap_soft_newlines(text);
    let raw = sentence_bounds(&view);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    for r in raw {
        // (A piece across a line break is never glued: asked first, it spares the look-ups.)
        let glue = merged.last().is_some_and(|prev: &Range<usize>| {
            let prev_text = &text[prev.clone()];
            !prev_text.contains('\n') && (ends_with_abbreviation(prev_text, abbreviations) || !prev_text.chars().any(char::is_alphabetic))
        });
        match merged.last_mut() {
            Some(prev) if glue => prev.end = r.end,
            _ => merged.push(r),
        }
    }
    let mut out = Vec::with_capacity(merged.len());
    for r in merged {
        if let Some(r) = trim(text, r) {
            cut_long(text, r, &mut out);
        }
    }
    out
}

/// The UAX #29 sentence pieces of `text`, as `unicode-segmentation`'s `split_sentence_bound_indices`
/// gives them. UAX #29 always breaks after a line feed (SB4) and no rule looks back across one, so
/// the pieces of the whole are those of its lines: ASCII lines go through [`ascii_sentence_bounds`],
/// others through the crate.
fn sentence_bounds(text: &str) -> Vec<Range<usize>> {
    // (Sized for news, a piece every hundred bytes or so: grown from empty, a few allocations a story.)
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    if text.is_ascii() {
        ascii_sentence_bounds(text.as_bytes(), 0, &mut out);
        return out;
    }
    let mut start = 0;
    let mut stood_in = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.is_ascii() {
            ascii_sentence_bounds(line.as_bytes(), start, &mut out);
        } else if stand_ins(line, &mut stood_in) {
            ascii_sentence_bounds(&stood_in, start, &mut out);
        } else {
            out.extend(line.split_sentence_bound_indices().map(|(k, s)| start + k..start + k + s.len()));
        }
        start += line.len();
    }
    out
}

/// `line` with each non-ASCII character written as its [`stand_in`], once a byte of it, into
/// `out`; false (and `out` left unfinished) at a character that has none.
///
/// The sentence pieces of that ASCII text are those of the line: each stand-in has the
/// character's UAX #29 category, and a run of one category that is neither a terminator nor a
/// line break holds no break (breaks fall right after a terminator, its closing marks and
/// spaces, before whatever comes next), so a character written as several bytes reads as one.
/// News is mostly ASCII with curly quotes, dashes, accented letters and no-break spaces; each
/// such line went to `unicode-segmentation` (8% of a full run on the seed documents).
fn stand_ins(line: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.reserve(line.len());
    let mut copied = 0;
    let bytes = line.as_bytes();
    while let Some(k) = bytes[copied..].iter().position(|b| !b.is_ascii()) {
        let at = copied + k;
        out.extend_from_slice(&bytes[copied..at]);
        let c = line[at..].chars().next().expect("a character at a character boundary");
        let Some(b) = stand_in(c) else { return false };
        out.extend(std::iter::repeat_n(b, c.len_utf8()));
        copied = at + c.len_utf8();
    }
    out.extend_from_slice(&bytes[copied..]);
    true
}

/// An ASCII character of the same UAX #29 sentence-break category as the non-ASCII `c`, for the
/// categories a run of which breaks as one character does (see [`stand_ins`]): letters of the
/// Latin blocks by case, closing quotes and guillemets, spaces, the dashes that continue a
/// sentence, and symbols of no category. `None` for the rest (terminators, paragraph separators,
/// format and combining characters, other scripts): the crate reads those lines. A test checks
/// every character this maps against the crate.
fn stand_in(c: char) -> Option<u8> {
    let latin_letter = matches!(c, '\u{c0}'..='\u{24f}') && c != '\u{d7}' && c != '\u{f7}';
    Some(match c {
        _ if latin_letter && c.is_lowercase() => b'a',
        _ if latin_letter && c.is_uppercase() => b'A',
        '\u{b5}' => b'a',
        // Curly and low quotes, guillemets.
        '\u{ab}' | '\u{bb}' | '\u{2018}'..='\u{201f}' | '\u{2039}' | '\u{203a}' => b'"',
        // No-break and other fixed-width spaces.
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => b' ',
        // En and em dashes continue a sentence, as ',' and '-' do.
        '\u{2013}' | '\u{2014}' => b',',
        // Signs, symbols, other dashes, bullets and the ellipsis: no category.
        '\u{a2}'..='\u{a9}'
        | '\u{ac}'
        | '\u{ae}'..='\u{b4}'
        | '\u{b6}'..='\u{b9}'
        | '\u{bc}'..='\u{be}'
        | '\u{d7}'
        | '\u{f7}'
        | '\u{2010}'..='\u{2012}'
        | '\u{2015}'
        | '\u{2020}'..='\u{2023}'
        | '\u{2030}'..='\u{2038}'
        | '\u{20a0}'..='\u{20c0}'
        | '\u{2026}'
        | '\u{2122}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2212}' => b'#',
        _ => return None,
    })
}

/// UAX #29 sentence-break categories of ASCII characters (`Sep`, `OLetter`, `Extend` and `Format`
/// have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Other,
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    SContinue,
    Close,
}

const ASCII_CATEGORY: [Cat; 128] = {
    let mut t = [Cat::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\r' => Cat::Cr,
            b'\n' => Cat::Lf,
            b'\t' | 0x0B | 0x0C | b' ' => Cat::Sp,
            b'a'..=b'z' => Cat::Lower,
            b'A'..=b'Z' => Cat::Upper,
            b'0'..=b'9' => Cat::Numeric,
            b'.' => Cat::ATerm,
            b'!' | b'?' => Cat::STerm,
            b',' | b'-' | b':' | b';' => Cat::SContinue,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
            _ => Cat::Other,
        };
        b += 1;
    }
    t
};

/// What the last characters were, runs of `Close` and of `Sp` collapsed (UAX #29's rules look back
/// at most over `(Upper | Lower) ATerm`, `SATerm Close* Sp* ParaSep?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The last four parts, newest last.
#[derive(Debug, Clone, Copy)]
struct State([Part; 4]);

impl State {
    fn next(self, cat: Cat) -> State {
        let p = self.0;
        match (p[3], cat) {
            (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => self,
            _ => State([
                p[1],
                p[2],
                p[3],
                match cat {
                    Cat::Cr => Part::Cr,
                    Cat::Lf => Part::Lf,
                    Cat::ATerm => Part::ATerm,
                    Cat::Upper | Cat::Lower => Part::UpperLower,
                    Cat::Close => Part::ClosePlus,
                    Cat::Sp => Part::SpPlus,
                    Cat::STerm => Part::STerm,
                    Cat::Other | Cat::Numeric | Cat::SContinue => Part::Other,
                },
            ]),
        }
    }

    /// The part before a trailing `Close*` (`skip_sp`: before a trailing `Close* Sp*`).
    fn term(self, skip_sp: bool) -> Part {
        let p = self.0;
        let mut i = if skip_sp && p[3] == Part::SpPlus { 2 } else { 3 };
        if p[i] == Part::ClosePlus {
            i -= 1;
        }
        p[i]
    }

    /// `SATerm Close* Sp*` ends here.
    fn after_saterm(self) -> bool {
        matches!(self.term(true), Part::ATerm | Part::STerm)
    }

    /// No break can come at this point or after it before a terminator or a line break: the
    /// last part is no line break (SB4) nor the start, and no terminator is among the parts SB11
    /// looks back at (characters other than terminators and line breaks keep it so).
    fn is_quiet(self) -> bool {
        let p = self.0;
        !matches!(p[3], Part::Sot | Part::Cr | Part::Lf) && !p[1..].iter().any(|&q| matches!(q, Part::ATerm | Part::STerm))
    }

    /// The state after `skipped`. Only the last four parts count, and each plain character (see
    /// [`is_plain`]) is a part of its own: the last four plain characters and what follows them
    /// make them all.
    fn after(self, skipped: &[u8]) -> State {
        let mut from = 0;
        let mut plain = 0;
        for (k, &b) in skipped.iter().enumerate().rev() {
            if is_plain(ascii_category(b)) {
                plain += 1;
                if plain == 4 {
                    from = k;
                    break;
                }
            }
        }
        skipped[from..].iter().fold(self, |state, &b| state.next(ascii_category(b)))
    }

    /// SB11: `SATerm Close* Sp* ParaSep?` ends here.
    fn ends_sentence(self) -> bool {
        let p = self.0;
        let mut k = if matches!(p[3], Part::Cr | Part::Lf) { 2 } else { 3 };
        if p[k] == Part::SpPlus {
            k -= 1;
        }
        if p[k] == Part::ClosePlus {
            k -= 1;
        }
        matches!(p[k], Part::ATerm | Part::STerm)
    }
}

/// UAX #29 sentence pieces of ASCII `text`, offset by `base`, pushed onto `out`: the rules of
/// `unicode-segmentation` 1.x (SB1-SB11) applied to ASCII categories.
fn ascii_sentence_bounds(text: &[u8], base: usize, out: &mut Vec<Range<usize>>) {
    debug_assert!(text.is_ascii());
    let mut state = State([Part::Sot; 4]);
    let mut lookahead = Sb8Lookahead { from: usize::MAX, at: 0, lower: false };
    let mut piece_start = None::<usize>;
    let mut push = |at: usize, piece_start: &mut Option<usize>| {
        if let Some(s) = piece_start.replace(at) {
            out.push(base + s..base + at);
        }
    };
    let mut i = 0;
    while i < text.len() {
        // No break can come before the next terminator or line break: jump to it.
        if state.is_quiet() {
            let next = next_stop(&text[i..]).map_or(text.len(), |k| i + k);
            if next > i {
                state = state.after(&text[i..next]);
                i = next;
                continue;
            }
        }
        let cat = ascii_category(text[i]);
        // Inside a word: after a letter, digit or other character no rule breaks before a letter,
        // digit or other character, and the state only shifts. Skip the run; the state is then
        // that of its last four characters.
        if matches!(state.0[3], Part::UpperLower | Part::Other) && is_plain(cat) {
            let end = text[i..].iter().position(|&c| !is_plain(ascii_category(c))).map_or(text.len(), |k| i + k);
            for &c in &text[end.saturating_sub(4).max(i)..end] {
                state = state.next(ascii_category(c));
            }
            i = end;
            continue;
        }
        let before = state;
        state = before.next(cat);
        let last = before.0[3];
        let is_break = match last {
            Part::Sot => true,                   // SB1
            Part::Cr if cat == Cat::Lf => false, // SB3
            Part::Cr | Part::Lf => true,         // SB4
            _ => {
                // SB11 first: it is the cheap test, and false unless a terminator came just before.
                before.ends_sentence()
                    && !(cat == Cat::Numeric && last == Part::ATerm // SB6
                        || cat == Cat::Upper && before.0[2] == Part::UpperLower && last == Part::ATerm // SB7
                        || before.term(true) == Part::ATerm && lookahead.lower_ahead(text, i) // SB8
                        || matches!(cat, Cat::SContinue | Cat::STerm | Cat::ATerm) && before.after_saterm() // SB8a
                        || matches!(cat, Cat::Close | Cat::Sp | Cat::Cr | Cat::Lf) && matches!(before.term(false), Part::ATerm | Part::STerm) // SB9
                        || matches!(cat, Cat::Sp | Cat::Cr | Cat::Lf) && before.after_saterm()) // SB10
            }
        };
        if is_break {
            push(i, &mut piece_start);
        }
        i += 1;
    }
    if !text.is_empty() {
        push(text.len(), &mut piece_start); // SB2
    }
}

/// The first terminator ('.', '!', '?') or line break in `text`: two vectorised byte searches, the
/// second only up to the terminator (a byte loop testing five values cost ~5 instructions a byte).
fn next_stop(text: &[u8]) -> Option<usize> {
    let terminator = memchr::memchr3(b'.', b'!', b'?', text);
    memchr::memchr2(b'\r', b'\n', &text[..terminator.unwrap_or(text.len())]).or(terminator)
}

/// Categories whose part is `UpperLower` or `Other`: no break comes before one of them after
/// another of them.
fn is_plain(cat: Cat) -> bool {
    matches!(cat, Cat::Lower | Cat::Upper | Cat::Numeric | Cat::Other | Cat::SContinue)
}

fn ascii_category(b: u8) -> Cat {
    ASCII_CATEGORY[usize::from(b & 0x7F)]
}

/// SB8's look-ahead, `( not (OLetter | Upper | Lower | ParaSep | SATerm) )* Lower`: whether the first
/// decisive character at or after a position is a lower-case letter. Cached so that it stays
/// linear: `from..at` holds no decisive character.
struct Sb8Lookahead {
    from: usize,
    at: usize,
    lower: bool,
}

impl Sb8Lookahead {
    fn lower_ahead(&mut self, text: &[u8], i: usize) -> bool {
        if !(self.from <= i && i <= self.at) {
            let decisive = |c: &u8| !matches!(ascii_category(*c), Cat::Other | Cat::Sp | Cat::Numeric | Cat::SContinue | Cat::Close);
            self.from = i;
            self.at = text[i..].iter().position(decisive).map_or(text.len(), |k| i + k);
            self.lower = text.get(self.at).is_some_and(|&c| ascii_category(c) == Cat::Lower);
        }
        self.lower
    }
}

/// Calls `each(start, end)` for the UAX #29 word pieces of `text[from..to]` (as
/// `unicode-segmentation`'s `split_word_bound_indices` gives them) that are not all white space.
/// ASCII text takes a fast path: the word-break rules that apply to ASCII characters (WB5-WB13b:
/// letters, digits and `_` join; `.` `'` `:` join letters, `.` `'` `,` `;` join digits); white
/// space, which the caller drops, is skipped however it is grouped.
///
/// Text with other characters is cut into stretches before each ASCII character other than white
/// space that follows white space: no word-break rule joins across that place or looks across it
/// (white space is neither ignored like a format or combining character nor part of a word), so
/// each stretch breaks by itself as it does in the whole, and the ASCII ones take the fast path
/// (a sentence of news with one curly quote no longer goes to the crate whole).
pub(crate) fn word_pieces(text: &str, from: usize, to: usize, mut each: impl FnMut(usize, usize)) {
    let piece = &text[from..to];
    if piece.is_ascii() {
        return ascii_word_pieces(piece.as_bytes(), from, &mut each);
    }
    let bytes = piece.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let mut stretch = |start: usize, end: usize| {
        let part = &piece[start..end];
        if part.is_ascii() {
            ascii_word_pieces(part.as_bytes(), from + start, &mut each);
            return;
        }
        for (i, w) in part.split_word_bound_indices() {
            if !w.trim().is_empty() {
                each(from + start + i, from + start + i + w.len());
            }
        }
    };
    let mut start = 0;
    for p in 1..bytes.len() {
        if is_space(bytes[p - 1]) && bytes[p].is_ascii() && !is_space(bytes[p]) {
            stretch(start, p);
            start = p;
        }
    }
    stretch(start, bytes.len());
}

/// [`word_pieces`] of ASCII `bytes` that start at `from` of the text.
fn ascii_word_pieces(bytes: &[u8], from: usize, each: &mut impl FnMut(usize, usize)) {
    #[derive(PartialEq, Clone, Copy)]
    enum Wb {
        Letter,
        Digit,
        Under,
        /// ':' (MidLetter)
        MidLetter,
        /// '.' and '\'' (MidNumLetQ)
        MidBoth,
        /// ',' and ';' (MidNum)
        MidNum,
        Space,
        Other,
    }
    let class = |b: u8| match b {
        b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
        b'0'..=b'9' => Wb::Digit,
        b'_' => Wb::Under,
        b':' => Wb::MidLetter,
        b'.' | b'\'' => Wb::MidBoth,
        b',' | b';' => Wb::MidNum,
        b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => Wb::Space,
        _ => Wb::Other,
    };
    let mut i = 0;
    while i < bytes.len() {
        let first = class(bytes[i]);
        match first {
            Wb::Space => {
                i += 1;
                continue;
            }
            Wb::Letter | Wb::Digit | Wb::Under => {}
            _ => {
                each(from + i, from + i + 1);
                i += 1;
                continue;
            }
        }
        let start = i;
        let mut last = first;
        i += 1;
        while i < bytes.len() {
            let c = class(bytes[i]);
            let joins = match (last, c) {
                // WB5, WB8, WB9, WB10, WB13a, WB13b
                (Wb::Letter | Wb::Digit | Wb::Under, Wb::Letter | Wb::Digit | Wb::Under) => true,
                // WB6/WB7: letter (MidLetter | MidNumLetQ) letter; WB11/WB12: digit (MidNum | MidNumLetQ) digit.
                (Wb::Letter, Wb::MidLetter | Wb::MidBoth) | (Wb::Digit, Wb::MidNum | Wb::MidBoth) => {
                    let next = bytes.get(i + 1).map(|&b| class(b));
                    if next == Some(last) {
                        i += 1; // the middle character; the one after it joins below
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            };
            if !joins {
                break;
            }
            last = class(bytes[i]);
            i += 1;
        }
        each(from + start, from + i);
    }
}

/// The longest sentence, in bytes. A longer run of text with no sentence end (a table, a log line,
/// text without punctuation) is cut at white space: the per-sentence stages (relation views,
/// anaphora) cost more than linear in a sentence's length, and a 100 MB "sentence" never ended.
pub const MAX_SENTENCE_LEN: usize = 8 * 1024;

/// `r` without its leading and trailing white space, or `None` when nothing is left.
fn trim(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    (lead + trail < s.len()).then(|| r.start + lead..r.end - trail)
}

/// Pushes `r` (trimmed) cut into pieces of at most [`MAX_SENTENCE_LEN`] bytes, at the last white
/// space of each piece's second half, else at a character boundary.
fn cut_long(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = r.start;
    while r.end - start > MAX_SENTENCE_LEN {
        let mut cut = start + MAX_SENTENCE_LEN;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let at = text[start..cut].rfind(char::is_whitespace).filter(|&k| k >= MAX_SENTENCE_LEN / 2).map_or(cut, |k| start + k);
        out.extend(trim(text, start..at));
        start = at;
    }
    out.extend(trim(text, start..r.end));
}

/// Whether the sentence ends with a known abbreviation or an initial ("J.") rather than a full stop.
fn ends_with_abbreviation<S: BuildHasher>(sentence: &str, abbreviations: &HashSet<String, S>) -> bool {
    let t = sentence.trim_end();
    if !t.ends_with('.') {
        return false;
    }
    let last = t.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    if abbreviations.contains(last) || crate::normalize::with_lowercase(last, |lower| lower != last && abbreviations.contains(lower)) {
        return true;
    }
    let body = &last[..last.len() - 1];
    // A single capital letter ("J.") or a dotted acronym ("U.S.") is not a sentence end.
    let mut chars = body.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
        || body.len() >= 3 && body.split('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// Detects hard-wrapped text and returns a copy of the same length where a newline that only wraps a
/// line is a space. Other text is returned unchanged.
///
/// The copy is the text with those bytes replaced (a CRLF that wraps is two spaces), and each
/// line's length in characters is counted once: newswire is hard-wrapped, so this runs on most
/// documents.
fn unwrap_soft_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    // (Asked once: then a line's length in bytes is its length in characters.)
    let ascii = text.is_ascii();
    // Each line as (start, end before its '\n', characters without trailing white space; 0 for
    // a blank line), found with one vectorised search (`split('\n')` set up a search per line).
    let mut lines: Vec<(usize, usize, usize)> = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let line = text[start..end].trim_end();
        lines.push((start, end, if ascii || line.is_ascii() { line.len() } else { line.chars().count() }));
        start = end + 1;
    }
    let nonempty = lines.iter().filter(|l| l.2 > 0).count();
    if nonempty < 4 {
        return text.into();
    }
    let wrapped = lines.iter().filter(|l| (40..=90).contains(&l.2)).count();
    let max = lines.iter().map(|l| l.2).max().unwrap_or(0);
    if max > 100 || wrapped * 10 < nonempty * 6 {
        return text.into();
    }
    // The text copied a piece at a time between the line breaks that only wrap, each written as
    // a space (a copy of `&str` pieces is not checked for UTF-8 again, as a byte copy would be).
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for pair in lines.windows(2) {
        let ((start, newline, width), (next_start, next_end, next_width)) = (pair[0], pair[1]);
        // A line of 40 characters or more that the next line, not blank and not indented,
        // continues.
        if width >= 40 && next_width > 0 && !text[next_start..next_end].starts_with(char::is_whitespace) {
            // A soft CRLF is two spaces: a CR left in place would end the sentence (UAX #29 SB4).
            let cr = newline > start && bytes[newline - 1] == b'\r';
            let cut = if cr { newline - 1 } else { newline };
            out.push_str(&text[copied..cut]);
            out.push_str(if cr { "  " } else { " " });
            copied = newline + 1;
        }
    }
    if copied == 0 {
        return text.into();
    }
    out.push_str(&text[copied..]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The general path: `unicode-segmentation` on the whole text.
    fn crate_bounds(text: &str) -> Vec<Range<usize>> {
        text.split_sentence_bound_indices().map(|(k, s)| k..k + s.len()).collect()
    }

    /// Each character before and after a terminator, inside spaces and closing marks, so that a
    /// wrong category for it changes some break.
    const CONTEXTS: &[&str] = &[
        "A.{}b",
        "a. {}b",
        "a.{} B",
        "a. {} B",
        "a.\"{} B",
        "a!{} b",
        "a?){} c",
        "X.{}.",
        "{}.",
        ". {}",
        "A{}.B",
        "a.{}1",
        "a. {}\nb",
        "a.{}\r\nb",
    ];

    /// Asserts that the sentence bounds of `c` in each of `contexts` are the crate's.
    fn assert_agrees_in(c: char, contexts: &[&str]) {
        for ctx in contexts {
            let text = ctx.replace("{}", &c.to_string());
            assert_eq!(sentence_bounds(&text), crate_bounds(&text), "{c:?} (U+{:04X}) in {text:?}", u32::from(c));
        }
    }

    #[test]
    fn ascii_path_agrees_with_the_crate_for_every_ascii_character_in_context() {
        for c in (0u8..128).map(char::from) {
            assert_agrees_in(c, CONTEXTS);
        }
    }

    #[test]
    fn stand_ins_break_as_the_characters_do_in_context() {
        // Also the character twice over and next to letters and parentheses.
        let more = ["a. {}B", "a. {}{} B", "a{}. B", "a.{} b", "a. ({}) b", "U.S{}. b"];
        let mut mapped = 0;
        for c in ('\u{80}'..='\u{3000}').filter(|&c| stand_in(c).is_some()) {
            mapped += 1;
            assert_agrees_in(c, CONTEXTS);
            assert_agrees_in(c, &more);
        }
        assert!(mapped > 300, "{mapped} characters have a stand-in");
    }

    #[test]
    fn ascii_path_agrees_with_the_crate_on_real_text() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("examples/data") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            let view = unwrap_soft_newlines(&text);
            assert_eq!(sentence_bounds(&view), crate_bounds(&view));
            assert_eq!(sentence_bounds(&text), crate_bounds(&text));
            seen += 1;
        }
        assert!(seen >= 5);
    }

    /// The general path of [`word_pieces`]: the crate's word pieces, blank ones dropped.
    fn crate_word_pieces(text: &str) -> Vec<Range<usize>> {
        text.split_word_bound_indices().filter(|(_, w)| !w.trim().is_empty()).map(|(k, w)| k..k + w.len()).collect()
    }

    fn fast_word_pieces(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        word_pieces(text, 0, text.len(), |s, e| out.push(s..e));
        out
    }

    #[test]
    fn ascii_word_pieces_agree_with_the_crate_for_every_ascii_character_in_context() {
        let contexts =
            ["a{}b", "1{}2", "a{}1", "1{}a", "_{}_", "{}", "{}{}", "a{}", "{}a", "U.S{}", "3.5{}x", "can{}t", "a {} b", "a{}{}b", "1{}{}2"];
        for b in 0u8..128 {
            let c = char::from(b).to_string();
            for ctx in contexts {
                let text = ctx.replace("{}", &c);
                assert_eq!(fast_word_pieces(&text), crate_word_pieces(&text), "{text:?}");
            }
        }
        // Offsets are those of the whole text.
        let mut seen = Vec::new();
        word_pieces("xx U.S. yy", 3, 7, |s, e| seen.push(s..e));
        assert_eq!(seen, vec![3..6, 6..7]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast path gives the crate's non-blank word pieces on any text.
        #[test]
        fn word_pieces_equal_the_crates(pieces in proptest::collection::vec(proptest::sample::select(WORD_PIECES), 0..40)) {
            let text: String = pieces.concat();
            prop_assert_eq!(fast_word_pieces(&text), crate_word_pieces(&text));
        }
    }

    proptest! {
        /// The vectorised search for the next stop finds the first of the five bytes, in texts
        /// long enough for the vector loops (the sentence proptest's are short).
        #[test]
        fn next_stop_is_the_first_terminator_or_line_break(text in "[a-z .!?\r\n]{0,300}", plain in 0usize..200) {
            let text = format!("{}{text}", "x".repeat(plain));
            let expected = text.bytes().position(|b| matches!(b, b'.' | b'!' | b'?' | b'\r' | b'\n'));
            prop_assert_eq!(next_stop(text.as_bytes()), expected);
        }
    }

    const WORD_PIECES: &[&str] = &[
        "a", "Zz", "it", "s", "7", "42", "_", ".", ".", "'", "'", ":", ",", ";", "-", "$", "%", "&", "/", " ", "  ", "\t", "\n", "\r\n",
        "\x0b", "\u{0}", "é", "’", "\u{301}", "٣", "\u{a0}", "\u{200d}", "\u{ad}", "🇮", "🇹", "👍", "ー", "א", "\"", "\u{3000}",
    ];

    const PIECES: &[&str] = &[
        "a", "b", "Z", "Mr", "U", "S", "7", ".", ".", ".", "!", "?", ",", ";", ":", "-", "\"", "'", "(", ")", "]", "{", " ", " ", "  ",
        "\t", "\x0b", "\x0c", "\n", "\n", "\r", "\r\n", "#", "%", "\u{0}", "é", "É", "’", "“", "”", "。", "\u{85}", "\u{2029}", "\u{ad}",
        "\u{301}", "٣", "ß",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast path (per line, ASCII lines by table) gives the crate's pieces on any text.
        #[test]
        fn sentence_bounds_equal_the_crates(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
            let text: String = pieces.concat();
            prop_assert_eq!(sentence_bounds(&text), crate_bounds(&text));
        }
    }

    fn abbr() -> HashSet<String> {
        ["inc.", "corp.", "co.", "mr.", "dr."].iter().map(|s| s.to_string()).collect()
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &abbr()).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn keeps_abbreviations_inside() {
        assert_eq!(
            split("Acme Corp. bought Foo Inc. last year. The U.S. Government agreed."),
            vec!["Acme Corp. bought Foo Inc. last year.", "The U.S. Government agreed."]
        );
    }

    #[test]
    fn lines_without_stops_are_sentences() {
        assert_eq!(split("A headline\n\nThe body. More."), vec!["A headline", "The body.", "More."]);
    }

    #[test]
    fn long_runs_without_a_sentence_end_are_cut_at_white_space() {
        let text = "word ".repeat(5000) + "é".repeat(5000).as_str();
        let got = sentences(&text, &abbr());
        assert!(got.len() >= 4, "{got:?}");
        for w in got.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for r in &got {
            assert!(r.len() <= MAX_SENTENCE_LEN && !r.is_empty());
            assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
        }
        assert!(got.iter().all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)));
        assert_eq!(got.last().map(|r| r.end), Some(text.len()));
    }

    /// [`unwrap_soft_newlines`] as first written: the text rebuilt line by line.
    fn unwrap_line_by_line(text: &str) -> String {
        let lines: Vec<&str> = text.split('\n').collect();
        let nonempty: Vec<usize> = lines.iter().map(|l| l.trim_end().chars().count()).filter(|&n| n > 0).collect();
        if nonempty.len() < 4 {
            return text.to_string();
        }
        let wrapped = nonempty.iter().filter(|&&n| (40..=90).contains(&n)).count();
        let max = nonempty.iter().copied().max().unwrap_or(0);
        if max > 100 || wrapped * 10 < nonempty.len() * 6 {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for (i, line) in lines.iter().enumerate() {
            let Some(next) = lines.get(i + 1) else {
                out.push_str(line);
                break;
            };
            let soft = line.trim_end().chars().count() >= 40 && !next.trim().is_empty() && !next.starts_with(char::is_whitespace);
            match line.strip_suffix('\r') {
                Some(body) if soft => {
                    out.push_str(body);
                    out.push(' ');
                }
                _ => out.push_str(line),
            }
            out.push(if soft { ' ' } else { '\n' });
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// Overwriting the soft line breaks in a copy gives the text rebuilt line by line.
        #[test]
        fn soft_newlines_are_unwrapped_as_line_by_line(
            lines in proptest::collection::vec(("[ \t]{0,2}", "[a-zé’ .,]{0,100}", "[ \t\r\u{a0}]{0,2}"), 0..12)
        ) {
            let text = lines.iter().map(|(a, b, c)| format!("{a}{b}{c}")).collect::<Vec<_>>().join("\n");
            prop_assert_eq!(unwrap_soft_newlines(&text).into_owned(), unwrap_line_by_line(&text));
        }
    }

    #[test]
    fn hard_wrapped_crlf_lines_are_joined_as_lf_lines_are() {
        let lf = "Azure Maia Azure Maia Microsoft Microsoft Microsoft\nMicrosoft\nAzure Maia Nvidia's  denied it would buy\nIntel Xeon 8480+ Nvidia's Azure Maia Microsoft ";
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(unwrap_soft_newlines(&crlf).len(), crlf.len());
        let words =
            |text: &str| -> Vec<String> { split(text).iter().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).collect() };
        assert_eq!(words(&crlf), words(lf));
        assert_eq!(words(lf).len(), 2);
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "    Shares of the company rose sharply on Monday after it said\nthat the acquisition of the rival maker would be completed in\nthe second quarter of the year, officials said on Tuesday.\n    A second paragraph starts here and continues on and on\nto the next line.";
        let got = split(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("on Tuesday."));
    }
}
