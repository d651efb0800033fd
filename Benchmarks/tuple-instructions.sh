#!/usr/bin/env bash
# Instructions and mallocs per operation of the tuple layer's speed targets, counted by
# callgrind (deterministic on a shared, noisy machine; the wall-time figures come from
# TupleBenchmarks). The key is ('users', 123456789+i, 'alice@example.com'), i in 0..<16.
# codableDecode/handDecode and codableEncode/handEncode: issue 19's User { id, name, email, age }
# through TupleDecoder/TupleEncoder against Key(id, name, email, age) packed and decoded by hand.
#
#   Benchmarks/tuple-instructions.sh [OPERATION…]   (default: all; needs valgrind and python3)
#
# Each operation runs N times (N=100000) inside `measure_OPERATION` (Benchmarks/TupleInstructions);
# only what runs inside it is counted, and the bare loop (`measure_loop`) is subtracted.
# Profiles stay in $OUT (default: a temporary directory): `callgrind_annotate $OUT/callgrind.OP.1`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${SCRATCH:-$here/../.build-bench}"
n="${N:-100000}"
operations=("$@")
[ ${#operations[@]} -gt 0 ] || operations=(packKey packArray unpackViews unpackTyped lazyInt codableDecode handDecode codableEncode handEncode)
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

(cd "$here" && swift build -c release --scratch-path "$scratch" --product TupleInstructions >&2)
out="${OUT:-$(mktemp -d -t leasehold-tuple-callgrind.XXXXXX)}"; mkdir -p "$out"
# A copy without DWARF: Valgrind 3.19 cannot read the DWARF 5 that swiftc writes and gives up
# ("unhandled dwarf2 abbrev form"); the symbol table is all callgrind needs here.
bin="$out/TupleInstructions"
strip --strip-debug -o "$bin" "$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)/TupleInstructions"

count_mallocs() { python3 "$here/callgrind-mallocs.py" "$1"; }  # calls to the malloc family in a profile

measure() {  # prints "instructions mallocs" of one operation's N runs
  local profile="$out/callgrind.$1"
  valgrind --tool=callgrind --zero-before="measure_$1" --dump-after="measure_$1" \
    --callgrind-out-file="$profile" "$bin" "$1" "$n" 2>"$out/valgrind.$1.log" >/dev/null
  local ir
  ir=$(sed -n 's/^summary: \([0-9]*\)$/\1/p' "$profile.1" 2>/dev/null | head -1)
  [ -n "$ir" ] || { echo "no count for $1 (see $out/valgrind.$1.log)" >&2; exit 1; }
  echo "$ir $(count_mallocs "$profile.1")"
}

loop_line="$(measure loop)" || exit 1
read -r loop _ <<<"$loop_line"
printf '%-12s %12s %8s %10s\n' operation instructions 'Ir/op' 'malloc/op'
for op in "${operations[@]}"; do
  line="$(measure "$op")" || exit 1
  read -r ir mallocs <<<"$line"
  awk -v op="$op" -v ir="$ir" -v loop="$loop" -v m="$mallocs" -v n="$n" \
    'BEGIN { printf "%-12s %12d %8.1f %10.3f\n", op, ir, (ir - loop) / n, m / n }'
done
echo "(the bare loop, $(awk -v a="$loop" -v n="$n" 'BEGIN { printf "%.1f", a / n }') Ir/op, is subtracted; profiles: $out)"
