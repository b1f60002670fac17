"""Crash safety: kill -9 in the middle of a backlog, then restart. Every
input is delivered exactly once or quarantined; nothing partial in new/.
And SIGTERM mid-backlog: documents already staged are committed before the
daemon exits, none is left half-done in the spool's tmp/."""
import os
import shutil
import time

from daemon_harness import Daemon, dumps, expected_ids, run_tests, wait_until


def test_kill9_mid_backlog():
    files = dumps()
    # ~186 inputs: every dump, plus a few copies under other names (the same
    # article twice must still be delivered once).
    inputs = [(f, os.path.basename(f)) for f in files]
    inputs += [(f, "copy-" + os.path.basename(f)) for f in files[:186 - len(files)]]
    ids = expected_ids(files)
    want = {ids[f] for f, _ in inputs if ids[f]}
    d = Daemon(workers=1)
    try:
        for f, name in inputs:
            shutil.copy(f, os.path.join(d.drop, name))
        old = time.time() - 60
        for n in os.listdir(d.drop):
            os.utime(os.path.join(d.drop, n), (old, old))
        d.start()
        wait_until(lambda: len(d.delivered()) >= 10, 30, "some deliveries")
        d.kill9()
        done_before = len(d.delivered())
        left = set(d.inputs_left())
        assert left, "backlog finished before the kill; nothing tested"
        # At the instant of the kill, every input that is gone from the drop
        # folder has its document in new/ (or was quarantined): nothing was
        # deleted on the strength of a document that was only staged.
        in_new = {n[:-4] for n in d.delivered()}
        quarantined = {n for n in d.failed() if not n.endswith(".error")}
        for f, name in inputs:
            if name not in left and name not in quarantined:
                assert ids[f] in in_new, "%s gone but %s not in new/" % (name, ids[f])
        d.start()
        wait_until(lambda: not d.inputs_left(), 60, "the rest of the backlog")
        got = d.delivered()
        assert len(got) >= done_before
        names = {n[:-4] for n in got}
        assert names == want, "missing %s extra %s" % (sorted(want - names)[:5],
                                                      sorted(names - want)[:5])
        for n in got:
            with open(os.path.join(d.new, n), encoding="utf-8") as f:
                text = f.read()
            assert text.startswith("---\nid: %s\n" % n[:-4]) and text.endswith("\n"), n
        failed = [n for n in d.failed() if not n.endswith(".error")]
        nfail = sum(1 for f, _ in inputs if not ids[f])
        assert len(failed) == nfail, (failed, nfail)
        # No temporary file is left visible to consumers.
        assert all(not n.startswith(".") for n in os.listdir(d.new))
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_sigterm_drains_staged():
    files = dumps()
    ids = expected_ids(files)
    d = Daemon(workers=2)
    try:
        for f in files:
            shutil.copy(f, os.path.join(d.drop, os.path.basename(f)))
        old = time.time() - 60
        for n in os.listdir(d.drop):
            os.utime(os.path.join(d.drop, n), (old, old))
        d.start()
        wait_until(lambda: len(d.delivered()) >= 5, 30, "some deliveries")
        assert d.stop() == 0
        left = set(d.inputs_left())
        assert left, "backlog finished before the stop; nothing tested"
        # What the daemon took on, it finished: every input that left has
        # its document in new/ (or was quarantined), and nothing staged was
        # abandoned in tmp/.
        in_new = {n[:-4] for n in d.delivered()}
        quarantined = {n for n in d.failed() if not n.endswith(".error")}
        for f in files:
            name = os.path.basename(f)
            if name not in left and name not in quarantined:
                assert ids[f] in in_new, "%s gone but %s not in new/" % (name, ids[f])
        assert os.listdir(os.path.join(d.root, "spool", "tmp")) == []
        assert "stopped:" in d.log_text()
        # The rest is done by the next run, without duplicates in new/.
        d.start()
        wait_until(lambda: not d.inputs_left(), 60, "the rest of the backlog")
        assert {n[:-4] for n in d.delivered()} == {i for i in ids.values() if i}
        assert d.stop() == 0
    finally:
        d.cleanup()


if __name__ == "__main__":
    run_tests([test_kill9_mid_backlog, test_sigterm_drains_staged])
