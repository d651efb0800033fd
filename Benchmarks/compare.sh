#!/usr/bin/env bash
# Leasehold (LMDB, RocksDB) beside GRDB.swift (SQLite) on the same workloads, one run, rounds
# interleaved; prints a markdown table (Benchmarks/Benchmarks/PeerComparison).
#
#   Benchmarks/compare.sh [--records N] [--gets N] [--rounds N]     (defaults: 1000000, 100000, 3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${SCRATCH:-$here/../.build-bench}"
cd "$here"
swift build -c release --scratch-path "$scratch" --product PeerComparison >&2
exec "$(swift build -c release --scratch-path "$scratch" --show-bin-path)/PeerComparison" "$@"
