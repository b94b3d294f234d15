//! Reading inputs: files, directories (recursively, in sorted order), standard input, JSON Lines.
//! A bad input is reported on stderr, naming it, and skipped; the rest goes on.

use std::io::{self, BufRead, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How inputs are read.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputFormat {
    /// By the file name: JSON Lines for `*.jsonl` and `*.ndjson`, text for the others and for
    /// standard input.
    Auto,
    /// One document per file.
    Text,
    /// One `{"id": ..., "text": ...}` object per line.
    Jsonl,
}

/// One document to extract from.
pub(crate) struct Doc {
    pub name: String,
    pub text: String,
    /// The bytes of input it was read from (its file, or its JSON line): the progress bar's unit.
    pub input_bytes: u64,
}

/// The inputs of one run.
pub(crate) struct Inputs {
    paths: Vec<PathBuf>,
    format: InputFormat,
    quiet: bool,
    /// The paths resolved to files, once (see [`files`](Self::files)): sizing the inputs for the
    /// progress bar and reading them walk the same list.
    files: std::sync::OnceLock<(Vec<PathBuf>, Vec<String>)>,
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
        Inputs { paths, format, quiet, files: std::sync::OnceLock::new() }
    }

    /// The files to read, directories walked (`-` for standard input), and the paths that gave
    /// none (with why).
    fn files(&self) -> &(Vec<PathBuf>, Vec<String>) {
        self.files.get_or_init(|| self.walk_paths())
    }

    fn walk_paths(&self) -> (Vec<PathBuf>, Vec<String>) {
        let mut files: Vec<PathBuf> = Vec::new();
        let mut errors = Vec::new();
        for p in &self.paths {
            if p.as_os_str() == "-" {
                files.push(p.clone());
            } else if p.is_dir() {
                let before = files.len();
                if let Err(e) = walk(p, &mut files) {
                    errors.push(format!("{}: {e}", p.display()));
                } else if files.len() == before {
                    errors.push(format!("{}: directory holds no files", p.display()));
                }
            } else {
                files.push(p.clone());
            }
        }
        (files, errors)
    }

    /// Whether `path` is read as JSON Lines: as asked, or, with [`InputFormat::Auto`], when its
    /// name ends in `.jsonl` or `.ndjson`.
    fn reads_json_lines(&self, path: &Path) -> bool {
        match self.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto => path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson")),
        }
    }

    /// The size of the inputs in bytes, when it is known before reading them (not for standard
    /// input). A file that cannot be read counts for nothing: it is reported when read.
    pub fn total_bytes(&self) -> Option<u64> {
        let (files, _) = self.files();
        files.iter().map(|f| (f.as_os_str() != "-").then(|| std::fs::metadata(f).map_or(0, |m| m.len()))).sum()
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
        let (files, errors) = self.files();
        for e in errors {
            report(e, &mut failed);
        }
        for path in files {
            let name = path.display().to_string();
            let reader: Box<dyn Read> = if path.as_os_str() == "-" {
                Box::new(io::stdin().lock())
            } else {
                match std::fs::File::open(path) {
                    Ok(file) => Box::new(file),
                    Err(e) => {
                        report(&format!("{name}: {e}"), &mut failed);
                        continue;
                    }
                }
            };
            if self.reads_json_lines(path) {
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
                                    batch.push(Doc {
                                        name: id.unwrap_or_else(|| format!("{name}:{line_no}")),
                                        text: t.to_string(),
                                        input_bytes: buf.len() as u64,
                                    });
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
            } else {
                let mut bytes = Vec::new();
                let mut reader = reader;
                if let Err(e) = reader.read_to_end(&mut bytes) {
                    report(&format!("{name}: {e}"), &mut failed);
                    continue;
                }
                if bytes.is_empty() && !self.quiet {
                    eprintln!("relgraph: warning: {name}: empty file");
                }
                let input_bytes = bytes.len() as u64;
                let text = decode(&name, bytes, self.quiet);
                batch.push(Doc { name, text, input_bytes });
                if batch.len() >= BATCH {
                    f(&mut batch)?;
                    batch.clear();
                }
            }
        }
        if !batch.is_empty() {
            f(&mut batch)?;
        }
        Ok(failed)
    }
}

/// A progress bar on stderr for long runs, only when stderr is a terminal: documents read, bytes
/// of input, MB/s and, when the inputs' size is known (files, not standard input), the share done
/// and the time left. It appears once a run has taken [`Progress::SHOW_AFTER`].
pub(crate) struct Progress {
    /// The bar, hidden until it is shown; `None` when there is none (quiet, or not a terminal).
    bar: Option<indicatif::ProgressBar>,
    /// Where the bar is drawn once shown.
    target: Option<indicatif::ProgressDrawTarget>,
    docs: u64,
    start: Instant,
}

impl Progress {
    /// A run shorter than this shows no bar.
    const SHOW_AFTER: std::time::Duration = std::time::Duration::from_millis(250);

    /// The bar of a run over inputs of `total` bytes (`None`: unknown), drawn on stderr when it is
    /// a terminal and the run is not `quiet`. (`total` is asked only then: it walks the inputs.)
    pub fn new(quiet: bool, total: impl FnOnce() -> Option<u64>) -> Self {
        if quiet || !io::stderr().is_terminal() {
            return Progress { bar: None, target: None, docs: 0, start: Instant::now() };
        }
        Self::drawn_on(indicatif::ProgressDrawTarget::stderr_with_hz(4), total())
    }

    fn drawn_on(target: indicatif::ProgressDrawTarget, total: Option<u64>) -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(total, indicatif::ProgressDrawTarget::hidden());
        let template = match total {
            Some(_) => {
                "{elapsed_precise} [{wide_bar}] {percent:>3}%  {msg}  {decimal_bytes}/{decimal_total_bytes}  {decimal_bytes_per_sec}  ETA {eta}"
            }
            None => "{spinner} {elapsed_precise}  {msg}  {decimal_bytes}  {decimal_bytes_per_sec}",
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("0 documents");
        Progress { bar: Some(bar), target: Some(target), docs: 0, start: Instant::now() }
    }

    /// Documents done: `extracted` of them extracted (the others failed), read from `input_bytes`
    /// bytes of input. Called once a chunk of results, not once a document.
    pub fn add(&mut self, input_bytes: u64, extracted: u64) {
        let Some(bar) = &self.bar else { return };
        self.docs += extracted;
        bar.inc(input_bytes);
        bar.set_message(format!("{} documents", self.docs));
        if self.start.elapsed() >= Self::SHOW_AFTER {
            if let Some(target) = self.target.take() {
                bar.set_draw_target(target);
            }
        }
    }

    /// Ends the bar (left on the screen with the run's totals, if it was shown).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_counts_documents_and_input_bytes_against_the_total() {
        let mut p = Progress::drawn_on(indicatif::ProgressDrawTarget::hidden(), Some(1000));
        p.add(500, 1);
        p.add(100, 1);
        let bar = p.bar.as_ref().expect("a bar");
        assert_eq!((bar.position(), bar.length()), (600, Some(1000)));
        assert_eq!(bar.message(), "2 documents");
        p.finish();
        assert!(bar.is_finished());
    }

    #[test]
    fn the_size_of_the_inputs_is_known_for_files_only() {
        let dir = std::env::temp_dir().join(format!("relgraph-progress-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("a temporary directory");
        std::fs::write(dir.join("a.txt"), "12345").expect("written");
        std::fs::write(dir.join("sub").join("b.txt"), "123").expect("written");
        let files = Inputs::new(std::slice::from_ref(&dir), InputFormat::Text, true);
        let with_stdin = Inputs::new(&[dir.clone(), PathBuf::from("-")], InputFormat::Text, true);
        let (files_total, stdin_total) = (files.total_bytes(), with_stdin.total_bytes());
        std::fs::remove_dir_all(&dir).expect("removed");
        assert_eq!(files_total, Some(8));
        assert_eq!(stdin_total, None);
    }
}
