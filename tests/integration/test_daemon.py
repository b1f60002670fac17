"""pith daemon end to end: READY=1, a backlog plus live drops all delivered
once, a file written in two halves cleaned only whole, bad inputs
quarantined with reasons, odd file names, metrics, and a clean SIGTERM."""
import os
import shutil
import signal
import time

from daemon_harness import (Daemon, drop_atomic, dumps, expected_id, expected_ids, run_tests,
                            wait_until)


def test_backlog_and_live():
    files = dumps(120)
    backlog, live = files[:60], files[60:120]
    want = {}
    ids = expected_ids(files)
    for f in files:
        i = ids[f]
        if i:
            want.setdefault(i, []).append(os.path.basename(f))
    d = Daemon()
    try:
        for f in backlog:
            shutil.copy(f, d.drop)
        old = time.time() - 60
        for n in os.listdir(d.drop):
            os.utime(os.path.join(d.drop, n), (old, old))
        d.start()
        for f in live:
            with open(f, "rb") as src:
                drop_atomic(d.drop, os.path.basename(f), src.read())
        wait_until(lambda: not d.inputs_left() and len(d.delivered()) >= len(want), 40,
                   "all 120 inputs to be processed")
        got = {n.rsplit(".", 1)[0] for n in d.delivered()}
        assert got == set(want), "delivered ids differ from `pith clean` ids: missing %s extra %s" % (
            sorted(set(want) - got)[:5], sorted(got - set(want))[:5])
        # Every document is complete: front matter with its own id, a body.
        for n in d.delivered():
            with open(os.path.join(d.new, n), encoding="utf-8") as f:
                text = f.read()
            assert text.startswith("---\nid: " + n[:-4] + "\n"), n
            assert text.endswith("\n") and "\n---\n\n" in text, n
        # Inputs that could not be cleaned are in .failed/ with a reason.
        nfail = len(files) - sum(len(v) for v in want.values())
        failed = [n for n in d.failed() if not n.endswith(".error")]
        assert len(failed) == nfail, (failed, nfail)
        # Nothing is left in tmp/.
        assert os.listdir(os.path.join(d.root, "spool", "tmp")) == []
        # Metrics: the textfile is well formed and counts the results.
        wait_until(lambda: os.path.exists(d.metrics) and
                   'result="ok"} %d' % len(want) in open(d.metrics).read(), 10, "metrics")
        m = open(d.metrics).read()
        assert "# TYPE pith_documents_total counter" in m
        assert "pith_processing_seconds_bucket{le=\"+Inf\"}" in m
        assert "pith_rescans_total" in m
        d.wait_message("STATUS=%d delivered" % len(want), 10)
        i = len(d.messages)
        assert d.stop() == 0, d.log_text()[-2000:]
        d.wait_message("STOPPING=1", 5, after=0)
    finally:
        d.cleanup()


def test_half_written_and_bad_inputs():
    files = dumps(3)
    d = Daemon()
    try:
        d.start()
        whole = open(files[0], "rb").read()
        # Written in place in two halves a second apart: only the whole counts.
        path = os.path.join(d.drop, "slow.txt")
        with open(path, "wb") as f:
            f.write(whole[: len(whole) // 2])
            f.flush()
            time.sleep(1.2)
            f.write(whole[len(whole) // 2:])
        want = expected_id(files[0])
        assert want
        # Bad inputs.
        drop_atomic(d.drop, "empty.txt", b"")
        drop_atomic(d.drop, "binary.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
        # Odd names are just bytes.
        odd = [b"with space.txt", b"new\nline.txt", b"bad\xff\xfeutf8.txt"]
        for k, name in enumerate(odd):
            drop_atomic(d.drop.encode(), name, open(files[1 + k % 2], "rb").read())
        # Ignored names are never touched.
        for name in ("partial.part", "editor~", ".hidden", "x.tmp"):
            with open(os.path.join(d.drop, name), "wb") as f:
                f.write(whole)
        os.mkdir(os.path.join(d.drop, "sub"))
        shutil.copy(files[2], os.path.join(d.drop, "sub", "inside.txt"))
        wait_until(lambda: len(d.failed()) >= 4 and not [
            n for n in d.inputs_left() if n not in ("partial.part", "editor~", "x.tmp", "sub")],
            30, "inputs to be processed")
        assert want + ".txt" in d.delivered()
        assert len(d.delivered()) == 3, d.delivered()  # slow + 3 odd names of 2 pages
        for name in ("empty.txt", "binary.bin"):
            assert name in d.failed(), d.failed()
            assert d.note(name).strip(), name
        assert "empty" in d.note("empty.txt")
        assert "binary" in d.note("binary.bin")
        for name in ("partial.part", "editor~", ".hidden", "x.tmp"):
            assert os.path.exists(os.path.join(d.drop, name)), name
        assert os.path.exists(os.path.join(d.drop, "sub", "inside.txt"))
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_symlink_and_fifo():
    files = dumps(1)
    d = Daemon()
    try:
        d.start()
        target = os.path.join(d.root, "secret.txt")
        shutil.copy(files[0], target)
        os.symlink(target, os.path.join(d.drop, "link.txt"))
        os.mkfifo(os.path.join(d.drop, "pipe.txt"))
        d.signal(signal.SIGHUP)  # a reload rescans: the scan finds them
        wait_until(lambda: {"link.txt", "pipe.txt"} <= set(d.failed()), 20, "quarantine")
        assert os.path.exists(target)  # the link's target was not touched
        assert d.delivered() == []
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_symlink_fifo_socket_on_arrival():
    """Things that are not regular files never send IN_CLOSE_WRITE: they are
    quarantined on their IN_CREATE, not at the next rescan (60 s here)."""
    import socket
    files = dumps(1)
    d = Daemon()
    try:
        d.start()
        target = os.path.join(d.root, "secret.txt")
        shutil.copy(files[0], target)
        os.symlink(target, os.path.join(d.drop, "link.txt"))
        os.mkfifo(os.path.join(d.drop, "pipe.txt"))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(os.path.join(d.drop, "sock.txt"))
        try:
            wait_until(lambda: {"link.txt", "pipe.txt", "sock.txt"} <= set(d.failed()), 10,
                       "quarantine without a rescan")
        finally:
            sock.close()
        for name in ("link.txt", "pipe.txt", "sock.txt"):
            assert d.note(name), name
        assert os.path.exists(target)
        assert d.delivered() == []
        assert d.stop() == 0
        assert "stopped: 0 delivered, 0 duplicates, 3 failed" in d.log_text(), d.log_text()
    finally:
        d.cleanup()


def test_link_and_move_on_arrival():
    """A file hard-linked or moved into the drop folder sends no
    IN_CLOSE_WRITE there; it is still taken at once, not at the next rescan
    (60 s here): a link whose other name stays, one whose other name is
    removed at once (the maildir way: taken once it has settled, as nothing
    tells it from a file still being written), and a rename from outside."""
    files = dumps(3)
    ids = expected_ids(files)
    assert all(ids.values()), ids
    d = Daemon()
    try:
        d.start()
        outside = [os.path.join(d.root, "out%d.txt" % i) for i in range(3)]
        for f, o in zip(files, outside):
            shutil.copy(f, o)
        os.link(outside[0], os.path.join(d.drop, "linked.txt"))
        # Stopped, the daemon sees the maildir link only once its first
        # name is gone: one name, written just now, like a file being written.
        d.signal(signal.SIGSTOP)
        try:
            os.link(outside[1], os.path.join(d.drop, "maildir.txt"))
            os.unlink(outside[1])
        finally:
            d.signal(signal.SIGCONT)
        os.rename(outside[2], os.path.join(d.drop, "moved.txt"))
        want = {ids[f] + ".txt" for f in files}
        wait_until(lambda: set(d.delivered()) == want and not d.inputs_left(), 20,
                   "the linked and moved files before the rescan")
        assert os.path.exists(outside[0])  # only the drop folder's name went
        assert d.failed() == [], d.failed()
        assert d.stop() == 0
        assert "stopped: 3 delivered, 0 duplicates, 0 failed" in d.log_text(), d.log_text()
    finally:
        d.cleanup()


def long_name(n, tail):
    """A file name of exactly n bytes (UTF-8, two-byte letters) ending in tail."""
    body = "ж" * ((n - len(tail)) // 2) + "x" * ((n - len(tail)) % 2) + tail
    assert len(body.encode()) == n
    return body


def drop_renamed(drop, name, data):
    """drop_atomic with a short temporary name (a long name has no room for
    the usual .name.tmp)."""
    tmp = os.path.join(drop, ".long.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, os.path.join(drop, name))


def test_long_names():
    """Inputs whose names come near NAME_MAX (255 bytes) still go to .failed/
    with their .error note, or to .done/, even when their name is taken there
    (the name is shortened with a hash), and are not cleaned again."""
    files = dumps(2)
    d = Daemon(extra="keep_input = yes")
    try:
        failed_dir = os.path.join(d.drop, ".failed")
        done_dir = os.path.join(d.drop, ".done")
        os.mkdir(failed_dir)
        os.mkdir(done_dir)
        bad = [long_name(n, ".txt") for n in (245, 249, 250, 251, 254, 255)]
        # The slots of some are taken by earlier failures.
        for name in bad[3:]:
            open(os.path.join(failed_dir, name), "wb").close()
        good = long_name(253, ".txt")
        open(os.path.join(done_dir, good), "wb").close()
        d.start()
        for name in bad:
            drop_renamed(d.drop, name, b"")
        drop_renamed(d.drop, good, open(files[0], "rb").read())
        wait_until(lambda: not d.inputs_left(), 20, "every long name settled")
        # Each input leaves the folder before its note is written.
        notes = wait_until(lambda: [n for n in os.listdir(failed_dir) if n.endswith(".error")]
                           if len([n for n in os.listdir(failed_dir) if n.endswith(".error")])
                           == len(bad) else None, 20, "a note for every long name")
        for n in notes:
            assert "empty" in d.note(n[:-len(".error")]), n
            assert os.path.exists(os.path.join(failed_dir, n[:-len(".error")])), n
        assert len(os.listdir(done_dir)) == 2, os.listdir(done_dir)
        assert len(d.delivered()) == 1
        # A rescan finds nothing left to clean again.
        d.signal(signal.SIGHUP)
        d.wait_message("READY=1", 10, after=d.wait_message("RELOADING=1", 10))
        time.sleep(1)
        log = d.log_text()
        assert log.count("failed ") == len(bad), log[-3000:]
        assert d.stop() == 0
        assert "stopped: 1 delivered, 0 duplicates, %d failed" % len(bad) in d.log_text()
    finally:
        d.cleanup()


def test_keep_input_and_duplicates():
    files = dumps(2)
    d = Daemon(extra="keep_input = yes")
    try:
        d.start()
        data = open(files[0], "rb").read()
        drop_atomic(d.drop, "a.txt", data)
        wait_until(lambda: len(d.delivered()) == 1 and not d.inputs_left(), 20, "first")
        # The consumer takes the document away; the same article again is a
        # duplicate by the state store, not delivered twice.
        for n in d.delivered():
            os.unlink(os.path.join(d.new, n))
        drop_atomic(d.drop, "again.txt", data)
        wait_until(lambda: "again.txt" in os.listdir(os.path.join(d.drop, ".done")), 20, "dup")
        assert d.delivered() == []
        assert sorted(os.listdir(os.path.join(d.drop, ".done"))) == ["a.txt", "again.txt"]
        wait_until(lambda: 'result="duplicate"} 1' in open(d.metrics).read(), 10, "dup metric")
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_markdown_format():
    # format = markdown delivers new/<id>.md with the text's front matter and
    # id; links = yes writes the article's links with absolute addresses.
    page = ("<html><head><link rel=canonical href='https://example.com/d/p.html'></head>"
            "<body><article><h1>Budget</h1><p>The city council voted on <a href='/b.html'>the "
            "new budget</a>, which raises spending by almost a tenth, said the mayor.</p>"
            "<h2>What changes</h2><ol><li>Fares fall by a fifth</li><li>Parks open later</li>"
            "</ol><p>The mayor said the city could not wait any longer, and promised work "
            "before the end of the summer.</p></article></body></html>").encode()
    d = Daemon(extra="format = markdown\nlinks = yes")
    try:
        d.start()
        drop_atomic(d.drop, "p.html", page)
        wait_until(lambda: len(d.delivered()) == 1 and not d.inputs_left(), 20, "markdown")
        name = d.delivered()[0]
        assert name.endswith(".md"), name
        doc = open(os.path.join(d.new, name), encoding="utf-8").read()
        assert doc.startswith("---\nid: " + name[:-3] + "\n"), doc[:80]
        assert "\n## What changes\n\n1. Fares fall by a fifth\n2. Parks open later\n" in doc
        assert "[the new budget](https://example.com/b.html)" in doc, doc
        assert d.stop() == 0
    finally:
        d.cleanup()


if __name__ == "__main__":
    run_tests([test_backlog_and_live, test_half_written_and_bad_inputs, test_symlink_and_fifo,
               test_symlink_fifo_socket_on_arrival, test_link_and_move_on_arrival,
               test_long_names,
               test_keep_input_and_duplicates, test_markdown_format])
