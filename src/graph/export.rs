//! Exports: DOT (Graphviz), GraphML, Neo4j bulk-import CSV and Cypher. Every export walks the
//! graph in canonical order (nodes by id, edges by key), so the same graph gives the same bytes.

use super::{Edge, KnowledgeGraph, Node};
use crate::model::{EntityType, Modality, Source};
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// Shape and fill colour of a type in the DOT export.
fn style(t: EntityType) -> (&'static str, &'static str) {
    match t {
        EntityType::Company => ("box", "#9ecae1"),
        EntityType::Product => ("ellipse", "#a1d99b"),
        EntityType::Hardware => ("box3d", "#fdae6b"),
        EntityType::Person => ("octagon", "#fcbba1"),
    }
}

fn source_str(s: Source) -> &'static str {
    match s {
        Source::Dictionary => "dictionary",
        Source::Pattern => "pattern",
        Source::Alias => "alias",
        Source::Maker => "maker",
    }
}

fn modality_str(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Hedged => "hedged",
        Modality::Negated => "negated",
    }
}

/// A quoted DOT string: backslash and quote escaped, `&` as `&amp;` (Graphviz decodes entities in
/// labels, so a name holding `&amp;` would lose it), line breaks as `\n`, other control
/// characters dropped.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// At most `n` characters of `s`, with `…` when cut.
fn truncate(s: &str, n: usize) -> String {
    let s = crate::normalize::single_spaced(s);
    if s.chars().count() <= n { s } else { s.chars().take(n).collect::<String>() + "…" }
}

/// Text for XML: markup characters escaped, characters XML 1.0 forbids replaced by U+FFFD.
fn xml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A CSV field: quoted when it holds a comma, quote, semicolon or white space at either end;
/// quotes doubled; line breaks become spaces (so the files import without `--multiline-fields`).
fn csv_str(s: &str) -> String {
    let s: String = s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    if s.contains([',', '"', ';']) || s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A Neo4j array field (`;`-separated): a `;` inside an element becomes `,`.
fn csv_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let joined: Vec<String> = items.into_iter().map(|s| s.replace(';', ",")).collect();
    csv_str(&joined.join(";"))
}

/// A Cypher string literal.
fn cypher_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A Cypher identifier, backtick-quoted.
fn cypher_ident(s: &str) -> String {
    format!("`{}`", s.replace('`', "``"))
}

fn cypher_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.into_iter().map(cypher_str).collect();
    format!("[{}]", v.join(", "))
}

/// A relation label as a Neo4j relationship type: `partners_with` -> `PARTNERS_WITH`.
fn rel_type(label: &str) -> String {
    let t: String = label.chars().map(|c| if c.is_alphanumeric() { c.to_uppercase().next().unwrap_or(c) } else { '_' }).collect();
    if t.is_empty() { "RELATED".into() } else { t }
}

/// A float with a decimal point (`1.0`, `0.75`), parsed as a float by Cypher, Neo4j and XML
/// Schema.
fn float(x: f32) -> String {
    format!("{x:?}")
}

/// Columns for attribute keys: the key itself when it is a plain name (`[A-Za-z_][A-Za-z0-9_]*`)
/// that no fixed column uses, else `attr_` and the key with other characters as `_`; made unique.
fn attribute_columns<'a>(keys: impl IntoIterator<Item = &'a String>, reserved: &[&str]) -> Vec<(String, String)> {
    let keys: BTreeSet<&String> = keys.into_iter().collect();
    let mut used: BTreeSet<String> = reserved.iter().map(|s| s.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    for k in keys {
        let clean: String = k.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
        let plain = !clean.is_empty() && clean == **k && !clean.starts_with(|c: char| c.is_ascii_digit());
        let mut col = if plain && !used.contains(&clean.to_ascii_lowercase()) { clean } else { format!("attr_{clean}") };
        let base = col.clone();
        let mut i = 2;
        while used.contains(&col.to_ascii_lowercase()) {
            col = format!("{base}_{i}");
            i += 1;
        }
        used.insert(col.to_ascii_lowercase());
        out.push((k.clone(), col));
    }
    out
}

fn evidence_json(e: &Edge) -> String {
    serde_json::to_string(&e.evidence).unwrap_or_else(|_| "[]".into())
}

/// The two files of a Neo4j bulk import (`neo4j-admin database import full`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neo4jCsv {
    /// `nodes.csv`: `id:ID,name,:LABEL,...`; every node has the labels `Entity` and its type.
    pub nodes: String,
    /// `relationships.csv`: `:START_ID,:END_ID,:TYPE,...`; the type is the label in upper case.
    pub relationships: String,
}

const NODE_COLUMNS: [&str; 9] = ["id", "name", "label", "type", "kind", "source", "confidence", "mentions", "aliases"];
const EDGE_COLUMNS: [&str; 12] =
    ["start_id", "end_id", "type", "relation", "modality", "confidence", "count", "symmetric", "documents", "rules", "evidence", "label"];

impl KnowledgeGraph {
    /// A copy of the graph in canonical order, for exports that walk petgraph's indices.
    fn canonical_petgraph(&self) -> DiGraph<&Node, &Edge> {
        let mut g: DiGraph<&Node, &Edge> = DiGraph::with_capacity(self.node_count(), self.edge_count());
        let mut ix: HashMap<&str, NodeIndex> = HashMap::new();
        for n in self.nodes() {
            ix.insert(n.id.as_str(), g.add_node(n));
        }
        for e in self.edges() {
            if let (Some(&h), Some(&t)) = (ix.get(e.head.as_str()), ix.get(e.tail.as_str())) {
                g.add_edge(h, t, e);
            }
        }
        g
    }

    /// The graph in Graphviz DOT, through petgraph's [`Dot`]: one node per entity (shape and
    /// colour by type, dashed border when found by a pattern, tooltip with id, kind and counts),
    /// one edge per relation (label with the evidence count when above one; hedged edges dashed,
    /// negated ones dotted red; symmetric ones without arrowheads), and a legend cluster.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract_document("d1", "AMD develops EPYC.");
    /// let dot = relgraph::graph::KnowledgeGraph::from_documents([&doc]).to_dot();
    /// assert!(dot.starts_with("digraph relgraph {"));
    /// assert!(dot.contains("label=\"develops\""));
    /// ```
    pub fn to_dot(&self) -> String {
        let g = self.canonical_petgraph();
        let node_attrs = |_, (_, n): (NodeIndex, &&Node)| -> String {
            let (shape, fill) = style(n.entity_type);
            let t = match &n.kind {
                Some(k) => format!("{}/{k}", n.entity_type),
                None => n.entity_type.to_string(),
            };
            let tooltip = format!("{} ({t})\n{} mention(s) in {} document(s)", n.id, n.mentions, n.documents.len());
            let style = if n.source == Source::Pattern { "filled,dashed" } else { "filled" };
            format!(
                "label={}, id={}, shape={shape}, style=\"{style}\", fillcolor=\"{fill}\", tooltip={} ",
                dot_str(&n.name),
                dot_str(&n.id),
                dot_str(&tooltip)
            )
        };
        let edge_attrs = |_, er: petgraph::graph::EdgeReference<'_, &Edge>| -> String {
            let e: &Edge = er.weight();
            let label = if e.count > 1 { format!("{} ({})", e.relation, e.count) } else { e.relation.clone() };
            let mut tip = format!("{e}: {} evidence, confidence {:.2}", e.count, e.confidence);
            if let Some(ev) = e.evidence.first() {
                let _ = write!(tip, "\n{}", truncate(&ev.text, 200));
            }
            let mut s = format!("label={}, tooltip={}", dot_str(&label), dot_str(&tip));
            match e.modality {
                Modality::Hedged => s.push_str(", style=\"dashed\""),
                Modality::Negated => s.push_str(", style=\"dotted\", color=\"#cb181d\", fontcolor=\"#cb181d\""),
                _ => {}
            }
            if e.symmetric {
                s.push_str(", dir=\"none\"");
            }
            let width = 1.0 + (e.count.min(8) as f32 - 1.0) * 0.25;
            let _ = write!(s, ", penwidth={width:.2} ");
            s
        };
        let dot =
            Dot::with_attr_getters(&g, &[Config::NodeNoLabel, Config::EdgeNoLabel, Config::GraphContentOnly], &edge_attrs, &node_attrs);
        let mut out = String::new();
        out.push_str("digraph relgraph {\n");
        let _ = writeln!(out, "    // relgraph knowledge graph: {} nodes, {} edges", self.node_count(), self.edge_count());
        out.push_str("    graph [rankdir=\"LR\", fontname=\"Helvetica\", overlap=\"false\", splines=\"true\"];\n");
        out.push_str("    node [fontname=\"Helvetica\", fontsize=11];\n");
        out.push_str("    edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n");
        out.push_str("    subgraph cluster_legend {\n");
        out.push_str("        label=\"Legend\"; style=\"rounded,dashed\"; fontname=\"Helvetica\"; fontsize=10;\n");
        for t in EntityType::ALL {
            let (shape, fill) = style(t);
            let _ = writeln!(
                out,
                "        legend_{} [label=\"{t}\", shape={shape}, style=\"filled\", fillcolor=\"{fill}\"];",
                t.as_str().to_ascii_lowercase()
            );
        }
        out.push_str("        legend_pattern [label=\"found by pattern\", shape=box, style=\"dashed\"];\n");
        out.push_str("        legend_a [label=\"\", shape=point]; legend_b [label=\"\", shape=point]; legend_c [label=\"\", shape=point]; legend_d [label=\"\", shape=point];\n");
        out.push_str("        legend_a -> legend_b [label=\"hedged\", style=\"dashed\"];\n");
        out.push_str("        legend_c -> legend_d [label=\"symmetric\", dir=\"none\"];\n");
        out.push_str("    }\n");
        let _ = write!(out, "{dot:?}");
        out.push_str("}\n");
        out
    }

    /// The graph in GraphML, for NetworkX (`networkx.read_graphml`), Gephi, yEd and others. Node
    /// keys: `label` (the name), `type`, `kind`, `source`, `confidence`, `mentions`, `aliases` and
    /// `documents` (`; `-joined), and one key per attribute name. Edge keys: `label` (the
    /// relation), `modality`, `confidence`, `count`, `symmetric`, `documents`, `rules`, `evidence`
    /// (the evidence as a JSON array) and one key per attribute name. Node ids are the graph's ids;
    /// edge ids are `e0`, `e1`, ... in key order.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract_document("d1", "AMD develops EPYC.");
    /// let xml = relgraph::graph::KnowledgeGraph::from_documents([&doc]).to_graphml();
    /// assert!(xml.contains("<node id=\"amd\">"));
    /// assert!(xml.contains("<edge id=\"e0\" source=\"amd\" target=\"amd_epyc\">"));
    /// ```
    pub fn to_graphml(&self) -> String {
        let node_attrs = attribute_columns(self.nodes().flat_map(|n| n.attributes.keys()), &NODE_COLUMNS);
        let edge_attrs = attribute_columns(self.edges().flat_map(|e| e.attributes.keys()), &EDGE_COLUMNS);
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
        let fixed_node = [
            ("label", "string"),
            ("type", "string"),
            ("kind", "string"),
            ("source", "string"),
            ("confidence", "double"),
            ("mentions", "int"),
            ("aliases", "string"),
            ("documents", "string"),
        ];
        let fixed_edge = [
            ("label", "string"),
            ("modality", "string"),
            ("confidence", "double"),
            ("count", "int"),
            ("symmetric", "boolean"),
            ("documents", "string"),
            ("rules", "string"),
            ("evidence", "string"),
        ];
        for (name, ty) in fixed_node {
            let _ = writeln!(out, "  <key id=\"n_{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>");
        }
        for (i, (_, col)) in node_attrs.iter().enumerate() {
            let _ = writeln!(out, "  <key id=\"na{i}\" for=\"node\" attr.name=\"{}\" attr.type=\"string\"/>", xml_str(col));
        }
        for (name, ty) in fixed_edge {
            let _ = writeln!(out, "  <key id=\"e_{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>");
        }
        for (i, (_, col)) in edge_attrs.iter().enumerate() {
            let _ = writeln!(out, "  <key id=\"ea{i}\" for=\"edge\" attr.name=\"{}\" attr.type=\"string\"/>", xml_str(col));
        }
        out.push_str("  <graph id=\"relgraph\" edgedefault=\"directed\">\n");
        let data = |out: &mut String, key: &str, value: &str| {
            let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", xml_str(value));
        };
        for n in self.nodes() {
            let _ = writeln!(out, "    <node id=\"{}\">", xml_str(&n.id));
            data(&mut out, "n_label", &n.name);
            data(&mut out, "n_type", n.entity_type.as_str());
            if let Some(k) = &n.kind {
                data(&mut out, "n_kind", k);
            }
            data(&mut out, "n_source", source_str(n.source));
            data(&mut out, "n_confidence", &float(n.confidence));
            data(&mut out, "n_mentions", &n.mentions.to_string());
            if !n.aliases.is_empty() {
                data(&mut out, "n_aliases", &n.aliases.iter().map(String::as_str).collect::<Vec<_>>().join("; "));
            }
            data(&mut out, "n_documents", &n.documents.iter().map(String::as_str).collect::<Vec<_>>().join("; "));
            for (i, (k, _)) in node_attrs.iter().enumerate() {
                if let Some(v) = n.attributes.get(k) {
                    data(&mut out, &format!("na{i}"), v);
                }
            }
            out.push_str("    </node>\n");
        }
        for (ix, e) in self.edges().enumerate() {
            let _ = writeln!(out, "    <edge id=\"e{ix}\" source=\"{}\" target=\"{}\">", xml_str(&e.head), xml_str(&e.tail));
            data(&mut out, "e_label", &e.relation);
            data(&mut out, "e_modality", modality_str(e.modality));
            data(&mut out, "e_confidence", &float(e.confidence));
            data(&mut out, "e_count", &e.count.to_string());
            data(&mut out, "e_symmetric", if e.symmetric { "true" } else { "false" });
            data(&mut out, "e_documents", &e.documents.iter().map(String::as_str).collect::<Vec<_>>().join("; "));
            data(&mut out, "e_rules", &e.rules().join("; "));
            data(&mut out, "e_evidence", &evidence_json(e));
            for (i, (k, _)) in edge_attrs.iter().enumerate() {
                if let Some(v) = e.attributes.get(k) {
                    data(&mut out, &format!("ea{i}"), v);
                }
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// The graph as the two CSV files of a Neo4j bulk import, with the header conventions of
    /// `neo4j-admin database import`: `id:ID`, `:LABEL` (`Entity;Company`), `:START_ID`,
    /// `:END_ID`, `:TYPE` (the label in upper case: `PARTNERS_WITH`), typed columns
    /// (`confidence:float`, `mentions:int`, `aliases:string[]` with `;` between elements), one
    /// column per attribute name. Empty cells are absent properties. Line breaks in values become
    /// spaces.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract_document("d1", "AMD develops EPYC.");
    /// let csv = relgraph::graph::KnowledgeGraph::from_documents([&doc]).to_neo4j_csv();
    /// assert!(csv.nodes.starts_with("id:ID,name,:LABEL,"));
    /// assert!(csv.relationships.starts_with(":START_ID,:END_ID,:TYPE,"));
    /// assert!(csv.relationships.contains("amd,amd_epyc,DEVELOPS,develops,"));
    /// ```
    pub fn to_neo4j_csv(&self) -> Neo4jCsv {
        let node_attrs = attribute_columns(self.nodes().flat_map(|n| n.attributes.keys()), &NODE_COLUMNS);
        let edge_attrs = attribute_columns(self.edges().flat_map(|e| e.attributes.keys()), &EDGE_COLUMNS);
        let mut nodes =
            String::from("id:ID,name,:LABEL,type,kind,source,confidence:float,mentions:int,aliases:string[],documents:string[]");
        for (_, col) in &node_attrs {
            nodes.push(',');
            nodes.push_str(&csv_str(col));
        }
        nodes.push('\n');
        for n in self.nodes() {
            let mut row = vec![
                csv_str(&n.id),
                csv_str(&n.name),
                format!("Entity;{}", n.entity_type),
                n.entity_type.to_string(),
                n.kind.as_deref().map(csv_str).unwrap_or_default(),
                source_str(n.source).to_string(),
                float(n.confidence),
                n.mentions.to_string(),
                csv_array(n.aliases.iter().map(String::as_str)),
                csv_array(n.documents.iter().map(String::as_str)),
            ];
            row.extend(node_attrs.iter().map(|(k, _)| n.attributes.get(k).map(|v| csv_str(v)).unwrap_or_default()));
            nodes.push_str(&row.join(","));
            nodes.push('\n');
        }
        let mut rels = String::from(
            ":START_ID,:END_ID,:TYPE,relation,modality,confidence:float,count:int,symmetric:boolean,documents:string[],rules:string[],evidence",
        );
        for (_, col) in &edge_attrs {
            rels.push(',');
            rels.push_str(&csv_str(col));
        }
        rels.push('\n');
        for e in self.edges() {
            let mut row = vec![
                csv_str(&e.head),
                csv_str(&e.tail),
                rel_type(&e.relation),
                csv_str(&e.relation),
                modality_str(e.modality).to_string(),
                float(e.confidence),
                e.count.to_string(),
                e.symmetric.to_string(),
                csv_array(e.documents.iter().map(String::as_str)),
                csv_array(e.rules()),
                csv_str(&evidence_json(e)),
            ];
            row.extend(edge_attrs.iter().map(|(k, _)| e.attributes.get(k).map(|v| csv_str(v)).unwrap_or_default()));
            rels.push_str(&row.join(","));
            rels.push('\n');
        }
        Neo4jCsv { nodes, relationships: rels }
    }

    /// The graph as Cypher statements, one a line: a uniqueness constraint on `Entity.id`, then
    /// a `MERGE` per node (labels `Entity` and its type, properties set with `+=`) and a `MATCH` +
    /// `MERGE` per edge (type as in [`to_neo4j_csv`](Self::to_neo4j_csv)). Running it twice
    /// changes nothing. Feed it to `cypher-shell`.
    ///
    /// ```
    /// # let extractor = relgraph::ExtractorBuilder::new().default_dictionaries(false)
    /// #     .dictionary_str("doc.dict", "amd | AMD | Company\namd_epyc | AMD EPYC | Hardware/cpu | EPYC | maker=amd\n")
    /// #     .build().unwrap();
    /// let doc = extractor.extract_document("d1", "AMD develops EPYC.");
    /// let cypher = relgraph::graph::KnowledgeGraph::from_documents([&doc]).to_cypher();
    /// assert!(cypher.contains("MERGE (n:Entity {id: 'amd'}) SET n:`Company`"));
    /// assert!(cypher.contains("MERGE (a)-[r:`DEVELOPS`]->(b)"));
    /// ```
    pub fn to_cypher(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "// relgraph knowledge graph: {} nodes, {} relationships", self.node_count(), self.edge_count());
        out.push_str("CREATE CONSTRAINT relgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n");
        for n in self.nodes() {
            let mut props: Vec<(String, String)> = vec![
                ("name".into(), cypher_str(&n.name)),
                ("type".into(), cypher_str(n.entity_type.as_str())),
                ("source".into(), cypher_str(source_str(n.source))),
                ("confidence".into(), float(n.confidence)),
                ("mentions".into(), n.mentions.to_string()),
                ("aliases".into(), cypher_list(n.aliases.iter().map(String::as_str))),
                ("documents".into(), cypher_list(n.documents.iter().map(String::as_str))),
            ];
            if let Some(k) = &n.kind {
                props.push(("kind".into(), cypher_str(k)));
            }
            for (k, v) in &n.attributes {
                if !props.iter().any(|(p, _)| p == k) && k != "id" {
                    props.push((k.clone(), cypher_str(v)));
                }
            }
            let map: Vec<String> = props.iter().map(|(k, v)| format!("{}: {v}", cypher_ident(k))).collect();
            let _ = writeln!(
                out,
                "MERGE (n:Entity {{id: {}}}) SET n:{}, n += {{{}}};",
                cypher_str(&n.id),
                cypher_ident(n.entity_type.as_str()),
                map.join(", ")
            );
        }
        for e in self.edges() {
            let mut props: Vec<(String, String)> = vec![
                ("relation".into(), cypher_str(&e.relation)),
                ("modality".into(), cypher_str(modality_str(e.modality))),
                ("confidence".into(), float(e.confidence)),
                ("count".into(), e.count.to_string()),
                ("symmetric".into(), e.symmetric.to_string()),
                ("documents".into(), cypher_list(e.documents.iter().map(String::as_str))),
                ("rules".into(), cypher_list(e.rules())),
                ("evidence".into(), cypher_str(&evidence_json(e))),
            ];
            for (k, v) in &e.attributes {
                if !props.iter().any(|(p, _)| p == k) {
                    props.push((k.clone(), cypher_str(v)));
                }
            }
            let map: Vec<String> = props.iter().map(|(k, v)| format!("{}: {v}", cypher_ident(k))).collect();
            let _ = writeln!(
                out,
                "MATCH (a:Entity {{id: {}}}) MATCH (b:Entity {{id: {}}}) MERGE (a)-[r:{}]->(b) SET r += {{{}}};",
                cypher_str(&e.head),
                cypher_str(&e.tail),
                cypher_ident(&rel_type(&e.relation)),
                map.join(", ")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn escaping() {
        assert_eq!(dot_str("a \"b\" \\ c\nd\u{7} &"), "\"a \\\"b\\\" \\\\ c\\nd &amp;\"");
        assert_eq!(xml_str("<a & 'b'>\u{1}"), "&lt;a &amp; &apos;b&apos;&gt;\u{FFFD}");
        assert_eq!(csv_str("plain"), "plain");
        assert_eq!(csv_str("a,\"b\"\nc"), "\"a,\"\"b\"\" c\"");
        assert_eq!(csv_array(["a;b", "c"]), "\"a,b;c\"");
        assert_eq!(cypher_str("it's \\ \n"), "'it\\'s \\\\ \\n'");
        assert_eq!(cypher_ident("a`b"), "`a``b`");
        assert_eq!(rel_type("partners_with"), "PARTNERS_WITH");
        assert_eq!(float(1.0), "1.0");
    }

    #[test]
    fn attribute_columns_avoid_clashes() {
        let keys = ["maker".to_string(), "name".to_string(), "hq city".to_string(), "attr_name".to_string()];
        let cols = attribute_columns(keys.iter(), &NODE_COLUMNS);
        let map: BTreeMap<&str, &str> = cols.iter().map(|(k, c)| (k.as_str(), c.as_str())).collect();
        assert_eq!(map["maker"], "maker");
        assert_eq!(map["hq city"], "attr_hq_city");
        assert_ne!(map["name"], map["attr_name"]);
        assert!(map["name"].starts_with("attr_name"));
    }
}
