//! The knowledge graph: entities of many documents merged into nodes, relations into edges that
//! keep every piece of evidence.
//!
//! - **Nodes** are keyed by canonical id: the dictionary id for dictionary entities (`microsoft`),
//!   and `TYPE:SLUG` for entities found by a pattern recogniser, where `SLUG` is the normalised
//!   name (`company:acme` for the company a pattern found as "Acme Corp." in one document and
//!   "Acme Inc" in another). See [`node_id`].
//! - **Edges** are keyed by `(head, relation, tail)`. A symmetric relation
//!   ([`crate::relate::is_symmetric`]) is stored once, head and tail in id order. Negated relations
//!   are left out unless [`GraphBuilder::include_negated`] is set. A relation whose head and tail
//!   are the same node is left out.
//! - **Confidence** of an edge: a noisy-or over documents, `1 - Π_d (1 - c_d)`, where `c_d` is the
//!   highest confidence of the edge's evidence from document `d`. Negated evidence counts only when
//!   an edge has nothing else. The confidence of a node is the highest confidence of its entities.
//! - **Merging** is order-free: the same documents added in any order, one by one or all at once,
//!   give equal graphs (`==` compares the canonical form: nodes sorted by id, edges by key,
//!   evidence sorted) and byte-identical exports. When documents disagree, the shortest name wins
//!   (then the smallest), the others become aliases; type, kind and source take the smallest value;
//!   an attribute with two values keeps the smallest.
//!
//! ```
//! use relgraph::graph::{Direction, KnowledgeGraph};
//! use relgraph::ExtractorBuilder;
//!
//! let extractor = ExtractorBuilder::new() // the embedded rule packs, and a dictionary of our own
//!     .default_dictionaries(false)
//!     .dictionary_str("mine.dict", "microsoft | Microsoft | Company\nopenai | OpenAI | Company\n")
//!     .build()
//!     .unwrap();
//! let a = extractor.extract_document("a.txt", "Microsoft partners with OpenAI.");
//! let b = extractor.extract_document("b.txt", "OpenAI partnered with Microsoft.");
//! let mut graph = KnowledgeGraph::new();
//! graph.add_document(&a);
//! graph.add_document(&b);
//! // partners_with is symmetric: one edge, found in both documents.
//! let edge = graph.edge("openai", "partners_with", "microsoft").expect("stored once");
//! assert_eq!((edge.head.as_str(), edge.tail.as_str()), ("microsoft", "openai"));
//! assert_eq!(edge.documents.len(), 2);
//! let out: Vec<&str> = graph.neighbors("microsoft", None, Direction::Outgoing).iter().map(|n| n.node.id.as_str()).collect();
//! assert_eq!(out, ["openai"]);
//! assert_eq!(graph, KnowledgeGraph::from_documents([&b, &a])); // order does not matter
//! ```

mod export;
mod json;

pub use export::Neo4jCsv;

use crate::extractor::slug;
use crate::model::{Document, Entity, EntityType, Modality, Relation, Resolution, Source};
use crate::normalize::NormalizedText;
use crate::relate::is_symmetric;
use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef, UndirectedAdaptor};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// An entity merged across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Node {
    /// Canonical id (see [`node_id`]).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Top-level type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Finer kind, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What found it (`dictionary` when any document found it in a dictionary).
    pub source: Source,
    /// The highest confidence of its entities.
    pub confidence: f32,
    /// Every other name seen: dictionary forms, names in other documents, short forms introduced
    /// in a document.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub aliases: BTreeSet<String>,
    /// Attributes (maker, ticker, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Number of mentions in all documents.
    pub mentions: usize,
    /// Names of the documents it occurs in.
    pub documents: BTreeSet<String>,
}

/// One piece of evidence of an edge: a sentence of a document and the rule that matched it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EdgeEvidence {
    /// The document's name.
    pub document: String,
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Start of the sentence (byte offset).
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// The sentence.
    pub text: String,
    /// Start of the words the rule matched.
    pub match_start: usize,
    /// End of the words the rule matched.
    pub match_end: usize,
    /// The rule id.
    pub rule: String,
    /// Modality of the document's relation.
    pub modality: Modality,
    /// Confidence of the document's relation.
    pub confidence: f32,
    /// Attributes of the document's relation (amount, year, role, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// How arguments not named in the sentence were found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<Resolution>,
}

/// A relation between two nodes, merged across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Edge {
    /// Id of the head node (for a symmetric relation, the smaller id).
    pub head: String,
    /// The label (`develops`).
    pub relation: String,
    /// Id of the tail node.
    pub tail: String,
    /// Whether the direction does not matter.
    pub symmetric: bool,
    /// The strongest modality of the evidence: asserted, else hedged, else negated.
    pub modality: Modality,
    /// Noisy-or over documents (see the [module documentation](self)).
    pub confidence: f32,
    /// Number of pieces of evidence.
    pub count: usize,
    /// Names of the documents with evidence.
    pub documents: BTreeSet<String>,
    /// Attributes of the relations (an attribute with two values keeps the smallest).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Every piece of evidence, sorted by document, then offsets, then rule.
    pub evidence: Vec<EdgeEvidence>,
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl fmt::Display for Edge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arrow = if self.symmetric { "-" } else { "->" };
        write!(f, "{} -{}{} {}", self.head, self.relation, arrow, self.tail)
    }
}

/// Which edges of a node to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Edges where the node is the head (and symmetric edges).
    Outgoing,
    /// Edges where the node is the tail (and symmetric edges).
    Incoming,
    /// All edges.
    Both,
}

/// A neighbour of a node, with the edge that links them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbor<'a> {
    /// The neighbour.
    pub node: &'a Node,
    /// The edge.
    pub edge: &'a Edge,
    /// `Outgoing` when the queried node is the edge's head, `Incoming` when it is the tail, `Both`
    /// for a symmetric edge.
    pub direction: Direction,
}

/// A path between two nodes: `edges[i]` links `nodes[i]` and `nodes[i + 1]` (in either
/// direction).
#[derive(Debug, Clone, PartialEq)]
pub struct GraphPath<'a> {
    /// The nodes, from the start to the end.
    pub nodes: Vec<&'a Node>,
    /// The edges between consecutive nodes.
    pub edges: Vec<&'a Edge>,
}

impl GraphPath<'_> {
    /// Number of edges.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// Whether the path has no edge (start and end are the same node).
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }
}

/// What [`KnowledgeGraph::filter`] keeps.
///
/// ```
/// use relgraph::graph::GraphFilter;
/// use relgraph::EntityType;
/// let filter = GraphFilter::new().types([EntityType::Company]).relations(["partners_with"]).min_evidence(2).drop_isolated(true);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphFilter {
    types: Option<BTreeSet<EntityType>>,
    relations: Option<BTreeSet<String>>,
    min_evidence: usize,
    drop_isolated: bool,
}

impl GraphFilter {
    /// A filter that keeps everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps only nodes of these types (and the edges between them).
    pub fn types(mut self, types: impl IntoIterator<Item = EntityType>) -> Self {
        self.types = Some(types.into_iter().collect());
        self
    }

    /// Keeps only edges with these labels.
    pub fn relations<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Self {
        self.relations = Some(labels.into_iter().map(Into::into).collect());
        self
    }

    /// Keeps only edges with at least this many pieces of evidence.
    pub fn min_evidence(mut self, n: usize) -> Self {
        self.min_evidence = n;
        self
    }

    /// Drops the nodes left without an edge.
    pub fn drop_isolated(mut self, yes: bool) -> Self {
        self.drop_isolated = yes;
        self
    }

    fn keeps_node(&self, n: &Node) -> bool {
        self.types.as_ref().is_none_or(|t| t.contains(&n.entity_type))
    }

    fn keeps_edge(&self, e: &Edge) -> bool {
        e.count >= self.min_evidence && self.relations.as_ref().is_none_or(|r| r.contains(&e.relation))
    }
}

/// Builds an empty [`KnowledgeGraph`] with options.
///
/// ```
/// let graph = relgraph::graph::KnowledgeGraph::builder().include_negated(true).build();
/// assert!(graph.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    include_negated: bool,
}

impl GraphBuilder {
    /// Whether negated relations (from `Document::negated_relations`, or with negated modality in
    /// `Document::relations`) become edges. Default: no.
    pub fn include_negated(mut self, yes: bool) -> Self {
        self.include_negated = yes;
        self
    }

    /// The empty graph.
    pub fn build(self) -> KnowledgeGraph {
        KnowledgeGraph { include_negated: self.include_negated, ..KnowledgeGraph::default() }
    }
}

type EdgeKey = (String, String, String);

/// A knowledge graph over [`petgraph`]: nodes are entities, edges are relations with their
/// evidence. Build it with [`add_document`](Self::add_document), query it, export it.
///
/// ```
/// use relgraph::graph::KnowledgeGraph;
/// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
/// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
/// #     .build().unwrap();
/// let doc = extractor.extract_document("d1", "AMD develops EPYC.");
/// let graph = KnowledgeGraph::from_documents([&doc]);
/// assert!(graph.node("amd").is_some());
/// assert!(graph.edge("amd", "develops", "amd_epyc").is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge>,
    nodes_by_id: BTreeMap<String, NodeIndex>,
    edges_by_key: BTreeMap<EdgeKey, EdgeIndex>,
    /// Folded name or alias -> node ids.
    names: HashMap<String, BTreeSet<String>>,
    include_negated: bool,
}

impl PartialEq for KnowledgeGraph {
    /// Compares the canonical forms: nodes in id order, edges in key order (options are not
    /// compared).
    fn eq(&self, other: &Self) -> bool {
        self.node_count() == other.node_count()
            && self.edge_count() == other.edge_count()
            && self.nodes().eq(other.nodes())
            && self.edges().eq(other.edges())
    }
}

/// The node id of an entity: its id, or `TYPE:SLUG` (type in lower case, slug of the normalised
/// name) for an entity found by a pattern. `None` when there is nothing to key it by.
///
/// ```
/// use relgraph::graph::node_id;
/// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
/// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
/// #     .build().unwrap();
/// let doc = extractor.extract("Microsoft and Acme Corp. signed a deal.");
/// assert_eq!(node_id(doc.entity("microsoft").unwrap()).as_deref(), Some("microsoft"));
/// assert_eq!(node_id(doc.entity("acme").unwrap()).as_deref(), Some("company:acme"));
/// ```
pub fn node_id(entity: &Entity) -> Option<String> {
    if entity.source == Source::Pattern {
        let mut s = slug(&entity.name);
        if s.is_empty() {
            s = slug(&entity.id);
        }
        if s.is_empty() {
            return None;
        }
        Some(format!("{}:{s}", entity.entity_type.as_str().to_ascii_lowercase()))
    } else if entity.id.trim().is_empty() {
        None
    } else {
        Some(entity.id.clone())
    }
}

fn fold(s: &str) -> String {
    NormalizedText::fold_form(s)
}

/// Orders names: shorter (in characters) first, then by text.
fn name_order(a: &str, b: &str) -> Ordering {
    a.chars().count().cmp(&b.chars().count()).then_with(|| a.cmp(b))
}

fn clean_conf(c: f32) -> f32 {
    if c.is_nan() { 0.0 } else { c.clamp(0.0, 1.0) }
}

fn merge_attributes(into: &mut BTreeMap<String, String>, from: &BTreeMap<String, String>) {
    for (k, v) in from {
        match into.get_mut(k) {
            Some(old) if *v < *old => *old = v.clone(),
            Some(_) => {}
            None => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

fn resolution_key(r: &Resolution) -> (u8, &str, &str) {
    match r {
        Resolution::Anaphor { argument, text } => (0, argument, text),
        Resolution::ImpliedSubject { argument } => (1, argument, ""),
    }
}

fn evidence_order(a: &EdgeEvidence, b: &EdgeEvidence) -> Ordering {
    (&a.document, a.start, a.match_start, a.match_end, &a.rule, a.end, a.sentence, &a.text, a.modality)
        .cmp(&(&b.document, b.start, b.match_start, b.match_end, &b.rule, b.end, b.sentence, &b.text, b.modality))
        .then_with(|| a.confidence.total_cmp(&b.confidence))
        .then_with(|| a.attributes.cmp(&b.attributes))
        .then_with(|| a.resolutions.iter().map(resolution_key).cmp(b.resolutions.iter().map(resolution_key)))
}

impl Edge {
    /// Recomputes count, documents, modality and confidence from the evidence (sorted first).
    fn refresh(&mut self) {
        self.evidence.sort_by(evidence_order);
        self.count = self.evidence.len();
        self.documents = self.evidence.iter().map(|e| e.document.clone()).collect();
        self.modality = self.evidence.iter().map(|e| e.modality).min().unwrap_or_default();
        self.refresh_confidence();
    }

    /// Adds evidence to an edge whose derived fields are up to date, keeping them so (in time
    /// linear in the evidence, without allocating).
    fn add_evidence(&mut self, new: Vec<EdgeEvidence>) {
        for ev in new {
            self.modality = self.modality.min(ev.modality);
            if !self.documents.contains(&ev.document) {
                self.documents.insert(ev.document.clone());
            }
            let at = self.evidence.partition_point(|x| evidence_order(x, &ev) != Ordering::Greater);
            self.evidence.insert(at, ev);
        }
        self.count = self.evidence.len();
        self.refresh_confidence();
    }

    /// Noisy-or over documents of the best confidence in each (evidence sorted by document).
    fn refresh_confidence(&mut self) {
        let only_negated = self.evidence.iter().all(|e| e.modality == Modality::Negated);
        let mut miss = 1.0f64;
        let mut current: Option<(&str, f32)> = None;
        for e in self.evidence.iter().filter(|e| only_negated || e.modality != Modality::Negated) {
            let c = clean_conf(e.confidence);
            match &mut current {
                Some((d, best)) if *d == e.document.as_str() => *best = best.max(c),
                _ => {
                    if let Some((_, best)) = current {
                        miss *= 1.0 - f64::from(best);
                    }
                    current = Some((e.document.as_str(), c));
                }
            }
        }
        if let Some((_, best)) = current {
            miss *= 1.0 - f64::from(best);
        }
        self.confidence = clean_conf((1.0 - miss) as f32);
    }

    /// The rule ids of the evidence, sorted, without duplicates.
    pub fn rules(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self.evidence.iter().map(|e| e.rule.as_str()).collect();
        set.into_iter().collect()
    }
}

impl KnowledgeGraph {
    /// An empty graph (negated relations left out).
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for a graph with options.
    pub fn builder() -> GraphBuilder {
        GraphBuilder::default()
    }

    /// A graph of these documents (default options).
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Self {
        let mut g = Self::new();
        g.add_documents(docs);
        g
    }

    /// Whether negated relations become edges.
    pub fn includes_negated(&self) -> bool {
        self.include_negated
    }

    /// Adds documents (the order does not matter).
    pub fn add_documents<'a>(&mut self, docs: impl IntoIterator<Item = &'a Document>) {
        for d in docs {
            self.add_document(d);
        }
    }

    /// Adds the entities and relations of one document. Relations that name an entity the
    /// document does not have, or link a node to itself, are left out; so are negated relations
    /// unless the graph includes them. Adding the same document twice counts it twice.
    pub fn add_document(&mut self, doc: &Document) {
        // Entity id in the document -> node id. A dictionary entity wins over a pattern entity
        // with the same id.
        let mut ids: HashMap<&str, (String, bool)> = HashMap::new();
        for e in &doc.entities {
            let Some(nid) = node_id(e) else { continue };
            let pattern = e.source == Source::Pattern;
            if !matches!(ids.get(e.id.as_str()), Some((_, false)) if pattern) {
                ids.insert(e.id.as_str(), (nid.clone(), pattern));
            }
            self.merge_entity(nid, e, &doc.document);
        }
        let negated: &[Relation] = if self.include_negated { &doc.negated_relations } else { &[] };
        for r in doc.relations.iter().chain(negated) {
            if r.modality == Modality::Negated && !self.include_negated {
                continue;
            }
            let (Some((h, _)), Some((t, _))) = (ids.get(r.head.as_str()), ids.get(r.tail.as_str())) else {
                continue;
            };
            if h == t || r.relation.is_empty() {
                continue;
            }
            self.merge_relation(h.clone(), t.clone(), r, &doc.document);
        }
    }

    fn index_names(&mut self, id: &str, forms: impl IntoIterator<Item = String>) {
        for f in forms {
            let k = fold(&f);
            if !k.is_empty() {
                self.names.entry(k).or_default().insert(id.to_string());
            }
        }
    }

    fn merge_entity(&mut self, id: String, e: &Entity, document: &str) {
        let mut forms: BTreeSet<String> = e.aliases.iter().filter(|a| !a.trim().is_empty()).cloned().collect();
        forms.extend(e.mentions.iter().filter(|m| m.source == Source::Alias && !m.text.trim().is_empty()).map(|m| m.text.clone()));
        let name = if e.name.trim().is_empty() { id.clone() } else { e.name.clone() };
        match self.nodes_by_id.get(&id) {
            Some(&ix) => {
                let n = &mut self.graph[ix];
                // The display name is the smallest name (not alias) seen; every other form is
                // an alias.
                let best = if name_order(&name, &n.name) == Ordering::Less { name.clone() } else { n.name.clone() };
                forms.insert(name);
                forms.extend(std::mem::take(&mut n.aliases));
                forms.insert(std::mem::take(&mut n.name));
                forms.remove(&best);
                n.name = best;
                n.aliases = forms;
                n.entity_type = n.entity_type.min(e.entity_type);
                n.kind = match (n.kind.take(), &e.kind) {
                    (Some(a), Some(b)) => Some(a.min(b.clone())),
                    (a, b) => a.or_else(|| b.clone()),
                };
                n.source = n.source.min(e.source);
                n.confidence = n.confidence.max(clean_conf(e.confidence));
                merge_attributes(&mut n.attributes, &e.attributes);
                n.mentions += e.mentions.len();
                n.documents.insert(document.to_string());
                let all: Vec<String> = n.aliases.iter().cloned().chain([n.name.clone()]).collect();
                self.index_names(&id, all);
            }
            None => {
                forms.remove(&name);
                let node = Node {
                    id: id.clone(),
                    name,
                    entity_type: e.entity_type,
                    kind: e.kind.clone(),
                    source: e.source,
                    confidence: clean_conf(e.confidence),
                    aliases: forms,
                    attributes: e.attributes.clone(),
                    mentions: e.mentions.len(),
                    documents: BTreeSet::from([document.to_string()]),
                };
                self.insert_node(node);
            }
        }
    }

    /// Inserts a node that is not there yet.
    fn insert_node(&mut self, node: Node) {
        let id = node.id.clone();
        let forms: Vec<String> = node.aliases.iter().cloned().chain([node.name.clone()]).collect();
        let ix = self.graph.add_node(node);
        self.nodes_by_id.insert(id.clone(), ix);
        self.index_names(&id, forms);
    }

    fn merge_relation(&mut self, head: String, tail: String, r: &Relation, document: &str) {
        let symmetric = is_symmetric(&r.relation);
        let (head, tail) = if symmetric && tail < head { (tail, head) } else { (head, tail) };
        let conf = clean_conf(r.confidence);
        let mut evidence: Vec<EdgeEvidence> = r
            .evidence
            .iter()
            .map(|ev| EdgeEvidence {
                document: document.to_string(),
                sentence: ev.sentence,
                start: ev.start,
                end: ev.end,
                text: ev.text.clone(),
                match_start: ev.match_start,
                match_end: ev.match_end,
                rule: ev.rule.clone(),
                modality: r.modality,
                confidence: conf,
                attributes: r.attributes.clone(),
                resolutions: ev.resolutions.clone(),
            })
            .collect();
        if evidence.is_empty() {
            // A relation without evidence still counts once.
            evidence.push(EdgeEvidence {
                document: document.to_string(),
                sentence: 0,
                start: 0,
                end: 0,
                text: String::new(),
                match_start: 0,
                match_end: 0,
                rule: String::new(),
                modality: r.modality,
                confidence: conf,
                attributes: r.attributes.clone(),
                resolutions: Vec::new(),
            });
        }
        let key = (head, r.relation.clone(), tail);
        match self.edges_by_key.get(&key) {
            Some(&ix) => {
                let e = &mut self.graph[ix];
                e.add_evidence(evidence);
                merge_attributes(&mut e.attributes, &r.attributes);
            }
            None => {
                let edge = Edge {
                    head: key.0.clone(),
                    relation: key.1.clone(),
                    tail: key.2.clone(),
                    symmetric,
                    modality: r.modality,
                    confidence: 0.0,
                    count: 0,
                    documents: BTreeSet::new(),
                    attributes: r.attributes.clone(),
                    evidence,
                };
                self.insert_edge(edge);
            }
        }
    }

    /// Inserts an edge that is not there yet, between nodes that are (the caller checked).
    fn insert_edge(&mut self, mut edge: Edge) -> bool {
        let (Some(&h), Some(&t)) = (self.nodes_by_id.get(&edge.head), self.nodes_by_id.get(&edge.tail)) else {
            return false;
        };
        edge.refresh();
        let key = (edge.head.clone(), edge.relation.clone(), edge.tail.clone());
        let ix = self.graph.add_edge(h, t, edge);
        self.edges_by_key.insert(key, ix);
        true
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Whether the graph has no node.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The underlying petgraph graph, for its algorithms. Its indices depend on the order documents
    /// were added; ids do not.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// let components = petgraph::algo::connected_components(graph.petgraph());
    /// assert_eq!(components, 1);
    /// ```
    pub fn petgraph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    /// The petgraph index of a node.
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.nodes_by_id.get(id).copied()
    }

    /// Nodes, in id order.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("Microsoft and NVIDIA.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// let ids: Vec<&str> = graph.nodes().map(|n| n.id.as_str()).collect();
    /// assert_eq!(ids, ["microsoft", "nvidia"]);
    /// ```
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes_by_id.values().map(|&ix| &self.graph[ix])
    }

    /// Edges, in `(head, relation, tail)` order.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// let edges: Vec<String> = graph.edges().map(|e| e.to_string()).collect();
    /// assert_eq!(edges, ["amd -develops-> amd_epyc"]);
    /// ```
    pub fn edges(&self) -> impl Iterator<Item = &Edge> + '_ {
        self.edges_by_key.values().map(|&ix| &self.graph[ix])
    }

    /// The node with this id.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("Microsoft and NVIDIA.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// assert_eq!(graph.node("nvidia").unwrap().name, "NVIDIA");
    /// assert!(graph.node("intel").is_none());
    /// ```
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes_by_id.get(id).map(|&ix| &self.graph[ix])
    }

    /// Nodes with this name or alias, compared case-insensitively (and with quotes, dashes and
    /// spaces normalised as in the gazetteer). Nodes whose name matches come first, then by id.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("Microsoft and NVIDIA.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// assert_eq!(graph.find("nvidia")[0].id, "nvidia");
    /// ```
    pub fn find(&self, name: &str) -> Vec<&Node> {
        let key = fold(name);
        let Some(ids) = self.names.get(&key) else {
            return Vec::new();
        };
        let mut out: Vec<&Node> = ids.iter().filter_map(|id| self.node(id)).collect();
        out.sort_by_key(|n| (fold(&n.name) != key, n.id.as_str()));
        out
    }

    /// The best node with this name or alias: the first of [`find`](Self::find).
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("Microsoft and NVIDIA.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// assert_eq!(graph.node_by_name("MICROSOFT").unwrap().id, "microsoft");
    /// ```
    pub fn node_by_name(&self, name: &str) -> Option<&Node> {
        self.find(name).into_iter().next()
    }

    /// The edge `head -relation-> tail` (either order for a symmetric relation).
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// assert_eq!(graph.edge("amd", "develops", "amd_epyc").unwrap().count, 1);
    /// assert!(graph.edge("amd_epyc", "develops", "amd").is_none());
    /// ```
    pub fn edge(&self, head: &str, relation: &str, tail: &str) -> Option<&Edge> {
        let (h, t) = if is_symmetric(relation) && tail < head { (tail, head) } else { (head, tail) };
        self.edges_by_key.get(&(h.to_string(), relation.to_string(), t.to_string())).map(|&ix| &self.graph[ix])
    }

    /// The neighbours of a node through edges with this label (`None`: any label) in this
    /// direction, sorted by label, then neighbour id. Symmetric edges count in both directions.
    ///
    /// ```
    /// use relgraph::graph::{Direction, KnowledgeGraph};
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC.");
    /// let graph = KnowledgeGraph::from_documents([&doc]);
    /// let n = graph.neighbors("amd_epyc", Some("develops"), Direction::Incoming);
    /// assert_eq!(n[0].node.id, "amd");
    /// assert!(graph.neighbors("amd_epyc", None, Direction::Outgoing).is_empty());
    /// ```
    pub fn neighbors(&self, id: &str, relation: Option<&str>, direction: Direction) -> Vec<Neighbor<'_>> {
        let Some(ix) = self.node_index(id) else {
            return Vec::new();
        };
        let mut out: Vec<Neighbor<'_>> = Vec::new();
        for (dir, pdir) in [(Direction::Outgoing, petgraph::Direction::Outgoing), (Direction::Incoming, petgraph::Direction::Incoming)] {
            for er in self.graph.edges_directed(ix, pdir) {
                let edge = er.weight();
                if relation.is_some_and(|r| r != edge.relation) {
                    continue;
                }
                if !(edge.symmetric || direction == Direction::Both || direction == dir) {
                    continue;
                }
                let other = if dir == Direction::Outgoing { er.target() } else { er.source() };
                out.push(Neighbor { node: &self.graph[other], edge, direction: if edge.symmetric { Direction::Both } else { dir } });
            }
        }
        out.sort_by(|a, b| (&a.edge.relation, &a.node.id, &a.edge.head).cmp(&(&b.edge.relation, &b.node.id, &b.edge.head)));
        out
    }

    /// Every edge between two nodes, in either direction, in key order.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// assert_eq!(graph.relations_between("amd_epyc", "amd").len(), 1);
    /// ```
    pub fn relations_between(&self, a: &str, b: &str) -> Vec<&Edge> {
        let (Some(ia), Some(ib)) = (self.node_index(a), self.node_index(b)) else {
            return Vec::new();
        };
        let mut out: Vec<&Edge> =
            self.graph.edges_connecting(ia, ib).chain(self.graph.edges_connecting(ib, ia)).map(|e| e.weight()).collect();
        out.sort_by(|x, y| (&x.head, &x.relation, &x.tail).cmp(&(&y.head, &y.relation, &y.tail)));
        out.dedup_by(|x, y| std::ptr::eq(*x, *y));
        out
    }

    /// A shortest path between two nodes, edges followed in either direction (petgraph's Dijkstra
    /// with unit costs). Among paths of the same length, the one through the smallest ids is
    /// chosen, so the answer does not depend on the order documents were added. `None` when either
    /// node is missing or no path links them.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC. AMD partners with Microsoft.");
    /// let graph = relgraph::graph::KnowledgeGraph::from_documents([&doc]);
    /// let path = graph.shortest_path("amd_epyc", "microsoft").unwrap();
    /// let ids: Vec<&str> = path.nodes.iter().map(|n| n.id.as_str()).collect();
    /// assert_eq!(ids, ["amd_epyc", "amd", "microsoft"]);
    /// assert_eq!(path.len(), 2);
    /// ```
    pub fn shortest_path(&self, from: &str, to: &str) -> Option<GraphPath<'_>> {
        let (start, goal) = (self.node_index(from)?, self.node_index(to)?);
        let undirected = UndirectedAdaptor(&self.graph);
        // Distances to the goal; then walk from the start, always to the smallest id one step
        // closer.
        let dist = dijkstra(undirected, goal, Some(start), |_| 1usize);
        let mut d = *dist.get(&start)?;
        let mut nodes = vec![&self.graph[start]];
        let mut edges = Vec::new();
        let mut at = start;
        while d > 0 {
            let mut best: Option<(&str, NodeIndex)> = None;
            for n in self.graph.neighbors_undirected(at) {
                if dist.get(&n) == Some(&(d - 1)) {
                    let id = self.graph[n].id.as_str();
                    if best.is_none_or(|(b, _)| id < b) {
                        best = Some((id, n));
                    }
                }
            }
            let (_, next) = best?;
            let edge = *self.relations_between(&self.graph[at].id, &self.graph[next].id).first()?;
            edges.push(edge);
            nodes.push(&self.graph[next]);
            at = next;
            d -= 1;
        }
        Some(GraphPath { nodes, edges })
    }

    /// The subgraph that a filter keeps: nodes of its types, edges of its labels with enough
    /// evidence between kept nodes, and (unless it drops them) nodes left without edges.
    ///
    /// ```
    /// use relgraph::graph::{GraphFilter, KnowledgeGraph};
    /// use relgraph::EntityType;
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\nmicrosoft | Microsoft | Company\nnvidia | NVIDIA | Company\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract("AMD develops EPYC. AMD partners with Microsoft.");
    /// let graph = KnowledgeGraph::from_documents([&doc]);
    /// let companies = graph.filter(&GraphFilter::new().types([EntityType::Company]));
    /// assert!(companies.node("amd_epyc").is_none());
    /// assert_eq!(companies.edge_count(), 1);
    /// ```
    pub fn filter(&self, filter: &GraphFilter) -> KnowledgeGraph {
        let mut out = KnowledgeGraph { include_negated: self.include_negated, ..KnowledgeGraph::default() };
        let edges: Vec<&Edge> = self
            .edges()
            .filter(|e| {
                filter.keeps_edge(e)
                    && self.node(&e.head).is_some_and(|n| filter.keeps_node(n))
                    && self.node(&e.tail).is_some_and(|n| filter.keeps_node(n))
            })
            .collect();
        let linked: BTreeSet<&str> = edges.iter().flat_map(|e| [e.head.as_str(), e.tail.as_str()]).collect();
        for n in self.nodes() {
            if filter.keeps_node(n) && (!filter.drop_isolated || linked.contains(n.id.as_str())) {
                out.insert_node(n.clone());
            }
        }
        for e in edges {
            out.insert_edge(e.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Mention};

    fn entity(id: &str, name: &str, ty: EntityType, source: Source) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            entity_type: ty,
            kind: None,
            source,
            confidence: if source == Source::Pattern { 0.7 } else { 1.0 },
            aliases: Vec::new(),
            attributes: BTreeMap::new(),
            mentions: vec![Mention { start: 0, end: name.len(), text: name.into(), sentence: 0, source }],
        }
    }

    fn relation(head: &str, label: &str, tail: &str, conf: f32, modality: Modality) -> Relation {
        Relation {
            head: head.into(),
            relation: label.into(),
            tail: tail.into(),
            modality,
            confidence: conf,
            attributes: BTreeMap::new(),
            evidence: vec![Evidence {
                start: 0,
                end: 10,
                text: "s".into(),
                match_start: 0,
                match_end: 5,
                rule: "r".into(),
                sentence: 0,
                resolutions: Vec::new(),
            }],
        }
    }

    fn doc(name: &str, entities: Vec<Entity>, relations: Vec<Relation>) -> Document {
        Document { document: name.into(), language: "en".into(), entities, relations, negated_relations: Vec::new(), sentences: Vec::new() }
    }

    #[test]
    fn pattern_entities_merge_by_normalised_name_and_type() {
        let a = doc("a", vec![entity("acme_corp", "Acme Corp.", EntityType::Company, Source::Pattern)], vec![]);
        let b = doc("b", vec![entity("acme_corp", "Acme Corp", EntityType::Company, Source::Pattern)], vec![]);
        let c = doc("c", vec![entity("acme_corp", "Acme Corp", EntityType::Person, Source::Pattern)], vec![]);
        let g = KnowledgeGraph::from_documents([&a, &b, &c]);
        assert_eq!(g.node_count(), 2);
        let n = g.node("company:acme_corp").unwrap();
        assert_eq!(n.name, "Acme Corp");
        assert_eq!(n.aliases, BTreeSet::from(["Acme Corp.".to_string()]));
        assert_eq!(n.mentions, 2);
        assert_eq!(n.documents.len(), 2);
        assert!(g.node("person:acme_corp").is_some());
    }

    #[test]
    fn aliases_never_replace_the_name() {
        let mut e = entity("satya_nadella", "Satya Nadella", EntityType::Person, Source::Dictionary);
        e.aliases = vec!["Nadella".into()];
        let g = KnowledgeGraph::from_documents([&doc("a", vec![e.clone()], vec![]), &doc("b", vec![e], vec![])]);
        let n = g.node("satya_nadella").unwrap();
        assert_eq!(n.name, "Satya Nadella");
        assert_eq!(n.aliases, BTreeSet::from(["Nadella".to_string()]));
    }

    #[test]
    fn noisy_or_over_documents() {
        let ents =
            || vec![entity("x", "X", EntityType::Company, Source::Dictionary), entity("y", "Y", EntityType::Company, Source::Dictionary)];
        let a = doc("a", ents(), vec![relation("x", "acquires", "y", 0.5, Modality::Asserted)]);
        let b = doc("b", ents(), vec![relation("x", "acquires", "y", 0.5, Modality::Hedged)]);
        let g = KnowledgeGraph::from_documents([&a, &b]);
        let e = g.edge("x", "acquires", "y").unwrap();
        assert!((e.confidence - 0.75).abs() < 1e-6);
        assert_eq!(e.modality, Modality::Asserted);
        assert_eq!(e.count, 2);
    }

    #[test]
    fn negated_left_out_unless_asked() {
        let ents =
            || vec![entity("x", "X", EntityType::Company, Source::Dictionary), entity("y", "Y", EntityType::Company, Source::Dictionary)];
        let mut d = doc("a", ents(), vec![relation("x", "uses", "y", 0.9, Modality::Negated)]);
        d.negated_relations.push(relation("x", "acquires", "y", 0.9, Modality::Negated));
        assert_eq!(KnowledgeGraph::from_documents([&d]).edge_count(), 0);
        let mut g = KnowledgeGraph::builder().include_negated(true).build();
        g.add_document(&d);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.edge("x", "acquires", "y").unwrap().modality, Modality::Negated);
    }

    #[test]
    fn unknown_ids_and_self_loops_are_skipped() {
        let d = doc(
            "a",
            vec![entity("x", "X", EntityType::Company, Source::Dictionary)],
            vec![relation("x", "acquires", "nope", 1.0, Modality::Asserted), relation("x", "acquires", "x", 1.0, Modality::Asserted)],
        );
        let g = KnowledgeGraph::from_documents([&d]);
        assert_eq!((g.node_count(), g.edge_count()), (1, 0));
    }

    #[test]
    fn empty_graph_queries() {
        let g = KnowledgeGraph::new();
        assert!(g.node("x").is_none() && g.find("").is_empty() && g.shortest_path("a", "b").is_none());
        assert!(g.neighbors("x", None, Direction::Both).is_empty());
        assert_eq!(g, KnowledgeGraph::from_json(&g.to_json()).unwrap());
    }
}
