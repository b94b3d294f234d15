//! Properties that hold for any text (proptest): spans inside the text and on character
//! boundaries, mention and evidence texts equal to their slices, the same result twice, the
//! normaliser's ASCII fast path equal to a reference written from its documented rules, and the
//! same entities and relations whether lines end in LF or CRLF and with or without a byte-order
//! mark (offsets differ: see docs/reliability.md), and a knowledge graph exported to JSON and
//! read back equal to itself.

use proptest::prelude::*;
use relgraph::graph::KnowledgeGraph;
use relgraph::normalize::NormalizedText;
use relgraph::{Document, Extractor};
use std::sync::OnceLock;

/// The default extractor, built once for every test of this file.
fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::default)
}

/// Pieces of text: names the default dictionaries know, words the rules use, punctuation, and
/// characters the normaliser treats specially.
const PIECES: &[&str] = &[
    "Microsoft",
    "OpenAI",
    "NVIDIA",
    "Nvidia's",
    "H100",
    "A100s",
    "Azure",
    "Azure Maia",
    "Voyager-EUS2",
    "DALL·E 2",
    "Intel Xeon 8480+",
    "AMD EPYC",
    "Advanced Micro Devices (AMD)",
    "Meta (formerly Facebook)",
    "Satya Nadella",
    "Nadella",
    "CEO of",
    "chief executive",
    "Acme Corp.",
    "Bar S.p.A.",
    "partnered with",
    "has acquired",
    "acquired",
    "uses",
    "invested $10 billion in",
    "said",
    "denied it would buy",
    "the company",
    "it",
    "and",
    "ha acquisito",
    "l'azienda",
    "questo supercomputer",
    "2023",
    ".",
    ",",
    ";",
    "(",
    ")",
    "\"",
    "’s",
    " – ",
    "-",
    "é",
    "Straße",
    "İstanbul",
    "ΣΟΣ",
    "\u{00A0}",
    "\u{200B}",
    "\u{00AD}",
    "\u{FEFF}",
    "\t",
    "中文",
    "😀",
    "\u{FFFD}",
    "\0",
];

/// Separators between pieces (line ends are `\n` here; the CRLF property converts them).
const SEPARATORS: &[&str] = &[" ", " ", " ", "", "  ", "\n", "\n\n", ". ", ", "];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), prop::sample::select(SEPARATORS)), 0..40).prop_map(|parts| {
        let mut s = String::new();
        for (p, sep) in parts {
            s.push_str(p);
            s.push_str(sep);
        }
        s
    })
}

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end && end <= text.len(), "{what}: {start}..{end} outside {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what}: {start}..{end} not on char boundaries");
}

/// Every span of a document is valid for `text`.
fn check_spans(text: &str, doc: &Document) {
    for &(s, e) in &doc.sentences {
        check_span(text, s, e, "sentence");
    }
    for w in doc.sentences.windows(2) {
        assert!(w[0].1 <= w[1].0, "sentences in order, disjoint: {:?}", doc.sentences);
    }
    for entity in &doc.entities {
        for m in &entity.mentions {
            check_span(text, m.start, m.end, "mention");
            assert!(m.start < m.end, "empty mention of {}", entity.id);
            assert_eq!(&text[m.start..m.end], m.text, "mention of {}", entity.id);
            assert!(m.sentence < doc.sentences.len(), "mention sentence index");
        }
    }
    for r in doc.relations.iter().chain(&doc.negated_relations) {
        assert!(doc.entity(&r.head).is_some() && doc.entity(&r.tail).is_some(), "arguments of {r:?} are entities");
        for ev in &r.evidence {
            check_span(text, ev.start, ev.end, "evidence sentence");
            check_span(text, ev.match_start, ev.match_end, "evidence match");
            assert_eq!(&text[ev.start..ev.end], ev.text, "evidence text");
            assert!(ev.sentence < doc.sentences.len(), "evidence sentence index");
        }
    }
}

type Summary = (Vec<(String, String, usize)>, Vec<(String, String, String, String)>);

/// What must not depend on offsets: entities (id, type, number of mentions) and relations (head,
/// label, tail, modality), in order.
fn summary(doc: &Document) -> Summary {
    let entities = doc.entities.iter().map(|e| (e.id.clone(), e.entity_type.to_string(), e.mentions.len())).collect();
    let relations = doc
        .relations
        .iter()
        .chain(&doc.negated_relations)
        .map(|r| (r.head.clone(), r.relation.clone(), r.tail.clone(), format!("{:?}", r.modality)))
        .collect();
    (entities, relations)
}

/// The normalised view of an ASCII text as `normalize.rs` documents it, written plainly, with the
/// original offset of every view byte (and of the end).
fn reference_view(s: &str) -> (String, Vec<usize>) {
    let b = s.as_bytes();
    let (mut out, mut map) = (String::new(), Vec::new());
    let is_space = |c: u8| (c as char).is_whitespace();
    let is_word = |c: u8| c.is_ascii_alphanumeric();
    let mut prev: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if is_space(c) {
            let mut j = i;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let newlines = b[i..j].iter().filter(|&&x| x == b'\n').count();
            let o = if newlines >= 2 { '\n' } else { ' ' };
            out.push(o);
            map.push(i);
            prev = Some(o as u8);
            i = j;
            continue;
        }
        let m = match c {
            b'-' => {
                let joins = prev.is_some_and(is_word) && b.get(i + 1).copied().is_some_and(is_word);
                if joins { ' ' } else { '-' }
            }
            b'`' => '\'',
            _ => c.to_ascii_lowercase() as char,
        };
        out.push(m);
        map.push(i);
        prev = Some(c);
        i += 1;
    }
    map.push(b.len());
    (out, map)
}

const ASCII: &[char] = &[
    'a', 'B', 'z', 'Q', '0', '9', ' ', ' ', ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '-', '\'', '`', '"', '.', ',', '(', ')', '+', '&',
    '/',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_valid_and_texts_are_slices(text in text_strategy()) {
        let doc = extractor().extract(&text);
        check_spans(&text, &doc);
    }

    #[test]
    fn extraction_is_deterministic(text in text_strategy()) {
        let a = extractor().extract(&text);
        // A second extractor too: nothing may depend on a hash map's random order.
        let b = extractor().clone().extract(&text);
        prop_assert_eq!(&a, &b);
        let (c, _trace) = extractor().explain("", &text);
        prop_assert_eq!(&a, &c);
    }

    #[test]
    fn crlf_line_ends_and_a_bom_change_offsets_only(text in text_strategy()) {
        let lf = extractor().extract(&text);
        let crlf_text = text.replace('\n', "\r\n");
        let crlf = extractor().extract(&crlf_text);
        check_spans(&crlf_text, &crlf);
        prop_assert_eq!(summary(&lf), summary(&crlf), "CRLF: {:?}", crlf_text);
        let bom_text = format!("\u{FEFF}{text}");
        let bom = extractor().extract(&bom_text);
        check_spans(&bom_text, &bom);
        prop_assert_eq!(summary(&lf), summary(&bom), "BOM: {:?}", bom_text);
    }

    #[test]
    fn graph_json_export_then_import_is_the_identity(texts in prop::collection::vec(text_strategy(), 1..4)) {
        let docs: Vec<Document> =
            texts.iter().enumerate().map(|(i, t)| extractor().extract_document(&format!("doc{i}"), t)).collect();
        let graph = KnowledgeGraph::from_documents(&docs);
        let json = graph.to_json();
        let back = KnowledgeGraph::from_json(&json).expect("an exported graph reads back");
        prop_assert_eq!(&back, &graph);
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn ascii_fast_path_equals_the_reference(chars in prop::collection::vec(prop::sample::select(ASCII), 0..60)) {
        let s: String = chars.into_iter().collect();
        let view = NormalizedText::new(&s);
        let (expected, map) = reference_view(&s);
        prop_assert_eq!(view.as_str(), expected.as_str(), "text {:?}", s);
        for (n, &o) in map.iter().enumerate() {
            prop_assert_eq!(view.to_original(n), o, "offset {} of {:?} in {:?}", n, view.as_str(), s);
        }
    }
}

/// Regression (property test): a vertical tab is white space for the general path but the ASCII
/// fast path copied it as a letter-like byte, so "Microsoft\x0bAzure" never read as two words.
#[test]
fn vertical_tab_is_white_space() {
    assert_eq!(NormalizedText::new("Microsoft\u{0B}Azure").as_str(), "microsoft azure");
    assert_eq!(NormalizedText::new("a \u{0B}b").as_str(), "a b");
    let doc = extractor().extract("Microsoft\u{0B}Azure");
    assert!(doc.entity("azure").is_some(), "{:?}", doc.entities);
}

/// Texts made of nothing but characters the normaliser drops or folds.
#[test]
fn invisible_only_texts() {
    for text in ["\u{FEFF}", "\u{200B}\u{00AD}", "\u{FEFF}\r\n\u{FEFF}", "\0\0", " \u{0B} "] {
        let doc = extractor().extract(text);
        check_spans(text, &doc);
        assert!(doc.entities.is_empty());
    }
}
