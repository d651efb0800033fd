#!/usr/bin/env bash
# Instructions per record of the write path against the raw C loops (LMDB `mdb_put` in one
# transaction; a LevelDB/RocksDB `WriteBatch` written with the store's options), of `txn.get`
# against `withValue` and the raw `mdb_get`, and of `AnyEngine` against `LMDBEngine` on every scan
# style and on get, counted by callgrind. 100,000 records of 16-byte keys and 100-byte values.
#
#   Benchmarks/write-instructions.sh [STYLE…]     (WriteInstructions --help lists the styles)
#
# Each style runs once inside `measure_STYLE`; only instructions inside it are counted, and
# `malloc/rec` counts calls to the malloc family in it. Wall-time ratios of the same pairs:
# `$(swift build … --show-bin-path)/WriteInstructions ratios DIR`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${SCRATCH:-$here/../.build-bench}"
records="${RECORDS:-100000}"
export RECORDS="$records"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
(cd "$here" && swift build -c release --scratch-path "$scratch" --product WriteInstructions >&2)
out="${OUT:-$(mktemp -d -t leasehold-writes.XXXXXX)}"
mkdir -p "$out/bin"
built="$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)"
# Without DWARF: Valgrind 3.19 cannot read the DWARF 5 swiftc writes (see instructions.sh).
strip --strip-debug -o "$out/bin/WriteInstructions" "$built/WriteInstructions"
run="$out/bin/WriteInstructions"
[ -d "$out/read.lmdb" ] || "$run" prepare "$out"
styles=("$@")
[ ${#styles[@]} -gt 0 ] || styles=(rawPut put anyPut levelRawBatch levelCommit rocksRawBatch rocksCommit
                                   rawGets gets withValue anyGets anyWithValue
                                   spans anySpans scan anyScan records anyRecords cursor anyCursor)
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
declare -A ir=()
printf '%-16s %12s %10s %12s\n' style instructions 'Ir/rec' 'malloc/rec'
for style in "${styles[@]}"; do
  profile="$out/callgrind.$style"
  valgrind --tool=callgrind --zero-before="measure_$style" --dump-after="measure_$style" \
    --callgrind-out-file="$profile" "$run" "$style" "$out" 2>"$out/valgrind.$style.log" >/dev/null
  n=$(sed -n 's/^summary: \([0-9]*\)$/\1/p' "$profile.1" 2>/dev/null | head -1)
  [ -n "$n" ] || { echo "no count for $style (see $out/valgrind.$style.log)" >&2; exit 1; }
  ir[$style]=$n
  per=$records
  case "$style" in rawGets|gets|withValue|anyGets|anyWithValue) per=$(( (records + 6) / 7 ));; esac
  printf '%-16s %12d %10.1f %12.3f\n' "$style" "$n" "$(div "$n" "$per")" "$(div "$(python3 "$here/callgrind-mallocs.py" "$profile.1")" "$per")"
done
ratio() { [ -n "${ir[$1]:-}" ] && [ -n "${ir[$2]:-}" ] && printf '  %-34s %6.3fx\n' "$1 / $2" "$(div "${ir[$1]}" "${ir[$2]}")"; return 0; }
echo "ratios (instructions):"
ratio put rawPut; ratio anyPut put; ratio levelCommit levelRawBatch; ratio rocksCommit rocksRawBatch
ratio gets withValue; ratio gets rawGets; ratio anyGets gets; ratio anyWithValue withValue
ratio anySpans spans; ratio anyScan scan; ratio anyRecords records; ratio anyCursor cursor
echo "profiles: $out (callgrind_annotate $out/callgrind.STYLE.1)"
