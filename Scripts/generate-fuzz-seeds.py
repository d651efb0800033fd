#!/usr/bin/env python3
"""Writes the seed corpus of the tuple fuzz targets (Fuzz/Corpus/<target>/) from the committed
vectors and a few records packed by the FoundationDB Python reference.

Usage (as for generate-tuple-vectors.py):
    /tmp/fdbvenv/bin/python Scripts/generate-fuzz-seeds.py

Each seed is one file named by the SHA-1 of its content, as libFuzzer names corpus entries.
The output is deterministic.
"""
import hashlib
import json
import os
import shutil
import uuid

import fdb.tuple as T

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
with open(os.path.join(root, "Tests", "LeaseholdTests", "Vectors", "tuple-vectors.json")) as f:
    vectors = json.load(f)["vectors"]

# A spread of the vectors: every kind of element, and the long integers.
chosen = vectors[::10] + [v for v in vectors if "int of 255" in v["name"] or "nested" in v["name"]][:12]
binary = [bytes.fromhex(v["hex"]) for v in chosen]
texts = [v["repr"].encode() for v in chosen if "repr" in v]
texts += [b"('users', 123456789, 'alice@example.com')", b"(" * 130 + b"1," + b",)" * 129, b"(-" + b"9" * 700 + b",)",
          b"(b'\\x00\\xff', '\\u00e9\\U0001f600', float('-inf'), SingleFloat(0.5), UUID('00112233-4455-6677-8899-aabbccddeeff'))"]

# Records shaped like the Codable target's types: Record, [Address], [Int?], Chain, Data.
records = [
    T.pack(("alice", 42, 1.5, ("x", "y"), ("Main", 9), b"\x00\x01", uuid.UUID(int=1), 2**100)),
    T.pack(("bob", -1, None, (), None, b"", None, None)),
    T.pack((("a", 1), ("b", None))),
    T.pack((1, None, 3)),
    T.pack((1, (2, (3, None)))),
    T.pack((b"data",)),
]

targets = {
    "tuple-decoder": binary,
    "tuple-elements": binary,
    "tuple-literal": texts,
    "tuple-codable": records + binary[:20],
}
for target, seeds in targets.items():
    folder = os.path.join(root, "Fuzz", "Corpus", target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for seed in seeds:
        with open(os.path.join(folder, hashlib.sha1(seed).hexdigest()), "wb") as f:
            f.write(seed)
    print("%s: %d seeds" % (target, len(set(seeds))))
