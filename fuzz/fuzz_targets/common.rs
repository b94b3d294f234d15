//! Invariants every extraction result must satisfy, whatever the text: shared by the extraction
//! targets. A violation panics, which libFuzzer reports as a crash.

#![allow(dead_code)]

use relgraph::Document;

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end && end <= text.len(), "{what}: span {start}..{end} outside a text of {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what}: span {start}..{end} not on char boundaries");
}

/// Spans within bounds and on char boundaries, mention and evidence texts equal to their slices,
/// relation arguments among the entities, and the document serialises to JSON and back.
pub fn check_document(text: &str, doc: &Document) {
    let mut prev_end = 0;
    for &(s, e) in &doc.sentences {
        check_span(text, s, e, "sentence");
        assert!(s < e, "empty sentence {s}..{e}");
        assert!(s >= prev_end, "sentences overlap or are out of order");
        prev_end = e;
    }
    for entity in &doc.entities {
        assert!(!entity.id.is_empty(), "entity with an empty id");
        assert!(!entity.mentions.is_empty(), "entity {} without mentions", entity.id);
        assert!((0.0..=1.0).contains(&entity.confidence), "entity {} confidence {}", entity.id, entity.confidence);
        for m in &entity.mentions {
            check_span(text, m.start, m.end, "mention");
            assert!(m.start < m.end, "empty mention of {}", entity.id);
            assert_eq!(&text[m.start..m.end], m.text, "mention text of {}", entity.id);
            assert!(m.sentence < doc.sentences.len(), "mention of {} in sentence {} of {}", entity.id, m.sentence, doc.sentences.len());
        }
    }
    for r in doc.relations.iter().chain(&doc.negated_relations) {
        assert!(doc.entity(&r.head).is_some(), "relation head {} is not an entity", r.head);
        assert!(doc.entity(&r.tail).is_some(), "relation tail {} is not an entity", r.tail);
        assert!(r.head != r.tail, "relation {} from {} to itself", r.relation, r.head);
        assert!((0.0..=1.0).contains(&r.confidence), "relation confidence {}", r.confidence);
        assert!(!r.evidence.is_empty(), "relation without evidence");
        for ev in &r.evidence {
            check_span(text, ev.start, ev.end, "evidence sentence");
            check_span(text, ev.match_start, ev.match_end, "evidence match");
            assert_eq!(&text[ev.start..ev.end], ev.text, "evidence text");
            assert!(ev.sentence < doc.sentences.len(), "evidence sentence index");
        }
    }
    let json = serde_json::to_string(doc).expect("a document serialises");
    let back: Document = serde_json::from_str(&json).expect("a document reads back");
    assert_eq!(&back, doc, "JSON round trip");
}
