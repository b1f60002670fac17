#!/usr/bin/env python3
"""Golden test of the structure kept in HTML articles, in text and Markdown.

tests/golden/structure/NAME.html is a small hand-written page; NAME.txt and
NAME.md are the expected bodies of `pith clean --body-only` in the text and
the Markdown format. The Markdown is also rendered with Debian's cmark-gfm
(`-e table`), and the HTML it produces must hold the intended headings,
nested lists, tables and quotes (NAME.expect: one "path<TAB>text" line per
element, the path being the element's ancestors, e.g. "ul li ul li"), and
its words must come in the same order as the text format's body. cmark-gfm
is in the Makefile's PACKAGES; without it the rendering checks are skipped."""
import html.parser
import os
import re
import shutil
import subprocess
import unittest

BIN = os.environ.get("PITH_BIN", "pith")
SRC = os.environ.get("PITH_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DIR = os.path.join(SRC, "tests", "golden", "structure")
CMARK = shutil.which("cmark-gfm")
WORD = re.compile(r"\w+")
BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "th", "td", "blockquote", "ul", "ol",
          "table", "thead", "tbody", "tr", "pre", "code"}


def cases():
    return sorted(f[:-5] for f in os.listdir(DIR) if f.endswith(".html"))


def pith(path, *args):
    r = subprocess.run([BIN, "clean", "--type", "html", "--body-only", *args, path],
                       capture_output=True, timeout=30)
    if r.returncode:
        raise AssertionError(r.stderr.decode(errors="replace"))
    return r.stdout.decode("utf-8")


class Elements(html.parser.HTMLParser):
    """Collects (ancestor path, own text) per element, and the words of the
    whole text in order; an <ol>'s items contribute their numbers first,
    as the text format writes them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # [tag, text parts, ordinal counter]
        self.found = []
        self.words = []

    def handle_starttag(self, tag, attrs):
        if tag not in BLOCKS:
            return
        if tag == "li" and self.stack and self.stack[-1][0] == "ol":
            parent = self.stack[-1]
            parent[2] += 1
            start = int(dict(attrs).get("start") or 1)
            self.words.append(str(start + parent[2] - 1))
        self.stack.append([tag, [], 0])

    def handle_endtag(self, tag):
        if tag not in BLOCKS or not self.stack:
            return
        while self.stack:
            t, parts, _ = self.stack.pop()
            path = " ".join(e[0] for e in self.stack if e[0] not in ("p", "thead", "tbody", "tr"))
            text = " ".join("".join(parts).split())
            if t == "p" and text:  # a paragraph's text belongs to its container
                self.found.append((path, text))
            elif t not in ("ul", "ol", "table", "thead", "tbody", "tr") and text:
                self.found.append((f"{path} {t}".strip(), text))
            if t == tag:
                break

    def handle_data(self, data):
        self.words.extend(WORD.findall(data))
        if self.stack:
            self.stack[-1][1].append(data)


class Structure(unittest.TestCase):
    def test_text_and_markdown_bodies(self):
        for name in cases():
            page = os.path.join(DIR, name + ".html")
            for fmt, ext in (("text", ".txt"), ("markdown", ".md")):
                with self.subTest(case=name, format=fmt):
                    with open(os.path.join(DIR, name + ext), encoding="utf-8") as f:
                        self.assertEqual(pith(page, "--format", fmt), f.read())

    def test_front_matter_same_as_text(self):
        page = os.path.join(DIR, cases()[0] + ".html")
        r = [subprocess.run([BIN, "clean", "--type", "html", "--format", fmt, page],
                            capture_output=True, check=True).stdout.decode() for fmt in
             ("text", "markdown")]
        self.assertTrue(r[0].startswith("---\n"))
        fm = r[0][:r[0].index("\n---\n") + 5]
        self.assertEqual(r[1][:len(fm)], fm)

    @unittest.skipUnless(CMARK, "cmark-gfm not installed")
    def test_rendered_markdown(self):
        for name in cases():
            with self.subTest(case=name):
                page = os.path.join(DIR, name + ".html")
                md = pith(page, "--format", "markdown")
                out = subprocess.run([CMARK, "-e", "table"], input=md.encode(),
                                     capture_output=True, check=True).stdout.decode()
                p = Elements()
                p.feed(out)
                p.close()
                with open(os.path.join(DIR, name + ".expect"), encoding="utf-8") as f:
                    want = [tuple(l.rstrip("\n").split("\t", 1)) for l in f if l.strip()]
                for w in want:
                    self.assertIn(w, p.found, f"{w} not in cmark-gfm's rendering:\n{out}")
                text = pith(page, "--format", "text")
                self.assertEqual(p.words, WORD.findall(text))


if __name__ == "__main__":
    unittest.main()
