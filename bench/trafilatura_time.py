#!/usr/bin/env python3
"""The reference for pith's HTML speed: trafilatura's extraction time on the
same pages, in one Python process. Every page is read into memory first,
then `trafilatura.extract(html)` runs over them with its default settings;
only that loop is timed, in wall-clock seconds and in CPU seconds of this
process (the CPU figure holds on a machine shared with other work; the import
is timed apart, and bench/html.sh times the whole process from outside).
Prints one line:

    trafilatura VERSION  files N  MB M  seconds S  files/s F  MB/s B  cpu-seconds C  cpu-files/s G  import seconds I  empty E

With -o DIR each result goes to DIR/<stem>.txt (after the timing, so
writing costs nothing) for bench/score.py. Figures only; nothing is asserted.

When trafilatura cannot be imported the script prints one line saying so
and how to install it, and exits 0: the benchmark still runs without it.
bench/html.sh runs it with $PITH_BENCH_PYTHON (default python3), so a Python
of its own (a virtual environment with `pip install trafilatura`) can serve.

    bench/trafilatura_time.py [-o DIR] FILE...
"""
import argparse
import logging
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", dest="out", help="write each result to OUT/<stem>.txt")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    t0 = time.perf_counter()
    try:
        import trafilatura
    except Exception as e:  # ImportError, or a dependency failing to load
        print("trafilatura not available to %s (%s: %s): pip install trafilatura, "
              "or point PITH_BENCH_PYTHON at a Python that has it"
              % (sys.executable, type(e).__name__, e))
        return 0
    import_s = time.perf_counter() - t0
    # trafilatura logs a line for every page it finds too short or empty
    logging.disable(logging.CRITICAL)

    pages = []
    for path in args.files:
        with open(path, "rb") as f:
            pages.append(f.read())
    total = sum(len(p) for p in pages)

    results = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for html in pages:
        results.append(trafilatura.extract(html))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    empty = sum(1 for r in results if not r)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for path, text in zip(args.files, results):
            stem = os.path.splitext(os.path.basename(path))[0]
            with open(os.path.join(args.out, stem + ".txt"), "w", encoding="utf-8") as f:
                f.write(text or "")
    version = getattr(trafilatura, "__version__", "?")
    print("trafilatura %s  files %d  MB %.2f  seconds %.3f  files/s %.1f  MB/s %.2f  cpu-seconds %.3f  "
          "cpu-files/s %.1f  import seconds %.3f  empty %d"
          % (version, len(pages), total / 1e6, seconds, len(pages) / seconds, total / 1e6 / seconds,
             cpu, len(pages) / cpu, import_s, empty))
    return 0


if __name__ == "__main__":
    sys.exit(main())
