//! The knowledge graph: order independence, symmetric relations, JSON round trip, and the exports
//! checked by real consumers (Graphviz when installed, an XML parser, a CSV reader).

use proptest::prelude::*;
use relgraph::graph::{Direction, GraphFilter, KnowledgeGraph};
use relgraph::{Document, Entity, EntityType, Evidence, Extractor, ExtractorBuilder, Mention, Modality, Relation, Source};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::OnceLock;

// ------------------------------------------------------------------ helpers

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

fn relation(head: &str, label: &str, tail: &str, confidence: f32, sentence: usize) -> Relation {
    Relation {
        head: head.into(),
        relation: label.into(),
        tail: tail.into(),
        modality: Modality::Asserted,
        confidence,
        attributes: BTreeMap::new(),
        evidence: vec![Evidence {
            start: sentence * 100,
            end: sentence * 100 + 50,
            text: format!("sentence {sentence}"),
            match_start: sentence * 100,
            match_end: sentence * 100 + 20,
            rule: format!("test.{label}"),
            sentence,
            resolutions: Vec::new(),
        }],
    }
}

fn doc(name: &str, entities: Vec<Entity>, relations: Vec<Relation>) -> Document {
    Document { document: name.into(), language: "en".into(), entities, relations, negated_relations: Vec::new(), sentences: Vec::new() }
}

/// Documents that exercise merging: a pattern entity written two ways, a symmetric relation in
/// both directions, names with characters every export must escape.
fn synthetic() -> Vec<Document> {
    let mut acme = entity("acme", "Acme Corp.", EntityType::Company, Source::Pattern);
    acme.attributes.insert("hq".into(), "Springfield, \"USA\"; earth".into());
    let mut globex = entity("globex", "Globex", EntityType::Company, Source::Dictionary);
    globex.kind = Some("conglomerate".into());
    globex.aliases = vec!["Globex Corporation".into()];
    let quote = entity("quote_co", "He said \"hi\" \\ <b>&amp; O'Neil,\nInc", EntityType::Company, Source::Dictionary);
    let widget = entity("widget", "Widget™ Pro", EntityType::Product, Source::Dictionary);
    let mut partners = relation("globex", "partners_with", "acme", 0.9, 1);
    partners.attributes.insert("year".into(), "2023".into());
    vec![
        doc("d1.txt", vec![acme.clone(), globex.clone(), widget.clone()], vec![partners, relation("acme", "develops", "widget", 0.8, 2)]),
        doc(
            "d2.txt",
            vec![entity("acme", "Acme Corp", EntityType::Company, Source::Pattern), globex.clone(), quote.clone()],
            vec![relation("acme", "partners_with", "globex", 0.5, 3), relation("quote_co", "acquires", "globex", 0.6, 1)],
        ),
        doc(
            "d3.txt",
            vec![globex, widget, quote],
            vec![relation("globex", "develops", "widget", 1.0, 0), relation("quote_co", "develops", "widget", 0.4, 4)],
        ),
    ]
}

fn seed_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("examples/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// The seed documents, extracted once.
fn seed_docs() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let extractor = Extractor::default();
        seed_texts().iter().map(|(n, t)| extractor.extract_document(n, t)).collect()
    })
}

fn all_docs() -> Vec<Document> {
    let mut v = seed_docs().to_vec();
    v.extend(synthetic());
    v
}

fn exports(g: &KnowledgeGraph) -> Vec<String> {
    let csv = g.to_neo4j_csv();
    vec![g.to_json(), g.to_dot(), g.to_graphml(), csv.nodes, csv.relationships, g.to_cypher()]
}

/// Whether the default dictionaries are there (the seed count checks need them).
fn dictionaries_present() -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
    ["companies.dict", "products.dict", "hardware.dict"].iter().all(|f| dir.join(f).exists())
}

// ------------------------------------------------------------------ building

#[test]
fn order_does_not_matter() {
    let docs = all_docs();
    let all_at_once = KnowledgeGraph::from_documents(&docs);
    let reference = exports(&all_at_once);
    let n = docs.len();
    let orders: Vec<Vec<usize>> = vec![
        (0..n).rev().collect(),
        (0..n).map(|i| (i * 3 + 1) % n).collect::<BTreeSet<_>>().into_iter().chain(0..n).collect::<Vec<_>>(),
        (0..n).filter(|i| i % 2 == 1).chain((0..n).filter(|i| i % 2 == 0)).collect(),
        (0..n).map(|i| (i + n / 2) % n).collect(),
    ];
    for order in orders {
        let mut seen = HashSet::new();
        let order: Vec<usize> = order.into_iter().filter(|i| seen.insert(*i)).collect();
        assert_eq!(order.len(), n);
        let mut g = KnowledgeGraph::new();
        for &i in &order {
            g.add_document(&docs[i]);
        }
        assert_eq!(g, all_at_once, "order {order:?}");
        assert_eq!(exports(&g), reference, "order {order:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_permutation_gives_the_same_graph(perm in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(), picks in proptest::collection::vec((0..4usize, 0..4usize, 0..3usize, 0u8..=10), 1..12)) {
        // Five documents over a small set of entities; relations picked at random.
        let ents = [
            entity("a", "Alpha", EntityType::Company, Source::Dictionary),
            entity("b", "Beta Inc.", EntityType::Company, Source::Pattern),
            entity("b", "Beta Inc", EntityType::Company, Source::Pattern),
            entity("c", "Gamma", EntityType::Product, Source::Dictionary),
        ];
        let labels = ["partners_with", "develops", "uses"];
        let docs: Vec<Document> = (0..5)
            .map(|d| {
                let rels: Vec<Relation> = picks
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 5 == d)
                    .map(|(i, &(h, t, l, c))| relation(&ents[h].id, labels[l], &ents[t].id, f32::from(c) / 10.0, i))
                    .collect();
                doc(&format!("doc{}", d % 3), vec![ents[0].clone(), ents[d % 2 + 1].clone(), ents[3].clone()], rels)
            })
            .collect();
        let forward = KnowledgeGraph::from_documents(&docs);
        let shuffled = KnowledgeGraph::from_documents(perm.iter().map(|&i| &docs[i]));
        prop_assert_eq!(&forward, &shuffled);
        prop_assert_eq!(forward.to_json(), shuffled.to_json());
        prop_assert_eq!(KnowledgeGraph::from_json(&forward.to_json()).unwrap(), shuffled);
    }
}

#[test]
fn pattern_entities_merge_across_documents() {
    let g = KnowledgeGraph::from_documents(&synthetic());
    let acme = g.node("company:acme_corp").expect("one node for Acme Corp. and Acme Corp");
    assert_eq!(acme.name, "Acme Corp");
    assert!(acme.aliases.contains("Acme Corp."));
    assert_eq!(acme.documents.len(), 2);
    assert_eq!(acme.mentions, 2);
    assert_eq!(acme.source, Source::Pattern);
    assert_eq!(g.node_by_name("acme corp.").map(|n| n.id.as_str()), Some("company:acme_corp"));
    assert_eq!(g.node_by_name("GLOBEX CORPORATION").map(|n| n.id.as_str()), Some("globex"));
    assert!(g.node_by_name("nobody").is_none());
}

#[test]
fn symmetric_relations_are_stored_once() {
    let g = KnowledgeGraph::from_documents(&synthetic());
    let edges: Vec<_> = g.edges().filter(|e| e.relation == "partners_with").collect();
    assert_eq!(edges.len(), 1);
    let e = edges[0];
    assert!(e.symmetric);
    assert_eq!((e.head.as_str(), e.tail.as_str()), ("company:acme_corp", "globex"));
    assert_eq!(e.count, 2);
    assert_eq!(e.documents.len(), 2);
    // Noisy-or over the two documents: 1 - 0.1 * 0.5.
    assert!((e.confidence - 0.95).abs() < 1e-6, "{}", e.confidence);
    assert_eq!(e.attributes.get("year").map(String::as_str), Some("2023"));
    assert!(std::ptr::eq(g.edge("globex", "partners_with", "company:acme_corp").unwrap(), e));
    // Both directions see it.
    for dir in [Direction::Outgoing, Direction::Incoming] {
        let n = g.neighbors("globex", Some("partners_with"), dir);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].direction, Direction::Both);
    }
}

#[test]
fn symmetric_relations_from_the_extractor() {
    let extractor = ExtractorBuilder::new()
        .default_dictionaries(false)
        .dictionary_str("t.dict", "microsoft | Microsoft | Company\nopenai | OpenAI | Company\n")
        .build()
        .unwrap();
    let a = extractor.extract_document("a", "Microsoft partners with OpenAI.");
    let b = extractor.extract_document("b", "OpenAI partnered with Microsoft.");
    let g = KnowledgeGraph::from_documents([&a, &b]);
    assert_eq!(g.edge_count(), 1, "{:?}", g.edges().map(|e| e.to_string()).collect::<Vec<_>>());
    assert_eq!(g.edges().next().unwrap().count, 2);
    assert_eq!(g.relations_between("openai", "microsoft").len(), 1);
}

#[test]
fn negated_relations_only_on_request() {
    let mut d = synthetic().remove(0);
    let mut neg = relation("acme", "acquires", "globex", 0.9, 5);
    neg.modality = Modality::Negated;
    d.negated_relations.push(neg);
    let default = KnowledgeGraph::from_documents([&d]);
    assert!(default.edges().all(|e| e.modality != Modality::Negated));
    let mut with = KnowledgeGraph::builder().include_negated(true).build();
    with.add_document(&d);
    assert_eq!(with.edge_count(), default.edge_count() + 1);
    let e = with.edge("company:acme_corp", "acquires", "globex").unwrap();
    assert_eq!(e.modality, Modality::Negated);
    assert!(with.to_dot().contains("style=\"dotted\""));
    let back = KnowledgeGraph::from_json(&with.to_json()).unwrap();
    assert!(back.includes_negated());
    assert_eq!(back, with);
}

// ------------------------------------------------------------------ queries

#[test]
fn queries() {
    let g = KnowledgeGraph::from_documents(&synthetic());
    let out: Vec<(&str, &str)> =
        g.neighbors("globex", None, Direction::Outgoing).iter().map(|n| (n.edge.relation.as_str(), n.node.id.as_str())).collect();
    assert_eq!(out, [("develops", "widget"), ("partners_with", "company:acme_corp")]);
    let inc: Vec<&str> = g.neighbors("globex", None, Direction::Incoming).iter().map(|n| n.node.id.as_str()).collect();
    assert_eq!(inc, ["quote_co", "company:acme_corp"]);
    assert_eq!(g.neighbors("globex", None, Direction::Both).len(), 3);
    assert_eq!(g.neighbors("widget", Some("develops"), Direction::Incoming).len(), 3);
    assert!(g.neighbors("nobody", None, Direction::Both).is_empty());

    let between: Vec<String> = g.relations_between("widget", "globex").iter().map(|e| e.to_string()).collect();
    assert_eq!(between, ["globex -develops-> widget"]);

    let path = g.shortest_path("quote_co", "company:acme_corp").unwrap();
    let ids: Vec<&str> = path.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["quote_co", "globex", "company:acme_corp"]);
    assert_eq!(path.edges.len(), 2);
    assert_eq!(g.shortest_path("widget", "widget").unwrap().len(), 0);
    assert!(g.shortest_path("widget", "nobody").is_none());

    let companies = g.filter(&GraphFilter::new().types([EntityType::Company]));
    assert!(companies.node("widget").is_none());
    assert_eq!(companies.edge_count(), 2);
    let strong = g.filter(&GraphFilter::new().min_evidence(2).drop_isolated(true));
    assert_eq!(strong.edge_count(), 1);
    assert_eq!(strong.node_count(), 2);
    let develops = g.filter(&GraphFilter::new().relations(["develops"]));
    assert!(develops.edges().all(|e| e.relation == "develops"));
    assert_eq!(develops.node_count(), g.node_count());
}

#[test]
fn shortest_path_is_the_same_in_any_order() {
    let docs = all_docs();
    let a = KnowledgeGraph::from_documents(&docs);
    let b = KnowledgeGraph::from_documents(docs.iter().rev());
    let ids: Vec<&str> = a.nodes().map(|n| n.id.as_str()).collect();
    for from in ids.iter().step_by(3) {
        for to in ids.iter().step_by(4) {
            let pa = a.shortest_path(from, to).map(|p| p.nodes.iter().map(|n| n.id.clone()).collect::<Vec<_>>());
            let pb = b.shortest_path(from, to).map(|p| p.nodes.iter().map(|n| n.id.clone()).collect::<Vec<_>>());
            assert_eq!(pa, pb, "{from} -> {to}");
        }
    }
}

// ------------------------------------------------------------------ JSON

#[test]
fn json_round_trip() {
    let g = KnowledgeGraph::from_documents(&all_docs());
    let json = g.to_json();
    let back = KnowledgeGraph::from_json(&json).unwrap();
    assert_eq!(back, g);
    assert_eq!(back.to_json(), json);
    assert_eq!(exports(&back), exports(&g));
}

#[test]
fn bad_json_is_an_error() {
    let cases = [
        "",
        "[]",
        "{\"nodes\": 3}",
        "{\"format\": \"other\", \"nodes\": []}",
        "{\"version\": 9, \"nodes\": []}",
        "{\"nodes\": [{\"id\": \"a\", \"name\": \"A\", \"type\": \"Company\", \"source\": \"dictionary\", \"confidence\": 1, \"mentions\": 1, \"documents\": []}, {\"id\": \"a\", \"name\": \"A\", \"type\": \"Company\", \"source\": \"dictionary\", \"confidence\": 1, \"mentions\": 1, \"documents\": []}]}",
        "{\"nodes\": [], \"edges\": [{\"head\": \"a\", \"relation\": \"uses\", \"tail\": \"b\", \"symmetric\": false, \"modality\": \"asserted\", \"confidence\": 1, \"count\": 1, \"documents\": [], \"evidence\": []}]}",
    ];
    for c in cases {
        match KnowledgeGraph::from_json(c) {
            Err(relgraph::Error::Graph(msg)) => assert!(!msg.is_empty()),
            other => panic!("{c:?}: {other:?}"),
        }
    }
}

// ------------------------------------------------------------------ exports

#[test]
fn exports_are_byte_identical_across_runs() {
    // A second extractor and a second extraction give the same bytes as the shared ones.
    let extractor = Extractor::default();
    let mut again = KnowledgeGraph::new();
    for (n, t) in seed_texts() {
        again.add_document(&extractor.extract_document(&n, &t));
    }
    again.add_documents(&synthetic());
    assert_eq!(exports(&again), exports(&KnowledgeGraph::from_documents(&all_docs())));
}

#[test]
fn dot_is_well_formed_and_renders() {
    for g in [KnowledgeGraph::from_documents(&all_docs()), KnowledgeGraph::new()] {
        let dot = g.to_dot();
        assert!(dot.starts_with("digraph relgraph {\n") && dot.ends_with("}\n"));
        assert!(dot.contains("subgraph cluster_legend"));
        // Every quote inside a value is escaped: quotes outside escapes pair up on each line.
        for line in dot.lines() {
            let mut unescaped = 0;
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => unescaped += 1,
                    _ => {}
                }
            }
            assert_eq!(unescaped % 2, 0, "{line}");
        }
        let Ok(mut child) = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
        else {
            eprintln!("graphviz `dot` not on PATH: render check skipped");
            return;
        };
        use std::io::Write;
        child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "dot failed: {stderr}");
        assert!(!stderr.contains("syntax error"), "{stderr}");
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg"));
        if g.node_by_name("He said \"hi\" \\ <b>&amp; O'Neil,\nInc").is_some() {
            // The escaped name comes out whole in the SVG (XML-escaped by Graphviz).
            assert!(svg.contains("He said &quot;hi&quot; \\ &lt;b&gt;&amp;amp; O&#39;Neil,"), "name not rendered whole");
        }
    }
}

#[test]
fn graphml_parses_and_declares_its_keys() {
    let g = KnowledgeGraph::from_documents(&all_docs());
    let xml = g.to_graphml();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(root.tag_name().namespace(), Some("http://graphml.graphdrawing.org/xmlns"));
    let keys: BTreeMap<&str, (&str, &str)> = root
        .children()
        .filter(|n| n.has_tag_name("key"))
        .map(|k| (k.attribute("id").unwrap(), (k.attribute("for").unwrap(), k.attribute("attr.name").unwrap())))
        .collect();
    let graph = root.children().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let nodes: Vec<_> = graph.children().filter(|n| n.has_tag_name("node")).collect();
    let edges: Vec<_> = graph.children().filter(|n| n.has_tag_name("edge")).collect();
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(edges.len(), g.edge_count());
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n.attribute("id").unwrap()).collect();
    assert_eq!(ids.len(), nodes.len());
    for e in &edges {
        assert!(ids.contains(e.attribute("source").unwrap()) && ids.contains(e.attribute("target").unwrap()));
    }
    for (el, kind) in nodes.iter().map(|n| (n, "node")).chain(edges.iter().map(|e| (e, "edge"))) {
        for d in el.children().filter(|c| c.has_tag_name("data")) {
            let key = d.attribute("key").unwrap();
            assert_eq!(keys.get(key).map(|k| k.0), Some(kind), "undeclared key {key}");
        }
    }
    // Text survives escaping.
    let quote = nodes.iter().find(|n| n.attribute("id") == Some("quote_co")).unwrap();
    let label = quote.children().find(|c| c.attribute("key") == Some("n_label")).unwrap();
    assert_eq!(label.text(), Some("He said \"hi\" \\ <b>&amp; O'Neil,\nInc"));
    let acme = nodes.iter().find(|n| n.attribute("id") == Some("company:acme_corp")).unwrap();
    let hq_key = keys.iter().find(|(_, (f, n))| *f == "node" && *n == "hq").map(|(k, _)| *k).unwrap();
    let hq = acme.children().find(|c| c.attribute("key") == Some(hq_key)).unwrap();
    assert_eq!(hq.text(), Some("Springfield, \"USA\"; earth"));
}

#[test]
fn seeds_graph_is_big_enough() {
    if !dictionaries_present() {
        eprintln!("default dictionaries missing: seed size check skipped");
        return;
    }
    let g = KnowledgeGraph::from_documents(seed_docs());
    let xml = g.to_graphml();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let count = |tag: &str| doc.descendants().filter(|n| n.has_tag_name(tag)).count();
    assert!(count("node") >= 25, "{} nodes", count("node"));
    assert!(count("edge") >= 20, "{} edges", count("edge"));
    for id in ["microsoft", "nvidia", "openai", "azure"] {
        assert!(g.node(id).is_some(), "{id} missing");
    }
}

/// A minimal RFC 4180 reader: fields, quoted fields with doubled quotes.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', false) if cur.is_empty() => quoted = true,
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', true) => quoted = false,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        assert!(!quoted, "unterminated quote in {line}");
        fields.push(cur);
        rows.push(fields);
    }
    rows
}

#[test]
fn neo4j_csv_follows_the_import_conventions() {
    let g = KnowledgeGraph::from_documents(&all_docs());
    let csv = g.to_neo4j_csv();
    let nodes = read_csv(&csv.nodes);
    let rels = read_csv(&csv.relationships);
    assert_eq!(&nodes[0][..4], ["id:ID", "name", ":LABEL", "type"]);
    assert!(nodes[0].contains(&"confidence:float".to_string()) && nodes[0].contains(&"aliases:string[]".to_string()));
    assert_eq!(&rels[0][..3], [":START_ID", ":END_ID", ":TYPE"]);
    assert_eq!(nodes.len() - 1, g.node_count());
    assert_eq!(rels.len() - 1, g.edge_count());
    // Header names are unique; every row has as many fields as its header.
    for table in [&nodes, &rels] {
        // A property column is `name` or `name:type`; a special column starts with `:` or is `id:ID`.
        let names: BTreeSet<String> = table[0]
            .iter()
            .map(|h| if h.starts_with(':') { h.clone() } else { h.split(':').next().unwrap().to_ascii_lowercase() })
            .collect();
        assert_eq!(names.len(), table[0].len(), "{:?}", table[0]);
        for row in table.iter() {
            assert_eq!(row.len(), table[0].len(), "{row:?}");
        }
    }
    let ids: BTreeSet<&str> = nodes[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), g.node_count());
    for r in &nodes[1..] {
        assert!(r[2].starts_with("Entity;") && EntityType::parse(&r[2]["Entity;".len()..]).is_some(), "{}", r[2]);
    }
    for r in &rels[1..] {
        assert!(ids.contains(r[0].as_str()) && ids.contains(r[1].as_str()));
        assert!(r[2].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'), "{}", r[2]);
        let evidence: serde_json::Value = serde_json::from_str(&r[10]).expect("evidence column is JSON");
        assert!(evidence.as_array().is_some_and(|a| !a.is_empty()));
    }
    let quote = nodes.iter().find(|r| r[0] == "quote_co").unwrap();
    assert_eq!(quote[1], "He said \"hi\" \\ <b>&amp; O'Neil, Inc");
}

#[test]
fn cypher_has_one_statement_per_node_and_edge() {
    let g = KnowledgeGraph::from_documents(&all_docs());
    let cypher = g.to_cypher();
    let statements: Vec<&str> = cypher.lines().filter(|l| !l.starts_with("//")).collect();
    assert!(statements.iter().all(|s| s.ends_with(';')));
    assert_eq!(statements.iter().filter(|s| s.starts_with("MERGE (n:Entity")).count(), g.node_count());
    assert_eq!(statements.iter().filter(|s| s.starts_with("MATCH (a:Entity")).count(), g.edge_count());
    assert!(cypher.contains("{id: 'quote_co'}) SET n:`Company`, n += {`name`: 'He said \"hi\" \\\\ <b>&amp; O\\'Neil,\\nInc'"));
}

// ------------------------------------------------------------------ CLI

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::process::Command;

    fn relgraph() -> Command {
        Command::new(env!("CARGO_BIN_EXE_relgraph"))
    }

    fn tmp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("relgraph-graph-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    /// The seeds as `relgraph extract` writes them (one JSON document a line), written once.
    fn seeds_jsonl() -> &'static Path {
        static PATH: OnceLock<std::path::PathBuf> = OnceLock::new();
        PATH.get_or_init(|| {
            let path = tmp("seeds.jsonl");
            let lines: Vec<String> = seed_docs().iter().map(|d| serde_json::to_string(d).unwrap()).collect();
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            path
        })
    }

    fn graph_of(out: &std::process::Output) -> KnowledgeGraph {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        KnowledgeGraph::from_json(&String::from_utf8(out.stdout.clone()).unwrap()).unwrap()
    }

    #[test]
    fn extracting_equals_reading_the_extract_output() {
        // Run from examples/data so that documents are named by file name, as in seed_docs().
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
        let names: Vec<String> = seed_texts().into_iter().map(|(n, _)| n).collect();
        let direct = relgraph().current_dir(&data).args(["graph", "-q", "--format", "json"]).args(&names).output().unwrap();
        let via = relgraph().args(["graph", "-q", "--format", "json", "--from-jsonl"]).arg(seeds_jsonl()).output().unwrap();
        assert_eq!(graph_of(&direct), graph_of(&via));
        assert_eq!(direct.stdout, via.stdout);
        assert_eq!(graph_of(&via), KnowledgeGraph::from_documents(seed_docs()));
    }

    #[test]
    fn filters_and_formats() {
        let jsonl = seeds_jsonl();
        let out = relgraph()
            .args([
                "graph",
                "-q",
                "--format",
                "json",
                "--types",
                "Company,Product",
                "--relations",
                "develops,uses",
                "--min-evidence",
                "2",
                "--from-jsonl",
            ])
            .arg(jsonl)
            .output()
            .unwrap();
        let g = graph_of(&out);
        assert!(g.nodes().all(|n| matches!(n.entity_type, EntityType::Company | EntityType::Product)));
        assert!(g.edges().all(|e| (e.relation == "develops" || e.relation == "uses") && e.count >= 2));
        let filter = GraphFilter::new().types([EntityType::Company, EntityType::Product]).relations(["develops", "uses"]).min_evidence(2);
        assert_eq!(g, KnowledgeGraph::from_documents(seed_docs()).filter(&filter));
        let isolated = relgraph().args(["graph", "-q", "--format", "json", "--drop-isolated", "--from-jsonl"]).arg(jsonl).output().unwrap();
        let g = graph_of(&isolated);
        assert!(g.nodes().all(|n| !g.neighbors(&n.id, None, Direction::Both).is_empty()));

        let full = KnowledgeGraph::from_documents(seed_docs());
        for (format, expected) in [("dot", full.to_dot()), ("graphml", full.to_graphml()), ("cypher", full.to_cypher())] {
            let file = tmp(&format!("seeds.{format}"));
            let st = relgraph().args(["graph", "-q", "--format", format, "-o"]).arg(&file).arg("--from-jsonl").arg(jsonl).status().unwrap();
            assert!(st.success(), "{format}");
            assert_eq!(std::fs::read_to_string(&file).unwrap(), expected, "{format}");
        }
        let csv = full.to_neo4j_csv();
        let prefix = tmp("neo/seeds-");
        let st = relgraph().args(["graph", "-q", "--format", "neo4j", "-o"]).arg(&prefix).arg("--from-jsonl").arg(jsonl).status().unwrap();
        assert!(st.success());
        assert_eq!(std::fs::read_to_string(tmp("neo/seeds-nodes.csv")).unwrap(), csv.nodes);
        assert_eq!(std::fs::read_to_string(tmp("neo/seeds-relationships.csv")).unwrap(), csv.relationships);
        let dir = tmp("neodir/");
        assert!(
            relgraph()
                .args(["graph", "-q", "--format", "neo4j", "-o"])
                .arg(&dir)
                .arg("--from-jsonl")
                .arg(jsonl)
                .status()
                .unwrap()
                .success()
        );
        assert_eq!(std::fs::read_to_string(dir.join("nodes.csv")).unwrap(), csv.nodes);
        assert_eq!(std::fs::read_to_string(dir.join("relationships.csv")).unwrap(), csv.relationships);
    }

    #[test]
    fn exit_codes() {
        let code = |args: &[&str]| relgraph().args(args).output().unwrap().status.code();
        assert_eq!(code(&["graph", "-q", "--format", "neo4j", "examples/data"]), Some(2));
        assert_eq!(code(&["graph", "-q", "--types", "Planet", "examples/data"]), Some(2));
        assert_eq!(code(&["graph", "-q", "--format", "xml", "examples/data"]), Some(2));
        assert_eq!(code(&["graph", "-q", "--from-jsonl", "/nonexistent/x.jsonl"]), Some(2));
        assert_eq!(code(&["graph", "-q", "--from-jsonl", "x.jsonl", "examples/data"]), Some(2));
        assert_eq!(code(&["graph", "-q", "--rules", "/nonexistent/x.rules", "examples/data"]), Some(2));
        let bad = tmp("bad.jsonl");
        let good = serde_json::to_string(&synthetic()[0]).unwrap();
        std::fs::write(&bad, format!("{good}\nnot json\n")).unwrap();
        let out = relgraph().args(["graph", "-q", "--format", "json", "--from-jsonl"]).arg(&bad).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl:2:"));
        let g = KnowledgeGraph::from_json(&String::from_utf8(out.stdout).unwrap()).unwrap();
        assert_eq!(g, KnowledgeGraph::from_documents([&synthetic()[0]]));
    }
}
