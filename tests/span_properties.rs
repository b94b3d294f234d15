//! Span invariants of extraction on arbitrary text mixed with dictionary names: every mention is a
//! slice of the input on character boundaries, mentions are sorted, and output is deterministic.

use proptest::prelude::*;
use relgraph::Extractor;
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(Extractor::default)
}

/// Text made of names the gazetteer knows, odd Unicode and punctuation.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Microsoft".to_string()),
        Just("NVIDIA’s H200".to_string()),
        Just("Voyager‑EUS2".to_string()),
        Just("DALL·E 2".to_string()),
        Just("Azure\u{00A0}Maia".to_string()),
        Just("AMD EPYC".to_string()),
        Just("Satya Nadella, CEO of Microsoft,".to_string()),
        Just("Acme Corp.".to_string()),
        Just(" partnered with ".to_string()),
        Just("\r\n\n".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mentions_are_slices_on_char_boundaries(t in text()) {
        let doc = extractor().extract(&t);
        for e in &doc.entities {
            let mut last = 0;
            for m in &e.mentions {
                prop_assert!(m.start < m.end && m.end <= t.len());
                prop_assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
                prop_assert_eq!(&t[m.start..m.end], m.text.as_str());
                prop_assert!(m.start >= last, "mentions sorted");
                last = m.start;
            }
        }
        for r in &doc.relations {
            for ev in &r.evidence {
                prop_assert!(ev.start <= ev.match_start && ev.match_end <= ev.end && ev.end <= t.len());
                prop_assert_eq!(&t[ev.start..ev.end], ev.text.as_str());
            }
        }
    }

    #[test]
    fn extraction_is_deterministic(t in text()) {
        let a = serde_json::to_string(&extractor().extract(&t)).unwrap();
        let b = serde_json::to_string(&extractor().extract(&t)).unwrap();
        prop_assert_eq!(a, b);
    }
}
