#!/usr/bin/env python3
"""Prints the number of calls to the malloc family recorded in a callgrind profile.

    callgrind-mallocs.py PROFILE

Used by instructions.sh and tuple-instructions.sh for their malloc-per-operation column.
"""
import re
import sys

FAMILY = {"malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign"}

names, current, total = {}, None, 0
for line in open(sys.argv[1], errors="replace"):
    # fn= and cfn= share one table of compressed names: "(id) name" defines, "(id)" refers.
    m = re.match(r"(c?)fn=(?:\((\d+)\))? ?(.*)", line.rstrip("\n"))
    if m:
        name = m.group(3) or names.get(m.group(2))
        if m.group(2) and m.group(3):
            names[m.group(2)] = m.group(3)
        if m.group(1):
            current = name
    elif line.startswith("calls=") and current in FAMILY:
        total += int(line.split("=")[1].split()[0])
print(total)
