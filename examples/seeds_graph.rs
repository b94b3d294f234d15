//! Extracts the seed texts in `examples/data/`, builds the knowledge graph and writes it as
//! Graphviz DOT.
//!
//! ```text
//! cargo run --example seeds_graph > seeds.dot && dot -Tsvg seeds.dot -o seeds.svg
//! ```

use relgraph::ExtractorBuilder;
use relgraph::graph::KnowledgeGraph;
use std::error::Error;
use std::io::Write;
use std::path::Path;

/// The seed texts: (file name, text), in file name order.
pub fn seed_texts() -> Result<Vec<(String, String)>, Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            texts.push((name, std::fs::read_to_string(&path)?));
        }
    }
    texts.sort();
    Ok(texts)
}

/// Builds the graph of the seed texts with the default extractor.
pub fn seeds_graph() -> Result<KnowledgeGraph, Box<dyn Error>> {
    let extractor = ExtractorBuilder::new().build()?; // the embedded dictionaries and rule packs
    let mut graph = KnowledgeGraph::new();
    for (name, text) in seed_texts()? {
        graph.add_document(&extractor.extract_document(&name, &text));
    }
    Ok(graph)
}

/// Writes the DOT of the seeds' graph.
pub fn run(out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let graph = seeds_graph()?;
    out.write_all(graph.to_dot().as_bytes())?;
    Ok(())
}

#[allow(dead_code)]
fn main() -> Result<(), Box<dyn Error>> {
    run(&mut std::io::stdout().lock())
}
