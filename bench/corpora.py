#!/usr/bin/env python3
"""Accuracy on the wider-web corpora: trafilatura's evaluation corpus (dev
half: HTML pages and the same pages as text dumps; bodies and title/author/
date) and htmldate's date corpus (dev half). Each page is cleaned by its own
`pith clean --format json --url URL` (the URL is the page's, as a caller would
pass it), the body goes to PRED/<id>.txt and the document to PRED/<id>.json,
and the corpus's own scorer prints the figures. Figures only; nothing is
asserted.

    bench/corpora.py [--pith BIN] [--shared DIR] [--set trafeval|trafeval-dumps|dates]... [--keep DIR]
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def clean_one(pith, src, url, typ, out_json, out_txt):
    cmd = [pith, "clean", "--format", "json", "--type", typ]
    if url:
        cmd += ["--url", url]
    cmd.append(src)
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        return src, p.stderr.decode("utf-8", "replace").strip()
    with open(out_json, "wb") as f:
        f.write(p.stdout)
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        return src, "output is not JSON"
    with open(out_txt, "w", encoding="utf-8") as f:
        f.write(doc.get("text", ""))
    return src, None


def run_set(pith, jobs, pages, out):
    os.makedirs(out, exist_ok=True)
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(clean_one, pith, src, url, typ,
                          os.path.join(out, pid + ".json"), os.path.join(out, pid + ".txt"))
                for pid, src, url, typ in pages]
        for f in futs:
            src, err = f.result()
            if err:
                failed.append((os.path.basename(src), err))
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pith", default=os.environ.get("PITH_BIN", os.path.join(HERE, "..", "build", "pith")))
    ap.add_argument("--shared", default=os.environ.get("SHARED", os.path.join(HERE, "..", "..", "shared")))
    ap.add_argument("--set", action="append", choices=["trafeval", "trafeval-dumps", "dates"])
    ap.add_argument("--keep", help="write predictions here instead of a temporary folder")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    sets = a.set or ["trafeval", "trafeval-dumps", "dates"]
    bench = os.path.join(a.shared, "bench")
    if not os.path.isdir(bench):
        print(f"no {bench}: skipped", file=sys.stderr)
        return 0
    root = a.keep or tempfile.mkdtemp(prefix="pith-corpora-")
    try:
        for s in sets:
            out = os.path.join(root, s)
            shutil.rmtree(out, ignore_errors=True)
            if s.startswith("trafeval"):
                items_path = os.path.join(bench, "trafeval", "items.json")
                items = json.load(open(items_path, encoding="utf-8"))
                if s == "trafeval":
                    pages = [(i, os.path.join(bench, "trafeval", "html", i + ".html"), it.get("url"), "html")
                             for i, it in sorted(items.items())]
                else:
                    pages = [(i, os.path.join(bench, "trafeval", "dumps", i + ".txt"), it.get("url"), "text")
                             for i, it in sorted(items.items())]
                pages = [p for p in pages if os.path.exists(p[1])]
                failed = run_set(a.pith, a.j, pages, out)
                print(f"== {s} ({len(pages)} pages, {len(failed)} refused)")
                sys.stdout.flush()
                subprocess.run([sys.executable, os.path.join(bench, "trafeval_score.py"), items_path, out,
                                "--meta", out])
            else:
                gold_path = os.path.join(bench, "dates", "dates.json")
                gold = json.load(open(gold_path, encoding="utf-8"))
                pages = [(i, os.path.join(bench, "dates", "html", i + ".html"), g.get("url"), "html")
                         for i, g in sorted(gold.items())]
                pages = [p for p in pages if os.path.exists(p[1])]
                failed = run_set(a.pith, a.j, pages, out)
                print(f"== dates ({len(pages)} pages, {len(failed)} refused)")
                sys.stdout.flush()
                subprocess.run([sys.executable, os.path.join(bench, "dates_score.py"), gold_path, out])
            sys.stdout.flush()
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
