#!/usr/bin/env python3
"""Convert the shared benchmark corpora to JSON Lines for `relgraph extract --input-format jsonl`.

One `{"id": ..., "text": ...}` object a line, UTF-8, in corpus order.

    # Reuters-21578: the <BODY> of every story (19,043 of 21,578 have one), id = NEWID
    python3 tools/corpus_to_jsonl.py ../shared/corpora/reuters21578 -o /tmp/reuters.jsonl
    # AG News test split: title + ". " + description, id = "ag-<row>" (1-based)
    python3 tools/corpus_to_jsonl.py ../shared/corpora/ag_news/test.csv -o /tmp/agnews.jsonl
    # Plain-text files, one document each (id = file name), here the seeds 40 times over: modern
    # news typography (curly quotes, dashes, non-breaking spaces), which the two corpora above lack
    python3 tools/corpus_to_jsonl.py examples/data --repeat 40 -o /tmp/seeds40.jsonl

Inputs may be `reut2-*.sgm` files, the Reuters directory, the AG News CSV, `.txt` files or a
directory of them; several may be given (their documents are concatenated). A summary (documents, text bytes in UTF-8, MB) goes to stderr.

Decoding:
- Reuters files are bytes in an 8-bit code page (a handful of non-ASCII bytes, e.g. 0xFC in
  reut2-017): decoded as Windows-1252, with the five bytes that code page leaves undefined read as
  Latin-1. Character references (`&lt;`, `&amp;`, `&#3;` ...) are unescaped, then the control
  characters the wire format carries (`&#2;`, `&#3;`, `&#5;`, `&#22;`, `&#127;` ...) are removed,
  keeping newlines and tabs. Text is otherwise left as it is (line breaks, the trailing "Reuter").
  `--title` puts the story's <TITLE> on a line before the body.
- AG News is UTF-8 CSV whose text was HTML-escaped and then had its `&` turned into a space: ` #39;`,
  ` #36;`, ` quot;`, ` amp;` (with that space) are turned back into characters (numeric references 128-159 read as
  Windows-1252, so `#151;` is an em dash), `\\` (the file's newline escape) becomes a space,
  and a title without final punctuation gets ". " before the description.
"""

import argparse
import codecs
import csv
import glob
import html
import json
import os
import re
import sys

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REUTERS_DOC = re.compile(rb"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(rb'NEWID="(\d+)"')
BODY = re.compile(rb"<BODY>(.*?)</BODY>", re.S)
TITLE = re.compile(rb"<TITLE>(.*?)</TITLE>", re.S)
AG_REF = re.compile(r"[ &](#\d+|quot|amp|lt|gt|apos);")


def _cp1252_fallback(err):
    """Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode as Latin-1."""
    bad = err.object[err.start:err.end]
    return bad.decode("latin-1"), err.end


codecs.register_error("cp1252_latin1", _cp1252_fallback)


def decode_8bit(raw: bytes) -> str:
    return raw.decode("cp1252", errors="cp1252_latin1")


def clean(text: str) -> str:
    return CONTROL.sub("", text)


def reuters_docs(path: str, with_title: bool):
    with open(path, "rb") as f:
        data = f.read()
    for m in REUTERS_DOC.finditer(data):
        attrs, inner = m.group(1), m.group(2)
        nid = NEWID.search(attrs)
        body = BODY.search(inner)
        if not nid or not body:
            continue
        text = clean(html.unescape(decode_8bit(body.group(1)))).strip()
        if with_title:
            t = TITLE.search(inner)
            if t:
                title = clean(html.unescape(decode_8bit(t.group(1)))).strip()
                if title:
                    text = title + "\n" + text
        if text:
            yield nid.group(1).decode("ascii"), text


def _ag_ref(m) -> str:
    ref = m.group(1)
    if ref.startswith("#"):
        n = int(ref[1:])
        if 128 <= n <= 159:
            return decode_8bit(bytes([n]))
        try:
            return chr(n)
        except (ValueError, OverflowError):
            return m.group(0)
    return {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "apos": "'"}[ref]


def ag_fix(s: str) -> str:
    s = html.unescape(s)  # the few references that kept their '&'
    s = AG_REF.sub(_ag_ref, s)
    s = s.replace("\\", " ")
    s = re.sub(r"[ \t]{2,}", " ", s)
    return clean(s).strip()


def ag_docs(path: str):
    with open(path, encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.reader(f), 1):
            if len(row) < 3:
                continue
            title, desc = ag_fix(row[1]), ag_fix(row[2])
            if title and desc:
                sep = " " if title[-1] in ".!?" else ". "
                text = title + sep + desc
            else:
                text = title or desc
            if text:
                yield f"ag-{row_no}", text


def text_docs(path: str):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    if text.strip():
        yield os.path.basename(path), text


def expand(inputs):
    for p in inputs:
        if os.path.isdir(p):
            files = (
                sorted(glob.glob(os.path.join(p, "reut2-*.sgm")))
                or sorted(glob.glob(os.path.join(p, "*.csv")))
                or sorted(glob.glob(os.path.join(p, "*.txt")))
            )
            if not files:
                sys.exit(f"corpus_to_jsonl: {p}: no reut2-*.sgm, *.csv or *.txt files")
            yield from files
        else:
            yield p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="reut2-*.sgm files, the reuters21578 directory, ag_news/test.csv, .txt files or a directory of them")
    ap.add_argument("-o", "--output", default="-", help="output JSONL file (default: stdout)")
    ap.add_argument("--title", action="store_true", help="Reuters: put the <TITLE> before the body")
    ap.add_argument("--limit", type=int, default=0, help="stop after this many documents")
    ap.add_argument("--repeat", type=int, default=1, help="write the documents N times (ids suffixed #2, #3 ...)")
    args = ap.parse_args()

    def all_docs():
        for path in expand(args.inputs):
            if path.endswith(".sgm"):
                yield from reuters_docs(path, args.title)
            elif path.endswith(".csv"):
                yield from ag_docs(path)
            elif path.endswith(".txt"):
                yield from text_docs(path)
            else:
                sys.exit(f"corpus_to_jsonl: {path}: expected a .sgm, .csv or .txt file")

    def repeated():
        if args.repeat <= 1:
            yield from all_docs()
            return
        once = list(all_docs())
        for k in range(1, args.repeat + 1):
            for doc_id, text in once:
                yield (doc_id if k == 1 else f"{doc_id}#{k}"), text

    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="\n")
    docs = 0
    total = 0
    try:
        for doc_id, text in repeated():
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False))
            out.write("\n")
            docs += 1
            total += len(text.encode("utf-8"))
            if args.limit and docs >= args.limit:
                break
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"corpus_to_jsonl: {docs} documents, {total} bytes of text ({total / 1e6:.2f} MB, {total / 2**20:.2f} MiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
