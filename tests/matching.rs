//! Matching semantics as a table: boundaries, case policies, variants, cues, overlaps, resolution.
//! Each case runs against a small dictionary so that it tests the engine, not the default data.

use relgraph::{Extractor, ExtractorBuilder, OverlapPolicy};

const DICT: &str = r#"
microsoft    | Microsoft     | Company/software | Microsoft Corp; Microsoft Corporation | ticker=MSFT
intel        | Intel         | Company/semiconductor | Intel Corporation
meta         | Meta          | Company/internet | Meta Platforms; Facebook{exact}
apple        | Apple         | Company/consumer-electronics | Apple Inc.
amd          | AMD           | Company/semiconductor | Advanced Micro Devices; AMD{exact}
nvidia       | NVIDIA        | Company/semiconductor | Nvidia; NVIDIA Corporation
openai       | OpenAI        | Company/ai-lab |
azure        | Azure         | Product/cloud-service | Microsoft Azure | maker=microsoft
azure_maia   | Azure Maia    | Hardware/accelerator | Maia; Maia 100 | maker=microsoft
azure_cobalt | Azure Cobalt  | Hardware/cpu | Cobalt 100; Cobalt{cue} | maker=microsoft cues=Azure,CPU,Arm,Microsoft
voyager_eus2 | Voyager-EUS2  | Hardware/supercomputer | | maker=microsoft
dalle2       | DALL·E 2      | Product/ai-model | DALL-E 2; DALLE 2 | maker=openai
a100         | NVIDIA A100   | Hardware/gpu | A100 | maker=nvidia
epyc         | AMD EPYC      | Hardware/cpu | EPYC | maker=amd
fabric       | Microsoft Fabric | Product/software | Fabric{cue} | maker=microsoft cues=Microsoft,data,analytics
copilot      | Microsoft Copilot | Product/software | Copilot | maker=microsoft
gh_copilot   | GitHub Copilot | Product/software | Copilot | priority=-1
turing       | Turing        | Product/ai-model | | case=exact
"#;

fn extractor() -> Extractor {
    ExtractorBuilder::new()
        .default_dictionaries(false)
        .default_rules(false)
        .dictionary_str("test.dict", DICT)
        .build()
        .expect("test dictionary is valid")
}

/// (text, expected (id, mention text) pairs in order)
fn check(ex: &Extractor, text: &str, expected: &[(&str, &str)]) {
    let doc = ex.extract(text);
    let mut got: Vec<(usize, String, String)> =
        doc.entities.iter().flat_map(|e| e.mentions.iter().map(move |m| (m.start, e.id.clone(), m.text.clone()))).collect();
    got.sort();
    let got: Vec<(String, String)> = got.into_iter().map(|(_, a, b)| (a, b)).collect();
    let want: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(got, want, "text: {text:?}");
    for e in &doc.entities {
        for m in &e.mentions {
            assert_eq!(&text[m.start..m.end], m.text, "offsets of {:?} in {text:?}", m.text);
        }
    }
}

#[test]
fn matching_table() {
    let ex = extractor();
    let cases: &[(&str, &[(&str, &str)])] = &[
        // Word boundaries.
        ("Intelligence and Metaverse news", &[]),
        ("Intel and Meta", &[("intel", "Intel"), ("meta", "Meta")]),
        ("INTEL shares rose", &[("intel", "INTEL")]),
        // Possessives, curly and straight.
        ("Microsoft’s cloud and Microsoft's cloud", &[("microsoft", "Microsoft"), ("microsoft", "Microsoft")]),
        // Case policy cap: common words in lower case are not names.
        ("an apple a day", &[]),
        ("Apple shares", &[("apple", "Apple")]),
        ("Nvidia and NVIDIA", &[("nvidia", "Nvidia"), ("nvidia", "NVIDIA")]),
        // Exact forms.
        ("amd and AMD", &[("amd", "AMD")]),
        ("TURING and Turing", &[("turing", "Turing")]),
        // Hyphen vs space, middle dot, non-breaking space, dashes.
        (
            "Voyager EUS2 then Voyager-EUS2 then Voyager\u{2011}EUS2",
            &[("voyager_eus2", "Voyager EUS2"), ("voyager_eus2", "Voyager-EUS2"), ("voyager_eus2", "Voyager\u{2011}EUS2")],
        ),
        ("DALL·E 2 and DALL-E 2", &[("dalle2", "DALL·E 2"), ("dalle2", "DALL-E 2")]),
        ("Azure\u{00A0}Maia", &[("azure_maia", "Azure\u{00A0}Maia")]),
        // Leftmost-longest: "Azure Maia" over "Azure".
        ("Azure Maia runs in Azure", &[("azure_maia", "Azure Maia"), ("azure", "Azure")]),
        // Plurals of hardware models.
        ("thousands of A100s", &[("a100", "A100s")]),
        // The maker named in a form is a mention of the maker too.
        ("a processor AMD EPYC", &[("amd", "AMD"), ("epyc", "AMD EPYC")]),
        // Short form introduced earlier.
        ("Azure Maia is new. Maia is fast.", &[("azure_maia", "Azure Maia"), ("azure_maia", "Maia")]),
        // Context cues: Cobalt only near a cue or once the entity is named unambiguously.
        ("cobalt mining in Congo. Cobalt prices rose.", &[]),
        ("The Cobalt CPU is an Arm design.", &[("azure_cobalt", "Cobalt")]),
        ("Azure Cobalt is out. Cobalt is fast.", &[("azure_cobalt", "Azure Cobalt"), ("azure_cobalt", "Cobalt")]),
        // Ambiguous form: the entry already named wins, else priority.
        ("GitHub Copilot is here. Copilot helps.", &[("gh_copilot", "GitHub Copilot"), ("gh_copilot", "Copilot")]),
        ("Copilot helps.", &[("copilot", "Copilot")]),
        // Acronym introduced in parentheses.
        ("Advanced Micro Devices (AMD) said", &[("amd", "Advanced Micro Devices"), ("amd", "AMD")]),
        // Former names.
        ("Meta (formerly Facebook) said", &[("meta", "Meta"), ("meta", "Facebook")]),
        // An elided article is not a word end; a possessive is.
        ("Intell'azienda e Intel'accordo", &[]),
        ("Intels' and Intel's", &[("intel", "Intel")]),
        // Paragraph breaks stop a form.
        ("Azure\n\nMaia", &[("azure", "Azure"), ("azure_maia", "Maia")]),
        ("Azure\n\nMaia 100", &[("azure", "Azure"), ("azure_maia", "Maia 100")]),
        // Unicode case folding beyond ASCII.
        ("ÉCOLE", &[]),
    ];
    for (text, expected) in cases {
        check(&ex, text, expected);
    }
}

#[test]
fn unicode_case_folding_matches_non_ascii_forms() {
    let ex = ExtractorBuilder::new()
        .default_dictionaries(false)
        .default_rules(false)
        .dictionary_str("u.dict", "strasse | Straße Systeme | Company | | case=fold\nemea | Ωmega Labs | Company | | case=fold\n")
        .build()
        .unwrap();
    check(&ex, "STRASSE SYSTEME and ωMEGA LABS", &[("strasse", "STRASSE SYSTEME"), ("emea", "ωMEGA LABS")]);
    check(&ex, "straße systeme", &[("strasse", "straße systeme")]);
}

#[test]
fn overlap_policies() {
    let dict = "a | Foo Bar | Product | | priority=0\nb | Bar Baz | Product | | priority=5\nc | Foo | Company |\n";
    let build = |p| {
        ExtractorBuilder::new()
            .default_dictionaries(false)
            .default_rules(false)
            .dictionary_str("o.dict", dict)
            .overlap_policy(p)
            .build()
            .unwrap()
    };
    let ids = |ex: &Extractor| -> Vec<String> {
        let d = ex.extract("Foo Bar Baz");
        let mut v: Vec<(usize, String)> = d.entities.iter().flat_map(|e| e.mentions.iter().map(move |m| (m.start, e.id.clone()))).collect();
        v.sort();
        v.into_iter().map(|x| x.1).collect()
    };
    assert_eq!(ids(&build(OverlapPolicy::LeftmostLongest)), vec!["a"]);
    assert_eq!(ids(&build(OverlapPolicy::Priority)), vec!["c", "b"]);
    assert_eq!(ids(&build(OverlapPolicy::All)), vec!["a", "c", "b"]);
}

#[test]
fn pattern_recognisers_find_unknown_names() {
    let ex = ExtractorBuilder::new()
        .default_dictionaries(false)
        .dictionary_str("v.dict", "nvidia | NVIDIA | Company | Nvidia\nintel | Intel | Company |\nh1 | H1 | Hardware/gpu | | maker=nvidia\nxeon | Intel Xeon | Hardware/cpu | Xeon | maker=intel\nms | Microsoft | Company |\n")
        .build()
        .unwrap();
    let doc = ex.extract("Acme Corp. bought chips. NVIDIA H900 and Intel Xeon 8480+ were used by Foo Holdings Inc and Bar S.p.A. Chief executive Jane Smith spoke. Satya Nadella, CEO of Microsoft, agreed.");
    let names: Vec<(&str, &str)> = doc.entities.iter().map(|e| (e.name.as_str(), e.entity_type.as_str())).collect();
    for want in [
        ("Acme", "Company"),
        ("NVIDIA H900", "Hardware"),
        ("Intel Xeon 8480+", "Hardware"),
        ("Foo Holdings", "Company"),
        ("Bar", "Company"),
        ("Jane Smith", "Person"),
        ("Satya Nadella", "Person"),
    ] {
        assert!(names.contains(&want), "missing {want:?} in {names:?}");
    }
    let h900 = doc.entities.iter().find(|e| e.name == "NVIDIA H900").unwrap();
    assert_eq!(h900.source, relgraph::Source::Pattern);
    assert!(h900.confidence < 1.0);
    assert!(doc.has_relation("nvidia", "develops", &h900.id));
}

#[test]
fn legal_form_names_do_not_swallow_a_known_name_before_a_conjunction() {
    // The legal forms are a lexicon of the default English rule pack.
    let ex = ExtractorBuilder::new().default_dictionaries(false).dictionary_str("test.dict", DICT).build().unwrap();
    check(&ex, "Microsoft and Acme Corp. signed a deal.", &[("microsoft", "Microsoft"), ("acme", "Acme Corp.")]);
    check(&ex, "Intel & Foo Holdings Inc agreed.", &[("intel", "Intel"), ("foo_holdings", "Foo Holdings Inc")]);
    // An unknown first name stays part of the company name.
    check(&ex, "Procter and Gamble Co reported.", &[("procter_and_gamble", "Procter and Gamble Co")]);
}

#[test]
fn bad_dictionary_lines_are_all_reported_with_positions() {
    let err = ExtractorBuilder::new()
        .default_dictionaries(false)
        .dictionary_str("user.dict", "ok | OK | Company\nBAD | x | Company\nz | Z | Gadget\n")
        .build()
        .unwrap_err();
    let msgs: Vec<String> = err.diagnostics().iter().map(|d| d.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].starts_with("user.dict:2:1:"));
    assert!(msgs[1].starts_with("user.dict:3:9:"));
}

#[test]
fn a_user_rule_pack_extends_the_builtin_language() {
    // The user pack uses @AUX and @ACQUIRE from the embedded English pack.
    let ex = ExtractorBuilder::new()
        .default_dictionaries(false)
        .dictionary_str("d.dict", "globex | Globex | Company |\ninitech | Initech | Company |\n")
        .rules_str("mine.rules", "@language en\nrule my.acquires.snapped acquires: {head:Company} @AUX? quietly @ACQUIRE {tail:Company}\n")
        .build()
        .expect("user pack compiles against the built-in lexicons");
    let doc = ex.extract("Globex has quietly acquired Initech.");
    let r = doc.relations.iter().find(|r| r.relation == "acquires").expect("relation");
    assert_eq!((r.head.as_str(), r.tail.as_str()), ("globex", "initech"));
    assert!(r.evidence.iter().any(|e| e.rule == "my.acquires.snapped"), "{:?}", r.evidence);
}
