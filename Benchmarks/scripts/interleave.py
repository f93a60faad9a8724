#!/usr/bin/env python3
"""Times commands in interleaved rounds (A, B, A, B, ...) and prints each one's median and the ratios to the first,
so that a noisy machine slows every command alike. Output goes to /dev/null.

Usage: interleave.py ROUNDS 'COMMAND A' 'COMMAND B' ...
"""
import shlex
import statistics
import subprocess
import sys
import time

rounds, commands = int(sys.argv[1]), sys.argv[2:]
times = [[] for _ in commands]
for c in commands:  # one warm-up each
    subprocess.run(shlex.split(c), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
for _ in range(rounds):
    for i, c in enumerate(commands):
        t = time.perf_counter()
        subprocess.run(shlex.split(c), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times[i].append(time.perf_counter() - t)
base = statistics.median(times[0])
for c, ts in zip(commands, times):
    m = statistics.median(ts)
    print(f"{m * 1000:9.1f} ms median  (min {min(ts) * 1000:.1f}, max {max(ts) * 1000:.1f})  x{base / m:5.2f} vs first  {c}")
