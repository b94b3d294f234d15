//! The floor: a plain Aho-Corasick scan of the gazetteer's surface forms over the original text.
//! Leftmost-longest, ASCII case-insensitive, DFA, whole-word check on the characters around each
//! match; counts the matches. No normalisation, no case policy, no cues, no offsets map: what any
//! dictionary matcher has to do at least. Shared by `benches/extract.rs` and `examples/raw_scan.rs`;
//! not every includer uses every item.

#![allow(dead_code)]

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Builds the floor automaton over `forms` (a DFA).
pub fn build(forms: &[String]) -> AhoCorasick {
    build_kind(forms, Some(AhoCorasickKind::DFA))
}

/// Builds the floor automaton with another kind (`None`: the crate's choice).
pub fn build_kind(forms: &[String], kind: Option<AhoCorasickKind>) -> AhoCorasick {
    build_with(forms, kind, MatchKind::LeftmostLongest, true)
}

/// Builds the automaton with another kind and match semantics (`MatchKind::Standard` for
/// [`count_overlapping`], as the gazetteer does), ASCII case-insensitive or not (the gazetteer
/// matches folded forms against a folded view, case-sensitively).
pub fn build_with(forms: &[String], kind: Option<AhoCorasickKind>, match_kind: MatchKind, ascii_case_insensitive: bool) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(match_kind)
        .ascii_case_insensitive(ascii_case_insensitive)
        .kind(kind)
        .build(forms)
        .expect("the surface forms build an automaton")
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whole-word matches of the automaton in `text`.
pub fn count(ac: &AhoCorasick, text: &str) -> usize {
    let mut n = 0;
    for m in ac.find_iter(text) {
        let before = text[..m.start()].chars().next_back().is_some_and(is_word);
        let after = text[m.end()..].chars().next().is_some_and(is_word);
        if !before && !after {
            n += 1;
        }
    }
    n
}

/// Whole-word matches of every form at every position (overlapping, `MatchKind::Standard`): the
/// same matches the gazetteer's candidate search finds (it walks the automaton anchored from each
/// place a name may start instead).
pub fn count_overlapping(ac: &AhoCorasick, text: &str) -> usize {
    let mut n = 0;
    for m in ac.find_overlapping_iter(text) {
        let before = text[..m.start()].chars().next_back().is_some_and(is_word);
        let after = text[m.end()..].chars().next().is_some_and(is_word);
        if !before && !after {
            n += 1;
        }
    }
    n
}
