#!/usr/bin/env python3
"""Golden test of HTML extraction on real pages of the ScrapingHub benchmark.

For each page listed in tests/golden/html/pages.txt, runs the real binary
(`pith clean --type html --body-only`) on $PITH_SHARED_DIR/bench/
scrapinghub/html/<id>.html and checks that the body starts with the gold
text's first paragraph and ends with its last, compared as word tokens so
that typography and spacing may differ. Also checks the front matter of the
full output parses as YAML with a title. Fails when the shared folder is
missing, unless PITH_SKIP_SHARED=1 (tests/shared_data.py)."""
import os
import re
import subprocess
import sys
import unittest

import yaml

BIN = os.environ.get("PITH_BIN", "pith")
SRC = os.environ.get("PITH_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests"))
import shared_data  # noqa: E402

SHARED = shared_data.SHARED
BENCH = os.path.join(SHARED, "bench", "scrapinghub")
WORD = re.compile(r"\w+")


def page_ids():
    path = os.path.join(SRC, "tests", "golden", "html", "pages.txt")
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def paragraphs(text):
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


@unittest.skipUnless(shared_data.have(os.path.join(BENCH, "html"), "bench/scrapinghub/html"),
                     "PITH_SKIP_SHARED=1")
class HtmlGolden(unittest.TestCase):
    def run_pith(self, path, *args):
        r = subprocess.run([BIN, "clean", "--type", "html", *args, path],
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        return r.stdout.decode("utf-8")

    def test_first_and_last_paragraph(self):
        for pid in page_ids():
            with self.subTest(page=pid[:12]):
                with open(os.path.join(BENCH, "gold", pid + ".txt"), encoding="utf-8") as f:
                    gold = paragraphs(f.read())
                body = self.run_pith(os.path.join(BENCH, "html", pid + ".html"), "--body-only")
                got = WORD.findall(body)
                first = WORD.findall(gold[0])
                last = WORD.findall(gold[-1])
                self.assertEqual(got[:len(first)], first, "body does not start with the gold")
                self.assertEqual(got[-len(last):], last, "body does not end with the gold")

    def test_front_matter(self):
        pid = page_ids()[0]
        out = self.run_pith(os.path.join(BENCH, "html", pid + ".html"))
        self.assertTrue(out.startswith("---\n"))
        front = out.split("\n---\n", 1)[0][4:]
        meta = yaml.safe_load(front)
        self.assertTrue(meta.get("title"))
        self.assertRegex(meta.get("id", ""), r"^[0-9a-f]{16}$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
