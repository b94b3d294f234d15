#!/usr/bin/env python3
"""Loads a GraphML file written by `relgraph graph --format graphml` with NetworkX and checks it.

Usage: python3 tests/check_graphml.py FILE.graphml [--min-nodes N] [--min-edges N]

Checks: the file loads with networkx.read_graphml; at least N nodes and M edges (defaults 25 and
20, the seed texts' graph); every node has a label and a known type; every edge has a label, a
count >= 1, a confidence in [0, 1], and an evidence JSON array with `count` items; edge ends are
nodes. Exits 1 with a message on the first failed check.
"""

import argparse
import json
import sys

import networkx as nx

TYPES = {"Company", "Product", "Hardware", "Person"}


def fail(msg):
    print(f"check_graphml: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--min-nodes", type=int, default=25)
    ap.add_argument("--min-edges", type=int, default=20)
    args = ap.parse_args()

    try:
        g = nx.read_graphml(args.path)
    except Exception as e:  # noqa: BLE001 - any load error is a failure
        fail(f"{args.path} does not load: {e}")

    if not g.is_directed():
        fail("graph is not directed")
    n, m = g.number_of_nodes(), g.number_of_edges()
    if n < args.min_nodes:
        fail(f"{n} nodes, expected at least {args.min_nodes}")
    if m < args.min_edges:
        fail(f"{m} edges, expected at least {args.min_edges}")

    for node, data in g.nodes(data=True):
        if not data.get("label"):
            fail(f"node {node!r} has no label")
        if data.get("type") not in TYPES:
            fail(f"node {node!r} has type {data.get('type')!r}")
        if not isinstance(data.get("mentions"), int) or data["mentions"] < 1:
            fail(f"node {node!r} has mentions {data.get('mentions')!r}")

    for u, v, data in g.edges(data=True):
        if u not in g or v not in g:
            fail(f"edge {u!r} -> {v!r} names a missing node")
        if not data.get("label"):
            fail(f"edge {u!r} -> {v!r} has no label")
        count = data.get("count")
        if not isinstance(count, int) or count < 1:
            fail(f"edge {u!r} -> {v!r} has count {count!r}")
        conf = data.get("confidence")
        if not isinstance(conf, float) or not 0.0 <= conf <= 1.0:
            fail(f"edge {u!r} -> {v!r} has confidence {conf!r}")
        if not isinstance(data.get("symmetric"), bool):
            fail(f"edge {u!r} -> {v!r} has symmetric {data.get('symmetric')!r}")
        try:
            evidence = json.loads(data.get("evidence", ""))
        except ValueError as e:
            fail(f"edge {u!r} -> {v!r}: evidence is not JSON: {e}")
        if not isinstance(evidence, list) or len(evidence) != count:
            fail(f"edge {u!r} -> {v!r}: {len(evidence)} evidence items for count {count}")

    types = {}
    for _, data in g.nodes(data=True):
        types[data["type"]] = types.get(data["type"], 0) + 1
    labels = {}
    for _, _, data in g.edges(data=True):
        labels[data["label"]] = labels.get(data["label"], 0) + 1
    print(f"check_graphml: ok: {n} nodes {dict(sorted(types.items()))}, {m} edges {dict(sorted(labels.items()))}")


if __name__ == "__main__":
    main()
