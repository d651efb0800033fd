#pragma once
// RocksDB's C API (Debian's librocksdb-dev, 7.8.3; Homebrew's rocksdb).
#include <rocksdb/c.h>
