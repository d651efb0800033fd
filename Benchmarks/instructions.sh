#!/usr/bin/env bash
# Instructions per record of each LMDB scan style and of the raw mdb_cursor_get loop, counted by
# callgrind: a deterministic cost figure beside the wall-time benchmarks (the machine is shared
# and noisy; instruction counts are not). 100,000 records of 16-byte keys and 100-byte values.
#
#   Benchmarks/instructions.sh [STYLE…]     (default: every style; needs valgrind and python3)
#
# Each style runs once inside a function `measure_STYLE` (`measure_memory` for the Memory engine's;
# see Benchmarks/LMDBInstructions); only instructions inside it are counted. `malloc/rec` counts calls to the malloc family in it.
# Profiles stay in $OUT (default: a temporary directory): `callgrind_annotate $OUT/callgrind.STYLE.1`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${SCRATCH:-$here/../.build-bench}"
records=100000
styles=("$@")
if [ ${#styles[@]} -eq 0 ]; then
  styles=(raw spans scan records cursor keepKeysScan keepKeys keepValuesScan keepValues rawGets gets
          memSpans memScan memRecords memKeepKeysScan memKeepKeys)
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

(cd "$here" && swift build -c release --scratch-path "$scratch" --product LMDBInstructions >&2)
bin="$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)/LMDBInstructions"
out="${OUT:-$(mktemp -d -t leasehold-callgrind.XXXXXX)}"
store="$out/store"
"$bin" prepare "$store"

count_mallocs() {  # calls to the malloc family recorded in a callgrind profile
  python3 - "$1" <<'PY'
import re, sys
names, current, total = {}, None, 0
family = {"malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign"}
for line in open(sys.argv[1], errors="replace"):
    # fn= and cfn= share one table of compressed names: "(id) name" defines, "(id)" refers.
    m = re.match(r"(c?)fn=(?:\((\d+)\))? ?(.*)", line.rstrip("\n"))
    if m:
        name = m.group(3) or names.get(m.group(2))
        if m.group(2) and m.group(3): names[m.group(2)] = m.group(3)
        if m.group(1): current = name
    elif line.startswith("calls=") and current in family:
        total += int(line.split("=")[1].split()[0])
print(total)
PY
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
declare -A ir
printf '%-16s %12s %10s %12s\n' style instructions 'Ir/rec' 'malloc/rec'
for style in "${styles[@]}"; do
  profile="$out/callgrind.$style"
  log="$out/valgrind.$style.log"
  # Counters are zeroed on entry and dumped on exit (part 1): call counts made outside the
  # function stay out too, which --toggle-collect does not guarantee.
  symbol="measure_$style"
  case "$style" in memSpans|memScan|memRecords|memKeepKeys) symbol=measure_memory;; esac
  valgrind --tool=callgrind --zero-before="$symbol" --dump-after="$symbol" \
    --callgrind-out-file="$profile" "$bin" "$style" "$store" 2>"$log" >/dev/null
  n=$(sed -n 's/^summary: \([0-9]*\)$/\1/p' "$profile.1" 2>/dev/null | head -1)
  [ -n "$n" ] || { echo "no count for $style (see $log)" >&2; exit 1; }
  ir[$style]=$n
  mallocs=$(count_mallocs "$profile.1")
  # Point gets do one lookup per 7th record; report them per get.
  per=$records
  case "$style" in rawGets|gets) per=$(( (records + 6) / 7 ));; esac
  printf '%-16s %12d %10.1f %12.3f\n' "$style" "$n" "$(div "$n" "$per")" "$(div "$mallocs" "$per")"
done

ratio() { [ -n "${ir[$1]:-}" ] && [ -n "${ir[$2]:-}" ] && printf '  %-34s %6.2fx\n' "$3" "$(div "${ir[$1]}" "${ir[$2]}")"; return 0; }
expiry() { [ -n "${ir[$1]:-}" ] && [ -n "${ir[$2]:-}" ] && printf '  %-34s %6.1f Ir per kept record\n' "$3" "$(div "$(( ir[$1] - ir[$2] ))" "$records")"; return 0; }
echo "against the raw loop (instructions):"
ratio spans raw "scanSpans"
ratio scan raw "scan closure, Bytes dropped"
ratio records raw "records() iterator"
ratio cursor raw "cursor() first/next"
ratio keepKeys raw "scan keeping every key + expiry"
ratio keepValues raw "scan keeping every value + expiry"
ratio gets rawGets "point gets vs raw mdb_get"
ratio memScan memSpans "Memory: scan closure vs scanSpans"
ratio memRecords memSpans "Memory: records() vs scanSpans"
expiry keepKeys keepKeysScan "expiry of kept 16-byte keys"
expiry keepValues keepValuesScan "expiry of kept 100-byte values"
expiry memKeepKeys memKeepKeysScan "Memory: expiry of kept keys"
echo "profiles: $out (callgrind_annotate $out/callgrind.STYLE.1)"
