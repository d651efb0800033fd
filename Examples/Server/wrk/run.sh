#!/usr/bin/env bash
# Reproduces the wrk figures of Examples/Server/README.md: a release build of note-server, then
# for each store (lmdb:, rocksdb:, memory:) 10,000 imported notes, GET and PUT for DURATION each
# with latency percentiles; then GET for IMPORT_DURATION (8 s, inside the import) while a bulk
# import of IMPORT notes (batches of 1,000 per write) runs through the async API, on LMDB.
#   BIN=… DURATION=30s IMPORT_DURATION=8s THREADS=2 CONNECTIONS=16 IMPORT=1000000 STORES="lmdb: rocksdb: memory:" wrk/run.sh
# Needs wrk (apt-get install -y wrk) and curl. Output: wrk's reports, and a summary at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
IMPORT=${IMPORT:-1000000}
STORES=${STORES:-"lmdb: rocksdb: memory:"}
command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install -y wrk)"; exit 1; }

# BIN=path skips the build (a binary built already).
if [ -z "${BIN:-}" ]; then swift build -c release --product note-server; fi
bin=${BIN:-"$(swift build -c release --show-bin-path)/note-server"}
scratch=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
summary="$scratch/summary"

# start URL: runs the server on a free port in the background; sets $server and $base.
start() {
  LEASEHOLD_STORE="$1" PORT=0 SERVER_ADMIN=1 "$bin" > "$scratch/server.out" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$scratch/server.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "run.sh: the server did not start:"; cat "$scratch/server.out"; exit 1; }
  base="http://127.0.0.1:$port"
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

# bench LABEL SCRIPT [DURATION]: runs wrk and adds "LABEL  requests/s  p99" to the summary.
bench() {
  out="$scratch/wrk.out"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${3:-$DURATION}" --latency -s "wrk/$2" "$base" | tee "$out"
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  printf '%-34s %12s req/s   p99 %s\n' "$1" "$rps" "$p99" >> "$summary"
}

for store in $STORES; do
  case "$store" in memory:) url=memory: ;; *) url="$store$scratch/${store%:}" ;; esac
  start "$url"
  curl -sf -X POST "$base/admin/import?count=10000" > /dev/null
  echo "== $store GET"; bench "$store GET" get.lua
  echo "== $store PUT"; bench "$store PUT" put.lua
  stop
done

url="lmdb:$scratch/import"
start "$url"
curl -sf -X POST "$base/admin/import?count=10000" > /dev/null
echo "== lmdb: GET during an import of $IMPORT notes"
( curl -sf -X POST "$base/admin/import?count=$IMPORT&batch=1000" > "$scratch/import.json"; echo "import answered: $(cat "$scratch/import.json")" ) &
importer=$!
sleep 1
# The GETs must all fall inside the import (1M notes take ~13 s here): IMPORT_DURATION, not DURATION.
bench "lmdb: GET during import" get.lua "${IMPORT_DURATION:-8s}"
if kill -0 "$importer" 2>/dev/null; then overlap="the import was still running when wrk ended"
else overlap="the import ENDED BEFORE wrk: shorten IMPORT_DURATION"; fi
echo "$overlap" >> "$summary"
wait "$importer"
echo "import of $IMPORT: $(cat "$scratch/import.json")" >> "$summary"
stop

echo; echo "== summary (load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
cat "$summary"
