#!/usr/bin/env python3
"""Daemon benchmark: drops small text dumps into a running `pith daemon` and
reports the pace on a backlog, end-to-end throughput of live drops, drop-to-delivery latency (p50/p99) when not
backlogged, and the daemon's peak RSS (VmHWM). Prints figures, asserts
nothing.

usage: bench/daemon.py [--files N] [--workers N] [--dir DIR] [--bin PATH] [--keep]

--dir picks the filesystem the drop folder and spool live on (default: the
system's temporary folder). It matters: on ext4 without a journal, creating a
file skips every inode freed in the last minutes (a linear scan per create),
so the inputs the daemon deletes slow down the next creates, the writer's and
the daemon's; the bench prints which filesystem it ran on.
Goals: >= 2,000 files/s with 2 workers, p99 < 100 ms unbacklogged, RSS < 64 MB."""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.dirname(here)


def vmhwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def cpu_seconds(pid):
    """User and system CPU seconds of a process so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def filesystem(path):
    """'ext4 on /dev/vda (no journal)' or the like, for the path's mount."""
    path = os.path.realpath(path)
    best = ("", "?", "?")
    with open("/proc/mounts") as f:
        for line in f:
            dev, mnt, fstype = line.split()[:3]
            mnt = mnt.replace("\\040", " ")
            if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best[0]):
                best = (mnt, dev, fstype)
    mnt, dev, fstype = best
    what = "%s on %s" % (fstype, dev)
    if fstype in ("ext3", "ext4") and os.path.isdir("/proc/fs/jbd2"):
        name = os.path.basename(dev)
        journal = any(j.rsplit("-", 1)[0] == name for j in os.listdir("/proc/fs/jbd2"))
        what += " (journal)" if journal else " (no journal)"
    return what


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--latency-files", type=int, default=300)
    ap.add_argument("--dir", default=None, help="make the temporary folder here")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (daemon.log)")
    ap.add_argument("--bin", default=os.environ.get("PITH_BIN") or os.path.join(src, "build", "pith"))
    ap.add_argument("--shared", default=os.environ.get("PITH_SHARED_DIR") or os.path.join(src, "..", "shared"))
    a = ap.parse_args()
    dumps = sorted(glob.glob(os.path.join(a.shared, "bench", "scrapinghub", "dumps", "*.txt")))
    if not dumps:
        sys.exit("no dumps under " + a.shared)
    # Small inputs: the first 2 KB of each dump, made unique so every file is
    # a new document, not a duplicate.
    bodies = []
    for p in dumps:
        with open(p, "rb") as f:
            bodies.append(f.read(2048))
    root = tempfile.mkdtemp(prefix="pith-bench-", dir=a.dir)
    print("filesystem: %s" % filesystem(root))
    for d in ("drop", "spool", "state"):
        os.mkdir(os.path.join(root, d))
    drop, new = os.path.join(root, "drop"), os.path.join(root, "spool", "new")
    conf = os.path.join(root, "pith.conf")
    with open(conf, "w") as f:
        f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                "workers = %d\n[metrics]\nfile = metrics.prom\ninterval = 1s\n" % a.workers)
    env = dict(os.environ)
    env.pop("NOTIFY_SOCKET", None)
    log = open(os.path.join(root, "daemon.log"), "wb")

    def make(i, tag):
        b = bodies[i % len(bodies)]
        return b + ("\n\nUnique paragraph %s %d for the benchmark, so that this "
                    "document differs from every other one.\n" % (tag, i)).encode()

    # 0. Backlog: the daemon's own pace, without a writer competing for the
    # CPU. The files are there (and settled) before it starts.
    for i in range(a.files):
        with open(os.path.join(drop, "k%d.txt" % i), "wb") as f:
            f.write(make(i, "k"))
        old = time.time() - 60
        os.utime(os.path.join(drop, "k%d.txt" % i), (old, old))
    t0 = time.monotonic()
    proc = subprocess.Popen([a.bin, "daemon", "-c", conf], env=env, stdout=log, stderr=log)
    try:
        while len(os.listdir(drop)) - (1 if os.path.exists(os.path.join(drop, ".failed")) else 0):
            if proc.poll() is not None:
                sys.exit("daemon died; see " + root)
            time.sleep(0.01)
        t_all = time.monotonic() - t0
        print("backlog: %d files in %.2f s = %.0f files/s (from the daemon's start); "
              "%d delivered" % (a.files, t_all, a.files / t_all, len(os.listdir(new))))
        # A fresh daemon, spool and state for the live drops.
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        # The old folders are moved aside, not deleted, until the end: on
        # ext4 without a journal, thousands of just-freed inodes would slow
        # down every file the next phase creates.
        os.mkdir(os.path.join(root, "backlog"))
        for d in ("spool", "state", "drop"):
            os.rename(os.path.join(root, d), os.path.join(root, "backlog", d))
            os.mkdir(os.path.join(root, d))
        proc = subprocess.Popen([a.bin, "daemon", "-c", conf], env=env, stdout=log, stderr=log)
        time.sleep(0.5)
        # 1. Throughput: N live drops as fast as we can write them.
        cpu0 = cpu_seconds(proc.pid)
        t0 = time.monotonic()
        for i in range(a.files):
            tmp = os.path.join(drop, ".b%d.tmp" % i)
            with open(tmp, "wb") as f:
                f.write(make(i, "t"))
            os.rename(tmp, os.path.join(drop, "b%d.txt" % i))
        t_written = time.monotonic() - t0
        while True:
            left = len(os.listdir(drop)) - (1 if os.path.exists(os.path.join(drop, ".failed")) else 0)
            if left == 0:
                break
            if proc.poll() is not None:
                sys.exit("daemon died; see " + root)
            time.sleep(0.01)
        t_all = time.monotonic() - t0
        cpu1 = cpu_seconds(proc.pid)
        delivered = len(os.listdir(new))
        failed = len(os.listdir(os.path.join(drop, ".failed"))) // 2 if os.path.exists(os.path.join(drop, ".failed")) else 0
        print("throughput: %d files in %.2f s = %.0f files/s end to end (%d workers; "
              "writing took %.2f s); %d delivered, %d failed"
              % (a.files, t_all, a.files / t_all, a.workers, t_written, delivered, failed))
        print("daemon CPU during it: %.2f s user, %.2f s system (%.2f ms per file)"
              % (cpu1[0] - cpu0[0], cpu1[1] - cpu0[1],
                 1000 * (cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]) / a.files))
        # 2. Latency, not backlogged: one file at a time, time until its document appears.
        lat, lat_new = [], []
        count = len(os.listdir(new))
        for i in range(a.latency_files):
            tmp = os.path.join(drop, ".l%d.tmp" % i)
            with open(tmp, "wb") as f:
                f.write(make(i, "l"))
            t = time.monotonic()
            os.rename(tmp, os.path.join(drop, "l%d.txt" % i))
            while os.path.exists(os.path.join(drop, "l%d.txt" % i)):
                time.sleep(0.0002)
            lat.append((time.monotonic() - t) * 1000)
            # Some inputs clean to an earlier document (a duplicate, known to
            # the state store, so never committed): list the new ones apart.
            now = len(os.listdir(new))
            if now > count:
                lat_new.append(lat[-1])
            count = now
        for what, l in (("all", lat), ("new documents only", lat_new)):
            if not l:
                continue
            l.sort()
            p = lambda q: l[min(len(l) - 1, int(q * len(l)))]
            print("latency (drop to input removed after durable delivery), %s, %d files: "
                  "p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (what, len(l), p(0.5), p(0.99), l[-1]))
        print("peak RSS (VmHWM): %.1f MB" % vmhwm(proc.pid))
        time.sleep(1.2)
        m = open(os.path.join(root, "metrics.prom")).read().splitlines()
        s = [float(l.split()[1]) for l in m if l.startswith("pith_processing_seconds_sum")]
        c = [float(l.split()[1]) for l in m if l.startswith("pith_processing_seconds_count")]
        if s and c and c[0]:
            print("mean processing time per input (its work plus its commit): %.2f ms"
                  % (1000 * s[0] / c[0]))
        bs = [float(l.split()[1]) for l in m if l.startswith("pith_commit_batch_size_sum")]
        bc = [float(l.split()[1]) for l in m if l.startswith("pith_commit_batch_size_count")]
        if bs and bc and bc[0]:
            print("spool commits: %d, mean batch %.1f documents" % (bc[0], bs[0] / bc[0]))
        print("load average: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        if a.keep:
            print("kept", root)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
