//! The JSON form of a graph: the canonical form (nodes sorted by id, edges by key, evidence
//! sorted), written by [`KnowledgeGraph::to_json`] and read back by [`KnowledgeGraph::from_json`].

use super::{Edge, KnowledgeGraph, Node};
use crate::error::{Error, Result};
use crate::relate::is_symmetric;
use serde::{Deserialize, Serialize};

/// The value of the `format` field.
const FORMAT: &str = "relgraph-graph";
/// The version of the format.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct GraphOut<'a> {
    format: &'static str,
    version: u32,
    include_negated: bool,
    nodes: Vec<&'a Node>,
    edges: Vec<&'a Edge>,
}

#[derive(Deserialize)]
struct GraphIn {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    include_negated: bool,
    nodes: Vec<Node>,
    #[serde(default)]
    edges: Vec<Edge>,
}

impl KnowledgeGraph {
    /// The graph as pretty-printed JSON: `{"format": "relgraph-graph", "version": 1,
    /// "include_negated": false, "nodes": [...], "edges": [...]}`, in canonical order, so the same
    /// graph always gives the same bytes.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract_document("d1", "AMD develops EPYC.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// let json = graph.to_json();
    /// assert!(json.contains("\"relation\": \"develops\""));
    /// assert_eq!(relgraph::graph::KnowledgeGraph::from_json(&json).unwrap(), graph);
    /// ```
    pub fn to_json(&self) -> String {
        let out = GraphOut {
            format: FORMAT,
            version: VERSION,
            include_negated: self.include_negated,
            nodes: self.nodes().collect(),
            edges: self.edges().collect(),
        };
        let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
        s.push('\n');
        s
    }

    /// Reads a graph written by [`to_json`](Self::to_json). Derived edge fields (count,
    /// documents, modality, confidence) are recomputed from the evidence. Fails with
    /// [`Error::Graph`] on bad JSON, an unknown format or version, a duplicate node id or edge,
    /// or an edge whose node is missing.
    ///
    /// ```
    /// use relgraph::graph::KnowledgeGraph;
    /// assert!(KnowledgeGraph::from_json("{\"nodes\": []}").unwrap().is_empty());
    /// assert!(KnowledgeGraph::from_json("not json").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let input: GraphIn =
            serde_json::from_str(text).map_err(|e| Error::Graph(format!("line {}, column {}: {e}", e.line(), e.column())))?;
        if let Some(f) = &input.format {
            if f != FORMAT {
                return Err(Error::Graph(format!("unknown format {f:?} (expected {FORMAT:?})")));
            }
        }
        if let Some(v) = input.version {
            if v != VERSION {
                return Err(Error::Graph(format!("unsupported version {v} (expected {VERSION})")));
            }
        }
        let mut g = KnowledgeGraph { include_negated: input.include_negated, ..KnowledgeGraph::default() };
        for mut n in input.nodes {
            if n.id.trim().is_empty() {
                return Err(Error::Graph("a node has an empty id".into()));
            }
            if g.nodes_by_id.contains_key(&n.id) {
                return Err(Error::Graph(format!("node {:?} is defined twice", n.id)));
            }
            n.aliases.remove(&n.name);
            n.confidence = super::clean_conf(n.confidence);
            g.insert_node(n);
        }
        for mut e in input.edges {
            e.symmetric = is_symmetric(&e.relation);
            if e.symmetric && e.tail < e.head {
                std::mem::swap(&mut e.head, &mut e.tail);
            }
            let key = (e.head.clone(), e.relation.clone(), e.tail.clone());
            if e.relation.is_empty() {
                return Err(Error::Graph(format!("edge {} -> {} has no relation", e.head, e.tail)));
            }
            if g.edges_by_key.contains_key(&key) {
                return Err(Error::Graph(format!("edge {e} is defined twice")));
            }
            if e.head == e.tail {
                return Err(Error::Graph(format!("edge {e} links a node to itself")));
            }
            let desc = e.to_string();
            if !g.insert_edge(e) {
                return Err(Error::Graph(format!("edge {desc} names a node that is not in the graph")));
            }
        }
        Ok(g)
    }
}
