#!/usr/bin/env python3
"""`pith fetch` against a real HTTP server on 127.0.0.1 (SPEC §1, §7 "Fetching", §9).

Every misbehaving server the SPEC lists ends in exit 69 with a one-line
reason; retries happen where they should and only there (the server counts
requests); per-host limits hold (the server counts concurrent requests per
Host); conditional GET turns the second fetch of an unchanged page into a 304.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpserver import HTTPServer  # noqa: E402

PITH = os.environ.get("PITH_BIN", "build/pith")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import shared_data  # noqa: E402

BENCH_HTML = os.path.join(shared_data.SHARED, "bench", "scrapinghub", "html")

ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate about "
    "public transport, schools and the maintenance of roads in the northern districts.\n\n"
    "The mayor said the plan would be reviewed again in the spring, when the first "
    "figures on tax revenue for the year are known and the council can adjust spending.\n\n"
    "Critics argued that the budget does too little for housing, while supporters said "
    "it was the most balanced plan the city had seen in a decade of tight finances.\n"
)
RUSSIAN = (
    "Городской совет во вторник утвердил новый бюджет после долгих споров о "
    "транспорте, школах и ремонте дорог в северных районах города.\n\n"
    "Мэр сказал, что план будет пересмотрен весной, когда станут известны первые "
    "данные о налоговых поступлениях за год.\n"
)
TEXT = "text/plain; charset=utf-8"

# No proxy may stand between the tests and the loopback server.
ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


class FetchCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-fetch-")
        self.srv = HTTPServer().start()
        self.config = self.write_config()

    def tearDown(self):
        self.srv.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write_config(self, **fetch):
        keys = {"timeout": "3s", "retries": "2", "delay": "0", "per_host": "2",
                "max_redirects": "5", "max_bytes": "1M",
                # The test server is on loopback, refused unless allowed.
                "allow_hosts": "127.0.0.1",
                "user_agent": "pith-test/1.0 (+https://example.invalid/pith)"}
        keys.update(fetch)
        path = os.path.join(self.tmp, "pith.conf")
        with open(path, "w") as fh:
            fh.write("[fetch]\n")
            for k, v in keys.items():
                fh.write("%s = %s\n" % (k, v))
        return path

    def fetch(self, *args, timeout=60):
        cmd = [PITH, "fetch", "-c", self.config] + list(args)
        return subprocess.run(cmd, capture_output=True, timeout=timeout, env=ENV)

    def assertFailed(self, r, url, *words):
        self.assertEqual(r.returncode, 69, r.stderr)
        self.assertEqual(r.stdout, b"")
        err = r.stderr.decode()
        lines = err.strip().splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("pith: %s: " % url), err)
        for w in words:
            self.assertIn(w, err.lower())

    # ---- progress ------------------------------------------------------------

    def test_progress_line_only_on_a_terminal(self):
        import pty
        urls = []
        for i in range(6):
            self.srv.route("/p%d.txt" % i, {"body": ARTICLE.replace("city", "city %d" % i),
                                            "content_type": TEXT})
            urls.append(self.srv.url("/p%d.txt" % i))
        self.srv.route("/gone", {"status": 404, "body": "no"})
        urls.append(self.srv.url("/gone"))
        out = os.path.join(self.tmp, "out")
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([PITH, "fetch", "-c", self.config, "-o", out] + urls,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=slave, env=ENV)
        finally:
            os.close(slave)
        got = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        os.close(master)
        self.assertEqual(proc.wait(timeout=60), 69)
        tty = got.decode(errors="replace").replace("\r\n", "\n")
        final = tty.rstrip("\n").split("\n")[-1].split("\r")[-1]
        self.assertRegex(final, r"^pith fetch: 7/7 done, [0-9.]+/s, 1 failed *$", tty)
        self.assertIn("pith: %s: " % urls[-1], tty)
        shutil.rmtree(out)
        r = self.fetch("-o", out, *urls)
        self.assertEqual(r.returncode, 69)
        self.assertNotIn(b"done", r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)

    # ---- pages ---------------------------------------------------------------

    def test_html_page_from_benchmark(self):
        pages = sorted(glob.glob(os.path.join(BENCH_HTML, "*.html")))
        if not shared_data.have(pages, "bench/scrapinghub/html"):
            self.skipTest("PITH_SKIP_SHARED=1")
        with open(pages[3], "rb") as fh:
            html = fh.read()
        self.srv.route("/news/story.html", {"body": html, "content_type": "text/html; charset=utf-8"})
        url = self.srv.url("/news/story.html")
        r = self.fetch("--format", "json", url)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        # The page's own canonical link may win over the address it came from.
        self.assertRegex(doc["url"], r"^https?://")
        self.assertIn("fetched", doc)
        self.assertRegex(doc["fetched"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
        self.assertGreater(len(doc["text"].split()), 50)
        self.assertNotIn("<", doc["text"][:200])
        hdrs = self.srv.requests[0][1]
        self.assertEqual(hdrs.get("User-Agent"), "pith-test/1.0 (+https://example.invalid/pith)")

    def test_text_page_and_output_folder(self):
        self.srv.route("/a/first.txt", {"body": ARTICLE, "content_type": TEXT})
        self.srv.route("/b/first.txt", {"body": ARTICLE.replace("Tuesday", "Monday"),
                                        "content_type": TEXT})
        self.srv.route("/", {"body": ARTICLE.replace("Tuesday", "Friday"), "content_type": TEXT})
        out = os.path.join(self.tmp, "out")
        urls = [self.srv.url("/a/first.txt"), self.srv.url("/b/first.txt"), self.srv.url("/")]
        r = self.fetch("-o", out, "--body-only", *urls)
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(os.listdir(out))
        self.assertEqual(names, ["127.0.0.1.txt", "first-2.txt", "first.txt"])
        with open(os.path.join(out, "first.txt")) as fh:
            self.assertIn("on Tuesday", fh.read())
        with open(os.path.join(out, "first-2.txt")) as fh:
            self.assertIn("on Monday", fh.read())

    def test_charset_from_content_type(self):
        self.srv.route("/ru.txt", {"body": RUSSIAN.encode("windows-1251"),
                                   "content_type": "text/plain; charset=windows-1251"})
        r = self.fetch("--body-only", self.srv.url("/ru.txt"))
        self.assertEqual(r.returncode, 0, r.stderr)
        text = r.stdout.decode("utf-8")
        self.assertIn("Городской совет во вторник утвердил новый бюджет", text)

    def test_gzip_body_is_decoded(self):
        self.srv.route("/gz", {"body": ARTICLE, "content_type": TEXT, "gzip": True})
        r = self.fetch("--body-only", self.srv.url("/gz"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"approved the new budget", r.stdout)
        self.assertIn("gzip", self.srv.requests[0][1].get("Accept-Encoding", ""))

    def test_results_in_input_order_and_first_error_wins(self):
        self.srv.route("/one", {"body": ARTICLE, "content_type": TEXT, "delay": 0.3})
        self.srv.route("/two", {"body": ARTICLE.replace("Tuesday", "Sunday"), "content_type": TEXT})
        self.srv.route("/gone", {"status": 410})
        r = self.fetch("--body-only", self.srv.url("/one"), self.srv.url("/gone"),
                       self.srv.url("/two"), "ftp://127.0.0.1/x")
        self.assertEqual(r.returncode, 69, r.stderr)
        out = r.stdout.decode()
        self.assertLess(out.index("on Tuesday"), out.index("on Sunday"))
        err = r.stderr.decode()
        self.assertIn("/gone: HTTP 410", err)
        self.assertIn("ftp://127.0.0.1/x: only http and https", err)

    # ---- retries -------------------------------------------------------------

    def test_503_503_200_is_retried(self):
        self.srv.route("/flaky", {"status": 503, "headers": {"Retry-After": "0"}},
                       {"status": 503}, {"body": ARTICLE, "content_type": TEXT})
        r = self.fetch("--body-only", self.srv.url("/flaky"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"approved the new budget", r.stdout)
        self.assertEqual(self.srv.hits["/flaky"], 3)

    def test_429_retry_after_then_gives_up(self):
        self.srv.route("/busy", {"status": 429, "headers": {"Retry-After": "1"}})
        r = self.fetch(self.srv.url("/busy"))
        self.assertFailed(r, self.srv.url("/busy"), "http 429", "3 attempts")
        self.assertEqual(self.srv.hits["/busy"], 3)  # 1 + retries = 2

    def test_404_is_not_retried(self):
        self.srv.route("/missing", {"status": 404, "body": "no"})
        r = self.fetch(self.srv.url("/missing"))
        self.assertFailed(r, self.srv.url("/missing"), "http 404")
        self.assertEqual(self.srv.hits["/missing"], 1)

    # ---- hostile servers -----------------------------------------------------

    def test_redirect_to_file_and_ftp_refused(self):
        self.srv.route("/to-file", {"status": 302, "headers": {"Location": "file:///etc/passwd"}})
        self.srv.route("/to-ftp", {"status": 301, "headers": {"Location": "ftp://127.0.0.1/pub/x"}})
        for path in ("/to-file", "/to-ftp"):
            r = self.fetch(self.srv.url(path))
            self.assertFailed(r, self.srv.url(path), "redirect", "refused")
            self.assertNotIn(b"root:", r.stderr)
            self.assertEqual(self.srv.hits[path], 1)

    def test_redirect_loop(self):
        self.srv.route("/loop-a", {"status": 302, "headers": {"Location": "/loop-b"}})
        self.srv.route("/loop-b", {"status": 302, "headers": {"Location": "/loop-a"}})
        r = self.fetch(self.srv.url("/loop-a"))
        self.assertFailed(r, self.srv.url("/loop-a"), "too many redirects")
        self.assertLessEqual(self.srv.hits["/loop-a"] + self.srv.hits["/loop-b"], 6)

    def test_redirect_followed(self):
        self.srv.route("/old", {"status": 301, "headers": {"Location": "/new/place.txt"}})
        self.srv.route("/new/place.txt", {"body": ARTICLE, "content_type": TEXT})
        r = self.fetch("--format", "json", self.srv.url("/old"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["url"], self.srv.url("/new/place.txt"))

    def test_body_over_max_bytes_without_length(self):
        self.srv.route("/huge", {"no_length": True, "chunk": (b"a" * 65536, 2000),
                                 "content_type": TEXT})
        r = self.fetch(self.srv.url("/huge"))
        self.assertFailed(r, self.srv.url("/huge"), "max_bytes")
        self.assertEqual(self.srv.hits["/huge"], 1)

    def test_body_over_max_bytes_with_length(self):
        self.srv.route("/big", {"body": b"b" * (2 << 20), "content_type": TEXT})
        r = self.fetch(self.srv.url("/big"))
        self.assertFailed(r, self.srv.url("/big"), "max_bytes")

    def test_server_that_hangs(self):
        self.config = self.write_config(timeout="1s", retries="1")
        self.srv.route("/hang", {"hang": 30})
        r = self.fetch(self.srv.url("/hang"), timeout=30)
        self.assertFailed(r, self.srv.url("/hang"), "timed out", "2 attempts")
        self.assertEqual(self.srv.hits["/hang"], 2)

    def test_server_that_trickles(self):
        self.config = self.write_config(timeout="2s", retries="0")
        self.srv.route("/slow", {"body": ARTICLE * 50, "content_type": TEXT, "trickle": (20, 0.2)})
        r = self.fetch(self.srv.url("/slow"), timeout=30)
        self.assertFailed(r, self.srv.url("/slow"))
        self.assertRegex(r.stderr.decode().lower(), "timed out|too slow")

    def test_server_that_lies_about_length(self):
        self.config = self.write_config(retries="1")
        self.srv.route("/short", {"body": ARTICLE, "content_type": TEXT, "lie_length": 100000})
        r = self.fetch(self.srv.url("/short"))
        self.assertFailed(r, self.srv.url("/short"), "bytes remaining")
        self.assertEqual(self.srv.hits["/short"], 2)

    def test_connection_refused(self):
        # A port that was just free: nothing listens there.
        probe = HTTPServer().start()
        url = probe.url("/x")
        probe.stop()
        self.config = self.write_config(retries="1")
        r = self.fetch(url)
        self.assertFailed(r, url, "2 attempts")

    # ---- politeness and conditional GET ---------------------------------------

    def test_per_host_limit(self):
        for i in range(8):
            self.srv.route("/p%d" % i, {"body": ARTICLE.replace("Tuesday", "day %d" % i),
                                        "content_type": TEXT, "delay": 0.2})
        urls = [self.srv.url("/p%d" % i) for i in range(8)]
        # The same server under a second name is a second host.
        urls += [u.replace("127.0.0.1", "localhost") for u in urls[:4]]
        out = os.path.join(self.tmp, "out")
        r = self.fetch("-j", "16", "-o", out, *urls)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(os.listdir(out)), 12)  # p0..p7, then p0-2..p3-2
        host = "127.0.0.1:%d" % self.srv.port
        self.assertLessEqual(self.srv.max_active[host], 2)
        self.assertLessEqual(self.srv.max_active.get("localhost:%d" % self.srv.port, 0), 2)
        self.assertEqual(sum(self.srv.hits.values()), 12)

    def test_conditional_get_delivers_nothing_new(self):
        state = os.path.join(self.tmp, "state")
        os.mkdir(state)
        with open(self.config, "a") as fh:
            fh.write("[daemon]\nstate_dir = %s\n" % state)
        self.srv.route("/page", {"body": ARTICLE, "content_type": TEXT, "etag": '"v1"'})
        spool = os.path.join(self.tmp, "spool")
        r = self.fetch("--spool", spool, self.srv.url("/page"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(os.listdir(os.path.join(spool, "new"))), 1)
        r = self.fetch("--spool", spool, self.srv.url("/page"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"not modified", r.stderr)
        self.assertEqual(len(os.listdir(os.path.join(spool, "new"))), 1)
        self.assertEqual(self.srv.hits["/page"], 2)
        self.assertEqual(self.srv.requests[1][1].get("If-None-Match"), '"v1"')

    def test_usage(self):
        r = subprocess.run([PITH, "fetch"], capture_output=True, env=ENV)
        self.assertEqual(r.returncode, 64)
        r = subprocess.run([PITH, "fetch", "-j", "0", "http://127.0.0.1/"], capture_output=True,
                           env=ENV)
        self.assertEqual(r.returncode, 64)
        r = subprocess.run([PITH, "fetch", "--help"], capture_output=True, env=ENV)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"usage: pith fetch", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
