#!/usr/bin/env python3
"""Redis Streams benchmark (SPEC §10): 10,000 `body` entries in an input
stream, cleaned by 1, 2 and 4 daemons (workers = 1 each) sharing one consumer
group, deliver = redis. Prints documents/s for each, the scaling ratio
against one daemon, and what Redis itself costs per document (its CPU time
and its memory for the input entry, the output document and the delivered
id). Prints figures, asserts nothing.

usage: bench/redis.py [--entries N] [--daemons 1,2,4] [--bin PATH]

On one machine the daemons share its cores with each other and with Redis,
so the ratio stops growing at the core count; spread over machines (one
Redis, a daemon or more per host) it is bounded by Redis, whose cost per
document is printed last."""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.dirname(here)
sys.path.insert(0, os.path.join(src, "tests", "integration"))
from redis_harness import RedisServer  # noqa: E402


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def used_memory(c):
    info = c.call("INFO", "memory").decode()
    for line in info.splitlines():
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    return 0


def bodies(shared, n):
    """n small dumps: the benchmark's dumps, each with a paragraph of its
    own. Where the cleaner drops that paragraph as boilerplate, two entries
    give one document (the output stream keeps each id once); the few dumps
    that cannot be cleaned go to the dead stream at once (max_deliveries = 1
    in the bench, instead of waiting claim_after between attempts)."""
    files = sorted(glob.glob(os.path.join(shared, "bench", "scrapinghub", "dumps", "*.txt")))
    if not files:
        return None
    base = [open(p, "rb").read()[:3000] for p in files]
    return [base[k % len(base)] + b"\n\nA paragraph of its own, number %d of the benchmark, so "
            b"that each entry is a document of its own.\n" % k for k in range(n)]


def fill(c, stream, data):
    """XADDs pipelined 500 at a time."""
    for i in range(0, len(data), 500):
        out = []
        for k, body in enumerate(data[i:i + 500]):
            args = [b"XADD", stream.encode(), b"*", b"body", body, b"name",
                    b"bench-%d.txt" % (i + k)]
            out.append(b"*%d\r\n" % len(args))
            for a in args:
                out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        c.sock.sendall(b"".join(out))
        for _ in data[i:i + 500]:
            c._reply()


def group_done(c, stream, n):
    try:
        groups = c.call("XINFO", "GROUPS", stream)
    except RuntimeError:
        return False
    for g in groups:
        info = {g[i].decode(): g[i + 1] for i in range(0, len(g), 2)}
        if info.get("entries-read") == n and info.get("pending") == 0:
            return True
    return False


def run(binary, r, data, ndaemons, root):
    c = r.client()
    tag = "n%d" % ndaemons
    stream, out = "bench:in:" + tag, "bench:docs:" + tag
    mem0, cpu0 = used_memory(c), cpu_seconds(r.proc.pid)
    fill(c, stream, data)  # counted in Redis's cost: the producer's XADD is part of it
    procs = []
    t0 = time.monotonic()
    for k in range(ndaemons):
        d = os.path.join(root, "%s-%d" % (tag, k))
        for sub in ("drop", "spool", "state"):
            os.makedirs(os.path.join(d, sub))
        conf = os.path.join(d, "pith.conf")
        with open(conf, "w") as f:
            f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                    "workers = 1\ndeliver = redis\nformat = json\n[redis]\nurl = %s\n"
                    "input_stream = %s\noutput_stream = %s\ngroup = bench\nconsumer = c%d\n"
                    "dead_stream = bench:dead:%s\nmax_deliveries = 1\n"
                    % (r.url(), stream, out, k, tag))
        procs.append(subprocess.Popen([binary, "daemon", "-c", conf], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    while not group_done(c, stream, len(data)):
        time.sleep(0.05)
    secs = time.monotonic() - t0
    cpu = cpu_seconds(r.proc.pid) - cpu0
    docs = c.call("XLEN", out)
    dead = c.call("XLEN", "bench:dead:" + tag)
    mem = used_memory(c) - mem0
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(60)
    c.close()
    return secs, docs, dead, cpu, mem


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--daemons", default="1,2,4")
    ap.add_argument("--bin", default=os.environ.get("PITH_BIN") or os.path.join(src, "build", "pith"))
    args = ap.parse_args()
    shared = os.environ.get("SHARED") or os.path.join(src, "..", "shared")
    data = bodies(shared, args.entries)
    if data is None:
        print("redis: SKIP (no dumps under %s)" % shared)
        return 0
    if not shutil.which("redis-server"):
        print("redis: SKIP (redis-server is not installed)")
        return 0
    r = RedisServer()
    root = tempfile.mkdtemp(prefix="pith-bench-redis-")
    try:
        base = None
        size = sum(len(b) for b in data) / len(data)
        print("redis: %d body entries (%.1f KB each), deliver = redis, workers = 1 per daemon, "
              "%d cores" % (len(data), size / 1024, os.cpu_count()))
        for n in [int(x) for x in args.daemons.split(",")]:
            secs, docs, dead, cpu, mem = run(args.bin, r, data, n, root)
            rate = len(data) / secs
            base = base or rate
            print("redis: %d daemon%s: %6.0f docs/s (%.1f s, %d distinct documents, %d not cleanable), "
                  "scaling x%.2f; "
                  "Redis CPU %.0f us/doc, Redis memory %.1f KB/doc (input entry + document + id)"
                  % (n, "s" if n > 1 else " ", rate, secs, docs, dead, rate / base,
                     cpu * 1e6 / len(data), mem / 1024.0 / len(data)))
    finally:
        r.cleanup()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
