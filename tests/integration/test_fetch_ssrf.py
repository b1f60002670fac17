#!/usr/bin/env python3
"""No server-side request forgery (SPEC §8 "[fetch]"): by default every
address that is not globally routable is refused, on the address actually
connected to, so numeric host forms and redirects are caught too; the reason
reaches stderr and the .failed/ note; allow_private and allow_hosts open
exactly what they say.

Only loopback servers are used: every refusal here is of a loopback address
(written in its several forms), and a refused address never sees a request
(the servers count them). Other classes are covered by the unit tests of
config/addrpolicy.c, so no test ever sends a packet off this machine."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Daemon, drop_atomic, run_tests, wait_until  # noqa: E402
from httpserver import HTTPServer  # noqa: E402

PITH = os.environ.get("PITH_BIN", "build/pith")
ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
NOPROXY = {"NO_PROXY": "*", "no_proxy": "*"}
TEXT = "text/plain; charset=utf-8"
ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate about "
    "public transport, schools and the maintenance of roads in the northern districts.\n\n"
    "The mayor said the plan would be reviewed again in the spring, when the first "
    "figures on tax revenue for the year are known and the council can adjust spending.\n"
)
LOOPBACK = "is a loopback address (see allow_private)"


class Env:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-ssrf-")
        self.a = HTTPServer().start()
        self.b = HTTPServer().start()
        for s in (self.a, self.b):
            s.route("/page.txt", {"body": ARTICLE, "content_type": TEXT})

    def close(self):
        self.a.stop()
        self.b.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def fetch(self, fetch_keys, *urls):
        args = [PITH, "fetch", "--body-only"]
        if fetch_keys is not None:
            conf = os.path.join(self.tmp, "pith.conf")
            with open(conf, "w") as f:
                f.write("[fetch]\ndelay = 0\nretries = 0\ntimeout = 5s\n" + fetch_keys)
            args += ["-c", conf]
        return subprocess.run(args + list(urls), capture_output=True, timeout=60, env=ENV)


def test_default_refuses_loopback_in_every_form():
    e = Env()
    try:
        port = e.a.port
        urls = ["http://127.0.0.1:%d/page.txt" % port,
                "http://0x7f000001:%d/page.txt" % port,
                "http://2130706433:%d/page.txt" % port,
                "http://0177.0.0.1:%d/page.txt" % port,
                "http://127.1:%d/page.txt" % port,
                "http://localhost:%d/page.txt" % port,
                "http://[::1]:%d/page.txt" % port,
                "http://[::ffff:127.0.0.1]:%d/page.txt" % port,
                "http://[::ffff:7f00:1]:%d/page.txt" % port]
        for keys in (None, ""):  # built-in defaults, and a config without the keys
            r = e.fetch(keys, *urls)
            assert r.returncode == 69, r
            assert r.stdout == b"", r.stdout
            lines = r.stderr.decode().strip().splitlines()
            assert len(lines) == len(urls), lines
            for url in urls:  # failures are reported as they come, not in order
                mine = [l for l in lines if l.startswith("pith: %s: refused: " % url)]
                assert len(mine) == 1 and mine[0].endswith(LOOPBACK), (url, lines)
        assert e.a.hits == {}, e.a.hits
    finally:
        e.close()


def test_allow_hosts_opens_exactly_what_it_lists():
    e = Env()
    try:
        a = e.a.url("/page.txt")
        b = e.b.url("/page.txt")
        a_name = "http://localhost:%d/page.txt" % e.a.port
        b_name = "http://localhost:%d/page.txt" % e.b.port

        # host:port (an address): that port only.
        r = e.fetch("allow_hosts = 127.0.0.1:%d\n" % e.a.port, a, b)
        assert r.returncode == 69, r
        assert b"on Tuesday" in r.stdout, r
        err = r.stderr.decode()
        assert err.strip() == "pith: %s: refused: 127.0.0.1 %s" % (b, LOOPBACK), err
        assert e.a.hits == {"/page.txt": 1} and e.b.hits == {}, (e.a.hits, e.b.hits)

        # a name with a port: that name on that port, not the address by itself.
        r = e.fetch("allow_hosts = localhost:%d\n" % e.a.port, a_name, a, b_name)
        assert r.returncode == 69, r
        err = r.stderr.decode().strip().splitlines()
        assert len(err) == 2, err
        assert err[0].startswith("pith: %s: refused: 127.0.0.1 " % a), err
        assert err[1].startswith("pith: %s: refused: " % b_name), err
        assert e.a.hits == {"/page.txt": 2} and e.b.hits == {}, (e.a.hits, e.b.hits)

        # a network holds every port of every address in it.
        r = e.fetch("allow_hosts = 10.0.0.0/8, 127.0.0.0/8\n", a, b)
        assert r.returncode == 0, r
        assert e.a.hits == {"/page.txt": 3} and e.b.hits == {"/page.txt": 1}

        # a network that does not hold it opens nothing.
        r = e.fetch("allow_hosts = 127.0.1.0/24, ::1\n", a)
        assert r.returncode == 69 and LOOPBACK in r.stderr.decode(), r

        # allow_private opens everything.
        r = e.fetch("allow_private = yes\n", a, b)
        assert r.returncode == 0, r
        assert e.a.hits == {"/page.txt": 4} and e.b.hits == {"/page.txt": 2}
    finally:
        e.close()


def test_redirect_to_refused_address():
    e = Env()
    try:
        target = e.b.url("/page.txt")
        e.a.route("/go", {"status": 302, "headers": {"Location": target}})
        e.a.route("/numeric", {"status": 302, "headers": {
            "Location": "http://0x7f000001:%d/page.txt" % e.b.port}})
        keys = "allow_hosts = 127.0.0.1:%d\n" % e.a.port
        for path in ("/go", "/numeric"):
            r = e.fetch(keys, e.a.url(path))
            assert r.returncode == 69, r
            err = r.stderr.decode().strip()
            assert err.startswith("pith: %s: refused: 127.0.0.1 %s, redirected to "
                                  % (e.a.url(path), LOOPBACK)), err
        assert e.a.hits == {"/go": 1, "/numeric": 1}, e.a.hits
        assert e.b.hits == {}, e.b.hits  # nothing reached the refused address
        # Allowing the target too lets the same redirect through.
        r = e.fetch(keys + "allow_hosts = 127.0.0.1:%d\n" % e.b.port, e.a.url("/go"))
        assert r.returncode == 78, r  # set twice: a configuration error
        r = e.fetch("allow_hosts = 127.0.0.1:%d, 127.0.0.1:%d\n" % (e.a.port, e.b.port),
                    e.a.url("/go"))
        assert r.returncode == 0 and b"on Tuesday" in r.stdout, r
        assert e.b.hits == {"/page.txt": 1}, e.b.hits
    finally:
        e.close()


def test_daemon_refuses_url_files_and_feed_items():
    srv = HTTPServer().start()
    other = HTTPServer().start()
    srv.route("/page.txt", {"body": ARTICLE, "content_type": TEXT})
    other.route("/page.txt", {"body": ARTICLE, "content_type": TEXT})
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            '<item><link>%s</link></item></channel></rss>' % other.url("/page.txt"))
    srv.route("/feed.xml", {"body": feed, "content_type": "application/rss+xml"})
    extra = ("\n[fetch]\ndelay = 0\nretries = 0\ntimeout = 5s\nallow_hosts = 127.0.0.1:%d\n"
             "[source s]\nfeed = %s\ninterval = 1h\n" % (srv.port, srv.url("/feed.xml")))
    d = Daemon(extra=extra)
    try:
        d.start(env=NOPROXY)
        wait_until(lambda: srv.hits.get("/feed.xml") == 1, 20, "the feed")
        wait_until(lambda: "refused: 127.0.0.1 " + LOOPBACK in d.log_text(), 20,
                   "the feed item refused in the log")
        listing = "%s\nhttp://0x7f000001:%d/page.txt\n%s\n" % (
            srv.url("/page.txt"), other.port, other.url("/page.txt"))
        drop_atomic(d.drop, "mixed.url", listing.encode())
        wait_until(lambda: "mixed.url.error" in d.failed(), 20, "mixed.url in .failed/")
        note = d.note("mixed.url")
        lines = [l for l in note.splitlines() if "refused: 127.0.0.1 " + LOOPBACK in l]
        assert len(lines) == 2, note
        assert srv.url("/page.txt") + ":" not in note, note
        assert len(d.delivered()) == 1, d.delivered()
        assert other.hits == {}, other.hits
        assert d.stop() == 0, d.log_text()[-2000:]
    finally:
        d.cleanup()
        srv.stop()
        other.stop()


def test_check_config_reports_bad_allow_hosts():
    tmp = tempfile.mkdtemp(prefix="pith-ssrf-conf-")
    try:
        conf = os.path.join(tmp, "pith.conf")
        with open(conf, "w") as f:
            f.write("[fetch]\nallow_private = perhaps\nallow_hosts = 10.0.0.0/33, ok.example\n")
        r = subprocess.run([PITH, "check-config", "-c", conf], capture_output=True, timeout=30)
        assert r.returncode == 78, r
        out = (r.stdout + r.stderr).decode()
        assert "%s:2:" % conf in out and "allow_private" in out, out
        assert "%s:3:" % conf in out and "10.0.0.0/33" in out, out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run_tests([test_default_refuses_loopback_in_every_form,
               test_allow_hosts_opens_exactly_what_it_lists,
               test_redirect_to_refused_address,
               test_daemon_refuses_url_files_and_feed_items,
               test_check_config_reports_bad_allow_hosts])
