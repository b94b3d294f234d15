#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600), niced, without a sanitizer (the
# crate has no unsafe code; debug assertions and overflow checks stay on), continuing past crashes
# (each is written to fuzz/artifacts/TARGET/). Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); works on stable Rust through RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dictionary_parser rule_parser extract extract_small_dictionary)
[ -d fuzz/corpus ] || python3 fuzz/make_corpus.py
export RUSTC_BOOTSTRAP=1
target_dir=${CARGO_TARGET_DIR:-fuzz/target}/fuzz-nosan
nice -n 10 cargo fuzz build -s none --target-dir "$target_dir"
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s"
  nice -n 10 cargo fuzz run -s none --target-dir "$target_dir" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -max_len=4096 -timeout=60 -rss_limit_mb=4096 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -print_final_stats=1 2>&1 | tail -n 25 || true
done
