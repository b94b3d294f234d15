//! Pattern recognisers for names no dictionary holds: vendor + model-number hardware
//! ("NVIDIA H100", "Intel Xeon 8480+"), companies with a legal form ("Acme Corp.", "Bar S.p.A."),
//! and people in role constructions ("chief executive Jane Smith", "Satya Nadella, CEO of ...").
//! The word lists come from the language packs (lexicons `ROLE`, `ROLE_LINK`, `COPULA`,
//! `DETERMINER`, `LEGAL_FORM`, `STOPWORDS`, `NAME_STOP`), so a language is data, not code.

use crate::model::EntityType;
use std::collections::HashSet;

/// What a recogniser found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PatternMatch {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    /// Display name (legal form stripped for companies).
    pub name: String,
    /// For hardware: the vendor span and the model token span.
    pub vendor: Option<(usize, usize)>,
    pub model: Option<(usize, usize)>,
    /// Recogniser id, e.g. `pattern.hardware.vendor_model`.
    pub recogniser: &'static str,
    pub confidence: f32,
    /// The name is preceded by an organisation that the extractor must find and cut off
    /// ("CEO di Microsoft Satya Nadella").
    pub org_prefix: bool,
}

/// Compiled recognisers of one language.
#[derive(Debug, Clone)]
pub(crate) struct Recognisers {
    hardware: Option<regex::Regex>,
    company: Option<regex::Regex>,
    person: Vec<regex::Regex>,
    /// "DeepSeed (an open source deep learning library)": a name defined by a kind noun.
    defined: Vec<(regex::Regex, EntityType)>,
    name_stop: HashSet<String>,
    /// Stop-listed forms (folded): generic words that are never a name on their own.
    generic: HashSet<String>,
    legal_forms: Vec<String>,
}

fn alternation(words: &[String], case_insensitive: bool) -> String {
    let mut w: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.dedup();
    let body = w.iter().map(|s| s.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"[\s\-]+")).collect::<Vec<_>>().join("|");
    if case_insensitive { format!("(?i:{body})") } else { format!("(?:{body})") }
}

/// Compiles a recogniser. These regexes hold large alternations and Unicode classes: a lazy DFA
/// cache well above the default keeps it from being cleared and rebuilt on every document.
fn build(src: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(src).dfa_size_limit(64 * 1024 * 1024).build()
}

const NAME_TOKEN: &str = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)?";

impl Recognisers {
    /// Builds the recognisers from lexicons (phrases as written) and the hardware vendor names.
    pub fn new(lex: &dyn Fn(&str) -> Vec<String>, vendors: &[String], generic: HashSet<String>) -> Self {
        let hardware = (!vendors.is_empty()).then(|| {
            let v = alternation(vendors, false);
            let src = format!(
                r"(?:^|[^\p{{L}}\p{{N}}_])(?P<vendor>{v})(?P<family>(?:[ \t]+(?:\p{{Lu}}[\p{{L}}]+)){{0,2}})[ \t]+(?P<model>[A-Za-z]{{0,4}}-?\d{{1,5}}[A-Za-z0-9]*\+?)(?:$|[^\p{{L}}\p{{N}}\-])"
            );
            build(&src).expect("hardware recogniser compiles")
        });
        let legal = lex("LEGAL_FORM");
        let company = (!legal.is_empty()).then(|| {
            let forms: Vec<String> = legal.iter().map(|f| f.trim_end_matches('.').to_string()).collect();
            let f = alternation(&forms, false);
            let src = format!(
                r"(?:^|[^\p{{L}}\p{{N}}_])(?P<name>\p{{Lu}}[\p{{L}}\p{{N}}&'’]*(?:[ \t]+(?:\p{{Lu}}[\p{{L}}\p{{N}}&'’-]*|&|(?:and|de|di|del|della|du|von|van)[ \t]+\p{{Lu}}[\p{{L}}\p{{N}}&'’-]*)){{0,5}}?),?[ \t]+(?P<form>(?:{f})\.?(?:,?[ \t]+(?:{f})\.?)?)(?:$|[^\p{{L}}\p{{N}}])"
            );
            build(&src).expect("company recogniser compiles")
        });
        let roles = lex("ROLE");
        let mut person = Vec::new();
        if !roles.is_empty() {
            let role = alternation(&roles, true);
            let link = alternation(&lex("ROLE_LINK"), true);
            let copula = alternation(&lex("COPULA"), true);
            let det = alternation(&lex("DETERMINER"), true);
            let name = format!(r"(?P<name>{NAME_TOKEN}(?:[ \t]+(?:\p{{Lu}}\.[ \t]+)?{NAME_TOKEN}){{1,2}})");
            // "chief executive Jane Smith"
            person.push(format!(r"(?:^|[^\p{{L}}\p{{N}}_]){role}[ \t]+{name}(?:$|[^\p{{L}}\p{{N}}_])"));
            // "il CEO di Microsoft Satya Nadella": kept only when a known company starts the name.
            person.push(format!(r"(?:^|[^\p{{L}}\p{{N}}_]){role}[ \t]+{link}[ \t]+{name}(?:$|[^\p{{L}}\p{{N}}_])"));
            // "Satya Nadella, CEO of Microsoft", "Kevin Scott, Chief Technical Officer, Microsoft"
            person.push(format!(
                r"(?:^|[^\p{{L}}\p{{N}}_]){name},[ \t]+(?:{det}[ \t]+)?(?:[\p{{L}}-]+[ \t]+){{0,3}}?{role}(?:$|[^\p{{L}}\p{{N}}_])"
            ));
            // "Jez Corden is a Managing Editor at Windows Central"
            person.push(format!(r"(?:^|[^\p{{L}}\p{{N}}_]){name}[ \t]+{copula}[ \t]+(?:{det}[ \t]+)?(?:[\p{{L}}-]+[ \t]+){{0,3}}?{role}[ \t]+{link}(?:$|[^\p{{L}}\p{{N}}_])"));
        }
        let person = person.into_iter().filter_map(|s| build(&s).ok()).collect();
        let mut defined = Vec::new();
        let det = alternation(&lex("DETERMINER"), true);
        for (lexicon, ty) in [("PRODUCT_NOUN", EntityType::Product), ("COMPANY_NOUN", EntityType::Company)] {
            let nouns = lex(lexicon);
            if nouns.is_empty() {
                continue;
            }
            let noun = alternation(&nouns, true);
            let src = format!(
                r"(?:^|[^\p{{L}}\p{{N}}_])(?P<name>\p{{Lu}}[\p{{L}}\p{{N}}]*(?:[ 	-]\p{{Lu}}[\p{{L}}\p{{N}}]*){{0,2}})[ 	]*\([ 	]*(?:{det}[ 	]+)?(?:[\p{{L}}\p{{N}}-]+[ 	]+){{0,5}}?{noun}(?:$|[^\p{{L}}\p{{N}}_])"
            );
            if let Ok(re) = build(&src) {
                defined.push((re, ty));
            }
        }
        let mut name_stop: HashSet<String> = lex("STOPWORDS").into_iter().map(|s| s.to_lowercase()).collect();
        name_stop.extend(lex("NAME_STOP").into_iter().map(|s| s.to_lowercase()));
        Recognisers { hardware, company, person, defined, name_stop, generic, legal_forms: legal }
    }

    /// Runs every recogniser over `text`.
    pub fn find(&self, text: &str) -> Vec<PatternMatch> {
        let mut out = Vec::new();
        if let Some(re) = &self.hardware {
            for c in re.captures_iter(text) {
                let (vendor, model) = (c.name("vendor").expect("group"), c.name("model").expect("group"));
                let family = c.name("family").map(|f| f.as_str().trim()).unwrap_or("");
                let m = model.as_str();
                let has_letter = m.chars().any(|ch| ch.is_alphabetic());
                let lower = m.to_lowercase();
                let unit = ["gb", "mb", "tb", "ghz", "mhz", "nm", "mm", "w", "th", "st", "nd", "rd", "gbps", "gb/s", "k"]
                    .iter()
                    .any(|u| lower.ends_with(u) && lower[..lower.len() - u.len()].chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
                let year_like = !has_letter && m.len() == 4 && (m.starts_with("19") || m.starts_with("20"));
                let family_ok = family.split_whitespace().all(|w| !self.name_stop.contains(&w.to_lowercase()));
                if unit || year_like || !family_ok || !has_letter && family.is_empty() || m.len() < 2 {
                    continue;
                }
                let name = text[vendor.start()..model.end()].split_whitespace().collect::<Vec<_>>().join(" ");
                out.push(PatternMatch {
                    start: vendor.start(),
                    end: model.end(),
                    entity_type: EntityType::Hardware,
                    name,
                    vendor: Some((vendor.start(), vendor.end())),
                    model: Some((model.start(), model.end())),
                    recogniser: "pattern.hardware.vendor_model",
                    confidence: 0.8,
                    org_prefix: false,
                });
            }
        }
        if let Some(re) = &self.company {
            for c in re.captures_iter(text) {
                let name = c.name("name").expect("group");
                let form = c.name("form").expect("group");
                // A name cut at a hyphen or slash ("Borg-[Warner Corp]") is a fragment: leave it.
                if text[..name.start()].ends_with(['-', '/', '\u{2010}', '\u{2011}']) {
                    continue;
                }
                // Drop leading words that are not part of a name ("The", "Shares", "Shares of").
                let mut start = name.start();
                for w in name.as_str().split_whitespace() {
                    if self.name_stop.contains(&w.to_lowercase())
                        || matches!(w, "and" | "of" | "de" | "di" | "del" | "della" | "du" | "von" | "van" | "&")
                    {
                        start = text[start..].find(w).map(|k| start + k + w.len()).unwrap_or(start);
                        start += text[start..].len() - text[start..].trim_start().len();
                    } else {
                        break;
                    }
                }
                if start >= name.end() {
                    continue;
                }
                // With two legal forms ("Foo Holdings Inc"), the first belongs to the name.
                let form_text = form.as_str();
                let last_form = form_text.rfind(|c: char| c.is_whitespace()).map(|k| k + 1).unwrap_or(0);
                let name_end =
                    if last_form > 0 { form.start() + form_text[..last_form].trim_end_matches([' ', '\t', ',']).len() } else { name.end() };
                let display = text[start..name_end].split_whitespace().collect::<Vec<_>>().join(" ");
                // A name made only of generic words ("International Ltd", "Industries Inc",
                // "Hospital Corp" cut from a longer name) is not a company name.
                let generic = display.split_whitespace().all(|w| {
                    let f = crate::normalize::NormalizedText::fold_form(w);
                    self.generic.contains(&f) || self.name_stop.contains(&f)
                });
                if generic || self.legal_forms.iter().any(|f| f.eq_ignore_ascii_case(&display)) {
                    continue;
                }
                out.push(PatternMatch {
                    start,
                    end: form.end(),
                    entity_type: EntityType::Company,
                    name: display,
                    vendor: None,
                    model: None,
                    recogniser: "pattern.company.legal_form",
                    confidence: 0.75,
                    org_prefix: false,
                });
            }
        }
        for (re, ty) in &self.defined {
            for c in re.captures_iter(text) {
                let name = c.name("name").expect("group");
                let words: Vec<&str> = name.as_str().split_whitespace().collect();
                let folded = crate::normalize::NormalizedText::fold_form(name.as_str());
                if words.iter().any(|w| self.name_stop.contains(&w.to_lowercase())) || self.generic.contains(&folded) {
                    continue;
                }
                out.push(PatternMatch {
                    start: name.start(),
                    end: name.end(),
                    entity_type: *ty,
                    name: words.join(" "),
                    vendor: None,
                    model: None,
                    recogniser: "pattern.defined_by_kind",
                    confidence: 0.6,
                    org_prefix: false,
                });
            }
        }
        for (k, re) in self.person.iter().enumerate() {
            for c in re.captures_iter(text) {
                let name = c.name("name").expect("group");
                let words: Vec<&str> = name.as_str().split_whitespace().collect();
                if words.iter().any(|w| self.name_stop.contains(&w.to_lowercase())) {
                    continue;
                }
                out.push(PatternMatch {
                    start: name.start(),
                    end: name.end(),
                    entity_type: EntityType::Person,
                    name: words.join(" "),
                    vendor: None,
                    model: None,
                    recogniser: "pattern.person.role",
                    confidence: 0.7,
                    org_prefix: k == 1,
                });
            }
        }
        out
    }
}
