#!/usr/bin/env bash
# Instructions per record of each scan style and of the engine's raw C-API loop, counted by
# callgrind: a deterministic cost figure beside the wall-time benchmarks (the machine is shared
# and noisy; instruction counts are not). 100,000 records of 16-byte keys and 100-byte values.
#
#   Benchmarks/instructions.sh [--engine ENGINE[,ENGINE…]] [STYLE…]
#
# ENGINE: lmdb (the default; with the Memory engine's styles), leveldb, rocksdb, rocksdb-pinned
# (the RocksDB store opened with pinData), or all. STYLE: every style of the engine by default;
# needs valgrind and python3.
#
# Each style runs once inside a function `measure_STYLE` (`measure_memory` for the Memory engine's;
# see Benchmarks/LMDBInstructions and Benchmarks/EngineInstructions); only instructions inside it
# are counted. `malloc/rec` counts calls to the malloc family in it; `reg/rec` and `copy/rec` are
# the lease counters of the pass (sinks registered and copied), which every runner reports.
# The Codable styles (LMDB: codableScan/handScan, codableGet/handGet, codableInsert/handInsert)
# run on RECORDS `User { id, name, email, age }` records in a store of their own (users.lmdb),
# hand-written meaning `Key.pack`/`Key(packed:).decode` of the same bytes; the `any…` styles are
# the scan and get passes through `AnyEngine`.
# Profiles stay in $OUT (default: a temporary directory): `callgrind_annotate $OUT/callgrind.ENGINE.STYLE.1`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${SCRATCH:-$here/../.build-bench}"
records="${RECORDS:-100000}"
export RECORDS="$records"
engines=lmdb
if [ "${1:-}" = "--engine" ]; then engines="$2"; shift 2; fi
[ "$engines" = all ] && engines=lmdb,leveldb,rocksdb,rocksdb-pinned
IFS=, read -r -a engines <<<"$engines"
chosen=("$@")
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

products=()
for engine in "${engines[@]}"; do
  case "$engine" in
    lmdb) products+=(LMDBInstructions);;
    leveldb|rocksdb|rocksdb-pinned) products+=(EngineInstructions);;
    *) echo "unknown engine $engine (lmdb, leveldb, rocksdb, rocksdb-pinned, all)" >&2; exit 2;;
  esac
done
for product in $(printf '%s\n' "${products[@]}" | sort -u); do
  (cd "$here" && swift build -c release --scratch-path "$scratch" --product "$product" >&2)
done
out="${OUT:-$(mktemp -d -t leasehold-callgrind.XXXXXX)}"
mkdir -p "$out/bin"
# Copies without DWARF: Valgrind 3.19 cannot read the DWARF 5 that swiftc writes and may give up
# ("Possibly corrupted debuginfo file"); the symbol table is all callgrind needs here.
built="$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)"
for product in $(printf '%s\n' "${products[@]}" | sort -u); do
  strip --strip-debug -o "$out/bin/$product" "$built/$product"
done
bindir="$out/bin"

count_mallocs() { python3 "$here/callgrind-mallocs.py" "$1"; }  # calls to the malloc family in a profile

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
ratio() { [ -n "${ir[$1]:-}" ] && [ -n "${ir[$2]:-}" ] && printf '  %-34s %6.2fx\n' "$3" "$(div "${ir[$1]}" "${ir[$2]}")"; return 0; }
expiry() { [ -n "${ir[$1]:-}" ] && [ -n "${ir[$2]:-}" ] && printf '  %-34s %6.1f Ir per kept record\n' "$3" "$(div "$(( ir[$1] - ir[$2] ))" "$records")"; return 0; }

for engine in "${engines[@]}"; do
  declare -A ir=()
  styles=("${chosen[@]}")
  if [ "$engine" = lmdb ]; then
    run=("$bindir/LMDBInstructions")
    store="$out/store.lmdb"
    [ -d "$store" ] || "${run[@]}" prepare "$store"
    [ ${#styles[@]} -gt 0 ] || styles=(raw spans scan records cursor keepKeysScan keepKeys keepValuesScan keepValues
                                       rawGets gets memSpans memScan memRecords memKeepKeysScan memKeepKeys
                                       anySpans anyScan anyRecords anyGets
                                       codableScan handScan codableGet handGet codableInsert handInsert)
    users="$out/users.lmdb"  # the Codable styles' store: RECORDS users, prepared once
  else
    run=("$bindir/EngineInstructions" "$engine")
    store="$out/store.${engine%-pinned}"  # rocksdb-pinned opens the rocksdb store
    [ -d "$store" ] || "${run[@]}" prepare "$store"
    [ ${#styles[@]} -gt 0 ] || styles=(raw spans scan records cursor keepKeys keepValues rawGets gets)
  fi
  echo "== $engine ($records records)"
  printf '%-16s %12s %10s %12s %9s %9s\n' style instructions 'Ir/rec' 'malloc/rec' 'reg/rec' 'copy/rec'
  for style in "${styles[@]}"; do
    profile="$out/callgrind.$engine.$style"
    log="$out/valgrind.$engine.$style.log"
    # Counters are zeroed on entry and dumped on exit (part 1): call counts made outside the
    # function stay out too, which --toggle-collect does not guarantee.
    symbol="measure_$style"
    case "$style" in memSpans|memScan|memRecords|memKeepKeys) symbol=measure_memory;; esac
    target="$store"
    case "$style" in
      codableScan|handScan|codableGet|handGet) target="$users"; [ -d "$users" ] || "${run[@]}" prepareUsers "$users";;
      codableInsert|handInsert) target="$out/insert.lmdb";;  # a new store, made outside the measured function
    esac
    valgrind --tool=callgrind --zero-before="$symbol" --dump-after="$symbol" \
      --callgrind-out-file="$profile" "${run[@]}" "$style" "$target" 2>"$log" >"$out/stdout.$engine.$style"
    n=$(sed -n 's/^summary: \([0-9]*\)$/\1/p' "$profile.1" 2>/dev/null | head -1)
    [ -n "$n" ] || { echo "no count for $engine $style (see $log)" >&2; exit 1; }
    ir[$style]=$n
    mallocs=$(count_mallocs "$profile.1")
    # Point gets do one lookup per 7th record; report them per get.
    per=$records
    case "$style" in rawGets|gets|anyGets|codableGet|handGet) per=$(( (records + 6) / 7 ));; esac
    registered=- copied=-
    counters=$(sed -n 's/^counters: //p' "$out/stdout.$engine.$style")
    if [ -n "$counters" ]; then
      registered=$(div "$(sed 's/registered \([0-9]*\).*/\1/' <<<"$counters")" "$per")
      copied=$(div "$(sed 's/.*copied \([0-9]*\).*/\1/' <<<"$counters")" "$per")
    fi
    printf '%-16s %12d %10.1f %12.3f %9s %9s\n' "$style" "$n" "$(div "$n" "$per")" "$(div "$mallocs" "$per")" "$registered" "$copied"
  done

  echo "against the raw loop (instructions):"
  ratio spans raw "scanSpans"
  ratio scan raw "scan closure, Bytes dropped"
  ratio records raw "records() iterator"
  ratio cursor raw "cursor() first/next"
  ratio keepKeys raw "scan keeping every key + expiry"
  ratio keepValues raw "scan keeping every value + expiry"
  ratio gets rawGets "point gets vs the raw get"
  ratio memScan memSpans "Memory: scan closure vs scanSpans"
  ratio memRecords memSpans "Memory: records() vs scanSpans"
  if [ "$engine" = lmdb ]; then
  echo "Codable against hand-written decoding and encoding (instructions):"
  ratio codableScan handScan "typed scan of users, codable/hand"
  ratio codableGet handGet "get of a user, codable/hand"
  ratio codableInsert handInsert "insert of users, codable/hand"
  echo "AnyEngine against the concrete LMDBEngine (instructions):"
  ratio anySpans spans "scanSpans, any/concrete"
  ratio anyScan scan "scan closure, any/concrete"
  ratio anyRecords records "records(), any/concrete"
  ratio anyGets gets "point gets, any/concrete"
  fi
  echo "expiry:"
  expiry keepKeys keepKeysScan "expiry of kept 16-byte keys"
  expiry keepValues keepValuesScan "expiry of kept 100-byte values"
  expiry memKeepKeys memKeepKeysScan "Memory: expiry of kept keys"
  unset ir
done
echo "profiles: $out (callgrind_annotate $out/callgrind.ENGINE.STYLE.1)"
