#!/usr/bin/env python3
"""The daemon fetching (SPEC §7 "URL inputs", "Sources"): a *.url drop file
is fetched page by page and then removed (or moved to .failed/ with the
failed URLs listed); a [source] feed delivers each new item once, and later
polls deliver nothing new (conditional GET on the feed and pages, seen items
in the state store); fetch metrics reach the metrics file."""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Daemon, drop_atomic, run_tests, wait_until  # noqa: E402
from httpserver import HTTPServer  # noqa: E402

TEXT = "text/plain; charset=utf-8"
NOPROXY = {"NO_PROXY": "*", "no_proxy": "*"}


def article(topic):
    return (
        "The regional council discussed %s on Tuesday after residents asked for changes "
        "to public transport, schools and the maintenance of roads in the northern districts.\n\n"
        "Officials said the plan for %s would be reviewed again in the spring, when the first "
        "figures on tax revenue for the year are known and spending can be adjusted.\n\n"
        "Critics argued that the proposal on %s does too little, while supporters said it was "
        "the most balanced plan the region had seen in a decade of tight finances.\n"
        % (topic, topic, topic))


# The test server is on loopback, which the daemon refuses unless allowed.
ALLOW = "allow_hosts = 127.0.0.1\n"
FETCH = "\n[fetch]\ndelay = 0\nretries = 1\ntimeout = 5s\nper_host = 2\n" + ALLOW


def test_url_file():
    srv = HTTPServer().start()
    for name in ("alpha", "beta", "gamma", "delta"):
        srv.route("/news/%s.txt" % name, {"body": article(name), "content_type": TEXT})
    srv.route("/news/missing.txt", {"status": 404})
    srv.route("/news/feed", {"body": rss(srv, ["alpha"]), "content_type": "text/xml"})
    d = Daemon(extra=FETCH)
    try:
        d.start(env=NOPROXY)
        listing = "# today's pages\n\n%s\n  %s  \n%s\n" % (
            srv.url("/news/alpha.txt"), srv.url("/news/beta.txt"), srv.url("/news/gamma.txt"))
        drop_atomic(d.drop, "today.url", listing.encode())
        wait_until(lambda: len(d.delivered()) == 3 and not d.inputs_left(), 30,
                   "three pages from today.url")
        assert d.failed() == [], d.failed()
        for n in d.delivered():
            text = open(os.path.join(d.new, n), encoding="utf-8").read()
            assert "\nurl: %s" % srv.url("/news/") in text, text[:300]
            assert "\nfetched: " in text, text[:300]

        bad = "%s\n%s\nftp://127.0.0.1/nope\n%s\n" % (
            srv.url("/news/delta.txt"), srv.url("/news/missing.txt"), srv.url("/news/feed"))
        drop_atomic(d.drop, "mixed.url", bad.encode())
        wait_until(lambda: "mixed.url.error" in d.failed(), 30, "mixed.url in .failed/")
        assert len(d.delivered()) == 4, d.delivered()
        note = d.note("mixed.url")
        assert srv.url("/news/missing.txt") in note and "404" in note, note
        assert "ftp://127.0.0.1/nope" in note, note
        # A feed in a .url file is not delivered as an article.
        assert "%s: an RSS/Atom feed, not a page: follow it with [source NAME] feed = URL" % (
            srv.url("/news/feed")) in note, note
        assert srv.url("/news/delta.txt") not in note, note
        assert srv.hits["/news/missing.txt"] == 1  # a 404 is not retried
        assert not d.inputs_left()

        # Four pages and the feed were fetched fine.
        wait_until(lambda: os.path.exists(d.metrics) and
                   'pith_fetches_total{result="ok"} 5' in open(d.metrics).read(), 10,
                   "fetch metrics")
        m = open(d.metrics).read()
        assert 'pith_fetch_responses_total{class="4xx"} 1' in m, m
        assert "pith_fetch_seconds_bucket" in m, m
        # mixed.url went to .failed/: a failed input, in the metrics and in
        # the stop summary (its fetch failures are no documents of their own).
        wait_until(lambda: 'pith_documents_total{result="failed"} 1\n' in open(d.metrics).read(),
                   10, "the failed .url file in the metrics")
        assert d.stop() == 0, d.log_text()[-2000:]
        assert "stopped: 4 delivered, 0 duplicates, 1 failed" in d.log_text(), d.log_text()[-500:]
    finally:
        d.cleanup()
        srv.stop()


def test_url_file_failed_page_counts_once():
    """A .url file whose page fetches but does not clean: the page is a failed
    document, and the file in .failed/ is that same failure, not a second."""
    srv = HTTPServer().start()
    srv.route("/blank.txt", {"body": "  \n\n \n", "content_type": TEXT})
    d = Daemon(extra=FETCH)
    try:
        d.start(env=NOPROXY)
        drop_atomic(d.drop, "blank.url", (srv.url("/blank.txt") + "\n").encode())
        wait_until(lambda: "blank.url.error" in d.failed(), 30, "blank.url in .failed/")
        wait_until(lambda: 'pith_documents_total{result="failed"}' in open(d.metrics).read()
                   if os.path.exists(d.metrics) else False, 10, "the failure in the metrics")
        # The metrics file is rewritten every second: let one more pass.
        mtime = os.stat(d.metrics).st_mtime_ns
        wait_until(lambda: os.stat(d.metrics).st_mtime_ns != mtime, 10, "a metrics rewrite")
        m = open(d.metrics).read()
        assert 'pith_documents_total{result="failed"} 1\n' in m, m
        assert d.stop() == 0, d.log_text()[-2000:]
        assert "stopped: 0 delivered, 0 duplicates, 1 failed" in d.log_text(), d.log_text()[-500:]
    finally:
        d.cleanup()
        srv.stop()


def rss(srv, items):
    body = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            '<title>Regional news</title><link>%s</link>' % srv.url("/")]
    for i, name in enumerate(items):
        # Relative links, resolved against the feed's URL.
        body.append("<item><title>%s</title><link>../stories/%s.txt</link>"
                    "<guid isPermaLink=\"false\">story-%d</guid></item>" % (name, name, i))
    body.append("</channel></rss>")
    return "".join(body)


def test_feed_source_delivers_items_once():
    srv = HTTPServer().start()
    names = ["budget", "transit", "schools"]
    srv.route("/feeds/main.xml", {"body": rss(srv, names), "etag": '"feed-1"',
                                   "content_type": "application/rss+xml"})
    for n in names:
        srv.route("/stories/%s.txt" % n, {"body": article(n), "content_type": TEXT})
    srv.route("/about.txt", {"body": article("the newsroom"), "content_type": TEXT,
                             "etag": '"about-1"'})
    extra = FETCH + "\n[source regional]\nfeed = %s\nurl = %s\ninterval = 1s\n" % (
        srv.url("/feeds/main.xml"), srv.url("/about.txt"))
    d = Daemon(extra=extra)
    try:
        d.start(env=NOPROXY)
        wait_until(lambda: len(d.delivered()) == 4, 30, "three feed items and one page")
        # Let the source be polled at least twice more.
        wait_until(lambda: srv.hits.get("/feeds/main.xml", 0) >= 3 and
                   srv.hits.get("/about.txt", 0) >= 3, 20, "more polls")
        time.sleep(0.5)
        assert len(d.delivered()) == 4, d.delivered()
        for n in names:
            assert srv.hits["/stories/%s.txt" % n] == 1, (n, srv.hits)
        later = [h for p, h in srv.requests if p == "/feeds/main.xml"][1:]
        assert later and all(h.get("If-None-Match") == '"feed-1"' for h in later), later
        later = [h for p, h in srv.requests if p == "/about.txt"][1:]
        assert later and all(h.get("If-None-Match") == '"about-1"' for h in later), later

        # A new item appears: only it is fetched.
        srv.route("/stories/harbour.txt", {"body": article("the harbour"), "content_type": TEXT})
        srv.route("/feeds/main.xml", {"body": rss(srv, names + ["harbour"]), "etag": '"feed-2"',
                                       "content_type": "application/rss+xml"})
        wait_until(lambda: len(d.delivered()) == 5, 20, "the new item")
        time.sleep(1.5)
        assert len(d.delivered()) == 5
        assert srv.hits["/stories/harbour.txt"] == 1
        for n in names:
            assert srv.hits["/stories/%s.txt" % n] == 1, (n, srv.hits)
        wait_until(lambda: os.path.exists(d.metrics) and
                   'pith_fetches_total{result="unchanged"}' in open(d.metrics).read(), 10,
                   "unchanged fetches in metrics")
        assert d.stop() == 0, d.log_text()[-2000:]
    finally:
        d.cleanup()
        srv.stop()


def test_long_feed_taken_over_several_polls():
    """A feed with more new items than one poll takes (feed_items_per_poll,
    10,000 by default): the first ones now, the rest on the next polls, each
    item once, and the feed is fetched unconditionally until none are left."""
    srv = HTTPServer().start()
    names = ["item%d" % i for i in range(7)]
    srv.route("/feeds/long.xml", {"body": rss(srv, names), "etag": '"long-1"',
                                   "content_type": "application/rss+xml"})
    for n in names:
        srv.route("/stories/%s.txt" % n, {"body": article(n), "content_type": TEXT})
    extra = FETCH + "feed_items_per_poll = 3\n[source long]\nfeed = %s\ninterval = 1s\n" % (
        srv.url("/feeds/long.xml"))
    d = Daemon(extra=extra)
    try:
        d.start(env=NOPROXY)
        wait_until(lambda: len(d.delivered()) == 7, 30, "all seven items")
        assert "4 more new items left for the next polls" in d.log_text(), d.log_text()[-2000:]
        assert "1 more new items left for the next polls" in d.log_text(), d.log_text()[-2000:]
        wait_until(lambda: srv.hits.get("/feeds/long.xml", 0) >= 5, 20, "more polls")
        time.sleep(0.5)
        assert len(d.delivered()) == 7
        for n in names:
            assert srv.hits["/stories/%s.txt" % n] == 1, (n, srv.hits)
        feeds = [h for p, h in srv.requests if p == "/feeds/long.xml"]
        # Polls 1-3 take 3, 3 and 1 items: none of them may be a 304.
        assert all("If-None-Match" not in h for h in feeds[:3]), feeds
        assert feeds[3].get("If-None-Match") == '"long-1"', feeds
        # The items went in feed order: 0-2, then 3-5, then 6.
        order = [p for p, h in srv.requests if p.startswith("/stories/")]
        assert set(order[:3]) == {"/stories/item%d.txt" % i for i in range(3)}, order
        assert order[6] == "/stories/item6.txt", order
        assert d.stop() == 0, d.log_text()[-2000:]
    finally:
        d.cleanup()
        srv.stop()


def test_stop_while_fetching_keeps_url_file():
    srv = HTTPServer().start()
    srv.route("/slow.txt", {"hang": 20})
    d = Daemon(extra=FETCH)
    try:
        d.start(env=NOPROXY)
        drop_atomic(d.drop, "slow.url", (srv.url("/slow.txt") + "\n").encode())
        wait_until(lambda: srv.hits.get("/slow.txt", 0) >= 1, 10, "the fetch to start")
        assert d.stop() == 0, d.log_text()[-2000:]
        assert d.inputs_left() == ["slow.url"], d.inputs_left()
        assert d.failed() == []
    finally:
        d.cleanup()
        srv.stop()


def test_many_urls():
    """A small version of bench/fetch.py: 300 URLs in one file, all delivered,
    never more than per_host requests at once."""
    srv = HTTPServer()

    def fallback(path):
        if not path.startswith("/many/"):
            return None
        return {"body": article("item %s" % path[6:]), "content_type": TEXT}

    srv.fallback = fallback
    srv.start()
    d = Daemon(extra="\n[fetch]\ndelay = 0\nper_host = 4\n" + ALLOW)
    try:
        d.start(env=NOPROXY)
        n = 300
        listing = "".join(srv.url("/many/%d" % i) + "\n" for i in range(n))
        drop_atomic(d.drop, "many.url", listing.encode())
        wait_until(lambda: not d.inputs_left(), 60, "many.url to be settled")
        assert len(d.delivered()) == n, len(d.delivered())
        assert d.failed() == [], d.failed()
        assert sum(srv.hits.values()) == n
        assert max(srv.max_active.values()) <= 4, srv.max_active
        assert d.stop() == 0, d.log_text()[-2000:]
    finally:
        d.cleanup()
        srv.stop()


def test_reload_changes_sources_and_settings():
    srv = HTTPServer().start()
    srv.route("/a.txt", {"body": article("the first source"), "content_type": TEXT})
    srv.route("/b.txt", {"body": article("the second source"), "content_type": TEXT})
    extra = FETCH + "user_agent = first-agent/1\n[source one]\nurl = %s\ninterval = 1h\n"
    d = Daemon(extra=extra % srv.url("/a.txt"))
    try:
        d.start(env=NOPROXY)
        wait_until(lambda: len(d.delivered()) == 1, 20, "the first source")
        d.write_config(FETCH + "user_agent = second-agent/2\n[source two]\nurl = %s\n"
                       "interval = 1h\n" % srv.url("/b.txt"))
        d.signal(signal.SIGHUP)
        wait_until(lambda: len(d.delivered()) == 2, 20, "the second source after SIGHUP")
        agents = {p: h.get("User-Agent") for p, h in srv.requests}
        assert agents == {"/a.txt": "first-agent/1", "/b.txt": "second-agent/2"}, agents
        assert srv.hits["/a.txt"] == 1
        assert d.stop() == 0, d.log_text()[-2000:]
    finally:
        d.cleanup()
        srv.stop()


if __name__ == "__main__":
    run_tests([test_url_file, test_url_file_failed_page_counts_once,
               test_feed_source_delivers_items_once,
               test_long_feed_taken_over_several_polls,
               test_stop_while_fetching_keeps_url_file, test_many_urls,
               test_reload_changes_sources_and_settings])
