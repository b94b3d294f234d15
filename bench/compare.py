#!/usr/bin/env python3
"""relgraph side by side with a raw Aho-Corasick scan, pyahocorasick, FlashText and spaCy's
EntityRuler, over the same text and the same surface forms. See bench/README.md.

    python3 tools/corpus_to_jsonl.py ../shared/corpora/reuters21578 -o /tmp/reuters.jsonl
    python3 bench/compare.py --corpus /tmp/reuters.jsonl

Prints one Markdown table (MB/s and ratios), then peak RSS, start-up time, the dictionary-size sweep
(with --sweep) and the project's targets, each with the measured value.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHORT_DOC = "Microsoft has partnered with OpenAI. Satya Nadella, CEO of Microsoft, said Azure runs NVIDIA H100 GPUs.\n"


# ---------------------------------------------------------------------------------------------
# Corpus


def load_corpus(path, max_bytes=0):
    """(names, texts) of a .jsonl file, a directory (every file, sorted, recursively) or a file."""
    names, texts, total = [], [], 0

    def add(name, text):
        nonlocal total
        if max_bytes and texts and total + len(text.encode("utf-8")) > max_bytes:
            return False
        names.append(name)
        texts.append(text)
        total += len(text.encode("utf-8"))
        return True

    if os.path.isdir(path):
        files = []
        for d, dirs, fs in os.walk(path):
            dirs[:] = sorted(x for x in dirs if not x.startswith("."))
            files += [os.path.join(d, f) for f in sorted(fs) if not f.startswith(".")]
        for f in sorted(files):
            with open(f, "rb") as fh:
                if not add(f, fh.read().decode("utf-8", errors="replace")):
                    break
    elif path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                if line.strip():
                    o = json.loads(line)
                    if not add(str(o.get("id", i)), o["text"]):
                        break
    else:
        with open(path, "rb") as fh:
            add(path, fh.read().decode("utf-8", errors="replace"))
    return names, texts


def text_bytes(texts):
    return sum(len(t.encode("utf-8")) for t in texts)


# ---------------------------------------------------------------------------------------------
# Workers: one Python matcher in its own process; prints build and scan seconds (wall and CPU),
# bytes and matches as JSON.


def worker(kind, names_file, corpus, max_bytes):
    forms = [line.rstrip("\n") for line in open(names_file, encoding="utf-8") if line.strip()]
    _, texts = load_corpus(corpus, max_bytes)
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "pyahocorasick":
        import ahocorasick

        auto = ahocorasick.Automaton()
        for f in forms:
            auto.add_word(f, len(f))
        auto.make_automaton()

        def scan(text):
            low = text.lower()  # the forms are case-folded; same length for all but a few code points
            n, size = 0, len(low)
            for end, length in auto.iter_long(low):  # leftmost-longest, like the floor
                start = end - length + 1
                if (start == 0 or not low[start - 1].isalnum()) and (end + 1 >= size or not low[end + 1].isalnum()):
                    n += 1
            return n

    elif kind == "flashtext":
        from flashtext import KeywordProcessor

        kp = KeywordProcessor(case_sensitive=False)
        for f in forms:
            kp.add_keyword(f)

        def scan(text):
            return len(kp.extract_keywords(text))

    elif kind == "spacy":
        import spacy

        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([{"label": "ENT", "pattern": f} for f in forms])

        def scan(_text):
            raise AssertionError("spaCy runs by batch")

    else:
        raise SystemExit(f"unknown worker {kind}")
    build_s, build_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "spacy":
        matches = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
    else:
        matches = sum(scan(t) for t in texts)
    scan_s, scan_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"build_s": build_s, "build_cpu_s": build_cpu_s, "scan_s": scan_s, "scan_cpu_s": scan_cpu_s, "bytes": text_bytes(texts), "documents": len(texts), "matches": matches}))


# ---------------------------------------------------------------------------------------------
# Helpers


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def target_dir():
    if os.environ.get("CARGO_TARGET_DIR"):
        return os.environ["CARGO_TARGET_DIR"]
    out = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["target_directory"]


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, capture=False):
    """Runs a command; returns (wall s, CPU s of the process and its threads, stdout or None).
    Without `capture` its stdout goes to /dev/null."""
    c0 = children_cpu()
    t0 = time.perf_counter()
    if capture:
        r = subprocess.run(cmd, capture_output=True, text=True)
    else:
        with open(os.devnull, "wb") as null:
            r = subprocess.run(cmd, stdout=null, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    cpu = children_cpu() - c0
    if r.returncode != 0:
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(cmd)}\n{(r.stderr or '')[-2000:]}")
    return wall, cpu, r.stdout if capture else None


def run_json(cmd):
    wall, cpu, out = run(cmd, capture=True)
    o = json.loads(out.strip().splitlines()[-1])
    o["wall_s"], o["cpu_s"] = wall, cpu
    return o


def time_v(cmd):
    """(maximum resident set size in KiB, stdout) of `cmd` run under /usr/bin/time -v."""
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        raise SystemExit(f"/usr/bin/time -v failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return int(m.group(1)), r.stdout


def med(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def fmt(x, nd=2):
    if x is None or x != x:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{nd}f}"


def loadavg():
    try:
        return "load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "load average unknown"


# ---------------------------------------------------------------------------------------------
# Main

LABELS = {
    "raw": "(a) raw aho-corasick (Rust, DFA, leftmost-longest)",
    "entities": "(b) relgraph entities only, -j 1",
    "names": "(b') relgraph dictionary names only (--no-patterns), -j 1",
    "full": "(c) relgraph full pipeline, -j 1",
    "full2": "(d) relgraph full pipeline, -j 2",
    "pyahocorasick": "(e) pyahocorasick (iter_long + word check)",
    "flashtext": "(f) FlashText",
    "spacy": "(g) spaCy EntityRuler (blank en, LOWER)",
    "lib_entities": "(h) relgraph library in process, entities only",
    "lib_names": "(h') relgraph library in process, dictionary names only",
    "lib_full": "(i) relgraph library in process, full pipeline",
}

# The library rows: `examples/lib_scan.rs` (Extractor::extract over the corpus in memory, timed
# like the Python tools' scans: no start-up, no JSON read or written).
LIB_ARGS = {"lib_entities": ["--no-relations"], "lib_names": ["--no-relations", "--no-patterns"], "lib_full": []}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="a .jsonl file of {id, text} (tools/corpus_to_jsonl.py), a directory or a text file")
    ap.add_argument("--relgraph", help="relgraph binary to measure (default: build the release binary)")
    ap.add_argument("--raw-scan", help="raw_scan example binary (default: build it)")
    ap.add_argument("--lib-scan", help="lib_scan example binary (default: build it)")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in the target directory")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement; medians are reported (default 5)")
    ap.add_argument("--spacy-runs", type=int, default=3, help="runs of spaCy (default 3)")
    ap.add_argument("--spacy-mb", type=float, default=2.0, help="spaCy runs on the first documents up to this many MB, scaled to the corpus; 0 = all (default 2)")
    ap.add_argument("--startup-runs", type=int, default=20, help="runs for the start-up time (default 20)")
    ap.add_argument("--skip", default="", help="comma-separated: raw,entities,names,full,full2,pyahocorasick,flashtext,spacy,lib_entities,lib_names,lib_full,rss,startup")
    ap.add_argument("--sweep", default="", help="dictionary sizes for the sweep with peak RSS, e.g. 1000,10000,100000,1000000 (default: none)")
    ap.add_argument("--json", help="also write every measurement to this JSON file")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--names", help=argparse.SUPPRESS)
    ap.add_argument("--max-bytes", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        worker(args.worker, args.names, args.corpus, args.max_bytes)
        return 0

    skip = set(filter(None, args.skip.split(",")))
    corpus = os.path.abspath(args.corpus)
    jsonl = corpus.endswith(".jsonl")
    _, texts = load_corpus(corpus)
    total, ndocs = text_bytes(texts), len(texts)
    mb = total / 1e6
    del texts
    log(f"corpus: {corpus}: {ndocs} documents, {total} bytes ({mb:.2f} MB); {loadavg()}")

    tdir = target_dir()
    if not args.no_build:
        what = ["--example", "raw_scan", "--example", "dict_sweep", "--example", "lib_scan"]
        if not args.relgraph:
            what = ["--bin", "relgraph"] + what
        log("building (release): cargo build --release " + " ".join(what))
        subprocess.run(["nice", "cargo", "build", "--release", "-q"] + what, cwd=ROOT, check=True)
    relgraph = os.path.abspath(args.relgraph) if args.relgraph else os.path.join(tdir, "release", "relgraph")
    raw_scan = os.path.abspath(args.raw_scan) if args.raw_scan else os.path.join(tdir, "release", "examples", "raw_scan")
    dict_sweep = os.path.join(tdir, "release", "examples", "dict_sweep")
    lib_scan = os.path.abspath(args.lib_scan) if args.lib_scan else os.path.join(tdir, "release", "examples", "lib_scan")

    work = tempfile.mkdtemp(prefix="relgraph-compare-")
    names = os.path.join(work, "names.txt")
    with open(names, "w") as fh:
        subprocess.run([relgraph, "dictionaries", "--names"], stdout=fh, check=True)
    with open(names) as fh:
        n_forms = sum(1 for line in fh if line.strip())
    log(f"surface forms: {n_forms} (relgraph dictionaries --names)")
    short = os.path.join(work, "short.txt")
    with open(short, "w") as fh:
        fh.write(SHORT_DOC)
    empty = os.path.join(work, "empty.jsonl")
    open(empty, "w").close()

    fmt_args = ["--input-format", "jsonl"] if jsonl else []
    rg = {
        "entities": [relgraph, "extract", *fmt_args, "--no-relations", "-j", "1", "-q", corpus],
        # What pyahocorasick and FlashText do: the dictionary's names, no recognisers, no relations.
        "names": [relgraph, "extract", *fmt_args, "--no-relations", "--no-patterns", "-j", "1", "-q", corpus],
        "full": [relgraph, "extract", *fmt_args, "-j", "1", "-q", corpus],
        "full2": [relgraph, "extract", *fmt_args, "-j", "2", "-q", corpus],
    }
    startup_cmd = {
        "entities": [relgraph, "extract", "--no-relations", "-j", "1", "-q", short],
        "names": [relgraph, "extract", "--no-relations", "--no-patterns", "-j", "1", "-q", short],
        "full": [relgraph, "extract", "-j", "1", "-q", short],
        "full2": [relgraph, "extract", "-j", "2", "-q", short],
        "bare": [relgraph, "extract", "--no-default-dictionaries", "--no-default-rules", "-j", "1", "-q", short],
        # No document: the extractor is built, nothing is compiled on first use.
        "build": [relgraph, "extract", "--input-format", "jsonl", "-j", "1", "-q", empty],
    }
    results = {"corpus": corpus, "bytes": total, "documents": ndocs, "forms": n_forms, "runs": args.runs, "load_before": loadavg(), "commands": {k: " ".join(v) for k, v in {**rg, **{"startup_" + k: v for k, v in startup_cmd.items()}}.items()}}

    # Start-up: one short document, medians (wall and CPU).
    startup = {k: {"wall_s": 0.0, "cpu_s": 0.0} for k in startup_cmd}
    if "startup" not in skip:
        for key, cmd in startup_cmd.items():
            run(cmd)  # page cache
            n = args.startup_runs if key == "full" else max(5, args.startup_runs // 4)
            ss = [run(cmd)[:2] for _ in range(n)]
            startup[key] = {"wall_s": med([w for w, _ in ss]), "cpu_s": med([c for _, c in ss]), "runs": n}
            log(f"start-up {key}: {startup[key]['wall_s'] * 1000:.1f} ms wall, {startup[key]['cpu_s'] * 1000:.1f} ms CPU")
    results["startup"] = startup

    # Throughput, runs interleaved (run 1 of every tool, then run 2 ...) so that drifting load on a
    # shared machine hits every tool alike.
    tools = [t for t in ["raw", "entities", "names", "full", "full2", "pyahocorasick", "flashtext", *LIB_ARGS] if t not in skip]
    samples = {t: [] for t in tools}
    for i in range(args.runs):
        for t in tools:
            if t == "raw":
                o = run_json([raw_scan, names, corpus])
            elif t in LIB_ARGS:
                o = run_json([lib_scan, corpus, *LIB_ARGS[t]])
            elif t in rg:
                wall, cpu, _ = run(rg[t])
                o = {"wall_s": wall, "cpu_s": cpu}
            else:
                o = run_json([sys.executable, os.path.abspath(__file__), "--worker", t, "--names", names, "--corpus", corpus])
            samples[t].append(o)
            log(f"run {i + 1}/{args.runs} {t}: wall {o['wall_s']:.2f} s, CPU {o['cpu_s']:.2f} s" + (f"; scan {o['scan_s']:.2f} s wall, {o['scan_cpu_s']:.2f} s CPU" if "scan_s" in o else ""))
    if "spacy" not in skip:
        samples["spacy"] = []
        max_bytes = int(args.spacy_mb * 1e6) if args.spacy_mb > 0 else 0
        for i in range(args.spacy_runs):
            o = run_json([sys.executable, os.path.abspath(__file__), "--worker", "spacy", "--names", names, "--corpus", corpus, "--max-bytes", str(max_bytes)])
            samples["spacy"].append(o)
            log(f"run {i + 1}/{args.spacy_runs} spacy: {o['bytes']} bytes; scan {o['scan_s']:.2f} s wall, {o['scan_cpu_s']:.2f} s CPU")

    # Net seconds: the scan alone. In-process timers for (a) and (e)-(g). For relgraph (a CLI): the
    # run minus the median start-up of the same command on one short document (process start,
    # extractor build, first output), so its JSON reading and writing stay in.
    rows = {}
    for t, ss in samples.items():
        if t in rg:
            wall, cpu = med([s["wall_s"] for s in ss]), med([s["cpu_s"] for s in ss])
            st = startup[t]
            row = {"build_s": st["wall_s"], "build_cpu_s": st["cpu_s"], "net_s": wall - st["wall_s"], "net_cpu_s": cpu - st["cpu_s"], "wall_s": wall, "cpu_s": cpu, "bytes": total, "matches": None}
        else:
            row = {k: med([s[k2] for s in ss]) for k, k2 in [("build_s", "build_s"), ("build_cpu_s", "build_cpu_s"), ("net_s", "scan_s"), ("net_cpu_s", "scan_cpu_s"), ("wall_s", "wall_s"), ("cpu_s", "cpu_s")]}
            row["bytes"], row["matches"] = ss[0]["bytes"], ss[0]["matches"]
        row["mbps_cpu"] = row["bytes"] / 1e6 / row["net_cpu_s"] if row["net_cpu_s"] > 0 else float("nan")
        row["mbps_wall"] = row["bytes"] / 1e6 / row["net_s"] if row["net_s"] > 0 else float("nan")
        row["samples"] = ss
        rows[t] = row
    results["tools"] = rows
    results["load_after"] = loadavg()

    base = {k: rows[k]["mbps_cpu"] for k in ("raw", "spacy", "pyahocorasick") if k in rows}
    print()
    print(f"Corpus `{corpus}`: {ndocs} documents, {mb:.2f} MB of text; {n_forms} surface forms (`relgraph dictionaries --names`); "
          f"medians of {args.runs} runs" + (f"; spaCy: {args.spacy_runs} runs on the first {rows['spacy']['bytes'] / 1e6:.2f} MB, scaled" if "spacy" in rows else "")
          + f". Machine: {os.cpu_count()} CPUs, {results['load_before']} before, {results['load_after']} after.")
    print()
    print("| tool | build / start-up s (wall) | scan s (CPU) | scan s (wall) | MB/s (CPU) | MB/s (wall) | vs raw | vs spaCy | vs pyahocorasick | matches |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t in LABELS:
        if t not in rows:
            continue
        r = rows[t]
        scale = total / r["bytes"]

        def ratio(k):
            return fmt(r["mbps_cpu"] / base[k]) + "x" if base.get(k) else "-"

        name = LABELS[t] + (f" (first {r['bytes'] / 1e6:.1f} MB, times scaled)" if scale > 1.0001 else "")
        print(f"| {name} | {fmt(r['build_s'], 3)} | {fmt(r['net_cpu_s'] * scale)} | {fmt(r['net_s'] * scale)} | {fmt(r['mbps_cpu'])} | {fmt(r['mbps_wall'])} | "
              f"{ratio('raw')} | {ratio('spacy')} | {ratio('pyahocorasick')} | {r['matches'] if r['matches'] is not None else '-'} |")
    print()
    print("Scan = the matching alone: in-process timers for (a), (e)-(g) (automaton build and corpus loading excluded);")
    print("for relgraph (b)-(d), the CLI run minus its start-up on one short document (JSON reading and writing included);")
    print("for (h)-(i), Extractor::extract in process over the corpus in memory, after an untimed first pass (like (e)-(g): no JSON).")
    print("CPU = user + system time of the process (all threads); ratios are on MB/s (CPU), steady on a shared machine.")

    # Peak RSS: the whole corpus vs one small document.
    if "rss" not in skip:
        big = [time_v(rg["full"])[0] for _ in range(max(1, min(3, args.runs)))]
        small = [time_v(startup_cmd["full"])[0] for _ in range(3)]
        results["rss_kb"] = {"corpus": med(big), "short": med(small)}
        print()
        print(f"Peak RSS (`/usr/bin/time -v`, full pipeline -j 1, median of {len(big)}): whole corpus {med(big) / 1024:.1f} MiB, "
              f"one short document {med(small) / 1024:.1f} MiB: {med(big) / med(small):.2f}x.")
    if "startup" not in skip:
        st = startup
        build_est = st["build"]["cpu_s"] - st["bare"]["cpu_s"]
        results["build_estimate_cpu_s"] = build_est
        print()
        print(f"Start-up (`relgraph extract -j 1 -q SHORT.txt`, one {len(SHORT_DOC)}-byte document, median of {args.startup_runs}): "
              f"{st['full']['wall_s'] * 1000:.1f} ms wall, {st['full']['cpu_s'] * 1000:.1f} ms CPU; entities only {st['entities']['wall_s'] * 1000:.1f} ms; "
              f"with no dictionaries and no rules {st['bare']['wall_s'] * 1000:.1f} ms wall, {st['bare']['cpu_s'] * 1000:.1f} ms CPU; "
              f"with no document (the build alone) {st['build']['wall_s'] * 1000:.1f} ms wall, {st['build']['cpu_s'] * 1000:.1f} ms CPU; "
              f"so building the default extractor costs about {build_est * 1000:.0f} ms CPU and the rest of the start-up is compiling "
              f"the recognisers and rule sets on first use (exact build figure: `cargo bench --bench build`).")

    # Dictionary-size sweep with peak RSS.
    sweep = {}
    if args.sweep:
        for n in [int(x.replace("_", "")) for x in args.sweep.split(",") if x]:
            runs = 1 if n >= 1_000_000 else max(1, min(3, args.runs))
            outs, rss = [], []
            for _ in range(runs):
                kb, out = time_v([dict_sweep, str(n), corpus])
                outs.append(json.loads(out.strip().splitlines()[-1]))
                rss.append(kb)
            s = {k: med([o[k] for o in outs]) for k in ("build_s", "build_cpu_s", "scan_s", "scan_cpu_s")}
            s.update(entries=n, forms=outs[0]["forms"], bytes=outs[0]["bytes"], mentions=outs[0]["mentions"], rss_kb=med(rss), runs=runs)
            s["mbps_cpu"] = s["bytes"] / 1e6 / s["scan_cpu_s"]
            s["mbps_wall"] = s["bytes"] / 1e6 / s["scan_s"]
            sweep[n] = s
            log(f"sweep {n}: build {s['build_cpu_s']:.2f} s CPU, scan {s['mbps_cpu']:.2f} MB/s CPU, peak {s['rss_kb'] / 1024:.0f} MiB")
        print()
        print("Dictionary-size sweep (`examples/dict_sweep.rs`: synthetic entries, no default dictionaries or rules, entities only, patterns off):")
        print()
        print("| entries | forms | runs | build s (CPU) | build s (wall) | scan MB/s (CPU) | scan MB/s (wall) | vs 10k | mentions | peak RSS MiB |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, s in sweep.items():
            vs = f"{s['mbps_cpu'] / sweep[10_000]['mbps_cpu']:.2f}x" if 10_000 in sweep else "-"
            print(f"| {n:,} | {s['forms']:,} | {s['runs']} | {s['build_cpu_s']:.2f} | {s['build_s']:.2f} | {s['mbps_cpu']:.2f} | {s['mbps_wall']:.2f} | {vs} | {s['mentions']} | {s['rss_kb'] / 1024:.0f} |")
        results["sweep"] = sweep

    # Targets.
    print()
    print("| target | measured | met |")
    print("| --- | --- | --- |")

    def target(name, value, ok):
        print(f"| {name} | {value} | {'yes' if ok else 'NO'} |")

    if "full" in rows and "raw" in rows:
        x = rows["full"]["mbps_cpu"] / rows["raw"]["mbps_cpu"]
        target("full pipeline -j 1 >= 0.5x raw aho-corasick", f"{x:.3f}x ({rows['full']['mbps_cpu']:.2f} vs {rows['raw']['mbps_cpu']:.2f} MB/s CPU)", x >= 0.5)
    if "full" in rows and "spacy" in rows:
        x = rows["full"]["mbps_cpu"] / rows["spacy"]["mbps_cpu"]
        target("full pipeline -j 1 >= 100x spaCy EntityRuler", f"{x:.1f}x ({rows['full']['mbps_cpu']:.2f} vs {rows['spacy']['mbps_cpu']:.3f} MB/s CPU)", x >= 100)
    if "entities" in rows and "pyahocorasick" in rows:
        x = rows["entities"]["mbps_cpu"] / rows["pyahocorasick"]["mbps_cpu"]
        target("entities only >= 2x pyahocorasick", f"{x:.2f}x ({rows['entities']['mbps_cpu']:.2f} vs {rows['pyahocorasick']['mbps_cpu']:.2f} MB/s CPU)", x >= 2)
    if "names" in rows and "pyahocorasick" in rows:
        x = rows["names"]["mbps_cpu"] / rows["pyahocorasick"]["mbps_cpu"]
        target("(like for like) dictionary names only >= 2x pyahocorasick", f"{x:.2f}x ({rows['names']['mbps_cpu']:.2f} vs {rows['pyahocorasick']['mbps_cpu']:.2f} MB/s CPU)", x >= 2)
    for lib, label in [("lib_full", "full pipeline"), ("lib_entities", "entities only"), ("lib_names", "dictionary names only")]:
        if lib not in rows:
            continue
        mbps = rows[lib]["mbps_cpu"]
        if lib == "lib_full" and "raw" in rows:
            x = mbps / rows["raw"]["mbps_cpu"]
            target("(library) full pipeline >= 0.5x raw aho-corasick", f"{x:.3f}x ({mbps:.2f} vs {rows['raw']['mbps_cpu']:.2f} MB/s CPU)", x >= 0.5)
        if lib == "lib_full" and "spacy" in rows:
            x = mbps / rows["spacy"]["mbps_cpu"]
            target("(library) full pipeline >= 100x spaCy EntityRuler", f"{x:.1f}x ({mbps:.2f} vs {rows['spacy']['mbps_cpu']:.3f} MB/s CPU)", x >= 100)
        if lib != "lib_full" and "pyahocorasick" in rows:
            x = mbps / rows["pyahocorasick"]["mbps_cpu"]
            target(f"(library) {label} >= 2x pyahocorasick", f"{x:.2f}x ({mbps:.2f} vs {rows['pyahocorasick']['mbps_cpu']:.2f} MB/s CPU)", x >= 2)
    if "full" in rows and "full2" in rows:
        x = rows["full"]["net_s"] / rows["full2"]["net_s"]
        xw = rows["full"]["wall_s"] / rows["full2"]["wall_s"]
        best = min(s["wall_s"] for s in rows["full"]["samples"]) / min(s["wall_s"] for s in rows["full2"]["samples"])
        cores = rows["full2"]["cpu_s"] / rows["full2"]["wall_s"]
        target("-j 2 >= 1.8x -j 1 (wall)", f"{x:.2f}x on the scan, {xw:.2f}x whole runs (medians), {best:.2f}x best of {args.runs}; -j 2 got {cores:.2f} cores", x >= 1.8)
    if "rss_kb" in results:
        x = results["rss_kb"]["corpus"] / results["rss_kb"]["short"]
        target("peak RSS whole corpus <= 2x one small document", f"{x:.2f}x ({results['rss_kb']['corpus'] / 1024:.0f} vs {results['rss_kb']['short'] / 1024:.0f} MiB)", x <= 2)
    if 1_000_000 in sweep:
        s = sweep[1_000_000]
        target("1M entries build <= 5 s (wall)", f"{s['build_s']:.2f} s wall ({s['build_cpu_s']:.2f} s CPU, all threads)", s["build_s"] <= 5)
        target("1M entries peak RSS <= 1 GiB", f"{s['rss_kb'] / 1024:.0f} MiB", s["rss_kb"] <= 1024 * 1024)
        if 10_000 in sweep:
            x = s["mbps_cpu"] / sweep[10_000]["mbps_cpu"]
            target("1M entries scan >= 50% of 10k", f"{x * 100:.0f}% ({s['mbps_cpu']:.2f} vs {sweep[10_000]['mbps_cpu']:.2f} MB/s CPU)", x >= 0.5)
    if "startup" not in skip:
        st = startup["full"]
        target("start-up, defaults, one short document <= 50 ms", f"{st['wall_s'] * 1000:.1f} ms wall ({st['cpu_s'] * 1000:.1f} ms CPU)", st["wall_s"] <= 0.050)
        target("extractor build, all defaults <= 150 ms", f"~{results['build_estimate_cpu_s'] * 1000:.0f} ms CPU (run with no document minus bare start-up)", results["build_estimate_cpu_s"] <= 0.150)

    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1, default=str)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
