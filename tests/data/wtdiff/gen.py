#!/usr/bin/env python3
"""Write the wtdiff fixtures (tests/data/wtdiff/*.ndjson): synthetic
`wtlat --record` runs with log-normal stage latencies, bucketed exactly as
include/wt/wt_events.h does.  Deterministic: run it again after changing
the record format and commit the result.

    tests/data/wtdiff/gen.py tests/data/wtdiff
"""
import json
import math
import os
import random
import sys

SUB_BITS = 2
SUB = 1 << SUB_BITS
STAGES = ["total", "begin1", "lock", "wbwait", "copy", "begin2", "device", "complete", "other"]
# median ns of each stage but total (the sum) and wbwait (rare)
MEDIANS = {"begin1": 900, "lock": 400, "copy": 1200, "begin2": 700, "device": 60000,
           "complete": 3000, "other": 2500}


def bucket(v):
    if v < SUB:
        return v
    l = v.bit_length() - 1
    sub = (v >> (l - SUB_BITS)) & (SUB - 1)
    return (l - SUB_BITS + 1) * SUB + sub


def bucket_low(b):
    if b < SUB:
        return b
    l = b // SUB + SUB_BITS - 1
    return (1 << l) + ((b % SUB) << (l - SUB_BITS))


def bucket_high(b):
    if b + 1 >= (64 - SUB_BITS + 1) * SUB:
        return (1 << 64) - 1
    return bucket_low(b + 1)


class Hist:
    def __init__(self):
        self.slots = {}
        self.count = self.sum = 0
        self.min = self.max = None

    def add(self, v):
        b = bucket(v)
        self.slots[b] = self.slots.get(b, 0) + 1
        self.count += 1
        self.sum += v
        self.min = v if self.min is None else min(self.min, v)
        self.max = v if self.max is None else max(self.max, v)

    def merge(self, o):
        for b, c in o.slots.items():
            self.slots[b] = self.slots.get(b, 0) + c
        self.count += o.count
        self.sum += o.sum
        if o.count:
            self.min = o.min if self.min is None else min(self.min, o.min)
            self.max = o.max if self.max is None else max(self.max, o.max)

    def json(self):
        return {"count": self.count, "sum_ns": self.sum, "min_ns": self.min or 0,
                "max_ns": self.max or 0,
                "buckets": [{"lo_ns": bucket_low(b), "hi_ns": bucket_high(b), "count": c}
                            for b, c in sorted(self.slots.items())]}


def start(kernel="7.2.13+", head="0123456789abcdef0123456789abcdef01234567", tag="base",
          cpus=2, schema="wt.wtlat/3", pid=None, bpf_stats=False, intervals=10, sub_bits=SUB_BITS):
    """A start record as tools/common/latrec.c writes it (docs/tools.md)."""
    return {"schema": schema, "type": "start", "tool": "wtlat", "version": "3.0", "git": "1a2b3c4",
            "kernel": {"release": kernel, "version": "#1 SMP PREEMPT_DYNAMIC", "machine": "x86_64"},
            "series_head": head, "tag": tag,
            "cpus": {"online": cpus, "configured": cpus, "model": "QEMU Virtual CPU version 2.5+"},
            "clock": {"monotonic_ns": 1000000000, "realtime_ns": 1764000000000000000},
            "options": {"pid": pid, "cgroup": None, "dev": None, "stages": STAGES,
                        "interval_s": 1, "count": intervals, "btf": None, "bpf_stats": bpf_stats},
            "histogram": {"unit": "ns", "sub_bits": sub_bits, "buckets": (64 - SUB_BITS + 1) * SUB,
                          "quantile_error_bound": 0.125},
            "attach": "tp_btf", "interval_s": 1}


COUNTERS = ["writes", "errors", "bytes", "fallback", "fallback_errors", "fallback_bytes", "eagain",
            "iomap_begin_calls", "iomap_begin_1", "iomap_begin_2", "dio_submits", "bios", "folios",
            "lost_events", "orphan_events", "stale_writes", "insert_failures", "recursion_misses"]


def counters(writes):
    c = {k: 0 for k in COUNTERS}
    c.update(writes=writes, bytes=writes * 4096, iomap_begin_calls=2 * writes,
             iomap_begin_1=writes, iomap_begin_2=writes, dio_submits=writes, bios=writes,
             folios=writes)
    return c


def run(seed, intervals=10, writes=2000, slow=None, end_reason="count", **kw):
    """slow: {stage: factor}, the stage's latencies multiplied."""
    rng = random.Random(seed)
    slow = slow or {}
    sch = kw.get("schema", "wt.wtlat/3")
    recs = [start(intervals=intervals, **kw)]
    totals = {s: Hist() for s in STAGES}
    mono = 1000000000
    for i in range(intervals):
        hs = {s: Hist() for s in STAGES}
        for _ in range(writes):
            tot = 0
            for s, med in MEDIANS.items():
                v = int(rng.lognormvariate(math.log(med * slow.get(s, 1.0)), 0.35))
                hs[s].add(v)
                tot += v
            if rng.random() < 0.05:
                v = int(rng.lognormvariate(math.log(20000 * slow.get("wbwait", 1.0)), 0.5))
                hs["wbwait"].add(v)
                tot += v
            hs["total"].add(tot)
        for s in STAGES:
            totals[s].merge(hs[s])
        length = 1000000000 + rng.randrange(-300000, 300000)
        recs.append({"schema": sch, "type": "interval", "seq": i + 1, "time": 1764000001.0 + i,
                     "mono_start_ns": mono, "mono_end_ns": mono + length,
                     "interval_s": length / 1e9, "interval_requested_s": 1,
                     "counters": counters(writes),
                     "double_iomap_begin": {"calls": writes, "share_of_all_calls": 0.5,
                                            "ns_per_write": 700.0, "share_of_write_time": 0.01},
                     "stages": {s: hs[s].json() for s in STAGES},
                     "fallback_total": Hist().json(),
                     "bpf": {"attach": "tp_btf", "stats_enabled": False, "run_cnt": 18 * writes,
                             "run_time_ns": 0, "ns_per_write": None, "recursion_misses": 0,
                             "read_retries": 0, "read_torn": False,
                             "quantile_error_bound": 0.125}})
        mono += length
    recs.append({"schema": sch, "type": "end", "reason": end_reason,
                 "exit": 1 if end_reason == "error" else 0, "intervals": intervals,
                 "mono_ns": mono, "realtime_ns": 1764000000000000000 + mono,
                 "seconds": (mono - 1000000000) / 1e9, "counters": counters(writes * intervals)})
    return recs, totals


def write(d, name, recs):
    with open(os.path.join(d, name), "w") as f:
        for r in recs:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    base, tot = run(1)
    write(d, "base.ndjson", base)
    # another run of the same state: other samples, tag, interval count
    write(d, "same.ndjson", run(2, intervals=20, writes=1000, tag="again")[0])
    # device 1.6x slower: about 2.7 buckets (2^(1/4) per bucket)
    write(d, "slow-device.ndjson", run(3, slow={"device": 1.6}, tag="new")[0])
    # copy 1.6x faster
    write(d, "fast-copy.ndjson", run(4, slow={"copy": 1 / 1.6}, tag="new")[0])
    # a machine slowed down (device 1.6x, another sample of it), and on it a
    # lock stage 3x slower: triage's drift (tests/unit/triage-judge.sh)
    write(d, "slow-device-2.ndjson", run(6, slow={"device": 1.6}, tag="new")[0])
    write(d, "slow-device-lock.ndjson", run(5, slow={"device": 1.6, "lock": 3.0}, tag="new")[0])
    # the same run as base, given as end-record totals only
    end = [base[0], {"schema": "wt.wtlat/3", "type": "end", "reason": "count", "exit": 0,
                     "intervals": 10, "stages": {s: tot[s].json() for s in STAGES}}]
    write(d, "base-end-totals.ndjson", end)
    # runs that must not be compared
    write(d, "other-kernel.ndjson", run(2, intervals=2, kernel="7.2.14+")[0])
    write(d, "other-series.ndjson",
          run(3, intervals=10, head="fedcba9876543210fedcba9876543210fedcba98",
              slow={"device": 1.6})[0])
    write(d, "other-cpus.ndjson", run(2, intervals=2, cpus=4)[0])
    write(d, "other-filter.ndjson", run(2, intervals=2, pid=1234)[0])
    write(d, "other-options.ndjson", run(2, intervals=2, bpf_stats=True)[0])
    write(d, "other-schema.ndjson", run(2, intervals=2, schema="wt.wtlat/4")[0])
    # malformed
    lines = [json.dumps(r, separators=(",", ":")) for r in run(5, intervals=2)[0]]
    open(os.path.join(d, "bad-truncated.ndjson"), "w").write(
        lines[0] + "\n" + lines[1][:len(lines[1]) // 2] + "\n")
    open(os.path.join(d, "bad-no-start.ndjson"), "w").write(lines[1] + "\n")
    r = json.loads(lines[1])
    r["stages"]["device"]["buckets"][0]["lo_ns"] += 1
    open(os.path.join(d, "bad-bucket.ndjson"), "w").write(
        lines[0] + "\n" + json.dumps(r, separators=(",", ":")) + "\n")
    write(d, "bad-end-error.ndjson", run(5, intervals=1, end_reason="error")[0])
    write(d, "bad-layout.ndjson", run(5, intervals=1, sub_bits=3)[0])
    open(os.path.join(d, "bad-not-wtlat.ndjson"), "w").write(
        '{"schema":"wt.wtsnoop/2","type":"start","attach":"tp_btf"}\n')
    open(os.path.join(d, "bad-empty.ndjson"), "w").write("")


if __name__ == "__main__":
    main()
