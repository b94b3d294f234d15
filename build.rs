//! Embeds every file under `dictionaries/` (dictionaries, stop list, rule packs) into the library,
//! so that `Extractor::default()` works with no files on disk.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("dict" | "rules" | "txt")) {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = root.join("dictionaries");
    println!("cargo:rerun-if-changed=dictionaries");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    let mut src = String::from(
        "/// Embedded default data: (path relative to `dictionaries/`, contents).\npub(crate) static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&dir).expect("under dictionaries").to_string_lossy().replace('\\', "/");
        src.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.display().to_string()));
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(out, src).expect("write embedded.rs");
}
