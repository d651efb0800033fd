#pragma once
// LevelDB's C API (Debian: libleveldb-dev; it ships no pkg-config file, so the module map links
// the library by name).
#include <leveldb/c.h>
