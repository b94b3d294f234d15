//! Rule packs: the language data (lexicons, anaphors) and relation rules of one language, parsed
//! from text (see `dictionaries/rules/README.md`) and compiled to `regex` over a sentence view in
//! which every entity mention is a typed placeholder.
//!
//! The `regex` crate runs in time linear in the input for any pattern, so no rule can blow up on
//! any text; a size limit bounds what a rule may cost to compile.

use crate::error::Diagnostic;
use crate::model::EntityType;
use crate::normalize::NormalizedText;
use std::collections::{BTreeMap, HashMap};

/// Start and end of an entity placeholder in the sentence view (private-use characters, which
/// never occur in normalised text tokens as they are replaced).
pub(crate) const OPEN: char = '\u{E000}';
pub(crate) const CLOSE: char = '\u{E001}';

// Rules run as byte regexes over the UTF-8 view: a token is a run of non-space bytes, which keeps
// the compiled automata small (a Unicode "any character but space" class is large). A placeholder
// starts with the byte 0xEE (the first byte of U+E000); words starting with another private-use
// character of U+E000..U+EFFF are read as non-words, which is harmless.
/// One word token (not an entity), with its separator.
const WORD: &str = r"(?-u:[^ \xEE][^ ]*) ";
/// The rest of a token after a prefix.
const TOKEN_REST: &str = "(?-u:[^ ]*)";
/// Any token, entities included.
const ANY: &str = "(?-u:[^ ]+) ";

/// Limits on what a rule may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleLimits {
    /// Largest gap `_{m,n}` (n).
    pub max_gap: usize,
    /// Longest pattern, in characters.
    pub max_pattern_len: usize,
    /// Largest compiled regex, in bytes (`regex::RegexBuilder::size_limit`).
    pub max_compiled_size: usize,
}

impl Default for RuleLimits {
    fn default() -> Self {
        RuleLimits { max_gap: 12, max_pattern_len: 4000, max_compiled_size: 2 * 1024 * 1024 }
    }
}

/// A relation label with the types allowed at head and tail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RelationSchema {
    /// The label.
    pub label: String,
    /// Types allowed at the head.
    pub head: Vec<EntityType>,
    /// Types allowed at the tail.
    pub tail: Vec<EntityType>,
    /// Whether `a r b` is the same as `b r a`.
    pub symmetric: bool,
}

/// Who fills an argument that no slot captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fallback {
    None,
    /// The document's main company.
    Topic,
}

/// A slot of a compiled rule.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub group: String,
    pub is_head: bool,
}

/// A compiled relation rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub relation: String,
    /// The regex source, over the sentence view.
    pub regex_source: String,
    /// Compiled at load for user packs (so that a rule too big is a load error), on first use for
    /// the embedded packs (every one is compiled within the limits by a test).
    pub regex: std::sync::OnceLock<Option<regex::bytes::Regex>>,
    /// The same pattern with every slot relaxed to "any one to three words": a sentence that
    /// matches this but not `regex` is a near miss (shown by `relgraph explain --near-misses`).
    /// Compiled on first use.
    pub relaxed_source: Option<String>,
    pub relaxed: std::sync::OnceLock<Option<regex::bytes::Regex>>,
    pub limits: RuleLimits,
    pub source: String,
    pub slots: Vec<Slot>,
    pub head_fallback: Fallback,
    pub tail_fallback: Fallback,
    /// The fewest entity placeholders a view needs for this rule to match (see `Compiler::sequence`).
    pub min_arguments: usize,
    pub confidence: f32,
    pub head_types: Vec<EntityType>,
    pub tail_types: Vec<EntityType>,
    pub modality: Option<crate::model::Modality>,
    pub origin: String,
}

/// An anaphor phrase ("the company") and the types it may refer to.
#[derive(Debug, Clone)]
pub(crate) struct Anaphor {
    pub regex: regex::bytes::Regex,
    pub types: Vec<EntityType>,
    pub kind: Option<String>,
}

/// A parsed and compiled rule pack.
#[derive(Debug, Clone, Default)]
pub struct RulePack {
    /// Language code (`en`, `it`), or empty for a pack that only adds schema.
    pub language: String,
    /// Display name.
    pub name: String,
    /// Lexicons by name: lists of phrases (as written).
    pub lexicons: BTreeMap<String, Vec<String>>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) anaphors: Vec<Anaphor>,
    /// Relation labels defined here.
    pub relations: Vec<RelationSchema>,
}

impl Rule {
    /// The compiled regex (`None` only if an embedded rule failed to compile: see the tests).
    pub(crate) fn regex(&self) -> Option<&regex::bytes::Regex> {
        self.regex.get_or_init(|| build_regex(&self.regex_source, &self.limits).ok()).as_ref()
    }

    /// The near-miss regex, compiled on first use.
    pub(crate) fn relaxed(&self) -> Option<&regex::bytes::Regex> {
        self.relaxed.get_or_init(|| self.relaxed_source.as_deref().and_then(|s| build_regex(s, &self.limits).ok())).as_ref()
    }
}

impl RulePack {
    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Ids of the rules.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }

    /// A lexicon's phrases, folded, or an empty list.
    pub fn lexicon_folded(&self, name: &str) -> Vec<String> {
        self.lexicons.get(name).map(|l| l.iter().map(|p| NormalizedText::fold_form(p)).collect()).unwrap_or_default()
    }
}

/// Tokenises a phrase or pattern line: words, quoted phrases, punctuation, operators.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Sym(char),
    Slot(String),
    Lexicon(String),
    Inflect(String),
    Gap(usize, usize, bool, Option<String>),
    Class(String),
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn tokens(src: &'a str, limits: &RuleLimits) -> Result<Vec<(usize, Tok)>, (usize, String)> {
        let mut lx = Lexer { src, pos: 0 };
        let mut out = Vec::new();
        while let Some(t) = lx.next(limits)? {
            out.push(t);
        }
        Ok(out)
    }

    /// `!@NAME` right after a gap: the gap's words may not be words of that lexicon.
    fn exclusion(&mut self) -> Option<String> {
        let rest = self.src[self.pos..].strip_prefix("!@")?;
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            return None;
        }
        self.pos += 2 + name.len();
        Some(name)
    }

    fn next(&mut self, limits: &RuleLimits) -> Result<Option<(usize, Tok)>, (usize, String)> {
        let rest = &self.src[self.pos..];
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        let start = self.pos;
        let Some(c) = trimmed.chars().next() else { return Ok(None) };
        let take_until = |s: &str, end: char| s.find(end);
        let tok = match c {
            '"' => {
                let Some(k) = take_until(&trimmed[1..], '"') else { return Err((start, "unterminated quoted phrase".into())) };
                self.pos += k + 2;
                Tok::Quoted(trimmed[1..1 + k].to_string())
            }
            '{' => {
                let Some(k) = take_until(trimmed, '}') else { return Err((start, "unterminated slot: missing '}'".into())) };
                self.pos += k + 1;
                Tok::Slot(trimmed[1..k].trim().to_string())
            }
            '<' => {
                let Some(k) = take_until(trimmed, '>') else { return Err((start, "unterminated word class: missing '>'".into())) };
                self.pos += k + 1;
                Tok::Class(trimmed[1..k].trim().to_string())
            }
            '@' | '~' => {
                let body: String =
                    trimmed[1..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '\'' || *c == '-').collect();
                if body.is_empty() {
                    return Err((start, format!("expected a name after '{c}'")));
                }
                self.pos += 1 + body.len();
                if c == '@' { Tok::Lexicon(body) } else { Tok::Inflect(body) }
            }
            '_' => {
                let any = trimmed[1..].starts_with('_');
                let skip = if any { 2 } else { 1 };
                let after = &trimmed[skip..];
                if let Some(body) = after.strip_prefix('{') {
                    let Some(k) = body.find('}') else { return Err((start, "unterminated gap: missing '}'".into())) };
                    let spec = &body[..k];
                    let (m, n) = match spec.split_once(',') {
                        Some((a, b)) => (a.trim().parse::<usize>(), b.trim().parse::<usize>()),
                        None => (spec.trim().parse::<usize>(), spec.trim().parse::<usize>()),
                    };
                    let (Ok(m), Ok(n)) = (m, n) else { return Err((start, format!("bad gap bounds {{{spec}}}: expected {{m,n}}"))) };
                    if m > n {
                        return Err((start, format!("gap {{{m},{n}}}: minimum above maximum")));
                    }
                    if n > limits.max_gap {
                        return Err((start, format!("gap of {n} words exceeds the limit of {}", limits.max_gap)));
                    }
                    self.pos += skip + 1 + k + 1;
                    Tok::Gap(m, n, any, self.exclusion())
                } else {
                    self.pos += skip;
                    Tok::Gap(1, 1, any, self.exclusion())
                }
            }
            '(' | ')' | '|' | '?' | '^' | '$' | '+' => {
                self.pos += 1;
                Tok::Sym(c)
            }
            _ => {
                // A word (letters, digits, apostrophes, hyphens, '*' at the end) or one punctuation char.
                if c.is_alphanumeric() || c == '\'' {
                    let body: String = trimmed
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '-' || *c == '*' || *c == '.' || *c == '&')
                        .collect();
                    let body = body.trim_end_matches('.').to_string();
                    self.pos += body.len();
                    Tok::Word(body)
                } else if c == '\\' {
                    let ch = trimmed[1..].chars().next().ok_or((start, "dangling backslash".to_string()))?;
                    self.pos += 1 + ch.len_utf8();
                    Tok::Word(ch.to_string())
                } else {
                    self.pos += c.len_utf8();
                    Tok::Word(c.to_string())
                }
            }
        };
        Ok(Some((start, tok)))
    }
}

/// Regex of one view token: the folded text followed by the separator space.
fn literal(word: &str) -> String {
    // A literal may hold several view tokens ("l'azienda" is "l'" + "azienda" after folding):
    // split it the way the view splits text.
    let folded = NormalizedText::fold_form(word);
    let mut out = String::new();
    for t in crate::relate::view_tokens(&folded) {
        if let Some(prefix) = t.strip_suffix('*') {
            out.push_str(&regex::escape(prefix));
            out.push_str(&format!("{TOKEN_REST} "));
        } else {
            out.push_str(&regex::escape(&t));
            out.push(' ');
        }
    }
    out
}

/// A byte regex for one word token (with its separator) that is none of `words` and not an entity.
/// Built from a trie of the words: at each node, either leave the trie with a byte no word has
/// there, or stop where no word stops, or follow a word's next byte.
pub(crate) fn not_words(words: &[String]) -> String {
    #[derive(Default)]
    struct Node {
        terminal: bool,
        children: BTreeMap<u8, Node>,
    }
    let mut root = Node::default();
    for w in words.iter().filter(|w| !w.is_empty()) {
        let mut n = &mut root;
        for &b in w.as_bytes() {
            n = n.children.entry(b).or_default();
        }
        n.terminal = true;
    }
    fn rest(n: &Node, root: bool) -> String {
        let mut excluded: Vec<u8> = n.children.keys().copied().collect();
        excluded.push(b' ');
        if root {
            excluded.push(0xEE);
        }
        let class: String = excluded.iter().map(|b| format!("\\x{b:02X}")).collect();
        let mut alts = vec![format!("[^{class}][^ ]* ")];
        if !root && !n.terminal {
            alts.push(" ".to_string());
        }
        for (b, c) in &n.children {
            alts.push(format!("\\x{b:02X}{}", rest(c, false)));
        }
        format!("(?:{})", alts.join("|"))
    }
    format!("(?-u:{})", rest(&root, true))
}

/// English-style inflections of a word: partner -> partner|partners|partnered|partnering|partnership(s).
pub(crate) fn inflections(word: &str) -> Vec<String> {
    let w = word.to_lowercase();
    let mut out = vec![w.clone()];
    let consonant = |c: char| !"aeiou".contains(c);
    if let Some(stem) = w.strip_suffix('e') {
        out.extend([format!("{w}s"), format!("{w}d"), format!("{stem}ing")]);
    } else if w.ends_with('y') && w.len() > 2 && consonant(w.chars().rev().nth(1).unwrap_or('a')) {
        let stem = &w[..w.len() - 1];
        out.extend([format!("{stem}ies"), format!("{stem}ied"), format!("{w}ing")]);
    } else if w.ends_with(['s', 'x', 'z']) || w.ends_with("ch") || w.ends_with("sh") {
        out.extend([format!("{w}es"), format!("{w}ed"), format!("{w}ing")]);
    } else {
        out.extend([format!("{w}s"), format!("{w}ed"), format!("{w}ing")]);
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        // Doubling for short CVC verbs (plan -> planned), not for longer words (partner -> partnered).
        if (3..=4).contains(&n)
            && consonant(chars[n - 1])
            && !consonant(chars[n - 2])
            && consonant(chars[n - 3])
            && !"wxy".contains(chars[n - 1])
        {
            let last = chars[n - 1];
            out.extend([format!("{w}{last}ed"), format!("{w}{last}ing")]);
        }
    }
    out.extend([format!("{w}ship"), format!("{w}ships")].into_iter().filter(|_| w.ends_with("partner")));
    out
}

struct Compiler<'a, 'l> {
    relaxed: bool,
    lexicons: &'a mut LexiconRegexes<'l>,
    limits: &'a RuleLimits,
    slots: Vec<Slot>,
}

/// A pack's lexicons as regex fragments, each built once for all the pack's rules: a lexicon
/// serves many rules, each compiled twice (strict and relaxed), and a fragment folds and escapes
/// every word of its lexicon.
struct LexiconRegexes<'l> {
    lexicons: &'l BTreeMap<String, Vec<String>>,
    /// What a coordinated slot list is joined with: the `@AND` lexicon's words, or "and".
    coordination: String,
    /// `@NAME`: the alternation of its phrases, longest first.
    alternations: HashMap<String, String>,
    /// `_{m,n}!NAME`: one token that is none of its words.
    exclusions: HashMap<String, String>,
}

impl<'l> LexiconRegexes<'l> {
    fn new(lexicons: &'l BTreeMap<String, Vec<String>>) -> Self {
        let coordination = lexicons
            .get("AND")
            .map(|l| l.iter().map(|w| literal(w).trim_end().to_string()).collect::<Vec<_>>().join("|"))
            .unwrap_or_else(|| "and".into());
        LexiconRegexes { lexicons, coordination, alternations: HashMap::new(), exclusions: HashMap::new() }
    }

    /// `@name`: the alternation of its phrases, longest first (`None`: no such lexicon).
    fn alternation(&mut self, name: &str) -> Option<String> {
        let list = self.lexicons.get(name)?;
        let regex = self.alternations.entry(name.to_string()).or_insert_with(|| {
            let mut alts: Vec<String> = list.iter().map(|p| p.split_whitespace().map(literal).collect::<String>()).collect();
            alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
            format!("(?:{})", alts.join("|"))
        });
        Some(regex.clone())
    }

    /// One token that is none of the one-word phrases of lexicon `name` (`None`: no such lexicon).
    fn exclusion(&mut self, name: &str) -> Option<String> {
        let list = self.lexicons.get(name)?;
        let regex = self.exclusions.entry(name.to_string()).or_insert_with(|| {
            let words: Vec<String> = list.iter().map(|w| NormalizedText::fold_form(w)).filter(|w| !w.contains(' ')).collect();
            not_words(&words)
        });
        Some(regex.clone())
    }
}

impl Compiler<'_, '_> {
    /// Compiles a token sequence (until `)` or `|` at depth 0 or the end). Returns the regex and
    /// the fewest entities any match of it holds (slots and `<entity>`; optional parts and the
    /// shorter alternative count 0).
    fn sequence(&mut self, toks: &[(usize, Tok)], i: &mut usize) -> Result<(String, usize), (usize, String)> {
        let mut out = String::new();
        let mut entities = 0;
        while *i < toks.len() {
            let (pos, tok) = &toks[*i];
            let mut piece_entities = 0;
            let piece = match tok {
                Tok::Sym(')') | Tok::Sym('|') => break,
                Tok::Sym('(') => {
                    *i += 1;
                    let mut alts = vec![self.sequence(toks, i)?];
                    loop {
                        match toks.get(*i) {
                            Some((_, Tok::Sym('|'))) => {
                                *i += 1;
                                alts.push(self.sequence(toks, i)?);
                            }
                            Some((_, Tok::Sym(')'))) => break,
                            _ => return Err((*pos, "unclosed '(': missing ')'".into())),
                        }
                    }
                    piece_entities = alts.iter().map(|a| a.1).min().unwrap_or(0);
                    format!("(?:{})", alts.into_iter().map(|a| a.0).collect::<Vec<_>>().join("|"))
                }
                // The start of the sentence, after any list marker ("1 .", "-").
                Tok::Sym('^') => "^ (?:[^ \\p{L}\u{E000}][^ \\p{L}]* )*".to_string(),
                Tok::Sym('$') => "$".to_string(),
                Tok::Sym(c) => return Err((*pos, format!("unexpected '{c}'"))),
                Tok::Word(w) | Tok::Quoted(w) => {
                    let mut s = String::new();
                    for part in w.split_whitespace() {
                        s.push_str(&literal(part));
                    }
                    format!("(?:{s})")
                }
                Tok::Lexicon(name) => self.lexicons.alternation(name).ok_or_else(|| (*pos, format!("unknown lexicon @{name}")))?,
                Tok::Inflect(w) => {
                    let alts: Vec<String> = inflections(w).iter().map(|f| literal(f)).collect();
                    format!("(?:{})", alts.join("|"))
                }
                Tok::Gap(m, n, any, exclude) => {
                    let unit = match exclude {
                        None if *any => ANY.to_string(),
                        None => WORD.to_string(),
                        Some(name) => self.lexicons.exclusion(name).ok_or_else(|| (*pos, format!("unknown lexicon @{name}")))?,
                    };
                    format!("(?:{unit}){{{m},{n}}}")
                }
                Tok::Class(c) => match c.as_str() {
                    "num" => format!("(?:[0-9]{TOKEN_REST} )"),
                    "punct" => "(?:[^ \\p{L}\\p{N}\u{E000}] )".to_string(),
                    "word" => format!("(?:[\\p{{L}}\\p{{N}}]{TOKEN_REST} )"),
                    "entity" => {
                        piece_entities = 1;
                        format!("(?:{OPEN}[A-Z][0-9]+{CLOSE} )")
                    }
                    other => return Err((*pos, format!("unknown word class <{other}> (expected num, punct, word, entity)"))),
                },
                Tok::Slot(spec) => {
                    piece_entities = 1;
                    self.slot(*pos, spec, toks.get(*i + 1).is_some_and(|t| t.1 == Tok::Sym('+')))?
                }
            };
            *i += 1;
            // Postfix operators.
            match toks.get(*i) {
                Some((_, Tok::Sym('?'))) => {
                    out.push_str(&format!("(?:{piece})?"));
                    piece_entities = 0;
                    *i += 1;
                }
                Some((_, Tok::Sym('+'))) if matches!(tok, Tok::Slot(_)) => {
                    out.push_str(&piece);
                    *i += 1;
                }
                _ => out.push_str(&piece),
            }
            entities += piece_entities;
        }
        Ok((out, entities))
    }

    fn slot(&mut self, pos: usize, spec: &str, list: bool) -> Result<String, (usize, String)> {
        // `{tail:Company+}` and `{tail:Company}+` both mean a coordinated list.
        let (spec, list) = match spec.strip_suffix('+') {
            Some(s) => (s.trim_end(), true),
            None => (spec, list),
        };
        let (role, types) = match spec.split_once(':') {
            Some((r, t)) => (r.trim(), t.trim()),
            None if EntityType::parse(spec).is_some() || spec == "any" => ("", spec),
            None => (spec, ""),
        };
        let mut codes = String::new();
        if types.is_empty() || types == "any" {
            codes.push_str("CPHN");
        } else {
            for t in types.split('|') {
                match EntityType::parse(t.trim()) {
                    Some(et) => codes.push(et.code()),
                    None => return Err((pos, format!("unknown entity type {t:?} in slot"))),
                }
            }
        }
        let one = if self.relaxed { format!("(?:{ANY}){{1,3}}") } else { format!("{OPEN}[{codes}][0-9]+{CLOSE} ") };
        let body = if list {
            let conj = &self.lexicons.coordination;
            format!("{one}(?:, {one})*(?:(?:, )?(?:{conj}) {one})?")
        } else {
            one
        };
        match role {
            "" => Ok(format!("(?:{body})")),
            "head" | "tail" => {
                let group = format!("s{}", self.slots.len());
                self.slots.push(Slot { group: group.clone(), is_head: role == "head" });
                Ok(format!("(?P<{group}>{body})"))
            }
            other => Err((pos, format!("unknown slot role {other:?} (expected head or tail)"))),
        }
    }
}

/// Compiles a pattern to a regex source. Returns the source and its slots.
fn compile_pattern(
    pattern: &str,
    lexicons: &mut LexiconRegexes<'_>,
    limits: &RuleLimits,
    relaxed: bool,
) -> Result<(String, Vec<Slot>, usize), (usize, String)> {
    if pattern.chars().count() > limits.max_pattern_len {
        return Err((0, format!("pattern longer than {} characters", limits.max_pattern_len)));
    }
    let toks = Lexer::tokens(pattern, limits)?;
    let mut c = Compiler { relaxed, lexicons, limits, slots: Vec::new() };
    let mut i = 0;
    let (body, entities) = c.sequence(&toks, &mut i)?;
    if i < toks.len() {
        return Err((toks[i].0, "unexpected ')' or '|' at top level".into()));
    }
    let _ = c.limits;
    Ok((body, c.slots, entities))
}

fn build_regex(src: &str, limits: &RuleLimits) -> Result<regex::bytes::Regex, String> {
    regex::bytes::RegexBuilder::new(src).size_limit(limits.max_compiled_size).dfa_size_limit(16 * 1024 * 1024).build().map_err(
        |e| match e {
            regex::Error::CompiledTooBig(n) => format!("compiled rule exceeds the size limit of {n} bytes"),
            other => format!("rule does not compile: {other}"),
        },
    )
}

/// Parses and compiles a rule pack. `schema` holds the relation labels known so far (from earlier
/// packs); labels defined here are added to the returned pack.
pub fn parse(path: &str, source: &str, schema: &[RelationSchema], limits: &RuleLimits) -> (RulePack, Vec<Diagnostic>) {
    parse_with(path, source, schema, &BTreeMap::new(), limits)
}

/// Like [`parse`], with lexicons of earlier packs (of the same language, or language-neutral) that
/// this pack's rules may use (`base`); a lexicon defined here with the same name extends them.
pub fn parse_with(
    path: &str,
    source: &str,
    schema: &[RelationSchema],
    base: &BTreeMap<String, Vec<String>>,
    limits: &RuleLimits,
) -> (RulePack, Vec<Diagnostic>) {
    parse_pack(path, source, schema, base, limits, true)
}

/// Parses a pack; with `compile_now` false the rule regexes are compiled on first use (for the
/// embedded packs, whose rules are known to compile: start-up stays short).
pub(crate) fn parse_pack(
    path: &str,
    source: &str,
    schema: &[RelationSchema],
    base: &BTreeMap<String, Vec<String>>,
    limits: &RuleLimits,
    compile_now: bool,
) -> (RulePack, Vec<Diagnostic>) {
    let mut pack = RulePack::default();
    let mut errors = Vec::new();
    // Join indented continuation lines to their statement, remembering where each piece starts.
    struct Stmt {
        line: usize,
        text: String,
        /// (byte offset in text, line, column of that byte)
        pieces: Vec<(usize, usize, usize)>,
    }
    let mut stmts: Vec<Stmt> = Vec::new();
    for (n, raw) in source.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        let col = line[..indent].chars().count() + 1;
        let body = strip_comment(body);
        if indent > 0 && !stmts.is_empty() {
            let s = stmts.last_mut().expect("checked non-empty");
            s.text.push(' ');
            s.pieces.push((s.text.len(), n + 1, col));
            s.text.push_str(body);
        } else {
            stmts.push(Stmt { line: n + 1, text: body.to_string(), pieces: vec![(0, n + 1, col)] });
        }
    }
    let locate = |s: &Stmt, byte: usize| -> (usize, usize) {
        let &(off, line, col) = s.pieces.iter().rev().find(|p| p.0 <= byte).unwrap_or(&s.pieces[0]);
        // Never slice inside a character, whatever offset a caller computed (debug builds and the
        // fuzz targets flag such an offset as a bug).
        debug_assert!(byte >= s.text.len() || s.text.is_char_boundary(byte), "diagnostic offset {byte} inside a character");
        let mut end = byte.min(s.text.len()).max(off);
        while !s.text.is_char_boundary(end) {
            end -= 1;
        }
        let tail = &s.text[off..end];
        (line, col + tail.chars().count())
    };
    let mut known: Vec<RelationSchema> = schema.to_vec();
    let mut pending_rules: Vec<(usize, Stmt)> = Vec::new();
    for (k, s) in stmts.into_iter().enumerate() {
        let mut err = |byte: usize, msg: String| {
            let (l, c) = locate(&s, byte);
            errors.push(Diagnostic::new(path, l, c, msg));
        };
        let text = s.text.as_str();
        let (head, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let rest_at = text.len() - rest.len();
        match head {
            "@language" => pack.language = rest.trim().to_string(),
            "@name" => pack.name = rest.trim().to_string(),
            "@lexicon" | "@anaphor" => {
                let Some((name, list)) = rest.split_once('=') else {
                    err(rest_at, format!("expected `{head} NAME = phrase phrase ...`"));
                    continue;
                };
                // The list starts after the '=' (the untrimmed name's length: an offset computed from
                // the trimmed name fell inside a multi-byte character and panicked).
                let list_at = rest_at + name.len() + 1;
                let name = name.trim().to_string();
                let phrases = match Lexer::tokens(list, limits) {
                    Ok(toks) => {
                        let mut phrases = Vec::new();
                        let mut bad = None;
                        for (pos, t) in toks {
                            match t {
                                Tok::Word(w) | Tok::Quoted(w) => phrases.push(w),
                                Tok::Gap(1, 1, false, None) => phrases.push("_".into()),
                                other => bad = bad.or(Some((pos, format!("unexpected {other:?} in a phrase list")))),
                            }
                        }
                        if let Some((pos, m)) = bad {
                            err(list_at + pos, m);
                            continue;
                        }
                        phrases
                    }
                    Err((pos, m)) => {
                        err(list_at + pos, m);
                        continue;
                    }
                };
                if head == "@lexicon" {
                    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        err(rest_at, format!("invalid lexicon name {name:?}"));
                        continue;
                    }
                    pack.lexicons.entry(name).or_default().extend(phrases);
                } else {
                    let (types_s, kind) = match name.split_once('/') {
                        Some((t, k)) => (t, Some(k.trim().to_string())),
                        None => (name.as_str(), None),
                    };
                    let types: Option<Vec<EntityType>> = types_s.split('|').map(|t| EntityType::parse(t.trim())).collect();
                    let Some(types) = types else {
                        err(rest_at, format!("unknown type in anaphor {name:?}"));
                        continue;
                    };
                    for p in phrases {
                        // '_' in a phrase is any one word, '_?' optional.
                        let src: String = p
                            .split_whitespace()
                            .map(|w| match w {
                                "_" => WORD.to_string(),
                                "_?" => format!("(?:{WORD})?"),
                                w => literal(w),
                            })
                            .collect();
                        match build_regex(&format!(" {src}"), limits) {
                            Ok(regex) => pack.anaphors.push(Anaphor { regex, types: types.clone(), kind: kind.clone() }),
                            Err(m) => err(list_at, m),
                        }
                    }
                }
            }
            "@relation" => {
                let mut parts = rest.split_whitespace();
                let Some(label) = parts.next() else {
                    err(rest_at, "expected `@relation LABEL head=TYPES tail=TYPES [symmetric]`".into());
                    continue;
                };
                let mut rs = RelationSchema { label: label.to_string(), head: Vec::new(), tail: Vec::new(), symmetric: false };
                let mut ok = true;
                for p in parts {
                    let types = |v: &str| -> Option<Vec<EntityType>> { v.split('|').map(EntityType::parse).collect() };
                    match p.split_once('=') {
                        Some(("head", v)) => rs.head = types(v).unwrap_or_default(),
                        Some(("tail", v)) => rs.tail = types(v).unwrap_or_default(),
                        None if p == "symmetric" => rs.symmetric = true,
                        _ => {
                            err(rest_at, format!("unexpected {p:?} in @relation"));
                            ok = false;
                        }
                    }
                }
                if rs.head.is_empty() || rs.tail.is_empty() {
                    err(rest_at, format!("@relation {label}: head= and tail= need known types"));
                    ok = false;
                }
                if ok {
                    known.retain(|r| r.label != rs.label);
                    known.push(rs.clone());
                    pack.relations.push(rs);
                }
            }
            "rule" => pending_rules.push((k, s)),
            other => err(0, format!("unknown statement {other:?} (expected @language, @name, @lexicon, @anaphor, @relation or rule)")),
        }
    }
    // Rules last, so that lexicons may be defined anywhere in the file.
    let mut lexicons = base.clone();
    for (k, v) in &pack.lexicons {
        lexicons.entry(k.clone()).or_default().extend(v.iter().cloned());
    }
    let mut regexes = LexiconRegexes::new(&lexicons);
    for (_, s) in pending_rules {
        let mut err = |byte: usize, msg: String| {
            let (l, c) = locate(&s, byte);
            errors.push(Diagnostic::new(path, l, c, msg));
        };
        let text = s.text.as_str();
        let Some(colon) = text.find(':') else {
            err(0, "expected `rule ID LABEL [options]: pattern`".into());
            continue;
        };
        let header: Vec<&str> = text[4..colon].split_whitespace().collect();
        let pattern = &text[colon + 1..];
        let pattern_at = colon + 1;
        if header.len() < 2 {
            err(4, "expected `rule ID LABEL [options]: pattern`".into());
            continue;
        }
        let (id, label) = (header[0].to_string(), header[1].to_string());
        let Some(schema) = known.iter().find(|r| r.label == label) else {
            err(4 + text[4..].find(&label).unwrap_or(0), format!("unknown relation {label:?}: define it with @relation"));
            continue;
        };
        let mut rule_opts = (Fallback::None, Fallback::None, 1.0f32, None);
        let mut bad = false;
        for opt in &header[2..] {
            match opt.split_once('=') {
                Some(("head", "topic")) => rule_opts.0 = Fallback::Topic,
                Some(("tail", "topic")) => rule_opts.1 = Fallback::Topic,
                Some(("confidence", v)) => match v.parse::<f32>() {
                    Ok(c) if (0.0..=1.0).contains(&c) => rule_opts.2 = c,
                    _ => {
                        err(4, format!("confidence must be a number in [0, 1], found {v:?}"));
                        bad = true;
                    }
                },
                Some(("modality", "hedged")) => rule_opts.3 = Some(crate::model::Modality::Hedged),
                Some(("modality", "negated")) => rule_opts.3 = Some(crate::model::Modality::Negated),
                _ => {
                    err(4, format!("unknown rule option {opt:?}"));
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        let relaxed_source = compile_pattern(pattern, &mut regexes, limits, true)
            .ok()
            .map(|(body, _, _)| if body.starts_with('^') { body } else { format!(" {body}") });
        match compile_pattern(pattern, &mut regexes, limits, false) {
            Err((pos, m)) => err(pattern_at + pos, format!("rule {id}: {m}")),
            Ok((body, slots, min_arguments)) => {
                let has_head = slots.iter().any(|s| s.is_head);
                let has_tail = slots.iter().any(|s| !s.is_head);
                if !has_head && rule_opts.0 == Fallback::None || !has_tail && rule_opts.1 == Fallback::None {
                    err(pattern_at, "a rule needs a {head:...} and a {tail:...} slot (or head=topic / tail=topic)".into());
                    continue;
                }
                // Every element consumes "token + space" and the view starts with a space, so a
                // rule starts after a space; a rule anchored with `^` starts at the view's start.
                let src = if body.starts_with('^') { body.clone() } else { format!(" {body}") };
                let regex = std::sync::OnceLock::new();
                if compile_now {
                    match build_regex(&src, limits) {
                        Err(m) => {
                            err(pattern_at, format!("rule {id}: {m}"));
                            continue;
                        }
                        Ok(re) => {
                            let _ = regex.set(Some(re));
                        }
                    }
                }
                pack.rules.push(Rule {
                    id,
                    relation: label,
                    regex_source: src,
                    regex,
                    relaxed_source,
                    relaxed: std::sync::OnceLock::new(),
                    limits: *limits,
                    source: pattern.trim().to_string(),
                    slots,
                    head_fallback: rule_opts.0,
                    tail_fallback: rule_opts.1,
                    min_arguments,
                    confidence: rule_opts.2,
                    head_types: schema.head.clone(),
                    tail_types: schema.tail.clone(),
                    modality: rule_opts.3,
                    origin: format!("{path}:{}", s.line),
                });
            }
        }
    }
    (pack, errors)
}

/// Removes a trailing ` # comment` (a '#' after white space, outside quotes).
fn strip_comment(s: &str) -> &str {
    let mut in_quote = false;
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '#' if prev_space && !in_quote => return s[..i].trim_end(),
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    s
}

/// The embedded rule packs, each parsed (and its rules compiled) with the default limits, the
/// schema first; a pack with an error fails the test.
#[cfg(test)]
pub(crate) fn embedded_packs() -> Vec<RulePack> {
    let mut schema = Vec::new();
    let mut files: Vec<_> = crate::extractor::embedded::EMBEDDED.iter().filter(|(n, _)| n.ends_with(".rules")).collect();
    files.sort_by_key(|(n, _)| !n.ends_with("schema.rules"));
    let mut packs = Vec::new();
    for (name, text) in files {
        let (pack, errs) = parse_with(name, text, &schema, &BTreeMap::new(), &RuleLimits::default());
        assert!(errs.is_empty(), "{name}: {errs:?}");
        schema.extend(pack.relations.iter().cloned());
        packs.push(pack);
    }
    packs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded packs are compiled lazily at start-up: every rule must compile within the
    /// default limits, or it would silently never match.
    #[test]
    fn every_embedded_rule_compiles_within_the_default_limits() {
        let mut rules = 0;
        for pack in embedded_packs() {
            for r in &pack.rules {
                assert!(r.regex.get().is_some_and(|re| re.is_some()), "{}", r.id);
                // The relation stage tries a rule only on sentences with this many entities.
                let both = r.head_fallback == Fallback::None && r.tail_fallback == Fallback::None;
                assert!(r.min_arguments >= if both { 2 } else { 1 }, "{} needs {}", r.id, r.min_arguments);
                rules += 1;
            }
        }
        assert!(rules > 50, "{rules} embedded rules");
    }

    fn schema() -> Vec<RelationSchema> {
        vec![RelationSchema {
            label: "acquires".into(),
            head: vec![EntityType::Company],
            tail: vec![EntityType::Company],
            symmetric: false,
        }]
    }

    #[test]
    fn compiles_a_rule_with_lexicon_gap_and_inflection() {
        let src = "@language en\n@lexicon AUX = has have had \"will be\"\nrule en.acq acquires: {head:Company} @AUX? _{0,2} ~acquire {tail:Company+}\n";
        let (pack, errs) = parse("t.rules", src, &schema(), &RuleLimits::default());
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(pack.rules.len(), 1);
        let re = pack.rules[0].regex().unwrap();
        assert!(re.is_match(" \u{E000}C0\u{E001} has acquired \u{E000}C1\u{E001} ".as_bytes()));
        assert!(
            re.is_match(" \u{E000}C0\u{E001} quickly acquires \u{E000}C1\u{E001} , \u{E000}C2\u{E001} and \u{E000}C3\u{E001} ".as_bytes())
        );
        assert!(!re.is_match(" \u{E000}P0\u{E001} acquired \u{E000}C1\u{E001} ".as_bytes()));
    }

    #[test]
    fn errors_have_line_and_column() {
        let src = "@language en\nrule a acquires: {head:Company} @NOPE {tail}\nrule b acquires: {head:Company} _{0,99} {tail}\nrule c buys: {head} x {tail}\nrule d acquires: {head:Company} (a|b {tail}\n";
        let (_, errs) = parse("t.rules", src, &schema(), &RuleLimits::default());
        let msgs: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].starts_with("t.rules:2:33: rule a: unknown lexicon @NOPE"), "{}", msgs[0]);
        assert!(msgs[1].starts_with("t.rules:3:33: rule b: gap of 99"), "{}", msgs[1]);
        assert!(msgs[2].contains("unknown relation \"buys\""), "{}", msgs[2]);
        assert!(msgs[3].contains("unclosed '('"), "{}", msgs[3]);
    }

    #[test]
    fn gaps_can_exclude_words() {
        let src = "@lexicon PREP = in on of\nrule p acquires: {head:Company} 's _{0,3}!@PREP {tail:Company}\n";
        let (pack, errs) = parse("t.rules", src, &schema(), &RuleLimits::default());
        assert!(errs.is_empty(), "{errs:?}");
        let re = pack.rules[0].regex().unwrap();
        assert!(re.is_match(" \u{E000}C0\u{E001} 's new own \u{E000}C1\u{E001} ".as_bytes()));
        assert!(re.is_match(" \u{E000}C0\u{E001} 's online ofx \u{E000}C1\u{E001} ".as_bytes()));
        assert!(!re.is_match(" \u{E000}C0\u{E001} 's stacks in \u{E000}C1\u{E001} ".as_bytes()));
        assert!(!re.is_match(" \u{E000}C0\u{E001} 's of \u{E000}C1\u{E001} ".as_bytes()));
    }

    #[test]
    fn anchored_rules_match_at_the_start_after_list_markers() {
        let src = "rule a acquires: ^ {head:Company} bought {tail:Company}\n";
        let (pack, errs) = parse("t.rules", src, &schema(), &RuleLimits::default());
        assert!(errs.is_empty(), "{errs:?}");
        let re = pack.rules[0].regex().unwrap();
        assert!(re.is_match(" 1 . \u{E000}C0\u{E001} bought \u{E000}C1\u{E001} ".as_bytes()));
        assert!(!re.is_match(" so \u{E000}C0\u{E001} bought \u{E000}C1\u{E001} ".as_bytes()));
    }

    #[test]
    fn inflection_sets() {
        assert!(inflections("partner").contains(&"partnership".to_string()));
        assert!(inflections("acquire").contains(&"acquiring".to_string()));
        assert!(inflections("team").contains(&"teamed".to_string()));
        assert!(inflections("plan").contains(&"planned".to_string()));
    }

    #[test]
    fn size_limit_is_an_error_not_an_oom() {
        let limits = RuleLimits { max_compiled_size: 10_000, ..RuleLimits::default() };
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
        let src = format!("@lexicon BIG = {}\nrule big acquires: {{head:Company}} @BIG @BIG {{tail:Company}}\n", words.join(" "));
        let (_, errs) = parse("big.rules", &src, &schema(), &limits);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("size limit"), "{}", errs[0]);
    }
}
