#!/usr/bin/env python3
"""Summarises a dotnet-trace speedscope file (dotnet-sampled-thread-time, evented): the share of on-CPU time per
frame, inclusive and self. On-CPU means the innermost frame is the CPU_TIME marker dotnet-trace puts on samples of a
running thread; waiting threads are left out.

    scripts/speedscope-summary.py trace.speedscope.json [top=40] [--match REGEX ...]
"""
import collections
import json
import re
import sys


def main(argv):
    path, top = argv[1], int(argv[2]) if len(argv) > 2 and argv[2].isdigit() else 40
    matches = [re.compile(m) for m in argv[argv.index("--match") + 1:]] if "--match" in argv else []
    data = json.load(open(path))
    names = [f["name"] for f in data["shared"]["frames"]]
    inclusive, self_time, total = collections.Counter(), collections.Counter(), 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile.get("events", []):
            at = event["at"]
            if stack and last is not None and names[stack[-1]] == "CPU_TIME":
                spent = at - last
                total += spent
                for frame in set(stack):
                    inclusive[frame] += spent
                # The frame under the marker is the one running.
                if len(stack) > 1:
                    self_time[stack[-2]] += spent
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if total == 0:
        print("no on-CPU samples")
        return
    print(f"on-CPU time: {total / 1000:.1f} s of thread time")
    print("inclusive:")
    for frame, spent in inclusive.most_common(top):
        print(f"  {100 * spent / total:5.1f} %  {names[frame][:140]}")
    print("self:")
    for frame, spent in self_time.most_common(top):
        print(f"  {100 * spent / total:5.1f} %  {names[frame][:140]}")
    for pattern in matches:
        share = sum(s for f, s in inclusive.items() if pattern.search(names[f]))
        print(f"frames matching {pattern.pattern!r}: {100 * share / total:.1f} % (sum of inclusive shares)")


if __name__ == "__main__":
    main(sys.argv)
