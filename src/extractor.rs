//! The `Extractor`: built once from dictionaries and rule packs, then run on any number of
//! documents, from any number of threads. The pipeline of one document:
//! normalise -> segment -> gazetteer candidates -> context cues -> pattern recognisers ->
//! overlaps -> document-level resolution (ambiguity, makers, short forms, acronyms, former names) ->
//! relations.

use crate::ascii::Form;
use crate::dictionary::{self, EntryDef};
use crate::error::{Diagnostic, Error, Result};
use crate::gazetteer::{Gazetteer, case_matches};
use crate::language::StopWords;
use crate::model::{Document, Entity, EntityType, Evidence, Mention, Modality, Relation, Source};
use crate::normalize::{NormalizedText, is_word_char};
use crate::patterns::Recognisers;
use crate::relate::{ArgMention, RelateInput, RelationEngine};
use crate::rules::{self, RuleLimits, RulePack};
use crate::segment;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// How overlapping candidate mentions are settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OverlapPolicy {
    /// The leftmost candidate wins, then the longest ("Azure Maia" over "Azure" in "Azure Maia";
    /// in "Sam Samwise" both words are taken). On the same span, the higher priority wins, and a
    /// dictionary entry beats a pattern.
    #[default]
    LeftmostLongest,
    /// The highest `priority=` wins, then the longest, then the leftmost.
    Priority,
    /// Keep every candidate, nested and overlapping ones too.
    All,
}

/// Switches of the pipeline.
#[derive(Debug, Clone)]
pub struct Options {
    /// Overlap policy.
    pub overlap: OverlapPolicy,
    /// Run the pattern recognisers.
    pub patterns: bool,
    /// Extract relations.
    pub relations: bool,
    /// Keep negated relations in `relations` (otherwise they go to `negated_relations`).
    pub include_negated: bool,
    /// Limits on rule cost.
    pub rule_limits: RuleLimits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            overlap: OverlapPolicy::default(),
            patterns: true,
            relations: true,
            include_negated: false,
            rule_limits: RuleLimits::default(),
        }
    }
}

/// Builds an [`Extractor`] from the embedded defaults and the user's files.
///
/// ```
/// use relgraph::ExtractorBuilder;
/// let extractor = ExtractorBuilder::new()
///     .dictionary_str("mine.dict", "acme_widget | Acme Widget | Product/software | Widget Pro | maker=acme")
///     .build()
///     .unwrap();
/// let doc = extractor.extract("Microsoft ships the Acme Widget.");
/// assert!(doc.entity("acme_widget").is_some());
/// assert!(doc.entity("microsoft").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    default_dictionaries: bool,
    default_rules: bool,
    dictionaries: Vec<(String, String)>,
    dictionary_paths: Vec<PathBuf>,
    rules: Vec<(String, String)>,
    rule_paths: Vec<PathBuf>,
    stoplists: Vec<String>,
    options: Options,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ExtractorBuilder {
    /// A builder with the embedded default dictionaries and rule packs.
    pub fn new() -> Self {
        ExtractorBuilder {
            default_dictionaries: true,
            default_rules: true,
            dictionaries: Vec::new(),
            dictionary_paths: Vec::new(),
            rules: Vec::new(),
            rule_paths: Vec::new(),
            stoplists: Vec::new(),
            options: Options::default(),
        }
    }

    /// Whether to load the embedded dictionaries (and stop list).
    pub fn default_dictionaries(mut self, yes: bool) -> Self {
        self.default_dictionaries = yes;
        self
    }

    /// Whether to load the embedded rule packs.
    pub fn default_rules(mut self, yes: bool) -> Self {
        self.default_rules = yes;
        self
    }

    /// Adds a dictionary from text; `name` labels it in diagnostics.
    pub fn dictionary_str(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.dictionaries.push((name.into(), text.into()));
        self
    }

    /// Adds a dictionary file, or every `*.dict` file in a directory.
    pub fn dictionary_file(mut self, path: impl AsRef<Path>) -> Self {
        self.dictionary_paths.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds a rule pack from text.
    pub fn rules_str(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.rules.push((name.into(), text.into()));
        self
    }

    /// Adds a rule pack file, or every `*.rules` file in a directory.
    pub fn rules_file(mut self, path: impl AsRef<Path>) -> Self {
        self.rule_paths.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds stop-list forms (one a line).
    pub fn stoplist_str(mut self, text: impl Into<String>) -> Self {
        self.stoplists.push(text.into());
        self
    }

    /// Sets the overlap policy.
    pub fn overlap_policy(mut self, policy: OverlapPolicy) -> Self {
        self.options.overlap = policy;
        self
    }

    /// Turns the pattern recognisers on or off.
    pub fn patterns(mut self, yes: bool) -> Self {
        self.options.patterns = yes;
        self
    }

    /// Turns relation extraction on or off.
    pub fn relations(mut self, yes: bool) -> Self {
        self.options.relations = yes;
        self
    }

    /// Keeps negated relations among the relations.
    pub fn include_negated(mut self, yes: bool) -> Self {
        self.options.include_negated = yes;
        self
    }

    /// Sets the limits on rule cost.
    pub fn rule_limits(mut self, limits: RuleLimits) -> Self {
        self.options.rule_limits = limits;
        self
    }

    fn read_files(paths: &[PathBuf], ext: &str, out: &mut Vec<LoadFile>) -> Result<()> {
        for p in paths {
            let mut files = Vec::new();
            if p.is_dir() {
                let rd = std::fs::read_dir(p).map_err(|source| Error::Io { path: p.clone(), source })?;
                let mut v: Vec<PathBuf> =
                    rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|f| f.extension().is_some_and(|e| e == ext)).collect();
                v.sort();
                files.extend(v);
            } else {
                files.push(p.clone());
            }
            for f in files {
                let bytes = std::fs::read(&f).map_err(|source| Error::Io { path: f.clone(), source })?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::Load(vec![Diagnostic::new(&f.display().to_string(), 1, 1, "file is not valid UTF-8")]))?;
                out.push((f.display().to_string(), Cow::Owned(text)));
            }
        }
        Ok(())
    }

    /// Loads and compiles everything; every problem of every file is reported at once.
    ///
    /// The default language's recognisers go on compiling their regexes for ASCII text on a
    /// background thread for some milliseconds after this returns; a document that needs one
    /// before then waits for it.
    pub fn build(self) -> Result<Extractor> {
        // The embedded files are borrowed, not copied (2 MB of dictionaries).
        let mut dict_sources: Vec<LoadFile> = Vec::new();
        let mut rule_sources: Vec<LoadFile> = Vec::new();
        let mut stop_sources: Vec<String> = self.stoplists.clone();
        for (rel, text) in embedded::EMBEDDED {
            let name = format!("<builtin>/{rel}");
            if rel.ends_with(".dict") && self.default_dictionaries {
                dict_sources.push((name, Cow::Borrowed(text)));
            } else if rel.ends_with(".rules") && (self.default_rules || rel.ends_with("schema.rules")) {
                rule_sources.push((name, Cow::Borrowed(text)));
            } else if rel.ends_with("stoplist.txt") && self.default_dictionaries {
                stop_sources.push(text.to_string());
            }
        }
        dict_sources.extend(self.dictionaries.into_iter().map(|(name, text)| (name, Cow::Owned(text))));
        Self::read_files(&self.dictionary_paths, "dict", &mut dict_sources)?;
        rule_sources.extend(self.rules.into_iter().map(|(name, text)| (name, Cow::Owned(text))));
        Self::read_files(&self.rule_paths, "rules", &mut rule_sources)?;
        // Schema first, so that rules of any pack may use any label.
        rule_sources.sort_by_key(|(n, _)| !n.ends_with("schema.rules"));

        // Two threads from the start. This one parses the dictionaries (on all cores) and builds
        // the gazetteer. The other parses the rule packs and builds the relation engine (the two
        // share nothing), prepares the default language's rules, which its first document would
        // otherwise prepare (see `Extractor::run`), then builds that language's recognisers, which
        // need the dictionaries' vendor names and stop list: this thread sends them once the
        // dictionaries are parsed (nothing, when a dictionary has an error). The recognisers'
        // regexes for ASCII text are then compiled on a thread of their own, which goes on after
        // `build` returns: a first document needs them some milliseconds after it starts.
        let (limits, relations, patterns) = (&self.options.rule_limits, self.options.relations, self.options.patterns);
        type Lexicon = (Vec<String>, HashSet<String>);
        let (lexicon_tx, lexicon_rx) = std::sync::mpsc::channel::<Option<Lexicon>>();
        let load_rules = |lexicon: Box<dyn FnOnce() -> Option<Lexicon> + Send + '_>| -> LoadedRules {
            let (packs, errors) = parse_rule_packs(&rule_sources, limits);
            if !errors.is_empty() {
                return (errors, None, None);
            }
            let engine = RelationEngine::new(merge_packs(packs)).inspect(|engine| {
                if let Some(code) = pack_languages(engine).first().filter(|_| relations) {
                    engine.prepare(code);
                }
            });
            let lexicon = if patterns && engine.is_ok() { lexicon() } else { None };
            let recognisers = engine.as_ref().ok().zip(lexicon).map(|(engine, (vendors, generic))| {
                let code = language_codes(engine).swap_remove(0);
                let lexicons = recogniser_lexicons(engine, &code);
                let recognisers = Arc::new(Recognisers::new(&|name| lexicons.get(name).cloned().unwrap_or_default(), &vendors, generic));
                let warming = Arc::clone(&recognisers);
                // Without a thread to be had, the first document compiles what it needs.
                let _ = std::thread::Builder::new().name("relgraph-warm".into()).spawn(move || warming.warm(Form::Ascii));
                (code, recognisers)
            });
            (errors, Some(engine), recognisers)
        };
        let (mut errors, vendors, gazetteer, (rule_errors, engine, recognisers)) = std::thread::scope(|scope| {
            let load_rules = &load_rules;
            // Owned here: should this thread panic, the channel closes and the rules' thread,
            // which the scope waits for, does not wait for the lexicon for ever.
            let lexicon_tx = lexicon_tx;
            let rules = std::thread::Builder::new()
                .name("relgraph-load-rules".into())
                .spawn_scoped(scope, move || load_rules(Box::new(move || lexicon_rx.recv().ok().flatten())))
                .ok();
            let mut errors = Vec::new();
            let mut defs: Vec<EntryDef> = Vec::new();
            for parsed in parse_dictionaries(&dict_sources) {
                errors.extend(parsed.errors);
                if defs.is_empty() {
                    defs = parsed.entries; // a move, not a copy of a large first file
                } else {
                    defs.extend(parsed.entries);
                }
            }
            drop(dict_sources); // parsed: a large dictionary's text need not stay for the build
            let stoplist: Vec<String> = stop_sources.iter().flat_map(|s| dictionary::parse_stoplist(s)).collect();
            let vendors = vendor_names(&defs);
            // (No recognisers without a gazetteer, so none when a dictionary has an error.)
            let lexicon = errors.is_empty().then(|| (vendors.clone(), stoplist.iter().map(|s| NormalizedText::fold_form(s)).collect()));
            // Sent to the rules' thread; kept here only when no thread could be had for them.
            let kept = if rules.is_some() {
                let _ = lexicon_tx.send(lexicon);
                None
            } else {
                lexicon
            };
            let gazetteer = if errors.is_empty() { Some(Gazetteer::build(defs, &stoplist)) } else { None };
            let rules = match rules.map(|r| r.join()) {
                Some(Ok(rules)) => rules,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => load_rules(Box::new(move || kept)),
            };
            (errors, vendors, gazetteer, rules)
        });
        errors.extend(rule_errors);
        // Both are built when no file has an error.
        let (Some(gazetteer), Some(engine)) = (gazetteer, engine) else { return Err(Error::Load(errors)) };
        let gazetteer = gazetteer?;
        let engine = engine?;
        Extractor::assemble(gazetteer, engine, self.options, vendors, recognisers)
    }
}

/// What the rule thread of [`ExtractorBuilder::build`] returns: the packs' problems, the relation
/// engine (none when a pack has a problem), and the recognisers of the default language.
type LoadedRules = (Vec<Diagnostic>, Option<Result<RelationEngine>>, Option<(String, Arc<Recognisers>)>);

/// Names of the companies that make hardware: every form of each entry some hardware entry names
/// as its `maker=` (entries of one id count as one, as in the gazetteer), those of two or more
/// characters starting with a capital, sorted (for the "VENDOR MODEL" recogniser).
fn vendor_names(defs: &[EntryDef]) -> Vec<String> {
    let makers: HashSet<&str> =
        defs.iter().filter(|d| d.entity_type == EntityType::Hardware).filter_map(|d| d.attributes.get("maker")).collect();
    let mut vendors: Vec<String> = defs
        .iter()
        .filter(|d| makers.contains(d.id.as_str()))
        .flat_map(|d| d.forms.iter().map(|f| &f.text))
        .filter(|f| f.chars().count() >= 2 && f.chars().next().is_some_and(char::is_uppercase))
        .cloned()
        .collect();
    vendors.sort();
    vendors.dedup();
    vendors
}

/// The lexicons of the packs of language `code` (and the language-neutral ones) that the
/// recognisers are built from.
fn recogniser_lexicons(engine: &RelationEngine, code: &str) -> HashMap<String, Vec<String>> {
    ["ROLE", "ROLE_LINK", "COPULA", "DETERMINER", "LEGAL_FORM", "STOPWORDS", "NAME_STOP", "PRODUCT_NOUN", "COMPANY_NOUN"]
        .iter()
        // Lexicons of the legal-form recogniser (src/patterns.rs).
        .chain(&[
            "ABBREVIATIONS",
            "NAME_INITIAL",
            "LEGAL_FORM_TAIL",
            "ORG_OF",
            "NON_COMPANY_HEAD",
            "PLACE",
            "NAME_START",
            "LEGAL_FORM_TAIL_AFTER",
            "NAME_DESCRIBER",
            "COMPANY_UNIT",
            "SPONSORED_NAME",
        ])
        .map(|n| (n.to_string(), engine.lexicon_as_written(code, n)))
        .collect()
}

/// A file to load: its name (a path, or `<builtin>/...` for an embedded one) and its text.
type LoadFile = (String, Cow<'static, str>);

/// Merges packs of the same language (user packs extend the defaults).
fn merge_packs(packs: Vec<RulePack>) -> Vec<RulePack> {
    let mut merged: Vec<RulePack> = Vec::new();
    for p in packs {
        match merged.iter_mut().find(|m| m.language == p.language) {
            Some(m) => {
                for (k, v) in p.lexicons {
                    m.lexicons.entry(k).or_default().extend(v);
                }
                m.rules.extend(p.rules);
                m.anaphors.extend(p.anaphors);
                m.relations.extend(p.relations);
            }
            None => merged.push(p),
        }
    }
    merged
}

/// The languages the packs name, in pack order; the first is the one a document with no clear
/// language is taken to be in.
fn pack_languages(engine: &RelationEngine) -> Vec<String> {
    let mut codes: Vec<String> = engine.packs().iter().map(|p| p.language.clone()).filter(|l| !l.is_empty() && l != "*").collect();
    codes.dedup();
    codes
}

/// The extractor's languages: those of the packs, or English when no pack names one (never empty).
fn language_codes(engine: &RelationEngine) -> Vec<String> {
    let codes = pack_languages(engine);
    if codes.is_empty() { vec!["en".into()] } else { codes }
}

/// Parses the rule packs `(name, text)` in order (the schema first), each seeing the relations
/// declared before it and the lexicons of the packs of its language loaded before it.
fn parse_rule_packs(rule_sources: &[LoadFile], limits: &RuleLimits) -> (Vec<RulePack>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut packs: Vec<RulePack> = Vec::new();
    let mut schema = Vec::new();
    for (name, text) in rule_sources {
        // A user pack of a loaded language may use that language's lexicons: peek at its
        // @language line and hand it the lexicons loaded so far.
        let language = text.lines().find_map(|l| l.trim().strip_prefix("@language").map(|v| v.trim().to_string())).unwrap_or_default();
        let mut base: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for p in packs.iter().filter(|p| p.language == language || p.language == "*" || p.language.is_empty()) {
            for (k, v) in &p.lexicons {
                base.entry(k.clone()).or_default().extend(v.iter().cloned());
            }
        }
        // The embedded packs compile on first use when the limits are the defaults (a test
        // compiles every embedded rule within them).
        let trusted = name.starts_with("<builtin>/") && *limits == RuleLimits::default();
        let (pack, errs) = rules::parse_pack(name, text, &schema, &base, limits, !trusted);
        errors.extend(errs);
        schema.extend(pack.relations.iter().cloned());
        packs.push(pack);
    }
    (packs, errors)
}

/// From this many bytes of dictionaries on, files are parsed on all cores (a few tens of
/// milliseconds for the embedded ones, against tens of microseconds to start a thread).
const PARALLEL_LOAD_MIN_BYTES: usize = 256 * 1024;

/// Parses each `(name, text)` dictionary, in order; the files are shared out among the cores when
/// there are several and enough text. (A file of 8 MiB or more is also cut into chunks by
/// [`dictionary::parse`] itself.)
fn parse_dictionaries(sources: &[LoadFile]) -> Vec<dictionary::ParsedDictionary> {
    let total: usize = sources.iter().map(|(_, text)| text.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(sources.len());
    if threads <= 1 || total < PARALLEL_LOAD_MIN_BYTES {
        return sources.iter().map(|(name, text)| dictionary::parse(name, text)).collect();
    }
    let groups = crate::parallel::balance(sources.iter().enumerate().collect(), threads, |(_, (_, text))| text.len());
    let jobs: Vec<_> = groups
        .into_iter()
        .map(|group| move || group.into_iter().map(|(i, (name, text))| (i, dictionary::parse(name, text))).collect::<Vec<_>>())
        .collect();
    let mut parsed: Vec<(usize, dictionary::ParsedDictionary)> = crate::parallel::run_scoped(jobs).into_iter().flatten().collect();
    parsed.sort_unstable_by_key(|(i, _)| *i);
    parsed.into_iter().map(|(_, p)| p).collect()
}

/// A language other than the default one is taken only when at least one word in this many of
/// the sample is one of its stop words (see `Extractor::language_index`).
const MIN_OTHER_LANGUAGE_STOPWORD_SHARE: usize = 10;

/// What a language contributes outside its rules.
#[derive(Debug, Clone)]
struct Language {
    code: String,
    stopwords: HashSet<String>,
    /// Words with their final '.' that end no sentence (see `segment::sentences`).
    abbreviations: HashSet<String>,
    former_name: Vec<String>,
    /// Built on first use: a run that never sees Italian never compiles the Italian recognisers
    /// (the default language's are built with the extractor).
    recognisers: std::sync::OnceLock<Arc<Recognisers>>,
    /// Set when the relation rules of this language start being prepared (see `Extractor::run`).
    relations_warming: std::sync::OnceLock<()>,
    /// Lexicons the recognisers are built from.
    lexicons: HashMap<String, Vec<String>>,
}

impl Language {
    fn recognisers(&self, vendors: &[String], generic: &HashSet<String>) -> &Recognisers {
        self.recognisers.get_or_init(|| {
            Arc::new(Recognisers::new(&|name| self.lexicons.get(name).cloned().unwrap_or_default(), vendors, generic.clone()))
        })
    }
}

#[derive(Debug)]
struct Inner {
    gazetteer: Gazetteer,
    engine: RelationEngine,
    languages: Vec<Language>,
    /// Each language's stop words, for guessing a document's language.
    stopwords: StopWords,
    /// Names of companies that make hardware (for "VENDOR MODEL" recognition).
    vendors: Vec<String>,
    options: Options,
}

/// The compiled extractor. Cheap to clone (an `Arc`), `Send + Sync`.
///
/// ```
/// let extractor = relgraph::Extractor::default();
/// let doc = extractor.extract("NVIDIA’s H200 powers Microsoft Azure, and AMD EPYC chips too.");
/// let ids: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
/// assert!(ids.contains(&"nvidia") && ids.contains(&"azure") && ids.contains(&"amd"));
/// assert!(doc.has_relation("amd", "develops", "amd_epyc"));
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
}

impl Default for Extractor {
    /// The extractor with the embedded dictionaries and rule packs. They are checked by the test
    /// suite, so building them does not fail.
    fn default() -> Self {
        ExtractorBuilder::new().build().expect("the embedded dictionaries and rule packs are valid")
    }
}

/// What a pattern-found entity is: (name, type, confidence, model token, vendor entry).
type PatternInfo = (String, EntityType, f32, Option<String>, Option<u32>);

/// A mention before entities are formed.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    target: Target,
    source: Source,
    priority: i32,
    confidence: f32,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// Dictionary entries, best first.
    Entries(Vec<u32>),
    /// A pattern-found entity.
    New { key: String, name: String, entity_type: EntityType, model: Option<String>, vendor: Option<u32> },
}

/// An entity of one document: a dictionary entry, or one found by a pattern (an index into the
/// document's [`PatternEntities`]). A number, not the pattern entity's id: keys are copied into
/// every mention, alias and merge, and an id cloned each time was a tenth of the allocations of
/// a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Entry(u32),
    New(u32),
}

/// The entities a document's patterns found, by [`Key::New`] index: each id once, with what the
/// first of its matches said of it.
#[derive(Debug, Default)]
struct PatternEntities {
    ids: Vec<String>,
    info: Vec<PatternInfo>,
    index: HashMap<String, u32>,
}

impl PatternEntities {
    /// The key of the entity with this `id`, added with `info` if it is new.
    fn key(&mut self, id: String, info: impl FnOnce() -> PatternInfo) -> Key {
        let next = self.ids.len() as u32;
        let k = *self.index.entry(id).or_insert_with_key(|id| {
            self.ids.push(id.clone());
            self.info.push(info());
            next
        });
        Key::New(k)
    }
}

/// The id of an entity found by a pattern: its folded name, runs of other characters as one `_`
/// (also the graph's node-id slug).
pub(crate) fn slug(name: &str) -> String {
    // (One allocation: the name folded on the stack when it can be, the `_`s trimmed in place.)
    let mut s = NormalizedText::with_fold_form(name, |folded| {
        let mut s = String::with_capacity(folded.len());
        for c in folded.chars() {
            if c.is_alphanumeric() {
                s.push(c);
            } else if !s.is_empty() && !s.ends_with('_') {
                s.push('_');
            }
        }
        s
    });
    if s.ends_with('_') {
        s.pop();
    }
    s
}

fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(k) = hay[from..].find(needle) {
        let s = from + k;
        let e = s + needle.len();
        let before = hay[..s].chars().next_back().is_none_or(|c| !is_word_char(c));
        let after = hay[e..].chars().next().is_none_or(|c| !is_word_char(c));
        if before && after {
            return true;
        }
        from = s + hay[s..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    false
}

impl Extractor {
    /// A builder (embedded defaults on).
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// `recognisers`: those of a language already built (see `ExtractorBuilder::build`).
    fn assemble(
        gazetteer: Gazetteer,
        engine: RelationEngine,
        options: Options,
        vendors: Vec<String>,
        recognisers: Option<(String, Arc<Recognisers>)>,
    ) -> Result<Self> {
        let languages: Vec<Language> = language_codes(&engine)
            .into_iter()
            .map(|code| {
                let lex = |name: &str| engine.lexicon_as_written(&code, name);
                let built = std::sync::OnceLock::new();
                if let Some((_, r)) = recognisers.as_ref().filter(|(c, _)| *c == code) {
                    let _ = built.set(Arc::clone(r));
                }
                Language {
                    stopwords: lex("STOPWORDS").iter().map(|s| NormalizedText::fold_form(s)).collect(),
                    abbreviations: lex("ABBREVIATIONS").into_iter().flat_map(|a| [a.to_lowercase(), a]).collect(),
                    former_name: lex("FORMER_NAME").iter().map(|s| NormalizedText::fold_form(s)).collect(),
                    recognisers: built,
                    relations_warming: std::sync::OnceLock::new(),
                    lexicons: recogniser_lexicons(&engine, &code),
                    code,
                }
            })
            .collect();
        let stopwords = StopWords::new(languages.iter().map(|l| &l.stopwords));
        Ok(Extractor { inner: Arc::new(Inner { gazetteer, engine, languages, stopwords, vendors, options }) })
    }

    /// The compiled gazetteer (entries, surface forms, load warnings).
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.inner.gazetteer
    }

    /// The loaded rule packs.
    pub fn rule_packs(&self) -> &[RulePack] {
        self.inner.engine.packs()
    }

    /// Non-fatal load problems (forms shared by two ids), each naming both places.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.inner.gazetteer.warnings
    }

    /// Language codes with a rule pack.
    pub fn languages(&self) -> Vec<&str> {
        self.inner.languages.iter().map(|l| l.code.as_str()).collect()
    }

    /// Detects the language of a text by counting each pack's stop words.
    pub fn detect_language(&self, text: &str) -> &str {
        &self.inner.languages[self.language_index(text)].code
    }

    fn language_index(&self, text: &str) -> usize {
        // The first 500 bytes decide when one language clearly leads (twenty stop words, twice as
        // many as any other's: the first paragraph of most news stories); else the first 1, 2,
        // 4, then 20 KB. Counting the first 4 KB of every document was a tenth of a run that
        // finds dictionary names only.
        let mut counts = vec![0usize; self.inner.languages.len()];
        let mut from = 0;
        for limit in [500, 1_000, 2_000, 4_000, 20_000] {
            let mut end = text.len().min(limit);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if end <= from {
                break;
            }
            self.inner.stopwords.count(&text[from..end], &mut counts);
            from = end;
            let mut sorted = counts.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            if sorted.first().is_some_and(|&top| top >= 20 && top >= 2 * sorted.get(1).copied().unwrap_or(0)) {
                break;
            }
        }
        // The default language (the first) unless another clearly leads: half again as many stop
        // words as the default's, and at least one word in `MIN_OTHER_LANGUAGE_STOPWORD_SHARE` of
        // the sample (running Italian has one in three; a sentence of it, one in four or more). A
        // table of figures is not Italian for a "Del E. Webb" in it (two Italian stop words among
        // forty words, no English one), nor English news for its "per share" (Italian "per").
        let mut words = None;
        let mut best = 0;
        for (i, &c) in counts.iter().enumerate() {
            if c <= counts[best] {
                continue;
            }
            let leads = i == 0
                || (2 * c > 3 * counts[0]
                    && c * MIN_OTHER_LANGUAGE_STOPWORD_SHARE >= *words.get_or_insert_with(|| text[..from].split_whitespace().count()));
            if leads {
                best = i;
            }
        }
        best
    }

    /// Extracts entities and relations from one text (the document name is empty).
    pub fn extract(&self, text: &str) -> Document {
        self.run("", text, None)
    }

    /// Extracts from one named document.
    pub fn extract_document(&self, name: &str, text: &str) -> Document {
        self.run(name, text, None)
    }

    /// Extracts and returns a trace of the relation stage: each sentence view and each rule that
    /// fired (used by `relgraph explain`).
    pub fn explain(&self, name: &str, text: &str) -> (Document, Vec<String>) {
        let mut trace = Vec::new();
        let doc = self.run(name, text, Some(&mut trace));
        (doc, trace)
    }

    fn run(&self, name: &str, text: &str, trace: Option<&mut Vec<String>>) -> Document {
        let inner = &*self.inner;
        let lang = &inner.languages[self.language_index(text)];
        // The first document in a language other than the default one (prepared at build time):
        // the relation rules are prepared on another thread while this one finds the entities
        // (both compile regexes; on one core after the other they were most of the first
        // document's time). The relation stage waits for it if it is not done (`OnceLock`); if
        // no thread can be spawned, it prepares them itself.
        if inner.options.relations && lang.relations_warming.set(()).is_ok() && !inner.engine.is_prepared(&lang.code) {
            let shared = Arc::clone(&self.inner);
            let code = lang.code.clone();
            let _ = std::thread::Builder::new().name("relgraph-rules".into()).spawn(move || shared.engine.prepare(&code));
        }
        let sentences = segment::sentences(text, &lang.abbreviations);
        let sentence_of = |pos: usize| sentences.partition_point(|s| s.end <= pos).min(sentences.len().saturating_sub(1));
        let view = NormalizedText::new(text);
        let gaz = &inner.gazetteer;

        // 1. Dictionary candidates, with context cues settled.
        let mut candidates = gaz.candidates(text, &view);
        let established: HashSet<u32> =
            candidates.iter().flat_map(|c| c.entries.iter().zip(&c.cue_bound).filter(|(_, cue)| !**cue).map(|(e, _)| *e)).collect();
        let mut sentence_cache: HashMap<usize, String> = HashMap::new();
        // Whether a sentence holds a cue, asked once per sentence and cue: asked per candidate,
        // a long sentence naming many cue-bound entries was read once for each of them.
        let mut cue_in_sentence: HashMap<(usize, &str), bool> = HashMap::new();
        for c in &mut candidates {
            // The entries kept move to the front, in their order (no new vector a candidate).
            let mut kept = 0;
            let mut own: Option<String> = None;
            for k in 0..c.entries.len() {
                let e = c.entries[k];
                let keep = !c.cue_bound[k] || established.contains(&e) || {
                    let si = sentence_of(c.start);
                    let folded = sentence_cache.entry(si).or_insert_with(|| match sentences.get(si) {
                        Some(r) => NormalizedText::fold_form(&text[r.clone()]),
                        None => String::new(),
                    });
                    let own = own.get_or_insert_with(|| NormalizedText::fold_form(&text[c.start..c.end]));
                    gaz.entries[e as usize]
                        .cues
                        .iter()
                        .any(|cue| cue != own && *cue_in_sentence.entry((si, cue.as_str())).or_insert_with(|| contains_word(folded, cue)))
                };
                if keep {
                    c.entries[kept] = e;
                    c.cue_bound[kept] = c.cue_bound[k];
                    kept += 1;
                }
            }
            c.entries.truncate(kept);
            c.cue_bound.truncate(kept);
        }
        candidates.retain(|c| !c.entries.is_empty());
        // By start (a stable sort: candidates of one span keep their order), so that each pattern
        // match below looks only at the candidates near it: scanning them all for every match was
        // quadratic in the length of the text (a 1 MB list of hardware names took minutes).
        candidates.sort_by_key(|c| (c.start, c.end));
        let longest = candidates.iter().map(|c| c.end - c.start).max().unwrap_or(0);
        let mut found: Vec<Found> = candidates
            .iter()
            .map(|c| {
                let mut entries = c.entries.clone();
                entries.sort_by_key(|&e| std::cmp::Reverse(gaz.entries[e as usize].priority));
                let priority = gaz.entries[entries[0] as usize].priority;
                Found {
                    start: c.start,
                    end: c.end,
                    target: Target::Entries(entries),
                    source: Source::Dictionary,
                    priority,
                    confidence: 1.0,
                }
            })
            .collect();

        // 2. Pattern recognisers.
        if inner.options.patterns {
            let recognisers = lang.recognisers(&inner.vendors, &inner.gazetteer.stop);
            let matches = recognisers.find(text);
            // First words of the company names of the document, known or found ("Occidental" of
            // "Occidental Petroleum Corp"): such a word in the possessive names an owner.
            let company_heads: HashSet<String> = matches
                .iter()
                .filter(|m| m.entity_type == EntityType::Company)
                .map(|m| m.name.as_str())
                .chain(
                    candidates
                        .iter()
                        .filter(|c| c.entries.iter().any(|&e| gaz.entries[e as usize].entity_type == EntityType::Company))
                        .map(|c| &text[c.start..c.end]),
                )
                .filter_map(|n| n.split_whitespace().next())
                .map(NormalizedText::fold_form)
                .collect();
            // Spans of generic legal-form names: known names inside them are fragments.
            let mut generic_spans: Vec<(usize, usize)> = Vec::new();
            for mut pm in matches {
                if pm.generic {
                    // "Ford Aerospace and Communications Corp", "Morgan Stanley and Co Inc": generic
                    // words after a known company name make a name; otherwise none ("Industries Inc").
                    let known_first = starting_in(&candidates, pm.start, pm.start + 1)
                        .iter()
                        .any(|c| c.end < pm.end && c.entries.iter().any(|&e| gaz.entries[e as usize].entity_type == EntityType::Company));
                    if !known_first {
                        generic_spans.push((pm.start, pm.end));
                        continue;
                    }
                }
                if pm.entity_type == EntityType::Person {
                    // Cut known names of other types off the front ("Microsoft Satya Nadella").
                    let mut cut = false;
                    while let Some(c) = starting_in(&candidates, pm.start, pm.start + 1).iter().find(|c| {
                        c.start == pm.start
                            && c.end < pm.end
                            && c.entries.iter().any(|&e| gaz.entries[e as usize].entity_type != EntityType::Person)
                    }) {
                        let rest = &text[c.end..pm.end];
                        pm.start = c.end + (rest.len() - rest.trim_start().len());
                        cut = true;
                    }
                    if pm.org_prefix && !cut {
                        continue;
                    }
                    let name = &text[pm.start..pm.end];
                    if name.split_whitespace().count() < 2 {
                        continue;
                    }
                    pm.name = crate::normalize::single_spaced(name);
                }
                if pm.entity_type == EntityType::Company {
                    // "Microsoft and Acme Corp.": a known name joined by a conjunction is another
                    // entity, not the first words of this one. (Only a known name inside this one:
                    // "Intel Corporation®" of a dictionary goes on past "Intel Corporation".)
                    let joined = starting_in(&candidates, pm.start, pm.start + 1)
                        .iter()
                        .filter(|c| c.start == pm.start && c.end < pm.end)
                        .find_map(|c| {
                            let rest = &text[c.end..pm.end];
                            let after_space = rest.trim_start();
                            let word = after_space.split_whitespace().next()?;
                            (after_space.len() < rest.len() && matches!(word, "and" | "&" | "e" | "ed" | "und" | "et"))
                                .then(|| pm.end - after_space[word.len()..].trim_start().len())
                        });
                    if let Some(new_start) = joined {
                        let dropped = text[pm.start..new_start].split_whitespace().count();
                        let rest: Vec<&str> = pm.name.split_whitespace().skip(dropped).collect();
                        if rest.is_empty() || new_start >= pm.end {
                            continue;
                        }
                        // "United Fire and Casualty Co": generic words after the conjunction are no
                        // name of their own; the whole is one name.
                        if !rest.iter().all(|w| NormalizedText::with_fold_form(w, |w| gaz.stop.contains(w))) {
                            pm.name = rest.join(" ");
                            pm.start = new_start;
                        }
                    }
                    // "Mobil's Mobil Oil Canada Ltd", "Brazil's Embraer SA", "Occidental's Natural Gas
                    // Pipeline Co": a known name in the possessive, the first word of another company
                    // name of the document in the possessive, or a possessive right before a known
                    // company, is an owner or a place, not the first word of the name ("Moody's
                    // Investors Service Inc" stays).
                    let span = &text[pm.start..pm.end];
                    let first_words: Vec<(usize, &str)> =
                        span.split_whitespace().take(3).map(|w| (pm.start + (w.as_ptr() as usize - span.as_ptr() as usize), w)).collect();
                    for (i, &(ws, w)) in first_words.iter().enumerate() {
                        let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) else { continue };
                        let Some(&(next, _)) = first_words.get(i + 1) else { break };
                        let company = |c: &&crate::gazetteer::Candidate| {
                            c.entries.iter().any(|&e| gaz.entries[e as usize].entity_type == EntityType::Company)
                        };
                        let owner = starting_in(&candidates, pm.start, pm.start + 1)
                            .iter()
                            .filter(company)
                            .any(|c| c.start == pm.start && c.end == ws + stem.len())
                            || i == 0 && NormalizedText::with_fold_form(stem, |stem| company_heads.contains(stem));
                        let owned =
                            starting_in(&candidates, next, next + 1).iter().filter(company).any(|c| c.start == next && c.end <= pm.end);
                        let rest: Vec<&str> = pm.name.split_whitespace().skip(i + 1).collect();
                        if (owner || owned) && !rest.is_empty() {
                            pm.name = rest.join(" ");
                            pm.start = next;
                        }
                        break;
                    }
                }
                if let Some((ms, me)) = pm.model {
                    // The dictionary already knows this model.
                    let known = starting_in(&candidates, ms.saturating_sub(longest), me).iter().any(|c| {
                        c.start < me
                            && ms < c.end
                            && c.entries
                                .iter()
                                .any(|&e| matches!(gaz.entries[e as usize].entity_type, EntityType::Hardware | EntityType::Product))
                            && !(c.start <= pm.start && c.end < me)
                    });
                    if known {
                        continue;
                    }
                }
                // A full name the dictionary knows as written ("Walt Disney Co.", "Samsung Electronics
                // Co. Ltd." -> "Samsung Electronics") resolves to the dictionary entry.
                let known = self.lookup(&pm.name, pm.entity_type).or_else(|| {
                    (pm.entity_type == EntityType::Company)
                        .then(|| recognisers.find_variant(&text[pm.start..pm.end], |v| self.lookup(v, EntityType::Company)))
                        .flatten()
                });
                let target = match known {
                    Some(entries) => Target::Entries(entries),
                    None => {
                        let vendor = pm.vendor.and_then(|(s, e)| self.lookup(&text[s..e], EntityType::Company)).map(|v| v[0]);
                        Target::New {
                            key: slug(&pm.name),
                            name: pm.name.clone(),
                            entity_type: pm.entity_type,
                            model: pm.model.map(|(s, e)| text[s..e].to_string()),
                            vendor,
                        }
                    }
                };
                if matches!(&target, Target::New { key, .. } if key.is_empty()) {
                    continue;
                }
                found.push(Found {
                    start: pm.start,
                    end: pm.end,
                    target,
                    source: Source::Pattern,
                    priority: -1,
                    confidence: pm.confidence,
                });
            }
            // "Morgan Stanley International", "IBM Nederland", "Bank of America Capital Markets": a
            // known company followed by unit words names a subsidiary or a unit, a company of its own.
            for c in &candidates {
                if !c.entries.iter().all(|&e| gaz.entries[e as usize].entity_type == EntityType::Company) {
                    continue;
                }
                let end = recognisers.unit_after(text, c.end);
                if end == c.end {
                    continue;
                }
                let name = crate::normalize::single_spaced(&text[c.start..end]);
                let target = match self.lookup(&name, EntityType::Company) {
                    Some(entries) => Target::Entries(entries),
                    None => Target::New { key: slug(&name), name, entity_type: EntityType::Company, model: None, vendor: None },
                };
                found.push(Found { start: c.start, end, target, source: Source::Pattern, priority: -1, confidence: 0.7 });
            }
            // "Security [Bancorp Inc]", "First [Boston Corp]": a known company name inside a longer
            // legal-form name, not at its start, is a fragment of that name.
            if !generic_spans.is_empty() {
                found.retain(|f| {
                    f.source != Source::Dictionary
                        || is_person_or_other(f, gaz)
                        || !generic_spans.iter().any(|&(s, e)| s < f.start && f.end <= e)
                });
            }
            // "$93.[3M]": a name that continues a number after its decimal point is part of it.
            found.retain(|f| {
                f.source != Source::Dictionary
                    || !(text[f.start..].starts_with(|c: char| c.is_ascii_digit()) && {
                        let before = &text.as_bytes()[..f.start];
                        before.len() >= 2 && before[before.len() - 1] == b'.' && before[before.len() - 2].is_ascii_digit()
                    })
            });
            // "BMW Open", "Nextel Cup", "Comerica Park": a company name followed by an event or a
            // venue word names that event or venue (after a sponsor), not the company.
            found.retain(|f| f.source != Source::Dictionary || is_person_or_other(f, gaz) || !recognisers.sponsored(text, f.end));
            // "said Keikichi Honda, general manager ... Honda said": the surname of a person named
            // earlier is that person, not a company or product of that name, unless the document
            // names that entity in another way ("Honda Motor Co") or the surname follows a link
            // word ("chairman of Dell").
            let is_person = |f: &Found| match &f.target {
                Target::New { entity_type, .. } => *entity_type == EntityType::Person,
                Target::Entries(v) => v.iter().all(|&e| gaz.entries[e as usize].entity_type == EntityType::Person),
            };
            let surnames: HashMap<String, usize> = found
                .iter()
                .filter(|f| is_person(f))
                .filter_map(|f| {
                    let words: Vec<&str> = text[f.start..f.end].split_whitespace().collect();
                    (words.len() >= 2).then(|| (NormalizedText::fold_form(words[words.len() - 1]), f.end))
                })
                .fold(HashMap::new(), |mut m, (w, end)| {
                    m.entry(w).and_modify(|e: &mut usize| *e = (*e).min(end)).or_insert(end);
                    m
                });
            if !surnames.is_empty() {
                let surname_of_person = |f: &Found| {
                    let after_person =
                        NormalizedText::with_fold_form(&text[f.start..f.end], |form| surnames.get(form).is_some_and(|&end| end <= f.start));
                    let linked = text[..f.start].split_whitespace().next_back().is_some_and(|w| recognisers.is_link_word(w));
                    f.source == Source::Dictionary && !is_person(f) && after_person && !linked
                };
                // Entities also named where the surname reading does not apply (not inside the
                // person's own name).
                let people: Vec<(usize, usize)> = found.iter().filter(|f| is_person(f)).map(|f| (f.start, f.end)).collect();
                let named: HashSet<u32> = found
                    .iter()
                    .filter(|f| !surname_of_person(f) && !people.iter().any(|&(s, e)| s < f.end && f.start < e))
                    .flat_map(|f| match &f.target {
                        Target::Entries(v) if !is_person(f) => v.clone(),
                        _ => Vec::new(),
                    })
                    .collect();
                found.retain(|f| match &f.target {
                    Target::Entries(v) => !surname_of_person(f) || v.iter().any(|e| named.contains(e)),
                    Target::New { .. } => true,
                });
            }
        }

        // 3. Overlaps.
        let mut selected = select(found, inner.options.overlap);

        // 4. Ambiguous forms: the entry already named unambiguously, else the first (priority order).
        let unambiguous: HashSet<u32> = selected
            .iter()
            .filter_map(|f| match &f.target {
                Target::Entries(v) if v.len() == 1 => Some(v[0]),
                _ => None,
            })
            .collect();
        let mut raw: Vec<(usize, usize, Key, Source)> = Vec::new();
        let mut patterns = PatternEntities::default();
        let mut builtin: Vec<(u32, Key, usize, usize)> = Vec::new(); // maker develops product
        for f in selected.drain(..) {
            match f.target {
                Target::Entries(v) => {
                    let e = v.iter().copied().find(|e| unambiguous.contains(e)).unwrap_or(v[0]);
                    raw.push((f.start, f.end, Key::Entry(e), f.source));
                    // A form that starts with its maker's name also names the maker.
                    let entry = &gaz.entries[e as usize];
                    if let (Some(m), EntityType::Product | EntityType::Hardware) = (entry.maker, entry.entity_type) {
                        let slice = &text[f.start..f.end];
                        let sv = NormalizedText::new(slice);
                        for mf in &gaz.entries[m as usize].forms {
                            let maker_len = NormalizedText::with_fold_form(mf, |mfold| {
                                (sv.as_str().len() > mfold.len()
                                    && sv.as_str().starts_with(mfold)
                                    && sv.as_str()[mfold.len()..].starts_with(' '))
                                .then_some(mfold.len())
                            });
                            if let Some(maker_len) = maker_len {
                                let end = f.start + sv.to_original(maker_len);
                                if case_matches(&text[f.start..end], mf, crate::dictionary::CasePolicy::Cap) {
                                    raw.push((f.start, end, Key::Entry(m), Source::Maker));
                                    builtin.push((m, Key::Entry(e), f.start, f.end));
                                    break;
                                }
                            }
                        }
                    }
                }
                Target::New { key, name, entity_type, model, vendor } => {
                    let key = patterns.key(key, || (name, entity_type, f.confidence, model, vendor));
                    raw.push((f.start, f.end, key, f.source));
                    if let Some(v) = vendor {
                        // The vendor is the first word(s) of the span, as matched by the recogniser.
                        let vlen = text[f.start..f.end].find(char::is_whitespace).unwrap_or(0);
                        if vlen > 0 {
                            raw.push((f.start, f.start + vlen, Key::Entry(v), Source::Maker));
                            builtin.push((v, key, f.start, f.end));
                        }
                    }
                }
            }
        }

        // 5. Short forms, acronyms and former names introduced in the document.
        let mut merges: HashMap<Key, Key> = HashMap::new();
        let mut local_aliases: Vec<(String, Key, usize)> = Vec::new(); // (form as written, entity, from offset)
        {
            let mut first_end: HashMap<Key, usize> = HashMap::new();
            for &(_, e, k, src) in &raw {
                if src != Source::Maker {
                    first_end.entry(k).and_modify(|v| *v = (*v).min(e)).or_insert(e);
                }
            }
            // Dictionary entries by number, then pattern entities by id: the order of the aliases,
            // which decides between two aliases of the same form.
            let mut first_end: Vec<(Key, usize)> = first_end.into_iter().collect();
            first_end.sort_unstable_by_key(|&(k, _)| match k {
                Key::Entry(e) => (false, e, ""),
                Key::New(i) => (true, 0, patterns.ids[i as usize].as_str()),
            });
            for &(k, from) in &first_end {
                let (name, ty, model) = match k {
                    Key::Entry(e) => {
                        let en = &gaz.entries[e as usize];
                        (en.name.as_str(), en.entity_type, None)
                    }
                    Key::New(i) => {
                        let info = &patterns.info[i as usize];
                        (info.0.as_str(), info.1, info.3.as_deref())
                    }
                };
                if ty == EntityType::Person {
                    let words: Vec<&str> = name.split_whitespace().collect();
                    if words.len() >= 2 {
                        for w in [words[0], words[words.len() - 1]] {
                            if w.chars().count() >= 3 && !NormalizedText::with_fold_form(w, |w| lang.stopwords.contains(w)) {
                                local_aliases.push((w.to_string(), k, from));
                            }
                        }
                    }
                }
                if let Some(m) = model {
                    local_aliases.push((m.to_string(), k, from));
                }
            }
            // "(AMD)" and "(formerly Facebook)" right after a mention.
            let mut by_start: Vec<(usize, usize, Key)> = raw.iter().filter(|m| m.3 != Source::Maker).map(|m| (m.0, m.1, m.2)).collect();
            by_start.sort_by_key(|m| (m.0, m.1));
            // (start, index) of each of `raw`, ascending, to find a mention inside an alias without
            // scanning them all; made when the first alias is found (most documents have none).
            let mut raw_by_start: Option<Vec<(usize, usize)>> = None;
            for (start, end, key) in &by_start {
                let rest = &text[*end..];
                let Some(inside) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix('(')) else { continue };
                let Some(close) = inside.find(')') else { continue };
                if close > 80 {
                    continue;
                }
                let inner_text = &inside[..close];
                let inner_start = *end + (rest.len() - inside.len());
                let folded = NormalizedText::fold_form(inner_text);
                let former = lang.former_name.iter().filter(|f| folded.starts_with(&format!("{f} "))).max_by_key(|f| f.len());
                let (alias_start, alias_text) = match former {
                    Some(f) => {
                        // Skip the cue words in the original text.
                        let words = f.split(' ').count();
                        let mut pos = 0;
                        let mut seen = 0;
                        for (i, c) in inner_text.char_indices() {
                            if c.is_whitespace() && i > 0 && !inner_text[..i].ends_with(char::is_whitespace) {
                                seen += 1;
                                if seen == words {
                                    pos = i;
                                    break;
                                }
                            }
                        }
                        let t = inner_text[pos..].trim_start();
                        (inner_start + (inner_text.len() - t.len()), t.trim_end())
                    }
                    None => {
                        let t = inner_text.trim();
                        let acronym = t.chars().count() >= 2
                            && t.chars().count() <= 10
                            && t.chars().next().is_some_and(char::is_uppercase)
                            && t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '.' || c == '-');
                        // The letters must be the initials of the words before it ("Advanced Micro
                        // Devices (AMD)"), not a source tag ("DVD (AFP)").
                        if !acronym || !is_acronym_of(t, &text[*start..*end]) {
                            continue;
                        }
                        (inner_start + (inner_text.len() - inner_text.trim_start().len()), t)
                    }
                };
                if alias_text.is_empty() {
                    continue;
                }
                let alias_end = alias_start + alias_text.len();
                // A mention already there: merge its entity into this one (former name of a known
                // entity) or nothing to do (same entity).
                let raw_starts = raw_by_start.get_or_insert_with(|| {
                    let mut v: Vec<(usize, usize)> = raw.iter().enumerate().map(|(i, m)| (m.0, i)).collect();
                    v.sort_unstable();
                    v
                });
                let (from, to) = (raw_starts.partition_point(|m| m.0 < alias_start), raw_starts.partition_point(|m| m.0 <= alias_end));
                let inside_mention = raw_starts[from..to]
                    .iter()
                    .map(|&(_, i)| i)
                    .filter(|&i| raw[i].1 <= alias_end && raw[i].3 != Source::Maker)
                    .min()
                    .map(|i| raw[i].2);
                match inside_mention {
                    Some(k) if k != *key => {
                        if former.is_some() {
                            merges.insert(k, *key);
                        }
                    }
                    Some(_) => {}
                    None => {
                        raw_starts.insert(raw_starts.partition_point(|&m| m < (alias_start, raw.len())), (alias_start, raw.len()));
                        raw.push((alias_start, alias_end, *key, Source::Alias));
                        local_aliases.push((alias_text.to_string(), *key, alias_end));
                    }
                }
            }
        }
        if !local_aliases.is_empty() {
            let folded: Vec<String> = local_aliases.iter().map(|(a, _, _)| NormalizedText::fold_form(a)).collect();
            let hay = view.as_str();
            // Spans taken, by start; an overlap is looked for among the spans that start at most
            // `widest` before (a scan of all of them for every match was quadratic).
            let mut covered: std::collections::BTreeSet<(usize, usize)> = raw.iter().map(|m| (m.0, m.1)).collect();
            let mut widest = covered.iter().map(|&(s, e)| e.saturating_sub(s)).max().unwrap_or(0);
            for (ns, ne, pattern) in leftmost_longest(hay, &folded) {
                let ok_before = hay[..ns].chars().next_back().is_none_or(|c| !is_word_char(c));
                let ok_after = hay[ne..].chars().next().is_none_or(|c| !is_word_char(c));
                if !ok_before || !ok_after {
                    continue;
                }
                let (s, e) = (view.to_original(ns), view.to_original(ne));
                let (alias, key, from) = &local_aliases[pattern];
                if s < *from || covered.range((s.saturating_sub(widest), 0)..(e, 0)).any(|&(cs, ce)| cs < e && s < ce) {
                    continue;
                }
                if !case_matches(&text[s..e], alias, crate::dictionary::CasePolicy::Cap) {
                    continue;
                }
                raw.push((s, e, *key, Source::Alias));
                covered.insert((s, e));
                widest = widest.max(e - s);
            }
        }
        let canon = |mut k: Key| -> Key {
            for _ in 0..4 {
                match merges.get(&k) {
                    Some(&n) => k = n,
                    None => break,
                }
            }
            k
        };

        // 6. Entities: one per key, mentions in text order, entities by first mention.
        raw.sort_by_key(|a| (a.0, std::cmp::Reverse(a.1)));
        raw.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2 == b.2);
        let mut order: Vec<Key> = Vec::new();
        let mut groups: HashMap<Key, Vec<Mention>> = HashMap::new();
        for &(s, e, k, src) in &raw {
            let k = canon(k);
            let g = groups.entry(k).or_insert_with(|| {
                order.push(k);
                Vec::new()
            });
            g.push(Mention { start: s, end: e, text: text[s..e].to_string(), sentence: sentence_of(s), source: src });
        }
        let mut entities: Vec<Entity> = Vec::with_capacity(order.len());
        let mut index_of: HashMap<Key, usize> = HashMap::new();
        for k in order {
            let mentions = groups.remove(&k).unwrap_or_default();
            let entity = match k {
                Key::Entry(e) => {
                    let en = &gaz.entries[e as usize];
                    let attributes =
                        en.attributes.iter().filter(|&(k, _)| k != "cues").map(|(k, v)| (k.to_string(), v.to_string())).collect();
                    Entity {
                        id: en.id.clone(),
                        name: en.name.clone(),
                        entity_type: en.entity_type,
                        kind: en.kind.clone(),
                        source: if mentions.iter().any(|m| m.source == Source::Dictionary) {
                            Source::Dictionary
                        } else {
                            mentions[0].source
                        },
                        confidence: 1.0,
                        aliases: en.forms.iter().filter(|f| **f != en.name).cloned().collect(),
                        attributes,
                        mentions,
                    }
                }
                Key::New(i) => {
                    // (Each key comes once in `order`: its id and name move into the entity.)
                    let info = &mut patterns.info[i as usize];
                    let (name, ty, conf, vendor) = (std::mem::take(&mut info.0), info.1, info.2, info.4);
                    let mut aliases: Vec<String> = mentions.iter().map(|m| m.text.clone()).filter(|t| *t != name).collect();
                    aliases.sort();
                    aliases.dedup();
                    let mut attributes = BTreeMap::new();
                    if let Some(v) = vendor {
                        attributes.insert("maker".to_string(), gaz.entries[v as usize].id.clone());
                    }
                    Entity {
                        id: std::mem::take(&mut patterns.ids[i as usize]),
                        name,
                        entity_type: ty,
                        kind: None,
                        source: Source::Pattern,
                        confidence: conf,
                        aliases,
                        attributes,
                        mentions,
                    }
                }
            };
            index_of.insert(k, entities.len());
            entities.push(entity);
        }

        // 7. Relations.
        let mut relations: Vec<Relation> = Vec::new();
        if inner.options.relations {
            let mut args: Vec<ArgMention> = Vec::new();
            for (i, e) in entities.iter().enumerate() {
                for m in &e.mentions {
                    if m.source != Source::Maker {
                        args.push(ArgMention { entity: i, start: m.start, end: m.end, sentence: m.sentence });
                    }
                }
            }
            args.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
            // Outermost only.
            let mut outer: Vec<ArgMention> = Vec::with_capacity(args.len());
            for a in args {
                if outer.last().is_none_or(|l| a.start >= l.end) {
                    outer.push(a);
                }
            }
            let input = RelateInput { text, sentences: &sentences, entities: &entities, mentions: &outer };
            relations = inner.engine.relate(&lang.code, &input, trace);
            // Makers named at the start of a product form develop it. `develops` relations by
            // (head, tail), and the match starts of their maker evidence: scans of both for every
            // maker mention were quadratic in the number of mentions.
            let mut develops: HashMap<(String, String), usize> = HashMap::new();
            for (i, r) in relations.iter().enumerate().filter(|(_, r)| r.relation == "develops") {
                develops.entry((r.head.clone(), r.tail.clone())).or_insert(i);
            }
            let mut maker_evidence: HashSet<(usize, usize)> = HashSet::new();
            for (maker, product, s, e) in builtin {
                let (Some(&h), Some(&t)) = (index_of.get(&canon(Key::Entry(maker))), index_of.get(&canon(product))) else { continue };
                let (hid, tid) = (entities[h].id.clone(), entities[t].id.clone());
                if hid == tid {
                    continue;
                }
                let si = sentence_of(s);
                let sr = sentences.get(si).cloned().unwrap_or(s..e);
                let ev = Evidence {
                    start: sr.start,
                    end: sr.end,
                    text: text[sr].to_string(),
                    match_start: s,
                    match_end: e,
                    rule: "core.develops.maker_prefix".into(),
                    sentence: si,
                    resolutions: Vec::new(),
                };
                match develops.get(&(hid.clone(), tid.clone())) {
                    Some(&k) => {
                        if maker_evidence.insert((k, s)) {
                            relations[k].evidence.push(ev);
                        }
                    }
                    None => {
                        develops.insert((hid.clone(), tid.clone()), relations.len());
                        maker_evidence.insert((relations.len(), s));
                        relations.push(Relation {
                            head: hid,
                            relation: "develops".into(),
                            tail: tid,
                            modality: Modality::Asserted,
                            confidence: 0.9,
                            attributes: BTreeMap::new(),
                            evidence: vec![ev],
                        });
                    }
                }
            }
            relations.sort_by_key(|r| r.evidence.iter().map(|e| (e.match_start, e.match_end)).min().unwrap_or_default());
        }
        let (mut kept, negated): (Vec<Relation>, Vec<Relation>) = relations.into_iter().partition(|r| r.modality != Modality::Negated);
        let negated_relations = if inner.options.include_negated {
            kept.extend(negated);
            Vec::new()
        } else {
            negated
        };
        Document {
            document: name.to_string(),
            language: lang.code.clone(),
            entities,
            relations: kept,
            negated_relations,
            sentences: sentences.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
        }
    }

    /// Entries of the given type that have this form (folded).
    fn lookup(&self, form: &str, ty: EntityType) -> Option<Vec<u32>> {
        let gaz = &self.inner.gazetteer;
        let mut v: Vec<u32> = NormalizedText::with_fold_form(form, |folded| {
            gaz.entries_with_folded(folded).filter(|&e| gaz.entries[e as usize].entity_type == ty).collect()
        });
        v.dedup();
        (!v.is_empty()).then_some(v)
    }
}

/// The leftmost-longest occurrences of `patterns` in `hay`, not overlapping, as (start, end,
/// pattern): what an Aho-Corasick search with `MatchKind::LeftmostLongest` finds (on a tie, the
/// first pattern). Empty patterns are never found.
fn leftmost_longest(hay: &str, patterns: &[String]) -> Vec<(usize, usize, usize)> {
    // A substring search per pattern reads the text after each of its occurrences up to the next
    // one, so its cost grows with patterns x text: a long document defining many aliases took
    // seconds (4 MB: 3.4 s, 86% in the searches). An automaton reads the text once.
    if patterns.len().saturating_mul(hay.len()) > ALIAS_AUTOMATON_MIN_WORK {
        leftmost_longest_by_automaton(hay, patterns)
    } else {
        leftmost_longest_by_search(hay, patterns)
    }
}

/// From this many pattern-bytes of text on, the local aliases are searched with an automaton.
const ALIAS_AUTOMATON_MIN_WORK: usize = 1 << 18;

/// [`leftmost_longest`] by a substring search per pattern. For the few aliases a news-sized
/// document defines, this costs less than an automaton, whose 256-way start state and failure
/// links took ~100k instructions to build for every such document.
fn leftmost_longest_by_search(hay: &str, patterns: &[String]) -> Vec<(usize, usize, usize)> {
    // A vectorised search per pattern (`str::find`, a two-way search a byte at a time, was a tenth
    // of an entities-only run on documents of a few thousand words). A match of a whole pattern
    // (UTF-8) in UTF-8 text starts at a character boundary, as `str::find`'s do.
    let finders: Vec<memchr::memmem::Finder> = patterns.iter().map(|p| memchr::memmem::Finder::new(p.as_bytes())).collect();
    let find_from = |pos: usize, k: usize| {
        if patterns[k].is_empty() { None } else { finders[k].find(&hay.as_bytes()[pos..]).map(|at| pos + at) }
    };
    let mut next: Vec<Option<usize>> = (0..patterns.len()).map(|k| find_from(0, k)).collect();
    let mut out = Vec::new();
    while let Some((start, k)) =
        next.iter().enumerate().filter_map(|(k, s)| s.map(|s| (s, k))).min_by_key(|&(s, k)| (s, std::cmp::Reverse(patterns[k].len())))
    {
        let end = start + patterns[k].len();
        out.push((start, end, k));
        for (j, s) in next.iter_mut().enumerate() {
            if s.is_some_and(|s| s < end) {
                *s = find_from(end, j);
            }
        }
    }
    out
}

/// [`leftmost_longest`] by one Aho-Corasick automaton: one pass over the text, whatever the number
/// of patterns.
fn leftmost_longest_by_automaton(hay: &str, patterns: &[String]) -> Vec<(usize, usize, usize)> {
    // An empty pattern would match everywhere: left out, and the others' numbers kept.
    let numbers: Vec<usize> = (0..patterns.len()).filter(|&k| !patterns[k].is_empty()).collect();
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(numbers.iter().map(|&k| &patterns[k]));
    match automaton {
        Ok(ac) => ac.find_iter(hay).map(|m| (m.start(), m.end(), numbers[m.pattern().as_usize()])).collect(),
        // Only a pattern set beyond the automaton's size limits fails to build.
        Err(_) => leftmost_longest_by_search(hay, patterns),
    }
}

/// Whether a found span names something else than a company (a person, a product, hardware).
fn is_person_or_other(f: &Found, gaz: &Gazetteer) -> bool {
    match &f.target {
        Target::Entries(v) => v.iter().any(|&e| gaz.entries[e as usize].entity_type != EntityType::Company),
        Target::New { entity_type, .. } => *entity_type != EntityType::Company,
    }
}

/// The candidates (sorted by start) that start in `from..to`.
fn starting_in(candidates: &[crate::gazetteer::Candidate], from: usize, to: usize) -> &[crate::gazetteer::Candidate] {
    let lo = candidates.partition_point(|c| c.start < from);
    let hi = candidates.partition_point(|c| c.start < to);
    &candidates[lo..hi.max(lo)]
}

/// Whether `acronym` abbreviates `name`: its letters are the initials of the name's words, in order,
/// allowing initials of skipped small words ("Bank of America" = "BofA" is not handled).
fn is_acronym_of(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let initials: Vec<char> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.len() < 2 || initials.len() < 2 {
        return false;
    }
    // Every acronym letter is the initial of a later word (subsequence), and the first matches.
    let mut it = initials.iter();
    letters.first() == initials.first() && letters.iter().all(|l| it.any(|i| i == l))
}

/// Settles overlapping candidates.
fn select(mut found: Vec<Found>, policy: OverlapPolicy) -> Vec<Found> {
    let rank = |f: &Found| (f.source != Source::Dictionary, std::cmp::Reverse(f.priority));
    match policy {
        OverlapPolicy::All => {
            found.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
            found
        }
        OverlapPolicy::LeftmostLongest => {
            found.sort_by(|a, b| {
                (a.start, std::cmp::Reverse(a.end - a.start), rank(a)).cmp(&(b.start, std::cmp::Reverse(b.end - b.start), rank(b)))
            });
            let mut out: Vec<Found> = Vec::with_capacity(found.len());
            for f in found {
                if out.last().is_none_or(|l: &Found| f.start >= l.end) {
                    out.push(f);
                }
            }
            out
        }
        OverlapPolicy::Priority => {
            found.sort_by(|a, b| {
                (std::cmp::Reverse(a.priority), std::cmp::Reverse(a.end - a.start), a.start, rank(a)).cmp(&(
                    std::cmp::Reverse(b.priority),
                    std::cmp::Reverse(b.end - b.start),
                    b.start,
                    rank(b),
                ))
            });
            // Disjoint spans taken, start -> end: only the last one starting before a candidate's
            // end can overlap it (a scan of all of them was quadratic in the number of mentions).
            let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
            let mut out = Vec::new();
            for f in found {
                if taken.range(..f.end).next_back().is_none_or(|(_, &end)| f.start >= end) {
                    taken.insert(f.start, f.end);
                    out.push(f);
                }
            }
            out.sort_by_key(|f| f.start);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_sync_and_cheap_to_clone() {
        fn assert_bounds<T: Send + Sync + Clone>() {}
        assert_bounds::<Extractor>();
    }

    #[test]
    fn dictionaries_parsed_on_threads_come_back_in_file_order() {
        // Files of very different sizes, so that the balancing reorders them, over the threshold.
        let sources: Vec<LoadFile> = (0..6)
            .map(|f| {
                let lines = if f == 2 { 6_000 } else { 50 * (f + 1) };
                let text: String = (0..lines).map(|i| format!("f{f}e{i} | Name {f} {i} | Product\nbad{f}_{i} | X | Nope\n")).collect();
                (format!("d{f}.dict"), Cow::Owned(text))
            })
            .collect();
        assert!(sources.iter().map(|(_, t)| t.len()).sum::<usize>() >= PARALLEL_LOAD_MIN_BYTES);
        let parsed = parse_dictionaries(&sources);
        assert_eq!(parsed.len(), sources.len());
        for ((name, text), p) in sources.iter().zip(&parsed) {
            let alone = dictionary::parse(name, text);
            assert_eq!(p.entries, alone.entries, "{name}");
            assert_eq!(
                p.errors.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                alone.errors.iter().map(|d| d.to_string()).collect::<Vec<_>>()
            );
            assert!(p.errors.first().is_some_and(|d| d.to_string().starts_with(name.as_str())), "{name}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// The ASCII stop-word count equals the count over the folded text.
        #[test]
        fn ascii_stopword_count_equals_the_folded_count(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "the", "The", "THE", "of", "il", "della", "che", "e", "and", "don't", "don`t", "l'", "dell'", "x", "42", " ", "  ", "\n", "\t",
                "-", "--", "'", "`", "\"", ",", ".", "(", "\x0b", "_", "ab-cd",
            ][..]), 0..40)
        ) {
            let extractor = default_extractor();
            let text: String = pieces.concat();
            let languages = extractor.inner.languages.len();
            let (mut fast, mut folded) = (vec![0; languages], vec![0; languages]);
            extractor.inner.stopwords.count(&text, &mut fast);
            extractor.inner.stopwords.count_folded(&text, &mut folded);
            proptest::prop_assert_eq!(fast, folded, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The local aliases' search finds what an Aho-Corasick leftmost-longest search finds (at
        /// character boundaries: 'é' is two bytes).
        #[test]
        fn alias_search_is_a_leftmost_longest_search(
            hay in "[abcé ]{0,40}",
            patterns in proptest::collection::vec("[abcé]{1,4}", 1..5),
        ) {
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("builds");
            let expected: Vec<(usize, usize, usize)> = ac.find_iter(&hay).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            proptest::prop_assert_eq!(leftmost_longest_by_search(&hay, &patterns), expected);
        }

        /// The two ways of searching the local aliases agree, empty patterns and repeated ones
        /// included (an empty pattern is never found; on a tie, the first pattern).
        #[test]
        fn alias_search_by_automaton_is_the_search_by_substrings(
            hay in "[abc ]{0,60}",
            patterns in proptest::collection::vec("[abc]{0,3}", 1..8),
        ) {
            proptest::prop_assert_eq!(leftmost_longest_by_automaton(&hay, &patterns), leftmost_longest_by_search(&hay, &patterns));
        }
    }

    #[test]
    fn every_stop_word_is_counted_on_the_ascii_path() {
        let extractor = default_extractor();
        let languages = extractor.inner.languages.len();
        for word in extractor.inner.stopwords.words().filter(|w| w.is_ascii()) {
            // As written, capitalised, in capitals and with '`' for '\''.
            let mut capital = word.clone();
            capital[..1].make_ascii_uppercase();
            let text = format!("{word}, {capital} {} ({})", word.to_ascii_uppercase(), word.replace('\'', "`"));
            let (mut fast, mut folded) = (vec![0; languages], vec![0; languages]);
            extractor.inner.stopwords.count(&text, &mut fast);
            extractor.inner.stopwords.count_folded(&text, &mut folded);
            assert_eq!(fast, folded, "{text:?}");
            assert!(fast.iter().sum::<usize>() >= 4, "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The ASCII path counts what folding the whole sample counts, on text made of stop words
        /// (any case, '`' for '\''), longer words that start with one, and separators.
        #[test]
        fn default_stop_words_count_alike_on_the_ascii_and_folded_paths(parts in proptest::collection::vec((0usize..400, 0u8..4, "[a-zA-Z0-9'`]{0,3}", "[ ,.;:()\n\t\"/-]{1,2}"), 0..40)) {
            let extractor = default_extractor();
            let mut words: Vec<&String> = extractor.inner.stopwords.words().filter(|w| w.is_ascii()).collect();
            words.sort();
            let mut text = String::new();
            for (k, shape, tail, sep) in &parts {
                let word = words[k % words.len()];
                let word = match shape {
                    0 => word.clone(),
                    1 => word.to_ascii_uppercase(),
                    2 => word.replace('\'', "`"),
                    _ => word.chars().enumerate().map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c }).collect(),
                };
                text.push_str(&word);
                text.push_str(tail);
                text.push_str(sep);
            }
            let languages = extractor.inner.languages.len();
            let (mut fast, mut folded) = (vec![0; languages], vec![0; languages]);
            extractor.inner.stopwords.count(&text, &mut fast);
            extractor.inner.stopwords.count_folded(&text, &mut folded);
            proptest::prop_assert_eq!(fast, folded, "{:?}", text);
        }
    }

    /// The default language's relation rules are prepared while the extractor is built; another
    /// language's when its first document comes, and only that language's.
    #[test]
    fn relation_rules_are_prepared_at_build_or_by_the_first_document_of_a_language() {
        let extractor = Extractor::default();
        assert_eq!(extractor.inner.languages[0].code, "en");
        assert!(extractor.inner.engine.is_prepared("en"));
        assert!(!extractor.inner.engine.is_prepared("it"));
        let doc = extractor.extract("Satya Nadella, CEO of Microsoft, announced a partnership with OpenAI.");
        assert!(doc.has_relation("satya_nadella", "works_for", "microsoft"));
        assert!(!extractor.inner.engine.is_prepared("it"), "only the language of the document");
        let doc = extractor.extract(
            "Satya Nadella, amministratore delegato di Microsoft, ha annunciato che la società e OpenAI \
             hanno firmato un accordo per il quale il nuovo modello sarà disponibile su Azure.",
        );
        assert_eq!(doc.language, "it");
        // The thread that prepares them may still be at work.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !extractor.inner.engine.is_prepared("it") && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(extractor.inner.engine.is_prepared("it"));
        // Without relations nothing is prepared.
        let entities_only = Extractor::builder().relations(false).build().expect("defaults build");
        assert!(!entities_only.inner.engine.is_prepared("en"));
        entities_only.extract("Satya Nadella, CEO of Microsoft, announced a partnership with OpenAI.");
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!entities_only.inner.engine.is_prepared("en"));
    }

    /// The default language's recognisers are built with the extractor and their ASCII regexes
    /// compiled on a thread of their own; another language's wait for its first document.
    #[test]
    fn default_language_recognisers_are_built_and_compiled_with_the_extractor() {
        let extractor = Extractor::default();
        let (en, it) = (&extractor.inner.languages[0], &extractor.inner.languages[1]);
        assert_eq!((en.code.as_str(), it.code.as_str()), ("en", "it"));
        let Some(recognisers) = en.recognisers.get() else { panic!("English recognisers built with the extractor") };
        assert!(it.recognisers.get().is_none());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !recognisers.is_warm(Form::Ascii) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(recognisers.is_warm(Form::Ascii));
        assert!(!recognisers.is_warm(Form::Full), "the other form waits for a document that needs it");
        let doc = extractor.extract("Acme Widgets Corp. hired Jane Smith, CEO of Initech.");
        let found: Vec<&str> = doc.entities.iter().filter(|e| e.source == Source::Pattern).map(|e| e.id.as_str()).collect();
        assert_eq!(found, ["acme_widgets", "jane_smith"]);
        // Without the recognisers none is built.
        let names_only = Extractor::builder().patterns(false).build().expect("defaults build");
        assert!(names_only.inner.languages.iter().all(|l| l.recognisers.get().is_none()));
    }

    /// The hardware vendors are every form of each entry a hardware entry names as its maker,
    /// entries of one id taken together, the ones of a single character or in lower case left out:
    /// the makers the gazetteer resolves.
    #[test]
    fn vendors_are_the_forms_of_the_makers_of_hardware() {
        let text = "acme | Acme | Company/chips | ACME Corp; acme; A\n\
                    widget | Widget 9 | Hardware/gpu | | maker=acme\n\
                    acme | Acme Inc | Company | Acme Incorporated\n\
                    initech | Initech | Company | | maker=acme\n\
                    gadget | Gadget 2 | Hardware/gpu | | maker=nobody\n";
        let parsed = dictionary::parse("test.dict", text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(vendor_names(&parsed.entries), ["ACME Corp", "Acme", "Acme Inc", "Acme Incorporated"]);
        let extractor = default_extractor();
        let gaz = extractor.gazetteer();
        let mut makers: Vec<&String> = gaz
            .entries
            .iter()
            .filter(|e| e.entity_type == EntityType::Hardware)
            .filter_map(|e| e.maker)
            .flat_map(|m| &gaz.entries[m as usize].forms)
            .filter(|f| f.chars().count() >= 2 && f.chars().next().is_some_and(char::is_uppercase))
            .collect();
        makers.sort();
        makers.dedup();
        assert!(makers.len() > 50, "{}", makers.len());
        assert_eq!(extractor.inner.vendors.iter().collect::<Vec<_>>(), makers);
    }

    fn default_extractor() -> &'static Extractor {
        static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EXTRACTOR.get_or_init(Extractor::default)
    }

    #[test]
    fn stop_words_of_both_languages_are_counted() {
        let extractor = default_extractor();
        let (en, it) =
            (extractor.inner.languages.iter().position(|l| l.code == "en"), extractor.inner.languages.iter().position(|l| l.code == "it"));
        let (Some(en), Some(it)) = (en, it) else { panic!("en and it packs") };
        let mut counts = vec![0; extractor.inner.languages.len()];
        extractor.inner.stopwords.count("The board of the company, e il consiglio della società", &mut counts);
        assert!(counts[en] >= 3 && counts[it] >= 2, "{counts:?}");
        assert_eq!(
            extractor.detect_language(
                "Il consiglio della società ha approvato il bilancio e la nomina del nuovo amministratore, che sarà in carica per tre anni."
            ),
            "it"
        );
    }

    #[test]
    fn another_language_is_taken_only_when_it_clearly_leads() {
        let extractor = default_extractor();
        // Tables of figures: a few Italian stop words by chance ("Del", "per"), fewer English ones.
        let table = "Shr 12 cts vs 19 cts\n    Net 210,000 vs 331,000\n    Revs 612,000 vs 575,000\n    Year\n    \
                     Shr 35 cts vs 30 cts\n    Net 701,000 vs 655,000\n    Revs 2,410,000 vs 980,000\n    \
                     (Del E. Webb Investment Properties Inc)\n Reuter";
        assert_eq!(extractor.detect_language(table), "en");
        let per = "Dividend 160 per bearer vs 155, 32 francs per registered vs 31 francs per certificate.\n\
                   Note - Confirms forecast of results issued in January. Depreciation 103.4 mln, up 12.2 pct.";
        assert_eq!(extractor.detect_language(per), "en");
        // Italian sentences, short ones too: two stop words among six words.
        assert_eq!(extractor.detect_language("Microsoft ha acquisito la startup per 10 miliardi."), "it");
        assert_eq!(extractor.detect_language("Microsoft collabora con OpenAI da anni."), "it");
    }

    #[test]
    fn a_clear_lead_in_the_first_paragraph_decides() {
        let extractor = default_extractor();
        let english = "The company said that it would sell the unit to a group of investors for $20 million, \
                       and that the sale of the business was expected to close in the second quarter of the year. ";
        let italian = "Il consiglio della società ha approvato il bilancio e la nomina del nuovo amministratore, \
                       che sarà in carica per tre anni e che guiderà la società nella fase di crescita. ";
        let english_then_italian = format!("{}{}", english.repeat(3), italian.repeat(12));
        assert!(english.len() * 3 >= 500 && italian.len() * 12 > 1_000);
        assert_eq!(extractor.detect_language(&english_then_italian), "en", "decided in the first 500 bytes");
        // A first paragraph with no clear lead (a dateline, figures) leaves it to the longer sample.
        let figures = "NEW YORK, March 3 - Shr 12 cts vs 19 cts, Net 210,000 vs 331,000, Revs 612,000 vs 575,000. ";
        assert_eq!(extractor.detect_language(&format!("{figures}{}", italian.repeat(12))), "it");
        assert_eq!(extractor.detect_language(&format!("{figures}{}", english.repeat(12))), "en");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Acme Corp."), "acme_corp");
        assert_eq!(slug("Intel Xeon 8480+"), "intel_xeon_8480");
        assert_eq!(slug(" -- (Acme)  Corp. -- "), "acme_corp");
        assert_eq!(slug("--"), "");
    }

    proptest::proptest! {
        /// A slug is the folded name with each run of other characters as one `_`, none at
        /// either end.
        #[test]
        fn a_slug_is_the_folded_name_with_runs_of_other_characters_as_one_underscore(name in "[a-zA-Z0-9 ._()&'\\-]{0,20}|[A-Za-zÉéß’–+ ]{0,8}") {
            let folded = NormalizedText::fold_form(&name);
            let reference: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            proptest::prop_assert_eq!(slug(&name), reference.join("_"));
        }
    }
}
