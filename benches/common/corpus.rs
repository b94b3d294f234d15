//! The benchmark corpus: the seed documents in `examples/data/` by default, or what the environment
//! variable `RELGRAPH_BENCH_CORPUS` names: a directory (every file in it, recursively, sorted), a JSON
//! Lines file of `{"id": ..., "text": ...}` (`.jsonl`), or one text file. `RELGRAPH_BENCH_MAX_BYTES`
//! keeps only the first documents up to that many bytes of text (the first document always).
//!
//! Shared by the benches and by the helper examples (`raw_scan`, `dict_sweep`) through `#[path]`;
//! not every includer uses every item.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The documents of a corpus: (name, text).
pub struct Corpus {
    /// Where it came from (for the report).
    pub source: String,
    /// (name, text), in order.
    pub docs: Vec<(String, String)>,
}

impl Corpus {
    /// Total bytes of text (UTF-8).
    pub fn bytes(&self) -> u64 {
        self.docs.iter().map(|(_, t)| t.len() as u64).sum()
    }

    /// The corpus named by `RELGRAPH_BENCH_CORPUS`, else the seed documents.
    pub fn from_env() -> Result<Corpus, String> {
        let max = std::env::var("RELGRAPH_BENCH_MAX_BYTES").ok().and_then(|v| v.replace('_', "").parse::<u64>().ok());
        let mut corpus = match std::env::var_os("RELGRAPH_BENCH_CORPUS") {
            Some(p) if !p.is_empty() => Corpus::load(Path::new(&p))?,
            _ => Corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data"))?,
        };
        if let Some(max) = max {
            corpus.truncate_bytes(max);
        }
        Ok(corpus)
    }

    /// Loads a directory, a `.jsonl` file or a text file.
    pub fn load(path: &Path) -> Result<Corpus, String> {
        let mut docs = Vec::new();
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).map_err(|e| format!("{}: {e}", path.display()))?;
            for f in files {
                let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
                docs.push((f.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
            }
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
                let id = match &v["id"] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => format!("{}", i + 1),
                    other => other.to_string(),
                };
                let Some(t) = v["text"].as_str() else {
                    return Err(format!("{}:{}: no \"text\" string", path.display(), i + 1));
                };
                docs.push((id, t.to_string()));
            }
        } else {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            docs.push((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
        }
        if docs.is_empty() {
            return Err(format!("{}: no documents", path.display()));
        }
        Ok(Corpus { source: path.display().to_string(), docs })
    }

    /// Keeps the first documents up to `max` bytes of text (at least one).
    pub fn truncate_bytes(&mut self, max: u64) {
        let mut total = 0u64;
        let mut keep = 0;
        for (_, t) in &self.docs {
            if keep > 0 && total + t.len() as u64 > max {
                break;
            }
            total += t.len() as u64;
            keep += 1;
        }
        self.docs.truncate(keep);
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
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
