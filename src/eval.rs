//! Scoring extraction against document-level gold annotations, in the format of the project's
//! seed gold (`{"documents": {name: {"entities": [...], "relations": [...]}}}`). The counting
//! follows the reference scorer: entities are matched by name, then aliases, then mention texts,
//! after folding case, quotes, dashes and possessives; a second entity for the same gold entity is
//! a false positive; `partners_with` is symmetric; optional gold items count neither way.

use crate::model::Document;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Gold annotations of a set of documents.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Gold {
    /// Documents by file name.
    pub documents: BTreeMap<String, GoldDocument>,
    /// Relation labels that are scored (others are counted apart).
    #[serde(default)]
    pub relation_types: BTreeMap<String, String>,
}

/// Gold of one document.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldDocument {
    /// Entities.
    pub entities: Vec<GoldEntity>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
}

/// A gold entity.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldEntity {
    /// Id.
    pub id: String,
    /// Acceptable top-level types.
    pub types: Vec<String>,
    /// Every name of it.
    pub names: Vec<String>,
    /// Neither rewarded nor penalised.
    #[serde(default)]
    pub optional: bool,
}

/// A gold relation.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldRelation {
    /// Head entity id.
    pub head: String,
    /// Label.
    pub relation: String,
    /// Tail entity id.
    pub tail: String,
    /// `sentence` or `discourse`.
    #[serde(default)]
    pub level: Option<String>,
    /// Neither rewarded nor penalised.
    #[serde(default)]
    pub optional: bool,
}

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// Precision (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    /// Recall (0 when there is nothing to find).
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// The scores of a run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// Entities, all types.
    pub entities: Counts,
    /// Relations, scored labels.
    pub relations: Counts,
    /// Entities by gold type (false positives by system type).
    pub entities_by_type: BTreeMap<String, Counts>,
    /// Relations by label.
    pub relations_by_label: BTreeMap<String, Counts>,
    /// Relation recall by level: (found, total).
    pub relation_recall_by_level: BTreeMap<String, (usize, usize)>,
    /// Relations with labels that are not scored.
    pub other_relations: usize,
    /// Per document: (name, entity counts, relation counts, misses, false positives).
    pub documents: Vec<DocumentReport>,
}

/// Scores of one document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DocumentReport {
    /// File name.
    pub name: String,
    /// Whether the system had output for it.
    pub present: bool,
    /// Entity counts.
    pub entities: Counts,
    /// Relation counts.
    pub relations: Counts,
    /// Gold items not found.
    pub misses: Vec<String>,
    /// System items not in gold.
    pub false_positives: Vec<String>,
}

/// Folds a name the way the reference scorer does.
pub fn normalize_name(text: &str) -> String {
    let mut t: String = text
        .chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{00b7}' | '\u{2027}' | '\u{30fb}' | '-' => ' ',
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
            '\u{00a0}' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
        .trim()
        .to_string();
    if let Some(s) = t.strip_suffix("'s") {
        t = s.to_string();
    } else if let Some(s) = t.strip_suffix('\'') {
        t = s.to_string();
    }
    if let Some(s) = t.strip_prefix("the ") {
        t = s.trim_start().to_string();
    }
    let t = crate::normalize::single_spaced(&t);
    t.trim_matches(|c: char| " .,;:\"'()".contains(c)).to_string()
}

fn type_head(t: &str) -> String {
    let head = t.split(['/', '.', ':']).next().unwrap_or("").trim().to_lowercase();
    match head.as_str() {
        "org" | "organization" | "organisation" | "corporation" => "company".into(),
        "per" | "people" => "person".into(),
        _ => head,
    }
}

fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_string()
}

/// Scores documents against gold. Gold documents with no output count as empty output.
pub fn score(gold: &Gold, system: &[Document]) -> Report {
    let labels: HashSet<String> = if gold.relation_types.is_empty() {
        ["partners_with", "invests_in", "acquires", "develops", "uses", "integrates", "supplies", "works_for", "licenses_to"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        gold.relation_types.keys().cloned().collect()
    };
    let by_name: HashMap<String, &Document> = system.iter().map(|d| (base_name(&d.document), d)).collect();
    let mut report = Report::default();
    for (name, g) in &gold.documents {
        let doc = by_name.get(name).copied();
        let mut dr = DocumentReport { name: name.clone(), present: doc.is_some(), ..Default::default() };
        let mut index: HashMap<String, &str> = HashMap::new();
        for e in &g.entities {
            for n in &e.names {
                index.entry(normalize_name(n)).or_insert(&e.id);
            }
        }
        let gold_by_id: HashMap<&str, &GoldEntity> = g.entities.iter().map(|e| (e.id.as_str(), e)).collect();
        let required: HashSet<&str> = g.entities.iter().filter(|e| !e.optional).map(|e| e.id.as_str()).collect();
        let mut mapping: HashMap<&str, &str> = HashMap::new();
        let mut matched: HashSet<&str> = HashSet::new();
        if let Some(doc) = doc {
            for ent in &doc.entities {
                let hit = index.get(&normalize_name(&ent.name)).copied().or_else(|| {
                    ent.aliases.iter().chain(ent.mentions.iter().map(|m| &m.text)).find_map(|f| index.get(&normalize_name(f)).copied())
                });
                let sys_type = ent.entity_type.as_str().to_string();
                let Some(gid) = hit else {
                    dr.entities.fp += 1;
                    report.entities_by_type.entry(sys_type.clone()).or_default().fp += 1;
                    dr.false_positives.push(format!("entity {:?} ({})", ent.name, sys_type));
                    continue;
                };
                mapping.insert(ent.id.as_str(), gid);
                if !required.contains(gid) {
                    continue;
                }
                let ge = gold_by_id[gid];
                let ok_type = ge.types.iter().any(|t| type_head(t) == type_head(&sys_type));
                if !ok_type {
                    dr.entities.fp += 1;
                    report.entities_by_type.entry(sys_type.clone()).or_default().fp += 1;
                    dr.false_positives.push(format!("entity {:?} typed {}, gold {:?}", ent.name, sys_type, ge.types));
                } else if matched.contains(gid) {
                    dr.entities.fp += 1;
                    report.entities_by_type.entry(sys_type.clone()).or_default().fp += 1;
                    dr.false_positives.push(format!("entity {:?} duplicates gold {gid:?}", ent.name));
                } else {
                    matched.insert(gid);
                    dr.entities.tp += 1;
                    report.entities_by_type.entry(sys_type).or_default().tp += 1;
                }
            }
        }
        let mut missing: Vec<&str> = required.difference(&matched).copied().collect();
        missing.sort();
        for gid in missing {
            dr.entities.fn_ += 1;
            let ge = gold_by_id[gid];
            let t = ge.types.first().cloned().unwrap_or_default();
            report.entities_by_type.entry(t).or_default().fn_ += 1;
            dr.misses.push(format!("entity {gid} {:?}", ge.names.first().cloned().unwrap_or_default()));
        }
        let key = |h: &str, r: &str, t: &str| -> (String, String, String) {
            if crate::relate::is_symmetric(r) && h > t { (r.into(), t.into(), h.into()) } else { (r.into(), h.into(), t.into()) }
        };
        let gold_rel: HashMap<(String, String, String), &GoldRelation> =
            g.relations.iter().map(|r| (key(&r.head, &r.relation, &r.tail), r)).collect();
        let mut found: HashSet<(String, String, String)> = HashSet::new();
        if let Some(doc) = doc {
            for r in &doc.relations {
                let label = r.relation.to_lowercase();
                if !labels.contains(&label) {
                    report.other_relations += 1;
                    continue;
                }
                let k = match (mapping.get(r.head.as_str()), mapping.get(r.tail.as_str())) {
                    (Some(h), Some(t)) => Some(key(h, &label, t)),
                    _ => None,
                };
                match k.as_ref().and_then(|k| gold_rel.get(k)) {
                    None => {
                        dr.relations.fp += 1;
                        report.relations_by_label.entry(label.clone()).or_default().fp += 1;
                        dr.false_positives.push(format!("relation {} {} {}", r.head, label, r.tail));
                    }
                    Some(g) if !g.optional => {
                        found.insert(k.expect("matched"));
                    }
                    Some(_) => {}
                }
            }
        }
        let mut gold_sorted: Vec<(&(String, String, String), &&GoldRelation)> = gold_rel.iter().collect();
        gold_sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (k, g) in gold_sorted {
            if g.optional {
                continue;
            }
            let level = g.level.clone().unwrap_or_else(|| "sentence".into());
            let lv = report.relation_recall_by_level.entry(level.clone()).or_default();
            lv.1 += 1;
            let by_label = report.relations_by_label.entry(g.relation.clone()).or_default();
            if found.contains(k) {
                lv.0 += 1;
                dr.relations.tp += 1;
                by_label.tp += 1;
            } else {
                dr.relations.fn_ += 1;
                by_label.fn_ += 1;
                dr.misses.push(format!("relation {} {} {} ({level})", g.head, g.relation, g.tail));
            }
        }
        report.entities.add(dr.entities);
        report.relations.add(dr.relations);
        report.documents.push(dr);
    }
    report
}

impl Report {
    /// The report as a table, like the reference scorer's, followed by the breakdowns and, with
    /// `verbose`, the misses and false positives.
    pub fn to_table(&self, verbose: bool) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "{:34} {:>6} {:>6} {:>6} {:>6}", "document", "ent P", "ent R", "rel P", "rel R");
        for d in &self.documents {
            let flag = if d.present { "" } else { "  (no output)" };
            let _ = writeln!(
                s,
                "{:34} {:6.2} {:6.2} {:6.2} {:6.2}{flag}",
                d.name.chars().take(34).collect::<String>(),
                d.entities.precision(),
                d.entities.recall(),
                d.relations.precision(),
                d.relations.recall()
            );
            if verbose {
                for m in &d.misses {
                    let _ = writeln!(s, "    miss   {m}");
                }
                for m in &d.false_positives {
                    let _ = writeln!(s, "    false  {m}");
                }
            }
        }
        let e = &self.entities;
        let r = &self.relations;
        let _ = writeln!(s, "entities : P {:.3}  R {:.3}  F1 {:.3}", e.precision(), e.recall(), e.f1());
        let levels: Vec<String> = self
            .relation_recall_by_level
            .iter()
            .map(|(l, (h, n))| format!("{l} R {:.3}", if *n == 0 { 0.0 } else { *h as f64 / *n as f64 }))
            .collect();
        let _ = writeln!(
            s,
            "relations: P {:.3}  R {:.3}  F1 {:.3}  ({}; {} with other labels)",
            r.precision(),
            r.recall(),
            r.f1(),
            levels.join("  "),
            self.other_relations
        );
        let _ = writeln!(s, "\nby entity type:            P      R      F1   (tp fp fn)");
        for (t, c) in &self.entities_by_type {
            let _ = writeln!(s, "  {t:22} {:6.3} {:6.3} {:6.3}   ({} {} {})", c.precision(), c.recall(), c.f1(), c.tp, c.fp, c.fn_);
        }
        let _ = writeln!(s, "by relation:               P      R      F1   (tp fp fn)");
        for (t, c) in &self.relations_by_label {
            let _ = writeln!(s, "  {t:22} {:6.3} {:6.3} {:6.3}   ({} {} {})", c.precision(), c.recall(), c.f1(), c.tp, c.fp, c.fn_);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_like_the_reference_scorer() {
        assert_eq!(normalize_name("Microsoft’s"), "microsoft");
        assert_eq!(normalize_name("The  Voyager‑EUS2."), "voyager eus2");
        assert_eq!(normalize_name("DALL·E 2"), "dall e 2");
    }
}
