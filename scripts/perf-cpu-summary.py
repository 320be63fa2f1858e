#!/usr/bin/env python3
"""Summarises a system-wide `perf record -e cpu-clock -a -g` of a load run: where the machine's cores went.

Unlike dotnet-trace's sampled thread time, a cpu-clock sample is a thread that was on a CPU when the timer fired, so
threads stopped for a garbage collection, or parked on a lock, are not counted as working, and idle CPUs are counted
as idle (the kernel's swapper). The .NET processes must run with DOTNET_PerfMapEnabled=1 (and
DOTNET_EnableWriteXorExecute=0, without which perf cannot tie the samples to the perf map's JIT-compiled methods).
libcoreclr.so ships without symbols, so its samples are one class: the runtime's native code, which under load is
mostly the garbage collector (a workstation collection runs on the thread whose allocation triggered it, so the
first managed frame above it names the allocation site, not the collector's cost centre).

    scripts/perf-cpu-summary.py perf.data --silo PID [--generator PID] [--top 40]

Prints: the share of all CPU time (2 CPUs × the recording's length) per process (silo, load generator, PostgreSQL,
idle, others); per process, the innermost frame's class (managed code, runtime native, kernel by system call,
OpenSSL, JIT); how much of the idle time fell in 10 ms windows in which the silo ran mostly runtime native code
(its collections); and the first managed frame of the samples, by process and class.
"""
import argparse
import collections
import re
import subprocess

HEADER = re.compile(r"\s*(?P<comm>.*?)\s+(?P<pid>\d+)/(?P<tid>\d+)\s+(?P<time>[\d.]+):")
FRAME = re.compile(r"\s*[0-9a-f]+\s+(?P<sym>.*)\s+\((?P<dso>.*)\)\s*$")


def frame_class(sym, dso):
    if "kernel" in dso:
        return "kernel"
    if "libcoreclr" in dso:
        return "runtime native (GC, allocation)"
    if "libclrjit" in dso:
        return "JIT"
    if "perf-" in dso:
        return "managed code"
    if "libcrypto" in dso or "libssl" in dso or "OpenSsl" in dso:
        return "OpenSSL (frame MACs)"
    return "other native (" + dso.rsplit("/", 1)[-1] + ")"


def system_call(frames):
    for sym, _ in frames:
        if sym.startswith("__x64_sys_") or sym.startswith("__do_sys_"):
            return sym.replace("__x64_sys_", "").replace("__do_sys_", "")
    return "no system call (interrupts, scheduling)"


def managed_name(sym):
    # perf map names read "<return type> [Assembly] Namespace.Type::Method(args)[Tier]"; keep Type::Method.
    sym = re.sub(r"\[(OptimizedTier1|Optimized|Tier0|Tier1|QuickJitted|PreJIT|Instrumented)[A-Za-z0-9]*\]$", "", sym)
    match = re.search(r"([\w.`+<>|\[\],]+::[^(]+)", sym)
    return (match.group(1) if match else sym)[:140]


def samples(path):
    out = subprocess.run(["perf", "script", "-i", path, "-F", "pid,tid,comm,time,ip,sym,dso"],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        header = HEADER.match(lines[0])
        if not header:
            continue
        frames = [(m.group("sym"), m.group("dso")) for m in map(FRAME.match, lines[1:]) if m]
        yield header.group("comm"), header.group("pid"), float(header.group("time")), frames


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--silo", required=True)
    parser.add_argument("--generator", default="")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    by_process, by_class, by_call, by_managed = (collections.Counter() for _ in range(4))
    windows = collections.defaultdict(collections.Counter)
    first = last = None
    total = 0
    for comm, pid, time, frames in samples(args.data):
        if not frames:
            continue
        total += 1
        first = time if first is None else min(first, time)
        last = time if last is None else max(last, time)
        who = ("silo" if pid == args.silo else "load generator" if pid == args.generator
               else "idle" if pid == "0" else "PostgreSQL" if comm.startswith("postgres") else "other")
        by_process[who] += 1
        window = windows[int(time * 100)]
        window["all"] += 1
        window[who] += 1
        if who in ("idle", "other"):
            continue
        kind = frame_class(*frames[0])
        if who == "silo" and kind.startswith("runtime native"):
            window["silo runtime native"] += 1
        by_class[(who, kind)] += 1
        if kind == "kernel":
            by_call[(who, system_call(frames))] += 1
        managed = next((managed_name(sym) for sym, dso in frames if "perf-" in dso), "(no managed frame)")
        by_managed[(who, kind, managed)] += 1

    def share(n):
        return f"{100 * n / total:5.1f} %"

    print(f"{total} samples over {last - first:.1f} s (cpu-clock; every CPU, idle included)")
    print("\nby process:")
    for who, n in by_process.most_common():
        print(f"  {share(n)}  {who}")
    print("\nby process and innermost frame:")
    for (who, kind), n in by_class.most_common():
        print(f"  {share(n)}  {who:15} {kind}")
    print("\nkernel time by system call:")
    for (who, call), n in by_call.most_common(12):
        print(f"  {share(n)}  {who:15} {call}")
    gc_windows = [w for w in windows.values() if w["silo runtime native"] >= 0.4 * w["all"]]
    idle_in_gc = sum(w["idle"] for w in gc_windows)
    idle_all = by_process["idle"]
    print(f"\nidle: {share(idle_all)} of all CPU time; {idle_in_gc} of its {idle_all} samples in the "
          f"{len(gc_windows)} of {len(windows)} 10 ms windows in which the silo ran mostly runtime native code "
          f"(idle {100 * idle_in_gc / max(1, sum(w['all'] for w in gc_windows)):.1f} % of those windows' CPU time)")
    print("\nfirst managed frame (process, innermost frame's class, method):")
    for (who, kind, managed), n in by_managed.most_common(args.top):
        print(f"  {share(n)}  {who:15} {kind:32} {managed}")


if __name__ == "__main__":
    main()
