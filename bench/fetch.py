#!/usr/bin/env python3
"""Fetch benchmark: N URLs (default 1000) on a loopback HTTP server, fetched,
cleaned and delivered by the real daemon from one *.url drop file.

Pages are the benchmark's HTML pages (shared/bench/scrapinghub/html), each
served under many paths with a unique paragraph appended so that every URL
gives a distinct document. Prints pages/s (from the drop until the .url file
is settled), the daemon's peak RSS (VmHWM) and the fetch metrics. Figures
only: nothing is asserted about time.

usage: bench/fetch.py [N] [--per-host K] [--workers W]
env: PITH_BIN (default build/pith), PITH_SHARED_DIR (default ../shared)
"""
import argparse
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
from httpserver import HTTPServer  # noqa: E402

PITH = os.environ.get("PITH_BIN", os.path.join(HERE, "..", "build", "pith"))
SHARED = os.environ.get("PITH_SHARED_DIR", os.path.join(HERE, "..", "..", "shared"))


def peak_rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--per-host", type=int, default=16)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()

    pages = sorted(glob.glob(os.path.join(SHARED, "bench", "scrapinghub", "html", "*.html")))
    if not pages:
        sys.exit("no pages in %s/bench/scrapinghub/html" % SHARED)
    bodies = [open(p, "rb").read() for p in pages]

    srv = HTTPServer()

    def fallback(path):
        m = re.match(r"^/p/(\d+)\.html$", path)
        if not m:
            return None
        i = int(m.group(1))
        body = bodies[i % len(bodies)]
        # A unique sentence at the start of the page's longest paragraph (the
        # article's, in any page worth benchmarking) makes a distinct document.
        extra = ("Bench copy number %d of this page. " % i).encode()
        best, at = 0, -1
        for m in re.finditer(rb"<p[^>]*>(.*?)</p>", body, re.S):
            if len(m.group(1)) > best:
                best, at = len(m.group(1)), m.start(1)
        body = body[:at] + extra + body[at:] if at >= 0 else body
        return {"body": body, "content_type": "text/html; charset=utf-8"}

    srv.fallback = fallback
    srv.start()
    root = tempfile.mkdtemp(prefix="pith-bench-fetch-")
    proc = None
    try:
        for d in ("drop", "spool", "state"):
            os.mkdir(os.path.join(root, d))
        conf = os.path.join(root, "pith.conf")
        with open(conf, "w") as f:
            f.write("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                    "workers = %d\n[metrics]\nfile = metrics.prom\ninterval = 1s\n"
                    "[fetch]\nper_host = %d\ndelay = 0\ntimeout = 30s\n"
                    "allow_hosts = 127.0.0.1\n"
                    % (args.workers, args.per_host))
        env = dict(os.environ, NO_PROXY="*", no_proxy="*")
        env.pop("NOTIFY_SOCKET", None)
        log = open(os.path.join(root, "daemon.log"), "wb")
        proc = subprocess.Popen([PITH, "daemon", "-c", conf], stdout=log, stderr=log, env=env)
        time.sleep(0.5)
        drop = os.path.join(root, "drop")
        lines = "".join(srv.url("/p/%d.html" % i) + "\n" for i in range(args.n))
        tmp = os.path.join(drop, ".bench.url.tmp")
        with open(tmp, "w") as f:
            f.write(lines)
        start = time.monotonic()
        os.rename(tmp, os.path.join(drop, "bench.url"))
        peak = 0
        deadline = start + args.timeout
        while time.monotonic() < deadline:
            peak = max(peak, peak_rss_kb(proc.pid))
            if not os.path.exists(os.path.join(drop, "bench.url")):
                break
            if proc.poll() is not None:
                sys.exit("daemon exited early:\n" + open(os.path.join(root, "daemon.log")).read())
            time.sleep(0.05)
        elapsed = time.monotonic() - start
        peak = max(peak, peak_rss_kb(proc.pid))
        delivered = len(os.listdir(os.path.join(root, "spool", "new")))
        failed = os.listdir(os.path.join(drop, ".failed")) if os.path.isdir(
            os.path.join(drop, ".failed")) else []
        time.sleep(1.2)  # one more metrics write
        metrics = open(os.path.join(root, "metrics.prom")).read() if os.path.exists(
            os.path.join(root, "metrics.prom")) else ""
        print("urls: %d  delivered: %d  failed files: %d  requests seen by server: %d"
              % (args.n, delivered, len([x for x in failed if not x.endswith(".error")]),
                 sum(srv.hits.values())))
        print("elapsed: %.2f s  pages/s: %.1f" % (elapsed, args.n / elapsed if elapsed else 0))
        print("daemon peak RSS: %.1f MiB" % (peak / 1024.0))
        print("max concurrent requests per host: %s" % srv.max_active)
        for line in metrics.splitlines():
            if line.startswith(("pith_fetches_total", "pith_fetch_bytes_total",
                                "pith_fetch_retries_total", "pith_documents_total")):
                print("  " + line)
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        srv.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
