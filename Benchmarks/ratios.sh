#!/usr/bin/env bash
# Wall-time ratios of the LMDB scan styles to the raw mdb_cursor_get loop, measured with the
# passes interleaved (raw, style, raw, style…) so that other work on a shared machine slows both
# sides of each ratio alike; medians over ROUNDS rounds (default 15) on RECORDS records (default
# 1,000,000: the size of the package-benchmark suite). A cross-check for that suite.
#
#   Benchmarks/ratios.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${SCRATCH:-$here/../.build-bench}"
export RECORDS="${RECORDS:-1000000}"
(cd "$here" && swift build -c release --scratch-path "$scratch" --product LMDBInstructions >&2)
bin="$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)/LMDBInstructions"
store="$(mktemp -d -t leasehold-ratios.XXXXXX)"
trap 'rm -rf "$store"' EXIT
"$bin" prepare "$store/store"
"$bin" ratios "$store/store"
