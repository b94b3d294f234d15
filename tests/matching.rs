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
fn without_patterns_only_dictionary_names_are_found() {
    let build = |patterns: bool| {
        ExtractorBuilder::new()
            .default_dictionaries(false)
            .dictionary_str(
                "v.dict",
                "nvidia | NVIDIA | Company | Nvidia\nintel | Intel | Company |\nxeon | Intel Xeon | Hardware/cpu | Xeon | maker=intel\n",
            )
            .patterns(patterns)
            .build()
            .unwrap()
    };
    let text = "Acme Corp. bought NVIDIA H900 chips and Intel Xeon 8480+ servers. Chief executive Jane Smith spoke.";
    let sources = |ex: &Extractor| -> Vec<(String, relgraph::Source)> {
        let mut v: Vec<_> = ex.extract(text).entities.iter().map(|e| (e.name.clone(), e.source)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let with = sources(&build(true));
    assert!(with.iter().any(|(_, s)| *s == relgraph::Source::Pattern), "the recognisers find names here: {with:?}");
    let without = sources(&build(false));
    assert!(without.iter().all(|(_, s)| *s != relgraph::Source::Pattern), "{without:?}");
    let names: Vec<&str> = without.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Intel", "Intel Xeon", "NVIDIA"], "{without:?}");
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

/// Companies of the legal-form tests: known names next to, inside or around legal-form names.
const LEGAL_DICT: &str = r#"
ford         | Ford Motor    | Company | Ford Motor Co; Ford{cue} | cues=Motor
morgan       | Morgan Stanley | Company |
ibm          | IBM           | Company |
panasonic    | Panasonic     | Company | Matsushita Electric Industrial
bmw          | BMW           | Company |
nextel       | Nextel        | Company |
honda        | Honda         | Company |
bancorp      | Bancorp       | Company | Bancorp Inc
disney       | Walt Disney Company | Company | Disney; Walt Disney Co
samsung      | Samsung Electronics | Company |
united_fire  | United Fire   | Company |
three_m      | 3M            | Company |
qualcomm     | Qualcomm      | Company |
coca_cola    | Coca-Cola     | Company |
"#;

/// Generic words of the legal-form tests (the default stop list holds them too).
const LEGAL_STOP: &str = "Bancorp\nSecurity\nCasualty\nAerospace\nCommunications\nFord\nCo\nInc\n";

fn legal_extractor() -> Extractor {
    // The legal forms and the word lists of the recogniser are lexicons of the default English pack.
    ExtractorBuilder::new().default_dictionaries(false).dictionary_str("legal.dict", LEGAL_DICT).stoplist_str(LEGAL_STOP).build().unwrap()
}

#[test]
fn legal_form_names_are_whole_names() {
    let ex = legal_extractor();
    let cases: &[(&str, &[(&str, &str)])] = &[
        // A single line break inside a name: text wrapped at a fixed width (newswire).
        (
            "Caremark Inc and Baxter\nTravenol Laboratories Inc agreed.",
            &[("caremark", "Caremark Inc"), ("baxter_travenol_laboratories", "Baxter\nTravenol Laboratories Inc")],
        ),
        // A hyphenated first word is not cut at the hyphen.
        ("Shares of Borg-Warner Corp rose.", &[("borg_warner", "Borg-Warner Corp")]),
        // Partnerships of surnames joined by commas.
        ("It was managed by Kidder, Peabody and Co Inc.", &[("kidder_peabody_and_co", "Kidder, Peabody and Co Inc.")]),
        (
            "Lead was Merrill Lynch, Pierce, Fenner and Smith Inc today.",
            &[("merrill_lynch_pierce_fenner_and_smith", "Merrill Lynch, Pierce, Fenner and Smith Inc")],
        ),
        // Initials and abbreviated first names belong to the name; "U.S." does not.
        ("It was led by Alex. Brown and Sons Inc today.", &[("alex_brown_and_sons", "Alex. Brown and Sons Inc")]),
        ("It was led by E.F.\nHutton Group Inc today.", &[("e_f_hutton_group", "E.F.\nHutton Group Inc")]),
        ("Sales in the U.S. Acme Corp said rose.", &[("acme", "Acme Corp")]),
        // A first name before a middle initial.
        ("An analyst of Sanford C. Bernstein and Co said so.", &[("sanford_c_bernstein", "Sanford C. Bernstein and Co")]),
        // "of" after a person or a role ends them; after "Bank" it is part of the name.
        ("He met Keita Konishi of Sumitomo Life Insurance Co today.", &[("sumitomo_life_insurance", "Sumitomo Life Insurance Co")]),
        ("It was the Bank of Tokyo Ltd today.", &[("bank_of_tokyo", "Bank of Tokyo Ltd")]),
        ("Affiliated Bankshares of Colorado Inc said.", &[("affiliated_bankshares_of_colorado", "Affiliated Bankshares of Colorado Inc")]),
        // An organisation that is not a company, even with a legal form after it.
        ("David Haggard, American Soybean Association, ASA, president said.", &[]),
        // "and" joining two names: after a non-company head, after a place, with two conjunctions,
        // between a name of three words and one of two.
        ("The Securities and Exchange Commission and Time Warner Inc. agreed.", &[("time_warner", "Time Warner Inc.")]),
        ("It was Bull of France and NEC Corp of Japan.", &[("nec", "NEC Corp")]),
        (
            "The Australia and New Zealand Banking Group Ltd rate fell.",
            &[("australia_and_new_zealand_banking_group", "Australia and New Zealand Banking Group Ltd")],
        ),
        ("The SEC barred Seemala and Boesky and Co from it.", &[("boesky", "Boesky and Co")]),
        (
            "Makers are Morgan Stanley International and Svenska Handelsbanken PLC today.",
            &[("morgan_stanley_international", "Morgan Stanley International"), ("svenska_handelsbanken", "Svenska Handelsbanken PLC")],
        ),
        // The possessive of a place or of a person is not part of the name; a name's own is.
        ("It sued Japan's Matsushita Electric Industrial Co. over it.", &[("panasonic", "Matsushita Electric Industrial Co.")]),
        (
            "Robert Maxwell's British Printing Corp and RLR's RLR Securities Group Inc and Moody's Investors Service Inc agreed.",
            &[
                ("british_printing", "British Printing Corp"),
                ("rlr_securities_group", "RLR Securities Group Inc"),
                ("moody_s_investors_service", "Moody's Investors Service Inc"),
            ],
        ),
        // A compound adjective before the name.
        ("It bought Ohio-based Glidden Inc yesterday.", &[("glidden", "Glidden Inc")]),
        // Stop words that also start names.
        ("The New England Merchants Leasing Corp was sold.", &[("new_england_merchants_leasing", "New England Merchants Leasing Corp")]),
        // Two capitals after a comma are a state code.
        ("It opened in Las Vegas, NV, and SHV Holdings NV paid.", &[("shv_holdings", "SHV Holdings NV")]),
        // Name words after the legal form.
        (
            "Hospital Corp of America and Public Service Co of Indiana Inc and Coastal Limited Ventures Inc agreed.",
            &[
                ("hospital_corp_of_america", "Hospital Corp of America"),
                ("public_service_co_of_indiana", "Public Service Co of Indiana Inc"),
                ("coastal_limited_ventures", "Coastal Limited Ventures Inc"),
            ],
        ),
        // ... but not across a sentence end.
        (
            "It is rated AA by Standard and Poor's Corp. Salomon Brothers Inc co-managed the deal.",
            &[("standard_and_poor_s", "Standard and Poor's Corp."), ("salomon_brothers", "Salomon Brothers Inc")],
        ),
        // A unit after the form names a subsidiary.
        (
            "Lead manager Swiss Bank Corporation International said.",
            &[("swiss_bank_corporation_international", "Swiss Bank Corporation International")],
        ),
        // A place is no company name ("Kenya AB" is a coffee grade).
        ("Arabica grades were Kenya AB FAQ 142 and Tanzania AB FAQ 120.", &[]),
        // Connectors of other languages.
        ("It sold its stake in National do Brasil Ltd today.", &[("national_do_brasil", "National do Brasil Ltd")]),
        (
            "It bought Medecines et Sciences Internationales SA today.",
            &[("medecines_et_sciences_internationales", "Medecines et Sciences Internationales SA")],
        ),
        // An acronym is no stop word ("AT" of "AT T Wireless" in the AG News spelling of AT&T).
        ("It will buy AT T Wireless Services Inc. soon.", &[("at_t_wireless_services", "AT T Wireless Services Inc.")]),
        // A legal form followed by a hyphen is the start of a word ("Co-Managing").
        ("Jez Corden\nCo-Managing Editor", &[]),
        // An acronym in parentheses abbreviates the name; it is no kind noun ("api").
        ("Oil stocks rose, the American Petroleum Institute (API) said.", &[]),
    ];
    for (text, expected) in cases {
        check(&ex, text, expected);
    }
}

#[test]
fn known_names_next_to_legal_form_names() {
    let ex = legal_extractor();
    let cases: &[(&str, &[(&str, &str)])] = &[
        // A known name in the possessive owns the company.
        ("IBM's IBM Credit Corp said.", &[("ibm", "IBM"), ("ibm_credit", "IBM Credit Corp")]),
        // A known company followed by unit words names a subsidiary.
        ("An IBM Nederland spokesman said.", &[("ibm_nederland", "IBM Nederland")]),
        ("The bottler Coca-Cola Enterprises said.", &[("coca_cola_enterprises", "Coca-Cola Enterprises")]),
        // ... unit words only: in a title-case headline any capitalised word may follow a name.
        ("QUALCOMM Acquires UK-Based Trigenix.", &[("qualcomm", "QUALCOMM")]),
        // A name that continues a number after its decimal point is part of the number.
        ("Seven FY Net Jumps 59 To A $93.3M. 3M said.", &[("three_m", "3M")]),
        // Generic words after a known name make a name; a known name inside generic words is a fragment.
        (
            "Ford Motor Co said its Ford Aerospace and Communications Corp won.",
            &[("ford", "Ford Motor Co"), ("ford_aerospace_and_communications", "Ford Aerospace and Communications Corp")],
        ),
        ("Security Bancorp Inc merged.", &[]),
        // Generic words after "and" are no name of their own.
        ("The full name is United Fire and Casualty Co.", &[("united_fire_and_casualty", "United Fire and Casualty Co.")]),
        // The surname of a person named earlier is that person.
        (
            "\"Defer it,\" said Keikichi Honda, general manager of research.\n    Honda said another possibility.",
            &[("keikichi_honda", "Keikichi Honda"), ("keikichi_honda", "Honda")],
        ),
        // ... unless a link word makes it the company.
        ("Keikichi Honda, chairman of Honda, said it.", &[("keikichi_honda", "Keikichi Honda"), ("honda", "Honda")]),
        // Events and venues named after a sponsor.
        ("He leads the BMW Open. He won the Nextel Cup. BMW said.", &[("bmw", "BMW")]),
        // A full name the dictionary knows as written resolves to its entry.
        (
            "It sued Walt Disney Co. and Samsung Electronics Co. Ltd. yesterday.",
            &[("disney", "Walt Disney Co."), ("samsung", "Samsung Electronics Co. Ltd.")],
        ),
        ("It used Morgan Stanley and Co Inc today.", &[("morgan", "Morgan Stanley and Co Inc")]),
    ];
    for (text, expected) in cases {
        check(&ex, text, expected);
    }
}

#[test]
fn default_dictionaries_tell_units_and_people_from_companies() {
    let ex = Extractor::default();
    let ids = |text: &str| -> Vec<String> { ex.extract(text).entities.iter().map(|e| e.id.clone()).collect() };
    // Subsidiaries and joint ventures are entities of their own, not their parent's.
    assert_eq!(ids("The regulator ordered Bell Canada to cut its rates."), vec!["bell_canada"]);
    assert_eq!(ids("Honeywell Bull was created last year."), vec!["honeywell_bull"]);
    assert_eq!(ids("Rank Xerox said its workforce fell."), vec!["rank_xerox"]);
    // Surnames and ordinary words that are also the short names of listed companies.
    assert!(ids("Brady threw three touchdown passes.").is_empty());
    assert!(ids("It comes with Roxio's Toast 6 Lite software.").iter().all(|id| id != "toast"));
}
