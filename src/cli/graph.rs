//! `relgraph graph`: builds the knowledge graph of the inputs (or of a `relgraph extract` output)
//! and writes it as DOT, JSON, GraphML, Neo4j CSV or Cypher.

use super::{ExtractOpts, Inputs};
use relgraph::graph::{GraphFilter, KnowledgeGraph};
use relgraph::{Document, EntityType};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

/// Output format of `relgraph graph`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// JSON (loads back with `KnowledgeGraph::from_json`).
    Json,
    /// GraphML (NetworkX, Gephi, yEd).
    Graphml,
    /// Neo4j bulk-import CSV: `nodes.csv` and `relationships.csv` (needs `-o`).
    Neo4j,
    /// Cypher `MERGE` statements.
    Cypher,
}

/// Arguments of `relgraph graph`.
#[derive(clap::Args, Debug)]
pub(crate) struct GraphArgs {
    #[command(flatten)]
    opts: ExtractOpts,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Write to this file instead of standard output. For `--format neo4j`: a directory (existing,
    /// or ending in `/`) that gets `nodes.csv` and `relationships.csv`, or a prefix (`out/seeds-`
    /// gives `out/seeds-nodes.csv` and `out/seeds-relationships.csv`).
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    /// Build the graph from this `relgraph extract` output (JSON Lines, `-` for standard input)
    /// instead of extracting from PATHs.
    #[arg(long, value_name = "FILE.jsonl")]
    from_jsonl: Option<PathBuf>,
    /// Keep only edges with at least N pieces of evidence.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_evidence: usize,
    /// Keep only nodes of these types (comma-separated: Company,Product,Hardware,Person).
    #[arg(long, value_delimiter = ',', value_parser = parse_type, value_name = "TYPES")]
    types: Vec<EntityType>,
    /// Keep only edges with these labels (comma-separated: develops,uses).
    #[arg(long, value_delimiter = ',', value_name = "LABELS")]
    relations: Vec<String>,
    /// Leave out nodes that have no edge (after the filters).
    #[arg(long)]
    drop_isolated: bool,
}

fn parse_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s.trim()).ok_or_else(|| format!("unknown type {s:?} (expected Company, Product, Hardware or Person)"))
}

/// Reads a `relgraph extract` output into the graph. Returns how many lines failed, or the message
/// of an error that stops everything.
fn read_jsonl(path: &Path, graph: &mut KnowledgeGraph) -> Result<(usize, usize), String> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(io::BufReader::new(io::stdin().lock()))
    } else {
        Box::new(io::BufReader::new(std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?))
    };
    let (mut docs, mut failed) = (0, 0);
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        let line = super::input::line_text(&line);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Document>(&line) {
            Ok(d) => {
                graph.add_document(&d);
                docs += 1;
            }
            Err(e) => {
                eprintln!("relgraph: error: {}:{}:{}: {e}", path.display(), i + 1, e.column());
                failed += 1;
            }
        }
    }
    Ok((docs, failed))
}

/// Extracts from the inputs into the graph. `None` when the extractor could not be built.
fn extract_into(opts: &ExtractOpts, graph: &mut KnowledgeGraph) -> Option<io::Result<(usize, usize)>> {
    let extractor = super::build_or_report(opts)?;
    let threads = opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let inputs = Inputs::new(&opts.paths, opts.input_format, opts.quiet);
    let mut progress = super::input::Progress::new(opts.quiet, || inputs.total_bytes());
    let (mut docs, mut skipped) = (0, 0);
    let result = super::pipeline::map_in_order(
        threads,
        |batches| inputs.for_each_batch(batches),
        |d: &super::input::Doc| (super::extract_or_skip(extractor, d), d.input_bytes),
        |extracted: Vec<(Option<Document>, u64)>| {
            let all = extracted.len();
            let read = extracted.iter().map(|(_, input_bytes)| input_bytes).sum();
            let extracted: Vec<Document> = extracted.into_iter().filter_map(|(doc, _)| doc).collect();
            docs += extracted.len();
            skipped += all - extracted.len();
            progress.add(read, extracted.len() as u64);
            graph.add_documents(&extracted);
            Ok(())
        },
    );
    progress.finish();
    Some(result.map(|failed| (docs, failed + skipped)))
}

/// Where `--format neo4j` writes its two files.
fn neo4j_paths(out: &Path) -> (PathBuf, PathBuf) {
    let s = out.as_os_str().to_string_lossy();
    if out.is_dir() || s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR) {
        (out.join("nodes.csv"), out.join("relationships.csv"))
    } else {
        (PathBuf::from(format!("{s}nodes.csv")), PathBuf::from(format!("{s}relationships.csv")))
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs `relgraph graph`. Exit codes: 0 success; 1 some inputs failed (reported and skipped) or
/// the output could not be written completely; 2 bad usage, bad dictionary or rule files, or an
/// output that cannot be opened.
pub(crate) fn run(args: &GraphArgs) -> i32 {
    if args.from_jsonl.is_some() && !args.opts.paths.is_empty() {
        eprintln!("relgraph: --from-jsonl and input PATHs cannot be used together");
        return 2;
    }
    if args.format == GraphFormat::Neo4j && args.output.is_none() {
        eprintln!("relgraph: --format neo4j writes two files: give a directory or prefix with -o");
        return 2;
    }
    let mut graph = KnowledgeGraph::builder().include_negated(args.opts.include_negated).build();
    let (docs, mut failed) = match &args.from_jsonl {
        Some(path) => match read_jsonl(path, &mut graph) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("relgraph: {e}");
                return 2;
            }
        },
        None => match extract_into(&args.opts, &mut graph) {
            None => return 2,
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                eprintln!("relgraph: {e}");
                (0, 1)
            }
        },
    };
    let filtering = args.min_evidence > 1 || !args.types.is_empty() || !args.relations.is_empty() || args.drop_isolated;
    if filtering {
        let mut filter = GraphFilter::new().min_evidence(args.min_evidence).drop_isolated(args.drop_isolated);
        if !args.types.is_empty() {
            filter = filter.types(args.types.iter().copied());
        }
        if !args.relations.is_empty() {
            filter = filter.relations(args.relations.iter().map(|r| r.trim().to_string()));
        }
        graph = graph.filter(&filter);
    }
    if !args.opts.quiet {
        eprintln!("relgraph: {docs} document(s): {} nodes, {} edges", graph.node_count(), graph.edge_count());
    }
    let text = match args.format {
        GraphFormat::Dot => graph.to_dot(),
        GraphFormat::Json => graph.to_json(),
        GraphFormat::Graphml => graph.to_graphml(),
        GraphFormat::Cypher => graph.to_cypher(),
        GraphFormat::Neo4j => {
            let csv = graph.to_neo4j_csv();
            let (nodes, rels) = neo4j_paths(args.output.as_deref().unwrap_or(Path::new(".")));
            for (path, text) in [(&nodes, &csv.nodes), (&rels, &csv.relationships)] {
                if let Err(e) = write_file(path, text) {
                    eprintln!("relgraph: {e}");
                    return 2;
                }
            }
            if !args.opts.quiet {
                eprintln!("relgraph: wrote {} and {}", nodes.display(), rels.display());
            }
            return i32::from(failed > 0);
        }
    };
    let mut out = match super::open_output(args.output.as_ref()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("relgraph: {}: {e}", args.output.as_ref().map(|p| p.display().to_string()).unwrap_or_default());
            return 2;
        }
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if super::is_broken_pipe(&e) => {}
        Err(e) => {
            eprintln!("relgraph: writing output: {e}");
            failed += 1;
        }
    }
    i32::from(failed > 0)
}
