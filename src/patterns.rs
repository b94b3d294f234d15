//! Pattern recognisers for names no dictionary holds: vendor + model-number hardware
//! ("NVIDIA H100", "Intel Xeon 8480+"), companies with a legal form ("Acme Corp.", "Bar S.p.A."),
//! and people in role constructions ("chief executive Jane Smith", "Satya Nadella, CEO of ...").
//! The word lists come from the language packs (lexicons `ROLE`, `ROLE_LINK`, `COPULA`,
//! `DETERMINER`, `LEGAL_FORM`, `STOPWORDS`, `NAME_STOP`), so a language is data, not code.

use crate::ascii::{Form, Forms};
use crate::model::EntityType;
use foldhash::HashSet;

/// What a recogniser found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PatternMatch {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    /// Display name (legal form stripped for companies).
    pub name: String,
    /// For hardware: the vendor span and the model token span.
    pub vendor: Option<(usize, usize)>,
    pub model: Option<(usize, usize)>,
    /// Recogniser id, e.g. `pattern.hardware.vendor_model`.
    pub recogniser: &'static str,
    pub confidence: f32,
    /// The name is preceded by an organisation that the extractor must find and cut off
    /// ("CEO di Microsoft Satya Nadella").
    pub org_prefix: bool,
    /// A legal-form name made only of generic words ("Industries Inc", "Aerospace and
    /// Communications Corp"): a name only when it starts with a known company name ("Ford
    /// Aerospace and Communications Corp"); otherwise it marks known names inside it as fragments
    /// ("Security [Bancorp Inc]").
    pub generic: bool,
}

/// Compiled recognisers of one language.
#[derive(Debug, Clone)]
pub(crate) struct Recognisers {
    /// Each recogniser's gate: the alternation every one of its matches contains (vendors, legal
    /// forms, roles, kind nouns). A document where the gate finds nothing is not scanned by the
    /// recogniser's own, far costlier regex.
    gates: Gates,
    /// The same gates, all in one pass, for the text they serve (see [`PhraseGates::serve`]; `None`
    /// or other text: the regexes serve).
    phrase_gates: Option<PhraseGates>,
    /// Tried anchored where a vendor may start (see [`Lead`]).
    hardware: Option<(LazyRegex, Lead)>,
    /// Tried anchored at each capitalised word (see `find`), so it is a `regex-automata` regex.
    company: Option<LazyRegex>,
    /// Tried anchored where a role, or a name before a role, may start (see [`Lead`]).
    person: Vec<(LazyRegex, Lead)>,
    /// "DeepSeed (an open source deep learning library)": a name defined by a kind noun.
    defined: Vec<(LazyRegex, EntityType)>,
    name_stop: HashSet<String>,
    /// Stop-listed forms (folded): generic words that are never a name on their own.
    generic: HashSet<String>,
    legal_forms: Vec<String>,
    /// The legal forms folded ([`NormalizedText::fold_form`](crate::normalize::NormalizedText::fold_form)),
    /// asked of every legal-form match (folding each form per match was a third of the checks).
    legal_forms_folded: HashSet<String>,
    /// Abbreviations that end a sentence as often as they start a name ("U.S."): not initials.
    abbreviations: HashSet<String>,
    /// Head nouns followed by "of" inside an organisation name ("Bank of Tokyo"), folded.
    org_of: HashSet<String>,
    /// Head nouns that end the name of an organisation that is not a company ("Commission"), folded.
    non_company_head: HashSet<String>,
    /// Abbreviated first names ("Alex", "Chas"), without the final '.'.
    given: HashSet<String>,
    /// Second halves of compound adjectives before a name ("based" of "Ohio-based"), folded.
    describing_suffixes: Vec<String>,
    /// Words after a company name that make it the name of a unit ("International"), see `unit_after`.
    units: HashSet<String>,
    /// Words of events and venues named after a sponsor ("Open", "Cup", "Park"), folded.
    venues: HashSet<String>,
    /// Legal forms a tail may follow ("Co", "Corp").
    tail_forms: Vec<String>,
    /// Stop words that also start company names ("New", "General"), folded.
    name_start: HashSet<String>,
    /// Places whose possessive is not part of the name that follows ("Japan's"), folded.
    places: HashSet<String>,
    /// A capitalised prefix and a comma right before a partnership name ("Kidder, " before
    /// "Peabody and Co Inc"), anchored at the end of the text it runs on.
    comma_prefix: LazyRegex,
    /// Words that link a role to its organisation ("of", "at"), lower case.
    role_link: HashSet<String>,
}

/// The gates of [`Recognisers`], `None` where there is no recogniser to gate.
#[derive(Debug, Clone, Default)]
struct Gates {
    hardware: Option<LazyRegex>,
    company: Option<LazyRegex>,
    person: Option<LazyRegex>,
    /// (Only text with a '(' needs them.)
    defined: Vec<LazyRegex>,
}

/// A unit word as the lexicon holds it: folded, without the final '.' (the rule lexer splits it off).
fn fold_unit(word: &str) -> String {
    crate::normalize::NormalizedText::fold_form(word.trim_end_matches('.'))
}

/// Whether `set` holds `word` in lower case.
fn contains_lowercase(set: &HashSet<String>, word: &str) -> bool {
    crate::normalize::with_lowercase(word, |w| set.contains(w))
}

/// Whether `set` holds `word` folded (`NormalizedText::fold_form`).
fn contains_folded(set: &HashSet<String>, word: &str) -> bool {
    crate::normalize::NormalizedText::with_fold_form(word, |w| set.contains(w))
}

/// Byte ranges of the white-space separated words of `text[from..to]`.
fn words(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    for (i, ch) in text[from..to].char_indices() {
        match (ch.is_whitespace(), cur) {
            (true, Some(s)) => {
                out.push((from + s, from + i));
                cur = None;
            }
            (false, None) => cur = Some(i),
            _ => {}
        }
    }
    if let Some(s) = cur {
        out.push((from + s, to));
    }
    out
}

/// The stem of a possessive word ("Japan's" -> "Japan"), if it is one.
fn possessive_stem(w: &str) -> Option<&str> {
    w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).filter(|s| !s.is_empty())
}

/// Words of a name are separated by spaces or by a single line break (text wrapped at a fixed
/// width, as in newswire); a line break followed by indentation starts a paragraph.
const SEP: &str = r"(?:[ \t]+|[ \t]*\r?\n)";

/// The words as one regex alternation, the longest first (leftmost-first: "Corporation" before
/// "Corp"), the words of a phrase joined by `[\s\-]+`.
///
/// A case-sensitive single word is a literal, and an alternation of literals compiles to a trie
/// (a state that branches on the next byte) where any other alternation tries its alternatives
/// one after the other. The legal-form recogniser tries the forms after each word of a name, and
/// its capture backtracker spent most of a match there because of one phrase among the forms
/// ("Limited Partnership"). `regex-syntax` flattens nested alternations, so each run of single
/// words between phrases is kept in a group of its own (unnamed: the recognisers read their groups
/// by name). Grouping neighbours keeps the alternatives' order, and so the match preferred.
fn alternation(words: &[String], case_insensitive: bool) -> String {
    let mut w: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.dedup();
    let phrase = |s: &str| s.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"[\s\-]+");
    let either = |list: &[&String]| list.iter().map(|s| phrase(s)).collect::<Vec<_>>().join("|");
    if case_insensitive {
        return format!("(?i:{})", either(&w));
    }
    let single = |s: &String| s.split_whitespace().nth(1).is_none();
    let runs: Vec<&[&String]> = w.chunk_by(|a, b| single(a) && single(b)).collect();
    if runs.len() <= 1 {
        return format!("(?:{})", either(&w));
    }
    let body = runs.iter().map(|run| if run.len() == 1 { phrase(run[0]) } else { format!("({})", either(run)) }).collect::<Vec<_>>();
    format!("(?:{})", body.join("|"))
}

/// Compiles a recogniser from its HIR. These regexes hold large alternations and Unicode classes:
/// a lazy DFA cache well above the default keeps it from being cleared and rebuilt on every
/// document.
fn build(hir: &regex_syntax::hir::Hir) -> Option<regex_automata::meta::Regex> {
    build_with(hir, regex_automata::meta::Config::new())
}

/// [`build`] for a regex only ever searched anchored (see [`anchored_captures_at`]): no literal
/// prefilter, which an anchored search never uses, so none is extracted. Extracting prefix,
/// suffix and inner literals from the large recogniser patterns was a twentieth of the start-up.
fn build_anchored(hir: &regex_syntax::hir::Hir) -> Option<regex_automata::meta::Regex> {
    build_with(hir, regex_automata::meta::Config::new().auto_prefilter(false))
}

fn build_with(hir: &regex_syntax::hir::Hir, config: regex_automata::meta::Config) -> Option<regex_automata::meta::Regex> {
    let config = config.hybrid_cache_capacity(64 * 1024 * 1024);
    regex_automata::meta::Regex::builder().configure(config).build_from_hir(hir).ok()
}

/// A recogniser's regex, compiled the first time a document needs it (its gate opens): a short
/// document needs only some of the recognisers, and compiling them all was a third of the
/// start-up of a one-document run. A regex that does not compile leaves its recogniser off.
///
/// It is the `regex-automata` meta regex that the `regex` crate wraps, for two things the wrapper
/// does not offer: compiling from a HIR (the [ASCII form](crate::ascii) is one) and searches
/// anchored at chosen starts. Why the latter: the legal-form recogniser, searched unanchored from
/// each resume point, made its lazy reverse DFA (which finds where a match starts) build tens of
/// thousands of states over a corpus, each from a large Unicode NFA; it cost more than the rest of
/// the recognisers together. Names start at capitalised words, so trying each one anchored, left
/// to right, finds the same leftmost-first matches with a forward search only. The person and
/// hardware recognisers are tried the same way where a role or vendor (or a name before a role)
/// may start (see [`Lead`]): their reverse searches spent a tenth of a run building states.
#[derive(Debug, Clone)]
pub(crate) struct LazyRegex {
    /// The pattern (also read by the tests that check the anchored search against an unanchored one).
    source: String,
    /// Compiled for ASCII text or for any text (see [`crate::ascii`]).
    compiled: Forms<regex_automata::meta::Regex>,
    /// Only ever searched anchored: compiled by [`build_anchored`].
    anchored: bool,
}

impl LazyRegex {
    fn new(source: String) -> Self {
        LazyRegex { source, compiled: Forms::new(), anchored: false }
    }

    /// A regex searched only by [`anchored_captures_at`].
    fn anchored(source: String) -> Self {
        LazyRegex { anchored: true, ..LazyRegex::new(source) }
    }

    fn is_compiled(&self, form: Form) -> bool {
        self.compiled.is_compiled(form)
    }

    fn get(&self, form: Form) -> Option<&regex_automata::meta::Regex> {
        self.compiled.get(form, &self.source, &[], if self.anchored { build_anchored } else { build })
    }
}

/// The match of `re` starting exactly at `start`, if any (look-behind such as `^` sees the whole
/// text).
fn anchored_captures_at<'t>(
    re: &regex_automata::meta::Regex,
    text: &'t str,
    start: usize,
    caps: &mut regex_automata::util::captures::Captures,
) -> Option<Groups<'t>> {
    let input = regex_automata::Input::new(text).range(start..).anchored(regex_automata::Anchored::Yes);
    re.search_captures(&input, caps);
    caps.is_match().then(|| Groups { text, caps: caps.clone() })
}

/// The groups of one match of an [`LazyRegex`], read like `regex::Captures`.
struct Groups<'t> {
    text: &'t str,
    caps: regex_automata::util::captures::Captures,
}

/// One group of a match: its span and text.
#[derive(Debug, Clone, Copy)]
struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

impl<'t> Groups<'t> {
    fn name(&self, group: &str) -> Option<Group<'t>> {
        // A look along the few group names: `get_group_by_name` hashes the name with SipHash,
        // which cost as much as the rest of reading a match's groups.
        let pattern = self.caps.pattern()?;
        let index = self.caps.group_info().pattern_names(pattern).position(|name| name == Some(group))?;
        self.caps.get_group(index).map(|sp| Group { text: self.text, start: sp.start, end: sp.end })
    }
    fn whole(&self) -> Group<'t> {
        let sp = self.caps.get_match().expect("a match").span();
        Group { text: self.text, start: sp.start, end: sp.end }
    }
}

/// Where anchored searches for a name may start, from `from` on: at the character before each
/// upper-case letter that does not follow an ASCII letter, digit or '_' (the recognisers begin with
/// `(?:^|[^\p{L}\p{N}_])` and an upper-case letter), or at 0 for a name at the start. A superset of
/// the real starts: the regex decides.
fn name_starts(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut next = from;
    let mut prev_start = None::<usize>;
    // Byte by byte: an ASCII byte is a character by itself (decoding each character of long
    // windows was most of the cost of finding where person names may start).
    std::iter::from_fn(move || {
        while next < bytes.len() {
            let i = next;
            let upper = match bytes[i] {
                b if b.is_ascii() => {
                    next += 1;
                    b.is_ascii_uppercase()
                }
                _ => {
                    let ch = text[i..].chars().next()?;
                    next += ch.len_utf8();
                    ch.is_uppercase()
                }
            };
            let before = prev_start.replace(i);
            if !upper {
                continue;
            }
            let start = match before {
                None if i == 0 => Some(0),
                // (The char before `from` lies before the resume point: start at `from` itself only.)
                None => None,
                Some(b) => {
                    let c = bytes[b];
                    (!(c.is_ascii_alphanumeric() || c == b'_')).then_some(b)
                }
            };
            if start.is_some() {
                return start;
            }
        }
        None
    })
}

/// Where the matches of an anchored recogniser may start, relative to the matches of its gate
/// (an alternation of the phrases every match holds: vendors, roles). A match holds a phrase of
/// the gate's alternation, which overlaps some match of the gate (a leftmost-first scan reports
/// a match at or before every place a phrase starts).
#[derive(Debug, Clone, Copy)]
enum Lead {
    /// The match begins with the phrase: it starts at a character no name holds (or at the text's
    /// start) from `words` words before the gate's match up to its end.
    Gated { words: usize },
    /// The match begins with a name before the phrase: it starts before a capitalised word (see
    /// [`name_starts`]) from `words` words before the gate's match up to its end.
    NameFirst { words: usize },
}

/// The most words of a phrase of `lexicon`, plus one (a gate's match may start inside a phrase's
/// first word, or end inside its last).
fn max_words(lexicon: &[String]) -> usize {
    lexicon.iter().map(|p| p.split_whitespace().count()).max().unwrap_or(0) + 1
}

/// The matches of `gate` in `text`; no gate: the whole text as one match.
fn gate_matches(gate: Option<&regex_automata::meta::Regex>, text: &str) -> Vec<(usize, usize)> {
    match gate {
        Some(g) => g.find_iter(text).map(|m| (m.start(), m.end())).collect(),
        None => vec![(0, text.len())],
    }
}

/// Which recogniser a gate phrase opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Hardware,
    Person,
    Company,
    /// The kind nouns of `Recognisers::defined[k]`.
    Defined(usize),
}

/// One phrase of a gate: its words after the first, joined in the text by `[\s\-]+` as in the
/// gate's alternation.
#[derive(Debug, Clone)]
struct GatePhrase {
    gate: Gate,
    /// Compared in any ASCII case (the roles), else exactly.
    any_case: bool,
    rest: Vec<Box<str>>,
}

/// The gates of [`Recognisers`] (vendors, legal forms, roles, and the kind nouns of the names
/// defined by their kind) found in one pass: an Aho-Corasick search, overlapping
/// and in any ASCII case, for the phrases' first words; each hit is then checked against the
/// phrases that start with that word, word by word, each gap a run of white space and hyphens.
/// The gates' regexes cost a scan of the text each, the first three together about as much as the
/// rest of the recognisers' work on newswire, and the kind nouns' another 2% of an entities-only
/// run. (Two searches, one for the phrases compared exactly, cost more than the hits of "Co" and
/// "SE" inside words.)
///
/// It finds every occurrence of every phrase that is whole words (starts at the text's start or
/// after a character no word holds, ends at the text's end or before a character that is no ASCII
/// letter or digit), as every recogniser's phrase is: the places where matches may
/// start that it leads to (see [`lead_starts`] and [`form_windows`]) hold those of the regexes,
/// and the recognisers, tried there, find the same. (Occurrences inside words, "co" in "record",
/// cost 4% of the recognisers' work on newswire and led to none; those at the start of a longer
/// word, "Co" of "Company", "head" of "headquarters", each opened a window of anchored tries.)
/// (Walking the automaton anchored from each word start instead of the overlapping search was
/// measured: no faster, the walks' branches costing what the skipped bytes saved.)
#[derive(Debug, Clone)]
struct PhraseGates {
    first_words: OverlappingScan,
    /// The patterns of `first_words` as written (a phrase compared exactly must start so).
    heads: Vec<String>,
    /// By pattern of `first_words`: the phrases that start with it.
    phrases: Vec<Vec<GatePhrase>>,
    /// How many kind-noun gates ([`Gate::Defined`]) there are.
    defined_gates: usize,
    /// Whether every word of the phrases compared in any case is ASCII: then, on text without a
    /// long s or a Kelvin sign (the only characters beyond ASCII that fold to ASCII letters), any
    /// ASCII case is the regexes' Unicode case, and the phrase gates serve text of any script.
    ascii_any_case: bool,
}

/// Every occurrence of a set of words in a text, in any ASCII case, overlapping ones included: an
/// Aho-Corasick DFA walked over the text's two halves at once.
///
/// The walk is a chain of table lookups, each waiting for the one before it; the table of some
/// two hundred words does not fit the L1 cache, so one walk spends its time waiting. Two walks
/// interleaved wait at the same time: a third less time than `find_overlapping_iter` on news.
#[derive(Debug, Clone)]
struct OverlappingScan {
    dfa: aho_corasick::dfa::DFA,
    start: aho_corasick::automaton::StateID,
    /// Bytes of the longest word: the second half's walk starts this many bytes, less one,
    /// before the half, so that it sees every word that ends in its half.
    longest: usize,
}

impl OverlappingScan {
    /// `None` when there is no word or the automaton cannot be built.
    fn new(words: &[String]) -> Option<Self> {
        use aho_corasick::automaton::Automaton;
        let dfa = aho_corasick::dfa::DFA::builder().ascii_case_insensitive(true).build(words).ok()?;
        let start = dfa.start_state(aho_corasick::Anchored::No).ok()?;
        let longest = words.iter().map(String::len).max().filter(|&n| n > 0)?;
        Some(OverlappingScan { dfa, start, longest })
    }

    /// Calls `on_match(start, end, word)` for each occurrence in `hay`, once each, in no set order.
    fn for_each(&self, hay: &[u8], mut on_match: impl FnMut(usize, usize, usize)) {
        use aho_corasick::Anchored::No;
        use aho_corasick::automaton::{Automaton, StateID};
        let dfa = &self.dfa;
        // The states that end a word and where (exclusive), taken apart after the walks: the
        // walks' loop stays small.
        // (Sized for news: a word ends one of the ~200 first words every ~30 bytes; growing the
        // vector from empty took four allocations per story.)
        let mut ends: Vec<(StateID, usize)> = Vec::with_capacity((hay.len() / 16).min(1 << 16));
        let mut matches_at = |sid: StateID, at: usize| {
            if dfa.is_special(sid) && dfa.is_match(sid) {
                ends.push((sid, at));
            }
        };
        // The first half is `hay[..half]`; the second walk reports the words that end after it.
        let half = if hay.len() >= 4 * self.longest { hay.len() / 2 } else { 0 };
        let second_from = half.saturating_sub(self.longest - 1);
        let (mut first, mut second) = (self.start, self.start);
        for (i, (&a, &b)) in hay[..half].iter().zip(&hay[second_from..]).enumerate() {
            first = dfa.next_state(No, first, a);
            second = dfa.next_state(No, second, b);
            matches_at(first, i + 1);
            if second_from + i >= half {
                matches_at(second, second_from + i + 1);
            }
        }
        for (i, &b) in hay.iter().enumerate().skip(second_from + half) {
            second = dfa.next_state(No, second, b);
            if i >= half {
                matches_at(second, i + 1);
            }
        }
        for (sid, at) in ends {
            for i in 0..dfa.match_len(sid) {
                let word = dfa.match_pattern(sid, i);
                on_match(at - dfa.pattern_len(word), at, word.as_usize());
            }
        }
    }
}

/// Each gate's occurrences (start, end), ascending by start, the longest one at each start.
#[derive(Debug, Default)]
struct GateHits {
    hardware: Vec<(usize, usize)>,
    person: Vec<(usize, usize)>,
    company: Vec<(usize, usize)>,
    /// Whether each kind-noun gate occurs (`None`: not asked, the regex gates serve).
    defined: Option<Vec<bool>>,
}

impl PhraseGates {
    /// The gates from their phrases, each compared exactly or in any ASCII case. `None` when a
    /// phrase has no word, or one after the first that starts with a hyphen (the gap before it
    /// could end inside it): the regex gates then serve.
    fn new(gates: &[(Gate, &[String], bool)]) -> Option<Self> {
        let mut heads: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut phrases: Vec<Vec<GatePhrase>> = Vec::new();
        let defined_gates =
            gates.iter().filter_map(|(g, _, _)| if let Gate::Defined(k) = g { Some(k + 1) } else { None }).max().unwrap_or(0);
        for &(gate, lexicon, any_case) in gates {
            for phrase in lexicon.iter().filter(|p| !p.is_empty()) {
                // In any case, the long s and the Kelvin sign are an ASCII 's' and 'k' to the
                // regex (Unicode simple case folding); no other non-ASCII letter folds to ASCII.
                let phrase = if any_case { phrase.replace('\u{17F}', "s").replace('\u{212A}', "k") } else { phrase.clone() };
                let mut words = phrase.split_whitespace();
                let head = words.next()?;
                let rest: Vec<Box<str>> = words.map(Box::from).collect();
                if rest.iter().any(|w| w.starts_with('-')) {
                    return None;
                }
                let k = *index.entry(head.to_string()).or_insert_with(|| {
                    heads.push(head.to_string());
                    phrases.push(Vec::new());
                    heads.len() - 1
                });
                phrases[k].push(GatePhrase { gate, any_case, rest });
            }
        }
        let first_words = OverlappingScan::new(&heads)?;
        let ascii_any_case = phrases
            .iter()
            .zip(&heads)
            .all(|(list, head)| list.iter().filter(|p| p.any_case).all(|p| head.is_ascii() && p.rest.iter().all(|w| w.is_ascii())));
        Some(PhraseGates { first_words, heads, phrases, defined_gates, ascii_any_case })
    }

    /// Whether the phrase gates serve `text` (else the gates' regexes do): ASCII text, or text
    /// of any script when case folding cannot tell them apart (see `ascii_any_case`).
    fn serve(&self, text: &str) -> bool {
        text.is_ascii()
            || self.ascii_any_case
                && memchr::memmem::find(text.as_bytes(), "\u{17F}".as_bytes()).is_none()
                && memchr::memmem::find(text.as_bytes(), "\u{212A}".as_bytes()).is_none()
    }

    /// The occurrences of the gates' phrases in `text` (which they [serve](Self::serve)).
    fn find(&self, text: &str) -> GateHits {
        let hay = text.as_bytes();
        // A gap is `[\s\-]+`, white space as the regexes' `\s` (Unicode) has it.
        let gap_at = |at: usize| -> usize {
            match hay[at] {
                b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'-' => 1,
                b if b.is_ascii() => 0,
                _ => text[at..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8),
            }
        };
        // The end of `word` after a gap at `at`, if it is there.
        let word_at = |mut at: usize, word: &str, any_case: bool| -> Option<usize> {
            let gap = at;
            while at < hay.len() {
                match gap_at(at) {
                    0 => break,
                    n => at += n,
                }
            }
            let found = hay.get(at..at + word.len())?;
            let same = if any_case { found.eq_ignore_ascii_case(word.as_bytes()) } else { found == word.as_bytes() };
            (at > gap && same).then_some(at + word.len())
        };
        let mut hits = GateHits::default();
        let mut defined = vec![false; self.defined_gates];
        // (Matches come in no set order: the lists are sorted below.)
        self.first_words.for_each(hay, |start, head_end, k| {
            // Every recogniser has its phrase after a character no word holds (or at the text's
            // start): "co" in "record" or "head" in "ahead" opens none. (A character beyond ASCII
            // is let through: the regexes decide.)
            if start > 0 && (hay[start - 1].is_ascii_alphanumeric() || hay[start - 1] == b'_') {
                return;
            }
            let exact = &hay[start..head_end] == self.heads[k].as_bytes();
            for phrase in self.phrases[k].iter().filter(|p| p.any_case || exact) {
                let Some(end) = phrase.rest.iter().try_fold(head_end, |at, w| word_at(at, w, phrase.any_case)) else { continue };
                // Nor does a phrase followed by a letter or digit ("Co" of "Company", "head" of
                // "headquarters"): every recogniser has a character no word holds after its phrase.
                if hay.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    continue;
                }
                let list = match phrase.gate {
                    Gate::Hardware => &mut hits.hardware,
                    Gate::Person => &mut hits.person,
                    Gate::Company => &mut hits.company,
                    Gate::Defined(k) => {
                        defined[k] = true;
                        continue;
                    }
                };
                list.push((start, end));
            }
        });
        for list in [&mut hits.hardware, &mut hits.person, &mut hits.company] {
            // Ascending by start, the longest first at each start, then one per start.
            list.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
            list.dedup_by_key(|&mut (s, _)| s);
        }
        hits.defined = Some(defined);
        hits
    }
}

/// Every place a match may start (ascending, distinct): a superset of the real starts, which the
/// regex, tried anchored at each, decides. Words are runs of characters between spaces, tabs and
/// line breaks: a phrase of the lexicon's words joined by `[\s\-]+` spans at most as many.
fn lead_starts(text: &str, gate_matches: &[(usize, usize)], lead: Lead) -> Vec<usize> {
    // Whether a place is a start depends on the place only, so the windows of the gate's matches
    // are merged and each stretch scanned once: the windows of nearby matches overlap ("said" in
    // every sentence), and scanning each window was most of the cost, with a sort to undo it.
    let words = match lead {
        Lead::Gated { words } | Lead::NameFirst { words } => words,
    };
    let mut windows: Vec<(usize, usize)> = gate_matches.iter().map(|&(start, end)| (words_before(text, start, words), end)).collect();
    windows.sort_unstable();
    let mut out = Vec::new();
    let mut scan = |lo: usize, end: usize| match lead {
        Lead::Gated { .. } => {
            if lo == 0 {
                out.push(0);
            }
            out.extend(text[lo..end].char_indices().filter(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map(|(k, _)| lo + k));
        }
        Lead::NameFirst { .. } => out.extend(name_starts(text, lo).take_while(|&b| b < end)),
    };
    for (lo, end) in merge_stretches(windows) {
        scan(lo, end);
    }
    // Disjoint stretches in order give ascending places, except a start at 0 pushed twice by a
    // gated stretch from 0 whose first character is no name character.
    out.dedup();
    out
}

/// Where the matches of a [`Lead::Gated`] recogniser may start in text whose gate
/// occurrences are those of the [`PhraseGates`]: every occurrence of every phrase, at its own
/// start (ascending). Such a match is the character before its phrase (or the text's start) and
/// the phrase, so it starts one character before an occurrence, or at 0: a few places per occurrence
/// where [`lead_starts`], which must allow for a regex gate's leftmost-first matches, tries every
/// character no word holds in the words around it.
fn phrase_starts(text: &str, gate_matches: &[(usize, usize)]) -> Vec<usize> {
    let before = |start: usize| text[..start].chars().next_back().map_or(start, |c| start - c.len_utf8());
    let mut out: Vec<usize> = gate_matches.iter().map(|&(start, _)| before(start)).collect();
    out.dedup();
    out
}

/// The start of the stretch that holds the word at `pos` and the `n` words before it, with the
/// one character before them (0 at the start of the text).
fn words_before(text: &str, pos: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let is_separator = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut i = pos;
    let mut runs = 0;
    while i > 0 {
        if is_separator(bytes[i - 1]) {
            runs += 1;
            if runs > n {
                return i - 1;
            }
            while i > 0 && is_separator(bytes[i - 1]) {
                i -= 1;
            }
        } else {
            i -= 1;
        }
    }
    0
}

/// Where the next anchored search may start after a match (see [`anchored_matches`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    /// At the match's last character: the recognisers that end with the character after the name
    /// (or the text's end) may find that character to be the one before the next name ("NVIDIA
    /// H100\nNVIDIA H200").
    AtLastCharacter,
    /// After the match, as `captures_iter` resumes.
    AfterMatch,
}

/// The matches of `re` tried anchored at `starts` (ascending), left to right, each search resuming
/// as `resume` says: with [`Resume::AfterMatch`], the matches an unanchored `captures_iter` finds,
/// when `starts` holds every place one may start.
fn anchored_matches<'t>(re: &regex_automata::meta::Regex, text: &'t str, starts: &[usize], resume: Resume) -> Vec<Groups<'t>> {
    let mut caps = re.create_captures();
    let mut out: Vec<Groups<'t>> = Vec::new();
    let mut pos = 0;
    for &s in starts {
        if s < pos {
            continue;
        }
        if let Some(g) = anchored_captures_at(re, text, s, &mut caps) {
            let whole = g.whole();
            pos = match text[whole.start()..whole.end()].char_indices().next_back() {
                Some((k, _)) if k > 0 && resume == Resume::AtLastCharacter => whole.start() + k,
                _ => whole.end(),
            };
            out.push(g);
        }
    }
    out
}

/// The most words (runs of characters between spaces, tabs and line breaks) from where a name
/// defined by its kind starts to the '(' after it: the name's three words joined by spaces, tabs
/// or hyphens, then spaces or tabs before the '(' (see `Recognisers::defined`).
const DEFINED_NAME_WORDS: usize = 3;

/// The matches of a recogniser of names defined by their kind ("DeepSeed (a deep learning
/// library)"), those `captures_iter` finds: left to right, each search resuming at the end of the
/// last match. Tried anchored only where a name may start shortly before a '(': an unanchored
/// search read all of a text with a '(' and a kind noun anywhere in it, a tenth of the entities-only
/// run on documents of a few thousand words.
fn defined_matches<'t>(re: &regex_automata::meta::Regex, text: &'t str) -> Vec<Groups<'t>> {
    let parentheses: Vec<(usize, usize)> = memchr::memchr_iter(b'(', text.as_bytes()).map(|p| (p, p + 1)).collect();
    let starts = lead_starts(text, &parentheses, Lead::NameFirst { words: DEFINED_NAME_WORDS });
    anchored_matches(re, text, &starts, Resume::AfterMatch)
}

/// The most white-space separated words a legal-form name puts before its form: initials, a
/// first word, five more each with a connector ("of", "and"), and "and" before the form is 13.
const NAME_WORDS_BEFORE_FORM: usize = 16;

/// The stretches of `text` where a legal-form name can start, each ending where a legal form ends:
/// from [`NAME_WORDS_BEFORE_FORM`] words before each match of the `gate` (the forms' alternation),
/// or from a character no name holds. Every match of the recogniser holds a form, found by the
/// gate at or before its start (a form inside another one starts inside a gate match). The gate's
/// matches ascend by start (see [`Recognisers::gate_hits`]).
fn form_windows(text: &str, gate_matches: &[(usize, usize)]) -> Vec<(usize, usize)> {
    merge_stretches(gate_matches.iter().map(|&(start, end)| {
        let first = words_back(text, start, NAME_WORDS_BEFORE_FORM);
        // The character before the name is part of the match (`(?:^|[^\p{L}\p{N}_])`).
        (text[..first].chars().next_back().map_or(first, |c| first - c.len_utf8()), end)
    }))
}

/// Stretches `(start, end)`, given in ascending order of start, with those that overlap or touch
/// merged into one.
fn merge_stretches(stretches: impl IntoIterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (lo, end) in stretches {
        match out.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(end),
            _ => out.push((lo, end)),
        }
    }
    out
}

/// Where the `n`th word before `end` starts, words being separated by spaces, tabs and line
/// breaks; the walk stops early after a character that no name holds (other white space, ASCII
/// punctuation but `& ' - . , /`).
fn words_back(text: &str, end: usize, n: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut start = end;
    for (i, c) in text[..end].char_indices().rev() {
        let sep = matches!(c, ' ' | '\t' | '\r' | '\n');
        if !sep && (c.is_whitespace() || c.is_ascii_punctuation() && !matches!(c, '&' | '\'' | '-' | '.' | ',' | '/')) {
            break;
        }
        if sep {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > n {
                break;
            }
        }
        start = i;
    }
    start
}

const NAME_TOKEN: &str = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)?";

impl Recognisers {
    /// Builds the recognisers from lexicons (phrases as written) and the hardware vendor names.
    pub fn new(lex: &dyn Fn(&str) -> Vec<String>, vendors: &[String], generic: HashSet<String>) -> Self {
        let mut gates = Gates::default();
        let hardware = (!vendors.is_empty()).then(|| {
            let v = alternation(vendors, false);
            gates.hardware = Some(LazyRegex::new(v.clone()));
            let src = format!(
                r"(?:^|[^\p{{L}}\p{{N}}_])(?P<vendor>{v})(?P<family>(?:[ \t]+(?:\p{{Lu}}[\p{{L}}]+)){{0,2}})[ \t]+(?P<model>[A-Za-z]{{0,4}}-?\d{{1,5}}[A-Za-z0-9]*\+?)(?:$|[^\p{{L}}\p{{N}}\-])"
            );
            // The vendor in a match overlaps a match of the gate, so it starts at most as many
            // words before it as the longest vendor name has.
            (LazyRegex::anchored(src), Lead::Gated { words: max_words(vendors) })
        });
        let legal = lex("LEGAL_FORM");
        let company = (!legal.is_empty()).then(|| {
            let forms: Vec<String> = legal.iter().map(|f| f.trim_end_matches('.').to_string()).collect();
            let f = alternation(&forms, false);
            gates.company = Some(LazyRegex::new(f.clone()));
            // Abbreviated first names written before a company name ("Alex. Brown and Sons Inc").
            // (The rule lexer splits a final '.' off a word: the list is of stems.)
            let given: Vec<String> = lex("NAME_INITIAL").iter().map(|w| w.trim_end_matches('.').to_string()).filter(|w| !w.is_empty()).collect();
            let given = if given.is_empty() { String::new() } else { format!(r"|{}\.", alternation(&given, false)) };
            // Words after a legal form that still belong to the name ("Hospital Corp of America").
            let tail = lex("LEGAL_FORM_TAIL");
            let tail = if tail.is_empty() { String::new() } else { format!(r"|(?P<tail>{SEP}(?:{}))", alternation(&tail, false)) };
            // The first word may be hyphenated ("Borg-Warner", "Wal-Mart"): starting after the
            // hyphen would cut the name in two.
            let first = r"\p{Lu}[\p{L}\p{N}&'’]*(?:-[\p{L}\p{N}][\p{L}\p{N}&'’]*)*";
            let word = r"\p{Lu}[\p{L}\p{N}&'’-]*";
            // Name words and a legal form after the form ("Coastal Limited Ventures Inc", "Public
            // Service Co of Indiana Inc", "McDonald and Co Investments Inc").
            let more = format!(r"(?P<more>(?:{SEP}(?:{word}|of{SEP}{word})){{1,3}},?{SEP}(?:{f})\.?)");
            let src = format!(
                r"(?:^|[^\p{{L}}\p{{N}}_])(?P<init>(?:(?:\p{{Lu}}\.){{1,3}}{given}){SEP}?)?(?P<name>{first}(?:{SEP}(?:{word}|&|(?:and|of|de|di|del|della|du|do|da|dos|von|van|et|und|y){SEP}{word})){{0,5}}?),?{SEP}(?:(?:and|&){SEP})?(?P<form>(?:{f})\.?(?:,?{SEP}(?:{f})\.?)?)(?:{more}{tail})?(?:$|[^\p{{L}}\p{{N}}\-])"
            );
            LazyRegex::anchored(src)
        });
        let comma_prefix =
            LazyRegex::new(format!(r"(?:^|[^\p{{L}}\p{{N}}_])(?P<p>\p{{Lu}}[\p{{L}}'’]+(?:{SEP}\p{{Lu}}[\p{{L}}'’]+)?),{SEP}?$"));
        let roles = lex("ROLE");
        let mut person = Vec::new();
        if !roles.is_empty() {
            // The role in a match overlaps a match of the gate (the same alternation), so it starts
            // at most as many words before it as the longest role has; a name before the role adds
            // its five words (three names, an initial between each two), a copula, a determiner and
            // three more words.
            let role_words = max_words(&roles);
            let role_first = Lead::Gated { words: role_words };
            let name_first = Lead::NameFirst { words: role_words + 5 + max_words(&lex("COPULA")) + max_words(&lex("DETERMINER")) + 3 };
            let role = alternation(&roles, true);
            gates.person = Some(LazyRegex::new(role.clone()));
            let link = alternation(&lex("ROLE_LINK"), true);
            let copula = alternation(&lex("COPULA"), true);
            let det = alternation(&lex("DETERMINER"), true);
            let name = format!(r"(?P<name>{NAME_TOKEN}(?:{SEP}(?:\p{{Lu}}\.{SEP})?{NAME_TOKEN}){{1,2}})");
            // "chief executive Jane Smith"
            person.push((format!(r"(?:^|[^\p{{L}}\p{{N}}_]){role}[ \t]+{name}(?:$|[^\p{{L}}\p{{N}}_])"), role_first));
            // "il CEO di Microsoft Satya Nadella": kept only when a known company starts the name.
            person.push((format!(r"(?:^|[^\p{{L}}\p{{N}}_]){role}[ \t]+{link}[ \t]+{name}(?:$|[^\p{{L}}\p{{N}}_])"), role_first));
            // "Satya Nadella, CEO of Microsoft", "Kevin Scott, Chief Technical Officer, Microsoft"
            person.push((
                format!(
                    r"(?:^|[^\p{{L}}\p{{N}}_]){name},[ \t]+(?:{det}[ \t]+)?(?:[\p{{L}}-]+[ \t]+){{0,3}}?{role}(?:$|[^\p{{L}}\p{{N}}_])"
                ),
                name_first,
            ));
            // "Jez Corden is a Managing Editor at Windows Central"
            person.push((format!(r"(?:^|[^\p{{L}}\p{{N}}_]){name}[ \t]+{copula}[ \t]+(?:{det}[ \t]+)?(?:[\p{{L}}-]+[ \t]+){{0,3}}?{role}[ \t]+{link}(?:$|[^\p{{L}}\p{{N}}_])"), name_first));
        }
        let person: Vec<(LazyRegex, Lead)> = person.into_iter().map(|(src, lead)| (LazyRegex::anchored(src), lead)).collect();
        let mut defined = Vec::new();
        let mut kind_nouns = Vec::new();
        let det = alternation(&lex("DETERMINER"), true);
        for (lexicon, ty) in [("PRODUCT_NOUN", EntityType::Product), ("COMPANY_NOUN", EntityType::Company)] {
            let nouns = lex(lexicon);
            if nouns.is_empty() {
                continue;
            }
            let noun = alternation(&nouns, true);
            kind_nouns.push(nouns);
            let src = format!(
                r"(?:^|[^\p{{L}}\p{{N}}_])(?P<name>\p{{Lu}}[\p{{L}}\p{{N}}]*(?:[ 	-]\p{{Lu}}[\p{{L}}\p{{N}}]*){{0,2}})[ 	]*\([ 	]*(?:{det}[ 	]+)?(?:[\p{{L}}\p{{N}}-]+[ 	]+){{0,5}}?{noun}(?:$|[^\p{{L}}\p{{N}}_])"
            );
            // (Also the '(' every match holds: checked first, it is the cheaper test.)
            gates.defined.push(LazyRegex::new(noun));
            defined.push((LazyRegex::new(src), ty));
        }
        let mut name_stop: HashSet<String> = lex("STOPWORDS").into_iter().map(|s| s.to_lowercase()).collect();
        name_stop.extend(lex("NAME_STOP").into_iter().map(|s| s.to_lowercase()));
        let folded = |name: &str| -> HashSet<String> { lex(name).iter().map(|s| crate::normalize::NormalizedText::fold_form(s)).collect() };
        let legal_stems: Vec<String> = legal.iter().map(|f| f.trim_end_matches('.').to_string()).collect();
        let mut gate_phrases = vec![
            (Gate::Hardware, if hardware.is_some() { vendors } else { &[] }, false),
            (Gate::Person, if person.is_empty() { &[] } else { &roles[..] }, true),
            (Gate::Company, if company.is_some() { &legal_stems[..] } else { &[] }, false),
        ];
        gate_phrases.extend(kind_nouns.iter().enumerate().map(|(k, nouns)| (Gate::Defined(k), &nouns[..], true)));
        let phrase_gates = PhraseGates::new(&gate_phrases);
        Recognisers {
            gates,
            phrase_gates,
            hardware,
            company,
            person,
            defined,
            name_stop,
            generic,
            legal_forms_folded: legal.iter().map(|f| crate::normalize::NormalizedText::fold_form(f)).collect(),
            legal_forms: legal,
            abbreviations: lex("ABBREVIATIONS").iter().map(|a| a.trim_end_matches('.').to_string()).filter(|a| !a.is_empty()).collect(),
            org_of: folded("ORG_OF"),
            non_company_head: folded("NON_COMPANY_HEAD"),
            places: folded("PLACE"),
            given: lex("NAME_INITIAL").iter().map(|w| w.trim_end_matches('.').to_string()).filter(|w| !w.is_empty()).collect(),
            name_start: folded("NAME_START"),
            venues: folded("SPONSORED_NAME"),
            units: lex("COMPANY_UNIT").iter().map(|u| fold_unit(u)).filter(|u| !u.is_empty()).collect(),
            describing_suffixes: folded("NAME_DESCRIBER").into_iter().collect(),
            tail_forms: lex("LEGAL_FORM_TAIL_AFTER")
                .iter()
                .map(|f| f.trim_end_matches('.').to_string())
                .filter(|f| !f.is_empty())
                .collect(),
            comma_prefix,
            role_link: lex("ROLE_LINK").iter().map(|s| s.to_lowercase()).collect(),
        }
    }

    /// Compiles every regex that text of `form` may need, the ones every document with a gate
    /// match waits for first (the recognisers themselves, then the gates where the phrase gates
    /// do not serve, then the prefix and kind-noun ones). A document needing one that is being
    /// compiled here waits for it rather than compiling it again.
    pub(crate) fn warm(&self, form: Form) {
        for re in self.regexes(form) {
            re.get(form);
        }
    }

    /// Whether [`warm`](Self::warm) has nothing left to compile for `form`.
    #[cfg(test)]
    pub(crate) fn is_warm(&self, form: Form) -> bool {
        self.regexes(form).all(|re| re.is_compiled(form))
    }

    /// The regexes text of `form` may need, in the order [`warm`](Self::warm) compiles them.
    fn regexes(&self, form: Form) -> impl Iterator<Item = &LazyRegex> {
        let recognisers = self.company.iter().chain(self.hardware.iter().map(|(re, _)| re)).chain(self.person.iter().map(|(re, _)| re));
        // (The phrase gates serve ASCII text instead of the gates' regexes.)
        let regex_gates = form != Form::Ascii || self.phrase_gates.is_none();
        let gates = [&self.gates.hardware, &self.gates.company, &self.gates.person].into_iter().flatten().filter(move |_| regex_gates);
        let defined_gates = self.gates.defined.iter().filter(move |_| regex_gates);
        let rest = std::iter::once(&self.comma_prefix).chain(defined_gates).chain(self.defined.iter().map(|(re, _)| re));
        recognisers.chain(gates).chain(rest)
    }

    /// Checks and trims one match of the legal-form recogniser: the name starts at its first
    /// word that is neither a stop word nor a role, a person or an owner before "of" or a
    /// possessive, and takes in a comma-joined partnership prefix ("Kidder, Peabody and Co").
    fn company_match(&self, text: &str, compiled: Form, c: &Groups) -> Option<PatternMatch> {
        let fold = crate::normalize::NormalizedText::fold_word;
        let name = c.name("name").expect("group");
        let form = c.name("form").expect("group");
        let init = c.name("init");
        let lead = init.map_or(name.start(), |m| m.start());
        // A name cut at a hyphen or slash ("Borg-[Warner Corp]") is a fragment: leave it.
        if text[..lead].ends_with(['-', '/', '\u{2010}', '\u{2011}']) {
            return None;
        }
        // Initials belong to the name ("A.H. Robins Co", "C.O.M.B Inc", "Alex. Brown"); an
        // abbreviation that ends sentences ("U.S.") does not.
        let init_text = init.map(|i| i.as_str().trim().trim_end_matches('.')).unwrap_or("");
        // ("U.S. Steel Corp": kept before a single generic word, which is no name on its own.)
        let abbreviation = !init_text.is_empty() && !self.given.contains(init_text) && self.abbreviations.contains(init_text);
        let generic_word = !name.as_str().contains(char::is_whitespace) && contains_folded(&self.generic, name.as_str());
        let start = if abbreviation && !generic_word { name.start() } else { lead };
        let ws = words(text, start, name.end());
        let w = |i: usize| &text[ws[i].0..ws[i].1];
        let connector = |x: &str| {
            matches!(
                x,
                "and" | "of" | "de" | "di" | "del" | "della" | "du" | "do" | "da" | "dos" | "von" | "van" | "et" | "und" | "y" | "&"
            )
        };
        // Leading words that are not part of a name ("The", "Shares", "Shares of", "Chairman"),
        // except those that also start names ("New England", "General Binding").
        // An acronym ("AT", "IT") is no stop word.
        let acronym = |x: &str| x.chars().count() >= 2 && x.chars().all(|ch| ch.is_uppercase());
        let mut k = 0;
        while k < ws.len()
            && (connector(w(k))
                || contains_lowercase(&self.name_stop, w(k))
                    && !acronym(w(k))
                    && !(k + 1 < ws.len() && contains_folded(&self.name_start, w(k))))
        {
            k += 1;
        }
        // "Palo Alto-based Hewlett-Packard Co", "Ohio-based Glidden Inc": a compound adjective
        // ("-based", "-owned") describes the company and ends the words before its name.
        if let Some(i) = (k..ws.len().saturating_sub(1)).rev().find(|&i| {
            // (Not folded: folding reads a hyphen between letters as a space.)
            crate::normalize::with_lowercase(w(i), |x| {
                self.describing_suffixes
                    .iter()
                    .any(|suf| x.len() > suf.len() + 1 && x.ends_with(suf.as_str()) && x[..x.len() - suf.len()].ends_with('-'))
            })
        }) {
            k = i + 1;
        }
        let and_before_form = text[name.end()..form.start()].split_whitespace().any(|x| matches!(x, "and" | "&"));
        let mut of_seen = false;
        // (`k` moves on inside the loop; the words looked at do not.)
        let mut i = k;
        while i + 1 < ws.len() {
            i += 1;
            // (Folded for each look-up, on the stack: most words fold without a copy of their own.)
            let before_in = |set: &HashSet<String>| contains_folded(set, w(i - 1));
            // "Keita Konishi of Sumitomo Life", "Executives of First Boston": "of" after a word
            // that does not head an organisation name ("Bank of Tokyo") ends a person or a role.
            if w(i) == "of" {
                if before_in(&self.org_of) {
                    of_seen = true;
                } else {
                    k = i + 1;
                    of_seen = false;
                }
            }
            // "Securities and Exchange Commission and Time Warner Inc", "First National Bank of
            // Minneapolis and Salomon Inc": "and" after a non-company head or a place joins two names.
            // "(Bull of) France and NEC Corp": a name cannot start with a place joined by "and".
            // ("Australia and New Zealand Banking Group": two places joined are one name.)
            let place_after = |n: usize| i + n < ws.len() && contains_folded(&self.places, &text[ws[i + 1].0..ws[i + n].1]);
            let place_first = || i == k + 1 && before_in(&self.places) && !place_after(1) && !place_after(2);
            if matches!(w(i), "and" | "&") && (before_in(&self.non_company_head) || of_seen || place_first()) {
                k = i + 1;
                of_seen = false;
            }
            // "Seemala and Boesky and Co", "Sanwa Bank and Yasuda Trust and Banking Co": with two
            // conjunctions, the first joins two names.
            let another_and = (i + 1..ws.len()).any(|j| matches!(w(j), "and" | "&")) || and_before_form;
            if matches!(w(i), "and" | "&") && another_and && i > k {
                k = i + 1;
                continue;
            }
            // "Morgan Stanley International and Svenska Handelsbanken PLC": a name of three words
            // or more and one of two or more ("Public Service Electric and Gas Co" is one name).
            if matches!(w(i), "and" | "&") && i >= k + 3 && ws.len() >= i + 3 {
                k = i + 1;
            }
        }
        // A possessive before the name is an owner or a place ("Japan's Matsushita Electric
        // Industrial Co", "Robert Maxwell's British Printing", "RLR's RLR Securities Group"), unless
        // it is the name's own first word ("Moody's Investors Service Inc", "Fireman's Fund Corp").
        let possessive =
            (k..ws.len().min(k + 4)).take_while(|&i| !connector(w(i))).find_map(|i| possessive_stem(w(i)).map(|stem| (i, stem)));
        if let Some((i, stem)) = possessive {
            let owner = &text[ws[k].0..ws[i].0 + stem.len()];
            let first_owner = fold(owner.split_whitespace().next().unwrap_or(""));
            let repeated = i + 1 < ws.len() && !first_owner.is_empty() && fold(w(i + 1)).starts_with(first_owner.as_ref());
            if i + 1 < ws.len() && (i > k || repeated || self.places.contains(fold(owner).as_ref())) {
                k = i + 1;
            }
        }
        if k >= ws.len() {
            return None;
        }
        let mut start = ws[k].0;
        // "Sanford C. Bernstein and Co", "Cyrus J. Lawrence Inc": a first name before a middle initial.
        if k == 0 && init.is_some_and(|i| i.as_str().trim().len() == 2) {
            let before = text[..start].trim_end_matches([' ', '\t']);
            let before = before.strip_suffix('\n').map_or(before, |b| b.trim_end_matches([' ', '\t', '\r']));
            let first: String =
                before.chars().rev().take_while(|ch| ch.is_alphabetic() || *ch == '.').collect::<Vec<_>>().into_iter().rev().collect();
            let rest = &before[..before.len() - first.len()];
            let word = first.trim_end_matches('.');
            let capitalised =
                word.chars().next().is_some_and(char::is_uppercase) && word.chars().skip(1).all(char::is_lowercase) && word.len() >= 3;
            if capitalised && !contains_lowercase(&self.name_stop, word) && !rest.ends_with(|ch: char| ch.is_alphanumeric() || ch == '-') {
                start = before.len() - first.len();
            }
        }
        // "Kidder, Peabody and Co Inc", "Merrill Lynch, Pierce, Fenner and Smith Inc": a partnership
        // of one or two surnames joined by "and" is written after other surnames and commas; the
        // name starts at the first of them.
        let and_at = (k..ws.len()).find(|&i| matches!(w(i), "and" | "&"));
        let partnership = match and_at {
            Some(i) => i - k <= 2 && !(k..i).any(|j| connector(w(j))),
            None => and_before_form && ws.len() - k <= 2,
        };
        if k == 0 && start == lead && partnership {
            if let Some(re) = self.comma_prefix.get(compiled) {
                for _ in 0..3 {
                    let mut from = start.saturating_sub(80);
                    while !text.is_char_boundary(from) {
                        from += 1;
                    }
                    let before = &text[from..start];
                    let mut caps = re.create_captures();
                    re.captures(before, &mut caps);
                    let Some(p) = (Groups { text: before, caps }).name("p") else { break };
                    let p_start = from + p.start();
                    let cut_word = p.start() == 0 && from > 0 && text[..from].ends_with(|ch: char| ch.is_alphanumeric());
                    let ok = p.as_str().split_whitespace().all(|x| {
                        let f = fold(x);
                        !self.name_stop.contains(f.as_ref())
                            && !self.org_of.contains(f.as_ref())
                            && !self.legal_forms.iter().any(|l| fold(l.trim_end_matches('.')) == f)
                    });
                    if cut_word || !ok {
                        break;
                    }
                    start = p_start;
                }
            }
        }
        // With two legal forms ("Foo Holdings Inc"), the first belongs to the name; words after the
        // form that belong to the name ("Hospital Corp of America") make it the display name.
        let form_text = form.as_str();
        // The last of two legal forms ("Holdings Inc"); a form of two words is one ("Limited Partnership").
        let one_form = contains_folded(&self.legal_forms_folded, form_text.trim_end_matches('.'));
        let last_form = if one_form { 0 } else { form_text.rfind(|c: char| c.is_whitespace()).map(|k| k + 1).unwrap_or(0) };
        // "Las Vegas, NV": two capitals after a comma are a state code, not a legal form.
        let bare_form = form_text.trim_end_matches('.');
        if text[name.end()..form.start()].contains(',') && bare_form.len() == 2 && bare_form.chars().all(|ch| ch.is_ascii_uppercase()) {
            return None;
        }
        // Name words after the form ("Coastal Limited Ventures Inc"), unless the form ends a
        // sentence ("... Corp. Salomon Brothers Inc co-managed") or they are a role ("Co Chairman").
        let more = c.name("more").filter(|m| {
            !form_text.ends_with('.') && m.as_str().split_whitespace().all(|x| x == "of" || !contains_lowercase(&self.name_stop, x))
        });
        // The tail only follows "Co" or "Corp" ("Alcan Aluminium Ltd of Canada" is described).
        let tail = c.name("tail").filter(|_| {
            let last = form_text[last_form..].trim_end_matches('.');
            self.tail_forms.iter().any(|f| f.eq_ignore_ascii_case(last))
        });
        let (name_end, end) = match (more, tail) {
            (Some(m), _) => {
                let body = m.as_str().trim_end();
                let last = body.rfind(char::is_whitespace).map_or(0, |k| k + 1);
                (m.start() + body[..last].trim_end_matches([' ', '\t', '\n', '\r', ',']).len(), m.end())
            }
            (None, Some(t)) => (t.end(), t.end()),
            (None, None) => {
                // A unit after the form ("Swiss Bank Corporation International", "Nissan Motor
                // Corp U.S.A."): the name of a subsidiary.
                let unit = if form_text.ends_with('.') { form.end() } else { self.unit_after(text, form.end()) };
                if unit > form.end() {
                    (unit, unit)
                } else if last_form > 0 {
                    (form.start() + form_text[..last_form].trim_end_matches([' ', '\t', '\n', '\r', ',']).len(), form.end())
                } else {
                    (name.end(), form.end())
                }
            }
        };
        let display = crate::normalize::single_spaced(&text[start..name_end]);
        // A name made only of generic words ("International Ltd", "Industries Inc",
        // "Hospital Corp" cut from a longer name) or a place ("Kenya AB" of a coffee grade,
        // "An Alberta Corp") is not a company name.
        let generic = display
            .split_whitespace()
            .all(|w| crate::normalize::NormalizedText::with_fold_form(w, |f| self.generic.contains(f) || self.name_stop.contains(f)));
        // ... nor is the name of an organisation that is not a company ("American Soybean
        // Association, ASA").
        let head = display.split_whitespace().next_back().unwrap_or_default();
        if contains_folded(&self.places, &display)
            || contains_folded(&self.non_company_head, head)
            || self.legal_forms.iter().any(|f| f.eq_ignore_ascii_case(&display))
        {
            return None;
        }
        Some(PatternMatch {
            start,
            end,
            entity_type: EntityType::Company,
            name: display,
            vendor: None,
            model: None,
            recogniser: "pattern.company.legal_form",
            confidence: 0.75,
            org_prefix: false,
            generic,
        })
    }

    /// The end of the unit words right after `pos` ("International", "U.S.A.", "Capital Markets"),
    /// which make a company name the name of a subsidiary or a unit; `pos` when there are none.
    /// (Only unit words: in a headline in title case any capitalised word may follow a name.)
    pub fn unit_after(&self, text: &str, pos: usize) -> usize {
        let mut end = pos;
        for _ in 0..2 {
            let rest = &text[end..];
            let mut skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if rest[skip..].starts_with('\n') {
                // A line break with indentation starts a paragraph.
                if rest[skip + 1..].starts_with([' ', '\t', '\n', '\r']) {
                    break;
                }
                skip += 1;
            }
            if skip == 0 {
                break;
            }
            let tail = &rest[skip..];
            let len = tail.find(|ch: char| !(ch.is_alphanumeric() || ch == '.')).unwrap_or(tail.len());
            let token = &tail[..len];
            let bare = token.trim_end_matches('.');
            // Dots stay in an abbreviation ("U.S.A."), not after a word at a sentence end.
            let token = if bare.contains('.') { token } else { bare };
            if !token.starts_with(char::is_uppercase) || !self.units.contains(&fold_unit(token)) {
                break;
            }
            end += skip + token.len();
        }
        end
    }

    /// Whether the word right after `pos` makes the name before it the name of an event or a venue
    /// ("BMW Open", "Nextel Cup", "Comerica Park").
    pub fn sponsored(&self, text: &str, pos: usize) -> bool {
        let rest = &text[pos..];
        let after = rest.trim_start_matches([' ', '\t']);
        if after.len() == rest.len() {
            return false;
        }
        let word: String = after.chars().take_while(|ch| ch.is_alphanumeric()).collect();
        word.starts_with(char::is_uppercase) && self.venues.contains(&fold_unit(&word))
    }

    /// The first of `find`'s answers for the spellings of a company name as written, to look it
    /// up in a dictionary: its words one space apart without the final '.', then without its final
    /// legal forms ("Samsung Electronics Co. Ltd." -> "Samsung Electronics Co.", "Samsung
    /// Electronics"). Each spelling is a prefix of the first: one string, not one each.
    pub fn find_variant<R>(&self, written: &str, mut find: impl FnMut(&str) -> Option<R>) -> Option<R> {
        let mut joined = String::with_capacity(written.len());
        for word in written.split_whitespace() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(word);
        }
        if let Some(found) = find(joined.trim_end_matches('.')) {
            return Some(found);
        }
        // The words left are `joined[..end]`; the last of them starts after `last_space`.
        let mut end = joined.len();
        while let Some(last_space) = joined[..end].rfind(' ') {
            let last = joined[last_space + 1..end].trim_end_matches([',', '.']);
            if !self.legal_forms.iter().any(|f| f.trim_end_matches('.').eq_ignore_ascii_case(last)) {
                break;
            }
            end = last_space;
            // "Morgan Stanley and Co" -> "Morgan Stanley"
            if let Some(space) = joined[..end].rfind(' ')
                && matches!(&joined[space + 1..end], "and" | "&")
            {
                end = space;
            }
            let words = &joined[..end];
            if let Some(found) = find(words.trim_end_matches([',', ' '])).or_else(|| find(words.trim_end_matches([',', '.', ' ']))) {
                return Some(found);
            }
        }
        None
    }

    /// Whether `word` links a role or a person to an organisation ("chairman of Dell").
    pub fn is_link_word(&self, word: &str) -> bool {
        contains_lowercase(&self.role_link, word)
    }

    /// Runs the legal-form recogniser over `text`, left to right: `on_match` takes each match and
    /// returns where the search resumes. Anchored searches are tried only at the name starts of
    /// the `windows` that end at a legal form (see `form_windows`).
    fn legal_form_matches(
        &self,
        re: &LazyRegex,
        form: Form,
        text: &str,
        windows: &[(usize, usize)],
        mut on_match: impl FnMut(&Groups) -> usize,
    ) {
        if windows.is_empty() {
            return;
        }
        let Some(re) = re.get(form) else { return };
        let mut caps = re.create_captures();
        let mut pos = 0;
        let mut w = 0;
        while w < windows.len() && pos < text.len() {
            let (lo, hi) = windows[w];
            if hi < pos {
                w += 1;
                continue;
            }
            let found = name_starts(text, lo.max(pos)).take_while(|&s| s <= hi).find_map(|s| anchored_captures_at(re, text, s, &mut caps));
            let Some(c) = found else {
                w += 1;
                continue;
            };
            let next = on_match(&c);
            pos = if next > pos { next } else { c.whole().end().max(pos + 1) };
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
    }

    /// The matches of each recogniser's gate in `text` (empty where there is no recogniser; the
    /// whole text where its gate does not compile).
    fn gate_hits(&self, text: &str, form: Form) -> GateHits {
        if let Some(phrases) = self.phrase_gates.as_ref().filter(|p| p.serve(text)) {
            return phrases.find(text);
        }
        let gate = |on: bool, g: &Option<LazyRegex>| if on { gate_matches(g.as_ref().and_then(|g| g.get(form)), text) } else { Vec::new() };
        GateHits {
            hardware: gate(self.hardware.is_some(), &self.gates.hardware),
            person: gate(!self.person.is_empty(), &self.gates.person),
            company: gate(self.company.is_some(), &self.gates.company),
            defined: None,
        }
    }

    /// Where a recogniser with `lead` may match in `text`, from its gate's occurrences found in
    /// `form` (see [`gate_hits`](Self::gate_hits)).
    fn starts(&self, text: &str, gate_matches: &[(usize, usize)], lead: Lead, phrase_gates: bool) -> Vec<usize> {
        match lead {
            Lead::Gated { .. } if phrase_gates => phrase_starts(text, gate_matches),
            _ => lead_starts(text, gate_matches, lead),
        }
    }

    /// Runs every recogniser over `text`.
    pub fn find(&self, text: &str) -> Vec<PatternMatch> {
        self.find_in_form(text, Form::of(text, &[]))
    }

    /// [`find`](Self::find) with the regexes' `form` for `text` (any form fits non-ASCII text).
    fn find_in_form(&self, text: &str, form: Form) -> Vec<PatternMatch> {
        let mut out = Vec::new();
        let GateHits { hardware: hardware_gate, person: person_gate, company: company_gate, defined: defined_gate } =
            self.gate_hits(text, form);
        // (Only the phrase gates report the kind-noun gates.)
        let phrase_gates = defined_gate.is_some();
        let company_windows = form_windows(text, &company_gate);
        let needed = self
            .company
            .iter()
            .filter(|_| !company_windows.is_empty())
            .chain(self.hardware.iter().filter(|_| !hardware_gate.is_empty()).map(|(re, _)| re))
            .chain(self.person.iter().filter(|_| !person_gate.is_empty()).map(|(re, _)| re));
        // The first document that needs the person recognisers waits for four large regexes
        // (~30 ms), the legal-form one for ~15 ms: the cores share that wait.
        crate::parallel::share_pending(
            needed.filter(|r| !r.is_compiled(form)),
            |r| r.source.len(),
            |r| {
                r.get(form);
            },
        );
        if let Some((re, lead)) = &self.hardware {
            let found = match re.get(form).filter(|_| !hardware_gate.is_empty()) {
                Some(re) => anchored_matches(re, text, &self.starts(text, &hardware_gate, *lead, phrase_gates), Resume::AtLastCharacter),
                None => Vec::new(),
            };
            for c in found {
                let (vendor, model) = (c.name("vendor").expect("group"), c.name("model").expect("group"));
                let family = c.name("family").map(|f| f.as_str().trim()).unwrap_or("");
                let m = model.as_str();
                let has_letter = m.chars().any(|ch| ch.is_alphabetic());
                let lower = m.to_lowercase();
                let unit = ["gb", "mb", "tb", "ghz", "mhz", "nm", "mm", "w", "th", "st", "nd", "rd", "gbps", "gb/s", "k"]
                    .iter()
                    .any(|u| lower.ends_with(u) && lower[..lower.len() - u.len()].chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
                let year_like = !has_letter && m.len() == 4 && (m.starts_with("19") || m.starts_with("20"));
                let family_ok = family.split_whitespace().all(|w| !contains_lowercase(&self.name_stop, w));
                if unit || year_like || !family_ok || !has_letter && family.is_empty() || m.len() < 2 {
                    continue;
                }
                let name = crate::normalize::single_spaced(&text[vendor.start()..model.end()]);
                out.push(PatternMatch {
                    start: vendor.start(),
                    end: model.end(),
                    entity_type: EntityType::Hardware,
                    name,
                    vendor: Some((vendor.start(), vendor.end())),
                    model: Some((model.start(), model.end())),
                    recogniser: "pattern.hardware.vendor_model",
                    confidence: 0.8,
                    org_prefix: false,
                    generic: false,
                });
            }
        }
        if let Some(re) = &self.company {
            // Match by match: a match cut short (words after the form that are not part of the
            // name) resumes right after its form, where another name may start.
            self.legal_form_matches(re, form, text, &company_windows, |c| match self.company_match(text, form, c) {
                Some(m) => {
                    let end = m.end;
                    out.push(m);
                    end
                }
                None => c.name("form").expect("group").end(),
            });
        }
        let parenthesis = text.contains('(');
        for (k, (re, ty)) in self.defined.iter().enumerate() {
            // (Where the phrase gates serve, they found the nouns along with the other gates.)
            let noun = || match &defined_gate {
                Some(seen) => seen.get(k).copied().unwrap_or(false),
                None => self.gates.defined[k].get(form).is_some_and(|g| g.is_match(text)),
            };
            if !parenthesis || !noun() {
                continue;
            }
            let Some(re) = re.get(form) else { continue };
            for c in defined_matches(re, text) {
                let name = c.name("name").expect("group");
                let words: Vec<&str> = name.as_str().split_whitespace().collect();
                if words.iter().any(|w| contains_lowercase(&self.name_stop, w)) || contains_folded(&self.generic, name.as_str()) {
                    continue;
                }
                // "American Petroleum Institute (API)": an acronym alone in the parentheses
                // abbreviates the name; it is not a kind noun ("api", "sdk") defining it.
                let whole = c.whole();
                let inside = text[name.end()..whole.end()].trim_start().trim_start_matches('(');
                let inside = inside.trim_end_matches(|ch: char| !ch.is_alphanumeric()).trim();
                if !inside.contains(char::is_whitespace) && !inside.chars().any(char::is_lowercase) {
                    continue;
                }
                out.push(PatternMatch {
                    start: name.start(),
                    end: name.end(),
                    entity_type: *ty,
                    name: words.join(" "),
                    vendor: None,
                    model: None,
                    recogniser: "pattern.defined_by_kind",
                    confidence: 0.6,
                    org_prefix: false,
                    generic: false,
                });
            }
        }
        for (k, (re, lead)) in self.person.iter().enumerate() {
            let Some(re) = re.get(form).filter(|_| !person_gate.is_empty()) else { continue };
            for c in anchored_matches(re, text, &self.starts(text, &person_gate, *lead, phrase_gates), Resume::AtLastCharacter) {
                let name = c.name("name").expect("group");
                let words: Vec<&str> = name.as_str().split_whitespace().collect();
                if words.iter().any(|w| contains_lowercase(&self.name_stop, w)) {
                    continue;
                }
                out.push(PatternMatch {
                    start: name.start(),
                    end: name.end(),
                    entity_type: EntityType::Person,
                    name: words.join(" "),
                    vendor: None,
                    model: None,
                    recogniser: "pattern.person.role",
                    confidence: 0.7,
                    org_prefix: k == 1,
                    generic: false,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn recognisers() -> Recognisers {
        let lex = |name: &str| -> Vec<String> {
            let words: &[&str] = match name {
                "LEGAL_FORM" => &["Inc", "Corp.", "Co", "S.p.A.", "Holdings"],
                "NAME_INITIAL" => &["Alex."],
                "LEGAL_FORM_TAIL" => &["of America"],
                _ => &[],
            };
            words.iter().map(|w| w.to_string()).collect()
        };
        Recognisers::new(&lex, &[], HashSet::default())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// The two interleaved walks find what one overlapping search finds, on texts shorter and
        /// longer than four times the longest word (where the second walk starts).
        #[test]
        fn overlapping_scan_finds_every_occurrence_once(
            text in proptest::collection::vec(proptest::sample::select(&["co", "Corp", "corporation", "ion", "a", " ", "-", "RaTion", "x", "Ōura", "é"][..]), 0..80)
        ) {
            let words: Vec<String> = ["co", "corp", "corporation", "ration", "on", "a", "Ōura"].iter().map(|w| w.to_string()).collect();
            let text = text.concat();
            let mut found = Vec::new();
            OverlappingScan::new(&words).expect("built").for_each(text.as_bytes(), |s, e, w| found.push((s, e, w)));
            found.sort_unstable();
            let ac = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(&words).expect("built");
            let mut expected: Vec<(usize, usize, usize)> =
                ac.find_overlapping_iter(&text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            expected.sort_unstable();
            prop_assert_eq!(found, expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The alternation with its runs of single words grouped finds what the flat one finds,
        /// groups and all: the same alternatives in the same order.
        #[test]
        fn grouped_alternation_matches_as_the_flat_one(
            words in proptest::collection::vec(proptest::sample::select(&["Co", "Corp", "Corporation", "Limited Partnership", "Ltd", "Co Ltd", "Inc", "A/S", "S.p.A.", "Lim"][..]), 1..8),
            text in proptest::collection::vec(proptest::sample::select(&["Co", "Corp", "oration", "Limited", " ", "-", "\n", "Partnership", "Ltd", "Inc", "A/S", "S.p.A.", "x", "Lim"][..]), 0..30),
        ) {
            let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let text = text.concat();
            let mut flat: Vec<&String> = words.iter().collect();
            flat.sort_by_key(|s| std::cmp::Reverse(s.len()));
            flat.dedup();
            let flat = flat.iter().map(|s| s.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"[\s\-]+")).collect::<Vec<_>>().join("|");
            let pattern = |alt: &str| regex::Regex::new(&format!(r"(?P<before>\w*)(?P<form>{alt})(?P<after>,?\s*(?:Ltd|Inc)?)")).expect("compiles");
            let (grouped, flat) = (pattern(&alternation(&words, false)), pattern(&format!("(?:{flat})")));
            let spans = |re: &regex::Regex| -> Vec<Vec<Option<(usize, usize)>>> {
                re.captures_iter(&text).map(|c| ["before", "form", "after"].iter().map(|g| c.name(g).map(|m| (m.start(), m.end()))).collect()).collect()
            };
            prop_assert_eq!(spans(&grouped), spans(&flat));
        }
    }

    #[test]
    fn case_sensitive_single_words_between_phrases_are_grouped() {
        let words: Vec<String> =
            ["Inc", "Co Ltd", "Corporation", "Incorporated", "Limited Partnership"].iter().map(|w| w.to_string()).collect();
        assert_eq!(alternation(&words, false), r"(?:Limited[\s\-]+Partnership|(Incorporated|Corporation)|Co[\s\-]+Ltd|Inc)");
        assert_eq!(alternation(&words[2..4], false), "(?:Incorporated|Corporation)", "single words only: no group");
        assert_eq!(alternation(&words[..3], true), r"(?i:Corporation|Co[\s\-]+Ltd|Inc)", "in any case: classes, no trie");
    }

    #[test]
    fn company_name_variants_drop_final_legal_forms_and_a_conjunction_before_them() {
        let r = recognisers();
        let variants = |written: &str| {
            let mut seen = Vec::new();
            assert_eq!(
                r.find_variant(written, |v| -> Option<()> {
                    seen.push(v.to_string());
                    None
                }),
                None
            );
            seen
        };
        assert_eq!(variants("Acme  Holdings\nCorp."), ["Acme Holdings Corp", "Acme Holdings", "Acme Holdings", "Acme", "Acme"]);
        assert_eq!(variants("Morgan Stanley and Co"), ["Morgan Stanley and Co", "Morgan Stanley", "Morgan Stanley"]);
        assert_eq!(variants("Acme Inc., Widgets"), ["Acme Inc., Widgets"], "a final word that is no legal form ends them");
        assert_eq!(variants("Co"), ["Co"]);
        assert_eq!(variants(""), [""]);
        // The first answer is the one returned.
        assert_eq!(r.find_variant("Acme Co Inc", |v| v.ends_with("Co").then_some(v.len())), Some("Acme Co".len()));
    }

    /// Whole matches, left to right, each search resuming at the end of the last match.
    fn unanchored(re: &regex::Regex, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = re.find_at(text, pos) {
            out.push((m.start(), m.end()));
            pos = m.end().max(pos + 1);
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
            if pos >= text.len() {
                break;
            }
        }
        out
    }

    fn anchored(r: &Recognisers, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        // (Texts with a non-ASCII token check the full form, the others the ASCII one.)
        let form = Form::of(text, &[]);
        let windows = form_windows(text, &r.gate_hits(text, form).company);
        r.legal_form_matches(r.company.as_ref().expect("legal forms given"), form, text, &windows, |c| {
            let w = c.whole();
            out.push((w.start(), w.end()));
            w.end()
        });
        out
    }

    const TOKENS: &[&str] = &[
        "Acme",
        "Borg-Warner",
        "Corp.",
        "Corp",
        "Inc",
        "Co",
        "S.p.A.",
        "Holdings",
        "of",
        "America",
        "and",
        "&",
        "Alex.",
        "A.H.",
        "Ölwerke",
        "École",
        "the",
        "said",
        " ",
        " ",
        " ",
        "\n",
        "\n  ",
        ",",
        "(",
        ")",
        "_",
        "9",
        "x",
        "ß",
        "É",
        "’s",
        "-",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Trying each name start anchored finds the matches an unanchored leftmost search finds.
        #[test]
        fn anchored_name_starts_find_the_leftmost_matches(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..80)) {
            static BOTH: std::sync::LazyLock<(Recognisers, regex::Regex)> = std::sync::LazyLock::new(|| {
                let r = recognisers();
                let plain = regex::Regex::new(&r.company.as_ref().expect("legal forms given").source).expect("compiles");
                (r, plain)
            });
            // Joined by spaces half the time, so that long names of many words are common.
            let text: String = if tokens.len() % 2 == 0 { tokens.join(" ") } else { tokens.concat() };
            prop_assert_eq!(anchored(&BOTH.0, &text), unanchored(&BOTH.1, &text));
        }
    }

    fn people_and_hardware() -> Recognisers {
        let lex = |name: &str| -> Vec<String> {
            let words: &[&str] = match name {
                "ROLE" => &["chief executive", "CEO", "president", "vice president", "Chief Executive Officer and Chairman"],
                "ROLE_LINK" => &["of", "at"],
                "COPULA" => &["is", "was named"],
                "DETERMINER" => &["the", "a", "one of the"],
                "PRODUCT_NOUN" => &["library", "operating system", "open-source model", "SDK"],
                "COMPANY_NOUN" => &["startup", "chip maker"],
                _ => &[],
            };
            words.iter().map(|w| w.to_string()).collect()
        };
        let vendors: Vec<String> = ["NVIDIA", "Advanced Micro Devices", "Intel"].iter().map(|v| v.to_string()).collect();
        Recognisers::new(&lex, &vendors, HashSet::default())
    }

    const PEOPLE_TOKENS: &[&str] = &[
        "chief",
        "executive",
        "Chief",
        "Executive",
        "Officer",
        "and",
        "Chairman",
        "CEO",
        "ceo",
        "vice",
        "Vice-President",
        "president",
        "of",
        "at",
        "is",
        "was",
        "named",
        "the",
        "a",
        "one",
        "John",
        "Smith",
        "Mary-Jane",
        "O'Neil",
        "A.",
        "J.",
        "Acme",
        "NVIDIA",
        "Advanced",
        "Micro",
        "Devices",
        "Intel",
        "Xeon",
        "Gold",
        "H100",
        "X-9",
        "2024",
        "GB",
        ",",
        ",",
        ".",
        "(",
        "-",
        " ",
        " ",
        " ",
        "\n",
        "\t",
        "É",
        "ß",
        "’s",
        "_",
        "\u{a0}",
        "“",
        // Whole stretches, so that long matches are common.
        "John A. J. Smith,",
        "Mary-Jane Smith, one of the",
        "is one of the",
        "was named the",
        "Chief Executive Officer and Chairman of",
        "vice president at",
        "Advanced Micro Devices Xeon Gold",
        "Acme (a library)",
        "Acme Labs (the chip maker)",
        "(an open-source model)",
        "library",
        "Library",
        "libraries",
        "operating",
        "System",
        "sdk",
        "startup",
        "Startups",
        ")",
    ];

    /// `lead_starts` as first written: each gate match's window scanned on its own, then sorted.
    fn lead_starts_window_by_window(text: &str, gate_matches: &[(usize, usize)], lead: Lead) -> Vec<usize> {
        let mut out = Vec::new();
        for &(start, end) in gate_matches {
            match lead {
                Lead::Gated { words } => {
                    let lo = words_before(text, start, words);
                    if lo == 0 {
                        out.push(0);
                    }
                    out.extend(text[lo..end].char_indices().filter(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map(|(k, _)| lo + k));
                }
                Lead::NameFirst { words } => out.extend(name_starts(text, words_before(text, start, words)).take_while(|&b| b < end)),
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Merging the windows of nearby gate matches finds the places scanning each finds.
        #[test]
        fn merged_windows_give_the_starts_of_each_window(
            tokens in proptest::collection::vec(proptest::sample::select(PEOPLE_TOKENS), 0..30),
            seps in proptest::collection::vec(proptest::sample::select(&[" ", "  ", "\n", ", ", "-", ". "][..]), 30),
            spans in proptest::collection::vec((0usize..400, 0usize..40), 0..8),
            words in 0usize..4,
            gated in any::<bool>(),
        ) {
            let text: String = tokens.iter().zip(&seps).flat_map(|(t, s)| [*t, *s]).collect();
            let boundary = |mut i: usize| {
                i = i.min(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let gate: Vec<(usize, usize)> = spans.iter().map(|&(s, len)| (boundary(s), boundary(s + len).max(boundary(s)))).collect();
            let lead = if gated { Lead::Gated { words } } else { Lead::NameFirst { words } };
            prop_assert_eq!(lead_starts(&text, &gate, lead), lead_starts_window_by_window(&text, &gate, lead));
        }
    }

    /// Whole matches of an unanchored search with `re`, each resuming at the last character of the
    /// last match (which may also begin the next).
    fn plain_matches(re: &regex::Regex, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = re.find_at(text, pos) {
            out.push((m.start(), m.end()));
            pos = match m.as_str().char_indices().next_back() {
                Some((k, _)) if k > 0 => m.start() + k,
                _ => m.end(),
            };
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Trying the person and hardware regexes anchored where their leads may start finds what
        /// an unanchored search finds.
        #[test]
        fn anchored_people_and_hardware_find_the_leftmost_matches(tokens in proptest::collection::vec(proptest::sample::select(PEOPLE_TOKENS), 0..60)) {
            static R: std::sync::LazyLock<Recognisers> = std::sync::LazyLock::new(people_and_hardware);
            // The same regexes for the `regex` crate: the person ones, then the hardware one.
            static PLAIN: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
                R.person.iter().map(|(re, _)| &re.source).chain(R.hardware.iter().map(|(re, _)| &re.source)).map(|s| regex::Regex::new(s).expect("compiles")).collect()
            });
            let text: String = if tokens.len() % 3 == 0 { tokens.concat() } else { tokens.join(" ") };
            let form = Form::of(&text, &[]);
            let GateHits { person: person_gate, hardware: hardware_gate, defined, .. } = R.gate_hits(&text, form);
            let phrase_gates = defined.is_some();
            for ((re, lead), plain) in R.person.iter().zip(PLAIN.iter()) {
                let found: Vec<(usize, usize)> = anchored_matches(re.get(form).expect("compiles"), &text, &R.starts(&text, &person_gate, *lead, phrase_gates), Resume::AtLastCharacter)
                    .iter()
                    .map(|g| (g.whole().start(), g.whole().end()))
                    .collect();
                prop_assert_eq!(found, plain_matches(plain, &text), "{}", re.source);
            }
            let (re, lead) = R.hardware.as_ref().expect("vendors given");
            let found: Vec<(usize, usize)> = anchored_matches(re.get(form).expect("compiles"), &text, &R.starts(&text, &hardware_gate, *lead, phrase_gates), Resume::AtLastCharacter)
                .iter()
                .map(|g| (g.whole().start(), g.whole().end()))
                .collect();
            prop_assert_eq!(found, plain_matches(&PLAIN[R.person.len()], &text));
        }
    }

    /// Pieces of text for the names defined by their kind: names, kind nouns (and the same letters
    /// in other words), determiners, parentheses and the gaps around them.
    const DEFINED_TOKENS: &[&str] = &[
        "DeepSeed",
        "Deep",
        "Seed",
        "Foo-Bar",
        "X",
        "Élan",
        "élan",
        "library",
        "Library",
        "libraryx",
        "operating",
        "system",
        "SDK",
        "sdk",
        "startup",
        "chip",
        "maker",
        "the",
        "a",
        "one",
        "of",
        "open-source",
        "model",
        "deep",
        "learning",
        "(",
        ")",
        " (",
        "( ",
        " ",
        "  ",
        "\t",
        "\n",
        "-",
        ",",
        ".",
        "_",
        "9",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Trying the recognisers of names defined by their kind anchored where a name may start
        /// before a '(' finds what an unanchored search from each match's end finds.
        #[test]
        fn defined_names_found_before_parentheses_are_the_leftmost_matches(
            tokens in proptest::collection::vec(proptest::sample::select(DEFINED_TOKENS), 0..40),
            joined in proptest::bool::ANY,
        ) {
            static R: std::sync::LazyLock<Recognisers> = std::sync::LazyLock::new(people_and_hardware);
            let text: String = if joined { tokens.concat() } else { tokens.join(" ") };
            let form = Form::of(&text, &[]);
            for (re, _) in &R.defined {
                let re = re.get(form).expect("compiles");
                let found: Vec<(usize, usize)> = defined_matches(re, &text).iter().map(|g| (g.whole().start(), g.whole().end())).collect();
                let plain: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                prop_assert_eq!(found, plain);
            }
        }
    }

    /// Pieces of text for the gates: their phrases and first words in several cases, the same
    /// letters inside words, and the gaps a phrase's words may have between them.
    const GATE_TOKENS: &[&str] = &[
        "chief",
        "CHIEF",
        "cHiEf",
        "executive",
        "Executive",
        "officer",
        "Officer",
        "and",
        "Chairman",
        "CEO",
        "ceo",
        "Ceo",
        "vice",
        "VICE",
        "Vice-President",
        "president",
        "presidents",
        "mischief",
        "NVIDIA",
        "Nvidia",
        "Advanced",
        "Micro",
        "Devices",
        "Intel",
        "Intelligence",
        "Inc",
        "INC",
        "Incorporated",
        "Corp",
        "Corp.",
        "Co",
        "co",
        "Costa",
        "S.p.A.",
        "Holdings",
        "holdings",
        "library",
        "LIBRARY",
        "libraryx",
        "operating",
        "system",
        "open-source",
        "open",
        "source",
        "model",
        "SDK",
        "Sdks",
        "chip",
        "Maker",
        "startup",
        " ",
        "  ",
        "-",
        "--",
        "\n",
        " \r\n",
        "\t",
        ",",
        ".",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// On ASCII text, each occurrence of a gate's phrase where a recogniser can hold it (at the
        /// start or after a character no word holds, and before the end or a character that is no
        /// ASCII letter or digit) is one the phrase gates find: at the same start, ending there or
        /// later (they keep the longest occurrence at a start). None is found inside a word.
        #[test]
        fn phrase_gates_find_the_phrases_that_are_whole_words(tokens in proptest::collection::vec(proptest::sample::select(GATE_TOKENS), 0..40)) {
            static R: std::sync::LazyLock<[Recognisers; 2]> = std::sync::LazyLock::new(|| [recognisers(), people_and_hardware()]);
            let text: String = if tokens.len() % 2 == 0 { tokens.concat() } else { tokens.join(" ") };
            let bytes = text.as_bytes();
            let word_start = |at: usize| at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            let word_end = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
            // Where an alternation matches exactly a stretch that starts and ends a word.
            let whole_occurrences = |alternation: &str| -> Vec<(usize, usize)> {
                let whole = regex::Regex::new(&format!("^(?:{alternation})$")).expect("the gate compiles");
                (0..text.len())
                    .filter(|&at| word_start(at))
                    .flat_map(|at| (at + 1..=text.len()).map(move |end| (at, end)))
                    .filter(|&(at, end)| text.is_char_boundary(end) && word_end(end) && whole.is_match(&text[at..end]))
                    .collect()
            };
            for r in R.iter() {
                let hits = r.phrase_gates.as_ref().expect("the phrases fit").find(&text);
                for (gate, found) in [(&r.gates.hardware, &hits.hardware), (&r.gates.person, &hits.person), (&r.gates.company, &hits.company)] {
                    prop_assert!(found.iter().all(|&(s, e)| word_start(s) && word_end(e)), "{:?}: {:?} inside a word", text, found);
                    let Some(gate) = gate.as_ref() else {
                        prop_assert!(found.is_empty());
                        continue;
                    };
                    // The gate's phrases, each occurrence whole: the alternation matching exactly.
                    for (at, end) in whole_occurrences(&gate.source) {
                        prop_assert!(
                            found.iter().any(|&(s, e)| s == at && e >= end),
                            "{:?} of {:?} not among {:?}", &text[at..end], text, found
                        );
                    }
                }
                // A kind-noun gate is open when one of its nouns occurs whole, and only then.
                let defined = hits.defined.as_ref().expect("the phrase gates report the kind-noun gates");
                prop_assert_eq!(defined.len(), r.gates.defined.len());
                for (gate, &open) in r.gates.defined.iter().zip(defined) {
                    prop_assert_eq!(open, !whole_occurrences(&gate.source).is_empty(), "{:?}", text);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// On ASCII text the recognisers find the same with the ASCII forms of their regexes as
        /// with the full ones.
        #[test]
        fn ascii_forms_find_what_the_full_forms_find(
            tokens in proptest::collection::vec(proptest::sample::select(TOKENS.iter().chain(PEOPLE_TOKENS).copied().filter(|t| t.is_ascii()).collect::<Vec<_>>()), 0..60)
        ) {
            static R: std::sync::LazyLock<[Recognisers; 2]> = std::sync::LazyLock::new(|| [recognisers(), people_and_hardware()]);
            let text: String = if tokens.len() % 3 == 0 { tokens.concat() } else { tokens.join(" ") };
            for r in R.iter() {
                prop_assert_eq!(r.find_in_form(&text, Form::Ascii), r.find_in_form(&text, Form::Full));
            }
        }

        /// On text of ASCII, Latin-1 letters, curly quotes and dashes the recognisers find the same
        /// with the Latin forms of their regexes as with the full ones.
        #[test]
        fn latin_forms_find_what_the_full_forms_find(
            tokens in proptest::collection::vec(proptest::sample::select(TOKENS.iter().chain(PEOPLE_TOKENS).chain(LATIN_TOKENS).copied().collect::<Vec<_>>()), 0..60)
        ) {
            static R: std::sync::LazyLock<[Recognisers; 2]> = std::sync::LazyLock::new(|| [recognisers(), people_and_hardware()]);
            let text: String = if tokens.len() % 3 == 0 { tokens.concat() } else { tokens.join(" ") };
            prop_assert!(Form::of(&text, &[]) != Form::Full, "{:?}", text);
            for r in R.iter() {
                prop_assert_eq!(r.find_in_form(&text, Form::Latin), r.find_in_form(&text, Form::Full));
            }
        }
    }

    /// Tokens of Western European news beyond ASCII.
    const LATIN_TOKENS: &[&str] = &["Nestlé", "Société", "Générale", "Müller", "“", "”", "—", "€", "\u{a0}", "™", "Ça", "Åke"];

    /// Characters beyond ASCII around the gates' phrases: quotes and spaces before and after,
    /// letters and marks joined to them, and the two characters that fold to ASCII letters.
    const BEYOND_ASCII_TOKENS: &[&str] = &[
        "“",
        "”",
        "\u{a0}",
        "\u{2009}",
        "é",
        "ो",
        "\u{301}",
        "ſ",
        "\u{212A}",
        "٣",
        "—",
        "(",
        "_",
        "Ünited",
        "CEO\u{a0}of",
        "chief\u{a0}executive",
        "preſident",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// On text beyond ASCII the recognisers find the same whether the phrase gates or the
        /// gates' regexes open them.
        #[test]
        fn phrase_gates_beyond_ascii_find_what_the_regex_gates_find(
            tokens in proptest::collection::vec(
                proptest::sample::select(GATE_TOKENS.iter().chain(PEOPLE_TOKENS).chain(TOKENS).chain(LATIN_TOKENS).chain(BEYOND_ASCII_TOKENS).copied().collect::<Vec<_>>()),
                0..50,
            ),
            joined in proptest::bool::ANY,
        ) {
            static R: std::sync::LazyLock<[(Recognisers, Recognisers); 2]> = std::sync::LazyLock::new(|| {
                [recognisers(), people_and_hardware()].map(|r| {
                    let mut regex_gates = r.clone();
                    regex_gates.phrase_gates = None;
                    (r, regex_gates)
                })
            });
            let text: String = if joined { tokens.concat() } else { tokens.join(" ") };
            for (phrased, regex_gates) in R.iter() {
                prop_assert_eq!(phrased.find(&text), regex_gates.find(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn a_defined_name_resumes_after_the_last_match_as_the_unanchored_search_does() {
        // The first match ends with the space before "Foo": an unanchored search resumes after
        // it, where "Foo" has no character before it in the match and cannot start one.
        let r = people_and_hardware();
        let text = "DeepSeed (a library Foo (a library))";
        for (re, _) in &r.defined {
            let re = re.get(Form::of(text, &[])).expect("compiles");
            let found: Vec<(usize, usize)> = defined_matches(re, text).iter().map(|g| (g.whole().start(), g.whole().end())).collect();
            let plain: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(found, plain);
        }
    }

    #[test]
    fn phrases_right_after_a_character_beyond_ascii_open_their_gates() {
        // A curly quote is three bytes: the match starts a character, not a byte, before the
        // vendor or role.
        let r = people_and_hardware();
        assert!(r.phrase_gates.as_ref().is_some_and(|p| p.serve("“NVIDIA H100”")));
        let text = "“NVIDIA H100” and «chief executive Jane Smith»";
        let mut names: Vec<(String, &str)> = r.find(text).into_iter().map(|m| (m.name, m.recogniser)).collect();
        names.sort();
        assert_eq!(
            names,
            [("Jane Smith".to_string(), "pattern.person.role"), ("NVIDIA H100".to_string(), "pattern.hardware.vendor_model")]
        );
    }

    #[test]
    fn people_are_found_before_and_after_their_roles() {
        let r = people_and_hardware();
        let text = "Mary-Jane Smith, the CEO of Acme, met chief executive John A. Smith and NVIDIA H100 buyers.\nJohn Doyle is one of the vice president of Acme. NVIDIA X9 NVIDIA Z7\u{a0}NVIDIA Q5";
        let mut names: Vec<(String, &str)> = r.find(text).into_iter().map(|m| (m.name, m.recogniser)).collect();
        names.sort();
        assert_eq!(
            names,
            [
                ("John A. Smith".to_string(), "pattern.person.role"),
                ("John Doyle".to_string(), "pattern.person.role"),
                ("Mary-Jane Smith".to_string(), "pattern.person.role"),
                ("NVIDIA H100".to_string(), "pattern.hardware.vendor_model"),
                // The space after the first is also the one before the second.
                ("NVIDIA Q5".to_string(), "pattern.hardware.vendor_model"),
                ("NVIDIA X9".to_string(), "pattern.hardware.vendor_model"),
                ("NVIDIA Z7".to_string(), "pattern.hardware.vendor_model"),
            ]
        );
    }

    #[test]
    fn a_name_of_thirteen_words_before_its_form_is_found_whole() {
        let r = recognisers();
        // Initials, a first word, five more with a connector, and "and" before the form.
        let text = "Shares of (A.H. Acme and Borg-Warner of America and Acme of École and Beta and Corp.) rose.";
        let found: Vec<&str> = anchored(&r, text).into_iter().map(|(s, e)| text[s..e].trim_matches(['(', ')'])).collect();
        assert_eq!(found, ["A.H. Acme and Borg-Warner of America and Acme of École and Beta and Corp."]);
    }

    #[test]
    fn legal_form_names_are_found_at_the_start_after_punctuation_and_after_non_ascii() {
        let r = recognisers();
        let names: Vec<String> = r.find("Acme Corp. and (Borg-Warner Inc) bought École Holdings").into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["Acme", "Borg-Warner", "École"]);
    }
}
