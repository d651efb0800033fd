# Leasehold — the two commands in the README: `make demo` and `make test`.
SWIFT ?= swift
# The engine libraries, as Debian packages (LevelDB ships no pkg-config file; RocksDB and LMDB do).
APT_PACKAGES := liblmdb-dev libleveldb-dev librocksdb-dev

.PHONY: deps build demo test clean

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
	  echo "not a Debian system: install LMDB, LevelDB and RocksDB yourself (e.g. brew install lmdb leveldb rocksdb)"; \
	fi

build: deps
	$(SWIFT) build

# Builds the tool and runs it on an embedded LMDB store in a temporary directory.
demo: deps
	$(SWIFT) build --product leasehold
	$$($(SWIFT) build --show-bin-path)/leasehold demo

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf .build
