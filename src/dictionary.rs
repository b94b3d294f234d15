//! Loading dictionary files (see `dictionaries/README.md` for the format).
//!
//! Parsing collects every problem as a [`Diagnostic`] with `path:line:column`; callers build an
//! extractor only when there is none.

use crate::error::Diagnostic;
use crate::model::EntityType;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// How the letters of a form must match the case of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CasePolicy {
    /// Words that start with a capital in the form start with a capital in the text ("Nvidia" matches
    /// `NVIDIA`; "apple" does not match `Apple`).
    Cap,
    /// Letters have exactly the case of the form.
    Exact,
    /// Any case.
    Fold,
}

impl CasePolicy {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "cap" => Some(CasePolicy::Cap),
            "exact" => Some(CasePolicy::Exact),
            "fold" => Some(CasePolicy::Fold),
            _ => None,
        }
    }
}

/// One surface form of an entry (its name or an alias).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormDef {
    /// The form as written.
    pub text: String,
    /// Case policy for this form (the entry's unless overridden).
    pub case: CasePolicy,
    /// Whether this form needs a context cue.
    pub needs_cue: bool,
}

/// An entry's attributes (`maker`, `ticker`, `hq`, ...), one value a key, in key order.
///
/// A sorted vector rather than a `BTreeMap`: entries have a handful of attributes, and a map
/// allocates a node of ~540 bytes for even one (half a gigabyte for a million entries).
///
/// ```
/// use relgraph::dictionary::Attributes;
///
/// let mut a: Attributes = [("ticker".to_string(), "NVDA".to_string())].into_iter().collect();
/// a.insert("maker".into(), "tsmc".into());
/// assert_eq!(a.get("ticker"), Some("NVDA"));
/// assert_eq!(a.keys().collect::<Vec<_>>(), ["maker", "ticker"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes(Vec<(String, String)>);

impl Attributes {
    /// No attributes.
    pub fn new() -> Self {
        Attributes(Vec::new())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.position(key).ok().map(|k| self.0[k].1.as_str())
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.position(&key) {
            Ok(k) => Some(std::mem::replace(&mut self.0[k].1, value)),
            Err(k) => {
                self.0.insert(k, (key, value));
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.position(key).ok().map(|k| self.0.remove(k).1)
    }

    /// `(key, value)` pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Number of attributes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

impl Extend<(String, String)> for Attributes {
    /// Later values replace earlier ones, as in a map.
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, String)> for Attributes {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut a = Attributes::new();
        a.extend(pairs);
        a
    }
}

impl IntoIterator for Attributes {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::ops::Index<&str> for Attributes {
    type Output = String;
    /// The value of `key`; panics when there is none (use [`Attributes::get`] otherwise).
    fn index(&self, key: &str) -> &String {
        match self.position(key) {
            Ok(k) => &self.0[k].1,
            Err(_) => panic!("no attribute {key:?}"),
        }
    }
}

impl serde::Serialize for Attributes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for Attributes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Attributes(map.into_iter().collect()))
    }
}

/// One entity of a dictionary, as loaded.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntryDef {
    /// Canonical id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Top-level type.
    pub entity_type: EntityType,
    /// Finer kind (`gpu`, `cloud-service`, ...).
    pub kind: Option<String>,
    /// Name and aliases.
    pub forms: Vec<FormDef>,
    /// Context cue words for forms marked `{cue}`.
    pub cues: Vec<String>,
    /// Priority on ties.
    pub priority: i32,
    /// Whether a plural `s` may follow (None: the default for the type).
    pub plural: Option<bool>,
    /// Attributes (maker, ticker, ...).
    pub attributes: Attributes,
    /// Where it was defined.
    pub origin: Origin,
}

/// Where an entry was defined: file and 1-based line. Displays as `path:line`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The file (shared by all entries of a file).
    pub file: std::sync::Arc<str>,
    /// 1-based line.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The result of parsing one file: its entries and its problems.
#[derive(Debug, Default)]
pub struct ParsedDictionary {
    /// Entries in file order.
    pub entries: Vec<EntryDef>,
    /// Errors (an entry with an error is left out).
    pub errors: Vec<Diagnostic>,
}

/// Splits on an unescaped separator, returning each field with its starting byte offset. Fields
/// borrow from `s` unless an escaped separator had to be removed.
fn split_escaped(s: &str, sep: u8) -> Vec<(usize, Cow<'_, str>)> {
    // Fast path: one scan for the separator and the escape, all fields borrowed.
    let mut out = Vec::with_capacity(5);
    let mut start = 0;
    for at in memchr::memchr2_iter(sep, b'\\', s.as_bytes()) {
        if s.as_bytes()[at] == b'\\' {
            return split_unescaping(s, char::from(sep));
        }
        out.push((start, Cow::Borrowed(&s[start..at])));
        start = at + 1;
    }
    out.push((start, Cow::Borrowed(&s[start..])));
    out
}

/// [`split_escaped`] of a text with escapes.
fn split_unescaping(s: &str, sep: char) -> Vec<(usize, Cow<'_, str>)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            // Only the separator is unescaped here; other escapes stay for the next split.
            if let Some(&(_, n)) = chars.peek() {
                if n == sep {
                    cur.push(n);
                    chars.next();
                    continue;
                }
                if n == '\\' || n == '|' || n == ';' {
                    cur.push(c);
                    cur.push(n);
                    chars.next();
                    continue;
                }
            }
            cur.push(c);
        } else if c == sep {
            out.push((start, Cow::Owned(std::mem::take(&mut cur))));
            start = i + c.len_utf8();
        } else {
            cur.push(c);
        }
    }
    out.push((start, Cow::Owned(cur)));
    out
}

/// `(byte offset, key, value)` of one option.
type OptionPair<'a> = (usize, &'a str, &'a str);
/// `(byte offset, message)` of a problem in a field.
type FieldError = (usize, String);

/// Splits `key=value key="value with spaces"` into pairs with their byte offsets.
fn split_options(s: &str) -> Result<Vec<OptionPair<'_>>, FieldError> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            return Err((start, format!("expected key=value, found {:?}", &s[start..i])));
        }
        let key = &s[start..i];
        if key.is_empty() {
            return Err((start, "empty key before '='".into()));
        }
        i += 1;
        let value;
        if i < bytes.len() && bytes[i] == b'"' {
            let open = i;
            i += 1;
            let vstart = i;
            while i < bytes.len() && bytes[i] != b'"' {
                i += 1;
            }
            if i >= bytes.len() {
                return Err((open, "unterminated quoted value".into()));
            }
            value = &s[vstart..i];
            i += 1;
        } else {
            let vstart = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            value = &s[vstart..i];
        }
        out.push((start, key, value));
    }
    Ok(out)
}

/// Removes the remaining `\|`, `\;` and `\\` escapes of a final field.
fn unescape(s: &str) -> String {
    if memchr::memchr(b'\\', s.as_bytes()).is_none() {
        return s.to_string();
    }
    s.replace("\\|", "|").replace("\\;", ";").replace("\\\\", "\\")
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The longest name or alias, in characters (the longest in the default dictionaries has 60): a
/// longer one is a load error at its `path:line:column`, most likely a broken line.
pub const MAX_FORM_LEN: usize = 200;

/// Parses a form with optional `{modifiers}`.
fn parse_form(raw: &str, default_case: CasePolicy) -> Result<FormDef, (usize, String)> {
    let trimmed = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    let (text, mods) = match trimmed.strip_suffix('}').and_then(|t| t.rfind('{').map(|k| (k, t))) {
        Some((k, t)) => (t[..k].trim_end(), Some((k, &t[k + 1..]))),
        None => (trimmed, None),
    };
    if text.is_empty() {
        return Err((lead, "empty form".into()));
    }
    // (A text of no more bytes than the limit has no more characters.)
    if text.len() > MAX_FORM_LEN {
        let chars = text.chars().count();
        if chars > MAX_FORM_LEN {
            return Err((lead, format!("form of {chars} characters exceeds the limit of {MAX_FORM_LEN}")));
        }
    }
    if memchr::memchr2(b'{', b'}', text.as_bytes()).is_some() {
        return Err((lead, format!("misplaced brace in form {text:?}")));
    }
    let mut form = FormDef { text: unescape(text), case: default_case, needs_cue: false };
    if let Some((k, mods)) = mods {
        for m in mods.split(',').map(str::trim) {
            match m {
                "cue" => form.needs_cue = true,
                other => match CasePolicy::parse(other) {
                    Some(c) => form.case = c,
                    None => return Err((lead + k + 1, format!("unknown form modifier {other:?} (expected cue, cap, exact or fold)"))),
                },
            }
        }
    }
    Ok(form)
}

/// Parses the text of one dictionary file. `path` names it in diagnostics.
pub fn parse(path: &str, source: &str) -> ParsedDictionary {
    let threads = if source.len() >= PARALLEL_PARSE_MIN_BYTES { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { 1 };
    parse_on(path, source, threads)
}

/// [`parse`] on `threads` threads.
fn parse_on(path: &str, source: &str, threads: usize) -> ParsedDictionary {
    let file: std::sync::Arc<str> = path.into();
    if threads <= 1 {
        return parse_lines(&file, path, source, 0);
    }
    // Lines are independent: parse runs of whole lines on scoped threads, then concatenate in order.
    let mut chunks: Vec<(usize, &str)> = Vec::with_capacity(threads);
    let (mut rest, mut lines_before) = (source, 0);
    for k in (1..=threads).rev() {
        // (Searched as bytes: the middle may fall inside a character; a cut after '\n' never does.)
        let mid = rest.len() / k;
        let cut =
            if k == 1 { rest.len() } else { rest.as_bytes()[mid..].iter().position(|&b| b == b'\n').map_or(rest.len(), |i| mid + i + 1) };
        let (chunk, tail) = rest.split_at(cut);
        chunks.push((lines_before, chunk));
        lines_before += chunk.bytes().filter(|&b| b == b'\n').count();
        rest = tail;
    }
    let parts: Vec<ParsedDictionary> = crate::parallel::run_scoped(
        chunks
            .iter()
            .map(|&(before, chunk)| {
                let file = &file;
                move || parse_lines(file, path, chunk, before)
            })
            .collect(),
    );
    let mut parsed = ParsedDictionary { entries: Vec::with_capacity(parts.iter().map(|p| p.entries.len()).sum()), errors: Vec::new() };
    for part in parts {
        parsed.entries.extend(part.entries);
        parsed.errors.extend(part.errors);
    }
    parsed
}

/// From this size on, a dictionary file is parsed on all cores (a generated million-entry file
/// is ~80 MB; the largest default file is under 1 MB).
const PARALLEL_PARSE_MIN_BYTES: usize = 8 << 20;

/// Parses `source`, whose first line is line `lines_before + 1` of the file.
fn parse_lines(file: &std::sync::Arc<str>, path: &str, source: &str, lines_before: usize) -> ParsedDictionary {
    // At most an entry a line.
    let mut parsed =
        ParsedDictionary { entries: Vec::with_capacity(memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1), errors: Vec::new() };
    for (n, line) in source.lines().enumerate() {
        let line_no = lines_before + n + 1;
        let content = line.trim_end_matches('\r');
        let body = content.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let col = |byte: usize| {
            // Never slice inside a character (debug builds and the fuzz targets flag such an offset).
            debug_assert!(byte >= content.len() || content.is_char_boundary(byte), "diagnostic offset {byte} inside a character");
            let mut end = byte.min(content.len());
            while !content.is_char_boundary(end) {
                end -= 1;
            }
            content[..end].chars().count() + 1
        };
        let err = |parsed: &mut ParsedDictionary, byte: usize, msg: String| {
            parsed.errors.push(Diagnostic::new(path, line_no, col(byte), msg));
        };
        let fields = split_escaped(content, b'|');
        if fields.len() < 3 {
            err(&mut parsed, 0, format!("expected at least 3 '|'-separated columns (id | name | type), found {}", fields.len()));
            continue;
        }
        if fields.len() > 5 {
            err(&mut parsed, fields[5].0 - 1, format!("expected at most 5 columns, found {}", fields.len()));
            continue;
        }
        let field_start = |k: usize| fields[k].0 + (fields[k].1.len() - fields[k].1.trim_start().len());
        let id = fields[0].1.trim();
        if !valid_id(id) {
            err(&mut parsed, field_start(0), format!("invalid id {id:?}: use lower-case letters, digits and '_'"));
            continue;
        }
        let name = fields[1].1.trim();
        let type_field = fields[2].1.trim();
        let (type_name, kind) = match type_field.split_once('/') {
            Some((t, k)) => (t.trim(), Some(k.trim().to_string()).filter(|k| !k.is_empty())),
            None => (type_field, None),
        };
        let Some(entity_type) = EntityType::parse(type_name) else {
            err(&mut parsed, field_start(2), format!("unknown type {type_name:?} (expected Company, Product, Hardware or Person)"));
            continue;
        };
        let aliases = fields.get(3).map(|(start, aliases)| (*start, split_escaped(aliases, b';')));
        let mut entry = EntryDef {
            id: id.to_string(),
            name: String::new(),
            entity_type,
            kind,
            // Sized for the name and every alias (a grown Vec would hold four forms).
            forms: Vec::with_capacity(1 + aliases.as_ref().map_or(0, |(_, a)| a.iter().filter(|(_, a)| !a.trim().is_empty()).count())),
            cues: Vec::new(),
            priority: 0,
            plural: None,
            attributes: Attributes::new(),
            origin: Origin { file: file.clone(), line: line_no },
        };
        let mut case = CasePolicy::Cap;
        let mut ok = true;
        // Options first: they set the default case policy of the forms.
        if let Some((start, opts)) = fields.get(4) {
            match split_options(opts) {
                Err((off, msg)) => {
                    err(&mut parsed, start + off, msg);
                    ok = false;
                }
                Ok(pairs) => {
                    entry.attributes.0.reserve_exact(pairs.len());
                    for (off, key, value) in pairs {
                        let at = start + off;
                        match key {
                            "case" => match CasePolicy::parse(value) {
                                Some(c) => case = c,
                                None => {
                                    err(&mut parsed, at, format!("unknown case policy {value:?} (expected cap, exact or fold)"));
                                    ok = false;
                                }
                            },
                            "cues" => entry.cues = value.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
                            "priority" => match value.parse() {
                                Ok(p) => entry.priority = p,
                                Err(_) => {
                                    err(&mut parsed, at, format!("priority must be an integer, found {value:?}"));
                                    ok = false;
                                }
                            },
                            "plural" => match value {
                                "yes" | "true" => entry.plural = Some(true),
                                "no" | "false" => entry.plural = Some(false),
                                _ => {
                                    err(&mut parsed, at, format!("plural must be yes or no, found {value:?}"));
                                    ok = false;
                                }
                            },
                            _ => {
                                if entry.attributes.insert(key.to_string(), value.to_string()).is_some() {
                                    err(&mut parsed, at, format!("attribute {key:?} given twice"));
                                    ok = false;
                                }
                            }
                        }
                    }
                }
            }
        }
        match parse_form(&fields[1].1, case) {
            Ok(f) => {
                entry.name = f.text.clone();
                entry.forms.push(f);
            }
            Err((off, msg)) => {
                err(&mut parsed, fields[1].0 + off, if name.is_empty() { "empty name".into() } else { msg });
                ok = false;
            }
        }
        if let Some((start, aliases)) = aliases {
            for (off, raw) in aliases {
                if raw.trim().is_empty() {
                    continue;
                }
                match parse_form(&raw, case) {
                    Ok(f) => {
                        if !entry.forms.iter().any(|g| g.text == f.text) {
                            entry.forms.push(f);
                        }
                    }
                    Err((o, msg)) => {
                        err(&mut parsed, start + off + o, msg);
                        ok = false;
                    }
                }
            }
        }
        if entry.forms.iter().any(|f| f.needs_cue) && entry.cues.is_empty() {
            err(&mut parsed, field_start(3.min(fields.len() - 1)), "a form is marked {cue} but the entry has no cues=".to_string());
            ok = false;
        }
        if ok {
            parsed.entries.push(entry);
        }
    }
    parsed
}

/// Parses a stop list: one form a line, `#` comments.
pub fn parse_stoplist(source: &str) -> Vec<String> {
    source.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_line() {
        let p = parse(
            "t.dict",
            "# c\nazure_cobalt | Azure Cobalt | Hardware/cpu | Cobalt 100; Cobalt{cue} | maker=microsoft cues=Azure,CPU hq=\"Redmond, WA\" priority=2\n",
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let e = &p.entries[0];
        assert_eq!(e.id, "azure_cobalt");
        assert_eq!(e.entity_type, EntityType::Hardware);
        assert_eq!(e.kind.as_deref(), Some("cpu"));
        assert_eq!(e.forms.len(), 3);
        assert!(e.forms[2].needs_cue && !e.forms[1].needs_cue);
        assert_eq!(e.cues, vec!["Azure", "CPU"]);
        assert_eq!(e.attributes["hq"], "Redmond, WA");
        assert_eq!(e.attributes["maker"], "microsoft");
        assert_eq!(e.priority, 2);
    }

    #[test]
    fn reports_every_bad_line_with_position() {
        let p = parse(
            "bad.dict",
            "ok | OK | Company\nBad Id | X | Company\nx | X | Widget\ny | Y | Product | A{loud}\nz | Z | Company | | case=upper\nw | W | Company | | key\n",
        );
        let msgs: Vec<String> = p.errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(p.entries.len(), 1);
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert!(msgs[0].starts_with("bad.dict:2:1: invalid id"));
        assert!(msgs[1].starts_with("bad.dict:3:9: unknown type"));
        assert!(msgs[2].starts_with("bad.dict:4:21: unknown form modifier"));
        assert!(msgs[3].starts_with("bad.dict:5:21: unknown case policy"));
        assert!(msgs[4].starts_with("bad.dict:6:21: expected key=value"));
    }

    #[test]
    fn escapes_and_case_defaults() {
        let p = parse("e.dict", "a | A\\|B | Product | C\\;D; E{exact} | case=fold\n");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let e = &p.entries[0];
        assert_eq!(e.name, "A|B");
        assert_eq!(e.forms[1].text, "C;D");
        assert_eq!(e.forms[1].case, CasePolicy::Fold);
        assert_eq!(e.forms[2].case, CasePolicy::Exact);
    }

    #[test]
    fn attributes_behave_as_a_sorted_map() {
        let mut a = Attributes::new();
        assert_eq!(a.insert("ticker".into(), "NVDA".into()), None);
        assert_eq!(a.insert("hq".into(), "Santa Clara".into()), None);
        assert_eq!(a.insert("ticker".into(), "NVDA.O".into()), Some("NVDA".into()));
        a.extend([("maker".to_string(), "tsmc".to_string()), ("hq".to_string(), "Santa Clara, CA".to_string())]);
        assert_eq!(a.iter().collect::<Vec<_>>(), [("hq", "Santa Clara, CA"), ("maker", "tsmc"), ("ticker", "NVDA.O")]);
        assert_eq!(a.remove("maker"), Some("tsmc".into()));
        assert!(!a.contains_key("maker") && a.get("maker").is_none() && a.len() == 2);
        let json = serde_json::to_string(&a).expect("serialises");
        assert_eq!(json, r#"{"hq":"Santa Clara, CA","ticker":"NVDA.O"}"#);
        assert_eq!(serde_json::from_str::<Attributes>(&json).expect("parses"), a);
    }

    #[test]
    fn parsing_on_threads_gives_the_same_entries_errors_and_lines() {
        let mut source = String::new();
        for i in 0..40 {
            match i % 7 {
                0 => source.push_str("# comment\r\n"),
                3 => source.push_str(&format!("Bad{i} | X | Company\n")),
                5 => source.push('\n'),
                _ => source.push_str(&format!("e{i} | Entrée {i} | Product | Ê{i}; Entrée-{i} | maker=m{i}\r\n")),
            }
        }
        let one = parse_on("t.dict", &source, 1);
        assert_eq!(one.entries.len(), 23);
        assert_eq!(one.errors.len(), 6);
        for threads in [2, 3, 7, 64] {
            let many = parse_on("t.dict", &source, threads);
            assert_eq!(many.entries, one.entries, "{threads} threads");
            let lines = |p: &ParsedDictionary| p.errors.iter().map(|d| d.to_string()).collect::<Vec<_>>();
            assert_eq!(lines(&many), lines(&one), "{threads} threads");
        }
        assert_eq!(one.entries.last().map(|e| e.origin.line), Some(40));
    }

    #[test]
    fn cue_without_cues_is_an_error() {
        let p = parse("c.dict", "a | A | Product | B{cue}\n");
        assert_eq!(p.errors.len(), 1);
        assert!(p.entries.is_empty());
    }

    proptest::proptest! {
        /// The one-scan split finds the fields and offsets of the general, unescaping split.
        #[test]
        fn split_escaped_agrees_with_the_unescaping_split(text in r"[a|;\\ é]{0,24}", pipe in proptest::bool::ANY) {
            let (sep, sep_byte) = if pipe { ('|', b'|') } else { (';', b';') };
            let fast: Vec<(usize, String)> = split_escaped(&text, sep_byte).into_iter().map(|(at, f)| (at, f.into_owned())).collect();
            let general: Vec<(usize, String)> = split_unescaping(&text, sep).into_iter().map(|(at, f)| (at, f.into_owned())).collect();
            proptest::prop_assert_eq!(fast, general);
        }
    }
}
