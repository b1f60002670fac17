"""SIGHUP: a broken configuration is reported and the old one stays; a good
one is applied (with RELOADING=1/READY=1 around it). The watchdog is fed when
WATCHDOG_USEC asks for it. A bad configuration at start exits 78. A corrupt
state database is set aside and the daemon starts; the other start errors
exit with a status the unit's RestartPreventExitStatus= lists exactly when a
restart cannot cure them."""
import glob
import os
import re
import signal
import sqlite3
import subprocess

from daemon_harness import BIN, Daemon, drop_atomic, dumps, run_tests, wait_until


def test_reload_bad_then_good():
    files = dumps(3)
    d = Daemon()
    try:
        d.start()
        good = open(d.conf).read()
        with open(d.conf, "w") as f:
            f.write(good + "\n[daemon\nworkers = lots\n")
        n = len(d.messages)
        d.signal(signal.SIGHUP)
        i = d.wait_message("RELOADING=1", 10, after=n)
        assert any(m.startswith("MONOTONIC_USEC=") for m in d.messages[i:i + 3]), d.messages[i:]
        d.wait_message("READY=1", 10, after=i)
        wait_until(lambda: "keeping the running configuration" in d.log_text(), 10, "log")
        assert "pith.conf:" in d.log_text()  # problems name file and line
        assert d.proc.poll() is None
        # Still working on the old configuration (inputs are deleted).
        drop_atomic(d.drop, "one.txt", open(files[0], "rb").read())
        wait_until(lambda: len(d.delivered()) == 1 and not d.inputs_left(), 20, "delivery")
        assert not os.path.exists(os.path.join(d.drop, ".done"))
        # A good configuration is applied: keep_input now moves inputs to .done/.
        d.write_config("keep_input = yes")
        n = len(d.messages)
        d.signal(signal.SIGHUP)
        i = d.wait_message("RELOADING=1", 10, after=n)
        d.wait_message("READY=1", 10, after=i)
        drop_atomic(d.drop, "two.txt", open(files[1], "rb").read())
        wait_until(lambda: os.path.exists(os.path.join(d.drop, ".done", "two.txt")), 20,
                   "input kept in .done/ after reload")
        assert len(d.delivered()) == 2
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_watchdog():
    d = Daemon()
    try:
        d.start(env={"WATCHDOG_USEC": "400000"})
        d.wait_message("WATCHDOG=1", 5)
        i = d.wait_message("WATCHDOG=1", 5)
        d.wait_message("WATCHDOG=1", 5, after=i + 1)
        assert d.stop() == 0
    finally:
        d.cleanup()


def test_bad_config_at_start():
    d = Daemon()
    try:
        with open(d.conf, "a") as f:
            f.write("[daemon]\nbogus = 1\n")
        r = subprocess.run([BIN, "daemon", "-c", d.conf], capture_output=True, timeout=20)
        assert r.returncode == 78, r
        assert b"unknown key 'bogus'" in r.stderr, r.stderr
        os.rmdir(d.drop)
        d.write_config()
        r = subprocess.run([BIN, "daemon", "-c", d.conf], capture_output=True, timeout=20)
        assert r.returncode == 78 and b"no such folder" in r.stderr, r
    finally:
        d.cleanup()


def test_corrupt_state_set_aside():
    """Before: exit 73 at every start, and systemd restarting it every 2 s
    forever. Now: the file is moved aside with a loud line and work goes on."""
    files = dumps(1)
    d = Daemon()
    try:
        db = os.path.join(d.root, "state", "pith.db")
        with open(db, "wb") as f:
            f.write(b"not a database, truncated by a bad disk\n" * 200)
        d.start()
        log = d.log_text()
        assert "moved it aside" in log, log
        kept = glob.glob(db + ".corrupt-*")
        assert len(kept) == 1 and open(kept[0], "rb").read().startswith(b"not a database"), kept
        drop_atomic(d.drop, "a.txt", open(files[0], "rb").read())
        wait_until(lambda: len(d.delivered()) == 1 and not d.inputs_left(), 20, "a delivery")
        assert d.stop() == 0
        # The new file is a good one: the next start says nothing about it.
        n = len(d.messages)
        d.start(wait_ready=False)
        d.wait_message("READY=1", 20, after=n)
        assert d.log_text().count("moved it aside") == 1
        assert d.stop() == 0
    finally:
        d.cleanup()


def unit_prevented():
    unit = open(os.path.join(os.environ.get("PITH_SOURCE_DIR", "."), "systemd",
                             "pith.service")).read()
    m = re.search(r"^RestartPreventExitStatus=(.*)$", unit, re.M)
    assert m, "no RestartPreventExitStatus= in the unit"
    return {int(x) for x in m.group(1).split() if x.isdigit()}


def test_exit_status_per_error():
    prevented = unit_prevented()
    assert 78 in prevented  # bad configuration
    d = Daemon()
    try:
        db = os.path.join(d.root, "state", "pith.db")
        # A state file that cannot be opened at all (here: a folder in its
        # place; in life permissions or a read-only disk): the operator must
        # act, a restart would fail the same way.
        os.mkdir(db)
        r = subprocess.run([BIN, "daemon", "-c", d.conf], capture_output=True, timeout=30)
        assert r.returncode == 73 and r.returncode in prevented, (r.returncode, r.stderr)
        os.rmdir(db)
        # A state file locked by another process may be released: exit 75,
        # which systemd restarts.
        other = sqlite3.connect(db, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            r = subprocess.run([BIN, "daemon", "-c", d.conf], capture_output=True, timeout=30)
        finally:
            other.close()
        assert r.returncode == 75 and r.returncode not in prevented, (r.returncode, r.stderr)
        assert b"locked" in r.stderr, r.stderr
    finally:
        d.cleanup()


if __name__ == "__main__":
    run_tests([test_reload_bad_then_good, test_watchdog, test_bad_config_at_start,
               test_corrupt_state_set_aside, test_exit_status_per_error])
