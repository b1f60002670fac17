"""Scale-out on Redis Streams (SPEC §10) against a real redis-server started
on a free port by the test: several daemons share one input stream through a
consumer group; every good input ends up exactly once where `deliver` says,
every bad one in the dead stream with a reason, and nothing stays pending —
through a SIGKILL, a Redis restart, a SIGTERM and a reload."""
import glob
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import BIN, SHARED, Daemon, drop_atomic, expected_ids, run_tests, wait_until  # noqa: E402
from redis_harness import RedisServer  # noqa: E402
import shared_data  # noqa: E402  (on the path through daemon_harness)

BAD = [  # (fields, what the reason must mention)
    ({"foo": "bar"}, "unknown field"),
    ({"name": "x.html"}, "neither url nor body"),
    ({"url": "ftp://example.com/a"}, "http"),
    ({"body": "<p>x</p>", "type": "pdf"}, "type"),
    ({"body": "a", "body2": "b"}, "unknown field"),
]


def corpus(n):
    """n files (pages and dumps) with the ids `pith clean` gives them; files
    that cannot be cleaned are left out. Distinct ids only."""
    sh = os.path.join(SHARED, "bench", "scrapinghub")
    groups = [sorted(glob.glob(os.path.join(sh, "html", "*.html"))),
              sorted(glob.glob(os.path.join(sh, "dumps", "*.txt"))),
              sorted(glob.glob(os.path.join(SHARED, "bench", "trafeval", "html", "*.html")))]
    if not (shared_data.have(groups[0], "bench/scrapinghub/html")
            and shared_data.have(groups[1], "bench/scrapinghub/dumps")):
        sys.exit(0)
    files, seen = [], set()
    for g in groups:
        ids = expected_ids(g[:n])  # per group: the same stem may be in two groups
        for p in g[:n]:
            if ids[p] and ids[p] not in seen and len(files) < n:
                seen.add(ids[p])
                files.append((p, ids[p]))
    return files


def redis_conf(r, deliver="redis", extra=""):
    return ("deliver = %s\nformat = json\n[redis]\nurl = %s\ninput_stream = pith:in\n"
            "output_stream = pith:docs\ngroup = pith\ndead_stream = pith:dead\n%s\n"
            % (deliver, r.url(), extra))


def push(d, paths, stream=None):
    args = [BIN, "push", "-c", d.conf] + (["--stream", stream] if stream else []) + list(paths)
    p = subprocess.run(args, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode().split()


def output_ids(c, stream="pith:docs"):
    out = []
    for _, f in c.entries(stream):
        doc = json.loads(f["doc"])
        assert doc["id"] == f["id"].decode(), "id field and document disagree"
        out.append(f["id"].decode())
    return out


def spool_ids(d):
    return [n.rsplit(".", 1)[0] for n in d.delivered()]


def metric(d, line_prefix):
    try:
        with open(d.metrics) as f:
            for line in f:
                if line.startswith(line_prefix):
                    return float(line.split()[-1])
    except FileNotFoundError:
        pass
    return None


def test_two_daemons_one_killed():
    """500 inputs shared by two daemons, one SIGKILLed mid-run and started
    again: every good input once in the output stream, every bad entry in
    the dead stream with a reason, nothing pending."""
    r = RedisServer()
    files = corpus(500 - len(BAD))
    want = {i for _, i in files}
    a = Daemon(workers=1)
    b = Daemon(workers=1)
    try:
        extra = "claim_after = 2s\nmax_deliveries = 5\nconsumer = %s\n"
        a.write_config(redis_conf(r, extra=extra % "a"), workers=1)
        b.write_config(redis_conf(r, extra=extra % "b"), workers=1)
        c = r.client()
        half = len(files) // 2
        push(a, [p for p, _ in files[:half]])
        for fields, _ in BAD:
            args = ["XADD", "pith:in", "*"]
            for k, v in fields.items():
                args += [k, v]
            c.call(*args)
        push(a, [p for p, _ in files[half:]])
        a.start()
        b.start()
        wait_until(lambda: c.call("XLEN", "pith:docs") >= len(files) // 4, 120, "a quarter done")
        a.kill9()
        time.sleep(0.3)
        a.start()
        wait_until(lambda: c.call("XLEN", "pith:docs") >= len(files) and
                   c.call("XLEN", "pith:dead") >= len(BAD) and
                   c.pending("pith:in", "pith") == 0, 240,
                   "every input settled (docs %s, dead %s, pending %s)" % (
                       c.call("XLEN", "pith:docs"), c.call("XLEN", "pith:dead"),
                       c.pending("pith:in", "pith")))
        time.sleep(2.5)  # a claim after claim_after would show a duplicate now
        got = output_ids(c)
        assert len(got) == len(set(got)), "%d documents twice" % (len(got) - len(set(got)))
        assert set(got) == want, "missing %d, unexpected %d" % (len(want - set(got)),
                                                                len(set(got) - want))
        dead = c.entries("pith:dead")
        assert len(dead) == len(BAD), dead
        reasons = sorted(f["reason"].decode() for _, f in dead)
        for _, why in BAD:
            assert any(why in x for x in reasons), (why, reasons)
        assert c.pending("pith:in", "pith") == 0
        for d in (a, b):
            assert d.stop() == 0
        acked = sum(metric(d, 'pith_redis_entries_total{result="acked"}') or 0 for d in (a, b))
        assert acked > 0 and metric(b, "pith_redis_pending") is not None
        assert "entry" in dict(dead[0][1]) and "stream" in dict(dead[0][1])
    finally:
        a.cleanup()
        b.cleanup()
        r.cleanup()


def test_redis_restarted_mid_run():
    """Redis goes away and comes back (append-only file kept): the daemon
    keeps delivering drop files into the spool meanwhile, logs the loss once,
    reconnects and finishes every entry exactly once."""
    r = RedisServer(persist=True)
    files = corpus(120)
    d = Daemon(workers=1)
    try:
        d.write_config(redis_conf(r, deliver="spool"), workers=1)
        c = r.client()
        push(d, [p for p, _ in files[:100]])
        d.start()
        wait_until(lambda: len(d.delivered()) >= 20, 120, "some delivered")
        c.close()
        r.stop()
        # The drop folder does not depend on Redis.
        with open(files[100][0], "rb") as f:
            drop_atomic(d.drop, os.path.basename(files[100][0]), f.read())
        wait_until(lambda: files[100][1] in spool_ids(d), 60, "drop file delivered without Redis")
        time.sleep(1.5)  # a few reconnect attempts
        r.start()
        c = r.client()
        push(d, [p for p, _ in files[101:]])
        want = {i for _, i in files}
        wait_until(lambda: set(spool_ids(d)) >= want and c.pending("pith:in", "pith") == 0,
                   180, "every input delivered after the restart")
        got = spool_ids(d)
        assert len(got) == len(set(got)) and set(got) == want
        log = d.log_text()
        assert log.count("retrying with backoff") == 1, log[-2000:]
        assert "connected again" in log
        assert d.stop() == 0
        assert (metric(d, "pith_redis_reconnects_total") or 0) >= 1
    finally:
        d.cleanup()
        r.cleanup()


def test_failing_entry_dead_after_max_deliveries():
    """An entry that fails every time (an empty page) is tried max_deliveries
    times, then moved to the dead stream with its error; the group is left
    with nothing pending."""
    r = RedisServer()
    d = Daemon(workers=1)
    try:
        d.write_config(redis_conf(r, extra="claim_after = 300ms\nmax_deliveries = 3\n"),
                       workers=1)
        c = r.client()
        eid = c.call("XADD", "pith:in", "*", "body", "   \n", "name", "empty.txt").decode()
        d.start()
        wait_until(lambda: c.call("XLEN", "pith:dead") == 1, 60, "the entry dead-lettered")
        (_, f), = c.entries("pith:dead")
        assert f["entry"].decode() == eid
        assert f["deliveries"] == b"3", f
        assert b"white space" in f["reason"] and b"after 3 deliveries" in f["reason"], f
        assert f["name"] == b"empty.txt"
        assert d.log_text().count("failed (delivery") == 2
        wait_until(lambda: c.pending("pith:in", "pith") == 0, 10, "nothing pending")
        assert c.call("XLEN", "pith:docs") == 0
        assert d.stop() == 0
    finally:
        d.cleanup()
        r.cleanup()


def test_deliver_both():
    """deliver = both: stream entries and drop files end up in the spool and
    in the output stream, each once."""
    r = RedisServer()
    files = corpus(30)
    d = Daemon(workers=2)
    try:
        d.write_config(redis_conf(r, deliver="both"), workers=2)
        c = r.client()
        push(d, [p for p, _ in files[:20]])
        d.start()
        for p, _ in files[20:]:
            with open(p, "rb") as f:
                drop_atomic(d.drop, os.path.basename(p), f.read())
        want = {i for _, i in files}
        wait_until(lambda: set(spool_ids(d)) >= want and set(output_ids(c)) >= want and
                   c.pending("pith:in", "pith") == 0, 120, "everything in both places")
        assert d.inputs_left() == []
        # The same content again, as an entry and as a file: no second copy.
        push(d, [files[0][0]])
        with open(files[1][0], "rb") as f:
            drop_atomic(d.drop, "again-" + os.path.basename(files[1][0]), f.read())
        wait_until(lambda: c.pending("pith:in", "pith") == 0 and d.inputs_left() == [], 60,
                   "repeats settled")
        time.sleep(0.5)
        got = output_ids(c)
        assert sorted(got) == sorted(want), "output stream: %d docs" % len(got)
        assert sorted(spool_ids(d)) == sorted(want)
        assert d.stop() == 0
    finally:
        d.cleanup()
        r.cleanup()


def test_sigterm_acks_in_flight_and_reload():
    """SIGTERM: entries whose document went out are acknowledged before the
    exit (what stays pending has no document yet); a restart finishes the
    rest. SIGHUP switches to another input stream."""
    r = RedisServer()
    files = corpus(80)
    d = Daemon(workers=1)
    try:
        d.write_config(redis_conf(r), workers=1)
        c = r.client()
        eids = push(d, [p for p, _ in files[:60]])
        by_entry = dict(zip(eids, [i for _, i in files[:60]]))
        d.start()
        wait_until(lambda: c.call("XLEN", "pith:docs") >= 10, 60, "some delivered")
        assert d.stop() == 0
        out = set(output_ids(c))
        for row in c.call("XPENDING", "pith:in", "pith", "-", "+", "1000"):
            assert by_entry[row[0].decode()] not in out, "delivered but not acknowledged"
        d.start()
        wait_until(lambda: len(output_ids(c)) == 60 and c.pending("pith:in", "pith") == 0, 120,
                   "the rest after a restart")
        # Reload: a new input stream.
        d.write_config(redis_conf(r).replace("pith:in", "pith:in2"), workers=1)
        d.signal(signal.SIGHUP)
        wait_until(lambda: "reconnecting once" in d.log_text(), 20, "reload seen")
        push(d, [p for p, _ in files[60:]], stream="pith:in2")
        wait_until(lambda: len(output_ids(c)) == len(files) and
                   c.pending("pith:in2", "pith") == 0, 120, "the new stream read")
        got = output_ids(c)
        assert len(got) == len(set(got)) == len(files)
        assert d.stop() == 0
    finally:
        d.cleanup()
        r.cleanup()


def test_url_entries():
    """`url` entries are fetched (the [fetch] rules apply) and cleaned; a page
    that cannot be fetched is tried max_deliveries times, then dead with the
    fetch's reason; `pith push` sends http(s) arguments as `url`."""
    from httpserver import HTTPServer
    page = ("The regional council discussed the bridge on Tuesday after residents asked for "
            "changes to public transport, schools and the maintenance of roads.\n\n"
            "Officials said the plan would be reviewed again in the spring, when the first "
            "figures on tax revenue for the year are known and spending can be adjusted.\n")
    srv = HTTPServer().start()
    srv.route("/a.txt", {"body": page, "content_type": "text/plain; charset=utf-8"})
    srv.route("/gone.txt", {"status": 404})
    r = RedisServer()
    d = Daemon(workers=1)
    try:
        d.write_config(redis_conf(r, extra="claim_after = 300ms\nmax_deliveries = 2\n") +
                       "[fetch]\ndelay = 0\nretries = 0\ntimeout = 5s\nallow_hosts = 127.0.0.1\n",
                       workers=1)
        c = r.client()
        push(d, [srv.url("/a.txt"), srv.url("/gone.txt")])
        d.start(env={"NO_PROXY": "*", "no_proxy": "*"})
        wait_until(lambda: c.call("XLEN", "pith:docs") == 1 and c.call("XLEN", "pith:dead") == 1
                   and c.pending("pith:in", "pith") == 0, 60, "one document, one dead entry")
        (_, f), = c.entries("pith:docs")
        doc = json.loads(f["doc"])
        assert doc["url"] == srv.url("/a.txt") and "fetched" in doc, doc
        (_, f), = c.entries("pith:dead")
        assert f["url"].decode() == srv.url("/gone.txt") and b"404" in f["reason"], f
        assert srv.hits["/gone.txt"] == 2
        assert d.stop() == 0
    finally:
        d.cleanup()
        r.cleanup()
        srv.stop()


def test_redis_down_at_start_and_spool_default():
    """Redis not running at start: the daemon starts anyway and serves the
    drop folder; a configuration without [redis] never connects."""
    r = RedisServer()
    port_url = r.url()
    r.stop()
    files = corpus(3)
    d = Daemon(workers=1)
    e = Daemon(workers=1)
    try:
        d.write_config("[redis]\nurl = %s\ninput_stream = pith:in\n" % port_url, workers=1)
        d.start()
        with open(files[0][0], "rb") as f:
            drop_atomic(d.drop, "a.html", f.read())
        wait_until(lambda: files[0][1] in spool_ids(d), 60, "drop file delivered")
        wait_until(lambda: "Connection refused" in d.log_text(), 20, "the refusal logged")
        time.sleep(1.5)  # several attempts, one line
        assert d.log_text().count("retrying with backoff") == 1, d.log_text()
        e.start()
        with open(files[1][0], "rb") as f:
            drop_atomic(e.drop, "b.html", f.read())
        wait_until(lambda: files[1][1] in spool_ids(e), 60, "drop file delivered")
        assert "redis" not in e.log_text()
        assert d.stop() == 0 and e.stop() == 0
    finally:
        d.cleanup()
        e.cleanup()
        r.cleanup()


def test_ids_set_legacy_and_script_flush():
    """The set of delivered ids: a plain set left by an earlier version is
    taken over (its ids still refused, the key now a sorted set scored by
    the entries' times); after SCRIPT FLUSH a document is still appended
    (the script sent again as text)."""
    r = RedisServer()
    files = corpus(12)
    d = Daemon(workers=1)
    try:
        d.write_config(redis_conf(r), workers=1)
        c = r.client()
        c.call("SADD", "pith:docs:ids", files[0][1], "0000000000000000")
        push(d, [p for p, _ in files[:6]])
        d.start()
        want = {i for _, i in files[1:6]}
        wait_until(lambda: set(output_ids(c)) >= want and c.pending("pith:in", "pith") == 0, 60,
                   "first inputs settled")
        assert files[0][1] not in output_ids(c), "an id of the old set appended again"
        assert c.call("TYPE", "pith:docs:ids") == "zset"
        assert c.call("ZSCORE", "pith:docs:ids", "0000000000000000") is not None
        for eid, f in c.entries("pith:docs"):
            score = float(c.call("ZSCORE", "pith:docs:ids", f["id"]))
            assert score == int(eid.split("-")[0]), (eid, score)
        c.call("SCRIPT", "FLUSH")
        push(d, [p for p, _ in files[6:]])
        want |= {i for _, i in files[6:]}
        wait_until(lambda: set(output_ids(c)) >= want and c.pending("pith:in", "pith") == 0, 60,
                   "inputs after the flush settled")
        got = output_ids(c)
        assert sorted(got) == sorted(want), got
        assert c.call("ZCARD", "pith:docs:ids") == len(want) + 2
        stats = c.call("INFO", "commandstats")
        assert b"cmdstat_eval:" in stats, "the script was never sent as text"
        assert d.stop() == 0
    finally:
        d.cleanup()
        r.cleanup()


if __name__ == "__main__":
    run_tests([test_ids_set_legacy_and_script_flush, test_failing_entry_dead_after_max_deliveries, test_url_entries, test_deliver_both,
               test_redis_down_at_start_and_spool_default, test_sigterm_acks_in_flight_and_reload,
               test_redis_restarted_mid_run, test_two_daemons_one_killed])
