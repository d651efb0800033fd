#!/usr/bin/env python3
"""Writes Tests/LeaseholdTests/Vectors/tuple-vectors.json from the FoundationDB Python reference.

Usage (the reference imports without the FoundationDB client library):
    python3 -m venv /tmp/fdbvenv && /tmp/fdbvenv/bin/pip install foundationdb
    /tmp/fdbvenv/bin/python Scripts/generate-tuple-vectors.py

Every vector is {"name", "hex", "elements", "repr"} plus optional keys:
  "canonical": hex the elements encode to when "hex" is a non-canonical form the reference
               also decodes (long-form small integers, for example);
  "literal":   false when parsing "repr" cannot give the same bytes back (NaN payloads).
Elements are typed JSON: {"t": "null" | "bytes" | "string" | "tuple" | "int" | "float" |
"double" | "bool" | "uuid" | "versionstamp", "v": ...}; bytes, strings (their UTF-8), UUIDs and
versionstamps as hex, ints as decimal strings (of any size: magnitudes up to 255 bytes), floats
and doubles as the hex of their IEEE bits.
The output is deterministic (a fixed random seed).
"""
import json
import os
import random
import struct
import sys
import types
import uuid

import fdb
import fdb.tuple as T

fdb.impl = types.SimpleNamespace(Value=type("NoValue", (), {}))  # lets Versionstamp.to_bytes run

INT64_MIN, INT64_MAX, UINT64_MAX = -(2**63), 2**63 - 1, 2**64 - 1


def double_bits(x):
    return struct.unpack(">Q", struct.pack(">d", x))[0]


def float_bits(x):
    return struct.unpack(">I", struct.pack(">f", x))[0]


def describe(value):
    """Typed JSON for one element."""
    if value is None:
        return {"t": "null"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, bytes):
        return {"t": "bytes", "v": value.hex()}
    if isinstance(value, str):
        return {"t": "string", "v": value.encode("utf-8").hex()}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, T.SingleFloat):
        return {"t": "float", "v": "%08x" % float_bits(value.value)}
    if isinstance(value, float):
        return {"t": "double", "v": "%016x" % double_bits(value)}
    if isinstance(value, uuid.UUID):
        return {"t": "uuid", "v": value.bytes.hex()}
    if isinstance(value, T.Versionstamp):
        return {"t": "versionstamp", "v": value.to_bytes().hex()}
    if isinstance(value, tuple):
        return {"t": "tuple", "v": [describe(v) for v in value]}
    raise TypeError(type(value))


vectors = []
seen = set()


def add(name, tup, literal=True):
    packed = T.pack(tup)
    if packed in seen:
        return
    seen.add(packed)
    back = T.unpack(packed)
    assert T.pack(back) == packed, (name, tup)
    vector = {"name": name, "hex": packed.hex(), "elements": [describe(v) for v in back], "repr": repr(back)}
    if not literal:
        vector["literal"] = False
    vectors.append(vector)


def add_raw(name, hexstring, literal=True):
    """A vector given by its bytes: the reference decodes it, and we record what it re-encodes to."""
    packed = bytes.fromhex(hexstring)
    back = T.unpack(packed)
    vector = {"name": name, "hex": hexstring}
    vector["elements"] = [describe(v) for v in back]
    vector["repr"] = repr(back)
    try:
        again = T.pack(back)
    except ValueError:  # an incomplete versionstamp: `pack` refuses it, its bytes are canonical
        again = packed
    if again != packed:
        vector["canonical"] = again.hex()
    if not literal:
        vector["literal"] = False
    vectors.append(vector)


def double_from_bits(bits):
    return struct.unpack(">d", struct.pack(">Q", bits))[0]


def adjusted(bits, width):
    """The tuple layer's order-preserving transform of IEEE bits."""
    sign = 1 << (width - 1)
    return bits ^ ((1 << width) - 1) if bits & sign else bits ^ sign


# --- null, empty, bytes, strings -------------------------------------------------------------
add("empty tuple", ())
add("null", (None,))
add("two nulls", (None, None))
for b in [b"", b"\x00", b"\x00\xff", b"\xff", b"\x00\x00", b"a\x00b", b"\x01", b"\xff\x00",
          b"\x00\xff\x00", bytes(range(256)), b"'", b'"', b"'\"", b"\\", b"\t\n\r", b"x" * 40]:
    add("bytes %r" % b[:16], (b,))
for s in ["", "a", "\x00", "a\x00b", "\x00\xff", "é", "日本語", "😀", "\U0010ffff", "a'b", 'a"b', "'\"",
          "\\", "\t\n\r", "\x01\x1f\x7f", "\x85\xa0\xad", "\u2028\u2029", "\ufeff", "\u00ff",
          "users", "alice@example.com", "mixed é 😀 \x00 end", "x" * 40]:
    add("string %r" % s[:16], (s,))

# --- nested tuples -----------------------------------------------------------------------
for t in [(), (None,), (None, None), ((None,),), (((),),), (1, (2, (3,))), ("a", None, b"\x00"),
          (b"\x00\xff", "\x00"), ((None, b"\x00"), None), (None, ("x",), None), (("n", 1),)]:
    add("nested %r" % (t,), (t,))
    add("nested then more %r" % (t,), (t, "after"))

# --- integers ----------------------------------------------------------------------------
ints = {0, 1, -1, INT64_MIN, INT64_MAX, INT64_MAX + 1, UINT64_MAX - 1, UINT64_MAX, INT64_MIN + 1,
        -(2**56), -(2**56) + 1, -(2**56) - 1, 123456789, -123456789}
for k in range(1, 8):
    for base in (2 ** (8 * k),):
        ints.update({base - 1, base, base + 1, -(base - 1), -base, -(base + 1)})
for v in sorted(ints):
    add("int %d" % v, (v,))
for v in [0, 1, 255, 256, UINT64_MAX, UINT64_MAX + 1, -UINT64_MAX, -(2**2040 - 1)]:
    add("int %d beside others" % v, ("k", v, "v"))

# --- integers beyond 64 bits: 9 to 255 bytes, both signs (the 0b / 1d long forms) --------------
# Around 2^64: -(2^64 - 2) is the last 8-byte negative (0c 00..01); ±(2^64 - 1) take the long form.
for v in [UINT64_MAX - 1, UINT64_MAX, UINT64_MAX + 1, -(UINT64_MAX - 1), -UINT64_MAX, -(UINT64_MAX + 1),
          INT64_MIN - 1, -(2**64 - 3)]:
    add("int %d" % v, (v,))
bigrng = random.Random(2040)
for length in [9, 10, 11, 15, 16, 17, 24, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 200, 253, 254, 255]:
    lowest, highest = 2 ** (8 * (length - 1)), 2 ** (8 * length) - 1
    e = 8 * (length - 1)
    for label, v in [("2^%d" % e, lowest), ("2^%d + 1" % e, lowest + 1), ("2^%d - 2" % (e + 8), highest - 1),
                     ("2^%d - 1" % (e + 8), highest), ("random", bigrng.randrange(lowest, highest))]:
        add("int of %d bytes: %s" % (length, label), (v,))
        add("int of %d bytes: -(%s)" % (length, label), (-v,))
add("big ints in a nested tuple", ((2**100, -(2**100), None), 2**200, -(2**200)))

# --- floats and doubles ------------------------------------------------------------------
singles = [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 0.1, -0.1, float("inf"), float("-inf"), float("nan"),
           1.401298464324817e-45, -1.401298464324817e-45, 1.1754943508222875e-38, 3.4028234663852886e38,
           -3.4028234663852886e38, 1e-05, 16777216.0, 123456.789]
for x in singles:
    add("float %r" % x, (T.SingleFloat(x),))
doubles = [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 0.1, -0.1, float("inf"), float("-inf"), float("nan"),
           5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308,
           1e-05, 0.0001, 1e16, 1e15, 9999999999999998.0, 1234567890123456.0, 2.0**53, 2.0**53 + 2,
           1 / 3, -2.5e-300, 1e22, 1.5e300, 123456789.123, 100.0, 0.5, 1e-07, 12345678901234567890.0]
for x in doubles:
    add("double %r" % x, (x,))
for bits in [0x7FF0000000000001, 0x7FF8000000000001, 0xFFF8000000000000, 0x7FFFFFFFFFFFFFFF,
             0xFFFFFFFFFFFFFFFF, 0xFFF0000000000001]:
    add_raw("double NaN bits %016x" % bits, "21%016x" % adjusted(bits, 64), literal=bits == 0x7FF8000000000000)
for bits in [0x7FC00001, 0xFFC00000, 0x7FFFFFFF, 0xFFFFFFFF]:
    add_raw("float NaN bits %08x" % bits, "20%08x" % adjusted(bits, 32), literal=False)

# --- booleans, UUIDs, versionstamps ------------------------------------------------------
add("false", (False,))
add("true", (True,))
add("bools", (False, True, None))
for u in ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
          "00112233-4455-6677-8899-aabbccddeeff", "123e4567-e89b-12d3-a456-426614174000"]:
    add("uuid %s" % u, (uuid.UUID(u),))
for tr, user in [(b"\x00" * 10, 0), (b"0123456789", 5), (b"\x00\x00\x00\x00\x00\x00\x00\x01\x00\x02", 65535),
                 (b"\xff" * 9 + b"\xfe", 1)]:
    add("versionstamp %s/%d" % (tr.hex(), user), (T.Versionstamp(tr, user),))
for user in [0, 7]:
    add_raw("incomplete versionstamp %d" % user, "33" + "ff" * 10 + "%04x" % user)

# --- encodings the reference reads but does not write ------------------------------------
for h in ["1d0105", "1d080000000000000005", "1d0900ffffffffffffffff", "0bfefa", "1d00", "0bff",
          "1500", "13ff", "1c0000000000000001", "0bf70000000000000001", "0bf6" + "ff" * 9]:
    add_raw("non-canonical %s" % h, h)
for h in ["1d09010000000000000000", "0bf6feffffffffffffffff", "0bf70000000000000000",
          "0c0000000000000001", "0c7ffffffffffffffe", "0c0000000000000000",
          "1d0a00" + "ff" * 9, "0bf5ff" + "00" * 9, "1d2000" + "01" * 31]:
    add_raw("beyond 64 bits %s" % h[:24], h)

# --- the command-line example and mixed tuples --------------------------------------------
add("cli example", ("users", 42, b"\x00\xff", -1.5, None, True,
                    uuid.UUID("00112233-4455-6677-8899-aabbccddeeff"), ("n", 1)))
add("benchmark key", ("users", 123456789, "alice@example.com"))

rng = random.Random(20240423)
pool_ints = sorted(ints)


def random_element(depth):
    kind = rng.randrange(11 if depth < 2 else 10)
    if kind == 0:
        return None
    if kind == 1:
        return bytes(rng.choice([0, 1, 0xFF, rng.randrange(256)]) for _ in range(rng.randrange(6)))
    if kind == 2:
        return "".join(rng.choice(["a", "z", "\x00", "é", "😀", "'", '"', "\\"]) for _ in range(rng.randrange(5)))
    if kind == 3:
        return rng.choice(pool_ints)
    if kind == 4:
        if rng.randrange(4) == 0:
            length = rng.randrange(9, 256)
            return rng.choice([1, -1]) * rng.randrange(2 ** (8 * (length - 1)), 2 ** (8 * length))
        return rng.randrange(INT64_MIN, UINT64_MAX)
    if kind == 5:
        return T.SingleFloat(rng.choice(singles[:10] + [rng.uniform(-1e6, 1e6)]))
    if kind == 6:
        return rng.choice(doubles[:10] + [rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randrange(-30, 30)])
    if kind == 7:
        return rng.choice([True, False])
    if kind == 8:
        return uuid.UUID(int=rng.getrandbits(128))
    if kind == 9:
        return T.Versionstamp(bytes(rng.randrange(256) for _ in range(10)), rng.randrange(65536))
    return tuple(random_element(depth + 1) for _ in range(rng.randrange(4)))


for i in range(160):
    tup = tuple(random_element(0) for _ in range(rng.randrange(1, 6)))
    add("random %d" % i, tup)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "LeaseholdTests", "Vectors",
                   "tuple-vectors.json")
with open(out, "w") as f:
    # One vector a line, so that a change shows as a readable diff.
    f.write('{"generator": "Scripts/generate-tuple-vectors.py", "reference": "fdb.tuple (PyPI foundationdb)",\n')
    f.write(' "vectors": [\n')
    f.write(",\n".join("  " + json.dumps(v, ensure_ascii=True) for v in vectors))
    f.write("\n]}\n")
print("wrote %d vectors to %s" % (len(vectors), os.path.normpath(out)), file=sys.stderr)
