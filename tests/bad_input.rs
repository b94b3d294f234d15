//! The bad-input matrix of `docs/reliability.md`, one test a row: what the command-line tool does
//! with inputs that are broken, odd or hostile (observed behaviour and exit code), plus the
//! regression inputs found by fuzzing.
//!
//! Exit codes: 0 success, 1 some inputs failed (the others are written), 2 usage or bad
//! dictionary/rule files, 130 interrupted.

use serde_json::Value;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The two heavy tests (100 MB, linear time) run one at a time: the timing test must not share
/// the machine with the 100 MB run.
static HEAVY: Mutex<()> = Mutex::new(());

const BIN: &str = env!("CARGO_BIN_EXE_relgraph");

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("relgraph-bad-input-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&p, bytes).expect("write temp file");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs the tool in `dir` (so that messages name files as given) with `stdin` as standard input.
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run relgraph");
    let mut input = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut input, stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for relgraph")
}

fn run(dir: &TempDir, args: &[&str]) -> Output {
    run_in(&dir.0, args, "")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every stdout line parsed as JSON (a line that is not JSON fails the test).
fn records(o: &Output) -> Vec<Value> {
    let out = std::str::from_utf8(&o.stdout).expect("stdout is UTF-8");
    out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l:.200}"))).collect()
}

fn entity_ids(record: &Value) -> Vec<String> {
    record["entities"].as_array().expect("entities").iter().map(|e| e["id"].as_str().expect("id").to_string()).collect()
}

fn has_relation(record: &Value, head: &str, label: &str, tail: &str) -> bool {
    record["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .any(|r| r["relation"] == label && (r["head"] == head && r["tail"] == tail || r["head"] == tail && r["tail"] == head))
}

fn no_panic(o: &Output) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic on stderr: {err}");
}

#[test]
fn not_utf8_is_decoded_lossily_with_a_warning_naming_the_file() {
    let d = TempDir::new("utf8");
    d.write("bad.txt", b"Microsoft \xff\xfe partnered with OpenAI.");
    let o = run(&d, &["extract", "bad.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: bad.txt: not valid UTF-8 (first bad byte at offset 10)"), "{err}");
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["document"], "bad.txt");
    let ids = entity_ids(&recs[0]);
    assert!(ids.contains(&"microsoft".to_string()) && ids.contains(&"openai".to_string()), "{ids:?}");
    // Offsets refer to the decoded text, where each bad byte is U+FFFD (3 bytes).
    let openai = &recs[0]["entities"].as_array().unwrap().iter().find(|e| e["id"] == "openai").unwrap()["mentions"][0];
    assert_eq!(openai["start"], "Microsoft \u{FFFD}\u{FFFD} partnered with ".len());
}

#[test]
fn a_jsonl_line_that_is_not_utf8_is_decoded_lossily_and_the_lines_around_it_are_kept() {
    let d = TempDir::new("utf8-jsonl");
    d.write(
        "docs.jsonl",
        b"{\"id\":\"a\",\"text\":\"Microsoft partnered with OpenAI.\"}\n{\"id\":\"b\",\"text\":\"Microsoft \xff partnered with OpenAI.\"}\n{\"id\":\"c\",\"text\":\"Nvidia supplies Dell.\"}\n",
    );
    let o = run(&d, &["extract", "--input-format", "jsonl", "docs.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.iter().map(|r| r["document"].as_str().unwrap()).collect::<Vec<_>>(), ["a", "b", "c"]);
    let openai = &recs[1]["entities"].as_array().unwrap().iter().find(|e| e["id"] == "openai").expect("OpenAI in b")["mentions"][0];
    assert_eq!(openai["start"], "Microsoft \u{FFFD} partnered with ".len());
}

#[test]
fn files_named_jsonl_or_ndjson_are_read_as_json_lines_unless_a_format_is_given() {
    let d = TempDir::new("auto-format");
    let lines = "{\"id\":\"a\",\"text\":\"Microsoft partnered with OpenAI.\"}\n{\"id\":\"b\",\"text\":\"Nvidia supplies Dell.\"}\n";
    d.write("in/1.jsonl", lines);
    d.write("in/2.NDJSON", "{\"id\":\"c\",\"text\":\"Intel acquired Altera.\"}\n");
    d.write("in/3.txt", "Google invests in Anthropic.");
    let o = run(&d, &["extract", "-q", "in"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = records(&o).iter().map(|r| r["document"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["a", "b", "c", format!("in{}3.txt", std::path::MAIN_SEPARATOR).as_str()]);
    // Asked for text, a JSON Lines file is one document; asked for JSON Lines, a text file is bad.
    let o = run(&d, &["extract", "-q", "--input-format", "text", "in/1.jsonl"]);
    assert_eq!(records(&o).len(), 1);
    let o = run(&d, &["extract", "-q", "--input-format", "jsonl", "in/3.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("in/3.txt:1:1: invalid JSON"), "{}", stderr(&o));
}

#[test]
fn nul_bytes_are_text_like_any_other() {
    let d = TempDir::new("nul");
    d.write("nul.txt", b"Microsoft\0partnered with\0OpenAI.\0\0");
    let o = run(&d, &["extract", "nul.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    no_panic(&o);
    let recs = records(&o);
    let ids = entity_ids(&recs[0]);
    assert!(ids.contains(&"microsoft".to_string()) && ids.contains(&"openai".to_string()), "{ids:?}");
}

/// Waits for a child with a deadline; kills it and fails past it.
fn wait_with_deadline(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("relgraph did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_100_mb_single_line_completes() {
    let _heavy = HEAVY.lock().unwrap_or_else(|e| e.into_inner());
    let d = TempDir::new("100mb");
    // 100 MiB, no newline and no sentence end: filler words with a relation every ~1 MB.
    let filler = "the quick brown fox jumps over the lazy dog and runs into the old barn in the rain ".repeat(12_000);
    let news = "Microsoft partnered with OpenAI and NVIDIA supplies the H100 to Microsoft Azure ";
    let mut text = String::with_capacity(101 << 20);
    while text.len() < 100 << 20 {
        text.push_str(&filler);
        text.push_str(news);
    }
    let path = d.write("big.txt", &text);
    drop(text);
    let out_path = d.0.join("big.jsonl");
    let err_path = d.0.join("big.err");
    let mut child = Command::new(BIN)
        .args(["extract", "--no-sentences", "-o"])
        .arg(&out_path)
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("run relgraph");
    let status = wait_with_deadline(&mut child, Duration::from_secs(600));
    let err = fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let out = fs::read_to_string(&out_path).expect("output");
    assert_eq!(out.lines().count(), 1);
    let rec: Value = serde_json::from_str(out.trim_end()).expect("one JSON record");
    assert_eq!(rec["language"], "en");
    let ids = entity_ids(&rec);
    for id in ["microsoft", "openai", "nvidia", "azure"] {
        assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
    }
    assert!(has_relation(&rec, "microsoft", "partners_with", "openai"));
    let mentions = rec["entities"].as_array().unwrap().iter().find(|e| e["id"] == "openai").unwrap()["mentions"].as_array().unwrap().len();
    assert!(mentions >= 100, "every occurrence is found, got {mentions}");
}

#[test]
fn an_empty_file_gives_an_empty_record_and_a_warning() {
    let d = TempDir::new("empty");
    d.write("empty.txt", "");
    let o = run(&d, &["extract", "empty.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: empty.txt: empty file"), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["document"], "empty.txt");
    assert!(entity_ids(&recs[0]).is_empty());
}

#[test]
fn a_directory_is_read_recursively_in_sorted_order_without_hidden_files() {
    let d = TempDir::new("dir");
    d.write("docs/b.txt", "Intel makes the Xeon.");
    d.write("docs/a/z.txt", "NVIDIA makes the H100.");
    d.write("docs/.hidden.txt", "Microsoft.");
    let o = run(&d, &["extract", "docs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = records(&o).iter().map(|r| r["document"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["docs/a/z.txt", "docs/b.txt"]);
}

#[test]
fn an_empty_directory_is_an_error_for_that_input_only() {
    let d = TempDir::new("emptydir");
    fs::create_dir_all(d.0.join("nothing")).unwrap();
    d.write("ok.txt", "Microsoft.");
    let o = run(&d, &["extract", "nothing", "ok.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: nothing: directory holds no files"), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["document"], "ok.txt");
}

#[test]
fn a_missing_file_is_an_error_for_that_input_only() {
    let d = TempDir::new("missing");
    d.write("ok.txt", "Microsoft.");
    let o = run(&d, &["extract", "missing.txt", "ok.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: missing.txt: No such file or directory"), "{}", stderr(&o));
    assert_eq!(records(&o).len(), 1);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_for_that_input_only() {
    use std::os::unix::fs::PermissionsExt;
    let d = TempDir::new("unreadable");
    let p = d.write("secret.txt", "Microsoft.");
    d.write("ok.txt", "OpenAI.");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&p).is_ok() {
        // Root (and CAP_DAC_OVERRIDE) reads a mode-000 file anyway: nothing to test here.
        eprintln!("note: running with the privilege to read a mode-000 file; unreadable-file assertions skipped");
        return;
    }
    let o = run(&d, &["extract", "secret.txt", "ok.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: secret.txt: Permission denied"), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["document"], "ok.txt");
}

#[test]
fn a_truncated_jsonl_line_names_file_and_line_and_the_others_are_written() {
    let d = TempDir::new("jsonl");
    d.write(
        "in.jsonl",
        "{\"id\":\"a\",\"text\":\"Microsoft bought OpenAI.\"}\n{\"id\":\"b\",\"text\":\"trunc\n{\"id\":\"c\",\"text\":\"NVIDIA.\"}\n",
    );
    let o = run(&d, &["extract", "--input-format", "jsonl", "in.jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: in.jsonl:2:"), "{}", stderr(&o));
    let names: Vec<Value> = records(&o).iter().map(|r| r["document"].clone()).collect();
    assert_eq!(names, ["a", "c"]);
}

#[test]
fn a_dictionary_with_conflicting_ids_names_both_lines() {
    let d = TempDir::new("conflict");
    d.write("conflict.dict", "acme | Acme | Company | Acme Corp\nacme | Acme | Product\n");
    let o = run(&d, &["extract", "-d", "conflict.dict", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("conflict.dict:2:1: id \"acme\" is a Product here but a Company at conflict.dict:1"), "{err}");
}

#[test]
fn colliding_aliases_are_warnings_naming_both_lines() {
    let d = TempDir::new("collide");
    d.write("collide.dict", "acme | Acme | Company | Acme Corp\nbeta | Beta | Company | Acme Corp\n");
    let o = run(&d, &["dictionaries", "--check", "collide.dict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: collide.dict:2:1: form \"Acme Corp\" of \"beta\" is also a form of an entry at collide.dict:1"),
        "{err}"
    );
    // Extraction goes on (both stay candidates) and says there are warnings.
    let o = run_in(&d.0, &["extract", "--no-default-dictionaries", "-d", "collide.dict", "-"], "Acme Corp grew.");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 dictionary warning(s)"), "{}", stderr(&o));
    assert_eq!(records(&o).len(), 1);
}

#[test]
fn bad_dictionary_lines_are_reported_as_path_line_column() {
    let d = TempDir::new("baddict");
    let long = format!("long | {} | Company\n", "A".repeat(300));
    d.write("bad.dict", format!("ok | OK | Company\nBad Id | X | Company\nx | X | Widget\n{long}"));
    let o = run(&d, &["extract", "-d", "bad.dict", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("3 error(s) loading dictionaries or rules"), "{err}");
    assert!(err.contains("bad.dict:2:1: invalid id \"Bad Id\""), "{err}");
    assert!(err.contains("bad.dict:3:9: unknown type \"Widget\""), "{err}");
    // The form length limit (relgraph::dictionary::MAX_FORM_LEN).
    assert!(err.contains("bad.dict:4:8: form of 300 characters exceeds the limit of 200"), "{err}");
}

#[test]
fn bad_rule_lines_are_reported_as_path_line_column_with_the_rule() {
    let d = TempDir::new("badrules");
    d.write(
        "bad.rules",
        "@language en\nrule en.x acquires: {head:Company} @NOPE {tail:Company}\n@lexicon MANY = é{slot}\nrule en.y buys: {head} x {tail}\n",
    );
    let o = run(&d, &["extract", "-r", "bad.rules", "-"]);
    assert_eq!(o.status.code(), Some(2));
    no_panic(&o);
    let err = stderr(&o);
    assert!(err.contains("bad.rules:2:36: rule en.x: unknown lexicon @NOPE"), "{err}");
    // Found by fuzzing: the offset of an error in a lexicon list was computed from the trimmed
    // name and fell inside the 'é' (a panic); it is the '{' at column 18.
    assert!(err.contains("bad.rules:3:18: unexpected Slot"), "{err}");
    assert!(err.contains("bad.rules:4:11: unknown relation \"buys\""), "{err}");
}

#[test]
fn a_rule_beyond_the_compiled_size_limit_is_a_clear_error_not_an_oom() {
    let d = TempDir::new("bigrule");
    let words = "<word> ".repeat(400);
    d.write("big.rules", format!("@language en\nrule big.words acquires: {{head:Company}} {words}{{tail:Company}}\n"));
    let start = Instant::now();
    let o = run(&d, &["extract", "-r", "big.rules", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("big.rules:2:25: rule big.words: compiled rule exceeds the size limit of 2097152 bytes"), "{}", stderr(&o));
    assert!(start.elapsed() < Duration::from_secs(60), "took {:?}", start.elapsed());
}

#[test]
fn a_gap_beyond_the_limit_is_an_error_naming_the_rule() {
    let d = TempDir::new("gap");
    d.write("gap.rules", "@language en\nrule gap.one acquires: {head:Company} _{0,99} {tail:Company}\n");
    let o = run(&d, &["extract", "-r", "gap.rules", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gap.rules:2:39: rule gap.one: gap of 99 words exceeds the limit of 12"), "{}", stderr(&o));
}

/// A JSON Lines input of `n` documents (the example texts in turn).
fn many_documents(d: &TempDir, n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut texts: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    texts.sort();
    let texts: Vec<String> = texts.iter().map(|p| fs::read_to_string(p).unwrap()).collect();
    let mut jsonl = String::new();
    for i in 0..n {
        jsonl.push_str(&serde_json::json!({"id": i.to_string(), "text": texts[i % texts.len()]}).to_string());
        jsonl.push('\n');
    }
    d.write("many.jsonl", jsonl)
}

#[test]
fn batches_extracted_on_several_threads_come_out_whole_and_in_input_order() {
    let d = TempDir::new("order");
    // Three batches and a part (256 documents a batch), so that batches overlap in the pipeline.
    let input = many_documents(&d, 800);
    let one = run(&d, &["extract", "--input-format", "jsonl", "-q", "-j", "1", input.to_str().unwrap()]);
    let three = run(&d, &["extract", "--input-format", "jsonl", "-q", "-j", "3", input.to_str().unwrap()]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(three.status.code(), Some(0), "{}", stderr(&three));
    let ids: Vec<String> = records(&three).iter().map(|r| r["document"].as_str().unwrap_or_default().to_string()).collect();
    assert_eq!(ids, (0..800).map(|i| i.to_string()).collect::<Vec<_>>());
    assert!(one.stdout == three.stdout, "-j 3 writes what -j 1 writes");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let d = TempDir::new("closed");
    let input = many_documents(&d, 600);
    // As `relgraph extract ... | head -c 10`: read 10 bytes, close the pipe.
    let mut child = Command::new(BIN)
        .args(["extract", "--input-format", "jsonl"])
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run relgraph");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).expect("10 bytes");
    drop(stdout);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = wait_with_deadline(&mut child, Duration::from_secs(300));
    assert_eq!(&first, b"{\"document");
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "stderr should be quiet: {err}");
}

#[cfg(unix)]
#[test]
fn an_interrupt_mid_batch_leaves_only_whole_json_lines() {
    let d = TempDir::new("sigint");
    let input = many_documents(&d, 5000);
    let out_path = d.0.join("out.jsonl");
    let mut child = Command::new(BIN)
        .args(["extract", "--input-format", "jsonl"])
        .arg(&input)
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run relgraph");
    // Wait for the first batch, then interrupt.
    let start = Instant::now();
    while fs::metadata(&out_path).map(|m| m.len()).unwrap_or(0) == 0 {
        assert!(start.elapsed() < Duration::from_secs(300), "no output");
        std::thread::sleep(Duration::from_millis(20));
    }
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(kill.success());
    let status = wait_with_deadline(&mut child, Duration::from_secs(120));
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(130), "interrupted: {status:?} {err}");
    assert!(!err.contains("panicked"), "{err}");
    let out = fs::read_to_string(&out_path).unwrap();
    assert!(out.ends_with('\n'), "the output ends with a whole line");
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty() && lines.len() < 5000, "{} lines", lines.len());
    for (i, l) in lines.iter().enumerate() {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("line {} is not whole JSON: {e}", i + 1));
        assert_eq!(v["document"], i.to_string(), "in input order");
    }
}

/// Seconds to extract `unit` repeated to 256 KiB and to 1 MiB: the best of three rounds, each
/// round timing both back to back so that a busy machine slows both alike.
fn extract_seconds(extractor: &relgraph::Extractor, unit: &str) -> (f64, f64) {
    let time = |bytes: usize| {
        let text = unit.repeat(bytes / unit.len());
        let start = Instant::now();
        let doc = extractor.extract(&text);
        assert!(!doc.entities.is_empty());
        start.elapsed().as_secs_f64()
    };
    (0..3).map(|_| (time(256 << 10), time(1 << 20))).fold((f64::MAX, f64::MAX), |(a, b), (s, l)| (a.min(s), b.min(l)))
}

/// Found while building the 100 MB row: a long document made of one construction repeated took
/// time quadratic in its length (each pattern match, alias, acronym, anaphor or recurring relation
/// scanned every mention or every piece of evidence so far; a sentence with no end was one
/// relation view). Four times the text must take about four times as long, not sixteen.
#[test]
fn long_repetitive_documents_take_linear_time() {
    let _heavy = HEAVY.lock().unwrap_or_else(|e| e.into_inner());
    let extractor = relgraph::Extractor::default();
    let units = [
        "NVIDIA H100 and Intel Xeon 8480. ",
        "Satya Nadella spoke. Nadella said. ",
        "Advanced Micro Devices (AMD) and Meta (formerly Facebook) said. ",
        "Microsoft bought Nuance. The company said it uses Azure. ",
        "Microsoft bought Nuance and the company said it uses Azure and ",
    ];
    for unit in units {
        let (small, big) = extract_seconds(&extractor, unit);
        assert!(big < 10.0 * small + 0.5, "{unit:?}: 256 KiB in {small:.2} s, 1 MiB in {big:.2} s");
    }
}
