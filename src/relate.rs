//! Relation extraction: a sentence view with typed placeholders, anaphora, the rules of the
//! document's language pack (each sentence tested with the rules its trigger words route it to),
//! modality and attributes.

use crate::model::{Entity, EntityType, Evidence, Modality, Relation, Resolution};
use crate::normalize::{NormalizedText, is_apostrophe, is_dash, is_middle_dot, is_word_char};
use crate::rules::{CLOSE, Fallback, OPEN, Rule, RulePack};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// (head, label, tail) -> index of the relation in the found list, and the (match start, rule id)
/// pairs of its evidence so far.
type RelationIndex = HashMap<(String, String, String), (usize, HashSet<(usize, String)>)>;

/// Labels whose direction does not matter.
pub fn is_symmetric(label: &str) -> bool {
    label == "partners_with"
}

/// Splits a normalised string into view tokens: Unicode words and single punctuation marks, with
/// `'s` kept as one token.
pub(crate) fn view_tokens(folded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in folded.split_word_bounds() {
        if w.trim().is_empty() {
            continue;
        }
        if w == "s" && out.last().is_some_and(|p| p == "'") {
            out.last_mut().expect("checked").push('s');
            continue;
        }
        out.push(w.to_string());
    }
    out
}

/// A mention as the relation stage sees it.
#[derive(Debug, Clone)]
pub(crate) struct ArgMention {
    pub entity: usize,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// An argument placeholder in a sentence view.
#[derive(Debug, Clone)]
struct Arg {
    entity: usize,
    anaphor: Option<String>,
}

#[derive(Debug, Clone)]
struct Token {
    view: Range<usize>,
    orig: Range<usize>,
}

#[derive(Default)]
struct View {
    text: String,
    tokens: Vec<Token>,
    args: Vec<Arg>,
}

/// One piece of a sentence: a text token or an entity.
enum Piece {
    Text(Range<usize>),
    Entity(usize, Range<usize>, Option<String>),
}

/// Writes the view of a sentence's `pieces` into `v`, whose buffers serve every sentence of a
/// document. `fold`: a buffer for the words that fold to another string.
fn build_view(v: &mut View, text: &str, pieces: &[Piece], entities: &[Entity], fold: &mut String) {
    v.text.clear();
    v.tokens.clear();
    v.args.clear();
    // Room for the sentence (the view is about as long, plus a space per token), so that the
    // buffers grow once, not token by token.
    let span = match (pieces.first(), pieces.last()) {
        (Some(Piece::Text(a) | Piece::Entity(_, a, _)), Some(Piece::Text(z) | Piece::Entity(_, z, _))) => z.end.saturating_sub(a.start),
        _ => 0,
    };
    v.text.reserve(span + span / 4 + 8);
    v.tokens.reserve(pieces.len() + 4);
    v.text.push(' ');
    let mut prev_end = usize::MAX;
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Entity(e, r, anaphor) => {
                let start = v.text.len();
                v.text.push(OPEN);
                v.text.push(entities[*e].entity_type.code());
                let _ = write!(v.text, "{}", v.args.len());
                v.text.push(CLOSE);
                v.tokens.push(Token { view: start..v.text.len(), orig: r.clone() });
                v.text.push(' ');
                v.args.push(Arg { entity: *e, anaphor: anaphor.clone() });
                prev_end = r.end;
            }
            Piece::Text(r) => {
                let s = &text[r.clone()];
                // A dash or middle dot joining two words (no spaces) disappears, as in the
                // normalised text.
                let mut chars = s.chars();
                if let (Some(c), None) = (chars.next(), chars.next())
                    && (is_dash(c) || is_middle_dot(c))
                {
                    let before = text[..r.start].chars().next_back().is_some_and(is_word_char) && prev_end == r.start;
                    let after = text[r.end..].chars().next().is_some_and(is_word_char)
                        && pieces.get(k + 1).is_some_and(|n| match n {
                            Piece::Text(nr) | Piece::Entity(_, nr, _) => nr.start == r.end,
                        });
                    if before && after {
                        prev_end = r.end;
                        continue;
                    }
                }
                // Markdown emphasis and heading marks carry no meaning for the rules.
                if s.chars().all(|c| matches!(c, '*' | '_' | '#' | '`' | '~')) {
                    continue;
                }
                let folded = if s.chars().all(is_apostrophe) { "'" } else { NormalizedText::fold_word_in(s, fold) };
                if folded == "s" && v.text.ends_with("' ") && prev_end == r.start {
                    // "'s": merge with the apostrophe token.
                    v.text.pop();
                    v.text.push_str("s ");
                    if let Some(t) = v.tokens.last_mut() {
                        t.view.end += 1;
                        t.orig.end = r.end;
                    }
                    prev_end = r.end;
                    continue;
                }
                // (A folded piece holds a space where a dash joined two words, and is empty when
                // made of characters the view drops.)
                let (mut split, mut one);
                let words: &mut dyn Iterator<Item = &str> = if folded.is_empty() || folded.contains(' ') {
                    split = folded.split(' ').filter(|t| !t.is_empty());
                    &mut split
                } else {
                    one = std::iter::once(folded);
                    &mut one
                };
                for t in words {
                    // "giant's" reads as "giant 's", like a possessive after an entity.
                    let (word, possessive) = match t.strip_suffix("'s") {
                        Some(w) if !w.is_empty() => (w, true),
                        _ => (t, false),
                    };
                    let start = v.text.len();
                    v.text.push_str(word);
                    v.tokens.push(Token { view: start..v.text.len(), orig: r.clone() });
                    v.text.push(' ');
                    if possessive {
                        let start = v.text.len();
                        v.text.push_str("'s");
                        v.tokens.push(Token { view: start..v.text.len(), orig: r.clone() });
                        v.text.push(' ');
                    }
                }
                prev_end = r.end;
            }
        }
    }
}

/// Splits a sentence into pieces: entity mentions (outermost) and word tokens between them,
/// written into `pieces` (cleared first: one buffer serves every sentence of a document).
fn pieces_of(text: &str, sentence: Range<usize>, mentions: &[ArgMention], pieces: &mut Vec<Piece>) {
    pieces.clear();
    let mut pos = sentence.start;
    let push_text = |from: usize, to: usize, pieces: &mut Vec<Piece>| {
        if from >= to {
            return;
        }
        crate::segment::word_pieces(text, from, to, |start, end| pieces.push(Piece::Text(start..end)));
    };
    for m in mentions {
        if m.start < pos {
            continue;
        }
        push_text(pos, m.start, pieces);
        pieces.push(Piece::Entity(m.entity, m.start..m.end, None));
        pos = m.end;
    }
    push_text(pos, sentence.end, pieces);
}

/// Per-document input of the relation stage.
pub(crate) struct RelateInput<'a> {
    pub text: &'a str,
    pub sentences: &'a [Range<usize>],
    pub entities: &'a [Entity],
    /// Outermost mentions, sorted by start (and so by sentence).
    pub mentions: &'a [ArgMention],
}

/// The compiled rules of all packs, and which to test on a sentence.
#[derive(Debug, Clone)]
pub(crate) struct RelationEngine {
    packs: Vec<RulePack>,
    /// Per pack, which rules to test on a view, built on first use (a run over English text never
    /// reads the Italian rules).
    routing: Vec<OnceLock<RuleSet>>,
    /// One `RegexSet` of the anaphor phrases per pack, built on first use.
    anaphor_sets: Vec<OnceLock<Option<regex::bytes::RegexSet>>>,
    /// Labels declared `symmetric` by the packs' `@relation` lines.
    symmetric: std::collections::HashSet<String>,
    /// The modality and role lexicons of each language, folded once.
    cue_words: HashMap<String, std::sync::Arc<CueWords>>,
}

/// Folded HEDGE, NEGATION and ROLE phrases of one language, each padded with a space on both
/// sides to test for whole words in a space-joined token window.
#[derive(Debug, Default)]
struct CueWords {
    hedges: Vec<String>,
    negations: Vec<String>,
    /// (padded, as written in the attribute)
    roles: Vec<(String, String)>,
}

/// Which of a pack's rules to test on a view: a rule with a strong trigger literal (see
/// [`required_literals`]) only on a view that holds one of its literals, the others on every view;
/// and only the rules the view's number of arguments allows (a rule matches only a view with at
/// least one argument per slot, and most sentences name one entity: they are tested with the few
/// topic rules only).
///
/// Why not one `RegexSet` of the rules: its lazy DFA holds states of all 65 rules at once and keeps
/// finding new ones on new sentences; with a 16 MiB cache it was cleared and rebuilt over and over
/// (a tenth of a Reuters run determinising), and compiling it was a fifth of the start-up. A
/// literal search routes each view to its few candidate rules, each a small automaton that stays
/// warm, compiled on first use.
#[derive(Debug, Clone)]
struct RuleSet {
    /// Every trigger literal of the rules, once.
    triggers: Option<aho_corasick::AhoCorasick>,
    /// For each trigger literal (pattern id of `triggers`), the rules (indexes into the pack's
    /// rules) that require one of the literals it is part of.
    trigger_rules: Vec<Vec<usize>>,
    /// Rules with no strong trigger literal ("{head} {tail}"), tested on every view.
    untriggered: Vec<usize>,
    /// The fewest arguments a view needs for each rule to match it (`Rule::min_arguments`).
    min_arguments: Vec<usize>,
    /// For each rule, the entity types its view must hold ([`required_types`]): for each mask,
    /// a placeholder of one of its types.
    required_types: Vec<Vec<TypeMask>>,
}

/// A set of entity type codes (the ASCII letter after a placeholder's [`OPEN`]), a bit per letter.
type TypeMask = u32;

/// The bit of a type code in a [`TypeMask`] (letters in either case; nothing for other bytes).
fn type_bit(code: u8) -> TypeMask {
    if code.is_ascii_alphabetic() { 1 << (code.to_ascii_uppercase() - b'A') } else { 0 }
}

/// The placeholders of a view: how many, and the types they stand for (the byte after each
/// [`OPEN`]: a text may hold the placeholder character itself, and whatever follows it counts).
fn placeholders(view: &str) -> (usize, TypeMask) {
    view.match_indices(OPEN)
        .fold((0, 0), |(count, types), (at, open)| (count + 1, types | view.as_bytes().get(at + open.len()).map_or(0, |&b| type_bit(b))))
}

impl RuleSet {
    /// [`candidates_into`](Self::candidates_into), returned.
    #[cfg(test)]
    fn candidates(&self, view: &[u8], args: usize, types: TypeMask) -> Vec<usize> {
        let mut out = Vec::new();
        self.candidates_into(view, args, types, &mut out);
        out
    }

    /// Writes into `out` (cleared first: one buffer serves the views of a document) the rules that
    /// may match `view`, which holds `args` arguments, ascending: the untriggered ones and those
    /// whose trigger literal occurs in it. (From two arguments on, every rule: the arity sets this
    /// replaced went by 0, 1 and "2 or more".)
    ///
    /// `types`: the types of the view's placeholders ([`placeholders`]). Most views name no person
    /// and no product: the rules that need one are not tested there (a rule with no strong
    /// trigger, such as `{head:Person} , @ROLE of {tail:Company}`, was tested on every view).
    fn candidates_into(&self, view: &[u8], args: usize, types: TypeMask, out: &mut Vec<usize>) {
        out.clear();
        out.extend_from_slice(&self.untriggered);
        if let Some(t) = &self.triggers {
            for m in t.find_overlapping_iter(view) {
                out.extend_from_slice(&self.trigger_rules[m.pattern().as_usize()]);
            }
        }
        out.retain(|&ri| (args >= 2 || self.min_arguments[ri] <= args) && self.required_types[ri].iter().all(|&need| need & types != 0));
        out.sort_unstable();
        out.dedup();
    }
}

static MONEY_EN: OnceLock<regex::Regex> = OnceLock::new();
static MONEY_IT: OnceLock<regex::Regex> = OnceLock::new();
static YEAR: OnceLock<regex::Regex> = OnceLock::new();

impl RelationEngine {
    pub fn new(packs: Vec<RulePack>) -> Result<Self, crate::Error> {
        let routing = packs.iter().map(|_| OnceLock::new()).collect();
        let symmetric = packs.iter().flat_map(|p| p.relations.iter()).filter(|r| r.symmetric).map(|r| r.label.clone()).collect();
        let anaphor_sets = packs.iter().map(|_| OnceLock::new()).collect();
        let mut engine = RelationEngine { packs, routing, anaphor_sets, symmetric, cue_words: HashMap::new() };
        let languages: std::collections::BTreeSet<String> = engine.packs.iter().map(|p| p.language.clone()).collect();
        for language in languages {
            let words = std::sync::Arc::new(engine.fold_cue_words(&language));
            engine.cue_words.insert(language, words);
        }
        Ok(engine)
    }

    fn fold_cue_words(&self, language: &str) -> CueWords {
        let pad = |v: Vec<String>| v.into_iter().map(|w| format!(" {w} ")).collect::<Vec<_>>();
        CueWords {
            hedges: pad(self.lexicon(language, "HEDGE")),
            negations: pad(self.lexicon(language, "NEGATION")),
            roles: self.lexicon(language, "ROLE").into_iter().map(|r| (format!(" {r} "), r)).collect(),
        }
    }

    fn cue_words(&self, language: &str) -> std::sync::Arc<CueWords> {
        match self.cue_words.get(language) {
            Some(w) => w.clone(),
            None => std::sync::Arc::new(self.fold_cue_words(language)),
        }
    }

    fn anaphor_set(&self, pack: usize) -> Option<&regex::bytes::RegexSet> {
        self.anaphor_sets[pack]
            .get_or_init(|| {
                let anaphors = &self.packs[pack].anaphors;
                if anaphors.is_empty() {
                    return None;
                }
                regex::bytes::RegexSetBuilder::new(anaphors.iter().map(|a| a.regex.as_str())).dfa_size_limit(16 * 1024 * 1024).build().ok()
            })
            .as_ref()
    }

    /// Builds what the first sentence in `language` would otherwise wait for: the routing of the
    /// rules of every applicable pack and their anaphor sets (reading every rule's trigger literals
    /// parses its regex: ~15 ms of a first document). The extractor runs it on another thread while
    /// the entities of its first document in a language are found.
    pub(crate) fn prepare(&self, language: &str) {
        for (pi, _) in self.applicable(language) {
            self.routing(pi);
            self.anaphor_set(pi);
        }
    }

    /// Whether [`prepare`](Self::prepare) has nothing left to do for `language`.
    pub(crate) fn is_prepared(&self, language: &str) -> bool {
        self.applicable(language).all(|(pi, _)| self.routing[pi].get().is_some() && self.anaphor_sets[pi].get().is_some())
    }

    /// The routing of the rules of `pack`.
    fn routing(&self, pack: usize) -> &RuleSet {
        self.routing[pack].get_or_init(|| {
            let rules = &self.packs[pack].rules;
            let mut literals: HashMap<Vec<u8>, usize> = HashMap::new();
            let mut trigger_rules: Vec<Vec<usize>> = Vec::new();
            let mut untriggered = Vec::new();
            let mut required = Vec::with_capacity(rules.len());
            // Weak triggers: the language's stop words and pieces of under three letters.
            let stop: HashSet<Vec<u8>> = self.packs[pack].lexicon_folded("STOPWORDS").into_iter().map(String::into_bytes).collect();
            let weak = |lit: &[u8]| {
                let word = lit.trim_ascii();
                word.len() < 3 || stop.contains(word)
            };
            let parse = |src: &str| regex_syntax::ParserBuilder::new().utf8(false).build().parse(src).ok();
            for (i, rule) in rules.iter().enumerate() {
                let hir = parse(&rule.regex_source);
                required.push(hir.as_ref().map(required_types).unwrap_or_default());
                match hir.and_then(|h| required_literals(&h, &weak)) {
                    Some((set, true)) => {
                        for lit in set {
                            let next = trigger_rules.len();
                            let id = *literals.entry(lit).or_insert(next);
                            if id == next {
                                trigger_rules.push(Vec::new());
                            }
                            trigger_rules[id].push(i);
                        }
                    }
                    _ => untriggered.push(i),
                }
            }
            let mut by_id: Vec<(usize, Vec<u8>)> = literals.into_iter().map(|(lit, id)| (id, lit)).collect();
            by_id.sort_unstable();
            let triggers = if by_id.is_empty() {
                None
            } else {
                // A DFA: every view is searched, overlapping, and the default for that (an NFA,
                // following failure links byte by byte) took twice as long.
                Some(
                    aho_corasick::AhoCorasick::builder()
                        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                        .build(by_id.iter().map(|(_, lit)| lit))
                        .expect("a few short literals build"),
                )
            };
            RuleSet {
                triggers,
                trigger_rules,
                untriggered,
                min_arguments: rules.iter().map(|r| r.min_arguments).collect(),
                required_types: required,
            }
        })
    }

    pub fn packs(&self) -> &[RulePack] {
        &self.packs
    }

    /// Packs that apply to `language`: the language's own and the language-neutral ones.
    fn applicable(&self, language: &str) -> impl Iterator<Item = (usize, &RulePack)> {
        self.packs.iter().enumerate().filter(move |(_, p)| p.language == language || p.language.is_empty() || p.language == "*")
    }

    /// Lexicon phrases of a language as written, merged from the applicable packs.
    pub(crate) fn lexicon_as_written(&self, language: &str, name: &str) -> Vec<String> {
        self.applicable(language).flat_map(|(_, p)| p.lexicons.get(name).cloned().unwrap_or_default()).collect()
    }

    /// Lexicon phrases of a language (folded), merged from the applicable packs.
    pub fn lexicon(&self, language: &str, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (_, p) in self.applicable(language) {
            out.extend(p.lexicon_folded(name));
        }
        out
    }

    /// Finds the relations of one document. Returns (relations, negated relations).
    pub fn relate(&self, language: &str, input: &RelateInput<'_>, trace: Option<&mut Vec<String>>) -> Vec<Relation> {
        let mut trace = trace;
        let topic = topic_entity(input.entities);
        let cue_words = self.cue_words(language);
        let mut found: Vec<Relation> = Vec::new();
        // (head, label, tail) -> index in `found`, and the (match start, rule) of its evidence: a
        // scan of the evidence for every new match was quadratic when a relation recurs.
        let mut index: RelationIndex = HashMap::new();
        // Buffers that serve every sentence of the document: its pieces, its view and the view
        // rebuilt with anaphors, the folded word, the candidate rules.
        let mut pieces: Vec<Piece> = Vec::new();
        let (mut view0, mut view1, mut fold) = (View::default(), View::default(), String::new());
        let mut matched: Vec<usize> = Vec::new();
        debug_assert!(input.mentions.windows(2).all(|w| w[0].sentence <= w[1].sentence), "mentions in sentence order");
        for (si, sentence) in input.sentences.iter().enumerate() {
            // The mentions are in sentence order: each sentence's are a run of them.
            let from = input.mentions.partition_point(|m| m.sentence < si);
            let mentions = &input.mentions[from..from + input.mentions[from..].partition_point(|m| m.sentence == si)];
            // Every rule needs at least one argument named in the sentence (anaphors and implied
            // subjects complete a relation, they do not make one alone): skip the rest unread.
            if mentions.is_empty() {
                continue;
            }
            pieces_of(input.text, sentence.clone(), mentions, &mut pieces);
            build_view(&mut view0, input.text, &pieces, input.entities, &mut fold);
            // Anaphors: find phrases, resolve, and rebuild the view with them as arguments.
            let mut replaced = false;
            for (pi, pack) in self.applicable(language) {
                // One scan tells which anaphor phrases occur at all.
                let present = match self.anaphor_set(pi) {
                    Some(set) => set.matches(view0.text.as_bytes()),
                    None => continue,
                };
                for (ai, a) in pack.anaphors.iter().enumerate() {
                    if !present.matched(ai) {
                        continue;
                    }
                    let mut pos = 0;
                    while let Some(m) = a.regex.find_at(view0.text.as_bytes(), pos) {
                        pos = m.end().max(pos + 1);
                        let first = view0.tokens.iter().position(|t| t.view.start == m.start() + 1);
                        let last = view0.tokens.iter().rposition(|t| t.view.end < m.end());
                        let (Some(first), Some(last)) = (first, last) else { continue };
                        // "the service Azure OpenAI", "il supercomputer Voyager": a descriptor of the
                        // name that follows, not a reference back.
                        if view0.tokens.get(last + 1).is_some_and(|t| view0.text[t.view.clone()].starts_with(OPEN)) {
                            continue;
                        }
                        let span = view0.tokens[first].orig.start..view0.tokens[last].orig.end;
                        let Some(antecedent) = resolve_anaphor(input, span.start, si, &a.types, a.kind.as_deref()) else { continue };
                        // Replace the pieces covering the span (text pieces only).
                        let lo = pieces.iter().position(|p| matches!(p, Piece::Text(r) if r.start == span.start));
                        let hi = pieces.iter().rposition(|p| matches!(p, Piece::Text(r) if r.end == span.end));
                        if let (Some(lo), Some(hi)) = (lo, hi) {
                            if pieces[lo..=hi].iter().all(|p| matches!(p, Piece::Text(_))) {
                                let words = input.text[span.clone()].to_string();
                                pieces.splice(lo..=hi, [Piece::Entity(antecedent, span, Some(words))]);
                                replaced = true;
                            }
                        }
                    }
                }
            }
            let view = if replaced {
                build_view(&mut view1, input.text, &pieces, input.entities, &mut fold);
                &view1
            } else {
                &view0
            };
            if view.args.is_empty() && topic.is_none() {
                continue;
            }
            if let Some(t) = trace.as_deref_mut() {
                t.push(format!("sentence {si}: {}", view.text.trim().replace(OPEN, "[").replace(CLOSE, "]")));
            }
            // (Counted in the text: a text may hold the placeholder character itself.)
            let (args, types) = placeholders(&view.text);
            for (pi, pack) in self.applicable(language) {
                self.routing(pi).candidates_into(view.text.as_bytes(), args, types, &mut matched);
                // (The first sentences wait for their candidate rules' regexes: the cores share it.)
                crate::parallel::share_pending(
                    matched.iter().map(|&ri| &pack.rules[ri]).filter(|r| r.regex.get().is_none()),
                    |r| r.regex_source.len(),
                    |r| {
                        r.regex();
                    },
                );
                // Each candidate rule's matches with their groups, found once: they give the
                // spans below and the arguments (a search for the spans and one for the groups,
                // before).
                let hits: Vec<(usize, Vec<regex::bytes::Captures<'_>>)> = matched
                    .iter()
                    .filter_map(|&ri| {
                        let caps = rule_matches(&pack.rules[ri], view.text.as_bytes());
                        (!caps.is_empty()).then_some((ri, caps))
                    })
                    .collect();
                if let Some(t) = trace.as_deref_mut() {
                    for (ri, rule) in pack.rules.iter().enumerate() {
                        if !hits.iter().any(|(hit, _)| *hit == ri) && rule.relaxed().is_some_and(|r| r.is_match(view.text.as_bytes())) {
                            t.push(format!("  near miss {} ({}): {}", rule.id, rule.origin, rule.source));
                        }
                    }
                }
                // A match inside a longer match of another rule with the same label reads a clause
                // of it out of context: collect every match span first.
                let spans: Vec<(usize, Range<usize>)> =
                    hits.iter().flat_map(|(ri, caps)| caps.iter().map(move |c| (*ri, c.get(0).expect("group 0").range()))).collect();
                for (ri, caps) in &hits {
                    let (ri, rule) = (*ri, &pack.rules[*ri]);
                    let outer: Vec<Range<usize>> = spans
                        .iter()
                        .filter(|(other, _)| *other != ri && pack.rules[*other].relation == rule.relation)
                        .map(|(_, r)| r.clone())
                        .collect();
                    self.apply_rule(rule, caps, input, view, si, topic, &cue_words, &outer, &mut found, &mut index, trace.as_deref_mut());
                }
            }
        }
        found.sort_by_key(|r| r.evidence.first().map(|e| (e.match_start, e.match_end)).unwrap_or_default());
        found
    }

    #[allow(clippy::too_many_arguments)]
    fn apply_rule(
        &self,
        rule: &Rule,
        matches: &[regex::bytes::Captures<'_>],
        input: &RelateInput<'_>,
        view: &View,
        si: usize,
        topic: Option<usize>,
        cue_words: &CueWords,
        outer: &[Range<usize>],
        found: &mut Vec<Relation>,
        index: &mut RelationIndex,
        mut trace: Option<&mut Vec<String>>,
    ) {
        let mut taken: Vec<Range<usize>> = Vec::new();
        for caps in matches {
            let whole = caps.get(0).expect("group 0");
            // A match inside an earlier match of the same rule reads a clause of it out of context
            // ("X, che funziona su A ed è basata su B": B is X's, not A's).
            if taken.iter().any(|t| t.start <= whole.start() && whole.end() <= t.end)
                || outer.iter().any(|t| t.start <= whole.start() && whole.end() <= t.end && t.len() > whole.len())
            {
                continue;
            }
            taken.push(whole.range());
            let mut heads: Vec<(usize, Option<String>)> = Vec::new();
            let mut tails: Vec<(usize, Option<String>)> = Vec::new();
            for slot in &rule.slots {
                if let Some(g) = caps.name(&slot.group) {
                    for arg in placeholder_indices(std::str::from_utf8(g.as_bytes()).unwrap_or("")) {
                        if let Some(a) = view.args.get(arg) {
                            let target = if slot.is_head { &mut heads } else { &mut tails };
                            target.push((a.entity, a.anaphor.clone()));
                        }
                    }
                }
            }
            let mut resolutions_base = Vec::new();
            if heads.is_empty() && rule.head_fallback == Fallback::Topic {
                if let Some(t) = topic {
                    heads.push((t, None));
                    resolutions_base.push(Resolution::ImpliedSubject { argument: "head".into() });
                }
            }
            if tails.is_empty() && rule.tail_fallback == Fallback::Topic {
                if let Some(t) = topic {
                    tails.push((t, None));
                    resolutions_base.push(Resolution::ImpliedSubject { argument: "tail".into() });
                }
            }
            // Token span of the match.
            let first_tok = view.tokens.iter().position(|t| t.view.start >= whole.start());
            let last_tok = view.tokens.iter().rposition(|t| t.view.end <= whole.end());
            let (Some(ft), Some(lt)) = (first_tok, last_tok) else { continue };
            if lt < ft {
                continue;
            }
            let match_span = view.tokens[ft].orig.start..view.tokens[lt].orig.end;
            let window_start = ft.saturating_sub(4);
            let window: Vec<&str> = view.tokens[window_start..=lt].iter().map(|t| &view.text[t.view.clone()]).collect();
            let window_text = format!(" {} ", window.join(" "));
            let modality = rule.modality.unwrap_or_else(|| {
                if cue_words.negations.iter().any(|n| window_text.contains(n.as_str())) {
                    Modality::Negated
                } else if cue_words.hedges.iter().any(|h| window_text.contains(h.as_str())) {
                    Modality::Hedged
                } else {
                    Modality::Asserted
                }
            });
            let sentence = &input.sentences[si];
            let mut attributes = BTreeMap::new();
            let matched_text = &input.text[match_span.clone()];
            let sentence_text = &input.text[sentence.clone()];
            if matches!(rule.relation.as_str(), "invests_in" | "acquires") {
                if let Some((value, currency)) = money(matched_text).or_else(|| money(sentence_text)) {
                    attributes.insert("amount".to_string(), value);
                    attributes.insert("currency".to_string(), currency);
                }
            }
            let year = year_regex();
            if let Some(y) = year.find(sentence_text) {
                attributes.insert("year".to_string(), y.as_str().to_string());
            }
            if rule.relation == "works_for" {
                // Punctuation off the words ("chief executive, Satya Nadella"), single spaces.
                let words: String = NormalizedText::fold_form(matched_text)
                    .chars()
                    .map(|c| if c.is_alphanumeric() || c == '\'' || c == '-' { c } else { ' ' })
                    .collect();
                let folded = format!(" {} ", crate::normalize::single_spaced(&words));
                let mut best: Option<&String> = None;
                for (padded, r) in &cue_words.roles {
                    if folded.contains(padded.as_str()) && best.is_none_or(|b| r.len() > b.len()) {
                        best = Some(r);
                    }
                }
                if let Some(r) = best {
                    attributes.insert("role".to_string(), r.clone());
                }
            }
            for (h, h_ana) in &heads {
                for (t, t_ana) in &tails {
                    if h == t || input.entities[*h].id == input.entities[*t].id {
                        continue;
                    }
                    let (he, te) = (&input.entities[*h], &input.entities[*t]);
                    if !rule.head_types.contains(&he.entity_type) || !rule.tail_types.contains(&te.entity_type) {
                        continue;
                    }
                    let mut resolutions = resolutions_base.clone();
                    if let Some(text) = h_ana {
                        resolutions.push(Resolution::Anaphor { argument: "head".into(), text: text.clone() });
                    }
                    if let Some(text) = t_ana {
                        resolutions.push(Resolution::Anaphor { argument: "tail".into(), text: text.clone() });
                    }
                    let discourse = !resolutions.is_empty();
                    // Rounded to hundredths so that output does not show f32 noise (0.64000005).
                    let confidence = (rule.confidence * if discourse { 0.8 } else { 1.0 } * 100.0).round() / 100.0;
                    let (hid, tid) =
                        if self.symmetric.contains(&rule.relation) && he.id > te.id { (&te.id, &he.id) } else { (&he.id, &te.id) };
                    let key = (hid.clone(), rule.relation.clone(), tid.clone());
                    let evidence = Evidence {
                        start: sentence.start,
                        end: sentence.end,
                        text: sentence_text.to_string(),
                        match_start: match_span.start,
                        match_end: match_span.end,
                        rule: rule.id.clone(),
                        sentence: si,
                        resolutions,
                    };
                    if let Some(t) = trace.as_deref_mut() {
                        t.push(format!(
                            "  rule {} fired: {} {} {} ({:?}) on {:?}",
                            rule.id, hid, rule.relation, tid, modality, matched_text
                        ));
                    }
                    match index.get_mut(&key) {
                        Some((k, seen)) => {
                            let r = &mut found[*k];
                            if seen.insert((evidence.match_start, evidence.rule.clone())) {
                                r.evidence.push(evidence);
                            }
                            r.confidence = r.confidence.max(confidence);
                            if modality == Modality::Asserted || r.modality == Modality::Negated && modality == Modality::Hedged {
                                r.modality = modality;
                            }
                            for (k, v) in &attributes {
                                r.attributes.entry(k.clone()).or_insert_with(|| v.clone());
                            }
                        }
                        None => {
                            index.insert(key.clone(), (found.len(), HashSet::from([(evidence.match_start, evidence.rule.clone())])));
                            found.push(Relation {
                                head: key.0,
                                relation: key.1,
                                tail: key.2,
                                modality,
                                confidence,
                                attributes: attributes.clone(),
                                evidence: vec![evidence],
                            });
                        }
                    }
                }
            }
        }
    }
}

/// The matches of `rule` in `view` with their groups: the leftmost, then again from the token
/// after each match's start (so that a match starting inside another one is found too).
fn rule_matches<'v>(rule: &Rule, view: &'v [u8]) -> Vec<regex::bytes::Captures<'v>> {
    let mut out = Vec::new();
    // (Most candidate rules do not match: `is_match` says so without making groups.)
    let Some(re) = rule.regex().filter(|re| re.is_match(view)) else { return out };
    let mut pos = 0;
    while pos < view.len() {
        let Some(caps) = re.captures_at(view, pos) else { break };
        let start = caps.get(0).expect("group 0").start();
        pos = view.get(start + 1..).and_then(|rest| rest.iter().position(|&b| b == b' ')).map_or(view.len(), |k| start + 1 + k);
        out.push(caps);
    }
    out
}

/// Indices of the placeholders in a captured group.
fn placeholder_indices(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(k) = rest.find(OPEN) {
        let after = &rest[k + OPEN.len_utf8() + 1..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            out.push(n);
        }
        rest = &after[digits.len()..];
    }
    out
}

/// The document's main company: the most mentioned (at least twice), first mentioned on a tie.
fn topic_entity(entities: &[Entity]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, e) in entities.iter().enumerate() {
        if e.entity_type != EntityType::Company {
            continue;
        }
        let n = e.mentions.len();
        if n >= 2 && best.is_none_or(|(_, b)| n > b) {
            best = Some((i, n));
        }
    }
    best.map(|(i, _)| i)
}

/// The nearest mention before `at` (same sentence or the two before) of a compatible type.
fn resolve_anaphor(input: &RelateInput<'_>, at: usize, sentence: usize, types: &[EntityType], kind: Option<&str>) -> Option<usize> {
    // The mentions are sorted and disjoint: those that end by `at` are a prefix, and walking back
    // from its end their sentences only decrease (scanning back from the document's last mention
    // for every anaphor was quadratic in the length of the document).
    let before = input.mentions.partition_point(|m| m.end <= at);
    input.mentions[..before]
        .iter()
        .rev()
        .take_while(|m| m.sentence + 2 >= sentence)
        .find(|m| {
            let e = &input.entities[m.entity];
            types.contains(&e.entity_type) && kind.is_none_or(|k| e.kind.as_deref() == Some(k))
        })
        .map(|m| m.entity)
}

/// A year from 1950 to 2099.
fn year_regex() -> &'static regex::Regex {
    YEAR.get_or_init(|| regex::Regex::new(r"\b(19[5-9][0-9]|20[0-9][0-9])\b").expect("valid"))
}

/// A money amount in the text, normalised to (value in units, ISO currency).
pub(crate) fn money(text: &str) -> Option<(String, String)> {
    let en = MONEY_EN.get_or_init(|| {
        regex::Regex::new(r"(?i)(US\$|\$|€|£|¥|USD\s?|EUR\s?)\s?(\d+(?:[.,]\d+)*)\s*(trillion|billion|million|bn|mln|mn|m|b|k)?\b")
            .expect("valid")
    });
    let it = MONEY_IT.get_or_init(|| {
        regex::Regex::new(r"(?i)\b(un|uno|\d+(?:[.,]\d+)*)\s+(?:\p{L}+\s+)?(miliardo|miliardi|milione|milioni|mila|billion|million)\s+(?:di\s+)?(dollari|euro|sterline|dollars|euros)\b").expect("valid")
    });
    let scale = |w: &str| -> f64 {
        match w.to_lowercase().as_str() {
            "trillion" => 1e12,
            "billion" | "bn" | "b" | "miliardo" | "miliardi" => 1e9,
            "million" | "mln" | "mn" | "m" | "milione" | "milioni" => 1e6,
            "k" | "mila" => 1e3,
            _ => 1.0,
        }
    };
    let number = |s: &str, decimal_comma: bool| -> Option<f64> {
        let s = if decimal_comma { s.replace('.', "").replace(',', ".") } else { s.replace(',', "") };
        s.parse().ok()
    };
    if let Some(c) = en.captures(text) {
        let cur = match c[1].trim().to_uppercase().as_str() {
            "€" | "EUR" => "EUR",
            "£" => "GBP",
            "¥" => "JPY",
            _ => "USD",
        };
        let v = number(&c[2], false)? * c.get(3).map(|m| scale(m.as_str())).unwrap_or(1.0);
        return Some((format!("{v:.0}"), cur.to_string()));
    }
    if let Some(c) = it.captures(text) {
        let base = match c[1].to_lowercase().as_str() {
            "un" | "uno" => 1.0,
            n => number(n, true)?,
        };
        let cur = match c[3].to_lowercase().as_str() {
            "euro" | "euros" => "EUR",
            "sterline" => "GBP",
            _ => "USD",
        };
        return Some((format!("{:.0}", base * scale(&c[2])), cur.to_string()));
    }
    None
}

/// Literals at least one of which occurs in every match of `hir`, and whether they are *strong*:
/// no literal of the set is a stop word (`weak`) or shorter than three letters. `None`: no such set
/// is known.
///
/// Why: most sentences with two entities hold none of a rule's trigger words ("acquire",
/// "partner", a role), and a literal search is far cheaper than the rule set's lazy DFA, which
/// keeps building states on new sentences.
/// Read from the regex each rule compiles to rather than computed by the rule compiler (as
/// `min_arguments` is): a literal the regex requires cannot be missing from any of its matches.
fn required_literals(hir: &regex_syntax::hir::Hir, weak: &dyn Fn(&[u8]) -> bool) -> Option<(Vec<Vec<u8>>, bool)> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        // (A literal holding an entity placeholder is in every view with entities: no use.)
        HirKind::Literal(lit) if !lit.0.is_empty() && !lit.0.contains(&0xEE) => Some((vec![lit.0.to_vec()], !weak(&lit.0))),
        HirKind::Capture(c) => required_literals(&c.sub, weak),
        HirKind::Repetition(r) if r.min >= 1 => required_literals(&r.sub, weak),
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            let mut strong = true;
            for a in alts {
                let (set, s) = required_literals(a, weak)?;
                all.extend(set);
                strong &= s;
            }
            all.sort();
            all.dedup();
            Some((all, strong))
        }
        // The most selective part: a strong set first, then the longest shortest literal, then
        // the fewest literals.
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(|p| required_literals(p, weak))
            .max_by_key(|(set, strong)| (*strong, set.iter().map(Vec::len).min().unwrap_or(0), std::cmp::Reverse(set.len()))),
        _ => None,
    }
}

/// The entity types every match of `hir` holds: for each mask of the list, a placeholder
/// ([`OPEN`] and a type code) of one of its types. Empty when none is known.
///
/// Read from the regex, as [`required_literals`] are: a slot is `OPEN[CP][0-9]+CLOSE` (or, of one
/// type, the literal `OPEN` and its code), required unless an optional part holds it.
fn required_types(hir: &regex_syntax::hir::Hir) -> Vec<TypeMask> {
    use regex_syntax::hir::{Class, HirKind};
    let open = OPEN.to_string();
    let open = open.as_bytes();
    // The type codes a class stands for, if it holds letters only.
    let class_types = |class: &Class| -> Option<TypeMask> {
        let ranges: Vec<(u32, u32)> = match class {
            Class::Unicode(c) => c.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect(),
            Class::Bytes(c) => c.ranges().iter().map(|r| (u32::from(r.start()), u32::from(r.end()))).collect(),
        };
        let mut mask = 0;
        for (lo, hi) in ranges {
            for c in lo..=hi {
                let b = u8::try_from(c).ok().filter(u8::is_ascii_alphabetic)?;
                mask |= type_bit(b);
            }
        }
        Some(mask)
    };
    // The codes of the placeholders a literal holds: each the byte after `OPEN`, or, at the end
    // of the literal, the class that follows it.
    let literal_types = |lit: &[u8], next: Option<&regex_syntax::hir::Hir>| -> Vec<TypeMask> {
        (0..lit.len())
            .filter(|&at| lit[at..].starts_with(open))
            .filter_map(|at| match lit.get(at + open.len()) {
                Some(&b) => Some(type_bit(b)).filter(|&m| m != 0),
                None => match next.map(|p| p.kind()) {
                    Some(HirKind::Class(class)) => class_types(class),
                    _ => None,
                },
            })
            .collect()
    };
    match hir.kind() {
        HirKind::Capture(c) => required_types(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required_types(&r.sub),
        // Each branch holds one of its types: the union of every branch's, if each has one.
        HirKind::Alternation(alts) => {
            let mut union = 0;
            for a in alts {
                match required_types(a).into_iter().reduce(|a, b| a | b) {
                    Some(m) => union |= m,
                    None => return Vec::new(),
                }
            }
            vec![union]
        }
        HirKind::Concat(parts) => parts
            .iter()
            .enumerate()
            .flat_map(|(k, part)| match part.kind() {
                HirKind::Literal(lit) => literal_types(&lit.0, parts.get(k + 1)),
                _ => required_types(part),
            })
            .collect(),
        HirKind::Literal(lit) => literal_types(&lit.0, None),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_amounts() {
        assert_eq!(money("invested $1 billion in"), Some(("1000000000".into(), "USD".into())));
        assert_eq!(money("un enorme miliardo di dollari"), Some(("1000000000".into(), "USD".into())));
        assert_eq!(money("for 2,5 miliardi di euro"), Some(("2500000000".into(), "EUR".into())));
        assert_eq!(money("no money here"), None);
    }

    fn triggers(pattern: &str) -> Option<(Vec<String>, bool)> {
        let stop = ["of", "at", "by", "the"];
        let weak = |lit: &[u8]| {
            let word = lit.trim_ascii();
            word.len() < 3 || stop.iter().any(|s| s.as_bytes() == word)
        };
        let hir = regex_syntax::ParserBuilder::new().utf8(false).build().parse(pattern).expect("parses");
        required_literals(&hir, &weak)
            .map(|(set, strong)| (set.into_iter().map(|l| String::from_utf8(l).expect("utf-8")).collect(), strong))
    }

    #[test]
    fn trigger_literals_are_required_and_the_most_selective_is_chosen() {
        // The verbs, not the stop word after them.
        assert_eq!(triggers("(?:acquired|bought) by \u{E000}"), Some((vec!["acquired".into(), "bought".into()], true)));
        // A required word beats an optional one; a repeated one counts.
        assert_eq!(triggers("(?:deal )?(?:talks )+with "), Some((vec!["talks ".into()], true)));
        // Only stop words: a weak set (its rule is tested on its own, not filtered by it).
        assert_eq!(triggers("(?:of|at) \u{E000}"), Some((vec!["at".into(), "of".into()], false)));
        // Nothing required: an optional word, a class, a placeholder.
        assert_eq!(triggers("(?:partner )?[a-z]+"), None);
        assert_eq!(triggers("(?:partner )?[a-z]+ "), Some((vec![" ".into()], false)), "the space is required, and weak");
        assert_eq!(triggers("\u{E000}\u{E001}"), None);
        // An alternative without a literal leaves the whole alternation unknown.
        assert_eq!(triggers("(?:buys|[0-9]+)"), None);
    }

    #[test]
    fn a_view_has_a_token_per_word_and_none_for_dropped_characters() {
        let text = "Giant's Voyager-EUS2 chips \u{200B} ship\u{00AD}";
        let mut pieces = Vec::new();
        pieces_of(text, 0..text.len(), &[], &mut pieces);
        let mut view = View::default();
        build_view(&mut view, text, &pieces, &[], &mut String::new());
        assert_eq!(view.text, " giant 's voyager eus2 chips ship ");
        let tokens: Vec<&str> = view.tokens.iter().map(|t| &view.text[t.view.clone()]).collect();
        assert_eq!(tokens, ["giant", "'s", "voyager", "eus2", "chips", "ship"]);
    }

    #[test]
    fn tokens_keep_possessive() {
        assert_eq!(view_tokens("microsoft's own"), vec!["microsoft's", "own"]);
        assert_eq!(view_tokens("' s own"), vec!["'s", "own"]);
    }
}

#[cfg(test)]
mod routing_tests {
    use super::{RelationEngine, TypeMask};

    fn engine() -> RelationEngine {
        let source = "@language xx\n@relation r head=Company tail=Company\n@lexicon STOPWORDS = of\n\
            rule buys r: {head:Company} acquires {tail:Company}\n\
            rule apposition r: {head:Company} of {tail:Company}\n\
            rule bought r: {tail:Company} (acquired | bought) by {head:Company}\n\
            rule takes r: {tail:Company} acquires {head:Company}\n\
            rule firm r: ({head:Company} | the firm) acquires {tail:Company}\n";
        let (pack, errs) = crate::rules::parse("t.rules", source, &[], &crate::RuleLimits::default());
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            pack.rules.iter().map(|r| r.id.rsplit('.').next().unwrap_or("")).collect::<Vec<_>>(),
            ["buys", "apposition", "bought", "takes", "firm"]
        );
        assert_eq!(pack.rules.iter().map(|r| r.min_arguments).collect::<Vec<_>>(), [2, 2, 2, 2, 1]);
        RelationEngine::new(vec![pack]).expect("engine")
    }

    /// Views whose placeholders stand for every type.
    const ALL_TYPES: TypeMask = TypeMask::MAX;

    #[test]
    fn a_view_is_routed_to_the_rules_whose_trigger_it_holds_and_to_the_untriggered() {
        let engine = engine();
        let set = engine.routing(0);
        // "of" is a stop word: that rule is tested on every view.
        assert_eq!(set.candidates(b"a of b", 2, ALL_TYPES), [1]);
        assert_eq!(set.candidates(b"a acquires b", 2, ALL_TYPES), [0, 1, 3, 4], "one literal, three rules, ascending");
        assert_eq!(set.candidates(b"a was bought by b", 2, ALL_TYPES), [1, 2], "either literal of an alternation");
        assert_eq!(set.candidates(b"a acquired by b, which acquires c", 3, ALL_TYPES), [0, 1, 2, 3, 4]);
        // A view with one argument: only the rules one argument can satisfy.
        assert_eq!(set.candidates(b"the firm acquires b", 1, ALL_TYPES), [4]);
        assert!(set.candidates(b"the firm acquires b", 0, ALL_TYPES).is_empty());
    }
}

#[cfg(test)]
mod type_routing_tests {
    use super::*;

    fn required(pattern: &str) -> Vec<TypeMask> {
        let source = format!("@language xx\n@relation r head=Company|Person tail=Company|Product|Hardware\nrule t r: {pattern}\n");
        let (pack, errs) = crate::rules::parse("t.rules", &source, &[], &crate::RuleLimits::default());
        assert!(errs.is_empty(), "{errs:?}");
        let hir = regex_syntax::ParserBuilder::new().utf8(false).build().parse(&pack.rules[0].regex_source).expect("parses");
        let mut masks = required_types(&hir);
        masks.sort_unstable();
        masks.dedup();
        masks
    }

    fn bits(codes: &str) -> TypeMask {
        codes.bytes().map(type_bit).fold(0, |a, b| a | b)
    }

    #[test]
    fn a_rule_needs_the_types_of_its_required_slots() {
        let mut person_company = vec![bits("N"), bits("C")];
        person_company.sort_unstable();
        assert_eq!(required("{head:Person} , chief of {tail:Company}"), person_company);
        let mut company_product = vec![bits("C"), bits("PH")];
        company_product.sort_unstable();
        assert_eq!(required("{head:Company} uses {tail:Product|Hardware}"), company_product);
        assert_eq!(required("{head:Company} uses ({tail:Product} | the {tail:Hardware})"), company_product, "either branch");
        // An optional slot or one alternative with no slot requires nothing.
        assert_eq!(required("{head:Company} uses {tail:Product} (with {tail:Hardware})?"), {
            let mut v = vec![bits("C"), bits("P")];
            v.sort_unstable();
            v
        });
        assert_eq!(required("({head:Company} | the firm) uses {tail:Product+}"), [bits("P")]);
        assert!(required("({head:Company} | the firm) uses ({tail:Product} | it)").is_empty());
    }

    #[test]
    fn placeholders_are_counted_with_their_types() {
        let view = format!(" {OPEN}C0{CLOSE} hired {OPEN}N1{CLOSE} and {OPEN}N2{CLOSE} ");
        assert_eq!(placeholders(&view), (3, bits("CN")));
        assert_eq!(placeholders(" no entities "), (0, 0));
        // The placeholder character in the text itself counts, with whatever follows it.
        assert_eq!(placeholders(&format!(" a{OPEN}")), (1, 0));
    }

    /// Every rule of the embedded packs that matches a view is among the view's candidates:
    /// views of random words (the rules' own trigger words among them) and placeholders of random
    /// types, many thousands, a fixed sequence.
    #[test]
    fn type_routing_keeps_every_rule_that_matches() {
        let engine = RelationEngine::new(crate::rules::embedded_packs()).expect("engine");
        let words = [
            "'s",
            ",",
            "the",
            "a",
            "its",
            "of",
            "at",
            "for",
            "by",
            "from",
            "and",
            "chief",
            "executive",
            "ceo",
            "president",
            "is",
            "was",
            "acquires",
            "acquired",
            "bought",
            "uses",
            "powered",
            "on",
            "partners",
            "with",
            "partner",
            "invests",
            "in",
            "stake",
            "develops",
            "new",
            "latest",
            "chip",
            "hired",
            "joined",
            "licenses",
            "to",
            "supplies",
            "il",
            "di",
            "della",
            "ha",
            "acquisito",
            "con",
            "usa",
            "amministratore",
            "delegato",
            "said",
            "x",
        ];
        let codes = ['C', 'P', 'H', 'N'];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut matches = 0;
        for _ in 0..20_000 {
            let mut view = String::from(" ");
            let mut args = 0;
            for _ in 0..3 + next(8) {
                if next(3) == 0 {
                    view.push_str(&format!("{OPEN}{}{args}{CLOSE} ", codes[next(4)]));
                    args += 1;
                } else {
                    view.push_str(words[next(words.len())]);
                    view.push(' ');
                }
            }
            let (count, types) = placeholders(&view);
            assert_eq!(count, args);
            for (pi, pack) in engine.packs().iter().enumerate() {
                let candidates = engine.routing(pi).candidates(view.as_bytes(), count, types);
                for (ri, rule) in pack.rules.iter().enumerate() {
                    if rule.regex().is_some_and(|re| re.is_match(view.as_bytes())) {
                        matches += 1;
                        assert!(candidates.contains(&ri), "{} matches {view:?} but is no candidate", rule.id);
                    }
                }
            }
        }
        assert!(matches > 200, "only {matches} matches: the views test little");
    }
}

#[cfg(test)]
mod arity_tests {
    fn min_arguments(pattern: &str) -> usize {
        let source = format!("@language xx\n@relation r head=Company tail=Company|Product|Hardware\nrule t r: {pattern}\n");
        let (pack, errs) = crate::rules::parse("t.rules", &source, &[], &crate::RuleLimits::default());
        assert!(errs.is_empty(), "{errs:?}");
        pack.rules[0].min_arguments
    }

    #[test]
    fn a_rule_needs_the_entities_every_match_holds() {
        assert_eq!(min_arguments("{head:Company} _{0,3} buys {tail:Company}"), 2);
        // A list is one or more; an optional slot and the shorter of two alternatives count 0.
        assert_eq!(min_arguments("{head:Company} uses {tail:Product+}"), 2);
        assert_eq!(min_arguments("{head:Company} uses {tail:Product} (with {tail:Hardware})?"), 2);
        assert_eq!(min_arguments("{head:Company} uses ({tail:Product} | the {tail:Product} <entity>)"), 2);
        assert_eq!(min_arguments("({head:Company} | the firm) uses {tail:Product}"), 1);
    }
}
