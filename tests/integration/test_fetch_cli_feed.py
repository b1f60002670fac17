#!/usr/bin/env python3
"""`pith fetch` of an RSS or Atom URL (SPEC §1): the feed stands for its
articles. Each item is fetched and cleaned like a page given on the command
line — same fetcher, same limits, same address policy — and the items take
the feed's place in the output order; the feed's XML is never printed as an
article. Empty feeds and feeds inside feeds are errors (65)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from httpserver import HTTPServer  # noqa: E402

PITH = os.environ.get("PITH_BIN", "build/pith")
ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
TEXT = "text/plain; charset=utf-8"


def article(word):
    return ("The city council approved the %s budget on Tuesday after a long debate about "
            "public transport, schools and the maintenance of roads in the northern districts.\n\n"
            "The mayor said the %s plan would be reviewed again in the spring, when the first "
            "figures on tax revenue for the year are known and the council can adjust spending.\n"
            % (word, word))


def rss(links):
    items = "".join("<item><title>t%d</title><link>%s</link></item>" % (i, l)
                    for i, l in enumerate(links))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>News</title>%s</channel></rss>" % items)


def atom(links):
    entries = "".join('<entry><id>urn:x:%d</id><title>t</title><link href="%s"/></entry>'
                      % (i, l) for i, l in enumerate(links))
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>News</title>%s</feed>" % entries)


class FetchFeed(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-fetch-feed-")
        self.srv = HTTPServer().start()
        for w in ("alpha", "beta", "gamma", "delta", "omega"):
            self.srv.route("/s/%s.txt" % w, {"body": article(w), "content_type": TEXT})
        self.config = self.write_config()

    def tearDown(self):
        self.srv.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write_config(self, extra=""):
        path = os.path.join(self.tmp, "pith.conf")
        with open(path, "w") as fh:
            fh.write("[fetch]\ndelay = 0\nretries = 0\ntimeout = 5s\n"
                     "allow_hosts = 127.0.0.1:%d\n%s" % (self.srv.port, extra))
        return path

    def fetch(self, *args):
        return subprocess.run([PITH, "fetch", "-c", self.config] + list(args),
                              capture_output=True, timeout=60, env=ENV)

    def test_rss_items_in_feed_order_in_place_of_the_feed(self):
        self.srv.route("/feed.xml", {"body": rss(["/s/beta.txt", "s/gamma.txt",
                                                  self.srv.url("/s/delta.txt")]),
                                     "content_type": "application/rss+xml"})
        # The first item answers last; the output order is still the feed's.
        self.srv.route("/s/beta.txt", {"body": article("beta"), "content_type": TEXT,
                                       "delay": 0.3})
        r = self.fetch("--body-only", self.srv.url("/s/alpha.txt"), self.srv.url("/feed.xml"),
                       self.srv.url("/s/omega.txt"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b"")
        out = r.stdout.decode()
        self.assertNotIn("<rss", out)
        self.assertNotIn("<item>", out)
        pos = [out.index("the %s budget" % w) for w in ("alpha", "beta", "gamma", "delta", "omega")]
        self.assertEqual(pos, sorted(pos), out)
        for w in ("beta", "gamma", "delta"):
            self.assertEqual(self.srv.hits["/s/%s.txt" % w], 1)

    def test_atom_sniffed_without_a_feed_type_and_written_to_a_folder(self):
        self.srv.route("/atom", {"body": atom(["/s/alpha.txt", "/s/beta.txt"]),
                                 "content_type": "application/xml"})
        out = os.path.join(self.tmp, "out")
        r = self.fetch("-o", out, "--format", "json", self.srv.url("/atom"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["alpha.json", "beta.json"])
        with open(os.path.join(out, "beta.json")) as fh:
            self.assertIn(self.srv.url("/s/beta.txt"), fh.read())

    def test_empty_feed_and_feed_in_feed_are_errors(self):
        self.srv.route("/empty.xml", {"body": rss([]), "content_type": "application/rss+xml"})
        r = self.fetch(self.srv.url("/empty.xml"))
        self.assertEqual(r.returncode, 65, r)
        self.assertEqual(r.stdout, b"")
        self.assertIn("feed with no items", r.stderr.decode())

        self.srv.route("/outer.xml", {"body": rss(["/empty.xml", "/s/alpha.txt"]),
                                      "content_type": "text/xml"})
        r = self.fetch("--body-only", self.srv.url("/outer.xml"))
        self.assertEqual(r.returncode, 65, r)
        self.assertIn("the alpha budget", r.stdout.decode())
        self.assertIn("%s: a feed inside a feed; not followed" % self.srv.url("/empty.xml"),
                      r.stderr.decode())

    def test_malformed_feed_is_an_error_not_an_article(self):
        self.srv.route("/bad.xml", {"body": '<?xml version="1.0"?><rss><channel><item>',
                                    "content_type": "application/rss+xml"})
        r = self.fetch(self.srv.url("/bad.xml"))
        self.assertEqual(r.returncode, 65, r)
        self.assertEqual(r.stdout, b"")
        self.assertIn("malformed feed XML", r.stderr.decode())

    def test_items_follow_the_same_limits(self):
        other = HTTPServer().start()
        try:
            other.route("/s/x.txt", {"body": article("other"), "content_type": TEXT})
            self.srv.route("/feed.xml", {"body": rss(["/s/alpha.txt", other.url("/s/x.txt"),
                                                      "/s/beta.txt", "/s/gamma.txt"]),
                                         "content_type": "application/rss+xml"})
            self.config = self.write_config("feed_items_per_poll = 3\n")
            r = self.fetch("--body-only", self.srv.url("/feed.xml"))
            self.assertEqual(r.returncode, 69, r)
            err = r.stderr.decode()
            # The item on a port allow_hosts does not list is refused, unsent.
            self.assertIn("%s: refused: 127.0.0.1 is a loopback address" % other.url("/s/x.txt"),
                          err)
            self.assertEqual(other.hits, {})
            # At most feed_items_per_poll items, and the rest is said.
            self.assertIn("%s: 1 more items not fetched (feed_items_per_poll = 3)"
                          % self.srv.url("/feed.xml"), err)
            out = r.stdout.decode()
            self.assertIn("the alpha budget", out)
            self.assertIn("the beta budget", out)
            self.assertNotIn("gamma", out)
            self.assertNotIn("/s/gamma.txt", self.srv.hits)
        finally:
            other.stop()

    def test_xhtml_with_xml_prolog_is_still_a_page(self):
        page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                "<head><title>Budget</title></head><body><article><p>%s</p></article></body></html>"
                % article("xhtml").replace("\n\n", "</p><p>"))
        self.srv.route("/page.xhtml", {"body": page, "content_type": "application/xhtml+xml"})
        r = self.fetch("--body-only", self.srv.url("/page.xhtml"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("the xhtml budget", r.stdout.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
