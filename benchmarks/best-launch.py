#!/usr/bin/env python3
"""Best-launch figures from BenchmarkDotNet logs, one column per run.

Usage: best-launch.py CLASS BASELINE LOG [LOG ...]
  CLASS     the benchmark class, e.g. ServerInterceptionBenchmarks
  BASELINE  the baseline method for the ratios, e.g. NoInstrumentation (or - for none)
  LOG       the console output of a run (dotnet run ... > run.log), one per run

Each case's figure is the mean of its fastest launch: on this machine a whole launch is now and
then slowed down from outside (see README.md), and such interference only ever adds time.
"""
import collections
import re
import statistics
import sys


def best_launches(log):
    launches = collections.defaultdict(lambda: collections.defaultdict(list))
    case = launch = None
    for line in open(log, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"^// Benchmark: (\S+): .*?(?: \[(.*)\])?$", line)
        if m:
            case = (m.group(1).split(".")[-2], m.group(1).split(".")[-1], m.group(2) or "")
            continue
        m = re.match(r"^// Launch: (\d+) / ", line)
        if m:
            launch = int(m.group(1))
            continue
        m = re.match(r"^WorkloadResult\s+\d+: (\d+) op, ([\d.]+) ns", line)
        if m and case:
            launches[case][launch].append(float(m.group(2)) / int(m.group(1)))
    return {c: min(statistics.mean(v) for v in per.values()) for c, per in launches.items()}


def duration(ns):
    return f"{ns / 1000:.3f} µs" if ns >= 1000 else f"{ns:.1f} ns"


def main(cls, baseline, logs):
    runs = [best_launches(log) for log in logs]
    cases = [c for c in runs[0] if c[0] == cls]
    print("| method | parameters | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |")
    print("|---|---|" + "---:|" * len(runs))
    for case in cases:
        cells = []
        for run in runs:
            ns = run.get(case)
            base = run.get((cls, baseline, case[2]))
            cells.append("-" if ns is None else duration(ns) + (f" ({ns / base:.2f})" if base else ""))
        print(f"| {case[1]} | {case[2] or '-'} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
