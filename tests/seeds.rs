//! The seed documents: snapshots of what is extracted from each, and the scores against their gold
//! annotations (a copy of the project's seed gold in `tests/data/`).

use relgraph::{Document, Extractor};
use std::path::Path;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "five seed documents");
    files.into_iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())).collect()
}

/// A compact, reviewable view of a document's output.
#[derive(serde::Serialize)]
struct Summary {
    language: String,
    entities: Vec<String>,
    relations: Vec<String>,
}

fn summary(doc: &Document) -> Summary {
    Summary {
        language: doc.language.clone(),
        entities: doc
            .entities
            .iter()
            .map(|e| {
                let kind = e.kind.as_deref().map(|k| format!("/{k}")).unwrap_or_default();
                let mentions: Vec<String> = e.mentions.iter().map(|m| format!("{}@{}", m.text.replace('\n', " "), m.start)).collect();
                format!("{} ({}{kind}, {:?}): {}", e.id, e.entity_type, e.source, mentions.join(" | "))
            })
            .collect(),
        relations: doc
            .relations
            .iter()
            .chain(&doc.negated_relations)
            .map(|r| {
                let rules: Vec<&str> = r.evidence.iter().map(|e| e.rule.as_str()).collect();
                let attrs: Vec<String> = r.attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!(
                    "{} {} {} [{:?}{}{}] by {}",
                    r.head,
                    r.relation,
                    r.tail,
                    r.modality,
                    if attrs.is_empty() { "" } else { "; " },
                    attrs.join(" "),
                    rules.join(", ")
                )
            })
            .collect(),
    }
}

#[test]
fn seed_outputs() {
    let ex = Extractor::default();
    for (name, text) in seeds() {
        let doc = ex.extract_document(&name, &text);
        for e in &doc.entities {
            for m in &e.mentions {
                assert_eq!(&text[m.start..m.end], m.text);
            }
        }
        insta::assert_yaml_snapshot!(name.trim_end_matches(".txt").to_string(), summary(&doc));
    }
}

#[test]
fn seed_scores_meet_the_targets() {
    let ex = Extractor::default();
    let docs: Vec<Document> = seeds().iter().map(|(n, t)| ex.extract_document(n, t)).collect();
    let gold: relgraph::eval::Gold = serde_json::from_str(include_str!("data/seeds.gold.json")).expect("gold parses");
    let report = relgraph::eval::score(&gold, &docs);
    let table = report.to_table(true);
    let sentence = report.relation_recall_by_level.get("sentence").map(|(h, n)| *h as f64 / *n as f64).unwrap_or(0.0);
    assert!(report.entities.precision() >= 0.90, "entity precision\n{table}");
    assert!(report.entities.recall() >= 0.95, "entity recall\n{table}");
    assert!(report.relations.precision() >= 0.90, "relation precision\n{table}");
    assert!(sentence >= 0.90, "sentence-level relation recall\n{table}");
    assert!(report.relations.recall() >= 0.75, "relation recall\n{table}");
}
