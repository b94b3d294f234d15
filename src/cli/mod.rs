//! Command-line front end: argument parsing, reading inputs, writing outputs, exit codes.
//!
//! Exit codes: 0 success; 1 some inputs failed (they are reported on stderr and skipped, the rest
//! is written); 2 bad usage or bad dictionary/rule files (nothing extracted).

mod graph;
mod input;
mod pipeline;

use clap::{Parser, Subcommand};
use relgraph::{Extractor, ExtractorBuilder};
use std::io::{self, Write};
use std::path::PathBuf;

pub(crate) use input::{InputFormat, Inputs};

#[derive(Parser, Debug)]
#[command(
    name = "relgraph",
    version,
    about = "Extract companies, products, hardware, people and their relations from text, and build a knowledge graph"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by the commands that extract.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct ExtractOpts {
    /// Inputs: files, directories (read recursively) or `-` for standard input. Default: `-`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How inputs are read: one text per file, or JSON Lines of {"id": ..., "text": ...}; by
    /// default, JSON Lines for files named *.jsonl or *.ndjson and text for the others.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// Add a dictionary file (or a directory of *.dict files). Repeatable.
    #[arg(long = "dictionary", short = 'd', value_name = "PATH")]
    pub dictionaries: Vec<PathBuf>,
    /// Add a rule pack file (or a directory of *.rules files). Repeatable.
    #[arg(long = "rules", short = 'r', value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the embedded default dictionaries.
    #[arg(long)]
    pub no_default_dictionaries: bool,
    /// Do not load the embedded default rule packs.
    #[arg(long)]
    pub no_default_rules: bool,
    /// Entities only.
    #[arg(long)]
    pub no_relations: bool,
    /// No pattern recognisers: only the names the dictionaries hold (model numbers, "Acme Corp."
    /// and other names no dictionary holds are not found).
    #[arg(long)]
    pub no_patterns: bool,
    /// Keep negated relations among `relations`.
    #[arg(long)]
    pub include_negated: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// No progress or warnings on stderr (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl ExtractOpts {
    pub fn build(&self) -> Result<Extractor, relgraph::Error> {
        let mut b = ExtractorBuilder::new()
            .default_dictionaries(!self.no_default_dictionaries)
            .default_rules(!self.no_default_rules)
            .relations(!self.no_relations)
            .patterns(!self.no_patterns)
            .include_negated(self.include_negated);
        for d in &self.dictionaries {
            b = b.dictionary_file(d);
        }
        for r in &self.rules {
            b = b.rules_file(r);
        }
        b.build()
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract entities and relations; write one JSON object per document (JSON Lines).
    Extract {
        #[command(flatten)]
        opts: ExtractOpts,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Leave sentence spans out of the output.
        #[arg(long)]
        no_sentences: bool,
    },
    /// Show, sentence by sentence, the entities found and the rules that fired.
    Explain {
        #[command(flatten)]
        opts: ExtractOpts,
        /// Also show rules that nearly fired (their words are there, an entity slot is not).
        #[arg(long)]
        near_misses: bool,
    },
    /// Score extraction against gold annotations (the format of the seed gold): precision, recall
    /// and F1 by entity type and by relation, and the misses.
    Eval {
        /// Gold annotations (JSON).
        #[arg(long, value_name = "GOLD.json")]
        gold: PathBuf,
        /// Score this JSON Lines output instead of extracting from PATHs.
        #[arg(long, value_name = "OUTPUT.jsonl")]
        system: Option<PathBuf>,
        /// List misses and false positives per document.
        #[arg(long, short = 'v')]
        verbose: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        opts: ExtractOpts,
    },
    /// Build the knowledge graph of the inputs; write it as DOT, JSON, GraphML, Neo4j CSV or Cypher.
    Graph(graph::GraphArgs),
    /// Precision audit: run over a corpus and print the most frequent matched surface forms with
    /// counts and example contexts, and a reproducible random sample of mentions to judge.
    Audit {
        #[command(flatten)]
        opts: ExtractOpts,
        /// How many of the most frequent surface forms to list.
        #[arg(long, default_value_t = 300)]
        top: usize,
        /// How many random Company/Product/Hardware mentions to sample.
        #[arg(long, default_value_t = 300)]
        sample: usize,
        /// Seed of the sample.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Example contexts per surface form.
        #[arg(long, default_value_t = 2)]
        examples: usize,
    },
    /// List the loaded dictionaries, print every surface form, or check a dictionary file.
    Dictionaries {
        /// Print every surface form the gazetteer matches, one a line.
        #[arg(long)]
        names: bool,
        /// Validate these dictionary or rule files without extracting.
        #[arg(long, value_name = "PATH")]
        check: Vec<PathBuf>,
        /// Do not load the embedded default dictionaries.
        #[arg(long)]
        no_default_dictionaries: bool,
        /// Add a dictionary file.
        #[arg(long = "dictionary", short = 'd', value_name = "PATH")]
        dictionaries: Vec<PathBuf>,
    },
}

/// Writes to stdout or a file; a closed pipe ends the program quietly.
pub(crate) fn open_output(path: Option<&PathBuf>) -> io::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    })
}

/// Whether an I/O error is a closed pipe (the reader went away: stop quietly).
pub(crate) fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Extract { opts, output, no_sentences } => extract(&opts, output.as_ref(), no_sentences),
        Command::Explain { opts, near_misses } => explain(&opts, near_misses),
        Command::Audit { opts, top, sample, seed, examples } => audit(&opts, top, sample, seed, examples),
        Command::Graph(args) => graph::run(&args),
        Command::Eval { gold, system, verbose, json, opts } => eval(&gold, system.as_ref(), verbose, json, &opts),
        Command::Dictionaries { names, check, no_default_dictionaries, dictionaries } => {
            dictionaries_cmd(names, &check, no_default_dictionaries, &dictionaries)
        }
    }
}

/// Builds the extractor, or reports the load errors. The extractor lives until the process ends:
/// freeing its automata and tables one by one took longer than a short run's extraction.
fn build_or_report(opts: &ExtractOpts) -> Option<&'static Extractor> {
    match opts.build() {
        Ok(e) => {
            let e: &'static Extractor = Box::leak(Box::new(e));
            if !opts.quiet && !e.warnings().is_empty() && !opts.dictionaries.is_empty() {
                eprintln!("relgraph: {} dictionary warning(s); see `relgraph dictionaries --check`", e.warnings().len());
            }
            Some(e)
        }
        Err(e) => {
            eprintln!("relgraph: {e}");
            None
        }
    }
}

/// Ctrl-C during `extract`: the output must end with a whole JSON line. An interrupt while no
/// batch is being written ends the program at once; one that comes while a batch is written lets
/// that write finish and ends the program after it. Either way the exit code is 130. A second
/// interrupt during a write ends the program at once.
mod interrupt {
    use std::sync::atomic::{AtomicU8, Ordering};

    const IDLE: u8 = 0;
    const WRITING: u8 = 1;
    const INTERRUPTED: u8 = 2;
    /// The exit code of a program ended by SIGINT (128 + 2).
    pub const EXIT_CODE: i32 = 130;
    static STATE: AtomicU8 = AtomicU8::new(IDLE);

    #[cfg(unix)]
    mod sys {
        unsafe extern "C" {
            pub fn signal(signum: i32, handler: usize) -> usize;
            pub fn _exit(code: i32) -> !;
        }
    }

    #[cfg(unix)]
    extern "C" fn on_interrupt(_: i32) {
        if STATE.swap(INTERRUPTED, Ordering::SeqCst) != WRITING {
            // SAFETY: `_exit` is async-signal-safe; no partial line can be in flight (not writing).
            unsafe { sys::_exit(EXIT_CODE) }
        }
    }

    /// Installs the handler (on Unix; elsewhere Ctrl-C keeps its default action).
    pub fn install() {
        #[cfg(unix)]
        // SAFETY: the handler only touches an atomic and calls `_exit`, both async-signal-safe.
        unsafe {
            sys::signal(2, on_interrupt as *const () as usize);
        }
    }

    /// Runs `write` unless interrupted; returns `Interrupted` if an interrupt came before or during it.
    pub fn guarded(write: impl FnOnce() -> std::io::Result<()>) -> std::io::Result<()> {
        let interrupted = || std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted");
        if STATE.compare_exchange(IDLE, WRITING, Ordering::SeqCst, Ordering::SeqCst).is_err() {
            return Err(interrupted());
        }
        let result = write();
        if STATE.compare_exchange(WRITING, IDLE, Ordering::SeqCst, Ordering::SeqCst).is_err() {
            return Err(interrupted());
        }
        result
    }

    pub fn interrupted() -> bool {
        STATE.load(Ordering::SeqCst) == INTERRUPTED
    }
}

/// Extracts one document. One whose extraction panics (none is known: the extractor is fuzzed) is
/// reported, by the panic hook and here, and skipped: `None`.
pub(crate) fn extract_or_skip(extractor: &Extractor, d: &input::Doc) -> Option<relgraph::Document> {
    let doc = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.extract_document(&d.name, &d.text)));
    if doc.is_err() {
        eprintln!("relgraph: error: {}: extraction failed (an internal error; please report it); skipped", d.name);
    }
    doc.ok()
}

fn extract(opts: &ExtractOpts, output: Option<&PathBuf>, no_sentences: bool) -> i32 {
    let Some(extractor) = build_or_report(opts) else { return 2 };
    interrupt::install();
    // Unbuffered: whole lines are gathered and written together with one `write_all` (below).
    let mut out: Box<dyn Write> = match output {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("relgraph: {}: {e}", p.display());
                return 2;
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let inputs = Inputs::new(&opts.paths, opts.input_format, opts.quiet);
    let threads = opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let mut progress = input::Progress::new(opts.quiet, || inputs.total_bytes());
    // Whole lines only, written together once this much is ready: an interrupt (Ctrl-C) or a
    // crash between two writes never leaves a partial JSON line. A `BufWriter` flushed its
    // buffer whenever it filled, in the middle of a line.
    const WRITE_AT: usize = 256 * 1024;
    let mut pending: Vec<u8> = Vec::with_capacity(WRITE_AT + 64 * 1024);
    let mut failed = 0;
    let mut write = |pending: &mut Vec<u8>| {
        let result = interrupt::guarded(|| {
            out.write_all(pending)?;
            out.flush()
        });
        pending.clear();
        result
    };
    let extract_one = |d: &input::Doc| {
        let line = extract_or_skip(extractor, d).map(|mut doc| {
            if no_sentences {
                doc.sentences.clear();
            }
            serde_json::to_string(&doc).unwrap_or_else(|e| format!("{{\"document\":{:?},\"error\":{:?}}}", d.name, e.to_string()))
        });
        (line, d.input_bytes)
    };
    let result = pipeline::map_in_order(
        threads,
        |batches| inputs.for_each_batch(batches),
        extract_one,
        |lines| {
            let (mut read, mut extracted) = (0, 0);
            for (line, input_bytes) in lines {
                read += input_bytes;
                match line {
                    Some(line) => {
                        pending.extend_from_slice(line.as_bytes());
                        pending.push(b'\n');
                        extracted += 1;
                    }
                    None => failed += 1,
                }
            }
            progress.add(read, extracted);
            if pending.len() >= WRITE_AT { write(&mut pending) } else { Ok(()) }
        },
    )
    .and_then(|failed_inputs| write(&mut pending).map(|()| failed_inputs + failed));
    progress.finish();
    match result {
        Err(_) if interrupt::interrupted() => {
            eprintln!("relgraph: interrupted");
            interrupt::EXIT_CODE
        }
        Ok(failed) => i32::from(failed > 0),
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("relgraph: writing output: {e}");
            1
        }
    }
}

fn eval(gold_path: &PathBuf, system: Option<&PathBuf>, verbose: bool, json: bool, opts: &ExtractOpts) -> i32 {
    let gold: relgraph::eval::Gold = match std::fs::read_to_string(gold_path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column())))
    {
        Ok(g) => g,
        Err(e) => {
            eprintln!("relgraph: {}: {e}", gold_path.display());
            return 2;
        }
    };
    let mut docs: Vec<relgraph::Document> = Vec::new();
    let mut failed = 0;
    if let Some(sys) = system {
        let text = match std::fs::read_to_string(sys) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("relgraph: {}: {e}", sys.display());
                return 2;
            }
        };
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str(line) {
                Ok(d) => docs.push(d),
                Err(e) => {
                    eprintln!("relgraph: error: {}:{}:{}: {e}", sys.display(), i + 1, e.column());
                    failed += 1;
                }
            }
        }
    } else {
        let Some(extractor) = build_or_report(opts) else { return 2 };
        let inputs = Inputs::new(&opts.paths, opts.input_format, opts.quiet);
        match inputs.for_each_batch(|batch| {
            docs.extend(batch.iter().map(|d| extractor.extract_document(&d.name, &d.text)));
            Ok(())
        }) {
            Ok(f) => failed += f,
            Err(e) => {
                eprintln!("relgraph: {e}");
                return 1;
            }
        }
    }
    let report = relgraph::eval::score(&gold, &docs);
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print!("{}", report.to_table(verbose));
    }
    i32::from(failed > 0)
}

/// One line of context around a span, with the span in brackets.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[{}]{}", &text[a..start], &text[start..end], &text[end..b]).replace(['\n', '\r', '\t'], " ")
}

fn audit(opts: &ExtractOpts, top: usize, sample: usize, seed: u64, examples: usize) -> i32 {
    use std::collections::HashMap;
    let Some(extractor) = build_or_report(opts) else { return 2 };
    let inputs = Inputs::new(&opts.paths, opts.input_format, opts.quiet);
    // (surface form folded, type) -> (count, entity ids, examples)
    /// (count, entity ids, example contexts) of one (folded form, type).
    type FormStats = (usize, Vec<String>, Vec<String>);
    let mut forms: HashMap<(String, String), FormStats> = HashMap::new();
    // Reservoir sample of mentions (Algorithm R) with a small deterministic generator.
    let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut reservoir: Vec<String> = Vec::with_capacity(sample);
    let mut seen = 0u64;
    let mut docs = 0usize;
    let result = inputs.for_each_batch(|batch| {
        for d in batch {
            docs += 1;
            let doc = extractor.extract_document(&d.name, &d.text);
            for e in &doc.entities {
                for m in &e.mentions {
                    let key = (relgraph::normalize::NormalizedText::fold_form(&m.text), e.entity_type.to_string());
                    let slot = forms.entry(key).or_default();
                    slot.0 += 1;
                    if !slot.1.contains(&e.id) {
                        slot.1.push(e.id.clone());
                    }
                    if slot.2.len() < examples {
                        slot.2.push(context(&d.text, m.start, m.end));
                    }
                    if e.entity_type != relgraph::EntityType::Person {
                        seen += 1;
                        let line = format!("{} | {} ({}) | {}", d.name, e.id, e.entity_type, context(&d.text, m.start, m.end));
                        if reservoir.len() < sample {
                            reservoir.push(line);
                        } else {
                            let k = (next() % seen) as usize;
                            if k < sample {
                                reservoir[k] = line;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    });
    let failed = match result {
        Ok(f) => f,
        Err(e) => {
            eprintln!("relgraph: {e}");
            return 1;
        }
    };
    let mut ranked: Vec<_> = forms.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    let total: usize = ranked.iter().map(|r| r.1.0).sum();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let r = (|| -> io::Result<()> {
        writeln!(out, "# {docs} documents, {total} mentions, {} distinct surface forms", ranked.len())?;
        writeln!(out, "\n## top {top} surface forms: rank, count, form, type, entity ids, examples")?;
        for (i, ((form, ty), (count, ids, ex))) in ranked.iter().take(top).enumerate() {
            writeln!(out, "{:4} {:7} {form:?} {ty} [{}]", i + 1, count, ids.join(", "))?;
            for e in ex {
                writeln!(out, "             {e}")?;
            }
        }
        writeln!(out, "\n## random sample of {} Company/Product/Hardware mentions (seed {seed})", reservoir.len())?;
        for (i, line) in reservoir.iter().enumerate() {
            writeln!(out, "{:4} {line}", i + 1)?;
        }
        out.flush()
    })();
    match r {
        Err(e) if !is_broken_pipe(&e) => {
            eprintln!("relgraph: {e}");
            1
        }
        _ => i32::from(failed > 0),
    }
}

fn explain(opts: &ExtractOpts, near_misses: bool) -> i32 {
    let Some(extractor) = build_or_report(opts) else { return 2 };
    let inputs = Inputs::new(&opts.paths, opts.input_format, opts.quiet);
    let stdout = io::stdout();
    let result = inputs.for_each_batch(|batch| {
        let mut out = stdout.lock();
        for d in batch {
            let (doc, trace) = extractor.explain(&d.name, &d.text);
            writeln!(out, "== {} (language {})", d.name, doc.language)?;
            for (i, (s, e)) in doc.sentences.iter().enumerate() {
                let ents: Vec<String> = doc
                    .entities
                    .iter()
                    .flat_map(|en| {
                        en.mentions
                            .iter()
                            .filter(move |m| m.sentence == i)
                            .map(move |m| format!("{} [{} {}, {:?}]", m.text, en.entity_type, en.id, m.source))
                    })
                    .collect();
                writeln!(out, "-- sentence {i} [{s}..{e}]: {}", d.text[*s..*e].replace('\n', " "))?;
                for en in ents {
                    writeln!(out, "   entity   {en}")?;
                }
                let tag = format!("sentence {i}: ");
                let mut on = false;
                for line in &trace {
                    if line.starts_with("sentence ") {
                        on = line.starts_with(&tag);
                        if on {
                            writeln!(out, "   view     {}", &line[tag.len()..])?;
                        }
                    } else if on && (near_misses || !line.trim_start().starts_with("near miss")) {
                        writeln!(out, "   {}", line.trim_start())?;
                    }
                }
            }
            for r in doc.relations.iter().chain(&doc.negated_relations) {
                writeln!(
                    out,
                    "relation {} {} {} ({:?}, {:.2}) by {}",
                    r.head,
                    r.relation,
                    r.tail,
                    r.modality,
                    r.confidence,
                    r.evidence.iter().map(|e| e.rule.as_str()).collect::<Vec<_>>().join(", ")
                )?;
            }
        }
        Ok(())
    });
    match result {
        Ok(failed) => i32::from(failed > 0),
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("relgraph: {e}");
            1
        }
    }
}

fn dictionaries_cmd(names: bool, check: &[PathBuf], no_defaults: bool, extra: &[PathBuf]) -> i32 {
    if !check.is_empty() {
        let mut b = ExtractorBuilder::new().default_dictionaries(false);
        for p in check {
            if p.extension().is_some_and(|e| e == "rules") {
                b = b.rules_file(p);
            } else {
                b = b.dictionary_file(p);
            }
        }
        return match b.build() {
            Ok(e) => {
                for w in e.warnings() {
                    eprintln!("warning: {w}");
                }
                println!(
                    "ok: {} entries, {} surface forms, {} warning(s)",
                    e.gazetteer().len(),
                    e.gazetteer().surface_forms().len(),
                    e.warnings().len()
                );
                0
            }
            Err(e) => {
                eprintln!("{e}");
                2
            }
        };
    }
    let mut b = ExtractorBuilder::new().default_dictionaries(!no_defaults);
    for p in extra {
        b = b.dictionary_file(p);
    }
    let e = match b.build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("relgraph: {e}");
            return 2;
        }
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let r = (|| -> io::Result<()> {
        if names {
            for f in e.gazetteer().surface_forms() {
                writeln!(out, "{f}")?;
            }
            return out.flush();
        }
        use std::collections::BTreeMap;
        let mut by_file: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
        for en in e.gazetteer().entries() {
            let file = en.origin.file.to_string();
            let t = match &en.kind {
                Some(k) => format!("{}/{k}", en.entity_type),
                None => en.entity_type.to_string(),
            };
            *by_file.entry(file).or_default().entry(en.entity_type.to_string()).or_default() += 1;
            *by_type.entry(t).or_default() += 1;
        }
        writeln!(
            out,
            "{} entities, {} surface forms, {} warning(s)",
            e.gazetteer().len(),
            e.gazetteer().surface_forms().len(),
            e.warnings().len()
        )?;
        writeln!(out, "\nby file:")?;
        for (f, counts) in &by_file {
            let total: usize = counts.values().sum();
            let parts: Vec<String> = counts.iter().map(|(t, n)| format!("{t} {n}")).collect();
            writeln!(out, "  {f}: {total} ({})", parts.join(", "))?;
        }
        writeln!(out, "\nby type/kind:")?;
        for (t, n) in &by_type {
            writeln!(out, "  {t}: {n}")?;
        }
        writeln!(out, "\nrule packs:")?;
        for p in e.rule_packs() {
            writeln!(
                out,
                "  {}: {} rules, {} lexicons",
                if p.language.is_empty() { "*" } else { &p.language },
                p.rule_count(),
                p.lexicons.len()
            )?;
        }
        out.flush()
    })();
    match r {
        Err(e) if !is_broken_pipe(&e) => {
            eprintln!("relgraph: {e}");
            1
        }
        _ => 0,
    }
}
