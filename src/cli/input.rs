//! Reading inputs: files, directories (recursively, in sorted order), standard input, JSON Lines.
//! A bad input is reported on stderr, naming it, and skipped; the rest goes on.

use std::io::{self, BufRead, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How inputs are read.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputFormat {
    /// One document per file.
    Text,
    /// One `{"id": ..., "text": ...}` object per line.
    Jsonl,
}

/// One document to extract from.
pub(crate) struct Doc {
    pub name: String,
    pub text: String,
}

/// The inputs of one run.
pub(crate) struct Inputs {
    paths: Vec<PathBuf>,
    format: InputFormat,
    quiet: bool,
}

const BATCH: usize = 256;

fn decode(name: &str, bytes: Vec<u8>, quiet: bool) -> String {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(b) => b.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            if !quiet {
                eprintln!(
                    "relgraph: warning: {name}: not valid UTF-8 (first bad byte at offset {}); decoded with U+FFFD replacements, offsets refer to the decoded text",
                    e.utf8_error().valid_up_to()
                );
            }
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

/// A line as text: borrowed when it is valid UTF-8 (the standard library's validation, fast on
/// ASCII; `from_utf8_lossy` checks a byte at a time), else with U+FFFD replacements.
pub(crate) fn line_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}

impl Inputs {
    pub fn new(paths: &[PathBuf], format: InputFormat, quiet: bool) -> Self {
        let paths = if paths.is_empty() { vec![PathBuf::from("-")] } else { paths.to_vec() };
        Inputs { paths, format, quiet }
    }

    /// Calls `f` on batches of documents, in input order (`f` may take the documents out of the
    /// batch). Returns how many inputs failed.
    pub fn for_each_batch(&self, mut f: impl FnMut(&mut Vec<Doc>) -> io::Result<()>) -> io::Result<usize> {
        let mut failed = 0;
        let mut batch: Vec<Doc> = Vec::with_capacity(BATCH);
        let report = |what: &str, failed: &mut usize| {
            eprintln!("relgraph: error: {what}");
            *failed += 1;
        };
        let mut files: Vec<PathBuf> = Vec::new();
        for p in &self.paths {
            if p.as_os_str() == "-" {
                files.push(p.clone());
            } else if p.is_dir() {
                let before = files.len();
                if let Err(e) = walk(p, &mut files) {
                    report(&format!("{}: {e}", p.display()), &mut failed);
                } else if files.len() == before {
                    report(&format!("{}: directory holds no files", p.display()), &mut failed);
                }
            } else {
                files.push(p.clone());
            }
        }
        for path in files {
            let name = path.display().to_string();
            let reader: Box<dyn Read> = if path.as_os_str() == "-" {
                Box::new(io::stdin().lock())
            } else {
                match std::fs::File::open(&path) {
                    Ok(file) => Box::new(file),
                    Err(e) => {
                        report(&format!("{name}: {e}"), &mut failed);
                        continue;
                    }
                }
            };
            match self.format {
                InputFormat::Text => {
                    let mut bytes = Vec::new();
                    let mut reader = reader;
                    if let Err(e) = reader.read_to_end(&mut bytes) {
                        report(&format!("{name}: {e}"), &mut failed);
                        continue;
                    }
                    if bytes.is_empty() && !self.quiet {
                        eprintln!("relgraph: warning: {name}: empty file");
                    }
                    let text = decode(&name, bytes, self.quiet);
                    batch.push(Doc { name, text });
                    if batch.len() >= BATCH {
                        f(&mut batch)?;
                        batch.clear();
                    }
                }
                InputFormat::Jsonl => {
                    let mut reader = io::BufReader::new(reader);
                    let mut line_no = 0;
                    let mut buf = Vec::new();
                    loop {
                        buf.clear();
                        match reader.read_until(b'\n', &mut buf) {
                            Ok(0) => break,
                            Ok(_) => {}
                            Err(e) => {
                                report(&format!("{name}:{}: {e}", line_no + 1), &mut failed);
                                break;
                            }
                        }
                        line_no += 1;
                        let line = line_text(&buf);
                        let line = line.trim();
                        if line.is_empty() {
                            continue;
                        }
                        match serde_json::from_str::<serde_json::Value>(line) {
                            Ok(v) => {
                                let text = v.get("text").and_then(|t| t.as_str());
                                let id = v.get("id").map(|i| match i {
                                    serde_json::Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                });
                                match text {
                                    Some(t) => {
                                        batch.push(Doc { name: id.unwrap_or_else(|| format!("{name}:{line_no}")), text: t.to_string() });
                                        if batch.len() >= BATCH {
                                            f(&mut batch)?;
                                            batch.clear();
                                        }
                                    }
                                    None => report(&format!("{name}:{line_no}: no \"text\" string field"), &mut failed),
                                }
                            }
                            Err(e) => report(&format!("{name}:{line_no}:{}: invalid JSON: {e}", e.column()), &mut failed),
                        }
                    }
                }
            }
        }
        if !batch.is_empty() {
            f(&mut batch)?;
        }
        Ok(failed)
    }
}

/// A progress line on stderr for long runs, only when stderr is a terminal.
pub(crate) struct Progress {
    on: bool,
    docs: usize,
    bytes: usize,
    start: Instant,
    last: Instant,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let now = Instant::now();
        Progress { on: !quiet && io::stderr().is_terminal(), docs: 0, bytes: 0, start: now, last: now }
    }

    pub fn add(&mut self, bytes: usize) {
        self.docs += 1;
        self.bytes += bytes;
        if self.on && self.last.elapsed().as_millis() >= 250 {
            self.last = Instant::now();
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            eprint!("\r{} documents, {:.1} MB, {:.1} MB/s   ", self.docs, self.bytes as f64 / 1e6, self.bytes as f64 / 1e6 / secs);
        }
    }

    pub fn finish(&self) {
        if self.on && self.docs > 0 && self.start.elapsed().as_millis() >= 250 {
            eprintln!();
        }
    }
}
