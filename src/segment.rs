//! Sentence segmentation: Unicode sentence boundaries (UAX #29, via `unicode-segmentation`),
//! corrected for abbreviations ("Inc.", "Corp.", "U.S.") and for hard-wrapped text (newswire lines
//! wrapped at ~70 columns, where a single newline is not a sentence end).

use std::collections::HashSet;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Splits `text` into sentence byte ranges (trimmed, non-empty, ascending).
pub fn sentences(text: &str, abbreviations: &HashSet<String>) -> Vec<Range<usize>> {
    let view = unwrap_soft_newlines(text);
    let mut raw: Vec<Range<usize>> = Vec::new();
    for (start, s) in view.split_sentence_bound_indices() {
        raw.push(start..start + s.len());
    }
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    for r in raw {
        let glue = merged.last().is_some_and(|prev: &Range<usize>| {
            let prev_text = &text[prev.clone()];
            ends_with_abbreviation(prev_text, abbreviations) && !prev_text.contains('\n')
                || !prev_text.chars().any(char::is_alphabetic) && !prev_text.contains('\n')
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
fn ends_with_abbreviation(sentence: &str, abbreviations: &HashSet<String>) -> bool {
    let t = sentence.trim_end();
    if !t.ends_with('.') {
        return false;
    }
    let last = t.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    if abbreviations.contains(last) || abbreviations.contains(&last.to_lowercase()) {
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
fn unwrap_soft_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    let lines: Vec<&str> = text.split('\n').collect();
    let nonempty: Vec<usize> = lines.iter().map(|l| l.trim_end().chars().count()).filter(|&n| n > 0).collect();
    if nonempty.len() < 4 {
        return text.into();
    }
    let wrapped = nonempty.iter().filter(|&&n| (40..=90).contains(&n)).count();
    let max = nonempty.iter().copied().max().unwrap_or(0);
    if max > 100 || wrapped * 10 < nonempty.len() * 6 {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 == lines.len() {
            break;
        }
        let next = lines[i + 1];
        let soft = line.trim_end().chars().count() >= 40 && !next.trim().is_empty() && !next.starts_with(char::is_whitespace);
        out.push(if soft { ' ' } else { '\n' });
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "    Shares of the company rose sharply on Monday after it said\nthat the acquisition of the rival maker would be completed in\nthe second quarter of the year, officials said on Tuesday.\n    A second paragraph starts here and continues on and on\nto the next line.";
        let got = split(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("on Tuesday."));
    }
}
