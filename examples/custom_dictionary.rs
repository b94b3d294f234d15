//! Embeds the extractor in a program, with a dictionary and a relation rule of our own added in
//! code next to the embedded defaults, and prints what it finds in a small made-up text.
//!
//! ```text
//! cargo run --example custom_dictionary
//! ```

use relgraph::ExtractorBuilder;
use std::error::Error;
use std::io::Write;

/// Our dictionary: one entity a line, `id | name | type[/kind] | aliases | attributes`
/// (format: `dictionaries/README.md`).
const DICTIONARY: &str = r#"
globex       | Globex Corporation | Company          | Globex  | ticker=GLBX hq="Cypress Creek"
initech      | Initech            | Company          |         | hq=Austin
tps_reports  | TPS Reports        | Product/software | TPS     | maker=initech
hank_scorpio | Hank Scorpio       | Person           | Scorpio | employer=globex role=CEO
hammock_x1   | Hammock X1         | Hardware/chip    | X1{cue} | maker=globex cues=chip,Globex
"#;

/// Our rule pack: a new relation label, a word list and one rule (format:
/// `dictionaries/rules/README.md`). It extends the embedded English pack.
const RULES: &str = r#"
@language en
@relation sponsors head=Company tail=Company|Product
@lexicon SPONSOR = sponsor sponsors sponsored sponsoring
rule user.sponsors.active sponsors: {head:Company} (also)? @SPONSOR {tail:Company|Product}
"#;

/// A made-up text.
const TEXT: &str = "Globex Corporation unveiled the Hammock X1 chip on Monday. \
Hank Scorpio, CEO of Globex, said the X1 runs on TPS Reports. Initech develops TPS Reports. \
Globex also sponsors Initech. Scorpio denied that Globex would acquire Initech.";

/// Builds the extractor, extracts `TEXT` and prints entities and relations.
pub fn run(out: &mut dyn Write) -> Result<(), Box<dyn Error>> {
    let extractor = ExtractorBuilder::new() // the embedded dictionaries and rule packs stay on
        .dictionary_str("example.dict", DICTIONARY)
        .rules_str("example.rules", RULES)
        .build()?;
    let doc = extractor.extract_document("example", TEXT);
    writeln!(out, "language: {}", doc.language)?;
    writeln!(out, "entities:")?;
    for e in &doc.entities {
        let kind = e.kind.as_deref().map(|k| format!("/{k}")).unwrap_or_default();
        let mentions: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
        writeln!(out, "  {:<14} {:<18} {}{kind} ({:?}), mentions: {}", e.id, e.name, e.entity_type, e.source, mentions.join(", "))?;
        for (k, v) in &e.attributes {
            writeln!(out, "  {:<14} {k} = {v}", "")?;
        }
    }
    writeln!(out, "relations:")?;
    for r in doc.relations.iter().chain(&doc.negated_relations) {
        let rules: Vec<&str> = r.evidence.iter().map(|e| e.rule.as_str()).collect();
        writeln!(
            out,
            "  {} -{}-> {} ({:?}, confidence {:.2}) by {}",
            r.head,
            r.relation,
            r.tail,
            r.modality,
            r.confidence,
            rules.join(", ")
        )?;
        for ev in &r.evidence {
            writeln!(out, "      \"{}\"", &TEXT[ev.match_start..ev.match_end])?;
        }
    }
    Ok(())
}

#[allow(dead_code)]
fn main() -> Result<(), Box<dyn Error>> {
    run(&mut std::io::stdout().lock())
}
