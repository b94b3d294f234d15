#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets under fuzz/corpus/ (git-ignored) from the real files
in dictionaries/ and examples/data/. Run from anywhere: `python3 fuzz/make_corpus.py`.

- dictionary_parser: every dictionary file cut into chunks of 40 lines (comments included);
- rule_parser: each rule pack whole, and each rule alone with the lexicons it uses;
- extract: each example text whole and each of its paragraphs, plus a few hand-made odd texts;
- extract_small_dictionary: each paragraph after a NUL byte, with before it the dictionary lines
  whose forms occur in that paragraph (at most 4 KiB); each twice, once with a first line `#full`
  (recognisers and rules on).
"""

import hashlib
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
DICTS = sorted((ROOT / "dictionaries").rglob("*.dict"))
RULES = sorted((ROOT / "dictionaries" / "rules").glob("*.rules"))
TEXTS = sorted((ROOT / "examples" / "data").glob("*.txt"))

ODD_TEXTS = [
    "",
    "\ufeffMicrosoft partnered with OpenAI.\r\nNVIDIA supplies H100s to Azure.\r\n",
    "Microsoft\u00a0\u00a0Azure \u2013 Voyager\u2011EUS2, DALL\u00b7E 2 and the A100s; Stra\u00dfe \u0130stanbul \u03a3\u039f\u03a3.",
    "Satya Nadella, CEO of Microsoft, said Microsoft (formerly Micro-Soft) and Advanced Micro Devices (AMD) agree.",
    "Microsoft ha acquisito OpenAI per 2,5 miliardi di euro. L'azienda usa Azure e questo supercomputer.",
    "NUL\x00byte Intel\x00Xeon 8480+ \ufffd\ufffd replacement \u200bzero\u200dwidth soft\u00adhyphen",
    "1. Microsoft\n2. - OpenAI\n\n\n# Heading *NVIDIA* `AMD` ~Intel~\n\u2028\u2029\u0085",
    "\u5fae\u8f6fMicrosoft\u4e0eOpenAI\u5408\u4f5c\u3002NVIDIA\u7684H100\u3002",
    "e\u0301 Mi\u0301crosoft \U0001f600 OpenAI\U0001f600 Apple's apple iPhone IPHONE Intel's Intelligence",
]


def write(target: str, data: bytes) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def dictionary_parser() -> None:
    for f in DICTS:
        lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
        # The generated files are long and alike: their start is enough.
        if "generated" in f.parts:
            lines = lines[:400]
        for i in range(0, len(lines), 40):
            write("dictionary_parser", "".join(lines[i : i + 40]).encode())


def statements(text: str) -> list[str]:
    """Statements of a rule pack, continuation lines joined to their first line."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.strip() == "" or line.lstrip().startswith("#"):
            continue
        if line[0].isspace() and out:
            out[-1] += line
        else:
            out.append(line)
    return out


def rule_parser() -> None:
    for f in RULES:
        text = f.read_text(encoding="utf-8")
        write("rule_parser", text.encode())
        stmts = statements(text)
        header = [s for s in stmts if s.startswith(("@language", "@relation"))]
        lexicons = {}
        for s in stmts:
            m = re.match(r"@(lexicon|anaphor)\s+([^=\s]+)", s)
            if m:
                lexicons.setdefault(m.group(2), []).append(s)
        for s in stmts:
            if not s.startswith("rule"):
                continue
            used = set(re.findall(r"@([A-Za-z0-9_]+)", s.split(":", 1)[-1])) | {"AND"}
            needed = [l for name in sorted(used) for l in lexicons.get(name, [])]
            write("rule_parser", "".join(header + needed + [s]).encode())
        anaphors = [s for s in stmts if s.startswith("@anaphor")]
        if anaphors:
            write("rule_parser", "".join(header + anaphors).encode())


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def dictionary_forms() -> list[tuple[str, list[str]]]:
    """(line, forms) for every entry line of every dictionary."""
    out = []
    for f in DICTS:
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in re.split(r"(?<!\\)\|", line)]
            if len(cols) < 3:
                continue
            forms = [cols[1]] + ([a.strip() for a in cols[3].split(";")] if len(cols) > 3 else [])
            forms = [re.sub(r"\{[^}]*\}$", "", x).strip() for x in forms]
            out.append((line, [x for x in forms if len(x) >= 3]))
    return out


def extract_targets() -> None:
    entries = dictionary_forms()
    texts = [t.read_text(encoding="utf-8") for t in TEXTS]
    for t in texts:
        write("extract", t.encode())
    pieces = [p for t in texts for p in paragraphs(t)] + ODD_TEXTS
    for p in pieces:
        write("extract", p.encode())
        lines: list[str] = []
        size = 0
        for line, forms in entries:
            if any(f in p for f in forms):
                if size + len(line) + 1 > 4000:
                    break
                lines.append(line)
                size += len(line.encode()) + 1
        dictionary = ("\n".join(lines) + "\n").encode()
        write("extract_small_dictionary", dictionary + b"\0" + p.encode())
        # The same with the recognisers and the mini rule pack on (see the target).
        write("extract_small_dictionary", b"#full\n" + dictionary + b"\0" + p.encode())


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    dictionary_parser()
    rule_parser()
    extract_targets()
    for d in sorted(CORPUS.iterdir()):
        files = list(d.iterdir())
        print(f"{d.relative_to(ROOT)}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
