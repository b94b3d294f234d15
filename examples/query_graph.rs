//! Builds the knowledge graph of the seed texts in `examples/data/` and queries it: the
//! neighbours of Microsoft, the relations between Microsoft and OpenAI, and a shortest path.
//!
//! ```text
//! cargo run --example query_graph
//! ```

use relgraph::ExtractorBuilder;
use relgraph::graph::{Direction, KnowledgeGraph};
use std::error::Error;
use std::io::Write;
use std::path::Path;

/// Builds the graph of the seed texts (documents named by file name).
pub fn seeds_graph() -> Result<KnowledgeGraph, Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut paths: Vec<_> =
        std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    paths.sort();
    let extractor = ExtractorBuilder::new().build()?; // the embedded dictionaries and rule packs
    let mut graph = KnowledgeGraph::new();
    for p in paths {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        graph.add_document(&extractor.extract_document(&name, &std::fs::read_to_string(&p)?));
    }
    Ok(graph)
}

/// Runs the queries and prints the answers.
pub fn run(out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let graph = seeds_graph()?;
    writeln!(out, "graph: {} nodes, {} edges", graph.node_count(), graph.edge_count())?;

    // A node by name (any case) or alias.
    let microsoft = graph.node_by_name("microsoft").ok_or("no Microsoft in the graph")?;
    writeln!(out, "\n{} ({}, {} mentions in {} documents)", microsoft.name, microsoft.id, microsoft.mentions, microsoft.documents.len())?;

    writeln!(out, "\nneighbours of {}:", microsoft.id)?;
    for n in graph.neighbors(&microsoft.id, None, Direction::Both) {
        let arrow = match n.direction {
            Direction::Outgoing => format!("-{}->", n.edge.relation),
            Direction::Incoming => format!("<-{}-", n.edge.relation),
            Direction::Both => format!("-{}-", n.edge.relation),
        };
        writeln!(
            out,
            "  {arrow} {} [{}] (evidence {}, confidence {:.2})",
            n.node.name, n.node.entity_type, n.edge.count, n.edge.confidence
        )?;
    }

    writeln!(out, "\nwhat microsoft develops:")?;
    let products: Vec<&str> =
        graph.neighbors("microsoft", Some("develops"), Direction::Outgoing).iter().map(|n| n.node.name.as_str()).collect();
    writeln!(out, "  {}", products.join(", "))?;

    writeln!(out, "\nrelations between microsoft and openai:")?;
    for e in graph.relations_between("microsoft", "openai") {
        writeln!(out, "  {e} ({} evidence in {} documents, confidence {:.2})", e.count, e.documents.len(), e.confidence)?;
        for ev in &e.evidence {
            let text: String = ev.text.split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(out, "    {} #{} by {}: {text}", ev.document, ev.sentence, ev.rule)?;
        }
    }

    // Shortest paths, edges followed in either direction; endpoints looked up by name.
    for (from, to) in [("Azure Maia", "NVIDIA H200"), ("Voyager-EUS2", "Kevin Scott"), ("Jez Corden", "OpenAI")] {
        let (Some(a), Some(b)) = (graph.node_by_name(from), graph.node_by_name(to)) else {
            writeln!(out, "\nshortest path {from} .. {to}: not in the graph")?;
            continue;
        };
        write!(out, "\nshortest path {} .. {}: ", a.id, b.id)?;
        match graph.shortest_path(&a.id, &b.id) {
            Some(path) => {
                write!(out, "{}", path.nodes[0].name)?;
                for (edge, node) in path.edges.iter().zip(&path.nodes[1..]) {
                    write!(out, " ={}= {}", edge.relation, node.name)?;
                }
                writeln!(out, " ({} steps)", path.len())?;
            }
            None => writeln!(out, "no path")?,
        }
    }
    Ok(())
}

#[allow(dead_code)]
fn main() -> Result<(), Box<dyn Error>> {
    run(&mut std::io::stdout().lock())
}
