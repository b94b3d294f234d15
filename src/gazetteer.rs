//! Compiling dictionary entries into Aho-Corasick automata over the normalised view, and
//! finding candidate mentions with word boundaries and case policies checked.

use crate::dictionary::{Attributes, CasePolicy, EntryDef, Origin};
use crate::error::{Diagnostic, Error};
use crate::model::EntityType;
use crate::normalize::{NormalizedText, is_unspaced_script, is_word_char};
use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};
use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::OnceLock;

/// A compiled dictionary entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Canonical id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Type.
    pub entity_type: EntityType,
    /// Finer kind.
    pub kind: Option<String>,
    /// Priority on ties.
    pub priority: i32,
    /// Attributes.
    pub attributes: Attributes,
    /// All forms as written (name first).
    pub forms: Vec<String>,
    /// Cue words, normalised.
    pub(crate) cues: Vec<String>,
    /// The maker entry, when `maker=` names a loaded entry.
    pub(crate) maker: Option<u32>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One surface form in the automaton.
#[derive(Debug, Clone)]
struct Form {
    entry: u32,
    /// Index of the form in the entry's `forms` (for the case check).
    form: u32,
    case: CasePolicy,
    needs_cue: bool,
    plural: bool,
}

/// A candidate mention found by the automaton, before cues and overlaps are settled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    /// Entries this span may name (one, unless a form is shared), best first.
    pub entries: Vec<u32>,
    /// Entries among `entries` that need a context cue for this form.
    pub cue_bound: Vec<bool>,
}

/// The compiled gazetteer: entries, forms and the automaton.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    forms: Vec<Form>,
    /// The forms of pattern `p` (same normalised text), in load order:
    /// `pattern_forms[pattern_form_start[p]..pattern_form_start[p + 1]]`.
    pattern_form_start: Vec<u32>,
    pattern_forms: Vec<u32>,
    patterns: Vec<String>,
    pattern_of: HashMap<String, u32>,
    /// Walked anchored from each place a name may start (see `candidates`), never unanchored.
    automata: Automata,
    pub(crate) by_id: HashMap<String, u32>,
    /// The stop list, folded.
    pub(crate) stop: HashSet<String>,
    /// Non-fatal problems (colliding forms), each naming both places.
    pub warnings: Vec<Diagnostic>,
}

/// The number of forms of `defs`: a capacity for the tables keyed by form.
fn defs_forms_hint(defs: &[EntryDef]) -> usize {
    defs.iter().map(|d| d.forms.len()).sum()
}

fn diag_at(origin: &Origin, message: String) -> Diagnostic {
    Diagnostic::new(&origin.file, origin.line, 1, message)
}

impl Gazetteer {
    /// Compiles entries. Duplicate ids merge (types must agree); stop-listed forms are dropped unless
    /// cue-bound with cues.
    pub fn build(defs: Vec<EntryDef>, stoplist: &[String]) -> Result<Self, Error> {
        let stop: HashSet<String> = stoplist.iter().map(|s| NormalizedText::fold_form(s)).collect();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut merged: Vec<EntryDef> = Vec::with_capacity(defs.len());
        // id -> entry index (entries are in the order of `merged`).
        let mut by_id: HashMap<String, u32> = HashMap::with_capacity(defs.len());
        for def in defs {
            match by_id.get(&def.id) {
                Some(&k) => {
                    let first = &mut merged[k as usize];
                    if first.entity_type != def.entity_type {
                        errors.push(diag_at(
                            &def.origin,
                            format!("id {:?} is a {} here but a {} at {}", def.id, def.entity_type, first.entity_type, first.origin),
                        ));
                        continue;
                    }
                    for f in def.forms {
                        if !first.forms.iter().any(|g| g.text == f.text) {
                            first.forms.push(f);
                        }
                    }
                    for c in def.cues {
                        if !first.cues.contains(&c) {
                            first.cues.push(c);
                        }
                    }
                    first.attributes.extend(def.attributes);
                    first.kind = first.kind.take().or(def.kind);
                }
                None => {
                    by_id.insert(def.id.clone(), merged.len() as u32);
                    merged.push(def);
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Load(errors));
        }
        let mut entries = Vec::with_capacity(merged.len());
        let mut forms = Vec::new();
        let mut pattern_of: HashMap<String, u32> = HashMap::with_capacity(defs_forms_hint(&merged));
        let mut patterns: Vec<String> = Vec::new();
        let mut form_pattern: Vec<u32> = Vec::with_capacity(defs_forms_hint(&merged)); // form -> pattern
        let mut first_origin: Vec<u32> = Vec::with_capacity(defs_forms_hint(&merged)); // pattern -> entry that introduced it
        for (i, def) in merged.into_iter().enumerate() {
            let cues: Vec<String> = def.cues.iter().map(|c| NormalizedText::fold_form(c)).filter(|c| !c.is_empty()).collect();
            for (fi, f) in def.forms.iter().enumerate() {
                let folded = NormalizedText::fold_form(&f.text);
                if folded.is_empty() || !folded.chars().any(|c| c.is_alphanumeric()) {
                    continue;
                }
                let mut needs_cue = f.needs_cue;
                if stop.contains(&folded) {
                    if cues.is_empty() {
                        continue;
                    }
                    needs_cue = true;
                }
                let plural = def.plural.unwrap_or_else(|| {
                    def.entity_type == EntityType::Hardware && f.text.chars().last().is_some_and(|c| c.is_ascii_digit() || c.is_uppercase())
                });
                let p = match pattern_of.get(&folded) {
                    Some(&p) => {
                        let other = first_origin[p as usize];
                        if other != i as u32 {
                            let o = entries_origin(&entries, other as usize);
                            warnings.push(diag_at(
                                &def.origin,
                                format!("form {:?} of {:?} is also a form of an entry at {}", f.text, def.id, o),
                            ));
                        }
                        p
                    }
                    None => {
                        let p = patterns.len() as u32;
                        patterns.push(folded.clone());
                        pattern_of.insert(folded, p);
                        first_origin.push(i as u32);
                        p
                    }
                };
                form_pattern.push(p);
                forms.push(Form { entry: i as u32, form: fi as u32, case: f.case, needs_cue, plural });
            }
            let maker = def.attributes.get("maker").and_then(|m| by_id.get(m).copied());
            entries.push(Entry {
                id: def.id,
                name: def.name,
                entity_type: def.entity_type,
                kind: def.kind,
                priority: def.priority,
                attributes: def.attributes,
                forms: def.forms.into_iter().map(|f| f.text).collect(),
                cues,
                maker,
                origin: def.origin,
            });
        }
        // Forms grouped by pattern (a counting sort, stable: load order within a pattern).
        let mut pattern_form_start = vec![0u32; patterns.len() + 1];
        for &p in &form_pattern {
            pattern_form_start[p as usize + 1] += 1;
        }
        for p in 0..patterns.len() {
            pattern_form_start[p + 1] += pattern_form_start[p];
        }
        let mut next = pattern_form_start.clone();
        let mut pattern_forms = vec![0u32; form_pattern.len()];
        for (form, &p) in form_pattern.iter().enumerate() {
            pattern_forms[next[p as usize] as usize] = form as u32;
            next[p as usize] += 1;
        }
        // Patterns whose every form needs a capital first letter in the text (see `key_needs_capital`).
        let needs_capital: Vec<bool> = (0..patterns.len())
            .map(|p| {
                pattern_forms[pattern_form_start[p] as usize..pattern_form_start[p + 1] as usize].iter().all(|&fi| {
                    let form = &forms[fi as usize];
                    form.case != CasePolicy::Fold
                        && entries[form.entry as usize].forms[form.form as usize].chars().next().is_some_and(char::is_uppercase)
                })
            })
            .collect();
        let automata = Automata::build(&patterns, &needs_capital, patterns.len() >= SORTED_BUILD_MIN_PATTERNS)?;
        Ok(Gazetteer { entries, forms, pattern_form_start, pattern_forms, patterns, pattern_of, automata, by_id, stop, warnings })
    }

    /// The forms of a pattern, in load order.
    fn forms_of(&self, pattern: usize) -> &[u32] {
        &self.pattern_forms[self.pattern_form_start[pattern] as usize..self.pattern_form_start[pattern + 1] as usize]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    /// Entries that have this normalised form, not counting forms that need a context cue.
    pub(crate) fn entries_with_folded(&self, folded: &str) -> impl Iterator<Item = u32> + '_ {
        self.pattern_of
            .get(folded)
            .into_iter()
            .flat_map(move |&p| self.forms_of(p as usize).iter().map(move |&f| &self.forms[f as usize]))
            .filter(|f| !f.needs_cue)
            .map(|f| f.entry)
    }

    /// Every normalised surface form the automaton matches, in load order.
    pub fn surface_forms(&self) -> &[String] {
        &self.patterns
    }

    /// Finds candidates in `view` (the normalised `original`), with boundaries and case checked.
    pub(crate) fn candidates(&self, original: &str, view: &NormalizedText) -> Vec<Candidate> {
        let hay = view.as_str();
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        // (Asked at ascending offsets: the walk goes left to right.)
        let mut to_original = view.to_original_ascending();
        let lowercase_at = |ns: usize| {
            let rest = &original[to_original(ns)..];
            match rest.as_bytes().first() {
                Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
                _ => rest.chars().next().is_some_and(char::is_lowercase),
            }
        };
        self.automata.walk_from_name_starts(&self.patterns, hay, lowercase_at, |ns, ne, pattern| raw.push((ne, ns, pattern)));
        // In the order of an overlapping search: by end, the longest first.
        raw.sort_unstable();
        let mut out: Vec<Candidate> = Vec::new();
        for (ne, ns, pattern) in raw {
            let last = hay[..ne].chars().next_back();
            let after = hay[ne..].chars().next();
            let end_ok = |after: Option<char>| match (last, after) {
                (Some(l), Some(a)) => !(is_word_char(l) && is_word_char(a)) || is_unspaced_script(l) || is_unspaced_script(a),
                _ => true,
            };
            // An elided article or preposition ("Dell'azienda", "l'Intel") is not the end of a
            // name, but a possessive ("Dell's", "Dells'") is.
            let elision = after == Some('\'') && {
                let mut rest = hay[ne + 1..].chars();
                match (rest.next(), rest.next()) {
                    (Some('s'), next) => next.is_some_and(is_word_char),
                    (Some(c), _) => is_word_char(c),
                    _ => false,
                }
            };
            let plain_end = end_ok(after) && !elision;
            let plural_end = after == Some('s') && end_ok(hay[ne + 1..].chars().next());
            if !plain_end && !plural_end {
                continue;
            }
            let start = view.to_original(ns);
            let base_end = view.to_original(ne);
            let Some(slice) = original.get(start..base_end) else { continue };
            let mut cand: Option<Candidate> = None;
            for &fi in self.forms_of(pattern) {
                let form = &self.forms[fi as usize];
                if !plain_end && !form.plural {
                    continue;
                }
                let form_text = &self.entries[form.entry as usize].forms[form.form as usize];
                if !case_matches(slice, form_text, form.case) {
                    continue;
                }
                let end = if plain_end { base_end } else { view.to_original(ne + 1) };
                let c = cand.get_or_insert_with(|| Candidate { start, end, entries: Vec::new(), cue_bound: Vec::new() });
                if c.end != end {
                    continue;
                }
                match c.entries.iter().position(|&e| e == form.entry) {
                    Some(k) => c.cue_bound[k] &= form.needs_cue,
                    None => {
                        c.entries.push(form.entry);
                        c.cue_bound.push(form.needs_cue);
                    }
                }
            }
            if let Some(c) = cand {
                out.push(c);
            }
        }
        out
    }
}

/// The gazetteer's automata: per first two bytes of its patterns (or the one byte of a one-byte
/// pattern), one of the patterns that need a capital and one of the others (see
/// [`key_needs_capital`]).
///
/// Every walk is anchored at a name start, so only the patterns beginning with the bytes there
/// can match. Splitting the patterns by those bytes gives small automata whose failure links and
/// copied suffix matches stay within a shard (the 30k default forms built in ~38 ms split by one
/// byte instead of ~66 in one automaton); a walk where no pattern starts costs table lookups; and
/// a short document compiles only the few shards it walks (see [`LAZY_BUILD_MAX_PATTERNS`]):
/// split by one byte, the letters of a sentence reached half of all the patterns.
#[derive(Debug, Clone)]
struct Automata {
    /// Shard key ([`shard_key`]) -> index into `shards` plus one (0: no such pattern).
    shard_of: Box<[u32]>,
    shards: Vec<Shard>,
    /// The gate of each shard (same index).
    gates: Vec<ShardGate>,
    /// Whether a pattern is one byte long (has a shard under a one-byte key).
    one_byte_patterns: bool,
    /// Bit `first * 256 + second`: whether a pattern starts with those two bytes (either half of
    /// the pair's keys) or is the one byte `first`. 8 KB that stay in the cache, asked before `shard_of` (512 KB): most of
    /// the places a walk could start (spaces, punctuation, most word starts) have no shard.
    pair_starts: Box<[u64]>,
}

/// A shard key (see [`shard_key`]) and the patterns (indexes) of the shard.
type ShardPatterns = (u32, Vec<u32>);

/// A shard key, the shard and its gate, as built.
type BuiltShard = (u32, Shard, ShardGate);

/// Two shards per pair of first bytes, then two per one-byte pattern: the patterns every form of
/// which needs a capital, and the others. The one-byte keys come last, together: every walk looks
/// there, and they stay in the cache.
const SHARD_KEYS: usize = PAIR_KEYS + 256 * 2;
const PAIR_KEYS: usize = 256 * 256 * 2;

fn shard_key(first_byte: u8, second_byte: Option<u8>, needs_capital: bool) -> usize {
    let cap = usize::from(needs_capital);
    match second_byte {
        Some(second) => (first_byte as usize * 256 + second as usize) * 2 + cap,
        None => PAIR_KEYS + first_byte as usize * 2 + cap,
    }
}

/// The shard key of a pattern (not empty).
fn pattern_key(pattern: &[u8], needs_capital: bool) -> usize {
    shard_key(pattern[0], pattern.get(1).copied(), needs_capital)
}

/// The `needs_capital` half of a shard key: whether every form of every pattern of the shard
/// starts with a capital and has a case policy (`cap` or `exact`). None of them then matches text
/// that starts with a lower-case letter, and a walk there is skipped (most words of running text;
/// the case check would reject every match).
fn key_needs_capital(key: usize) -> bool {
    key % 2 == 1
}

/// The bytes of a shard key: the first two bytes of its patterns, or the one byte of a one-byte
/// pattern.
fn key_len(key: usize) -> usize {
    if key < PAIR_KEYS { 2 } else { 1 }
}

/// The automaton of the patterns that start with the same two bytes (or are the same one byte)
/// and agree on `needs_capital`.
#[derive(Debug, Clone)]
struct Shard {
    /// Contiguous: the fastest NFA to walk and far smaller than a DFA of this many patterns. No
    /// prefilter: searches are anchored, where none applies. Built when the shard is first walked
    /// unless the dictionary is large (see [`Automata::build`]); `None` only if its build failed,
    /// which the size limit of lazy builds rules out.
    nfa: OnceLock<Option<Compiled>>,
    /// Automaton pattern id -> index into the gazetteer's patterns.
    pattern: Vec<u32>,
    /// Byte length of each automaton pattern: an anchored walk also passes through the matches of
    /// a pattern's suffixes (the automaton copies them along failure links); those are skipped.
    len: Vec<u32>,
}

/// What a walk asks of a shard before it reads the shard itself: most walks end there, and the
/// gates of all shards (40 bytes each) stay in the cache where the shards and their automata
/// (hundreds of bytes each, the automaton's states elsewhere on the heap) do not. Known from the
/// patterns alone, before the automaton is compiled.
#[derive(Debug, Clone)]
struct ShardGate {
    /// Bit `b`: whether a pattern goes on with byte `b` after the key (the automaton's
    /// transitions out of the state after the key).
    continues: [u64; 4],
    /// Whether a pattern is the key itself (the state after the key is a match).
    key_is_pattern: bool,
}

impl ShardGate {
    /// The gate of a shard of `patterns` (`order`: their indexes), under a key of `key_len` bytes.
    fn new<P: AsRef<str>>(patterns: &[P], order: &[u32], key_len: usize) -> ShardGate {
        let mut gate = ShardGate { continues: [0; 4], key_is_pattern: false };
        for &p in order {
            match patterns[p as usize].as_ref().as_bytes().get(key_len) {
                Some(&b) => gate.continues[usize::from(b / 64)] |= 1 << (b % 64),
                None => gate.key_is_pattern = true,
            }
        }
        gate
    }

    fn continues_with(&self, byte: u8) -> bool {
        self.continues[usize::from(byte / 64)] & 1 << (byte % 64) != 0
    }
}

/// A shard's compiled automaton.
#[derive(Debug, Clone)]
struct Compiled {
    nfa: contiguous::NFA,
    /// The state after the shard key's bytes (the first [`key_len`] bytes of every pattern), where
    /// a walk starts: a walk only begins where those bytes are, so stepping through them again
    /// would be half of the steps of a typical walk (most end at the third byte).
    after_key: StateID,
}

impl Shard {
    /// The shard of `order` (indexes into `patterns`), to be inserted in sorted order when
    /// `sorted`. Its automaton is not built yet.
    fn new<P: AsRef<str>>(patterns: &[P], mut order: Vec<u32>, sorted: bool) -> Shard {
        if sorted {
            // By the first eight bytes only: neighbours in the trie come together, and the sort
            // compares integers, not strings scattered over the heap.
            let prefix = |p: &str| {
                let mut key = [0u8; 8];
                let n = p.len().min(8);
                key[..n].copy_from_slice(&p.as_bytes()[..n]);
                u64::from_be_bytes(key)
            };
            let mut keyed: Vec<(u64, u32)> = order.iter().map(|&p| (prefix(patterns[p as usize].as_ref()), p)).collect();
            keyed.sort_unstable();
            order = keyed.into_iter().map(|(_, p)| p).collect();
        }
        let len = order.iter().map(|&p| patterns[p as usize].as_ref().len() as u32).collect();
        Shard { nfa: OnceLock::new(), pattern: order, len }
    }

    /// Compiles the shard's automaton.
    fn compile<P: AsRef<str>>(&self, patterns: &[P]) -> Result<Compiled, Error> {
        let nfa = contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(self.pattern.iter().map(|&p| patterns[p as usize].as_ref()))
            .map_err(|e| Error::Build(format!("gazetteer automaton: {e}")))?;
        // Every pattern here starts with the key's one or two bytes: walk them once.
        let first = self.pattern.first().map_or(&[][..], |&p| patterns[p as usize].as_ref().as_bytes());
        let key = &first[..first.len().min(2)];
        let mut after_key = nfa.start_state(Anchored::Yes).map_err(|e| Error::Build(format!("gazetteer automaton: {e}")))?;
        for &byte in key {
            after_key = nfa.next_state(Anchored::Yes, after_key, byte);
        }
        Ok(Compiled { nfa, after_key })
    }

    /// The shard's automaton, compiled now if it is the first walk here.
    fn automaton<P: AsRef<str>>(&self, patterns: &[P]) -> Option<&Compiled> {
        self.nfa.get_or_init(|| self.compile(patterns).ok()).as_ref()
    }
}

/// From this many patterns on, the shards are built on all cores (scoped threads, each taking
/// whole shards): a million-entry dictionary then builds in a fraction of the time, and the 30k
/// forms of the default dictionaries in ~20 instead of ~38 ms of wall-clock start-up. Below it, a
/// build takes a few milliseconds and stays on the caller's thread.
const PARALLEL_BUILD_MIN_PATTERNS: usize = 4_096;

/// From this many patterns on, each automaton is built from its patterns in sorted order: the trie
/// then no longer fits in the CPU caches, and inserting neighbours one after the other keeps the
/// states being extended hot (1M synthetic names: 6.3 s unsorted, 2.3 s sorted; for the 30k forms
/// of the default dictionaries sorting gains nothing and costs 5 ms).
const SORTED_BUILD_MIN_PATTERNS: usize = 65_536;

/// Below this many patterns (and [`LAZY_BUILD_MAX_BYTES`]), each shard's automaton is compiled on
/// its first walk instead of when the gazetteer is built. A short document walks a few dozen of
/// the ~200 shards of the default dictionaries, so the start-up no longer pays for all of them
/// (~200M instructions, a quarter of a one-document run); a long run compiles each shard it needs
/// once, as before. A large dictionary is compiled at once on all cores, where a build error can
/// still be reported, and where compiling shards one by one during a scan would cost seconds.
const LAZY_BUILD_MAX_PATTERNS: usize = SORTED_BUILD_MIN_PATTERNS;

/// Below this many bytes of patterns a shard's automaton cannot fail to compile (its state and
/// pattern ids stay far below the limits of `aho-corasick`), so compiling it late loses no error.
const LAZY_BUILD_MAX_BYTES: usize = 8 << 20;

impl Automata {
    /// The automata of `patterns` (none empty), each shard's inserted in sorted order when
    /// `sorted`. Which pattern gets which automaton id does not change a result: a walk reports
    /// each (start, end) once, and patterns are distinct.
    /// `needs_capital[p]`: whether every form of pattern `p` needs a capital first letter.
    ///
    /// A dictionary of the size of the default ones gets its shards compiled on first walk (see
    /// [`LAZY_BUILD_MAX_PATTERNS`]); a larger one is compiled here, on all cores.
    fn build<P: AsRef<str> + Sync>(patterns: &[P], needs_capital: &[bool], sorted: bool) -> Result<Automata, Error> {
        let bytes: usize = patterns.iter().map(|p| p.as_ref().len()).sum();
        if patterns.len() < LAZY_BUILD_MAX_PATTERNS && bytes < LAZY_BUILD_MAX_BYTES {
            return Ok(Automata::lazy(patterns, needs_capital, sorted));
        }
        let threads =
            if patterns.len() >= PARALLEL_BUILD_MIN_PATTERNS { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { 1 };
        Automata::build_on(patterns, needs_capital, sorted, threads)
    }

    /// The patterns of each shard key, keys in increasing order.
    fn groups<P: AsRef<str>>(patterns: &[P], needs_capital: &[bool]) -> Vec<ShardPatterns> {
        // Sorted by key, then by pattern: each shard's patterns stay in load order. (Each pair
        // packed in one integer, key high: the sort compares words, not tuples.)
        let mut keyed: Vec<u64> = patterns
            .iter()
            .enumerate()
            .filter(|(_, text)| !text.as_ref().is_empty())
            .map(|(p, text)| (pattern_key(text.as_ref().as_bytes(), needs_capital[p]) as u64) << 32 | p as u64)
            .collect();
        keyed.sort_unstable();
        let mut groups: Vec<ShardPatterns> = Vec::new();
        for (key, p) in keyed.into_iter().map(|k| ((k >> 32) as u32, k as u32)) {
            match groups.last_mut() {
                Some((k, group)) if *k == key => group.push(p),
                _ => groups.push((key, vec![p])),
            }
        }
        groups
    }

    /// The shards in key order, indexed.
    fn assemble(built: Vec<BuiltShard>) -> Automata {
        let mut automata = Automata {
            shard_of: vec![0; SHARD_KEYS].into_boxed_slice(),
            shards: Vec::with_capacity(built.len()),
            gates: Vec::with_capacity(built.len()),
            one_byte_patterns: built.iter().any(|(key, _, _)| *key as usize >= PAIR_KEYS),
            pair_starts: vec![0; PAIR_KEYS / 2 / 64].into_boxed_slice(),
        };
        for (key, shard, gate) in built {
            // (A one-byte pattern may start before any second byte.)
            let pairs = match key as usize {
                k if k < PAIR_KEYS => k / 2..k / 2 + 1,
                k => {
                    let first = (k - PAIR_KEYS) / 2;
                    first * 256..first * 256 + 256
                }
            };
            for pair in pairs {
                automata.pair_starts[pair / 64] |= 1 << (pair % 64);
            }
            automata.shards.push(shard);
            automata.gates.push(gate);
            automata.shard_of[key as usize] = automata.shards.len() as u32;
        }
        automata
    }

    /// The shard of one key's patterns (its automaton not compiled yet) and its gate.
    fn shard<P: AsRef<str>>(patterns: &[P], (key, order): ShardPatterns, sorted: bool) -> BuiltShard {
        let gate = ShardGate::new(patterns, &order, key_len(key as usize));
        (key, Shard::new(patterns, order, sorted), gate)
    }

    /// [`Automata::build`] with no automaton compiled yet: each is compiled on its first walk.
    fn lazy<P: AsRef<str>>(patterns: &[P], needs_capital: &[bool], sorted: bool) -> Automata {
        Automata::assemble(
            Automata::groups(patterns, needs_capital).into_iter().map(|group| Automata::shard(patterns, group, sorted)).collect(),
        )
    }

    /// [`Automata::build`] with every automaton compiled now, on `threads` threads.
    fn build_on<P: AsRef<str> + Sync>(patterns: &[P], needs_capital: &[bool], sorted: bool, threads: usize) -> Result<Automata, Error> {
        let compiled = |group: ShardPatterns| -> Result<BuiltShard, Error> {
            let (key, shard, gate) = Automata::shard(patterns, group, sorted);
            let nfa = shard.compile(patterns)?;
            let _ = shard.nfa.set(Some(nfa));
            Ok((key, shard, gate))
        };
        let groups = Automata::groups(patterns, needs_capital);
        let threads = threads.min(groups.len());
        let built: Vec<BuiltShard> = if threads <= 1 {
            groups.into_iter().map(compiled).collect::<Result<_, _>>()?
        } else {
            let weight = |(_, g): &ShardPatterns| g.iter().map(|&p| patterns[p as usize].as_ref().len()).sum::<usize>();
            let work = crate::parallel::balance(groups, threads, weight);
            let results: Vec<Result<Vec<BuiltShard>, Error>> =
                crate::parallel::run_scoped(work.into_iter().map(|mine| move || mine.into_iter().map(compiled).collect()).collect());
            let mut built = Vec::new();
            for r in results {
                built.extend(r?);
            }
            built.sort_unstable_by_key(|(b, _, _)| *b);
            built
        };
        Ok(Automata::assemble(built))
    }

    /// Calls `found(start, end, pattern)` for every pattern that occurs in `hay` starting where a
    /// name may start: at a character that does not continue a word (the previous or the first
    /// character is no word character, or either is of a script written without spaces).
    ///
    /// Each walk is anchored: it follows the trie from that place until no pattern continues, so
    /// the cost is the length of the longest pattern prefix there, usually a few bytes; an
    /// unanchored overlapping search instead reported every pattern inside words ("ti" of
    /// "until"), ~16 raw matches per kept one on newswire, and paid the failure transitions.
    ///
    /// `lowercase_at(i)`: whether the text that `hay[i..]` normalises starts with a lower-case
    /// letter (asked only where a shard [needs a capital](key_needs_capital)).
    /// `patterns`: those the automata were built from (a shard not yet compiled is compiled now).
    fn walk_from_name_starts<P: AsRef<str>>(
        &self,
        patterns: &[P],
        hay: &str,
        mut lowercase_at: impl FnMut(usize) -> bool,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        let bytes = hay.as_bytes();
        // Whether the previous character joins a word with the next one: a word character of a
        // script written with spaces. An ASCII byte answers by itself (letters and digits join;
        // no ASCII character is a combining mark or of an unspaced script).
        let mut prev_joins = false;
        let mut next = 0;
        while next < bytes.len() {
            let i = next;
            let joins = match bytes[i] {
                b if b.is_ascii() => {
                    next += 1;
                    ASCII_ALPHANUMERIC[usize::from(b)]
                }
                _ => {
                    let c = hay[i..].chars().next().expect("a character at a character boundary");
                    next += c.len_utf8();
                    is_word_char(c) && !is_unspaced_script(c)
                }
            };
            let inside_word = prev_joins && joins;
            prev_joins = joins;
            if inside_word {
                // The rest of the word's ASCII letters and digits at once (they join too).
                next = crate::lanes::alphanumeric_end(bytes, next);
                continue;
            }
            // The shards whose patterns need a capital are skipped at a lower-case letter.
            let (first, second) = (bytes[i], bytes.get(i + 1).copied());
            let may_start = match second {
                Some(second) => {
                    let pair = usize::from(first) * 256 + usize::from(second);
                    self.pair_starts[pair / 64] & 1 << (pair % 64) != 0
                }
                None => self.one_byte_patterns,
            };
            if !may_start {
                continue;
            }
            let keys = [
                shard_key(first, second, false),
                shard_key(first, second, true),
                shard_key(first, None, false),
                shard_key(first, None, true),
            ];
            // At the last byte the two-byte keys are the one-byte keys; most dictionaries hold no
            // one-byte pattern (a walk then looks up only the two-byte keys).
            let keys = if second.is_some() && self.one_byte_patterns { &keys[..] } else { &keys[..2] };
            // (Asked at most once here: both keys of capitals may have a shard.)
            let mut lowercase = None;
            for &k in keys {
                let Some(s) = self.shard_of[k].checked_sub(1).map(|s| s as usize) else { continue };
                // The key and the gate decide most walks; the shard itself is read only for those
                // that go on (reading it first was a cache miss on most walks).
                if key_needs_capital(k) && *lowercase.get_or_insert_with(|| lowercase_at(i)) {
                    continue;
                }
                let gate = &self.gates[s];
                let mut len = key_len(k);
                if !bytes.get(i + len).is_some_and(|&b| gate.continues_with(b)) && !gate.key_is_pattern {
                    continue;
                }
                let shard = &self.shards[s];
                let Some(Compiled { nfa: automaton, after_key }) = shard.automaton(patterns) else { continue };
                let mut sid = *after_key;
                loop {
                    if automaton.is_match(sid) {
                        for k in 0..automaton.match_len(sid) {
                            let id = automaton.match_pattern(sid, k).as_usize();
                            if shard.len[id] as usize == len {
                                found(i, i + len, shard.pattern[id] as usize);
                            }
                        }
                    }
                    let Some(&byte) = bytes.get(i + len) else { break };
                    sid = automaton.next_state(Anchored::Yes, sid, byte);
                    if automaton.is_dead(sid) {
                        break;
                    }
                    len += 1;
                }
            }
        }
    }
}

/// `u8::is_ascii_alphanumeric` as a table: the walk asks it of every byte of every document.
const ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

fn entries_origin(entries: &[Entry], i: usize) -> String {
    entries.get(i).map(|e| e.origin.to_string()).unwrap_or_else(|| "an earlier line".into())
}

/// The characters of a text as the case check sees them: dashes, middle dots and runs of white
/// space are one separator (`None`), apostrophes are `'`, invisible characters are skipped.
fn case_chars(s: &str) -> impl Iterator<Item = Option<char>> + '_ {
    let mut prev_sep = true;
    s.chars().filter_map(move |c| {
        let sep = c.is_whitespace() || crate::normalize::is_dash(c) || crate::normalize::is_middle_dot(c);
        if sep {
            let first = !prev_sep;
            prev_sep = true;
            return first.then_some(None);
        }
        if matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' | '\u{FEFF}') {
            return None;
        }
        prev_sep = false;
        Some(Some(if crate::normalize::is_apostrophe(c) { '\'' } else { c }))
    })
}

/// Whether each word of `s` starts with a capital (words split at separators, '/' and '.').
fn word_initials(s: &str) -> impl Iterator<Item = bool> + '_ {
    let mut at_start = true;
    case_chars(s).filter_map(move |c| match c {
        None | Some('/') | Some('.') => {
            at_start = true;
            None
        }
        Some(ch) if at_start => {
            at_start = false;
            Some(ch.is_uppercase())
        }
        Some(_) => None,
    })
}

/// Checks the case policy of `form` against `text` (both as written). Allocates nothing.
pub(crate) fn case_matches(text: &str, form: &str, policy: CasePolicy) -> bool {
    match policy {
        CasePolicy::Fold => true,
        CasePolicy::Exact => case_chars(text).eq(case_chars(form)),
        CasePolicy::Cap => {
            let (mut t, mut f) = (word_initials(text), word_initials(form));
            loop {
                match (t.next(), f.next()) {
                    (None, None) => return true,
                    (Some(tu), Some(fu)) => {
                        if fu && !tu {
                            return false;
                        }
                    }
                    // Folding changed the shape (rare): compare the first letters only.
                    _ => {
                        return match (text.chars().find(|c| c.is_alphanumeric()), form.chars().find(|c| c.is_alphanumeric())) {
                            (Some(a), Some(b)) => !b.is_uppercase() || a.is_uppercase(),
                            _ => true,
                        };
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PATTERNS: &[&str] = &["ti", "tim", "time", "a b", "b", "ab", "東京", "京", "é", "e\u{301}", ".net", "-x", "x"];
    const PIECES: &[&str] = &["ti", "m", "e", " ", "a", "b", "東", "京", "\u{301}", "é", ".", "net", "-", "x", "ß", "1", "_", "'"];

    /// The boundary filter over an unanchored overlapping search: the reference for the walk.
    fn overlapping_reference(patterns: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder().match_kind(MatchKind::Standard).build(patterns).expect("builds");
        let mut out: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .filter(|m| {
                let (b, f) = (hay[..m.start()].chars().next_back(), hay[m.start()..].chars().next());
                !matches!((b, f), (Some(b), Some(f)) if is_word_char(f) && is_word_char(b) && !is_unspaced_script(b) && !is_unspaced_script(f))
            })
            .map(|m| (m.end(), m.start(), m.pattern().as_usize()))
            .collect();
        out.sort_unstable();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Anchored walks from name starts find what the filtered overlapping search finds, with
        /// each shard's patterns inserted in load order or in sorted order, and with or without
        /// one-byte patterns (which may start where no two-byte pattern does).
        #[test]
        fn walks_from_name_starts_find_every_pattern_starting_there(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
            sorted in any::<bool>(),
            lazy in any::<bool>(),
            one_byte in any::<bool>(),
        ) {
            let hay: String = pieces.concat();
            let patterns: Vec<&str> = PATTERNS.iter().copied().filter(|p| one_byte || p.len() > 1).collect();
            let no_capitals = &vec![false; patterns.len()];
            let automata = if lazy {
                Automata::lazy(&patterns, no_capitals, sorted)
            } else {
                Automata::build_on(&patterns, no_capitals, sorted, 1).expect("builds")
            };
            let mut walked = Vec::new();
            automata.walk_from_name_starts(&patterns, &hay, |_| false, |s, e, p| walked.push((e, s, p)));
            walked.sort_unstable();
            prop_assert_eq!(walked, overlapping_reference(&patterns, &hay));
        }
    }

    /// A small dictionary compiles a shard when a walk first reaches it, and only then; a large
    /// one is compiled when it is built.
    #[test]
    fn shards_of_a_small_dictionary_compile_on_first_walk() {
        let compiled = |a: &Automata| a.shards.iter().filter(|s| s.nfa.get().is_some()).count();
        let automata = Automata::build(PATTERNS, &[false; PATTERNS.len()], false).expect("builds");
        assert_eq!(compiled(&automata), 0);
        let mut found = Vec::new();
        automata.walk_from_name_starts(PATTERNS, "ab time", |_| false, |s, e, p| found.push((s, e, PATTERNS[p])));
        assert_eq!(found, [(0, 2, "ab"), (3, 5, "ti"), (3, 6, "tim"), (3, 7, "time")]);
        assert_eq!(compiled(&automata), 2, "the shards of 'a' and 't'");
        automata.walk_from_name_starts(PATTERNS, "at", |_| false, |_, _, _| {});
        assert_eq!(compiled(&automata), 2, "a shard compiles once");

        let large: Vec<String> = (0..LAZY_BUILD_MAX_PATTERNS).map(|i| format!("n{i}")).collect();
        let automata = Automata::build(&large, &vec![false; large.len()], true).expect("builds");
        assert_eq!(compiled(&automata), automata.shards.len());
    }

    #[test]
    fn shards_built_on_threads_are_the_shards_built_on_one() {
        for sorted in [false, true] {
            let one = Automata::build_on(PATTERNS, &[false; PATTERNS.len()], sorted, 1).expect("builds");
            for threads in [2, 3, 64] {
                let many = Automata::build_on(PATTERNS, &[false; PATTERNS.len()], sorted, threads).expect("builds");
                assert_eq!(many.shard_of, one.shard_of);
                let parts = |a: &Automata| a.shards.iter().map(|s| (s.pattern.clone(), s.len.clone())).collect::<Vec<_>>();
                assert_eq!(parts(&many), parts(&one));
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let hay = "time ti a b ab 東京 .net -x x é";
                one.walk_from_name_starts(PATTERNS, hay, |_| false, |s, e, p| a.push((s, e, p)));
                many.walk_from_name_starts(PATTERNS, hay, |_| false, |s, e, p| b.push((s, e, p)));
                assert!(!a.is_empty());
                assert_eq!(a, b);
            }
        }
    }

    /// The gate each shard gets from its patterns says what its compiled automaton says: which
    /// bytes go on from the state after the key, and whether that state is a match.
    #[test]
    fn shard_gates_agree_with_the_compiled_automata() {
        let patterns: Vec<&str> = PATTERNS.iter().copied().chain(["a", "ab", "abc", "x-y", "é", "éa", "ti me"]).collect();
        let automata = Automata::build_on(&patterns, &vec![false; patterns.len()], false, 1).expect("builds");
        assert!(automata.gates.iter().any(|g| g.key_is_pattern) && automata.gates.iter().any(|g| !g.key_is_pattern));
        for (key, &s) in automata.shard_of.iter().enumerate().filter(|(_, s)| **s > 0) {
            let (shard, gate) = (&automata.shards[s as usize - 1], &automata.gates[s as usize - 1]);
            let compiled = shard.automaton(&patterns).expect("compiled");
            assert_eq!(gate.key_is_pattern, compiled.nfa.is_match(compiled.after_key), "key {key}");
            for byte in 0..=255u8 {
                let goes_on = !compiled.nfa.is_dead(compiled.nfa.next_state(Anchored::Yes, compiled.after_key, byte));
                assert_eq!(gate.continues_with(byte), goes_on, "key {key}, byte {byte}");
            }
        }
    }

    #[test]
    fn one_shard_per_first_two_bytes_in_prefix_order_when_sorted() {
        let automata = Automata::build(PATTERNS, &[false; PATTERNS.len()], true).expect("builds");
        let mut firsts: Vec<&[u8]> = PATTERNS.iter().map(|p| &p.as_bytes()[..p.len().min(2)]).collect();
        firsts.sort_unstable();
        firsts.dedup();
        assert_eq!(automata.shards.len(), firsts.len());
        for shard in &automata.shards {
            let texts: Vec<&str> = shard.pattern.iter().map(|&p| PATTERNS[p as usize]).collect();
            assert!(texts.windows(2).all(|w| w[0] < w[1]), "{texts:?}");
            let index = 1 + automata.shards.iter().position(|s| std::ptr::eq(s, shard)).unwrap();
            assert!(texts.iter().all(|t| automata.shard_of[pattern_key(t.as_bytes(), false)] as usize == index));
        }
        let unsorted = Automata::build(PATTERNS, &[false; PATTERNS.len()], false).expect("builds");
        let t_shard = &unsorted.shards[unsorted.shard_of[shard_key(b't', Some(b'i'), false)] as usize - 1];
        assert_eq!(t_shard.pattern, vec![0, 1, 2]); // "ti", "tim", "time" in load order
    }

    /// Forms that need a capital live in their own shard, skipped at lower-case letters; the
    /// forms that do not (a `fold` form, a form written in lower case) are still found there.
    #[test]
    fn lower_case_text_skips_only_the_forms_that_need_a_capital() {
        let dict = "nvidia | Nvidia | Company | NVIDIA Corp\n\
                    nv_link | NVLink | Hardware | nvlink switch{fold}\n\
                    iphone | iPhone | Product\n\
                    apple_pie | apple pie | Product | | case=fold\n";
        let parsed = crate::dictionary::parse("t.dict", dict);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let gaz = Gazetteer::build(parsed.entries, &[]).expect("builds");
        let n = &gaz.automata.shards[gaz.automata.shard_of[shard_key(b'n', Some(b'v'), true)] as usize - 1];
        assert_eq!(n.pattern.len(), 3, "nvidia, nvidia corp, nvlink");
        assert!(gaz.automata.shard_of[shard_key(b'n', Some(b'v'), false)] > 0, "nvlink switch (fold)");
        let found = |text: &str| -> Vec<String> {
            let view = NormalizedText::new(text);
            let mut out: Vec<String> = gaz
                .candidates(text, &view)
                .iter()
                .map(|c| format!("{}={}", &text[c.start..c.end], gaz.entries[c.entries[0] as usize].id))
                .collect();
            out.sort();
            out
        };
        assert_eq!(found("Nvidia and NVIDIA Corp"), ["NVIDIA Corp=nvidia", "NVIDIA=nvidia", "Nvidia=nvidia"]);
        assert!(found("nvidia and nvidia corp").is_empty());
        assert_eq!(found("an nvlink switch"), ["nvlink switch=nv_link"]);
        assert_eq!(found("an iPhone and apple pie"), ["apple pie=apple_pie", "iPhone=iphone"]);
    }

    #[test]
    fn cap_policy() {
        assert!(case_matches("Nvidia", "NVIDIA", CasePolicy::Cap));
        assert!(case_matches("NVIDIA", "NVIDIA", CasePolicy::Cap));
        assert!(!case_matches("nvidia", "NVIDIA", CasePolicy::Cap));
        assert!(!case_matches("apple", "Apple", CasePolicy::Cap));
        assert!(case_matches("iphone", "iPhone", CasePolicy::Cap));
        assert!(!case_matches("Azure maia", "Azure Maia", CasePolicy::Cap));
        assert!(case_matches("Voyager\u{2011}EUS2", "Voyager-EUS2", CasePolicy::Exact));
        assert!(case_matches("Microsoft’s", "Microsoft's", CasePolicy::Exact));
        assert!(!case_matches("voyager EUS2", "Voyager EUS2", CasePolicy::Cap));
        assert!(case_matches("Meta", "Meta", CasePolicy::Exact));
        assert!(!case_matches("META", "Meta", CasePolicy::Exact));
    }
}
