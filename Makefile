# Leasehold — the two commands in the README: `make demo` and `make test`.
SWIFT ?= swift
# The engine libraries, as Debian packages (LevelDB ships no pkg-config file; RocksDB and LMDB do),
# and etcd, which the etcd adapter's tests start as a 3-member cluster on loopback.
APT_PACKAGES := liblmdb-dev libleveldb-dev librocksdb-dev etcd-server
# Package traits the tests build with: Etcd builds the etcd adapter (and gRPC). `make test TRAITS=`
# tests without it.
TRAITS ?= Etcd
TRAIT_FLAGS := $(if $(TRAITS),--traits $(TRAITS))

.PHONY: deps build demo test tier-check key-check noasync-check plugin-check examples server-example docs sanitize fuzz clean

# Installs the engine libraries with apt when any is missing (as root, or through sudo).
deps:
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; \
	  for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	else \
	  echo "not a Debian system: install LMDB, LevelDB, RocksDB and etcd yourself (e.g. brew install lmdb leveldb rocksdb etcd)"; \
	fi

build: deps
	$(SWIFT) build

# Builds the tool (release: the bench table means something) and shows it off on the default
# embedded LMDB store, ./leasehold-data: the lease demo, a sample data set loaded and scanned,
# the store's manifest and counters, and the bench table of every engine built.
demo: deps
	$(SWIFT) build -c release --product leasehold
	@set -e; bin="$$($(SWIFT) build -c release --show-bin-path)/leasehold"; \
	echo; echo "== leasehold demo: zero-copy reads, values kept past the transaction"; \
	"$$bin" demo; \
	echo; echo "== leasehold import Examples/sample.jsonl   (into lmdb:./leasehold-data)"; \
	"$$bin" import Examples/sample.jsonl; \
	echo; echo "== leasehold scan --prefix \"('orders', 7)\""; \
	"$$bin" scan --prefix "('orders', 7)"; \
	echo; echo "== leasehold stats"; \
	"$$bin" stats; \
	echo; echo "== leasehold bench --engine all --records 100000 --passes 3"; \
	"$$bin" bench --engine all --records 100000 --passes 3

test: deps
	$(SWIFT) build --build-tests $(TRAIT_FLAGS)
	$(MAKE) tier-check
	$(MAKE) key-check
	$(MAKE) noasync-check
	$(SWIFT) test $(TRAIT_FLAGS)
	# Alone: it measures the cooperative pool, which the other tests' synchronous bodies block.
	LEASEHOLD_QUIET_POOL=1 $(SWIFT) test $(TRAIT_FLAGS) --skip-build --filter AsyncTickerTests
	$(MAKE) plugin-check
	$(MAKE) examples
	$(MAKE) server-example

# The adapter tier is sealed: the program in Tests/Fixtures/AdapterTier calls a raw primitive
# on a user transaction. Typechecked against the debug build's modules, it must fail as it is
# and pass with `@_spi(Adapter) import Leasehold` added (so the check itself can fail).
TIER_FLAGS := -typecheck -I .build/debug/Modules -I Sources/CLMDB $(shell pkg-config --cflags-only-I lmdb 2>/dev/null)
tier-check:
	@fixture=Tests/Fixtures/AdapterTier/HeldValue.swift; opted=.build/tier-check-opted-in.swift; \
	  if swiftc $(TIER_FLAGS) $$fixture > .build/tier-check.log 2>&1; then \
	    echo "tier-check: the raw primitive compiled without the opt-in"; exit 1; fi; \
	  grep -E "error: .*(put|argument label|_spi|inaccessible)" .build/tier-check.log | head -2; \
	  sed 's/^import Leasehold$$/@_spi(Adapter) import Leasehold/' $$fixture > $$opted; \
	  if ! swiftc $(TIER_FLAGS) $$opted > .build/tier-check.log 2>&1; then \
	    echo "tier-check: the program does not compile even with the opt-in:"; cat .build/tier-check.log; exit 1; fi; \
	  echo "tier-check: put(key:value:) on a user transaction needs @_spi(Adapter) (refused without, compiles with)"

# No Key(raw) trap: the program in Tests/Fixtures/KeyTrap wraps scanned bytes with `Key(raw)` and
# rebuilds a prefix with `Key(k.packed)`. Typechecked against the debug build's modules, both
# lines must fail with the message naming `Key(packed:)` and `Key(bytes:)`, and the program must
# pass once each says `Key(packed: ...)` (so the check itself can fail).
key-check:
	@fixture=Tests/Fixtures/KeyTrap/OneElement.swift; fixed=.build/key-check-packed.swift; \
	  if swiftc $(TIER_FLAGS) $$fixture > .build/key-check.log 2>&1; then \
	    echo "key-check: Key(raw) on bytes compiled"; exit 1; fi; \
	  hint="use Key(packed: raw) for bytes that are a packed tuple, or Key(bytes: raw) for a tuple of one byte-string element"; \
	  if [ "$$(grep -c "^$$fixture:.*error: 'init(_:)' is unavailable: $$hint" .build/key-check.log)" -ne 2 ]; then \
	    echo "key-check: the fixture failed, but not twice with the message naming both fixes:"; cat .build/key-check.log; exit 1; fi; \
	  grep -m1 "^$$fixture:.*error:" .build/key-check.log; \
	  sed -E 's/Key\((raw|Key\("orders", 7\)\.packed)\)/Key(packed: \1)/' $$fixture > $$fixed; \
	  if ! swiftc $(TIER_FLAGS) $$fixed > .build/key-check.log 2>&1; then \
	    echo "key-check: the program does not compile even with Key(packed:):"; cat .build/key-check.log; exit 1; fi; \
	  echo "key-check: Key(raw) and Key(k.packed) are refused with both fixes named; Key(packed:) compiles"

# One concurrency story: the programs in Tests/Fixtures/NoAsync call blocking engine calls from
# async functions (through a concrete engine, AnyEngine, a namespace, a generic and an
# existential) and return a leased Bytes from an async transaction. Typechecked in Swift 6 mode
# against the debug build's modules (LeaseholdAsync needs NIO's C module maps), each refused line
# must be an error (6 and 1), and the programs must compile once fixed: `async` removed, and
# `?.ownedCopy()` on the leased value (so the check itself can fail).
ASYNC_MAPS = $(foreach m,$(wildcard .build/debug/CNIO*.build/module.modulemap) .build/checkouts/swift-atomics/Sources/_AtomicsShims/include/module.modulemap .build/checkouts/swift-nio/Sources/CNIOWindows/include/module.modulemap,-Xcc -fmodule-map-file=$(m))
noasync-check:
	@blocking=Tests/Fixtures/NoAsync/BlockingFromAsync.swift; leased=Tests/Fixtures/NoAsync/LeasedResult.swift; \
	  swiftc $(TIER_FLAGS) -swift-version 6 $$blocking > .build/noasync-check.log 2>&1; \
	  n=$$(grep -c "^$$blocking:.*error: .* is unavailable from asynchronous contexts" .build/noasync-check.log); \
	  if [ "$$n" -ne 6 ]; then echo "noasync-check: expected 6 refused blocking calls, got $$n:"; cat .build/noasync-check.log; exit 1; fi; \
	  grep -m1 "^$$blocking:.*error:" .build/noasync-check.log; \
	  sed 's/) async throws {/) throws {/' $$blocking > .build/noasync-check-sync.swift; \
	  if ! swiftc $(TIER_FLAGS) -swift-version 6 .build/noasync-check-sync.swift > .build/noasync-check.log 2>&1; then \
	    echo "noasync-check: the blocking calls do not compile even from synchronous functions:"; cat .build/noasync-check.log; exit 1; fi; \
	  swiftc $(TIER_FLAGS) $(ASYNC_MAPS) -swift-version 6 $$leased > .build/noasync-check.log 2>&1; \
	  if ! grep -q "^$$leased:.*error: .*'Bytes'.* 'Sendable'" .build/noasync-check.log; then \
	    echo "noasync-check: a leased Bytes returned from an async transaction was not refused:"; cat .build/noasync-check.log; exit 1; fi; \
	  grep -m1 "^$$leased:.*error:" .build/noasync-check.log; \
	  sed 's/try txn.get(\[1\]) }/try txn.get([1])?.ownedCopy() }/' $$leased > .build/noasync-check-owned.swift; \
	  if ! swiftc $(TIER_FLAGS) $(ASYNC_MAPS) -swift-version 6 .build/noasync-check-owned.swift > .build/noasync-check.log 2>&1; then \
	    echo "noasync-check: the owned copy does not compile:"; cat .build/noasync-check.log; exit 1; fi; \
	  echo "noasync-check: 6 blocking calls refused from async code; a leased Bytes cannot leave an async transaction (ownedCopy() can)"

# The conformance plugin, run the way an adapter author runs it, on the example adapter package
# (every case passes); then on a fixture adapter that crashes in one case, which the plugin must
# name (and fail).
plugin-check: deps
	cd Examples/ArrayStore && $(SWIFT) package leasehold-conformance --quiet
	@cd Tests/Fixtures/CrashingAdapter && { $(SWIFT) package leasehold-conformance --quiet > .build-plugin-check.log 2>&1; status=$$?; }; \
	  grep -E "^(crashed|the test process crashed|[0-9]+ passed)" .build-plugin-check.log; \
	  if [ $$status -ne 0 ] && grep -q "the test process crashed on signal [0-9]* in lifecycle.throwingBodyLeavesStoreClosable; [0-9]* case(s) never ran" .build-plugin-check.log; \
	  then echo "plugin-check: the crashing adapter's run names the case it crashed in"; rm -f .build-plugin-check.log; \
	  else echo "plugin-check: the plugin did not report the crash by case"; tail -30 .build-plugin-check.log; exit 1; fi

# The order service in Examples/Orders, a package of its own that depends on this checkout as an
# application does: built, then run on memory:, LMDB and RocksDB stores under missing parent
# directories of a scratch folder; it checks every answer and exits 1 on a wrong one.
examples: deps
	cd Examples/Orders && $(SWIFT) build
	@set -e; scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	  bin="$$(cd Examples/Orders && $(SWIFT) build --show-bin-path)/orders"; \
	  "$$bin" memory: "lmdb:$$scratch/lmdb/orders" "rocksdb:$$scratch/rocksdb/orders"

# The Hummingbird app in Examples/Server, its own package over this checkout: its tests start the
# app on a free port and talk HTTP to it (routes, paging, the live feed, /metrics) on memory:,
# LMDB and RocksDB. Its figures come from Examples/Server/wrk/run.sh, not from here.
server-example: deps
	cd Examples/Server && $(SWIFT) build --build-tests && $(SWIFT) test --skip-build

# The DocC catalog of the core (swift-docc-plugin); warnings fail it.
docs:
	$(SWIFT) package generate-documentation --target LeaseholdCore --warnings-as-errors
	$(SWIFT) package generate-documentation --target LeaseholdTuple --warnings-as-errors

# The whole test suite under AddressSanitizer (with LeakSanitizer) and then ThreadSanitizer,
# each in its own build folder. Swift Testing only (`--disable-xctest`: we have no XCTest cases,
# and XCTest's own runner leaks). Suppressions: .ci/lsan-suppressions.txt (code not ours).
# Soaks and crash tests are sized by operations, so they do the same work here, only slower.
# Without the Etcd trait: the etcd adapter is not sanitized here. gRPC and NIO built twice more
# (ASan, TSan) would cost CI about an hour on two cores, past its 90 minutes; by hand:
# `swift test --traits Etcd --sanitize=thread --scratch-path .build-tsan-etcd --filter Etcd`.
sanitize: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan-suppressions.txt \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan --skip-build --disable-xctest
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=exitcode=66 \
	  $(SWIFT) test --sanitize=thread --scratch-path .build-tsan --skip-build --disable-xctest

# libFuzzer targets of the tuple layer (Fuzz/, a package of its own): each runs FUZZ_RUNS inputs
# from its committed seeds plus what earlier runs found. Not part of `make test`. A crash input
# lands in .build-fuzz/artifacts/; replay it with `.build-fuzz/release/fuzz-<target> <file>`.
# `--sanitize fuzzer` makes SwiftPM link libFuzzer's main; the one -sanitize=fuzzer,address flag
# after it instruments for coverage and ASan together (`--sanitize fuzzer --sanitize address`
# passes two flags, and the second drops the coverage: libFuzzer would then fuzz blind).
FUZZ_TARGETS := tuple-decoder tuple-elements tuple-literal tuple-codable
FUZZ_RUNS ?= 200000
FUZZ_FLAGS ?=
# The Swift backtracer cannot run under ASan; libFuzzer and ASan report crashes themselves.
FUZZ_ENV := SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0

fuzz:
	cd Fuzz && $(SWIFT) build -c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address --scratch-path ../.build-fuzz
	@mkdir -p .build-fuzz/artifacts
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t; \
	  echo "== fuzz-$$t: $(FUZZ_RUNS) runs"; \
	  $(FUZZ_ENV) .build-fuzz/release/fuzz-$$t -runs=$(FUZZ_RUNS) -max_len=1024 -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=.build-fuzz/artifacts/$$t- $(FUZZ_FLAGS) .build-fuzz/corpus/$$t Fuzz/Corpus/$$t \
	    > .build-fuzz/$$t.log 2>&1; status=$$?; \
	  grep -E "^(Done|stat::number_of_executed_units)" .build-fuzz/$$t.log; \
	  [ $$status -eq 0 ] || { tail -40 .build-fuzz/$$t.log; echo "fuzz-$$t failed (status $$status)"; exit 1; }; \
	done

clean:
	rm -rf .build .build-asan .build-tsan .build-fuzz Examples/ArrayStore/.build Tests/Fixtures/CrashingAdapter/.build
