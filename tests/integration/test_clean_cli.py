#!/usr/bin/env python3
"""`pith clean` as a user runs it: exit codes, outputs, bad inputs (SPEC §1, §9)."""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

PITH = os.environ.get("PITH_BIN", "build/pith")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import shared_data  # noqa: E402

SEEDS = os.path.join(shared_data.SHARED, "corpus", "seeds")

ARTICLE = (
    "Wednesday, January 19, 2022\n"
    "Home\nNews\nWorld\n\n"
    "The city council approved the new budget on Tuesday after a long debate about "
    "public transport, schools and the maintenance of roads in the northern districts.\n\n"
    "The mayor said the plan would be reviewed again in the spring, when the first "
    "figures on tax revenue for the year are known and the council can adjust spending.\n\n"
    "Critics argued that the budget does too little for housing, while supporters said "
    "it was the most balanced plan the city had seen in a decade of tight finances.\n\n"
    "Share this article\nFacebook\nTwitter\n"
)


def run(args, stdin=None, timeout=60):
    return subprocess.run([PITH] + args, input=stdin, capture_output=True, timeout=timeout)


class CleanCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-cli-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode())
        return path

    def assertRefused(self, r, code, word=None):
        self.assertEqual(r.returncode, code, r.stderr)
        self.assertEqual(r.stdout, b"")
        lines = r.stderr.decode(errors="replace").strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        if word:
            self.assertIn(word, lines[0].lower())

    def test_text_article(self):
        path = self.write("city.txt", ARTICLE)
        r = run(["clean", "--body-only", path])
        self.assertEqual(r.returncode, 0, r.stderr)
        body = r.stdout.decode()
        self.assertIn("The city council approved", body)
        self.assertIn("tight finances.", body)
        self.assertNotIn("Share this article", body)
        self.assertTrue(body.endswith(".\n"))
        self.assertNotIn("\n\n\n", body)

    def test_front_matter_reads_back(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML not available")
        path = self.write("city.txt", ARTICLE)
        text = run(["clean", "--url", "https://www.example.org/news/1.html", path])
        self.assertEqual(text.returncode, 0, text.stderr)
        out = text.stdout.decode()
        self.assertTrue(out.startswith("---\n"))
        fm, body = out[4:].split("\n---\n\n", 1)
        meta = yaml.safe_load(fm)
        js = json.loads(run(["clean", "--format", "json", "--url",
                             "https://www.example.org/news/1.html", path]).stdout)
        for key, value in meta.items():
            self.assertEqual(str(value), str(js[key]) if key != "tags" else str(js[key]))
            self.assertIsInstance(value, str if key != "date" else object)
        self.assertEqual(meta["source"], "city.txt")
        self.assertEqual(meta["site"], "example.org")
        self.assertEqual(body, js["text"])
        self.assertEqual(list(js.keys())[-1], "text")

    def test_deterministic(self):
        path = self.write("city.txt", ARTICLE)
        a = run(["clean", path]).stdout
        b = run(["clean", path]).stdout
        self.assertEqual(a, b)

    def test_stdin(self):
        r = run(["clean", "--body-only", "-"], stdin=ARTICLE.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"The city council approved", r.stdout)
        r2 = run(["clean", "--body-only"], stdin=ARTICLE.encode())
        self.assertEqual(r.stdout, r2.stdout)

    def test_empty_and_blank(self):
        self.assertRefused(run(["clean", self.write("empty.txt", b"")]), 65, "empty")
        self.assertRefused(run(["clean", self.write("blank.txt", b"  \n\n\t \n")]), 65)

    def test_binary(self):
        self.assertRefused(run(["clean", self.write("nul.txt", b"abc\x00def" * 100)]), 65)
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
        self.assertRefused(run(["clean", self.write("img.png", png)]), 65)
        gz = b"\x1f\x8b\x08\x00" + bytes(range(1, 256)) * 4
        self.assertRefused(run(["clean", self.write("a.gz", gz)]), 65)

    def test_too_big(self):
        path = os.path.join(self.tmp, "big.txt")
        with open(path, "wb") as fh:
            fh.truncate(17 * 1024 * 1024)  # default max_input_bytes is 16M
        self.assertRefused(run(["clean", path]), 65)

    def test_missing_dir_fifo_device_symlink(self):
        self.assertRefused(run(["clean", os.path.join(self.tmp, "nope.txt")]), 66)
        self.assertRefused(run(["clean", self.tmp]), 66, "directory")
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        self.assertRefused(run(["clean", fifo], timeout=10), 66, "fifo")
        self.assertRefused(run(["clean", "/dev/null"]), 66, "device")
        target = self.write("real.txt", ARTICLE)
        link = os.path.join(self.tmp, "link.txt")
        os.symlink(target, link)
        self.assertRefused(run(["clean", link]), 66, "symbolic link")

    def test_unreadable(self):
        if os.geteuid() == 0:
            self.skipTest("root reads through permissions")
        path = self.write("secret.txt", ARTICLE)
        os.chmod(path, 0)
        self.assertRefused(run(["clean", path]), 66)

    def test_invalid_utf8_and_odd_names(self):
        data = ARTICLE.replace("long debate", "long \xff\xfe debate").encode("latin-1", "replace")
        for name in ["with space.txt", "new\nline.txt", b"bad\xffname.txt"]:
            raw = name if isinstance(name, bytes) else name.encode()
            path = os.path.join(self.tmp.encode(), raw)
            with open(path, "wb") as fh:
                fh.write(ARTICLE.encode().replace(b"long debate", b"long \xff debate"))
            r = subprocess.run([PITH.encode(), b"clean", b"--body-only", path],
                               capture_output=True, timeout=30)
            self.assertEqual(r.returncode, 0, r.stderr)
            r.stdout.decode("utf-8")  # valid UTF-8 out
            self.assertIn("\ufffd".encode(), r.stdout)
        self.assertTrue(data)

    def test_deep_html_no_crash(self):
        page = b"<html><body>" + b"<div>" * 100000 + b"deep" + b"</div>" * 100000 + b"</body></html>"
        r = run(["clean", self.write("deep.html", page)], timeout=60)
        self.assertIn(r.returncode, (0, 65), r.stderr)
        self.assertLess(len(r.stderr.splitlines()), 2)

    def test_many_inputs_first_error_wins(self):
        good = self.write("good.txt", ARTICLE)
        empty = self.write("empty.txt", b"")
        missing = os.path.join(self.tmp, "missing.txt")
        out = os.path.join(self.tmp, "out")
        r = run(["clean", "-o", out, "-j", "2", empty, good, missing])
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["good.txt"])
        r = run(["clean", "-o", out, missing, empty, good])
        self.assertEqual(r.returncode, 66)
        self.assertEqual(len(r.stderr.decode().strip().splitlines()), 2)

    def test_output_dir_json(self):
        names = []
        for i in range(6):
            names.append(self.write("a%d.txt" % i, ARTICLE.replace("Tuesday", "day %d" % i)))
        out = os.path.join(self.tmp, "out")
        r = run(["clean", "--format", "json", "-j", "3", "-o", out] + names)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"")
        files = sorted(os.listdir(out))
        self.assertEqual(files, ["a%d.json" % i for i in range(6)])
        ids = set()
        for f in files:
            with open(os.path.join(out, f)) as fh:
                doc = json.load(fh)
            self.assertIn("text", doc)
            ids.add(doc["id"])
        self.assertEqual(len(ids), 6)

    def test_spool_and_duplicates(self):
        a = self.write("a.txt", ARTICLE)
        b = self.write("b.txt", ARTICLE)  # same article, other name: same id
        spool = os.path.join(self.tmp, "spool")
        r = run(["clean", "--spool", spool, a, b])
        self.assertEqual(r.returncode, 0, r.stderr)
        new = os.listdir(os.path.join(spool, "new"))
        self.assertEqual(len(new), 1)
        self.assertRegex(new[0], r"^[0-9a-f]{16}\.txt$")
        self.assertEqual(os.listdir(os.path.join(spool, "tmp")), [])
        with open(os.path.join(spool, "new", new[0])) as fh:
            self.assertIn("id: " + new[0][:16], fh.read())

    def test_markdown_format(self):
        page = self.write("p.html", "<html><body><article><h1>Budget</h1><p>The city council "
                          "voted on Tuesday to approve the new budget, which raises spending, "
                          "by almost a tenth.</p><h2>What changes</h2><ul><li>Fares fall</li>"
                          "<li>Parks open later</li></ul><p>The mayor said the city could not "
                          "wait any longer, and promised work before summer.</p></article>"
                          "</body></html>")
        text = run(["clean", page])
        md = run(["clean", "--format", "markdown", page])
        self.assertEqual(md.returncode, 0, md.stderr)
        t, m = text.stdout.decode(), md.stdout.decode()
        front = t[:t.index("\n---\n") + 5]
        self.assertEqual(m[:len(front)], front)  # same front matter, same id
        self.assertIn("\n## What changes\n\n- Fares fall\n- Parks open later\n", m)
        self.assertIn("\nWhat changes\n\n- Fares fall\n- Parks open later\n", t)
        r = run(["clean", "--format", "markdown", "--body-only", page])
        self.assertTrue(r.stdout.startswith(b"The city council"), r.stdout[:40])
        # -o and the spool name the file .md; an id is delivered once in any format
        out = os.path.join(self.tmp, "out")
        self.assertEqual(run(["clean", "--format", "markdown", "-o", out, page]).returncode, 0)
        self.assertEqual(os.listdir(out), ["p.md"])
        spool = os.path.join(self.tmp, "spool")
        self.assertEqual(run(["clean", "--spool", spool, page]).returncode, 0)
        r = run(["clean", "--format", "markdown", "--spool", spool, page])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(os.listdir(os.path.join(spool, "new"))), 1)
        conf = self.write("md.conf", "[daemon]\nformat = markdown\n")
        r = run(["clean", "-c", conf, "--body-only", page])
        self.assertIn(b"## What changes", r.stdout)

    def test_markdown_links(self):
        page = self.write("l.html", "<html><body><article><h1>Budget</h1><p>The city council "
                          "voted on <a href='/news/budget.html'>the new budget</a>, which raises "
                          "spending by almost a tenth, and <a href='#top'>more</a> said the "
                          "mayor.</p><p>A second paragraph, quoting <a href='https://example.org/"
                          "a b'>another report</a> on the spending plans of the town.</p>"
                          "</article></body></html>")
        url = ["--url", "https://example.com/dir/page.html"]
        plain = run(["clean", "--format", "markdown", *url, page]).stdout.decode()
        linked = run(["clean", "--format", "markdown", "--links", *url, page]).stdout.decode()
        text = run(["clean", "--links", *url, page]).stdout.decode()
        self.assertIn("voted on the new budget, which", plain)
        self.assertIn("voted on [the new budget](https://example.com/news/budget.html), which",
                      linked)
        self.assertIn("quoting [another report](https://example.org/a%20b) on", linked)
        self.assertIn(" more said", linked)  # a link into the page itself stays text
        self.assertNotIn("](", text)  # the text format has no links
        ids = {re.search(r"^id: (\w+)$", o, re.M).group(1) for o in (plain, linked, text)}
        self.assertEqual(len(ids), 1)

    def test_usage(self):
        self.assertEqual(run(["clean", "--format", "xml", "x"]).returncode, 64)
        self.assertEqual(run(["clean", "--bogus"]).returncode, 64)
        self.assertEqual(run(["nonsense"]).returncode, 64)
        self.assertEqual(run(["clean", "--help"]).returncode, 0)
        self.assertEqual(run(["--version"]).returncode, 0)
        self.assertEqual(run(["--help"]).returncode, 0)

    def test_cannot_create_output(self):
        blocker = self.write("file", b"x")
        r = run(["clean", "-o", os.path.join(blocker, "sub"), self.write("a.txt", ARTICLE)])
        self.assertEqual(r.returncode, 73, r.stderr)

    def test_ascii_folding(self):
        path = self.write("q.txt", ARTICLE.replace("Critics argued", "“Critics” argued — said"))
        plain = run(["clean", "--body-only", path]).stdout.decode()
        folded = run(["clean", "--body-only", "--ascii", path]).stdout.decode()
        self.assertIn("“Critics”", plain)
        self.assertIn('"Critics" argued - said', folded)
        self.assertTrue(all(ord(c) < 128 for c in folded))

    def test_output_dir_same_stems(self):
        # Two inputs with one stem from different folders: two files, the
        # later one with -2, as fetch -o does (was: one silently overwritten).
        os.mkdir(os.path.join(self.tmp, "a"))
        os.mkdir(os.path.join(self.tmp, "b"))
        first = self.write("a/x.html", "<html><body><article><p>%s</p></article></body></html>"
                           % ARTICLE.replace("\n\n", "</p><p>"))
        second = self.write("b/x.txt", ARTICLE.replace("city council", "town board"))
        third = self.write("x-2.txt", ARTICLE.replace("city council", "county board"))
        out = os.path.join(self.tmp, "out")
        r = run(["clean", "-o", out, "-j", "2", first, second, third, second])
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(os.listdir(out))
        self.assertEqual(names, ["x-2-2.txt", "x-2.txt", "x-3.txt", "x.txt"])
        with open(os.path.join(out, "x-2.txt")) as fh:
            self.assertIn("town board", fh.read())
        with open(os.path.join(out, "x-2-2.txt")) as fh:
            self.assertIn("county board", fh.read())
        with open(os.path.join(out, "x.txt")) as fh:
            self.assertIn("city council", fh.read())

    def test_body_only_with_json_is_usage_error(self):
        path = self.write("city.txt", ARTICLE)
        r = run(["clean", "--body-only", "--format", "json", path])
        self.assertRefused(r, 64, "--body-only")
        conf = self.write("pith.conf", "[daemon]\nformat = json\n")
        r = run(["clean", "-c", conf, "--body-only", path])
        self.assertRefused(r, 64, "--format text")
        r = run(["clean", "-c", conf, "--body-only", "--format", "text", path])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b"The city council"), r.stdout[:80])

    def test_readme_sample_output(self):
        if not shared_data.have(SEEDS, "corpus/seeds"):
            self.skipTest("PITH_SKIP_SHARED=1")
        # The README's sample is real output of the seed it names: every
        # front matter line, in order (it once lacked the lang: line).
        src = os.environ.get("PITH_SOURCE_DIR", ".")
        with open(os.path.join(src, "README.md")) as fh:
            readme = fh.read()
        block = readme.split("## Output", 1)[1].split("```", 2)[1].strip().splitlines()
        matter = block[:block.index("---", 1) + 1]
        source = [l for l in matter if l.startswith("source: ")][0][len("source: "):]
        seed = os.path.join(SEEDS, source)
        r = run(["clean", seed])
        self.assertEqual(r.returncode, 0, r.stderr)
        real = r.stdout.decode().splitlines()
        self.assertEqual(real[:len(matter)], matter)
        self.assertTrue(real[len(matter) + 1].startswith(block[len(matter) + 1].rstrip(". ")))

    def run_on_pty(self, args):
        """Runs pith with stderr on a pseudo-terminal; returns (rc, what the
        terminal received)."""
        import pty
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([PITH] + args, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=slave)
        finally:
            os.close(slave)
        got = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            got += chunk
        os.close(master)
        return proc.wait(timeout=60), got.decode(errors="replace")

    def test_progress_line_only_on_a_terminal(self):
        names = [self.write("p%02d.txt" % i, ARTICLE.replace("city", "city %d" % i))
                 for i in range(30)]
        names += [self.write("empty%d.txt" % i, "") for i in range(2)]
        out = os.path.join(self.tmp, "out")
        rc, tty = self.run_on_pty(["clean", "-j", "2", "-o", out] + names)
        self.assertEqual(rc, 65, tty)
        self.assertEqual(len(os.listdir(out)), 30)
        # One line redrawn in place ("\r"), ending with the final counts and a
        # newline; the two error lines are printed whole, not inside it.
        self.assertIn("\r", tty)
        final = tty.replace("\r\n", "\n").rstrip("\n").split("\n")[-1].split("\r")[-1]
        self.assertRegex(final, r"^pith clean: 32/32 done, [0-9.]+/s, 2 failed *$")
        lines = [l.split("\r")[-1].strip() for l in tty.replace("\r\n", "\n").split("\n")]
        self.assertEqual(sorted(l for l in lines if l.startswith("pith: ")),
                         ["pith: %s: empty input" % n for n in names[30:]], tty)
        # Not a terminal: the same run prints the error lines and nothing else.
        shutil.rmtree(out)
        r = run(["clean", "-j", "2", "-o", out] + names)
        self.assertEqual(r.returncode, 65)
        err = r.stderr.decode()
        self.assertNotIn("done", err)
        self.assertNotIn("\r", err)
        self.assertEqual(len(err.splitlines()), 2, err)
        # A single input shows no progress line even on a terminal.
        rc, tty = self.run_on_pty(["clean", "-o", out, names[0]])
        self.assertEqual((rc, tty), (0, ""))


if __name__ == "__main__":
    unittest.main(verbosity=2)
