#!/usr/bin/env python3
"""Summarises `dotnet-counters collect --counters System.Runtime --format csv`: the share of wall-clock time the
process stood paused for garbage collection (dotnet.gc.pause.time), the collections per second by generation and
the mean pause. The first word of the output is the share (e.g. "13.8%"), which scripts/perf-table.sh puts in its table.

    scripts/gc-pause-summary.py counters.csv
"""
import collections
import sys


def main(path):
    pauses, collections_by_gen, times = [], collections.Counter(), set()
    interval = None
    for line in open(path):
        fields = line.strip().split(",")
        if len(fields) < 5:
            continue
        name, value = fields[2], fields[4]
        try:
            value = float(value)
        except ValueError:
            continue
        # "(s / 5 sec)": the counters are rates over the refresh interval.
        if "/ " in name and " sec)" in name:
            interval = float(name.split("/ ")[1].split(" sec)")[0])
        if "gc.pause.time" in name:
            pauses.append(value)
            times.add(fields[0])
        elif "gc.collections" in name:
            collections_by_gen[name.split("=")[-1].rstrip("]")] += value
    if not pauses or not interval:
        print("– (no GC counters)")
        return
    seconds = interval * len(pauses)
    paused = sum(pauses)
    count = sum(collections_by_gen.values())
    per_gen = ", ".join(f"{gen} {n / seconds:.1f}/s" for gen, n in sorted(collections_by_gen.items()))
    mean = f"{1000 * paused / count:.1f} ms" if count else "–"
    print(f"{100 * paused / seconds:.1f}% paused over {seconds:.0f} s; collections {per_gen}; mean pause {mean}")


if __name__ == "__main__":
    main(sys.argv[1])
