//! Relation extraction as a table: one row per construction, for English and Italian, each a
//! sentence and the relations expected from it (head, label, tail, modality), negative rows
//! included. Each row runs against a small dictionary with the DEFAULT rule packs, so that it tests
//! the rules, not the default data.
//!
//! Constructions not handled yet are listed in `dictionaries/rules/README.md` ("Known gaps").

use relgraph::{Document, Extractor, ExtractorBuilder, Modality};
use std::collections::BTreeSet;

const DICT: &str = r#"
microsoft   | Microsoft           | Company/software      | Microsoft Corp; Microsoft Corporation
openai      | OpenAI              | Company/ai-lab        |
nvidia      | NVIDIA              | Company/semiconductor | Nvidia
amd         | AMD                 | Company/semiconductor | Advanced Micro Devices; AMD{exact}
intel       | Intel               | Company/semiconductor |
nuance      | Nuance              | Company/software      | Nuance Communications
activision  | Activision Blizzard | Company/media         | Activision
github      | GitHub              | Company/software      |
google      | Google              | Company/internet      |
amazon      | Amazon              | Company/internet      |
mistral     | Mistral AI          | Company/ai-lab        | Mistral
inflection  | Inflection AI       | Company/ai-lab        | Inflection
azure       | Azure               | Product/cloud-service | Microsoft Azure | maker=microsoft
copilot     | Copilot             | Product/software      | Microsoft Copilot | maker=microsoft
bing        | Bing                | Product/online-service | Microsoft Bing | maker=microsoft
deepspeed   | DeepSpeed           | Product/software      | | maker=microsoft
windows     | Windows             | Product/os            | Microsoft Windows | maker=microsoft
chatgpt     | ChatGPT             | Product/online-service | | maker=openai
gpt4        | GPT-4               | Product/ai-model      | GPT 4 | maker=openai
h200        | NVIDIA H200         | Hardware/gpu          | H200 | maker=nvidia
a100        | NVIDIA A100         | Hardware/gpu          | A100 | maker=nvidia
epyc        | AMD EPYC            | Hardware/cpu          | EPYC | maker=amd
mi300x      | AMD Instinct MI300X | Hardware/accelerator  | MI300X; Instinct MI300X | maker=amd
xeon        | Intel Xeon          | Hardware/cpu          | Xeon | maker=intel
eagle       | Eagle               | Hardware/supercomputer | | case=exact
satya       | Satya Nadella       | Person                | Nadella
kevin_scott | Kevin Scott         | Person                |
sam_altman  | Sam Altman          | Person                | Altman
jane_doe    | Jane Doe            | Person                |
"#;

const A: Modality = Modality::Asserted;
const H: Modality = Modality::Hedged;
const N: Modality = Modality::Negated;

type Rel = (&'static str, &'static str, &'static str, Modality);

/// One construction.
struct Case {
    lang: &'static str,
    text: &'static str,
    /// The relations expected (asserted and hedged in `relations`, negated in `negated_relations`).
    want: &'static [Rel],
    /// Relations that must not be found (the point of a negative row; also implied by `exact`).
    not: &'static [(&'static str, &'static str, &'static str)],
    /// Whether `want` is the whole set (else: at least these).
    exact: bool,
}

const fn pos(lang: &'static str, text: &'static str, want: &'static [Rel]) -> Case {
    Case { lang, text, want, not: &[], exact: true }
}

/// A row that must not yield `not` (and yields exactly `want`).
const fn neg(
    lang: &'static str,
    text: &'static str,
    want: &'static [Rel],
    not: &'static [(&'static str, &'static str, &'static str)],
) -> Case {
    Case { lang, text, want, not, exact: true }
}

fn extractor() -> Extractor {
    ExtractorBuilder::new()
        .default_dictionaries(false)
        .dictionary_str("relation_cases.dict", DICT)
        .build()
        .expect("test dictionary is valid")
}

/// (head, label, tail, modality) with the arguments of a symmetric label in a fixed order.
fn key(head: &str, label: &str, tail: &str, modality: Modality) -> (String, String, String, Modality) {
    let (h, t) = if label == "partners_with" && head > tail { (tail, head) } else { (head, tail) };
    (h.to_string(), label.to_string(), t.to_string(), modality)
}

fn found(doc: &Document) -> BTreeSet<(String, String, String, Modality)> {
    doc.relations.iter().chain(&doc.negated_relations).map(|r| key(&r.head, &r.relation, &r.tail, r.modality)).collect()
}

fn describe(doc: &Document) -> String {
    doc.relations
        .iter()
        .chain(&doc.negated_relations)
        .map(|r| {
            let rules: Vec<&str> = r.evidence.iter().map(|e| e.rule.as_str()).collect();
            format!("\n    {} {} {} [{:?}] by {}", r.head, r.relation, r.tail, r.modality, rules.join(", "))
        })
        .collect()
}

/// Checks one row; returns a description of what is wrong, if anything.
fn check(ex: &Extractor, case: &Case) -> Option<String> {
    let doc = ex.extract(case.text);
    let mut errors = Vec::new();
    if doc.language != case.lang {
        errors.push(format!("language {} (expected {})", doc.language, case.lang));
    }
    let got = found(&doc);
    let want: BTreeSet<_> = case.want.iter().map(|&(h, l, t, m)| key(h, l, t, m)).collect();
    if case.exact && got != want || !case.exact && !want.is_subset(&got) {
        errors.push(format!("expected {want:?}"));
    }
    for &(h, l, t) in case.not {
        if got.iter().any(|g| g == &key(h, l, t, A) || g == &key(h, l, t, H) || g == &key(h, l, t, N)) {
            errors.push(format!("must not find {h} {l} {t}"));
        }
    }
    // Where each relation goes: negated ones apart from the rest, and only the rest count for
    // `has_relation`.
    for &(h, l, t, m) in case.want {
        let listed = if m == N { &doc.negated_relations } else { &doc.relations };
        if !listed.iter().any(|r| key(&r.head, &r.relation, &r.tail, r.modality) == key(h, l, t, m)) {
            errors.push(format!("{h} {l} {t} [{m:?}] not in {}", if m == N { "negated_relations" } else { "relations" }));
        }
        if doc.has_relation(h, l, t) != (m != N) {
            errors.push(format!("has_relation({h}, {l}, {t}) is {}", doc.has_relation(h, l, t)));
        }
        if l == "partners_with" && doc.has_relation(t, l, h) != (m != N) {
            errors.push(format!("partners_with is symmetric: has_relation({t}, {l}, {h})"));
        }
    }
    if errors.is_empty() { None } else { Some(format!("[{}] {:?}: {}; found:{}", case.lang, case.text, errors.join("; "), describe(&doc))) }
}

fn run(cases: &[Case]) {
    let ex = extractor();
    let failures: Vec<String> = cases.iter().filter_map(|c| check(&ex, c)).collect();
    assert!(failures.is_empty(), "{} of {} rows fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

const EN: &[Case] = &[
    // ------------------------------------------------------------ partners_with (symmetric)
    pos("en", "Microsoft has partnered with OpenAI.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "OpenAI partners with Microsoft.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "Microsoft and OpenAI team up on AI safety.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "Microsoft and OpenAI have partnered since 2019.", &[("microsoft", "partners_with", "openai", A)]),
    pos(
        "en",
        "Microsoft partners with AMD and Intel on chips.",
        &[("microsoft", "partners_with", "amd", A), ("microsoft", "partners_with", "intel", A)],
    ),
    pos("en", "The Microsoft-OpenAI partnership is now in its fifth year.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "The partnership between Microsoft and OpenAI is deep.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "Microsoft said its partnership with OpenAI would continue.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "Microsoft and OpenAI announced a multi-year partnership.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "Microsoft announced a partnership with OpenAI.", &[("microsoft", "partners_with", "openai", A)]),
    pos("en", "Microsoft could partner with OpenAI on the project.", &[("microsoft", "partners_with", "openai", H)]),
    pos("en", "Microsoft is not partnering with Google on the project.", &[("microsoft", "partners_with", "google", N)]),
    neg("en", "Microsoft and Google compete in cloud computing.", &[], &[("microsoft", "partners_with", "google")]),
    neg("en", "Microsoft and Google are rivals.", &[], &[("microsoft", "partners_with", "google")]),
    neg("en", "Microsoft sued Google over search.", &[], &[("microsoft", "partners_with", "google")]),
    neg(
        "en",
        "Microsoft partnered years ago with a small group of universities on research that, according to people familiar with the \
         project, later helped OpenAI.",
        &[],
        &[("microsoft", "partners_with", "openai")],
    ),
    neg(
        "en",
        "Microsoft, which competes with Google, has partnered with OpenAI.",
        &[("microsoft", "partners_with", "openai", A)],
        &[("google", "partners_with", "openai")],
    ),
    // ------------------------------------------------------------ acquires
    pos("en", "Microsoft acquired Nuance.", &[("microsoft", "acquires", "nuance", A)]),
    pos("en", "Microsoft agreed to buy Activision Blizzard.", &[("microsoft", "acquires", "activision", A)]),
    pos(
        "en",
        "Microsoft has acquired Nuance and GitHub.",
        &[("microsoft", "acquires", "nuance", A), ("microsoft", "acquires", "github", A)],
    ),
    pos(
        "en",
        "Microsoft acquired Nuance, GitHub and Activision Blizzard.",
        &[("microsoft", "acquires", "nuance", A), ("microsoft", "acquires", "github", A), ("microsoft", "acquires", "activision", A)],
    ),
    pos("en", "Nuance was acquired by Microsoft in 2022.", &[("microsoft", "acquires", "nuance", A)]),
    pos("en", "Nuance (acquired by Microsoft) makes speech software.", &[("microsoft", "acquires", "nuance", A)]),
    pos("en", "Microsoft's acquisition of Activision Blizzard closed in October.", &[("microsoft", "acquires", "activision", A)]),
    pos("en", "Microsoft's $69 billion acquisition of Activision Blizzard closed.", &[("microsoft", "acquires", "activision", A)]),
    pos("en", "Microsoft completed its acquisition of Activision Blizzard.", &[("microsoft", "acquires", "activision", A)]),
    pos("en", "Microsoft completed the acquisition of Nuance.", &[("microsoft", "acquires", "nuance", A)]),
    pos("en", "The acquisition of Activision Blizzard by Microsoft closed in October.", &[("microsoft", "acquires", "activision", A)]),
    pos("en", "Microsoft, the software giant, acquired Nuance.", &[("microsoft", "acquires", "nuance", A)]),
    // Hedges.
    pos("en", "Microsoft may acquire Mistral AI, the French startup.", &[("microsoft", "acquires", "mistral", H)]),
    pos("en", "Microsoft is in talks to buy Inflection AI.", &[("microsoft", "acquires", "inflection", H)]),
    pos("en", "Microsoft is reportedly considering an acquisition of Mistral AI.", &[("microsoft", "acquires", "mistral", H)]),
    pos("en", "Microsoft's rumored acquisition of Mistral AI was discussed on Monday.", &[("microsoft", "acquires", "mistral", H)]),
    pos("en", "Microsoft, which competes with Google, is in talks to buy Inflection AI.", &[("microsoft", "acquires", "inflection", H)]),
    // Negation: reported apart, never asserted.
    pos("en", "Microsoft denied it would buy Mistral AI.", &[("microsoft", "acquires", "mistral", N)]),
    pos("en", "Microsoft denied reports that it would acquire Mistral AI.", &[("microsoft", "acquires", "mistral", N)]),
    pos("en", "Microsoft did not acquire Nuance.", &[("microsoft", "acquires", "nuance", N)]),
    pos("en", "Microsoft will not buy Nuance after all.", &[("microsoft", "acquires", "nuance", N)]),
    pos("en", "Microsoft has no plans to acquire Mistral AI.", &[("microsoft", "acquires", "mistral", N)]),
    // Negatives.
    neg(
        "en",
        "Microsoft, which competes with Google, acquired Nuance.",
        &[("microsoft", "acquires", "nuance", A)],
        &[("google", "acquires", "nuance")],
    ),
    neg(
        "en",
        "Microsoft acquired Nuance and Google said it was surprised.",
        &[("microsoft", "acquires", "nuance", A)],
        &[("microsoft", "acquires", "google")],
    ),
    // A person cannot acquire (schema: acquires head=Company).
    neg("en", "Jane Doe acquired Copilot.", &[], &[("jane_doe", "acquires", "copilot")]),
    neg(
        "en",
        "Microsoft, Google and Amazon reported earnings on Tuesday.",
        &[],
        &[("microsoft", "partners_with", "google"), ("microsoft", "partners_with", "amazon")],
    ),
    neg(
        "en",
        "Microsoft acquired a stake in many small research projects over the years, long before anyone had heard of OpenAI.",
        &[],
        &[("microsoft", "acquires", "openai"), ("microsoft", "invests_in", "openai")],
    ),
    // The object of a negated clause is not the subject of the next one.
    Case {
        lang: "en",
        text: "Microsoft did not buy Nuance but bought GitHub.",
        want: &[("microsoft", "acquires", "nuance", N)],
        not: &[("nuance", "acquires", "github")],
        exact: false,
    },
    // ------------------------------------------------------------ invests_in
    pos("en", "Microsoft invested $10 billion in OpenAI.", &[("microsoft", "invests_in", "openai", A)]),
    pos("en", "Microsoft has invested $13 billion in OpenAI this year.", &[("microsoft", "invests_in", "openai", A)]),
    pos("en", "Microsoft's investment in OpenAI is large.", &[("microsoft", "invests_in", "openai", A)]),
    pos("en", "Microsoft took a stake in Mistral AI.", &[("microsoft", "invests_in", "mistral", A)]),
    pos("en", "OpenAI is backed by Microsoft.", &[("microsoft", "invests_in", "openai", A)]),
    pos(
        "en",
        "OpenAI, which is backed by Microsoft, released GPT-4.",
        &[("microsoft", "invests_in", "openai", A), ("openai", "develops", "gpt4", A)],
    ),
    pos("en", "Microsoft-backed OpenAI released GPT-4.", &[("microsoft", "invests_in", "openai", A), ("openai", "develops", "gpt4", A)]),
    pos("en", "Microsoft plans to invest $1 billion in Mistral AI.", &[("microsoft", "invests_in", "mistral", H)]),
    pos("en", "Microsoft may invest in OpenAI this year.", &[("microsoft", "invests_in", "openai", H)]),
    neg(
        "en",
        "Microsoft, which competes with Google, invested $10 billion in OpenAI.",
        &[("microsoft", "invests_in", "openai", A)],
        &[("google", "invests_in", "openai")],
    ),
    // ------------------------------------------------------------ develops
    pos("en", "NVIDIA's H200 is faster than the A100.", &[("nvidia", "develops", "h200", A)]),
    pos("en", "Microsoft's own DeepSpeed is an open source library.", &[("microsoft", "develops", "deepspeed", A)]),
    pos("en", "The AMD EPYC processors are fast.", &[("amd", "develops", "epyc", A)]),
    pos("en", "Microsoft developed DeepSpeed.", &[("microsoft", "develops", "deepspeed", A)]),
    pos("en", "NVIDIA unveiled the H200 on Monday.", &[("nvidia", "develops", "h200", A)]),
    pos("en", "DeepSpeed was developed by Microsoft.", &[("microsoft", "develops", "deepspeed", A)]),
    pos("en", "Microsoft makes Copilot and Bing.", &[("microsoft", "develops", "copilot", A), ("microsoft", "develops", "bing", A)]),
    neg("en", "OpenAI developed GPT-4 with Microsoft.", &[("openai", "develops", "gpt4", A)], &[("microsoft", "develops", "gpt4")]),
    neg(
        "en",
        "Microsoft, which competes with Google, developed Copilot.",
        &[("microsoft", "develops", "copilot", A)],
        &[("google", "develops", "copilot")],
    ),
    // ------------------------------------------------------------ uses
    pos("en", "Copilot is powered by GPT-4.", &[("copilot", "uses", "gpt4", A)]),
    pos("en", "Bing is based on GPT-4.", &[("bing", "uses", "gpt4", A)]),
    pos("en", "ChatGPT runs on Azure.", &[("chatgpt", "uses", "azure", A)]),
    pos("en", "Copilot runs on GPT-4 and Azure.", &[("copilot", "uses", "gpt4", A), ("copilot", "uses", "azure", A)]),
    pos("en", "The Eagle supercomputer runs on H200 GPUs.", &[("eagle", "uses", "h200", A)]),
    pos("en", "Eagle is powered by H200 and Xeon processors.", &[("eagle", "uses", "h200", A), ("eagle", "uses", "xeon", A)]),
    // The participle reverses the direction.
    neg("en", "Xeon processors are used in Eagle.", &[("eagle", "uses", "xeon", A)], &[("xeon", "uses", "eagle")]),
    // A company does not "use" in the schema (uses head=Product|Hardware).
    neg("en", "Microsoft uses Azure for its own services.", &[], &[("microsoft", "uses", "azure")]),
    // ------------------------------------------------------------ integrates
    pos("en", "Microsoft integrated GPT-4 into Bing.", &[("bing", "integrates", "gpt4", A)]),
    pos("en", "Bing integrates ChatGPT.", &[("bing", "integrates", "chatgpt", A)]),
    pos("en", "GPT-4 is integrated into Bing.", &[("bing", "integrates", "gpt4", A)]),
    pos("en", "Copilot is built into Windows.", &[("windows", "integrates", "copilot", A)]),
    pos("en", "Microsoft brings Copilot to Windows.", &[("windows", "integrates", "copilot", A)]),
    pos(
        "en",
        "Microsoft is integrating GPT-4 into Bing and Windows.",
        &[("bing", "integrates", "gpt4", A), ("windows", "integrates", "gpt4", A)],
    ),
    // ------------------------------------------------------------ supplies
    pos("en", "Azure is the exclusive cloud provider for OpenAI.", &[("azure", "supplies", "openai", A)]),
    pos("en", "Microsoft will be the exclusive cloud provider for OpenAI.", &[("microsoft", "supplies", "openai", A)]),
    pos("en", "Azure will serve as the exclusive cloud provider for OpenAI.", &[("azure", "supplies", "openai", A)]),
    pos("en", "NVIDIA supplies GPUs to Microsoft.", &[("nvidia", "supplies", "microsoft", A)]),
    pos("en", "AMD supplies MI300X accelerators to Microsoft.", &[("amd", "supplies", "microsoft", A)]),
    // ------------------------------------------------------------ works_for
    pos("en", "Satya Nadella, CEO of Microsoft, spoke on Monday.", &[("satya", "works_for", "microsoft", A)]),
    pos("en", "Microsoft CEO Satya Nadella spoke on Monday.", &[("satya", "works_for", "microsoft", A)]),
    pos("en", "Microsoft's chief executive, Satya Nadella, said the deal was good.", &[("satya", "works_for", "microsoft", A)]),
    pos("en", "Kevin Scott, Chief Technical Officer, Microsoft, spoke on Monday.", &[("kevin_scott", "works_for", "microsoft", A)]),
    pos(
        "en",
        "Kevin Scott, Microsoft's chief technology officer, said the model is ready.",
        &[("kevin_scott", "works_for", "microsoft", A)],
    ),
    pos(
        "en",
        "Jane Doe, a marketing vice president at Microsoft, said the product is ready.",
        &[("jane_doe", "works_for", "microsoft", A)],
    ),
    pos("en", "Microsoft's Kevin Scott said the model is ready.", &[("kevin_scott", "works_for", "microsoft", A)]),
    pos("en", "Sam Altman joined Microsoft.", &[("sam_altman", "works_for", "microsoft", A)]),
    pos("en", "Microsoft hired Sam Altman.", &[("sam_altman", "works_for", "microsoft", A)]),
    neg(
        "en",
        "Sam Altman, who led OpenAI, joined Microsoft.",
        &[("sam_altman", "works_for", "microsoft", A)],
        &[("sam_altman", "works_for", "openai")],
    ),
    // ------------------------------------------------------------ licenses_to
    pos("en", "OpenAI licensed GPT-4 to Microsoft.", &[("openai", "licenses_to", "microsoft", A)]),
    pos("en", "Microsoft licenses its speech technology to OpenAI.", &[("microsoft", "licenses_to", "openai", A)]),
    pos("en", "Microsoft licensed the technology from OpenAI.", &[("openai", "licenses_to", "microsoft", A)]),
];

const IT: &[Case] = &[
    // ------------------------------------------------------------ partners_with
    pos("it", "Microsoft collabora con OpenAI da anni.", &[("microsoft", "partners_with", "openai", A)]),
    pos("it", "Microsoft e OpenAI hanno stretto una partnership.", &[("microsoft", "partners_with", "openai", A)]),
    pos("it", "La grande collaborazione Microsoft-OpenAI continua.", &[("microsoft", "partners_with", "openai", A)]),
    pos("it", "La partnership tra Microsoft e OpenAI è solida.", &[("microsoft", "partners_with", "openai", A)]),
    pos("it", "Microsoft ha rafforzato la sua partnership con OpenAI.", &[("microsoft", "partners_with", "openai", A)]),
    pos("it", "Microsoft ha annunciato una partnership con OpenAI.", &[("microsoft", "partners_with", "openai", A)]),
    pos("it", "Microsoft non collabora con Google sul progetto.", &[("microsoft", "partners_with", "google", N)]),
    neg("it", "Microsoft e Google sono concorrenti nel cloud.", &[], &[("microsoft", "partners_with", "google")]),
    neg("it", "Microsoft ha fatto causa a Google per la ricerca.", &[], &[("microsoft", "partners_with", "google")]),
    neg("it", "Microsoft, Google e Amazon hanno pubblicato i risultati trimestrali.", &[], &[("microsoft", "partners_with", "google")]),
    // ------------------------------------------------------------ acquires
    pos("it", "Microsoft ha acquisito Nuance per 19,7 miliardi di dollari.", &[("microsoft", "acquires", "nuance", A)]),
    pos("it", "Microsoft ha acquisito Nuance e GitHub.", &[("microsoft", "acquires", "nuance", A), ("microsoft", "acquires", "github", A)]),
    pos("it", "Nuance (acquisita da Microsoft) produce software per la voce.", &[("microsoft", "acquires", "nuance", A)]),
    pos("it", "Nuance è stata acquisita da Microsoft nel 2022.", &[("microsoft", "acquires", "nuance", A)]),
    pos(
        "it",
        "L'acquisizione di Activision Blizzard da parte di Microsoft è stata completata.",
        &[("microsoft", "acquires", "activision", A)],
    ),
    pos("it", "Microsoft potrebbe acquisire Mistral AI.", &[("microsoft", "acquires", "mistral", H)]),
    pos("it", "Microsoft sarebbe in trattative per acquisire Inflection AI.", &[("microsoft", "acquires", "inflection", H)]),
    pos("it", "Microsoft ha smentito di voler acquisire Mistral AI.", &[("microsoft", "acquires", "mistral", N)]),
    pos("it", "Microsoft non ha acquisito Nuance.", &[("microsoft", "acquires", "nuance", N)]),
    pos("it", "Microsoft non ha intenzione di acquisire Mistral AI.", &[("microsoft", "acquires", "mistral", N)]),
    neg(
        "it",
        "Microsoft, che compete con Google, ha acquisito Nuance.",
        &[("microsoft", "acquires", "nuance", A)],
        &[("google", "acquires", "nuance")],
    ),
    neg(
        "it",
        "Microsoft ha acquisito Nuance e Google ha comprato Fitbit.",
        &[("microsoft", "acquires", "nuance", A)],
        &[("microsoft", "acquires", "google")],
    ),
    neg("it", "Jane Doe ha acquisito Copilot.", &[], &[("jane_doe", "acquires", "copilot")]),
    // ------------------------------------------------------------ invests_in
    pos("it", "Microsoft ha investito 10 miliardi di dollari in OpenAI.", &[("microsoft", "invests_in", "openai", A)]),
    pos("it", "L'investimento di Microsoft in OpenAI è enorme.", &[("microsoft", "invests_in", "openai", A)]),
    pos("it", "OpenAI è finanziata da Microsoft.", &[("microsoft", "invests_in", "openai", A)]),
    // ------------------------------------------------------------ develops
    pos("it", "Microsoft ha sviluppato DeepSpeed.", &[("microsoft", "develops", "deepspeed", A)]),
    pos("it", "DeepSpeed è stato sviluppato da Microsoft.", &[("microsoft", "develops", "deepspeed", A)]),
    pos("it", "NVIDIA ha presentato la nuova H200.", &[("nvidia", "develops", "h200", A)]),
    pos("it", "Il DeepSpeed di Microsoft è una libreria open source.", &[("microsoft", "develops", "deepspeed", A)]),
    pos("it", "La H200 di NVIDIA è più veloce della A100.", &[("nvidia", "develops", "h200", A)]),
    neg("it", "Il rivale di ChatGPT di Google è stato presentato.", &[], &[("google", "develops", "chatgpt")]),
    neg(
        "it",
        "Microsoft, che compete con Google, ha sviluppato DeepSpeed.",
        &[("microsoft", "develops", "deepspeed", A)],
        &[("google", "develops", "deepspeed")],
    ),
    // ------------------------------------------------------------ uses
    pos("it", "Copilot è basato su GPT-4.", &[("copilot", "uses", "gpt4", A)]),
    pos("it", "ChatGPT funziona con Azure.", &[("chatgpt", "uses", "azure", A)]),
    pos("it", "Il servizio Bing, basato su GPT-4, è in crescita.", &[("bing", "uses", "gpt4", A)]),
    pos("it", "Il supercomputer Eagle utilizza le GPU H200.", &[("eagle", "uses", "h200", A)]),
    // ------------------------------------------------------------ integrates
    pos("it", "GPT-4 è integrato in Bing.", &[("bing", "integrates", "gpt4", A)]),
    pos("it", "Microsoft porta Copilot su Windows.", &[("windows", "integrates", "copilot", A)]),
    pos("it", "Microsoft ha integrato GPT-4 in Bing.", &[("bing", "integrates", "gpt4", A)]),
    // ------------------------------------------------------------ supplies
    pos("it", "Azure è il fornitore esclusivo di cloud per OpenAI.", &[("azure", "supplies", "openai", A)]),
    pos("it", "Azure è il fornitore cloud esclusivo di OpenAI.", &[("azure", "supplies", "openai", A)]),
    pos("it", "AMD fornisce i suoi acceleratori MI300X a Microsoft per Azure.", &[("amd", "supplies", "microsoft", A)]),
    // ------------------------------------------------------------ works_for
    pos("it", "Il CEO di Microsoft Satya Nadella ha parlato lunedì.", &[("satya", "works_for", "microsoft", A)]),
    pos("it", "Satya Nadella, CEO di Microsoft, ha parlato lunedì.", &[("satya", "works_for", "microsoft", A)]),
    pos("it", "Satya Nadella, amministratore delegato di Microsoft, ha parlato lunedì.", &[("satya", "works_for", "microsoft", A)]),
    pos("it", "Kevin Scott, Chief Technical Officer di Microsoft, ha parlato lunedì.", &[("kevin_scott", "works_for", "microsoft", A)]),
    pos("it", "Satya Nadella è il CEO di Microsoft.", &[("satya", "works_for", "microsoft", A)]),
    // ------------------------------------------------------------ licenses_to
    pos(
        "it",
        "OpenAI ha concesso in licenza la tecnologia di GPT-4 a Microsoft per il cloud.",
        &[("openai", "licenses_to", "microsoft", A)],
    ),
    pos("it", "Microsoft ha concesso in licenza la sua tecnologia a OpenAI.", &[("microsoft", "licenses_to", "openai", A)]),
];

#[test]
fn english_relation_cases() {
    run(EN);
}

#[test]
fn italian_relation_cases() {
    run(IT);
}

/// A sentence, a relation found in it and attributes it must carry.
type AttributeCase = (&'static str, (&'static str, &'static str, &'static str), &'static [(&'static str, &'static str)]);

fn check_attributes(cases: &[AttributeCase]) {
    let ex = extractor();
    let mut failures = Vec::new();
    for (text, (h, l, t), attrs) in cases {
        let doc = ex.extract(text);
        let Some(r) = doc.relations.iter().find(|r| r.head == *h && r.relation == *l && r.tail == *t) else {
            failures.push(format!("{text:?}: no {h} {l} {t}; found:{}", describe(&doc)));
            continue;
        };
        for (k, v) in *attrs {
            if r.attributes.get(*k).map(String::as_str) != Some(*v) {
                failures.push(format!("{text:?}: {h} {l} {t} has {k}={:?}, expected {v:?}", r.attributes.get(*k)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Attributes the engine records: amounts (invests_in, acquires), the year, the role (works_for).
#[test]
fn relation_attributes() {
    check_attributes(&[
        // The role is found with punctuation after it.
        (
            "Microsoft's chief executive, Satya Nadella, said the deal was good.",
            ("satya", "works_for", "microsoft"),
            &[("role", "chief executive")],
        ),
        (
            "Kevin Scott, Chief Technical Officer, Microsoft, spoke on Monday.",
            ("kevin_scott", "works_for", "microsoft"),
            &[("role", "chief technical officer")],
        ),
        (
            "Microsoft invested $10 billion in OpenAI.",
            ("microsoft", "invests_in", "openai"),
            &[("amount", "10000000000"), ("currency", "USD")],
        ),
        (
            "Microsoft plans to invest $1 billion in Mistral AI.",
            ("microsoft", "invests_in", "mistral"),
            &[("amount", "1000000000"), ("currency", "USD")],
        ),
        (
            "Microsoft acquired Nuance for $19.7 billion.",
            ("microsoft", "acquires", "nuance"),
            &[("amount", "19700000000"), ("currency", "USD")],
        ),
        (
            "Microsoft's $69 billion acquisition of Activision Blizzard closed.",
            ("microsoft", "acquires", "activision"),
            &[("amount", "69000000000"), ("currency", "USD")],
        ),
        (
            "Microsoft bought GitHub in 2018 for $7.5 billion.",
            ("microsoft", "acquires", "github"),
            &[("amount", "7500000000"), ("currency", "USD"), ("year", "2018")],
        ),
        (
            "Microsoft ha investito 10 miliardi di dollari in OpenAI.",
            ("microsoft", "invests_in", "openai"),
            &[("amount", "10000000000"), ("currency", "USD")],
        ),
        (
            "Microsoft ha acquisito Nuance per 19,7 miliardi di dollari.",
            ("microsoft", "acquires", "nuance"),
            &[("amount", "19700000000"), ("currency", "USD")],
        ),
        ("Satya Nadella, CEO of Microsoft, spoke on Monday.", ("satya", "works_for", "microsoft"), &[("role", "ceo")]),
        (
            "Jane Doe, a marketing vice president at Microsoft, said the product is ready.",
            ("jane_doe", "works_for", "microsoft"),
            &[("role", "marketing vice president")],
        ),
        (
            "Satya Nadella, amministratore delegato di Microsoft, ha parlato lunedì.",
            ("satya", "works_for", "microsoft"),
            &[("role", "amministratore delegato")],
        ),
    ]);
}

/// With `include_negated`, denied relations stay among the relations, marked negated.
#[test]
fn include_negated_keeps_denials_among_relations() {
    let ex = ExtractorBuilder::new()
        .default_dictionaries(false)
        .dictionary_str("relation_cases.dict", DICT)
        .include_negated(true)
        .build()
        .expect("test dictionary is valid");
    let doc = ex.extract("Microsoft denied it would buy Mistral AI.");
    assert!(doc.negated_relations.is_empty());
    let r = doc.relations.iter().find(|r| r.relation == "acquires").expect("the denied acquisition");
    assert_eq!((r.head.as_str(), r.tail.as_str(), r.modality), ("microsoft", "mistral", Modality::Negated));
}

/// Every pair of rows per label: the tables cover each label in both languages, with at least one
/// negative row per language.
#[test]
fn tables_cover_every_label() {
    let labels = ["partners_with", "invests_in", "acquires", "develops", "uses", "integrates", "supplies", "works_for", "licenses_to"];
    for (lang, table) in [("en", EN), ("it", IT)] {
        for label in labels {
            assert!(table.iter().any(|c| c.want.iter().any(|w| w.1 == label)), "{lang}: no row for {label}");
        }
        assert!(table.iter().any(|c| c.want.is_empty()), "{lang}: no negative row");
        assert!(table.iter().all(|c| c.lang == lang));
    }
}
